"""Benchmark: three municipal scenarios at 10,000 Monte Carlo draws each (target: under 2 s).

Reads the example studies once (not timed), then times running the three example scenarios of
``scenarios/`` (``breed``, ``kwetsbaar``, ``zwaar``) with ``draws=10_000`` and comparing them:

- *cold*: the per-study evidence cache emptied first, so every study is appraised again (what
  one ``mkba scenario`` command does);
- *warm*: the studies' appraisals already cached (a session that reruns scenarios).

Each is the best of ``--repeat`` runs. ``--write`` also times writing the comparison (CSV, six
figures, xlsx) to a temporary folder.

Usage: ``python benchmarks/bench_scenario.py [--repeat 5] [--draws 10000] [--write]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from mkba.io import read_studies
from mkba.scenario import compare_scenarios, read_spec, run_scenario, write_comparison
from mkba.scenario.evidence import clear_cache

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2.0
NAMES = ("breed", "kwetsbaar", "zwaar")


def run_all(specs, studies, draws: int):
    return compare_scenarios([run_scenario(s, studies, draws=draws, seed=0) for s in specs])


def best_of(repeat: int, fn, *, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--write", action="store_true", help="also time writing the outputs")
    args = parser.parse_args(argv)
    studies = read_studies(ROOT / "studies")
    specs = [read_spec(ROOT / "scenarios" / f"{n}.toml") for n in NAMES]
    cold = best_of(args.repeat, lambda: run_all(specs, studies, args.draws),
                   before=clear_cache)
    warm = best_of(args.repeat, lambda: run_all(specs, studies, args.draws))
    print(f"{len(specs)} scenarios x {args.draws:,} draws, {len(studies)} studies "
          f"(best of {args.repeat}):")
    print(f"  cold (studies appraised): {cold:.3f} s")
    print(f"  warm (appraisals cached): {warm:.3f} s")
    if args.write:
        comparison = run_all(specs, studies, args.draws)
        with tempfile.TemporaryDirectory() as tmp:
            wrote = best_of(max(1, args.repeat // 2),
                            lambda: write_comparison(comparison, tmp))
        print(f"  writing CSV, 6 figures and xlsx: {wrote:.3f} s")
    ok = cold < TARGET
    print(f"target: under {TARGET:.0f} s for the cold run -> {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
