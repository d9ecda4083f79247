"""Wall time of `mkba report` on studies/ (target: under 10 s on a 2-core machine) and of
`mkba --help` (target: under 0.3 s), optionally side by side with an earlier version.

Run: .venv/bin/python benchmarks/bench_report.py [--repeat N] [--baseline GIT_REF]
Each command runs as a fresh process, as a user would run it; the median of the repeats is shown.
With ``--baseline`` the same commands also run on that commit (checked out in a temporary git
worktree, on its own studies/ and scenarios/, with this virtual environment), alternating with
the current version so that both meet the same machine load.
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

COMMANDS = (  # (name, arguments after `python -m mkba`, target in seconds)
    ("mkba --help", ["--help"], 0.3),
    ("mkba report (studies/ only)", ["report", "--quiet", "--no-scenarios", "--out", "{out}"],
     10.0),
    ("mkba report (studies/ and scenarios/)", ["report", "--quiet", "--out", "{out}"], 10.0),
)


def _run(tree: Path, args: list[str], out: Path) -> float:
    """Seconds of one fresh `python -m mkba` process on the package of ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "mkba", *(a.format(out=out) for a in args)]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(cmd[2:])} in {tree} failed ({done.returncode}):\n{done.stderr}")
    return took


def _worktree(ref: str, where: Path) -> Path:
    tree = where / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), ref], cwd=REPO,
                   check=True, capture_output=True)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", metavar="GIT_REF",
                        help="also time this commit, e.g. a commit before a change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"current": REPO}
        if args.baseline:
            trees = {"baseline": _worktree(args.baseline, Path(tmp)), **trees}
        try:
            times: dict[tuple[str, str], list[float]] = {}
            for name, cmd, _ in COMMANDS:
                repeat = max(args.repeat, 5) if cmd == ["--help"] else args.repeat
                for i in range(repeat):
                    for label, tree in trees.items():  # alternate: the same load for both
                        out = Path(tmp) / f"reports-{label}-{i}"
                        times.setdefault((name, label), []).append(_run(tree, cmd, out))
        finally:
            if args.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(trees["baseline"])],
                               cwd=REPO, capture_output=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"mkba command timings on {cores} cores (median of repeats, fresh process each)")
    if args.baseline:
        print(f"baseline: {args.baseline}")
    print(f"{'command':40s} {'version':9s} {'median (s)':>11s} {'target (s)':>11s}  runs (s)")
    ok = True
    for name, _, target in COMMANDS:
        for label in trees:
            runs = times[(name, label)]
            median = statistics.median(runs)
            if label == "current":
                ok &= median <= target
            shown = ", ".join(f"{t:.2f}" for t in runs)
            verdict = ("OK" if median <= target else "OVER TARGET") if label == "current" else ""
            print(f"{name:40s} {label:9s} {median:11.2f} {target:11.1f}  {shown}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
