"""HTML pages of the common language for people: parse the request, call the service, render a template."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskapa.taxonomy import service
from samskapa.taxonomy.suggest import SuggestIndexHolder
from samskapa.web.deps import DbSession, SettingsDep
from samskapa.web.i18n import MESSAGES, request_language
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

# Types whose skills come from ESCO occupations, directly or through SSYK → ISCO → ESCO.
OCCUPATION_LIKE = ("occupation", "occupation-name", "ssyk-group", "isco-group")
SEARCH_RESULTS = 25
SKILLS_SHOWN = 60
OCCUPATIONS_SHOWN = 100
# Deep enough for every hierarchy in the taxonomy (ESCO occupations sit below ISCO level 4).
BREADCRUMB_DEPTH = 12

SearchText = Annotated[str, Query(max_length=200)]
TypeChoice = Annotated[str, Query(alias="type", max_length=40)]
Cursor = Annotated[str | None, Query(max_length=500)]


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    """Render with what every taxonomy template needs: the concept types and the known message keys."""
    return render(request, template, {"concept_types": service.CONCEPT_TYPES, "known": MESSAGES, **context})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DbSession) -> HTMLResponse:
    return _page(request, "home.html", {"stats": service.stats(session)})


@router.get("/concepts", response_class=HTMLResponse)
def concepts(
    request: Request,
    *,
    session: DbSession,
    settings: SettingsDep,
    q: SearchText = "",
    type_: TypeChoice = "",
    cursor: Cursor = None,
) -> HTMLResponse:
    lang = request_language(request)
    types = [type_] if type_ else []
    context: dict[str, Any] = {"q": q.strip(), "type": type_, "cursor": cursor}
    if context["q"]:
        holder: SuggestIndexHolder = request.app.state.suggest_index
        limit = min(SEARCH_RESULTS, settings.suggest_limit_max)
        context["results"] = service.suggest(
            holder.get(), q=context["q"], lang=None, types=types, limit=limit
        )
        context["limit"] = limit
    elif type_:
        context["page"] = service.list_concepts(
            session, types=types, cursor=cursor, lang=lang, limit=settings.page_size_default
        )
    else:
        context["stats"] = service.stats(session)
    return _page(request, "concepts.html", context)


@router.get("/concepts/{concept_id:path}/occupations", response_class=HTMLResponse)
def occupations_needing(
    concept_id: str,
    request: Request,
    *,
    session: DbSession,
    settings: SettingsDep,
    cursor: Cursor = None,
) -> HTMLResponse:
    needing = service.occupations_needing(
        session,
        key=concept_id,
        lang=request_language(request),
        cursor=cursor,
        limit=settings.page_size_default,
    )
    return _page(request, "occupations.html", {"needing": needing, "cursor": cursor})


@router.get("/concepts/{concept_id:path}", response_class=HTMLResponse)
def concept(concept_id: str, request: Request, session: DbSession, settings: SettingsDep) -> Response:
    lang = request_language(request)
    detail = service.get_concept(session, key=concept_id, lang=lang)
    if detail.id != concept_id:
        # A URI or a bare JobTech id found the concept: send people to its one canonical address.
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/concepts/{detail.id}{query}", status_code=308)
    skills = (
        service.skills_of(session, key=detail.id, lang=lang, limit=SKILLS_SHOWN + 1)
        if detail.type in OCCUPATION_LIKE
        else None
    )
    needing = (
        service.occupations_needing(
            session, key=detail.id, lang=lang, cursor=None, limit=settings.page_size_default
        )
        if detail.type == "skill"
        else None
    )
    return _page(
        request,
        "concept.html",
        {
            "concept": detail,
            "ancestors": service.broader_chain(session, key=detail.id, lang=lang, max_depth=BREADCRUMB_DEPTH),
            "skills": skills,
            "skills_shown": SKILLS_SHOWN,
            "occupations_shown": OCCUPATIONS_SHOWN,
            "needing": needing,
        },
    )
