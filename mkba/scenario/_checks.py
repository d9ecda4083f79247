"""Checks of the fields of a scenario (used by :func:`mkba.scenario.spec.spec_from_mapping`).

Every reader raises :class:`mkba.errors.InputError` naming the file (or the workbook cell), the
dotted field name and what is allowed. Every number must be finite and within the range of its
field (:data:`RANGES`); every text free of control characters. Messages show control characters
escaped.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from mkba import formatting
from mkba.basis import parse_rate
from mkba.errors import ArgumentError, InputError
from mkba.limits import MAX_AMOUNT, MAX_HOUSEHOLDS
from mkba.pooling import METHODS
from mkba.reference import discount_regimes
from mkba.schema import CHARACTERISTIC_VOCABULARIES, CHARACTERISTICS, SEGMENTS
from mkba.text_clean import control_character, printable
from mkba.vocab import vocabulary

#: Shares of the segments in a total population (2014 MKBA tool: 5% / 15% / 80%).
DEFAULT_SHARES = (0.05, 0.15, 0.80)
#: Households per FTE: midpoints of the 2014 tool's 5-7, 30-40 and 100 cases per worker.
DEFAULT_CASELOADS = (6.0, 35.0, 100.0)

#: Keys allowed at the top level and in each section of a scenario.
TOP_KEYS = ("name", "title", "municipality", "illustrative", "first_year", "horizon",
            "price_year", "discount_rate", "timing", "population", "team", "costs", "evidence",
            "effects")
SECTION_KEYS = {
    "population": ("households", "total", "shares"),
    "team": ("reach", "caseload", "ramp_up"),
    "costs": ("per_fte", "overhead_per_year", "overhead_share", "startup", "payers"),
    "evidence": ("studies", *CHARACTERISTICS, "method", "coverage", "induced_costs"),
    "effects": ("multiplier", "fixed"),
}
_TOLERANCE = 1e-9
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
    "evidence.coverage": (0.0, 0.999, True),
    "effects.multiplier": (0.0, 100.0, False),
    "effects.fixed": (0.0, 10_000_000.0, False),  # euros per reached household per year
}


class Checker:
    """Reads fields of one mapping and raises InputError naming file, field and what is allowed."""

    def __init__(self, source: str, locations: dict | None):
        self.source = source or "<scenario>"
        self.locations = locations or {}

    def where(self, key: str) -> str:
        cell = self.locations.get(key)
        return f"{cell} ({key})" if cell else f"{self.source}: {key}"

    def fail(self, key: str, message: str):
        raise InputError(printable(f"{self.where(key)}: {message}", lines=False))

    def bad(self, key: str, value, allowed: str):
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        self.fail(key, f"{shown!r} is not allowed; {allowed}")

    def table(self, data, key: str, allowed) -> dict:
        if not isinstance(data, dict):
            self.bad(key, data, "give a table (section) of keys")
        unknown = [k for k in data if k not in allowed]
        if unknown:
            prefix = f"{key}." if key else ""
            self.fail(f"{prefix}{unknown[0]}", f"unknown key {unknown[0]!r}; allowed keys "
                      f"{'in ' + key if key else 'at the top level'}: {', '.join(allowed)}")
        return data

    def number(self, value, key: str, *, field: str | None = None,
               what: str = "a number") -> float:
        """A finite number within ``RANGES[field]`` (``field`` defaults to ``key``)."""
        low, high, above = RANGES[field or key]
        ok = isinstance(value, Real) and not isinstance(value, bool)
        try:
            x = float(value) if ok else math.nan
        except OverflowError:  # an int of hundreds of digits
            x = math.nan
        if not (math.isfinite(x) and (x > low if above else x >= low) and x <= high):
            self.bad(key, value, f"give {what}, {'>' if above else '>='} "
                     f"{formatting.significant(low, 6, 'en')} and <= "
                     f"{formatting.significant(high, 10, 'en')}")
        return x

    def integer(self, value, key: str, low: int, high: int, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
            self.bad(key, value, f"give {what}: a whole number from {low} to {high}")
        return int(value)

    def text(self, value, key: str, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.bad(key, value, f"give {what} as text")
        if (ch := control_character(value, whitespace=key == "name")) is not None:
            self.fail(key, f"the text holds the control character {ch}; give {what} without "
                      "control characters")
        return value.strip()

    def flag(self, value, key: str) -> bool:
        if not isinstance(value, bool):
            self.bad(key, value, "give true or false")
        return value

    def code(self, value, key: str, vocab: str) -> str:
        found = vocabulary(vocab).lookup(value) if isinstance(value, str) else None
        if found is None:
            self.bad(key, value, f"use one of {', '.join(vocabulary(vocab).codes)}")
        return found


def required(c: Checker, data: dict, key: str, what: str):
    if key not in data or data[key] is None:
        c.fail(key, f"is missing; give {what}")
    return data[key]


def segments(c: Checker, data, key: str, default: float | None, what: str) -> tuple:
    """A per-segment table -> tuple in SEGMENTS order; missing segments get ``default``."""
    out = dict.fromkeys(SEGMENTS, default)
    if not isinstance(data, dict):
        c.bad(key, data, f"give a table with the segments {', '.join(SEGMENTS)}")
    for name, value in data.items():
        segment = vocabulary("segments").lookup(name)
        if segment is None:
            c.fail(f"{key}.{name}", f"unknown segment {name!r}; use {', '.join(SEGMENTS)}")
        out[segment] = c.number(value, f"{key}.{segment}", field=key, what=what)
    return tuple(out[s] for s in SEGMENTS)


def population(c: Checker, data) -> tuple:
    pop = c.table(data, "population", SECTION_KEYS["population"])
    has_counts, has_total = "households" in pop, "total" in pop
    if has_counts == has_total:
        c.fail("population", "give either households per segment (population.households) or a "
               "total (population.total, with optional population.shares), not "
               f"{'both' if has_counts else 'neither'}")
    if has_counts:
        if "shares" in pop:
            c.fail("population.shares", "shares go with population.total, not with households "
                   "per segment")
        counts = segments(c, pop["households"], "population.households", 0.0,
                           what="a number of households")
        return counts, None, None
    total = c.number(pop["total"], "population.total", what="a number of households")
    shares = DEFAULT_SHARES
    if "shares" in pop:
        shares = segments(c, pop["shares"], "population.shares", 0.0,
                           what="a share of the total (0.05 for 5%)")
        if sum(shares) > 1 + _TOLERANCE:
            c.fail("population.shares", "the shares add up to "
                   f"{formatting.significant(sum(shares), 6, 'en')}; they may add up to at most 1 "
                   "(the whole population)")
    return tuple(total * s for s in shares), total, shares


def rate(c: Checker, value) -> tuple[float, str | None]:
    allowed = ("give a regime code (" + ", ".join(discount_regimes()) + "), a decimal such as "
               "0.0225 or a percentage such as '2.25%'")
    if isinstance(value, bool) or not isinstance(value, str | Real):
        c.bad("discount_rate", value, allowed)
    try:
        rate, regime = parse_rate(value)
    except ArgumentError:
        c.bad("discount_rate", value, allowed)
    if rate is None:
        c.bad("discount_rate", value, allowed + " (a scenario has no 'own' rate)")
    return rate, regime


def ramp_up(c: Checker, value, horizon: int) -> tuple:
    if not isinstance(value, list | tuple) or not value:
        c.bad("team.ramp_up", value, "give a list of shares of full reach per year, e.g. "
              "[0.5, 0.8, 1.0]")
    if len(value) > horizon:
        c.fail("team.ramp_up", f"has {len(value)} values but the horizon is {horizon} years; "
               "give at most one share per year")
    return tuple(c.number(v, f"team.ramp_up[{i}]", field="team.ramp_up",
                          what="a share of full reach") for i, v in enumerate(value))


def payers(c: Checker, value) -> tuple:
    table = c.table(value, "costs.payers", tuple(value) if isinstance(value, dict) else ())
    shares: dict[str, float] = {}
    for name, share in table.items():
        actor = c.code(name, f"costs.payers.{name}", "actors")
        shares[actor] = shares.get(actor, 0.0) + c.number(
            share, f"costs.payers.{name}", field="costs.payers", what="a share of the costs")
    if not shares or abs(sum(shares.values()) - 1) > 1e-6:
        c.fail("costs.payers", "the shares add up to "
               f"{formatting.significant(sum(shares.values()), 6, 'en')}; they must add up to 1 "
               "(e.g. {gemeente = 0.8, zorgverzekeraar = 0.2})")
    order = vocabulary("actors").codes
    return tuple((a, shares[a]) for a in order if a in shares and shares[a] > 0)


def evidence(c: Checker, data) -> dict:
    ev = c.table(data, "evidence", SECTION_KEYS["evidence"])
    out: dict = {}
    if "studies" in ev:
        ids = ev["studies"]
        ids = [ids] if isinstance(ids, str) else ids
        if not isinstance(ids, list | tuple) or not ids or not all(
                isinstance(i, str) and i.strip() and not control_character(i, whitespace=True)
                for i in ids):
            c.bad("evidence.studies", ev["studies"], "give a list of study ids")
        out["study_ids"] = tuple(dict.fromkeys(i.strip() for i in ids))
    filters = []
    for key in CHARACTERISTICS:
        if key not in ev:
            continue
        values = [ev[key]] if isinstance(ev[key], str) else ev[key]
        if not isinstance(values, list | tuple) or not values:
            c.bad(f"evidence.{key}", ev[key],
                  f"give a code of {CHARACTERISTIC_VOCABULARIES[key]} or a list of codes")
        codes = {c.code(v, f"evidence.{key}", CHARACTERISTIC_VOCABULARIES[key]) for v in values}
        order = vocabulary(CHARACTERISTIC_VOCABULARIES[key]).codes
        filters.append((key, tuple(code for code in order if code in codes)))
    out["filters"] = tuple(filters)
    if "method" in ev:
        if ev["method"] not in METHODS:
            c.bad("evidence.method", ev["method"], f"use one of {', '.join(METHODS)}")
        out["method"] = ev["method"]
    if "coverage" in ev:
        out["coverage"] = c.number(ev["coverage"], "evidence.coverage",
                                   what="the share of a study's uncertainty its "
                                   "sensitivity range covers (0.90)")
    if "induced_costs" in ev:
        out["induced_costs"] = c.flag(ev["induced_costs"], "evidence.induced_costs")
    return out


def effects(c: Checker, data) -> dict:
    eff = c.table(data, "effects", SECTION_KEYS["effects"])
    out: dict = {}
    if "multiplier" in eff:
        out["multiplier"] = c.number(eff["multiplier"], "effects.multiplier",
                                     what="a multiplier on the pooled effect (1 = as pooled)")
    fixed = eff.get("fixed", {})
    table = c.table(fixed, "effects.fixed", tuple(fixed) if isinstance(fixed, dict) else ())
    rows: dict[str, tuple] = {}
    for name, value in table.items():
        key = f"effects.fixed.{name}"
        category = c.code(name, key, "benefit_categories")
        actor = None
        if isinstance(value, dict):
            c.table(value, key, ("amount", "actor"))
            if "amount" not in value:
                c.fail(f"{key}.amount", "is missing; give euros per reached household per year")
            if "actor" in value:
                actor = c.code(value["actor"], f"{key}.actor", "actors")
            value = value["amount"]
            key = f"{key}.amount"
        if category in rows:
            c.fail(key, f"category {category!r} is given twice")
        rows[category] = (category, c.number(
            value, key, field="effects.fixed", what="euros per reached household per year"),
            actor)
    order = vocabulary("benefit_categories").codes
    out["fixed"] = tuple(rows[cat] for cat in order if cat in rows)
    return out
