"""Tests of the illustrative example studies in studies/ and of the script that makes them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from helpers_generator import example_generator

from mkba.io import check_files
from mkba.vocab import vocabulary

ROOT = Path(__file__).resolve().parents[1]
STUDIES = ROOT / "studies"
# The 13 examples, as listed in studies/README.md.
EXAMPLES = {
    "bosvaart-2011": "cockpit", "ooststad-2012": "cockpit", "lindemonde-2013": "template",
    "hoogmeer-2013": "template", "klaverdam-2014": "mapping", "kreekdam-2017": "cockpit",
    "brakelveen-2012": "template", "grevenhaven-2013": "mapping", "wierhoven-2015": "cockpit",
    "eikenrode-2012": "template", "marsveen-2017": "mapping", "duinhaven-2010": "cockpit",
    "dorrekerk-2014": "template",
}


@pytest.fixture(scope="module")
def examples():
    studies, report = check_files(STUDIES)
    return {s.id: s for s in studies if s.illustrative and s.id in EXAMPLES}, report


def test_regenerating_gives_byte_identical_files(tmp_path):
    written = example_generator().write_all(tmp_path)
    names = {p.name for p in written}
    assert names == {f"{i}.xlsx" for i in EXAMPLES} | \
        {f"{i}.mapping.toml" for i, layout in EXAMPLES.items() if layout == "mapping"}
    for name in sorted(names):
        assert (tmp_path / name).read_bytes() == (STUDIES / name).read_bytes(), name


def test_all_examples_import_without_issues(examples):
    studies, report = examples
    assert report.ok, report.format()
    assert set(studies) == set(EXAMPLES)
    assert set(EXAMPLES) <= set(report.valid)
    assert {i: s.layout for i, s in studies.items()} == EXAMPLES
    assert Counter(EXAMPLES.values()) == {"template": 5, "cockpit": 5, "mapping": 3}
    for i, layout in EXAMPLES.items():
        assert (STUDIES / f"{i}.mapping.toml").exists() == (layout == "mapping")


@pytest.mark.parametrize("field, vocab", [
    ("scale", "scales"), ("target_breadth", "target_breadths"),
    ("household_type", "household_types"), ("stage", "stages"),
    ("evaluation", "evaluations"), ("kind", "study_kinds"), ("approach_type", "approach_types"),
])
def test_every_dimension_value_is_covered(examples, field, vocab):
    counts = Counter(getattr(s, field) for s in examples[0].values())
    assert set(counts) == set(vocabulary(vocab).codes)
    if field == "approach_type":  # at least two of each type, so subgroups can be pooled
        assert min(counts.values()) >= 2


def test_examples_say_they_are_illustrative(examples):
    for s in examples[0].values():
        assert s.illustrative is True
        assert "Illustratief voorbeeld, geen gepubliceerde MKBA" in s.notes
        assert "geen gepubliceerde MKBA" in s.source
    names = [s.municipality for s in examples[0].values()]
    assert len(set(names)) == 13


def test_discount_rate_is_the_regime_of_the_study_year(examples):
    for s in examples[0].values():
        # 4% until March 2007, 5.5% until March 2016, 3% from April 2016 to 2020
        expected = 0.04 if s.year < 2007 else 0.055 if s.year <= 2015 else 0.03
        assert s.year != 2016 and s.year != 2007  # years with two regimes are avoided
        assert s.discount_rate == expected, s.id
        assert 2010 <= s.price_year <= min(2016, s.year)


def _pv(study, variant, kind):
    items = study.variant_items(variant)
    total = 0.0
    for row in items[items["kind"] == kind].itertuples():
        t = 0 if pd.isna(row.year) else row.year - study.first_year + 1  # t=1 for the first year
        total += row.amount / (1 + study.discount_rate) ** t
    return total


def test_reported_figures_agree_with_the_line_items(examples):
    for s in examples[0].values():
        assert {(f.variant, f.measure) for f in s.reported} >= \
            {("basis", "pv_costs"), ("basis", "pv_benefits"), ("basis", "bcr")}
        for f in s.reported:
            costs, benefits = _pv(s, f.variant, "cost"), _pv(s, f.variant, "benefit")
            own = {"pv_costs": costs, "pv_benefits": benefits, "bcr": benefits / costs}
            assert f.value == pytest.approx(own[f.measure], abs=0.0051 if f.measure == "bcr"
                                            else 1.0), (s.id, f)
            if f.low is not None:
                assert f.low < f.value < f.high


def test_magnitudes_look_like_real_studies(examples):
    studies = examples[0].values()
    assert min(s.households for s in studies) >= 80
    assert max(s.households for s in studies) <= 3000
    assert {s.horizon for s in studies} <= set(range(3, 11))
    assert sum(not s.has_flows() for s in studies) == 4
    with_range = [s for s in studies if s.reported_figure("bcr").low is not None]
    assert len(with_range) >= 3
    for s in studies:
        assert 1 <= len(s.variants) - 1 <= 3, s.id
        assert 0.8 <= s.reported_figure("bcr").value <= 4.0, s.id
        basis = s.variant_items()
        costs = basis[basis["kind"] == "cost"]
        benefits = basis[basis["kind"] == "benefit"]
        assert costs.loc[costs["actor"] == "gemeente", "amount"].sum() > 0.5 * \
            costs["amount"].sum(), s.id
        assert benefits["actor"].nunique() >= 3, s.id
        if s.has_flows():
            team = costs[costs["category"].isin(["uitvoering_team", "coordinatie_overhead"])]
            per_household = team["amount"].sum() / s.horizon / s.households
            assert 1500 <= per_household <= 9000, (s.id, per_household)


def test_heavier_cases_have_more_benefit_per_household(examples):
    per_hh: dict[str, list[float]] = {}
    for s in examples[0].values():
        value = _pv(s, "basis", "benefit") / s.households / s.horizon
        per_hh.setdefault(s.target_breadth, []).append(value)
    mean = {k: sum(v) / len(v) for k, v in per_hh.items()}
    assert mean["zware_problematiek"] > mean["kwetsbaar"] > mean["alle_huishoudens"]


def test_original_labels_are_kept(examples):
    descriptions = {d for s in examples[0].values() for d in s.items["description"].dropna()}
    assert {"Huisuitzettingen voorkomen", "Minder inzet GGZ", "Inzet regisseurs"} <= descriptions
    labels = {a for s in examples[0].values() if s.layout != "template"
              for a in s.items["actor_label"]}
    assert labels - {vocabulary("actors").label(c) for c in vocabulary("actors").codes}


def test_readme_lists_every_example_and_shows_a_real_mapping_file():
    text = (STUDIES / "README.md").read_text(encoding="utf-8")
    for i, layout in EXAMPLES.items():
        assert re.search(rf"^\| `{i}` \|.*\| {layout} \|$", text, re.M), i
    block = text.split("A complete example, `klaverdam-2014.mapping.toml`", 1)[1]
    block = block.split("```toml\n", 1)[1].split("```", 1)[0]
    assert block == (STUDIES / "klaverdam-2014.mapping.toml").read_text(encoding="utf-8")
