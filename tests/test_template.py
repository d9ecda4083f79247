"""The mkba template: blank workbook, filled by a person, re-saved by LibreOffice, round trip."""

from __future__ import annotations

import importlib.util
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mkba.errors import ArgumentError
from mkba.io import check_files, template
from mkba.io.template import detect, read
from mkba.io.workbook import load_workbook
from mkba.issues import IssueLog
from mkba.schema import STUDY_FIELDS, ReportedFigure, Study, items_frame
from mkba.write.template import write_study_template, write_template

DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("make_template_lo",
                                               DATA / "make_template_libreoffice.py")
filler = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(filler)


def _read(path):
    log = IssueLog(Path(path).name)
    wb = load_workbook(path, log)
    study = read(wb, log) if wb is not None else None
    return study, log.issues


def _edit(path, change):
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


# -- the blank template -------------------------------------------------------------------------
@pytest.mark.parametrize("lang, names", [
    ("nl", ["Toelichting", "Studie", "Kasstromen", "Contante waarden", "Kengetallen",
            "Kopcijfers", "Lijsten"]),
    ("en", ["Instructions", "Study", "Flows", "Present values", "Headline figures", "Headlines",
            "Lists"]),
])
def test_blank_template_sheets(tmp_path, lang, names):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang=lang))
    assert wb.sheetnames == names
    assert wb[names[-1]].sheet_state == "hidden"
    assert [ws.sheet_state for ws in wb.worksheets[:-1]] == ["visible"] * 6
    study = wb[names[1]]
    assert [study.cell(1, c).value for c in range(1, 5)] == (
        ["Veld", "Waarde", "Toelichting", "code"] if lang == "nl"
        else ["Field", "Value", "Help", "code"])
    assert [study.cell(r, 4).value for r in range(2, 2 + len(STUDY_FIELDS))] == \
        [f.name for f in STUDY_FIELDS]
    assert study.cell(15, 1).value == ("Prijspeil (jaar)" if lang == "nl" else "Price year")
    assert all(study.cell(r, 2).value is None for r in range(2, 2 + len(STUDY_FIELDS)))
    flows = wb[names[2]]
    assert [flows.cell(1, c).value for c in range(1, 7)] == (
        ["Soort", "Categorie", "Actor", "Omschrijving", "Variant", None] if lang == "nl"
        else ["Kind", "Category", "Actor", "Description", "Variant", None])
    assert [wb[names[3]].cell(1, c).value for c in (5, 6)] == (
        ["Variant", "Contante waarde"] if lang == "nl" else ["Variant", "Present value"])
    assert [wb[names[4]].cell(1, c).value for c in range(1, 7)] == (
        ["Variant", "Kengetal", "Waarde", "Laag", "Hoog", "Niveau"] if lang == "nl"
        else ["Variant", "Measure", "Value", "Low", "High", "Level"])
    assert [wb[names[5]].cell(1, c).value for c in range(1, 14)] == (
        ["Maatstaf", "Waarde", "Laag", "Hoog", "Schatting of grens", "Perspectief", "Periode",
         "Prijsjaar", "Disconteringsvoet", "Status", "Bron", "Opmerking", None] if lang == "nl"
        else ["Measure", "Value", "Low", "High", "Estimate or bound", "Perspective", "Period",
              "Price year", "Discount rate", "Status", "Source", "Note", None])


def _list_of(wb, ws, cell):
    """The labels of the drop-down list on ``cell`` (resolving the range on the hidden sheet)."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref and dv.type == "list":
            if dv.formula1.startswith('"'):
                return dv.formula1.strip('"').split(",")
            sheet, rng = dv.formula1.split("!")
            cells = wb[sheet.strip("'")][rng.replace("$", "")]
            return [c[0].value for c in cells]
    return None


def test_blank_template_drop_downs(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    study, flows = wb["Studie"], wb["Kasstromen"]
    assert _list_of(wb, study, "B7") == ["Wijk", "Meerdere wijken", "Gemeente"]  # scale
    assert _list_of(wb, study, "B24") == ["ja", "nee"]  # illustrative
    assert _list_of(wb, study, "B2") is None  # id: free text
    assert _list_of(wb, flows, "A2") == ["Kosten", "Baten"]
    assert _list_of(wb, flows, "A400") == ["Kosten", "Baten"]
    categories = _list_of(wb, flows, "B17")
    assert categories[0] == "Uitvoering team" and "Jeugdzorg en uithuisplaatsing" in categories
    assert len(categories) == 6 + 12  # cost and benefit categories
    assert _list_of(wb, flows, "C2")[:3] == ["Gemeente", "Zorgverzekeraar", "Rijk (incl. UWV/SVB)"]
    assert _list_of(wb, wb["Kengetallen"], "B2") == [
        "Contante waarde kosten", "Contante waarde baten", "Netto contante waarde",
        "Baten-kostenverhouding"]
    en = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", lang="en"))
    assert _list_of(en, en["Study"], "B7") == ["Neighbourhood", "Several neighbourhoods",
                                               "Whole municipality"]
    assert _list_of(en, en["Study"], "B24") == ["yes", "no"]
    # the sheet for published headline figures: measure, bound, perspective, period, status
    kop = wb["Kopcijfers"]
    assert _list_of(wb, kop, "A2") == [
        "baten-kostenverhouding", "netto contante waarde", "contante waarde kosten",
        "contante waarde baten", "besparing per jaar", "besparing", "kostenreductie",
        "maatschappelijk rendement"]
    assert _list_of(wb, kop, "E500") == ["schatting", "ondergrens", "bovengrens", "bandbreedte"]
    assert _list_of(wb, kop, "F2") == ["maatschappij", "gemeente", "onbekend"]
    assert _list_of(wb, kop, "G2") == ["contante waarde", "per jaar",
                                       "totaal, niet verdisconteerd"]
    assert _list_of(wb, kop, "J2") == ["gecontroleerd", "afgeleid", "niet gevonden"]
    assert [_list_of(wb, kop, c) for c in ("B2", "H2", "K2", "L2")] == [None] * 4
    assert _list_of(en, en["Headlines"], "E2") == ["estimate", "lower bound", "upper bound",
                                                   "range"]
    assert _list_of(en, en["Headlines"], "J2") == ["verified", "inferred", "not found"]


@pytest.mark.parametrize(("lang", "sheet", "words"), [
    ("nl", "Toelichting", ("Blad Kopcijfers", "alleen de kopcijfers",
                           "apart van de herberekende studies")),
    ("en", "Instructions", ("Sheet Headlines", "known only by its headline figures",
                            "apart from the recomputed studies")),
])
def test_the_instructions_explain_the_headlines_sheet(tmp_path, lang, sheet, words):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang=lang))
    text = " ".join(str(c.value) for c in wb[sheet]["A"] if c.value)
    assert all(w in text for w in words), text


def test_blank_template_bytes_are_deterministic(tmp_path):
    a = write_template(tmp_path / "a.xlsx")
    time.sleep(1.1)  # openpyxl would stamp a different save time
    b = write_template(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core
    assert not list(tmp_path.glob(".*.tmp"))  # no leftovers of the atomic write


def test_write_template_rejects_unknown_language(tmp_path):
    with pytest.raises(ArgumentError, match="lang='de'"):
        write_template(tmp_path / "t.xlsx", lang="de")
    assert not (tmp_path / "t.xlsx").exists()


def test_blank_template_is_detected_and_lists_every_required_field(tmp_path):
    log = IssueLog("t.xlsx")
    wb = load_workbook(write_template(tmp_path / "t.xlsx"), log)
    assert detect(wb)
    assert read(wb, log) is None
    required = [f for f in STUDY_FIELDS if f.required]
    assert [(i.code, i.cell) for i in log.issues] == [
        ("missing_field", f"B{2 + STUDY_FIELDS.index(f)}") for f in required]


# -- filled in by a person -----------------------------------------------------------------------
def _check_filled(study, name):
    """Expected values worked out by hand from tests/data/make_template_libreoffice.py."""
    assert study.id == "voorbeeldstad-2014" and study.layout == "template"
    assert (study.approach_type, study.scale, study.target_breadth, study.household_type,
            study.stage, study.evaluation, study.kind) == (
        "zorg_welzijnsteam", "meerdere_wijken", "kwetsbaar", "geen_onderscheid", "lopend",
        "ex_post", "quickscan")
    assert (study.price_year, study.discount_rate, study.first_year, study.horizon) == \
        (2013, 0.055, 2013, 5)
    assert (study.households, study.households_zwaar, study.households_kwetsbaar,
            study.households_overig) == (400, 20, 60, 320)
    assert study.illustrative is True and study.notes is None
    assert study.provenance["price_year"] == f"{name}!Studie!B15"
    assert study.variants == ("basis", "laag effect")
    items = study.items
    assert len(items) == 26  # 5 + 1 + 4 + 3 amounts per variant
    base = study.variant_items("basis")
    # costs: 5 x 250 000 team + 12 500 training; benefits: 4 x 150 000 + 40/60/80 000
    assert base.loc[base.kind == "cost", "amount"].sum() == 1_262_500
    assert base.loc[base.kind == "benefit", "amount"].sum() == 780_000
    low = study.variant_items("laag effect")
    assert low.loc[low.kind == "benefit", "amount"].sum() == 390_000
    training = items[items.category == "opleiding_frictie"]
    assert training.variant.tolist() == ["basis", "laag effect"]  # empty variant = basis
    assert training.amount.tolist() == [12500.0, 12500.0]  # "€ 12.500,00" and 12500
    assert training.source.tolist() == [f"{name}!Kasstromen!F3", f"{name}!Kasstromen!F8"]
    work = base[base.category == "uitkeringen_arbeid"]
    assert work.actor.unique().tolist() == ["rijk"] and work.actor_label.iloc[0] == "UWV"
    assert work.year.tolist() == [2015, 2016, 2017]
    assert work.source.tolist() == [f"{name}!Kasstromen!{c}5" for c in "HIJ"]
    assert items.loc[0, "source"] == f"{name}!Kasstromen!F2"
    assert items.loc[0, "description"] == "Teamleden"
    assert study.reported == (
        ReportedFigure("basis", "bcr", 0.59, 0.45, 0.75, 0.9, f"{name}!Kengetallen!C2"),
        ReportedFigure("laag effect", "bcr", 0.3, None, None, None, f"{name}!Kengetallen!C3"),
        ReportedFigure("basis", "pv_costs", 1_139_000.0, None, None, None,
                       f"{name}!Kengetallen!C4"),
    )


def test_filled_template_imports(tmp_path):
    path = filler.fill_template(tmp_path / "file.xlsx")
    study, issues = _read(path)
    assert issues == []
    _check_filled(study, "file.xlsx")


def test_committed_libreoffice_file_imports():
    path = DATA / "template_libreoffice.xlsx"
    with zipfile.ZipFile(path) as z:  # really written by LibreOffice, not by openpyxl
        assert b"LibreOffice" in z.read("docProps/app.xml")
    study, issues = _read(path)
    assert issues == []
    _check_filled(study, "template_libreoffice.xlsx")
    studies, report = check_files(path)  # also the reported figures agree with the flows
    assert report.ok and [s.id for s in studies] == ["voorbeeldstad-2014"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_libreoffice_resave_imports_to_the_same_values(tmp_path):
    filled = filler.fill_template(tmp_path / "file.xlsx")
    resaved = filler.resave_with_libreoffice(filled, tmp_path / "lo")
    with zipfile.ZipFile(resaved) as z:
        assert b"LibreOffice" in z.read("docProps/app.xml")
    before, _ = _read(filled)
    after, issues = _read(resaved)
    assert issues == []
    _check_filled(after, "file.xlsx")
    assert after.items.equals(before.items)
    assert after.metadata() == before.metadata()


def test_english_template_filled_imports(tmp_path):
    def fill(wb):
        study = wb["Study"]
        values = {"id": "en-1", "title": "T", "municipality": "M", "approach_name": "A",
                  "approach_type": "Elderly team", "scale": "Neighbourhood",
                  "target_breadth": "All households", "household_type": "Elderly",
                  "stage": "On the drawing board", "evaluation": "Ex ante",
                  "kind": "Full SCBA", "year": 2020, "price_year": 2019,
                  "discount_rate": "3%", "first_year": 2020, "horizon": 3,
                  "households": 50, "illustrative": "yes"}
        for row in range(2, study.max_row + 1):
            if study.cell(row, 4).value in values:
                study.cell(row, 2, values[study.cell(row, 4).value])
        pv = wb["Present values"]
        pv.append(["Cost", "Team operation", "Municipality", None, None, 1000])
        pv.append(["Benefit", "Health (Zvw care)", "Health insurer", "GP visits", "base", 1500])
    path = _edit(write_template(tmp_path / "en.xlsx", lang="en"), fill)
    study, issues = _read(path)
    assert issues == []
    assert (study.approach_type, study.stage, study.kind, study.discount_rate) == \
        ("ouderenteam", "tekentafel", "volledig", 0.03)
    assert study.items[["variant", "kind", "category", "actor", "amount"]].values.tolist() == [
        ["basis", "cost", "uitvoering_team", "gemeente", 1000.0],
        ["basis", "benefit", "gezondheid", "zorgverzekeraar", 1500.0]]
    assert study.items.year.isna().all()
    assert study.items.source.tolist() == ["en.xlsx!Present values!F2",
                                           "en.xlsx!Present values!F3"]


def test_row_with_amount_but_no_category_is_an_issue(tmp_path):
    def break_it(wb):
        wb["Kasstromen"]["B4"] = None
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), break_it)
    study, issues = _read(path)
    assert study is None
    assert {(i.code, i.sheet, i.cell) for i in issues} == {("missing_field", "Kasstromen", "B4")}


def test_inserted_column_and_moved_headers_are_followed(tmp_path):
    def insert(wb):  # a person adds a notes column before Variant: years shift to G
        wb["Kasstromen"].insert_cols(5)
        wb["Kasstromen"]["E1"] = "Toelichting"
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), insert)
    study, issues = _read(path)
    assert issues == []
    assert len(study.items) == 26
    assert study.items.loc[0, "source"] == "f.xlsx!Kasstromen!G2"
    assert study.variants == ("basis", "laag effect")


def test_the_older_header_scenario_still_names_the_variant(tmp_path):
    # templates filled in before the column was called "Variant" keep working
    def rename(wb):
        assert wb["Kasstromen"]["E1"].value == "Variant"
        wb["Kasstromen"]["E1"] = "Scenario"
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), rename)
    study, issues = _read(path)
    assert issues == []
    assert study.variants == ("basis", "laag effect")


def test_a_total_column_is_not_a_year(tmp_path):
    def add_total(wb):
        ws = wb["Kasstromen"]
        ws["K1"] = "Totaal"
        for row in range(2, 11):
            ws[f"K{row}"] = f"=SUM(F{row}:J{row})"  # never calculated: openpyxl writes it
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), add_total)
    study, issues = _read(path)
    assert issues == []
    assert len(study.items) == 26
    assert not study.items.source.str.contains(r"!K\d", regex=True).any()
    assert study.items.year.max() == 2017


def test_uncached_formula_in_amount_is_reported_not_skipped(tmp_path):
    def formula(wb):
        wb["Kasstromen"]["G5"] = "=H5/2"
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), formula)
    study, issues = _read(path)
    assert study is None
    assert [(i.code, i.sheet, i.cell) for i in issues] == [
        ("uncached_formula", "Kasstromen", "G5")]


def test_missing_sheet_names_the_expected_sheets(tmp_path):
    def drop(wb):
        wb["Studie"].title = "Blad1"
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), drop)
    log = IssueLog("f.xlsx")
    wb = load_workbook(path, log)
    assert detect(wb)  # still recognised by its flows sheet
    assert read(wb, log) is None
    [issue] = log.issues
    assert (issue.code, issue.sheet, issue.cell) == ("missing_sheet", None, None)
    assert issue.render()["message"] == "de werkmap heeft geen blad Studie (Study)"
    assert issue.render("en")["message"] == "the workbook has no sheet Studie (Study)"
    assert issue.render()["found"].startswith("bladen: Toelichting, Blad1, ")
    assert issue.render("en")["found"].startswith("sheets: Toelichting, Blad1, ")
    assert issue.render()["expected"].startswith("de bladen van `mkba template`: Studie (Study), "
                                                 "Kasstromen (Flows)")
    assert "Kasstromen (Flows)" in issue.render("en")["expected"]


def test_missing_label_column_is_an_issue(tmp_path):
    def drop(wb):
        wb["Kasstromen"]["C1"] = "Betaler"
    path = _edit(filler.fill_template(tmp_path / "f.xlsx"), drop)
    _, issues = _read(path)
    assert [(i.code, i.sheet, i.cell) for i in issues] == [("missing_column", "Kasstromen", "A1")]
    assert issues[0].render()["message"] == "blad Kasstromen heeft geen kolom Actor in rij 1"
    assert issues[0].render("en")["message"] == "sheet Kasstromen has no column Actor in row 1"
    assert issues[0].render()["expected"].startswith("Soort, Categorie, Actor, Omschrijving")
    assert issues[0].render("en")["expected"].startswith("Kind, Category, Actor, Description")
    assert "Betaler" in issues[0].render()["found"]  # the header row as found


def test_detect_refuses_other_workbooks(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Studie"
    wb.active.append(["Naam", "Waarde"])
    wb.create_sheet("Kosten").append(["Soort", "Bedrag"])
    wb.save(path)
    log = IssueLog(path.name)
    assert not detect(load_workbook(path, log))


# -- write_study_template round trip -------------------------------------------------------------
def _study():
    rows = [
        ("basis", "cost", "uitvoering_team", "gemeente", "team", 2015, 100.0),
        ("basis", "cost", "uitvoering_team", "gemeente", "team", 2016, 110.5),
        ("basis", "benefit", "overig", "overig", None, 2016, 300.0),
        ("basis", "benefit", "jeugdzorg", "zorgverzekeraar", None, None, 999.0),
        ("hoog", "cost", "overig", "gemeente", "=SUM(x)", 2015, 120.0),
        ("hoog", "benefit", "schulden", "woningcorporatie", None, 2017, 400.0),
    ]
    keys = ("variant", "kind", "category", "actor", "description", "year", "amount")
    items = items_frame([dict(zip(keys, r, strict=True)) for r in rows])
    return Study(
        id="rt", title="Round trip", municipality="Zwolle", approach_name="A",
        approach_type="jeugd_gezinsteam", scale="gemeente", target_breadth="zware_problematiek",
        household_type="gezinnen", stage="net_gestart", evaluation="mixed", kind="indicatief",
        year=2016, price_year=2015, discount_rate=0.04, first_year=2015, horizon=3,
        households=10, illustrative=False, households_zwaar=10, households_kwetsbaar=0,
        households_overig=0, items=items,
        reported=(ReportedFigure("basis", "net_pv", 1234.5, 1000.0, 1500.0, 0.95),
                  ReportedFigure("hoog", "pv_benefits", 390.0)),
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_write_study_template_round_trip(tmp_path, lang):
    original = _study()
    path = write_study_template(original, tmp_path / "rt.xlsx", lang=lang)
    back, issues = _read(path)
    assert issues == []
    assert back.metadata() == original.metadata()
    cols = ["variant", "kind", "category", "actor", "year", "amount"]
    assert sorted(map(tuple, back.items[cols].astype(object).values.tolist()),
                  key=repr) == sorted(map(tuple, original.items[cols].astype(object)
                                          .values.tolist()), key=repr)
    assert back.items.description.fillna("").tolist().count("=SUM(x)") == 1
    assert [(r.variant, r.measure, r.value, r.low, r.high, r.level) for r in back.reported] \
        == [("basis", "net_pv", 1234.5, 1000.0, 1500.0, 0.95),
            ("hoog", "pv_benefits", 390.0, None, None, None)]
    wb = openpyxl.load_workbook(path)
    flows = wb[template.SHEETS["flows"][lang == "en"]]
    assert [flows.cell(1, c).value for c in range(6, 9)] == [2015, 2016, 2017]
    assert isinstance(flows["G2"].value, float) and flows["G2"].value == 110.5
    assert flows["D4"].value == "=SUM(x)" and flows["D4"].data_type == "s"  # text, no formula
    pv = wb[template.SHEETS["pv"][lang == "en"]]
    assert pv["F2"].value == 999.0 and pv["E2"].value == "basis"


def test_write_study_template_is_deterministic(tmp_path):
    a = write_study_template(_study(), tmp_path / "a.xlsx")
    b = write_study_template(_study(), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_write_study_template_rejects_non_studies(tmp_path):
    with pytest.raises(ArgumentError) as info:
        write_study_template(object(), tmp_path / "x.xlsx")
    assert "items" in str(info.value) and "items table" in info.value.render("en")
    assert not (tmp_path / "x.xlsx").exists()
