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
    with pytest.raises(ArgumentError, match="onbekende woordenlijst 'colours'") as err:
        vocabulary("colours")
    assert "unknown vocabulary 'colours'; known: actors, " in err.value.render("en")
    with pytest.raises(ArgumentError, match="onbekende code 'marsmannetjes' in actors") as err:
        vocabulary("actors").term("marsmannetjes")
    assert err.value.render("en").startswith("unknown actors code 'marsmannetjes'")


def test_suggest_only_what_is_close_in_letters_or_contained_as_whole_words():
    benefits = vocabulary("benefit_categories")
    # the issue's case: "Minder politie-inzet" shares letters with the synonym "minder inzet ggz"
    # (difflib ratio 0,67) but means the police: it contains the synonym "politie" as a word
    assert benefits.suggest("Minder politie-inzet") == "Politie, justitie en overlast"
    assert vocabulary("actors").suggest("Minder politie-inzet") == "Politie en justitie"
    assert benefits.suggest("Minder jeugdzorg") == "Jeugdzorg en uithuisplaatsing"
    assert benefits.suggest("Jeugdzorgg") == "Jeugdzorg en uithuisplaatsing"  # a typing error
    assert vocabulary("cost_categories").suggest("Inzet wijkteam") == "Uitvoering team"
    # a part of a word is no word: "politiek" does not contain "politie"
    assert benefits.suggest("Politiek draagvlak") is None
    # synonyms of one or two letters ("k", "b", "om") are never found inside a text
    assert vocabulary("cost_benefit_kinds").suggest("k en b samen") is None
    assert vocabulary("actors").suggest("Kosten om te wonen") is None


def test_lookup_takes_the_studys_own_wording_first():
    own = {normalise_label("Minder jeugdzorg"): "jeugdzorg", "gemeente": "zorgverzekeraar"}
    benefits = vocabulary("benefit_categories")
    assert benefits.lookup("MINDER  jeugdzorg.", own) == "jeugdzorg"
    assert benefits.lookup("Minder jeugdzorg") is None
    assert vocabulary("actors").lookup("Gemeente", own) == "zorgverzekeraar"  # own wins
    assert vocabulary("actors").lookup("UWV", own) == "rijk"
