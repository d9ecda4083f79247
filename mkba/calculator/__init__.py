"""The Excel route for municipalities: a calculator workbook with live formulas.

:func:`write_calculator` writes an ``.xlsx`` that computes a preset's scenario
(:mod:`mkba.scenario.presets`) the way :func:`mkba.scenario.run_scenario` does, with the
pooled evidence as values, so that a policy adviser with Excel or LibreOffice and no Python can
change reach, caseloads, costs, payers, extra care, the effect factor, the ramp-up and lag per
year and the timing, and see the present value per actor (Uitvoer A), the municipal budget in
year 2 (Uitvoer B), the ratio, the payback year and the probability that the benefits exceed
the costs recalculate at once.

Sheets: *Toelichting* (how to use it, what it does not cover), *Invoer* (inputs: styled,
unlocked, validated, commented, each with a defined name), *Bewijs* (the evidence values,
protected), *Berekening* (year-by-year formulas, protected) and *Uitvoer* (the results, each
with a defined name ``out_*``). English sheet names with ``lang="en"``. The horizon, first
year, discount rate and price year are fixed to the preset's: the pooled evidence depends on
them. A scenario the workbook cannot express exactly (fixed local benefits, local amounts per
segment, a caseload elasticity; :func:`mkba.calculator.model.check_supported`) is refused
with a :class:`~mkba.errors.MkbaError`.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> from mkba.io import read_studies
>>> studies = read_studies(sorted(pathlib.Path("studies").glob("*.xlsx")))
>>> path = write_calculator(pathlib.Path(tempfile.mkdtemp()) / "calc.xlsx", studies,
...                         preset="ouderenteam")
>>> openpyxl.load_workbook(path).sheetnames
['Toelichting', 'Invoer', 'Bewijs', 'Berekening', 'Uitvoer']
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from mkba import formatting
from mkba.calculator.formulas import calculation_sheet, output_sheet
from mkba.calculator.inputs import BOLD, TITLE, evidence_sheet, input_sheet
from mkba.calculator.model import CalculatorError, CalculatorModel, calculator_model
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.scenario.presets import PRESETS, read_preset
from mkba.scenario.spec import ScenarioSpec
from mkba.text_clean import clean_text
from mkba.write.xlsx_bytes import print_setup, save_workbook

__all__ = ["CalculatorError", "CalculatorModel", "SHEETS", "calculator_model",
           "write_calculator"]

#: The sheet names per language, in the order of the workbook.
SHEETS = {"nl": ("Toelichting", "Invoer", "Bewijs", "Berekening", "Uitvoer"),
          "en": ("Notes", "Inputs", "Evidence", "Calculation", "Output")}


def write_calculator(path: str | Path, studies, *, preset: str | ScenarioSpec | None = None,
                     lang: str = "nl") -> Path:
    """Write the calculator workbook for ``preset`` on the evidence of ``studies``.

    Parameters
    ----------
    path : str or Path
        The .xlsx to write (atomically, deterministic bytes).
    studies : list of Study
        All studies; the preset's evidence selection picks from them.
    preset : str, ScenarioSpec or None
        A preset name (:data:`mkba.scenario.PRESETS`; default the first,
        ``wijkteam_probleemwijk``) or a scenario to start from.
    lang : {"nl", "en"}
        Language of the labels and sheet names.

    Returns
    -------
    Path
        ``path``.
    """
    if lang not in SHEETS:
        raise ArgumentError(Text("lang={lang!r} is niet toegestaan; gebruik 'nl' of 'en'",
                                 "lang={lang!r} is not allowed; use 'nl' or 'en'",
                                 lang=str(lang)))
    if isinstance(preset, ScenarioSpec):
        spec = preset
    else:
        spec = read_preset(PRESETS[0] if preset is None else preset)
    model = calculator_model(spec, studies)
    wb = Workbook()
    notes = wb.active
    notes.title = SHEETS[lang][0]
    sheets = [notes] + [wb.create_sheet(name) for name in SHEETS[lang][1:]]
    _, ws_in, ws_ev, ws_calc, ws_out = sheets
    inp = input_sheet(wb, ws_in, model, lang)
    ev = evidence_sheet(wb, ws_ev, model, lang)
    calc = calculation_sheet(ws_calc, model, inp, ev, lang)
    output_sheet(wb, ws_out, model, calc, ws_calc.title, inp, lang)
    _notes(notes, model, lang)
    for ws in sheets:
        print_setup(ws, 1)
    wb.active = 1
    return save_workbook(wb, path)


def _notes(ws, model: CalculatorModel, lang: str) -> None:
    """The Toelichting sheet: how to use it, the notices, the basis, what it does not cover."""
    import mkba

    spec = model.spec
    names = SHEETS[lang]
    t = lambda nl, en, **kw: Text(nl, en, **kw).render(lang)  # noqa: E731
    lines = [
        (t("MKBA-rekenwerkmap sociale wijkteams", "MKBA calculator for social neighbourhood "
           "teams"), TITLE),
        (t("Voorbeeld: {title} ({municipality})", "Example: {title} ({municipality})",
           title=clean_text(spec.title or spec.name),
           municipality=clean_text(spec.municipality)), None),
    ]
    if model.illustrative:
        lines.append((t("LET OP: ILLUSTRATIEF. Het voorbeeld en/of het bewijs is verzonnen om "
                        "de werking te tonen; de uitkomsten zijn geen bevindingen.",
                        "NOTE: ILLUSTRATIVE. The example and/or the evidence is made up to "
                        "show how it works; the results are not findings."), BOLD))
    lines += [
        ("", None),
        (t("Zo gebruikt u de werkmap", "How to use the workbook"), BOLD),
        (t("1. Vul op het blad {inv} de gele cellen in (bereik, caseload, kosten, betalers, "
           "ingroei).", "1. Fill in the yellow cells on the sheet {inv} (reach, caseload, "
           "costs, payers, ramp-up).", inv=names[1]), None),
        (t("2. Elke invoercel heeft een opmerking met de betekenis en een toegestaan bereik.",
           "2. Every input cell has a comment with its meaning and an allowed range."), None),
        (t("3. Lees de uitkomsten op het blad {out}: per actor, totaal, begroting jaar 2, "
           "kans.", "3. Read the results on the sheet {out}: per actor, total, budget year 2, "
           "probability.", out=names[4]), None),
        (t("4. {calc} toont elke stap per jaar; {ev} de waarden uit het gepoolde bewijs.",
           "4. {calc} shows every step per year; {ev} the values from the pooled evidence.",
           calc=names[3], ev=names[2]), None),
        (t("5. De betalers moeten samen 1 (100%) zijn.", "5. The payers must add up to 1 "
           "(100%)."), None),
        ("", None),
        (t("Basis", "Basis"), BOLD),
        (t("Prijspeil {p}; discontovoet {r}; horizon {h} jaar vanaf {y}; bewijs: {sel} "
           "({k} studies, methode {m}).", "Price year {p}; discount rate {r}; horizon {h} "
           "years from {y}; evidence: {sel} ({k} studies, method {m}).",
           p=spec.price_year, r=formatting.rate(spec.discount_rate, lang), h=spec.horizon,
           y=spec.first_year, sel=spec.evidence_text(lang), k=model.k, m=model.method), None),
        (t("Horizon, eerste jaar, discontovoet en prijspeil liggen vast: het gepoolde bewijs "
           "is erop berekend. Maak voor een andere basis een nieuwe werkmap met mkba.",
           "Horizon, first year, discount rate and price year are fixed: the pooled evidence "
           "was computed on them. For another basis make a new workbook with mkba."), None),
        ("", None),
        (t("Wat deze werkmap niet doet", "What this workbook does not do"), BOLD),
        (t("- vaste lokale baten per categorie, eigen bedragen per segment, een effect dat van "
           "de caseload afhangt (gebruik daarvoor 'mkba scenario');", "- fixed local benefits "
           "per category, local amounts per segment, an effect tied to the caseload (use "
           "'mkba scenario' for those);"), None),
        (t("- een andere splitsing van de segmenten dan die op het blad {ev};",
           "- another split of the segments than the one on the sheet {ev};", ev=names[2]),
         None),
        (t("- de Monte Carlo zelf: de kans en het 80%-bereik volgen exact uit de normale "
           "verdeling van B (zie {out}), zonder trekkingen;", "- the Monte Carlo itself: the "
           "probability and the 80% range follow exactly from the normal distribution of B "
           "(see {out}), without draws;", out=names[4]), None),
        (t("- de waarschuwingen van 'mkba scenario' (caseload buiten de norm, weinig studies, "
           "tau² = 0): lees die in de uitvoer van 'mkba scenario' voor het voorbeeld.",
           "- the warnings of 'mkba scenario' (caseload outside the norm, few studies, tau² = "
           "0): read them in the output of 'mkba scenario' for the example."), None),
        ("", None),
        (t("Gemaakt met mkba {v} (mkba calculator).", "Made with mkba {v} (mkba calculator).",
           v=mkba.__version__), None),
    ]
    ws.column_dimensions["A"].width = 110
    for i, (text, font) in enumerate(lines, start=1):
        ws[f"A{i}"] = text
        ws[f"A{i}"].alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            ws[f"A{i}"].font = font
    ws.protection.sheet = True
