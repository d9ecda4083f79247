"""The "mapping" layout: a TOML file that says where each field sits in any other workbook.

A workbook ``name.xlsx`` with a file ``name.mapping.toml`` beside it is read through that file
(:func:`sidecar`), so a new layout needs no code. The format::

    # name.mapping.toml
    labels_file = "labels.toml"     # optional: own labels shared by several mappings
    sign = "positive"               # optional, the default; or "costs negative"

    [study]                         # metadata: a literal value or a cell reference "=Sheet!A1"
    id = "veldhove-2014"
    title = "=Voorblad!B2"
    municipality = "='Gegevens studie'!C4"   # quote sheet names with spaces as in Excel
    discount_rate = 0.055
    illustrative = true

    [labels]                        # optional: the workbook's own wording -> a code, label or
    "Minder jeugdzorg" = "jeugdzorg"          # synonym of the kinds, categories or actors
    "Zorgverz." = "zorgverzekeraar"

    [[items]]                       # a block of line items; repeat for every block
    sheet = "Kosten"
    kind = "kosten"                 # fixed, or kind_column = "A"; none: the sign tells
    category_column = "A"           # or category = "Inzet team" (fixed)
    actor_column = "B"              # or actor = "Gemeente" (fixed)
    description_column = "C"        # optional
    variant = "basis"               # optional, default "basis" (older name: scenario)
    first_row = 5
    last_row = 12                   # or "until empty" (the default)
    header_row = 4                  # the row holding the years of the year columns
    year_columns = "D:K"            # yearly flows; or value_column = "D" for present values
    multiplier = 1000               # optional: the amounts are in thousands of euros
    sign = "costs negative"         # optional: this block's sign rule (wins over the top level)

    [[items]]                       # a table of present values as it is: effects x actors
    sheet = "MKBA"
    category_column = "A"
    header_row = 3                  # the row of actor labels above the value columns
    actor_columns = "B:E"           # one value column per actor; or category_columns
    first_row = 4
    sign = "costs negative"
    multiplier = 1000

    [[reported]]                    # a headline figure as the study reports it
    measure = "bcr"                 # pv_costs, pv_benefits, net_pv or bcr
    variant = "basis"               # optional
    value = "=Samenvatting!C8"      # a cell reference, or a number
    low = "=Samenvatting!C9"        # optional, as are high, level and multiplier
    high = "=Samenvatting!C10"

    [[headlines]]                   # a published headline figure, kept as published
    measure = "bcr"                 # a code of mkba.headlines.HEADLINE_MEASURES (or its label)
    value = "=Samenvatting!C12"     # a cell reference, or a number; low and high for a range
    bound = "upper"                 # estimate, lower, upper or range
    perspective = "society"         # society, municipality or unknown
    status = "verified"             # verified, inferred; not_found for a block without figure
    source = "https://example.org/rapport.pdf, p. 12"
    # optional: period (present_value, per_year, total: for amounts), price_year, rate, note

Keys of ``[study]`` are the field names of :data:`~mkba.schema.STUDY_FIELDS`. A text starting
with ``=`` is a cell reference in A1 style; anything else is a literal.

**Own labels.** ``[labels]`` maps the workbook's own wording (matched as
:func:`mkba.vocab.normalise_label` folds it) to a code, label or synonym of the vocabularies of
kinds, categories and actors; ``labels_file`` names a TOML file (relative to the mapping file)
whose ``[labels]`` table several mappings share, and the mapping's own ``[labels]`` override
it. Labels apply to cells read from columns, to header cells and to fixed values. Each target
is checked (:mod:`mkba.io.mapping_labels`). The study keeps its own wording: the category and
actor labels are the cells' texts, and a block without ``description_column`` takes the
category's own wording as the description.

**Rows.** With ``"until empty"`` a block ends at the first row whose category cell is empty
(in a ``category_columns`` block: whose actor cell; with a fixed value: whose amount cells are
all empty). Rows without any amount are skipped. A ``header_row`` among the block's own rows
(from ``first_row`` to ``last_row``, or equal to ``first_row``) is a mapping error; a row whose
amounts look like consecutive calendar years (1990-2100, at least two) is an issue, as is a
year header that is not a year.

**Signs.** With ``sign = "positive"`` (the default) every amount is 0 or more and a block needs
``kind`` or ``kind_column``. With ``sign = "costs negative"`` costs are shown as negative
amounts: in a block without a kind, an amount below 0 is a cost of its absolute value, above 0
a benefit, and 0 is skipped; in a block with a kind, a cost must be 0 or below (read as its
absolute value) and a benefit 0 or above. A block's own ``sign`` wins over the top-level one.

**Headlines.** ``[[headlines]]`` blocks are checked as the rows of a register and of the
template's sheet Kopcijfers (:func:`mkba.io.headline_checks.check_figure`); every key may be a
literal or a cell reference. A mapping with ``[[headlines]]`` and no ``[[items]]`` describes a
study known only by its headlines (:class:`~mkba.headlines.PublishedStudy`; of ``[study]`` only
``id``, ``municipality`` and ``approach_name`` are then needed); with ``[[items]]`` too, the
figures are kept beside the recomputed study (see :func:`read_parts`).

**Multipliers.** ``multiplier`` is a positive number, written without quotes: 1000 for amounts
in thousands of euros, 1000000 for millions. In ``[[reported]]`` it scales every measure but a
ratio (``bcr``), which takes no multiplier.

**Tables.** ``actor_columns`` (with ``header_row``) reads a table whose header row holds actor
labels, one value column each: each cell is a present value of the row's category (from
``category_column`` or ``category``) for the column's actor; it takes no ``actor`` or
``actor_column``, and no ``year_columns`` or ``value_column``. ``category_columns`` is the same
with category labels in the header row and the actor from ``actor_column`` or ``actor``.

**Totals.** In a table block, a column headed ``Totaal`` or ``Total`` is a total column: not
read, but checked against the sum of the block's other columns in its row. A row whose label
starts with ``Totaal`` or ``Subtotaal`` is not read either: a ``Subtotaal`` row is checked
against the sum of the rows above it since the previous total or subtotal row, a ``Totaal`` row
against the rows since the previous ``Totaal`` row (subtotals not counted twice). In other
blocks such rows are skipped. A total that
differs from its parts by more than rounding is a ``reported_mismatch`` issue at its cell (the
rule of :mod:`mkba.io.totals`, as in the cockpit layout).

A mapping that cannot be used (unreadable, TOML syntax or nesting, an unknown key, a missing or
ill-typed key, a cell reference or column that is not A1 style or lies beyond the bounds of
:mod:`mkba.limits`, a label whose target is unknown) gives a ``mapping_error`` issue whose
message, in Dutch and English, names the mapping file, the key and, where it can be found, the
line; a sheet that does not exist gives ``missing_sheet``. Blocks are read only as far as the
sheet has rows and columns. The cells read are screened (:func:`mkba.io.workbook.screen`);
values are checked by :func:`mkba.io.build.build_study`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from mkba.headlines import PublishedStudy
from mkba.io.build import build_study
from mkba.io.headline_checks import FIGURE_ROLES
from mkba.io.mapping_blocks import parse_block, top_sign
from mkba.io.mapping_file import MappingFile, key_name
from mkba.io.mapping_labels import read_labels
from mkba.io.mapping_rows import locate, raw_items
from mkba.io.published import beside_study, check_headlines, headlines_only
from mkba.io.raw import Cell, RawHeadline, RawReported
from mkba.io.source_file import SourceFileError, read_toml
from mkba.io.workbook import Workbook
from mkba.issues import IssueLog
from mkba.limits import MAX_TEXT_FILE_BYTES
from mkba.messages import Text
from mkba.schema import BASE_VARIANT, FIELDS_BY_NAME, REPORTED_MEASURES, Study
from mkba.vocab import normalise_label

__all__ = ["NAME", "detect", "sidecar", "read", "read_parts", "SUFFIX"]

NAME = "mapping"
#: What follows the workbook's stem in the name of its mapping file.
SUFFIX = ".mapping.toml"
_TABLES = {"study": "table", "items": "array", "reported": "array", "headlines": "array",
           "labels": "table"}
_TOP_KEYS = {*_TABLES, "labels_file", "sign"}
_REPORTED_KEYS = {"measure", "variant", "scenario", "value", "low", "high", "level", "multiplier"}


def sidecar(path: str | Path) -> Path | None:
    """The mapping file ``<stem>.mapping.toml`` beside a workbook, or None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> sidecar(folder / "studie.xlsx") is None
    True
    >>> _ = (folder / "studie.mapping.toml").write_text("[study]")
    >>> sidecar(folder / "studie.xlsx").name
    'studie.mapping.toml'
    """
    candidate = Path(path).with_name(Path(path).stem + SUFFIX)
    # exists, not is_file: a pipe or folder of that name is reported, not silently passed over
    return candidate if candidate.exists() or candidate.is_symlink() else None


def detect(wb: Workbook) -> bool:
    """Always False: a mapping is found beside the workbook (:func:`sidecar`), not in it.

    Examples
    --------
    >>> detect(Workbook("x.xlsx"))
    False
    """
    return False


def _reported(m: MappingFile, i: int, fig: dict) -> RawReported | None:
    where = ("reported", i, None)
    m.keys(where, fig, _REPORTED_KEYS)
    before = m.errors
    measure = fig.get("measure")
    if measure not in REPORTED_MEASURES:
        m.error(("reported", i, "measure"), Text("onbekende maat {measure!r}",
                                                 "unknown measure {measure!r}", measure=measure),
                found=measure, expected=Text("een van: {names}", "one of {names}",
                                             names=list(REPORTED_MEASURES)))
    if "value" not in fig:
        m.missing(where, "value", Text("value = \"=Blad1!C8\"", "value = \"=Blad1!C8\""))
    factor = 1
    if "multiplier" in fig:
        factor = m.multiplier(("reported", i, "multiplier"), fig["multiplier"])
        if measure == "bcr" and factor is not None:
            m.error(("reported", i, "multiplier"), Text(
                "een baten-kostenverhouding (bcr) is een verhouding en wordt niet "
                "vermenigvuldigd: laat multiplier weg",
                "a benefit-cost ratio (bcr) is a ratio and is not scaled: leave out "
                "multiplier"), found=fig["multiplier"],
                expected=Text("geen multiplier bij measure = \"bcr\"",
                              "no multiplier with measure = \"bcr\""))
    cells = {k: m.cell(("reported", i, k), fig[k], numeric=True)
             for k in ("value", "low", "high", "level") if k in fig}
    key = "scenario" if "scenario" in fig and "variant" not in fig else "variant"
    variant = m.text(("reported", i, key), fig.get(key, BASE_VARIANT))  # the older name
    if m.errors > before:
        return None
    if measure != "bcr":
        cells.update({k: c.scaled(factor) for k, c in cells.items() if k != "level"})
    return RawReported(variant, measure, cells["value"], cells.get("low"), cells.get("high"),
                       cells.get("level"))


def _headline(m: MappingFile, i: int, block: dict) -> RawHeadline | None:
    m.keys(("headlines", i, None), block, FIGURE_ROLES)
    before = m.errors
    cells = {key: m.cell(("headlines", i, key), block[key]) for key in FIGURE_ROLES
             if key in block}
    if m.errors > before:
        return None
    return RawHeadline(cells, {key: m.place(("headlines", i, key)) for key in FIGURE_ROLES},
                       codes=True, columns=False,
                       missing=Cell(None, f"{m.path.name}:{key_name('headlines', i)}"))


def _study(m: MappingFile, table: dict) -> dict:
    meta = {}
    for key, value in table.items():
        if key not in FIELDS_BY_NAME:
            close = difflib.get_close_matches(normalise_label(key), list(FIELDS_BY_NAME), n=1)
            m.error(("study", None, key), Text(
                "onbekend veld van de studie" + ("; bedoelt u {close!r}?" if close else ""),
                "unknown study field" + ("; did you mean {close!r}?" if close else ""),
                close=close[0] if close else None), found=key,
                expected=Text("een veldnaam van mkba.schema.STUDY_FIELDS",
                              "a field name of mkba.schema.STUDY_FIELDS"))
        elif (cell := m.cell(("study", None, key), value)) is not None:
            meta[key] = cell
    return meta


def _shapes(m: MappingFile, data: dict) -> None:
    """Tables written as arrays of tables (or the other way round) are mapping errors."""
    for table, shape in _TABLES.items():
        value = data.get(table, {} if shape == "table" else [])
        if (shape == "table") != isinstance(value, dict) or shape == "array" and not all(
                isinstance(v, dict) for v in value):
            m.error((table, None, None), Text(
                "moet geschreven worden als [{t}]", "must be written as [{t}]", t=table)
                if shape == "table" else Text(
                "moet geschreven worden als [[{t}]]-blokken", "must be written as [[{t}]] "
                "blocks", t=table))
            data[table] = {} if shape == "table" else []


def read(wb: Workbook, log: IssueLog, *, mapping: Path) -> Study | None:
    """Read a workbook as the TOML file ``mapping`` describes (see the module description).

    Returns None, with every issue in ``log``, when the mapping or the workbook has problems,
    and without an issue when it describes only headline figures (see :func:`read_parts`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.io.workbook import Sheet
    >>> toml = pathlib.Path(tempfile.mkdtemp()) / "x.mapping.toml"
    >>> _ = toml.write_text('[study]\\ntitle = "=Blad1!C4"\\n[[items]]\\nsheet = "Kosten"\\n')
    >>> log = IssueLog("x.xlsx")
    >>> read(Workbook("x.xlsx", {"Blad1": Sheet("Blad1", ())}), log, mapping=toml) is None
    True
    >>> print(log.issues[0].format())
    x.xlsx!Kosten: [missing_sheet] x.mapping.toml, items[1].sheet (regel 4): de werkmap heeft geen blad 'Kosten'
        gevonden: bladen: Blad1; verwacht: een van de bladen van de werkmap
    >>> print(log.issues[0].format("en"))
    x.xlsx!Kosten: [missing_sheet] x.mapping.toml, items[1].sheet (line 4): the workbook has no sheet 'Kosten'
        found: sheets: Blad1; expected: one of the workbook's sheets
    >>> log.issues[1].message.en
    'x.mapping.toml, items[1] (line 3): missing key: kind or kind_column; when costs are shown as negative amounts and benefits as positive ones, write sign = "costs negative"'
    """  # noqa: E501
    return read_parts(wb, log, mapping=mapping)[0]


def read_parts(wb: Workbook, log: IssueLog, *,
               mapping: Path) -> tuple[Study | None, PublishedStudy | None]:
    """Read a workbook as ``mapping`` describes: its study to recompute (``[[items]]``) and its
    published headline figures (``[[headlines]]``), as :func:`mkba.io.template.read_parts`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mkba.io.workbook import Sheet
    >>> toml = pathlib.Path(tempfile.mkdtemp()) / "x.mapping.toml"
    >>> _ = toml.write_text(
    ...     '[study]\\nid = "x-2014"\\nmunicipality = "X"\\napproach_name = "Wijkteam"\\n'
    ...     '[[headlines]]\\nmeasure = "bcr"\\nvalue = "=Blad1!B2"\\nbound = "lower"\\n'
    ...     'perspective = "society"\\nstatus = "verified"\\nsource = "rapport, p. 3"\\n')
    >>> log = IssueLog("x.xlsx")
    >>> wb = Workbook("x.xlsx", {"Blad1": Sheet("Blad1", ((None, None), ("bkv", "1,9")))})
    >>> study, published = read_parts(wb, log, mapping=toml)
    >>> study, published.id, published.headlines[0].value, log.issues
    (None, 'x-2014', 1.9, [])
    """
    mapping = Path(mapping)
    try:
        text, data = read_toml(mapping, max_bytes=MAX_TEXT_FILE_BYTES, expected=Text(
            "een TOML-bestand {path}", "a TOML file {path}", path=str(mapping)))
    except SourceFileError as exc:
        reading = exc.unreadable
        log.add("mapping_error", Text(
            "{file}: kan het mappingbestand niet lezen: {detail}" if reading else
            "{file}: {detail}", "{file}: cannot read the mapping file: {detail}" if reading else
            "{file}: {detail}", file=mapping.name, detail=exc.message),
            found=exc.found, expected=Text("TOML zoals beschreven in docs/mapping.md",
                                           "TOML as described in docs/mapping.md"))
        return None, None
    m = MappingFile(wb, log, mapping, text)
    m.keys(("", None, None), data, _TOP_KEYS)
    _shapes(m, data)
    labels = read_labels(m, data)
    sign = top_sign(m, data)
    meta = _study(m, data.get("study", {}))
    blocks = [parse_block(m, i, b, sign) for i, b in enumerate(data.get("items", []), 1)]
    if not data.get("items") and not data.get("headlines"):
        m.error(("", None, None), Text("geen [[items]]-blokken", "no [[items]] blocks"),
                expected=Text("minstens één [[items]]-blok, of alleen [[headlines]]-blokken",
                              "at least one [[items]] block, or only [[headlines]] blocks"))
    reported = [_reported(m, i, f) for i, f in enumerate(data.get("reported", []), 1)]
    headlines = [_headline(m, i, h) for i, h in enumerate(data.get("headlines", []), 1)]
    if m.errors:
        return None, None
    located = [locate(m, b) for b in blocks]
    if not m.screen():
        return None, None
    before = len(log)
    if not blocks:
        return headlines_only(wb, log, meta, headlines, meta_sheet=mapping.name,
                              layout=NAME, before=before)
    items = [it for loc in located for it in raw_items(m, loc, labels)]
    if len(log) == before:
        study = build_study(wb, log, meta=meta, items=items,
                            reported=[r for r in reported if r], layout=NAME,
                            meta_sheet=mapping.name, labels=labels)
        return beside_study(log, study, headlines, file=wb.name, before=before)
    # Problems only the mapping sees (year headers, signs, totals) hold back their amounts: a
    # variant left without costs or benefits by that, or a headline figure of such a variant,
    # is not reported as well (build_study names these at the mapping, without a cell).
    mark = len(log.issues)
    build_study(wb, log, meta=meta, items=items, reported=[r for r in reported if r],
                layout=NAME, meta_sheet=mapping.name, labels=labels)
    log.issues[mark:] = [i for i in log.issues[mark:] if not (
        i.code in ("no_line_items", "invalid_value") and i.sheet == mapping.name
        and i.cell is None)]
    check_headlines(log, headlines)
    return None, None
