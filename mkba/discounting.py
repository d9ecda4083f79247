"""Discounting: discount rates (decimals, Dutch regimes, as typed), timing, discount and annuity
factors, present values and the payback year. Every other module discounts with these functions.

Rates
    Decimals (0.055 for 5.5%): ``None`` for a study's own rate, a number, or a regime code of
    ``mkba/data/discount_regimes.csv`` (``"nl-2007"`` = 5.5%, ``"nl-2021"`` = 2.25%, ...).
Timing
    Flows are yearly. ``timing="t1"`` (the default) discounts the flow of year ``i`` (0 for the
    first year) by ``(1 + r) ** -(i + 1)``; ``timing="t0"`` by ``(1 + r) ** -i``, leaving the
    first flow undiscounted. The two differ by exactly a factor ``1 + r``, so ratios and payback
    years do not depend on it.
Payback year
    The first year from which the cumulative discounted net (benefits minus costs) stays
    non-negative (:func:`payback_year`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import short_repr as show
from mkba.reference import discount_regimes

__all__ = ["TIMINGS", "annuity_factor", "discount_factors", "npv", "payback_year",
           "rate_value", "regime_rate", "timing_offset"]

#: Allowed values of the ``timing`` argument (see the module docstring).
TIMINGS = ("t1", "t0")

#: Relative tolerance of :func:`payback_year`, a share of the size of the present values.
_PAYBACK_TOLERANCE = 1e-9


def _regimes() -> dict[str, float]:
    return {code: r["rate"] for code, r in discount_regimes().items()}


def regime_rate(code: str) -> float:
    """The discount rate (decimal) of a Dutch regime in ``mkba/data/discount_regimes.csv``.

    Examples
    --------
    >>> regime_rate("nl-2007"), regime_rate("nl-2021")
    (0.055, 0.0225)
    """
    regimes = _regimes()
    if code not in regimes:
        raise ArgumentError(Text("rate={code} is geen bekend regime; bekend: {known}",
                                 "rate={code} is not a known regime; known: {known}",
                                 code=repr(code), known=list(regimes)))
    return regimes[code]


def rate_value(rate, own: float | None = None, name: str | Text = "rate") -> float:
    """The decimal rate that a ``rate`` argument stands for: a decimal from 0 up to 1, a regime
    code (:func:`regime_rate`), or None for ``own`` (a study's own rate). ArgumentError, naming
    ``name`` (a text, or a :class:`~mkba.messages.Text`), for anything else.

    Examples
    --------
    >>> rate_value(0.03), rate_value("nl-2016"), rate_value(None, own=0.04)
    (0.03, 0.03, 0.04)
    """
    if rate is None:
        if own is None:
            raise ArgumentError(Text("{name}=None mag alleen bij een studie (haar eigen voet)",
                                     "{name}=None is only allowed with a study (its own rate)",
                                     name=name))
        rate = own
    if isinstance(rate, str):
        return regime_rate(rate)
    if isinstance(rate, bool) or not isinstance(rate, Real) or not 0 <= float(rate) < 1:
        raise ArgumentError(Text(
            "{name}={rate} is niet toegestaan; een disconteringsvoet is een decimaal getal van 0 "
            "tot 1 (0.055 voor 5,5%), een regimecode ({regimes}) of None voor de eigen voet van "
            "de studie", "{name}={rate} is not allowed; rates are decimals from 0 up to 1 (0.055 "
            "for 5.5%), a regime code ({regimes}) or None for the study's own rate", name=name,
            rate=repr(rate), regimes=list(_regimes())))
    return float(rate)


def timing_offset(timing) -> int:
    """The years by which the first flow is discounted: 1 for ``"t1"``, 0 for ``"t0"``."""
    if timing not in TIMINGS:
        raise ArgumentError(Text("timing={timing} is niet toegestaan; gebruik een van {options}",
                                 "timing={timing} is not allowed; use one of {options}",
                                 timing=repr(timing), options=list(TIMINGS)))
    return 1 if timing == "t1" else 0


def discount_factors(n: int, rate: float, timing: str) -> np.ndarray:
    """The discount factors of ``n`` yearly flows at a checked decimal ``rate``.

    Examples
    --------
    >>> discount_factors(2, 0.25, "t1").tolist(), discount_factors(2, 0.25, "t0").tolist()
    ([0.8, 0.64], [1.0, 0.8])
    """
    return (1.0 + rate) ** -(np.arange(n, dtype=float) + timing_offset(timing))


def annuity_factor(horizon: int, rate: float, timing: str = "t1") -> float:
    """Present value of 1 a year for ``horizon`` years: the sum of :func:`discount_factors`.

    Parameters
    ----------
    horizon : int
        Number of yearly payments (0 or more).
    rate : float
        A checked decimal rate (see :func:`rate_value`).
    timing : {"t1", "t0"}
        ``"t1"`` (default): the first payment is discounted one year; ``"t0"``: it is not.

    Returns
    -------
    float
        ``sum((1 + rate) ** -(i + offset) for i in 0..horizon-1)``, offset 1 for ``"t1"`` and 0
        for ``"t0"``; ``horizon`` itself at rate 0.

    Examples
    --------
    At 25%: t=1 gives 1/1.25 + 1/1.25**2 = 0.8 + 0.64 = 1.44; t=0 gives 1 + 0.8 = 1.8. At 10%,
    t=1: 1/1.1 + 1/1.21 = 0.909091 + 0.826446 = 1.735537.

    >>> annuity_factor(2, 0.25), annuity_factor(2, 0.25, "t0"), annuity_factor(3, 0.0)
    (1.44, 1.8, 3.0)
    >>> round(annuity_factor(2, 0.10), 6)
    1.735537
    """
    return math.fsum(discount_factors(horizon, rate, timing))


def payback_year(cumulative_net, first_year: int, *, scale: float = 0.0) -> int | None:
    """The payback year: the first year from which the cumulative discounted net stays >= 0.

    Parameters
    ----------
    cumulative_net : array_like of float
        The cumulative discounted net (benefits minus costs) at the end of each year, the first
        in ``first_year``, without gaps.
    first_year : int
        Calendar year of the first value.
    scale : float
        Size of the present values, ``abs(pv_costs) + abs(pv_benefits)``: a cumulative net down
        to ``-1e-9 * scale`` counts as non-negative, so that rounding at an exact break-even does
        not move the payback year. Default 0 (no tolerance).

    Returns
    -------
    int or None
        The calendar year; None when the cumulative net is still negative in the last year.

    Examples
    --------
    Costs 800 and benefits 400, 320, 256 (present values) from 2015: cumulative -400, -80, 176.

    >>> payback_year([-400.0, -80.0, 176.0], 2015)
    2017

    Non-negative in 2015 but negative again in 2016: it has to *stay* non-negative.

    >>> payback_year([10.0, -5.0, 3.0], 2015), payback_year([-1.0, -2.0], 2015)
    (2017, None)
    >>> payback_year([-1e-8, 5.0], 2015), payback_year([-1e-8, 5.0], 2015, scale=100.0)
    (2016, 2015)
    """
    cumulative = np.asarray(cumulative_net, dtype=float)
    below = np.flatnonzero(cumulative < -(_PAYBACK_TOLERANCE * scale))
    first_ok = int(below[-1]) + 1 if below.size else 0
    return int(first_year) + first_ok if first_ok < cumulative.size else None


def npv(flows: Sequence[float], rate: float | str, *, timing: str = "t1") -> float:
    """Net present value of yearly flows, the first flow in year 0.

    Parameters
    ----------
    flows : sequence of float
        One amount per year, without gaps (a year without a flow is 0).
    rate : float or str
        Decimal rate or regime code.
    timing : {"t1", "t0"}
        ``"t1"``: the first flow is discounted one year; ``"t0"``: it is not.

    Examples
    --------
    Two flows of 100 at 10%: t=1 gives 100/1.1 + 100/1.21 = 90.91 + 82.64; t=0 gives 100 + 90.91.

    >>> round(npv([100, 100], 0.10, timing="t1"), 2)
    173.55
    >>> round(npv([100, 100], 0.10, timing="t0"), 2)
    190.91
    """
    r = rate_value(rate)
    values = list(flows)
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = np.array([np.nan])
    if array.ndim != 1 or not np.isfinite(array).all():
        raise ArgumentError(Text("flows={flows} is niet toegestaan; geef eindige getallen per jaar",
                                 "flows={flows} is not allowed; give finite numbers per year",
                                 flows=show(values)))
    return math.fsum(array * discount_factors(len(array), r, timing))
