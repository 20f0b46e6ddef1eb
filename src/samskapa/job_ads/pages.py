"""HTML pages of the job ads: search with facets and an ad page, calling the same services as /v1/ads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from samskapa.job_ads import service, vocabularies
from samskapa.job_ads.search import AdQuery
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for
from samskapa.web.deps import DbSession, split_values
from samskapa.web.i18n import Language, request_language, translate
from samskapa.web.indexes import index_of
from samskapa.web.labels import concept_label
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
PAGE_FACETS = ("occupation_field", "region", "municipality", "employment_type", "occupation", "skill", "lang")
Values = Annotated[list[str], Query()]
CONCEPT_FACETS = ("occupation_field", "region", "municipality", "occupation", "skill")
PARAMS = {"lang": "ad_lang"}  # ?lang= chooses the page's language, so the ad language filter is ad_lang


def _label(name: str, value: str, lookup: ConceptLookup, lang: Language) -> str:
    if name in CONCEPT_FACETS:
        return concept_label(lookup, value, lang)
    return service.facet_label(name, value, lookup, lang)


@router.get("/ads", response_class=HTMLResponse)
def ads(
    request: Request,
    session: DbSession,
    q: Annotated[str, Query(max_length=500)] = "",
    occupation_field: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    municipality: Values = [],  # noqa: B006
    employment_type: Values = [],  # noqa: B006
    occupation: Values = [],  # noqa: B006
    skill: Values = [],  # noqa: B006
    lang_of_ad: Annotated[list[str], Query(alias="ad_lang")] = [],  # noqa: B006
    remote: Annotated[str, Query(max_length=5)] = "",
    sort: Annotated[str, Query(max_length=20)] = "relevance",
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    given = {
        "occupation_field": occupation_field,
        "region": region,
        "municipality": municipality,
        "employment_type": employment_type,
        "occupation": occupation,
        "skill": skill,
        "lang": lang_of_ad,
    }
    filters = {
        name: cleaned for name, values in given.items() if (cleaned := split_values(values, unique=True))
    }
    query = AdQuery(
        text=q.strip(),
        filters=filters,
        remote=True if remote == "true" else None,
        sort=sort,
        limit=PER_PAGE,
        cursor=cursor,
        facets=PAGE_FACETS,
        facet_size=12,
    )
    page = service.search_ads(session, index_of(request, "job_ads").engine, query, lang=lang)
    lookup = lookup_for(session)
    shown_ids = {key for item in page.items for key in (item.occupation, item.municipality) if key}
    labels = {key: concept_label(lookup, key, lang) for key in shown_ids}
    facets = []
    for name in PAGE_FACETS:
        shown = [
            (value.value, _label(name, value.value, lookup, lang), value.count)
            for value in page.facets.get(name, [])
        ]
        # A chosen value stays in its list (count 0 when nothing else matches) so that it can be unticked.
        values_shown = {value for value, _, _ in shown}
        shown += [
            (value, _label(name, value, lookup, lang), 0)
            for value in filters.get(name, [])
            if value not in values_shown
        ]
        facets.append((PARAMS.get(name, name), translate(f"ads.facet.{name}", lang), shown))
    page_filters = {PARAMS.get(name, name): values for name, values in filters.items()}
    return render(
        request,
        "ads.html",
        {
            "path": "/ads",
            "title": translate("ads.title", lang),
            "intro": translate("ads.intro", lang),
            "search_label": translate("ads.search.label", lang),
            "search_hint": translate("ads.search.hint", lang),
            "q": q.strip(),
            "sort": sort,
            "sort_choices": [
                (value, translate(f"ads.sort.{value}", lang)) for value in ("relevance", "newest", "oldest")
            ],
            "filters": page_filters,
            "facets": facets,
            "extra_params": [("remote", "true")] if remote == "true" else [],
            "remote": True if remote == "true" else None,
            "total": page.total,
            "items": page.items,
            "next_cursor": page.next,
            "cursor": cursor,
            "labels": labels,
        },
    )


@router.get("/ads/{ad_id}", response_class=HTMLResponse)
def ad(ad_id: str, request: Request, session: DbSession) -> HTMLResponse:
    lang = request_language(request)
    found = service.get_ad(session, ad_id=ad_id)
    lookup = lookup_for(session)
    keys = (
        [found.get(name) for name in ("occupation", "ssyk", "municipality", "region")]
        + found.get("skills", [])
        + found.get("nice_to_have_skills", [])
        + [item["id"] for item in found.get("found_skills", [])]
    )
    labels = {key: concept_label(lookup, key, lang) for key in keys if key}
    context: dict[str, Any] = {
        "ad": found,
        "labels": labels,
        "names": {
            "employment_type": vocabularies.EMPLOYMENT_TYPES.names(lang),
            "working_hours": vocabularies.WORKING_HOURS.names(lang),
        },
        "published_at": datetime.fromisoformat(found["published_at"]) if found.get("published_at") else None,
        "expires_at": datetime.fromisoformat(found["expires_at"]) if found.get("expires_at") else None,
    }
    return render(request, "ad.html", context)
