"""Reading study workbooks into the common schema (writing is :mod:`mkba.write`).

:func:`read_study` reads one workbook, :func:`read_studies` a list of files or folders, and
:func:`check_files` does the same but returns every issue instead of raising. The layout of each
workbook (the mkba template, a consultancy "cockpit" model, or any workbook described by a TOML
mapping file) is detected; ``layout=`` overrides the detection.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from mkba.errors import ArgumentError, InputError
from mkba.io.workbook import load_workbook, sheets_found
from mkba.issues import IssueLog, ValidationReport
from mkba.messages import Text
from mkba.schema import REPORTED_MEASURES, Study

__all__ = [
    "LAYOUTS", "REPORTED_TOLERANCE", "read_study", "read_studies", "check_files", "expand_paths",
]

#: Layout names, in the order they are tried when detecting.
LAYOUTS = ("mapping", "template", "cockpit")

#: Largest relative difference allowed between a reported headline figure and the same figure
#: recomputed from the study's own line items (at its own rate, horizon and price year). Reports
#: round their totals; 2% allows "€ 1,23 mln" for 1.234.567 but catches a forgotten line item.
REPORTED_TOLERANCE = 0.02


def _layout_module(name: str):
    return importlib.import_module(f"mkba.io.{name}")


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's ``*.xlsx`` files in name order.

    From a folder only regular files are taken (symbolic links followed): a named pipe, a device
    or a link to one is left out, as are Excel lock files (``~$name.xlsx``) and hidden files. A
    path given as such is kept whatever it is, so that reading it reports it (a path that does
    not exist, a pipe: see :func:`mkba.io.source_file.read_source`).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.iterdir())
                if f.suffix.lower() in (".xlsx", ".xlsm", ".xls")
                and not f.name.startswith(("~$", ".")) and f.is_file()  # stat: S_ISREG
            )
        else:
            out.append(p)
    return out


def _read_one(path: Path, log: IssueLog, layout: str | None, mapping: Path | None):
    if layout is not None and layout not in LAYOUTS:
        raise ArgumentError(Text("layout={layout!r} is niet bekend; kies uit {known}",
                                 "layout={layout!r} is not known; use one of {known}",
                                 layout=layout, known=list(LAYOUTS)))
    if mapping is None and layout in (None, "mapping"):
        mapping = _layout_module("mapping").sidecar(path)
    if layout == "mapping" and mapping is None:
        raise ArgumentError(Text(
            "layout='mapping' heeft een mappingbestand nodig: geef mapping=... of zet {toml} "
            "naast {file}", "layout='mapping' needs a mapping file: pass mapping=... or put "
            "{toml} beside {file}", toml=f"{path.stem}.mapping.toml", file=path.name))
    wb = load_workbook(path, log)
    if wb is None:
        return None
    if mapping is not None and layout in (None, "mapping"):
        return _layout_module("mapping").read(wb, log, mapping=Path(mapping))
    candidates = [layout] if layout else [n for n in LAYOUTS if n != "mapping"]
    for name in candidates:
        module = _layout_module(name)
        if layout or module.detect(wb):
            return module.read(wb, log)
    log.add("unknown_layout",
            Text("de werkmap is geen mkba-sjabloon en geen herkend cockpitmodel",
                 "the workbook is neither an mkba template nor a recognised cockpit model"),
            found=sheets_found(wb),
            expected=Text("de bladen van `mkba template`, een cockpitmodel, of een "
                          "mappingbestand {toml} ernaast", "the sheets of `mkba template`, a "
                          "cockpit model, or a mapping file {toml} beside it",
                          toml=f"{path.stem}.mapping.toml"))
    return None


def _either(values) -> Text:
    """Amounts as alternatives, with two decimals: ``1.234,50 of 1.300,00``."""
    names = [f"v{i}" for i in range(len(values))]
    return Text(" of ".join(f"{{{n}:2}}" for n in names), " or ".join(f"{{{n}:2}}" for n in names),
                **dict(zip(names, values, strict=True)))


def _check_reported(study: Study, log: IssueLog, tolerance: float) -> None:
    """Log each reported headline figure that the study's own line items do not reproduce
    (the rule is :func:`mkba.appraisal.reported_mismatches`)."""
    from mkba.appraisal import reported_mismatches

    for fig, candidates in reported_mismatches(study, tolerance):
        _, sheet, cell = (fig.source.split("!") + ["", "", ""])[:3]
        nl, en = REPORTED_MEASURES[fig.measure]
        log.add("reported_mismatch",
                Text("de gerapporteerde {measure} van variant '{variant}' wijkt meer dan "
                     "{tolerance:pct} af van de eigen posten van de studie",
                     "the reported {measure} of variant '{variant}' differs from the study's own "
                     "line items by more than {tolerance:pct}",
                     measure=Text(nl.lower(), en.lower()),
                     variant=fig.variant, tolerance=tolerance),
                sheet=sheet or None, cell=cell or None,
                found=Text("{v:2}", "{v:2}", v=fig.value),
                expected=Text("{shown} (herberekend met de eigen disconteringsvoet {rate:pct} en "
                              "looptijd {horizon} van de studie)", "{shown} (recomputed at the "
                              "study's own rate {rate:pct} and horizon {horizon})",
                              shown=_either(candidates), rate=study.discount_rate,
                              horizon=study.horizon))


def check_files(
    paths,
    *,
    layout: str | None = None,
    mapping: str | Path | None = None,
    tolerance: float = REPORTED_TOLERANCE,
) -> tuple[list[Study], ValidationReport]:
    """Read every file and return the valid studies with a report of all issues.

    Parameters
    ----------
    paths : path, folder, or iterable of them
        Workbooks, or folders whose ``*.xlsx`` files are read.
    layout : {None, 'template', 'cockpit', 'mapping'}
        Force a layout instead of detecting it.
    mapping : path, optional
        A TOML mapping file (with ``layout='mapping'`` or detection).
    tolerance : float
        Relative tolerance for reported headline figures (see :data:`REPORTED_TOLERANCE`).

    Returns
    -------
    studies : list of Study
        The studies read without issues.
    report : ValidationReport
        Every issue in every file.

    Examples
    --------
    >>> studies, report = check_files(["studies/duinhaven-2010.xlsx", "no-such-file.xlsx"])
    >>> [s.id for s in studies], report.ok, [i.code for i in report.issues]
    (['duinhaven-2010'], False, ['file_not_found'])
    """
    files = expand_paths(paths)
    studies: list[Study] = []
    logs: list[IssueLog] = []
    first_file: dict[str, str] = {}
    for path in files:
        log = IssueLog(path.name)
        study = _read_one(path, log, layout, Path(mapping) if mapping else None)
        if study is not None:
            _check_reported(study, log, tolerance)
            if study.id in first_file:
                _, sheet, cell = (study.provenance.get("id", "").split("!") + ["", "", ""])[:3]
                log.add("duplicate_study_id",
                        Text("studie-id '{id}' wordt ook gebruikt door {file}",
                             "study id '{id}' is also used by {file}", id=study.id,
                             file=first_file[study.id]),
                        sheet=sheet or None, cell=cell or None, found=study.id,
                        expected=Text("een studie-id die in alle bestanden maar één keer "
                                      "voorkomt", "a study id unique across all files"))
            else:
                first_file[study.id] = path.name
                studies.append(study)
        logs.append(log)
    issues = tuple(i for log in logs for i in log.issues)
    bad = {i.file for i in issues}
    valid = tuple(s.id for s in studies if s.file not in bad)
    studies = [s for s in studies if s.file not in bad]
    return studies, ValidationReport(tuple(p.name for p in files), issues, valid)


def read_studies(paths, *, layout: str | None = None, mapping=None) -> list[Study]:
    """Read every study; raise :class:`~mkba.errors.InputError` (with the full report) on any
    issue.

    See :func:`check_files` for the parameters.

    Examples
    --------
    >>> len(read_studies("studies"))
    13
    """
    studies, report = check_files(paths, layout=layout, mapping=mapping)
    if not report.files:
        raise InputError(Text("geen werkmappen van studies (*.xlsx) gevonden in {paths}",
                              "no study workbooks (*.xlsx) found in {paths}",
                              paths=str(paths) if isinstance(paths, str | Path)
                              else [str(p) for p in paths]), report)
    if not report.ok:
        n = len(report.issues)
        raise InputError(Text("1 probleem in de studiebestanden", "1 issue in the study files")
                         if n == 1 else Text("{n} problemen in de studiebestanden",
                                             "{n} issues in the study files", n=n), report)
    return studies


def read_study(path: str | Path, *, layout: str | None = None, mapping=None) -> Study:
    """Read one study workbook into the common schema.

    Parameters
    ----------
    path : str or Path
        The .xlsx file.
    layout, mapping
        See :func:`check_files`.

    Returns
    -------
    Study
        Every amount keeps its source cell in ``items["source"]``.

    Raises
    ------
    InputError
        When the file has any issue; ``error.report`` lists them all.

    Examples
    --------
    >>> study = read_study("studies/duinhaven-2010.xlsx")
    >>> study.id, study.layout, study.variants
    ('duinhaven-2010', 'cockpit', ('basis', 'effect laag', 'effect hoog'))
    >>> study.items.loc[0, "source"]
    'duinhaven-2010.xlsx!Kasstromen basis!D6'
    """
    path = Path(path)
    if path.is_dir():
        raise ArgumentError(Text("path={path!r} is een map; gebruik read_studies voor mappen",
                                 "path={path!r} is a folder; use read_studies for folders",
                                 path=str(path)))
    return read_studies([path], layout=layout, mapping=mapping)[0]
