"""The scenario input workbook (``mkba scenario-template``): write it blank or with a preset.

The input workbook is the TOML scenario for analysts who work in Excel, in the order of the 2014
MKBA tool for social teams: *Algemeen* (general), *Invoer A Bereik* (households per segment, share
reached, caseload), *Ingroei* (ramp-up of reach and lag of the effect), *Invoer B Kosten*
(costs, friction costs, indexation, extra care) with *Betalers* (who pays), *Invoer C Effect*
(the evidence, the split over segments, local figures per segment, the caseload elasticity)
with *Vaste baten* (fixed local benefits), and a hidden *Lijsten* behind the drop-downs. Sheet
and field names are Dutch (English with ``lang="en"``); the layout is
:mod:`mkba.scenario.input_layout`, and :func:`read_scenario_workbook`
(:mod:`mkba.scenario.input_read`) reads a filled one into the same
:class:`~mkba.scenario.spec.ScenarioSpec` as the equivalent TOML file.

The blank workbook assumes no reach (column *Bereik* empty) and leaves the caseloads empty (the
2014 tool's 6 / 35 / 100, which the result then names as a default). ``preset=NAME`` fills it
with one of the five worked examples of :mod:`mkba.scenario.presets` instead. The workbook is
written with deterministic bytes (fixed timestamps) and atomically. (The workbook of a
comparison is :func:`mkba.scenario.workbook.comparison_workbook`.)
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Font

from mkba.messages import lang_index
from mkba.scenario.input_layout import FIELDS, FORMATS, INTRO, ROOM, SHEETS, TABLES, lists
from mkba.scenario.input_read import read_scenario_workbook  # noqa: F401  (its old home)
from mkba.scenario.presets import read_preset
from mkba.schema import CHARACTERISTIC_VOCABULARIES, SEGMENTS
from mkba.vocab import vocabulary
from mkba.write.input_workbook import drop_down, header_row, hidden_lists, new_input_workbook
from mkba.write.xlsx_bytes import save_workbook

__all__ = ["SHEETS", "write_scenario_template"]


def write_scenario_template(path: str | Path, *, lang: str = "nl",
                            preset: str | None = None) -> Path:
    """Write the scenario input workbook, blank or filled with a preset (atomically, the same
    bytes on every run).

    Parameters
    ----------
    path : str or Path
        The .xlsx file to write; an existing file is replaced.
    lang : {'nl', 'en'}
        Language of the sheet names, labels and drop-down lists.
    preset : str, optional
        One of :data:`mkba.scenario.presets.PRESETS`: the workbook holds that worked example's
        values (it reads back to the same scenario), to change into the municipality's own.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_scenario_template(folder / "scenario.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames[:4]
    ['Toelichting', 'Algemeen', 'Invoer A Bereik', 'Ingroei']
    >>> path = write_scenario_template(folder / "ouderen.xlsx", preset="ouderenteam")
    >>> read_scenario_workbook(path).municipality
    'Voorbeeldstad'
    """
    data = None if preset is None else read_preset(preset).to_dict()
    i = lang_index(lang)
    wb, ws = new_input_workbook(SHEETS, INTRO[lang], lang)
    refs = hidden_lists(ws["lists"], lists(lang))

    for role, rows in FIELDS.items():
        s = ws[role]
        header_row(s, ("Veld", "Waarde", "Toelichting", "code") if lang == "nl"
                   else ("Field", "Value", "Help", "code"), (40, 24, 60, 26))
        for row, (key, nl, en, kind, help_nl, help_en) in enumerate(rows, start=2):
            s.cell(row, 1, (nl, en)[i])
            s.cell(row, 3, (help_nl, help_en)[i])
            s.cell(row, 4, key).font = Font(color="808080")
            name = kind[5:] if kind.startswith("list:") else kind
            if name in refs:
                drop_down(s, refs[name], f"B{row}", lang)
            if kind in FORMATS:
                s.cell(row, 2).number_format = FORMATS[kind]

    s = ws["reach"]
    header_row(s, TABLES["reach"][i], (30, 20, 18, 16, 30, 12))
    labels = [t.label(lang) for t in vocabulary("segments").terms]
    for row, (code, label) in enumerate(zip(SEGMENTS, labels, strict=True), start=2):
        s.cell(row, 1, label)
        s.cell(row, 4).number_format = "0%"  # no reach is assumed: the user fills it in
        s.cell(row, 3).number_format = "0%"  # caseload: empty is the 2014 default, flagged
        s.cell(row, 6, code).font = Font(color="808080")
    s.cell(5, 1, "Totaal (alleen met aandelen)" if lang == "nl" else "Total (with shares only)")
    s.cell(5, 6, "total").font = Font(color="808080")

    header_row(ws["ramp"], TABLES["ramp"][i], (10, 30, 30))
    for row in range(2, ROOM + 2):
        ws["ramp"].cell(row, 1, row - 1)
        ws["ramp"].cell(row, 2).number_format = "0%"
        ws["ramp"].cell(row, 3).number_format = "0%"
    header_row(ws["payers"], TABLES["payers"][i], (34, 22))
    drop_down(ws["payers"], refs["actor"], f"A2:A{ROOM + 1}", lang)
    for row in range(2, ROOM + 2):
        ws["payers"].cell(row, 2).number_format = "0%"
    header_row(ws["fixed"], TABLES["fixed"][i], (44, 40, 30))
    drop_down(ws["fixed"], refs["category"], f"A2:A{ROOM + 1}", lang)
    drop_down(ws["fixed"], refs["actor"], f"C2:C{ROOM + 1}", lang)
    if data is not None:
        _fill(ws, data, lang)
    save_workbook(wb, path)
    return Path(path)


def _label(vocab: str, code: str, lang: str) -> str:
    return vocabulary(vocab).label(code, lang)


def _fill(ws, data: dict, lang: str) -> None:
    """Write a scenario (the mapping of :meth:`ScenarioSpec.to_dict`) into the sheets."""
    yes, no = ("ja", "nee") if lang == "nl" else ("yes", "no")
    costs, evidence, effects = data["costs"], data["evidence"], data["effects"]
    values = {k: data[k] for k in ("name", "title", "municipality", "first_year", "horizon",
                                   "price_year", "discount_rate", "timing") if k in data}
    values["illustrative"] = yes if data["illustrative"] else no
    values |= {f"costs.{k}": v for k, v in costs.items() if k not in ("payers", "extra_care")}
    if "friction" in costs:
        values["costs.friction"] = "; ".join(str(x) for x in costs["friction"])
    if "extra_care" in costs:
        values["costs.extra_care"] = costs["extra_care"]["amount"]
        if "actor" in costs["extra_care"]:
            values["costs.extra_care_actor"] = _label("actors", costs["extra_care"]["actor"],
                                                      lang)
    for key, value in evidence.items():
        if key == "studies":
            value = "; ".join(value)
        elif key in CHARACTERISTIC_VOCABULARIES:
            (code,) = value  # a preset selects one code per characteristic
            value = _label(CHARACTERISTIC_VOCABULARIES[key], code, lang)
        elif key == "induced_costs":
            value = yes if value else no
        values[f"evidence.{key}"] = value
    values |= {f"effects.{k}": v for k, v in effects.items()
               if k in ("multiplier", "segment_split", "negative_draws", "caseload_elasticity")}
    values |= {f"effects.per_segment.{s}": v for s, v in effects.get("per_segment", {}).items()}
    for role, rows in FIELDS.items():
        for row, (key, *_) in enumerate(rows, start=2):
            if key in values:
                ws[role].cell(row, 2, values[key])
    s, pop, team = ws["reach"], data["population"], data["team"]
    for row, segment in enumerate(SEGMENTS, start=2):
        if "total" in pop:
            if "shares" in pop:
                s.cell(row, 3, pop["shares"][segment])
        else:
            s.cell(row, 2, pop["households"][segment])
        s.cell(row, 4, team["reach"][segment])
        if segment in team.get("caseload", {}):
            s.cell(row, 5, team["caseload"][segment])
    if "total" in pop:
        s.cell(5, 2, pop["total"])
    for col, shares in ((2, team.get("ramp_up", ())), (3, effects.get("lag", ()))):
        for row, share in enumerate(shares, start=2):
            ws["ramp"].cell(row, col, share)
    for row, (actor, share) in enumerate(costs.get("payers", {}).items(), start=2):
        ws["payers"].cell(row, 1, _label("actors", actor, lang))
        ws["payers"].cell(row, 2, share)
    for row, (category, value) in enumerate(effects.get("fixed", {}).items(), start=2):
        ws["fixed"].cell(row, 1, _label("benefit_categories", category, lang))
        if isinstance(value, dict):
            ws["fixed"].cell(row, 2, value["amount"])
            ws["fixed"].cell(row, 3, _label("actors", value["actor"], lang))
        else:
            ws["fixed"].cell(row, 2, value)
