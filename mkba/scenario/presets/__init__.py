"""The five team types of the 2014 MKBA tool as worked examples (presets).

One scenario per team type of ``approach_types.csv``, shipped with the package as a TOML file
in this folder (``ouderenteam.toml``, ...): a complete scenario for *Voorbeeldstad*, a fictional
municipality, whose evidence is the studies of that team type. They are **illustrative**
(``illustrative = true``, and every file says so): a municipality starts from one and replaces
the numbers with its own.

- :data:`PRESETS`: the names, in the order of the vocabulary;
- :func:`preset_path`, :func:`preset_text`: the file and its text (to copy and edit);
- :func:`read_preset`: the preset as a checked :class:`~mkba.scenario.spec.ScenarioSpec`;
- ``write_scenario_template(path, preset=NAME)`` (:mod:`mkba.scenario.input_xlsx`): the input
  workbook filled with a preset's values.

Examples
--------
>>> PRESETS
('wijkteam_probleemwijk', 'zorg_welzijnsteam', 'jeugd_gezinsteam', 'ouderenteam', 'zorgcoordinatie_zwaar')
>>> spec = read_preset("ouderenteam")
>>> spec.municipality, spec.illustrative, spec.filters
('Voorbeeldstad', True, (('approach_type', ('ouderenteam',)),))
"""  # noqa: E501

from __future__ import annotations

import tomllib
from pathlib import Path

from mkba.errors import ArgumentError
from mkba.messages import Text
from mkba.scenario.spec import ScenarioSpec, spec_from_mapping
from mkba.vocab import vocabulary

__all__ = ["PRESETS", "preset_path", "preset_text", "read_preset"]

_HERE = Path(__file__).resolve().parent

#: The presets: one per team type (approach_types.csv), in its order.
PRESETS = tuple(vocabulary("approach_types").codes)


def _name(name) -> str:
    if name not in PRESETS:
        raise ArgumentError(Text("preset={name!r} is niet toegestaan; gebruik een van {names}",
                                 "preset={name!r} is not allowed; use one of {names}",
                                 name=name if isinstance(name, str) else repr(name),
                                 names=list(PRESETS)))
    return name


def preset_path(name: str) -> Path:
    """The TOML file of the preset ``name`` (one of :data:`PRESETS`)."""
    return _HERE / f"{_name(name)}.toml"


def preset_text(name: str) -> str:
    """The text of the preset's TOML file, comments included (to write a copy and edit it)."""
    return preset_path(name).read_text(encoding="utf-8")


def read_preset(name: str) -> ScenarioSpec:
    """The preset ``name`` as a checked scenario (its source is the packaged file)."""
    path = preset_path(name)
    return spec_from_mapping(tomllib.loads(preset_text(name)), source=str(path),
                             default_name=name)
