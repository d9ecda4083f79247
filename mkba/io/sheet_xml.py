"""Read the cells of one worksheet in one streaming pass, within bounds.

:func:`read_cells` uses expat directly (no tree is built; :mod:`mkba.io.book_xml` reads the
workbook-level parts and refuses document type declarations), and stops as soon as an input
passes a bound of :mod:`mkba.limits`, so that time and memory stay proportional to what is read
and bounded whatever the file holds:

- only cells holding a value (or a formula) count towards a sheet's used range: a value beyond
  :data:`~mkba.limits.MAX_SHEET_ROWS` or :data:`~mkba.limits.MAX_SHEET_COLUMNS`, or a used
  range of more than :data:`~mkba.limits.MAX_SHEET_CELLS`, stops the read with
  ``sheet_too_large`` naming the cell; the ``<dimension>`` a file states is not trusted;
- at most :data:`~mkba.limits.MAX_SHEET_CELLS` row and cell elements (formatted but empty ones
  too) per sheet are read;
- rows and cells must come in order, each cell in its own row and within Excel's grid; anything
  else is ``corrupt_file`` (openpyxl would silently drop or misplace such cells).

Values are those Excel shows (cached values of formulas), as openpyxl reads them with
``data_only=True``: numbers (int or float), text, booleans, dates for date-formatted numbers, and
error texts such as ``#N/A``. A formula without a cached value is None and its cell is listed in
``uncached``; a text with a control character (see :func:`mkba.issues.control_character`) is
listed in ``control``. Excel's escapes of characters in text (``_x001B_``) are decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils.datetime import from_excel, from_ISO8601

from mkba.io.book_xml import Book, SheetError, local_name, parse, parser, unescape
from mkba.limits import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from mkba.messages import Text
from mkba.text_clean import control_character

__all__ = ["Cells", "read_cells", "EXCEL_ROWS", "EXCEL_COLUMNS"]

#: Excel's grid: a cell beyond it cannot come from Excel.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\Z")
_EMPTY: tuple = ()


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Cells:
    """The values of one worksheet: ``rows[r - 1][c - 1]`` (rows end at their last value; rows
    without values are empty tuples), and the A1 references of formulas without a cached value
    and of texts with a control character."""

    rows: tuple[tuple, ...]
    uncached: frozenset[str]
    control: frozenset[str]


def _number(raw: str):
    text = raw.strip()
    return float(text) if "." in text or "e" in text or "E" in text else int(text)


def read_cells(data: bytes, book: Book, sheet: str) -> Cells:  # noqa: C901 - one state machine
    """The values of the worksheet XML ``data`` (see the module description).

    Raises
    ------
    SheetError
        ``sheet_too_large`` (naming the first cell beyond a bound), ``corrupt_file`` (naming
        the cell or row), ``xml_bomb``.
    """
    rows: list[tuple] = []
    uncached: set[str] = set()
    control: set[str] = set()
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    strings, bad, dates = book.strings, book.bad_strings, book.dates
    values: list[tuple[int, object]] = []
    in_data = in_row = in_cell = False
    row = col = width = elements = phonetic = style = 0
    kind, formula, text, inline = "n", False, None, None

    def corrupt(message: Text, cell: str | None = None):
        raise SheetError("corrupt_file", message, sheet=sheet, cell=cell,
                         expected=Text("een werkmap opgeslagen door Excel of LibreOffice",
                                       "a workbook saved by Excel or LibreOffice"))

    def count():
        nonlocal elements
        elements += 1
        if elements > MAX_SHEET_CELLS:
            raise SheetError("sheet_too_large",
                             Text("het blad bevat meer dan {n} rijen en cellen",
                                  "the sheet stores more than {n} rows and cells",
                                  n=MAX_SHEET_CELLS), sheet=sheet,
                             expected=Text("hoogstens {n} (rijen maal kolommen)",
                                           "at most {n} (rows times columns)", n=MAX_SHEET_CELLS))

    def column(ref: str) -> int:
        m = _REF.match(ref)
        if m is None:
            corrupt(Text("een cel in rij {row} heeft de verwijzing {ref}",
                         "a cell in row {row} has the reference {ref}", row=row,
                         ref=repr(ref[:20])))
        letters = m.group(1).upper()
        number = columns.get(letters)
        if number is None:
            number = columns[letters] = sum((ord(ch) - 64) * 26 ** i
                                            for i, ch in enumerate(reversed(letters)))
        if int(m.group(2)) != row:
            corrupt(Text("cel {ref} staat in rij {row}", "cell {ref} is stored in row {row}",
                         ref=ref, row=row), ref)
        return number

    def start(name, attrs):
        nonlocal in_data, in_row, in_cell, row, col, phonetic, style, kind, formula, text, inline
        local = names.get(name)
        if local is None:
            local = names[name] = local_name(name)
        if local == "c":
            if not in_row:
                return
            count()
            ref = attrs.get("r")
            number = column(ref) if ref else col + 1
            if number <= col or number > EXCEL_COLUMNS:
                corrupt(Text("cel {ref} staat na een cel rechts ervan, staat er twee keer, of "
                             "ligt voorbij Excels laatste kolom XFD",
                             "cell {ref} is stored after a cell to its right, twice, or beyond "
                             "Excel's last column XFD", ref=_ref(row, number)),
                        _ref(row, min(number, 16_384)))
            col, in_cell = number, True
            kind = attrs.get("t", "n")
            s = attrs.get("s")
            style = int(s) if s and s.isdigit() else 0
            formula, text, inline = False, None, None
        elif not in_cell:
            if local == "row" and in_data:
                count()
                r = attrs.get("r")
                number = row + 1 if r is None else int(r) if r.isdigit() else 0
                if not row < number <= EXCEL_ROWS:
                    corrupt(Text("rij {r} komt na rij {row} of ligt buiten Excels rijen 1 tot "
                                 "en met {n}", "row {r} comes after row {row} or lies outside "
                                 "Excel's rows 1 to {n}", r=repr(r), row=row, n=EXCEL_ROWS))
                row, col, in_row = number, 0, True
                values.clear()
            elif local == "sheetData":
                in_data = True
        elif local == "v":
            text = []
            p.CharacterDataHandler = text.append
        elif local == "f":
            formula = True
        elif local == "is":
            inline = []
        elif local == "t" and inline is not None and not phonetic:
            p.CharacterDataHandler = inline.append
        elif local == "rPh":
            phonetic += 1

    def value_of():
        if kind == "inlineStr":
            return unescape("".join(inline)) if inline is not None else None
        raw = "".join(text) if text else None
        if not raw:
            return None
        try:
            if kind == "n":
                number = _number(raw)
                if style in dates:
                    try:
                        return from_excel(number, book.epoch, timedelta=style in book.durations)
                    except (OverflowError, ValueError):
                        return "#VALUE!"  # as openpyxl: a date out of range is an error value
                return number
            if kind == "s":
                index = int(raw)
                if index in bad:
                    control.add(_ref(row, col))
                return strings[index]
            if kind == "b":
                return bool(int(raw))
            if kind == "d":
                return from_ISO8601(raw)
        except (ValueError, IndexError, OverflowError):
            corrupt(Text("cel {ref} bevat {raw}, geen waarde van type {kind}",
                         "cell {ref} holds {raw}, which is no value of type {kind}",
                         ref=_ref(row, col), raw=repr(raw[:40]), kind=repr(kind)), _ref(row, col))
        return unescape(raw)  # "str" (a formula's text), "e" (an error such as #N/A), other

    def end(name):
        nonlocal in_data, in_row, in_cell, width, phonetic
        local = names.get(name) or local_name(name)
        if local == "c":
            if not in_cell:
                return
            in_cell = False
            value = value_of()
            missing = value is None and formula and not (kind == "str" and text is not None)
            if value is None and not missing:
                return
            if row > MAX_SHEET_ROWS or col > MAX_SHEET_COLUMNS or \
                    row * max(width, col) > MAX_SHEET_CELLS:
                raise SheetError(
                    "sheet_too_large",
                    Text("het blad heeft een waarde in cel {ref}, voorbij de {rows} rijen, "
                         "{cols} kolommen (A-{last}) en {cells} cellen die mkba leest",
                         "the sheet has a value in cell {ref}, beyond the {rows} rows, {cols} "
                         "columns (A-{last}) and {cells} cells that mkba reads",
                         ref=_ref(row, col), rows=MAX_SHEET_ROWS, cols=MAX_SHEET_COLUMNS,
                         last=_column_letters(MAX_SHEET_COLUMNS), cells=MAX_SHEET_CELLS),
                    sheet=sheet, cell=_ref(row, col),
                    found=value if not missing else Text("een formule", "a formula"),
                    expected=Text("de tabellen van de studie binnen deze grenzen; verwijder "
                                  "losse cellen", "the study's tables within these bounds; "
                                  "delete stray cells"))
            width = max(width, col)
            if missing:
                uncached.add(_ref(row, col))
            elif kind != "s" and isinstance(value, str) and control_character(value):
                control.add(_ref(row, col))
            values.append((col, value))
        elif local in ("v", "t"):
            p.CharacterDataHandler = None
        elif local == "rPh":
            phonetic -= 1
        elif local == "row" and in_row:
            in_row = False
            if values:
                cells = [None] * values[-1][0]
                for c, value in values:
                    cells[c - 1] = value
                if len(rows) < row - 1:
                    rows.extend([_EMPTY] * (row - 1 - len(rows)))
                rows.append(tuple(cells))
        elif local == "sheetData":
            in_data = False

    p = parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    parse(p, data, Text("van werkblad {s}", "of worksheet {s}", s=repr(sheet)), sheet)
    return Cells(tuple(rows), frozenset(uncached), frozenset(control))


def _ref(row: int, col: int) -> str:
    return f"{_column_letters(col)}{row}"

