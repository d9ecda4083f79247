"""A municipal scenario: what a municipality plans, read from TOML or from the input workbook.

A scenario describes one team (the project alternative) in the terms of the 2014 MKBA tool for
social teams: reach (Invoer A: households by segment, the share reached, the caseload per worker,
the ramp-up), costs (Invoer B: cost per FTE, overhead, start-up, who pays) and effect (Invoer C:
which studies are the evidence, with optional local overrides). ``scenarios/README.md`` explains
every field; :func:`spec_from_mapping` checks them all and :func:`read_spec` reads a file.

Defaults (documented in the README):

- segment shares of a total: 5% heavy (zwaar), 15% vulnerable (kwetsbaar), 80% other (overig);
- caseloads: 6, 35 and 100 households per FTE, the midpoints of the 2014 tool's ranges of 5-7,
  30-40 and 100 cases per worker (Invoer A of the MKBA tool for social teams, 2014);
- reach 100% of every segment, no ramp-up (``[1.0]``), timing ``t1``, the latest CPI year as the
  price year, all studies as evidence pooled with REML, the additional assistance the studies
  report counted as a cost, all costs paid by the municipality (gemeente).

Every problem raises :class:`mkba.errors.InputError` naming the file, the field and what is
allowed.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import asdict, dataclass, field
from numbers import Integral, Real
from pathlib import Path

from mkba.economics import TIMINGS, latest_price_year, parse_rate
from mkba.errors import ArgumentError, InputError
from mkba.evidence import CHARACTERISTICS
from mkba.pooling import METHODS
from mkba.reference import cpi_changes, discount_regimes
from mkba.schema import SEGMENTS
from mkba.vocab import vocabulary

__all__ = ["SEGMENTS", "DEFAULT_SHARES", "DEFAULT_CASELOADS", "FILTER_VOCABULARIES",
           "ScenarioSpec", "spec_from_mapping", "read_spec"]

#: Shares of the segments in a total population (2014 MKBA tool: 5% / 15% / 80%).
DEFAULT_SHARES = (0.05, 0.15, 0.80)
#: Households per FTE: midpoints of the 2014 tool's 5-7, 30-40 and 100 cases per worker.
DEFAULT_CASELOADS = (6.0, 35.0, 100.0)
#: Study characteristics that select evidence, with the vocabulary of their codes.
FILTER_VOCABULARIES = {"approach_type": "approach_types", "scale": "scales",
                       "target_breadth": "target_breadths", "household_type": "household_types",
                       "stage": "stages", "evaluation": "evaluations", "kind": "study_kinds"}
#: The cost category of the studies that is a consequence of the team's effect.
INDUCED_COST_CATEGORY = "extra_hulpverlening"

_TOP = ("name", "title", "municipality", "illustrative", "first_year", "horizon", "price_year",
        "discount_rate", "timing", "population", "team", "costs", "evidence", "effects")
_SECTIONS = {
    "population": ("households", "total", "shares"),
    "team": ("reach", "caseload", "ramp_up"),
    "costs": ("per_fte", "overhead_per_year", "overhead_share", "startup", "payers"),
    "evidence": ("studies", *CHARACTERISTICS, "method", "coverage", "induced_costs"),
    "effects": ("multiplier", "fixed"),
}
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario, checked; amounts in euros of ``price_year``, rates and shares as decimals.

    Segment tuples (``households``, ``reach``, ``caseload``, ``population_shares``) follow
    :data:`SEGMENTS` (zwaar, kwetsbaar, overig). ``households`` is resolved: the counts as given,
    or ``population_total`` times ``population_shares``. ``payers`` and ``fixed`` are tuples of
    ``(actor, share)`` and ``(category, euros per reached household per year, actor or None)``;
    ``filters`` of ``(characteristic, codes)``. ``source`` (the file) is not compared.
    Build one with :func:`spec_from_mapping` or :func:`read_spec`, which check every field.

    Examples
    --------
    >>> spec = spec_from_mapping({"municipality": "Veenwolde", "first_year": 2026,
    ...     "horizon": 5, "discount_rate": "nl-2021", "population": {"total": 1000},
    ...     "costs": {"per_fte": 80000}}, source="demo.toml")
    >>> spec.households, spec.caseload, spec.discount_rate
    ((50.0, 150.0, 800.0), (6.0, 35.0, 100.0), 0.0225)
    """

    name: str
    municipality: str
    first_year: int
    horizon: int
    price_year: int
    discount_rate: float
    cost_per_fte: float
    households: tuple[float, ...]
    title: str = ""
    illustrative: bool = False
    discount_regime: str | None = None
    timing: str = "t1"
    population_total: float | None = None
    population_shares: tuple[float, ...] | None = None
    reach: tuple[float, ...] = (1.0, 1.0, 1.0)
    caseload: tuple[float, ...] = DEFAULT_CASELOADS
    ramp_up: tuple[float, ...] = (1.0,)
    overhead_per_year: float = 0.0
    overhead_share: float = 0.0
    startup_costs: float = 0.0
    payers: tuple[tuple[str, float], ...] = (("gemeente", 1.0),)
    study_ids: tuple[str, ...] = ()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    method: str = "reml"
    coverage: float = 0.90
    induced_costs: bool = True
    multiplier: float = 1.0
    fixed: tuple[tuple[str, float, str | None], ...] = ()
    source: str = field(default="", compare=False)

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years of the horizon."""
        return tuple(range(self.first_year, self.first_year + self.horizon))

    def ramp(self) -> tuple[float, ...]:
        """The ramp-up share of every year of the horizon (the last value carries on)."""
        return tuple(self.ramp_up[min(i, len(self.ramp_up) - 1)] for i in range(self.horizon))

    def evidence_text(self) -> str:
        """The evidence selection in words (codes), e.g. ``approach_type = zorg_welzijnsteam``."""
        parts = [f"{key} = {' | '.join(codes)}" for key, codes in self.filters]
        if self.study_ids:
            parts.append("studies = " + ", ".join(self.study_ids))
        return "; ".join(parts) if parts else "all studies"

    def to_dict(self) -> dict:
        """The scenario as the mapping a TOML file holds (every field explicit).

        ``spec_from_mapping(spec.to_dict()) == spec``.
        """
        pop: dict = {"households": dict(zip(SEGMENTS, self.households, strict=True))}
        if self.population_total is not None:
            pop = {"total": self.population_total,
                   "shares": dict(zip(SEGMENTS, self.population_shares, strict=True))}
        fixed = {cat: amount if actor is None else {"amount": amount, "actor": actor}
                 for cat, amount, actor in self.fixed}
        return {
            "name": self.name, "title": self.title, "municipality": self.municipality,
            "illustrative": self.illustrative, "first_year": self.first_year,
            "horizon": self.horizon, "price_year": self.price_year,
            "discount_rate": self.discount_regime or self.discount_rate, "timing": self.timing,
            "population": pop,
            "team": {"reach": dict(zip(SEGMENTS, self.reach, strict=True)),
                     "caseload": dict(zip(SEGMENTS, self.caseload, strict=True)),
                     "ramp_up": list(self.ramp_up)},
            "costs": {"per_fte": self.cost_per_fte, "overhead_per_year": self.overhead_per_year,
                      "overhead_share": self.overhead_share, "startup": self.startup_costs,
                      "payers": dict(self.payers)},
            "evidence": {**({"studies": list(self.study_ids)} if self.study_ids else {}),
                         **{k: list(v) for k, v in self.filters}, "method": self.method,
                         "coverage": self.coverage, "induced_costs": self.induced_costs},
            "effects": {"multiplier": self.multiplier, "fixed": fixed},
        }

    def summary(self) -> dict:
        """Plain values of every field (tuples as lists), for JSON and tables."""
        return {k: v for k, v in asdict(self).items() if k != "source"} | {"source": self.source}


class _Checker:
    """Reads fields of one mapping and raises InputError naming file, field and what is allowed."""

    def __init__(self, source: str, locations: dict | None):
        self.source = source or "<scenario>"
        self.locations = locations or {}

    def where(self, key: str) -> str:
        cell = self.locations.get(key)
        return f"{cell} ({key})" if cell else f"{self.source}: {key}"

    def fail(self, key: str, message: str):
        raise InputError(f"{self.where(key)}: {message}")

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

    def number(self, value, key: str, *, low: float | None = 0.0, high: float | None = None,
               above: bool = False, what: str = "a number") -> float:
        ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)
        if ok:
            x = float(value)
            ok = (low is None or (x > low if above else x >= low)) and (high is None or x <= high)
        if not ok:
            bounds = []
            if low is not None:
                bounds.append(f"{'>' if above else '>='} {low:g}")
            if high is not None:
                bounds.append(f"<= {high:g}")
            self.bad(key, value, f"give {what}" + (f", {' and '.join(bounds)}" if bounds else ""))
        return x

    def integer(self, value, key: str, low: int, high: int, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
            self.bad(key, value, f"give {what}: a whole number from {low} to {high}")
        return int(value)

    def text(self, value, key: str, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.bad(key, value, f"give {what} as text")
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


def _required(c: _Checker, data: dict, key: str, what: str):
    if key not in data or data[key] is None:
        c.fail(key, f"is missing; give {what}")
    return data[key]


def _segments(c: _Checker, data, key: str, default: float | None, **bounds) -> tuple:
    """A per-segment table -> tuple in SEGMENTS order; missing segments get ``default``."""
    out = dict.fromkeys(SEGMENTS, default)
    if not isinstance(data, dict):
        c.bad(key, data, f"give a table with the segments {', '.join(SEGMENTS)}")
    for name, value in data.items():
        segment = vocabulary("segments").lookup(name)
        if segment is None:
            c.fail(f"{key}.{name}", f"unknown segment {name!r}; use {', '.join(SEGMENTS)}")
        out[segment] = c.number(value, f"{key}.{segment}", **bounds)
    return tuple(out[s] for s in SEGMENTS)


def _population(c: _Checker, data) -> tuple:
    pop = c.table(data, "population", _SECTIONS["population"])
    has_counts, has_total = "households" in pop, "total" in pop
    if has_counts == has_total:
        c.fail("population", "give either households per segment (population.households) or a "
               "total (population.total, with optional population.shares), not "
               f"{'both' if has_counts else 'neither'}")
    if has_counts:
        if "shares" in pop:
            c.fail("population.shares", "shares go with population.total, not with households "
                   "per segment")
        counts = _segments(c, pop["households"], "population.households", 0.0,
                           what="a number of households")
        return counts, None, None
    total = c.number(pop["total"], "population.total", what="a number of households")
    shares = DEFAULT_SHARES
    if "shares" in pop:
        shares = _segments(c, pop["shares"], "population.shares", 0.0, high=1.0,
                           what="a share of the total (0.05 for 5%)")
        if sum(shares) > 1 + _TOLERANCE:
            c.fail("population.shares", f"the shares add up to {sum(shares):g}; they may add up "
                   "to at most 1 (the whole population)")
    return tuple(total * s for s in shares), total, shares


def _rate(c: _Checker, value) -> tuple[float, str | None]:
    allowed = ("give a regime code (" + ", ".join(discount_regimes()) + "), a decimal such as "
               "0.0225 or a percentage such as '2.25%'")
    if isinstance(value, bool) or not isinstance(value, str | Real):
        c.bad("discount_rate", value, allowed)
    try:
        rate = parse_rate(str(value)) if isinstance(value, str) else parse_rate(repr(value))
    except ArgumentError:
        c.bad("discount_rate", value, allowed)
    if rate is None:
        c.bad("discount_rate", value, allowed + " (a scenario has no 'own' rate)")
    if isinstance(rate, str):
        return discount_regimes()[rate]["rate"], rate
    return rate, None


def _ramp_up(c: _Checker, value, horizon: int) -> tuple:
    if not isinstance(value, list | tuple) or not value:
        c.bad("team.ramp_up", value, "give a list of shares of full reach per year, e.g. "
              "[0.5, 0.8, 1.0]")
    if len(value) > horizon:
        c.fail("team.ramp_up", f"has {len(value)} values but the horizon is {horizon} years; "
               "give at most one share per year")
    return tuple(c.number(v, f"team.ramp_up[{i}]", high=1.0, what="a share of full reach")
                 for i, v in enumerate(value))


def _payers(c: _Checker, value) -> tuple:
    table = c.table(value, "costs.payers", tuple(value) if isinstance(value, dict) else ())
    shares: dict[str, float] = {}
    for name, share in table.items():
        actor = c.code(name, f"costs.payers.{name}", "actors")
        shares[actor] = shares.get(actor, 0.0) + c.number(
            share, f"costs.payers.{name}", high=1.0, what="a share of the costs")
    if not shares or abs(sum(shares.values()) - 1) > 1e-6:
        c.fail("costs.payers", f"the shares add up to {sum(shares.values()):g}; they must add up "
               "to 1 (e.g. {gemeente = 0.8, zorgverzekeraar = 0.2})")
    order = vocabulary("actors").codes
    return tuple((a, shares[a]) for a in order if a in shares and shares[a] > 0)


def _evidence(c: _Checker, data) -> dict:
    ev = c.table(data, "evidence", _SECTIONS["evidence"])
    out: dict = {}
    if "studies" in ev:
        ids = ev["studies"]
        ids = [ids] if isinstance(ids, str) else ids
        if not isinstance(ids, list | tuple) or not ids or \
                not all(isinstance(i, str) and i.strip() for i in ids):
            c.bad("evidence.studies", ev["studies"], "give a list of study ids")
        out["study_ids"] = tuple(dict.fromkeys(i.strip() for i in ids))
    filters = []
    for key in CHARACTERISTICS:
        if key not in ev:
            continue
        values = [ev[key]] if isinstance(ev[key], str) else ev[key]
        if not isinstance(values, list | tuple) or not values:
            c.bad(f"evidence.{key}", ev[key], f"give a code of {FILTER_VOCABULARIES[key]} or a "
                  "list of codes")
        codes = {c.code(v, f"evidence.{key}", FILTER_VOCABULARIES[key]) for v in values}
        order = vocabulary(FILTER_VOCABULARIES[key]).codes
        filters.append((key, tuple(code for code in order if code in codes)))
    out["filters"] = tuple(filters)
    if "method" in ev:
        if ev["method"] not in METHODS:
            c.bad("evidence.method", ev["method"], f"use one of {', '.join(METHODS)}")
        out["method"] = ev["method"]
    if "coverage" in ev:
        out["coverage"] = c.number(ev["coverage"], "evidence.coverage", low=0.0, high=0.999,
                                   above=True, what="the share of a study's uncertainty its "
                                   "sensitivity range covers (0.90)")
    if "induced_costs" in ev:
        out["induced_costs"] = c.flag(ev["induced_costs"], "evidence.induced_costs")
    return out


def _effects(c: _Checker, data) -> dict:
    eff = c.table(data, "effects", _SECTIONS["effects"])
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
            value, key, what="euros per reached household per year"), actor)
    order = vocabulary("benefit_categories").codes
    out["fixed"] = tuple(rows[cat] for cat in order if cat in rows)
    return out


def spec_from_mapping(data, *, source: str = "", locations: dict | None = None,
                      default_name: str = "scenario") -> ScenarioSpec:
    """Check a scenario given as a mapping (the contents of a TOML file) and return it.

    Parameters
    ----------
    data : dict
        Keys as in ``scenarios/README.md``.
    source : str
        The file, for messages.
    locations : dict, optional
        Dotted field name -> cell (``file.xlsx!Sheet!B3``), for messages about workbook input.
    default_name : str
        The name when ``data`` has none (:func:`read_spec` passes the file name's stem).

    Returns
    -------
    ScenarioSpec

    Raises
    ------
    InputError
        For a missing field, an unknown key, a value of the wrong type or out of range; the
        message names the file, the field and what is allowed.

    Examples
    --------
    >>> data = {"municipality": "Veenwolde", "first_year": 2026, "horizon": 5,
    ...         "discount_rate": 0.03, "population": {"households": {"zwaar": 120}},
    ...         "team": {"caseload": {"zwaar": 0}}, "costs": {"per_fte": 80000}}
    >>> spec_from_mapping(data, source="zwaar.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.InputError: zwaar.toml: team.caseload.zwaar: 0 is not allowed; give households per FTE, > 0
    """  # noqa: E501
    c = _Checker(source, locations)
    data = c.table(data, "", _TOP)
    sections = {s: data.get(s, {}) for s in ("team", "costs", "evidence", "effects")}
    team = c.table(sections["team"], "team", _SECTIONS["team"])
    costs = c.table(sections["costs"], "costs", _SECTIONS["costs"])
    name = data.get("name", default_name)
    municipality = c.text(_required(c, data, "municipality", "the municipality's name (text)"),
                          "municipality", "the municipality's name")
    first_year = c.integer(_required(c, data, "first_year", "the calendar year the team starts"),
                           "first_year", 1900, 2200, "the calendar year the team starts")
    horizon = c.integer(_required(c, data, "horizon", "the number of years to appraise"),
                        "horizon", 1, 100, "the number of years to appraise")
    rate, regime = _rate(c, _required(c, data, "discount_rate", "a regime code such as "
                                      "'nl-2021', or a decimal rate such as 0.0225"))
    price_year = latest_price_year()
    if "price_year" in data:
        known = cpi_changes()
        price_year = c.integer(data["price_year"], "price_year", min(known), max(known),
                               "a year of the CPI table (mkba/data/cpi_nl.csv)")
    timing = data.get("timing", "t1")
    if timing not in TIMINGS:
        c.bad("timing", timing, f"use {' or '.join(TIMINGS)} (see mkba.economics)")
    households, total, shares = _population(
        c, _required(c, data, "population", "households per segment or a total"))
    if costs.get("per_fte") is None:
        c.fail("costs.per_fte", "is missing; give the yearly cost of one FTE in euros")
    per_fte = c.number(costs["per_fte"], "costs.per_fte", what="euros per FTE per year")
    fields_: dict = {
        "name": c.text(name, "name", "a short name for the scenario"),
        "title": c.text(data["title"], "title", "a title") if data.get("title") else "",
        "municipality": municipality, "first_year": first_year, "horizon": horizon,
        "price_year": price_year, "discount_rate": rate, "discount_regime": regime,
        "timing": timing, "households": households, "population_total": total,
        "population_shares": shares, "cost_per_fte": per_fte,
    }
    if "illustrative" in data:
        fields_["illustrative"] = c.flag(data["illustrative"], "illustrative")
    if "reach" in team:
        fields_["reach"] = _segments(c, team["reach"], "team.reach", 1.0, high=1.0,
                                     what="the share of the segment reached at full operation")
    if "caseload" in team:
        fields_["caseload"] = _segments(c, team["caseload"], "team.caseload", None, above=True,
                                        what="households per FTE")
        fields_["caseload"] = tuple(d if v is None else v for v, d in
                                    zip(fields_["caseload"], DEFAULT_CASELOADS, strict=True))
    if "ramp_up" in team:
        fields_["ramp_up"] = _ramp_up(c, team["ramp_up"], horizon)
    for key, name_ in (("overhead_per_year", "overhead_per_year"), ("startup", "startup_costs")):
        if key in costs:
            fields_[name_] = c.number(costs[key], f"costs.{key}", what="euros")
    if "overhead_share" in costs:
        fields_["overhead_share"] = c.number(costs["overhead_share"], "costs.overhead_share",
                                             what="a share of the staff costs (0.15 for 15%)")
    if "payers" in costs:
        fields_["payers"] = _payers(c, costs["payers"])
    fields_.update(_evidence(c, sections["evidence"]))
    fields_.update(_effects(c, sections["effects"]))
    return ScenarioSpec(**fields_, source=source)


def read_spec(path: str | Path) -> ScenarioSpec:
    """Read a scenario from a TOML file or from a filled input workbook (``.xlsx``).

    The name defaults to the file name without its extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "klein.toml"
    >>> _ = path.write_text('''municipality = "Veenwolde"
    ... first_year = 2026
    ... horizon = 5
    ... discount_rate = "3%"
    ... [population]
    ... households = {kwetsbaar = 700}
    ... [costs]
    ... per_fte = 80_000
    ... ''', encoding="utf-8")
    >>> spec = read_spec(path)
    >>> spec.name, spec.households, spec.discount_rate
    ('klein', (0.0, 700.0, 0.0), 0.03)
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from mkba.io.scenario_xlsx import read_scenario_workbook

        return read_scenario_workbook(path)
    if path.suffix.lower() != ".toml":
        raise InputError(f"{path}: a scenario is a .toml file or an .xlsx input workbook "
                         "(mkba scenario-template)")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the file is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    return spec_from_mapping(data, source=str(path), default_name=path.stem)
