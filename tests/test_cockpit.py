"""Tests of the cockpit layout: hand-built consultancy workbooks and write/read round trips.

Every expected value below is worked out by hand from the cells the test writes.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from mkba.errors import ArgumentError
from mkba.io import check_files, cockpit, template
from mkba.io.cockpit import detect, read
from mkba.io.workbook import load_workbook
from mkba.issues import IssueLog
from mkba.schema import ReportedFigure, Study, items_frame
from mkba.write.cockpit import write_cockpit

META = [
    ("Studie-id", "testdorp-2013"), ("Titel", "MKBA wijkteam Testdorp"),
    ("Gemeente", "Testdorp"), ("Naam aanpak", "Achter de Voordeur"),
    ("Type aanpak", "achter de voordeur"), ("Schaal", "Wijk"), ("Doelgroep", "Kwetsbaar"),
    ("Type huishoudens", "Gezinnen"), ("Fase", "Lopend"), ("Evaluatie", "Ex post"),
    ("Soort MKBA", "Quickscan"), ("Jaar van publicatie", 2013), ("Prijspeil:", 2012),
    ("Disconteringsvoet", "5,5%"), ("Startjaar", 2013), ("Looptijd", 3),
    ("Aantal huishoudens", 120), ("Illustratief voorbeeld", "ja"),
]


def _book(path, sheets: dict, merges: dict | None = None):
    """Write ``sheets`` (name -> list of rows) with openpyxl, merging the given ranges."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def _meta_rows():
    # title row, a blank row, then pairs with the value sometimes one column further right
    rows = [("MKBA Sociaal wijkteam Testdorp",), ()]
    for i, (label, value) in enumerate(META):
        rows.append((label, value) if i % 3 else (label, None, None, value))
    return rows


def _pv_rows(gem_total=1250):
    return [
        ("MKBA Testdorp: contante waarden",),
        ("Bedragen x € 1.000",),
        (),
        ("KOSTEN",),
        ("Post", "Toelichting", "Gemeente", "Zorgverzekeraars", None, "Totaal"),
        ("Inzet team", "Inzet regisseurs", 1200, 100, None, 1300),
        ("Opleiding", None, 50, None, None, 50),
        (),
        ("Totaal kosten", None, gem_total, 100, None, 1350),
        (),
        ("Baten (contante waarde)",),
        ("Post", "Toelichting", "Woningcorporatie", "Zorgverzekeraar", "Totaal"),
        ("Huisuitzettingen", "Huisuitzettingen voorkomen", 800, None, 800),
        (None, "Minder huurachterstand", 200, None, 200),
        ("GGZ", "Minder inzet GGZ", None, 1000, 1000),
        ("Totaal baten", None, 1000, 1000, 2000),
        (),
        ("Saldo", None, None, None, 650),
        ("B/K-verhouding", None, None, None, 1.48),
        (),
        ("Scenario: effect laag",),
        ("KOSTEN",),
        ("Post", "Toelichting", "Gemeente", "Zorgverzekeraars", None, "Totaal"),
        ("Inzet team", "Inzet regisseurs", 1200, 100, None, 1300),
        ("Opleiding", None, 50, None, None, 50),
        ("BATEN",),
        ("Post", "Toelichting", "Woningcorporatie", "Zorgverzekeraar", "Totaal"),
        ("Huisuitzettingen", "Huisuitzettingen voorkomen", 400, None, 400),
        ("GGZ", "Minder inzet GGZ", None, 500, 500),
    ]


RESULTS = [
    ("Resultaten MKBA Testdorp",),
    ("bedragen x € 1.000",),
    (None, "Basisvariant", "Effect laag"),
    ("CW kosten", 1350, 1350),
    ("Contante waarde baten", 2000, 900),
    ("Baten-kostenverhouding", 1.48, 0.67),
    ("Bandbreedte B/K laag", 0.67, None),
    ("Bandbreedte B/K hoog", 2.2, None),
]


def _read(path):
    log = IssueLog(path.name)
    wb = load_workbook(path, log)
    return read(wb, log), log


@pytest.fixture
def pv_model(tmp_path):
    return _book(tmp_path / "testdorp.xlsx",
                 {"Uitgangspunten": _meta_rows(), "MKBA": _pv_rows(), "Resultaten": RESULTS},
                 {"Uitgangspunten": ["A1:D1"], "MKBA": ["A1:F1", "A13:A14", "A4:B4"]})


def test_hand_built_present_value_model(pv_model):
    study, log = _read(pv_model)
    assert log.issues == []
    assert (study.id, study.discount_rate, study.price_year, study.horizon) == \
        ("testdorp-2013", 0.055, 2012, 3)
    assert study.approach_type == "wijkteam_probleemwijk" and study.target_breadth == "kwetsbaar"
    assert study.variants == ("basis", "effect laag")
    basis = study.variant_items("basis")
    got = {(r.kind, r.category, r.actor, r.description): (r.amount, r.source)
           for r in basis.itertuples()}
    # amounts are in thousands of euros ("Bedragen x € 1.000"); the Totaal column and the
    # total and Saldo rows are not line items
    assert got == {
        ("cost", "uitvoering_team", "gemeente", "Inzet regisseurs"):
            (1_200_000.0, "testdorp.xlsx!MKBA!C6"),
        ("cost", "uitvoering_team", "zorgverzekeraar", "Inzet regisseurs"):
            (100_000.0, "testdorp.xlsx!MKBA!D6"),
        ("cost", "opleiding_frictie", "gemeente", ""): (50_000.0, "testdorp.xlsx!MKBA!C7"),
        ("benefit", "huisuitzetting", "woningcorporatie", "Huisuitzettingen voorkomen"):
            (800_000.0, "testdorp.xlsx!MKBA!C13"),
        # the merged category cell A13:A14 repeats "Huisuitzettingen" on row 14
        ("benefit", "huisuitzetting", "woningcorporatie", "Minder huurachterstand"):
            (200_000.0, "testdorp.xlsx!MKBA!C14"),
        ("benefit", "specialistische_zorg", "zorgverzekeraar", "Minder inzet GGZ"):
            (1_000_000.0, "testdorp.xlsx!MKBA!D15"),
    }
    assert basis["year"].isna().all()
    assert set(basis["actor_label"]) == {"Gemeente", "Zorgverzekeraars", "Woningcorporatie",
                                         "Zorgverzekeraar"}
    low = study.variant_items("effect laag")
    assert low.loc[low["kind"] == "benefit", "amount"].sum() == 900_000.0
    assert low.loc[low["kind"] == "cost", "amount"].sum() == 1_350_000.0
    # META[12] is a third pair: its value sits in column D
    assert study.provenance["price_year"] == "testdorp.xlsx!Uitgangspunten!D15"
    assert study.provenance["id"] == "testdorp.xlsx!Uitgangspunten!D3"


def test_headline_figures_with_range_and_scenario_columns(pv_model):
    study, _ = _read(pv_model)
    bcr = study.reported_figure("bcr")
    assert (bcr.value, bcr.low, bcr.high, bcr.level) == (1.48, 0.67, 2.2, None)
    assert bcr.source == "testdorp.xlsx!Resultaten!B6"
    assert study.reported_figure("pv_costs").value == 1_350_000.0  # x € 1.000
    assert study.reported_figure("pv_benefits", "effect laag").value == 900_000.0
    assert study.reported_figure("bcr", "effect laag").low is None
    assert study.reported_figure("net_pv") is None


def test_total_row_that_disagrees_is_reported_at_the_total_cell(tmp_path):
    path = _book(tmp_path / "m.xlsx", {"Uitgangspunten": _meta_rows(),
                                       "MKBA basis": _pv_rows(gem_total=1300)})
    study, log = _read(path)
    assert study is None
    mismatches = [i for i in log.issues if i.code == "reported_mismatch"]
    # 1200 + 50 = 1250 in column C, but the total row says 1300
    assert [(i.sheet, i.cell, i.render("en")["found"]) for i in mismatches] == \
        [("MKBA basis", "C9", "1300")]
    [issue] = mismatches
    assert issue.render()["message"] == ("dit totaal (1300) wijkt af van de som van de "
                                         "bedragen erboven (1250)")
    assert issue.render("en")["message"] == ("this total (1300) differs from the sum of the "
                                             "amounts above it (1250)")
    assert issue.render()["expected"] == "1250 (de som van de delen, op afronding na)"
    assert issue.render("en")["expected"] == "1250 (the sum of its parts, up to rounding)"


def test_total_within_rounding_is_accepted(tmp_path):
    rows = _pv_rows(gem_total=1250.4)  # two parts: up to 2 x 0.5 of rounding
    path = _book(tmp_path / "m.xlsx", {"Uitgangspunten": _meta_rows(), "MKBA basis": rows})
    study, log = _read(path)
    assert log.issues == [] and study is not None


def test_total_column_that_disagrees(tmp_path):
    rows = _pv_rows()
    rows[12] = ("Huisuitzettingen", "Huisuitzettingen voorkomen", 800, None, 880)
    path = _book(tmp_path / "m.xlsx", {"Uitgangspunten": _meta_rows(), "MKBA basis": rows})
    _, log = _read(path)
    assert [(i.code, i.cell) for i in log.issues] == [("reported_mismatch", "E13"),
                                                      ("reported_mismatch", "E16")]


FLOWS = [
    ("Kasstromen Testdorp",),
    (),
    ("Kosten", None, None, None, None, None, None, None),
    ("Post", "Actor", None, "2013", 2014, 2015, "Totaal", "CW"),
    ("Uitvoeringskosten", "Gemeente", None, 100, 100, 100, 300, 270),
    (None, "Corporatie", None, 20, 20, None, 40, 37),
    ("Startkosten", "Gemeente", None, 30, None, None, 30, 28),
    ("Totaal kosten", None, None, 150, 120, 100, 370, 335),
    (),
    ("Baten",),
    ("Post", "Actor", "Toelichting", 2013, 2014, 2015, "Totaal"),
    ("Uithuisplaatsingen", "Gemeente", "Minder uithuisplaatsingen", 50, 150, 200, 400),
    ("Bijstand", "UWV", "Eerder aan het werk", None, 60, 60, 120),
    ("Totaal baten", None, None, 50, 210, 260, 520),
]


def test_hand_built_flows_model(tmp_path):
    path = _book(tmp_path / "flows.xlsx",
                 {"Uitgangspunten": _meta_rows(), "Kasstromen basis": FLOWS},
                 {"Kasstromen basis": ["A5:A6"]})
    study, log = _read(path)
    assert log.issues == []
    items = study.items
    assert len(items) == 11  # 3 + 2 + 1 cost amounts (the CW column is skipped), 3 + 2 benefits
    assert items["year"].tolist()[:3] == [2013, 2014, 2015]
    corporatie = items[items["actor"] == "woningcorporatie"]
    assert corporatie["category"].unique().tolist() == ["uitvoering_team"]  # merged A5:A6
    assert corporatie["amount"].sum() == 40.0
    rijk = items[items["actor"] == "rijk"]
    assert (rijk["category"].iloc[0], rijk["description"].iloc[0]) == \
        ("uitkeringen_arbeid", "Eerder aan het werk")
    assert rijk["source"].tolist() == ["flows.xlsx!Kasstromen basis!E13",
                                       "flows.xlsx!Kasstromen basis!F13"]
    assert items.loc[items["kind"] == "benefit", "amount"].sum() == 520.0


def test_flows_total_column_mismatch(tmp_path):
    rows = list(FLOWS)
    rows[11] = ("Uithuisplaatsingen", "Gemeente", "Minder uithuisplaatsingen", 50, 150, 200,
                410)
    path = _book(tmp_path / "f.xlsx", {"Uitgangspunten": _meta_rows(), "Kasstromen": rows})
    _, log = _read(path)
    # 50 + 150 + 200 = 400 on row 12, and the column total 400 + 120 = 520 in G14
    assert [(i.code, i.cell) for i in log.issues] == [("reported_mismatch", "G12"),
                                                      ("reported_mismatch", "G14")]


def test_unknown_actor_and_missing_metadata_are_reported(tmp_path):
    rows = _pv_rows()
    rows[4] = ("Post", "Toelichting", "Gemeente", "Marsmannetjes", None, "Totaal")
    meta = [r for r in _meta_rows() if not (r and r[0] == "Looptijd")]
    path = _book(tmp_path / "m.xlsx", {"Algemeen": meta, "MKBA basis": rows})
    study, log = _read(path)
    assert study is None
    codes = {(i.code, i.cell) for i in log.issues}
    assert ("unknown_label", "D5") in codes
    [missing] = [i for i in log.issues if i.code == "missing_field"]
    assert missing.render()["message"] == "verplicht veld 'Looptijd (jaren)' (horizon) is leeg"
    assert missing.render("en")["message"] == \
        "required field 'Horizon (years)' (horizon) is empty"


def test_detect():
    from mkba.io.workbook import Sheet, Workbook
    empty = Sheet("x", ())
    assert detect(Workbook("a.xlsx", {"Uitgangspunten": empty, "Kasstromen effect laag": empty}))
    assert not detect(Workbook("a.xlsx", {"Studie": empty, "Kasstromen": empty}))
    assert not detect(Workbook("a.xlsx", {"Uitgangspunten": empty, "Grafieken": empty}))


# -- round trips -------------------------------------------------------------------------------
def _study(yearly: bool) -> Study:
    """Two variants of 2 cost and 2 benefit lines, as flows (2013-2014) or present values."""
    rows = []
    for variant, factor in (("basis", 1.0), ("effect laag", 0.5)):
        for year, a in ((2013, 1.0), (2014, 1.1)) if yearly else ((None, 1.0),):
            rows += [
                dict(variant=variant, kind="cost", category="uitvoering_team",
                     actor="gemeente", category_label="Inzet team", actor_label="Gemeente",
                     description="Inzet regisseurs", year=year, amount=400000.0 * a),
                dict(variant=variant, kind="cost", category="uitvoering_team",
                     actor="woningcorporatie", category_label="Inzet team",
                     actor_label="Corporatie", description="", year=year, amount=25000.5 * a),
                dict(variant=variant, kind="benefit", category="huisuitzetting",
                     actor="woningcorporatie", category_label="Huisuitzettingen",
                     actor_label="Woningcorporatie", description="Huisuitzettingen voorkomen",
                     year=year, amount=300000.0 * a * factor),
                dict(variant=variant, kind="benefit", category="specialistische_zorg",
                     actor="zorgverzekeraar", category_label="GGZ", actor_label="Zvw",
                     description="Minder inzet GGZ", year=year, amount=0.0),
            ]
    return Study(
        id="rt", title="Round trip", municipality="Ooststad", approach_name="Wijkteam",
        approach_type="jeugd_gezinsteam", scale="gemeente", target_breadth="alle_huishoudens",
        household_type="geen_onderscheid", stage="tekentafel", evaluation="ex_ante",
        kind="volledig", year=2013, price_year=2012, discount_rate=0.055, first_year=2013,
        horizon=2, households=800, illustrative=True, households_zwaar=50,
        households_kwetsbaar=150, households_overig=600, notes="Illustratief voorbeeld",
        items=items_frame(rows),
        # B/K = 300000 / 425000.5 = 0.71 in every year; PV costs at 5.5% with t=1:
        # 425000.5 x (1 / 1.055 + 1.1 / 1.055^2) = 425000.5 x 1.936165 = 822870 (flows)
        reported=(ReportedFigure("basis", "bcr", 0.71, 0.35, 1.06, 0.9),
                  ReportedFigure("basis", "pv_costs", 822870.0 if yearly else 425000.5),
                  ReportedFigure("effect laag", "bcr", 0.35)))


def _comparable(items: pd.DataFrame) -> pd.DataFrame:
    cols = ["variant", "kind", "category", "actor", "category_label", "actor_label",
            "description", "year", "amount"]
    return items[cols].fillna({"description": ""}).sort_values(cols[:8]).reset_index(drop=True)


@pytest.mark.parametrize("yearly", [True, False])
def test_round_trip(tmp_path, yearly):
    original = _study(yearly)
    path = write_cockpit(original, tmp_path / "rt.xlsx")
    back, log = _read(path)
    assert log.issues == []
    assert back.layout == "cockpit"
    pd.testing.assert_frame_equal(_comparable(back.items), _comparable(original.items))
    assert back.metadata() == original.metadata()
    assert back.reported_figure("bcr").level == 0.9
    assert back.reported_figure("bcr", "effect laag").value == 0.35
    assert back.reported_figure("pv_costs").value == (822870.0 if yearly else 425000.5)


def test_round_trip_sources_point_at_the_cells(tmp_path):
    back, _ = _read(write_cockpit(_study(True), tmp_path / "rt.xlsx"))
    keys = back.items[["variant", "actor", "kind", "year"]].itertuples(index=False, name=None)
    src = dict(zip(keys, back.items["source"], strict=True))
    # title, subtitle, blank, KOSTEN, header (years from D), then the Gemeente row 6
    assert src[("basis", "gemeente", "cost", 2013)] == "rt.xlsx!Kasstromen basis!D6"
    assert src[("basis", "woningcorporatie", "cost", 2014)] == "rt.xlsx!Kasstromen basis!E7"
    # row 8 "Totaal kosten", 9 blank, 10 BATEN, 11 header, 12 Huisuitzettingen, 13 GGZ
    assert src[("effect laag", "zorgverzekeraar", "benefit", 2014)] == \
        "rt.xlsx!Kasstromen effect laag!E13"
    wb = openpyxl.load_workbook(tmp_path / "rt.xlsx")
    assert wb["Kasstromen basis"]["E7"].value == pytest.approx(25000.5 * 1.1)
    assert wb["Kasstromen basis"]["A6"].value == "Inzet team"
    assert "A6:A7" in {str(r) for r in wb["Kasstromen basis"].merged_cells.ranges}
    # the total of row 6 (spacer column F, total in G): 400000 + 440000
    assert wb["Kasstromen basis"]["G6"].value == 840000


def test_written_file_is_found_by_dispatch_and_deterministic(tmp_path):
    a = write_cockpit(_study(False), tmp_path / "a" / "s.xlsx")
    b = write_cockpit(_study(False), tmp_path / "b" / "s.xlsx")
    assert a.read_bytes() == b.read_bytes()
    studies, report = check_files(a)
    assert report.ok and studies[0].layout == "cockpit"
    log = IssueLog(a.name)
    assert not template.detect(load_workbook(a, log))


def test_writer_refuses_what_the_layout_cannot_hold(tmp_path):
    study = _study(True)
    mixed = items_frame(pd.concat([study.items, _study(False).items.assign(variant="basis",
                                                                          description="pv")]))
    with pytest.raises(ArgumentError) as info:
        write_cockpit(Study(**{**study.metadata(), "items": mixed}), tmp_path / "x.xlsx")
    assert "mengt jaarlijkse kasstromen en contante waarden" in str(info.value)
    assert "mixes yearly flows and present values" in info.value.render("en")
    long = study.items.assign(variant="een heel lange scenarionaam")
    with pytest.raises(ArgumentError) as info:
        write_cockpit(Study(**{**study.metadata(), "items": long}), tmp_path / "x.xlsx")
    assert "31" in str(info.value) and "31 characters" in info.value.render("en")


def test_variant_name_is_the_rest_of_the_sheet_name():
    assert cockpit.variant_name("Basisscenario") == "basis"
    assert cockpit.variant_name("kosten hoog") == "kosten hoog"
