"""Reading a set of files into evidence: study workbooks and registers, with every issue.

:func:`collect` is the one loop behind :func:`mkba.io.check_files` and
:func:`mkba.io.check_evidence`. A workbook gives a recomputable :class:`~mkba.schema.Study` (it
has line items), a headline-only :class:`~mkba.headlines.PublishedStudy` (only figures on the
sheet Kopcijfers), or both (line items and headline figures: the study is recomputed, and its
figures as published are kept beside it under the same id, marked ``recomputed``). A ``.csv``
file is a register of published studies (:mod:`mkba.io.register`). A study id may be used once
across all of them (``duplicate_study_id``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkba.errors import ArgumentError
from mkba.headlines import PublishedStudy
from mkba.io.register import check_register
from mkba.io.workbook import load_workbook, sheets_found
from mkba.issues import IssueLog, ValidationReport
from mkba.messages import Text
from mkba.schema import REPORTED_MEASURES, Study

__all__ = ["Evidence", "LAYOUTS", "REPORTED_TOLERANCE", "collect", "expand_paths",
           "is_register"]

#: Layout names, in the order they are tried when detecting.
LAYOUTS = ("mapping", "template", "cockpit")

#: Largest relative difference allowed between a reported headline figure and the same figure
#: recomputed from the study's own line items (at its own rate, horizon and price year). Reports
#: round their totals; 2% allows "€ 1,23 mln" for 1.234.567 but catches a forgotten line item.
REPORTED_TOLERANCE = 0.02


@dataclass(frozen=True)
class Evidence:
    """What a set of files holds: studies to recompute, and studies known by their headlines.

    Attributes
    ----------
    studies : tuple of Study
        The recomputable studies (with line items), in file order.
    published : tuple of PublishedStudy
        Studies known by their published headline figures: those of the workbooks first (in file
        order), then the register's, in its row order. A workbook with line items and headline
        figures gives both a Study and a PublishedStudy with the same id and
        ``recomputed=True``: its figures as published, beside its recomputation.
    """

    studies: tuple[Study, ...] = ()
    published: tuple[PublishedStudy, ...] = ()


def is_register(path: Path) -> bool:
    """Whether a file given to the readers is a register of published studies (a ``.csv``)."""
    return path.suffix.lower() == ".csv"


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's ``*.xlsx`` files in name order.

    From a folder only regular files are taken (symbolic links followed): a named pipe, a device
    or a link to one is left out, as are Excel lock files (``~$name.xlsx``) and hidden files. A
    path given as such is kept whatever it is, so that reading it reports it (a path that does
    not exist, a pipe: see :func:`mkba.io.source_file.read_source`). A folder gives workbooks
    only: a register (``.csv``) is read when it is named.
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


def _layout_module(name: str):
    return importlib.import_module(f"mkba.io.{name}")


def _parts(module, wb, log, **kw) -> tuple[Study | None, PublishedStudy | None]:
    """A layout's study and headline-only study: ``read_parts`` where the layout can hold
    headline figures, else its ``read``."""
    read_parts = getattr(module, "read_parts", None)
    if read_parts is not None:
        return read_parts(wb, log, **kw)
    return module.read(wb, log, **kw), None


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
        return None, None
    if mapping is not None and layout in (None, "mapping"):
        return _parts(_layout_module("mapping"), wb, log, mapping=Path(mapping))
    candidates = [layout] if layout else [n for n in LAYOUTS if n != "mapping"]
    for name in candidates:
        module = _layout_module(name)
        if layout or module.detect(wb):
            return _parts(module, wb, log)
    log.add("unknown_layout",
            Text("de werkmap is geen mkba-sjabloon en geen herkend cockpitmodel",
                 "the workbook is neither an mkba template nor a recognised cockpit model"),
            found=sheets_found(wb),
            expected=Text("de bladen van `mkba template`, een cockpitmodel, of een "
                          "mappingbestand {toml} ernaast", "the sheets of `mkba template`, a "
                          "cockpit model, or a mapping file {toml} beside it",
                          toml=f"{path.stem}.mapping.toml"))
    return None, None


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


class _Ids:
    """The study ids seen so far and the file each came from."""

    def __init__(self):
        self.first: dict[str, tuple[int, str]] = {}

    def claim(self, log: IssueLog, sid: str, file: tuple[int, str], where: str) -> bool:
        """Take ``sid`` for ``file`` (its position among the files read, and its name); a
        ``duplicate_study_id`` issue (at ``where``, ``sheet!cell`` or ``cell``) when another
        file has it."""
        owner = self.first.setdefault(sid, file)
        if owner == file:
            return True
        *sheet, cell = where.split("!") if where else [""]
        log.add("duplicate_study_id",
                Text("studie-id '{id}' wordt ook gebruikt door {file}",
                     "study id '{id}' is also used by {file}", id=sid, file=owner[1]),
                sheet=sheet[0] if sheet else None, cell=cell or None, found=sid,
                expected=Text("een studie-id die in alle bestanden maar één keer voorkomt",
                              "a study id unique across all files"))
        return False


def _workbook(n, path, ids, layout, mapping, tolerance):
    log = IssueLog(path.name)
    study, published = _read_one(path, log, layout, Path(mapping) if mapping else None)
    if study is not None:
        _check_reported(study, log, tolerance)
    for found in (study, published):
        if found is not None:
            # a study's provenance is file!sheet!cell, a published study's cell sheet!cell
            where = found.provenance.get("id", "!").split("!", 1)[1] \
                if isinstance(found, Study) else found.cell
            ids.claim(log, found.id, (n, path.name), where)
    ok = not log.issues
    return (log.issues, [study] if ok and study is not None else [],
            [published] if ok and published is not None else [])


def _register(n, path, ids):
    studies, report = check_register(path)
    log = IssueLog(path.name)
    for s in studies:
        ids.claim(log, s.id, (n, path.name), s.cell)
    issues = report.issues + tuple(log.issues)
    return issues, [], ([] if issues else list(studies))


def collect(paths, *, layout: str | None = None, mapping: str | Path | None = None,
            register: str | Path | None = None, tolerance: float = REPORTED_TOLERANCE,
            ) -> tuple[list[Study], list[PublishedStudy], ValidationReport]:
    """Read every file; the valid studies, the valid published studies and a report of all
    issues.

    Parameters
    ----------
    paths : path, folder, or iterable of them
        Workbooks, folders whose ``*.xlsx`` files are read, and registers (``.csv``) named as
        such.
    layout, mapping, tolerance
        See :func:`mkba.io.check_files`.
    register : path, optional
        A register read after ``paths``.

    Returns
    -------
    studies : list of Study
    published : list of PublishedStudy
        From the files without any issue; in file order, ``register`` last.
    report : ValidationReport
        Every issue; ``valid`` holds the ids of the valid files' studies, in file order.
    """
    files = expand_paths(paths)
    if register is not None:
        files.append(Path(register))
    ids = _Ids()
    issues, studies, published, valid = [], [], [], []
    for n, path in enumerate(files):
        its_issues, its_studies, its_published = (
            _register(n, path, ids) if is_register(path)
            else _workbook(n, path, ids, layout, mapping, tolerance))
        issues.extend(its_issues)
        studies.extend(its_studies)
        published.extend(its_published)
        valid.extend(dict.fromkeys(s.id for s in (*its_studies, *its_published)))
    return studies, published, ValidationReport(tuple(p.name for p in files), tuple(issues),
                                                tuple(valid))
