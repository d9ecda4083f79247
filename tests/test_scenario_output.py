"""Where ``mkba scenario`` writes without ``--out`` (issue #16, "works from any folder"): the
folder the input workbook's own instructions name (mkba.scenario.files.default_output_folder)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import REPO

from mkba.errors import ArgumentError
from mkba.io import read_studies
from mkba.scenario.files import default_output_folder, run_scenario_files
from mkba.scenario.input_xlsx import write_scenario_template


def test_one_file_gives_its_name_with_resultaten(tmp_path):
    assert default_output_folder(["plan.xlsx"], cwd=tmp_path) == tmp_path / "plan-resultaten"
    # the folder of the file does not matter: the results go where the command is given
    assert default_output_folder([Path("elders/Veenwolde 2026.toml")], cwd=tmp_path) == \
        tmp_path / "Veenwolde 2026-resultaten"
    assert default_output_folder(["a.xlsx", "b.toml"], cwd=tmp_path) == \
        tmp_path / "vergelijking-resultaten"


def test_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_output_folder(["plan.xlsx"]) == tmp_path / "plan-resultaten"


def test_long_name_stays_a_valid_folder_name(tmp_path):
    folder = default_output_folder(["é" * 200 + ".xlsx"], cwd=tmp_path)
    assert len(folder.name.encode("utf-8")) <= 255
    assert folder.name.endswith("-resultaten") and folder.name.startswith("éé")


def test_no_file_is_an_error():
    with pytest.raises(ArgumentError, match="^geef minstens één scenariobestand$") as info:
        default_output_folder([])
    assert info.value.render("en") == "give at least one scenario file"


@pytest.mark.parametrize(("lang", "out"), [("nl", "--out MAP"), ("en", "--out DIR")])
def test_the_workbook_instructions_name_that_folder(tmp_path, lang, out):
    path = write_scenario_template(tmp_path / "t.xlsx", lang=lang)
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows()
                    for c in row if isinstance(c.value, str))
    example = "bestand.xlsx" if lang == "nl" else "file.xlsx"
    assert f"mkba scenario {example}" in text
    assert default_output_folder([example], cwd=tmp_path).name in text   # bestand-resultaten
    assert default_output_folder(["a.xlsx", "b.xlsx"], cwd=tmp_path).name in text
    assert out in text


def test_results_are_written_there_from_any_folder(tmp_path, monkeypatch):
    # a scenario and the studies copied into a fresh folder; the command's default output
    # folder is accepted beside them (not inside an input) and receives the results
    work = tmp_path / "werk"
    work.mkdir()
    spec = work / "zwaar.toml"
    spec.write_bytes((REPO / "scenarios" / "zwaar.toml").read_bytes())
    monkeypatch.chdir(work)
    studies = read_studies([REPO / "studies" / "duinhaven-2010.xlsx",
                            REPO / "studies" / "lindemonde-2013.xlsx"])
    out = default_output_folder([Path("zwaar.toml")])
    written = run_scenario_files([Path("zwaar.toml")], studies, out, draws=200)
    assert out == work / "zwaar-resultaten"
    assert {p.name for p in written} <= {p.name for p in out.iterdir()}
    assert (out / "comparison.xlsx").is_file() and (out / "comparison.csv").is_file()
