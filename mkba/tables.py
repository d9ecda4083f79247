"""Presentation tables comparing studies on one basis; all rounding lives here (the text of
the numbers: :func:`format_value`, by :mod:`mkba.formatting`).

:func:`build_tables` appraises every study (base case and sensitivity variants) with
:mod:`mkba.appraisal` and returns :class:`Tables`, an ordered mapping of six :class:`Table`
objects: ``overview``, ``headline``, ``actors``, ``benefits``, ``sensitivity`` and ``summary``.
Each holds a title, a note, the basis (price year, rate, horizon, timing), a DataFrame with
rounded values and Dutch (default) or English headers, and the kind of number in each column
(``euro``, ``ratio``, ``share``, ``rate``, ``int``, ``year`` or ``text``) for writers. The
wording (titles, headers, notes) is in :mod:`mkba.tables_text`.

Rounding: euros to whole euros, ratios to 2 decimals, shares to 3 decimals (0.123 = 12.3%),
rates to 4 decimals. Shares and rates stay decimals; writers show them as percentages.
Every study-level table has the columns "Herberekend" (no: the study reports present values
only, which are price indexed but not re-discounted) and "Illustratief" (yes: not a published
MKBA); the summary counts both.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import pandas as pd

from mkba import formatting
from mkba import sensitivity as sens
from mkba.appraisal import Appraisal, appraise_studies, describe_basis
from mkba.basis import Basis, as_basis
from mkba.errors import ArgumentError
from mkba.messages import LANGS, Text, check_lang
from mkba.phrases import short_repr
from mkba.schema import CHARACTERISTIC_VOCABULARIES, Study, check_studies
from mkba.tables_text import label
from mkba.vocab import vocabulary

__all__ = ["FORMATS", "LANGS", "TABLE_NAMES", "Table", "Tables", "build_tables", "format_value"]

#: Kinds of column, for writers: how to show the (already rounded) numbers. ``tau2`` and ``i2``
#: are the heterogeneity of pooled results (tau² of log ratios; I² in percent, 0 to 100).
FORMATS = ("text", "euro", "ratio", "share", "rate", "int", "year", "tau2", "i2")
TABLE_NAMES = ("overview", "headline", "actors", "benefits", "sensitivity", "summary")



@dataclass(frozen=True, eq=False)
class Table:
    """One presentation table: ``frame`` with rounded values, ``formats`` per column."""

    name: str
    title: str
    note: str
    basis: str
    frame: pd.DataFrame
    formats: Mapping[str, str]

    def to_frame(self) -> pd.DataFrame:
        """A copy of the table's DataFrame.

        Examples
        --------
        >>> t = Table("demo", "Demo", "", "", pd.DataFrame({"x": [1]}), {"x": "int"})
        >>> copy = t.to_frame()
        >>> copy.loc[0, "x"] = 2
        >>> int(t.frame.loc[0, "x"])
        1
        """
        return self.frame.copy()


@dataclass(frozen=True, eq=False)
class Tables(Mapping):
    """The six tables in order, by name (see :data:`TABLE_NAMES`), in one language."""

    lang: str
    basis: str
    tables: tuple[Table, ...]

    def __getitem__(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return (t.name for t in self.tables)

    def __len__(self) -> int:
        return len(self.tables)


def _euro(value) -> object:
    return pd.NA if value is None else int(round(value))


def _dec(value, digits: int) -> float:
    return float("nan") if value is None else round(float(value), digits)


def _share(part: float, whole: float) -> float:
    return round(part / whole, 3) if whole else float("nan")


def _frame(rows: list[dict], columns: dict[str, str], lang: str, names: dict) -> tuple:
    """Rows keyed by column key -> DataFrame with localized headers, and its formats."""
    headers = {key: names[key] if key in names else label(key, lang) for key in columns}
    values = [[row[k] for k in columns] for row in rows]
    frame = pd.DataFrame(values, columns=list(headers.values()))
    for key, kind in columns.items():
        col = headers[key]
        if kind in ("euro", "int", "year"):
            frame[col] = frame[col].astype("Int64")
        elif kind in ("ratio", "share", "rate"):
            frame[col] = frame[col].astype("float64")
        else:
            frame[col] = frame[col].astype("string")
    return frame, MappingProxyType({headers[k]: kind for k, kind in columns.items()})


def _code_label(vocab: str, code: str, lang: str) -> str:
    # An unknown code (not from a validated study) is shown as it is, never hidden.
    codes = vocabulary(vocab).codes
    return vocabulary(vocab).label(code, lang) if code in codes else str(code)


def _flags(study: Study, appraisal: Appraisal, lang: str) -> dict:
    return _marks(appraisal.recomputed, study.illustrative, lang)


def _marks(recomputed: bool, illustrative: bool, lang: str) -> dict:
    yes, no = label("yes", lang), label("no", lang)
    return {"recomputed": yes if recomputed else no, "illustrative": yes if illustrative else no}


def _table(name, rows, columns, note_keys, lang, names=None) -> Table:
    frame, formats = _frame(rows, columns, lang, names or {})
    note = " ".join(label(k, lang) for k in note_keys)
    return Table(name, label(name, lang), note, "", frame, formats)


def _overview(studies, base, lang) -> Table:
    cols = {"study": "text", "municipality": "text", "approach_name": "text",
            "approach_type": "text", "kind": "text", "scale": "text", "target_breadth": "text",
            "household_type": "text", "stage": "text", "evaluation": "text", "horizon": "int",
            "discount_rate": "rate", "price_year": "year", "households": "int",
            "recomputed": "text", "illustrative": "text"}
    rows = []
    for s in studies:
        row = {"study": s.id, "municipality": s.municipality, "approach_name": s.approach_name,
               "horizon": s.horizon, "discount_rate": _dec(s.discount_rate, 4),
               "price_year": s.price_year, "households": s.households,
               **_flags(s, base[s.id], lang)}
        row.update({f: _code_label(v, getattr(s, f), lang)
                    for f, v in CHARACTERISTIC_VOCABULARIES.items()})
        rows.append(row)
    return _table("overview", rows, cols, ["marks"], lang)


def _headline(studies, results, lang) -> Table:
    cols = {"study": "text", "municipality": "text", "pv_costs": "euro", "pv_benefits": "euro",
            "net_pv": "euro", "bcr": "ratio", "costs_hh": "euro", "benefits_hh": "euro",
            "net_hh": "euro", "payback": "year", "bcr_low": "ratio", "bcr_high": "ratio",
            "variants": "int", "recomputed": "text", "illustrative": "text"}
    rows = []
    for s in studies:
        a, variants = results[s.id][0], results[s.id][1:]
        ratios = [x.bcr for x in results[s.id] if x.bcr is not None] if variants else []
        rows.append({
            "study": s.id, "municipality": s.municipality, "pv_costs": _euro(a.pv_costs),
            "pv_benefits": _euro(a.pv_benefits), "net_pv": _euro(a.net_pv),
            "bcr": _dec(a.bcr, 2), "costs_hh": _euro(a.pv_costs_per_household),
            "benefits_hh": _euro(a.pv_benefits_per_household),
            "net_hh": _euro(a.net_per_household),
            "payback": pd.NA if a.payback_year is None else a.payback_year,
            "bcr_low": _dec(min(ratios), 2) if ratios else float("nan"),
            "bcr_high": _dec(max(ratios), 2) if ratios else float("nan"),
            "variants": len(variants), **_flags(s, a, lang)})
    return _table("headline", rows, cols, ["note_headline", "rounding", "marks"], lang)


def _actors(studies, base, lang) -> Table:
    cols = {"study": "text", "actor": "text", "costs": "euro", "benefits_col": "euro",
            "balance": "euro", "share_costs": "share", "share_benefits": "share",
            "recomputed": "text", "illustrative": "text"}
    rows = []
    for s in studies:
        a = base[s.id]
        for r in a.by_actor.itertuples(index=False):
            rows.append({"study": s.id, "actor": _code_label("actors", r.actor, lang),
                         "costs": _euro(r.costs), "benefits_col": _euro(r.benefits),
                         "balance": _euro(r.balance),
                         "share_costs": _share(r.costs, a.pv_costs),
                         "share_benefits": _share(r.benefits, a.pv_benefits),
                         **_flags(s, a, lang)})
    return _table("actors", rows, cols, ["note_shares", "rounding", "marks"], lang)


def _benefits(studies, base, lang) -> Table:
    cols = {"study": "text", "category": "text", "pv": "euro", "per_hh": "euro",
            "share_benefits": "share", "recomputed": "text", "illustrative": "text"}
    rows = []
    for s in studies:
        a = base[s.id]
        cats = a.by_category[a.by_category["kind"] == "benefit"]
        hh = a.households if a.pv_benefits_per_household is not None else None
        for r in cats.itertuples(index=False):
            rows.append({"study": s.id,
                         "category": _code_label("benefit_categories", r.category, lang),
                         "pv": _euro(r.amount), "per_hh": _euro(r.amount / hh if hh else None),
                         "share_benefits": _share(r.amount, a.pv_benefits),
                         **_flags(s, a, lang)})
    return _table("benefits", rows, cols, ["note_shares", "rounding", "marks"], lang)


def _sensitivity(frame: pd.DataFrame, lang) -> Table:
    """The sensitivity table, read from :func:`mkba.sensitivity.sensitivity_frame`."""
    base = frame[frame["is_base"]]
    settings = [x for x in dict.fromkeys(base["setting"])
                if x not in (sens.VARIANT, sens.OWN_RATE, sens.COMMON_HORIZON)]
    rates = [(f"rate_{i}", x) for i, x in enumerate(settings)]
    cols = {"study": "text", "bcr_own": "ratio", **{k: "ratio" for k, _ in rates},
            "horizon_col": "ratio", "own_rate": "rate", "own_horizon": "int",
            "recomputed": "text", "illustrative": "text"}
    rows, names = [], {}
    for sid, group in base.groupby("study_id", sort=True):
        by = group.set_index("setting")
        own = by.loc[sens.OWN_RATE]
        row = {"study": sid, "bcr_own": _dec(own["bcr"], 2),
               "own_rate": _dec(own["study_rate"], 4), "own_horizon": int(own["study_horizon"]),
               **_marks(bool(own["recomputed"]), bool(own["illustrative"]), lang)}
        for key, setting in rates:
            row[key] = _dec(by.loc[setting, "bcr"], 2)
            regime = by.loc[setting, "regime"]
            shown = formatting.rate(by.loc[setting, "rate"], lang)
            names[key] = label("bcr_at", lang).format(f"{shown} ({regime})" if regime else shown)
        row["horizon_col"] = _dec(by.loc[sens.COMMON_HORIZON, "bcr"], 2)
        names["horizon_col"] = label("bcr_horizon", lang).format(
            int(by.loc[sens.COMMON_HORIZON, "horizon"]))
        rows.append(row)
    table = _table("sensitivity", rows, cols, ["note_sensitivity", "marks"], lang, names)
    timing = frame["timing"].iloc[0]
    return replace(table, basis=label("basis_sens", lang).format(tm=label(timing, lang)))


def _summary(studies, base, lang) -> Table:
    measures = {"bcr": ("bcr", "ratio"), "costs_hh": ("pv_costs_per_household", "euro"),
                "benefits_hh": ("pv_benefits_per_household", "euro"),
                "net_hh": ("net_per_household", "euro")}
    cols = {"selection": "text", "statistic": "text", "n": "int", "n_not_recomputed": "int",
            "n_illustrative": "int", **{k: kind for k, (_, kind) in measures.items()}}
    selections = [("all", studies)]
    published = [s for s in studies if not s.illustrative]
    if 0 < len(published) < len(studies):
        selections.append(("published", published))
    stats = {"mean": statistics.fmean, "median": statistics.median, "min": min, "max": max}
    rows = []
    for sel, group in selections:
        for stat, fn in stats.items():
            row = {"selection": label(sel, lang), "statistic": label(stat, lang),
                   "n": len(group),
                   "n_not_recomputed": sum(not base[s.id].recomputed for s in group),
                   "n_illustrative": sum(bool(s.illustrative) for s in group)}
            for key, (attr, kind) in measures.items():
                values = [getattr(base[s.id], attr) for s in group]
                values = [v for v in values if v is not None]
                value = fn(values) if values else None
                row[key] = _euro(value) if kind == "euro" else _dec(value, 2)
            rows.append(row)
    return _table("summary", rows, cols, ["note_summary", "marks"], lang)


def build_tables(
    studies: Iterable[Study],
    *,
    basis: Basis | None = None,
    lang: str = "nl",
    appraisals: Mapping[str, tuple[Appraisal, ...]] | None = None,
    sensitivity: pd.DataFrame | None = None,
    **changes,
) -> Tables:
    """Build the six presentation tables for a set of studies on one basis.

    Parameters
    ----------
    studies : iterable of Study
        At least one; ids must be unique. Tables list them sorted by id, whatever the order.
    basis : Basis, mapping or None
        The common basis (:class:`mkba.basis.Basis`; default: latest CPI year, each study's
        own rate and horizon, first year discounted one year); ``**changes`` change it.
    lang : {"nl", "en"}
        Language of titles, notes, headers and labels.
    appraisals : mapping of study id to tuple of Appraisal, optional
        :func:`mkba.appraisal.appraise_all` of each study on ``basis``, when the caller has
        them already; computed otherwise.
    sensitivity : pandas.DataFrame, optional
        :func:`mkba.sensitivity.sensitivity_frame` of the studies on ``basis``, when the
        caller has it already; computed otherwise.

    Examples
    --------
    One study: costs 1000 in 2015, benefits 1500 in 2015, 10 households, rate 0:
    ratio 1500 / 1000 = 1.5, net per household (1500 - 1000) / 10 = 50.

    >>> from mkba.schema import Study, items_frame
    >>> items = items_frame([dict(variant="basis", kind=k, category="overig", actor="gemeente",
    ...                           year=2015, amount=v) for k, v in [("cost", 1e3),
    ...                                                             ("benefit", 1.5e3)]])
    >>> s = Study("demo", "Demo", "Testdorp", "Wijkteam", "zorg_welzijnsteam", "wijk",
    ...           "kwetsbaar", "gezinnen", "lopend", "ex_post", "volledig", year=2015,
    ...           price_year=2015, discount_rate=0.0, first_year=2015, horizon=1,
    ...           households=10, illustrative=False, items=items)
    >>> t = build_tables([s], price_year=2015, lang="en")
    >>> list(t)
    ['overview', 'headline', 'actors', 'benefits', 'sensitivity', 'summary']
    >>> row = t["headline"].frame.iloc[0]
    >>> float(row["Benefit-cost ratio"]), int(row["Net per household"])
    (1.5, 50)
    """
    check_lang(lang)
    basis = as_basis(basis, **changes)
    studies = check_studies(studies, unique=True)
    results = appraise_studies(studies, basis, appraisals)
    base = {sid: r[0] for sid, r in results.items()}
    if sensitivity is None:
        sensitivity = sens.sensitivity_frame(studies, basis=basis, appraisals=results)
    tables = (
        _overview(studies, base, lang),
        _headline(studies, results, lang),
        _actors(studies, base, lang),
        _benefits(studies, base, lang),
        _sensitivity(sensitivity, lang),
        _summary(studies, base, lang),
    )
    sentence = describe_basis(base.values(), lang)
    tables = tuple(t if t.basis else replace(t, basis=sentence) for t in tables)
    return Tables(lang=lang, basis=sentence, tables=tables)


def format_value(value, kind: str, lang: str = "nl") -> str:
    """Show a (rounded) table value as text, the way a Dutch or English reader expects.

    ``kind`` is one of :data:`FORMATS`; the numbers are formatted by :mod:`mkba.formatting`.
    Missing values give an empty string.

    Examples
    --------
    >>> format_value(1234567, "euro"), format_value(1234567, "euro", "en")
    ('€ 1.234.567', '€1,234,567')
    >>> format_value(1.5, "ratio"), format_value(0.123, "share"), format_value(0.055, "rate")
    ('1,50', '12,3%', '5,5%')
    >>> format_value(0.1052, "tau2"), format_value(64.29, "i2", "en")
    ('0,105', '64.3%')
    >>> format_value(2015, "year"), format_value(2026.0, "year"), format_value(None, "euro")
    ('2015', '2026', '')
    """
    if kind not in FORMATS:
        raise ArgumentError(Text("kind={kind} is niet toegestaan; gebruik een van {options}",
                                 "kind={kind} is not allowed; use one of {options}",
                                 kind=short_repr(kind), options=list(FORMATS)))
    check_lang(lang)
    if formatting.is_missing(value):
        return ""
    if kind == "year" and isinstance(value, int | float) and not isinstance(value, bool):
        return formatting.year(value)
    if kind in ("text", "year"):
        return str(value)
    return _SHOWN[kind](float(value), lang)


#: How each numeric kind of :data:`FORMATS` is shown: ``(value, lang) -> str``.
_SHOWN = {
    "euro": formatting.euro,
    "int": lambda value, lang: formatting.number(value, 0, lang),
    "ratio": formatting.ratio,
    "share": lambda value, lang: formatting.percent(value, lang, 1),
    "rate": formatting.rate,
    "tau2": formatting.tau2,
    "i2": formatting.i2,
}
