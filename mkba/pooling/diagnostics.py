"""Sensitivity and small-study diagnostics: leave-one-out, influence measures, Egger's test.

Leave-one-out and the influence measures follow metafor's ``leave1out`` and ``influence``
(``rma.uni``, intercept-only model); Egger's test is the classic regression of the standard
normal deviate ``y / se`` on the precision ``1 / se`` (Egger et al. 1997).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import _checks, _dist
from mkba.pooling.core import CI_METHODS, METHODS, PooledEffect, pool_checked

__all__ = ["LeaveOneOut", "Influence", "EggerResult", "leave_one_out", "influence", "egger_test"]

_LOO_COLUMNS = ("estimate", "se", "p_value", "ci_low", "ci_high", "pi_low", "pi_high", "tau2",
                "i2", "h2", "q", "q_p")


def _checked(effects, variances, labels, method, ci, level, what):
    method = _checks.choice("method", method, METHODS)
    ci = _checks.choice("ci", ci, CI_METHODS)
    level = _checks.level(level)
    y, v = _checks.effects_and_variances(effects, variances)
    labels = _checks.labels(labels, y.size)
    need = 2 if (method == "fe" and ci == "z") else 3
    if y.size < need:
        raise ArgumentError(Text(
            "effects heeft {k} studies; {what} met method={method!r}, ci={ci!r} vraagt er ten "
            "minste {need} (elke schatting zonder één studie moet zelf mogelijk zijn)",
            "effects has {k} studies; {what} with method={method!r}, ci={ci!r} needs at least "
            "{need} (every fit without one study must itself be possible)", k=y.size,
            what=what, method=method, ci=ci, need=need))
    return y, v, labels, method, ci, level


@dataclass(frozen=True)
class LeaveOneOut:
    """The pooled result with each study left out in turn.

    Attributes
    ----------
    labels : tuple
        Label of the omitted study, per row.
    results : tuple of PooledEffect
        The pooled effect of the other k - 1 studies.
    method, ci_method : str
    level : float

    Examples
    --------
    >>> loo = leave_one_out([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], method="fe", labels=["a", "b", "c"])
    >>> [round(x, 6) for x in loo.to_frame()["estimate"]]
    [3.0, 2.5, 1.5]
    """

    labels: tuple
    results: tuple[PooledEffect, ...]
    method: str
    ci_method: str
    level: float

    def to_frame(self) -> pd.DataFrame:
        """One row per omitted study: ``omitted`` and the pooled statistics of the rest."""
        rows = []
        for label, res in zip(self.labels, self.results, strict=True):
            rows.append({"omitted": label, **{c: getattr(res, c) for c in _LOO_COLUMNS}})
        return pd.DataFrame(rows)


def leave_one_out(effects, variances, *, labels=None, method: str = "reml", ci: str = "z",
                  level: float = 0.95) -> LeaveOneOut:
    """Pool the studies k times, each time without one of them.

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study (see :func:`pool`).
    labels : sequence, optional
        One label per study; default ``"1"`` ... ``"k"``.
    method, ci, level
        As in :func:`pool`.

    Returns
    -------
    LeaveOneOut

    Raises
    ------
    mkba.errors.ArgumentError
        For any argument :func:`pool` refuses, or too few studies: 2 for ``method="fe",
        ci="z"``, 3 otherwise (each fit without one study needs 2 studies).

    Examples
    --------
    Leaving out the first of three studies with equal variances leaves the mean of the other
    two:

    >>> loo = leave_one_out([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], method="fe")
    >>> round(loo.results[0].estimate, 6), loo.labels
    (3.0, ('1', '2', '3'))
    """
    y, v, labels, method, ci, level = _checked(effects, variances, labels, method, ci, level,
                                               Text.same("leave-one-out"))
    fits = tuple(pool_checked(np.delete(y, i), np.delete(v, i), method, ci, level)
                 for i in range(y.size))
    return LeaveOneOut(labels=labels, results=fits, method=method, ci_method=ci, level=level)


@dataclass(frozen=True)
class Influence:
    """Case diagnostics of a pooled (intercept-only) model, per study, as metafor computes them.

    Attributes
    ----------
    labels : tuple
        Study labels.
    resid : tuple of float
        ``y_i - estimate``.
    std_resid : tuple of float
        Internally standardised residual ``resid / sqrt(v_i + tau2 - 1/sum(w))`` (metafor's
        ``rstandard``; the variance is the model-based one, without the Knapp-Hartung factor).
    rstudent : tuple of float
        Externally standardised (deleted) residual: ``y_i`` against the fit without study i,
        ``(y_i - est_(-i)) / sqrt(s2w_(-i) (v_i + tau2_(-i)) + se_(-i)^2)``, where ``s2w`` is
        the Knapp-Hartung factor (1 for ``ci="z"``).
    dffits : tuple of float
        ``(est - est_(-i)) / sqrt(s2w_(-i) hat_i (tau2_(-i) + v_i))``.
    cooks_d : tuple of float
        Cook's distance ``(est - est_(-i))^2 / se^2``.
    cov_r : tuple of float
        Covariance ratio ``se_(-i)^2 / se^2``.
    dfbetas : tuple of float
        ``(est - est_(-i)) / sqrt(s2w_(-i) / sum_j 1/(v_j + tau2_(-i)))``.
    tau2_del, q_del : tuple of float
        tau2 and Cochran's Q without study i.
    hat : tuple of float
        Leverage ``w_i / sum(w)``.
    weight_pct : tuple of float
        Weight in percent, ``100 hat``.
    method, ci_method : str

    Examples
    --------
    >>> inf = influence([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], method="fe")
    >>> [round(x, 4) for x in inf.weight_pct]
    [33.3333, 33.3333, 33.3333]
    """

    labels: tuple
    resid: tuple[float, ...]
    std_resid: tuple[float, ...]
    rstudent: tuple[float, ...]
    dffits: tuple[float, ...]
    cooks_d: tuple[float, ...]
    cov_r: tuple[float, ...]
    dfbetas: tuple[float, ...]
    tau2_del: tuple[float, ...]
    q_del: tuple[float, ...]
    hat: tuple[float, ...]
    weight_pct: tuple[float, ...]
    method: str
    ci_method: str

    def to_frame(self) -> pd.DataFrame:
        """One row per study with every measure."""
        cols = ("resid", "std_resid", "rstudent", "dffits", "cooks_d", "cov_r", "dfbetas",
                "tau2_del", "q_del", "hat", "weight_pct")
        return pd.DataFrame({"study": list(self.labels),
                             **{c: list(getattr(self, c)) for c in cols}})


def influence(effects, variances, *, labels=None, method: str = "reml", ci: str = "z",
              level: float = 0.95) -> Influence:
    """Residuals, leverage and leave-one-out influence measures of every study.

    The definitions are those of metafor's ``influence.rma.uni`` and ``rstandard.rma.uni`` for
    an intercept-only model (see :class:`Influence`), so the usual rules of thumb apply, e.g. a
    study is influential when Cook's distance exceeds the median of chi-squared on 1 df
    (0.455), ``|dffits| > 3 sqrt(1/(k-1))`` or ``hat > 3/k``.

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study.
    labels : sequence, optional
        One label per study; default ``"1"`` ... ``"k"``.
    method, ci, level
        As in :func:`pool`.

    Returns
    -------
    Influence

    Raises
    ------
    mkba.errors.ArgumentError
        As :func:`leave_one_out`.

    Examples
    --------
    With equal variances and a fixed effect, the study furthest from the mean has the largest
    Cook's distance:

    >>> inf = influence([1.0, 2.0, 4.0], [1.0, 1.0, 1.0], method="fe")
    >>> int(np.argmax(inf.cooks_d)), [round(x, 4) for x in inf.resid]
    (2, [-1.3333, -0.3333, 1.6667])
    """
    y, v, labels, method, ci, level = _checked(effects, variances, labels, method, ci, level,
                                               Text.same("influence"))
    full = pool_checked(y, v, method, ci, level)
    w = 1.0 / (v + full.tau2)
    hat = w / np.sum(w)
    resid = y - full.estimate
    std_resid = resid / np.sqrt(v + full.tau2 - 1.0 / np.sum(w))
    vb = full.se**2
    out = {name: [] for name in ("rstudent", "dffits", "cooks_d", "cov_r", "dfbetas",
                                 "tau2_del", "q_del")}
    for i in range(y.size):
        yd, vd = np.delete(y, i), np.delete(v, i)
        fit = pool_checked(yd, vd, method, ci, level)
        t2 = fit.tau2
        # Knapp-Hartung factor of the deleted fit (metafor's s2w; exactly 1 for ci="z")
        s2w = fit.se**2 * float(np.sum(1.0 / (vd + t2))) if ci == "hksj" else 1.0
        diff = full.estimate - fit.estimate
        out["rstudent"].append((y[i] - fit.estimate) / math.sqrt(s2w * (v[i] + t2) + fit.se**2))
        out["dffits"].append(diff / math.sqrt(s2w * hat[i] * (t2 + v[i])))
        out["cooks_d"].append(diff**2 / vb)
        out["cov_r"].append(fit.se**2 / vb)
        out["dfbetas"].append(diff / math.sqrt(s2w / float(np.sum(1.0 / (v + t2)))))
        out["tau2_del"].append(t2)
        out["q_del"].append(fit.q)
    return Influence(
        labels=labels,
        resid=tuple(float(x) for x in resid),
        std_resid=tuple(float(x) for x in std_resid),
        hat=tuple(float(x) for x in hat),
        weight_pct=tuple(float(x) for x in 100.0 * hat),
        method=method,
        ci_method=ci,
        **{name: tuple(float(x) for x in values) for name, values in out.items()},
    )


@dataclass(frozen=True)
class EggerResult:
    """Egger's regression test for funnel-plot asymmetry.

    Attributes
    ----------
    intercept, intercept_se : float
        Intercept of the regression of ``y / se`` on ``1 / se`` and its standard error; an
        intercept away from 0 indicates small-study effects.
    statistic, p_value : float
        t statistic of the intercept and its two-sided p-value on ``df`` degrees of freedom.
    df : int
        ``k - 2``.
    slope, slope_se : float
        The slope (an effect estimate corrected for small-study effects) and its standard error.
    k : int
        Number of studies.
    note : str
        A caution on the power of the test, stronger for k < 10.

    Examples
    --------
    >>> res = egger_test([0.1, 0.2, 0.5, 0.9], [0.01, 0.04, 0.09, 0.16])
    >>> res.k, res.df, res.to_frame().shape
    (4, 2, (1, 9))
    """

    intercept: float
    intercept_se: float
    statistic: float
    p_value: float
    df: int
    slope: float
    slope_se: float
    k: int
    note: str

    def to_dict(self) -> dict:
        """Plain Python values, ready for JSON."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of every field."""
        return pd.DataFrame([self.to_dict()])


def egger_test(effects, variances) -> EggerResult:
    """Egger's regression test for funnel-plot asymmetry (small-study effects).

    Ordinary least squares of the standard normal deviate ``y_i / se_i`` on the precision
    ``1 / se_i``; the intercept is tested with a t test on ``k - 2`` degrees of freedom.

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study.

    Returns
    -------
    EggerResult

    Raises
    ------
    mkba.errors.ArgumentError
        For fewer than 3 studies, all variances equal (no spread in precision to regress on),
        or any argument :func:`pool` refuses.

    Notes
    -----
    The test has low power: with fewer than 10 studies it rarely detects asymmetry even when
    there is some (Sterne et al. 2011, BMJ 343:d4002), so a non-significant result is no
    evidence of its absence. Asymmetry can also come from heterogeneity or genuine small-study
    effects rather than publication bias. The ``note`` field says so.

    Examples
    --------
    Effects that grow with the standard error (small studies report larger effects) give a
    positive intercept:

    >>> res = egger_test([0.1, 0.2, 0.5, 0.9], [0.01, 0.04, 0.09, 0.16])
    >>> round(res.intercept, 4), round(res.slope, 4), res.df
    (2.1923, -0.1369, 2)
    >>> "10 studies" in res.note
    True
    """
    y, v = _checks.effects_and_variances(effects, variances)
    k = y.size
    if k < 3:
        raise ArgumentError(Text(
            "effects heeft {k} studies; de Egger-toets vraagt er ten minste 3 (en heeft weinig "
            "onderscheidend vermogen onder 10)", "effects has {k} studies; Egger's test needs "
            "at least 3 (and has little power below 10)", k=k))
    se = np.sqrt(v)
    precision = 1.0 / se
    if np.ptp(precision) <= 1e-12 * np.max(precision):
        raise ArgumentError(Text(
            "de varianties zijn alle gelijk; de Egger-toets regresseert op de precisie 1/se en "
            "vraagt studies met verschillende precisie", "variances are all equal; Egger's test "
            "regresses on the precision 1/se and needs studies of different precision"))
    X = np.column_stack([np.ones(k), precision])
    z = y / se
    coef, *_ = np.linalg.lstsq(X, z, rcond=None)
    resid = z - X @ coef
    df = k - 2
    sigma2 = float(np.dot(resid, resid)) / df
    cov = sigma2 * np.linalg.inv(X.T @ X)
    intercept_se = math.sqrt(cov[0, 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = float(np.divide(coef[0], intercept_se))
    p_value = float(2.0 * _dist.t_sf(abs(statistic), df)) if not math.isnan(statistic) else math.nan
    if k < 10:
        note = (
            f"Only {k} studies: with fewer than 10 studies Egger's test has too little power "
            "to detect funnel-plot asymmetry, so a non-significant result says little. "
            "Asymmetry can also reflect heterogeneity rather than publication bias."
        )
    else:
        note = (
            "Egger's test has low power unless there are many studies, so a non-significant "
            "result is no proof of symmetry; asymmetry can also reflect heterogeneity or "
            "genuine small-study effects rather than publication bias."
        )
    return EggerResult(
        intercept=float(coef[0]),
        intercept_se=intercept_se,
        statistic=statistic,
        p_value=p_value,
        df=df,
        slope=float(coef[1]),
        slope_se=math.sqrt(cov[1, 1]),
        k=k,
        note=note,
    )
