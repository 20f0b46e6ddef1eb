"""DCAT-AP 3.0.1 / DCAT-AP-SE endpoints: the catalogues and each dataset as RDF/XML, Turtle or JSON-LD.

- `/catalog.{ttl,rdf,jsonld}`: the aggregate catalogue of every organisation, 100 datasets a page
  (`?page=N`, linked with a `hydra:PartialCollectionView`; `?modified_since=` keeps only datasets modified
  at or after that time). `/catalog.ttl?page=all` streams the whole catalogue as Turtle, however large.
- `/catalog/{organisation}.{ttl,rdf,jsonld}`: one organisation's catalogue, paged and streamed the same way.
- `/dataset/{id}.{ttl,rdf,jsonld}`: one dataset with its distributions, publisher, contact and APIs.
- `/catalog`, `/catalog/{organisation}` and `/dataset/{id}` choose the format from the Accept header
  (text/turtle, application/rdf+xml, application/ld+json; Turtle when anything goes). A browser asking for
  text/html is sent (303) to the page for people (/datasets, /organisations/{name},
  /datasets/{id}).

Nothing here is counted as use of a dataset: harvesters read these views, people do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.catalogue import dcat, service
from samskapa.catalogue.errors import DatasetWithdrawn, InvalidCatalogueRequest, NotAcceptable
from samskapa.core.db import session_scope
from samskapa.web.deps import DbSession, SettingsDep
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(tags=["DCAT-AP"], route_class=StrictQueryRoute)

HTML = "text/html"
# Media types we answer with, in our order of preference, and the extension each stands for.
OFFERS = {
    "text/turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    HTML: "html",
}
RDF_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "DCAT-AP 3.0.1 / DCAT-AP-SE RDF.",
        "content": {media_type: {} for _format, media_type in dcat.RDF_FORMATS.values()},
    }
}

Page = Annotated[
    str,
    Query(
        pattern=r"^([1-9][0-9]{0,8}|all)$",
        description=(
            "Page number (100 datasets a page, in id order), or 'all' for the whole catalogue streamed as "
            "Turtle (only with .ttl or Accept: text/turtle)."
        ),
    ),
]
ModifiedSince = Annotated[
    datetime | None,
    Query(description="Only datasets modified at or after this time (ISO 8601; UTC when no zone is given)."),
]


def _accepted(header: str) -> list[tuple[str, float, int]]:
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [field.strip() for field in part.split(";")]
        media_range = fields[0].lower()
        if not media_range:
            continue
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media_range, quality, position))
    return ranges


def negotiate(request: Request, *, html: bool) -> str:
    """The extension (ttl, rdf, jsonld, or html when `html`) that the Accept header prefers."""
    header = request.headers.get("accept", "").strip() or "*/*"
    offers = [media for media in OFFERS if html or OFFERS[media] != "html"]
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        for media_range, quality, _position in _accepted(header):
            specificity = {offer: 2, f"{kind}/*": 1, "*/*": 0}.get(media_range)
            if specificity is None or quality <= 0:
                continue
            # An explicit type wins over a wildcard of the same quality; then our order of preference.
            score = (quality, specificity, -rank)
            if best is None or score > best:
                best, chosen = score, offer
    if chosen is None:
        raise NotAcceptable(
            "None of the formats asked for in the Accept header is available here.",
            hint="Ask for text/turtle, application/rdf+xml or application/ld+json, or use .ttl/.rdf/.jsonld.",
        )
    return OFFERS[chosen]


def _extension(value: str) -> str:
    if value not in dcat.RDF_FORMATS:
        raise InvalidCatalogueRequest(
            f"There is no '.{value}' serialisation.", hint="Use .ttl, .rdf or .jsonld."
        )
    return value


def _split(key: str) -> tuple[str, str | None]:
    name, dot, extension = key.rpartition(".")
    return (name, _extension(extension)) if dot else (key, None)


def _rdf(
    graph_bytes: bytes, extension: str, *, negotiated: bool, headers: dict[str, str] | None = None
) -> Response:
    media_type = dcat.RDF_FORMATS[extension][1]
    response = Response(content=graph_bytes, media_type=media_type, headers=headers)
    if negotiated:
        response.headers["Vary"] = "Accept"
    return response


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _stream(
    request: Request, *, base_url: str, organisation_id: str | None, modified_since: datetime | None
) -> Iterator[bytes]:
    """The Turtle dump in its own unit of work: the request's session is closed before the body is sent."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with session_scope(factory) as session:
        organisation = session.get(Organisation, organisation_id) if organisation_id else None
        yield from dcat.stream_catalogue_turtle(
            session, base_url=base_url, organisation=organisation, modified_since=modified_since
        )


def _catalogue(
    request: Request,
    session: Session,
    *,
    base_url: str,
    organisation: Organisation | None,
    extension: str,
    page: str,
    modified_since: datetime | None,
    negotiated: bool,
) -> Response:
    path = f"/catalog/{organisation.name}" if organisation else "/catalog"
    since = _utc(modified_since)
    if page == "all":
        if extension != "ttl":
            raise InvalidCatalogueRequest(
                "The whole catalogue in one response is offered as Turtle only.",
                hint=f"Use {path}.ttl?page=all, or page through the {extension} catalogue.",
            )
        chunks = _stream(
            request,
            base_url=base_url,
            organisation_id=organisation.id if organisation else None,
            modified_since=since,
        )
        headers = {"Vary": "Accept"} if negotiated else None
        return StreamingResponse(chunks, media_type=dcat.RDF_FORMATS["ttl"][1], headers=headers)
    collection = f"{base_url}{path}" if negotiated else f"{base_url}{path}.{extension}"
    result = dcat.catalogue_page(
        session,
        base_url=base_url,
        collection_url=collection,
        organisation=organisation,
        page=int(page),
        modified_since=since,
    )
    links = [f'<{result.first_url}>; rel="first"', f'<{result.last_url}>; rel="last"']
    if result.next_url:
        links.append(f'<{result.next_url}>; rel="next"')
    if result.previous_url:
        links.append(f'<{result.previous_url}>; rel="prev"')
    return _rdf(
        dcat.serialise(result.graph, extension),
        extension,
        negotiated=negotiated,
        headers={"Link": ", ".join(links)},
    )


@router.get("/catalog.{extension}", responses=RDF_RESPONSES, summary="The aggregate DCAT-AP catalogue")
def aggregate_catalogue(
    extension: str,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    page: Page = "1",
    modified_since: ModifiedSince = None,
) -> Response:
    return _catalogue(
        request,
        session,
        base_url=settings.base_url,
        organisation=None,
        extension=_extension(extension),
        page=page,
        modified_since=modified_since,
        negotiated=False,
    )


@router.get("/catalog", responses=RDF_RESPONSES, summary="The aggregate catalogue, format by Accept")
def aggregate_catalogue_negotiated(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    page: Page = "1",
    modified_since: ModifiedSince = None,
) -> Response:
    extension = negotiate(request, html=True)
    if extension == "html":
        return RedirectResponse("/datasets", status_code=303, headers={"Vary": "Accept"})
    return _catalogue(
        request,
        session,
        base_url=settings.base_url,
        organisation=None,
        extension=extension,
        page=page,
        modified_since=modified_since,
        negotiated=True,
    )


@router.get(
    "/catalog/{key}",
    responses=RDF_RESPONSES,
    summary="One organisation's catalogue: /catalog/{name}.ttl|.rdf|.jsonld, or by Accept",
)
def organisation_catalogue(
    key: str,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    page: Page = "1",
    modified_since: ModifiedSince = None,
) -> Response:
    name, extension = _split(key)
    organisation = accounts.get_organisation(session, key=name)
    if extension is None:
        extension = negotiate(request, html=True)
        if extension == "html":
            location = f"/organisations/{organisation.name}"
            return RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})
    return _catalogue(
        request,
        session,
        base_url=settings.base_url,
        organisation=organisation,
        extension=extension,
        page=page,
        modified_since=modified_since,
        negotiated=key == name,
    )


@router.get(
    "/dataset/{key}",
    responses=RDF_RESPONSES,
    summary="One dataset: /dataset/{id}.ttl|.rdf|.jsonld, or by Accept (text/html goes to its page)",
)
def dataset(key: str, request: Request, session: DbSession, settings: SettingsDep) -> Response:
    identifier, extension = _split(key)
    found = service.get_dataset(session, key=identifier)
    if found.state == "withdrawn":
        raise DatasetWithdrawn(
            f"The dataset '{identifier}' has been withdrawn by its publisher.",
            hint="It is no longer in the catalogue; /v1/datasets/{id} still shows its tombstone.",
        )
    negotiated = extension is None
    if extension is None:
        extension = negotiate(request, html=True)
        if extension == "html":
            return RedirectResponse(f"/datasets/{found.id}", status_code=303, headers={"Vary": "Accept"})
    graph = dcat.dataset_graph(session, found, base_url=settings.base_url)
    return _rdf(dcat.serialise(graph, extension), extension, negotiated=negotiated)
