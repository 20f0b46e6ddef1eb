"""HTML pages of the education offerings: course search with facets and a course page, calling the same
services as /v1/education.

The search page offers the facets `search_education` counts, each as a filter of the same name, plus two of
its own: `field_area` (the one-digit SUN field, sent as a `field` filter) and `has_outcomes`. Filters AND
across facets, so when both a broad field and a field are ticked, the fields that lie inside a ticked broad
field are searched; when none does, nothing matches.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from samskapa.accounts.models import Organisation
from samskapa.education import service, vocabularies
from samskapa.education.search import EducationQuery, EducationSearchPage, broader_codes, provider_of
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for
from samskapa.web.deps import DbSession, split_values
from samskapa.web.i18n import MESSAGES, Language, request_language, translate
from samskapa.web.indexes import index_of
from samskapa.web.labels import concept_label
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
FACET_SIZE = 12
# The page's facets in the order shown, each a query parameter of the same name. All but the last are
# counted by search_education; the page counts has_outcomes itself.
PAGE_FACETS = (
    "field_area",
    "field",
    "level",
    "mode",
    "pace",
    "region",
    "location",
    "language",
    "provider",
    "credit_unit",
    "has_outcomes",
)
SEARCH_FACETS = PAGE_FACETS[:-1]
CONCEPT_FACETS = {"field_area", "field", "level", "region", "location", "language"}
OWN_PARAMETERS = {"field_area", "field", "has_outcomes"}  # made into the query by the page itself
SORTS = ("relevance", "newest", "oldest")
Values = Annotated[list[str], Query()]


def _fields(areas: list[str], fields: list[str]) -> list[str] | None:
    """The `field` filter of ticked broad fields AND ticked fields: the narrower of each pair that nests
    (SUN codes nest by prefix), in order; None when no pair does (nothing can match)."""
    if not areas or not fields:
        return areas or fields
    found: list[str] = []
    for area in areas:
        for one in fields:
            if area in broader_codes(one):
                found.append(one)
            elif one in broader_codes(area):
                found.append(area)
    return list(dict.fromkeys(found)) or None


def _label(name: str, value: str, lookup: ConceptLookup, titles: dict[str, str], lang: Language) -> str:
    if name == "provider":
        return titles.get(value, value)
    if name == "has_outcomes":
        return translate("education.has_outcomes", lang)
    if name in CONCEPT_FACETS:
        return concept_label(lookup, value, lang)
    return service.facet_label(name, value, lookup, lang)


@router.get("/education", response_class=HTMLResponse)
def education(
    request: Request,
    session: DbSession,
    q: Annotated[str, Query(max_length=500)] = "",
    field_area: Values = [],  # noqa: B006
    field: Values = [],  # noqa: B006
    level: Values = [],  # noqa: B006
    mode: Values = [],  # noqa: B006
    pace: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    location: Values = [],  # noqa: B006
    language: Values = [],  # noqa: B006
    provider: Values = [],  # noqa: B006
    credit_unit: Values = [],  # noqa: B006
    has_outcomes: Annotated[str, Query(max_length=5)] = "",
    sort: Annotated[str, Query(max_length=20)] = "relevance",
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    given = {
        "field_area": field_area,
        "field": field,
        "level": level,
        "mode": mode,
        "pace": pace,
        "region": region,
        "location": location,
        "language": language,
        "provider": provider,
        "credit_unit": credit_unit,
    }
    chosen = {
        name: cleaned for name, values in given.items() if (cleaned := split_values(values, unique=True))
    }
    if has_outcomes == "true":
        chosen["has_outcomes"] = ["true"]
    areas, fields = chosen.get("field_area", []), chosen.get("field", [])
    narrowed = _fields(areas, fields)
    query = EducationQuery(
        text=q.strip(),
        filters={
            **{name: values for name, values in chosen.items() if name not in OWN_PARAMETERS},
            "field": narrowed or [],
        },
        has_outcomes=True if has_outcomes == "true" else None,
        sort=sort,
        limit=PER_PAGE,
        cursor=cursor,
        facets=SEARCH_FACETS,
        facet_size=FACET_SIZE,
    )
    engine = index_of(request, "education").engine
    if narrowed is None:
        # The ticked broad fields and fields exclude each other: check the values all the same (an unknown
        # one is a 400), then show that nothing matches, with the ticked values there to untick.
        check = replace(query, filters={**query.filters, "field": areas + fields}, limit=1, facets=())
        service.search_education(session, engine, check, lang=lang)
        page = EducationSearchPage(total=0, items=[], facets={}, next=None)
    else:
        page = service.search_education(session, engine, query, lang=lang)
    counts = {
        name: [(value.value, value.label, value.count) for value in found]
        for name, found in page.facets.items()
    }
    if "has_outcomes" in chosen:
        counts["has_outcomes"] = [("true", "", page.total)]
    elif narrowed is not None:
        with_outcomes = replace(query, has_outcomes=True, limit=1, cursor=None, facets=())
        total = service.search_education(session, engine, with_outcomes, lang=lang).total
        counts["has_outcomes"] = [("true", "", total)] if total else []
    lookup = lookup_for(session)
    titles = service.organisation_titles(session, chosen.get("provider", []), lang)
    facets = []
    for name in PAGE_FACETS:
        shown = counts.get(name, [])
        relabel = name in CONCEPT_FACETS  # so that a label in the other language is marked as such
        # A chosen value stays in its list (count 0 when nothing else matches) so that it can be unticked.
        listed = {value for value, _, _ in shown}
        shown = shown + [(value, "", 0) for value in chosen.get(name, []) if value not in listed]
        labelled = [
            (value, _label(name, value, lookup, titles, lang) if relabel or not label else label, n)
            for value, label, n in shown
        ]
        facets.append((name, translate(f"education.facet.{name}", lang), labelled))
    return render(
        request,
        "education.html",
        {
            "path": "/education",
            "title": translate("education.title", lang),
            "intro": translate("education.intro", lang),
            "search_label": translate("education.search.label", lang),
            "search_hint": translate("education.search.hint", lang),
            "q": q.strip(),
            "sort": sort,
            "sort_choices": [(value, translate(f"education.sort.{value}", lang)) for value in SORTS],
            "filters": chosen,
            "facets": facets,
            "extra_params": [],
            "total": page.total,
            "items": page.items,
            "next_cursor": page.next,
            "cursor": cursor,
            "credits_text": vocabularies.credits_text,
            "pace_name": vocabularies.pace_name,
            "names": vocabularies.names_in(lang),
            "concept_label": lambda key: concept_label(lookup, key, lang),
        },
    )


def _money(amount: float, currency: str, lang: Language) -> str:
    text = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
        return f"{text}\u00a0kr" if currency == "SEK" else f"{text}\u00a0{currency}"
    return f"{currency}\u00a0{text}"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _other(lang: Language) -> Language:
    return "en" if lang == "sv" else "sv"


def _in_language(doc: dict[str, Any], name: str, lang: Language) -> tuple[str | None, Language]:
    """A text field in the page's language, else in the other one, with the language it is in."""
    own = doc.get(f"{name}_{lang}")
    if own:
        return own, lang
    return doc.get(f"{name}_{_other(lang)}"), _other(lang)


@router.get("/education/{opportunity_id}", response_class=HTMLResponse)
def course(opportunity_id: str, request: Request, session: DbSession) -> HTMLResponse:
    lang = request_language(request)
    found = service.get_opportunity(session, opportunity_id=opportunity_id)
    if found.get("removed"):
        return render(request, "course.html", {"course": found, "removed": True}, status=410)
    lookup = lookup_for(session)
    keys = [found.get(name) for name in ("level", "field", "location", "region")] + list(
        found.get("languages") or []
    )
    keys += [item["id"] for item in found.get("found_skills") or []]
    labels = {key: concept_label(lookup, key, lang) for key in keys if key}
    publisher = session.scalars(
        select(Organisation).where(Organisation.name == provider_of(found["source"]))
    ).first()
    title, title_lang = _in_language(found, "title", lang)
    other_title = found.get(f"title_{_other(lang)}") if title_lang == lang else None
    description, description_lang = _in_language(found, "description", lang)
    requirements, requirements_lang = _in_language(found, "entry_requirements", lang)
    outcomes = [
        (code, found.get(f"learning_outcomes_{code}") or [])
        for code in (lang, _other(lang))
        if found.get(f"learning_outcomes_{code}")
    ]
    unit = found.get("credit_unit") or "hp"
    index = 0 if lang == "sv" else 1
    cost = found.get("cost")
    progression = found.get("progression")
    progression_key = f"course.progression.{progression}"
    context: dict[str, Any] = {
        "course": found,
        "removed": False,
        "labels": labels,
        "title": title,
        "title_lang": title_lang,
        "other_title": other_title,
        "description": description,
        "description_lang": description_lang,
        "requirements": requirements,
        "requirements_lang": requirements_lang,
        "outcomes": outcomes,
        "publisher": publisher,
        "publisher_title": (publisher.title_en if lang == "en" else publisher.title_sv)
        if publisher
        else None,
        "credits": vocabularies.credits_text(found["credits"], unit, lang)
        if found.get("credits") is not None
        else None,
        "credit_unit_name": vocabularies.CREDIT_UNITS[unit][index]
        if unit in vocabularies.CREDIT_UNITS
        else unit,
        "pace": vocabularies.pace_name(found["pace"], lang) if found.get("pace") else None,
        "mode": vocabularies.MODES[found["mode"]][index] if found.get("mode") in vocabularies.MODES else None,
        "start_dates": [date.fromisoformat(value) for value in found.get("start_dates") or []],
        "application_opens": _day(found.get("application_opens")),
        "application_closes": _day(found.get("application_closes")),
        "valid_from": _day(found.get("valid_from")),
        "cost": _money(float(cost["amount"]), cost.get("currency", "SEK"), lang) if cost else None,
        "progression_text": translate(progression_key, lang) if progression_key in MESSAGES else None,
    }
    return render(request, "course.html", context)
