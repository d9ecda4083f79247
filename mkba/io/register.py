"""Read a register of published MKBAs: a CSV file, one row per headline figure.

The shipped register (:data:`SHIPPED`) lists what could be established from public sources about
published MKBAs and business cases of Dutch social teams; its README (beside it) says how to add a
study. The file is UTF-8, separated by ``;`` (as Dutch Excel writes and reads it; ``,`` is read
too), with a header row of the :data:`COLUMNS`. Numbers may be written the Dutch way
(``1,90``, ``1.800.000``, ``30%``). A study with several figures has one row per figure and the
same metadata on each; a study without a figure has one row with the figure columns empty.

Every problem is an issue naming the file, the cell as a spreadsheet shows it (``K5``), the
column, what was found and what is allowed (:func:`check_register`); :func:`read_register` raises
:class:`~mkba.errors.InputError` with all of them.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

from openpyxl.utils import get_column_letter

from mkba.errors import InputError
from mkba.headlines import (
    BOUNDS,
    HEADLINE_MEASURES,
    MEASURE_PERIOD,
    PERIODS,
    PERSPECTIVES,
    SCOPES,
    STATUSES,
    Headline,
    PublishedStudy,
)
from mkba.io.numbers import NumberError, parse_number
from mkba.io.source_file import SourceFileError, read_text_source
from mkba.issues import IssueLog, ValidationReport
from mkba.limits import MAX_TEXT_FILE_BYTES, MAX_YEAR, MIN_YEAR
from mkba.messages import Text
from mkba.vocab import vocabulary

__all__ = ["COLUMNS", "SHIPPED", "check_register", "read_register", "shipped_register"]

#: The register shipped with mkba.
SHIPPED = "register/published_mkbas.csv"
#: The columns of a register, in order: the study's metadata, then one headline figure.
COLUMNS = ("register_id", "scope", "municipality", "approach", "approach_type", "year", "bureau",
           "commissioner", "evaluation", "cases", "measure", "value", "low", "high", "bound",
           "perspective", "period", "price_year", "rate", "status", "source_url", "note")
_STUDY = ("scope", "municipality", "approach", "approach_type", "year", "bureau",
          "commissioner", "evaluation", "cases", "source_url")
_FIGURE = ("measure", "value", "low", "high", "bound", "perspective", "period", "price_year",
           "rate")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_URL = re.compile(r"^https?://\S+$")


def shipped_register() -> Path:
    """The path of the register shipped with mkba."""
    return Path(str(resources.files("mkba.data").joinpath(SHIPPED)))


class _Row:
    """One row of the register: its values, and issues that name its cells."""

    def __init__(self, log: IssueLog, line: int, values: dict, columns: list[str]):
        self.log, self.line, self.values, self.columns = log, line, values, columns
        self.bad = False

    def cell(self, column: str) -> str:
        return f"{get_column_letter(self.columns.index(column) + 1)}{self.line}"

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def issue(self, column: str, code: str, message: Text, expected: Text) -> None:
        self.bad = True
        self.log.add(code, Text("kolom {c}: ", "column {c}: ", c=column) + message,
                     cell=self.cell(column), found=self.text(column) or None,
                     expected=expected)

    def choice(self, column: str, table: dict, *, required: bool) -> str | None:
        value = self.text(column)
        if not value:
            if required:
                self.issue(column, "missing_field", Text("leeg", "empty"), _one_of(table))
            return None
        if value not in table:
            self.issue(column, "unknown_label", Text("onbekende waarde", "unknown value"),
                       _one_of(table))
            return None
        return value

    def code(self, column: str, name: str) -> str | None:
        value = self.text(column)
        if not value:
            return None
        code = vocabulary(name).lookup(value)
        if code is None:
            self.issue(column, "unknown_label", Text("onbekende waarde", "unknown value"),
                       Text("een van: {codes}", "one of: {codes}",
                            codes=list(vocabulary(name).codes)))
        return code

    def number(self, column: str, *, percent=False, whole=False, low=None, high=None):
        value = self.text(column)
        try:
            number = parse_number(value or None, percent=percent)
        except NumberError:
            number = None
            self.issue(column, "not_a_number", Text("geen getal", "not a number"),
                       Text("een getal zoals 1,9 of 1.800.000{p}", "a number such as 1.9 or "
                            "1800000{p}", p=Text(" of 30%", " or 30%") if percent else ""))
            return None
        if number is None:
            return None
        if whole and number != int(number) or (low is not None and number < low) or (
                high is not None and number > high):
            self.issue(column, "invalid_value", Text("buiten het toegestane bereik",
                                                     "outside the allowed range"),
                       Text("een geheel getal van {a} tot {b}", "a whole number from {a} to {b}",
                            a=low, b=high) if whole else
                       Text("een getal van {a} tot {b}", "a number from {a} to {b}",
                            a=low, b=high))
            return None
        return int(number) if whole else number


def _one_of(table: dict) -> Text:
    return Text("een van: {codes}", "one of: {codes}", codes=list(table))


def _figure(row: _Row) -> Headline | None:
    measure = row.choice("measure", HEADLINE_MEASURES, required=False)
    if measure is None and row.text("measure"):
        return None  # an unknown measure: told once
    if measure is None:
        for column in _FIGURE[1:]:
            if row.text(column):
                row.issue(column, "missing_field", Text(
                    "een kopcijfer zonder maatstaf", "a headline figure without a measure"),
                    Text("een maatstaf in kolom measure, of deze kolom leeg",
                         "a measure in column measure, or this column empty"))
                return None
        return None
    share = HEADLINE_MEASURES[measure][2] == "share"
    value, low, high = (row.number(c, percent=share) for c in ("value", "low", "high"))
    bound = row.choice("bound", BOUNDS, required=True)
    perspective = row.choice("perspective", PERSPECTIVES, required=True)
    period = row.choice("period", PERIODS, required=False)
    price_year = row.number("price_year", whole=True, low=MIN_YEAR, high=MAX_YEAR)
    rate = row.number("rate", percent=True, low=0, high=0.5)
    if row.bad:
        return None  # each wrong cell told once, not again as a missing value
    if bound == "range" and (low is None or high is None):
        row.issue("low" if low is None else "high", "missing_field", Text(
            "een bandbreedte zonder onder- of bovenkant", "a range without its low or high end"),
            Text("low en high ingevuld", "both low and high"))
    elif bound == "range" and low > high:
        row.issue("low", "invalid_value", Text("de onderkant ligt boven de bovenkant",
                                               "the low end is above the high end"),
                  Text("low niet boven high", "low not above high"))
    elif bound in ("estimate", "lower", "upper") and value is None:
        row.issue("value", "missing_field", Text("geen waarde bij deze {b}",
                                                 "no value for this {b}", b=_word(BOUNDS, bound)),
                  Text("de gepubliceerde waarde", "the published value"))
    wanted = MEASURE_PERIOD.get(measure)
    if wanted is not None and period != wanted:
        row.issue("period", "invalid_value", Text(
            "{m} hoort bij de periode {p}", "{m} goes with the period {p}",
            m=_word(HEADLINE_MEASURES, measure), p=_word(PERIODS, wanted)),
            Text("{p}", "{p}", p=wanted))
    elif wanted is None and period is not None:
        row.issue("period", "invalid_value", Text(
            "een {m} heeft geen periode", "a {m} has no period",
            m=_word(HEADLINE_MEASURES, measure)), Text("deze kolom leeg", "this column empty"))
    if row.bad:
        return None
    return Headline(measure, value, low, high, bound, perspective, period,
                    row.text("status"), row.text("source_url"), price_year, rate,
                    row.text("note"))


def _word(table: dict, code: str) -> Text:
    return Text(table[code][0], table[code][1])


def _study(row: _Row, file: str) -> PublishedStudy | None:
    rid = row.text("register_id")
    if not _ID.match(rid):
        row.issue("register_id", "invalid_value", Text("geen geldige id", "not a valid id"),
                  Text("kleine letters, cijfers en streepjes, zoals denhaag-2011",
                       "lower-case letters, digits and hyphens, such as denhaag-2011"))
    scope = row.choice("scope", SCOPES, required=True)
    status = row.choice("status", STATUSES, required=True)
    for column in ("municipality", "approach"):
        if not row.text(column):
            row.issue(column, "missing_field", Text("leeg", "empty"),
                      Text("een tekst", "a text"))
    if not _URL.match(row.text("source_url")):
        row.issue("source_url", "invalid_value", Text("geen webadres", "not a web address"),
                  Text("een adres dat begint met https:// of http://",
                       "an address starting with https:// or http://"))
    study = PublishedStudy(
        id=rid, scope=scope or "", municipality=row.text("municipality"),
        approach=row.text("approach"), approach_type=row.code("approach_type", "approach_types"),
        year=row.number("year", whole=True, low=MIN_YEAR, high=MAX_YEAR),
        bureau=row.text("bureau"), commissioner=row.text("commissioner"),
        evaluation=row.code("evaluation", "evaluations"),
        cases=row.number("cases", whole=True, low=1, high=10**7), status=status or "",
        source=row.text("source_url"), note=row.text("note"), file=file,
        cell=row.cell("register_id"))
    return None if row.bad else study


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
                study, figure = _study(row, path.name), _figure(row)
                if study is None or row.bad:
                    continue
                if study.id not in studies:
                    studies[study.id], first[study.id] = study, row
                else:
                    _same_study(row, first[study.id])
                if figure is not None and not row.bad:
                    old = studies[study.id]
                    studies[study.id] = _with(old, figure)
        if not studies and not log.issues:
            log.add("no_line_items", Text("het register heeft geen studies",
                                          "the register has no studies"),
                    expected=Text("een rij per kopcijfer onder de kopregel",
                                  "one row per headline figure below the header row"))
    report = ValidationReport((path.name,), tuple(log.issues),
                              () if log.issues else tuple(studies))
    return (() if log.issues else tuple(studies.values())), report


def _same_study(row: _Row, first: _Row) -> None:
    for column in _STUDY:
        if row.text(column) != first.text(column):
            row.issue(column, "invalid_value", Text(
                "dezelfde studie heeft in rij {r} een andere waarde",
                "the same study has another value in row {r}", r=first.line),
                Text("dezelfde gegevens van de studie op elke rij",
                     "the same study data on every row"))


def _with(study: PublishedStudy, figure: Headline) -> PublishedStudy:
    from dataclasses import replace

    return replace(study, headlines=study.headlines + (figure,))


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
