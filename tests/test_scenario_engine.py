"""The scenario engine (mkba.scenario.engine and .evidence), worked by hand.

Two synthetic studies whose every measure has the same variance (the same range of sensitivity
variants), so that the REML pooled value is the plain mean, and whose benefits are the same every
year, so that the equivalent annual benefit per household is that yearly amount whatever the rate.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from helpers_studies import make_study
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mkba.errors import ArgumentError, InputError
from mkba.scenario import run_scenario, spec_from_mapping
from mkba.scenario.evidence import annuity_factor, pooled_evidence
from mkba.schema import ReportedFigure


def _flows(per_year):
    """(kind, category, actor, year, amount, scenario) for 2015 and 2016."""
    return [(k, c, a, y, amount, sc) for (k, c, a, amount, sc) in per_year for y in (2015, 2016)]


def synthetic_studies(illustrative=False):
    # Study a, 10 households. Per household per year: jeugdzorg 2000 (gemeente), gezondheid 1000
    # (zorgverzekeraar), extra hulpverlening 100 (gemeente). Variant 'laag': 1600, 800, 80.
    a = make_study("a", flows=_flows([
        ("benefit", "jeugdzorg", "gemeente", 20_000.0, "basis"),
        ("benefit", "gezondheid", "zorgverzekeraar", 10_000.0, "basis"),
        ("cost", "uitvoering_team", "gemeente", 50_000.0, "basis"),
        ("cost", "extra_hulpverlening", "gemeente", 1_000.0, "basis"),
        ("benefit", "jeugdzorg", "gemeente", 16_000.0, "laag"),
        ("benefit", "gezondheid", "zorgverzekeraar", 8_000.0, "laag"),
        ("cost", "uitvoering_team", "gemeente", 50_000.0, "laag"),
        ("cost", "extra_hulpverlening", "gemeente", 800.0, "laag"),
    ]), households=10, illustrative=illustrative)
    # Study b, 20 households. Per household per year: jeugdzorg 3000 (gemeente) + 1000 (rijk),
    # gezondheid 600 (zorgverzekeraar), extra hulpverlening 200 (zorgverzekeraar).
    # Variant 'laag': jeugdzorg 2700 + 900, gezondheid 400, extra hulpverlening 180.
    # So every range equals a's: jeugdzorg 400, gezondheid 200, total 600, extra 20 -> the
    # same variances, equal weights, pooled value = mean.
    b = make_study("b", flows=_flows([
        ("benefit", "jeugdzorg", "gemeente", 60_000.0, "basis"),
        ("benefit", "jeugdzorg", "rijk", 20_000.0, "basis"),
        ("benefit", "gezondheid", "zorgverzekeraar", 12_000.0, "basis"),
        ("cost", "uitvoering_team", "gemeente", 90_000.0, "basis"),
        ("cost", "extra_hulpverlening", "zorgverzekeraar", 4_000.0, "basis"),
        ("benefit", "jeugdzorg", "gemeente", 54_000.0, "laag"),
        ("benefit", "jeugdzorg", "rijk", 18_000.0, "laag"),
        ("benefit", "gezondheid", "zorgverzekeraar", 8_000.0, "laag"),
        ("cost", "uitvoering_team", "gemeente", 90_000.0, "laag"),
        ("cost", "extra_hulpverlening", "zorgverzekeraar", 3_600.0, "laag"),
    ]), households=20, illustrative=illustrative)
    return [a, b]


BASE = {
    "name": "hand", "municipality": "Rekendorp", "first_year": 2025, "horizon": 3,
    "price_year": 2016, "discount_rate": 0.10,
    "population": {"total": 400},                       # 20 / 60 / 320 (5% / 15% / 80%)
    "team": {"reach": {"zwaar": 1.0, "kwetsbaar": 0.5, "overig": 0.25},
             "caseload": {"zwaar": 5, "kwetsbaar": 30, "overig": 100},
             "ramp_up": [0.5, 1.0]},
    "costs": {"per_fte": 50_000, "overhead_per_year": 10_000, "overhead_share": 0.10,
              "startup": 100_000, "payers": {"gemeente": 0.8, "zorgverzekeraar": 0.2}},
}
CPI_2016 = 1.003  # studies in 2015 prices, scenario in 2016 prices: CBS CPI 2016 = +0.3%


def spec(**changes):
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            data[section] = {**data.get(section, {}), field: value}
        else:
            data[section] = value
    return spec_from_mapping(data, source="hand.toml")


@pytest.fixture(scope="module")
def studies():
    return synthetic_studies()


@pytest.fixture(scope="module")
def hand(studies):
    return run_scenario(spec(), studies, monte_carlo=False)


def test_pooled_evidence_by_hand(studies):
    ev = pooled_evidence(studies, basis={"price_year": 2016, "rate": 0.10})
    # total: a 3000, b 4600 per household per year -> mean 3800, in 2016 prices x 1.003
    assert ev.total.estimate == pytest.approx(3800 * CPI_2016, abs=1e-6)
    split = {(c, a): v for c, a, v in ev.benefits.itertuples(index=False)}
    # jeugdzorg: gemeente (2000 + 3000) / 2 = 2500, rijk (0 + 1000) / 2 = 500
    assert split[("jeugdzorg", "gemeente")] == pytest.approx(2500 * CPI_2016, abs=1e-6)
    assert split[("jeugdzorg", "rijk")] == pytest.approx(500 * CPI_2016, abs=1e-6)
    assert split[("gezondheid", "zorgverzekeraar")] == pytest.approx(800 * CPI_2016, abs=1e-6)
    assert len(split) == 3
    induced = dict(ev.induced.itertuples(index=False))
    assert induced == pytest.approx({"gemeente": 50 * CPI_2016, "zorgverzekeraar": 100 * CPI_2016})
    # the annuity factor of a 2-year horizon at 10%: 1/1.1 + 1/1.21
    assert list(ev.studies["annuity"]) == pytest.approx([1 / 1.1 + 1 / 1.21] * 2)
    assert list(ev.studies["variance_source"]) == ["range", "range"]
    assert list(ev.studies["weight"]) == pytest.approx([0.5, 0.5])


@pytest.mark.parametrize("level, coverage, z", [
    (0.90, 0.90, 1.6448536269514722),   # a 90% interval: its own level
    (None, 0.50, 0.6744897501960817),   # a range without a level: taken to cover `coverage`
])
def test_pooled_evidence_interval_and_default_by_hand(studies, level, coverage, z):
    # c: 10 households, costs 1000 and benefits (jeugdzorg) 1500 per household per year, no
    # variants, a reported ratio interval 1.0 to 2.0. With the costs taken as known, its total
    # benefits have an interval of width (2.0 - 1.0) * PV of costs per household, and annualised
    # that is (2.0 - 1.0) * 1000 a year (the annuity factor cancels), in 2016 prices.
    c = make_study("c", flows=_flows([
        ("cost", "uitvoering_team", "gemeente", 10_000.0, "basis"),
        ("benefit", "jeugdzorg", "gemeente", 15_000.0, "basis"),
    ]), households=10, reported=(ReportedFigure("basis", "bcr", 1.5, low=1.0, high=2.0,
                                                level=level),))
    # d: no variants and no interval: the largest se of the others, flagged "default"
    d = make_study("d", flows=_flows([
        ("cost", "uitvoering_team", "gemeente", 10_000.0, "basis"),
        ("benefit", "gezondheid", "zorgverzekeraar", 20_000.0, "basis"),
    ]), households=10)
    ev = pooled_evidence([*studies, c, d], basis={"price_year": 2016, "rate": 0.10},
                         coverage=coverage)
    t = ev.studies.set_index("study_id")
    se_c = 1000 * CPI_2016 / (2 * z)
    # a and b: total benefits 600 above their one variant (3000 - 2400): one side of a
    # `coverage` interval; d gets the largest se of the others, a's and b's
    se_ab = 600 * CPI_2016 / z
    assert list(t["variance_source"]) == ["range", "range",
                                          "interval" if level else "range", "default"]
    assert list(t["se"]) == pytest.approx([se_ab, se_ab, se_c, se_ab], rel=1e-9)
    assert list(t["benefit"]) == pytest.approx(
        [3000 * CPI_2016, 4600 * CPI_2016, 1500 * CPI_2016, 2000 * CPI_2016], rel=1e-9)


def test_pooled_evidence_without_any_variance_is_refused():
    # neither study has variants or an interval: the default rule has nothing to go on
    flows = _flows([("benefit", "jeugdzorg", "gemeente", 1_000.0, "basis")])
    bare = [make_study(i, flows=flows, households=10) for i in ("p", "q")]
    with pytest.raises(InputError, match=r"^bewijs voor sel \(totale baten\): geen "
                                         "geselecteerde studie heeft een gerapporteerd "
                                         "interval") as info:
        pooled_evidence(bare, basis={"price_year": 2016, "rate": 0.10}, where="sel")
    assert info.value.render("en").startswith(
        "evidence for sel (total benefits): no selected study has a reported interval")


def test_annuity_factor():
    assert annuity_factor(3, 0.10) == pytest.approx(1 / 1.1 + 1 / 1.21 + 1 / 1.331)
    assert annuity_factor(4, 0.0) == 4.0


def test_deterministic_scenario_to_the_cent(hand):
    # Reach at full operation: 20 x 1.0 + 60 x 0.5 + 320 x 0.25 = 20 + 30 + 80 = 130 households;
    # FTE 20/5 + 30/30 + 80/100 = 4 + 1 + 0.8 = 5.8. Ramp-up 0.5 in 2025, then 1.0.
    assert hand.households_reached == pytest.approx(130)
    assert hand.fte == pytest.approx(5.8)
    y = hand.by_year.set_index("year")
    assert list(y["households_reached"]) == pytest.approx([65, 130, 130])
    # staff 2.9 x 50,000 = 145,000 then 290,000; overhead 10,000 + 10% of staff; start-up
    # 100,000 in 2025: team costs 269,500 then 329,000.
    assert list(y["staff_costs"]) == pytest.approx([145_000, 290_000, 290_000])
    assert list(y["overhead"]) == pytest.approx([24_500, 39_000, 39_000])
    # extra hulpverlening (50 + 100) x 1.003 = 150.45 per reached household: 9,779.25 / 19,558.5
    assert list(y["induced_costs"]) == pytest.approx([9_779.25, 19_558.5, 19_558.5])
    assert list(y["costs"]) == pytest.approx([279_279.25, 348_558.5, 348_558.5])
    # benefits 3800 x 1.003 = 3811.4 per reached household: 247,741 then 495,482
    assert list(y["benefits"]) == pytest.approx([247_741.0, 495_482.0, 495_482.0])

    pv_costs = 279_279.25 / 1.1 + 348_558.5 / 1.21 + 348_558.5 / 1.331       # 803,883.00
    pv_benefits = 247_741.0 / 1.1 + 495_482.0 / 1.21 + 495_482.0 / 1.331     # 1,006,987.73
    assert hand.pv_costs == pytest.approx(pv_costs, abs=0.005)
    assert hand.pv_benefits == pytest.approx(pv_benefits, abs=0.005)
    assert hand.net_pv == pytest.approx(pv_benefits - pv_costs, abs=0.005)
    assert hand.bcr == pytest.approx(pv_benefits / pv_costs, rel=1e-9)
    assert hand.break_even == pytest.approx(pv_costs / pv_benefits, rel=1e-9)
    # cumulative PV net: 2025 (247,741 - 279,279.25) / 1.1 < 0; 2026 adds 146,923.5 / 1.21 > 0
    assert hand.payback_year == 2026

    a = hand.by_actor.set_index("actor")
    # gemeente: costs 80% of the team + its extra hulpverlening 50.15 per household
    #   2025: 215,600 + 3,259.75 = 218,859.75; 2026-27: 263,200 + 6,519.5 = 269,719.5
    #   benefits 2,507.5 per household: 162,987.5; 325,975
    g_costs = 218_859.75 / 1.1 + 269_719.5 / 1.21 + 269_719.5 / 1.331
    g_benefits = 162_987.5 / 1.1 + 325_975.0 / 1.21 + 325_975.0 / 1.331
    assert a.loc["gemeente", "pv_costs"] == pytest.approx(g_costs, abs=0.005)
    assert a.loc["gemeente", "net"] == pytest.approx(g_benefits - g_costs, abs=0.005)
    # zorgverzekeraar: 20% of the team + 100.3 per household; benefits 802.4 per household
    #   costs 53,900 + 6,519.5 = 60,419.5; 65,800 + 13,039 = 78,839; benefits 52,156; 104,312
    z_net = (52_156 - 60_419.5) / 1.1 + (104_312 - 78_839) / 1.21 + (104_312 - 78_839) / 1.331
    assert a.loc["zorgverzekeraar", "net"] == pytest.approx(z_net, abs=0.005)
    # rijk: 501.5 per household, no costs
    assert a.loc["rijk", "net"] == pytest.approx(32_597.5 / 1.1 + 65_195 / 1.21 + 65_195 / 1.331,
                                                 abs=0.005)
    # budget effect year 2 (2026, undiscounted): 325,975 - 269,719.5
    assert hand.budget_effect_year2 == pytest.approx(56_255.5, abs=0.005)
    assert hand.net_draws is None and hand.p_benefits_exceed_costs is None


def test_actors_and_categories_add_up(hand):
    assert hand.by_actor["pv_costs"].sum() == pytest.approx(hand.pv_costs, rel=1e-12)
    assert hand.by_actor["net"].sum() == pytest.approx(hand.net_pv, rel=1e-12)
    benefits = hand.by_category[hand.by_category["kind"] == "benefit"]
    assert benefits["pv"].sum() == pytest.approx(hand.pv_benefits, rel=1e-12)
    assert list(benefits["category"]) == ["jeugdzorg", "gezondheid"]


def test_zero_effect_net_is_minus_costs(studies, hand):
    zero = run_scenario(spec(effects={"multiplier": 0.0}), studies, draws=500)
    assert zero.pv_benefits == 0.0
    assert zero.pv_costs == pytest.approx(hand.pv_costs, rel=1e-12)
    assert zero.net_pv == pytest.approx(-hand.pv_costs, rel=1e-12)
    assert zero.break_even is None and zero.bcr == 0.0
    assert zero.p_benefits_exceed_costs == 0.0
    assert np.allclose(zero.net_draws, -hand.pv_costs)


def test_doubling_households_doubles_costs_and_benefits(studies):
    # without the fixed parts (overhead per year, start-up) every cost scales with reach
    one = spec(costs__overhead_per_year=0, costs__startup=0)
    two = spec(costs__overhead_per_year=0, costs__startup=0, population={"total": 800})
    r1 = run_scenario(one, studies, monte_carlo=False)
    r2 = run_scenario(two, studies, monte_carlo=False)
    assert r2.pv_costs == pytest.approx(2 * r1.pv_costs, rel=1e-12)
    assert r2.pv_benefits == pytest.approx(2 * r1.pv_benefits, rel=1e-12)
    assert r2.fte == pytest.approx(2 * r1.fte)
    assert r2.bcr == pytest.approx(r1.bcr, rel=1e-12)


def test_monte_carlo_mean_approaches_the_deterministic_value(studies, hand):
    errors = []
    for draws in (1_000, 200_000):
        r = run_scenario(spec(), studies, draws=draws, seed=11)
        sd = float(np.std(r.net_draws))
        # within 4 Monte Carlo standard errors, a bound that shrinks as 1 / sqrt(draws)
        assert abs(r.net_mean - hand.net_pv) < 4 * sd / math.sqrt(draws)
        errors.append(abs(r.net_mean - hand.net_pv))
        assert r.net_pv == hand.net_pv  # the deterministic part does not depend on draws
    assert errors[1] < errors[0]


def test_probability_matches_the_prediction_distribution(studies, hand):
    r = run_scenario(spec(), studies, draws=100_000, seed=5)
    ev = r.evidence_summary
    # net = m * PV benefits - PV costs with m ~ N(1, sd / estimate), sd = sqrt(se^2 + tau2)
    sd_m = math.sqrt(ev["se"] ** 2 + ev["tau2"]) / ev["estimate"]
    exact = stats.norm.sf((hand.pv_costs / hand.pv_benefits - 1) / sd_m)
    assert r.p_benefits_exceed_costs == pytest.approx(exact, abs=0.01)
    assert r.net_low < r.net_pv < r.net_high
    gemeente = r.by_actor.set_index("actor").loc["gemeente"]
    assert r.p_municipality_gains == gemeente["p_gain"]
    assert r.municipality_net_low == gemeente["net_low"]


def test_same_seed_same_result(studies):
    a = run_scenario(spec(), studies, draws=2_000, seed=3)
    b = run_scenario(spec(), studies, draws=2_000, seed=3)
    c = run_scenario(spec(), studies, draws=2_000, seed=4)
    assert np.array_equal(a.net_draws, b.net_draws)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.net_draws, c.net_draws)
    assert not a.net_draws.flags.writeable


def test_independent_of_study_order(studies, hand):
    r = run_scenario(spec(), list(reversed(studies)), monte_carlo=False)
    assert r.net_pv == pytest.approx(hand.net_pv, rel=1e-12)
    assert r.by_actor.set_index("actor")["net"].to_dict() == pytest.approx(
        hand.by_actor.set_index("actor")["net"].to_dict(), rel=1e-12)


def test_fixed_local_benefit_replaces_the_pooled_category(studies, hand):
    # gezondheid fixed at 1000 per household per year, to the actor the studies give it to
    r = run_scenario(spec(effects={"fixed": {"gezondheid": 1000}, "multiplier": 0.5}), studies,
                     monte_carlo=False)
    cats = r.by_category.set_index("category")
    assert cats.loc["gezondheid", "source"] == "fixed"
    assert cats.loc["gezondheid", "per_household"] == 1000
    # jeugdzorg stays pooled, halved by the multiplier: 3000 x 1.003 x 0.5
    assert cats.loc["jeugdzorg", "per_household"] == pytest.approx(1504.5)
    y = r.by_year.set_index("year")
    assert y.loc[2026, "benefits"] == pytest.approx(130 * (1504.5 + 1000))
    with_actor = run_scenario(spec(effects={"fixed": {"schulden": {"amount": 10, "actor":
                                                                    "rijk"}}}),
                              studies, monte_carlo=False)
    assert with_actor.pv_benefits == pytest.approx(
        hand.pv_benefits + 10 * (65 / 1.1 + 130 / 1.21 + 130 / 1.331), abs=0.005)
    with pytest.raises(InputError, match=r"hand.toml: effects.fixed.schulden: de "
                                         r"geselecteerde studies hebben geen baten in deze "
                                         r"categorie.*actor = ") as info:
        run_scenario(spec(effects={"fixed": {"schulden": 10}}), studies, monte_carlo=False)
    assert "split over actors is unknown; give {amount = ..., actor = \"...\"}" in \
        info.value.render("en")


def test_induced_costs_can_be_left_out(studies, hand):
    r = run_scenario(spec(evidence={"induced_costs": False}), studies, monte_carlo=False)
    extra = 9_779.25 / 1.1 + 19_558.5 / 1.21 + 19_558.5 / 1.331
    assert r.pv_costs == pytest.approx(hand.pv_costs - extra, abs=0.005)
    assert (r.by_year["induced_costs"] == 0).all()


def test_evidence_selection_errors(studies):
    with pytest.raises(InputError, match=r"hand.toml: evidence.studies: onbekend studie-id "
                                         r"'zz'; bekend: a, b") as info:
        run_scenario(spec(evidence={"studies": ["a", "zz"]}), studies)
    assert info.value.render("en").endswith("unknown study id 'zz'; known: a, b")
    one = [studies[0], make_study("c", households=50, approach_type="ouderenteam")]
    with pytest.raises(InputError, match=r"evidence.approach_type: de selectie \(approach_type "
                                         r"= ouderenteam\) geeft 1 studie \(c\); poolen vraagt "
                                         r"er ten minste 2") as info:
        run_scenario(spec(evidence={"approach_type": "ouderenteam"}), one)
    assert "gives 1 study (c); pooling needs at least 2" in info.value.render("en")


def test_bad_arguments(studies):
    with pytest.raises(ArgumentError, match="ScenarioSpec"):
        run_scenario({"municipality": "x"}, studies)
    with pytest.raises(ArgumentError, match="draws=0"):
        run_scenario(spec(), studies, draws=0)
    with pytest.raises(ArgumentError, match="seed=-1"):
        run_scenario(spec(), studies, seed=-1)
    with pytest.raises(ArgumentError, match="studies mag alleen Study-objecten bevatten") as info:
        run_scenario(spec(), ["a", "b"])
    assert info.value.render("en").startswith("studies must hold Study objects")
    # a spec changed by hand is checked again
    with pytest.raises(InputError, match="team.caseload.zwaar"):
        run_scenario(replace(spec(), caseload=(0.0, 30.0, 100.0)), studies)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 5_000), min_size=3, max_size=3),
       st.lists(st.floats(0, 1), min_size=3, max_size=3),
       st.lists(st.floats(1, 200), min_size=3, max_size=3))
def test_per_actor_amounts_add_up(households, reach, caseload):
    seg = ("zwaar", "kwetsbaar", "overig")
    s = spec(population={"households": dict(zip(seg, households, strict=True))},
             team={"reach": dict(zip(seg, reach, strict=True)),
                   "caseload": dict(zip(seg, caseload, strict=True))})
    r = run_scenario(s, _STUDIES, monte_carlo=False)
    scale = 1 + abs(r.pv_costs) + abs(r.pv_benefits)
    assert abs(r.by_actor["net"].sum() - r.net_pv) <= 1e-9 * scale
    assert abs(r.by_year["net"].sum() - (r.by_year["benefits"].sum() - r.by_year["costs"].sum())
               ) <= 1e-9 * scale
    assert r.pv_costs >= 0 and r.pv_benefits >= 0


_STUDIES = synthetic_studies()


def test_each_pooled_category_says_how_many_studies_have_it(hand):
    # a and b both measure jeugdzorg, gezondheid and extra hulpverlening: k = 2 for each
    t = hand.by_category.set_index(["kind", "category"])
    assert t.loc[("benefit", "jeugdzorg"), "k"] == 2
    assert t.loc[("benefit", "gezondheid"), "k"] == 2
    assert t.loc[("cost", "extra_hulpverlening"), "k"] == 2
