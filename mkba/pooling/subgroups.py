"""Subgroup analysis: a pooled effect per group and the test for subgroup differences."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.pooling import _checks, _dist
from mkba.pooling.core import CI_METHODS, METHODS, PooledEffect, pool_checked

__all__ = ["SubgroupResult", "subgroups"]


@dataclass(frozen=True)
class SubgroupResult:
    """Pooled effects per subgroup and the test for subgroup differences.

    Attributes
    ----------
    groups : tuple
        Group labels, sorted.
    results : tuple of PooledEffect
        The pooled effect of each group, in the order of ``groups``.
    single_study : tuple of bool
        True for a group with one study: its "pooled" effect is that study's effect and
        standard error (fixed effect, normal interval), with no heterogeneity information.
    q_between, q_between_df, q_between_p : float, int, float
        Test for subgroup differences: ``sum(w_g (est_g - est_w)^2)`` with ``w_g = 1/se_g^2``
        and ``est_w`` the ``w_g``-weighted mean, chi-squared on (groups - 1) df.
    method, ci_method : str
        As passed to :func:`subgroups`.
    level : float
        Confidence level.

    Examples
    --------
    >>> res = subgroups([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], ["a", "a", "b"], method="fe")
    >>> res.groups, res.single_study
    (('a', 'b'), (False, True))
    >>> round(res.q_between, 6), res.q_between_df
    (1.5, 1)
    """

    groups: tuple
    results: tuple[PooledEffect, ...]
    single_study: tuple[bool, ...]
    q_between: float
    q_between_df: int
    q_between_p: float
    method: str
    ci_method: str
    level: float

    def __getitem__(self, group) -> PooledEffect:
        """The pooled effect of ``group``."""
        for label, result in zip(self.groups, self.results, strict=True):
            if label == group:
                return result
        raise KeyError(group)

    @property
    def by_group(self) -> Mapping:
        """``{group: PooledEffect}`` in the order of ``groups``."""
        return dict(zip(self.groups, self.results, strict=True))

    def to_frame(self) -> pd.DataFrame:
        """One row per group: label, single-study flag and the group's pooled statistics.

        The test for subgroup differences is in the fields ``q_between``, ``q_between_df`` and
        ``q_between_p`` (and in :meth:`to_dict`).
        """
        rows = []
        for label, result, single in zip(self.groups, self.results, self.single_study,
                                         strict=True):
            row = {"group": label, "single_study": single}
            row.update(result.to_frame().iloc[0].to_dict())
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """Plain Python values, ready for JSON (groups as a list of dicts)."""
        return {
            "groups": [
                {"group": label, "single_study": single, **result.to_dict()}
                for label, result, single in zip(self.groups, self.results, self.single_study,
                                                 strict=True)
            ],
            "q_between": float(self.q_between),
            "q_between_df": int(self.q_between_df),
            "q_between_p": float(self.q_between_p),
            "method": self.method,
            "ci_method": self.ci_method,
            "level": float(self.level),
        }


def _sorted_labels(labels: tuple) -> list:
    unique = list(dict.fromkeys(labels))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def subgroups(effects, variances, groups, *, method: str = "reml", ci: str = "z",
              level: float = 0.95) -> SubgroupResult:
    """Pool each subgroup separately and test whether the subgroup effects differ.

    Each group gets its own tau2 (a separate random-effects model per group), as in RevMan's
    "test for subgroup differences". The between-group statistic is Cochran's Q over the group
    estimates, each weighted by ``1 / se^2`` of its own pooled result (so with ``ci="hksj"``
    the Knapp-Hartung standard errors are used).

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study (see :func:`pool`).
    groups : sequence
        Group label of each study (any hashable values; missing values are not allowed).
    method, ci, level
        As in :func:`pool`, applied within every group.

    Returns
    -------
    SubgroupResult

    Notes
    -----
    A group with a single study is reported with the study's own effect and standard error
    (fixed effect, normal interval) and flagged in ``single_study``; it takes part in the test
    with that standard error. Groups are sorted by label. When a group's standard error is 0
    (possible with ``ci="hksj"`` when its effects are identical) the test is undefined and
    ``q_between`` and its p-value are NaN.

    Raises
    ------
    mkba.errors.ArgumentError
        For fewer than two groups, a missing group label, a ``groups`` of the wrong length, or
        any argument :func:`pool` refuses.

    Examples
    --------
    Two groups pooled with a fixed effect: group a has estimate 1.5 (se sqrt(1/2)), group b
    the single study 3 (se 1); Q_between = 2 (1.5 - 2)^2 + 1 (3 - 2)^2 = 1.5 on 1 df.

    >>> res = subgroups([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], ["a", "a", "b"], method="fe")
    >>> round(res["a"].estimate, 6), round(res["b"].se, 6), round(res.q_between, 6)
    (1.5, 1.0, 1.5)
    """
    method = _checks.choice("method", method, METHODS)
    ci = _checks.choice("ci", ci, CI_METHODS)
    level = _checks.level(level)
    y, v = _checks.effects_and_variances(effects, variances)
    labels = _checks.labels(groups, y.size, name="groups")
    for i, label in enumerate(labels):
        if label is None or (isinstance(label, float) and math.isnan(label)) or label is pd.NA:
            raise ArgumentError(f"groups[{i}] is {label!r}; every study needs a group label")
    order = _sorted_labels(labels)
    if len(order) < 2:
        raise ArgumentError(
            f"groups has {len(order)} distinct value ({_checks.show(order)}); a subgroup "
            "analysis needs at least 2 groups"
        )
    results, single = [], []
    for label in order:
        mask = np.array([x == label for x in labels])
        one = int(mask.sum()) == 1
        results.append(
            pool_checked(y[mask], v[mask], "fe" if one else method, "z" if one else ci, level)
        )
        single.append(one)
    est = np.array([r.estimate for r in results])
    se = np.array([r.se for r in results])
    df = len(order) - 1
    if np.all(se > 0):
        w = 1.0 / se**2
        mean = float(np.dot(w, est) / np.sum(w))
        q_between = float(np.dot(w, (est - mean) ** 2))
    else:
        # A Knapp-Hartung se of 0 (identical effects within a group) gives the group an
        # infinite weight: the test is undefined rather than silently dominated by it.
        q_between = math.nan
    return SubgroupResult(
        groups=tuple(order),
        results=tuple(results),
        single_study=tuple(single),
        q_between=q_between,
        q_between_df=df,
        q_between_p=_dist.chi2_sf(q_between, df),
        method=method,
        ci_method=ci,
        level=level,
    )
