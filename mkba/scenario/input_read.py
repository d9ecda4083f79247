"""Reading a filled scenario input workbook (:func:`read_scenario_workbook`).

The layout is :mod:`mkba.scenario.input_layout`; :mod:`mkba.scenario.input_xlsx` writes the
blank (or preset) workbook and explains the sheets. The reader finds fields by the machine key
in the last column, screens every cell it uses first (a formula without a cached value or a text
with a control character is an error, never read as empty, which would mean a default) and gives
the same :class:`~mkba.scenario.spec.ScenarioSpec` as the equivalent TOML file. Problems name
the cell and the field, what was found and what is allowed, in Dutch and English.

Every problem is reported at once: every cell mkba cannot read (a formula without a value, a
control character, a text where a number or ja/nee belongs, a changed field key, a row without a
segment code, a gap in the ramp-up, a payer without a share) and every problem the checks of
the scenario's fields find in the cells that do read (ranges, missing fields, codes, the
required reach: :func:`~mkba.scenario.spec.spec_from_mapping`), in one
:class:`~mkba.errors.InputError` whose ``report`` (a :class:`~mkba.issues.ValidationReport`)
holds an issue per cell or field, as the study reader does. A field whose cell could not be
read is named once (not again as missing).
"""

from __future__ import annotations

from pathlib import Path

from mkba.errors import InputError
from mkba.io.numbers import NumberError, parse_number
from mkba.io.workbook import cell_ref, load_workbook, screen
from mkba.issues import IssueLog
from mkba.messages import Text
from mkba.scenario._checks import Checker, found
from mkba.scenario.input_layout import FIELDS, REACH_COLS, SHEETS, USED, YES_NO
from mkba.scenario.spec import ScenarioSpec, checked_spec
from mkba.schema import SEGMENTS
from mkba.text_clean import printable

__all__ = ["read_scenario_workbook"]


#: What :meth:`_Reader.convert` returns for a cell it could not read (already logged).
_BAD = object()


class _Reader:
    """Reads the cells of one workbook into ``data`` (dotted keys) and ``where`` (their
    cells), logging every cell it cannot read (:meth:`fail`) instead of stopping at the first;
    :meth:`raise_issues` raises them all in one :class:`~mkba.errors.InputError`."""

    def __init__(self, wb, path: Path):
        self.wb, self.path, self.data, self.where = wb, path, {}, {}
        self.log = IssueLog(wb.name)
        self.lines: list[Text] = []  # one line per issue, for the error's own message
        self.screened: set[tuple[str, str]] = set()  # (sheet, cell) already named by screen()
        self.bad_keys: set[str] = set()  # fields whose cell could not be read

    def sheet(self, role: str):
        for name in SHEETS[role]:
            found = self.wb.sheet(name)
            if found is not None:
                return found
        raise InputError(Text("{path}: de werkmap heeft geen blad {nl} ({en}); begin met "
                              "mkba scenario-template", "{path}: the workbook has no sheet {nl} "
                              "({en}); start from mkba scenario-template", path=_shown(self.path),
                              nl=SHEETS[role][0], en=SHEETS[role][1]))

    def fail(self, sheet, row, col, key, message: Text, *, code: str = "invalid_value",
             value=None, expected: Text | None = None) -> None:
        """Log a problem with the cell (row, col) of ``sheet`` for the field ``key``: its
        ``message`` (what is wrong and what is allowed), the ``value`` found, what is
        ``expected``."""
        ref = cell_ref(row, col)
        self.bad_keys.add(key)  # the field checks do not name it again (e.g. as missing)
        if (sheet.name, ref) in self.screened:
            return  # its formula or control character is named already
        where = f"{self.wb.source(sheet.name, row, col)} ({key})"
        self.lines.append(Text("{where}: {message}", "{where}: {message}", where=_shown(where),
                               message=message))
        self.log.add(code, Text("{key}: {message}", "{key}: {message}", key=_shown(key),
                                message=message), sheet=sheet.name, cell=ref,
                     found=value, expected=expected)

    def place(self) -> Text:
        """The workbook in words, for the count of its problems."""
        return Text("de scenariowerkmap {file}", "the scenario workbook {file}",
                    file=_shown(self.wb.name))

    def put(self, key: str, value, sheet, row: int, col: int, name: str | None = None) -> None:
        """Set ``data[a][b]...`` for ``key = "a.b..."`` (plus ``name``, which may hold dots)."""
        *parents, last = key.split(".") if name is None else [*key.split("."), name]
        node = self.data
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
        self.where[key if name is None else f"{key}.{name}"] = self.wb.source(sheet.name, row,
                                                                              col)

    def convert(self, value, kind: str, sheet, row: int, col: int, key: str):
        if kind in ("text", "ids") or kind.startswith("list:"):
            text = str(value).strip()
            if kind == "ids":
                return [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
            return text
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).strip().lower() in YES_NO:
                return YES_NO[str(value).strip().lower()]
            yes_no = Text("ja of nee", "ja or nee")
            self.fail(sheet, row, col, key, Text("{found} is niet toegestaan; gebruik {yes_no}",
                                                 "{found} is not allowed; use {yes_no}",
                                                 found=found(value), yes_no=yes_no),
                      value=value, expected=yes_no)
            return _BAD
        if kind == "rate" and isinstance(value, str):
            return value.strip()  # a regime code or '2,25%': spec_from_mapping reads and checks
        if kind == "amounts" and isinstance(value, str) and ";" in value:
            parts = [self.convert(p, "money", sheet, row, col, key) for p in value.split(";")
                     if p.strip()]
            return _BAD if _BAD in parts else parts
        try:
            number = parse_number(value, percent=kind in ("share", "rate", "number"))
        except NumberError as exc:
            self.fail(sheet, row, col, key, Text("{problem}; geef een getal",
                                                 "{problem}; give a number",
                                                 problem=exc.text), code="not_a_number",
                      value=value, expected=Text("een getal", "a number"))
            return _BAD
        if kind == "rate":
            return number
        if kind == "int" and float(number).is_integer():
            return int(number)
        return number

    def screen(self) -> None:
        """Log the formulas without a cached value and the control characters in the cells
        used (the cells are not read further)."""
        before = len(self.log.issues)
        for role, cols in USED.items():
            screen(self.log, self.sheet(role), lambda row, col, c=cols: row >= 2 and col in c)
        for issue in self.log.issues[before:]:
            self.screened.add((issue.sheet, issue.cell))
            self.lines.append(Text("{where}: {message}; {expected}",
                                   "{where}: {message}; {expected}",
                                   where=_shown(f"{self.wb.name}!{issue.sheet}!{issue.cell}"),
                                   message=issue.message, expected=issue.expected or ""))

    def fields(self, role: str) -> None:
        sheet = self.sheet(role)
        kinds = {f[0]: f[3] for f in FIELDS[role]}
        for row in range(2, sheet.max_row + 1):
            key, value = sheet.value(row, 4), sheet.value(row, 2)
            if (sheet.name, cell_ref(row, 2)) in self.screened and isinstance(key, str):
                self.bad_keys.add(key.strip())  # named by screen(); not read as empty
                continue
            if isinstance(key, str) and key.strip() in kinds:  # a missing field names its cell
                self.where.setdefault(key.strip(), self.wb.source(sheet.name, row, 2))
            if _blank(value) or _blank(key):
                continue
            if not isinstance(key, str) or key.strip() not in kinds:
                self.fail(sheet, row, 4, str(key), Text(
                    "{key} is geen veldsleutel van dit blad, dus de waarde ernaast zou genegeerd "
                    "worden; zet de sleutel van mkba scenario-template terug of maak de waarde "
                    "leeg", "{key} is not a field key of this sheet, so the value beside it "
                    "would be ignored; restore the key of mkba scenario-template or clear the "
                    "value", key=found(key)), value=key, expected=Text(
                        "een veldsleutel van mkba scenario-template",
                        "a field key of mkba scenario-template"))
                continue
            key = key.strip()
            value = self.convert(value, kinds[key], sheet, row, 2, key)
            if value is not _BAD:
                self.put(key, value, sheet, row, 2)

    def column(self, role: str, cols: dict[int, tuple[str, str]]):
        """Rows of a table sheet from row 2: yields (row, {col: converted value})."""
        sheet = self.sheet(role)
        for row in range(2, sheet.max_row + 1):
            values = {}
            for col, (key, kind) in cols.items():
                if (sheet.name, cell_ref(row, col)) in self.screened:
                    self.bad_keys.add(key)  # named by screen(); not read as empty
                    continue
                value = sheet.value(row, col)
                if not _blank(value):
                    values[col] = self.convert(value, kind, sheet, row, col, key)  # or _BAD
            yield sheet, row, values


def _shown(text) -> str:
    """A path or cell for a message, control characters escaped."""
    return printable(str(text), lines=False)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_scenario_workbook(path: str | Path) -> ScenarioSpec:
    """Read a filled scenario input workbook into a checked :class:`ScenarioSpec`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.scenario.input_xlsx import write_scenario_template
    >>> path = write_scenario_template(pathlib.Path(tempfile.mkdtemp()) / "leeg.xlsx")
    >>> read_scenario_workbook(path)  # every problem at once, each with its cell
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.InputError: 6 problemen in de scenariowerkmap leeg.xlsx:
      leeg.xlsx!Algemeen!B4 (municipality): ontbreekt; geef de naam van de gemeente (tekst)
      leeg.xlsx!Algemeen!B6 (first_year): ontbreekt; geef het kalenderjaar waarin het team start
    ...
      leeg.xlsx!Invoer B Kosten!B2 (costs.per_fte): ontbreekt; geef de jaarlijkse kosten van één fte in euro's
    """  # noqa: E501
    path = Path(path)
    log = IssueLog(path.name)
    wb = load_workbook(path, log)
    if wb is None:
        raise InputError(Text("{path}: {message}", "{path}: {message}", path=_shown(path),
                              message=log.issues[0].message))
    r = _Reader(wb, path)
    r.screen()  # every problem is logged; they are raised together below
    for role in FIELDS:
        r.fields(role)
    kinds = {2: "number", 3: "share", 4: "share", 5: "number"}
    for sheet, row, values in r.column("reach", {c: (REACH_COLS[c], kinds[c]) for c in kinds}):
        code = sheet.value(row, 6)
        if not values:
            continue
        if code not in (*SEGMENTS, "total"):
            r.fail(sheet, row, 6, "population", Text(
                "{code} is geen segmentcode ({segments} of total), dus de waarden van deze rij "
                "zouden genegeerd worden; zet de code terug of maak de rij leeg",
                "{code} is not a segment code ({segments} or total), so the values of this row "
                "would be ignored; restore the code or clear the row", code=found(code),
                segments=list(SEGMENTS)), value=Text("een lege cel", "an empty cell")
                if _blank(code) else code, expected=Text(
                    "een segmentcode: {segments} of total", "a segment code: {segments} or total",
                    segments=list(SEGMENTS)))
            continue
        for col, value in values.items():
            key = "population.total" if code == "total" else f"{REACH_COLS[col]}.{code}"
            if code == "total" and col != 2:
                r.fail(sheet, row, col, key, Text("de rij Totaal heeft alleen een aantal "
                                                  "huishoudens", "the row Total has only a "
                                                  "number of households"), value=value,
                       expected=Text("een lege cel", "an empty cell"))
            elif value is not _BAD:
                r.put(key, value, sheet, row, col)
    sheet = r.sheet("reach")  # a missing reach is named at its column's first cell
    r.where.setdefault("team.reach", r.wb.source(sheet.name, 2, 4))
    r.where.setdefault("population", r.wb.source(sheet.name, 2, 2))  # households, first row
    _shares(r, 2, "team.ramp_up")
    _shares(r, 3, "effects.lag")
    _pairs(r, "payers", {1: ("costs.payers", "text"), 2: ("costs.payers", "share")},
           "costs.payers")
    _pairs(r, "fixed", {1: ("effects.fixed", "text"), 2: ("effects.fixed", "money"),
                        3: ("effects.fixed", "text")}, "effects.fixed")
    costs = r.data.get("costs", {})
    if "extra_care_actor" in costs:  # the actor of the extra care, a row of its own
        actor = costs.pop("extra_care_actor")
        amount = {"amount": costs["extra_care"]} if "extra_care" in costs else {}
        costs["extra_care"] = {**amount, "actor": actor}
        r.where["costs.extra_care.actor"] = r.where.pop("costs.extra_care_actor")
        r.where.setdefault("costs.extra_care.amount", r.where.get("costs.extra_care",
                                                                  r.where["costs.extra_care.actor"]))
    # the field checks go on from the unreadable cells: every problem is raised at once
    checker = Checker(str(path), r.where, log=r.log, lines=r.lines, named=r.bad_keys,
                      place=r.place())
    return checked_spec(checker, r.data, default_name=path.stem)


def _shares(r: _Reader, col: int, key: str) -> None:
    """A column of yearly shares on the sheet Ingroei (ramp-up of reach, lag of the effect):
    from the first filled row down, without gaps."""
    shares, gap, first, named = [], None, None, False
    for sheet, row, values in r.column("ramp", {col: (key, "share")}):
        if col in values:
            if gap is not None and not named:
                r.fail(sheet, gap, col, key, Text(
                    "lege cel tussen de aandelen van de ingroei",
                    "empty cell between ramp-up shares"), expected=Text(
                        "een aandeel in elke cel van het eerste tot het laatste jaar",
                        "a share in every cell from the first to the last year"))
                named = True  # one gap is named once
            shares.append(values[col])
            first = first or (sheet, row)
        elif shares and gap is None:
            gap = row
    if shares and _BAD not in shares and not named:
        r.put(key, shares, first[0], first[1], col)
        for i in range(len(shares)):  # team.ramp_up[i] in messages
            r.where[f"{key}[{i}]"] = r.wb.source(first[0].name, first[1] + i, col)


def _pairs(r: _Reader, role: str, cols, key: str) -> None:
    """The payers (actor -> share) or the fixed benefits (category -> amount [, actor])."""
    for sheet, row, values in r.column(role, cols):
        if not values:
            continue
        if 1 not in values or 2 not in values:
            col = 2 if 1 in values else 1
            r.fail(sheet, row, col, key, Text(
                "vul zowel de naam (kolom A) als het bedrag (kolom B) in, of maak de rij leeg",
                "fill in both the name (column A) and the amount (column B), or clear the row"),
                   code="missing_field", expected=Text("een naam en een bedrag",
                                                       "a name and an amount"))
            continue
        if _BAD in values.values():
            continue
        name = values[1]
        value = values[2] if 3 not in values else {"amount": values[2], "actor": values[3]}
        r.put(key, value, sheet, row, 2, name=name)
        r.where.setdefault(key, r.wb.source(sheet.name, row, 1))
        if isinstance(value, dict):
            r.where[f"{key}.{name}.amount"] = r.wb.source(sheet.name, row, 2)
            r.where[f"{key}.{name}.actor"] = r.wb.source(sheet.name, row, 3)
