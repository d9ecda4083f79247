"""Totals in a sheet, checked against their parts: one rule for every layout that meets them.

A row whose label starts with ``Totaal``, ``Subtotaal``, ``Totalen``, ``Total`` or ``Som`` is a
total row, and a column headed so is a total column (:func:`is_total`). A total is not read as a
line item: it is checked. It may differ from the sum of its parts by rounding only: half a unit
of the sheet per part, or 0.1% of the sum, whichever is larger (:func:`tolerance`); beyond that
it is a ``reported_mismatch`` issue at the total's cell (:func:`check_total`). Amounts are
compared as the sheet shows them, before any multiplier, since the sheet rounds in its own unit.
"""

from __future__ import annotations

import re

from mkba.io.numbers import NumberError, parse_number, plain_number
from mkba.io.workbook import Sheet, cell_ref
from mkba.issues import IssueLog
from mkba.messages import Text

__all__ = ["TOTAL_LABEL", "is_total", "is_subtotal", "tolerance", "check_total"]

#: A label that marks a total row or column (case ignored).
TOTAL_LABEL = re.compile(r"^\s*(sub)?(totaal|totalen|total|som)(?![a-z])", re.I)


def is_total(value) -> bool:
    """True for a text that labels a total.

    Examples
    --------
    >>> is_total("Totaal baten"), is_total("Subtotaal"), is_total("Totale zorg"), is_total(3)
    (True, True, False, False)
    """
    return isinstance(value, str) and bool(TOTAL_LABEL.match(value))


def is_subtotal(value) -> bool:
    """True for a text that labels a subtotal (``Subtotaal ...``).

    Examples
    --------
    >>> is_subtotal("Subtotaal kosten"), is_subtotal("Totaal")
    (True, False)
    """
    match = TOTAL_LABEL.match(value) if isinstance(value, str) else None
    return bool(match and match.group(1))


def tolerance(parts: int, total: float) -> float:
    """The largest difference between a total and the sum of its ``parts`` amounts that is
    rounding: half a unit per part, or 0.1% of the sum, whichever is larger.

    Examples
    --------
    >>> tolerance(3, 100.0), tolerance(2, 10_000.0)
    (1.5, 10.0)
    """
    return max(0.5 * parts, 1e-3 * abs(total), 1e-9)


def _number(value):
    try:
        return parse_number(value)
    except NumberError:
        return False


def check_total(log: IssueLog, sheet: Sheet, row: int, col: int,
                parts: list[tuple[int, int]], *, place: Text | None = None) -> bool:
    """Check the total at (``row``, ``col``) against the sum of the cells ``parts``.

    A total or a part that is not a number is not checked (it is reported where it is read);
    empty parts count as nothing.

    Parameters
    ----------
    log : IssueLog
        Receives a ``reported_mismatch`` issue at the total's cell when it does not add up.
    sheet : Sheet
    row, col : int
        The total's cell (1-based).
    parts : list of (row, col)
        The cells it totals.
    place : Text, optional
        Put before the message (a mapping file names its key and line).

    Returns
    -------
    bool
        False when the total does not add up.

    Examples
    --------
    >>> sheet = Sheet("MKBA", ((-150, 80, -70), (10, 20, 40)))
    >>> log = IssueLog("m.xlsx")
    >>> check_total(log, sheet, 1, 3, [(1, 1), (1, 2)]), check_total(log, sheet, 2, 3,
    ...                                                              [(2, 1), (2, 2)])
    (True, False)
    >>> print(log.issues[0].format("en"))
    m.xlsx!MKBA!C2: [reported_mismatch] this total (40) differs from the sum of the amounts to its left (30)
        found: 40; expected: 30 (the sum of its parts, up to rounding)
    >>> log.issues[0].message.nl
    'dit totaal (40) wijkt af van de som van de bedragen links ervan (30)'
    """  # noqa: E501
    total = _number(sheet.value(row, col))
    values = [_number(sheet.value(*rc)) for rc in parts]
    if not isinstance(total, float) or any(v is False for v in values):
        return True
    found = sum(v for v in values if v is not None)
    if abs(total - found) <= tolerance(sum(v is not None for v in values), found):
        return True
    left = all(r == row for r, _ in parts)
    message = Text(
        "dit totaal ({total}) wijkt af van de som van de bedragen {where} ({sum})",
        "this total ({total}) differs from the sum of the amounts {where} ({sum})",
        total=plain_number(total), sum=plain_number(round(found, 9)),
        where=Text("links ervan", "to its left") if left else Text("erboven", "above it"))
    if place is not None:
        message = Text("{place}: {message}", "{place}: {message}", place=place, message=message)
    log.add("reported_mismatch", message, sheet=sheet.name, cell=cell_ref(row, col),
            found=plain_number(total),
            expected=Text("{sum} (de som van de delen, op afronding na)",
                          "{sum} (the sum of its parts, up to rounding)",
                          sum=plain_number(round(found, 9))))
    return False
