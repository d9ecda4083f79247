"""Numbers as shown in the figures: Dutch or English decimals and thousands, percentages,
rates, and the tick formatters and locators of euro, ratio and share axes."""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullFormatter

from mkba.discounting import regime_rate

_OWN_RATE = ("eigen discontovoet van elke studie", "each study's own rate")


def num(value: float, digits: int, lang: str) -> str:
    """``value`` with thousands separators and ``digits`` decimals, in Dutch or English style.

    Examples
    --------
    >>> num(12345.678, 1, "nl"), num(12345.678, 1, "en"), num(-0.5, 2, "nl")
    ('12.345,7', '12,345.7', '−0,50')
    """
    if digits == 0 and abs(value) < 0.5:
        value = 0.0  # no "-0"
    out = f"{abs(value):,.{digits}f}"
    if lang == "nl":
        out = out.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("\u2212" if value < 0 and float(out.replace(".", "").replace(",", "")) else "") + out


def pct(value: float, lang: str, digits: int = 0) -> str:
    """A decimal as a percentage: 0.055 -> '5,5%' (nl) or '5.5%' (en), trailing zeros dropped.

    Examples
    --------
    >>> pct(0.055, "nl", 2), pct(0.0225, "en", 2), pct(0.5, "nl")
    ('5,5%', '2.25%', '50%')
    """
    out = f"{value * 100:.{digits}f}"
    if digits:
        out = out.rstrip("0").rstrip(".")
    return (out.replace(".", ",") if lang == "nl" else out) + "%"


def rate_text(rate, lang: str) -> str:
    """A rate argument as text: None (own rates), a regime code or a decimal."""
    if rate is None:
        return _OWN_RATE[lang == "en"]
    if isinstance(rate, str):
        return f"{pct(regime_rate(rate), lang, 2)} ({rate})"
    return pct(rate, lang, 2)


def euro_formatter(lang: str) -> FuncFormatter:
    """Tick labels in whole euros with thousands separators."""
    return FuncFormatter(lambda x, _pos: num(x, 0, lang))


def ratio_formatter(lang: str) -> FuncFormatter:
    """Tick labels for ratios: as few decimals as needed (1, 1,5, 0,25); none below 0."""
    def fmt(x, _pos):
        if x < -1e-12:
            return ""
        for digits in (0, 1, 2):
            if abs(x - round(x, digits)) < 1e-9:
                return num(x, digits, lang)
        return num(x, 2, lang)
    return FuncFormatter(fmt)


def euro_axis(ax: Axes, lang: str, axis: str = "x") -> None:
    """Whole euros with thousands separators, at most about six round ticks."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
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
