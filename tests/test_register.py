"""The register of published MKBAs: the shipped file, its checks, and what stays out of pooling.

The expected figures below were read in the public sources named in the shipped register (the
addresses in its ``source_url`` column); they are the outside check of what the reader makes of
the file.
"""

from __future__ import annotations

import csv

import pytest

from mkba.errors import InputError
from mkba.headlines import headline_text, left_out_of_pooling
from mkba.io.register import COLUMNS, check_register, read_register, shipped_register


def _by_id():
    return {s.id: s for s in read_register()}


def test_the_shipped_register_validates_and_names_its_sources():
    studies, report = check_register(shipped_register())
    assert report.ok, report.format("en")
    assert len(studies) == 22
    assert all(s.source.startswith(("https://", "http://")) for s in studies)
    assert sum(len(s.headlines) for s in studies) == 11


def test_the_shipped_register_opens_in_dutch_excel():
    raw = shipped_register().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.split(";") == list(COLUMNS)


@pytest.mark.parametrize(("study", "measure", "value", "bound", "period"), [
    # "tot 2 euro per geïnvesteerde euro" (Ecorys, Amsterdam West 2014): an upper bound
    ("amsterdam-west-2014-buurtpraktijkteam", "bcr", 2.0, "upper", None),
    # "ruim 1,90" (Van Overleven Naar Leven 2021): a lower bound
    ("amsterdam-nieuw-west-2021-vonl", "bcr", 1.9, "lower", None),
    # "netto 1,8 miljoen euro op jaarbasis" (Den Haag 2011): per year, not a present value
    ("denhaag-2011-casemanagement", "yearly_saving", 1_800_000.0, "estimate", "per_year"),
    # "ongeveer 30 procent goedkoper" (Tilburg 2015)
    ("tilburg-2015-wijkteams", "cost_reduction_pct", 0.30, "estimate", None),
    # the mean ratio of about 1,6 over 32 business cases (SEOR 2020)
    ("seor-2020-meta-sociaal-werk", "bcr", 1.6, "estimate", None),
])
def test_figures_keep_what_they_are(study, measure, value, bound, period):
    h = _by_id()[study].headlines[0]
    assert (h.measure, h.value, h.bound, h.period) == (measure, pytest.approx(value), bound,
                                                       period)


def test_a_range_keeps_both_ends():
    h = _by_id()["rotterdam-2014-wijkteams"].headlines[0]  # "4% tot 15%"
    assert (h.value, h.low, h.high, h.bound) == (None, pytest.approx(0.04),
                                                 pytest.approx(0.15), "range")
    assert headline_text(h) == "maatschappelijk rendement 4%–15% (bandbreedte)"


def test_headline_texts_say_their_kind_in_both_languages():
    studies = _by_id()
    upper = studies["amsterdam-west-2014-buurtpraktijkteam"].headlines[0]
    yearly = studies["denhaag-2011-casemanagement"].headlines[0]
    assert headline_text(upper) == "baten-kostenverhouding ≤ 2 (bovengrens)"
    assert headline_text(upper, "en") == "benefit-cost ratio ≤ 2 (upper bound)"
    assert headline_text(yearly) == "besparing per jaar € 1.800.000 (schatting, per jaar)"


def test_every_published_study_stays_out_of_pooling_with_its_reasons():
    studies = _by_id()
    reasons = {k: left_out_of_pooling(s) for k, s in studies.items()}
    assert "bovengrens" in reasons["amsterdam-west-2014-buurtpraktijkteam"].nl
    assert "upper bound" in reasons["amsterdam-west-2014-buurtpraktijkteam"].en
    assert "per jaar" in reasons["denhaag-2011-casemanagement"].nl
    assert "meta-analyse" in reasons["seor-2020-meta-sociaal-werk"].nl
    assert reasons["veenendaal-2012-achter-de-voordeur"].en == "no headline figure found"
    assert all(r.nl for r in reasons.values())


def _register(tmp_path, *rows, header=COLUMNS):
    path = tmp_path / "register.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(header)
        for row in rows:
            w.writerow([row.get(c, "") for c in header])
    return path


GOOD = {"register_id": "testdorp-2020", "scope": "team", "municipality": "Testdorp",
        "approach": "Wijkteam", "year": "2020", "status": "verified",
        "source_url": "https://example.org/mkba", "measure": "bcr", "value": "1,5",
        "bound": "estimate", "perspective": "society"}


def test_a_small_register_reads(tmp_path):
    (study,) = read_register(_register(tmp_path, GOOD))
    assert study.headlines[0].value == pytest.approx(1.5)


@pytest.mark.parametrize(("change", "code", "cell", "nl", "en"), [
    ({"measure": "rendement"}, "unknown_label", "K2", "kolom measure: onbekende waarde",
     "column measure: unknown value"),
    ({"value": "veel"}, "not_a_number", "L2", "kolom value: geen getal",
     "column value: not a number"),
    ({"bound": "range", "value": "", "low": "1"}, "missing_field", "N2",
     "zonder onder- of bovenkant", "without its low or high end"),
    ({"measure": "yearly_saving", "value": "100000", "period": "present_value"},
     "invalid_value", "Q2", "hoort bij de periode", "goes with the period"),
    ({"source_url": "www.example.org"}, "invalid_value", "U2", "geen webadres",
     "not a web address"),
    ({"year": "1850"}, "invalid_value", "F2", "buiten het toegestane bereik",
     "outside the allowed range"),
    ({"bound": ""}, "missing_field", "O2", "kolom bound: leeg", "column bound: empty"),
])
def test_a_wrong_cell_is_named_in_dutch_and_english(tmp_path, change, code, cell, nl, en):
    _, report = check_register(_register(tmp_path, {**GOOD, **change}))
    (issue,) = report.issues
    assert (issue.code, issue.cell) == (code, cell)
    assert nl in issue.render()["message"] and en in issue.render("en")["message"]


def test_rows_of_one_study_must_agree(tmp_path):
    other = {**GOOD, "year": "2021", "measure": "net_pv", "value": "1000",
             "period": "present_value"}
    _, report = check_register(_register(tmp_path, GOOD, other))
    (issue,) = report.issues
    assert issue.cell == "F3" and "rij 2" in issue.render()["message"]


def test_a_file_that_is_not_a_register_is_one_issue(tmp_path):
    path = _register(tmp_path, {}, header=("naam", "waarde"))
    with pytest.raises(InputError) as err:
        read_register(path)
    (issue,) = err.value.report.issues
    assert issue.code == "missing_column" and "register_id" in issue.render("en")["expected"]
