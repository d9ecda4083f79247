"""The common schema: every study, whatever its spreadsheet, becomes a :class:`Study`.

The schema is declared once, as data: :data:`STUDY_FIELDS` lists the metadata fields (with their
Dutch and English labels, type, vocabulary and whether they are required) and
:data:`ITEM_COLUMNS` the columns of the long table of line items. Readers, writers, the template
and validation all work from these declarations.

Conventions
-----------
- Amounts are euros in the study's own price year (``Study.price_year``).
- Rates are decimals (0.055 for 5.5%).
- A line item with a calendar ``year`` is a yearly flow; a line item without a year is a present
  value as reported by the study (already discounted at the study's own rate and horizon).
- Every variant is complete: the base case is called ``"basis"``; each sensitivity variant
  repeats all its line items.
- ``source`` holds the cell a number came from, as ``"file.xlsx!Sheet!D12"``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from mkba.errors import ArgumentError
from mkba.limits import MAX_HORIZON, MAX_HOUSEHOLDS, MAX_YEAR, MIN_YEAR
from mkba.messages import Text

__all__ = [
    "CHARACTERISTICS",
    "CHARACTERISTIC_VOCABULARIES",
    "check_studies",
    "found_twice",
    "BASE_VARIANT",
    "REPORTED_MEASURES",
    "ITEM_COLUMNS",
    "Field",
    "STUDY_FIELDS",
    "FIELDS_BY_NAME",
    "SEGMENTS",
    "ReportedFigure",
    "Study",
    "items_frame",
]

BASE_VARIANT = "basis"

#: Headline figures a study may report, with Dutch and English labels.
REPORTED_MEASURES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "pv_costs": ("Contante waarde kosten", "Present value of costs"),
        "pv_benefits": ("Contante waarde baten", "Present value of benefits"),
        "net_pv": ("Netto contante waarde", "Net present value"),
        "bcr": ("Baten-kostenverhouding", "Benefit-cost ratio"),
    }
)

#: Reach segments of the 2014 MKBA tool (households by severity).
SEGMENTS = ("zwaar", "kwetsbaar", "overig")


@dataclass(frozen=True)
class Field:
    """Declaration of one metadata field of a study.

    Attributes
    ----------
    name : str
        Attribute name on :class:`Study` and key in machine-readable output.
    nl, en : str
        Labels in the template and in reports.
    type : str
        One of ``"text"``, ``"int"``, ``"year"``, ``"rate"``, ``"bool"``, ``"code"``.
    required : bool
        Whether a study without it is invalid.
    vocabulary : str or None
        For ``type == "code"``: the vocabulary (see :mod:`mkba.vocab`) the value must come from.
    help_nl, help_en : str
        One line of guidance, shown in the template.
    low, high : int or None
        For ``"int"`` and ``"year"``: the smallest and largest value allowed (the bounds of
        :mod:`mkba.limits`); a value outside them is an ``invalid_value`` issue.
    """

    name: str
    nl: str
    en: str
    type: str
    required: bool
    vocabulary: str | None = None
    help_nl: str = ""
    help_en: str = ""
    low: int | None = None
    high: int | None = None

    def label(self, lang: str = "nl") -> str:
        """The label in ``lang``."""
        return self.nl if lang == "nl" else self.en


STUDY_FIELDS: tuple[Field, ...] = (
    Field("id", "Studie-id", "Study id", "text", True,
          help_nl="Korte unieke code, bijv. 'zwolle-2013'", help_en="Short unique code"),
    Field("title", "Titel", "Title", "text", True),
    Field("municipality", "Gemeente", "Municipality", "text", True),
    Field("approach_name", "Naam aanpak", "Approach name", "text", True),
    Field("approach_type", "Type aanpak", "Approach type", "code", True, "approach_types"),
    Field("scale", "Schaal", "Scale", "code", True, "scales"),
    Field("target_breadth", "Doelgroep (breedte)", "Target breadth", "code", True,
          "target_breadths"),
    Field("household_type", "Type huishoudens", "Household type", "code", True,
          "household_types"),
    Field("stage", "Fase", "Stage", "code", True, "stages"),
    Field("evaluation", "Evaluatie", "Evaluation", "code", True, "evaluations"),
    Field("kind", "Soort MKBA", "Kind of study", "code", True, "study_kinds"),
    Field("author", "Auteur / bureau", "Author", "text", False),
    Field("year", "Jaar van publicatie", "Year of publication", "year", True,
          low=MIN_YEAR, high=MAX_YEAR),
    Field("price_year", "Prijspeil (jaar)", "Price year", "year", True,
          help_nl="Jaar waarin alle bedragen zijn uitgedrukt",
          help_en="Year whose prices all amounts are in", low=MIN_YEAR, high=MAX_YEAR),
    Field("discount_rate", "Discontovoet", "Discount rate", "rate", True,
          help_nl="Bijv. 5,5% of 0,055", help_en="E.g. 5.5% or 0.055"),
    Field("first_year", "Eerste jaar", "First year", "year", True,
          help_nl="Kalenderjaar van de eerste kasstroom",
          help_en="Calendar year of the first flow", low=MIN_YEAR, high=MAX_YEAR),
    Field("horizon", "Looptijd (jaren)", "Horizon (years)", "int", True, low=1,
          high=MAX_HORIZON),
    Field("households", "Bereikte huishoudens", "Households reached", "int", True,
          help_nl="Totaal aantal huishoudens dat de aanpak bereikt",
          help_en="Total number of households the approach reaches", low=1,
          high=MAX_HOUSEHOLDS),
    Field("households_zwaar", "Huishoudens zware problematiek", "Households, heavy", "int", False,
          low=0, high=MAX_HOUSEHOLDS),
    Field("households_kwetsbaar", "Huishoudens kwetsbaar", "Households, vulnerable", "int",
          False, low=0, high=MAX_HOUSEHOLDS),
    Field("households_overig", "Huishoudens overig", "Households, other", "int", False,
          low=0, high=MAX_HOUSEHOLDS),
    Field("source", "Bron", "Source", "text", False,
          help_nl="Rapport of bestand waar de cijfers vandaan komen",
          help_en="Report or file the figures come from"),
    Field("illustrative", "Illustratief voorbeeld", "Illustrative example", "bool", True,
          help_nl="'ja' als dit geen gepubliceerde MKBA is",
          help_en="'yes' if this is not a published SCBA"),
    Field("notes", "Opmerkingen", "Notes", "text", False),
)

FIELDS_BY_NAME: Mapping[str, Field] = MappingProxyType({f.name: f for f in STUDY_FIELDS})

#: The study characteristics (the coded fields of :data:`STUDY_FIELDS`), each with the
#: vocabulary of its codes: what subgroups, meta-regression and evidence filters group by.
CHARACTERISTIC_VOCABULARIES: Mapping[str, str] = MappingProxyType(
    {f.name: f.vocabulary for f in STUDY_FIELDS if f.type == "code"})
#: Their names, in the order of :data:`STUDY_FIELDS`.
CHARACTERISTICS: tuple[str, ...] = tuple(CHARACTERISTIC_VOCABULARIES)

#: Columns of the long table of line items, in order, with their pandas dtypes.
ITEM_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "study_id": "string",
        "variant": "string",
        "kind": "string",  # "cost" or "benefit"
        "category": "string",  # code from cost_categories or benefit_categories
        "actor": "string",  # code from actors
        "category_label": "string",  # the label as found in the source
        "actor_label": "string",  # the label as found in the source
        "description": "string",
        "year": "Int64",  # calendar year; missing for a reported present value
        "amount": "float64",  # euros, study price year
        "source": "string",  # file!sheet!cell
    }
)


def items_frame(rows=()) -> pd.DataFrame:
    """Build a line-item table with the columns and dtypes of :data:`ITEM_COLUMNS`.

    Parameters
    ----------
    rows : iterable of dict, dict of lists, or DataFrame
        Rows with (a subset of) the columns, or the columns as lists; missing columns are left
        empty.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> df = items_frame([{"study_id": "s", "variant": "basis", "kind": "cost",
    ...                    "category": "uitvoering_team", "actor": "gemeente",
    ...                    "year": 2015, "amount": 1000.0}])
    >>> list(df.columns) == list(ITEM_COLUMNS)
    True
    >>> str(df["year"].dtype)
    'Int64'
    """
    df = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows.copy()
    unknown = [str(c) for c in df.columns if c not in ITEM_COLUMNS]
    if unknown:
        hint = Text(" (de gevoeligheidsvariant van een studie heet nu 'variant')",
                    " (a study's sensitivity variant is now called 'variant')") \
            if "scenario" in unknown else ""
        raise ArgumentError(Text("de posten hebben onbekende kolommen {unknown}{hint}; gebruik "
                                 "{columns}", "line items have unknown columns {unknown}{hint}; "
                                 "use {columns}", unknown=repr(unknown), hint=hint,
                                 columns=list(ITEM_COLUMNS)))
    for col in ITEM_COLUMNS:
        if col not in df.columns:
            df[col] = pd.NA
    df = df[list(ITEM_COLUMNS)]
    return df.astype(dict(ITEM_COLUMNS)).reset_index(drop=True)


@dataclass(frozen=True)
class ReportedFigure:
    """A headline figure as the study reports it (never recomputed).

    ``low`` and ``high`` give its uncertainty where reported: an interval at ``level``
    (for example 0.90), or a plain low/high range when ``level`` is None.
    """

    variant: str
    measure: str  # key of REPORTED_MEASURES
    value: float
    low: float | None = None
    high: float | None = None
    level: float | None = None
    source: str = ""


@dataclass(frozen=True, eq=False)
class Study:
    """One MKBA study in the common schema.

    Metadata attributes are those of :data:`STUDY_FIELDS`. ``items`` is the long table of
    line items (:data:`ITEM_COLUMNS`), ``reported`` the headline figures as reported,
    ``provenance`` the source cell of every metadata value, ``file`` and ``layout`` where and
    how the study was read.
    """

    id: str
    title: str
    municipality: str
    approach_name: str
    approach_type: str
    scale: str
    target_breadth: str
    household_type: str
    stage: str
    evaluation: str
    kind: str
    year: int
    price_year: int
    discount_rate: float
    first_year: int
    horizon: int
    households: int
    illustrative: bool
    items: pd.DataFrame = field(repr=False)
    reported: tuple[ReportedFigure, ...] = ()
    author: str | None = None
    households_zwaar: int | None = None
    households_kwetsbaar: int | None = None
    households_overig: int | None = None
    source: str | None = None
    notes: str | None = None
    provenance: Mapping[str, str] = field(default_factory=dict, repr=False)
    file: str = ""
    layout: str = ""

    @property
    def variants(self) -> tuple[str, ...]:
        """Variant names, the base case first, the variants in order of appearance."""
        names = list(dict.fromkeys(self.items["variant"].dropna().tolist()))
        if BASE_VARIANT in names:
            names.remove(BASE_VARIANT)
        return (BASE_VARIANT, *names)

    @property
    def last_year(self) -> int:
        """Calendar year of the last flow within the horizon."""
        return self.first_year + self.horizon - 1

    def variant_items(self, variant: str = BASE_VARIANT) -> pd.DataFrame:
        """The line items of one variant."""
        return self.items[self.items["variant"] == variant].reset_index(drop=True)

    def has_flows(self, variant: str = BASE_VARIANT) -> bool:
        """True when every line item of ``variant`` is a yearly flow (so it can be recomputed)."""
        items = self.variant_items(variant)
        return len(items) > 0 and bool(items["year"].notna().all())

    def reported_figure(self, measure: str, variant: str = BASE_VARIANT):
        """The reported figure for ``measure`` and ``variant``, or None."""
        for fig in self.reported:
            if fig.measure == measure and fig.variant == variant:
                return fig
        return None

    def metadata(self) -> dict:
        """The metadata fields as a plain dict, in :data:`STUDY_FIELDS` order."""
        return {f.name: getattr(self, f.name) for f in STUDY_FIELDS}

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame of the metadata (plus ``file`` and ``layout``)."""
        return pd.DataFrame([{**self.metadata(), "file": self.file, "layout": self.layout}])


def found_twice(ids: Iterable) -> list:
    """The ids that occur more than once in ``ids``, sorted, each once (for the "found twice"
    checks of the callers, each with its own message).

    Examples
    --------
    >>> found_twice(["b", "a", "b", "c", "a", "b"])
    ['a', 'b']
    >>> found_twice(["a", "b"])
    []
    """
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def check_studies(studies, *, unique: bool = False) -> list[Study]:
    """``studies`` as a list sorted by id; ArgumentError unless they are one or more
    :class:`Study` objects (with ``unique``, also when an id occurs twice).

    Examples
    --------
    >>> check_studies([])
    Traceback (most recent call last):
    ...
    mkba.errors.ArgumentError: studies=[] is niet toegestaan; geef een of meer Study-objecten
    """
    studies = list(studies)
    wrong = [type(s).__name__ for s in studies if not isinstance(s, Study)]
    if wrong or not studies:
        raise ArgumentError(Text("studies=[{wrong}] is niet toegestaan; geef een of meer "
                                 "Study-objecten", "studies=[{wrong}] is not allowed; give one "
                                 "or more Study objects", wrong=wrong))
    if unique:
        twice = found_twice(s.id for s in studies)
        if twice:
            raise ArgumentError(Text("studies: de studie-ids moeten uniek zijn; twee keer "
                                     "gevonden: {twice}", "studies: study ids must be unique; "
                                     "found twice: {twice}", twice=twice))
    return sorted(studies, key=lambda s: s.id)
