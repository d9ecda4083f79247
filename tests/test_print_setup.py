"""Workbooks that print: A4 landscape, the header row on every page, and wide sheets spread over
pages across instead of shrunk to a few points (tables.xlsx printed two sheets at about 4 pt;
comparison.xlsx had no page set-up)."""

from __future__ import annotations

import io
import math

import openpyxl
import pytest
from conftest import REPO, STUDIES

from mkba.io import read_studies
from mkba.scenario import compare_scenarios, read_spec, run_scenario
from mkba.scenario.workbook import comparison_workbook
from mkba.tables import build_tables
from mkba.write.xlsx_bytes import PRINT_WIDTH
from mkba.write.xlsx_tables import write_tables


def _width(ws) -> float:
    return sum(d.width or 13 for d in ws.column_dimensions.values())


def _check(ws, title_row: int) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${title_row}:${title_row}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # one page across per 150 width units: a 16-column overview is not squeezed onto one page
    assert ws.page_setup.fitToWidth == max(1, math.ceil(_width(ws) / PRINT_WIDTH))
    assert ws.page_setup.fitToHeight == 0


@pytest.fixture(scope="module")
def studies():
    return read_studies(STUDIES)


def test_every_sheet_of_tables_xlsx_prints(studies, tmp_path):
    write_tables(build_tables(studies), tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "tables.xlsx")
    for ws in wb.worksheets:
        _check(ws, 4)
    assert wb.worksheets[0].page_setup.fitToWidth >= 2  # the overview is wide


def test_every_sheet_of_comparison_xlsx_prints(studies):
    results = [run_scenario(read_spec(REPO / "scenarios" / f"{n}.toml"), studies, draws=200)
               for n in ("zwaar", "breed")]
    wb = openpyxl.load_workbook(io.BytesIO(comparison_workbook(compare_scenarios(results))))
    assert wb.sheetnames == ["Aannames", "Vergelijking", "Per actor", "Per jaar", "Bewijs"]
    _check(wb["Aannames"], 5)
    for name in wb.sheetnames[1:]:
        _check(wb[name], 1)
