"""Vocabularies: the controlled lists of actors, categories and study characteristics.

The lists are data (``mkba/data/*.csv`` with code, Dutch label, English label and synonyms), not
code. :meth:`Vocabulary.lookup` maps a label found in a spreadsheet to its code (a study's own
wording first, when given); :meth:`Vocabulary.suggest` names a known label for a message when a
label is unknown: one that is close in letters (a typing error), or one whose words the label
contains (``Minder politie-inzet`` contains ``politie``), never one that only shares some
letters.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mkba.errors import ArgumentError
from mkba.messages import Text

__all__ = ["Vocabulary", "Term", "vocabulary", "VOCABULARY_NAMES", "SUGGEST_CUTOFF",
           "normalise_label"]

#: Names of the shipped vocabularies (file ``mkba/data/<name>.csv``).
VOCABULARY_NAMES = (
    "actors",
    "benefit_categories",
    "cost_categories",
    "approach_types",
    "scales",
    "target_breadths",
    "household_types",
    "stages",
    "evaluations",
    "study_kinds",
    "cost_benefit_kinds",
    "segments",
)

#: How close (:func:`difflib.get_close_matches`) an unknown label must be to a known label or
#: synonym to be suggested as a typing error: "Zorgverzekeraarr" (0,97) is, "Minder politie-inzet"
#: and the synonym "minder inzet ggz" (0,67) are not.
SUGGEST_CUTOFF = 0.75


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W_]+", text))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True when ``part`` occurs in ``words`` as consecutive whole words."""
    n = len(part)
    return n > 0 and any(words[i:i + n] == part for i in range(len(words) - n + 1))


def normalise_label(text: str) -> str:
    """Fold a label for matching: lower case, no accents, single spaces, no trailing dot.

    Examples
    --------
    >>> normalise_label("  Coördinatie   en Overhead. ")
    'coordinatie en overhead'
    """
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.lower().replace("\u00a0", " ").split()).rstrip(".")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    code: str
    nl: str
    en: str
    synonyms: tuple[str, ...]

    def label(self, lang: str = "nl") -> str:
        """The label in ``lang`` ('nl' or 'en')."""
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list of terms with lookup by code, label or synonym."""

    name: str
    terms: tuple[Term, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes in file order."""
        return tuple(t.code for t in self.terms)

    def _index(self) -> dict[str, str]:
        return _index_of(self.name)

    def lookup(self, label: object, own: Mapping[str, str] | None = None) -> str | None:
        """Return the code for a code, label or synonym, or None when unknown.

        Parameters
        ----------
        label : object
            The label as found (folded by :func:`normalise_label` before matching).
        own : mapping of str to str, optional
            A study's own wording, folded by :func:`normalise_label`, mapped to a code, label or
            synonym of this vocabulary; looked up before the vocabulary itself.

        Examples
        --------
        >>> vocabulary("actors").lookup("UWV")
        'rijk'
        >>> vocabulary("actors").lookup("Marsmannetjes") is None
        True
        >>> vocabulary("actors").lookup("Zorgverz.", own={"zorgverz": "zorgverzekeraar"})
        'zorgverzekeraar'
        """
        if label is None:
            return None
        if own:
            label = own.get(normalise_label(label), label)
        return self._index().get(normalise_label(label))

    def suggest(self, label: object) -> str | None:
        """A known Dutch label to suggest for an unknown ``label``, or None.

        The suggestion is the closest label or synonym in letters when it is close enough to be
        a typing error (:data:`SUGGEST_CUTOFF`), or else the term of the longest label or
        synonym that the text contains as whole words (of at least three letters).

        Examples
        --------
        >>> vocabulary("actors").suggest("Zorgverzekeraarr")
        'Zorgverzekeraar'
        >>> vocabulary("benefit_categories").suggest("Minder politie-inzet")
        'Politie, justitie en overlast'
        >>> vocabulary("actors").suggest("De buren") is None
        True
        """
        key = normalise_label(label)
        index = self._index()
        match = difflib.get_close_matches(key, list(index), n=1, cutoff=SUGGEST_CUTOFF)
        if not match:
            words = _words(key)
            inside = [w for w in index if len(w) >= 3 and _contains(words, _words(w))]
            if not inside:
                return None
            match = [max(inside, key=len)]
        return self.term(index[match[0]]).nl

    def term(self, code: str) -> Term:
        """The term with ``code``; ArgumentError when unknown."""
        for t in self.terms:
            if t.code == code:
                return t
        raise ArgumentError(Text("onbekende code {code} in {name}; bekend zijn: {codes}",
                                 "unknown {name} code {code}; known codes: {codes}",
                                 code=repr(code), name=self.name, codes=list(self.codes)))

    def label(self, code: str, lang: str = "nl") -> str:
        """The Dutch or English label of ``code``."""
        return self.term(code).label(lang)


@cache
def vocabulary(name: str) -> Vocabulary:
    """Load a shipped vocabulary by name (see :data:`VOCABULARY_NAMES`).

    Examples
    --------
    >>> vocabulary("scales").codes
    ('wijk', 'meerdere_wijken', 'gemeente')
    """
    if name not in VOCABULARY_NAMES:
        raise ArgumentError(Text("onbekende woordenlijst {name}; bekend zijn: {names}",
                                 "unknown vocabulary {name}; known: {names}",
                                 name=repr(name), names=list(VOCABULARY_NAMES)))
    text = resources.files("mkba.data").joinpath(f"{name}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    terms = tuple(
        Term(
            code=r["code"],
            nl=r["nl"],
            en=r["en"],
            synonyms=tuple(s for s in (r.get("synonyms") or "").split(";") if s.strip()),
        )
        for r in rows
    )
    return Vocabulary(name=name, terms=terms)


@cache
def _index_of(name: str) -> dict[str, str]:
    # Codes and labels win over synonyms: a synonym never hides another term's own label.
    index: dict[str, str] = {}
    vocab = vocabulary(name)
    for t in vocab.terms:
        for s in t.synonyms:
            index.setdefault(normalise_label(s), t.code)
    for t in vocab.terms:
        for key in (t.code, t.nl, t.en, t.code.replace("_", " ")):
            index[normalise_label(key)] = t.code
    return index
