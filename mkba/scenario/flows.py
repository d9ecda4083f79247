"""The yearly flows of a scenario: reach, staff, costs and benefits per actor, and their present
values (used by :func:`mkba.scenario.engine.run_scenario`; the method is in its docstring).

Benefits from the evidence are kept *per euro of the benefit per reached household* (``unit``
flows): the engine multiplies them by the scenario's benefit per reached household ``B`` (from
the segment effects, :mod:`mkba.scenario.segments`), and the Monte Carlo by each draw of it, so
that one draw moves every category and actor together. Fixed local amounts and costs do not
depend on ``B``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.discounting import npv
from mkba.errors import InputError
from mkba.messages import Text
from mkba.scenario.evidence import ScenarioEvidence
from mkba.scenario.spec import ScenarioSpec
from mkba.vocab import vocabulary

__all__ = ["Yearly", "actor_flows", "benefit_lines", "categories", "induced_lines", "no_flows",
           "present_values", "yearly"]

#: The kinds of flow per actor: costs, benefits from the evidence per euro of B, local benefits.
KINDS = ("cost", "unit", "fixed")


@dataclass(frozen=True)
class Yearly:
    """Per year of the horizon: ramp-up share, households reached, FTE, the indexation factor
    of the running costs, staff costs, overhead, start-up costs (one-off), friction costs, the
    share of the full effect (lag) and the team's costs (their sum)."""

    ramp: np.ndarray
    reached: np.ndarray
    fte: np.ndarray
    index: np.ndarray
    staff: np.ndarray
    overhead: np.ndarray
    startup: np.ndarray
    friction: np.ndarray
    lag: np.ndarray

    @property
    def team(self) -> np.ndarray:
        """The team's own costs per year."""
        return self.staff + self.overhead + self.startup + self.friction


def yearly(spec: ScenarioSpec) -> Yearly:
    """Reach, FTE, team costs and the effect lag per year (see :mod:`mkba.scenario.engine`)."""
    ramp = np.array(spec.ramp(), dtype=float)
    hh = np.array(spec.households) * np.array(spec.reach)
    reached_seg = np.outer(ramp, hh)                      # years x segments
    reached = reached_seg.sum(axis=1)
    fte = (reached_seg / np.array(spec.caseload)).sum(axis=1)
    index = (1 + spec.indexation) ** np.arange(spec.horizon)
    staff = fte * spec.cost_per_fte * index
    overhead = spec.overhead_per_year * index + spec.overhead_share * staff
    startup = np.zeros(spec.horizon)
    startup[0] = spec.startup_costs
    friction = np.zeros(spec.horizon)
    friction[:len(spec.friction)] = spec.friction
    return Yearly(ramp, reached, fte, index, staff, overhead, startup, friction,
                  np.array(spec.lag(), dtype=float))


def benefit_lines(spec: ScenarioSpec, ev: ScenarioEvidence, where: str,
                  multiplier: float, composition: pd.DataFrame | None = None) -> list[tuple]:
    """(category, actor, amount, pooled?) for every benefit: a pooled line's amount is per euro
    of the benefit per reached household (its share times ``multiplier``), a fixed line's in
    euros per reached household per year. ``composition`` gives the shares (category, actor,
    share) of the team's benefits (:func:`mkba.scenario.segments.scenario_composition`);
    without it the pooled shares of the evidence."""
    lines = []
    fixed = {cat: (amount, actor) for cat, amount, actor in spec.fixed}
    shares = ev.composition if composition is None else composition
    for cat, actor, share in shares.itertuples(index=False):
        if cat not in fixed:
            lines.append((cat, actor, multiplier * share, True))
    for cat, (amount, actor) in fixed.items():
        if actor is not None:
            lines.append((cat, actor, amount, False))
            continue
        split = ev.benefits[ev.benefits["category"] == cat]
        total = float(split["amount"].sum())
        if total <= 0:
            raise InputError(Text(
                "{where}: effects.fixed.{cat}: de geselecteerde studies hebben geen baten in "
                "deze categorie, dus hun verdeling over actoren is onbekend; geef "
                "{{amount = ..., actor = \"...\"}}", "{where}: effects.fixed.{cat}: the selected "
                "studies have no benefits in this category, so their split over actors is "
                "unknown; give {{amount = ..., actor = \"...\"}}", where=where, cat=cat))
        lines += [(cat, a, amount * v / total, False) for a, v in
                  split[["actor", "amount"]].itertuples(index=False)]
    return lines


def no_flows(spec: ScenarioSpec) -> dict[str, np.ndarray]:
    """Zero flows of every kind (:data:`KINDS`) over the horizon."""
    return {k: np.zeros(spec.horizon) for k in KINDS}


def actor_flows(spec: ScenarioSpec, team, reached, lines, induced,
                lag) -> tuple[list, dict]:
    """The yearly flows per actor (:data:`KINDS`): costs (the team's, split over the payers,
    and the additional assistance: ``reached x amount``), benefits from the evidence per euro
    of B and fixed local benefits (``reached x lag x amount``); the actors in vocabulary
    order."""
    flows: dict[str, dict[str, np.ndarray]] = {}

    def add(actor: str, kind: str, flow: np.ndarray) -> None:
        slot = flows.setdefault(actor, no_flows(spec))
        slot[kind] = slot[kind] + flow

    for actor, share in spec.payers:
        add(actor, "cost", share * team)
    for actor, amount in induced:
        add(actor, "cost", reached * amount)
    for _, actor, amount, pooled in lines:
        add(actor, "unit" if pooled else "fixed", reached * lag * amount)
    actors = vocabulary("actors").codes
    order = sorted(flows, key=lambda a: (actors.index(a) if a in actors else len(actors), a))
    return order, flows


def present_values(spec: ScenarioSpec, order, flows, level: float) -> tuple:
    """by_actor (actor, pv_costs, pv_benefits, net) at the benefit per reached household
    ``level``, and per actor the present values of its unit benefits, fixed benefits and
    costs as arrays."""
    rate, timing = spec.discount_rate, spec.timing
    pv = {a: {k: npv(flows[a][k], rate, timing=timing) for k in KINDS} for a in order}
    pvc = np.array([pv[a]["cost"] for a in order])
    pvb_unit = np.array([pv[a]["unit"] for a in order])
    pvb_fixed = np.array([pv[a]["fixed"] for a in order])
    by_actor = pd.DataFrame({"actor": order, "pv_costs": pvc,
                             "pv_benefits": pvb_unit * level + pvb_fixed})
    by_actor["net"] = by_actor["pv_benefits"] - by_actor["pv_costs"]
    return by_actor, pvb_unit, pvb_fixed, pvc


def induced_lines(spec: ScenarioSpec, ev: ScenarioEvidence, where: str) -> list[tuple]:
    """(actor, euros per reached household per year) of the additional assistance the team
    brings to light: the local ``costs.extra_care`` (all to its actor, or split as the evidence
    splits it), else the pooled one (with ``induced_costs``), else none."""
    if spec.extra_care is None:
        return list(ev.induced.itertuples(index=False)) if spec.induced_costs else []
    amount, actor = spec.extra_care
    if actor is not None:
        return [(actor, amount)]
    total = float(ev.induced["amount"].sum())
    if total <= 0:
        raise InputError(Text(
            "{where}: costs.extra_care: de geselecteerde studies hebben geen extra "
            "hulpverlening, dus de verdeling over actoren is onbekend; geef "
            "{{amount = ..., actor = \"...\"}}", "{where}: costs.extra_care: the selected "
            "studies have no additional assistance, so its split over actors is unknown; give "
            "{{amount = ..., actor = \"...\"}}", where=where))
    return [(a, amount * v / total) for a, v in ev.induced.itertuples(index=False)]


def categories(spec: ScenarioSpec, lines, induced, reached, lag, level: float,
               evidence: pd.DataFrame) -> pd.DataFrame:
    """Per (kind, category, source): the annual amount per household and its present value,
    with ``k``, the selected studies that have the category, and ``basis``, how its amount was
    found (:data:`~mkba.scenario.evidence.CATEGORY_BASES`; none for a local figure)."""
    k = {(kind, cat): n for kind, cat, n in evidence[["kind", "category", "k"]].itertuples(
        index=False)}
    basis = {(kind, cat): b for kind, cat, b in evidence[["kind", "category", "basis"]]
             .itertuples(index=False)}
    sums: dict = {}
    for cat, _, amount, pooled in lines:
        key = ("benefit", cat, "pooled" if pooled else "fixed")
        sums[key] = sums.get(key, 0.0) + (amount * level if pooled else amount)
    source = "pooled" if spec.extra_care is None else "fixed"
    for _, amount in induced:
        key = ("cost", "extra_hulpverlening", source)
        sums[key] = sums.get(key, 0.0) + amount
    codes = vocabulary("benefit_categories").codes
    keys = sorted(sums, key=lambda k: (k[0] == "cost", codes.index(k[1]) if k[1] in codes
                                       else len(codes)))
    rate, timing = spec.discount_rate, spec.timing
    return pd.DataFrame(
        [(kind, cat, source, k.get((kind, cat)) if source == "pooled" else None,
          basis.get((kind, cat)) if source == "pooled" else None,
          sums[(kind, cat, source)],
          npv(reached * (lag if kind == "benefit" else 1.0) * sums[(kind, cat, source)], rate,
              timing=timing))
         for kind, cat, source in keys],
        columns=["kind", "category", "source", "k", "basis", "per_household", "pv"])
