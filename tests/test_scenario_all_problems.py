"""The scenario readers report every problem at once (issue #16): the checks of the fields
(ranges, missing fields, the required reach) go on after the first problem, and in a workbook
they join the cells that could not be read; one InputError whose report has an issue per cell
or field, in Dutch and English, exit code 1 through ``mkba.cli.main``, no traceback.

The workbooks are made by ``mkba scenario-template`` (write_scenario_template) and filled with
openpyxl; the expected cells are found from the template's own field keys.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mkba.cli import main
from mkba.errors import InputError
from mkba.scenario import read_spec, spec_from_mapping
from mkba.scenario.input_xlsx import write_scenario_template

REPO = Path(__file__).resolve().parents[1]


def _by_key(ws, key):
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 4).value == key:
            return ws.cell(row, 2)
    raise AssertionError(f"no row with key {key}")


def _workbook(path: Path):
    """A template with the required fields, households and reach filled in (it reads)."""
    write_scenario_template(path)
    wb = openpyxl.load_workbook(path)
    general = wb["Algemeen"]
    for key, value in [("municipality", "Oostervenne"), ("first_year", 2026), ("horizon", 5),
                       ("discount_rate", "nl-2021")]:
        _by_key(general, key).value = value
    reach = wb["Invoer A Bereik"]
    reach["B2"], reach["D2"] = 200, 1.0           # zwaar: 200 households, all reached
    _by_key(wb["Invoer B Kosten"], "costs.per_fte").value = 80_000
    return wb


def test_a_filled_template_reads(tmp_path):
    path = tmp_path / "plan.xlsx"
    _workbook(path).save(path)
    spec = read_spec(path)
    assert spec.horizon == 5 and spec.households[0] == 200 and spec.reach[0] == 1.0


def _three_mistakes(tmp_path):
    """Three values that read but are not allowed, on three sheets: a horizon of 0, a caseload
    of 0 for zwaar, a real growth of the running costs of 50% a year (at most 20%)."""
    path = tmp_path / "plan.xlsx"
    wb = _workbook(path)
    horizon = _by_key(wb["Algemeen"], "horizon")
    horizon.value = 0
    wb["Invoer A Bereik"]["E2"] = 0
    growth = _by_key(wb["Invoer B Kosten"], "costs.indexation")
    growth.value = 0.5
    wb.save(path)
    return path, horizon.row, growth.row


def test_three_mistakes_give_three_issues_with_their_cells(tmp_path):
    path, horizon_row, growth_row = _three_mistakes(tmp_path)
    with pytest.raises(InputError) as info:
        read_spec(path)
    report = info.value.report
    assert [(i.sheet, i.cell, i.code) for i in report.issues] == [
        ("Algemeen", f"B{horizon_row}", "invalid_value"),
        ("Invoer A Bereik", "E2", "invalid_value"),
        ("Invoer B Kosten", f"B{growth_row}", "invalid_value")]
    assert report.files == ("plan.xlsx",)
    assert str(info.value).splitlines() == [
        "3 problemen in de scenariowerkmap plan.xlsx:",
        f"  plan.xlsx!Algemeen!B{horizon_row} (horizon): 0 is niet toegestaan; geef het aantal "
        "jaren dat wordt doorgerekend: een geheel getal van 1 tot en met 100",
        "  plan.xlsx!Invoer A Bereik!E2 (team.caseload.zwaar): 0 is niet toegestaan; geef "
        "huishoudens per fte, >= 0,1 en <= 10.000",
        f"  plan.xlsx!Invoer B Kosten!B{growth_row} (costs.indexation): 0,5 is niet toegestaan; "
        "geef de reële groei per jaar van de lopende kosten (0.02 voor 2%), >= -0,1 en <= 0,2"]
    assert info.value.render("en").splitlines() == [
        "3 issues in the scenario workbook plan.xlsx:",
        f"  plan.xlsx!Algemeen!B{horizon_row} (horizon): 0 is not allowed; give the number of "
        "years to appraise: a whole number from 1 to 100",
        "  plan.xlsx!Invoer A Bereik!E2 (team.caseload.zwaar): 0 is not allowed; give "
        "households per FTE, >= 0.1 and <= 10,000",
        f"  plan.xlsx!Invoer B Kosten!B{growth_row} (costs.indexation): 0.5 is not allowed; "
        "give the real yearly growth of the running costs (0.02 for 2%), >= -0.1 and <= 0.2"]
    text = report.format("en")
    assert "plan.xlsx!Invoer A Bereik!E2: [invalid_value] team.caseload.zwaar: 0 is not " \
           "allowed" in text


def test_the_command_line_prints_them_all_and_exits_1(tmp_path, capsys):
    path, horizon_row, growth_row = _three_mistakes(tmp_path)
    for lang, words in (("nl", ("is niet toegestaan", "3 problemen")),
                        ("en", ("is not allowed", "3 issues"))):
        code = main(["scenario", str(path), "--studies", str(REPO / "studies"), "--out",
                     str(tmp_path / "uit"), "--lang", lang])
        err = capsys.readouterr().err
        assert code == 1
        assert "Traceback" not in err
        for cell in (f"Algemeen!B{horizon_row}", "Invoer A Bereik!E2",
                     f"Invoer B Kosten!B{growth_row}"):
            assert cell in err
        assert all(w in err for w in words)
    assert not (tmp_path / "uit").exists() or not any((tmp_path / "uit").iterdir())


def test_unreadable_cells_and_field_checks_together(tmp_path):
    """A formula without a cached value (as openpyxl writes it) in the required cost per FTE, a
    text in ja/nee and a horizon of 0: three issues. The formula's field is named once, at
    its cell, never read as empty (so not also 'missing')."""
    path = tmp_path / "plan.xlsx"
    wb = _workbook(path)
    per_fte = _by_key(wb["Invoer B Kosten"], "costs.per_fte")
    per_fte.value = "=80000*1"
    flag = _by_key(wb["Algemeen"], "illustrative")
    flag.value = "misschien"
    horizon = _by_key(wb["Algemeen"], "horizon")
    horizon.value = 0
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_spec(path)
    cells = [(i.sheet, i.cell) for i in info.value.report.issues]
    assert sorted(cells) == sorted([("Invoer B Kosten", f"B{per_fte.row}"),
                                    ("Algemeen", f"B{flag.row}"),
                                    ("Algemeen", f"B{horizon.row}")])
    nl = str(info.value)
    assert nl.startswith("3 problemen in de scenariowerkmap plan.xlsx:")
    assert "deze cel bevat een formule die nooit is berekend" in nl
    assert "ontbreekt" not in nl
    assert "this cell holds a formula that was never calculated" in info.value.render("en")


def test_a_toml_mapping_gives_every_problem(tmp_path):
    """The same for a TOML scenario: an unknown key, a horizon of 0 and no reach, with the file
    and the field of each."""
    data = {"municipality": "X", "first_year": 2026, "horizon": 0, "discount_rate": 0.03,
            "colour": "blauw", "population": {"households": {"zwaar": 10}},
            "costs": {"per_fte": 1.0}}
    with pytest.raises(InputError) as info:
        spec_from_mapping(data, source="plan.toml")
    lines = str(info.value).splitlines()
    assert lines[0] == "3 problemen in plan.toml:"
    assert lines[1].startswith("  plan.toml: colour: onbekende sleutel 'colour'")
    assert lines[2].startswith("  plan.toml: horizon: 0 is niet toegestaan")
    assert lines[3].startswith("  plan.toml: team.reach: ontbreekt")
    assert [i.code for i in info.value.report.issues] == ["invalid_value", "invalid_value",
                                                          "invalid_value"]
    en = info.value.render("en").splitlines()
    assert en[0] == "3 issues in plan.toml:"
    assert en[3].startswith("  plan.toml: team.reach: is missing")


def test_problems_within_one_section_are_each_named():
    """Three keys of the sections evidence and effects (each a cell of its own on the sheet
    Invoer C Effect): a method that does not exist, a multiplier of 500 (at most 100) and an
    unknown headline split; the valid keys beside them do not hide them."""
    data = {"municipality": "X", "first_year": 2026, "horizon": 5, "discount_rate": 0.03,
            "population": {"households": {"zwaar": 10}}, "team": {"reach": {"zwaar": 1.0}},
            "costs": {"per_fte": 1.0},
            "evidence": {"target_breadth": "zware_problematiek", "method": "snel"},
            "effects": {"multiplier": 500, "segment_split": "random", "negative_draws": "keep"}}
    with pytest.raises(InputError) as info:
        spec_from_mapping(data, source="plan.toml")
    lines = str(info.value).splitlines()
    assert lines[0] == "3 problemen in plan.toml:"
    assert [line.split(":")[1].strip() for line in lines[1:]] == [
        "evidence.method", "effects.multiplier", "effects.segment_split"]
    assert "'snel' is niet toegestaan" in lines[1]
    assert "500 is not allowed" in info.value.render("en").splitlines()[2]
    # fixed, the valid keys are read as before
    data["evidence"]["method"], data["effects"]["multiplier"] = "dl", 2.0
    data["effects"]["segment_split"] = "heavier"
    spec = spec_from_mapping(data, source="plan.toml")
    assert (spec.method, spec.multiplier, spec.segment_split, spec.negative_draws) == (
        "dl", 2.0, "heavier", "keep")
    assert spec.filters == (("target_breadth", ("zware_problematiek",)),)
