"""Diagnostics of a pooled analysis: the funnel plot (:func:`funnel_plot`) and the
leave-one-out plot (:func:`leave_one_out_plot`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.messages import check_lang
from mkba.phrases import phrase
from mkba.plots import _layout, _numbers, style
from mkba.plots import _pooled as P

__all__ = ["funnel_plot", "leave_one_out_plot"]

_T = {
    "title_funnel": ("Trechterplot: effect tegen standaardfout",
                     "Funnel plot: effect against standard error"),
    "y_funnel": ("Standaardfout (log-verhouding)", "Standard error (log ratio)"),
    "y_funnel_euro": ("Standaardfout (€ per huishouden)", "Standard error (€ per household)"),
    "pooled_line": ("Gepoolde schatting", "Pooled estimate"),
    "funnel": ("{pct}-pseudo-betrouwbaarheidsgebied", "{pct} pseudo confidence region"),
    "study": ("Studie", "Study"), "flagged": ("Studie, standaardaanname", "Study, default se"),
    "no_egger": ("Egger-toets niet uitgevoerd (minder dan 3 studies, of alle studies even "
                 "nauwkeurig).",
                 "Egger's test not run (fewer than 3 studies, or all studies equally "
                 "precise)."),
    "note_funnel": ("Zonder vertekening liggen de studies symmetrisch rond de gepoolde "
                    "schatting, breder naarmate de standaardfout groter is.",
                    "Without bias the studies lie symmetrically around the pooled estimate, "
                    "wider as the standard error grows."),
    "title_loo": ("Eén studie weggelaten: gevoeligheid van de gepoolde uitkomst",
                  "Leave one out: sensitivity of the pooled result"),
    "without": ("zonder {}", "without {}"),
    "omitted": ("Weggelaten studie", "Omitted study"),
    "all": ("Alle studies", "All studies"),
    "note_loo": ("Per rij de gepoolde schatting met {pct}-BI zonder die studie; grijze band: "
                 "BI van alle studies, doorgetrokken lijn: hun schatting.",
                 "Per row the pooled estimate with {pct} CI without that study; grey band: CI "
                 "of all studies, solid line: their estimate."),
    "no_loo": ("Eén studie weglaten kan pas vanaf 3 studies.",
               "Leaving one out needs at least 3 studies."),
}


_t = style.texts(_T)


def funnel_plot(pooled: PooledStudies, *, ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Funnel plot: each study's effect against its standard error, with the pooled line and
    the pseudo confidence funnel ``estimate +/- z * se``.

    The y axis runs from se = 0 (top) downwards. For benefit-cost ratios the x axis is a log
    scale of the ratio (the effect is pooled as a log ratio), with the line ratio = 1. Studies
    whose standard error is the default assumption are drawn open. Egger's test is in the
    footnote.

    Parameters
    ----------
    pooled : PooledStudies
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.plots._examples import example_studies
    >>> ax = funnel_plot(pool_studies(example_studies(), draws=200))
    >>> bool(ax.yaxis_inverted()), ax.get_xscale()
    (True, 'log')
    """
    pooled, lang = P.checked(pooled), check_lang(lang)
    table = pooled.evidence.table.sort_values("study_id")
    p = pooled.pooled
    zval = P.z(p.level)
    se = table["se"].to_numpy(dtype=float)
    top = float(se.max()) * 1.1
    grid = np.linspace(0.0, top, 50)
    ax = style.axes(ax, (8.0, 5.6))
    s = np.exp if pooled.log_scale else (lambda x: x)
    ax.fill_betweenx(grid, s(p.estimate - zval * grid), s(p.estimate + zval * grid),
                     color="#EEEEEE", zorder=0)
    for sign in (-1, 1):
        ax.plot(s(p.estimate + sign * zval * grid), grid, color="#666666", linestyle=":",
                linewidth=1.0, gid="funnel")
    ax.axvline(pooled.shown(p.estimate), color=style.OKABE_ITO["blue"], linewidth=1.4,
               gid="pooled-line")
    flagged = table["flagged"].astype(bool).to_numpy()
    x = s(table["effect"].to_numpy(dtype=float))
    ax.scatter(x, se, s=36, marker="o", c=[("white" if f else style.OKABE_ITO["vermillion"])
                                           for f in flagged],
               edgecolors="black", linewidths=0.8, zorder=4, gid="studies")
    ext = [*x, float(s(p.estimate - zval * top)), float(s(p.estimate + zval * top))]
    P.value_axis(ax, pooled, min(ext), max(ext), lang)
    ax.set_ylim(top, 0.0)
    ax.yaxis.set_major_formatter(_numbers.decimal_formatter(lang) if pooled.log_scale
                                 else _numbers.euro_formatter(lang))
    pct = P.level_text(p.level, lang)
    handles = [Line2D([], [], color=style.OKABE_ITO["blue"], linewidth=1.4,
                      label=_t("pooled_line", lang)),
               Line2D([], [], color="#666666", linestyle=":", label=_t("funnel", lang).format(
                   pct=pct)),
               Line2D([], [], linestyle="", marker="o", markerfacecolor=style.OKABE_ITO[
                   "vermillion"], markeredgecolor="black", label=_t("study", lang))]
    if flagged.any():
        handles.append(Line2D([], [], linestyle="", marker="o", markerfacecolor="white",
                              markeredgecolor="black", label=_t("flagged", lang)))
    _layout.side_legend(ax, handles=handles)
    ylabel = _t("y_funnel" if pooled.log_scale else "y_funnel_euro", lang)
    eg = pooled.egger
    egger = _t("no_egger", lang) if eg is None else " ".join((
        phrase("egger", lang).format(b=_numbers.num(eg.intercept, 2, lang),
                                     p=formatting.p_text(eg.p_value, lang), k=eg.k),
        phrase("egger_few" if eg.k < 10 else "egger_many", lang)))
    P.finish(ax, pooled, lang, _t("title_funnel", lang), P.value_label(pooled, lang), ylabel,
             _t("note_funnel", lang), egger, pi=False)
    style.place_labels(ax, list(x), list(se), list(table["study_id"]), lang=lang)
    return ax


def leave_one_out_plot(pooled: PooledStudies, *, ax: Axes | None = None,
                       lang: str = "nl") -> Axes:
    """The pooled estimate with its interval when each study is left out in turn.

    A grey band shows the interval of all studies and a solid line their estimate; the rows
    follow the study ids. With fewer than three studies (no leave-one-out result) the Axes
    says so.

    Parameters
    ----------
    pooled : PooledStudies
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.plots._examples import example_studies
    >>> ax = leave_one_out_plot(pool_studies(example_studies(), draws=200), lang="en")
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['without a', 'without b']
    """
    pooled, lang = P.checked(pooled), check_lang(lang)
    loo, p = pooled.leave_one_out, pooled.pooled
    rows = [] if loo is None else sorted(zip(loo.labels, loo.results, strict=True),
                                         key=lambda r: str(r[0]))
    ax = style.axes(ax, (8.0, style.row_height(len(rows) + 1)))
    s = pooled.shown
    ys = [float(-i) for i in range(len(rows))]
    ax.axvspan(s(p.ci_low), s(p.ci_high), color="#E5E5E5", zorder=0, gid="all-ci")
    ax.axvline(s(p.estimate), color=style.OKABE_ITO["blue"], linewidth=1.4, gid="pooled-line")
    if rows:
        ax.hlines(ys, [s(r.ci_low) for _, r in rows], [s(r.ci_high) for _, r in rows],
                  color="black", linewidth=1.0, zorder=2)
        ax.scatter([s(r.estimate) for _, r in rows], ys, marker="D", s=30,
                   color=style.OKABE_ITO["vermillion"], edgecolors="black", linewidths=0.6,
                   zorder=3, gid="studies")
        _layout.row_labels(ax, ys, [_t("without", lang).format(label) for label, _ in rows])
        lo = min([r.ci_low for _, r in rows] + [p.ci_low])
        hi = max([r.ci_high for _, r in rows] + [p.ci_high])
    else:
        style.no_data(ax, lang)
        lo, hi = p.ci_low, p.ci_high
    P.value_axis(ax, pooled, s(lo), s(hi), lang)
    extra = (_t("note_loo", lang).format(pct=P.level_text(p.level, lang)) if rows
             else _t("no_loo", lang))
    return P.finish(ax, pooled, lang, _t("title_loo", lang), P.value_label(pooled, lang),
                    _t("omitted", lang), extra, pi=False)
