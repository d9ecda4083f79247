"""Benefits per category and actor that follow the team's segment mix (issue #16), worked by
hand (mkba.scenario.segments.fit_categories and scenario_composition).

Made-up studies with the same benefit every year (so the equivalent annual benefit per
household is that amount), in the scenario's price year, with a sensitivity variant 'laag'
(half of every benefit) so that every category has a variance. Three studies: one of heavy
cases (zwaar), one of vulnerable households (kwetsbaar), one half-half (counts 5 and 5). The
true benefits per household per year, per segment:

=================================  ======  =========
category / actor                    zwaar  kwetsbaar
=================================  ======  =========
jeugdzorg / gemeente                6,000      1,000
jeugdzorg / rijk                    2,000        500
gezondheid / zorgverzekeraar        2,000      1,000
total                              10,000      2,500
=================================  ======  =========

The half-half study has the averages (3,500, 1,250, 1,500; total 6,250), so every regression
fits exactly (tau² = 0 for the categories) and gives these figures back.
"""

from __future__ import annotations

import pytest
from helpers_studies import make_study

from mkba.scenario import run_scenario, spec_from_mapping

PER_SEGMENT = {("jeugdzorg", "gemeente"): (6_000.0, 1_000.0),
               ("jeugdzorg", "rijk"): (2_000.0, 500.0),
               ("gezondheid", "zorgverzekeraar"): (2_000.0, 1_000.0)}
ANNUITY = 1 / 1.1 + 1 / 1.21 + 1 / 1.331      # three years at 10%, timing t1


def _study(id, weights, households=10, lines=PER_SEGMENT, **meta):
    """Benefits in 2015 and 2016: per (category, actor) the mix ``weights`` of its segment
    amounts, per household; the variant 'laag' has half of each."""
    flows = []
    for (cat, actor), amounts in lines.items():
        per_hh = sum(w * a for w, a in zip(weights, amounts, strict=True))
        for year in (2015, 2016):
            flows += [("benefit", cat, actor, year, per_hh * households, "basis"),
                      ("benefit", cat, actor, year, per_hh * households / 2, "laag")]
    flows += [("cost", "uitvoering_team", "gemeente", 2015, 500.0, v) for v in ("basis", "laag")]
    return make_study(id, flows=flows, households=households, **meta)


def _studies(lines=PER_SEGMENT):
    return [
        _study("zwaar", (1.0, 0.0), lines=lines, target_breadth="zware_problematiek"),
        _study("kwetsbaar", (0.0, 1.0), lines=lines, target_breadth="kwetsbaar"),
        _study("half", (0.5, 0.5), lines=lines, target_breadth="alle_huishoudens",
               households_zwaar=5, households_kwetsbaar=5)]


def _spec():
    # reached: 100 zwaar and 150 kwetsbaar households, shares 0.4 and 0.6
    return spec_from_mapping({
        "municipality": "Rekendorp", "first_year": 2025, "horizon": 3, "price_year": 2015,
        "discount_rate": 0.10, "population": {"households": {"zwaar": 100, "kwetsbaar": 300}},
        "team": {"reach": {"zwaar": 1.0, "kwetsbaar": 0.5},
                 "caseload": {"zwaar": 6, "kwetsbaar": 35, "overig": 100},
                 "ramp_up": [1.0]},
        "costs": {"per_fte": 60_000}}, source="cat.toml")


def test_benefits_per_category_and_actor_follow_the_segment_mix():
    r = run_scenario(_spec(), _studies(), monte_carlo=False)
    # the total: 0.4 x 10,000 + 0.6 x 2,500 = 5,500 per reached household
    assert r.benefit_per_household == pytest.approx(5_500, abs=1e-6)
    # per category: jeugdzorg 0.4 x 8,000 + 0.6 x 1,500 = 4,100;
    # gezondheid 0.4 x 2,000 + 0.6 x 1,000 = 1,400
    cats = r.by_category.set_index("category")
    assert cats.loc["jeugdzorg", "per_household"] == pytest.approx(4_100, abs=0.005)
    assert cats.loc["gezondheid", "per_household"] == pytest.approx(1_400, abs=0.005)
    # present values: 250 households a year for three years at 10%
    assert cats.loc["jeugdzorg", "pv"] == pytest.approx(250 * 4_100 * ANNUITY, abs=0.005)
    assert cats.loc["gezondheid", "pv"] == pytest.approx(250 * 1_400 * ANNUITY, abs=0.005)
    # per actor: gemeente 0.4 x 6,000 + 0.6 x 1,000 = 3,000; rijk 0.4 x 2,000 + 0.6 x 500 =
    # 1,100; zorgverzekeraar 1,400
    actors = r.by_actor.set_index("actor")["pv_benefits"]
    assert actors["gemeente"] == pytest.approx(250 * 3_000 * ANNUITY, abs=0.005)
    assert actors["rijk"] == pytest.approx(250 * 1_100 * ANNUITY, abs=0.005)
    assert actors["zorgverzekeraar"] == pytest.approx(250 * 1_400 * ANNUITY, abs=0.005)
    # every category has its own segment effects: three studies, two segment effects + 1
    table = r.segment_categories.set_index("category")
    assert table.loc["jeugdzorg"].to_dict() == {"k": 3, "needed": 3, "reason": "segments",
                                                "estimated": True}
    assert bool(table.loc["gezondheid", "estimated"])
    (note,) = [n for n in r.notes if n.nl.startswith("Baten per categorie")]
    assert note.nl == ("Baten per categorie en actor volgen de segmentmix van het team: elke "
                       "categorie heeft eigen baten per segment, geschat uit de studies "
                       "(meta-regressie op hun mix van segmenten)")
    assert note.en.startswith("Benefits per category and actor follow the team's segment mix")


def test_the_pooled_composition_would_not_follow_the_mix():
    """The check above can fail: the plain pooled shares of the categories (each the
    pooled amount over the three studies, with weights 1 / v) are not the team's.
    jeugdzorg's share of the pooled benefits lies between its share in the heavy study (0.8)
    and in the vulnerable one (0.6); the team's is 4,100 / 5,500 = 0.745..."""
    r = run_scenario(_spec(), _studies(), monte_carlo=False)
    from mkba.scenario.evidence import pooled_evidence
    ev = pooled_evidence(_studies(), basis=_spec().basis)
    pooled = ev.composition.groupby("category")["share"].sum()["jeugdzorg"]
    team = float(r.by_category.set_index("category").loc["jeugdzorg", "per_household"]) / 5_500
    assert team == pytest.approx(4_100 / 5_500, abs=1e-9)
    assert abs(pooled - team) > 1e-3


def test_a_category_with_too_few_studies_follows_the_total_and_says_so():
    """'politie_overlast' (politie_justitie) is measured by the heavy and the half-half study only
    (2 < 3 needed): it gets the total's split over the segments in proportion. Per segment its
    amount is its pooled share of the benefits times the total's segment effect, so within
    each segment the shares of the other categories are their own."""
    lines = dict(PER_SEGMENT)
    studies = _studies()
    extra = {("politie_overlast", "politie_justitie"): (1_000.0, 1_000.0)}
    studies[0] = _study("zwaar", (1.0, 0.0), lines={**lines, **extra},
                        target_breadth="zware_problematiek")
    studies[2] = _study("half", (0.5, 0.5), lines={**lines, **extra},
                        target_breadth="alle_huishoudens", households_zwaar=5,
                        households_kwetsbaar=5)
    r = run_scenario(_spec(), studies, monte_carlo=False)
    table = r.segment_categories.set_index("category")
    assert table.loc["politie_overlast"].to_dict() == {"k": 2, "needed": 3,
                                                 "reason": "too_few_studies", "estimated": False}
    assert bool(table.loc["jeugdzorg", "estimated"])
    (note,) = [n for n in r.notes if n.nl.startswith("Baten per categorie")]
    assert ("voor de andere categorieën volgt de verdeling over de segmenten naar rato die van "
            "de totale baten: politie_overlast (2 van de 3 benodigde studies met een bekende "
            "segmentmix)") in note.nl
    assert ("the other categories follow the total's split over the segments in proportion: "
            "politie_overlast (2 of the 3 studies with a known segment mix needed)") in note.en
    # the categories still add up to the team's benefit per household
    pooled = r.by_category[r.by_category["kind"] == "benefit"]
    assert pooled["per_household"].sum() == pytest.approx(r.benefit_per_household, abs=1e-6)


def test_the_proportional_fallback_by_hand():
    """politie_overlast is 1,000 per heavy household and nothing for the others, measured by
    the heavy study (1,000) and the half-half one (500) only: 2 of the 3 studies needed, so it
    follows the total's split. The totals (11,000, 2,500, 6,750) still fit exactly: zwaar
    11,000, kwetsbaar 2,500. With p its pooled share of the benefits (the evidence's
    composition), per segment its amount is p x 11,000 (zwaar) and p x 2,500 (kwetsbaar)
    beside the other categories' own amounts (sums S_z = 10,000 + 11,000 p and S_k = 2,500 +
    2,500 p); the team mixes the segments' shares with weights 0.4 x 11,000 = 4,400 and
    0.6 x 2,500 = 1,500."""
    from mkba.scenario.evidence import pooled_evidence
    extra = {("politie_overlast", "politie_justitie"): (1_000.0, 0.0)}
    studies = _studies()
    studies[0] = _study("zwaar", (1.0, 0.0), lines={**PER_SEGMENT, **extra},
                        target_breadth="zware_problematiek")
    studies[2] = _study("half", (0.5, 0.5), lines={**PER_SEGMENT, **extra},
                        target_breadth="alle_huishoudens", households_zwaar=5,
                        households_kwetsbaar=5)
    r = run_scenario(_spec(), studies, monte_carlo=False)
    assert r.benefit_per_household == pytest.approx(5_900, abs=1e-6)
    comp = pooled_evidence(studies, basis=_spec().basis).composition
    p = float(comp.loc[comp["category"] == "politie_overlast", "share"].iloc[0])
    assert 0 < p < 1
    s_z, s_k = 10_000 + 11_000 * p, 2_500 + 2_500 * p
    cats = r.by_category.set_index("category")["per_household"]
    assert cats["politie_overlast"] == pytest.approx(
        4_400 * 11_000 * p / s_z + 1_500 * 2_500 * p / s_k, abs=0.005)
    assert cats["jeugdzorg"] == pytest.approx(
        4_400 * 8_000 / s_z + 1_500 * 1_500 / s_k, abs=0.005)
    assert cats["gezondheid"] == pytest.approx(
        4_400 * 2_000 / s_z + 1_500 * 1_000 / s_k, abs=0.005)
