"""Figures of scenarios: net per actor, the distribution of the net present value, P(best).

Every function takes a :class:`~mkba.scenario.engine.ScenarioResult` or a
:class:`~mkba.scenario.compare.ScenarioComparison` (one result is a comparison of one), draws on
``ax`` (a new figure when None) and returns the Axes. Titles and axis labels are Dutch by default
(``lang="en"`` for English), amounts in millions of euros of the price year, and when the evidence
rests on illustrative studies a notice is printed under the plot.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from mkba.errors import ArgumentError
from mkba.scenario import _labels as L
from mkba.scenario.compare import ScenarioComparison, compare_scenarios
from mkba.scenario.engine import ScenarioResult

__all__ = ["plot_net_by_actor", "plot_npv_distribution", "plot_probability_best"]

_MLN = 1e6


def _comparison(result) -> ScenarioComparison:
    if isinstance(result, ScenarioComparison):
        return result
    if isinstance(result, ScenarioResult):
        return compare_scenarios([result])
    raise ArgumentError(f"result={type(result).__name__} is not allowed; give a ScenarioResult "
                        "(run_scenario) or a ScenarioComparison (compare_scenarios)")


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.8))
    return ax


def _finish(ax, cmp: ScenarioComparison, title: str, lang: str) -> None:
    towns = ", ".join(dict.fromkeys(r.spec.municipality for r in cmp.results))
    ax.set_title(f"{title} ({towns})")
    if cmp.illustrative:
        # under the x-axis label, wherever the tick labels put it; wrapped by hand (wrap=True
        # re-measures the text on every draw)
        ax.annotate(textwrap.fill(L.ILLUSTRATIVE[lang], 110), xy=(0.0, 0.0),
                    xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                    textcoords="offset points", fontsize=7, va="top", ha="left",
                    color="#a00000")


def _need_draws(cmp: ScenarioComparison, what: str) -> None:
    if not cmp.results[0].monte_carlo:
        raise ArgumentError(f"{what} needs Monte Carlo draws; run the scenarios with "
                            "monte_carlo=True")


def plot_net_by_actor(result, *, ax=None, lang: str = "nl"):
    """Grouped bars: the net present value per actor, one bar per scenario in each group.

    With Monte Carlo, whiskers show each actor's interval.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=1_000)
    >>> ax = plot_net_by_actor(r, lang="en")
    >>> len(ax.patches) == len(r.by_actor), ax.get_ylabel()
    (True, '€ million, 2024 prices')
    """
    lang = L.check_lang(lang)
    cmp = _comparison(result)
    ax = _axes(ax)
    actors = [c[4:] for c in cmp.table.index if c.startswith("net:")]
    n = len(cmp.results)
    width = 0.8 / n
    x = np.arange(len(actors))
    for i, r in enumerate(cmp.results):
        frame = r.by_actor.set_index("actor").reindex(actors)
        present = frame["net"].notna().to_numpy()
        values = frame["net"].to_numpy(dtype=float)[present] / _MLN
        err = None
        if r.monte_carlo:
            low = frame["net_low"].to_numpy(dtype=float)[present] / _MLN
            high = frame["net_high"].to_numpy(dtype=float)[present] / _MLN
            err = np.vstack([values - low, high - values]).clip(min=0)
        ax.bar(x[present] + (i - (n - 1) / 2) * width, values, width, yerr=err, capsize=2,
               label=r.name, error_kw={"linewidth": 0.8})
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [L.actor_label(a, lang) for a in actors], rotation=30, ha="right")
    ax.set_xlabel(L.text("actor", lang))
    ax.set_ylabel(L.text("mln", lang, year=cmp.price_year))
    if n > 1:
        ax.legend(title=L.text("scenario", lang), fontsize=8)
    _finish(ax, cmp, L.text("net_by_actor", lang), lang)
    return ax


def plot_npv_distribution(result, *, ax=None, lang: str = "nl", bins: int = 60):
    """Histograms (densities) of the net present value over the Monte Carlo draws.

    A dashed line marks each scenario's deterministic net present value, a black line zero.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, draws=1_000)
    >>> ax = plot_npv_distribution(r)
    >>> ax.get_xlabel()
    'Netto contante waarde (mln €, prijspeil 2024)'
    """
    lang = L.check_lang(lang)
    cmp = _comparison(result)
    _need_draws(cmp, "the distribution plot")
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ArgumentError(f"bins={bins!r} is not allowed; give a whole number >= 1")
    ax = _axes(ax)
    values = [r.net_draws / _MLN for r in cmp.results]
    lo = min(float(v.min()) for v in values)
    hi = max(float(v.max()) for v in values)
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, bins + 1)
    for r, v in zip(cmp.results, values, strict=True):
        _, _, patches = ax.hist(v, bins=edges, density=True, histtype="step", linewidth=1.4,
                                label=r.name)
        ax.axvline(r.net_pv / _MLN, linestyle="--", linewidth=1,
                   color=patches[0].get_edgecolor())
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(L.text("npv_axis", lang, year=cmp.price_year))
    ax.set_ylabel(L.text("density", lang))
    ax.legend(title=L.text("scenario", lang), fontsize=8)
    r0 = cmp.results[0]
    ax.text(0.99, 0.98, L.text("draws_note", lang, draws=r0.draws, seed=r0.seed),
            transform=ax.transAxes, fontsize=7, ha="right", va="top")
    _finish(ax, cmp, L.text("distribution", lang), lang)
    return ax


def plot_probability_best(result, *, ax=None, lang: str = "nl"):
    """One bar per scenario: the probability that it has the highest net present value.

    Computed from the joint draws (the same seed and draws for every scenario: common random
    numbers), see :func:`~mkba.scenario.compare.compare_scenarios`.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import compare_scenarios, read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> spec = read_spec("scenarios/zwaar.toml")
    >>> runs = [run_scenario(s, studies, draws=1_000)
    ...         for s in (spec, replace(spec, name="groot", households=(2000.0, 0.0, 0.0)))]
    >>> ax = plot_probability_best(compare_scenarios(runs), lang="en")
    >>> len(ax.patches), ax.get_ylabel()
    (2, 'Probability (%)')
    """
    lang = L.check_lang(lang)
    cmp = _comparison(result)
    _need_draws(cmp, "the probability that a scenario is best")
    ax = _axes(ax)
    names = list(cmp.names)
    values = [100 * cmp.p_best[n] for n in names]
    bars = ax.bar(names, values, color=[f"C{i}" for i in range(len(names))])
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8)
    ax.set_ylim(0, 115)
    ax.set_xlabel(L.text("scenario", lang))
    ax.set_ylabel(L.text("prob_axis", lang))
    r0 = cmp.results[0]
    ax.text(0.99, 0.98, L.text("draws_note", lang, draws=r0.draws, seed=r0.seed),
            transform=ax.transAxes, fontsize=7, ha="right", va="top")
    _finish(ax, cmp, L.text("p_best_title", lang), lang)
    return ax
