"""Pooling of study results: fixed and random effects, subgroups, meta-regression, diagnostics.

Pure functions over arrays (no I/O, no plotting). The conventions are those of R's metafor
(``rma.uni``), against whose published results the functions are tested:

- :func:`pool`: fixed-effect or random-effects pooling (DL, PM, REML, ML), normal or
  Knapp-Hartung (HKSJ) intervals, prediction interval, Q, I2, H2 -> :class:`PooledEffect`;
- :func:`subgroups`: a pooled effect per group and the test for subgroup differences;
- :func:`meta_regression`: mixed-effects meta-regression on numeric and categorical moderators;
- :func:`leave_one_out`, :func:`influence`: sensitivity and case diagnostics;
- :func:`egger_test`: Egger's regression test for funnel-plot asymmetry;
- :func:`monte_carlo`, :func:`draw_prediction`, :func:`probability_positive`: draws from the
  prediction distribution, e.g. the probability that benefits exceed costs.

Examples
--------
>>> from mkba.pooling import pool, probability_positive
>>> res = pool([0.4, 0.1, 0.6, 0.3], [0.04, 0.02, 0.09, 0.03], method="dl")
>>> res.k, res.method, round(sum(res.weights), 12)
(4, 'dl', 1.0)
"""

from mkba.pooling._checks import check_draws, check_seed
from mkba.pooling.core import CI_METHODS, METHODS, PooledEffect, pool
from mkba.pooling.diagnostics import (
    EggerResult,
    Influence,
    LeaveOneOut,
    egger_test,
    influence,
    leave_one_out,
)
from mkba.pooling.montecarlo import (
    MonteCarloResult,
    draw_prediction,
    monte_carlo,
    probability_positive,
)
from mkba.pooling.regression import MetaRegression, meta_regression
from mkba.pooling.subgroups import SubgroupResult, subgroups

__all__ = [
    "METHODS",
    "CI_METHODS",
    "PooledEffect",
    "pool",
    "SubgroupResult",
    "subgroups",
    "MetaRegression",
    "meta_regression",
    "LeaveOneOut",
    "leave_one_out",
    "Influence",
    "influence",
    "EggerResult",
    "egger_test",
    "MonteCarloResult",
    "check_draws",
    "check_seed",
    "monte_carlo",
    "draw_prediction",
    "probability_positive",
]
