"""Municipal scenarios on the pooled evidence: what a planned team may cost and yield, per actor.

A municipality describes the team it plans, and alternatives (:mod:`mkba.scenario.spec`: TOML or
the xlsx input workbook of :func:`mkba.scenario.input_xlsx.write_scenario_template`);
:func:`run_scenario` computes costs and benefits per year and actor on the pooled evidence with a
Monte Carlo over the between-study spread (:mod:`mkba.scenario.engine`);
:func:`compare_scenarios` puts scenarios side by side; :mod:`mkba.scenario.plots` draws them and
:func:`write_comparison` writes the table, the figures and a workbook to forward.
:mod:`mkba.scenario.segments` turns the evidence into a benefit per household per segment,
:mod:`mkba.scenario.caseload` ties it to the caseload if asked, :mod:`mkba.scenario.cautions`
says what every result rests on (``result.warnings``), and :mod:`mkba.scenario.presets` holds
the five team types as worked examples. ``scenarios/README.md`` explains the fields and the
method.

Examples
--------
>>> from dataclasses import replace
>>> from mkba.io import read_studies
>>> from mkba.scenario import compare_scenarios, read_spec, run_scenario
>>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
>>> plan = read_spec("scenarios/zwaar.toml")
>>> smaller = replace(plan, name="zwaar-klein", reach=(0.3, 0.0, 0.0))
>>> results = [run_scenario(spec, studies, draws=1_000) for spec in (plan, smaller)]
>>> cmp = compare_scenarios(results)
>>> cmp.names, cmp.table.loc["households_reached"].tolist()
(('zwaar', 'zwaar-klein'), [600.0, 300.0])

The command line equivalent (``scenarios/README.md``): ``mkba scenario scenarios/*.toml --out
reports/scenarios``.
"""

from mkba.scenario._checks import DEFAULT_CASELOADS, DEFAULT_SHARES
from mkba.scenario.compare import ScenarioComparison, compare_scenarios, format_comparison
from mkba.scenario.engine import run_scenario, select_studies
from mkba.scenario.evidence import ScenarioEvidence, pooled_evidence
from mkba.scenario.files import compare_files, read_spec, run_scenario_files, write_comparison
from mkba.scenario.presets import PRESETS, read_preset
from mkba.scenario.result import ScenarioResult
from mkba.scenario.spec import ScenarioSpec, spec_from_mapping

__all__ = [
    "DEFAULT_CASELOADS",
    "DEFAULT_SHARES",
    "ScenarioSpec",
    "read_spec",
    "PRESETS",
    "read_preset",
    "spec_from_mapping",
    "ScenarioEvidence",
    "pooled_evidence",
    "ScenarioResult",
    "run_scenario",
    "select_studies",
    "ScenarioComparison",
    "compare_scenarios",
    "format_comparison",
    "compare_files",
    "write_comparison",
    "run_scenario_files",
    "plot_net_by_actor",
    "plot_npv_distribution",
    "plot_probability_best",
    "write_scenario_template",
    "read_scenario_workbook",
]

# loaded on first use, so that importing mkba.scenario needs neither matplotlib nor openpyxl
_LAZY = {"plot_net_by_actor": "mkba.scenario.plots",
         "plot_npv_distribution": "mkba.scenario.plots",
         "plot_probability_best": "mkba.scenario.plots",
         "write_scenario_template": "mkba.scenario.input_xlsx",
         "read_scenario_workbook": "mkba.scenario.input_read"}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'mkba.scenario' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
