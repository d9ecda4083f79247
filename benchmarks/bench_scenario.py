"""Benchmark: three municipal scenarios at 10,000 Monte Carlo draws each (target: under 2 s).

Reads the example studies once (not timed), then times running the three example scenarios of
``scenarios/`` (``breed``, ``kwetsbaar``, ``zwaar``) with ``draws=10_000`` and comparing them,
each with the evidence pooled, the segment model fitted under every plausible split, the
warnings and the Monte Carlo:

- *cold*: the per-study evidence cache emptied first, so every study is appraised again (what
  one ``mkba scenario`` command does after reading the studies);
- *warm*: the studies' appraisals already cached (a session that reruns scenarios);
- *from the files*: reading the 13 study workbooks and the three TOML files as well (the whole
  of ``mkba scenario`` before it writes);
- *five presets*: the five team types of ``mkba.scenario.presets``, cold.

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
from mkba.scenario.presets import PRESETS, read_preset

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

    def from_files():
        read = read_studies(ROOT / "studies")
        return run_all([read_spec(ROOT / "scenarios" / f"{n}.toml") for n in NAMES], read,
                       args.draws)

    files = best_of(args.repeat, from_files, before=clear_cache)
    presets = [read_preset(n) for n in PRESETS]
    five = best_of(args.repeat, lambda: run_all(presets, studies, args.draws),
                   before=clear_cache)
    print(f"{len(specs)} scenarios x {args.draws:,} draws, {len(studies)} studies "
          f"(best of {args.repeat}):")
    print(f"  cold (studies appraised): {cold:.3f} s")
    print(f"  warm (appraisals cached): {warm:.3f} s")
    print(f"  from the files (13 workbooks and 3 TOML files read): {files:.3f} s")
    print(f"  the {len(presets)} presets, cold: {five:.3f} s")
    if args.write:
        comparison = run_all(specs, studies, args.draws)
        with tempfile.TemporaryDirectory() as tmp:
            wrote = best_of(max(1, args.repeat // 2),
                            lambda: write_comparison(comparison, tmp))
        print(f"  writing CSV, 6 figures and xlsx: {wrote:.3f} s")
    ok = max(cold, files) < TARGET
    print(f"target: under {TARGET:.0f} s for the cold run and from the files -> "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
