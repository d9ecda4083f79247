"""Plausible ranges of a scenario's inputs and the caseload norms of the 2014 MKBA tool.

A value outside its range is allowed (a municipality may know better) but never silent: the
result carries a warning that names the value and the range (:mod:`mkba.scenario.cautions`).
The hard limits, beyond which a scenario is refused, are :data:`mkba.scenario._checks.RANGES`.

- :data:`PLAUSIBLE`: cost per FTE (employer costs included) from 40,000 to 150,000 euros a year;
  overhead at most 50% of the staff costs; at most 600,000 households in the population (the
  largest Dutch municipality, Amsterdam, has about half a million).
- :data:`CASELOAD_NORMS`: households per FTE in the 2014 MKBA tool for social teams (Invoer A):
  5-7 for heavy problems (zwaar), 30-40 for vulnerable households (kwetsbaar) and about 100 for
  the others (overig); mkba reads "about 100" as 80 to 120.
"""

from __future__ import annotations

from mkba.schema import SEGMENTS

__all__ = ["CASELOAD_NORMS", "PLAUSIBLE", "caseload_outside_norm"]

#: field -> (lowest, highest) plausible value (see the module docstring).
PLAUSIBLE = {
    "costs.per_fte": (40_000.0, 150_000.0),
    "costs.overhead_share": (0.0, 0.5),
    "population": (0.0, 600_000.0),
}

#: segment -> (lowest, highest) households per FTE in the 2014 MKBA tool (Invoer A).
CASELOAD_NORMS = {"zwaar": (5.0, 7.0), "kwetsbaar": (30.0, 40.0), "overig": (80.0, 120.0)}


def caseload_outside_norm(caseload, reached) -> list[tuple[str, float, float, float]]:
    """(segment, caseload, norm low, norm high) for every reached segment whose caseload lies
    outside :data:`CASELOAD_NORMS`.

    Examples
    --------
    >>> caseload_outside_norm((8.0, 35.0, 100.0), (10.0, 20.0, 0.0))
    [('zwaar', 8.0, 5.0, 7.0)]
    >>> caseload_outside_norm((8.0, 35.0, 150.0), (0.0, 20.0, 0.0))
    []
    """
    out = []
    for segment, load, households in zip(SEGMENTS, caseload, reached, strict=True):
        low, high = CASELOAD_NORMS[segment]
        if households > 0 and not low <= load <= high:
            out.append((segment, float(load), low, high))
    return out
