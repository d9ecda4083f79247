"""Municipal scenarios on the pooled evidence: what a planned team may cost and yield, per actor.

A municipality describes the team it plans, and alternatives (:mod:`mkba.scenario.spec`: TOML or
the xlsx input workbook of :func:`mkba.io.scenario_xlsx.write_scenario_template`);
:func:`run_scenario` computes costs and benefits per year and actor on the pooled evidence with a
Monte Carlo over the between-study spread (:mod:`mkba.scenario.engine`);
:func:`compare_scenarios` puts scenarios side by side; :mod:`mkba.scenario.plots` draws them and
:func:`write_comparison` writes the table, the figures and a workbook to forward.
``scenarios/README.md`` explains the fields and the method.

Examples
--------
>>> from mkba.io import read_studies
>>> from mkba.scenario import compare_scenarios, read_spec, run_scenario
>>> studies = read_studies("studies")
>>> results = [run_scenario(read_spec(f"scenarios/{name}.toml"), studies, draws=1_000)
...            for name in ("breed", "kwetsbaar", "zwaar")]
>>> compare_scenarios(results).names
('breed', 'kwetsbaar', 'zwaar')
"""

from mkba.scenario.compare import ScenarioComparison, compare_scenarios, format_comparison
from mkba.scenario.engine import ScenarioResult, run_scenario, select_studies
from mkba.scenario.evidence import ScenarioEvidence, pooled_evidence
from mkba.scenario.files import run_scenario_files, write_comparison
from mkba.scenario.spec import (
    DEFAULT_CASELOADS,
    DEFAULT_SHARES,
    ScenarioSpec,
    read_spec,
    spec_from_mapping,
)

__all__ = [
    "DEFAULT_CASELOADS",
    "DEFAULT_SHARES",
    "ScenarioSpec",
    "read_spec",
    "spec_from_mapping",
    "ScenarioEvidence",
    "pooled_evidence",
    "ScenarioResult",
    "run_scenario",
    "select_studies",
    "ScenarioComparison",
    "compare_scenarios",
    "format_comparison",
    "write_comparison",
    "run_scenario_files",
]
