"""Meta-regression: a mixed-effects model of study effects on study characteristics.

The model is ``y_i = x_i' b + u_i + e_i`` with ``u_i ~ N(0, tau2)`` (residual heterogeneity) and
``e_i ~ N(0, v_i)``. Coefficients are weighted least squares with weights ``1 / (v_i + tau2)``;
tau2 is estimated as in :func:`mkba.pooling.pool` (REML by default: the maximiser of the
restricted likelihood of the mixed model). Conventions follow metafor's ``rma.uni`` with
``mods``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import _checks, _dist
from mkba.pooling._estimation import (
    heterogeneity,
    q_statistic,
    tau2_estimate,
    typical_variance,
    wls,
)
from mkba.pooling.core import CI_METHODS, METHODS

__all__ = ["MetaRegression", "meta_regression"]

INTERCEPT = "intercept"


@dataclass(frozen=True)
class MetaRegression:
    """A fitted meta-regression.

    Attributes
    ----------
    names : tuple of str
        Coefficient names: ``"intercept"``, each numeric moderator, and ``"column[level]"`` for
        each non-reference level of a categorical moderator.
    coef, se, statistic, p_value, ci_low, ci_high : tuple of float
        Per coefficient: estimate, standard error, z (or t) statistic, two-sided p-value and
        confidence interval at ``level``.
    cov : tuple of tuple of float
        Covariance matrix of the coefficients.
    tau2, tau : float
        Residual between-study variance and its square root.
    i2, h2 : float
        Residual I2 (percent) and H2, as metafor (tau2-based with the typical within-study
        variance ``(k - p) / tr(P)``; Q-based for ``"fe"``).
    r2 : float
        Percentage of heterogeneity explained, ``max(0, 100 (tau2_0 - tau2) / tau2_0)`` with
        ``tau2_0`` from the intercept-only model with the same method; 0 when ``tau2_0 = 0``;
        NaN for ``"fe"``, an intercept-only model, a model without intercept or a fixed tau2.
    qe, qe_df, qe_p : float, int, float
        Test for residual heterogeneity (``k - p`` df).
    qm, qm_df, qm_p : float, int, float
        Omnibus test of the moderators (all coefficients but the intercept; all coefficients
        in a model without intercept): a Wald chi-squared
        on ``qm_df`` df, or with ``ci_method="hksj"`` an F statistic on ``(qm_df, k - p)`` df.
        NaN (and ``qm_df = 0``) for an intercept-only model.
    k, p : int
        Number of studies and of coefficients.
    method, ci_method : str
    level : float
    df : int or None
        ``k - p`` for the t distribution with ``"hksj"``; None for the normal distribution.
    reference_levels : tuple of (str, object)
        For each categorical moderator, its reference (omitted) level.
    intercept : bool
        False for a model without intercept (``intercept=False``).
    tau2_fixed : bool
        True when tau2 was given, not estimated (``tau2=``).

    Examples
    --------
    >>> res = meta_regression([1.0, 2.0, 3.0], [0.5, 0.5, 0.5], {"x": [0.0, 1.0, 2.0]})
    >>> res.names, [round(c, 6) for c in res.coef], res.tau2
    (('intercept', 'x'), [1.0, 1.0], 0.0)
    """

    names: tuple[str, ...]
    coef: tuple[float, ...]
    se: tuple[float, ...]
    statistic: tuple[float, ...]
    p_value: tuple[float, ...]
    ci_low: tuple[float, ...]
    ci_high: tuple[float, ...]
    cov: tuple[tuple[float, ...], ...]
    tau2: float
    tau: float
    i2: float
    h2: float
    r2: float
    qe: float
    qe_df: int
    qe_p: float
    qm: float
    qm_df: int
    qm_p: float
    k: int
    p: int
    method: str
    ci_method: str
    level: float
    df: int | None
    reference_levels: tuple[tuple[str, object], ...]
    intercept: bool = True
    tau2_fixed: bool = False

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table: one row per coefficient."""
        return pd.DataFrame({
            "term": list(self.names),
            "estimate": list(self.coef),
            "se": list(self.se),
            "statistic": list(self.statistic),
            "p_value": list(self.p_value),
            "ci_low": list(self.ci_low),
            "ci_high": list(self.ci_high),
        })

    def to_dict(self) -> dict:
        """Plain Python values, ready for JSON."""
        out = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "cov":
                value = [list(row) for row in value]
            elif name == "reference_levels":
                value = {col: level for col, level in value}
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


def _categorical(series: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return False
    # an object column holding only numbers (e.g. read from a spreadsheet) is numeric
    return not (series.dtype == object
                and all(isinstance(x, numbers.Real) for x in series if not pd.isna(x)))


def _levels(series: pd.Series) -> list:
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series)
        return [c for c in series.cat.categories if c in present]
    unique = list(dict.fromkeys(series.tolist()))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def _design(moderators, k: int, intercept: bool = True):
    """Design matrix, column names and reference levels.

    With ``intercept`` a column of ones comes first and every categorical moderator drops its
    reference level; without, the first categorical moderator keeps all its levels (one
    coefficient per level, as R's ``~ factor(x) - 1``) and later ones drop their reference.
    """
    if moderators is None:
        frame = pd.DataFrame(index=range(k))
    elif isinstance(moderators, pd.DataFrame):
        frame = moderators.reset_index(drop=True)
    elif isinstance(moderators, Mapping):
        columns = {}
        for name, values in moderators.items():
            if isinstance(values, str | bytes) or np.ndim(values) != 1:
                raise ArgumentError(Text(
                    "moderators[{name!r}] moet een eendimensionale reeks zijn met één waarde per "
                    "studie; gevonden: {found}", "moderators[{name!r}] must be a "
                    "one-dimensional sequence with one value per study; got {found}", name=name,
                    found=_checks.show(values)))
            columns[name] = pd.Series(list(values))
        frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=range(k))
    else:
        raise ArgumentError(Text(
            "moderators moet een pandas DataFrame of een dict van arrays zijn; gevonden: {type}",
            "moderators must be a pandas DataFrame or a dict of arrays; got {type}",
            type=type(moderators).__name__))
    if len(frame) != k:
        raise ArgumentError(Text("moderators heeft {n} rijen; verwacht: één per studie ({k})",
                                 "moderators has {n} rows; expected one per study ({k})",
                                 n=len(frame), k=k))
    columns, names, references = ([np.ones(k)], [INTERCEPT], []) if intercept else ([], [], [])
    full_levels = not intercept  # the first categorical moderator without intercept
    for name in frame.columns:
        series = frame[name]
        missing = series.isna().to_numpy()
        if missing.any():
            i = int(np.flatnonzero(missing)[0])
            raise ArgumentError(Text(
                "moderators[{name!r}] ontbreekt voor studie {i}; elke studie heeft een waarde "
                "nodig (laat de studie weg of vul de moderator eerst aan)", "moderators[{name!r}] "
                "is missing for study {i}; every study needs a value (drop the study or impute "
                "the moderator first)", name=name, i=i))
        if _categorical(series):
            levels = _levels(series)
            if len(levels) < 2:
                raise ArgumentError(Text(
                    "moderators[{name!r}] heeft één niveau ({levels}); een categorische "
                    "moderator vraagt ten minste 2 niveaus", "moderators[{name!r}] has a single "
                    "level ({levels}); a categorical moderator needs at least 2 levels",
                    name=name, levels=_checks.show(levels)))
            if not full_levels:
                references.append((str(name), _checks.plain(levels[0])))
            for level in (levels if full_levels else levels[1:]):
                columns.append((series == level).to_numpy(dtype=float))
                names.append(f"{name}[{level}]")
            full_levels = False
        else:
            values = series.to_numpy(dtype=float)
            if not np.all(np.isfinite(values)):
                i = int(np.flatnonzero(~np.isfinite(values))[0])
                raise ArgumentError(Text(
                    "moderators[{name!r}][{i}] is {value}; de waarden moeten eindig zijn",
                    "moderators[{name!r}][{i}] is {value}; values must be finite", name=name,
                    i=i, value=repr(float(values[i]))))
            columns.append(values)
            names.append(str(name))
    if not columns:
        raise ArgumentError(Text(
            "een meta-regressie zonder intercept vraagt ten minste één moderator",
            "a meta-regression without intercept needs at least one moderator"))
    X = np.column_stack(columns)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ArgumentError(Text(
            "de moderators zijn collineair (met elkaar of met het intercept): de kolommen "
            "{names} hebben geen volle rang; laat een overbodige of constante moderator weg",
            "moderators are collinear (with each other or with the intercept): the columns "
            "{names} do not have full rank; drop a redundant or constant moderator",
            names=repr(names)))
    return X, tuple(names), tuple(references)


def meta_regression(effects, variances, moderators=None, *, method: str = "reml",
                    ci: str = "z", level: float = 0.95, intercept: bool = True,
                    tau2: float | None = None) -> MetaRegression:
    """Fit a mixed-effects meta-regression of the effects on study-level moderators.

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study (see :func:`pool`).
    moderators : pandas.DataFrame or dict of array_like, optional
        One column per moderator, one row per study (a DataFrame's index is ignored; rows are
        taken in order). Numeric and boolean columns enter as they are (booleans as 0/1).
        Text and categorical columns are dummy-coded: the reference level is the first
        category of a pandas Categorical, otherwise the first in sorted order, and each other
        level gets a 0/1 column ``"name[level]"``. (An object column holding only numbers is
        numeric.) With the intercept (the default) and no moderators the model is the plain
        random-effects model of :func:`pool`.
    method : {"reml", "ml", "dl", "pm", "fe"}
        Estimator of the residual tau2 (REML by default).
    ci : {"z", "hksj"}
        Normal (Wald) inference, or the Knapp-Hartung adjustment with t (and F) tests on
        ``k - p`` degrees of freedom.
    level : float
        Confidence level of the coefficient intervals.
    intercept : bool
        False for a model without intercept, as metafor's ``mods = ~ ... - 1``: e.g. the
        shares of a study's households per segment, which add up to 1, so that each
        coefficient is the effect of one segment. The first categorical moderator then gets a
        coefficient per level (no reference level); the omnibus test ``qm`` covers every
        coefficient; ``r2`` is NaN (there is no intercept-only model to compare with).
    tau2 : float, optional
        A fixed residual tau2 (>= 0), as metafor's ``tau2 =``: not estimated (``method`` is
        then only recorded). With tau2 fixed (or ``method="fe"``) a model may have as many
        studies as coefficients (an exact fit: ``qe = 0`` on 0 df, ``qe_p`` NaN).

    Returns
    -------
    MetaRegression

    Raises
    ------
    mkba.errors.ArgumentError
        For a missing or non-finite moderator value, a categorical moderator with one level,
        collinear moderators, no moderator without intercept, fewer studies than coefficients
        (or as many, with tau2 estimated or with ``ci="hksj"``), or any argument :func:`pool`
        refuses.

    Examples
    --------
    The BCG vaccine trials (Colditz et al. 1994) on absolute latitude; metafor's
    ``rma(yi, vi, mods = ~ ablat)`` reports intercept 0.2515, slope -0.0291, tau2 0.0764 and
    R2 75.62%. (metafor stops its Fisher scoring when tau2 changes by less than 1e-5; the exact
    maximiser of the restricted likelihood is tau2 = 0.076348, hence R2 75.63%.)

    >>> import numpy as np
    >>> tpos = np.array([4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27])
    >>> tneg = np.array([119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448,
    ...                  2493, 16886])
    >>> cpos = np.array([11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29])
    >>> cneg = np.array([128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197,
    ...                  2338, 17825])
    >>> ablat = [44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33]
    >>> yi = np.log(tpos / (tpos + tneg)) - np.log(cpos / (cpos + cneg))
    >>> vi = 1 / tpos - 1 / (tpos + tneg) + 1 / cpos - 1 / (cpos + cneg)
    >>> res = meta_regression(yi, vi, {"ablat": ablat})
    >>> [round(c, 4) for c in res.coef], round(res.tau2, 3), round(res.r2, 1)
    ([0.2515, -0.0291], 0.076, 75.6)

    Without intercept, on shares that add up to 1 (a fixed-effect model: tau2 = 0). Two
    studies of one segment each and one half-half study that fits them exactly:

    >>> res = meta_regression([10.0, 2.0, 6.0], [1.0, 1.0, 1.0],
    ...                       {"heavy": [1.0, 0.0, 0.5], "light": [0.0, 1.0, 0.5]},
    ...                       intercept=False, method="fe")
    >>> res.names, [round(c, 6) for c in res.coef], res.qe
    (('heavy', 'light'), [10.0, 2.0], 0.0)
    """
    method = _checks.choice("method", method, METHODS)
    ci = _checks.choice("ci", ci, CI_METHODS)
    level = _checks.level(level)
    if not isinstance(intercept, bool):
        raise ArgumentError(Text("intercept={value} is niet toegestaan; geef True of False",
                                 "intercept={value} is not allowed; give True or False",
                                 value=_checks.show(intercept)))
    fixed = _fixed_tau2(tau2)
    y, v = _checks.effects_and_variances(effects, variances)
    k = y.size
    X, names, references = _design(moderators, k, intercept)
    p = X.shape[1]
    exact_allowed = (fixed is not None or method == "fe") and ci != "hksj"
    if k < p or (k == p and not exact_allowed):
        raise ArgumentError(Text(
            "effects heeft {k} studies voor {p} coëfficiënten ({names}); een meta-regressie "
            "vraagt meer studies dan coëfficiënten (of evenveel, met een vaste tau2 zonder "
            "hksj)", "effects has {k} studies for {p} coefficients ({names}); a "
            "meta-regression needs more studies than coefficients (or as many, with a fixed "
            "tau2 and without hksj)", k=k, p=p, names=list(names)))

    tau2 = fixed if fixed is not None else tau2_estimate(method, y, v, X)
    w, A, b, e = wls(y, v, X, tau2)
    cov = np.linalg.inv(A)
    df = None
    if ci == "hksj":
        df = k - p
        cov = cov * (float(np.sum(w * e * e)) / df)
    se = np.sqrt(np.diag(cov))
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = b / se
    if df is None:
        p_value = 2.0 * _dist.norm_sf(np.abs(statistic))
        crit = _dist.norm_ppf(0.5 + level / 2.0)
    else:
        p_value = 2.0 * _dist.t_sf(np.abs(statistic), df)
        crit = _dist.t_ppf(0.5 + level / 2.0, df)

    qe_df = k - p
    qe = q_statistic(y, v, X) if qe_df > 0 else 0.0
    qe_p = _dist.chi2_sf(qe, qe_df) if qe_df > 0 else math.nan
    i2, h2 = heterogeneity(method, tau2, qe, qe_df,
                           typical_variance(v, X) if qe_df > 0 else math.nan)

    first = 1 if intercept else 0  # the omnibus test leaves out the intercept only
    m = p - first
    if m > 0:
        bm = b[first:]
        qm = float(bm @ np.linalg.solve(cov[first:, first:], bm))
        if df is None:
            qm_p = _dist.chi2_sf(qm, m)
        else:
            qm = qm / m
            qm_p = _dist.f_sf(qm, m, df)
    else:
        qm, qm_p = math.nan, math.nan

    if method == "fe" or m == 0 or not intercept or fixed is not None:
        r2 = math.nan
    else:
        tau2_null = tau2_estimate(method, y, v, np.ones((k, 1)))
        r2 = 0.0 if tau2_null == 0 else max(0.0, 100.0 * (tau2_null - tau2) / tau2_null)

    def floats(arr):
        return tuple(float(x) for x in arr)

    return MetaRegression(
        names=names,
        coef=floats(b),
        se=floats(se),
        statistic=floats(statistic),
        p_value=floats(p_value),
        ci_low=floats(b - crit * se),
        ci_high=floats(b + crit * se),
        cov=tuple(floats(row) for row in cov),
        tau2=float(tau2),
        tau=math.sqrt(tau2),
        i2=float(i2),
        h2=float(h2),
        r2=float(r2),
        qe=float(qe),
        qe_df=int(qe_df),
        qe_p=qe_p,
        qm=qm,
        qm_df=int(m),
        qm_p=qm_p,
        k=int(k),
        p=int(p),
        method=method,
        ci_method=ci,
        level=level,
        df=df,
        reference_levels=references,
        intercept=intercept,
        tau2_fixed=fixed is not None,
    )


def _fixed_tau2(value) -> float | None:
    """A given tau2: None, or a finite number >= 0."""
    if value is None:
        return None
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(float(value)) or value < 0):
        raise ArgumentError(Text("tau2={value} is niet toegestaan; geef een eindig getal >= 0 "
                                 "of None (schatten)", "tau2={value} is not allowed; give a "
                                 "finite number >= 0 or None (estimate it)",
                                 value=_checks.show(value)))
    return float(value)
