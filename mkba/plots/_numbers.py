"""Numbers as shown in the figures (by :mod:`mkba.formatting`, with the minus sign U+2212):
decimals, percentages, rates, and the tick formatters and locators of euro, ratio and share
axes."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullFormatter

from mkba import formatting, phrases
from mkba.discounting import regime_rate


def num(value: float, digits: int, lang: str) -> str:
    """``value`` with thousands separators and ``digits`` decimals, negative numbers with the
    minus sign U+2212 (:func:`mkba.formatting.number`).

    Examples
    --------
    >>> num(12345.678, 1, "nl"), num(12345.678, 1, "en"), num(-0.5, 2, "nl")
    ('12.345,7', '12,345.7', '−0,50')
    """
    return formatting.number(value, digits, lang, minus=True)


def pct(value: float, lang: str, digits: int = 0) -> str:
    """A decimal as a percentage: 0.055 -> '5,5%' (nl) or '5.5%' (en), trailing zeros dropped
    (:func:`mkba.formatting.percent`).

    Examples
    --------
    >>> pct(0.055, "nl", 2), pct(0.0225, "en", 2), pct(0.5, "nl")
    ('5,5%', '2.25%', '50%')
    """
    return formatting.percent(value, lang, digits, trim=True, minus=True)


def rate_text(rate, lang: str) -> str:
    """A rate argument as text: None (own rates), a regime code or a decimal.

    Examples
    --------
    >>> rate_text(None, "en"), rate_text("nl-2021", "nl"), rate_text(0.03, "en")
    ("each study's own rate", '2,25% (nl-2021)', '3%')
    """
    if isinstance(rate, str):
        return phrases.rate_phrase(regime_rate(rate), rate, lang)
    return phrases.rate_phrase(rate, None, lang)


def euro_formatter(lang: str) -> FuncFormatter:
    """Tick labels in whole euros with thousands separators."""
    return FuncFormatter(lambda x, _pos: num(x, 0, lang))


def ratio_formatter(lang: str) -> FuncFormatter:
    """Tick labels for ratios: as few decimals as needed (1, 1,5, 0,25); none below 0."""
    def fmt(x, _pos):
        return "" if x < -1e-12 else formatting.number(x, 2, lang, trim=True, minus=True)
    return FuncFormatter(fmt)


class BothSidesLocator(MaxNLocator):
    """Round ticks (:class:`matplotlib.ticker.MaxNLocator`) with at least one tick left of 0
    when the axis reaches below 0: the step is halved while that keeps at most twice the
    ticks; else one round tick (1, 2 or 5 x 10^k) is added between the axis end and 0.

    Examples
    --------
    >>> loc = BothSidesLocator(nbins=6, steps=[1, 2, 2.5, 5, 10])
    >>> [float(t) for t in loc.tick_values(-70_000, 220_000) if -70_000 <= t <= 220_000]
    [-50000.0, 0.0, 50000.0, 100000.0, 150000.0, 200000.0]
    """

    def tick_values(self, vmin, vmax):
        ticks = super().tick_values(vmin, vmax)
        lo, hi = min(vmin, vmax), max(vmin, vmax)
        if lo >= 0 or len(ticks) < 2 or any(lo <= t < 0 for t in ticks):
            return ticks
        step = float(ticks[1] - ticks[0])
        while step > 0 and -step < lo and (hi - lo) / (step / 2) <= 2 * self._nbins:
            step /= 2
        if -step >= lo:
            return np.arange(np.floor(lo / step), np.ceil(hi / step) + 1) * step
        power = 10 ** math.floor(math.log10(-lo))
        nice = max(m * power for m in (1, 2, 5) if m * power <= -lo)
        return np.union1d(ticks, [-nice])


def euro_axis(ax: Axes, lang: str, axis: str = "x") -> None:
    """Whole euros with thousands separators, about six round ticks, one left of 0 when the
    axis reaches below 0 (:class:`BothSidesLocator`)."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(BothSidesLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(euro_formatter(lang))


def decimal_formatter(lang: str, digits: int = 2) -> FuncFormatter:
    """Tick labels with ``digits`` decimals in Dutch or English style."""
    return FuncFormatter(lambda x, _pos: num(x, digits, lang))


def percent_formatter(lang: str) -> FuncFormatter:
    """Tick labels for shares (0-1) as percentages."""
    return FuncFormatter(lambda x, _pos: pct(x, lang))


RATIO_TICKS = (0.1, 0.2, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 7, 10, 20, 50, 100)


def log_ratio_axis(ax: Axes, low: float, high: float, lang: str, axis: str = "x") -> None:
    """A log-scaled ratio axis from ``low`` to ``high`` (padded) with readable ticks."""
    low, high = max(min(low, 1.0), 1e-3), max(high, 1.0)
    pad = (math.log(high) - math.log(low)) * 0.06 or 0.1
    lo, hi = math.exp(math.log(low) - pad), math.exp(math.log(high) + pad)
    ticks = [t for t in RATIO_TICKS if lo <= t <= hi]
    if len(ticks) > 8:  # keep the round ones
        ticks = [t for t in ticks if t in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100)]
    scale = ax.set_xscale if axis == "x" else ax.set_yscale
    lim = ax.set_xlim if axis == "x" else ax.set_ylim
    target = ax.xaxis if axis == "x" else ax.yaxis
    scale("log")
    lim(lo, hi)
    target.set_major_locator(FixedLocator(ticks))
    target.set_minor_locator(FixedLocator([]))
    target.set_major_formatter(ratio_formatter(lang))
    target.set_minor_formatter(NullFormatter())
