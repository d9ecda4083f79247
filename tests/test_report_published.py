"""The section "Gepubliceerde MKBA's" of the report: the register's studies as published, kept
apart from the recomputed studies, and never pooled.

The expected kinds, figures and addresses are read from the shipped register file itself (with
the csv module) and from the sources the register names (see tests/test_register.py), not from
the report's code.
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import STUDIES

from mkba.headlines import Headline, PublishedStudy
from mkba.io import Evidence, read_studies
from mkba.io.register import read_register, shipped_register
from mkba.plots import published_ratios
from mkba.report import build_report, render_html, write_report
from mkba.report_text import method_items

# two approach types with two or more studies each, so the subgroup results exist
SUBSET = ["brakelveen-2012", "grevenhaven-2013", "wierhoven-2015", "eikenrode-2012",
          "marsveen-2017"]
#: A headline-only study with a ratio far from the pooled one (5 would move any pooled number
#: it entered) and a yearly saving.
EXTRA = PublishedStudy(
    "testdorp-2022-wijkteam", "team", "Testdorp", "Wijkteam Testdorp", "zorg_welzijnsteam", 2022,
    "Bureau Test", "Gemeente Testdorp", "ex_post", 40, "verified",
    "https://example.org/testdorp-mkba",
    (Headline("bcr", 5.0, None, None, "estimate", "society", None, "verified",
              "https://example.org/testdorp-mkba, p. 12"),
     Headline("yearly_saving", 250_000.0, None, None, "estimate", "municipality", "per_year",
              "verified", "https://example.org/testdorp-mkba")),
    file="testdorp.xlsx")


def _register_rows() -> list[dict]:
    with shipped_register().open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@pytest.fixture(scope="module")
def studies():
    return read_studies([STUDIES / f"{name}.xlsx" for name in SUBSET])


@pytest.fixture(scope="module")
def reports(studies):
    """The same studies without a register, with it, and with it plus a headline-only study
    (given as an Evidence, the way mkba report passes it)."""
    register = read_register()
    kw = {"price_year": 2020, "draws": 2000, "seed": 0}
    return {
        "none": build_report(studies, **kw),
        "register": build_report(studies, published=register, **kw),
        "extra": build_report(Evidence(tuple(studies), (EXTRA, *register)), **kw),
    }


def _html(report) -> str:
    return render_html(report, {name: b"\x89PNG" for name in report.figures})


def _row(html: str, sid: str) -> str:
    """The rows of one published study in the section's table (all its figures)."""
    start = html.index(f'<tr id="published-{sid}">')
    ends = [i for i in (html.find('<tr id="published-', start + 1), html.find("</tbody>", start))
            if i != -1]
    return html[start:min(ends)]


def test_published_figures_never_change_a_pooled_number(reports):
    base = reports["none"].pooled
    for name in ("register", "extra"):
        pooled = reports[name].pooled
        # every pooled number, one by one
        for key in ("estimate", "ci_low", "ci_high", "pi_low", "pi_high", "k", "tau2", "i2", "q",
                    "p_above"):
            assert pooled.summary()[key] == base.summary()[key], (name, key)
        assert pooled.summary()["k"] == len(SUBSET)
        assert list(pooled.evidence.labels) == sorted(SUBSET)
        assert pooled.subgroups is not None
        assert pooled.subgroups.to_dict() == base.subgroups.to_dict()
        # and everything else the pooled analysis holds (leave-one-out, Egger, actors, draws)
        assert json.dumps(pooled.to_dict(), sort_keys=True, default=str) == \
            json.dumps(base.to_dict(), sort_keys=True, default=str)
        # the same tables, and the same figures apart from the published one
        frames = [t.frame for t in reports[name].tables.tables]
        assert [t.name for t in reports[name].tables.tables] == \
            [t.name for t in reports["none"].tables.tables]
        for mine, theirs in zip(frames, (t.frame for t in reports["none"].tables.tables),
                                strict=True):
            assert mine.equals(theirs)
        assert [n for n in reports[name].figures if n != "published"] == \
            list(reports["none"].figures)
    assert "published" not in reports["none"].figures


def test_the_section_lists_every_register_study_with_kind_and_source(reports):
    html = _html(reports["register"])
    section = html[html.index('<section id="published">'):]
    section = section[:section.index("</section>")]
    assert "<h2>Gepubliceerde MKBA&#39;s</h2>" in section
    rows = _register_rows()
    for r in rows:
        row = _row(section, r["register_id"])
        assert r["municipality"].replace("'", "&#39;") in row
        assert f'<a href="{r["source_url"]}"' in row
    assert len({r["register_id"] for r in rows}) == section.count('<tr id="published-') == 22
    # kinds as published (read in the sources; see tests/test_register.py)
    assert "baten-kostenverhouding ≤ 2 (bovengrens)" in _row(
        section, "amsterdam-west-2014-buurtpraktijkteam")
    assert "baten-kostenverhouding ≥ 1,9 (ondergrens)" in _row(
        section, "amsterdam-nieuw-west-2021-vonl")
    denhaag = _row(section, "denhaag-2011-casemanagement")
    assert "besparing per jaar € 1.800.000 (schatting, per jaar)" in denhaag
    assert "perspectief: onbekend" in denhaag and "gecontroleerd" in denhaag
    assert "maatschappelijk rendement 4%–15% (bandbreedte)" in _row(
        section, "rotterdam-2014-wijkteams")
    # a study without a figure is listed too, as such
    leeuwarden = _row(section, "leeuwarden-2012-frontlijnteam")
    assert "geen kopcijfer gevonden" in leeuwarden and "niet gevonden" in leeuwarden
    # two figures of one study: two rows, the study's columns spanning both
    hospital = _row(section, "denhaag-2017-sociaal-hospitaal")
    assert hospital.count("<tr") == 2 and 'rowspan="2"' in hospital
    # a link shows the host name, and goes to the address
    assert ('<a href="https://www.consultancy.nl/nieuws/8264/ecorys-amsterdam-west-heeft-baat-'
            'bij-buurtpraktijkteam" rel="noopener noreferrer">consultancy.nl</a>') in section
    assert all(h.startswith(("https://", "http://"))
               for h in re.findall(r'<a href="([^"]+)" rel="noopener', section))
    # what the section is and where the register comes from
    assert "niet herberekend op de gemeenschappelijke basis" in section
    assert "published_mkbas.csv" in section and "openbare bronnen" in section


def test_not_pooled_lists_every_published_study_with_its_reason(reports, tmp_path):
    report = reports["extra"]
    out = tmp_path / "reports"
    paths = {str(p) for p in write_report(report, out)}
    assert {"figures/published.png", "figures/published.svg"} <= paths
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    ids = [r["register_id"] for r in _register_rows()]
    reasons = {r["study_id"]: r["reason"] for r in data["not_pooled"]}
    assert set(reasons) == set(ids) | {EXTRA.id}
    assert "bovengrens" in reasons["amsterdam-west-2014-buurtpraktijkteam"]
    assert "per jaar" in reasons["denhaag-2011-casemanagement"]
    assert "geen baten-kostenverhouding" in reasons["tilburg-2015-wijkteams"]
    assert "meta-analyse" in reasons["seor-2020-meta-sociaal-werk"]
    assert reasons[EXTRA.id].startswith("alleen kopcijfers, niet herberekend")
    # numbers as numbers, codes as codes
    published = {s["id"]: s for s in data["published"]}
    west = published["amsterdam-west-2014-buurtpraktijkteam"]["headlines"][0]
    assert (west["measure"], west["value"], west["bound"]) == ("bcr", 2.0, "upper")
    assert published["tilburg-2015-wijkteams"]["headlines"][0]["value"] == pytest.approx(0.3)
    assert data["pooled"]["summary"]["k"] == len(SUBSET)
    html = (out / "index.html").read_text(encoding="utf-8")
    listed = html[html.index('<h3 id="not-pooled">'):html.index("</section>",
                                                              html.index('id="not-pooled"'))]
    for sid in reasons:
        assert f"<code>{sid}</code>: " in listed
    # links within the folder exist; the others are web addresses
    for href in re.findall(r'<a href="([^"#][^"]*)"', html):
        assert href.startswith(("https://", "http://")) or (out / href).is_file(), href


def test_the_headline_only_study_is_in_the_table_and_the_dot_plot(reports):
    report = reports["extra"]
    row = _row(_html(report), EXTRA.id)
    assert "Testdorp" in row and "Bureau Test" in row
    assert "baten-kostenverhouding 5 (schatting)" in row
    assert "besparing per jaar € 250.000 (schatting, per jaar); perspectief: gemeente" in row
    assert '<a href="https://example.org/testdorp-mkba" rel="noopener noreferrer">example.org</a>' \
        ' <span class="rest">p. 12</span>' in row
    rows = [r for r in published_ratios(report.published) if r["study_id"] == EXTRA.id]
    assert [(r["bound"], r["value"], r["label"]) for r in rows] == [
        ("estimate", 5.0, "Testdorp, 2022")]
    ax = report.figures["published"]().axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    y = ax.get_yticks()[labels.index("Testdorp, 2022")]
    dots = [c for c in ax.collections if c.get_gid() == "published-estimate"][0].get_offsets()
    assert (5.0, y) in [tuple(p) for p in dots]


def test_the_method_says_only_recomputed_studies_are_pooled(reports):
    sentence = ("Gepoolde statistieken gebruiken alleen de studies die op de gemeenschappelijke "
                "basis zijn herberekend")
    without = [i for i in method_items(reports["none"]) if i.startswith(sentence)]
    assert without == [sentence + "."]
    (with_register,) = [i for i in method_items(reports["register"]) if i.startswith(sentence)]
    assert "Gepubliceerde MKBA's" in with_register and "tellen niet mee" in with_register
    assert 'id="published"' not in _html(reports["none"])


def test_the_section_in_english(studies):
    report = build_report(studies, published=read_register(), price_year=2020, draws=200,
                          lang="en")
    html = _html(report)
    section = html[html.index('<section id="published">'):]
    assert "<h2>Published MKBAs</h2>" in section
    assert "benefit-cost ratio ≤ 2 (upper bound)" in section
    assert "no headline figure found" in section and "<h3 id=\"not-pooled\">Not pooled</h3>" \
        in section
    assert any(i.startswith("Pooled statistics use only the studies recomputed on the common "
                            "basis; the published headline figures") for i in method_items(report))
    figure = report.figures["published"]().axes[0]
    assert figure.get_title() == "Published benefit-cost ratios"


# -- a headline-only study from the template -----------------------------------------------------

def _headline_only_workbook(path, capsys):
    """``mkba template``, then only the sheets Studie and Kopcijfers filled in (two figures)."""
    import openpyxl

    from mkba.cli import main

    assert main(["template", str(path)]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(path)
    study = book["Studie"]
    # column D of the sheet Studie holds each row's field code
    rows = {study.cell(r, 4).value: r for r in range(2, study.max_row + 1)}
    for code, value in (("id", "kopstad-2023-buurtteam"), ("municipality", "Kopstad"),
                        ("approach_name", "Buurtteam Kopstad"), ("author", "Bureau Kop"),
                        ("year", 2023)):
        study.cell(rows[code], 2).value = value
    figures = book["Kopcijfers"]
    for r, values in enumerate((
            ["Baten-kostenverhouding", 1.4, None, None, "schatting", "maatschappij", None, None,
             None, "gecontroleerd", "https://example.org/kopstad-mkba, p. 4"],
            ["Besparing per jaar", 500_000, None, None, "ondergrens", "gemeente", "per jaar", None,
             None, "gecontroleerd", "https://example.org/kopstad-mkba"]), start=2):
        for c, value in enumerate(values, start=1):
            figures.cell(r, c).value = value
    book.save(path)


def test_a_headline_only_study_from_the_template_appears_in_the_report(tmp_path, capsys):
    from mkba.cli import main
    from mkba.io import read_evidence

    folder = tmp_path / "studies"
    folder.mkdir()
    for name in ("brakelveen-2012", "bosvaart-2011", "eikenrode-2012"):
        (folder / f"{name}.xlsx").write_bytes((STUDIES / f"{name}.xlsx").read_bytes())
    _headline_only_workbook(folder / "kopstad.xlsx", capsys)
    # mkba validate lists it as a headline-only study
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "ok  kopstad.xlsx: kopstad-2023-buurtteam (template, alleen kopcijfers)\n" in out
    assert main(["validate", str(folder), "--lang", "en"]) == 0
    assert "ok  kopstad.xlsx: kopstad-2023-buurtteam (template, headline figures only)\n" in \
        capsys.readouterr().out
    reports = tmp_path / "reports"
    assert main(["report", "--studies", str(folder), "--out", str(reports), "--no-scenarios",
                 "--quiet"]) == 0
    html = (reports / "index.html").read_text(encoding="utf-8")
    row = _row(html, "kopstad-2023-buurtteam")
    assert "Kopstad" in row and "Buurtteam Kopstad" in row and "Bureau Kop" in row
    assert "baten-kostenverhouding 1,4 (schatting)" in row
    assert "besparing per jaar ≥ € 500.000 (ondergrens, per jaar); perspectief: gemeente" in row
    assert ('<a href="https://example.org/kopstad-mkba" rel="noopener noreferrer">example.org</a>'
            ' <span class="rest">p. 4</span>') in row
    # never pooled: the three workbooks with line items only
    data = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert data["pooled"]["summary"]["k"] == 3
    assert "kopstad-2023-buurtteam" in {r["study_id"] for r in data["not_pooled"]}
    # its dot in the dot plot: in the figure's rows, and its label in the written figure
    evidence = read_evidence([folder])
    (dot,) = [r for r in published_ratios(evidence.published)
              if r["study_id"] == "kopstad-2023-buurtteam"]
    assert (dot["bound"], dot["value"], dot["label"]) == ("estimate", 1.4, "Kopstad, 2023")
    assert "Kopstad, 2023" in (reports / "figures" / "published.svg").read_text(encoding="utf-8")


def test_the_table_groups_teams_related_approaches_and_meta_analyses(reports):
    html = _html(reports["register"])
    groups = re.findall(r'<tr class="group"><th colspan="7" scope="rowgroup">([^<]+)</th>', html)
    assert groups == ["Sociale (wijk)teams", "Verwante aanpakken", "Meta-analyses"]
    # every study under the heading of its scope (the register's column scope)
    scope_of = {r["register_id"]: r["scope"] for r in _register_rows()}
    order = re.findall(r'<tr class="group">|<tr id="published-([^"]+)">', html)
    heading, seen = -1, {}
    for item in order:
        if item == "":
            heading += 1
        else:
            seen[item] = ("team", "related", "meta")[heading]
    assert seen == scope_of
