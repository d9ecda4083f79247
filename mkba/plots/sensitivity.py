"""Method sensitivity: ratios at the own and at common discount rates (a dumbbell plot,
:func:`rate_sensitivity_plot`) and the range over each study's own sensitivity variants (a
tornado, :func:`tornado_plot`).

Both plots read the one sensitivity frame of :func:`mkba.sensitivity.sensitivity_frame`, which
the sensitivity table reads too; neither appraises a study itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.plots import _layout, _numbers, style
from mkba.sensitivity import COLUMNS, COMMON_HORIZON, OWN_RATE, VARIANT

__all__ = ["rate_sensitivity_plot", "tornado_plot"]

_BASIS_MARKERS = ("o", "s", "^", "D", "v", "P")
_BASIS_COLOURS = ("#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")

_T = {
    "title_rates": ("Gevoeligheid voor de discontovoet", "Sensitivity to the discount rate"),
    "x": ("Baten-kostenverhouding (€ baten per € kosten)",
          "Benefit-cost ratio (€ benefits per € costs)"),
    "own": ("Eigen discontovoet", "Own discount rate"),
    "basis": ("Basis: verhoudingen (onafhankelijk van het prijspeil); {rate}looptijd: {hz}; "
              "{tm}. {n}.",
              "Basis: ratios (independent of the price year); {rate}horizon: {hz}; {tm}. {n}."),
    "rate": ("discontovoet: {}; ", "discount rate: {}; "),
    "pv_rates": ("* {}: alleen contante waarden, niet opnieuw te verdisconteren; bij elke "
                 "discontovoet de gerapporteerde verhouding.",
                 "* {}: present values only, cannot be re-discounted; the reported ratio at "
                 "every rate."),
    "note_rates": ("Gesorteerd op de verhouding bij de eigen discontovoet, hoogste boven; de "
                   "lijn verbindt de laagste en de hoogste verhouding.",
                   "Sorted by the ratio at the own rate, highest on top; the line joins the "
                   "lowest and the highest ratio."),
    "title_tornado": ("Gevoeligheidsvarianten: bandbreedte van de verhouding per studie",
                      "Sensitivity variants: range of the ratio per study"),
    "lower": ("Lager dan de basis", "Below the base case"),
    "higher": ("Hoger dan de basis", "Above the base case"),
    "base": ("Basis", "Base case"),
    "note_tornado": ("Per studie de laagste en de hoogste verhouding over haar eigen "
                     "gevoeligheidsvarianten (naam bij de uiteinden); gesorteerd op de breedte, "
                     "breedste boven.",
                     "Per study the lowest and the highest ratio over its own sensitivity "
                     "variants (name at the ends); sorted by width, widest on top."),
    "no_variants": ("Zonder varianten: {}.", "No variants: {}."),
    "no_ratio": ("Zonder verhouding (geen kosten) weggelaten: {}.",
                 "Left out, no ratio (no costs): {}."),
}


_t = style.texts(_T)


def _settings(frame, wanted: str) -> pd.DataFrame:
    """The rows of the sensitivity frame for the rate figure (``"rates"``: own rate first, then
    the common rates) or for the tornado (``"variants"``)."""
    frame = _checked(frame, COLUMNS, "mkba.sensitivity.sensitivity_frame")
    if wanted == "variants":
        return frame[frame["setting"] == VARIANT]
    return frame[~frame["setting"].isin((VARIANT, COMMON_HORIZON))]


def _checked(frame, columns: Sequence[str], builder: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(Text("frame={type} is niet toegestaan; geef de DataFrame van "
                                 "{builder}", "frame={type} is not allowed; give the DataFrame "
                                 "of {builder}", type=type(frame).__name__, builder=builder))
    missing = [c for c in columns if c not in frame.columns]
    if missing or frame.empty:
        raise ArgumentError(Text("frame mist de kolommen {missing} of heeft geen rijen; maak het "
                                 "met {builder}", "frame lacks the columns {missing} or has no "
                                 "rows; build it with {builder}", missing=repr(missing),
                                 builder=builder))
    return frame


def _basis_line(frame: pd.DataFrame, n: int, lang: str, rate: str = "") -> str:
    horizons = sorted(set(frame["horizon"]))
    own = "own_horizon" in frame and bool(frame["own_horizon"].all()) and len(horizons) > 1
    hz = style.text("own_horizon", lang) if own else "/".join(
        style.text("years", lang).format(h) for h in horizons)
    tm = "; ".join(style.text(t, lang) for t in sorted(set(frame["timing"])))
    rate = _t("rate", lang).format(rate) if rate else ""
    return _t("basis", lang).format(rate=rate, hz=hz, tm=tm, n=style.count_text(n, lang))


def _basis_label(setting: str, rate: float, regime, lang: str) -> str:
    if setting == OWN_RATE:
        return _t("own", lang)
    pct = _numbers.pct(rate, lang, 2)
    return f"{pct} ({regime})" if isinstance(regime, str) else pct


def _labels(ids, frame) -> list[str]:
    pv = set(frame.loc[~frame["recomputed"].astype(bool), "study_id"])
    return [i + (" *" if i in pv else "") for i in ids]


def _finish(ax: Axes, frame: pd.DataFrame, lang: str, title: str, lines: list[str],
            dropped: Sequence[str]) -> Axes:
    """The ratio axis with the line at 1 and the grid; title, labels and the footnote
    (``lines``, then the studies ``dropped`` for want of a ratio)."""
    style.reference_line(ax, 1.0)
    ax.xaxis.set_major_formatter(_numbers.ratio_formatter(lang))
    _layout.grid(ax, "x")
    style.finish(ax, title, _t("x", lang), style.text("study", lang))
    if dropped:
        lines = [*lines, _t("no_ratio", lang).format(", ".join(dropped))]
    style.footnote(ax, lines, lang, illustrative=bool(frame["illustrative"].astype(bool).any()))
    return ax


def rate_sensitivity_plot(frame: pd.DataFrame, *, ax: Axes | None = None,
                          lang: str = "nl") -> Axes:
    """Dumbbell plot: each study's ratio at its own rate and at the common rates.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mkba.sensitivity.sensitivity_frame` (its own-rate and common-rate rows).
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> from mkba.sensitivity import sensitivity_frame
    >>> ax = rate_sensitivity_plot(sensitivity_frame(example_studies()), lang="en")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Own discount rate', '5.5% (nl-2007)', '2.25% (nl-2021)']
    """
    lang = check_lang(lang)
    frame = _settings(frame, "rates")
    bases = list(dict.fromkeys(frame["setting"]))
    own = frame[frame["setting"] == OWN_RATE].set_index("study_id")["bcr"]
    dropped = sorted(own[own.isna()].index)
    ids = sorted((i for i in own.index if i not in dropped), key=lambda i: (-own[i], i))
    ax = style.axes(ax, (8.5, style.row_height(len(ids))))
    ys = {sid: float(-i) for i, sid in enumerate(ids)}
    data = frame[frame["study_id"].isin(ids)]
    spans = data.groupby("study_id")["bcr"].agg(["min", "max"])
    ax.hlines([ys[i] for i in ids], [spans.loc[i, "min"] for i in ids],
              [spans.loc[i, "max"] for i in ids], color="#999999", linewidth=2.2, zorder=2)
    handles = []
    for j, basis in enumerate(bases):
        rows = data[data["setting"] == basis]
        rate = float(rows["rate"].iloc[0]) if len(rows) else math.nan
        regime = rows["regime"].iloc[0] if len(rows) else None
        if j == 0:  # the own rate: an open ring on top, so the common rates show through
            look = {"marker": "o", "s": 110, "facecolors": "none", "edgecolors": "black",
                    "linewidths": 1.3, "zorder": 10}
            handle = {"marker": "o", "markersize": 10, "markerfacecolor": "none",
                      "markeredgecolor": "black", "markeredgewidth": 1.3}
        else:
            marker, colour = _BASIS_MARKERS[j % 6], _BASIS_COLOURS[j % 6]
            look = {"marker": marker, "s": 34, "color": colour, "edgecolors": "black",
                    "linewidths": 0.5, "zorder": 3 + j}
            handle = {"marker": marker, "color": colour, "markeredgecolor": "black",
                      "markeredgewidth": 0.5}
        ax.scatter(rows["bcr"], [ys[i] for i in rows["study_id"]], gid=f"basis:{basis}",
                   **look)
        handles.append(Line2D([], [], linestyle="", label=_basis_label(basis, rate, regime, lang),
                              **handle))
    if ids:
        _layout.row_labels(ax, list(ys.values()), _labels(ids, frame))
        _layout.side_legend(ax, handles=handles)
        lo, hi = float(data["bcr"].min()), float(data["bcr"].max())
        pad = (max(hi, 1.0) - min(lo, 1.0)) * 0.08
        ax.set_xlim(max(0.0, min(lo, 1.0) - pad), max(hi, 1.0) + pad)
    else:
        style.no_data(ax, lang)
    lines = [_basis_line(frame, len(ids), lang), _t("note_rates", lang)]
    pv = sorted(set(data.loc[~data["recomputed"].astype(bool), "study_id"]))
    if pv:
        lines.append(_t("pv_rates", lang).format(", ".join(pv)))
    return _finish(ax, frame, lang, _t("title_rates", lang), lines, dropped)


def tornado_plot(frame: pd.DataFrame, *, ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Tornado: per study the ratio range over its sensitivity variants around the base case.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mkba.sensitivity.sensitivity_frame` (its variant rows).
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> from mkba.sensitivity import sensitivity_frame
    >>> ax = tornado_plot(sensitivity_frame(example_studies()))
    >>> [t.get_text() for t in ax.get_yticklabels()]  # widest range on top
    ['c', 'b', 'a', 'd *']
    """
    lang = check_lang(lang)
    frame = _settings(frame, "variants")
    frame = frame[frame["bcr"].notna()]
    base = frame[frame["is_base"].astype(bool)].set_index("study_id")["bcr"]
    dropped = sorted(set(frame["study_id"]) - set(base.index))
    stats = {}
    for sid, rows in frame[frame["study_id"].isin(base.index)].groupby("study_id", sort=True):
        low, high = rows.loc[rows["bcr"].idxmin()], rows.loc[rows["bcr"].idxmax()]
        stats[sid] = (float(base[sid]), low, high, len(rows) - 1)
    ids = sorted(stats, key=lambda i: (-(stats[i][2]["bcr"] - stats[i][1]["bcr"]), i))
    ax = style.axes(ax, (8.5, style.row_height(len(ids))))
    ys = [float(-i) for i in range(len(ids))]
    lower = {"facecolor": "#D55E00", "hatch": "///", "edgecolor": "white", "linewidth": 0.4}
    higher = {"facecolor": "#56B4E9", "edgecolor": "#333333", "linewidth": 0.4}
    kw = {"textcoords": "offset points", "fontsize": 6.5, "va": "center", "color": "#333333"}
    for y, sid in zip(ys, ids, strict=True):
        b, low, high, _n = stats[sid]
        if low["bcr"] < b:
            ax.barh(y, b - low["bcr"], left=low["bcr"], height=0.6, gid="lower", **lower)
            ax.annotate(str(low["variant"]), (low["bcr"], y), (-3, 0), ha="right", **kw)
        if high["bcr"] > b:
            ax.barh(y, high["bcr"] - b, left=b, height=0.6, gid="higher", **higher)
            ax.annotate(str(high["variant"]), (high["bcr"], y), (3, 0), ha="left", **kw)
    if ids:
        ax.scatter([stats[i][0] for i in ids], ys, marker="|", s=160, color="black",
                   linewidths=2.0, zorder=4, gid="base")
        _layout.row_labels(ax, ys, _labels(ids, frame))
        handles = [Patch(**lower, label=_t("lower", lang)),
                   Patch(**higher, label=_t("higher", lang)),
                   Line2D([], [], linestyle="", marker="|", markersize=12, markeredgewidth=2,
                          color="black", label=_t("base", lang))]
        _layout.side_legend(ax, handles=handles)
        lo = min(min(stats[i][1]["bcr"] for i in ids), 1.0)
        hi = max(max(stats[i][2]["bcr"] for i in ids), 1.0)
        # room for the variant names at the bar ends, from their length in points against
        # the width of the axes (before layout; a little less after it)
        names = [str(stats[i][k]["variant"]) for i in ids for k in (1, 2)]
        need = max(len(n) for n in names) * 6.5 * 0.6 + 8
        fig = ax.get_figure()
        width = ax.get_position().width * fig.get_figwidth() * 72 * 0.8
        frac = min(need / max(width, 1.0), 0.3)
        pad = (hi - lo) * frac / (1 - 2 * frac) + (hi - lo) * 0.02
        ax.set_xlim(lo - pad, hi + pad)  # below 0 only to make room: no tick labels there
    else:
        style.no_data(ax, lang)
    rates = sorted(set(frame["rate"]))
    if len(rates) > 1 and "own_rate" in frame and bool(frame["own_rate"].all()):
        rates = style.text("own_rate", lang)
    else:
        rates = "/".join(_numbers.pct(r, lang, 2) for r in rates)
    lines = [_basis_line(frame, len(ids), lang, rates), _t("note_tornado", lang)]
    pv = sorted(set(frame.loc[~frame["recomputed"].astype(bool), "study_id"]) & set(ids))
    if pv:
        lines.append(style.pv_only_text(pv, lang))
    none = [i for i in ids if stats[i][3] == 0]
    if none:
        lines.append(_t("no_variants", lang).format(", ".join(none)))
    return _finish(ax, frame, lang, _t("title_tornado", lang), lines, dropped)
