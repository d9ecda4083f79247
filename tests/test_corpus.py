"""The corpus of malformed workbooks: each gives its expected issue, at its cell, and
``mkba validate`` exits 1 on each without a traceback."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkba.io import check_files

HERE = Path(__file__).resolve().parent / "corpus"
FILES = HERE / "files"
with open(HERE / "expected.csv", encoding="utf-8", newline="") as _fh:
    CASES = list(csv.DictReader(_fh))


def _generator():
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_complete():
    assert len(CASES) >= 25
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in FILES.iterdir()}
    assert listed == on_disk  # no file without an expectation, no expectation without a file
    codes = {c["code"] for c in CASES}
    for code in ("missing_sheet", "missing_field", "unknown_label", "not_a_number",
                 "ambiguous_number", "negative_amount", "year_outside_horizon",
                 "price_year_unknown", "uncached_formula", "invalid_value", "duplicate_item",
                 "no_line_items", "empty_file", "not_xlsx", "xls_format", "password_protected",
                 "corrupt_file", "zip_bomb", "xml_bomb", "duplicate_study_id",
                 "sheet_too_large", "control_character"):
        assert code in codes


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_expected_issue_at_expected_cell(case):
    studies, report = check_files(FILES / case["file"])
    assert not report.ok
    found = [(i.code, i.sheet or "", i.cell or "") for i in report.issues]
    assert (case["code"], case["sheet"], case["cell"]) in found
    assert {i.code for i in report.issues} == {case["code"]}  # one thing broken, one kind
    assert all(i.render("en")["message"] for i in report.issues)
    if case["file"] == "duplicate_study_id":
        assert [s.file for s in studies] == ["a.xlsx"]
        assert [i.file for i in report.issues] == ["b.xlsx"]
        assert "a.xlsx" in report.issues[0].render()["message"]
        assert "a.xlsx" in report.issues[0].render("en")["message"]
    else:
        assert studies == [] and report.valid == ()
        assert {i.file for i in report.issues} == {case["file"]}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_dutch_and_english_both_say_where(case):
    """In either language the issue names the file and, where the case has them, the sheet and
    the cell; its message is translated (not the same text twice), and found/expected are
    shown in both or in neither."""
    _, report = check_files(FILES / case["file"])
    issue = next(i for i in report.issues if (i.code, i.sheet or "", i.cell or "")
                 == (case["code"], case["sheet"], case["cell"]))
    where = "!".join(p for p in (issue.file, case["sheet"], case["cell"]) if p)
    nl, en = issue.render(), issue.render("en")
    for lang in ("nl", "en"):
        assert issue.format(lang).startswith(f"{where}: [{case['code']}] ")
    assert nl["message"] and en["message"] and nl["message"] != en["message"]
    assert (nl["found"] is None) == (en["found"] is None)
    assert (nl["expected"] is None) == (en["expected"] is None)
    assert issue.format().count("gevonden: ") == (nl["found"] is not None)
    assert issue.format("en").count("found: ") == (en["found"] is not None)


def test_messages_help_the_user():
    def issue(name):
        return check_files(FILES / name)[1].issues[0]

    unknown = issue("unknown_category.xlsx")
    assert "bedoelt u 'Jeugdzorg en uithuisplaatsing'?" in unknown.message.nl
    assert "did you mean 'Jeugdzorg en uithuisplaatsing'?" in unknown.message.en
    missing = issue("missing_sheet.xlsx")
    assert "geen blad Studie" in missing.render()["message"]
    assert "no sheet Studie" in missing.render("en")["message"]
    assert "Blad1" in missing.render()["found"] and "Blad1" in missing.render("en")["found"]
    assert "(2005-2024)" in issue("price_year_outside_cpi.xlsx").message.nl
    assert "(2005-2024)" in issue("price_year_outside_cpi.xlsx").message.en
    # '100.000': Dutch thousands or an English decimal point; each language writes the decimal
    # reading with its own decimal mark
    assert "als 100000 of als 100,000;" in issue("ambiguous_number.xlsx").message.nl
    assert "as 100000 or as 100.000;" in issue("ambiguous_number.xlsx").message.en
    assert "looptijd 2015-2019" in issue("year_outside_horizon.xlsx").message.nl
    assert "horizon 2015-2019" in issue("year_outside_horizon.xlsx").message.en
    # the generator writes 9.9 into C3 of a study at 4% over 5 years
    mismatch = issue("headline_mismatch.xlsx")
    assert mismatch.render()["found"] == "9,90" and mismatch.render("en")["found"] == "9.90"
    assert mismatch.render()["expected"].endswith(
        " (herberekend met de eigen disconteringsvoet 4% en looptijd 5 van de studie)")
    assert mismatch.render("en")["expected"].endswith(
        " (recomputed at the study's own rate 4% and horizon 5)")


def test_corpus_files_are_what_the_generator_writes(tmp_path):
    _generator().main(tmp_path / "files", tmp_path / "expected.csv")
    assert (tmp_path / "expected.csv").read_bytes() == (HERE / "expected.csv").read_bytes()
    fresh = sorted(p.relative_to(tmp_path / "files") for p in (tmp_path / "files").rglob("*"))
    assert fresh == sorted(p.relative_to(FILES) for p in FILES.rglob("*"))
    for rel in fresh:
        if (FILES / rel).is_file():
            assert (tmp_path / "files" / rel).read_bytes() == (FILES / rel).read_bytes(), rel


def _paths(cases):
    return [str(FILES / c["file"]) for c in cases]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_cli_main_returns_1_on_each(case, capsys):
    from mkba.cli import main

    assert main(["validate", *_paths([case])]) == 1  # an exception here would be a traceback
    out, err = capsys.readouterr()
    assert f"[{case['code']}]" in out and "Traceback" not in out + err


def _run_cli(paths):
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[1])}
    return subprocess.Popen([sys.executable, "-m", "mkba", "validate", *paths],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_cli_subprocess_on_the_whole_corpus():
    proc = _run_cli(_paths(CASES))
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    assert proc.returncode == 1
    for case in CASES:
        name = "b.xlsx" if case["file"] == "duplicate_study_id" else case["file"]
        assert f"{name}" in out and f"[{case['code']}]" in out


@pytest.mark.slow
def test_cli_subprocess_exits_1_without_traceback_on_each():
    # One interpreter per file, as a user runs it (about 1.3 s each; hence 'slow').
    procs = {case["file"]: _run_cli(_paths([case])) for case in CASES}
    for case in CASES:
        out, err = procs[case["file"]].communicate(timeout=300)
        assert "Traceback" not in err, (case["file"], err)
        assert procs[case["file"]].returncode == 1, (case["file"], out, err)
        assert f"[{case['code']}]" in out, (case["file"], out)
