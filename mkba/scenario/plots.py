"""Figures of scenarios: net per actor, the distribution of the net present value, P(best).

Every function takes a :class:`~mkba.scenario.engine.ScenarioResult` or a
:class:`~mkba.scenario.compare.ScenarioComparison` (one result is a comparison of one), draws on
``ax`` (a new figure with constrained layout, outside pyplot, when None) and returns the Axes.
Titles and axis labels are Dutch by default (``lang="en"`` for English), amounts in millions of
euros of the price year. The look is that of :mod:`mkba.plots.style`: each scenario keeps its
Okabe-Ito colour and its hatch or line style in every figure, and a footnote under the plot gives
the basis (price year, discount rate, horizon, timing) and the Monte Carlo settings, followed by a
notice when the evidence rests on illustrative studies.
"""

from __future__ import annotations

import numpy as np

from mkba import formatting, phrases
from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.phrases import short_repr as show
from mkba.plots import _numbers, style
from mkba.scenario import _labels as L
from mkba.scenario.compare import ScenarioComparison, compare_scenarios
from mkba.scenario.result import ScenarioResult
from mkba.text_clean import clean_text

__all__ = ["plot_net_by_actor", "plot_npv_distribution", "plot_probability_best"]

_MLN = 1e6


def _comparison(result) -> ScenarioComparison:
    if isinstance(result, ScenarioComparison):
        return result
    if isinstance(result, ScenarioResult):
        return compare_scenarios([result])
    raise ArgumentError(Text("result={type} is niet toegestaan; geef een ScenarioResult "
                             "(run_scenario) of een ScenarioComparison (compare_scenarios)",
                             "result={type} is not allowed; give a ScenarioResult "
                             "(run_scenario) or a ScenarioComparison (compare_scenarios)",
                             type=type(result).__name__))


def _basis(cmp: ScenarioComparison, lang: str) -> str:
    """The basis line of the footnote; values that differ between scenarios joined by '/'."""
    specs = [r.spec for r in cmp.results]

    def joined(values) -> str:
        return "/".join(dict.fromkeys(values))

    rate = joined(_numbers.rate_text(s.discount_regime or s.discount_rate, lang) for s in specs)
    horizon = joined(phrases.horizon_phrase(s.horizon, lang, common=False) for s in specs)
    timing = "; ".join(phrases.timing_phrase(t, lang)
                       for t in dict.fromkeys(s.timing for s in specs))
    return phrases.basis_line(cmp.price_year, rate, horizon, timing, lang)


def _finish(ax, cmp: ScenarioComparison, title: str, xlabel: str, ylabel: str, lang: str,
            notes: tuple[str, ...] = ()) -> None:
    """Title, axis labels, a light grid along the value axis, the footnote and the notice."""
    towns = ", ".join(dict.fromkeys(r.spec.municipality for r in cmp.results))
    style.finish(ax, f"{title} ({towns})", xlabel, ylabel)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    style.footnote(ax, [_basis(cmp, lang), "; ".join(notes)], lang,
                   illustrative=cmp.illustrative, notice=L.illustrative(lang))


def _draws_note(cmp: ScenarioComparison, lang: str) -> str:
    r0 = cmp.results[0]
    return L.text("draws_note", lang, draws=r0.draws, seed=r0.seed)


def _need_draws(cmp: ScenarioComparison, what: Text) -> None:
    if not cmp.results[0].monte_carlo:
        raise ArgumentError(Text("{what} vraagt trekkingen van de Monte Carlo; draai de "
                                 "scenario's met monte_carlo=True", "{what} needs Monte Carlo "
                                 "draws; run the scenarios with monte_carlo=True", what=what))


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
    lang = check_lang(lang)
    cmp = _comparison(result)
    ax = style.axes(ax, (8.0, 5.6))
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
               label=clean_text(r.name), error_kw={"linewidth": 0.8},
               gid=f"scenario:{clean_text(r.name)}",
               **style.series_fill(i))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [L.actor_label(a, lang) for a in actors], rotation=30, ha="right")
    _numbers.euro_axis(ax, lang, axis="y")
    if n > 1:
        ax.legend(title=L.text("scenario", lang), fontsize=8, title_fontsize=8)
    notes = ()
    if cmp.results[0].monte_carlo:
        notes = (_draws_note(cmp, lang),
                 L.level_note("interval_note", cmp.results[0].level, lang))
    _finish(ax, cmp, L.text("net_by_actor", lang), L.text("actor", lang),
            L.text("mln", lang, year=cmp.price_year), lang, notes)
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
    lang = check_lang(lang)
    cmp = _comparison(result)
    _need_draws(cmp, Text("de verdelingsfiguur", "the distribution plot"))
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
        raise ArgumentError(Text("bins={bins} is niet toegestaan; geef een geheel getal >= 1",
                                 "bins={bins} is not allowed; give a whole number >= 1",
                                 bins=show(bins)))
    ax = style.axes(ax, (8.0, 5.2))
    values = [r.net_draws / _MLN for r in cmp.results]
    lo = min(float(v.min()) for v in values)
    hi = max(float(v.max()) for v in values)
    edges = np.linspace(lo, hi if hi > lo else lo + 1.0, bins + 1)
    for i, (r, v) in enumerate(zip(cmp.results, values, strict=True)):
        line = style.series_line(i)
        ax.hist(v, bins=edges, density=True, histtype="step", linewidth=1.4,
                label=clean_text(r.name), gid=f"scenario:{clean_text(r.name)}", **line)
        # the deterministic net present value: dashed, in the scenario's colour
        ax.axvline(r.net_pv / _MLN, linestyle="--", linewidth=1, color=line["color"])
    ax.axvline(0, color="black", linewidth=0.8)
    _numbers.euro_axis(ax, lang)
    ax.yaxis.set_major_formatter(_numbers.decimal_formatter(lang, 3))
    ax.legend(title=L.text("scenario", lang), fontsize=8, title_fontsize=8)
    _finish(ax, cmp, L.text("distribution", lang),
            L.text("npv_axis", lang, year=cmp.price_year), L.text("density", lang), lang,
            (_draws_note(cmp, lang),))
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
    lang = check_lang(lang)
    cmp = _comparison(result)
    _need_draws(cmp, Text("de kans dat een scenario het beste is",
                          "the probability that a scenario is best"))
    ax = style.axes(ax, (8.0, 4.8))
    names = list(cmp.names)
    values = [100 * cmp.p_best[n] for n in names]
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        name = clean_text(name)  # a category of the axis: its tick label, without controls
        bars = ax.bar(name, value, width=0.6, gid=f"scenario:{name}", **style.series_fill(i))
        ax.bar_label(bars, labels=[formatting.percent(value / 100, lang, 1)], fontsize=8)
    ax.set_ylim(0, 115)
    ax.yaxis.set_major_formatter(_numbers.decimal_formatter(lang, 0))
    _finish(ax, cmp, L.text("p_best_title", lang), L.text("scenario", lang),
            L.text("prob_axis", lang), lang, (_draws_note(cmp, lang),))
    return ax
