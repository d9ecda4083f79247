"""The canonical mkba study workbook: write it blank or filled, detect it, read it.

Sheets (Dutch names, English with ``lang="en"``; the reader accepts both): *Toelichting* (how to
fill it in), *Studie* (one row per field of :data:`~mkba.schema.STUDY_FIELDS`: label, value, help,
machine key), *Kasstromen* (one line item per row, calendar years in row 1 from column F),
*Contante waarden* (present values, for studies without yearly flows), *Kengetallen* (headline
figures as reported) and the hidden *Lijsten* with the vocabulary labels behind the drop-downs.

The reader only locates cells; :func:`mkba.io.build.build_study` checks every value.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from mkba.errors import ArgumentError
from mkba.io.build import Cell, RawItem, RawReported, build_study
from mkba.io.export import _save_workbook
from mkba.io.workbook import Sheet, Workbook
from mkba.schema import BASE_SCENARIO, FIELDS_BY_NAME, MEASURES, STUDY_FIELDS, Study
from mkba.validate import IssueLog
from mkba.vocab import normalise_label, vocabulary

__all__ = ["NAME", "detect", "read", "write_template", "write_study_template", "SHEETS"]

NAME = "template"
#: Sheet names per role: (Dutch, English).
SHEETS = {
    "intro": ("Toelichting", "Instructions"), "study": ("Studie", "Study"),
    "flows": ("Kasstromen", "Flows"), "pv": ("Contante waarden", "Present values"),
    "reported": ("Kengetallen", "Headline figures"), "lists": ("Lijsten", "Lists"),
}
# Column headers per sheet: role -> (Dutch, English, other accepted spellings).
_COLS = {
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
_LABEL_ROLES = ("kind", "category", "actor", "description", "scenario")
_REQUIRED_ROLES = ("kind", "category", "actor")
#: Empty year columns the blank template leaves room for.
YEAR_ROOM = 30
_ROWS = 500  # rows that get drop-downs
_MEASURE_ALIASES = {"bkv": "bcr", "b/k": "bcr", "ncw": "net_pv", "npv": "net_pv",
                    "cw kosten": "pv_costs", "cw baten": "pv_benefits"}
_BASE_NAMES = {"basis", "base", "base case", "basisscenario", "basisvariant"}
_YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}

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
_HEAD_FONT, _HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")


def _lang(lang: str) -> int:
    if lang not in ("nl", "en"):
        raise ArgumentError(f"lang={lang!r} is not supported; use 'nl' or 'en'")
    return 0 if lang == "nl" else 1


def _headers(kind: str, lang: str) -> list[str]:
    i = _lang(lang)
    cols = {**_COLS["items"], **_COLS["pv"]} if kind == "pv" else _COLS[kind]
    return [names[i] for names in cols.values()]


# -- writing ---------------------------------------------------------------------------------
def _header_row(ws, names, widths) -> None:
    for col, (name, width) in enumerate(zip(names, widths, strict=False), start=1):
        cell = ws.cell(1, col, name)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row, col, value)
    if cell.data_type == "f":  # text from a study that starts with "=" is text, not a formula
        cell.data_type = "s"


def _list_validation(ws, lists: dict, name: str, sqref: str, prompt: str) -> None:
    dv = DataValidation(type="list", formula1=lists[name], allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", error=prompt,
                        errorTitle="mkba")
    dv.add(sqref)
    ws.add_data_validation(dv)


def _new_workbook(lang: str):
    """The blank template as an openpyxl workbook, and its sheets by role."""
    i = _lang(lang)
    wb = openpyxl.Workbook()
    ws = {"intro": wb.active}
    ws["intro"].title = SHEETS["intro"][i]
    for role in ("study", "flows", "pv", "reported", "lists"):
        ws[role] = wb.create_sheet(SHEETS[role][i])
    title, paragraphs = _INTRO[lang]
    ws["intro"]["A1"] = title
    ws["intro"]["A1"].font = Font(bold=True, size=14)
    ws["intro"].column_dimensions["A"].width = 110
    for row, text in enumerate(paragraphs, start=3):
        ws["intro"].cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")

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
    lists, sheet_ref = {}, quote_sheetname(ws["lists"].title)
    for col, (name, labels) in enumerate(columns.items(), start=1):
        ws["lists"].cell(1, col, name)
        for row, label in enumerate(labels, start=2):
            ws["lists"].cell(row, col, label)
        letter = get_column_letter(col)
        lists[name] = f"{sheet_ref}!${letter}$2:${letter}${len(labels) + 1}"
    lists["bool"] = '"{},{}"'.format(*_YES_NO[lang])
    ws["lists"].sheet_state = "hidden"

    pick = "Kies een waarde uit de lijst." if lang == "nl" else "Pick a value from the list."
    s = ws["study"]
    _header_row(s, _headers("study", lang), (32, 28, 60, 22))
    for row, f in enumerate(STUDY_FIELDS, start=2):
        s.cell(row, 1, f.label(lang))
        help_text = f.help_nl if lang == "nl" else f.help_en
        if f.type == "code":
            help_text = pick
            _list_validation(s, lists, f.vocabulary, f"B{row}", pick)
        elif f.type == "bool":
            help_text = help_text or pick
            _list_validation(s, lists, "bool", f"B{row}", pick)
        if f.required:
            help_text = ("verplicht. " if lang == "nl" else "required. ") + help_text
        s.cell(row, 3, help_text.strip())
        s.cell(row, 4, f.name).font = Font(color="808080")
        if f.type == "rate":
            s.cell(row, 2).number_format = "0.00%"
    last = get_column_letter(5 + YEAR_ROOM)
    for role, widths in (("flows", (10, 34, 26, 34, 14)), ("pv", (10, 34, 26, 34, 14, 18))):
        w = ws[role]
        _header_row(w, _headers("pv" if role == "pv" else "items", lang), widths)
        for name, col in (("kind", "A"), ("category", "B"), ("actor", "C")):
            _list_validation(w, lists, name, f"{col}2:{col}{_ROWS}", pick)
    for col in range(6, 6 + YEAR_ROOM):
        ws["flows"].column_dimensions[get_column_letter(col)].width = 12
    years = DataValidation(type="whole", operator="between", formula1="1950", formula2="2100",
                           allow_blank=True, showErrorMessage=True, errorTitle="mkba",
                           error="Typ een kalenderjaar, bijv. 2015." if lang == "nl"
                           else "Type a calendar year, e.g. 2015.")
    years.add(f"F1:{last}1")
    ws["flows"].add_data_validation(years)
    ws["flows"].freeze_panes = "F2"
    _header_row(ws["reported"], _headers("reported", lang), (14, 30, 16, 16, 16, 10))
    _list_validation(ws["reported"], lists, "measure", f"B2:B{_ROWS}", pick)
    return wb, ws


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
    >>> openpyxl.load_workbook(path).sheetnames
    ['Toelichting', 'Studie', 'Kasstromen', 'Contante waarden', 'Kengetallen', 'Lijsten']
    """
    wb, _ = _new_workbook(lang)
    _save_workbook(wb, path)
    return Path(path)


def _group_rows(items):
    """Line items grouped into rows (first appearance order): key -> {year: amount}."""
    rows: dict[tuple, dict] = {}
    for it in items.itertuples(index=False):
        desc = "" if pd.isna(it.description) else str(it.description)
        key = (it.scenario, it.kind, it.category, it.actor, desc)
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
    >>> from mkba.io.workbook import load_workbook
    >>> items = items_frame([
    ...     dict(scenario="basis", kind="cost", category="uitvoering_team", actor="gemeente",
    ...          year=2015, amount=1000.0),
    ...     dict(scenario="basis", kind="benefit", category="jeugdzorg", actor="gemeente",
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
    i = _lang(lang)
    items = getattr(study_like, "items", None)
    if items is None or not {"kind", "category", "actor", "year", "amount"} <= set(items):
        raise ArgumentError("study_like must have an items table with the columns of "
                            "mkba.schema.ITEM_COLUMNS")
    wb, ws = _new_workbook(lang)
    for row, f in enumerate(STUDY_FIELDS, start=2):
        value = getattr(study_like, f.name, None)
        if value is None:
            continue
        if f.type == "code":
            value = vocabulary(f.vocabulary).label(value, lang)
        elif f.type == "bool":
            value = _YES_NO[lang][0 if value else 1]
        _put(ws["study"], row, 2, value)
    cat_vocab = {"cost": "cost_categories", "benefit": "benefit_categories"}
    kinds = vocabulary("cost_benefit_kinds")

    def labels(key):
        scenario, kind, category, actor, desc = key
        return [kinds.label(kind, lang), vocabulary(cat_vocab[kind]).label(category, lang),
                vocabulary("actors").label(actor, lang), desc or None, scenario]

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
        values = (fig.scenario, MEASURES[fig.measure][i], fig.value, fig.low, fig.high,
                  fig.level)
        for col, value in enumerate(values, start=1):
            _put(ws["reported"], row, col, value)
        if fig.level is not None:
            ws["reported"].cell(row, 6).number_format = "0%"
    _save_workbook(wb, path)
    return Path(path)


# -- reading ---------------------------------------------------------------------------------
def _find(wb: Workbook, role: str) -> tuple[str, Sheet] | None:
    for name in SHEETS[role]:
        sheet = wb.sheet(name)
        if sheet is not None:
            return sheet.name, sheet
    return None


def _columns(sheet: Sheet, roles: dict) -> dict[str, int]:
    """Role -> 1-based column, from the header row (either language)."""
    names = {normalise_label(n): role for role, spellings in roles.items() for n in spellings}
    found: dict[str, int] = {}
    for col, value in enumerate(sheet.row_values(1), start=1):
        if isinstance(value, str) and normalise_label(value) in names:
            found.setdefault(names[normalise_label(value)], col)
    return found


def detect(wb: Workbook) -> bool:
    """True when the workbook has a sheet of the template with the template's header row.

    Examples
    --------
    >>> from mkba.io.workbook import Sheet, Workbook
    >>> detect(Workbook("x.xlsx", {"Kasstromen": Sheet("Kasstromen",
    ...     (("Soort", "Categorie", "Actor", "Omschrijving", "Scenario", 2015),))}))
    True
    >>> detect(Workbook("x.xlsx", {"Blad1": Sheet("Blad1", (("Soort",),))}))
    False
    """
    study = _find(wb, "study")
    if study is not None:
        keys = {v for v in (r[3] for r in study[1].rows if len(r) > 3) if isinstance(v, str)}
        if "price_year" in keys or "discount_rate" in keys:
            return True
    for role, roles in (("flows", _COLS["items"]), ("pv", _COLS["items"]),
                        ("reported", _COLS["reported"])):
        found = _find(wb, role)
        if found is not None and len(_columns(found[1], roles)) >= 3:
            return True
    return False


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _scenario(value) -> str:
    if _blank(value) or normalise_label(value) in _BASE_NAMES:
        return BASE_SCENARIO
    return str(value).strip()


def _uncached_rows(sheet: Sheet) -> set[int]:
    return {int("".join(ch for ch in ref if ch.isdigit())) for ref in sheet.uncached_formulas}


def _items(log, found, *, yearly: bool) -> list[RawItem] | None:
    name, sheet = found
    cols = _columns(sheet, {**_COLS["items"], **({} if yearly else _COLS["pv"])})
    need = _REQUIRED_ROLES if yearly else (*_REQUIRED_ROLES, "amount")
    missing = [_COLS["items"].get(r, _COLS["pv"].get(r))[0] for r in need if r not in cols]
    if missing:
        log.add("missing_column", f"sheet {name} has no column {', '.join(missing)} in row 1",
                sheet=name, cell="A1", found=", ".join(str(v) for v in sheet.row_values(1) if v),
                expected=", ".join(_headers("items" if yearly else "pv", "nl")))
        return None
    amount_cols = (range(max(cols.values()) + 1, sheet.max_col + 1) if yearly
                   else [cols["amount"]])
    flagged = _uncached_rows(sheet)
    out = []
    for row in range(2, sheet.max_row + 1):
        values = sheet.row_values(row)
        if row not in flagged and all(_blank(v) for v in values):
            continue

        def cell(role, r=row, v=values):
            col = cols.get(role)
            return Cell(v[col - 1] if col and col <= len(v) else None, name, r, col or 0)

        kind, category, actor = cell("kind"), cell("category"), cell("actor")
        desc, scenario = cell("description").value, _scenario(cell("scenario").value)
        desc = "" if _blank(desc) else str(desc).strip()
        for col in amount_cols:
            value = values[col - 1] if col <= len(values) else None
            if _blank(value) and not (row in flagged and sheet.is_uncached_formula(row, col)):
                continue
            year = Cell(sheet.value(1, col), name, 1, col) if yearly else None
            out.append(RawItem(scenario, kind, category, actor, Cell(value, name, row, col),
                               year, desc))
    return out


def _measure(value) -> str:
    key = normalise_label(value) if not _blank(value) else ""
    for code, names in MEASURES.items():
        if key in (code, *(normalise_label(n) for n in names)):
            return code
    return _MEASURE_ALIASES.get(key, "" if _blank(value) else str(value).strip())


def _reported(log, found) -> list[RawReported] | None:
    name, sheet = found
    cols = _columns(sheet, _COLS["reported"])
    if "measure" not in cols or "value" not in cols:
        log.add("missing_column", f"sheet {name} needs the columns Kengetal and Waarde in row 1",
                sheet=name, cell="A1", expected=", ".join(_headers("reported", "nl")))
        return None
    out, flagged = [], _uncached_rows(sheet)
    for row in range(2, sheet.max_row + 1):
        values = sheet.row_values(row)
        if row not in flagged and all(_blank(v) for v in values):
            continue
        cells = {role: Cell(sheet.value(row, col), name, row, col) for role, col in cols.items()}
        out.append(RawReported(_scenario(cells["scenario"].value) if "scenario" in cells
                               else BASE_SCENARIO, _measure(cells["measure"].value),
                               cells["value"], cells.get("low"), cells.get("high"),
                               cells.get("level")))
    return out


def read(wb: Workbook, log: IssueLog) -> Study | None:
    """Read a template workbook (Dutch or English); None with issues in ``log`` when invalid.

    Examples
    --------
    A blank template is recognised but lacks its required fields:

    >>> import tempfile, pathlib
    >>> from mkba.io.workbook import load_workbook
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx", lang="en")
    >>> log = IssueLog(path.name)
    >>> wb = load_workbook(path, log)
    >>> detect(wb), read(wb, log)
    (True, None)
    >>> sorted({i.code for i in log.issues}), log.issues[0].location
    (['missing_field'], 'leeg.xlsx!Study!B2')
    """
    found = {role: _find(wb, role) for role in ("study", "flows", "pv", "reported")}
    missing = []
    if found["study"] is None:
        missing.append("Studie (Study)")
    if found["flows"] is None and found["pv"] is None:
        missing.append("Kasstromen (Flows) or Contante waarden (Present values)")
    if missing:
        log.add("missing_sheet", f"the workbook has no sheet {' and no sheet '.join(missing)}",
                found="sheets: " + ", ".join(wb.sheets),
                expected="the sheets of `mkba template`: " + ", ".join(
                    f"{nl} ({en})" for nl, en in list(SHEETS.values())[1:5]))
        return None
    name, sheet = found["study"]
    meta: dict[str, Cell | None] = {}
    labels = {normalise_label(f.label(lang)): f.name for f in STUDY_FIELDS for lang in ("nl", "en")}
    for row in range(2, sheet.max_row + 1):
        key, label = sheet.value(row, 4), sheet.value(row, 1)
        field = key.strip() if isinstance(key, str) and key.strip() in FIELDS_BY_NAME else None
        if field is None and isinstance(label, str):
            field = labels.get(normalise_label(label))
        if field is not None and field not in meta:
            meta[field] = Cell(sheet.value(row, 2), name, row, 2)
    items: list[RawItem] = []
    for role in ("flows", "pv"):
        if found[role] is not None:
            got = _items(log, found[role], yearly=role == "flows")
            if got is None:
                return None
            items.extend(got)
    reported = _reported(log, found["reported"]) if found["reported"] is not None else []
    if reported is None:
        return None
    return build_study(wb, log, meta=meta, items=items, reported=reported, layout=NAME,
                       meta_sheet=name)
