"""Writing the mkba template: the blank study workbook a person fills in (drop-down lists for
every label, instructions first), and a study written into it.

The layout (sheet and column names) is :mod:`mkba.io._template_layout`, shared with the reader
:mod:`mkba.io.template`, so that the workbook written is the workbook read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mkba.errors import ArgumentError
from mkba.headlines import BOUNDS, HEADLINE_MEASURES, PERIODS, PERSPECTIVES, STATUSES
from mkba.io._template_layout import (
    COLS,
    DROP_DOWN_ROWS,
    SHEETS,
    YEAR_ROOM,
    YES_NO,
    headers,
)
from mkba.messages import Text, lang_index
from mkba.schema import REPORTED_MEASURES, STUDY_FIELDS, Study
from mkba.vocab import vocabulary
from mkba.write.input_workbook import PICK, drop_down, header_row, hidden_lists, new_input_workbook
from mkba.write.xlsx_bytes import save_workbook

__all__ = ["write_template", "write_study_template"]

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
        "voor een gewone bandbreedte. mkba controleert ze met de posten.",
        "Blad Kopcijfers: voor een gepubliceerde studie waarvan alleen de kopcijfers bekend zijn "
        "(bijv. 'tot 2 euro per geïnvesteerde euro'). Eén cijfer per regel, zoals gepubliceerd: "
        "de maatstaf, de waarde (of Laag en Hoog bij een bandbreedte), of het een schatting, "
        "ondergrens of bovengrens is, het perspectief, de periode (bij bedragen: contante waarde, "
        "per jaar of totaal), prijsjaar en disconteringsvoet als bekend, de status "
        "(gecontroleerd: gelezen in een openbare tekst; afgeleid; niet gevonden: een regel "
        "zonder cijfer) en de bron (webadres, pagina of paragraaf). Een studie met alleen "
        "kopcijfers vult alleen de bladen Studie (studie-id, gemeente en naam aanpak zijn dan "
        "genoeg) en Kopcijfers in; mkba houdt haar apart van de herberekende studies en neemt "
        "haar cijfers nooit mee in een gepoolde schatting.",
        "Afspraken:",
        "- Bedragen zijn positief, in euro's van het prijspeil (het jaar op blad Studie).",
        "- Een besparing is een baat; extra zorg of hulp is een kost. Geen mintekens.",
        "- Soort: Kosten of Baten. Categorie en Actor (wie betaalt, wie profiteert): kies uit de "
        "lijst.",
        "- Variant: de basisvariant heet 'basis' (een lege cel betekent ook 'basis'). Geef "
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
        "High where given. Level: e.g. 90% for a confidence interval; empty for a plain range. "
        "mkba checks them against the line items.",
        "Sheet Headlines: for a published study known only by its headline figures (e.g. 'up "
        "to two euros per euro invested'). One figure per row, as published: the measure, the "
        "value (or Low and High for a range), whether it is an estimate, a lower or an upper "
        "bound, the perspective, the period (for amounts: present value, per year or total), "
        "price year and discount rate where known, the status (verified: read in a public text; "
        "inferred; not found: a row without a figure) and the source (web address, page or "
        "section). A study with only headlines fills in only the sheets Study (study id, "
        "municipality and approach name are then enough) and Headlines; mkba keeps it apart "
        "from the recomputed studies and never pools its figures.",
        "Conventions:",
        "- Amounts are positive, in euros of the price year (the year on sheet Study).",
        "- A saving is a benefit; extra care or assistance is a cost. No minus signs.",
        "- Kind: Cost or Benefit. Category and Actor (who pays, who gains): pick from the list.",
        "- Variant: the base case is called 'basis' (an empty cell also means 'basis'). Give "
        "every sensitivity variant a complete set of rows under its own name, e.g. 'low effect'.",
        "- Percentages as 5.5% or as 0.055.",
        "- Numbers preferably as numbers. Text such as '€ 1,234.56' is read too; '1,234' is "
        "ambiguous and reported.",
        "- Formulas are fine: save the file in Excel or LibreOffice afterwards.",
    ]),
}



#: The drop-down lists of the sheet Kopcijfers: role -> its codes and labels.
_HEADLINE_LISTS = {"measure": HEADLINE_MEASURES, "bound": BOUNDS, "perspective": PERSPECTIVES,
                   "period": PERIODS, "status": STATUSES}


def _put(ws, row: int, col: int, value) -> None:
    """Write a value into a cell; text is never turned into a formula."""
    cell = ws.cell(row, col, value)
    if cell.data_type == "f":  # text from a study that starts with "=" is text, not a formula
        cell.data_type = "s"


def _new_workbook(lang: str):
    """The blank template as an openpyxl workbook, and its sheets by role."""
    i = lang_index(lang)
    wb, ws = new_input_workbook(SHEETS, _INTRO[lang], lang)

    # Hidden lists behind the drop-downs; cost and benefit categories share one list.
    kinds = vocabulary("cost_benefit_kinds")
    columns = {"kind": [t.label(lang) for t in kinds.terms],
               "category": [t.label(lang) for v in ("cost_categories", "benefit_categories")
                            for t in vocabulary(v).terms],
               "actor": [t.label(lang) for t in vocabulary("actors").terms],
               "measure": [labels[i] for labels in REPORTED_MEASURES.values()]}
    for role, table in _HEADLINE_LISTS.items():
        columns[f"headline_{role}"] = [labels[i] for labels in table.values()]
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
    _headlines_sheet(ws["headlines"], lists, lang)
    return wb, ws


def _headlines_sheet(w, lists: dict, lang: str) -> None:
    """The sheet Kopcijfers: a header row and drop-down lists for the coded columns."""
    names = headers("headlines", lang)
    header_row(w, names, (28, 14, 12, 12, 18, 16, 22, 10, 16, 16, 48, 48))
    roles = list(COLS["headlines"])
    for role in _HEADLINE_LISTS:
        col = get_column_letter(roles.index(role) + 1)
        drop_down(w, lists[f"headline_{role}"], f"{col}2:{col}{DROP_DOWN_ROWS}", lang)


def write_template(path: str | Path, *, lang: str = "nl") -> Path:
    """Write the blank study workbook (atomically, with the same bytes on every run).

    Parameters
    ----------
    path : str or Path
        The .xlsx file to write; an existing file is replaced.
    lang : {'nl', 'en'}
        Language of the sheet names, labels and drop-down lists.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "studie.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames[1:]
    ['Studie', 'Kasstromen', 'Contante waarden', 'Kengetallen', 'Kopcijfers', 'Lijsten']
    """
    wb, _ = _new_workbook(lang)
    save_workbook(wb, path)
    return Path(path)


def _group_rows(items):
    """Line items grouped into rows (first appearance order): key -> {year: amount}."""
    rows: dict[tuple, dict] = {}
    for it in items.itertuples(index=False):
        desc = "" if pd.isna(it.description) else str(it.description)
        key = (it.variant, it.kind, it.category, it.actor, desc)
        year = None if pd.isna(it.year) else int(it.year)
        rows.setdefault(key, {})[year] = float(it.amount)
    return rows


def write_study_template(study_like: Study, path: str | Path, *, lang: str = "nl") -> Path:
    """Write a study into a filled template (numbers as numbers, labels in ``lang``).

    Yearly flows go to the flows sheet (one row per line item, one column per year), present
    values to the present-values sheet, reported figures to the headline-figures sheet.
    Reading the file back gives the same study (labels become the vocabulary's labels).

    Parameters
    ----------
    study_like : Study
        Or any object with the :class:`~mkba.schema.Study` attributes, ``items`` and
        ``reported``.
    path : str or Path
        The .xlsx file to write (atomically).
    lang : {'nl', 'en'}

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.schema import Study, items_frame
    >>> from mkba.io.template import read
    >>> from mkba.io.workbook import load_workbook
    >>> from mkba.issues import IssueLog
    >>> items = items_frame([
    ...     dict(variant="basis", kind="cost", category="uitvoering_team", actor="gemeente",
    ...          year=2015, amount=1000.0),
    ...     dict(variant="basis", kind="benefit", category="jeugdzorg", actor="gemeente",
    ...          year=2016, amount=1500.0)])
    >>> study = Study(id="demo", title="Demo", municipality="Zwolle", approach_name="Wijkteam",
    ...     approach_type="zorg_welzijnsteam", scale="wijk", target_breadth="kwetsbaar",
    ...     household_type="gezinnen", stage="lopend", evaluation="ex_post", kind="quickscan",
    ...     year=2016, price_year=2015, discount_rate=0.055, first_year=2015, horizon=5,
    ...     households=120, illustrative=True, items=items)
    >>> path = write_study_template(study, pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx")
    >>> log = IssueLog(path.name)
    >>> back = read(load_workbook(path, log), log)
    >>> back.items[["kind", "year", "amount", "source"]].values.tolist()
    [['cost', 2015, 1000.0, 'demo.xlsx!Kasstromen!F2'], ['benefit', 2016, 1500.0, 'demo.xlsx!Kasstromen!G3']]
    """  # noqa: E501
    i = lang_index(lang)
    items = getattr(study_like, "items", None)
    if items is None or not {"kind", "category", "actor", "year", "amount"} <= set(items):
        raise ArgumentError(Text(
            "study_like moet een tabel items hebben met de kolommen van "
            "mkba.schema.ITEM_COLUMNS",
            "study_like must have an items table with the columns of mkba.schema.ITEM_COLUMNS"))
    wb, ws = _new_workbook(lang)
    for row, f in enumerate(STUDY_FIELDS, start=2):
        value = getattr(study_like, f.name, None)
        if value is None:
            continue
        if f.type == "code":
            value = vocabulary(f.vocabulary).label(value, lang)
        elif f.type == "bool":
            value = YES_NO[lang][0 if value else 1]
        _put(ws["study"], row, 2, value)
    cat_vocab = {"cost": "cost_categories", "benefit": "benefit_categories"}
    kinds = vocabulary("cost_benefit_kinds")

    def labels(key):
        variant, kind, category, actor, desc = key
        return [kinds.label(kind, lang), vocabulary(cat_vocab[kind]).label(category, lang),
                vocabulary("actors").label(actor, lang), desc or None, variant]

    grouped = _group_rows(items)
    years = sorted({y for amounts in grouped.values() for y in amounts if y is not None})
    for col, year in enumerate(years, start=6):
        ws["flows"].cell(1, col, year)
    flow_row, pv_row = 2, 2
    for key, amounts in grouped.items():
        if None in amounts:
            for col, value in enumerate([*labels(key), amounts[None]], start=1):
                _put(ws["pv"], pv_row, col, value)
            pv_row += 1
        flows = {y: a for y, a in amounts.items() if y is not None}
        if flows:
            for col, value in enumerate(labels(key), start=1):
                _put(ws["flows"], flow_row, col, value)
            for year, amount in flows.items():
                ws["flows"].cell(flow_row, 6 + years.index(year), amount)
            flow_row += 1
    for row, fig in enumerate(getattr(study_like, "reported", ()), start=2):
        values = (fig.variant, REPORTED_MEASURES[fig.measure][i], fig.value, fig.low, fig.high,
                  fig.level)
        for col, value in enumerate(values, start=1):
            _put(ws["reported"], row, col, value)
        if fig.level is not None:
            ws["reported"].cell(row, 6).number_format = "0%"
    save_workbook(wb, path)
    return Path(path)
