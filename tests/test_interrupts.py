"""Interrupted runs: a real ``mkba report`` process is stopped at several moments, with Ctrl-C
(SIGINT to the process group), SIGTERM, SIGHUP and SIGKILL. The previous report must survive
whole, or the new one be complete; no traceback, no worker left running, and no temporary
folder or lock outliving the next run. The swap itself is tested in-process with an interrupt
placed between its two renames."""

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import STUDIES

from mkba.write import _folder_swap
from mkba.write.output_folder import replace_folder

FEW = ["duinhaven-2010.xlsx", "lindemonde-2013.xlsx", "grevenhaven-2013.xlsx",
       "grevenhaven-2013.mapping.toml", "ooststad-2012.xlsx"]


def tree(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """Studies and an English report made before the runs that get interrupted (Dutch)."""
    root = tmp_path_factory.mktemp("interrupts")
    (root / "studies").mkdir()
    for name in FEW:
        shutil.copy2(STUDIES / name, root / "studies" / name)
    run = subprocess.run([sys.executable, "-m", "mkba", "report", "--quiet", "--no-scenarios",
                          "--lang", "en", "--out", "previous"], cwd=root, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return root


class Progress:
    """Starts ``mkba report`` in its own process group and follows its progress bar."""

    def __init__(self, cwd, out, *extra):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkba", "report", "--no-scenarios", "--out", out, *extra],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self.err = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while chunk := self.proc.stderr.read1(4096):
            self.err += chunk

    def wait_for(self, step, timeout=120):
        end = time.monotonic() + timeout
        while step.encode() not in self.err:
            if self.proc.poll() is not None or time.monotonic() > end:
                pytest.fail(f"the run never reached {step!r}: {self.err[-500:]!r}")
            time.sleep(0.01)

    def stop(self, sig):
        os.killpg(self.proc.pid, sig)  # like Ctrl-C in a terminal: the whole group
        code = self.proc.wait(timeout=60)
        self.reader.join(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code, self.err.decode("utf-8", "replace")


def _no_process_of(pgid, wait=10.0):
    """True when no process of the group is left (killed workers are reaped by init; give it
    a moment)."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


# the steps as the progress bar shows them (in Dutch, the default language)
MOMENTS = [
    (signal.SIGINT, "studies lezen"),
    (signal.SIGINT, "poolen"),
    (signal.SIGINT, "figuren en tabellen schrijven"),
    (signal.SIGTERM, "figuren"),
    (signal.SIGTERM, "figuren en tabellen schrijven"),
    (signal.SIGHUP, "figuren en tabellen schrijven"),
    (signal.SIGKILL, "poolen"),
    (signal.SIGKILL, "figuren en tabellen schrijven"),
]


@pytest.mark.parametrize(("sig", "step"), MOMENTS,
                         ids=[f"{s.name}-{m.replace(' ', '_')}" for s, m in MOMENTS])
def test_the_previous_report_survives_an_interrupt(work, sig, step):
    out = work / "reports"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(work / "previous", out)
    previous = tree(out)
    run = Progress(work, "reports")
    run.wait_for(step)
    code, err = run.stop(sig)
    assert "Traceback" not in err
    assert _no_process_of(run.proc.pid)  # the figure workers went with it
    state = tree(out)
    if code == 0:  # finished before the signal arrived: then the new report is complete
        assert 'lang="nl"' in (out / "index.html").read_text(encoding="utf-8")
    else:
        assert state == previous
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code in (0, 128 + sig), err
        assert "mkba report: onderbroken; er is niets veranderd" in err or code == 0
        # no temporary folder and no lock left beside the report
        assert sorted(p.name for p in work.iterdir()) == ["previous", "reports", "studies"]
    # the next run tidies whatever a killed run left and writes the new report
    again = subprocess.run([sys.executable, "-m", "mkba", "report", "--quiet", "--no-scenarios",
                            "--out", "reports"], cwd=work, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    assert 'lang="nl"' in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in work.iterdir()) == ["previous", "reports", "studies"]


def test_an_interrupt_is_told_in_english_with_lang_en(work):
    out = work / "reports-en"
    run = Progress(work, "reports-en", "--lang", "en")
    run.wait_for("pooling")  # the progress bar in English too
    code, err = run.stop(signal.SIGINT)
    if code != 0:
        assert code == 130 and "mkba report: interrupted; nothing was changed" in err
        assert not out.exists()
    assert "Traceback" not in err
    shutil.rmtree(out, ignore_errors=True)


# Ctrl-C inside code that ``exec`` runs from a string, as the standard library does when it
# builds a dataclass on import: CPython then notes the interrupt as unhandled and, unless mkba
# clears that note, ends the process with SIGINT (status -2) after mkba has said "onderbroken".
# CPython looks at that note when the program was started with ``-m`` (``python -m mkba``).
_INTERRUPTED_IN_EXEC = """
import sys
from mkba import cli

def interrupted_in_exec(args):
    exec("raise KeyboardInterrupt")

cli.COMMANDS["labels"] = interrupted_in_exec
sys.exit(cli.main(["labels"]))
"""


def test_ctrl_c_inside_exec_still_exits_130(tmp_path):
    (tmp_path / "interrupted_in_exec.py").write_text(_INTERRUPTED_IN_EXEC, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "interrupted_in_exec"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 130, run.stderr
    assert "mkba labels: onderbroken; er is niets veranderd" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.fixture
def two_renames(monkeypatch):
    """Force the fallback swap (two renames) that systems without renameat2 use."""
    def unsupported(a, b):
        raise OSError(errno.ENOSYS, "renameat2 is not available")

    monkeypatch.setattr(_folder_swap, "_exchange", unsupported)


def test_ctrl_c_between_the_two_renames_is_held_back(tmp_path, monkeypatch, two_renames):
    out = tmp_path / "reports"
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("vorige")
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(src, dst):
        real_replace(src, dst)
        calls.append((src, dst))
        if len(calls) == 1:  # the previous report has just been moved aside
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(_folder_swap.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt), replace_folder(out) as tmp:
        (tmp / "index.html").write_text("nieuw")
    assert len(calls) == 2  # the interrupt waited until the new report was in place
    assert (out / "index.html").read_text() == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


KILL_BETWEEN_RENAMES = """
import os, signal, sys
from mkba.write import _folder_swap
from mkba.write.output_folder import replace_folder

def unsupported(a, b):
    raise OSError(38, "renameat2 is not available")

real = os.replace
def replace_then_die(src, dst):
    real(src, dst)
    os.kill(os.getpid(), signal.SIGKILL)

_folder_swap._exchange = unsupported
_folder_swap.os.replace = replace_then_die
with replace_folder(sys.argv[1]) as tmp:
    (tmp / "index.html").write_text("nieuw")
"""


def test_a_kill_between_the_two_renames_loses_nothing(tmp_path):
    out = tmp_path / "reports"
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("vorige")
    run = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(out)],
                         capture_output=True, timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert not out.exists()  # killed in the window: the report is beside it, moved aside
    aside = [p for p in tmp_path.iterdir() if p.name.endswith(".mkba-old")]
    assert [(p / "index.html").read_text() for p in aside] == ["vorige"]
    # the next run puts it back first, so even a run that then fails keeps it
    with pytest.raises(RuntimeError), replace_folder(out):
        raise RuntimeError("a bad study")
    assert (out / "index.html").read_text() == "vorige"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
