"""Published headline figures: what a study says about itself, and what may be compared.

Most published MKBAs of social teams are known only by a headline ("tot 2 euro per
geïnvesteerde euro", "netto 1,8 miljoen euro per jaar", "30% goedkoper"). A
:class:`Headline` keeps such a figure as what it is: its measure, whether it is an estimate, a
bound or a range, whose perspective it takes (society or the municipality), whether it is a
present value, a yearly amount or an undiscounted total, its status (read in a public text,
inferred, or not found) and its source.

A headline is never turned into something else: a yearly saving is not a present value, an upper
bound is not an estimate. :func:`left_out_of_pooling` says, for each published study, why its
figures stay out of the pooled estimates, which use only studies recomputed from their line items
on the common basis.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkba import formatting
from mkba.messages import Text, joined

__all__ = [
    "HEADLINE_MEASURES", "BOUNDS", "PERSPECTIVES", "PERIODS", "STATUSES", "SCOPES",
    "Headline", "PublishedStudy", "left_out_of_pooling", "headline_text", "published_order",
]

#: Measure code -> (Dutch, English, kind): kind is "ratio", "share" or "euro".
HEADLINE_MEASURES: dict[str, tuple[str, str, str]] = {
    "bcr": ("baten-kostenverhouding", "benefit-cost ratio", "ratio"),
    "net_pv": ("netto contante waarde", "net present value", "euro"),
    "pv_costs": ("contante waarde kosten", "present value of costs", "euro"),
    "pv_benefits": ("contante waarde baten", "present value of benefits", "euro"),
    "yearly_saving": ("besparing per jaar", "saving per year", "euro"),
    "saving": ("besparing", "saving", "euro"),
    "cost_reduction_pct": ("kostenreductie", "cost reduction", "share"),
    "return_pct": ("maatschappelijk rendement", "social return", "share"),
}
#: The period a measure in euros must have: present value, per year or an undiscounted total.
MEASURE_PERIOD = {"net_pv": "present_value", "pv_costs": "present_value",
                  "pv_benefits": "present_value", "yearly_saving": "per_year", "saving": "total"}
#: Whether the figure is an estimate, a lower or upper bound, or a range without a centre.
BOUNDS = {"estimate": ("schatting", "estimate"), "lower": ("ondergrens", "lower bound"),
          "upper": ("bovengrens", "upper bound"), "range": ("bandbreedte", "range")}
PERSPECTIVES = {"society": ("maatschappij", "society"),
                "municipality": ("gemeente", "municipality"),
                "unknown": ("onbekend", "unknown")}
PERIODS = {"present_value": ("contante waarde", "present value"),
           "per_year": ("per jaar", "per year"), "total": ("totaal, niet verdisconteerd",
                                                            "total, not discounted")}
#: verified: read in a public text at the source; inferred: derived, not read literally;
#: not_found: no figure could be found in public sources.
STATUSES = {"verified": ("gecontroleerd", "verified"), "inferred": ("afgeleid", "inferred"),
            "not_found": ("niet gevonden", "not found")}
#: team: a social (neighbourhood) team or integrated approach; related: an adjacent approach;
#: meta: a meta-analysis of several studies.
SCOPES = {"team": ("sociaal (wijk)team", "social (neighbourhood) team"),
          "related": ("verwante aanpak", "related approach"),
          "meta": ("meta-analyse", "meta-analysis")}


@dataclass(frozen=True)
class Headline:
    """One published headline figure, as published.

    Attributes
    ----------
    measure : str
        Key of :data:`HEADLINE_MEASURES`.
    value, low, high : float or None
        The figure (a share as a fraction: 0.3 for 30%); a range has low and high.
    bound : str
        Key of :data:`BOUNDS`.
    perspective : str
        Key of :data:`PERSPECTIVES`.
    period : str or None
        Key of :data:`PERIODS` for a measure in euros; None for a ratio or share.
    status : str
        Key of :data:`STATUSES`.
    source : str
        Where the figure was read (a URL), and where in it.
    price_year : int or None
    rate : float or None
        The study's own price year and discount rate, where known.
    note : str
        What the figure is and is not, in the register's own words.
    """

    measure: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    perspective: str
    period: str | None
    status: str
    source: str
    price_year: int | None = None
    rate: float | None = None
    note: str = ""


@dataclass(frozen=True)
class PublishedStudy:
    """A published MKBA or business case known by its metadata and headline figures.

    Attributes
    ----------
    id, scope, municipality, approach : str
    approach_type : str or None
        Code of the ``approach_types`` vocabulary, when the approach is one of the five types.
    year : int or None
    bureau, commissioner : str
    evaluation : str or None
        Code of the ``evaluations`` vocabulary.
    cases : int or None
        Households or cases studied.
    status : str
        Status of the study's figures (:data:`STATUSES`); ``not_found`` without headlines.
    source : str
        The study's main source (URL).
    headlines : tuple of Headline
    note : str
    file : str
        The file it was read from.
    cell : str
        Where its id is in that file: ``A5`` (a register's row) or ``Studie!B2`` (a workbook).
    recomputed : bool
        True for the published figures of a study whose workbook also holds its line items: the
        study itself is recomputed (under the same id) and pooled as such; these figures are
        kept as published, beside it.
    layout : str
        The layout the workbook was read with (``template``, ``mapping``, ``cockpit``); empty
        for a study of the register.
    """

    id: str
    scope: str
    municipality: str
    approach: str
    approach_type: str | None
    year: int | None
    bureau: str
    commissioner: str
    evaluation: str | None
    cases: int | None
    status: str
    source: str
    headlines: tuple[Headline, ...] = ()
    note: str = ""
    file: str = ""
    cell: str = ""
    recomputed: bool = False
    illustrative: bool = False
    layout: str = ""


def published_order(study: PublishedStudy) -> tuple:
    """The sort key of the published studies, in the report's table and its figure: studies
    of social teams first, then related approaches, then meta-analyses; within each by year
    (unknown last), municipality and id."""
    scopes = list(SCOPES)
    return (scopes.index(study.scope) if study.scope in scopes else len(scopes),
            study.year if study.year is not None else 9999, study.municipality, study.id)


def left_out_of_pooling(study: PublishedStudy) -> Text:
    """Why a published study's figures stay out of the pooled estimates.

    Every headline-only study stays out: the pooled estimates use only studies recomputed from
    their line items on the common basis. The published figures of a study that is also
    recomputed (``recomputed``) stay out too: the study counts through its recomputation. The
    reason names what its figures are on top.

    Examples
    --------
    >>> h = Headline("bcr", 2.0, None, None, "upper", "society", None, "verified", "x")
    >>> s = PublishedStudy("a", "team", "A", "B", None, 2014, "", "", None, None,
    ...                    "verified", "x", (h,))
    >>> print(left_out_of_pooling(s))
    alleen kopcijfers, niet herberekend op de gemeenschappelijke basis; bovengrens
    """
    if study.recomputed:
        reasons = [Text("de kopcijfers zoals gepubliceerd; de studie zelf is herberekend uit "
                        "haar posten en telt zo mee", "the headline figures as published; the "
                        "study itself is recomputed from its line items and counts as such")]
    elif study.headlines:
        reasons = [Text("alleen kopcijfers, niet herberekend op de gemeenschappelijke basis",
                        "headline figures only, not recomputed on the common basis")]
    else:
        reasons = [Text("geen kopcijfer gevonden", "no headline figure found")]
    if study.scope == "meta":
        reasons.append(Text("een meta-analyse, geen afzonderlijke studie",
                            "a meta-analysis, not a single study"))
    seen = set()
    for h in study.headlines:
        for why in _not_comparable(h):
            if why not in seen:
                seen.add(why)
                reasons.append(why)
    return joined(reasons)


def _not_comparable(h: Headline) -> list[Text]:
    out = []
    if h.bound != "estimate":
        out.append(_label(BOUNDS, h.bound))
    if HEADLINE_MEASURES[h.measure][2] != "ratio":
        out.append(Text("geen baten-kostenverhouding", "not a benefit-cost ratio"))
    if h.period in ("per_year", "total"):
        out.append(_label(PERIODS, h.period))
    if h.perspective != "society":
        out.append(Text("perspectief: {p}", "perspective: {p}", p=_label(PERSPECTIVES,
                                                                         h.perspective)))
    if h.status == "inferred":
        out.append(_label(STATUSES, "inferred"))
    return out


def _label(table: dict, code: str) -> Text:
    nl, en = table[code][:2]
    return Text(nl, en)


def headline_text(h: Headline, lang: str = "nl") -> str:
    """A headline as a short text with its kind: '≤ 2,0 (bovengrens)', '€ 1.800.000 per jaar'.

    Examples
    --------
    >>> h = Headline("bcr", 2.0, None, None, "upper", "society", None, "verified", "x")
    >>> headline_text(h), headline_text(h, "en")
    ('baten-kostenverhouding ≤ 2 (bovengrens)', 'benefit-cost ratio ≤ 2 (upper bound)')
    >>> y = Headline("yearly_saving", 1.8e6, None, None, "estimate", "unknown", "per_year",
    ...              "verified", "x")
    >>> headline_text(y)
    'besparing per jaar € 1.800.000 (schatting, per jaar)'
    >>> r = Headline("return_pct", None, 0.04, 0.15, "range", "society", None, "inferred", "x")
    >>> headline_text(r, "en")
    'social return 4%–15% (range)'
    """
    nl, en, kind = HEADLINE_MEASURES[h.measure]

    def show(x):
        if kind == "ratio":  # as published: 2 stays 2, 1,90 is 1,9 (no digits added)
            return formatting.significant(x, 6, lang)
        if kind == "share":
            return formatting.percent(x, lang, 1, trim=True)
        return formatting.euro(x, lang)

    sign = {"lower": "≥ ", "upper": "≤ "}.get(h.bound, "")
    figure = f"{show(h.low)}–{show(h.high)}" if h.bound == "range" else sign + show(h.value)
    kinds = [BOUNDS[h.bound][lang == "en"]]
    if h.period is not None and h.period != "present_value":
        kinds.append(PERIODS[h.period][lang == "en"])
    return f"{nl if lang == 'nl' else en} {figure} ({', '.join(kinds)})"
