"""``mkba labels``: the vocabularies with their codes, labels and synonyms.

:func:`format_vocabularies` gives the terminal text (a heading per vocabulary; per term its code,
its label in the language asked for and the synonyms a workbook may use, wrapped to 100
columns), :func:`vocabularies_data` the same as data for ``--json``: a structure that stays the
same whatever the language (only ``title`` and ``label`` follow ``--lang``).
"""

from __future__ import annotations

import textwrap

from mkba.messages import Text
from mkba.vocab import vocabulary

__all__ = ["TITLES", "WIDTH", "format_vocabularies", "vocabularies_data"]

#: Columns of the terminal text.
WIDTH = 100

#: The heading of each vocabulary of :data:`mkba.vocab.VOCABULARY_NAMES`.
TITLES = {
    "actors": Text("Actoren", "Actors"),
    "benefit_categories": Text("Batencategorieën", "Benefit categories"),
    "cost_categories": Text("Kostencategorieën", "Cost categories"),
    "approach_types": Text("Typen aanpak", "Approach types"),
    "scales": Text("Schaal", "Scales"),
    "target_breadths": Text("Breedte van de doelgroep", "Target breadths"),
    "household_types": Text("Typen huishoudens", "Household types"),
    "stages": Text("Fasen", "Stages"),
    "evaluations": Text("Soorten evaluatie", "Evaluations"),
    "study_kinds": Text("Soorten MKBA", "Kinds of study"),
    "cost_benefit_kinds": Text("Kosten of baten", "Costs or benefits"),
    "segments": Text("Segmenten van het bereik", "Segments of the reach"),
}

_NOTE = Text(
    "Een werkmap mag voor elke term de code, het Nederlandse of het Engelse label of een synoniem "
    "gebruiken; hoofdletters, accenten en extra spaties tellen niet mee. Een eigen woord voor een "
    "term geeft u op in de tabel [labels] van het mappingbestand.",
    "A workbook may use a term's code, its Dutch or English label or a synonym; capitals, "
    "accents and extra spaces do not count. A study's own word for a term goes into the "
    "[labels] table of its mapping file.")
_ALSO = Text("ook: ", "also: ")


def _title(name: str, lang: str) -> str:
    title = TITLES.get(name)
    return title.render(lang) if title is not None else name


def vocabularies_data(names, lang: str = "nl") -> dict:
    """The vocabularies ``names`` as data (for ``mkba labels --json``).

    Returns
    -------
    dict
        ``{"lang": lang, "vocabularies": [{"name", "title", "terms": [{"code", "nl", "en",
        "label", "synonyms"}]}]}``, vocabularies and terms in the order given and of the files.

    Examples
    --------
    >>> data = vocabularies_data(["scales"], "en")
    >>> data["vocabularies"][0]["title"], data["vocabularies"][0]["terms"][0]["label"]
    ('Scales', 'Neighbourhood')
    >>> sorted(data["vocabularies"][0]["terms"][0])
    ['code', 'en', 'label', 'nl', 'synonyms']
    """
    return {"lang": lang, "vocabularies": [
        {"name": name, "title": _title(name, lang),
         "terms": [{"code": t.code, "nl": t.nl, "en": t.en, "label": t.label(lang),
                    "synonyms": list(t.synonyms)} for t in vocabulary(name).terms]}
        for name in names]}


def format_vocabularies(names, lang: str = "nl", width: int = WIDTH) -> str:
    """The vocabularies ``names`` as terminal text of at most ``width`` columns.

    Examples
    --------
    >>> print(format_vocabularies(["scales"], "en", width=64))
    A workbook may use a term's code, its Dutch or English label or
    a synonym; capitals, accents and extra spaces do not count. A
    study's own word for a term goes into the [labels] table of its
    mapping file.
    <BLANKLINE>
    Scales (scales)
      wijk             Neighbourhood
                       also: buurt, één wijk, neighbourhood,
                             district
      meerdere_wijken  Several neighbourhoods
                       also: enkele wijken, several neighbourhoods,
                             multiple districts
      gemeente         Whole municipality
                       also: gemeentebreed, hele gemeente,
                             municipality, whole municipality
    """
    lines = textwrap.wrap(_NOTE.render(lang), width)
    vocabs = [vocabulary(name) for name in names]
    code_width = min(max((len(t.code) for v in vocabs for t in v.terms), default=0), 24)
    indent = " " * (2 + code_width + 2)
    also = _ALSO.render(lang)
    for v in vocabs:
        lines += ["", f"{_title(v.name, lang)} ({v.name})"]
        for t in v.terms:
            first = f"  {t.code:<{code_width}}  "
            lines += textwrap.wrap(t.label(lang), width, initial_indent=first,
                                   subsequent_indent=indent) or [first.rstrip()]
            if t.synonyms:
                lines += textwrap.wrap(also + ", ".join(t.synonyms), width,
                                       initial_indent=indent, subsequent_indent=indent + " " *
                                       len(also), break_on_hyphens=False)
    return "\n".join(lines)
