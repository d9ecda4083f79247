"""The command line in Dutch and English: the help, argparse's own messages and every usage error
(exit 2, a sentence with the value typed and what is allowed, no traceback, nothing written).

The Dutch and English sentences below are written out by hand from what each option allows
(mkba.limits, mkba/data/cpi_nl.csv, mkba/data/discount_regimes.csv), not copied from a run.
"""

import argparse
import json

import pytest
from conftest import REPO, STUDIES

from mkba import limits
from mkba.cli import build_parser, main
from mkba.cli.parser import requested_lang
from mkba.cli.text import BY_CHOICES, MEASURES, argparse_language
from mkba.reference import cpi_changes

FIRST_CPI, LAST_CPI = min(cpi_changes()), max(cpi_changes())


def _run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


# --- the help -------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["--help"], ["pool", "--help"], ["labels", "-h"]])
def test_help_is_dutch_by_default_and_english_with_lang_en(capsys, argv):
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert out.startswith("gebruik: mkba")
    assert "\nopties:\n" in out and "toon deze hulp en stop" in out
    assert "usage:" not in out and "show this help message" not in out
    code, out, _ = _run(capsys, *argv, "--lang", "en")
    assert code == 0
    assert out.startswith("usage: mkba")
    assert "\noptions:\n" in out and "show this help message and exit" in out
    assert "gebruik:" not in out


@pytest.mark.parametrize("where", [["--lang", "en", "pool", "-h"], ["pool", "-h", "--lang=en"],
                                   ["pool", "--lang=en", "-h"]])
def test_lang_en_anywhere_on_the_command_line(capsys, where):
    code, out, _ = _run(capsys, *where)
    assert code == 0 and out.startswith("usage: mkba pool")


def test_positional_arguments_and_placeholders_in_dutch(capsys):
    code, out, _ = _run(capsys, "validate", "-h")
    assert code == 0
    assert "\nargumenten:\n  PAD" in out and "werkmappen of mappen met werkmappen" in out
    code, out, _ = _run(capsys, "validate", "-h", "--lang", "en")
    assert "\npositional arguments:\n  PATH" in out


def test_requested_lang():
    assert requested_lang(["pool", "--lang", "en"]) == "en"
    assert requested_lang(["pool", "--lang=en", "--lang", "nl"]) == "nl"  # the last one
    assert requested_lang(["pool", "--lan", "en"]) == "en"
    assert requested_lang(["validate", "--", "--lang", "en"]) == "nl"  # after --: a path
    assert requested_lang(["pool", "--lang"]) == "nl"
    assert requested_lang(["pool", "--lang", "fr"]) == "nl"


def test_argparse_words_are_put_back_after_a_dutch_parser():
    build_parser("nl").format_help()
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_usage() == "usage: x [-h]\n"
    assert "show this help message and exit" in plain.format_help()
    with argparse_language("nl"):
        assert argparse.ArgumentParser(prog="x").format_usage() == "gebruik: x [-h]\n"
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"


def test_the_help_lists_what_the_library_accepts():
    # the lists the help shows are the library's own (kept equal here, not imported by the
    # parser so that --help stays quick)
    from mkba.evidence import POOLED_MEASURES
    from mkba.schema import CHARACTERISTICS

    assert BY_CHOICES == CHARACTERISTICS
    assert MEASURES == tuple(POOLED_MEASURES)


# --- argparse's own messages --------------------------------------------------------------

ARGPARSE_ERRORS = [
    (["validate"], "mkba validate: fout: deze argumenten ontbreken: PAD",
     "mkba validate: error: the following arguments are required: PATH"),
    (["import", str(STUDIES)], "mkba import: fout: deze argumenten ontbreken: -o/--out",
     "mkba import: error: the following arguments are required: -o/--out"),
    (["pool", "--bogus"], "mkba: fout: onbekende argumenten: --bogus",
     "mkba: error: unrecognized arguments: --bogus"),
    (["pool", "--method", "bayes"], "mkba pool: fout: argument --method: ongeldige keuze: "
     "'bayes' (kies uit 'reml', 'dl', 'pm', 'ml', 'fe')",
     "mkba pool: error: argument --method: invalid choice: 'bayes' (choose from 'reml', 'dl', "
     "'pm', 'ml', 'fe')"),
    (["pool", "--ci", "t"], "mkba pool: fout: argument --ci: ongeldige keuze: 't' (kies uit "
     "'z', 'hksj')", "mkba pool: error: argument --ci: invalid choice: 't' (choose from 'z', "
     "'hksj')"),
    (["pool", "--timing", "t2"], "mkba pool: fout: argument --timing: ongeldige keuze: 't2'",
     "mkba pool: error: argument --timing: invalid choice: 't2'"),
    (["pool", "--draws"], "mkba pool: fout: argument --draws: hier hoort één waarde bij",
     "mkba pool: error: argument --draws: expected one argument"),
    (["rapport"], "mkba: fout: argument OPDRACHT: ongeldige keuze: 'rapport' (kies uit "
     "'template', 'validate', 'import', 'tables', 'pool', 'scenario', 'scenario-template', "
     "'calculator', "
     "'report', 'register', 'labels')",
     "mkba: error: argument COMMAND: invalid choice: 'rapport' (choose from 'template', "
     "'validate'"),
    (["validate", str(STUDIES), "--layout", "excel"], "mkba validate: fout: argument --layout: "
     "ongeldige keuze: 'excel' (kies uit 'template', 'cockpit', 'mapping')",
     "mkba validate: error: argument --layout: invalid choice: 'excel'"),
]


@pytest.mark.parametrize(("argv", "dutch", "english"), ARGPARSE_ERRORS,
                         ids=[" ".join(a) for a, _, _ in ARGPARSE_ERRORS])
def test_argparse_messages_in_dutch_and_english(capsys, argv, dutch, english):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("gebruik: mkba") and dutch in err
    code, out, err = _run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert err.startswith("usage: mkba") and english in err


# --- option values: exit 2 with a sentence ------------------------------------------------

MOST_DRAWS_NL = f"{limits.MAX_DRAWS:,}".replace(",", ".")
MOST_DRAWS_EN = f"{limits.MAX_DRAWS:,}"
REGIMES = "nl-1995, nl-2007, nl-2016, nl-2021"

BAD_VALUES = [
    (["pool", "--draws", "abc"],
     f"argument --draws: 'abc' is niet toegestaan; geef een geheel getal van 1 tot "
     f"{MOST_DRAWS_NL}",
     f"argument --draws: 'abc' is not allowed; give a whole number from 1 to {MOST_DRAWS_EN}"),
    (["pool", "--draws", "0"], "argument --draws: '0' is niet toegestaan",
     "argument --draws: '0' is not allowed"),
    (["pool", "--draws", str(limits.MAX_DRAWS + 1)],
     f"argument --draws: '{limits.MAX_DRAWS + 1}' is niet toegestaan",
     f"argument --draws: '{limits.MAX_DRAWS + 1}' is not allowed"),
    (["pool", "--draws", "2.5"], "argument --draws: '2.5' is niet toegestaan",
     "argument --draws: '2.5' is not allowed"),
    (["scenario", str(REPO / "scenarios" / "zwaar.toml"), "--draws", "-3"],
     "argument --draws: '-3' is niet toegestaan", "argument --draws: '-3' is not allowed"),
    (["pool", "--seed", "-1"],
     "argument --seed: '-1' is niet toegestaan; geef een geheel getal van 0 tot 2**64 - 1",
     "argument --seed: '-1' is not allowed; give a whole number from 0 to 2**64 - 1"),
    (["pool", "--seed", str(2**64)], f"argument --seed: '{2**64}' is niet toegestaan",
     f"argument --seed: '{2**64}' is not allowed"),
    (["scenario", str(REPO / "scenarios" / "zwaar.toml"), "--seed", "x"],
     "argument --seed: 'x' is niet toegestaan", "argument --seed: 'x' is not allowed"),
    (["pool", "--coverage", "90"],
     "argument --coverage: '90' is niet toegestaan; geef een aandeel tussen 0 en 1, zoals 0,9 "
     "of 90%", "argument --coverage: '90' is not allowed; give a share between 0 and 1, such "
     "as 0.9 or 90%"),
    (["pool", "--coverage", "nan"], "argument --coverage: 'nan' is niet toegestaan",
     "argument --coverage: 'nan' is not allowed"),
    (["pool", "--coverage", "1"], "argument --coverage: '1' is niet toegestaan",
     "argument --coverage: '1' is not allowed"),
    (["pool", "--measure", "bcr"],
     "argument --measure: 'bcr' is niet toegestaan; geef een van log_bcr, net_per_household, "
     "benefits_per_household, costs_per_household, benefit_per_household, "
     "balance_per_household; de laatste twee met een code",
     "argument --measure: 'bcr' is not allowed; give one of log_bcr, net_per_household, "
     "benefits_per_household, costs_per_household, benefit_per_household, "
     "balance_per_household; the last two with a code"),
    (["pool", "--measure", "balance_per_household:marsmannetjes"],
     "'balance_per_household:marsmannetjes' is niet toegestaan",
     "'balance_per_household:marsmannetjes' is not allowed"),
    (["pool", "--by", "gemeente"],
     "argument --by: 'gemeente' is niet toegestaan; kies uit approach_type, scale, "
     "target_breadth, household_type, stage, evaluation, kind",
     "argument --by: 'gemeente' is not allowed; choose from approach_type, scale, "
     "target_breadth, household_type, stage, evaluation, kind"),
    (["pool", "--rate", "nl-2030"],
     f"argument --rate: rate='nl-2030' is niet toegestaan; 'nl-2030' is geen bekend regime "
     f"(bekend zijn {REGIMES})",
     f"argument --rate: rate='nl-2030' is not allowed; 'nl-2030' is not a known regime (the "
     f"known ones are {REGIMES})"),
    (["report", "--rate", "3"], "argument --rate: rate='3' is niet toegestaan",
     "argument --rate: rate='3' is not allowed"),
    (["tables", "--price-year", "2090"],
     f"argument --price-year: '2090' is niet toegestaan; geef een jaar van de CBS-prijsindex "
     f"({FIRST_CPI}-{LAST_CPI})",
     f"argument --price-year: '2090' is not allowed; give a year of the CBS price index "
     f"({FIRST_CPI}-{LAST_CPI})"),
    (["tables", "--price-year", "twintig"],
     "argument --price-year: price_year='twintig' is niet toegestaan; geef een kalenderjaar",
     "argument --price-year: price_year='twintig' is not allowed; give a calendar year"),
    (["pool", "--horizon", "0"],
     f"argument --horizon: horizon='0' is niet toegestaan; geef hele jaren van 1 tot "
     f"{limits.MAX_HORIZON}",
     f"argument --horizon: horizon='0' is not allowed; give whole years from 1 to "
     f"{limits.MAX_HORIZON}"),
    (["pool", "--horizon", "eigenlijk"], "argument --horizon: horizon='eigenlijk' is niet "
     "toegestaan", "argument --horizon: horizon='eigenlijk' is not allowed"),
    (["pool", "--studies", "geen-map"],
     "argument --studies: 'geen-map' bestaat niet; geef een map met studiewerkmappen (*.xlsx) "
     "of één werkmap",
     "argument --studies: 'geen-map' does not exist; give a folder of study workbooks (*.xlsx) "
     "or one workbook"),
    (["validate", "geen.xlsx"],
     "argument PAD: 'geen.xlsx' bestaat niet; geef een werkmap (*.xlsx) of een map met "
     "werkmappen",
     "argument PATH: 'geen.xlsx' does not exist; give a workbook (*.xlsx) or a folder of "
     "workbooks"),
    (["import", "geen.xlsx", "-o", "uit"], "argument PAD: 'geen.xlsx' bestaat niet",
     "argument PATH: 'geen.xlsx' does not exist"),
    (["validate", str(STUDIES), "--mapping", "geen.toml"],
     "argument --mapping: 'geen.toml' bestaat niet; geef een mappingbestand",
     "argument --mapping: 'geen.toml' does not exist; give a mapping file"),
    (["scenario", "geen.toml"],
     "argument SCENARIO: 'geen.toml' bestaat niet; geef een scenariobestand (.toml of .xlsx)",
     "argument SPEC: 'geen.toml' does not exist; give a scenario file (.toml or .xlsx)"),
    (["labels", "actoren"],
     "argument LIJST: ongeldige keuze: 'actoren' (kies uit 'actors', 'benefit_categories'",
     "argument VOCABULARY: invalid choice: 'actoren' (choose from 'actors', "
     "'benefit_categories'"),
]


@pytest.mark.parametrize(("argv", "dutch", "english"), BAD_VALUES,
                         ids=[" ".join(a[:1] + a[-2:]) for a, _, _ in BAD_VALUES])
def test_a_value_that_is_not_allowed_is_a_usage_error(tmp_path, monkeypatch, capsys, argv,
                                                      dutch, english):
    monkeypatch.chdir(tmp_path)  # nothing may appear here
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("gebruik: mkba")
    assert f"mkba {argv[0]}: fout: " in err and dutch in err
    assert "nan" not in err.replace("'nan'", "")
    code, out, err = _run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert err.startswith("usage: mkba") and f"mkba {argv[0]}: error: " in err and english in err
    assert list(tmp_path.iterdir()) == []


def test_basis_values_typed_the_dutch_way_are_read(capsys):
    code, out, _ = _run(capsys, "pool", "--studies", str(STUDIES), "--draws", "200",
                        "--horizon", "eigen", "--rate", "eigen", "--price-year", "laatste",
                        "--json")
    assert code == 0
    assert json.loads(out)["basis"] == {"price_year": LAST_CPI, "rate": None, "horizon": None,
                                        "timing": "t1"}


def test_the_same_result_for_values_typed_two_ways(capsys):
    results = []
    for draws, coverage in (("1.000", "0,8"), ("1000", "80%")):
        code, out, _ = _run(capsys, "pool", "--studies", str(STUDIES), "--draws", draws,
                            "--coverage", coverage, "--json")
        assert code == 0
        results.append(json.loads(out))
    assert results[0] == results[1]


def test_a_missing_default_studies_folder_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "report")
    assert code == 2
    assert "mkba report: fout: argument --studies: er is geen map studies in de huidige map " \
        "(" in err and "en --studies is niet gegeven" in err
    assert list(tmp_path.iterdir()) == []
    code, _, err = _run(capsys, "report", "--studies", "elders")
    assert code == 2 and "'elders' bestaat niet" in err


# --- the lines of a run -----------------------------------------------------------------

def test_validate_messages_follow_lang(tmp_path, capsys):
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"not a workbook")
    code, out, _ = _run(capsys, "validate", str(bad))
    assert code == 1
    assert "kapot.xlsx: [not_xlsx]" in out and "1 probleem in 1 van 1 bestand" in out
    code, out, _ = _run(capsys, "validate", str(bad), "--lang", "en")
    assert code == 1
    assert "kapot.xlsx: [not_xlsx]" in out and "1 issue in 1 of 1 file" in out


def test_a_bad_study_file_is_told_in_the_language_asked_for(tmp_path, capsys):
    (tmp_path / "kapot.xlsx").write_bytes(b"not a workbook")
    for lang, words in (("nl", "gevonden"), ("en", "found")):
        code, _, err = _run(capsys, "pool", "--studies", str(tmp_path), "--lang", lang)
        assert code == 1
        assert "[not_xlsx]" in err and f"\n    {words}: " in err
