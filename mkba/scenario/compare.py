"""Scenarios side by side: :func:`compare_scenarios` -> :class:`ScenarioComparison`.

One column per scenario; rows for costs, benefits, net, ratio, net per actor, the municipal
budget effect in year 2, the break-even effect, the payback year, the pooled evidence, and with
Monte Carlo the probabilities and intervals. The probability that a scenario is best (highest net
present value) is computed from the joint draws, which is meaningful only when every scenario was
run with the same seed and number of draws (common random numbers: one draw is the same state of
the evidence for every scenario), so that is required.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from mkba.errors import ArgumentError
from mkba.messages import Text, check_lang
from mkba.scenario import _labels as L
from mkba.scenario.result import MUNICIPALITY, ScenarioResult
from mkba.vocab import vocabulary

__all__ = ["ScenarioComparison", "compare_scenarios", "format_comparison", "warnings_block"]

_HEAD = ("households_reached", "fte", "pv_costs", "pv_benefits", "net_pv", "bcr")
_TAIL = ("budget_effect_year2", "break_even", "payback_year", "benefit_per_household",
         "net_pv_split_low", "net_pv_split_high", "annual_benefit", "evidence_k")
_MC = ("p_benefits_exceed_costs", "p_municipality_gains", "net_low", "net_high",
       "municipality_net_low", "municipality_net_high", "p_best")


@dataclass(frozen=True, eq=False)
class ScenarioComparison:
    """Scenario results side by side.

    Attributes
    ----------
    results : tuple of ScenarioResult
    table : pandas.DataFrame
        Index: row codes (see :data:`mkba.scenario._labels.ROWS`; ``net:<actor>`` per actor);
        one float column per scenario (NaN where a figure does not exist).
    p_best : mapping of scenario name to float, or None
        Share of the joint draws in which each scenario has the highest net present value
        (None without Monte Carlo).
    """

    results: tuple
    table: pd.DataFrame
    p_best: MappingProxyType | None

    @property
    def names(self) -> tuple[str, ...]:
        """Scenario names, in order."""
        return tuple(r.name for r in self.results)

    @property
    def price_year(self) -> int:
        """The common price year."""
        return self.results[0].price_year

    @property
    def illustrative(self) -> bool:
        """True when any scenario rests on illustrative evidence or is marked illustrative."""
        return any(r.illustrative for r in self.results)

    def to_frame(self, lang: str = "nl") -> pd.DataFrame:
        """The table with a code, label and unit column before the scenario columns."""
        check_lang(lang)
        codes = list(self.table.index)
        head = pd.DataFrame({
            L.text("code", lang): codes,
            L.text("measure", lang): [L.row_label(c, lang) for c in codes],
            L.text("unit", lang): [L.row_unit(c) for c in codes],
        })
        return pd.concat([head, self.table.reset_index(drop=True)], axis=1)

    def to_dict(self) -> dict:
        """Every scenario's result and the table, as plain values ready for JSON."""
        def plain(v):
            return None if v is None or (isinstance(v, float) and not math.isfinite(v)) \
                else float(v)

        return {
            "scenarios": list(self.names),
            "price_year": self.price_year,
            "table": {code: {n: plain(self.table.at[code, n]) for n in self.names}
                      for code in self.table.index},
            "p_best": None if self.p_best is None else dict(self.p_best),
            "results": [r.to_dict() for r in self.results],
        }


def _value(result: ScenarioResult, code: str) -> float:
    if code.startswith("net:"):
        rows = result.by_actor[result.by_actor["actor"] == code[4:]]
        return float(rows["net"].iloc[0]) if len(rows) else 0.0
    if code == "annual_benefit":
        return float(result.evidence_summary["estimate"])
    if code == "evidence_k":
        return float(result.evidence_summary["k"])
    if code in ("net_pv_split_low", "net_pv_split_high"):
        splits = result.segment_splits
        if splits is None or splits.empty:
            return result.net_pv
        return float(splits["net_pv"].min() if code.endswith("low") else splits["net_pv"].max())
    value = getattr(result, code, None)
    return math.nan if value is None else float(value)


def compare_scenarios(results) -> ScenarioComparison:
    """Put scenario results side by side.

    Parameters
    ----------
    results : sequence of ScenarioResult
        With unique names and one price year. With Monte Carlo, all with the same seed and
        number of draws (or all without).

    Returns
    -------
    ScenarioComparison

    Examples
    --------
    >>> from dataclasses import replace
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> spec = read_spec("scenarios/zwaar.toml")
    >>> cautious = replace(spec, name="zwaar-half", multiplier=0.5)
    >>> runs = [run_scenario(s, studies, draws=2_000) for s in (spec, cautious)]
    >>> cmp = compare_scenarios(runs)
    >>> cmp.names, round(sum(cmp.p_best.values()), 9)
    (('zwaar', 'zwaar-half'), 1.0)
    >>> bool(cmp.table.loc["net_pv", "zwaar-half"] == runs[1].net_pv)
    True
    """
    results = tuple(results) if not isinstance(results, ScenarioResult) else (results,)
    if not results or not all(isinstance(r, ScenarioResult) for r in results):
        got = sorted({type(r).__name__ for r in results}) or Text("niets", "nothing")
        raise ArgumentError(Text("results moet een niet-lege reeks ScenarioResult-objecten zijn "
                                 "(run_scenario); gevonden: {got}", "results must be a "
                                 "non-empty sequence of ScenarioResult (run_scenario); got {got}",
                                 got=got))
    names = [r.name for r in results]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ArgumentError(Text("scenarionamen moeten uniek zijn; {name!r} komt meer dan eens "
                                 "voor (geef elk scenario een eigen naam)", "scenario names must "
                                 "be unique; {name!r} occurs more than once (give each spec its "
                                 "own name)", name=dupes[0]))
    years = sorted({r.price_year for r in results})
    if len(years) > 1:
        raise ArgumentError(Text("de scenario's hebben de prijsjaren {years}; vergelijk ze in één "
                                 "prijsjaar (zet price_year in elk scenario)", "scenarios have "
                                 "price years {years}; compare them on one price year (set "
                                 "price_year in every spec)", years=years))
    with_mc = {r.monte_carlo for r in results}
    settings = sorted({(r.draws, r.seed) for r in results if r.monte_carlo})
    if len(with_mc) > 1 or len(settings) > 1:
        shown = ", ".join(f"{r.name}: draws={r.draws}, seed={r.seed}" for r in results)
        raise ArgumentError(Text("scenario's moeten dezelfde seed en hetzelfde aantal trekkingen "
                                 "(draws) hebben om op gemeenschappelijke trekkingen vergeleken "
                                 "te worden ({shown}); draai ze met dezelfde instellingen",
                                 "scenarios must share seed and draws to be compared on common "
                                 "random numbers ({shown}); run them with the same settings",
                                 shown=shown))
    codes = vocabulary("actors").codes
    actors = sorted({a for r in results for a in r.by_actor["actor"]},
                    key=lambda a: (a != MUNICIPALITY, codes.index(a) if a in codes
                                   else len(codes), a))
    rows = [*_HEAD, *(f"net:{a}" for a in actors), *_TAIL]
    p_best = None
    if results[0].monte_carlo:
        rows += list(_MC)
        nets = np.vstack([r.net_draws for r in results])        # scenarios x draws
        best = np.bincount(np.argmax(nets, axis=0), minlength=len(results)) / nets.shape[1]
        p_best = MappingProxyType({n: float(p) for n, p in zip(names, best, strict=True)})
    table = pd.DataFrame(
        {n: [p_best[n] if c == "p_best" else _value(r, c) for c in rows]
         for n, r in zip(names, results, strict=True)}, index=pd.Index(rows, name="code"),
        dtype="float64")
    return ScenarioComparison(results, table, p_best)


def warnings_block(results, lang: str) -> list[str]:
    """The warnings of every scenario (:attr:`ScenarioResult.warnings`) as lines, headed
    'Waarschuwingen' ('Warnings'); no lines when there are none.

    Examples
    --------
    >>> warnings_block([], "en")
    []
    """
    lines = []
    for r in results:
        if r.warnings:
            lines += ["", L.text("warnings", lang, name=r.name)]
            lines += [f"- {w.render(lang)}" for w in r.warnings]
    notes = dict.fromkeys(n.render(lang) for r in results for n in r.notes)
    if notes:
        lines += ["", *notes]
    return lines


def format_comparison(comparison: ScenarioComparison, *, lang: str = "nl") -> str:
    """The comparison as plain text (for the command line), with the illustrative notice.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, monte_carlo=False)
    >>> print(format_comparison(compare_scenarios([r]), lang="en").splitlines()[0])
    Scenarios for Oostervenne (euros of 2024 prices)
    """
    if not isinstance(comparison, ScenarioComparison):
        raise ArgumentError(Text("comparison moet het resultaat van compare_scenarios zijn",
                                 "comparison must be the result of compare_scenarios"))
    check_lang(lang)
    towns = ", ".join(dict.fromkeys(r.spec.municipality for r in comparison.results))
    head = (f"Scenario's voor {towns} (euro's, prijspeil {comparison.price_year})" if lang == "nl"
            else f"Scenarios for {towns} (euros of {comparison.price_year} prices)")
    labels = [L.text("measure", lang)] + [L.row_label(c, lang) for c in comparison.table.index]
    columns = [[n] + [L.shown(v, L.row_unit(c), lang) for c, v in comparison.table[n].items()]
               for n in comparison.names]
    width = max(len(x) for x in labels)
    widths = [max(len(x) for x in col) for col in columns]
    rows = ["  ".join([label.ljust(width)] + [col[i].rjust(w) for col, w in
                                              zip(columns, widths, strict=True)])
            for i, label in enumerate(labels)]
    lines = [head, *warnings_block(comparison.results, lang), "", *rows]
    r0 = comparison.results[0]
    if r0.monte_carlo:
        lines += ["", L.text("draws_note", lang, draws=r0.draws, seed=r0.seed)
                  + "; " + L.level_note("level_note", r0.level, lang)]
    if comparison.illustrative:
        lines += ["", L.illustrative(lang)]
    return "\n".join(lines)
