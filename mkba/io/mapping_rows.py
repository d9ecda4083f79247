"""Reading the rows of an ``[[items]]`` block: line items, signs, year headers and totals.

Reading is done in two steps, so that the cells read can be screened first (formulas without
a value, control characters): :func:`locate` finds the block's rows and notes the cells it
reads; :func:`raw_items` then turns them into :class:`~mkba.io.raw.RawItem` values and checks
what only the mapping knows, each problem an issue at its cell whose message names the mapping
key and its line:

- a year header that is not a year (``items[N].header_row``);
- a row whose amounts look like a header row of years (``items[N].first_row``);
- under ``sign = "costs negative"``, a positive cost or a negative benefit (``items[N].sign``);
- a total column or total row that does not add up (:mod:`mkba.io.totals`).

Every other value is checked by :func:`mkba.io.build.build_study`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkba.io.mapping_blocks import Block
from mkba.io.mapping_file import POSITIVE, MappingFile
from mkba.io.numbers import NumberError, parse_number
from mkba.io.raw import Cell, RawItem
from mkba.io.totals import check_total, is_subtotal, is_total
from mkba.limits import MAX_YEAR, MIN_YEAR
from mkba.messages import Text
from mkba.vocab import vocabulary

__all__ = ["Located", "locate", "raw_items", "HEADER_YEARS"]

#: The calendar years that make a row of amounts look like a header row of years.
HEADER_YEARS = range(1990, MAX_YEAR + 1)


@dataclass(frozen=True)
class Located:
    """A block's rows and columns as found in its sheet."""

    block: Block
    rows: tuple[int, ...]  # rows with amounts
    total_rows: tuple[int, ...]  # rows labelled as totals (checked in table blocks)
    columns: tuple[int, ...]  # amount columns
    total_columns: tuple[int, ...]  # columns headed as totals (checked, not read)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label_column(b: Block) -> int | None:
    """The column whose text labels a row (a total row starts with Totaal)."""
    how, what = (b.actor if b.table == "category" else b.category) or (None, None)
    return what if how == "column" else None


def locate(m: MappingFile, b: Block) -> Located:
    """Find the rows of block ``b`` and note the cells read (see the module description)."""
    sheet = m.wb.sheets[b.sheet]
    cols = [c for c in b.columns if c <= sheet.max_col]  # columns beyond the sheet hold nothing
    totals = [c for c in cols if is_total(sheet.value(b.header, c))] if b.table else []
    label = _label_column(b)
    stop = sheet.max_row if b.last == "until empty" else min(b.last, sheet.max_row)
    rows, total_rows, r = [], [], b.first
    while r <= stop:
        empty = all(_empty(sheet.value(r, c)) for c in cols)
        text = sheet.value(r, label) if label else None
        if b.last == "until empty" and (_empty(text) if label else empty):
            break
        if is_total(text):
            total_rows.append(r)
        elif not empty:
            rows.append(r)
        r += 1
    labels = {spec[1] for spec in (b.kind, b.category, b.actor) if spec and spec[0] == "column"}
    if b.description:
        labels.add(b.description)
    m.read(b.sheet, b.first, min(r, stop), {*cols, *labels})
    if b.header:
        m.read(b.sheet, b.header, b.header, cols)
    return Located(b, tuple(rows), tuple(total_rows),
                   tuple(c for c in cols if c not in totals), tuple(totals))


def _year(value) -> int | None:
    try:
        y = parse_number(value)
    except NumberError:
        return None
    return int(y) if y is not None and y == int(y) and MIN_YEAR <= y <= MAX_YEAR else None


def _years_row(numbers: list) -> bool:
    """True for two or more whole numbers of :data:`HEADER_YEARS`, each one more than the last."""
    return len(numbers) >= 2 and all(
        isinstance(n, float) and n.is_integer() and int(n) in HEADER_YEARS for n in numbers) \
        and all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _number(value):
    try:
        return parse_number(value)
    except NumberError:
        return False


class _Reader:
    def __init__(self, m: MappingFile, loc: Located, labels: dict[str, str]):
        self.m, self.loc, self.b, self.labels = m, loc, loc.block, labels
        self.sheet = m.wb.sheets[self.b.sheet]
        self.kinds = vocabulary("cost_benefit_kinds")

    def place(self, key: str | None) -> Text:
        return self.m.place(("items", self.b.index, key))

    def issue(self, code: str, key: str | None, message: Text, cell: Cell, found, expected):
        self.m.log.add(code, Text("{place}: {message}", "{place}: {message}",
                                  place=self.place(key), message=message),
                       sheet=cell.sheet, cell=cell.ref, found=found, expected=expected)

    def at(self, spec, key: str, r: int) -> Cell:
        how, what = spec
        return Cell(self.sheet.value(r, what), self.b.sheet, r, what) if how == "column" else \
            self.m.literal(("items", self.b.index, key), what)

    # -- checks ---------------------------------------------------------------------------
    def years(self) -> dict[int, Cell]:
        """The year header of each amount column in use; a header that is not a year is an
        issue (and its column is not read)."""
        b, out = self.b, {}
        used = [c for c in self.loc.columns
                if any(not _empty(self.sheet.value(r, c)) for r in self.loc.rows)]
        for c in used:
            cell = Cell(self.sheet.value(b.header, c), b.sheet, b.header, c)
            if _year(cell.value) is None:
                self.issue("invalid_value", "header_row", Text(
                    "de kop van een jaarkolom (rij {row}) bevat geen geldig jaar",
                    "a year column has no valid year in its header (row {row})", row=b.header),
                    cell, cell.value, Text("een kalenderjaar van {lo} tot {hi}, zoals 2015, in "
                                           "elke kolom van year_columns",
                                           "a calendar year from {lo} to {hi}, such as 2015, "
                                           "in every column of year_columns",
                                           lo=MIN_YEAR, hi=MAX_YEAR))
            else:
                out[c] = cell
        return out

    def totals(self) -> None:
        """Check the total columns and, in a table block, the total rows."""
        loc, place = self.loc, self.place(None)
        for r in loc.rows:
            for c in loc.total_columns:
                check_total(self.m.log, self.sheet, r, c, [(r, a) for a in loc.columns],
                            place=place)
        if self.b.table is None:
            return
        since_total: list[int] = []  # the rows since the previous Totaal row
        since_any: list[int] = []  # the rows since the previous Totaal or Subtotaal row
        for r in sorted(loc.rows + loc.total_rows):
            if r not in loc.total_rows:
                since_total.append(r)
                since_any.append(r)
                continue
            sub = is_subtotal(self.sheet.value(r, _label_column(self.b)))
            parts = since_any if sub else since_total
            for c in loc.columns + loc.total_columns if parts else ():
                check_total(self.m.log, self.sheet, r, c, [(p, c) for p in parts],
                            place=place)
            since_any = []
            if not sub:
                since_total = []

    def years_row(self, r: int, amounts: list[Cell]) -> bool:
        """True (and an issue) when the amounts of row ``r`` look like a header row of years."""
        numbers = [_number(a.value) for a in amounts]
        if not _years_row(numbers):
            return False
        self.issue("invalid_value", "first_row", Text(
            "rij {row} ziet eruit als een kopregel met jaren ({a}-{z}), niet als bedragen",
            "row {row} looks like a header row of years ({a}-{z}), not like amounts",
            row=r, a=int(numbers[0]), z=int(numbers[-1])), amounts[0], amounts[0].value,
            Text("bedragen; laat het blok beginnen onder de kopregel (first_row, header_row)",
                 "amounts; start the block below the header row (first_row, header_row)"))
        return True

    # -- signs ------------------------------------------------------------------------------
    def signed(self, kind: Cell | None, category: Cell, amount: Cell):
        """(kind, amount) as build_study reads them under the block's sign rule; None when the
        amount is not read (a 0 whose kind follows its sign, or a sign against the rule)."""
        if self.b.sign == POSITIVE:
            return kind, amount
        number = _number(amount.value)
        if kind is None:  # the sign tells the kind
            if number is False:  # not a number: build_study says so; pick the label's kind
                guess = "benefit" if vocabulary("benefit_categories").lookup(
                    category.value, self.labels) else "cost"
                return self._kind(guess), amount
            if not number:
                return None
            return self._kind("cost" if number < 0 else "benefit"), self._abs(amount, number)
        code = self.kinds.lookup(kind.value, self.labels)
        if number is False or number is None or code is None:
            return kind, amount  # build_study reports what is wrong
        if code == "cost" and number > 0 or code == "benefit" and number < 0:
            self._against(code, amount)
            return None
        return kind, self._abs(amount, number)

    def _kind(self, code: str) -> Cell:
        return self.m.literal(("items", self.b.index, "sign"), code)

    @staticmethod
    def _abs(amount: Cell, number: float) -> Cell:
        return amount if number >= 0 else Cell(-number, amount.sheet, amount.row, amount.col)

    def _against(self, code: str, amount: Cell) -> None:
        cost = code == "cost"
        line = None if self.b.own_sign else self.m.line("", None, "sign")
        rule = Text("sign = \"costs negative\"" + (" (regel {line})" if line else ""),
                    "sign = \"costs negative\"" + (" (line {line})" if line else ""), line=line)
        self.issue(
            "invalid_value" if cost else "negative_amount", "sign" if self.b.own_sign else None,
            Text("een positief bedrag bij kosten, terwijl dit blok kosten als negatieve bedragen "
                 "leest ({rule})" if cost else "een negatief bedrag bij baten, terwijl dit blok "
                 "alleen kosten als negatieve bedragen leest ({rule})",
                 "a positive amount of costs, where this block reads costs as negative amounts "
                 "({rule})" if cost else "a negative amount of benefits, where this block reads "
                 "only costs as negative amounts ({rule})", rule=rule),
            amount, amount.value,
            Text("kosten 0 of negatief, baten 0 of positief", "costs of 0 or below, benefits "
                 "of 0 or above"))

    # -- items ------------------------------------------------------------------------------
    def items(self) -> list[RawItem]:
        b, loc, name = self.b, self.loc, self.b.sheet
        years = self.years() if b.yearly else None
        self.totals()
        out: list[RawItem] = []
        for r in loc.rows:
            amounts = [Cell(self.sheet.value(r, c), name, r, c) for c in loc.columns]
            amounts = [a for a in amounts if not a.empty]
            if self.years_row(r, amounts):
                continue
            category = self.at(b.category, "category", r) if b.category else None
            actor = self.at(b.actor, "actor", r) if b.actor else None
            kind = self.at(b.kind, "kind", r) if b.kind else None
            text = self.sheet.value(r, b.description) if b.description else None
            for a in amounts:
                if years is not None and a.col not in years:
                    continue
                head = Cell(self.sheet.value(b.header, a.col), name, b.header, a.col) \
                    if b.table else None
                cat = head if b.table == "category" else category
                who = head if b.table == "actor" else actor
                if b.description:
                    description = "" if text is None else str(text).strip()
                else:  # the study's own wording of the category stays visible
                    description = "" if cat.empty else str(cat.value).strip()
                signed = self.signed(kind, cat, a.scaled(b.factor))
                if signed is None:
                    continue
                out.append(RawItem(b.variant, signed[0], cat, who, signed[1],
                                   years[a.col] if years is not None else None, description))
        return out


def raw_items(m: MappingFile, loc: Located, labels: dict[str, str]) -> list[RawItem]:
    """The line items of a located block (see the module description); the problems that only
    the mapping knows are issues in ``m``'s log."""
    return _Reader(m, loc, labels).items()
