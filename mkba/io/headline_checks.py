"""The checks of one published headline figure, wherever it is written down.

A register's row (:mod:`mkba.io.register`) and a row of the template's sheet Kopcijfers
(:mod:`mkba.io.headline_sheet`) hold the same figure: a measure, its value (or low and high), its
bound, perspective and period, a price year and rate where known, its status, its source and a
note. A reader only says where these values are (a :class:`FigureRow`); :func:`check_figure` is
the one home of the rules, so that a wrong cell gets the same issue in either place, naming the
cell and the column.

The rules: the measure, bound, perspective, period and status are codes of
:mod:`mkba.headlines` (or their Dutch or English labels, as the drop-down lists of the template
show them); numbers may be written the Dutch way; a share is a fraction or a percentage; a
range has a low end not above its high end, an estimate or bound has a value; a measure in euros
has its period (a net present value is a present value, a yearly saving is per year) and a
ratio or share has none; a figure's status is ``verified`` or ``inferred`` and a row without a
figure is ``not_found``; the source is a web address in a register, any text (an address, a
page or a section) in a workbook.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod

from mkba.headlines import (
    BOUNDS,
    HEADLINE_MEASURES,
    MEASURE_PERIOD,
    PERIODS,
    PERSPECTIVES,
    STATUSES,
    Headline,
)
from mkba.io.numbers import NumberError, parse_number
from mkba.issues import IssueLog
from mkba.limits import MAX_YEAR, MIN_YEAR
from mkba.messages import Text
from mkba.vocab import normalise_label, vocabulary

__all__ = ["FIGURE_ROLES", "FigureRow", "check_figure", "study_status"]

#: The values of one headline figure, in the order of a register's columns and the template.
FIGURE_ROLES = ("measure", "value", "low", "high", "bound", "perspective", "period",
                "price_year", "rate", "status", "source", "note")
_URL = re.compile(r"^https?://\S+$")


class FigureRow(ABC):
    """Where the values of one headline figure are, and how an issue names their cells.

    An abstract base: a reader subclasses it with :meth:`raw` (the value of a role as found),
    :meth:`place` (the sheet, or None, and the cell of a role) and :meth:`column` (the column's
    name in messages).
    ``codes`` says whether the allowed values are told as codes (a register) or as the labels
    of the template's drop-down lists.

    Attributes
    ----------
    log : IssueLog
        Receives the issues.
    bad : bool
        Whether an issue was found in this row.
    """

    codes = True
    #: Whether :meth:`column` names a column (``kolom value: ...``) or a place that starts the
    #: message itself (a key of a mapping file).
    columns = True

    def __init__(self, log: IssueLog):
        self.log, self.bad = log, False

    @abstractmethod
    def raw(self, role: str) -> object:
        """The value of ``role`` as found in the file."""

    @abstractmethod
    def place(self, role: str) -> tuple[str | None, str | None]:
        """The sheet (None in a CSV) and the cell of ``role``."""

    @abstractmethod
    def column(self, role: str) -> str | Text:
        """The name of ``role``'s column (or place) in messages."""

    def text(self, role: str) -> str:
        """The value of ``role`` as a stripped text ('' when empty)."""
        value = self.raw(role)
        return "" if value is None else str(value).strip()

    def issue(self, code: str, message: Text, role: str, expected: Text) -> None:
        """An issue about the cell of ``role``, naming its column."""
        self.bad = True
        sheet, cell = self.place(role)
        value = self.raw(role)
        found = (value.strip() or None) if isinstance(value, str) else value
        where = Text("kolom {c}", "column {c}", c=self.column(role)) if self.columns \
            else self.column(role)
        self.log.add(code, Text("{where}: {message}", "{where}: {message}", where=where,
                                message=message),
                     sheet=sheet, cell=cell, found=found, expected=expected)

    def one_of(self, table: dict) -> Text:
        """The allowed values of a choice, as this row's readers know them."""
        return Text("een van: {values}", "one of: {values}",
                    values=[self.named(table, code) for code in table])

    def named(self, table: dict, code: str) -> str | Text:
        """A value of a choice as this row's readers know it: its code or its labels."""
        return code if self.codes else _word(table, code)

    def choice(self, role: str, table: dict, *, required: bool) -> str | None:
        """The code of a choice: a code of ``table`` or its Dutch or English label."""
        value = self.text(role)
        if not value:
            if required:
                self.issue("missing_field", Text("leeg", "empty"), role, self.one_of(table))
            return None
        key = normalise_label(value)
        for code, names in table.items():
            if value == code or key in (normalise_label(code), normalise_label(names[0]),
                                        normalise_label(names[1])):
                return code
        self.issue("unknown_label", Text("onbekende waarde", "unknown value"), role,
                   self.one_of(table))
        return None

    def code(self, role: str, name: str) -> str | None:
        """The code of vocabulary ``name`` for the value of ``role``; None when empty."""
        value = self.text(role)
        if not value:
            return None
        code = vocabulary(name).lookup(value)
        if code is None:
            self.issue("unknown_label", Text("onbekende waarde", "unknown value"), role,
                       Text("een van: {codes}", "one of: {codes}",
                            codes=list(vocabulary(name).codes)))
        return code

    def number(self, role: str, *, percent=False, whole=False, low=None, high=None):
        """The number of ``role`` (None when empty), within ``low`` and ``high``."""
        value = self.raw(role)
        try:
            number = parse_number(None if isinstance(value, str) and not value.strip()
                                  else value, percent=percent)
        except NumberError:
            self.issue("not_a_number", Text("geen getal", "not a number"), role,
                       Text("een getal zoals 1,9 of 1.800.000{p}", "a number such as 1.9 or "
                            "1800000{p}", p=Text(" of 30%", " or 30%") if percent else ""))
            return None
        if number is None:
            return None
        if whole and number != int(number) or (low is not None and number < low) or (
                high is not None and number > high):
            self.issue("invalid_value", Text("buiten het toegestane bereik",
                                             "outside the allowed range"), role,
                       Text("een geheel getal van {a} tot {b}", "a whole number from {a} to {b}",
                            a=low, b=high) if whole else
                       Text("een getal van {a} tot {b}", "a number from {a} to {b}",
                            a=low, b=high))
            return None
        return int(number) if whole else number


def _word(table: dict, code: str) -> Text:
    return Text(table[code][0], table[code][1])


def check_figure(row: FigureRow, *, url: bool) -> tuple[str | None, Headline | None]:
    """Check every value of one row; its status and its figure.

    Parameters
    ----------
    row : FigureRow
    url : bool
        Whether the source must be a web address (a register) or may be any text naming a
        page or section (a workbook). It is required either way.

    Returns
    -------
    status : str or None
        The code of the row's status (None when wrong).
    figure : Headline or None
        None for a row without a measure (a study whose figures were not found: status
        ``not_found``) and for a row with an issue; ``row.bad`` tells them apart.
    """
    status = row.choice("status", STATUSES, required=True)
    _source(row, url)
    measure = row.choice("measure", HEADLINE_MEASURES, required=False)
    if measure is None:
        if not row.text("measure"):
            _no_figure(row, status)
        return status, None
    share = HEADLINE_MEASURES[measure][2] == "share"
    value, low, high = (row.number(c, percent=share) for c in ("value", "low", "high"))
    bound = row.choice("bound", BOUNDS, required=True)
    perspective = row.choice("perspective", PERSPECTIVES, required=True)
    period = row.choice("period", PERIODS, required=False)
    price_year = row.number("price_year", whole=True, low=MIN_YEAR, high=MAX_YEAR)
    rate = row.number("rate", percent=True, low=0, high=0.5)
    if row.bad:
        return status, None  # each wrong cell told once, not again as a missing value
    if status == "not_found":
        names = {code: row.named(STATUSES, code) for code in STATUSES}
        row.issue("invalid_value", Text("een kopcijfer met de status {s}",
                                        "a headline figure with the status {s}",
                                        s=names["not_found"]), "status",
                  Text("{v} of {i}; {n} alleen zonder kopcijfer",
                       "{v} or {i}; {n} only without a figure", v=names["verified"],
                       i=names["inferred"], n=names["not_found"]))
    ends = {"lo": row.column("low"), "hi": row.column("high")}
    if bound == "range" and (low is None or high is None):
        row.issue("missing_field", Text("een bandbreedte zonder onder- of bovenkant",
                                        "a range without its low or high end"),
                  "low" if low is None else "high",
                  Text("{lo} en {hi} ingevuld", "both {lo} and {hi}", **ends))
    elif bound == "range" and low > high:
        row.issue("invalid_value", Text("de onderkant ligt boven de bovenkant",
                                        "the low end is above the high end"), "low",
                  Text("{lo} niet boven {hi}", "{lo} not above {hi}", **ends))
    elif bound in ("estimate", "lower", "upper") and value is None:
        row.issue("missing_field", Text("geen waarde bij deze {b}", "no value for this {b}",
                                        b=_word(BOUNDS, bound)), "value",
                  Text("de gepubliceerde waarde", "the published value"))
    wanted = MEASURE_PERIOD.get(measure)
    if wanted is not None and period != wanted:
        row.issue("invalid_value", Text(
            "{m} hoort bij de periode {p}", "{m} goes with the period {p}",
            m=_word(HEADLINE_MEASURES, measure), p=_word(PERIODS, wanted)), "period",
            Text("{p}", "{p}", p=row.named(PERIODS, wanted)))
    elif wanted is None and period is not None:
        row.issue("invalid_value", Text(
            "een {m} heeft geen periode", "a {m} has no period",
            m=_word(HEADLINE_MEASURES, measure)), "period",
            Text("deze kolom leeg", "this column empty"))
    if row.bad:
        return status, None
    return status, Headline(measure, value, low, high, bound, perspective, period, status,
                            row.text("source"), price_year, rate, row.text("note"))


def _source(row: FigureRow, url: bool) -> None:
    source = row.text("source")
    if url and not _URL.match(source):
        row.issue("invalid_value", Text("geen webadres", "not a web address"), "source",
                  Text("een adres dat begint met https:// of http://",
                       "an address starting with https:// or http://"))
    elif not source:
        row.issue("missing_field", Text("leeg", "empty"), "source",
                  Text("waar het cijfer staat: een webadres, pagina of paragraaf",
                       "where the figure is: a web address, page or section"))


def _no_figure(row: FigureRow, status: str | None) -> None:
    """A row without a measure: no other figure value, and the status not_found."""
    for role in FIGURE_ROLES[1:9]:
        if row.text(role):
            row.issue("missing_field", Text(
                "een kopcijfer zonder maatstaf", "a headline figure without a measure"), role,
                Text("een maatstaf in kolom {m}, of deze kolom leeg",
                     "a measure in column {m}, or this column empty", m=row.column("measure")))
            return
    if status is not None and status != "not_found":
        row.issue("invalid_value", Text("de status {s} zonder kopcijfer",
                                        "the status {s} without a headline figure",
                                        s=row.named(STATUSES, status)), "status",
                  Text("{n}, of een kopcijfer met zijn maatstaf",
                       "{n}, or a headline figure with its measure",
                       n=row.named(STATUSES, "not_found")))


def study_status(statuses) -> str:
    """A study's status from the statuses of its rows: ``not_found`` without a figure,
    ``inferred`` when any figure is inferred, else ``verified``.

    Examples
    --------
    >>> study_status(["verified", "inferred"]), study_status(["not_found"])
    ('inferred', 'not_found')
    """
    found = [s for s in statuses if s != "not_found"]
    if not found:
        return "not_found"
    return "inferred" if "inferred" in found else "verified"
