"""Open a workbook safely and read its cell values with their coordinates.

Every file goes through :func:`load_workbook`, which checks it before openpyxl sees it: empty
files, old ``.xls`` files, password-protected workbooks (both are OLE2 compound files), files that
are not zip archives or are truncated, zip bombs (a cap on the unpacked size and the packing
ratio), XML entity declarations (the "billion laughs" family, also refused by defusedxml inside
openpyxl). The file is read once, in binary read-only mode, and never written: neither its
contents nor its modification time change.

The result is a :class:`Workbook`: plain Python values per sheet (cached values of formulas),
with helpers for cell references, so that readers of the different layouts never touch openpyxl.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from defusedxml import ElementTree
from openpyxl.utils import get_column_letter

from mkba.validate import IssueLog

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_RATIO",
    "Sheet",
    "Workbook",
    "load_workbook",
    "cell_ref",
]

#: Largest total unpacked size of the xlsx parts we accept (a study workbook is a few MB at most).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Largest packing ratio of any single part above 1 MB unpacked.
MAX_RATIO = 200

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


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
    """The values of one worksheet; rows and columns are 1-based as in Excel."""

    name: str
    rows: tuple[tuple, ...]
    uncached_formulas: frozenset[str] = frozenset()

    @property
    def max_row(self) -> int:
        """Number of rows read."""
        return len(self.rows)

    @property
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


def _check_container(data: bytes, log: IssueLog) -> zipfile.ZipFile | None:
    """Checks before parsing; records one issue and returns None when the file is unusable."""
    if len(data) == 0:
        log.add("empty_file", "the file is empty (0 bytes)", expected="an .xlsx workbook")
        return None
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_MARK in data:
            log.add("password_protected",
                    "the workbook is protected with a password; mkba cannot read encrypted files",
                    expected="save a copy without a password (File > Info > Protect Workbook)")
        else:
            log.add("xls_format", "this is an old Excel 97-2003 (.xls) workbook",
                    found=".xls", expected="save it as .xlsx (Excel Workbook) and import that")
        return None
    if not data.startswith(b"PK"):
        log.add("not_xlsx", "the file is not an Excel workbook",
                found=repr(data[:8]), expected="an .xlsx file (a zip archive starting with 'PK')")
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        log.add("corrupt_file", f"the workbook is damaged or truncated ({exc})",
                expected="a complete .xlsx file; open and save it again in Excel")
        return None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        log.add("not_xlsx", "the zip archive is not an Excel workbook (no xl/workbook.xml)",
                expected="an .xlsx file")
        return None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        log.add("zip_bomb", "the workbook unpacks to more than the allowed size",
                found=f"{total:,} bytes unpacked",
                expected=f"at most {MAX_UNPACKED_BYTES:,} bytes")
        return None
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            log.add("zip_bomb", f"part {i.filename} is packed suspiciously tightly",
                    found=f"{i.file_size:,} bytes from {i.compress_size:,}",
                    expected=f"a packing ratio below {MAX_RATIO}")
            return None
    for i in infos:
        if i.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(i) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                log.add("corrupt_file", f"part {i.filename} cannot be unpacked ({exc})",
                        expected="a complete .xlsx file; open and save it again in Excel")
                return None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                log.add("xml_bomb", f"part {i.filename} declares XML entities, which mkba refuses",
                        found="<!DOCTYPE/<!ENTITY", expected="plain spreadsheet XML")
                return None
    return archive


_FORMULA_HINT = re.compile(rb"<(?:\w+:)?f[ >/]")


def _uncached_formulas(archive: zipfile.ZipFile) -> dict[str, frozenset[str]]:
    """Cells per sheet part that hold a formula without a cached value."""
    found: dict[str, frozenset[str]] = {}
    for info in archive.infolist():
        name = info.filename
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        data = archive.read(info)
        if not _FORMULA_HINT.search(data):
            continue
        cells = set()
        for _, elem in ElementTree.iterparse(io.BytesIO(data)):
            if elem.tag == _SHEET_NS + "c":
                f = elem.find(_SHEET_NS + "f")
                v = elem.find(_SHEET_NS + "v")
                if f is not None and (v is None or v.text is None):
                    cells.add(elem.get("r"))
                elem.clear()
        if cells:
            found[name] = frozenset(cells)
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map sheet names to their part names, from workbook.xml and its relationships."""
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    pkg_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    wb = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(pkg_ns + "Relationship")}
    parts = {}
    for s in wb.iter(_SHEET_NS + "sheet"):
        target = targets.get(s.get(rel_ns + "id"), "")
        target = target.lstrip("/")
        parts[s.get("name")] = target if target.startswith("xl/") else "xl/" + target
    return parts


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
        data = path.read_bytes()
    except OSError as exc:
        log.add("file_not_found", f"cannot read the file ({exc.strerror or exc})")
        return None
    archive = _check_container(data, log)
    if archive is None:
        return None
    try:
        uncached = _uncached_formulas(archive)
        parts = _sheet_parts(archive) if uncached else {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        try:
            sheets = {}
            for ws in book.worksheets:
                rows = tuple(tuple(r) for r in ws.iter_rows(values_only=True))
                sheets[ws.title] = Sheet(
                    ws.title, rows, uncached.get(parts.get(ws.title, ""), frozenset())
                )
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file to the user
        name = type(exc).__name__
        # defusedxml's refusals may arrive wrapped (openpyxl re-raises them as ValueError)
        chain, cause = [], exc
        while cause is not None and len(chain) < 10:
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        refused = [n for n in chain if "Entities" in n or "DTD" in n or "Forbidden" in n]
        if refused:
            log.add("xml_bomb", "the workbook declares XML entities, which mkba refuses",
                    found=refused[0], expected="plain spreadsheet XML")
        else:
            log.add("corrupt_file", f"the workbook cannot be read ({name}: {exc})",
                    expected="a complete .xlsx file; open and save it again in Excel")
        return None
    return Workbook(path.name, sheets)
