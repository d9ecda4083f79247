"""Pooled analysis of studies: the evidence of :mod:`mkba.evidence` through :mod:`mkba.pooling`.

:func:`pool_studies` gives everything a report or the ``mkba pool`` command shows for one measure:
the pooled effect with confidence and prediction intervals, optionally subgroups with the test of
the difference between them, leave-one-out, Egger's test, and a seeded Monte Carlo of a new
setting (the probability that benefits exceed costs), overall and per actor.
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
from mkba.evidence import Evidence, check_coverage, study_evidence
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

__all__ = ["PooledStudies", "pool_studies"]


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
    by_actor : mapping of actor code to MonteCarloResult
        The same for each actor's balance per household (only for ``log_bcr`` and
        ``net_per_household``, and only for actors with a variance source).
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
        """The headline numbers on the shown scale (plain floats)."""
        p = self.pooled
        return {
            "measure": self.evidence.measure, "scale": "ratio" if self.log_scale else "euro",
            "estimate": self.shown(p.estimate), "ci_low": self.shown(p.ci_low),
            "ci_high": self.shown(p.ci_high), "pi_low": self.shown(p.pi_low),
            "pi_high": self.shown(p.pi_high), "k": p.k, "tau2": p.tau2, "i2": p.i2,
            "q": p.q, "q_p": p.q_p, "method": p.method, "ci_method": p.ci_method,
            "level": p.level, "p_benefits_exceed_costs": self.monte_carlo.p_above,
        }

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
            "by_actor": {a: mc.to_dict() for a, mc in self.by_actor.items()},
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
        raise ArgumentError(f"by={by!r} is not allowed; use one of {', '.join(CHARACTERISTICS)}")
    # every argument that sets an amount of work is checked before any work
    draws, seed = check_draws(draws), check_seed(seed)
    coverage = check_coverage(coverage)
    basis = as_basis(basis, **changes)
    studies = list(studies)
    appraisals = appraise_studies(studies, basis, appraisals)
    ev = study_evidence(studies, measure, basis=basis, coverage=coverage,
                        appraisals=appraisals)
    if len(ev.table) < 2:
        raise ArgumentError(f"pooling {measure} needs at least 2 studies with a value; "
                            f"found {len(ev.table)}")
    y, v = ev.effects, ev.variances
    pooled = pool(y, v, method=method, ci=ci, level=level)
    log_scale = measure == "log_bcr"
    mc = monte_carlo(pooled, draws=draws, seed=seed, transform=np.exp if log_scale else None,
                     threshold=1.0 if log_scale else 0.0)
    actors = {}
    if measure in ("log_bcr", "net_per_household"):
        present = {a for s in studies for a in s.items["actor"].dropna().unique()}
        for actor in vocabulary("actors").codes:
            if actor not in present:
                continue
            try:
                actor_ev = study_evidence(studies, f"balance_per_household:{actor}",
                                          basis=basis, coverage=coverage, appraisals=appraisals)
            except ArgumentError:
                continue  # no study gives this actor's balance any spread: nothing to pool
            if len(actor_ev.table) < 2:
                continue
            actor_pooled = pool(actor_ev.effects, actor_ev.variances, method=method, ci=ci,
                                level=level)
            actors[actor] = monte_carlo(actor_pooled, draws=draws, seed=seed)
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
