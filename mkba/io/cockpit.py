"""The "cockpit" layout: an MKBA model as consultancies build it in Excel.

Sheets are found by name (case and spacing ignored); everything inside them is found by its
labels, so title rows, merged cells (only the top-left cell holds the value), blank spacer
rows and columns and extra columns do not matter.

``Uitgangspunten`` (or ``Algemeen``, ``Algemene gegevens``, ``Kenmerken``)
    The metadata as label/value pairs. A label is a cell in columns A-D holding the Dutch or
    English label or the name of a field of :data:`~mkba.schema.STUDY_FIELDS` (a trailing colon
    and a bracketed part are ignored: ``Looptijd:`` finds ``Looptijd (jaren)``; a few usual
    synonyms such as ``Prijspeil``, ``Disconteringsvoet``, ``Startjaar`` are known). Its value
    is the next non-empty cell to the right.
``MKBA <variant>``
    Present values. A block starts at a row beginning with ``Kosten`` or ``Baten`` (``KOSTEN``,
    ``Baten (contante waarde)``; alone or as the top-left cell of the header row). The header
    row is the first row with actor labels (``actors.csv``, synonyms included) and no numbers;
    every header from the first actor on is an actor column, except ``Totaal``. In a data row
    the first label column holds the category and the second, if any, a description (the
    study's own wording, e.g. "Huisuitzettingen voorkomen").
``Kasstromen <variant>``
    Yearly flows: the same blocks, but the header row holds calendar years, and the label
    columns are category, optional description and actor (the column headed ``Actor``,
    ``Partij``, ``Betaler`` or ``Ontvanger``, else the last label column). A category cell left
    empty (a merged cell) repeats the category above.
``Resultaten`` (or ``Samenvatting``, ``Uitkomsten``)
    Headline figures: one row per measure (``Contante waarde kosten``, ``CW baten``,
    ``Netto contante waarde``, ``Baten-kostenverhouding``, ``B/K``, ...), one column per
    variant (header row above the figures; without one the first value column is ``basis``).
    Rows such as ``Bandbreedte B/K laag`` / ``... hoog`` give a range, ``Betrouwbaarheid B/K``
    its level.

The variant is the rest of the sheet name (``MKBA effect laag`` -> ``effect laag``; nothing,
``Basis``, ``Basisvariant`` -> ``basis``); a row ``Variant: <name>`` switches to another
variant inside a sheet (one block per variant). When a variant has a Kasstromen sheet, its
MKBA sheet (present values of the same flows) is not read. A text such as ``bedragen x € 1.000``
or ``x € 1 mln`` outside the tables multiplies the amounts below it (not years or ratios).

Rows starting with ``Totaal``/``Subtotaal`` and columns headed ``Totaal`` are not read as line
items: they are checked by :func:`mkba.io.totals.check_total` (the rule of every layout): a
total that differs from the sum of its parts by more than rounding (half a unit per part, or
0.1%, whichever is larger) is a ``reported_mismatch`` issue at the total cell. Rows starting
with ``Saldo``, ``Netto`` or ``B/K`` end a block. A row with no amount at all is a heading and
is skipped.

This module only locates cells; :func:`mkba.io.build.build_study` checks every value. Since it
finds its tables by the labels anywhere in a sheet, every cell of the sheets it reads is screened
first: a formula without a cached value or a text with a control character is an issue, never
read as empty (which could move a table, a category or a variant).
"""

from __future__ import annotations

import re

from mkba.io.build import build_study
from mkba.io.numbers import NumberError, parse_number
from mkba.io.raw import Cell, RawItem, RawReported
from mkba.io.totals import TOTAL_LABEL, check_total
from mkba.io.workbook import Sheet, Workbook, screen, sheets_found
from mkba.issues import IssueLog
from mkba.limits import MAX_YEAR, MIN_YEAR
from mkba.messages import Text
from mkba.schema import BASE_VARIANT, REPORTED_MEASURES, STUDY_FIELDS, Study
from mkba.vocab import normalise_label, vocabulary

__all__ = ["NAME", "detect", "read", "variant_name"]

NAME = "cockpit"
_META_SHEETS = ("uitgangspunten", "algemeen", "algemene gegevens", "kenmerken")
_RESULT_SHEETS = ("resultaten", "samenvatting", "uitkomsten", "resultaat")
_SCENARIO_SHEET = re.compile(r"^(mkba|kasstromen|kasstroomoverzicht)(?![a-z])[\s\-–:_(]*(.*?)"
                             r"[\s)]*$", re.I)
_BASE = {"", "basis", "basisvariant", "basisscenario", "basisalternatief", "hoofdvariant",
         "base", "base case"}
_VARIANT_ROW = re.compile(r"^(variant|scenario|gevoeligheidsanalyse)\s*:\s*(.+)$", re.I)
_KIND_ROW = re.compile(r"^(kosten|baten|opbrengsten|costs|benefits)(?![a-z])", re.I)
_SUMMARY = re.compile(r"^(saldo|netto|ncw|b/k|baten-?\s?kostenverhouding|rendement)", re.I)
_UNITS = ((re.compile(r"x\s*(€|eur|euro)?\s*(1[.,]?000[.,]?000|(1\s*)?(mln|miljoen))", re.I),
           1e6),
          (re.compile(r"x\s*(€|eur|euro)?\s*1[.,]?000(?![.,]?\d)|duizenden euro", re.I), 1e3))
_LABEL_WORDS = {"post", "posten", "categorie", "omschrijving", "toelichting", "kostenpost",
                "batenpost", "effect", "effecten", "item", "category", "description"}
_ACTOR_WORDS = {"actor", "actoren", "partij", "betaler", "ontvanger", "wie"}
_FIELD_ALIASES = {"prijspeil": "price_year", "disconteringsvoet": "discount_rate",
                  "tijdshorizon": "horizon", "startjaar": "first_year",
                  "aantal huishoudens": "households", "bereik": "households", "auteur": "author",
                  "bureau": "author", "opgesteld door": "author", "publicatiejaar": "year"}
_MEASURE_ALIASES = {"cw kosten": "pv_costs", "ncw kosten": "pv_costs", "kosten cw":
                    "pv_costs", "cw baten": "pv_benefits", "ncw baten": "pv_benefits",
                    "baten cw": "pv_benefits", "ncw": "net_pv", "saldo": "net_pv",
                    "netto baten": "net_pv", "b/k": "bcr", "b/k-verhouding": "bcr",
                    "bkv": "bcr", "baten/kosten": "bcr", "baten-kosten ratio": "bcr"}
_ROLE_WORDS = {"laag": "low", "ondergrens": "low", "low": "low", "hoog": "high",
               "bovengrens": "high", "high": "high", "betrouwbaarheid": "level",
               "betrouwbaarheidsniveau": "level", "niveau": "level", "level": "level"}


def _text(v) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _key(v) -> str:
    """A label folded for matching; a bracketed part and a trailing colon are dropped."""
    return normalise_label(re.sub(r"\(.*?\)", " ", str(v)).strip().rstrip(":")) if v else ""


def _num(v):
    """The number in a cell (a float), None when empty, False when it is not a number."""
    try:
        return parse_number(v)
    except NumberError:
        return False


def _year(v) -> int | None:
    n = _num(v)
    return int(n) if isinstance(n, float) and n.is_integer() and MIN_YEAR <= n <= MAX_YEAR \
        else None


def variant_name(text) -> str:
    """The variant a sheet-name remainder or a header names (base-case aliases: 'basis').

    Examples
    --------
    >>> variant_name(" Basisvariant "), variant_name("effect  laag"), variant_name(None)
    ('basis', 'effect laag', 'basis')
    """
    name = " ".join(str(text or "").split())
    return BASE_VARIANT if normalise_label(name) in _BASE else name


def _unit(row) -> float | None:
    for v in row:
        for pattern, factor in _UNITS:
            if isinstance(v, str) and pattern.search(v):
                return factor
    return None


def _sheets(wb: Workbook, names) -> list[Sheet]:
    return [s for n, s in wb.sheets.items() if " ".join(n.lower().split()) in names]


def detect(wb: Workbook) -> bool:
    """True for a workbook with a metadata sheet and at least one MKBA or Kasstromen sheet.

    Examples
    --------
    >>> from mkba.io.workbook import Sheet, Workbook
    >>> s = Sheet("x", ())
    >>> detect(Workbook("m.xlsx", {"Uitgangspunten": s, "MKBA basis": s}))
    True
    >>> detect(Workbook("m.xlsx", {"Uitgangspunten": s, "Blad1": s}))
    False
    """
    return bool(_sheets(wb, _META_SHEETS)) and any(_SCENARIO_SHEET.match(n) for n in wb.sheets)


def _metadata(sheet: Sheet) -> dict[str, Cell]:
    index = dict(_FIELD_ALIASES)
    for f in STUDY_FIELDS:
        index.update({_key(f.nl): f.name, _key(f.en): f.name, f.name: f.name,
                      f.name.replace("_", " "): f.name})
    found: dict[str, Cell] = {}
    for r, row in enumerate(sheet.rows, 1):
        c = 1
        while c <= min(4, len(row)):
            name = index.get(_key(row[c - 1])) if _text(row[c - 1]) else None
            if name is None or name in found:
                c += 1
                continue
            vc = next((k for k in range(c + 1, len(row) + 1) if not _blank(row[k - 1])), c + 1)
            found[name] = Cell(sheet.value(r, vc), sheet.name, r, vc)
            c = vc + 1
    return found


def _header(r: int, row: tuple, yearly: bool) -> dict | None:
    """The columns of a header row, or None when ``row`` is no header row."""
    texts = [(c, _key(v)) for c, v in enumerate(row, 1) if _text(v)]
    totals = [c for c, k in texts if TOTAL_LABEL.match(k)]
    worded = any(k in _LABEL_WORDS | _ACTOR_WORDS or _KIND_ROW.match(k) for _, k in texts)
    if yearly:
        amount = [c for c, v in enumerate(row, 1) if _year(v)]
        ys = [_year(row[c - 1]) for c in amount]
        steps = len(ys) > 1 and all(b - a == 1 for a, b in zip(ys, ys[1:], strict=False))
        if not amount or not (steps or worded or totals):
            return None
        actor = next((c for c, k in texts if k in _ACTOR_WORDS), None)
    else:
        known = [c for c, k in texts if vocabulary("actors").lookup(k)]
        if not known or any(isinstance(_num(v), float) for v in row) or \
                not (len(known) > 1 or totals or worded):
            return None
        amount = [c for i, (c, k) in enumerate(texts) if c not in totals and (
            c >= known[0] or (i and k not in _LABEL_WORDS and not _KIND_ROW.match(k)))]
        actor = None
    first = min(amount)
    return {"row": r, "amount": amount, "totals": [c for c in totals if c > first],
            "labels": list(range(1, first)), "actor": actor}


def _read_sheet(log: IssueLog, sheet: Sheet, variant: str, yearly: bool) -> list[RawItem]:
    """The line items of one MKBA or Kasstromen sheet (see the module description)."""
    items: list[RawItem] = []
    kind = hdr = cat = cat_col = None
    rows: list[int] = []
    sub, factor, name = 0, 1.0, sheet.name
    for r, row in enumerate(sheet.rows, 1):
        texts = [(c, v) for c, v in enumerate(row, 1) if _text(v)]
        first = _key(texts[0][1]) if texts else ""
        if _VARIANT_ROW.match(first):
            variant, kind = variant_name(texts[0][1].split(":", 1)[1]), None
            continue
        header = _header(r, row, yearly)
        numbers = any(isinstance(_num(v), float) for v in row)
        m = _KIND_ROW.match(first)
        if m and (header or not numbers):
            kind = Cell(m.group(1), name, r, texts[0][0])
            rows, sub, cat, cat_col = [], 0, None, None
        if header:
            hdr, cat, cat_col = header, None, None
        if header or (m and not numbers) or kind is None or hdr is None:
            factor = _unit(row) or factor
            continue
        labels = [(c, row[c - 1]) for c in hdr["labels"] if c <= len(row) and _text(row[c - 1])]
        lead = _key(labels[0][1]) if labels else ""
        if TOTAL_LABEL.match(lead):
            part_rows = rows[sub:] if lead.startswith("sub") else rows
            for c in hdr["amount"] + hdr["totals"]:
                check_total(log, sheet, r, c, [(p, c) for p in part_rows])
            sub = len(rows)
            kind = kind if lead.startswith("sub") else None
            continue
        if _SUMMARY.match(lead):
            kind = None
            continue
        actor_col = hdr["actor"] or (labels[-1][0] if yearly and labels else None)
        rest = [(c, v) for c, v in labels if c != actor_col]
        cat_col = cat_col or (rest[0][0] if rest else None)
        if rest and rest[0][0] == cat_col:
            cat, rest = Cell(rest[0][1], name, r, cat_col), rest[1:]
        filled = [c for c in hdr["amount"] if _num(sheet.value(r, c)) is not None]
        if not filled:  # a heading: it may name the category of the rows below
            continue
        for c in hdr["totals"]:
            check_total(log, sheet, r, c, [(r, a) for a in hdr["amount"]])
        rows.append(r)
        desc = " ".join(_text(v) for _, v in rest)
        category = cat or Cell(None, name, r, cat_col or 1)
        for c in filled:
            amount = Cell(sheet.value(r, c), name, r, c).scaled(factor)
            head = Cell(sheet.value(hdr["row"], c), name, hdr["row"], c)
            if yearly:
                actor = Cell(sheet.value(r, actor_col) if actor_col else None, name, r,
                             actor_col or 1)
                items.append(RawItem(variant, kind, category, actor, amount, head, desc))
            else:
                items.append(RawItem(variant, kind, category, head, amount, None, desc))
    return items


def _measure(label) -> tuple[str, str] | None:
    """(measure, role) for a Resultaten row label; role is value, low, high or level."""
    words = _key(label).replace("bandbreedte", " ").split()
    rest = " ".join(w for w in words if w not in _ROLE_WORDS)
    index = {_key(t): m for m, labels in REPORTED_MEASURES.items() for t in (*labels, m)}
    measure = index.get(rest) or _MEASURE_ALIASES.get(rest)
    roles = [_ROLE_WORDS[w] for w in words if w in _ROLE_WORDS]
    return (measure, roles[0] if roles else "value") if measure else None


def _reported(sheet: Sheet, variants: list[str]) -> list[RawReported]:
    known = {normalise_label(s): s for s in variants}
    hits = []
    for r, row in enumerate(sheet.rows, 1):
        lab = next(((c, v) for c, v in enumerate(row[:4], 1) if _text(v)), None)
        if lab and (hit := _measure(lab[1])):
            hits.append((r, lab, hit))
    if not hits:
        return []
    top, col = hits[0][0], hits[0][1][0]
    factor = next((f for rr in range(1, top) if (f := _unit(sheet.row_values(rr)))), 1.0)
    heads = {rr: [(c, v) for c, v in enumerate(sheet.row_values(rr), 1)
                  if c > col and _text(v) and not _unit([v])] for rr in range(top - 1, 0, -1)}
    head = next((rr for rr, cols in heads.items() if cols), None)
    found: dict[tuple[str, str], dict[str, Cell]] = {}
    for r, (lc, label), (measure, role) in hits:
        cols = heads[head] if head else [(next(
            (c for c in range(lc + 1, sheet.max_col + 1) if not _blank(sheet.value(r, c))),
            lc + 1), BASE_VARIANT)]
        for c, scen in cols:
            scen = known.get(normalise_label(variant_name(scen)), variant_name(scen))
            cell = Cell(sheet.value(r, c), sheet.name, r, c)
            if measure != "bcr" and role != "level":
                cell = cell.scaled(_unit([label]) or factor)
            found.setdefault((scen, measure), {}).setdefault(role, cell)
    return [RawReported(s, m, cells.get("value") or Cell(None, sheet.name), cells.get("low"),
                        cells.get("high"), cells.get("level"))
            for (s, m), cells in found.items() if not all(c.empty for c in cells.values())]


def read(wb: Workbook, log: IssueLog) -> Study | None:
    """Read a cockpit workbook (see the module description) into a Study.

    Returns None, with every issue in ``log``, when anything is wrong, including a total that
    disagrees with its parts. :func:`mkba.write.cockpit.write_cockpit` shows a round trip.

    Examples
    --------
    >>> from mkba.io.workbook import Sheet, Workbook
    >>> log = IssueLog("model.xlsx")
    >>> read(Workbook("model.xlsx", {"MKBA basis": Sheet("MKBA basis", ())}), log) is None
    True
    >>> log.issues[0].code
    'missing_sheet'
    """
    before = len(log)
    meta = _sheets(wb, _META_SHEETS)
    if not meta:
        log.add("missing_sheet", Text("het cockpitmodel heeft geen blad met de uitgangspunten "
                                      "van de studie", "the cockpit model has no sheet with the "
                                      "study's starting points"),
                found=sheets_found(wb), expected=Text("een blad 'Uitgangspunten'",
                                                      "a sheet 'Uitgangspunten'"))
        return None
    read = [meta[0], *(s for s in wb.sheets.values() if _SCENARIO_SHEET.match(s.name.strip())),
            *_sheets(wb, _RESULT_SHEETS)]
    clean = True
    for sheet in {id(s): s for s in read}.values():
        clean = screen(log, sheet) and clean
    if not clean:
        return None
    blocks = []
    for sheet in wb.sheets.values():
        if m := _SCENARIO_SHEET.match(sheet.name.strip()):
            yearly = m.group(1).lower() != "mkba"
            blocks.append((yearly, _read_sheet(log, sheet, variant_name(m.group(2)), yearly)))
    with_flows = {it.variant for yearly, its in blocks if yearly for it in its}
    items = [it for yearly, its in blocks for it in its if yearly or it.variant not in with_flows]
    variants = list(dict.fromkeys(it.variant for it in items))
    reported = [f for s in _sheets(wb, _RESULT_SHEETS) for f in _reported(s, variants)]
    study = build_study(wb, log, meta=_metadata(meta[0]), items=items, reported=reported,
                        layout=NAME, meta_sheet=meta[0].name)
    return study if len(log) == before else None
