"""A mapping's own labels: ``[labels]``, a shared ``labels_file``, the check of each target and
the line of each (quoted) key."""

from __future__ import annotations

import openpyxl
import pytest
from helpers_mapping import study_table

from mkba.io import check_files
from mkba.io.mapping_file import Lines, key_name

STUDY = study_table("veldstad-2015", "Wijkteams Veldstad", "Veldstad",
                    price_year=2015, discount_rate=0.04, first_year=2015, horizon=3, households=900)

BLOCK = """
[[items]]
sheet = "Effecten"
kind_column = "A"
category_column = "B"
actor_column = "C"
first_row = 2
value_column = "D"
"""

ROWS = [["Soort", "Effect", "Wie", "CW"],
        ["Lasten", "Inzet wijkteam", "Gem.", 1000],
        ["Opbrengsten", "Minder jeugdzorg", "Gem.", 800],
        ["Opbrengsten", "Minder politie-inzet", "Politie", 300]]

LABELS = """
[labels]
"Lasten" = "kosten"
"Inzet wijkteam" = "uitvoering_team"
"Minder jeugdzorg" = "jeugdzorg"
"Minder politie-inzet" = "politie_overlast"
"""


def _read(tmp_path, text, files=None):
    book = tmp_path / "veldstad.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Effecten"
    for row in ROWS:
        ws.append(row)
    wb.save(book)
    (tmp_path / "veldstad.mapping.toml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    studies, report = check_files(book)
    return (studies[0] if studies else None), report


def test_own_labels_map_the_workbook_wording_and_the_wording_stays(tmp_path):
    study, report = _read(tmp_path, STUDY + LABELS + BLOCK)
    assert report.ok, report.format("en")
    items = study.items.set_index("category")
    # "Opbrengsten" is a synonym of benefits; "Lasten" is mapped to costs in [labels]
    assert items.loc["uitvoering_team", ["kind", "actor", "amount"]].tolist() == \
        ["cost", "gemeente", 1000.0]
    assert items.loc["politie_overlast", ["kind", "actor"]].tolist() == \
        ["benefit", "politie_justitie"]
    assert items.loc["jeugdzorg", ["category_label", "description"]].tolist() == \
        ["Minder jeugdzorg", "Minder jeugdzorg"]


def test_labels_are_matched_as_folded_and_apply_to_fixed_values(tmp_path):
    labels = LABELS.replace('"Minder jeugdzorg"', '"  MINDER   Jeugdzorg. "')
    fixed = BLOCK.replace('category_column = "B"', 'category = "Minder jeugdzorg"').replace(
        'kind_column = "A"', 'kind = "Opbrengsten"').replace("first_row = 2", "first_row = 3")
    study, report = _read(tmp_path, STUDY + labels + fixed.replace(
        "value_column", 'last_row = 3\nvalue_column') + BLOCK.replace(
        "first_row = 2", "first_row = 2\nlast_row = 2"))
    assert report.ok, report.format("en")
    row = study.items[study.items["kind"] == "benefit"].iloc[0]
    assert (row["category"], row["category_label"], row["description"]) == \
        ("jeugdzorg", "Minder jeugdzorg", "Minder jeugdzorg")


def test_a_shared_labels_file_and_the_mappings_own_labels_win(tmp_path):
    shared = '# shared by every mapping of this bureau\n[labels]\n"Lasten" = "kosten"\n' \
             '"Inzet wijkteam" = "uitvoering_team"\n"Minder jeugdzorg" = "overig"\n' \
             '"Minder politie-inzet" = "politie_overlast"\n'
    own = '\n[labels]\n"minder jeugdzorg" = "jeugdzorg"\n'
    text = 'labels_file = "gedeeld/labels.toml"\n' + STUDY + own + BLOCK
    study, report = _read(tmp_path, text, {"gedeeld/labels.toml": shared})
    assert report.ok, report.format("en")
    assert set(study.items["category"]) == {"uitvoering_team", "jeugdzorg", "politie_overlast"}
    # without the own table the shared file's "overig" counts
    study, report = _read(tmp_path, text.replace(own, "\n"), {"gedeeld/labels.toml": shared})
    assert "overig" in set(study.items["category"])


def test_an_unknown_workbook_label_suggests_the_police_not_ggz(tmp_path):
    # the issue's case: "Minder politie-inzet" was suggested as GGZ
    study, report = _read(tmp_path, STUDY + LABELS.replace(
        '"Minder politie-inzet" = "politie_overlast"\n', "") + BLOCK)
    assert [(i.code, i.cell) for i in report.issues] == [("unknown_label", "B4")]
    message = report.issues[0].render("en")["message"]
    assert "did you mean 'Politie, justitie en overlast'?" in message and "GGZ" not in message


@pytest.mark.parametrize(("labels", "key", "line", "words"), [
    ('"Minder politie-inzet" = "politie-inzet"', 'labels."Minder politie-inzet"', 5,
     ("staat in geen van de woordenlijsten", "bedoelt u 'Politie, justitie en overlast' / "
      "'Politie en justitie'?")),
    ('"Minder jeugdzorg" = ""', 'labels."Minder jeugdzorg"', 5,
     ("moet een code, label of synoniem uit de woordenlijsten zijn",)),
    ('"Minder jeugdzorg" = 3', 'labels."Minder jeugdzorg"', 5,
     ("moet een code, label of synoniem uit de woordenlijsten zijn",)),
    ('"  " = "jeugdzorg"', 'labels."  "', 5, ("de eigen tekst van de werkmap is leeg",)),
    ('"Minder jeugdzorg" = "jeugdzorg"\n"minder Jeugdzorg" = "overig"',
     'labels."minder Jeugdzorg"', 6, ("dezelfde tekst als 'Minder jeugdzorg'",)),
    ('"Minder \\u00e9\\u00e9n" = "nope"', 'labels."Minder één"', 5, ("'nope' staat in geen",)),
])
def test_a_bad_label_is_a_mapping_error_naming_key_and_line(tmp_path, labels, key, line, words):
    text = '# top\nlabels_file = "l.toml"\n' + BLOCK
    study, report = _read(tmp_path, text, {"l.toml": "# shared\n\n[labels]\n\n" + labels + "\n"})
    assert study is None and [i.code for i in report.issues] == ["mapping_error"]
    issue = report.issues[0]
    assert issue.render()["message"].startswith(f"l.toml, {key} (regel {line}): ")
    assert issue.render("en")["message"].startswith(f"l.toml, {key} (line {line}): ")
    for w in words:
        assert w in issue.render()["message"]


def test_labels_written_as_something_else_or_with_unknown_keys(tmp_path):
    _, report = _read(tmp_path, 'labels = "jeugdzorg"\n' + STUDY + BLOCK)
    assert [i.render("en")["message"] for i in report.issues] == [
        "veldstad.mapping.toml, labels (line 1): must be written as [labels]"]
    _, report = _read(tmp_path, 'labels_file = "l.toml"\n' + STUDY + BLOCK,
                      {"l.toml": '[label]\n"x" = "jeugdzorg"\n'})
    assert [i.render()["message"] for i in report.issues] == [
        "l.toml, label (regel 1): onbekende sleutel; bedoelt u 'labels'?"]


def test_a_labels_file_that_is_empty_text_or_not_a_file(tmp_path):
    _, report = _read(tmp_path, 'labels_file = ""\n' + STUDY + BLOCK)
    assert [i.render("en")["message"] for i in report.issues] == [
        "veldstad.mapping.toml, labels_file (line 1): must be a non-empty text"]
    _, report = _read(tmp_path, 'labels_file = "nergens.toml"\n' + STUDY + BLOCK)
    message = report.issues[0].render()["message"]
    assert message.startswith("veldstad.mapping.toml, labels_file (regel 1): kan het "
                              "labelbestand nergens.toml niet lezen")


def test_lines_of_quoted_keys_top_level_keys_and_arrays():
    text = ('# comment\nsign = "costs negative"\nlabels_file = \'l.toml\'\n[labels]\n'
            '"Minder jeugdzorg" = "jeugdzorg"\n\'Zorgverz.\' = "zorgverzekeraar"\n'
            '"a \\"quoted\\" word" = "overig"\n[[items]]\nsheet = "A"\n[[items]]\n'
            'sheet = "B"\nmultiplier = 1000\n')
    lines = Lines(text)
    assert lines("", None, "sign") == 2 and lines("", None, "labels_file") == 3
    assert lines("labels", None, "Minder jeugdzorg") == 5
    assert lines("labels", None, "Zorgverz.") == 6
    assert lines("labels", None, 'a "quoted" word') == 7
    assert (lines("items", 1, "sheet"), lines("items", 2, "multiplier")) == (9, 12)
    assert lines("items", 2, None) == 10 and lines("labels", None, "absent") is None
    assert key_name("labels", None, 'a "quoted" word') == 'labels."a \\"quoted\\" word"'
