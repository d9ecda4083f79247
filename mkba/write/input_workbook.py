"""Building blocks of the workbooks people fill in: the study template and the scenario input
workbook.

Both open with an instructions sheet, have styled header rows, and keep the labels behind their
drop-down lists on a hidden sheet; built here once, they look and behave alike.
"""

from __future__ import annotations

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from mkba.messages import lang_index

__all__ = ["PICK", "drop_down", "header_row", "hidden_lists", "new_input_workbook"]

#: The prompt of a drop-down list, per language.
PICK = {"nl": "Kies een waarde uit de lijst.", "en": "Pick a value from the list."}
_HEAD_FONT, _HEAD_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")


def new_input_workbook(sheets: dict[str, tuple[str, str]], intro: tuple[str, list[str]],
                       lang: str):
    """A new workbook with one sheet per role of ``sheets`` (role -> (Dutch, English) name),
    in that order, and the sheets by role.

    The first role is the instructions sheet: ``intro`` is its (title, paragraphs), written
    from A1 in one wide column.

    Examples
    --------
    >>> wb, ws = new_input_workbook({"intro": ("Toelichting", "Instructions"),
    ...                              "data": ("Gegevens", "Data")}, ("Title", ["Text."]), "en")
    >>> wb.sheetnames, ws["intro"]["A3"].value
    (['Instructions', 'Data'], 'Text.')
    """
    i = lang_index(lang)
    first, *roles = sheets
    wb = openpyxl.Workbook()
    ws = {first: wb.active}
    ws[first].title = sheets[first][i]
    for role in roles:
        ws[role] = wb.create_sheet(sheets[role][i])
    title, paragraphs = intro
    ws[first]["A1"] = title
    ws[first]["A1"].font = Font(bold=True, size=14)
    ws[first].column_dimensions["A"].width = 110
    for row, text in enumerate(paragraphs, start=3):
        ws[first].cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
    return wb, ws


def header_row(ws, names, widths) -> None:
    """Bold, shaded headers in row 1 with their column widths; the row stays in view."""
    for col, (name, width) in enumerate(zip(names, widths, strict=True), start=1):
        cell = ws.cell(1, col, name)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def hidden_lists(ws, columns: dict[str, list[str]]) -> dict[str, str]:
    """Write the lists behind the drop-downs on ``ws`` (one column per list, its name in row 1)
    and hide the sheet; returns the range of each list, for :func:`drop_down`."""
    refs, sheet_ref = {}, quote_sheetname(ws.title)
    for col, (name, labels) in enumerate(columns.items(), start=1):
        ws.cell(1, col, name)
        for row, label in enumerate(labels, start=2):
            ws.cell(row, col, label)
        letter = get_column_letter(col)
        refs[name] = f"{sheet_ref}!${letter}$2:${letter}${len(labels) + 1}"
    ws.sheet_state = "hidden"
    return refs


def drop_down(ws, ref: str, sqref: str, lang: str) -> None:
    """A drop-down list of the values in ``ref`` on the cells ``sqref``; another value gives a
    warning, not a refusal."""
    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                        errorStyle="warning", error=PICK[lang], errorTitle="mkba")
    dv.add(sqref)
    ws.add_data_validation(dv)
