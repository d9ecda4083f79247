"""Outputs are safe on their own: no control characters in any file, whatever a Study or a
scenario built through the API holds, and no cell (header included) a spreadsheet would run as
a formula."""

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import STUDIES
from helpers_csv import read_mkba_csv
from helpers_studies import make_study

from mkba.io import read_studies
from mkba.report import build_report, write_report
from mkba.scenario import compare_scenarios, read_spec, run_scenario, write_comparison
from mkba.tables import build_tables
from mkba.text_clean import clean_text
from mkba.write.csv_bytes import FORMULA_START, csv_bytes
from mkba.write.export import write_dataset
from mkba.write.xlsx_tables import write_tables

# C0 controls but tab, newline and carriage return; DEL; C1 controls (as UTF-8: C2 80-9F)
FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
TEXT_SUFFIXES = {".csv", ".svg", ".html", ".json"}
HYPERLINK = '=HYPERLINK("http://x","y")'


def _dirty_study(tag: str, factor: float, approach: str = "zorg_welzijnsteam"):
    """A study whose id, title, labels, descriptions and sources hold control characters."""
    flows = []
    for scenario, scale in (("basis", 1.0), ("laag", 0.7), ("hoog", 1.3)):
        for year in (2015, 2016, 2017):
            flows += [
                dict(kind="cost", category="uitvoering_team", actor="gemeente", year=year,
                     amount=1000.0, variant=scenario, description="Team\x07kosten",
                     category_label="Uitvoering\x1b[31m", source=f"x\x00.xlsx!A{year}"),
                dict(kind="benefit", category="jeugdzorg", actor="gemeente", year=year,
                     amount=900.0 * factor * scale, variant=scenario,
                     description="Minder\x9b2J jeugdzorg", actor_label="Gemeente\x7f"),
            ]
    return make_study(f"wijk\x00-{tag}\x1b[31m", flows=flows,
                      title=f"Titel\x1b[31m {tag}\x07", municipality=f"Gemeente\x00 {tag}",
                      approach_name="Team\x1b[0m", notes="noot\x0c", illustrative=True,
                      approach_type=approach)


@pytest.fixture(scope="module")
def dirty():
    return [_dirty_study("noord", 1.2), _dirty_study("zuid", 1.5, "jeugd_gezinsteam"),
            _dirty_study("oost", 0.9), _dirty_study("west", 1.1, "jeugd_gezinsteam")]


@pytest.fixture(scope="module")
def comparison():
    """Two scenarios whose names (from the spec) hold control characters and a formula."""
    studies = read_studies([STUDIES / "duinhaven-2010.xlsx", STUDIES / "lindemonde-2013.xlsx"])
    result = run_scenario(read_spec(REPO_SCENARIO), studies, draws=500)

    def named(name):  # as a spec would give it: the name is the spec's
        return dataclasses.replace(result, spec=dataclasses.replace(result.spec, name=name))

    return compare_scenarios([named("scen\x1b[31m\x00rood\x07"), named(HYPERLINK)])


REPO_SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "zwaar.toml"


def _files(folder: Path):
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def _check_clean(folder: Path) -> dict[str, str]:
    """Every text file and every xlsx part of ``folder`` is free of control characters and
    every SVG and xlsx part parses as XML; returns the text of each text file."""
    texts = {}
    for path in _files(folder):
        data = path.read_bytes()
        if path.suffix in TEXT_SUFFIXES:
            assert not FORBIDDEN.search(data), (path, FORBIDDEN.search(data))
            texts[str(path.relative_to(folder))] = data.decode("utf-8")
        if path.suffix == ".svg":
            ET.fromstring(data)  # valid XML
        if path.suffix == ".json":
            json.loads(data)
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith(".xml") or name.endswith(".rels"):
                        part = archive.read(name)
                        assert not FORBIDDEN.search(part), (path, name)
                        ET.fromstring(part)
    return texts


def test_clean_text_keeps_the_rest_of_the_text():
    assert clean_text("a\x00b\x1b[31mc\x07d\x7fe\x9bf\tg\nh\ri") == "ab[31mcdef\tg\nh\ri"
    assert clean_text("\ud800x") == "\ufffdx"  # a lone surrogate cannot be written as UTF-8
    assert clean_text("Één, €, 你好") == "Één, €, 你好"


def test_report_of_studies_and_scenarios_with_control_characters(dirty, comparison, tmp_path):
    report = build_report(dirty, price_year=2020, draws=500)
    report = dataclasses.replace(report, scenarios=comparison)
    out = tmp_path / "reports"
    write_report(report, out)
    texts = _check_clean(out)
    assert len([p for p in _files(out) if p.suffix == ".svg"]) >= 12
    html = texts["index.html"]
    # the texts are still there, without their control characters
    assert "wijk-noord[31m" in html and "Titel[31m noord" in html
    assert "Minder2J jeugdzorg" in html and "Gemeente noord" in html
    assert "scen[31mrood" in html
    assert "wijk-noord[31m" in texts["data/studies.csv"]
    assert "wijk-noord[31m" in texts["tables/overview.csv"]
    assert "wijk-noord[31m" in texts["figures/forest.svg"]
    assert "scen[31mrood" in texts["scenarios/comparison.csv"]
    assert "scen[31mrood" in texts["scenarios/npv_distribution.svg"]
    results = json.loads(texts["results.json"])
    assert {s["id"] for s in results["studies"]} == {f"wijk-{t}[31m" for t in
                                                      ("noord", "zuid", "oost", "west")}


def test_tables_and_data_set_with_control_characters(dirty, tmp_path):
    write_tables(build_tables(dirty, price_year=2020), tmp_path / "tables")
    write_dataset(dirty, tmp_path / "data")
    _check_clean(tmp_path / "tables")  # no control character in any file of either folder
    _check_clean(tmp_path / "data")
    items = read_mkba_csv(tmp_path / "data" / "items.csv")
    assert set(items["description"]) == {"Teamkosten", "Minder2J jeugdzorg"}
    assert set(items["study_id"]) == {f"wijk-{t}[31m" for t in ("noord", "zuid", "oost", "west")}
    assert len(items) == sum(len(s.items) for s in dirty)


def test_scenario_comparison_files(comparison, tmp_path):
    write_comparison(comparison, tmp_path / "scen", lang="en")
    texts = _check_clean(tmp_path / "scen")
    header = next(csv.reader(io.StringIO(texts["comparison.csv"])))
    assert "scen[31mrood" in header
    # the formula in a scenario's name is a header cell: guarded like any other cell
    assert "'" + HYPERLINK in header and HYPERLINK not in header
    for name in ("by_actor.csv", "by_year.csv"):
        rows = list(csv.reader(io.StringIO(texts[name])))
        assert "'" + HYPERLINK in {r[0] for r in rows[1:]}


def _cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
            for cell in row]


@pytest.mark.parametrize("start", FORMULA_START)
def test_no_dutch_excel_csv_cell_starts_a_formula(start):
    frame = pd.DataFrame({"label": [f"{start}1+1", "a;b"], "n": [1.5, -2.0]})
    text = csv_bytes(frame, "excel-nl").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for c in row]
    shown = start.replace("\r", "\n")
    assert cells == ["label", "n", f"'{shown}1+1", "1,5", "a;b", "-2,0"]


@pytest.mark.parametrize("start", FORMULA_START)
def test_no_csv_cell_starts_a_formula(start):
    frame = pd.DataFrame({f"{start}cmd": [f"{start}1+1", "gewoon", None],
                          "\x00=verstopt": ["\x1b=ook", "x", "y"], "n": [1, -2, 3]})
    data = csv_bytes(frame)
    cells = _cells(data)
    # the header row is guarded as well as the data; numbers stay numbers; a carriage return
    # in a cell is written as a (quoted) line break, so the rows stay rows
    shown = start.replace("\r", "\n")
    assert cells[:3] == [f"'{shown}cmd", "'=verstopt", "n"]
    assert cells[3:6] == [f"'{shown}1+1", "'=ook", "1"]
    assert b"\r" not in data and len(list(csv.reader(io.StringIO(data.decode())))) == 4
    assert cells[6] == "gewoon" and cells[8] == "-2" and cells[9] == ""
    for cell in cells:
        assert not cell.startswith(FORMULA_START) or cell.lstrip("-").isdigit()


def test_csv_of_a_frame_with_repeated_and_missing_texts_is_unchanged():
    frame = pd.DataFrame({"a": pd.array(["x", None, "x", "y"] * 3, dtype="string"),
                          "b": [0.5] * 12, "c": ["p", "q", "r", "s"] * 3})
    expected = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert csv_bytes(frame) == expected


def test_csv_with_repeated_column_names():
    frame = pd.DataFrame([["=a", "b"]], columns=["x", "x"])
    assert csv_bytes(frame) == b"x,x\n'=a,b\n"


def test_every_drawn_text_of_every_figure_is_clean(dirty, comparison):
    """What the PNG shows: every text after drawing (tick labels are made when drawn) of every
    figure that went through figure_bytes, the one way mkba writes a figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from mkba.scenario import plots
    from mkba.write.figures import figure_bytes

    report = build_report(dirty, price_year=2020, draws=500)
    figures = [(name, build().get_figure()) for name, build in report.figures.items()]
    figures += [(plot.__name__, plot(comparison).get_figure()) for plot in
                (plots.plot_net_by_actor, plots.plot_npv_distribution,
                 plots.plot_probability_best)]
    for name, fig in figures:
        figure_bytes(fig, formats=("png",))
        FigureCanvasAgg(fig).draw()
        texts = [t.get_text() for t in fig.findobj(Text)]
        # every figure but the one of the pooling's assumptions shows a text of the inputs
        assert name == "assumptions" or \
            any("wijk-" in t or "scen" in t or "Gemeente" in t for t in texts), name
        for text in texts:
            assert not FORBIDDEN.search(text.encode("utf-8")), text
