"""Read the XML parts of an xlsx workbook in one streaming pass each, within bounds.

:func:`read_book` reads the sheet list, the date system, the shared strings and the date styles;
:func:`read_cells` the values of one worksheet. Both use expat directly (no tree is built), with
document type declarations refused (no entity expansion: "billion laughs"), and stop as soon as an
input passes a bound of :mod:`mkba.limits`, so that time and memory stay proportional to what is
read and bounded whatever the file holds:

- only cells holding a value (or a formula) count towards a sheet's used range: a value beyond
  :data:`~mkba.limits.MAX_SHEET_ROWS` or :data:`~mkba.limits.MAX_SHEET_COLUMNS`, or a used
  range of more than :data:`~mkba.limits.MAX_SHEET_CELLS`, stops the read with
  ``sheet_too_large`` naming the cell; the ``<dimension>`` a file states is not trusted;
- at most :data:`~mkba.limits.MAX_SHEET_CELLS` row and cell elements (formatted but empty ones
  too) per sheet, and as many shared strings, are read;
- rows and cells must come in order, each cell in its own row and within Excel's grid; anything
  else is ``corrupt_file`` (openpyxl would silently drop or misplace such cells).

Values are those Excel shows (cached values of formulas), as openpyxl reads them with
``data_only=True``: numbers (int or float), text, booleans, dates for date-formatted numbers, and
error texts such as ``#N/A``. A formula without a cached value is None and its cell is listed in
``uncached``; a text with a control character (see :func:`mkba.validate.control_character`) is
listed in ``control``. Excel's escapes of characters in text (``_x001B_``) are decoded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from mkba.limits import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_SHEETS
from mkba.validate import control_character

__all__ = ["SheetError", "Book", "Cells", "read_book", "read_cells", "EXCEL_ROWS", "EXCEL_COLUMNS"]

#: Excel's grid: a cell beyond it cannot come from Excel.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\Z")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EMPTY: tuple = ()


class SheetError(Exception):
    """A part that cannot be read: ``code`` is an issue code, ``sheet`` and ``cell`` say where."""

    def __init__(self, code: str, message: str, *, sheet: str | None = None,
                 cell: str | None = None, found=None, expected: str | None = None):
        super().__init__(message)
        self.code, self.message, self.sheet, self.cell = code, message, sheet, cell
        self.found, self.expected = found, expected


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _refuse_dtd(*_args):
    raise SheetError("xml_bomb", "the workbook declares a document type (and with it possibly "
                     "XML entities), which mkba refuses", found="<!DOCTYPE",
                     expected="plain spreadsheet XML")


def _parser() -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_dtd
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def _parse(p: expat.XMLParserType, data: bytes, part: str, sheet: str | None = None) -> None:
    try:
        p.Parse(data, True)
    except expat.ExpatError as exc:
        raise SheetError("corrupt_file", f"part {part} is not well-formed XML ({exc})",
                         sheet=sheet,
                         expected="a complete .xlsx file; open and save it again in Excel") \
            from None


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _elements(data: bytes, part: str, wanted: set[str]) -> list[tuple[str, dict]]:
    """(local name, attributes) of every element of ``wanted``, in document order."""
    found: list[tuple[str, dict]] = []

    def start(name, attrs):
        local = _local(name)
        if local in wanted:
            if len(found) >= MAX_SHEET_CELLS:
                raise SheetError("corrupt_file", f"part {part} holds too many elements")
            found.append((local, attrs))

    p = _parser()
    p.StartElementHandler = start
    _parse(p, data, part)
    return found


def _unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded (``_x005F_`` is a literal underscore)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _strings(data: bytes) -> tuple[list[str], frozenset[int]]:
    """The shared strings (rich text runs joined, phonetic runs left out) and the indexes of
    those holding a control character."""
    strings: list[str] = []
    buf: list[str] = []
    state = {"si": False, "ph": 0}

    def start(name, attrs):
        local = _local(name)
        if local == "si":
            state["si"] = True
            buf.clear()
        elif local == "t" and state["si"] and not state["ph"]:
            p.CharacterDataHandler = buf.append
        elif local == "rPh":
            state["ph"] += 1

    def end(name):
        local = _local(name)
        if local == "t":
            p.CharacterDataHandler = None
        elif local == "rPh":
            state["ph"] -= 1
        elif local == "si":
            if len(strings) >= MAX_SHEET_CELLS:
                raise SheetError("sheet_too_large", f"the workbook holds more than "
                                 f"{MAX_SHEET_CELLS:,} different texts",
                                 expected=f"at most {MAX_SHEET_CELLS:,}")
            strings.append(_unescape("".join(buf)))
            state["si"] = False

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    _parse(p, data, "xl/sharedStrings.xml")
    bad = frozenset(i for i, s in enumerate(strings) if control_character(s) is not None)
    return strings, bad


def _date_styles(data: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the cell styles that show a date, and of those that show a duration."""
    custom: dict[int, str] = {}
    ids: list[int] = []
    inside = {"cellXfs": False}

    def start(name, attrs):
        local = _local(name)
        if local == "numFmt" and "numFmtId" in attrs:
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            inside["cellXfs"] = True
        elif local == "xf" and inside["cellXfs"]:
            ids.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if _local(name) == "cellXfs":
            inside["cellXfs"] = False

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    _parse(p, data, "xl/styles.xml")
    fmts = [custom.get(i, BUILTIN_FORMATS.get(i)) for i in ids]
    return (frozenset(i for i, f in enumerate(fmts) if is_date_format(f)),
            frozenset(i for i, f in enumerate(fmts) if is_timedelta_format(f)))


@dataclass(frozen=True)
class Book:
    """What every sheet needs: shared strings, date styles, date system; and the sheets as
    (name, part) in workbook order."""

    sheets: tuple[tuple[str, str], ...]
    strings: list[str]
    bad_strings: frozenset[int]
    dates: frozenset[int]
    durations: frozenset[int]
    epoch: object


def _rels(archive: zipfile.ZipFile, names: set[str]) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part) of the workbook's relationships."""
    part = "xl/_rels/workbook.xml.rels"
    if part not in names:
        return {}
    out = {}
    for _, a in _elements(archive.read(part), part, {"Relationship"}):
        if a.get("TargetMode") == "External" or "Id" not in a:
            continue
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[a["Id"]] = (a.get("Type", ""), posixpath.normpath(path))
    return out


def read_book(archive: zipfile.ZipFile) -> Book:
    """Sheets, shared strings, date styles and date system of a checked xlsx archive.

    Raises
    ------
    SheetError
        ``corrupt_file`` for a sheet without its part, ``xml_bomb`` for a document type
        declaration, ``sheet_too_large`` beyond :data:`~mkba.limits.MAX_SHEETS` sheets or
        :data:`~mkba.limits.MAX_SHEET_CELLS` shared strings.
    """
    names = set(archive.namelist())
    rels = _rels(archive, names)
    entries = _elements(archive.read("xl/workbook.xml"), "xl/workbook.xml",
                        {"sheet", "workbookPr"})
    epoch = WINDOWS_EPOCH
    sheets: list[tuple[str, str]] = []
    for local, a in entries:
        if local == "workbookPr":
            epoch = MAC_EPOCH if a.get("date1904", "").lower() in ("1", "true") else epoch
            continue
        rid = next((v for k, v in a.items() if k.endswith(":id")), None)
        kind, part = rels.get(rid, ("", ""))
        if kind and not kind.endswith("/worksheet"):
            continue  # a chart sheet or a dialog sheet: no cells
        if part not in names:
            raise SheetError("corrupt_file", f"sheet {a.get('name')!r} has no worksheet part "
                             "in the archive", sheet=a.get("name"),
                             expected="a complete .xlsx file; open and save it again in Excel")
        if any(part == p for _, p in sheets):
            raise SheetError("corrupt_file", f"two sheets share the part {part}",
                             sheet=a.get("name"), expected="a workbook saved by Excel")
        if len(sheets) >= MAX_SHEETS:
            raise SheetError("sheet_too_large", f"the workbook has more than {MAX_SHEETS:,} "
                             "sheets", expected=f"at most {MAX_SHEETS:,} sheets")
        sheets.append((a.get("name", ""), part))
    by_type = {kind.rpartition("/")[2]: part for kind, part in rels.values()}
    sst = by_type.get("sharedStrings", "xl/sharedStrings.xml")
    strings, bad = _strings(archive.read(sst)) if sst in names else ([], frozenset())
    styles = by_type.get("styles", "xl/styles.xml")
    dates, durations = _date_styles(archive.read(styles)) if styles in names else (
        frozenset(), frozenset())
    return Book(tuple(sheets), strings, bad, dates, durations, epoch)


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

    def corrupt(message: str, cell: str | None = None):
        raise SheetError("corrupt_file", message, sheet=sheet, cell=cell,
                         expected="a workbook saved by Excel or LibreOffice")

    def count():
        nonlocal elements
        elements += 1
        if elements > MAX_SHEET_CELLS:
            raise SheetError("sheet_too_large", f"the sheet stores more than {MAX_SHEET_CELLS:,} "
                             "rows and cells", sheet=sheet,
                             expected=f"at most {MAX_SHEET_CELLS:,} (rows times columns)")

    def column(ref: str) -> int:
        m = _REF.match(ref)
        if m is None:
            corrupt(f"a cell in row {row} has the reference {ref[:20]!r}")
        letters = m.group(1).upper()
        number = columns.get(letters)
        if number is None:
            number = columns[letters] = sum((ord(ch) - 64) * 26 ** i
                                            for i, ch in enumerate(reversed(letters)))
        if int(m.group(2)) != row:
            corrupt(f"cell {ref} is stored in row {row}", ref)
        return number

    def start(name, attrs):
        nonlocal in_data, in_row, in_cell, row, col, phonetic, style, kind, formula, text, inline
        local = names.get(name)
        if local is None:
            local = names[name] = _local(name)
        if local == "c":
            if not in_row:
                return
            count()
            ref = attrs.get("r")
            number = column(ref) if ref else col + 1
            if number <= col or number > EXCEL_COLUMNS:
                corrupt(f"cell {_ref(row, number)} is stored after a cell to its right, twice, "
                        f"or beyond Excel's last column XFD", _ref(row, min(number, 16_384)))
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
                    corrupt(f"row {r!r} comes after row {row} or lies outside Excel's rows 1 to "
                            f"{EXCEL_ROWS:,}")
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
            return _unescape("".join(inline)) if inline is not None else None
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
            corrupt(f"cell {_ref(row, col)} holds {raw[:40]!r}, which is no value of type "
                    f"{kind!r}", _ref(row, col))
        return _unescape(raw)  # "str" (a formula's text), "e" (an error such as #N/A), other

    def end(name):
        nonlocal in_data, in_row, in_cell, width, phonetic
        local = names.get(name) or _local(name)
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
                    "sheet_too_large", f"the sheet has a value in cell {_ref(row, col)}, "
                    f"beyond the {MAX_SHEET_ROWS:,} rows, {MAX_SHEET_COLUMNS} columns (A-"
                    f"{_column_letters(MAX_SHEET_COLUMNS)}) and {MAX_SHEET_CELLS:,} cells that "
                    "mkba reads", sheet=sheet, cell=_ref(row, col),
                    found=_show(value) if not missing else "a formula",
                    expected="the study's tables within these bounds; delete stray cells")
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

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    _parse(p, data, f"of worksheet {sheet!r}", sheet)
    return Cells(tuple(rows), frozenset(uncached), frozenset(control))


def _ref(row: int, col: int) -> str:
    return f"{_column_letters(col)}{row}"


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
