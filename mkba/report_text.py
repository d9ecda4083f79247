"""Wording of the HTML report (Dutch and English) and the sentences built from the results.

The published studies (headline-only, :class:`mkba.headlines.PublishedStudy`) have their own
section: :func:`published_records` (their plain data, for ``results.json`` and
``mkba register --json``), :func:`published_rows` (the table), :func:`not_pooled` (why each
stays out of pooling) and :func:`published_intro` (what the section is).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from mkba import formatting
from mkba.appraisal import appraise, describe_basis, reported_mismatches
from mkba.evidence import ABSENT
from mkba.headlines import (
    PERSPECTIVES,
    STATUSES,
    PublishedStudy,
    headline_text,
    left_out_of_pooling,
)
from mkba.io import REPORTED_TOLERANCE
from mkba.io.register import SHIPPED
from mkba.phrases import phrase
from mkba.schema import FIELDS_BY_NAME
from mkba.vocab import vocabulary

__all__ = ["TEXT", "summary_facts", "summary_text", "method_items", "published_records",
           "published_rows", "published_intro", "not_pooled", "source_link", "figure_text",
           "summary_block", "actor_shares", "i2_words"]

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


def _ratio(report, value: float) -> str:
    return formatting.ratio(report.pooled.shown(value), report.lang)


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
                   f"{_ratio(report, p.ci_low)}–{_ratio(report, p.ci_high)}"
                   f"; {t['pi']} {_ratio(report, p.pi_low)}–{_ratio(report, p.pi_high)}"},
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
    return sum(bool((report.appraisals[s.id][0] if s.id in report.appraisals else
                     appraise(s, report.basis)).recomputed) for s in report.studies)


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
    ci = f"{_ratio(report, p.ci_low)} - {_ratio(report, p.ci_high)}"
    pi = f"{_ratio(report, p.pi_low)} - {_ratio(report, p.pi_high)}"
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


# -- the published studies ------------------------------------------------------------------
_URL = re.compile(r"https?://[^\s,;]+")


def source_link(source: str) -> dict:
    """A source as a link: its first web address (``href``), shown by its host name (``text``),
    and what the source says besides the address (``rest``, such as a page).

    Only ``http`` and ``https`` addresses become links; a source without one is shown as text.

    Examples
    --------
    >>> source_link("https://www.platform31.nl/wat-we-doen/x, p. 12")
    {'href': 'https://www.platform31.nl/wat-we-doen/x', 'text': 'platform31.nl', 'rest': 'p. 12'}
    >>> source_link("rapport, tabel 3")
    {'href': None, 'text': 'rapport, tabel 3', 'rest': ''}
    """
    found = _URL.search(source or "")
    if found is None:
        return {"href": None, "text": source or "", "rest": ""}
    href = found.group(0).rstrip(".)")
    host = (urlsplit(href).hostname or href).removeprefix("www.")
    rest = (source[:found.start()] + source[found.start() + len(href):]).strip(" ,;.")
    return {"href": href, "text": host, "rest": rest}


def _label(table: dict, code: str | None, lang: str) -> str:
    return table[code][lang == "en"] if code in table else ""


def figure_text(h, lang: str = "nl") -> str:
    """A headline with its kind (:func:`mkba.headlines.headline_text`), and its perspective
    when that is not society's.

    Examples
    --------
    >>> from mkba.headlines import Headline
    >>> h = Headline("bcr", 3.0, None, None, "lower", "unknown", None, "verified", "x")
    >>> figure_text(h), figure_text(h, "en")
    ('baten-kostenverhouding ≥ 3 (ondergrens); perspectief: onbekend', \
'benefit-cost ratio ≥ 3 (lower bound); perspective: unknown')
    """
    shown = headline_text(h, lang)
    if h.perspective != "society":
        perspective = _label(PERSPECTIVES, h.perspective, lang)
        shown += "; " + TEXT[lang]["perspective"].format(p=perspective)
    return shown


def published_records(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """The published studies as plain data: codes and numbers as they are, in the given order.

    Per study its metadata (codes, not labels), its ``headlines`` (each with ``measure``,
    ``value``, ``low``, ``high`` (shares as fractions), ``bound``, ``perspective``,
    ``period``, ``price_year``, ``rate``, ``status``, ``source``, ``note`` and ``text``: the
    figure with its kind as :func:`mkba.headlines.headline_text` writes it in ``lang``) and
    ``not_pooled``: why it stays out of pooling (:func:`mkba.headlines.left_out_of_pooling`,
    in ``lang``). ``text`` and ``not_pooled`` are the only formatted texts.

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> r = {s["id"]: s for s in published_records(read_register(), "en")}
    >>> h = r["amsterdam-west-2014-buurtpraktijkteam"]["headlines"][0]
    >>> h["measure"], h["value"], h["bound"], h["text"]
    ('bcr', 2.0, 'upper', 'benefit-cost ratio ≤ 2 (upper bound)')
    """
    out = []
    for s in published:
        out.append({
            "id": s.id, "scope": s.scope, "municipality": s.municipality, "approach": s.approach,
            "approach_type": s.approach_type, "year": s.year, "bureau": s.bureau,
            "commissioner": s.commissioner, "evaluation": s.evaluation, "cases": s.cases,
            "status": s.status, "source": s.source, "file": s.file, "note": s.note,
            "illustrative": s.illustrative,
            "headlines": [{
                "measure": h.measure, "value": h.value, "low": h.low, "high": h.high,
                "bound": h.bound, "perspective": h.perspective, "period": h.period,
                "price_year": h.price_year, "rate": h.rate, "status": h.status,
                "source": h.source, "note": h.note, "text": headline_text(h, lang)}
                for h in s.headlines],
            "not_pooled": left_out_of_pooling(s).render(lang),
        })
    return out


def not_pooled(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """Every published study with the reason it stays out of pooling (``study_id``,
    ``reason``), in the given order."""
    return [{"study_id": s.id, "reason": left_out_of_pooling(s).render(lang)}
            for s in published]


def published_rows(published: Iterable[PublishedStudy], lang: str = "nl") -> list[dict]:
    """The rows of the report's table of published studies, one per study in the given order.

    Each has the study's ``id``, ``municipality``, ``approach``, ``year``, ``bureau`` (as text)
    and its ``figures``: per headline its ``text`` (with its kind, and its perspective when not
    society's), ``status`` (a label) and ``link`` (:func:`source_link`); a study without a
    figure has one, that says so, with the study's status and source. ``group`` names the
    study's scope (social teams, related approaches, meta-analyses) on the first row of each
    run of one scope, and is None on the others.

    Examples
    --------
    >>> from mkba.io.register import read_register
    >>> rows = {r["id"]: r for r in published_rows(read_register())}
    >>> [(f["text"], f["status"], f["link"]["text"])
    ...  for f in rows["tilburg-2013-gezinsmanagement"]["figures"]]
    [('geen kopcijfer gevonden', 'niet gevonden', 'adoc.pub')]
    """
    t = TEXT[lang]
    rows = []
    previous = None
    for s in published:
        group = t.get(f"scope_{s.scope}", s.scope) if s.scope != previous else None
        previous = s.scope
        figures = [{"text": figure_text(h, lang), "status": _label(STATUSES, h.status, lang),
                    "link": source_link(h.source or s.source)} for h in s.headlines] or [
            {"text": t["no_headline"], "status": _label(STATUSES, s.status, lang),
             "link": source_link(s.source)}]
        approach = s.approach + (f" ({'illustrative' if lang == 'en' else 'illustratief'})"
                                 if s.illustrative else "")
        rows.append({"id": s.id, "municipality": s.municipality, "approach": approach,
                     "year": "" if s.year is None else formatting.year(s.year),
                     "bureau": s.bureau, "figures": figures, "group": group})
    return rows


_INTRO = {
    "nl": ("Kopcijfers van gepubliceerde MKBA's en businesscases, zoals gepubliceerd: elk "
           "met zijn soort (schatting, onder- of bovengrens, bedrag per jaar) en zijn bron. Ze "
           "zijn niet herberekend op de gemeenschappelijke basis en geen ervan telt mee in de "
           "gepoolde uitkomsten van dit rapport. Bron: {sources}."),
    "en": ("Headline figures of published MKBAs (SCBAs) and business cases, as published: each "
           "with its kind (estimate, lower or upper bound, amount per year) and its source. "
           "They are not recomputed on the common basis and none of them counts in the pooled "
           "results of this report. Source: {sources}."),
}
_SHIPPED = {
    "nl": "het register dat met mkba wordt meegeleverd ({file}), in 2026 samengesteld uit "
          "openbare bronnen (zie mkba/data/register/README.md)",
    "en": "the register shipped with mkba ({file}), compiled in 2026 from public sources (see "
          "mkba/data/register/README.md)",
}


def published_intro(published: Iterable[PublishedStudy], lang: str = "nl") -> str:
    """What the section of published studies is, and where its studies come from (the shipped
    register, a register file, study workbooks: the files they were read from)."""
    shipped = SHIPPED.rsplit("/", 1)[-1]
    files = sorted({s.file for s in published if s.file})
    sources = [_SHIPPED[lang].format(file=f) if f == shipped else f for f in files]
    return _INTRO[lang].format(sources=", ".join(sources) or "-")


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


def _base_by_actor(report) -> dict:
    return {s.id: (report.appraisals[s.id][0] if s.id in report.appraisals else
                   appraise(s, report.basis)).by_actor for s in report.studies}


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
    estimate = formatting.ratio(report.pooled.shown(p.estimate), lang)
    euro = f"€{estimate}" if en else f"€ {estimate}"
    ci = f"{_ratio(report, p.ci_low)}–{_ratio(report, p.ci_high)}"
    lead = text("ratio", n=n, euro=euro)
    rest = text("ratio_rest", level=level, ci=ci, back=phrase("back_transformed", lang))

    shares = actor_shares(_base_by_actor(report))
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
