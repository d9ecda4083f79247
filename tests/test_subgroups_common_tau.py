"""The common-tau² test for subgroup differences (mkba.pooling.subgroups).

References: metafor's ``rma(yi, vi, mods = ~ factor(group))``, as reproduced by
:func:`mkba.pooling.meta_regression` (tested against metafor in test_pooling_regression.py); a
DerSimonian-Laird moderator model worked out by hand with numpy; statsmodels' weighted least
squares for the Knapp-Hartung F test.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from test_pooling_data import BCG_ALLOC, bcg

from mkba.phrases import subgroup_tests
from mkba.pooling import meta_regression, subgroups

# five studies: group A (three) and group B (two); spread enough that DL's tau² > 0
Y = np.array([0.10, 0.90, 0.30, 1.00, 2.20])
V = np.array([0.02, 0.03, 0.05, 0.04, 0.06])
G = ["A", "A", "A", "B", "B"]


@pytest.mark.parametrize("method", ["reml", "ml", "dl", "pm", "fe"])
@pytest.mark.parametrize("ci", ["z", "hksj"])
def test_common_tau2_test_is_the_meta_regression_on_the_factor(method, ci):
    yi, vi = bcg()
    res = subgroups(yi, vi, BCG_ALLOC, method=method, ci=ci)
    fit = meta_regression(yi, vi, {"alloc": BCG_ALLOC}, method=method, ci=ci)
    assert res.qm == pytest.approx(fit.qm, rel=1e-8, abs=1e-12)
    assert res.qm_p == pytest.approx(fit.qm_p, rel=1e-8, abs=1e-12)
    assert res.qm_tau2 == pytest.approx(fit.tau2, rel=1e-8, abs=1e-12)
    assert res.qm_df == fit.qm_df == 2
    assert res.qm_df2 == (fit.df if ci == "hksj" else None)


def test_common_tau2_test_by_hand_dersimonian_laird():
    """DL for the model with one mean per group, written out: residual Q of the fixed-effect
    fit, the trace of P, tau², then the difference of the two weighted group means and its
    variance."""
    res = subgroups(Y, V, G, method="dl")
    w = 1 / V
    a, b = np.array([g == "A" for g in G]), np.array([g == "B" for g in G])
    # fixed-effect residual Q: each study against its own group's weighted mean
    qe = sum(np.sum(w[m] * (Y[m] - np.sum(w[m] * Y[m]) / np.sum(w[m])) ** 2) for m in (a, b))
    # tr(P) for a one-mean-per-group design: sum over groups of W_g - sum(w_i^2) / W_g
    trace = sum(np.sum(w[m]) - np.sum(w[m] ** 2) / np.sum(w[m]) for m in (a, b))
    tau2 = max(0.0, (qe - (5 - 2)) / trace)
    assert tau2 > 0  # the random-effects path is exercised
    ws = 1 / (V + tau2)
    mean_a = np.sum(ws[a] * Y[a]) / np.sum(ws[a])
    mean_b = np.sum(ws[b] * Y[b]) / np.sum(ws[b])
    var_diff = 1 / np.sum(ws[a]) + 1 / np.sum(ws[b])
    qm = (mean_b - mean_a) ** 2 / var_diff
    assert res.qm_tau2 == pytest.approx(tau2, rel=1e-10)
    assert res.qm == pytest.approx(qm, rel=1e-10)
    assert res.qm_p == pytest.approx(stats.chi2.sf(qm, 1), rel=1e-10)
    assert (res.qm_df, res.qm_df2) == (1, None)


def test_common_tau2_test_with_knapp_hartung_is_the_wls_f_test():
    """Knapp-Hartung scales the covariance by the weighted residual mean square: the F test of
    ordinary weighted least squares with weights 1 / (v + tau²)."""
    res = subgroups(Y, V, G, method="dl", ci="hksj")
    X = sm.add_constant(np.array([0.0, 0, 0, 1, 1]))
    ols = sm.WLS(Y, X, weights=1 / (V + res.qm_tau2)).fit()
    f = ols.f_test(np.array([[0.0, 1.0]]))
    assert res.qm == pytest.approx(float(np.squeeze(f.fvalue)), rel=1e-10)
    assert res.qm_p == pytest.approx(float(f.pvalue), rel=1e-10)
    assert (res.qm_df, res.qm_df2) == (1, 3)


def test_with_a_fixed_effect_both_tests_are_the_same_number():
    """FE: both are Q between the groups' inverse-variance means (hand-worked in the doctest:
    1.5 and 4, weights 2 and 2, Q = 6.25)."""
    res = subgroups([1.0, 2.0, 3.0, 5.0], [1.0] * 4, ["a", "a", "b", "b"], method="fe")
    assert res.qm == pytest.approx(6.25) and res.q_between == pytest.approx(6.25)


def test_a_group_of_one_study_enters_neither_test():
    yi, vi = bcg()
    groups = list(BCG_ALLOC)
    groups[0] = "single"
    res = subgroups(yi, vi, groups, method="reml")
    assert res.untested_groups == ("single",)
    assert res["single"].k == 1
    rest = subgroups(yi[1:], vi[1:], groups[1:], method="reml")
    assert res.qm == pytest.approx(rest.qm, rel=1e-12)
    assert res.q_between == pytest.approx(rest.q_between, rel=1e-12)
    assert res.qm_df == res.q_between_df == 2  # three tested groups
    tests = res.to_dict()["tests"]
    assert tests["untested_groups"] == ["single"]
    line = subgroup_tests(res, ["Single"], "en")[-1]
    assert line == "not tested (one study): Single"


def test_without_two_tested_groups_there_is_no_test():
    res = subgroups([0.1, 0.3, 0.9], [0.04, 0.05, 0.09], ["x", "x", "y"], method="reml")
    assert math.isnan(res.qm) and math.isnan(res.q_between)
    assert res.qm_df == res.q_between_df == 0
    tests = json.loads(json.dumps(res.to_dict()))["tests"]  # undefined values are null
    assert tests["common_tau2"]["value"] is None and tests["separate_tau2"]["p_value"] is None
    assert subgroup_tests(res, ["y"], "nl") == [
        "niet te toetsen: minder dan twee subgroepen met twee of meer studies",
        "niet getoetst (één studie): y"]


def test_numeric_group_labels_are_a_factor_not_a_slope():
    as_text = subgroups(Y, V, ["1", "1", "1", "3", "3"], method="reml")
    as_numbers = subgroups(Y, V, [1, 1, 1, 3, 3], method="reml")
    assert as_numbers.qm == pytest.approx(as_text.qm, rel=1e-12)


def test_both_tests_are_labelled_in_to_dict():
    res = subgroups(Y, V, G, method="reml", ci="hksj")
    tests = res.to_dict()["tests"]
    assert tests["reported"] == "common_tau2"
    assert tests["common_tau2"]["statistic"] == "F" and tests["common_tau2"]["df2"] == 3
    assert "common to all tested subgroups" in tests["common_tau2"]["description"]
    assert tests["separate_tau2"]["statistic"] == "Q"
    assert "own tau2" in tests["separate_tau2"]["description"]
    assert tests["separate_tau2"]["value"] == pytest.approx(res.q_between)


# ------------------------------------------------------------------ the words of the outputs


@pytest.fixture(scope="module")
def studies():
    from mkba.io import read_studies
    return read_studies("studies")


def test_format_pooled_names_the_probability_after_its_measure(studies):
    from mkba.analysis import pool_studies
    from mkba.pooled_tables import format_pooled, pooled_tables
    costs = pool_studies(studies, measure="costs_per_household", draws=200)
    nl, en = format_pooled(costs), format_pooled(costs, lang="en")
    assert "kans dat kosten per huishouden > 0 in een nieuwe setting: " in nl
    assert "probability that costs per household > 0 in a new setting: " in en
    assert "baten" not in nl.lower() and "benefits" not in en.lower()
    assert "gepoold gemiddelde " in nl and "pooled mean " in en
    assert "P(costs per household > 0)" in pooled_tables(costs, "en")[0].frame.columns


def test_format_pooled_in_dutch_has_no_english_note_and_names_both_tests(studies):
    from mkba.analysis import pool_studies
    from mkba.pooled_tables import format_pooled
    res = pool_studies(studies, by="approach_type", draws=200)
    nl = format_pooled(res)
    assert "Egger's" not in nl and "power" not in nl and "heterogeneity" not in nl
    assert "onderscheidend vermogen" in nl
    assert "gepoolde verhouding (teruggerekend van het gemiddelde op logschaal) " in nl
    assert "gemiddeld " not in nl  # the Monte Carlo mean is "gemiddelde", never "gemiddeld"
    mc = res.monte_carlo
    assert (f"nieuwe setting (Monte Carlo): gemiddelde {f'{mc.mean:.2f}'.replace('.', ',')}, "
            f"mediaan {f'{mc.median:.2f}'.replace('.', ',')}") in nl
    sg = res.subgroups
    common = (f"  verschil tussen subgroepen, toets met één gemeenschappelijke tau² "
              f"(moderatortoets), tau² = {f'{sg.qm_tau2:.3f}'.replace('.', ',')}: "
              f"QM = {f'{sg.qm:.2f}'.replace('.', ',')} (df = 4), p = ")
    separate = ("  verschil tussen subgroepen, toets met een aparte tau² per subgroep: "
                f"Q = {f'{sg.q_between:.2f}'.replace('.', ',')} (df = 4), p = ")
    assert common in nl and separate in nl
    assert nl.index(common) < nl.index(separate)  # the default test first
