"""Presentation of pooled results: tables (DataFrames) and a plain-text summary.

All rounding and wording of pooled results lives here, in Dutch (default) or English.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from mkba import formatting
from mkba.analysis import NO_VARIANCE, PooledStudies
from mkba.evidence import POOLED_MEASURES
from mkba.messages import check_lang
from mkba.phrases import ILLUSTRATIVE_NOTICE, NOT_REPRESENTATIVE, phrase, subgroup_tests
from mkba.schema import CHARACTERISTIC_VOCABULARIES, FIELDS_BY_NAME
from mkba.tables import Table
from mkba.vocab import vocabulary

__all__ = ["pooled_tables", "format_pooled"]

_T = {
    "pooled": ("Gepoolde uitkomst", "Pooled result"),
    "studies": ("Studies in de pooling", "Studies in the pooling"),
    "subgroups": ("Subgroepen", "Subgroups"),
    "loo": ("Eén studie weggelaten", "Leave one out"),
    "estimate": ("Schatting", "Estimate"), "ci": ("BI", "CI"),
    "pi": ("voorspellingsinterval", "prediction interval"),
    "k": ("Aantal studies", "Studies"), "study": ("Studie", "Study"),
    "effect": ("Effect", "Effect"), "se": ("Standaardfout", "Standard error"),
    "weight": ("Gewicht", "Weight"), "source": ("Bron variantie", "Variance source"),
    "flagged": ("Gemarkeerd", "Flagged"), "group": ("Groep", "Group"),
    "omitted": ("Weggelaten", "Omitted"), "ci_low": ("BI laag", "CI low"),
    "ci_high": ("BI hoog", "CI high"), "pi_low": ("VI laag", "PI low"),
    "pi_high": ("VI hoog", "PI high"), "tau2": ("tau²", "tau²"), "i2": ("I² (%)", "I² (%)"),
    "p_pos": ("Kans baten > kosten", "P(benefits > costs)"),
    "p_measure": ("Kans {} > 0", "P({} > 0)"),
    "p_line": ("kans dat de baten de kosten overtreffen in een nieuwe setting",
               "probability that benefits exceed costs in a new setting"),
    "p_line_measure": ("kans dat {} > 0 in een nieuwe setting",
                       "probability that {} > 0 in a new setting"),
    "pooled_mean": ("gepoold gemiddelde", "pooled mean"),
    "ratio_short": ("gepoolde verhouding", "pooled ratio"),
    "new_setting": ("nieuwe setting (Monte Carlo): gemiddelde {mean}, mediaan {median}",
                    "new setting (Monte Carlo): mean {mean}, median {median}"),
    "ratio_note": ("Schatting: de gepoolde verhouding, {} (geen gemiddelde van de "
                   "verhoudingen); de grenzen zijn op dezelfde manier teruggerekend.",
                   "Estimate: the pooled ratio, {} (not a mean of the ratios); the bounds are "
                   "back-transformed the same way."),
    "subgroups_by": ("Subgroepen naar {}", "Subgroups by {}"),
    "tested": ("Getoetst", "Tested"),
    "interval": ("gerapporteerd interval", "reported interval"),
    "range": ("bandbreedte varianten", "range of variants"),
    "default": ("standaardaanname", "default assumption"),
    "yes": ("ja", "yes"), "no": ("nee", "no"),
    "illustrative": ("Illustratief", "Illustrative"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][lang == "en"]


def _fmt(result: PooledStudies, value: float, lang: str) -> str:
    """A value on the shown scale: a ratio with two decimals, or whole euros."""
    return formatting.estimate(result.shown(value), lang, ratio=result.log_scale)


def _measure_label(measure: str, lang: str) -> str:
    name, _, code = measure.partition(":")
    label = POOLED_MEASURES[name][lang == "en"]
    if code:
        vocab = "benefit_categories" if name.startswith("benefit") else "actors"
        label += f": {vocabulary(vocab).label(code, lang)}"
    return label


def _p_label(result: PooledStudies, lang: str, *, line: bool = False) -> str:
    """What the Monte Carlo probability is: benefits > costs for a ratio, else measure > 0."""
    if result.log_scale:
        return _t("p_line" if line else "p_pos", lang)
    label = _measure_label(result.evidence.measure, lang)
    return _t("p_line_measure" if line else "p_measure", lang).format(label[0].lower()
                                                                      + label[1:])


def _estimate_label(result: PooledStudies, lang: str) -> str:
    """The pooled estimate named as what it is: a back-transformed ratio, or a pooled mean."""
    if result.log_scale:
        return f"{_t('ratio_short', lang)} ({phrase('back_transformed', lang)})"
    return _t("pooled_mean", lang)


def _untested_labels(result: PooledStudies, lang: str) -> list[str]:
    vocab = vocabulary(CHARACTERISTIC_VOCABULARIES[result.by])
    return [vocab.label(g, lang) for g in result.subgroups.untested_groups]


def _subgroup_tests(result: PooledStudies, lang: str) -> list[str]:
    return subgroup_tests(result.subgroups, _untested_labels(result, lang), lang,
                          euro_scale=not result.log_scale)


def pooled_tables(result: PooledStudies, lang: str = "nl") -> tuple[Table, ...]:
    """The pooled result, the per-study evidence, subgroups and leave-one-out as tables.

    Values are on the shown scale (ratios for ``log_bcr``, euros otherwise), rounded. The
    probability column is P(benefits > costs) for ``log_bcr`` and P(measure > 0) otherwise. The
    subgroup table says per group whether it is in the tests for subgroup differences, and its
    note gives both tests (common tau², the default, and a separate tau² per group). Every
    table ends with a column that says whether illustrative (made-up) studies are behind the
    row, so that no CSV of pooled results can pass for evidence without saying so.

    Parameters
    ----------
    result : PooledStudies
        From :func:`mkba.analysis.pool_studies`.
    lang : {"nl", "en"}

    Returns
    -------
    tuple of Table
        ``pooled``, ``pooled_studies``, and with subgroups ``pooled_subgroups``, with three or
        more studies ``pooled_loo``.

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.io import read_studies
    >>> tables = pooled_tables(pool_studies(read_studies("studies"), measure="costs_per_household",
    ...                                     draws=200), lang="en")
    >>> [t.name for t in tables][:2], list(tables[0].frame.columns)[-2:]
    (['pooled', 'pooled_studies'], ['P(costs per household > 0)', 'Illustrative'])
    """
    check_lang(lang)
    digits = 2 if result.log_scale else 0
    fmt = "ratio" if result.log_scale else "euro"
    tables = []

    def row(label_key, label, p):
        return {_t(label_key, lang): label, _t("k", lang): p.k,
                _t("estimate", lang): round(result.shown(p.estimate), digits),
                _t("ci_low", lang): round(result.shown(p.ci_low), digits),
                _t("ci_high", lang): round(result.shown(p.ci_high), digits),
                _t("pi_low", lang): round(result.shown(p.pi_low), digits),
                _t("pi_high", lang): round(result.shown(p.pi_high), digits),
                _t("tau2", lang): round(p.tau2, formatting.TAU2_DIGITS),
                _t("i2", lang): round(p.i2, 1)}

    formats = {_t(k, lang): fmt for k in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high")}
    # tau² of log ratios with three decimals; of euros (euros squared) a whole number
    formats |= {_t("k", lang): "int", _t("tau2", lang): "tau2" if result.log_scale else "int",
                _t("i2", lang): "i2"}
    measure = _measure_label(result.evidence.measure, lang)
    note = NOT_REPRESENTATIVE[lang]
    # a back-transformed ratio is said to be one, under every table that shows it
    scale_note = (_t("ratio_note", lang).format(phrase("back_transformed", lang)) + " "
                  if result.log_scale else "")
    p_pos = _p_label(result, lang)
    ev = result.evidence.table
    # every row says whether illustrative (made-up) studies are behind it, also in the CSVs
    made_up = dict(zip(ev["study_id"], ev["illustrative"].astype(bool), strict=True))
    flag_key = _t("illustrative", lang)

    def flag(ids) -> dict:
        return {flag_key: _t("yes" if any(made_up[i] for i in ids) else "no", lang)}

    formats |= {flag_key: "text"}
    main = pd.DataFrame([row("group", measure, result.pooled) |
                         {p_pos: round(result.monte_carlo.p_above, 3)} | flag(made_up)])
    tables.append(Table("pooled", _t("pooled", lang), scale_note + note, "", main,
                        MappingProxyType(formats | {_t("group", lang): "text",
                                                    p_pos: "share"})))
    weights = result.pooled.weights
    studies = pd.DataFrame({
        _t("study", lang): ev["study_id"],
        _t("effect", lang): [round(result.shown(e), digits) for e in ev["effect"]],
        _t("se", lang): ev["se"].round(4),
        _t("weight", lang): [round(w, 3) for w in weights],
        _t("source", lang): [_t(s, lang) for s in ev["variance_source"]],
        _t("flagged", lang): [_t("yes" if f else "no", lang) for f in ev["flagged"]],
        flag_key: [_t("yes" if made_up[i] else "no", lang) for i in ev["study_id"]],
    })
    tables.append(Table("pooled_studies", _t("studies", lang), note, "", studies,
                        MappingProxyType({_t("study", lang): "text", _t("effect", lang): fmt,
                                          _t("se", lang): "ratio", _t("weight", lang): "share",
                                          _t("source", lang): "text",
                                          _t("flagged", lang): "text",
                                          flag_key: "text"})))
    if result.subgroups is not None:
        sg = result.subgroups
        vocab = CHARACTERISTIC_VOCABULARIES[result.by]
        sub = pd.DataFrame([row("group", vocabulary(vocab).label(g, lang), p)
                            | {_t("tested", lang): _t("no" if one else "yes", lang)}
                            | flag(ev.loc[ev[result.by] == g, "study_id"])
                            for (g, p), one in zip(sg.by_group.items(), sg.single_study,
                                                   strict=True)])
        tests = "; ".join(_subgroup_tests(result, lang))
        sub_note = (f"{phrase('subgroup_difference', lang).capitalize()}: {tests}. "
                    f"{scale_note}{note}")
        tables.append(Table("pooled_subgroups", _t("subgroups", lang), sub_note, "", sub,
                            MappingProxyType(formats | {_t("group", lang): "text",
                                                        _t("tested", lang): "text"})))
    if result.leave_one_out is not None:
        loo = pd.DataFrame([row("omitted", label, p) | flag(i for i in made_up if i != label)
                            for label, p in
                            zip(result.leave_one_out.labels, result.leave_one_out.results,
                                strict=True)])
        tables.append(Table("pooled_loo", _t("loo", lang), scale_note + note, "", loo,
                            MappingProxyType(formats | {_t("omitted", lang): "text"})))
    return tuple(tables)


def format_pooled(result: PooledStudies, *, lang: str = "nl", illustrative: bool = False) -> str:
    """A plain-text summary of a pooled analysis, for the terminal (``mkba pool``).

    Every number is named as what it is: the pooled ratio back-transformed from the log scale
    (``log_bcr``) or the pooled mean (euro measures); the Monte Carlo mean and median of a new
    setting; P(benefits > costs) for ``log_bcr`` and P(measure > 0) for any other measure; both
    tests for subgroup differences, each named. All in ``lang``, Egger's caution too.

    Parameters
    ----------
    result : PooledStudies
        From :func:`mkba.analysis.pool_studies`.
    lang : {"nl", "en"}
    illustrative : bool
        Add the notice that (some of) the studies are illustrative.

    Returns
    -------
    str

    Examples
    --------
    >>> from mkba.analysis import pool_studies
    >>> from mkba.io import read_studies
    >>> text = format_pooled(pool_studies(read_studies("studies"), measure="costs_per_household",
    ...                                   draws=200))
    >>> print(text.splitlines()[4].split(":")[0])
      kans dat kosten per huishouden > 0 in een nieuwe setting
    """
    check_lang(lang)
    p, nl, mc = result.pooled, lang == "nl", result.monte_carlo
    heterogeneity = (f"{formatting.tau2_text(p.tau2, lang, euro_scale=not result.log_scale)}; "
                     f"{formatting.i2_text(p.i2, lang)}")

    def shown(value):  # a Monte Carlo value: already on the shown scale
        return formatting.estimate(value, lang, ratio=result.log_scale)

    lines = [
        f"{_measure_label(result.evidence.measure, lang)}: "
        f"{'gepoold over' if nl else 'pooled over'} {p.k} studies "
        f"({p.method.upper()}, {'Knapp-Hartung' if p.ci_method == 'hksj' else 'z'})",
        f"  {_estimate_label(result, lang)} {_fmt(result, p.estimate, lang)}  "
        f"({formatting.level(p.level, lang)}-{_t('ci', lang)} {_fmt(result, p.ci_low, lang)} - "
        f"{_fmt(result, p.ci_high, lang)}; {_t('pi', lang)} {_fmt(result, p.pi_low, lang)} - "
        f"{_fmt(result, p.pi_high, lang)})",
        f"  {heterogeneity}; Q {formatting.number(p.q, 2, lang)} "
        f"(df {p.q_df}, p {formatting.p_value(p.q_p, lang)})",
        "  " + _t("new_setting", lang).format(mean=shown(mc.mean), median=shown(mc.median)),
        f"  {_p_label(result, lang, line=True)}: "
        + (phrase("too_few_for_probability", lang).format(k=p.k)
           if result.summary()["p_above"] is None else
           f"{formatting.probability(mc.p_above, lang)} ({formatting.number(mc.n, 0, lang)} "
           f"{'trekkingen' if nl else 'draws'}, seed {mc.seed})"),
    ]
    if result.by_actor:
        lines.append("  " + ("kans op een positief saldo, per actor:" if nl else
                             "probability of a positive balance, per actor:"))
    for actor, balance in result.by_actor.items():
        shown = (f"k = {balance.k}: {formatting.probability(balance.p_above, lang)}"
                 if balance.p_above is not None else
                 phrase("no_spread" if balance.reason == NO_VARIANCE else
                        "too_few_for_probability", lang).format(k=balance.k))
        lines.append(f"    {vocabulary('actors').label(actor, lang)}: {shown}")
    flagged = [s for s, f in zip(result.evidence.labels, result.evidence.table["flagged"],
                                 strict=True) if f]
    if flagged:
        lines.append(("  zonder eigen onzekerheid (standaardaanname, gemarkeerd): " if nl else
                      "  no own uncertainty (default assumption, flagged): ") + ", ".join(flagged))
    if result.subgroups is not None:
        sg = result.subgroups
        lines.append(_t("subgroups_by", lang).format(
            FIELDS_BY_NAME[result.by].label(lang).lower()) + ":")
        vocab = CHARACTERISTIC_VOCABULARIES[result.by]
        name = _t("ratio_short" if result.log_scale else "pooled_mean", lang)
        for group, g in sg.by_group.items():
            lines.append(f"  {vocabulary(vocab).label(group, lang)}: k {g.k}, "
                         f"{name} {_fmt(result, g.estimate, lang)} "
                         f"({_t('ci', lang)} {_fmt(result, g.ci_low, lang)} - "
                         f"{_fmt(result, g.ci_high, lang)}), {formatting.i2_text(g.i2, lang)}")
        difference = phrase("subgroup_difference", lang)
        lines += [f"  {difference}, {test}" for test in _subgroup_tests(result, lang)]
    if result.egger is not None:
        eg = result.egger
        caution = phrase("egger_few" if eg.k < 10 else "egger_many", lang)
        lines.append(phrase("egger", lang).format(b=formatting.number(eg.intercept, 2, lang),
                                                  p=formatting.p_text(eg.p_value, lang), k=eg.k)
                     + " " + caution)
    lines.append(NOT_REPRESENTATIVE[lang])
    if illustrative:
        lines.append(ILLUSTRATIVE_NOTICE[lang])
    return "\n".join(lines)
