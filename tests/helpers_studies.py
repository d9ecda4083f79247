"""Small synthetic :class:`mkba.schema.Study` objects built in memory, for tests.

``make_study(id="s1", flows=..., pv_items=..., **meta)``

- ``flows``: yearly flows as tuples ``(kind, category, actor, year, amount)`` with an optional
  sixth element ``variant`` (default ``"basis"``), or dicts with those keys.
- ``pv_items``: present values as reported, tuples ``(kind, category, actor, amount)`` with an
  optional fifth element ``variant``, or dicts.
- ``meta``: any other :class:`Study` field (``price_year``, ``discount_rate``, ``first_year``,
  ``horizon``, ``households``, ``illustrative``, ...). ``reported`` may be a dict
  ``{measure: value}`` (base case) or a tuple of :class:`ReportedFigure`.

Without ``flows`` and ``pv_items`` the study gets :data:`DEFAULT_FLOWS`. Without ``horizon`` it
runs from ``first_year`` to its last flow (at least one year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mkba.schema import BASE_VARIANT, ReportedFigure, Study, items_frame

__all__ = ["DEFAULT_FLOWS", "make_study"]

#: Costs of 1000 in the first year, benefits of 500 a year for three years (2015-2017).
DEFAULT_FLOWS = (
    ("cost", "uitvoering_team", "gemeente", 2015, 1000.0),
    ("benefit", "jeugdzorg", "gemeente", 2015, 200.0),
    ("benefit", "gezondheid", "zorgverzekeraar", 2015, 300.0),
    ("benefit", "jeugdzorg", "gemeente", 2016, 200.0),
    ("benefit", "gezondheid", "zorgverzekeraar", 2016, 300.0),
    ("benefit", "jeugdzorg", "gemeente", 2017, 200.0),
    ("benefit", "gezondheid", "zorgverzekeraar", 2017, 300.0),
)

_FLOW_KEYS = ("kind", "category", "actor", "year", "amount", "variant")
_PV_KEYS = ("kind", "category", "actor", "amount", "variant")


def _rows(entries: Iterable, keys: tuple[str, ...], study_id: str) -> list[dict]:
    rows = []
    for n, entry in enumerate(entries):
        row = dict(entry) if isinstance(entry, Mapping) else dict(zip(keys, entry, strict=False))
        row.setdefault("variant", BASE_VARIANT)
        row.setdefault("year", None)
        row["study_id"] = study_id
        row.setdefault("source", f"synthetic.xlsx!Items!A{n + 2}")
        rows.append(row)
    return rows


def make_study(id: str = "s1", flows=None, pv_items=None, **meta) -> Study:
    """Build a valid-looking :class:`Study` from a few line items (see the module docstring)."""
    if flows is None and pv_items is None:
        flows = DEFAULT_FLOWS
    rows = _rows(flows or (), _FLOW_KEYS, id) + _rows(pv_items or (), _PV_KEYS, id)
    first_year = meta.pop("first_year", 2015)
    years = [r["year"] for r in rows if r["year"] is not None]
    horizon = meta.pop("horizon", max([first_year, *years]) - first_year + 1)
    reported = meta.pop("reported", ())
    if isinstance(reported, Mapping):
        reported = tuple(
            ReportedFigure(variant=BASE_VARIANT, measure=m, value=float(v))
            for m, v in reported.items()
        )
    fields = {
        "title": f"Synthetic study {id}",
        "municipality": "Testdorp",
        "approach_name": "Sociaal wijkteam",
        "approach_type": "zorg_welzijnsteam",
        "scale": "wijk",
        "target_breadth": "kwetsbaar",
        "household_type": "geen_onderscheid",
        "stage": "lopend",
        "evaluation": "ex_post",
        "kind": "volledig",
        "year": 2015,
        "price_year": 2015,
        "discount_rate": 0.055,
        "households": 100,
        "illustrative": False,
    }
    fields.update(meta)
    return Study(
        id=id,
        first_year=first_year,
        horizon=horizon,
        items=items_frame(rows),
        reported=tuple(reported),
        **fields,
    )
