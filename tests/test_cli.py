"""The command line: exit codes, messages without tracebacks, nothing written on bad input;
every line in Dutch by default and in English with --lang en."""

import json
import shutil
import subprocess
import sys

import openpyxl
import pytest
from conftest import REPO, STUDIES

from mkba.cli import main


def test_help_lists_the_subcommands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: mkba")
    for command in ("template", "validate", "import", "tables", "pool", "scenario", "report",
                    "register", "labels"):
        assert f"    {command} " in out


def test_usage_error_is_exit_2(capsys):
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gebruik: mkba validate")
    assert "mkba validate: fout: deze argumenten ontbreken: PAD" in err
    assert main(["validate", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mkba validate")
    assert "mkba validate: error: the following arguments are required: PATH" in err


def test_template_writes_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert "Instructions" in openpyxl.load_workbook(out).sheetnames
    assert main(["template", str(out)]) == 1
    assert capsys.readouterr().err == \
        f"mkba template: {out} bestaat al; gebruik --force om het te overschrijven\n"
    assert main(["template", str(out), "--lang", "en"]) == 1
    assert capsys.readouterr().err == f"mkba template: {out} exists; use --force to overwrite it\n"
    assert main(["template", str(out), "--force"]) == 0
    assert capsys.readouterr().out == f"{out} geschreven\n"
    assert "Toelichting" in openpyxl.load_workbook(out).sheetnames


def test_validate_the_example_studies(capsys):
    assert main(["validate", str(STUDIES)]) == 0
    out = capsys.readouterr().out
    assert out.count("\nok  ") + out.startswith("ok  ") == 13
    assert "13 geldige studies in 13 bestanden" in out
    assert main(["validate", str(STUDIES), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nok  ") + out.startswith("ok  ") == 13
    assert "13 valid studies in 13 files" in out


def test_validate_json_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "leeg.xlsx"
    bad.write_bytes(b"")
    assert main(["validate", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [i["code"] for i in report["issues"]] == ["empty_file"]
    assert report["issues"][0]["file"] == "leeg.xlsx"
    # the same structure and codes in English; only the messages follow --lang
    assert main(["validate", str(bad), "--json", "--lang", "en"]) == 1
    english = json.loads(capsys.readouterr().out)
    assert [i["code"] for i in english["issues"]] == ["empty_file"]
    assert [sorted(i) for i in english["issues"]] == [sorted(i) for i in report["issues"]]
    assert english["issues"][0]["message"] != report["issues"][0]["message"]


def test_validate_empty_folder_is_an_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().err == \
        f"mkba validate: geen studiewerkmappen (*.xlsx) gevonden in {tmp_path}\n"
    assert main(["validate", str(tmp_path), "--lang", "en"]) == 1
    assert capsys.readouterr().err == \
        f"mkba validate: no study workbooks (*.xlsx) found in {tmp_path}\n"


def test_import_writes_nothing_when_a_file_is_bad(tmp_path, capsys):
    src = tmp_path / "in"
    shutil.copytree(STUDIES, src)
    (src / "kapot.xlsx").write_bytes(b"not a workbook")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.iterdir()}
    out = tmp_path / "out"
    assert main(["import", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "kapot.xlsx" in err and "not_xlsx" in err and "Traceback" not in err
    assert not out.exists()
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.iterdir()}
    assert after == before


def test_import_writes_the_data_set(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["import", str(STUDIES), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"13 studies geïmporteerd in {out} (5 bestanden)\n"
    assert {"studies.csv", "items.csv", "reported.csv", "dataset.xlsx"} <= {
        p.name for p in out.iterdir()}
    assert len((out / "studies.csv").read_text().splitlines()) == 14  # header + 13
    one = STUDIES / "duinhaven-2010.xlsx"
    assert main(["import", str(one), "-o", str(tmp_path / "een"), "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"imported 1 study into {tmp_path / 'een'} (5 files)\n"


@pytest.mark.parametrize("option, value", [
    ("--rate", "5.5"), ("--rate", "abc"), ("--rate", "nl-2030"), ("--price-year", "abc"),
    ("--horizon", "0"), ("--horizon", "1000")])
def test_bad_basis_option_is_a_usage_error(tmp_path, capsys, option, value):
    # the README: exit 2 for a usage error; the message names the option's value and what is
    # allowed, and nothing is read or written
    for lang, words in (("nl", ("gebruik:", "fout: argument", "is niet toegestaan")),
                        ("en", ("usage:", "error: argument", "is not allowed"))):
        assert main(["tables", "--studies", str(STUDIES), "--out", str(tmp_path / "t"),
                     option, value, "--lang", lang]) == 2
        err = capsys.readouterr().err
        assert err.startswith(words[0])
        assert f"mkba tables: {words[1]} {option}: " in err
        assert f"={value!r} {words[2]}" in err
        assert "Traceback" not in err and "nan" not in err
        assert not (tmp_path / "t").exists()


def test_basis_options_as_typed_give_the_same_pooled_result(capsys):
    # "3%", "0,03" and "0.03" are one rate; "own" is each study's own horizon
    results = []
    for rate, horizon in (("3%", "own"), ("0,03", "own"), ("0.03", None)):
        args = ["pool", "--studies", str(STUDIES), "--rate", rate, "--price-year", "2020",
                "--json", "--draws", "200"] + (["--horizon", horizon] if horizon else [])
        assert main(args) == 0
        results.append(json.loads(capsys.readouterr().out))
    assert results[0]["basis"] == {"price_year": 2020, "rate": 0.03, "horizon": None,
                                   "timing": "t1"}
    assert results[0] == results[1] == results[2]


def test_scenario_commands(tmp_path, capsys):
    from conftest import REPO

    specs = sorted(str(p) for p in (REPO / "scenarios").glob("*.toml"))
    assert len(specs) >= 3
    out = tmp_path / "sc"
    assert main(["scenario", *specs, "--studies", str(STUDIES), "--draws", "500", "--json",
                 "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == [p.rsplit("/", 1)[-1][:-5] for p in specs]
    assert (out / "comparison.xlsx").is_file() and (out / "comparison.csv").is_file()
    template = tmp_path / "s.xlsx"
    assert main(["scenario-template", str(template)]) == 0
    assert main(["scenario-template", str(template)]) == 1


def test_control_characters_never_reach_the_terminal(tmp_path, capsys):
    for name in ("grevenhaven-2013.xlsx", "grevenhaven-2013.mapping.toml"):
        shutil.copy2(STUDIES / name, tmp_path / name)
    toml = tmp_path / "grevenhaven-2013.mapping.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('author = "Voorbeeldbureau Noord"',
                                 'author = "Bureau\\u001b[2J\\u009b"'), encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert "\x1b" not in shown and "\x9b" not in shown  # not raw: it would clear the screen
    assert "\\x1b" in shown and "stuurteken" in shown and "Traceback" not in shown
    assert main(["validate", str(tmp_path), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert "\x1b" not in shown and "\\x1b" in shown and "control character" in shown
    assert main(["validate", "--json", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out
    assert "\\u001b" in out or "\\x1b" in out  # JSON escapes, still valid JSON
    json.loads(out)


def test_a_reader_that_stops_reading_ends_the_command_quietly():
    # `mkba labels | head -0`: the reader closes the pipe before mkba writes; mkba stops without
    # a message about a failed file operation and without a traceback, with the shell's code 141
    proc = subprocess.Popen([sys.executable, "-m", "mkba", "labels"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""


def test_scenario_template_with_a_preset_starts_from_the_worked_example(tmp_path, capsys):
    from mkba.scenario import read_scenario_workbook
    from mkba.scenario.presets import read_preset

    out = tmp_path / "plan.xlsx"
    assert main(["scenario-template", str(out), "--preset", "ouderenteam"]) == 0
    spec, preset = read_scenario_workbook(out), read_preset("ouderenteam")
    assert (spec.municipality, spec.reach, spec.cost_per_fte, spec.households) == (
        preset.municipality, preset.reach, preset.cost_per_fte, preset.households)
    assert main(["scenario-template", str(tmp_path / "x.xlsx"), "--preset", "oud"]) == 2
    assert "ongeldige keuze: 'oud'" in capsys.readouterr().err


def test_scenario_writes_its_results_beside_the_user_without_flags(tmp_path, monkeypatch, capsys):
    # as the scenario workbook's instructions say: `mkba scenario plan.xlsx` writes its results
    # into plan-resultaten/ in the current folder; the CSVs open in Dutch Excel
    work = tmp_path / "werk"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["scenario", str(REPO / "scenarios" / "zwaar.toml")]) == 2  # no studies/ here
    err = capsys.readouterr().err
    assert "er is geen map studies in de huidige map" in err and "--studies" in err
    shutil.copytree(STUDIES, work / "studies")
    assert main(["scenario", str(REPO / "scenarios" / "zwaar.toml")]) == 0
    assert "geschreven naar zwaar-resultaten" in capsys.readouterr().out
    data = (work / "zwaar-resultaten" / "comparison.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcode;")
