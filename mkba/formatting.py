"""The one number formatter of mkba: numbers as a Dutch or English reader expects them.

Every number printed as text (tables, figures, the HTML report, the terminal, scenario outputs)
goes through this module. The grouping, decimal sign, percent and currency patterns are those of
the Unicode CLDR locales ``nl_NL`` and ``en_GB``, applied by Babel (its number patterns, as
``format_decimal``, ``format_currency`` and ``format_percent`` apply them); only the number of
decimals is set here. A number is
first rounded with Python's ``round`` to the decimals shown, the rounding of the data outputs
(tables, CSV, results.json), so the text of a value and the text of its rounded value in a
table are always the same.

Conventions, in one place:

* amounts: :func:`number` with the decimals asked for, :func:`euro` in whole euros;
* shares and probabilities: :func:`percent` (a decimal 0.123 is 12%, 12,3% with one decimal);
* discount rates: :func:`rate`, at most two decimals, trailing zeros dropped (5,5%, 2,25%);
* ratios: :func:`ratio`, two decimals; p-values: :func:`p_value`, three decimals
  (:func:`p_text`: 'p = 0,046', 'p < 0,001'); years: :func:`year`, no separators;
* a number of any size shown compactly (in a message): :func:`significant`, a number of
  significant digits, in scientific notation when it is very large or very small;
* pooled estimates and bounds: :func:`estimate` (a ratio, or whole euros); the level of an
  interval: :func:`level` (95%);
* the heterogeneity of a pooled result: :func:`tau2_text` (tau² with three decimals, or on a
  euro scale its root tau in whole euros) and :func:`i2_text` (I² as a percentage with one
  decimal), the same in every output.

A missing value (None, NaN, ``pd.NA``) gives the empty string. ``minus=True`` writes negative
numbers with the typographic minus sign U+2212 (the figures use it) instead of a hyphen.
Babel puts a non-breaking space between the euro sign and a Dutch amount; it is printed as an
ordinary space, as the tables always did.
"""

from __future__ import annotations

import copy
import decimal
import math
from functools import lru_cache, partial

from babel import Locale
from babel.numbers import format_decimal, format_scientific

from mkba.errors import ArgumentError

__all__ = ["LOCALES", "MINUS", "TAU2_DIGITS", "estimate", "euro", "i2", "i2_text", "is_missing",
           "level", "locale", "number", "p_text", "p_value", "percent", "probability", "rate",
           "ratio",
           "significant", "tau2", "tau2_text", "year"]

#: The Babel locale of each language.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
#: The typographic minus sign.
MINUS = "\u2212"


class _Message:
    """An error message of this module in Dutch and English. This module sits below
    :mod:`mkba.messages` (whose :class:`~mkba.messages.Text` formats its numbers here), so its
    few messages, which hold no numbers to format, are fixed pairs with the same ``render``."""

    __slots__ = ("nl", "en")

    def __init__(self, nl: str, en: str):
        self.nl, self.en = nl, en

    def render(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:
        return self.nl


def is_missing(value) -> bool:
    """True for None, NaN and ``pd.NA`` (what prints as an empty string).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
    (True, True, False)
    """
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN; pd.NA != pd.NA is pd.NA, whose bool is an error
    except TypeError:
        return True


def locale(lang: str) -> str:
    """The Babel locale of ``lang`` ('nl' or 'en'); ArgumentError for any other language.

    Examples
    --------
    >>> locale("nl"), locale("en")
    ('nl_NL', 'en_GB')
    """
    if not isinstance(lang, str) or lang not in LOCALES:
        shown = repr(lang)[:70]
        raise ArgumentError(_Message(f"lang={shown} is niet toegestaan; gebruik 'nl' of 'en'",
                                     f"lang={shown} is not allowed; use 'nl' or 'en'"))
    return LOCALES[lang]


@lru_cache(maxsize=8)
def _babel_locale(lang: str) -> Locale:
    """The parsed Babel locale of ``lang`` (parsed once: Babel would parse a name per call)."""
    return Locale.parse(locale(lang))


def _pattern(kind: str, lang: str, low: int, high: int):
    """The locale's standard pattern of ``kind`` with ``low`` to ``high`` decimals."""
    return _locale_pattern(kind, locale(lang), low, high)


@lru_cache(maxsize=64)
def _locale_pattern(kind: str, name: str, low: int, high: int):
    data = Locale.parse(name)
    formats = {"decimal": data.decimal_formats, "currency": data.currency_formats,
               "percent": data.percent_formats, "scientific": data.scientific_formats}[kind]
    pattern = copy.copy(formats[None if kind != "currency" else "standard"])
    pattern.frac_prec = (low, high)
    if kind == "scientific":
        pattern.int_prec = (1, 1)  # one digit before the decimal sign: 1,235E13
    return pattern


def _apply(value, format, locale, **kw) -> str:
    """What Babel's format_decimal, format_percent and format_currency do once they have the
    pattern: apply it (without their per-call lookups, such as the currency's name)."""
    return format.apply(value, locale, **kw)


#: Euros: the currency pattern applied with the euro sign and no fixed currency decimals.
_EURO = partial(_apply, currency="EUR", currency_digits=False)


def _babel(function, value, digits: int, pattern, lang: str) -> str:
    """``function`` (:func:`_apply` or :data:`_EURO`) of ``value`` rounded to ``digits``
    decimals, with the decimal precision a float needs (up to 309 digits before the decimal
    sign). Results are kept: a report shows the same amounts many times."""
    return _babel_cached(function, float(value), digits, pattern, lang)


@lru_cache(maxsize=8192)
def _babel_cached(function, value: float, digits: int, pattern, lang: str) -> str:
    if math.isinf(value) and value < 0:  # Babel drops the sign of -inf
        return "-" + _babel_cached(function, -value, digits, pattern, lang)
    if math.isfinite(value):
        value = round(value, digits)
        if abs(value) < 1e15:  # the default decimal context (28 digits) holds it exactly
            return function(value, format=pattern, locale=_babel_locale(lang))
    with decimal.localcontext(prec=400):
        return function(value, format=pattern, locale=_babel_locale(lang))


def _finish(text: str, minus: bool) -> str:
    if not any(c in "123456789\u221e" for c in text):
        text = text.replace("-", "")  # no "-0"
    text = text.replace("\xa0", " ")
    return text.replace("-", MINUS) if minus else text


def _digits(digits) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        shown = repr(digits)[:70]
        raise ArgumentError(_Message(f"digits={shown} is niet toegestaan; geef een geheel getal "
                                     "van 0 tot en met 10", f"digits={shown} is not allowed; give "
                                     "a whole number 0 to 10"))
    return digits


def number(value, digits: int = 0, lang: str = "nl", *, trim: bool = False,
           minus: bool = False) -> str:
    """``value`` with thousands separators and ``digits`` decimals.

    Parameters
    ----------
    value : float or None
        The number; a missing value gives ''.
    digits : int
        Decimals shown (0 to 10).
    lang : {"nl", "en"}
    trim : bool
        Drop trailing zeros of the decimals (1,50 -> 1,5; 2,00 -> 2).
    minus : bool
        Negative numbers with the minus sign U+2212 instead of a hyphen.

    Examples
    --------
    >>> number(1234567.891, 2), number(1234567.891, 2, "en")
    ('1.234.567,89', '1,234,567.89')
    >>> number(12345.678, 1, "nl", minus=True), number(-0.5, 2, "nl", minus=True)
    ('12.345,7', '−0,50')
    >>> number(1.5, 2, "en", trim=True), number(-0.4, 0), number(None, 2)
    ('1.5', '0', '')
    """
    if is_missing(value):
        return ""
    digits = _digits(digits)
    pattern = _pattern("decimal", lang, 0 if trim else digits, digits)
    return _finish(_babel(_apply, value, digits, pattern, lang), minus)


def significant(value, digits: int = 6, lang: str = "nl", *, minus: bool = False) -> str:
    """``value`` rounded to ``digits`` significant digits, trailing zeros dropped: compact text
    for a number of any size, as in a message.

    The rule is that of Python's ``g`` format (``f"{value:.{digits}g}"``): the number is
    rounded (half to even, on its exact binary value) to ``digits`` significant digits; when
    its power of ten is from -4 to ``digits`` - 1 it is written out with the locale's
    thousands separators and decimal sign, otherwise in the locale's scientific notation
    (one digit before the decimal sign, 'E' and the power of ten: '1,235E13').

    Parameters
    ----------
    value : float or None
        The number; a missing value gives ''.
    digits : int
        Significant digits (1 to 10); 6 as the ``g`` format.
    lang : {"nl", "en"}
    minus : bool
        Negative numbers with the minus sign U+2212 instead of a hyphen.

    Examples
    --------
    12345678901234 has 14 digits: its four significant digits are 1235 (the fifth, 5, rounds
    up), and its power of ten is 13, more than 4 - 1, so it is written as 1.235 times 10^13;
    0.1 and 10000 are written out:

    >>> significant(12345678901234, 4, "en"), significant(12345678901234, 4)
    ('1.235E13', '1,235E13')
    >>> significant(0.1, 6, "en"), significant(10000.0, 6), significant(1234.5678, 6, "en")
    ('0.1', '10.000', '1,234.57')
    >>> significant(0.000012345, 3, "en"), significant(0, 4), significant(None)
    ('1.23E-5', '0', '')
    """
    if is_missing(value):
        return ""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 10:
        shown = repr(digits)[:70]
        raise ArgumentError(_Message(f"digits={shown} is niet toegestaan; geef een geheel getal "
                                     "van 1 tot en met 10", f"digits={shown} is not allowed; give "
                                     "a whole number 1 to 10"))
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return number(value, 0, lang, minus=minus)
    with decimal.localcontext(prec=digits, rounding=decimal.ROUND_HALF_EVEN):
        rounded = +decimal.Decimal(value)  # exact binary value, rounded to ``digits`` digits
    power = rounded.adjusted()
    if -4 <= power < digits:
        decimals = digits - 1 - power
        pattern = _pattern("decimal", lang, 0, decimals)
        text = format_decimal(rounded, format=pattern, locale=_babel_locale(lang))
    else:
        pattern = _pattern("scientific", lang, 0, digits - 1)
        text = format_scientific(rounded, format=pattern, locale=_babel_locale(lang))
    return _finish(text, minus)


def euro(value, lang: str = "nl", *, minus: bool = False) -> str:
    """An amount in whole euros, with the euro sign where the locale puts it.

    Examples
    --------
    >>> euro(1234567.4), euro(1234567.4, "en")
    ('€ 1.234.567', '€1,234,567')
    >>> euro(-2500), euro(-2500, "en"), euro(None)
    ('€ -2.500', '-€2,500', '')
    """
    if is_missing(value):
        return ""
    pattern = _pattern("currency", lang, 0, 0)
    text = _babel(_EURO, value, 0,
                  pattern, lang)
    return _finish(text, minus)


def percent(value, lang: str = "nl", digits: int = 0, *, trim: bool = False,
            minus: bool = False) -> str:
    """A decimal as a percentage (0.123 is 12,3%) with ``digits`` decimals.

    Examples
    --------
    >>> percent(0.123, "nl", 1), percent(0.123, "en", 1), percent(0.5, "nl")
    ('12,3%', '12.3%', '50%')
    >>> percent(0.25, "nl", 2, trim=True), percent(float("nan"), "en")
    ('25%', '')
    """
    if is_missing(value):
        return ""
    digits = _digits(digits)
    pattern = _pattern("percent", lang, 0 if trim else digits, digits)
    return _finish(_babel(_apply, value, digits + 2, pattern, lang), minus)


def probability(value, lang: str = "nl", digits: int = 1) -> str:
    """A probability estimated from draws, as a percentage that never claims certainty: a share
    that rounds to 100% (or to 0%) but is not exactly 1 (or 0) of the draws, and a share of
    exactly 1 or 0, is shown as '> 99,9%' ('< 0,1%'): a finite number of draws cannot show a
    certainty.

    Examples
    --------
    >>> probability(0.9672), probability(0.9672, "en"), probability(1.0), probability(0.99996)
    ('96,7%', '96.7%', '> 99,9%', '> 99,9%')
    >>> probability(0.0), probability(0.0004, "en"), probability(None)
    ('< 0,1%', '< 0.1%', '')
    """
    if is_missing(value):
        return ""
    digits = _digits(digits)
    step = 10.0 ** -(digits + 2)  # 0.001 for one decimal of a percentage
    if float(value) >= 1 - step / 2:
        return "> " + percent(1 - step, lang, digits)
    if float(value) < step / 2:
        return "< " + percent(step, lang, digits)
    return percent(value, lang, digits)


def rate(value, lang: str = "nl") -> str:
    """A discount rate (a decimal) as a percentage with at most two decimals, trailing zeros
    dropped.

    Examples
    --------
    >>> rate(0.055), rate(0.0225, "en"), rate(0.03), rate(0.04)
    ('5,5%', '2.25%', '3%', '4%')
    """
    return percent(value, lang, 2, trim=True)


def ratio(value, lang: str = "nl", *, minus: bool = False) -> str:
    """A ratio (such as a benefit-cost ratio) with two decimals.

    Examples
    --------
    >>> ratio(1.5), ratio(1.5, "en"), ratio(12345.678, "nl")
    ('1,50', '1.50', '12.345,68')
    """
    return number(value, 2, lang, minus=minus)


def p_value(p, lang: str = "nl") -> str:
    """A p-value with three decimals; below 0.001 as '< 0,001'.

    Examples
    --------
    >>> p_value(0.04567), p_value(0.04567, "en"), p_value(0.0004), p_value(1.0, "en")
    ('0,046', '0.046', '< 0,001', '1.000')
    """
    if is_missing(p):
        return ""
    if p < 0.001:
        return "< " + number(0.001, 3, lang)
    return number(p, 3, lang)


def level(value, lang: str = "nl") -> str:
    """The level of an interval (a decimal) as a percentage: '95%', '97,5%'.

    Examples
    --------
    >>> level(0.95), level(0.975), level(0.9, "en")
    ('95%', '97,5%', '90%')
    """
    return percent(value, lang, 1, trim=True)


def estimate(value, lang: str = "nl", *, ratio: bool, minus: bool = False) -> str:
    """A pooled estimate or interval bound as shown: a ratio with two decimals, or (``ratio``
    false) an amount in whole euros, without the sign (the heading or axis says euros).

    Examples
    --------
    >>> estimate(1.8349, ratio=True), estimate(-1234.5, "en", ratio=False)
    ('1,83', '-1,234')
    """
    return number(value, 2 if ratio else 0, lang, minus=minus)


def p_text(p, lang: str = "nl") -> str:
    """A p-value as printed after a test: 'p = 0,046', or 'p < 0,001'.

    Examples
    --------
    >>> p_text(0.04567), p_text(0.0004, "en")
    ('p = 0,046', 'p < 0.001')
    """
    shown = p_value(p, lang)
    return "p " + shown if shown.startswith("<") else "p = " + shown


def year(value) -> str:
    """A calendar year: a whole number without separators ('2015', never '2.015').

    Examples
    --------
    >>> year(2015), year(2026.0), year(None)
    ('2015', '2026', '')
    """
    return "" if is_missing(value) else str(int(round(value)))


#: Decimals of tau² in the data outputs (the pooled tables); the text shows three of them.
TAU2_DIGITS = 4


def tau2(value, lang: str = "nl") -> str:
    """The between-study variance tau² of a pooled log ratio, with three decimals.

    The value is first rounded as the pooled tables store it (:data:`TAU2_DIGITS`), so that
    the text of tau² is the same whether it comes from the result or from a table.

    Examples
    --------
    >>> tau2(0.10512), tau2(0.10512, "en"), tau2(0.0)
    ('0,105', '0.105', '0,000')
    >>> tau2(0.09649), tau2(round(0.09649, 4))  # 0.0965 in a table: the same text
    ('0,097', '0,097')
    """
    if is_missing(value):
        return ""
    return number(round(float(value), TAU2_DIGITS), 3, lang)


def i2(value, lang: str = "nl") -> str:
    """I², the share of the variation that is between studies, given in percent (0 to 100):
    a percentage with one decimal.

    Examples
    --------
    >>> i2(64.2857), i2(64.2857, "en"), i2(0)
    ('64,3%', '64.3%', '0,0%')
    """
    if is_missing(value):
        return ""
    return percent(value / 100, lang, 1)


def tau2_text(value, lang: str = "nl", *, euro_scale: bool = False) -> str:
    """The between-study variance as printed everywhere: 'tau² = 0,105' for a pooled log ratio;
    on a euro scale (tau² in euros squared, a huge number) its root: 'tau = € 1.234'.

    Examples
    --------
    >>> tau2_text(0.10512), tau2_text(0.10512, "en")
    ('tau² = 0,105', 'tau² = 0.105')
    >>> tau2_text(1522756.0, euro_scale=True), tau2_text(1522756.0, "en", euro_scale=True)
    ('tau = € 1.234', 'tau = €1,234')
    """
    if euro_scale:
        return "tau = " + euro(None if is_missing(value) else math.sqrt(value), lang)
    return "tau² = " + tau2(value, lang)


def i2_text(value, lang: str = "nl") -> str:
    """I² as printed everywhere: 'I² = 64,3%'.

    Examples
    --------
    >>> i2_text(64.2857), i2_text(64.2857, "en")
    ('I² = 64,3%', 'I² = 64.3%')
    """
    return "I² = " + i2(value, lang)
