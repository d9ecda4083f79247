"""Checks of the fields of a scenario (used by :func:`mkba.scenario.spec.spec_from_mapping`).

Every problem names the file (or the workbook cell), the dotted field name, what was found and
what is allowed, in Dutch and English
(:class:`mkba.messages.Text`; numbers found are written per language). Every number must be
finite and within the range of its field (:data:`RANGES`); every text free of control
characters. Messages show control characters escaped. A :class:`Checker` logs every problem
and :meth:`Checker.raise_all` raises them together: one :class:`mkba.errors.InputError` whose
``report`` holds an issue per field or cell, as the study reader does.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from mkba.errors import InputError
from mkba.issues import IssueLog, ValidationReport
from mkba.limits import MAX_AMOUNT, MAX_HOUSEHOLDS
from mkba.messages import Text
from mkba.phrases import short_repr as show
from mkba.schema import CHARACTERISTICS, SEGMENTS
from mkba.text_clean import control_character, printable
from mkba.vocab import vocabulary

#: Shares of the segments in a total population (2014 MKBA tool: 5% / 15% / 80%).
DEFAULT_SHARES = (0.05, 0.15, 0.80)
#: Households per FTE: midpoints of the 2014 tool's 5-7, 30-40 and 100 cases per worker.
DEFAULT_CASELOADS = (6.0, 35.0, 100.0)

#: What the Monte Carlo does with a draw of the benefit per household below 0 (benefits are
#: amounts >= 0 by mkba's sign convention): ``zero`` sets it to 0 (no effect, never harm; the
#: default), ``keep`` leaves it (the team does harm in that draw). Either way the result says
#: how many draws fell below 0.
NEGATIVE_DRAWS = ("zero", "keep")
#: Which plausible split of the segments the headline uses (mkba.scenario.segments).
SEGMENT_SPLITS = ("proportional", "heavier")
#: Fields a result may rest on by default, named in ScenarioSpec.defaulted when the file does
#: not give them (``team.caseload`` per segment).
DEFAULTED = ("price_year", "population.shares", "team.caseload", "team.ramp_up")

#: Keys allowed at the top level and in each section of a scenario.
TOP_KEYS = ("name", "title", "municipality", "illustrative", "first_year", "horizon",
            "price_year", "discount_rate", "timing", "population", "team", "costs", "evidence",
            "effects")
SECTION_KEYS = {
    "population": ("households", "total", "shares"),
    "team": ("reach", "caseload", "ramp_up"),
    "costs": ("per_fte", "overhead_per_year", "overhead_share", "startup", "payers",
              "friction", "extra_care", "indexation"),
    "evidence": ("studies", *CHARACTERISTICS, "method", "coverage", "induced_costs"),
    "effects": ("multiplier", "fixed", "negative_draws", "segment_split", "per_segment",
                "caseload_elasticity", "lag"),
}
TOLERANCE = 1e-9
#: The range of every numeric field (per segment, year, payer or category for tables):
#: (lowest, highest, whether the lowest itself is excluded). Wide enough for any municipality,
#: narrow enough that every product of them (households / caseload x cost per FTE x years)
#: stays finite.
RANGES = {
    "population.households": (0.0, MAX_HOUSEHOLDS, False),
    "population.total": (0.0, MAX_HOUSEHOLDS, False),
    "population.shares": (0.0, 1.0, False),
    "team.reach": (0.0, 1.0, False),
    "team.caseload": (0.1, 10_000.0, False),  # households per FTE (the 2014 tool: 5 to 100)
    "team.ramp_up": (0.0, 1.0, False),
    "costs.per_fte": (0.0, 10_000_000.0, False),  # euros per FTE per year
    "costs.overhead_per_year": (0.0, MAX_AMOUNT, False),
    "costs.overhead_share": (0.0, 10.0, False),  # of the staff costs (10 = 1000%)
    "costs.startup": (0.0, MAX_AMOUNT, False),
    "costs.payers": (0.0, 1.0, False),
    "costs.friction": (0.0, MAX_AMOUNT, False),  # one-off transition costs per year
    "costs.extra_care": (0.0, 10_000_000.0, False),  # euros per reached household per year
    "costs.indexation": (-0.1, 0.2, False),  # real growth of the running costs per year
    "evidence.coverage": (0.0, 0.999, True),
    "effects.multiplier": (0.0, 100.0, False),
    "effects.fixed": (0.0, 10_000_000.0, False),  # euros per reached household per year
    "effects.per_segment": (0.0, 10_000_000.0, False),  # the same, per segment
    "effects.caseload_elasticity": (0.0, 2.0, False),  # mkba.scenario.caseload
    "effects.lag": (0.0, 1.0, False),  # share of the full effect per year
}


def found(value):
    """``value`` as a message shows what was found: a finite number as itself (a
    :class:`~mkba.messages.Text` writes it per language, ``0,6`` or ``0.6``), anything else as a
    short ``repr`` with control characters escaped.

    Examples
    --------
    >>> found(0.6), found(80000.0), found("80k"), found(float("nan"))
    (0.6, 80000, "'80k'", 'nan')
    """
    if isinstance(value, Real) and not isinstance(value, bool):
        try:
            x = float(value)
        except OverflowError:  # an int of hundreds of digits
            x = math.inf
        if math.isfinite(x) and abs(x) < 1e15:
            return int(x) if x.is_integer() else x
    return printable(show(value), lines=False)


def one_of(options) -> Text:
    """'use one of a, b, c' in Dutch and English."""
    return Text("gebruik een van {options}", "use one of {options}", options=list(options))


class Failed(InputError):
    """A field that could not be read; its problem is logged in the :class:`Checker` already
    (the checks go on with the next field: :meth:`Checker.attempt`)."""


class Checker:
    """Reads fields of one mapping, logging every problem (file or cell, field, what was found
    and what is allowed) so that :meth:`raise_all` names them all at once.

    :meth:`fail` logs a problem and stops the field at hand (it raises :class:`Failed`, which
    :meth:`attempt` catches so that the next field is checked); ``named`` are fields whose
    cells were reported already by the workbook reader: their later problems (missing, since
    the cell could not be read) are not repeated. ``lines`` and ``log`` may carry the
    problems found before (the workbook reader's unreadable cells).
    """

    def __init__(self, source: str, locations: dict | None, *, log: IssueLog | None = None,
                 lines: list | None = None, named=(), place: Text | None = None):
        self.source = source or "<scenario>"
        self.locations = locations or {}
        self.log = log if log is not None else IssueLog(_file_name(self.source))
        self.lines: list[Text] = lines if lines is not None else []
        self.named = tuple(named)
        self.place = place or Text("{file}", "{file}", file=printable(self.log.file,
                                                                      lines=False))

    def where(self, key: str) -> str:
        cell = self.locations.get(key)
        return printable(f"{cell} ({key})" if cell else f"{self.source}: {key}", lines=False)

    def note(self, key: str, message: Text, *, code: str = "invalid_value") -> None:
        """Log a problem of ``key`` (unless its cell was named already) and go on."""
        if any(key == n or key.startswith(f"{n}.") or key.startswith(f"{n}[")
               for n in self.named):
            return
        self.lines.append(Text("{where}: {message}", "{where}: {message}",
                               where=self.where(key), message=message))
        sheet, cell = _sheet_cell(self.locations.get(key))
        self.log.add(code, Text("{key}: {message}", "{key}: {message}",
                                key=printable(key, lines=False), message=message),
                     sheet=sheet, cell=cell)

    def fail(self, key: str, message: Text, *, code: str = "invalid_value"):
        """Log a problem of ``key`` and stop this field (:class:`Failed`)."""
        self.note(key, message, code=code)
        raise Failed(self.lines[-1] if self.lines else message)

    def attempt(self, check, *args, default=None, **kwargs):
        """``check(*args, **kwargs)``, or ``default`` when it failed (its problem logged)."""
        try:
            return check(*args, **kwargs)
        except Failed:
            return default

    @property
    def failed(self) -> bool:
        """True when a problem was logged (or named before)."""
        return bool(self.lines)

    def raise_all(self) -> None:
        """Raise every logged problem in one InputError with its ValidationReport (nothing
        when there is none): with one problem its line, with more a count and every line."""
        raise_collected(self.log, self.lines, self.place)

    def bad(self, key: str, value, allowed: Text):
        self.fail(key, Text("{found} is niet toegestaan; {allowed}",
                            "{found} is not allowed; {allowed}",
                            found=found(value), allowed=allowed))

    def table(self, data, key: str, allowed) -> dict:
        if not isinstance(data, dict):
            self.bad(key, data, Text("geef een tabel (sectie) met sleutels",
                                     "give a table (section) of keys"))
        prefix = f"{key}." if key else ""
        place = (Text("in {key}", "in {key}", key=key) if key else
                 Text("op het hoogste niveau", "at the top level"))
        for name in (k for k in data if k not in allowed):  # each named; the rest is read
            self.note(f"{prefix}{name}",
                      Text("onbekende sleutel {name}; toegestane sleutels {place}: {allowed}",
                           "unknown key {name}; allowed keys {place}: {allowed}",
                           name=found(name), place=place, allowed=list(allowed)))
        return data

    def number(self, value, key: str, *, field: str | None = None, what: Text) -> float:
        """A finite number within ``RANGES[field]`` (``field`` defaults to ``key``)."""
        low, high, above = RANGES[field or key]
        ok = isinstance(value, Real) and not isinstance(value, bool)
        try:
            x = float(value) if ok else math.nan
        except OverflowError:  # an int of hundreds of digits
            x = math.nan
        if not (math.isfinite(x) and (x > low if above else x >= low) and x <= high):
            self.bad(key, value, Text("geef {what}, {op} {low} en <= {high}",
                                      "give {what}, {op} {low} and <= {high}", what=what,
                                      op=">" if above else ">=", low=low, high=high))
        return x

    def integer(self, value, key: str, low: int, high: int, what: Text) -> int:
        if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
            self.bad(key, value, Text("geef {what}: een geheel getal van {low} tot en met {high}",
                                      "give {what}: a whole number from {low} to {high}",
                                      what=what, low=low, high=high))
        return int(value)

    def text(self, value, key: str, what: Text) -> str:
        if not isinstance(value, str) or not value.strip():
            self.bad(key, value, Text("geef {what} als tekst", "give {what} as text", what=what))
        if (ch := control_character(value, whitespace=key == "name")) is not None:
            self.fail(key, Text("de tekst bevat het stuurteken {ch}; geef {what} zonder "
                                "stuurtekens", "the text holds the control character {ch}; "
                                "give {what} without control characters", ch=ch, what=what))
        return value.strip()

    def flag(self, value, key: str) -> bool:
        if not isinstance(value, bool):
            self.bad(key, value, Text("geef true of false", "give true or false"))
        return value

    def code(self, value, key: str, vocab: str) -> str:
        result = vocabulary(vocab).lookup(value) if isinstance(value, str) else None
        if result is None:
            self.bad(key, value, one_of(vocabulary(vocab).codes))
        return result


def _file_name(source: str) -> str:
    """The file of a source (a path, or a cell ``file.xlsx!Sheet!B3``), without folder."""
    return source.replace("\\", "/").rsplit("/", 1)[-1].split("!")[0] or source


def _sheet_cell(location) -> tuple:
    """(sheet, cell) of a location ``file.xlsx!Sheet!B3``; (None, None) otherwise."""
    if not isinstance(location, str) or location.count("!") < 2:
        return None, None
    _, sheet, cell = location.rsplit("!", 2)
    return sheet, cell


def raise_collected(log: IssueLog, lines: list, place: Text) -> None:
    """Raise the problems of one scenario file at once: an InputError whose message is the one
    line, or a count of the problems in ``place`` (the file, in words) and every line, and
    whose ``report`` (a ValidationReport) holds an issue per problem; nothing when ``lines``
    is empty."""
    if not lines:
        return
    report = ValidationReport((log.file,), tuple(log.issues))
    if len(lines) == 1:
        raise InputError(lines[0], report)
    named = {f"line{i}": line for i, line in enumerate(lines)}
    listed = "".join(f"\n  {{line{i}}}" for i in range(len(lines)))
    if len(log) > len(log.issues):  # more than the log keeps (MAX_ISSUES)
        listed += "\n  ..."
    raise InputError(Text("{n} problemen in {place}:" + listed,
                          "{n} issues in {place}:" + listed, n=len(log), place=place, **named),
                     report)


def required(c: Checker, data: dict, key: str, what: Text):
    if key not in data or data[key] is None:
        c.fail(key, Text("ontbreekt; geef {what}", "is missing; give {what}", what=what),
               code="missing_field")
    return data[key]


def segments(c: Checker, data, key: str, default: float | None, what: Text) -> tuple:
    """A per-segment table -> tuple in SEGMENTS order; missing segments get ``default``."""
    out = dict.fromkeys(SEGMENTS, default)
    if not isinstance(data, dict):
        c.bad(key, data, Text("geef een tabel met de segmenten {segments}",
                              "give a table with the segments {segments}",
                              segments=list(SEGMENTS)))
    bad = False  # every segment is checked (each is a cell of its own in the workbook)
    for name, value in data.items():
        segment = vocabulary("segments").lookup(name)
        if segment is None:
            c.note(f"{key}.{name}", Text("onbekend segment {name}; gebruik {segments}",
                                         "unknown segment {name}; use {segments}",
                                         name=found(name), segments=list(SEGMENTS)))
            bad = True
            continue
        number = c.attempt(c.number, value, f"{key}.{segment}", field=key, what=what)
        bad = bad or number is None
        out[segment] = number
    if bad:
        raise Failed(c.lines[-1] if c.lines else Text("{key}", "{key}", key=key))
    return tuple(out[s] for s in SEGMENTS)
