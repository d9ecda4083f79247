"""Four small made-up studies for the examples in the docstrings of :mod:`mkba.plots`.

They are illustrative (``illustrative=True``): no number here comes from a real MKBA. Each has
yearly flows except ``d`` (present values only), a base case and one or two variants.
"""

from __future__ import annotations

from mkba.schema import Study, items_frame

# id, approach type, scale, households, team cost a year, benefit a year, variants (name, factor)
_SPECS = (
    ("a", "zorg_welzijnsteam", "wijk", 100, 300_000.0, 260_000.0, (("laag", 0.7),)),
    ("b", "zorg_welzijnsteam", "gemeente", 400, 900_000.0, 700_000.0,
     (("laag", 0.8), ("hoog", 1.2))),
    ("c", "jeugd_gezinsteam", "wijk", 60, 400_000.0, 520_000.0, (("laag", 0.6),)),
    ("d", "jeugd_gezinsteam", "gemeente", 250, 600_000.0, 500_000.0, (("laag", 0.75),)),
)


def _items(sid: str, cost: float, benefit: float, variants, flows: bool) -> list[dict]:
    rows = []
    for variant, factor in (("basis", 1.0), *variants):
        years = (2015, 2016, 2017) if flows else (None,)
        scale = 1.0 if flows else 2.7  # a present value of about three years
        for i, year in enumerate(years):
            ramp = (0.5, 1.0, 1.0)[i] if flows else 1.0
            rows += [
                dict(variant=variant, kind="cost", category="uitvoering_team",
                     actor="gemeente", year=year, amount=cost * scale),
                dict(variant=variant, kind="benefit", category="jeugdzorg", actor="gemeente",
                     year=year, amount=0.4 * benefit * ramp * factor * scale),
                dict(variant=variant, kind="benefit", category="gezondheid",
                     actor="zorgverzekeraar", year=year,
                     amount=0.35 * benefit * ramp * factor * scale),
                dict(variant=variant, kind="benefit", category="uitkeringen_arbeid",
                     actor="rijk", year=year, amount=0.25 * benefit * ramp * factor * scale),
            ]
    for row in rows:
        row["study_id"] = sid
    return rows


def example_studies() -> list[Study]:
    """Four small illustrative studies (ids a-d), price year 2015, rate 5.5%.

    Examples
    --------
    >>> [s.id for s in example_studies()], example_studies()[3].has_flows()
    (['a', 'b', 'c', 'd'], False)
    """
    out = []
    for sid, approach, scale, households, cost, benefit, variants in _SPECS:
        flows = sid != "d"
        items = items_frame(_items(sid, cost, benefit, variants, flows))
        out.append(Study(
            sid, f"Voorbeeld {sid}", f"Voorbeelddorp {sid.upper()}", "Sociaal wijkteam",
            approach, scale, "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig",
            year=2015, price_year=2015, discount_rate=0.055, first_year=2015, horizon=3,
            households=households, illustrative=True, items=items))
    return out
