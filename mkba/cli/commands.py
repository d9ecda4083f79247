"""The subcommands of ``mkba``: one function each, taking the parsed arguments.

Each prints its lines in ``args.lang`` (:func:`out`) and returns the exit code; bad input and
unusable outputs are raised (:class:`~mkba.errors.MkbaError`) and told by :func:`mkba.cli.main`.
Heavy libraries are imported inside the commands, so that ``mkba --help`` stays quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkba.cli.text import counted
from mkba.errors import MkbaError
from mkba.messages import Text
from mkba.text_clean import printable, printable_json

__all__ = ["COMMANDS", "FOLDER_OUTPUT", "inputs", "out"]


def out(text: Text | str, lang: str, file=None) -> None:
    """Print a line of the command's output in ``lang``; control characters from inputs are
    escaped."""
    shown = text.render(lang) if isinstance(text, Text) else text
    print(printable(shown), file=file or sys.stdout)


def _studies(n: int) -> Text:
    return counted(n, ("studie", "studies"), ("study", "studies"))


def _files(n: int) -> Text:
    return counted(n, ("bestand", "bestanden"), ("file", "files"))


def _json(data) -> str:
    return printable_json(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


def inputs(args) -> list[Path]:
    """Every path the command reads: its output folder may not be, hold or lie in one."""
    paths = list(getattr(args, "paths", None) or getattr(args, "specs", None) or [])
    if getattr(args, "studies", None) is not None:
        paths.append(args.studies)
    if getattr(args, "scenarios", None) is not None and not args.no_scenarios:
        paths.append(args.scenarios)
    if getattr(args, "mapping", None) is not None:
        paths.append(args.mapping)
    if getattr(args, "register", None) is not None:
        paths.append(args.register)
    return paths


def _read(args, paths):
    from mkba.io import read_studies

    return read_studies(paths, layout=args.layout, mapping=args.mapping)


def _read_evidence(args, paths):
    """The studies to recompute and the published (headline-only) ones: those of the workbooks
    and the register's (the shipped one unless ``--register`` or ``--no-register``)."""
    from mkba.io import read_evidence
    from mkba.io.register import shipped_register

    register = None if args.no_register else (args.register or shipped_register())
    return read_evidence(paths, layout=args.layout, mapping=args.mapping, register=register)


def _write_new(args, write) -> int:
    if args.out.exists() and not args.force:
        raise MkbaError(Text("{out} bestaat al; gebruik --force om het te overschrijven",
                             "{out} exists; use --force to overwrite it", out=str(args.out)))
    write(args.out, lang=args.lang)
    out(Text("{out} geschreven", "wrote {out}", out=str(args.out)), args.lang)
    return 0


def _template(args) -> int:
    from mkba.write.template import write_template

    return _write_new(args, write_template)


def _scenario_template(args) -> int:
    from functools import partial

    from mkba.scenario.input_xlsx import write_scenario_template

    return _write_new(args, partial(write_scenario_template, preset=args.preset))


def _calculator(args) -> int:
    from mkba.calculator import write_calculator

    def write(path, lang):  # the studies are read only once the output may be written
        return write_calculator(path, _read(args, [args.studies]), preset=args.preset,
                                lang=lang)

    return _write_new(args, write)


def _scenario(args) -> int:
    from mkba.scenario import compare_files, format_comparison, write_comparison

    comparison = compare_files(args.specs, _read(args, [args.studies]), draws=args.draws,
                               seed=args.seed)
    if args.json:
        out(_json(comparison.to_dict()), args.lang)
    else:
        out(format_comparison(comparison, lang=args.lang), args.lang)
    if args.out is not None:
        n = len(write_comparison(comparison, args.out, lang=args.lang, inputs=args.inputs,
                                 csv=args.csv_dialect, pdf=args.pdf))
        out(Text("{files} geschreven naar {out}", "wrote {files} to {out}", files=_files(n),
                 out=str(args.out)), args.lang, file=sys.stderr if args.json else sys.stdout)
    return 0


def _validate(args) -> int:
    from mkba.io import check_evidence
    from mkba.io.collect import is_register

    evidence, report = check_evidence(args.paths, layout=args.layout, mapping=args.mapping)
    if not report.files:
        raise MkbaError(Text("geen studiewerkmappen (*.xlsx) gevonden in {paths}",
                             "no study workbooks (*.xlsx) found in {paths}",
                             paths=[str(p) for p in args.paths]))
    if args.json:
        print(printable_json(report.to_json(args.lang)))
        return 0 if report.ok else 1
    for s in evidence.studies:
        line = "ok  {file}: {id} ({layout}) {title}"
        out(Text(line, line, file=s.file, id=s.id, layout=s.layout, title=s.title), args.lang)
    registers: dict[str, list] = {}
    for s in evidence.published:
        if is_register(Path(s.file)):
            registers.setdefault(s.file, []).append(s)
        elif not s.recomputed:  # a recomputed study's figures: listed with the study above
            out(Text("ok  {file}: {id} ({layout}, alleen kopcijfers)",
                     "ok  {file}: {id} ({layout}, headline figures only)", file=s.file,
                     id=s.id, layout=s.layout), args.lang)
    for file, studies in registers.items():
        out(Text("ok  {file}: register met {studies} en {figures}",
                 "ok  {file}: register of {studies} and {figures}", file=file,
                 studies=_studies(len(studies)),
                 figures=counted(sum(len(s.headlines) for s in studies),
                                 ("kopcijfer", "kopcijfers"),
                                 ("headline figure", "headline figures"))), args.lang)
    out(report.format(args.lang), args.lang)
    return 0 if report.ok else 1


def _import(args) -> int:
    from mkba.write.csv_bytes import csv_dialect
    from mkba.write.export import write_dataset

    studies = _read(args, args.paths)
    written = write_dataset(studies, args.out, inputs=args.inputs,
                            csv=csv_dialect(args.lang, args.csv_dialect))
    out(Text("{studies} geïmporteerd in {out} ({files})", "imported {studies} into {out} "
             "({files})", studies=_studies(len(studies)), out=str(args.out),
             files=_files(len(written))), args.lang)
    return 0


def _tables(args) -> int:
    from mkba.write.xlsx_tables import run_tables

    studies = _read(args, [args.studies])
    written = run_tables(studies, args.out, lang=args.lang, inputs=args.inputs, basis=args.basis,
                         csv=args.csv_dialect)
    out(Text("{files} geschreven voor {studies} naar {out}", "wrote {files} for {studies} to "
             "{out}", files=_files(len(written)), studies=_studies(len(studies)),
             out=str(args.out)), args.lang)
    return 0


def _pool(args) -> int:
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

        data = result.to_dict()
        # the headline with each assumption changed in turn (mkba.assumptions)
        data["assumptions"] = assumption_records(assumption_frame(result, studies))
        data["illustrative_studies"] = sorted(s.id for s in studies if s.illustrative)
        if illustrative:
            data["notice"] = ILLUSTRATIVE_NOTICE[args.lang]
        out(_json(data), args.lang)
    else:
        out(format_pooled(result, lang=args.lang, illustrative=illustrative), args.lang)
    return 0


#: The steps of ``mkba report`` as its progress bar shows them (the keys are what
#: :func:`mkba.report.build_report` and :func:`mkba.report.write_report` report).
REPORT_STEPS = {
    "reading studies": Text("studies lezen", "reading studies"),
    "tables": Text("tabellen", "tables"),
    "pooling": Text("poolen", "pooling"),
    "figures": Text("figuren", "figures"),
    "scenarios": Text("scenario's", "scenarios"),
    "writing figures and tables": Text("figuren en tabellen schrijven",
                                       "writing figures and tables"),
    "writing html": Text("html schrijven", "writing html"),
    "writing pdf": Text("pdf schrijven", "writing pdf"),
}


def _report(args) -> int:
    from tqdm import tqdm

    from mkba.report import build_report, write_report

    specs = []
    if not args.no_scenarios and args.scenarios.is_dir():
        specs = sorted(p for p in args.scenarios.iterdir()
                       if p.suffix in (".toml", ".xlsx") and not p.name.startswith(("~$", ".")))
    # REPORT_STEPS, the scenarios only when there are any, the PDF only when asked
    steps = 6 + bool(specs) + bool(args.pdf)
    unit = Text("stap", "step").render(args.lang)
    with tqdm(total=steps, desc="mkba report", unit=unit, disable=args.quiet,
              file=sys.stderr, leave=False) as bar:
        def progress(step: str) -> None:
            shown = REPORT_STEPS.get(step)
            bar.set_postfix_str(shown.render(args.lang) if shown is not None else step)
            bar.update(1)

        progress("reading studies")
        evidence = _read_evidence(args, [args.studies])
        studies, published = evidence.studies, evidence.published
        report = build_report(evidence, scenario_specs=specs, lang=args.lang,
                              progress=progress, basis=args.basis)
        written = write_report(report, args.out, progress=progress, inputs=args.inputs,
                               csv=args.csv_dialect, pdf=args.pdf)
    if not args.quiet:
        what = _studies(len(studies))
        if published:
            what = Text("{studies}, {published}", "{studies}, {published}", studies=what,
                        published=counted(len(published), ("gepubliceerde studie",
                                                           "gepubliceerde studies"),
                                          ("published study", "published studies")))
        if specs:
            what = Text("{studies}, {scenarios}", "{studies}, {scenarios}", studies=what,
                        scenarios=counted(len(specs), ("scenario", "scenario's"),
                                          ("scenario", "scenarios")))
        out(Text("{files} geschreven naar {out} ({what}): {index}",
                 "wrote {files} to {out} ({what}): {index}", files=_files(len(written)),
                 out=str(args.out), what=what, index=str(args.out / "index.html")), args.lang)
    return 0


def _register(args) -> int:
    from mkba.cli.register import format_register, register_data
    from mkba.io.register import check_register, shipped_register

    path = shipped_register() if args.register is None else args.register
    studies, report = check_register(path)
    if not report.ok:  # every issue, as mkba validate tells them
        if args.json:
            print(printable_json(report.to_json(args.lang)))
        else:
            out(report.format(args.lang), args.lang)
        return 1
    if args.json:
        out(_json(register_data(studies, Path(path).name, args.lang)), args.lang)
    else:
        out(format_register(studies, Path(path).name, args.lang), args.lang)
    return 0


def _labels(args) -> int:
    from mkba.cli.labels import format_vocabularies, vocabularies_data
    from mkba.vocab import VOCABULARY_NAMES

    names = [args.vocabulary] if args.vocabulary else list(VOCABULARY_NAMES)
    if args.json:
        out(_json(vocabularies_data(names, args.lang)), args.lang)
    else:
        out(format_vocabularies(names, args.lang), args.lang)
    return 0


#: Commands that write into an output folder (``args.out``).
FOLDER_OUTPUT = ("report", "tables", "import", "scenario")

COMMANDS = {
    "template": _template,
    "validate": _validate,
    "import": _import,
    "tables": _tables,
    "pool": _pool,
    "report": _report,
    "scenario": _scenario,
    "scenario-template": _scenario_template,
    "calculator": _calculator,
    "register": _register,
    "labels": _labels,
}
