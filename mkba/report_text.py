"""Wording of the HTML report (Dutch and English): its labels (:data:`TEXT`), the method section
and the flags that mark studies in the method section and the appendix.

The summary at the top of the report is :mod:`mkba.report_summary`; the section of published
studies is :mod:`mkba.report_published`.
"""

from __future__ import annotations

from mkba import formatting
from mkba.appraisal import describe_basis, reported_mismatches
from mkba.evidence import ABSENT
from mkba.io import REPORTED_TOLERANCE
from mkba.schema import FIELDS_BY_NAME
from mkba.vocab import vocabulary

__all__ = ["TEXT", "flags", "study_flags", "method_items"]

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
        "flags": "Markeringen", "file": "Bestand", "layout": "Indeling", "field": "Veld",
        "value": "Waarde",
        "source": "Bron (bestand!blad!cel)", "variant": "Variant", "measure": "Kengetal",
        "low": "Laag", "high": "Hoog", "level": "Niveau", "kind": "Soort", "cost": "Kosten",
        "benefit": "Baten", "category": "Categorie", "original": "Oorspronkelijk label",
        "actor": "Actor", "description": "Omschrijving", "year": "Jaar", "amount": "Bedrag",
        "footer": "Gemaakt met mkba; dezelfde invoer geeft dezelfde bestanden.",
        "yes": "ja", "no": "nee",
        "studies": "Studies", "pooled_bcr": "Gepoolde baten-kostenverhouding",
        "ci": "BI", "pi": "voorspellingsinterval",
        "p_pos": "Kans dat de baten de kosten overtreffen in een nieuwe setting",
        "draws": "{n} trekkingen uit de voorspellingsverdeling: gemiddelde {mean}, mediaan "
                 "{median}",
        "heterogeneity": "Heterogeniteit tussen studies",
        "calculator": "Rekenwerkmap voor gemeenten (Excel)",
        "calculator_intro": "Voor wie geen Python gebruikt: per type team een Excel-werkmap "
                            "(ook LibreOffice) met dit gepoolde bewijs als waarden en levende "
                            "formules. Vul op het blad Invoer de gele cellen in (bereik, "
                            "caseload, kosten, betalers, ingroei); het blad Uitvoer geeft de "
                            "contante waarde per actor, de begroting van de gemeente in jaar 2 "
                            "en de kans dat de baten de kosten overtreffen. De werkmappen staan "
                            "in de map {folder}/ naast deze pagina.",
        "calculator_left_out": "niet gemaakt: {reason}",
        "scenario_intro": "Elk scenario rekent de eigen inzet van de gemeente door op het "
                          "gepoolde bewijs, met dezelfde trekkingen voor alle scenario's.",
        "scenario_net_by_actor": "Netto contante waarde per actor per scenario.",
        "scenario_npv_distribution": "Verdeling van de netto contante waarde per scenario "
                                     "(Monte Carlo, voorspellingsverdeling).",
        "scenario_probability_best": "Kans dat elk scenario de hoogste netto contante waarde "
                                     "heeft.",
        "published": "Gepubliceerde MKBA's",
        "published_table": "Gepubliceerde MKBA's en businesscases met hun kopcijfers",
        "municipality": "Gemeente", "approach": "Aanpak", "bureau": "Bureau",
        "headline": "Kopcijfer (soort)", "status": "Status", "link": "Bron",
        "no_headline": "geen kopcijfer gevonden",
        "perspective": "perspectief: {p}",
        "not_pooled": "Niet gepoold",
        "not_pooled_intro": "Geen van deze studies telt mee in de gepoolde uitkomsten; per "
                            "studie de reden:",
        "scope_team": "Sociale (wijk)teams", "scope_related": "Verwante aanpakken",
        "scope_meta": "Meta-analyses",
        "actor_shares": "Wie betaalt, wie profiteert: aandeel per actor",
        "figure_files": "Elke figuur staat ook als svg en png in de map figures/ naast "
                        "index.html (de scenariofiguren in scenarios/). De link png bewaart de "
                        "figuur uit deze pagina zelf en werkt dus ook als index.html los is "
                        "verstuurd; de link svg werkt alleen met die map erbij.",
        "figure_phone": "Op een smal scherm staat elke figuur op ware grootte, zodat de tekst "
                        "leesbaar blijft: schuif de figuur opzij om alles te zien.",
        "scenario_page": "samenvatting op één pagina",
        "scenario_assumptions": "Aannames per scenario",
        "scenario_assumptions_note": "De invoer van elk scenario en het bewijs waarop het "
                                     "rust, zoals op het eerste blad van "
                                     "scenarios/comparison.xlsx.",
        "scenario_results": "Uitkomsten per scenario",
        "assumption": "Aanname",
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
        "flags": "Flags", "file": "File", "layout": "Layout", "field": "Field", "value": "Value",
        "source": "Source (file!sheet!cell)", "variant": "Variant", "measure": "Measure",
        "low": "Low", "high": "High", "level": "Level", "kind": "Kind", "cost": "Costs",
        "benefit": "Benefits", "category": "Category", "original": "Original label",
        "actor": "Actor", "description": "Description", "year": "Year", "amount": "Amount",
        "footer": "Made with mkba; the same inputs give the same files.",
        "yes": "yes", "no": "no",
        "studies": "Studies", "pooled_bcr": "Pooled benefit-cost ratio",
        "ci": "CI", "pi": "prediction interval",
        "p_pos": "Probability that benefits exceed costs in a new setting",
        "draws": "{n} draws from the prediction distribution: mean {mean}, median {median}",
        "heterogeneity": "Heterogeneity between studies",
        "calculator": "Calculator workbook for municipalities (Excel)",
        "calculator_intro": "For those who do not use Python: an Excel workbook (LibreOffice "
                            "too) per type of team, with this pooled evidence as values and "
                            "live formulas. Fill in the yellow cells on the Inputs sheet "
                            "(reach, caseload, costs, payers, ramp-up); the Output sheet gives "
                            "the present value per actor, the municipality's budget in year 2 "
                            "and the probability that the benefits exceed the costs. The "
                            "workbooks are in the folder {folder}/ next to this page.",
        "calculator_left_out": "not made: {reason}",
        "scenario_intro": "Each scenario projects the municipality's own team on the pooled "
                          "evidence, with the same random draws for every scenario.",
        "scenario_net_by_actor": "Net present value per actor per scenario.",
        "scenario_npv_distribution": "Distribution of the net present value per scenario "
                                     "(Monte Carlo, prediction distribution).",
        "scenario_probability_best": "Probability that each scenario has the highest net "
                                     "present value.",
        "published": "Published MKBAs",
        "published_table": "Published MKBAs and business cases with their headline figures",
        "municipality": "Municipality", "approach": "Approach", "bureau": "Bureau",
        "headline": "Headline figure (kind)", "status": "Status", "link": "Source",
        "no_headline": "no headline figure found",
        "perspective": "perspective: {p}",
        "not_pooled": "Not pooled",
        "not_pooled_intro": "None of these studies counts in the pooled results; the reason "
                            "per study:",
        "scope_team": "Social (neighbourhood) teams", "scope_related": "Related approaches",
        "scope_meta": "Meta-analyses",
        "actor_shares": "Who pays, who benefits: share per actor",
        "figure_files": "Every figure is also in the folder figures/ next to index.html, as svg "
                        "and png (the scenario figures in scenarios/). The png link saves the "
                        "figure from this page itself, so it also works when index.html is sent "
                        "on its own; the svg link works only with that folder beside it.",
        "figure_phone": "On a narrow screen every figure is shown at full size, so that its "
                        "text stays legible: swipe the figure sideways to see all of it.",
        "scenario_page": "one-page summary",
        "scenario_assumptions": "Assumptions per scenario",
        "scenario_assumptions_note": "The inputs of each scenario and the evidence it rests "
                                     "on, as on the first sheet of scenarios/comparison.xlsx.",
        "scenario_results": "Results per scenario",
        "assumption": "Assumption",
    },
}


#: The flags a study can carry in the report, (Dutch, English): what the method section lists
#: per flag and the appendix per study.
FLAGS = {
    "default": ("Gemarkeerd, standaardvariantie (geen eigen onzekerheid)",
                "Flagged, default variance (no own uncertainty)"),
    "present_values": ("Alleen geïndexeerd, niet herberekend (de studie geeft alleen contante "
                       "waarden)", "Price indexed only, not recomputed (the study gives present "
                       "values only)"),
    "mismatch": ("Gerapporteerde kengetallen die meer dan {tol} afwijken van de eigen posten "
                 "van de studie", "Reported headline figures that differ by more than {tol} "
                 "from the study's own line items"),
    "absent_actor": ("Niet meegeteld in het saldo per actor, omdat de actor in de studie niet "
                     "voorkomt (geen saldo 0)", "Not counted in the balance per actor, because "
                     "the actor does not occur in the study (no balance of 0)"),
}


def flags(report) -> dict[str, list[tuple[str, str]]]:
    """Per flag of :data:`FLAGS`, the (study id, detail) pairs it applies to: the studies given
    a default variance, those that give present values only (price indexed, not recomputed),
    each reported headline figure that the study's own line items do not reproduce
    (:func:`mkba.appraisal.reported_mismatches`, the importer's rule), and the actors a study
    does not have (left out of that actor's pooled balance, :data:`mkba.evidence.ABSENT`)."""
    table = report.pooled.evidence.table
    return {
        "default": [(s, "") for s, f in zip(table["study_id"], table["flagged"], strict=True)
                    if f],
        "present_values": [(s, "") for s, r in zip(table["study_id"], table["recomputed"],
                                                   strict=True) if not r],
        "mismatch": [(s.id, f"{fig.measure} ({fig.variant})") for s in report.studies
                     for fig, _ in reported_mismatches(s, REPORTED_TOLERANCE)],
        "absent_actor": [(sid, vocabulary("actors").label(actor, report.lang))
                         for actor, balance in report.pooled.by_actor.items()
                         for sid, reason in balance.excluded if reason == ABSENT],
    }


def _flag_text(key: str, lang: str) -> str:
    return FLAGS[key][lang == "en"].format(tol=formatting.percent(REPORTED_TOLERANCE, lang))


def study_flags(report, found=None) -> dict[str, list[str]]:
    """Per study id, the flags that apply to it, as text (for the appendix)."""
    found = flags(report) if found is None else found
    out: dict[str, list[str]] = {s.id: [] for s in report.studies}
    for key, pairs in found.items():
        details: dict[str, list[str]] = {}
        for sid, detail in pairs:
            details.setdefault(sid, []).extend([detail] if detail else [])
        for sid, shown in details.items():
            out[sid].append(_flag_text(key, report.lang) + (f": {', '.join(shown)}" if shown
                                                            else ""))
    return out


#: The sentences of the method section, (Dutch, English); the flags are in :data:`FLAGS`.
_METHOD = {
    "pooling": ("Pooling: random effects, tau² met {method}, {ci} intervallen; de "
                "baten-kostenverhouding is op logschaal gepoold en terugvertaald.",
                "Pooling: random effects, tau² by {method}, {ci} intervals; the benefit-cost "
                "ratio is pooled on the log scale and back-transformed."),
    "ci_hksj": ("Knapp-Hartung", "Knapp-Hartung"), "ci_z": ("normale", "normal"),
    "uncertainty": (
        "Onzekerheid per studie: een gerapporteerd interval; anders de eigen "
        "gevoeligheidsvarianten: elke kant (van de basis naar de laagste en naar de hoogste "
        "variant) geldt als één kant van een {coverage}-interval en de bredere kant geeft de "
        "standaardfout; het interval van de studie volgt haar eigen varianten; anders de "
        "grootste variantie van de andere studies (gemarkeerd).",
        "Uncertainty per study: a reported interval; otherwise its own sensitivity variants: "
        "each side (from the base case to the lowest and to the highest variant) counts as one "
        "side of a {coverage} interval and the wider side gives the standard error; the study's "
        "interval follows its own variants; otherwise the largest variance of the other studies "
        "(flagged)."),
    "none": ("geen", "none"),
    "subgroups": (
        "Subgroepen naar {by}: het verschil tussen subgroepen is getoetst met één "
        "gemeenschappelijke tau² (moderatortoets, zoals metafor rma met de subgroep als "
        "factor); de toets met een aparte tau² per subgroep staat ernaast; een subgroep van één "
        "studie wordt getoond maar niet getoetst.",
        "Subgroups by {by}: the difference between subgroups is tested with one common tau² "
        "(moderator test, as metafor's rma with the subgroup as a factor); the test with a "
        "separate tau² per subgroup is shown beside it; a subgroup of one study is shown but "
        "not tested."),
    "recomputed_only": (
        "Gepoolde statistieken gebruiken alleen de studies die op de gemeenschappelijke basis "
        "zijn herberekend{published}.",
        "Pooled statistics use only the studies recomputed on the common basis{published}."),
    "published_apart": ("; de gepubliceerde kopcijfers (sectie Gepubliceerde MKBA's) tellen "
                        "niet mee",
                        "; the published headline figures (section Published MKBAs) do not "
                        "count"),
    "monte_carlo": (
        "Monte Carlo: trekkingen uit de voorspellingsverdeling (spreiding tussen studies, niet "
        "alleen de standaardfout), {n} trekkingen, seed {seed}.",
        "Monte Carlo: draws from the prediction distribution (the spread between studies, not "
        "only the standard error), {n} draws, seed {seed}."),
}


def method_items(report, found=None) -> list[str]:
    """The method section: basis, pooling, assumptions, and every flag that applies (default
    variances, present values only, reported figures that do not reconcile, absent actors);
    ``found`` is :func:`flags` of the report when the caller has it already."""
    lang = report.lang
    pooled = report.pooled
    p, mc = pooled.pooled, pooled.monte_carlo

    def text(key: str, **values) -> str:
        return _METHOD[key][lang == "en"].format(**values)

    found = flags(report) if found is None else found
    listed = {key: ", ".join(f"{sid}: {d}" if d else sid for sid, d in pairs)
              for key, pairs in found.items()}
    by_actor: dict[str, list[str]] = {}  # the absent actors, per actor: which studies
    for sid, actor in found["absent_actor"]:
        by_actor.setdefault(actor, []).append(sid)
    listed["absent_actor"] = "; ".join(f"{actor}: {', '.join(ids)}"
                                       for actor, ids in by_actor.items())
    basis = describe_basis([a[0] for a in report.appraisals.values()], lang) \
        if report.appraisals else report.basis.describe(lang)
    by = FIELDS_BY_NAME[pooled.by].label(lang).lower() if pooled.by else None
    items = [
        basis,
        text("pooling", method=p.method.upper(),
             ci=text("ci_hksj" if p.ci_method == "hksj" else "ci_z")),
        text("uncertainty", coverage=formatting.level(pooled.evidence.coverage, lang)),
        *[f"{_flag_text(key, lang)}: {listed[key] or text('none')}." for key in FLAGS],
        text("recomputed_only", published=text("published_apart")
             if getattr(report, "published", ()) else ""),
        text("subgroups", by=by) if by else "",
        text("monte_carlo", n=formatting.number(mc.n, 0, lang), seed=mc.seed),
    ]
    return [i for i in items if i]
