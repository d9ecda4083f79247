"""Reference tables shipped with mkba: the CBS price index and the Dutch discount-rate regimes.

Read once from ``mkba/data`` (see ``mkba/data/README.md`` for their sources) and cached.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from types import MappingProxyType

__all__ = ["cpi_changes", "cpi_years", "discount_regimes"]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("mkba.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def cpi_changes() -> MappingProxyType:
    """Yearly CPI change as a decimal, by year (CBS StatLine 83131NED, alle bestedingen).

    Examples
    --------
    >>> cpi_changes()[2022]
    0.1
    """
    return MappingProxyType(
        {int(r["year"]): round(float(r["cpi_change_pct"]) / 100, 10) for r in _rows("cpi_nl.csv")}
    )


def cpi_years() -> tuple[int, int]:
    """First and last year of the CPI table.

    Examples
    --------
    >>> cpi_years()
    (2005, 2024)
    """
    years = sorted(cpi_changes())
    return years[0], years[-1]


@cache
def discount_regimes() -> MappingProxyType:
    """Dutch discount-rate regimes: code -> dict(rate, valid_from, valid_to, composition).

    Examples
    --------
    >>> discount_regimes()["nl-2007"]["rate"]
    0.055
    """
    return MappingProxyType(
        {
            r["regime"]: MappingProxyType(
                {
                    "rate": float(r["rate"]),
                    "valid_from": r["valid_from"],
                    "valid_to": r["valid_to"] or None,
                    "composition": r["composition"],
                }
            )
            for r in _rows("discount_regimes.csv")
        }
    )
