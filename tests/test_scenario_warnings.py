"""Defaults that cannot mislead (issue #16): every result says what it rests on.

The warnings of :mod:`mkba.scenario.cautions`, each in Dutch and English; the Monte Carlo's
treatment of draws of the benefit per household below 0 (:mod:`mkba.scenario.montecarlo`),
checked against the normal distribution by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import REPO
from scipy import stats
from test_scenario_engine import BASE, spec, synthetic_studies

from mkba.errors import InputError
from mkba.io import read_studies
from mkba.scenario import run_scenario, spec_from_mapping
from mkba.scenario.cautions import FEW_FOR_TAU2, MIN_STUDIES
from mkba.scenario.norms import PLAUSIBLE


@pytest.fixture(scope="module")
def studies():
    return synthetic_studies()


def _texts(result, lang="nl"):
    return [w.render(lang) for w in result.warnings]


def _one(result, start_nl, start_en):
    """The one warning that starts with ``start_nl``; its English starts with ``start_en``."""
    found = [w for w in result.warnings if w.nl.startswith(start_nl)]
    assert len(found) == 1, _texts(result)
    assert found[0].en.startswith(start_en), found[0].en
    return found[0]


def test_limits_are_stated():
    assert (MIN_STUDIES, FEW_FOR_TAU2) == (5, 10)
    assert PLAUSIBLE == {"costs.per_fte": (40_000, 150_000), "costs.overhead_share": (0, 0.5),
                         "population": (0, 600_000)}


def test_a_result_on_defaults_says_so(studies):
    # BASE gives the total without shares, and every caseload, and a ramp-up
    r = run_scenario(spec(), studies, monte_carlo=False)
    w = _one(r, "Rust op een standaardwaarde: de verdeling van de bevolking over de segmenten: "
                "5% zwaar, 15% kwetsbaar, 80% overig (MKBA-tool 2014)",
             "Rests on a default: the split of the population over the segments: 5% heavy, "
             "15% vulnerable, 80% other (2014 MKBA tool)")
    assert w.nl.endswith("geef de waarde in het scenario als die voor uw gemeente anders is")
    assert not any("caseload" in t for t in _texts(r))
    # without caseloads, ramp-up and price year: one warning each (a caseload per reached segment)
    data = {k: v for k, v in BASE.items() if k != "price_year"}
    bare = spec_from_mapping({**data, "team": {"reach": {"zwaar": 1.0, "kwetsbaar": 0.5}}},
                             source="hand.toml")
    r = run_scenario(bare, studies, monte_carlo=False)
    texts = _texts(r)
    assert "Rust op een standaardwaarde: de caseload zwaar: 6 huishoudens per fte (het midden " \
           "van de MKBA-tool 2014); geef de waarde in het scenario als die voor uw gemeente " \
           "anders is" in texts
    assert any(t.startswith("Rests on a default: the caseload vulnerable: 35 households per FTE")
               for t in _texts(r, "en"))
    assert not any("caseload overig" in t for t in texts)      # overig is not reached
    assert any(t.startswith("Rust op een standaardwaarde: de ingroei: het volledige bereik "
                            "vanaf het eerste jaar") for t in texts)
    assert any(t.startswith("Rust op een standaardwaarde: prijspeil 2024 (het laatste jaar van "
                            "de CBS-prijsindex)") for t in texts)


def test_implausible_inputs_are_named_with_their_range(studies):
    r = run_scenario(spec(costs__per_fte=20_000, costs__overhead_share=0.8,
                          population={"total": 700_000}), studies, monte_carlo=False)
    _one(r, "De kosten per fte (€ 20.000) liggen buiten het plausibele bereik van € 40.000 tot "
            "€ 150.000 per jaar", "The cost per FTE (€20,000) is outside the plausible range of "
            "€40,000 to €150,000 a year")
    _one(r, "De overhead van 80% van de personeelskosten is meer dan de plausibele 50%",
         "The overhead of 80% of the staff costs is more than the plausible 50%")
    _one(r, "De bevolking telt 700.000 huishoudens: meer dan 600.000",
         "The population has 700,000 households: more than 600,000")
    # within range: none of them
    r = run_scenario(spec(costs__per_fte=80_000), studies, monte_carlo=False)
    assert not any(t.startswith(("De kosten per fte", "De overhead", "De bevolking"))
                   for t in _texts(r))


def test_few_studies_and_tau2_zero_are_named():
    corpus = read_studies(REPO / "studies")
    plan = spec_from_mapping({
        "municipality": "X", "first_year": 2026, "horizon": 5, "discount_rate": "nl-2021",
        "price_year": 2024, "population": {"households": {"kwetsbaar": 500}},
        "team": {"reach": {"kwetsbaar": 1.0}, "caseload": {"kwetsbaar": 35},
                 "ramp_up": [1.0]}, "costs": {"per_fte": 80_000},
        "evidence": {"approach_type": "zorg_welzijnsteam"}}, source="x.toml")
    r = run_scenario(plan, corpus, monte_carlo=False)
    # zorg_welzijnsteam: three studies whose REML tau² is 0; an outside check: their restricted
    # log-likelihood, written out here, falls from tau² = 0 on (although Q = 4.0 on 2 df)
    assert r.evidence_summary["k"] == 3 and r.evidence_summary["tau2"] == 0
    y, v = r.evidence["benefit"].to_numpy(), r.evidence["se"].to_numpy() ** 2

    def restricted_loglik(tau2):
        w = 1 / (v + tau2)
        mu = (w * y).sum() / w.sum()
        return -0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - mu) ** 2).sum())

    assert all(restricted_loglik(t) < restricted_loglik(0.0) for t in (1e3, 1e5, 1e6, 1e7))
    _one(r, "Het bewijs rust op 3 studies (minder dan 5)",
         "The evidence rests on 3 studies (fewer than 5)")
    _one(r, "De spreiding tussen de studies (tau²) is geschat op 0 uit 3 studies",
         "The spread between the studies (tau²) is estimated at 0 from 3 studies")
    # all thirteen studies: neither
    r = run_scenario(spec_from_mapping({**plan.to_dict(), "evidence": {}}, source="x.toml"),
                     corpus, monte_carlo=False)
    assert r.evidence_summary["k"] == 13 and r.evidence_summary["tau2"] > 0
    assert not any(t.startswith(("Het bewijs rust op", "De spreiding")) for t in _texts(r))


def test_default_variance_and_unpooled_categories_are_named(studies):
    from helpers_studies import make_study
    from test_scenario_engine import _flows

    # c: no variants and no interval (default variance); it alone has 'schulden'
    c = make_study("c", flows=_flows([
        ("cost", "uitvoering_team", "gemeente", 10_000.0, "basis"),
        ("benefit", "schulden", "gemeente", 20_000.0, "basis")]), households=10)
    r = run_scenario(spec(), [*studies, c], monte_carlo=False)
    _one(r, "Zonder eigen onzekerheid (geen interval en geen gevoeligheidsvarianten) en daarom "
            "met de grootste variantie van de andere studies gepoold: c",
         "Without an uncertainty of their own (no interval and no sensitivity variants), so "
         "pooled with the largest variance of the other studies: c")
    _one(r, "Niet gepoold, want maar één studie heeft deze categorie (het bedrag van die studie "
            "is gebruikt): schulden", "Not pooled, as only one study has this category (that "
            "study's amount is used): schulden")


def _normal_share_below_zero(r):
    ev = r.evidence_summary
    return stats.norm.cdf(-ev["estimate"] / math.sqrt(ev["se"] ** 2 + ev["tau2"]))


@pytest.mark.parametrize("mode", ["zero", "keep"])
def test_draws_below_zero_are_never_silent(studies, mode):
    # the share expected below 0 is the normal's: Phi(-estimate / sqrt(se² + tau²)), about
    # Phi(-3811.4 / 1340.8) = 0.22% for the synthetic studies
    r = run_scenario(spec(effects={"negative_draws": mode}), studies, draws=200_000, seed=2)
    expected = _normal_share_below_zero(r)
    assert 0.001 < expected < 0.01
    assert r.draws_below_zero == pytest.approx(expected, abs=0.0005)
    w = _one(r, f"In {r.draws_below_zero * 100:.1f}%".replace(".", ",") + " van de 200.000 "
             "trekkingen waren de baten per bereikt huishouden lager dan 0",
             f"In {r.draws_below_zero * 100:.1f}% of the 200,000 draws the benefit per reached "
             "household was below 0")
    # the net of a draw with no benefit from the evidence is minus the costs (no fixed benefits)
    floor = -r.pv_costs
    if mode == "zero":
        assert "tellen als geen effect (0), niet als schade" in w.nl
        assert "count as no effect (0), not as harm" in w.en
        assert r.net_draws.min() == pytest.approx(floor, rel=1e-12)
        assert np.sum(np.isclose(r.net_draws, floor, rtol=1e-12)) == pytest.approx(
            r.draws_below_zero * 200_000)
    else:
        assert "tellen als schade" in w.nl and "count as harm" in w.en
        assert r.net_draws.min() < floor


def test_no_draw_warning_when_no_draw_is_below_zero(studies):
    r = run_scenario(spec(), studies, draws=100, seed=1)
    assert r.draws_below_zero == 0.0
    assert not any("trekkingen" in t for t in _texts(r))
    assert run_scenario(spec(), studies, monte_carlo=False).draws_below_zero is None


def test_warnings_travel_in_the_json(studies):
    r = run_scenario(spec(), studies, draws=500)
    data = r.to_dict()
    assert data["warnings"] == [{"nl": w.nl, "en": w.en} for w in r.warnings]
    assert data["warnings"]


def test_the_comparison_text_and_workbook_carry_the_warnings(studies):
    import io

    import openpyxl

    from mkba.scenario import compare_scenarios, format_comparison
    from mkba.scenario.workbook import comparison_workbook

    r = run_scenario(spec(), studies, draws=500)
    cmp = compare_scenarios([r])
    for lang in ("nl", "en"):
        lines = format_comparison(cmp, lang=lang).splitlines()
        head = "Waarschuwingen bij hand:" if lang == "nl" else "Warnings for hand:"
        at = lines.index(head)
        assert at == 2   # at the top, after the heading line
        assert lines[at + 1:at + 1 + len(r.warnings)] == [f"- {w.render(lang)}"
                                                          for w in r.warnings]
        wb = openpyxl.load_workbook(io.BytesIO(comparison_workbook(cmp, lang)))
        column = [c.value for c in wb.worksheets[0]["A"]]
        assert head in column and r.warnings[0].render(lang) in column


def test_a_category_replaced_by_a_local_figure_is_not_warned_about():
    from helpers_studies import make_study
    from test_scenario_engine import _flows

    c = make_study("c", flows=_flows([
        ("cost", "uitvoering_team", "gemeente", 10_000.0, "basis"),
        ("benefit", "schulden", "gemeente", 20_000.0, "basis")]), households=10)
    r = run_scenario(spec(effects={"fixed": {"schulden": {"amount": 500, "actor": "gemeente"}}}),
                     [*synthetic_studies(), c], monte_carlo=False)
    assert not any(t.startswith("Niet gepoold") for t in _texts(r))


def test_price_year_after_the_last_cpi_year(studies):
    """A price year after the CBS index: the studies' amounts in the last CPI year's prices
    (no extrapolation), with a warning naming the rule and the year (issue #16)."""
    from mkba.reference import cpi_years

    assert cpi_years()[1] == 2024  # the table this hand calculation uses
    later = run_scenario(spec(price_year=2027), studies, monte_carlo=False)
    last = run_scenario(spec(price_year=2024), studies, monte_carlo=False)
    base = run_scenario(spec(), studies, monte_carlo=False)       # 2016 prices
    assert later.price_year == 2027 and later.spec.index_year == 2024
    # CBS CPI changes 2017-2024 (cpi_nl.csv, typed from StatLine 83131NED): 2016 -> 2024 prices
    cpi_2016_2024 = 1.014 * 1.017 * 1.026 * 1.013 * 1.027 * 1.10 * 1.038 * 1.033
    assert later.benefit_per_household == pytest.approx(
        base.benefit_per_household * cpi_2016_2024, rel=1e-9)
    # the synthetic studies pool to 3800 a household in 2015 prices (test_scenario_engine)
    assert later.benefit_per_household == pytest.approx(3800 * 1.003 * cpi_2016_2024, rel=1e-9)
    assert later.pv_benefits == pytest.approx(last.pv_benefits, rel=1e-12)
    assert later.pv_costs == pytest.approx(last.pv_costs, rel=1e-12)
    # the team's own costs are the scenario's euros whatever the price year
    assert list(later.by_year["staff_costs"]) == list(base.by_year["staff_costs"])
    w = _one(later, "Prijsjaar 2027 ligt na het laatste jaar van de CBS-prijsindex (2024). "
                    "Regel: de bedragen uit de studies zijn in prijzen van 2024 en tellen als "
                    "euro's van 2027; mkba schat de inflatie daarna niet (0% per jaar na 2024)",
             "Price year 2027 is after the last year of the CBS price index (2024). Rule: the "
             "amounts of the studies are in 2024 prices and count as euros of 2027; mkba does "
             "not estimate the inflation after it (0% a year after 2024)")
    assert w is not None
    assert not any(t.startswith("Prijsjaar") for t in _texts(last))
    with pytest.raises(InputError, match=r"price_year: 2004 is niet toegestaan; geef een jaar "
                                         r"vanaf het eerste jaar van de CPI-tabel"):
        spec(price_year=2004)
