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

Price years after the last year of the CBS price index (:func:`mkba.reference.cpi_years`) are
allowed under one stated rule (:attr:`ScenarioSpec.index_year`): the studies' amounts are
brought to the prices of the last CPI year and counted as euros of the price year, with no
extrapolation of inflation beyond it (0% a year after the last CPI year). The scenario's own
amounts are read as euros of the price year, as always, and the result warns
(:func:`mkba.scenario.cautions.input_warnings`).

Every problem raises :class:`mkba.errors.InputError` naming the file, the field, what was found
and what is allowed, in Dutch and English (:class:`mkba.messages.Text`): every number finite
and within the range of its field (:data:`RANGES`), the horizon at most
:data:`~mkba.limits.MAX_HORIZON` years, texts without control characters. Files are read by
:func:`mkba.io.source_file.read_source` (a regular file of at most
:data:`~mkba.limits.MAX_TEXT_FILE_BYTES`; no pipe or device) and TOML within
:data:`~mkba.limits.MAX_TOML_DEPTH` levels of nesting.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from mkba.basis import Basis
from mkba.discounting import TIMINGS
from mkba.limits import MAX_HORIZON, MAX_YEAR, MIN_YEAR
from mkba.messages import Text
from mkba.prices import latest_price_year
from mkba.reference import cpi_changes, cpi_years
from mkba.scenario import _checks as ck
from mkba.scenario import _sections as sec
from mkba.scenario._checks import (
    DEFAULT_CASELOADS,
    DEFAULT_SHARES,
    SECTION_KEYS,
    TOP_KEYS,
    Checker,
)
from mkba.schema import SEGMENTS

__all__ = ["ScenarioSpec", "spec_from_mapping"]


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario, checked; amounts in euros of ``price_year``, rates and shares as decimals.

    Segment tuples (``households``, ``reach``, ``caseload``, ``population_shares``) follow
    :data:`SEGMENTS` (zwaar, kwetsbaar, overig). ``households`` is resolved: the counts as given,
    or ``population_total`` times ``population_shares``. ``payers`` and ``fixed`` are tuples of
    ``(actor, share)`` and ``(category, euros per reached household per year, actor or None)``;
    ``filters`` of ``(characteristic, codes)``. ``reach`` has no default (a segment the file
    does not name is not reached). ``negative_draws`` says what the Monte Carlo does with a
    draw of the benefit per household below 0 (:data:`NEGATIVE_DRAWS`); ``segment_split`` which
    plausible split of the segments the headline uses and ``per_segment`` the municipality's own
    benefit per reached household per segment (None where not given), see
    :mod:`mkba.scenario.segments`; ``caseload_elasticity`` ties the effect per household to the
    caseload (None: no link, :mod:`mkba.scenario.caseload`). ``effect_lag`` is the share of the
    full effect per year (the last value carries on), separate from the ramp-up of reach;
    ``friction`` one-off transition costs per year from the first (then 0); ``extra_care`` a
    local cost of the extra care brought to light, ``(euros per reached household per year,
    actor or None)``, replacing the pooled one; ``indexation`` the real yearly growth of the
    running costs (staff and overhead). ``defaulted`` names the
    fields the file did not give and that took a default (:data:`DEFAULTED`, e.g.
    ``team.caseload.zwaar``): a result that rests on one says so. ``source`` (the file) is not
    compared.
    Build one with :func:`spec_from_mapping` or :func:`read_spec`, which check every field.

    Examples
    --------
    >>> spec = spec_from_mapping({"municipality": "Veenwolde", "first_year": 2026,
    ...     "horizon": 5, "discount_rate": "nl-2021", "population": {"total": 1000},
    ...     "team": {"reach": {"zwaar": 1.0, "kwetsbaar": 0.5}},
    ...     "costs": {"per_fte": 80000}}, source="demo.toml")
    >>> spec.households, spec.reach, spec.caseload, spec.discount_rate
    ((50.0, 150.0, 800.0), (1.0, 0.5, 0.0), (6.0, 35.0, 100.0), 0.0225)
    >>> spec.defaulted[:3]
    ('price_year', 'population.shares', 'team.caseload.zwaar')
    """

    name: str
    municipality: str
    first_year: int
    horizon: int
    price_year: int
    discount_rate: float
    cost_per_fte: float
    households: tuple[float, ...]
    reach: tuple[float, ...]
    title: str = ""
    illustrative: bool = False
    discount_regime: str | None = None
    timing: str = "t1"
    population_total: float | None = None
    population_shares: tuple[float, ...] | None = None
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
    negative_draws: str = "zero"
    segment_split: str = "proportional"
    per_segment: tuple[float | None, ...] | None = None
    caseload_elasticity: float | None = None
    effect_lag: tuple[float, ...] = (1.0,)
    friction: tuple[float, ...] = ()
    extra_care: tuple[float, str | None] | None = None
    indexation: float = 0.0
    defaulted: tuple[str, ...] = ()
    source: str = field(default="", compare=False)

    @property
    def index_year(self) -> int:
        """The year whose prices the studies' amounts are brought to: the price year, or the
        last year of the CBS price index when the price year is later (no extrapolation; see
        the module docstring).

        Examples
        --------
        >>> from mkba.reference import cpi_years
        >>> s = ScenarioSpec("s", "Veenwolde", 2026, 5, cpi_years()[1] + 3, 0.03, 80000.0,
        ...                  (10.0, 0.0, 0.0), (1.0, 0.0, 0.0))
        >>> s.index_year == cpi_years()[1]
        True
        """
        return min(self.price_year, cpi_years()[1])

    @property
    def basis(self) -> Basis:
        """The scenario's rate, horizon and timing as one :class:`Basis`, on the prices of
        :attr:`index_year` (the basis the studies are appraised on)."""
        return Basis(price_year=self.index_year, rate=self.discount_rate,
                     regime=self.discount_regime, horizon=self.horizon, timing=self.timing)

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years of the horizon."""
        return tuple(range(self.first_year, self.first_year + self.horizon))

    def ramp(self) -> tuple[float, ...]:
        """The ramp-up share of every year of the horizon (the last value carries on)."""
        return tuple(self.ramp_up[min(i, len(self.ramp_up) - 1)] for i in range(self.horizon))

    def lag(self) -> tuple[float, ...]:
        """The share of the full effect in every year of the horizon (the last value carries
        on)."""
        return tuple(self.effect_lag[min(i, len(self.effect_lag) - 1)]
                     for i in range(self.horizon))

    def evidence_selection(self) -> Text:
        """The evidence selection in words (codes), e.g. ``approach_type = zorg_welzijnsteam``;
        without a selection 'alle studies' ('all studies' in English)."""
        parts = [f"{key} = {' | '.join(codes)}" for key, codes in self.filters]
        if self.study_ids:
            parts.append("studies = " + ", ".join(self.study_ids))
        return Text.same("; ".join(parts)) if parts else Text("alle studies", "all studies")

    def evidence_text(self, lang: str = "nl") -> str:
        """:meth:`evidence_selection` in ``lang``."""
        return self.evidence_selection().render(lang)

    def to_dict(self) -> dict:
        """The scenario as the mapping a TOML file holds: every field explicit, except a field
        of :attr:`defaulted` that still has its default (so that it stays one).

        ``spec_from_mapping(spec.to_dict()) == spec``.
        """
        kept = self._defaults_kept()
        pop: dict = {"households": dict(zip(SEGMENTS, self.households, strict=True))}
        if self.population_total is not None:
            pop = {"total": self.population_total}
            if "population.shares" not in kept:
                pop["shares"] = dict(zip(SEGMENTS, self.population_shares, strict=True))
        caseload = {s: v for s, v in zip(SEGMENTS, self.caseload, strict=True)
                    if f"team.caseload.{s}" not in kept}
        team = {"reach": dict(zip(SEGMENTS, self.reach, strict=True)),
                **({"caseload": caseload} if caseload else {}),
                **({} if "team.ramp_up" in kept else {"ramp_up": list(self.ramp_up)})}
        fixed = {cat: amount if actor is None else {"amount": amount, "actor": actor}
                 for cat, amount, actor in self.fixed}
        return {
            "name": self.name, "title": self.title, "municipality": self.municipality,
            "illustrative": self.illustrative, "first_year": self.first_year,
            "horizon": self.horizon,
            **({} if "price_year" in kept else {"price_year": self.price_year}),
            "discount_rate": self.discount_regime or self.discount_rate, "timing": self.timing,
            "population": pop, "team": team,
            "costs": {"per_fte": self.cost_per_fte, "overhead_per_year": self.overhead_per_year,
                      "overhead_share": self.overhead_share, "startup": self.startup_costs,
                      "payers": dict(self.payers), "indexation": self.indexation,
                      **({"friction": list(self.friction)} if self.friction else {}),
                      **({} if self.extra_care is None else {"extra_care": {
                          "amount": self.extra_care[0],
                          **({"actor": self.extra_care[1]} if self.extra_care[1] else {})}})},
            "evidence": {**({"studies": list(self.study_ids)} if self.study_ids else {}),
                         **{k: list(v) for k, v in self.filters}, "method": self.method,
                         "coverage": self.coverage, "induced_costs": self.induced_costs},
            "effects": {"multiplier": self.multiplier, "fixed": fixed,
                        "negative_draws": self.negative_draws,
                        "segment_split": self.segment_split, "lag": list(self.effect_lag),
                        **({} if self.caseload_elasticity is None else {
                            "caseload_elasticity": self.caseload_elasticity}),
                        **({} if self.per_segment is None else {"per_segment": {
                            s: v for s, v in zip(SEGMENTS, self.per_segment, strict=True)
                            if v is not None}})},
        }

    def _defaults_kept(self) -> set[str]:
        """The fields of :attr:`defaulted` whose value is still the default (a spec changed
        with ``dataclasses.replace`` keeps its new value)."""
        now = {"price_year": self.price_year == latest_price_year(),
               "population.shares": self.population_shares == DEFAULT_SHARES,
               "team.ramp_up": self.ramp_up == (1.0,)}
        now |= {f"team.caseload.{s}": v == d for s, v, d in
                zip(SEGMENTS, self.caseload, DEFAULT_CASELOADS, strict=True)}
        return {f for f in self.defaulted if now.get(f, False)}

    def summary(self) -> dict:
        """Plain values of every field (tuples as lists), for JSON and tables."""
        return {k: v for k, v in asdict(self).items() if k != "source"} | {"source": self.source}


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
        For a missing field, an unknown key, a value of the wrong type or out of range: every
        such problem at once, each naming the file (or cell), the field and what is allowed;
        ``report`` holds an issue per problem.

    Examples
    --------
    >>> data = {"municipality": "Veenwolde", "first_year": 2026, "horizon": 5,
    ...         "discount_rate": 0.03, "population": {"households": {"zwaar": 120}},
    ...         "team": {"caseload": {"zwaar": 0}}, "costs": {"per_fte": 80000}}
    >>> spec_from_mapping(data, source="zwaar.toml")  # every problem at once
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.errors.InputError: 2 problemen in zwaar.toml:
      zwaar.toml: team.caseload.zwaar: 0 is niet toegestaan; geef huishoudens per fte, >= 0,1 en <= 10.000
      zwaar.toml: team.reach: ontbreekt; geef per segment het deel dat het team bij volle inzet bereikt, ...
    """  # noqa: E501
    return checked_spec(Checker(source, locations), data, default_name)


def checked_spec(c: Checker, data, default_name: str = "scenario") -> ScenarioSpec:
    """:func:`spec_from_mapping` with the checker ``c`` (which may carry the problems found
    before, e.g. the workbook reader's unreadable cells): every field is checked, every problem
    logged, and all are raised together (:meth:`Checker.raise_all`)."""
    try:
        spec = _spec(c, data, default_name)
    except ck.Failed:  # a problem that stops every later check (e.g. not a table at all)
        spec = None
    c.raise_all()
    return spec


def _per_key(c: Checker, check, table: dict, keys) -> dict:
    """The fields of one section, each key checked on its own (a key with a problem does not
    stop the others: each is a cell of its own in the workbook) and the results merged:
    ``check({})`` gives the section's defaults, the evidence filters are joined in order."""
    out = dict(check({}))
    for key in keys:
        if key not in table:
            continue
        part = c.attempt(check, {key: table[key]})
        for name, value in (part or {}).items():
            if name == "filters":
                out[name] = out.get(name, ()) + value
            elif name == "fixed" and not value:
                out.setdefault(name, value)
            else:
                out[name] = value
    return out


def _spec(c: Checker, data, default_name: str) -> ScenarioSpec | None:
    """The checked fields as a ScenarioSpec; None when a problem was logged. A field that
    failed is left out and every check that needs it skipped (its problem is named once)."""
    source = c.source if c.source != "<scenario>" else ""
    data = c.table(data, "", TOP_KEYS)
    sections = {s: data.get(s, {}) for s in ("team", "costs", "evidence", "effects")}
    # a section that is not a table is named once: the checks of its fields are skipped
    team = c.attempt(c.table, sections["team"], "team", SECTION_KEYS["team"])
    costs = c.attempt(c.table, sections["costs"], "costs", SECTION_KEYS["costs"])
    team_ok, costs_ok = team is not None, costs is not None
    team, costs = team or {}, costs or {}
    name = data.get("name", default_name)
    town = Text("de naam van de gemeente", "the municipality's name")
    municipality = c.attempt(lambda: c.text(ck.required(c, data, "municipality", Text(
        "{town} (tekst)", "{town} (text)", town=town)), "municipality", town))
    start = Text("het kalenderjaar waarin het team start", "the calendar year the team starts")
    first_year = c.attempt(lambda: c.integer(ck.required(c, data, "first_year", start),
                                             "first_year", MIN_YEAR, MAX_YEAR, start))
    years = Text("het aantal jaren dat wordt doorgerekend", "the number of years to appraise")
    horizon = c.attempt(lambda: c.integer(ck.required(c, data, "horizon", years), "horizon", 1,
                                          MAX_HORIZON, years))
    rate_regime = c.attempt(lambda: sec.rate(c, ck.required(c, data, "discount_rate", Text(
        "een regimecode zoals 'nl-2021' of een decimale voet zoals 0.0225",
        "a regime code such as 'nl-2021', or a decimal rate such as 0.0225"))),
        default=(None, None))
    price_year = latest_price_year()
    if "price_year" in data:
        known = cpi_changes()
        price_year = c.attempt(c.integer, data["price_year"], "price_year", min(known),
                               MAX_YEAR, Text(
            "een jaar vanaf het eerste jaar van de CPI-tabel (mkba/data/cpi_nl.csv); na het "
            "laatste jaar gelden de prijzen van dat laatste jaar", "a year from the first year "
            "of the CPI table (mkba/data/cpi_nl.csv); after its last year the prices of that "
            "last year apply"))
    timing = data.get("timing", "t1")
    if timing not in TIMINGS:
        first, second = TIMINGS
        c.attempt(c.bad, "timing", timing, Text("gebruik {first} of {second} (zie "
                                                "mkba.appraisal)", "use {first} or {second} "
                                                "(see mkba.appraisal)", first=first,
                                                second=second))
    population = c.attempt(lambda: sec.population(c, ck.required(c, data, "population", Text(
        "huishoudens per segment of een totaal", "households per segment or a total"))))
    households, total, shares = population or (None, None, None)

    def cost_per_fte():
        if costs.get("per_fte") is None:
            c.fail("costs.per_fte", Text("ontbreekt; geef de jaarlijkse kosten van één fte in "
                                         "euro's", "is missing; give the yearly cost of one FTE "
                                         "in euros"), code="missing_field")
        return c.number(costs["per_fte"], "costs.per_fte",
                        what=Text("euro's per fte per jaar", "euros per FTE per year"))

    fields_: dict = {
        "name": c.attempt(c.text, name, "name", Text("een korte naam voor het scenario",
                                                     "a short name for the scenario")),
        "title": c.attempt(c.text, data["title"], "title", Text("een titel", "a title"))
        if data.get("title") else "",
        "municipality": municipality, "first_year": first_year, "horizon": horizon,
        "price_year": price_year, "discount_rate": rate_regime[0],
        "discount_regime": rate_regime[1], "timing": timing, "households": households,
        "population_total": total, "population_shares": shares,
        "cost_per_fte": c.attempt(cost_per_fte) if costs_ok else None,
    }
    if "illustrative" in data:
        fields_["illustrative"] = c.attempt(c.flag, data["illustrative"], "illustrative")
    defaulted = [] if "price_year" in data else ["price_year"]
    if total is not None and "shares" not in data["population"]:
        defaulted.append("population.shares")
    caseload = (None,) * len(SEGMENTS)
    if "caseload" in team:
        caseload = c.attempt(ck.segments, c, team["caseload"], "team.caseload", None,
                             what=Text("huishoudens per fte", "households per FTE"),
                             default=caseload)
    defaulted += [f"team.caseload.{s}" for s, v in zip(SEGMENTS, caseload, strict=True)
                  if v is None]
    fields_["caseload"] = tuple(d if v is None else v for v, d in
                                zip(caseload, DEFAULT_CASELOADS, strict=True))
    # a horizon that failed: the yearly lists are checked against the longest one allowed
    years_max = MAX_HORIZON if horizon is None else horizon
    if "ramp_up" not in team:
        defaulted.append("team.ramp_up")
    else:
        fields_["ramp_up"] = c.attempt(sec.ramp_up, c, team["ramp_up"], years_max)
    for key, name_ in (("overhead_per_year", "overhead_per_year"), ("startup", "startup_costs")):
        if key in costs:
            fields_[name_] = c.attempt(c.number, costs[key], f"costs.{key}",
                                       what=Text("euro's", "euros"))
    if "overhead_share" in costs:
        fields_["overhead_share"] = c.attempt(
            c.number, costs["overhead_share"], "costs.overhead_share",
            what=Text("een deel van de personeelskosten (0.15 voor 15%)", "a share of the staff "
                      "costs (0.15 for 15%)"))
    if "payers" in costs:
        fields_["payers"] = c.attempt(sec.payers, c, costs["payers"])
    if costs_ok:
        fields_.update(_per_key(c, lambda part: sec.costs_extra(c, part, years_max), costs,
                                ("friction", "extra_care", "indexation")))
    evidence = c.attempt(c.table, sections["evidence"], "evidence", SECTION_KEYS["evidence"])
    if evidence is not None:
        fields_.update(_per_key(c, lambda part: sec.evidence(c, part), evidence,
                                SECTION_KEYS["evidence"]))
    effects_ = c.attempt(c.table, sections["effects"], "effects", SECTION_KEYS["effects"])
    if effects_ is not None:
        fields_.update(_per_key(c, lambda part: sec.effects(c, part), effects_,
                                tuple(k for k in SECTION_KEYS["effects"] if k != "lag")))
    effects = sections["effects"]
    if isinstance(effects, dict) and "lag" in effects:
        fields_["effect_lag"] = c.attempt(sec.ramp_up, c, effects["lag"], years_max,
                                          "effects.lag", Text("het volledige effect",
                                                              "the full effect"))
    if "extra_care" in fields_ and not fields_.get("induced_costs", True):
        c.note("costs.extra_care", Text(
            "een eigen bedrag voor extra hulpverlening gaat niet samen met "
            "evidence.induced_costs = false; laat een van beide weg", "a local amount for "
            "additional assistance does not go with evidence.induced_costs = false; leave out "
            "one of them"))
    if households is not None and team_ok:  # the reach is checked against the population
        fields_["reach"] = c.attempt(sec.reach, c, team, households)
    if c.failed:
        return None
    return ScenarioSpec(**fields_, defaulted=tuple(defaulted), source=source)
