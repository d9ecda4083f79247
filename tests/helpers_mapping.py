"""The ``[study]`` table of the mapping files written by the mapping tests and the corpus.

Every mapping test describes a fictional social neighbourhood team of 2015 (a quickscan, ex
ante, for all households); only its id, title, municipality and basis differ.
"""

from __future__ import annotations

_TEAM = {
    "approach_name": "Sociaal wijkteam",
    "approach_type": "sociaal wijkteam",
    "scale": "gemeente",
    "target_breadth": "alle",
    "household_type": "geen onderscheid",
    "stage": "net gestart",
    "evaluation": "ex ante",
    "kind": "quickscan",
    "year": 2015,
}


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


def study_table(id, title, municipality, *, price_year, discount_rate, first_year, horizon,
                households) -> str:
    """The ``[study]`` table, one ``key = value`` per line, ending with a newline.

    Values are literals or cell references written as text (``"=Voorblad!C4"``).
    """
    fields = {"id": id, "title": title, "municipality": municipality, **_TEAM,
              "price_year": price_year, "discount_rate": discount_rate,
              "first_year": first_year, "horizon": horizon, "households": households,
              "illustrative": True}
    return "[study]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in fields.items())
