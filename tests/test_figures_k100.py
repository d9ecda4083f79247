"""The figures of a report on 100 studies (built in memory, tests/helpers_k100.py): rows grouped
by approach type, summarised legends inside the figure, footnotes that count studies instead of
naming them, point labels that never overlap, and PNGs under 400 KB."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from helpers_figures import drawn, label_boxes, legends_outside, overlapping
from helpers_k100 import many_studies

from mkba.analysis import pool_studies
from mkba.plots import FOOTNOTE_GID, figure_builders
from mkba.plots._layout import ROW_LABEL_GID
from mkba.vocab import vocabulary
from mkba.write.figures import render_figures

K = 100


@pytest.fixture(scope="module")
def studies():
    return list(many_studies(K))


@pytest.fixture(scope="module")
def builders(studies):
    pooled = pool_studies(studies, by="approach_type", draws=500)
    return figure_builders(studies, pooled)


@pytest.fixture(scope="module")
def figures(builders):
    figs = {name: drawn(build()) for name, build in builders.items()}
    yield figs
    for fig in figs.values():
        plt.close(fig)


def test_the_evidence_base_has_100_distinct_studies(studies):
    assert len({s.id for s in studies}) == K
    assert len({s.approach_type for s in studies}) == 5


def test_point_labels_never_overlap(figures):
    for name in ("cost_vs_ratio", "funnel"):
        boxes = label_boxes(figures[name])
        assert 10 <= len(boxes) <= 25, name  # the outermost points are named, not all 100
        assert overlapping(boxes) == [], name


def test_footnotes_name_no_study(figures, studies):
    ids = sorted((s.id for s in studies), key=len, reverse=True)
    for name, fig in figures.items():
        notes = [t.get_text() for ax in fig.axes for t in ax.texts
                 if t.get_gid() == FOOTNOTE_GID]
        assert notes, name
        text = " ".join(notes).replace("\n", " ")
        named = [i for i in ids if i in text]
        assert named == [], (name, named[:5])
    # the numbers are there instead: 30 of the studies report present values only
    pv_only = sum(1 for s in studies if not s.has_flows())
    forest = [t.get_text() for t in figures["forest"].axes[0].texts
              if t.get_gid() == FOOTNOTE_GID][0].replace("\n", " ")
    assert f"* {pv_only} studies alleen contante waarden" in forest


def test_legends_lie_inside_the_figure(figures):
    with_legend = [name for name, fig in figures.items()
                   if fig.legends or any(ax.get_legend() for ax in fig.axes)]
    assert len(with_legend) >= 8
    for name in with_legend:
        assert legends_outside(figures[name]) == [], name


def test_payback_legend_is_summarised(figures, studies):
    labels = [t.get_text() for t in figures["payback"].axes[0].get_legend().get_texts()]
    with_flows = sum(1 for s in studies if s.has_flows())
    assert labels == [f"Eén lijn per studie ({with_flows})", "Mediaan van de studies"]


@pytest.mark.parametrize("name", ["costs_benefits_per_household", "actor_balance",
                                  "benefit_composition"])
def test_rows_grouped_by_approach_type(figures, studies, name):
    ax = figures[name].axes[0]
    # above 30 rows the row labels are texts left of the axes, top to bottom
    rows = sorted((t for t in ax.texts if t.get_gid() == ROW_LABEL_GID),
                  key=lambda t: -t.xy[1])
    labels = [t.get_text() for t in rows]
    bold = [t.get_text() for t in rows if t.get_fontweight() == "bold"]
    types = vocabulary("approach_types")
    # one bold header per approach type, in the vocabulary's order
    assert bold == [types.label(c, "nl") for c in types.codes
                    if any(s.approach_type == c for s in studies)]
    # every study under the header of its own approach type
    by_id = {s.id: s.approach_type for s in studies}
    current = None
    seen = 0
    for label in labels:
        if label in bold:
            current = next(c for c in types.codes if types.label(c, "nl") == label)
            continue
        assert by_id[label.removesuffix(" *")] == current, label
        seen += 1
    assert seen == K
    assert min(t.get_fontsize() for t in rows) >= 7.0
    assert list(ax.get_yticks()) == []
    # the y label stands left of every row label
    renderer = figures[name].canvas.get_renderer()
    left = min(t.get_window_extent(renderer).x0 for t in rows)
    assert ax.yaxis.label.get_window_extent(renderer).x1 <= left


def test_pngs_stay_under_400_kb(builders):
    rendered = render_figures(builders)
    assert len(rendered) == len(builders) >= 13
    sizes = {name: len(data["png"]) for name, data in rendered.items()}
    assert max(sizes.values()) < 400_000, sizes
