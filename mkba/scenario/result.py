"""The result of one scenario: :class:`ScenarioResult` (see :mod:`mkba.scenario.engine`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from types import MappingProxyType

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import LANGS, Text
from mkba.scenario.spec import ScenarioSpec

__all__ = ["MUNICIPALITY", "ScenarioResult", "check_result"]

#: The actor whose budget effect and gain are reported separately.
MUNICIPALITY = "gemeente"


@dataclass(frozen=True, eq=False)
class ScenarioResult:
    """The outcome of one scenario; euros of ``price_year``.

    Attributes
    ----------
    spec : ScenarioSpec
    pv_costs, pv_benefits, net_pv : float
        Present values over the horizon (all actors).
    bcr : float or None
        ``pv_benefits / pv_costs`` (None without costs).
    payback_year : int or None
        First calendar year from which the cumulative discounted net stays >= 0.
    budget_effect_year2 : float or None
        The municipality's benefits minus its costs in the second year, undiscounted (None
        with a horizon of one year).
    break_even : float or None
        ``pv_costs / pv_benefits``: the share of the expected benefits needed for net = 0.
    households_reached, fte : float
        At full operation (ramp-up 1).
    by_year : DataFrame
        year, ramp_up, households_reached, fte, staff_costs, overhead, startup_costs,
        induced_costs, costs, benefits, net, municipality_costs, municipality_benefits,
        discount_factor, pv_net, cumulative_pv_net.
    by_actor : DataFrame
        actor, pv_costs, pv_benefits, net; with Monte Carlo also net_mean, net_low, net_high,
        p_gain (the probability that the actor's benefits exceed its costs).
    by_category : DataFrame
        kind, category, source (pooled / fixed), k (the selected studies that have the
        category; none for a local figure), basis (pooled, one_study or unweighted: see
        :data:`~mkba.scenario.evidence.CATEGORY_BASES`), per_household (annual, euros), pv.
    evidence : DataFrame
        The studies used (see :class:`~mkba.scenario.evidence.ScenarioEvidence`).
    evidence_summary : mapping
        k, method, estimate, se, tau2, i2, pi_low, pi_high (total annual benefit per household),
        excluded, selection.
    illustrative : bool
        The scenario or any evidence study is an illustrative example.
    benefit_per_household : float
        The team's benefit per reached household per year from the evidence (or local figures),
        before the multiplier, under the headline split of the segments
        (:mod:`mkba.scenario.segments`).
    benefit_per_household_sd : float
        The standard deviation of its prediction distribution (what the Monte Carlo draws
        from; 0 for local figures).
    segments : DataFrame
        Per segment: segment, households, reached (full operation), share (of the reached),
        caseload, effect_factor (of the caseload elasticity; 1 without), benefit (per reached
        household, headline split), benefit_low and benefit_high (over the plausible splits),
        source (evidence, local or pooled).
    segment_splits : DataFrame
        Per plausible split of the segments: split (its code), zwaar, kwetsbaar, overig (the
        benefit per reached household per segment), benefit_per_household (the team's),
        pv_benefits, net_pv, headline (the split the result uses). Empty for local figures or
        when no study has a known segment mix.
    segment_identified : bool
        True when the evidence gives this team one benefit per household whatever the split
        (or the figures are local).
    segment_mixes : DataFrame
        Per study pooled: study_id, its shares of zwaar, kwetsbaar and overig households (NaN
        when unknown) and their source (counts, target_breadth, unknown).
    segment_categories : DataFrame
        Per benefit category of the evidence: category, k (its studies with a known segment
        mix), needed (for segment effects of its own), reason (``segments`` when it has them,
        else why it follows the total's split over the segments:
        :data:`~mkba.scenario.segments.CATEGORY_REASONS`) and estimated.
    warnings : tuple of Text
        What the result rests on that a reader should know, in Dutch and English
        (:mod:`mkba.scenario.cautions`): defaults, implausible inputs, few studies, tau² = 0,
        categories not pooled, draws below 0. Empty only when none applies.
    notes : tuple of Text
        What every output states whatever the inputs: the link between caseload and effect
        (none unless ``effects.caseload_elasticity`` is given; :mod:`mkba.scenario.caseload`).
    draws, seed, level : int, int or None, float
        Monte Carlo settings (draws 0 without Monte Carlo).
    net_mean, net_low, net_high, p_benefits_exceed_costs, p_municipality_gains,
    municipality_net_low, municipality_net_high : float or None
        Monte Carlo summaries (None without Monte Carlo); intervals at ``level``.
    p_exact, net_low_exact, net_high_exact : float or None
        The chance that the benefits exceed the costs and the interval of the net at
        ``level``, in closed form from the same normal distribution of the benefit per reached
        household (:func:`mkba.scenario.montecarlo.exact`; the calculator workbook computes
        them the same way); None without Monte Carlo.
    net_draws : numpy.ndarray or None
        The net present value of every draw (read-only), for comparisons.
    draws_below_zero : float or None
        Share of the draws of the benefit per reached household that fell below 0 (set to 0
        or kept as they are: ``spec.negative_draws``); None without Monte Carlo.
    """

    spec: ScenarioSpec
    pv_costs: float
    pv_benefits: float
    net_pv: float
    bcr: float | None
    payback_year: int | None
    budget_effect_year2: float | None
    break_even: float | None
    households_reached: float
    fte: float
    by_year: pd.DataFrame
    by_actor: pd.DataFrame
    by_category: pd.DataFrame
    evidence: pd.DataFrame
    evidence_summary: MappingProxyType
    illustrative: bool
    benefit_per_household: float = math.nan
    benefit_per_household_sd: float = math.nan
    segments: pd.DataFrame | None = None
    segment_splits: pd.DataFrame | None = None
    segment_identified: bool = True
    segment_mixes: pd.DataFrame | None = None
    segment_categories: pd.DataFrame | None = None
    warnings: tuple = ()
    notes: tuple = ()
    draws: int = 0
    seed: int | None = None
    level: float = 0.95
    net_mean: float | None = None
    net_low: float | None = None
    net_high: float | None = None
    p_benefits_exceed_costs: float | None = None
    p_municipality_gains: float | None = None
    municipality_net_low: float | None = None
    municipality_net_high: float | None = None
    p_exact: float | None = None
    net_low_exact: float | None = None
    net_high_exact: float | None = None
    net_draws: np.ndarray | None = None
    draws_below_zero: float | None = None

    _FRAMES = ("by_year", "by_actor", "by_category", "evidence", "segments", "segment_splits",
               "segment_mixes", "segment_categories")

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.spec.name

    @property
    def price_year(self) -> int:
        """Price year of every amount."""
        return self.spec.price_year

    @property
    def monte_carlo(self) -> bool:
        """True when the result has Monte Carlo summaries."""
        return self.draws > 0

    def scalars(self) -> dict:
        """The headline figures as plain Python values."""
        skip = {"spec", "net_draws", "evidence_summary", "warnings", "notes", *self._FRAMES}
        out = {"name": self.name, "municipality": self.spec.municipality,
               "price_year": self.price_year, "rate": self.spec.discount_rate,
               "timing": self.spec.timing}
        for f in fields(self):
            if f.name not in skip:
                value = getattr(self, f.name)
                out[f.name] = value.item() if isinstance(value, np.generic) else value
        return out

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the headline figures."""
        return pd.DataFrame([self.scalars()])

    def to_dict(self) -> dict:
        """Everything except the draws, as plain values ready for JSON."""
        out = {"spec": self.spec.summary(), **self.scalars(),
               "evidence_summary": dict(self.evidence_summary),
               "warnings": [{lang: w.render(lang) for lang in LANGS} for w in self.warnings],
               "notes": [{lang: n.render(lang) for lang in LANGS} for n in self.notes]}
        for name in self._FRAMES:
            if getattr(self, name) is None:  # a result built without it
                continue
            frame = getattr(self, name).astype(object)
            out[name] = [{k: _plain(v) for k, v in row.items()}
                         for row in frame.to_dict(orient="records")]
        return out


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def check_result(result) -> None:
    """Raise ArgumentError unless ``result`` is a :class:`ScenarioResult`."""
    if not isinstance(result, ScenarioResult):
        raise ArgumentError(Text("result={type} is niet toegestaan; geef een ScenarioResult "
                                 "(run_scenario)", "result={type} is not allowed; give a "
                                 "ScenarioResult (run_scenario)", type=type(result).__name__))
