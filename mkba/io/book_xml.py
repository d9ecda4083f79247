"""Read the workbook-level parts of an xlsx file: the sheet list, the date system, the shared
strings and the date styles (:func:`read_book`), and the streaming XML parser that every part is
read with (:func:`parser`).

Every part is read with expat directly (no tree is built) and document type declarations are
refused, so no entity is ever expanded ("billion laughs"). At most
:data:`~mkba.limits.MAX_SHEETS` sheets and :data:`~mkba.limits.MAX_SHEET_CELLS` shared strings
are read. The cells of each sheet are read by :func:`mkba.io.sheet_xml.read_cells`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

from mkba.errors import MkbaError
from mkba.limits import MAX_SHEET_CELLS, MAX_SHEETS
from mkba.messages import Text
from mkba.text_clean import control_character

__all__ = ["SheetError", "Book", "read_book", "parser", "parse", "local_name", "unescape",
           "RESAVE"]

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

#: What a damaged workbook should be (the ``expected`` of a ``corrupt_file`` issue).
RESAVE = Text("een volledig .xlsx-bestand; open het in Excel en sla het opnieuw op",
              "a complete .xlsx file; open and save it again in Excel")
_PLAIN_XML = Text("gewone spreadsheet-XML", "plain spreadsheet XML")


class SheetError(MkbaError):
    """A part that cannot be read: ``code`` is an issue code, ``sheet`` and ``cell`` say where;
    ``message`` and ``expected`` are :class:`~mkba.messages.Text` (``str(error)`` is Dutch)."""

    def __init__(self, code: str, message: Text, *, sheet: str | None = None,
                 cell: str | None = None, found=None, expected: Text | None = None):
        super().__init__(message)
        self.code, self.message, self.sheet, self.cell = code, message, sheet, cell
        self.found, self.expected = found, expected


def _refuse_dtd(*_args):
    raise SheetError("xml_bomb", Text("de werkmap declareert een documenttype (en daarmee "
                                      "mogelijk XML-entiteiten); mkba weigert dat",
                                      "the workbook declares a document type (and with it "
                                      "possibly XML entities), which mkba refuses"),
                     found="<!DOCTYPE", expected=_PLAIN_XML)


def parser() -> expat.XMLParserType:
    """An expat parser that refuses document type declarations (and so entities)."""
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_dtd
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def parse(p: expat.XMLParserType, data: bytes, part: str | Text,
          sheet: str | None = None) -> None:
    """Parse ``data``; not well-formed XML is a ``corrupt_file`` :class:`SheetError` that names
    ``part`` (a part's path, or a :class:`~mkba.messages.Text` such as "of worksheet 'Blad1'").
    """
    try:
        p.Parse(data, True)
    except expat.ExpatError as exc:
        raise SheetError("corrupt_file", Text("onderdeel {part} is geen geldige XML ({reason})",
                                              "part {part} is not well-formed XML ({reason})",
                                              part=part, reason=str(exc)),
                         sheet=sheet, expected=RESAVE) from None


def local_name(name: str) -> str:
    """An element's name without its namespace prefix."""
    return name.rpartition(":")[2]


def _elements(data: bytes, part: str, wanted: set[str]) -> list[tuple[str, dict]]:
    """(local name, attributes) of every element of ``wanted``, in document order."""
    found: list[tuple[str, dict]] = []

    def start(name, attrs):
        local = local_name(name)
        if local in wanted:
            if len(found) >= MAX_SHEET_CELLS:
                raise SheetError("corrupt_file", Text("onderdeel {part} bevat te veel elementen",
                                                      "part {part} holds too many elements",
                                                      part=part), expected=RESAVE)
            found.append((local, attrs))

    p = parser()
    p.StartElementHandler = start
    parse(p, data, part)
    return found


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded (``_x005F_`` is a literal underscore)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _strings(data: bytes) -> tuple[list[str], frozenset[int]]:
    """The shared strings (rich text runs joined, phonetic runs left out) and the indexes of
    those holding a control character."""
    strings: list[str] = []
    buf: list[str] = []
    state = {"si": False, "ph": 0}

    def start(name, attrs):
        local = local_name(name)
        if local == "si":
            state["si"] = True
            buf.clear()
        elif local == "t" and state["si"] and not state["ph"]:
            p.CharacterDataHandler = buf.append
        elif local == "rPh":
            state["ph"] += 1

    def end(name):
        local = local_name(name)
        if local == "t":
            p.CharacterDataHandler = None
        elif local == "rPh":
            state["ph"] -= 1
        elif local == "si":
            if len(strings) >= MAX_SHEET_CELLS:
                raise SheetError("sheet_too_large",
                                 Text("de werkmap bevat meer dan {n} verschillende teksten",
                                      "the workbook holds more than {n} different texts",
                                      n=MAX_SHEET_CELLS),
                                 expected=Text("hoogstens {n}", "at most {n}", n=MAX_SHEET_CELLS))
            strings.append(unescape("".join(buf)))
            state["si"] = False

    p = parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    parse(p, data, "xl/sharedStrings.xml")
    bad = frozenset(i for i, s in enumerate(strings) if control_character(s) is not None)
    return strings, bad


def _date_styles(data: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the cell styles that show a date, and of those that show a duration."""
    custom: dict[int, str] = {}
    ids: list[int] = []
    inside = {"cellXfs": False}

    def start(name, attrs):
        local = local_name(name)
        if local == "numFmt" and "numFmtId" in attrs:
            custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            inside["cellXfs"] = True
        elif local == "xf" and inside["cellXfs"]:
            ids.append(int(attrs.get("numFmtId", 0)))

    def end(name):
        if local_name(name) == "cellXfs":
            inside["cellXfs"] = False

    p = parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    parse(p, data, "xl/styles.xml")
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
            raise SheetError("corrupt_file", Text("blad {name} heeft geen werkblad in het archief",
                                                  "sheet {name} has no worksheet part in the "
                                                  "archive", name=repr(a.get("name"))),
                             sheet=a.get("name"), expected=RESAVE)
        if any(part == p for _, p in sheets):
            raise SheetError("corrupt_file", Text("twee bladen delen het onderdeel {part}",
                                                  "two sheets share the part {part}", part=part),
                             sheet=a.get("name"), expected=Text("een werkmap opgeslagen door Excel",
                                                                "a workbook saved by Excel"))
        if len(sheets) >= MAX_SHEETS:
            raise SheetError("sheet_too_large", Text("de werkmap heeft meer dan {n} bladen",
                                                     "the workbook has more than {n} sheets",
                                                     n=MAX_SHEETS),
                             expected=Text("hoogstens {n} bladen", "at most {n} sheets",
                                           n=MAX_SHEETS))
        sheets.append((a.get("name", ""), part))
    by_type = {kind.rpartition("/")[2]: part for kind, part in rels.values()}
    sst = by_type.get("sharedStrings", "xl/sharedStrings.xml")
    strings, bad = _strings(archive.read(sst)) if sst in names else ([], frozenset())
    styles = by_type.get("styles", "xl/styles.xml")
    dates, durations = _date_styles(archive.read(styles)) if styles in names else (
        frozenset(), frozenset())
    return Book(tuple(sheets), strings, bad, dates, durations, epoch)
