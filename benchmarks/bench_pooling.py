"""Benchmark of mkba.pooling on 1,000 synthetic studies, beside statsmodels' combine_effects.

Run with ``.venv/bin/python benchmarks/bench_pooling.py``. Prints the median wall time of
several repeats for each step, and whether pooling plus a 10,000-draw Monte Carlo stays under
the 1 s target. Single-threaded BLAS is requested so the numbers reflect one core.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from statsmodels.stats.meta_analysis import combine_effects  # noqa: E402

from mkba.pooling import monte_carlo, pool  # noqa: E402

K = 1_000
DRAWS = 10_000
REPEATS = 7
TARGET_S = 1.0


def synthetic(k: int = K, seed: int = 20140101):
    """k log benefit-cost ratios around 0.4 with tau = 0.3 and study variances 0.01-0.5."""
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.01, 0.5, k)
    y = 0.4 + rng.normal(0.0, 0.3, k) + rng.normal(0.0, np.sqrt(v))
    return y, v


def timed(fn, repeats: int = REPEATS) -> tuple[float, object]:
    """Median wall time (s) over ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    y, v = synthetic()
    rows = []

    t_reml, reml = timed(lambda: pool(y, v, method="reml"))
    rows.append(("mkba pool(method='reml')", t_reml, f"tau2={reml.tau2:.6f}"))
    t_dl, dl = timed(lambda: pool(y, v, method="dl"))
    rows.append(("mkba pool(method='dl')", t_dl, f"tau2={dl.tau2:.6f}"))
    t_pm, pm = timed(lambda: pool(y, v, method="pm"))
    rows.append(("mkba pool(method='pm')", t_pm, f"tau2={pm.tau2:.6f}"))
    t_mc, mc = timed(lambda: monte_carlo(reml, draws=DRAWS, seed=0))
    rows.append((f"mkba monte_carlo({DRAWS:,} draws)", t_mc, f"P(>0)={mc.p_above:.4f}"))
    t_sm_dl, sm_dl = timed(lambda: combine_effects(y, v, method_re="dl"))
    rows.append(("statsmodels combine_effects('dl')", t_sm_dl, f"tau2={sm_dl.tau2:.6f}"))
    t_sm_pm, sm_pm = timed(lambda: combine_effects(y, v, method_re="pm"))
    rows.append(("statsmodels combine_effects('pm')", t_sm_pm, f"tau2={sm_pm.tau2:.6f}"))

    total = t_reml + t_dl + t_mc
    print(f"mkba.pooling benchmark: k = {K:,} synthetic studies, median of {REPEATS} repeats")
    print(f"{'step':<38}{'time (ms)':>11}   result")
    print("-" * 72)
    for name, seconds, note in rows:
        print(f"{name:<38}{seconds * 1e3:>11.2f}   {note}")
    print("-" * 72)
    verdict = "OK" if total < TARGET_S else "TOO SLOW"
    print(f"{'reml + dl + monte carlo':<38}{total * 1e3:>11.2f}   target < {TARGET_S * 1e3:.0f} ms:"
          f" {verdict}")
    print("(statsmodels 'pm' stops at |Q - (k-1)| < 1e-5; mkba solves tau2 to relative 1e-12)")
    return 0 if total < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
