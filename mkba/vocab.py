"""Vocabularies: the controlled lists of actors, categories and study characteristics.

The lists are data (``mkba/data/*.csv`` with code, Dutch label, English label and synonyms), not
code. :func:`lookup` maps a label found in a spreadsheet to its code; :func:`suggest` finds the
closest known label for a message when a label is unknown.
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mkba.errors import ArgumentError

__all__ = ["Vocabulary", "Term", "vocabulary", "VOCABULARY_NAMES", "normalise_label"]

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

    def lookup(self, label: object) -> str | None:
        """Return the code for a code, label or synonym, or None when unknown.

        Examples
        --------
        >>> vocabulary("actors").lookup("UWV")
        'rijk'
        >>> vocabulary("actors").lookup("Marsmannetjes") is None
        True
        """
        if label is None:
            return None
        return self._index().get(normalise_label(label))

    def suggest(self, label: object) -> str | None:
        """The closest known Dutch label to ``label``, or None when nothing is close.

        Examples
        --------
        >>> vocabulary("actors").suggest("Zorgverzekeraars en zo")
        'Zorgverzekeraar'
        """
        key = normalise_label(label)
        index = self._index()
        match = difflib.get_close_matches(key, list(index), n=1, cutoff=0.6)
        if not match:
            words = [w for w in index if w and (w in key or key in w)]
            if not words:
                return None
            match = [max(words, key=len)]
        return self.term(index[match[0]]).nl

    def term(self, code: str) -> Term:
        """The term with ``code``; ArgumentError when unknown."""
        for t in self.terms:
            if t.code == code:
                return t
        raise ArgumentError(
            f"unknown {self.name} code {code!r}; known codes: {', '.join(self.codes)}"
        )

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
        raise ArgumentError(
            f"unknown vocabulary {name!r}; known: {', '.join(VOCABULARY_NAMES)}"
        )
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
