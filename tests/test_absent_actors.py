"""Absent actors and categories are not zeros (issue 11), worked by hand.

Five synthetic studies of 10 households, one year (2015), rate 0 and price year 2015, so that a
present value per household is the amount divided by 10. Every study's municipality pays 1000
and gets a youth-care benefit; the police (``politie_justitie``, category ``politie_overlast``)
occurs in studies 1-3 only, the housing association (``woningcorporatie``, category
``huisuitzetting``) in studies 4-5 only. The variants "laag" and "hoog" move every benefit by
-20% and +20%: a symmetric range, so its standard error is the same whether the range or its
wider side is taken as the interval (0.2 * value / z90 either way).
"""

from __future__ import annotations

import json
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers_studies import make_study

from mkba.analysis import MIN_STUDIES_PROBABILITY, TOO_FEW_STUDIES, pool_studies
from mkba.appraisal import appraise
from mkba.evidence import ABSENT, measure_value, study_evidence
from mkba.plots.actors import pooled_actor_balance_plot
from mkba.scenario.evidence import pooled_evidence

Z90 = 1.6448536269514722
BASIS = {"price_year": 2015, "rate": 0.0}

# study id: (youth care benefit, police benefit or None, housing benefit or None), per study
SPECS = {
    "s1": (1500.0, 1000.0, None),
    "s2": (1200.0, 2000.0, None),
    "s3": (900.0, 4000.0, None),
    "s4": (1100.0, None, 3000.0),
    "s5": (1300.0, None, 5000.0),
}


def _study(sid, youth, police, housing):
    flows = []
    for variant, f in (("basis", 1.0), ("laag", 0.8), ("hoog", 1.2)):
        flows.append(("cost", "uitvoering_team", "gemeente", 2015, 1000.0, variant))
        flows.append(("benefit", "jeugdzorg", "gemeente", 2015, youth * f, variant))
        if police is not None:
            flows.append(("benefit", "politie_overlast", "politie_justitie", 2015, police * f,
                          variant))
        if housing is not None:
            flows.append(("benefit", "huisuitzetting", "woningcorporatie", 2015, housing * f,
                          variant))
    return make_study(sid, flows=flows, households=10, horizon=1)


@pytest.fixture(scope="module")
def studies():
    return [_study(sid, *spec) for sid, spec in SPECS.items()]


@pytest.fixture(scope="module")
def pooled(studies):
    return pool_studies(studies, method="fe", draws=4000, basis=BASIS)


def test_an_absent_actor_or_category_has_no_value():
    s = _study("x", 1500.0, None, None)
    base = appraise(s, BASIS)
    assert measure_value(base, "balance_per_household:gemeente") == pytest.approx(
        (1500.0 - 1000.0) / 10)
    assert measure_value(base, "balance_per_household:politie_justitie") is None
    assert measure_value(base, "benefit_per_household:politie_overlast") is None
    assert measure_value(base, "benefit_per_household:jeugdzorg") == pytest.approx(150.0)


def test_a_variant_without_the_actor_of_its_study_is_a_zero():
    # the police occur in the base case; the variant "nul" has none of their amounts: that
    # variant is the study's own statement that they get nothing, so 0 (not absent)
    flows = [("cost", "uitvoering_team", "gemeente", 2015, 1000.0, "basis"),
             ("benefit", "politie_overlast", "politie_justitie", 2015, 400.0, "basis"),
             ("cost", "uitvoering_team", "gemeente", 2015, 1000.0, "nul")]
    s = make_study("v", flows=flows, households=10, horizon=1)
    variant = appraise(s, BASIS, variant="nul")
    assert measure_value(variant, "balance_per_household:politie_justitie") == 0.0
    assert measure_value(variant, "benefit_per_household:politie_overlast") == 0.0


@pytest.mark.parametrize("measure", ["balance_per_household:politie_justitie",
                                     "benefit_per_household:politie_overlast"])
def test_studies_without_the_actor_or_category_are_excluded_as_absent(studies, measure):
    ev = study_evidence(studies, measure, basis=BASIS)
    assert ev.labels == ("s1", "s2", "s3")
    assert ev.excluded == (("s4", ABSENT), ("s5", ABSENT))
    assert list(ev.effects) == pytest.approx([100.0, 200.0, 400.0])
    assert list(ev.table["flagged"]) == [False, False, False]  # no default variance either


def test_an_actor_in_three_of_five_studies_is_pooled_over_exactly_those(pooled):
    police = pooled.by_actor["politie_justitie"]
    assert police.k == 3 and police.studies == ("s1", "s2", "s3")
    assert police.excluded == (("s4", ABSENT), ("s5", ABSENT))
    # balances 100, 200, 400 per household with se 20/z, 40/z, 80/z: fixed-effect weights
    # 1/se^2 in the ratio 16 : 4 : 1, so (16*100 + 4*200 + 1*400) / 21 = 2800 / 21 = 133.33;
    # se = sqrt(1 / sum(w)) = (80 / z) / sqrt(21). (With the absent studies as zeros at the
    # largest variance, as before, it was 2800 / 23 = 121.74.)
    assert police.pooled.estimate == pytest.approx(2800.0 / 21.0, rel=1e-12)
    assert police.pooled.se == pytest.approx(80.0 / Z90 / math.sqrt(21.0), rel=1e-12)
    assert police.reason is None
    assert police.p_above == police.monte_carlo.p_above
    assert 0.99 < police.p_above <= 1.0


def test_an_actor_in_three_studies_by_dersimonian_laird(studies):
    # the same three studies with DL written out: w = z^2 / (400, 1600, 6400)
    res = pool_studies(studies, method="dl", draws=1000, basis=BASIS)
    y = np.array([100.0, 200.0, 400.0])
    w = Z90 ** 2 / np.array([400.0, 1600.0, 6400.0])
    fe = (w * y).sum() / w.sum()
    q = (w * (y - fe) ** 2).sum()
    tau2 = max(0.0, (q - 2) / (w.sum() - (w ** 2).sum() / w.sum()))
    wr = 1 / (1 / w + tau2)
    police = res.by_actor["politie_justitie"]
    assert police.pooled.tau2 == pytest.approx(tau2, rel=1e-10)
    assert police.pooled.estimate == pytest.approx((wr * y).sum() / wr.sum(), rel=1e-10)


def test_an_actor_in_two_of_five_studies_gets_no_probability(pooled):
    housing = pooled.by_actor["woningcorporatie"]
    assert MIN_STUDIES_PROBABILITY == 3
    assert housing.k == 2 and housing.studies == ("s4", "s5")
    assert housing.excluded == (("s1", ABSENT), ("s2", ABSENT), ("s3", ABSENT))
    assert housing.p_above is None and housing.reason == TOO_FEW_STUDIES
    # the estimate is still there, over those two: 300 and 500 with se 60/z and 100/z,
    # weights 1/3600 : 1/10000 = 25 : 9, (25 * 300 + 9 * 500) / 34 = 352.94
    assert housing.pooled.estimate == pytest.approx((25 * 300 + 9 * 500) / 34, rel=1e-12)
    # the municipality occurs everywhere: all five, with a probability
    assert pooled.by_actor["gemeente"].k == 5
    assert pooled.by_actor["gemeente"].p_above is not None


def test_results_json_has_k_and_a_null_probability_with_a_reason(pooled):
    out = json.loads(json.dumps(pooled.to_dict()))["by_actor"]
    assert list(out) == ["gemeente", "woningcorporatie", "politie_justitie"]
    assert out["woningcorporatie"]["k"] == 2
    assert out["woningcorporatie"]["p_above"] is None
    assert out["woningcorporatie"]["p_above_reason"] == "too_few_studies"
    assert out["woningcorporatie"]["studies"] == ["s4", "s5"]
    assert {e["reason"] for e in out["woningcorporatie"]["excluded"]} == {"absent"}
    assert out["politie_justitie"]["k"] == 3
    assert out["politie_justitie"]["p_above_reason"] is None
    assert out["politie_justitie"]["estimate"] == pytest.approx(2800.0 / 21.0)
    assert 0.0 <= out["politie_justitie"]["p_above"] <= 1.0


@pytest.mark.parametrize("lang, expected", [
    ("nl", {"Gemeente": "k = 5: ", "Woningcorporatie": "k = 2: te weinig studies voor een kans",
            "Politie en justitie": "k = 3: "}),
    ("en", {"Municipality": "k = 5: ", "Housing association":
            "k = 2: too few studies for a probability", "Police and justice": "k = 3: "}),
])
def test_the_figure_shows_k_and_no_probability_below_three(pooled, lang, expected):
    ax = pooled_actor_balance_plot(pooled, lang=lang)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "actor-k"]
    assert rows == list(expected)
    for row, text in zip(rows, texts, strict=True):
        assert text.startswith(expected[row])
    # a probability is a percentage; the row with two studies has none
    assert [("%" in t) for t in texts] == [True, False, True]
    bars = {p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("actors:")}
    assert bars == {"actors:gemeente", "actors:woningcorporatie", "actors:politie_justitie"}
    plt.close(ax.get_figure())


def test_an_actor_of_one_study_has_no_estimate(studies):
    res = pool_studies(studies[:4], method="fe", draws=500, basis=BASIS)  # s4 has housing
    housing = res.by_actor["woningcorporatie"]
    assert housing.k == 1 and housing.pooled is None and housing.monte_carlo is None
    assert housing.reason == TOO_FEW_STUDIES
    ax = pooled_actor_balance_plot(res, lang="en")
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "actor-k"]
    assert "k = 1: too few studies for an estimate" in texts
    plt.close(ax.get_figure())


# --- the scenario evidence ---------------------------------------------------------------------

def _scenario_study(sid, per_hh):
    """Constant yearly benefits per household in 2015-2016 (10 households); the variant "laag"
    is 100 lower in every category, so every category has the same variance in every study that
    has it: REML weights are equal and a pooled category is the plain mean of those studies."""
    flows = []
    for category, actor, amount in per_hh:
        for year in (2015, 2016):
            flows.append(("benefit", category, actor, year, amount * 10, "basis"))
            flows.append(("benefit", category, actor, year, (amount - 100) * 10, "laag"))
    return make_study(sid, flows=flows, households=10, horizon=2)


def test_a_category_absent_from_a_study_is_not_a_zero_in_the_scenario_evidence():
    a = _scenario_study("a", [("jeugdzorg", "gemeente", 1000.0),
                              ("gezondheid", "zorgverzekeraar", 600.0)])
    b = _scenario_study("b", [("jeugdzorg", "gemeente", 2000.0),
                              ("gezondheid", "zorgverzekeraar", 1000.0)])
    c = _scenario_study("c", [("jeugdzorg", "gemeente", 3000.0),
                              ("schulden", "gemeente", 500.0)])
    ev = pooled_evidence([a, b, c], basis={"price_year": 2015, "rate": 0.05})
    split = {(cat, act): v for cat, act, v in ev.benefits.itertuples(index=False)}
    # pooled where measured: jeugdzorg in all three (1000 + 2000 + 3000) / 3 = 2000; gezondheid
    # in a and b only (600 + 1000) / 2 = 800, not (600 + 1000 + 0) / 3 = 533.33; schulden in c
    # only: not pooled, its own 500 (not 500 / 3). Those add up to 3300, more than the pooled
    # total (1600 + 3000 + 3500) / 3 = 2700 (no setting has every category): the total sets the
    # level, the categories the composition, scaled by 2700 / 3300 = 0.818182.
    factor = 2700.0 / 3300.0
    assert ev.composition_factor == pytest.approx(factor, rel=1e-9)
    assert split[("jeugdzorg", "gemeente")] == pytest.approx(2000.0 * factor, rel=1e-9)
    assert split[("gezondheid", "zorgverzekeraar")] == pytest.approx(800.0 * factor, rel=1e-9)
    assert split[("schulden", "gemeente")] == pytest.approx(500.0 * factor, rel=1e-9)
    assert sum(split.values()) == pytest.approx(ev.total.estimate, rel=1e-9)
    assert len(split) == 3
    cats = ev.categories.set_index("category")
    assert cats.loc["gezondheid", "k"] == 2 and cats.loc["gezondheid", "studies"] == "a, b"
    assert cats.loc["schulden", "k"] == 1 and cats.loc["schulden", "studies"] == "c"
    assert cats.loc["jeugdzorg", "k"] == 3
    assert list(cats["kind"]) == ["benefit"] * 3
    # the total is every study's total (1600, 3000, 3500), each study counted
    assert ev.total.estimate == pytest.approx((1600.0 + 3000.0 + 3500.0) / 3, rel=1e-9)


def test_pooling_one_actor_of_two_studies_gives_no_probability_either(studies):
    # `mkba pool --measure balance_per_household:woningcorporatie`: the same rule as by_actor
    from mkba.pooled_tables import format_pooled

    res = pool_studies(studies, "balance_per_household:woningcorporatie", method="fe",
                       draws=4000, basis=BASIS)
    summary = res.summary()
    assert summary["k"] == 2
    assert summary["p_above"] is None and summary["p_above_reason"] == TOO_FEW_STUDIES
    assert "p_benefits_exceed_costs" not in summary  # that name is for the ratio only
    text = format_pooled(res, lang="nl")
    assert "k = 2: te weinig studies voor een kans" in text
    assert "%" not in text.split("k = 2")[0].splitlines()[-1]  # no percentage on that line
    # the ratio keeps its named probability
    ratio = pool_studies(studies, method="fe", draws=4000, basis=BASIS).summary()
    assert ratio["p_benefits_exceed_costs"] == ratio["p_above"]
    assert ratio["threshold"] == 1.0


def test_the_terminal_text_shows_k_per_actor_and_no_probability_below_three(pooled):
    from mkba.pooled_tables import format_pooled

    text = format_pooled(pooled, lang="nl")
    assert "    Woningcorporatie: k = 2: te weinig studies voor een kans" in text
    assert "    Gemeente: k = 5: " in text
