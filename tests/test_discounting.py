"""Tests of mkba.discounting's factors and rules: annuity factor and payback year.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba.discounting import annuity_factor, discount_factors, npv, payback_year

PROPS = settings(max_examples=40, deadline=None)


# --- annuity factor ---------------------------------------------------------------------------

def test_annuity_factor_three_years_at_5_5_percent_by_hand():
    # 1/1.055 = 0.9478673; 1.055^2 = 1.113025 -> 0.8984524; 1.055^3 = 1.174241375 -> 0.8516137
    # sum 2.6979334; closed form (1 - 1.055^-3) / 0.055 = 0.1483863 / 0.055 = 2.697933
    assert annuity_factor(3, 0.055) == pytest.approx(2.697933, abs=1e-6)
    # t=0: the first payment undiscounted: 1 + 0.9478673 + 0.8984524 = 2.8463197
    assert annuity_factor(3, 0.055, "t0") == pytest.approx(2.846320, abs=1e-6)


def test_annuity_factor_at_rate_zero_is_the_horizon_and_zero_years_is_zero():
    assert annuity_factor(7, 0.0) == 7.0
    assert annuity_factor(7, 0.0, "t0") == 7.0
    assert annuity_factor(0, 0.04) == 0.0


@PROPS
@given(st.integers(1, 60), st.floats(0.0, 0.5), st.sampled_from(["t1", "t0"]))
def test_annuity_factor_is_the_present_value_of_one_a_year(horizon, rate, timing):
    assert annuity_factor(horizon, rate, timing) == npv([1.0] * horizon, rate, timing=timing)
    assert annuity_factor(horizon, rate, "t0") == pytest.approx(
        (1 + rate) * annuity_factor(horizon, rate, "t1"), rel=1e-12)


# --- payback year -----------------------------------------------------------------------------

def test_payback_year_by_hand():
    # costs 1000 in 2015, benefits 500 a year 2015-2017 at 25%, t=1 (factors 0.8, 0.64, 0.512):
    # net 2015 = 400 - 800 = -400, 2016 = 320 -> -80, 2017 = 256 -> 176: paid back in 2017
    cumulative = [400.0 - 800.0, 400.0 - 800.0 + 320.0, 400.0 - 800.0 + 320.0 + 256.0]
    assert payback_year(cumulative, 2015) == 2017


def test_payback_year_must_stay_non_negative_and_may_never_come():
    # 2015 >= 0, 2016 < 0 again, 2017 >= 0: the year from which it stays non-negative is 2017
    assert payback_year([5.0, -1.0, 2.0], 2015) == 2017
    assert payback_year([0.0, 0.0], 2020) == 2020   # exactly zero counts as paid back
    assert payback_year([-3.0, -1.0], 2020) is None
    assert payback_year([], 2020) is None


def test_payback_year_tolerance_is_a_billionth_of_the_scale():
    # scale 1000 -> tolerance 1e-6: -5e-7 counts as zero, -2e-6 does not
    assert payback_year([-5e-7, 1.0], 2015, scale=1000.0) == 2015
    assert payback_year([-2e-6, 1.0], 2015, scale=1000.0) == 2016
    assert payback_year([-5e-7, 1.0], 2015) == 2016


def test_discount_factors_still_by_hand():
    # 1/1.25 = 0.8, 1/1.5625 = 0.64; t=0 starts at 1
    assert discount_factors(2, 0.25, "t1").tolist() == [0.8, 0.64]
    assert discount_factors(2, 0.25, "t0").tolist() == [1.0, 0.8]
