"""``mkba register``, ``mkba report --register/--no-register`` and ``mkba validate`` on a register.

Expected ids, figures and addresses are read from the shipped register file with the csv module
(and the figures from the sources it names, see tests/test_register.py), not from mkba's code.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import STUDIES

from mkba.cli import main
from mkba.io.register import COLUMNS, shipped_register


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows() -> list[dict]:
    with shipped_register().open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _write(path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_register_prints_every_study_with_its_figures_kinds_status_and_source(capsys, lang):
    code, out, err = _run(capsys, "register", "--lang", lang)
    assert code == 0 and err == ""
    rows = _rows()
    blocks = {b.splitlines()[0]: b for b in out.strip().split("\n\n")[1:]}
    assert list(blocks) == list(dict.fromkeys(r["register_id"] for r in rows))
    for r in rows:
        block = blocks[r["register_id"]]
        assert r["municipality"] in block and r["source_url"] in block
        if r["year"]:
            assert r["year"] in block
    if lang == "nl":
        assert out.startswith("Register published_mkbas.csv: 22 studies, 11 kopcijfers\n")
        assert "  baten-kostenverhouding ≤ 2 (bovengrens) · gecontroleerd" in \
            blocks["amsterdam-west-2014-buurtpraktijkteam"]
        assert "  besparing per jaar € 1.800.000 (schatting, per jaar); perspectief: onbekend " \
               "· gecontroleerd" in blocks["denhaag-2011-casemanagement"]
        assert "  geen kopcijfer gevonden · niet gevonden" in \
            blocks["tilburg-2013-gezinsmanagement"]
        assert "  maatschappelijk rendement 4%–15% (bandbreedte) · afgeleid" in \
            blocks["rotterdam-2014-wijkteams"]
        assert "  bron: https://" in blocks["tilburg-2013-gezinsmanagement"]
    else:
        assert out.startswith("Register published_mkbas.csv: 22 studies, 11 headline figures\n")
        assert "  benefit-cost ratio ≥ 1.9 (lower bound) · verified" in \
            blocks["amsterdam-nieuw-west-2021-vonl"]
        assert "  no headline figure found · not found" in blocks["tilburg-2013-gezinsmanagement"]
        assert "  source: https://" in blocks["tilburg-2013-gezinsmanagement"]


def test_register_json_codes_and_numbers(capsys):
    code, out, _ = _run(capsys, "register", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["file"] == "published_mkbas.csv" and data["headlines"] == 11
    rows = _rows()
    assert [s["id"] for s in data["studies"]] == list(dict.fromkeys(r["register_id"]
                                                                     for r in rows))
    by_id = {s["id"]: s for s in data["studies"]}
    west = by_id["amsterdam-west-2014-buurtpraktijkteam"]
    assert (west["scope"], west["year"], west["bureau"], west["status"]) == (
        "team", 2014, "Ecorys", "verified")
    (h,) = west["headlines"]
    assert (h["measure"], h["value"], h["bound"], h["perspective"], h["period"]) == (
        "bcr", 2.0, "upper", "society", None)
    assert h["text"] == "baten-kostenverhouding ≤ 2 (bovengrens)"
    assert "bovengrens" in west["not_pooled"]
    tilburg = by_id["tilburg-2015-wijkteams"]["headlines"][0]
    assert tilburg["measure"] == "cost_reduction_pct" and tilburg["value"] == pytest.approx(0.3)
    rotterdam = by_id["rotterdam-2014-wijkteams"]["headlines"][0]
    assert (rotterdam["low"], rotterdam["high"], rotterdam["status"]) == (
        pytest.approx(0.04), pytest.approx(0.15), "inferred")
    assert by_id["leeuwarden-2012-frontlijnteam"]["headlines"] == []
    # the same structure in English; only the named texts follow --lang
    code, out, _ = _run(capsys, "register", "--json", "--lang", "en")
    english = json.loads(out)
    assert english["studies"][8]["headlines"][0]["text"] == "benefit-cost ratio ≤ 2 (upper bound)"
    assert english["studies"][8]["headlines"][0]["value"] == 2.0
    assert english["studies"][8]["id"] == "amsterdam-west-2014-buurtpraktijkteam"


def test_a_bad_register_lists_every_issue_and_exits_1(tmp_path, capsys):
    rows = _rows()
    lines = {r["register_id"]: i + 2 for i, r in enumerate(rows)}  # row 1 is the header
    for r in rows:
        if r["register_id"] == "amsterdam-west-2014-buurtpraktijkteam":
            r["bound"] = "hooguit"
        if r["register_id"] == "tilburg-2015-wijkteams":
            r["value"] = "dertig"
    bad = tmp_path / "register.csv"
    _write(bad, rows)
    code, out, err = _run(capsys, "register", "--register", str(bad))
    assert code == 1
    # bound is column O (the 15th), value column L (the 12th)
    west, tilburg = lines["amsterdam-west-2014-buurtpraktijkteam"], lines["tilburg-2015-wijkteams"]
    assert f"O{west}" in out and f"L{tilburg}" in out
    assert "kolom bound: onbekende waarde" in out and "kolom value: geen getal" in out
    assert "hooguit" in out and "dertig" in out and "Traceback" not in out + err
    code, out, _ = _run(capsys, "register", "--register", str(bad), "--lang", "en")
    assert code == 1 and "column bound: unknown value" in out and "column value: not a number" \
        in out
    code, out, _ = _run(capsys, "register", "--register", str(bad), "--json")
    assert code == 1
    issues = json.loads(out)["issues"]
    assert sorted(i["cell"] for i in issues) == sorted([f"O{west}", f"L{tilburg}"])
    # mkba validate tells the same
    code, out, _ = _run(capsys, "validate", str(bad))
    assert code == 1 and f"O{west}" in out and f"L{tilburg}" in out


def test_a_register_that_does_not_exist_is_a_usage_error(tmp_path, capsys):
    code, out, err = _run(capsys, "register", "--register", str(tmp_path / "nee.csv"))
    assert code == 2 and out == ""
    assert "bestaat niet; geef een register van gepubliceerde MKBA's (CSV" in err
    code, _, err = _run(capsys, "register", "--register", str(tmp_path / "nee.csv"), "--lang",
                        "en")
    assert code == 2 and "does not exist; give a register of published MKBAs (CSV" in err


def test_validate_lists_a_register(capsys):
    code, out, _ = _run(capsys, "validate", str(shipped_register()))
    assert code == 0
    assert out.startswith("ok  published_mkbas.csv: register met 22 studies en 11 kopcijfers\n")
    code, out, _ = _run(capsys, "validate", str(shipped_register()), "--lang", "en")
    assert out.startswith("ok  published_mkbas.csv: register of 22 studies and 11 headline "
                          "figures\n")


@pytest.fixture()
def three(tmp_path):
    folder = tmp_path / "studies"
    folder.mkdir()
    for name in ("brakelveen-2012", "bosvaart-2011", "eikenrode-2012"):
        shutil.copy(STUDIES / f"{name}.xlsx", folder)
    return folder


def test_report_with_a_register_of_its_own_and_without(three, tmp_path, capsys):
    rows = [r for r in _rows() if r["register_id"] in ("amsterdam-west-2014-buurtpraktijkteam",
                                                       "leeuwarden-2012-frontlijnteam")]
    register = tmp_path / "mijn-register.csv"
    _write(register, rows)
    out = tmp_path / "reports"
    code, stdout, _ = _run(capsys, "report", "--studies", str(three), "--out", str(out),
                           "--register", str(register), "--no-scenarios")
    assert code == 0
    assert "(3 studies, 2 gepubliceerde studies)" in stdout
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count('<tr id="published-') == 2
    assert "mijn-register.csv" in html and "baten-kostenverhouding ≤ 2 (bovengrens)" in html
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    # by year: 2012, then 2014
    assert [s["study_id"] for s in data["not_pooled"]] == [
        "leeuwarden-2012-frontlijnteam", "amsterdam-west-2014-buurtpraktijkteam"]
    assert data["pooled"]["summary"]["k"] == 3
    ratio = data["pooled"]["summary"]["estimate"]
    # without the register: no section, the same pooled ratio
    code, stdout, _ = _run(capsys, "report", "--studies", str(three), "--out", str(out),
                           "--no-register", "--no-scenarios", "--quiet")
    assert code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="published"' not in html and not (out / "figures" / "published.png").exists()
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["published"] == [] and data["not_pooled"] == []
    assert data["pooled"]["summary"]["estimate"] == ratio
    # both options: a usage error
    code, _, err = _run(capsys, "report", "--studies", str(three), "--out", str(out),
                        "--register", str(register), "--no-register")
    assert code == 2 and "niet toegestaan samen met" in err


def test_report_with_a_bad_register_writes_nothing(three, tmp_path, capsys):
    rows = _rows()[:3]
    rows[0]["source_url"] = "binnenlandsbestuur.nl"
    register = tmp_path / "register.csv"
    _write(register, rows)
    out = tmp_path / "reports"
    code, stdout, err = _run(capsys, "report", "--studies", str(three), "--out", str(out),
                             "--register", str(register), "--no-scenarios", "--quiet")
    assert code == 1 and not out.exists()
    assert "U2" in err and "kolom source_url: geen webadres" in err and "Traceback" not in err
