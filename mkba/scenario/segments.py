"""Benefits per reached household per segment (zwaar, kwetsbaar, overig), from the evidence.

A team for the heaviest cases and a broad team for everyone do not earn the same per household:
the studies differ tenfold. So a scenario's benefit per reached household is built from **one
benefit per segment**, ``b = (b_zwaar, b_kwetsbaar, b_overig)`` (annual euros per reached
household, equivalent annual amounts as in :mod:`mkba.scenario.evidence`), mixed by the team's
own reach: ``B = sum_s r_s f_s b_s`` with ``r_s`` the share of segment ``s`` among the households
reached and ``f_s`` the caseload factor (1 without an elasticity, :mod:`mkba.scenario.caseload`).

**The segment mix of a study.** Its households per segment (``households_zwaar``,
``households_kwetsbaar``, ``households_overig``) as shares; without them its target breadth:
*zware_problematiek* is all zwaar, *kwetsbaar* all kwetsbaar (the 2014 tool's vulnerable
segment; heavy cases among them are not recorded), and a study of *alle_huishoudens* without
counts has an unknown mix: it stays out of the segment model (listed in
:attr:`SegmentEvidence.excluded`) and is not given an invented mix.

**The model** is a meta-regression without intercept of each study's annual benefit per
household on its mix, ``y_i = sum_s m_is b_s + u_i + e_i`` with ``e_i ~ N(0, v_i)`` (the study's
variance, as pooled) and ``u_i ~ N(0, tau2)`` (the between-study spread left after the mix),
estimated as :func:`mkba.pooling.pool` estimates (REML by default; the kernel of
:mod:`mkba.pooling`). With as many studies as distinct mixes, tau2 cannot be estimated from the
model and the tau2 of the plain pooling is used (wider), with a warning.

**When the evidence cannot separate the segments** (all studies of one mix, or fewer distinct
mixes than segments), many segment effects fit the studies equally well. mkba never picks one
silently. It lists the **plausible splits**: patterns that tie or zero segments, from heavy to
light, so that exactly as many effects are free as the studies can identify (:data:`SPLITS`):

- *proportional*: segments the evidence cannot separate share one benefit per household (e.g.
  every household of a broad study gets its average);
- *heavier*: the effect belongs to the heavier segments, the lightest get none (e.g. all of a
  broad study's benefit to its 5% heavy households: 20 times the average each).

Each split is fitted; it is *plausible* when its effects do not rise from heavy to light and are
not negative (a heavier problem gains at least as much per household). The scenario's result
is shown under each plausible split (:attr:`ScenarioResult.segment_splits`, its net present
value per split) and the headline uses the one named by ``effects.segment_split``
(``proportional`` by default: the fewest segments without effect; ``heavier``: the most, so
all of the effect on the heaviest segments the evidence allows). When
every plausible split gives the scenario the same benefit per household (its mix is one the
studies identify, e.g. a team for the heaviest cases on studies of the heaviest cases) the
result is *identified* and no split is shown as an alternative. When the evidence identifies
every segment (studies of three independent mixes), there is one split: the regression itself.

**Spread.** The Monte Carlo draws ``B`` from ``N(B_hat, a' C a + tau2 (sum a)^2)`` with
``a = r * f`` and ``C`` the covariance of the headline split's segment effects
(:mod:`mkba.scenario.montecarlo`): with one mix and ``f = 1`` that is the prediction
distribution of the plain pooling, as before.

**Per category and actor.** A team's benefits per category and actor follow its segment mix:
a benefit category with enough studies of known mix (one more than the segment effects the
evidence identifies, giving a variance, separating the same segments) gets its own benefit per
segment and actor by the same meta-regression (:func:`fit_categories`); any other category
follows the total's split over the segments in proportion. Per segment the categories then
give the composition, and the team's composition is their mix by its reach
(:func:`scenario_composition`); the result's notes say which categories are which.

**Local figures.** ``effects.per_segment`` gives the municipality's own benefit per reached
household per segment (euros a year); it replaces the evidence for the level (the evidence
still sets the split over categories and actors and the additional assistance), is not varied
by the Monte Carlo, and every segment the team reaches needs a figure.

Examples
--------
Two studies of the heaviest cases (9,000 and 11,000 a year per household) and two of all
households in the 2014 mix (5/15/80; 1,200 and 1,400): the heavy effect is identified (10,000),
the rest is not separable from the broad studies' 1,300 average. Three splits fit exactly:
tying zwaar to kwetsbaar gives overig ``(1300 - 0.2 x 10000) / 0.8 = -875`` (not plausible);
tying kwetsbaar to overig gives both ``(1300 - 0.05 x 10000) / 0.95 = 842.1``; giving overig
nothing gives kwetsbaar ``(1300 - 500) / 0.15 = 5333.3``.

>>> import pandas as pd
>>> studies = pd.DataFrame({"study_id": list("abcd"), "benefit": [9000.0, 11000.0, 1200.0,
...                         1400.0], "se": [500.0] * 4})
>>> heavy, broad = ((1.0, 0.0, 0.0), "counts"), ((0.05, 0.15, 0.8), "counts")
>>> mixes = {"a": heavy, "b": heavy, "c": broad, "d": broad}
>>> seg = fit_segments(studies, mixes, method="reml", pooled_tau2=0.0)
>>> [(f.split.code, [round(b, 1) for b in f.effects], f.plausible) for f in seg.fits]
... # doctest: +NORMALIZE_WHITESPACE
[('zwaar+kwetsbaar|overig', [10000.0, 10000.0, -875.0], False),
 ('zwaar|kwetsbaar+overig', [10000.0, 842.1, 842.1], True),
 ('zwaar|kwetsbaar|overig=0', [10000.0, 5333.3, 0.0], True)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd

from mkba.messages import Text
from mkba.pooling import meta_regression
from mkba.scenario import _labels as L
from mkba.schema import SEGMENTS, Study

__all__ = ["HEADLINES", "SPLITS", "CategorySegments", "ScenarioLevel", "SegmentEvidence",
           "SegmentFit", "Split", "category_table", "choose", "fit_categories", "fit_segments",
           "scenario_composition", "scenario_level", "study_mix"]

#: The splits a scenario's headline may use (``effects.segment_split``).
HEADLINES = ("proportional", "heavier")
#: A target breadth that pins a study's mix when it records no households per segment.
_BREADTH = {"zware_problematiek": (1.0, 0.0, 0.0), "kwetsbaar": (0.0, 1.0, 0.0)}


def study_mix(study: Study) -> tuple[tuple[float, float, float] | None, str]:
    """A study's shares of households per segment and where they come from.

    Returns ``(mix, source)``: the recorded households per segment (``"counts"``: all three, or
    some that add up to the households reached, the rest 0), else the target breadth
    (``"target_breadth"``: zware_problematiek or kwetsbaar), else ``(None, "unknown")``.
    """
    counts = (study.households_zwaar, study.households_kwetsbaar, study.households_overig)
    given = [c for c in counts if c is not None]
    if given and sum(given) > 0 and (len(given) == 3 or sum(given) == study.households):
        total = sum(given)
        return tuple((c or 0) / total for c in counts), "counts"
    if study.target_breadth in _BREADTH:
        return _BREADTH[study.target_breadth], "target_breadth"
    return None, "unknown"


@dataclass(frozen=True)
class Split:
    """Consecutive groups of segments (heavy to light) sharing one benefit per household; the
    last ``zeros`` groups get none."""

    groups: tuple[tuple[int, ...], ...]
    zeros: int

    @property
    def free(self) -> tuple[tuple[int, ...], ...]:
        """The groups with an effect of their own."""
        return self.groups[:len(self.groups) - self.zeros]

    @property
    def zero_segments(self) -> int:
        """How many segments get no effect."""
        return sum(len(g) for g in self.groups[len(self.free):])

    @property
    def code(self) -> str:
        """E.g. ``zwaar+kwetsbaar|overig=0``: ``+`` ties, ``|`` separates, ``=0`` no effect."""
        parts = ["+".join(SEGMENTS[s] for s in g) for g in self.groups]
        return "|".join(p if i < len(self.free) else f"{p}=0" for i, p in enumerate(parts))

    def matrix(self) -> np.ndarray:
        """segments x free groups: ``b = matrix @ theta``."""
        m = np.zeros((len(SEGMENTS), len(self.free)))
        for j, group in enumerate(self.free):
            m[list(group), j] = 1.0
        return m

    def text(self) -> Text:
        """The split in words, e.g. 'één bedrag voor zwaar en kwetsbaar; geen effect voor
        overig'."""
        parts = []
        for i, group in enumerate(self.groups):
            names = [L.SEGMENT_WORDS[SEGMENTS[s]] for s in group]
            joined = _listed(names)
            if i >= len(self.free):
                parts.append(Text("geen effect voor {s}", "no effect for {s}", s=joined))
            elif len(group) == 1:
                parts.append(Text("eigen bedrag voor {s}", "own amount for {s}", s=joined))
            else:
                parts.append(Text("één bedrag voor {s}", "one amount for {s}", s=joined))
        template = "; ".join(f"{{p{i}}}" for i in range(len(parts)))
        return Text(template, template, **{f"p{i}": p for i, p in enumerate(parts)})


def _listed(names: list) -> Text:
    """'zwaar', 'zwaar en kwetsbaar', 'zwaar, kwetsbaar en overig' (and in English)."""
    if len(names) == 1:
        return names[0]
    head = ", ".join(f"{{n{i}}}" for i in range(len(names) - 1))
    last = f"{{n{len(names) - 1}}}"
    return Text(f"{head} en {last}", f"{head} and {last}",
                **{f"n{i}": n for i, n in enumerate(names)})


def _all_splits() -> tuple[Split, ...]:
    out = []
    for cuts in product((False, True), repeat=len(SEGMENTS) - 1):  # a cut after segment i
        groups, current = [], [0]
        for i, cut in enumerate(cuts, start=1):
            if cut:
                groups.append(tuple(current))
                current = [i]
            else:
                current.append(i)
        groups.append(tuple(current))
        # the segments without effect form one group (two zero groups are the same split)
        out += [Split(tuple(groups), zeros) for zeros in range(min(2, len(groups)))]
    # fewest groups first, then fewest zeros, then heavier segments tied first
    return tuple(sorted(out, key=lambda s: (len(s.groups), s.zeros,
                                            [-len(g) for g in s.groups])))


#: Every way to tie or zero segments from heavy to light (seven with three segments).
SPLITS = _all_splits()


@dataclass(frozen=True, eq=False)
class SegmentFit:
    """One split fitted to the evidence: ``effects`` per segment (annual euros per reached
    household), their covariance ``cov`` (segments x segments), and whether the split is
    plausible (effects not rising from heavy to light, not negative)."""

    split: Split
    effects: tuple[float, float, float]
    cov: np.ndarray
    plausible: bool


@dataclass(frozen=True, eq=False)
class SegmentEvidence:
    """The segment model of one evidence selection (see the module docstring).

    Attributes
    ----------
    mixes : pandas.DataFrame
        study_id, zwaar, kwetsbaar, overig (shares; NaN when unknown) and source (counts,
        target_breadth or unknown), one row per study pooled.
    excluded : tuple of str
        Ids of studies left out of the model (segment mix unknown).
    rank : int
        How many segment effects the studies identify (the rank of their mixes).
    tau2 : float
        Between-study variance after the mix.
    tau2_pooled : bool
        True when the model could not estimate it (as many studies as distinct mixes) and the
        plain pooling's is used.
    fits : tuple of SegmentFit
        Every split that the studies identify exactly, in :data:`SPLITS` order; empty when no
        study has a known mix.
    """

    mixes: pd.DataFrame
    excluded: tuple
    rank: int
    tau2: float
    tau2_pooled: bool
    fits: tuple

    @property
    def plausible(self) -> tuple:
        """The plausible fits, or every fit when none is plausible."""
        good = tuple(f for f in self.fits if f.plausible)
        return good or self.fits


def fit_segments(studies: pd.DataFrame, mixes: dict, *, method: str,
                 pooled_tau2: float) -> SegmentEvidence:
    """Fit every split that the studies identify exactly (see the module docstring).

    Parameters
    ----------
    studies : pandas.DataFrame
        study_id, benefit (annual per household) and se, as
        :attr:`mkba.scenario.evidence.ScenarioEvidence.studies`.
    mixes : dict
        study id -> (mix, source) as :func:`study_mix` gives them.
    method : str
        The tau2 estimator of the pooling.
    pooled_tau2 : float
        The plain pooling's tau2, used when the model has no degrees of freedom left.
    """
    table = pd.DataFrame([(i, *(mixes[i][0] or (math.nan,) * 3), mixes[i][1])
                          for i in studies["study_id"]],
                         columns=["study_id", *SEGMENTS, "source"])
    known = [i for i, m in enumerate(studies["study_id"]) if mixes[m][0] is not None]
    excluded = tuple(studies["study_id"].iloc[i] for i in range(len(studies)) if i not in known)
    if not known:
        return SegmentEvidence(table, excluded, 0, pooled_tau2, True, ())
    y = studies["benefit"].to_numpy(dtype=float)[known]
    v = studies["se"].to_numpy(dtype=float)[known] ** 2
    X = table[list(SEGMENTS)].to_numpy(dtype=float)[known]
    rank = int(np.linalg.matrix_rank(X))
    designs = [(s, X @ s.matrix()) for s in SPLITS if len(s.free) == rank]
    designs = [(s, Z) for s, Z in designs if np.linalg.matrix_rank(Z) == rank]
    distinct = len({tuple(np.round(row, 12)) for row in X})
    # every exact split spans the same columns: one tau2 for all
    if len(y) > distinct:
        tau2 = _regression(y, v, designs[0][1], method, None).tau2
        from_pool = False
    else:
        tau2, from_pool = pooled_tau2, True
    fits = []
    for split, Z in designs:
        res = _regression(y, v, Z, method, tau2)
        theta = np.array(res.coef)
        P = split.matrix()
        effects = P @ theta
        cov = P @ np.array(res.cov) @ P.T
        plausible = bool(np.all(np.diff(theta) <= 1e-9 * max(1.0, np.max(np.abs(theta))))
                         and theta[-1] >= 0)
        fits.append(SegmentFit(split, tuple(float(b) for b in effects), cov, plausible))
    return SegmentEvidence(table, excluded, rank, float(tau2), from_pool, tuple(fits))


def _regression(y, v, Z, method: str, tau2: float | None):
    """The meta-regression without intercept of ``y`` on the columns of ``Z``
    (:func:`mkba.pooling.meta_regression`), tau2 estimated by ``method`` or fixed."""
    columns = {f"g{j}": Z[:, j] for j in range(Z.shape[1])}
    return meta_regression(y, v, columns, intercept=False, method=method, tau2=tau2)


def choose(fits, headline: str) -> SegmentFit:
    """The headline fit: ``proportional`` the one with the fewest segments without effect,
    ``heavier`` the most (ties in :data:`SPLITS` order)."""
    sign = 1 if headline == "proportional" else -1
    return min(fits, key=lambda f: sign * f.split.zero_segments)


@dataclass(frozen=True, eq=False)
class ScenarioLevel:
    """A scenario's benefit per reached household (see the module docstring).

    Attributes
    ----------
    benefit, sd : float
        ``B`` under the headline split (euros a year per reached household, before the
        multiplier) and the standard deviation of its prediction distribution.
    source : str
        ``evidence`` (the segment model), ``local`` (``effects.per_segment``) or ``pooled``
        (no study has a known segment mix: one pooled benefit for every segment).
    identified : bool
        True when every plausible split gives the same ``B`` (or the figures are local).
    headline : SegmentFit or None
        The split of the headline (None for local figures and ``pooled``).
    splits : tuple of (SegmentFit, float)
        Every plausible split with its ``B`` (empty for local figures and ``pooled``).
    effects : tuple of float
        The benefit per reached household per segment of the headline (``b_s``, before the
        caseload factor).
    """

    benefit: float
    sd: float
    source: str
    identified: bool
    headline: SegmentFit | None
    splits: tuple
    effects: tuple


def scenario_level(seg: SegmentEvidence, pooled, reached, factors, headline: str,
                   local=None) -> ScenarioLevel:
    """The benefit per reached household of a team that reaches ``reached`` households per
    segment (at full operation), with caseload factors ``factors`` per segment.

    ``pooled`` is the plain pooled total (:class:`mkba.pooling.PooledEffect`), used when no
    study has a known mix; ``local`` the municipality's own figures per segment (None where
    not given).
    """
    reached = np.asarray(reached, dtype=float)
    total = reached.sum()
    a = (reached / total if total > 0 else np.zeros_like(reached)) * np.asarray(factors)
    if local is not None:
        effects = tuple(0.0 if x is None else float(x) for x in local)
        return ScenarioLevel(float(a @ np.array(effects)), 0.0, "local", True, None, (),
                             effects)
    if not seg.fits:
        b = float(pooled.estimate)
        return ScenarioLevel(b * float(a.sum()), float(pooled.prediction_sd * a.sum()),
                             "pooled", False, None, (), (b,) * len(SEGMENTS))
    fits = seg.plausible
    splits = tuple((f, float(a @ np.array(f.effects))) for f in fits)
    chosen = choose(fits, headline)
    benefit = float(a @ np.array(chosen.effects))
    var = float(a @ chosen.cov @ a) + seg.tau2 * float(a.sum()) ** 2
    scale = max(1.0, abs(benefit))
    identified = all(abs(b - benefit) <= 1e-9 * scale for _, b in splits)
    return ScenarioLevel(benefit, math.sqrt(max(var, 0.0)), "evidence", identified, chosen,
                         splits, chosen.effects)


#: Why a benefit category follows the total's split over the segments (the column ``reason``
#: of :func:`category_table`); ``segments`` when it has its own segment effects.
CATEGORY_REASONS = ("segments", "no_segment_model", "too_few_studies", "no_variance",
                    "not_identified")


@dataclass(frozen=True, eq=False)
class CategorySegments:
    """One benefit category's benefit per reached household per segment and actor.

    Attributes
    ----------
    category : str
    k : int
        The selected studies that have the category and a known segment mix.
    needed : int
        The studies it needs for segment effects of its own: one more than the segment
        effects the evidence identifies (:attr:`SegmentEvidence.rank`).
    reason : str
        ``segments`` (estimated) or why not (:data:`CATEGORY_REASONS`).
    effects : mapping
        Split code (:attr:`Split.code`) -> actor -> array of the annual benefit per reached
        household per segment; empty when the category follows the total's split.
    """

    category: str
    k: int
    needed: int
    reason: str
    effects: dict

    @property
    def estimated(self) -> bool:
        """True when the category has segment effects of its own."""
        return self.reason == "segments"


def fit_categories(seg: SegmentEvidence, rows, mixes: dict, *, method: str) -> tuple:
    """Benefit per segment of each benefit category and actor, where the data allow.

    **The rule.** A category gets segment effects of its own when (1) it is pooled (two or more
    studies, at least one giving it a variance), (2) at least ``rank + 1`` of its studies have
    a known segment mix, ``rank`` being the segment effects the evidence as a whole identifies
    (one degree of freedom left for its tau2), and (3) those studies identify every split that
    the total's segment model fits (the same segments are separable on them). It is then the
    meta-regression without intercept of the category's annual amount per household on the
    studies' mixes (:func:`mkba.pooling.meta_regression`), for every split of the total, with
    its own tau2 (estimated by ``method``). Its actors are split by the same weights (each
    actor's amounts regressed with the category's tau2): weighted least squares is linear in
    the amounts, so the actors add up to the category in every segment, as the plain pooling
    splits a category over actors. Otherwise (``reason`` says why) the category follows the
    total's split over the segments in proportion (:func:`scenario_composition`).

    Parameters
    ----------
    seg : SegmentEvidence
        The total's segment model (:func:`fit_segments`).
    rows : iterable of (category, study_ids, values, ses, parts)
        Per benefit category: the ids of the studies that have it, their annual amounts per
        household, standard errors (None when no study gives it a variance) and per study a
        mapping actor -> annual amount per household.
    mixes : dict
        study id -> (mix, source), as :func:`study_mix` gives them.
    method : str
        The tau2 estimator of the pooling.

    Returns
    -------
    tuple of CategorySegments
    """
    out = []
    needed = seg.rank + 1
    for category, ids, values, ses, parts in rows:
        known = [j for j, i in enumerate(ids) if mixes[i][0] is not None]
        k = len(known)

        def follows(reason, k=k, category=category):
            return CategorySegments(category, k, needed, reason, {})

        if not seg.fits:
            out.append(follows("no_segment_model"))
            continue
        if k < needed:
            out.append(follows("too_few_studies"))
            continue
        if ses is None:
            out.append(follows("no_variance"))
            continue
        X = np.array([mixes[ids[j]][0] for j in known], dtype=float)
        if any(np.linalg.matrix_rank(X @ f.split.matrix()) < len(f.split.free)
               for f in seg.fits):
            out.append(follows("not_identified"))
            continue
        y = np.array([values[j] for j in known], dtype=float)
        v = np.array([ses[j] for j in known], dtype=float) ** 2
        tau2 = _regression(y, v, X @ seg.fits[0].split.matrix(), method, None).tau2
        actors = list(dict.fromkeys(a for j in known for a in parts[j]))
        effects = {}
        for fit in seg.fits:
            P = fit.split.matrix()
            Z = X @ P
            effects[fit.split.code] = {
                a: P @ np.array(_regression(np.array([parts[j].get(a, 0.0) for j in known]),
                                            v, Z, method, tau2).coef)
                for a in actors}
        out.append(CategorySegments(category, k, needed, "segments", effects))
    return tuple(out)


def scenario_composition(seg: SegmentEvidence, categories, composition: pd.DataFrame,
                         level: ScenarioLevel, reached, factors,
                         headline: str) -> pd.DataFrame:
    """The shares of the team's benefits per category and actor, following its segment mix.

    Per segment ``s`` each (category, actor) gets an amount per reached household: its own
    segment effect where the category has one (:func:`fit_categories`), else its pooled share
    of the benefits (``composition``) times the total's segment effect ``b_s`` (the total's
    split applied in proportion). Within a segment these amounts become shares (the total
    sets the level, the categories the composition, as in :mod:`mkba.scenario.evidence`), and
    the team's share of (category, actor) is ``sum_s a_s L_s share_cas / sum_s a_s L_s`` with
    ``a_s`` its reach share times caseload factor and ``L_s`` the benefit per reached household
    of segment ``s`` (the headline split's, or the local figure). A segment whose amounts do
    not add up to more than 0, and a team without benefits, keep the pooled composition;
    without a segment model (no study with a known mix) the pooled composition is returned.

    Examples
    --------
    With every category following the total's split, the team gets the pooled composition:

    >>> import pandas as pd
    >>> studies = pd.DataFrame({"study_id": ["a", "b", "c"], "benefit": [900.0, 100.0, 500.0],
    ...                         "se": [10.0] * 3})
    >>> mixes = {"a": ((1.0, 0.0, 0.0), "counts"), "b": ((0.0, 1.0, 0.0), "counts"),
    ...          "c": ((0.5, 0.5, 0.0), "counts")}
    >>> seg = fit_segments(studies, mixes, method="fe", pooled_tau2=0.0)
    >>> comp = pd.DataFrame({"category": ["jeugdzorg", "gezondheid"],
    ...                      "actor": ["gemeente", "zorgverzekeraar"], "share": [0.25, 0.75]})
    >>> lvl = scenario_level(seg, None, (10, 30, 0), (1, 1, 1), "proportional")
    >>> scenario_composition(seg, (), comp, lvl, (10, 30, 0), (1, 1, 1), "proportional")[
    ...     "share"].round(6).tolist()
    [0.25, 0.75]
    """
    if not seg.fits or not len(composition):
        return composition
    reached = np.asarray(reached, dtype=float)
    total = reached.sum()
    a = (reached / total if total > 0 else np.zeros_like(reached)) * np.asarray(factors)
    fit = level.headline or choose(seg.plausible, headline)
    own = {c.category: c.effects[fit.split.code] for c in categories if c.estimated}
    pooled = composition["share"].to_numpy(dtype=float)
    b = np.array(fit.effects)
    amounts = np.array([own[c][actor] if c in own else share * b
                        for c, actor, share in composition.itertuples(index=False)])
    sums = amounts.sum(axis=0)  # per segment
    shares = np.where(sums > 0, amounts / np.where(sums > 0, sums, 1.0), pooled[:, None])
    weights = a * np.asarray(level.effects, dtype=float)
    team = weights.sum()
    out = composition.copy()
    out["share"] = shares @ weights / team if team > 0 else pooled
    return out


def category_table(categories) -> pd.DataFrame:
    """Per benefit category: k (studies with a known mix), needed, reason
    (:data:`CATEGORY_REASONS`) and estimated (segment effects of its own)."""
    return pd.DataFrame([(c.category, c.k, c.needed, c.reason, c.estimated) for c in categories],
                        columns=["category", "k", "needed", "reason", "estimated"])
