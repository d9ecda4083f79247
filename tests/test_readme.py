"""The README's code is run here, so it cannot drift from the package.

Each ```python block is executed in a fresh folder; when a ```text block follows it, that text must
be exactly what the code printed. In ```console blocks, lines starting with ``$ mkba`` are run and
their output must equal the lines below them (the mechanism: ``helpers_docs.run_page``).
"""

from conftest import REPO
from helpers_docs import blocks, run_page

README = REPO / "README.md"


def test_readme_has_python_and_console_examples():
    page = blocks(README)
    assert any(b.kind == "python" for b in page)
    assert any(b.kind == "console" and "$ mkba" in b.body for b in page)


def test_readme_code_runs_and_prints_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_page(README, tmp_path) >= 2
