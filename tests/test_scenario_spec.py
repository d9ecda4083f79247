"""Scenario specs (mkba.scenario.spec): defaults, TOML files and every kind of bad spec."""

from __future__ import annotations

import copy

import pytest

from mkba.errors import InputError, MkbaError
from mkba.scenario import DEFAULT_CASELOADS, DEFAULT_SHARES, read_spec, spec_from_mapping
from mkba.scenario.spec import ScenarioSpec

MINIMAL = """\
municipality = "Rekendorp"
first_year = 2026
horizon = 5
discount_rate = "nl-2021"

[population]
total = 1000

[team]
reach = { zwaar = 1.0 }

[costs]
per_fte = 80000
"""


def _write(tmp_path, text, name="plan.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_of_the_2014_tool(tmp_path):
    spec = read_spec(_write(tmp_path, MINIMAL))
    assert spec.name == "plan"                        # the file name
    assert DEFAULT_SHARES == (0.05, 0.15, 0.80)
    assert DEFAULT_CASELOADS == (6.0, 35.0, 100.0)     # midpoints of 5-7, 30-40 and 100
    assert spec.households == pytest.approx((50.0, 150.0, 800.0))
    assert spec.caseload == (6.0, 35.0, 100.0)
    # the reach as given; a segment not named is not reached (issue #16: no default reach)
    assert spec.reach == (1.0, 0.0, 0.0)
    assert spec.ramp_up == (1.0,) and spec.ramp() == (1.0,) * 5
    assert spec.discount_rate == 0.0225 and spec.discount_regime == "nl-2021"
    assert spec.payers == (("gemeente", 1.0),)
    assert spec.price_year == 2024                    # the latest year of the CPI table
    assert (spec.method, spec.coverage, spec.induced_costs, spec.multiplier) == \
        ("reml", 0.90, True, 1.0)
    assert spec.evidence_text() == "alle studies" and spec.evidence_text("en") == "all studies"
    assert spec.negative_draws == "zero"
    # what the result rests on by default, so that it can say so
    assert spec.defaulted == ("price_year", "population.shares", "team.caseload.zwaar",
                              "team.caseload.kwetsbaar", "team.caseload.overig", "team.ramp_up")


def test_a_scenario_without_reach_is_an_error_about_reach():
    # only the required fields and a population: before issue #16 this reached all 45,000
    # households (928 FTE); now it is an error that says why
    data = {"municipality": "Rekendorp", "first_year": 2026, "horizon": 10,
            "discount_rate": "nl-2021", "population": {"total": 45_000},
            "costs": {"per_fte": 80_000}}
    with pytest.raises(InputError) as info:
        spec_from_mapping(data, source="plan.toml")
    assert str(info.value).startswith("plan.toml: team.reach: ontbreekt; geef per segment het "
                                      "deel dat het team bij volle inzet bereikt")
    assert "mkba neemt geen bereik aan: de bevolking telt 45.000 huishoudens" in str(info.value)
    english = info.value.render("en")
    assert english.startswith("plan.toml: team.reach: is missing; give per segment the share")
    assert "mkba assumes no reach: the population has 45,000 households" in english
    # an empty [team] section is the same mistake
    with pytest.raises(InputError, match="team.reach: ontbreekt"):
        spec_from_mapping({**data, "team": {"caseload": {"zwaar": 6}}}, source="plan.toml")


def test_defaults_survive_the_round_trip_and_replace(tmp_path):
    from dataclasses import replace

    spec = read_spec(_write(tmp_path, MINIMAL))
    again = spec_from_mapping(spec.to_dict(), source="x")
    assert again == spec and again.defaulted == spec.defaulted
    changed = replace(spec, caseload=(8.0, 35.0, 100.0), ramp_up=(0.5, 1.0))
    back = spec_from_mapping(changed.to_dict(), source="x")
    assert back.caseload == (8.0, 35.0, 100.0) and back.ramp_up == (0.5, 1.0)
    assert "team.caseload.zwaar" not in back.defaulted and "team.ramp_up" not in back.defaulted
    assert "team.caseload.kwetsbaar" in back.defaulted


def test_labels_and_synonyms_become_codes():
    spec = spec_from_mapping({
        "municipality": "X", "first_year": 2026, "horizon": 4, "discount_rate": "5,5%",
        "population": {"households": {"heavy": 10, "kwetsbaar": 20}},
        "team": {"ramp_up": [0.5, 0.75], "reach": {"zwaar": 0.5, "kwetsbaar": 0.5}},
        "costs": {"per_fte": 1, "payers": {"Gemeente": 0.5, "Zvw": 0.5}},
        "evidence": {"approach_type": ["Jeugd- en gezinsteam", "ouderenteam"],
                     "household_type": "gezinnen"},
        "effects": {"fixed": {"GGZ": 100, "schuldhulp": {"amount": 5, "actor": "UWV"}}},
    })
    assert spec.discount_rate == 0.055 and spec.discount_regime is None
    assert spec.households == (10.0, 20.0, 0.0)
    assert spec.ramp() == (0.5, 0.75, 0.75, 0.75)   # the last value carries on
    assert spec.payers == (("gemeente", 0.5), ("zorgverzekeraar", 0.5))
    assert spec.filters == (("approach_type", ("jeugd_gezinsteam", "ouderenteam")),
                            ("household_type", ("gezinnen",)))
    assert spec.fixed == (("specialistische_zorg", 100.0, None), ("schulden", 5.0, "rijk"))


def test_to_dict_round_trip_and_equality_ignores_source():
    spec = read_spec("scenarios/breed.toml")
    again = spec_from_mapping(spec.to_dict(), source="elsewhere.toml")
    assert again == spec and again.source != spec.source
    assert isinstance(spec, ScenarioSpec) and spec.illustrative


@pytest.mark.parametrize("name", ["breed", "kwetsbaar", "zwaar", "ouderen"])
def test_example_scenarios_are_valid_and_illustrative(name):
    spec = read_spec(f"scenarios/{name}.toml")
    assert spec.name == name and spec.municipality == "Oostervenne" and spec.illustrative
    text = open(f"scenarios/{name}.toml", encoding="utf-8").read()
    assert "ILLUSTRATIVE EXAMPLE" in text and "fictional" in text


def _data():
    import tomllib

    return tomllib.loads(MINIMAL)


def _set(data, path, value):
    *parents, last = path.split(".")
    node = data
    for p in parents:
        node = node.setdefault(p, {})
    if value is _DELETE:
        node.pop(last)
    else:
        node[last] = value
    return data


_DELETE = object()
# (dotted key, value, texts the Dutch message must contain, texts the English one must contain)
BAD = [
    ("municipality", _DELETE, ["municipality: ontbreekt; geef de naam van de gemeente"],
     ["municipality: is missing; give the municipality's name"]),
    ("first_year", _DELETE, ["first_year: ontbreekt"], ["first_year: is missing"]),
    ("discount_rate", _DELETE, ["discount_rate: ontbreekt", "nl-2021"],
     ["discount_rate: is missing", "nl-2021"]),
    ("costs.per_fte", _DELETE, ["costs.per_fte: ontbreekt"], ["costs.per_fte: is missing"]),
    ("population", _DELETE, ["population: ontbreekt"], ["population: is missing"]),
    ("population.total", -5, ["population.total: -5 is niet toegestaan", ">= 0 en <= 10.000.000"],
     ["population.total: -5 is not allowed", ">= 0 and <= 10,000,000"]),
    ("population.total", _DELETE, ["population: geef óf huishoudens", "nu geen van beide"],
     ["population: give either households", "not neither"]),
    ("population", {"households": {"zwaar": -1}}, ["population.households.zwaar: -1", ">= 0"],
     ["population.households.zwaar: -1", ">= 0"]),
    ("population.shares", {"zwaar": 0.5, "overig": 0.8},
     ["population.shares: de aandelen tellen op tot 1,3", "hooguit 1"],
     ["population.shares: the shares add up to 1.3", "at most 1"]),
    ("population.shares", {"extreem": 0.5},
     ["population.shares.extreem: onbekend segment 'extreem'", "zwaar, kwetsbaar, overig"],
     ["population.shares.extreem: unknown segment 'extreem'", "zwaar, kwetsbaar, overig"]),
    ("team.caseload", {"kwetsbaar": 0}, ["team.caseload.kwetsbaar: 0 is niet", ">= 0,1 en"],
     ["team.caseload.kwetsbaar: 0 is not", ">= 0.1 and"]),
    ("team.reach", {"overig": 1.5}, ["team.reach.overig: 1,5 is niet toegestaan", "<= 1"],
     ["team.reach.overig: 1.5 is not allowed", "<= 1"]),
    ("team.ramp_up", [0.5, 1.2], ["team.ramp_up[1]: 1,2", "<= 1"],
     ["team.ramp_up[1]: 1.2", "<= 1"]),
    ("team.ramp_up", [0.1] * 6, ["team.ramp_up: heeft 6 waarden", "looptijd is 5 jaar"],
     ["team.ramp_up: has 6 values", "horizon is 5"]),
    ("team.ramp_up", "snel", ["team.ramp_up: 'snel'", "lijst met aandelen"],
     ["team.ramp_up: 'snel'", "list of shares"]),
    ("team.rampup", [0.5], ["team.rampup: onbekende sleutel 'rampup'", "in team: reach, "
                            "caseload, ramp_up"],
     ["team.rampup: unknown key 'rampup'", "in team: reach, caseload, ramp_up"]),
    ("horizont", 5, ["horizont: onbekende sleutel", "op het hoogste niveau", "horizon"],
     ["horizont: unknown key", "at the top level", "horizon"]),
    ("horizon", "ten", ["horizon: 'ten' is niet", "geheel getal van 1 tot en met 100"],
     ["horizon: 'ten' is not", "whole number from 1 to 100"]),
    ("horizon", 2.5, ["horizon: 2,5", "geheel getal"], ["horizon: 2.5", "whole number"]),
    ("first_year", True, ["first_year: True", "geheel getal"], ["first_year", "whole number"]),
    ("price_year", 1990, ["price_year: 1990", "CPI-tabel"], ["price_year: 1990", "CPI table"]),
    ("discount_rate", "own", ["discount_rate: 'own'", "regimecode", "geen eigen disconteringsvoet"],
     ["discount_rate: 'own'", "regime code", "no 'own' rate"]),
    ("discount_rate", 1.5, ["discount_rate: 1,5", "regimecode"],
     ["discount_rate: 1.5", "regime code"]),
    ("timing", "t2", ["timing: 't2'", "gebruik t1 of t0"], ["timing: 't2'", "use t1 or t0"]),
    ("illustrative", "ja", ["illustrative: 'ja'", "true of false"],
     ["illustrative: 'ja'", "true or false"]),
    ("costs.per_fte", "80k", ["costs.per_fte: '80k'", "euro's per fte"],
     ["costs.per_fte: '80k'", "euros per FTE"]),
    ("costs.payers", {"gemeente": 0.6}, ["costs.payers: de aandelen tellen op tot 0,6",
                                         "moeten ze 1 zijn"],
     ["costs.payers: the shares add up to 0.6", "must add up to 1"]),
    ("costs.payers", {"marsmannetjes": 1.0}, ["costs.payers.marsmannetjes", "gebruik een van "
                                              "gemeente"],
     ["costs.payers.marsmannetjes", "use one of gemeente"]),
    ("costs", "duur", ["costs: 'duur'", "geef een tabel"], ["costs: 'duur'", "give a table"]),
    ("evidence.approach_type", "buurtteam", ["evidence.approach_type: 'buurtteam' is niet",
                                             "zorg_welzijnsteam"],
     ["evidence.approach_type: 'buurtteam' is not", "zorg_welzijnsteam"]),
    ("evidence.region", "noord", ["evidence.region: onbekende sleutel", "approach_type"],
     ["evidence.region: unknown key", "approach_type"]),
    ("evidence.method", "bayes", ["evidence.method: 'bayes'", "reml"],
     ["evidence.method: 'bayes'", "reml"]),
    ("evidence.coverage", 1.0, ["evidence.coverage: 1 is niet", "> 0 en <= 0,999"],
     ["evidence.coverage: 1 is not", "> 0 and <= 0.999"]),
    ("evidence.studies", [], ["evidence.studies: []", "lijst met studie-ids"],
     ["evidence.studies: []", "list of study ids"]),
    ("effects.multiplier", -1, ["effects.multiplier: -1", ">= 0"],
     ["effects.multiplier: -1", ">= 0"]),
    ("effects.fixed", {"toerisme": 5}, ["effects.fixed.toerisme", "jeugdzorg"],
     ["effects.fixed.toerisme", "jeugdzorg"]),
    ("effects.negative_draws", "afkappen", ["effects.negative_draws: 'afkappen' is niet",
                                            "gebruik een van zero, keep", "(geen effect)"],
     ["effects.negative_draws: 'afkappen' is not", "use one of zero, keep", "(no effect)"]),
    ("team.reach", _DELETE, ["team.reach: ontbreekt", "mkba neemt geen bereik aan"],
     ["team.reach: is missing", "mkba assumes no reach"]),
    ("effects.fixed", {"jeugdzorg": {"actor": "rijk"}},
     ["effects.fixed.jeugdzorg.amount: ontbreekt"], ["effects.fixed.jeugdzorg.amount: is missing"]),
]


@pytest.mark.parametrize(("key", "value", "texts_nl", "texts_en"), BAD,
                         ids=[f"{k}={v!r}"[:40] for k, v, _, _ in BAD])
def test_bad_spec_names_file_and_field(tmp_path, key, value, texts_nl, texts_en):
    path = _write(tmp_path, _dump(_set(copy.deepcopy(_data()), key, value)), "slecht.toml")
    with pytest.raises(InputError) as info:
        read_spec(path)
    for lang, texts in (("nl", texts_nl), ("en", texts_en)):
        message = info.value.render(lang)
        assert message.startswith(f"{path}: ")
        for text in texts:
            assert text in message, (lang, message)
    assert str(info.value) == info.value.render("nl")   # Dutch by default
    assert isinstance(info.value, MkbaError)   # the CLI prints these without a traceback


def test_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="plan.toml: geen geldige TOML") as info:
        read_spec(_write(tmp_path, "municipality = \n"))
    assert "plan.toml: not valid TOML" in info.value.render("en")
    with pytest.raises(InputError, match="missing.toml: het bestand kan niet gelezen") as info:
        read_spec(tmp_path / "missing.toml")
    assert "missing.toml: cannot read the file" in info.value.render("en")
    with pytest.raises(InputError, match="plan.json: een scenario is een .toml-bestand of een "
                                         "invoerwerkmap .xlsx") as info:
        read_spec(_write(tmp_path, "x", "plan.json"))
    assert "plan.json: a scenario is a .toml file or an .xlsx" in info.value.render("en")
    with pytest.raises(InputError, match="^hand: population: geef óf huishoudens per segment .* "
                                         "niet allebei$") as info:
        spec_from_mapping({**_data(), "population": {"total": 10, "households": {"zwaar": 1}}},
                          source="hand")
    assert info.value.render("en").startswith("hand: population: give either")
    assert info.value.render("en").endswith("not both")


def _dump(data) -> str:
    """A minimal TOML writer for the test data (strings, numbers, booleans, lists, tables)."""
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{" + ", ".join(f'"{k}" = {value(x)}' for k, x in v.items()) + "}"
        return repr(v)

    top = [f"{k} = {value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [f"[{k}]\n" + "\n".join(f'"{kk}" = {value(vv)}' for kk, vv in v.items())
              for k, v in data.items() if isinstance(v, dict)]
    return "\n".join(top) + "\n\n" + "\n\n".join(tables) + "\n"
