"""index.html in headless Chromium at 1280 and 390 px, Dutch and English (issue #12, done-when):
no table wider than its container or the window, and no figure text under 9 px as shown.

Chromium lays out a copy of the page with a small script that measures every table and figure
after loading and writes the numbers into the page as JSON; ``--dump-dom`` hands them back.
The figure text is measured apart from the page: each figure of the same report is drawn here,
and its smallest visible text in points becomes pixels by the figure's resolution (PNG width /
figure width in inches, checked to be 150 dpi) and the width Chromium shows the PNG at. Skipped
only when Chromium is not installed (``.ci/run`` installs it where it can).
"""

import json
import os
import re
import shutil
import subprocess

import pytest
from conftest import REPO, STUDIES
from matplotlib.text import Text

from mkba.io import read_evidence
from mkba.io.register import shipped_register
from mkba.report import build_report, write_report
from mkba.write.figures import figure_bytes

# two approach types with two or more studies each (the subgroup figure), yearly flows and
# present values only, and the scenario of the vulnerable households
NAMES = ["brakelveen-2012", "grevenhaven-2013", "wierhoven-2015", "eikenrode-2012",
         "marsveen-2017", "klaverdam-2014"]
WIDTHS = (1280, 390)
MIN_PX = 9.0
DPI = 150  # the contract with the figure writer: PNGs at 150 dots per inch

PROBE = """<script>
window.addEventListener('load', function () {
  var view = document.documentElement.clientWidth, out = {view: view, tables: [], figures: []};
  out.page = document.documentElement.scrollWidth;
  document.querySelectorAll('table').forEach(function (t, i) {
    var box = t.parentElement, r = t.getBoundingClientRect(), c = box.getBoundingClientRect();
    out.tables.push({i: i, head: (t.querySelector('th') || {}).textContent || '',
      width: Math.max(t.scrollWidth, r.width), box: box.clientWidth,
      right: r.right, boxRight: c.right, boxScroll: box.scrollWidth,
      visible: r.width > 0 && r.height > 0});
  });
  document.querySelectorAll('figure img').forEach(function (img) {
    out.figures.push({id: img.id, shown: img.getBoundingClientRect().width,
                      natural: img.naturalWidth});
  });
  parent.postMessage(JSON.stringify(out), '*');
});
</script></body>"""

# headless Chromium keeps its window at least 500 px wide: the page goes into a frame of the
# width asked, which is the page's viewport (its media queries, its 100%)
HOST = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="border:0;width:{width}px;height:2000px"></iframe>
<script>window.addEventListener('message', function (e) {{
  var pre = document.createElement('pre'); pre.id = 'layout-probe';
  pre.textContent = e.data; document.body.appendChild(pre); }});</script>
</body></html>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.access("/usr/bin/chromium", os.X_OK):
        found = "/usr/bin/chromium"
    if found is None:
        pytest.skip("headless Chromium is not installed (.ci/run installs it where it can)")
    return found


def measure(html: str, width: int, folder, browser: str) -> dict:
    """Chromium's measurements of the page ``html`` in a window ``width`` px wide."""
    page = folder / "probe.html"
    page.write_text(html.replace("</body>", PROBE, 1), encoding="utf-8")
    host = folder / f"host-{width}.html"
    host.write_text(HOST.format(src=page.name, width=width), encoding="utf-8")
    profile = folder / f"profile-{width}"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
         f"--window-size={max(width, 500) + 20},2100", "--virtual-time-budget=8000",
         "--dump-dom", host.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="layout-probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">").replace("&quot;", '"'))


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    browser = chromium()
    evidence = read_evidence([STUDIES / f"{n}.xlsx" for n in NAMES], register=shipped_register())
    out = {}
    for lang in ("nl", "en"):
        folder = tmp_path_factory.mktemp(lang)
        report = build_report(evidence.studies, published=evidence.published,
                              scenario_specs=[REPO / "scenarios" / "kwetsbaar.toml"],
                              draws=500, lang=lang)
        write_report(report, folder / "report")
        html = (folder / "report" / "index.html").read_text(encoding="utf-8")
        # index.html alone, as it is sent by mail: everything it shows is inside it
        out[lang] = (report, {w: measure(html, w, folder, browser) for w in WIDTHS})
    return out


def smallest_text_pt(fig) -> tuple[float, str]:
    """The smallest font size (points) of the visible, non-empty texts of the drawn figure."""
    sizes = [(t.get_fontsize(), t.get_text()) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]
    return min(sizes)


@pytest.fixture(scope="module")
def figure_text(laid_out):
    """Per language and figure name: (smallest text in pt, that text, PNG px per inch)."""
    out = {}
    for lang, (report, _) in laid_out.items():
        out[lang] = {}
        for name, item in report.figures.items():
            fig = item() if callable(item) and not hasattr(item, "savefig") else item
            png = figure_bytes(fig, ("png",))["png"]  # drawn as the report draws it
            png_width = int.from_bytes(png[16:20], "big")  # IHDR width
            out[lang][name] = (*smallest_text_pt(fig), png_width / fig.get_size_inches()[0],
                               png_width)
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_is_wider_than_its_container_or_the_window(laid_out, lang, width):
    found = laid_out[lang][1][width]
    assert abs(found["view"] - width) <= 20  # the window is as wide as asked
    tables = [t for t in found["tables"] if t["visible"]]
    assert len(tables) > 20
    for t in tables:
        assert t["width"] <= t["box"] + 1, t  # the table fits its container
        assert t["boxScroll"] <= t["box"] + 1, t  # and the container needs no sideways scroll
        assert t["right"] <= found["view"] + 1, t  # and the window holds it
    assert found["page"] <= found["view"] + 1  # nothing makes the page scroll sideways


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_figure_text_is_under_9_px(laid_out, figure_text, lang, width):
    report, measured = laid_out[lang]
    shown = {f["id"]: f for f in measured[width]["figures"]}
    assert len(report.figures) >= 10
    for name, (pt, words, dpi, png_width) in figure_text[lang].items():
        assert dpi == pytest.approx(DPI, rel=0.01), name  # the resolution of the contract
        img = shown[f"img-figures-{name}"]
        assert img["natural"] == png_width, name  # the page shows this very PNG
        px = pt * DPI / 72 * img["shown"] / img["natural"]
        assert px >= MIN_PX, (f"{name} at {width} px: {words!r} is {pt} pt, shown at "
                              f"{px:.1f} px")
