"""The example scenarios end to end (mkba.scenario.files); the evidence on the example studies."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from conftest import STUDIES

from mkba.evidence import study_evidence
from mkba.io import read_studies
from mkba.scenario import compare_files, run_scenario_files, write_comparison
from mkba.scenario.evidence import pooled_evidence

EXAMPLES = [f"scenarios/{n}.toml" for n in ("breed", "kwetsbaar", "zwaar")]


@pytest.fixture(scope="module")
def studies():
    return read_studies(STUDIES)


@pytest.fixture(scope="module")
def written(studies, tmp_path_factory):
    out = tmp_path_factory.mktemp("scenarios")
    return out, run_scenario_files(EXAMPLES, studies, out, draws=10_000, seed=0)


def test_writes_table_plots_and_workbook(written):
    out, paths = written
    assert [p.name for p in paths] == [
        "comparison.csv", "by_actor.csv", "by_year.csv",
        "net_by_actor.png", "net_by_actor.svg", "npv_distribution.png", "npv_distribution.svg",
        "probability_best.png", "probability_best.svg", "comparison.xlsx",
        "samenvatting-breed.html", "samenvatting-kwetsbaar.html", "samenvatting-zwaar.html"]
    assert all(p.parent == out and p.stat().st_size > 0 for p in paths)
    # no temporary files left; the marker makes the folder mkba's own
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".mkba-output"]
    data = (out / "comparison.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Dutch output: Dutch Excel's dialect
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["code", "Uitkomst", "eenheid", "breed", "kwetsbaar", "zwaar"]
    codes = [r[0] for r in rows[1:]]
    for code in ("pv_costs", "net_pv", "bcr", "net:gemeente", "budget_effect_year2",
                 "break_even", "p_benefits_exceed_costs", "p_municipality_gains", "p_best"):
        assert code in codes
    p_best = next(r for r in rows if r[0] == "p_best")
    assert sum(float(x.replace(",", ".")) for x in p_best[3:]) == pytest.approx(1.0)  # 0,35
    assert (out / "net_by_actor.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (out / "npv_distribution.svg").read_bytes()[:1000]


def test_workbook_starts_with_the_assumptions(written):
    out, _ = written
    wb = openpyxl.load_workbook(out / "comparison.xlsx")
    assert wb.sheetnames == ["Aannames", "Vergelijking", "Per actor", "Per jaar", "Bewijs"]
    first = wb["Aannames"]
    assert first["A1"].value == "Scenariovergelijking sociaal wijkteam: Oostervenne"
    assert "Illustratief" in first["A3"].value
    assert [c.value for c in first[5]][:4] == ["Aanname", "breed", "kwetsbaar", "zwaar"]
    labels = {first.cell(r, 1).value: r for r in range(6, first.max_row + 1)}
    row = labels["Kosten per fte per jaar"]
    assert [first.cell(row, c).value for c in (2, 3, 4)] == [80000, 80000, 85000]
    assert first.cell(row, 2).number_format.startswith('"€ "')
    assert first.cell(labels["Discontovoet"], 2).value == 0.0225
    assert first.cell(labels["Bewijs: selectie"], 4).value == \
        "target_breadth = zware_problematiek"
    table = wb["Vergelijking"]
    assert table["A1"].value == "Uitkomst" and table["C1"].value == "breed"
    assert table.cell(2, 1).value == "Bereikte huishoudens (volledige inzet)"


def test_outputs_are_deterministic(written, studies, tmp_path):
    out, paths = written
    again = compare_files(EXAMPLES, studies, draws=10_000, seed=0)
    second = write_comparison(again, tmp_path)
    for a, b in zip(paths, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_examples_contrast(studies):
    cmp = compare_files(EXAMPLES, studies, draws=2_000, seed=1)
    t = cmp.table
    # the broad team reaches the most households, the care coordination the fewest
    assert t.at["households_reached", "breed"] > t.at["households_reached", "kwetsbaar"] > \
        t.at["households_reached", "zwaar"] == 600
    assert t.at["evidence_k", "breed"] == 4 and t.at["evidence_k", "zwaar"] == 4
    assert cmp.illustrative


def test_scenario_evidence_follows_mkba_evidence(studies):
    # the per-study total benefits and their standard errors are those of mkba.evidence
    # (present values per household), divided by each study's annuity factor. Both sides apply
    # the same variance rules (mkba.evidence.study_se, fill_default), but the scenario side
    # sums the present values it feeds them from the appraisal's (kind, category, actor)
    # breakdown: this checks that it feeds them the same values.
    ev = study_evidence(studies, "benefits_per_household", price_year=2024, rate=0.0225)
    mine = pooled_evidence(studies, basis=ev.basis)
    t = mine.studies.set_index("study_id")
    ref = ev.table.set_index("study_id")
    assert list(t.index) == list(ref.index)
    assert (t["benefit"] * t["annuity"]).to_numpy() == pytest.approx(ref["effect"].to_numpy(),
                                                                       rel=1e-9)
    assert (t["se"] * t["annuity"]).to_numpy() == pytest.approx(ref["se"].to_numpy(), rel=1e-9)
    assert list(t["variance_source"]) == list(ref["variance_source"])
    # present-value-only studies keep their own rate; recomputed ones take the scenario's
    for sid, row in t.iterrows():
        assert row["rate_used"] == (0.0225 if row["recomputed"] else 0.055), sid


def test_readme_example_runs(studies, capsys, monkeypatch):
    # the Python block of scenarios/README.md, with the studies already read (to save time)
    text = open("scenarios/README.md", encoding="utf-8").read()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'read_studies("studies")' in code
    monkeypatch.setattr("mkba.io.read_studies", lambda *_: studies)
    exec(compile(code.replace("draws=10_000", "draws=1_000"), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("Scenarios for Oostervenne (euros of 2024 prices)")
    # every TOML field named in the README's table is one the reader knows
    from mkba.scenario._checks import SECTION_KEYS, TOP_KEYS
    known = set(TOP_KEYS) | {k for keys in SECTION_KEYS.values() for k in keys}
    fields = text.split("## The fields", 1)[1].split("## The method", 1)[0]
    for line in fields.splitlines():
        if line.startswith("| `"):
            for name in line.split("|")[1].replace("[", " ").replace("]", " ").split("`")[1::2]:
                for part in name.replace(",", " ").split():
                    assert part.strip("[]") in known, part
