"""The summary at the top of the report, in Dutch and English: the key message first (the
pooled ratio in words, who pays and who benefits, the spread, the notices;
:func:`summary_block`), then the headline numbers as boxes (:func:`summary_facts`) and the
paragraph that says how they were made (:func:`summary_text`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from mkba import formatting
from mkba.phrases import phrase
from mkba.report_text import TEXT
from mkba.vocab import vocabulary

__all__ = ["summary_facts", "summary_text", "summary_block", "actor_shares", "i2_words"]


def _ratio(report, value: float) -> str:
    return formatting.ratio(report.pooled.shown(value), report.lang)


def _interval(report, low: float, high: float) -> str:
    """'1,49–2,28': an interval of the pooled ratio, with an en dash."""
    return f"{_ratio(report, low)}–{_ratio(report, high)}"


def summary_facts(report) -> list[dict]:
    """The headline numbers of the summary, as label/value/detail boxes.

    The pooled ratio is named as what it is (back-transformed from the mean on the log scale);
    the box of the probability gives the mean and median of the Monte Carlo draws.
    """
    t, lang, p = TEXT[report.lang], report.lang, report.pooled.pooled
    mc = report.pooled.monte_carlo
    level = formatting.level(p.level, lang)
    n_ill = sum(s.illustrative for s in report.studies)
    return [
        {"label": t["studies"], "value": str(len(report.studies)),
         "detail": f"{n_ill} {t['illustrative_short']}" if n_ill else ""},
        {"label": t["pooled_bcr"], "value": _ratio(report, p.estimate),
         "detail": f"{phrase('back_transformed', lang)}; "
                   f"{level}{' ' if lang == 'en' else '-'}{t['ci']} "
                   f"{_interval(report, p.ci_low, p.ci_high)}"
                   f"; {t['pi']} {_interval(report, p.pi_low, p.pi_high)}"},
        {"label": t["p_pos"],
         "value": formatting.probability(mc.p_above, lang),
         "detail": t["draws"].format(n=formatting.number(mc.n, 0, lang),
                                     mean=formatting.ratio(mc.mean, lang),
                                     median=formatting.ratio(mc.median, lang))},
        {"label": t["heterogeneity"], "value": formatting.i2_text(p.i2, lang),
         "detail": formatting.tau2_text(p.tau2, lang, euro_scale=not report.pooled.log_scale)},
    ]


def _recomputed(report) -> int:
    """How many of the studies were recomputed from their flows (not only price-indexed)."""
    return sum(bool(a.recomputed) for a in report.base_appraisals().values())


def summary_text(report) -> str:
    """One paragraph that says what the numbers are, and no more.

    How many studies were recomputed from their flows and how many only price-indexed; the
    model; the pooled ratio named as the back-transformation of the mean on the log scale
    (not a mean of ratios) with its interval; the prediction interval and the mean of the
    Monte Carlo draws for a new setting.
    """
    p, lang, mc = report.pooled.pooled, report.lang, report.pooled.monte_carlo
    n, recomputed = len(report.studies), _recomputed(report)
    level = formatting.level(p.level, lang)
    ratio = _ratio(report, p.estimate)
    ci = _interval(report, p.ci_low, p.ci_high)
    pi = _interval(report, p.pi_low, p.pi_high)
    mean = formatting.ratio(mc.mean, lang)
    price_year, back = report.basis.price_year, phrase("back_transformed", lang)
    if lang == "nl":
        model = "fixed-effectmodel" if p.method == "fe" else "random-effectsmodel"
        return (f"{n} studies zijn op prijspeil {price_year} gebracht: {recomputed} herberekend "
                f"uit hun kasstromen, {n - recomputed} alleen geïndexeerd (alleen contante "
                f"waarden). {p.k} studies zijn gepoold met een {model} ({p.method.upper()}). "
                f"De gepoolde baten-kostenverhouding, {back}, is {ratio} euro aan baten per "
                f"euro kosten ({level}-BI {ci}). Het voorspellingsinterval ({pi}) laat zien hoe "
                "ver een nieuwe setting daarvan kan afwijken; het gemiddelde van de trekkingen "
                f"voor een nieuwe setting is {mean}.")
    model = "fixed-effect" if p.method == "fe" else "random-effects"
    return (f"{n} studies were brought to {price_year} prices: {recomputed} recomputed from "
            f"their flows, {n - recomputed} only price-indexed (present values only). {p.k} "
            f"studies were pooled with a {model} model ({p.method.upper()}). The pooled "
            f"benefit-cost ratio, {back}, is {ratio} euros of benefits per euro of costs "
            f"({level} CI {ci}). The prediction interval ({pi}) shows how far a new setting may "
            f"differ; the mean of the draws for a new setting is {mean}.")




# -- the summary block: the key message first -----------------------------------------------
#: The sentences of the summary block, (Dutch, English).
_SUMMARY = {
    "ratio": ("Per euro die in een wijkteam wordt gestoken, komt in deze {n} studies gemiddeld "
              "{euro} aan maatschappelijke baten terug",
              "For every euro put into a neighbourhood team, these {n} studies return on "
              "average {euro} in social benefits"),
    "ratio_rest": ("({level}-BI {ci}; {back}, dus geen gewoon gemiddelde van de verhoudingen).",
                   "({level} CI {ci}; {back}, so not a plain mean of the ratios)."),
    "actors": ("Wie betaalt, wie profiteert: de gemeente betaalt in deze studies {costs} van de "
               "kosten (gemiddeld {cost_mean}) en ontvangt {benefits} van de baten (gemiddeld "
               "{benefit_mean}); de rest van de baten komt vooral terecht bij {others}.",
               "Who pays, who benefits: in these studies the municipality pays {costs} of the "
               "costs (on average {cost_mean}) and receives {benefits} of the benefits (on "
               "average {benefit_mean}); the rest of the benefits goes mainly to {others}."),
    "actors_none": ("De studies verdelen de kosten en baten niet over de gemeente.",
                    "The studies do not assign costs and benefits to the municipality."),
    "actor_note": ("Aandeel per actor in de contante waarde van de kosten en van de baten van "
                   "elke studie (basisvariant): gemiddeld, elke studie telt één keer, en tussen "
                   "haakjes de laagste en hoogste studie. Een actor telt alleen mee in de "
                   "studies waarin hij voorkomt (tussen haakjes achter de actor).",
                   "Share of each actor in the present value of the costs and of the benefits "
                   "of each study (base case): the average, each study counting once, and in "
                   "brackets the lowest and highest study. An actor counts only in the studies "
                   "in which it occurs (in brackets after the actor)."),
    "actor_head": (("Actor (in studies)", "Aandeel in de kosten", "Aandeel in de baten"),
                   ("Actor (in studies)", "Share of costs", "Share of benefits")),
    "actor_cell": ("{actor} ({k} van {n})", "{actor} ({k} of {n})"),
    "spread": ("Een nieuwe setting kan daarvan afwijken: het {level}-voorspellingsinterval loopt "
               "van {low} tot {high} euro aan baten per euro. De verschillen tussen de studies "
               "zijn {size}: {i2} van de spreiding komt van echte verschillen tussen de studies "
               "en niet van toeval ({tau2}).",
               "A new setting may differ: the {level} prediction interval runs from {low} to "
               "{high} euros of benefits per euro. The differences between the studies are "
               "{size}: {i2} of the spread comes from real differences between the studies, "
               "not from chance ({tau2})."),
    "no_pi": ("Een voorspellingsinterval voor een nieuwe setting is met {k} studies niet te "
              "geven.", "A prediction interval for a new setting cannot be given with {k} "
              "studies."),
    "studies": ("{n} studies, op één basis herberekend (prijspeil {year}); {recomputed} uit hun "
                "kasstromen, {indexed} alleen geïndexeerd (alleen contante waarden).",
                "{n} studies, recomputed on one basis ({year} prices); {recomputed} from their "
                "flows, {indexed} only price-indexed (present values only)."),
    "illustrative": ("{n_ill} van de {n} studies zijn illustratieve voorbeelden, geen "
                     "gepubliceerde MKBA's: gebruik de getallen niet als bevinding.",
                     "{n_ill} of the {n} studies are illustrative examples, not published "
                     "SCBAs: do not use the numbers as findings."),
    "published": ("De {m} gepubliceerde MKBA's met alleen kopcijfers tellen niet mee in deze "
                  "getallen (sectie Gepubliceerde MKBA's).",
                  "The {m} published SCBAs known only by their headline figures do not count in "
                  "these numbers (section Published MKBAs)."),
    "and": (" en ", " and "),
    "other": ("{actor} (in {k} van de {n} studies, daar gemiddeld {mean})",
              "{actor} (in {k} of the {n} studies, there on average {mean})"),
}

#: I² in words, after Higgins et al. (2003), BMJ 327:557-560 ("low, moderate and high to I²
#: values of 25%, 50% and 75%"): (upper bound in percent, Dutch, English).
_I2_WORDS = ((25.0, "klein", "small"), (50.0, "matig", "moderate"),
             (75.0, "aanzienlijk", "substantial"), (math.inf, "groot", "large"))


def i2_words(i2: float, lang: str = "nl") -> str:
    """I² (0 to 100) in words, after Higgins et al. (2003): below 25 small, below 50 moderate,
    below 75 substantial, from 75 large.

    Examples
    --------
    >>> i2_words(4.4), i2_words(50.0, "en"), i2_words(80.0)
    ('klein', 'substantial', 'groot')
    """
    for bound, nl, en in _I2_WORDS:
        if i2 < bound:
            return en if lang == "en" else nl
    return _I2_WORDS[-1][2 if lang == "en" else 1]


def actor_shares(by_actor: Mapping[str, object]) -> list[dict]:
    """Per actor, its share of each study's present value of the costs and of the benefits.

    ``by_actor`` maps a study id to that study's per-actor present values (a frame with the
    columns ``actor``, ``costs`` and ``benefits``, as :attr:`mkba.appraisal.Appraisal.by_actor`).
    A study's share for an actor is the actor's amount divided by the study's total of that
    kind; an actor counts only in the studies in which it occurs, and a study whose total of a
    kind is 0 gives no share of that kind.

    Returns one dict per actor: ``actor`` (code), ``studies`` (ids of the studies in which it
    occurs) and ``costs`` and ``benefits``, each a dict with ``mean`` (each study counts once),
    ``low``, ``high`` and ``n`` (studies with a share; ``mean``, ``low`` and ``high`` are None
    when ``n`` is 0). The municipality comes first, then the actors by their mean share of the
    benefits, largest first.

    Examples
    --------
    Two studies: the municipality pays 90 of 100 and 60 of 80; it receives 10 of 200 and none
    of 100 (it occurs in both):

    >>> import pandas as pd
    >>> a = pd.DataFrame({"actor": ["gemeente", "rijk"], "costs": [90.0, 10.0],
    ...                   "benefits": [10.0, 190.0]})
    >>> b = pd.DataFrame({"actor": ["gemeente", "zorgverzekeraar"], "costs": [60.0, 20.0],
    ...                   "benefits": [0.0, 100.0]})
    >>> shares = actor_shares({"a": a, "b": b})
    >>> [s["actor"] for s in shares]
    ['gemeente', 'zorgverzekeraar', 'rijk']
    >>> g = shares[0]
    >>> g["costs"]["low"], g["costs"]["high"], round(g["costs"]["mean"], 4)
    (0.75, 0.9, 0.825)
    >>> g["benefits"]["low"], g["benefits"]["high"], g["benefits"]["mean"]
    (0.0, 0.05, 0.025)
    """
    shares: dict[str, dict[str, list[float]]] = {}
    studies: dict[str, list[str]] = {}
    for sid, frame in by_actor.items():
        totals = {kind: math.fsum(float(v) for v in frame[kind]) for kind in KINDS}
        for actor, costs, benefits in zip(frame["actor"], frame["costs"], frame["benefits"],
                                          strict=True):
            actor = str(actor)
            studies.setdefault(actor, []).append(str(sid))
            entry = shares.setdefault(actor, {kind: [] for kind in KINDS})
            for kind, amount in zip(KINDS, (costs, benefits), strict=True):
                if totals[kind] != 0:
                    entry[kind].append(float(amount) / totals[kind])

    def stats(values: list[float]) -> dict:
        if not values:
            return {"mean": None, "low": None, "high": None, "n": 0}
        return {"mean": math.fsum(values) / len(values), "low": min(values),
                "high": max(values), "n": len(values)}

    out = [{"actor": actor, "studies": studies[actor],
            **{kind: stats(values) for kind, values in entry.items()}}
           for actor, entry in shares.items()]
    return sorted(out, key=lambda s: (s["actor"] != MUNICIPALITY,
                                      -(s["benefits"]["mean"] or 0.0), s["actor"]))


#: The two kinds of amount of :func:`actor_shares`; the municipality's actor code.
KINDS = ("costs", "benefits")
MUNICIPALITY = "gemeente"


def _in_sentence(label: str, lang: str) -> str:
    return label[:1].lower() + label[1:] if lang == "en" else label


def _share_span(stats: dict, lang: str) -> str:
    """'86–98%' (or '91%' when the lowest and highest are the same)."""
    low, high = (formatting.percent(stats[k], lang) for k in ("low", "high"))
    if low == high:
        return high
    return f"{low.removesuffix('%')}–{high}"


def _share_cell(stats: dict, lang: str) -> str:
    if stats["n"] == 0:
        return ""
    mean, span = formatting.percent(stats["mean"], lang), _share_span(stats, lang)
    return mean if span == mean else f"{mean} ({span})"


def summary_block(report) -> dict:
    """The key message of the report, for the summary block at the top of the page.

    ``ratio``: the pooled benefit-cost ratio in words, with its interval and what it is (the
    back-transformed mean on the log scale), also in two parts: ``lead`` (the message) and
    ``lead_rest`` (the interval and what the mean is); ``actors``: what share of the costs
    and of the benefits the municipality has across the studies (range and mean,
    :func:`actor_shares`) and who gets most of the rest; ``actor_table``: the shares of every
    actor (header, rows, note, for table.html.j2); ``spread``: the prediction interval and
    I² in words (:func:`i2_words`) with tau²; ``notices``: the number of studies and what they are
    (recomputed or price-indexed; illustrative; not representative; published studies not
    counted). Every number is formatted by :mod:`mkba.formatting`.
    """
    lang, en = report.lang, report.lang == "en"
    p = report.pooled.pooled

    def text(key: str, **values) -> str:
        return _SUMMARY[key][en].format(**values)

    n = len(report.studies)
    level = formatting.level(p.level, lang)
    estimate = _ratio(report, p.estimate)
    euro = f"€{estimate}" if en else f"€ {estimate}"
    ci = _interval(report, p.ci_low, p.ci_high)
    lead = text("ratio", n=n, euro=euro)
    rest = text("ratio_rest", level=level, ci=ci, back=phrase("back_transformed", lang))

    shares = actor_shares({sid: a.by_actor for sid, a in report.base_appraisals().items()})
    label = vocabulary("actors").label
    town = next((s for s in shares if s["actor"] == MUNICIPALITY), None)
    if town is None or town["costs"]["n"] == 0 or town["benefits"]["n"] == 0:
        actors = text("actors_none")
    else:
        # "mainly": by the share over all studies (a study without the actor gives it none)
        others = sorted((s for s in shares if s["actor"] != MUNICIPALITY and s["benefits"]["n"]),
                        key=lambda s: -s["benefits"]["mean"] * s["benefits"]["n"])[:2]
        # an English label inside a sentence starts in lower case ("health insurer"); a Dutch
        # one is kept as the vocabulary has it ("het Rijk" keeps its capital)
        names = [text("other", actor=_in_sentence(label(s["actor"], lang), lang),
                      k=s["benefits"]["n"], n=n,
                      mean=formatting.percent(s["benefits"]["mean"], lang)) for s in others]
        actors = text("actors", costs=_share_span(town["costs"], lang),
                      cost_mean=formatting.percent(town["costs"]["mean"], lang),
                      benefits=_share_span(town["benefits"], lang),
                      benefit_mean=formatting.percent(town["benefits"]["mean"], lang),
                      others=text("and").join(names) or "-")
    head = _SUMMARY["actor_head"][en]
    rows = [[{"text": text("actor_cell", actor=label(s["actor"], lang), k=len(s["studies"]),
                           n=n), "num": False},
             {"text": _share_cell(s["costs"], lang), "num": True},
             {"text": _share_cell(s["benefits"], lang), "num": True}] for s in shares]
    actor_table = {"name": "actor_shares", "header": list(head), "rows": rows,
                   "note": text("actor_note")}

    if formatting.is_missing(p.pi_low) or formatting.is_missing(p.pi_high):
        spread = text("no_pi", k=p.k)
    else:
        spread = text("spread", level=level, low=_ratio(report, p.pi_low),
                      high=_ratio(report, p.pi_high), size=i2_words(p.i2, lang),
                      i2=formatting.i2(p.i2, lang),
                      tau2=formatting.tau2_text(p.tau2, lang,
                                                euro_scale=not report.pooled.log_scale))
    recomputed = _recomputed(report)
    notices = [text("studies", n=n, year=report.basis.price_year, recomputed=recomputed,
                    indexed=n - recomputed)]
    n_ill = sum(s.illustrative for s in report.studies)
    if n_ill:
        notices.append(text("illustrative", n_ill=n_ill, n=n))
    notices.append(phrase("not_representative", lang))
    if getattr(report, "published", ()):
        notices.append(text("published", m=len(report.published)))
    return {"ratio": f"{lead} {rest}", "lead": lead, "lead_rest": rest, "actors": actors,
            "actor_table": actor_table, "spread": spread,
            "notices": notices}
