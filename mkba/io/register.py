"""Read a register of published MKBAs: a CSV file, one row per headline figure.

The shipped register (:data:`SHIPPED`) lists what could be established from public sources about
published MKBAs and business cases of Dutch social teams; its README (beside it) says how to add a
study. The file is UTF-8, separated by ``;`` (as Dutch Excel writes and reads it; ``,`` is read
too), with a header row of the :data:`COLUMNS`. Numbers may be written the Dutch way
(``1,90``, ``1.800.000``, ``30%``). A study with several figures has one row per figure and the
same metadata on each; a study without a figure has one row with the figure columns empty.

Every problem is an issue naming the file, the cell as a spreadsheet shows it (``K5``), the
column, what was found and what is allowed (:func:`check_register`); :func:`read_register` raises
:class:`~mkba.errors.InputError` with all of them. The figure columns are checked by
:func:`mkba.io.headline_checks.check_figure`, as the template's sheet Kopcijfers is; a study's
status follows from its rows (:func:`~mkba.io.headline_checks.study_status`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

from openpyxl.utils import get_column_letter

from mkba.errors import InputError
from mkba.headlines import SCOPES, PublishedStudy
from mkba.io.headline_checks import FigureRow, check_figure, study_status
from mkba.io.source_file import SourceFileError, read_text_source
from mkba.issues import IssueLog, ValidationReport
from mkba.limits import MAX_TEXT_FILE_BYTES, MAX_YEAR, MIN_YEAR
from mkba.messages import Text

__all__ = ["COLUMNS", "SHIPPED", "check_register", "read_register", "shipped_register"]

#: The register shipped with mkba.
SHIPPED = "register/published_mkbas.csv"
#: The columns of a register, in order: the study's metadata, then one headline figure.
COLUMNS = ("register_id", "scope", "municipality", "approach", "approach_type", "year", "bureau",
           "commissioner", "evaluation", "cases", "measure", "value", "low", "high", "bound",
           "perspective", "period", "price_year", "rate", "status", "source_url", "note")
_STUDY = ("scope", "municipality", "approach", "approach_type", "year", "bureau",
          "commissioner", "evaluation", "cases", "source_url")
#: The register's column of a figure's role (:data:`~mkba.io.headline_checks.FIGURE_ROLES`)
#: where it has another name.
_COLUMN = {"source": "source_url"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")


def shipped_register() -> Path:
    """The path of the register shipped with mkba."""
    return Path(str(resources.files("mkba.data").joinpath(SHIPPED)))


class _Row(FigureRow):
    """One row of the register: its values, and issues that name its cells (``K5``)."""

    def __init__(self, log: IssueLog, line: int, values: dict, columns: list[str]):
        super().__init__(log)
        self.line, self.values, self.columns = line, values, columns

    def raw(self, role: str) -> str | None:
        return self.values.get(_COLUMN.get(role, role))

    def column(self, role: str) -> str:
        return _COLUMN.get(role, role)

    def cell(self, column: str) -> str:
        return f"{get_column_letter(self.columns.index(column) + 1)}{self.line}"

    def place(self, role: str) -> tuple[None, str]:
        return None, self.cell(self.column(role))


def _study(row: _Row, file: str) -> PublishedStudy:
    rid = row.text("register_id")
    if not _ID.match(rid):
        row.issue("invalid_value", Text("geen geldige id", "not a valid id"), "register_id",
                  Text("kleine letters, cijfers en streepjes, zoals denhaag-2011",
                       "lower-case letters, digits and hyphens, such as denhaag-2011"))
    scope = row.choice("scope", SCOPES, required=True)
    for column in ("municipality", "approach"):
        if not row.text(column):
            row.issue("missing_field", Text("leeg", "empty"), column,
                      Text("een tekst", "a text"))
    return PublishedStudy(
        id=rid, scope=scope or "", municipality=row.text("municipality"),
        approach=row.text("approach"), approach_type=row.code("approach_type", "approach_types"),
        year=row.number("year", whole=True, low=MIN_YEAR, high=MAX_YEAR),
        bureau=row.text("bureau"), commissioner=row.text("commissioner"),
        evaluation=row.code("evaluation", "evaluations"),
        cases=row.number("cases", whole=True, low=1, high=10**7), status="",
        source=row.text("source"), note=row.text("note"), file=file,
        cell=row.cell("register_id"))


def check_register(path: str | Path) -> tuple[tuple[PublishedStudy, ...], ValidationReport]:
    """Read a register and list every problem; the studies are returned only without any.

    Parameters
    ----------
    path : str or Path
        The register CSV.

    Returns
    -------
    studies : tuple of PublishedStudy
        In file order (empty when there is any issue).
    report : ValidationReport
    """
    path = Path(path)
    log = IssueLog(path.name)
    studies: dict[str, PublishedStudy] = {}
    first: dict[str, _Row] = {}
    statuses: dict[str, list[str]] = {}
    try:
        text = read_text_source(path, max_bytes=MAX_TEXT_FILE_BYTES, expected=Text(
            "een registerbestand (CSV) {p}", "a register CSV file {p}", p=str(path)))
    except SourceFileError as exc:
        log.add(exc.code, exc.message, found=exc.found, expected=exc.expected)
        text = None
    if text is not None:
        text = text.lstrip("\ufeff")
        header = text.split("\n", 1)[0]
        reader = csv.reader(text.splitlines(), delimiter=";" if ";" in header else ",")
        columns = [c.strip() for c in next(reader, [])]
        missing = [c for c in COLUMNS if c not in columns]
        unknown = [c for c in columns if c not in COLUMNS]
        if missing or unknown:
            log.add("missing_column", Text("de kopregel heeft niet de kolommen van een register",
                                           "the header row does not have a register's columns"),
                    cell="A1", found=Text("ontbreekt: {m}; onbekend: {u}",
                                          "missing: {m}; unknown: {u}", m=missing or "-",
                                          u=unknown or "-"),
                    expected=Text("de kolommen {c}", "the columns {c}", c=list(COLUMNS)))
        else:
            for number, cells in enumerate(reader, 2):
                if not any(c.strip() for c in cells):
                    continue
                row = _Row(log, number, dict(zip(columns, cells, strict=False)), columns)
                study = _study(row, path.name)
                status, figure = check_figure(row, url=True)
                if row.bad:
                    continue
                if study.id not in studies:
                    studies[study.id], first[study.id] = study, row
                    statuses[study.id] = []
                else:
                    _same_study(row, first[study.id])
                if not row.bad:
                    statuses[study.id].append(status)
                    if figure is not None:
                        studies[study.id] = replace(
                            studies[study.id], headlines=studies[study.id].headlines + (figure,))
        if not studies and not log.issues:
            log.add("no_line_items", Text("het register heeft geen studies",
                                          "the register has no studies"),
                    expected=Text("een rij per kopcijfer onder de kopregel",
                                  "one row per headline figure below the header row"))
    report = ValidationReport((path.name,), tuple(log.issues),
                              () if log.issues else tuple(studies))
    if log.issues:
        return (), report
    # a study's status follows from all its rows
    return tuple(replace(s, status=study_status(statuses[i])) for i, s in studies.items()), report


def _same_study(row: _Row, first: _Row) -> None:
    for column in _STUDY:
        if row.text(column) != first.text(column):
            row.issue("invalid_value", Text("dezelfde studie heeft in rij {r} een andere waarde",
                                            "the same study has another value in row {r}",
                                            r=first.line), column,
                      Text("dezelfde gegevens van de studie op elke rij",
                           "the same study data on every row"))


def read_register(path: str | Path | None = None) -> tuple[PublishedStudy, ...]:
    """The studies of a register (the shipped one by default); InputError with every issue.

    Examples
    --------
    >>> studies = read_register()
    >>> len(studies) > 15, all(s.source.startswith("http") for s in studies)
    (True, True)
    """
    studies, report = check_register(shipped_register() if path is None else path)
    if not report.ok:
        raise InputError(Text("{n} problemen in het register {f}",
                              "{n} issues in the register {f}", n=len(report.issues),
                              f=report.files[0]), report)
    return studies
