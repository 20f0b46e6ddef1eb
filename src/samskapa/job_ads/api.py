"""JSON API of the job ads: ingest batches, read one ad, mirror (snapshot + stream), bulk files, search."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, StreamingResponse

from samskapa.core.collection import StreamPage
from samskapa.core.ingest import IngestResult
from samskapa.job_ads import bulk, service, tasks
from samskapa.job_ads.schemas import AdSearchPage, aware
from samskapa.job_ads.search import FACETS, AdQuery
from samskapa.web.collection_api import BulkSource, bulk_file, read_batch, snapshot_response
from samskapa.web.deps import ApiLang, CurrentClient, DbSession, SettingsDep, split_values
from samskapa.web.indexes import index_of
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1/ads", tags=["job ads"], route_class=StrictQueryRoute)
WRITE_SCOPE = "ads:write"
Values = Annotated[list[str], Query(description="Concept ids; repeat the parameter or separate with commas.")]


@router.get(
    "",
    response_model=AdSearchPage,
    summary="Search job ads: full text (sv/en, stemmed), filters, facets, cursors",
    description=(
        "Every word of `q` must occur (headline, description or employer), after Swedish or English "
        'stemming; "quoted phrases" match as phrases. Filters take taxonomy ids (or JobTech ids): values '
        "of one filter are alternatives, different filters must all hold. `ssyk` matches any SSYK level; "
        "`occupation_field` is an SSYK major group. An unknown value is a 400 naming close matches. "
        "`sort`: relevance (default with `q`), newest (default without), oldest. Follow `next` to page "
        "through every match, with no depth limit."
    ),
)
def search_ads(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
    q: Annotated[str, Query(max_length=500)] = "",
    occupation: Values = [],  # noqa: B006
    ssyk: Values = [],  # noqa: B006
    occupation_field: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    municipality: Values = [],  # noqa: B006
    employment_type: Values = [],  # noqa: B006
    working_hours: Values = [],  # noqa: B006
    skill: Values = [],  # noqa: B006
    ad_lang: Annotated[list[str], Query(description="Language of the ad: sv or en.")] = [],  # noqa: B006
    published_from: datetime | None = None,
    published_to: datetime | None = None,
    remote: bool | None = None,
    sort: Annotated[str, Query(description="relevance, newest or oldest")] = "relevance",
    facet: Annotated[list[str], Query(description="Facets to count (default all).")] = [],  # noqa: B006
    facet_size: Annotated[int, Query(ge=1, le=200)] = 20,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> AdSearchPage:
    filters = {
        "occupation": split_values(occupation),
        "ssyk": split_values(ssyk),
        "occupation_field": split_values(occupation_field),
        "region": split_values(region),
        "municipality": split_values(municipality),
        "employment_type": split_values(employment_type),
        "working_hours": split_values(working_hours),
        "skill": split_values(skill),
        "lang": split_values(ad_lang),
    }
    query = AdQuery(
        text=q,
        filters={name: found for name, found in filters.items() if found},
        published_from=aware(published_from) if published_from else None,
        published_to=aware(published_to) if published_to else None,
        remote=remote,
        sort=sort,
        limit=limit,
        cursor=cursor,
        facets=split_values(facet) or FACETS,
        facet_size=facet_size,
    )
    return service.search_ads(session, index_of(request, "job_ads").engine, query, lang=lang)


@router.post(
    "/batches",
    response_model=IngestResult,
    summary="Ingest a batch of ads (JSON Lines, CSV or JobTech JSON)",
    description=(
        "The body is the file: `application/x-ndjson` (our schema, or JobTech JobSearch hits one per line), "
        "`text/csv` (our schema, flattened) or `application/json` (an array, or a JobSearch answer with "
        "`hits`). Every row is validated against the taxonomy; bad rows are reported with line, field and "
        "reason and the good ones are kept, unless `atomic=true`, which rejects the whole batch (400). "
        "Upserts on (source, external id): sending the same batch again changes nothing. A row with "
        '`"removed": true` makes the ad a tombstone. Needs a key with the scope `ads:write`.'
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
    summary="Every live ad, with the stream cursor to continue from",
    description=(
        'One JSON document `{"cursor": ..., "items": [ad, ...]}` streamed as it is read. Continue with '
        "`/v1/ads/stream?since=<cursor>`: applying the stream's changes to the snapshot gives the exact "
        "collection."
    ),
    response_class=StreamingResponse,
)
def snapshot(request: Request) -> StreamingResponse:
    return snapshot_response(request, service.snapshot_chunks, "ads-snapshot.json")


@router.get(
    "/stream",
    response_model=StreamPage,
    summary="Changes since a cursor, in commit order",
    description=(
        "Created, updated and removed ads after `since` (a cursor from the snapshot or a previous page; "
        "none = from the beginning), oldest first, each ad once at its latest state. Follow `next` until "
        "`has_more` is false, then poll with the last `next`."
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
    summary="Bulk files: job-ads.parquet, job-ads.csv, job-ads.jsonl.gz and datapackage.json",
    description=(
        "Every live ad in Parquet, CSV and gzipped JSON Lines, described by a Frictionless Data Package "
        "(`datapackage.json`: the columns, their types and meanings, sizes and SHA-256 hashes; `version` is "
        "the change sequence the files were read at). Served with HTTP range support; rebuilt in the "
        "background when the collection has changed and the files are older than the configured age."
    ),
    response_class=FileResponse,
)
def bulk_download(filename: str, request: Request, settings: SettingsDep) -> FileResponse:
    source = BulkSource(
        directory=settings.data_dir / "bulk" / "job-ads",
        basename=bulk.BASENAME,
        build=lambda session, directory: bulk.build(session, directory, base_url=settings.base_url),
        current_seq=service.current_seq,
    )
    return bulk_file(request, source, filename, settings.bulk_max_age_seconds)


@router.get("/{ad_id}", summary="One ad (a tombstone when it was removed)")
def get_ad(ad_id: str, session: DbSession) -> dict[str, object]:
    return service.get_ad(session, ad_id=ad_id)


@router.delete(
    "/{ad_id}", status_code=204, summary="Remove an ad of your organisation (it becomes a tombstone)"
)
def remove_ad(ad_id: str, principal: CurrentClient, session: DbSession) -> Response:
    principal.require_scope(WRITE_SCOPE)
    service.remove_ad(session, ad_id=ad_id, organisation_id=principal.organisation_id)
    return Response(status_code=204)
