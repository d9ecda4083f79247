"""The common-schema data set: tidy CSV files and one xlsx, deterministic, atomic, no formulas."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from mkba.errors import ArgumentError, OutputFolderError
from mkba.schema import ReportedFigure, Study, items_frame
from mkba.write import export, output_folder
from mkba.write.export import DATASET_FILES, write_dataset


def _study(study_id, *, title="T", description="team", reported=()):
    items = items_frame([
        dict(study_id=study_id, variant="basis", kind="cost", category="uitvoering_team",
             actor="gemeente", category_label="Team", actor_label="Gemeente",
             description=description, year=2015, amount=1000.5, source=f"{study_id}.xlsx!K!F2"),
        dict(study_id=study_id, variant="basis", kind="benefit", category="jeugdzorg",
             actor="gemeente", category_label="Jeugdzorg", actor_label="Gemeente",
             year=None, amount=2500.0, source=f"{study_id}.xlsx!CW!F2"),
    ])
    return Study(
        id=study_id, title=title, municipality="Zwolle", approach_name="A",
        approach_type="ouderenteam", scale="wijk", target_breadth="kwetsbaar",
        household_type="ouderen", stage="lopend", evaluation="ex_post", kind="quickscan",
        year=2016, price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
        households=40, illustrative=True, items=items, reported=reported,
        provenance={"id": f"{study_id}.xlsx!Studie!B2",
                    "price_year": f"{study_id}.xlsx!Studie!B15"},
        file=f"{study_id}.xlsx", layout="template",
    )


def _csv(path):
    """The rows of a CSV in either dialect (Dutch Excel's ';' with a byte-order mark, or ',')."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0]
                           else ","))


def test_files_and_contents(tmp_path):
    fig = ReportedFigure("basis", "bcr", 2.5, 2.0, 3.0, 0.9, "b.xlsx!Kengetallen!C2")
    written = write_dataset([_study("b", reported=(fig,)), _study("a")], tmp_path / "out")
    assert [p.name for p in written] == list(DATASET_FILES)
    studies = _csv(tmp_path / "out" / "studies.csv")
    assert studies[0][:3] == ["id", "title", "municipality"]
    assert studies[0][-2:] == ["file", "layout"]
    assert [r[0] for r in studies[1:]] == ["a", "b"]  # ordered by id, not by input
    row = dict(zip(studies[0], studies[2], strict=True))
    assert (row["price_year"], row["discount_rate"], row["horizon"], row["illustrative"]) == \
        ("2015", "0,055", "3", "True")  # whole numbers stay whole, rates stay decimals
    assert row["author"] == "" and row["households_zwaar"] == ""  # missing is empty
    items = _csv(tmp_path / "out" / "items.csv")
    assert items[0] == ["study_id", "variant", "kind", "category", "actor", "category_label",
                        "actor_label", "description", "year", "amount", "source"]
    assert [r[0] for r in items[1:]] == ["a", "a", "b", "b"]
    assert items[1][8:] == ["2015", "1000,5", "a.xlsx!K!F2"]  # a decimal comma (Dutch Excel)
    assert items[2][8:] == ["", "2500,0", "a.xlsx!CW!F2"]  # a present value has no year
    reported = _csv(tmp_path / "out" / "reported.csv")
    assert reported == [
        ["study_id", "variant", "measure", "value", "low", "high", "level", "source"],
        ["b", "basis", "bcr", "2,5", "2,0", "3,0", "0,9", "b.xlsx!Kengetallen!C2"]]
    assert _csv(tmp_path / "out" / "provenance.csv") == [
        ["study_id", "field", "source"], ["a", "id", "a.xlsx!Studie!B2"],
        ["a", "price_year", "a.xlsx!Studie!B15"], ["b", "id", "b.xlsx!Studie!B2"],
        ["b", "price_year", "b.xlsx!Studie!B15"]]


def test_xlsx_has_one_sheet_per_table_with_the_same_values(tmp_path):
    write_dataset([_study("a")], tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "dataset.xlsx")
    assert wb.sheetnames == ["studies", "items", "reported", "provenance"]
    items = wb["items"]
    assert [c.value for c in items[1]][-3:] == ["year", "amount", "source"]
    assert [c.value for c in items[2]][-3:] == [2015, 1000.5, "a.xlsx!K!F2"]
    assert items["I3"].value is None  # present value: no year
    assert wb["studies"]["O2"].value == 0.055 and wb["studies"]["W2"].value is True
    back = pd.read_excel(tmp_path / "dataset.xlsx", sheet_name="items")
    assert back["amount"].tolist() == [1000.5, 2500.0]


def test_formula_like_text_is_written_as_text(tmp_path):
    texts = ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-korting", "@SUM(A1)"]
    studies = [_study(f"s{n}", title=t, description=t) for n, t in enumerate(texts)]
    write_dataset(studies, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "dataset.xlsx")
    titles = [c for c in wb["studies"]["B"][1:]]
    assert [c.value for c in titles] == texts and {c.data_type for c in titles} == {"s"}
    with zipfile.ZipFile(tmp_path / "dataset.xlsx") as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in s or b"<f " in s for s in sheets)  # no formula anywhere
    rows = _csv(tmp_path / "studies.csv")
    assert [r[1] for r in rows[1:]] == ["'" + t for t in texts]  # guarded for Excel
    described = [r[7] for r in _csv(tmp_path / "items.csv")[1:] if r[7]]
    assert described == ["'" + t for t in texts]


def test_bytes_are_deterministic_and_independent_of_order(tmp_path):
    a, b = _study("a"), _study("b")
    write_dataset([a, b], tmp_path / "one")
    write_dataset([b, a], tmp_path / "two")
    for name in DATASET_FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    with zipfile.ZipFile(tmp_path / "one" / "dataset.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_other_files_in_an_output_folder_of_mkba_are_left_alone(tmp_path):
    out = tmp_path / "data"
    write_dataset([_study("b")], out)
    (out / "notes.txt").write_text("mine")
    write_dataset([_study("a")], out)
    assert (out / "notes.txt").read_text() == "mine"
    assert _csv(out / "items.csv")[1][0] == "a"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*DATASET_FILES, "notes.txt", ".mkba-output"])


def test_a_folder_that_is_not_mkbas_own_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "items.csv").write_text("old")
    with pytest.raises(OutputFolderError, match="geen uitvoermap van mkba.*items.csv") as exc:
        write_dataset([_study("a")], tmp_path)
    assert "not an output folder of mkba" in exc.value.render("en")
    assert (tmp_path / "items.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv", "notes.txt"]


def test_failure_leaves_the_previous_files(tmp_path, monkeypatch):
    write_dataset([_study("a")], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def broken(tables):
        raise OSError("disk full")

    monkeypatch.setattr(export, "_xlsx_bytes", broken)
    with pytest.raises(OSError, match="disk full"):
        write_dataset([_study("a"), _study("b")], tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_failure_while_writing_renames_nothing(tmp_path, monkeypatch):
    write_dataset([_study("a")], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []
    real = output_folder.atomic_file

    def failing(path):
        calls.append(path.name)
        if path.name == "provenance.csv":
            raise OSError("no space left")
        return real(path)

    monkeypatch.setattr(output_folder, "atomic_file", failing)
    with pytest.raises(OSError, match="no space"):
        write_dataset([_study("a"), _study("b")], tmp_path)
    assert calls[:4] == ["studies.csv", "items.csv", "reported.csv", "provenance.csv"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp files


def test_empty_data_set_has_headers(tmp_path):
    write_dataset([], tmp_path)
    assert (tmp_path / "reported.csv").read_text(encoding="utf-8") == \
        "\ufeffstudy_id;variant;measure;value;low;high;level;source\n"
    assert _csv(tmp_path / "items.csv")[0][0] == "study_id"


def test_bad_arguments(tmp_path):
    with pytest.raises(ArgumentError, match="eigen id hebben; dubbel: a") as exc:
        write_dataset([_study("a"), _study("a"), _study("b"), _study("b")], tmp_path / "x")
    assert exc.value.render("en") == "studies must have unique ids; duplicated: a, b"
    assert not (tmp_path / "x").exists()
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputFolderError, match="is een bestand, geen map") as exc:
        write_dataset([], tmp_path / "file")
    assert "is a file, not a folder" in exc.value.render("en")


def test_csv_is_plain_utf8_with_unix_newlines(tmp_path):
    write_dataset([_study("a", title="Coördinatie")], tmp_path, csv="plain")
    data = (tmp_path / "studies.csv").read_bytes()
    assert "Coördinatie".encode() in data and b"\r\n" not in data
    assert not data.startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(io.BytesIO(data))["title"].tolist() == ["Coördinatie"]
