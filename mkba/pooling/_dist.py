"""The few distribution functions pooling needs, straight from scipy.special.

scipy.stats computes these with the same special functions, but importing it costs about half a
second, which every command that pools would pay.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def norm_sf(x):
    """Upper tail of the standard normal distribution."""
    return special.ndtr(-np.asarray(x, dtype=float))


def norm_ppf(q: float) -> float:
    """Quantile of the standard normal distribution."""
    return float(special.ndtri(q))


def t_sf(x, df: float):
    """Upper tail of Student's t distribution with ``df`` degrees of freedom."""
    return special.stdtr(df, -np.asarray(x, dtype=float))


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t distribution."""
    return float(special.stdtrit(df, q))


def chi2_sf(x: float, df: float) -> float:
    """Upper tail of the chi-squared distribution."""
    return float(special.chdtrc(df, x))


def f_sf(x: float, dfn: float, dfd: float) -> float:
    """Upper tail of the F distribution."""
    return float(special.fdtrc(dfn, dfd, x))
