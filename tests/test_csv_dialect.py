"""CSVs that open in Dutch Excel: UTF-8 with a byte-order mark, ';' and a decimal comma for Dutch
output; ',' and '.' for English output or ``--csv-dialect plain``."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import STUDIES

from mkba.cli import main

BOM = b"\xef\xbb\xbf"


def _dutch(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")


def _plain(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data))


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("csv")
    out = {}
    for name, extra in (("nl", []), ("en", ["--lang", "en"]), ("plain", ["--csv-dialect",
                                                                          "plain"])):
        assert main(["tables", "--studies", str(STUDIES), "--out", str(root / name),
                     *extra]) == 0
        out[name] = {p.name: p.read_bytes() for p in (root / name).glob("*.csv")}
    return out


def test_dutch_tables_open_in_dutch_excel_with_numbers(tables):
    nl, en = tables["nl"], tables["en"]
    assert nl and set(nl) == set(en)
    for name, data in nl.items():
        assert data.startswith(BOM), name
        assert not en[name].startswith(BOM), name
        dutch, english = _dutch(data), _plain(en[name])
        assert dutch.shape == english.shape, name
        numeric = english.select_dtypes("number").columns
        # the same numbers, read as numbers, whichever dialect (column names are translated)
        for position in (english.columns.get_loc(c) for c in numeric):
            left, right = dutch.iloc[:, position], english.iloc[:, position]
            assert pd.api.types.is_numeric_dtype(left), (name, position)
            pd.testing.assert_series_equal(left, right, check_names=False)
    summary = _dutch(nl["summary.csv"])
    assert summary.select_dtypes("number").shape[1] >= 1


def test_a_decimal_number_is_written_with_a_comma(tables):
    text = tables["nl"]["summary.csv"].decode("utf-8-sig")
    header = text.splitlines()[0]
    assert ";" in header and "," not in header.replace(", ", "")
    assert any("," in cell and cell.replace(",", "").replace("-", "").isdigit()
               for line in text.splitlines()[1:] for cell in line.split(";"))


def test_plain_is_for_programs(tables):
    for name, data in tables["plain"].items():
        assert not data.startswith(BOM), name
        assert _plain(data).shape == _dutch(tables["nl"][name]).shape, name


def test_the_data_set_follows_the_language(tmp_path):
    assert main(["import", str(STUDIES), "-o", str(tmp_path / "nl")]) == 0
    assert main(["import", str(STUDIES), "-o", str(tmp_path / "en"), "--lang", "en"]) == 0
    nl = (tmp_path / "nl" / "items.csv").read_bytes()
    en = (tmp_path / "en" / "items.csv").read_bytes()
    assert nl.startswith(BOM) and not en.startswith(BOM)
    pd.testing.assert_series_equal(_dutch(nl)["amount"], _plain(en)["amount"])
    assert _dutch(nl)["amount"].dtype.kind == "f"


def test_every_pooled_table_says_whether_illustrative_studies_are_behind_it():
    from helpers_studies import make_study

    from mkba.analysis import pool_studies
    from mkba.io import read_studies
    from mkba.pooled_tables import pooled_tables

    shipped = pooled_tables(pool_studies(read_studies(STUDIES), by="approach_type", draws=200))
    assert {t.name for t in shipped} == {"pooled", "pooled_studies", "pooled_subgroups",
                                         "pooled_loo"}
    for table in shipped:  # every shipped study is an illustrative example
        assert set(table.frame["Illustratief"]) == {"ja"}, table.name
    # three real-looking studies and one example: only rows with the example say so
    studies = [make_study(f"s{i}", illustrative=i == 0, pv_items=[
        ("cost", "uitvoering_team", "gemeente", 1000.0, "basis"),
        ("benefit", "jeugdzorg", "gemeente", 1200.0 + 100 * i, "basis"),
        ("cost", "uitvoering_team", "gemeente", 1000.0, "hoog"),  # a sensitivity variant
        ("benefit", "jeugdzorg", "gemeente", 1500.0 + 100 * i, "hoog")]) for i in range(4)]
    mixed = {t.name: t.frame for t in pooled_tables(pool_studies(studies, draws=200), "en")}
    assert mixed["pooled"]["Illustrative"].tolist() == ["yes"]
    assert mixed["pooled_studies"]["Illustrative"].tolist() == ["yes", "no", "no", "no"]
    # leaving the example out leaves only studies that are not examples
    loo = mixed["pooled_loo"].set_index("Omitted")["Illustrative"]
    assert loo["s0"] == "no" and set(loo.drop("s0")) == {"yes"}


def test_scenario_csvs_say_whether_they_rest_on_illustrative_studies(tmp_path):
    from conftest import REPO

    out = tmp_path / "zwaar"
    assert main(["scenario", str(REPO / "scenarios" / "zwaar.toml"), "--studies", str(STUDIES),
                 "--out", str(out)]) == 0
    comparison = _dutch((out / "comparison.csv").read_bytes()).set_index("code")
    # the example scenario rests on the illustrative example studies, and says so
    assert comparison.loc["illustrative", "zwaar"] == "ja"
    # the amounts of a column that also holds 'ja' keep the decimal comma
    pv_costs = comparison.loc["pv_costs", "zwaar"]
    assert "," in pv_costs and float(pv_costs.replace(",", ".")) > 0
    for name in ("by_actor.csv", "by_year.csv"):
        frame = _dutch((out / name).read_bytes())
        assert frame["illustrative"].astype(bool).all(), name
        assert frame.select_dtypes("number").shape[1] >= 3, name  # numbers read as numbers
