"""Tests of mkba.basis: one basis object, read once from whatever the user typed.

Expected values are the rates as written (3% = 0.03) and the regime rates of
mkba/data/discount_regimes.csv (nl-2007 5.5%, nl-2021 2.25%).
"""

from __future__ import annotations

import dataclasses

import pytest
from helpers_studies import make_study

import mkba
from mkba.appraisal import appraise, appraise_studies
from mkba.basis import Basis, as_basis, parse_rate
from mkba.errors import ArgumentError
from mkba.prices import latest_price_year


@pytest.mark.parametrize("typed", ["3%", "3,0%", " 3 % ", "0,03", "0.03", 0.03])
def test_every_way_of_typing_three_percent(typed):
    assert as_basis(rate=typed, price_year=2020).rate == pytest.approx(0.03, abs=1e-12)


@pytest.mark.parametrize("typed, rate, regime", [
    ("nl-2007", 0.055, "nl-2007"), ("NL-2021", 0.0225, "nl-2021"), ("own", None, None),
    ("eigen", None, None), (None, None, None), (0, 0.0, None), ("2,25%", 0.0225, None),
])
def test_rates_and_regimes(typed, rate, regime):
    assert parse_rate(typed) == (rate, regime)


@pytest.mark.parametrize("typed", ["3", 3, 1.0, -0.01, "vijf", "nl-1900", True, [0.03],
                                   float("nan"), "3%%"])
def test_bad_rates_say_what_is_allowed(typed):
    with pytest.raises(ArgumentError) as exc:
        as_basis(rate=typed)
    dutch, english = str(exc.value), exc.value.render("en")
    assert dutch.startswith(f"rate={typed!r} is niet toegestaan; ")
    assert english.startswith(f"rate={typed!r} is not allowed; ")
    for message in (dutch, english):
        assert "'3%'" in message and "nl-2021" in message and "'own'" in message
        assert "nan" not in message.replace(repr(typed), "")  # the value as typed, no parse
    assert "decimaal getal van 0 tot 1 (0,03)" in dutch and "decimal from 0 up to 1 (0.03)" in \
        english


def test_an_unknown_regime_names_the_known_ones():
    with pytest.raises(ArgumentError) as exc:
        as_basis(rate="NL-2030")
    assert str(exc.value).startswith(
        "rate='NL-2030' is niet toegestaan; 'nl-2030' is geen bekend regime (bekend zijn "
        "nl-1995, nl-2007, nl-2016, nl-2021)")
    assert exc.value.render("en").startswith(
        "rate='NL-2030' is not allowed; 'nl-2030' is not a known regime (the known ones are "
        "nl-1995, nl-2007, nl-2016, nl-2021)")


@pytest.mark.parametrize("typed, meant", [("3", "'3%'"), ("5,5", "'5,5%'"), (" 4 ", "'4%'")])
def test_a_percentage_without_its_sign_gets_a_hint(typed, meant):
    with pytest.raises(ArgumentError) as exc:
        as_basis(rate=typed)
    assert str(exc.value).endswith(f"(bedoelt u {meant}?)")
    assert exc.value.render("en").endswith(f"(did you mean {meant}?)")


def test_resolved_once_latest_price_year_and_regime():
    b = as_basis(rate="nl-2021")
    assert b.price_year == latest_price_year()
    assert (b.rate, b.regime) == (0.0225, "nl-2021")
    assert as_basis(price_year="latest").price_year == latest_price_year()
    assert as_basis(price_year="2019", horizon="30", timing="T0") == Basis(2019, None, None, 30,
                                                                           "t0")


def test_a_basis_is_one_value_and_changes_by_copy():
    b = as_basis(price_year=2020, rate="nl-2007", horizon=10)
    assert as_basis(b) is b
    assert as_basis({"price_year": 2020, "rate": "nl-2007", "horizon": 10}) == b
    assert hash(b) == hash(as_basis(b.to_dict()))
    own = b.with_(rate="own", horizon="own")
    assert (own.rate, own.regime, own.horizon, own.price_year) == (None, None, None, 2020)
    assert (b.rate, b.horizon) == (0.055, 10)  # the original is untouched
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.rate = 0.1


@pytest.mark.parametrize("changes, dutch, english", [
    ({"horizon": 0}, "horizon=0 is niet toegestaan; geef hele jaren van 1 tot 100",
     "horizon=0 is not allowed; give whole years from 1 to 100"),
    ({"horizon": "ten"}, "horizon='ten' is niet toegestaan", "horizon='ten' is not allowed"),
    ({"price_year": 2020.5}, "price_year=2020.5 is niet toegestaan; geef een kalenderjaar",
     "price_year=2020.5 is not allowed; give a calendar year"),
    ({"timing": "t2"}, "timing='t2' is niet toegestaan; kies uit t1, t0",
     "timing='t2' is not allowed; use one of t1, t0"),
    ({"scenario": "basis"}, "'scenario' hoort niet bij een basis; gebruik price_year, rate, "
     "horizon, timing", "'scenario' is not part of a basis; use price_year, rate, horizon, "
     "timing"),
])
def test_bad_values_name_the_argument(changes, dutch, english):
    with pytest.raises(ArgumentError) as exc:
        as_basis(**changes)
    assert str(exc.value).startswith(dutch)
    assert exc.value.render("en").startswith(english)


def test_a_basis_made_directly_is_held_to_the_same_rules():
    with pytest.raises(ArgumentError):
        Basis(price_year=2020, rate=0.03, regime="nl-2021")  # 3% is not the 2021 regime
    with pytest.raises(ArgumentError):
        Basis(price_year="2020")


def test_appraise_takes_the_rate_as_typed():
    # Costs 1000 in 2015, benefits 500 a year 2015-2017 (make_study's default flows).
    # At 3%, t=1: costs 1000 / 1.03 = 970.87; benefits 500 * (0.970874 + 0.942596 +
    # 0.915142) = 1414.31.
    s = make_study()
    a = mkba.appraise(s, rate="3%", price_year=2015)
    assert a.rate == 0.03 and a.basis == as_basis(price_year=2015, rate=0.03)
    assert a.pv_costs == pytest.approx(970.87, abs=0.01)
    assert a.pv_benefits == pytest.approx(1414.31, abs=0.01)
    assert appraise(s, as_basis(price_year=2015, rate=0.03)).pv_benefits == a.pv_benefits


def test_appraisals_handed_on_must_be_on_the_same_basis():
    s = make_study()
    at_3 = as_basis(price_year=2015, rate="3%")
    given = {s.id: (appraise(s, at_3),)}
    assert appraise_studies([s], at_3, given)[s.id] == given[s.id]
    with pytest.raises(ArgumentError, match="van s1 zijn niet op de basis") as exc:
        appraise_studies([s], at_3.with_(rate="nl-2021"), given)
    assert "of s1 are not on the basis" in exc.value.render("en")
    with pytest.raises(ArgumentError, match="geen gegeven voor de studies other") as exc:
        appraise_studies([s, make_study(id="other")], at_3, given)
    assert "none given for the studies other" in exc.value.render("en")


def test_describe_in_both_languages():
    b = as_basis(price_year=2024, rate="nl-2007", horizon=5, timing="t0")
    assert b.describe("nl") == (
        "Basis: prijspeil 2024 (CBS-CPI); discontovoet: 5,5% (nl-2007); looptijd: 5 jaar voor "
        "alle studies (geen extrapolatie); eerste jaar niet verdisconteerd (t=0).")
    assert b.describe("en") == (
        "Basis: 2024 prices (CBS CPI); discount rate: 5.5% (nl-2007); horizon: 5 years for "
        "every study (no extrapolation); first year not discounted (t=0).")
    assert as_basis(price_year=2024).describe("nl", own_rates=[0.04, 0.055]) == (
        "Basis: prijspeil 2024 (CBS-CPI); discontovoet: eigen discontovoet van elke studie "
        "(4%-5,5%); looptijd: eigen looptijd van elke studie; eerste jaar één jaar "
        "verdisconteerd (t=1).")
