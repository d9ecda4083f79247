"""Monte Carlo draws from the prediction distribution of a pooled effect.

A new setting's true effect (for instance the log benefit-cost ratio a municipality can expect)
is distributed around the pooled estimate with variance ``se^2 + tau2``: normally for
``ci_method="z"``, and as a scaled t with ``k - 1`` degrees of freedom for ``"hksj"`` (the
distribution behind the prediction interval of :func:`mkba.pooling.pool`). Draws are vectorised
and come from a seeded ``numpy.random.Generator``, so the same seed gives the same draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import _checks
from mkba.pooling.core import PooledEffect

__all__ = ["MonteCarloResult", "draw_prediction", "probability_positive", "monte_carlo"]



def _check_pooled(pooled) -> PooledEffect:
    if not isinstance(pooled, PooledEffect):
        raise ArgumentError(Text(
            "pooled moet een PooledEffect zijn (het resultaat van pool()); gevonden: {type}",
            "pooled must be a PooledEffect (the result of pool()); got {type}",
            type=type(pooled).__name__))
    if not (math.isfinite(pooled.estimate) and math.isfinite(pooled.se) and pooled.se >= 0
            and math.isfinite(pooled.tau2) and pooled.tau2 >= 0):
        raise ArgumentError(Text(
            "pooled heeft estimate={estimate}, se={se}, tau2={tau2}; alle moeten eindig zijn, "
            "se en tau2 >= 0", "pooled has estimate={estimate}, se={se}, tau2={tau2}; all must "
            "be finite, se and tau2 >= 0", estimate=repr(float(pooled.estimate)),
            se=repr(float(pooled.se)), tau2=repr(float(pooled.tau2))))
    return pooled


def draw_prediction(pooled: PooledEffect, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ``n`` true effects of a new study from the prediction distribution of ``pooled``.

    Parameters
    ----------
    pooled : PooledEffect
        A result of :func:`mkba.pooling.pool`.
    n : int
        Number of draws, from 1 to :data:`mkba.limits.MAX_DRAWS`.
    rng : numpy.random.Generator
        The random generator to draw from (it advances).

    Returns
    -------
    numpy.ndarray
        ``estimate + sqrt(se^2 + tau2) * Z`` with Z standard normal, or Student t with
        ``pooled.df`` degrees of freedom when ``pooled.ci_method == "hksj"``.

    Examples
    --------
    >>> from mkba.pooling import pool
    >>> res = pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.015], method="fe")
    >>> draws = draw_prediction(res, 5, np.random.default_rng(1))
    >>> draws.shape, bool(np.all(np.isfinite(draws)))
    ((5,), True)
    """
    pooled = _check_pooled(pooled)
    n = _checks.check_draws(n, "n")
    if not isinstance(rng, np.random.Generator):
        raise ArgumentError(Text(
            "rng moet een numpy.random.Generator zijn (np.random.default_rng(seed)); gevonden: "
            "{type}", "rng must be a numpy.random.Generator (np.random.default_rng(seed)); got "
            "{type}", type=type(rng).__name__))
    if pooled.df is None:
        z = rng.standard_normal(n)
    else:
        z = rng.standard_t(pooled.df, n)
    return pooled.estimate + pooled.prediction_sd * z


def _apply(transform: Callable | None, draws: np.ndarray) -> np.ndarray:
    if transform is None:
        return draws
    if not callable(transform):
        raise ArgumentError(Text(
            "transform moet een gevectoriseerde functie zijn zoals np.exp, of None; gevonden: "
            "{found}", "transform must be a vectorised function such as np.exp, or None; got "
            "{found}", found=_checks.show(transform)))
    out = np.asarray(transform(draws), dtype=float)
    if out.shape != draws.shape:
        raise ArgumentError(Text(
            "transform moet één waarde per trekking geven (vorm {want}); gevonden: vorm {got}. "
            "Gebruik een gevectoriseerde functie zoals np.exp", "transform must return one "
            "value per draw (shape {want}); got shape {got}. Use a vectorised function such as "
            "np.exp", want=str(draws.shape), got=str(out.shape)))
    return out


def _check_threshold(threshold) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, int | float | np.number) or \
            not math.isfinite(threshold):
        raise ArgumentError(Text("threshold={value} is niet toegestaan; geef een eindig getal",
                                 "threshold={value} is not allowed; give a finite number",
                                 value=_checks.show(threshold)))
    return float(threshold)


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Draws from the prediction distribution and their summaries.

    Attributes
    ----------
    draws : numpy.ndarray
        The (transformed) draws, read-only.
    seed : int
        Seed of the generator.
    threshold : float
        The value ``p_above`` refers to (on the transformed scale).
    mean, sd, median : float
        Summaries of the draws.
    low, high : float
        Quantiles ``(1 - level) / 2`` and ``(1 + level) / 2`` of the draws.
    level : float
    p_above : float
        Share of draws above ``threshold``: the probability that a new setting's true effect
        exceeds it (e.g. that benefits exceed costs).

    Examples
    --------
    >>> from mkba.pooling import pool
    >>> mc = monte_carlo(pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.015], method="fe"), draws=999)
    >>> mc.n, mc.draws.flags.writeable, bool(mc.low < mc.median < mc.high)
    (999, False, True)
    """

    draws: np.ndarray
    seed: int
    threshold: float
    mean: float
    sd: float
    median: float
    low: float
    high: float
    level: float
    p_above: float

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.draws.size)

    def to_dict(self) -> dict:
        """The summaries (not the draws) as plain Python values."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__
                if name != "draws"} | {"n": self.n}

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the summaries."""
        return pd.DataFrame([self.to_dict()])


def monte_carlo(pooled: PooledEffect, *, draws: int = 10_000, seed: int = 0,
                transform: Callable | None = None, threshold: float = 0.0,
                level: float | None = None) -> MonteCarloResult:
    """Simulate a new setting's true effect and summarise it.

    Parameters
    ----------
    pooled : PooledEffect
        A result of :func:`mkba.pooling.pool`, e.g. of log benefit-cost ratios.
    draws : int
        Number of draws, from 1 to :data:`mkba.limits.MAX_DRAWS` (checked before drawing).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**64 - 1); the same seed gives the same
        draws.
    transform : callable, optional
        Vectorised function applied to the draws before summarising, e.g. ``np.exp`` to turn
        log benefit-cost ratios into ratios.
    threshold : float
        ``p_above`` is the share of (transformed) draws above it: 0 for a log ratio or a net
        present value, 1 for a ratio after ``transform=np.exp``.
    level : float, optional
        Coverage of ``low``-``high``; default ``pooled.level``.

    Returns
    -------
    MonteCarloResult

    Examples
    --------
    >>> from scipy import stats
    >>> from mkba.pooling import pool
    >>> res = pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.015], method="fe")
    >>> mc = monte_carlo(res, draws=20_000, seed=42)
    >>> exact = stats.norm.sf(0, loc=res.estimate, scale=res.prediction_sd)
    >>> bool(abs(mc.p_above - exact) < 0.005), mc.n
    (True, 20000)
    >>> mc_ratio = monte_carlo(res, draws=20_000, seed=42, transform=np.exp, threshold=1.0)
    >>> mc_ratio.p_above == mc.p_above
    True
    """
    pooled = _check_pooled(pooled)
    n = _checks.check_draws(draws)
    seed = _checks.check_seed(seed)
    threshold = _check_threshold(threshold)
    level = pooled.level if level is None else _checks.level(level)
    values = _apply(transform, draw_prediction(pooled, n, np.random.default_rng(seed)))
    values.setflags(write=False)
    low, median, high = np.quantile(values, [(1 - level) / 2, 0.5, (1 + level) / 2])
    return MonteCarloResult(
        draws=values,
        seed=seed,
        threshold=threshold,
        mean=float(np.mean(values)),
        sd=float(np.std(values, ddof=1)) if n > 1 else 0.0,
        median=float(median),
        low=float(low),
        high=float(high),
        level=level,
        p_above=float(np.mean(values > threshold)),
    )


def probability_positive(pooled: PooledEffect, draws: int = 10_000, seed: int = 0,
                         threshold: float = 0.0, *, transform: Callable | None = None) -> float:
    """Monte Carlo probability that a new setting's true effect exceeds ``threshold``.

    For a pooled log benefit-cost ratio this is the probability that benefits exceed costs,
    ``P(log BCR > 0)``; for a pooled net present value, ``P(net > 0)``. Per actor, pool each
    actor's effects and call this once per actor.

    Parameters
    ----------
    pooled : PooledEffect
        A result of :func:`mkba.pooling.pool`.
    draws : int
        Number of draws (1 to :data:`mkba.limits.MAX_DRAWS`).
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**64 - 1).
    threshold : float
        Threshold on the (transformed) scale.
    transform : callable, optional
        Vectorised function applied to the draws first (e.g. ``np.exp`` with ``threshold=1``).

    Returns
    -------
    float
        Share of draws above ``threshold``.

    Examples
    --------
    >>> from scipy import stats
    >>> from mkba.pooling import pool
    >>> res = pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.015], method="fe")
    >>> p = probability_positive(res, draws=50_000, seed=7, threshold=0.25)
    >>> exact = stats.norm.sf(0.25, loc=res.estimate, scale=res.prediction_sd)
    >>> bool(abs(p - exact) < 0.01)
    True
    """
    return monte_carlo(pooled, draws=draws, seed=seed, transform=transform,
                       threshold=threshold).p_above
