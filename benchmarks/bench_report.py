"""Wall time of `mkba report` on the 13 example studies with and without scenarios (target:
under 5 s on a 2-core machine), on an evidence base of 100 studies (target: under 10 s) and of
`mkba --help` (target: under 0.3 s), optionally side by side with an earlier version.

Run: .venv/bin/python benchmarks/bench_report.py [--repeat N] [--count K] [--baseline GIT_REF]
Each command runs as a fresh process, as a user would run it; the median of the repeats is shown.
The 100 studies (``--count``) are written once, before the timing, by the example generator
(``scripts/make_example_studies.py --count 100``: the 13 examples cycled over districts of their
own, seeded, so every run times the same files; all illustrative). With ``--baseline`` the same
commands also run on that commit (checked out in a temporary git worktree, on its own studies/
and scenarios/ and the same 100 studies, with this virtual environment), alternating with the
current version so that both meet the same machine load.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

COMMANDS = (  # (name, arguments after `python -m mkba`, target in seconds)
    ("mkba --help", ["--help"], 0.3),
    ("mkba report (13 studies)", ["report", "--quiet", "--no-scenarios", "--out", "{out}"],
     5.0),
    ("mkba report (13 studies, 4 scenarios)", ["report", "--quiet", "--out", "{out}"], 5.0),
    ("mkba report ({count} studies)", ["report", "--quiet", "--no-scenarios", "--studies",
                                       "{many}", "--out", "{out}"], 10.0),
)


def _many(folder: Path, count: int) -> Path:
    """``count`` valid illustrative studies written by the example generator into ``folder``."""
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_example_studies.py"),
                    "--count", str(count), "--out", str(folder)], check=True,
                   capture_output=True)
    return folder


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(tree: Path, args: list[str], out: Path, many: Path | None = None
         ) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and its figure workers) of one fresh
    `python -m mkba` process on the package of ``tree``. The CPU time tells on a busy machine
    what the wall time would be on an idle one (at most CPU / cores less)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "mkba", *(a.format(out=out, many=many) for a in args)]
    start, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(cmd[2:])} in {tree} failed ({done.returncode}):\n{done.stderr}")
    return took, _cpu() - cpu


def _worktree(ref: str, where: Path) -> Path:
    tree = where / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(tree), ref], cwd=REPO,
                   check=True, capture_output=True)
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=100,
                        help="studies in the large evidence base (default 100)")
    parser.add_argument("--baseline", metavar="GIT_REF",
                        help="also time this commit, e.g. a commit before a change")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"current": REPO}
        many = _many(Path(tmp) / "many-studies", args.count)
        if args.baseline:
            trees = {"baseline": _worktree(args.baseline, Path(tmp)), **trees}
        try:
            times: dict[tuple[str, str], list[tuple[float, float]]] = {}
            for name, cmd, _ in COMMANDS:
                repeat = max(args.repeat, 5) if cmd == ["--help"] else args.repeat
                for i in range(repeat):
                    for label, tree in trees.items():  # alternate: the same load for both
                        out = Path(tmp) / f"reports-{label}-{i}"
                        times.setdefault((name, label), []).append(_run(tree, cmd, out,
                                                                        many))
        finally:
            if args.baseline:
                subprocess.run(["git", "worktree", "remove", "--force", str(trees["baseline"])],
                               cwd=REPO, capture_output=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"mkba command timings on {cores} cores (median of repeats, fresh process each)")
    if args.baseline:
        print(f"baseline: {args.baseline}")
    print(f"{'command':40s} {'version':9s} {'median (s)':>11s} {'target (s)':>11s} "
          f"{'CPU (s)':>8s}  runs (s)")
    ok = True
    for name, _, target in COMMANDS:
        shown_name = name.format(count=args.count)
        for label in trees:
            runs = [wall for wall, _ in times[(name, label)]]
            median = statistics.median(runs)
            cpu = statistics.median(c for _, c in times[(name, label)])
            if label == "current":
                ok &= median <= target
            shown = ", ".join(f"{t:.2f}" for t in runs)
            verdict = ("OK" if median <= target else "OVER TARGET") if label == "current" else ""
            print(f"{shown_name:40s} {label:9s} {median:11.2f} {target:11.1f} {cpu:8.2f}  "
                  f"{shown}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
