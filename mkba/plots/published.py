"""The published benefit-cost ratios as a dot plot, kept apart from the recomputed studies.

Each published ratio of a headline-only study (:class:`mkba.headlines.PublishedStudy`) is one
row, drawn as what it is: an estimate as a dot, a lower bound ("ruim 1,90") as a tick with an
arrow pointing right from the value, an upper bound ("tot 2 euro") as a tick with an arrow
pointing left, a range as a line between its ends. A figure read indirectly (status
``inferred``) is drawn open and dashed. None of these figures enters a pooled estimate; the
pooled ratio of the recomputed studies may be drawn below them, on a row of its own under a
dividing line, as a grey band for comparison.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.axes import Axes

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.errors import ArgumentError
from mkba.headlines import (
    HEADLINE_MEASURES,
    SCOPES,
    PublishedStudy,
    headline_text,
    published_order,
)
from mkba.messages import Text, check_lang
from mkba.plots import _layout, _numbers, style
from mkba.plots import _pooled as P

__all__ = ["published_plot", "published_ratios"]

#: How far (a factor on the ratio axis) the arrow of a bound reaches from its value.
ARROW_FACTOR = 1.45
_COLOUR = style.OKABE_ITO["vermillion"]
_BAND = "#BDBDBD"

_T = {
    "title": ("Gepubliceerde baten-kostenverhoudingen", "Published benefit-cost ratios"),
    "ylabel": ("Gepubliceerde studie", "Published study"),
    "pooled": ("Gepoold, herberekende studies (k = {k})", "Pooled, recomputed studies (k = {k})"),
    "column": ("Zoals gepubliceerd", "As published"),
    "basis": ("Basis: elk cijfer zoals gepubliceerd, op de eigen basis van de studie "
              "(prijsjaar, discontovoet, perspectief, soort); niet herberekend en in geen enkele "
              "gepoolde uitkomst meegeteld.",
              "Basis: each figure as published, on the study's own basis (price year, discount "
              "rate, perspective, kind); not recomputed and counted in no pooled result."),
    "marks": ("Stip: schatting; streep met pijl naar rechts: ondergrens (minstens); streep met "
              "pijl naar links: bovengrens (hoogstens); lijn: bandbreedte; open of gestreept: "
              "afgeleid, niet letterlijk gelezen.",
              "Dot: estimate; tick with an arrow pointing right: lower bound (at least); tick "
              "with an arrow pointing left: upper bound (at most); line: range; open or dashed: "
              "inferred, not read literally."),
    "perspective": ("* Perspectief niet dat van de maatschappij (de gemeente, of onbekend).",
                    "* Perspective not that of society (the municipality, or unknown)."),
    "band": ("Grijze band onder de lijn: de gepoolde verhouding van de {k} herberekende studies "
             "met {pct}-BI, alleen ter vergelijking.",
             "Grey band below the line: the pooled ratio of the {k} recomputed studies with its "
             "{pct} CI, for comparison only."),
    "others": ("{n} andere kopcijfers (bedragen, percentages) staan in de tabel.",
               "{n} other headline figures (amounts, percentages) are in the table."),
    "other": ("1 ander kopcijfer (een bedrag of percentage) staat in de tabel.",
              "1 other headline figure (an amount or percentage) is in the table."),
    "notice": ("De grijze band komt uit illustratieve voorbeeldstudies, niet uit gepubliceerde "
               "MKBA's",
               "The grey band comes from illustrative example studies, not from published "
               "SCBAs"),
}
_t = style.texts(_T)


def _checked(published) -> tuple[PublishedStudy, ...]:
    published = tuple(published)
    bad = [type(s).__name__ for s in published if not isinstance(s, PublishedStudy)]
    if bad:
        raise ArgumentError(Text("published=[{bad}] is niet toegestaan; geef "
                                 "PublishedStudy-objecten (mkba.io.read_register)",
                                 "published=[{bad}] is not allowed; give PublishedStudy objects "
                                 "(mkba.io.read_register)", bad=bad))
    return published


def _label(study: PublishedStudy, lang: str) -> str:
    label = study.municipality + (f", {study.year}" if study.year is not None else "")
    if study.scope != "team":
        label += f" ({SCOPES[study.scope][lang == 'en']})"
    if study.illustrative:
        label += " (illustrative)" if lang == "en" else " (illustratief)"
    return label


def published_ratios(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """The rows of :func:`published_plot`: every published benefit-cost ratio, top to bottom,
    the studies in the order of :func:`mkba.headlines.published_order`.

    Returns
    -------
    list of dict
        Per ratio: ``study_id``, ``label`` (municipality, year, scope), ``bound``, ``value``,
        ``low``, ``high``, ``status``, ``perspective`` and ``text`` (the figure with its kind,
        as :func:`mkba.headlines.headline_text` writes it, without the measure's name).

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> rows = published_ratios(read_register(), "en")
    >>> [(r["study_id"], r["bound"], r["text"]) for r in rows][:2]
    [('amsterdam-west-2014-buurtpraktijkteam', 'upper', '≤ 2 (upper bound)'), \
('amsterdam-nieuw-west-2021-vonl', 'lower', '≥ 1.9 (lower bound)')]
    """
    lang = check_lang(lang)
    studies = sorted(_checked(published), key=published_order)
    rows = []
    for s in studies:
        for h in s.headlines:
            if h.measure != "bcr":
                continue
            name = HEADLINE_MEASURES[h.measure][lang == "en"]
            rows.append({"study_id": s.id, "label": _label(s, lang), "bound": h.bound,
                         "value": h.value, "low": h.low, "high": h.high, "status": h.status,
                         "perspective": h.perspective,
                         "text": headline_text(h, lang).removeprefix(name + " ")})
    return rows


def _draw(ax: Axes, row: dict, y: float) -> None:
    inferred = row["status"] == "inferred"
    line = {"color": _COLOUR, "linewidth": 1.6, "linestyle": "--" if inferred else "-"}
    face = "white" if inferred else _COLOUR
    if row["bound"] == "estimate":
        ax.scatter([row["value"]], [y], s=46, marker="o", facecolors=face, edgecolors=_COLOUR,
                   linewidths=1.4, zorder=4, gid="published-estimate")
    elif row["bound"] == "range":
        ax.plot([row["low"], row["high"]], [y, y], marker="|", markersize=10, zorder=3,
                gid="published-range", **line)
    else:
        value = row["value"]
        tip = value * ARROW_FACTOR if row["bound"] == "lower" else value / ARROW_FACTOR
        ax.plot([value], [y], marker="|", markersize=12, markeredgewidth=2.0, color=_COLOUR,
                zorder=4, gid=f"published-{row['bound']}-value")
        arrow = ax.annotate("", xy=(tip, y), xytext=(value, y), zorder=3, arrowprops={
            "arrowstyle": "-|>", "mutation_scale": 12, "shrinkA": 0, "shrinkB": 0,
            "color": _COLOUR, "linewidth": 1.6, "linestyle": line["linestyle"]})
        arrow.set_gid(f"published-{row['bound']}")


def _extent(rows: list[dict], pooled: PooledStudies | None) -> tuple[float, float]:
    values = [1.0]
    for r in rows:
        if r["bound"] == "range":
            values += [r["low"], r["high"]]
        elif r["bound"] == "lower":
            values += [r["value"], r["value"] * ARROW_FACTOR]
        elif r["bound"] == "upper":
            values += [r["value"], r["value"] / ARROW_FACTOR]
        else:
            values.append(r["value"])
    if pooled is not None:
        p = pooled.pooled
        values += [pooled.shown(p.ci_low), pooled.shown(p.ci_high)]
    return min(values), max(values)


def _column(ax: Axes, ys: list[float], texts: list[str], header: str) -> None:
    kw = {"xycoords": ("axes fraction", "data"), "textcoords": "offset points",
          "fontsize": 7.5, "va": "center", "ha": "left", "annotation_clip": False}
    top = max(ys) + 0.9
    ax.annotate(header, (1, top), (8, 0), fontweight="bold", **kw)
    for y, text in zip(ys, texts, strict=True):
        ax.annotate(text, (1, y), (8, 0), gid="published-value", **kw)


def published_plot(published: Iterable[PublishedStudy], *, pooled: PooledStudies | None = None,
                   ax: Axes | None = None, lang: str = "nl",
                   illustrative: bool | None = None) -> Axes:
    """Dot plot of the published benefit-cost ratios, each drawn as the kind it is.

    One row per published ratio (:func:`published_ratios`), with its figure as published to the
    right of the axes; a log scale with the line ratio = 1. With ``pooled`` (a pooled analysis
    of benefit-cost ratios) the pooled ratio of the recomputed studies is drawn as a grey band
    (its confidence interval) with a line at the estimate, on a row of its own below a dividing
    line: a reference, never part of the published rows.

    Parameters
    ----------
    published : iterable of PublishedStudy
        Studies without a ratio are left out (the report's table lists every study).
    pooled : PooledStudies, optional
        From :func:`mkba.analysis.pool_studies` with the measure ``log_bcr``; another measure
        is not drawn.
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}
    illustrative : bool, optional
        Whether the pooled band comes from illustrative studies (default: as ``pooled`` says);
        the figure then carries a notice saying so.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> ax = published_plot(read_register(), lang="en")
    >>> ax.get_title(), ax.get_xscale()
    ('Published benefit-cost ratios', 'log')
    """
    lang = check_lang(lang)
    published = _checked(published)
    if pooled is not None:
        pooled = P.checked(pooled)
        if not pooled.log_scale:
            pooled = None
    rows = published_ratios(published, lang)
    n = len(rows)
    ax = style.axes(ax, (8.5, style.row_height(n + 2)))
    ys = [float(-i) for i in range(n)]
    for row, y in zip(rows, ys, strict=True):
        _draw(ax, row, y)
    labels = [r["label"] for r in rows]
    texts = [r["text"] + (" *" if r["perspective"] != "society" else "") for r in rows]
    lines = [_t("basis", lang), _t("marks", lang)]
    if any(r["perspective"] != "society" for r in rows):
        lines.append(_t("perspective", lang))
    bold = []
    if pooled is not None:
        p = pooled.pooled
        y = -n - 0.6
        ax.axhline(-n + 0.2, color="#555555", linewidth=0.8, gid="published-divider")
        ax.fill_betweenx([y - 0.3, y + 0.3], pooled.shown(p.ci_low), pooled.shown(p.ci_high),
                         color=_BAND, linewidth=0, zorder=2, gid="pooled-band")
        ax.plot([pooled.shown(p.estimate)] * 2, [y - 0.3, y + 0.3], color="#000000",
                linewidth=1.4, zorder=3, gid="pooled-estimate")
        ys.append(y)
        labels.append(_t("pooled", lang).format(k=p.k))
        texts.append(f"{P.fmt(pooled, p.estimate, lang)} "
                     f"{P.interval(pooled, p.ci_low, p.ci_high, lang)}")
        bold.append(n)
        lines.append(_t("band", lang).format(k=p.k, pct=formatting.level(p.level, lang)))
    others = sum(h.measure != "bcr" for s in published for h in s.headlines)
    if others:
        lines.append(_t("other", lang) if others == 1 else _t("others", lang).format(n=others))
    lines.append(style.text("not_representative", lang))
    if not ys:
        style.no_data(ax, lang)
    else:
        _layout.row_labels(ax, ys, labels, lim=(min(ys) - 0.8, 1.0), bold=bold)
        _numbers.log_ratio_axis(ax, *_extent(rows, pooled), lang)
        style.reference_line(ax, 1.0)
        _layout.grid(ax, "x")
        _column(ax, ys, texts, _t("column", lang))
    if illustrative is None:
        illustrative = pooled is not None and P.illustrative(pooled)
    style.finish(ax, _t("title", lang), f"{style.text('ratio_axis', lang)}, "
                 f"{style.text('log', lang)}", _t("ylabel", lang))
    style.footnote(ax, lines, lang, illustrative=bool(illustrative and pooled is not None),
                   notice=_t("notice", lang))
    return ax
