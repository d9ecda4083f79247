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

import numpy as np
import pandas as pd

__all__ = ["draw_benefit", "summarise"]


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
