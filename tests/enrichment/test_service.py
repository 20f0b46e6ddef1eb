"""enrich(): the issue's acceptance sentences, the filters, bad input, and exact spans for any text."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from samskapa.core.errors import DomainError, Invalid, PayloadTooLarge
from samskapa.enrichment.errors import BinaryText, EmptyText, InvalidBatch, TextTooLarge, UnknownLanguage
from samskapa.enrichment.schemas import EnrichResult
from samskapa.enrichment.service import MODEL_VERSION, dictionary_info, enrich, enrich_many, warm_up

JAVA_SV = "jobtech:jCsR_WQX_CKD"  # Java, programmeringsspråk
JAVA_EN = "esco:skill:19a8293b-8e95-4de3-983f-77484079c389"  # Java (computer programming)
# Kubernetes is in neither ESCO nor JobTech; data/aliases.csv maps it to the broader "cloud technologies".
CLOUD = "esco:skill:bd14968e-e409-45af-b362-3495ed7b10e0"
PYTHON_EN = "esco:skill:ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL_EN = "esco:skill:598de5b0-5b58-4ea7-8058-a4bc4d18c742"
FORKLIFT = "esco:skill:28cb374e-6261-4133-8371-f9a5470145da"  # operate forklift
TIG_EN = "esco:skill:a51adea8-bf02-488a-a0d8-b0961caca5b0"  # perform tungsten inert gas welding
WMS = "esco:skill:7c821387-b428-4f75-b5a7-7b038aa81cfd"  # use a warehouse management system
WAREHOUSE_WORKER = "jobtech:DLEi_bTh_oLA"  # Lagerarbetare/Terminalarbetare
FORKLIFT_SV = "jobtech:pGts_PKK_c8W"  # Truckvana


def ids(result: EnrichResult) -> list[str]:
    return [concept.id for concept in result.concepts]


def test_swedish_sentence_yields_skills_and_languages(session: Session) -> None:
    text = "Du har erfarenhet av Java och Kubernetes och talar svenska och engelska"
    result = enrich(session, text)
    assert result.lang == "sv"
    assert result.lang_detected
    assert ids(result) == [JAVA_SV, CLOUD, "language:sv", "language:en"]
    assert [concept.text for concept in result.concepts] == ["Java", "Kubernetes", "svenska", "engelska"]
    java = result.concepts[0]
    assert (java.type, java.label, java.method) == ("skill", "Java, programmeringsspråk", "dictionary")
    assert JAVA_EN in java.alternatives
    assert result.model_version == MODEL_VERSION
    assert result.taxonomy_version >= 1
    assert result.concepts[2].label == "Svenska"
    assert result.concepts[2].type == "language"


def test_english_language_names_are_the_same_concepts(session: Session) -> None:
    result = enrich(session, "English and Swedish.", "en")
    assert ids(result) == ["language:en", "language:sv"]
    # Leftmost-longest: "speak English" is an ESCO skill of its own.
    assert ids(enrich(session, "You speak English.", "en")) == [
        "esco:skill:0ee9e985-0ee5-4a73-8a12-78b53b261bb2"
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ingen erfarenhet av Java krävs.", "sv"),
        ("Erfarenhet av Java är inget krav.", "sv"),
        ("Du behöver inte kunna Java.", "sv"),
        ("Java krävs inte.", "sv"),
        ("No experience with Java required.", "en"),
        ("Java is not required.", "en"),
        ("You can start without Java.", "en"),
    ],
)
def test_negated_skills_are_not_requirements(session: Session, text: str, lang: str) -> None:
    result = enrich(session, text, lang)
    assert JAVA_SV not in ids(result)
    assert JAVA_EN not in ids(result)
    assert [(concept.text, concept.negated) for concept in result.filtered] == [("Java", True)]


def test_negation_ends_with_the_clause(session: Session) -> None:
    result = enrich(session, "Ingen erfarenhet av Java krävs, men du kan SQL. Du kan Python.", "sv")
    assert [concept.text for concept in result.concepts] == ["SQL", "Python"]
    result = enrich(session, "Not only Java but also SQL.", "en")
    assert [concept.text for concept in result.concepts] == ["Java", "SQL"]


def test_the_peers_failure_cases(session: Session) -> None:
    assert ids(enrich(session, "You will operate a forklift.", "en")) == [FORKLIFT]
    assert ids(enrich(session, "Python and SQL", "en")) == [PYTHON_EN, SQL_EN]
    assert ids(enrich(session, "TIG welding", "en")) == [TIG_EN]
    assert ids(enrich(session, "Experience of a warehouse management system.", "en")) == [WMS]


def test_swedish_compounds(session: Session) -> None:
    result = enrich(session, "Vi söker lagerarbetare med truckkort.", "sv")
    assert ids(result) == [WAREHOUSE_WORKER, FORKLIFT_SV]
    assert [concept.type for concept in result.concepts] == ["occupation-name", "skill"]
    java = enrich(session, "Vi söker en javautvecklare.", "sv").concepts[0]
    assert (java.id, java.text, java.compound_part) == (JAVA_SV, "java", True)


def test_boilerplate_sections_are_flagged(session: Session) -> None:
    text = "Om tjänsten\nDu kan Java.\n\nVi erbjuder:\nKurser i Python.\n\nOm oss\nVi arbetar med SQL.\n"
    result = enrich(session, text, "sv")
    assert [concept.text for concept in result.concepts] == ["Java"]
    assert [(concept.text, concept.section) for concept in result.filtered] == [
        ("Python", "benefits"),
        ("SQL", "about"),
    ]
    english = enrich(session, "Requirements: Java.\nWhat we offer:\nPython courses.", "en")
    assert [concept.text for concept in english.concepts] == ["Java"]


def test_language_code_is_checked(session: Session) -> None:
    assert enrich(session, "Java", "SV").lang == "sv"
    with pytest.raises(UnknownLanguage) as raised:
        enrich(session, "Java", "de")
    assert raised.value.extra["accepted"] == ["sv", "en"]
    assert isinstance(raised.value, Invalid)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text(session: Session, text: str) -> None:
    with pytest.raises(EmptyText):
        enrich(session, text)


def test_text_over_the_limit(session: Session) -> None:
    with pytest.raises(TextTooLarge) as raised:
        enrich(session, "Java " * 10, max_chars=20)
    assert isinstance(raised.value, PayloadTooLarge)
    assert raised.value.status == 413
    with pytest.raises(TextTooLarge):
        enrich(session, "a" * 100_001)


@pytest.mark.parametrize("text", ["Java\x00SQL", "\x01\x02\x03\x04 Java \x05\x06\x07\x08", "\ud800 Java"])
def test_binary_garbage(session: Session, text: str) -> None:
    with pytest.raises(BinaryText):
        enrich(session, text)


def test_batches(session: Session) -> None:
    results = enrich_many(session, ["Du kan Java.", "You know SQL."])
    assert [result.lang for result in results] == ["sv", "en"]
    assert [ids(result) for result in results] == [[JAVA_SV], [SQL_EN]]
    with pytest.raises(InvalidBatch):
        enrich_many(session, [])
    with pytest.raises(InvalidBatch):
        enrich_many(session, ["Java"] * 3, max_batch=2)
    with pytest.raises(EmptyText) as raised:
        enrich_many(session, ["Java", " "])
    assert raised.value.field_errors[0].field == "texts[1]"


def test_dictionary_info(session: Session) -> None:
    info = dictionary_info(session)
    assert info["model_version"] == MODEL_VERSION
    assert "jobtech_terms" in info


_PIECES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    st.sampled_from(
        ["\t", "\n", " ", "-", ".", "+", "#", "\u0301", "🙂", "é", "Java", "SQL", "ingen ", "C++"]
    ),
    st.sampled_from(["lagerarbetare", "truckkort", "javautvecklare", "TIG-svetsning", "operate a forklift"]),
)
_TEXT = st.lists(_PIECES, max_size=40).map("".join)
_LONG_WORD = st.integers(min_value=50, max_value=3_000).map(lambda n: "lager" * n + " Java")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=150)
@given(text=st.one_of(_TEXT, _LONG_WORD), lang=st.sampled_from([None, "sv", "en"]))
def test_every_span_is_exact(session: Session, text: str, lang: str | None) -> None:
    try:
        result = enrich(session, text, lang)
    except DomainError:
        return  # empty or binary input: a typed error, never anything else
    for concept in [*result.concepts, *result.filtered]:
        assert 0 <= concept.start < concept.end <= len(text)
        assert text[concept.start : concept.end] == concept.text
        assert 0 <= concept.confidence <= 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=100)
@given(text=st.text(max_size=200))
def test_arbitrary_input_gives_a_result_or_a_typed_error(session: Session, text: str) -> None:
    with contextlib.suppress(DomainError):
        enrich(session, text)


def test_warm_up_builds_both_automata(session: Session) -> None:
    warm_up(session)
    assert enrich(session, "Java", "en").concepts[0].text == "Java"
