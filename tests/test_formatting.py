"""The one number formatter (mkba.formatting) and the shared phrases (mkba.phrases).

Expected strings are worked out by hand from the Dutch and English conventions: Dutch groups
thousands with a dot and writes a decimal comma, puts the euro sign before the amount with a
space ("€ 1.234.567") and the minus after it ("€ -2.500", as the CLDR nl pattern has it);
British English groups with a comma, writes a decimal point and puts the minus before the euro
sign ("-€2,500"). Percentages have no space before the sign in either language.
"""

import re

import numpy as np
import pandas as pd
import pytest
from conftest import STUDIES

from mkba import formatting as F
from mkba.basis import as_basis
from mkba.errors import ArgumentError, InputError
from mkba.io import read_studies
from mkba.plots import FOOTNOTE_GID, forest_plot
from mkba.pooled_tables import format_pooled
from mkba.report import build_report, render_html
from mkba.scenario.spec import spec_from_mapping


@pytest.mark.parametrize("value, digits, nl, en", [
    (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
    (999.999, 2, "1.000,00", "1,000.00"),            # the carry reaches the thousands
    (1e9, 0, "1.000.000.000", "1,000,000,000"),
    (0.456, 1, "0,5", "0.5"),
    (-1234.5678, 1, "-1.234,6", "-1,234.6"),
    (-0.004, 2, "0,00", "0.00"),                       # no negative zero
    (12, 3, "12,000", "12.000"),
])
def test_number(value, digits, nl, en):
    assert F.number(value, digits, "nl") == nl
    assert F.number(value, digits, "en") == en


def test_number_trim_and_minus_sign():
    assert F.number(2.5, 2, "nl", trim=True) == "2,5"
    assert F.number(3.0, 2, "en", trim=True) == "3"
    assert F.number(0.25, 2, "nl", trim=True) == "0,25"
    assert F.number(-1234.5, 1, "nl", minus=True) == "\u22121.234,5"
    assert F.number(-1234.5, 1, "en", minus=True) == "\u22121,234.5"
    assert F.number(1234.5, 1, "en", minus=True) == "1,234.5"


@pytest.mark.parametrize("value, nl, en", [
    (1234567.4, "€ 1.234.567", "€1,234,567"),
    (999.6, "€ 1.000", "€1,000"),
    (-2500, "€ -2.500", "-€2,500"),
    (0.4, "€ 0", "€0"),
])
def test_euro(value, nl, en):
    assert F.euro(value, "nl") == nl
    assert F.euro(value, "en") == en


def test_percentages_rates_ratios():
    assert (F.percent(0.123, "nl", 1), F.percent(0.123, "en", 1)) == ("12,3%", "12.3%")
    assert (F.percent(0.5, "nl"), F.percent(1.0, "en")) == ("50%", "100%")
    assert F.percent(0.12346, "nl", 2) == "12,35%"
    assert F.percent(0.25, "en", 2, trim=True) == "25%"
    # discount rates: at most two decimals, trailing zeros dropped
    assert (F.rate(0.055, "nl"), F.rate(0.055, "en")) == ("5,5%", "5.5%")
    assert (F.rate(0.0225, "nl"), F.rate(0.0225, "en")) == ("2,25%", "2.25%")
    assert (F.rate(0.04, "nl"), F.rate(0.1, "en")) == ("4%", "10%")
    assert (F.ratio(1.5, "nl"), F.ratio(0.456, "en")) == ("1,50", "0.46")
    assert F.ratio(12345.678, "nl") == "12.345,68"
    assert (F.level(0.95, "nl"), F.level(0.975, "nl"), F.level(0.9, "en")) == \
        ("95%", "97,5%", "90%")


def test_p_values():
    assert (F.p_value(0.04567, "nl"), F.p_value(0.04567, "en")) == ("0,046", "0.046")
    assert F.p_value(0.001, "nl") == "0,001"
    assert (F.p_value(0.0004, "nl"), F.p_value(0.0004, "en")) == ("< 0,001", "< 0.001")
    assert (F.p_text(0.04567, "nl"), F.p_text(0.0004, "en")) == ("p = 0,046", "p < 0.001")


def test_heterogeneity():
    assert (F.tau2(0.10512, "nl"), F.tau2(0.10512, "en")) == ("0,105", "0.105")
    assert F.tau2_text(0.10512, "nl") == "tau² = 0,105"
    # on a euro scale the root: 1234 squared is 1522756
    assert F.tau2_text(1522756.0, "nl", euro_scale=True) == "tau = € 1.234"
    assert F.tau2_text(1522756.0, "en", euro_scale=True) == "tau = €1,234"
    assert (F.i2(64.2857, "nl"), F.i2(64.2857, "en"), F.i2(0, "nl")) == \
        ("64,3%", "64.3%", "0,0%")
    assert F.i2_text(100, "en") == "I² = 100.0%"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_values_print_empty(missing):
    shown = [F.number(missing, 2, "nl"), F.euro(missing, "en"), F.percent(missing, "nl"),
             F.rate(missing, "en"), F.ratio(missing, "nl"), F.p_value(missing, "nl"),
             F.tau2(missing, "nl"), F.i2(missing, "en"), F.year(missing),
             F.significant(missing, 4, "en")]
    assert shown == [""] * len(shown)


@pytest.mark.parametrize("value, digits, nl, en", [
    # 14 digits; four significant: 1234|5678... rounds up to 1235; power 13 >= 4: scientific
    (12345678901234, 4, "1,235E13", "1.235E13"),
    # MAX_AMOUNT in a message of ten digits: power 12 >= 10, trailing zeros dropped
    (1e12, 10, "1E12", "1E12"),
    (10_000_000.0, 10, "10.000.000", "10,000,000"),   # power 7 < 10: written out, grouped
    (0.999, 10, "0,999", "0.999"),
    (0.1, 6, "0,1", "0.1"),
    (1234.5678, 6, "1.234,57", "1,234.57"),          # six digits 1234.57 (the 7th, 7, rounds up)
    (-1234.5678, 6, "-1.234,57", "-1,234.57"),
    (1234567.0, 6, "1,23457E6", "1.23457E6"),        # seven digits: 1.234567 -> 1.23457, power 6
    (9999.6, 4, "1E4", "1E4"),                       # rounds to 10000: the power becomes 4
    (0.0001234, 3, "0,000123", "0.000123"),          # power -4: still written out
    (0.00001234, 3, "1,23E-5", "1.23E-5"),           # power -5: scientific
    (2.5, 1, "2", "2"), (3.5, 1, "4", "4"),          # exact halves round to even
    (0, 4, "0", "0"),
])
def test_significant(value, digits, nl, en):
    assert F.significant(value, digits, "nl") == nl
    assert F.significant(value, digits, "en") == en


def test_significant_follows_the_g_format_and_the_minus_sign():
    # Python's own g format is the independent reference: below 1000 (no grouping) the English
    # text is the g text with its exponent written as Babel writes it (e+06 -> E6)
    for value in (0.5, 3.14159265, 999.95, 123.456, 0.000123456, 1.5e-7, 6.02214076e23, -42.0):
        for digits in (1, 3, 6, 10):
            g = f"{value:.{digits}g}"
            mantissa, _, power = g.partition("e")
            expected = mantissa + (f"E{int(power)}" if power else "")
            assert F.significant(value, digits, "en") == expected, (value, digits)
    assert F.significant(-1234.5678, 6, "en", minus=True) == "\u22121,234.57"
    assert F.significant(float("inf"), 4, "en") == "\u221e"


def test_years_have_no_separators():
    assert (F.year(2015), F.year(2026.0)) == ("2015", "2026")


@pytest.mark.parametrize("call", [
    lambda: F.number(1.0, 2, "de"), lambda: F.euro(1.0, "NL"), lambda: F.percent(0.1, None),
    lambda: F.number(1.0, -1, "nl"), lambda: F.number(1.0, 1.5, "nl"),
    lambda: F.significant(1.0, 0, "en"), lambda: F.significant(1.0, 11, "en"),
    lambda: F.significant(1.0, True, "en"), lambda: F.significant(1.0, 4, "fr"),
])
def test_bad_arguments_are_refused(call):
    with pytest.raises(ArgumentError):
        call()


def test_basis_sentence_serves_tables_and_figures():
    assert as_basis(price_year=2023, rate="nl-2021", horizon=30).describe("nl") == (
        "Basis: prijspeil 2023 (CBS-CPI); discontovoet: 2,25% (nl-2021); looptijd: 30 jaar "
        "voor alle studies (geen extrapolatie); eerste jaar één jaar verdisconteerd (t=1).")
    assert as_basis(price_year=2023, timing="t0").describe("en", ratio=True) == (
        "Basis: ratios (independent of the price year); discount rate: each study's own rate; "
        "horizon: each study's own horizon; first year not discounted (t=0).")
    with pytest.raises(ArgumentError):
        as_basis(price_year=2023, timing="t2")


# --- one pooled result, the same tau² and I² in every output ---------------------------------

SUBSET = ["brakelveen-2012", "grevenhaven-2013", "wierhoven-2015", "eikenrode-2012",
          "marsveen-2017"]


@pytest.fixture(scope="module")
def studies():
    return read_studies([STUDIES / f"{name}.xlsx" for name in SUBSET])


def _by_hand(value: float, digits: int, lang: str) -> str:
    # no thousands here (tau² < 1000, I² <= 100): only the decimal sign differs
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tau2_and_i2_print_the_same_everywhere(studies, lang):
    report = build_report(studies, draws=500, lang=lang)
    p = report.pooled.pooled
    assert report.pooled.log_scale and p.tau2 < 1000
    tau = _by_hand(round(p.tau2, 4), 3, lang)  # as the table stores it: 4 decimals
    i2 = _by_hand(p.i2, 1, lang) + "%"
    html = render_html(report, {name: b"" for name in report.figures})
    terminal = format_pooled(report.pooled, lang=lang)
    ax = forest_plot(report.pooled, lang=lang)
    footnote = next(c for c in ax.get_children() if c.get_gid() == FOOTNOTE_GID).get_text()
    sep = "," if lang == "nl" else "."
    for text in (html, terminal, " ".join(footnote.split())):  # the footnote is wrapped
        assert f"tau² = {tau}" in text and f"I² = {i2}" in text
        # and every tau² and I² (of subgroups too) in the one convention
        assert all(re.fullmatch(rf"\d+\{sep}\d\d\d", x)
                   for x in re.findall(r"tau² = ([\d.,]*\d)", text))
        assert all(re.fullmatch(rf"\d+\{sep}\d%", x)
                   for x in re.findall(r"I² = ([\d.,]*\d%?)", text))
    # the pooled table of the HTML shows the same numbers in its tau² and I² cells
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert tau in cells and i2 in cells


@pytest.mark.parametrize("costs, caseload, message, message_en", [
    # whole numbers from 10.000 up are grouped in the language's digits, found and bound alike
    ({"per_fte": 1e7, "overhead_per_year": 2e12}, 6.0,
     "costs.overhead_per_year: 2.000.000.000.000 is niet toegestaan; geef euro's, >= 0 en "
     "<= 1.000.000.000.000", "costs.overhead_per_year: 2,000,000,000,000 is not allowed; give "
     "euros, >= 0 and <= 1,000,000,000,000"),
    ({"per_fte": 2e7}, 6.0, "costs.per_fte: 20.000.000 is niet toegestaan; geef euro's per fte "
     "per jaar, >= 0 en <= 10.000.000", "costs.per_fte: 20,000,000 is not allowed; give euros "
     "per FTE per year, >= 0 and <= 10,000,000"),
    ({"per_fte": 1e4}, 0.01, "team.caseload.zwaar: 0,01 is niet toegestaan; geef huishoudens "
     "per fte, >= 0,1 en <= 10.000", "team.caseload.zwaar: 0.01 is not allowed; give households "
     "per FTE, >= 0.1 and <= 10,000"),
])
def test_messages_print_their_bounds_through_the_formatter(costs, caseload, message, message_en):
    spec = {"municipality": "X", "first_year": 2026, "horizon": 10, "discount_rate": 0.0,
            "population": {"households": {"zwaar": 10, "kwetsbaar": 10, "overig": 10}},
            "team": {"caseload": {"zwaar": caseload, "kwetsbaar": 6.0, "overig": 6.0},
                     "reach": {"zwaar": 1.0}},  # the one problem is the bound
            "costs": costs}
    with pytest.raises(InputError) as info:
        spec_from_mapping(spec, source="x")
    assert str(info.value) == f"x: {message}"
    assert info.value.render("en") == f"x: {message_en}"
