"""Tests of the mapping layout: a TOML file that locates a study in any workbook.

Expected values are worked out by hand from the cells written here.
"""

from __future__ import annotations

import openpyxl
import pytest
from helpers_mapping import study_table

from mkba.errors import ArgumentError
from mkba.io import check_files, mapping, read_study
from mkba.io.workbook import load_workbook
from mkba.issues import IssueLog

MAPPING = """\
# where the study sits in veldstad.xlsx
""" + study_table("veldstad-2015", "=Voorblad!A1", "=Voorblad!C3", price_year="=Voorblad!C4",
                    discount_rate="='Voorblad'!C5", first_year=2014, horizon=3,
                    households=900) + """
[[items]]
sheet = "Kosten en baten"
kind_column = "A"
category_column = "B"
description_column = "C"
actor = "Gemeente"
first_row = 4
last_row = "until empty"
header_row = 3
year_columns = "D:F"
multiplier = 1000

[[items]]
sheet = "Kosten en baten"
variant = "effect laag"
kind_column = "A"
category_column = "B"
actor = "Gemeente"
first_row = 4
last_row = 5
header_row = 3
year_columns = ["D", "E", "F"]
multiplier = 1000

[[items]]
sheet = "Kosten en baten"
variant = "effect laag"
kind = "baten"
category = "Jeugdzorg"
actor_column = "B"
first_row = 13
last_row = 14
header_row = 3
year_columns = "D:F"
multiplier = 1000

[[reported]]
measure = "bcr"
value = "=Samenvatting!B4"
low = "=Samenvatting!B5"
high = 2.5

[[reported]]
measure = "pv_costs"
value = "=Samenvatting!B2"
multiplier = 1000
"""


def _workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Voorblad"
    ws["A1"] = "Kosten-batenanalyse wijkteam Veldstad"
    ws["B3"], ws["C3"] = "Gemeente:", "Veldstad"
    ws["B4"], ws["C4"] = "Prijspeil", 2013
    ws["B5"], ws["C5"] = "Discontovoet", "5,5%"
    ws = wb.create_sheet("Kosten en baten")
    rows = [
        ["Kasstroomoverzicht (x € 1.000)"], [],
        ["Soort", "Post", "Toelichting", 2014, 2015, 2016],
        ["K", "Inzet team", "Inzet regisseurs", 100, 100, 100],
        ["K", "Opstartkosten", None, 40, None, None],
        ["B", "Jeugdzorg", "Minder uithuisplaatsingen", 20, 90, 150],
        ["B", "Totaal baten", None, 20, 90, 150],
        [],
        ["B", "Not read: below the first empty category", None, 1, 1, 1],
        [], [], [],
        [None, "Gemeente", None, 10, 45, 75],
        [None, "Zorgverzekeraar", None, None, 5, 5],
    ]
    for row in rows:
        ws.append(row)
    ws = wb.create_sheet("Samenvatting")
    # costs 140, 100, 100 and benefits 20, 90, 150 (x 1000) in 2014-2016 at 5.5%, t=1:
    # PV costs 132.7 + 89.8 + 85.2 = 307.7; PV benefits 19.0 + 80.9 + 127.7 = 227.6; B/K 0.74;
    # effect laag benefits 10, 50, 80: 9.5 + 44.9 + 68.1 = 122.5, B/K 0.40
    for row in (["Samenvatting"], ["CW kosten (x 1.000)", 307.7], [],
                ["B/K", 0.74], ["B/K laag", 0.40]):
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def pair(tmp_path):
    book = _workbook(tmp_path / "veldstad.xlsx")
    (tmp_path / "veldstad.mapping.toml").write_text(MAPPING, encoding="utf-8")
    return book, tmp_path / "veldstad.mapping.toml"


def _read(book, text: str | None = None, name="veldstad.mapping.toml"):
    toml = book.with_name(name)
    if text is not None:
        toml.write_text(text, encoding="utf-8")
    log = IssueLog(book.name)
    return mapping.read(load_workbook(book, log), log, mapping=toml), log


def test_sidecar_and_dispatch(pair):
    book, toml = pair
    assert mapping.sidecar(book) == toml
    study = read_study(book)
    assert study.layout == "mapping" and study.id == "veldstad-2015"


def test_metadata_from_cells_and_literals(pair):
    study, log = _read(pair[0])
    assert log.issues == []
    assert (study.title, study.municipality, study.price_year, study.discount_rate) == \
        ("Kosten-batenanalyse wijkteam Veldstad", "Veldstad", 2013, 0.055)
    assert study.approach_type == "zorg_welzijnsteam" and study.illustrative is True
    assert study.provenance["price_year"] == "veldstad.xlsx!Voorblad!C4"
    assert "horizon" not in study.provenance  # a literal has no cell (build_study keeps none)


def test_line_items_blocks(pair):
    study, _ = _read(pair[0])
    basis = study.variant_items("basis")
    # rows 4-6 (row 7 is a total, row 8 empty ends the block): 3 + 1 + 3 amounts, x 1000
    assert len(basis) == 7
    assert basis.loc[basis["kind"] == "cost", "amount"].sum() == 340_000.0
    assert basis.loc[basis["kind"] == "benefit", "amount"].sum() == 260_000.0
    assert set(basis["actor"]) == {"gemeente"}
    first = basis.iloc[0]
    assert (first["category"], first["description"], first["year"], first["source"]) == \
        ("uitvoering_team", "Inzet regisseurs", 2014, "veldstad.xlsx!Kosten en baten!D4")
    low = study.variant_items("effect laag")
    # costs of rows 4-5 again; benefits from rows 13-14 with a fixed category
    assert low.loc[low["kind"] == "cost", "amount"].sum() == 340_000.0
    benefits = low[low["kind"] == "benefit"]
    assert benefits["amount"].sum() == 140_000.0
    assert set(benefits["category"]) == {"jeugdzorg"}
    assert benefits.groupby("actor")["amount"].sum().to_dict() == \
        {"gemeente": 130_000.0, "zorgverzekeraar": 10_000.0}
    assert benefits["source"].iloc[-1] == "veldstad.xlsx!Kosten en baten!F14"


def test_the_older_key_scenario_still_names_the_variant(pair):
    # mapping files written before the key was called "variant" keep working
    old = MAPPING.replace('variant = "', 'scenario = "')
    assert old.count('scenario = "') == MAPPING.count('variant = "') > 0
    study, log = _read(pair[0], old)
    new, _ = _read(pair[0], MAPPING)
    assert log.issues == []
    assert study.variants == new.variants == ("basis", "effect laag")
    assert study.items.equals(new.items)


def test_reported_figures(pair):
    study, _ = _read(pair[0])
    bcr = study.reported_figure("bcr")
    assert (bcr.value, bcr.low, bcr.high) == (0.74, 0.40, 2.5)
    assert bcr.source == "veldstad.xlsx!Samenvatting!B4"
    assert study.reported_figure("pv_costs").value == 307_700.0


def _issues(book, text):
    study, log = _read(book, text)
    assert study is None
    return log.issues


@pytest.mark.parametrize("old, new, code, words", [
    ('horizon = 3', 'horizon = ', "mapping_error", ["not valid TOML", "line 18"]),
    ('first_row = 4\nlast_row = "until', 'first_rows = 4\nlast_row = "until', "mapping_error",
     ["items[1].first_rows (line 28)", "unknown key", "did you mean 'first_row'"]),
    ('"=Voorblad!C3"', '"=Voorblad!R3C3"', "mapping_error",
     ["study.municipality (line 5)", "not a cell reference in A1 style"]),
    ('"=Voorblad!C3"', '"Voorblad!C3"', "mapping_error", ["without '='"]),
    ('"=Samenvatting!B4"', '"=Overzicht!B4"', "missing_sheet",
     ["reported[1].value (line 60)", "no sheet 'Overzicht'"]),
    ('sheet = "Kosten en baten"\nvariant', 'sheet = "Kosten"\nvariant', "missing_sheet",
     ["items[2].sheet (line 35)"]),
    ('year_columns = "D:F"\nmultiplier', 'year_columns = "D-F"\nmultiplier', "mapping_error",
     ["items[1].year_columns", "not a column range"]),
    ('kind = "baten"', 'kind = "baten"\nkind_column = "A"', "mapping_error",
     ["items[3].kind", "either kind or kind_column"]),
    ('measure = "bcr"', 'measure = "rendement"', "mapping_error", ["unknown measure"]),
    ('horizon = 3', 'horizont = 3', "mapping_error", ["study.horizont", "did you mean 'horizon'"]),
    ('first_row = 13', 'first_row = "13"', "mapping_error", ["items[3].first_row"]),
    ('[study]', '[[study]]', "mapping_error", ["must be written as [study]"]),
])
def test_bad_mapping_is_an_issue_not_a_traceback(pair, old, new, code, words):
    assert old in MAPPING
    issues = _issues(pair[0], MAPPING.replace(old, new, 1))
    assert issues, "a bad mapping must give an issue"
    hit = [i for i in issues if i.code == code]
    assert hit, [i.format() for i in issues]
    text = hit[0].render("en")["message"]
    assert text.startswith("veldstad.mapping.toml")
    for w in words:
        assert w in text, text


def test_unreadable_or_absent_mapping(pair):
    book, _ = pair
    log = IssueLog(book.name)
    wb = load_workbook(book, log)
    assert mapping.read(wb, log, mapping=book.with_name("nope.toml")) is None
    assert log.issues[0].code == "mapping_error"
    assert "nope.toml" in log.issues[0].render("en")["message"]
    with pytest.raises(ArgumentError) as info:
        read_study(book.with_name("other.xlsx"), layout="mapping")
    assert "needs a mapping file" in info.value.render("en")


def test_values_are_still_checked_by_the_builder(pair):
    book, _ = pair
    studies, report = check_files(book)
    assert report.ok
    text = MAPPING.replace('actor = "Gemeente"', 'actor = "Gemeentehuis"', 1)
    book.with_name("veldstad.mapping.toml").write_text(text, encoding="utf-8")
    studies, report = check_files(book)
    assert studies == [] and {i.code for i in report.issues} == {"unknown_label"}
    # a literal value names the mapping key as its place
    assert report.issues[0].sheet == "veldstad.mapping.toml:items[1].actor"


@pytest.mark.parametrize("old, new, words", [
    ('first_row = 13\nlast_row = 14', 'first_row = 13\nlast_row = 12', ["comes before"]),
    ('year_columns = "D:F"\nmultiplier', 'year_columns = "F:D"\nmultiplier', ["backwards"]),
    ('header_row = 3\nyear_columns = ["D"', 'year_columns = ["D"',
     ["items[2].header_row", "missing key"]),
])
def test_block_shape_errors(pair, old, new, words):
    assert old in MAPPING
    issues = _issues(pair[0], MAPPING.replace(old, new, 1))
    assert [i.code for i in issues] == ["mapping_error"]
    for w in words:
        assert w in issues[0].render("en")["message"], issues[0].render("en")["message"]
