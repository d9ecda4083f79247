"""The one-page summary of a scenario for a council memo: :func:`summary_html`.

One A4 page per scenario (printable from the browser, or as a PDF with :func:`summary_pdf`),
in Dutch or English, with:

- the municipality, the scenario's title and name, and the illustrative notices (prominent when
  the scenario or its evidence is made up);
- the key numbers: the net present value per actor (the municipality first) with the present
  values of costs and benefits, the benefit-cost ratio, the municipality's budget effect in
  year 2 (Uitvoer B of the 2014 tool) and the payback year, or "niet binnen de looptijd";
- the uncertainty in plain words from the Monte Carlo draws the result holds
  (:mod:`mkba.scenario.chance_words`), or that none was computed, and how far the benefits may
  fall short before the costs exceed them (the break-even effect);
- the key assumptions: reach, caseload and FTE per segment, costs, evidence, effect (elasticity,
  lag, multiplier, local figures) and the basis (years, price year, discount rate);
- the warnings and notes the result carries (:attr:`ScenarioResult.warnings`, ``notes``).

Numbers are formatted by :mod:`mkba.formatting`; text from the scenario file is escaped. The
page is pure output of the result: the same result gives the same HTML, byte for byte.
:func:`summary_file_names` gives each scenario a file name (``samenvatting-<slug>.html``;
``summary-<slug>.html`` in English) that :func:`mkba.scenario.files.write_comparison` writes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

import jinja2

from mkba import __version__, formatting
from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.phrases import phrase, timing_phrase
from mkba.scenario import _labels as L
from mkba.scenario.chance_words import uncertainty_sentences
from mkba.scenario.result import MUNICIPALITY, ScenarioResult, check_result
from mkba.schema import SEGMENTS
from mkba.text_clean import clean_text
from mkba.vocab import vocabulary

__all__ = ["FONT_SIZE", "PDF_SCALES", "break_even_sentence", "fitting_scale",
           "summary_file_names", "summary_html", "summary_pdf"]

#: The size of the text on the page, in points (the base of every other size).
FONT_SIZE = 8.0
#: The text sizes :func:`summary_pdf` tries, largest first, until the page fits one A4.
PDF_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7)
_FILL = 0.92  # the share of the page :func:`fitting_scale` aims at (the margins excluded: 0.93)
_MAX_SLUG = 80  # characters of a scenario name kept in a file name

_PREFIX = {"nl": "samenvatting", "en": "summary"}


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:_MAX_SLUG].strip("-")
    return text or "scenario"


def summary_file_names(names: Iterable[str], lang: str = "nl") -> list[str]:
    """The file name of each scenario's summary, without extension: ``samenvatting-<slug>``
    (``summary-<slug>`` in English).

    The slug is the scenario's name in lower case ASCII (accents dropped), every run of other
    characters one hyphen, at most 80 characters, "scenario" when nothing is left. Names that
    give the same slug (``A b`` and ``a-b``) are told apart by ``-2``, ``-3``, ... in the order
    given, so that every scenario has its own file, also on a file system that ignores case.

    Examples
    --------
    >>> summary_file_names(["Zorgcoördinatie zwaar", "a b", "A-B", "***"])
    ['samenvatting-zorgcoordinatie-zwaar', 'samenvatting-a-b', 'samenvatting-a-b-2', 'samenvatting-scenario']
    >>> summary_file_names(["breed"], "en")
    ['summary-breed']
    """  # noqa: E501
    prefix = _PREFIX[check_lang(lang)]
    out: list[str] = []
    for name in names:
        base = f"{prefix}-{_slug(name)}"
        candidate, i = base, 1
        while candidate in out:
            i += 1
            candidate = f"{base}-{i}"
        out.append(candidate)
    return out


# -- the page -------------------------------------------------------------------------------
_WORDS = {
    "kicker": Text("Samenvatting scenario", "Scenario summary"),
    "scenario": Text("scenario", "scenario"),
    "key": Text("Kerncijfers", "Key figures"),
    "net_municipality": Text("Netto contante waarde gemeente", "Net present value, municipality"),
    "net_total": Text("Netto contante waarde, alle actoren", "Net present value, all actors"),
    "bcr": Text("Baten-kostenverhouding", "Benefit-cost ratio"),
    "budget": Text("Budgeteffect gemeente in jaar 2 (niet verdisconteerd)",
                   "Municipal budget effect in year 2 (undiscounted)"),
    "payback": Text("Terugverdienjaar", "Payback year"),
    "per_actor": Text("Per actor (contante waarde over de looptijd)",
                      "By actor (present value over the horizon)"),
    "costs": Text("Kosten", "Costs"),
    "benefits": Text("Baten", "Benefits"), "net": Text("Saldo", "Net"),
    "p_gain": Text("Kans baten > kosten", "P(benefits > costs)"),
    "total": Text("Totaal", "Total"),
    "uncertainty": Text("Onzekerheid", "Uncertainty"),
    "assumptions": Text("Belangrijkste aannames", "Key assumptions"),
    "segment": Text("Segment", "Segment"), "households": Text("Huishoudens", "Households"),
    "reach": Text("Bereik", "Reach"), "reached": Text("Bereikt", "Reached"),
    "caseload": Text("Caseload (per fte)", "Caseload (per FTE)"), "fte": Text("fte", "FTE"),
    "benefit_hh": Text("Baten per bereikt huishouden per jaar",
                       "Benefit per reached household per year"),
    "warnings": Text("Waarschuwingen", "Warnings"),
    "more": Text("Alle cijfers per jaar, per actor en per categorie staan in comparison.xlsx en "
                 "de CSV-bestanden in dezelfde map.", "Every figure by year, actor and "
                 "category is in comparison.xlsx and the CSV files in the same folder."),
}


def _years_text(spec) -> Text:
    last = spec.first_year + spec.horizon - 1
    return Text("{first:year}–{last:year} ({n} jaar)", "{first:year}–{last:year} ({n} years)",
                first=spec.first_year, last=last, n=spec.horizon)


def _assumptions(result: ScenarioResult, lang: str) -> list[tuple[Text, Text | str]]:
    """(label, value) of the key assumptions other than the segment table."""
    spec = result.spec

    def pct(values) -> str:
        return " / ".join(formatting.percent(v, lang, 1, trim=True) for v in values)

    rows: list[tuple[Text, Text | str]] = [
        (Text("Rekenbasis", "Basis"),
         Text("{years}; prijspeil {py:year}; discontovoet {rate}; {timing}",
              "{years}; {py:year} prices; discount rate {rate}; {timing}",
              years=_years_text(spec), py=spec.price_year, rate=Text.same(_rate(spec, lang)),
              timing=Text(timing_phrase(spec.timing, "nl"), timing_phrase(spec.timing, "en")))),
        (Text("Ingroei bereik (per jaar)", "Ramp-up of reach (per year)"), pct(spec.ramp_up)),
        (Text("Kosten per fte per jaar", "Cost per FTE per year"),
         formatting.euro(spec.cost_per_fte, lang)),
        (Text("Overhead", "Overhead"),
         Text("{amount:euro} per jaar + {share:pct} van de personeelskosten",
              "{amount:euro} a year + {share:pct} of the staff costs",
              amount=spec.overhead_per_year, share=spec.overhead_share)),
        (Text("Startkosten (eerste jaar)", "Start-up costs (first year)"),
         formatting.euro(spec.startup_costs, lang)),
    ]
    if spec.friction:
        rows.append((Text("Frictiekosten per jaar (eenmalig)", "Friction costs per year "
                          "(one-off)"), " / ".join(formatting.euro(x, lang)
                                                   for x in spec.friction)))
    if spec.indexation:
        rows.append((Text("Indexatie lopende kosten (reëel, per jaar)", "Indexation of running "
                          "costs (real, per year)"), formatting.rate(spec.indexation, lang)))
    rows.append((Text("Wie betaalt het team", "Who pays for the team"),
                 ", ".join(f"{L.actor_label(a, lang)} {formatting.percent(s, lang, 1, trim=True)}"
                           for a, s in spec.payers)))
    if spec.extra_care is not None:
        amount, actor = spec.extra_care
        care: Text | str = Text("lokaal: {amount:euro} per bereikt huishouden per jaar",
                                "local: {amount:euro} per reached household per year",
                                amount=amount)
        if actor:
            care = Text("{care} ({actor})", "{care} ({actor})", care=care,
                        actor=Text(L.actor_label(actor, "nl"), L.actor_label(actor, "en")))
    elif spec.induced_costs:
        care = Text("uit de studies, als kosten geteld", "from the studies, counted as a cost")
    else:
        care = Text("niet geteld", "not counted")
    rows.append((Text("Extra hulpverlening die aan het licht komt", "Extra care brought to "
                      "light"), care))
    ev = result.evidence_summary
    ids = list(result.evidence["study_id"]) if len(result.evidence) else []
    rows.append((Text("Bewijs", "Evidence"),
                 Text("{k} studies ({ids}); selectie: {selection}; pooling {method}",
                      "{k} studies ({ids}); selection: {selection}; pooling {method}",
                      k=int(ev["k"]), ids=Text.same(", ".join(ids)),
                      selection=spec.evidence_selection(), method=Text.same(spec.method))))
    rows.append((Text("Baten per bereikt huishouden per jaar, dit team", "Benefit per reached "
                      "household per year, this team"),
                 Text("{b:euro} (gepoold over alle huishoudens van de studies: {e:euro})",
                      "{b:euro} (pooled over all households of the studies: {e:euro})",
                      b=result.benefit_per_household, e=float(ev["estimate"]))))
    if spec.multiplier != 1:
        rows.append((Text("Vermenigvuldiger op het effect", "Multiplier on the effect"),
                     formatting.number(spec.multiplier, 2, lang, trim=True)))
    rows.append((Text("Ingroei van het effect (per jaar)", "Effect lag (per year)"),
                 pct(spec.effect_lag)))
    rows.append((Text("Elasticiteit effect naar caseload", "Elasticity of the effect to the "
                      "caseload"), Text("geen", "none") if spec.caseload_elasticity is None
                 else formatting.number(spec.caseload_elasticity, 2, lang, trim=True)))
    if spec.fixed:
        rows.append((Text("Vaste lokale baten (per bereikt huishouden per jaar)", "Fixed local "
                          "benefits (per reached household per year)"),
                     "; ".join(f"{_category(c, lang)} {formatting.euro(a, lang)}"
                               for c, a, _ in spec.fixed)))
    if spec.per_segment is not None:
        rows.append((Text("Lokale baten per segment", "Local benefits per segment"),
                     Text("effects.per_segment (zie de tabel hierboven)",
                          "effects.per_segment (see the table above)")))
    if spec.negative_draws != "zero":  # the default goes without saying (and is warned about)
        rows.append((Text("Trekkingen van de baten onder 0", "Draws of the benefit below 0"),
                     Text("tellen als schade", "count as harm")))
    return rows


def _category(code: str, lang: str) -> str:
    try:
        return vocabulary("benefit_categories").label(code, lang)
    except ArgumentError:
        return code


def break_even_sentence(result: ScenarioResult) -> Text | None:
    """How far the benefits may fall short of the expected before the costs exceed them, from
    the break-even effect (present value of costs / present value of benefits); None without
    benefits or costs.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> print(break_even_sentence(NS(break_even=0.4)))
    De baten mogen 60% lager uitvallen dan verwacht voordat de kosten groter zijn dan de baten.
    >>> print(break_even_sentence(NS(break_even=1.25)).en)
    The benefits would have to be 25% higher than expected to cover the costs.
    """
    share = result.break_even
    if share is None or not math.isfinite(share) or share <= 0:
        return None
    if share <= 1:
        return Text("De baten mogen {drop:pct} lager uitvallen dan verwacht voordat de kosten "
                    "groter zijn dan de baten.", "The benefits may fall {drop:pct} short of "
                    "expectations before the costs exceed them.", drop=1 - share)
    return Text("De baten zouden {rise:pct} hoger moeten uitvallen dan verwacht om de kosten te "
                "dekken.", "The benefits would have to be {rise:pct} higher than expected to "
                "cover the costs.", rise=share - 1)


def _rate(spec, lang: str) -> str:
    text = formatting.rate(spec.discount_rate, lang)
    return text if spec.discount_regime is None else f"{text} ({spec.discount_regime})"


def _segment_rows(result: ScenarioResult, lang: str) -> list[list[str]]:
    seg = result.segments
    rows = []
    for i, s in enumerate(SEGMENTS):
        households = result.spec.households[i]
        reached = float(seg["reached"].iloc[i]) if seg is not None else households * \
            result.spec.reach[i]
        caseload = result.spec.caseload[i]
        fte = reached / caseload if caseload else math.nan
        benefit = float(seg["benefit"].iloc[i]) if seg is not None else math.nan
        rows.append([L.SEGMENT_WORDS[s].render(lang), formatting.number(households, 0, lang),
                     formatting.percent(result.spec.reach[i], lang, 1, trim=True),
                     formatting.number(reached, 0, lang),
                     formatting.number(caseload, 1, lang, trim=True) if reached else "–",
                     formatting.number(fte, 1, lang) if reached else "–",
                     formatting.euro(benefit, lang) if reached else "–"])
    return rows


def _actor_rows(result: ScenarioResult, lang: str) -> list[dict]:
    codes = vocabulary("actors").codes
    frame = result.by_actor
    order = sorted(range(len(frame)), key=lambda i: (
        frame["actor"].iloc[i] != MUNICIPALITY,
        codes.index(frame["actor"].iloc[i]) if frame["actor"].iloc[i] in codes else len(codes)))
    rows = []
    for i in order:
        rec = frame.iloc[i]
        rows.append({
            "actor": L.actor_label(rec["actor"], lang),
            "costs": formatting.euro(rec["pv_costs"], lang),
            "benefits": formatting.euro(rec["pv_benefits"], lang),
            "net": formatting.euro(rec["net"], lang), "negative": bool(rec["net"] < 0),
            "p_gain": formatting.probability(rec["p_gain"], lang, 1)
            if "p_gain" in frame.columns else "",
            "municipality": rec["actor"] == MUNICIPALITY})
    rows.append({"actor": _WORDS["total"].render(lang),
                 "costs": formatting.euro(result.pv_costs, lang),
                 "benefits": formatting.euro(result.pv_benefits, lang),
                 "net": formatting.euro(result.net_pv, lang), "negative": result.net_pv < 0,
                 "p_gain": formatting.probability(result.p_benefits_exceed_costs, lang, 1)
                 if result.monte_carlo else "", "municipality": False})
    return rows


def _key_figures(result: ScenarioResult, lang: str) -> list[dict]:
    spec = result.spec
    frame = result.by_actor
    rows = frame[frame["actor"] == MUNICIPALITY]
    municipal = float(rows["net"].iloc[0]) if len(rows) else 0.0
    last = spec.first_year + spec.horizon - 1
    if result.payback_year is not None:
        payback = formatting.year(result.payback_year)
    else:
        payback = Text("niet binnen de looptijd (t/m {last:year})",
                       "not within the horizon (to {last:year})", last=last).render(lang)
    if result.budget_effect_year2 is None:
        budget = Text("n.v.t. (looptijd van één jaar)", "n/a (a horizon of one year)"
                      ).render(lang)
    else:
        budget = formatting.euro(result.budget_effect_year2, lang)
    bcr = formatting.ratio(result.bcr, lang) if result.bcr is not None else \
        Text("– (geen kosten)", "– (no costs)").render(lang)
    return [
        {"label": _WORDS["net_municipality"].render(lang), "value": formatting.euro(municipal,
                                                                                   lang),
         "negative": municipal < 0},
        {"label": _WORDS["net_total"].render(lang), "value": formatting.euro(result.net_pv, lang),
         "negative": result.net_pv < 0},
        {"label": _WORDS["bcr"].render(lang), "value": bcr, "negative": False},
        {"label": _WORDS["budget"].render(lang), "value": budget,
         "negative": (result.budget_effect_year2 or 0) < 0},
        {"label": _WORDS["payback"].render(lang), "value": payback, "negative": False},
    ]


def _notices(result: ScenarioResult, lang: str) -> list[str]:
    """The illustrative notices: the scenario's own numbers and the evidence, separately."""
    out = []
    if result.spec.illustrative:
        out.append(Text("Illustratief voorbeeld: de invoer van dit scenario is verzonnen om de "
                        "werkwijze te tonen; de uitkomsten zijn geen bevindingen en geen advies.",
                        "Illustrative example: this scenario's inputs are made up to show the "
                        "method; the results are no findings and no advice.").render(lang))
    evidence = result.evidence
    if ((len(evidence) and "illustrative" in evidence.columns and evidence["illustrative"].any())
            or (result.illustrative and not result.spec.illustrative)):
        out.append(phrase("illustrative_scenario", lang))
    return out


def fitting_scale(result: ScenarioResult, lang: str = "nl") -> float:
    """The largest text size of :data:`PDF_SCALES` at which the summary is expected to fit one
    A4 page, estimated from what makes it long: the actors (a table row each) and the lines of
    the warnings and notes (about 140 characters a line at the normal size).

    The estimate (share of the page used, at the normal size: 0.55 + 0.025 per actor + 0.016
    per line of warnings + 0.03 for a title of two lines) was fitted on the WeasyPrint layout of
    the example scenarios and presets, within 0.04 of a page; the text's height shrinks about
    as ``scale ** 1.65``. :func:`summary_html` uses it when no scale is given, so that a
    summary printed from the browser fits one page too; :func:`summary_pdf` measures.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, monte_carlo=False)
    >>> fitting_scale(r) in PDF_SCALES, fitting_scale(replace(r, warnings=r.warnings * 5)) < 1
    (True, True)
    """
    check_result(result)
    check_lang(lang)
    lines = sum(math.ceil(len(t.render(lang)) / 140) for t in (*result.warnings, *result.notes))
    used = (0.55 + 0.025 * len(result.by_actor) + 0.016 * lines
            + 0.03 * (len(result.spec.title or result.spec.name) > 60))
    return next((s for s in PDF_SCALES if used * s ** 1.65 <= _FILL), PDF_SCALES[-1])


def _uncertainty(result: ScenarioResult, lang: str) -> list[tuple[str, str]]:
    """(text, class) of the paragraphs on uncertainty: the chances and range first (bold: the
    chance for all actors), the break-even effect, and last what a simulated situation is."""
    texts = uncertainty_sentences(result)
    how = [texts.pop()] if result.monte_carlo and len(texts) > 1 else []
    out = [(t.render(lang), "first" if i == 0 else "") for i, t in enumerate(texts)]
    be = break_even_sentence(result)
    if be is not None:
        out.append((be.render(lang), ""))
    return out + [(t.render(lang), "how") for t in how]


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    text = (resources.files("mkba") / "templates" / "scenario_summary.html.j2").read_text(
        encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    return env.from_string(text)


def summary_html(result: ScenarioResult, *, lang: str = "nl", scale: float | None = None) -> str:
    """The one-page summary of a scenario as an HTML page (A4, printable; see the module).

    Parameters
    ----------
    result : ScenarioResult
        From :func:`mkba.scenario.run_scenario`; with or without Monte Carlo.
    lang : {'nl', 'en'}
    scale : float, optional
        The size of the text relative to the normal :data:`FONT_SIZE` (0.5 to 1.5; every size
        on the page follows it). By default :func:`fitting_scale`: smaller for a summary with
        many warnings, so that it fits one page.

    Returns
    -------
    str
        The whole page, with its own print stylesheet (``@page`` A4); no external files.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=500)
    >>> page = summary_html(r)
    >>> page.startswith("<!DOCTYPE html>"), 'lang="nl"' in page, "Oostervenne" in page
    (True, True, True)
    """
    check_result(result)
    check_lang(lang)
    if scale is None:
        scale = fitting_scale(result, lang)
    if isinstance(scale, bool) or not isinstance(scale, int | float) or not 0.5 <= scale <= 1.5:
        raise ArgumentError(Text("scale={value} is niet toegestaan; geef een getal van 0,5 tot "
                                 "en met 1,5", "scale={value} is not allowed; give a number from "
                                 "0.5 to 1.5", value=repr(scale)[:70]))
    spec = result.spec
    words = {k: v.render(lang) for k, v in _WORDS.items()}
    page = _template().render(
        lang=lang, version=__version__, w=words, size=f"{FONT_SIZE * scale:.2f}",
        municipality=spec.municipality,
        title=spec.title or spec.name, name=spec.name,
        prices=Text("bedragen in euro's, prijspeil {py:year}", "amounts in euros, {py:year} "
                    "prices", py=spec.price_year).render(lang),
        years=_years_text(spec).render(lang),
        notices=_notices(result, lang), key=_key_figures(result, lang),
        actors=_actor_rows(result, lang), with_mc=result.monte_carlo,
        uncertainty=_uncertainty(result, lang),
        segments=_segment_rows(result, lang),
        reached=formatting.number(result.households_reached, 0, lang),
        fte=formatting.number(result.fte, 1, lang),
        assumptions=[(label.render(lang), value if isinstance(value, str)
                      else value.render(lang)) for label, value in _assumptions(result, lang)],
        warnings=[w.render(lang) for w in result.warnings],
        notes=list(dict.fromkeys(n.render(lang) for n in result.notes)),
        source=PurePath(spec.source).name if spec.source else "")
    return clean_text(page)


def summary_pdf(result: ScenarioResult, *, lang: str = "nl") -> bytes:
    """The one-page summary as a PDF of one A4 page (WeasyPrint, :mod:`mkba.write.pdf`).

    The page is laid out at the text size of the HTML summary (:func:`fitting_scale`); when it
    still runs onto a second page, at the next smaller size of :data:`PDF_SCALES` (down to 70%),
    until it fits.

    Raises
    ------
    mkba.write.pdf.PdfUnavailable
        When WeasyPrint or the Pango library is not installed.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=500)
    >>> summary_pdf(r)[:5]
    b'%PDF-'
    """
    # the laid-out document, not only its bytes, to count its pages
    from mkba.write.pdf import laid_out

    check_result(result)
    check_lang(lang)
    first = fitting_scale(result, lang)
    for scale in (s for s in PDF_SCALES if s <= first):
        document = laid_out(summary_html(result, lang=lang, scale=scale))
        if len(document.pages) == 1:
            break
    return document.write_pdf()
