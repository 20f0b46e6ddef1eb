"""JSON API of the common language (/v1): parse, call the service, return the schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from samskapa.core.db import session_scope
from samskapa.taxonomy import service, skos
from samskapa.taxonomy.schemas import (
    ChangesPage,
    ConceptDetail,
    ConceptPage,
    Lang,
    RelatedPage,
    SkillsResult,
    SuggestResult,
    TaxonomyStats,
    VersionOut,
)
from samskapa.taxonomy.suggest import SuggestIndexHolder
from samskapa.web.cache import CachedResponse
from samskapa.web.deps import ApiLang, DbSession, SettingsDep, split_values
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1", tags=["taxonomy"], route_class=StrictQueryRoute)

Limit = Annotated[int | None, Query(ge=1, description="Page size (default and maximum set by the platform).")]
Cursor = Annotated[str | None, Query(description="The `next` cursor of the previous page.")]
CsvList = Annotated[
    list[str], Query(description="One or more values: repeat the parameter or separate with commas.")
]


def _page_size(limit: int | None, default: int, maximum: int) -> int:
    return min(limit or default, maximum)


def _with_etag(request: Request, cached: CachedResponse, *, max_age: int = 300) -> Response:
    """The JSON body with its strong ETag; 304 when the client already has it."""
    headers = {"ETag": cached.etag, "Cache-Control": f"public, max-age={max_age}"}
    candidates = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    if cached.etag in candidates or "*" in candidates:
        return Response(status_code=304, headers=headers)
    return Response(cached.body, media_type="application/json", headers=headers)


def _render_concept(
    factory: sessionmaker[Session], key: str, lang: Lang, version: int | None
) -> CachedResponse:
    with session_scope(factory) as session:
        detail = service.get_concept(session, key=key, lang=lang, version=version)
    return CachedResponse.of(detail.model_dump_json().encode())


@router.get("/concepts", response_model=ConceptPage, summary="List and filter concepts")
def list_concepts(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
    type: CsvList = [],  # noqa: B006 - the public parameter is called type; FastAPI copies defaults
    scheme: CsvList = [],  # noqa: B006
    text: Annotated[str | None, Query(description="Part of any label (case and accents ignored).")] = None,
    version: Annotated[int | None, Query(ge=1, description="Only concepts valid in this version.")] = None,
    deprecated: Annotated[bool, Query(description="Include deprecated concepts.")] = False,
    cursor: Cursor = None,
    limit: Limit = None,
) -> ConceptPage:
    page = service.list_concepts(
        session,
        types=split_values(type),
        schemes=split_values(scheme),
        text=text,
        version=version,
        include_deprecated=deprecated,
        cursor=cursor,
        lang=lang,
        limit=_page_size(limit, settings.page_size_default, settings.page_size_max),
    )
    if page.next:
        page.next_url = str(request.url.include_query_params(cursor=page.next))
    return page


@router.get(
    "/concepts/{concept_id:path}/skills",
    response_model=SkillsResult,
    summary="Essential and optional skills, through SSYK → ISCO → ESCO where needed",
)
def concept_skills(
    concept_id: str,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
    limit: Limit = None,
) -> SkillsResult:
    return service.skills_of(
        session,
        key=concept_id,
        lang=lang,
        limit=_page_size(limit, settings.page_size_max, settings.page_size_max),
    )


@router.get("/concepts/{concept_id:path}/related", response_model=RelatedPage, summary="Related concepts")
def concept_related(
    concept_id: str,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
    kind: CsvList = [],  # noqa: B006
    cursor: Cursor = None,
    limit: Limit = None,
) -> RelatedPage:
    return service.related_concepts(
        session,
        key=concept_id,
        kinds=split_values(kind),
        lang=lang,
        cursor=cursor,
        limit=_page_size(limit, settings.page_size_default, settings.page_size_max),
    )


@router.get(
    "/concepts/{concept_id:path}/occupations",
    response_model=RelatedPage,
    summary="Occupations that need a skill",
)
def concept_occupations(
    concept_id: str,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
    cursor: Cursor = None,
    limit: Limit = None,
) -> RelatedPage:
    return service.occupations_needing(
        session,
        key=concept_id,
        lang=lang,
        cursor=cursor,
        limit=_page_size(limit, settings.page_size_default, settings.page_size_max),
    )


@router.get(
    "/concepts/{concept_id:path}",
    response_model=ConceptDetail,
    summary="One concept",
    responses={304: {"description": "Not modified (If-None-Match matched the ETag)."}},
)
async def get_concept(
    concept_id: str,
    request: Request,
    lang: ApiLang = "sv",
    version: Annotated[
        int | None, Query(ge=1, description="Show the concept as it was in this version.")
    ] = None,
) -> Response:
    # A concept's rendering changes only with a new taxonomy version, so it is cached per version; a miss
    # renders it in a worker thread with a unit of work of its own.
    state = request.app.state
    latest = await state.taxonomy_version.current()
    key = (concept_id, lang, version)
    cached: CachedResponse | None = state.concept_cache.get(key, latest)
    if cached is None:
        cached = await run_in_threadpool(_render_concept, state.session_factory, concept_id, lang, version)
        state.concept_cache.put(key, latest, cached)
    return _with_etag(request, cached)


@router.get("/suggest", response_model=SuggestResult, summary="Typo-tolerant autocomplete (sv and en)")
def suggest(
    request: Request,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="What the user has typed so far.")],
    lang: Annotated[ApiLang | None, Query(description="Match labels in this language only.")] = None,
    type: CsvList = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, description="Number of suggestions.")] = 10,
) -> SuggestResult:
    holder: SuggestIndexHolder = request.app.state.suggest_index
    return service.suggest(
        holder.get(), q=q, lang=lang, types=split_values(type), limit=min(limit, settings.suggest_limit_max)
    )


def _version_out(version: Any) -> VersionOut:
    links = {fmt: f"/v1/taxonomy/{version.number}.{fmt}" for fmt in ("ttl", "jsonld")}
    return VersionOut(
        number=version.number,
        created_at=version.created_at,
        concepts=version.concepts,
        created=version.created,
        updated=version.updated,
        deprecated=version.deprecated,
        note=version.note,
        links=links,
    )


@router.get("/taxonomy/versions", response_model=list[VersionOut], summary="Taxonomy versions")
def taxonomy_versions(session: DbSession) -> list[VersionOut]:
    return [_version_out(version) for version in service.versions(session)]


@router.get(
    "/taxonomy/changes", response_model=ChangesPage, summary="Changes feed: CREATED/UPDATED/DEPRECATED"
)
def taxonomy_changes(
    session: DbSession,
    settings: SettingsDep,
    since: Annotated[int, Query(ge=0, description="Return changes of versions after this one.")] = 0,
    cursor: Cursor = None,
    limit: Limit = None,
) -> ChangesPage:
    return service.changes(
        session,
        since=since,
        cursor=cursor,
        limit=_page_size(limit, settings.page_size_max, settings.page_size_max * 10),
    )


@router.get("/taxonomy/stats", response_model=TaxonomyStats, summary="Counts by type, scheme and status")
def taxonomy_stats(session: DbSession) -> TaxonomyStats:
    return service.stats(session)


def _dump_route(fmt: str, media_type: str) -> Callable[..., FileResponse]:
    def dump(version: int, session: DbSession, settings: SettingsDep) -> FileResponse:
        path = skos.dump_path(session, version=version, fmt=fmt, directory=settings.data_dir / "dumps")
        return FileResponse(path, media_type=media_type, filename=f"samskapa-taxonomy-v{version}.{fmt}")

    return dump


router.add_api_route(
    "/taxonomy/{version}.ttl",
    _dump_route("ttl", "text/turtle"),
    methods=["GET"],
    summary="SKOS dump of a version (Turtle)",
    response_class=FileResponse,
)
router.add_api_route(
    "/taxonomy/{version}.jsonld",
    _dump_route("jsonld", "application/ld+json"),
    methods=["GET"],
    summary="SKOS dump of a version (JSON-LD)",
    response_class=FileResponse,
)
