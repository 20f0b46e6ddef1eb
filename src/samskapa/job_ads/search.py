"""Searching job ads: the index's fields, the engine document of an ad, and the query of the API.

Filters take taxonomy concept ids (or JobTech ids) and are checked before the search: an unknown value is
a 400 that names the close matches, never a silent empty answer. `ssyk` matches every level (ssyk:2,
ssyk:25, ssyk:251, ssyk:2512); `occupation_field` is the SSYK 2012 major group (ssyk:1 … ssyk:9, ssyk:0),
since JobTech's own 21 occupation fields are not in the bundled taxonomy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.core.collection import CollectionFeed, SessionProvider
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.search.engine import FieldSpec, IndexSchema, SearchEngine, SearchPage, SearchRequest
from samskapa.core.search.tantivy_engine import TantivyEngine
from samskapa.job_ads import vocabularies
from samskapa.job_ads.errors import InvalidAdQuery
from samskapa.job_ads.models import COLLECTION, JobAd
from samskapa.taxonomy.lookup import ConceptLookup

INDEX = IndexSchema(
    name="job_ads",
    fields=(
        FieldSpec("headline_sv", "text", lang="sv", boost=2.0),
        FieldSpec("body_sv", "text", lang="sv"),
        FieldSpec("headline_en", "text", lang="en", boost=2.0),
        FieldSpec("body_en", "text", lang="en"),
        FieldSpec("occupation", "keyword"),
        FieldSpec("ssyk", "keyword"),
        FieldSpec("occupation_field", "keyword"),
        FieldSpec("region", "keyword"),
        FieldSpec("municipality", "keyword"),
        FieldSpec("employment_type", "keyword"),
        FieldSpec("working_hours", "keyword"),
        FieldSpec("skill", "keyword"),
        FieldSpec("lang", "keyword"),
        FieldSpec("source", "keyword"),
        FieldSpec("published", "date"),
        FieldSpec("remote", "bool"),
    ),
    date_field="published",
    version=2,  # 2: the skill field also holds the skills enrichment finds in the text
)

# Filter name -> (index field, accepted concept types; empty for the controlled lists)
FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "occupation": ("occupation", ("occupation-name", "occupation")),
    "ssyk": ("ssyk", ("ssyk-group",)),
    "occupation_field": ("occupation_field", ("ssyk-group",)),
    "region": ("region", ("region",)),
    "municipality": ("municipality", ("municipality",)),
    "skill": ("skill", ("skill",)),
    "employment_type": ("employment_type", ()),
    "working_hours": ("working_hours", ()),
    "lang": ("lang", ()),
}
FACETS = (
    "occupation",
    "ssyk",
    "occupation_field",
    "region",
    "municipality",
    "employment_type",
    "skill",
    "lang",
)
SORTS = {"relevance": "relevance", "newest": "date_desc", "oldest": "date_asc"}
LANGS = ("sv", "en")


def open_engine(search_dir: Path) -> SearchEngine:
    """The ads index in `search_dir` (the embedded tantivy engine)."""
    return TantivyEngine(search_dir / INDEX.name, INDEX)


def index_document(row_id: int, doc: dict[str, Any], lookup: ConceptLookup | None = None) -> dict[str, Any]:
    """The engine document of a stored ad."""
    lang = doc.get("lang", "sv")
    ssyk = doc.get("ssyk")
    ssyk_levels = [ssyk[: len("ssyk:") + size] for size in (1, 2, 3, 4)] if ssyk else []
    return {
        "id": str(row_id),
        "num": row_id,
        f"headline_{lang}": doc["headline"],
        f"body_{lang}": f"{doc['employer'].get('name', '')}\n{doc['description']}",
        "occupation": doc["occupation"],
        "ssyk": sorted(set(ssyk_levels)),
        "occupation_field": doc.get("occupation_field"),
        "region": doc.get("region"),
        "municipality": doc.get("municipality"),
        "employment_type": doc.get("employment_type"),
        "working_hours": doc.get("working_hours"),
        "skill": sorted(
            {
                *doc.get("skills", ()),
                *doc.get("nice_to_have_skills", ()),
                *(str(found["id"]) for found in doc.get("found_skills", ())),
            }
        ),
        "lang": lang,
        "source": doc["source"],
        "published": datetime.fromisoformat(doc["published_at"]),
        "remote": bool(doc.get("remote")),
    }


def feed(sessions: SessionProvider) -> CollectionFeed:
    return CollectionFeed(JobAd, COLLECTION, sessions, index_document)


@dataclass(frozen=True)
class AdQuery:
    """A search as the API and the pages ask it."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    published_from: datetime | None = None
    published_to: datetime | None = None
    remote: bool | None = None
    sort: str = "relevance"
    limit: int = 20
    cursor: str | None = None
    facets: Sequence[str] = FACETS
    facet_size: int = 20


def _unknown(name: str, value: str, hint: str) -> InvalidAdQuery:
    return InvalidAdQuery(f"Unknown {name} '{value}'.", hint=hint, extra={"parameter": name, "value": value})


def _normalise(lookup: ConceptLookup, name: str, values: list[str]) -> list[str]:
    """The filter values as index terms; unknown values are a 400 with close matches."""
    _, types = FILTERS[name]
    terms: list[str] = []
    for value in values:
        if name == "employment_type":
            found = vocabularies.resolve_employment_type(value)
            accepted = ", ".join(vocabularies.EMPLOYMENT_TYPES)
        elif name == "working_hours":
            found = vocabularies.resolve_working_hours(value)
            accepted = ", ".join(vocabularies.WORKING_HOURS)
        elif name == "lang":
            found = value if value in LANGS else None
            accepted = ", ".join(LANGS)
        else:
            reason = lookup.check(value, types)
            if reason is not None:
                close = lookup.close_ids(value, types)
                guess = (
                    f"did you mean {', '.join(close)}?"
                    if close
                    else f"use an id of type {' or '.join(types)}"
                )
                raise _unknown(name, value, f"{reason}; {guess} (find ids with /v1/suggest).")
            found = lookup.get(value).id  # type: ignore[union-attr]
            if name == "occupation_field" and len(found) != len("ssyk:0"):
                raise _unknown(name, value, "An occupation field is an SSYK major group: ssyk:0 … ssyk:9.")
            accepted = ""
        if found is None:
            raise _unknown(name, value, f"Use one of {accepted}.")
        terms.append(found)
    return terms


def to_request(query: AdQuery, lookup: ConceptLookup) -> SearchRequest:
    """The engine request of a query, after checking every filter value."""
    unknown = [name for name in query.filters if name not in FILTERS]
    if unknown:
        raise InvalidAdQuery(f"Unknown filter {unknown[0]!r}.", hint=f"Filters: {', '.join(FILTERS)}.")
    bad_facets = [name for name in query.facets if name not in FACETS]
    if bad_facets:
        raise InvalidAdQuery(f"Unknown facet {bad_facets[0]!r}.", hint=f"Facets: {', '.join(FACETS)}.")
    if query.sort not in SORTS:
        raise InvalidAdQuery(f"Unknown sort {query.sort!r}.", hint=f"Use one of {', '.join(SORTS)}.")
    keywords = {
        FILTERS[name][0]: _normalise(lookup, name, values) for name, values in query.filters.items() if values
    }
    dates = {}
    if query.published_from is not None or query.published_to is not None:
        if query.published_from and query.published_to and query.published_from >= query.published_to:
            raise InvalidAdQuery("published_from must be before published_to.", hint="Swap the two dates.")
        dates["published"] = (query.published_from, query.published_to)
    after = None
    if query.cursor:
        position = decode_cursor(query.cursor)
        after = position.get("p")
        if position.get("c") != COLLECTION or not isinstance(after, dict):
            raise InvalidAdQuery(
                "The cursor is not valid here.", hint="Use the 'next' of a previous page as it is."
            )
    return SearchRequest(
        text=query.text or None,
        keywords=keywords,
        dates=dates,
        bools={"remote": query.remote} if query.remote is not None else {},
        sort=SORTS[query.sort],  # type: ignore[arg-type]
        after=after,
        limit=query.limit,
        facets=[FILTERS[name][0] for name in query.facets],
        facet_size=query.facet_size,
    )


def next_cursor(page: SearchPage) -> str | None:
    return encode_cursor({"c": COLLECTION, "p": page.next}) if page.next is not None else None


def documents(session: Session, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored documents of the hits (removed ads drop out: the index may lag the database by a moment)."""
    keys = [int(ident) for ident in ids]
    rows = session.execute(select(JobAd.id, JobAd.doc).where(JobAd.id.in_(keys), JobAd.removed.is_(False)))
    return {str(row_id): orjson.loads(doc) for row_id, doc in rows}
