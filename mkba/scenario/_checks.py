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

from mkba.basis import parse_rate
from mkba.errors import ArgumentError, InputError
from mkba.limits import MAX_AMOUNT, MAX_HOUSEHOLDS
from mkba.messages import Text
from mkba.phrases import short_repr as show
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


def population(c: Checker, data) -> tuple:
    pop = c.table(data, "population", SECTION_KEYS["population"])
    has_counts, has_total = "households" in pop, "total" in pop
    if has_counts == has_total:
        c.fail("population", Text(
            "geef óf huishoudens per segment (population.households) óf een totaal "
            "(population.total, eventueel met population.shares), {which}",
            "give either households per segment (population.households) or a total "
            "(population.total, with optional population.shares), not {which}",
            which=Text("niet allebei", "both") if has_counts else Text("nu geen van beide",
                                                                       "neither")))
    households = Text("een aantal huishoudens", "a number of households")
    if has_counts:
        if "shares" in pop:
            c.fail("population.shares", Text(
                "aandelen (shares) horen bij population.total, niet bij huishoudens per segment",
                "shares go with population.total, not with households per segment"))
        counts = segments(c, pop["households"], "population.households", 0.0, what=households)
        return counts, None, None
    total = c.number(pop["total"], "population.total", what=households)
    shares = DEFAULT_SHARES
    if "shares" in pop:
        shares = segments(c, pop["shares"], "population.shares", 0.0,
                          what=Text("een deel van het totaal (0.05 voor 5%)",
                                    "a share of the total (0.05 for 5%)"))
        if sum(shares) > 1 + _TOLERANCE:
            c.fail("population.shares", Text(
                "de aandelen tellen op tot {total}; samen mogen ze hooguit 1 zijn (de hele "
                "bevolking)", "the shares add up to {total}; they may add up to at most 1 "
                "(the whole population)", total=sum(shares)))
    return tuple(total * s for s in shares), total, shares


def rate(c: Checker, value) -> tuple[float, str | None]:
    allowed = Text("geef een regimecode ({regimes}), een decimaal getal zoals 0.0225 of een "
                   "percentage zoals '2,25%'", "give a regime code ({regimes}), a decimal such "
                   "as 0.0225 or a percentage such as '2.25%'", regimes=list(discount_regimes()))
    if isinstance(value, bool) or not isinstance(value, str | Real):
        c.bad("discount_rate", value, allowed)
    try:
        rate, regime = parse_rate(value)
    except ArgumentError:
        c.bad("discount_rate", value, allowed)
    if rate is None:
        c.bad("discount_rate", value, Text(
            "{allowed} (een scenario heeft geen eigen disconteringsvoet, 'own')",
            "{allowed} (a scenario has no 'own' rate)", allowed=allowed))
    return rate, regime


def ramp_up(c: Checker, value, horizon: int) -> tuple:
    if not isinstance(value, list | tuple) or not value:
        c.bad("team.ramp_up", value, Text(
            "geef een lijst met aandelen van het volledige bereik per jaar, bijv. "
            "[0.5, 0.8, 1.0]", "give a list of shares of full reach per year, e.g. "
            "[0.5, 0.8, 1.0]"))
    if len(value) > horizon:
        c.fail("team.ramp_up", Text(
            "heeft {n} waarden, maar de looptijd is {horizon} jaar; geef hooguit één aandeel "
            "per jaar", "has {n} values but the horizon is {horizon} years; give at most one "
            "share per year", n=len(value), horizon=horizon))
    what = Text("een deel van het volledige bereik", "a share of full reach")
    return tuple(c.number(v, f"team.ramp_up[{i}]", field="team.ramp_up", what=what)
                 for i, v in enumerate(value))


def payers(c: Checker, value) -> tuple:
    table = c.table(value, "costs.payers", tuple(value) if isinstance(value, dict) else ())
    shares: dict[str, float] = {}
    what = Text("een deel van de kosten", "a share of the costs")
    for name, share in table.items():
        actor = c.code(name, f"costs.payers.{name}", "actors")
        shares[actor] = shares.get(actor, 0.0) + c.number(
            share, f"costs.payers.{name}", field="costs.payers", what=what)
    if not shares or abs(sum(shares.values()) - 1) > 1e-6:
        c.fail("costs.payers", Text(
            "de aandelen tellen op tot {total}; samen moeten ze 1 zijn (bijv. "
            "{{gemeente = 0.8, zorgverzekeraar = 0.2}})", "the shares add up to {total}; they "
            "must add up to 1 (e.g. {{gemeente = 0.8, zorgverzekeraar = 0.2}})",
            total=sum(shares.values())))
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
            c.bad("evidence.studies", ev["studies"], Text("geef een lijst met studie-ids",
                                                          "give a list of study ids"))
        out["study_ids"] = tuple(dict.fromkeys(i.strip() for i in ids))
    filters = []
    for key in CHARACTERISTICS:
        if key not in ev:
            continue
        values = [ev[key]] if isinstance(ev[key], str) else ev[key]
        if not isinstance(values, list | tuple) or not values:
            c.bad(f"evidence.{key}", ev[key], Text(
                "geef een code uit {vocab} of een lijst met codes",
                "give a code of {vocab} or a list of codes",
                vocab=CHARACTERISTIC_VOCABULARIES[key]))
        codes = {c.code(v, f"evidence.{key}", CHARACTERISTIC_VOCABULARIES[key]) for v in values}
        order = vocabulary(CHARACTERISTIC_VOCABULARIES[key]).codes
        filters.append((key, tuple(code for code in order if code in codes)))
    out["filters"] = tuple(filters)
    if "method" in ev:
        if ev["method"] not in METHODS:
            c.bad("evidence.method", ev["method"], one_of(METHODS))
        out["method"] = ev["method"]
    if "coverage" in ev:
        out["coverage"] = c.number(ev["coverage"], "evidence.coverage", what=Text(
            "het deel van de onzekerheid van een studie dat haar gevoeligheidsbandbreedte dekt "
            "(0.90)", "the share of a study's uncertainty its sensitivity range covers (0.90)"))
    if "induced_costs" in ev:
        out["induced_costs"] = c.flag(ev["induced_costs"], "evidence.induced_costs")
    return out


def effects(c: Checker, data) -> dict:
    eff = c.table(data, "effects", SECTION_KEYS["effects"])
    out: dict = {}
    if "multiplier" in eff:
        out["multiplier"] = c.number(eff["multiplier"], "effects.multiplier", what=Text(
            "een vermenigvuldiger op het gepoolde effect (1 = zoals gepoold)",
            "a multiplier on the pooled effect (1 = as pooled)"))
    fixed = eff.get("fixed", {})
    table = c.table(fixed, "effects.fixed", tuple(fixed) if isinstance(fixed, dict) else ())
    per_household = Text("euro's per bereikt huishouden per jaar",
                         "euros per reached household per year")
    rows: dict[str, tuple] = {}
    for name, value in table.items():
        key = f"effects.fixed.{name}"
        category = c.code(name, key, "benefit_categories")
        actor = None
        if isinstance(value, dict):
            c.table(value, key, ("amount", "actor"))
            if "amount" not in value:
                c.fail(f"{key}.amount", Text("ontbreekt; geef {what}", "is missing; give {what}",
                                             what=per_household))
            if "actor" in value:
                actor = c.code(value["actor"], f"{key}.actor", "actors")
            value = value["amount"]
            key = f"{key}.amount"
        if category in rows:
            c.fail(key, Text("categorie {category!r} staat er twee keer in",
                             "category {category!r} is given twice", category=category))
        rows[category] = (category, c.number(value, key, field="effects.fixed",
                                             what=per_household), actor)
    order = vocabulary("benefit_categories").codes
    out["fixed"] = tuple(rows[cat] for cat in order if cat in rows)
    return out
