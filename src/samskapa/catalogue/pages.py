"""HTML pages of the catalogue for people: dataset search with facets, dataset and organisation pages.

They call the same services as /v1/datasets and /v1/organisations. Editor forms wait for people's sign-in
(the vault); until then datasets are published through the API with keys.

"Request data like this" points at the arena's new-need form (/arena/needs/new?dataset=…). Until the arena
mounts that route, the dataset page says the feature is coming instead of showing a link to a missing page;
the page looks the route up in the app, so the link appears by itself once the arena is there.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.accounts.service import SignedIn
from samskapa.catalogue import search, service, vocabularies
from samskapa.catalogue.errors import InvalidSearch
from samskapa.catalogue.schemas import DatasetOut
from samskapa.core.errors import NotFound
from samskapa.taxonomy import service as taxonomy
from samskapa.taxonomy.errors import ConceptNotFound
from samskapa.taxonomy.schemas import ConceptRef
from samskapa.web.deps import DbSession, OptionalPerson, SettingsDep, split_values
from samskapa.web.i18n import MESSAGES, Language, request_language
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

DATASETS_PER_PAGE = 20
# The facets offered as filters on the search page, in the order shown (keywords are filters only).
PAGE_FACETS = ("publisher", "theme", "format", "licence", "concept", "access_rights")
FILTERS = (*PAGE_FACETS, "keyword")
# Sort choices of the pages; "title" sorts on the title in the page's language.
SORT_CHOICES = ("-modified", "-issued", "title")
NEED_FORM = "/arena/needs/new"
# How file types read for people; the others read well as their EU code.

SearchText = Annotated[str, Query(max_length=500)]
Values = Annotated[list[str], Query()]
Cursor = Annotated[str | None, Query(max_length=1000)]
SortChoice = Annotated[str, Query(max_length=20)]


def _sort(choice: str, lang: Language) -> tuple[str, bool]:
    if choice not in SORT_CHOICES:
        raise InvalidSearch(f"Unknown sort '{choice}'.", hint=f"Use one of {', '.join(SORT_CHOICES)}.")
    if choice == "title":
        return f"title_{lang}", False
    return choice.lstrip("-"), True


def _page_of_datasets(
    session: Session, query: search.DatasetQuery, *, cursor: str | None, base_url: str
) -> tuple[list[DatasetOut], str | None]:
    return service.page_of_datasets(
        session, query=query, cursor=cursor, limit=DATASETS_PER_PAGE, base_url=base_url
    )


def _concept_refs(session: Session, ids: list[str], lang: Language) -> dict[str, ConceptRef]:
    """Labels of concepts; one that left the taxonomy is shown by its id."""
    refs: dict[str, ConceptRef] = {}
    for concept_id in dict.fromkeys(ids):
        try:
            refs[concept_id] = taxonomy.ref(session, key=concept_id, lang=lang)
        except ConceptNotFound:
            refs[concept_id] = ConceptRef(
                id=concept_id,
                uri=concept_id,
                type="unknown",
                scheme="unknown",
                label=None,
                label_lang=None,
                status="unknown",
            )
    return refs


def _organisations(session: Session) -> dict[str, Organisation]:
    return {organisation.name: organisation for organisation in accounts.list_organisations(session)}


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    lang = request_language(request)
    return render(request, template, {"known": MESSAGES, "vocab": vocabularies.names_in(lang), **context})


@router.get("/datasets", response_class=HTMLResponse)
def datasets(
    request: Request,
    *,
    session: DbSession,
    settings: SettingsDep,
    q: SearchText = "",
    publisher: Values = [],  # noqa: B006
    theme: Values = [],  # noqa: B006
    format: Values = [],  # noqa: B006
    licence: Values = [],  # noqa: B006
    concept: Values = [],  # noqa: B006
    access_rights: Values = [],  # noqa: B006
    keyword: Values = [],  # noqa: B006
    sort: SortChoice = "-modified",
    cursor: Cursor = None,
) -> HTMLResponse:
    lang = request_language(request)
    given = {
        "publisher": publisher,
        "theme": theme,
        "format": format,
        "licence": licence,
        "concept": concept,
        "access_rights": access_rights,
        "keyword": keyword,
    }
    filters = {
        name: cleaned for name, values in given.items() if (cleaned := split_values(values, unique=True))
    }
    service.check_filters(session, filters)
    sort_name, descending = _sort(sort, lang)
    query = search.DatasetQuery(terms=q.split(), filters=filters, sort=sort_name, descending=descending)
    items, next_cursor = _page_of_datasets(session, query, cursor=cursor, base_url=settings.base_url)
    facets = search.facets(session, query, names=PAGE_FACETS)
    for name, chosen in filters.items():
        # A chosen value stays in its list (count 0 when nothing else matches) so that it can be unticked.
        if name in facets:
            shown = {value for value, _ in facets[name]}
            facets[name] += [(value, 0) for value in chosen if value not in shown]
    concept_ids = [value for value, _ in facets["concept"]] + filters.get("concept", [])
    return _page(
        request,
        "catalogue_datasets.html",
        {
            "q": q.strip(),
            "filters": filters,
            "sort": sort,
            "sort_choices": SORT_CHOICES,
            "cursor": cursor,
            "count": search.count(session, query),
            "items": items,
            "next_cursor": next_cursor,
            "facets": facets,
            "facet_names": PAGE_FACETS,
            "concepts": _concept_refs(session, concept_ids, lang),
            "organisations": _organisations(session),
        },
    )


def _may_edit(session: Session, person: SignedIn | None, organisation_id: str) -> bool:
    """Whether the signed-in person may publish and edit for the organisation (editor links)."""
    return person is not None and organisation_id in accounts.editor_of(session, person_id=person.person_id)


@router.get("/datasets/{key}", response_class=HTMLResponse)
def dataset(
    key: str, request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson
) -> HTMLResponse:
    lang = request_language(request)
    found = service.get_dataset(session, key=key)
    view = service.dataset_views(session, [found], base_url=settings.base_url)[0]
    need_form_ready = any(getattr(route, "path", None) == NEED_FORM for route in request.app.routes)
    refs = _concept_refs(session, [*view.concepts, *view.spatial], lang)
    return _page(
        request,
        "catalogue_dataset.html",
        {
            "dataset": view,
            "organisation": accounts.get_organisation(session, key=view.publisher.id),
            "covers": [refs[concept_id] for concept_id in view.concepts],
            "places": [refs[concept_id] for concept_id in view.spatial],
            "need_form": NEED_FORM if need_form_ready else None,
            "may_edit": _may_edit(session, person, view.publisher.id),
        },
    )


@router.get("/datasets/{key}/distributions/{distribution_id}/download")
def download(key: str, distribution_id: str, session: DbSession, settings: SettingsDep) -> RedirectResponse:
    """Count a download, then send the browser on to the publisher's file (or its access page)."""
    found = service.get_dataset(session, key=key)
    view = service.dataset_views(session, [found], base_url=settings.base_url)[0]
    distribution = next((d for d in view.distributions if d.id == distribution_id), None)
    if distribution is None:
        raise NotFound(
            f"The dataset '{key}' has no distribution '{distribution_id}'.",
            hint=f"The dataset page /datasets/{view.name} lists its distributions.",
        )
    service.record_usage(session, dataset_id=view.id, downloads=1)
    return RedirectResponse(distribution.download_url or distribution.access_url, status_code=303)


@router.get("/organisations", response_class=HTMLResponse)
def organisations(request: Request, session: DbSession) -> HTMLResponse:
    lang = request_language(request)
    counts = search.facets(session, search.DatasetQuery(), names=["publisher"], limit=10_000)["publisher"]
    return _page(
        request,
        "catalogue_organisations.html",
        {
            "organisations": sorted(
                accounts.list_organisations(session),
                key=lambda o: (o.title_sv if lang == "sv" else o.title_en).casefold(),
            ),
            "dataset_counts": dict(counts),
        },
    )


@router.get("/organisations/{key}", response_class=HTMLResponse)
def organisation(
    key: str,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    cursor: Cursor = None,
) -> HTMLResponse:
    found = accounts.get_organisation(session, key=key)
    query = search.DatasetQuery(filters={"publisher": [found.id]})
    items, next_cursor = _page_of_datasets(session, query, cursor=cursor, base_url=settings.base_url)
    return _page(
        request,
        "catalogue_organisation.html",
        {
            "organisation": found,
            "count": search.count(session, query),
            "items": items,
            "next_cursor": next_cursor,
            "cursor": cursor,
            "organisations": {found.name: found},
            "may_edit": _may_edit(session, person, found.id),
        },
    )
