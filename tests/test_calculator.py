"""The calculator workbook (mkba.calculator): its formulas, recalculated by LibreOffice and by the
Python ``formulas`` library, give what ``mkba scenario`` (run_scenario) gives on the same inputs.

Independent checks: the workbook is recomputed by two spreadsheet engines that know nothing of
mkba's code; the probability is checked against a closed form computed here with scipy from the
run's own present values (P = 1 - Phi((PVC / PVB_unit - B) / sd), B ~ Normal(B, sd), the net
linear in B) and against the run's Monte Carlo (200,000 draws: its standard error is below
0.0012, so 0.01 is a test that could fail).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from mkba.calculator import SHEETS, CalculatorError, write_calculator
from mkba.cli import main
from mkba.io import read_studies
from mkba.scenario import PRESETS, read_preset, read_spec, run_scenario, spec_from_mapping
from mkba.schema import SEGMENTS

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice")
needs_lo = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def studies():
    return read_studies(sorted((ROOT / "studies").glob("*.xlsx")))


def _random_inputs(spec, seed: int) -> dict:
    """A random valid input set (cell name -> value) for the workbook of ``spec``."""
    rng = np.random.default_rng(seed)
    values = {}
    for s in SEGMENTS:
        values[f"hh_{s}"] = float(rng.integers(50, 5000))
        values[f"reach_{s}"] = round(float(rng.uniform(0.05, 0.9)), 3)
    values |= {"caseload_zwaar": 7.0, "caseload_kwetsbaar": 32.0, "caseload_overig": 90.0,
               "cost_per_fte": 81234.0, "overhead_per_year": 55000.0, "overhead_share": 0.08,
               "startup": 40000.0, "indexation": 0.02, "extra_care": "lokaal",
               "extra_care_amount": 250.0, "extra_care_actor": "zorgverzekeraar",
               "multiplier": 0.9, "timing": "t0", "negative_draws": "keep",
               "payer_gemeente": 0.6, "payer_zorgverzekeraar": 0.4}
    for i in range(spec.horizon):
        values[f"ramp_y{i + 1}"] = round(float(rng.uniform(0.3, 1.0)), 3)
        values[f"lag_y{i + 1}"] = round(float(rng.uniform(0.2, 1.0)), 3)
        values[f"friction_y{i + 1}"] = float(rng.integers(0, 3) * 10_000)
    return values


def _spec_with(spec, v: dict):
    """The scenario of ``spec`` with the workbook inputs ``v`` (the same model, as TOML)."""
    d = spec.to_dict()
    h = spec.horizon
    d["population"] = {"households": {s: v[f"hh_{s}"] for s in SEGMENTS}}
    d["team"] = {"reach": {s: v[f"reach_{s}"] for s in SEGMENTS},
                 "caseload": {s: v[f"caseload_{s}"] for s in SEGMENTS},
                 "ramp_up": [v[f"ramp_y{i + 1}"] for i in range(h)]}
    costs = d["costs"]
    costs.update(per_fte=v["cost_per_fte"], overhead_per_year=v["overhead_per_year"],
                 overhead_share=v["overhead_share"], startup=v["startup"],
                 indexation=v["indexation"],
                 friction=[v[f"friction_y{i + 1}"] for i in range(h)],
                 payers={k[6:]: x for k, x in v.items() if k.startswith("payer_") and x > 0})
    costs.pop("extra_care", None)
    if v["extra_care"] == "lokaal":
        costs["extra_care"] = {"amount": v["extra_care_amount"],
                               "actor": v["extra_care_actor"]}
    d["evidence"]["induced_costs"] = v["extra_care"] != "geen"
    d["effects"].update(multiplier=v["multiplier"],
                        lag=[v[f"lag_y{i + 1}"] for i in range(h)])
    d["effects"]["negative_draws"] = v["negative_draws"]
    d["timing"] = v["timing"]
    return spec_from_mapping(d, source="random.toml")


def _names(path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {name: dn.attr_text for name, dn in wb.defined_names.items()}


def _fill(path: Path, values: dict) -> None:
    wb = openpyxl.load_workbook(path)
    for name, value in values.items():
        sheet, cell = wb.defined_names[name].attr_text.split("!")
        wb[sheet][cell.replace("$", "")] = value
    wb.save(path)


def _outputs_lo(path: Path, names: dict) -> dict:
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for name, ref in names.items():
        if name.startswith("out_"):
            sheet, cell = ref.split("!")
            out[name] = wb[sheet][cell.replace("$", "")].value
    return out


def _outputs_formulas(path: Path, names: dict) -> dict:
    formulas = pytest.importorskip("formulas")
    sol = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for name, ref in names.items():
        if name.startswith("out_"):
            sheet, cell = ref.split("!")
            key = f"'[{path.name}]{sheet.upper()}'!{cell.replace('$', '')}"
            value = sol[key].value[0, 0]
            out[name] = value.item() if hasattr(value, "item") else value
    return out


def _soffice(args: list, cwd: Path) -> subprocess.CompletedProcess:
    profile = (cwd / "lo-profile").as_uri()
    return subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def _check(out: dict, result, lang: str = "nl") -> None:
    """Every output cell against the run: to the euro (amounts), exactly (years), 1e-9
    (ratio) and the probability against the closed form and the Monte Carlo."""
    by_actor = {r.actor: r for r in result.by_actor.itertuples()}
    actors = {n[len("out_cost_"):] for n in out if n.startswith("out_cost_")}
    for a in actors:
        row = by_actor.get(a)
        for kind, field in (("cost", "pv_costs"), ("benefit", "pv_benefits"), ("net", "net")):
            expected = getattr(row, field) if row is not None else 0.0
            assert out[f"out_{kind}_{a}"] == pytest.approx(expected, abs=0.5), (a, kind)
    for name, expected in (("pv_costs", result.pv_costs), ("pv_benefits", result.pv_benefits),
                           ("net_pv", result.net_pv),
                           ("budget_year2", result.budget_effect_year2),
                           ("households_reached", result.households_reached),
                           ("benefit_per_household", result.benefit_per_household),
                           ("benefit_sd", result.benefit_per_household_sd)):
        assert out[f"out_{name}"] == pytest.approx(expected, abs=0.5), name
    assert out["out_fte"] == pytest.approx(result.fte, abs=1e-6)
    if result.bcr is None:
        assert out["out_bcr"] == "-"
    else:
        assert out["out_bcr"] == pytest.approx(result.bcr, rel=1e-9)
    none = {"nl": "geen", "en": "none"}[lang]
    assert out["out_payback_year"] == (none if result.payback_year is None
                                       else pytest.approx(result.payback_year))
    # the probability: the closed form, computed here from the run's own present values
    from scipy.stats import norm

    b, sd = result.benefit_per_household, result.benefit_per_household_sd
    if result.pv_benefits > 0 and sd > 0:
        unit = result.pv_benefits / b
        closed = float(norm.sf((result.pv_costs / unit - b) / sd))
        assert out["out_p_benefits_exceed_costs"] == pytest.approx(closed, abs=1e-9)
        # the 80% range: the net at the 10% and 90% points of B (a draw below 0 is 0 with zero)
        for q, name in ((0.1, "out_net_low"), (0.9, "out_net_high")):
            draw = b + sd * float(norm.ppf(q))
            if result.spec.negative_draws == "zero":
                draw = max(draw, 0.0)
            assert out[name] == pytest.approx(unit * draw - result.pv_costs, abs=0.5), name
        if result.draws:  # the Monte Carlo's quantiles: standard error ~0.004 sd of the net
            assert out["out_net_low"] == pytest.approx(result.net_low, abs=0.02 * unit * sd)
            assert out["out_net_high"] == pytest.approx(result.net_high, abs=0.02 * unit * sd)
    elif result.pv_benefits == 0:
        assert out["out_net_low"] == out["out_net_high"] == pytest.approx(-result.pv_costs,
                                                                          abs=0.5)
    if result.draws:
        assert out["out_p_benefits_exceed_costs"] == pytest.approx(
            result.p_benefits_exceed_costs, abs=0.01)
        # mkba scenario's own closed form (mkba.scenario.montecarlo.exact), the issue's 1e-3
        assert out["out_p_benefits_exceed_costs"] == pytest.approx(result.p_exact, abs=1e-3)
        assert result.level == 0.8  # the workbook's range is the 80% range
        assert out["out_net_low"] == pytest.approx(result.net_low_exact, abs=0.5)
        assert out["out_net_high"] == pytest.approx(result.net_high_exact, abs=0.5)


CASES = [*PRESETS, "random", "random2", "no_reach", "english", "payers_off"]
BASE = {"random": "jeugd_gezinsteam", "random2": "wijkteam_probleemwijk",
        "no_reach": "jeugd_gezinsteam", "english": "ouderenteam",
        "payers_off": "zorg_welzijnsteam"}
SEEDS = {"random": 20261202, "random2": 4711}  # two random valid input sets


@pytest.fixture(scope="module")
def built(tmp_path_factory, studies):
    """Every case's workbook (filled) and the run of mkba scenario on the same inputs."""
    folder = tmp_path_factory.mktemp("calc")
    cases = {}
    for case in CASES:
        spec = read_preset(BASE.get(case, case))
        path = folder / f"{case}.xlsx"
        write_calculator(path, studies, preset=spec, lang="en" if case == "english" else "nl")
        if case in SEEDS:
            # every payer the preset names is replaced: only the random ones pay
            payers = [n for n in openpyxl.load_workbook(path).defined_names
                      if n.startswith("payer_")]
            values = {**dict.fromkeys(payers, 0.0), **_random_inputs(spec, SEEDS[case])}
            _fill(path, values)
            spec = _spec_with(spec, values)
        elif case == "no_reach":
            _fill(path, {f"reach_{s}": 0.0 for s in SEGMENTS})
            d = spec.to_dict()
            d["team"]["reach"] = {s: 0.0 for s in SEGMENTS}
            spec = spec_from_mapping(d, source="no_reach.toml")
        elif case == "payers_off":  # 0.9 in all: the sheet warns (not compared with a run)
            _fill(path, {"payer_gemeente": 0.9})
        result = run_scenario(spec, studies, draws=200_000, level=0.8,
                              monte_carlo=case != "no_reach")
        cases[case] = (path, result)
    return folder, cases


@needs_lo
def test_libreoffice_recalculates_every_case_like_mkba_scenario(built):
    folder, cases = built
    # the workbook as written holds formulas without cached values: LibreOffice must compute
    path0 = cases[PRESETS[0]][0]
    cached = _outputs_lo(path0, _names(path0))
    assert set(cached.values()) == {None}
    outdir = folder / "lo"
    proc = _soffice(["--convert-to", "xlsx", "--outdir", str(outdir),
                     *(str(cases[c][0]) for c in CASES)], folder)
    assert proc.returncode == 0, proc.stderr
    for case in CASES:
        path, result = cases[case]
        out = _outputs_lo(outdir / path.name, _names(path))
        if case != "payers_off":
            _check(out, result, "en" if case == "english" else "nl")
    # the payers' check: empty when they add up to 1, a warning when not
    warn = {c: openpyxl.load_workbook(outdir / f"{c}.xlsx", data_only=True)[
        SHEETS["en" if c == "english" else "nl"][4]]["A2"].value for c in CASES}
    assert warn["payers_off"] == ("LET OP: de betalers op het blad Invoer tellen niet op tot "
                                  "100%")
    assert {warn[c] or "" for c in CASES if c != "payers_off"} == {""}
    # a changed input changed the outputs (random and no_reach start from the same preset)
    random = _outputs_lo(outdir / "random.xlsx", _names(path0))
    preset = _outputs_lo(outdir / "jeugd_gezinsteam.xlsx", _names(path0))
    assert random["out_pv_costs"] != pytest.approx(preset["out_pv_costs"], rel=1e-3)
    no_reach = _outputs_lo(outdir / "no_reach.xlsx", _names(path0))
    assert (no_reach["out_households_reached"], no_reach["out_payback_year"]) == (0, "geen")


@pytest.mark.parametrize("case", [c for c in CASES if c != "payers_off"])
def test_formulas_library_recalculates_like_mkba_scenario(built, case):
    path, result = built[1][case]
    _check(_outputs_formulas(path, _names(path)), result, "en" if case == "english" else "nl")


def test_the_same_inputs_give_the_same_bytes(studies, tmp_path):
    a = write_calculator(tmp_path / "a.xlsx", studies, preset="jeugd_gezinsteam")
    b = write_calculator(tmp_path / "b.xlsx", studies, preset="jeugd_gezinsteam")
    assert a.read_bytes() == b.read_bytes()


def test_inputs_are_styled_unlocked_validated_commented_and_named(studies, tmp_path):
    path = write_calculator(tmp_path / "c.xlsx", studies, preset="ouderenteam", lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS["en"])
    names = _names(path)
    inputs = [n for n in names if not n.startswith(("out_", "ev_")) and n not in
              ("first_year", "horizon", "discount_rate", "price_year")]
    # 3 segments x 3, 5 costs, 3 extra care, 10 payers, multiplier, timing, negative draws,
    # 3 per year
    assert len(inputs) == 9 + 5 + 3 + 10 + 3 + 3 * read_preset("ouderenteam").horizon
    ws = wb["Inputs"]
    validated = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated.add(rng.coord)
    for name in inputs:
        sheet, cell = names[name].split("!")
        c = wb[sheet][cell.replace("$", "")]
        assert sheet == "Inputs" and not c.protection.locked and c.comment is not None, name
        assert cell.replace("$", "") in validated, name
    # the preset's values: ouderenteam's local extra care of 300 for the municipality
    ref = lambda n: wb["Inputs"][names[n].split("!")[1].replace("$", "")].value  # noqa: E731
    assert (ref("extra_care"), ref("extra_care_amount"), ref("extra_care_actor")) == (
        "lokaal", 300, "gemeente")
    for title in SHEETS["en"]:
        assert wb[title].protection.sheet, title
    assert wb["Evidence"]["B6"].data_type == "n"  # values, not formulas
    assert "ILLUSTRATIVE" in "\n".join(str(c.value) for c in wb["Notes"]["A"])
    assert wb.vba_archive is None
    assert len(wb["Output"]._charts) == 1  # who pays, who benefits


@pytest.mark.parametrize(("change", "field"), [
    ({"caseload_elasticity": 0.5}, "effects.caseload_elasticity"),
    ({"per_segment": (30000.0, 12000.0, 2000.0)}, "effects.per_segment"),
    ({"extra_care": (300.0, None)}, "costs.extra_care"),
])
def test_refuses_the_other_fields_it_cannot_express(studies, tmp_path, change, field):
    from dataclasses import replace

    spec = replace(read_preset("ouderenteam"), **change)
    with pytest.raises(CalculatorError) as err:
        write_calculator(tmp_path / "c.xlsx", studies, preset=spec)
    assert field in err.value.render("en") and "cannot express" in err.value.render("en")


def test_refuses_a_scenario_it_cannot_express_in_both_languages(studies, tmp_path):
    spec = read_spec(ROOT / "scenarios" / "kwetsbaar.toml")   # fixed local benefits (schulden)
    with pytest.raises(CalculatorError) as err:
        write_calculator(tmp_path / "c.xlsx", studies, preset=spec)
    assert "effects.fixed" in str(err.value)
    assert "kan dit niet uitdrukken" in err.value.text.render("nl")
    assert "cannot express this" in err.value.text.render("en")
    assert not (tmp_path / "c.xlsx").exists()


@needs_lo
def test_opens_in_libreoffice_without_repair_converted_to_pdf(studies, tmp_path):
    path = write_calculator(tmp_path / "c.xlsx", studies, preset="zorg_welzijnsteam")
    proc = _soffice(["--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], tmp_path)
    assert proc.returncode == 0 and "Error" not in proc.stderr, proc.stderr
    pdf = tmp_path / "c.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000


def test_cli_writes_the_calculator_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "calc.xlsx"
    argv = ["calculator", str(out), "--studies", str(ROOT / "studies"),
            "--preset", "ouderenteam", "--lang", "en"]
    assert main(argv) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS["en"])
    assert main(argv[:-2]) == 1
    assert "bestaat al; gebruik --force" in capsys.readouterr().err
    assert main(["calculator", "--help"]) == 0
    text = capsys.readouterr().out
    assert "rekenwerkmap" in text and "wijkteam_probleemwijk" in text
    assert main(["calculator", "--help", "--lang", "en"]) == 0
    assert "calculator workbook" in capsys.readouterr().out

