"""Wording of the HTML report (Dutch and English) and the sentences built from the results."""

from __future__ import annotations

from mkba import formatting
from mkba.schema import FIELDS_BY_NAME

__all__ = ["TEXT", "summary_facts", "summary_text", "method_items"]

TEXT = {
    "nl": {
        "title": "Maatschappelijke kosten en baten van sociale wijkteams",
        "subtitle": "Vergelijking van MKBA-studies op één basis, met gepoolde uitkomsten.",
        "illustrative_head": "Illustratief.", "illustrative_short": "illustratief",
        "summary": "Samenvatting", "method": "Methode en aannames", "figures": "Figuren",
        "tables": "Tabellen", "scenarios": "Scenario's voor de gemeente",
        "appendix": "Bijlage: studies en de bron van elk getal",
        "appendix_more": "… en nog {n} bedragen; zie data/items.csv (alle bedragen met hun "
                         "bron).",
        "appendix_intro": "Per studie de gegevens zoals ingelezen, met het bestand, het "
                          "werkblad en de cel waar elk getal vandaan komt.",
        "figure": "Figuur", "table": "Tabel",
        "tables_files": "Alle tabellen staan ook in tables.xlsx en tables/*.csv; de figuren in "
                        "figures/ (png en svg); alle uitkomsten machineleesbaar in results.json.",
        "file": "Bestand", "layout": "Indeling", "field": "Veld", "value": "Waarde",
        "source": "Bron (bestand!blad!cel)", "variant": "Variant", "measure": "Kengetal",
        "low": "Laag", "high": "Hoog", "level": "Niveau", "kind": "Soort", "cost": "Kosten",
        "benefit": "Baten", "category": "Categorie", "original": "Oorspronkelijk label",
        "actor": "Actor", "description": "Omschrijving", "year": "Jaar", "amount": "Bedrag",
        "footer": "Gemaakt met mkba; dezelfde invoer geeft dezelfde bestanden.",
        "yes": "ja", "no": "nee",
        "studies": "Studies", "pooled_bcr": "Gepoolde baten-kostenverhouding",
        "ci": "BI", "pi": "voorspellingsinterval",
        "p_pos": "Kans dat de baten de kosten overtreffen in een nieuwe setting",
        "heterogeneity": "Heterogeniteit tussen studies",
        "scenario_intro": "Elk scenario rekent de eigen inzet van de gemeente door op het "
                          "gepoolde bewijs, met dezelfde trekkingen voor alle scenario's.",
        "scenario_net_by_actor": "Netto contante waarde per actor per scenario.",
        "scenario_npv_distribution": "Verdeling van de netto contante waarde per scenario "
                                     "(Monte Carlo, voorspellingsverdeling).",
        "scenario_probability_best": "Kans dat elk scenario de hoogste netto contante waarde "
                                     "heeft.",
    },
    "en": {
        "title": "Social costs and benefits of social neighbourhood teams",
        "subtitle": "SCBA studies compared on one basis, with pooled results.",
        "illustrative_head": "Illustrative.", "illustrative_short": "illustrative",
        "summary": "Summary", "method": "Method and assumptions", "figures": "Figures",
        "tables": "Tables", "scenarios": "Scenarios for the municipality",
        "appendix": "Appendix: studies and the source of every number",
        "appendix_more": "… and {n} more amounts; see data/items.csv (every amount with its "
                         "source).",
        "appendix_intro": "Each study as read, with the file, sheet and cell every number "
                          "comes from.",
        "figure": "Figure", "table": "Table",
        "tables_files": "All tables are also in tables.xlsx and tables/*.csv; the figures in "
                        "figures/ (png and svg); all results machine-readable in results.json.",
        "file": "File", "layout": "Layout", "field": "Field", "value": "Value",
        "source": "Source (file!sheet!cell)", "variant": "Variant", "measure": "Measure",
        "low": "Low", "high": "High", "level": "Level", "kind": "Kind", "cost": "Costs",
        "benefit": "Benefits", "category": "Category", "original": "Original label",
        "actor": "Actor", "description": "Description", "year": "Year", "amount": "Amount",
        "footer": "Made with mkba; the same inputs give the same files.",
        "yes": "yes", "no": "no",
        "studies": "Studies", "pooled_bcr": "Pooled benefit-cost ratio",
        "ci": "CI", "pi": "prediction interval",
        "p_pos": "Probability that benefits exceed costs in a new setting",
        "heterogeneity": "Heterogeneity between studies",
        "scenario_intro": "Each scenario projects the municipality's own team on the pooled "
                          "evidence, with the same random draws for every scenario.",
        "scenario_net_by_actor": "Net present value per actor per scenario.",
        "scenario_npv_distribution": "Distribution of the net present value per scenario "
                                     "(Monte Carlo, prediction distribution).",
        "scenario_probability_best": "Probability that each scenario has the highest net "
                                     "present value.",
    },
}


def _ratio(report, value: float) -> str:
    return formatting.ratio(report.pooled.shown(value), report.lang)


def summary_facts(report) -> list[dict]:
    """The headline numbers of the summary, as label/value/detail boxes."""
    t, lang, p = TEXT[report.lang], report.lang, report.pooled.pooled
    level = formatting.level(p.level, lang)
    n_ill = sum(s.illustrative for s in report.studies)
    return [
        {"label": t["studies"], "value": str(len(report.studies)),
         "detail": f"{n_ill} {t['illustrative_short']}" if n_ill else ""},
        {"label": t["pooled_bcr"], "value": _ratio(report, p.estimate),
         "detail": f"{level}-{t['ci']} {_ratio(report, p.ci_low)} - {_ratio(report, p.ci_high)}"
                   f"; {t['pi']} {_ratio(report, p.pi_low)} - {_ratio(report, p.pi_high)}"},
        {"label": t["p_pos"],
         "value": formatting.percent(report.pooled.monte_carlo.p_above, lang, 1),
         "detail": ""},
        {"label": t["heterogeneity"], "value": formatting.i2_text(p.i2, lang),
         "detail": formatting.tau2_text(p.tau2, lang, euro_scale=not report.pooled.log_scale)},
    ]


def summary_text(report) -> str:
    """One paragraph that says what the numbers are."""
    p, lang = report.pooled.pooled, report.lang
    price_year = report.basis.price_year
    if lang == "nl":
        return (f"{len(report.studies)} studies zijn herberekend op prijspeil {price_year} en "
                f"gepoold met een random-effects-model ({p.method.upper()}). Over de studies "
                f"heen leveren de aanpakken gemiddeld {_ratio(report, p.estimate)} euro aan "
                "baten op per euro kosten; het voorspellingsinterval laat zien hoe ver een "
                "nieuwe setting daarvan kan afwijken.")
    return (f"{len(report.studies)} studies were recomputed in {price_year} prices and pooled "
            f"with a random-effects model ({p.method.upper()}). Across the studies the "
            f"approaches yield on average {_ratio(report, p.estimate)} euros of benefits per "
            "euro of costs; the prediction interval shows how far a new setting may differ.")


def method_items(report) -> list[str]:
    """The method section: basis, pooling, assumptions, and which studies were flagged."""
    lang, nl = report.lang, report.lang == "nl"
    b, pooled = report.basis, report.pooled
    p, ev = pooled.pooled, pooled.evidence
    table = ev.table
    flagged = [s for s, f in zip(table["study_id"], table["flagged"], strict=True) if f]
    not_recomputed = [s for s, r in zip(table["study_id"], table["recomputed"], strict=True)
                      if not r]
    coverage = formatting.level(ev.coverage, lang)
    by = FIELDS_BY_NAME[pooled.by].label(lang).lower() if pooled.by else None
    if nl:
        items = [
            b.describe(lang),
            f"Pooling: random effects, tau² met {p.method.upper()}, "
            f"{'Knapp-Hartung' if p.ci_method == 'hksj' else 'normale'} intervallen; de "
            "baten-kostenverhouding is op logschaal gepoold en terugvertaald.",
            "Onzekerheid per studie: een gerapporteerd interval; anders de bandbreedte van de "
            f"eigen gevoeligheidsvarianten, aangenomen als {coverage}-interval; anders de "
            "grootste variantie van de andere studies (gemarkeerd).",
            "Gemarkeerd (geen eigen onzekerheid): " + (", ".join(flagged) or "geen") + ".",
            "Niet herberekend (alleen contante waarden, wel geïndexeerd): "
            + (", ".join(not_recomputed) or "geen") + ".",
            f"Subgroepen naar {by}, met toets op verschil tussen groepen." if by else "",
            "Monte Carlo: trekkingen uit de voorspellingsverdeling (spreiding tussen studies, "
            f"niet alleen de standaardfout), {pooled.monte_carlo.n} trekkingen, seed "
            f"{pooled.monte_carlo.seed}.",
        ]
    else:
        items = [
            b.describe(lang),
            f"Pooling: random effects, tau² by {p.method.upper()}, "
            f"{'Knapp-Hartung' if p.ci_method == 'hksj' else 'normal'} intervals; the "
            "benefit-cost ratio is pooled on the log scale and back-transformed.",
            "Uncertainty per study: a reported interval; otherwise the range of its own "
            f"sensitivity variants, taken as a {coverage} interval; otherwise the largest "
            "variance of the other studies (flagged).",
            "Flagged (no own uncertainty): " + (", ".join(flagged) or "none") + ".",
            "Not recomputed (present values only, price indexed): "
            + (", ".join(not_recomputed) or "none") + ".",
            f"Subgroups by {by}, with a test of the difference between groups." if by else "",
            "Monte Carlo: draws from the prediction distribution (the spread between studies, "
            f"not only the standard error), {pooled.monte_carlo.n} draws, seed "
            f"{pooled.monte_carlo.seed}.",
        ]
    return [i for i in items if i]
