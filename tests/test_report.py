"""The report: structure of index.html, escaping, determinism, atomic replacement."""

import base64
import dataclasses
import json
import re

import pytest
from conftest import REPO, STUDIES

from mkba.io import read_studies
from mkba.report import build_report, render_html, write_calculators, write_report

# two approach types with two or more studies each, so the subgroup figure is made
SUBSET = ["brakelveen-2012", "grevenhaven-2013", "wierhoven-2015", "eikenrode-2012",
          "marsveen-2017"]


@pytest.fixture(scope="module")
def studies():
    return read_studies([STUDIES / f"{name}.xlsx" for name in SUBSET])


@pytest.fixture(scope="module")
def written(studies, tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "reports"
    report = build_report(studies, price_year=2020, draws=2000)
    paths = write_report(report, out)
    return report, out, paths


def test_every_output_is_written(written):
    report, out, paths = written
    names = {str(p) for p in paths}
    assert {"index.html", "tables.xlsx", "results.json"} <= names
    for name in report.figures:
        assert f"figures/{name}.png" in names and f"figures/{name}.svg" in names
    for table in report.tables.tables:
        assert f"tables/{table.name}.csv" in names
    assert "data/items.csv" in names


def test_html_has_every_figure_and_table_and_no_broken_reference(written):
    report, out, _ = written
    html = (out / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure id="fig-([a-z_]+)">', html)
    assert figures == list(report.figures)
    assert len(figures) >= 12
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:4] == b"\x89PNG"
    for href in re.findall(r'<a href="([^"#][^"]*)"', html):  # web addresses: the register's
        assert href.startswith(("https://", "http://")) or (out / href).is_file(), href
    for table in report.tables.tables:
        assert f'id="table-{table.name}"' in html
    assert html.count('<details id="study-') == len(SUBSET)
    # every source cell of the first study appears in its appendix
    first = report.studies[0]
    for source in first.items["source"].head(20):
        assert source in html


def test_illustrative_notice_and_language(written, studies):
    report, out, _ = written
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="notice"' in html and "illustratieve voorbeelden" in html
    assert '<html lang="nl">' in html
    english = render_html(build_report(studies, price_year=2020, draws=500, lang="en"),
                          {n: b"\x89PNG" for n in report.figures})
    assert '<html lang="en">' in english and "Illustrative." in english


def test_results_json_matches_the_pooled_result(written):
    report, out, _ = written
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["pooled"]["summary"]["k"] == len(SUBSET)
    assert data["pooled"]["summary"]["estimate"] == pytest.approx(
        report.pooled.summary()["estimate"])
    assert data["illustrative"] is True and data["basis"]["price_year"] == 2020
    assert [s["id"] for s in data["studies"]] == sorted(SUBSET)


def test_user_text_is_escaped(studies):
    evil = dataclasses.replace(studies[0], title="<script>alert(1)</script>")
    report = build_report([evil, *studies[1:]], price_year=2020, draws=500)
    html = render_html(report, {n: b"\x89PNG" for n in report.figures})
    # the page's own script (print the appendix expanded, png links) is its only one
    assert "<script>alert" not in html and html.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_runs_give_identical_bytes(studies, written, tmp_path):
    _, first, paths = written
    again = write_report(build_report(studies, price_year=2020, draws=2000), tmp_path / "r")
    assert again == paths
    for rel in paths:
        assert (tmp_path / "r" / rel).read_bytes() == (first / rel).read_bytes(), rel


def test_the_page_written_while_the_figures_draw_is_the_page_of_the_figures(written, tmp_path):
    # write_report renders index.html while the workers draw, with tokens in the figures'
    # places; filled in, it must be the page render_html gives for the figures as written
    report, out, _ = written
    images = {n: (out / "figures" / f"{n}.png").read_bytes() for n in report.figures}
    page = (out / "index.html").read_text(encoding="utf-8")
    calculators = write_calculators(report, tmp_path / "rekenwerkmappen")  # the same list
    assert page == render_html(report, images, calculators=calculators)
    assert "mkba-pending" not in page


def test_a_failed_run_leaves_the_previous_report(studies, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous report")
    (out / ".mkba-output").write_text("an earlier report")
    import mkba.report as report_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_module, "render_html", broken)
    with pytest.raises(RuntimeError):
        write_report(build_report(studies, price_year=2020, draws=500), out)
    assert (out / "index.html").read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_readme_names_the_report_command():
    assert "make report" in (REPO / "README.md").read_text()


def test_the_scenario_section_shows_what_each_result_rests_on(tmp_path):
    # scenarios/breed.toml gives no segment shares and no caseloads: the 2014 tool's defaults
    # are used, and the report says so above the numbers (in Dutch, and in English)
    spec = REPO / "scenarios" / "breed.toml"
    studies = read_studies(STUDIES)
    for lang, words in (("nl", "Rust op een standaardwaarde"), ("en", "default")):
        report = build_report(studies, scenario_specs=[spec], draws=500, lang=lang)
        write_report(report, tmp_path / lang)
        html = (tmp_path / lang / "index.html").read_text(encoding="utf-8")
        section = html[html.index('id="scenarios"'):html.index('id="appendix"')]
        caution = section[section.index('class="notice"'):section.index("<table")]
        assert "breed" in caution and words in caution
        assert "caseload" in caution and "tau²" in caution
