"""The README's code is run here, so it cannot drift from the package.

Each ```python block is executed in a fresh folder; when a ```text block follows it, that text must
be exactly what the code printed. In ```console blocks, lines starting with ``$ mkba`` are run and
their output must equal the lines below them.
"""

import contextlib
import io
import re
import shlex
import subprocess
import sys

from conftest import REPO

BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def _blocks():
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer((REPO / "README.md").read_text())]


def test_readme_has_python_and_console_examples():
    kinds = [k for k, _ in _blocks()]
    assert "python" in kinds
    assert any(k == "console" and "$ mkba" in body for k, body in _blocks())


def test_readme_code_runs_and_prints_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = _blocks()
    namespace: dict = {}
    checked = 0
    for i, (kind, body) in enumerate(blocks):
        if kind == "python":
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(body, f"README.md block {i}", "exec"), namespace)
            if i + 1 < len(blocks) and blocks[i + 1][0] == "text":
                assert out.getvalue() == blocks[i + 1][1]
                checked += 1
        elif kind == "console" and "$ mkba" in body:
            lines = body.splitlines()
            starts = [j for j, line in enumerate(lines) if line.startswith("$ ")]
            for n, j in enumerate(starts):
                end = starts[n + 1] if n + 1 < len(starts) else len(lines)
                expected = "\n".join(lines[j + 1:end]).strip()
                argv = shlex.split(lines[j][2:])
                assert argv[0] == "mkba"
                result = subprocess.run([sys.executable, "-m", "mkba", *argv[1:]],
                                        capture_output=True, text=True, cwd=tmp_path)
                assert result.returncode == 0, result.stderr
                assert result.stdout.strip() == expected
                checked += 1
    assert checked >= 2
