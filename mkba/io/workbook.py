"""Open a workbook safely and read its cell values with their coordinates.

Every file goes through :func:`load_workbook`, which checks it before any XML is parsed: only a
regular file of at most :data:`~mkba.limits.MAX_FILE_BYTES` is read (not a folder, device or
pipe: :func:`mkba.io.source_file.read_source`), and not empty files, old ``.xls`` files,
password-protected workbooks (both are OLE2 compound files), files that are not zip archives or
are truncated, zip bombs (a cap on the unpacked size and the packing ratio), XML entity
declarations (the "billion laughs" family). The file is read once, in binary read-only mode, and
never written: neither its contents nor its modification time change.

The sheets are read by :mod:`mkba.io.sheet_xml` in one streaming pass each, within the bounds of
:mod:`mkba.limits` (a stray value in cell XFD1048576 is a ``sheet_too_large`` issue, found in
milliseconds). The result is a :class:`Workbook`: plain Python values per sheet (cached values of
formulas), with helpers for cell references, so that readers of the different layouts never
touch the XML. :func:`screen` reports formulas without a cached value and texts with control
characters among the cells a reader uses.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from openpyxl.utils import get_column_letter

from mkba.io.book_xml import RESAVE, SheetError, read_book
from mkba.io.sheet_xml import read_cells
from mkba.io.source_file import SourceFileError, read_source
from mkba.issues import IssueLog
from mkba.limits import MAX_FILE_BYTES
from mkba.messages import Text
from mkba.text_clean import control_character

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_RATIO",
    "Sheet",
    "Workbook",
    "load_workbook",
    "cell_ref",
    "screen",
    "uncached_issue",
    "sheets_found",
]

#: Largest total unpacked size of the xlsx parts we accept (a study workbook is a few MB at most;
#: 20,000 line items over 100 years unpack to about 80 MB).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Largest packing ratio of any single part above 1 MB unpacked.
MAX_RATIO = 200

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_REF = re.compile(r"([A-Z]+)([0-9]+)")


def cell_ref(row: int, col: int) -> str:
    """The A1 reference of a 1-based (row, column).

    Examples
    --------
    >>> cell_ref(12, 4)
    'D12'
    """
    return f"{get_column_letter(col)}{row}"


@dataclass(frozen=True)
class Sheet:
    """The values of one worksheet; rows and columns are 1-based as in Excel.

    ``rows`` may be ragged (a row ends at its last value). ``uncached_formulas`` and
    ``control_characters`` hold the A1 references of formulas without a cached value (their
    value is None) and of texts with a control character.
    """

    name: str
    rows: tuple[tuple, ...]
    uncached_formulas: frozenset[str] = frozenset()
    control_characters: frozenset[str] = frozenset()

    @property
    def max_row(self) -> int:
        """Number of rows read."""
        return len(self.rows)

    @cached_property
    def max_col(self) -> int:
        """Width of the widest row."""
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int):
        """The value at (row, col), or None outside the used range."""
        if 1 <= row <= len(self.rows):
            r = self.rows[row - 1]
            if 1 <= col <= len(r):
                return r[col - 1]
        return None

    def row_values(self, row: int) -> tuple:
        """All values of one row (empty tuple outside the used range)."""
        return self.rows[row - 1] if 1 <= row <= len(self.rows) else ()

    def is_uncached_formula(self, row: int, col: int) -> bool:
        """True when the cell holds a formula that was never calculated."""
        return cell_ref(row, col) in self.uncached_formulas


@dataclass(frozen=True)
class Workbook:
    """All sheets of a workbook, read safely; ``name`` is the file name used in sources."""

    name: str
    sheets: dict[str, Sheet] = field(default_factory=dict)

    def source(self, sheet: str, row: int, col: int) -> str:
        """``file!sheet!A1``: the provenance string of a cell."""
        return f"{self.name}!{sheet}!{cell_ref(row, col)}"

    def sheet(self, name: str) -> Sheet | None:
        """A sheet by name, case- and space-insensitively; None if absent."""
        if name in self.sheets:
            return self.sheets[name]
        key = " ".join(name.lower().split())
        for real, sheet in self.sheets.items():
            if " ".join(real.lower().split()) == key:
                return sheet
        return None


def sheets_found(wb: Workbook) -> Text:
    """The sheets a workbook has, as the ``found`` of an issue about a missing sheet.

    Examples
    --------
    >>> text = sheets_found(Workbook("x.xlsx", {"Blad1": Sheet("Blad1", ())}))
    >>> text.nl, text.en
    ('bladen: Blad1', 'sheets: Blad1')
    """
    return Text("bladen: {s}", "sheets: {s}", s=list(wb.sheets))


_XLSX = Text("een .xlsx-bestand", "an .xlsx file")


def _check_container(data: bytes, log: IssueLog) -> zipfile.ZipFile | None:
    """Checks before parsing; records one issue and returns None when the file is unusable."""
    if len(data) == 0:
        log.add("empty_file", Text("het bestand is leeg (0 bytes)", "the file is empty (0 bytes)"),
                expected=Text("een .xlsx-werkmap", "an .xlsx workbook"))
        return None
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_MARK in data:
            log.add("password_protected",
                    Text("de werkmap is beveiligd met een wachtwoord; mkba kan geen versleutelde "
                         "bestanden lezen", "the workbook is protected with a password; mkba "
                         "cannot read encrypted files"),
                    expected=Text("sla een kopie op zonder wachtwoord (Bestand > Info > Werkmap "
                                  "beveiligen)", "save a copy without a password (File > Info > "
                                  "Protect Workbook)"))
        else:
            log.add("xls_format", Text("dit is een oude Excel 97-2003-werkmap (.xls)",
                                       "this is an old Excel 97-2003 (.xls) workbook"),
                    found=".xls", expected=Text("sla het op als .xlsx (Excel-werkmap) en "
                                                "importeer dat", "save it as .xlsx (Excel "
                                                "Workbook) and import that"))
        return None
    if not data.startswith(b"PK"):
        log.add("not_xlsx", Text("het bestand is geen Excel-werkmap",
                                 "the file is not an Excel workbook"),
                found=data[:8], expected=Text("een .xlsx-bestand (een zip-archief dat begint met "
                                              "'PK')", "an .xlsx file (a zip archive starting "
                                              "with 'PK')"))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        log.add("corrupt_file", Text("de werkmap is beschadigd of afgebroken ({reason})",
                                     "the workbook is damaged or truncated ({reason})",
                                     reason=str(exc)), expected=RESAVE)
        return None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        log.add("not_xlsx", Text("het zip-archief is geen Excel-werkmap (geen xl/workbook.xml)",
                                 "the zip archive is not an Excel workbook (no xl/workbook.xml)"),
                expected=_XLSX)
        return None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        log.add("zip_bomb", Text("de werkmap pakt uit tot meer dan de toegestane grootte",
                                 "the workbook unpacks to more than the allowed size"),
                found=Text("{n} bytes uitgepakt", "{n} bytes unpacked", n=total),
                expected=Text("hoogstens {n} bytes", "at most {n} bytes", n=MAX_UNPACKED_BYTES))
        return None
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            log.add("zip_bomb", Text("onderdeel {part} is verdacht sterk ingepakt",
                                     "part {part} is packed suspiciously tightly",
                                     part=i.filename),
                    found=Text("{n} bytes uit {m}", "{n} bytes from {m}", n=i.file_size,
                               m=i.compress_size),
                    expected=Text("een inpakverhouding onder {r}", "a packing ratio below {r}",
                                  r=MAX_RATIO))
            return None
    for i in infos:
        if i.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(i) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                log.add("corrupt_file", Text("onderdeel {part} kan niet uitgepakt worden "
                                             "({reason})", "part {part} cannot be unpacked "
                                             "({reason})", part=i.filename, reason=str(exc)),
                        expected=RESAVE)
                return None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                log.add("xml_bomb", Text("onderdeel {part} declareert XML-entiteiten; mkba "
                                         "weigert dat", "part {part} declares XML entities, "
                                         "which mkba refuses", part=i.filename),
                        found="<!DOCTYPE/<!ENTITY",
                        expected=Text("gewone spreadsheet-XML", "plain spreadsheet XML"))
                return None
    return archive


def uncached_issue(log: IssueLog, sheet: str, cell: str) -> None:
    """Record that ``sheet!cell`` holds a formula that was never calculated."""
    log.add("uncached_formula",
            Text("deze cel bevat een formule die nooit is berekend (het bestand is door een "
                 "programma geschreven en nooit geopend)", "this cell holds a formula that was "
                 "never calculated (the file was written by a program and never opened)"),
            sheet=sheet, cell=cell, found=Text("formule, geen waarde", "formula, no value"),
            expected=Text("open het bestand in Excel of LibreOffice, sla het op en probeer het "
                          "opnieuw", "open the file in Excel or LibreOffice, save it, and try "
                          "again"))


def _position(ref: str) -> tuple[int, int]:
    m = _REF.fullmatch(ref)
    letters = m.group(1)
    return int(m.group(2)), sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(letters[::-1]))


def screen(log: IssueLog, sheet: Sheet, used: Callable[[int, int], bool] | None = None) -> bool:
    r"""Report the formulas without a cached value and the texts with a control character among
    the cells a reader uses; True when there is none.

    Parameters
    ----------
    log : IssueLog
        Receives one issue per cell, in row order.
    sheet : Sheet
    used : callable (row, col) -> bool, optional
        Which cells the reader uses; all cells when None.

    Examples
    --------
    >>> log = IssueLog("x.xlsx")
    >>> sheet = Sheet("S", (("a", None), ("b\x1b", 2)), frozenset({"B1"}), frozenset({"A2"}))
    >>> screen(log, sheet, lambda row, col: col == 1)
    False
    >>> [(i.code, i.cell, i.render("en")["found"]) for i in log.issues]
    [('control_character', 'A2', "'b\\x1b'")]
    """
    found = []
    for refs, code in ((sheet.uncached_formulas, "uncached_formula"),
                       (sheet.control_characters, "control_character")):
        for ref in refs:
            row, col = _position(ref)
            if used is None or used(row, col):
                found.append((row, col, ref, code))
    for row, col, ref, code in sorted(found):
        if code == "uncached_formula":
            uncached_issue(log, sheet.name, ref)
        else:
            value = sheet.value(row, col)
            log.add("control_character",
                    Text("de tekst in deze cel bevat het stuurteken {ch}",
                         "the text in this cell holds the control character {ch}",
                         ch=control_character(value)), sheet=sheet.name, cell=ref, found=value,
                    expected=Text("tekst zonder stuurtekens (typ hem opnieuw)",
                                  "text without control characters (type it again)"))
    return not found


def _read_sheets(archive: zipfile.ZipFile, log: IssueLog) -> dict[str, Sheet] | None:
    book = read_book(archive)
    bad = [name for name, _ in book.sheets if control_character(name, whitespace=True)]
    for name in bad:
        log.add("control_character", Text("een bladnaam bevat het stuurteken {ch}",
                                          "a sheet name holds the control character {ch}",
                                          ch=control_character(name, whitespace=True)),
                found=name, expected=Text("bladnamen zonder stuurtekens (geef het blad een "
                                          "andere naam)", "sheet names without control "
                                          "characters (rename the sheet)"))
    if bad:
        return None
    sheets = {}
    for name, part in book.sheets:
        cells = read_cells(archive.read(part), book, name)
        sheets[name] = Sheet(name, cells.rows, cells.uncached, cells.control)
    return sheets


def load_workbook(path: str | Path, log: IssueLog) -> Workbook | None:
    """Read a workbook safely; on any problem record it in ``log`` and return None.

    Parameters
    ----------
    path : str or Path
        The .xlsx file. It is opened read-only and never modified.
    log : IssueLog
        Receives one issue when the file cannot be used.

    Returns
    -------
    Workbook or None
    """
    path = Path(path)
    try:
        data = read_source(path, max_bytes=MAX_FILE_BYTES,
                           expected=Text("een .xlsx-werkmap", "an .xlsx workbook"))
    except SourceFileError as exc:
        log.add(exc.code, exc.message, found=exc.found, expected=exc.expected)
        return None
    archive = _check_container(data, log)
    if archive is None:
        return None
    try:
        sheets = _read_sheets(archive, log)
    except SheetError as exc:
        log.add(exc.code, exc.message, sheet=exc.sheet, cell=exc.cell, found=exc.found,
                expected=exc.expected)
        return None
    except (KeyError, ValueError, EOFError, OSError, zipfile.BadZipFile, zlib.error,
            RecursionError) as exc:
        log.add("corrupt_file", Text("de werkmap kan niet gelezen worden ({reason})",
                                     "the workbook cannot be read ({reason})",
                                     reason=f"{type(exc).__name__}: {exc}"), expected=RESAVE)
        return None
    return None if sheets is None else Workbook(path.name, sheets)
