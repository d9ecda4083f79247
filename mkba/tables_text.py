"""Wording of the presentation tables in Dutch and English: titles, column headers, notes and
the basis line of :mod:`mkba.tables`.

Kept apart from :mod:`mkba.tables` because it changes for another reason: the words, not the
numbers.
"""

from __future__ import annotations

from mkba.phrases import PHRASES
from mkba.schema import FIELDS_BY_NAME, REPORTED_MEASURES

__all__ = ["TEXT", "label"]

#: Text per key: (Dutch, English).
TEXT = {
    "overview": ("Overzicht van de studies", "Overview of the studies"),
    "headline": ("Uitkomsten per studie", "Headline results per study"),
    "actors": ("Wie betaalt, wie profiteert", "Who pays, who benefits"),
    "benefits": ("Samenstelling van de baten", "Composition of the benefits"),
    "sensitivity": ("Gevoeligheid voor de methode", "Sensitivity to the method"),
    "summary": ("Samenvatting over de studies", "Summary over the studies"),
    "study": ("Studie", "Study"), "actor": ("Actor", "Actor"),
    "category": ("Batencategorie", "Benefit category"),
    "costs": ("Kosten", "Costs"), "benefits_col": ("Baten", "Benefits"),
    "balance": ("Saldo", "Balance"),
    "share_costs": ("Aandeel in kosten", "Share of costs"),
    "share_benefits": ("Aandeel in baten", "Share of benefits"),
    "pv": ("Contante waarde", "Present value"),
    "per_hh": ("Per huishouden", "Per household"),
    "costs_hh": ("Kosten per huishouden", "Costs per household"),
    "benefits_hh": ("Baten per huishouden", "Benefits per household"),
    "net_hh": ("Netto per huishouden", "Net per household"),
    "payback": ("Terugverdienjaar", "Payback year"),
    "bcr_low": ("B/K laag (gevoeligheid)", "BCR low (sensitivity)"),
    "bcr_high": ("B/K hoog (gevoeligheid)", "BCR high (sensitivity)"),
    "variants": ("Aantal varianten", "Number of variants"),
    "recomputed": ("Herberekend", "Recomputed"),
    "illustrative": ("Illustratief", "Illustrative"),
    "bcr_own": ("B/K eigen basis", "BCR own basis"),
    "bcr_at": ("B/K bij {}", "BCR at {}"),
    "bcr_horizon": ("B/K bij looptijd {} jaar", "BCR at {}-year horizon"),
    "own_rate": ("Eigen discontovoet", "Own discount rate"),
    "own_horizon": ("Eigen looptijd (jaren)", "Own horizon (years)"),
    "selection": ("Selectie", "Selection"), "statistic": ("Statistiek", "Statistic"),
    "n": ("Aantal studies", "Number of studies"),
    "n_not_recomputed": ("Waarvan niet herberekend", "Of which not recomputed"),
    "n_illustrative": ("Waarvan illustratief", "Of which illustrative"),
    "all": ("Alle studies", "All studies"),
    "published": ("Zonder illustratieve studies", "Without illustrative studies"),
    "mean": ("Gemiddelde", "Mean"), "median": ("Mediaan", "Median"),
    "min": ("Minimum", "Minimum"), "max": ("Maximum", "Maximum"),
    "yes": ("ja", "yes"), "no": ("nee", "no"),
    "marks": (
        "Herberekend = nee: de studie rapporteert alleen contante waarden; die zijn naar het "
        "prijspeil geïndexeerd maar niet opnieuw verdisconteerd (eigen discontovoet en "
        "looptijd). Illustratief = ja: geen gepubliceerde MKBA.",
        "Recomputed = no: the study reports present values only; they are price indexed but "
        "not re-discounted (own rate and horizon). Illustrative = yes: not a published SCBA."),
    "note_headline": (
        "B/K laag en hoog: laagste en hoogste baten-kostenverhouding over de basis en de "
        "gevoeligheidsvarianten van de studie zelf. Terugverdienjaar: eerste jaar vanaf "
        "wanneer de gecumuleerde contante netto baten niet meer negatief zijn (leeg: nooit, "
        "of niet herberekend).",
        "BCR low and high: lowest and highest benefit-cost ratio over the base case and the "
        "study's own sensitivity variants. Payback year: first year from which the cumulative "
        "discounted net benefit stays non-negative (empty: never, or not recomputed)."),
    "rounding": ("Bedragen in hele euro's; door afronding tellen ze niet altijd precies op.",
                 "Amounts in whole euros; rounded figures may not add up exactly."),
    "note_shares": ("Aandelen zijn delen van het totaal van de studie.",
                    "Shares are fractions of the study's total."),
    "note_sensitivity": (
        "Elke kolom verandert één ding ten opzichte van de eigen basis van de studie "
        "(eigen discontovoet en looptijd). Een studie met alleen contante waarden is niet "
        "opnieuw te verdisconteren: haar verhouding is in elke kolom de gerapporteerde.",
        "Each column changes one thing relative to the study's own basis (own rate and "
        "horizon). Studies reporting present values only cannot be re-discounted: their "
        "ratio is the reported one in every column."),
    "note_summary": (
        "De studies vormen geen representatieve steekproef (de meta-analyse van 13 MKBA's "
        "uit 2014 benadrukte dat al): deze cijfers beschrijven alleen de verzamelde studies. "
        "Ongewogen; lege waarden tellen niet mee.",
        "The studies are no representative sample (the 2014 meta-analysis of 13 SCBAs "
        "stressed this): these figures only describe the studies collected. Unweighted; "
        "empty values are left out."),
    "basis_sens": ("Basis: verhoudingen (onafhankelijk van het prijspeil); {tm}.",
                   "Basis: ratios (independent of the price year); {tm}."),
    # the shared phrases of the basis line
    "basis": PHRASES["basis"], "own_rate_text": PHRASES["own_rate"],
    "own_horizon_text": PHRASES["own_horizon"], "common_horizon": PHRASES["common_horizon"],
    "t1": PHRASES["t1"], "t0": PHRASES["t0"],
}


def label(key: str, lang: str) -> str:
    """The Dutch or English text of ``key``: a key of :data:`TEXT`, a study field or a measure.

    Examples
    --------
    >>> label("payback", "en"), label("price_year", "nl"), label("bcr", "en")
    ('Payback year', 'Prijspeil (jaar)', 'Benefit-cost ratio')
    """
    if key in TEXT:
        return TEXT[key][lang == "en"]
    if key in FIELDS_BY_NAME:
        return FIELDS_BY_NAME[key].label(lang)
    return REPORTED_MEASURES[key][lang == "en"]
