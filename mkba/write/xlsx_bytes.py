"""Save openpyxl workbooks as xlsx whose bytes depend only on their contents.

openpyxl stamps the time of saving into ``docProps/core.xml`` (created, modified) and into the
header of every zip entry, so saving the same workbook twice gives two different files. Every
xlsx that mkba writes goes through :func:`workbook_bytes` (or :func:`save_workbook`), which
write fixed times instead: the same workbook gives the same bytes on every run.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from numbers import Integral, Real
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.writer.excel import ExcelWriter
from pandas import NA as _NA

from mkba import formatting, limits
from mkba.text_clean import clean_text
from mkba.write.atomic import write_bytes

__all__ = ["FIXED_TIME", "PRINT_WIDTH", "print_setup", "put_value", "rows_xml", "save_workbook",
           "too_long_note", "workbook_bytes"]

#: Column width (in Excel's character units) that one landscape A4 page prints legibly: a
#: wider sheet is spread over more pages across instead of shrunk to a few points.
PRINT_WIDTH = 150

#: The creation and modification time in the properties of every workbook mkba writes.
FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def workbook_bytes(wb, rows: Mapping[str, Iterable[str]] | None = None) -> bytes:
    """An openpyxl workbook as xlsx bytes that depend only on its contents.

    Sets the workbook's creator to ``mkba`` and its created and modified times to
    :data:`FIXED_TIME`; every zip entry gets the same fixed time and file mode.

    ``rows`` maps a sheet's entry in the archive (``"xl/worksheets/sheet2.xml"``) to pieces of
    its rows as XML (from :func:`rows_xml`), put at the end of the sheet's data: a long table
    is written this way, as a stream, instead of through openpyxl cell by cell.

    Examples
    --------
    >>> import openpyxl
    >>> wb = openpyxl.Workbook()
    >>> data = workbook_bytes(wb)
    >>> data[:2], data == workbook_bytes(wb)
    (b'PK', True)
    """
    wb.properties.creator = "mkba"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    rows = dict(rows or {})
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than wb.save, which stamps the current time as "modified"
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        missing = sorted(set(rows) - set(src.namelist()))
        if missing:
            raise ValueError(f"the workbook has no sheet {missing[0]!r} for rows")
        for info in src.infolist():  # the zip entries carry the time of writing too
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # an ordinary file: rw-r--r--
            data = src.read(info)
            if info.filename not in rows:
                dst.writestr(entry, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            with dst.open(entry, "w") as stream:
                stream.write(head)
                for piece in rows[info.filename]:
                    stream.write(piece.encode("utf-8"))
                stream.write(end + tail)
    return out.getvalue()


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_MAX_TEXT = 32_767  # the longest text a cell holds (openpyxl cuts longer texts there too)


def _tail(value) -> str:
    """A cell as openpyxl writes an unstyled cell (the same bytes), after its ``<c r="A1"``;
    "" for no value (no cell)."""
    if value is None or value is _NA or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Real):
        # the xlsx file format's number (as openpyxl writes it: %.16g), not text for people,
        # so not mkba.formatting
        number = f"{value:.16g}" if math.isfinite(value) else ""
        return f' t="n"><v>{number}</v></c>' if number else ' t="n"><v /></c>'
    text = clean_text(value if isinstance(value, str) else str(value))[:_MAX_TEXT]
    if not text:
        return ' t="inlineStr" />'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f' t="inlineStr"><is><t{space}>{text.translate(_ESCAPE)}</t></is></c>'


def _tails(values: list) -> list[str]:
    """:func:`_tail` of each value; a text that repeats is worked out once."""
    texts: dict = {}
    out = []
    for v in values:
        if v.__class__ is str:
            tail = texts.get(v)
            if tail is None:
                tail = texts[v] = _tail(v)
        elif v.__class__ is float and math.isfinite(v):
            tail = f' t="n"><v>{v:.16g}</v></c>'  # the file format's number, as in _tail
        else:
            tail = _tail(v)
        out.append(tail)
    return out


def rows_xml(frame, first_row: int = 2, chunk: int = 10_000) -> Iterator[str]:
    """The rows of ``frame`` as the XML of a sheet's data, from row ``first_row``, in pieces
    of ``chunk`` rows: the bytes openpyxl writes for the same values in unstyled cells (text
    always as text, even when it starts with ``=``; without control characters; missing
    values as empty cells), at a fraction of the time and memory. ``frame`` may also be a list
    of frames with the same columns, written one after the other.

    Examples
    --------
    >>> import pandas as pd
    >>> "".join(rows_xml(pd.DataFrame({"a": ["x<y", None], "b": [1.5, 2]})))
    '<row r="2"><c r="A2" t="inlineStr"><is><t>x&lt;y</t></is></c><c r="B2" t="n"><v>1.5</v></c>\
</row><row r="3"><c r="B3" t="n"><v>2</v></c></row>'
    """
    frames = [frame] if hasattr(frame, "iloc") else list(frame)
    letters = [get_column_letter(j + 1) for j in range(len(frames[0].columns))] if frames else []
    first = first_row
    for one in frames:
        for start in range(0, len(one), chunk):
            part = one.iloc[start:start + chunk]
            numbers = range(first + start, first + start + len(part))
            columns = [[f'<c r="{c}{r}"{t}' if t else "" for r, t in
                        zip(numbers, _tails(part.iloc[:, j].tolist()), strict=True)]
                       for j, c in enumerate(letters)]
            by_row = zip(*columns, strict=True) if columns else [()] * len(part)
            yield "".join([f'<row r="{r}">{"".join(cells)}</row>'
                           for r, cells in zip(numbers, by_row, strict=True)])
        first += len(one)


def save_workbook(wb, path: str | Path) -> Path:
    """Write an openpyxl workbook to ``path`` atomically, with :func:`workbook_bytes`.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = save_workbook(openpyxl.Workbook(), pathlib.Path(tempfile.mkdtemp()) / "a.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames
    ['Sheet']
    """
    write_bytes(path, workbook_bytes(wb))
    return Path(path)


def print_setup(ws, title_row: int) -> int:
    """Set a sheet up for printing: A4 landscape, ``title_row`` repeated on every page, and
    fitted to as many pages across as its columns need at a legible size (one page per
    :data:`PRINT_WIDTH` width units), with as many pages down as it takes.

    Returns the number of pages across.

    Examples
    --------
    >>> import openpyxl
    >>> ws = openpyxl.Workbook().active
    >>> for col in "ABCDEFGHIJKLMNOP":
    ...     ws.column_dimensions[col].width = 20
    >>> print_setup(ws, 4), ws.print_title_rows, ws.page_setup.orientation
    (3, '$4:$4', 'landscape')
    """
    sized = [column_index_from_string(k) for k, d in ws.column_dimensions.items() if d.width]
    widths = [ws.column_dimensions[get_column_letter(c)].width or 13  # Excel's default width
              for c in range(1, max([ws.max_column, *sized]) + 1)]
    across = max(1, math.ceil(sum(widths) / PRINT_WIDTH))
    ws.print_title_rows = f"{title_row}:{title_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = across, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return across


def put_value(ws, row: int, col: int, value):
    """Write one value into a cell; text stays text, whatever it starts with.

    Missing values (None, NaN, ``pandas.NA``) leave the cell empty and give None. Text is stored
    as a string cell (never a formula or an error code, even when it begins with ``=``, ``+``,
    ``-`` or ``@``), without control characters (:func:`mkba.text_clean.clean_text`: an xlsx
    file cannot hold most of them); numbers as plain int or float.

    Returns
    -------
    openpyxl.cell.Cell or None
        The cell written, for formatting.

    Examples
    --------
    >>> import openpyxl
    >>> ws = openpyxl.Workbook().active
    >>> put_value(ws, 1, 1, "=SUM(A2:A3)").data_type, ws["A1"].value
    ('s', '=SUM(A2:A3)')
    >>> put_value(ws, 2, 1, float("nan")) is None, ws["A2"].value
    (True, None)
    >>> put_value(ws, 3, 1, "Noord\\x1b[31m\\x00").value
    'Noord[31m'
    """
    if value is None or value is _NA or (isinstance(value, float) and value != value):
        return None
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Integral):
        cell.value = int(value)
    elif isinstance(value, Real):
        cell.value = float(value)
    else:
        cell.value = clean_text(str(value))
        cell.data_type = "s"
    return cell


def too_long_note(name: str, rows: int) -> list[str]:
    """The note (Dutch, English) that stands in a workbook for a table of ``rows`` rows that
    does not fit on one worksheet (:data:`mkba.limits.MAX_XLSX_ROWS` rows below the header):
    the table is in the file ``name`` only.

    Examples
    --------
    >>> print("\\n".join(too_long_note("items.csv", 2_000_000)))
    Deze tabel staat alleen in items.csv: de 2.000.000 rijen passen niet op één Excel-werkblad \
(1.048.576 rijen).
    This table is only in items.csv: its 2,000,000 rows are more than one Excel worksheet holds \
(1,048,576 rows).
    """
    sheet = limits.MAX_XLSX_ROWS + 1  # with the header row: Excel's 1,048,576
    nl = [formatting.number(n, 0, "nl") for n in (rows, sheet)]
    en = [formatting.number(n, 0, "en") for n in (rows, sheet)]
    return [f"Deze tabel staat alleen in {name}: de {nl[0]} rijen passen niet op één "
            f"Excel-werkblad ({nl[1]} rijen).",
            f"This table is only in {name}: its {en[0]} rows are more than one Excel worksheet "
            f"holds ({en[1]} rows)."]
