"""Tests of mkba.write.xlsx_tables (CSV + formatted xlsx) and scripts/xlsx_to_pdf.py."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_csv import read_mkba_csv
from helpers_studies import DEFAULT_FLOWS, make_study

from mkba.errors import ArgumentError, OutputFolderError
from mkba.tables import TABLE_NAMES, build_tables
from mkba.write import xlsx_tables
from mkba.write.xlsx_tables import NUMBER_FORMATS, run_tables, write_tables

REPO = Path(__file__).resolve().parents[1]
TRICKY = ["=1+2", "+31 20 123", "-5 jaar", "@SUM(A1:A2)", "#N/A"]


def _studies():
    flows = make_study("flows", flows=DEFAULT_FLOWS, discount_rate=0.25, households=10,
                       municipality=TRICKY[0], approach_name=TRICKY[3])
    pv = make_study("pv", pv_items=[("cost", "overig", "gemeente", 400.0),
                                    ("benefit", "overig", "rijk", 600.0)],
                    municipality=TRICKY[1], approach_name=TRICKY[2], illustrative=True)
    hash_ = make_study("zz", municipality=TRICKY[4], discount_rate=0.25)
    return [flows, pv, hash_]


@pytest.fixture(scope="module")
def tables():
    return build_tables(_studies(), price_year=2015)


@pytest.fixture(scope="module")
def written(tables, tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    paths = write_tables(tables, out)
    return out, paths


def test_writes_one_csv_per_table_notes_and_the_workbook(written):
    out, paths = written
    expected = [f"{name}.csv" for name in TABLE_NAMES] + ["table_notes.csv", "tables.xlsx"]
    assert [p.name for p in paths] == expected
    assert all((out / name).is_file() for name in expected)
    # no temporary files left; the marker makes the folder mkba's own
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".mkba-output"]


def test_csv_round_trips_the_numbers(written, tables):
    out, _ = written
    back = read_mkba_csv(out / "headline.csv")  # Dutch tables: Dutch Excel's dialect
    frame = tables["headline"].frame
    assert list(back.columns) == list(frame.columns)
    assert back["Contante waarde kosten"].tolist() == [800, 400, 800]
    assert back["Baten-kostenverhouding"].tolist() == [1.22, 1.5, 1.22]
    text = (out / "headline.csv").read_bytes()
    assert b"\r\n" not in text and text.startswith(b"\xef\xbb\xbf") and text.decode("utf-8")
    assert b"1,22" in text and b";" in text.splitlines()[0]


def test_csv_guards_formula_text_with_an_apostrophe(written):
    out, _ = written
    overview = read_mkba_csv(out / "overview.csv")
    assert "'=1+2" in set(overview["Gemeente"])
    assert "'@SUM(A1:A2)" in set(overview["Naam aanpak"])


def test_table_notes_csv_carries_title_and_basis(written, tables):
    out, _ = written
    notes = read_mkba_csv(out / "table_notes.csv")
    assert notes["tabel"].tolist() == list(TABLE_NAMES)
    assert notes.loc[0, "basis"] == tables["overview"].basis


def test_formula_like_text_stays_text(written):
    out, _ = written
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    ws = wb["Overzicht"]
    header = [c.value for c in ws[4]]
    found = set()
    for col in ("Gemeente", "Naam aanpak"):
        j = header.index(col) + 1
        for row in range(5, ws.max_row + 1):
            cell = ws.cell(row=row, column=j)
            assert cell.data_type == "s"
            found.add(cell.value)
    assert set(TRICKY) <= found
    with zipfile.ZipFile(out / "tables.xlsx") as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml
                assert 't="e"' not in xml


def test_layout_formats_and_frozen_header(written, tables):
    out, _ = written
    wb = openpyxl.load_workbook(out / "tables.xlsx")
    assert wb.sheetnames == ["Overzicht", "Uitkomsten", "Wie betaalt", "Baten",
                             "Gevoeligheid", "Samenvatting"]
    ws = wb["Uitkomsten"]
    table = tables["headline"]
    assert ws["A1"].value == table.title and ws["A1"].font.bold
    assert ws["A2"].value == table.basis and "prijspeil 2015" in ws["A2"].value
    assert ws["A3"].value == table.note
    assert [c.value for c in ws[4]] == list(table.frame.columns)
    assert ws.freeze_panes == "A5"
    header = list(table.frame.columns)
    euro = ws.cell(row=5, column=header.index("Contante waarde kosten") + 1)
    assert euro.value == 800 and euro.number_format == NUMBER_FORMATS["euro"]
    ratio = ws.cell(row=5, column=header.index("Baten-kostenverhouding") + 1)
    assert ratio.value == 1.22 and ratio.number_format == "0.00"
    shares = wb["Wie betaalt"]
    share_col = [c.value for c in shares[4]].index("Aandeel in baten") + 1
    assert shares.cell(row=5, column=share_col).number_format == "0.0%"
    assert ws.column_dimensions["C"].width >= len("Contante waarde kosten")
    payback = ws.cell(row=6, column=header.index("Terugverdienjaar") + 1)
    assert payback.value is None  # the present-value-only study has no payback year


def test_output_is_byte_identical_across_runs(tables, tmp_path, monkeypatch):
    # Pretend the clock moved a day between the runs: zip entry dates must not follow it.
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first = write_tables(tables, tmp_path / "a")
    monkeypatch.setattr(time, "time", lambda: 1_700_086_400.0)
    second = write_tables(tables, tmp_path / "b")
    for p, q in zip(first, second, strict=True):
        assert p.read_bytes() == q.read_bytes(), p.name
    with zipfile.ZipFile(io.BytesIO(first[-1].read_bytes())) as z:
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_failed_write_leaves_previous_files(tables, tmp_path, monkeypatch):
    paths = write_tables(tables, tmp_path)
    before = {p.name: p.read_bytes() for p in paths}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx_tables, "_xlsx_bytes", broken)
    other = build_tables(_studies()[:1], price_year=2015)
    with pytest.raises(RuntimeError):
        write_tables(other, tmp_path)
    assert {p.name: p.read_bytes() for p in paths} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, ".mkba-output"])


def test_english_sheets_and_lang_must_match(tmp_path):
    en = build_tables(_studies(), price_year=2015, lang="en")
    write_tables(en, tmp_path, lang="en")
    assert openpyxl.load_workbook(tmp_path / "tables.xlsx").sheetnames[0] == "Overview"
    with pytest.raises(ArgumentError, match="lang='nl' is niet toegestaan.*gemaakt in 'en'") as exc:
        write_tables(en, tmp_path, lang="nl")
    assert "these tables were built in 'en'" in exc.value.render("en")


def test_bad_arguments(tables, tmp_path):
    with pytest.raises(ArgumentError, match="tables={'x': 1} is niet toegestaan") as exc:
        write_tables({"x": 1}, tmp_path)
    assert "give the result of build_tables" in exc.value.render("en")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(OutputFolderError, match="is een bestand, geen map") as exc:
        write_tables(tables, a_file)
    assert "is a file, not a folder" in exc.value.render("en")


def test_run_tables_builds_and_writes(tmp_path):
    paths = run_tables(_studies(), tmp_path, rate="nl-2021", price_year=2015, horizon=None,
                       timing="t1", lang="nl")
    assert paths[-1] == tmp_path / "tables.xlsx"
    wb = openpyxl.load_workbook(paths[-1])
    assert "2,25% (nl-2021)" in wb["Uitkomsten"]["A2"].value


SCRIPT = REPO / "scripts" / "xlsx_to_pdf.py"


def test_pdf_script_fails_cleanly_on_a_missing_workbook(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "nope.xlsx")],
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert "no such workbook" in run.stderr


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_pdf_script_converts_the_tables_workbook(written, tmp_path):
    out, _ = written
    pdf = tmp_path / "tables.pdf"
    run = subprocess.run([sys.executable, str(SCRIPT), str(out / "tables.xlsx"), str(pdf)],
                         capture_output=True, text=True, check=False, timeout=240)
    assert run.returncode == 0, run.stderr
    assert pdf.is_file() and pdf.read_bytes()[:4] == b"%PDF"
