"""Tests of mkba.appraisal: hand-worked examples (working shown), properties, errors.

Reference values are worked out by hand in the comments; the CPI changes come from
mkba/data/cpi_nl.csv (CBS StatLine 83131NED): 2022 +10.0%, 2023 +3.8%, 2024 +3.3%.
"""

from __future__ import annotations

import math

import pytest
from helpers_studies import DEFAULT_FLOWS, make_study
from hypothesis import given, settings
from hypothesis import strategies as st

from mkba.appraisal import appraise, appraise_all, reconcile, reported_mismatches
from mkba.basis import parse_rate
from mkba.discounting import TIMINGS, npv, regime_rate
from mkba.errors import ArgumentError, InputError, ReferenceDataError
from mkba.prices import latest_price_year, price_index_factor

PROPS = settings(max_examples=40, deadline=None)


# --- hand-worked example 1: timing t=1 versus t=0 -------------------------------------------

def test_npv_timing_t1_versus_t0_by_hand():
    # Flows 100 in year 0 and 100 in year 1 at 10%.
    # t1: 100/1.1 + 100/1.1**2 = 90.909091 + 82.644628 = 173.553719
    # t0: 100 + 100/1.1          = 100       + 90.909091 = 190.909091
    assert npv([100, 100], 0.10, timing="t1") == pytest.approx(173.553719, abs=1e-6)
    assert npv([100, 100], 0.10, timing="t0") == pytest.approx(190.909091, abs=1e-6)
    # t0 is t1 shifted one year earlier: exactly a factor 1.1 larger.
    assert npv([100, 100], 0.10, timing="t0") == pytest.approx(1.1 * 173.553719, abs=1e-5)


def test_appraisal_timing_t0_scales_pvs_but_not_ratio_or_payback():
    # Default study at 25%: t1 factors 0.8, 0.64, 0.512; t0 factors 1, 0.8, 0.64.
    # t0: costs 1000*1 = 1000; benefits 500*(1 + 0.8 + 0.64) = 1220; ratio 1.22 as at t1.
    s = make_study()
    t0 = appraise(s, price_year=2015, rate=0.25, timing="t0")
    t1 = appraise(s, price_year=2015, rate=0.25, timing="t1")
    assert t0.pv_costs == pytest.approx(1000.0)
    assert t0.pv_benefits == pytest.approx(1220.0)
    assert t0.bcr == pytest.approx(t1.bcr) == pytest.approx(1.22)
    assert t0.payback_year == t1.payback_year == 2017
    assert t0.timing == "t0"


# --- hand-worked example 2: rebasing across 2022's 10% inflation -----------------------------

def test_price_index_2021_to_2023_by_hand():
    # 2021 prices -> 2023 prices: x (1 + 0.100) for 2022 x (1 + 0.038) for 2023
    # = 1.10 * 1.038 = 1.1418; so EUR 1000 of 2021 is EUR 1141.80 of 2023.
    assert price_index_factor(2021, 2023) == pytest.approx(1.1418, rel=1e-12)
    assert 1000 * price_index_factor(2021, 2023) == pytest.approx(1141.80, abs=1e-9)
    # Going back divides: 1141.80 of 2023 is 1000 of 2021.
    assert 1141.80 * price_index_factor(2023, 2021) == pytest.approx(1000.0, abs=1e-9)
    # One more year, 2024 (+3.3%): 1.1418 * 1.033 = 1.1794794.
    assert price_index_factor(2021, 2024) == pytest.approx(1.1794794, rel=1e-12)
    assert price_index_factor(2021) == price_index_factor(2021, latest_price_year())


def test_appraisal_rebases_present_values_2021_to_2023():
    # A present-value-only study in 2021 prices: costs 1000, benefits 1500.
    # At 2023 prices: costs 1141.80, benefits 1712.70; the ratio stays 1.5.
    s = make_study(pv_items=[("cost", "overig", "gemeente", 1000.0),
                             ("benefit", "overig", "rijk", 1500.0)], price_year=2021)
    a = appraise(s, price_year=2023)
    assert a.pv_costs == pytest.approx(1141.80)
    assert a.pv_benefits == pytest.approx(1712.70)
    assert a.bcr == pytest.approx(1.5)
    assert a.price_year == 2023 and a.study_price_year == 2021


# --- hand-worked example 3: a whole appraisal ------------------------------------------------

def test_full_appraisal_by_hand():
    # DEFAULT_FLOWS: costs 1000 (gemeente) in 2015; benefits per year 2015-2017:
    # 200 jeugdzorg (gemeente) + 300 gezondheid (zorgverzekeraar). Rate 25%, t1:
    # factors 1/1.25 = 0.8, 1/1.5625 = 0.64, 1/1.953125 = 0.512 (sum 1.952).
    # costs = 1000 * 0.8 = 800; benefits = 500 * 1.952 = 976; net = 176; ratio = 1.22.
    # gemeente benefits 200 * 1.952 = 390.4; zorgverzekeraar 300 * 1.952 = 585.6.
    # Cumulative net: 2015 -800+400 = -400; 2016 -400+320 = -80; 2017 -80+256 = +176 -> 2017.
    # Per household (100): costs 8.00, benefits 9.76, net 1.76.
    a = appraise(make_study(), price_year=2015, rate=0.25)
    assert (a.pv_costs, a.pv_benefits) == (pytest.approx(800.0), pytest.approx(976.0))
    assert a.net_pv == pytest.approx(176.0)
    assert a.bcr == pytest.approx(1.22)
    assert a.payback_year == 2017
    assert a.pv_costs_per_household == pytest.approx(8.0)
    assert a.pv_benefits_per_household == pytest.approx(9.76)
    assert a.net_per_household == pytest.approx(1.76)
    assert a.recomputed is True
    actors = a.by_actor.set_index("actor")
    assert actors.loc["gemeente", "costs"] == pytest.approx(800.0)
    assert actors.loc["gemeente", "benefits"] == pytest.approx(390.4)
    assert actors.loc["gemeente", "balance"] == pytest.approx(-409.6)
    assert actors.loc["zorgverzekeraar", "benefits"] == pytest.approx(585.6)
    cats = a.by_category
    assert list(zip(cats["kind"], cats["category"], strict=True)) == [
        ("cost", "uitvoering_team"), ("benefit", "jeugdzorg"), ("benefit", "gezondheid")]
    assert list(cats["amount"]) == pytest.approx([800.0, 390.4, 585.6])
    assert list(a.by_year["cumulative_pv_net"]) == pytest.approx([-400.0, -80.0, 176.0])


def test_common_horizon_truncates_and_never_extrapolates():
    # Horizon 2: benefits 500 * (0.8 + 0.64) = 720, costs 800, ratio 0.9; cumulative net
    # -400, -80 never reaches 0, so no payback year.
    s = make_study()
    short = appraise(s, price_year=2015, rate=0.25, horizon=2)
    assert short.pv_benefits == pytest.approx(720.0)
    assert short.bcr == pytest.approx(0.9)
    assert short.payback_year is None
    assert short.horizon == 2 and short.study_horizon == 3
    # Horizon 10 > own 3 years: no flows are invented, same result as the own horizon.
    long = appraise(s, price_year=2015, rate=0.25, horizon=10)
    assert long.pv_benefits == pytest.approx(976.0)
    assert "not extrapolated" in long.basis_note


def test_rate_choices_own_number_and_regime():
    s = make_study(discount_rate=0.04)
    assert appraise(s, price_year=2015).rate == 0.04
    assert appraise(s, price_year=2015, rate=0.03).rate == 0.03
    assert appraise(s, price_year=2015, rate="nl-2021").rate == 0.0225
    assert regime_rate("nl-2007") == 0.055
    # At 0%, the present value is the plain sum: benefits 3 * 500 = 1500, costs 1000.
    assert appraise(s, price_year=2015, rate=0.0).bcr == pytest.approx(1.5)


def test_present_value_items_are_not_rediscounted_and_are_marked():
    s = make_study(pv_items=[("cost", "overig", "gemeente", 400.0),
                             ("benefit", "overig", "rijk", 600.0)], discount_rate=0.055)
    own = appraise(s, price_year=2015)
    other = appraise(s, price_year=2015, rate="nl-2021", horizon=2)
    assert own.pv_benefits == other.pv_benefits == 600.0
    assert own.recomputed is False and other.recomputed is False
    assert other.payback_year is None
    assert "present values as reported" in other.basis_note


def test_mixed_scenario_rediscounts_flows_only():
    # A flow cost of 100 in 2015 at 25% t1 = 80; a reported PV benefit of 100 stays 100.
    s = make_study(flows=[("cost", "overig", "gemeente", 2015, 100.0)],
                   pv_items=[("benefit", "overig", "rijk", 100.0)])
    a = appraise(s, price_year=2015, rate=0.25)
    assert (a.pv_costs, a.pv_benefits) == (pytest.approx(80.0), 100.0)
    assert a.recomputed is False and a.payback_year is None


def test_appraise_all_covers_base_and_variants_in_order():
    flows = [("cost", "overig", "gemeente", 2015, 100.0),
             ("benefit", "overig", "rijk", 2015, 150.0),
             ("cost", "overig", "gemeente", 2015, 100.0, "hoog"),
             ("benefit", "overig", "rijk", 2015, 250.0, "hoog"),
             ("cost", "overig", "gemeente", 2015, 100.0, "laag"),
             ("benefit", "overig", "rijk", 2015, 80.0, "laag")]
    result = appraise_all(make_study(flows=flows), price_year=2015, rate=0.1)
    # Single year: ratio = benefits / costs regardless of the rate: 1.5, 2.5, 0.8.
    assert [(a.variant, round(a.bcr, 10)) for a in result] == [
        ("basis", 1.5), ("hoog", 2.5), ("laag", 0.8)]
    with pytest.raises(ArgumentError, match="variant"):
        appraise_all(make_study(), variant="basis")


def test_own_price_year_needs_no_cpi_data():
    # Price year 2031 is not in the CPI table, but the study's own basis needs no index.
    s = make_study(price_year=2031, pv_items=[("cost", "overig", "gemeente", 10.0),
                                              ("benefit", "overig", "rijk", 25.0)],
                   reported={"bcr": 2.5, "net_pv": 15.0})
    a = appraise(s, price_year=2031)
    assert (a.pv_costs, a.pv_benefits, a.net_pv, a.bcr) == (10.0, 25.0, 15.0, 2.5)
    assert reported_mismatches(s, 0.001) == []
    with pytest.raises(ReferenceDataError):
        appraise(s)


def test_reported_figures_agree_under_either_timing():
    # Own rate 25%; benefits 500 a year in 2015-2017, costs 1000 in 2015.
    # t1: benefits 500 * (0.8 + 0.64 + 0.512) = 976; t0: 500 * (1 + 0.8 + 0.64) = 1220.
    for reported in (976.0, 1220.0):
        s = make_study(discount_rate=0.25, reported={"pv_benefits": reported})
        assert reported_mismatches(s, 0.001) == []
    s = make_study(discount_rate=0.25, reported={"pv_benefits": 1100.0})
    [(fig, values)] = reported_mismatches(s, 0.01)
    assert fig.measure == "pv_benefits"
    assert values == pytest.approx((976.0, 1220.0))


def test_reconcile_against_reported_figures_at_own_price_year():
    # Reported 976 benefits at 25% (the hand-worked value) and a ratio of 1.25 (off by 0.03).
    s = make_study(discount_rate=0.25, price_year=2021, first_year=2015,
                   reported={"pv_benefits": 976.0, "bcr": 1.25})
    rec = reconcile(s, appraise(s, price_year=2023)).set_index("measure")
    # Amounts at 2023 prices are converted back to the study's 2021 prices before comparing.
    assert rec.loc["pv_benefits", "recomputed"] == pytest.approx(976.0)
    assert rec.loc["pv_benefits", "abs_diff"] == pytest.approx(0.0, abs=1e-9)
    assert rec.loc["bcr", "abs_diff"] == pytest.approx(1.22 - 1.25)
    assert rec.loc["bcr", "rel_diff"] == pytest.approx(-0.03 / 1.25)
    assert bool(rec.loc["bcr", "from_flows"]) is True
    with pytest.raises(ArgumentError, match="own"):
        reconcile(s, appraise(s, price_year=2021, rate=0.03))
    other = make_study(id="other")
    with pytest.raises(ArgumentError, match="appraisal"):
        reconcile(s, appraise(other, price_year=2015))


def test_reconcile_only_rows_for_appraised_scenarios():
    s = make_study(reported={"bcr": 1.0})
    assert len(reconcile(s, appraise_all(s, price_year=2015))) == 1
    assert reconcile(make_study(), appraise(make_study(), price_year=2015)).empty


def test_to_frame_is_one_row_of_scalars():
    frame = appraise(make_study(), price_year=2015, rate=0.25).to_frame()
    assert len(frame) == 1
    assert frame.loc[0, "pv_costs"] == pytest.approx(800.0)
    assert "by_actor" not in frame.columns


def test_households_not_positive_gives_no_per_household_figures():
    a = appraise(make_study(households=0), price_year=2015)
    assert a.net_per_household is None and a.pv_costs_per_household is None


def test_parse_rate():
    assert parse_rate("eigen") == (None, None)
    assert parse_rate("nl-2007") == (0.055, "nl-2007")
    assert parse_rate("0.03") == (0.03, None)
    assert parse_rate("5,5%") == (0.055, None)
    with pytest.raises(ArgumentError, match="percentage"):
        parse_rate("5.5")
    with pytest.raises(ArgumentError):
        parse_rate("vijf")


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("rate", [5.5, -0.01, 1.0, True, "nl-1900", float("nan"), [0.03]])
def test_bad_rate_names_argument_value_and_allowed(rate):
    with pytest.raises(ArgumentError) as exc:
        appraise(make_study(), price_year=2015, rate=rate)
    message = str(exc.value)
    assert "rate=" in message and repr(rate) in message
    assert "nl-2021" in message and "own" in message  # the allowed values


def test_bad_timing_horizon_price_year_scenario():
    s = make_study()
    with pytest.raises(ArgumentError, match=r"timing='t2'.*t1, t0"):
        appraise(s, timing="t2")
    with pytest.raises(ArgumentError, match="horizon=0"):
        appraise(s, horizon=0)
    with pytest.raises(ArgumentError, match=r"price_year='2015\.5'.*kalenderjaar") as exc:
        appraise(s, price_year="2015.5")
    assert "calendar year" in exc.value.render("en")
    # a year typed as text (a TOML string, a command-line option) is read as the year
    assert appraise(s, price_year="2015").price_year == 2015
    with pytest.raises(ArgumentError, match="^variant='hoog' is geen variant van studie 's1'; "
                                            "bekend: basis$") as exc:
        appraise(s, variant="hoog")
    assert exc.value.render("en") == "variant='hoog' is not a variant of study 's1'; known: basis"
    with pytest.raises(ArgumentError, match=r"^rate=None mag alleen bij een studie") as exc:
        npv([1.0], None)
    assert exc.value.render("en").startswith("rate=None is only allowed with a study")
    with pytest.raises(ArgumentError, match="flows=.*geef eindige getallen per jaar") as exc:
        npv([1.0, float("inf")], 0.03)
    assert "give finite numbers per year" in exc.value.render("en")
    with pytest.raises(ArgumentError, match=r"flows=\[1, 'x'\]"):
        npv(iter([1, "x"]), 0.03)
    # A generator is read once: 100 + 100/1.1 = 190.909091 at t0.
    assert npv((v for v in [100, 100]), 0.10, timing="t0") == pytest.approx(190.909091)
    assert TIMINGS == ("t1", "t0")


def test_price_year_outside_cpi_table_says_how_to_extend():
    with pytest.raises(ReferenceDataError) as exc:
        price_index_factor(2004, 2020)
    for lang, words in (("nl", "ligt buiten de CPI-tabel (bekende jaren 2005-2024)"),
                        ("en", "is outside the CPI table (known years 2005-2024)")):
        message = exc.value.render(lang)
        assert message.startswith(f"from_year=2004 {words}") and "cpi_nl.csv" in message
    with pytest.raises(ReferenceDataError, match=r"^studie 's1', prijsjaar 2015 -> 2099: "
                                                 r"to_year=2099 ligt buiten") as exc:
        appraise(make_study(), price_year=2099)
    assert exc.value.render("en").startswith("study 's1', price year 2015 -> 2099: to_year=2099 "
                                             "is outside the CPI table")


def test_bad_study_content_raises_input_error():
    with pytest.raises(InputError, match=r"^studie 's1', variant 'basis': jaar 2017 van een "
                                         r"kasstroom ligt buiten de looptijd van de studie, "
                                         r"2015-2016$") as exc:
        appraise(make_study(horizon=2), price_year=2015)  # flows in 2017 with horizon 2015-16
    assert exc.value.render("en") == ("study 's1', variant 'basis': flow year 2017 lies outside "
                                      "the study's horizon 2015-2016")
    no_actor = make_study(flows=[("cost", "overig", None, 2015, 1.0)])
    with pytest.raises(InputError, match="een post heeft geen actor") as exc:
        appraise(no_actor, price_year=2015)
    assert exc.value.render("en").endswith("a line item has no actor")
    bad_kind = make_study(flows=[("kosten", "overig", "gemeente", 2015, 1.0)])
    with pytest.raises(InputError, match="kind 'kosten' is niet toegestaan; gebruik cost of "
                                         "benefit") as exc:
        appraise(bad_kind, price_year=2015)
    assert "kind 'kosten' is not allowed; use cost or benefit" in exc.value.render("en")
    with pytest.raises(InputError, match=r"^discount_rate van studie 's1'=5.5 is niet "
                                         r"toegestaan") as exc:
        appraise(make_study(discount_rate=5.5), price_year=2015)
    assert exc.value.render("en").startswith("discount_rate of study 's1'=5.5 is not allowed; "
                                             "rates are decimals from 0 up to 1")


# --- properties --------------------------------------------------------------------------------

amounts = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=0.0, max_value=0.2)
timings = st.sampled_from(TIMINGS)


@PROPS
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=30),
       st.floats(-10, 10), st.floats(-10, 10), rates, timings)
def test_npv_is_linear_in_the_flows(pairs, a, b, rate, timing):
    x = [p[0] for p in pairs]
    y = [p[1] for p in pairs]
    combined = npv([a * xi + b * yi for xi, yi in pairs], rate, timing=timing)
    expected = a * npv(x, rate, timing=timing) + b * npv(y, rate, timing=timing)
    scale = sum(abs(a * xi) + abs(b * yi) for xi, yi in pairs) + 1.0
    assert abs(combined - expected) <= 1e-9 * scale


@PROPS
@given(st.lists(amounts, min_size=0, max_size=30), timings)
def test_npv_at_rate_zero_is_the_plain_sum(flows, timing):
    assert npv(flows, 0.0, timing=timing) == pytest.approx(math.fsum(flows), abs=1e-6)


ACTORS = ("gemeente", "zorgverzekeraar", "rijk", "woningcorporatie")
flow_items = st.lists(
    st.tuples(st.sampled_from(("cost", "benefit")), st.sampled_from(ACTORS),
              st.integers(0, 5), st.floats(0.0, 1e6)),
    min_size=1, max_size=25,
)


def _study(items, **meta):
    flows = [(k, "overig", a, 2015 + dy, v) for k, a, dy, v in items]
    flows.append(("cost", "uitvoering_team", "gemeente", 2015, 1000.0))
    return make_study(flows=flows, horizon=6, **meta)


@PROPS
@given(flow_items, rates, st.sampled_from([2005, 2012, 2015, 2022]),
       st.sampled_from([2010, 2021, 2024]), timings)
def test_rebasing_price_year_leaves_every_ratio_unchanged(items, rate, own_year, target, timing):
    s = _study(items, price_year=own_year)
    a = appraise(s, price_year=own_year, rate=rate, timing=timing)
    b = appraise(s, price_year=target, rate=rate, timing=timing)
    factor = price_index_factor(own_year, target)
    assert b.bcr == pytest.approx(a.bcr, rel=1e-12)
    assert b.pv_costs == pytest.approx(a.pv_costs * factor, rel=1e-12)
    # Costs always include 1000, so the cost shares per actor are defined.
    share_a = a.by_actor["costs"] / a.pv_costs
    share_b = b.by_actor["costs"] / b.pv_costs
    assert list(share_b) == pytest.approx(list(share_a), rel=1e-12, abs=1e-15)
    assert b.payback_year == a.payback_year


@PROPS
@given(flow_items, rates, timings, st.sampled_from([None, 1, 3, 8]))
def test_per_actor_amounts_add_up_to_the_totals(items, rate, timing, horizon):
    a = appraise(_study(items), price_year=2015, rate=rate, timing=timing, horizon=horizon)
    assert a.by_actor["costs"].sum() == a.pv_costs
    assert a.by_actor["benefits"].sum() == a.pv_benefits
    assert a.by_actor["balance"].sum() == pytest.approx(a.net_pv, rel=1e-12, abs=1e-6)
    by_kind = a.by_category.groupby("kind")["amount"].sum()
    assert by_kind["cost"] == pytest.approx(a.pv_costs, rel=1e-12)


@PROPS
@given(flow_items, rates, timings, st.randoms(use_true_random=False))
def test_order_of_line_items_does_not_matter(items, rate, timing, rnd):
    s = _study(items)
    shuffled_rows = s.items.sample(frac=1.0, random_state=rnd.randint(0, 2**31))
    s2 = make_study(flows=[(r.kind, r.category, r.actor, int(r.year), r.amount)
                           for r in shuffled_rows.itertuples()], horizon=6)
    a = appraise(s, price_year=2015, rate=rate, timing=timing)
    b = appraise(s2, price_year=2015, rate=rate, timing=timing)
    assert a.to_frame().equals(b.to_frame())
    assert a.by_actor.equals(b.by_actor)
    assert a.by_category.equals(b.by_category)


@PROPS
@given(flow_items, rates)
def test_t0_is_exactly_one_plus_rate_times_t1(items, rate):
    s = _study(items)
    t0 = appraise(s, price_year=2015, rate=rate, timing="t0")
    t1 = appraise(s, price_year=2015, rate=rate, timing="t1")
    assert t0.pv_benefits == pytest.approx((1 + rate) * t1.pv_benefits, rel=1e-12)


def test_default_flows_helper_is_what_the_comments_say():
    # Guard for the hand-worked examples above: 1000 of costs, 3 x (200 + 300) of benefits.
    assert sum(v for k, *_, v in DEFAULT_FLOWS if k == "cost") == 1000.0
    assert sum(v for k, *_, v in DEFAULT_FLOWS if k == "benefit") == 1500.0
