"""JSON API of enrichment: concepts found in text (/v1/enrich), the top-k skills of a sentence (/rank) and the
span tagger's skill and knowledge spans (/spans)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from samskapa.config import Settings
from samskapa.enrichment import service
from samskapa.enrichment.normalise import detect_language
from samskapa.enrichment.ranking import SkillRanker
from samskapa.enrichment.schemas import EnrichResult, SpansResult
from samskapa.enrichment.semantic import HybridRanker, SemanticTier, TierHolder
from samskapa.enrichment.tagger import SpanTagger, TaggerHolder, is_trained
from samskapa.taxonomy import service as taxonomy
from samskapa.web.deps import DbSession, SettingsDep
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1/enrich", tags=["enrichment"], route_class=StrictQueryRoute)


class EnrichIn(BaseModel):
    """One text or a batch; `lang` is sv or en, detected when left out."""

    text: str | None = Field(default=None, description="One text (plain text; max 100,000 characters).")
    texts: list[str] | None = Field(default=None, description="A batch of texts (1 to 1,000).")
    lang: str | None = Field(default=None, description="sv or en; detected per text when left out.")

    @model_validator(mode="after")
    def _one_of(self) -> EnrichIn:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send either 'text' or 'texts'")
        return self


class EnrichBatchOut(BaseModel):
    results: list[EnrichResult]


class RankIn(BaseModel):
    text: str = Field(description="A sentence or a short passage.")
    lang: str | None = Field(default=None, description="sv or en; detected when left out.")
    k: Annotated[int, Field(ge=1, le=100)] = 10


class SpansIn(BaseModel):
    text: str = Field(
        description="English text: a job ad, a CV, a course description (max 100,000 characters)."
    )
    lang: str | None = Field(default=None, description="en (the tagger is English); detected when left out.")


class RankedSkillOut(BaseModel):
    id: str
    uri: str | None = Field(description="The ESCO URI where the skill has one.")
    label: str
    score: float


class RankOut(BaseModel):
    lang: str
    method: str = Field(description="lexical, or hybrid (lexical and semantic tier; English text only).")
    semantic_model: str | None = Field(description="The semantic tier's model; null when it is off.")
    taxonomy_version: int | None
    items: list[RankedSkillOut]


class RankerHolder:
    """One skill ranker per process and taxonomy version, built on first use (a few seconds), and the
    semantic tier where it can run (`Settings.enrich_semantic`): then the ranker is the hybrid one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ranker: SkillRanker | None = None
        self._version: int | None = None
        self.tiers = TierHolder()
        self.taggers = TaggerHolder()

    def tier(self, session: Session, settings: Settings) -> SemanticTier | None:
        version = taxonomy.current_version(session)
        if not settings.enrich_semantic or version is None:
            return None
        return self.tiers.get(settings.resolved_embeddings_dir(), version)

    def get(self, session: Session, settings: Settings | None = None) -> SkillRanker | HybridRanker:
        version = taxonomy.current_version(session)
        with self._lock:
            if self._ranker is None or self._version != version:
                self._ranker, self._version = SkillRanker.from_session(session), version
            lexical = self._ranker
        tier = self.tier(session, settings) if settings is not None else None
        return tier.hybrid(lexical) if tier is not None else lexical

    def tagger(self, settings: Settings) -> SpanTagger | None:
        """The span tagger trained into the settings' directory, or None (the reason is logged once)."""
        return self.taggers.get(settings.resolved_tagger_dir())


def _holder(request: Request) -> RankerHolder:
    holder: RankerHolder | None = getattr(request.app.state, "skill_ranker", None)
    if holder is None:
        holder = request.app.state.skill_ranker = RankerHolder()
    return holder


def semantic_tier(request: Request, session: Session, settings: Settings) -> SemanticTier | None:
    """The app's semantic tier when the settings ask for it and it can run (shared with the page)."""
    return _holder(request).tier(session, settings)


def spans_of(
    request: Request, session: Session, settings: Settings, text: str, lang: str | None
) -> SpansResult:
    """`service.find_spans` with the app's tagger and its linking ranker (shared with the page)."""
    holder = _holder(request)
    tagger = holder.tagger(settings)
    return service.find_spans(
        text,
        lang,
        tagger=tagger,
        ranker=holder.get(session, settings) if tagger is not None else None,
        taxonomy_version=taxonomy.current_version(session),
        max_chars=settings.enrich_max_chars,
    )


def tagger_trained(settings: Settings) -> bool:
    """Whether a span tagger was trained for this server (the page offers it then; opened on first use)."""
    return is_trained(settings.resolved_tagger_dir())


@router.post(
    "",
    response_model=EnrichResult | EnrichBatchOut,
    summary="Find skills, occupations and languages in Swedish or English text",
    description=(
        "Every concept comes with its span (`text == input[start:end]`), a confidence, the method and the "
        "model and taxonomy versions. Negated mentions (“ingen erfarenhet av …”, “no … required”) "
        "and mentions in benefits/about/application sections are listed under `filtered`. An empty text or "
        "binary data is a 400, a text over the size limit a 413, an unknown `lang` a 400."
    ),
)
def enrich(data: EnrichIn, request: Request, session: DbSession, settings: SettingsDep) -> Any:
    semantic = semantic_tier(request, session, settings)
    if data.texts is not None:
        results = service.enrich_many(
            session,
            data.texts,
            data.lang,
            max_chars=settings.enrich_max_chars,
            max_batch=settings.enrich_max_batch,
            semantic=semantic,
        )
        return EnrichBatchOut(results=results)
    return service.enrich(
        session, data.text or "", data.lang, max_chars=settings.enrich_max_chars, semantic=semantic
    )


@router.post(
    "/rank",
    response_model=RankOut,
    summary="The top-k ESCO skills of a sentence, in order",
    description="Sentence-level ranking against every ESCO skill (the benchmarks' ranking mode).",
)
def rank(data: RankIn, request: Request, session: DbSession, settings: SettingsDep) -> RankOut:
    lang = service.check_language(data.lang)
    text = service.check_text(data.text, max_chars=settings.enrich_max_chars)
    language = lang or detect_language(text)
    ranker = _holder(request).get(session, settings)
    ranked = ranker.rank(text, language, data.k)
    return RankOut(
        lang=language,
        method="hybrid" if isinstance(ranker, HybridRanker) and language == "en" else "lexical",
        semantic_model=ranker.model if isinstance(ranker, HybridRanker) else None,
        taxonomy_version=taxonomy.current_version(session),
        items=[
            RankedSkillOut(id=item.id, uri=item.uri, label=item.label, score=item.score) for item in ranked
        ],
    )


@router.post(
    "/spans",
    response_model=SpansResult,
    summary="Skill and knowledge spans in English text (the span tagger), linked to ESCO skills",
    description=(
        "The span tagger (a transformer fine-tuned on SkillSpan's training split) marks the phrases of an "
        "English text that name a skill or a piece of knowledge, in the text's own words; each span is "
        "linked to the ESCO skill the ranker puts first for it. Negated spans and spans in "
        "benefits/about/application sections are listed under `filtered`. A 503 when no tagger was trained "
        "on this server, a 400 for text that is not English."
    ),
)
def spans(data: SpansIn, request: Request, session: DbSession, settings: SettingsDep) -> SpansResult:
    return spans_of(request, session, settings, data.text, data.lang)
