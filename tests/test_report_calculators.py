"""The Excel route in the report (issue #14): `mkba report` writes a calculator workbook per
team type next to index.html and links it; a team type the studies cannot support is named
with its reason instead of a link."""

import openpyxl
import pytest
from conftest import STUDIES

from mkba.io import read_studies
from mkba.report import CALCULATOR_FOLDER, build_report, render_html, write_calculators
from mkba.scenario import PRESETS


@pytest.fixture(scope="module")
def all_studies():
    return read_studies(sorted(STUDIES.glob("*.xlsx")))


def test_every_team_type_gets_a_linked_workbook(all_studies, tmp_path):
    report = build_report(all_studies, draws=500)
    made = write_calculators(report, tmp_path / CALCULATOR_FOLDER["nl"])
    assert [m["preset"] for m in made] == list(PRESETS)
    html = render_html(report, {n: b"" for n in report.figures}, calculators=made)
    for m in made:
        path = tmp_path / m["file"]
        assert path.is_file() and m["file"] == f"rekenwerkmappen/{m['preset']}.xlsx"
        assert openpyxl.load_workbook(path).sheetnames == [
            "Toelichting", "Invoer", "Bewijs", "Berekening", "Uitvoer"]
        assert f'<a href="rekenwerkmappen/{m["preset"]}.xlsx">{m["label"]}</a>' in html
    assert '<li><a href="#calculator">Rekenwerkmap voor gemeenten (Excel)</a></li>' in html


def test_a_team_type_without_evidence_is_named_with_its_reason(tmp_path):
    two = read_studies([STUDIES / "duinhaven-2010.xlsx", STUDIES / "lindemonde-2013.xlsx"])
    report = build_report(two, draws=500, lang="en")
    made = write_calculators(report, tmp_path / CALCULATOR_FOLDER["en"])
    left_out = [m for m in made if "file" not in m]
    # both studies coordinate care for the heaviest cases: no elderly team among them
    assert "ouderenteam" in {m["preset"] for m in left_out}
    html = render_html(report, {n: b"" for n in report.figures}, calculators=made)
    for m in left_out:
        assert not (tmp_path / "calculators" / f"{m['preset']}.xlsx").exists()
        assert f"{m['label']}: not made: " in html
        assert "pooling needs at least 2" in m["reason"]
