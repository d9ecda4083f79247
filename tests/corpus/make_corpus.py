"""Generate the corpus of malformed study workbooks and its expected issues.

Each file breaks one thing, mostly in a valid filled template; ``expected.csv`` lists per file
(or folder) the issue code and the sheet and cell where it must be reported (empty for problems
of the file as a whole). The output is deterministic: the same script writes the same bytes.

Run ``python tests/corpus/make_corpus.py`` from the repository root and commit ``files/`` and
``expected.csv``.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl

from mkba.schema import ReportedFigure, Study, items_frame
from mkba.write.template import write_study_template
from mkba.write.xlsx_bytes import save_workbook

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
SEED = 20140601
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def base_study(study_id: str = "corpus-basis", seed: int = SEED) -> Study:
    """A valid study: 2015-2019, a base case and a variant 'hoog', with headline figures."""
    rng = random.Random(seed)
    team = rng.randrange(800, 1200) * 100
    youth, health = rng.randrange(400, 700) * 100, rng.randrange(200, 400) * 100
    rows = []
    for scenario, factor in (("basis", 1.0), ("hoog", 1.5)):
        rows += [dict(variant=scenario, kind="cost", category="uitvoering_team",
                      actor="gemeente", description="Team", year=y, amount=float(team))
                 for y in range(2015, 2020)]
        rows += [dict(variant=scenario, kind="benefit", category="jeugdzorg", actor="gemeente",
                      description="Minder plaatsingen", year=y, amount=youth * factor)
                 for y in range(2016, 2020)]
        rows += [dict(variant=scenario, kind="benefit", category="gezondheid",
                      actor="zorgverzekeraar", year=y, amount=health * factor)
                 for y in range(2017, 2020)]
    rate = 0.04
    reported = []
    for scenario in ("basis", "hoog"):
        pv = {"cost": 0.0, "benefit": 0.0}  # first flow (2015) at t=0
        for r in rows:
            if r["variant"] == scenario:
                pv[r["kind"]] += r["amount"] / (1 + rate) ** (r["year"] - 2015)
        bcr = round(pv["benefit"] / pv["cost"], 2)
        reported.append(ReportedFigure(scenario, "bcr", bcr, *(
            (round(bcr * 0.8, 2), round(bcr * 1.2, 2), 0.9) if scenario == "basis" else ())))
    return Study(
        id=study_id, title="Corpus: sociaal wijkteam", municipality="Voorbeeldstad",
        approach_name="Wijkteam Oost", approach_type="zorg_welzijnsteam",
        scale="meerdere_wijken", target_breadth="kwetsbaar", household_type="geen_onderscheid",
        stage="lopend", evaluation="ex_post", kind="quickscan", year=2016, price_year=2015,
        discount_rate=rate, first_year=2015, horizon=5, households=400, illustrative=True,
        items=items_frame(rows),
        reported=tuple(reported),
    )
# The base file, Dutch: Studie rows follow STUDY_FIELDS (id B2 ... households B19,
# households_zwaar B20 .. _overig B22, illustrative B24); Kasstromen has years 2015-2019 in
# F1:J1, rows 2-4 the base case (team, youth care, health), rows 5-7 the variant 'hoog';
# Kengetallen row 2 the base-case ratio with its range (C2 value, D2 low, E2 high, F2 level),
# row 3 the ratio of 'hoog'; both are consistent with the flows.


def _zip(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _garbled(data: bytes, part: str) -> bytes:
    """``data`` with the start of the compressed stream of ``part`` overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(part)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    return data[:start] + b"\xff" * 20 + data[start + 20:]


def _edited(base: Path, target: Path, change) -> None:
    wb = openpyxl.load_workbook(base)
    change(wb)
    save_workbook(wb, target)


def _cells(sheet: str, **values):
    def change(wb):
        for ref, value in values.items():
            wb[sheet][ref] = value
    return change


def _rows_deleted(sheet: str, first: int, n: int):
    def change(wb):
        wb[sheet].delete_rows(first, n)
    return change


def _copy_row(sheet: str, src: int, dst: int):
    def change(wb):
        ws = wb[sheet]
        for col in range(1, ws.max_column + 1):
            ws.cell(dst, col, ws.cell(src, col).value)
    return change


def _rename(old: str, new: str):
    def change(wb):
        wb[old].title = new
    return change


def _remove(*names: str):
    def change(wb):
        for name in names:
            wb.remove(wb[name])
    return change


K, S, R = "Kasstromen", "Studie", "Kengetallen"
# name -> (change of the base workbook, code, sheet, cell)
EDITS = {
    "missing_sheet.xlsx": (_rename(S, "Blad1"), "missing_sheet", "", ""),
    "no_flows_sheets.xlsx": (_remove(K, "Contante waarden", "Kopcijfers"), "missing_sheet", "", ""),
    "missing_field.xlsx": (_cells(S, B4=None), "missing_field", S, "B4"),
    "missing_column.xlsx": (_cells(K, C1="Betaler"), "missing_column", K, "A1"),
    "unknown_category.xlsx": (_cells(K, B3="Jeugdzorgg"), "unknown_label", K, "B3"),
    "unknown_actor.xlsx": (_cells(K, C4="De buren"), "unknown_label", K, "C4"),
    "unknown_scale.xlsx": (_cells(S, B7="Provincie"), "unknown_label", S, "B7"),
    "unknown_measure.xlsx": (_cells(R, B3="Rendement"), "unknown_label", R, "C3"),
    "text_in_amount.xlsx": (_cells(K, G3="veel"), "not_a_number", K, "G3"),
    "percentage_as_amount.xlsx": (_cells(K, H6="12%"), "not_a_number", K, "H6"),
    "ambiguous_number.xlsx": (_cells(K, F2="100.000"), "ambiguous_number", K, "F2"),
    "negative_amount.xlsx": (_cells(K, H4=-30000), "negative_amount", K, "H4"),
    "year_outside_horizon.xlsx": (_cells(K, K1=2021, K3=5000), "year_outside_horizon", K, "K3"),
    "price_year_outside_cpi.xlsx": (_cells(S, B15=1999), "price_year_unknown", S, "B15"),
    "uncached_formula.xlsx": (_cells(K, F2="=50000*2"), "uncached_formula", K, "F2"),
    "uncached_formula_field.xlsx": (_cells(S, B18="=2+3"), "uncached_formula", S, "B18"),
    "rate_as_5_5.xlsx": (_cells(S, B16=5.5), "invalid_value", S, "B16"),
    "bad_boolean.xlsx": (_cells(S, B24="misschien"), "invalid_value", S, "B24"),
    "bad_year_header.xlsx": (_cells(K, G1="jaar 2"), "invalid_value", K, "G1"),
    "duplicate_item.xlsx": (_copy_row(K, 3, 8), "duplicate_item", K, "G8"),
    "scenario_without_benefits.xlsx": (_rows_deleted(K, 6, 2), "no_line_items", S, ""),
    "households_not_numeric.xlsx": (_cells(S, B19="ongeveer 400"), "not_a_number", S, "B19"),
    "segments_not_adding_up.xlsx": (_cells(S, B20=10, B21=20, B22=30), "invalid_value", S,
                                    "B19"),
    "headline_low_above_high.xlsx": (_cells(R, D2=2.5), "invalid_value", R, "D2"),
    "headline_mismatch.xlsx": (_cells(R, C3=9.9), "reported_mismatch", R, "C3"),
    "headline_level_90.xlsx": (_cells(R, F2=90), "invalid_value", R, "F2"),
    # bounds (mkba.limits) and the screening of every cell a reader uses
    "horizon_too_long.xlsx": (_cells(S, B18=1_000_000_000), "invalid_value", S, "B18"),
    "households_too_many.xlsx": (_cells(S, B19=10**9), "invalid_value", S, "B19"),
    "year_header_implausible.xlsx": (_cells(K, G1=20160), "invalid_value", K, "G1"),
    "amount_too_large.xlsx": (_cells(K, G3=1e308), "invalid_value", K, "G3"),
    "uncached_formula_scenario.xlsx": (_cells(K, E5='="ho"&"og"'), "uncached_formula", K, "E5"),
    "uncached_formula_year_header.xlsx": (_cells(K, G1="=F1+1"), "uncached_formula", K, "G1"),
    "uncached_formula_label.xlsx": (_cells(K, B3='="Jeugdzorg"'), "uncached_formula", K, "B3"),
    "uncached_formula_description.xlsx": (_cells(K, D3='="Minder"'), "uncached_formula", K,
                                          "D3"),
    "uncached_formula_measure.xlsx": (_cells(R, B2='="B/K"'), "uncached_formula", R, "B2"),
    "control_character_title.xlsx": (_cells(S, B3="Corpus\x9b2J"), "control_character", S,
                                     "B3"),
    "control_character_id.xlsx": (_cells(S, B2="corpus\nbasis"), "control_character", S, "B2"),
}


def _sheet_part(data: bytes, sheet: str) -> str:
    """The zip part of ``sheet`` in the workbook ``data`` (from workbook.xml and its rels)."""
    parts = _parts(data)
    rid = re.search(rb'<sheet [^>]*name="%s"[^>]*r:id="(rId\d+)"' % sheet.encode(),
                    parts["xl/workbook.xml"]).group(1)
    target = re.search(rb'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"'
                       % (rid, rid), parts["xl/_rels/workbook.xml.rels"])
    return "xl/" + (target.group(1) or target.group(2)).decode().lstrip("/").removeprefix("xl/")


def _xml_edited(data: bytes, sheet: str, change) -> bytes:
    """``data`` with the XML of ``sheet`` changed by ``change(bytes) -> bytes``."""
    part = _sheet_part(data, sheet)
    parts = _parts(data)
    return _zip({**parts, part: change(parts[part])})


def _raw_cell(ref: str, xml: bytes):
    """Replace cell ``ref`` by ``<c r="ref" ...>xml</c>`` as written by another program."""
    def change(sheet: bytes) -> bytes:
        new, n = re.subn(rb'<c r="%s"[^>]*>.*?</c>' % ref.encode(),
                         b'<c r="%s"%s</c>' % (ref.encode(), xml), sheet)
        assert n == 1, ref
        return new
    return change


def _rows_added(rows: bytes, dimension: bytes | None = None):
    def change(sheet: bytes) -> bytes:
        sheet = sheet.replace(b"</sheetData>", rows + b"</sheetData>")
        if dimension is not None:
            sheet = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="%s"/>' % dimension,
                           sheet)
        return sheet
    return change


# name -> (change of the base sheet's XML, code, sheet, cell): what openpyxl will not write
XML_EDITS = {
    "stray_far_cell.xlsx": (_rows_added(b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v>'
                                        b"</c></row>", b"A1:XFD1048576"),
                            "sheet_too_large", K, "XFD1048576"),
    "rows_out_of_order.xlsx": (_rows_added(b'<row r="3"><c r="A3" t="n"><v>1</v></c></row>'),
                               "corrupt_file", K, ""),
    "amount_infinite.xlsx": (_raw_cell("F2", b' t="n"><v>1e999</v>'), "not_a_number", K, "F2"),
    "amount_not_a_number_in_xml.xlsx": (_raw_cell("F2", b' t="n"><v>nan</v>'), "corrupt_file",
                                        K, "F2"),
    "escaped_control_character.xlsx": (
        _raw_cell("C2", b' t="inlineStr"><is><t>Gemeente_x001B_[2J</t></is>'),
        "control_character", K, "C2"),
    "raw_control_byte.xlsx": (_raw_cell("D2", b' t="inlineStr"><is><t>Team\x1b</t></is>'),
                              "corrupt_file", K, ""),
}


def main(out: Path = FILES, expected_csv: Path = HERE / "expected.csv"):
    """Write the corpus into ``out`` and its expectations into ``expected_csv``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    expected: list[tuple[str, str, str, str]] = []
    base = write_study_template(base_study(), out / "_base.xlsx")
    for name, (change, code, sheet, cell) in EDITS.items():
        _edited(base, out / name, change)
        expected.append((name, code, sheet, cell))

    en = write_study_template(base_study("corpus-en"), out / "_base_en.xlsx", lang="en")
    _edited(en, out / "english_unknown_actor.xlsx", _cells("Flows", C2="Neighbours"))
    expected.append(("english_unknown_actor.xlsx", "unknown_label", "Flows", "C2"))
    en.unlink()

    good = base.read_bytes()
    raw = {
        "empty_file.xlsx": (b"", "empty_file"),
        "not_xlsx.xlsx": (b"Gemeente;Kosten;Baten\nVoorbeeldstad;1000;1500\n",
                          "not_xlsx"),
        "old_format.xls": (OLE2 + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1520),
                           "xls_format"),
        "password_protected.xlsx": (
            OLE2 + bytes(1016) + "EncryptionInfo".encode("utf-16-le") + bytes(100)
            + "EncryptedPackage".encode("utf-16-le") + bytes(1000), "password_protected"),
        "truncated.xlsx": (good[: len(good) * 3 // 5], "corrupt_file"),
        "zip_bomb.xlsx": (_zip({**_parts(good), "xl/media/image1.xml":
                                b"<a>" + b"0" * 5_000_000 + b"</a>"}), "zip_bomb"),
        "xml_entity_bomb.xlsx": (_zip({**_parts(good), "xl/workbook.xml": (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
            + _parts(good)["xl/workbook.xml"].split(b"?>", 1)[-1])}), "xml_bomb"),
        "xml_entity_bomb_late.xlsx": (_zip({**_parts(good), "xl/worksheets/sheet2.xml": (
            b'<?xml version="1.0"?>\n<!--' + b" " * 5000 + b'-->\n<!DOCTYPE lolz ['
            b'<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
            + _parts(good)["xl/worksheets/sheet2.xml"].split(b"?>", 1)[-1].replace(
                b"<v>", b"<v>&lol2;", 1))}), "xml_bomb"),
        "damaged_part.xlsx": (_garbled(good, "xl/workbook.xml"), "corrupt_file"),
        "docx_renamed.xlsx": (_zip({
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
                                   'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document><w:body>Rapport</w:body></w:document>"}),
            "not_xlsx"),
        "random_zip.xlsx": (_zip({"data/readme.txt": "geen werkboek",
                                  "data/values.csv": "a,b\n1,2\n"}), "not_xlsx"),
    }
    for name, (data, code) in raw.items():
        (out / name).write_bytes(data)
        expected.append((name, code, "", ""))
    for name, (change, code, sheet, cell) in XML_EDITS.items():
        (out / name).write_bytes(_xml_edited(good, sheet, change))
        expected.append((name, code, sheet, cell))

    pair = out / "duplicate_study_id"
    pair.mkdir()
    write_study_template(base_study("corpus-dubbel", SEED), pair / "a.xlsx")
    write_study_template(base_study("corpus-dubbel", SEED + 1), pair / "b.xlsx")
    expected.append(("duplicate_study_id", "duplicate_study_id", "Studie", "B2"))
    base.unlink()

    with open(expected_csv, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "code", "sheet", "cell"])
        writer.writerows(sorted(expected))
    return expected


if __name__ == "__main__":
    rows = main()
    print(f"wrote {len(rows)} cases into {FILES} and {HERE / 'expected.csv'}")
    sys.exit(0)
