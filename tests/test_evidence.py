"""Per-study effects and variances (mkba.evidence), worked by hand."""

import math

import pytest
from helpers_studies import make_study

from mkba.appraisal import appraise
from mkba.errors import ArgumentError
from mkba.evidence import (
    fill_default,
    reported_interval,
    study_evidence,
    study_intervals,
    study_se,
)
from mkba.schema import ReportedFigure

Z90 = 1.6448536269514722  # standard normal quantile at 0.95 (two-sided 90%)
Z75 = 0.6744897501960817  # at 0.75 (two-sided 50%)
Z975 = 1.959963984540054  # at 0.975 (two-sided 95%)


def _pv_study(id, variants, **meta):
    """Present-value study: costs 1000 paid by the municipality, benefits per variant."""
    pv = []
    for variant, benefits in variants.items():
        pv += [("cost", "uitvoering_team", "gemeente", 1000.0, variant),
               ("benefit", "jeugdzorg", "gemeente", benefits * 0.4, variant),
               ("benefit", "gezondheid", "zorgverzekeraar", benefits * 0.6, variant)]
    return make_study(id, pv_items=pv, households=10, **meta)


def test_variance_from_variants_interval_and_default():
    # a: base ratio 1.5, variants 1.0 and 2.0 -> on the log scale the sides are
    # log(1.5) = 0.405465 and log(2 / 1.5) = 0.287682; the wider is one side of a 90% interval
    a = _pv_study("a", {"basis": 1500.0, "laag": 1000.0, "hoog": 2000.0})
    # b: a reported 90% interval of the ratio, 1.2 to 3.0
    b = _pv_study("b", {"basis": 2000.0}, reported=(
        ReportedFigure("basis", "bcr", 2.0, low=1.2, high=3.0, level=0.90),))
    # c: nothing: gets the largest se of the others, flagged
    c = _pv_study("c", {"basis": 800.0})
    ev = study_evidence([a, b, c], "log_bcr", price_year=2015)
    t = ev.table.set_index("study_id")
    se_a = math.log(1.5) / Z90                             # 0.246505
    se_b = (math.log(3.0) - math.log(1.2)) / (2 * Z90)     # 0.278533
    assert t.loc["a", "se"] == pytest.approx(se_a, rel=1e-9)
    assert t.loc["b", "se"] == pytest.approx(se_b, rel=1e-9)
    assert t.loc["c", "se"] == pytest.approx(se_b, rel=1e-9)
    assert list(t["variance_source"]) == ["range", "interval", "default"]
    assert list(t["flagged"]) == [False, False, True]
    assert t.loc["c", "effect"] == pytest.approx(math.log(0.8))
    assert t.loc["a", "variance"] == pytest.approx(se_a**2)


def test_coverage_is_an_explicit_assumption():
    a = _pv_study("a", {"basis": 1500.0, "laag": 1000.0, "hoog": 2000.0})
    b = _pv_study("b", {"basis": 1200.0, "laag": 1100.0})
    wide = study_evidence([a, b], "log_bcr", price_year=2015, coverage=0.5)
    # z at 0.75 = 0.6744897501960817: half coverage -> much larger se (wider side log 1.5)
    expected = math.log(1.5) / 0.6744897501960817
    assert wide.table.loc[0, "se"] == pytest.approx(expected, rel=1e-9)


def test_per_household_measures():
    a = _pv_study("a", {"basis": 1500.0, "laag": 1000.0})
    ev = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                        "net_per_household", price_year=2015)
    # a: (1500 - 1000) / 10 households = 50; the variant (1000 - 1000) / 10 = 0 lies 50 below:
    # one side of a 90% interval
    assert ev.table.loc[0, "effect"] == pytest.approx(50.0)
    assert ev.table.loc[0, "se"] == pytest.approx(50.0 / Z90)
    cat = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                         "benefit_per_household:jeugdzorg", price_year=2015)
    assert cat.table.loc[0, "effect"] == pytest.approx(1500.0 * 0.4 / 10)
    actor = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                           "balance_per_household:gemeente", price_year=2015)
    assert actor.table.loc[0, "effect"] == pytest.approx((600.0 - 1000.0) / 10)


@pytest.mark.parametrize("measure", ["ratio", "benefit_per_household", "log_bcr:gemeente",
                                     "balance_per_household:marsmannetjes"])
def test_unknown_measure_is_refused(measure):
    with pytest.raises(ArgumentError, match=f"^measure='{measure}'") as exc:
        study_evidence([_pv_study("a", {"basis": 1.0})], measure)
    nl, en = str(exc.value), exc.value.render("en")
    if measure == "ratio":
        assert "is niet toegestaan; gebruik een van log_bcr" in nl
        assert "is not allowed; use one of log_bcr" in en
    elif measure == "log_bcr:gemeente":
        assert nl.endswith(": log_bcr heeft geen ':code'")
        assert en.endswith(": log_bcr takes no ':code'")
    else:
        assert "vraagt na ':' een code uit " in nl and "needs a code after ':' from " in en


def test_no_variance_source_at_all_is_refused():
    with pytest.raises(ArgumentError, match="^geen studie heeft een interval of "
                                            "gevoeligheidsvarianten voor log_bcr") as exc:
        study_evidence([_pv_study("a", {"basis": 1500.0}), _pv_study("b", {"basis": 900.0})],
                       price_year=2015)
    assert exc.value.render("en").startswith("no study has an interval or sensitivity variants "
                                             "for log_bcr")


# The rules themselves, one study and one measure at a time (mkba.scenario.evidence calls them).

def test_study_se_takes_the_first_rule_that_applies():
    # a reported 95% interval of width 4 wins over the variants: se = 4 / (2 * 1.96)
    assert study_se([1.0, 9.0], coverage=0.9, reported=(4.0, 0.95)) == \
        (pytest.approx(4.0 / (2 * Z975), rel=1e-12), "interval")
    # a reported range without a level is taken to cover `coverage`
    assert study_se([], coverage=0.5, reported=(4.0, None)) == \
        (pytest.approx(4.0 / (2 * Z75), rel=1e-12), "range")
    # base 1.5, variants 1 and 3: the wider side 3 - 1.5 = 1.5 is one side of a 90% interval;
    # None and non-finite values left out
    assert study_se([1.5, None, 1.0, math.nan, 3.0], coverage=0.9) == \
        (pytest.approx(1.5 / Z90, rel=1e-12), "range")
    # one value, or variants that do not move the measure: no se
    assert study_se([1.5], coverage=0.9) == (None, "default")
    assert study_se([1.5, 1.5], coverage=0.9) == (None, "default")


def test_study_se_reads_the_variants_only_without_an_interval():
    def values():
        raise AssertionError("variants read although an interval is reported")
        yield
    assert study_se(values(), coverage=0.9, reported=(1.0, 0.9))[1] == "interval"


def test_fill_default_gives_the_largest_other_se_and_flags():
    assert fill_default([0.25, None, 0.5, None]) == ([0.25, 0.5, 0.5, 0.5],
                                                     [False, True, False, True])
    assert fill_default([]) == ([], [])
    assert fill_default([None]) is None


def test_reported_interval_on_the_scale_of_the_measure():
    b = _pv_study("b", {"basis": 2000.0}, reported=(
        ReportedFigure("basis", "bcr", 2.0, low=1.2, high=3.0, level=None),))
    a = appraise(b, price_year=2015)
    assert a.pv_costs_per_household == pytest.approx(100.0)  # 1000 / 10 households
    # log scale: log 3 - log 1.2; per household: (3.0 - 1.2) * costs of 100 per household
    assert reported_interval(b, "log_bcr", a) == (pytest.approx(math.log(2.5)), None)
    assert reported_interval(b, "benefits_per_household", a) == (pytest.approx(180.0), None)
    assert reported_interval(b, "net_per_household", a) == (pytest.approx(180.0), None)
    assert reported_interval(b, "costs_per_household", a) is None
    assert reported_interval(b, "benefit_per_household:jeugdzorg", a) is None
    # the range without a level counts as a range covering `coverage`
    ev = study_evidence([b, _pv_study("c", {"basis": 900.0, "hoog": 1200.0})],
                        "benefits_per_household", price_year=2015, coverage=0.5)
    assert ev.table.loc[0, "se"] == pytest.approx(180.0 / (2 * Z75), rel=1e-9)
    assert ev.table.loc[0, "variance_source"] == "range"


def test_an_asymmetric_range_gives_an_interval_that_contains_the_variants():
    # the case: base ratio 3.45, one variant "effect laag" at 1.72. On the log scale the
    # side is log(3.45) - log(1.72) = 1.238374 - 0.542324 = 0.696050, se = 0.696050 /
    # 1.644854 = 0.423168; the 95% interval scales that side by 1.959964 / 1.644854 =
    # 1.191573: lower bound 3.45 * exp(-0.696050 * 1.191573) = 3.45 * 0.436314 = 1.50528, upper
    # bound the base case 3.45 itself (the
    # study reported nothing above it). A symmetric interval would be [2.28; 5.21].
    one = _pv_study("one", {"basis": 3450.0, "effect laag": 1720.0})
    # two: the same distance on both sides (1.72 and 3.45 * 3.45 / 1.72 = 6.920058)
    two = _pv_study("two", {"basis": 3450.0, "laag": 1720.0, "hoog": 3450.0 ** 2 / 1720.0})
    ev = study_evidence([one, two], "log_bcr", price_year=2015)
    t = ev.table.set_index("study_id")
    assert t.loc["one", "se"] == pytest.approx(0.423168, abs=1e-6)
    assert t.loc["two", "se"] == pytest.approx(t.loc["one", "se"], rel=1e-9)  # same weight
    low, high = study_intervals(ev.table, level=0.95, coverage=0.9)
    assert math.exp(low[0]) == pytest.approx(1.50528, abs=1e-5)
    assert math.exp(high[0]) == pytest.approx(3.45, rel=1e-12)
    assert math.exp(low[0]) <= 1.72 <= 3.45 <= math.exp(high[0])
    # a coverage of 99% would shrink the sides (z 1.96 < 2.58): widened to the variants
    low, high = study_intervals(ev.table, level=0.95, coverage=0.99)
    assert math.exp(low[0]) == pytest.approx(1.72, rel=1e-12)
    # a study with a reported interval keeps effect -/+ z * se
    b = _pv_study("b", {"basis": 2000.0}, reported=(
        ReportedFigure("basis", "bcr", 2.0, low=1.2, high=3.0, level=0.90),))
    ev = study_evidence([one, b], "log_bcr", price_year=2015)
    low, high = study_intervals(ev.table, level=0.90, coverage=0.9)
    se_b = (math.log(3.0) - math.log(1.2)) / (2 * Z90)
    assert (low[1], high[1]) == (pytest.approx(math.log(2.0) - Z90 * se_b),
                                 pytest.approx(math.log(2.0) + Z90 * se_b))
