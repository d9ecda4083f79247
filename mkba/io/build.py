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
from dataclasses import replace

from mkba.io.numbers import NumberError, parse_number
from mkba.io.raw import Cell, RawItem, RawReported
from mkba.io.workbook import Workbook, uncached_issue
from mkba.issues import IssueLog
from mkba.limits import MAX_AMOUNT, MAX_YEAR, MIN_YEAR
from mkba.messages import Text
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

__all__ = ["build_study", "check_fields", "parse_bool", "YES", "NO"]

YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NO = frozenset({"nee", "n", "no", "false", "onwaar", "0"})
_CATEGORY_VOCAB = {"cost": "cost_categories", "benefit": "benefit_categories"}

# what a cell holds, as named in messages
_AMOUNT = Text("bedrag", "amount")
_KIND = Text("kosten/baten", "cost/benefit")
_CATEGORY = Text("categorie", "category")
_ACTOR = Text("actor", "actor")
_LOW, _HIGH, _LEVEL = Text("laag", "low"), Text("hoog", "high"), Text("niveau", "level")
_KINDS = {"cost": (Text("kosten", "costs"), Text("minstens één kostenpost",
                                                  "at least one cost line item")),
          "benefit": (Text("baten", "benefits"), Text("minstens één batenpost",
                                                       "at least one benefit line item"))}
# what a field of each type holds, for a required field without its own help text
_TYPES = {"text": Text("een tekst", "a text"), "int": Text("een geheel getal", "a whole number"),
          "year": Text("een jaartal", "a year"),
          "rate": Text("een percentage of decimaal getal", "a rate"),
          "bool": Text("ja of nee", "yes or no"), "code": Text("een label", "a label")}
_NO_CONTROL = Text("tekst zonder stuurtekens", "text without control characters")


def _one_of(values) -> Text:
    return Text("een van: {values}", "one of: {values}", values=list(values))


def _label(f: Field) -> Text:
    """A field's label in the language of the message."""
    return Text(f.nl, f.en)


def _years(low: int, high: int) -> Text:
    return Text("een jaar van {low} tot en met {high}", "a year from {low} to {high}", low=low,
                high=high)


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

    def issue(self, code: str, message: Text, cell: Cell | None, found=None,
              expected: Text | None = None):
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
            self.issue("control_character", Text("de tekst bevat het stuurteken {ch}",
                                                 "the text holds the control character {ch}",
                                                 ch=ch), cell,
                       found=cell.value, expected=_NO_CONTROL)
        return ch is not None

    def number(self, cell: Cell, what: Text, *, percent=False) -> float | None:
        if self.uncached(cell):
            return None
        try:
            number = parse_number(cell.value, percent=percent)
        except NumberError as exc:
            self.issue(exc.code, Text("{what}: {why}", "{what}: {why}", what=what,
                                      why=exc.message), cell, found=cell.value,
                       expected=Text("een getal, bijv. 1234,56 of € 1.234,56",
                                     "a number, e.g. 1234,56 or € 1.234,56"))
            return None
        if number is not None and abs(number) > MAX_AMOUNT:
            self.issue("invalid_value", Text("{what}: {x:sig4} is groter dan mkba accepteert",
                                             "{what}: {x:sig4} is larger than mkba accepts",
                                             what=what, x=number), cell, found=cell.value,
                       expected=Text("een getal van hoogstens {most} (in euro's: bedragen staan "
                                     "in euro's, niet in centen)", "a number of at most {most} "
                                     "(in euros: amounts are entered in euros, not cents)",
                                     most=MAX_AMOUNT))
            return None
        return number

    def code(self, cell: Cell, vocab: str, what: Text) -> str | None:
        key = (vocab, cell.sheet, cell.row, cell.col, cell.value) if cell.ref else None
        if key is not None and key in self._codes:
            return self._codes[key]
        code = self._code(cell, vocab, what)
        if key is not None:
            self._codes[key] = code
        return code

    def _code(self, cell: Cell, vocab: str, what: Text) -> str | None:
        if self.uncached(cell):
            return None
        v = vocabulary(vocab)
        if cell.empty:
            self.issue("missing_field", Text("het label voor {what} is leeg",
                                             "the {what} label is empty", what=what), cell,
                       expected=_one_of(t.nl for t in v.terms))
            return None
        code = v.lookup(cell.value, self.labels)
        if code is None:
            hint = v.suggest(cell.value)
            self.issue("unknown_label",
                       Text("onbekend label voor {what}; bedoelt u '{hint}'?",
                            "unknown {what} label; did you mean '{hint}'?", what=what, hint=hint)
                       if hint else Text("onbekend label voor {what}", "unknown {what} label",
                                         what=what),
                       cell, found=cell.value, expected=_one_of(t.nl for t in v.terms))
        return code

    # -- metadata ---------------------------------------------------------------------------
    def field(self, f: Field, cell: Cell | None, meta_sheet: str):
        if cell is None or cell.empty:
            if cell is not None and self.uncached(cell):
                return None
            if f.required:
                self.issue("missing_field", Text("verplicht veld '{label}' ({name}) is leeg",
                                                 "required field '{label}' ({name}) is empty",
                                                 label=_label(f), name=f.name),
                           cell or Cell(None, meta_sheet),
                           expected=Text(f.help_nl, f.help_en) if f.help_en else _TYPES[f.type])
            return None
        value = cell.value
        if f.type == "text":
            if self.control(cell, whitespace=f.name == "id"):
                return None
            return str(value).strip()
        label = _label(f)
        if f.type == "code":
            return self.code(cell, f.vocabulary, label)
        if f.type == "bool":
            b = parse_bool(value)
            if b is None:
                self.issue("invalid_value", Text("'{label}' moet ja of nee zijn",
                                                 "'{label}' must be yes or no", label=label),
                           cell, found=value, expected=Text("ja of nee", "ja or nee (yes or no)"))
            return b
        if f.type == "rate":
            rate = self.number(cell, label, percent=True)
            if rate is None:
                return None
            if rate >= 1 or rate < 0:
                self.issue("invalid_value",
                           Text("'{label}' wordt gelezen als {rate}; dat lijkt een percentage "
                                "dat als gewoon getal is geschreven", "'{label}' is read as "
                                "{rate}, which looks like a percentage written as a plain number",
                                label=label, rate=rate) if rate >= 1 else
                           Text("'{label}' kan niet negatief zijn", "'{label}' cannot be negative",
                                label=label), cell, found=value,
                           expected=Text("een decimaal getal zoals 0,055 of een percentage zoals "
                                         "5,5%", "a decimal such as 0.055 or a percentage such "
                                         "as 5.5%"))
                return None
            return rate
        number = self.number(cell, label)
        if number is None:
            return None
        if number != int(number):
            self.issue("invalid_value", Text("'{label}' moet een geheel getal zijn",
                                             "'{label}' must be a whole number", label=label),
                       cell, found=value, expected=_TYPES["int"])
            return None
        number = int(number)
        low, high = f.low, f.high
        if f.type == "year" and not (low or MIN_YEAR) <= number <= (high or MAX_YEAR):
            self.issue("invalid_value", Text("'{label}' is geen plausibel jaartal",
                                             "'{label}' is not a plausible year", label=label),
                       cell, found=value,
                       expected=Text("een kalenderjaar van {low} tot en met {high}, zoals 2014",
                                     "a calendar year from {low} to {high}, such as 2014",
                                     low=low or MIN_YEAR, high=high or MAX_YEAR))
            return None
        if f.type == "int" and high is not None and number > high:
            self.issue("invalid_value", Text("'{label}' is {n}, meer dan mkba accepteert",
                                             "'{label}' is {n}, more than mkba accepts",
                                             label=label, n=number), cell, found=value,
                       expected=Text("een geheel getal van {low} tot en met {high}",
                                     "a whole number from {low} to {high}", low=low, high=high))
            return None
        if f.type == "int" and number <= 0 and f.required:
            self.issue("invalid_value", Text("'{label}' moet positief zijn",
                                             "'{label}' must be positive", label=label),
                       cell, found=value,
                       expected=Text("een geheel getal boven 0", "a whole number above 0"))
            return None
        if f.type == "int" and number < 0:
            self.issue("invalid_value", Text("'{label}' kan niet negatief zijn",
                                             "'{label}' cannot be negative", label=label),
                       cell, found=value, expected=Text("een geheel getal van 0 of meer",
                                                        "a whole number of 0 or more"))
            return None
        return number

    def fields(self, meta: Mapping[str, Cell | None], meta_sheet: str,
               required: frozenset[str] | None = None) -> tuple[dict, dict]:
        """Every field's value (None when empty or wrong) and the source of each cell read."""
        values, provenance = {}, {}
        for f in STUDY_FIELDS:
            if required is not None:
                f = replace(f, required=f.name in required)
            cell = meta.get(f.name)
            values[f.name] = self.field(f, cell, meta_sheet)
            if cell is not None and cell.ref:
                provenance[f.name] = self.source(cell)
        return values, provenance

    # -- line items -------------------------------------------------------------------------
    def year(self, cell: Cell, meta: dict) -> int | None:
        if self.uncached(cell):
            return None
        try:
            y = parse_number(cell.value)
        except NumberError:
            y = None
        if y is None or y != int(y) or not MIN_YEAR <= y <= MAX_YEAR:
            self.issue("invalid_value", Text("een jaarkolom heeft geen geldig jaartal in de kop",
                                             "a year column has no valid year in its header"),
                       cell, found=cell.value,
                       expected=Text("een kalenderjaar van {low} tot en met {high}, zoals 2015",
                                     "a calendar year from {low} to {high}, such as 2015",
                                     low=MIN_YEAR, high=MAX_YEAR))
            return None
        return int(y)

    def items(self, raw: Iterable[RawItem], meta: dict, study_id: str) -> dict[str, list]:
        """The line items as columns (lists): a large study has millions of amounts."""
        cols: dict[str, list] = {name: [] for name in ITEM_COLUMNS}
        seen: dict[tuple, Cell] = {}
        first, horizon = meta.get("first_year"), meta.get("horizon")
        year_cache: dict[tuple, int | None] = {}
        for it in raw:
            kind = self.code(it.kind, "cost_benefit_kinds", _KIND)
            category = self.code(it.category, _CATEGORY_VOCAB[kind], _CATEGORY) if kind else None
            actor = self.code(it.actor, "actors", _ACTOR)
            amount = self.number(it.amount, _AMOUNT)
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
                    last = first + horizon - 1
                    self.issue("year_outside_horizon",
                               Text("een kasstroom in {year} valt buiten de looptijd "
                                    "{first}-{last} van de studie", "a flow in {year} falls "
                                    "outside the study's horizon {first}-{last}", year=year,
                                    first=first, last=last), it.amount, found=year,
                               expected=_years(first, last))
            if amount is not None and amount < 0:
                self.issue("negative_amount",
                           Text("bedragen zijn positieve getallen: een besparing is een baat, "
                                "een nadeel of extra zorg is een kostenpost",
                                "amounts are entered as positive numbers: a saving is a "
                                "benefit, a dis-benefit or extra care is a cost"), it.amount,
                           found=it.amount.value,
                           expected=Text("een bedrag van 0 of meer", "an amount of 0 or more"))
            if None in (kind, category, actor) or amount is None:
                continue
            key = (it.variant, kind, category, actor, it.description, year)
            if key in seen:
                self.issue("duplicate_item",
                           Text("dezelfde post staat er twee keer in (eerst in {first})",
                                "the same line item appears twice (first at {first})",
                                first=seen[key].ref),
                           it.amount, found=it.description or it.category.value,
                           expected=Text("elke categorie, actor, omschrijving en elk jaar één "
                                         "keer", "each category, actor, description and year "
                                         "once"))
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
                self.issue("unknown_label", Text("onbekend kengetal", "unknown headline measure"),
                           r.value, found=r.measure, expected=_one_of(REPORTED_MEASURES))
                continue
            value = self.number(r.value, Text(*REPORTED_MEASURES[r.measure]))
            low = self.number(r.low, _LOW) if r.low is not None else None
            high = self.number(r.high, _HIGH) if r.high is not None else None
            level = self.number(r.level, _LEVEL, percent=True) if r.level is not None else None
            if level is not None and not 0 < level < 1:
                self.issue("invalid_value",
                           Text("het betrouwbaarheidsniveau moet tussen 0 en 1 liggen",
                                "the interval level must lie between 0 and 1"),
                           r.level, found=r.level.value,
                           expected=Text("bijv. 90% of 0,9", "e.g. 90% or 0.9"))
                level = None
            if low is not None and high is not None and low > high:
                self.issue("invalid_value",
                           Text("de ondergrens van de bandbreedte ligt boven de bovengrens",
                                "the low end of the range is above the high end"),
                           r.low, found=Text("{low} > {high}", "{low} > {high}", low=low,
                                             high=high),
                           expected=Text("laag <= hoog", "low <= high"))
            if value is None and low is None and high is None:
                continue
            if value is None:
                self.issue("missing_field", Text("een bandbreedte zonder de centrale waarde",
                                                 "a range is given without its central value"),
                           r.value, expected=Text("de gerapporteerde waarde naast laag/hoog",
                                                  "the reported value beside its low/high"))
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
    headlines_sheet: str | Text | None = None,
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
    headlines_sheet : str or Text, optional
        Where the layout takes published headline figures (the template's sheet Kopcijfers): a
        study without any line item is told it may have only those instead.
    """
    b = _Builder(wb, log, labels)
    before = len(log)
    values, provenance = b.fields(meta, meta_sheet)
    py = values.get("price_year")
    lo, hi = cpi_years()
    if py is not None and not lo <= py <= hi:
        b.issue("price_year_unknown",
                Text("prijsjaar {year} valt buiten de prijsindextabel van het CBS ({lo}-{hi}); "
                     "voeg het jaar toe aan mkba/data/cpi_nl.csv (CBS StatLine 83131NED) om het "
                     "te gebruiken", "price year {year} is outside the CBS price index table "
                     "({lo}-{hi}); add the year to mkba/data/cpi_nl.csv (CBS StatLine 83131NED) "
                     "to use it", year=py, lo=lo, hi=hi),
                meta.get("price_year"), found=py, expected=_years(lo, hi))
    segs = [values.get(f"households_{s}") for s in ("zwaar", "kwetsbaar", "overig")]
    if values.get("households") and all(s is not None for s in segs) and \
            sum(segs) != values["households"]:
        b.issue("invalid_value", Text("de huishoudens per segment tellen niet op tot het totaal",
                                      "the households per segment do not add up to the total"),
                meta.get("households"),
                found=Text("{parts} per segment, {total} in totaal",
                           "{parts} by segment, {total} in total", parts=sum(segs),
                           total=values["households"]),
                expected=Text("segmenten die samen het totaal zijn",
                              "segments that add up to the total"))
    study_id = values.get("id") or "?"
    rows = b.items(items, values, study_id)
    figures = b.reported(reported)
    variants = list(dict.fromkeys(rows["variant"]))
    pairs = set(zip(rows["variant"], rows["kind"], strict=True))
    if len(log) == before:
        for variant in [BASE_VARIANT] + [s for s in variants if s != BASE_VARIANT]:
            for kind, (what, at_least) in _KINDS.items():
                if (variant, kind) not in pairs:
                    if headlines_sheet is not None and not variants:
                        at_least = Text("{a}, of alleen kopcijfers op blad {sheet}",
                                        "{a}, or only headline figures on sheet {sheet}",
                                        a=at_least, sheet=headlines_sheet)
                    b.issue("no_line_items", Text("variant '{variant}' heeft geen {what}",
                                                  "variant '{variant}' has no {what}",
                                                  variant=variant, what=what),
                            Cell(None, meta_sheet), expected=at_least)
        for fig in figures:
            if fig.variant not in variants:
                b.issue("invalid_value", Text("een kengetal noemt een variant zonder posten",
                                              "a headline figure names a variant without line "
                                              "items"),
                        Cell(None, meta_sheet), found=fig.variant,
                        expected=_one_of(variants or [BASE_VARIANT]))
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


def check_fields(wb: Workbook, log: IssueLog, meta: Mapping[str, Cell | None], *,
                 meta_sheet: str, required: Iterable[str]) -> tuple[dict, dict]:
    """Check the metadata cells of a study whose other fields are not needed (a study known only
    by its headline figures): each filled field by its own rule, only ``required`` ones needed.

    Parameters
    ----------
    wb, log, meta, meta_sheet
        As for :func:`build_study`.
    required : iterable of str
        Names of the fields that must be filled.

    Returns
    -------
    values : dict
        Field name -> value (None when empty or wrong; ``log`` has the issue).
    provenance : dict
        Field name -> ``file!sheet!cell`` of each cell read.
    """
    return _Builder(wb, log).fields(meta, meta_sheet, frozenset(required))
