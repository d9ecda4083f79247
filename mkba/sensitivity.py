"""Method sensitivity, computed once: each study's ratio at other discount rates, at a common
horizon and in its own sensitivity variants, as one tidy frame.

The sensitivity table (:func:`mkba.tables.build_tables`) and both sensitivity figures
(:func:`mkba.plots.rate_sensitivity_plot`, :func:`mkba.plots.tornado_plot`) read this frame;
none of them appraises a study itself.

Settings (the ``setting`` column)
---------------------------------
``"variant"``
    Every variant of the study (the base case first) on the basis itself.
``"own_rate"``
    The base case at the study's own rate and horizon (the price year and timing of the
    basis).
a regime code or a rate as given (``"nl-2021"``, ``"0.03"``)
    The base case at that common rate (over the study's own horizon).
``"common_horizon"``
    The base case at the study's own rate over the common horizon.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from mkba.appraisal import Appraisal, appraise, appraise_studies
from mkba.basis import Basis, as_basis
from mkba.schema import BASE_VARIANT, Study, check_studies

__all__ = ["COLUMNS", "OWN_RATE", "COMMON_HORIZON", "VARIANT", "common_horizon",
           "sensitivity_frame"]

VARIANT, OWN_RATE, COMMON_HORIZON = "variant", "own_rate", "common_horizon"

#: The columns of :func:`sensitivity_frame`.
COLUMNS = ("study_id", "setting", "variant", "is_base", "bcr", "rate", "regime", "horizon",
           "timing", "own_rate", "own_horizon", "study_rate", "study_horizon", "recomputed",
           "illustrative")

#: The common rates of the report's sensitivity table and figure.
DEFAULT_RATES = ("nl-2007", "nl-2021")


def common_horizon(studies: Sequence[Study], base: Mapping[str, Appraisal],
                   basis: Basis) -> int:
    """The common horizon of the sensitivity: the basis's, else the shortest own horizon of
    the studies recomputed from yearly flows (of all studies when none is)."""
    if basis.horizon is not None:
        return basis.horizon
    flows = [s.horizon for s in studies if base[s.id].recomputed]
    return min(flows or [s.horizon for s in studies])


def _row(study: Study, setting: str, a: Appraisal, regime: str | None) -> dict:
    return {"study_id": study.id, "setting": setting, "variant": a.variant,
            "is_base": a.variant == BASE_VARIANT,
            "bcr": math.nan if a.bcr is None else float(a.bcr), "rate": a.rate,
            "regime": regime, "horizon": a.horizon, "timing": a.timing,
            "own_rate": a.rate == a.study_rate, "own_horizon": a.horizon == a.study_horizon,
            "study_rate": a.study_rate, "study_horizon": a.study_horizon,
            "recomputed": a.recomputed, "illustrative": bool(study.illustrative)}


def sensitivity_frame(studies: Iterable[Study], *, basis: Basis | None = None,
                      rates: Sequence = DEFAULT_RATES, horizon: int | None = None,
                      appraisals: Mapping[str, Sequence[Appraisal]] | None = None,
                      **changes) -> pd.DataFrame:
    """Every sensitivity number of a set of studies, one row per study, setting and variant.

    Parameters
    ----------
    studies : iterable of Study
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`); ``**changes`` change it.
    rates : sequence of float or str
        The common rates (decimals, ``"3%"`` or regime codes such as ``"nl-2021"``).
    horizon : int, optional
        The common horizon; default :func:`common_horizon`.
    appraisals : mapping of study id to tuple of Appraisal, optional
        :func:`mkba.appraisal.appraise_all` of each study on ``basis``, when the caller has
        them already.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`, sorted by study id; per study the variants first, then
        the own rate, the common rates in the order given and the common horizon.

    Examples
    --------
    >>> from mkba.plots._examples import example_studies
    >>> f = sensitivity_frame(example_studies()[1:2], rates=["nl-2021"])
    >>> f[["setting", "variant", "rate", "horizon"]].values.tolist()
    [['variant', 'basis', 0.055, 3], ['variant', 'laag', 0.055, 3], ['variant', 'hoog', 0.055, 3], \
['own_rate', 'basis', 0.055, 3], ['nl-2021', 'basis', 0.0225, 3], ['common_horizon', 'basis', \
0.055, 3]]
    """
    basis = as_basis(basis, **changes)
    studies = check_studies(studies)
    # every rate checked up front
    common = {str(r): as_basis(basis, rate=r, horizon="own") for r in rates}
    own = basis.with_(rate="own", horizon="own")
    appraisals = appraise_studies(studies, basis, appraisals)
    base = {s.id: appraisals[s.id][0] for s in studies}
    years = common_horizon(studies, base, basis) if horizon is None else horizon
    at_common = own.with_(horizon=years)
    rows = []
    for s in studies:
        rows += [_row(s, VARIANT, a, basis.regime) for a in appraisals[s.id]]
        same = basis.rate is None and basis.horizon is None
        rows.append(_row(s, OWN_RATE, base[s.id] if same else appraise(s, own), None))
        rows += [_row(s, name, appraise(s, b), b.regime) for name, b in common.items()]
        rows.append(_row(s, COMMON_HORIZON, appraise(s, at_common), None))
    return pd.DataFrame(rows, columns=list(COLUMNS))
