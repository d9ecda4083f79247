"""Tests of mkba.pooling.pool: reference values, independent routes, invariants, argument errors.

Reference values:

- Kacker (2004) data with metafor ``rma`` results for FE, DL, PM, DL with Knapp-Hartung and FE
  with Knapp-Hartung (``tests/data/kacker_metafor.json``, a copy of ``shared/reference``; the
  same values are pinned in statsmodels' ``stats/tests/results/results_meta.py``, which also
  gives metafor's z value for PM).
- BCG vaccine trials (metafor's ``dat.bcg``) with metafor's REML results (its test suite and
  documented output).

Independent routes: REML by a direct numerical maximisation of the restricted log-likelihood
written here; DL and PM against statsmodels' ``combine_effects``.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects
from test_pooling_data import bcg, kacker

from mkba.errors import ArgumentError
from mkba.pooling import CI_METHODS, METHODS, PooledEffect, pool

# --------------------------------------------------------------------------- reference values

KACKER_CASES = {
    "FE": ("fe", "z"),
    "DL": ("dl", "z"),
    "PM": ("pm", "z"),
    "DL_knha": ("dl", "hksj"),
    "FE_knha": ("fe", "hksj"),
}
FIELD = {"b": "estimate", "se": "se", "ci_lb": "ci_low", "ci_ub": "ci_high", "tau2": "tau2",
         "I2": "i2", "H2": "h2"}


@pytest.mark.parametrize("case", sorted(KACKER_CASES))
def test_kacker_reproduces_metafor(case):
    """metafor rma() on Kacker (2004): b, se, CI, tau2, I2, H2, QE and QEp to relative 1e-8."""
    ref = kacker()
    method, ci = KACKER_CASES[case]
    res = pool(ref["y"], ref["v"], method=method, ci=ci)
    expected = ref["results"][case]
    for key, value in expected.items():
        got = getattr(res, FIELD[key])
        if value == 0:
            assert got == 0, key
        else:
            assert got == pytest.approx(value, rel=1e-8), key
    assert res.q == pytest.approx(ref["common"]["QE"], rel=1e-8)
    assert res.q_p == pytest.approx(ref["common"]["QEp"], rel=1e-8)
    assert res.k == ref["common"]["k"] and res.q_df == ref["common"]["k"] - 1


def test_kacker_pm_z_value_matches_metafor():
    # exk1_metafor.zval in statsmodels' results_meta.py (metafor, method="PM")
    ref = kacker()
    res = pool(ref["y"], ref["v"], method="pm")
    assert res.statistic == pytest.approx(184.621213037276, rel=1e-8)


def test_kacker_i2_conventions():
    """PM's I2 is tau2-based (83.72), DL's Q-based value (67.74) equals its tau2-based one."""
    ref = kacker()
    q, df = ref["common"]["QE"], ref["common"]["k"] - 1
    q_based = 100 * max(0.0, (q - df) / q)
    assert q_based == pytest.approx(ref["results"]["DL"]["I2"], rel=1e-9)
    dl = pool(ref["y"], ref["v"], method="dl")
    pm = pool(ref["y"], ref["v"], method="pm")
    assert dl.i2 == pytest.approx(q_based, rel=1e-9)
    assert pm.i2 == pytest.approx(ref["results"]["PM"]["I2"], rel=1e-8)
    assert abs(pm.i2 - q_based) > 10


@pytest.mark.parametrize(
    "ci, crit", [("z", stats.norm.ppf(0.975)), ("hksj", stats.t.ppf(0.975, 8))]
)
def test_kacker_prediction_interval_follows_metafor(ci, crit):
    """metafor predict(): estimate +/- crit * sqrt(se^2 + tau2), crit normal or t(k-1)."""
    ref = kacker()
    case = "DL" if ci == "z" else "DL_knha"
    r = ref["results"][case]
    half = crit * math.sqrt(r["se"] ** 2 + r["tau2"])
    res = pool(ref["y"], ref["v"], method="dl", ci=ci)
    assert res.pi_low == pytest.approx(r["b"] - half, rel=1e-8)
    assert res.pi_high == pytest.approx(r["b"] + half, rel=1e-8)
    assert res.pi_low < res.ci_low and res.pi_high > res.ci_high


def test_bcg_reml_matches_metafor():
    """metafor rma(yi, vi) on dat.bcg (REML): tau2 0.313243325980895, Q 152.233008082373;
    printed: estimate -0.7145, se 0.1798, CI -1.0669 to -0.3622, I2 92.22%, H2 12.86.

    metafor stops its Fisher scoring when tau2 changes by less than 1e-5, so its tau2 is
    compared to relative 1e-6, the printed values to their last digit.
    """
    yi, vi = bcg()
    res = pool(yi, vi, method="reml")
    assert res.tau2 == pytest.approx(0.313243325980895, rel=1e-6)
    assert res.q == pytest.approx(152.233008082373, rel=1e-12)
    assert res.estimate == pytest.approx(-0.7145, abs=5e-5)
    assert res.se == pytest.approx(0.1798, abs=5e-5)
    assert res.ci_low == pytest.approx(-1.0669, abs=5e-5)
    assert res.ci_high == pytest.approx(-0.3622, abs=5e-5)
    assert res.i2 == pytest.approx(92.22, abs=5e-3)
    assert res.h2 == pytest.approx(12.86, abs=5e-3)


# ------------------------------------------------------------------------ independent routes


def reml_by_direct_maximisation(y, v):
    """tau2 maximising the restricted log-likelihood, by scipy's bounded scalar minimiser."""
    y, v = np.asarray(y, float), np.asarray(v, float)

    def neg_restricted_loglik(tau2):
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return 0.5 * (np.sum(np.log(v + tau2)) + np.log(np.sum(w)) + np.sum(w * (y - mu) ** 2))

    upper = 10 * (np.var(y) + np.max(v))
    found = optimize.minimize_scalar(neg_restricted_loglik, bounds=(0, upper), method="bounded",
                                     options={"xatol": 1e-13, "maxiter": 2000})
    # the bounded minimiser never evaluates the end points: compare with the boundary
    return 0.0 if neg_restricted_loglik(0.0) <= found.fun else float(found.x)


def random_studies(seed, k, tau=0.3):
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.01, 0.5, k)
    y = 0.2 + rng.normal(0, tau, k) + rng.normal(0, np.sqrt(v))
    return y, v


@pytest.mark.parametrize("seed", range(12))
def test_reml_equals_direct_maximisation(seed):
    y, v = random_studies(seed, k=3 + seed, tau=0.4 if seed % 3 else 0.0)
    expected = reml_by_direct_maximisation(y, v)
    res = pool(y, v, method="reml")
    assert res.tau2 >= 0
    assert res.tau2 == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_reml_direct_maximisation_on_reference_data():
    ref = kacker()
    for y, v in [(ref["y"], ref["v"]), bcg()]:
        assert pool(y, v).tau2 == pytest.approx(reml_by_direct_maximisation(y, v), rel=1e-6)


def test_reml_estimate_is_the_weighted_mean_at_its_tau2():
    yi, vi = bcg()
    res = pool(yi, vi)
    w = 1 / (vi + res.tau2)
    assert res.estimate == pytest.approx(np.sum(w * yi) / np.sum(w), rel=1e-12)
    assert res.se == pytest.approx(np.sqrt(1 / np.sum(w)), rel=1e-12)
    assert res.weights == pytest.approx(tuple(w / np.sum(w)), rel=1e-12)


SM_NEGATIVE_TAU2 = pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt")


@SM_NEGATIVE_TAU2
@pytest.mark.parametrize("seed", range(15))
def test_dl_matches_statsmodels(seed):
    y, v = random_studies(100 + seed, k=4 + seed % 7, tau=0.25 * (seed % 3))
    sm = combine_effects(y, v, method_re="dl")
    res = pool(y, v, method="dl")
    hk = pool(y, v, method="dl", ci="hksj")
    if sm.tau2 > 0:
        assert res.tau2 == pytest.approx(sm.tau2, rel=1e-10)
        assert res.estimate == pytest.approx(sm.mean_effect_re, rel=1e-10)
        assert res.se == pytest.approx(sm.sd_eff_w_re, rel=1e-10)
        assert hk.se == pytest.approx(np.sqrt(sm.var_hksj_re), rel=1e-10)
    else:
        # statsmodels keeps the negative moment estimate; tau2 must be truncated at 0
        assert res.tau2 == 0
        assert res.estimate == pytest.approx(sm.mean_effect_fe, rel=1e-10)
        assert res.se == pytest.approx(sm.sd_eff_w_fe, rel=1e-10)
    assert res.q == pytest.approx(sm.q, rel=1e-10)


@SM_NEGATIVE_TAU2
def test_dl_statsmodels_negative_tau2_case_is_covered():
    """At least one of the random data sets above must exercise the truncation."""
    negatives = [combine_effects(*random_studies(100 + s, k=4 + s % 7, tau=0.25 * (s % 3)),
                                 method_re="dl").tau2 < 0 for s in range(15)]
    assert any(negatives) and not all(negatives)


@pytest.mark.parametrize("seed", range(10))
def test_pm_matches_statsmodels(seed):
    y, v = random_studies(200 + seed, k=5 + seed, tau=0.5)
    # statsmodels' iteration resets tau2 to 0 when rounding makes its estimating equation
    # slightly negative, so its tolerance must not be tighter than the rounding noise
    sm = combine_effects(y, v, method_re="pm", atol=1e-10, maxiter=1000)
    res = pool(y, v, method="pm")
    assert res.tau2 == pytest.approx(max(sm.tau2, 0.0), rel=1e-8, abs=1e-12)
    assert res.estimate == pytest.approx(sm.mean_effect_re, rel=1e-8)


def test_pm_solves_its_estimating_equation():
    """Paule-Mandel: the generalised Q at tau2 equals k - 1."""
    y, v = random_studies(7, k=9, tau=0.6)
    res = pool(y, v, method="pm")
    w = 1 / (v + res.tau2)
    mu = np.sum(w * y) / np.sum(w)
    assert res.tau2 > 0
    assert np.sum(w * (y - mu) ** 2) == pytest.approx(9 - 1, rel=1e-10)


def test_ml_equals_direct_maximisation():
    y, v = random_studies(3, k=10, tau=0.5)

    def neg_loglik(tau2):
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return 0.5 * (np.sum(np.log(v + tau2)) + np.sum(w * (y - mu) ** 2))

    found = optimize.minimize_scalar(neg_loglik, bounds=(0, 10), method="bounded",
                                     options={"xatol": 1e-13})
    assert pool(y, v, method="ml").tau2 == pytest.approx(found.x, rel=1e-6)


# --------------------------------------------------------------------------- special cases


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("ci", CI_METHODS)
def test_homogeneous_effects_have_no_heterogeneity(method, ci):
    res = pool([0.7] * 5, [0.1, 0.2, 0.3, 0.4, 0.5], method=method, ci=ci)
    assert res.tau2 == 0
    assert res.i2 == 0
    assert res.q == pytest.approx(0, abs=1e-20)
    assert res.estimate == pytest.approx(0.7, rel=1e-14)


def test_single_study_fixed_effect_is_the_study_itself():
    """k = 1 with method="fe": the study's effect and se; Q = 0 on 0 df, p = 1, I2 0, H2 1."""
    res = pool([0.3], [0.04], method="fe")
    assert (res.estimate, res.se, res.tau2, res.k) == (0.3, pytest.approx(0.2), 0.0, 1)
    assert (res.q, res.q_df, res.q_p, res.i2, res.h2) == (0.0, 0, 1.0, 0.0, 1.0)
    z = stats.norm.ppf(0.975)
    assert res.ci_low == pytest.approx(0.3 - z * 0.2)
    assert res.ci_high == pytest.approx(0.3 + z * 0.2)
    assert res.weights == (1.0,)


def test_fixed_effect_h2_is_q_over_df_as_in_metafor():
    ref = kacker()
    res = pool(ref["y"], ref["v"], method="fe")
    q, df = ref["common"]["QE"], ref["common"]["k"] - 1
    assert res.h2 == pytest.approx(q / df, rel=1e-9)
    assert res.i2 == pytest.approx(100 * (q - df) / q, rel=1e-9)


def test_level_changes_interval_width():
    ref = kacker()
    r95 = pool(ref["y"], ref["v"], method="dl")
    r80 = pool(ref["y"], ref["v"], method="dl", level=0.8)
    ratio = stats.norm.ppf(0.9) / stats.norm.ppf(0.975)
    assert (r80.ci_high - r80.ci_low) == pytest.approx((r95.ci_high - r95.ci_low) * ratio)
    assert r80.level == 0.8


def test_p_value_is_two_sided():
    ref = kacker()
    y = np.array(ref["y"]) - 62.4
    res = pool(y, ref["v"], method="dl", ci="hksj")
    assert res.df == 8
    assert res.p_value == pytest.approx(2 * stats.t.sf(abs(res.estimate / res.se), 8))


def test_to_frame_and_to_dict():
    ref = kacker()
    res = pool(ref["y"], ref["v"], method="pm")
    frame = res.to_frame()
    assert frame.shape[0] == 1
    assert "weights" not in frame.columns
    assert frame.loc[0, "tau2"] == res.tau2
    data = res.to_dict()
    again = json.loads(json.dumps(data))
    assert again["estimate"] == res.estimate
    assert again["weights"] == list(res.weights)
    assert all(type(x) is float for x in data["weights"])
    assert type(data["k"]) is int and type(data["i2"]) is float
    with pytest.raises(AttributeError):
        res.estimate = 0.0  # frozen


def test_prediction_sd():
    ref = kacker()
    res = pool(ref["y"], ref["v"], method="dl")
    r = ref["results"]["DL"]
    assert res.prediction_sd == pytest.approx(math.sqrt(r["se"] ** 2 + r["tau2"]), rel=1e-8)


# ------------------------------------------------------------------------------ properties

PROPS = settings(max_examples=50, deadline=None)


@st.composite
def studies(draw, min_k=2, max_k=12):
    k = draw(st.integers(min_k, max_k))
    y = draw(st.lists(st.floats(-10, 10, allow_nan=False, allow_infinity=False),
                      min_size=k, max_size=k))
    v = draw(st.lists(st.floats(0.01, 5, allow_nan=False, allow_infinity=False),
                      min_size=k, max_size=k))
    return np.array(y), np.array(v)


methods = st.sampled_from(METHODS)
cis = st.sampled_from(CI_METHODS)


@PROPS
@given(studies(), methods, cis)
def test_estimate_within_range_and_bounds(data, method, ci):
    y, v = data
    res = pool(y, v, method=method, ci=ci)
    slack = 1e-9 * (1 + np.max(np.abs(y)))
    assert np.min(y) - slack <= res.estimate <= np.max(y) + slack
    assert res.tau2 >= 0
    assert 0 <= res.i2 <= 100
    assert res.ci_low <= res.estimate <= res.ci_high
    assert res.pi_low <= res.ci_low and res.ci_high <= res.pi_high
    assert math.fsum(res.weights) == pytest.approx(1.0, abs=1e-12)
    if method != "fe":
        assert res.h2 == pytest.approx(1 / (1 - res.i2 / 100), rel=1e-9)


def _same(a, b, tol=1e-10):
    if isinstance(a, str) or a is None:
        return a == b
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


@PROPS
@given(studies(), methods, cis, st.randoms(use_true_random=False))
def test_study_order_does_not_matter(data, method, ci, rnd):
    y, v = data
    order = list(range(y.size))
    rnd.shuffle(order)
    a = pool(y, v, method=method, ci=ci)
    b = pool(y[order], v[order], method=method, ci=ci)
    for name, value in a.to_dict().items():
        other = getattr(b, name)
        if name == "weights":
            assert all(_same(value[j], other[i]) for i, j in enumerate(order))
        else:
            assert _same(value, other), name


@PROPS
@given(studies(), st.floats(0.01, 100))
def test_fixed_effect_se_scales_with_sqrt_of_variance_factor(data, c):
    y, v = data
    a = pool(y, v, method="fe")
    b = pool(y, c * v, method="fe")
    assert b.se == pytest.approx(math.sqrt(c) * a.se, rel=1e-10)
    assert b.estimate == pytest.approx(a.estimate, rel=1e-10, abs=1e-12)


@PROPS
@given(studies(), methods, cis, st.floats(-100, 100))
def test_shifting_effects_shifts_estimate_and_intervals(data, method, ci, shift):
    y, v = data
    a = pool(y, v, method=method, ci=ci)
    b = pool(y + shift, v, method=method, ci=ci)
    tol = 1e-8 * (1 + abs(shift) + np.max(np.abs(y)))
    assert b.tau2 == pytest.approx(a.tau2, rel=1e-7, abs=1e-12)
    for name in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high"):
        assert getattr(b, name) == pytest.approx(getattr(a, name) + shift, abs=tol), name


@PROPS
@given(studies(min_k=3))
def test_dl_i2_is_the_q_based_value(data):
    y, v = data
    res = pool(y, v, method="dl")
    q_based = 100 * max(0.0, (res.q - res.q_df) / res.q) if res.q > 0 else 0.0
    assert res.i2 == pytest.approx(q_based, abs=1e-9)


# -------------------------------------------------------------------------- argument errors

# (arguments, text of the Dutch message, text of the English message)
BAD_CALLS = [
    (dict(effects=[1, 2], variances=[1]), "effects en variances moeten elk één waarde per "
     "studie hebben; gevonden: 2 effecten en 1 varianties", "effects and variances must have "
     "one value per study each; got 2 effects and 1 variances"),
    (dict(effects=[1, 2], variances=[1, 0]), "variances[1] is 0.0; elke steekproefvariantie "
     "moet > 0 zijn", "variances[1] is 0.0; every sampling variance must be > 0"),
    (dict(effects=[1, 2], variances=[1, -2]), "variances[1] is -2.0", "variances[1] is -2.0"),
    (dict(effects=[1, 2], variances=[1, float("inf")]), "variances[1] is inf; elke waarde moet "
     "een eindig getal zijn", "variances[1] is inf; every value must be a finite number"),
    (dict(effects=[1, float("nan")], variances=[1, 1]), "effects[1] is nan", "effects[1] is nan"),
    (dict(effects="1,2", variances=[1, 1]), "effects moet een reeks getallen zijn; gevonden: "
     "'1,2'", "effects must be a sequence of numbers; got '1,2'"),
    (dict(effects=[[1, 2]], variances=[[1, 1]]), "effects moet eendimensionaal zijn",
     "effects must be one-dimensional"),
    (dict(effects=[], variances=[]), "effects is leeg", "effects is empty"),
    (dict(effects=[1, "a"], variances=[1, 1]), "effects moet een reeks getallen zijn",
     "effects must be a sequence of numbers"),
    (dict(effects=[1, 2], variances=[1, 1], method="hedges"), "method='hedges' wordt niet "
     "ondersteund; toegestaan: 'fe'", "method='hedges' is not supported; allowed: 'fe'"),
    (dict(effects=[1, 2], variances=[1, 1], ci="t"), "ci='t' wordt niet ondersteund",
     "ci='t' is not supported"),
    (dict(effects=[1, 2], variances=[1, 1], level=95), "level=95 is niet toegestaan; geef een "
     "kans tussen 0 en 1", "level=95 is not allowed; give a probability between 0 and 1"),
    (dict(effects=[1, 2], variances=[1, 1], level=0.0), "level=0.0 is niet toegestaan",
     "level=0.0 is not allowed"),
    (dict(effects=[1], variances=[1]), "vraagt ten minste 2 studies om tau2 te schatten",
     "needs at least 2 studies to estimate tau2"),
    (dict(effects=[1], variances=[1], method="fe", ci="hksj"), "ci='hksj' vraagt ten minste 2 "
     "studies", "ci='hksj' needs at least 2 studies"),
]


@pytest.mark.parametrize("kwargs, nl, en", BAD_CALLS)
def test_bad_arguments_raise_argument_error(kwargs, nl, en):
    with pytest.raises(ArgumentError) as info:
        pool(**kwargs)
    assert nl in str(info.value)
    assert en in info.value.render("en")
    assert isinstance(info.value, ValueError)


def test_error_message_lists_allowed_methods():
    with pytest.raises(ArgumentError) as info:
        pool([1, 2], [1, 1], method="xx")
    for name in METHODS:
        assert repr(name) in str(info.value)


def test_result_type():
    assert isinstance(pool([1, 2], [1, 1]), PooledEffect)
