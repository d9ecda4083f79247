"""Checks of the fields of a scenario (used by :func:`mkba.scenario.spec.spec_from_mapping`).

Every reader raises :class:`mkba.errors.InputError` naming the file (or the workbook cell), the
dotted field name, what was found and what is allowed, in Dutch and English
(:class:`mkba.messages.Text`; numbers found are written per language). Every number must be
finite and within the range of its field (:data:`RANGES`); every text free of control
characters. Messages show control characters escaped.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from mkba.errors import InputError
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


class Checker:
    """Reads fields of one mapping and raises InputError naming file, field and what is allowed."""

    def __init__(self, source: str, locations: dict | None):
        self.source = source or "<scenario>"
        self.locations = locations or {}

    def where(self, key: str) -> str:
        cell = self.locations.get(key)
        return printable(f"{cell} ({key})" if cell else f"{self.source}: {key}", lines=False)

    def fail(self, key: str, message: Text):
        raise InputError(Text("{where}: {message}", "{where}: {message}",
                              where=self.where(key), message=message))

    def bad(self, key: str, value, allowed: Text):
        self.fail(key, Text("{found} is niet toegestaan; {allowed}",
                            "{found} is not allowed; {allowed}",
                            found=found(value), allowed=allowed))

    def table(self, data, key: str, allowed) -> dict:
        if not isinstance(data, dict):
            self.bad(key, data, Text("geef een tabel (sectie) met sleutels",
                                     "give a table (section) of keys"))
        unknown = [k for k in data if k not in allowed]
        if unknown:
            prefix = f"{key}." if key else ""
            place = (Text("in {key}", "in {key}", key=key) if key else
                     Text("op het hoogste niveau", "at the top level"))
            self.fail(f"{prefix}{unknown[0]}",
                      Text("onbekende sleutel {name}; toegestane sleutels {place}: {allowed}",
                           "unknown key {name}; allowed keys {place}: {allowed}",
                           name=found(unknown[0]), place=place, allowed=list(allowed)))
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


def required(c: Checker, data: dict, key: str, what: Text):
    if key not in data or data[key] is None:
        c.fail(key, Text("ontbreekt; geef {what}", "is missing; give {what}", what=what))
    return data[key]


def segments(c: Checker, data, key: str, default: float | None, what: Text) -> tuple:
    """A per-segment table -> tuple in SEGMENTS order; missing segments get ``default``."""
    out = dict.fromkeys(SEGMENTS, default)
    if not isinstance(data, dict):
        c.bad(key, data, Text("geef een tabel met de segmenten {segments}",
                              "give a table with the segments {segments}",
                              segments=list(SEGMENTS)))
    for name, value in data.items():
        segment = vocabulary("segments").lookup(name)
        if segment is None:
            c.fail(f"{key}.{name}", Text("onbekend segment {name}; gebruik {segments}",
                                         "unknown segment {name}; use {segments}",
                                         name=found(name), segments=list(SEGMENTS)))
        out[segment] = c.number(value, f"{key}.{segment}", field=key, what=what)
    return tuple(out[s] for s in SEGMENTS)
