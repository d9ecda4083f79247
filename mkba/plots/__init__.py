"""Figures of studies and pooled results: functions ``f(result, *, ax=None, lang="nl") -> Axes``.

Inputs, so that a report builds them once:

- pooled figures take a :class:`mkba.analysis.PooledStudies` (:func:`forest_plot`,
  :func:`subgroup_forest_plot`, :func:`funnel_plot`, :func:`leave_one_out_plot`,
  :func:`pooled_actor_balance_plot`);
- the assumptions figure takes the frame of :func:`mkba.assumptions.assumption_frame` and the
  pooled analysis it varies (:func:`assumptions_plot`, small multiples: several Axes);
- per-study figures take ``appraisals`` (one :class:`mkba.appraisal.Appraisal` per study, all at
  one price year, e.g. the base cases) and the ``studies`` they belong to
  (:func:`costs_benefits_plot`, :func:`actor_balance_plot`, :func:`benefit_composition_plot`,
  :func:`payback_plot`, :func:`cost_ratio_plot`);
- sensitivity figures take the frame of :func:`mkba.sensitivity.sensitivity_frame`
  (:func:`rate_sensitivity_plot`, :func:`tornado_plot`);
- the published figure takes headline-only studies (:class:`mkba.headlines.PublishedStudy`)
  and, as a reference kept apart, the pooled analysis of the recomputed studies
  (:func:`published_plot`).

Every figure has a title, axis labels with units, and a footnote with its basis (price year,
rate, horizon, timing, number of studies); when any study is illustrative a notice says so.
Labels are Dutch by default, English with ``lang="en"``. Without ``ax`` a new
:class:`matplotlib.figure.Figure` is made (constrained layout, not registered with pyplot).
:func:`all_figures` builds every figure of :data:`FIGURES` (:func:`figure_builders` gives a
function per figure, to build them in parallel); :func:`caption` gives the text to
put under each.

Examples
--------
>>> from mkba.appraisal import appraise
>>> from mkba.plots import costs_benefits_plot
>>> from mkba.plots._examples import example_studies
>>> studies = example_studies()
>>> ax = costs_benefits_plot([appraise(s, price_year=2015) for s in studies], studies,
...                          lang="en")
>>> ax.get_xlabel()
'Present value per household: costs (left) and benefits (right) (€, 2015 prices)'
"""

from mkba.plots.actors import actor_balance_plot, pooled_actor_balance_plot
from mkba.plots.assumptions import assumptions_plot
from mkba.plots.catalogue import (
    FIGURES,
    POOLED_FIGURES,
    PUBLISHED_FIGURES,
    all_figures,
    caption,
    figure_builders,
)
from mkba.plots.composition import benefit_composition_plot, costs_benefits_plot
from mkba.plots.diagnostics import funnel_plot, leave_one_out_plot
from mkba.plots.forest import forest_plot, subgroup_forest_plot
from mkba.plots.outcomes import cost_ratio_plot, payback_plot
from mkba.plots.published import published_plot, published_ratios
from mkba.plots.sensitivity import (
    rate_sensitivity_plot,
    tornado_plot,
)
from mkba.plots.style import FOOTNOTE_GID, NOTICE_GID, REFERENCE_GID

__all__ = [
    "FIGURES",
    "POOLED_FIGURES",
    "PUBLISHED_FIGURES",
    "FOOTNOTE_GID",
    "NOTICE_GID",
    "REFERENCE_GID",
    "all_figures",
    "figure_builders",
    "caption",
    "forest_plot",
    "subgroup_forest_plot",
    "funnel_plot",
    "leave_one_out_plot",
    "costs_benefits_plot",
    "benefit_composition_plot",
    "actor_balance_plot",
    "pooled_actor_balance_plot",
    "payback_plot",
    "cost_ratio_plot",
    "rate_sensitivity_plot",
    "tornado_plot",
    "assumptions_plot",
    "published_plot",
    "published_ratios",
]
