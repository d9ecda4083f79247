"""mkba: social cost-benefit analysis (MKBA) of social neighbourhood teams.

Import study spreadsheets into one common schema, recompute them on a common basis, pool them
with random-effects statistics, compare municipal scenarios and regenerate every table and figure.

The public names below are loaded on first use, so that ``mkba --help`` starts without importing
pandas.

Examples
--------
>>> import mkba
>>> mkba.vocabulary("actors").lookup("woningbouwvereniging")
'woningcorporatie'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> the module that defines it (never a module that only passes it on)
_EXPORTS = {
    "MkbaError": "mkba.errors",
    "InputError": "mkba.errors",
    "ArgumentError": "mkba.errors",
    "ReferenceDataError": "mkba.errors",
    "Study": "mkba.schema",
    "ReportedFigure": "mkba.schema",
    "STUDY_FIELDS": "mkba.schema",
    "Issue": "mkba.issues",
    "ValidationReport": "mkba.issues",
    "vocabulary": "mkba.vocab",
    "read_study": "mkba.io",
    "read_studies": "mkba.io",
    "check_files": "mkba.io",
    "check_evidence": "mkba.io",
    "read_evidence": "mkba.io",
    "read_register": "mkba.io.register",
    "Appraisal": "mkba.appraisal",
    "appraise": "mkba.appraisal",
    "appraise_all": "mkba.appraisal",
    "reconcile": "mkba.appraisal",
    "reported_mismatches": "mkba.appraisal",
    "Basis": "mkba.basis",
    "as_basis": "mkba.basis",
    "npv": "mkba.discounting",
    "price_index_factor": "mkba.prices",
    "Tables": "mkba.tables",
    "build_tables": "mkba.tables",
    "write_tables": "mkba.write.xlsx_tables",
    "pool": "mkba.pooling.core",
    "subgroups": "mkba.pooling.subgroups",
    "meta_regression": "mkba.pooling.regression",
    "leave_one_out": "mkba.pooling.diagnostics",
    "influence": "mkba.pooling.diagnostics",
    "egger_test": "mkba.pooling.diagnostics",
    "monte_carlo": "mkba.pooling.montecarlo",
    "probability_positive": "mkba.pooling.montecarlo",
    "PooledEffect": "mkba.pooling.core",
    "study_evidence": "mkba.evidence",
    "Evidence": "mkba.evidence",
    "pool_studies": "mkba.analysis",
    "PooledStudies": "mkba.analysis",
    "build_report": "mkba.report",
    "write_report": "mkba.report",
    "all_figures": "mkba.plots.catalogue",
    "ScenarioSpec": "mkba.scenario.spec",
    "read_spec": "mkba.scenario.files",
    "run_scenario": "mkba.scenario.engine",
    "ScenarioResult": "mkba.scenario.result",
    "compare_scenarios": "mkba.scenario.compare",
    "ScenarioComparison": "mkba.scenario.compare",
    "compare_files": "mkba.scenario.files",
    "write_comparison": "mkba.scenario.files",
    "write_template": "mkba.write.template",
    "write_scenario_template": "mkba.scenario.input_xlsx",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mkba' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
