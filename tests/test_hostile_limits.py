"""The hostile cases of benchmarks/bench_hostile.py, each run as a fresh ``mkba`` process under a
1 GiB address-space limit and a 30 s time limit, must all end with exit 1 and a message (exit 2,
a usage error, for a bad option), without a traceback, leaving their inputs unchanged (the
script checks each case and exits 1 if any fails; its table of cases is printed when this test
fails)."""

import subprocess
import sys

from conftest import REPO


def test_every_hostile_case_ends_with_exit_1_within_the_limits():
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_hostile.py")],
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    rows = [line for line in lines[2:-1] if line.strip()]
    assert len(rows) >= 29  # every case ran and printed its row
    assert not [row for row in rows if "FAILED" in row]
    assert lines[-1] == (f"{len(rows)} of {len(rows)} cases ended with their exit code (1; 2 for "
                         "a bad option) within the limits")
