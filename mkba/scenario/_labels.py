"""Dutch and English wording of scenario outputs (tables, plots, workbooks)."""

from __future__ import annotations

import math

from mkba import formatting
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import phrase
from mkba.vocab import vocabulary

#: Rows of the comparison table: code -> (Dutch, English, unit).
ROWS = {
    "households_reached": ("Bereikte huishoudens (volledige inzet)",
                           "Households reached (full operation)", "count"),
    "fte": ("Formatie in fte (volledige inzet)", "Staff in FTE (full operation)", "fte"),
    "pv_costs": ("Contante waarde kosten", "Present value of costs", "euro"),
    "pv_benefits": ("Contante waarde baten", "Present value of benefits", "euro"),
    "net_pv": ("Netto contante waarde", "Net present value", "euro"),
    "bcr": ("Baten-kostenverhouding", "Benefit-cost ratio", "ratio"),
    "net:": ("Saldo {actor}", "Net {actor}", "euro"),
    "budget_effect_year2": ("Budgeteffect gemeente in jaar 2 (niet verdisconteerd)",
                            "Municipal budget effect in year 2 (undiscounted)", "euro"),
    "break_even": ("Benodigd effect voor break-even (deel van het verwachte effect)",
                   "Effect needed to break even (share of the expected effect)", "share"),
    "payback_year": ("Terugverdienjaar", "Payback year", "year"),
    "benefit_per_household": ("Baten per bereikt huishouden per jaar (dit team, naar segment)",
                              "Benefit per reached household per year (this team, by segment)",
                              "euro"),
    "net_pv_split_low": ("Netto contante waarde, laagste plausibele verdeling over segmenten",
                         "Net present value, lowest plausible split over segments", "euro"),
    "net_pv_split_high": ("Netto contante waarde, hoogste plausibele verdeling over segmenten",
                          "Net present value, highest plausible split over segments", "euro"),
    "annual_benefit": ("Gepoolde baten per bereikt huishouden per jaar",
                       "Pooled benefits per reached household per year", "euro"),
    "evidence_k": ("Aantal studies in de pooling", "Studies pooled", "count"),
    "p_benefits_exceed_costs": ("Kans baten > kosten", "P(benefits > costs)", "share"),
    "p_municipality_gains": ("Kans dat de gemeente er netto op vooruitgaat",
                             "P(municipality gains)", "share"),
    "net_low": ("Netto contante waarde, ondergrens interval",
                "Net present value, interval low", "euro"),
    "net_high": ("Netto contante waarde, bovengrens interval",
                 "Net present value, interval high", "euro"),
    "municipality_net_low": ("Saldo gemeente, ondergrens interval",
                             "Municipality net, interval low", "euro"),
    "municipality_net_high": ("Saldo gemeente, bovengrens interval",
                              "Municipality net, interval high", "euro"),
    "p_best": ("Kans dat dit scenario het beste is (hoogste netto contante waarde)",
               "P(this scenario is best: highest net present value)", "share"),
}

#: The scenario segments in the wording of the outputs (short: "zwaar", not the vocabulary's
#: "Zware problematiek").
SEGMENT_WORDS = {"zwaar": Text("zwaar", "heavy"), "kwetsbaar": Text("kwetsbaar", "vulnerable"),
                 "overig": Text("overig", "other")}

TEXT = {
    "measure": ("Uitkomst", "Result"), "code": ("code", "code"), "unit": ("eenheid", "unit"),
    "net_by_actor": ("Netto contante waarde per actor", "Net present value per actor"),
    "distribution": ("Verdeling van de netto contante waarde",
                     "Distribution of the net present value"),
    "p_best_title": ("Kans dat een scenario het beste is", "Probability that a scenario is best"),
    "actor": ("Actor", "Actor"), "scenario": ("Scenario", "Scenario"),
    "mln": ("mln €, prijspeil {year}", "€ million, {year} prices"),
    "npv_axis": ("Netto contante waarde (mln €, prijspeil {year})",
                 "Net present value (€ million, {year} prices)"),
    "density": ("Kansdichtheid (per mln €)", "Probability density (per € million)"),
    "prob_axis": ("Kans (%)", "Probability (%)"),
    "draws_note": ("{draws} trekkingen, seed {seed}; gemeenschappelijke trekkingen",
                   "{draws} draws, seed {seed}; common random numbers"),
    "interval_note": ("strepen: {level}-interval", "whiskers: {level} interval"),
    "level_note": ("intervallen: {level}", "intervals: {level}"),
    "total": ("Totaal", "Total"),
    "warnings": ("Waarschuwingen bij {name}:", "Warnings for {name}:"),
}


def text(key: str, lang: str, **kw) -> str:
    return TEXT[key][lang == "en"].format(**kw)


def illustrative(lang: str) -> str:
    """The notice of outputs whose evidence rests on illustrative studies."""
    return phrase("illustrative_scenario", lang)


def level_note(key: str, level: float, lang: str) -> str:
    """The note on the level of the intervals ('interval_note' or 'level_note'): 90%."""
    return text(key, lang, level=formatting.level(level, lang))


#: How a value of each unit of :data:`ROWS` is shown, by :mod:`mkba.formatting`.
_SHOWN = {
    "euro": formatting.euro,
    "share": lambda value, lang: formatting.percent(value, lang, 1),
    "ratio": formatting.ratio,
    "fte": lambda value, lang: formatting.number(value, 1, lang),
    "count": lambda value, lang: formatting.number(value, 0, lang),
    "year": lambda value, lang: formatting.year(value),
}


def shown(value, unit: str, lang: str) -> str:
    """A value of a comparison row as text; '-' when there is none (or it is not finite).

    Examples
    --------
    >>> shown(1234567.4, "euro", "nl"), shown(0.734, "share", "en"), shown(None, "ratio", "nl")
    ('€ 1.234.567', '73.4%', '-')
    >>> shown(12.25, "fte", "nl"), shown(2031.0, "year", "en"), shown(1.5, "ratio", "en")
    ('12,2', '2031', '1.50')
    """
    if formatting.is_missing(value) or not math.isfinite(value):
        return "-"
    return _SHOWN[unit](value, lang)


def row_label(code: str, lang: str) -> str:
    """The label of a comparison row (``net:<actor>`` rows name the actor)."""
    if code.startswith("net:"):
        actor = code.split(":", 1)[1]
        return ROWS["net:"][lang == "en"].format(actor=actor_label(actor, lang))
    return ROWS[code][lang == "en"]


def row_unit(code: str) -> str:
    return ROWS["net:" if code.startswith("net:") else code][2]


def actor_label(code: str, lang: str) -> str:
    try:
        return vocabulary("actors").label(code, lang)
    except ArgumentError:
        return code
