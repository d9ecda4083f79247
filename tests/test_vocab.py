"""Vocabularies (mkba/data/*.csv) and their lookup."""

from collections import Counter

import pytest

from mkba.errors import ArgumentError
from mkba.vocab import VOCABULARY_NAMES, normalise_label, vocabulary


@pytest.mark.parametrize("name", VOCABULARY_NAMES)
def test_every_entry_has_code_labels_and_no_synonym_points_two_ways(name):
    v = vocabulary(name)
    assert len(v.terms) >= 2
    assert len(set(v.codes)) == len(v.codes)
    owners: dict[str, set] = {}
    for t in v.terms:
        assert t.code and t.nl and t.en
        for key in (t.code, t.nl, t.en, *t.synonyms):
            owners.setdefault(normalise_label(key), set()).add(t.code)
    clashes = {k: c for k, c in owners.items() if len(c) > 1}
    assert clashes == {}


def test_the_issue_lists_are_covered():
    # the actors and categories the foundation issue asks for, at least
    actors = {"gemeente", "zorgverzekeraar", "rijk", "woningcorporatie", "politie_justitie",
              "onderwijs", "zorgaanbieders", "werkgevers", "huishoudens", "overig"}
    assert actors <= set(vocabulary("actors").codes)
    assert len(vocabulary("benefit_categories").codes) >= 12
    assert len(vocabulary("cost_categories").codes) >= 6
    assert Counter(vocabulary("approach_types").codes).total() == 5


@pytest.mark.parametrize("vocab, label, code", [
    ("actors", "UWV", "rijk"),
    ("actors", "  Woningcorporaties ", "woningcorporatie"),
    ("actors", "Health insurer", "zorgverzekeraar"),
    ("benefit_categories", "GGZ", "specialistische_zorg"),
    ("benefit_categories", "Efficientere hulpverlening", "efficientere_hulp"),
    ("cost_categories", "Coördinatie en overhead", "coordinatie_overhead"),
    ("cost_categories", "coordinatie_overhead", "coordinatie_overhead"),
    ("scales", "Meerdere wijken", "meerdere_wijken"),
])
def test_lookup_by_label_synonym_code_case_and_accents(vocab, label, code):
    assert vocabulary(vocab).lookup(label) == code


def test_unknown_label_gets_the_closest_suggestion_or_none():
    v = vocabulary("actors")
    assert v.lookup("Gemeentes en zo") is None
    assert v.suggest("Zorgverzekeraarr") == "Zorgverzekeraar"
    assert v.suggest("xyzzy") is None


def test_unknown_vocabulary_and_code_are_refused():
    with pytest.raises(ArgumentError, match="unknown vocabulary"):
        vocabulary("colours")
    with pytest.raises(ArgumentError, match="unknown actors code"):
        vocabulary("actors").term("marsmannetjes")
