"""Run the code of a markdown page (the README, the pages under docs/) as a test.

A page is read as a list of blocks:

- fenced code blocks (```python, ```text, ```console, ```toml, ...);
- markdown tables (consecutive lines starting with ``|``);
- markers, HTML comments ``<!-- name: argument -->`` that a reader does not see; a marker
  belongs to the block that follows it (see :func:`marked`).

:func:`run_page` executes a page the way its reader would: every ```python block in order, in
one namespace, in the current folder; a ```text block right after a python block must be exactly
what that code printed. In ```console blocks, every line ``$ mkba ...`` is run and its output
(stdout, then stderr) must equal the lines below it; a command must exit 0 unless the next
command is ``$ echo $?``, whose line below it is the exit code.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(r"^<!--\s*([\w-]+):\s*(.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One block of a page: ``kind`` is the fence's language, or ``"table"``."""

    kind: str
    body: str
    line: int
    marker: tuple[str, str] | None = None

    def rows(self) -> list[list[str]]:
        """The cells of a markdown table, header first, without the separator line."""
        out = []
        for raw in self.body.splitlines():
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells):
                continue
            out.append(cells)
        return out


def blocks(path: Path) -> list[Block]:
    """The code blocks and tables of a markdown page, in order, each with its marker."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    marker = None
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and fence.group(1):
            end = i + 1
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            out.append(Block(fence.group(1), "\n".join(lines[i + 1:end]) + "\n", i + 1, marker))
            marker, i = None, end + 1
            continue
        if line.startswith("|"):
            end = i
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            out.append(Block("table", "\n".join(lines[i:end]) + "\n", i + 1, marker))
            marker, i = None, end
            continue
        if m := _MARKER.match(line.strip()):
            marker = (m.group(1), m.group(2))
        i += 1
    return out


def marked(path: Path, name: str) -> list[Block]:
    """The blocks of a page that follow a marker ``<!-- name: ... -->``."""
    return [b for b in blocks(path) if b.marker and b.marker[0] == name]


def _run_console(body: str, cwd: Path, where: str) -> int:
    lines = body.splitlines()
    starts = [j for j, line in enumerate(lines) if line.startswith("$ ")]
    checked, last_code = 0, None
    for n, j in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        expected = "\n".join(lines[j + 1:end]).strip()
        command = lines[j][2:].strip()
        if command == "echo $?":
            assert str(last_code) == expected, f"{where}: exit code {last_code}, not {expected}"
            continue
        argv = shlex.split(command)
        if argv[0] != "mkba":
            continue
        result = subprocess.run([sys.executable, "-m", "mkba", *argv[1:]],
                                capture_output=True, text=True, cwd=cwd)
        last_code = result.returncode
        follows = starts[n + 1] if n + 1 < len(starts) else None
        if follows is None or lines[follows].strip() != "$ echo $?":
            assert result.returncode == 0, f"{where}: {command}\n{result.stderr}"
        shown = (result.stdout + result.stderr).strip()
        assert shown == expected, f"{where}: {command}"
        checked += 1
    return checked


def run_page(path: Path, cwd: Path, namespace: dict | None = None) -> int:
    """Run every python and console block of ``path`` in ``cwd``; the number of checks."""
    page = blocks(path)
    namespace = {} if namespace is None else namespace
    checked = 0
    for i, block in enumerate(page):
        where = f"{Path(path).name} line {block.line}"
        if block.kind == "python":
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block.body, where, "exec"), namespace)
            if i + 1 < len(page) and page[i + 1].kind == "text":
                assert out.getvalue() == page[i + 1].body, where
                checked += 1
        elif block.kind == "console" and "$ mkba" in block.body:
            checked += _run_console(block.body, cwd, where)
    return checked
