"""Scenario files: read a scenario (:func:`read_spec`, TOML or the xlsx input workbook), write a
comparison to files, and run scenario files end to end (``mkba scenario``).

:func:`write_comparison` writes, into one folder:

- ``comparison.csv`` (the comparison table: code, label, unit, one column per scenario),
  ``by_actor.csv`` and ``by_year.csv`` (long tables with a scenario column);
- the figures ``net_by_actor``, ``npv_distribution`` and ``probability_best`` as ``.png`` and
  ``.svg`` (the last two only with Monte Carlo);
- ``comparison.xlsx``: assumptions first, then the results (:mod:`mkba.scenario.workbook`);
- per scenario, in the order of the comparison, its one-page summary for a council memo
  (:mod:`mkba.scenario.summary`): ``samenvatting-<slug>.html`` (``summary-<slug>.html`` in
  English; the slug from the scenario's name, :func:`~mkba.scenario.summary.summary_file_names`)
  and, with ``pdf``, the same name with ``.pdf`` after it.

Outputs are deterministic (the same comparison gives byte-identical files: no timestamps in the
xlsx, png or svg) and atomic: every file is complete on disk before the first is renamed into
place, and other files in the folder are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from mkba.errors import ArgumentError, InputError
from mkba.io.source_file import SourceFileError, read_toml
from mkba.limits import MAX_TEXT_FILE_BYTES
from mkba.messages import Text, check_lang
from mkba.pooling import check_draws, check_seed
from mkba.scenario.compare import ScenarioComparison, compare_scenarios
from mkba.scenario.engine import run_scenario
from mkba.scenario.input_read import read_scenario_workbook
from mkba.scenario.spec import ScenarioSpec, spec_from_mapping
from mkba.text_clean import printable
from mkba.write.csv_bytes import csv_bytes, csv_dialect
from mkba.write.output_folder import write_files

__all__ = ["RESULTS_SUFFIX", "compare_files", "default_output_folder", "read_spec",
           "run_scenario_files", "write_comparison"]

#: The default output folder of ``mkba scenario`` is the scenario file's name with this suffix,
#: in the current folder (:func:`default_output_folder`; the input workbook's instructions say
#: so: :data:`mkba.scenario.input_layout.INTRO`).
RESULTS_SUFFIX = "-resultaten"
#: The default output folder of a comparison of several scenario files.
COMPARISON_FOLDER = "vergelijking-resultaten"
_MAX_STEM = 200  # a folder name stays within the 255 bytes file systems allow

def _long(comparison: ScenarioComparison, name: str) -> pd.DataFrame:
    # every row says whether its scenario rests on illustrative (made-up) studies
    frames = [getattr(r, name).assign(scenario=r.name, illustrative=r.illustrative)
              for r in comparison.results]
    frame = pd.concat(frames, ignore_index=True)
    return frame[["scenario", *[c for c in frame.columns if c != "scenario"]]]


def _with_flag(comparison: ScenarioComparison, lang: str) -> pd.DataFrame:
    """The comparison table with a last row ``illustrative``: per scenario ja/nee (yes/no)."""
    frame = comparison.to_frame(lang)
    code, label, unit = frame.columns[:3]
    words = ("ja", "nee") if lang == "nl" else ("yes", "no")
    flag = {code: "illustrative", label: "Illustratief" if lang == "nl" else "Illustrative",
            unit: "", **{r.name: words[not r.illustrative] for r in comparison.results}}
    return pd.concat([frame.astype(object), pd.DataFrame([flag])], ignore_index=True)


def _figures(comparison: ScenarioComparison, lang: str) -> dict[str, bytes]:
    from mkba.scenario import plots
    from mkba.write.figures import figure_bytes

    functions = [("net_by_actor", plots.plot_net_by_actor)]
    if comparison.results[0].monte_carlo:
        functions += [("npv_distribution", plots.plot_npv_distribution),
                      ("probability_best", plots.plot_probability_best)]
    out = {}
    for name, plot in functions:
        for fmt, data in figure_bytes(plot(comparison, lang=lang).get_figure()).items():
            out[f"{name}.{fmt}"] = data
    return out


def write_comparison(comparison: ScenarioComparison, out_dir: str | Path, *,
                     lang: str = "nl", inputs: Iterable[str | Path] = (),
                     csv: str | None = None, pdf: bool = False) -> list[Path]:
    """Write the comparison table (CSV), the figures (png + svg), the xlsx and each scenario's
    one-page summary (HTML; with ``pdf`` also PDF) to ``out_dir``.

    Parameters
    ----------
    comparison : ScenarioComparison
        From :func:`~mkba.scenario.compare.compare_scenarios`.
    out_dir : str or Path
        Folder: new, empty or an earlier output of mkba (see
        :func:`mkba.write.output_folder.check_output_folder`); existing files of the same names
        are replaced, other files are left alone.
    lang : {'nl', 'en'}
        Language of labels, figures and the workbook.
    inputs : iterable of str or Path
        The files and folders the run read; ``out_dir`` may not be, contain or lie inside one.
    csv : {None, "excel-nl", "plain"}
        The CSV dialect (:mod:`mkba.write.csv_bytes`); by default that of ``lang``.
    pdf : bool
        Also write each scenario's one-page summary as a PDF of one A4 page
        (:func:`mkba.scenario.summary.summary_pdf`; needs WeasyPrint: ``mkba[pdf]``).

    Returns
    -------
    list of Path
        The files written, in the order of the module docstring.

    Examples
    --------
    >>> import tempfile
    >>> from mkba.io import read_studies
    >>> from mkba.scenario import read_spec, run_scenario
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> r = run_scenario(read_spec("scenarios/zwaar.toml"), studies, monte_carlo=False)
    >>> [p.name for p in write_comparison(compare_scenarios([r]), tempfile.mkdtemp())]
    ['comparison.csv', 'by_actor.csv', 'by_year.csv', 'net_by_actor.png', 'net_by_actor.svg', 'comparison.xlsx', 'samenvatting-zwaar.html']
    >>> [p.name for p in write_comparison(compare_scenarios([r]), tempfile.mkdtemp(),
    ...                                   lang="en", pdf=True)][-2:]
    ['summary-zwaar.html', 'summary-zwaar.pdf']
    """  # noqa: E501
    from mkba.scenario.workbook import comparison_workbook

    if not isinstance(comparison, ScenarioComparison):
        raise ArgumentError(Text("comparison={type} is niet toegestaan; geef het resultaat van "
                                 "compare_scenarios", "comparison={type} is not allowed; give "
                                 "the result of compare_scenarios",
                                 type=type(comparison).__name__))
    dialect = csv_dialect(check_lang(lang), csv)  # Dutch Excel's for Dutch output
    contents = {"comparison.csv": csv_bytes(_with_flag(comparison, lang), dialect),
                "by_actor.csv": csv_bytes(_long(comparison, "by_actor"), dialect),
                "by_year.csv": csv_bytes(_long(comparison, "by_year"), dialect),
                **_figures(comparison, lang),
                "comparison.xlsx": comparison_workbook(comparison, lang)}
    contents.update(_summaries(comparison, lang, pdf))
    return write_files(out_dir, contents, inputs=inputs)


def _summaries(comparison: ScenarioComparison, lang: str, pdf: bool) -> dict[str, bytes]:
    """Each scenario's one-page summary: ``<name>.html`` and, with ``pdf``, ``<name>.pdf``."""
    from mkba.scenario.summary import summary_file_names, summary_html, summary_pdf

    out = {}
    for result, name in zip(comparison.results, summary_file_names(comparison.names, lang),
                            strict=True):
        out[f"{name}.html"] = summary_html(result, lang=lang).encode("utf-8")
        if pdf:
            out[f"{name}.pdf"] = summary_pdf(result, lang=lang)
    return out


def read_spec(path: str | Path) -> ScenarioSpec:
    """Read a scenario from a TOML file or from a filled input workbook (``.xlsx``).

    The name defaults to the file name without its extension.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "klein.toml"
    >>> _ = path.write_text('''municipality = "Veenwolde"
    ... first_year = 2026
    ... horizon = 5
    ... discount_rate = "3%"
    ... [population]
    ... households = {kwetsbaar = 700}
    ... [team]
    ... reach = {kwetsbaar = 0.8}
    ... [costs]
    ... per_fte = 80_000
    ... ''', encoding="utf-8")
    >>> spec = read_spec(path)
    >>> spec.name, spec.households, spec.reach, spec.discount_rate
    ('klein', (0.0, 700.0, 0.0), (0.0, 0.8, 0.0), 0.03)
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_scenario_workbook(path)
    shown = printable(str(path), lines=False)
    if path.suffix.lower() != ".toml":
        raise InputError(Text("{path}: een scenario is een .toml-bestand of een invoerwerkmap "
                              ".xlsx (mkba scenario-template)", "{path}: a scenario is a .toml "
                              "file or an .xlsx input workbook (mkba scenario-template)",
                              path=shown))
    try:
        _, data = read_toml(path, max_bytes=MAX_TEXT_FILE_BYTES, expected=Text(
            "een scenariobestand (TOML)", "a scenario TOML file"))
    except SourceFileError as exc:
        message = exc.message
        if not isinstance(message, Text):  # a parser's own words may quote the file
            message = printable(str(message), lines=False)
        raise InputError(Text("{path}: {message}", "{path}: {message}", path=shown,
                              message=message)) from None
    return spec_from_mapping(data, source=str(path), default_name=path.stem)


def _paths(spec_paths) -> list[Path]:
    if isinstance(spec_paths, str | Path):
        spec_paths = [spec_paths]
    paths = [Path(p) for p in spec_paths]
    if not paths:
        raise ArgumentError(Text("spec_paths is leeg; geef ten minste één scenariobestand",
                                 "spec_paths is empty; give at least one scenario file"))
    return paths


def compare_files(spec_paths: Iterable[str | Path], studies, *, draws: int = 10_000,
                  seed: int = 0, monte_carlo: bool = True) -> ScenarioComparison:
    """Read scenario files (TOML or xlsx), run each with the same seed and draws, compare them.

    ``draws`` (1 to :data:`mkba.limits.MAX_DRAWS`) and ``seed`` (0 to 2**64 - 1) are checked
    before any file is read.

    Examples
    --------
    >>> from mkba.io import read_studies
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> compare_files(["scenarios/zwaar.toml"], studies, draws=1_000).names
    ('zwaar',)
    """
    if monte_carlo:  # before the files are read
        draws, seed = check_draws(draws), check_seed(seed)
    specs = [read_spec(p) for p in _paths(spec_paths)]
    studies = list(studies)
    return compare_scenarios([run_scenario(s, studies, draws=draws, seed=seed,
                                           monte_carlo=monte_carlo) for s in specs])


def default_output_folder(spec_paths: Iterable[str | Path], cwd: str | Path | None = None
                          ) -> Path:
    """Where ``mkba scenario`` writes its results when no ``--out`` is given.

    One scenario file ``plan.xlsx`` (or ``plan.toml``) gives the folder ``plan-resultaten`` in
    the current folder ``cwd``; several files give ``vergelijking-resultaten`` there. The name
    is the same in every language (the input workbook's instructions name it), so that a
    second run, in Dutch or English, replaces the results of the first.

    Parameters
    ----------
    spec_paths : iterable of str or Path
        The scenario files, in the order given.
    cwd : str or Path, optional
        The folder to write in; the current working folder by default.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        When no scenario file is given.

    Examples
    --------
    >>> default_output_folder(["plannen/Veenwolde 2026.xlsx"], cwd="/werk").as_posix()
    '/werk/Veenwolde 2026-resultaten'
    >>> default_output_folder(["a.toml", "b.xlsx"], cwd="/werk").as_posix()
    '/werk/vergelijking-resultaten'
    """
    paths = [Path(p) for p in spec_paths]
    if not paths:
        raise ArgumentError(Text("geef minstens één scenariobestand",
                                 "give at least one scenario file"))
    base = Path.cwd() if cwd is None else Path(cwd)
    if len(paths) > 1:
        return base / COMPARISON_FOLDER
    stem = paths[0].stem.strip() or "scenario"
    while len(stem.encode("utf-8")) > _MAX_STEM:
        stem = stem[:-1]
    return base / f"{stem}{RESULTS_SUFFIX}"


def run_scenario_files(spec_paths: Iterable[str | Path], studies, out_dir: str | Path, *,
                       lang: str = "nl", draws: int = 10_000, seed: int = 0) -> list[Path]:
    """Run scenario files and write their comparison to ``out_dir`` (for ``mkba scenario``).

    Parameters
    ----------
    spec_paths : iterable of str or Path
        Scenario files (``.toml`` or the ``.xlsx`` input workbook).
    studies : list of Study
        The evidence (:func:`mkba.io.read_studies`).
    out_dir : str or Path
        See :func:`write_comparison`; it may not hold or lie inside a scenario file's folder
        given here.
    lang : {'nl', 'en'}
    draws, seed : int
        Monte Carlo settings, the same for every scenario (common random numbers).

    Returns
    -------
    list of Path
        See :func:`write_comparison`.

    Examples
    --------
    >>> import tempfile
    >>> from mkba.io import read_studies
    >>> studies = read_studies(["studies/duinhaven-2010.xlsx", "studies/lindemonde-2013.xlsx"])
    >>> paths = run_scenario_files(["scenarios/zwaar.toml"], studies, tempfile.mkdtemp(),
    ...                            draws=1_000)
    >>> sorted(p.suffix for p in paths)
    ['.csv', '.csv', '.csv', '.html', '.png', '.png', '.png', '.svg', '.svg', '.svg', '.xlsx']
    """
    check_lang(lang)
    draws, seed = check_draws(draws), check_seed(seed)
    paths = _paths(spec_paths)
    comparison = compare_files(paths, studies, draws=draws, seed=seed)
    return write_comparison(comparison, out_dir, lang=lang, inputs=paths)
