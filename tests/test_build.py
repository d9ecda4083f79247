"""Every check of mkba.io.build.build_study, on cells built in memory (no files)."""

from __future__ import annotations

import pytest

from mkba.io.build import build_study, parse_bool
from mkba.io.raw import Cell, RawItem, RawReported
from mkba.io.workbook import Sheet, Workbook
from mkba.issues import IssueLog
from mkba.schema import STUDY_FIELDS

META = "Studie"
FLOWS = "Kasstromen"
ROW = {f.name: n for n, f in enumerate(STUDY_FIELDS, start=2)}  # field -> row on the sheet

VALID_META = {
    "id": "s1", "title": "T", "municipality": "Zwolle", "approach_name": "Wijkteam",
    "approach_type": "Zorg- en welzijnsteam", "scale": "wijk", "target_breadth": "kwetsbaar",
    "household_type": "Gezinnen", "stage": "Lopend", "evaluation": "ex post",
    "kind": "Quickscan", "year": 2016, "price_year": "2015", "discount_rate": "5,5%",
    "first_year": 2015, "horizon": 3, "households": 100, "illustrative": "nee",
}
YEARS = {2015: 6, 2016: 7, 2017: 8, 2018: 9}  # year -> column of its header


def meta_cells(**changes):
    values = {**VALID_META, **changes}
    return {name: Cell(value, META, ROW[name], 2) for name, value in values.items()
            if value is not ...}


def item(kind, category, actor, year, amount, row, *, variant="basis", description="",
         col=None):
    col = col or YEARS.get(year, 10)
    return RawItem(variant, Cell(kind, FLOWS, row, 1), Cell(category, FLOWS, row, 2),
                   Cell(actor, FLOWS, row, 3), Cell(amount, FLOWS, row, col),
                   Cell(year, FLOWS, 1, col), description)


def valid_items():
    return [
        item("Kosten", "Uitvoering team", "Gemeente", 2015, 1000, 2),
        item("Kosten", "Uitvoering team", "Gemeente", 2016, "1.000,50", 2),
        item("Baten", "Jeugdzorg en uithuisplaatsing", "Gemeente", 2016, 800, 3),
        item("Baten", "gezondheid", "zvw", 2017, 700.25, 4),
    ]


def build(meta=None, items=None, reported=(), uncached=frozenset()):
    wb = Workbook("s.xlsx", {META: Sheet(META, ()), FLOWS: Sheet(FLOWS, (), uncached)})
    log = IssueLog("s.xlsx")
    study = build_study(wb, log, meta=meta if meta is not None else meta_cells(),
                        items=items if items is not None else valid_items(),
                        reported=reported, layout="test", meta_sheet=META)
    return study, log.issues


def where(issues):
    return [(i.code, i.sheet, i.cell) for i in issues]


def both(issue, part="message"):
    """One part of an issue in Dutch (the default) and in English."""
    return issue.render()[part], issue.render("en")[part]


def test_valid_study():
    study, issues = build()
    assert issues == []
    assert (study.id, study.approach_type, study.scale, study.household_type, study.evaluation,
            study.kind) == ("s1", "zorg_welzijnsteam", "wijk", "gezinnen", "ex_post", "quickscan")
    assert (study.price_year, study.discount_rate, study.illustrative) == (2015, 0.055, False)
    assert study.layout == "test" and study.file == "s.xlsx"
    assert study.provenance["discount_rate"] == "s.xlsx!Studie!B16"
    items = study.items
    assert items.amount.tolist() == [1000.0, 1000.5, 800.0, 700.25]
    assert items.year.tolist() == [2015, 2016, 2016, 2017]
    assert items.actor.tolist() == ["gemeente", "gemeente", "gemeente", "zorgverzekeraar"]
    assert items.actor_label.tolist()[-1] == "zvw"  # the label as found is kept
    assert items.source.tolist() == ["s.xlsx!Kasstromen!F2", "s.xlsx!Kasstromen!G2",
                                     "s.xlsx!Kasstromen!G3", "s.xlsx!Kasstromen!H4"]


def test_unknown_label_names_the_cell_and_suggests():
    items = valid_items()
    items[2] = item("Baten", "Jeugdzorgg", "Gemeente", 2016, 800, 3)
    items[3] = item("Baten", "gezondheid", "Marsmannetjes", 2017, 700, 4)
    study, issues = build(items=items)
    assert study is None
    assert where(issues) == [("unknown_label", FLOWS, "B3"), ("unknown_label", FLOWS, "C4")]
    assert both(issues[0]) == (
        "onbekend label voor categorie; bedoelt u 'Jeugdzorg en uithuisplaatsing'?",
        "unknown category label; did you mean 'Jeugdzorg en uithuisplaatsing'?")
    assert both(issues[0], "found") == ("'Jeugdzorgg'", "'Jeugdzorgg'")
    assert both(issues[1]) == ("onbekend label voor actor", "unknown actor label")  # no hint
    nl, en = both(issues[1], "expected")  # lists the known labels
    assert nl.startswith("een van: ") and en.startswith("one of: ")
    assert "Zorgverzekeraar" in nl and "Zorgverzekeraar" in en


def test_unknown_code_field_label():
    _, issues = build(meta_cells(scale="Provincie"))
    assert where(issues) == [("unknown_label", META, "B7")]


def test_text_in_numeric_cell():
    items = valid_items()
    items[2] = item("Baten", "jeugdzorg", "Gemeente", 2016, "veel", 3)
    _, issues = build(items=items)
    assert where(issues) == [("not_a_number", FLOWS, "G3")]
    assert issues[0].render("en")["found"] == "'veel'"
    assert both(issues[0]) == ("bedrag: 'veel' is geen getal", "amount: 'veel' is not a number")


def test_ambiguous_amount():
    items = valid_items()
    items[0] = item("Kosten", "Uitvoering team", "Gemeente", 2015, "1.234", 2)
    _, issues = build(items=items)
    assert where(issues) == [("ambiguous_number", FLOWS, "F2")]
    nl, en = both(issues[0])
    assert nl.startswith("bedrag: '1.234' kan gelezen worden als 1234 of als 1,234;")
    assert en.startswith("amount: '1.234' can be read as 1234 or as 1.234;")


def test_amount_too_large_is_named_in_each_language():
    items = valid_items()
    items[0] = item("Kosten", "Uitvoering team", "Gemeente", 2015, 2.5e12, 2)
    _, issues = build(items=items)
    assert where(issues) == [("invalid_value", FLOWS, "F2")]
    # MAX_AMOUNT is 1e12: twelve zeros, grouped by three in the language's own way
    assert both(issues[0]) == ("bedrag: 2,5E12 is groter dan mkba accepteert",
                               "amount: 2.5E12 is larger than mkba accepts")
    nl, en = both(issues[0], "expected")
    assert nl.startswith("een getal van hoogstens 1.000.000.000.000 (in euro's")
    assert en.startswith("a number of at most 1,000,000,000,000 (in euros")


def test_negative_amount():
    items = valid_items()
    items[2] = item("Baten", "jeugdzorg", "Gemeente", 2016, -800, 3)
    _, issues = build(items=items)
    assert where(issues) == [("negative_amount", FLOWS, "G3")]
    nl, en = both(issues[0])
    assert "een besparing is een baat" in nl and "a saving is a benefit" in en


@pytest.mark.parametrize("year, amount, expected", [
    (2018, 500, [("year_outside_horizon", FLOWS, "I5")]),  # 2015 + 3 years = 2015-2017
    (2014, 500, [("year_outside_horizon", FLOWS, "J5")]),
    (2017, 500, []),  # the last year of the horizon is inside
    (2018, 0, []),  # a zero outside the horizon is no flow
])
def test_year_outside_horizon(year, amount, expected):
    items = [*valid_items(), item("Baten", "overig", "overig", year, amount, 5)]
    study, issues = build(items=items)
    assert where(issues) == expected
    if expected:
        assert both(issues[0]) == (
            f"een kasstroom in {year} valt buiten de looptijd 2015-2017 van de studie",
            f"a flow in {year} falls outside the study's horizon 2015-2017")
        assert both(issues[0], "expected") == ("een jaar van 2015 tot en met 2017",
                                               "a year from 2015 to 2017")
    else:
        assert study is not None


def test_bad_year_header_is_reported_once_for_its_column():
    extra = [item("Kosten", "team", "gemeente", "jaar 1", 10, row, col=12,
                  description=f"post {row}") for row in (5, 6, 7)]
    study, issues = build(items=[*valid_items(), *extra])
    assert study is None
    assert where(issues) == [("invalid_value", FLOWS, "L1")]
    assert issues[0].render("en")["found"] == "'jaar 1'"
    assert both(issues[0], "expected") == (
        "een kalenderjaar van 1950 tot en met 2100, zoals 2015",
        "a calendar year from 1950 to 2100, such as 2015")


def test_missing_required_field():
    _, issues = build(meta_cells(municipality=None))
    assert where(issues) == [("missing_field", META, "B4")]
    assert both(issues[0]) == ("verplicht veld 'Gemeente' (municipality) is leeg",
                               "required field 'Municipality' (municipality) is empty")


def test_field_without_a_place_in_the_layout():
    _, issues = build(meta_cells(households=...))
    assert where(issues) == [("missing_field", META, None)]
    nl, en = both(issues[0])
    assert "'Bereikte huishoudens' (households)" in nl
    assert "'Households reached' (households)" in en
    assert both(issues[0], "expected") == (
        "Totaal aantal huishoudens dat de aanpak bereikt",
        "Total number of households the approach reaches")


def test_optional_field_may_be_empty():
    study, issues = build(meta_cells(author=None, notes="  "))
    assert issues == [] and study.author is None and study.notes is None


@pytest.mark.parametrize("price_year", [2004, 2025])
def test_price_year_outside_cpi(price_year):
    _, issues = build(meta_cells(price_year=price_year))
    assert where(issues) == [("price_year_unknown", META, "B15")]
    nl, en = both(issues[0])
    assert nl.startswith(f"prijsjaar {price_year} valt buiten de prijsindextabel van het CBS "
                         "(2005-2024); voeg het jaar toe aan mkba/data/cpi_nl.csv")
    assert en.startswith(f"price year {price_year} is outside the CBS price index table "
                         "(2005-2024); add the year to mkba/data/cpi_nl.csv")
    assert both(issues[0], "found") == (str(price_year), str(price_year))  # a year: no grouping


def test_duplicate_item():
    items = [*valid_items(), item("Baten", "Jeugdzorg", "gemeente", 2016, 900, 7)]
    _, issues = build(items=items)
    assert where(issues) == [("duplicate_item", FLOWS, "G7")]
    assert both(issues[0]) == (  # names the first occurrence
        "dezelfde post staat er twee keer in (eerst in G3)",
        "the same line item appears twice (first at G3)")


def test_same_item_with_another_description_or_scenario_is_no_duplicate():
    items = [*valid_items(),
             item("Baten", "Jeugdzorg", "gemeente", 2016, 900, 7, description="pleegzorg"),
             *[item(*args, variant="hoog") for args in (
                 ("Kosten", "team", "gemeente", 2015, 1, 8),
                 ("Baten", "Jeugdzorg", "gemeente", 2016, 2, 9))]]
    study, issues = build(items=items)
    assert issues == []
    assert study.variants == ("basis", "hoog")


@pytest.mark.parametrize("rate, expected", [
    ("5,5%", 0.055), (0.055, 0.055), ("0,04", 0.04), ("3 %", 0.03), (0, 0.0),
])
def test_rates(rate, expected):
    study, issues = build(meta_cells(discount_rate=rate))
    assert issues == [] and study.discount_rate == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("rate", [5.5, "5,5", 1, -0.01])
def test_rate_written_as_plain_percentage_or_negative(rate):
    _, issues = build(meta_cells(discount_rate=rate))
    assert where(issues) == [("invalid_value", META, "B16")]
    nl, en = both(issues[0])
    if rate in (5.5, "5,5"):  # the number read, with each language's decimal mark
        assert nl.startswith("'Discontovoet' wordt gelezen als 5,5; dat lijkt een percentage")
        assert en.startswith("'Discount rate' is read as 5.5, which looks like a percentage")
    elif rate == -0.01:
        assert (nl, en) == ("'Discontovoet' kan niet negatief zijn",
                            "'Discount rate' cannot be negative")


def test_too_many_households_are_named_with_grouped_digits():
    _, issues = build(meta_cells(households=12_000_000))
    assert where(issues) == [("invalid_value", META, "B19")]
    assert both(issues[0]) == ("'Bereikte huishoudens' is 12.000.000, meer dan mkba accepteert",
                               "'Households reached' is 12,000,000, more than mkba accepts")
    assert both(issues[0], "expected") == ("een geheel getal van 1 tot en met 10.000.000",
                                           "a whole number from 1 to 10,000,000")
    assert both(issues[0], "found") == ("12.000.000", "12,000,000")  # the cell, a number


@pytest.mark.parametrize("changes, cell", [
    ({"households": 12.5}, "B19"),  # not whole
    ({"households": 0}, "B19"),  # required count must be positive
    ({"households_zwaar": -1}, "B20"),
    ({"year": 1800}, "B14"),  # implausible year
    ({"illustrative": "misschien"}, "B24"),
])
def test_invalid_values(changes, cell):
    _, issues = build(meta_cells(**changes))
    assert where(issues) == [("invalid_value", META, cell)]


def test_households_as_text():
    _, issues = build(meta_cells(households="veel"))
    assert where(issues) == [("not_a_number", META, "B19")]


def test_segments_not_adding_up():
    _, issues = build(meta_cells(households_zwaar=10, households_kwetsbaar=20,
                                 households_overig=30))
    assert where(issues) == [("invalid_value", META, "B19")]
    assert both(issues[0], "found") == ("60 per segment, 100 in totaal",
                                        "60 by segment, 100 in total")


def test_segments_adding_up():
    study, issues = build(meta_cells(households_zwaar=10, households_kwetsbaar=20,
                                     households_overig=70))
    assert issues == [] and study.households_overig == 70


def test_scenario_without_benefits():
    items = [*valid_items(), item("Kosten", "team", "gemeente", 2015, 5, 9, variant="hoog")]
    _, issues = build(items=items)
    assert where(issues) == [("no_line_items", META, None)]
    assert both(issues[0]) == ("variant 'hoog' heeft geen baten",
                               "variant 'hoog' has no benefits")
    assert both(issues[0], "expected") == ("minstens één batenpost",
                                           "at least one benefit line item")


def test_uncached_formula_is_reported_instead_of_missing():
    items = valid_items()
    items[0] = item("Kosten", "team", "gemeente", 2015, None, 2)
    _, issues = build(items=items, uncached=frozenset({"F2"}))
    assert where(issues) == [("uncached_formula", FLOWS, "F2")]


def test_reported_figures():
    reported = [
        RawReported("basis", "bcr", Cell(1.5, "K", 2, 3), Cell("1,1", "K", 2, 4),
                    Cell(2, "K", 2, 5), Cell("90%", "K", 2, 6)),
        RawReported("basis", "pv_costs", Cell("€ 2.500,00", "K", 3, 3)),
    ]
    study, issues = build(reported=reported)
    assert issues == []
    bcr, costs = study.reported
    assert (bcr.value, bcr.low, bcr.high, bcr.level, bcr.source) == \
        (1.5, 1.1, 2.0, 0.9, "s.xlsx!K!C2")
    assert (costs.measure, costs.value, costs.low) == ("pv_costs", 2500.0, None)


@pytest.mark.parametrize("reported, expected", [
    (RawReported("basis", "bcr", Cell(1.5, "K", 2, 3), Cell(2, "K", 2, 4), Cell(1, "K", 2, 5)),
     [("invalid_value", "K", "D2")]),  # low above high
    (RawReported("basis", "bcr", Cell(1.5, "K", 2, 3), level=Cell(90, "K", 2, 6)),
     [("invalid_value", "K", "F2")]),  # level 90 instead of 90%
    (RawReported("basis", "irr", Cell(0.1, "K", 2, 3)), [("unknown_label", "K", "C2")]),
    (RawReported("basis", "bcr", Cell(None, "K", 2, 3), Cell(1, "K", 2, 4)),
     [("missing_field", "K", "C2")]),  # a range without its value
    (RawReported("midden", "bcr", Cell(1.5, "K", 2, 3)), [("invalid_value", META, None)]),
])
def test_reported_figure_problems(reported, expected):
    _, issues = build(reported=[reported])
    assert where(issues) == expected
    nl, en = both(issues[0])
    assert nl and en and nl != en


def test_low_above_high_shows_both_numbers_in_each_language():
    _, issues = build(reported=[RawReported("basis", "net_pv", Cell(1500.5, "K", 2, 3),
                                            Cell(2500.25, "K", 2, 4), Cell(1200.75, "K", 2, 5))])
    assert both(issues[0], "found") == ("2.500,25 > 1.200,75", "2,500.25 > 1,200.75")


def test_every_problem_at_once():
    items = valid_items()
    items[0] = item("Kosten", "Uitvoering team", "Gemeente", 2015, -5, 2)
    items[3] = item("Baten", "Gezondheid", "??", 2017, "abc", 4)
    study, issues = build(meta_cells(title=None, discount_rate=5.5), items=items)
    assert study is None
    assert sorted(where(issues)) == sorted([
        ("missing_field", META, "B3"), ("invalid_value", META, "B16"),
        ("negative_amount", FLOWS, "F2"), ("unknown_label", FLOWS, "C4"),
        ("not_a_number", FLOWS, "H4")])


@pytest.mark.parametrize("value, expected", [
    ("Ja", True), ("nee", False), ("YES", True), ("n", False), (True, True), ("x", True),
    ("misschien", None), (None, None), (2, None),
])
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected
