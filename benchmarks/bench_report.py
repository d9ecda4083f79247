"""Wall time of `mkba report` on studies/ (target: under 10 s on a 2-core machine) and of
`mkba --help` (target: under 0.3 s).

Run: .venv/bin/python benchmarks/bench_report.py [--repeat N]
Each command runs as a fresh process, as a user would run it; the median of the repeats is shown.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MKBA = Path(sys.executable).with_name("mkba")


def _time(cmd: list[str], repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = [str(MKBA)] if MKBA.exists() else [sys.executable, "-m", "mkba"]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("mkba --help", _time([*exe, "--help"], max(args.repeat, 5)), 0.3),
            ("mkba report (studies/ only)",
             _time([*exe, "report", "--quiet", "--no-scenarios", "--out",
                    str(Path(tmp) / "reports")], args.repeat), 10.0),
            ("mkba report (studies/ and scenarios/)",
             _time([*exe, "report", "--quiet", "--out", str(Path(tmp) / "reports")],
                   args.repeat), 10.0),
        ]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"mkba command timings on {cores} cores (median of repeats, fresh process each)")
    print(f"{'command':40s} {'median (s)':>11s} {'target (s)':>11s}  runs (s)")
    ok = True
    for name, (median, times), target in rows:
        ok &= median <= target
        runs = ", ".join(f"{t:.2f}" for t in times)
        print(f"{name:40s} {median:11.2f} {target:11.1f}  {runs}"
              f"  {'OK' if median <= target else 'OVER TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
