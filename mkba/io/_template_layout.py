"""The layout of the mkba template: sheet and column names in Dutch and English, the
instructions text, and the blank workbook with its drop-down lists.

Kept apart from :mod:`mkba.io.template` (which writes, detects and reads study workbooks) because
it changes for another reason: the wording and look of the workbook a person fills in.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mkba.io.input_workbook import PICK, drop_down, header_row, hidden_lists, new_input_workbook
from mkba.schema import MEASURES, STUDY_FIELDS, lang_index
from mkba.vocab import vocabulary

__all__ = ["SHEETS", "COLS", "YEAR_ROOM", "headers", "new_workbook", "put"]

#: Sheet names per role: (Dutch, English).
SHEETS = {
    "intro": ("Toelichting", "Instructions"), "study": ("Studie", "Study"),
    "flows": ("Kasstromen", "Flows"), "pv": ("Contante waarden", "Present values"),
    "reported": ("Kengetallen", "Headline figures"), "lists": ("Lijsten", "Lists"),
}
# Column headers per sheet: role -> (Dutch, English, other accepted spellings).
COLS = {
    "study": {"field": ("Veld", "Field"), "value": ("Waarde", "Value"),
              "help": ("Toelichting", "Help"), "key": ("code", "code")},
    "items": {"kind": ("Soort", "Kind", "kosten/baten", "type"),
              "category": ("Categorie", "Category"), "actor": ("Actor", "Actor", "wie"),
              "description": ("Omschrijving", "Description"),
              "scenario": ("Scenario", "Scenario", "variant")},
    "pv": {"amount": ("Contante waarde", "Present value", "cw", "pv")},
    "reported": {"scenario": ("Scenario", "Scenario", "variant"),
                 "measure": ("Kengetal", "Measure"), "value": ("Waarde", "Value"),
                 "low": ("Laag", "Low"), "high": ("Hoog", "High"),
                 "level": ("Niveau", "Level")},
}
REQUIRED_ROLES = ("kind", "category", "actor")
#: Empty year columns the blank template leaves room for.
YEAR_ROOM = 30
DROP_DOWN_ROWS = 500  # rows that get drop-downs
MEASURE_ALIASES = {"bkv": "bcr", "b/k": "bcr", "ncw": "net_pv", "npv": "net_pv",
                    "cw kosten": "pv_costs", "cw baten": "pv_benefits"}
TOTAL_NAMES = {"totaal", "total", "som", "sum"}  # year-grid columns that are not a year
BASE_NAMES = {"basis", "base", "base case", "basisscenario", "basisvariant"}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}

_INTRO = {
    "nl": ("MKBA-studie invullen", [
        "Dit werkboek legt één maatschappelijke kosten-batenanalyse (MKBA) vast. Vul de bladen "
        "in en controleer het bestand met: mkba validate bestand.xlsx",
        "Blad Studie: de gegevens van de studie, één veld per regel. Vul kolom B (Waarde) in. "
        "Wijzig kolom D (code) niet. Bij velden met een keuzelijst kiest u uit de lijst.",
        "Blad Kasstromen: kosten en baten per jaar. Eén post per regel. Typ de kalenderjaren in "
        "rij 1 vanaf kolom F (ruimte voor 30 jaar). Een lege cel betekent: geen bedrag in dat "
        "jaar.",
        "Blad Contante waarden: alleen gebruiken als de studie geen bedragen per jaar geeft, "
        "maar alleen contante waarden per categorie en actor.",
        "Blad Kengetallen: de uitkomsten zoals de studie ze zelf rapporteert (contante waarde "
        "kosten en baten, netto contante waarde, baten-kostenverhouding), met een bandbreedte in "
        "Laag en Hoog als die er is. Niveau: bijv. 90% voor een betrouwbaarheidsinterval; leeg "
        "voor een gewone bandbreedte.",
        "Afspraken:",
        "- Bedragen zijn positief, in euro's van het prijspeil (het jaar op blad Studie).",
        "- Een besparing is een baat; extra zorg of hulp is een kost. Geen mintekens.",
        "- Soort: Kosten of Baten. Categorie en Actor (wie betaalt, wie profiteert): kies uit de "
        "lijst.",
        "- Scenario: het basisscenario heet 'basis' (een lege cel betekent ook 'basis'). Geef "
        "voor elke variant van de gevoeligheidsanalyse een complete set regels met een eigen "
        "naam, bijv. 'laag effect'.",
        "- Percentages als 5,5% of als 0,055.",
        "- Getallen liefst als getal (1234,56). Tekst als '€ 1.234,56' wordt ook gelezen; "
        "'1.234' is dubbelzinnig en wordt gemeld.",
        "- Formules mogen: sla het bestand daarna op in Excel of LibreOffice.",
    ]),
    "en": ("Filling in an SCBA study", [
        "This workbook records one social cost-benefit analysis (SCBA, MKBA). Fill in the "
        "sheets and check the file with: mkba validate file.xlsx",
        "Sheet Study: the study's details, one field per row. Fill in column B (Value). Do not "
        "change column D (code). Where a field has a drop-down list, pick from it.",
        "Sheet Flows: costs and benefits per year. One line item per row. Type the calendar "
        "years into row 1 from column F (room for 30 years). An empty cell means no amount in "
        "that year.",
        "Sheet Present values: only when the study gives no yearly amounts, just present "
        "values per category and actor.",
        "Sheet Headline figures: the results as the study reports them (present value of "
        "costs and of benefits, net present value, benefit-cost ratio), with a range in Low and "
        "High where given. Level: e.g. 90% for a confidence interval; empty for a plain range.",
        "Conventions:",
        "- Amounts are positive, in euros of the price year (the year on sheet Study).",
        "- A saving is a benefit; extra care or assistance is a cost. No minus signs.",
        "- Kind: Cost or Benefit. Category and Actor (who pays, who gains): pick from the list.",
        "- Scenario: the base case is called 'basis' (an empty cell also means 'basis'). Give "
        "every sensitivity variant a complete set of rows under its own name, e.g. 'low effect'.",
        "- Percentages as 5.5% or as 0.055.",
        "- Numbers preferably as numbers. Text such as '€ 1,234.56' is read too; '1,234' is "
        "ambiguous and reported.",
        "- Formulas are fine: save the file in Excel or LibreOffice afterwards.",
    ]),
}


def headers(kind: str, lang: str) -> list[str]:
    """The header row of sheet ``kind`` ('study', 'items', 'pv', 'reported') in ``lang``.

    Examples
    --------
    >>> headers("reported", "en")
    ['Scenario', 'Measure', 'Value', 'Low', 'High', 'Level']
    """
    i = lang_index(lang)
    cols = {**COLS["items"], **COLS["pv"]} if kind == "pv" else COLS[kind]
    return [names[i] for names in cols.values()]


def put(ws, row: int, col: int, value) -> None:
    """Write a value into a cell; text is never turned into a formula."""
    cell = ws.cell(row, col, value)
    if cell.data_type == "f":  # text from a study that starts with "=" is text, not a formula
        cell.data_type = "s"


def new_workbook(lang: str):
    """The blank template as an openpyxl workbook, and its sheets by role."""
    i = lang_index(lang)
    wb, ws = new_input_workbook(SHEETS, _INTRO[lang], lang)

    # Hidden lists behind the drop-downs; cost and benefit categories share one list.
    kinds = vocabulary("cost_benefit_kinds")
    columns = {"kind": [t.label(lang) for t in kinds.terms],
               "category": [t.label(lang) for v in ("cost_categories", "benefit_categories")
                            for t in vocabulary(v).terms],
               "actor": [t.label(lang) for t in vocabulary("actors").terms],
               "measure": [labels[i] for labels in MEASURES.values()]}
    for f in STUDY_FIELDS:
        if f.type == "code":
            columns[f.vocabulary] = [t.label(lang) for t in vocabulary(f.vocabulary).terms]
    lists = hidden_lists(ws["lists"], columns)
    lists["bool"] = '"{},{}"'.format(*YES_NO[lang])

    pick = PICK[lang]
    s = ws["study"]
    header_row(s, headers("study", lang), (32, 28, 60, 22))
    for row, f in enumerate(STUDY_FIELDS, start=2):
        s.cell(row, 1, f.label(lang))
        help_text = f.help_nl if lang == "nl" else f.help_en
        if f.type == "code":
            help_text = pick
            drop_down(s, lists[f.vocabulary], f"B{row}", lang)
        elif f.type == "bool":
            help_text = help_text or pick
            drop_down(s, lists["bool"], f"B{row}", lang)
        if f.required:
            help_text = ("verplicht. " if lang == "nl" else "required. ") + help_text
        s.cell(row, 3, help_text.strip())
        s.cell(row, 4, f.name).font = Font(color="808080")
        if f.type == "rate":
            s.cell(row, 2).number_format = "0.00%"
    last = get_column_letter(5 + YEAR_ROOM)
    for role, widths in (("flows", (10, 34, 26, 34, 14)), ("pv", (10, 34, 26, 34, 14, 18))):
        w = ws[role]
        header_row(w, headers("pv" if role == "pv" else "items", lang), widths)
        for name, col in (("kind", "A"), ("category", "B"), ("actor", "C")):
            drop_down(w, lists[name], f"{col}2:{col}{DROP_DOWN_ROWS}", lang)
    for col in range(6, 6 + YEAR_ROOM):
        ws["flows"].column_dimensions[get_column_letter(col)].width = 12
    years = DataValidation(type="whole", operator="between", formula1="1950", formula2="2100",
                           allow_blank=True, showErrorMessage=True, errorTitle="mkba",
                           error="Typ een kalenderjaar, bijv. 2015." if lang == "nl"
                           else "Type a calendar year, e.g. 2015.")
    years.add(f"F1:{last}1")
    ws["flows"].add_data_validation(years)
    ws["flows"].freeze_panes = "F2"
    header_row(ws["reported"], headers("reported", lang), (14, 30, 16, 16, 16, 10))
    drop_down(ws["reported"], lists["measure"], f"B2:B{DROP_DOWN_ROWS}", lang)
    return wb, ws
