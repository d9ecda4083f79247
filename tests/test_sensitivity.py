"""Tests of mkba.sensitivity: the sensitivity numbers computed once, by hand.

The study of helpers_studies (own rate 25% here): costs 1000 in 2015, benefits 500 a year in
2015-2017, first year discounted one year, so the ratio is 0.5 * (1 + d + d**2) with
d = 1 / (1 + r):
  own 25%:          d = 0.8,      0.5 * (1 + 0.8 + 0.64)           = 1.22
  nl-2021 (2.25%):  d = 0.977995, 0.5 * (1 + 0.977995 + 0.956474) = 1.467235
  3%:               d = 0.970874, 0.5 * (1 + 0.970874 + 0.942596) = 1.456735
  own rate over 2 years: 0.5 * (1 + 0.8) = 0.9
A variant "laag" with benefits 400 a year: 0.4 * 2.44 = 0.976.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers_studies import DEFAULT_FLOWS, make_study

from mkba.appraisal import appraise_all
from mkba.basis import as_basis
from mkba.errors import ArgumentError
from mkba.sensitivity import COLUMNS, sensitivity_frame


def _study():
    low = [(k, c, a, y, v * 0.8 if k == "benefit" else v, "laag")
           for k, c, a, y, v in DEFAULT_FLOWS]
    return make_study(flows=[*DEFAULT_FLOWS, *low], discount_rate=0.25)


def test_every_setting_by_hand():
    f = sensitivity_frame([_study()], price_year=2015, rates=["nl-2021", "3%"], horizon=2)
    assert list(f.columns) == list(COLUMNS)
    got = {(r.setting, r.variant): r.bcr for r in f.itertuples()}
    assert got == pytest.approx({
        ("variant", "basis"): 1.22, ("variant", "laag"): 0.976, ("own_rate", "basis"): 1.22,
        ("nl-2021", "basis"): 1.467235, ("3%", "basis"): 1.456735,
        ("common_horizon", "basis"): 0.9}, abs=1e-6)
    regimes = dict(zip(f["setting"], f["regime"], strict=True))
    assert regimes["nl-2021"] == "nl-2021" and pd.isna(regimes["3%"])


def test_default_common_horizon_is_the_shortest_of_the_recomputed_studies():
    long = make_study(id="long", flows=[*DEFAULT_FLOWS, ("benefit", "jeugdzorg", "gemeente",
                                                         2019, 100.0)])
    f = sensitivity_frame([_study(), long], price_year=2015)
    assert set(f.loc[f["setting"] == "common_horizon", "horizon"]) == {3}


def test_variants_are_on_the_basis_and_reuse_given_appraisals():
    s = _study()
    basis = as_basis(price_year=2015, rate="nl-2021")
    given = {s.id: appraise_all(s, basis)}
    f = sensitivity_frame([s], basis=basis, appraisals=given)
    variants = f[f["setting"] == "variant"]
    assert list(variants["bcr"]) == [a.bcr for a in given[s.id]]
    # the own-rate row is the study's own rate and horizon, whatever the basis
    own = f[f["setting"] == "own_rate"].iloc[0]
    assert (own["rate"], own["bcr"]) == (0.25, pytest.approx(1.22))
    with pytest.raises(ArgumentError, match="^appraisals van s1 zijn niet op de basis") as exc:
        sensitivity_frame([s], basis=basis.with_(rate="own"), appraisals=given)
    assert exc.value.render("en").startswith("appraisals of s1 are not on the basis")


def test_bad_rates_are_refused_before_any_work():
    with pytest.raises(ArgumentError, match="rate='5.5'"):
        sensitivity_frame([_study()], rates=["5.5"])
    with pytest.raises(ArgumentError, match="^studies=\\[\\] is niet toegestaan; geef een of "
                                            "meer Study-objecten$") as exc:
        sensitivity_frame([])
    assert exc.value.render("en") == "studies=[] is not allowed; give one or more Study objects"
