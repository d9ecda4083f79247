"""Hostile inputs under a memory and a time limit: each must end with exit 1 and a message.

Every case of the reliability issue that once ran without bound, crashed with a traceback or
lost a file is built in a temporary folder and run as a user would run it: a fresh ``mkba``
process with its address space limited to 1 GiB (``resource.setrlimit(RLIMIT_AS)``) and killed
after 30 s. Printed per case: exit code, wall time, peak memory (ru_maxrss of the process and
its workers) and the first line of the message; the script exits 1 when any case does not end
with exit 1 within the limits, without a traceback, with its inputs unchanged.

Run: .venv/bin/python benchmarks/bench_hostile.py [--only SUBSTRING]
(``tests/test_hostile_limits.py`` runs it in ``make test``.)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]
STUDIES = REPO / "studies"
MEMORY_LIMIT = 1024**3  # bytes of address space
TIME_LIMIT = 30.0  # seconds
TEMPLATE_STUDY = "lindemonde-2013.xlsx"  # template layout
MAPPING_STUDY = "grevenhaven-2013"  # mapping layout


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _edit_template(src: Path, dst: Path, edit) -> Path:
    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    return dst


def _field_row(ws, key: str) -> int:
    for row in ws.iter_rows(min_row=2):
        if row[3].value == key:
            return row[0].row
    raise KeyError(key)


def _set_field(key: str, value):
    def edit(wb):
        ws = wb["Studie"]
        ws.cell(row=_field_row(ws, key), column=2, value=value)
    return edit


def _mapping_case(folder: Path, name: str, replace: dict[str, str]) -> Path:
    """The mapping study in a folder of its own with lines of its mapping replaced."""
    case = folder / name
    case.mkdir()
    shutil.copy2(STUDIES / f"{MAPPING_STUDY}.xlsx", case / f"{MAPPING_STUDY}.xlsx")
    text = (STUDIES / f"{MAPPING_STUDY}.mapping.toml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    (case / f"{MAPPING_STUDY}.mapping.toml").write_text(text, encoding="utf-8")
    return case


def _scenario(folder: Path, name: str, replace: dict[str, str] | None = None,
              text: str | None = None) -> Path:
    if text is None:
        text = (REPO / "scenarios" / "zwaar.toml").read_text(encoding="utf-8")
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new, 1)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build_cases(work: Path) -> list[tuple[str, list[str], int]]:
    """Make the inputs in ``work``; return (case, argv) pairs, run with ``work`` as cwd."""
    shutil.copytree(STUDIES, work / "studies")
    shutil.copytree(REPO / "scenarios", work / "scenarios")
    src = STUDIES / TEMPLATE_STUDY
    cases: list[tuple[str, list[str], int]] = []

    def add(name, *argv, code=1):
        """A case and the exit code it must give: 1 for bad input, 2 for a bad option."""
        cases.append((name, [str(a) for a in argv], code))

    # 1. data loss
    add("report --out studies", "report", "--out", "studies")
    add("report --out scenarios", "report", "--out", "scenarios")
    add("report --out . (working folder)", "report", "--out", ".")
    (work / "reports").mkdir()
    (work / "reports" / "eigen.docx").write_bytes(b"the user's own document")
    add("report into a folder of the user's files", "report")
    add("tables --out studies", "tables", "--out", "studies")
    add("import -o studies", "import", "studies", "-o", "studies")
    add("scenario --out scenarios", "scenario", "scenarios/zwaar.toml", "--out", "scenarios")
    # 2. unbounded memory from a number
    big = _edit_template(src, work / "horizon.xlsx", _set_field("horizon", 1_000_000_000))
    add("validate: horizon 1e9 (template)", "validate", big)
    (work / "horizon-study").mkdir()
    shutil.copy2(big, work / "horizon-study" / "horizon.xlsx")
    add("tables: horizon 1e9 (template)", "tables", "--studies", "horizon-study", "--out", "t")
    case = _mapping_case(work, "horizon-mapping", {'horizon = "=Voorblad!B6"':
                                                   "horizon = 1000000000"})
    add("validate: horizon 1e9 (mapping)", "validate", case)
    add("scenario --draws 1e9", "scenario", "scenarios/zwaar.toml", "--draws", "1000000000",
        code=2)
    add("pool --draws 1e10", "pool", "--draws", "10000000000", code=2)
    add("tables --horizon 1e9", "tables", "--horizon", "1000000000", "--out", "t2", code=2)
    # 3. silently wrong numbers: a formula without a cached value
    def formula_in_variant(wb):
        ws = wb["Kasstromen"]
        ws.cell(row=2, column=5, value='=IF(1,"effect hoog","basis")')
    add("validate: uncached formula in the variant column", "validate",
        _edit_template(src, work / "formula.xlsx", formula_in_variant))
    # 5. unbounded time
    def far_cell(wb):
        wb["Kasstromen"]["XFD1048576"] = 1
    add("validate: a value in XFD1048576", "validate",
        _edit_template(src, work / "far.xlsx", far_cell))
    case = _mapping_case(work, "last-row", {"first_row = 4\n": "first_row = 4\nlast_row = "
                                            "99999999999\n"})
    add("validate: mapping last_row = 99999999999", "validate", case)
    case = _mapping_case(work, "year-columns", {'value_column = "E"':
                                                'header_row = 3\nyear_columns = "A:XFD"'})
    add("validate: mapping year_columns = A:XFD", "validate", case)
    # 7. control characters
    case = _mapping_case(work, "control", {'title = "MKBA Jeugdteams Grevenhaven (illustratief)"':
                                           'title = "MKBA\\u001b[2J\\u0000 Grevenhaven"'})
    add("validate: ESC and NUL in a title", "validate", case)
    # 9. special files
    os.mkfifo(work / "fifo.xlsx")
    add("validate: a FIFO as workbook", "validate", "fifo.xlsx")
    os.symlink("/dev/zero", work / "zero.xlsx")
    add("validate: a link to /dev/zero as workbook", "validate", "zero.xlsx")
    (work / "fifo-mapping").mkdir()
    shutil.copy2(STUDIES / f"{MAPPING_STUDY}.xlsx", work / "fifo-mapping")
    os.mkfifo(work / "fifo-mapping" / f"{MAPPING_STUDY}.mapping.toml")
    add("validate: a FIFO as mapping file", "validate", "fifo-mapping")
    (work / "fifo-scenarios").mkdir()
    os.mkfifo(work / "fifo-scenarios" / "plan.toml")
    add("report: a FIFO in the scenarios folder", "report", "--scenarios", "fifo-scenarios",
        "--out", "r-fifo")
    (work / "zero-scenarios").mkdir()
    os.symlink("/dev/zero", work / "zero-scenarios" / "plan.toml")
    add("report: a link to /dev/zero in the scenarios folder", "report", "--scenarios",
        "zero-scenarios", "--out", "r-zero")
    # 11. tracebacks instead of messages
    deep = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
    add("scenario: nested 100,000 deep", "scenario", _scenario(work, "deep", text=deep))
    case = _mapping_case(work, "deep-mapping", {"[study]": deep + "[study]"})
    add("validate: mapping nested 100,000 deep", "validate", case)
    add("scenario: caseload 1e-300", "scenario",
        _scenario(work, "caseload", {"caseload = { zwaar = 6 }": "caseload = { zwaar = 1e-300 }"}))
    add("scenario: overhead 1e308", "scenario",
        _scenario(work, "overhead", {"overhead_per_year = 150000": "overhead_per_year = 1e308"}))
    add("validate: zip bomb", "validate", REPO / "tests" / "corpus" / "files" / "zip_bomb.xlsx")
    add("validate: XML entity bomb", "validate",
        REPO / "tests" / "corpus" / "files" / "xml_entity_bomb.xlsx")
    return cases


def _digest(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run_case(argv: list[str], cwd: Path) -> dict:
    """Run ``mkba argv`` under the limits; its exit code, time, peak memory and output."""
    exe = Path(sys.executable).with_name("mkba")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mkba"]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, *argv], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limit_memory, start_new_session=True)
    streams = {}

    def read(name, stream):
        streams[name] = stream.read().decode("utf-8", "replace")
        stream.close()

    readers = [threading.Thread(target=read, args=(n, s))
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    timer = threading.Timer(TIME_LIMIT, lambda: os.killpg(proc.pid, signal.SIGKILL))
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)  # the process's own rusage: its peak memory
    timed_out = not timer.is_alive()
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    return {"code": proc.returncode, "seconds": time.perf_counter() - start,
            "timed_out": timed_out, "peak_mb": usage.ru_maxrss / 1024, **streams}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name holds this")
    args = parser.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="mkba-hostile-") as tmp:
        work = Path(tmp)
        cases = [c for c in build_cases(work) if args.only in c[0]]
        before = _digest(work)
        print(f"{len(cases)} hostile cases; limits: {MEMORY_LIMIT / 1024**3:.0f} GiB address "
              f"space, {TIME_LIMIT:.0f} s")
        print(f"{'case':<52} {'exit':>4} {'time':>7} {'peak':>8}  message")
        for name, argv, expected in cases:
            result = run_case(argv, work)
            text = (result["err"] or result["out"]).strip().splitlines()
            issues = [line for line in text if ": [" in line]  # file!sheet!cell: [code] ...
            said = [line for line in text if line.startswith("mkba ") and "%|" not in line]
            first = (issues or said or text or [""])[0]
            ok = (result["code"] == expected and not result["timed_out"]
                  and "Traceback" not in result["err"] and result["seconds"] < TIME_LIMIT)
            failed += not ok
            print(f"{name:<52} {result['code']:>4} {result['seconds']:>6.1f}s "
                  f"{result['peak_mb']:>5.0f} MB  "
                  f"{'' if ok else 'FAILED '}{first[:110]}")
        changed = [k for k, v in _digest(work).items() if before.get(k) != v and k in before]
        if changed:
            failed += 1
            print(f"FAILED: input files changed: {', '.join(changed)}")
    print(f"{len(cases) - failed} of {len(cases)} cases ended with their exit code (1; 2 for a "
          "bad option) within the limits")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
