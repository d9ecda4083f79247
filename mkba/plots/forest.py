"""Forest plots: the effect of each study with its interval, the pooled diamond and the
prediction interval; overall (:func:`forest_plot`) and by subgroup (:func:`subgroup_forest_plot`).
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Polygon

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.errors import ArgumentError
from mkba.evidence import study_intervals
from mkba.messages import Text, check_lang
from mkba.phrases import short_repr, subgroup_tests
from mkba.plots import _layout, style
from mkba.plots import _pooled as P
from mkba.pooling import PooledEffect, subgroups
from mkba.schema import CHARACTERISTIC_VOCABULARIES, CHARACTERISTICS

__all__ = ["forest_plot", "subgroup_forest_plot"]

_T = {
    "title": ("Baten-kostenverhouding per studie", "Benefit-cost ratio per study"),
    "title_euro": ("{} per studie", "{} per study"),
    "title_by": ("{what} per {group}", "{what} by {group}"),
    "pooled": ("Gepoold", "Pooled"),
    "pi": ("Voorspellingsinterval", "Prediction interval"),
    "subtotal": ("Subtotaal (k = {k})", "Subtotal (k = {k})"),
    "single": ("(één studie, niet getoetst)", "(one study, not tested)"),
    "column": ("Waarde [{pct}-BI]", "Value [{pct} CI]"),
    "weight": ("Gewicht", "Weight"),
    "squares": ("Vierkant: schatting per studie, oppervlak naar gewicht; lijn: {pct}-BI. "
                "Ruit: gepoolde schatting met BI; streeplijn met uiteinden: VI.",
                "Square: estimate per study, area by weight; line: {pct} CI. Diamond: "
                "pooled estimate with CI; line with caps: PI."),
    "q_between": ("Verschil tussen subgroepen, {}.", "Difference between subgroups, {}."),
    "by_weight": ("Gewichten binnen de subgroep.", "Weights within the subgroup."),
}


_t = style.texts(_T)


def _title(pooled: PooledStudies, lang: str) -> str:
    if pooled.log_scale:
        return _t("title", lang)
    return _t("title_euro", lang).format(P.value_label(pooled, lang).split(" (")[0])


def _diamond(ax: Axes, p: PooledEffect, y: float, pooled: PooledStudies, gid: str,
             height: float = 0.32) -> None:
    s = pooled.shown
    xy = [(s(p.ci_low), y), (s(p.estimate), y + height), (s(p.ci_high), y),
          (s(p.estimate), y - height)]
    ax.add_patch(Polygon(xy, closed=True, facecolor="#000000", edgecolor="#000000", zorder=3,
                         gid=gid))


def _pi(ax: Axes, p: PooledEffect, y: float, pooled: PooledStudies) -> None:
    s = pooled.shown
    ax.plot([s(p.pi_low), s(p.pi_high)], [y, y], color="#000000", linewidth=1.2,
            linestyle="-", marker="|", markersize=9, gid="prediction-interval")


def _studies(ax: Axes, rows, ys, weights, pooled: PooledStudies, many: bool) -> None:
    s = pooled.shown
    lows = [s(r["low"]) for r in rows]
    highs = [s(r["high"]) for r in rows]
    ax.hlines(ys, lows, highs, color="#000000", linewidth=1.0, zorder=2, gid="study-intervals")
    top = max(weights) if weights else 1.0
    # squares fit their row: rows of many studies are 10 points apart
    low, span = (6, 40) if many else (25, 140)
    sizes = [low + span * w / top for w in weights]
    faces = ["white" if r["flagged"] else style.OKABE_ITO["blue"] for r in rows]
    ax.scatter([s(r["effect"]) for r in rows], ys, s=sizes, marker="s", c=faces,
               edgecolors="#000000", linewidths=0.8, zorder=4, gid="studies")


def _column(ax: Axes, ys, texts, weights, lang: str, header_y: float, level: float) -> None:
    """The values and weights as text to the right of the axes (offsets in points)."""
    em = style.row_fontsize(len(ys))
    kw = {"xycoords": ("axes fraction", "data"), "textcoords": "offset points",
          "fontsize": em, "va": "center", "annotation_clip": False}
    header, weight = _t("column", lang).format(pct=P.level_text(level, lang)), _t("weight", lang)
    # the weights right-aligned after the widest value text, with a gap of 14 points; widths
    # measured (the header is bold), so that the two headers never run together
    head = ax.annotate(header, (1, header_y), (8, 0), ha="left", fontweight="bold", **kw)
    longest = max(texts, key=len)
    value_width = max(_width(head), _width(ax.annotate(longest, (1, header_y), (8, 0),
                                                       ha="left", **kw), remove=True))
    weight_head = ax.annotate(weight, (1, header_y), (0, 0), ha="right", fontweight="bold",
                              **kw)
    weight_width = max(_width(weight_head), _width(ax.annotate(
        formatting.percent(1.0, lang, 1), (1, header_y), (0, 0), ha="right", **kw),
        remove=True))
    right = 8 + value_width + 14 + weight_width
    weight_head.set_position((right, 0))
    for y, label, w in zip(ys, texts, weights, strict=True):
        # one value text (the longest) takes part in the layout for all: the others lie in
        # the same column, and leaving them out halves the work of laying out 100 rows
        ann = ax.annotate(label, (1, y), (8, 0), ha="left", **kw)
        ann.set_in_layout(label is longest)
        if w is not None:
            ax.annotate(formatting.percent(w, lang, 1), (1, y), (right, 0), ha="right",
                        **kw).set_in_layout(False)


def _width(text, *, remove: bool = False) -> float:
    """The width of a text in points, as drawn at the figure's resolution."""
    fig = text.get_figure()
    width = text.get_window_extent(fig._get_renderer()).width * 72.0 / fig.dpi
    if remove:
        text.remove()
    return width


def _extent(pooled: PooledStudies, rows, effects: list[PooledEffect]):
    s = pooled.shown
    values = [s(r[side]) for r in rows for side in ("low", "high")]
    for p in effects:
        values += [s(p.pi_low), s(p.pi_high), s(p.ci_low), s(p.ci_high)]
    return min(values), max(values)


def _sorted_rows(pooled: PooledStudies, table):
    """The studies of ``table`` as dicts, largest effect first, each with its own interval at
    the pooled level (``low``, ``high``: :func:`mkba.evidence.study_intervals`)."""
    low, high = study_intervals(table, level=pooled.pooled.level,
                                coverage=pooled.evidence.coverage)
    rows = [{**r, "low": lo, "high": hi}
            for r, lo, hi in zip(table.to_dict(orient="records"), low, high, strict=True)]
    return sorted(rows, key=lambda r: (-r["effect"], r["study_id"]))


def forest_plot(pooled: PooledStudies, *, ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Forest plot: each study's effect with its interval, the pooled diamond and the PI.

    For benefit-cost ratios (measure ``log_bcr``) the x axis is a log scale of the ratio with
    the line ratio = 1; for euro measures a linear scale with the line at 0. Studies are
    sorted by effect (largest on top). The values, intervals and weights are written to the
    right of the axes.

    Parameters
    ----------
    pooled : PooledStudies
        From :func:`mkba.analysis.pool_studies`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when None.
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.plots._examples import example_studies
    >>> pooled = pool_studies(example_studies(), draws=200)
    >>> ax = forest_plot(pooled, lang="en")
    >>> ax.get_xscale(), ax.get_title()
    ('log', 'Benefit-cost ratio per study')
    """
    pooled, lang = P.checked(pooled), check_lang(lang)
    rows = _sorted_rows(pooled, pooled.evidence.table)
    n = len(rows)
    ax = style.axes(ax, (8.5, style.row_height(n + 3)))
    weight_of = dict(zip(pooled.evidence.labels, pooled.pooled.weights, strict=True))
    weights = [weight_of[r["study_id"]] for r in rows]
    ys = [float(-i) for i in range(n)]
    y_pooled, y_pi = -n - 0.6, -n - 1.6
    _studies(ax, rows, ys, weights, pooled, n > style.MANY)
    p = pooled.pooled
    _diamond(ax, p, y_pooled, pooled, "pooled")
    _pi(ax, p, y_pi, pooled)
    _layout.row_labels(ax, ys + [y_pooled, y_pi],
                       [P.study_label(r) for r in rows] + [_t("pooled", lang), _t("pi", lang)],
                       lim=(y_pi - 0.8, 1.0), bold=[n])
    P.value_axis(ax, pooled, *_extent(pooled, rows, [p]), lang)
    texts = [f"{P.fmt(pooled, r['effect'], lang)} {P.interval(pooled, r['low'], r['high'], lang)}"
             for r in rows]
    texts += [f"{P.fmt(pooled, p.estimate, lang)} {P.interval(pooled, p.ci_low, p.ci_high, lang)}",
              P.interval(pooled, p.pi_low, p.pi_high, lang)]
    _column(ax, ys + [y_pooled, y_pi], texts, weights + [1.0, None], lang, 0.9, p.level)
    return P.finish(ax, pooled, lang, _title(pooled, lang), P.value_label(pooled, lang),
                    style.text("study", lang),
                    _t("squares", lang).format(pct=P.level_text(p.level, lang)))


def _subgroup_result(pooled: PooledStudies, by: str | None):
    if by is None:
        by = pooled.by
    if by is None:
        raise ArgumentError(Text("by=None is hier niet toegestaan: de gepoolde analyse heeft geen "
                                 "subgroepen; geef een van {options}", "by=None is not allowed "
                                 "here: the pooled analysis has no subgroups; give one of "
                                 "{options}", options=list(CHARACTERISTICS)))
    if by not in CHARACTERISTICS:
        raise ArgumentError(Text("by={by} is niet toegestaan; gebruik een van {options}",
                                 "by={by} is not allowed; use one of {options}",
                                 by=short_repr(by), options=list(CHARACTERISTICS)))
    if pooled.by == by and pooled.subgroups is not None:
        return by, pooled.subgroups
    p, ev = pooled.pooled, pooled.evidence
    # The same call as mkba.analysis.pool_studies(by=...) makes, on the same evidence.
    return by, subgroups(ev.effects, ev.variances, list(ev.table[by]), method=p.method,
                         ci=p.ci_method, level=p.level)


def subgroup_forest_plot(pooled: PooledStudies, *, by: str | None = None, ax: Axes | None = None,
                         lang: str = "nl") -> Axes:
    """Forest plot by subgroup: the studies of each group, the group's diamond, and overall.

    Parameters
    ----------
    pooled : PooledStudies
        From :func:`mkba.analysis.pool_studies`, with or without ``by``.
    by : str, optional
        A study characteristic (:data:`mkba.evidence.CHARACTERISTICS`); default the ``by`` of
        ``pooled``. When it differs, the subgroups are pooled here from ``pooled.evidence`` with
        the same method, interval and level.
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.plots._examples import example_studies
    >>> pooled = pool_studies(example_studies(), draws=200)
    >>> ax = subgroup_forest_plot(pooled, by="scale", lang="en")
    >>> ax.get_title()
    'Benefit-cost ratio by scale'
    """
    pooled, lang = P.checked(pooled), check_lang(lang)
    by, groups = _subgroup_result(pooled, by)
    table = pooled.evidence.table
    weight_of = {}
    y, ys, labels, texts, weights, bold = 0.0, [], [], [], [], []
    n_rows = len(table) + 2 * len(groups.groups) + 3
    ax = style.axes(ax, (8.5, style.row_height(n_rows)))
    vocab = CHARACTERISTIC_VOCABULARIES[by]
    all_rows = []
    for group, result, single in zip(groups.groups, groups.results, groups.single_study,
                                     strict=True):
        rows = _sorted_rows(pooled, table[table[by] == group])
        all_rows += rows
        weight_of.update(zip([r["study_id"] for r in _id_order(table, group, by)],
                             result.weights, strict=True))
        ys.append(y)
        labels.append(style.code_label(vocab, group, lang))
        texts.append("")
        weights.append(None)
        bold.append(len(labels) - 1)
        y -= 1
        study_ys = [y - i for i in range(len(rows))]
        _studies(ax, rows, study_ys, [weight_of[r["study_id"]] for r in rows], pooled,
                 len(table) > style.MANY)
        for r, yy in zip(rows, study_ys, strict=True):
            ys.append(yy)
            labels.append("   " + P.study_label(r))
            texts.append(f"{P.fmt(pooled, r['effect'], lang)} "
                         f"{P.interval(pooled, r['low'], r['high'], lang)}")
            weights.append(weight_of[r["study_id"]])
        y -= len(rows)
        _diamond(ax, result, y, pooled, f"subgroup-{group}", height=0.26)
        ys.append(y)
        labels.append("   " + _t("subtotal", lang).format(k=result.k)
                      + (" " + _t("single", lang) if single else ""))
        texts.append(f"{P.fmt(pooled, result.estimate, lang)} "
                     f"{P.interval(pooled, result.ci_low, result.ci_high, lang)}")
        weights.append(None)
        y -= 1.5
    p = pooled.pooled
    _diamond(ax, p, y, pooled, "pooled")
    _pi(ax, p, y - 1, pooled)
    ys += [y, y - 1]
    labels += [_t("pooled", lang), _t("pi", lang)]
    bold.append(len(labels) - 2)
    texts += [f"{P.fmt(pooled, p.estimate, lang)} {P.interval(pooled, p.ci_low, p.ci_high, lang)}",
              P.interval(pooled, p.pi_low, p.pi_high, lang)]
    weights += [None, None]
    _layout.row_labels(ax, ys, labels, lim=(y - 1.8, 1.0), bold=bold)
    P.value_axis(ax, pooled, *_extent(pooled, all_rows, [p, *groups.results]), lang)
    _column(ax, ys, texts, weights, lang, 0.9, p.level)
    what = _title(pooled, lang).split(" per ")[0]
    group = style.characteristic_label(by, lang, lower=True)
    title = _t("title_by", lang).format(what=what, group=group)
    untested = [style.code_label(vocab, g, lang) for g in groups.untested_groups]
    q = _t("q_between", lang).format("; ".join(
        subgroup_tests(groups, untested, lang, euro_scale=not pooled.log_scale)))
    return P.finish(ax, pooled, lang, title, P.value_label(pooled, lang),
                    style.characteristic_label(by, lang),
                    _t("squares", lang).format(pct=P.level_text(p.level, lang)),
                    _t("by_weight", lang), q)


def _id_order(table, group, by):
    """The rows of ``group`` in evidence order (the order of the group's weights)."""
    return table[table[by] == group].to_dict(orient="records")
