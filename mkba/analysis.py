"""Pooled analysis of studies: the evidence of :mod:`mkba.evidence` through :mod:`mkba.pooling`.

:func:`pool_studies` gives everything a report or the ``mkba pool`` command shows for one measure:
the pooled effect with confidence and prediction intervals, optionally subgroups with the test of
the difference between them, leave-one-out, Egger's test, and a seeded Monte Carlo of a new
setting (the probability that benefits exceed costs), overall and per actor.

Per actor (:class:`ActorBalance`), the balance per household is pooled over the studies in which
the actor occurs, never with a 0 for a study without it (:mod:`mkba.evidence`, "Absent actors
and categories are not zeros"); those studies are listed as excluded, and ``k`` goes with every
per-actor estimate. With fewer than :data:`MIN_STUDIES_PROBABILITY` studies an actor gets no
probability (the reason code :data:`TOO_FEW_STUDIES` instead), and with one study no pooled
estimate either.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from mkba.appraisal import appraise_studies
from mkba.basis import Basis, as_basis
from mkba.errors import ArgumentError
from mkba.evidence import ABSENT, Evidence, check_coverage, measure_value, study_evidence
from mkba.messages import Text
from mkba.phrases import short_repr
from mkba.pooling import (
    EggerResult,
    LeaveOneOut,
    MonteCarloResult,
    PooledEffect,
    SubgroupResult,
    check_draws,
    check_seed,
    egger_test,
    leave_one_out,
    monte_carlo,
    pool,
    subgroups,
)
from mkba.schema import CHARACTERISTICS
from mkba.vocab import vocabulary

__all__ = ["MIN_STUDIES_PROBABILITY", "NO_VARIANCE", "TOO_FEW_STUDIES", "ActorBalance",
           "PooledStudies", "pool_studies"]

#: The fewest studies of an actor that give a probability of a positive balance: with two, the
#: between-study variance of the prediction distribution rests on a single difference.
MIN_STUDIES_PROBABILITY = 3
#: Reason code of an actor without a probability (or, with one study, without an estimate).
TOO_FEW_STUDIES = "too_few_studies"
#: Reason code of an actor none of whose studies gives a variance (nothing to weigh them by).
NO_VARIANCE = "no_variance"


@dataclass(frozen=True, eq=False)
class ActorBalance:
    """One actor's balance per household, pooled over the studies in which the actor occurs.

    Attributes
    ----------
    actor : str
        The actor's code.
    k : int
        Number of studies pooled: those whose base case has a line item of the actor (and
        households reached).
    studies : tuple of str
        Their ids.
    excluded : tuple of (study_id, reason)
        The other studies; reason :data:`mkba.evidence.ABSENT` for a study without the actor.
    pooled : PooledEffect or None
        The pooled balance (None with fewer than 2 studies, or without any variance).
    monte_carlo : MonteCarloResult or None
        Draws of a new setting's balance (None when ``pooled`` is).
    reason : str or None
        Why there is no probability: :data:`TOO_FEW_STUDIES` (``k`` below
        :data:`MIN_STUDIES_PROBABILITY`) or :data:`NO_VARIANCE`; None when there is one.

    Examples
    --------
    >>> a = ActorBalance("rijk", 2, ("a", "b"), (("c", "absent"),), None, None,
    ...                  TOO_FEW_STUDIES)
    >>> a.p_above is None, a.to_dict()["p_above_reason"], a.to_dict()["k"]
    (True, 'too_few_studies', 2)
    """

    actor: str
    k: int
    studies: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]
    pooled: PooledEffect | None
    monte_carlo: MonteCarloResult | None
    reason: str | None

    @property
    def p_above(self) -> float | None:
        """The probability of a positive balance in a new setting, or None (see ``reason``)."""
        if self.reason is not None or self.monte_carlo is None:
            return None
        return self.monte_carlo.p_above

    def to_dict(self) -> dict:
        """Plain Python values: k, the studies, the excluded ones, the pooled estimate with its
        intervals, the Monte Carlo summaries, and ``p_above`` (None, with ``p_above_reason``,
        when there is no probability)."""
        p = self.pooled
        out = {"actor": self.actor, "k": self.k, "studies": list(self.studies),
               "excluded": [{"study_id": s, "reason": r} for s, r in self.excluded],
               "estimate": None if p is None else p.estimate,
               "ci_low": None if p is None else p.ci_low,
               "ci_high": None if p is None else p.ci_high,
               "pi_low": None if p is None else p.pi_low,
               "pi_high": None if p is None else p.pi_high,
               "tau2": None if p is None else p.tau2,
               "method": None if p is None else p.method}
        if self.monte_carlo is not None:
            out.update(self.monte_carlo.to_dict())
        out["p_above"], out["p_above_reason"] = self.p_above, self.reason
        return out


@dataclass(frozen=True, eq=False)
class PooledStudies:
    """The pooled analysis of one measure.

    Attributes
    ----------
    evidence : Evidence
        Per-study effects and variances, with the flagged studies.
    pooled : PooledEffect
        The pooled effect (on the log scale for ``log_bcr``).
    monte_carlo : MonteCarloResult
        Draws of a new setting's true effect (back-transformed to a ratio for ``log_bcr``);
        ``p_above`` is the probability that benefits exceed costs.
    by_actor : mapping of actor code to ActorBalance
        Each actor's balance per household, pooled over the studies in which it occurs, with
        ``k`` and, from :data:`MIN_STUDIES_PROBABILITY` studies on, the probability of a positive
        balance (only for ``log_bcr`` and ``net_per_household``; every actor that occurs in a
        study, in vocabulary order).
    subgroups : SubgroupResult or None
        With ``by``: the pooled effect per group and the test of their difference.
    by : str or None
    leave_one_out : LeaveOneOut or None
        None with fewer than three studies.
    egger : EggerResult or None
        None with fewer than three studies.
    """

    evidence: Evidence
    pooled: PooledEffect
    monte_carlo: MonteCarloResult
    by_actor: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    subgroups: SubgroupResult | None = None
    by: str | None = None
    leave_one_out: LeaveOneOut | None = None
    egger: EggerResult | None = None

    @property
    def log_scale(self) -> bool:
        """True when the measure is pooled on the log scale (benefit-cost ratios)."""
        return self.evidence.measure == "log_bcr"

    def shown(self, value: float) -> float:
        """A value of the pooled scale as shown: a ratio for ``log_bcr``, else itself."""
        return math.exp(value) if self.log_scale else value

    def summary(self) -> dict:
        """The headline numbers on the shown scale (plain floats).

        ``p_above`` is the share of draws of a new setting above ``threshold`` (a ratio of 1,
        or 0 for a euro measure); ``p_benefits_exceed_costs`` is given for the ratio only, where
        that is what it means. An actor's or category's measure pooled over fewer than
        :data:`MIN_STUDIES_PROBABILITY` studies gets no probability (``p_above`` None, with
        ``p_above_reason``), as in :class:`ActorBalance`.
        """
        p, mc = self.pooled, self.monte_carlo
        specific = ":" in self.evidence.measure  # one actor's or one category's measure
        few = specific and p.k < MIN_STUDIES_PROBABILITY
        out = {
            "measure": self.evidence.measure, "scale": "ratio" if self.log_scale else "euro",
            "estimate": self.shown(p.estimate), "ci_low": self.shown(p.ci_low),
            "ci_high": self.shown(p.ci_high), "pi_low": self.shown(p.pi_low),
            "pi_high": self.shown(p.pi_high), "k": p.k, "tau2": p.tau2, "i2": p.i2,
            "q": p.q, "q_p": p.q_p, "method": p.method, "ci_method": p.ci_method,
            "level": p.level, "threshold": mc.threshold,
            "p_above": None if few else mc.p_above,
            "p_above_reason": TOO_FEW_STUDIES if few else None,
        }
        if self.log_scale:
            out["p_benefits_exceed_costs"] = mc.p_above
        return out

    def to_dict(self) -> dict:
        """Everything as plain Python values, ready for JSON."""
        ev = self.evidence
        out = {
            "summary": self.summary(),
            "pooled": self.pooled.to_dict(),
            "basis": ev.basis.to_dict(),
            "coverage_assumption": ev.coverage,
            "studies": _records(ev.table),
            "flagged": [s for s, f in zip(ev.labels, ev.table["flagged"], strict=True) if f],
            "excluded": [{"study_id": s, "reason": r} for s, r in ev.excluded],
            "monte_carlo": self.monte_carlo.to_dict(),
            "by_actor": {a: b.to_dict() for a, b in self.by_actor.items()},
        }
        if self.subgroups is not None:
            out["subgroups"] = {"by": self.by, **self.subgroups.to_dict()}
        if self.leave_one_out is not None:
            out["leave_one_out"] = _records(self.leave_one_out.to_frame())
        if self.egger is not None:
            out["egger"] = self.egger.to_dict()
        return out


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def pool_studies(studies, measure: str = "log_bcr", *, method: str = "reml", ci: str = "z",
                 by: str | None = None, coverage: float = 0.90, draws: int = 10_000,
                 seed: int = 0, level: float = 0.95, basis: Basis | None = None,
                 appraisals=None, **changes) -> PooledStudies:
    """Pool ``measure`` over ``studies`` on a common basis.

    Parameters
    ----------
    studies : list of Study
    measure : str
        See :data:`mkba.evidence.POOLED_MEASURES`; default the log benefit-cost ratio.
    method, ci, level
        As in :func:`mkba.pooling.pool`.
    by : str, optional
        A study characteristic (:data:`mkba.schema.CHARACTERISTICS`) for subgroups.
    coverage : float
        Assumed coverage of a study's sensitivity range, strictly between 0 and 1 (see
        :mod:`mkba.evidence`).
    draws, seed : int
        Monte Carlo draws from the prediction distribution (1 to
        :data:`mkba.limits.MAX_DRAWS`), seeded (0 to 2**64 - 1).
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`; None for the default).
    appraisals : mapping of study id to tuple of Appraisal, optional
        :func:`mkba.appraisal.appraise_all` of each study on ``basis``, when the caller has
        them already; computed otherwise.
    **changes
        ``price_year``, ``rate``, ``horizon`` or ``timing`` to change in ``basis``
        (:func:`mkba.basis.as_basis`).

    Returns
    -------
    PooledStudies

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> result = pool_studies(read_studies("studies"), method="dl", draws=1000)
    >>> result.pooled.k, result.pooled.method, result.summary()["scale"]
    (13, 'dl', 'ratio')
    >>> s = result.summary()
    >>> bool(s["pi_low"] <= s["ci_low"] < s["estimate"] < s["ci_high"] <= s["pi_high"])
    True
    """
    if by is not None and by not in CHARACTERISTICS:
        raise ArgumentError(Text("by={by} is niet toegestaan; gebruik een van {options}",
                                 "by={by} is not allowed; use one of {options}",
                                 by=short_repr(by), options=list(CHARACTERISTICS)))
    # every argument that sets an amount of work is checked before any work
    draws, seed = check_draws(draws), check_seed(seed)
    coverage = check_coverage(coverage)
    basis = as_basis(basis, **changes)
    studies = list(studies)
    appraisals = appraise_studies(studies, basis, appraisals)
    ev = study_evidence(studies, measure, basis=basis, coverage=coverage,
                        appraisals=appraisals)
    if len(ev.table) < 2:
        raise ArgumentError(Text("poolen van {measure} vraagt ten minste 2 studies met een "
                                 "waarde; gevonden: {n}", "pooling {measure} needs at least 2 "
                                 "studies with a value; found {n}", measure=measure,
                                 n=len(ev.table)))
    y, v = ev.effects, ev.variances
    pooled = pool(y, v, method=method, ci=ci, level=level)
    log_scale = measure == "log_bcr"
    mc = monte_carlo(pooled, draws=draws, seed=seed, transform=np.exp if log_scale else None,
                     threshold=1.0 if log_scale else 0.0)
    actors = {}
    if measure in ("log_bcr", "net_per_household"):
        actors = _actor_balances(studies, basis=basis, coverage=coverage, appraisals=appraisals,
                                 method=method, ci=ci, level=level, draws=draws, seed=seed)
    groups = None
    if by is not None:
        groups = subgroups(y, v, list(ev.table[by]), method=method, ci=ci, level=level)
    enough = len(y) >= 3
    egger = None
    if enough:
        try:
            egger = egger_test(y, v)
        except ArgumentError:
            egger = None  # e.g. every study has the same variance: no regression on precision
    return PooledStudies(
        evidence=ev, pooled=pooled, monte_carlo=mc, by_actor=MappingProxyType(actors),
        subgroups=groups, by=by,
        leave_one_out=leave_one_out(y, v, labels=ev.labels, method=method, ci=ci, level=level)
        if enough else None,
        egger=egger,
    )


def _actor_balances(studies, *, basis, coverage, appraisals, method, ci, level, draws,
                    seed) -> dict:
    """:class:`ActorBalance` of every actor that occurs in a study's base case, in vocabulary
    order."""
    present = {a for s in studies for a in s.variant_items()["actor"].dropna().unique()}
    codes = vocabulary("actors").codes
    out = {}
    for actor in [*(c for c in codes if c in present), *sorted(present.difference(codes))]:
        measure = f"balance_per_household:{actor}"
        try:
            ev = study_evidence(studies, measure, basis=basis, coverage=coverage,
                                appraisals=appraisals)
        except ArgumentError:  # no study of this actor has a variance: nothing to weigh by
            values = {s.id: measure_value(appraisals[s.id][0], measure) for s in studies}
            used = tuple(i for i, v in values.items() if v is not None and math.isfinite(v))
            out[actor] = ActorBalance(
                actor, len(used), used, tuple((i, ABSENT) for i in values if i not in used),
                None, None, NO_VARIANCE)
            continue
        k = len(ev.table)
        pooled = mc = None
        if k >= 2:
            pooled = pool(ev.effects, ev.variances, method=method, ci=ci, level=level)
            mc = monte_carlo(pooled, draws=draws, seed=seed)
        out[actor] = ActorBalance(actor, k, ev.labels, ev.excluded, pooled, mc,
                                  None if k >= MIN_STUDIES_PROBABILITY else TOO_FEW_STUDIES)
    return out
