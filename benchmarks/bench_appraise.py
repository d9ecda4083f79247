"""Benchmark of mkba.appraisal.appraise on the example studies in ``studies/``.

Run with ``.venv/bin/python benchmarks/bench_appraise.py [--repeats N]``. Appraises every
scenario of every example study on the bases the report uses (own rate; 0.03; ``"nl-2021"``;
price years 2015 and the latest; horizon 3; timing t0) and prints the median time per call over
several rounds. The first call on a study also prepares its line items (kept for later calls),
so the first round is shown apart as the cold time per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkba.appraisal import appraise  # noqa: E402
from mkba.io import read_studies  # noqa: E402

BASES = (
    {},
    {"rate": 0.03},
    {"rate": "nl-2021"},
    {"price_year": 2015},
    {"horizon": 3},
    {"timing": "t0"},
)


def calls(studies) -> list[tuple]:
    """(study, keyword arguments) of every appraisal of one round."""
    return [(s, {"variant": sc, **basis}) for s in studies for sc in s.variants
            for basis in BASES]


def one_round(work) -> float:
    """Seconds per appraise call over one pass of ``work``."""
    start = time.perf_counter()
    for study, options in work:
        appraise(study, **options)
    return (time.perf_counter() - start) / len(work)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="warm rounds (default 7)")
    args = parser.parse_args(argv)
    studies = read_studies(ROOT / "studies")
    work = calls(studies)
    cold = one_round(work)
    warm = [one_round(work) for _ in range(args.repeats)]
    print(f"{len(studies)} studies, {len(work)} appraise calls per round")
    print(f"cold (first round): {cold * 1e3:8.3f} ms per call")
    print(f"warm (median of {args.repeats}): {statistics.median(warm) * 1e3:8.3f} ms per call "
          f"(min {min(warm) * 1e3:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
