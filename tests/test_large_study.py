"""Large inputs: a study with more item rows than an Excel sheet holds, the bounds on draws,
horizon, coverage and seed, and the fast xlsx row writer checked against openpyxl itself."""

import io
import re
import subprocess
import sys
import time
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import REPO
from helpers_csv import read_mkba_csv
from helpers_studies import make_study

import mkba.report
from mkba import limits
from mkba.analysis import pool_studies
from mkba.appraisal import appraise
from mkba.errors import ArgumentError
from mkba.evidence import study_evidence
from mkba.pooling import monte_carlo, pool
from mkba.report import build_report, write_report
from mkba.scenario import compare_files, read_spec, run_scenario, run_scenario_files
from mkba.tables import Table, Tables, build_tables
from mkba.write.export import write_dataset
from mkba.write.xlsx_bytes import rows_xml, workbook_bytes
from mkba.write.xlsx_tables import write_tables

ZWAAR = REPO / "scenarios" / "zwaar.toml"


def _long_study(study_id="lang", items=40, years=5, factor=1.0, approach="zorg_welzijnsteam"):
    """``items`` line items, each a flow in each of ``years`` years, plus two variants."""
    flows = []
    for scenario, scale in (("basis", 1.0), ("laag", 0.8)):
        for i in range(items):
            for t in range(years):
                kind = "cost" if i % 3 == 0 else "benefit"
                flows.append(dict(
                    kind=kind, category="uitvoering_team" if kind == "cost" else "jeugdzorg",
                    actor="gemeente", year=2015 + t, variant=scenario,
                    amount=(100.0 + i if kind == "cost" else 90.0 + 2 * i) * scale * factor,
                    description=f"post {i}",
                    source=f"{study_id}.xlsx!{scenario}!{chr(70 + t)}{i + 2}"))
    return make_study(study_id, flows=flows, approach_type=approach, illustrative=True)


# -- a table longer than a sheet: CSV only, with a note in the workbook -----------------------
def test_items_longer_than_a_sheet_go_to_csv_only(monkeypatch, tmp_path):
    study = _long_study(items=30, years=5)  # 2 x 30 x 5 = 300 item rows
    monkeypatch.setattr(limits, "MAX_XLSX_ROWS", 299)
    write_dataset([study], tmp_path)
    items = read_mkba_csv(tmp_path / "items.csv", dtype={"year": "Int64"})
    # every item row, equal to the input
    assert len(items) == 300
    expected = study.items.astype(object).where(study.items.notna(), None)
    got = items.astype(object).where(items.notna(), None)
    assert got.values.tolist() == expected.values.tolist()
    wb = openpyxl.load_workbook(tmp_path / "dataset.xlsx", read_only=True)
    note = [row for row in wb["items"].iter_rows(values_only=True)]
    assert len(note) == 3  # a header and the note in Dutch and English
    assert "items.csv" in note[2][0] and "300 rows" in note[2][0]
    assert "300 rijen" in note[1][0]
    assert "1,048,576" not in note[2][0] and "300 rows" in note[2][0]  # the limit in force
    # the other tables are in the workbook as usual
    assert [r[0] for r in wb["studies"].iter_rows(min_row=2, values_only=True)] == ["lang"]


def test_a_table_that_fits_stays_in_the_workbook(monkeypatch, tmp_path):
    study = _long_study(items=30, years=5)
    monkeypatch.setattr(limits, "MAX_XLSX_ROWS", 300)
    write_dataset([study], tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "dataset.xlsx", read_only=True)
    rows = list(wb["items"].iter_rows(values_only=True))
    assert rows[0] == tuple(study.items.columns)
    assert len(rows) == 301
    assert [r[-1] for r in rows[1:]] == study.items["source"].tolist()
    # amounts as openpyxl writes numbers: 16 significant digits
    assert [r[-2] for r in rows[1:]] == pytest.approx(study.items["amount"].tolist(), rel=1e-15)


def test_excel_limit_is_the_real_one():
    assert limits.MAX_XLSX_ROWS + 1 == 2**20  # Excel: 1,048,576 rows in a worksheet


def test_presentation_table_longer_than_a_sheet(monkeypatch, tmp_path):
    frame = pd.DataFrame({"x": range(12)})
    tables = Tables("en", "", (Table("lang", "Long", "", "", frame, {"x": "int"}),))
    monkeypatch.setattr(limits, "MAX_XLSX_ROWS", 10)  # 4 rows above the data: 7 fit
    write_tables(tables, tmp_path)
    assert pd.read_csv(tmp_path / "lang.csv")["x"].tolist() == list(range(12))
    ws = openpyxl.load_workbook(tmp_path / "tables.xlsx")["lang"]
    assert ws["A1"].value == "Long"
    assert "lang.csv" in ws["A5"].value and "12 rows" in ws["A5"].value
    assert ws.max_row == 5


def test_report_appendix_shows_the_first_items_only(monkeypatch, tmp_path):
    studies = [_long_study("groot", items=40, years=5),
               _long_study("klein", items=2, years=5, factor=1.4, approach="jeugd_gezinsteam"),
               _long_study("middel", items=2, years=5, factor=0.9, approach="jeugd_gezinsteam")]
    monkeypatch.setattr(mkba.report, "APPENDIX_ITEMS", 25)
    report = build_report(studies, price_year=2020, draws=500, lang="en")
    write_report(report, tmp_path / "rep")
    html = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    sources = studies[0].items["source"].tolist()  # 400 amounts
    assert all(s in html for s in sources[:25])
    assert not any(f">{s}<" in html for s in sources[25:])
    assert "… and 375 more amounts; see data/items.csv" in html
    assert html.count("more amounts; see data/items.csv") == 1  # the small ones in full
    items = read_mkba_csv(tmp_path / "rep" / "data" / "items.csv")
    assert items[items["study_id"] == "groot"]["source"].tolist() == sources


# -- the fast row writer gives openpyxl's own bytes ------------------------------------------
def _sheet_xml(data: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(sheet)


def test_rows_xml_equals_openpyxl(tmp_path):
    values = ["plain", "a & b < c > d", " lead", "trail ", "   ", "", "=SUM(A1)", "=",
              "x" * 40_000, "regel 1\nregel 2", "tab\there", "Één €", "\x00weg\x1b", 0, -7,
              2**40, 10**20, 1.5, 1 / 3, -0.0, 1e-300, 1e300, float("inf"), float("nan"), None,
              pd.NA, True, False, np.int64(5), np.float64(2.25), np.bool_(True)]
    frame = pd.DataFrame({"a": pd.Series(values + [None], dtype=object),  # an empty row last
                          "b": pd.Series(values[::-1] + [pd.NA], dtype=object)})
    # openpyxl, cell by cell (how every sheet was written before): text stays text
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in frame.itertuples(index=False):
        cells = []
        for v in row:
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                cells.append(None)
            else:
                v = v.item() if hasattr(v, "item") else v
                cells.append(openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", v)
                             if isinstance(v, str) else v)
        ws.append(cells)
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    expected = _sheet_xml(workbook_bytes(wb))
    # the same sheet with its rows from rows_xml
    wb2 = openpyxl.Workbook(write_only=True)
    ws2 = wb2.create_sheet("Sheet")
    ws2.calculate_dimension = lambda: ws.calculate_dimension()
    ws2.append([])
    got = _sheet_xml(workbook_bytes(wb2, rows={"xl/worksheets/sheet1.xml":
                                               rows_xml(frame, first_row=1, chunk=7)}))
    got = got.replace(b'<row r="1"></row>', b"", 1)  # the empty row that opened the sheet
    assert got == expected


# -- bounds on the amount of work, checked before any work ------------------------------------
@pytest.fixture(scope="module")
def studies():
    return [make_study("a", flows=[("cost", "uitvoering_team", "gemeente", 2015, 100.0, s)
                                   for s in ("basis", "laag")]
                       + [("benefit", "jeugdzorg", "gemeente", 2015, v, s)
                          for s, v in (("basis", 150.0), ("laag", 120.0))]),
            make_study("b")]


def _no_work(monkeypatch):
    """Make any appraisal or any draw fail: a check that comes first is what raises."""
    def refuse(*args, **kwargs):
        raise AssertionError("work started before the arguments were checked")

    for target in ("mkba.appraisal.appraise_all", "mkba.appraisal.appraise",
                   "mkba.report.build_tables",
                   "mkba.scenario.files.read_spec", "mkba.scenario.engine.pooled_evidence",
                   "numpy.random.default_rng"):
        monkeypatch.setattr(target, refuse)


BAD_DRAWS = [0, -1, limits.MAX_DRAWS + 1, 10**10, 1e4, True, "1000", None]


@pytest.mark.parametrize("draws", BAD_DRAWS)
def test_draws_out_of_bounds_are_refused_first(draws, studies, monkeypatch):
    spec = read_spec(ZWAAR)
    _no_work(monkeypatch)
    calls = [lambda: pool_studies(studies, draws=draws),
             lambda: build_report(studies, draws=draws),
             lambda: run_scenario(spec, studies, draws=draws),
             lambda: compare_files([ZWAAR], studies, draws=draws),
             lambda: run_scenario_files([ZWAAR], studies, "/nonexistent/out", draws=draws),
             lambda: monte_carlo(pool([0.1, 0.2], [0.01, 0.02]), draws=draws)]
    for call in calls:
        with pytest.raises(ArgumentError) as err:
            call()
        # Dutch by default, English on request; the bound in each language's digits
        message, english = str(err.value), err.value.render("en")
        assert message.startswith(f"draws={draws!r} is niet toegestaan") and \
            "1.000.000" in message
        assert english.startswith(f"draws={draws!r}") and "1,000,000" in english


def test_the_largest_number_of_draws_is_accepted():
    result = monte_carlo(pool([0.1, 0.2], [0.01, 0.02]), draws=limits.MAX_DRAWS, seed=1)
    assert result.n == 1_000_000


@pytest.mark.parametrize("seed", [-1, 2**64, 10**5000, 1.0, True, "0"],
                         ids=["-1", "2**64", "10**5000", "1.0", "True", "'0'"])
def test_bad_seeds_are_refused(seed, studies, monkeypatch):
    _no_work(monkeypatch)
    for call in (lambda: pool_studies(studies, seed=seed),
                 lambda: build_report(studies, seed=seed),
                 lambda: compare_files([ZWAAR], studies, seed=seed),
                 lambda: monte_carlo(pool([0.1, 0.2], [0.01, 0.02]), seed=seed)):
        with pytest.raises(ArgumentError) as err:
            call()
        assert re.match(r"^seed=.* is niet toegestaan", str(err.value))
        assert re.match(r"^seed=.* 0 to 2\*\*64 - 1", err.value.render("en"))


def test_largest_seed_works():
    a = monte_carlo(pool([0.1, 0.2], [0.01, 0.02]), draws=10, seed=2**64 - 1)
    assert a.seed == 2**64 - 1 and a.n == 10


@pytest.mark.parametrize("horizon", [0, -5, limits.MAX_HORIZON + 1, 10**9, 2.5, True, "ten"])
def test_horizon_out_of_bounds_is_refused_first(horizon, studies, monkeypatch):
    english = rf"^horizon={re.escape(repr(horizon))} is not allowed; .* 1 to 100 "
    dutch = rf"^horizon={re.escape(repr(horizon))} is niet toegestaan; .* 1 tot 100 "

    def refused(call):
        with pytest.raises(ArgumentError) as err:
            call()
        assert re.match(dutch, str(err.value)) and re.match(english, err.value.render("en"))

    refused(lambda: appraise(studies[0], horizon=horizon))
    refused(lambda: study_evidence(studies, horizon=horizon))
    _no_work(monkeypatch)
    for call in (lambda: build_tables(studies, horizon=horizon),
                 lambda: pool_studies(studies, horizon=horizon),
                 lambda: build_report(studies, horizon=horizon)):
        refused(call)


def test_the_longest_common_horizon_is_accepted(studies):
    assert appraise(studies[1], horizon=limits.MAX_HORIZON, price_year=2015).horizon == 100


@pytest.mark.parametrize("coverage", [0, 1, 90, -0.1, float("nan"), True, "0.9"])
def test_coverage_out_of_bounds_is_refused(coverage, studies, monkeypatch):
    with pytest.raises(ArgumentError) as err:
        study_evidence(studies, coverage=coverage)
    assert str(err.value).startswith(f"coverage={coverage!r}")
    assert re.match(r"^coverage=.* strictly between 0 and 1", err.value.render("en"))
    _no_work(monkeypatch)
    with pytest.raises(ArgumentError) as err:
        pool_studies(studies, coverage=coverage)
    assert re.match(r"^coverage=.* strictly between 0 and 1", err.value.render("en"))


def test_scenario_draws_checked_before_the_files_are_read(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(ArgumentError) as err:
        compare_files([missing], [], draws=0)
    assert str(err.value).startswith("draws=0 ") and err.value.render("en").startswith("draws=0 ")


# -- the full size: 20,000 line items over 100 years -------------------------------------------
@pytest.mark.slow
def test_full_size_study_within_two_gigabytes():
    """benchmarks/bench_large_study.py at its full size: both steps succeed within 2 GB."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_large_study.py")],
                         capture_output=True, text=True, cwd=REPO, timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith(("dataset", "report"))]
    assert len(lines) == 2 and all(line.endswith("OK") for line in lines), run.stdout
    assert time.perf_counter() - start < 900



def test_vectorised_groups_equal_the_plain_ones():
    from mkba._appraisal_arrays import Groups

    rng = np.random.default_rng(3)
    numbers = rng.integers(0, 8, size=500)
    wanted = [4, 0, 6, 2, 5]  # groups in any order; rows of the others (1, 3, 7) in none
    plain = Groups.of(numbers.tolist(), wanted)
    remap = np.full(8, -1)
    remap[wanted] = np.arange(len(wanted))
    fast = Groups.of_numbers(remap[numbers], len(wanted))
    assert fast.order.tolist() == plain.order.tolist() and fast.bounds == plain.bounds


def test_rows_xml_of_several_frames_equals_one():
    a = pd.DataFrame({"x": ["a", None], "y": [1.0, 2.5]})
    b = pd.DataFrame({"x": ["c"], "y": [np.nan]})
    assert "".join(rows_xml([a, b], chunk=1)) == "".join(rows_xml(pd.concat([a, b])))
