"""Costs and benefits per study by category: :func:`costs_benefits_plot` (euros per
household, diverging) and :func:`benefit_composition_plot` (shares of the benefits, 100%).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes

from mkba.appraisal import Appraisal
from mkba.messages import check_lang
from mkba.plots import _bars, _numbers, _studies, style
from mkba.schema import Study

__all__ = ["costs_benefits_plot", "benefit_composition_plot"]

_T = {
    "title_cb": ("Kosten en baten per huishouden per studie",
                 "Costs and benefits per household per study"),
    "x_cb": ("Contante waarde per huishouden: kosten (links) en baten (rechts) "
             "(€, prijspeil {py})",
             "Present value per household: costs (left) and benefits (right) (€, {py} prices)"),
    "costs": ("Kosten", "Costs"), "benefits": ("Baten", "Benefits"),
    "net": ("Netto contante waarde", "Net present value"),
    "note_cb": ("Gesorteerd op netto contante waarde per huishouden (ruit), hoogste boven.",
                "Sorted by net present value per household (diamond), highest on top."),
    "title_comp": ("Samenstelling van de baten per studie",
                   "Composition of the benefits per study"),
    "x_comp": ("Aandeel in de contante waarde van de baten (%)",
               "Share of the present value of the benefits (%)"),
    "note_comp": ("Aandelen van de baten van elke studie zelf (tellen op tot 100%); studies op "
                  "alfabetische volgorde.",
                  "Shares of each study's own benefits (adding up to 100%); studies in "
                  "alphabetical order."),
}


_t = style.texts(_T)


def _segments(a: Appraisal, kind: str, divisor: float, sign: float = 1.0):
    vocab = "cost_categories" if kind == "cost" else "benefit_categories"
    cat = a.by_category[a.by_category["kind"] == kind]
    return [(vocab, str(c), sign * float(v) / divisor)
            for c, v in zip(cat["category"], cat["amount"], strict=True)]


def costs_benefits_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                        ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Costs (left) and benefits (right) per household per study, stacked by category.

    One diverging bar per study: cost categories (greys) to the left of 0, benefit categories
    (colours with hatches) to the right, and a diamond at the net present value per household.
    Studies are sorted by that net value, highest on top; studies without households are left
    out and named in the footnote.

    Parameters
    ----------
    appraisals : sequence of Appraisal
        One per study (e.g. the base cases from :func:`mkba.appraisal.appraise`), all at one
        price year.
    studies : sequence of Study
        The studies of the appraisals (others are ignored): for the illustrative flag.
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
    >>> ax = costs_benefits_plot([appraise(s, price_year=2015) for s in studies], studies)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['c', 'd *', 'b', 'a']
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_households")
    used = _studies.by_net(used)
    ax = style.axes(ax, (9.0, style.row_height(_bars.n_rows(used))))
    rows = [_segments(a, "cost", a.households, -1.0) + _segments(a, "benefit", a.households)
            for a, _ in used]
    _bars.balance_bars(ax, used, rows, lang, {"cost_categories": _t("costs", lang),
                                              "benefit_categories": _t("benefits", lang)},
                       net_label=_t("net", lang))
    return _studies.finish(ax, pairs, used, left_out, lang, _t("title_cb", lang),
                           _t("x_cb", lang).format(py=pairs[0][0].price_year),
                           style.text("study", lang), _t("note_cb", lang),
                           *_bars.grouped_note(used, lang))


def benefit_composition_plot(appraisals: Sequence[Appraisal], studies: Sequence[Study], *,
                             ax: Axes | None = None, lang: str = "nl") -> Axes:
    """Composition of each study's benefits by category, as 100% stacked bars.

    Parameters
    ----------
    appraisals : sequence of Appraisal
        One per study, all at one price year.
    studies : sequence of Study
        The studies of the appraisals.
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
    >>> ax = benefit_composition_plot([appraise(s, price_year=2015) for s in studies], studies)
    >>> sum(len(c.get_paths()) for c in ax.collections)  # 4 studies x 3 benefit categories
    12
    """
    lang = check_lang(lang)
    pairs = style.paired(appraisals, studies)
    used, left_out = _studies.split(pairs, lang, "no_benefits")
    ax = style.axes(ax, (9.0, style.row_height(_bars.n_rows(used))))
    drawn = _bars.study_bars(ax, used, [_segments(a, "benefit", a.pv_benefits) for a, _ in used],
                             lang)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(_numbers.percent_formatter(lang))
    _bars.legend(ax, drawn, lang)
    return _studies.finish(ax, pairs, used, left_out, lang, _t("title_comp", lang),
                           _t("x_comp", lang), style.text("study", lang), _t("note_comp", lang),
                           *_bars.grouped_note(used, lang))
