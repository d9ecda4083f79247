"""Run a municipal scenario on the pooled evidence: costs and benefits per actor, with Monte Carlo.

The deterministic part (all amounts in euros of the scenario's price year, year ``t = 0`` is
``first_year``):

- reached households ``R_st = households_s * reach_s * ramp_t`` per segment ``s`` (not rounded);
  ``ramp_t`` is the ramp-up share of year ``t``, its last value carrying on;
- FTE ``F_t = sum_s R_st / caseload_s``; staff costs ``F_t * cost_per_fte``; overhead
  ``overhead_per_year + overhead_share * staff costs``; start-up costs in year 0 only. These team
  costs are split over the payers (default: all to the municipality, gemeente);
- the team's benefit per reached household ``B = sum_s r_s f_s b_s`` from the benefit per
  segment ``b_s`` (:mod:`mkba.scenario.segments`: a meta-regression of the studies' equivalent
  annual benefit per household on their mix of segments, under the plausible splits where the
  studies cannot separate the segments), ``r_s`` the segment's share of the households reached
  and ``f_s`` its caseload factor;
- benefits of category ``c`` for actor ``a``: ``R_t * multiplier * B * w_ca`` with ``w_ca`` the
  share of ``(c, a)`` in the team's benefits, following its segment mix: per segment from the
  category's own segment effects where the studies allow, else the pooled share
  (:attr:`ScenarioEvidence.composition`) with the total's split over the segments
  (:func:`mkba.scenario.segments.scenario_composition`; the notes say which), or
  ``R_t * amount`` for a category with a fixed local amount (split over actors as the evidence
  splits that category, or all to the actor given); the multiplier is not applied to fixed
  amounts. With ``induced_costs`` the pooled additional assistance per household ``R_t * k_a``
  is a cost of the actors who bear it in the studies;
- present values at the scenario's rate and timing (:func:`mkba.appraisal.npv`); net per actor;
  the ratio; the payback year (first year from which the cumulative discounted net stays >= 0);
  the municipality's budget effect in year 2 (its benefits minus its costs in ``first_year + 1``,
  undiscounted, as Uitvoer B of the 2014 tool); the break-even effect ``PV costs / PV benefits``
  (the factor on all benefits at which the net is 0).

The Monte Carlo (:mod:`mkba.scenario.montecarlo`) draws the benefit per reached household ``B``
from its prediction distribution (the between-study spread, not only the standard error of the
mean) and scales every benefit from the evidence by it; fixed local amounts and costs stay as
they are. So ``net_a = PVB_unit_a * B + PVB_fixed_a - PVC_a`` per draw, for all actors at once
(vectorised), with ``PVB_unit_a`` the present value of actor ``a``'s benefits per euro of
``B``. One draw is one possible true effect, shared by all actors and, with the same seed, by
all scenarios (common random numbers). A draw below 0 is set to 0 (no effect) or kept (harm),
as ``effects.negative_draws`` says, and the result reports the share of such draws.

Every result carries its warnings (:mod:`mkba.scenario.cautions`): defaults it rests on,
implausible inputs, few studies, tau² = 0, categories not pooled, segments the evidence cannot
separate (with the range over the plausible splits), draws below 0.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
import pandas as pd

from mkba.discounting import discount_factors, payback_year
from mkba.errors import ArgumentError, InputError
from mkba.messages import Text
from mkba.phrases import short_repr as show
from mkba.pooling import check_draws, check_seed
from mkba.scenario import caseload, cautions, flows, montecarlo, segments
from mkba.scenario.evidence import ScenarioEvidence, pooled_evidence
from mkba.scenario.result import MUNICIPALITY, ScenarioResult
from mkba.scenario.spec import ScenarioSpec, spec_from_mapping
from mkba.schema import SEGMENTS, Study
from mkba.text_clean import printable

__all__ = ["run_scenario", "select_studies"]


def select_studies(spec: ScenarioSpec, studies) -> list[Study]:
    """The studies a scenario's evidence selection picks, in the order given.

    Named ids must all exist; every characteristic filter must match (codes within one filter
    are alternatives). Fewer than two studies is an :class:`InputError`.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/hoogmeer-2013.xlsx",
    ...                         "studies/lindemonde-2013.xlsx"])
    >>> spec = spec_from_mapping({"municipality": "X", "first_year": 2026, "horizon": 3,
    ...     "discount_rate": 0.03, "population": {"total": 100},
    ...     "team": {"reach": {"zwaar": 1.0}}, "costs": {"per_fte": 1.0},
    ...     "evidence": {"target_breadth": "zware_problematiek"}}, source="x.toml")
    >>> [s.id for s in select_studies(spec, studies)]
    ['duinhaven-2010', 'lindemonde-2013']
    """
    studies = list(studies)
    for s in studies:
        if not isinstance(s, Study):
            raise ArgumentError(Text("studies mag alleen Study-objecten bevatten "
                                     "(mkba.read_studies); gevonden: {type}", "studies must hold "
                                     "Study objects (mkba.read_studies); got {type}",
                                     type=type(s).__name__))
    where = _where(spec)
    known = {s.id for s in studies}
    missing = [i for i in spec.study_ids if i not in known]
    if missing:
        raise InputError(Text("{where}: evidence.studies: onbekend studie-id {id!r}; bekend: "
                              "{known}", "{where}: evidence.studies: unknown study id {id!r}; "
                              "known: {known}", where=where, id=missing[0], known=sorted(known)))
    chosen = [s for s in studies if not spec.study_ids or s.id in spec.study_ids]
    for key, codes in spec.filters:
        chosen = [s for s in chosen if getattr(s, key) in codes]
    if len(chosen) < 2:
        field = "evidence" if not spec.filters else "evidence." + spec.filters[-1][0]
        raise InputError(Text(
            "{where}: {field}: de selectie ({selection}) geeft {n} {studies}{ids}; poolen vraagt "
            "er ten minste 2: maak de selectie ruimer", "{where}: {field}: the selection "
            "({selection}) gives {n} {studies}{ids}; pooling needs at least 2: widen the "
            "selection", where=where, field=field, selection=spec.evidence_selection(),
            n=len(chosen), studies=_studies(len(chosen)),
            ids=f" ({chosen[0].id})" if chosen else ""))
    return chosen


def _where(spec: ScenarioSpec) -> str:
    """The scenario's file (or name) for messages, control characters escaped."""
    return printable(spec.source or spec.name, lines=False)


def _studies(n: int) -> Text:
    """'studie' or 'studies' after a count ``n``."""
    return Text("studie", "study") if n == 1 else Text("studies", "studies")


def run_scenario(spec: ScenarioSpec, studies, *, draws: int = 10_000, seed: int = 0,
                 monte_carlo: bool = True, level: float = 0.95) -> ScenarioResult:
    """Run one scenario on the pooled evidence of ``studies`` (see the module docstring).

    Parameters
    ----------
    spec : ScenarioSpec
        From :func:`~mkba.scenario.files.read_spec` or
        :func:`~mkba.scenario.spec.spec_from_mapping`.
    studies : list of Study
        All studies; the scenario's evidence selection picks from them.
    draws : int
        Monte Carlo draws, 1 to :data:`mkba.limits.MAX_DRAWS`.
    seed : int
        Seed of ``numpy.random.default_rng`` (0 to 2**64 - 1); the same seed gives the same
        result.
    monte_carlo : bool
        False for the deterministic result only.
    level : float
        Coverage of the Monte Carlo intervals.

    Returns
    -------
    ScenarioResult

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario.files import read_spec
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> result = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=2_000)
    >>> result.pv_costs > 0, 0 <= result.p_benefits_exceed_costs <= 1
    (True, True)
    """
    spec, draws, seed, level = _checked(spec, draws, seed, monte_carlo, level)
    where = _where(spec)
    ev = pooled_evidence(select_studies(spec, studies), basis=spec.basis, method=spec.method,
                         coverage=spec.coverage, where=f"{where}: evidence")
    y = flows.yearly(spec)
    team = y.team
    reached_full = np.array(spec.households) * np.array(spec.reach)
    factors = caseload.caseload_factors(spec.caseload, spec.caseload_elasticity)
    lvl = _level(spec, ev, reached_full, factors, where)
    benefit = lvl.benefit
    composition = segments.scenario_composition(ev.segments, ev.category_segments,
                                                ev.composition, lvl, reached_full, factors,
                                                spec.segment_split)
    lines = flows.benefit_lines(spec, ev, where,
                                1.0 if lvl.source == "local" else spec.multiplier, composition)
    induced = flows.induced_lines(spec, ev, where)
    order, flow = flows.actor_flows(spec, team, y.reached, lines, induced, y.lag)
    by_actor, pvb_unit, pvb_fixed, pvc = flows.present_values(spec, order, flow, benefit)
    pv_costs, pv_benefits = math.fsum(pvc), math.fsum(by_actor["pv_benefits"])

    costs_t = sum(flow[a]["cost"] for a in order)
    benefits_t = sum(flow[a]["unit"] * benefit + flow[a]["fixed"] for a in order)
    factor = discount_factors(spec.horizon, spec.discount_rate, spec.timing)
    muni = flow.get(MUNICIPALITY, flows.no_flows(spec))
    by_year = pd.DataFrame({
        "year": list(spec.years), "ramp_up": y.ramp, "households_reached": y.reached,
        "effect_lag": y.lag, "fte": y.fte, "cost_index": y.index, "staff_costs": y.staff,
        "overhead": y.overhead, "startup_costs": y.startup, "friction_costs": y.friction,
        "induced_costs": costs_t - team, "costs": costs_t,
        "benefits": benefits_t, "net": benefits_t - costs_t, "municipality_costs": muni["cost"],
        "municipality_benefits": muni["unit"] * benefit + muni["fixed"],
        "discount_factor": factor,
    })
    by_year["pv_net"] = by_year["net"] * factor
    by_year["cumulative_pv_net"] = by_year["pv_net"].cumsum()
    by_category = flows.categories(spec, lines, induced, y.reached, y.lag, benefit,
                                   ev.categories)
    nothing = pv_costs == 0 and pv_benefits == 0  # nothing to pay back (e.g. no reach)

    result = dict(
        spec=spec, pv_costs=pv_costs, pv_benefits=pv_benefits, net_pv=pv_benefits - pv_costs,
        bcr=pv_benefits / pv_costs if pv_costs > 0 else None,
        payback_year=None if nothing else payback_year(
            by_year["cumulative_pv_net"].to_numpy(), spec.first_year,
            scale=abs(pv_costs) + abs(pv_benefits)),
        budget_effect_year2=float(by_year["municipality_benefits"].iloc[1]
                                  - by_year["municipality_costs"].iloc[1])
        if spec.horizon >= 2 else None,
        break_even=pv_costs / pv_benefits if pv_benefits > 0 else None,
        households_reached=float(np.dot(spec.households, spec.reach)),
        fte=float(sum(h * r / c for h, r, c in zip(spec.households, spec.reach, spec.caseload,
                                                    strict=True))),
        by_year=by_year, by_category=by_category, evidence=ev.studies,
        evidence_summary=_evidence_summary(spec, ev),
        illustrative=spec.illustrative or ev.illustrative, level=float(level),
        benefit_per_household=benefit, benefit_per_household_sd=lvl.sd,
        segments=_segments(spec, lvl, reached_full, factors),
        segment_splits=_splits(lvl, pvb_unit.sum(), pvb_fixed.sum(), pv_costs),
        segment_identified=lvl.identified, segment_mixes=ev.segments.mixes,
        segment_categories=segments.category_table(ev.category_segments),
    )
    warnings = (cautions.input_warnings(spec)
                + caseload.caseload_warnings(spec.caseload, reached_full,
                                             spec.caseload_elasticity)
                + cautions.evidence_warnings(ev, _replaced(spec))
                + cautions.segment_warnings(spec, ev.segments, lvl, result["segment_splits"]))
    result["notes"] = (caseload.caseload_note(spec.caseload_elasticity),
                       *cautions.category_segment_notes(ev.segments, ev.category_segments,
                                                        lvl))
    if monte_carlo:
        draws_b, below = montecarlo.draw_benefit(benefit, lvl.sd, draws, seed,
                                                 spec.negative_draws)
        result.update(montecarlo.summarise(by_actor, order, pvb_unit, pvb_fixed - pvc, draws_b,
                                           level, MUNICIPALITY),
                      draws=draws, seed=seed, draws_below_zero=below)
        result.update(montecarlo.exact(float(pvb_unit.sum()), float((pvb_fixed - pvc).sum()),
                                       benefit, lvl.sd, level, spec.negative_draws))
        warnings += cautions.draw_warnings(below, draws, spec.negative_draws)
    return ScenarioResult(by_actor=by_actor, warnings=tuple(warnings), **result)


def _level(spec: ScenarioSpec, ev: ScenarioEvidence, reached, factors,
           where: str) -> segments.ScenarioLevel:
    """The scenario's benefit per reached household (:mod:`mkba.scenario.segments`); local
    figures must cover every segment the team reaches."""
    if spec.per_segment is not None:
        missing = [s for s, r, v in zip(SEGMENTS, reached, spec.per_segment, strict=True)
                   if r > 0 and v is None]
        if missing:
            raise InputError(Text(
                "{where}: effects.per_segment: geen bedrag voor {segments}, dat het team wel "
                "bereikt; geef een bedrag per bereikt huishouden voor elk bereikt segment (of "
                "laat per_segment weg om het bewijs te gebruiken)", "{where}: "
                "effects.per_segment: no amount for {segments}, which the team reaches; give an "
                "amount per reached household for every segment reached (or leave out "
                "per_segment to use the evidence)", where=where, segments=missing))
    return segments.scenario_level(ev.segments, ev.total, reached, factors,
                                   spec.segment_split, spec.per_segment)


def _segments(spec: ScenarioSpec, lvl, reached, factors) -> pd.DataFrame:
    """Per segment: households, reached at full operation, share of the reached, caseload,
    caseload factor, the benefit per reached household under the headline split and its
    lowest and highest value over the plausible splits, and its source."""
    total = reached.sum()
    effects = np.array([f.effects for f, _ in lvl.splits] or [lvl.effects])
    return pd.DataFrame({
        "segment": list(SEGMENTS), "households": list(spec.households), "reached": reached,
        "share": reached / total if total > 0 else np.zeros(len(reached)),
        "caseload": list(spec.caseload), "effect_factor": factors,
        "benefit": list(lvl.effects), "benefit_low": effects.min(axis=0),
        "benefit_high": effects.max(axis=0), "source": lvl.source})


def _splits(lvl, pvb_unit: float, pvb_fixed: float, pv_costs: float) -> pd.DataFrame:
    """Per plausible split of the segments: its code, the benefit per reached household per
    segment and for the team, and the present value of benefits and the net it gives."""
    rows = [(f.split.code, *f.effects, b, pvb_unit * b + pvb_fixed,
             pvb_unit * b + pvb_fixed - pv_costs, f is lvl.headline) for f, b in lvl.splits]
    return pd.DataFrame(rows, columns=["split", *SEGMENTS, "benefit_per_household",
                                       "pv_benefits", "net_pv", "headline"])


def _replaced(spec: ScenarioSpec) -> list[str]:
    """The categories whose pooled amount a local figure replaces."""
    return [c for c, _, _ in spec.fixed] + (["extra_hulpverlening"] if spec.extra_care
                                             else [])


def _checked(spec, draws, seed, monte_carlo, level) -> tuple:
    """The arguments of :func:`run_scenario`, checked before any work (the spec as if read
    from a file)."""
    if not isinstance(spec, ScenarioSpec):
        raise ArgumentError(Text("spec={type} is niet toegestaan; geef een ScenarioSpec "
                                 "(read_spec)", "spec={type} is not allowed; give a "
                                 "ScenarioSpec (read_spec)", type=type(spec).__name__))
    # a spec built by hand is checked like one read from a file
    spec = spec_from_mapping(spec.to_dict(), source=spec.source, default_name=spec.name)
    if not isinstance(monte_carlo, bool):
        raise ArgumentError(Text("monte_carlo={value} is niet toegestaan; geef True of False",
                                 "monte_carlo={value} is not allowed; give True or False",
                                 value=show(monte_carlo)))
    if monte_carlo:  # before any work: the draws are the largest allocation
        draws, seed = check_draws(draws), check_seed(seed)
    if isinstance(level, bool) or not isinstance(level, float | int) or not 0 < level < 1:
        raise ArgumentError(Text("level={value} is niet toegestaan; geef een aandeel tussen 0 "
                                 "en 1", "level={value} is not allowed; give a share between 0 "
                                 "and 1", value=show(level)))
    return spec, draws, seed, level


def _evidence_summary(spec: ScenarioSpec, ev: ScenarioEvidence) -> MappingProxyType:
    return MappingProxyType({
        "k": ev.total.k, "method": ev.method, "estimate": ev.total.estimate,
        "se": ev.total.se, "tau2": ev.total.tau2, "i2": ev.total.i2,
        "pi_low": ev.total.pi_low, "pi_high": ev.total.pi_high,
        "selection": spec.evidence_text("en"),  # JSON: the same in every language
        "excluded": tuple(f"{s}: {r}" for s, r in ev.excluded)})
