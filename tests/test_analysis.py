"""Pooled analysis of studies (mkba.analysis) and the `mkba pool` command."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO
from helpers_studies import make_study

from mkba.analysis import pool_studies
from mkba.errors import ArgumentError
from mkba.pooling import pool

Z90 = 1.6448536269514722


def _study(id, ratios, approach="zorg_welzijnsteam"):
    """PV-only study: costs 1000 (municipality); benefits = ratio * 1000 (half insurer)."""
    pv = []
    for variant, r in ratios.items():
        pv += [("cost", "uitvoering_team", "gemeente", 1000.0, variant),
               ("benefit", "jeugdzorg", "gemeente", 500.0 * r, variant),
               ("benefit", "gezondheid", "zorgverzekeraar", 500.0 * r, variant)]
    return make_study(id, pv_items=pv, households=10, approach_type=approach)


STUDIES = [
    _study("a", {"basis": 1.5, "laag": 1.0, "hoog": 2.0}),
    _study("b", {"basis": 2.5, "laag": 2.0}),
    _study("c", {"basis": 0.9, "hoog": 1.2}, approach="ouderenteam"),
    _study("d", {"basis": 1.8, "laag": 1.2, "hoog": 2.4}, approach="ouderenteam"),
]


def test_pools_the_log_ratios_worked_by_hand():
    y = [math.log(1.5), math.log(2.5), math.log(0.9), math.log(1.8)]
    # the wider side of each study's variants (base to lowest, base to highest) on the log
    # scale is one side of a 90% interval: a 1.5 in 1.0-2.0 -> log(1.5/1.0); b 2.5 down to
    # 2.0; c 0.9 up to 1.2; d 1.8 in 1.2-2.4 -> log(1.8/1.2) = 0.405 > log(2.4/1.8) = 0.288
    se = [math.log(1.5 / 1.0) / Z90, math.log(2.5 / 2.0) / Z90,
          math.log(1.2 / 0.9) / Z90, math.log(1.8 / 1.2) / Z90]
    expected = pool(y, np.square(se), method="dl")
    res = pool_studies(STUDIES, method="dl", price_year=2015, draws=2000)
    assert res.pooled.estimate == pytest.approx(expected.estimate, rel=1e-12)
    assert res.pooled.tau2 == pytest.approx(expected.tau2, rel=1e-12)
    s = res.summary()
    assert s["estimate"] == pytest.approx(math.exp(expected.estimate))
    assert s["pi_low"] == pytest.approx(math.exp(expected.pi_low))
    assert s["ci_low"] < s["estimate"] < s["ci_high"]
    assert 0.0 <= s["p_benefits_exceed_costs"] <= 1.0


def test_probability_matches_the_prediction_distribution():
    from scipy.stats import norm
    res = pool_studies(STUDIES, method="reml", price_year=2015, draws=200_000, seed=3)
    p = res.pooled
    exact = 1 - norm.cdf(0.0, loc=p.estimate, scale=math.sqrt(p.se**2 + p.tau2))
    assert res.monte_carlo.p_above == pytest.approx(exact, abs=0.005)


def test_per_actor_balances_are_pooled():
    from scipy.stats import norm
    res = pool_studies(STUDIES, method="dl", price_year=2015, draws=20_000)
    assert set(res.by_actor) == {"gemeente", "zorgverzekeraar"}
    # the insurer's balance per household is 500 * ratio / 10 households, its spread the wider
    # side of its variants around the base case, one side of a 90% interval
    y = [75.0, 125.0, 45.0, 90.0]
    se = [(75 - 50) / Z90, (125 - 100) / Z90, (60 - 45) / Z90, (90 - 60) / Z90]
    p = pool(y, np.square(se), method="dl")
    exact = 1 - norm.cdf(0.0, loc=p.estimate, scale=math.sqrt(p.se**2 + p.tau2))
    assert res.by_actor["zorgverzekeraar"].p_above == pytest.approx(exact, abs=0.01)
    # the municipality pays 1000 and gets 50 * ratio per household: -25, 25, -55, -10
    assert res.by_actor["gemeente"].monte_carlo.mean == pytest.approx(
        pool([-25.0, 25.0, -55.0, -10.0], np.square(se), method="dl").estimate, abs=2.0)


def test_subgroups_and_order_independence():
    res = pool_studies(STUDIES, by="approach_type", method="dl", price_year=2015, draws=1000)
    assert res.subgroups.groups == ("ouderenteam", "zorg_welzijnsteam")
    assert res.subgroups["ouderenteam"].k == 2
    rev = pool_studies(STUDIES[::-1], by="approach_type", method="dl", price_year=2015,
                       draws=1000)
    assert rev.pooled.estimate == pytest.approx(res.pooled.estimate, rel=1e-12)
    assert rev.subgroups.q_between == pytest.approx(res.subgroups.q_between, rel=1e-12)


def test_bad_arguments():
    with pytest.raises(ArgumentError, match="^by='colour' is niet toegestaan; gebruik een van "
                                            "approach_type, ") as exc:
        pool_studies(STUDIES, by="colour")
    assert exc.value.render("en").startswith("by='colour' is not allowed; use one of "
                                             "approach_type, ")
    with pytest.raises(ArgumentError, match="^poolen van log_bcr vraagt ten minste 2 studies met "
                                            "een waarde; gevonden: 1$") as exc:
        pool_studies(STUDIES[:1], price_year=2015)
    assert exc.value.render("en") == ("pooling log_bcr needs at least 2 studies with a value; "
                                      "found 1")


def _mkba(*args):
    return subprocess.run([sys.executable, "-m", "mkba", *args], capture_output=True,
                          text=True, cwd=REPO)


def test_cli_pool_json_on_the_example_studies():
    result = _mkba("pool", "--json", "--draws", "2000")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    s = out["summary"]
    assert s["k"] == 13 and s["scale"] == "ratio"
    assert s["ci_low"] < s["estimate"] < s["ci_high"]
    assert s["pi_low"] <= s["ci_low"] and s["pi_high"] >= s["ci_high"]
    assert math.exp(out["pooled"]["estimate"]) == pytest.approx(s["estimate"])
    assert "illustratieve voorbeelden" in out["notice"]
    assert len(out["illustrative_studies"]) == 13


def test_cli_pool_by_approach_type():
    result = _mkba("pool", "--by", "approach_type", "--lang", "en", "--draws", "2000")
    assert result.returncode == 0, result.stderr
    assert "Subgroups by approach type:" in result.stdout
    assert "difference between subgroups, test with one common tau² (moderator test)" \
        in result.stdout
    assert "difference between subgroups, test with a separate tau² per subgroup: Q = " \
        in result.stdout
    assert "Elderly team: k" in result.stdout


def test_cli_pool_bad_measure_is_a_clear_error():
    # a usage error (exit 2), named in Dutch by default and in English with --lang en
    result = _mkba("pool", "--measure", "ratio")
    assert result.returncode == 2
    assert "'ratio' is niet toegestaan" in result.stderr
    assert "Traceback" not in result.stderr
    result = _mkba("pool", "--measure", "ratio", "--lang", "en")
    assert result.returncode == 2
    assert "'ratio' is not allowed" in result.stderr
    assert "Traceback" not in result.stderr
