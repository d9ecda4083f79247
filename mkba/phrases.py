"""The shared phrases of every output, in Dutch and English: the notices on illustrative studies,
"not a representative sample", each study's own rate and horizon, the timing of discounting,
and the parts of the basis sentence under every table and figure (put together by
:meth:`mkba.basis.Basis.describe`).

Tables, figures, the HTML report, the terminal and the scenario outputs take these phrases from
here, so that the same thing is said the same way everywhere. Numbers in them are formatted by
:mod:`mkba.formatting`.
"""

from __future__ import annotations

from mkba import formatting
from mkba.errors import ArgumentError

__all__ = ["ILLUSTRATIVE_NOTICE", "NOT_REPRESENTATIVE", "PHRASES", "basis_line",
           "horizon_phrase", "phrase", "rate_phrase", "timing_phrase"]

#: Phrase per key: (Dutch, English).
PHRASES = {
    "illustrative": (
        "Let op: (een deel van) deze studies zijn illustratieve voorbeelden, geen "
        "gepubliceerde MKBA's; de uitkomsten zijn geen bevindingen.",
        "Note: (some of) these studies are illustrative examples, not published SCBAs; the "
        "results are not findings."),
    # the bold notice under a figure: short, it is read at a glance
    "illustrative_figure": ("Illustratieve voorbeeldstudies, geen gepubliceerde MKBA's",
                            "Illustrative example studies, not published SCBAs"),
    # a scenario rests on the pooled evidence of the studies, not on studies of its own
    "illustrative_scenario": (
        "Illustratief: gebaseerd op illustratieve voorbeeldstudies, geen gepubliceerde MKBA's; "
        "de uitkomsten zijn geen bevindingen.",
        "Illustrative: based on illustrative example studies, not published SCBAs; the "
        "results are not findings."),
    "not_representative": (
        "De studies vormen geen representatieve steekproef: gepoolde cijfers zijn "
        "beschrijvend.",
        "The studies are no representative sample: pooled figures are descriptive."),
    "own_rate": ("eigen discontovoet van elke studie", "each study's own rate"),
    "own_horizon": ("eigen looptijd van elke studie", "each study's own horizon"),
    "years": ("{} jaar", "{} years"),
    "common_horizon": ("{} jaar voor alle studies (geen extrapolatie)",
                       "{} years for every study (no extrapolation)"),
    "t1": ("eerste jaar één jaar verdisconteerd (t=1)", "first year discounted one year (t=1)"),
    "t0": ("eerste jaar niet verdisconteerd (t=0)", "first year not discounted (t=0)"),
    "basis": ("Basis: prijspeil {py} (CBS-CPI); discontovoet: {rate}; looptijd: {hz}; {tm}.",
              "Basis: {py} prices (CBS CPI); discount rate: {rate}; horizon: {hz}; {tm}."),
    "basis_ratio": ("Basis: verhoudingen (onafhankelijk van het prijspeil); discontovoet: "
                    "{rate}; looptijd: {hz}; {tm}.",
                    "Basis: ratios (independent of the price year); discount rate: {rate}; "
                    "horizon: {hz}; {tm}."),
}


def phrase(key: str, lang: str) -> str:
    """The Dutch or English phrase of ``key`` (a key of :data:`PHRASES`).

    Examples
    --------
    >>> phrase("own_rate", "nl"), phrase("own_horizon", "en")
    ('eigen discontovoet van elke studie', "each study's own horizon")
    """
    formatting.locale(lang)
    return PHRASES[key][lang == "en"]


#: The notice on illustrative studies, per language (the report, the terminal, results.json).
ILLUSTRATIVE_NOTICE = {lang: phrase("illustrative", lang) for lang in ("nl", "en")}
#: The caveat that the studies are no representative sample, per language.
NOT_REPRESENTATIVE = {lang: phrase("not_representative", lang) for lang in ("nl", "en")}


def rate_phrase(rate: float | None, regime: str | None, lang: str) -> str:
    """The discount rate of a basis: each study's own, a rate, or a regime with its rate.

    Examples
    --------
    >>> rate_phrase(None, None, "nl"), rate_phrase(0.03, None, "en")
    ('eigen discontovoet van elke studie', '3%')
    >>> rate_phrase(0.0225, "nl-2021", "nl")
    '2,25% (nl-2021)'
    """
    if rate is None:
        return phrase("own_rate", lang) if regime is None else str(regime)
    text = formatting.rate(rate, lang)
    return text if regime is None else f"{text} ({regime})"


def horizon_phrase(horizon: int | None, lang: str, *, common: bool = True) -> str:
    """The horizon of a basis: each study's own, or a number of years (``common``: the same
    for every study, without extrapolation; otherwise just the years).

    Examples
    --------
    >>> horizon_phrase(None, "en"), horizon_phrase(10, "nl"), horizon_phrase(10, "en", common=False)
    ("each study's own horizon", '10 jaar voor alle studies (geen extrapolatie)', '10 years')
    """
    if horizon is None:
        return phrase("own_horizon", lang)
    return phrase("common_horizon" if common else "years", lang).format(horizon)


def timing_phrase(timing: str, lang: str) -> str:
    """When the first year is discounted: 't1' (one year) or 't0' (not).

    Examples
    --------
    >>> timing_phrase("t1", "nl"), timing_phrase("t0", "en")
    ('eerste jaar één jaar verdisconteerd (t=1)', 'first year not discounted (t=0)')
    """
    if timing not in ("t1", "t0"):
        raise ArgumentError(f"timing={timing!r} is not allowed; use 't1' or 't0'")
    return phrase(timing, lang)


def basis_line(price_year: int | str, rate_text: str, horizon_text: str, timing_text: str,
               lang: str, *, ratio: bool = False) -> str:
    """The basis sentence from its parts, already in words (see
    :meth:`mkba.basis.Basis.describe`; also for outputs whose parts are lists, such as several
    scenarios side by side).

    Examples
    --------
    >>> basis_line(2024, "3%", "10 years", "t=1", "en")
    'Basis: 2024 prices (CBS CPI); discount rate: 3%; horizon: 10 years; t=1.'
    """
    key = "basis_ratio" if ratio else "basis"
    return phrase(key, lang).format(py=price_year, rate=rate_text, hz=horizon_text,
                                    tm=timing_text)
