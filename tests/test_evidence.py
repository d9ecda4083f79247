"""Per-study effects and variances (mkba.evidence), worked by hand."""

import math

import pytest
from helpers_studies import make_study

from mkba.errors import ArgumentError
from mkba.evidence import study_evidence
from mkba.schema import ReportedFigure

Z90 = 1.6448536269514722  # standard normal quantile at 0.95 (two-sided 90%)


def _pv_study(id, variants, **meta):
    """Present-value study: costs 1000 paid by the municipality, benefits per scenario."""
    pv = []
    for scenario, benefits in variants.items():
        pv += [("cost", "uitvoering_team", "gemeente", 1000.0, scenario),
               ("benefit", "jeugdzorg", "gemeente", benefits * 0.4, scenario),
               ("benefit", "gezondheid", "zorgverzekeraar", benefits * 0.6, scenario)]
    return make_study(id, pv_items=pv, households=10, **meta)


def test_variance_from_variants_interval_and_default():
    # a: variants give ratios 1.0, 1.5, 2.0 -> log range log(2) - log(1) spans a 90% interval
    a = _pv_study("a", {"basis": 1500.0, "laag": 1000.0, "hoog": 2000.0})
    # b: a reported 90% interval of the ratio, 1.2 to 3.0
    b = _pv_study("b", {"basis": 2000.0}, reported=(
        ReportedFigure("basis", "bcr", 2.0, low=1.2, high=3.0, level=0.90),))
    # c: nothing: gets the largest se of the others, flagged
    c = _pv_study("c", {"basis": 800.0})
    ev = study_evidence([a, b, c], "log_bcr", price_year=2015)
    t = ev.table.set_index("study_id")
    se_a = math.log(2.0) / (2 * Z90)                       # 0.210703
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
    # z at 0.75 = 0.6744897501960817: half coverage -> much larger se
    expected = math.log(2.0) / (2 * 0.6744897501960817)
    assert wide.table.loc[0, "se"] == pytest.approx(expected, rel=1e-9)


def test_per_household_measures():
    a = _pv_study("a", {"basis": 1500.0, "laag": 1000.0})
    ev = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                        "net_per_household", price_year=2015)
    # a: (1500 - 1000) / 10 households; range (1500-1000)/10 = 50 spans 90%
    assert ev.table.loc[0, "effect"] == pytest.approx(50.0)
    assert ev.table.loc[0, "se"] == pytest.approx(50.0 / (2 * Z90))
    cat = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                         "benefit_per_household:jeugdzorg", price_year=2015)
    assert cat.table.loc[0, "effect"] == pytest.approx(1500.0 * 0.4 / 10)
    actor = study_evidence([a, _pv_study("b", {"basis": 900.0, "hoog": 1200.0})],
                           "balance_per_household:gemeente", price_year=2015)
    assert actor.table.loc[0, "effect"] == pytest.approx((600.0 - 1000.0) / 10)


@pytest.mark.parametrize("measure", ["ratio", "benefit_per_household", "log_bcr:gemeente",
                                     "balance_per_household:marsmannetjes"])
def test_unknown_measure_is_refused(measure):
    with pytest.raises(ArgumentError, match="measure"):
        study_evidence([_pv_study("a", {"basis": 1.0})], measure)


def test_no_variance_source_at_all_is_refused():
    with pytest.raises(ArgumentError, match="no study has an interval"):
        study_evidence([_pv_study("a", {"basis": 1500.0}), _pv_study("b", {"basis": 900.0})],
                       price_year=2015)
