"""Save openpyxl workbooks as xlsx whose bytes depend only on their contents.

openpyxl stamps the time of saving into ``docProps/core.xml`` (created, modified) and into the
header of every zip entry, so saving the same workbook twice gives two different files. Every
xlsx that mkba writes goes through :func:`workbook_bytes` (or :func:`save_workbook`), which
write fixed times instead: the same workbook gives the same bytes on every run.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from numbers import Integral, Real
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import ExcelWriter
from pandas import NA as _NA

from mkba.io.atomic import write_bytes

__all__ = ["FIXED_TIME", "put_value", "save_workbook", "workbook_bytes"]

#: The creation and modification time in the properties of every workbook mkba writes.
FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold


def workbook_bytes(wb) -> bytes:
    """An openpyxl workbook as xlsx bytes that depend only on its contents.

    Sets the workbook's creator to ``mkba`` and its created and modified times to
    :data:`FIXED_TIME`; every zip entry gets the same fixed time and file mode.

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
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than wb.save, which stamps the current time as "modified"
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():  # the zip entries carry the time of writing too
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16  # an ordinary file: rw-r--r--
            dst.writestr(entry, src.read(info))
    return out.getvalue()


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


def put_value(ws, row: int, col: int, value):
    """Write one value into a cell; text stays text, whatever it starts with.

    Missing values (None, NaN, ``pandas.NA``) leave the cell empty and give None. Text is stored
    as a string cell (never a formula or an error code, even when it begins with ``=``, ``+``,
    ``-`` or ``@``), without the control characters an xlsx file cannot hold; numbers as plain
    int or float.

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
    """
    if value is None or value is _NA or (isinstance(value, float) and value != value):
        return None
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Integral):
        cell.value = int(value)
    elif isinstance(value, Real):
        cell.value = float(value)
    else:
        cell.value = str(value)
        cell.data_type = "s"
    return cell
