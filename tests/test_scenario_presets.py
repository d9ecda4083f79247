"""The five team types as worked examples (mkba.scenario.presets), the input workbook filled
with one, and the example scenarios of scenarios/ from another folder (issue #16)."""

from __future__ import annotations

import math
import shutil
import tomllib

import pytest
from conftest import REPO

from mkba.errors import ArgumentError
from mkba.io import read_studies
from mkba.scenario import read_spec, run_scenario, spec_from_mapping
from mkba.scenario.input_xlsx import _fill, write_scenario_template
from mkba.scenario.presets import PRESETS, preset_path, preset_text, read_preset
from mkba.vocab import vocabulary


@pytest.fixture(scope="module")
def studies():
    return read_studies(REPO / "studies")


def test_one_preset_per_team_type_shipped_in_the_package():
    assert PRESETS == vocabulary("approach_types").codes
    for name in PRESETS:
        path = preset_path(name)
        assert path.parent == REPO / "mkba" / "scenario" / "presets" and path.suffix == ".toml"
        text = preset_text(name)
        assert text.startswith("# PRESET, ILLUSTRATIVE.") and "fictional municipality" in text


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs_on_the_studies_of_its_team_type(studies, name):
    spec = read_preset(name)
    assert spec.name == name and spec.illustrative and spec.municipality == "Voorbeeldstad"
    assert spec.filters == (("approach_type", (name,)),)
    r = run_scenario(spec, studies, draws=1_000)
    assert sorted(r.evidence["study_id"]) == sorted(s.id for s in studies
                                                    if s.approach_type == name)
    assert r.illustrative and r.pv_costs > 0 and r.pv_benefits > 0
    assert all(math.isfinite(x) for x in (r.net_pv, r.net_low, r.net_high))
    assert r.warnings and r.notes   # few studies at least, and the caseload note


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", PRESETS)
def test_the_workbook_with_a_preset_reads_back_to_the_preset(tmp_path, name, lang):
    path = write_scenario_template(tmp_path / f"{name}.xlsx", lang=lang, preset=name)
    assert read_spec(path) == read_preset(name)


def test_an_unknown_preset_is_refused(tmp_path):
    with pytest.raises(ArgumentError) as info:
        write_scenario_template(tmp_path / "x.xlsx", preset="buurtteam")
    assert str(info.value).startswith("preset='buurtteam' is niet toegestaan; gebruik een van "
                                      "wijkteam_probleemwijk, zorg_welzijnsteam")
    assert info.value.render("en").startswith("preset='buurtteam' is not allowed; use one of")
    assert not (tmp_path / "x.xlsx").exists()


def test_every_new_field_survives_the_workbook(tmp_path):
    import openpyxl

    data = read_preset("jeugd_gezinsteam").to_dict()
    data["effects"] |= {"segment_split": "heavier", "negative_draws": "keep",
                        "caseload_elasticity": 0.4, "per_segment": {"zwaar": 9000,
                                                                    "kwetsbaar": 2500},
                        "fixed": {"schulden": {"amount": 900, "actor": "gemeente"}}}
    data["costs"] |= {"friction": [150_000, 50_000], "extra_care": {"amount": 250},
                      "indexation": 0.015}
    spec = spec_from_mapping(data, source="x.toml")
    path = write_scenario_template(tmp_path / "s.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    _fill({role: wb[name] for role, name in (
        ("general", "General"), ("costs", "Input B Costs"), ("effect", "Input C Effect"),
        ("reach", "Input A Reach"), ("ramp", "Ramp-up"), ("payers", "Payers"),
        ("fixed", "Fixed benefits"))}, data, "en")
    wb.save(path)
    assert read_spec(path) == spec
    assert spec.friction == (150_000, 50_000) and spec.extra_care == (250, None)


NAMES = ("breed", "kwetsbaar", "zwaar", "ouderen")


def test_the_four_examples_run_from_another_folder(tmp_path, monkeypatch):
    # a copy of the scenarios and studies elsewhere, run from a third folder
    for folder in ("scenarios", "studies"):
        shutil.copytree(REPO / folder, tmp_path / "kopie" / folder)
    work = tmp_path / "elders"
    work.mkdir()
    monkeypatch.chdir(work)
    studies = read_studies(tmp_path / "kopie" / "studies")
    files = sorted((tmp_path / "kopie" / "scenarios").glob("*.toml"))
    assert [f.stem for f in files] == sorted(NAMES)
    for f in files:
        r = run_scenario(read_spec(f), studies, draws=500)
        assert r.spec.municipality == "Oostervenne" and r.illustrative
        assert math.isfinite(r.net_pv) and r.pv_costs > 0


def test_the_elderly_example(studies):
    r = run_scenario(read_spec(REPO / "scenarios" / "ouderen.toml"), studies, monte_carlo=False)
    assert sorted(r.evidence["study_id"]) == ["eikenrode-2012", "marsveen-2017"]
    assert r.spec.extra_care == (300, "gemeente") and r.spec.friction == (60_000,)
    # reached: 150 + 675 + 395 households; FTE 150 / 7 + 675 / 40 + 395 / 100
    assert r.households_reached == pytest.approx(1_220)
    assert r.fte == pytest.approx(150 / 7 + 675 / 40 + 3.95)
    text = (REPO / "scenarios" / "ouderen.toml").read_text(encoding="utf-8")
    assert "ILLUSTRATIVE EXAMPLE" in text and "fictional" in text


def test_the_code_of_scenarios_readme_runs(tmp_path, monkeypatch):
    from helpers_docs import run_page

    for folder in ("scenarios", "studies"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    run_page(REPO / "scenarios" / "README.md", tmp_path)
    assert read_spec(tmp_path / "mijn-ouderenteam.xlsx") == read_preset("ouderenteam")
    copy = (tmp_path / "mijn-ouderenteam.toml").read_text(encoding="utf-8")
    assert spec_from_mapping(tomllib.loads(copy)) == read_preset("ouderenteam")
