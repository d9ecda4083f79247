"""Studies known only by their published headline figures: the template's sheet Kopcijfers, the
evidence of workbooks and a register, and a register through ``check_files``.

The figures written into the workbooks below are made up for the tests; what the reader must
make of them follows from the template's own labels (the drop-down lists) and the rules of the
register's README (a ratio has no period, a yearly saving is per year, "up to" is an upper bound).
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from mkba.errors import InputError
from mkba.headlines import headline_text, left_out_of_pooling
from mkba.io import check_evidence, check_files, read_evidence, read_study
from mkba.io.register import shipped_register
from mkba.report_published import published_records, published_rows
from mkba.write.template import write_study_template, write_template

STUDIES = Path(__file__).resolve().parents[1] / "studies"
SHIPPED_IDS = sorted(p.stem for p in STUDIES.glob("*.xlsx"))  # each study file is named by its id

# Studie rows (column B) of the template: 2 id, 4 municipality, 5 approach name, 6 approach type,
# 13 author/bureau, 14 year of publication; Kopcijfers columns A..L as in the header row.
STUDY_NL = {2: "testdorp-2019", 4: "Testdorp", 5: "Sociaal wijkteam Testdorp",
            6: "Wijkteam in probleemwijk", 13: "Bureau Voorbeeld", 14: 2019}
UPPER_NL = ["Baten-kostenverhouding", 2, None, None, "bovengrens", "maatschappij", None, None,
            None, "gecontroleerd", "https://example.org/mkba-testdorp.pdf, p. 12",
            "'tot 2 euro per geïnvesteerde euro'"]
YEARLY_NL = ["Besparing per jaar", 250000, None, None, "schatting", "gemeente", "per jaar", 2018,
             None, "afgeleid", "Raadsbrief 2019, paragraaf 3", None]


def _headline_book(path, lang="nl", study=None, rows=(UPPER_NL,)):
    write_template(path, lang=lang)
    wb = openpyxl.load_workbook(path)
    sheet, figures = (("Studie", "Kopcijfers") if lang == "nl" else ("Study", "Headlines"))
    for row, value in (STUDY_NL if study is None else study).items():
        wb[sheet].cell(row, 2).value = value
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            wb[figures].cell(r, c).value = value
    wb.save(path)
    return path


# -- a headline-only study ------------------------------------------------------------------------
def test_a_headline_only_template_study_is_a_published_study(tmp_path):
    path = _headline_book(tmp_path / "testdorp.xlsx", rows=(UPPER_NL, YEARLY_NL))
    evidence, report = check_evidence([path])
    assert report.ok, report.format("en")
    assert evidence.studies == ()
    (study,) = evidence.published
    assert (study.id, study.municipality, study.approach, study.approach_type, study.year,
            study.bureau, study.scope, study.file, study.cell, study.recomputed) == (
        "testdorp-2019", "Testdorp", "Sociaal wijkteam Testdorp", "wijkteam_probleemwijk", 2019,
        "Bureau Voorbeeld", "team", "testdorp.xlsx", "Studie!B2", False)
    upper, yearly = study.headlines
    assert (upper.measure, upper.value, upper.bound, upper.perspective, upper.period,
            upper.status) == ("bcr", 2, "upper", "society", None, "verified")
    assert upper.source == study.source == "https://example.org/mkba-testdorp.pdf, p. 12"
    assert (yearly.measure, yearly.value, yearly.bound, yearly.perspective, yearly.period,
            yearly.price_year, yearly.source) == (
        "yearly_saving", 250000, "estimate", "municipality", "per_year", 2018,
        "Raadsbrief 2019, paragraaf 3")
    assert study.status == "inferred"  # one of its figures is derived, not read literally
    assert headline_text(upper) == "baten-kostenverhouding ≤ 2 (bovengrens)"
    assert headline_text(yearly, "en") == "saving per year €250,000 (estimate, per year)"
    reason = left_out_of_pooling(study)
    assert "alleen kopcijfers" in reason.nl and "upper bound" in reason.en
    assert "per year" in reason.en and "perspective: municipality" in reason.en


def test_a_made_up_headline_only_study_says_so_wherever_it_is_shown(tmp_path):
    # row 24 of Studie: 'Illustratief voorbeeld'; an example must never pass for a published study
    path = _headline_book(tmp_path / "testdorp.xlsx", study={**STUDY_NL, 24: "ja"})
    (study,) = check_evidence([path])[0].published
    assert study.illustrative
    (row,) = published_rows([study])
    assert row["approach"] == "Sociaal wijkteam Testdorp (illustratief)"
    assert published_rows([study], "en")[0]["approach"].endswith("(illustrative)")
    assert published_records([study])[0]["illustrative"] is True
    real = check_evidence([_headline_book(tmp_path / "echt.xlsx")])[0].published[0]
    assert not real.illustrative and published_rows([real])[0]["approach"] == STUDY_NL[5]
    assert not any(s.illustrative for s in read_evidence([], register=shipped_register())
                   .published)  # the register lists published studies only


def test_a_headline_only_study_is_valid_for_check_files_but_no_study_to_recompute(tmp_path):
    path = _headline_book(tmp_path / "testdorp.xlsx")
    studies, report = check_files([path])
    assert (studies, report.ok, report.valid) == ([], True, ("testdorp-2019",))
    with pytest.raises(InputError) as err:  # nothing to recompute
        read_study(path)
    assert str(err.value).startswith("testdorp.xlsx heeft geen posten om te herberekenen")
    assert "read it with read_evidence" in err.value.render("en")


def test_the_english_template_takes_english_labels(tmp_path):
    row = ["Benefit-cost ratio", 1.9, None, None, "Lower bound", "Society", None, None, "4%",
           "Verified", "https://example.org/report", None]
    path = _headline_book(tmp_path / "en.xlsx", lang="en", rows=(row,))
    evidence = read_evidence([path])
    (h,) = evidence.published[0].headlines
    assert (h.measure, h.value, h.bound, h.perspective, h.rate, h.status) == (
        "bcr", 1.9, "lower", "society", pytest.approx(0.04), "verified")
    assert evidence.published[0].cell == "Study!B2"


def test_a_row_without_a_figure_says_none_was_found(tmp_path):
    row = [None] * 9 + ["niet gevonden", "https://example.org/raadsbrief", "alleen effecten"]
    path = _headline_book(tmp_path / "leeg.xlsx", rows=(row,))
    (study,) = read_evidence([path]).published
    assert (study.headlines, study.status, study.source) == (
        (), "not_found", "https://example.org/raadsbrief")
    assert left_out_of_pooling(study).en == "no headline figure found"


def test_only_id_municipality_and_approach_are_needed(tmp_path):
    path = _headline_book(tmp_path / "kaal.xlsx", study={2: "kaal-2020", 4: "Kaal", 5: "Team"})
    (study,) = read_evidence([path]).published
    assert (study.approach_type, study.year, study.bureau, study.commissioner) == (
        None, None, "", "")
    path = _headline_book(tmp_path / "geen.xlsx", study={2: "geen-2020", 5: "Team", 14: 1850})
    _, report = check_evidence([path])
    assert [(i.code, i.sheet, i.cell) for i in report.issues] == [
        ("missing_field", "Studie", "B4"), ("invalid_value", "Studie", "B14")]
    assert "'Gemeente'" in report.issues[0].render()["message"]
    assert "'Municipality'" in report.issues[0].render("en")["message"]


# -- every wrong cell of Kopcijfers is named ------------------------------------------------------
def _with(**changes):
    columns = "ABCDEFGHIJKL"
    row = list(UPPER_NL)
    for letter, value in changes.items():
        row[columns.index(letter)] = value
    return row


@pytest.mark.parametrize(("row", "code", "cell", "nl", "en"), [
    (_with(A="Rendement"), "unknown_label", "A2", "kolom Maatstaf: onbekende waarde",
     "column Measure: unknown value"),
    (_with(B="veel"), "not_a_number", "B2", "kolom Waarde: geen getal",
     "column Value: not a number"),
    (_with(B=None, C=1, E="bandbreedte"), "missing_field", "D2",
     "kolom Hoog: een bandbreedte zonder onder- of bovenkant",
     "column High: a range without its low or high end"),
    (_with(B=None, C=3, D=1, E="bandbreedte"), "invalid_value", "C2",
     "kolom Laag: de onderkant ligt boven de bovenkant",
     "column Low: the low end is above the high end"),
    (_with(E="misschien"), "unknown_label", "E2", "kolom Schatting of grens: onbekende waarde",
     "column Estimate or bound: unknown value"),
    (_with(F=None), "missing_field", "F2", "kolom Perspectief: leeg", "column Perspective: empty"),
    (_with(G="per jaar"), "invalid_value", "G2", "kolom Periode: een baten-kostenverhouding "
     "heeft geen periode", "column Period: a benefit-cost ratio has no period"),
    (_with(A="Netto contante waarde", B=1e6), "invalid_value", "G2",
     "netto contante waarde hoort bij de periode contante waarde",
     "net present value goes with the period present value"),
    (_with(H=1850), "invalid_value", "H2", "kolom Prijsjaar: buiten het toegestane bereik",
     "column Price year: outside the allowed range"),
    (_with(I=0.8), "invalid_value", "I2", "kolom Disconteringsvoet: buiten het toegestane "
     "bereik", "column Discount rate: outside the allowed range"),
    (_with(J="niet gevonden"), "invalid_value", "J2", "kolom Status: een kopcijfer met de status",
     "column Status: a headline figure with the status not found"),
    (_with(J=None), "missing_field", "J2", "kolom Status: leeg", "column Status: empty"),
    (_with(K=None), "missing_field", "K2", "kolom Bron: leeg", "column Source: empty"),
    (_with(A=None), "missing_field", "B2", "kolom Waarde: een kopcijfer zonder maatstaf",
     "column Value: a headline figure without a measure"),
])
def test_a_wrong_kopcijfers_cell_is_named(tmp_path, row, code, cell, nl, en):
    path = _headline_book(tmp_path / "fout.xlsx", rows=(row,))
    evidence, report = check_evidence([path])
    (issue,) = report.issues
    assert (issue.code, issue.file, issue.sheet, issue.cell) == (code, "fout.xlsx", "Kopcijfers",
                                                                 cell)
    assert nl in issue.render()["message"] and en in issue.render("en")["message"]
    assert evidence.published == ()


def test_a_formula_without_a_value_is_named(tmp_path):
    path = _headline_book(tmp_path / "fout.xlsx", rows=(_with(B="=1+1"),))
    (issue,) = check_evidence([path])[1].issues  # openpyxl saves no calculated value
    assert (issue.code, issue.sheet, issue.cell) == ("uncached_formula", "Kopcijfers", "B2")


def test_allowed_values_are_told_as_the_drop_down_labels(tmp_path):
    path = _headline_book(tmp_path / "fout.xlsx", rows=(_with(E="misschien"),))
    (issue,) = check_evidence([path])[1].issues
    assert issue.render()["expected"] == \
        "een van: schatting, ondergrens, bovengrens, bandbreedte"
    assert issue.render("en")["expected"] == "one of: estimate, lower bound, upper bound, range"


def test_a_kopcijfers_sheet_without_its_columns_is_one_issue(tmp_path):
    path = _headline_book(tmp_path / "kop.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Kopcijfers"]["K1"] = "Vindplaats"
    wb.save(path)
    (issue,) = check_evidence([path])[1].issues
    assert (issue.code, issue.sheet, issue.cell) == ("missing_column", "Kopcijfers", "A1")
    assert "geen kolom Bron" in issue.render()["message"]
    assert "no column Source" in issue.render("en")["message"]


# -- line items and headline figures in one workbook ----------------------------------------------
def test_line_items_and_headlines_give_the_study_and_its_published_figures(tmp_path):
    study = read_study(STUDIES / "brakelveen-2012.xlsx")
    path = write_study_template(study, tmp_path / "brakelveen-2012.xlsx")
    wb = openpyxl.load_workbook(path)
    for c, value in enumerate(UPPER_NL, start=1):
        wb["Kopcijfers"].cell(2, c).value = value
    wb.save(path)
    evidence, report = check_evidence([path])
    assert report.ok, report.format("en")
    assert [s.id for s in evidence.studies] == ["brakelveen-2012"]
    (published,) = evidence.published
    assert (published.id, published.recomputed, published.municipality, published.cell) == (
        "brakelveen-2012", True, study.municipality, "Studie!B2")
    assert published.headlines[0].bound == "upper"
    assert "herberekend uit haar posten" in left_out_of_pooling(published).nl
    assert "recomputed from its line items" in left_out_of_pooling(published).en
    studies, report = check_files([path])  # the old reader: the same study, no issue
    assert [s.id for s in studies] == ["brakelveen-2012"] and report.ok


def test_a_template_with_neither_is_told_about_kopcijfers(tmp_path):
    study = read_study(STUDIES / "brakelveen-2012.xlsx")
    path = write_study_template(study, tmp_path / "zonder.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Kasstromen"].delete_rows(2, wb["Kasstromen"].max_row)
    wb["Contante waarden"].delete_rows(2, wb["Contante waarden"].max_row)
    wb.save(path)
    _, report = check_files([path])
    issues = [i for i in report.issues if i.code == "no_line_items"]
    assert len(issues) == 2  # no costs and no benefits
    assert issues[0].render()["expected"] == \
        "minstens één kostenpost, of alleen kopcijfers op blad Kopcijfers"
    assert issues[0].render("en")["expected"] == \
        "at least one cost line item, or only headline figures on sheet Kopcijfers"


# -- evidence: workbooks and the register ---------------------------------------------------------
def test_the_shipped_studies_and_register_are_the_evidence():
    evidence, report = check_evidence(STUDIES, register=shipped_register())
    assert report.ok, report.format("en")
    assert sorted(s.id for s in evidence.studies) == SHIPPED_IDS
    assert len(SHIPPED_IDS) == 13
    with shipped_register().open(encoding="utf-8-sig", newline="") as fh:
        ids = list(dict.fromkeys(r["register_id"] for r in csv.DictReader(fh, delimiter=";")))
    assert len(ids) >= 22
    assert [s.id for s in evidence.published] == ids
    assert report.files[-1] == "published_mkbas.csv"
    assert set(report.valid) == set(SHIPPED_IDS) | set(ids)


def test_workbooks_come_before_the_register(tmp_path):
    path = _headline_book(tmp_path / "testdorp.xlsx")
    evidence = read_evidence([path], register=shipped_register())
    assert evidence.published[0].id == "testdorp-2019"
    assert evidence.published[1].file == "published_mkbas.csv"


def test_an_id_in_a_workbook_and_the_register_is_a_duplicate(tmp_path):
    path = _headline_book(tmp_path / "tilburg.xlsx",
                          study={**STUDY_NL, 2: "tilburg-2015-wijkteams"})
    evidence, report = check_evidence([path], register=shipped_register())
    (issue,) = report.issues
    with shipped_register().open(encoding="utf-8-sig", newline="") as fh:
        line = next(n for n, r in enumerate(csv.DictReader(fh, delimiter=";"), start=2)
                    if r["register_id"] == "tilburg-2015-wijkteams")
    assert (issue.code, issue.file, issue.cell) == ("duplicate_study_id", "published_mkbas.csv",
                                                    f"A{line}")
    assert issue.render()["message"] == \
        "studie-id 'tilburg-2015-wijkteams' wordt ook gebruikt door tilburg.xlsx"
    assert issue.render("en")["message"] == \
        "study id 'tilburg-2015-wijkteams' is also used by tilburg.xlsx"
    assert [s.id for s in evidence.published] == ["tilburg-2015-wijkteams"]  # the workbook's
    with pytest.raises(InputError) as err:
        read_evidence([path], register=shipped_register())
    assert err.value.report.issues == report.issues


def test_an_id_in_two_workbooks_is_a_duplicate(tmp_path):
    a = _headline_book(tmp_path / "a.xlsx")
    b = _headline_book(tmp_path / "b.xlsx")
    _, report = check_evidence([a, b])
    (issue,) = report.issues
    assert (issue.code, issue.file, issue.sheet, issue.cell) == (
        "duplicate_study_id", "b.xlsx", "Studie", "B2")
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a = _headline_book(tmp_path / "x" / "kop.xlsx")
    b = _headline_book(tmp_path / "y" / "kop.xlsx")  # the same name in another folder
    (issue,) = check_evidence([a, b])[1].issues
    assert issue.code == "duplicate_study_id"


# -- check_files: the studies as before, and a register named as such -----------------------------
def test_check_files_on_the_studies_is_unchanged():
    studies, report = check_files(STUDIES)
    assert report.ok
    assert sorted(s.id for s in studies) == SHIPPED_IDS
    assert report.files == tuple(f"{i}.xlsx" for i in SHIPPED_IDS)


def test_check_files_checks_a_register(tmp_path):
    studies, report = check_files([shipped_register()])
    assert (studies, report.ok, report.files) == ([], True, ("published_mkbas.csv",))
    assert "denhaag-2011-casemanagement" in report.valid
    bad = tmp_path / "register.csv"
    text = shipped_register().read_text(encoding="utf-8-sig").replace(";upper;", ";boven;", 1)
    bad.write_text(text, encoding="utf-8-sig")
    studies, report = check_files([bad])
    (issue,) = report.issues
    assert (issue.code, issue.file, issue.cell[0]) == ("unknown_label", "register.csv", "O")
    assert report.valid == ()
    assert "kolom bound: onbekende waarde" in issue.render()["message"]
    assert "column bound: unknown value" in issue.render("en")["message"]


def test_a_folder_gives_workbooks_only(tmp_path):
    (tmp_path / "register.csv").write_bytes(shipped_register().read_bytes())
    _headline_book(tmp_path / "testdorp.xlsx")
    _, report = check_files(tmp_path)
    assert report.files == ("testdorp.xlsx",)


# -- [[headlines]] blocks of a mapping file ------------------------------------------------------
MAPPED = '''[study]
id = "kaapdorp-2016"
municipality = "=Samenvatting!B1"
approach_name = "Buurtteams Kaapdorp"
author = "Bureau Voorbeeld"

[[headlines]]
measure = "bcr"
value = "=Samenvatting!B3"
bound = "lower"
perspective = "society"
status = "verified"
source = "https://example.org/kaapdorp.pdf, p. 4"

[[headlines]]
measure = "=Samenvatting!A4"
value = "=Samenvatting!B4"
bound = "estimate"
perspective = "municipality"
period = "per_year"
price_year = 2015
status = "inferred"
source = "Samenvatting, tabel 2"
'''


def _mapped(tmp_path, toml=MAPPED, ratio="1,4"):
    book = tmp_path / "kaapdorp.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Samenvatting"
    for ref, value in (("B1", "Kaapdorp"), ("A3", "bkv"), ("B3", ratio),
                       ("A4", "Besparing per jaar"), ("B4", 120000)):
        ws[ref] = value
    wb.save(book)
    (tmp_path / "kaapdorp.mapping.toml").write_text(toml, encoding="utf-8")
    return book


def test_a_mapping_with_only_headlines_is_a_published_study(tmp_path):
    (study,) = read_evidence([_mapped(tmp_path)]).published
    assert (study.id, study.municipality, study.bureau, study.status, study.source) == (
        "kaapdorp-2016", "Kaapdorp", "Bureau Voorbeeld", "inferred",
        "https://example.org/kaapdorp.pdf, p. 4")
    ratio, yearly = study.headlines
    assert (ratio.measure, ratio.value, ratio.bound) == ("bcr", 1.4, "lower")
    assert (yearly.measure, yearly.value, yearly.period, yearly.price_year) == (
        "yearly_saving", 120000, "per_year", 2015)


def test_mkba_validate_names_the_mapping_layout_of_a_headline_only_study(tmp_path, capsys):
    from mkba.cli import main

    book = _mapped(tmp_path)
    assert read_evidence([book]).published[0].layout == "mapping"
    assert main(["validate", str(book)]) == 0
    assert "ok  kaapdorp.xlsx: kaapdorp-2016 (mapping, alleen kopcijfers)\n" in \
        capsys.readouterr().out  # it said "template" whatever the layout


def test_a_wrong_mapped_cell_is_named_with_its_key_and_line(tmp_path):
    _, report = check_evidence([_mapped(tmp_path, ratio="veel")])
    (issue,) = report.issues
    assert (issue.code, issue.sheet, issue.cell) == ("not_a_number", "Samenvatting", "B3")
    assert issue.render()["message"] == \
        "kaapdorp.mapping.toml, headlines[1].value (regel 9): geen getal"
    assert issue.render("en")["message"] == \
        "kaapdorp.mapping.toml, headlines[1].value (line 9): not a number"
    toml = MAPPED.replace('period = "per_year"', 'period = "present_value"')
    (issue,) = check_evidence([_mapped(tmp_path, toml)])[1].issues
    assert issue.code == "invalid_value" and "headlines[2].period" in issue.render()["message"]
    assert issue.render("en")["expected"] == "per_year"


def test_an_unknown_key_of_a_headlines_block_is_a_mapping_error(tmp_path):
    toml = MAPPED.replace('bound = "lower"', 'bound = "lower"\nbron = "x"')
    (issue,) = check_evidence([_mapped(tmp_path, toml)])[1].issues
    assert issue.code == "mapping_error"
    assert "headlines[1].bron" in issue.render()["message"] and "onbekende sleutel" in \
        issue.render()["message"]
    assert "unknown key" in issue.render("en")["message"]


def test_a_mapping_with_items_and_headlines_gives_both(tmp_path):
    for name in ("grevenhaven-2013.xlsx", "grevenhaven-2013.mapping.toml"):
        (tmp_path / name).write_bytes((STUDIES / name).read_bytes())
    toml = tmp_path / "grevenhaven-2013.mapping.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '''
[[headlines]]
measure = "bcr"
value = 2
bound = "upper"
perspective = "society"
status = "verified"
source = "https://example.org/grevenhaven.pdf"
''', encoding="utf-8")
    evidence, report = check_evidence([tmp_path / "grevenhaven-2013.xlsx"])
    assert report.ok, report.format("en")
    assert [s.id for s in evidence.studies] == ["grevenhaven-2013"]
    (published,) = evidence.published
    assert (published.id, published.recomputed, published.headlines[0].bound) == (
        "grevenhaven-2013", True, "upper")
    assert published.cell == ""  # the id is written in the mapping file, not read from a cell

