"""JSON API of the catalogue (/v1/datasets): search with facets and cursors; publish, change, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from samskapa.catalogue import search, service
from samskapa.catalogue.errors import DataServiceNotFound, InvalidDataset, InvalidSearch, NameTaken
from samskapa.catalogue.models import Dataset
from samskapa.catalogue.schemas import (
    DataServiceIn,
    DataServiceOut,
    DatasetIn,
    DatasetOut,
    DatasetPage,
    FacetValue,
)
from samskapa.core.errors import Conflict
from samskapa.web.deps import CurrentClient, DbSession, SettingsDep, split_values
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1", tags=["catalogue"], route_class=StrictQueryRoute)

Values = Annotated[list[str], Query(description="Repeat the parameter, or separate values with commas.")]


class PreconditionFailed(Conflict):
    status = 412
    code = "precondition_failed"
    title = "Precondition failed"


def _etag(dataset: Dataset) -> str:
    return f'"{dataset.id}-{dataset.modified.timestamp():.6f}"'


def _check_if_match(request: Request, dataset: Dataset) -> None:
    wanted = request.headers.get("if-match")
    if wanted is not None and wanted.strip() not in ("*", _etag(dataset)):
        raise PreconditionFailed(
            "The dataset changed since you read it.",
            hint="Read it again (GET) and send its new ETag in If-Match.",
        )


def _sort(value: str) -> tuple[str, bool]:
    descending = value.startswith("-")
    name = value.lstrip("-")
    if name not in search.SORTS:
        raise InvalidSearch(
            f"Unknown sort '{value}'.", hint=f"Use one of {', '.join(search.SORTS)}, '-' for descending."
        )
    return name, descending


@router.get("/datasets", response_model=DatasetPage, summary="Search datasets, with facets")
def search_datasets(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            max_length=500,
            description="Words that must all occur (title, description, keywords, publisher), sv or en.",
        ),
    ] = "",
    publisher: Values = [],  # noqa: B006
    theme: Values = [],  # noqa: B006
    format: Values = [],  # noqa: B006
    licence: Values = [],  # noqa: B006
    concept: Values = [],  # noqa: B006
    access_rights: Values = [],  # noqa: B006
    keyword: Values = [],  # noqa: B006
    modified_since: Annotated[
        datetime | None, Query(description="Only datasets modified at or after this.")
    ] = None,
    sort: Annotated[
        str, Query(description="modified, issued, title_sv, title_en, name or id; '-' first for descending.")
    ] = "-modified",
    cursor: Annotated[str | None, Query(description="The `next` cursor of the previous page.")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> DatasetPage:
    filters = {
        name: split_values(values)
        for name, values in {
            "publisher": publisher,
            "theme": theme,
            "format": format,
            "licence": licence,
            "concept": concept,
            "access_rights": access_rights,
            "keyword": keyword,
        }.items()
        if values
    }
    service.check_filters(session, filters)
    sort_name, descending = _sort(sort)
    query = search.DatasetQuery(
        terms=q.split(), filters=filters, modified_from=modified_since, sort=sort_name, descending=descending
    )
    size = min(limit or settings.page_size_default, settings.page_size_max)
    items, next_cursor = service.page_of_datasets(
        session, query=query, cursor=cursor, limit=size, base_url=settings.base_url
    )
    page = DatasetPage(
        count=search.count(session, query),
        items=items,
        facets={
            name: [FacetValue(value=v, count=c) for v, c in values]
            for name, values in search.facets(session, query, names=search.FACETS).items()
        },
        next=next_cursor,
    )
    if next_cursor:
        page.next_url = str(request.url.include_query_params(cursor=next_cursor))
    return page


@router.get("/datasets/{key}", response_model=DatasetOut, summary="One dataset by id or name")
def get_dataset(key: str, session: DbSession, settings: SettingsDep, response: Response) -> DatasetOut:
    dataset = service.get_dataset(session, key=key)
    service.record_usage(session, dataset_id=dataset.id, api_calls=1)
    response.headers["ETag"] = _etag(dataset)
    return service.dataset_views(session, [dataset], base_url=settings.base_url)[0]


@router.post(
    "/datasets",
    response_model=DatasetOut,
    status_code=status.HTTP_201_CREATED,
    summary="Publish a dataset (key with catalogue:write)",
)
def create_dataset(
    data: DatasetIn, principal: CurrentClient, session: DbSession, settings: SettingsDep, response: Response
) -> DatasetOut:
    organisation = service.publishing_organisation(session, principal=principal)
    dataset = service.create_dataset(session, organisation=organisation, data=data)
    response.headers["Location"] = f"/v1/datasets/{dataset.id}"
    response.headers["ETag"] = _etag(dataset)
    return service.dataset_views(session, [dataset], base_url=settings.base_url)[0]


@router.put("/datasets/{key}", response_model=DatasetOut, summary="Replace a dataset's description")
def update_dataset(
    key: str,
    data: DatasetIn,
    request: Request,
    principal: CurrentClient,
    session: DbSession,
    settings: SettingsDep,
    response: Response,
) -> DatasetOut:
    dataset = service.editable_dataset(session, key=key, principal=principal)
    _check_if_match(request, dataset)
    service.update_dataset(session, dataset=dataset, data=data)
    response.headers["ETag"] = _etag(dataset)
    return service.dataset_views(session, [dataset], base_url=settings.base_url)[0]


@router.delete(
    "/datasets/{key}", response_model=DatasetOut, summary="Withdraw a dataset (kept as a tombstone)"
)
def withdraw_dataset(
    key: str, request: Request, principal: CurrentClient, session: DbSession, settings: SettingsDep
) -> DatasetOut:
    dataset = service.editable_dataset(session, key=key, principal=principal)
    _check_if_match(request, dataset)
    service.withdraw_dataset(session, dataset=dataset)
    return service.dataset_views(session, [dataset], base_url=settings.base_url)[0]


@router.get("/data-services", response_model=list[DataServiceOut], summary="Every data service (API)")
def list_data_services(session: DbSession, settings: SettingsDep) -> list[DataServiceOut]:
    return service.data_service_views(
        session, service.list_data_services(session), base_url=settings.base_url
    )


@router.get("/data-services/{key}", response_model=DataServiceOut, summary="One data service by id or name")
def get_data_service(key: str, session: DbSession, settings: SettingsDep) -> DataServiceOut:
    found = service.get_data_service(session, key=key)
    return service.data_service_views(session, [found], base_url=settings.base_url)[0]


@router.post(
    "/data-services",
    response_model=DataServiceOut,
    status_code=status.HTTP_201_CREATED,
    summary="Publish a data service (key with catalogue:write)",
)
def create_data_service(
    data: DataServiceIn,
    principal: CurrentClient,
    session: DbSession,
    settings: SettingsDep,
    response: Response,
) -> DataServiceOut:
    organisation = service.publishing_organisation(session, principal=principal)
    try:
        service.get_data_service(session, key=data.name)
    except DataServiceNotFound:
        created = service.upsert_data_service(session, organisation=organisation, data=data)
        response.headers["Location"] = f"/v1/data-services/{created.id}"
        return service.data_service_views(session, [created], base_url=settings.base_url)[0]
    raise NameTaken(
        f"The data service name '{data.name}' is taken.", hint="Choose another name, or PUT to change it."
    )


@router.put(
    "/data-services/{key}", response_model=DataServiceOut, summary="Replace a data service's description"
)
def update_data_service(
    key: str, data: DataServiceIn, principal: CurrentClient, session: DbSession, settings: SettingsDep
) -> DataServiceOut:
    found = service.editable_data_service(session, key=key, principal=principal)
    if data.name != found.name:
        raise InvalidDataset(
            "The name in the body differs from the data service's.", hint="Names do not change."
        )
    organisation = service.publishing_organisation(session, principal=principal)
    updated = service.upsert_data_service(session, organisation=organisation, data=data)
    return service.data_service_views(session, [updated], base_url=settings.base_url)[0]


@router.delete("/data-services/{key}", response_model=DataServiceOut, summary="Withdraw a data service")
def withdraw_data_service(
    key: str, principal: CurrentClient, session: DbSession, settings: SettingsDep
) -> DataServiceOut:
    found = service.editable_data_service(session, key=key, principal=principal)
    service.withdraw_data_service(session, data_service=found)
    return service.data_service_views(session, [found], base_url=settings.base_url)[0]
