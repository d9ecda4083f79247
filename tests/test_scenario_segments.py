"""Effects per segment (issue #16), worked by hand (mkba.scenario.segments).

Synthetic studies with the same benefit every year (so the equivalent annual benefit per
household is that amount, whatever the rate), in the scenario's price year (no indexing), and
the same range of sensitivity variants (so every study has the same variance and the weights
within a mix are equal).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers_studies import make_study

from mkba.errors import InputError
from mkba.scenario import run_scenario, spec_from_mapping
from mkba.scenario.segments import SPLITS, study_mix

Z90 = 1.6448536269514722   # the 90% normal quantile: a variant range covers 90% (mkba.evidence)


def _study(id, per_household, households=10, **meta):
    """Benefits of ``per_household`` a year in 2015 and 2016 (jeugdzorg, gemeente); the variant
    'laag' has 1,000 a year less per household."""
    flows = [(kind, cat, "gemeente", year, amount * households, variant)
             for year in (2015, 2016)
             for kind, cat, amount, variant in (
                 ("benefit", "jeugdzorg", per_household, "basis"),
                 ("benefit", "jeugdzorg", per_household - 1000.0, "laag"),
                 ("cost", "uitvoering_team", 500.0, "basis"),
                 ("cost", "uitvoering_team", 500.0, "laag"))]
    return make_study(id, flows=flows, households=households, **meta)


HEAVY = dict(target_breadth="zware_problematiek")
BROAD = dict(target_breadth="alle_huishoudens", households=100, households_zwaar=5,
             households_kwetsbaar=15, households_overig=80)


def _spec(households, reach, **effects):
    return spec_from_mapping({
        "municipality": "Rekendorp", "first_year": 2025, "horizon": 3, "price_year": 2015,
        "discount_rate": 0.10, "population": {"households": households},
        "team": {"reach": reach, "caseload": {"zwaar": 6, "kwetsbaar": 35, "overig": 100},
                 "ramp_up": [1.0]},
        "costs": {"per_fte": 60_000}, "effects": effects}, source="seg.toml")


ANNUITY = 1 / 1.1 + 1 / 1.21 + 1 / 1.331      # three years at 10%, timing t1


def test_the_mix_of_a_study():
    assert study_mix(_study("b", 1000.0, **BROAD)) == ((0.05, 0.15, 0.8), "counts")
    assert study_mix(_study("h", 1000.0, **HEAVY)) == ((1.0, 0.0, 0.0), "target_breadth")
    assert study_mix(_study("k", 1000.0)) == ((0.0, 1.0, 0.0), "target_breadth")
    # all households without counts: unknown, never an invented mix
    assert study_mix(_study("a", 1000.0, target_breadth="alle_huishoudens")) == \
        (None, "unknown")
    # counts for some segments that add up to the households reached: the rest is 0
    assert study_mix(_study("p", 1000.0, households=10, households_zwaar=4,
                            households_kwetsbaar=6))[0] == (0.4, 0.6, 0.0)


def test_seven_splits_from_heavy_to_light():
    assert [s.code for s in SPLITS] == [
        "zwaar+kwetsbaar+overig", "zwaar+kwetsbaar|overig", "zwaar|kwetsbaar+overig",
        "zwaar+kwetsbaar|overig=0", "zwaar|kwetsbaar+overig=0", "zwaar|kwetsbaar|overig",
        "zwaar|kwetsbaar|overig=0"]
    assert SPLITS[4].text().nl == "eigen bedrag voor zwaar; geen effect voor kwetsbaar en overig"
    assert SPLITS[4].text().en == "own amount for heavy; no effect for vulnerable and other"


def test_a_two_segment_team_follows_the_segment_effects():
    # heavy studies 10,000 and 12,000 a year per household; vulnerable ones 2,000 and 4,000
    studies = [_study("h1", 10_000.0, **HEAVY), _study("h2", 12_000.0, **HEAVY),
               _study("k1", 2_000.0), _study("k2", 4_000.0)]
    r = run_scenario(_spec({"zwaar": 100, "kwetsbaar": 300}, {"zwaar": 1.0, "kwetsbaar": 0.5}),
                     studies, draws=200_000, seed=1)
    # equal variances: zwaar (10,000 + 12,000) / 2 = 11,000, kwetsbaar (2,000 + 4,000) / 2 =
    # 3,000; reached 100 zwaar and 150 kwetsbaar: (100 x 11,000 + 150 x 3,000) / 250 = 6,200
    seg = r.segments.set_index("segment")
    assert seg.loc["zwaar", "benefit"] == pytest.approx(11_000)
    assert seg.loc["kwetsbaar", "benefit"] == pytest.approx(3_000)
    assert list(seg["share"]) == pytest.approx([0.4, 0.6, 0.0])
    assert r.benefit_per_household == pytest.approx(6_200)
    assert r.segment_identified     # no overig reached: every split agrees
    assert len(r.segment_splits) == 2
    assert list(r.segment_splits["benefit_per_household"]) == pytest.approx([6_200] * 2)
    # benefits a year: 100 x 11,000 + 150 x 3,000 = 1,550,000 (the plain pooled mean of the four
    # studies, 7,000 per household, would have given 1,750,000)
    assert list(r.by_year["benefits"]) == pytest.approx([1_550_000] * 3)
    assert r.pv_benefits == pytest.approx(1_550_000 * ANNUITY, abs=0.005)
    # costs: 100 / 6 + 150 / 35 FTE at 60,000
    assert r.pv_costs == pytest.approx((100 / 6 + 150 / 35) * 60_000 * ANNUITY, abs=0.005)
    # the spread: REML in a balanced one-way design with equal v gives v + tau² = the residual
    # variance 4 x 1000² / (4 - 2) = 2,000,000; each mean has variance 2,000,000 / 2; so
    # sd² = (0.4² + 0.6²) x 1,000,000 + tau² with v = (1000 / z90)²
    v = (1000 / Z90) ** 2
    sd = math.sqrt(0.52 * 1_000_000 + (2_000_000 - v))
    assert r.benefit_per_household_sd == pytest.approx(sd, rel=1e-6)
    # the Monte Carlo draws B from N(6200, sd): the net is linear in B
    unit = 250 * ANNUITY
    assert r.net_mean == pytest.approx(r.net_pv, abs=4 * unit * sd / math.sqrt(200_000))
    assert float(np.std(r.net_draws)) == pytest.approx(unit * sd, rel=0.01)
    assert not any("niet scheiden" in w.nl for w in r.warnings)


def test_one_mix_cannot_separate_the_segments_and_says_so():
    # two broad studies in the 2014 mix (5/15/80): 1,000 and 1,400, mean 1,200 per household
    studies = [_study("b1", 1_000.0, **BROAD), _study("b2", 1_400.0, **BROAD)]
    heavy_team = _spec({"zwaar": 100}, {"zwaar": 1.0})
    r = run_scenario(heavy_team, studies, monte_carlo=False)
    splits = r.segment_splits.set_index("split")
    # proportional: every household 1,200; all on zwaar and kwetsbaar: 1,200 / 0.2 = 6,000;
    # all on zwaar: 1,200 / 0.05 = 24,000
    assert splits["benefit_per_household"].to_dict() == pytest.approx({
        "zwaar+kwetsbaar+overig": 1_200, "zwaar+kwetsbaar|overig=0": 6_000,
        "zwaar|kwetsbaar+overig=0": 24_000})
    assert r.benefit_per_household == pytest.approx(1_200) and not r.segment_identified
    assert splits.loc["zwaar+kwetsbaar+overig", "headline"]
    # the net under each split: 100 households x B over three years, minus the same costs
    costs = 100 / 6 * 60_000 * ANNUITY
    for b in (1_200, 6_000, 24_000):
        row = splits[np.isclose(splits["benefit_per_household"], b)].iloc[0]
        assert row["net_pv"] == pytest.approx(100 * b * ANNUITY - costs, abs=0.005)
    (w,) = [w for w in r.warnings if "niet scheiden" in w.nl]
    assert w.nl.startswith("De studies kunnen de segmenten voor dit team niet scheiden: onder de "
                           "plausibele verdelingen liggen de baten per bereikt huishouden tussen "
                           "€ 1.200 (één bedrag voor zwaar, kwetsbaar en overig) en € 24.000 "
                           "(eigen bedrag voor zwaar; geen effect voor kwetsbaar en overig)")
    assert "Shown: one amount for heavy, vulnerable and other (effects.segment_split = " \
           "\"proportional\")" in w.en
    # the other headline: all of the effect on the heaviest segment
    heavier = run_scenario(_spec({"zwaar": 100}, {"zwaar": 1.0}, segment_split="heavier"),
                           studies, monte_carlo=False)
    assert heavier.benefit_per_household == pytest.approx(24_000)
    # a team with the studies' own mix is identified: 1,200 under every split
    own = run_scenario(_spec({"zwaar": 5, "kwetsbaar": 15, "overig": 80},
                             {"zwaar": 1.0, "kwetsbaar": 1.0, "overig": 1.0}),
                       studies, monte_carlo=False)
    assert own.segment_identified and own.benefit_per_household == pytest.approx(1_200)


def test_a_broad_team_on_heavy_evidence_gets_benefits_for_its_heavy_households_only_at_most():
    studies = [_study("h1", 10_000.0, **HEAVY), _study("h2", 12_000.0, **HEAVY)]
    r = run_scenario(_spec({"zwaar": 50, "kwetsbaar": 150, "overig": 800},
                           {"zwaar": 1.0, "kwetsbaar": 1.0, "overig": 0.25}),
                     studies, monte_carlo=False)
    # reached 50 / 150 / 200 (shares 1/8, 3/8, 4/8); the heavy effect is 11,000; the others
    # are unknown: from 11,000 for all (proportional) down to 11,000 x 1/8 = 1,375 (heavy only)
    b = sorted(r.segment_splits["benefit_per_household"])
    assert b == pytest.approx([1_375, 11_000 * 0.5, 11_000])
    assert r.benefit_per_household == pytest.approx(11_000)


def test_local_figures_per_segment():
    studies = [_study("k1", 2_000.0), _study("k2", 4_000.0)]
    r = run_scenario(_spec({"zwaar": 100, "kwetsbaar": 300}, {"zwaar": 1.0, "kwetsbaar": 0.5},
                           per_segment={"zwaar": 9_000, "kwetsbaar": 2_500}, multiplier=0.5),
                     studies, draws=1_000)
    # (100 x 9,000 + 150 x 2,500) / 250 = 5,100; the multiplier does not apply to local figures
    assert r.benefit_per_household == pytest.approx(5_100)
    assert r.by_year["benefits"].iloc[0] == pytest.approx(250 * 5_100)
    assert r.benefit_per_household_sd == 0 and np.ptp(r.net_draws) == 0
    assert set(r.segments["source"]) == {"local"} and r.segment_splits.empty
    (w,) = [w for w in r.warnings if "per_segment" in w.nl]
    assert "de Monte Carlo varieert ze niet" in w.nl and "does not vary it" in w.en
    with pytest.raises(InputError) as info:
        run_scenario(_spec({"zwaar": 100, "kwetsbaar": 300}, {"zwaar": 1.0, "kwetsbaar": 0.5},
                           per_segment={"zwaar": 9_000}), studies, monte_carlo=False)
    assert "seg.toml: effects.per_segment: geen bedrag voor kwetsbaar, dat het team wel " \
           "bereikt" in str(info.value)
    assert "no amount for kwetsbaar, which the team reaches" in info.value.render("en")


def test_studies_of_unknown_mix_stay_out_and_are_named():
    studies = [_study("h1", 10_000.0, **HEAVY), _study("h2", 12_000.0, **HEAVY),
               _study("a1", 3_000.0, target_breadth="alle_huishoudens")]
    r = run_scenario(_spec({"zwaar": 100}, {"zwaar": 1.0}), studies, monte_carlo=False)
    assert r.benefit_per_household == pytest.approx(11_000)   # a1 is not in the segment model
    assert r.segment_mixes.set_index("study_id").loc["a1", "source"] == "unknown"
    (w,) = [w for w in r.warnings if w.nl.startswith("Buiten het segmentmodel")]
    assert w.nl.endswith("a1") and w.en.startswith("Left out of the segment model")
    # none of known mix: one pooled benefit for every segment, said so
    only = [_study(i, x, target_breadth="alle_huishoudens") for i, x in (("a", 1e3), ("b", 2e3))]
    r = run_scenario(_spec({"zwaar": 100}, {"zwaar": 1.0}), only, monte_carlo=False)
    assert r.benefit_per_household == pytest.approx(1_500)
    assert any(w.en.startswith("No study has a known split over the segments") for w in
               r.warnings)
