"""The example generator at more than 13 studies (``scripts/make_example_studies.py --count``),
as the 100-study benchmark uses it: the same bytes every time, the 13 examples unchanged at the
start, unique ids and municipalities, every study valid and saying it is illustrative."""

import pytest
from conftest import STUDIES
from helpers_generator import example_generator

from mkba.io import check_files


@pytest.fixture(scope="module")
def generator():
    return example_generator()


@pytest.fixture(scope="module")
def written(generator, tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    return folder, generator.write_all(folder, count=28)


def test_the_same_count_gives_the_same_bytes(generator, written, tmp_path):
    folder, files = written
    again = generator.write_all(tmp_path, count=28)
    assert [p.name for p in again] == [p.name for p in files]
    for p in files:
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_the_13_examples_come_first_and_unchanged(written):
    folder, _ = written
    for example in STUDIES.glob("*.xlsx"):
        assert (folder / example.name).read_bytes() == example.read_bytes(), example.name


def test_every_study_is_valid_unique_and_illustrative(written):
    folder, files = written
    studies, report = check_files(folder)
    assert report.ok, report
    assert len(studies) == 28 == len({s.id for s in studies})
    assert len({s.municipality for s in studies}) == 28
    assert all(s.illustrative and "illustratief" in s.title for s in studies)
    # a repeat is its example in a district of its own: bosvaart-2011 comes back as
    # bosvaart-noord-2011 (the 14th) and bosvaart-zuid-2011 (the 27th), in Bosvaart-Noord/-Zuid
    by_id = {s.id: s for s in studies}
    assert by_id["bosvaart-noord-2011"].municipality == "Bosvaart-Noord"
    assert by_id["bosvaart-zuid-2011"].municipality == "Bosvaart-Zuid"
    assert by_id["bosvaart-noord-2011"].approach_type == by_id["bosvaart-2011"].approach_type


def test_a_count_out_of_range_is_refused(generator):
    with pytest.raises(ValueError, match="count must be 1 to 169"):
        generator.specs(170)
    assert [s["id"] for s in generator.specs(3)] == ["bosvaart-2011", "ooststad-2012",
                                                     "lindemonde-2013"]
    assert generator.specs(20)[:14] == generator.specs(14)
