"""Hostile inputs: every one is answered with an issue (code, file, sheet, cell or field) and
exit code 1, in bounded time and memory, never a traceback, and the input files stay unchanged.

Cases that would run for minutes or grow without bound when unchecked (a stray cell in
XFD1048576, a horizon of a billion years, a mapping range to row 99,999,999,999, a pipe given as
a file) run in a child interpreter with a 60-second timeout and a 3 GB address-space cap: a
regression shows as a failed test, not as a hung or exhausted machine. Expected cells and fields
are the ones each test writes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_studies import make_study

from mkba.errors import InputError
from mkba.io import check_files, expand_paths
from mkba.issues import ISSUE_CODES, Issue, ValidationReport
from mkba.limits import MAX_FILE_BYTES, MAX_HORIZON, MAX_TEXT_FILE_BYTES
from mkba.messages import Text
from mkba.scenario.files import read_spec
from mkba.scenario.input_xlsx import read_scenario_workbook, write_scenario_template
from mkba.text_clean import printable
from mkba.write.cockpit import write_cockpit
from mkba.write.template import write_study_template
from mkba.write.xlsx_bytes import save_workbook

REPO = Path(__file__).resolve().parents[1]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SCENARIO = """\
municipality = "Veenwolde"
first_year = 2026
horizon = 5
discount_rate = "nl-2021"
[population]
households = { zwaar = 120, kwetsbaar = 700 }
[team]
reach = { zwaar = 1.0, kwetsbaar = 1.0 }
caseload = { zwaar = 6 }
ramp_up = [0.5, 1.0]
[costs]
per_fte = 80000
overhead_per_year = 10000
overhead_share = 0.1
startup = 5000
payers = { gemeente = 1.0 }
[evidence]
coverage = 0.9
[effects]
multiplier = 1.0
fixed = { jeugdzorg = 100 }
"""


# -- helpers ------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_pipes_left_behind(tmp_path):
    """Remove the pipes and links a test made: a later test that walks the session's temporary
    folders and opens every file would otherwise block on a pipe."""
    yield
    for folder, dirs, files in os.walk(tmp_path):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not (os.path.isdir(path) or os.path.isfile(path)):
                os.unlink(path)


def _isolated(code: str, timeout: int = 60) -> dict:
    """Run ``code`` (which prints one JSON line) in a fresh interpreter, bounded in time and
    memory; a hang fails the test with TimeoutExpired."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap, cwd=REPO)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _issues_of(path, **kwargs) -> list[tuple]:
    """(code, sheet, cell) of every issue, read in a child interpreter."""
    return [tuple(i) for i in _isolated(f"""
        import json
        from mkba.io import check_files
        _, report = check_files({str(path)!r}, **{kwargs!r})
        print(json.dumps([[i.code, i.sheet, i.cell] for i in report.issues]))
        """)]


def _cli(*args, timeout: int = 60) -> subprocess.CompletedProcess:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    return subprocess.run([sys.executable, "-m", "mkba", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=cap, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@contextlib.contextmanager
def unchanged(*paths):
    """Assert that reading leaves every file's bytes and modification time as they were."""
    before = {p: (Path(p).read_bytes(), os.stat(p).st_mtime_ns) for p in paths}
    yield
    for p, (data, mtime) in before.items():
        assert Path(p).read_bytes() == data and os.stat(p).st_mtime_ns == mtime, p


def _study(path: Path, **meta) -> Path:
    """A valid template study: costs 1000 in 2015, benefits 500 a year 2015-2017 (base case)."""
    return write_study_template(make_study("vijandig", **meta), path)


def _edit(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    save_workbook(wb, path)
    return path


def _set(sheet: str, **cells):
    def change(wb):
        for ref, value in cells.items():
            wb[sheet][ref] = value
    return change


def _part(path: Path, sheet: str) -> str:
    """The zip part of a sheet, from workbook.xml and its relationships (read here directly)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', book).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                       rels)
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


def _rezip(path: Path, target: Path, edits: dict) -> Path:
    """A copy of ``path`` with parts replaced: part -> bytes or function(bytes) -> bytes."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info)
            edit = edits.get(info.filename)
            z.writestr(info.filename, edit(data) if callable(edit) else edit or data)
    return target


def _in_sheet(path: Path, sheet: str, rows_xml: bytes, target: Path | None = None,
              dimension: bytes | None = None) -> Path:
    """``path`` with raw ``<row>`` XML appended to the sheet's data (and the ``<dimension>``
    a writer would then state)."""
    part = _part(path, sheet)

    def edit(data: bytes) -> bytes:
        data = data.replace(b"</sheetData>", rows_xml + b"</sheetData>")
        if dimension is not None:
            data, n = re.subn(rb'<dimension ref="[^"]*" ?/>',
                              b'<dimension ref="' + dimension + b'"/>', data)
            assert n == 1
        return data

    return _rezip(path, target or path.with_name("edited.xlsx"), {part: edit})


def _codes(path, **kwargs):
    _, report = check_files(path, **kwargs)
    return [(i.code, i.sheet, i.cell) for i in report.issues], report


# -- the file itself: pipes, devices, folders, sizes ---------------------------------------------
def test_a_valid_study_is_valid_to_begin_with(tmp_path):
    path = _study(tmp_path / "s.xlsx")
    studies, report = check_files(path)
    assert report.ok and [s.id for s in studies] == ["vijandig"]
    assert studies[0].items.groupby("kind")["amount"].sum().to_dict() == \
        {"benefit": 1500.0, "cost": 1000.0}  # DEFAULT_FLOWS of helpers_studies


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "link_to_dev_zero", "folder"])
def test_non_regular_workbook_is_refused_before_it_is_opened(tmp_path, kind):
    path = tmp_path / "studie.xlsx"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would block for ever
    elif kind == "link_to_dev_zero":
        path.symlink_to("/dev/zero")  # reading it would never end
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    issues = _isolated(f"""
        import json
        from mkba.io.workbook import load_workbook
        from mkba.issues import IssueLog
        log = IssueLog("x")
        assert load_workbook({str(path)!r}, log) is None
        print(json.dumps([[i.code, i.render()["message"], i.render("en")["message"]]
                          for i in log.issues]))
        """)
    assert [code for code, _, _ in issues] == ["not_a_regular_file"]
    nl, en = {"fifo": ("een named pipe", "a named pipe"),
              "dev_zero": ("een apparaat", "a character device"),
              "link_to_dev_zero": ("een apparaat", "a character device"),
              "folder": ("een map", "a folder")}[kind]
    assert issues[0][1].startswith(f"het pad is {nl}") and issues[0][1].endswith(
        ", geen gewoon bestand")
    assert issues[0][2].startswith(f"the path is {en}")


def test_folder_expansion_skips_pipes_and_devices(tmp_path):
    good = _study(tmp_path / "b.xlsx")
    os.mkfifo(tmp_path / "a.xlsx")
    (tmp_path / "c.xlsx").symlink_to("/dev/zero")
    assert expand_paths(tmp_path) == [good]
    result = _isolated(f"""
        import json
        from mkba.io import check_files
        studies, report = check_files({str(tmp_path)!r})
        print(json.dumps([[s.id for s in studies], report.ok]))
        """)
    assert result == [["vijandig"], True]


def test_cli_on_a_pipe_exits_1_without_traceback(tmp_path):
    os.mkfifo(tmp_path / "pijp.xlsx")
    proc = _cli("validate", tmp_path / "pijp.xlsx")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "pijp.xlsx: [not_a_regular_file]" in proc.stdout


def test_oversized_workbook_is_refused_by_its_size(tmp_path):
    path = tmp_path / "groot.xlsx"
    with open(path, "wb") as fh:  # sparse: no disk space used, and nothing of it is read
        fh.truncate(MAX_FILE_BYTES + 1)
    assert _codes(path)[0] == [("file_too_large", None, None)]


def test_mapping_file_that_is_a_pipe_is_a_mapping_error(tmp_path):
    book = _study(tmp_path / "s.xlsx")
    os.mkfifo(tmp_path / "s.mapping.toml")
    issues = _isolated(f"""
        import json
        from mkba.io import check_files
        _, report = check_files({str(book)!r})
        print(json.dumps([[i.code, i.render()["message"], i.render("en")["message"]]
                          for i in report.issues]))
        """)
    assert len(issues) == 1 and issues[0][0] == "mapping_error"
    assert "s.mapping.toml" in issues[0][1] and "een named pipe" in issues[0][1]
    assert "s.mapping.toml" in issues[0][2] and "a named pipe" in issues[0][2]


@pytest.mark.parametrize("suffix", [".toml", ".xlsx"])
def test_scenario_file_that_is_a_pipe_or_device_is_an_input_error(tmp_path, suffix):
    fifo, link = tmp_path / f"pijp{suffix}", tmp_path / f"nul{suffix}"
    os.mkfifo(fifo)
    link.symlink_to("/dev/zero")
    result = _isolated(f"""
        import json
        from mkba.errors import InputError
        from mkba.scenario.files import read_spec
        out = []
        for path in ({str(fifo)!r}, {str(link)!r}):
            try:
                read_spec(path)
            except InputError as exc:
                out.append([str(exc), exc.render("en")])
        print(json.dumps(out))
        """)
    assert len(result) == 2
    (fifo_nl, fifo_en), (link_nl, link_en) = result
    assert str(fifo) in fifo_nl and "een named pipe" in fifo_nl and "a named pipe" in fifo_en
    assert str(link) in link_nl and "een apparaat" in link_nl and "a character device" in link_en


def test_oversized_scenario_toml_is_refused(tmp_path):
    path = tmp_path / "groot.toml"
    path.write_text(SCENARIO + "#" * MAX_TEXT_FILE_BYTES, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_spec(path)
    assert str(info.value).endswith("groot.toml: het bestand is groter dan mkba leest")
    assert info.value.render("en").endswith("groot.toml: the file is larger than mkba reads")


# -- 1. horizon and years ---------------------------------------------------------------------
def test_horizon_of_a_billion_years_is_refused_at_read_time(tmp_path):
    path = _edit(_study(tmp_path / "lang.xlsx"), _set("Studie", B18=1_000_000_000))
    with unchanged(path):
        issues = _issues_of(path)
    assert issues == [("invalid_value", "Studie", "B18")]  # B18: horizon (row 18 of Studie)


@pytest.mark.parametrize(("horizon", "ok"), [(MAX_HORIZON, True), (MAX_HORIZON + 1, False),
                                             (0, False)])
def test_horizon_bounds(tmp_path, horizon, ok):
    path = _edit(_study(tmp_path / "h.xlsx"), _set("Studie", B18=horizon))
    issues, _ = _codes(path)
    assert (issues == []) is ok
    if not ok:
        assert issues == [("invalid_value", "Studie", "B18")]


def test_horizon_of_a_billion_years_through_a_mapping(tmp_path):
    # the common mapping, with a billion years and a reported figure (whose check once built
    # the study's flows year by year)
    text = MAPPING.replace("horizon = 3", "horizon = 1000000000").replace(
        "description_column = \"D\"\n", "").replace("last_row = 4\n", "")
    book = _mapped(tmp_path, text + '\n[[reported]]\nmeasure = "bcr"\nvalue = 1.4\n')
    toml = tmp_path / "m.mapping.toml"
    with unchanged(book, toml):
        issues = _isolated(f"""
            import json
            from mkba.io import check_files
            _, report = check_files({str(book)!r})
            print(json.dumps([[i.code, i.sheet, i.render()["message"], i.render("en")["message"]]
                              for i in report.issues]))
            """)
    assert [(c, s) for c, s, _, _ in issues] == [("invalid_value", "m.mapping.toml:study.horizon")]
    # the field in each language, the number in each language's digits
    assert issues[0][2].endswith("'Looptijd (jaren)' is 1.000.000.000, meer dan mkba accepteert")
    assert issues[0][3].endswith("'Horizon (years)' is 1,000,000,000, more than mkba accepts")


def test_implausible_year_header_is_an_issue(tmp_path):
    path = _edit(_study(tmp_path / "j.xlsx"), _set("Kasstromen", G1=20160))
    assert _codes(path)[0] == [("invalid_value", "Kasstromen", "G1")]


# -- 2. the used range is measured while reading --------------------------------------------------
def test_value_in_xfd1048576_is_found_in_seconds_not_minutes(tmp_path):
    src = _study(tmp_path / "s.xlsx")
    path = _in_sheet(src, "Kasstromen",
                     b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>',
                     tmp_path / "ver.xlsx", dimension=b"A1:XFD1048576")
    assert path.stat().st_size < 30_000  # a small file; before, validate took 9 min 38 s
    with unchanged(path):
        issues = _issues_of(path)
    assert issues == [("sheet_too_large", "Kasstromen", "XFD1048576")]


def test_far_formatted_but_empty_cell_and_lying_dimension_are_harmless(tmp_path):
    src = _study(tmp_path / "s.xlsx")
    part = _part(src, "Kasstromen")
    path = _rezip(src, tmp_path / "leeg.xlsx", {part: lambda d: re.sub(
        rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', d).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')})
    assert b'ref="A1:XFD1048576"' in zipfile.ZipFile(path).read(part)
    studies, report = check_files(path)
    assert report.ok and len(studies[0].items) == 7


def test_value_beyond_column_zz_is_an_issue_naming_it(tmp_path):
    """Also when the stated dimension leaves it out (openpyxl then ignored it silently)."""
    src = _study(tmp_path / "s.xlsx")
    path = _in_sheet(src, "Studie", b'<row r="40"><c r="AAA40" t="n"><v>7</v></c></row>')
    assert b'<dimension ref="A1:' in zipfile.ZipFile(path).read(_part(path, "Studie"))
    assert _codes(path)[0] == [("sheet_too_large", "Studie", "AAA40")]


@pytest.mark.parametrize(("rows", "cell"), [
    (b'<row r="2000000"><c r="A2000000"><v>1</v></c></row>', None),  # beyond Excel's grid
    (b'<row r="3"><c r="A3"><v>1</v></c></row>', None),  # row 3 again, after row 8
    (b'<row r="50"><c r="B51"><v>1</v></c></row>', "B51"),  # a cell in another row
    (b'<row r="50"><c r="C50"><v>1</v></c><c r="B50"><v>2</v></c></row>', "B50"),
])
def test_cells_out_of_place_are_corrupt_not_dropped(tmp_path, rows, cell):
    path = _in_sheet(_study(tmp_path / "s.xlsx"), "Kasstromen", rows)
    assert _codes(path)[0] == [("corrupt_file", "Kasstromen", cell)]


def test_too_many_stored_cells_stop_the_read(tmp_path, monkeypatch):
    from mkba.io import sheet_xml

    src = _study(tmp_path / "s.xlsx")
    monkeypatch.setattr(sheet_xml, "MAX_SHEET_CELLS", 2000)  # formatted-only cells count too
    assert check_files(src)[1].ok
    rows = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d" s="0"/>' % (col, r)
                                                  for col in (b"A", b"B", b"C", b"D", b"E"))
                    + b"</row>" for r in range(60, 460))  # 400 rows x 6 elements
    path = _in_sheet(src, "Kasstromen", rows)
    issues, report = _codes(path)
    assert issues == [("sheet_too_large", "Kasstromen", None)]
    assert report.issues[0].render()["message"] == \
        "het blad bevat meer dan 2000 rijen en cellen"
    assert report.issues[0].render("en")["message"] == \
        "the sheet stores more than 2000 rows and cells"


def test_large_legitimate_sheet_reads_every_value(tmp_path):
    """20,000 x 100 within the bounds is read; here 2,000 rows x 100 years, every amount."""
    path = tmp_path / "groot.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Kasstromen")
    ws.append(["Soort", "Categorie", "Actor", "Omschrijving", "Scenario", *range(2000, 2100)])
    for r in range(2000):
        ws.append(["Kosten", "Uitvoering team", "Gemeente", f"post {r}", "basis",
                   *[r * 100 + c for c in range(100)]])
    wb.save(path)
    from mkba.io.workbook import load_workbook
    from mkba.issues import IssueLog

    log = IssueLog(path.name)
    sheet = load_workbook(path, log).sheets["Kasstromen"]
    assert log.issues == [] and (sheet.max_row, sheet.max_col) == (2001, 105)
    assert sheet.value(2001, 105) == 1999 * 100 + 99 and sheet.value(1, 105) == 2099
    assert sum(v for row in sheet.rows[1:] for v in row[5:]) == sum(range(200_000))


# -- 3. mapping ranges --------------------------------------------------------------------------
MAPPING = """\
[study]
id = "m"
title = "=Studie!B3"
municipality = "Testdorp"
approach_name = "Wijkteam"
approach_type = "Zorg- en welzijnsteam"
scale = "Wijk"
target_breadth = "kwetsbaar"
household_type = "geen onderscheid"
stage = "lopend"
evaluation = "ex post"
kind = "volledig"
year = 2015
price_year = 2015
discount_rate = 0.055
first_year = 2015
horizon = 3
households = 100
illustrative = true

[[items]]
sheet = "Kasstromen"
kind_column = "A"
category_column = "B"
actor_column = "C"
description_column = "D"
first_row = 2
last_row = 4
header_row = 1
year_columns = "F:H"
"""


def _mapped(tmp_path, text: str = MAPPING) -> Path:
    book = _study(tmp_path / "m.xlsx")
    (tmp_path / "m.mapping.toml").write_text(text, encoding="utf-8")
    return book


def test_mapping_reads_the_study_to_begin_with(tmp_path):
    studies, report = check_files(_mapped(tmp_path))
    assert report.ok and studies[0].layout == "mapping"
    assert studies[0].items.groupby("kind")["amount"].sum().to_dict() == \
        {"benefit": 1500.0, "cost": 1000.0}


def _line(key: str) -> int:
    return next(n for n, line in enumerate(MAPPING.splitlines(), 1) if line.startswith(key))


@pytest.mark.parametrize(("old", "new", "key"), [
    ("last_row = 4", "last_row = 99999999999", "items[1].last_row"),
    ('year_columns = "F:H"', 'year_columns = "A:XFD"', "items[1].year_columns"),
    ("first_row = 2", "first_row = 100001", "items[1].first_row"),
    ('title = "=Studie!B3"', 'title = "=Studie!B9999999"', "study.title"),
    ('title = "=Studie!B3"', 'title = "=Studie!B' + "9" * 30 + '"', "study.title"),
])
def test_mapping_ranges_beyond_the_bounds_are_mapping_errors(tmp_path, old, new, key):
    key = f"{key} (line {_line(key.split('.')[-1])})"
    book = _mapped(tmp_path, MAPPING.replace(old, new))
    with unchanged(book, tmp_path / "m.mapping.toml"):
        issues = _isolated(f"""
            import json
            from mkba.io import check_files
            _, report = check_files({str(book)!r})
            print(json.dumps([[i.code, i.render("en")["message"]] for i in report.issues]))
            """)
    assert [c for c, _ in issues] == ["mapping_error"]
    assert f"m.mapping.toml, {key}" in issues[0][1]


def test_mapping_range_to_the_last_row_read_is_clipped_to_the_sheet(tmp_path):
    text = MAPPING.replace("last_row = 4", "last_row = 100000")  # the bound itself: allowed
    studies, report = check_files(_mapped(tmp_path, text))
    assert report.ok and len(studies[0].items) == 7  # rows 2-4 hold every amount


def test_many_mapping_errors_are_listed_in_bounded_time(tmp_path):
    unknown = "".join(f"onbekend_{i} = 1\n" for i in range(40_000))  # 40,000 unknown keys
    book = _mapped(tmp_path, MAPPING.replace("[[items]]", unknown + "[[items]]"))
    issues = _isolated(f"""
        import json
        from mkba.io import check_files
        _, report = check_files({str(book)!r})
        print(json.dumps([i.code for i in report.issues]))
        """)
    assert issues[:3] == ["mapping_error"] * 3
    assert issues[-1] == "too_many_issues" and len(issues) == 1001


# -- 4. formulas without a cached value, in every column -----------------------------------------
@pytest.mark.parametrize(("sheet", "cell"), [
    ("Studie", "B3"),  # title (text metadata)
    ("Studie", "B7"),  # scale (a label)
    ("Studie", "A24"),  # the label column
    ("Studie", "D25"),  # the key column
    ("Kasstromen", "A2"),  # kind
    ("Kasstromen", "B3"),  # category
    ("Kasstromen", "C4"),  # actor
    ("Kasstromen", "D2"),  # description
    ("Kasstromen", "E5"),  # scenario (variant) column
    ("Kasstromen", "G1"),  # a year header
    ("Kasstromen", "F2"),  # an amount
    ("Kengetallen", "B2"),  # measure
])
def test_uncached_formula_in_any_used_template_cell_is_an_issue(tmp_path, sheet, cell):
    reported = {"bcr": 1.4}  # Kengetallen row 2

    def change(wb):
        wb[sheet][cell] = "=1+1"

    path = write_study_template(make_study("f", reported=reported), tmp_path / "f.xlsx")
    assert openpyxl.load_workbook(path)["Kengetallen"]["B2"].value == "Baten-kostenverhouding"
    _edit(path, change)
    assert _codes(path)[0] == [("uncached_formula", sheet, cell)]


def test_uncached_variant_name_is_not_read_as_the_base_case(tmp_path):
    """The reported case: a formula in the variant column made base benefits 1.35 M -> 4.35 M."""
    flows = [("cost", "uitvoering_team", "gemeente", 2015, 1_000_000.0),
             ("benefit", "jeugdzorg", "gemeente", 2015, 1_350_000.0),
             ("cost", "uitvoering_team", "gemeente", 2015, 1_000_000.0, "hoog"),
             ("benefit", "jeugdzorg", "gemeente", 2016, 3_000_000.0, "hoog")]
    path = write_study_template(make_study("v", flows=flows), tmp_path / "v.xlsx")
    studies, report = check_files(path)
    base = studies[0].variant_items("basis")
    assert base.loc[base.kind == "benefit", "amount"].sum() == 1_350_000.0
    assert openpyxl.load_workbook(path)["Kasstromen"]["E5"].value == "hoog"
    _edit(path, _set("Kasstromen", E4='="ho"&"og"', E5='="ho"&"og"'))
    with unchanged(path):
        studies, report = check_files(path)
    assert studies == []
    assert [(i.code, i.cell) for i in report.issues] == [("uncached_formula", "E4"),
                                                         ("uncached_formula", "E5")]


def test_uncached_formula_in_an_unused_column_is_no_issue(tmp_path):
    path = _edit(_study(tmp_path / "t.xlsx"), _set("Kasstromen", K1="Totaal", K2="=F2"))
    assert _codes(path)[0] == []


@pytest.mark.parametrize(("sheet", "cell"), [
    ("Kasstromen basis", "A12"),  # a category (would silently take the one above)
    ("Kasstromen basis", "E10"),  # a year header (would silently drop a column)
    ("Uitgangspunten", "C18"),  # the horizon
    ("Uitgangspunten", "A5"),  # a metadata label
])
def test_uncached_formula_in_a_cockpit_is_an_issue(tmp_path, sheet, cell):
    path = _edit(write_cockpit(make_study("c1"), tmp_path / "c.xlsx"), _set(sheet, **{cell: "=1"}))
    assert check_files(write_cockpit(make_study("c2"), tmp_path / "ok.xlsx"))[1].ok
    assert _codes(path)[0] == [("uncached_formula", sheet, cell)]


@pytest.mark.parametrize(("sheet", "cell", "read"), [
    ("Studie", "B3", True),  # title = "=Studie!B3"
    ("Kasstromen", "A3", True),  # kind_column
    ("Kasstromen", "C4", True),  # actor_column
    ("Kasstromen", "D2", True),  # description_column
    ("Kasstromen", "F1", True),  # header_row of year_columns
    ("Kasstromen", "G3", True),  # an amount
    ("Kasstromen", "E3", False),  # the template's scenario column: not mapped
    ("Kasstromen", "F6", False),  # below last_row
])
def test_uncached_formula_where_a_mapping_points_is_an_issue(tmp_path, sheet, cell, read):
    book = _edit(_mapped(tmp_path), _set(sheet, **{cell: "=1"}))
    issues, _ = _codes(book)
    assert issues == ([("uncached_formula", sheet, cell)] if read else [])


@pytest.mark.parametrize(("sheet", "cell", "field"), [
    ("Algemeen", "B4", "municipality"),
    ("Algemeen", "D5", "key column"),
    ("Invoer A Bereik", "E3", "caseload"),
    ("Invoer B Kosten", "B3", "overhead"),
])
def test_uncached_formula_in_the_scenario_workbook_is_an_error(tmp_path, sheet, cell, field):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _edit(path, _set("Algemeen", B4="Veenwolde", B6=2026, B7=5, B9="nl-2021"))
    _edit(path, _set("Invoer A Bereik", B3=700, D3=1.0))
    _edit(path, _set("Invoer B Kosten", B2=80000))
    assert read_scenario_workbook(path).municipality == "Veenwolde"
    _edit(path, _set(sheet, **{cell: "=1+1"}))
    with pytest.raises(InputError) as info:
        read_scenario_workbook(path)
    assert re.match(rf"s\.xlsx!{sheet}!{cell}: .*formule die nooit is berekend", str(info.value))
    assert re.match(rf"s\.xlsx!{sheet}!{cell}: .*formula", info.value.render("en"))


# -- 5/6. TOML: nesting -------------------------------------------------------------------------
@pytest.mark.parametrize("deep", ["a = " + "[" * 10_000 + "]" * 10_000,
                                  "a = " + "{b = " * 5_000 + "1" + "}" * 5_000,
                                  "a" + ".b" * 10_000 + " = 1"])
def test_deeply_nested_toml_is_an_error_not_a_recursion_error(tmp_path, deep):
    book = _mapped(tmp_path, deep + "\n")
    (tmp_path / "diep.toml").write_text(deep + "\n", encoding="utf-8")
    result = _isolated(f"""
        import json
        from mkba.errors import InputError
        from mkba.io import check_files
        from mkba.scenario.files import read_spec
        _, report = check_files({str(book)!r})
        try:
            read_spec({str(tmp_path / "diep.toml")!r})
            error = None
        except InputError as exc:
            error = [str(exc), exc.render("en")]
        print(json.dumps([[[i.code, i.render()["message"], i.render("en")["message"]]
                           for i in report.issues], error]))
        """)
    issues, error = result
    assert [c for c, _, _ in issues] == ["mapping_error"]
    assert "m.mapping.toml" in issues[0][1] and "m.mapping.toml" in issues[0][2]
    assert "genest" in issues[0][1] and "nested" in issues[0][2]
    assert all(e.startswith(str(tmp_path / "diep.toml")) for e in error)
    assert "genest" in error[0] and "nested" in error[1]


# -- 7. numbers: finite and within range ----------------------------------------------------------
NUMERIC = [("team", "caseload", "{ zwaar = %s }", "team.caseload.zwaar"),
           ("team", "ramp_up", "[0.5, %s]", "team.ramp_up[1]"),
           ("costs", "per_fte", "%s", "costs.per_fte"),
           ("costs", "overhead_per_year", "%s", "costs.overhead_per_year"),
           ("costs", "overhead_share", "%s", "costs.overhead_share"),
           ("costs", "startup", "%s", "costs.startup"),
           ("costs", "payers", "{ gemeente = %s }", "costs.payers.gemeente"),
           ("evidence", "coverage", "%s", "evidence.coverage"),
           ("effects", "multiplier", "%s", "effects.multiplier"),
           ("effects", "fixed", "{ jeugdzorg = %s }", "effects.fixed.jeugdzorg"),
           ("population", "households", "{ zwaar = %s, kwetsbaar = 700 }",
            "population.households.zwaar")]


def _scenario_with(section: str, key: str, value: str) -> str:
    head = f"[{section}]\n"
    lines = SCENARIO.split(head, 1)
    rest = lines[1].split("\n")
    rest = [f"{key} = {value}" if line.startswith(f"{key} =") else line for line in rest]
    return lines[0] + head + "\n".join(rest)


def test_scenario_fixture_is_valid():
    import tomllib

    from mkba.scenario.spec import spec_from_mapping

    spec = spec_from_mapping(tomllib.loads(SCENARIO), source="s.toml")
    assert spec.caseload[0] == 6.0 and spec.overhead_share == 0.1


# every numeric field with each bad value; a tiny positive number is only bad as a caseload
BAD_NUMBERS = [(*n, bad) for n in NUMERIC for bad in ("inf", "-inf", "nan", "1e308", "-1e308")]
BAD_NUMBERS.append((*NUMERIC[0], "1e-300"))


@pytest.mark.parametrize(("section", "key", "form", "field", "bad"), BAD_NUMBERS,
                         ids=[f"{n[3]}={n[4]}" for n in BAD_NUMBERS])
def test_every_scenario_number_is_finite_and_in_range(tmp_path, section, key, form, field, bad):
    path = tmp_path / "s.toml"
    path.write_text(_scenario_with(section, key, form % bad), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_spec(path)
    message, english = str(info.value), info.value.render("en")
    assert message.startswith(f"{path}: {field}: ") and "is niet toegestaan" in message
    assert english.startswith(f"{path}: {field}: ") and "is not allowed" in english


@pytest.mark.parametrize(("cell", "value", "field"), [
    ("E2", 1e-300, "team.caseload.zwaar"), ("B2", 1e308, "population.households.zwaar")])
def test_scenario_workbook_numbers_in_range(tmp_path, cell, value, field):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _edit(path, _set("Algemeen", B4="Veenwolde", B6=2026, B7=5, B9="nl-2021"))
    _edit(path, _set("Invoer B Kosten", B2=80000))
    _edit(path, _set("Invoer A Bereik", B3=700, **{cell: value}))
    with pytest.raises(InputError) as info:
        read_scenario_workbook(path)
    # named with its cell among every problem of the workbook (here also the missing reach)
    where = rf"s\.xlsx!Invoer A Bereik!{cell} \({re.escape(field)}\): "
    assert re.search(where + ".* is niet toegestaan", str(info.value))
    assert re.search(where + ".* is not allowed", info.value.render("en"))


def test_scenario_at_the_edges_of_every_range_runs_to_finite_results(tmp_path):
    """The ranges keep every product finite: the extreme corner still gives numbers."""
    import math

    from mkba.io import read_studies
    from mkba.scenario import run_scenario
    from mkba.scenario.spec import spec_from_mapping

    spec = spec_from_mapping({
        "municipality": "X", "first_year": 2026, "horizon": MAX_HORIZON, "discount_rate": 0.0,
        "population": {"households": {"zwaar": 1e7, "kwetsbaar": 1e7, "overig": 1e7}},
        "team": {"caseload": {"zwaar": 0.1, "kwetsbaar": 0.1, "overig": 0.1},
                 "reach": {"zwaar": 1.0, "kwetsbaar": 1.0, "overig": 1.0}},
        "costs": {"per_fte": 1e7, "overhead_per_year": 1e12, "overhead_share": 10,
                  "startup": 1e12}, "effects": {"multiplier": 100,
                                                "fixed": {"jeugdzorg": 1e7}}}, source="x")
    studies = read_studies([REPO / "studies" / "duinhaven-2010.xlsx",
                            REPO / "studies" / "lindemonde-2013.xlsx"])
    result = run_scenario(spec, studies, monte_carlo=False)
    numbers = result.by_year.select_dtypes("number").to_numpy().ravel()
    assert len(numbers) and all(math.isfinite(x) for x in numbers)


@pytest.mark.parametrize(("xml", "code"), [
    (b"<v>1e999</v>", "not_a_number"),  # infinite
    (b"<v>" + b"9" * 400 + b"</v>", "not_a_number"),  # an int beyond float
    (b"<v>1e308</v>", "invalid_value"),  # finite but beyond MAX_AMOUNT
    (b"<v>nan</v>", "corrupt_file"),  # no number Excel writes
])
def test_non_finite_or_huge_amounts_are_issues(tmp_path, xml, code):
    src = _study(tmp_path / "s.xlsx")
    part = _part(src, "Kasstromen")
    data = zipfile.ZipFile(src).read(part)
    f2 = re.search(rb'<c r="F2"[^>]*>.*?</c>', data).group(0)
    path = _rezip(src, tmp_path / "n.xlsx", {part: data.replace(
        f2, b'<c r="F2" t="n">' + xml + b"</c>")})
    assert _codes(path)[0] == [(code, "Kasstromen", "F2")]


@pytest.mark.parametrize("households", [10**8, 10**13])
def test_households_beyond_the_bound(tmp_path, households):
    path = _edit(_study(tmp_path / "h.xlsx"), _set("Studie", B19=households))  # B19: households
    assert _codes(path)[0] == [("invalid_value", "Studie", "B19")]


# -- 8. control characters ------------------------------------------------------------------------
def test_c1_control_character_in_a_title_is_an_issue(tmp_path):
    path = _edit(_study(tmp_path / "c.xlsx"), _set("Studie", B3="Wijkteam\x9b2J Noord"))
    issues, report = _codes(path)
    assert issues == [("control_character", "Studie", "B3")]
    assert report.issues[0].render()["message"] == "de tekst in deze cel bevat het stuurteken \\x9b"
    assert "\\x9b" in report.issues[0].render("en")["message"]
    assert not CONTROL.search(report.format()) and not CONTROL.search(report.format("en"))


def test_excel_escaped_esc_in_an_inline_label_is_an_issue(tmp_path):
    src = _study(tmp_path / "s.xlsx")  # mkba writes text inline
    part = _part(src, "Kasstromen")
    data = zipfile.ZipFile(src).read(part)
    assert data.count(b"<t>Gemeente</t>") == 2  # the actor of rows 2 and 3
    path = _rezip(src, tmp_path / "esc.xlsx", {part: data.replace(
        b"<t>Gemeente</t>", b"<t>Gemeente_x001B_[2J</t>", 1)})
    issues, report = _codes(path)
    assert issues == [("control_character", "Kasstromen", "C2")]
    assert not CONTROL.search(report.format()) and "\\x1b" in report.format()


def _shared(src: Path, target: Path, sheet: str, text: bytes, cells: list[str]) -> Path:
    """``src`` with ``cells`` of ``sheet`` turned into references to one shared string."""
    part = _part(src, sheet)
    sheet_xml = zipfile.ZipFile(src).read(part)
    for ref in cells:
        sheet_xml = re.sub(rb'<c r="%s"[^>]*>.*?</c>' % ref.encode(),
                           b'<c r="%s" t="s"><v>0</v></c>' % ref.encode(), sheet_xml)
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + text
           + b"</t></si></sst>")
    kind = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    target = _rezip(src, target, {
        part: sheet_xml,
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(
            b"</Relationships>", b'<Relationship Id="rIdS" Type="' + kind
            + b'" Target="sharedStrings.xml"/></Relationships>'),
        "[Content_Types].xml": lambda d: d.replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
            b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))})
    with zipfile.ZipFile(target, "a") as z:
        z.writestr("xl/sharedStrings.xml", sst)
    return target


def test_shared_strings_are_read_as_excel_writes_them(tmp_path):
    path = _shared(_study(tmp_path / "s.xlsx"), tmp_path / "sst.xlsx", "Kasstromen",
                   b"Gemeente", ["C2", "C3"])
    studies, report = check_files(path)
    assert report.ok and set(studies[0].items.actor_label) == {"Gemeente", "Zorgverzekeraar"}


def test_excel_escaped_esc_in_a_shared_label_is_an_issue(tmp_path):
    path = _shared(_study(tmp_path / "s.xlsx"), tmp_path / "esc.xlsx", "Kasstromen",
                   b"Gemeente_x001B_[2J", ["C2", "C3"])
    issues, report = _codes(path)
    assert issues == [("control_character", "Kasstromen", "C2"),
                      ("control_character", "Kasstromen", "C3")]
    assert not CONTROL.search(report.format()) and "\\x1b" in report.format()


def test_raw_escape_byte_in_sheet_xml_is_a_damaged_file(tmp_path):
    src = _study(tmp_path / "s.xlsx")
    path = _in_sheet(src, "Studie", b'<row r="40"><c r="A40" t="inlineStr"><is><t>a\x1bb</t>'
                                    b"</is></c></row>")
    assert _codes(path)[0] == [("corrupt_file", "Studie", None)]


def test_id_with_a_line_break_and_a_sheet_name_with_a_control(tmp_path):
    path = _edit(_study(tmp_path / "c.xlsx"), _set("Studie", B2="vij\nandig"))
    assert _codes(path)[0] == [("control_character", "Studie", "B2")]
    notes = _edit(_study(tmp_path / "n.xlsx"), _set("Studie", B25="regel 1\nregel 2\ttab"))
    assert _codes(notes)[0] == []  # line breaks and tabs in notes are fine

    def rename(wb):
        wb["Contante waarden"].title = "Contante\x85waarden"
    issues, report = _codes(_edit(_study(tmp_path / "t.xlsx"), rename))
    assert issues == [("control_character", None, None)]
    assert "\\x85" in report.issues[0].render("en")["found"]
    assert report.issues[0].render()["message"] == "een bladnaam bevat het stuurteken \\x85"


def test_scenario_toml_text_with_escape_is_an_error_shown_escaped(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('title = "\\u001b[2J"\n' + SCENARIO, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_spec(path)
    assert str(info.value).startswith(f"{path}: title: ") and "\\x1b" in str(info.value)
    assert "stuurteken" in str(info.value) and "control character" in info.value.render("en")
    assert not CONTROL.search(str(info.value)) and not CONTROL.search(info.value.render("en"))


def test_mapping_toml_text_with_escape_is_a_mapping_error(tmp_path):
    book = _mapped(tmp_path, MAPPING.replace('municipality = "Testdorp"',
                                             'municipality = "Test\\u009bdorp"'))
    issues, report = _codes(book)
    assert [c for c, _, _ in issues] == ["mapping_error"]
    assert "study.municipality" in report.issues[0].render()["message"]
    assert "study.municipality" in report.issues[0].render("en")["message"]
    assert not CONTROL.search(report.format()) and not CONTROL.search(report.format("en"))


def test_scenario_workbook_text_with_control_is_an_error(tmp_path):
    path = write_scenario_template(tmp_path / "s.xlsx")
    _edit(path, _set("Algemeen", B4="Veen\x9bwolde", B6=2026, B7=5, B9="nl-2021"))
    _edit(path, _set("Invoer A Bereik", B3=700, D3=1.0))
    _edit(path, _set("Invoer B Kosten", B2=80000))
    with pytest.raises(InputError) as info:
        read_scenario_workbook(path)
    assert re.match(r"s\.xlsx!Algemeen!B4: .*stuurteken \\x9b", str(info.value))
    assert re.match(r"s\.xlsx!Algemeen!B4: .*control character \\x9b", info.value.render("en"))


def test_reports_never_carry_raw_control_characters():
    issue = Issue("unknown_label", Text("label {v}", "label {v}", v="\x1b[31mrood\x1b[0m"),
                  "a\x9b.xlsx", "Blad\x07", "B2", found="'\x1b'",
                  expected=Text("een\nlabel{v}", "a\nlabel{v}", v="\u202e"))
    report = ValidationReport(("a\x9b.xlsx",), (issue,))
    for lang in ("nl", "en"):
        assert not CONTROL.search(report.format(lang).replace("\n    ", " "))
        assert "\\x1b[31mrood" in report.format(lang) and "\\u202e" in report.format(lang)
        text = report.to_json(lang)
        assert not CONTROL.search(text.replace("\n", "")) and "\u202e" not in text
        assert json.loads(text)["issues"][0]["message"] == "label \x1b[31mrood\x1b[0m"
    assert printable("a\x1bb\nc") == "a\\x1bb\nc" and printable("\t", lines=False) == "\\t"


def test_cli_output_on_a_hostile_title_has_no_raw_controls(tmp_path):
    path = _edit(_study(tmp_path / "c.xlsx"), _set("Studie", B3="Titel\x9b31m", B4="\x85"))
    from mkba.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    assert code == 1 and "[control_character]" in out.getvalue()
    assert not CONTROL.search(out.getvalue() + err.getvalue())


# -- the issue codes and the CLI ------------------------------------------------------------------
def test_new_issue_codes_are_declared():
    for code in ("not_a_regular_file", "file_too_large", "sheet_too_large", "control_character",
                 "too_many_issues"):
        assert code in ISSUE_CODES


def test_cli_exits_1_without_traceback_on_hostile_workbooks(tmp_path):
    stray = _in_sheet(_study(tmp_path / "s.xlsx"), "Kasstromen",
                      b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                      tmp_path / "ver.xlsx", dimension=b"A1:XFD1048576")
    lang = _edit(_study(tmp_path / "lang.xlsx"), _set("Studie", B18=10**9))
    deep = _mapped(tmp_path, "a = " + "[" * 5000 + "]" * 5000)
    proc = _cli("validate", stray, lang, deep)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    for text in ("ver.xlsx!Kasstromen!XFD1048576: [sheet_too_large]",
                 "lang.xlsx!Studie!B18: [invalid_value]", "m.xlsx: [mapping_error]"):
        assert text in proc.stdout
