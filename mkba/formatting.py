"""The one number formatter of mkba: numbers as a Dutch or English reader expects them.

Every number printed as text (tables, figures, the HTML report, the terminal, scenario outputs)
goes through this module. The grouping, decimal sign, percent and currency patterns are those of
the Unicode CLDR locales ``nl_NL`` and ``en_GB``, applied by Babel (``format_decimal``,
``format_currency``, ``format_percent``); only the number of decimals is set here. Babel rounds
half to even on the number's shortest decimal representation (2.675 gives 2,68).

Conventions, in one place:

* amounts: :func:`number` with the decimals asked for, :func:`euro` in whole euros;
* shares and probabilities: :func:`percent` (a decimal 0.123 is 12%, 12,3% with one decimal);
* discount rates: :func:`rate`, at most two decimals, trailing zeros dropped (5,5%, 2,25%);
* ratios: :func:`ratio`, two decimals; p-values: :func:`p_value`, three decimals;
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
import math
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent

from mkba.errors import ArgumentError

__all__ = ["LOCALES", "MINUS", "euro", "i2", "i2_text", "is_missing", "locale", "number",
           "p_value", "percent", "rate", "ratio", "tau2", "tau2_text"]

#: The Babel locale of each language.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
#: The typographic minus sign.
MINUS = "\u2212"


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
        raise ArgumentError(f"lang={lang!r} is not allowed; use 'nl' or 'en'")
    return LOCALES[lang]


def _pattern(kind: str, lang: str, low: int, high: int):
    """The locale's standard pattern of ``kind`` with ``low`` to ``high`` decimals."""
    return _locale_pattern(kind, locale(lang), low, high)


@lru_cache(maxsize=64)
def _locale_pattern(kind: str, name: str, low: int, high: int):
    data = Locale.parse(name)
    formats = {"decimal": data.decimal_formats, "currency": data.currency_formats,
               "percent": data.percent_formats}[kind]
    pattern = copy.copy(formats[None if kind != "currency" else "standard"])
    pattern.frac_prec = (low, high)
    return pattern


def _finish(text: str, minus: bool) -> str:
    if not any(c in "123456789" for c in text):
        text = text.replace("-", "")  # no "-0"
    text = text.replace("\xa0", " ")
    return text.replace("-", MINUS) if minus else text


def _digits(digits) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        raise ArgumentError(f"digits={digits!r} is not allowed; give a whole number 0 to 10")
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
    return _finish(format_decimal(value, pattern, locale=LOCALES[lang]), minus)


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
    text = format_currency(value, "EUR", pattern, locale=LOCALES[lang], currency_digits=False)
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
    return _finish(format_percent(value, pattern, locale=LOCALES[lang]), minus)


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


def tau2(value, lang: str = "nl") -> str:
    """The between-study variance tau² of a pooled log ratio, with three decimals.

    Examples
    --------
    >>> tau2(0.10512), tau2(0.10512, "en"), tau2(0.0)
    ('0,105', '0.105', '0,000')
    """
    return number(value, 3, lang)


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
