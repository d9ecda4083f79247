"""Generate the corpus of malformed mapping files, the workbook they map and their expectations.

One small workbook (``werkmap.xlsx``) holds a study as a consultancy might: yearly flows in
thousands (*Kasstromen*), an effects x actors table of present values with negative costs and
the workbook's own labels (*MKBA*), the same table with a wrong total column (*MKBA kolomfout*)
and with a wrong total row (*MKBA rijfout*), and headline figures (*Samenvatting*). ``BASE`` is
a valid mapping of it; each case in ``CASES`` changes one thing and is written to
``cases/<case>.mapping.toml``. ``expected.csv`` lists per case the one issue code it must give,
the file and key its message must name, the line of that key (counted here in the case's own
text, by the line that holds ``at``), and the cell where a cell is at fault.

Run ``python tests/corpus/mappings/make_mappings.py`` from the repository root and commit
``werkmap.xlsx``, ``cases/`` (the mappings and the labels files they name) and
``expected.csv``; the test checks that this
script writes the same bytes.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/: the shared [study]
from helpers_mapping import study_table  # noqa: E402

HERE = Path(__file__).resolve().parent
BOOK = "werkmap.xlsx"

# Sheet Kasstromen (x 1.000): header row 2 with the years 2015-2017, rows 3-5 the flows; row 7
# repeats the years above the block of row 8 (a second table), so that a block reaching past
# row 5 meets a row of years.
KASSTROMEN = [
    ["Kasstromen (x € 1.000)"],
    ["Soort", "Post", "Actor", 2015, 2016, 2017],
    ["K", "Inzet team", "Gemeente", 100, 100, 100],
    ["B", "Jeugdzorg", "Gemeente", 20, 90, 150],
    ["B", "Minder jeugdzorg", "Gem.", 10, 10, 10],
    [],
    ["B", "Jaren", None, 2015, 2016, 2017],
    ["B", "Gezondheid", "Zorgverz.", 5, 5, 5],
]
# Sheet MKBA (x 1.000, present values): effects x actors, costs negative, own labels. The totals
# add up: row 9 is the sum of rows 4-8 per column, column E the sum of B:D per row.
MKBA = [
    ["Maatschappelijke kosten en baten (x € 1.000, contante waarde)"],
    [],
    ["Effect", "Gem.", "Zorgverz.", "Politie", "Totaal"],
    ["Inzet wijkteam", -150, None, None, -150],
    ["Coördinatie en overhead", "-12,5", None, None, "-12,5"],
    ["Minder jeugdzorg", 90, None, None, 90],
    ["Minder inzet GGZ", None, 40, None, 40],
    ["Minder politie-inzet", 5, None, 25, 30],
    ["Totaal", -67.5, 40, 25, -2.5],
]


def _edited(rows, row: int, col: int, value):
    out = [list(r) for r in rows]
    out[row - 1][col - 1] = value
    return out


SHEETS = {
    "Kasstromen": KASSTROMEN,
    "MKBA": MKBA,
    "MKBA kolomfout": _edited(MKBA, 6, 5, 95),  # E6 says 95, the row adds up to 90
    "MKBA rijfout": _edited(MKBA, 9, 4, 26),  # D9 says 26, the column adds up to 25
    # costs 100 a year 2015-2017 at 4%, the first year discounted once: 96,15 + 92,46 + 88,90 =
    # 277,5; benefits 30, 100 and 160: 28,85 + 92,46 + 142,24 = 263,5; B/K 0,95
    "Samenvatting": [["Samenvatting"], ["CW kosten (x 1.000)", 277.5], ["B/K", 0.95]],
}

STUDY = study_table("werkmap-2015", "Corpus: een eigen werkmap", "Veldstad",
                    price_year=2015, discount_rate=0.04, first_year=2015, horizon=3, households=900)

BASE = """\
# werkmap.xlsx as a consultancy built it
labels_file = "labels.toml"
sign = "positive"

""" + STUDY + """
[labels]
"Minder jeugdzorg" = "jeugdzorg"
"Inzet wijkteam" = "uitvoering_team"

[[items]]
sheet = "Kasstromen"
kind_column = "A"
category_column = "B"
actor_column = "C"
first_row = 3
last_row = "until empty"
header_row = 2
year_columns = "D:F"
multiplier = 1000

[[items]]
sheet = "MKBA"
variant = "cw"
category_column = "A"
header_row = 3
actor_columns = "B:E"
first_row = 4
sign = "costs negative"
multiplier = 1000

[[reported]]
measure = "pv_costs"
value = "=Samenvatting!B2"
multiplier = 1000

[[reported]]
measure = "bcr"
value = "=Samenvatting!B3"
"""

#: The shared labels file, and two broken ones.
LABELS = {
    "labels.toml": '# the wording of this bureau\n[labels]\n"Minder politie-inzet" = '
                   '"politie_overlast"\n"Zorgverz." = "zorgverzekeraar"\n',
    "labels_syntax.toml": '[labels]\n"Minder politie-inzet" = politie_overlast\n',
    "labels_target.toml": '[labels]\n"Zorgverz." = "zorgverzekeraar"\n'
                          '"Minder politie-inzet" = "politie-inzet"\n',
}

# case: (old, new) replaced once in BASE; code; the file the message names; the key; the text
# of the key's line in the case's own text ("" when the issue has no line); the cell
CASES = {
    "unknown_own_label": (('"Minder jeugdzorg" = "jeugdzorg"\n', ""), "unknown_label", BOOK,
                          "", "", "Kasstromen!B5"),
    "items_multiplier_negative": (("year_columns = \"D:F\"\nmultiplier = 1000",
                                   "year_columns = \"D:F\"\nmultiplier = -1000"),
                                  "mapping_error", "case", "items[1].multiplier",
                                  "multiplier = -1000", ""),
    "items_multiplier_zero": (("year_columns = \"D:F\"\nmultiplier = 1000",
                               "year_columns = \"D:F\"\nmultiplier = 0"),
                              "mapping_error", "case", "items[1].multiplier", "multiplier = 0",
                              ""),
    "items_multiplier_true": (("negative\"\nmultiplier = 1000", "negative\"\nmultiplier = true"),
                              "mapping_error", "case", "items[2].multiplier",
                              "multiplier = true", ""),
    "items_multiplier_quoted": (("negative\"\nmultiplier = 1000",
                                 "negative\"\nmultiplier = \"1000\""),
                                "mapping_error", "case", "items[2].multiplier",
                                "multiplier = \"1000\"", ""),
    "reported_multiplier_negative": (("B2\"\nmultiplier = 1000", "B2\"\nmultiplier = -1000"),
                                     "mapping_error", "case", "reported[1].multiplier",
                                     "multiplier = -1000", ""),
    "reported_multiplier_zero": (("B2\"\nmultiplier = 1000", "B2\"\nmultiplier = 0"),
                                 "mapping_error", "case", "reported[1].multiplier",
                                 "multiplier = 0", ""),
    "reported_multiplier_true": (("B2\"\nmultiplier = 1000", "B2\"\nmultiplier = true"),
                                 "mapping_error", "case", "reported[1].multiplier",
                                 "multiplier = true", ""),
    "reported_multiplier_quoted": (("B2\"\nmultiplier = 1000", "B2\"\nmultiplier = \"1000\""),
                                   "mapping_error", "case", "reported[1].multiplier",
                                   "multiplier = \"1000\"", ""),
    "reported_multiplier_on_bcr": (("B3\"\n", "B3\"\nmultiplier = 1000\n"), "mapping_error",
                                   "case", "reported[2].multiplier", "multiplier = 1000\n#END",
                                   ""),
    "first_row_is_header_row": (("first_row = 3\n", "first_row = 2\n"), "mapping_error", "case",
                                "items[1].header_row", "header_row = 2", ""),
    "header_row_inside_block": (("first_row = 4\nsign", "first_row = 2\nlast_row = 9\nsign"),
                                "mapping_error", "case", "items[2].header_row", "header_row = 3",
                                ""),
    "header_row_wrong": (("header_row = 2\n", "header_row = 1\n"), "invalid_value", "case",
                         "items[1].header_row", "header_row = 1", "Kasstromen!D1"),
    "amounts_look_like_years": (("last_row = \"until empty\"", "last_row = 8"), "invalid_value",
                                "case", "items[1].first_row", "first_row = 3",
                                "Kasstromen!D7"),
    "bad_sign_value": (('sign = "positive"\n', 'sign = "negative"\n'), "mapping_error", "case",
                       "sign", 'sign = "negative"', ""),
    "bad_block_sign_value": (('sign = "costs negative"\n', 'sign = "kosten negatief"\n'),
                             "mapping_error", "case", "items[2].sign",
                             'sign = "kosten negatief"', ""),
    "sign_without_kind": (('sign = "costs negative"\n', ""), "mapping_error", "case",
                          "items[2]", "[[items]]\nsheet = \"MKBA\"", ""),
    "positive_cost_in_costs_negative_block": (('header_row = 2\n',
                                               'header_row = 2\nsign = "costs negative"\n'),
                                              "invalid_value", "case", "items[1].sign",
                                              'sign = "costs negative"\nyear_columns',
                                              "Kasstromen!D3"),
    "unknown_label_target": (('"Inzet wijkteam" = "uitvoering_team"',
                              '"Inzet wijkteam" = "inzet wijkteam"'), "mapping_error", "case",
                             'labels."Inzet wijkteam"', '"Inzet wijkteam" =', ""),
    "labels_file_missing": (('labels_file = "labels.toml"', 'labels_file = "nope.toml"'),
                            "mapping_error", "case", "labels_file", "labels_file =", ""),
    "labels_file_a_folder": (('labels_file = "labels.toml"', 'labels_file = "."'),
                             "mapping_error", "case", "labels_file", "labels_file =", ""),
    "labels_file_not_toml": (('labels_file = "labels.toml"', 'labels_file = "labels_syntax.toml"'),
                             "mapping_error", "case", "labels_file", "labels_file =", ""),
    "labels_file_unknown_target": (('labels_file = "labels.toml"',
                                    'labels_file = "labels_target.toml"'), "mapping_error",
                                   "labels_target.toml", 'labels."Minder politie-inzet"',
                                   "@labels_target.toml:\"Minder politie-inzet\"", ""),
    "actor_columns_without_header_row": (("header_row = 3\nactor_columns", "actor_columns"),
                                         "mapping_error", "case", "items[2].header_row",
                                         "[[items]]\nsheet = \"MKBA\"", ""),
    "actor_columns_with_actor_column": (("header_row = 3\n", "header_row = 3\n"
                                         "actor_column = \"B\"\n"), "mapping_error", "case",
                                        "items[2].actor_column", "actor_column = \"B\"\nactor_",
                                        ""),
    "actor_columns_with_value_column": (("header_row = 3\n", "header_row = 3\n"
                                         "value_column = \"B\"\n"), "mapping_error", "case",
                                        "items[2].value_column", "value_column =", ""),
    "actor_and_category_columns": (("actor_columns = \"B:E\"\n", "actor_columns = \"B:E\"\n"
                                    "category_columns = \"B:E\"\n"), "mapping_error", "case",
                                   "items[2].category_columns", "category_columns =", ""),
    "total_column_mismatch": (('sheet = "MKBA"', 'sheet = "MKBA kolomfout"'),
                              "reported_mismatch", "case", "items[2]",
                              "[[items]]\nsheet = \"MKBA kolomfout\"", "MKBA kolomfout!E6"),
    "total_row_mismatch": (('sheet = "MKBA"', 'sheet = "MKBA rijfout"'), "reported_mismatch",
                           "case", "items[2]", "[[items]]\nsheet = \"MKBA rijfout\"",
                           "MKBA rijfout!D9"),
}


def line_of(text: str, at: str, folder: Path) -> int | None:
    """The 1-based line where ``at`` starts in ``text`` (or, for ``@file:key``, in that file);
    None for an empty ``at``. A trailing ``#END`` anchors ``at`` to the end of the text."""
    if not at:
        return None
    if at.startswith("@"):
        name, at = at[1:].split(":", 1)
        text = (folder / name).read_text(encoding="utf-8")
    if at.endswith("#END"):
        at = at.removesuffix("#END")
        assert text.endswith(at), at
        return text[:len(text) - len(at)].count("\n") + 1
    assert text.count(at) == 1, (at, text.count(at))
    return text[:text.index(at)].count("\n") + 1


def case_text(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new, 1)


def write_workbook(path: Path) -> Path:
    """The shared workbook, written byte for byte the same each time."""
    from mkba.write.xlsx_bytes import save_workbook

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in SHEETS.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    return save_workbook(wb, path)


def main(folder: Path = HERE) -> None:
    """Write the workbook, the labels files, the cases and ``expected.csv`` into ``folder``."""
    folder = Path(folder)
    cases = folder / "cases"
    if cases.exists():
        shutil.rmtree(cases)
    cases.mkdir(parents=True)
    write_workbook(folder / BOOK)
    for name, text in LABELS.items():  # beside the mappings that name them
        (cases / name).write_text(text, encoding="utf-8")
    rows = []
    for case, (edit, code, file, key, at, cell) in CASES.items():
        text = case_text(*edit)
        (cases / f"{case}.mapping.toml").write_text(text, encoding="utf-8")
        line = line_of(text, at, cases)
        named = f"{case}.mapping.toml" if file == "case" else file
        rows.append((case, code, named, key, "" if line is None else line, cell))
    with open(folder / "expected.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("case", "code", "file", "key", "line", "cell"))
        writer.writerows(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))
    main()
