"""The corpus of malformed mapping files (tests/corpus/mappings): each gives exactly its expected
issue, in Dutch and English, naming the file, the mapping key and its line (or the cell), and
none gives a traceback."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from mkba.io import check_files
from mkba.messages import Text

HERE = Path(__file__).resolve().parent / "corpus" / "mappings"
BOOK = HERE / "werkmap.xlsx"
with open(HERE / "expected.csv", encoding="utf-8", newline="") as _fh:
    CASES = list(csv.DictReader(_fh))


def _generator():
    spec = importlib.util.spec_from_file_location("make_mappings", HERE / "make_mappings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(case):
    return check_files(BOOK, layout="mapping", mapping=HERE / "cases" /
                       f"{case['case']}.mapping.toml")


def test_corpus_is_complete_and_what_the_generator_writes(tmp_path):
    assert len(CASES) >= 15
    on_disk = {p.name.removesuffix(".mapping.toml")
               for p in (HERE / "cases").glob("*.mapping.toml")}
    assert on_disk == {c["case"] for c in CASES}
    _generator().main(tmp_path)
    assert (tmp_path / "expected.csv").read_bytes() == (HERE / "expected.csv").read_bytes()
    assert (tmp_path / "werkmap.xlsx").read_bytes() == BOOK.read_bytes()
    fresh = sorted(p.name for p in (tmp_path / "cases").iterdir())
    assert fresh == sorted(p.name for p in (HERE / "cases").iterdir())
    for name in fresh:
        assert (tmp_path / "cases" / name).read_bytes() == (HERE / "cases" / name).read_bytes()


def test_the_base_mapping_reads_the_workbook(tmp_path):
    # without the mistake the workbook reads: 'basis' from the flows, 'cw' from the table
    toml = tmp_path / "werkmap.mapping.toml"
    toml.write_text(_generator().BASE, encoding="utf-8")
    (tmp_path / "labels.toml").write_text(_generator().LABELS["labels.toml"], encoding="utf-8")
    studies, report = check_files(BOOK, layout="mapping", mapping=toml)
    assert report.ok, report.format("en")
    sums = studies[0].items.groupby(["variant", "kind"])["amount"].sum().to_dict()
    # basis: costs 3 x 100; benefits 20 + 90 + 150 and 3 x 10 (Minder jeugdzorg), x 1000
    # cw: costs 150 + 12,5; benefits 90 + 40 + 5 + 25, x 1000
    assert sums == {("basis", "cost"): 300_000.0, ("basis", "benefit"): 290_000.0,
                    ("cw", "cost"): 162_500.0, ("cw", "benefit"): 160_000.0}


def test_the_corpus_covers_every_mistake_of_the_issue():
    names = {c["case"] for c in CASES}
    for case in ("unknown_own_label", "items_multiplier_negative", "items_multiplier_zero",
                 "items_multiplier_true", "items_multiplier_quoted",
                 "reported_multiplier_negative", "reported_multiplier_zero",
                 "reported_multiplier_true", "reported_multiplier_quoted",
                 "first_row_is_header_row", "header_row_wrong", "bad_sign_value",
                 "sign_without_kind", "unknown_label_target", "labels_file_missing",
                 "labels_file_not_toml", "actor_columns_without_header_row",
                 "actor_columns_with_actor_column", "total_column_mismatch",
                 "total_row_mismatch", "positive_cost_in_costs_negative_block"):
        assert case in names


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_each_case_gives_its_issue_naming_key_and_line_or_cell(case):
    studies, report = _check(case)  # an exception here would be a traceback
    assert studies == [] and not report.ok
    assert {i.code for i in report.issues} == {case["code"]}, report.format("en")
    hits = report.issues
    if case["cell"]:
        sheet, cell = case["cell"].split("!")
        hits = [i for i in hits if (i.sheet, i.cell) == (sheet, cell)]
        assert hits, report.format("en")
        assert f"{sheet}!{cell}" in hits[0].format() and f"{sheet}!{cell}" in hits[0].format("en")
    if case["key"]:
        nl, en = case["key"], case["key"]
        if case["line"]:
            nl, en = f"{nl} (regel {case['line']})", f"{en} (line {case['line']})"
        hits = [i for i in hits if f"{case['file']}, {nl}:" in i.render()["message"]]
        assert hits, report.format()
        assert hits[0].render("en")["message"].startswith(f"{case['file']}, {en}: ")
    issue = hits[0]
    dutch, english = issue.render()["message"], issue.render("en")["message"]
    assert dutch != english  # the Dutch message is Dutch, not the English one again
    for i in report.issues:
        for part in (i.message, i.expected, i.found):
            if isinstance(part, Text):
                # both templates name the same values, and every value is shown
                nl, en = (set(_fields(t)) for t in part.templates)
                assert nl == en == set(part.values), part.templates
        for lang in ("nl", "en"):
            assert "{" not in i.render(lang)["message"].replace("{}", "")


def _fields(template: str):
    import string

    return {name.split(".")[0].split("[")[0] for _, name, _, _ in
            string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_mkba_validate_exits_1_without_traceback(case, capsys):
    from mkba.cli import main

    toml = HERE / "cases" / f"{case['case']}.mapping.toml"
    assert main(["validate", str(BOOK), "--layout", "mapping", "--mapping", str(toml)]) == 1
    out, err = capsys.readouterr()
    assert f"[{case['code']}]" in out and "Traceback" not in out + err


MESSAGES = {
    # the wording a user meets, in both languages (checked by hand against the issue's asks)
    "items_multiplier_quoted": ("'1000' is tekst: schrijf 1000 zonder aanhalingstekens",
                                "'1000' is text: write 1000 without quotes"),
    "items_multiplier_negative": ('schrijf dan sign = "costs negative"',
                                  'write sign = "costs negative"'),
    "reported_multiplier_on_bcr": ("laat multiplier weg", "leave out multiplier"),
    "first_row_is_header_row": ("de kopregel 2 ligt binnen de rijen van het blok (first_row = 2, "
                                "regel 34)", "the header row 2 lies inside the block's rows "
                                "(first_row = 2, line 34)"),
    "sign_without_kind": ('schrijf dan sign = "costs negative"',
                          'write sign = "costs negative"'),
    "unknown_label_target": ("bedoelt u 'Uitvoering team'?", "did you mean 'Uitvoering team'?"),
    "labels_file_unknown_target": ("bedoelt u 'Politie, justitie en overlast'",
                                   "did you mean 'Politie, justitie en overlast'"),
    "unknown_own_label": ("bedoelt u 'Jeugdzorg en uithuisplaatsing'?",
                          "did you mean 'Jeugdzorg en uithuisplaatsing'?"),
    "total_row_mismatch": ("dit totaal (26) wijkt af van de som van de bedragen erboven (25)",
                           "this total (26) differs from the sum of the amounts above it (25)"),
    "amounts_look_like_years": ("rij 7 ziet eruit als een kopregel met jaren (2015-2017)",
                                "row 7 looks like a header row of years (2015-2017)"),
    "positive_cost_in_costs_negative_block": (
        "een positief bedrag bij kosten, terwijl dit blok kosten als negatieve bedragen leest",
        "a positive amount of costs, where this block reads costs as negative amounts"),
}


@pytest.mark.parametrize("name", MESSAGES)
def test_messages_say_what_is_allowed(name):
    case = next(c for c in CASES if c["case"] == name)
    issues = _check(case)[1].issues
    nl, en = MESSAGES[name]
    assert any(nl in i.render()["message"] for i in issues), [i.render()["message"] for i in issues]
    assert any(en in i.render("en")["message"] for i in issues)


def test_multiplier_messages_name_the_usual_values():
    for name in ("items_multiplier_zero", "reported_multiplier_true"):
        issue = _check(next(c for c in CASES if c["case"] == name))[1].issues[0]
        assert "1000 (bedragen in duizenden euro's) of 1000000" in issue.render()["expected"]
        assert "1000 (amounts in thousands of euros) or 1000000" in issue.render("en")["expected"]
