"""The autocomplete index on a small hand-made vocabulary."""

from __future__ import annotations

import pytest

from samskapa.taxonomy import service
from samskapa.taxonomy.errors import InvalidTaxonomyQuery
from samskapa.taxonomy.suggest import SuggestIndex, SuggestIndexHolder

ROWS = [
    ("c:dev", "occupation-name", "jobtech", "sv", "pref", "Systemutvecklare"),
    ("c:dev", "occupation-name", "jobtech", "sv", "alt", "Programmerare"),
    ("c:nurse", "occupation-name", "jobtech", "sv", "pref", "Sjuksköterska, grundutbildad"),
    ("c:nurse-en", "occupation", "esco", "en", "pref", "general nurse"),
    ("c:nurse-en", "occupation", "esco", "en", "hidden", "nurse responsible for general care"),
    ("c:python", "skill", "esco", "en", "pref", "Python (computer programming)"),
    ("c:python", "skill", "esco", "en", "alt", "Python"),
    ("c:pyston", "skill", "esco", "en", "pref", "Pyston"),
    ("c:java", "skill", "esco", "en", "pref", "Java (computer programming)"),
    ("c:sthlm", "municipality", "scb-kommun", "sv", "pref", "Stockholm"),
    ("c:sthlm", "municipality", "scb-kommun", "en", "pref", "Stockholm"),
]


@pytest.fixture(scope="module")
def index() -> SuggestIndex:
    return SuggestIndex(ROWS, version=1)


def ids(index: SuggestIndex, q: str, **kwargs: object) -> list[str]:
    langs = kwargs.get("langs", [])
    types = kwargs.get("types", [])
    return [hit.concept_id for hit in index.search(q, langs=langs, types=types, limit=5)]  # type: ignore[arg-type]


def test_prefix_of_an_unfinished_word(index: SuggestIndex) -> None:
    assert ids(index, "sjukskötersk")[0] == "c:nurse"
    assert ids(index, "system")[0] == "c:dev"


def test_swapped_letters_prefer_the_real_word(index: SuggestIndex) -> None:
    assert ids(index, "pyhton")[0] == "c:python"


def test_one_wrong_letter(index: SuggestIndex) -> None:
    assert ids(index, "stokholm") == ["c:sthlm"]


def test_alternative_and_hidden_labels_match_but_rank_below_preferred(index: SuggestIndex) -> None:
    hits = index.search("programmerare", langs=[], types=[], limit=5)
    assert [(h.concept_id, h.matched_kind) for h in hits] == [("c:dev", "alt")]
    assert ids(index, "responsible for general") == ["c:nurse-en"]


def test_language_and_type_filters(index: SuggestIndex) -> None:
    assert ids(index, "python", langs=["sv"]) == []
    assert ids(index, "nurse", types=["occupation"]) == ["c:nurse-en"]
    assert ids(index, "stockholm", langs=["en"]) == ["c:sthlm"]


def test_every_word_must_match(index: SuggestIndex) -> None:
    assert ids(index, "java programming") == ["c:java"]
    assert ids(index, "java nurse") == []


def test_one_hit_per_concept(index: SuggestIndex) -> None:
    found = ids(index, "python")
    assert found.count("c:python") == 1


def test_service_validates_and_labels_in_the_asked_language(index: SuggestIndex) -> None:
    result = service.suggest(index, q="stockholm", lang="en", types=[], limit=3)
    assert [(item.id, item.label, item.lang) for item in result.items] == [("c:sthlm", "Stockholm", "en")]
    with pytest.raises(InvalidTaxonomyQuery):
        service.suggest(index, q="--", lang=None, types=[], limit=3)
    with pytest.raises(InvalidTaxonomyQuery, match="Unknown type"):
        service.suggest(index, q="java", lang=None, types=["skils"], limit=3)


def test_holder_rebuilds_when_a_new_version_is_loaded() -> None:
    versions = [1]
    builds: list[int] = []

    def build() -> SuggestIndex:
        builds.append(versions[0])
        return SuggestIndex(ROWS, version=versions[0])

    holder = SuggestIndexHolder(build=build, current_version=lambda: versions[0])
    first = holder.get()
    assert holder.get() is first
    versions[0] = 2
    assert holder.get().version == 2
    assert builds == [1, 2]
