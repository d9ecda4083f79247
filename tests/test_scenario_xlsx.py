"""The scenario input workbook (mkba.scenario.input_xlsx): template, drop-downs, round trip."""

from __future__ import annotations

import re

import openpyxl
import pytest

from mkba.errors import InputError
from mkba.scenario import read_spec
from mkba.scenario.input_xlsx import read_scenario_workbook, write_scenario_template

TOML = """\
name = "proef"
title = "Breed team"
municipality = "Oostervenne"
illustrative = true
first_year = 2026
horizon = 8
price_year = 2023
discount_rate = "nl-2021"
timing = "t0"

[population]
total = 20000
shares = { zwaar = 0.05, kwetsbaar = 0.15, overig = 0.8 }

[team]
reach = { zwaar = 1.0, kwetsbaar = 0.9, overig = 0.25 }
caseload = { zwaar = 6, kwetsbaar = 30, overig = 100 }
ramp_up = [0.5, 0.8, 1.0]

[costs]
per_fte = 80000
overhead_per_year = 400000
overhead_share = 0.1
startup = 750000
payers = { gemeente = 0.85, zorgverzekeraar = 0.15 }

[evidence]
target_breadth = "alle_huishoudens"
approach_type = "zorg_welzijnsteam"
method = "dl"
coverage = 0.8
induced_costs = false

[effects]
multiplier = 0.9
fixed = { schulden = { amount = 900, actor = "gemeente" }, jeugdzorg = 1200 }
"""


def _by_key(ws, key):
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 4).value == key:
            return ws.cell(row, 2)
    raise AssertionError(f"no row with key {key}")


def _fill(path, lang):
    nl = lang == "nl"
    wb = openpyxl.load_workbook(path)
    general, costs, effect = (wb[n] for n in (("Algemeen", "Invoer B Kosten", "Invoer C Effect")
                                              if nl else ("General", "Input B Costs",
                                                          "Input C Effect")))
    for key, value in [("name", "proef"), ("title", "Breed team"),
                       ("municipality", "Oostervenne"), ("illustrative", "ja" if nl else "yes"),
                       ("first_year", 2026), ("horizon", 8), ("price_year", 2023),
                       ("discount_rate", "nl-2021"), ("timing", "t0")]:
        _by_key(general, key).value = value
    reach = wb["Invoer A Bereik" if nl else "Input A Reach"]
    reach["B5"] = 20000                                   # the row Total
    for row, (share, r, caseload) in enumerate([(0.05, 1, 6), (0.15, 0.9, 30),
                                                (0.8, 0.25, 100)], start=2):
        reach.cell(row, 3, share)
        reach.cell(row, 4, r)
        reach.cell(row, 5, caseload)
    ramp = wb["Ingroei" if nl else "Ramp-up"]
    for row, share in enumerate(["50%", 0.8, 1], start=2):   # text percentages are read too
        ramp.cell(row, 2, share)
    _by_key(costs, "costs.per_fte").value = 80000
    _by_key(costs, "costs.overhead_per_year").value = "€ 400.000" if nl else 400000
    _by_key(costs, "costs.overhead_share").value = 0.1
    _by_key(costs, "costs.startup").value = 750000
    payers = wb["Betalers" if nl else "Payers"]
    payers["A2"], payers["B2"] = ("Gemeente" if nl else "Municipality"), 0.85
    payers["A3"], payers["B3"] = ("Zorgverzekeraar" if nl else "Health insurer"), 0.15
    _by_key(effect, "evidence.target_breadth").value = "Alle huishoudens" if nl else \
        "All households"
    _by_key(effect, "evidence.approach_type").value = "Zorg- en welzijnsteam" if nl else \
        "Care and welfare team"
    _by_key(effect, "evidence.method").value = "dl"
    _by_key(effect, "evidence.coverage").value = 0.8
    _by_key(effect, "evidence.induced_costs").value = "nee" if nl else "no"
    _by_key(effect, "effects.multiplier").value = 0.9
    fixed = wb["Vaste baten" if nl else "Fixed benefits"]
    fixed["A2"], fixed["B2"], fixed["C2"] = ("Schulden en schuldhulp" if nl else
                                             "Debts and debt assistance"), 900, \
        "Gemeente" if nl else "Municipality"
    fixed["A3"], fixed["B3"] = ("Jeugdzorg en uithuisplaatsing" if nl else
                                "Youth care and out-of-home placement"), 1200
    wb.save(path)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_filled_template_gives_the_same_spec_as_toml(tmp_path, lang):
    toml = tmp_path / "proef.toml"
    toml.write_text(TOML, encoding="utf-8")
    path = write_scenario_template(tmp_path / "proef.xlsx", lang=lang)
    _fill(path, lang)
    from_xlsx = read_spec(path)
    from_toml = read_spec(toml)
    assert from_xlsx == from_toml
    assert from_xlsx.fixed == (("jeugdzorg", 1200.0, None), ("schulden", 900.0, "gemeente"))
    assert from_xlsx.ramp_up == (0.5, 0.8, 1.0) and from_xlsx.timing == "t0"
    assert from_xlsx.source == str(path)


def test_template_is_deterministic_with_drop_downs(tmp_path):
    a = write_scenario_template(tmp_path / "a.xlsx")
    b = write_scenario_template(tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == ["Toelichting", "Algemeen", "Invoer A Bereik", "Ingroei",
                             "Invoer B Kosten", "Betalers", "Invoer C Effect", "Vaste baten",
                             "Lijsten"]
    assert wb["Lijsten"].sheet_state == "hidden"

    def lists(ws):
        return {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}

    general = lists(wb["Algemeen"])
    timing_row = next(r for r in range(2, 12) if wb["Algemeen"].cell(r, 4).value == "timing")
    assert f"B{timing_row}" in general
    assert "A2:A31" in lists(wb["Betalers"])                 # actors
    assert {"A2:A31", "C2:C31"} <= set(lists(wb["Vaste baten"]))
    effect = wb["Invoer C Effect"]
    keyed = {effect.cell(r, 4).value: f"B{r}" for r in range(2, effect.max_row + 1)}
    assert keyed["evidence.approach_type"] in lists(effect)
    assert keyed["evidence.method"] in lists(effect)
    # reach and caseloads are empty (no reach is assumed; an empty caseload is the 2014
    # default, which the result names), Dutch labels throughout
    reach = wb["Invoer A Bereik"]
    assert [reach.cell(r, c).value for r in (2, 3, 4) for c in (4, 5)] == [None] * 6
    assert reach["A2"].value == "Zware problematiek" and reach["B1"].value == \
        "Huishoudens (aantal)"


def _refused(path, nl: str, en: str) -> None:
    """Reading ``path`` raises an InputError whose Dutch (the default) and English texts match
    the patterns ``nl`` and ``en``."""
    with pytest.raises(InputError, match=nl) as info:
        read_spec(path)
    assert re.search(en, info.value.render("en")), info.value.render("en")


def test_blank_template_names_the_missing_field(tmp_path):
    path = write_scenario_template(tmp_path / "leeg.xlsx")
    # every missing field at once, each at its cell (the costs per FTE on its own sheet)
    _refused(path, r"^6 problemen in de scenariowerkmap leeg.xlsx:\n  leeg.xlsx!Algemeen!B\d+ "
             r"\(municipality\): ontbreekt; geef de naam van de gemeente(.|\n)*"
             r"leeg.xlsx!Invoer B Kosten!B\d+ \(costs.per_fte\): ontbreekt",
             r"^6 issues in the scenario workbook leeg.xlsx:\n  leeg.xlsx!Algemeen!B\d+ "
             r"\(municipality\): is missing; give the municipality's name")


def test_template_assumes_no_reach(tmp_path):
    # only the required fields and households: an error about the reach, at its column
    path = write_scenario_template(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [wb["Invoer A Bereik"].cell(r, 4).value for r in (2, 3, 4)] == [None] * 3
    for key, value in (("municipality", "Veenwolde"), ("first_year", 2026), ("horizon", 5),
                       ("discount_rate", "nl-2021")):
        _by_key(wb["Algemeen"], key).value = value
    _by_key(wb["Invoer B Kosten"], "costs.per_fte").value = 80000
    wb["Invoer A Bereik"]["B3"] = 700
    wb.save(path)
    _refused(path, r"s.xlsx!Invoer A Bereik!D2 \(team.reach\): ontbreekt; geef per segment het "
                   r"deel dat het team bij volle inzet bereikt.* de bevolking telt 700 "
                   r"huishoudens",
             r"s.xlsx!Invoer A Bereik!D2 \(team.reach\): is missing; give per segment the "
             r"share the team reaches at full operation.* the population has 700 households")
    wb["Invoer A Bereik"]["D3"] = 0.5
    wb.save(path)
    assert read_spec(path).reach == (0.0, 0.5, 0.0)


def test_bad_cells_are_named(tmp_path):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _fill(path, "nl")
    wb = openpyxl.load_workbook(path)
    wb["Invoer A Bereik"]["E3"] = 0
    wb.save(path)
    _refused(path, r"s.xlsx!Invoer A Bereik!E3 \(team.caseload.kwetsbaar\): 0 is niet "
                   r"toegestaan; geef huishoudens per fte, >= 0,1 en <= 10\.000$",
             r"s.xlsx!Invoer A Bereik!E3 \(team.caseload.kwetsbaar\): 0 is not allowed; give "
             r"households per FTE, >= 0.1 and <= 10,000$")
    wb["Invoer A Bereik"]["E3"] = 30
    _by_key(wb["Invoer B Kosten"], "costs.per_fte").value = "veel"
    wb.save(path)
    _refused(path, r"s.xlsx!Invoer B Kosten!B2 \(costs.per_fte\): 'veel' is geen getal; geef "
                   r"een getal$",
             r"s.xlsx!Invoer B Kosten!B2 \(costs.per_fte\): 'veel' is not a number; give a "
             r"number$")
    _by_key(wb["Invoer B Kosten"], "costs.per_fte").value = 80000
    wb["Ingroei"]["B3"] = None                             # a gap: 50%, -, 100%
    wb.save(path)
    _refused(path, r"s.xlsx!Ingroei!B3 \(team.ramp_up\): lege cel tussen de aandelen",
             r"s.xlsx!Ingroei!B3 \(team.ramp_up\): empty cell between ramp-up shares")
    wb["Ingroei"]["B3"] = 0.8
    wb["Betalers"]["B3"] = None
    wb.save(path)
    _refused(path, r"Betalers!B3 \(costs.payers\): vul zowel de naam \(kolom A\) als het "
                   r"bedrag \(kolom B\) in",
             r"Betalers!B3 \(costs.payers\): fill in both the name \(column A\)")
    wb["Betalers"]["B3"] = 0.15
    _by_key(wb["Invoer C Effect"], "evidence.approach_type").value = "Buurtteam"
    wb.save(path)
    _refused(path, r"Invoer C Effect!B\d+ \(evidence.approach_type\): 'Buurtteam' is niet "
                   r"toegestaan; gebruik een van wijkteam_probleemwijk, ",
             r"Invoer C Effect!B\d+ \(evidence.approach_type\): 'Buurtteam' is not allowed; "
             r"use one of wijkteam_probleemwijk, ")
    del wb["Vaste baten"]
    wb.save(path)
    _refused(path, r"s.xlsx: de werkmap heeft geen blad Vaste baten \(Fixed benefits\)",
             r"s.xlsx: the workbook has no sheet Vaste baten \(Fixed benefits\)")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="kapot.xlsx: het bestand is geen Excel-werkmap") as info:
        read_scenario_workbook(path)
    assert "kapot.xlsx: the file is not an Excel workbook" in info.value.render("en")


def test_values_that_would_be_ignored_are_errors(tmp_path):
    """A value beside a changed key, or in a row without a segment code, was silently dropped
    (a default was used instead)."""
    path = write_scenario_template(tmp_path / "s.xlsx")
    _fill(path, "nl")
    assert read_spec(path).overhead_share == 0.1
    wb = openpyxl.load_workbook(path)
    cell = _by_key(wb["Invoer B Kosten"], "costs.overhead_share")
    wb["Invoer B Kosten"].cell(cell.row, 4).value = "costs.overhead"  # a mistyped key
    wb.save(path)
    _refused(path, rf"s.xlsx!Invoer B Kosten!D{cell.row} \(costs.overhead\): 'costs.overhead' "
                   r"is geen veldsleutel van dit blad, dus de waarde ernaast zou genegeerd worden",
             rf"s.xlsx!Invoer B Kosten!D{cell.row} \(costs.overhead\): 'costs.overhead' is not "
             r"a field key of this sheet")
    wb["Invoer B Kosten"].cell(cell.row, 4).value = "costs.overhead_share"
    wb["Invoer A Bereik"]["E6"] = 12  # a caseload below the table, no segment code in F6
    wb.save(path)
    _refused(path, r"s.xlsx!Invoer A Bereik!F6 \(population\): None is geen segmentcode "
                   r"\(zwaar, kwetsbaar, overig of total\)",
             r"s.xlsx!Invoer A Bereik!F6 \(population\): None is not a segment code "
             r"\(zwaar, kwetsbaar, overig or total\)")


def test_uncached_formula_is_never_a_default(tmp_path):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _fill(path, "nl")
    wb = openpyxl.load_workbook(path)
    cell = _by_key(wb["Invoer B Kosten"], "costs.overhead_share")
    cell.value = "=5%*2"  # written by a program: no cached value, so it would read as empty (0)
    wb.save(path)
    _refused(path, rf"s.xlsx!Invoer B Kosten!B{cell.row}: deze cel bevat een formule die nooit "
                   r"is berekend",
             rf"s.xlsx!Invoer B Kosten!B{cell.row}: this cell holds a formula that was never "
             r"calculated")


def test_more_cell_mistakes_are_named_in_both_languages(tmp_path):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _fill(path, "nl")
    wb = openpyxl.load_workbook(path)
    flag = _by_key(wb["Algemeen"], "illustrative")
    flag.value = "misschien"
    wb.save(path)
    _refused(path, rf"s.xlsx!Algemeen!B{flag.row} \(illustrative\): 'misschien' is niet "
                   r"toegestaan; gebruik ja of nee$",
             rf"s.xlsx!Algemeen!B{flag.row} \(illustrative\): 'misschien' is not allowed; use "
             r"ja or nee$")
    flag.value = "ja"
    wb["Invoer A Bereik"]["D5"] = 0.5        # a reach in the row Total
    wb.save(path)
    _refused(path, r"s.xlsx!Invoer A Bereik!D5 \(population.total\): de rij Totaal heeft alleen "
                   r"een aantal huishoudens$",
             r"s.xlsx!Invoer A Bereik!D5 \(population.total\): the row Total has only a number "
             r"of households$")
    wb["Invoer A Bereik"]["D5"] = None
    # two formulas without a cached value: both are named, each at its cell
    for key in ("costs.overhead_share", "costs.startup"):
        _by_key(wb["Invoer B Kosten"], key).value = "=1+1"
    wb.save(path)
    _refused(path, r"^2 problemen in de scenariowerkmap s.xlsx:\n  s.xlsx!Invoer B Kosten!B\d+: "
                   r"deze cel bevat een formule .*\n  s.xlsx!Invoer B Kosten!B\d+: deze cel",
             r"^2 issues in the scenario workbook s.xlsx:\n  s.xlsx!Invoer B Kosten!B\d+: this "
             r"cell holds a formula .*\n  s.xlsx!Invoer B Kosten!B\d+: this cell")


def test_every_mistake_is_reported_at_once(tmp_path):
    """Three mistakes on three sheets: one InputError whose report names each cell, field,
    what was found and what is allowed (like the study reader), in Dutch and English."""
    path = write_scenario_template(tmp_path / "s.xlsx")
    _fill(path, "nl")
    wb = openpyxl.load_workbook(path)
    flag = _by_key(wb["Algemeen"], "illustrative")
    flag.value = "misschien"                                    # not ja/nee
    per_fte = _by_key(wb["Invoer B Kosten"], "costs.per_fte")
    per_fte.value = "veel"                                      # not a number
    wb["Invoer A Bereik"]["E6"] = 12                            # a row without a segment code
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_spec(path)
    report = info.value.report
    assert [(i.sheet, i.cell, i.code) for i in report.issues] == [
        ("Algemeen", f"B{flag.row}", "invalid_value"),
        ("Invoer B Kosten", f"B{per_fte.row}", "not_a_number"),
        ("Invoer A Bereik", "F6", "invalid_value")]
    assert report.files == ("s.xlsx",) and not report.ok
    nl = [i.render() for i in report.issues]
    en = [i.render("en") for i in report.issues]
    assert [i["found"] for i in nl] == ["'misschien'", "'veel'", "een lege cel"]
    assert en[2]["found"] == "an empty cell"
    assert [i["expected"] for i in nl] == ["ja of nee", "een getal",
                                           "een segmentcode: zwaar, kwetsbaar, overig of total"]
    assert [i["expected"] for i in en] == ["ja or nee", "a number",
                                           "a segment code: zwaar, kwetsbaar, overig or total"]
    assert nl[0]["message"] == "illustrative: 'misschien' is niet toegestaan; gebruik ja of nee"
    assert en[1]["message"] == "costs.per_fte: 'veel' is not a number; give a number"
    assert nl[2]["message"].startswith("population: None is geen segmentcode")
    text = report.format()
    assert f"s.xlsx!Invoer B Kosten!B{per_fte.row}: [not_a_number] costs.per_fte: " in text
    assert "gevonden: 'veel'; verwacht: een getal" in text
    assert "found: 'veel'; expected: a number" in report.format("en")
    # the error's own message lists all three, one line each
    assert str(info.value).splitlines() == [
        "3 problemen in de scenariowerkmap s.xlsx:",
        f"  s.xlsx!Algemeen!B{flag.row} (illustrative): 'misschien' is niet toegestaan; "
        "gebruik ja of nee",
        f"  s.xlsx!Invoer B Kosten!B{per_fte.row} (costs.per_fte): 'veel' is geen getal; geef "
        "een getal",
        "  s.xlsx!Invoer A Bereik!F6 (population): None is geen segmentcode (zwaar, kwetsbaar, "
        "overig of total), dus de waarden van deze rij zouden genegeerd worden; zet de code "
        "terug of maak de rij leeg"]
    assert info.value.render("en").splitlines()[0] == "3 issues in the scenario workbook s.xlsx:"
    # fixed, the workbook reads again
    flag.value, per_fte.value, wb["Invoer A Bereik"]["E6"] = "ja", 80000, None
    wb.save(path)
    assert read_spec(path).cost_per_fte == 80000
