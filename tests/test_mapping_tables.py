"""Tables read as they are: effects x actors (``actor_columns``) or actors x categories
(``category_columns``) in one ``[[items]]`` block, with the sign rule, multipliers, the
workbook's own labels and the totals checked.

Every expected value is worked out by hand in the comments from the cells written here.
"""

from __future__ import annotations

import openpyxl
import pytest
from helpers_mapping import study_table

from mkba.io import check_files

STUDY = study_table("lindeveld-2015", "MKBA wijkteams Lindeveld", "Lindeveld",
                    price_year=2014, discount_rate=0.055, first_year=2015, horizon=10,
                    households=300)

# One block reads the whole table: the header row 3 holds the actors, the rows the effects in
# the workbook's own words; costs are negative, amounts in thousands of euros.
MAPPING = STUDY + """
[labels]
"Inzet wijkteam" = "uitvoering_team"
"Minder jeugdzorg" = "jeugdzorg"
"Minder politie-inzet" = "politie_overlast"
"Minder huisuitzettingen" = "Huisuitzetting en huurachterstand"
"Zorgverz." = "zorgverzekeraar"
"Corporatie Lindeveld" = "woningcorporatie"

[[items]]
sheet = "MKBA"
category_column = "A"
header_row = 3
actor_columns = "B:F"
first_row = 4
sign = "costs negative"
multiplier = 1000
"""

TABLE = [
    ["Maatschappelijke kosten en baten wijkteams Lindeveld (x € 1.000, contante waarde)"],
    [],
    ["Effect", "Gem.", "Zorgverz.", "Corporatie Lindeveld", "Politie", "Totaal"],
    ["Inzet wijkteam", -150, None, None, None, -150],
    ["Coördinatie en overhead", "-12,5", None, None, None, "-12,5"],
    ["Subtotaal kosten", -162.5, None, None, None, -162.5],
    ["Minder jeugdzorg", 90, None, None, None, 90],
    ["Minder inzet GGZ", None, 40, None, None, 40],
    ["Minder huisuitzettingen", 8, None, 12, None, 20],
    ["Minder politie-inzet", 5, None, None, 25, 30],
    ["Subtotaal baten", 103, 40, 12, 25, 180],
    ["Totaal", -59.5, 40, 12, 25, 17.5],
]


def _book(path, rows=TABLE, sheet="MKBA"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _read(tmp_path, text=MAPPING, rows=TABLE, sheet="MKBA"):
    book = _book(tmp_path / "lindeveld-2015.xlsx", rows, sheet)
    toml = tmp_path / "lindeveld-2015.mapping.toml"
    toml.write_text(text, encoding="utf-8")
    studies, report = check_files(book)
    return (studies[0] if studies else None), report


def _by(study):
    items = study.items
    return {(k, c, a): v for (k, c, a), v in
            items.groupby(["kind", "category", "actor"])["amount"].sum().items()}


def test_effects_by_actors_table_in_thousands_with_negative_costs_and_own_labels(tmp_path):
    study, report = _read(tmp_path)
    assert report.ok, report.format("en")
    # By hand, x 1000, costs as the absolute amount:
    #   Inzet wijkteam, Gem. -150          -> cost uitvoering_team, gemeente 150.000
    #   Coördinatie en overhead "-12,5"    -> cost coordinatie_overhead, gemeente 12.500
    #   Minder jeugdzorg, Gem. 90          -> benefit jeugdzorg, gemeente 90.000
    #   Minder inzet GGZ (a synonym), Zorgverz. 40 -> benefit specialistische_zorg,
    #                                         zorgverzekeraar 40.000
    #   Minder huisuitzettingen (own label), Gem. 8, Corporatie 12 -> benefit huisuitzetting,
    #                                         gemeente 8.000 and woningcorporatie 12.000
    #   Minder politie-inzet, Gem. 5, Politie 25 -> benefit politie_overlast, gemeente 5.000
    #                                         and politie_justitie 25.000
    # Subtotal and total rows and the Totaal column are checked, not read.
    assert _by(study) == {
        ("cost", "uitvoering_team", "gemeente"): 150_000.0,
        ("cost", "coordinatie_overhead", "gemeente"): 12_500.0,
        ("benefit", "jeugdzorg", "gemeente"): 90_000.0,
        ("benefit", "specialistische_zorg", "zorgverzekeraar"): 40_000.0,
        ("benefit", "huisuitzetting", "gemeente"): 8_000.0,
        ("benefit", "huisuitzetting", "woningcorporatie"): 12_000.0,
        ("benefit", "politie_overlast", "gemeente"): 5_000.0,
        ("benefit", "politie_overlast", "politie_justitie"): 25_000.0,
    }
    assert len(study.items) == 8 and study.items["year"].isna().all()  # present values
    # the study's own wording stays: the labels as found, the category's words as description
    row = study.items[study.items["category"] == "jeugdzorg"].iloc[0]
    assert (row["category_label"], row["actor_label"], row["description"], row["source"]) == \
        ("Minder jeugdzorg", "Gem.", "Minder jeugdzorg", "lindeveld-2015.xlsx!MKBA!B7")
    police = study.items[study.items["actor"] == "politie_justitie"].iloc[0]
    assert (police["actor_label"], police["description"]) == ("Politie", "Minder politie-inzet")


@pytest.mark.parametrize(("row", "col", "value", "cell", "found", "expected"), [
    (8, 6, 41, "F8", 41, 40),  # the Totaal column of one row: 40 to its left
    (11, 3, 41, "C11", 41, 40),  # a subtotal row: rows 7-10 of column C give 40
    # the total row: the rows of column B since the previous Totaal row, subtotals not counted
    # again: -150 - 12,5 + 90 + 8 + 5 = -59,5 (5 parts: rounding up to 2,5)
    (12, 2, -69.5, "B12", -69.5, -59.5),
])
def test_a_total_that_does_not_add_up_names_its_cell(tmp_path, row, col, value, cell, found,
                                                     expected):
    rows = [list(r) for r in TABLE]
    rows[row - 1][col - 1] = value
    study, report = _read(tmp_path, rows=rows)
    assert study is None
    hits = [i for i in report.issues if i.cell == cell]
    assert [i.code for i in hits] == ["reported_mismatch"], report.format("en")
    assert hits[0].sheet == "MKBA"
    assert f"lindeveld-2015.xlsx!MKBA!{cell}: [reported_mismatch]" in hits[0].format()
    message = hits[0].render()["message"]
    assert message.startswith("lindeveld-2015.mapping.toml, items[1] (regel ")
    assert hits[0].render("en")["found"] == str(found).replace(",", ".")
    assert hits[0].render("en")["expected"].startswith(str(expected))


def test_a_total_row_after_total_rows_of_costs_and_benefits_is_not_checked_twice(tmp_path):
    # "Totaal kosten" (row 6) sums rows 4-5, "Totaal baten" (row 11) rows 7-10 (since the
    # previous Totaal row); the balance "Totaal" (row 12) has no rows of its own above it
    rows = [list(r) for r in TABLE]
    rows[5][0], rows[10][0] = "Totaal kosten", "Totaal baten"
    study, report = _read(tmp_path, rows=rows)
    assert report.ok, report.format("en")
    rows[10][1] = 113  # B11: rows 7-10 of column B give 90 + 8 + 5 = 103
    study, report = _read(tmp_path, rows=rows)
    assert ("reported_mismatch", "B11") in [(i.code, i.cell) for i in report.issues]
    assert "(103)" in [i for i in report.issues if i.cell == "B11"][0].render()["message"]


def test_totals_within_rounding_pass(tmp_path):
    rows = [list(r) for r in TABLE]
    rows[7][5] = 40.4  # F8: 40,4 against 40 from one part: within half a unit
    rows[10][2] = 40.4  # C11: 40,4 against 40 from one part above it
    study, report = _read(tmp_path, rows=rows)
    assert report.ok, report.format("en")


def test_costs_negative_block_with_a_kind(tmp_path):
    # a block of costs only, negative: -100 is a cost of 100 000, 0 is kept, a positive cost is
    # an issue naming the cell, the block's sign key and the rule
    rows = [["Kosten (x € 1.000)"], ["Post", "Gemeente"], ["Inzet wijkteam", -100],
            ["Coördinatie", 0], ["Totaal", -100]]
    text = STUDY + """
[labels]
"Inzet wijkteam" = "uitvoering_team"

[[items]]
sheet = "Kosten"
kind = "kosten"
category_column = "A"
header_row = 2
actor_columns = ["B"]
first_row = 3
sign = "costs negative"
multiplier = 1000

[[items]]
sheet = "Kosten"
kind = "baten"
category = "Jeugdzorg"
actor = "Gemeente"
first_row = 3
last_row = 3
value_column = "B"
sign = "costs negative"
"""
    study, report = _read(tmp_path, text, rows, "Kosten")
    # the second block reads B3 (-100) as a benefit: negative, against the rule
    assert study is None
    assert [(i.code, i.cell) for i in report.issues] == [("negative_amount", "B3")]
    issue = report.issues[0]
    assert issue.render()["message"].startswith(
        "lindeveld-2015.mapping.toml, items[2].sign (regel ")
    assert "een negatief bedrag bij baten" in issue.render()["message"]
    assert "a negative amount of benefits" in issue.render("en")["message"]
    assert 'sign = "costs negative"' in issue.render("en")["message"]

    rows[2][1] = 100  # now a positive cost in the first block
    study, report = _read(tmp_path, text, rows, "Kosten")
    assert ("invalid_value", "B3") in [(i.code, i.cell) for i in report.issues]


def test_the_block_sign_wins_over_the_top_level_sign(tmp_path):
    # top level: costs negative; the block says positive, so its -150 is a negative amount
    # (build_study's rule for positive blocks) and it needs a kind
    text = 'sign = "costs negative"\n' + MAPPING.replace('sign = "costs negative"\n',
                                                          'sign = "positive"\nkind = "kosten"\n')
    study, report = _read(tmp_path, text)
    assert study is None
    assert "negative_amount" in {i.code for i in report.issues}
    # and without the block's own sign the top level counts: the table reads as before
    text = 'sign = "costs negative"\n' + MAPPING.replace('sign = "costs negative"\n', "")
    study, report = _read(tmp_path, text)
    assert report.ok, report.format("en")
    assert _by(study)[("cost", "uitvoering_team", "gemeente")] == 150_000.0


def test_a_zero_is_skipped_when_the_sign_tells_the_kind(tmp_path):
    rows = [list(r) for r in TABLE]
    rows[6][2] = 0  # C7: Minder jeugdzorg for Zorgverz. 0 -> no line item (and the total holds)
    study, _ = _read(tmp_path, rows=rows)
    assert ("benefit", "jeugdzorg", "zorgverzekeraar") not in _by(study)
    assert len(study.items) == 8


def test_category_columns_read_actors_by_categories(tmp_path):
    # the same kind of table turned round: actors as rows, the workbook's own effect labels
    # as columns, benefits only (positive), in euros
    rows = [["Baten per partij"], ["Partij", "Minder jeugdzorg", "Minder politie-inzet",
                                   "Totaal"],
            ["Gemeente", 90_000, 5_000, 95_000], ["Politie", None, 25_000, 25_000],
            ["Totaal", 90_000, 30_000, 120_000]]
    text = STUDY + """
[labels]
"Minder jeugdzorg" = "jeugdzorg"
"Minder politie-inzet" = "Politie, justitie en overlast"

[[items]]
sheet = "Baten"
kind = "baten"
actor_column = "A"
header_row = 2
category_columns = "B:D"
first_row = 3

[[items]]
sheet = "Baten"
kind = "kosten"
category = "Inzet team"
actor = "Gemeente"
first_row = 3
last_row = 3
value_column = "D"
"""
    study, report = _read(tmp_path, text, rows, "Baten")
    assert report.ok, report.format("en")
    # by hand: jeugdzorg/gemeente 90 000; politie_overlast/gemeente 5 000 and
    # politie_overlast/politie_justitie 25 000; the cost block reads D3 (95 000)
    assert _by(study) == {("benefit", "jeugdzorg", "gemeente"): 90_000.0,
                          ("benefit", "politie_overlast", "gemeente"): 5_000.0,
                          ("benefit", "politie_overlast", "politie_justitie"): 25_000.0,
                          ("cost", "uitvoering_team", "gemeente"): 95_000.0}
    row = study.items[study.items["actor"] == "politie_justitie"].iloc[0]
    assert (row["category_label"], row["description"]) == ("Minder politie-inzet",
                                                           "Minder politie-inzet")


def test_until_empty_ends_a_table_at_the_first_empty_label(tmp_path):
    rows = [list(r) for r in TABLE[:5]] + [[], ["Niet gelezen", 1, 1, 1, 1, 4]]
    text = MAPPING + '\n[[items]]\nsheet = "MKBA"\nkind = "baten"\ncategory = "Jeugdzorg"\n' \
        'actor = "Gemeente"\nfirst_row = 7\nvalue_column = "B"\n'
    study, report = _read(tmp_path, text, rows)
    assert report.ok, report.format("en")
    # rows 4-5 only from the table; row 7 only through the second block, which has no
    # multiplier: 1 euro
    assert _by(study) == {("cost", "uitvoering_team", "gemeente"): 150_000.0,
                          ("cost", "coordinatie_overhead", "gemeente"): 12_500.0,
                          ("benefit", "jeugdzorg", "gemeente"): 1.0}


def test_an_unknown_header_label_is_named_at_its_cell(tmp_path):
    text = MAPPING.replace('"Corporatie Lindeveld" = "woningcorporatie"\n', "")
    study, report = _read(tmp_path, text)
    assert study is None
    assert {(i.code, i.cell) for i in report.issues} == {("unknown_label", "D3")}
