"""Benchmark: importing study workbooks with mkba against a plain pandas read of the same files.

Generates ``--n`` study workbooks in the template layout (seeded: about 30 line items per
scenario, 10-20 years, a base case and one sensitivity variant, two headline figures) into
``benchmarks/_work/`` (git-ignored; reused when already generated with the same settings), then
times ``mkba.io.read_studies`` on all of them against ``pandas.read_excel(path,
sheet_name=None)`` per file (interleaved in chunks of 50 files, so that changes in machine load
hit both alike), prints the time per workbook and the ratio (target: at most 1.5), and the time
of each stage of the import on the first 100 files.

Usage: ``python benchmarks/bench_import.py [--n 1000] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from pathlib import Path

import pandas as pd

from mkba.io import read_studies
from mkba.schema import ReportedFigure, Study, items_frame
from mkba.vocab import vocabulary
from mkba.write.template import write_study_template

WORK = Path(__file__).resolve().parent / "_work"
TARGET = 1.5
CHUNK = 50


def synthetic_study(n: int, rng: random.Random, *, items: int = 30) -> Study:
    """A realistic study: ``items`` line items per scenario over 10-20 years, two scenarios."""
    costs = vocabulary("cost_categories").codes
    benefits = vocabulary("benefit_categories").codes
    actors = vocabulary("actors").codes
    first, horizon, rate = rng.randrange(2008, 2020), rng.randrange(10, 21), 0.04
    lines = []
    for i in range(items):
        kind = "cost" if i < items // 3 else "benefit"
        category = rng.choice(costs if kind == "cost" else benefits)
        start = first if kind == "cost" else first + rng.randrange(0, 3)
        level = rng.randrange(5, 200) * 1000.0
        lines.append((kind, category, rng.choice(actors), f"post {i + 1}", start, level))
    rows, reported = [], []
    for scenario, effect in (("basis", 1.0), ("laag effect", 0.6)):
        pv = {"cost": 0.0, "benefit": 0.0}
        for kind, category, actor, desc, start, level in lines:
            for year in range(start, first + horizon):
                amount = round(level * (effect if kind == "benefit" else 1.0), 2)
                rows.append(dict(variant=scenario, kind=kind, category=category, actor=actor,
                                 description=desc, year=year, amount=amount))
                pv[kind] += amount / (1 + rate) ** (year - first)
        reported.append(ReportedFigure(scenario, "bcr", round(pv["benefit"] / pv["cost"], 3)))
    return Study(
        id=f"bench-{n:04d}", title=f"Benchmark study {n}", municipality="Voorbeeldstad",
        approach_name="Wijkteam", approach_type="zorg_welzijnsteam", scale="gemeente",
        target_breadth="alle_huishoudens", household_type="geen_onderscheid", stage="lopend",
        evaluation="ex_post", kind="volledig", year=first + 1, price_year=max(first, 2005),
        discount_rate=rate, first_year=first, horizon=horizon,
        households=rng.randrange(100, 5000), illustrative=True, items=items_frame(rows),
        reported=tuple(reported),
    )


def generate(n: int, seed: int, work: Path) -> list[Path]:
    stamp = work / "settings.json"
    settings = {"n": n, "seed": seed, "version": 1}
    paths = [work / f"study_{i:04d}.xlsx" for i in range(n)]
    if stamp.exists() and json.loads(stamp.read_text()) == settings and \
            all(p.exists() for p in paths):
        return paths
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("study_*.xlsx"):
        old.unlink()
    rng = random.Random(seed)
    start = time.perf_counter()
    for i, path in enumerate(paths):
        write_study_template(synthetic_study(i, rng), path)
    stamp.write_text(json.dumps(settings))
    print(f"generated {n} workbooks in {time.perf_counter() - start:.1f} s into {work}")
    return paths


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def breakdown(paths: list[Path]) -> None:
    """Time the stages of the import on ``paths`` (ms per workbook)."""
    import mkba.io
    from mkba.io import template
    from mkba.io.workbook import load_workbook
    from mkba.issues import IssueLog

    per = 1000 / len(paths)
    books = []
    t_load = _time(lambda: books.extend(load_workbook(p, IssueLog(p.name)) for p in paths))
    studies = []
    t_read = _time(lambda: studies.extend(template.read(wb, IssueLog("x")) for wb in books))
    text = (f"  stages: safe load {t_load * per:.1f} ms, template reader + build_study "
            f"{t_read * per:.1f} ms")
    check = getattr(mkba.io, "_check_reported", None)  # private: may move
    if check is not None:
        t_check = _time(lambda: [check(s, IssueLog("x"), 0.02) for s in studies])
        text += f", reported-figure check {t_check * per:.1f} ms"
    print(text + " per workbook")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of workbooks (1000)")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--work", type=Path, default=WORK, help="folder for the workbooks")
    parser.add_argument("--profile", action="store_true",
                        help="profile the mkba import of the first 100 files")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    paths = generate(args.n, args.seed, args.work)
    size = sum(p.stat().st_size for p in paths) / len(paths)
    amounts = sum(len(s.items) for s in read_studies(paths[:5])) / min(5, len(paths))
    print(f"{len(paths)} workbooks, {size / 1024:.0f} KB and ~{amounts:.0f} amounts each")

    read_studies(paths[:1])  # warm up imports and caches on both sides
    pd.read_excel(paths[0], sheet_name=None)
    # Interleave the two in chunks, so that a change in machine load hits both alike.
    t_pandas = t_mkba = 0.0
    for i in range(0, len(paths), CHUNK):
        chunk = paths[i:i + CHUNK]
        t_pandas += _time(lambda c=chunk: [pd.read_excel(p, sheet_name=None) for p in c])
        t_mkba += _time(lambda c=chunk: read_studies(c))
    per = 1000 / len(paths)
    ratio = t_mkba / t_pandas
    print(f"pandas.read_excel(sheet_name=None): {t_pandas * per:7.1f} ms per workbook")
    print(f"mkba.io.read_studies:              {t_mkba * per:7.1f} ms per workbook")
    print(f"ratio mkba / pandas: {ratio:.2f} (target <= {TARGET})"
          + ("" if ratio <= TARGET else "  ABOVE TARGET"))
    breakdown(paths[:100])
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(read_studies, paths[:100])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
