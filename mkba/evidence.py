"""From studies to the numbers that are pooled: one effect and one variance per study.

A pooled analysis needs, per study, an effect on a common basis and its variance. MKBAs seldom
report a standard error, so the variance comes from, in this order (and the table says which):

1. ``"interval"``: a reported interval of the benefit-cost ratio with its level (for example a
   90% interval from the study's own Monte Carlo analysis): the standard error is the interval's
   width divided by ``2 * z``, on the log scale for ``log_bcr``.
2. ``"range"``: the spread of the study's own sensitivity variants (or a reported low/high range
   without a level). **Assumption**, configurable with ``coverage``: each side of the range
   (from the base case down to the lowest variant, and up to the highest) is one side of a
   ``coverage`` interval (default 90%) of the study's uncertainty. The standard error comes from
   the wider side, ``max(base - lowest, highest - base) / z``, on the scale that is pooled (the
   log scale for ``log_bcr``), so a study with one variant below its base case weighs as much as
   one with the same distance on both sides. The study's own interval (:func:`study_intervals`)
   keeps the range's asymmetry: each side is scaled from its own variants, so the interval
   contains every variant and never reaches beyond the side the study reported (a study with
   only a low variant has its base case as upper bound).
3. ``"default"``: no interval and no variants that move the measure. The study gets the largest
   variance among the other studies (a conservative choice: it gets the least weight) and is
   flagged wherever results appear.

Measures (``measure=``): ``log_bcr`` (pooled and shown back-transformed as a ratio),
``net_per_household``, ``benefits_per_household``, ``costs_per_household``,
``benefit_per_household:<category>`` (a benefit category code) and
``balance_per_household:<actor>`` (an actor code). Per-household amounts are present values in
euros of the common price year.

Absent actors and categories are not zeros
------------------------------------------
An actor *occurs* in a study when the study's base case has at least one line item of that
actor; a benefit category occurs when the base case has at least one benefit line item of that
category. A study in which an actor or category does not occur has not measured it: that is
not a measured balance of 0. So :func:`measure_value` gives None for
``balance_per_household:<actor>`` and ``benefit_per_household:<category>`` of a base case
without them, and :func:`study_evidence` leaves such a study out of the pooling of that measure
and lists it in :attr:`Evidence.excluded` with the reason code :data:`ABSENT` (``"absent"``, the
same in Dutch and English; the report words it). The actor's or category's pooled value is
therefore an estimate for the settings in which it occurs, over the ``k`` studies that have it,
and every output shows that ``k`` beside it. (Within a study that has the actor, a sensitivity
variant without any line item of it does give 0: the study itself models the actor, and the
variant sets its amounts to nothing.) With fewer than three such studies no probability is
given (:data:`mkba.analysis.MIN_STUDIES_PROBABILITY`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy.special import ndtri

from mkba.appraisal import Appraisal, appraise_studies
from mkba.basis import Basis, as_basis
from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.phrases import short_repr
from mkba.schema import BASE_VARIANT, CHARACTERISTICS, Study
from mkba.vocab import vocabulary

__all__ = ["ABSENT", "POOLED_MEASURES", "Evidence", "check_coverage", "fill_default",
           "measure_value", "reported_interval", "study_evidence", "study_intervals", "study_se"]

#: Measures that can be pooled, with Dutch and English labels; ``:<code>`` measures take a code.
POOLED_MEASURES = MappingProxyType({
    "log_bcr": ("Baten-kostenverhouding", "Benefit-cost ratio"),
    "net_per_household": ("Netto contante waarde per huishouden",
                          "Net present value per household"),
    "benefits_per_household": ("Baten per huishouden", "Benefits per household"),
    "costs_per_household": ("Kosten per huishouden", "Costs per household"),
    "benefit_per_household": ("Baten per huishouden, categorie", "Benefits per household, "
                              "category"),
    "balance_per_household": ("Saldo per huishouden, actor", "Balance per household, actor"),
})

#: Reason code in :attr:`Evidence.excluded` of a study in which the measure's actor or benefit
#: category does not occur (see the module docstring): neutral, the report words it.
ABSENT = "absent"


def _split(measure: str) -> tuple[str, str | None]:
    name, _, code = str(measure).partition(":")
    if name not in POOLED_MEASURES:
        raise ArgumentError(Text("measure={measure} is niet toegestaan; gebruik een van "
                                 "{measures} (de laatste twee als naam:code)", "measure="
                                 "{measure} is not allowed; use one of {measures} (the last two "
                                 "as name:code)", measure=short_repr(measure),
                                 measures=list(POOLED_MEASURES)))
    if name in ("benefit_per_household", "balance_per_household"):
        vocab = "benefit_categories" if name.startswith("benefit") else "actors"
        if not code or code not in vocabulary(vocab).codes:
            raise ArgumentError(Text("measure={measure!r} vraagt na ':' een code uit {codes}",
                                     "measure={measure!r} needs a code after ':' from {codes}",
                                     measure=measure, codes=list(vocabulary(vocab).codes)))
    elif code:
        raise ArgumentError(Text("measure={measure!r}: {name} heeft geen ':code'",
                                 "measure={measure!r}: {name} takes no ':code'",
                                 measure=measure, name=name))
    return name, code or None


def measure_value(appraisal: Appraisal, measure: str) -> float | None:
    """The value of ``measure`` for one appraisal (None when undefined, e.g. no costs).

    For ``balance_per_household:<actor>`` and ``benefit_per_household:<category>`` the value is
    None when the appraisal is a base case without any line item of that actor (benefit line
    item of that category): the study did not measure it, which is not a measured 0 (see the
    module docstring). A sensitivity variant of such a study gives 0 instead: the study models
    the actor, and the variant has none of its amounts.

    Examples
    --------
    >>> from mkba.appraisal import appraise
    >>> from mkba.schema import Study, items_frame
    >>> items = items_frame([dict(variant="basis", kind=k, category=c, actor=a, amount=v)
    ...     for k, c, a, v in [("cost", "uitvoering_team", "gemeente", 100.0),
    ...                        ("benefit", "jeugdzorg", "gemeente", 150.0),
    ...                        ("benefit", "gezondheid", "zorgverzekeraar", 50.0)]])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=1,
    ...           households=10, illustrative=False, items=items)
    >>> a = appraise(s, price_year=2015)
    >>> round(measure_value(a, "log_bcr"), 6) == round(math.log(2.0), 6)
    True
    >>> measure_value(a, "balance_per_household:gemeente")  # (150 - 100) / 10
    5.0

    The study has no line item of the police, nor benefits in the category debts: absent, not 0.

    >>> measure_value(a, "balance_per_household:politie_justitie") is None
    True
    >>> measure_value(a, "benefit_per_household:schulden") is None
    True
    """
    name, code = _split(measure)
    hh = appraisal.households if appraisal.households and appraisal.households > 0 else None
    if name == "log_bcr":
        return math.log(appraisal.bcr) if appraisal.bcr and appraisal.bcr > 0 else None
    if hh is None:
        return None
    if name == "net_per_household":
        return appraisal.net_per_household
    if name == "benefits_per_household":
        return appraisal.pv_benefits_per_household
    if name == "costs_per_household":
        return appraisal.pv_costs_per_household
    lookup = (appraisal.benefit_by_category if name == "benefit_per_household"
              else appraisal.balance_by_actor)
    amount = lookup.get(code)
    if amount is None and appraisal.variant == BASE_VARIANT:
        return None  # absent from the study's base case: not measured, not 0
    return float(amount or 0.0) / hh


def _absent(appraisal: Appraisal, measure: str) -> bool:
    """True when ``measure`` names an actor or category that the base case ``appraisal`` has
    no line item of (with households reached: otherwise the measure is undefined anyway)."""
    name, _ = _split(measure)
    return (name in ("benefit_per_household", "balance_per_household")
            and bool(appraisal.households and appraisal.households > 0)
            and measure_value(appraisal, measure) is None)


def _z(level: float) -> float:
    return float(ndtri(0.5 + level / 2))


def reported_interval(study: Study, measure: str, base: Appraisal):
    """The study's reported interval of the ratio on the scale of ``measure``, or None.

    Parameters
    ----------
    study : Study
    measure : str
        See :data:`POOLED_MEASURES`. An interval of the ratio counts for ``log_bcr`` (on the log
        scale, a positive lower bound needed) and, with the costs taken as known, for
        ``net_per_household`` and ``benefits_per_household`` (width ``(high - low) * costs per
        household``); for the other measures it says nothing.
    base : Appraisal
        The study's base case on the common basis (its costs per household).

    Returns
    -------
    tuple of (width, level) or None
        ``level`` is None for a reported range without a level (see :func:`study_se`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from mkba.schema import ReportedFigure
    >>> s = SimpleNamespace(reported_figure=lambda *_: ReportedFigure(
    ...     "basis", "bcr", 2.0, low=1.5, high=2.5, level=0.9))
    >>> reported_interval(s, "benefits_per_household", SimpleNamespace(
    ...     pv_costs_per_household=100.0))
    (100.0, 0.9)
    >>> reported_interval(s, "costs_per_household", None) is None
    True
    """
    name, _ = _split(measure)
    fig = study.reported_figure("bcr", BASE_VARIANT)
    if fig is None or fig.low is None or fig.high is None or not fig.low < fig.high:
        return None
    if name == "log_bcr":
        if fig.low <= 0:
            return None
        width = math.log(fig.high) - math.log(fig.low)
    elif name in ("net_per_household", "benefits_per_household") and \
            base.pv_costs_per_household:
        # the costs taken as known: an interval of the ratio is one of benefits = ratio * costs
        width = (fig.high - fig.low) * base.pv_costs_per_household
    else:
        return None
    return width, fig.level


def study_se(values, *, coverage: float, reported=None) -> tuple[float | None, str]:
    """One study's standard error for one measure, by the first rule that applies.

    The rules of the module docstring: a reported interval with a level (``"interval"``), a
    reported range without one or the range of the variants, taken to cover ``coverage``
    (``"range"``); else no standard error (``"default"``: see :func:`fill_default`).

    Parameters
    ----------
    values : iterable of float or None
        The measure in the base case first and then in each of the study's variants; only read
        when ``reported`` is None, so it may be a lazy generator. None and non-finite values are
        left out.
    coverage : float
        Assumed coverage of a range, as checked by :func:`check_coverage`.
    reported : tuple of (width, level), optional
        From :func:`reported_interval`.

    Returns
    -------
    (se, source)
        ``se`` is None when the source is ``"default"``.

    Examples
    --------
    Base 1.5, variants 1.0 and 2.0: each side 0.5 is one side of a 90% interval,
    se = 0.5 / 1.6449 = 0.304; with only the low variant the wider side is the same 0.5; base
    1.5 with variants 1.2 and 2.5: the wider side 1.0 gives 1.0 / 1.6449 = 0.608. A reported 95%
    interval of width 2: 2 / (2 * 1.96) = 0.5102.

    >>> [round(study_se(v, coverage=0.9)[0], 4) for v in ([1.5, 1.0, 2.0], [1.5, 1.0],
    ...                                                    [1.5, 1.2, 2.5])]
    [0.304, 0.304, 0.608]
    >>> se, source = study_se([1.5, 1.0, 2.0], coverage=0.9)
    >>> source
    'range'
    >>> se, source = study_se([], coverage=0.9, reported=(2.0, 0.95))
    >>> round(se, 4), source
    (0.5102, 'interval')
    >>> study_se([1.5, 1.5, None], coverage=0.9)
    (None, 'default')
    """
    if reported is not None:
        width, level = reported
        if level is not None:
            return width / (2 * _z(level)), "interval"
        return width / (2 * _z(coverage)), "range"
    values = list(values)
    spread = _spread(values)
    if spread is not None:
        low, high = spread
        base = values[0] if _finite(values[0]) else (low + high) / 2
        return max(base - low, high - base) / _z(coverage), "range"
    return None, "default"


def _finite(value) -> bool:
    return value is not None and math.isfinite(value)


def _spread(values) -> tuple[float, float] | None:
    """(lowest, highest) of the finite ``values`` when they differ; None otherwise."""
    finite = [v for v in values if _finite(v)]
    if len(finite) > 1 and max(finite) > min(finite):
        return min(finite), max(finite)
    return None


def study_intervals(table: pd.DataFrame, *, level: float,
                    coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """Each study's own interval at ``level``, on the pooled scale (the rule of the module
    docstring): ``effect -/+ z * se``, except for a range of variants, whose sides are each
    scaled from the study's own variants by ``z(level) / z(coverage)`` and widened, when needed,
    to contain every variant.

    Parameters
    ----------
    table : pandas.DataFrame
        :attr:`Evidence.table` (effect, se, variance_source, variant_low, variant_high).
    level : float
        Level of the intervals, e.g. the pooled result's confidence level.
    coverage : float
        The coverage assumed for a range (:attr:`Evidence.coverage`).

    Returns
    -------
    (low, high) : two numpy arrays, in table order

    Examples
    --------
    Base 3.45 with one low variant 1.72, a 90% coverage: the upper bound is the base case, the
    lower one is 3.45 * (1.72 / 3.45) ** (1.96 / 1.6449) = 1.5053 (below the variant).

    >>> t = pd.DataFrame({"effect": [math.log(3.45)], "se": [math.log(3.45 / 1.72) / 1.6449],
    ...                   "variance_source": ["range"], "variant_low": [math.log(1.72)],
    ...                   "variant_high": [math.log(3.45)]})
    >>> low, high = study_intervals(t, level=0.95, coverage=0.9)
    >>> round(math.exp(low[0]), 4), round(math.exp(high[0]), 4)
    (1.5053, 3.45)
    """
    effect = table["effect"].to_numpy(dtype=float)
    se = table["se"].to_numpy(dtype=float)
    z = _z(level)
    low, high = effect - z * se, effect + z * se
    vlow = table["variant_low"].to_numpy(dtype=float)
    vhigh = table["variant_high"].to_numpy(dtype=float)
    ranged = (table["variance_source"].to_numpy() == "range") & np.isfinite(vlow) & \
        np.isfinite(vhigh)
    scale = z / _z(coverage)
    low = np.where(ranged, np.minimum(effect - scale * (effect - vlow), vlow), low)
    high = np.where(ranged, np.maximum(effect + scale * (vhigh - effect), vhigh), high)
    return low, high


def fill_default(ses) -> tuple[list[float], list[bool]] | None:
    """The default rule: a study without a standard error gets the largest of the others.

    Parameters
    ----------
    ses : sequence of float or None
        Per study, from :func:`study_se` (on the scale the studies are pooled on).

    Returns
    -------
    (ses, flagged) or None
        The standard errors with the default filled in, and per study whether it was (such a
        study is flagged wherever results appear). None when ``ses`` is not empty and no study
        has a standard error: the rule has nothing to go on, and the caller says so.

    Examples
    --------
    >>> fill_default([0.2, None, 0.3])
    ([0.2, 0.3, 0.3], [False, True, False])
    >>> fill_default([None, None]) is None
    True
    """
    known = [s for s in ses if s is not None]
    if not known:
        return None if len(ses) else ([], [])
    default = max(known)
    return [default if s is None else s for s in ses], [s is None for s in ses]


@dataclass(frozen=True, eq=False)
class Evidence:
    """Per-study effects and variances for one measure on one basis.

    Attributes
    ----------
    measure : str
    table : pandas.DataFrame
        One row per study: study_id, title, effect, se, variance, variance_source
        (interval / range / default), flagged, recomputed, illustrative, and the study
        characteristics of :data:`mkba.schema.CHARACTERISTICS`.
    coverage : float
        The assumed coverage of a range (see the module docstring).
    basis : Basis
        The common basis of the appraisals.
    excluded : tuple of (study_id, reason)
        Studies for which the measure is undefined; the reason is :data:`ABSENT` for a study
        without the measure's actor or category (see the module docstring).
    """

    measure: str
    table: pd.DataFrame
    coverage: float
    basis: Basis = field(default_factory=as_basis)
    excluded: tuple[tuple[str, str], ...] = ()

    @property
    def effects(self) -> np.ndarray:
        """The effects, in table order."""
        return self.table["effect"].to_numpy(dtype=float)

    @property
    def variances(self) -> np.ndarray:
        """The variances, in table order."""
        return self.table["variance"].to_numpy(dtype=float)

    @property
    def labels(self) -> tuple[str, ...]:
        """Study ids, in table order."""
        return tuple(self.table["study_id"])

    def to_frame(self) -> pd.DataFrame:
        """A copy of :attr:`table`."""
        return self.table.copy()


def check_coverage(coverage) -> float:
    """The assumed coverage of a study's sensitivity range, checked: a share strictly between
    0 and 1 (0.9 for 90%); ArgumentError naming ``coverage`` and its value otherwise.

    Examples
    --------
    >>> check_coverage(0.9)
    0.9
    >>> check_coverage(90)
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: coverage=90 is niet toegestaan; geef een aandeel tussen 0 en 1 \
(0 en 1 zelf niet), zoals 0.9 (niet 90)
    """
    if isinstance(coverage, bool) or not isinstance(coverage, Real) or \
            not 0 < coverage < 1:  # also refuses NaN
        raise ArgumentError(Text("coverage={coverage} is niet toegestaan; geef een aandeel tussen "
                                 "0 en 1 (0 en 1 zelf niet), zoals 0.9 (niet 90)",
                                 "coverage={coverage} is not allowed; give a share strictly "
                                 "between 0 and 1, such as 0.9 (not 90)",
                                 coverage=short_repr(coverage)))
    return float(coverage)


def study_evidence(studies, measure: str = "log_bcr", *, basis: Basis | None = None,
                   coverage: float = 0.90, appraisals=None, **changes) -> Evidence:
    """Effects and variances of ``measure`` for each study, on a common basis.

    Parameters
    ----------
    studies : iterable of Study
    measure : str
        See :data:`POOLED_MEASURES`.
    coverage : float
        Share of a study's uncertainty that the range of its sensitivity variants (or a
        reported range without a level) is assumed to cover; 0 < coverage < 1.
    basis, **changes
        The common basis, as in :func:`mkba.appraisal.appraise`.
    appraisals : mapping of study id to tuple of Appraisal, optional
        The result of :func:`mkba.appraisal.appraise_all` per study on this same basis, when
        the caller has it already (several measures of the same studies); computed otherwise.

    Returns
    -------
    Evidence

    Raises
    ------
    ArgumentError
        For an unknown measure, a coverage outside (0, 1), or when no study has any source of
        variance (then the default rule has nothing to go on).

    Examples
    --------
    Two studies of 10 households with costs of 1000; the first has variants with ratios 1.0
    and 2.0 around its base case 1.5, the second none (so it gets the first one's variance and
    is flagged). On the log scale the sides are log 1.5 - log 1 = 0.4055 and log 2 - log 1.5 =
    0.2877; the wider one is one side of a 90% interval: se = 0.4055 / 1.6449 = 0.2465. The
    study's own 95% interval scales each side by 1.96 / 1.6449: from 1.5 * (1.0 / 1.5) ** 1.1916
    = 0.9253 to 1.5 * (2.0 / 1.5) ** 1.1916 = 2.1133.

    >>> from mkba.schema import Study, items_frame
    >>> def study(id, ratios):
    ...     items = items_frame([dict(variant=sc, kind=k, category=c, actor="gemeente",
    ...                               amount=v) for sc, r in ratios.items()
    ...                          for k, c, v in [("cost", "uitvoering_team", 1000.0),
    ...                                          ("benefit", "jeugdzorg", 1000.0 * r)]])
    ...     return Study(id, id, "Testdorp", "Team", "zorg_welzijnsteam", "wijk", "kwetsbaar",
    ...                  "gezinnen", "lopend", "ex_post", "volledig", year=2015, price_year=2015,
    ...                  discount_rate=0.055, first_year=2015, horizon=1, households=10,
    ...                  illustrative=True, items=items)
    >>> ev = study_evidence([study("a", {"basis": 1.5, "laag": 1.0, "hoog": 2.0}),
    ...                      study("b", {"basis": 1.2})], price_year=2015)
    >>> ev.table[["study_id", "variance_source", "flagged"]].values.tolist()
    [['a', 'range', False], ['b', 'default', True]]
    >>> [round(x, 4) for x in ev.table["se"]]
    [0.2465, 0.2465]
    >>> low, high = study_intervals(ev.table, level=0.95, coverage=0.9)
    >>> round(math.exp(low[0]), 4), round(math.exp(high[0]), 4)
    (0.9253, 2.1133)
    """
    _split(measure)
    coverage = check_coverage(coverage)
    basis = as_basis(basis, **changes)
    studies = list(studies)
    appraisals = appraise_studies(studies, basis, appraisals)
    rows, excluded = [], []
    for study in studies:
        variants = appraisals[study.id]
        base = variants[0]
        effect = measure_value(base, measure)
        if effect is None or not math.isfinite(effect):
            excluded.append((study.id, ABSENT if _absent(base, measure) else
                             f"{measure} is undefined for this study"))
            continue
        reported = reported_interval(study, measure, base)
        values = [] if reported is not None else [effect] + [
            measure_value(a, measure) for a in variants[1:]]
        se, source = study_se(values, coverage=coverage, reported=reported)
        spread = _spread(values) if source == "range" else None
        low, high = spread if spread is not None else (math.nan, math.nan)
        rows.append({
            "study_id": study.id, "title": study.title, "effect": effect, "se": se,
            "variance_source": source, "variant_low": low, "variant_high": high,
            "recomputed": base.recomputed, "illustrative": study.illustrative,
            **{c: getattr(study, c) for c in CHARACTERISTICS},
        })
    filled = fill_default([r["se"] for r in rows])
    if filled is None:
        raise ArgumentError(Text(
            "geen studie heeft een interval of gevoeligheidsvarianten voor {measure}, dus er is "
            "geen variantie af te leiden; voeg gerapporteerde intervallen of varianten toe",
            "no study has an interval or sensitivity variants for {measure}, so no variance can "
            "be derived; add reported intervals or variants", measure=measure))
    for r, se, flagged in zip(rows, *filled, strict=True):
        r["se"], r["flagged"], r["variance"] = se, flagged, se ** 2
    cols = ["study_id", "title", "effect", "se", "variance", "variance_source", "variant_low",
            "variant_high", "flagged",
            "recomputed", "illustrative", *CHARACTERISTICS]
    table = pd.DataFrame(rows, columns=cols)
    return Evidence(measure, table, float(coverage), basis, tuple(excluded))
