"""Wording of the HTML report (Dutch and English) and the sentences built from the results.

The published studies (headline-only, :class:`mkba.headlines.PublishedStudy`) have their own
section: :func:`published_records` (their plain data, for ``results.json`` and
``mkba register --json``), :func:`published_rows` (the table), :func:`not_pooled` (why each
stays out of pooling) and :func:`published_intro` (what the section is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
           "published_rows", "published_intro", "not_pooled", "source_link", "figure_text"]

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
                   f"{level}-{t['ci']} {_ratio(report, p.ci_low)} - {_ratio(report, p.ci_high)}"
                   f"; {t['pi']} {_ratio(report, p.pi_low)} - {_ratio(report, p.pi_high)}"},
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
