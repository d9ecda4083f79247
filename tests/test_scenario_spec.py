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
    assert spec.reach == (1.0, 1.0, 1.0)
    assert spec.ramp_up == (1.0,) and spec.ramp() == (1.0,) * 5
    assert spec.discount_rate == 0.0225 and spec.discount_regime == "nl-2021"
    assert spec.payers == (("gemeente", 1.0),)
    assert spec.price_year == 2024                    # the latest year of the CPI table
    assert (spec.method, spec.coverage, spec.induced_costs, spec.multiplier) == \
        ("reml", 0.90, True, 1.0)
    assert spec.evidence_text() == "all studies"


def test_labels_and_synonyms_become_codes():
    spec = spec_from_mapping({
        "municipality": "X", "first_year": 2026, "horizon": 4, "discount_rate": "5,5%",
        "population": {"households": {"heavy": 10, "kwetsbaar": 20}},
        "team": {"ramp_up": [0.5, 0.75]},
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


@pytest.mark.parametrize("name", ["breed", "kwetsbaar", "zwaar"])
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
# (dotted key, value, texts the message must contain)
BAD = [
    ("municipality", _DELETE, ["municipality", "is missing"]),
    ("first_year", _DELETE, ["first_year", "is missing"]),
    ("discount_rate", _DELETE, ["discount_rate", "is missing", "nl-2021"]),
    ("costs.per_fte", _DELETE, ["costs.per_fte", "is missing"]),
    ("population", _DELETE, ["population", "is missing"]),
    ("population.total", -5, ["population.total", "-5", ">= 0"]),
    ("population.total", _DELETE, ["population", "either households", "not neither"]),
    ("population", {"households": {"zwaar": -1}}, ["population.households.zwaar", ">= 0"]),
    ("population.shares", {"zwaar": 0.5, "overig": 0.8}, ["population.shares", "at most 1"]),
    ("population.shares", {"extreem": 0.5}, ["population.shares.extreem", "unknown segment",
                                             "zwaar, kwetsbaar, overig"]),
    ("team.caseload", {"kwetsbaar": 0}, ["team.caseload.kwetsbaar", "0", ">= 0.1"]),
    ("team.reach", {"overig": 1.5}, ["team.reach.overig", "<= 1"]),
    ("team.ramp_up", [0.5, 1.2], ["team.ramp_up[1]", "<= 1"]),
    ("team.ramp_up", [0.1] * 6, ["team.ramp_up", "6 values", "horizon is 5"]),
    ("team.ramp_up", "snel", ["team.ramp_up", "list of shares"]),
    ("team.rampup", [0.5], ["team.rampup", "unknown key", "ramp_up"]),
    ("horizont", 5, ["horizont", "unknown key", "horizon"]),
    ("horizon", "ten", ["horizon", "'ten'", "whole number from 1 to 100"]),
    ("horizon", 2.5, ["horizon", "whole number"]),
    ("first_year", True, ["first_year", "whole number"]),
    ("price_year", 1990, ["price_year", "1990", "CPI table"]),
    ("discount_rate", "own", ["discount_rate", "regime code"]),
    ("discount_rate", 1.5, ["discount_rate", "regime code"]),
    ("timing", "t2", ["timing", "t1 or t0"]),
    ("illustrative", "ja", ["illustrative", "true or false"]),
    ("costs.per_fte", "80k", ["costs.per_fte", "'80k'", "euros per FTE"]),
    ("costs.payers", {"gemeente": 0.6}, ["costs.payers", "add up to 0.6", "must add up to 1"]),
    ("costs.payers", {"marsmannetjes": 1.0}, ["costs.payers.marsmannetjes", "gemeente"]),
    ("costs", "duur", ["costs", "give a table"]),
    ("evidence.approach_type", "buurtteam", ["evidence.approach_type", "'buurtteam'",
                                             "zorg_welzijnsteam"]),
    ("evidence.region", "noord", ["evidence.region", "unknown key", "approach_type"]),
    ("evidence.method", "bayes", ["evidence.method", "reml"]),
    ("evidence.coverage", 1.0, ["evidence.coverage"]),
    ("evidence.studies", [], ["evidence.studies", "list of study ids"]),
    ("effects.multiplier", -1, ["effects.multiplier", ">= 0"]),
    ("effects.fixed", {"toerisme": 5}, ["effects.fixed.toerisme", "jeugdzorg"]),
    ("effects.fixed", {"jeugdzorg": {"actor": "rijk"}}, ["effects.fixed.jeugdzorg.amount",
                                                        "is missing"]),
]


@pytest.mark.parametrize(("key", "value", "texts"), BAD, ids=[f"{k}={v!r}"[:40] for k, v, _ in
                                                               BAD])
def test_bad_spec_names_file_and_field(tmp_path, key, value, texts):
    path = _write(tmp_path, _dump(_set(copy.deepcopy(_data()), key, value)), "slecht.toml")
    with pytest.raises(InputError) as info:
        read_spec(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for text in texts:
        assert text in message
    assert isinstance(info.value, MkbaError)   # the CLI prints these without a traceback


def test_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="not valid TOML"):
        read_spec(_write(tmp_path, "municipality = \n"))
    with pytest.raises(InputError, match="cannot read the file"):
        read_spec(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="a scenario is a .toml file or an .xlsx"):
        read_spec(_write(tmp_path, "x", "plan.json"))
    with pytest.raises(InputError, match="hand: population: give either"):
        spec_from_mapping({**_data(), "population": {"total": 10, "households": {"zwaar": 1}}},
                          source="hand")


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
