"""The line items of one variant as numpy arrays, checked and grouped once for appraisal.

:func:`mkba.appraisal.appraise` runs many times on the same study (every variant, every
price year, rate, horizon and timing). Everything that does not depend on that basis is worked
out here once per study and variant: the checks of the line items (with the errors
:func:`~mkba.appraisal.appraise` raises), amounts and years as floats, and which rows make up
each actor, category and year, in row order. The result is kept as long as the
:class:`~mkba.schema.Study` object lives (keyed on the object itself, which is immutable; its
``items`` table must not be changed in place, use :func:`dataclasses.replace` instead).
"""

from __future__ import annotations

import math
import weakref
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from mkba.errors import ArgumentError, InputError
from mkba.messages import Text
from mkba.schema import Study
from mkba.vocab import vocabulary

__all__ = ["Groups", "VariantArrays", "ordered", "variant_arrays"]

_KINDS = ("cost", "benefit")


def ordered(codes: Iterable[str], vocabs: Sequence[str]) -> list[str]:
    """The distinct ``codes`` in the order of the vocabularies ``vocabs``, unknown codes last."""
    order = {c: i for i, c in enumerate(c for v in vocabs for c in vocabulary(v).codes)}
    return sorted(set(codes), key=lambda c: (order.get(c, len(order)), c))


@dataclass(frozen=True)
class Groups:
    """Rows grouped by key: ``order`` lists the rows group after group (each group in row
    order) and ``bounds`` the (start, end) of each group within ``order``.

    Examples
    --------
    >>> g = Groups.of(["a", "b", "a", "c"], ["a", "b", "x"])
    >>> g.order.tolist(), g.bounds
    ([0, 2, 1], ((0, 2), (2, 3), (3, 3)))
    >>> g.fsums(np.array([0.1, 5.0, 0.2, 9.0]))
    [0.30000000000000004, 5.0, 0.0]
    """

    order: np.ndarray
    bounds: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, keys: Iterable[Hashable], wanted: Iterable[Hashable]) -> Groups:
        """The rows whose key is each of ``wanted`` in turn (rows of other keys left out)."""
        rows: dict = defaultdict(list)
        for i, key in enumerate(keys):
            rows[key].append(i)
        order: list[int] = []
        bounds = []
        for key in wanted:
            start = len(order)
            order.extend(rows.get(key, ()))
            bounds.append((start, len(order)))
        return cls(np.array(order, dtype=np.intp), tuple(bounds))

    @classmethod
    def of_numbers(cls, numbers: np.ndarray, n: int) -> Groups:
        """The same as :meth:`of` for keys that are already group numbers: row ``i`` belongs to
        group ``numbers[i]`` of ``0 .. n - 1``, or to none when it is -1 (vectorised).

        Examples
        --------
        >>> g = Groups.of_numbers(np.array([0, 1, 0, -1]), 3)
        >>> g.order.tolist(), g.bounds
        ([0, 2, 1], ((0, 2), (2, 3), (3, 3)))
        """
        numbers = np.asarray(numbers, dtype=np.intp)
        order = np.argsort(numbers, kind="stable")[int(np.count_nonzero(numbers < 0)):]
        counts = np.bincount(numbers[numbers >= 0], minlength=n)
        ends = np.cumsum(counts)
        return cls(order.astype(np.intp), tuple(zip((ends - counts).tolist(), ends.tolist(),
                                                    strict=True)))

    def fsums(self, values: np.ndarray, n: int | None = None) -> list[float]:
        """``math.fsum`` of ``values`` over each of the first ``n`` groups (0.0 when empty)."""
        bounds = self.bounds if n is None else self.bounds[:n]
        end = bounds[-1][1] if bounds else 0
        picked = values[self.order[:end]].tolist()
        return [math.fsum(picked[a:b]) for a, b in bounds]


@dataclass(frozen=True)
class VariantArrays:
    """The checked line items of one variant, for :func:`mkba.appraisal.appraise`.

    ``amounts`` (study price year), ``flow`` (the item is a yearly flow), ``offset`` (years
    after ``first_year`` for a flow, 0 for a present value) and ``is_cost`` per line item.
    ``actors`` and ``categories`` ((kind, category) pairs) are the rows of the breakdowns, in
    vocabulary order; ``by_actor`` groups the rows as costs of each actor, then benefits of
    each actor; ``by_category`` as ``categories``; ``by_year`` as (costs, benefits) of each
    year of the study's horizon in turn, ``net_by_year`` as each year. ``items`` are the
    (kind, category, actor) triples present, in the order of ``categories`` and then of the
    actors, and ``by_item`` groups the rows as ``items``.
    """

    amounts: np.ndarray
    flow: np.ndarray
    offset: np.ndarray
    is_cost: np.ndarray
    actors: tuple[str, ...]
    categories: tuple[tuple[str, str], ...]
    by_actor: Groups
    by_category: Groups
    by_year: Groups
    net_by_year: Groups
    items: tuple[tuple[str, str, str], ...]
    by_item: Groups


def _floats(column: pd.Series) -> np.ndarray:
    return column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


class _StudyArrays:
    """Per-study cache entry: whole columns converted once, prepared variants."""

    def __init__(self, study: Study):
        self.items = study.items
        self.variants = study.variants
        self.prepared: dict = {}
        self.text = {n: self.items[n].to_numpy(dtype=object)
                     for n in ("kind", "actor", "category")}
        self.numbers = {}
        for name in ("amount", "year"):
            try:
                self.numbers[name] = _floats(self.items[name])
            except (TypeError, ValueError):
                self.numbers[name] = None  # converted per variant, which raises as it did


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def variant_arrays(study: Study, variant: str) -> VariantArrays:
    """The checked and grouped line items of ``variant``, prepared once per study.

    ArgumentError when ``variant`` is not one of :attr:`Study.variants`; InputError for line
    items that cannot be appraised (none at all, a missing kind, actor or category, a kind other
    than cost or benefit, an amount that is not finite, a flow year outside the horizon) and
    for a horizon that is not whole years >= 1.
    """
    try:
        entry = _CACHE.get(study)
    except TypeError:  # not weakly referenceable: work without the cache
        entry = None
    if entry is None or entry.items is not study.items:
        entry = _StudyArrays(study)
        try:
            _CACHE[study] = entry
        except TypeError:
            pass
    if variant not in entry.variants:
        raise ArgumentError(Text("variant={variant!r} is geen variant van studie {id!r}; bekend: "
                                 "{known}", "variant={variant!r} is not a variant of study "
                                 "{id!r}; known: {known}", variant=variant, id=study.id,
                                 known=list(entry.variants)))
    prepared = entry.prepared.get(variant)
    if prepared is None:
        prepared = entry.prepared[variant] = _prepare(study, variant, entry)
    return prepared


def _prepare(study: Study, variant: str, entry: _StudyArrays) -> VariantArrays:
    where = Text("studie {id!r}, variant {variant!r}", "study {id!r}, variant {variant!r}",
                 id=study.id, variant=variant)
    mask = entry.items["variant"] == variant
    rows = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    if not rows.size:
        raise InputError(Text("{where} heeft geen posten", "{where} has no line items",
                              where=where))
    if isinstance(study.horizon, bool) or not isinstance(study.horizon, Integral) \
            or study.horizon < 1:
        raise InputError(Text("studie {id!r}: looptijd {horizon} is geen geheel aantal jaren >= 1",
                              "study {id!r}: horizon {horizon} is not whole years >= 1",
                              id=study.id, horizon=repr(study.horizon)))

    def text(name: str) -> np.ndarray:
        values = entry.text[name][rows]
        if pd.isna(values).any():
            raise InputError(Text("{where}: een post heeft geen {name}",
                                  "{where}: a line item has no {name}", where=where, name=name))
        if infer_dtype(values, skipna=False) != "string":
            values = np.array([str(v) for v in values], dtype=object)
        return values

    def numbers(name: str) -> np.ndarray:
        column = entry.numbers[name]
        return _floats(study.variant_items(variant)[name]) if column is None else column[rows]

    kinds = text("kind")
    bad = sorted(set(pd.unique(kinds)) - set(_KINDS))
    if bad:
        raise InputError(Text("{where}: kind {kind!r} is niet toegestaan; gebruik cost of benefit",
                              "{where}: kind {kind!r} is not allowed; use cost or benefit",
                              where=where, kind=bad[0]))
    amounts = numbers("amount")
    if not np.isfinite(amounts).all():
        raise InputError(Text("{where}: een post heeft geen eindig bedrag",
                              "{where}: a line item has no finite amount", where=where))
    years = numbers("year")
    flow = ~np.isnan(years)
    outside = flow & ((years < study.first_year) | (years > study.last_year))
    if outside.any():
        raise InputError(Text("{where}: jaar {year:year} van een kasstroom ligt buiten de looptijd "
                              "van de studie, {first:year}-{last:year}", "{where}: flow year "
                              "{year:year} lies outside the study's horizon {first:year}-"
                              "{last:year}", where=where, year=int(years[outside][0]),
                              first=study.first_year, last=study.last_year))
    actors = text("actor")
    categories = text("category")

    offset = np.where(flow, np.nan_to_num(years) - study.first_year, 0).astype(int)
    is_cost = kinds == "cost"
    kind = np.where(is_cost, 0, 1)  # position in _KINDS
    codes = ordered(pd.unique(actors), ["actors"])
    cat_codes, cat_names = pd.factorize(categories)
    present = np.unique(kind * len(cat_names) + cat_codes)
    pairs = [(_KINDS[p // len(cat_names)], cat_names[p % len(cat_names)]) for p in present]
    cats = tuple((k, cat)
                 for k, vocab in (("cost", "cost_categories"), ("benefit", "benefit_categories"))
                 for cat in ordered([c for kk, c in pairs if kk == k], [vocab]))
    position = {pair: i for i, pair in enumerate(cats)}
    cat_group = np.array([[position.get((k, c), -1) for c in cat_names] for k in _KINDS],
                         dtype=np.intp).reshape(len(_KINDS), len(cat_names))
    n = study.horizon
    actor_index = pd.Index(codes).get_indexer(actors)
    item_keys = cat_group[kind, cat_codes] * len(codes) + actor_index
    present_items = np.unique(item_keys)  # in the order of cats, then of the actors
    items = tuple((*cats[k // len(codes)], codes[k % len(codes)]) for k in present_items.tolist())
    return VariantArrays(
        amounts=amounts, flow=flow, offset=offset, is_cost=is_cost, actors=tuple(codes),
        categories=cats,
        # group numbers as the order of the groups: (kind, actor) with the kinds in _KINDS
        # order, (kind, category) as cats, (year, cost first) and year; -1 is in no group
        by_actor=Groups.of_numbers(kind * len(codes) + actor_index, len(_KINDS) * len(codes)),
        by_category=Groups.of_numbers(cat_group[kind, cat_codes], len(cats)),
        by_year=Groups.of_numbers(np.where(flow, 2 * offset + kind, -1), 2 * n),
        net_by_year=Groups.of_numbers(np.where(flow, offset, -1), n),
        items=items,
        by_item=Groups.of_numbers(np.searchsorted(present_items, item_keys), len(items)),
    )
