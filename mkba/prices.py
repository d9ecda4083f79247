"""Price indexing: euros of one price year expressed in prices of another.

An amount in prices of year ``Y`` is expressed in prices of year ``T`` by multiplying it by the
product of ``(1 + change_t)`` for ``t = Y+1 .. T``, where ``change_t`` is the CBS CPI change of
year ``t`` (``mkba/data/cpi_nl.csv``); for ``T < Y`` by the inverse. Years outside the table are
an error, never extrapolated. The default target is the table's latest year.
"""

from __future__ import annotations

import math
from numbers import Integral

from mkba.errors import ArgumentError, ReferenceDataError
from mkba.messages import Text
from mkba.reference import cpi_changes

__all__ = ["check_year", "latest_price_year", "price_index_factor"]


def check_year(name: str, value) -> int:
    """``value`` as a calendar year (an integer); ArgumentError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ArgumentError(Text("{name}={value} is niet toegestaan; geef een kalenderjaar als "
                                 "geheel getal", "{name}={value} is not allowed; give a calendar "
                                 "year as an integer", name=name, value=repr(value)))
    return int(value)


def latest_price_year() -> int:
    """The latest year of the CPI table: the default target price year.

    Examples
    --------
    >>> latest_price_year() >= 2024
    True
    """
    return max(cpi_changes())


def price_index_factor(from_year: int, to_year: int | None = None) -> float:
    """Factor that turns euros in prices of ``from_year`` into prices of ``to_year``.

    Parameters
    ----------
    from_year, to_year : int
        Price year of the amount and target price year (default :func:`latest_price_year`).

    Returns
    -------
    float
        ``prod(1 + change_t for t in from_year+1 .. to_year)``; the inverse when going back.
        A year outside ``mkba/data/cpi_nl.csv`` raises :class:`ReferenceDataError`.

    Examples
    --------
    2022 had 10.0% inflation and 2023 3.8%, so 2021 prices become 2023 prices by x1.10 x1.038:

    >>> round(price_index_factor(2021, 2023), 4)
    1.1418
    >>> round(price_index_factor(2023, 2021), 4)  # 1 / 1.1418
    0.8758
    >>> price_index_factor(2015, 2015)
    1.0
    """
    table = cpi_changes()
    start = check_year("from_year", from_year)
    end = latest_price_year() if to_year is None else check_year("to_year", to_year)
    lo, hi = sorted((start, end))
    checks = [("from_year", start), ("to_year", end)] + [("year", y) for y in range(lo, hi)]
    for name, year in checks:
        if year not in table:
            raise ReferenceDataError(Text(
                "{name}={year:year} ligt buiten de CPI-tabel (bekende jaren {low:year}-"
                "{high:year}); vul de tabel aan met een regel 'year,cpi_change_pct' uit CBS "
                "StatLine 83131NED in mkba/data/cpi_nl.csv (mkba extrapoleert nooit prijzen)",
                "{name}={year:year} is outside the CPI table (known years {low:year}-{high:year}); "
                "to extend it, add a row 'year,cpi_change_pct' from CBS StatLine 83131NED to "
                "mkba/data/cpi_nl.csv (mkba never extrapolates prices)", name=name, year=year,
                low=min(table), high=max(table)))
    factor = math.prod((1 + table[t] for t in range(lo + 1, hi + 1)), start=1.0)
    return factor if end >= start else 1 / factor
