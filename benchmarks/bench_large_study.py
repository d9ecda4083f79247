"""Time and peak memory of one very large study: the data set export and the whole report.

The study is built through the API (:func:`mkba.schema.items_frame`, no workbook): ``--items``
line items (default 20,000), each a yearly flow in every one of ``--years`` years (default 100),
so 2 million item rows by default. Two small studies with sensitivity variants go with it, since
pooling needs at least two studies with a spread. Everything is deterministic (no randomness).

Each step runs in a fresh Python process (``--step``), so its peak memory is its own:

- ``dataset``: :func:`mkba.write.export.write_dataset` (what ``mkba import`` writes);
- ``report``: :func:`mkba.report.build_report` + :func:`mkba.report.write_report`.

Peak memory is the largest resident set of the step's process or of any figure worker it
forks (``ru_maxrss`` from ``os.wait4``); on Linux also the largest total over the process and
its workers together (the sum of their proportional set sizes, sampled every 0.1 s: memory
shared after the fork counted once). The time is the wall time of the whole process, with the
build of the studies shown apart.

Run: ``.venv/bin/python benchmarks/bench_large_study.py [--items N] [--years N]``
(target: each step under 2 GB for 20,000 x 100).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 2048
STEPS = ("dataset", "report")


def large_study(n_items: int, n_years: int, study_id: str = "groot-2020"):
    """One study of ``n_items`` line items, each a flow in each of ``n_years`` years."""
    import numpy as np
    import pandas as pd

    from mkba.schema import Study, items_frame
    from mkba.vocab import vocabulary

    costs = vocabulary("cost_categories").codes
    benefits = vocabulary("benefit_categories").codes
    actors = vocabulary("actors").codes
    first = 2020
    item = np.repeat(np.arange(n_items), n_years)           # item of each row
    offset = np.tile(np.arange(n_years), n_items)           # year offset of each row
    is_cost = item % 3 == 0                                  # a third of the items are costs
    kind = np.where(is_cost, "cost", "benefit")
    category = np.where(is_cost, np.array(costs, dtype=object)[item % len(costs)],
                        np.array(benefits, dtype=object)[item % len(benefits)])
    actor = np.array(actors, dtype=object)[item % len(actors)]
    # costs 1,000 + item a year; benefits ramp up over the first five years
    amount = np.where(is_cost, 1_000.0 + item,
                      (800.0 + 2 * item) * np.minimum(offset + 1, 5) / 5)
    names = np.array([f"post {i:05d}" for i in range(n_items)], dtype=object)
    frame = pd.DataFrame({
        "study_id": study_id, "variant": "basis", "kind": kind, "category": category,
        "actor": actor, "category_label": category, "actor_label": actor,
        "description": names[item], "year": first + offset, "amount": amount,
        "source": [f"groot.xlsx!Kasstromen!{r}" for r in range(2, 2 + len(item))],
    })
    return Study(study_id, "Grote studie (benchmark)", "Benchmarkstad", "Wijkteam groot",
                 "zorg_welzijnsteam", "gemeente", "kwetsbaar", "gezinnen", "lopend",
                 "ex_post", "volledig", year=2020, price_year=2020, discount_rate=0.03,
                 first_year=first, horizon=n_years, households=50_000, illustrative=True,
                 items=items_frame(frame), file="groot.xlsx", layout="template")


def small_study(study_id: str, factor: float):
    """A small study with a base case and two variants (so it has a variance)."""
    from mkba.schema import Study, items_frame

    rows = []
    for scenario, scale in (("basis", 1.0), ("laag", 0.7), ("hoog", 1.3)):
        for year in (2020, 2021, 2022):
            rows += [dict(variant=scenario, kind="cost", category="uitvoering_team",
                          actor="gemeente", year=year, amount=100_000.0),
                     dict(variant=scenario, kind="benefit", category="jeugdzorg",
                          actor="gemeente", year=year, amount=90_000.0 * factor * scale),
                     dict(variant=scenario, kind="benefit", category="gezondheid",
                          actor="zorgverzekeraar", year=year, amount=40_000.0 * factor * scale)]
    for row in rows:
        row["study_id"] = study_id
    return Study(study_id, f"Kleine studie {study_id}", "Benchmarkdorp", "Wijkteam klein",
                 "jeugd_gezinsteam", "wijk", "kwetsbaar", "gezinnen", "lopend", "ex_post",
                 "volledig", year=2020, price_year=2020, discount_rate=0.03, first_year=2020,
                 horizon=3, households=300, illustrative=True, items=items_frame(rows))


def studies(n_items: int, n_years: int) -> list:
    return [large_study(n_items, n_years), small_study("klein-a", 1.0),
            small_study("klein-b", 1.4)]


def _tree_pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and all its descendants, in MB (0 where unreadable)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def _sample(pid: int, peak: list, stop: threading.Event) -> None:
    while not stop.wait(0.1):
        peak[0] = max(peak[0], _tree_pss_mb(pid))


def run_step(step: str, n_items: int, n_years: int, out: Path) -> dict:
    """Run one step in this process; return its timings and peak memory."""
    start = time.perf_counter()
    chosen = studies(n_items, n_years)
    built = time.perf_counter()
    if step == "dataset":
        from mkba.write.export import write_dataset

        write_dataset(chosen, out / "data")
    else:
        from mkba.report import build_report, write_report

        report = build_report(chosen, price_year=2020)
        write_report(report, out / "report")
    done = time.perf_counter()
    return {"step": step, "build_s": built - start, "step_s": done - built}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=100)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(run_step(args.step, args.items, args.years, Path(args.out))))
        return 0
    print(f"one study of {args.items:,} line items x {args.years} years "
          f"({args.items * args.years:,} item rows) and two small studies")
    print(f"{'step':10s} {'total (s)':>9s} {'build (s)':>10s} {'step (s)':>10s} "
          f"{'peak (MB)':>10s} {'+workers (MB)':>12s}")
    ok = True
    for step in STEPS:
        with tempfile.TemporaryDirectory() as tmp, \
                tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            start = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, __file__, "--step", step, "--items", str(args.items),
                 "--years", str(args.years), "--out", tmp], stdout=out, stderr=err, cwd=ROOT)
            total, stop = [0.0], threading.Event()
            sampler = threading.Thread(target=_sample, args=(child.pid, total, stop))
            sampler.start()
            # wait4: the peak of the step's process, or of a figure worker it forked if larger
            _, status, usage = os.wait4(child.pid, 0)
            stop.set()
            sampler.join()
            child.returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - start
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        peak = usage.ru_maxrss / 1024
        if child.returncode != 0:
            ok = False
            last = (stderr.strip().splitlines() or ["?"])[-1]
            print(f"{step:10s} FAILED after {wall:.1f} s at {peak:.0f} MB ({total[0]:.0f} MB "
                  f"with its workers) (exit {child.returncode}): {last}")
            continue
        r = json.loads(stdout.strip().splitlines()[-1])
        within = peak <= TARGET_MB and total[0] <= TARGET_MB
        ok &= within
        print(f"{step:10s} {wall:9.1f} {r['build_s']:10.1f} {r['step_s']:10.1f} {peak:10.0f} "
              f"{total[0]:12.0f}  {'OK' if within else 'OVER TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
