"""What the calculator workbook needs from a scenario and the pooled evidence, as plain values.

:func:`calculator_model` checks that the workbook can compute the scenario exactly as
:func:`mkba.scenario.run_scenario` does (else a :class:`~mkba.errors.MkbaError` that says what
it cannot express) and collects the evidence as values: per segment the benefit per reached
household ``b_s`` of the headline split, the covariance of those estimates and tau², and per
actor its share of the benefits within each segment, its pooled share and the pooled additional
assistance per reached household.

With ``a_s`` the segment's share of the households reached, the engine's benefit per reached
household is ``B = sum_s a_s b_s`` with variance ``a' C a + tau² (sum_s a_s)²``, and actor
``a`` gets ``sum_s a_s b_s S_as`` of it (``S_as`` its share within segment ``s``;
:func:`mkba.scenario.segments.scenario_composition`), or its pooled share of ``B`` when
``B <= 0``. These are the formulas of the workbook's Berekening sheet.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from mkba.errors import MkbaError
from mkba.messages import Text
from mkba.scenario import segments
from mkba.scenario.engine import select_studies
from mkba.scenario.evidence import pooled_evidence
from mkba.scenario.spec import ScenarioSpec
from mkba.schema import SEGMENTS
from mkba.vocab import vocabulary

__all__ = ["CalculatorModel", "calculator_model"]


class CalculatorError(MkbaError):
    """A scenario that the calculator workbook cannot compute the way ``mkba scenario`` does."""


@dataclass(frozen=True)
class CalculatorModel:
    """The scenario (the workbook's starting inputs) and the evidence values of the workbook.

    Attributes
    ----------
    spec : ScenarioSpec
    actors : tuple of str
        Every actor code of the vocabulary, in its order (the rows of the workbook).
    effects : tuple of float
        ``b_s`` per segment (headline split), euros a year per reached household.
    cov : tuple of tuple of float
        Covariance of the ``b_s`` (3 x 3); ``tau2`` the between-study variance added.
    shares : dict
        Actor -> its share of the benefits within each segment (3 values).
    pooled_shares, induced : dict
        Actor -> its pooled share of the benefits; its pooled additional assistance per
        reached household per year.
    k, studies, source, split, illustrative, method
        Number of studies, their ids, how ``b_s`` was found (``evidence``/``pooled``), the
        headline split's code, the illustrative flag of scenario or evidence, the pooling
        method.
    """

    spec: ScenarioSpec
    actors: tuple
    effects: tuple
    cov: tuple
    tau2: float
    shares: dict
    pooled_shares: dict
    induced: dict
    k: int
    studies: tuple
    source: str
    split: str
    illustrative: bool
    method: str


def _refuse(where: str, field: str, nl: str, en: str) -> CalculatorError:
    return CalculatorError(Text(
        "{where}: {field}: de rekenwerkmap kan dit niet uitdrukken ({nl}); gebruik 'mkba "
        "scenario' voor dit scenario, of laat het veld weg",
        "{where}: {field}: the calculator workbook cannot express this ({en}); use 'mkba "
        "scenario' for this scenario, or leave the field out",
        where=where, field=field, nl=nl, en=en))


def check_supported(spec: ScenarioSpec) -> None:
    """Raise :class:`CalculatorError` when ``spec`` uses something the workbook cannot
    compute: fixed local benefits, local figures per segment, a caseload elasticity, local
    extra care without an actor, a horizon below 2 years, friction costs beyond the horizon."""
    where = spec.source or spec.name
    if spec.fixed:
        raise _refuse(where, "effects.fixed", "vaste lokale baten per categorie",
                      "fixed local benefits per category")
    if spec.per_segment is not None:
        raise _refuse(where, "effects.per_segment", "eigen bedragen per segment",
                      "local amounts per segment")
    if spec.caseload_elasticity is not None:
        raise _refuse(where, "effects.caseload_elasticity", "effect gekoppeld aan caseload",
                      "effect tied to the caseload")
    if spec.extra_care is not None and spec.extra_care[1] is None:
        raise _refuse(where, "costs.extra_care", "lokale extra hulpverlening zonder actor",
                      "local extra care without an actor")
    if spec.horizon < 2:
        raise _refuse(where, "horizon", "horizon korter dan 2 jaar", "horizon below 2 years")
    if len(spec.friction) > spec.horizon:
        raise _refuse(where, "costs.friction", "frictiekosten na de horizon",
                      "friction costs beyond the horizon")


def calculator_model(spec: ScenarioSpec, studies) -> CalculatorModel:
    """Check ``spec`` (:func:`check_supported`) and pool its evidence from ``studies`` into
    the values of the workbook (see the module docstring)."""
    check_supported(spec)
    where = spec.source or spec.name
    ev = pooled_evidence(select_studies(spec, studies), basis=spec.basis, method=spec.method,
                         coverage=spec.coverage, where=f"{where}: evidence")
    actors = vocabulary("actors").codes
    comp = ev.composition
    pooled = {a: float(comp.loc[comp["actor"] == a, "share"].sum()) for a in actors}
    induced = {a: float(ev.induced.loc[ev.induced["actor"] == a, "amount"].sum())
               for a in actors}
    ones = np.ones(len(SEGMENTS))
    if ev.segments.fits:
        fit = segments.choose(ev.segments.plausible, spec.segment_split)
        effects = tuple(float(x) for x in fit.effects)
        cov = np.asarray(fit.cov, dtype=float)
        tau2, source, split = float(ev.segments.tau2), "evidence", fit.split.code
        lvl = segments.scenario_level(ev.segments, ev.total, ones, ones, spec.segment_split)
        unit = dataclasses.replace(lvl, effects=(1.0,) * len(SEGMENTS))
        shares = {a: [0.0] * len(SEGMENTS) for a in actors}
        for s in range(len(SEGMENTS)):
            only = np.eye(len(SEGMENTS))[s]
            per = segments.scenario_composition(ev.segments, ev.category_segments, comp, unit,
                                                only, ones, spec.segment_split)
            for a in actors:
                shares[a][s] = float(per.loc[per["actor"] == a, "share"].sum())
        shares = {a: tuple(v) for a, v in shares.items()}
    else:
        b, sd = float(ev.total.estimate), float(ev.total.prediction_sd)
        effects = (b,) * len(SEGMENTS)
        cov = np.full((len(SEGMENTS), len(SEGMENTS)), sd * sd)
        tau2, source, split = 0.0, "pooled", ""
        shares = {a: (pooled[a],) * len(SEGMENTS) for a in actors}
    return CalculatorModel(
        spec=spec, actors=tuple(actors), effects=effects,
        cov=tuple(tuple(float(x) for x in row) for row in cov), tau2=tau2, shares=shares,
        pooled_shares=pooled, induced=induced, k=int(ev.total.k),
        studies=tuple(ev.studies["study_id"]), source=source, split=split,
        illustrative=bool(spec.illustrative or ev.illustrative), method=ev.method)
