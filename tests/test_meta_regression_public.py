"""Tests of the meta-regression without intercept and with a fixed tau2
(:func:`mkba.pooling.meta_regression` with ``intercept=False`` / ``tau2=``), and of the rule that
only :mod:`mkba.pooling` itself uses its private kernel.

Outside checks: a fixed-effect example worked by hand (weighted least squares in closed form);
metafor's published BCG fit ``rma(yi, vi, mods = ~ ablat)`` (intercept 0.2515, slope -0.0291),
which a model without intercept on the columns (1, ablat) must reproduce; an independent dense
numpy implementation (restricted likelihood maximised with scipy, coefficients by
``numpy.linalg.lstsq`` on the weighted rows).
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize
from test_pooling_data import BCG_ABLAT, BCG_ALLOC, bcg

from mkba.errors import ArgumentError
from mkba.pooling import meta_regression

ROOT = Path(__file__).resolve().parents[1]

# Three studies: one of heavy cases only, one of light only, one half-half; variances 1.
SHARES = {"heavy": [1.0, 0.0, 0.5], "light": [0.0, 1.0, 0.5]}
Y = [10.0, 2.0, 7.0]


def test_fixed_effect_without_intercept_by_hand():
    """By hand: X'X = [[1.25, 0.25], [0.25, 1.25]], X'y = [13.5, 5.5], det 1.5, so
    b = [15.5, 3.5] / 1.5 = [10.3333, 2.3333]; se = sqrt(1.25 / 1.5) = 0.912871 each;
    residuals -1/3, -1/3, 2/3, so QE = 6/9 = 0.6667 on 1 df; QM = b' X'X b = 1371/9 on 2 df
    (every coefficient: there is no intercept to leave out)."""
    res = meta_regression(Y, [1.0, 1.0, 1.0], SHARES, intercept=False, method="fe")
    assert res.names == ("heavy", "light")
    assert res.coef == pytest.approx([31 / 3, 7 / 3], abs=1e-12)
    assert res.se == pytest.approx([0.912870929] * 2, abs=1e-9)
    assert res.tau2 == 0.0 and res.k == 3 and res.p == 2
    assert res.qe == pytest.approx(2 / 3, abs=1e-12) and res.qe_df == 1
    assert res.qm == pytest.approx(1371 / 9, abs=1e-9) and res.qm_df == 2
    assert res.ci_low[0] == pytest.approx(31 / 3 - 1.959963985 * 0.912870929, abs=1e-8)
    assert np.isnan(res.r2)
    assert res.intercept is False and res.tau2_fixed is False
    assert res.reference_levels == ()


def test_reparametrised_bcg_matches_metafor():
    """A model without intercept on the columns (1, ablat) is metafor's
    ``rma(yi, vi, mods = ~ ablat)``: intercept 0.2515, slope -0.0291 (printed output), and the
    same tau2 as the model with intercept (0.076348, the exact REML maximiser)."""
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"one": np.ones(13), "ablat": BCG_ABLAT}, intercept=False)
    assert [round(c, 4) for c in res.coef] == [0.2515, -0.0291]
    assert res.tau2 == pytest.approx(0.076348, abs=2e-6)
    assert res.se == pytest.approx([0.2491, 0.0072], abs=1e-4)


def _dense_reml(y, v, X):
    """Minus the restricted log-likelihood, written out with dense matrices."""

    def f(tau2):
        W = np.diag(1 / (v + tau2))
        A = X.T @ W @ X
        b = np.linalg.solve(A, X.T @ W @ y)
        r = y - X @ b
        return 0.5 * (np.sum(np.log(v + tau2)) + r @ W @ r + np.log(np.linalg.det(A)))

    return f


def test_factor_without_intercept_against_independent_reml():
    """``~ factor(alloc) - 1``: one coefficient per allocation; tau2 by a direct maximisation
    of the restricted likelihood, coefficients by least squares on rows scaled by
    ``1 / sqrt(v + tau2)``."""
    yi, vi = bcg()
    res = meta_regression(yi, vi, {"alloc": BCG_ALLOC}, intercept=False)
    assert res.names == ("alloc[alternate]", "alloc[random]", "alloc[systematic]")
    levels = ["alternate", "random", "systematic"]
    X = np.array([[a == lv for lv in levels] for a in BCG_ALLOC], dtype=float)
    f = _dense_reml(yi, vi, X)
    found = optimize.minimize_scalar(f, bounds=(0, 5), method="bounded",
                                     options={"xatol": 1e-12, "maxiter": 2000})
    tau2 = 0.0 if f(0.0) <= found.fun else float(found.x)
    assert res.tau2 == pytest.approx(tau2, abs=1e-7)
    s = 1 / np.sqrt(vi + res.tau2)
    b = np.linalg.lstsq(X * s[:, None], yi * s, rcond=None)[0]
    assert res.coef == pytest.approx(b, abs=1e-10)
    se = np.sqrt(np.diag(np.linalg.inv((X * (s ** 2)[:, None]).T @ X)))
    assert res.se == pytest.approx(se, abs=1e-10)
    # the same model with intercept: coefficient per level = intercept + its contrast
    with_int = meta_regression(yi, vi, {"alloc": BCG_ALLOC})
    assert with_int.tau2 == pytest.approx(res.tau2, abs=1e-10)
    c = with_int.coef
    assert res.coef == pytest.approx([c[0], c[0] + c[1], c[0] + c[2]], abs=1e-10)


def test_fixed_tau2_is_used_and_allows_an_exact_fit():
    """With tau2 = 4 given, the weights are 1 / (1 + 4) = 0.2: coefficients as without tau2
    (equal weights) and the covariance (X'X)^-1 * 5. Two studies for two coefficients are an
    exact fit once tau2 is given."""
    res = meta_regression(Y, [1.0, 1.0, 1.0], SHARES, intercept=False, tau2=4.0)
    assert res.tau2 == 4.0 and res.tau2_fixed
    assert res.coef == pytest.approx([31 / 3, 7 / 3], abs=1e-12)
    assert res.se == pytest.approx([np.sqrt(1.25 / 1.5 * 5)] * 2, abs=1e-12)
    exact = meta_regression([10.0, 6.0], [1.0, 1.0], {"heavy": [1.0, 0.5], "light": [0.0, 0.5]},
                            intercept=False, tau2=0.0)
    assert exact.coef == pytest.approx([10.0, 2.0], abs=1e-12)
    assert exact.qe == 0.0 and exact.qe_df == 0 and np.isnan(exact.qe_p)
    assert exact.i2 == 0.0 and exact.h2 == 1.0


@pytest.mark.parametrize("kwargs", [{}, {"tau2": 0.0, "ci": "hksj"}])
def test_exact_fit_needs_a_fixed_tau2_without_hksj(kwargs):
    with pytest.raises(ArgumentError) as info:
        meta_regression([10.0, 6.0], [1.0, 1.0], {"heavy": [1.0, 0.5], "light": [0.0, 0.5]},
                        intercept=False, **kwargs)
    assert "vraagt meer studies dan coëfficiënten (of evenveel, met een vaste tau2" in str(
        info.value)
    assert "needs more studies than coefficients (or as many, with a fixed tau2" in (
        info.value.render("en"))


@pytest.mark.parametrize(("kwargs", "nl", "en"), [
    ({"intercept": "no"}, "intercept='no' is niet toegestaan", "intercept='no' is not allowed"),
    ({"tau2": -1.0}, "tau2=-1.0 is niet toegestaan", "tau2=-1.0 is not allowed"),
    ({"tau2": float("nan")}, "tau2=nan is niet toegestaan", "tau2=nan is not allowed"),
    ({"tau2": True}, "tau2=True is niet toegestaan", "tau2=True is not allowed"),
])
def test_bad_arguments_raise_in_both_languages(kwargs, nl, en):
    with pytest.raises(ArgumentError) as info:
        meta_regression(Y, [1.0, 1.0, 1.0], SHARES, **{"intercept": False, **kwargs})
    assert nl in str(info.value)
    assert en in info.value.render("en")


def test_no_moderator_without_intercept_raises():
    with pytest.raises(ArgumentError) as info:
        meta_regression(Y, [1.0, 1.0, 1.0], None, intercept=False)
    assert str(info.value) == ("een meta-regressie zonder intercept vraagt ten minste één "
                               "moderator")
    assert info.value.render("en") == "a meta-regression without intercept needs at least one " \
                                      "moderator"


def _private_pooling_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("mkba.pooling._"):
                found.append(node.module)
            elif node.module == "mkba.pooling":
                found += [f"mkba.pooling.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("mkba.pooling._")]
    return found


def test_private_pooling_modules_are_used_only_inside_pooling():
    """One home per rule: the kernel (tau2 estimators, weighted least squares) is reached
    through mkba.pooling's public functions from everywhere else."""
    pooling = ROOT / "mkba" / "pooling"
    offenders = {str(p.relative_to(ROOT)): _private_pooling_imports(p)
                 for p in sorted((ROOT / "mkba").rglob("*.py")) if pooling not in p.parents}
    assert {p: found for p, found in offenders.items() if found} == {}
    # the check itself sees such an import
    assert _private_pooling_imports(pooling / "regression.py")
