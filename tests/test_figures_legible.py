"""Every figure of a report, and every scenario figure, reads on the page.

The page shows each figure at its natural CSS size (its size in inches at 96 CSS pixels per
inch; the PNG has 150 pixels per inch for sharpness), so a text of 7 points is
7 / 72 * 96 = 9.33 CSS pixels: the 9 px floor of issue #12. These tests draw every figure and
check every visible text.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest
from conftest import REPO, STUDIES
from helpers_figures import (
    drawn,
    figures_of,
    label_boxes,
    legends_outside,
    overlapping,
    visible_texts,
)
from helpers_k100 import many_studies
from PIL import Image

from mkba.analysis import pool_studies
from mkba.io import read_studies
from mkba.io.register import read_register
from mkba.plots import all_figures
from mkba.plots.outcomes import cost_ratio_plot
from mkba.scenario.files import compare_files
from mkba.scenario.plots import plot_net_by_actor, plot_npv_distribution, plot_probability_best
from mkba.write.figures import FIGURE_DPI, figure_bytes

#: 7 points in CSS pixels (96 per inch): the smallest text the page may show is 9 px.
MIN_PT = 7.0


@pytest.fixture(scope="module")
def examples():
    return sorted(read_studies(STUDIES), key=lambda s: s.id)


@pytest.fixture(scope="module", params=["nl", "en"])
def report_figures(request, examples):
    pooled = pool_studies(examples, by="approach_type", draws=500)
    figs = all_figures(examples, pooled, lang=request.param, published=read_register())
    yield {name: drawn(fig) for name, fig in figs.items()}
    for fig in figs.values():
        plt.close(fig)


@pytest.fixture(scope="module")
def scenario_figures(examples):
    specs = sorted((REPO / "scenarios").glob("*.toml"))
    cmp = compare_files(specs, examples, draws=500, seed=1)
    out = {}
    for lang in ("nl", "en"):
        for draw in (plot_net_by_actor, plot_npv_distribution, plot_probability_best):
            out[f"{draw.__name__}-{lang}"] = drawn(draw(cmp, lang=lang).get_figure())
    yield out
    for fig in out.values():
        plt.close(fig)


def test_the_floor_is_nine_css_pixels():
    assert MIN_PT / 72 * 96 == pytest.approx(9.33, abs=0.01)
    assert FIGURE_DPI == 150


def _small(fig):
    return [(t.get_text()[:40], t.get_fontsize()) for t in visible_texts(fig)
            if t.get_fontsize() < MIN_PT]


def test_no_report_figure_text_under_7_points(report_figures):
    assert len(report_figures) >= 13
    for name, fig in report_figures.items():
        texts = visible_texts(fig)
        # the check sees the tick labels, legends and footnotes it is meant to check
        assert any(t.get_gid() == "mkba-footnote" for t in texts), name
        assert sum(1 for ax in fig.axes for t in ax.get_xticklabels() if t in texts), name
        assert _small(fig) == [], name


def test_no_scenario_figure_text_under_7_points(scenario_figures):
    assert len(scenario_figures) == 6
    for name, fig in scenario_figures.items():
        assert visible_texts(fig), name
        assert _small(fig) == [], name


def test_the_check_finds_a_small_text(examples):
    # the check itself: a 6.5-point label is found
    from mkba.appraisal import appraise

    ax = cost_ratio_plot([appraise(s) for s in examples], examples)
    ax.annotate("te klein", (0.5, 0.5), xycoords="axes fraction", fontsize=6.5)
    assert _small(drawn(ax.get_figure())) == [("te klein", 6.5)]
    plt.close(ax.get_figure())


def test_png_is_rendered_at_150_dpi(examples):
    from mkba.appraisal import appraise

    ax = cost_ratio_plot([appraise(s) for s in examples], examples)
    fig = ax.get_figure()
    png = figure_bytes(fig, ("png",))["png"]
    width, height = Image.open(io.BytesIO(png)).size
    w_in, h_in = fig.get_size_inches()
    assert (width, height) == (round(w_in * 150), round(h_in * 150))
    plt.close(fig)


@pytest.mark.parametrize("k", [13, 40])
def test_point_labels_never_overlap(k):
    figs = figures_of(list(many_studies(k)))
    for name in ("cost_vs_ratio", "funnel"):
        fig = drawn(figs[name])
        boxes = label_boxes(fig)
        assert len(boxes) >= min(k, 10), (name, len(boxes))  # most points are named
        assert overlapping(boxes) == [], name
        frame = fig.axes[0].get_window_extent()
        assert all(frame.x0 - 0.5 <= b.x0 and b.x1 <= frame.x1 + 0.5 and frame.y0 - 0.5 <= b.y0
                   and b.y1 <= frame.y1 + 0.5 for _, b in boxes), name
    for fig in figs.values():
        plt.close(fig)


@pytest.mark.parametrize("k", [13, 30])
def test_legends_lie_inside_the_figure(k):
    # 30 studies: the most a per-study legend (payback: one entry per study) has to hold
    studies = list(many_studies(k))
    figs = figures_of(studies)
    with_flows = sum(1 for s in studies if s.has_flows())
    payback = figs["payback"].axes[0].get_legend().get_texts()
    assert len(payback) == with_flows  # one entry per study up to 30 studies
    for name, fig in figs.items():
        assert legends_outside(drawn(fig)) == [], name
        plt.close(fig)
