"""The canonical mkba study workbook: write it blank or filled, detect it, read it.

Sheets (Dutch names, English with ``lang="en"``; the reader accepts both): *Toelichting* (how to
fill it in), *Studie* (one row per field of :data:`~mkba.schema.STUDY_FIELDS`: label, value, help,
machine key), *Kasstromen* (one line item per row, calendar years in row 1 from column F),
*Contante waarden* (present values, for studies without yearly flows), *Kengetallen* (headline
figures as reported, checked against the line items), *Kopcijfers* (published headline figures
kept as published: :mod:`mkba.headlines`) and the hidden *Lijsten* with the vocabulary labels
behind the drop-downs.

A workbook with line items is a recomputable study (:func:`read`); one with only rows on
Kopcijfers (and the sheet Studie) is a study known by its headlines, a
:class:`~mkba.headlines.PublishedStudy`; a workbook with both gives both
(:func:`read_parts`).

The reader only locates cells; :func:`mkba.io.build.build_study` checks every value. Before it
interprets any cell, every cell it uses (labels, keys, values, header row, role and year columns;
not extra columns or a total column) is screened: a formula without a cached value or a text with
a control character there is an issue, never read as empty or as a default.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from mkba.headlines import PublishedStudy
from mkba.io._template_layout import (
    BASE_NAMES,
    COLS,
    HEADLINE_REQUIRED,
    MEASURE_ALIASES,
    REQUIRED_ROLES,
    SHEETS,
    TOTAL_NAMES,
    YEAR_ROOM,
    column_text,
    header_text,
)
from mkba.io.build import build_study
from mkba.io.published import beside_study, headlines_only
from mkba.io.raw import Cell, RawHeadline, RawItem, RawReported
from mkba.io.workbook import Sheet, Workbook, screen, sheets_found
from mkba.issues import IssueLog
from mkba.messages import Text
from mkba.schema import BASE_VARIANT, FIELDS_BY_NAME, REPORTED_MEASURES, STUDY_FIELDS, Study
from mkba.vocab import normalise_label

__all__ = ["NAME", "SHEETS", "YEAR_ROOM", "detect", "read", "read_parts"]

NAME = "template"


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
    >>> from mkba.io.workbook import Sheet, Workbook, screen
    >>> detect(Workbook("x.xlsx", {"Kasstromen": Sheet("Kasstromen",
    ...     (("Soort", "Categorie", "Actor", "Omschrijving", "Variant", 2015),))}))
    True
    >>> detect(Workbook("x.xlsx", {"Blad1": Sheet("Blad1", (("Soort",),))}))
    False
    """
    study = _find(wb, "study")
    if study is not None:
        keys = {v for v in (r[3] for r in study[1].rows if len(r) > 3) if isinstance(v, str)}
        if "price_year" in keys or "discount_rate" in keys:
            return True
    for role, roles in (("flows", COLS["items"]), ("pv", COLS["items"]),
                        ("reported", COLS["reported"]), ("headlines", COLS["headlines"])):
        found = _find(wb, role)
        if found is not None and len(_columns(found[1], roles)) >= 3:
            return True
    return False


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _variant(value) -> str:
    if _blank(value) or normalise_label(value) in BASE_NAMES:
        return BASE_VARIANT
    return str(value).strip()


def _is_total(header) -> bool:
    # A person may add a column that sums the years; it is derived, not a flow.
    return isinstance(header, str) and normalise_label(header) in TOTAL_NAMES


def _used(role: str, sheet: Sheet):
    """Which cells of a sheet of ``role`` the reader uses: (row, col) -> bool."""
    if role == "study":
        return lambda row, col: col in (1, 2, 4)
    roles = {"flows": COLS["items"], "pv": {**COLS["items"], **COLS["pv"]},
             "reported": COLS["reported"], "headlines": COLS["headlines"]}[role]
    cols = set(_columns(sheet, roles).values())
    if role == "flows" and cols:
        cols |= {c for c in range(max(cols) + 1, sheet.max_col + 1)
                 if not _is_total(sheet.value(1, c))}
    return lambda row, col: row == 1 or col in cols


def _uncached_rows(sheet: Sheet) -> set[int]:
    return {int("".join(ch for ch in ref if ch.isdigit())) for ref in sheet.uncached_formulas}


def _lacks_columns(log, found, cols: dict, need, kind: str) -> bool:
    """Whether a column of ``need`` is missing from row 1 of sheet ``kind`` ('items', 'pv',
    'headlines'); a ``missing_column`` issue naming them all then."""
    name, sheet = found
    missing = [column_text(r, kind) for r in need if r not in cols]
    if missing:
        log.add("missing_column", Text("blad {sheet} heeft geen kolom {columns} in rij 1",
                                       "sheet {sheet} has no column {columns} in row 1",
                                       sheet=name, columns=missing),
                sheet=name, cell="A1", found=[v for v in sheet.row_values(1) if not _blank(v)],
                expected=header_text(kind))
    return bool(missing)


def _items(log, found, *, yearly: bool) -> Iterator[RawItem] | None:
    """The amounts of a flows or present-values sheet, one at a time (a large study has millions:
    they go to the builder without a list of them all); None when a column is missing."""
    name, sheet = found
    cols = _columns(sheet, {**COLS["items"], **({} if yearly else COLS["pv"])})
    need = REQUIRED_ROLES if yearly else (*REQUIRED_ROLES, "amount")
    if _lacks_columns(log, found, cols, need, "items" if yearly else "pv"):
        return None
    amount_cols = ([c for c in range(max(cols.values()) + 1, sheet.max_col + 1)
                    if not _is_total(sheet.value(1, c))] if yearly else [cols["amount"]])
    return _amounts(name, sheet, cols, amount_cols, yearly)


def _amounts(name: str, sheet: Sheet, cols: dict, amount_cols: list, yearly: bool):
    flagged = _uncached_rows(sheet)
    years = {col: Cell(sheet.value(1, col), name, 1, col) for col in amount_cols} if yearly \
        else {}
    for row in range(2, sheet.max_row + 1):
        values = sheet.row_values(row)
        if row not in flagged and all(_blank(v) for v in values):
            continue

        def cell(role, r=row, v=values):
            col = cols.get(role)
            return Cell(v[col - 1] if col and col <= len(v) else None, name, r, col or 0)

        kind, category, actor = cell("kind"), cell("category"), cell("actor")
        desc, variant = cell("description").value, _variant(cell("variant").value)
        desc = "" if _blank(desc) else str(desc).strip()
        for col in amount_cols:
            value = values[col - 1] if col <= len(values) else None
            if _blank(value) and not (row in flagged and sheet.is_uncached_formula(row, col)):
                continue
            yield RawItem(variant, kind, category, actor, Cell(value, name, row, col),
                          years.get(col), desc)


def _measure(value) -> str:
    key = normalise_label(value) if not _blank(value) else ""
    for code, names in REPORTED_MEASURES.items():
        if key in (code, *(normalise_label(n) for n in names)):
            return code
    return MEASURE_ALIASES.get(key, "" if _blank(value) else str(value).strip())


def _reported(log, found) -> list[RawReported] | None:
    name, sheet = found
    cols = _columns(sheet, COLS["reported"])
    if "measure" not in cols or "value" not in cols:
        log.add("missing_column", Text("blad {sheet} heeft de kolommen Kengetal en Waarde nodig "
                                       "in rij 1", "sheet {sheet} needs the columns Kengetal and "
                                       "Waarde (Measure and Value) in row 1", sheet=name),
                sheet=name, cell="A1", expected=header_text("reported"))
        return None
    out, flagged = [], _uncached_rows(sheet)
    for row in range(2, sheet.max_row + 1):
        values = sheet.row_values(row)
        if row not in flagged and all(_blank(v) for v in values):
            continue
        cells = {role: Cell(sheet.value(row, col), name, row, col) for role, col in cols.items()}
        out.append(RawReported(_variant(cells["variant"].value) if "variant" in cells
                               else BASE_VARIANT, _measure(cells["measure"].value),
                               cells["value"], cells.get("low"), cells.get("high"),
                               cells.get("level")))
    return out


def _headlines(log, found) -> list[RawHeadline] | None:
    """The rows of the sheet Kopcijfers that hold anything; None when a column is missing."""
    name, sheet = found
    cols = _columns(sheet, COLS["headlines"])
    if _lacks_columns(log, found, cols, HEADLINE_REQUIRED, "headlines"):
        return None
    names = {role: column_text(role, "headlines") for role in cols}
    out = []
    for row in range(2, sheet.max_row + 1):
        cells = {role: Cell(sheet.value(row, col), name, row, col) for role, col in cols.items()}
        if not all(c.empty for c in cells.values()):
            out.append(RawHeadline(cells, names, missing=Cell(None, name, row, 1)))
    return out


def _has_rows(found) -> bool:
    """Whether a sheet of line items has anything below its header row."""
    if found is None:
        return False
    sheet = found[1]
    return any(not all(_blank(v) for v in sheet.row_values(row))
               for row in range(2, sheet.max_row + 1))


def read(wb: Workbook, log: IssueLog) -> Study | None:
    """Read a template workbook (Dutch or English); None with issues in ``log`` when invalid.

    Examples
    --------
    A blank template is recognised but lacks its required fields:

    >>> import tempfile, pathlib
    >>> from mkba.io.workbook import load_workbook
    >>> from mkba.write.template import write_template
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx", lang="en")
    >>> log = IssueLog(path.name)
    >>> wb = load_workbook(path, log)
    >>> detect(wb), read(wb, log)
    (True, None)
    >>> sorted({i.code for i in log.issues}), log.issues[0].location
    (['missing_field'], 'leeg.xlsx!Study!B2')

    A workbook with only headline figures on the sheet Kopcijfers is valid but is no study to
    recompute: :func:`read` gives None without an issue, :func:`read_parts` its
    :class:`~mkba.headlines.PublishedStudy`.
    """
    return read_parts(wb, log)[0]


def read_parts(wb: Workbook, log: IssueLog) -> tuple[Study | None, PublishedStudy | None]:
    """Read a template workbook: its study to recompute and its published headline figures.

    Returns
    -------
    study : Study or None
        When the workbook has line items (sheets Kasstromen, Contante waarden).
    published : PublishedStudy or None
        When it has rows on the sheet Kopcijfers: with line items, the study's figures as
        published (``recomputed=True``, the same id); without, the study itself. Both None when
        anything is wrong (every issue is in ``log``).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from mkba.io.workbook import load_workbook
    >>> from mkba.write.template import write_template
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "kop.xlsx")
    >>> book = openpyxl.load_workbook(path)
    >>> for row, value in ((2, "zwolle-2014"), (4, "Zwolle"), (5, "Wijkteams")):
    ...     book["Studie"].cell(row, 2).value = value
    >>> for col, value in enumerate(["Baten-kostenverhouding", 2, None, None, "bovengrens",
    ...         "maatschappij", None, None, None, "gecontroleerd", "https://example.org, p. 4"], 1):
    ...     book["Kopcijfers"].cell(2, col).value = value
    >>> book.save(path)
    >>> log = IssueLog(path.name)
    >>> study, published = read_parts(load_workbook(path, log), log)
    >>> study, published.id, published.headlines[0].bound, published.status, log.issues
    (None, 'zwolle-2014', 'upper', 'verified', [])
    """
    before = len(log)
    found = {role: _find(wb, role) for role in ("study", "flows", "pv", "reported", "headlines")}
    missing = []
    if found["study"] is None:
        missing.append(Text("Studie (Study)", "Studie (Study)"))
    if found["flows"] is None and found["pv"] is None and found["headlines"] is None:
        missing.append(Text("Kasstromen (Flows), Contante waarden (Present values) of "
                            "Kopcijfers (Headlines)", "Kasstromen (Flows), Contante waarden "
                            "(Present values) or Kopcijfers (Headlines)"))
    if missing:
        log.add("missing_sheet", Text("de werkmap heeft geen blad {a}",
                                      "the workbook has no sheet {a}", a=missing[0])
                if len(missing) == 1 else Text("de werkmap heeft geen blad {a} en geen blad {b}",
                                               "the workbook has no sheet {a} and no sheet {b}",
                                               a=missing[0], b=missing[1]),
                found=sheets_found(wb),
                expected=Text("de bladen van `mkba template`: {sheets}",
                              "the sheets of `mkba template`: {sheets}",
                              sheets=[f"{nl} ({en})" for nl, en in list(SHEETS.values())[1:6]]))
        return None, None
    clean = True
    for role, where in found.items():
        if where is not None:
            clean = screen(log, where[1], _used(role, where[1])) and clean
    if not clean:
        return None, None
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
    headlines = _headlines(log, found["headlines"]) if found["headlines"] is not None else []
    if headlines is None:
        return None, None
    if headlines and not (_has_rows(found["flows"]) or _has_rows(found["pv"])):
        return headlines_only(wb, log, meta, headlines, meta_sheet=name, layout=NAME,
                              before=before)
    items: list[Iterator[RawItem]] = []
    for role in ("flows", "pv"):
        if found[role] is not None:
            got = _items(log, found[role], yearly=role == "flows")
            if got is None:
                return None, None
            items.append(got)
    reported = _reported(log, found["reported"]) if found["reported"] is not None else []
    if reported is None:
        return None, None
    study = build_study(wb, log, meta=meta, items=chain.from_iterable(items), reported=reported,
                        layout=NAME, meta_sheet=name,
                        headlines_sheet=found["headlines"][0] if found["headlines"] is not None
                        else Text("Kopcijfers", "Headlines"))
    return beside_study(log, study, headlines, file=wb.name, before=before)
