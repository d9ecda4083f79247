"""Tests of mkba.pooling.meta_regression.

Outside references: metafor's ``rma(yi, vi, mods = ~ ablat, data=dat.bcg)`` (documented printed
output, and full-precision fitted values from metafor's ``tests/testthat/test_misc_list_rma.r``);
independent routes: the restricted (and full) likelihood of the mixed model maximised here with
scipy, and statsmodels WLS with weights ``1 / (v + tau2)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize, stats
from test_pooling_data import BCG_ABLAT, BCG_ALLOC, bcg

from mkba.errors import ArgumentError
from mkba.pooling import meta_regression, pool


def neg_loglik(y, v, X, restricted):
    """Minus the (restricted) log-likelihood of the mixed model, written out densely."""

    def f(tau2):
        W = np.diag(1 / (v + tau2))
        XtWX = X.T @ W @ X
        b = np.linalg.solve(XtWX, X.T @ W @ y)
        r = y - X @ b
        value = 0.5 * (np.sum(np.log(v + tau2)) + r @ W @ r)
        if restricted:
            value += 0.5 * np.log(np.linalg.det(XtWX))
        return value

    return f


def tau2_by_direct_maximisation(y, v, X, restricted=True):
    f = neg_loglik(y, v, X, restricted)
    found = optimize.minimize_scalar(f, bounds=(0, 10 * (np.var(y) + np.max(v))),
                                     method="bounded", options={"xatol": 1e-13, "maxiter": 2000})
    return 0.0 if f(0.0) <= found.fun else float(found.x)


def bcg_design():
    return np.column_stack([np.ones(13), BCG_ABLAT])


# ------------------------------------------------------------------------------ metafor values


def test_bcg_latitude_matches_metafor_printed_output():
    """metafor (printed): intrcpt 0.2515 (se 0.2491, z 1.0095), ablat -0.0291 (se 0.0072,
    z -4.0444), QE(df=11) = 30.7331, QM(df=1) = 16.3571, tau2 0.0764, I2 68.39%, H2 3.16,
    R2 75.62%.

    metafor stops its REML iterations when tau2 changes by less than 1e-5 and reports
    tau2 ~ 0.07637; the exact maximiser (checked below by a direct maximisation) is 0.076348.
    Statistics that depend on tau2 therefore get a tolerance of that order.
    """
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"ablat": BCG_ABLAT})
    assert res.names == ("intercept", "ablat")
    assert res.coef == pytest.approx((0.2515, -0.0291), abs=5e-5)
    assert res.se == pytest.approx((0.2491, 0.0072), abs=5e-5)
    assert res.statistic == pytest.approx((1.0095, -4.0444), abs=2e-3)
    assert res.qe == pytest.approx(30.7331, abs=5e-5)  # does not depend on tau2
    assert (res.qe_df, res.qm_df) == (11, 1)
    assert res.qm == pytest.approx(16.3571, abs=3e-3)
    assert res.tau2 == pytest.approx(0.0764, abs=6e-5)
    assert res.i2 == pytest.approx(68.39, abs=0.02)
    assert res.h2 == pytest.approx(3.16, abs=5e-3)
    assert res.r2 == pytest.approx(75.62, abs=0.02)


def test_bcg_latitude_fitted_values_match_metafor():
    """predict(rma(yi, vi, mods = ~ ablat)) for trials 1-3, metafor test_misc_list_rma.r."""
    yi, vi = bcg()
    res = meta_regression(yi, vi, pd.DataFrame({"ablat": BCG_ABLAT}))
    X = bcg_design()[:3]
    pred = X @ np.array(res.coef)
    se = np.sqrt(np.einsum("ij,jk,ik->i", X, np.array(res.cov), X))
    assert pred == pytest.approx([-1.02900878645837, -1.34912705666653, -0.97080546460234],
                                 rel=1e-5)
    assert se == pytest.approx([0.140375124151501, 0.201103941277043, 0.131456743392091],
                               rel=1e-4)


# ------------------------------------------------------------------------ independent routes


def test_bcg_reml_tau2_equals_direct_maximisation():
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"ablat": BCG_ABLAT})
    assert res.tau2 == pytest.approx(tau2_by_direct_maximisation(yi, vi, bcg_design()), rel=1e-6)


def random_meta(seed, k=20):
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.02, 0.3, k)
    x = rng.uniform(0, 10, k)
    g = rng.choice(["a", "b", "c"], k)
    true = 0.1 + 0.05 * x + np.select([g == "b", g == "c"], [0.3, -0.2], 0.0)
    y = true + rng.normal(0, 0.25, k) + rng.normal(0, np.sqrt(v))
    return y, v, x, g


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("ci", ["z", "hksj"])
def test_matches_statsmodels_wls_at_the_direct_reml_tau2(seed, ci):
    y, v, x, g = random_meta(seed)
    res = meta_regression(y, v, {"x": x, "g": g}, ci=ci)
    # design written independently: intercept, x, dummies for b and c (reference a)
    X = np.column_stack([np.ones_like(x), x, (g == "b").astype(float), (g == "c").astype(float)])
    tau2 = tau2_by_direct_maximisation(y, v, X)
    assert res.tau2 == pytest.approx(tau2, rel=1e-6, abs=1e-10)

    fit = sm.WLS(y, X, weights=1 / (v + res.tau2)).fit()
    assert res.coef == pytest.approx(tuple(fit.params), rel=1e-9, abs=1e-12)
    if ci == "z":
        # known sampling variances: the scale is fixed at 1
        se = fit.bse / np.sqrt(fit.scale)
        wald = fit.params[1:] @ np.linalg.solve(fit.cov_params()[1:, 1:] / fit.scale,
                                                fit.params[1:])
        assert res.qm == pytest.approx(wald, rel=1e-9)
        assert res.qm_p == pytest.approx(stats.chi2.sf(wald, 3), rel=1e-9)
        crit = stats.norm.ppf(0.975)
    else:
        # Knapp-Hartung = WLS with the scale estimated; F test of the moderators
        se = fit.bse
        ftest = fit.f_test(np.eye(4)[1:])
        assert res.qm == pytest.approx(float(np.squeeze(ftest.fvalue)), rel=1e-9)
        assert res.qm_p == pytest.approx(float(ftest.pvalue), rel=1e-7)
        assert res.df == 16
        crit = stats.t.ppf(0.975, 16)
    assert res.se == pytest.approx(tuple(se), rel=1e-9)
    assert res.ci_low == pytest.approx(tuple(fit.params - crit * se), rel=1e-9, abs=1e-12)
    # residual heterogeneity: WLS with weights 1/v, weighted residual sum of squares
    qe = sm.WLS(y, X, weights=1 / v).fit().ssr
    assert res.qe == pytest.approx(qe, rel=1e-9)
    assert res.qe_p == pytest.approx(stats.chi2.sf(qe, 16), rel=1e-9)
    assert res.names == ("intercept", "x", "g[b]", "g[c]")
    assert res.reference_levels == (("g", "a"),)


def test_ml_tau2_equals_direct_maximisation():
    y, v, x, _ = random_meta(11)
    res = meta_regression(y, v, {"x": x}, method="ml")
    X = np.column_stack([np.ones_like(x), x])
    assert res.tau2 == pytest.approx(tau2_by_direct_maximisation(y, v, X, restricted=False),
                                     rel=1e-6, abs=1e-10)


def test_pm_solves_the_generalised_q_equation():
    y, v, x, _ = random_meta(5)
    res = meta_regression(y, v, {"x": x}, method="pm")
    X = np.column_stack([np.ones_like(x), x])
    assert res.tau2 > 0
    assert sm.WLS(y, X, weights=1 / (v + res.tau2)).fit().ssr == pytest.approx(20 - 2, rel=1e-9)


def test_dl_is_metafors_moment_estimator():
    """tau2 = (QE - (k - p)) / (sum(w) - tr((X'WX)^-1 X'W^2 X)), w = 1/v (metafor rma.uni)."""
    y, v, x, _ = random_meta(8)
    res = meta_regression(y, v, {"x": x}, method="dl")
    X = np.column_stack([np.ones_like(x), x])
    W = np.diag(1 / v)
    qe = sm.WLS(y, X, weights=1 / v).fit().ssr
    trace = np.sum(1 / v) - np.trace(np.linalg.inv(X.T @ W @ X) @ X.T @ W @ W @ X)
    assert res.tau2 == pytest.approx(max(0.0, (qe - 18) / trace), rel=1e-9)


def test_residual_i2_uses_the_typical_variance_of_the_model():
    y, v, x, _ = random_meta(2)
    res = meta_regression(y, v, {"x": x})
    X = np.column_stack([np.ones_like(x), x])
    W = np.diag(1 / v)
    P = W - W @ X @ np.linalg.inv(X.T @ W @ X) @ X.T @ W
    vt = (20 - 2) / np.trace(P)
    assert res.i2 == pytest.approx(100 * res.tau2 / (vt + res.tau2), rel=1e-9)
    assert res.h2 == pytest.approx(1 + res.tau2 / vt, rel=1e-9)


# -------------------------------------------------------------------------- intercept only


@pytest.mark.parametrize("moderators", [None, {}, pd.DataFrame(index=range(13))])
@pytest.mark.parametrize("ci", ["z", "hksj"])
def test_intercept_only_reproduces_pool(moderators, ci):
    yi, vi = bcg()
    res = meta_regression(yi, vi, moderators, ci=ci)
    ref = pool(yi, vi, method="reml", ci=ci)
    assert res.names == ("intercept",)
    assert res.coef[0] == pytest.approx(ref.estimate, rel=1e-12)
    assert res.se[0] == pytest.approx(ref.se, rel=1e-12)
    assert (res.ci_low[0], res.ci_high[0]) == pytest.approx((ref.ci_low, ref.ci_high), rel=1e-12)
    assert res.tau2 == pytest.approx(ref.tau2, rel=1e-12)
    assert res.i2 == pytest.approx(ref.i2, rel=1e-12)
    assert res.h2 == pytest.approx(ref.h2, rel=1e-12)
    assert res.qe == pytest.approx(ref.q, rel=1e-12)
    assert np.isnan(res.qm) and res.qm_df == 0 and np.isnan(res.r2)


# ---------------------------------------------------------------------------- categorical


def test_categorical_reference_level_is_first_sorted_or_first_category():
    yi, vi = bcg()
    plain = meta_regression(yi, vi, {"alloc": BCG_ALLOC})
    assert plain.names == ("intercept", "alloc[random]", "alloc[systematic]")
    assert plain.reference_levels == (("alloc", "alternate"),)
    cat = pd.Categorical(BCG_ALLOC, categories=["random", "alternate", "systematic"])
    recoded = meta_regression(yi, vi, pd.DataFrame({"alloc": cat}))
    assert recoded.names == ("intercept", "alloc[alternate]", "alloc[systematic]")
    assert recoded.reference_levels == (("alloc", "random"),)
    # the same model: identical tau2 and fitted group means
    assert recoded.tau2 == pytest.approx(plain.tau2, rel=1e-9)
    assert recoded.coef[0] == pytest.approx(plain.coef[0] + plain.coef[1], rel=1e-9)
    assert recoded.qm == pytest.approx(plain.qm, rel=1e-8)


def test_r2_is_relative_reduction_of_tau2():
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"ablat": BCG_ABLAT})
    tau2_null = pool(yi, vi, method="reml").tau2
    assert res.r2 == pytest.approx(100 * (tau2_null - res.tau2) / tau2_null, rel=1e-9)
    assert np.isnan(meta_regression(yi, vi, {"ablat": BCG_ABLAT}, method="fe").r2)


def test_boolean_moderator_enters_as_zero_one():
    yi, vi = bcg()
    flag = BCG_ABLAT > 30
    a = meta_regression(yi, vi, {"north": flag})
    b = meta_regression(yi, vi, {"north": flag.astype(float)})
    assert a.names == ("intercept", "north")
    assert a.coef == pytest.approx(b.coef, rel=1e-12)


def test_to_frame_and_to_dict():
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"ablat": BCG_ABLAT})
    frame = res.to_frame()
    assert list(frame["term"]) == ["intercept", "ablat"]
    assert frame.loc[1, "estimate"] == res.coef[1]
    d = res.to_dict()
    assert d["cov"][0][1] == res.cov[0][1] and d["names"] == ["intercept", "ablat"]


# -------------------------------------------------------------------------- argument errors


@pytest.mark.parametrize("moderators, nl, en", [
    ({"x": [1.0, 2.0]}, "moderators heeft 2 rijen; verwacht: één per studie (13)",
     "moderators has 2 rows; expected one per study (13)"),
    ({"x": [1.0] * 13}, "collineair", "collinear"),
    ({"x": list(BCG_ABLAT), "x2": list(2 * BCG_ABLAT)}, "de kolommen ['intercept', 'x', 'x2'] "
     "hebben geen volle rang", "the columns ['intercept', 'x', 'x2'] do not have full rank"),
    ({"x": [np.nan] + [1.0] * 12}, "moderators['x'] ontbreekt voor studie 0",
     "moderators['x'] is missing for study 0"),
    ({"g": ["a"] * 13}, "moderators['g'] heeft één niveau", "moderators['g'] has a single level"),
    ({"g": ["a", None] + ["b"] * 11}, "moderators['g'] ontbreekt voor studie 1",
     "moderators['g'] is missing for study 1"),
    ({"x": 3.0}, "moderators['x'] moet een eendimensionale reeks zijn",
     "moderators['x'] must be a one-dimensional sequence"),
    ([1, 2, 3], "moderators moet een pandas DataFrame", "moderators must be"),
])
def test_bad_moderators_raise(moderators, nl, en):
    yi, vi = bcg()
    with pytest.raises(ArgumentError) as info:
        meta_regression(yi, vi, moderators)
    assert nl in str(info.value)
    assert en in info.value.render("en")


def test_too_few_studies_for_coefficients():
    with pytest.raises(ArgumentError, match="vraagt meer studies dan coëfficiënten") as info:
        meta_regression([1.0, 2.0], [1.0, 1.0], {"x": [0.0, 1.0]})
    assert info.value.render("en") == ("effects has 2 studies for 2 coefficients (intercept, x); "
                                       "a meta-regression needs more studies than coefficients "
                                       "(or as many, with a fixed tau2 and without hksj)")


def test_unknown_method():
    with pytest.raises(ArgumentError, match="method='hs'"):
        meta_regression([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], method="hs")


def test_object_column_of_numbers_is_numeric():
    yi, vi = bcg()
    as_objects = pd.DataFrame({"ablat": pd.Series([int(x) for x in BCG_ABLAT], dtype=object)})
    res = meta_regression(yi, vi, as_objects)
    assert res.names == ("intercept", "ablat")
    assert res.coef == pytest.approx(meta_regression(yi, vi, {"ablat": BCG_ABLAT}).coef)
