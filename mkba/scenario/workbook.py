"""The comparison workbook a policy analyst can forward: assumptions first, then the results.

Sheets (Dutch names, English with ``lang="en"``): *Aannames* (every input of every scenario, the
evidence used and how the figures are computed, with the illustrative notice), *Vergelijking*
(the comparison table), *Per actor*, *Per jaar* and *Bewijs* (the studies pooled). Numbers stay
numbers with euro, percentage and ratio formats; text is never taken for a formula.
"""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from mkba.formatting import number, percent
from mkba.messages import check_lang
from mkba.scenario import _labels as L
from mkba.scenario.compare import ScenarioComparison
from mkba.schema import SEGMENTS
from mkba.write.xlsx_bytes import print_setup, put_value, workbook_bytes

__all__ = ["comparison_workbook", "assumption_rows"]

_FMT = {"euro": '"€ "#,##0;"€ -"#,##0', "share": "0%", "ratio": "0.00", "year": "0",
        "count": "#,##0", "fte": "0.0", "rate": "0.00%", "number": "#,##0.##", "text": None}
_HEAD_FONT, _HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
_SHEETS = {"assumptions": ("Aannames", "Assumptions"), "comparison": ("Vergelijking",
           "Comparison"), "actors": ("Per actor", "By actor"), "years": ("Per jaar", "By year"),
           "evidence": ("Bewijs", "Evidence")}


def assumption_rows(lang: str) -> list[tuple[str, str, object]]:
    """Every assumption of a scenario, as the forwardable workbook's first sheet lists them.

    Parameters
    ----------
    lang : {'nl', 'en'}
        Language of the labels.

    Returns
    -------
    list of (label, format, value)
        ``format`` is one of the workbook's number formats ('text', 'euro', 'share', ...) and
        ``value`` a function of a :class:`~mkba.scenario.result.ScenarioResult`. The HTML report
        shows the same rows.

    Examples
    --------
    >>> [label for label, _, _ in assumption_rows("en")[:2]]
    ['Title', 'Municipality']
    """
    en = lang == "en"
    yes, no = ("yes", "no") if en else ("ja", "nee")
    seg = L.SEGMENT_WORDS
    rows = [
        ("Titel", "Title", "text", lambda r: r.spec.title),
        ("Gemeente", "Municipality", "text", lambda r: r.spec.municipality),
        ("Eerste jaar", "First year", "year", lambda r: r.spec.first_year),
        ("Looptijd (jaren)", "Horizon (years)", "count", lambda r: r.spec.horizon),
        ("Prijspeil", "Price year", "year", lambda r: r.spec.price_year),
        ("Discontovoet", "Discount rate", "rate", lambda r: r.spec.discount_rate),
        ("Regime discontovoet", "Discount regime", "text", lambda r: r.spec.discount_regime),
        ("Eerste jaar verdisconteerd (t1) of niet (t0)", "First year discounted (t1) or not "
         "(t0)", "text", lambda r: r.spec.timing),
        ("Totaal aantal huishoudens", "Total households", "count",
         lambda r: r.spec.population_total),
    ]
    for i, s in enumerate(SEGMENTS):
        nl_s, en_s = seg[s].nl, seg[s].en
        rows += [
            (f"Huishoudens {nl_s}", f"Households {en_s}", "count",
             lambda r, i=i: r.spec.households[i]),
            (f"Bereik {nl_s}", f"Reach {en_s}", "share", lambda r, i=i: r.spec.reach[i]),
            (f"Caseload {nl_s} (huishoudens per fte)", f"Caseload {en_s} (households per FTE)",
             "number", lambda r, i=i: r.spec.caseload[i]),
        ]
    rows += [
        ("Ingroei (aandeel van volledig bereik per jaar)", "Ramp-up (share of full reach per "
         "year)", "text", lambda r: " / ".join(percent(x, lang) for x in r.spec.ramp_up)),
        ("Bereikte huishoudens bij volledige inzet", "Households reached at full operation",
         "count", lambda r: r.households_reached),
        ("Formatie bij volledige inzet (fte)", "Staff at full operation (FTE)", "fte",
         lambda r: r.fte),
        ("Kosten per fte per jaar", "Cost per FTE per year", "euro", lambda r: r.spec.cost_per_fte),
        ("Overhead per jaar", "Overhead per year", "euro", lambda r: r.spec.overhead_per_year),
        ("Opslag overhead op personeelskosten", "Overhead share of staff costs", "share",
         lambda r: r.spec.overhead_share),
        ("Startkosten (eerste jaar)", "Start-up costs (first year)", "euro",
         lambda r: r.spec.startup_costs),
        ("Frictiekosten per jaar", "Friction costs per year", "text",
         lambda r: " / ".join(number(x, 0, lang) for x in r.spec.friction)),
        ("Reële groei lopende kosten per jaar (indexatie)", "Real growth of running costs per "
         "year (indexation)", "rate", lambda r: r.spec.indexation),
        ("Extra hulpverlening, lokaal (€ per bereikt huishouden per jaar)", "Additional "
         "assistance, local (€ per reached household per year)", "text",
         lambda r: "" if r.spec.extra_care is None else number(r.spec.extra_care[0], 0, lang)
         + (f" ({L.actor_label(r.spec.extra_care[1], lang)})" if r.spec.extra_care[1] else "")),
        ("Ingroei van het effect (aandeel van het volle effect per jaar)", "Effect lag (share "
         "of the full effect per year)", "text",
         lambda r: " / ".join(percent(x, lang) for x in r.spec.effect_lag)),
        ("Wie betaalt de kosten", "Who pays the costs", "text",
         lambda r: ", ".join(f"{L.actor_label(a, lang)} {percent(s, lang)}"
                             for a, s in r.spec.payers)),
        ("Bewijs: selectie", "Evidence: selection", "text",
         lambda r: r.spec.evidence_text(lang)),
        ("Bewijs: studies", "Evidence: studies", "text",
         lambda r: ", ".join(r.evidence["study_id"])),
        ("Methode pooling", "Pooling method", "text", lambda r: r.spec.method),
        ("Aangenomen dekking bandbreedte varianten", "Assumed coverage of variant ranges",
         "share", lambda r: r.spec.coverage),
        ("Extra hulpverlening als kosten", "Additional assistance as a cost", "text",
         lambda r: yes if r.spec.induced_costs else no),
        ("Vermenigvuldiger op het gepoolde effect", "Multiplier on the pooled effect", "ratio",
         lambda r: r.spec.multiplier),
        ("Elasticiteit van het effect naar de caseload", "Elasticity of the effect to the "
         "caseload", "text", lambda r: ("none" if en else "geen")
         if r.spec.caseload_elasticity is None else number(r.spec.caseload_elasticity, 2, lang)),
        ("Vaste lokale baten (€ per bereikt huishouden per jaar)", "Fixed local benefits (€ per "
         "reached household per year)", "text",
         lambda r: "; ".join(f"{c} {number(a, 0, lang)}"
                             + (f" ({L.actor_label(w, lang)})" if w else "")
                             for c, a, w in r.spec.fixed)),
        ("Verdeling over segmenten als het bewijs ze niet scheidt", "Split over segments "
         "where the evidence cannot separate them", "text", lambda r: r.spec.segment_split),
        ("Lokale baten per segment (€ per bereikt huishouden per jaar)", "Local benefits per "
         "segment (€ per reached household per year)", "text",
         lambda r: "" if r.spec.per_segment is None else "; ".join(
             f"{seg[s].render(lang)} {number(v, 0, lang)}"
             for s, v in zip(SEGMENTS, r.spec.per_segment, strict=True) if v is not None)),
        *[(f"Baten per bereikt huishouden per jaar, {seg[s].nl}", f"Benefit per reached "
           f"household per year, {seg[s].en}", "euro",
           lambda r, i=i: r.segments["benefit"].iloc[i]) for i, s in enumerate(SEGMENTS)],
        ("Baten per bereikt huishouden per jaar, dit team", "Benefit per reached household per "
         "year, this team", "euro", lambda r: r.benefit_per_household),
        ("Bewijs scheidt de segmenten voor dit team", "Evidence separates the segments for "
         "this team", "text", lambda r: yes if r.segment_identified else no),
        ("Gepoolde baten per bereikt huishouden per jaar", "Pooled benefits per reached "
         "household per year", "euro", lambda r: r.evidence_summary["estimate"]),
        ("Voorspellingsinterval daarvan, laag", "Its prediction interval, low", "euro",
         lambda r: r.evidence_summary["pi_low"]),
        ("Voorspellingsinterval daarvan, hoog", "Its prediction interval, high", "euro",
         lambda r: r.evidence_summary["pi_high"]),
        ("Monte Carlo-trekkingen", "Monte Carlo draws", "count", lambda r: r.draws or None),
        ("Seed", "Seed", "count", lambda r: r.seed),
        ("Bestand", "File", "text", lambda r: r.spec.source),
    ]
    return [(en_ if en else nl, fmt, get) for nl, en_, fmt, get in rows]


_METHOD = {
    "nl": [
        "Werkwijze (zie scenarios/README.md):",
        "Bereik per jaar = huishoudens per segment x bereik x ingroei; fte = bereik / caseload; "
        "kosten = fte x kosten per fte + overhead (+ startkosten in het eerste jaar).",
        "Baten per jaar = bereikte huishoudens x ingroei van het effect x baten per bereikt "
        "huishouden van dit team, verdeeld over categorieën en actoren zoals in de gepoolde "
        "studies. De baten per huishouden van een studie zijn de contante waarde per huishouden "
        "gedeeld door de annuïteitsfactor van haar eigen looptijd.",
        "Baten per huishouden van dit team = de baten per segment (zwaar, kwetsbaar, overig) "
        "gewogen naar het bereik: een meta-regressie van de baten per huishouden van de studies "
        "op hun mix van segmenten (random effects). Kunnen de studies de segmenten niet "
        "scheiden, dan staat de uitkomst onder elke plausibele verdeling in de waarschuwingen.",
        "Onzekerheid: trekkingen uit de voorspellingsverdeling van de baten per huishouden "
        "(spreiding tussen studies), voor alle scenario's met dezelfde trekkingen; een trekking "
        "onder 0 telt als geen effect, tenzij negative_draws = keep.",
        "Budgeteffect jaar 2: baten min kosten van de gemeente in het tweede jaar, niet "
        "verdisconteerd. Break-even: contante waarde kosten / contante waarde baten.",
    ],
    "en": [
        "Method (see scenarios/README.md):",
        "Reach per year = households per segment x reach x ramp-up; FTE = reach / caseload; "
        "costs = FTE x cost per FTE + overhead (+ start-up costs in the first year).",
        "Benefits per year = households reached x effect lag x this team's benefit per "
        "reached household, split over categories and actors as in the pooled studies. A "
        "study's benefit per household is its present value per household divided by the "
        "annuity factor of its own horizon.",
        "This team's benefit per household = the benefit per segment (heavy, vulnerable, "
        "other) weighted by the reach: a meta-regression of the studies' benefit per household "
        "on their mix of segments (random effects). Where the studies cannot separate the "
        "segments, the warnings give the result under every plausible split.",
        "Uncertainty: draws from the prediction distribution of the benefit per household "
        "(spread between studies), the same draws for every scenario; a draw below 0 counts as "
        "no effect unless negative_draws = keep.",
        "Budget effect year 2: the municipality's benefits minus its costs in the second year, "
        "undiscounted. Break-even: present value of costs / present value of benefits.",
    ],
}
_COLUMNS = {  # frame column -> (Dutch, English, format)
    "scenario": ("Scenario", "Scenario", "text"), "actor": ("Actor", "Actor", "text"),
    "pv_costs": ("CW kosten", "PV costs", "euro"), "pv_benefits": ("CW baten", "PV benefits",
                                                                    "euro"),
    "net": ("Saldo", "Net", "euro"), "net_mean": ("Saldo, gemiddelde trekkingen",
                                                  "Net, mean of draws", "euro"),
    "net_low": ("Saldo, ondergrens", "Net, low", "euro"),
    "net_high": ("Saldo, bovengrens", "Net, high", "euro"),
    "p_gain": ("Kans op netto winst", "P(net gain)", "share"), "year": ("Jaar", "Year", "year"),
    "ramp_up": ("Ingroei", "Ramp-up", "share"),
    "households_reached": ("Bereikte huishoudens", "Households reached", "count"),
    "fte": ("fte", "FTE", "fte"), "staff_costs": ("Personeelskosten", "Staff costs", "euro"),
    "overhead": ("Overhead", "Overhead", "euro"),
    "startup_costs": ("Startkosten", "Start-up costs", "euro"),
    "friction_costs": ("Frictiekosten", "Friction costs", "euro"),
    "effect_lag": ("Ingroei effect", "Effect lag (share of full effect)", "share"),
    "cost_index": ("Indexatie lopende kosten", "Indexation of running costs", "ratio"),
    "induced_costs": ("Extra hulpverlening", "Additional assistance", "euro"),
    "costs": ("Kosten", "Costs", "euro"), "benefits": ("Baten", "Benefits", "euro"),
    "municipality_costs": ("Kosten gemeente", "Municipality costs", "euro"),
    "municipality_benefits": ("Baten gemeente", "Municipality benefits", "euro"),
    "discount_factor": ("Disconteringsfactor", "Discount factor", "ratio"),
    "pv_net": ("CW netto", "PV net", "euro"),
    "cumulative_pv_net": ("CW netto cumulatief", "PV net cumulative", "euro"),
    "study_id": ("Studie", "Study", "text"), "households": ("Huishoudens", "Households",
                                                            "count"),
    "horizon": ("Looptijd", "Horizon", "count"),
    "rate_used": ("Discontovoet gebruikt", "Rate used", "rate"),
    "annuity": ("Annuïteitsfactor", "Annuity factor", "ratio"),
    "recomputed": ("Herberekend", "Recomputed", "text"),
    "illustrative": ("Illustratief", "Illustrative", "text"),
    "benefit": ("Baten per huishouden per jaar", "Benefit per household per year", "euro"),
    "se": ("Standaardfout", "Standard error", "euro"),
    "variance_source": ("Bron variantie", "Variance source", "text"),
    "weight": ("Gewicht", "Weight", "share"),
}


def _put(ws, row: int, col: int, value, fmt: str | None = None) -> None:
    cell = put_value(ws, row, col, value)
    if cell is None:
        return
    if fmt and _FMT.get(fmt):
        cell.number_format = _FMT[fmt]


def _head(ws, row: int, names, widths) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        _put(ws, row, col, name)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=2)
    print_setup(ws, row)  # A4 landscape, the header on every page, legible


def _frame_sheet(wb, name: str, frames, lang: str) -> None:
    ws = wb.create_sheet(name)
    yes, no = ("yes", "no") if lang == "en" else ("ja", "nee")
    columns = list(frames[0][1].columns)
    _head(ws, 1, [L.text("scenario", lang)] + [_COLUMNS[c][lang == "en"] for c in columns],
              [18] + [16] * len(columns))
    row = 2
    for scenario, frame in frames:
        for record in frame.astype(object).itertuples(index=False):
            _put(ws, row, 1, scenario)
            for col, (code, value) in enumerate(zip(columns, record, strict=True), start=2):
                if code == "actor":
                    value = L.actor_label(value, lang)
                elif isinstance(value, bool):
                    value = yes if value else no
                _put(ws, row, col, value, _COLUMNS[code][2])
            row += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns) + 1)}{max(row - 1, 1)}"


def comparison_workbook(comparison: ScenarioComparison, lang: str = "nl") -> bytes:
    """The comparison as xlsx bytes (deterministic: the same comparison gives the same bytes).

    Examples
    --------
    >>> import io
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import compare_scenarios, read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=500)
    >>> data = comparison_workbook(compare_scenarios([r]))
    >>> openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    ['Aannames', 'Vergelijking', 'Per actor', 'Per jaar', 'Bewijs']
    """
    check_lang(lang)
    en = lang == "en"
    results, names = comparison.results, comparison.names
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _SHEETS["assumptions"][en]
    towns = ", ".join(dict.fromkeys(r.spec.municipality for r in results))
    _put(ws, 1, 1, ("Scenariovergelijking sociaal wijkteam: " if not en else
                    "Comparison of social-team scenarios: ") + towns)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    basis = (f"Bedragen in euro's van prijspeil {comparison.price_year}."
             if not en else f"Amounts in euros of {comparison.price_year} prices.")
    _put(ws, 2, 1, basis)
    if comparison.illustrative:
        _put(ws, 3, 1, L.illustrative(lang))
        ws.cell(row=3, column=1).font = Font(bold=True, color="A00000")
    _head(ws, 5, [("Assumption" if en else "Aanname"), *names], [52] + [24] * len(names))
    row = 6
    for label, fmt, get in assumption_rows(lang):
        _put(ws, row, 1, label)
        for col, r in enumerate(results, start=2):
            _put(ws, row, col, get(r), fmt)
        row += 1
    for r in results:  # the warnings of each scenario, before the method
        if r.warnings:
            row += 1
            _put(ws, row, 1, L.text("warnings", lang, name=r.name))
            ws.cell(row=row, column=1).font = Font(bold=True, color="A00000")
            for w in r.warnings:
                row += 1
                _put(ws, row, 1, w.render(lang))
    for note in dict.fromkeys(n.render(lang) for r in results for n in r.notes):
        row += 1
        _put(ws, row, 1, note)
    for line in _METHOD[lang]:
        row += 1
        _put(ws, row, 1, line)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=False)

    ws = wb.create_sheet(_SHEETS["comparison"][en])
    frame = comparison.to_frame(lang)
    _head(ws, 1, list(frame.columns[1:]), [58, 8] + [18] * len(names))
    for i, code in enumerate(comparison.table.index, start=2):
        unit = L.row_unit(code)
        _put(ws, i, 1, L.row_label(code, lang))
        _put(ws, i, 2, unit)
        for col, n in enumerate(names, start=3):
            _put(ws, i, col, comparison.table.at[code, n], unit)
    _frame_sheet(wb, _SHEETS["actors"][en], [(r.name, r.by_actor) for r in results], lang)
    _frame_sheet(wb, _SHEETS["years"][en], [(r.name, r.by_year) for r in results], lang)
    _frame_sheet(wb, _SHEETS["evidence"][en], [(r.name, r.evidence) for r in results], lang)
    wb.properties.title = "MKBA scenario's" if not en else "SCBA scenarios"
    return workbook_bytes(wb)
