"""What a layout reader hands to :func:`mkba.io.build.build_study`: values as found, unchecked.

A :class:`Cell` is a value with the sheet and position it came from (for provenance and for
issues that name the cell); a :class:`RawItem` is one amount of one line item with its labels;
a :class:`RawReported` is a headline figure as the study reports it, to be checked against its
line items; a :class:`RawHeadline` a published headline figure kept as published. There is one
:class:`RawItem` per amount (two million for a large study), so these classes use slots.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from mkba.io.numbers import NumberError, parse_number
from mkba.io.workbook import cell_ref

__all__ = ["Cell", "RawItem", "RawReported", "RawHeadline"]


@dataclass(frozen=True, slots=True)
class Cell:
    """A value as found in a sheet, with its 1-based position (row 0 = not from a cell)."""

    value: object
    sheet: str
    row: int = 0
    col: int = 0

    @property
    def ref(self) -> str | None:
        """A1 reference, or None for values that did not come from a cell."""
        return cell_ref(self.row, self.col) if self.row and self.col else None

    @property
    def empty(self) -> bool:
        """True for None and blank text."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def scaled(self, factor: float) -> Cell:
        """This cell with its number times ``factor``, the unit a sheet states for its amounts
        ('bedragen x € 1.000'). Unchanged when ``factor`` is 1, when the value is no number,
        and when a text names its own scale ('1,2 mln' is not scaled again).

        Examples
        --------
        >>> Cell("1,5", "MKBA", 3, 2).scaled(1000).value, Cell("1,2 mln", "MKBA").scaled(1000).value
        (1500.0, '1,2 mln')
        """
        try:
            number = parse_number(self.value) if factor != 1 else None
        except NumberError:
            return self
        own_scale = isinstance(self.value, str) and re.search(
            r"[a-z]", re.sub(r"euro?", "", self.value.lower()))
        if number is None or own_scale:
            return self
        return Cell(round(number * factor, 6), self.sheet, self.row, self.col)


@dataclass(frozen=True, slots=True)
class RawItem:
    """One amount of one line item as found: labels, the year header (None for a present
    value) and the amount cell."""

    variant: str
    kind: Cell
    category: Cell
    actor: Cell
    amount: Cell
    year: Cell | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class RawReported:
    """A reported headline figure as found."""

    variant: str
    measure: str
    value: Cell
    low: Cell | None = None
    high: Cell | None = None
    level: Cell | None = None


@dataclass(frozen=True)
class RawHeadline:
    """A published headline figure as found (checked by :mod:`mkba.io.headline_checks`).

    Attributes
    ----------
    cells : mapping of str to Cell
        A cell per role of :data:`~mkba.io.headline_checks.FIGURE_ROLES` the layout has.
    names : mapping of str to str or Text
        The name of each role's column, or the place of its key in a mapping file, in messages.
    codes : bool
        Whether messages list the allowed values as codes (else as the template's labels).
    columns : bool
        Whether ``names`` are columns (a message says "kolom Waarde: ...") or places of keys
        (a message starts with the place).
    missing : Cell or None
        Where an issue about a role without a cell points (the row, the block).
    """

    cells: Mapping[str, Cell]
    names: Mapping[str, object]
    codes: bool = False
    columns: bool = True
    missing: Cell | None = None
