"""Read numbers as Dutch spreadsheets write them, and refuse to guess.

Numeric cells are taken as they are. Text cells are parsed where the reading is unambiguous:
``"€ 1.234.567,89"``, ``"1,2 mln"``, ``"12%"``, ``"(1.500,00)"`` (negative), ``"-"`` (empty).
Where a text could mean two numbers (``"1.234"`` is 1234 in Dutch and 1.234 in English;
``"1,234"`` the other way round) it is reported as ambiguous, never guessed.
"""

from __future__ import annotations

import math
import re

from mkba.errors import MkbaError
from mkba.messages import Text

__all__ = ["NumberError", "parse_number", "plain_number", "EMPTY_MARKERS"]

#: Texts that mean "no value" in a number cell.
EMPTY_MARKERS = frozenset({"", "-", "–", "—", "--", "n.v.t.", "nvt", "n.v.t", "n/a", "na"})

_SCALES = {
    "mld": 1e9, "mrd": 1e9, "miljard": 1e9, "bn": 1e9,
    "mln": 1e6, "mio": 1e6, "miljoen": 1e6, "m": 1e6, "mn": 1e6,
    "k": 1e3, "dzd": 1e3, "duizend": 1e3,
}
_SCALE_RE = re.compile(r"^(.*?)\s*(" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")\.?$")
_CURRENCY_RE = re.compile(r"(€|eur\b|euro\b)", re.IGNORECASE)
_DIGITS_RE = re.compile(r"^\d+([.,]\d+)*$")


class NumberError(MkbaError, ValueError):
    """A text that is not a number (``code == "not_a_number"``) or is ambiguous
    (``code == "ambiguous_number"``).

    Parameters
    ----------
    code : str
        The issue code.
    message : Text
        Why, in Dutch and English (``str(error)`` is Dutch, ``error.render("en")`` English;
        ``error.message`` is the :class:`~mkba.messages.Text`).
    """

    def __init__(self, code: str, message: Text):
        super().__init__(message)
        self.code, self.message = code, message


def _not_a_number(original) -> NumberError:
    return NumberError("not_a_number", Text("{v} is geen getal", "{v} is not a number",
                                            v=_short(original)))


def _misplaced(original: str) -> NumberError:
    return NumberError("not_a_number", Text("{v} heeft scheidingstekens op de verkeerde plaats",
                                            "{v} has misplaced separators", v=_short(original)))


def _plain(body: str, original: str, money: bool = False) -> float:
    """Parse digits with separators ('.' and ',') into a float, or raise NumberError."""
    if not _DIGITS_RE.match(body):
        raise _not_a_number(original)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        # Both present: the last one is the decimal mark, the other groups thousands.
        dec, sep = (",", ".") if body.rfind(",") > body.rfind(".") else (".", ",")
        whole, frac = body.rsplit(dec, 1)
        if dec in whole or not _grouped(whole, sep):
            raise _misplaced(original)
        return float(whole.replace(sep, "") + "." + frac)
    sep = "." if dots else "," if commas else None
    if sep is None:
        return float(body)
    parts = body.split(sep)
    if len(parts) > 2:
        if not _grouped(body, sep):
            raise _misplaced(original)
        return float(body.replace(sep, ""))
    whole, frac = parts
    if len(frac) == 3 and money and 1 <= len(whole) <= 3:
        return float(whole + frac)
    if len(frac) == 3 and whole != "0":
        other = Text("1.234,5 of 1234", "1.234,5 or 1234") if sep == "." else \
            Text("1234,5 of 1.234", "1234,5 or 1.234")
        # the two readings as digits (strings: each is shown exactly as one reading of the text)
        raise NumberError("ambiguous_number", Text(
            "{v} kan gelezen worden als {whole}{frac} of als {whole},{frac}; schrijf het "
            "eenduidig (bijv. {other}) of als getalcel",
            "{v} can be read as {whole}{frac} or as {whole}.{frac}; write it unambiguously "
            "(e.g. {other}) or as a number cell",
            v=_short(original), whole=whole, frac=frac, other=other))
    return float(whole + "." + frac)


def _grouped(text: str, sep: str) -> bool:
    parts = text.split(sep)
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def parse_number(value, *, percent: bool = False) -> float | None:
    """Return the number a cell holds, None when the cell is empty, or raise NumberError.

    Parameters
    ----------
    value : object
        The cell value as read (number, text, None).
    percent : bool
        Whether a trailing ``%`` is allowed (rates); ``"12%"`` then gives 0.12.

    Examples
    --------
    >>> parse_number("€ 1.234.567,89")
    1234567.89
    >>> parse_number("€ 250.000")
    250000.0
    >>> parse_number("1,2 mln")
    1200000.0
    >>> parse_number("5,5%", percent=True)
    0.055
    >>> parse_number("-") is None
    True
    >>> parse_number("1.234")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mkba.io.numbers.NumberError: '1.234' kan gelezen worden als 1234 of als 1,234; ...
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberError("not_a_number", Text("{v} is een ja/nee-waarde, geen getal",
                                               "{v} is a yes/no value, not a number",
                                               v=repr(value)))
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an int with hundreds of digits
            raise NumberError("not_a_number", Text(
                "een getal van meer dan 300 cijfers is geen eindig getal",
                "a number with more than 300 digits is not a finite number")) from None
        if not math.isfinite(number):
            raise _not_finite(repr(value))
        return number
    if not isinstance(value, str):
        raise _not_a_number(value)
    original = value
    text = value.replace("\u00a0", " ").replace("\u2212", "-").strip()
    if text.lower() in EMPTY_MARKERS:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    money = bool(_CURRENCY_RE.search(text))
    text = _CURRENCY_RE.sub("", text).strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    money = money or bool(_CURRENCY_RE.search(text))
    text = _CURRENCY_RE.sub("", text).strip()
    factor = 1.0
    if text.endswith("%"):
        if not percent:
            raise NumberError("not_a_number", Text(
                "{v} is een percentage waar een bedrag hoort",
                "{v} is a percentage where an amount is expected", v=_short(original)))
        factor, text = 0.01, text[:-1].strip()
    else:
        m = _SCALE_RE.match(text.lower())
        if m and m.group(1):
            factor, text = _SCALES[m.group(2)], m.group(1).strip()
    text = text.replace(" ", "").replace("'", "")
    if text.endswith((",-", ",--", ",—", ",–")):  # Dutch whole euros: "€ 1.000,-"
        text, money = text[:text.rindex(",")], True
    if not text:
        raise _not_a_number(original)
    number = _plain(text, original, money) * factor
    if not math.isfinite(number):  # hundreds of digits
        raise _not_finite(_short(original))
    number = round(number, 10) if factor != 1.0 else number
    return -number if negative else number


def _short(value) -> str:
    """A value as shown in a message: quoted when it is a text, at most about 40 characters."""
    if not isinstance(value, str):
        return repr(value)[:40]
    return repr(value) if len(value) <= 40 else repr(value[:37] + "...")


def _not_finite(shown: str) -> NumberError:
    return NumberError("not_a_number", Text("{v} is geen eindig getal",
                                            "{v} is not a finite number", v=shown))


def plain_number(x: float) -> int | float:
    """``x`` as an int when it is whole, else as a float: how a number is written into a cell
    or shown in a message (``1500`` rather than ``1500.0``).

    Examples
    --------
    >>> plain_number(1500.0), plain_number(0.25)
    (1500, 0.25)
    """
    return int(x) if float(x).is_integer() else float(x)
