"""Use cases of enrichment: find skills, occupations and languages in Swedish or English text.

`enrich(session, text, lang=None)` checks the input, detects the language when none is given, runs the
dictionary tier (`dictionary.py`) and the filters (`filters.py`), and returns an `EnrichResult`. The session
is only read (the taxonomy version and, once per process and version, the labels); nothing is committed.

**Confidence** (0 to 1) is a documented heuristic, not a calibrated probability: the base value of the
surface form (preferred label 0.95, alternative 0.9, derived form such as the head of `Java,
programmeringsspråk` 0.85, JobTech term 0.8 (misspelled 0.7), hidden label 0.75, curated alias as given in
`data/aliases.csv`), times 0.85 when the words match only after stemming, 0.9 when the match is a part
of a split compound, 0.9 when another concept has the same surface form with an equal claim, and 0.9 for
single words of three letters or fewer.

**Bad input** raises typed errors (never anything else): `EmptyText` (empty or whitespace), `TextTooLarge`
(over `max_chars`, 413), `BinaryText` (NUL bytes, lone surrogates, or more than 10 % control or
replacement characters), `UnknownLanguage` (a code other than sv/en; the accepted values are in the error),
`InvalidBatch` (a batch that is empty or longer than `max_batch`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from sqlalchemy.orm import Session

from samskapa.core.errors import DomainError, FieldError
from samskapa.enrichment.dictionary import Dictionary, Match, describe, dictionary_for
from samskapa.enrichment.errors import BinaryText, EmptyText, InvalidBatch, TextTooLarge, UnknownLanguage
from samskapa.enrichment.filters import SpanIndex, boilerplate_sections, negation_scopes
from samskapa.enrichment.normalise import LANGUAGES, detect_language
from samskapa.enrichment.schemas import EnrichedConcept, EnrichResult

MODEL_VERSION = "samskapa-enrich-1.0 (dictionary: pyahocorasick, snowball sv/en, compounds; filters 1)"
DEFAULT_MAX_CHARS = 100_000
DEFAULT_MAX_BATCH = 1_000
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def check_language(lang: str | None, field: str = "lang") -> str | None:
    """The language code normalised (`SV` → `sv`), None when not given; UnknownLanguage otherwise."""
    if lang is None:
        return None
    code = lang.strip().lower() if isinstance(lang, str) else ""
    if code in LANGUAGES:
        return code
    accepted = ", ".join(LANGUAGES)
    raise UnknownLanguage(
        f"Unknown language '{lang}'.",
        hint=f"Use one of: {accepted}, or leave the language out to have it detected.",
        field_errors=[FieldError(field, f"must be one of {accepted}")],
        extra={"accepted": list(LANGUAGES)},
    )


def check_text(text: object, *, max_chars: int = DEFAULT_MAX_CHARS, field: str = "text") -> str:
    """The text if it can be enriched; a typed error (EmptyText, TextTooLarge, BinaryText) otherwise."""
    if not isinstance(text, str):
        raise BinaryText("The text must be a string.", field_errors=[FieldError(field, "must be a string")])
    if len(text) > max_chars:
        raise TextTooLarge(
            f"The text has {len(text):,} characters; the limit is {max_chars:,}.",
            hint="Split the text into smaller parts, or send them as a batch.",
            field_errors=[FieldError(field, f"at most {max_chars} characters")],
            extra={"limit": max_chars, "length": len(text)},
        )
    if not text.strip():
        raise EmptyText(
            "The text is empty.",
            hint="Send the text to enrich in the request body.",
            field_errors=[FieldError(field, "must not be empty or only whitespace")],
        )
    if "\x00" in text or _looks_binary(text):
        raise BinaryText(
            "The text looks like binary data, not text.",
            hint="Send UTF-8 plain text; extract the text from PDF or Word files first.",
            field_errors=[FieldError(field, "contains NUL bytes or mostly non-printable characters")],
        )
    return text


def _looks_binary(text: str) -> bool:
    bad = 0
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category == "Cs":
            return True
        if category == "Cc" or char == "\ufffd":
            bad += 1
    return bad > max(1, len(text) // 10)


def enrich(
    session: Session,
    text: str,
    lang: str | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    field: str = "text",
) -> EnrichResult:
    """The concepts in `text` (language given or detected), with spans, confidence and filter flags."""
    code = check_language(lang)
    checked = check_text(text, max_chars=max_chars, field=field)
    return _enrich(dictionary_for(session), checked, code)


def enrich_many(
    session: Session,
    texts: Sequence[str],
    lang: str | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_batch: int = DEFAULT_MAX_BATCH,
) -> list[EnrichResult]:
    """`enrich` over a batch; every text is checked first, so one bad text fails the batch, naming it."""
    if not texts or len(texts) > max_batch:
        raise InvalidBatch(
            f"A batch has 1 to {max_batch} texts; this one has {len(texts)}.",
            field_errors=[FieldError("texts", f"1 to {max_batch} texts")],
        )
    code = check_language(lang)
    checked = [check_text(text, max_chars=max_chars, field=f"texts[{i}]") for i, text in enumerate(texts)]
    dictionary = dictionary_for(session)
    return [_enrich(dictionary, text, code) for text in checked]


def _enrich(dictionary: Dictionary, text: str, lang: str | None) -> EnrichResult:
    detected = lang is None
    language = detect_language(text) if lang is None else lang
    matches = dictionary.match(text, language)
    negations = SpanIndex(negation_scopes(text)) if matches else None
    sections = SpanIndex(boilerplate_sections(text)) if matches else None
    kept: list[EnrichedConcept] = []
    filtered: list[EnrichedConcept] = []
    for match in matches:
        negated = negations is not None and negations.find(match.start, match.end) is not None
        section = sections.find(match.start, match.end) if sections is not None else None
        concept = _concept(text, match, language, negated, section.kind if section else None)
        (filtered if negated or section is not None else kept).append(concept)
    return EnrichResult(
        lang="sv" if language == "sv" else "en",
        lang_detected=detected,
        concepts=kept,
        filtered=filtered,
        model_version=MODEL_VERSION,
        taxonomy_version=dictionary.version,
    )


def _concept(text: str, match: Match, lang: str, negated: bool, section: str | None) -> EnrichedConcept:
    return EnrichedConcept.model_validate(
        {
            "id": match.concept.id,
            "type": match.concept.type,
            "label": match.concept.label(lang),
            "start": match.start,
            "end": match.end,
            "text": text[match.start : match.end],
            "confidence": match.confidence,
            "method": "dictionary",
            "matched_label": " ".join(match.candidate.folded),
            "source": match.candidate.source,
            "exact": match.exact,
            "compound_part": match.compound_part,
            "negated": negated,
            "section": section,
            "alternatives": [alternative.id for alternative in match.alternatives],
        }
    )


def warm_up(session: Session) -> None:
    """Build the dictionary and both automata now (3 to 5 s), e.g. in a background thread at start-up."""
    dictionary = dictionary_for(session)
    for code in LANGUAGES:
        dictionary.matcher(code)


def dictionary_info(session: Session) -> dict[str, object]:
    """Figures about the dictionary of the current taxonomy version (coverage of the JobTech term lists)."""
    return {"model_version": MODEL_VERSION, **describe(dictionary_for(session))}


def skills_found(dictionary: Dictionary, text: str, lang: str | None) -> list[dict[str, object]]:
    """The skills a text asks for (not negated, not in a benefits/about/application section), as compact
    evidence {id, start, end, confidence}, for enriching ads and offerings at ingest with the dictionary the
    caller took once (`dictionary_for`) for a whole chunk. A text the pipeline cannot read (binary, too long)
    has none: ingest does not fail on it."""
    try:
        result = _enrich(dictionary, check_text(text), check_language(lang))
    except DomainError:
        return []
    best: dict[str, dict[str, object]] = {}
    for concept in result.concepts:
        if concept.type != "skill" or concept.id in best:
            continue
        best[concept.id] = {
            "id": concept.id,
            "start": concept.start,
            "end": concept.end,
            "confidence": round(concept.confidence, 2),
        }
    return list(best.values())
