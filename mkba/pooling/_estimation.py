"""Numerical kernel: weighted least squares and the between-study variance estimators.

All functions take the effects ``y`` (k), the sampling variances ``v`` (k) and a design matrix
``X`` (k x p, full column rank; a column of ones for plain pooling), already checked.

The estimators follow metafor's ``rma.uni``:

- DL: DerSimonian-Laird moment estimator, truncated at 0.
- PM: Paule-Mandel, the root in tau2 of the generalised Q statistic = k - p (0 when Q(0) < k - p).
- ML / REML: maximisers of the (restricted) log-likelihood over tau2 >= 0.

PM has a unique root (the generalised Q decreases in tau2), found by ``scipy.optimize.brentq`` on
a bracket. The (restricted) likelihood need not be unimodal, so ML and REML scan the score on a
grid, polish every sign change from + to - with ``brentq``, add the boundary tau2 = 0 when the
score is <= 0 there, and keep the candidate with the highest likelihood.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from mkba.errors import MkbaError
from mkba.messages import Text

#: Relative tolerance of every tau2 root.
RTOL = 1e-12


def wls(y: np.ndarray, v: np.ndarray, X: np.ndarray, tau2: float):
    """Weighted least squares with weights ``1 / (v + tau2)``.

    Returns ``(w, A, b, e)``: weights, ``X'WX``, coefficients and residuals ``y - Xb``.
    """
    w = 1.0 / (v + tau2)
    Xw = X * w[:, None]
    A = X.T @ Xw
    b = np.linalg.solve(A, Xw.T @ y)
    e = y - X @ b
    return w, A, b, e


def q_statistic(y: np.ndarray, v: np.ndarray, X: np.ndarray, tau2: float = 0.0) -> float:
    """The (generalised) Q statistic: weighted residual sum of squares at ``tau2``."""
    w, _, _, e = wls(y, v, X, tau2)
    return max(0.0, float(np.sum(w * e * e)))


def trace_p(v: np.ndarray, X: np.ndarray, tau2: float = 0.0) -> float:
    """``tr(P)`` with ``P = W - W X (X'WX)^-1 X'W`` and ``W = diag(1 / (v + tau2))``."""
    w = 1.0 / (v + tau2)
    Xw = X * w[:, None]
    A = X.T @ Xw
    return float(np.sum(w) - np.trace(np.linalg.solve(A, Xw.T @ Xw)))


def tau2_dl(y: np.ndarray, v: np.ndarray, X: np.ndarray) -> float:
    """DerSimonian-Laird: ``max(0, (Q - (k - p)) / tr(P))``."""
    k, p = X.shape
    return max(0.0, (q_statistic(y, v, X) - (k - p)) / trace_p(v, X))


def _scale(y: np.ndarray, v: np.ndarray, X: np.ndarray) -> float:
    """A positive value on the scale of tau2, to size brackets and tolerances."""
    k, p = X.shape
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    resid_var = float(np.sum((y - X @ b) ** 2)) / max(k - p, 1)
    return max(resid_var, float(np.max(v)), np.finfo(float).tiny * 1e10)


def _upper_bracket(f, scale: float) -> float:
    """The smallest ``scale * 10**j`` (j >= 0) where the decreasing-at-infinity ``f`` is < 0."""
    upper = scale
    for _ in range(400):
        if f(upper) < 0:
            return upper
        upper *= 10.0
        if not np.isfinite(upper):
            break
    raise MkbaError(Text("schatting van tau2 mislukt: geen bovengrens gevonden (waarden buiten "
                         "bereik?)", "tau2 estimation failed: no upper bracket found (values "
                         "out of range?)"))


def tau2_pm(y: np.ndarray, v: np.ndarray, X: np.ndarray) -> float:
    """Paule-Mandel: the tau2 where the generalised Q equals its expectation ``k - p``."""
    k, p = X.shape

    def excess(t: float) -> float:
        return q_statistic(y, v, X, t) - (k - p)

    if excess(0.0) <= 0:
        return 0.0
    scale = _scale(y, v, X)
    upper = _upper_bracket(excess, scale)
    return float(optimize.brentq(excess, 0.0, upper, xtol=1e-14 * scale, rtol=RTOL, maxiter=500))


def _score_loglik(y: np.ndarray, v: np.ndarray, X: np.ndarray, restricted: bool):
    """Score (twice the derivative) and log-likelihood (up to a constant) in tau2."""
    if X.shape[1] == 1 and np.all(X == 1.0):
        return _score_loglik_intercept(y, v, restricted)

    def score(t: float) -> float:
        w, A, _, e = wls(y, v, X, t)
        we = w * e
        if restricted:
            Xw = X * w[:, None]
            tr = np.sum(w) - np.trace(np.linalg.solve(A, Xw.T @ Xw))
        else:
            tr = np.sum(w)
        return float(np.dot(we, we) - tr)

    def loglik(t: float) -> float:
        w, A, _, e = wls(y, v, X, t)
        ll = -0.5 * (np.sum(np.log(v + t)) + np.sum(w * e * e))
        if restricted:
            ll -= 0.5 * np.linalg.slogdet(A)[1]
        return float(ll)

    return score, loglik


def _score_loglik_intercept(y: np.ndarray, v: np.ndarray, restricted: bool):
    """:func:`_score_loglik` for plain pooling, with sums in place of matrix algebra (faster)."""

    def score(t: float) -> float:
        w = 1.0 / (v + t)
        sw = w.sum()
        we = w * (y - np.dot(w, y) / sw)
        tr = sw - np.dot(w, w) / sw if restricted else sw
        return float(np.dot(we, we) - tr)

    def loglik(t: float) -> float:
        w = 1.0 / (v + t)
        sw = w.sum()
        e = y - np.dot(w, y) / sw
        ll = -0.5 * (np.sum(np.log(v + t)) + np.dot(w, e * e))
        if restricted:
            ll -= 0.5 * math.log(sw)
        return float(ll)

    return score, loglik


def tau2_likelihood(y: np.ndarray, v: np.ndarray, X: np.ndarray, restricted: bool) -> float:
    """ML (``restricted=False``) or REML (``restricted=True``) estimate of tau2 >= 0."""
    score, loglik = _score_loglik(y, v, X, restricted)
    scale = _scale(y, v, X)
    upper = _upper_bracket(score, scale)
    grid = np.concatenate(([0.0], upper * np.logspace(-12.0, 0.0, 49)))
    values = np.array([score(t) for t in grid])
    candidates = [0.0] if values[0] <= 0 else []
    for i in np.flatnonzero((values[:-1] > 0) & (values[1:] <= 0)):
        root = optimize.brentq(
            score, grid[i], grid[i + 1], xtol=1e-14 * scale, rtol=RTOL, maxiter=500
        )
        candidates.append(float(root))
    return max(candidates, key=loglik)


def tau2_estimate(method: str, y: np.ndarray, v: np.ndarray, X: np.ndarray) -> float:
    """tau2 by ``method`` (one of ``"fe"``, ``"dl"``, ``"pm"``, ``"ml"``, ``"reml"``)."""
    if method == "fe":
        return 0.0
    if method == "dl":
        return tau2_dl(y, v, X)
    if method == "pm":
        return tau2_pm(y, v, X)
    return tau2_likelihood(y, v, X, restricted=(method == "reml"))


def typical_variance(v: np.ndarray, X: np.ndarray) -> float:
    """metafor's 'typical' within-study variance ``(k - p) / tr(P)`` at tau2 = 0.

    For plain pooling this is ``(k - 1) sum(w) / (sum(w)^2 - sum(w^2))`` with ``w = 1 / v``.
    """
    k, p = X.shape
    return (k - p) / trace_p(v, X)


def heterogeneity(method: str, tau2: float, q: float, df: int, vt: float) -> tuple[float, float]:
    """``(I2 in percent, H2)`` as metafor computes them.

    FE: ``I2 = max(0, 100 (Q - df) / Q)`` and ``H2 = Q / df``. Random effects:
    ``I2 = 100 tau2 / (vt + tau2)`` and ``H2 = 1 + tau2 / vt``. With no degrees of freedom
    (one study per coefficient) metafor reports I2 = 0 and H2 = 1.
    """
    if df < 1:
        return 0.0, 1.0
    if method == "fe":
        i2 = 0.0 if q <= df else 100.0 * (q - df) / q
        return i2, q / df
    return 100.0 * tau2 / (vt + tau2), 1.0 + tau2 / vt
