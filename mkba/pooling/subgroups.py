"""Subgroup analysis: a pooled effect per group and the tests for subgroup differences."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.pooling import _checks, _dist
from mkba.pooling.core import CI_METHODS, METHODS, PooledEffect, pool_checked
from mkba.pooling.regression import meta_regression

__all__ = ["SubgroupResult", "subgroups"]

#: What each test of subgroup differences is, as ``results.json`` says it.
TEST_DESCRIPTIONS = {
    "common_tau2": "moderator test with one tau2 common to all tested subgroups, as metafor's "
                   "rma(yi, vi, mods = ~ factor(group)) (QM, chi-squared; with Knapp-Hartung "
                   "an F test)",
    "separate_tau2": "Cochran's Q between the subgroup estimates, each subgroup pooled with "
                     "its own tau2 (RevMan's test for subgroup differences), chi-squared",
}


@dataclass(frozen=True)
class SubgroupResult:
    """Pooled effects per subgroup and two tests for subgroup differences.

    The test reported by default is the moderator test with a common tau2 (``qm``); the test
    with a separate tau2 per group (``q_between``) is given beside it. Neither test includes a
    group of one study (:attr:`untested_groups`): such a group is shown, not tested.

    Attributes
    ----------
    groups : tuple
        Group labels, sorted.
    results : tuple of PooledEffect
        The pooled effect of each group, in the order of ``groups``; each group has its own
        tau2.
    single_study : tuple of bool
        True for a group with one study: its "pooled" effect is that study's effect and
        standard error (fixed effect, normal interval), with no heterogeneity information. It
        takes part in neither test.
    qm, qm_df, qm_p : float, int, float
        Common-tau2 test (reported by default): the mixed-effects meta-regression of the
        effects of the tested groups on the group as a factor, with one residual tau2 of the
        same estimator, as metafor's ``rma(yi, vi, mods = ~ factor(group))``
        (:func:`mkba.pooling.meta_regression`). A Wald chi-squared on ``qm_df`` = (tested
        groups - 1) df; with ``ci_method="hksj"`` an F statistic on ``(qm_df, qm_df2)`` df
        (Knapp-Hartung).
    qm_df2 : int or None
        The denominator df of the F test (tested studies - tested groups); None for the
        chi-squared test.
    qm_tau2 : float
        The common residual tau2 of that model.
    q_between, q_between_df, q_between_p : float, int, float
        Separate-tau2 test: ``sum(w_g (est_g - est_w)^2)`` over the tested groups with
        ``w_g = 1/se_g^2`` of each group's own pooled result and ``est_w`` the ``w_g``-weighted
        mean, chi-squared on (tested groups - 1) df.
    method, ci_method : str
        As passed to :func:`subgroups`.
    level : float
        Confidence level.

    Examples
    --------
    >>> res = subgroups([1.0, 2.0, 3.0, 5.0, 4.0], [1.0] * 5, ["a", "a", "b", "b", "c"],
    ...                 method="fe")
    >>> res.groups, res.single_study, res.untested_groups
    (('a', 'b', 'c'), (False, False, True), ('c',))
    >>> round(res.qm, 6), res.qm_df, round(res.q_between, 6), res.q_between_df
    (6.25, 1, 6.25, 1)
    """

    groups: tuple
    results: tuple[PooledEffect, ...]
    single_study: tuple[bool, ...]
    qm: float
    qm_df: int
    qm_df2: int | None
    qm_p: float
    qm_tau2: float
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

    @property
    def untested_groups(self) -> tuple:
        """The groups of one study: shown, but left out of both tests."""
        return tuple(g for g, one in zip(self.groups, self.single_study, strict=True) if one)

    def to_frame(self) -> pd.DataFrame:
        """One row per group: label, single-study flag and the group's pooled statistics.

        The tests for subgroup differences are in the fields ``qm`` (common tau2) and
        ``q_between`` (separate tau2), and in :meth:`to_dict`.
        """
        rows = []
        for label, result, single in zip(self.groups, self.results, self.single_study,
                                         strict=True):
            row = {"group": label, "single_study": single}
            row.update(result.to_frame().iloc[0].to_dict())
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        """Plain Python values, ready for JSON (groups as a list of dicts).

        ``tests`` holds both tests, each named and described; ``tests["reported"]`` names the
        one reported by default (``"common_tau2"``).
        """
        hksj = self.ci_method == "hksj"
        return {
            "groups": [
                {"group": label, "single_study": single, **result.to_dict()}
                for label, result, single in zip(self.groups, self.results, self.single_study,
                                                 strict=True)
            ],
            "tests": {
                "reported": "common_tau2",
                "untested_groups": [_checks.plain(g) for g in self.untested_groups],
                "common_tau2": {
                    "description": TEST_DESCRIPTIONS["common_tau2"],
                    "statistic": "F" if hksj else "QM",
                    "distribution": "F" if hksj else "chi2",
                    "value": _number(self.qm), "df": int(self.qm_df),
                    "df2": None if self.qm_df2 is None else int(self.qm_df2),
                    "p_value": _number(self.qm_p), "tau2": _number(self.qm_tau2),
                },
                "separate_tau2": {
                    "description": TEST_DESCRIPTIONS["separate_tau2"],
                    "statistic": "Q", "distribution": "chi2",
                    "value": _number(self.q_between), "df": int(self.q_between_df),
                    "df2": None, "p_value": _number(self.q_between_p), "tau2": None,
                },
            },
            "method": self.method,
            "ci_method": self.ci_method,
            "level": float(self.level),
        }


def _number(value: float) -> float | None:
    """A float for JSON: None when it is not finite (an undefined test)."""
    return float(value) if math.isfinite(value) else None


def _sorted_labels(labels: tuple) -> list:
    unique = list(dict.fromkeys(labels))
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def _separate_tau2_test(results) -> float:
    """Cochran's Q between the group estimates, each weighted by ``1 / se^2``."""
    est = np.array([r.estimate for r in results])
    se = np.array([r.se for r in results])
    if not np.all(se > 0):
        # A Knapp-Hartung se of 0 (identical effects within a group) gives the group an
        # infinite weight: the test is undefined rather than silently dominated by it.
        return math.nan
    w = 1.0 / se**2
    mean = float(np.dot(w, est) / np.sum(w))
    return float(np.dot(w, (est - mean) ** 2))


def _common_tau2_test(y, v, labels, tested, method: str, ci: str, level: float):
    """``(QM or F, p, tau2)`` of the meta-regression on the tested groups as a factor."""
    mask = np.array([x in tested for x in labels])
    # the position of each group in the sorted order: a factor whatever the labels' type
    codes = pd.Categorical([tested.index(x) for x in labels if x in tested],
                           categories=range(len(tested)))
    try:
        fit = meta_regression(y[mask], v[mask], pd.DataFrame({"group": codes}), method=method,
                              ci=ci, level=level)
    except np.linalg.LinAlgError:
        # Knapp-Hartung with every residual 0 (identical effects within each group): nothing
        # to test against, as with the separate-tau2 test
        return math.nan, math.nan, math.nan
    return fit.qm, fit.qm_p, fit.tau2


def subgroups(effects, variances, groups, *, method: str = "reml", ci: str = "z",
              level: float = 0.95) -> SubgroupResult:
    """Pool each subgroup and test whether the subgroup effects differ, in two ways.

    Each group is pooled with its own tau2 (a separate random-effects model per group). The
    difference between groups is tested

    - with a common tau2 (reported by default): the mixed-effects meta-regression on the group
      as a factor with the same tau2 estimator and interval method, whose omnibus test of the
      group coefficients is metafor's ``QM`` for ``rma(yi, vi, mods = ~ factor(group))``
      (with ``ci="hksj"`` its Knapp-Hartung F test; :func:`mkba.pooling.meta_regression`);
    - with a separate tau2 per group: Cochran's Q over the group estimates, each weighted by
      ``1 / se^2`` of its own pooled result (RevMan's "test for subgroup differences"; with
      ``ci="hksj"`` the Knapp-Hartung standard errors are used).

    With few studies per group the separate tau2s are poorly estimated; the common-tau2 test
    borrows strength across groups.

    Parameters
    ----------
    effects, variances : array_like of float
        One effect and its sampling variance per study (see :func:`pool`).
    groups : sequence
        Group label of each study (any hashable values; missing values are not allowed).
    method, ci, level
        As in :func:`pool`, applied within every group and in the common-tau2 model.

    Returns
    -------
    SubgroupResult

    Notes
    -----
    A group with a single study is reported with the study's own effect and standard error
    (fixed effect, normal interval) and flagged in ``single_study``; it enters neither test
    (:attr:`SubgroupResult.untested_groups`). The tests have (tested groups - 1) df; with
    fewer than two tested groups they are undefined (NaN). Groups are sorted by label. When a
    group's standard error is 0 (possible with ``ci="hksj"`` when its effects are identical)
    the separate-tau2 test is undefined and NaN; so is the common-tau2 F test when every
    residual is 0.

    Raises
    ------
    mkba.errors.ArgumentError
        For fewer than two groups, a missing group label, a ``groups`` of the wrong length, or
        any argument :func:`pool` refuses.

    Examples
    --------
    Fixed effect, group a: 1 and 2, estimate 1.5 (se sqrt(1/2)); group b: 3 and 5, estimate 4
    (se sqrt(1/2)); group c, a single study, is not tested. The weighted mean of the tested
    groups is 2.75: Q = 2 (1.5 - 2.75)^2 + 2 (4 - 2.75)^2 = 6.25 on 1 df, and with a fixed
    effect the common-tau2 test is the same number.

    >>> res = subgroups([1.0, 2.0, 3.0, 5.0, 4.0], [1.0] * 5, ["a", "a", "b", "b", "c"],
    ...                 method="fe")
    >>> round(res["a"].estimate, 6), round(res["c"].se, 6), round(res.q_between, 6)
    (1.5, 1.0, 6.25)
    >>> round(res.qm, 6), res.qm_df2, res.untested_groups
    (6.25, None, ('c',))
    """
    method = _checks.choice("method", method, METHODS)
    ci = _checks.choice("ci", ci, CI_METHODS)
    level = _checks.level(level)
    y, v = _checks.effects_and_variances(effects, variances)
    labels = _checks.labels(groups, y.size, name="groups")
    for i, label in enumerate(labels):
        if label is None or (isinstance(label, float) and math.isnan(label)) or label is pd.NA:
            raise ArgumentError(Text("groups[{i}] is {label}; elke studie heeft een groepslabel "
                                     "nodig", "groups[{i}] is {label}; every study needs a "
                                     "group label", i=i, label=repr(label)))
    order = _sorted_labels(labels)
    if len(order) < 2:
        raise ArgumentError(Text(
            "groups heeft {n} verschillende waarde ({values}); een subgroepanalyse vraagt ten "
            "minste 2 groepen", "groups has {n} distinct value ({values}); a subgroup analysis "
            "needs at least 2 groups", n=len(order), values=_checks.show(order)))
    results, single = [], []
    for label in order:
        mask = np.array([x == label for x in labels])
        one = int(mask.sum()) == 1
        results.append(
            pool_checked(y[mask], v[mask], "fe" if one else method, "z" if one else ci, level)
        )
        single.append(one)
    tested = [g for g, one in zip(order, single, strict=True) if not one]
    df = max(len(tested) - 1, 0)
    qm_df2 = None
    if len(tested) >= 2:
        q_between = _separate_tau2_test([r for r, one in zip(results, single, strict=True)
                                         if not one])
        qm, qm_p, qm_tau2 = _common_tau2_test(y, v, labels, tested, method, ci, level)
        if ci == "hksj":
            qm_df2 = sum(r.k for r, one in zip(results, single, strict=True) if not one) \
                - len(tested)
    else:
        q_between = qm = qm_p = qm_tau2 = math.nan
    return SubgroupResult(
        groups=tuple(order),
        results=tuple(results),
        single_study=tuple(single),
        qm=float(qm),
        qm_df=df,
        qm_df2=qm_df2,
        qm_p=float(qm_p),
        qm_tau2=float(qm_tau2),
        q_between=q_between,
        q_between_df=df,
        q_between_p=_dist.chi2_sf(q_between, df) if df else math.nan,
        method=method,
        ci_method=ci,
        level=level,
    )
