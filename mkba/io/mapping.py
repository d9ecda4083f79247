"""The "mapping" layout: a TOML file that says where each field sits in any other workbook.

A workbook ``name.xlsx`` with a file ``name.mapping.toml`` beside it is read through that file
(:func:`sidecar`), so a new layout needs no code. The format::

    # name.mapping.toml
    [study]                         # metadata: a literal value or a cell reference "=Sheet!A1"
    id = "veldhove-2014"
    title = "=Voorblad!B2"
    municipality = "='Gegevens studie'!C4"   # quote sheet names with spaces as in Excel
    discount_rate = 0.055
    illustrative = true

    [[items]]                       # a block of line items; repeat for every block
    sheet = "Kosten"
    kind = "kosten"                 # fixed, or kind_column = "A"
    category_column = "A"           # or category = "Inzet team" (fixed)
    actor_column = "B"              # or actor = "Gemeente" (fixed)
    description_column = "C"        # optional
    variant = "basis"               # optional, default "basis" (older name: scenario)
    first_row = 5
    last_row = 12                   # or "until empty" (the default)
    header_row = 4                  # the row holding the years of the year columns
    year_columns = "D:K"            # yearly flows; or value_column = "D" for present values
    multiplier = 1000               # optional: the amounts are in thousands of euros

    [[reported]]                    # a headline figure as the study reports it
    measure = "bcr"                 # pv_costs, pv_benefits, net_pv or bcr
    variant = "basis"               # optional
    value = "=Samenvatting!C8"      # a cell reference, or a number
    low = "=Samenvatting!C9"        # optional, as are high, level and multiplier
    high = "=Samenvatting!C10"

Keys of ``[study]`` are the field names of :data:`~mkba.schema.STUDY_FIELDS`. A text starting
with ``=`` is a cell reference in A1 style; anything else is a literal. With ``"until empty"``
a block ends at the first row whose category cell is empty (with a fixed category: whose
amount cells are all empty). In a block, rows whose category starts with ``Totaal`` and rows
without any amount are skipped.

A mapping that cannot be used (unreadable, TOML syntax or nesting, an unknown key, a missing or
ill-typed key, a cell reference or column that is not A1 style or lies beyond the bounds of
:mod:`mkba.limits`) gives a ``mapping_error`` issue naming the mapping file, the key and, where it
can be found, the line; a sheet that does not exist gives ``missing_sheet``. Blocks are read only
as far as the sheet has rows and columns. The cells read are screened
(:func:`mkba.io.workbook.screen`); values are checked by :func:`mkba.io.build.build_study`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from openpyxl.utils import column_index_from_string

from mkba import formatting
from mkba.io.build import build_study
from mkba.io.raw import Cell, RawItem, RawReported
from mkba.io.source_file import SourceFileError, parse_toml, read_text_source
from mkba.io.workbook import Workbook, screen
from mkba.issues import IssueLog
from mkba.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_TEXT_FILE_BYTES
from mkba.schema import BASE_VARIANT, FIELDS_BY_NAME, REPORTED_MEASURES, Study
from mkba.vocab import normalise_label

__all__ = ["NAME", "detect", "sidecar", "read", "SUFFIX"]

NAME = "mapping"
#: What follows the workbook's stem in the name of its mapping file.
SUFFIX = ".mapping.toml"
_TABLES = {"study": "table", "items": "array", "reported": "array"}
_ITEM_KEYS = {"sheet", "kind", "kind_column", "category", "category_column", "actor",
              "actor_column", "description_column", "variant", "scenario", "first_row", "last_row",
              "header_row", "year_columns", "value_column", "multiplier"}
_REPORTED_KEYS = {"measure", "variant", "scenario", "value", "low", "high", "level", "multiplier"}
_REF = re.compile(r"^=\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_COLUMN = re.compile(r"^[A-Za-z]{1,3}$")
_TOTAL = re.compile(r"^(sub)?(totaal|total)", re.I)
_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*[\"']?([^\"'=\s]+)[\"']?\s*=")


def sidecar(path: str | Path) -> Path | None:
    """The mapping file ``<stem>.mapping.toml`` beside a workbook, or None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sidecar(folder / "studie.xlsx") is None
    True
    >>> _ = (folder / "studie.mapping.toml").write_text("[study]")
    >>> sidecar(folder / "studie.xlsx").name
    'studie.mapping.toml'
    """
    candidate = Path(path).with_name(Path(path).stem + SUFFIX)
    # exists, not is_file: a pipe or folder of that name is reported, not silently passed over
    return candidate if candidate.exists() or candidate.is_symlink() else None


def detect(wb: Workbook) -> bool:
    """Always False: a mapping is found beside the workbook (:func:`sidecar`), not in it.

    Examples
    --------
    >>> detect(Workbook("x.xlsx"))
    False
    """
    return False


class _Mapping:
    """Checks a parsed mapping and resolves its references; problems go to the log."""

    def __init__(self, wb: Workbook, log: IssueLog, path: Path, text: str):
        self.wb, self.log, self.path, self.text = wb, log, path, text
        self.errors = 0
        self._lines: dict | None = None
        self.areas: dict[str, list] = {}  # the cells read: sheet -> [(first, last row, cols)]

    def read(self, sheet: str, first: int, last: int, cols) -> None:
        self.areas.setdefault(sheet, []).append((first, last, frozenset(cols)))

    def screen(self) -> bool:
        return all([screen(self.log, self.wb.sheets[name], lambda r, c, a=areas: any(
            lo <= r <= hi and c in cols for lo, hi, cols in a))
            for name, areas in self.areas.items()])

    def line(self, table: str, index: int | None, key: str | None) -> int | None:
        """Line number of ``key`` in the ``index``-th (1-based) ``[[table]]`` or ``[table]``."""
        if self._lines is None:  # one pass over the text, however many errors there are
            self._lines, seen, current = {}, {}, ("", None)
            for n, raw in enumerate(self.text.splitlines(), 1):
                if head := _HEADER.match(raw):
                    name = head.group(1)
                    seen[name] = seen.get(name, 0) + 1
                    current = (name, seen[name])
                    self._lines.setdefault((name, seen[name], None), n)
                    self._lines.setdefault((name, None, None), n)
                elif key_match := _KEY.match(raw):
                    self._lines.setdefault((*current, key_match.group(1)), n)
                    self._lines.setdefault((current[0], None, key_match.group(1)), n)
        if table == "" and index is None and key is None:
            return None
        return self._lines.get((table, index, key))

    def error(self, where: tuple, message: str, found=None, expected=None,
              code: str = "mapping_error", sheet: str | None = None) -> None:
        table, index, key = where
        name = table + (f"[{index}]" if index else "") + (f".{key}" if key else "")
        line = self.line(table, index, key)
        self.errors += 1
        self.log.add(code, f"{self.path.name}, {name or 'top level'}"
                     + (f" (line {line})" if line else "") + f": {message}",
                     sheet=sheet, found=found, expected=expected)

    def literal(self, where: tuple, value) -> Cell:
        table, index, key = where
        label = f"{self.path.name}:{table}" + (f"[{index}]" if index else "") + f".{key}"
        return Cell(value, label)

    def cell(self, where: tuple, value, *, numeric=False) -> Cell | None:
        """A literal or a ``=Sheet!A1`` reference as a Cell; None after an error."""
        if isinstance(value, str) and value.strip().startswith("="):
            m = _REF.match(value.strip())
            if not m:
                self.error(where, f"{value!r} is not a cell reference in A1 style",
                           found=value, expected="e.g. '=Blad1!C4' or \"='Blad 1'!C4\"")
                return None
            name = (m.group(1) or "").replace("''", "'") or m.group(2).strip()
            sheet = self.sheet(where, name)
            if sheet is None:
                return None
            row, col = int(m.group(4)), column_index_from_string(m.group(3).upper())
            if not 1 <= row <= MAX_SHEET_ROWS or col > MAX_SHEET_COLUMNS:
                self.error(where, f"{value!r} lies outside the rows 1 to "
                           f"{formatting.number(MAX_SHEET_ROWS, 0, 'en')} and columns A to ZZ "
                           "that mkba reads", found=value,
                           expected="a cell within these bounds")
                return None
            self.read(sheet, row, row, (col,))
            return Cell(self.wb.sheets[sheet].value(row, col), sheet, row, col)
        if isinstance(value, str) and re.match(r"^[^!\s][^!]*![$A-Za-z]+\$?\d+$", value.strip()):
            self.error(where, f"{value!r} looks like a cell reference without '='",
                       found=value, expected=f"'={value.strip()}' (or a plain literal)")
            return None
        ok = (int, float) if numeric else (str, int, float, bool)
        if isinstance(value, bool) and numeric or not isinstance(value, ok):
            self.error(where, f"{value!r} is neither a literal nor a cell reference",
                       found=value, expected="a number" if numeric else "text, a number, "
                       "true/false, or a reference such as '=Blad1!C4'")
            return None
        return self.literal(where, value)

    def sheet(self, where: tuple, name) -> str | None:
        sheet = self.wb.sheet(str(name)) if isinstance(name, str) else None
        if sheet is None:
            self.error(where, f"the workbook has no sheet {name!r}", code="missing_sheet",
                       sheet=str(name), found="sheets: " + ", ".join(self.wb.sheets),
                       expected="one of the workbook's sheets")
            return None
        return sheet.name

    def keys(self, where: tuple, table: dict, allowed) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                self.error(where[:2] + (key,), "unknown key"
                           + (f"; did you mean {close[0]!r}?" if close else ""), found=key,
                           expected="one of " + ", ".join(sorted(allowed)))

    def number(self, where: tuple, value, *, low=1, allow=()) -> int | None:
        if value is None:
            self.error(where, f"missing key: {where[2]}", expected="a row number such as 5")
            return None
        if value in allow or (isinstance(value, int) and not isinstance(value, bool)
                              and low <= value <= MAX_SHEET_ROWS):
            return value
        self.error(where, f"{value!r} is not a whole number from {low} to "
                   f"{formatting.number(MAX_SHEET_ROWS, 0, 'en')} (the rows mkba reads)",
                   found=value,
                   expected=f"a row number such as 5{''.join(f' or {a!r}' for a in allow)}")
        return None

    def column(self, where: tuple, value) -> int | None:
        if isinstance(value, str) and _COLUMN.match(value.strip()):
            col = column_index_from_string(value.strip().upper())
            if col <= MAX_SHEET_COLUMNS:
                return col
            self.error(where, f"column {value.strip()!r} lies beyond column ZZ, the last of the "
                       f"{MAX_SHEET_COLUMNS} columns mkba reads", found=value,
                       expected="a column from A to ZZ")
            return None
        self.error(where, f"{value!r} is not a column letter in A1 style", found=value,
                   expected="a column such as 'D'")
        return None

    def columns(self, where: tuple, value) -> list[int] | None:
        if isinstance(value, str) and value.count(":") == 1:
            a, b = (self.column(where, v) for v in value.split(":"))
            if a and b and a > b:
                self.error(where, f"the range {value!r} runs backwards", found=value,
                           expected="a range such as 'D:K'")
            return list(range(a, b + 1)) if a and b and a <= b else None
        if isinstance(value, list) and value:
            cols = [self.column(where, v) for v in value]
            return cols if all(cols) else None
        self.error(where, f"{value!r} is not a column range", found=value,
                   expected="a range such as 'D:K' or a list such as ['D', 'F']")
        return None

    def one_of(self, where: tuple, block: dict, fixed: str, column: str, required=True):
        """('fixed', value) or ('column', col) for a key given either way."""
        if fixed in block and column in block:
            self.error(where[:2] + (fixed,), f"give either {fixed} or {column}, not both")
        elif column in block:
            col = self.column(where[:2] + (column,), block[column])
            return ("column", col) if col else None
        elif fixed in block:
            if isinstance(block[fixed], str) and block[fixed].strip():
                return ("fixed", block[fixed])
            self.error(where[:2] + (fixed,), "must be a non-empty text", found=block[fixed])
        elif required:
            self.error(where[:2] + (None,), f"missing key: {fixed} or {column}",
                       expected=f"{fixed} = \"...\" or {column} = \"A\"")
        return None

    # -- blocks ----------------------------------------------------------------------------
    def items(self, i: int, block: dict) -> list[RawItem]:
        where = ("items", i, None)
        self.keys(where, block, _ITEM_KEYS)
        before = self.errors
        sheet = self.sheet(("items", i, "sheet"), block["sheet"]) if "sheet" in block else \
            self.error(("items", i, None), "missing key: sheet")
        kind = self.one_of(where, block, "kind", "kind_column")
        cat = self.one_of(where, block, "category", "category_column")
        actor = self.one_of(where, block, "actor", "actor_column")
        desc = self.column(("items", i, "description_column"), block["description_column"]) \
            if "description_column" in block else None
        first = self.number(("items", i, "first_row"), block.get("first_row"))
        last = self.number(("items", i, "last_row"), block.get("last_row", "until empty"),
                           allow=("until empty",))
        if isinstance(first, int) and isinstance(last, int) and last < first:
            self.error(("items", i, "last_row"), f"last_row {last} comes before first_row "
                       f"{first}", found=last, expected=f"a row from {first} on")
        key = "scenario" if "scenario" in block and "variant" not in block else "variant"
        variant = block.get(key, BASE_VARIANT)  # "scenario" is the older name of the key
        if not isinstance(variant, str) or not variant.strip():
            self.error(("items", i, key), "must be a non-empty text", found=variant)
        factor = block.get("multiplier", 1)
        if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 0:
            self.error(("items", i, "multiplier"), "must be a positive number", found=factor)
        years = None
        if ("year_columns" in block) == ("value_column" in block):
            self.error(where, "give either year_columns (with header_row) or value_column")
        elif "year_columns" in block:
            years = self.columns(("items", i, "year_columns"), block["year_columns"])
            header = self.number(("items", i, "header_row"), block.get("header_row"))
        else:
            years = [self.column(("items", i, "value_column"), block["value_column"])]
            header = None
        if self.errors > before:
            return []
        return self._rows(sheet, variant.strip(), kind, cat, actor, desc, first, last,
                          years, header, factor, i)

    def _rows(self, name, variant, kind, cat, actor, desc, first, last, cols, header,
              factor, i) -> list[RawItem]:
        sheet = self.wb.sheets[name]
        cols = [c for c in cols if c <= sheet.max_col]  # columns beyond the sheet hold nothing

        def at(spec, key, r):
            how, what = spec
            return Cell(sheet.value(r, what), name, r, what) if how == "column" else \
                self.literal(("items", i, key), what)

        out = []
        stop = sheet.max_row if last == "until empty" else min(last, sheet.max_row)
        r = first
        while r <= stop:
            category = at(cat, "category", r)
            amounts = [Cell(sheet.value(r, c), name, r, c) for c in cols]
            empty = all(a.empty for a in amounts)
            if last == "until empty" and (category.empty if cat[0] == "column" else empty):
                break
            label = str(category.value or "").strip()
            if not empty and not _TOTAL.match(label):
                text = sheet.value(r, desc) if desc else None
                for a in amounts:
                    if not a.empty:
                        year = Cell(sheet.value(header, a.col), name, header, a.col) \
                            if header else None
                        out.append(RawItem(variant, at(kind, "kind", r), category,
                                           at(actor, "actor", r), a.scaled(factor), year,
                                           "" if text is None else str(text).strip()))
            r += 1
        labels = {what for how, what in (kind, cat, actor) if how == "column"} | (
            {desc} if desc else set())
        self.read(name, first, min(r, stop), {*cols, *labels})
        if header:
            self.read(name, header, header, cols)
        return out

    def reported(self, i: int, fig: dict) -> RawReported | None:
        where = ("reported", i, None)
        self.keys(where, fig, _REPORTED_KEYS)
        before = self.errors
        measure = fig.get("measure")
        if measure not in REPORTED_MEASURES:
            self.error(("reported", i, "measure"), f"unknown measure {measure!r}",
                       found=measure, expected="one of " + ", ".join(REPORTED_MEASURES))
        if "value" not in fig:
            self.error(where, "missing key: value", expected="value = \"=Blad1!C8\"")
        factor = fig.get("multiplier", 1)
        cells = {k: self.cell(("reported", i, k), fig[k], numeric=True)
                 for k in ("value", "low", "high", "level") if k in fig}
        if self.errors > before:
            return None
        if measure != "bcr":
            cells.update({k: c.scaled(factor) for k, c in cells.items() if k != "level"})
        variant = fig.get("variant", fig.get("scenario", BASE_VARIANT))  # the older name
        return RawReported(str(variant).strip(), measure,
                           cells["value"], cells.get("low"), cells.get("high"),
                           cells.get("level"))


def read(wb: Workbook, log: IssueLog, *, mapping: Path) -> Study | None:
    """Read a workbook as the TOML file ``mapping`` describes (see the module description).

    Returns None, with every issue in ``log``, when the mapping or the workbook has problems.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.io.workbook import Sheet
    >>> toml = pathlib.Path(tempfile.mkdtemp()) / "x.mapping.toml"
    >>> _ = toml.write_text('[study]\\ntitle = "=Blad1!C4"\\n[[items]]\\nsheet = "Kosten"\\n')
    >>> log = IssueLog("x.xlsx")
    >>> read(Workbook("x.xlsx", {"Blad1": Sheet("Blad1", ())}), log, mapping=toml) is None
    True
    >>> print(log.issues[0].format("en"))
    x.xlsx!Kosten: [missing_sheet] x.mapping.toml, items[1].sheet (line 4): the workbook has no sheet 'Kosten'
        found: 'sheets: Blad1'; expected: one of the workbook's sheets
    >>> log.issues[1].message.en
    'x.mapping.toml, items[1] (line 3): missing key: kind or kind_column'
    """  # noqa: E501
    mapping = Path(mapping)
    try:
        text = read_text_source(mapping, max_bytes=MAX_TEXT_FILE_BYTES,
                                expected=f"a TOML file {mapping}")
        data = parse_toml(text)
    except SourceFileError as exc:
        reading = exc.code in ("file_not_found", "not_a_regular_file", "file_too_large")
        log.add("mapping_error", f"{mapping.name}: " + (
            f"cannot read the mapping file: {exc.message}" if reading else exc.message),
            found=exc.found, expected=exc.expected or "TOML as described in studies/README.md")
        return None
    m = _Mapping(wb, log, mapping, text)
    m.keys(("", None, None), data, _TABLES)
    for table, shape in _TABLES.items():
        value = data.get(table, {} if shape == "table" else [])
        if (shape == "table") != isinstance(value, dict) or shape == "array" and not all(
                isinstance(v, dict) for v in value):
            m.error((table, None, None), f"must be written as [{table}]" if shape == "table"
                    else f"must be written as [[{table}]] blocks")
            data[table] = {} if shape == "table" else []
    meta = {}
    for key, value in data.get("study", {}).items():
        if key not in FIELDS_BY_NAME:
            close = difflib.get_close_matches(normalise_label(key), list(FIELDS_BY_NAME), n=1)
            m.error(("study", None, key), "unknown study field"
                    + (f"; did you mean {close[0]!r}?" if close else ""), found=key,
                    expected="a field name of mkba.schema.STUDY_FIELDS")
        elif (cell := m.cell(("study", None, key), value)) is not None:
            meta[key] = cell
    items = [it for i, b in enumerate(data.get("items", []), 1) for it in m.items(i, b)]
    if not data.get("items"):
        m.error(("", None, None), "no [[items]] blocks", expected="at least one [[items]] block")
    reported = [m.reported(i, f) for i, f in enumerate(data.get("reported", []), 1)]
    if m.errors or not m.screen():
        return None
    return build_study(wb, log, meta=meta, items=items, reported=[r for r in reported if r],
                       layout=NAME, meta_sheet=mapping.name)
