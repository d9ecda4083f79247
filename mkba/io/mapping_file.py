"""A mapping file as read: its keys and their lines, and the checks of each kind of value.

:class:`MappingFile` resolves the values of a parsed mapping (cell references, sheets, row
numbers, columns, multipliers) and reports each problem as a ``mapping_error`` issue whose
message names the file, the key (``items[2].multiplier``, ``study.title``,
``labels."Minder jeugdzorg"``) and its line, in Dutch and English. :class:`Lines` finds the
line of a key in the text (tables, arrays of tables, top-level keys and quoted keys). The
format itself is described in :mod:`mkba.io.mapping`.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import column_index_from_string

from mkba.io.raw import Cell
from mkba.io.workbook import Workbook, screen
from mkba.issues import IssueLog
from mkba.limits import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from mkba.messages import Text

__all__ = ["Lines", "Source", "MappingFile", "key_name", "SIGNS", "POSITIVE", "COSTS_NEGATIVE"]

#: The sign rules of a block: amounts as positive numbers (the default), or costs shown as
#: negative numbers.
POSITIVE, COSTS_NEGATIVE = "positive", "costs negative"
SIGNS = (POSITIVE, COSTS_NEGATIVE)

_REF = re.compile(r"^=\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_COLUMN = re.compile(r"^[A-Za-z]{1,3}$")
_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?")
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def key_name(table: str, index: int | None = None, key: str | None = None) -> str:
    """How a message names a key: ``items[2].multiplier``, ``labels."Minder jeugdzorg"``.

    Examples
    --------
    >>> key_name("items", 2, "multiplier"), key_name("", None, "sign")
    ('items[2].multiplier', 'sign')
    >>> key_name("labels", None, "Minder jeugdzorg")
    'labels."Minder jeugdzorg"'
    """
    name = table + (f"[{index}]" if index else "")
    if key is not None:
        shown = key if _BARE.match(key) else json.dumps(key, ensure_ascii=False)
        name = f"{name}.{shown}" if name else shown
    return name


def _key(match: re.Match) -> str:
    quoted, literal, bare = match.groups()
    if quoted is not None and "\\" in quoted:
        try:  # a basic string with escapes: read it as TOML does
            return next(iter(tomllib.loads(f'"{quoted}" = 0')))
        except tomllib.TOMLDecodeError:
            return quoted
    return next(k for k in (quoted, literal, bare) if k is not None)


class Lines:
    """The line of each key in a TOML text (1-based), found in one pass on first use.

    Examples
    --------
    >>> lines = Lines('sign = "costs negative"\\n[labels]\\n"Minder jeugdzorg" = "jeugdzorg"\\n'
    ...               '[[items]]\\nsheet = "A"\\n[[items]]\\nsheet = "B"\\n')
    >>> lines("", None, "sign"), lines("labels", None, "Minder jeugdzorg"), lines("items", 2,
    ...                                                                          "sheet")
    (1, 3, 7)
    """

    def __init__(self, text: str):
        self.text = text
        self._lines: dict | None = None

    def __call__(self, table: str, index: int | None, key: str | None) -> int | None:
        """Line of ``key`` in the ``index``-th (1-based) ``[[table]]`` or in ``[table]`` (the
        top level: table ""); of the table's header when ``key`` is None."""
        if self._lines is None:
            self._lines, seen, current = {}, {}, ("", None)
            for n, raw in enumerate(self.text.splitlines(), 1):
                if head := _HEADER.match(raw):
                    name = head.group(1)
                    seen[name] = seen.get(name, 0) + 1
                    current = (name, seen[name])
                    self._lines.setdefault((name, seen[name], None), n)
                    self._lines.setdefault((name, None, None), n)
                elif key_match := _KEY.match(raw):
                    found = _key(key_match)
                    self._lines.setdefault((*current, found), n)
                    self._lines.setdefault((current[0], None, found), n)
        if table == "" and key is None:
            return None
        return self._lines.get((table, index, key))


@dataclass
class Source:
    """A TOML file a message can name: the mapping file or a labels file it uses."""

    path: Path
    text: str
    lines: Lines = field(init=False)

    def __post_init__(self):
        self.lines = Lines(self.text)

    def place(self, where: tuple) -> Text:
        """``name.mapping.toml, items[2].multiplier (regel 14)`` for a (table, index, key); a
        key that is not in the text (a missing key) is placed at its table's header, a table
        written as a key (``labels = "..."``) at that key and a top-level key written as a
        table (``[label]``) at that table."""
        table, index, key = where
        if table:
            line = self.lines(*where) or self.lines(table, index, None) or (
                self.lines("", None, table) if key is None else None)
        else:
            line = self.lines(*where) or (self.lines(key, None, None) if key else None)
        name = key_name(*where)
        if name and line:
            return Text("{file}, {key} (regel {line})", "{file}, {key} (line {line})",
                        file=self.path.name, key=name, line=line)
        if name:
            return Text("{file}, {key}", "{file}, {key}", file=self.path.name, key=name)
        return Text.same(self.path.name)


def _text(value) -> Text:
    return value if isinstance(value, Text) else Text.same(str(value))


class MappingFile:
    """Checks a parsed mapping and resolves its references; problems go to the log.

    ``errors`` counts the mapping errors (a mapping with any is not used); ``areas`` collects
    the cells read, which :meth:`screen` checks for formulas without a value and control
    characters.
    """

    def __init__(self, wb: Workbook, log: IssueLog, path: Path, text: str):
        self.wb, self.log, self.path = wb, log, Path(path)
        self.source = Source(self.path, text)
        self.errors = 0
        self.areas: dict[str, list] = {}  # the cells read: sheet -> [(first, last row, cols)]

    # -- messages -----------------------------------------------------------------------------
    def line(self, table: str, index: int | None, key: str | None) -> int | None:
        """Line number of ``key`` in the ``index``-th (1-based) ``[[table]]`` or ``[table]``."""
        return self.source.lines(table, index, key)

    def place(self, where: tuple, source: Source | None = None) -> Text:
        """The file, key and line of ``where`` = (table, index, key) as a message names them."""
        return (source or self.source).place(where)

    def error(self, where: tuple, message: Text, found=None, expected=None,
              code: str = "mapping_error", sheet: str | None = None,
              source: Source | None = None) -> None:
        """Report a problem of the key ``where`` = (table, index, key)."""
        self.errors += 1
        self.log.add(code, Text("{place}: {message}", "{place}: {message}",
                                place=self.place(where, source), message=_text(message)),
                     sheet=sheet, found=found,
                     expected=None if expected is None else _text(expected))

    # -- cells read ---------------------------------------------------------------------------
    def read(self, sheet: str, first: int, last: int, cols) -> None:
        """Note the cells ``first``-``last`` x ``cols`` of ``sheet`` as read."""
        self.areas.setdefault(sheet, []).append((first, last, frozenset(cols)))

    def screen(self) -> bool:
        """Report formulas without a value and control characters in the cells read."""
        return all([screen(self.log, self.wb.sheets[name], lambda r, c, a=areas: any(
            lo <= r <= hi and c in cols for lo, hi, cols in a))
            for name, areas in self.areas.items()])

    def literal(self, where: tuple, value) -> Cell:
        """A value written in the mapping, named by its key as its place."""
        return Cell(value, f"{self.path.name}:{key_name(*where)}")

    # -- values -------------------------------------------------------------------------------
    def cell(self, where: tuple, value, *, numeric=False) -> Cell | None:
        """A literal or a ``=Sheet!A1`` reference as a Cell; None after an error."""
        if isinstance(value, str) and value.strip().startswith("="):
            m = _REF.match(value.strip())
            if not m:
                self.error(where, Text("{value!r} is geen celverwijzing in A1-stijl",
                                       "{value!r} is not a cell reference in A1 style",
                                       value=value), found=value,
                           expected=Text("bijvoorbeeld '=Blad1!C4' of \"='Blad 1'!C4\"",
                                         "e.g. '=Blad1!C4' or \"='Blad 1'!C4\""))
                return None
            name = (m.group(1) or "").replace("''", "'") or m.group(2).strip()
            sheet = self.sheet(where, name)
            if sheet is None:
                return None
            row, col = int(m.group(4)), column_index_from_string(m.group(3).upper())
            if not 1 <= row <= MAX_SHEET_ROWS or col > MAX_SHEET_COLUMNS:
                self.error(where, Text(
                    "{value!r} ligt buiten de rijen 1 tot {rows} en de kolommen A tot ZZ die "
                    "mkba leest", "{value!r} lies outside the rows 1 to {rows} and columns A to "
                    "ZZ that mkba reads", value=value, rows=MAX_SHEET_ROWS), found=value,
                    expected=Text("een cel binnen deze grenzen", "a cell within these bounds"))
                return None
            self.read(sheet, row, row, (col,))
            return Cell(self.wb.sheets[sheet].value(row, col), sheet, row, col)
        if isinstance(value, str) and re.match(r"^[^!\s][^!]*![$A-Za-z]+\$?\d+$", value.strip()):
            self.error(where, Text("{value!r} lijkt een celverwijzing zonder '='",
                                   "{value!r} looks like a cell reference without '='",
                                   value=value), found=value,
                       expected=Text("'={ref}' (of een gewone waarde)",
                                     "'={ref}' (or a plain literal)", ref=value.strip()))
            return None
        ok = (int, float) if numeric else (str, int, float, bool)
        if isinstance(value, bool) and numeric or not isinstance(value, ok):
            self.error(where, Text("{value!r} is geen waarde en geen celverwijzing",
                                   "{value!r} is neither a literal nor a cell reference",
                                   value=value), found=value,
                       expected=Text("een getal", "a number") if numeric else Text(
                           "tekst, een getal, true/false of een verwijzing zoals '=Blad1!C4'",
                           "text, a number, true/false, or a reference such as '=Blad1!C4'"))
            return None
        return self.literal(where, value)

    def sheet(self, where: tuple, name) -> str | None:
        """The workbook's name of sheet ``name``; None (and an issue) when there is none."""
        sheet = self.wb.sheet(str(name)) if isinstance(name, str) else None
        if sheet is None:
            self.error(where, Text("de werkmap heeft geen blad {name!r}",
                                   "the workbook has no sheet {name!r}", name=str(name)),
                       code="missing_sheet", sheet=str(name),
                       found=Text("bladen: {names}", "sheets: {names}", names=list(self.wb.sheets)),
                       expected=Text("een van de bladen van de werkmap",
                                     "one of the workbook's sheets"))
            return None
        return sheet.name

    def keys(self, where: tuple, table: dict, allowed, source: Source | None = None) -> None:
        """Report every key of ``table`` that is not ``allowed``, with the closest one."""
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                self.error(where[:2] + (key,), Text(
                    "onbekende sleutel" + ("; bedoelt u {close!r}?" if close else ""),
                    "unknown key" + ("; did you mean {close!r}?" if close else ""),
                    close=close[0] if close else None), found=key,
                    expected=Text("een van: {keys}", "one of {keys}", keys=sorted(allowed)),
                    source=source)

    def missing(self, where: tuple, key: str | Text, expected: Text) -> None:
        """Report a key that is missing."""
        self.error(where, Text("sleutel ontbreekt: {key}", "missing key: {key}", key=key),
                   expected=expected)

    def number(self, where: tuple, value, *, low=1, allow=()) -> int | None:
        """A row number from ``low`` to :data:`~mkba.limits.MAX_SHEET_ROWS` (or a value of
        ``allow``); None after an error."""
        if value is None:
            self.missing(where, where[2], Text("een rijnummer zoals 5", "a row number such as 5"))
            return None
        if value in allow or (isinstance(value, int) and not isinstance(value, bool)
                              and low <= value <= MAX_SHEET_ROWS):
            return value
        also = [repr(a) for a in allow]
        self.error(where, Text("{value!r} is geen geheel getal van {low} tot {rows} (de rijen "
                               "die mkba leest)", "{value!r} is not a whole number from {low} "
                               "to {rows} (the rows mkba reads)", value=value, low=low,
                               rows=MAX_SHEET_ROWS), found=value,
                   expected=Text("een rijnummer zoals 5" + "".join(f" of {a}" for a in also),
                                 "a row number such as 5" + "".join(f" or {a}" for a in also)))
        return None

    def column(self, where: tuple, value) -> int | None:
        """A column letter as a 1-based number; None after an error."""
        if isinstance(value, str) and _COLUMN.match(value.strip()):
            col = column_index_from_string(value.strip().upper())
            if col <= MAX_SHEET_COLUMNS:
                return col
            self.error(where, Text(
                "kolom {col!r} ligt voorbij kolom ZZ, de laatste van de {n} kolommen die mkba "
                "leest", "column {col!r} lies beyond column ZZ, the last of the {n} columns mkba "
                "reads", col=value.strip(), n=MAX_SHEET_COLUMNS), found=value,
                expected=Text("een kolom van A tot ZZ", "a column from A to ZZ"))
            return None
        self.error(where, Text("{value!r} is geen kolomletter in A1-stijl",
                               "{value!r} is not a column letter in A1 style", value=value),
                   found=value, expected=Text("een kolom zoals 'D'", "a column such as 'D'"))
        return None

    def columns(self, where: tuple, value) -> list[int] | None:
        """A range ``"D:K"`` or a list ``["D", "F"]`` of columns; None after an error."""
        if isinstance(value, str) and value.count(":") == 1:
            a, b = (self.column(where, v) for v in value.split(":"))
            if a and b and a > b:
                self.error(where, Text("het bereik {value!r} loopt achteruit",
                                       "the range {value!r} runs backwards", value=value),
                           found=value, expected=Text("een bereik zoals 'D:K'",
                                                      "a range such as 'D:K'"))
            return list(range(a, b + 1)) if a and b and a <= b else None
        if isinstance(value, list) and value:
            cols = [self.column(where, v) for v in value]
            return cols if all(cols) else None
        self.error(where, Text("{value!r} is geen kolombereik", "{value!r} is not a column range",
                               value=value), found=value,
                   expected=Text("een bereik zoals 'D:K' of een lijst zoals ['D', 'F']",
                                 "a range such as 'D:K' or a list such as ['D', 'F']"))
        return None

    def text(self, where: tuple, value) -> str | None:
        """A non-empty text, stripped; None after an error."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.error(where, Text("moet een niet-lege tekst zijn", "must be a non-empty text"),
                   found=value)
        return None

    def one_of(self, where: tuple, block: dict, fixed: str, column: str, required=True):
        """('fixed', value) or ('column', col) for a key given either way; None when absent
        (reported as missing when ``required``)."""
        if fixed in block and column in block:
            self.error(where[:2] + (fixed,), Text("geef {fixed} of {column}, niet allebei",
                                                  "give either {fixed} or {column}, not both",
                                                  fixed=fixed, column=column))
        elif column in block:
            col = self.column(where[:2] + (column,), block[column])
            return ("column", col) if col else None
        elif fixed in block:
            value = self.text(where[:2] + (fixed,), block[fixed])
            return ("fixed", value) if value else None
        elif required:
            self.missing(where[:2] + (None,), Text("{fixed} of {column}", "{fixed} or {column}",
                                                   fixed=fixed, column=column),
                         Text("{fixed} = \"...\" of {column} = \"A\"",
                              "{fixed} = \"...\" or {column} = \"A\"", fixed=fixed, column=column))
        return None

    def multiplier(self, where: tuple, value) -> float | None:
        """The multiplier of a block's amounts: a positive, finite number (None: absent is 1).

        One rule for every block: not a text (not even ``"1000"``), not true/false, not 0 or
        below. Returns None after an error.
        """
        if isinstance(value, int | float) and not isinstance(value, bool) and \
                math.isfinite(value) and value > 0:
            return value
        usual = Text("een positief getal zonder aanhalingstekens, meestal 1000 (bedragen in "
                     "duizenden euro's) of 1000000 (in miljoenen)",
                     "a positive number without quotes, usually 1000 (amounts in thousands of "
                     "euros) or 1000000 (in millions)")
        if isinstance(value, str) and _positive(value):
            message = Text("{value!r} is tekst: schrijf {plain} zonder aanhalingstekens",
                           "{value!r} is text: write {plain} without quotes",
                           value=value, plain=value.strip())
        elif isinstance(value, bool):
            message = Text("{value} is ja/nee, geen getal", "{value} is yes/no, not a number",
                           value=str(value).lower())
        elif isinstance(value, int | float) and value < 0:
            message = Text("de vermenigvuldiger moet positief zijn; staan kosten als negatieve "
                           "bedragen in de werkmap, schrijf dan sign = \"costs negative\"",
                           "the multiplier must be positive; for costs shown as negative "
                           "amounts write sign = \"costs negative\"")
        else:
            message = Text("de vermenigvuldiger moet een positief getal zijn",
                           "the multiplier must be a positive number")
        self.error(where, message, found=value, expected=usual)
        return None

    def sign(self, where: tuple, value) -> str | None:
        """``positive`` or ``costs negative`` (case and spacing ignored); None after an error."""
        folded = " ".join(value.lower().split()) if isinstance(value, str) else None
        if folded in SIGNS:
            return folded
        close = difflib.get_close_matches(folded or "", SIGNS, n=1, cutoff=0.5)
        self.error(where, Text("onbekende tekenregel {value!r}" + (
            "; bedoelt u {close!r}?" if close else ""), "unknown sign rule {value!r}" + (
            "; did you mean {close!r}?" if close else ""), value=value,
            close=close[0] if close else None), found=value,
            expected=Text("\"positive\" (kosten en baten als positieve bedragen, de standaard) "
                          "of \"costs negative\" (kosten als negatieve bedragen)",
                          "\"positive\" (costs and benefits as positive amounts, the default) "
                          "or \"costs negative\" (costs as negative amounts)"))
        return None


def _positive(text: str) -> bool:
    try:
        number = float(text.strip().replace("_", ""))
    except ValueError:
        return False
    return math.isfinite(number) and number > 0
