"""Fixed- and random-effects pooling of one effect per study: :func:`pool`, :class:`PooledEffect`.

Conventions follow R's metafor (``rma.uni``), against which the results are pinned:

- weights ``w_i = 1 / (v_i + tau2)``; the pooled estimate is the weighted mean, its standard error
  ``sqrt(1 / sum(w))``;
- ``ci="hksj"`` (Knapp-Hartung / Hartung-Knapp-Sidik-Jonkman) multiplies the variance by
  ``q_w / (k - 1)`` with ``q_w = sum(w (y - estimate)^2)`` and uses the t distribution with
  ``k - 1`` degrees of freedom; like metafor's ``test="knha"`` the factor is not truncated at 1;
- the prediction interval (where the true effect of a new study is expected) is
  ``estimate +/- crit * sqrt(se^2 + tau2)`` with the same critical value as the confidence
  interval (normal for ``"z"``, t with ``k - 1`` df for ``"hksj"``), as metafor's ``predict``;
- Q is Cochran's Q at tau2 = 0 with ``k - 1`` df, whatever the method;
- I2 and H2: see :func:`pool`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from scipy import special

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import _checks
from mkba.pooling._estimation import (
    heterogeneity,
    q_statistic,
    tau2_estimate,
    typical_variance,
)

__all__ = ["METHODS", "CI_METHODS", "PooledEffect", "pool", "pool_checked"]

#: Estimators of the between-study variance tau2 (``"fe"``: none, tau2 = 0).
METHODS = ("fe", "dl", "pm", "reml", "ml")
#: Kinds of confidence interval.
CI_METHODS = ("z", "hksj")


@dataclass(frozen=True)
class PooledEffect:
    """The pooled effect of k studies, with its heterogeneity statistics.

    Attributes
    ----------
    estimate, se : float
        Pooled effect and its standard error (Knapp-Hartung adjusted when ``ci_method="hksj"``).
    statistic, p_value : float
        ``estimate / se`` and its two-sided p-value (normal, or t with ``df`` degrees of freedom).
    ci_low, ci_high : float
        Confidence interval at ``level``.
    pi_low, pi_high : float
        Prediction interval at ``level`` for the true effect of a new study.
    tau2, tau : float
        Between-study variance (never negative) and its square root.
    i2 : float
        I-squared in percent (0-100).
    h2 : float
        H-squared.
    q, q_df, q_p : float, int, float
        Cochran's Q, its degrees of freedom ``k - 1`` and p-value.
    k : int
        Number of studies.
    method, ci_method : str
        Estimator of tau2 and kind of interval.
    level : float
        Confidence level, e.g. 0.95.
    df : int or None
        Degrees of freedom of the t reference distribution (``k - 1``) with ``"hksj"``;
        None for the normal distribution.
    weights : tuple of float
        Relative weight of each study (in input order), summing to 1.

    Examples
    --------
    >>> res = pool([0.1, 0.3], [0.01, 0.01], method="fe")
    >>> round(res.estimate, 6), round(res.se, 6), res.weights
    (0.2, 0.070711, (0.5, 0.5))
    >>> list(res.to_frame().columns[:3])
    ['estimate', 'se', 'statistic']
    """

    estimate: float
    se: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    tau2: float
    tau: float
    i2: float
    h2: float
    q: float
    q_df: int
    q_p: float
    k: int
    method: str
    ci_method: str
    level: float
    df: int | None
    weights: tuple[float, ...]

    @property
    def prediction_sd(self) -> float:
        """``sqrt(se^2 + tau2)``: the spread of a new study's true effect around the estimate."""
        return math.sqrt(self.se**2 + self.tau2)

    def to_dict(self) -> dict:
        """All fields as plain Python values (floats, ints, str, list), ready for JSON."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "weights":
                value = [float(x) for x in value]
            elif isinstance(value, float | np.floating):
                value = float(value)
            out[f.name] = value
        return out

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of every field except ``weights``."""
        row = self.to_dict()
        del row["weights"]
        return pd.DataFrame([row])


def _inference(estimate: float, se: float, df: int | None, level: float):
    """``(statistic, p_value, crit)`` for a normal (df None) or t reference distribution."""
    # scipy.special's distribution functions: the same values as scipy.stats, without its
    # per-call overhead (which dominated the time of a DL fit)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = float(np.divide(estimate, se))
    upper = 0.5 + level / 2.0
    if df is None:
        p_value = 2.0 * float(special.ndtr(-abs(statistic)))
        crit = float(special.ndtri(upper))
    else:
        p_value = 2.0 * float(special.stdtr(df, -abs(statistic)))
        crit = float(special.stdtrit(df, upper))
    return statistic, (math.nan if math.isnan(statistic) else p_value), crit


def pool(effects, variances, *, method: str = "reml", ci: str = "z", level: float = 0.95):
    """Pool one effect per study with a fixed- or random-effects model.

    Parameters
    ----------
    effects : array_like of float
        One effect per study, on an additive scale (e.g. a log benefit-cost ratio, or a net
        present value per household).
    variances : array_like of float
        Sampling variance of each effect (the squared standard error); finite and > 0.
    method : {"reml", "dl", "pm", "ml", "fe"}
        Estimator of the between-study variance tau2: restricted maximum likelihood (default),
        DerSimonian-Laird, Paule-Mandel, maximum likelihood, or ``"fe"`` for the fixed-effect
        (common-effect) model with tau2 = 0.
    ci : {"z", "hksj"}
        Normal-based intervals, or the Knapp-Hartung (HKSJ) adjustment with t intervals on
        ``k - 1`` degrees of freedom (advisable with few studies).
    level : float
        Confidence level of the confidence and prediction intervals, between 0 and 1.

    Returns
    -------
    PooledEffect

    Raises
    ------
    mkba.errors.ArgumentError
        When the lengths differ, a value is not finite, a variance is <= 0, ``method``, ``ci``
        or ``level`` is not one of the allowed values, or there are too few studies (below).

    Notes
    -----
    *One study.* With k = 1 there is no information on tau2, so the random-effects methods and
    ``ci="hksj"`` (which needs ``k - 1 >= 1`` degrees of freedom) raise ArgumentError. With
    ``method="fe", ci="z"`` one study is allowed and returned as it is: the estimate is the
    study's effect, the standard error its own, tau2 = 0, Q = 0 on 0 df with p = 1, I2 = 0 and
    H2 = 1 (metafor's convention for a saturated model).

    *Heterogeneity.* For the random-effects methods I2 is tau2-based,
    ``100 tau2 / (tau2 + s2)`` with ``s2 = (k - 1) sum(w) / (sum(w)^2 - sum(w^2))``, ``w = 1/v``,
    the "typical" within-study variance, and ``H2 = 1 + tau2 / s2 = 1 / (1 - I2/100)``. For DL
    this equals the Q-based ``100 max(0, (Q - (k - 1)) / Q)``; for PM, ML and REML it generally
    differs. For ``"fe"`` I2 is Q-based and ``H2 = Q / (k - 1)`` (which can be below 1), as in
    metafor.

    PM, ML and REML are solved to a relative tolerance of 1e-12 with a bracketing root finder;
    when the estimating equation has no positive root the estimate is tau2 = 0.

    Examples
    --------
    Kacker's (2004) nine measurements; metafor gives estimate 62.3901, se 0.2457 and
    tau2 0.2880 with DerSimonian-Laird:

    >>> y = [61.0, 61.4, 62.21, 62.3, 62.34, 62.6, 62.7, 62.84, 65.9]
    >>> v = [0.2025, 1.21, 0.09, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225]
    >>> res = pool(y, v, method="dl")
    >>> round(res.estimate, 4), round(res.se, 4), round(res.tau2, 4), round(res.i2, 2)
    (62.3901, 0.2457, 0.288, 67.74)
    >>> res = pool(y, v, method="dl", ci="hksj")
    >>> round(res.ci_low, 4), round(res.ci_high, 4)
    (61.7104, 63.0699)
    """
    method = _checks.choice("method", method, METHODS)
    ci = _checks.choice("ci", ci, CI_METHODS)
    level = _checks.level(level)
    y, v = _checks.effects_and_variances(effects, variances)
    k = y.size
    if k < 2 and method != "fe":
        raise ArgumentError(Text(
            "effects heeft {k} studie; method={method!r} (random effects) vraagt ten minste 2 "
            "studies om tau2 te schatten. Gebruik method='fe' om één studie te tonen zoals ze is",
            "effects has {k} study; method={method!r} (random effects) needs at least 2 "
            "studies to estimate tau2. Use method='fe' to report a single study as it is",
            k=k, method=method))
    if k < 2 and ci == "hksj":
        raise ArgumentError(Text(
            "effects heeft 1 studie; ci='hksj' vraagt ten minste 2 studies (k - 1 "
            "vrijheidsgraden). Gebruik ci='z'", "effects has 1 study; ci='hksj' needs at least "
            "2 studies (k - 1 degrees of freedom). Use ci='z'"))
    return pool_checked(y, v, method, ci, level)


def pool_checked(y: np.ndarray, v: np.ndarray, method: str, ci: str, level: float):
    """:func:`pool` on arrays and options that are already checked (float arrays of equal
    length, a known method and interval, 0 < level < 1): for the pooling functions that pool
    many subsets (leave-one-out, influence, subgroups) and check their input once."""
    k = y.size
    X = np.ones((k, 1))
    tau2 = tau2_estimate(method, y, v, X)
    w = 1.0 / (v + tau2)
    sum_w = float(np.sum(w))
    estimate = float(np.dot(w, y) / sum_w)
    var = 1.0 / sum_w
    df = None
    if ci == "hksj":
        df = k - 1
        var *= float(np.dot(w, (y - estimate) ** 2)) / df
    se = math.sqrt(var)
    statistic, p_value, crit = _inference(estimate, se, df, level)
    pred_sd = math.sqrt(var + tau2)

    q_df = k - 1
    q = q_statistic(y, v, X) if k > 1 else 0.0
    q_p = float(special.chdtrc(q_df, q)) if q_df > 0 else 1.0
    vt = typical_variance(v, X) if k > 1 else math.nan
    i2, h2 = heterogeneity(method, tau2, q, q_df, vt)

    return PooledEffect(
        estimate=estimate,
        se=se,
        statistic=statistic,
        p_value=p_value,
        ci_low=estimate - crit * se,
        ci_high=estimate + crit * se,
        pi_low=estimate - crit * pred_sd,
        pi_high=estimate + crit * pred_sd,
        tau2=float(tau2),
        tau=math.sqrt(tau2),
        i2=float(i2),
        h2=float(h2),
        q=float(q),
        q_df=int(q_df),
        q_p=q_p,
        k=int(k),
        method=method,
        ci_method=ci,
        level=level,
        df=df,
        weights=tuple(float(x) for x in w / sum_w),
    )
