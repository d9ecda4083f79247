"""--pdf on a machine without WeasyPrint (or its Pango library): a clear message in the user's
language, exit code 1, no traceback and nothing written, for the report and for the scenario
summaries alike. WeasyPrint is made unimportable here (``sys.modules`` entry None)."""

import shutil
import sys

import pytest
from conftest import REPO, STUDIES

from mkba.cli import main

FEW = ["duinhaven-2010.xlsx", "lindemonde-2013.xlsx"]


@pytest.fixture
def no_weasyprint(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError


@pytest.fixture
def studies(tmp_path):
    folder = tmp_path / "studies"
    folder.mkdir()
    for name in FEW:
        shutil.copy2(STUDIES / name, folder / name)
    return folder


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", "een PDF maken lukt niet: WeasyPrint of de Pango-bibliotheek ontbreekt"),
    ("en", "cannot make a PDF: WeasyPrint or the Pango library is missing"),
])
def test_report_pdf_without_weasyprint_says_so_and_writes_nothing(
        no_weasyprint, studies, tmp_path, capsys, lang, said):
    out = tmp_path / "reports"
    code = main(["report", "--pdf", "--quiet", "--no-scenarios", "--no-register", "--lang", lang,
                 "--studies", str(studies), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert said in err and "Traceback" not in err
    assert not out.exists()  # not even the HTML: the report is written whole or not at all


def test_scenario_pdf_without_weasyprint_says_so_and_writes_nothing(
        no_weasyprint, studies, tmp_path, capsys):
    out = tmp_path / "zwaar-resultaten"
    code = main(["scenario", str(REPO / "scenarios" / "zwaar.toml"), "--pdf", "--draws", "200",
                 "--studies", str(studies), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "WeasyPrint of de Pango-bibliotheek ontbreekt" in err and "Traceback" not in err
    assert not out.exists()
