"""Tests of mkba.tables: the six presentation tables, with values worked out by hand.

Two synthetic studies at their own price year 2015 (so no price indexing):

- "flows": DEFAULT_FLOWS (costs 1000 in 2015; benefits 200 jeugdzorg/gemeente + 300
  gezondheid/zorgverzekeraar a year in 2015-2017), own rate 25%, 10 households, and a variant
  "hoog" (costs 1000, benefits 2000, both in 2015). At 25%, t=1 the discount factors are
  0.8, 0.64, 0.512: costs 800, benefits 500 x 1.952 = 976, net 176, ratio 1.22.
- "pv": present values only, costs 400 and benefits 600 (woningcorporatie, huisuitzetting),
  100 households, illustrative.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from helpers_studies import DEFAULT_FLOWS, make_study

from mkba.errors import ArgumentError
from mkba.tables import FORMATS, TABLE_NAMES, Tables, build_tables

VARIANT = [("cost", "uitvoering_team", "gemeente", 2015, 1000.0, "hoog"),
           ("benefit", "jeugdzorg", "gemeente", 2015, 2000.0, "hoog")]


def _studies():
    flows = make_study("flows", flows=[*DEFAULT_FLOWS, *VARIANT], discount_rate=0.25,
                       households=10)
    pv = make_study("pv", pv_items=[("cost", "uitvoering_team", "gemeente", 400.0),
                                    ("benefit", "huisuitzetting", "woningcorporatie", 600.0)],
                    households=100, illustrative=True, horizon=10)
    return [flows, pv]


@pytest.fixture(scope="module")
def nl() -> Tables:
    return build_tables(_studies(), price_year=2015)


def _row(table, study):
    frame = table.frame
    return frame[frame.iloc[:, 0] == study].iloc[0]


def test_six_tables_in_order_with_titles_notes_basis_and_formats(nl):
    assert list(nl) == list(TABLE_NAMES) and len(nl) == 6
    for table in nl.values():
        assert table.title and table.note and table.basis.startswith("Basis")
        assert set(table.formats) == set(table.frame.columns)
        assert set(table.formats.values()) <= set(FORMATS)
    assert "prijspeil 2015" in nl["headline"].basis
    assert "eigen discontovoet" in nl["headline"].basis and "t=1" in nl["headline"].basis


def test_headline_results_by_hand(nl):
    t = nl["headline"]
    flows = _row(t, "flows")
    assert flows["Contante waarde kosten"] == 800
    assert flows["Contante waarde baten"] == 976
    assert flows["Netto contante waarde"] == 176
    assert flows["Baten-kostenverhouding"] == 1.22
    # Per household (10): 80; 97.6 -> 98; 17.6 -> 18.
    assert (flows["Kosten per huishouden"], flows["Baten per huishouden"],
            flows["Netto per huishouden"]) == (80, 98, 18)
    assert flows["Terugverdienjaar"] == 2017
    # Variant "hoog": single year, ratio 2000 / 1000 = 2.0; range over basis and variant.
    assert (flows["B/K laag (gevoeligheid)"], flows["B/K hoog (gevoeligheid)"]) == (1.22, 2.0)
    assert flows["Aantal varianten"] == 1
    assert (flows["Herberekend"], flows["Illustratief"]) == ("ja", "nee")
    pv = _row(t, "pv")
    assert (pv["Contante waarde kosten"], pv["Baten-kostenverhouding"]) == (400, 1.5)
    assert pd.isna(pv["Terugverdienjaar"]) and math.isnan(pv["B/K laag (gevoeligheid)"])
    assert (pv["Herberekend"], pv["Illustratief"]) == ("nee", "ja")


def test_who_pays_who_benefits_by_hand(nl):
    t = nl["actors"].frame
    flows = t[t["Studie"] == "flows"].set_index("Actor")
    # gemeente: costs 800, benefits 200 x 1.952 = 390.4 -> 390, balance -409.6 -> -410.
    assert flows.loc["Gemeente", ["Kosten", "Baten", "Saldo"]].tolist() == [800, 390, -410]
    # Shares of the study's totals: 390.4 / 976 = 0.4 and 585.6 / 976 = 0.6.
    assert flows.loc["Gemeente", "Aandeel in baten"] == 0.4
    assert flows.loc["Zorgverzekeraar", "Aandeel in baten"] == 0.6
    assert flows.loc["Gemeente", "Aandeel in kosten"] == 1.0
    for study in ("flows", "pv"):
        shares = t.loc[t["Studie"] == study, "Aandeel in baten"]
        assert shares.sum() == pytest.approx(1.0, abs=1e-3)


def test_benefit_composition_by_hand(nl):
    t = nl["benefits"].frame
    flows = t[t["Studie"] == "flows"].set_index("Batencategorie")
    # jeugdzorg 390.4 -> 390, per household 39.04 -> 39; gezondheid 585.6 -> 586, 58.56 -> 59.
    assert flows.loc["Jeugdzorg en uithuisplaatsing", ["Contante waarde", "Per huishouden"]] \
        .tolist() == [390, 39]
    assert flows.loc["Gezondheid (Zvw-zorg)", ["Contante waarde", "Per huishouden"]] \
        .tolist() == [586, 59]
    # Only benefit categories; the cost category uitvoering_team is not listed.
    assert len(flows) == 2
    pv = t[t["Studie"] == "pv"].iloc[0]
    assert (pv["Contante waarde"], pv["Per huishouden"], pv["Aandeel in baten"]) == (600, 6, 1.0)


def test_method_sensitivity_by_hand():
    # Costs only in the first year, so the ratio is 0.5 * (1 + d + d**2) with d = 1/(1+r):
    # 5.5%:  d = 0.947867, d**2 = 0.898452 -> 0.5 * 2.846319 = 1.4232 -> 1.42
    # 2.25%: d = 0.977995, d**2 = 0.956474 -> 0.5 * 2.934469 = 1.4672 -> 1.47
    # horizon 2 at own 25%: 0.5 * (1 + 0.8) = 0.9
    t = build_tables(_studies(), price_year=2015, horizon=2)["sensitivity"]
    flows = _row(t, "flows")
    assert flows["B/K eigen basis"] == 1.22
    assert flows["B/K bij 5,5% (nl-2007)"] == 1.42
    assert flows["B/K bij 2,25% (nl-2021)"] == 1.47
    assert flows["B/K bij looptijd 2 jaar"] == 0.9
    assert flows["Eigen discontovoet"] == 0.25
    pv = _row(t, "pv")  # present values cannot be re-discounted: 1.5 everywhere
    assert pv.iloc[1:5].tolist() == [1.5, 1.5, 1.5, 1.5]
    assert pv["Herberekend"] == "nee"


def test_sensitivity_default_common_horizon_is_shortest_recomputable(nl):
    # Only "flows" (3 years) is recomputable; "pv" (10 years) is not, so the common one is 3.
    assert "B/K bij looptijd 3 jaar" in nl["sensitivity"].frame.columns


def test_summary_by_hand_with_its_caveat(nl):
    t = nl["summary"]
    assert "geen representatieve steekproef" in t.note and "2014" in t.note
    frame = t.frame.set_index(["Selectie", "Statistiek"])
    # Ratios 1.22 and 1.5: mean = median = 1.36, min 1.22, max 1.5.
    everything = frame.loc["Alle studies"]
    assert everything.loc["Gemiddelde", "Baten-kostenverhouding"] == 1.36
    assert everything.loc["Mediaan", "Baten-kostenverhouding"] == 1.36
    assert everything.loc["Minimum", "Baten-kostenverhouding"] == 1.22
    assert everything.loc["Maximum", "Baten-kostenverhouding"] == 1.5
    # Costs per household 80 and 4: mean 42.
    assert everything.loc["Gemiddelde", "Kosten per huishouden"] == 42
    assert everything.loc["Gemiddelde", ["Aantal studies", "Waarvan niet herberekend",
                                         "Waarvan illustratief"]].tolist() == [2, 1, 1]
    published = frame.loc["Zonder illustratieve studies"]
    assert published.loc["Gemiddelde", "Baten-kostenverhouding"] == 1.22
    assert published.loc["Gemiddelde", "Aantal studies"] == 1


def test_overview_marks_and_labels(nl):
    t = nl["overview"]
    pv = _row(t, "pv")
    assert (pv["Herberekend"], pv["Illustratief"]) == ("nee", "ja")
    assert pv["Type aanpak"] == "Zorg- en welzijnsteam"
    assert pv["Discontovoet"] == 0.055 and t.formats["Discontovoet"] == "rate"
    assert pv["Bereikte huishoudens"] == 100
    assert "Herberekend = nee" in t.note and "Illustratief = ja" in t.note


def test_english_labels():
    en = build_tables(_studies(), price_year=2015, lang="en")
    assert en["summary"].title == "Summary over the studies"
    assert "no representative sample" in en["summary"].note
    benefits = en["benefits"].frame
    assert "Youth care and out-of-home placement" in set(benefits["Benefit category"])
    headline = _row(en["headline"], "pv")
    assert (headline["Recomputed"], headline["Illustrative"]) == ("no", "yes")
    assert "BCR at 5.5% (nl-2007)" in en["sensitivity"].frame.columns
    assert en["overview"].basis.startswith("Basis: 2015 prices")


def test_basis_options_are_reported():
    t = build_tables(_studies(), price_year=2015, rate="nl-2021", horizon=5, timing="t0")
    assert "2,25% (nl-2021)" in t.basis and "5 jaar" in t.basis and "t=0" in t.basis
    assert "3%" in build_tables(_studies(), price_year=2015, rate=0.03).basis


def test_price_year_rebases_euros_but_not_ratios():
    # 2021 study rebased to 2023: x 1.10 x 1.038 = 1.1418: costs 1000 -> 1142 (1141.80).
    s = make_study("r", price_year=2021,
                   pv_items=[("cost", "overig", "gemeente", 1000.0),
                             ("benefit", "overig", "rijk", 1250.0)])
    row = build_tables([s], price_year=2023)["headline"].frame.iloc[0]
    assert row["Contante waarde kosten"] == 1142
    assert row["Baten-kostenverhouding"] == 1.25


def test_study_order_does_not_matter():
    a = build_tables(_studies(), price_year=2015)
    b = build_tables(list(reversed(_studies())), price_year=2015)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(a[name].frame, b[name].frame)
    assert list(a["overview"].frame["Studie"]) == ["flows", "pv"]


def test_table_access_and_copy(nl):
    copy = nl["headline"].to_frame()
    copy.iloc[0, 0] = "changed"
    assert nl["headline"].frame.iloc[0, 0] != "changed"
    with pytest.raises(KeyError):
        nl["nope"]


def test_bad_arguments():
    with pytest.raises(ArgumentError, match="lang='de'"):
        build_tables(_studies(), lang="de")
    with pytest.raises(ArgumentError, match=r"studies=\[\]"):
        build_tables([])
    with pytest.raises(ArgumentError, match=r"studies=\[str\] is niet toegestaan; geef een of "
                                            r"meer Study-objecten") as exc:
        build_tables([make_study("x"), "y.xlsx"])
    assert exc.value.render("en") == ("studies=[str] is not allowed; give one or more Study "
                                      "objects")
    with pytest.raises(ArgumentError, match="de studie-ids moeten uniek zijn; twee keer "
                                            "gevonden: x") as exc:
        build_tables([make_study("x"), make_study("x")])
    assert exc.value.render("en") == "studies: study ids must be unique; found twice: x"
    with pytest.raises(ArgumentError, match="rate=2.25"):
        build_tables(_studies(), rate=2.25)
