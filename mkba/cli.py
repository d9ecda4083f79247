"""The ``mkba`` command line: one function call per subcommand.

Exit codes: 0 success, 1 bad input (every issue printed, no traceback, nothing half written),
2 usage error. Heavy libraries are imported inside the subcommands so that ``mkba --help`` is quick.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from pathlib import Path

from mkba import __version__
from mkba.errors import ArgumentError, InputError, MkbaError
from mkba.text_clean import printable, printable_json

__all__ = ["main", "build_parser"]

LAYOUT_CHOICES = ("template", "cockpit", "mapping")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--layout", choices=LAYOUT_CHOICES,
                   help="force a layout instead of detecting it")
    p.add_argument("--mapping", type=Path, metavar="TOML",
                   help="mapping file for --layout mapping (default: <name>.mapping.toml beside "
                        "each workbook)")


def _add_studies_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--studies", type=Path, default=Path("studies"), metavar="DIR",
                   help="folder (or workbook) of studies (default: studies)")
    _add_input_options(p)


def _add_basis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rate", default="own", metavar="RATE",
                   help="discount rate for yearly flows: own (each study's own; default), a "
                        "decimal such as 0.03, a percentage such as 5.5%%, or a regime code "
                        "(nl-1995, nl-2007, nl-2016, nl-2021)")
    p.add_argument("--price-year", default=None, metavar="YEAR",
                   help="common price year (default: the latest year of the CBS price index)")
    p.add_argument("--horizon", default=None, metavar="YEARS",
                   help="common horizon in years, or own (each study's own; default)")
    p.add_argument("--timing", choices=("t1", "t0"), default="t1",
                   help="first flow discounted one year (t1, default) or not at all (t0)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="labels (default: nl)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mkba`` with all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="mkba",
        description="Social cost-benefit analysis (MKBA) of social neighbourhood teams: import "
                    "study workbooks, recompute, pool, compare scenarios, report.",
    )
    parser.add_argument("--version", action="version", version=f"mkba {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("template", help="write a blank study workbook to fill in",
                       description="Write a blank study workbook (instructions, metadata, "
                                   "yearly flows, present values, headline figures) with "
                                   "drop-down lists for categories and actors.")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="labels (default: nl)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = sub.add_parser("validate", help="check study workbooks and list every issue",
                       description="Check every workbook and print every issue (code, file, "
                                   "sheet, cell, what was found, what was expected). Exit 0 when "
                                   "all are valid, 1 when there is any issue.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="workbooks or folders of workbooks")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_input_options(p)

    p = sub.add_parser("import", help="import studies into the common schema (CSV + xlsx)",
                       description="Read every workbook and write the combined common-schema "
                                   "data set as tidy CSV files and one xlsx. Nothing is written "
                                   "when any file has an issue.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DIR")
    _add_input_options(p)

    p = sub.add_parser("tables", help="recompute the studies on a common basis and write the "
                                      "comparison tables (CSV + xlsx)",
                       description="Write the six comparison tables (overview, headline "
                                   "results, who pays and who benefits, benefit composition, "
                                   "method sensitivity, summary) as CSV files and one xlsx.")
    _add_studies_option(p)
    p.add_argument("--out", type=Path, default=Path("reports/tables"), metavar="DIR",
                   help="output folder (default: reports/tables)")
    _add_basis_options(p)

    p = sub.add_parser("pool", help="pool the studies: random-effects meta-analysis",
                       description="Pool one measure over the studies on a common basis: "
                                   "estimate with confidence and prediction interval, "
                                   "heterogeneity, optional subgroups with the test of their "
                                   "difference, leave-one-out, Egger's test and the probability "
                                   "that benefits exceed costs in a new setting.")
    _add_studies_option(p)
    p.add_argument("--measure", default="log_bcr",
                   help="log_bcr (default), net_per_household, benefits_per_household, "
                        "costs_per_household, benefit_per_household:CATEGORY, "
                        "balance_per_household:ACTOR")
    p.add_argument("--by", metavar="CHARACTERISTIC",
                   help="subgroups by approach_type, scale, target_breadth, household_type, "
                        "stage, evaluation or kind")
    p.add_argument("--method", choices=("reml", "dl", "pm", "ml", "fe"), default="reml",
                   help="estimator of the between-study variance (default: reml)")
    p.add_argument("--ci", choices=("z", "hksj"), default="z",
                   help="normal (z, default) or Knapp-Hartung (hksj) intervals")
    p.add_argument("--coverage", type=float, default=0.90,
                   help="assumed coverage of a study's sensitivity range (default 0.90)")
    p.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="Monte Carlo seed (default 0)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    _add_basis_options(p)

    p = sub.add_parser("scenario", help="run municipal scenarios on the pooled evidence and "
                                        "compare them",
                       description="Run each scenario (TOML, or the xlsx input workbook of "
                                   "'mkba scenario-template') on the pooled evidence, with the "
                                   "same random draws for all, and compare them side by side.")
    p.add_argument("specs", nargs="+", type=Path, metavar="SPEC",
                   help="scenario files (.toml or .xlsx)")
    _add_studies_option(p)
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="also write comparison.csv, the figures (png+svg) and comparison.xlsx")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="Monte Carlo seed (default 0)")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="labels (default: nl)")

    p = sub.add_parser("scenario-template", help="write the blank scenario input workbook",
                       description="Write the xlsx input workbook for a municipal scenario "
                                   "(reach, costs, effects), with drop-down lists.")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="labels (default: nl)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = sub.add_parser("report", help="regenerate every table and figure as a report",
                       description="Write index.html (self-contained), tables.xlsx, tables/*.csv, "
                                   "figures/*.png and *.svg, the scenario comparison and "
                                   "results.json. A failed run leaves the previous report "
                                   "intact.")
    _add_studies_option(p)
    p.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR",
                   help="output folder, replaced as a whole (default: reports)")
    p.add_argument("--scenarios", type=Path, default=Path("scenarios"), metavar="DIR",
                   help="folder of scenario files (*.toml, *.xlsx) for the scenario section "
                        "(default: scenarios; skipped when it does not exist)")
    p.add_argument("--no-scenarios", action="store_true", help="leave out the scenarios")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    _add_basis_options(p)
    return parser


def _write_new(args, write) -> int:
    if args.out.exists() and not args.force:
        raise MkbaError(f"{args.out} exists; use --force to overwrite it")
    write(args.out, lang=args.lang)
    _out(f"wrote {args.out}")
    return 0


def _cmd_template(args) -> int:
    from mkba.write.template import write_template

    return _write_new(args, write_template)


def _cmd_scenario_template(args) -> int:
    from mkba.scenario.input_xlsx import write_scenario_template

    return _write_new(args, write_scenario_template)


def _cmd_scenario(args) -> int:
    from mkba.scenario import compare_files, format_comparison, write_comparison

    comparison = compare_files(args.specs, _read(args, [args.studies]), draws=args.draws,
                               seed=args.seed)
    if args.json:
        _out(_json(comparison.to_dict()))
    else:
        _out(format_comparison(comparison, lang=args.lang))
    if args.out is not None:
        n = len(write_comparison(comparison, args.out, lang=args.lang,
                                 inputs=args.inputs))
        _out(f"wrote {n} files to {args.out}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _cmd_validate(args) -> int:
    from mkba.io import check_files

    studies, report = check_files(args.paths, layout=args.layout, mapping=args.mapping)
    if not report.files:
        raise MkbaError(f"no study workbooks (*.xlsx) found in {', '.join(map(str, args.paths))}")
    if args.json:
        print(printable_json(report.to_json()))
    else:
        for s in studies:
            _out(f"ok  {s.file}: {s.id} ({s.layout}) {s.title}")
        _out(report.format())
    return 0 if report.ok else 1


def _cmd_import(args) -> int:
    from mkba.write.export import write_dataset

    studies = _read(args, args.paths)
    written = write_dataset(studies, args.out, inputs=args.inputs)
    _out(f"imported {len(studies)} studies into {args.out}"
          + (f" ({len(written)} files)" if written else ""))
    return 0


def _basis(args):
    """The basis options as one :class:`mkba.basis.Basis`, read once before any work."""
    from mkba.basis import as_basis

    return as_basis(rate=args.rate, price_year=args.price_year, horizon=args.horizon,
                    timing=args.timing)


def _inputs(args) -> list[Path]:
    """Every path the command reads: its output folder may not be, hold or lie in one."""
    paths = list(getattr(args, "paths", None) or getattr(args, "specs", None) or [])
    if getattr(args, "studies", None) is not None:
        paths.append(args.studies)
    if getattr(args, "scenarios", None) is not None and not args.no_scenarios:
        paths.append(args.scenarios)
    if getattr(args, "mapping", None) is not None:
        paths.append(args.mapping)
    return paths


def _read(args, paths):
    from mkba.io import read_studies

    return read_studies(paths, layout=args.layout, mapping=args.mapping)


def _cmd_tables(args) -> int:
    from mkba.write.xlsx_tables import run_tables

    studies = _read(args, [args.studies])
    written = run_tables(studies, args.out, lang=args.lang, inputs=args.inputs, basis=args.basis)
    _out(f"wrote {len(written)} files for {len(studies)} studies to {args.out}")
    return 0


def _cmd_pool(args) -> int:
    from mkba.analysis import pool_studies
    from mkba.phrases import ILLUSTRATIVE_NOTICE
    from mkba.pooled_tables import format_pooled

    studies = _read(args, [args.studies])
    result = pool_studies(studies, args.measure, method=args.method, ci=args.ci, by=args.by,
                          coverage=args.coverage, draws=args.draws, seed=args.seed,
                          basis=args.basis)
    illustrative = any(s.illustrative for s in studies)
    if args.json:
        from mkba.assumptions import assumption_frame, assumption_records

        out = result.to_dict()
        # the headline with each assumption changed in turn (mkba.assumptions)
        out["assumptions"] = assumption_records(assumption_frame(result, studies))
        out["illustrative_studies"] = sorted(s.id for s in studies if s.illustrative)
        if illustrative:
            out["notice"] = ILLUSTRATIVE_NOTICE[args.lang]
        _out(_json(out))
    else:
        _out(format_pooled(result, lang=args.lang, illustrative=illustrative))
    return 0


def _cmd_report(args) -> int:
    from tqdm import tqdm

    from mkba.report import build_report, write_report

    specs = []
    if not args.no_scenarios and args.scenarios.is_dir():
        specs = sorted(p for p in args.scenarios.iterdir()
                       if p.suffix in (".toml", ".xlsx") and not p.name.startswith(("~$", ".")))
    steps = ["reading studies", "tables", "pooling", "figures", *(["scenarios"] if specs else []),
             "writing figures and tables", "writing html"]
    with tqdm(total=len(steps), desc="mkba report", unit="step", disable=args.quiet,
              file=sys.stderr, leave=False) as bar:
        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        progress("reading studies")
        studies = _read(args, [args.studies])
        report = build_report(studies, scenario_specs=specs, lang=args.lang, progress=progress,
                              basis=args.basis)
        written = write_report(report, args.out, progress=progress, inputs=args.inputs)
    if not args.quiet:
        _out(f"wrote {len(written)} files to {args.out} ({len(studies)} studies"
              + (f", {len(specs)} scenarios" if specs else "") + f"): {args.out / 'index.html'}")
    return 0


#: Commands that write into an output folder (``args.out``).
_FOLDER_OUTPUT = ("report", "tables", "import", "scenario")

_COMMANDS = {
    "template": _cmd_template,
    "validate": _cmd_validate,
    "import": _cmd_import,
    "tables": _cmd_tables,
    "pool": _cmd_pool,
    "report": _cmd_report,
    "scenario": _cmd_scenario,
    "scenario-template": _cmd_scenario_template,
}


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every clean-up runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    raise _Stopped(signum)


@contextlib.contextmanager
def _signals_as_interrupts():
    """In the main thread: SIGTERM and SIGHUP stop the run the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _os_message(exc: OSError) -> str:
    """A sentence for an OSError: what could not be done with which path, and why."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    path = exc.filename if exc.filename is not None else None
    if path is None:
        return f"a file operation failed: {reason}"
    other = f" -> {exc.filename2}" if exc.filename2 is not None else ""
    return f"cannot use {path}{other}: {reason}"


def _json(data) -> str:
    return printable_json(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


def _out(text: str, file=None) -> None:
    """Print a line of the command's output; control characters from inputs are escaped."""
    print(printable(text), file=file or sys.stdout)


def _say(command: str, text: str) -> None:
    print(printable(f"mkba {command}: {text}"), file=sys.stderr)


def _run(args) -> int:
    """Run the command; bad input and unusable outputs become a message and exit code 1."""
    from mkba.write.output_folder import reserve_folder

    try:
        args.inputs = _inputs(args)
        out = args.out if args.command in _FOLDER_OUTPUT else None
        # the output folder is checked and locked before any work: a refused folder or a
        # second run into the same folder is told at once
        with reserve_folder(out, inputs=args.inputs):
            return _COMMANDS[args.command](args)
    except InputError as exc:
        if exc.report is not None and exc.report.issues:
            print(printable(exc.report.format()), file=sys.stderr)
        _say(args.command, str(exc))
    except MkbaError as exc:
        _say(args.command, str(exc))
    except OSError as exc:
        _say(args.command, _os_message(exc))
    except MemoryError:
        _say(args.command, "not enough memory for this input; see the limits in the README")
    return 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Exit codes: 0 success, 1 bad input or an output that cannot be written (a message on
    stderr, no traceback), 2 a usage error, 130 (or 128 + the signal) when interrupted.

    Examples
    --------
    A usage error is reported on stderr and gives exit code 2:

    >>> main(["no-such-command"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if hasattr(args, "rate"):  # the basis options, read once: a wrong value is a usage error
            try:
                args.basis = _basis(args)
            except ArgumentError as exc:
                parser.error(str(exc))
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    from mkba.write.output_folder import committed  # after parsing: --help stays quick
    before = len(committed())
    try:
        with _signals_as_interrupts():
            return _run(args)  # an interrupt while an error is reported is still caught here
    except KeyboardInterrupt as exc:
        done = [str(p) for p in committed()[before:] if p.exists()]
        _say(args.command, "interrupted; " + (
            "written before the interruption: " + ", ".join(done) if done else
            "nothing was changed"))
        return 128 + exc.signum if isinstance(exc, _Stopped) else 130
