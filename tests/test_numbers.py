"""Dutch number parsing: every expected value below is worked out by hand."""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkba.io.numbers import NumberError, parse_number


@pytest.mark.parametrize("text, expected", [
    ("€ 1.234.567,89", 1_234_567.89),  # dots group thousands, comma is the decimal mark
    ("€1.234.567,89", 1_234_567.89),
    ("1,2 mln", 1_200_000.0),  # 1.2 x 10^6
    ("1,5 mld", 1_500_000_000.0),
    ("€ 2,5 miljoen", 2_500_000.0),
    ("5k", 5_000.0),
    ("3 dzd", 3_000.0),
    ("1,5", 1.5),
    ("1.5", 1.5),  # one decimal: only one reading
    ("0,125", 0.125),  # leading zero: cannot be a thousands group
    ("1.234,5", 1_234.5),
    ("1,234.5", 1_234.5),  # English, with both marks the last is the decimal mark
    ("1.234.567", 1_234_567.0),  # two groups of three: thousands
    ("1,234,567", 1_234_567.0),
    ("1 234,5", 1_234.5),
    ("\u00a01.234,50 ", 1_234.5),  # non-breaking space as Excel pastes it
    ("(1.500,00)", -1_500.0),  # accounting negative
    ("(1500)", -1_500.0),
    ("- € 100", -100.0),
    ("€ -100", -100.0),
    ("\u22125", -5.0),  # Unicode minus
    ("+5", 5.0),
    ("1500", 1_500.0),
])
def test_dutch_text_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("value, expected", [
    (1500, 1500.0), (2.5, 2.5), (0, 0.0), (-3, -3.0),
])
def test_numeric_cells_are_taken_as_they_are(value, expected):
    result = parse_number(value)
    assert result == expected and isinstance(result, float)


@pytest.mark.parametrize("text", ["-", "–", "n.v.t.", "nvt", "", "   ", "n/a"])
def test_empty_markers_mean_no_value(text):
    assert parse_number(text) is None


def test_none_is_no_value():
    assert parse_number(None) is None


@pytest.mark.parametrize("text, expected", [
    ("12%", 0.12), ("5,5%", 0.055), ("12,5 %", 0.125), ("0,055", 0.055), ("100%", 1.0),
])
def test_percentages_where_allowed(text, expected):
    assert parse_number(text, percent=True) == pytest.approx(expected, abs=1e-15)


def test_percentage_where_an_amount_is_expected_is_refused():
    with pytest.raises(NumberError) as exc:
        parse_number("12%")
    assert exc.value.code == "not_a_number"
    assert str(exc.value) == "'12%' is een percentage waar een bedrag hoort"
    assert exc.value.render("en") == "'12%' is a percentage where an amount is expected"


@pytest.mark.parametrize("text, expected", [
    ("€ 12.500", 12500.0),  # money has no three decimals: the dot groups thousands
    ("€ 12,500", 12500.0),  # the same with an English comma
    ("EUR 250.000", 250000.0),
    ("-€ 1.500", -1500.0),
])
def test_with_a_currency_sign_three_digits_after_a_separator_are_thousands(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, whole, decimal_nl, decimal_en", [
    ("1.234", "1234", "1,234", "1.234"),  # Dutch thousands or English decimals
    ("1,234", "1234", "1,234", "1.234"),  # English thousands or Dutch decimals
    ("(1.500)", "1500", "1,500", "1.500"),
])
def test_ambiguous_numbers_are_reported_not_guessed(text, whole, decimal_nl, decimal_en):
    with pytest.raises(NumberError) as exc:
        parse_number(text)
    assert exc.value.code == "ambiguous_number"
    # both readings, each language writing the decimal reading with its own decimal mark
    assert f"{text!r} kan gelezen worden als {whole} of als {decimal_nl};" in str(exc.value)
    assert f"{text!r} can be read as {whole} or as {decimal_en};" in exc.value.render("en")


@pytest.mark.parametrize("value", [
    "abc", "veel", "1.2.3", "1.234,56.7", "12,34,5", "1e5", "€", "()",
    datetime.date(2020, 1, 1), [1],
])
def test_not_a_number(value):
    with pytest.raises(NumberError) as exc:
        parse_number(value)
    assert exc.value.code == "not_a_number"
    assert str(exc.value).startswith(repr(value)[:20])  # names the value, quoted
    assert exc.value.render("en") != str(exc.value)  # and says why, in either language


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_numbers(value):
    # bool is a subclass of int: without the check True would silently become 1.0
    with pytest.raises(NumberError) as exc:
        parse_number(value)
    assert exc.value.code == "not_a_number"
    assert str(exc.value) == f"{value!r} is een ja/nee-waarde, geen getal"
    assert exc.value.render("en") == f"{value!r} is a yes/no value, not a number"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_not_numbers(value):
    with pytest.raises(NumberError) as exc:
        parse_number(value)
    assert exc.value.code == "not_a_number"


def test_number_error_is_a_value_error():
    assert issubclass(NumberError, ValueError)


def test_whole_euros_with_comma_dash():
    assert parse_number("€ 1.000,-") == 1000.0
    assert parse_number("250,--") == 250.0
    assert parse_number("1.000,-") == 1000.0  # the notation itself says whole euros


@given(st.integers(0, 10**12), st.integers(0, 99))
def test_dutch_and_english_notation_agree(whole, cents):
    dutch = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    english = f"{whole:,}.{cents:02d}"
    expected = float(f"{whole}.{cents:02d}")
    assert parse_number(dutch) == expected
    assert parse_number(english) == expected
    assert parse_number(f"({dutch})") == -expected
    assert parse_number(f"€ {dutch}") == expected


@given(st.integers(1, 999), st.integers(1, 9))
def test_scaled_amounts(units, tenths):
    assert parse_number(f"{units},{tenths} mln") == pytest.approx((units + tenths / 10) * 1e6)
