"""The ``[[items]]`` blocks of a mapping file: their keys checked, as a :class:`Block`.

Which keys a block takes, and which go together, is described in :mod:`mkba.io.mapping`; how a
block's rows are read is :mod:`mkba.io.mapping_rows`. Every problem here is a ``mapping_error``
naming the key (``items[2].header_row``) and its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkba.io.mapping_file import POSITIVE, MappingFile
from mkba.messages import Text
from mkba.schema import BASE_VARIANT

__all__ = ["ITEM_KEYS", "Block", "parse_block", "top_sign"]

#: The keys of an ``[[items]]`` block ("scenario" is the older name of "variant").
ITEM_KEYS = frozenset({
    "sheet", "kind", "kind_column", "category", "category_column", "actor", "actor_column",
    "description_column", "variant", "scenario", "first_row", "last_row", "header_row",
    "year_columns", "value_column", "actor_columns", "category_columns", "multiplier", "sign"})

#: A table block reads its labels of one kind from the header row: key -> the keys it replaces.
_TABLES = {"actor_columns": ("actor", "actor_column"),
           "category_columns": ("category", "category_column")}


@dataclass(frozen=True)
class Block:
    """One ``[[items]]`` block, checked.

    ``kind``, ``category`` and ``actor`` are ``("fixed", text)``, ``("column", col)`` or None
    (the kind follows the sign; the category or actor comes from the header row of a table
    block). ``table`` is ``"actor"`` or ``"category"`` for a block of ``actor_columns`` or
    ``category_columns``, else None; ``columns`` are the amount columns (year columns, the value
    column, or the table's columns).
    """

    index: int
    sheet: str
    variant: str
    kind: tuple | None
    category: tuple | None
    actor: tuple | None
    description: int | None
    first: int
    last: int | str
    header: int | None
    columns: tuple[int, ...]
    table: str | None
    factor: float
    sign: str
    own_sign: bool

    @property
    def yearly(self) -> bool:
        """True for a block of yearly flows (year columns under a header row of years)."""
        return self.header is not None and self.table is None


def _columns(m: MappingFile, i: int, block: dict, table: str | None):
    """The amount columns and the header row of a block, from its column keys."""
    where = ("items", i, None)
    if table is not None:
        key = f"{table}_columns"
        for other in (*_TABLES[key], "year_columns", "value_column"):
            if other in block:
                m.error(("items", i, other), Text(
                    "{key} leest de {what} uit de kopregel: laat {other} weg",
                    "{key} reads the {what} from the header row: leave out {other}",
                    key=key, other=other, what=Text("actoren", "actors") if table == "actor"
                    else Text("categorieën", "categories")))
        cols = m.columns(("items", i, key), block[key])
        header = m.number(("items", i, "header_row"), block.get("header_row"))
        return cols, header
    if ("year_columns" in block) == ("value_column" in block):
        m.error(where, Text("geef year_columns (met header_row), value_column, actor_columns "
                            "of category_columns",
                            "give either year_columns (with header_row) or value_column (or "
                            "actor_columns or category_columns)"))
        return None, None
    if "year_columns" in block:
        cols = m.columns(("items", i, "year_columns"), block["year_columns"])
        return cols, m.number(("items", i, "header_row"), block.get("header_row"))
    col = m.column(("items", i, "value_column"), block["value_column"])
    return ([col] if col else None), None


def _header_inside(m: MappingFile, i: int, header, first, last) -> None:
    """A header row among the block's own rows would be read as amounts: a mapping error."""
    if not all(isinstance(v, int) for v in (header, first)):
        return
    if header == first or (isinstance(last, int) and first <= header <= last):
        line = m.line("items", i, "first_row")
        m.error(("items", i, "header_row"), Text(
            "de kopregel {header} ligt binnen de rijen van het blok (first_row = {first}"
            + (", regel {line}" if line else "") + "): de kopregel zou als bedragen worden "
            "gelezen", "the header row {header} lies inside the block's rows (first_row = "
            "{first}" + (", line {line}" if line else "") + "): it would be read as amounts",
            header=header, first=first, line=line), found=header,
            expected=Text("een kopregel boven de bedragen, bijvoorbeeld first_row = {next} bij "
                          "header_row = {header}", "a header row above the amounts, e.g. "
                          "first_row = {next} with header_row = {header}",
                          next=header + 1, header=header))


def parse_block(m: MappingFile, i: int, block: dict, sign: str) -> Block | None:
    """Check the ``i``-th (1-based) ``[[items]]`` block; None when it has a mapping error.

    ``sign`` is the mapping's top-level sign rule, which the block's own ``sign`` overrides.
    """
    where = ("items", i, None)
    m.keys(where, block, ITEM_KEYS)
    before = m.errors
    sheet = m.sheet(("items", i, "sheet"), block["sheet"]) if "sheet" in block else \
        m.missing(where, "sheet", Text("de naam van een blad, zoals sheet = \"Kosten\"",
                                       "the name of a sheet, such as sheet = \"Kosten\""))
    own_sign = "sign" in block
    if own_sign:
        checked = m.sign(("items", i, "sign"), block["sign"])
        sign = checked or sign
    tables = [key for key in _TABLES if key in block]
    if len(tables) > 1:
        m.error(("items", i, tables[1]), Text(
            "geef actor_columns of category_columns, niet allebei",
            "give either actor_columns or category_columns, not both"))
    table = tables[0].removesuffix("_columns") if tables else None
    kind = m.one_of(where, block, "kind", "kind_column", required=False)
    if "kind" not in block and "kind_column" not in block and sign == POSITIVE and not (
            own_sign and checked is None):
        m.error(where, Text(
            "sleutel ontbreekt: kind of kind_column; staan de kosten als negatieve bedragen "
            "en de baten als positieve, schrijf dan sign = \"costs negative\"",
            "missing key: kind or kind_column; when costs are shown as negative amounts and "
            "benefits as positive ones, write sign = \"costs negative\""),
            expected=Text("kind = \"kosten\", kind_column = \"A\" of sign = \"costs negative\"",
                          "kind = \"kosten\", kind_column = \"A\" or sign = \"costs negative\""))
    category = m.one_of(where, block, "category", "category_column",
                        required=table != "category") if table != "category" else None
    actor = m.one_of(where, block, "actor", "actor_column",
                     required=table != "actor") if table != "actor" else None
    description = m.column(("items", i, "description_column"), block["description_column"]) \
        if "description_column" in block else None
    first = m.number(("items", i, "first_row"), block.get("first_row"))
    last = m.number(("items", i, "last_row"), block.get("last_row", "until empty"),
                    allow=("until empty",))
    if isinstance(first, int) and isinstance(last, int) and last < first:
        m.error(("items", i, "last_row"), Text(
            "last_row {last} komt vóór first_row {first}", "last_row {last} comes before "
            "first_row {first}", last=last, first=first), found=last,
            expected=Text("een rij vanaf {first}", "a row from {first} on", first=first))
    key = "scenario" if "scenario" in block and "variant" not in block else "variant"
    variant = m.text(("items", i, key), block.get(key, BASE_VARIANT))
    factor = m.multiplier(("items", i, "multiplier"), block.get("multiplier", 1))
    cols, header = _columns(m, i, block, table)
    _header_inside(m, i, header, first, last)
    if m.errors > before:
        return None
    return Block(i, sheet, variant, kind, category, actor, description, first, last, header,
                 tuple(cols), table, factor, sign, own_sign)


def top_sign(m: MappingFile, data: dict) -> str:
    """The mapping's top-level sign rule (``positive`` when absent or wrong)."""
    if "sign" not in data:
        return POSITIVE
    return m.sign(("", None, "sign"), data["sign"]) or POSITIVE

