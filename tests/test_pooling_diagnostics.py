"""Tests of subgroups, leave_one_out, influence and egger_test (mkba.pooling).

Outside references: metafor's ``leave1out`` and ``influence`` on dat.bcg
(``tests/testthat/test_misc_influence.r``) and its ``rstandard``/``rstudent`` on trials 1-6
(``test_misc_residuals.r``); statsmodels OLS for Egger's regression; hand computations.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from test_pooling_data import BCG_ALLOC, bcg

from mkba.errors import ArgumentError
from mkba.pooling import egger_test, influence, leave_one_out, pool, subgroups

# -------------------------------------------------------------------------------- subgroups


def test_subgroups_worked_example_by_hand():
    """Fixed effect. Group A: y 1, 3 with v 1, 1 -> 2, se sqrt(1/2). Group B: y 4, 6 with
    v 2, 2 -> 5, se 1. Weights 2 and 1, mean (2*2 + 5)/3 = 3,
    Q_between = 2 (2 - 3)^2 + 1 (5 - 3)^2 = 6 on 1 df."""
    res = subgroups([1, 3, 4, 6], [1, 1, 2, 2], ["A", "A", "B", "B"], method="fe")
    assert res.groups == ("A", "B")
    assert res["A"].estimate == pytest.approx(2.0)
    assert res["A"].se == pytest.approx(math.sqrt(0.5))
    assert res["B"].estimate == pytest.approx(5.0)
    assert res["B"].se == pytest.approx(1.0)
    assert res.q_between == pytest.approx(6.0)
    assert res.q_between_df == 1
    assert res.q_between_p == pytest.approx(math.erfc(math.sqrt(3.0)))  # chi2(1) tail at 6
    assert res.single_study == (False, False)


def test_subgroups_random_effects_use_a_separate_tau2_per_group():
    yi, vi = bcg()
    alloc = np.array(BCG_ALLOC)
    res = subgroups(yi, vi, BCG_ALLOC, method="reml")
    assert res.groups == ("alternate", "random", "systematic")
    est, w = [], []
    for g in res.groups:
        alone = pool(yi[alloc == g], vi[alloc == g], method="reml")
        assert res[g].tau2 == pytest.approx(alone.tau2, rel=1e-12)
        assert res[g].estimate == pytest.approx(alone.estimate, rel=1e-12)
        est.append(alone.estimate)
        w.append(1 / alone.se**2)
    est, w = np.array(est), np.array(w)
    mean = np.sum(w * est) / np.sum(w)
    q = np.sum(w * (est - mean) ** 2)
    assert res.q_between == pytest.approx(q, rel=1e-10)
    assert res.q_between_df == 2
    assert res.q_between_p == pytest.approx(stats.chi2.sf(q, 2), rel=1e-10)


def test_subgroups_with_hksj_use_the_adjusted_standard_errors():
    yi, vi = bcg()
    res = subgroups(yi, vi, BCG_ALLOC, method="dl", ci="hksj")
    se = np.array([r.se for r in res.results])
    est = np.array([r.estimate for r in res.results])
    w = 1 / se**2
    mean = np.sum(w * est) / np.sum(w)
    assert res.q_between == pytest.approx(np.sum(w * (est - mean) ** 2), rel=1e-10)
    assert all(r.ci_method == "hksj" for r in res.results)


def test_single_study_group_is_reported_and_flagged():
    res = subgroups([0.2, 0.4, 0.9], [0.04, 0.05, 0.09], ["x", "x", "y"], method="reml")
    assert res.single_study == (False, True)
    y = res["y"]
    assert (y.estimate, y.k, y.tau2) == (0.9, 1, 0.0)
    assert y.se == pytest.approx(0.3)
    frame = res.to_frame()
    assert list(frame["group"]) == ["x", "y"]
    assert list(frame["single_study"]) == [False, True]
    assert frame.loc[1, "estimate"] == 0.9
    assert res.to_dict()["groups"][1]["single_study"] is True


def test_subgroup_arguments():
    with pytest.raises(ArgumentError, match="vraagt ten minste 2 groepen") as info:
        subgroups([1, 2], [1, 1], ["a", "a"])
    assert "needs at least 2 groups" in info.value.render("en")
    with pytest.raises(ArgumentError, match=r"groups\[1\] is None; elke studie heeft een "
                                            "groepslabel nodig") as info:
        subgroups([1, 2, 3], [1, 1, 1], ["a", None, "b"])
    assert "groups[1] is None; every study needs a group label" in info.value.render("en")
    with pytest.raises(ArgumentError, match=r"groups heeft 2 waarden; verwacht: één per studie "
                                            r"\(3\)") as info:
        subgroups([1, 2, 3], [1, 1, 1], ["a", "b"])
    assert "groups has 2 values; expected one per study (3)" in info.value.render("en")


# ---------------------------------------------------------------------------- leave-one-out


@pytest.mark.parametrize("method, ci", [("reml", "z"), ("dl", "hksj"), ("fe", "z")])
def test_leave_one_out_equals_pooling_the_rest(method, ci):
    yi, vi = bcg()
    loo = leave_one_out(yi, vi, method=method, ci=ci)
    frame = loo.to_frame()
    assert len(frame) == 13
    for i in range(13):
        direct = pool(np.delete(yi, i), np.delete(vi, i), method=method, ci=ci)
        assert loo.results[i] == direct
        assert frame.loc[i, "estimate"] == direct.estimate
        assert frame.loc[i, "i2"] == direct.i2


def test_leave_one_out_matches_metafor_leave1out():
    """metafor leave1out(rma(yi, vi, data=dat.bcg))[1] (REML), test_misc_influence.r.

    Relative 1e-6 leaves room for metafor's REML convergence threshold (1e-5 on tau2).
    """
    yi, vi = bcg()
    loo = leave_one_out(yi, vi, labels=[f"trial {i}" for i in range(1, 14)])
    first = loo.to_frame().iloc[0]
    assert first["omitted"] == "trial 1"
    expected = {"estimate": -0.707083788031436, "se": 0.189961024702717,
                "ci_low": -1.07940055491509, "ci_high": -0.334767021147788,
                "q": 151.582572747109, "q_p": 7.0778599767807e-27, "tau2": 0.336156745300306,
                "i2": 93.2259349111223, "h2": 14.762184698253}
    for name, value in expected.items():
        assert first[name] == pytest.approx(value, rel=1e-6), name


def test_leave_one_out_needs_enough_studies():
    with pytest.raises(ArgumentError, match="leave-one-out met method='reml', ci='z' vraagt er "
                                            "ten minste 3") as info:
        leave_one_out([1, 2], [1, 1])
    assert "needs at least 3" in info.value.render("en")
    assert len(leave_one_out([1, 2], [1, 1], method="fe").results) == 2
    with pytest.raises(ArgumentError, match="labels heeft 1 waarden") as info:
        leave_one_out([1, 2, 3], [1, 1, 1], labels=["a"])
    assert "labels has 1 values" in info.value.render("en")


# -------------------------------------------------------------------------------- influence


def test_influence_matches_metafor_for_trial_1():
    """metafor influence(rma(yi, vi, data=dat.bcg))$inf[1] (REML), test_misc_influence.r."""
    yi, vi = bcg()
    inf = influence(yi, vi)
    expected = {"rstudent": -0.218142474344442, "dffits": -0.0407075604868486,
                "cooks_d": 0.00171654236729195, "cov_r": 1.11644891104804,
                "tau2_del": 0.336156745300306, "q_del": 151.582572747109,
                "hat": 0.0505948307931551, "weight_pct": 5.05948307931551,
                "dfbetas": -0.0402659025974144}
    for name, value in expected.items():
        assert getattr(inf, name)[0] == pytest.approx(value, rel=1e-5), name


def test_standardised_residuals_match_metafor():
    """metafor rstandard()/rstudent() of rma(yi, vi) on dat.bcg trials 1-6, to 4 decimals."""
    yi, vi = bcg()
    inf = influence(yi[:6], vi[:6])
    assert inf.std_resid == pytest.approx([0.1401, -0.9930, -0.4719, -1.0475, 1.6462, 0.4825],
                                          abs=1.5e-4)
    assert inf.rstudent == pytest.approx([0.1426, -0.9957, -0.4591, -1.1949, 2.0949, 0.4330],
                                         abs=1.5e-4)


def test_influence_by_hand_with_knapp_hartung():
    """Cook's distance, covariance ratio and hat values from the definitions, ci="hksj"."""
    yi, vi = bcg()
    full = pool(yi, vi, method="dl", ci="hksj")
    inf = influence(yi, vi, method="dl", ci="hksj")
    w = 1 / (vi + full.tau2)
    assert inf.hat == pytest.approx(tuple(w / w.sum()), rel=1e-12)
    assert math.fsum(inf.weight_pct) == pytest.approx(100)
    for i in (0, 5, 12):
        rest = pool(np.delete(yi, i), np.delete(vi, i), method="dl", ci="hksj")
        assert inf.cooks_d[i] == pytest.approx((full.estimate - rest.estimate) ** 2 / full.se**2)
        assert inf.cov_r[i] == pytest.approx(rest.se**2 / full.se**2)
        assert inf.tau2_del[i] == rest.tau2
    assert inf.resid == pytest.approx(tuple(yi - full.estimate), rel=1e-12)
    frame = inf.to_frame()
    assert list(frame["study"]) == [str(i) for i in range(1, 14)]
    assert frame.loc[4, "cooks_d"] == inf.cooks_d[4]


# ----------------------------------------------------------------------------------- Egger


@pytest.mark.parametrize("seed", range(5))
def test_egger_matches_statsmodels_ols(seed):
    rng = np.random.default_rng(seed)
    k = 6 + 3 * seed
    v = rng.uniform(0.01, 0.4, k)
    y = 0.3 + 0.8 * np.sqrt(v) + rng.normal(0, np.sqrt(v))
    res = egger_test(y, v)
    se = np.sqrt(v)
    fit = sm.OLS(y / se, sm.add_constant(1 / se)).fit()
    assert res.intercept == pytest.approx(fit.params[0], rel=1e-10)
    assert res.intercept_se == pytest.approx(fit.bse[0], rel=1e-10)
    assert res.statistic == pytest.approx(fit.tvalues[0], rel=1e-10)
    assert res.p_value == pytest.approx(fit.pvalues[0], rel=1e-9)
    assert res.slope == pytest.approx(fit.params[1], rel=1e-10)
    assert res.slope_se == pytest.approx(fit.bse[1], rel=1e-10)
    assert res.df == k - 2 == fit.df_resid


def test_egger_note_warns_about_power():
    few = egger_test([0.1, 0.3, 0.2, 0.5], [0.01, 0.02, 0.04, 0.08])
    assert "fewer than 10 studies" in few.note and "power" in few.note
    rng = np.random.default_rng(1)
    v = rng.uniform(0.01, 0.2, 12)
    many = egger_test(rng.normal(0, 0.3, 12), v)
    assert "low power" in many.note and "fewer than 10" not in many.note
    assert few.to_frame().loc[0, "k"] == 4


def test_egger_arguments():
    with pytest.raises(ArgumentError, match="de Egger-toets vraagt er ten minste 3") as info:
        egger_test([0.1, 0.2], [0.1, 0.2])
    assert "Egger's test needs at least 3" in info.value.render("en")
    with pytest.raises(ArgumentError, match="de varianties zijn alle gelijk") as info:
        egger_test([0.1, 0.2, 0.3], [0.1, 0.1, 0.1])
    assert "variances are all equal" in info.value.render("en")
    with pytest.raises(ArgumentError, match=r"variances\[0\]"):
        egger_test([0.1, 0.2, 0.3], [0.0, 0.1, 0.2])
