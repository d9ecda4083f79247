"""The appraisal of one study on a chosen basis: present values, ratio, per actor, per
category and per year, payback year; and the check against the figures a study reports.

The basis is a :class:`mkba.basis.Basis`; price indexing lives in :mod:`mkba.prices` and
discounting in :mod:`mkba.discounting`. The line
items of each variant are checked and grouped once per study (:mod:`mkba._appraisal_arrays`);
an appraisal then works on numpy arrays and builds its three small tables at the end.

Conventions
-----------
Price year
    Amounts are price indexed with the CBS CPI to the target price year (default: the latest
    year of the table); years outside the table are an error, never extrapolated.
Rates and timing
    A rate is None (the study's own), a decimal or a Dutch regime code. Flows are yearly, the
    first in the study's ``first_year``, which is discounted one year (``timing="t1"``, the
    default) or not at all (``"t0"``).
Present values
    Line items without a year are present values as the study reports them: they are price
    indexed but never re-discounted or re-horizoned, and the appraisal says so
    (``recomputed=False`` and ``basis_note``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cached_property
from numbers import Integral

import numpy as np
import pandas as pd

from mkba._appraisal_arrays import VariantArrays, variant_arrays
from mkba.basis import Basis, as_basis
from mkba.discounting import TIMINGS, discount_factors, payback_year, rate_value
from mkba.errors import ArgumentError, InputError, ReferenceDataError
from mkba.formatting import percent
from mkba.messages import Text
from mkba.phrases import short_repr as show
from mkba.prices import price_index_factor
from mkba.schema import BASE_VARIANT, Study

__all__ = ["Appraisal", "appraise", "appraise_all", "appraise_studies", "describe_basis",
           "reconcile", "reported_mismatches"]


@dataclass(frozen=True, eq=False)
class Appraisal:
    """One variant of one study on one basis; amounts in euros of ``price_year``.

    ``rate`` and ``horizon`` are those applied to yearly flows; ``study_rate``,
    ``study_horizon`` and ``study_price_year`` are the study's own. ``recomputed`` is True when
    every line item is a yearly flow; otherwise the present values are used as reported (price
    indexed only) and ``basis_note`` says so. ``bcr`` is None when there are no positive costs,
    the per-household figures when ``households`` is not positive, ``payback_year`` (first
    calendar year from which the cumulative discounted net benefit stays >= 0) when it is never
    reached or the variant is not recomputed. ``by_actor`` (actor, costs, benefits, balance)
    adds up exactly to ``pv_costs`` and ``pv_benefits``; ``by_category`` (kind, category,
    amount) and ``by_item`` (kind, category, actor, amount) add up to them by kind;
    ``by_year`` holds the yearly flows within the horizon (year, costs, benefits,
    discount_factor, pv_net, cumulative_pv_net). ``basis`` is the common basis it was made on.
    """

    study_id: str
    variant: str
    price_year: int
    rate: float
    timing: str
    horizon: int
    study_price_year: int
    study_rate: float
    study_horizon: int
    pv_costs: float
    pv_benefits: float
    net_pv: float
    bcr: float | None
    households: int
    pv_costs_per_household: float | None
    pv_benefits_per_household: float | None
    net_per_household: float | None
    payback_year: int | None
    recomputed: bool
    basis_note: str
    basis: Basis
    by_actor: pd.DataFrame
    by_category: pd.DataFrame
    by_item: pd.DataFrame
    by_year: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the scalar fields (not the basis object and the breakdowns).

        Examples
        --------
        Costs 100 and benefits 150 in the first year, at rate 0: ratio 1.5, net 50.

        >>> from mkba.schema import Study, items_frame
        >>> items = items_frame([dict(variant="basis", kind=k, category="overig",
        ...                           actor="gemeente", year=2015, amount=v)
        ...                      for k, v in [("cost", 100.0), ("benefit", 150.0)]])
        >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
        ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
        ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=1,
        ...           households=10, illustrative=False, items=items)
        >>> row = appraise(s, price_year=2015, rate=0.0).to_frame().iloc[0]
        >>> float(row["bcr"]), float(row["net_pv"]), float(row["net_per_household"])
        (1.5, 50.0, 5.0)
        """
        skip = ("basis", "by_actor", "by_category", "by_item", "by_year")
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}
        return pd.DataFrame([row])

    @cached_property
    def balance_by_actor(self) -> dict[str, float]:
        """Balance (benefits - costs) of each actor that has a line item: ``by_actor`` as a
        lookup (one row per actor), read many times when studies are pooled per actor."""
        return dict(zip(self.by_actor["actor"].tolist(), self.by_actor["balance"].tolist(),
                        strict=True))

    @cached_property
    def benefit_by_category(self) -> dict[str, float]:
        """Present value of the benefits of each category that has a benefit line item:
        ``by_category`` as a lookup (one row per kind and category)."""
        cat = self.by_category
        return {c: a for k, c, a in zip(cat["kind"].tolist(), cat["category"].tolist(),
                                        cat["amount"].tolist(), strict=True) if k == "benefit"}


def _actor_sums(arrays: VariantArrays, pv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Present values of the costs and of the benefits of each actor (``math.fsum`` per group
    in row order); their sums are the totals of the appraisal."""
    sums = arrays.by_actor.fsums(pv)
    n = len(arrays.actors)
    return np.array(sums[:n], dtype=float), np.array(sums[n:], dtype=float)


def _breakdowns(arrays: VariantArrays, pv: np.ndarray):
    """by_actor, by_category, by_item and the totals, all from ``math.fsum`` per group in row
    order."""
    string = pd.StringDtype()  # what dtype="string" stands for, without the registry lookup
    costs, benefits = _actor_sums(arrays, pv)
    by_actor = pd.DataFrame({
        "actor": pd.array(list(arrays.actors), dtype=string),
        "costs": costs, "benefits": benefits, "balance": benefits - costs,
    })
    by_category = pd.DataFrame({
        "kind": pd.array([k for k, _ in arrays.categories], dtype=string),
        "category": pd.array([c for _, c in arrays.categories], dtype=string),
        "amount": np.array(arrays.by_category.fsums(pv), dtype=float),
    })
    by_item = pd.DataFrame({
        name: pd.array([item[i] for item in arrays.items], dtype=string)
        for i, name in enumerate(("kind", "category", "actor"))
    } | {"amount": np.array(arrays.by_item.fsums(pv), dtype=float)})
    # The totals are the sums of the per-actor columns: the same code path, so they add up.
    return by_actor, by_category, by_item, float(costs.sum()), float(benefits.sum())


def _yearly(arrays: VariantArrays, first_year: int, discount: np.ndarray, scaled: np.ndarray,
            pv: np.ndarray) -> pd.DataFrame:
    n = len(discount)
    raw = arrays.by_year.fsums(scaled, 2 * n)
    net = np.array(arrays.net_by_year.fsums(np.where(arrays.is_cost, -pv, pv), n), dtype=float)
    return pd.DataFrame({
        "year": list(range(first_year, first_year + n)),
        "costs": np.array(raw[0::2], dtype=float),
        "benefits": np.array(raw[1::2], dtype=float),
        "discount_factor": discount,
        "pv_net": net,
        "cumulative_pv_net": net.cumsum(),
    })


def _discounted(study: Study, basis: Basis, variant: str):
    """The line items of ``variant`` on ``basis``: (arrays, own rate, rate, price year,
    horizon, timing, discount factors, amounts at the price year, present values)."""
    arrays = variant_arrays(study, variant)
    try:
        own_rate = rate_value(study.discount_rate, name=Text(
            "discount_rate van studie {id!r}", "discount_rate of study {id!r}", id=study.id))
    except ArgumentError as exc:
        raise InputError(exc.text) from None
    r, target = basis.rate_for(own_rate), basis.price_year
    h, timing = basis.horizon_for(study.horizon), basis.timing
    # At the study's own price year no CPI data are needed (so validation works for any year).
    try:
        factor = 1.0 if target == study.price_year else price_index_factor(study.price_year,
                                                                           target)
    except ReferenceDataError as exc:
        raise ReferenceDataError(Text("studie {id!r}, prijsjaar {year:year} -> {target:year}: "
                                      "{problem}", "study {id!r}, price year {year:year} -> "
                                      "{target:year}: {problem}", id=study.id,
                                      year=study.price_year, target=target,
                                      problem=exc.text)) from None

    n_years = min(h, study.horizon)
    discount = discount_factors(n_years, r, timing)
    index, flow = arrays.offset, arrays.flow
    within = flow & (index < n_years)
    weight = np.where(within, discount[np.minimum(index, n_years - 1)], np.where(flow, 0.0, 1.0))
    scaled = arrays.amounts * factor
    pv = scaled * weight
    return arrays, own_rate, r, target, h, timing, discount, scaled, pv


def _totals(study: Study, basis: Basis, variant: str) -> dict:
    """The headline figures of :func:`appraise` without its tables (the same sums)."""
    arrays, *_, pv = _discounted(study, basis, variant)
    costs, benefits = _actor_sums(arrays, pv)
    pv_costs, pv_benefits = float(costs.sum()), float(benefits.sum())
    return {"pv_costs": pv_costs, "pv_benefits": pv_benefits,
            "net_pv": pv_benefits - pv_costs,
            "bcr": pv_benefits / pv_costs if pv_costs > 0 else None}


def appraise(study: Study, basis: Basis | None = None, /, *,
             variant: str = BASE_VARIANT, **changes) -> Appraisal:
    """Appraise one variant of a study on a common basis.

    Parameters
    ----------
    study : Study
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`); None for the default (the latest CPI
        year, the study's own rate and horizon, ``timing="t1"``).
    variant : str
        ``"basis"`` (default) or a sensitivity variant; :func:`appraise_all` does them all.
    **changes
        ``price_year``, ``rate``, ``horizon`` or ``timing`` to change in ``basis``, read by
        :func:`mkba.basis.as_basis` (``rate="3%"``, ``rate="nl-2021"``, ``horizon=30``, ...).
        A longer horizon than the study's adds nothing (flows are never extrapolated).

    Examples
    --------
    Costs 1000 in 2015; benefits 500 a year in 2015-2017; rate 25%, t=1: discount factors
    0.8, 0.64, 0.512. Costs 1000 x 0.8 = 800; benefits 500 x (0.8 + 0.64 + 0.512) = 976.

    >>> from mkba.schema import Study, items_frame
    >>> rows = [("cost", "gemeente", 2015, 1000.0)] + [
    ...     ("benefit", "rijk", y, 500.0) for y in (2015, 2016, 2017)]
    >>> items = items_frame([dict(variant="basis", kind=k, category="overig", actor=a,
    ...                           year=y, amount=v) for k, a, y, v in rows])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
    ...           households=100, illustrative=False, items=items)
    >>> a = appraise(s, price_year=2015, rate=0.25)
    >>> round(a.pv_costs, 6), round(a.pv_benefits, 6), round(a.bcr, 6), a.payback_year
    (800.0, 976.0, 1.22, 2017)

    Cumulative net: 2015 -800 + 400 = -400, 2016 -400 + 320 = -80, 2017 -80 + 256 = 176 >= 0.
    """
    basis = as_basis(basis, **changes)
    arrays, own_rate, r, target, h, timing, discount, scaled, pv = _discounted(study, basis,
                                                                               variant)
    flow = arrays.flow
    by_actor, by_category, by_item, pv_costs, pv_benefits = _breakdowns(arrays, pv)
    net = pv_benefits - pv_costs
    by_year = _yearly(arrays, study.first_year, discount, scaled, pv)

    recomputed = bool(flow.all())
    payback = None
    if recomputed:
        payback = payback_year(by_year["cumulative_pv_net"].to_numpy(), study.first_year,
                               scale=abs(pv_costs) + abs(pv_benefits))
        note = f"recomputed from yearly flows at {percent(r, 'en', 2)}, {h} years, timing {timing}"
        if h > study.horizon:
            note += f" (no flows after the study's own {study.horizon} years; not extrapolated)"
    else:
        note = (f"{int((~flow).sum())} of {len(flow)} line items are present values as reported"
                f" (own rate {percent(own_rate, 'en', 2)}, own horizon {study.horizon} years), "
                "price indexed")
    hh = study.households if isinstance(study.households, Integral) and study.households > 0 \
        else None
    return Appraisal(
        study_id=study.id, variant=variant, price_year=target, rate=r, timing=timing,
        horizon=h, study_price_year=study.price_year, study_rate=own_rate,
        study_horizon=study.horizon, pv_costs=pv_costs, pv_benefits=pv_benefits, net_pv=net,
        bcr=pv_benefits / pv_costs if pv_costs > 0 else None, households=study.households,
        pv_costs_per_household=pv_costs / hh if hh else None,
        pv_benefits_per_household=pv_benefits / hh if hh else None,
        net_per_household=net / hh if hh else None, payback_year=payback,
        recomputed=recomputed, basis_note=note, basis=basis,
        by_actor=by_actor, by_category=by_category, by_item=by_item, by_year=by_year,
    )


def appraise_all(study: Study, basis: Basis | None = None, /, **changes) -> tuple[Appraisal, ...]:
    """Appraise the base case and every sensitivity variant, in :attr:`Study.variants` order.

    ``basis`` and ``changes`` as in :func:`appraise`.

    Examples
    --------
    >>> from mkba.schema import Study, items_frame
    >>> rows = [("basis", "cost", 100.0), ("basis", "benefit", 150.0),
    ...         ("laag", "cost", 100.0), ("laag", "benefit", 90.0)]
    >>> items = items_frame([dict(variant=sc, kind=k, category="overig", actor="gemeente",
    ...                           year=2015, amount=v) for sc, k, v in rows])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
    ...           households=100, illustrative=False, items=items)
    >>> [(a.variant, round(a.bcr, 2)) for a in appraise_all(s, price_year=2015, rate=0.0)]
    [('basis', 1.5), ('laag', 0.9)]
    """
    basis = as_basis(basis, **changes)
    return tuple(appraise(study, basis, variant=s) for s in study.variants)


def appraise_studies(studies, basis: Basis, appraisals=None) -> dict[str, tuple[Appraisal, ...]]:
    """:func:`appraise_all` of each study on ``basis``, by study id; ``appraisals`` when the
    caller has them already (checked: one entry per study, every appraisal on ``basis``).

    This is how a report appraises each study once and hands the appraisals on to its tables,
    its pooled evidence and its figures.
    """
    if appraisals is None:
        return {s.id: appraise_all(s, basis) for s in studies}
    missing = sorted(s.id for s in studies if s.id not in appraisals)
    if missing:
        raise ArgumentError(Text("appraisals: geen gegeven voor de studies {missing}",
                                 "appraisals: none given for the studies {missing}",
                                 missing=list(missing)))
    off = sorted(s.id for s in studies if any(a.basis != basis for a in appraisals[s.id]))
    if off:
        raise ArgumentError(Text("appraisals van {off} zijn niet op de basis {basis}",
                                 "appraisals of {off} are not on the basis {basis}",
                                 off=list(off), basis=repr(basis)))
    return {s.id: tuple(appraisals[s.id]) for s in studies}


def describe_basis(appraisals, lang: str, *, ratio: bool = False) -> str:
    """The basis sentence of appraisals made on one basis (:meth:`mkba.basis.Basis.describe`),
    with the range of the own rates of the studies recomputed from yearly flows (of all of
    them when none is) when each study keeps its own rate.

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> describe_basis([appraise(s, price_year=2015) for s in example_studies()], "en")
    "Basis: 2015 prices (CBS CPI); discount rate: each study's own rate (5.5%); horizon: \
each study's own horizon; first year discounted one year (t=1)."
    """
    appraisals = list(appraisals)
    bases = {a.basis for a in appraisals}
    if len(bases) != 1:
        raise ArgumentError(Text("appraisals op {n} bases; geef appraisals op één basis",
                                 "appraisals on {n} bases; give appraisals on one basis",
                                 n=len(bases)))
    flows = [a for a in appraisals if a.recomputed] or appraisals
    return appraisals[0].basis.describe(lang, ratio=ratio,
                                        own_rates=[a.study_rate for a in flows])


def _headline(a: Appraisal, back: float = 1.0) -> dict:
    """The headline figures of an appraisal (amounts times ``back``), by measure."""
    return {"pv_costs": a.pv_costs * back, "pv_benefits": a.pv_benefits * back,
            "net_pv": a.net_pv * back, "bcr": a.bcr}


def reconcile(study: Study, appraisal: Appraisal | Iterable[Appraisal]) -> pd.DataFrame:
    """Compare recomputed headline figures with those the study reports.

    ``appraisal`` (one or several, e.g. from :func:`appraise_all`) must be at the study's own
    rate and horizon; amounts at another price year are converted back to the study's. One row
    per reported figure of an appraised variant: study_id, variant, measure, reported,
    recomputed, abs_diff (recomputed - reported), rel_diff (abs_diff / abs(reported); NaN when
    reported is 0), from_flows (whether recomputed from yearly flows).

    Examples
    --------
    >>> from mkba.schema import ReportedFigure, Study, items_frame
    >>> items = items_frame([dict(variant="basis", kind=k, category="overig", actor="gemeente",
    ...                           amount=v) for k, v in [("cost", 400.0), ("benefit", 600.0)]])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
    ...           households=100, illustrative=False, items=items,
    ...           reported=(ReportedFigure("basis", "pv_benefits", 500.0),))
    >>> r = reconcile(s, appraise(s, price_year=2015))
    >>> print(r[["measure", "reported", "recomputed", "abs_diff", "rel_diff"]].to_string())
           measure  reported  recomputed  abs_diff  rel_diff
    0  pv_benefits     500.0       600.0     100.0       0.2
    """
    appraisals, rows = (appraisal,) if isinstance(appraisal, Appraisal) else appraisal, []
    for a in appraisals:
        if not isinstance(a, Appraisal) or a.study_id != study.id:
            raise ArgumentError(Text("appraisal={found} is niet toegestaan; geef appraisals van "
                                     "{id!r}", "appraisal={found} is not allowed; give "
                                     "appraisals of {id!r}", found=show(a), id=study.id))
        if a.rate != a.study_rate or a.horizon != a.study_horizon:
            raise ArgumentError(Text(
                "appraisal van {variant!r} is op rate={rate}, horizon={horizon}; reconcile vraagt "
                "de eigen voet en looptijd van de studie (rate='own', horizon='own')",
                "appraisal of {variant!r} is at rate={rate}, horizon={horizon}; reconcile needs "
                "the study's own (rate='own', horizon='own')", variant=a.variant,
                rate=repr(a.rate), horizon=repr(a.horizon)))
        back = 1.0 if a.price_year == study.price_year else price_index_factor(
            a.price_year, study.price_year)
        values = _headline(a, back)
        for fig in study.reported:
            if fig.variant != a.variant or fig.measure not in values:
                continue
            got = math.nan if values[fig.measure] is None else values[fig.measure]
            diff = got - fig.value
            rows.append({"study_id": study.id, "variant": a.variant, "measure": fig.measure,
                         "reported": fig.value, "recomputed": got, "abs_diff": diff,
                         "rel_diff": diff / abs(fig.value) if fig.value else math.nan,
                         "from_flows": a.recomputed})
    return pd.DataFrame(rows, columns=["study_id", "variant", "measure", "reported",
                                       "recomputed", "abs_diff", "rel_diff", "from_flows"])


def reported_mismatches(study: Study, tolerance: float) -> list[tuple]:
    """The headline figures a study reports that its own line items do not reproduce.

    Each reported figure is recomputed at the study's own price year, rate and horizon. Studies
    do not say whether their first flow is discounted, so a figure agrees when it is within
    ``tolerance`` (a share of the reported value) under either convention (first flow at t=1
    or at t=0). No CPI data are needed. The importer calls this for every study it reads.

    Returns
    -------
    list of (ReportedFigure, tuple of float)
        Each figure that agrees under neither convention, with the recomputed values.

    Examples
    --------
    Costs 400 and benefits 600 as present values: a reported ratio of 1.5 agrees, a reported
    net present value of 150 does not (the line items give 200).

    >>> from mkba.schema import ReportedFigure, Study, items_frame
    >>> items = items_frame([dict(variant="basis", kind=k, category="overig", actor="gemeente",
    ...                           amount=v) for k, v in [("cost", 400.0), ("benefit", 600.0)]])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
    ...           households=100, illustrative=False, items=items,
    ...           reported=(ReportedFigure("basis", "bcr", 1.5),
    ...                     ReportedFigure("basis", "net_pv", 150.0)))
    >>> [(fig.measure, values) for fig, values in reported_mismatches(s, 0.01)]
    [('net_pv', (200.0,))]
    """
    own: dict[str, tuple[dict, ...]] = {}
    out = []
    for fig in study.reported:
        if fig.variant not in own:
            own[fig.variant] = tuple(
                _totals(study, as_basis(None, price_year=study.price_year, timing=timing),
                        fig.variant) for timing in TIMINGS)
        candidates = [pv[fig.measure] for pv in own[fig.variant]
                      if pv.get(fig.measure) is not None]
        if not candidates:
            continue
        scale = max(abs(fig.value), 1e-12)
        if min(abs(c - fig.value) for c in candidates) / scale > tolerance:
            out.append((fig, tuple(dict.fromkeys(candidates))))
    return out
