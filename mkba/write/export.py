"""Write the combined common-schema data set: tidy CSV files and one xlsx workbook.

:func:`write_dataset` writes ``studies.csv``, ``items.csv``, ``reported.csv``,
``provenance.csv`` and ``dataset.xlsx`` (one sheet per table) into a folder. The same studies
give byte-identical files. All files are first written beside their targets and renamed only
when every one of them is complete, so a failure leaves the previous files as they were; other
files in the folder are never touched.

Text that a spreadsheet would take for a formula (starting with ``= + - @``) is stored as text:
as a string cell in the xlsx, and with a leading apostrophe in the CSV files (the usual guard
against formula injection when a CSV is opened in Excel). Control characters are left out of
every file (:mod:`mkba.text_clean`).

Large data sets: a table with more rows than one worksheet holds
(:data:`mkba.limits.MAX_XLSX_ROWS` below the header; Excel's limit is 1,048,576 rows in all)
is written to its CSV file only. Its sheet in ``dataset.xlsx`` then holds a note instead (in
Dutch and English) that says so, with the number of rows; the CSV file is complete. In practice
only ``items`` can grow that long (a study of 20,000 line items over 100 years has 2 million
item rows). Sheets are written as a stream and CSV files in slices, so memory grows linearly
with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mkba import limits
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.schema import ITEM_COLUMNS, STUDY_FIELDS, Study, found_twice, items_frame
from mkba.text_clean import clean_text
from mkba.write.csv_bytes import csv_bytes
from mkba.write.output_folder import write_files
from mkba.write.xlsx_bytes import rows_xml, too_long_note, workbook_bytes

__all__ = ["DATASET_FILES", "dataset_tables", "write_dataset"]

#: Files written by :func:`write_dataset`, in order.
DATASET_FILES = ("studies.csv", "items.csv", "reported.csv", "provenance.csv", "dataset.xlsx")
_DTYPES = {"text": "string", "code": "string", "int": "Int64", "year": "Int64",
           "rate": "float64", "bool": "boolean"}
_REPORTED_COLUMNS = {"study_id": "string", "variant": "string", "measure": "string",
                     "value": "float64", "low": "float64", "high": "float64",
                     "level": "float64", "source": "string"}


def dataset_tables(studies: Iterable[Study]) -> dict[str, pd.DataFrame]:
    """The four tables of the data set, studies ordered by id.

    Returns
    -------
    dict
        ``studies`` (one row per study: the metadata fields, ``file``, ``layout``), ``items``
        (:data:`~mkba.schema.ITEM_COLUMNS`), ``reported`` (headline figures as reported) and
        ``provenance`` (``study_id``, ``field``, ``source``: the cell of every metadata value).

    Examples
    --------
    >>> tables = dataset_tables([])
    >>> list(tables), list(tables["provenance"].columns)
    (['studies', 'items', 'reported', 'provenance'], ['study_id', 'field', 'source'])
    """
    tables = _tables(studies)
    tables["items"] = pd.concat(tables["items"], ignore_index=True)
    return tables


def _items(study: Study) -> pd.DataFrame:
    """The study's line items with exactly the columns and dtypes of the schema (a copy only
    when they differ)."""
    items = study.items
    if list(items.columns) == list(ITEM_COLUMNS) and \
            [str(t) for t in items.dtypes] == list(ITEM_COLUMNS.values()):
        return items
    return items_frame(items)


def _tables(studies: Iterable[Study]) -> dict:
    """:func:`dataset_tables`, with ``items`` as a list of frames, one per study (so that a
    large data set is written without a combined copy of its items)."""
    studies = list(studies)
    dupes = found_twice(s.id for s in studies)
    if dupes:
        raise ArgumentError(Text("elke studie moet een eigen id hebben; dubbel: {ids}",
                                 "studies must have unique ids; duplicated: {ids}", ids=dupes))
    studies.sort(key=lambda s: s.id)
    meta = pd.DataFrame([{**s.metadata(), "file": s.file, "layout": s.layout} for s in studies],
                        columns=[f.name for f in STUDY_FIELDS] + ["file", "layout"])
    meta = meta.astype({f.name: _DTYPES[f.type] for f in STUDY_FIELDS}
                       | {"file": "string", "layout": "string"})
    items = [_items(s) for s in studies] or [items_frame()]
    reported = pd.DataFrame(
        [{"study_id": s.id, "variant": r.variant, "measure": r.measure, "value": r.value,
          "low": r.low, "high": r.high, "level": r.level, "source": r.source}
         for s in studies for r in s.reported], columns=list(_REPORTED_COLUMNS),
    ).astype(_REPORTED_COLUMNS)
    provenance = pd.DataFrame(
        [{"study_id": s.id, "field": f.name, "source": s.provenance[f.name]}
         for s in studies for f in STUDY_FIELDS if f.name in s.provenance],
        columns=["study_id", "field", "source"],
    ).astype("string")
    return {"studies": meta, "items": items, "reported": reported, "provenance": provenance}


def _xlsx_bytes(tables: dict) -> bytes:
    """One sheet per table: a bold, frozen header row (openpyxl), then the rows as a stream
    (:func:`~mkba.write.xlsx_bytes.rows_xml`); a table too long for a sheet gets a note. A table
    is a DataFrame or a list of them (with the same columns), one after the other."""
    wb = openpyxl.Workbook(write_only=True)
    rows = {}
    for number, ((name, frames), file) in enumerate(zip(tables.items(), DATASET_FILES,
                                                        strict=False), start=1):
        frames = [frames] if isinstance(frames, pd.DataFrame) else list(frames)
        n_rows = sum(len(f) for f in frames)
        if n_rows > limits.MAX_XLSX_ROWS:
            frames = [pd.DataFrame({"opmerking / note": too_long_note(file, n_rows)})]
            n_rows = 2
        columns = frames[0].columns
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        # the size of the sheet, which openpyxl asks a sheet for (a write-only sheet leaves
        # it out): the same bytes as a sheet written cell by cell
        size = f"A1:{get_column_letter(max(len(columns), 1))}{n_rows + 1}"
        ws.calculate_dimension = lambda size=size: size
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=clean_text(str(column)))
            cell.font = Font(bold=True)
            if cell.data_type == "f":  # a name that looks like a formula stays text
                cell.data_type = "s"
            header.append(cell)
        ws.append(header)
        rows[f"xl/worksheets/sheet{number}.xml"] = rows_xml(frames, first_row=2)
    return workbook_bytes(wb, rows=rows)


def write_dataset(studies: Iterable[Study], out_dir: str | Path, *,
                  inputs: Iterable[str | Path] = (), csv: str = "excel-nl") -> list[Path]:
    """Write the combined data set of ``studies`` into ``out_dir``.

    Parameters
    ----------
    studies : iterable of Study
        Studies with unique ids (their order does not matter: rows are ordered by id).
    out_dir : str or Path
        Folder to write into: new, empty or an earlier output of mkba (see
        :func:`mkba.write.output_folder.check_output_folder`). Only the files of
        :data:`DATASET_FILES` are replaced; anything else in the folder is left alone.
    inputs : iterable of str or Path
        The files and folders the studies were read from; ``out_dir`` may not be, contain or
        lie inside one of them.
    csv : {"excel-nl", "plain"}
        The CSV dialect (:mod:`mkba.write.csv_bytes`): Dutch Excel (default) or plain.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in write_dataset([], tempfile.mkdtemp())]
    ['studies.csv', 'items.csv', 'reported.csv', 'provenance.csv', 'dataset.xlsx']
    """
    tables = _tables(studies)
    contents = [csv_bytes(df, csv) for df in tables.values()] + [_xlsx_bytes(tables)]
    return write_files(out_dir, dict(zip(DATASET_FILES, contents, strict=True)), inputs=inputs,
                       command="import")
