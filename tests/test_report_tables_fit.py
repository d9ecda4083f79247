"""The report for every width (issue #12): tables as cards on a phone, figures at their natural
size, png links that work when index.html is sent alone, the scenario assumptions, print.

Structural checks of index.html; the layout itself (no table wider than its container at 1280
and 390 px, no figure text under 9 px) is measured in headless Chromium by the layout test.
"""

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import openpyxl
import pytest
from conftest import REPO, STUDIES

from mkba.io import read_studies
from mkba.report import build_report, render_html, write_report

SPECS = [REPO / "scenarios" / "zwaar.toml", REPO / "scenarios" / "ouderen.toml"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    studies = read_studies(STUDIES)
    out = {}
    for lang in ("nl", "en"):
        folder = tmp_path_factory.mktemp(lang) / "report"
        report = build_report(studies, scenario_specs=SPECS, draws=500, lang=lang)
        write_report(report, folder)
        out[lang] = (report, folder, (folder / "index.html").read_text(encoding="utf-8"))
    return out


class Tables(HTMLParser):
    """Every table: its class, its wrapper's class, its header cells and per body row its cells
    (attributes), plus every img with its wrapper, and every link."""

    def __init__(self):
        super().__init__()
        self.tables, self.imgs, self.links, self.stack = [], [], [], []
        self.section = self.row = None
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        parent = self.stack[-1] if self.stack else ("", {})
        if tag == "section":
            self.section = a.get("id")
        if tag == "table":
            self.tables.append({"class": a.get("class", ""), "wrap": parent[1].get("class"),
                                "section": self.section, "head": [], "rows": []})
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.row = {"class": a.get("class", ""), "cells": []}
            self.tables[-1]["rows"].append(self.row)
        elif tag == "td" and self.row is not None:
            self.row["cells"].append(a)
        elif tag == "th" and self.in_head:
            self.tables[-1]["head"].append("")
        elif tag == "img":
            self.imgs.append({**a, "wrap": parent[1].get("class")})
        elif tag == "a":
            self.links.append(a)
        if tag not in ("img", "br", "meta", "wbr"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_head and self.stack and self.stack[-1][0] == "th":
            self.tables[-1]["head"][-1] += data


def parse(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def test_every_table_has_a_header_and_each_cell_its_column_label(written):
    for lang, (_, _, html) in written.items():
        tables = parse(html).tables
        assert len(tables) > 20
        for t in tables:
            assert t["head"], t  # a thead: repeated on every printed page
            assert t["wrap"] == "tablewrap"  # a container that can never be outgrown
            n = len(t["head"])
            classes = t["class"].split()
            assert ("cards" in classes) == (n > 3)  # a phone shows rows as cards
            assert ("cols-many" in classes) == (n >= 12)
            for row in t["rows"]:
                labels = [c.get("data-label") for c in row["cells"]]
                assert all(labels), (lang, t["head"], row)
                if len(row["cells"]) == n:  # a row without cells spanning rows
                    # the header as shown may have soft hyphens (report.breakable); the label not
                    assert labels == [h.replace("\u00ad", "") for h in t["head"]]
                else:  # the published table: a study's further headlines
                    assert set(labels) <= set(t["head"]) and row["class"] == "cont"


def test_the_phone_layout_is_for_screens_only(written):
    html = written["nl"][2]
    style = html[html.index("<style>"):html.index("</style>")]
    phone = style[style.index("@media screen and (max-width: 700px)"):]
    assert "table.cards td::before { content: attr(data-label);" in phone
    assert "table.cards thead {" in phone  # headers hidden visually, kept for screen readers
    # on a phone only: the figures are at full size, to be swiped sideways
    assert ".phone-only { display: block; }" in phone and 'class="note phone-only"' in html
    assert "swipe" in written["en"][2] and "schuif de figuur opzij" in html
    # printing never gets the cards (A4 is narrower than 700 CSS pixels)
    assert "@media (max-width" not in style


def _png_size(path):
    # an independent reading of the PNG header: the IHDR chunk, width and height, big-endian
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_figures_are_shown_at_their_natural_size(written):
    for report, folder, html in written.values():
        imgs = parse(html).imgs
        assert len(imgs) == len(report.figures) + 3  # and the scenarios' three
        for img in imgs:
            assert img["wrap"] == "figscroll"
            kind, name = re.fullmatch(r"img-(figures|scenarios)-(\w+)", img["id"]).groups()
            w, h = _png_size(folder / kind / f"{name}.png")
            # 150 dpi shown at 96 CSS pixels per inch: 1275 px is 816 CSS px
            assert (int(img["width"]), int(img["height"])) == (round(w * 96 / 150),
                                                              round(h * 96 / 150))
    style = html[html.index("<style>"):html.index("</style>")]
    assert ".figscroll { overflow-x: auto;" in style
    assert "@media screen { .figscroll img { max-width: none; } }" in style


def test_png_links_save_the_embedded_figure_and_svg_links_name_the_folder(written):
    for lang, (_, folder, html) in written.items():
        parsed = parse(html)
        ids = {img["id"] for img in parsed.imgs}
        downloads = [a for a in parsed.links if "download" in a]
        assert len(downloads) == len(parsed.imgs)
        for a in downloads:
            assert a["data-img"] in ids  # the script puts that image's data in the link
            assert (folder / a["href"]).is_file() and a["href"].endswith(".png")
            assert a["download"] == a["href"].rsplit("/", 1)[1]
        svgs = [a["href"] for a in parsed.links if a.get("href", "").endswith(".svg")]
        assert svgs and all((folder / s).is_file() for s in svgs)
        assert 'a.href = img.src;' in html
        note = ("in de map figures/ naast index.html" if lang == "nl"
                else "in the folder figures/ next to index.html")
        assert note in html


def test_the_png_link_works_with_index_html_alone(written, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no headless Chromium")
    # index.html on its own; a click on the first png link must give it the embedded data
    page = tmp_path / "index.html"
    html = written["en"][2].replace("</body>", """<script>
window.addEventListener('load', function () {
  var a = document.querySelector('a[data-img]');
  a.addEventListener('click', function (e) { e.preventDefault(); });
  a.click();
  var p = document.createElement('pre'); p.id = 'probe';
  p.textContent = a.href.slice(0, 22); document.body.appendChild(p);
});</script></body>""")
    page.write_text(html, encoding="utf-8")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--virtual-time-budget=3000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert '<pre id="probe">data:image/png;base64,</pre>' in dom


def test_the_scenario_section_shows_titles_municipality_and_assumptions(written):
    for lang, (report, folder, html) in written.items():
        section = html[html.index('<section id="scenarios">'):html.index('id="appendix"')]
        for r in report.scenarios.results:
            town = "gemeente" if lang == "nl" else "municipality"
            assert f"<strong>{r.name}</strong>: {r.spec.title} ({town} {r.spec.municipality})" in (
                section)
        # the same rows as the first sheet of the forwardable workbook, read with openpyxl
        ws = openpyxl.load_workbook(folder / "scenarios" / "comparison.xlsx").worksheets[0]
        labels, started = [], False
        for (value,) in ws.iter_rows(min_col=1, max_col=1, values_only=True):
            if value in ("Aanname", "Assumption"):
                started = True
            elif started and value is None:
                break
            elif started:
                labels.append(value)
        table = next(t for t in parse(section).tables
                     if t["head"][0] in ("Aanname", "Assumption"))
        assert _assumption_labels(section) == labels
        assert table["head"][1:] == list(report.scenarios.names)
        for label in ("Caseload zwaar (huishoudens per fte)", "Bewijs: selectie",
                      "Elasticiteit van het effect naar de caseload") if lang == "nl" else (
                "Caseload heavy (households per FTE)", "Evidence: selection",
                "Elasticity of the effect to the caseload"):
            assert label in labels


def _assumption_labels(section: str) -> list[str]:
    head = "Aanname" if '<th scope="col">Aanname</th>' in section else "Assumption"
    body = section[section.index(f'<th scope="col">{head}</th>'):]
    body = body[:body.index("</table>")]
    return [re.sub(r"&amp;", "&", m) for m in
            re.findall(rf'<tr><td data-label="{head}">([^<]*)</td>', body)]


def test_one_page_summaries_are_linked_only_when_they_exist(written):
    report = written["nl"][0]
    images = {n: b"\x89PNG" for n in report.figures}
    plain = render_html(report, images)
    assert "samenvatting-" not in plain
    linked = render_html(report, images, scenario_pages=["samenvatting-zwaar.html"])
    assert '<a href="scenarios/samenvatting-zwaar.html">samenvatting op één pagina</a>' in (
        linked)
    assert "samenvatting-ouderen.html" not in linked


def test_the_appendix_prints_expanded(written):
    html = written["nl"][2]
    script = html[html.rindex("<script>"):html.rindex("</script>")]
    assert 'addEventListener("beforeprint"' in script and "d.open = true" in script
    assert 'addEventListener("afterprint"' in script
    # nothing hides a closed details' content on paper: WeasyPrint shows it as it is
    assert "details:not([open])" not in html[:html.index("</style>")]


def test_weasyprint_prints_the_closed_appendix(written):
    pytest.importorskip("weasyprint")
    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext")
    from mkba.write.pdf import html_to_pdf

    report, folder, html = written["nl"]
    # the head (styles) and the appendix only, to keep the test quick
    first = report.studies[0]
    cut = html[:html.index("<body>") + 6] + html[html.index('<section id="appendix">'):]
    cut = cut[:cut.index(f'<details id="study-{report.studies[1].id}"')] + "</body></html>"
    assert '<details id="study-' in cut and "<details open" not in cut
    pdf = html_to_pdf(cut)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    text = re.sub(r"‐\n|-\n", "", text)  # words hyphenated at the end of a line
    # the source cell of the study's first line item, inside the closed details
    source = first.items["source"].iloc[0]
    assert source.replace(" ", "") in text.replace(" ", "").replace("\n", "")


def test_chromium_prints_the_appendix_expanded(written, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("pdftotext") is None:
        pytest.skip("no headless Chromium or pdftotext")
    report, _, html = written["en"]
    # the head, the appendix and the page's script (closed details, opened before printing)
    cut = html[:html.index("<body>") + 6] + html[html.index('<section id="appendix">'):]
    page = tmp_path / "appendix.html"
    pdf = tmp_path / "appendix.pdf"
    sources = [s.items["source"].iloc[0] for s in report.studies]
    for script, printed in ((True, True), (False, False)):
        text = cut if script else cut.replace('"beforeprint"', '"not-beforeprint"')
        page.write_text(text, encoding="utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True,
                       timeout=180)
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                             timeout=60).stdout.decode("utf-8")
        out = re.sub(r"\s+", "", re.sub(r"‐\n|-\n", "", out))
        # without the script Chromium prints closed details closed: the check can fail
        assert all(s.replace(" ", "") in out for s in sources) is printed
