"""The layout of the mkba template: sheet and column names in Dutch and English, and the
labels the reader accepts.

Shared by the reader (:mod:`mkba.io.template`) and the writer (:mod:`mkba.write.template`), so
that the workbook written is the workbook read.
"""

from __future__ import annotations

from mkba.messages import Text, lang_index

__all__ = ["SHEETS", "COLS", "YEAR_ROOM", "DROP_DOWN_ROWS", "YES_NO", "HEADLINE_REQUIRED",
           "headers", "header_text", "column_text"]

#: Sheet names per role: (Dutch, English).
SHEETS = {
    "intro": ("Toelichting", "Instructions"), "study": ("Studie", "Study"),
    "flows": ("Kasstromen", "Flows"), "pv": ("Contante waarden", "Present values"),
    "reported": ("Kengetallen", "Headline figures"), "headlines": ("Kopcijfers", "Headlines"),
    "lists": ("Lijsten", "Lists"),
}
# Column headers per sheet: role -> (Dutch, English, other accepted spellings).
COLS = {
    "study": {"field": ("Veld", "Field"), "value": ("Waarde", "Value"),
              "help": ("Toelichting", "Help"), "key": ("code", "code")},
    "items": {"kind": ("Soort", "Kind", "kosten/baten", "type"),
              "category": ("Categorie", "Category"), "actor": ("Actor", "Actor", "wie"),
              "description": ("Omschrijving", "Description"),
              "variant": ("Variant", "Variant", "scenario")},
    "pv": {"amount": ("Contante waarde", "Present value", "cw", "pv")},
    "reported": {"variant": ("Variant", "Variant", "scenario"),
                 "measure": ("Kengetal", "Measure"), "value": ("Waarde", "Value"),
                 "low": ("Laag", "Low"), "high": ("Hoog", "High"),
                 "level": ("Niveau", "Level")},
    # a published headline figure (mkba.headlines); the register's column names are accepted
    "headlines": {"measure": ("Maatstaf", "Measure", "measure"), "value": ("Waarde", "Value"),
                  "low": ("Laag", "Low"), "high": ("Hoog", "High"),
                  "bound": ("Schatting of grens", "Estimate or bound", "bound"),
                  "perspective": ("Perspectief", "Perspective"),
                  "period": ("Periode", "Period"),
                  "price_year": ("Prijsjaar", "Price year", "price_year", "prijspeil"),
                  "rate": ("Disconteringsvoet", "Discount rate", "rate", "discontovoet"),
                  "status": ("Status", "Status"), "source": ("Bron", "Source", "source_url"),
                  "note": ("Opmerking", "Note", "toelichting")},
}
#: Columns of the sheet Kopcijfers a reader needs (the others may be left out).
HEADLINE_REQUIRED = ("measure", "value", "low", "high", "bound", "perspective", "period",
                     "status", "source")
REQUIRED_ROLES = ("kind", "category", "actor")
#: Empty year columns the blank template leaves room for.
YEAR_ROOM = 30
DROP_DOWN_ROWS = 500  # rows that get drop-downs
MEASURE_ALIASES = {"bkv": "bcr", "b/k": "bcr", "ncw": "net_pv", "npv": "net_pv",
                    "cw kosten": "pv_costs", "cw baten": "pv_benefits"}
TOTAL_NAMES = {"totaal", "total", "som", "sum"}  # year-grid columns that are not a year
BASE_NAMES = {"basis", "base", "base case", "basisscenario", "basisvariant"}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}

def headers(kind: str, lang: str) -> list[str]:
    """The header row of sheet ``kind`` ('study', 'items', 'pv', 'reported', 'headlines') in
    ``lang``.

    Examples
    --------
    >>> headers("reported", "en")
    ['Variant', 'Measure', 'Value', 'Low', 'High', 'Level']
    """
    i = lang_index(lang)
    return [names[i] for names in _cols(kind).values()]


def _cols(kind: str) -> dict:
    return {**COLS["items"], **COLS["pv"]} if kind == "pv" else COLS[kind]


def column_text(role: str, kind: str = "pv") -> Text:
    """The header of the column of ``role`` of sheet ``kind`` (by default the items or
    present-value sheet), in Dutch and English.

    Examples
    --------
    >>> column_text("kind").en
    'Kind'
    >>> column_text("bound", "headlines").nl
    'Schatting of grens'
    """
    nl, en = _cols(kind)[role][:2]
    return Text(nl, en)


def header_text(kind: str) -> Text:
    """The header row of sheet ``kind`` as a message: its Dutch or its English headers.

    Examples
    --------
    >>> header_text("reported").nl
    'Variant, Kengetal, Waarde, Laag, Hoog, Niveau'
    """
    return Text("{h}", "{h}", h=[Text(*names[:2]) for names in _cols(kind).values()])
