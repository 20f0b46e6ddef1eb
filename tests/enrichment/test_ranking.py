"""Ranking mode (`samskapa.enrichment.ranking`) on the full taxonomy, and the evaluation harness's metrics."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from samskapa.enrichment.ranking import (
    RankedSkill,
    SkillDocument,
    SkillRanker,
    bio_spans,
    jaccard,
    reciprocal_rank,
    rp_at_k,
    span_prf,
    stems,
)

_BUILT: dict[str, SkillRanker] = {}


@pytest.fixture
def ranker(session: Session) -> SkillRanker:
    """One ranker over the real taxonomy for the whole module (building it takes a few seconds)."""
    if "full" not in _BUILT:
        _BUILT["full"] = SkillRanker.from_session(session)
    return _BUILT["full"]


def _labels(ranked: list[RankedSkill]) -> list[str]:
    return [item.label for item in ranked]


def test_rank_returns_k_distinct_esco_skills_in_score_order(ranker: SkillRanker) -> None:
    ranked = ranker.rank("Experience with project management and budgeting in construction", "en", k=7)
    assert len(ranked) == 7
    assert len({item.id for item in ranked}) == 7
    scores = [item.score for item in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    for item in ranked:
        assert item.id.startswith("esco:skill:")
        assert item.uri.startswith("http://data.europa.eu/esco/skill/")
        assert item.uri.rsplit("/", 1)[1] == item.id.removeprefix("esco:skill:")
        assert item.label


def test_python_and_sql_are_both_ranked_high(ranker: SkillRanker) -> None:
    top = _labels(ranker.rank("Python and SQL", "en", k=5))
    assert "Python (computer programming)" in top
    assert "SQL" in top


def test_a_sentence_naming_several_skills_gets_each_of_them(ranker: SkillRanker) -> None:
    top = _labels(ranker.rank("javascript reactjs java", "en", k=5))
    assert "JavaScript" in top
    assert "Java (computer programming)" in top


def test_swedish_sentence_finds_the_english_technical_terms(ranker: SkillRanker) -> None:
    top = _labels(ranker.rank("Du har erfarenhet av Java och Python", "sv", k=5))
    assert "Java (computer programming)" in top
    assert "Python (computer programming)" in top


@pytest.mark.parametrize(
    "text", ["", "   ", "och att det", "qwxzv blorft zzkq", "\x00\x01 ☃☃ 12345", "!!! ???"]
)
@pytest.mark.parametrize("lang", ["en", "sv", "xx"])
def test_empty_or_nonsense_text_gives_low_scores_never_an_error(
    ranker: SkillRanker, text: str, lang: str
) -> None:
    sensible = ranker.rank("operate a forklift", "en", k=1)[0].score
    ranked = ranker.rank(text, lang, k=10)
    assert all(item.score < sensible / 2 for item in ranked)


def test_k_zero_or_negative_gives_nothing(ranker: SkillRanker) -> None:
    assert ranker.rank("Python and SQL", "en", k=0) == []
    assert ranker.rank("Python and SQL", "en", k=-3) == []


def test_the_top_of_the_ranking_does_not_depend_on_k(ranker: SkillRanker) -> None:
    sentence = "You have experience in TIG welding and reading technical drawings"
    assert ranker.rank(sentence, "en", k=10) == ranker.rank(sentence, "en", k=100)[:10]


def test_ids_by_label_maps_preferred_labels(ranker: SkillRanker) -> None:
    ids = ranker.ids_by_label()
    assert ids["SQL"].startswith("esco:skill:")
    assert len(ids) > 13_000


def test_ranker_from_hand_made_documents_prefers_full_label_matches() -> None:
    documents = [
        SkillDocument("s:1", "u:1", "operate forklift", alt_labels=("drive forklift truck",)),
        SkillDocument("s:2", "u:2", "forklift maintenance", description="Repairing forklift trucks."),
        SkillDocument("s:3", "u:3", "welding", alt_labels=("TIG welding",)),
    ]
    ranker = SkillRanker.from_documents(documents)
    assert ranker.rank("operate a forklift", "en", k=3)[0].id == "s:1"
    assert [item.id for item in ranker.rank("TIG welding", "en", k=3)] == ["s:3"]
    assert ranker.rank("nothing of the sort", "en", k=3) == []


def test_stems_drop_stop_words_and_keep_programming_names() -> None:
    assert stems("Experience with C++ and C# and the R language") == ["c++", "c#", "r", "languag"]


# --- metrics ---------------------------------------------------------------------------------------------


def test_rp_at_k_divides_by_the_smaller_of_k_and_the_gold() -> None:
    ranked = ["a", "x", "b", "y", "z", "c"]
    assert rp_at_k({"a"}, ranked, 5) == 1.0  # |gold| = 1 < K: one hit is perfect
    assert rp_at_k({"a", "b"}, ranked, 1) == 1.0  # K = 1 < |gold|
    assert rp_at_k({"a", "b"}, ranked, 5) == 1.0
    assert rp_at_k({"a", "b", "c"}, ranked, 5) == pytest.approx(2 / 3)
    assert rp_at_k({"a", "b", "c"}, ranked, 10) == 1.0
    assert rp_at_k({"q"}, ranked, 5) == 0.0
    assert rp_at_k(set(), ranked, 5) == 0.0
    assert rp_at_k({"a", "b", "c", "d", "e", "f", "g"}, ranked, 5) == pytest.approx(2 / 5)


def test_reciprocal_rank_is_one_over_the_first_gold_position() -> None:
    assert reciprocal_rank({"a"}, ["a", "b"]) == 1.0
    assert reciprocal_rank({"b", "c"}, ["a", "b", "c"]) == 0.5
    assert reciprocal_rank({"z"}, ["a", "b", "c", "z"]) == 0.25
    assert reciprocal_rank({"q"}, ["a", "b"]) == 0.0


def test_span_prf_counts_exact_spans_only() -> None:
    gold = [(0, 2, "s1"), (5, 6, "s1"), (1, 3, "s2")]
    predicted = [(0, 2, "s1"), (5, 7, "s1"), (1, 3, "s2"), (4, 4, "s3")]
    precision, recall, f1 = span_prf(gold, predicted)
    assert precision == 0.5
    assert recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert span_prf([], []) == (0.0, 0.0, 0.0)
    assert span_prf(gold, []) == (0.0, 0.0, 0.0)


def test_bio_spans_read_begin_inside_outside_tags() -> None:
    tags = ["O", "B-Skill", "I-Skill", "O", "B-Skill", "B-Skill", "I-Skill", "I-Skill"]
    assert bio_spans(tags, "s") == [(1, 3, "s"), (4, 5, "s"), (5, 8, "s")]
    assert bio_spans(["I-Skill", "O", "I-Skill", "I-Skill"], "s") == [(0, 1, "s"), (2, 4, "s")]
    assert bio_spans(["O", "O"], "s") == []


def test_jaccard() -> None:
    assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 1.0
    assert jaccard({"a"}, set()) == 0.0
