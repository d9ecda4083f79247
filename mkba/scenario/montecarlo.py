"""The Monte Carlo of a scenario: draws of its benefit per reached household and the nets they
give per actor and in total (used by :func:`mkba.scenario.engine.run_scenario`).

The benefit per reached household ``B`` is drawn from its prediction distribution,
``B = mean + sd * Z`` with ``Z`` standard normal from ``numpy.random.default_rng(seed)``: the
same ``Z`` for every scenario run with the same seed and number of draws (common random
numbers). ``mean`` and ``sd`` come from the segment effects (:mod:`mkba.scenario.segments`: the
estimate and ``sqrt(se^2 + tau^2)`` for the scenario's mix of segments).

Benefits are amounts of at least 0 (mkba's sign convention: a cost is a cost, not a negative
benefit), but a normal distribution has no floor. What happens to a draw below 0 is the
scenario's choice (``effects.negative_draws``): ``zero`` (the default) counts it as no effect
(0), ``keep`` as harm (the team's households end up worse off). Either way the share of draws
below 0 is returned, and the result says so.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

__all__ = ["draw_benefit", "summarise", "exact"]


def draw_benefit(mean: float, sd: float, draws: int, seed: int,
                 negative: str) -> tuple[np.ndarray, float]:
    """Draws of the benefit per reached household and the share of them below 0.

    Examples
    --------
    >>> b, below = draw_benefit(100.0, 100.0, 100_000, 0, "zero")
    >>> round(below, 2), float(b.min())
    (0.16, 0.0)
    >>> b, below = draw_benefit(100.0, 100.0, 100_000, 0, "keep")
    >>> round(below, 2), bool(b.min() < 0)
    (0.16, True)
    """
    b = mean + sd * np.random.default_rng(seed).standard_normal(draws)
    below = float(np.mean(b < 0))
    if negative == "zero" and below > 0:
        b = np.maximum(b, 0.0)
    return b, below


def summarise(by_actor: pd.DataFrame, order, pvb_unit, fixed_net, benefit: np.ndarray,
              level: float, municipality: str) -> dict:
    """Nets per draw (``pvb_unit * B + fixed_net`` per actor), their summaries per actor
    (added to ``by_actor``: net_mean, net_low, net_high, p_gain) and the scenario's."""
    nets = np.outer(pvb_unit, benefit) + fixed_net[:, None]      # actors x draws
    total = nets.sum(axis=0)
    q = [(1 - level) / 2, (1 + level) / 2]
    low, high = np.quantile(nets, q, axis=1)
    by_actor["net_mean"] = nets.mean(axis=1)
    by_actor["net_low"], by_actor["net_high"] = low, high
    by_actor["p_gain"] = (nets > 0).mean(axis=1)
    row = order.index(municipality) if municipality in order else None
    total.setflags(write=False)
    t_low, t_high = np.quantile(total, q)
    return dict(
        net_mean=float(total.mean()), net_low=float(t_low), net_high=float(t_high),
        p_benefits_exceed_costs=float((total > 0).mean()),
        p_municipality_gains=float(by_actor["p_gain"].iloc[row]) if row is not None else None,
        municipality_net_low=float(low[row]) if row is not None else None,
        municipality_net_high=float(high[row]) if row is not None else None,
        net_draws=total)


def exact(unit: float, fixed_net: float, mean: float, sd: float, level: float,
          negative: str) -> dict:
    """The chance that the benefits exceed the costs and the interval of the net present value,
    in closed form: the net is ``unit * B + fixed_net`` with ``B ~ Normal(mean, sd)`` (or
    ``max(B, 0)`` when ``negative`` is ``zero``), so without draws.

    The net is increasing in ``B`` (``unit >= 0``), so P(net > 0) = P(B > -fixed_net / unit)
    = Phi((mean + fixed_net / unit) / sd), and with ``zero`` it is 1 when ``fixed_net > 0``
    (even no effect leaves a gain). The quantiles of the net are the net at the quantiles of
    ``B`` (set to 0 below 0 with ``zero``). The same formulas are in the calculator workbook
    (:mod:`mkba.calculator`), with Excel's NORMSDIST and NORMSINV; the Monte Carlo of
    :func:`summarise` approximates them.

    Returns
    -------
    dict
        ``p_exact``, ``net_low_exact`` and ``net_high_exact`` (the interval at ``level``).

    Examples
    --------
    Benefits of 2 euros per euro of B, costs of 100 (fixed_net -100), B ~ N(100, 50): the net
    is above 0 when B > 50, one sd below the mean: Phi(1) = 0.8413. The 80% interval of B is
    100 -/+ 1.2816 * 50 = 35.92 to 164.08, so the net runs from 2 * 35.92 - 100 = -28.16 to
    2 * 164.08 - 100 = 228.16.

    >>> e = exact(2.0, -100.0, 100.0, 50.0, 0.8, "zero")
    >>> round(e["p_exact"], 4), round(e["net_low_exact"], 2), round(e["net_high_exact"], 2)
    (0.8413, -28.16, 228.16)
    """
    z = float(ndtri((1 + level) / 2))

    def net(b: float) -> float:
        return unit * (max(b, 0.0) if negative == "zero" else b) + fixed_net

    if unit <= 0 or sd <= 0:  # no spread to speak of: the net is what it is
        value = net(mean)
        return {"p_exact": float(value > 0), "net_low_exact": value, "net_high_exact": value}
    if negative == "zero" and fixed_net > 0:
        p = 1.0
    else:
        p = float(ndtr((mean + fixed_net / unit) / sd))
    return {"p_exact": p if math.isfinite(p) else float(fixed_net > 0),
            "net_low_exact": net(mean - z * sd), "net_high_exact": net(mean + z * sd)}
