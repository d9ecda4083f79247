"""The effect evidence of a scenario: pooled equivalent annual benefits per reached household.

For each selected study (on the scenario's price year and discount rate, timing ``t1``):

1. the present value of its benefits per household, per benefit category and actor
   (:func:`mkba.appraisal.appraise`; per household = divided by the study's households reached);
2. divided by the annuity factor of the study's own horizon ``H`` at the rate that present value
   is at, ``a = sum((1 + r) ** -t for t in 1..H)`` (``H`` when ``r = 0``). That rate is the
   scenario's rate for a study recomputed from yearly flows, and the study's own rate for a
   study that reports present values only (they are never re-discounted). The result is the
   *equivalent annual benefit*: the constant yearly amount per household with the same present
   value. A study with the same benefit every year gives exactly that benefit.
3. variances by the rules of :mod:`mkba.evidence`, applied by its functions (``study_se`` per
   study and measure, ``fill_default`` per measure): a reported interval of the ratio (total
   benefits only), else the range of the study's sensitivity variants taken to cover
   ``coverage`` (default 90%) of its uncertainty, else the largest variance of the other studies
   (flagged ``default``); standard errors are annualised with the same annuity factor.

Then, with :func:`mkba.pooling.pool` (REML by default), the total annual benefit per household
(whose prediction distribution drives the Monte Carlo), each benefit category separately, and the
studies' additional assistance (cost category ``extra_hulpverlening``, a consequence of the
team's work, counted as a cost when ``induced_costs``). Each pooled category is split over actors
by the same weights: actor ``a`` gets ``sum_i w_i x_ia`` with ``w`` the category's pooling weights
and ``x_ia`` study ``i``'s annual amount for that actor, so the actors add up to the category.

Absent categories are not zeros (as in :mod:`mkba.evidence`): a category is pooled over the
selected studies whose base case has a line item of it (of that kind), never with a 0 for a study
that did not measure it; its pooled amount is the typical amount where it is measured, and
:attr:`ScenarioEvidence.categories` lists per category ``k`` and the studies. A category that
only **one** selected study has cannot be pooled (one study gives no between-study variance): it
is taken at that study's own amount, split over actors as that study splits it, and listed with
``k = 1`` (leaving it out would count it as 0, the very assumption this rule refuses; a
municipality that knows better enters a local figure under ``effects.fixed``). From two studies
on a category is pooled; with two or three, its between-study variance rests on very few
differences. A category that two or more studies have but none gives a variance (no reported
interval and no variant that changes it: typically the additional assistance, which sensitivity
variants of the effect leave as it is) cannot be pooled: it is left out of the pooling and
taken at the plain (unweighted) mean of the studies' amounts, listed with ``basis =
"unweighted"``; it never stops the scenario. (Before, such a selection failed with a variance
error: the team types *ouderenteam* and *zorgcoordinatie_zwaar* of ``studies/``.)
A category's own uncertainty does not enter the Monte Carlo, which scales every
pooled amount by the draws of the total: few studies behind a category make its amount more
uncertain than the scenario's intervals show, which is why ``k`` is listed.
The pooled categories alone need not add up to the pooled total: the total is pooled over each
study's own total, in which a category the study did not measure is missing, while a category is
pooled only where it was measured; when the studies measured different categories the sum of
the categories exceeds the total, and adding them up would claim every category in every
setting. So **the pooled total sets the level and the categories only the composition**: the
pooled benefit categories are scaled by one factor so that they add up to the pooled total per
household (:attr:`ScenarioEvidence.benefits`; the factor is
:attr:`ScenarioEvidence.composition_factor`). The additional assistance (a cost) is not scaled.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from mkba.appraisal import appraise_all
from mkba.basis import Basis, as_basis
from mkba.discounting import annuity_factor
from mkba.errors import ArgumentError, InputError
from mkba.evidence import check_coverage, fill_default, reported_interval, study_se
from mkba.messages import Text
from mkba.pooling import PooledEffect, pool
from mkba.scenario.segments import SegmentEvidence, fit_categories, fit_segments, study_mix
from mkba.schema import BASE_VARIANT, Study
from mkba.vocab import vocabulary

__all__ = ["CATEGORY_BASES", "ScenarioEvidence", "clear_cache", "pooled_evidence"]

_INDUCED = "extra_hulpverlening"
TOTAL = "total"
_CATEGORY_COLUMNS = ["kind", "category", "k", "studies", "basis"]
#: How a category's amount per household was found (the column ``basis`` of
#: :attr:`ScenarioEvidence.categories`).
CATEGORY_BASES = ("pooled", "one_study", "unweighted")


@dataclass(frozen=True)
class _StudyEffects:
    """One study's amounts per household (present values) on one basis."""

    households: int | None
    annuity: float
    rate_used: float
    recomputed: bool
    base: MappingProxyType      # (kind, category, actor) -> PV per household, base case
    variants: tuple             # per scenario: measure -> PV per household
    reported: tuple | None      # mkba.evidence.reported_interval of the total PV per household


@lru_cache(maxsize=1024)
def _study_effects(study: Study, basis: Basis) -> _StudyEffects:
    appraisals = appraise_all(study, basis)
    first = appraisals[0]
    hh = study.households if isinstance(study.households, int) and study.households > 0 else None
    rate_used = first.rate if first.recomputed else first.study_rate
    variants = []
    base = {}
    for a in appraisals:
        parts: dict = defaultdict(list)
        for kind, category, actor, amount in a.by_item.itertuples(index=False):
            value = amount / hh if hh else math.nan
            if a.variant == BASE_VARIANT:
                base[(kind, category, actor)] = value
            if kind == "benefit":
                parts[TOTAL].append(value)
                parts[category].append(value)
            elif category == _INDUCED:
                parts[_INDUCED].append(value)
        # fsum: the same sums whatever the order of the breakdown
        variants.append(MappingProxyType({k: math.fsum(v) for k, v in parts.items()}))
    reported = reported_interval(study, "benefits_per_household", first) if hh else None
    return _StudyEffects(hh, annuity_factor(first.horizon, rate_used), rate_used,
                         first.recomputed, MappingProxyType(base), tuple(variants), reported)


def _measure_rows(effects: list[_StudyEffects], measure: str, coverage: float,
                  label: Text | None):
    """(effects, se, sources) of one measure, annualised, by the rules of mkba.evidence.

    ``effects`` are the studies that have the measure (see :func:`_has`); a variant of such a
    study without any amount of the measure gives 0 (the study models it, the variant has none).
    When no study gives a variance: an InputError naming ``label``, or None when ``label`` is
    None (the caller says what it does instead).
    """
    values, ses, sources = [], [], []
    for e in effects:
        # the range is taken of the present values, and its se annualised as the effect is
        base = e.variants[0].get(measure, 0.0)
        se, source = study_se([base, *(v.get(measure, 0.0) for v in e.variants[1:])],
                              coverage=coverage,
                              reported=e.reported if measure == TOTAL else None)
        values.append(base / e.annuity)
        ses.append(None if se is None else se / e.annuity)
        sources.append(source)
    filled = fill_default(ses)
    if filled is None:
        if label is None:
            return None
        raise InputError(Text(
            "bewijs voor {label}: geen geselecteerde studie heeft een gerapporteerd interval of "
            "gevoeligheidsvarianten, dus er is geen variantie af te leiden (mkba.evidence)",
            "evidence for {label}: no selected study has a reported interval or sensitivity "
            "variants, so no variance can be derived (mkba.evidence)", label=label))
    return values, filled[0], sources


def _has(e: _StudyEffects, kind: str, category: str) -> bool:
    """True when the study's base case has a line item of ``kind`` and ``category``."""
    return any(k == kind and c == category for k, c, _ in e.base)


def _pooled(values, ses, method: str) -> PooledEffect:
    return pool(values, [s ** 2 for s in ses], method=method)


@dataclass(frozen=True, eq=False)
class ScenarioEvidence:
    """Pooled equivalent annual amounts per reached household, in euros of the price year.

    Attributes
    ----------
    total : PooledEffect
        The total annual benefit per household; its prediction distribution drives the
        Monte Carlo.
    benefits : pandas.DataFrame
        category, actor, amount: the pooled annual benefit per household of each category some
        selected study has, split over actors (pooled over the studies that have it: see the
        module docstring).
    induced : pandas.DataFrame
        actor, amount: the pooled annual additional assistance per household (may be empty).
    studies : pandas.DataFrame
        One row per study used: study_id, households, horizon, rate_used, annuity,
        recomputed, illustrative, benefit (annual per household), se, variance_source, weight.
    excluded : tuple of (study_id, reason)
    method : str
    categories : pandas.DataFrame
        One row per category some selected study has: kind (benefit, or cost for the additional
        assistance), category, k (the studies that have it), studies (their ids, comma
        separated) and basis (:data:`CATEGORY_BASES`: ``pooled``; ``one_study``, that one
        study's amount; ``unweighted``, the plain mean of studies none of which gives the
        category a variance).
    composition_factor : float
        The factor by which the pooled benefit categories were scaled to add up to the pooled
        total (1 when they already did).
    composition : pandas.DataFrame
        category, actor, share: :attr:`benefits` as shares of the total benefit per household
        (adding up to 1; all 0 when the studies have no benefits). A scenario mixes them with
        the categories' own segment effects by its reach
        (:func:`mkba.scenario.segments.scenario_composition`) and multiplies the result by its
        own benefit per reached household.
    segments : SegmentEvidence
        The benefit per household per segment, fitted under every plausible split of the
        segments (:func:`mkba.scenario.segments.fit_segments`).
    category_segments : tuple of CategorySegments
        Per benefit category: its own benefit per household per segment and actor where the
        data allow, or why it follows the total's split
        (:func:`mkba.scenario.segments.fit_categories`).
    """

    total: PooledEffect
    benefits: pd.DataFrame
    induced: pd.DataFrame
    studies: pd.DataFrame
    excluded: tuple
    method: str
    categories: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=_CATEGORY_COLUMNS))
    composition_factor: float = 1.0
    composition: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["category", "actor", "share"]))
    segments: SegmentEvidence | None = None
    category_segments: tuple = ()

    @property
    def illustrative(self) -> bool:
        """True when any study used is an illustrative example."""
        return bool(self.studies["illustrative"].any())


def clear_cache() -> None:
    """Forget the per-study appraisals that :func:`pooled_evidence` keeps (see its Notes), e.g.
    to time a first run again."""
    _study_effects.cache_clear()


def pooled_evidence(studies, *, basis: Basis, method: str = "reml", coverage: float = 0.90,
                    where: str = "evidence") -> ScenarioEvidence:
    """Pool the equivalent annual benefits per household of ``studies`` (see the module doc).

    Parameters
    ----------
    studies : list of Study
        The selected studies (at least two with households reached).
    basis : Basis, mapping or None
        The scenario's basis (:func:`mkba.basis.as_basis`): its price year and rate (a
        common rate; a scenario has no "own" rate). The studies are appraised over their own
        horizons with the first year discounted one year (``timing="t1"``), whatever the
        scenario's horizon and timing.
    method : str
        Estimator of tau2 for :func:`mkba.pooling.pool`.
    coverage : float
        Assumed coverage of a study's sensitivity range, strictly between 0 and 1
        (:mod:`mkba.evidence`).
    where : str
        Prefix of error messages (the scenario file and field).

    Notes
    -----
    Each study's appraisals are cached per Study object and basis, so that
    scenarios sharing studies appraise them once; studies are treated as immutable (as every
    reader makes them). :func:`clear_cache` empties the cache.

    Examples
    --------
    Two studies with a constant yearly benefit per household: the annual benefits are those
    amounts, and with equal variances the pooled value is their mean.

    >>> from mkba.schema import Study, items_frame
    >>> def study(id, per_hh):
    ...     rows = [dict(variant=sc, kind="benefit", category="jeugdzorg", actor="gemeente",
    ...                  year=y, amount=f * per_hh * 10) for y in (2015, 2016)
    ...             for sc, f in (("basis", 1.0), ("laag", 0.0))]
    ...     return Study(id, id, "Testdorp", "Team", "zorg_welzijnsteam", "wijk", "kwetsbaar",
    ...                  "gezinnen", "lopend", "ex_post", "volledig", year=2015, price_year=2015,
    ...                  discount_rate=0.04, first_year=2015, horizon=2, households=10,
    ...                  illustrative=True, items=items_frame(rows))
    >>> ev = pooled_evidence([study("a", 900.0), study("b", 900.0)],
    ...                      basis={"price_year": 2015, "rate": 0.05})
    >>> round(ev.total.estimate, 6), ev.benefits[["category", "actor"]].values.tolist()
    (900.0, [['jeugdzorg', 'gemeente']])
    """
    coverage = check_coverage(coverage)
    basis = as_basis(basis)
    if basis.rate is None:
        raise ArgumentError(Text("{where}: het bewijs van een scenario vraagt één "
                                 "gemeenschappelijke disconteringsvoet, niet de eigen voet van "
                                 "elke studie",
                                 "{where}: a scenario's evidence needs a common rate, not each "
                                 "study's own", where=where))
    basis = basis.with_(horizon="own", timing="t1")
    used, effects, excluded = [], [], []
    for s in studies:
        e = _study_effects(s, basis)
        if e.households is None:
            excluded.append((s.id, "no households reached, so no amount per household"))
            continue
        used.append(s)
        effects.append(e)
    if len(used) < 2:
        raise InputError(Text(
            "{where}: de selectie geeft {n} bruikbare {studies} ({ids}); poolen vraagt er ten "
            "minste 2 met bereikte huishoudens", "{where}: the selection gives {n} usable "
            "{studies} ({ids}); pooling needs at least 2 with households reached", where=where,
            n=len(used), studies=Text("studie", "study") if len(used) == 1 else
            Text("studies", "studies"), ids=[s.id for s in used] or Text("geen", "none")))
    values, ses, sources = _measure_rows(effects, TOTAL, coverage, Text(
        "{where} (totale baten)", "{where} (total benefits)", where=where))
    total = _pooled(values, ses, method)
    table = pd.DataFrame({
        "study_id": [s.id for s in used], "households": [e.households for e in effects],
        "horizon": [s.horizon for s in used], "rate_used": [e.rate_used for e in effects],
        "annuity": [e.annuity for e in effects], "recomputed": [e.recomputed for e in effects],
        "illustrative": [bool(s.illustrative) for s in used], "benefit": values,
        "se": ses, "variance_source": sources,
        "weight": list(total.weights),
    })
    categories: list = []
    per_category: list = []
    benefits = _split(effects, used, "benefit", vocabulary("benefit_categories").codes,
                      coverage, method, categories, per_category)
    # the pooled total sets the level, the categories the composition (module docstring)
    parts = math.fsum(benefits["amount"])
    factor = total.estimate / parts if parts > 0 else 1.0
    composition = benefits.rename(columns={"amount": "share"})
    composition["share"] = composition["share"] / parts if parts > 0 else 0.0
    benefits["amount"] = benefits["amount"] * factor
    induced = _split(effects, used, "cost", (_INDUCED,), coverage, method, categories)
    mixes = {s.id: study_mix(s) for s in used}
    segments = fit_segments(table, mixes, method=method, pooled_tau2=total.tau2)
    return ScenarioEvidence(total, benefits, induced[["actor", "amount"]], table,
                            tuple(excluded), method,
                            pd.DataFrame(categories, columns=_CATEGORY_COLUMNS), factor,
                            composition, segments,
                            fit_categories(segments, per_category, mixes, method=method))


def _split(effects, used, kind: str, categories, coverage, method, listed: list,
           segment_rows: list | None = None) -> pd.DataFrame:
    """Pool each category over the studies that have it and split it over actors with the
    category's pooling weights; append (kind, category, k, studies, basis) to ``listed`` and,
    when given, (category, study ids, annual amounts, ses or None, per study actor -> annual
    amount) to ``segment_rows`` (:func:`mkba.scenario.segments.fit_categories`).

    ``basis`` says how the amount was found (:data:`CATEGORY_BASES`): ``pooled``; ``one_study``
    (that study's own amounts); ``unweighted`` (two or more studies, none of which gives this
    category a variance: it is left out of the pooling and taken at the plain mean of their
    amounts, as leaving it out altogether would count it as 0).
    """
    actors = vocabulary("actors").codes
    rows = []
    for category in categories:
        having = [i for i, e in enumerate(effects) if _has(e, kind, category)]
        if not having:
            continue  # no selected study has this category
        parts = [{a: v / effects[i].annuity for (k, c, a), v in effects[i].base.items()
                  if k == kind and c == category} for i in having]
        basis = "pooled"
        values, ses = [math.fsum(p.values()) for p in parts], None
        if len(having) == 1:
            weights, basis = np.ones(1), "one_study"  # one study: its own amounts
        else:
            measured = _measure_rows([effects[i] for i in having], category, coverage, None)
            if measured is None:  # no variance: not pooled, the plain mean (docstring)
                weights, basis = np.full(len(having), 1 / len(having)), "unweighted"
            else:
                values, ses, _ = measured
                weights = np.asarray(_pooled(values, ses, method).weights)
        if segment_rows is not None:
            segment_rows.append((category, [used[i].id for i in having], values, ses, parts))
        listed.append((kind, category, len(having), ", ".join(used[i].id for i in having),
                       basis))
        present = sorted({a for p in parts for a in p}, key=lambda a: (
            actors.index(a) if a in actors else len(actors), a))
        for actor in present:
            amount = math.fsum(w * p.get(actor, 0.0) for w, p in zip(weights, parts,
                                                                      strict=True))
            rows.append((category, actor, amount))
    return pd.DataFrame(rows, columns=["category", "actor", "amount"])
