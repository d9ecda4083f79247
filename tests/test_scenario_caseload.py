"""Caseload and effectiveness (issue #16): the 2014 norms, and the optional elasticity.

The studies of tests/test_scenario_segments.py: heavy cases at 10,000 and 12,000 a year per
household (11,000 pooled), in the scenario's price year, benefits the same every year.
"""

from __future__ import annotations

import math

import pytest
from test_scenario_segments import ANNUITY, HEAVY, _study

from mkba.scenario import compare_scenarios, format_comparison, run_scenario, spec_from_mapping
from mkba.scenario.norms import CASELOAD_NORMS


@pytest.fixture(scope="module")
def studies():
    return [_study("h1", 10_000.0, **HEAVY), _study("h2", 12_000.0, **HEAVY)]


def _spec(caseload, name="plan", **effects):
    return spec_from_mapping({
        "name": name, "municipality": "Rekendorp", "first_year": 2025, "horizon": 3,
        "price_year": 2015, "discount_rate": 0.10, "population": {"households": {"zwaar": 120}},
        "team": {"reach": {"zwaar": 1.0}, "caseload": {"zwaar": caseload}, "ramp_up": [1.0]},
        "costs": {"per_fte": 60_000}, "effects": effects}, source="plan.toml")


def test_the_norms_of_the_2014_tool():
    assert CASELOAD_NORMS == {"zwaar": (5, 7), "kwetsbaar": (30, 40), "overig": (80, 120)}


def test_a_caseload_above_the_norm_gives_the_warning(studies):
    r = run_scenario(_spec(12), studies, monte_carlo=False)
    (w,) = [w for w in r.warnings if w.nl.startswith("Let op:")]
    assert w.nl == ("Let op: de caseload zwaar (12 huishoudens per fte) ligt boven de norm van "
                    "de MKBA-tool 2014 (5 tot 7). Zonder elasticiteit "
                    "(effects.caseload_elasticity) blijven de baten per huishouden gelijk: de "
                    "lagere kosten van de hogere caseload tellen volledig mee, zonder verlies "
                    "aan effect")
    assert w.en.startswith("Note: the caseload heavy (12 households per FTE) is above the 2014 "
                           "MKBA tool's norm (5 to 7). Without an elasticity")
    # within the norm: no warning
    assert not any(w.nl.startswith("Let op:") for w in
                   run_scenario(_spec(6), studies, monte_carlo=False).warnings)


def test_a_caseload_below_the_norm_and_unreached_segments(studies):
    r = run_scenario(_spec(3), studies, monte_carlo=False)
    (w,) = [w for w in r.warnings if w.nl.startswith("Let op:")]
    assert "ligt onder de norm van de MKBA-tool 2014 (5 tot 7)" in w.nl
    assert "levert de lagere caseload geen extra effect op, alleen hogere kosten" in w.nl
    assert "is below the 2014 MKBA tool's norm (5 to 7)" in w.en
    # an overig caseload of 500 for a team that reaches no overig households: no warning
    data = _spec(6).to_dict()
    data["team"]["caseload"]["overig"] = 500
    r = run_scenario(spec_from_mapping(data, source="plan.toml"), studies, monte_carlo=False)
    assert not any(w.nl.startswith("Let op:") for w in r.warnings)


def test_raising_the_caseload_gains_only_with_the_output_saying_so(studies):
    norm, high = (run_scenario(_spec(c, name=f"c{c}"), studies, draws=1_000) for c in (6, 12))
    # half the FTE, the same benefits: the net rises by half the staff costs
    assert high.pv_benefits == pytest.approx(norm.pv_benefits)
    assert high.net_pv - norm.net_pv == pytest.approx(120 / 12 * 60_000 * ANNUITY, rel=1e-9)
    assert any("zonder verlies aan effect" in w.nl for w in high.warnings)
    text = format_comparison(compare_scenarios([norm, high]))
    assert "Waarschuwingen bij c12:" in text and "zonder verlies aan effect" in text


def test_the_elasticity_by_hand(studies):
    r = run_scenario(_spec(12, caseload_elasticity=0.5), studies, monte_carlo=False)
    # (6 / 12) ** 0.5 = 0.70711 of the 11,000 a year per household
    factor = math.sqrt(0.5)
    assert r.segments.set_index("segment").loc["zwaar", "effect_factor"] == \
        pytest.approx(factor)
    assert r.benefit_per_household == pytest.approx(11_000 * factor)
    assert r.pv_benefits == pytest.approx(120 * 11_000 * factor * ANNUITY, abs=0.005)
    (w,) = [w for w in r.warnings if w.nl.startswith("Let op:")]
    assert w.nl.endswith("Met elasticiteit 0,5 is het effect per huishouden 70,7% van dat bij de "
                         "referentiecaseload")
    assert w.en.endswith("With elasticity 0.5 the effect per household is 70.7% of that at the "
                         "reference caseload")
    # elasticity 1: the effect falls as fast as the costs, so raising the caseload gains nothing
    one = run_scenario(_spec(12, caseload_elasticity=1.0), studies, monte_carlo=False)
    assert one.benefit_per_household == pytest.approx(5_500)


def test_every_result_states_the_elasticity(studies):
    none = run_scenario(_spec(6), studies, draws=200)
    # the first note; a second says how the categories follow the segment mix
    assert none.notes[0].nl == (
        "Verband tussen caseload en effect: geen (effects.caseload_elasticity is niet gegeven); "
        "de baten per bereikt huishouden hangen niet af van de caseload")
    assert none.notes[0].en.startswith("Link between caseload and effect: none")
    given = run_scenario(_spec(6, caseload_elasticity=0.3), studies, draws=200)
    assert given.notes[0].nl.startswith("Verband tussen caseload en effect: elasticiteit 0,3")
    assert given.notes[0].en.startswith("Link between caseload and effect: elasticity 0.3")
    assert none.to_dict()["notes"][0] == {"nl": none.notes[0].nl, "en": none.notes[0].en}
    assert none.notes[0].en in format_comparison(compare_scenarios([none]), lang="en")
