"""Tests of mkba.assumptions (the headline with each assumption changed in turn), its table,
its figure, and where it appears: the report, results.json and ``mkba pool --json``.

Expected values are worked by hand (the coverage rows, the DerSimonian-Laird fit of two
studies), from tables of the normal and t distributions, or from scipy.stats and separate runs
of the public pooling functions.
"""

from __future__ import annotations

import json
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import STUDIES
from helpers_studies import make_study
from scipy import stats

from mkba.analysis import pool_studies
from mkba.appraisal import appraise_studies
from mkba.assumptions import (
    ASSUMPTIONS,
    COLUMNS,
    assumption_frame,
    assumption_records,
    setting_label,
)
from mkba.assumptions_table import TABLE_NAME, assumptions_table
from mkba.basis import as_basis
from mkba.cli import main
from mkba.errors import ArgumentError
from mkba.io import read_studies
from mkba.plots import FOOTNOTE_GID, NOTICE_GID, assumptions_plot
from mkba.report import build_report
from mkba.tables import FORMATS, format_value

# two-sided quantiles from a table of the standard normal distribution
Z90, Z50 = 1.6448536, 0.6744898


def _study(sid, ratios, **meta):
    """Costs of 1000 and benefits of 1000 * ratio in one year, per variant: the ratio exactly."""
    flows = []
    for variant, r in ratios.items():
        flows.append(("cost", "uitvoering_team", "gemeente", 2015, 1000.0, variant))
        flows.append(("benefit", "jeugdzorg", "gemeente", 2015, 1000.0 * r, variant))
    return make_study(sid, flows=flows, **meta)


@pytest.fixture(scope="module")
def examples():
    return read_studies(STUDIES)


@pytest.fixture(scope="module")
def pooled(examples):
    return pool_studies(examples, draws=4000, seed=7)


@pytest.fixture(scope="module")
def frame(pooled, examples):
    return assumption_frame(pooled, examples)


def _row(frame, assumption, setting):
    rows = frame[(frame["assumption"] == assumption) & (frame["setting"] == setting)]
    assert len(rows) == 1, (assumption, setting)
    return rows.iloc[0]


# --- the frame ---------------------------------------------------------------------------

def test_rows_and_defaults(frame):
    assert list(frame.columns) == list(COLUMNS)
    assert list(dict.fromkeys(frame["assumption"])) == list(ASSUMPTIONS)
    assert frame.groupby("assumption", sort=False)["setting"].apply(list).to_dict() == {
        "coverage": ["0.5", "0.8", "0.9", "0.95", "0.99"],
        "default_variance": ["largest_other", "leave_out"],
        "method": ["dl", "pm", "reml"], "ci": ["z", "hksj"],
        "prediction": ["normal", "t_k1", "t_k2"]}
    assert frame.loc[frame["is_default"], "setting"].tolist() == \
        ["0.9", "largest_other", "reml", "z", "normal"]


def test_each_default_row_is_the_headline(frame, pooled):
    head = pooled.summary()
    for _, row in frame[frame["is_default"]].iterrows():
        for key in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2", "k"):
            assert row[key] == pytest.approx(head[key], rel=1e-12), (row["assumption"], key)
        assert row["p_above"] == head["p_benefits_exceed_costs"]


def test_the_normal_prediction_interval_is_that_of_the_pooled_effect(frame, pooled):
    row = _row(frame, "prediction", "normal")
    p = pooled.pooled
    assert math.log(row["pi_low"]) == pytest.approx(p.pi_low, rel=1e-12)
    assert math.log(row["pi_high"]) == pytest.approx(p.pi_high, rel=1e-12)
    # and it is estimate +/- z(0.975) sqrt(tau2 + se2), z from a table
    half = 1.959964 * math.sqrt(p.tau2 + p.se ** 2)
    assert math.log(row["pi_high"]) == pytest.approx(p.estimate + half, abs=1e-6)


@pytest.mark.parametrize(("setting", "table_t"), [("t_k1", 2.179), ("t_k2", 2.201)])
def test_t_prediction_intervals(frame, pooled, setting, table_t):
    """Riley et al. (2011): estimate +/- t_{k-d} sqrt(tau2 + se2); 13 studies, so t on 12 and
    11 df, whose 97.5% quantiles are 2.179 and 2.201 in a table of the t distribution."""
    row, p = _row(frame, "prediction", setting), pooled.pooled
    df = {"t_k1": 12, "t_k2": 11}[setting]
    assert p.k == 13 and row["pi_df"] == df
    sd = math.sqrt(p.tau2 + p.se ** 2)
    assert (math.log(row["pi_high"]) - p.estimate) / sd == pytest.approx(table_t, abs=5e-4)
    t = stats.t.ppf(0.975, df)
    assert math.log(row["pi_low"]) == pytest.approx(p.estimate - t * sd, rel=1e-10)
    assert math.log(row["pi_high"]) == pytest.approx(p.estimate + t * sd, rel=1e-10)
    # the confidence interval and tau2 are those of the reference
    assert row["ci_low"] == pytest.approx(math.exp(p.ci_low)) and row["tau2"] == p.tau2
    # the probability from the t distribution of the row: close to the exact one
    exact = stats.t.sf(-p.estimate / sd, df)
    assert abs(row["p_above"] - exact) < 0.005


def test_estimator_and_interval_rows_equal_a_pooling_with_that_setting(frame, examples, pooled):
    for assumption, setting, kwargs in (("method", "dl", {"method": "dl"}),
                                        ("method", "pm", {"method": "pm"}),
                                        ("ci", "hksj", {"ci": "hksj"}),
                                        ("coverage", "0.95", {"coverage": 0.95})):
        other = pool_studies(examples, draws=4000, seed=7, **kwargs).summary()
        row = _row(frame, assumption, setting)
        for key in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2"):
            assert row[key] == pytest.approx(other[key], rel=1e-10), (setting, key)
        assert row["p_above"] == other["p_benefits_exceed_costs"], setting
        assert row["method"] == kwargs.get("method", "reml")


def test_coverage_rows_scale_the_standard_error_by_hand():
    """Three studies with the same ratio 2 (tau2 = 0): a and c with variants 1 and 4, b with
    1.6 and 2.5 (ranges symmetric on the log scale). A range taken as a coverage-c interval
    gives se_i = w_i / (2 z_c), so the pooled se is 1 / (2 z_c sqrt(sum 1 / w_i^2)):
    w = ln 4 = 1.3862944 (a, c) and ln 1.5625 = 0.4462871 (b), sum 1/w^2 = 6.061468,
    sqrt 2.462005; at 90%: 1 / (2 * 1.6448536 * 2.462005) = 0.123468, at 50%: 0.301096."""
    studies = [_study("a", {"basis": 2.0, "laag": 1.0, "hoog": 4.0}),
               _study("b", {"basis": 2.0, "laag": 1.6, "hoog": 2.5}),
               _study("c", {"basis": 2.0, "laag": 1.0, "hoog": 4.0})]
    ref = pool_studies(studies, draws=500, price_year=2015)
    frame = assumption_frame(ref, studies)
    se90 = _row(frame, "coverage", "0.9")["pooled_se"]
    se50 = _row(frame, "coverage", "0.5")["pooled_se"]
    assert se90 == pytest.approx(0.123468, abs=2e-6)
    assert se50 == pytest.approx(0.301096, abs=2e-6)
    assert se50 == pytest.approx(se90 * Z90 / Z50, rel=1e-6)
    cov = frame[frame["assumption"] == "coverage"]
    assert (cov["tau2"] == 0).all() and np.allclose(cov["estimate"], 2.0)
    # 99%: z = 2.5758293
    assert _row(frame, "coverage", "0.99")["pooled_se"] == pytest.approx(
        se90 * Z90 / 2.5758293, rel=1e-6)


def test_leave_out_row_pools_the_studies_with_own_uncertainty_by_hand():
    """a: ratio 2 with variants 1 and 4, b: ratio 6 with 4 and 9, c: no variants (flagged,
    gets the larger variance). Without c, DerSimonian-Laird of two studies by hand:
    y = ln 2, ln 6; v_i = (w_i / (2 * 1.6448536))^2 with w = ln 4, ln 2.25."""
    studies = [_study("a", {"basis": 2.0, "laag": 1.0, "hoog": 4.0}),
               _study("b", {"basis": 6.0, "laag": 4.0, "hoog": 9.0}),
               _study("c", {"basis": 1.2})]
    ref = pool_studies(studies, method="dl", draws=500, price_year=2015)
    frame = assumption_frame(ref, studies)
    kept, largest = _row(frame, "default_variance", "leave_out"), \
        _row(frame, "default_variance", "largest_other")
    assert (kept["k"], kept["flagged"], largest["k"]) == (2, 1, 3)
    y = np.array([math.log(2.0), math.log(6.0)])
    v = (np.array([math.log(4.0), math.log(2.25)]) / (2 * Z90)) ** 2
    w = 1 / v
    mean_fe = (w * y).sum() / w.sum()
    q = (w * (y - mean_fe) ** 2).sum()
    tau2 = max(0.0, (q - 1) / (w.sum() - (w ** 2).sum() / w.sum()))
    assert tau2 > 0.05  # Q = 5.06 on 1 df: heterogeneous
    wr = 1 / (v + tau2)
    est = (wr * y).sum() / wr.sum()
    se = math.sqrt(1 / wr.sum())
    # z from a table with 8 digits: agreement to about 1e-7
    assert kept["tau2"] == pytest.approx(tau2, rel=1e-6, abs=1e-9)
    assert kept["pooled_estimate"] == pytest.approx(est, rel=1e-6)
    assert kept["pooled_se"] == pytest.approx(se, rel=1e-6)
    assert kept["ci_high"] == pytest.approx(math.exp(est + 1.959964 * se), rel=1e-6)
    assert largest["pooled_estimate"] != pytest.approx(est)


def test_too_few_studies_leave_empty_values():
    """Two studies: no t on k - 2 = 0 df, and leaving the flagged one out leaves one study."""
    studies = [_study("a", {"basis": 2.0, "laag": 1.0, "hoog": 4.0}),
               _study("b", {"basis": 1.5})]
    ref = pool_studies(studies, draws=200, price_year=2015)
    frame = assumption_frame(ref, studies)
    assert math.isnan(_row(frame, "prediction", "t_k2")["pi_high"])
    assert math.isnan(_row(frame, "default_variance", "leave_out")["estimate"])
    assert not math.isnan(_row(frame, "prediction", "t_k1")["pi_high"])
    records = assumption_records(frame)
    json.dumps(records, allow_nan=False)  # NaN and NA became None
    row = [r for r in records if r["setting"] == "t_k2"][0]
    assert row["pi_high"] is None and row["pi_df"] == 0 and row["k"] == 2


def test_refuses_what_is_not_a_pooled_analysis(examples):
    with pytest.raises(ArgumentError, match="PooledStudies"):
        assumption_frame("headline", examples)
    with pytest.raises(ArgumentError):
        setting_label("coverage_x", "0.5")


def test_uses_the_appraisals_it_is_given(examples, pooled, frame):
    appraisals = appraise_studies(examples, as_basis(None))
    again = assumption_frame(pooled, examples, appraisals=appraisals)
    assert again.drop(columns="pi_df").equals(frame.drop(columns="pi_df"))


# --- the table -----------------------------------------------------------------------------

def test_table_in_both_languages(frame, pooled):
    nl, en = assumptions_table(frame, pooled), assumptions_table(frame, pooled, "en")
    assert nl.name == en.name == TABLE_NAME
    assert nl.title == "Gevoeligheid van de gepoolde uitkomst voor de aannames"
    assert list(nl.frame.columns[:4]) == ["Aanname", "Instelling", "In het rapport",
                                         "Aantal studies"]
    assert "Kans baten > kosten" in nl.frame.columns and "P(benefits > costs)" in en.frame.columns
    assert len(nl.frame) == len(frame) == 15
    assert set(nl.formats.values()) <= set(FORMATS)
    assert "Riley" in nl.note and "k−2" in nl.note and "10.000" not in nl.note  # 4000 draws
    assert "4.000 trekkingen" in nl.note and "4,000 draws" in en.note
    row = nl.frame.iloc[4]  # 99% coverage
    assert row["Instelling"] == "99%" and row["In het rapport"] == "nee"
    assert format_value(row["Kans baten > kosten"], "share", "nl").endswith("%")
    assert nl.frame.loc[nl.frame["In het rapport"] == "ja", "Instelling"].tolist() == [
        "90%", "krijgt de grootste variantie", "REML", "normaal (z)", "normaal (z)"]
    # the values are the frame's, rounded
    assert row["Schatting"] == round(frame.iloc[4]["estimate"], 2)


# --- the figure ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_figure_has_a_panel_per_assumption(frame, pooled, lang):
    ax = assumptions_plot(frame, pooled, lang=lang)
    fig = ax.get_figure()
    try:
        assert len(fig.axes) == len(ASSUMPTIONS) and ax is fig.axes[-1]
        titles = [a.get_title(loc="left") for a in fig.axes]
        assert titles[0] == ("Dekking van de bandbreedte van varianten" if lang == "nl"
                             else "Coverage of the range of variants")
        assert fig.get_suptitle().startswith("Gevoeligheid" if lang == "nl" else "Sensitivity")
        assert ("€ baten per € kosten" if lang == "nl" else "€ benefits per € costs") in \
            ax.get_xlabel()
        # one estimate and one probability per row; the setting of the report in bold
        probs = [t for a in fig.axes for t in a.texts if t.get_gid() == "p-above"]
        assert len(probs) == len(frame)
        for a, assumption in zip(fig.axes, ASSUMPTIONS, strict=True):
            rows = frame[frame["assumption"] == assumption]
            bold = [t.get_text() for t in a.get_yticklabels() if t.get_fontweight() == "bold"]
            default = rows.loc[rows["is_default"], "setting"].iloc[0]
            assert bold == [setting_label(assumption, default, lang)]
            assert len([c for c in a.collections if c.get_gid() == "estimate"]) == len(rows)
            assert a.get_xscale() == "log"
        (note,) = [t.get_text() for t in ax.texts if t.get_gid() == FOOTNOTE_GID]
        assert note.startswith("Basis")
        assert [t.get_text() for t in ax.texts if t.get_gid() == NOTICE_GID]  # illustrative
    finally:
        plt.close(fig)


def test_figure_probabilities_are_those_of_the_frame(frame, pooled):
    ax = assumptions_plot(frame, pooled, lang="en")
    texts = [t.get_text() for a in ax.get_figure().axes for t in a.texts
             if t.get_gid() == "p-above"]
    # 0.9729 is 97.3%; a share of draws that rounds to 100% is shown as "> 99.9%" (a finite
    # number of draws shows no certainty)
    expected = ["> 99.9%" if p >= 0.9995 else f"{round(p * 100, 1):.1f}%"
                for p in frame["p_above"]]
    assert texts == expected


# --- the report, results.json and mkba pool --json -------------------------------------------

@pytest.fixture(scope="module")
def report(examples):
    return build_report(examples, draws=2000)


def test_report_has_the_table_the_figure_and_the_json(report):
    assert TABLE_NAME in report.tables
    assert list(report.tables)[-1] == TABLE_NAME
    assert "assumptions" in report.figures and report.captions["assumptions"]
    data = report.to_dict()
    assert len(data["assumptions"]) == 15
    assert data["tables"][TABLE_NAME][0]["Aanname"] == "Dekking van de bandbreedte van varianten"
    json.dumps(data["assumptions"], allow_nan=False)
    default = [r for r in data["assumptions"] if r["assumption"] == "coverage"
               and r["is_default"]][0]
    assert default["p_above"] == data["pooled"]["summary"]["p_benefits_exceed_costs"]
    assert default["estimate"] == pytest.approx(data["pooled"]["summary"]["estimate"])


def test_pool_json_has_the_assumptions(capsys):
    code = main(["pool", "--studies", str(STUDIES), "--json", "--draws", "300", "--method", "dl"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    rows = data["assumptions"]
    assert [r["setting"] for r in rows if r["is_default"]] == \
        ["0.9", "largest_other", "dl", "z", "normal"]
    assert rows[0]["k"] == data["pooled"]["k"]
