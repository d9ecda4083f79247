"""Turn raw cells found by a layout reader into a validated :class:`~mkba.schema.Study`.

Every layout (template, cockpit, mapping) only finds *where* things are and hands over the
values as found (:mod:`mkba.io.raw`); this module does all the checking, the same way for every
layout: number parsing, vocabularies, required fields, the ranges of :mod:`mkba.limits` (every
number finite and at most :data:`~mkba.limits.MAX_AMOUNT`, the horizon at most
:data:`~mkba.limits.MAX_HORIZON` years, plausible years, also in year headers), years within the
horizon, negative amounts, formulas without a calculated value, control characters in texts,
duplicate line items, and the reported headline figures. Every problem is added to the
:class:`~mkba.issues.IssueLog`; a study is returned only when there is none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mkba import formatting
from mkba.io.numbers import NumberError, parse_number
from mkba.io.raw import Cell, RawItem, RawReported
from mkba.io.workbook import Workbook, uncached_issue
from mkba.issues import IssueLog
from mkba.limits import MAX_AMOUNT, MAX_YEAR, MIN_YEAR
from mkba.reference import cpi_years
from mkba.schema import (
    BASE_VARIANT,
    ITEM_COLUMNS,
    REPORTED_MEASURES,
    STUDY_FIELDS,
    Field,
    ReportedFigure,
    Study,
    items_frame,
)
from mkba.text_clean import control_character
from mkba.vocab import normalise_label, vocabulary

__all__ = ["build_study", "parse_bool", "YES", "NO"]

YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NO = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
_CATEGORY_VOCAB = {"cost": "cost_categories", "benefit": "benefit_categories"}


def parse_bool(value) -> bool | None:
    """Read ja/nee, yes/no, true/false, 1/0; None when not recognised.

    Examples
    --------
    >>> parse_bool("Ja"), parse_bool("no"), parse_bool("misschien")
    (True, False, None)
    """
    if isinstance(value, bool):
        return value
    key = normalise_label(value) if value is not None else ""
    if key in YES:
        return True
    if key in NO:
        return False
    return None


class _Builder:
    def __init__(self, wb: Workbook, log: IssueLog, labels: Mapping[str, str] | None = None):
        self.wb, self.log = wb, log
        # the study's own wording (folded by normalise_label) -> a code, label or synonym
        self.labels = dict(labels or {})
        # A label cell is shared by every amount of its row: look it up (and report it) once.
        self._codes: dict[tuple, str | None] = {}

    def issue(self, code, message, cell: Cell | None, found=None, expected=None):
        self.log.add(code, message, sheet=cell.sheet if cell else None,
                     cell=cell.ref if cell else None, found=found, expected=expected)

    def source(self, cell: Cell) -> str:
        ref = cell.ref
        return f"{self.wb.name}!{cell.sheet}!{ref}" if ref else f"{self.wb.name}!{cell.sheet}"

    def uncached(self, cell: Cell) -> bool:
        """Report a formula without a cached value, or a text with a control character."""
        sheet = self.wb.sheet(cell.sheet)
        if cell.value is None and sheet is not None and cell.ref and \
                cell.ref in sheet.uncached_formulas:
            uncached_issue(self.log, cell.sheet, cell.ref)
            return True
        return self.control(cell)

    def control(self, cell: Cell, *, whitespace: bool = False) -> bool:
        ch = control_character(cell.value, whitespace=whitespace)
        if ch is not None:
            self.issue("control_character", f"the text holds the control character {ch}", cell,
                       found=cell.value, expected="text without control characters")
        return ch is not None

    def number(self, cell: Cell, what: str, *, percent=False) -> float | None:
        if self.uncached(cell):
            return None
        try:
            number = parse_number(cell.value, percent=percent)
        except NumberError as exc:
            self.issue(exc.code, f"{what}: {exc}", cell, found=cell.value,
                       expected="a number, e.g. 1234,56 or € 1.234,56")
            return None
        if number is not None and abs(number) > MAX_AMOUNT:
            self.issue("invalid_value", f"{what}: {formatting.significant(number, 4, 'en')} is "
                       "larger than mkba accepts", cell, found=cell.value,
                       expected=f"a number of at most {formatting.number(MAX_AMOUNT, 0, 'en')} "
                       "(in euros: amounts are entered in euros, not cents)")
            return None
        return number

    def code(self, cell: Cell, vocab: str, what: str) -> str | None:
        key = (vocab, cell.sheet, cell.row, cell.col, cell.value) if cell.ref else None
        if key is not None and key in self._codes:
            return self._codes[key]
        code = self._code(cell, vocab, what)
        if key is not None:
            self._codes[key] = code
        return code

    def _code(self, cell: Cell, vocab: str, what: str) -> str | None:
        if self.uncached(cell):
            return None
        v = vocabulary(vocab)
        if cell.empty:
            known = ", ".join(t.nl for t in v.terms)
            self.issue("missing_field", f"the {what} label is empty", cell,
                       expected=f"one of: {known}")
            return None
        own = self.labels.get(normalise_label(cell.value))
        code = v.lookup(cell.value if own is None else own)
        if code is None:
            hint = v.suggest(cell.value)
            known = ", ".join(t.nl for t in v.terms)
            self.issue("unknown_label",
                       f"unknown {what} label" + (f"; did you mean {hint!r}?" if hint else ""),
                       cell, found=cell.value, expected=f"one of: {known}")
        return code

    # -- metadata ---------------------------------------------------------------------------
    def field(self, f: Field, cell: Cell | None, meta_sheet: str):
        if cell is None or cell.empty:
            if cell is not None and self.uncached(cell):
                return None
            if f.required:
                self.issue("missing_field", f"required field '{f.nl}' ({f.name}) is empty",
                           cell or Cell(None, meta_sheet), expected=f.help_en or f"a {f.type}")
            return None
        value = cell.value
        if f.type == "text":
            if self.control(cell, whitespace=f.name == "id"):
                return None
            return str(value).strip()
        if f.type == "code":
            return self.code(cell, f.vocabulary, f.nl)
        if f.type == "bool":
            b = parse_bool(value)
            if b is None:
                self.issue("invalid_value", f"'{f.nl}' must be yes or no", cell, found=value,
                           expected="ja or nee (yes or no)")
            return b
        if f.type == "rate":
            rate = self.number(cell, f.nl, percent=True)
            if rate is None:
                return None
            if rate >= 1 or rate < 0:
                self.issue("invalid_value",
                           f"'{f.nl}' is read as {formatting.significant(rate, 6, 'en')}, which "
                           "looks like a percentage written as a plain number" if rate >= 1 else
                           f"'{f.nl}' cannot be negative", cell, found=value,
                           expected="a decimal such as 0,055 or a percentage such as 5,5%")
                return None
            return rate
        number = self.number(cell, f.nl)
        if number is None:
            return None
        if number != int(number):
            self.issue("invalid_value", f"'{f.nl}' must be a whole number", cell, found=value,
                       expected="a whole number")
            return None
        number = int(number)
        low, high = f.low, f.high
        if f.type == "year" and not (low or MIN_YEAR) <= number <= (high or MAX_YEAR):
            self.issue("invalid_value", f"'{f.nl}' is not a plausible year", cell, found=value,
                       expected=f"a calendar year from {low or MIN_YEAR} to {high or MAX_YEAR}, "
                       "such as 2014")
            return None
        if f.type == "int" and high is not None and number > high:
            self.issue("invalid_value", f"'{f.nl}' is {formatting.number(number, 0, 'en')}, more "
                       "than mkba accepts", cell, found=value,
                       expected=f"a whole number from {low} to {formatting.number(high, 0, 'en')}")
            return None
        if f.type == "int" and number <= 0 and f.required:
            self.issue("invalid_value", f"'{f.nl}' must be positive", cell, found=value,
                       expected="a whole number above 0")
            return None
        if f.type == "int" and number < 0:
            self.issue("invalid_value", f"'{f.nl}' cannot be negative", cell, found=value,
                       expected="a whole number of 0 or more")
            return None
        return number

    # -- line items -------------------------------------------------------------------------
    def year(self, cell: Cell, meta: dict) -> int | None:
        if self.uncached(cell):
            return None
        try:
            y = parse_number(cell.value)
        except NumberError:
            y = None
        if y is None or y != int(y) or not MIN_YEAR <= y <= MAX_YEAR:
            self.issue("invalid_value", "a year column has no valid year in its header", cell,
                       found=cell.value,
                       expected=f"a calendar year from {MIN_YEAR} to {MAX_YEAR}, such as 2015")
            return None
        return int(y)

    def items(self, raw: Iterable[RawItem], meta: dict, study_id: str) -> dict[str, list]:
        """The line items as columns (lists): a large study has millions of amounts."""
        cols: dict[str, list] = {name: [] for name in ITEM_COLUMNS}
        seen: dict[tuple, Cell] = {}
        first, horizon = meta.get("first_year"), meta.get("horizon")
        year_cache: dict[tuple, int | None] = {}
        for it in raw:
            kind = self.code(it.kind, "cost_benefit_kinds", "cost/benefit")
            category = self.code(it.category, _CATEGORY_VOCAB[kind], "category") if kind else None
            actor = self.code(it.actor, "actors", "actor")
            amount = self.number(it.amount, "amount")
            year = None
            if it.year is not None:
                key = (it.year.sheet, it.year.row, it.year.col)
                if key not in year_cache:
                    year_cache[key] = self.year(it.year, meta)
                year = year_cache[key]
                if year is None:
                    continue
                if first is not None and horizon is not None and amount and \
                        not first <= year < first + horizon:
                    self.issue("year_outside_horizon",
                               f"a flow in {year} falls outside the study's horizon "
                               f"{first}-{first + horizon - 1}", it.amount, found=year,
                               expected=f"a year from {first} to {first + horizon - 1}")
            if amount is not None and amount < 0:
                self.issue("negative_amount",
                           "amounts are entered as positive numbers: a saving is a benefit, "
                           "a dis-benefit or extra care is a cost", it.amount,
                           found=it.amount.value,
                           expected="an amount of 0 or more")
            if None in (kind, category, actor) or amount is None:
                continue
            key = (it.variant, kind, category, actor, it.description, year)
            if key in seen:
                self.issue("duplicate_item",
                           f"the same line item appears twice (first at {seen[key].ref})",
                           it.amount, found=it.description or it.category.value,
                           expected="each category, actor, description and year once")
                continue
            seen[key] = it.amount
            # str(x).strip() of a stripped text is that same text: no copy per amount
            for name, value in (("study_id", study_id), ("variant", it.variant),
                                ("kind", kind), ("category", category), ("actor", actor),
                                ("category_label", str(it.category.value).strip()),
                                ("actor_label", str(it.actor.value).strip()),
                                ("description", it.description), ("year", year),
                                ("amount", amount), ("source", self.source(it.amount))):
                cols[name].append(value)
        return cols

    def reported(self, raw: Iterable[RawReported]) -> list[ReportedFigure]:
        out = []
        for r in raw:
            if r.measure not in REPORTED_MEASURES:
                self.issue("unknown_label", "unknown headline measure", r.value, found=r.measure,
                           expected="one of " + ", ".join(REPORTED_MEASURES))
                continue
            value = self.number(r.value, REPORTED_MEASURES[r.measure][1])
            low = self.number(r.low, "low") if r.low is not None else None
            high = self.number(r.high, "high") if r.high is not None else None
            level = self.number(r.level, "level", percent=True) if r.level is not None else None
            if level is not None and not 0 < level < 1:
                self.issue("invalid_value", "the interval level must lie between 0 and 1",
                           r.level, found=r.level.value, expected="e.g. 90% or 0,9")
                level = None
            if low is not None and high is not None and low > high:
                self.issue("invalid_value", "the low end of the range is above the high end",
                           r.low, found=f"{formatting.significant(low, 6, 'en')} > "
                           f"{formatting.significant(high, 6, 'en')}", expected="low <= high")
            if value is None and low is None and high is None:
                continue
            if value is None:
                self.issue("missing_field", "a range is given without its central value",
                           r.value, expected="the reported value beside its low/high")
                continue
            out.append(ReportedFigure(r.variant, r.measure, value, low, high, level,
                                      self.source(r.value)))
        return out


def build_study(
    wb: Workbook,
    log: IssueLog,
    *,
    meta: Mapping[str, Cell | None],
    items: Iterable[RawItem],
    reported: Iterable[RawReported] = (),
    layout: str,
    meta_sheet: str,
    labels: Mapping[str, str] | None = None,
) -> Study | None:
    """Check raw cells and build a Study; None (with issues in ``log``) when anything is wrong.

    Parameters
    ----------
    wb : Workbook
        The workbook the cells come from (for provenance and formula checks).
    log : IssueLog
        Receives every problem found.
    meta : mapping of field name to Cell or None
        Cells of the metadata fields (see :data:`mkba.schema.STUDY_FIELDS`); None when the layout
        has no place for the field.
    items : iterable of RawItem
        Every amount of every line item.
    reported : iterable of RawReported
        The study's headline figures.
    layout : str
        Name of the layout, kept on the study.
    meta_sheet : str
        Sheet named in issues about missing metadata.
    labels : mapping of str to str, optional
        The study's own wording for kinds, categories and actors (folded by
        :func:`mkba.vocab.normalise_label`) mapped to a code, label or synonym of the
        vocabulary; looked up before the vocabulary itself.
    """
    b = _Builder(wb, log, labels)
    before = len(log)
    values, provenance = {}, {}
    for f in STUDY_FIELDS:
        cell = meta.get(f.name)
        values[f.name] = b.field(f, cell, meta_sheet)
        if cell is not None and cell.ref:
            provenance[f.name] = b.source(cell)
    py = values.get("price_year")
    lo, hi = cpi_years()
    if py is not None and not lo <= py <= hi:
        b.issue("price_year_unknown",
                f"price year {py} is outside the CBS price index table ({lo}-{hi}); add the "
                "year to mkba/data/cpi_nl.csv (CBS StatLine 83131NED) to use it",
                meta.get("price_year"), found=py, expected=f"a year from {lo} to {hi}")
    segs = [values.get(f"households_{s}") for s in ("zwaar", "kwetsbaar", "overig")]
    if values.get("households") and all(s is not None for s in segs) and \
            sum(segs) != values["households"]:
        b.issue("invalid_value", "the households per segment do not add up to the total",
                meta.get("households"), found=f"{sum(segs)} by segment, {values['households']} "
                "in total", expected="segments that add up to the total")
    study_id = values.get("id") or "?"
    rows = b.items(items, values, study_id)
    figures = b.reported(reported)
    variants = list(dict.fromkeys(rows["variant"]))
    pairs = set(zip(rows["variant"], rows["kind"], strict=True))
    if len(log) == before:
        for variant in [BASE_VARIANT] + [s for s in variants if s != BASE_VARIANT]:
            for kind, nl in (("cost", "costs"), ("benefit", "benefits")):
                if (variant, kind) not in pairs:
                    b.issue("no_line_items", f"variant '{variant}' has no {nl}",
                            Cell(None, meta_sheet), expected=f"at least one {kind} line item")
        for fig in figures:
            if fig.variant not in variants:
                b.issue("invalid_value", "a headline figure names a variant without line items",
                        Cell(None, meta_sheet), found=fig.variant,
                        expected="one of " + ", ".join(variants or [BASE_VARIANT]))
    if len(log) > before:
        return None
    return Study(
        **{k: v for k, v in values.items()},
        items=items_frame(rows),
        reported=tuple(figures),
        provenance=provenance,
        file=wb.name,
        layout=layout,
    )
