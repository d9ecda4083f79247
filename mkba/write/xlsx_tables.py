"""Write presentation tables: one CSV per table and one formatted xlsx workbook.

:func:`write_tables` writes ``<name>.csv`` for every table of a :class:`~mkba.tables.Tables`,
``table_notes.csv`` (title, basis and note of each table, which a CSV file cannot carry) and
``tables.xlsx``: one sheet per table with its title, basis and note above a frozen, filtered
header row, euro and percentage number formats, fitted column widths and landscape pages one
page wide. :func:`run_tables` builds and writes them in one call (for ``mkba tables``).

Outputs are deterministic (fixed workbook timestamps and zip entry dates: the same tables give
byte-identical files) and atomic: every file is complete on disk before the first is renamed
into place; other files in the folder are left alone. Text that a spreadsheet would take for a
formula or an error code (``= + - @``, ``#N/A``) is stored as a string cell in the xlsx and with
a leading apostrophe in the CSV files, the usual guard against formula injection; control
characters are left out of every file (:mod:`mkba.text_clean`). A table with more rows than a
worksheet holds (:data:`mkba.limits.MAX_XLSX_ROWS`) is written to its CSV file only; its sheet
holds its title and a note that says so.
"""

from __future__ import annotations

import math
import reprlib
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from mkba import formatting, limits
from mkba.basis import Basis
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.tables import LANGS, Table, Tables, build_tables
from mkba.write.csv_bytes import csv_bytes, csv_dialect
from mkba.write.output_folder import write_files
from mkba.write.xlsx_bytes import print_setup, put_value, too_long_note, workbook_bytes

__all__ = ["NUMBER_FORMATS", "run_tables", "write_tables"]

#: Excel number format per column kind of :data:`mkba.tables.FORMATS` (text has none).
NUMBER_FORMATS = {
    "euro": '"€ "#,##0;"€ -"#,##0',
    "ratio": "0.00",
    "share": "0.0%",
    "rate": "0.00%",
    "int": "#,##0",
    "year": "0",
    "tau2": "0.000",
    "i2": "0.0",
}
_SHEETS = {  # table name -> (Dutch, English) sheet name (at most 31 characters)
    "overview": ("Overzicht", "Overview"),
    "headline": ("Uitkomsten", "Results"),
    "actors": ("Wie betaalt", "Who pays"),
    "benefits": ("Baten", "Benefits"),
    "sensitivity": ("Gevoeligheid", "Sensitivity"),
    "summary": ("Samenvatting", "Summary"),
}
_NOTES_HEADER = {"nl": ["tabel", "titel", "basis", "toelichting"],
                 "en": ["table", "title", "basis", "note"]}
_HEADER_ROW = 4


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _shown(value, kind: str, lang: str) -> str:
    """Approximate text Excel shows for a value (:data:`NUMBER_FORMATS`), to size the column."""
    if _missing(value):
        return ""
    if kind == "euro":  # '"€ "#,##0;"€ -"#,##0'
        return "€ " + formatting.number(value, 0, lang)
    if kind in ("share", "rate"):
        return formatting.percent(value, lang, 2)
    if kind == "ratio":
        return formatting.ratio(value, lang)
    if kind == "int":
        return formatting.number(value, 0, lang)
    return str(value)


def _sheet(wb, table: Table, lang: str) -> None:
    names = _SHEETS.get(table.name)
    ws = wb.create_sheet(names[lang == "en"] if names else table.name[:31])
    put_value(ws, 1, 1, table.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for row, text in ((2, table.basis), (3, table.note)):
        put_value(ws, row, 1, text)
        ws.cell(row=row, column=1).font = Font(italic=True, size=9)
    if len(table.frame) > limits.MAX_XLSX_ROWS - (_HEADER_ROW - 1):  # more than a sheet holds
        for row, text in enumerate(too_long_note(f"{table.name}.csv", len(table.frame)),
                                   start=_HEADER_ROW):
            put_value(ws, row, 1, text)
        return
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    border = Border(bottom=Side(style="thin"))
    frame = table.frame.astype(object)
    for j, column in enumerate(frame.columns, start=1):
        kind = table.formats.get(column, "text")
        put_value(ws, _HEADER_ROW, j, column)
        head = ws.cell(row=_HEADER_ROW, column=j)
        head.font, head.fill, head.border = header_font, fill, border
        head.alignment = Alignment(wrap_text=True, vertical="top")
        values = frame[column].tolist()
        for i, value in enumerate(values, start=_HEADER_ROW + 1):
            put_value(ws, i, j, value)
            if kind in NUMBER_FORMATS:
                ws.cell(row=i, column=j).number_format = NUMBER_FORMATS[kind]
        widest = max([len(_shown(v, kind, lang)) for v in values] + [min(len(str(column)), 24), 6])
        ws.column_dimensions[get_column_letter(j)].width = min(widest + 2, 50)
    last = get_column_letter(max(len(frame.columns), 1))
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{_HEADER_ROW}:{last}{_HEADER_ROW + len(frame)}"
    print_setup(ws, _HEADER_ROW)


def _xlsx_bytes(tables: Tables, lang: str) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in tables.tables:
        _sheet(wb, table, lang)
    wb.properties.title = "MKBA sociale wijkteams" if lang == "nl" else "SCBA social teams"
    return workbook_bytes(wb)


def write_tables(tables: Tables, out_dir: str | Path, *, lang: str | None = None,
                 inputs: Iterable[str | Path] = (), csv: str | None = None) -> list[Path]:
    """Write every table as CSV and all of them as one formatted xlsx workbook.

    Parameters
    ----------
    tables : Tables
        From :func:`mkba.tables.build_tables`.
    out_dir : str or Path
        Folder to write into: new, empty or an earlier output of mkba (see
        :func:`mkba.write.output_folder.check_output_folder`).
    lang : {"nl", "en"}, optional
        Language of the sheet names and of ``table_notes.csv``; it must be the language the
        tables were built in (default).
    csv : {None, "excel-nl", "plain"}
        The CSV dialect (:mod:`mkba.write.csv_bytes`); by default ``excel-nl`` for Dutch tables
        (Dutch Excel opens them in columns) and ``plain`` for English ones.

    Returns
    -------
    list of Path
        ``<name>.csv`` per table, ``table_notes.csv`` and ``tables.xlsx``, in that order.

    Examples
    --------
    >>> import tempfile
    >>> from mkba.tables import Table, Tables
    >>> t = Table("demo", "Demo", "", "Basis: none", pd.DataFrame({"x": [1]}), {"x": "int"})
    >>> [p.name for p in write_tables(Tables("en", "", (t,)), tempfile.mkdtemp())]
    ['demo.csv', 'table_notes.csv', 'tables.xlsx']
    """
    if not isinstance(tables, Tables):
        raise ArgumentError(Text(
            "tables={tables} is niet toegestaan; geef het resultaat van build_tables",
            "tables={tables} is not allowed; give the result of build_tables",
            tables=reprlib.repr(tables)))
    lang = tables.lang if lang is None else lang
    if lang not in LANGS or lang != tables.lang:
        raise ArgumentError(Text(
            "lang={lang!r} is niet toegestaan; deze tabellen zijn gemaakt in {built!r} (maak ze "
            "opnieuw met build_tables(..., lang=...))",
            "lang={lang!r} is not allowed; these tables were built in {built!r} (rebuild them "
            "with build_tables(..., lang=...))", lang=lang, built=tables.lang))
    notes = pd.DataFrame([[t.name, t.title, t.basis, t.note] for t in tables.tables],
                         columns=_NOTES_HEADER[lang])
    dialect = csv_dialect(lang, csv)
    contents = {f"{t.name}.csv": csv_bytes(t.frame, dialect) for t in tables.tables}
    contents["table_notes.csv"] = csv_bytes(notes, dialect)
    contents["tables.xlsx"] = _xlsx_bytes(tables, lang)
    return write_files(out_dir, contents, inputs=inputs, command="tables")


def run_tables(
    studies: Iterable,
    out_dir: str | Path,
    *,
    basis: Basis | None = None,
    lang: str = "nl",
    inputs: Iterable[str | Path] = (),
    csv: str | None = None,
    **changes,
) -> list[Path]:
    """Build the presentation tables of ``studies`` and write them to ``out_dir`` (CSVs in the
    dialect ``csv``, by default that of ``lang``: see :func:`write_tables`).

    The command ``mkba tables`` calls this after reading the studies; ``basis`` and
    ``**changes`` are those of :func:`mkba.tables.build_tables` (see :class:`mkba.basis.Basis`).

    Examples
    --------
    >>> import tempfile
    >>> from mkba.schema import Study, items_frame
    >>> items = items_frame([dict(variant="basis", kind=k, category="overig", actor="rijk",
    ...                           amount=v) for k, v in [("cost", 100.0), ("benefit", 150.0)]])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=1,
    ...           households=10, illustrative=False, items=items)
    >>> paths = run_tables([s], tempfile.mkdtemp(), price_year=2015, lang="en")
    >>> [p.name for p in paths][-2:]
    ['table_notes.csv', 'tables.xlsx']
    """
    tables = build_tables(studies, basis=basis, lang=lang, **changes)
    return write_tables(tables, out_dir, lang=lang, inputs=inputs, csv=csv)
