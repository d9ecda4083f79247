"""Safe loading of workbooks: every check of mkba.io.workbook, and that input is never changed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mkba.io import workbook as wbmod
from mkba.io.workbook import Sheet, Workbook, cell_ref, load_workbook
from mkba.issues import IssueLog

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xlsx(path: Path, rows=(("a", 1), ("b", 2.5)), title="Blad1") -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = title
    for row in rows:
        wb.active.append(list(row))
    wb.save(path)
    return path


def _load(path):
    log = IssueLog(Path(path).name)
    return load_workbook(path, log), log.issues


def _only_issue(path, code):
    wb, issues = _load(path)
    assert wb is None
    assert [i.code for i in issues] == [code]
    assert issues[0].file == Path(path).name
    return issues[0]


def _rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.pop(info.filename, zin.read(info)))
        for name, data in replace.items():
            zout.writestr(name, data)
    return dst


def test_reads_values_with_coordinates(tmp_path):
    wb, issues = _load(_xlsx(tmp_path / "ok.xlsx", [("a", 1), (None, "x", 2.5)]))
    assert issues == []
    sheet = wb.sheets["Blad1"]
    assert sheet.value(1, 1) == "a" and sheet.value(1, 2) == 1
    assert sheet.value(2, 1) is None and sheet.value(2, 3) == 2.5
    assert sheet.value(3, 1) is None and sheet.value(1, 99) is None and sheet.value(0, 1) is None
    assert (sheet.max_row, sheet.max_col) == (2, 3)
    assert wb.source("Blad1", 2, 3) == "ok.xlsx!Blad1!C2"
    assert wb.sheet("  blad1 ") is sheet and wb.sheet("Blad2") is None


def test_cell_ref():
    assert [cell_ref(1, 1), cell_ref(12, 4), cell_ref(3, 27), cell_ref(1, 702)] == \
        ["A1", "D12", "AA3", "ZZ1"]


def test_missing_file(tmp_path):
    issue = _only_issue(tmp_path / "nope.xlsx", "file_not_found")
    assert issue.file == "nope.xlsx"


def test_empty_file(tmp_path):
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")
    _only_issue(path, "empty_file")


def test_text_file_is_not_xlsx(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("Gemeente;Kosten\nZwolle;1000\n")
    issue = _only_issue(path, "not_xlsx")
    # shows what the file starts with, the same in both languages
    assert issue.render()["found"] == issue.render("en")["found"] == "b'Gemeente'"
    assert issue.render()["message"] == "het bestand is geen Excel-werkmap"
    assert issue.render("en")["message"] == "the file is not an Excel workbook"


def test_old_xls_is_named(tmp_path):
    path = tmp_path / "oud.xls"
    path.write_bytes(OLE2 + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 512)
    issue = _only_issue(path, "xls_format")
    assert "sla het op als .xlsx" in issue.render()["expected"]
    assert "save it as .xlsx" in issue.render("en")["expected"]


def test_password_protected_is_named(tmp_path):
    # An encrypted xlsx is an OLE2 compound file with an "EncryptedPackage" stream, whose name
    # is stored in UTF-16 in the directory sector.
    path = tmp_path / "geheim.xlsx"
    body = b"\x00" * 1024 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + \
        "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024
    path.write_bytes(OLE2 + body)
    issue = _only_issue(path, "password_protected")
    assert "wachtwoord" in issue.render()["message"]
    assert "password" in issue.render("en")["message"]


def test_truncated_zip(tmp_path):
    good = _xlsx(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(good[: len(good) // 2])
    _only_issue(path, "corrupt_file")


def test_damaged_part_inside_the_zip(tmp_path):
    good = _xlsx(tmp_path / "good.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        info = z.getinfo("xl/workbook.xml")
    data = bytearray(good)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 20] = b"\xff" * 20  # garble the compressed stream of one part
    path = tmp_path / "garbled.xlsx"
    path.write_bytes(bytes(data))
    _only_issue(path, "corrupt_file")


def test_docx_renamed_to_xlsx(tmp_path):
    path = tmp_path / "brief.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    issue = _only_issue(path, "not_xlsx")
    assert "geen xl/workbook.xml" in issue.render()["message"]
    assert "no xl/workbook.xml" in issue.render("en")["message"]


def test_zip_bomb_by_packing_ratio(tmp_path):
    path = _rezip(_xlsx(tmp_path / "src.xlsx"), tmp_path / "bomb.xlsx",
                  {"xl/media/padding.xml": b"<a>" + b"0" * 3_000_000 + b"</a>"})
    assert path.stat().st_size < 50_000  # small on disk, 3 MB unpacked
    issue = _only_issue(path, "zip_bomb")
    assert "onderdeel xl/media/padding.xml is" in issue.render()["message"]
    assert "part xl/media/padding.xml is" in issue.render("en")["message"]
    # 3 + 3,000,000 + 4 bytes unpacked: grouped the way each language writes thousands
    assert issue.render()["found"].startswith("3.000.007 bytes uit ")
    assert issue.render("en")["found"].startswith("3,000,007 bytes from ")


def test_zip_bomb_by_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(wbmod, "MAX_UNPACKED_BYTES", 5_000)
    issue = _only_issue(_xlsx(tmp_path / "big.xlsx"), "zip_bomb")
    assert issue.render()["expected"] == "hoogstens 5000 bytes"  # 4 digits: not grouped
    assert issue.render("en")["expected"] == "at most 5000 bytes"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
)


def test_xml_entity_bomb(tmp_path):
    src = _xlsx(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[-1].replace(b"<v>1</v>", b"<v>&lol3;</v>")
    assert b"&lol3;" in body
    path = _rezip(src, tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS + body})
    _only_issue(path, "xml_bomb")


def _late_entity_bomb(tmp_path) -> Path:
    # The quick scan looks at the first 4 KB of each part only; the parser must refuse the rest.
    src = _xlsx(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[-1].replace(b"<v>1</v>", b"<v>&lol3;</v>")
    padded = b'<?xml version="1.0"?>\n<!--' + b" " * 5000 + b"-->" \
        + BILLION_LAUGHS.split(b"?>", 1)[1] + body
    assert padded.index(b"<!DOCTYPE") > 4096
    return _rezip(src, tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": padded})


def test_xml_entities_after_a_long_comment_are_refused_too(tmp_path):
    issue = _only_issue(_late_entity_bomb(tmp_path), "xml_bomb")
    assert "XML-entiteiten" in issue.render()["message"]
    assert "entities" in issue.render("en")["message"]


def test_formula_without_cached_value(tmp_path):
    path = _xlsx(tmp_path / "f.xlsx", [("a", 1), ("b", "=B1*2")])
    wb, issues = _load(path)
    assert issues == []  # not an issue by itself: the layout reader decides where it matters
    sheet = wb.sheets["Blad1"]
    assert sheet.value(2, 2) is None
    assert sheet.uncached_formulas == frozenset({"B2"})
    assert sheet.is_uncached_formula(2, 2) and not sheet.is_uncached_formula(1, 2)


def test_formula_with_cached_value_is_read_as_its_value(tmp_path):
    src = _xlsx(tmp_path / "f.xlsx", [("a", 1), ("b", "=B1*2")])
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>B1*2</f><v /></c>" in sheet  # what openpyxl writes: no cached value
    cached = sheet.replace(b"<f>B1*2</f><v /></c>", b"<f>B1*2</f><v>2</v></c>")
    path = _rezip(src, tmp_path / "cached.xlsx", {"xl/worksheets/sheet1.xml": cached})
    wb, issues = _load(path)
    assert issues == []
    assert wb.sheets["Blad1"].value(2, 2) == 2
    assert wb.sheets["Blad1"].uncached_formulas == frozenset()


def test_input_file_is_never_changed(tmp_path):
    path = _xlsx(tmp_path / "in.xlsx", [("a", "=1+1")])
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))  # 2001-09-09
    before_bytes, before = path.read_bytes(), path.stat()
    wb, issues = _load(path)
    assert wb is not None and issues == []
    after = path.stat()
    assert path.read_bytes() == before_bytes
    assert after.st_mtime_ns == before.st_mtime_ns == 1_000_000_000_000_000_000
    assert after.st_size == before.st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]  # no lock or temp files


def test_in_memory_workbook_helpers():
    sheet = Sheet("S", (("x", None), (1,)), frozenset({"B1"}))
    wb = Workbook("m.xlsx", {"S": sheet})
    assert sheet.row_values(2) == (1,) and sheet.row_values(3) == ()
    assert sheet.is_uncached_formula(1, 2)
    assert wb.sheet("s") is sheet


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
def test_real_xls_written_by_libreoffice(tmp_path):
    src = _xlsx(tmp_path / "oud.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path / "out"), str(src)],
                   check=True, capture_output=True, timeout=120)
    issue = _only_issue(tmp_path / "out" / "oud.xls", "xls_format")
    assert ".xls" in issue.render("en")["found"]


def _openpyxl_values(path) -> dict:
    """The values openpyxl reads (read-only, cached values), rows trimmed of trailing blanks."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    for ws in book.worksheets:
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        rows = [r[:max((i + 1 for i, v in enumerate(r) if v is not None), default=0)]
                for r in rows]
        while rows and not rows[-1]:
            rows.pop()
        out[ws.title] = rows
    book.close()
    return out


def _mkba_values(path) -> dict:
    wb, issues = _load(path)
    assert issues == []
    return {name: [tuple(r) for r in s.rows] for name, s in wb.sheets.items()}


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_values_are_those_openpyxl_reads(tmp_path, epoch):
    import datetime as dt

    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    if epoch == "1904":
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append([1, 2.5, -3, 1e15, "tekst", " spaties ", "a & <b>", True, False])
    ws.append([dt.datetime(2015, 3, 1, 12, 30), dt.date(2016, 1, 1), None, "", "#N/A"])
    ws["D2"].number_format = "0.00%"
    ws.cell(5, 30, "ver weg")  # a gap of rows and columns
    wb.create_sheet("Tweede").append(["x", 2])
    path = tmp_path / "types.xlsx"
    wb.save(path)
    expected = _openpyxl_values(path)
    assert expected["Sheet"][1][0] == dt.datetime(2015, 3, 1, 12, 30)  # dates are dates
    assert _mkba_values(path) == expected


def test_the_shipped_studies_are_read_as_openpyxl_reads_them():
    studies = sorted((Path(__file__).resolve().parents[1] / "studies").glob("*.xlsx"))
    assert len(studies) == 13
    for path in studies:
        assert _mkba_values(path) == _openpyxl_values(path), path.name


def test_stray_cell_beyond_the_stated_dimension_is_not_ignored(tmp_path):
    """openpyxl's read-only mode trusts <dimension> and silently drops what lies beyond it."""
    src = _xlsx(tmp_path / "d.xlsx", [("a", 1)])
    with zipfile.ZipFile(src) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    edited = sheet.replace(b"</sheetData>", b'<row r="9"><c r="C9" t="n"><v>5</v></c></row>'
                                            b"</sheetData>")
    path = _rezip(src, tmp_path / "dim.xlsx", {"xl/worksheets/sheet1.xml": edited})
    assert b'<dimension ref="A1:B1"' in edited
    assert _openpyxl_values(path)["Blad1"] == [("a", 1)]  # openpyxl: C9 silently lost
    wb, issues = _load(path)
    assert issues == [] and wb.sheets["Blad1"].value(9, 3) == 5
