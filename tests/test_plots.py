"""Tests of mkba.plots: the returned Axes (titles, labels, units, language, one mark per study,
scales, reference lines, footnote and illustrative notice), not pixels.

Expected counts and orders are computed from the inputs (studies, their line items and
appraisals), not from the plotting code.
"""

from __future__ import annotations

import io
import random

import matplotlib
import matplotlib.pyplot as plt
import pytest
from conftest import STUDIES
from helpers_studies import make_study
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from mkba.analysis import pool_studies
from mkba.appraisal import appraise
from mkba.errors import ArgumentError
from mkba.headlines import Headline, PublishedStudy
from mkba.io import read_studies
from mkba.io.register import read_register
from mkba.plots import (
    FIGURES,
    FOOTNOTE_GID,
    NOTICE_GID,
    POOLED_FIGURES,
    PUBLISHED_FIGURES,
    REFERENCE_GID,
    actor_balance_plot,
    all_figures,
    benefit_composition_plot,
    caption,
    cost_ratio_plot,
    costs_benefits_plot,
    figure_builders,
    forest_plot,
    funnel_plot,
    leave_one_out_plot,
    payback_plot,
    pooled_actor_balance_plot,
    published_plot,
    published_ratios,
    rate_sensitivity_plot,
    subgroup_forest_plot,
    tornado_plot,
)
from mkba.plots.style import fill_style, point_style
from mkba.prices import latest_price_year
from mkba.sensitivity import sensitivity_frame
from mkba.vocab import vocabulary

NOTICE = {"nl": "Illustratieve voorbeeldstudies, geen gepubliceerde MKBA's",
          "en": "Illustrative example studies, not published SCBAs"}
#: The published figure's own notice: its studies are real, the pooled band is not.
PUBLISHED_NOTICE = {
    "nl": "De grijze band komt uit illustratieve voorbeeldstudies, niet uit gepubliceerde MKBA's",
    "en": "The grey band comes from illustrative example studies, not from published SCBAs"}
EURO_FIGURES = ("costs_benefits_per_household", "actor_balance", "actor_balance_pooled",
                "payback", "cost_vs_ratio")
RATIO_FIGURES = ("forest", "forest_by_approach_type", "cost_vs_ratio", "tornado",
                 "leave_one_out", "funnel", "assumptions", "published")
#: Figures of several Axes (small multiples): the title is the figure's suptitle, the value
#: axis label and the footnote are on the last Axes.
PANEL_FIGURES = {"assumptions": 5}


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples():
    return sorted(read_studies(STUDIES), key=lambda s: s.id)


@pytest.fixture(scope="module")
def base(examples):
    return [appraise(s) for s in examples]


@pytest.fixture(scope="module")
def pooled(examples):
    return pool_studies(examples, by="approach_type", draws=2000)


@pytest.fixture(scope="module")
def register():
    return read_register()


@pytest.fixture(scope="module")
def figures_nl(examples, pooled, register):
    figs = all_figures(examples, pooled, lang="nl", published=register)
    yield figs
    for fig in figs.values():
        plt.close(fig)


@pytest.fixture(scope="module")
def mixed():
    """Three small studies of which one is illustrative, pooled at price year 2015."""
    studies = _synthetic(illustrative=(False, True, False))
    return studies, pool_studies(studies, draws=200, price_year=2015)


@pytest.fixture(scope="module")
def figures_en(mixed, register):
    studies, pooled = mixed
    figs = all_figures(studies, pooled, price_year=2015, lang="en", published=register)
    yield figs
    for fig in figs.values():
        plt.close(fig)


def _synthetic(illustrative=(False, False, False)):
    """Three small studies with yearly flows and variants, two approach types."""
    studies = []
    specs = [("s1", 1000.0, 500.0, 100, "zorg_welzijnsteam", 0.7),
             ("s2", 2000.0, 700.0, 400, "zorg_welzijnsteam", 0.8),
             ("s3", 800.0, 450.0, 50, "jeugd_gezinsteam", 0.6)]
    for (sid, cost, benefit, hh, approach, low), illus in zip(specs, illustrative, strict=True):
        flows = []  # the variants differ per study, so the studies differ in precision
        for variant, factor in (("basis", 1.0), ("laag", low), ("hoog", 1.2)):
            flows.append(("cost", "uitvoering_team", "gemeente", 2015, cost, variant))
            for year in (2015, 2016, 2017):
                flows.append(("benefit", "jeugdzorg", "gemeente", year, 0.6 * benefit * factor,
                              variant))
                flows.append(("benefit", "gezondheid", "zorgverzekeraar", year,
                              0.4 * benefit * factor, variant))
        studies.append(make_study(sid, flows=flows, households=hh, illustrative=illus,
                                  approach_type=approach, discount_rate=0.03))
    return studies


@pytest.fixture(scope="module")
def plain():
    """Three published-looking (not illustrative) studies, their base cases and pooling."""
    studies = _synthetic()
    return studies, [appraise(s, price_year=2015) for s in studies], \
        pool_studies(studies, draws=500, price_year=2015)


def _main(fig):
    """The Axes with the title, labels and footnote: the only one, or the last of a figure of
    small multiples."""
    return fig.axes[-1] if len(fig.axes) > 1 else fig.axes[0]


def _title(fig):
    return fig.get_suptitle() or _main(fig).get_title()


def _texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def _ticks(ax, axis="y"):
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def _ids(labels):
    return [label.removesuffix(" *") for label in labels]


def _offsets(ax, gid):
    return [c for c in ax.collections if c.get_gid() == gid][0].get_offsets()


def _bar_segments(ax):
    """The bar segments of a stacked-bar figure as (left, width, y centre): every rectangle of
    the collections with a gid ``vocab:code``."""
    out = []
    for c in ax.collections:
        if ":" not in str(c.get_gid()):
            continue
        for path in c.get_paths():
            xs, ys = path.vertices[:, 0], path.vertices[:, 1]
            out.append((xs[0], xs[1] - xs[0], (ys.min() + ys.max()) / 2))
    return out


def _reference(ax, axis, value):
    lines = [line for line in ax.get_lines() if line.get_gid() == REFERENCE_GID]
    data = [line.get_xdata() if axis == "x" else line.get_ydata() for line in lines]
    return any(list(d) == [value, value] for d in data)


def _per_study_calls(studies, appraisals, pooled):
    """Every figure function with its inputs, as (name, callable taking ax and lang)."""
    rates = variants = sensitivity_frame(studies, price_year=2015)
    return {
        "forest": lambda **kw: forest_plot(pooled, **kw),
        "forest_by": lambda **kw: subgroup_forest_plot(pooled, by="approach_type", **kw),
        "funnel": lambda **kw: funnel_plot(pooled, **kw),
        "leave_one_out": lambda **kw: leave_one_out_plot(pooled, **kw),
        "actor_pooled": lambda **kw: pooled_actor_balance_plot(pooled, **kw),
        "costs": lambda **kw: costs_benefits_plot(appraisals, studies, **kw),
        "composition": lambda **kw: benefit_composition_plot(appraisals, studies, **kw),
        "actors": lambda **kw: actor_balance_plot(appraisals, studies, **kw),
        "payback": lambda **kw: payback_plot(appraisals, studies, **kw),
        "cost_ratio": lambda **kw: cost_ratio_plot(appraisals, studies, **kw),
        "rates": lambda **kw: rate_sensitivity_plot(rates, **kw),
        "tornado": lambda **kw: tornado_plot(variants, **kw),
    }


# --- every figure: title, labels, units, language, footnote, notice -----------------------

def test_all_figures_names_in_registry_order(figures_nl):
    assert list(figures_nl) == list(FIGURES)
    assert all(isinstance(f, Figure) for f in figures_nl.values())
    assert {name: len(f.axes) for name, f in figures_nl.items() if len(f.axes) != 1} == \
        PANEL_FIGURES


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_figure_has_title_labels_footnote_and_notice(lang, figures_nl, figures_en,
                                                           examples, mixed):
    # nl: the examples, all illustrative; en: three studies of which one is illustrative
    figs = figures_nl if lang == "nl" else figures_en
    assert list(figs) == list(FIGURES)
    for name, fig in figs.items():
        ax = _main(fig)
        assert _title(fig), name
        # small multiples: each panel is titled instead of a y axis label
        assert ax.get_xlabel() and (ax.get_ylabel() or name in PANEL_FIGURES), name
        assert all(a.get_title(loc="left") for a in fig.axes) or name not in PANEL_FIGURES
        (note,) = _texts(ax, FOOTNOTE_GID)
        assert note.startswith("Basis"), name
        notice = PUBLISHED_NOTICE if name in PUBLISHED_FIGURES else NOTICE
        assert _texts(ax, NOTICE_GID) == [notice[lang]], name
    assert all(s.illustrative for s in examples)
    assert [s.illustrative for s in mixed[0]] == [False, True, False]


def test_units_in_labels(figures_nl, figures_en):
    py = latest_price_year()
    for name in EURO_FIGURES:
        for figs, unit in ((figures_nl, f"prijspeil {py}"), (figures_en, "2015 prices")):
            ax = figs[name].axes[0]
            labels = ax.get_xlabel() + " " + ax.get_ylabel()
            assert "€" in labels and unit in labels, (name, labels)
    for name in RATIO_FIGURES:
        ax = _main(figures_nl[name])
        assert "€ baten per € kosten" in ax.get_xlabel() + ax.get_ylabel(), name
        ax = _main(figures_en[name])
        assert "€ benefits per € costs" in ax.get_xlabel() + ax.get_ylabel(), name
    ax = figures_nl["benefit_composition"].axes[0]
    assert "(%)" in ax.get_xlabel()


def test_dutch_by_default_and_english_on_request(figures_nl, figures_en):
    assert figures_nl["forest"].axes[0].get_title() == "Baten-kostenverhouding per studie"
    assert figures_en["forest"].axes[0].get_title() == "Benefit-cost ratio per study"
    for name in FIGURES:
        nl, en = _main(figures_nl[name]), _main(figures_en[name])
        assert _title(figures_nl[name]) != _title(figures_en[name]), name
        assert nl.get_xlabel() != en.get_xlabel() or nl.get_ylabel() != en.get_ylabel(), name
        assert "Studie" not in en.get_ylabel() and "Study" not in nl.get_ylabel(), name
    assert "Gepoold" in _ticks(figures_nl["forest"].axes[0])
    assert "Pooled" in _ticks(figures_en["forest"].axes[0])


def test_footnote_states_the_basis_and_number_of_studies(figures_nl, examples):
    n = len(examples)
    note = _texts(figures_nl["costs_benefits_per_household"].axes[0], FOOTNOTE_GID)[0]
    assert f"prijspeil {latest_price_year()}" in note and f"{n} studies" in note
    assert "eigen discontovoet" in note
    forest_note = _texts(figures_nl["forest"].axes[0], FOOTNOTE_GID)[0]
    assert f"{n} studies" in forest_note and "REML" in forest_note
    # the payback figure counts only the studies with yearly flows
    flows = sum(s.has_flows() for s in examples)
    note = _texts(figures_nl["payback"].axes[0], FOOTNOTE_GID)[0]
    assert f"{flows} studies" in note.replace("\n", " ")


def test_ax_argument_is_used_and_no_notice_without_illustrative_studies(plain):
    studies, appraisals, pooled = plain
    for name, draw in _per_study_calls(studies, appraisals, pooled).items():
        fig = Figure()
        ax = fig.add_subplot()
        assert draw(ax=ax) is ax, name
        assert len(fig.axes) == 1 and ax.get_title(), name
        assert len(_texts(ax, FOOTNOTE_GID)) == 1, name
        assert _texts(ax, NOTICE_GID) == [], name


def test_figures_are_not_registered_with_pyplot(plain):
    studies, appraisals, _ = plain
    before = plt.get_fignums()
    ax = costs_benefits_plot(appraisals, studies)
    assert plt.get_fignums() == before
    assert ax.get_figure().get_layout_engine() is not None


# --- pooled figures ------------------------------------------------------------------------

def test_forest_plot_log_scale_rows_diamond_and_intervals(figures_nl, examples, pooled):
    ax = figures_nl["forest"].axes[0]
    assert ax.get_xscale() == "log"
    assert _reference(ax, "x", 1.0)
    labels = _ticks(ax)
    assert labels[-2:] == ["Gepoold", "Voorspellingsinterval"]
    assert sorted(_ids(labels[:-2])) == [s.id for s in examples]
    assert len(_offsets(ax, "studies")) == len(examples)
    # rows sorted by ratio, largest on top
    ratio = {a.study_id: a.bcr for a in (appraise(s) for s in examples)}
    assert _ids(labels[:-2]) == sorted(ratio, key=lambda i: (-ratio[i], i))
    # studies reporting present values only are marked
    marked = {label[:-2] for label in labels if label.endswith(" *")}
    assert marked == {s.id for s in examples if not s.has_flows()}
    summary = pooled.summary()
    (diamond,) = [p for p in ax.patches if p.get_gid() == "pooled"]
    xs = diamond.get_xy()[:, 0]
    assert min(xs) == pytest.approx(summary["ci_low"])
    assert max(xs) == pytest.approx(summary["ci_high"])
    (pi,) = [line for line in ax.get_lines() if line.get_gid() == "prediction-interval"]
    assert list(pi.get_xdata()) == pytest.approx([summary["pi_low"], summary["pi_high"]])


def test_subgroup_forest_has_a_diamond_per_group(figures_nl, examples, pooled):
    ax = figures_nl["forest_by_approach_type"].axes[0]
    groups = {s.approach_type for s in examples}
    diamonds = [p for p in ax.patches if (p.get_gid() or "").startswith("subgroup-")]
    assert len(diamonds) == len(groups)
    assert len([p for p in ax.patches if p.get_gid() == "pooled"]) == 1
    study_rows = [t.strip() for t in _ticks(ax) if t.startswith("   ") and "(k =" not in t]
    assert sorted(_ids(study_rows)) == [s.id for s in examples]
    for code in groups:
        assert vocabulary("approach_types").label(code, "nl") in _ticks(ax)
    assert "type aanpak" in ax.get_title()
    assert ax.get_xscale() == "log" and _reference(ax, "x", 1.0)


def test_subgroup_forest_by_another_characteristic(pooled, examples):
    ax = subgroup_forest_plot(pooled, by="scale", lang="en")
    scales = {s.scale for s in examples}
    assert len([p for p in ax.patches if (p.get_gid() or "").startswith("subgroup-")]) \
        == len(scales)
    assert ax.get_title() == "Benefit-cost ratio by scale"
    plt.close(ax.get_figure())


def test_subgroup_forest_needs_a_characteristic(plain):
    _, _, pooled = plain
    with pytest.raises(ArgumentError, match="^by=None is hier niet toegestaan: de gepoolde "
                                            "analyse heeft geen subgroepen") as exc:
        subgroup_forest_plot(pooled)
    assert exc.value.render("en").startswith("by=None is not allowed here: the pooled analysis "
                                             "has no subgroups; give one of approach_type, ")
    with pytest.raises(ArgumentError, match="^by='colour' is niet toegestaan; gebruik een "
                                            "van approach_type") as exc:
        subgroup_forest_plot(pooled, by="colour")
    assert exc.value.render("en").startswith("by='colour' is not allowed; use one of")


def test_funnel_plot(figures_nl, examples, pooled):
    ax = figures_nl["funnel"].axes[0]
    assert ax.yaxis_inverted() and ax.get_ylim()[1] == 0.0
    assert ax.get_xscale() == "log" and _reference(ax, "x", 1.0)
    points = _offsets(ax, "studies")
    assert len(points) == len(examples)
    assert sorted(points[:, 1]) == pytest.approx(sorted(pooled.evidence.table["se"]))
    (line,) = [x for x in ax.get_lines() if x.get_gid() == "pooled-line"]
    assert line.get_xdata()[0] == pytest.approx(pooled.summary()["estimate"])
    assert len([x for x in ax.get_lines() if x.get_gid() == "funnel"]) == 2
    assert "Egger" in _texts(ax, FOOTNOTE_GID)[0]


def test_leave_one_out_plot(figures_nl, figures_en, examples, mixed):
    ax = figures_nl["leave_one_out"].axes[0]
    assert _ticks(ax) == [f"zonder {s.id}" for s in examples]
    assert _ticks(figures_en["leave_one_out"].axes[0]) == [f"without {s.id}" for s in mixed[0]]
    assert len(_offsets(ax, "studies")) == len(examples)
    assert ax.get_xscale() == "log" and _reference(ax, "x", 1.0)


def test_leave_one_out_with_two_studies_says_so():
    studies = _synthetic()[:2]
    pooled = pool_studies(studies, draws=200, price_year=2015)
    ax = leave_one_out_plot(pooled, lang="en")
    assert "Leaving one out needs at least 3 studies." in _texts(ax, FOOTNOTE_GID)[0]
    assert ax.get_title()
    plt.close(ax.get_figure())


def test_pooled_actor_balance(figures_nl, examples, pooled):
    ax = figures_nl["actor_balance_pooled"].axes[0]
    actors = {a for s in examples for a in s.items["actor"].dropna()}
    assert set(pooled.by_actor) == actors  # every actor of the examples has a spread
    expected = [vocabulary("actors").label(c, "nl") for c in vocabulary("actors").codes
                if c in actors]
    assert _ticks(ax) == expected
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("actors:")]
    assert len(bars) == len(actors)
    for bar in bars:
        balance = pooled.by_actor[bar.get_gid()[7:]]
        assert bar.get_width() == pytest.approx(balance.monte_carlo.mean)
    assert _reference(ax, "x", 0.0)


# --- per-study figures ---------------------------------------------------------------------

def _nonzero(study, key):
    """Number of non-zero sums of the base case's line items by ``key`` (independent count)."""
    items = study.variant_items("basis")
    if key == "actor":
        signed = items["amount"].where(items["kind"] == "benefit", -items["amount"])
        sums = signed.groupby(items["actor"]).sum()
    elif key == "benefit":
        b = items[items["kind"] == "benefit"]
        sums = b.groupby("category")["amount"].sum()
    else:
        sums = items.groupby(["kind", "category"])["amount"].sum()
    return int((sums.abs() > 1e-9).sum())


def test_costs_benefits_one_bar_per_study_sorted_by_net(figures_nl, examples, base):
    ax = figures_nl["costs_benefits_per_household"].axes[0]
    net = {a.study_id: a.net_pv / s.households for a, s in zip(base, examples, strict=True)}
    assert _ids(_ticks(ax)) == sorted(net, key=lambda i: (-net[i], i))
    assert len(_offsets(ax, "net")) == len(examples)
    segments = _bar_segments(ax)
    assert len(segments) == sum(_nonzero(s, "category") for s in examples)
    widths = [w for _, w, _ in segments]
    assert min(widths) < 0 < max(widths)  # costs to the left, benefits to the right
    assert _texts(ax, FOOTNOTE_GID)


def test_benefit_composition_adds_up_to_one(figures_nl, examples):
    ax = figures_nl["benefit_composition"].axes[0]
    assert _ids(_ticks(ax)) == [s.id for s in examples]
    segments = _bar_segments(ax)
    assert len(segments) == sum(_nonzero(s, "benefit") for s in examples)
    rows = {}
    for _, width, y in segments:
        rows.setdefault(round(y, 6), []).append(width)
    assert len(rows) == len(examples)
    assert all(sum(w) == pytest.approx(1.0) for w in rows.values())


def test_actor_balance_gross_costs_left_benefits_right(figures_nl, examples, base):
    ax = figures_nl["actor_balance"].axes[0]
    assert sorted(_ids(_ticks(ax))) == [s.id for s in examples]
    assert len(_offsets(ax, "net")) == len(examples)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["Actor", "Gemeente"] and legend[-1] == "Saldo (netto contante waarde)"
    # per study: the costs of the municipality (an independent sum of the base case's line
    # items, per household) left of 0; the costs of all actors add up to the study's costs
    ys = dict(zip(_ids(_ticks(ax)), ax.get_yticks(), strict=True))
    for study, a in zip(examples, base, strict=True):
        items = study.variant_items("basis")
        y = ys[study.id]
        for c in ax.collections:
            if c.get_gid() == "actor_costs:gemeente":
                rects = [p.vertices for p in c.get_paths()
                         if abs((p.vertices[:, 1].min() + p.vertices[:, 1].max()) / 2 - y) < 1e-9]
        (gemeente,) = rects
        width = gemeente[1, 0] - gemeente[0, 0]
        assert width < 0  # costs to the left of 0
        own = items[(items["kind"] == "cost") & (items["actor"] == "gemeente")]
        assert own["amount"].sum() > 0
        left = sum(w for _, w, yy in _bar_segments(ax) if abs(yy - y) < 1e-9 and w < 0)
        assert -left == pytest.approx(a.pv_costs / study.households)
    # a tick left of 0
    lo = ax.get_xlim()[0]
    assert any(lo <= t < 0 for t in ax.xaxis.get_major_locator()())


def test_payback_one_line_per_study_with_flows(figures_nl, examples):
    ax = figures_nl["payback"].axes[0]
    lines = [line for line in ax.get_lines() if (line.get_gid() or "").startswith("study:")]
    assert [line.get_gid()[6:] for line in lines] == [s.id for s in examples if s.has_flows()]
    for line, s in zip(lines, [s for s in examples if s.has_flows()], strict=True):
        assert list(line.get_xdata()) == list(range(1, s.horizon + 1))
    assert _reference(ax, "y", 0.0)
    note = _texts(ax, FOOTNOTE_GID)[0].replace("\n", " ")
    for s in examples:
        if not s.has_flows():
            assert s.id in note


def test_cost_ratio_one_bubble_per_study_sized_by_households(figures_nl, examples, base):
    ax = figures_nl["cost_vs_ratio"].axes[0]
    assert _reference(ax, "y", 1.0)
    bubbles = [c for c in ax.collections if (c.get_gid() or "").startswith("approach:")]
    assert len(bubbles) == len({s.approach_type for s in examples})
    assert sum(len(c.get_offsets()) for c in bubbles) == len(examples)
    by_point = {}
    for c in bubbles:
        for (x, y), size in zip(c.get_offsets(), c.get_sizes(), strict=True):
            by_point[(round(x, 6), round(y, 6))] = size
    sizes = [by_point[(round(a.pv_costs_per_household, 6), round(a.bcr, 6))] for a in base]
    households = [s.households for s in examples]
    order = sorted(range(len(examples)), key=lambda i: households[i])
    assert [sizes[i] for i in order] == sorted(sizes)
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "point-label"]
    assert sorted(_ids(labels)) == [s.id for s in examples]


def test_per_study_figures_leave_out_studies_without_households():
    studies = _synthetic()
    studies.append(make_study("s4", households=0))
    appraisals = [appraise(s, price_year=2015) for s in studies]
    for draw in (costs_benefits_plot, actor_balance_plot, payback_plot, cost_ratio_plot):
        ax = draw(appraisals, studies, lang="en")
        assert "s4" in _texts(ax, FOOTNOTE_GID)[0]
        assert "Left out: s4 (no households reached known)" in \
            _texts(ax, FOOTNOTE_GID)[0].replace("\n", " ")
        plt.close(ax.get_figure())


def test_per_study_figures_give_the_first_reason_a_study_is_left_out():
    # s5 lacks yearly flows, households and benefits: each figure names its first check
    studies = _synthetic()
    studies.append(make_study("s5", pv_items=[("cost", "uitvoering_team", "gemeente", 900.0,
                                               "basis")], households=0))
    appraisals = [appraise(s, price_year=2015) for s in studies]
    why = {payback_plot: "s5 (present values only, no yearly flows)",
           cost_ratio_plot: "s5 (no households reached known)",
           costs_benefits_plot: "s5 (no households reached known)",
           benefit_composition_plot: "s5 (no benefits)"}
    for draw, expected in why.items():
        ax = draw(appraisals, studies, lang="en")
        assert f"Left out: {expected}" in _texts(ax, FOOTNOTE_GID)[0].replace("\n", " ")
        plt.close(ax.get_figure())


# --- sensitivity figures -------------------------------------------------------------------

def test_rate_figure_one_row_per_study_and_the_median(figures_nl, figures_en, examples):
    ax = figures_nl["sensitivity_rates"].axes[0]
    ticks = _ticks(ax)
    assert ticks[0] == "Mediaan"
    assert sorted(t.rsplit(" (", 1)[0].removesuffix(" *") for t in ticks[1:]) == sorted(
        s.id for s in examples)
    for basis in ("nl-2007", "nl-2021"):  # every study and the median
        assert len(_offsets(ax, f"basis:{basis}")) == len(examples) + 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "5,5% (nl-2007)", "2,25% (nl-2021)"]
    assert _reference(ax, "x", 0.0)
    legend = figures_en["sensitivity_rates"].axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["5.5% (nl-2007)", "2.25% (nl-2021)"]


def test_rate_figure_shows_the_change_against_the_own_rate():
    # cost 1000 in the first year, benefits 600 in the second and third; first flow discounted
    # one year (t=1): ratio(r) = (600/(1+r)^2 + 600/(1+r)^3) / (1000/(1+r)), by hand
    flows = [("cost", "uitvoering_team", "gemeente", 2015, 1000.0),
             ("benefit", "jeugdzorg", "gemeente", 2016, 600.0),
             ("benefit", "jeugdzorg", "gemeente", 2017, 600.0)]
    study = make_study("r1", flows=flows, discount_rate=0.055, households=10)

    def ratio(r):
        return (600 / (1 + r) ** 2 + 600 / (1 + r) ** 3) / (1000 / (1 + r))

    # a study of present values only keeps its ratio at every rate: 0, and not in the median
    pv = make_study("r2", pv_items=[("cost", "uitvoering_team", "gemeente", 900.0),
                                    ("benefit", "jeugdzorg", "gemeente", 1000.0)],
                    discount_rate=0.055, households=10)
    frame = sensitivity_frame([study, pv], price_year=2015)
    ax = rate_sensitivity_plot(frame, lang="en")
    assert _ticks(ax) == ["Median", "r1 (5.5%)", "r2 * (5.5%)"]
    at_2021 = _offsets(ax, "basis:nl-2021")
    expected = (ratio(0.0225) / ratio(0.055) - 1) * 100  # about +4.8%
    assert list(at_2021[:, 0]) == pytest.approx([expected, expected, 0.0])
    assert list(_offsets(ax, "basis:nl-2007")[:, 0]) == pytest.approx([0.0, 0.0, 0.0])
    plt.close(ax.get_figure())


def test_rate_frame_leaves_present_value_studies_alone(examples):
    pv_only = [s for s in examples if not s.has_flows()][:1]
    frame = sensitivity_frame(pv_only, rates=["nl-2021"])
    frame = frame[frame["is_base"]]
    assert frame["bcr"].nunique() == 1 and not frame["recomputed"].any()
    assert list(frame["setting"]) == ["variant", "own_rate", "nl-2021", "common_horizon"]


def test_tornado_one_row_per_study_around_the_base(figures_nl, examples, base):
    ax = figures_nl["tornado"].axes[0]
    assert sorted(_ids(_ticks(ax))) == [s.id for s in examples]
    points = _offsets(ax, "base")
    assert sorted(points[:, 0]) == pytest.approx(sorted(a.bcr for a in base))
    assert _reference(ax, "x", 1.0)
    # every example has a variant below its base case ("effect laag")
    (lower,) = [c for c in ax.collections if c.get_gid() == "lower"]
    assert len(lower.get_paths()) == len(examples)


def test_sensitivity_frames_are_checked():
    with pytest.raises(ArgumentError, match=r"^frame mist de kolommen \['setting'\] of heeft "
                                            r"geen rijen; maak het met .*sensitivity_frame") as exc:
        tornado_plot(sensitivity_frame(_synthetic(), price_year=2015).drop(columns="setting"))
    assert exc.value.render("en").startswith("frame lacks the columns ['setting'] or has no rows")
    with pytest.raises(ArgumentError, match="^frame=str is niet toegestaan; geef de DataFrame "
                                            "van .*sensitivity_frame") as exc:
        rate_sensitivity_plot("not a frame")
    assert exc.value.render("en").startswith("frame=str is not allowed; give the DataFrame of")


# --- arguments, order, determinism ---------------------------------------------------------

def test_bad_arguments_raise(plain):
    studies, appraisals, pooled = plain
    with pytest.raises(ArgumentError, match="lang='de'"):
        forest_plot(pooled, lang="de")
    with pytest.raises(ArgumentError, match="^pooled=list is niet toegestaan; geef de "
                                            "PooledStudies van") as exc:
        forest_plot(appraisals)
    assert exc.value.render("en").startswith("pooled=list is not allowed; give the PooledStudies")
    with pytest.raises(ArgumentError, match="één per studie is toegestaan; twee keer "
                                            "gevonden") as exc:
        costs_benefits_plot(appraisals + appraisals[:1], studies)
    assert "one per study is allowed; found twice" in exc.value.render("en")
    with pytest.raises(ArgumentError, match="geen Study gegeven voor de appraisals van") as exc:
        costs_benefits_plot(appraisals, studies[1:])
    assert "no Study given for the appraisals of" in exc.value.render("en")
    with pytest.raises(ArgumentError, match="alle moeten op één basis zijn; gevonden: ") as exc:
        costs_benefits_plot([appraisals[0], appraise(studies[1], price_year=2016)], studies)
    assert "all must be on one basis; found " in exc.value.render("en")
    with pytest.raises(ArgumentError, match="^ax='left' is niet toegestaan; geef een "
                                            "matplotlib Axes of None$") as exc:
        costs_benefits_plot(appraisals, studies, ax="left")
    assert exc.value.render("en") == "ax='left' is not allowed; give a matplotlib Axes or None"


def test_all_figures_checks_its_inputs(plain, examples, pooled):
    studies, _, plain_pooled = plain
    with pytest.raises(ArgumentError, match="geef dezelfde basis$") as exc:
        all_figures(studies, plain_pooled, price_year=2015, rate="nl-2021")
    assert exc.value.render("en").endswith("pass the same basis")
    with pytest.raises(ArgumentError, match="^pooled bevat studies die niet in studies "
                                            "staan: ") as exc:
        all_figures(studies, pooled)
    assert exc.value.render("en").startswith("pooled includes studies that are not in studies: ")
    with pytest.raises(ArgumentError, match="de studie-ids moeten uniek zijn") as exc:
        all_figures(examples + examples[:1], pooled)
    assert "study ids must be unique" in exc.value.render("en")
    with pytest.raises(ArgumentError, match="^by='colour' is niet toegestaan; gebruik een van "
                                            ".* of None$") as exc:
        all_figures(examples, pooled, by="colour")
    assert exc.value.render("en").endswith(" or None")


def test_all_figures_without_pooling_leaves_out_the_pooled_figures(plain):
    studies, _, _ = plain
    figs = all_figures(studies, price_year=2015, by=None)
    assert list(figs) == [n for n in FIGURES if n not in POOLED_FIGURES + PUBLISHED_FIGURES]


def test_input_order_does_not_matter(plain):
    studies, appraisals, _ = plain
    shuffled = list(appraisals)
    random.Random(3).shuffle(shuffled)
    a = costs_benefits_plot(appraisals, studies)
    b = costs_benefits_plot(shuffled, list(reversed(studies)))
    assert _ticks(a) == _ticks(b)
    assert _texts(a, FOOTNOTE_GID) == _texts(b, FOOTNOTE_GID)


def test_same_inputs_give_identical_svg(plain):
    studies, appraisals, pooled = plain

    def svg(draw):
        out = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "mkba"}):
            draw().get_figure().savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()

    assert svg(lambda: cost_ratio_plot(appraisals, studies)) == \
        svg(lambda: cost_ratio_plot(list(reversed(appraisals)), studies))


# --- captions and style --------------------------------------------------------------------

def test_captions_for_every_figure():
    for name in FIGURES:
        nl, en = caption(name), caption(name, "en")
        assert nl and en and nl != en
    assert "scale" in caption("forest_by_scale", "en")
    with pytest.raises(ArgumentError, match="^name='pie_chart' is geen figuur; bekend: "
                                            "forest, ") as exc:
        caption("pie_chart")
    assert exc.value.render("en").startswith("name='pie_chart' is not a figure; known: forest, ")


def _grey(colour) -> float:
    r, g, b = to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("vocab", ["benefit_categories", "actors", "cost_categories"])
def test_categories_stay_apart_in_black_and_white(vocab):
    looks = [fill_style(vocab, code) for code in vocabulary(vocab).codes]
    assert len({(s["facecolor"], s["hatch"]) for s in looks}) == len(looks)
    # in greyscale: lightness class (dark / middle / light) and hatch together are unique
    classes = [(int(_grey(s["facecolor"]) > 0.5) + int(_grey(s["facecolor"]) > 0.75),
                s["hatch"]) for s in looks]
    assert len(set(classes)) == len(classes)


def test_lines_differ_in_marker_and_style_not_only_colour():
    looks = [point_style(i) for i in range(13)]
    assert len({(s["marker"], s["linestyle"]) for s in looks}) == 13


# --- the published ratios ------------------------------------------------------------------

#: The published ratios of the shipped register, as read in their sources (see
#: tests/test_register.py): (study, bound, value), top to bottom: teams, related approaches,
#: the meta-analysis, each by year.
REGISTER_RATIOS = [
    ("amsterdam-west-2014-buurtpraktijkteam", "upper", 2.0),   # "tot 2 euro"
    ("amsterdam-nieuw-west-2021-vonl", "lower", 1.9),          # "ruim 1,90"
    ("regioplan-2011-schuldhulp", "lower", 2.0),               # "1 euro ... levert 2 euro op"
    ("denhaag-2017-sociaal-hospitaal", "lower", 3.0),          # expected at least 3
    ("seor-2020-meta-sociaal-werk", "estimate", 1.6),          # the mean over 32 cases
]


def _arrows(ax, gid):
    """(tip, tail) x of each arrow annotation with ``gid``."""
    return [(a.xy[0], a.xyann[0]) for a in ax.texts if a.get_gid() == gid]


def test_published_ratios_are_the_register_s_ratios_in_order(register):
    rows = published_ratios(register)
    assert [(r["study_id"], r["bound"], r["value"]) for r in rows] == [
        (sid, bound, pytest.approx(value)) for sid, bound, value in REGISTER_RATIOS]
    assert [r["text"] for r in rows] == ["≤ 2 (bovengrens)", "≥ 1,9 (ondergrens)",
                                         "≥ 2 (ondergrens)", "≥ 3 (ondergrens)",
                                         "1,6 (schatting)"]
    assert [r["text"] for r in published_ratios(register, "en")][:2] == [
        "≤ 2 (upper bound)", "≥ 1.9 (lower bound)"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_published_plot_draws_each_kind_as_it_is(lang, figures_nl, figures_en, examples,
                                                 pooled, mixed):
    ax = (figures_nl if lang == "nl" else figures_en)["published"].axes[0]
    ys = {label: y for label, y in zip(_ticks(ax), ax.get_yticks(), strict=True)}
    labels = list(ys)
    assert len(labels) == len(REGISTER_RATIOS) + 1
    assert labels[0] == "Amsterdam (stadsdeel West), 2014"
    assert labels[-2] == ("landelijk, 2020 (meta-analyse)" if lang == "nl" else
                          "landelijk, 2020 (meta-analysis)")
    k = len(examples) if lang == "nl" else len(mixed[0])
    assert labels[-1] == (f"Gepoold, herberekende studies (k = {k})" if lang == "nl" else
                          f"Pooled, recomputed studies (k = {k})")
    assert ax.get_xscale() == "log" and _reference(ax, "x", 1.0)
    # an estimate is a dot at its value
    assert [tuple(p) for p in _offsets(ax, "published-estimate")] == [
        (pytest.approx(1.6), ys[labels[-2]])]
    # a lower bound points right from its value, an upper bound left
    lower = _arrows(ax, "published-lower")
    assert sorted(tail for _, tail in lower) == pytest.approx([1.9, 2.0, 3.0])
    assert all(tip > tail for tip, tail in lower)
    (upper,) = _arrows(ax, "published-upper")
    assert upper[1] == pytest.approx(2.0) and upper[0] < upper[1]
    # the pooled band is on its own row below a dividing line, under every published row
    (band,) = [c for c in ax.collections if c.get_gid() == "pooled-band"]
    extent = band.get_paths()[0].vertices
    (divider,) = [line for line in ax.get_lines() if line.get_gid() == "published-divider"]
    line_y = divider.get_ydata()[0]
    assert extent[:, 1].max() < line_y < min(ys[label] for label in labels[:-1])
    summary = (pooled if lang == "nl" else mixed[1]).summary()
    assert extent[:, 0].min() == pytest.approx(summary["ci_low"])
    assert extent[:, 0].max() == pytest.approx(summary["ci_high"])
    note = _texts(ax, FOOTNOTE_GID)[0].replace("\n", " ")
    # 11 headline figures in the register, 5 of them ratios
    if lang == "nl":
        assert "niet herberekend" in note and "6 andere kopcijfers" in note
        assert "pijl naar rechts: ondergrens" in note
    else:
        assert "not recomputed" in note and "6 other headline figures" in note
        assert "arrow pointing right: lower bound" in note


def _published(sid, *headlines, scope="team", year=2019):
    return PublishedStudy(sid, scope, "Testdorp", "Wijkteam", None, year, "Bureau", "", None,
                          None, "verified", f"https://example.org/{sid}", tuple(headlines))


def test_published_plot_range_inferred_and_no_band_without_pooling():
    rng = Headline("bcr", None, 1.2, 1.8, "range", "society", None, "inferred",
                   "https://example.org/r")
    est = Headline("bcr", 2.5, None, None, "estimate", "municipality", None, "verified",
                   "https://example.org/e")
    saving = Headline("yearly_saving", 1e5, None, None, "estimate", "society", "per_year",
                      "verified", "https://example.org/s")
    ax = published_plot([_published("b", est, year=2020), _published("a", rng, saving)],
                        lang="en")
    assert _ticks(ax) == ["Testdorp, 2019", "Testdorp, 2020"]
    (line,) = [x for x in ax.get_lines() if x.get_gid() == "published-range"]
    assert list(line.get_xdata()) == [1.2, 1.8] and line.get_linestyle() == "--"
    assert [tuple(p) for p in _offsets(ax, "published-estimate")] == [(2.5, -1.0)]
    assert not [c for c in ax.collections if c.get_gid() == "pooled-band"]
    assert _texts(ax, NOTICE_GID) == []
    assert _texts(ax, "published-value") == ["1.2–1.8 (range)", "2.5 (estimate) *"]
    note = _texts(ax, FOOTNOTE_GID)[0].replace("\n", " ")
    assert "* Perspective not that of society" in note and "1 other headline figure" in note
    plt.close(ax.get_figure())


def test_published_figure_only_with_a_published_ratio(plain):
    studies, _, pooled = plain
    saving = Headline("yearly_saving", 1e5, None, None, "estimate", "society", "per_year",
                      "verified", "https://example.org/s")
    figs = figure_builders(studies, pooled, price_year=2015, published=[_published("a", saving)])
    assert "published" not in figs
    with pytest.raises(ArgumentError, match=r"^published=\[str\] is niet toegestaan") as exc:
        figure_builders(studies, pooled, price_year=2015, published=["a"])
    assert exc.value.render("en").startswith("published=[str] is not allowed; give "
                                             "PublishedStudy objects")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forest_column_headers_do_not_touch(lang):
    from mkba.plots.forest import forest_plot

    ax = forest_plot(pool_studies(read_studies(STUDIES)), lang=lang)
    fig = ax.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    value_head = "Waarde" if lang == "nl" else "Value"
    weight_head = "Gewicht" if lang == "nl" else "Weight"
    boxes = {t.get_text().split(" ")[0]: t.get_window_extent(renderer) for t in ax.texts
             if t.get_text().startswith((value_head, weight_head))}
    # a gap of at least one line height between the two bold headers (it was 7,5 px, less
    # than the 10,5 px of a line, and read as one word: 'Waarde [95%-BI]Gewicht')
    assert boxes[weight_head].x0 - boxes[value_head].x1 >= boxes[value_head].height
    plt.close(fig)
