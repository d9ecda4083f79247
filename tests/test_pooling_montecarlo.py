"""Tests of the Monte Carlo helpers of mkba.pooling.

Draws are seeded, so every statistical tolerance below is checked on fixed draws and cannot
flake; the tolerances are nonetheless set at several Monte Carlo standard errors, so that they
would also hold for other seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from test_pooling_data import bcg, kacker

from mkba.errors import ArgumentError
from mkba.pooling import draw_prediction, monte_carlo, pool, probability_positive


@pytest.fixture(scope="module")
def pooled_z():
    ref = kacker()
    return pool(np.array(ref["y"]) - 62.0, ref["v"], method="dl")


@pytest.fixture(scope="module")
def pooled_hksj():
    yi, vi = bcg()
    return pool(yi[:5], vi[:5], method="reml", ci="hksj")


def test_same_seed_same_draws(pooled_z):
    a = monte_carlo(pooled_z, draws=1000, seed=3)
    b = monte_carlo(pooled_z, draws=1000, seed=3)
    c = monte_carlo(pooled_z, draws=1000, seed=4)
    assert np.array_equal(a.draws, b.draws)
    assert not np.array_equal(a.draws, c.draws)
    x = draw_prediction(pooled_z, 50, np.random.default_rng(9))
    y = draw_prediction(pooled_z, 50, np.random.default_rng(9))
    assert np.array_equal(x, y)


@pytest.mark.parametrize("n", [20_000, 400_000])
def test_mean_and_sd_approach_the_prediction_distribution(pooled_z, n):
    mc = monte_carlo(pooled_z, draws=n, seed=11)
    target_sd = math.sqrt(pooled_z.se**2 + pooled_z.tau2)
    assert abs(mc.mean - pooled_z.estimate) < 5 * target_sd / math.sqrt(n)
    # se of a sample sd is about sd / sqrt(2n)
    assert abs(mc.sd - target_sd) < 5 * target_sd / math.sqrt(2 * n)
    assert mc.n == n


def test_probability_positive_equals_the_normal_cdf(pooled_z):
    n = 200_000
    for threshold in (0.0, 0.2, 0.4, 0.8):
        exact = stats.norm.sf(threshold, loc=pooled_z.estimate,
                              scale=math.sqrt(pooled_z.se**2 + pooled_z.tau2))
        p = probability_positive(pooled_z, draws=n, seed=5, threshold=threshold)
        assert abs(p - exact) < 5 * math.sqrt(exact * (1 - exact) / n) + 1e-9


def test_hksj_draws_follow_a_scaled_t(pooled_hksj):
    assert pooled_hksj.df == 4
    n = 200_000
    mc = monte_carlo(pooled_hksj, draws=n, seed=2)
    scale = math.sqrt(pooled_hksj.se**2 + pooled_hksj.tau2)
    # quantiles of the draws approach the prediction interval (t with k - 1 df)
    assert mc.low == pytest.approx(pooled_hksj.pi_low, abs=0.03 * scale)
    assert mc.high == pytest.approx(pooled_hksj.pi_high, abs=0.03 * scale)
    # and the tail probability is the t one, not the normal one
    threshold = pooled_hksj.estimate + 2.5 * scale
    exact_t = stats.t.sf(2.5, 4)
    p = probability_positive(pooled_hksj, draws=n, seed=2, threshold=threshold)
    assert abs(p - exact_t) < 5 * math.sqrt(exact_t * (1 - exact_t) / n)
    assert abs(p - stats.norm.sf(2.5)) > 0.01


def test_transform_gives_probability_on_the_ratio_scale(pooled_z):
    # an odd number of draws, so that the median is one draw and commutes with exp
    log_scale = monte_carlo(pooled_z, draws=5001, seed=1, threshold=0.3)
    ratio = monte_carlo(pooled_z, draws=5001, seed=1, transform=np.exp, threshold=math.exp(0.3))
    assert ratio.draws == pytest.approx(np.exp(log_scale.draws), rel=1e-15)
    assert ratio.p_above == log_scale.p_above
    assert ratio.median == pytest.approx(math.exp(log_scale.median), rel=1e-12)


def test_result_is_read_only_and_summarised(pooled_z):
    mc = monte_carlo(pooled_z, draws=1000, seed=0, level=0.9)
    with pytest.raises(ValueError):
        mc.draws[0] = 1.0
    assert mc.low == pytest.approx(np.quantile(mc.draws, 0.05))
    assert mc.high == pytest.approx(np.quantile(mc.draws, 0.95))
    frame = mc.to_frame()
    assert list(frame.columns) == ["seed", "threshold", "mean", "sd", "median", "low", "high",
                                   "level", "p_above", "n"]
    assert frame.loc[0, "n"] == 1000 and frame.loc[0, "level"] == 0.9


@pytest.mark.parametrize("call, needle", [
    (lambda p: monte_carlo("not pooled"), "pooled moet een PooledEffect zijn"),
    (lambda p: monte_carlo(p, draws=0), "draws=0"),
    (lambda p: monte_carlo(p, draws=10.5), "draws=10.5"),
    (lambda p: monte_carlo(p, seed=-1), "seed=-1"),
    (lambda p: monte_carlo(p, seed="a"), "seed='a'"),
    (lambda p: monte_carlo(p, transform="exp"), "transform"),
    (lambda p: monte_carlo(p, transform=lambda x: 1.0), "transform"),
    (lambda p: monte_carlo(p, threshold=float("nan")), "threshold"),
    (lambda p: monte_carlo(p, level=2), "level=2"),
    (lambda p: draw_prediction(p, 10, rng=42), "rng moet een numpy.random.Generator zijn"),
    (lambda p: draw_prediction(p, 0, np.random.default_rng(0)), "n=0"),
    (lambda p: probability_positive(p, draws=-5), "draws=-5"),
])
def test_bad_arguments(pooled_z, call, needle):
    with pytest.raises(ArgumentError) as info:
        call(pooled_z)
    assert needle in str(info.value)
    assert "niet" in str(info.value) or "moet" in str(info.value)   # Dutch by default
    assert info.value.render("en") != str(info.value)


def test_draws_message_in_both_languages(pooled_z):
    with pytest.raises(ArgumentError) as info:
        monte_carlo(pooled_z, draws=0)
    assert str(info.value) == ("draws=0 is niet toegestaan; geef een geheel getal van 1 tot en met "
                               "1.000.000 (mkba.limits.MAX_DRAWS)")
    assert info.value.render("en") == ("draws=0 is not allowed; give a whole number from 1 to "
                                       "1,000,000 (mkba.limits.MAX_DRAWS)")
