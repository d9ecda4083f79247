"""The summary block of the report: the key message first (issue #12).

The shares per actor are checked by hand on two shipped studies that give present values only
(eikenrode-2012 and dorrekerk-2014): their per-actor present values are the sums of the rows of
their sheet 'Contante waarden' (price indexing multiplies every amount by one factor, so the
shares do not change). The sums below were worked out by hand from those rows.
"""

import json
import re

import openpyxl
import pandas as pd
import pytest
from conftest import STUDIES

from mkba import formatting
from mkba.io import read_studies
from mkba.report import build_report, render_html
from mkba.report_summary import actor_shares, i2_words, summary_block

TWO = ["eikenrode-2012", "dorrekerk-2014"]

# Hand sums of the basis rows of 'Contante waarden' (euros of each study's price year):
# eikenrode-2012: costs gemeente 2.373.000 + 382.000 + 167.000 + 169.000 = 3.091.000 of
# 3.386.000 (zorgverzekeraar 182.000 + 113.000 = 295.000); benefits gemeente 0 of 6.051.000
# (zorgverzekeraar 3.018.000 + 852.000 = 3.870.000).
# dorrekerk-2014: costs gemeente 4.162.000 + 622.000 + 189.000 + 170.000 = 5.143.000 of
# 5.256.000 (zorgverzekeraar 113.000); benefits gemeente 2.186.000 of 14.515.000
# (zorgverzekeraar 2.321.000; rijk 4.691.000 + 975.000 = 5.666.000).
HAND = {
    "gemeente": {"costs": (3_091 / 3_386, 5_143 / 5_256), "benefits": (0.0, 2_186 / 14_515)},
    "zorgverzekeraar": {"costs": (295 / 3_386, 113 / 5_256),
                        "benefits": (3_870 / 6_051, 2_321 / 14_515)},
}


@pytest.fixture(scope="module")
def two():
    return read_studies([STUDIES / f"{name}.xlsx" for name in TWO])


@pytest.fixture(scope="module")
def reports(two):
    return {lang: build_report(two, draws=500, lang=lang) for lang in ("nl", "en")}


def _sheet_sums(name: str) -> pd.DataFrame:
    """Per actor, the sums of the basis rows of the sheet 'Contante waarden', read with
    openpyxl (not through mkba)."""
    ws = openpyxl.load_workbook(STUDIES / f"{name}.xlsx", data_only=True)["Contante waarden"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[4] == "basis"]
    frame = pd.DataFrame(rows, columns=["kind", "category", "actor", "what", "variant", "pv"])
    return frame.pivot_table(index="actor", columns="kind", values="pv", aggfunc="sum",
                             fill_value=0)


def test_the_hand_sums_are_the_sheets_sums():
    # the hand-worked numbers above, against the sheets themselves
    eik, dor = _sheet_sums("eikenrode-2012"), _sheet_sums("dorrekerk-2014")
    assert eik.loc["Gemeente", "Kosten"] == 3_091_000 and eik["Kosten"].sum() == 3_386_000
    assert eik.loc["Gemeente", "Baten"] == 0 and eik["Baten"].sum() == 6_051_000
    assert dor.loc["Gemeente", "Kosten"] == 5_143_000 and dor["Kosten"].sum() == 5_256_000
    assert dor.loc["Gemeente", "Baten"] == 2_186_000 and dor["Baten"].sum() == 14_515_000


def test_actor_shares_of_two_studies_by_hand(reports):
    report = reports["nl"]
    shares = actor_shares({s.id: report.appraisals[s.id][0].by_actor for s in report.studies})
    assert shares[0]["actor"] == "gemeente"  # the municipality first
    by = {s["actor"]: s for s in shares}
    for actor, kinds in HAND.items():
        for kind, values in kinds.items():
            got = by[actor][kind]
            assert got["n"] == 2
            assert got["low"] == pytest.approx(min(values), abs=1e-9)
            assert got["high"] == pytest.approx(max(values), abs=1e-9)
            assert got["mean"] == pytest.approx(sum(values) / 2, abs=1e-9)
    # rijk occurs only in dorrekerk-2014: 5.666.000 of 14.515.000, no costs
    assert by["rijk"]["studies"] == ["dorrekerk-2014"]
    assert by["rijk"]["benefits"]["mean"] == pytest.approx(5_666 / 14_515)
    assert by["rijk"]["costs"]["mean"] == 0.0


def test_the_municipality_sentence_in_both_languages(reports):
    # by hand: costs 91,3% and 97,9% (mean 94,6%); benefits 0% and 15,1% (mean 7,5%)
    nl = summary_block(reports["nl"])["actors"]
    assert ("de gemeente betaalt in deze studies 91–98% van de kosten (gemiddeld 95%) en "
            "ontvangt 0–15% van de baten (gemiddeld 8%)") in nl
    # the rest goes mainly to the insurer (both studies: 64,0% and 16,0%, mean 40%) and to
    # central government (one study, 39,0%)
    assert ("Zorgverzekeraar (in 2 van de 2 studies, daar gemiddeld 40%) en Rijk (incl. "
            "UWV/SVB) (in 1 van de 2 studies, daar gemiddeld 39%)") in nl
    en = summary_block(reports["en"])["actors"]
    assert ("the municipality pays 91–98% of the costs (on average 95%) and receives 0–15% of "
            "the benefits (on average 8%)") in en
    assert ("mainly to health insurer (in 2 of the 2 studies, there on average 40%) and "
            "central government (incl. UWV/SVB) (in 1 of the 2 studies") in en


def test_the_actor_table(reports):
    table = summary_block(reports["nl"])["actor_table"]
    rows = {r[0]["text"]: [c["text"] for c in r[1:]] for r in table["rows"]}
    assert list(rows)[0] == "Gemeente (2 van 2)"
    assert rows["Gemeente (2 van 2)"] == ["95% (91–98%)", "8% (0–15%)"]
    # zorgverzekeraar: costs 8,7% and 2,1%; benefits 64,0% and 16,0%
    assert rows["Zorgverzekeraar (2 van 2)"] == ["5% (2–9%)", "40% (16–64%)"]
    assert rows["Rijk (incl. UWV/SVB) (1 van 2)"] == ["0%", "39%"]
    en = summary_block(reports["en"])["actor_table"]
    assert en["header"][0] == "Actor (in studies)" and en["rows"][0][0]["text"] == (
        "Municipality (2 of 2)")


def test_an_actor_without_a_total_gives_no_share():
    frame = pd.DataFrame({"actor": ["gemeente"], "costs": [10.0], "benefits": [0.0]})
    (only,) = actor_shares({"x": frame})
    assert only["costs"] == {"mean": 1.0, "low": 1.0, "high": 1.0, "n": 1}
    assert only["benefits"] == {"mean": None, "low": None, "high": None, "n": 0}


@pytest.mark.parametrize(("i2", "nl", "en"), [
    (0.0, "klein", "small"), (24.9, "klein", "small"), (25.0, "matig", "moderate"),
    (50.0, "aanzienlijk", "substantial"), (74.9, "aanzienlijk", "substantial"),
    (75.0, "groot", "large"), (100.0, "groot", "large")])
def test_i2_in_words_after_higgins_2003(i2, nl, en):
    # Higgins, Thompson, Deeks, Altman (2003), BMJ 327:557: low 25%, moderate 50%, high 75%
    assert i2_words(i2, "nl") == nl and i2_words(i2, "en") == en


def test_the_summary_comes_first_with_ratio_spread_and_notices(reports):
    for lang, report in reports.items():
        html = render_html(report, {n: b"\x89PNG" for n in report.figures})
        body = html[html.index("<body>"):]
        # the title, the illustrative notice, then the summary, before the contents
        assert body.index("<h1>") < body.index('class="notice"') < body.index(
            '<section id="summary">') < body.index("<nav>") < body.index('id="method"')
        summary = body[body.index('<section id="summary">'):body.index("</section>")]
        p = report.pooled.summary()
        ratio = formatting.ratio(p["estimate"], lang)
        low, high = (formatting.ratio(p[k], lang) for k in ("ci_low", "ci_high"))
        if lang == "nl":
            assert (f"Per euro die in een wijkteam wordt gestoken, komt in deze 2 studies "
                    f"gemiddeld € {ratio} aan maatschappelijke baten terug</strong> (95%-BI "
                    f"{low}–{high}; teruggerekend van het gemiddelde op logschaal") in summary
            assert "geen representatieve steekproef" in summary
            assert "2 van de 2 studies zijn illustratieve voorbeelden" in summary
        else:
            assert (f"For every euro put into a neighbourhood team, these 2 studies return on "
                    f"average €{ratio} in social benefits</strong> (95% CI {low}–{high}; "
                    "back-transformed from the mean on the log scale") in summary
            assert "no representative sample" in summary
            assert "2 of the 2 studies are illustrative examples" in summary
        pi = [formatting.ratio(p[k], lang) for k in ("pi_low", "pi_high")]
        i2 = formatting.i2(p["i2"], lang)
        assert re.search(rf"{re.escape(pi[0])}\D+{re.escape(pi[1])}", summary)
        assert f"{i2_words(p['i2'], lang)}: {i2}" in summary


def test_results_json_has_the_actor_shares(reports):
    data = json.loads(json.dumps(reports["en"].to_dict(), allow_nan=False))
    town = data["actor_shares"][0]
    assert town["actor"] == "gemeente" and town["studies"] == sorted(TWO)
    assert town["costs"]["low"] == pytest.approx(3_091 / 3_386)
    assert town["benefits"]["high"] == pytest.approx(2_186 / 14_515)
