"""Method sensitivity: the change of each study's ratio at common discount rates against its
own rate (:func:`rate_sensitivity_plot`) and the range over each study's own sensitivity variants (a
tornado, :func:`tornado_plot`).

Both plots read the one sensitivity frame of :func:`mkba.sensitivity.sensitivity_frame`, which
the sensitivity table reads too; neither appraises a study itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.plots import _layout, _numbers, style
from mkba.sensitivity import COLUMNS, COMMON_HORIZON, OWN_RATE, VARIANT

__all__ = ["rate_sensitivity_plot", "tornado_plot"]

_BASIS_MARKERS = ("o", "s", "^", "D", "v", "P")
_BASIS_COLOURS = ("#000000", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00")

_T = {
    "title_rates": ("Gevoeligheid voor de discontovoet: verandering van de verhouding",
                    "Sensitivity to the discount rate: change of the ratio"),
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
    "note_rates": ("Per studie de verandering van de baten-kostenverhouding als zij opnieuw "
                   "wordt verdisconteerd tegen een gemeenschappelijke discontovoet, ten opzichte "
                   "van de verhouding bij haar eigen discontovoet (tussen haakjes; de lijn bij "
                   "0%). Boven: de mediaan over de herberekende studies. Gesorteerd op de "
                   "verandering bij de laatste discontovoet, grootste stijging boven.",
                   "Per study the change of the benefit-cost ratio when it is re-discounted at "
                   "a common rate, against the ratio at its own discount rate (in brackets; the "
                   "line at 0%). Top: the median over the recomputed studies. Sorted by the "
                   "change at the last rate, largest rise on top."),
    "x_change": ("Verandering van de baten-kostenverhouding t.o.v. de eigen discontovoet (%)",
                 "Change of the benefit-cost ratio against the own discount rate (%)"),
    "median": ("Mediaan", "Median"),
    "legend": ("Gemeenschappelijke discontovoet", "Common discount rate"),
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
        lines = [*lines, _t("no_ratio", lang).format(style.named(dropped, lang))]
    style.footnote(ax, lines, lang, illustrative=bool(frame["illustrative"].astype(bool).any()))
    return ax


def rate_sensitivity_plot(frame: pd.DataFrame, *, ax: Axes | None = None,
                          lang: str = "nl") -> Axes:
    """How much each study's ratio changes when re-discounted at a common rate.

    One row per study (its own rate beside its id): for each common rate a marker at the
    change of the ratio against the ratio at the study's own rate, in percent, with a line
    from 0 to the farthest change; on top, in bold, the median change over the studies. The
    differences are small against the ratios themselves, so the x axis shows the change, not
    the ratio; the line at 0 is the own rate. Rows are sorted by the change at the last common
    rate, largest rise on top. The median leaves out the studies of present values only, which
    keep their reported ratio at every rate.

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
    ['5.5% (nl-2007)', '2.25% (nl-2021)']
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Median', 'a (5.5%)']
    """
    lang = check_lang(lang)
    frame = _settings(frame, "rates")
    bases = [b for b in dict.fromkeys(frame["setting"]) if b != OWN_RATE]
    own_rows = frame[frame["setting"] == OWN_RATE].set_index("study_id")
    own = own_rows["bcr"]
    dropped = sorted(own[own.isna() | (own <= 0)].index)
    ids = [i for i in own.index if i not in dropped]
    data = frame[frame["study_id"].isin(ids) & (frame["setting"] != OWN_RATE)]
    change = {(sid, basis): (bcr / own[sid] - 1.0) * 100.0
              for sid, basis, bcr in zip(data["study_id"], data["setting"], data["bcr"],
                                         strict=True) if bcr == bcr}
    last = bases[-1] if bases else None
    ids = sorted(ids, key=lambda i: (-change.get((i, last), 0.0), i))
    n = len(ids)
    ax = style.axes(ax, (8.5, style.row_height(n + 2)))
    ys = {sid: float(-i - 2) for i, sid in enumerate(ids)}
    # the median of the studies that can be re-discounted (a study of present values only keeps
    # its reported ratio at every rate: its 0 says nothing about the rate)
    pv_only = set(frame.loc[~frame["recomputed"].astype(bool), "study_id"])
    medians = {b: float(np.median([change[(i, b)] for i in ids
                                   if (i, b) in change and i not in pv_only]))
               for b in bases if any((i, b) in change and i not in pv_only for i in ids)}
    rows = [(0.0, {b: medians[b] for b in medians})]
    rows += [(ys[i], {b: change[(i, b)] for b in bases if (i, b) in change}) for i in ids]
    lows = [min([0.0, *v.values()]) for _, v in rows]
    highs = [max([0.0, *v.values()]) for _, v in rows]
    ax.hlines([y for y, _ in rows], lows, highs, color="#999999", linewidth=1.6, zorder=2,
              gid="spans")
    handles = []
    for j, basis in enumerate(bases):
        sel = data[data["setting"] == basis]
        rate = float(sel["rate"].iloc[0]) if len(sel) else math.nan
        regime = sel["regime"].iloc[0] if len(sel) else None
        marker, colour = _BASIS_MARKERS[(j + 1) % 6], _BASIS_COLOURS[(j + 1) % 6]
        pts = [(v[basis], y) for y, v in rows if basis in v]
        ax.scatter([x for x, _ in pts], [y for _, y in pts], marker=marker,
                   s=44 if n <= style.MANY else 22, color=colour, edgecolors="black",
                   linewidths=0.5, zorder=3 + j, gid=f"basis:{basis}")
        handles.append(Line2D([], [], linestyle="", marker=marker, color=colour,
                              markeredgecolor="black", markeredgewidth=0.5,
                              label=_basis_label(basis, rate, regime, lang)))
    if ids:
        labels = [_t("median", lang)] + [
            f"{label} ({_numbers.pct(float(own_rows.loc[i, 'rate']), lang, 2)})"
            for i, label in zip(ids, _labels(ids, frame), strict=True)]
        _layout.row_labels(ax, [0.0, *ys.values()], labels, bold=[0],
                           lim=(-n - 1.3, 0.7))
        ax.axhline(-1.0, color="#BBBBBB", linewidth=0.6)
        _layout.side_legend(ax, handles=handles, title=_t("legend", lang),
                            title_fontsize=7.5)
        lo, hi = min(lows), max(highs)
        pad = (hi - lo) * 0.08 or 0.5
        ax.set_xlim(lo - pad, hi + pad)
    else:
        style.no_data(ax, lang)
    lines = [_basis_line(frame, n, lang), _t("note_rates", lang)]
    pv = sorted(set(data.loc[~data["recomputed"].astype(bool), "study_id"]))
    if pv:
        lines.append(_t("pv_rates", lang).format(style.named(pv, lang)))
    style.reference_line(ax, 0.0)
    digits = 1 if ax.get_xlim()[1] - ax.get_xlim()[0] < 10 else 0
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda x, _pos: _numbers.pct(x / 100.0, lang, digits)))
    _layout.grid(ax, "x")
    style.finish(ax, _t("title_rates", lang), _t("x_change", lang), style.text("study", lang))
    if dropped:
        lines = [*lines, _t("no_ratio", lang).format(style.named(dropped, lang))]
    style.footnote(ax, lines, lang, illustrative=bool(frame["illustrative"].astype(bool).any()))
    return ax


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
    kw = {"textcoords": "offset points", "fontsize": style.MIN_FONTSIZE, "va": "center",
          "color": "#333333"}
    boxes: dict[str, list] = {"lower": [], "higher": []}
    for y, sid in zip(ys, ids, strict=True):
        b, low, high, _n = stats[sid]
        # the names lie inside the axes (the limits leave room): out of the layout's work
        if low["bcr"] < b:
            boxes["lower"].append((low["bcr"], b, y))
            ax.annotate(str(low["variant"]), (low["bcr"], y), (-3, 0), ha="right",
                        **kw).set_in_layout(False)
        if high["bcr"] > b:
            boxes["higher"].append((b, high["bcr"], y))
            ax.annotate(str(high["variant"]), (high["bcr"], y), (3, 0), ha="left",
                        **kw).set_in_layout(False)
    for gid, look in (("lower", lower), ("higher", higher)):  # one artist per side
        ax.add_collection(PolyCollection(
            [((x0, y - 0.3), (x1, y - 0.3), (x1, y + 0.3), (x0, y + 0.3))
             for x0, x1, y in boxes[gid]], closed=True, gid=gid, **look))
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
        need = max(len(n) for n in names) * style.MIN_FONTSIZE * 0.6 + 8
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
        lines.append(_t("no_variants", lang).format(style.named(none, lang)))
    return _finish(ax, frame, lang, _t("title_tornado", lang), lines, dropped)
