"""Outcomes over time and against scale: payback curves (:func:`payback_plot`) and cost per
household against the benefit-cost ratio (:func:`cost_ratio_plot`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from mkba import formatting
from mkba.appraisal import Appraisal
from mkba.messages import check_lang
from mkba.plots import _layout, _numbers, _studies, style
from mkba.schema import Study

__all__ = ["payback_plot", "cost_ratio_plot"]

_T = {
    "title_pb": ("Maatschappelijk terugverdiend? Gecumuleerd saldo van alle actoren samen",
                 "Paid back to society? Cumulative balance of all actors together"),
    "y_pb": ("Gecumuleerde maatschappelijke netto contante\nwaarde per huishouden (€, "
             "prijspeil {py})",
             "Cumulative societal net present value\nper household (€, {py} prices)"),
    "median": ("Mediaan van de studies", "Median of the studies"),
    "studies_lines": ("Eén lijn per studie ({n})", "One line per study ({n})"),
    "paid_back": ("Maatschappelijk terugverdiend binnen de looptijd: {k} van de {n} studies{y}.",
                  "Paid back to society within the horizon: {k} of the {n} studies{y}."),
    "median_year": ("; mediaan jaar {}", "; median year {}"),
    "x_rel": ("Jaar sinds de start (1 = eerste jaar van de studie)",
              "Year since the start (1 = the study's first year)"),
    "x_abs": ("Kalenderjaar", "Calendar year"),
    "never": ("niet", "never"),
    "note_pb": ("Maatschappelijk: baten en kosten van alle actoren samen, niet de begroting van "
                "de gemeente (die betaalt het meeste en ontvangt een deel van de baten; zie de "
                "figuur per actor). Alleen studies met jaarlijkse stromen. Tussen haakjes het "
                "jaar van maatschappelijk terugverdienen: het eerste jaar vanaf wanneer het "
                "gecumuleerde contante saldo niet meer negatief is.",
                "Societal: benefits and costs of all actors together, not the municipality's "
                "budget (which pays most and receives part of the benefits; see the figure per "
                "actor). Only studies with yearly flows. In brackets the year paid back to "
                "society: the first year from which the cumulative discounted balance stays "
                "non-negative."),
    "note_pb_many": ("Maatschappelijk: baten en kosten van alle actoren samen, niet de begroting "
                     "van de gemeente (die betaalt het meeste en ontvangt een deel van de baten; "
                     "zie de figuur per actor). Alleen studies met jaarlijkse stromen; dunne "
                     "grijze lijnen: de studies, dikke lijn: per jaar de mediaan van de studies "
                     "die zo lang lopen, zolang dat ten minste de helft is.",
                     "Societal: benefits and costs of all actors together, not the "
                     "municipality's budget (which pays most and receives part of the benefits; "
                     "see the figure per actor). Only studies with yearly flows; thin grey "
                     "lines: the studies, thick line: per year the median of the studies that "
                     "run that long, while they are at least half."),
    "title_cr": ("Kosten per huishouden en baten-kostenverhouding",
                 "Cost per household and benefit-cost ratio"),
    "x_cr": ("Kosten per huishouden (contante waarde, €, prijspeil {py})",
             "Costs per household (present value, €, {py} prices)"),
    "y_cr": ("Baten-kostenverhouding (€ baten per € kosten)",
             "Benefit-cost ratio (€ benefits per € costs)"),
    "households": ("Bereikte huishoudens", "Households reached"),
    "approach": ("Type aanpak", "Approach type"),
    "note_cr": ("Oppervlak van de bol naar het aantal bereikte huishoudens; boven de stippellijn "
                "(verhouding 1) zijn de baten groter dan de kosten.",
                "Bubble area by the number of households reached; above the dashed line "
                "(ratio 1) benefits exceed costs."),
}


_t = style.texts(_T)


def payback_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                 ax: Axes | None = None, lang: str = "nl", relative: bool = True) -> Axes:
    """Cumulative societal net present value per household over the years: when is the
    approach paid back to society (all actors together, not the municipality's budget)?

    One line per study with yearly flows (``Appraisal.by_year``); studies that report present
    values only, or have no households, are left out and named (or, when many, counted) in the
    footnote. The legend gives each study's payback year. Above :data:`mkba.plots.style.MANY`
    studies the lines are thin and grey (one collection, gid ``studies``), the median per year
    is drawn bold (gid ``median``), the legend has these two entries and the footnote counts
    the studies paid back with their median year.

    Parameters
    ----------
    appraisals : sequence of Appraisal
        One per study, all at one price year.
    studies : sequence of Study
        The studies of the appraisals.
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}
    relative : bool
        x axis in years since each study's start (default, so that studies of different
        years line up) or in calendar years.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.appraisal import appraise
    >>> from mkba.plots._examples import example_studies
    >>> studies = example_studies()
    >>> ax = payback_plot([appraise(s, price_year=2015) for s in studies], studies, lang="en")
    >>> [line.get_label() for line in ax.get_lines() if line.get_gid().startswith("study:")]
    ['a (never)', 'b (never)', 'c (2017)']
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_flows", "no_households")
    many = len(used) > style.MANY
    ax = style.axes(ax, (9.0, 5.2 if many else max(5.2, 2.4 + 0.17 * len(used))))
    curves = []
    for a, _ in used:
        years = a.by_year["year"].to_numpy()
        curves.append((years - years[0] + 1 if relative else years,
                       a.by_year["cumulative_pv_net"].to_numpy() / a.households))
    extra = []
    if many:  # one grey line per study, the median bold; the legend summarised
        ax.add_collection(LineCollection([np.column_stack(c) for c in curves],
                                         colors="#9A9A9A", linewidths=0.6, gid="studies",
                                         label=_t("studies_lines", lang).format(n=len(used))))
        by_x: dict = {}
        for x, y in curves:
            for xx, yy in zip(x, y, strict=True):
                by_x.setdefault(float(xx), []).append(float(yy))
        # the median only while at least half of the studies run: later years would be the
        # median of a few long studies
        xs = sorted(x for x in by_x if 2 * len(by_x[x]) >= len(curves))
        ax.plot(xs, [float(np.median(by_x[x])) for x in xs], color="#000000", linewidth=2.2,
                gid="median", label=_t("median", lang))
        ax.autoscale_view()
        years = [a.payback_year - a.by_year["year"].iloc[0] + 1 if relative else a.payback_year
                 for a, _ in used if a.payback_year is not None]
        when = _t("median_year", lang).format(
            formatting.number(float(np.median(years)), 1, lang, trim=True)) if years else ""
        extra.append(_t("paid_back", lang).format(k=len(years), n=len(used), y=when))
    else:
        for i, ((a, _), (x, y)) in enumerate(zip(used, curves, strict=True)):
            when = str(a.payback_year) if a.payback_year is not None else _t("never", lang)
            ax.plot(x, y, markersize=5, linewidth=1.4, label=f"{a.study_id} ({when})",
                    gid=f"study:{a.study_id}", markerfacecolor="white" if i % 2 else None,
                    **style.point_style(i))
    if used:
        _layout.side_legend(ax, handlelength=3.0)
    else:
        style.no_data(ax, lang)
    style.reference_line(ax, 0.0, axis="y")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if not relative:
        ax.xaxis.set_major_formatter(lambda x, _pos: formatting.year(x))
    _numbers.euro_axis(ax, lang, "y")
    _layout.grid(ax)
    return _studies.finish(ax, pairs, used, left_out, lang, _t("title_pb", lang),
                           _t("x_rel" if relative else "x_abs", lang),
                           _t("y_pb", lang).format(py=pairs[0][0].price_year),
                           _t("note_pb_many" if many else "note_pb", lang), *extra,
                           pv_mark=False)


def _size_scale(households: Sequence[int]) -> float:
    """Marker area in points² per household: the largest study 700 points², or 250 when
    there are many studies (more than :data:`mkba.plots.style.MANY`), so they cover less."""
    return (700.0 if len(households) <= style.MANY else 250.0) / max(households)


def _nice(x: float) -> int:
    """The largest of 1, 2, 5 x 10^k that is at most ``x`` (at least 1)."""
    if x < 1:
        return 1
    power = 10 ** math.floor(math.log10(x))
    return max(m * power for m in (1, 2, 5) if m * power <= x)


def _round_sizes(largest: int) -> list[int]:
    """Up to three round household numbers for the size legend."""
    return sorted({_nice(largest / 16), _nice(largest / 4), _nice(largest)})


def cost_ratio_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                    ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Costs per household against the benefit-cost ratio; bubble area = households reached.

    Colour and marker show the approach type; a dashed line marks ratio = 1. Studies without
    a ratio (no costs) or without households are left out and named in the footnote.

    Parameters
    ----------
    appraisals : sequence of Appraisal
        One per study, all at one price year.
    studies : sequence of Study
        The studies of the appraisals (approach type, illustrative flag).
    ax : matplotlib.axes.Axes, optional
    lang : {"nl", "en"}

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from mkba.appraisal import appraise
    >>> from mkba.plots._examples import example_studies
    >>> studies = example_studies()
    >>> ax = cost_ratio_plot([appraise(s, price_year=2015) for s in studies], studies)
    >>> sum(len(c.get_offsets()) for c in ax.collections)  # one bubble per study
    4
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_costs", "no_households")
    ax = style.axes(ax, (9.0, 5.6))
    style.reference_line(ax, 1.0, axis="y")
    k = 1.0
    if used:
        k = _size_scale([a.households for a, _ in used])
        types = sorted({s.approach_type for _, s in used},
                       key=lambda c: (style.vocab_position("approach_types", c), c))
        handles = [Patch(visible=False)]
        labels = [_t("approach", lang)]
        for code in types:
            group = [(a, s) for a, s in used if s.approach_type == code]
            look = style.point_style(style.vocab_position("approach_types", code))
            ax.scatter([a.pv_costs_per_household for a, _ in group], [a.bcr for a, _ in group],
                       s=[max(30.0, k * a.households) for a, _ in group], marker=look["marker"],
                       color=look["color"], alpha=0.8 if len(used) <= style.MANY else 0.7,
                       edgecolors="black", linewidths=0.6,
                       zorder=3, gid=f"approach:{code}")
            handles.append(Line2D([], [], linestyle="", marker=look["marker"], markersize=8,
                                  color=look["color"], markeredgecolor="black",
                                  markeredgewidth=0.6))
            labels.append(style.code_label("approach_types", code, lang))
        handles.append(Patch(visible=False))
        labels.append(_t("households", lang))
        for n in _round_sizes(max(a.households for a, _ in used)):
            handles.append(Line2D([], [], linestyle="", marker="o", markerfacecolor="#BBBBBB",
                                  markeredgecolor="black", markersize=math.sqrt(k * n)))
            labels.append(_numbers.num(n, 0, lang))
        _layout.side_legend(ax, handles, labels, bold=(0, len(types) + 1), labelspacing=1.3)
        ratios = [a.bcr for a, _ in used]
        ax.set_ylim(0, max(max(ratios), 1.0) * 1.12)
        ax.set_xlim(0, max(a.pv_costs_per_household for a, _ in used) * 1.12)
    else:
        style.no_data(ax, lang)
    _numbers.euro_axis(ax, lang)
    ax.yaxis.set_major_formatter(_numbers.ratio_formatter(lang))
    _layout.grid(ax)
    _studies.finish(ax, pairs, used, left_out, lang, _t("title_cr", lang),
                    _t("x_cr", lang).format(py=pairs[0][0].price_year), _t("y_cr", lang),
                    _t("note_cr", lang))
    if used:
        style.place_labels(ax, [a.pv_costs_per_household for a, _ in used],
                           [a.bcr for a, _ in used], [_studies.label(a) for a, _ in used],
                           sizes=[max(30.0, k * a.households) for a, _ in used], lang=lang)
    return ax
