"""Reference data sets for the pooling tests, and checks that they were transcribed correctly.

Other ``test_pooling_*`` modules import the data from here.

- Kacker (2004): nine measurements with their variances, and metafor ``rma`` results for them,
  in ``tests/data/kacker_metafor.json`` (a verbatim copy of ``shared/reference``). The same data
  and values are pinned in statsmodels' ``stats/tests/results/results_meta.py``.
- BCG vaccine trials (Colditz et al. 1994, JAMA 271:698-702), metafor's ``dat.bcg``: 2x2 counts
  and absolute latitude of 13 trials. Log risk ratios and their variances are computed as
  metafor's ``escalc(measure="RR")`` does. Reference values quoted in the tests come from
  metafor's own test suite (``tests/testthat/test_misc_influence.r``,
  ``test_misc_residuals.r``, ``test_misc_list_rma.r``) and its documented ``rma`` output.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
KACKER_LOCAL = HERE / "data" / "kacker_metafor.json"
KACKER_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / (
    "kacker_metafor.json"
)


def kacker() -> dict:
    """The Kacker/metafor reference (the local copy; the shared one need not be present)."""
    return json.loads(KACKER_LOCAL.read_text(encoding="utf-8"))


# dat.bcg (metafor): tpos, tneg (vaccinated with / without TB), cpos, cneg (controls), ablat
BCG_TPOS = np.array([4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27], dtype=float)
BCG_TNEG = np.array([119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493,
                     16886], dtype=float)
BCG_CPOS = np.array([11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29], dtype=float)
BCG_CNEG = np.array([128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338,
                     17825], dtype=float)
BCG_ABLAT = np.array([44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33], dtype=float)
BCG_ALLOC = ["random", "random", "random", "random", "alternate", "alternate", "random",
             "random", "random", "systematic", "systematic", "systematic", "systematic"]


def bcg() -> tuple[np.ndarray, np.ndarray]:
    """Log risk ratios and sampling variances of the BCG trials (escalc measure="RR")."""
    t_n = BCG_TPOS + BCG_TNEG
    c_n = BCG_CPOS + BCG_CNEG
    yi = np.log(BCG_TPOS / t_n) - np.log(BCG_CPOS / c_n)
    vi = 1 / BCG_TPOS - 1 / t_n + 1 / BCG_CPOS - 1 / c_n
    return yi, vi


def cochran_q(y, v) -> float:
    """Cochran's Q written out, for checking the data."""
    w = 1 / np.asarray(v)
    mu = np.sum(w * y) / np.sum(w)
    return float(np.sum(w * (np.asarray(y) - mu) ** 2))


def test_local_kacker_copy_is_the_shared_reference():
    if not KACKER_SHARED.exists():
        pytest.skip("shared/reference is not present next to the repository")
    assert json.loads(KACKER_SHARED.read_text(encoding="utf-8")) == kacker()


def test_kacker_data_give_metafors_q():
    ref = kacker()
    assert cochran_q(ref["y"], ref["v"]) == pytest.approx(ref["common"]["QE"], rel=1e-10)


def test_bcg_data_give_metafors_q():
    # metafor: rma(yi, vi, data=dat.bcg-escalc) -> QE = 152.233008082373 (test_misc_influence.r)
    yi, vi = bcg()
    assert cochran_q(yi, vi) == pytest.approx(152.233008082373, rel=1e-12)
