"""The inputs of the 2014 tool that mkba lacked (issue #16), each worked by hand on the scenario
of tests/test_scenario_engine.py (rate 10%, timing t1, 2025-2027): friction costs, extra care
brought to light, the effect lag, the indexation of costs; and a team that reaches no one.

The hand scenario's yearly figures (see test_deterministic_scenario_to_the_cent there):
households reached 65, 130, 130; staff 145,000, 290,000, 290,000; overhead 10,000 + 10% of
staff; start-up 100,000 in 2025; team costs 269,500, 329,000, 329,000; additional assistance
150.45 per reached household (gemeente 50.15, zorgverzekeraar 100.3); benefits 3,811.4 per
reached household: 247,741, 495,482, 495,482. Costs are paid 80% gemeente, 20% zorgverzekeraar.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_scenario_engine import BASE, spec, synthetic_studies

from mkba.errors import InputError
from mkba.scenario import run_scenario, spec_from_mapping

D = np.array([1 / 1.1, 1 / 1.21, 1 / 1.331])  # discount factors at 10%, timing t1
TEAM = np.array([269_500.0, 329_000.0, 329_000.0])
INDUCED = np.array([65.0, 130.0, 130.0]) * 150.45
BENEFITS = np.array([247_741.0, 495_482.0, 495_482.0])


@pytest.fixture(scope="module")
def studies():
    return synthetic_studies()


@pytest.fixture(scope="module")
def hand(studies):
    return run_scenario(spec(), studies, monte_carlo=False)


def test_friction_costs(studies, hand):
    r = run_scenario(spec(costs__friction=[100_000, 50_000]), studies, monte_carlo=False)
    assert list(r.by_year["friction_costs"]) == [100_000, 50_000, 0]
    assert list(r.by_year["costs"]) == pytest.approx(TEAM + INDUCED + [100_000, 50_000, 0])
    assert r.pv_costs == pytest.approx(hand.pv_costs + 100_000 / 1.1 + 50_000 / 1.21,
                                       abs=0.005)
    # paid by the payers: 80% gemeente
    g = r.by_actor.set_index("actor").loc["gemeente", "pv_costs"]
    g0 = hand.by_actor.set_index("actor").loc["gemeente", "pv_costs"]
    assert g - g0 == pytest.approx(0.8 * (100_000 / 1.1 + 50_000 / 1.21), abs=0.005)
    # one amount is the first year's
    one = run_scenario(spec(costs__friction=25_000), studies, monte_carlo=False)
    assert list(one.by_year["friction_costs"]) == [25_000, 0, 0]


def test_extra_care_as_a_local_cost(studies, hand):
    r = run_scenario(spec(costs__extra_care={"amount": 200, "actor": "gemeente"}), studies,
                     monte_carlo=False)
    extra = np.array([65.0, 130.0, 130.0]) * 200
    assert list(r.by_year["induced_costs"]) == pytest.approx(extra)
    assert r.pv_costs == pytest.approx(float(((TEAM + extra) * D).sum()), abs=0.005)
    cat = r.by_category.set_index(["kind", "category"]).loc[("cost", "extra_hulpverlening")]
    assert cat["source"] == "fixed" and cat["per_household"] == 200
    # without an actor: split as the evidence splits it, 50.15 : 100.3 = 1 : 2
    split = run_scenario(spec(costs__extra_care=300), studies, monte_carlo=False)
    a = split.by_actor.set_index("actor")["pv_costs"] - hand.by_actor.set_index("actor")[
        "pv_costs"]
    households = float((np.array([65.0, 130.0, 130.0]) * D).sum())
    assert a["gemeente"] == pytest.approx((100 - 50.15) * households, abs=0.005)
    assert a["zorgverzekeraar"] == pytest.approx((200 - 100.3) * households, abs=0.005)
    with pytest.raises(InputError) as info:
        spec(costs__extra_care=300, evidence={"induced_costs": False})
    assert "costs.extra_care: een eigen bedrag voor extra hulpverlening gaat niet samen met " \
           "evidence.induced_costs = false" in str(info.value)
    assert "does not go with evidence.induced_costs = false" in info.value.render("en")


def test_the_effect_lag_is_separate_from_the_ramp_up(studies, hand):
    r = run_scenario(spec(effects={"lag": [0.5, 1.0]}), studies, monte_carlo=False)
    # reach ramps 0.5, 1.0 and the effect per household 0.5, 1.0: a quarter of full in 2025
    assert list(r.by_year["households_reached"]) == [65, 130, 130]
    assert list(r.by_year["effect_lag"]) == [0.5, 1.0, 1.0]
    assert list(r.by_year["benefits"]) == pytest.approx(BENEFITS * [0.5, 1, 1])
    assert r.pv_benefits == pytest.approx(hand.pv_benefits - 0.5 * 247_741 / 1.1, abs=0.005)
    assert r.pv_costs == pytest.approx(hand.pv_costs, abs=1e-6)   # costs do not lag
    jeugdzorg = r.by_category.set_index("category").loc["jeugdzorg", "pv"]
    share = 3000 / 3800   # jeugdzorg's share of the benefits (test_pooled_evidence_by_hand)
    assert jeugdzorg == pytest.approx(share * r.pv_benefits, rel=1e-9)


def test_indexation_of_the_running_costs(studies):
    r = run_scenario(spec(costs__indexation=0.02), studies, monte_carlo=False)
    staff = np.array([145_000, 290_000 * 1.02, 290_000 * 1.0404])
    overhead = np.array([10_000, 10_200, 10_404]) + 0.10 * staff
    assert list(r.by_year["cost_index"]) == pytest.approx([1, 1.02, 1.0404])
    assert list(r.by_year["staff_costs"]) == pytest.approx(staff)
    assert list(r.by_year["overhead"]) == pytest.approx(overhead)
    costs = staff + overhead + [100_000, 0, 0] + INDUCED   # start-up and assistance unindexed
    assert r.pv_costs == pytest.approx(float((costs * D).sum()), abs=0.005)
    assert list(r.by_year["fte"]) == pytest.approx([2.9, 5.8, 5.8])   # the FTE do not change


def _nobody(**costs):
    data = {**BASE, "team": {**BASE["team"], "reach": {"zwaar": 0.0}},
            "costs": {**BASE["costs"], **costs}}
    return spec_from_mapping(data, source="hand.toml")


def test_zero_reach_gives_zero_and_no_payback_year(studies):
    r = run_scenario(_nobody(overhead_per_year=0, startup=0), studies, draws=1_000)
    assert r.households_reached == 0 and r.fte == 0
    assert (r.pv_costs, r.pv_benefits, r.net_pv) == (0.0, 0.0, 0.0)
    assert r.payback_year is None and r.bcr is None and r.break_even is None
    assert r.budget_effect_year2 == 0.0
    assert (r.by_year[["benefits", "costs", "net"]].to_numpy() == 0).all()
    assert r.benefit_per_household == 0 and np.all(r.net_draws == 0)
    assert r.p_benefits_exceed_costs == 0.0
    # with fixed costs (overhead 10,000 a year, start-up 100,000): only those, and no payback
    r = run_scenario(_nobody(), studies, monte_carlo=False)
    assert r.pv_benefits == 0 and r.payback_year is None
    assert r.pv_costs == pytest.approx(110_000 / 1.1 + 10_000 / 1.21 + 10_000 / 1.331,
                                       abs=0.005)


@pytest.mark.parametrize(("key", "value", "nl", "en"), [
    ("costs__friction", [1.0] * 4, "costs.friction: heeft 4 waarden, maar de looptijd is 3 jaar",
     "costs.friction: has 4 values but the horizon is 3 years"),
    ("costs__friction", -5, "costs.friction: -5 is niet toegestaan",
     "costs.friction: -5 is not allowed"),
    ("costs__indexation", 0.5, "costs.indexation: 0,5 is niet toegestaan; geef de reële groei",
     "costs.indexation: 0.5 is not allowed; give the real yearly growth"),
    ("costs__extra_care", {"actor": "gemeente"}, "costs.extra_care.amount: ontbreekt",
     "costs.extra_care.amount: is missing"),
    ("effects", {"lag": [0.5, 1.5]}, "effects.lag[1]: 1,5 is niet toegestaan; geef een deel van "
     "het volledige effect", "effects.lag[1]: 1.5 is not allowed; give a share of the full "
     "effect"),
])
def test_bad_values_of_the_new_inputs(key, value, nl, en):
    with pytest.raises(InputError) as info:
        spec(**{key: value})
    assert str(info.value).startswith(f"hand.toml: {nl}")
    assert info.value.render("en").startswith(f"hand.toml: {en}")


def test_the_new_inputs_survive_the_round_trip(studies):
    s = spec(costs__friction=[100_000, 50_000], costs__indexation=0.02,
             costs__extra_care={"amount": 200, "actor": "gemeente"},
             effects={"lag": [0.5, 1.0], "caseload_elasticity": 0.5})
    assert spec_from_mapping(s.to_dict(), source="x") == s
