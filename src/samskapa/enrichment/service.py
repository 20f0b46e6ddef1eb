"""Use cases of enrichment: find skills, occupations and languages in Swedish or English text.

`enrich(session, text, lang=None)` checks the input, detects the language when none is given, runs the
dictionary tier (`dictionary.py`) and the filters (`filters.py`), and returns an `EnrichResult`. The session
is only read (the taxonomy version and, once per process and version, the labels); nothing is committed.

**Semantic tier** (optional, `semantic.py`): given a `SemanticTier`, every English sentence of three words
or more in which the dictionary found nothing gets its nearest ESCO skill when the cosine is at least the
tier's `min_similarity` (0.6), as a concept with method "semantic", the sentence's offsets, `similarity`,
and a confidence of at most 0.7 (`semantic.semantic_confidence`); the filters apply to it as to the
others, and `model_version` names the model too. Ingest (`skills_found`) stays with the dictionary.

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

import bisect
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from samskapa.core.errors import DomainError, FieldError
from samskapa.enrichment import snapshot
from samskapa.enrichment.dictionary import Dictionary, Match, current_version, describe
from samskapa.enrichment.errors import (
    BinaryText,
    EmptyText,
    EnglishOnly,
    InvalidBatch,
    SpanTaggerOff,
    TextTooLarge,
    UnknownLanguage,
)
from samskapa.enrichment.filters import SpanIndex, boilerplate_sections, negation_scopes
from samskapa.enrichment.normalise import LANGUAGES, detect_language
from samskapa.enrichment.ranking import SkillRanker
from samskapa.enrichment.schemas import (
    EnrichedConcept,
    EnrichResult,
    LinkedSkill,
    SpansResult,
    TaggedSpanOut,
)
from samskapa.enrichment.semantic import HybridRanker, SemanticTier, segments, semantic_confidence
from samskapa.enrichment.snapshot import AutomatonFiles, dictionary_for
from samskapa.enrichment.tagger import SpanTagger, shown

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
    semantic: SemanticTier | None = None,
) -> EnrichResult:
    """The concepts in `text` (language given or detected), with spans, confidence and filter flags; with
    `semantic` (the optional tier), also the nearest skill of each English sentence the dictionary left
    without a concept."""
    code = check_language(lang)
    checked = check_text(text, max_chars=max_chars, field=field)
    return _enrich(dictionary_for(session), checked, code, semantic)


def enrich_many(
    session: Session,
    texts: Sequence[str],
    lang: str | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_batch: int = DEFAULT_MAX_BATCH,
    semantic: SemanticTier | None = None,
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
    if semantic is None:
        return [_enrich(dictionary, text, code) for text in checked]
    # The unresolved English sentences of the whole batch go to the encoder together.
    prepared = [_prepare(dictionary, text, code, semantic) for text in checked]
    nearest = semantic.nearest_groups(
        [[text[start:end] for start, end in item[2]] for text, item in zip(checked, prepared, strict=True)]
    )
    return [
        _enrich(dictionary, text, code, semantic, (*item, found))
        for text, item, found in zip(checked, prepared, nearest, strict=True)
    ]


def _prepare(
    dictionary: Dictionary, text: str, lang: str | None, semantic: SemanticTier | None
) -> tuple[str, list[Match], list[tuple[int, int]]]:
    """The language, the dictionary's matches and the sentences left for the semantic tier."""
    language = detect_language(text) if lang is None else lang
    matches = dictionary.match(text, language)
    unresolved = _unresolved(text, matches) if semantic is not None and language == "en" else []
    return language, matches, unresolved


def _enrich(
    dictionary: Dictionary,
    text: str,
    lang: str | None,
    semantic: SemanticTier | None = None,
    prepared: tuple[str, list[Match], list[tuple[int, int]], list[tuple[str, float]]] | None = None,
) -> EnrichResult:
    detected = lang is None
    if prepared is None:
        language, matches, unresolved = _prepare(dictionary, text, lang, semantic)
        nearest = semantic.nearest([text[start:end] for start, end in unresolved]) if semantic else []
    else:
        language, matches, unresolved, nearest = prepared
    found = [
        (span, skill_id, cosine)
        for span, (skill_id, cosine) in zip(unresolved, nearest, strict=True)
        if semantic is not None and cosine >= semantic.min_similarity
    ]
    flags = _filter_flags(text)
    kept: list[EnrichedConcept] = []
    filtered: list[EnrichedConcept] = []
    for match in matches:
        negated, section_kind = flags(match.start, match.end)
        concept = _concept(text, match, language, negated, section_kind)
        (filtered if negated or section_kind is not None else kept).append(concept)
    labels = semantic.label if semantic is not None else str
    for (start, end), skill_id, cosine in found:
        negated, section_kind = flags(start, end)
        concept = _semantic_concept(text, (start, end), skill_id, labels(skill_id), cosine)
        concept = concept.model_copy(update={"negated": negated, "section": section_kind})
        (filtered if negated or section_kind is not None else kept).append(concept)
    if found:
        kept.sort(key=lambda item: (item.start, item.end))
        filtered.sort(key=lambda item: (item.start, item.end))
    return EnrichResult(
        lang="sv" if language == "sv" else "en",
        lang_detected=detected,
        concepts=kept,
        filtered=filtered,
        model_version=MODEL_VERSION if semantic is None else f"{MODEL_VERSION}; semantic: {semantic.model}",
        taxonomy_version=dictionary.version,
        semantic_model=semantic.model if semantic is not None else None,
    )


def _filter_flags(text: str) -> Callable[[int, int], tuple[bool, str | None]]:
    """For a span of `text`: whether a negation governs it, and the kind of boilerplate section it lies in.
    The negation scopes and sections are found on the first call only, so a text with nothing found costs
    nothing."""
    indexes: list[SpanIndex] = []

    def flags(start: int, end: int) -> tuple[bool, str | None]:
        if not indexes:
            indexes.extend((SpanIndex(negation_scopes(text)), SpanIndex(boilerplate_sections(text))))
        negations, sections = indexes
        section = sections.find(start, end)
        return negations.find(start, end) is not None, section.kind if section else None

    return flags


def _unresolved(text: str, matches: Sequence[Match]) -> list[tuple[int, int]]:
    """The sentences of `text` (three words or more) in which the dictionary found nothing."""
    spans = sorted((match.start, match.end) for match in matches)
    unresolved = []
    for start, end in segments(text):
        position = bisect.bisect_left(spans, (start, -1))
        inside = position < len(spans) and spans[position][0] < end
        before = position > 0 and spans[position - 1][1] > start
        if not inside and not before:
            unresolved.append((start, end))
    return unresolved


def _semantic_concept(
    text: str, span: tuple[int, int], skill_id: str, label: str, cosine: float
) -> EnrichedConcept:
    start, end = span
    return EnrichedConcept(
        id=skill_id,
        type="skill",
        label=label,
        start=start,
        end=end,
        text=text[start:end],
        confidence=semantic_confidence(cosine),
        method="semantic",
        matched_label=label.lower(),
        source="semantic",
        exact=False,
        similarity=round(cosine, 4),
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


def find_spans(
    text: str,
    lang: str | None = None,
    *,
    tagger: SpanTagger | None,
    ranker: SkillRanker | HybridRanker | None,
    taxonomy_version: int | None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> SpansResult:
    """The skill and knowledge spans of English `text` found by the span tagger (`tagger.py`; shown without
    the `: ; ? !` that the tagger reads as part of a word, `tagger.shown`), each linked to the skill `ranker`
    puts first for the span's text (none without a ranker), and flagged like `enrich`'s concepts (negated,
    in a boilerplate section). SpanTaggerOff (503) when there is no tagger (the reason, which names server
    paths, is logged by `tagger.TaggerHolder`, not sent); EnglishOnly when the text is not English (given or
    detected): the tagger learned English job ads."""
    code = check_language(lang)
    checked = check_text(text, max_chars=max_chars)
    if tagger is None:
        raise SpanTaggerOff(
            "No span tagger has been trained on this server.",
            hint="The operator trains it at data-build time with `samskapa enrich --train-tagger` "
            "(or `make tagger`).",
        )
    language = code or detect_language(checked)
    if language != "en":
        raise EnglishOnly(
            "The span tagger reads English text only; this text is Swedish"
            + (" (detected)." if code is None else "."),
            hint="Use POST /v1/enrich for Swedish text, or give lang=en if the text is English.",
            field_errors=[FieldError("lang" if code else "text", "the span tagger reads English only")],
        )
    found = tagger.tag(checked)
    flags = _filter_flags(checked)
    links: dict[str, LinkedSkill | None] = {}
    kept: list[TaggedSpanOut] = []
    filtered: list[TaggedSpanOut] = []
    for span in found:
        start, end = shown(checked, span.start, span.end)
        phrase = checked[start:end]
        if phrase not in links:
            top = ranker.rank(phrase, "en", 1) if ranker is not None else []
            links[phrase] = (
                LinkedSkill(id=top[0].id, uri=top[0].uri, label=top[0].label, score=round(top[0].score, 4))
                if top
                else None
            )
        negated, section = flags(start, end)
        item = TaggedSpanOut(
            start=start,
            end=end,
            text=phrase,
            type=span.layer,
            confidence=span.confidence,
            skill=links[phrase],
            negated=negated,
            section=section,
        )
        (filtered if negated or section is not None else kept).append(item)
    return SpansResult(
        lang="en",
        spans=kept,
        filtered=filtered,
        tagger_model=tagger.model,
        linking="hybrid" if isinstance(ranker, HybridRanker) else "lexical" if ranker else None,
        taxonomy_version=taxonomy_version,
    )


def warm_up(session: Session, automata: Path | None = None) -> None:
    """Read the dictionary and both automata now, e.g. in a background thread at start-up: the automata from
    the directory `automata` when it has them (`snapshot.AutomatonFiles`), else built and kept there."""
    dictionary = dictionary_for(session)
    store = None if automata is None else AutomatonFiles(automata)
    for code in LANGUAGES:
        dictionary.matcher(code, store)


class SnapshotBuilt(NamedTuple):
    taxonomy_version: int
    built: bool  # False: a fresh snapshot was left as it is
    surface_forms: int
    size: int  # bytes, gzipped


def build_dictionary_snapshot(session: Session, *, if_stale: bool = False) -> SnapshotBuilt | None:
    """Data-build time: keep the dictionary of the newest taxonomy version as its snapshot, so that a process
    starts by reading it (`snapshot.py`). With `if_stale`, a fresh snapshot is left as it is. None when no
    taxonomy is loaded. The caller commits."""
    version = current_version(session)
    if if_stale and snapshot.stale_reason(session, version) is None:
        return SnapshotBuilt(version, False, 0, 0)
    row = snapshot.build(session)
    if row is None:
        return None
    return SnapshotBuilt(row.taxonomy_version, True, row.surface_forms, len(row.data))


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
