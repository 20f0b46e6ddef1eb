"""JSON API of education offerings: search, ingest batches, read one offering, mirror (snapshot + stream),
bulk files."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse

from samskapa.core.collection import StreamPage
from samskapa.core.ingest import IngestResult
from samskapa.education import bulk, service, tasks
from samskapa.education.search import FACETS, EducationQuery, EducationSearchPage
from samskapa.web.collection_api import BulkSource, bulk_file, read_batch, snapshot_response
from samskapa.web.deps import ApiLang, CurrentClient, DbSession, SettingsDep, split_values
from samskapa.web.indexes import index_of
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1/education", tags=["education"], route_class=StrictQueryRoute)
WRITE_SCOPE = "education:write"
Values = Annotated[list[str], Query(description="Repeat the parameter or separate values with commas.")]


@router.get(
    "",
    response_model=EducationSearchPage,
    summary="Search education offerings: full text (sv/en, stemmed), filters, facets, cursors",
    description=(
        "Every word of `q` must occur (title, description, subject, learning outcomes or provider), after "
        'Swedish or English stemming; "quoted phrases" match as phrases. Filters: values of one filter are '
        "alternatives, different filters must all hold. `level` (SUN 2020 level) and `field` (SUN 2020 "
        "field) match every broader code too (sun-field:4 finds sun-field:481a); `location` is a "
        "municipality (kommun:2281), `region` a county (lan:22), `language` a language id (language:sv), "
        "`mode` campus, distance or blended, `pace` a percentage (100, 50), `credit_unit` hp, ects, yh or "
        "fup, `provider` the publishing organisation's name. `start_from`/`start_to` (inclusive) filter "
        "on the first start date; offerings without start dates never match them. An unknown value is a "
        "400 naming close matches. `sort`: relevance (default with `q`), newest, oldest (by the first "
        "start date, else the date the syllabus is valid from). Titles are shown in `lang`, else in the "
        "other language. Follow `next` to page through every match, with no depth limit."
    ),
)
def search_education(
    request: Request,
    session: DbSession,
    lang: ApiLang = "sv",
    q: Annotated[str, Query(max_length=500)] = "",
    level: Values = [],  # noqa: B006
    field: Values = [],  # noqa: B006
    location: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    language: Values = [],  # noqa: B006
    mode: Values = [],  # noqa: B006
    pace: Values = [],  # noqa: B006
    credit_unit: Values = [],  # noqa: B006
    provider: Values = [],  # noqa: B006
    skill: Values = [],  # noqa: B006
    start_from: date | None = None,
    start_to: date | None = None,
    has_outcomes: Annotated[bool | None, Query(description="Only offerings with learning outcomes")] = None,
    sort: Annotated[str, Query(description="relevance, newest or oldest")] = "relevance",
    facet: Annotated[list[str], Query(description="Facets to count (default all).")] = [],  # noqa: B006
    facet_size: Annotated[int, Query(ge=1, le=200)] = 20,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> EducationSearchPage:
    filters = {
        "level": split_values(level),
        "field": split_values(field),
        "location": split_values(location),
        "region": split_values(region),
        "language": split_values(language),
        "mode": split_values(mode),
        "pace": split_values(pace),
        "credit_unit": split_values(credit_unit),
        "provider": split_values(provider),
        "skill": split_values(skill),
    }
    query = EducationQuery(
        text=q,
        filters={name: found for name, found in filters.items() if found},
        start_from=start_from,
        start_to=start_to,
        has_outcomes=has_outcomes,
        sort=sort,
        limit=limit,
        cursor=cursor,
        facets=split_values(facet) or tuple(FACETS),
        facet_size=facet_size,
    )
    return service.search_education(session, index_of(request, "education").engine, query, lang=lang)


@router.post(
    "/batches",
    response_model=IngestResult,
    summary="Ingest a batch of offerings (JSON Lines, CSV or a JSON array)",
    description=(
        "The body is the file: `application/x-ndjson` (one offering per line, our schema), `text/csv` (our "
        "schema, flattened: provider_name, cost_amount…, lists separated by '|') or `application/json` (an "
        "array). Every row is validated, its SUN level and field, municipality and languages against the "
        "taxonomy; bad rows are reported with line, field and reason and the good ones are kept, unless "
        "`atomic=true`, which rejects the whole batch (400). Upserts on (source, external id): sending the "
        'same batch again changes nothing. A row with `"removed": true` makes the offering a tombstone. '
        "Needs a key with the scope `education:write`."
    ),
)
async def ingest_batch(
    request: Request,
    principal: CurrentClient,
    session: DbSession,
    settings: SettingsDep,
    feed: Annotated[str | None, Query(max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")] = None,
    format: Annotated[str | None, Query(description="jsonl, csv or json; else from Content-Type")] = None,
    atomic: bool = False,
) -> IngestResult:
    principal.require_scope(WRITE_SCOPE)
    stream, fmt = await read_batch(request, settings, format)
    with stream:
        report = await run_in_threadpool(
            tasks.ingest_upload,
            session,
            stream,
            fmt=fmt,
            organisation_id=principal.organisation_id,
            organisation_name=principal.organisation_name,
            feed=feed,
            atomic=atomic,
        )
    return IngestResult.model_validate(report.as_dict())


@router.get(
    "/snapshot",
    summary="Every live offering, with the stream cursor to continue from",
    description=(
        'One JSON document `{"cursor": ..., "items": [offering, ...]}` streamed as it is read. Continue '
        "with `/v1/education/stream?since=<cursor>`: applying the stream's changes to the snapshot gives "
        "the exact collection."
    ),
    response_class=StreamingResponse,
)
def snapshot(request: Request) -> StreamingResponse:
    return snapshot_response(request, service.snapshot_chunks, "education-snapshot.json")


@router.get(
    "/stream",
    response_model=StreamPage,
    summary="Changes since a cursor, in commit order",
    description=(
        "Created, updated and removed offerings after `since` (a cursor from the snapshot or a previous "
        "page; none = from the beginning), oldest first, each offering once at its latest state. Follow "
        "`next` until `has_more` is false, then poll with the last `next`."
    ),
)
def stream(
    session: DbSession,
    settings: SettingsDep,
    since: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1)] = 1000,
) -> Response:
    page = service.stream_json(session, cursor=since, limit=min(limit, settings.stream_page_max))
    return Response(page, media_type="application/json")


@router.get(
    "/bulk/{filename}",
    summary="Bulk files: education.parquet, education.csv, education.jsonl.gz and datapackage.json",
    description=(
        "Every live offering in Parquet, CSV and gzipped JSON Lines, one row each with every field of the "
        "document as a column (provider and cost flattened; learning outcomes, languages and start dates as "
        "lists, plus `first_start` as a date), described by a Frictionless Data Package "
        "(`datapackage.json`: the columns, their types and meanings in English and Swedish, sizes and "
        "SHA-256 hashes; `version` is the change sequence the files were read at). Served with HTTP range "
        "support; rebuilt in the background when the collection has changed and the files are older than "
        "the configured age."
    ),
    response_class=FileResponse,
)
def bulk_download(filename: str, request: Request, settings: SettingsDep) -> FileResponse:
    source = BulkSource(
        directory=settings.data_dir / "bulk" / "education",
        basename=bulk.BASENAME,
        build=lambda session, directory: bulk.build(session, directory, base_url=settings.base_url),
        current_seq=service.current_seq,
    )
    return bulk_file(request, source, filename, settings.bulk_max_age_seconds)


@router.get("/{opportunity_id}", summary="One offering (a tombstone when it was removed)")
def get_opportunity(opportunity_id: str, session: DbSession) -> dict[str, object]:
    return service.get_opportunity(session, opportunity_id=opportunity_id)


@router.delete(
    "/{opportunity_id}",
    status_code=204,
    summary="Remove an offering of your organisation (it becomes a tombstone)",
)
def remove_opportunity(opportunity_id: str, principal: CurrentClient, session: DbSession) -> Response:
    principal.require_scope(WRITE_SCOPE)
    service.remove_opportunity(
        session, opportunity_id=opportunity_id, organisation_id=principal.organisation_id
    )
    return Response(status_code=204)
