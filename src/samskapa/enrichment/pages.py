"""The enrichment page: paste a text and see the skills, occupations and languages found, highlighted.

It calls the same service as POST /v1/enrich, with the same semantic tier when it is on: a sentence found by
the tier is marked apart from dictionary matches, with its similarity. Where a span tagger was trained, the
person may also ask for the skill phrases of an English text (the service of POST /v1/enrich/spans), listed
with their ESCO links. The form posts (texts are long), changes nothing, and needs no sign-in.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from samskapa.config import Settings
from samskapa.core.errors import DomainError
from samskapa.enrichment import service
from samskapa.enrichment.api import semantic_tier, spans_of, tagger_trained
from samskapa.enrichment.schemas import EnrichedConcept, EnrichResult
from samskapa.taxonomy.lookup import lookup_for
from samskapa.web.deps import DbSession, PostedForm, SettingsDep
from samskapa.web.i18n import request_language
from samskapa.web.labels import concept_label
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

EXAMPLE = {
    "sv": "Du har erfarenhet av Java och Kubernetes och talar svenska och engelska. "
    "Ingen erfarenhet av Cobol krävs. Vi erbjuder friskvårdsbidrag och flexibla arbetstider.",
    "en": "You operate a forklift and know Python and SQL. TIG welding is a plus. "
    "No experience with SAP required. We offer a gym card.",
}


def segments(text: str, result: EnrichResult) -> list[dict[str, Any]]:
    """The text cut into plain parts and found parts (kept or filtered), in order, without overlaps."""
    found: list[tuple[EnrichedConcept, bool]] = [(c, True) for c in result.concepts] + [
        (c, False) for c in result.filtered
    ]
    found.sort(key=lambda item: (item[0].start, -(item[0].end - item[0].start)))
    parts: list[dict[str, Any]] = []
    position = 0
    for concept, kept in found:
        if concept.start < position:
            continue  # an overlapping (shorter) match: the list below the text still shows it
        if concept.start > position:
            parts.append({"text": text[position : concept.start]})
        parts.append({"text": text[concept.start : concept.end], "concept": concept, "kept": kept})
        position = concept.end
    if position < len(text):
        parts.append({"text": text[position:]})
    return parts


def _page(request: Request, settings: Settings, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = request_language(request)
    extra = {"example": EXAMPLE[lang], "can_tag": tagger_trained(settings)}
    return render(request, "enrich.html", {**extra, **context}, status=status)


@router.get("/enrich", response_class=HTMLResponse)
def enrich_form(request: Request, settings: SettingsDep) -> HTMLResponse:
    empty: dict[str, Any] = {
        "text": "",
        "chosen_lang": "",
        "result": None,
        "parts": [],
        "error": None,
        "want_spans": False,
    }
    return _page(request, settings, empty)


@router.post("/enrich", response_class=HTMLResponse)
def enrich_text(
    request: Request, form: PostedForm, session: DbSession, settings: SettingsDep
) -> HTMLResponse:
    text = str(form.get("text") or "")
    chosen = str(form.get("text_lang") or "")
    context: dict[str, Any] = {
        "text": text,
        "chosen_lang": chosen,
        "result": None,
        "parts": [],
        "error": None,
        "want_spans": form.get("spans") == "on",
        "spans": None,
        "spans_error": None,
    }
    try:
        result = service.enrich(
            session,
            text,
            chosen or None,
            max_chars=settings.enrich_max_chars,
            semantic=semantic_tier(request, session, settings),
        )
    except DomainError as error:
        context["error"] = error
        return _page(request, settings, context, status=error.status)
    lookup = lookup_for(session)
    lang = request_language(request)
    ids = {concept.id for concept in [*result.concepts, *result.filtered]}
    labels = {key: concept_label(lookup, key, lang) for key in ids}
    context.update(result=result, parts=segments(text, result), labels=labels)
    if context["want_spans"]:
        try:
            context["spans"] = spans_of(request, session, settings, text, result.lang)
        except DomainError as error:  # Swedish text, or no tagger: said on the page, the concepts stay
            context["spans_error"] = error
    return _page(request, settings, context)
