"""Every evidence selection of a scenario works or says why not (issue #16).

The five team types of ``approach_types.csv`` are each used as the evidence of a scenario on the
studies of ``studies/``. Two of them (ouderenteam, zorgcoordinatie_zwaar) used to fail with a
variance error: their studies' sensitivity variants change the effect but never the additional
assistance (``extra_hulpverlening``), so that category has no variance to pool with. Such a
category is now left out of the pooling and taken at the plain mean of the studies' amounts,
listed with its reason.
"""

from __future__ import annotations

import pytest
from conftest import REPO
from helpers_studies import make_study

from mkba.appraisal import appraise
from mkba.errors import InputError
from mkba.io import read_studies
from mkba.scenario import pooled_evidence, run_scenario, spec_from_mapping
from mkba.vocab import vocabulary

TEAM_TYPES = vocabulary("approach_types").codes


@pytest.fixture(scope="module")
def studies():
    return read_studies(REPO / "studies")


def _spec(**evidence):
    return spec_from_mapping({
        "municipality": "Rekendorp", "first_year": 2026, "horizon": 10,
        "discount_rate": "nl-2021", "price_year": 2024,
        "population": {"households": {"zwaar": 100, "kwetsbaar": 300, "overig": 1600}},
        "team": {"reach": {"zwaar": 1.0, "kwetsbaar": 1.0, "overig": 0.1}},
        "costs": {"per_fte": 80_000}, "evidence": evidence}, source="plan.toml")


def test_the_vocabulary_has_five_team_types():
    assert TEAM_TYPES == ("wijkteam_probleemwijk", "zorg_welzijnsteam", "jeugd_gezinsteam",
                          "ouderenteam", "zorgcoordinatie_zwaar")


@pytest.mark.parametrize("team_type", TEAM_TYPES)
def test_every_team_type_is_usable_evidence(studies, team_type):
    result = run_scenario(_spec(approach_type=team_type), studies, draws=500)
    chosen = [s.id for s in studies if s.approach_type == team_type]
    assert sorted(result.evidence["study_id"]) == sorted(chosen)
    assert result.pv_costs > 0 and result.pv_benefits > 0
    assert result.net_low < result.net_high


@pytest.mark.parametrize("team_type", ["ouderenteam", "zorgcoordinatie_zwaar"])
def test_a_category_without_variance_is_not_pooled_but_listed(studies, team_type):
    chosen = [s for s in studies if s.approach_type == team_type]
    ev = pooled_evidence(chosen, basis={"price_year": 2024, "rate": 0.0225})
    row = ev.categories.set_index(["kind", "category"]).loc[("cost", "extra_hulpverlening")]
    assert row["basis"] == "unweighted" and row["k"] == 2
    # the plain mean of the two studies' annual amounts per household, by actor: each study's
    # present value of the item (mkba.appraisal) per household over its annuity factor
    per_study = []
    for s in chosen:
        a = appraise(s, {"price_year": 2024, "rate": 0.0225, "horizon": "own"})
        rate = a.rate if a.recomputed else a.study_rate
        annuity = sum((1 + rate) ** -t for t in range(1, a.horizon + 1))
        items = a.by_item[(a.by_item["kind"] == "cost")
                          & (a.by_item["category"] == "extra_hulpverlening")]
        per_study.append({actor: amount / s.households / annuity
                          for actor, amount in zip(items["actor"], items["amount"],
                                                   strict=True)})
    actors = {a for p in per_study for a in p}
    expected = {a: sum(p.get(a, 0.0) for p in per_study) / 2 for a in actors}
    assert dict(ev.induced.itertuples(index=False)) == pytest.approx(expected, rel=1e-12)
    assert all(v > 0 for v in expected.values())


def _flows(per_year):
    return [(k, c, a, y, amount, sc) for (k, c, a, amount, sc) in per_year for y in (2015, 2016)]


def test_unweighted_mean_by_hand():
    # p: extra hulpverlening 100 per household per year (1,000 for 10 households), q: 300
    # (6,000 for 20 households); the variants change the benefits, never the extra assistance.
    def study(id, households, benefit, extra):
        return make_study(id, flows=_flows([
            ("benefit", "jeugdzorg", "gemeente", benefit, "basis"),
            ("benefit", "jeugdzorg", "gemeente", 0.8 * benefit, "laag"),
            ("cost", "extra_hulpverlening", "gemeente", extra, "basis"),
            ("cost", "extra_hulpverlening", "gemeente", extra, "laag"),
            ("cost", "uitvoering_team", "gemeente", 5_000.0, "basis"),
            ("cost", "uitvoering_team", "gemeente", 5_000.0, "laag")]),
            households=households)

    ev = pooled_evidence([study("p", 10, 20_000.0, 1_000.0), study("q", 20, 60_000.0, 6_000.0)],
                         basis={"price_year": 2015, "rate": 0.10})
    assert dict(ev.induced.itertuples(index=False)) == pytest.approx({"gemeente": 200.0})
    cats = ev.categories.set_index("category")
    assert cats.loc["extra_hulpverlening", "basis"] == "unweighted"
    assert cats.loc["jeugdzorg", "basis"] == "pooled"


def test_a_total_without_any_variance_still_says_why(studies):
    flows = _flows([("benefit", "jeugdzorg", "gemeente", 1_000.0, "basis")])
    bare = [make_study(i, flows=flows, households=10, approach_type="ouderenteam")
            for i in ("p", "q")]
    with pytest.raises(InputError) as info:
        run_scenario(_spec(approach_type="ouderenteam"), bare, monte_carlo=False)
    assert "geen geselecteerde studie heeft een gerapporteerd interval" in str(info.value)
    assert "no selected study has a reported interval" in info.value.render("en")


def test_the_result_lists_how_each_category_was_found(studies):
    result = run_scenario(_spec(approach_type="ouderenteam"), studies, monte_carlo=False)
    cats = result.by_category.set_index(["kind", "category"])
    assert cats.loc[("cost", "extra_hulpverlening"), "basis"] == "unweighted"
    assert set(cats["basis"]) <= {"pooled", "one_study", "unweighted"}
