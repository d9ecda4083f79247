"""How much the pooled headline depends on each assumption: small multiples, a panel per
assumption of :func:`mkba.assumptions.assumption_frame` (:func:`assumptions_plot`).

Each panel shows, for each setting of its assumption, the pooled estimate with its confidence
interval (thick) and its prediction interval (thin), and in a column right of it the
probability that a new setting's effect is above the threshold (benefits exceed costs). The
setting of the report is in bold. The figure reads the frame the table reads; it pools nothing
itself.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.assumptions import ASSUMPTIONS, COLUMNS, assumption_label, setting_label
from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.plots import _layout, style
from mkba.plots import _pooled as P

__all__ = ["assumptions_plot"]

_T = {
    "title": ("Gevoeligheid van de gepoolde uitkomst voor de aannames",
              "Sensitivity of the pooled result to the assumptions"),
    "p_ratio": ("Kans baten > kosten", "P(benefits > costs)"),
    "p_other": ("Kans > 0", "P(> 0)"),
    "estimate": ("Schatting", "Estimate"),
    "ci": ("{pct}-betrouwbaarheidsinterval", "{pct} confidence interval"),
    "pi": ("{pct}-voorspellingsinterval", "{pct} prediction interval"),
    "note": ("Per rij één aanname anders dan in het rapport, de andere zoals in het rapport; "
             "vet: de instelling van het rapport. Rechts de kans dat de baten de kosten "
             "overtreffen in een nieuwe setting, uit {n} trekkingen (seed {seed}) van de "
             "voorspellende verdeling van elke rij.",
             "Each row changes one assumption from the report, the others as in the report; "
             "bold: the setting of the report. Right: the probability that benefits exceed "
             "costs in a new setting, from {n} draws (seed {seed}) of each row's predictive "
             "distribution."),
    "missing": ("niet te berekenen", "cannot be computed"),
}

_t = style.texts(_T)
#: Where the column of probabilities ends, right of each panel (axes fraction).
_P_COLUMN = 1.14
_CI = {"color": style.OKABE_ITO["blue"], "linewidth": 4.0, "solid_capstyle": "butt"}
_PI = {"color": "#000000", "linewidth": 1.0}
_POINT = {"marker": "D", "s": 30, "color": style.OKABE_ITO["vermillion"],
          "edgecolors": "black", "linewidths": 0.6}


def _checked(frame) -> pd.DataFrame:
    missing = [c for c in COLUMNS if c not in getattr(frame, "columns", ())]
    if not isinstance(frame, pd.DataFrame) or missing or frame.empty:
        raise ArgumentError(Text("frame is niet toegestaan; geef de DataFrame van "
                                 "mkba.assumptions.assumption_frame", "frame is not allowed; "
                                 "give the DataFrame of mkba.assumptions.assumption_frame"))
    return frame


def assumptions_plot(frame: pd.DataFrame, pooled: PooledStudies, *,
                     lang: str = "nl") -> Axes:
    """Small multiples: the pooled headline under each setting of each assumption.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`mkba.assumptions.assumption_frame` of ``pooled``.
    pooled : PooledStudies
        The pooled analysis of the report (basis, scale, model and notes of the footnote).
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes
        The bottom panel, which carries the value axis label and the footnote; its figure
        (:meth:`~matplotlib.axes.Axes.get_figure`) holds a panel per assumption, titled by the
        figure's suptitle.

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.assumptions import assumption_frame
    >>> from mkba.plots._examples import example_studies
    >>> studies = example_studies()
    >>> pooled = pool_studies(studies, draws=200)
    >>> ax = assumptions_plot(assumption_frame(pooled, studies), pooled, lang="en")
    >>> fig = ax.get_figure()
    >>> len(fig.axes), fig.get_suptitle()
    (5, 'Sensitivity of the pooled result to the assumptions')
    >>> [a.get_title(loc="left") for a in fig.axes][:2]
    ['Coverage of the range of variants', 'A study without own uncertainty']
    """
    frame, pooled, lang = _checked(frame), P.checked(pooled), check_lang(lang)
    groups = [(a, frame[frame["assumption"] == a]) for a in ASSUMPTIONS
              if (frame["assumption"] == a).any()]
    sizes = [len(rows) for _, rows in groups]
    fig = Figure(figsize=(8.5, min(3.6 + 0.34 * sum(sizes) + 0.4 * len(groups), 16.0)),
                 layout="constrained")
    grid = fig.add_gridspec(len(groups), 1, height_ratios=[n + 0.9 for n in sizes])
    fig.suptitle(_t("title", lang), fontsize=11, fontweight="bold")
    shown = frame[["ci_low", "ci_high", "pi_low", "pi_high", "estimate"]].to_numpy(dtype=float)
    lo, hi = float(np.nanmin(shown)), float(np.nanmax(shown))
    p_head = _t("p_ratio" if pooled.log_scale else "p_other", lang)
    panels = []
    for i, (assumption, rows) in enumerate(groups):
        ax = fig.add_subplot(grid[i, 0], sharex=panels[0] if panels else None)
        panels.append(ax)
        ys = [float(-j) for j in range(len(rows))]
        bold = []
        for j, (y, r) in enumerate(zip(ys, rows.itertuples(index=False), strict=True)):
            weight = "bold" if r.is_default else "normal"
            if r.is_default:
                bold.append(j)
            if math.isnan(r.estimate):
                ax.text(0.5, y, _t("missing", lang), transform=ax.get_yaxis_transform(),
                        ha="center", va="center", fontsize=7.5, color="#555555")
                continue
            ax.plot([r.pi_low, r.pi_high], [y, y], gid="prediction-interval", **_PI)
            ax.plot([r.ci_low, r.ci_high], [y, y], gid="confidence-interval", **_CI)
            ax.scatter([r.estimate], [y], zorder=4, gid="estimate", **_POINT)
            # the probability in a column right of the panel
            ax.text(_P_COLUMN, y, formatting.probability(r.p_above, lang), gid="p-above",
                    transform=ax.get_yaxis_transform(), ha="right", va="center",
                    fontsize=8, fontweight=weight)
        labels = [setting_label(assumption, s, lang) for s in rows["setting"]]
        _layout.row_labels(ax, ys, labels, bold=bold)
        ax.set_title(assumption_label(assumption, lang), loc="left", fontsize=9,
                     fontweight="bold")
        ax.text(_P_COLUMN, 1.0, p_head, transform=ax.transAxes, ha="right", va="bottom",
                fontsize=7.5, color="#333333", gid="p-heading")
        _layout.grid(ax, "x")
        ax.spines[["top", "right"]].set_visible(False)
        if i < len(groups) - 1:
            ax.tick_params(axis="x", labelbottom=False)
    first, last = panels[0], panels[-1]
    P.value_axis(first, pooled, lo, hi, lang)  # shared: the scale and limits of every panel
    for ax in panels[1:]:
        style.reference_line(ax, 1.0 if pooled.log_scale else 0.0)
    pct = P.level_text(pooled.pooled.level, lang)
    handles = [Line2D([], [], linestyle="", marker="D", markerfacecolor=_POINT["color"],
                      markeredgecolor="black", label=_t("estimate", lang)),
               Line2D([], [], label=_t("ci", lang).format(pct=pct), **_CI),
               Line2D([], [], label=_t("pi", lang).format(pct=pct), **_PI)]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=7.5,
               frameon=False)
    mc = pooled.monte_carlo
    note = _t("note", lang).format(n=formatting.number(mc.n, 0, lang), seed=mc.seed)
    style.finish(last, "", P.value_label(pooled, lang), "")
    style.footnote(last, P.footnote_lines(pooled, lang, note), lang,
                   illustrative=P.illustrative(pooled))
    return last


