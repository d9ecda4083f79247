"""report.pdf (issue #12): A4 with page numbers in the report's language, a table of contents
whose page numbers are the pages where the sections start, tables and figures within the page,
landscape pages for the sections of wide tables, header rows repeated on every page.

Measured on the pages WeasyPrint lays out (its boxes), for a report of three studies (quick):
the expected values come from the page geometry (A4 is 210 x 297 mm; 96 CSS px per inch) and
from counting the pages, not from the stylesheet.
"""

import re

import pytest
from conftest import REPO, STUDIES

from mkba.io import read_evidence
from mkba.io.register import shipped_register
from mkba.report import build_report, write_report

weasyprint = pytest.importorskip("weasyprint")
from weasyprint.formatting_structure import boxes  # noqa: E402

from mkba.write.pdf import laid_out  # noqa: E402

# two studies recomputed from their yearly flows, one with present values only; one scenario
NAMES = ["wierhoven-2015", "klaverdam-2014", "eikenrode-2012"]
MM = 96 / 25.4  # CSS px per millimetre
A4 = (210 * MM, 297 * MM)
SECTIONS = ["summary", "method", "figures", "tables", "published", "scenarios", "calculator",
            "appendix"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    evidence = read_evidence([STUDIES / f"{name}.xlsx" for name in NAMES],
                             register=shipped_register())
    out = {}
    for lang in ("nl", "en"):
        folder = tmp_path_factory.mktemp(lang) / "report"
        report = build_report(evidence.studies, published=evidence.published,
                              scenario_specs=[REPO / "scenarios" / "kwetsbaar.toml"],
                              draws=500, lang=lang)
        write_report(report, folder)
        html = (folder / "index.html").read_text(encoding="utf-8")
        out[lang] = (html, laid_out(html, base_url=folder))
    return out


def walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def text(box) -> str:
    return "".join(b.text for b in walk(box) if isinstance(b, boxes.TextBox))


def content_area(page):
    """Left and right edge of the page's content area: the root element's box spans it."""
    root = page._page_box.children[0]
    assert root.element_tag == "html"
    return root.content_box_x(), root.content_box_x() + root.width


def section_pages(document) -> dict[str, int]:
    """The page (1-based) where each element with an id starts."""
    first = {}
    for number, page in enumerate(document.pages, 1):
        for box in walk(page._page_box):
            element = getattr(box, "element", None)
            ident = None if element is None else element.get("id")
            if ident and getattr(box, "element_tag", "").split("::")[0] == element.tag:
                first.setdefault(ident, number)
    return first


@pytest.mark.parametrize("lang,word,of", [("nl", "pagina", "van"), ("en", "page", "of")])
def test_every_page_says_its_number_and_the_count(printed, lang, word, of):
    pages = printed[lang][1].pages
    assert len(pages) >= 5
    for number, page in enumerate(pages, 1):
        margins = [b for b in page._page_box.children if isinstance(b, boxes.MarginBox)]
        corner = [text(b) for b in margins if b.at_keyword == "@bottom-right"]
        assert corner == [f"{word} {number} {of} {len(pages)}"]


def test_pages_are_a4_portrait_and_the_wide_sections_landscape(printed):
    document = printed["nl"][1]
    starts = section_pages(document)
    for number, page in enumerate(document.pages, 1):
        size = (page.width, page.height)
        # the tables up to the next section, and the appendix to the end
        wide = starts["tables"] <= number < starts["published"] or number >= starts["appendix"]
        expected = A4[::-1] if wide else A4
        assert size == pytest.approx(expected, abs=0.5), number
    assert starts["summary"] == 1  # the key message on the first page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_table_of_contents_gives_the_page_where_each_section_starts(printed, lang):
    html, document = printed[lang]
    starts = section_pages(document)
    toc = {}
    for page in document.pages[:3]:  # the contents are on the first pages
        for nav in walk(page._page_box):
            if getattr(nav, "element_tag", None) != "nav":
                continue
            for box in walk(nav):
                if getattr(box, "element_tag", None) == "a::after" and (
                        found := re.search(r"(\d+)$", text(box))):
                    toc.setdefault(box.element.get("href"), int(found.group(1)))
    assert list(toc) == [f"#{s}" for s in SECTIONS]  # every section, in order
    for href, number in toc.items():
        assert number == starts[href[1:]], href
    # each section after the contents starts a new page, so the numbers strictly increase
    numbers = [toc[f"#{s}"] for s in SECTIONS[2:]]
    assert numbers == sorted(set(numbers))
    assert numbers[-1] < len(document.pages)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_table_or_figure_is_wider_than_the_page(printed, lang):
    document = printed[lang][1]
    tables = images = 0
    for number, page in enumerate(document.pages, 1):
        left, right = content_area(page)
        for box in walk(page._page_box.children[0]):
            if isinstance(box, boxes.TableBox):
                tables += 1
                assert box.border_box_x() >= left - 0.5, (number, box)
                assert box.border_box_x() + box.border_width() <= right + 0.5, (number, text(
                    box)[:80])
                for inner in walk(box):  # nor does any cell's text run out of the page
                    if isinstance(inner, boxes.TextBox):
                        assert inner.position_x + inner.width <= right + 0.5, (number,
                                                                               inner.text)
            elif isinstance(box, boxes.ReplacedBox) and box.element_tag == "img":
                images += 1
                assert box.border_box_x() + box.border_width() <= right + 0.5, number
                assert box.height <= page.height, number
    assert tables > 20 and images >= 10


def test_a_table_over_two_pages_repeats_its_header_row(printed):
    document = printed["nl"][1]
    seen, continued = set(), 0
    for page in document.pages:
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableBox):
                groups = [g for g in box.children if isinstance(g, boxes.TableRowGroupBox)]
                if id(box.element) in seen:
                    continued += 1
                    assert groups[0].is_header and groups[0].element_tag == "thead"
                    head = [text(c) for c in groups[0].children[0].children]
                    first = [th.text_content() if hasattr(th, "text_content") else
                             "".join(th.itertext()) for th in box.element.iter("th")]
                    assert ("".join(head).replace("\u00ad", "")
                            == "".join(first[:len(head)]).replace("\u00ad", ""))
                seen.add(id(box.element))
    assert continued >= 2  # the appendix's lists of line items run over pages


def test_the_page_numbers_do_not_change_the_screen(printed):
    # the print stylesheet is for print media only: a screen never sees A4 or landscape
    html = printed["nl"][0]
    print_css = (REPO / "mkba" / "templates" / "print.css").read_text(encoding="utf-8")
    assert f'<style media="print">\n{print_css}' in html
    head = html[:html.index('<style media="print">')]
    assert "@page" not in head


def test_the_same_page_gives_the_same_pdf(printed):
    from mkba.write.pdf import html_to_pdf

    html = printed["en"][0]
    cut = html[:html.index('<section id="method">')] + "</body></html>"
    assert html_to_pdf(cut) == html_to_pdf(cut)
