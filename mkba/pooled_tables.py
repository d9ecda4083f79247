"""Presentation of pooled results: tables (DataFrames) and a plain-text summary.

All rounding and wording of pooled results lives here, in Dutch (default) or English.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from mkba import formatting
from mkba.analysis import PooledStudies
from mkba.evidence import POOLED_MEASURES
from mkba.phrases import ILLUSTRATIVE_NOTICE, NOT_REPRESENTATIVE
from mkba.schema import CHARACTERISTIC_VOCABULARIES, check_lang
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
    "interval": ("gerapporteerd interval", "reported interval"),
    "range": ("bandbreedte varianten", "range of variants"),
    "default": ("standaardaanname", "default assumption"),
    "yes": ("ja", "yes"), "no": ("nee", "no"),
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


def pooled_tables(result: PooledStudies, lang: str = "nl") -> tuple[Table, ...]:
    """The pooled result, the per-study evidence, subgroups and leave-one-out as tables.

    Values are on the shown scale (ratios for ``log_bcr``, euros otherwise), rounded.
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
    main = pd.DataFrame([row("group", measure, result.pooled) |
                         {_t("p_pos", lang): round(result.monte_carlo.p_above, 3)}])
    tables.append(Table("pooled", _t("pooled", lang), note, "", main,
                        MappingProxyType(formats | {_t("group", lang): "text",
                                                    _t("p_pos", lang): "share"})))
    ev = result.evidence.table
    weights = result.pooled.weights
    studies = pd.DataFrame({
        _t("study", lang): ev["study_id"],
        _t("effect", lang): [round(result.shown(e), digits) for e in ev["effect"]],
        _t("se", lang): ev["se"].round(4),
        _t("weight", lang): [round(w, 3) for w in weights],
        _t("source", lang): [_t(s, lang) for s in ev["variance_source"]],
        _t("flagged", lang): [_t("yes" if f else "no", lang) for f in ev["flagged"]],
    })
    tables.append(Table("pooled_studies", _t("studies", lang), note, "", studies,
                        MappingProxyType({_t("study", lang): "text", _t("effect", lang): fmt,
                                          _t("se", lang): "ratio", _t("weight", lang): "share",
                                          _t("source", lang): "text",
                                          _t("flagged", lang): "text"})))
    if result.subgroups is not None:
        vocab = CHARACTERISTIC_VOCABULARIES[result.by]
        sub = pd.DataFrame([row("group", vocabulary(vocab).label(g, lang), p)
                            for g, p in result.subgroups.by_group.items()])
        tables.append(Table("pooled_subgroups", _t("subgroups", lang), note, "", sub,
                            MappingProxyType(formats | {_t("group", lang): "text"})))
    if result.leave_one_out is not None:
        loo = pd.DataFrame([row("omitted", label, p) for label, p in
                            zip(result.leave_one_out.labels, result.leave_one_out.results,
                                strict=True)])
        tables.append(Table("pooled_loo", _t("loo", lang), note, "", loo,
                            MappingProxyType(formats | {_t("omitted", lang): "text"})))
    return tuple(tables)


def format_pooled(result: PooledStudies, *, lang: str = "nl", illustrative: bool = False) -> str:
    """A plain-text summary of a pooled analysis, for the terminal."""
    check_lang(lang)
    p, nl = result.pooled, lang == "nl"
    heterogeneity = (f"{formatting.tau2_text(p.tau2, lang, euro_scale=not result.log_scale)}; "
                     f"{formatting.i2_text(p.i2, lang)}")
    lines = [
        f"{_measure_label(result.evidence.measure, lang)}: "
        f"{'gepoold over' if nl else 'pooled over'} {p.k} studies "
        f"({p.method.upper()}, {'Knapp-Hartung' if p.ci_method == 'hksj' else 'z'})",
        f"  {_t('estimate', lang).lower()} {_fmt(result, p.estimate, lang)}  "
        f"({formatting.level(p.level, lang)}-{_t('ci', lang)} {_fmt(result, p.ci_low, lang)} - "
        f"{_fmt(result, p.ci_high, lang)}; {_t('pi', lang)} {_fmt(result, p.pi_low, lang)} - "
        f"{_fmt(result, p.pi_high, lang)})",
        f"  {heterogeneity}; Q {formatting.number(p.q, 2, lang)} "
        f"(df {p.q_df}, p {formatting.p_value(p.q_p, lang)})",
        f"  {'kans dat de baten de kosten overtreffen in een nieuwe setting' if nl else 'probability that benefits exceed costs in a new setting'}: "  # noqa: E501
        f"{formatting.percent(result.monte_carlo.p_above, lang, 1)} "
        f"({formatting.number(result.monte_carlo.n, 0, lang)} "
        f"{'trekkingen' if nl else 'draws'}, seed {result.monte_carlo.seed})",
    ]
    if result.by_actor:
        lines.append("  " + ("kans op een positief saldo, per actor:" if nl else
                             "probability of a positive balance, per actor:"))
    for actor, mc in result.by_actor.items():
        lines.append(f"    {vocabulary('actors').label(actor, lang)}: "
                     f"{formatting.percent(mc.p_above, lang, 1)}")
    flagged = [s for s, f in zip(result.evidence.labels, result.evidence.table["flagged"],
                                 strict=True) if f]
    if flagged:
        lines.append(("  zonder eigen onzekerheid (standaardaanname, gemarkeerd): " if nl else
                      "  no own uncertainty (default assumption, flagged): ") + ", ".join(flagged))
    if result.subgroups is not None:
        sg = result.subgroups
        lines.append(f"{_t('subgroups', lang)} ({result.by}):")
        vocab = CHARACTERISTIC_VOCABULARIES[result.by]
        for group, g in sg.by_group.items():
            lines.append(f"  {vocabulary(vocab).label(group, lang)}: k {g.k}, "
                         f"{_t('estimate', lang).lower()} {_fmt(result, g.estimate, lang)} "
                         f"({_t('ci', lang)} {_fmt(result, g.ci_low, lang)} - "
                         f"{_fmt(result, g.ci_high, lang)}), {formatting.i2_text(g.i2, lang)}")
        lines.append(f"  {'verschil tussen groepen' if nl else 'difference between groups'}: "
                     f"Q {formatting.number(sg.q_between, 2, lang)} (df {sg.q_between_df}, "
                     f"p {formatting.p_value(sg.q_between_p, lang)})")
    if result.egger is not None:
        lines.append(f"Egger: {'intercept' if not nl else 'intercept'} "
                     f"{formatting.number(result.egger.intercept, 2, lang)} (p "
                     f"{formatting.p_value(result.egger.p_value, lang)}). {result.egger.note}")
    lines.append(NOT_REPRESENTATIVE[lang])
    if illustrative:
        lines.append(ILLUSTRATIVE_NOTICE[lang])
    return "\n".join(lines)
