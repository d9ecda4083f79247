"""Comparing scenarios (mkba.scenario.compare) and their figures (mkba.scenario.plots)."""

from __future__ import annotations

from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pytest
from test_scenario_engine import spec, synthetic_studies

from mkba.errors import ArgumentError
from mkba.scenario import compare_scenarios, format_comparison, run_scenario
from mkba.scenario.plots import plot_net_by_actor, plot_npv_distribution, plot_probability_best


@pytest.fixture(scope="module")
def runs():
    studies = synthetic_studies(illustrative=True)
    base = spec()
    # 'half': the same team with half the pooled effect; 'groot': twice the households
    half = replace(base, name="half", multiplier=0.5)
    big = replace(base, name="groot", population_total=800.0,
                  households=tuple(2 * h for h in base.households))
    return [run_scenario(s, studies, draws=4_000, seed=2) for s in (base, half, big)]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_table_has_one_column_per_scenario(runs):
    cmp = compare_scenarios(runs)
    assert cmp.names == ("hand", "half", "groot")
    t = cmp.table
    assert list(t.columns) == ["hand", "half", "groot"]
    for r in runs:
        assert t.at["pv_costs", r.name] == r.pv_costs
        assert t.at["net_pv", r.name] == r.net_pv
        assert t.at["budget_effect_year2", r.name] == r.budget_effect_year2
        assert t.at["p_benefits_exceed_costs", r.name] == r.p_benefits_exceed_costs
        assert t.at["net:gemeente", r.name] == \
            r.by_actor.set_index("actor").at["gemeente", "net"]
    # the municipality first, then the vocabulary order
    assert [c for c in t.index if c.startswith("net:")] == \
        ["net:gemeente", "net:zorgverzekeraar", "net:rijk"]
    # half the effect: the same costs, half the benefits
    assert t.at["pv_costs", "half"] == t.at["pv_costs", "hand"]
    assert t.at["pv_benefits", "half"] == pytest.approx(t.at["pv_benefits", "hand"] / 2)
    assert t.at["break_even", "half"] == pytest.approx(2 * t.at["break_even", "hand"])


def test_probability_best_from_common_random_numbers(runs):
    cmp = compare_scenarios(runs)
    nets = np.vstack([r.net_draws for r in runs])
    # by hand: in each draw the scenario with the highest net present value wins
    winners = nets.argmax(axis=0)
    expected = {n: float(np.mean(winners == i)) for i, n in enumerate(cmp.names)}
    assert dict(cmp.p_best) == expected
    assert sum(cmp.p_best.values()) == pytest.approx(1.0)
    # the same draws: 'half' never beats 'hand' (same costs, half of the same benefit draws)
    # when the net of 'hand' is positive, so it is best only where all nets are negative
    assert cmp.p_best["half"] <= float(np.mean(nets[0] < 0))
    assert cmp.table.loc["p_best"].to_dict() == expected


def test_comparison_requires_common_settings(runs):
    other = run_scenario(replace(runs[0].spec, name="ander"), synthetic_studies(), draws=4_000,
                         seed=3)
    with pytest.raises(ArgumentError, match="dezelfde seed en hetzelfde aantal trekkingen") \
            as info:
        compare_scenarios([runs[0], other])
    assert "share seed and draws" in info.value.render("en")
    assert "(hand: draws=4000, seed=2, ander: draws=4000, seed=3)" in str(info.value)
    with pytest.raises(ArgumentError, match="'hand' komt meer dan eens voor") as info:
        compare_scenarios([runs[0], runs[0]])
    assert "'hand' occurs more than once" in info.value.render("en")
    no_mc = run_scenario(replace(runs[0].spec, name="zonder"), synthetic_studies(),
                         monte_carlo=False)
    with pytest.raises(ArgumentError, match="gemeenschappelijke trekkingen") as info:
        compare_scenarios([runs[0], no_mc])
    assert "common random numbers" in info.value.render("en")
    with pytest.raises(ArgumentError, match="prijsjaren 2015, 2016; vergelijk") as info:
        compare_scenarios([no_mc, run_scenario(replace(no_mc.spec, name="p", price_year=2015),
                                               synthetic_studies(), monte_carlo=False)])
    assert "price years 2015, 2016; compare" in info.value.render("en")
    with pytest.raises(ArgumentError, match="ScenarioResult.*gevonden: niets") as info:
        compare_scenarios([])
    assert info.value.render("en").endswith("got nothing")
    assert compare_scenarios(no_mc).p_best is None


def test_frame_dict_and_text(runs):
    cmp = compare_scenarios(runs)
    frame = cmp.to_frame("en")
    assert list(frame.columns[:3]) == ["code", "Result", "unit"]
    row = frame.set_index("code").loc["bcr"]
    assert row["Result"] == "Benefit-cost ratio" and row["unit"] == "ratio"
    as_dict = cmp.to_dict()
    assert as_dict["scenarios"] == ["hand", "half", "groot"]
    assert as_dict["table"]["pv_costs"]["hand"] == runs[0].pv_costs
    assert "net_draws" not in as_dict["results"][0]
    text = format_comparison(cmp, lang="nl")
    assert text.splitlines()[0] == "Scenario's voor Rekendorp (euro's, prijspeil 2016)"
    assert "Illustratief" in text and "4000 trekkingen, seed 2" in text
    # Dutch number format: € 1.234.567
    assert f"€ {runs[0].pv_costs:,.0f}".replace(",", ".") in text


def test_net_by_actor_axes(runs):
    cmp = compare_scenarios(runs)
    ax = plot_net_by_actor(cmp)
    assert ax.get_title() == "Netto contante waarde per actor (Rekendorp)"
    assert ax.get_ylabel() == "mln €, prijspeil 2016" and ax.get_xlabel() == "Actor"
    # one bar per actor per scenario: 3 actors x 3 scenarios
    assert len(ax.patches) == 9
    gemeente = sorted(p.get_height() for p in ax.patches[0::3])
    assert gemeente == pytest.approx(sorted(
        r.by_actor.set_index("actor").at["gemeente", "net"] / 1e6 for r in runs))
    assert [t.get_text() for t in ax.get_xticklabels()] == \
        ["Gemeente", "Zorgverzekeraar", "Rijk (incl. UWV/SVB)"]
    assert any("Illustratief" in t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["hand", "half", "groot"]


def test_no_notice_without_illustrative_evidence():
    r = run_scenario(spec(), synthetic_studies(illustrative=False), monte_carlo=False)
    ax = plot_net_by_actor(r, lang="en")
    assert not any("Illustrative" in t.get_text() for t in ax.texts)
    assert len(ax.patches) == len(r.by_actor) == 3
    assert ax.get_ylabel() == "€ million, 2016 prices"
    with pytest.raises(ArgumentError, match="^de verdelingsfiguur vraagt trekkingen") as info:
        plot_npv_distribution(r)
    assert info.value.render("en").startswith("the distribution plot needs Monte Carlo draws")
    with pytest.raises(ArgumentError, match="vraagt trekkingen van de Monte Carlo") as info:
        plot_probability_best(r)
    assert "needs Monte Carlo draws" in info.value.render("en")
    with pytest.raises(ArgumentError, match="lang='de'"):
        plot_net_by_actor(r, lang="de")
    with pytest.raises(ArgumentError, match="ScenarioResult"):
        plot_net_by_actor("result")


def test_distribution_and_probability_axes(runs):
    cmp = compare_scenarios(runs)
    fig, (left, right) = plt.subplots(1, 2)
    ax = plot_npv_distribution(cmp, ax=left, lang="en")
    assert ax is left
    assert ax.get_title() == "Distribution of the net present value (Rekendorp)"
    assert ax.get_xlabel() == "Net present value (€ million, 2016 prices)"
    assert ax.get_ylabel() == "Probability density (per € million)"
    assert len(ax.patches) == 3                      # one step histogram per scenario
    dashed = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed == pytest.approx([r.net_pv / 1e6 for r in runs])
    ax = plot_probability_best(cmp, ax=right)
    assert ax.get_title() == "Kans dat een scenario het beste is (Rekendorp)"
    assert ax.get_ylabel() == "Kans (%)" and ax.get_xlabel() == "Scenario"
    assert [p.get_height() for p in ax.patches] == pytest.approx(
        [100 * cmp.p_best[n] for n in cmp.names])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["hand", "half", "groot"]
