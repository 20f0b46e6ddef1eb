"""Turning rows into schema objects (shared by the service's use cases)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from samskapa.taxonomy.models import Concept
from samskapa.taxonomy.schemas import ConceptRef, Lang


def display_label(concept: Concept, lang: Lang) -> tuple[str | None, Lang | None]:
    """The preferred label in `lang`, falling back to the other language."""
    first, second = (
        (concept.pref_label_sv, concept.pref_label_en)
        if lang == "sv"
        else (concept.pref_label_en, concept.pref_label_sv)
    )
    other: Lang = "en" if lang == "sv" else "sv"
    if first:
        return first, lang
    if second:
        return second, other
    return None, None


def concept_ref(concept: Concept, lang: Lang) -> ConceptRef:
    label, label_lang = display_label(concept, lang)
    return ConceptRef(
        id=concept.id,
        uri=concept.uri,
        type=concept.type,
        scheme=concept.scheme,
        notation=concept.notation,
        label=label,
        label_lang=label_lang,
        status=concept.status,
    )


def ref_fields(concept: Concept, lang: Lang) -> dict[str, Any]:
    """The ConceptRef fields of a concept, for building subclasses of ConceptRef."""
    return concept_ref(concept, lang).model_dump()


def missing_ref(concept_id: str) -> ConceptRef:
    """A reference to a concept id that no longer resolves (kept so that history stays readable)."""
    return ConceptRef(
        id=concept_id, uri="", type="unknown", scheme="unknown", label=None, label_lang=None, status="unknown"
    )


def ref_or_missing(concepts: Mapping[str, Concept], concept_id: str, lang: Lang) -> ConceptRef:
    concept = concepts.get(concept_id)
    return concept_ref(concept, lang) if concept is not None else missing_ref(concept_id)
