"""Reading study workbooks into the common schema (writing is :mod:`mkba.write`).

:func:`read_study` reads one workbook, :func:`read_studies` a list of files or folders, and
:func:`check_files` does the same but returns every issue instead of raising. The layout of each
workbook (the mkba template, a consultancy "cockpit" model, or any workbook described by a TOML
mapping file) is detected; ``layout=`` overrides the detection.

:func:`check_evidence` and :func:`read_evidence` read the same files and a register of published
studies into :class:`Evidence`: the studies recomputed from their line items, and apart from
them the studies known only by their published headline figures (a template workbook with only
the sheet Kopcijfers filled in, and the register's rows).
"""

from __future__ import annotations

from pathlib import Path

from mkba.errors import ArgumentError, InputError
from mkba.io.collect import (
    LAYOUTS,
    REPORTED_TOLERANCE,
    Evidence,
    collect,
    expand_paths,
)
from mkba.issues import ValidationReport
from mkba.messages import Text
from mkba.schema import Study

__all__ = [
    "LAYOUTS", "REPORTED_TOLERANCE", "read_study", "read_studies", "check_files", "expand_paths",
    "Evidence", "check_evidence", "read_evidence",
]


def check_files(
    paths,
    *,
    layout: str | None = None,
    mapping: str | Path | None = None,
    tolerance: float = REPORTED_TOLERANCE,
) -> tuple[list[Study], ValidationReport]:
    """Read every file and return the valid studies with a report of all issues.

    A workbook with only headline figures (sheet Kopcijfers) and a register named as a ``.csv``
    file are checked too: their issues are in the report and their ids in ``report.valid``, but
    they are not studies to recompute and are not returned (see :func:`check_evidence`).

    Parameters
    ----------
    paths : path, folder, or iterable of them
        Workbooks, or folders whose ``*.xlsx`` files are read; a register (``.csv``) when named.
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
    studies, _, report = collect(paths, layout=layout, mapping=mapping, tolerance=tolerance)
    return studies, report


def check_evidence(
    paths,
    *,
    layout: str | None = None,
    mapping: str | Path | None = None,
    register: str | Path | None = None,
    tolerance: float = REPORTED_TOLERANCE,
) -> tuple[Evidence, ValidationReport]:
    """Read study workbooks and a register into :class:`Evidence`, with a report of all issues.

    Parameters
    ----------
    paths : path, folder, or iterable of them
        As for :func:`check_files` (may be empty when only a register is read).
    layout, mapping, tolerance
        See :func:`check_files`.
    register : path, optional
        A register of published studies (``.csv``, :mod:`mkba.io.register`), read after the
        workbooks; None reads none (the shipped one is
        :func:`mkba.io.register.shipped_register`).

    Returns
    -------
    evidence : Evidence
        The recomputable studies and the published (headline-only) studies of the files without
        any issue; workbooks first, in file order, then the register.
    report : ValidationReport
        Every issue in every file, ``duplicate_study_id`` for an id used twice across the
        workbooks and the register.

    Examples
    --------
    >>> from mkba.io.register import shipped_register
    >>> evidence, report = check_evidence("studies", register=shipped_register())
    >>> report.ok, len(evidence.studies), len(evidence.published) > 20
    (True, 13, True)
    """
    studies, published, report = collect(paths, layout=layout, mapping=mapping,
                                          register=register, tolerance=tolerance)
    return Evidence(tuple(studies), tuple(published)), report


def read_evidence(paths, *, layout: str | None = None, mapping=None, register=None) -> Evidence:
    """Read study workbooks and a register; :class:`~mkba.errors.InputError` (with the full
    report) on any issue.

    See :func:`check_evidence` for the parameters.

    Examples
    --------
    >>> from mkba.io.register import shipped_register
    >>> evidence = read_evidence([], register=shipped_register())
    >>> evidence.studies, evidence.published[0].id
    ((), 'denhaag-2011-casemanagement')
    """
    evidence, report = check_evidence(paths, layout=layout, mapping=mapping, register=register)
    _raise_on_issues(paths, report)
    return evidence


def _raise_on_issues(paths, report: ValidationReport) -> None:
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
    _raise_on_issues(paths, report)
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
        When the file has any issue (``error.report`` lists them all), and when it holds no
        study to recompute (only headline figures, or a register: see :func:`read_evidence`).

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
    studies, report = check_files([path], layout=layout, mapping=mapping)
    _raise_on_issues([path], report)
    if not studies:
        raise InputError(Text("{file} heeft geen posten om te herberekenen, alleen kopcijfers; "
                              "lees het met read_evidence", "{file} has no line items to "
                              "recompute, only headline figures; read it with read_evidence",
                              file=path.name), report)
    return studies[0]
