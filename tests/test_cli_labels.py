"""``mkba labels``: the vocabularies with their codes, labels and synonyms, for the terminal
(100 columns, Dutch or English) and as JSON. Expected terms are read from the vocabulary files
in mkba/data/ by hand (csv module), not from the command's own output."""

import csv
import json

import pytest
from conftest import REPO

from mkba.cli import main
from mkba.vocab import VOCABULARY_NAMES

DATA = REPO / "mkba" / "data"


def _terms(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return [(r["code"], r["nl"], r["en"], [s for s in (r["synonyms"] or "").split(";")
                                                if s.strip()])
                for r in csv.DictReader(fh)]


def _labels(capsys, *argv):
    code = main(["labels", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def test_all_vocabularies_with_a_heading_each(capsys):
    code, out, err = _labels(capsys)
    assert code == 0 and err == ""
    for name in VOCABULARY_NAMES:
        assert f" ({name})\n" in out
    assert "\nActoren (actors)\n" in out and "\nBatencategorieën (benefit_categories)\n" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_one_vocabulary_in_dutch(capsys):
    code, out, _ = _labels(capsys, "actors")
    assert code == 0
    lines = out.splitlines()
    assert "Actoren (actors)" in lines
    assert sum(line.endswith(f"({name})") for line in lines for name in VOCABULARY_NAMES) == 1
    for code_, nl, _en, _synonyms in _terms("actors"):
        row = next(line for line in lines if line.startswith(f"  {code_} "))
        assert row.split(None, 1) == [code_, nl]  # the code, then the Dutch label
    # the synonyms follow their term, wrapped, all of them
    start = lines.index(next(line for line in lines if line.startswith("  gemeente ")))
    block = " ".join(line.strip() for line in lines[start + 1:start + 3])
    assert block.startswith("ook: ")
    for synonym in _terms("actors")[0][3]:
        assert synonym in block
    assert all(len(line) <= 100 for line in lines)


def test_one_vocabulary_in_english(capsys):
    code, out, _ = _labels(capsys, "scales", "--lang", "en")
    assert code == 0
    assert "Scales (scales)" in out and "also: " in out and "ook:" not in out
    for code_, _nl, en, _ in _terms("scales"):
        assert f"  {code_} " in out and en in out
    assert out.startswith("A workbook may use a term's code")


def test_unknown_vocabulary_is_a_usage_error_naming_the_known_ones(capsys):
    code, out, err = _labels(capsys, "actoren")
    assert code == 2 and out == ""
    assert "mkba labels: fout: argument LIJST: ongeldige keuze: 'actoren' (kies uit " in err
    for name in VOCABULARY_NAMES:
        assert f"'{name}'" in err
    code, out, err = _labels(capsys, "actoren", "--lang", "en")
    assert code == 2
    assert "mkba labels: error: argument VOCABULARY: invalid choice: 'actoren'" in err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_json_is_a_stable_structure(capsys, lang):
    code, out, _ = _labels(capsys, "--json", "--lang", lang)
    assert code == 0
    data = json.loads(out)
    assert sorted(data) == ["lang", "vocabularies"] and data["lang"] == lang
    assert [v["name"] for v in data["vocabularies"]] == list(VOCABULARY_NAMES)
    for vocab in data["vocabularies"]:
        assert sorted(vocab) == ["name", "terms", "title"]
        expected = _terms(vocab["name"])
        assert [(t["code"], t["nl"], t["en"], t["synonyms"]) for t in vocab["terms"]] == \
            expected
        assert [t["label"] for t in vocab["terms"]] == \
            [nl if lang == "nl" else en for _, nl, en, _ in expected]
    titles = {v["name"]: v["title"] for v in data["vocabularies"]}
    assert titles["actors"] == ("Actoren" if lang == "nl" else "Actors")


def test_json_of_one_vocabulary_has_the_same_shape(capsys):
    code, out, _ = _labels(capsys, "segments", "--json")
    assert code == 0
    data = json.loads(out)
    assert [v["name"] for v in data["vocabularies"]] == ["segments"]
    assert [t["code"] for t in data["vocabularies"][0]["terms"]] == \
        [c for c, *_ in _terms("segments")]
