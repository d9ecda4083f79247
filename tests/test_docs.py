"""The pages under docs/ are tested here, so that what they say stays true.

- docs/mapping.md (the cookbook): every sheet shown as a table is built into a workbook, every
  mapping file on the page is written beside it, the workbook is imported with
  :func:`mkba.io.read_studies`, and the present values must equal those the page states (which
  the page works out by hand). Each mistake the page shows is made in the mapping file, and
  mkba must print the lines the page shows.
- docs/method.md: the hand-worked example; the numbers the page computes by hand must be what
  mkba computes.
- docs/api.md and docs/method.md: every python and console block runs and prints what the page
  says (``helpers_docs.run_page``, as for the README).
- every link between the pages points to a page and a heading that exist, and no page sends the
  reader outside the repository.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO
from helpers_docs import blocks, marked, run_page

from mkba.appraisal import appraise
from mkba.io import check_files, read_studies
from mkba.schema import Study, items_frame

DOCS = REPO / "docs"
MAPPING = DOCS / "mapping.md"
METHOD = DOCS / "method.md"
API = DOCS / "api.md"
PAGES = [REPO / "README.md", REPO / "studies" / "README.md", *sorted(DOCS.glob("*.md"))]


# -- reading the page ---------------------------------------------------------------------------
def dutch_number(text: str) -> float | None:
    """A number as the page writes it, the Dutch way: 1.240.000, -850, 0,055, 5,5%.

    >>> dutch_number("1.240.000"), dutch_number("-850"), dutch_number("5,5%")
    (1240000.0, -850.0, 0.055)
    """
    raw = text.strip().replace("\u2212", "-")
    percent = raw.endswith("%")
    raw = raw.rstrip("%")
    if not re.fullmatch(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?", raw):
        return None
    value = float(raw.replace(".", "").replace(",", "."))
    return round(value / 100, 12) if percent else value


def cell_value(text: str):
    """The value of a cell as the page shows it: empty, text in `code style`, a number, text."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("`") and text.endswith("`"):
        return text[1:-1]
    number = dutch_number(text)
    if number is None:
        return text
    return int(number) if number == int(number) and "," not in text else number


def build_files(page: Path, folder: Path) -> None:
    """Every workbook (``<!-- sheet: book.xlsx!Sheet -->`` tables) and every file
    (``<!-- file: name -->`` code blocks) of ``page``, written into ``folder``."""
    books: dict[str, openpyxl.Workbook] = {}
    for block in marked(page, "sheet"):
        book, sheet = block.marker[1].split("!")
        if book not in books:
            books[book] = openpyxl.Workbook()
            books[book].remove(books[book].active)
        ws = books[book].create_sheet(sheet)
        header, *rows = block.rows()
        letters = header[1:]
        for row in rows:
            for letter, text in zip(letters, row[1:], strict=True):
                value = cell_value(text)
                if value is not None:
                    ws[f"{letter}{int(row[0])}"] = value
    for name, wb in books.items():
        wb.save(folder / name)
    for block in marked(page, "file"):
        (folder / block.marker[1]).write_text(block.body, encoding="utf-8")


def imported(page: Path) -> dict[str, list[dict]]:
    """The tables ``<!-- imported: book.xlsx -->``: per workbook, the line items stated."""
    out = {}
    for block in marked(page, "imported"):
        header, *rows = block.rows()
        assert header[:4] == ["kind", "category", "actor", "description"]
        out[block.marker[1]] = [dict(kind=r[0], category=r[1], actor=r[2], description=r[3],
                                     amount=dutch_number(r[4])) for r in rows]
    return out


def _present_values(study: Study) -> dict[tuple, float]:
    """The study's present values per line item on its own basis (own price year, own rate and
    horizon, first year discounted one year)."""
    a = appraise(study, price_year=study.price_year)
    return {(r.kind, r.category, r.actor): r.amount for r in a.by_item.itertuples()}


# -- the cookbook -------------------------------------------------------------------------------
LAYOUT_A = "lindeveld-2015.xlsx"


def test_the_cookbook_shows_three_layouts_with_their_mapping_files():
    books = imported(MAPPING)
    assert set(books) == {"westerkoog-2017.xlsx", "zandwijk-2014.xlsx", LAYOUT_A}
    files = {b.marker[1] for b in marked(MAPPING, "file")}
    assert {Path(b).stem + ".mapping.toml" for b in books} <= files
    for block in marked(MAPPING, "file"):
        assert block.kind == "toml"


@pytest.mark.parametrize("book", ["westerkoog-2017.xlsx", "zandwijk-2014.xlsx", LAYOUT_A])
def test_each_layout_imports_the_present_values_worked_out_by_hand(book, tmp_path):
    build_files(MAPPING, tmp_path)
    (study,) = read_studies([tmp_path / book])
    expected = imported(MAPPING)[book]
    got = _present_values(study)
    assert sorted(got) == sorted((e["kind"], e["category"], e["actor"]) for e in expected)
    for e in expected:
        # the page rounds to whole euros
        assert got[e["kind"], e["category"], e["actor"]] == pytest.approx(e["amount"], abs=0.5)
        rows = study.items[(study.items["kind"] == e["kind"])
                           & (study.items["category"] == e["category"])
                           & (study.items["actor"] == e["actor"])]
        assert set(rows["description"]) == {e["description"]}


def test_layout_b_reads_one_amount_per_cell_with_its_year_and_source(tmp_path):
    build_files(MAPPING, tmp_path)
    (study,) = read_studies([tmp_path / "westerkoog-2017.xlsx"])
    assert len(study.items) == 12
    first = study.items.iloc[0]
    assert (first["year"], first["amount"], first["source"]) == (
        2017, 200000.0, "westerkoog-2017.xlsx!Kasstromen!D5")
    a = appraise(study, price_year=2016)
    # the totals the page states, worked by hand from the four present values
    assert round(a.pv_costs) == 594008 and round(a.pv_benefits) == 609225
    assert round(a.net_pv) == 15217 and round(a.bcr, 2) == 1.03
    balance = dict(zip(a.by_actor["actor"], a.by_actor["balance"], strict=True))
    assert round(balance["gemeente"]) == -331405 and round(balance["zorgverzekeraar"]) == 346622


def test_layout_c_reads_the_text_amount_and_the_reported_figures(tmp_path):
    build_files(MAPPING, tmp_path)
    (study,) = read_studies([tmp_path / "zandwijk-2014.xlsx"])
    assert study.municipality == "Zandwijk"
    source = study.items.set_index("category").loc["uitkeringen_arbeid", "source"]
    assert source == "zandwijk-2014.xlsx!Baten!D5"
    assert {(f.measure, f.value) for f in study.reported} == {
        ("pv_costs", 1385000.0), ("pv_benefits", 1535000.0), ("bcr", 1.11)}


def test_layout_a_gives_the_totals_and_balances_the_page_works_out(tmp_path):
    build_files(MAPPING, tmp_path)
    (study,) = read_studies([tmp_path / LAYOUT_A])
    a = appraise(study, price_year=study.price_year)
    assert (a.pv_costs, a.pv_benefits, a.net_pv) == (910000.0, 975000.0, 65000.0)
    assert round(a.bcr, 4) == 1.0714
    balance = dict(zip(a.by_actor["actor"], a.by_actor["balance"], strict=True))
    assert balance == {"gemeente": -445000.0, "zorgverzekeraar": 310000.0,
                       "woningcorporatie": 120000.0, "politie_justitie": 80000.0}
    assert {(f.measure, f.value) for f in study.reported} == {("net_pv", 65000.0),
                                                              ("bcr", 1.07)}


def test_layout_a_with_categories_as_columns_reads_the_same(tmp_path):
    # what the page says: the same table turned a quarter, one actor per row and a category per
    # column, is read with category_columns and actor_column
    build_files(MAPPING, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / LAYOUT_A)
    ws = wb["MKBA"]
    rows, cols = [4, 5, 7, 8, 9, 10], ["B", "C", "D", "E"]
    turned = wb.create_sheet("Per actor")
    turned["A3"] = "Actor"
    for j, r in enumerate(rows, start=2):
        turned.cell(3, j, ws[f"A{r}"].value)
    for i, c in enumerate(cols, start=4):
        turned.cell(i, 1, ws[f"{c}3"].value)
        for j, r in enumerate(rows, start=2):
            turned.cell(i, j, ws[f"{c}{r}"].value)
    wb.save(tmp_path / LAYOUT_A)
    mapping = tmp_path / "lindeveld-2015.mapping.toml"
    text = mapping.read_text(encoding="utf-8")
    block = 'sheet = "MKBA"\ncategory_column = "A"\nactor_columns = "B:F"\nheader_row = 3\n' \
            "first_row = 4\nlast_row = 11\n"
    assert text.count(block) == 1
    mapping.write_text(text.replace(block, 'sheet = "Per actor"\nactor_column = "A"\n'
                                    'category_columns = "B:G"\nheader_row = 3\nfirst_row = 4\n'),
                       encoding="utf-8")
    (study,) = read_studies([tmp_path / LAYOUT_A])
    expected = imported(MAPPING)[LAYOUT_A]
    assert {k: round(v) for k, v in _present_values(study).items()} == {
        (e["kind"], e["category"], e["actor"]): e["amount"] for e in expected}


def test_a_shared_labels_file_reads_as_the_mappings_own_labels(tmp_path):
    build_files(MAPPING, tmp_path)
    mapping = tmp_path / "lindeveld-2015.mapping.toml"
    text = mapping.read_text(encoding="utf-8")
    own = re.search(r"\n\[labels\]\n(?:\".*\n)+", text).group(0)
    mapping.write_text('labels_file = "labels.toml"\n' + text.replace(own, "\n"),
                       encoding="utf-8")
    (study,) = read_studies([tmp_path / LAYOUT_A])
    expected = imported(MAPPING)[LAYOUT_A]
    got = _present_values(study)
    assert {k: round(v) for k, v in got.items()} == {
        (e["kind"], e["category"], e["actor"]): e["amount"] for e in expected}


def _mistakes():
    """Each ``<!-- mistake: {"replace": [old, new]} -->`` text block of the cookbook."""
    return [(json.loads(b.marker[1]), b.body, b.line) for b in marked(MAPPING, "mistake")]


def test_the_cookbook_shows_five_mistakes():
    assert len(_mistakes()) == 5


@pytest.mark.parametrize("mistake", _mistakes(), ids=lambda m: f"line {m[2]}")
def test_each_mistake_gives_the_message_the_cookbook_shows(mistake, tmp_path):
    spec, shown, _ = mistake
    build_files(MAPPING, tmp_path)
    mapping = tmp_path / (Path(spec.get("book", LAYOUT_A)).stem + ".mapping.toml")
    old, new = spec["replace"]
    text = mapping.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    mapping.write_text(text.replace(old, new), encoding="utf-8")
    studies, report = check_files([tmp_path / spec.get("book", LAYOUT_A)])
    assert not studies
    printed = report.format("nl").splitlines()
    for line in shown.splitlines():
        assert line in printed


# -- the method page ----------------------------------------------------------------------------
def _example_study(flows: bool = True) -> Study:
    """The worked example of the method page: yearly flows, or its present values only."""
    if flows:
        rows = [("cost", "uitvoering_team", "gemeente", 2015, 100_000),
                ("cost", "uitvoering_team", "gemeente", 2016, 100_000),
                ("benefit", "jeugdzorg", "gemeente", 2016, 60_000),
                ("benefit", "jeugdzorg", "gemeente", 2017, 60_000),
                ("benefit", "specialistische_zorg", "zorgverzekeraar", 2015, 20_000),
                ("benefit", "specialistische_zorg", "zorgverzekeraar", 2016, 40_000),
                ("benefit", "specialistische_zorg", "zorgverzekeraar", 2017, 40_000)]
    else:
        rows = [("cost", "uitvoering_team", "gemeente", None, 184_632),
                ("benefit", "jeugdzorg", "gemeente", None, 105_004),
                ("benefit", "specialistische_zorg", "zorgverzekeraar", None, 88_960)]
    items = items_frame([dict(variant="basis", kind=k, category=c, actor=a, year=y,
                              amount=float(v)) for k, c, a, y, v in rows])
    return Study("voorbeeld-2015", "Voorbeeld", "Voorbeeld", "Wijkteam", "zorg_welzijnsteam",
                 "wijk", "kwetsbaar", "gezinnen", "lopend", "ex_post", "quickscan", year=2015,
                 price_year=2014, discount_rate=0.055, first_year=2015, horizon=3,
                 households=50, illustrative=True, items=items)


def _figures(a) -> dict[str, float]:
    """What the method page's hand-worked tables name, as mkba computes it."""
    actors = a.by_actor.set_index("actor")
    out = {"contante waarde kosten": a.pv_costs, "contante waarde baten": a.pv_benefits,
           "netto contante waarde": a.net_pv, "baten-kostenverhouding": a.bcr,
           "netto per huishouden": a.net_per_household,
           "baten gemeente": actors.at["gemeente", "benefits"],
           "baten zorgverzekeraar": actors.at["zorgverzekeraar", "benefits"],
           "saldo gemeente": actors.at["gemeente", "balance"],
           "saldo zorgverzekeraar": actors.at["zorgverzekeraar", "balance"]}
    for year, factor in zip(a.by_year["year"], a.by_year["discount_factor"], strict=True):
        out[f"discount factor {year}"] = factor
    return out


def _shown_precision(text: str) -> float:
    """Half a unit of the last digit shown: 0,5 for 184.632, 0,005 for 1,05."""
    decimals = len(text.split(",")[1]) if "," in text else 0
    return 0.5 * 10 ** -decimals


@pytest.mark.parametrize(("table", "basis"), [("own", {"price_year": 2014}),
                                              ("common", {"price_year": 2016, "rate": "nl-2016"})])
def test_mkba_gives_the_numbers_the_method_page_works_out_by_hand(table, basis):
    (block,) = [b for b in marked(METHOD, "hand-worked") if b.marker[1] == table]
    header, *rows = block.rows()
    assert header == ["figure", "worked by hand", "result"]
    figures = _figures(appraise(_example_study(), **basis))
    for name, _, result in rows:
        assert figures[name] == pytest.approx(dutch_number(result), abs=_shown_precision(result)), \
            name
    assert len(rows) >= 7


def test_the_method_pages_other_hand_worked_numbers():
    text = METHOD.read_text(encoding="utf-8")
    at_t0 = appraise(_example_study(), price_year=2014, timing="t0")
    assert "194.787" in text and round(at_t0.pv_costs) == 194787
    assert "204.632" in text and round(at_t0.pv_benefits) == 204632
    # present values only: price indexed to 2016, not discounted again
    only = appraise(_example_study(flows=False), price_year=2016, rate="nl-2016")
    assert not only.recomputed
    assert "186.297" in text and round(only.pv_costs) == 186297
    assert "195.713" in text and round(only.pv_benefits) == 195713
    assert "1,006 × 1,003 = 1,009018" in text


def test_the_basis_sentence_on_the_method_page_is_the_reports():
    from mkba.appraisal import describe_basis
    from mkba.basis import as_basis

    studies = read_studies(REPO / "studies")
    shown = describe_basis([appraise(s, as_basis()) for s in studies], "nl")
    first_text = next(b for b in blocks(METHOD) if b.kind == "text")
    assert first_text.body.strip() == shown


def test_the_regimes_and_cpi_on_the_method_page_are_the_shipped_tables():
    from mkba.reference import cpi_changes, discount_regimes

    text = METHOD.read_text(encoding="utf-8")
    for code, regime in discount_regimes().items():
        rate = f"{regime['rate'] * 100:g}%".replace(".", ",")
        assert re.search(rf"\| `{code}` \|[^|]*\| {re.escape(rate)} \|", text), code
    (cpi,) = [b for b in blocks(METHOD) if b.kind == "table" and b.body.startswith("| year")]
    years, changes = cpi.rows()
    for year, change in zip(years[1:], changes[1:], strict=True):
        assert dutch_number(change) == pytest.approx(cpi_changes()[int(year)])
    assert int(years[-1]) == max(cpi_changes())
    first, last = min(cpi_changes()), max(cpi_changes())
    flat = " ".join(text.split())
    assert f"({first}-{last})" in flat and f"the latest year of the table ({last})" in flat


# -- every page runs -----------------------------------------------------------------------------
@pytest.mark.parametrize("page", [METHOD, API, MAPPING], ids=lambda p: p.name)
def test_the_pages_code_runs_and_prints_what_it_says(page, tmp_path, monkeypatch):
    for folder in ("studies", "scenarios"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    assert run_page(page, tmp_path) >= 1


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def test_links_between_the_pages_point_to_pages_and_headings_that_exist():
    link = re.compile(r"\]\(([^)\s]+)\)")
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in link.findall(text):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            assert file.is_relative_to(REPO), f"{page.name} sends the reader out: {target}"
            assert file.exists(), f"{page.name}: {target}"
            if anchor:
                headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), re.M)
                assert anchor in {_anchor(h) for h in headings}, f"{page.name}: {target}"
        assert "../shared" not in text, page.name


def test_the_readme_links_the_three_pages():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("docs/method.md", "docs/mapping.md", "docs/api.md"):
        assert f"]({name}" in readme, name
    assert "](../docs/mapping.md" in (REPO / "studies" / "README.md").read_text(encoding="utf-8")
