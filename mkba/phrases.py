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
from mkba.messages import Text

__all__ = ["ILLUSTRATIVE_NOTICE", "NOT_REPRESENTATIVE", "PHRASES", "basis_line",
           "horizon_phrase", "phrase", "rate_phrase", "short_repr", "statistic_phrase",
           "subgroup_tests", "timing_phrase"]

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
    # what exp of the pooled mean of the log ratios is: a ratio, not a mean of ratios
    "back_transformed": ("teruggerekend van het gemiddelde op logschaal",
                         "back-transformed from the mean on the log scale"),
    # the two tests for subgroup differences (mkba.pooling.subgroups); the first is the default
    "subgroup_difference": ("verschil tussen subgroepen", "difference between subgroups"),
    "subgroup_test_common": ("toets met één gemeenschappelijke tau² (moderatortoets)",
                             "test with one common tau² (moderator test)"),
    "subgroup_test_separate": ("toets met een aparte tau² per subgroep",
                               "test with a separate tau² per subgroup"),
    "subgroup_untested": ("niet getoetst (één studie): {}", "not tested (one study): {}"),
    "subgroup_no_test": ("niet te toetsen: minder dan twee subgroepen met twee of meer studies",
                         "not testable: fewer than two subgroups with two or more studies"),
    "egger": ("Egger-toets op asymmetrie: intercept {b} ({p}, k = {k}).",
              "Egger's test for asymmetry: intercept {b} ({p}, k = {k})."),
    # an actor's or category's measure pooled over fewer than 3 studies (mkba.analysis)
    "too_few_for_probability": ("k = {k}: te weinig studies voor een kans",
                                "k = {k}: too few studies for a probability"),
    "no_spread": ("k = {k}: geen studie met een spreiding, geen schatting",
                  "k = {k}: no study with a spread, no estimate"),
    # the caution after Egger's test (mkba.pooling.egger_test), fewer than 10 studies or more
    "egger_few": ("Met minder dan 10 studies heeft de Egger-toets te weinig onderscheidend "
                  "vermogen om asymmetrie te vinden: een niet-significante uitkomst zegt weinig. "
                  "Asymmetrie kan ook heterogeniteit zijn in plaats van publicatiebias.",
                  "With fewer than 10 studies Egger's test has too little power to detect "
                  "asymmetry: a non-significant result says little. Asymmetry can also reflect "
                  "heterogeneity rather than publication bias."),
    "egger_many": ("De Egger-toets heeft weinig onderscheidend vermogen: een niet-significante "
                   "uitkomst bewijst geen symmetrie. Asymmetrie kan ook heterogeniteit of echte "
                   "kleine-studie-effecten zijn in plaats van publicatiebias.",
                   "Egger's test has low power: a non-significant result is no proof of "
                   "symmetry. Asymmetry can also reflect heterogeneity or genuine small-study "
                   "effects rather than publication bias."),
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
        raise ArgumentError(Text("timing={timing} is niet toegestaan; gebruik 't1' of 't0'",
                                 "timing={timing} is not allowed; use 't1' or 't0'",
                                 timing=short_repr(timing)))
    return phrase(timing, lang)


def short_repr(value, width: int = 70) -> str:
    """A short ``repr`` of ``value`` for a message about an argument (``level=95``): the same
    in every language, as Python writes it; cut to ``width`` characters.

    Examples
    --------
    >>> short_repr("t2"), short_repr(list(range(100)), 20)
    ("'t2'", '[0, 1, 2, 3, 4, 5...')
    >>> short_repr(10 ** 5000)
    '<a whole number of 16610 bits>'
    """
    try:
        text = repr(value)
    except ValueError:  # an int too long to turn into text
        text = f"<a whole number of {value.bit_length()} bits>"
    return text if len(text) <= width else text[: width - 3] + "..."


def statistic_phrase(statistic: str, value: float, df: int, p: float, lang: str, *,
                     df2: int | None = None) -> str:
    """A test result: the statistic, its degrees of freedom (two for an F test) and the p-value;
    a missing statistic (an undefined test) says so.

    Parameters
    ----------
    statistic : str
        Its name as printed: "Q", "QM", "F".
    value, p : float
        The statistic (two decimals) and its p-value (:func:`mkba.formatting.p_text`).
    df : int
        Its degrees of freedom; ``df2`` the denominator's of an F test.
    lang : {"nl", "en"}

    Returns
    -------
    str

    Examples
    --------
    >>> statistic_phrase("QM", 5.6756, 4, 0.22472, "nl")
    'QM = 5,68 (df = 4), p = 0,225'
    >>> statistic_phrase("F", 1.5593, 4, 0.27439, "en", df2=8)
    'F = 1.56 (df = 4 and 8), p = 0.274'
    >>> statistic_phrase("Q", float("nan"), 1, float("nan"), "nl")
    'Q niet te bepalen (df = 1)'
    """
    dfs = str(df) if df2 is None else f"{df} {'en' if lang == 'nl' else 'and'} {df2}"
    if formatting.is_missing(value):
        return f"{statistic} {'niet te bepalen' if lang == 'nl' else 'undefined'} (df = {dfs})"
    return f"{statistic} = {formatting.number(value, 2, lang)} (df = {dfs}), " \
           f"{formatting.p_text(p, lang)}"


def subgroup_tests(result, labels, lang: str, *, euro_scale: bool = False) -> list[str]:
    """Both tests for subgroup differences of a :class:`mkba.pooling.SubgroupResult`, each
    named: the common-tau² test (the default) with its tau², the separate-tau² test, then the
    groups of one study that neither test includes (``labels``: their names as shown).

    Parameters
    ----------
    result : SubgroupResult
    labels : list of str
        The names of ``result.untested_groups`` as shown (empty when every group is tested).
    lang : {"nl", "en"}
    euro_scale : bool
        The common tau² is in euros squared: print its root in euros.

    Returns
    -------
    list of str
        One line per test (or one saying there is none), then the groups not tested.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> sg = SimpleNamespace(qm=5.6756, qm_df=4, qm_df2=None, qm_p=0.22472, qm_tau2=0.08555,
    ...                      q_between=11.5073, q_between_df=4, q_between_p=0.021417)
    >>> common, *rest = subgroup_tests(sg, ["Ouderenteam"], "nl")
    >>> for part in common.split(": ") + rest:
    ...     print(part)
    toets met één gemeenschappelijke tau² (moderatortoets), tau² = 0,086
    QM = 5,68 (df = 4), p = 0,225
    toets met een aparte tau² per subgroep: Q = 11,51 (df = 4), p = 0,021
    niet getoetst (één studie): Ouderenteam
    """
    if result.qm_df < 1:
        lines = [phrase("subgroup_no_test", lang)]
    else:
        tau = formatting.tau2_text(result.qm_tau2, lang, euro_scale=euro_scale)
        common = statistic_phrase("QM" if result.qm_df2 is None else "F", result.qm,
                                  result.qm_df, result.qm_p, lang, df2=result.qm_df2)
        separate = statistic_phrase("Q", result.q_between, result.q_between_df,
                                    result.q_between_p, lang)
        lines = [f"{phrase('subgroup_test_common', lang)}, {tau}: {common}",
                 f"{phrase('subgroup_test_separate', lang)}: {separate}"]
    if labels:
        lines.append(phrase("subgroup_untested", lang).format(", ".join(labels)))
    return lines


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
