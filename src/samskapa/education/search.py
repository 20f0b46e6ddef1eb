"""Searching education offerings: the index's fields, the engine document of an offering, the API's query.

Filters take taxonomy concept ids or controlled values and are checked before the search: an unknown value
is a 400 that names close matches (or the accepted values), never a silent empty answer.

- `level` and `field` match every level of SUN 2020: an offering in sun-field:481a is found by
  sun-field:481, sun-field:48 and sun-field:4 (SUN codes nest by prefix, so the broader codes are the
  prefixes of the code). The `level` and `field` facets count the offerings' own codes; `field_area` the
  one-digit field (bredare inriktning).
- `location` is the municipality, `region` its county (lan:XX), derived when the offering is written.
- `provider` is the publishing organisation's name (the first part of the source, e.g. miun-demo).
- Dates: `start` is the first start date, and only offerings with start dates have one, so a start-date
  filter never matches an offering that does not say when it starts. The sort date (`dated`, used by
  newest/oldest and their cursors) is the first start date, else the date the syllabus is valid from
  (`valid_from`), else none: such offerings come last in newest and first in oldest. It is taken from the
  document alone, so the index can always be rebuilt from the stored rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel
from rapidfuzz import process
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.core.collection import CollectionFeed, SessionProvider
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.search.engine import FieldSpec, IndexSchema, SearchEngine, SearchPage, SearchRequest
from samskapa.core.search.tantivy_engine import TantivyEngine
from samskapa.education import vocabularies
from samskapa.education.errors import InvalidEducationQuery
from samskapa.education.models import COLLECTION, LearningOpportunity
from samskapa.taxonomy.lookup import ConceptLookup

INDEX = IndexSchema(
    name="education",
    fields=(
        FieldSpec("title_sv", "text", lang="sv", boost=2.0),
        FieldSpec("title_en", "text", lang="en", boost=2.0),
        FieldSpec("body_sv", "text", lang="sv"),
        FieldSpec("outcomes_sv", "text", lang="sv"),
        FieldSpec("body_en", "text", lang="en"),
        FieldSpec("outcomes_en", "text", lang="en"),
        FieldSpec("provider_name", "text"),
        FieldSpec("level", "keyword"),
        FieldSpec("level_exact", "keyword"),
        FieldSpec("field", "keyword"),
        FieldSpec("field_exact", "keyword"),
        FieldSpec("field_area", "keyword"),
        FieldSpec("mode", "keyword"),
        FieldSpec("pace", "keyword"),
        FieldSpec("location", "keyword"),
        FieldSpec("region", "keyword"),
        FieldSpec("language", "keyword"),
        FieldSpec("provider", "keyword"),
        FieldSpec("credit_unit", "keyword"),
        FieldSpec("skill", "keyword"),
        FieldSpec("start", "date"),
        FieldSpec("dated", "date"),
        FieldSpec("has_outcomes", "bool"),
    ),
    date_field="dated",
    version=2,  # 2: skills found in the text by enrichment
)

# Filter name -> (index field, accepted concept types; empty for the controlled values)
FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "level": ("level", ("sun-level",)),
    "field": ("field", ("sun-field",)),
    "location": ("location", ("municipality",)),
    "region": ("region", ("region",)),
    "language": ("language", ("language",)),
    "mode": ("mode", ()),
    "pace": ("pace", ()),
    "credit_unit": ("credit_unit", ()),
    "provider": ("provider", ()),
    "skill": ("skill", ("skill",)),
}
# Facet name -> index field
FACETS: dict[str, str] = {
    "level": "level_exact",
    "field": "field_exact",
    "field_area": "field_area",
    "mode": "mode",
    "pace": "pace",
    "location": "location",
    "region": "region",
    "language": "language",
    "provider": "provider",
    "credit_unit": "credit_unit",
    "skill": "skill",
}
SORTS = {"relevance": "relevance", "newest": "date_desc", "oldest": "date_asc"}


def open_engine(search_dir: Path) -> SearchEngine:
    """The education index in `search_dir` (the embedded tantivy engine)."""
    return TantivyEngine(search_dir / INDEX.name, INDEX)


def broader_codes(concept: str | None) -> list[str]:
    """A SUN code and every broader one: sun-field:481a -> sun-field:4, :48, :481, :481a."""
    if not concept:
        return []
    prefix, _, code = concept.partition(":")
    return [f"{prefix}:{code[:size]}" for size in range(1, len(code) + 1)]


def _day(value: str | None) -> datetime | None:
    return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC) if value else None


def _joined(*parts: str | None) -> str | None:
    text = "\n".join(part for part in parts if part)
    return text or None


def provider_of(source: str) -> str:
    """The publishing organisation's name: a source is "<organisation>" or "<organisation>/<feed>"."""
    return source.partition("/")[0]


def index_document(row_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    """The engine document of a stored offering."""
    starts = doc.get("start_dates") or []
    first = _day(starts[0]) if starts else None
    fields = broader_codes(doc.get("field"))
    outcomes_sv = doc.get("learning_outcomes_sv") or []
    outcomes_en = doc.get("learning_outcomes_en") or []
    return {
        "id": str(row_id),
        "num": row_id,
        "title_sv": doc.get("title_sv"),
        "title_en": doc.get("title_en"),
        "body_sv": _joined(doc.get("subject"), doc.get("description_sv")),
        "outcomes_sv": outcomes_sv,
        "body_en": doc.get("description_en"),
        "outcomes_en": outcomes_en,
        "provider_name": doc["provider"]["name"],
        "level": broader_codes(doc.get("level")),
        "level_exact": doc.get("level"),
        "field": fields,
        "field_exact": doc.get("field"),
        "field_area": fields[0] if fields else None,
        "mode": doc.get("mode"),
        "pace": str(doc["pace"]) if doc.get("pace") else None,
        "location": doc.get("location"),
        "region": doc.get("region"),
        "language": doc.get("languages") or [],
        "provider": provider_of(doc["source"]),
        "credit_unit": doc.get("credit_unit"),
        "start": first,
        "dated": first or _day(doc.get("valid_from")),
        "has_outcomes": bool(outcomes_sv or outcomes_en),
        "skill": sorted({str(found["id"]) for found in doc.get("found_skills") or []}),
    }


def feed(sessions: SessionProvider) -> CollectionFeed:
    return CollectionFeed(LearningOpportunity, COLLECTION, sessions, index_document)


@dataclass(frozen=True)
class EducationQuery:
    """A search as the API and the pages ask it. Both start dates are inclusive."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    start_from: date | None = None
    start_to: date | None = None
    has_outcomes: bool | None = None
    sort: str = "relevance"
    limit: int = 20
    cursor: str | None = None
    facets: Sequence[str] = tuple(FACETS)
    facet_size: int = 20


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class OpportunitySummary(BaseModel):
    id: str
    title: str
    title_lang: Literal["sv", "en"]
    provider: str
    level: str | None
    level_label: str | None
    field: str | None
    field_label: str | None
    credits: float | None
    credit_unit: str
    mode: str | None
    pace: int | None
    location: str | None
    location_label: str | None
    first_start: date | None
    score: float | None = None


class EducationSearchPage(BaseModel):
    total: int
    items: list[OpportunitySummary]
    facets: dict[str, list[FacetValue]]
    next: str | None


def _unknown(name: str, value: str, hint: str) -> InvalidEducationQuery:
    return InvalidEducationQuery(
        f"Unknown {name} '{value}'.", hint=hint, extra={"parameter": name, "value": value}
    )


def _controlled(name: str, value: str, providers: Collection[str]) -> str:
    """A controlled filter value as its index term; unknown values are a 400 naming the accepted ones."""
    if name == "mode":
        if value in vocabularies.MODES:
            return value
        raise _unknown(name, value, f"Use one of {', '.join(vocabularies.MODES)}.")
    if name == "credit_unit":
        if value in vocabularies.CREDIT_UNITS:
            return value
        raise _unknown(name, value, f"Use one of {', '.join(vocabularies.CREDIT_UNITS)}.")
    if name == "pace":
        text = value.removesuffix("%").strip()
        if text.isdigit() and 1 <= int(text) <= 100:
            return str(int(text))
        raise _unknown(
            name, value, "A pace is a percentage of full time from 1 to 100, e.g. 100, 75, 50, 25."
        )
    if value in providers:
        return value
    close = [str(match[0]) for match in process.extract(value, list(providers), limit=3, score_cutoff=50)]
    guess = f"did you mean {', '.join(close)}?" if close else "no organisation has that name"
    raise _unknown(name, value, f"A provider is a publishing organisation's name; {guess}")


def _concept(lookup: ConceptLookup, name: str, value: str) -> str:
    """A concept filter value as its index term; unknown values are a 400 with close matches."""
    _, types = FILTERS[name]
    reason = lookup.check(value, types)
    if reason is not None:
        known = lookup.get(value)
        if name == "region" and known is not None and known.type == "municipality":
            county = next(
                (key for key in lookup.ancestors(known.id, "region") if key.startswith("lan:")), None
            )
            raise _unknown(
                name, value, f"{reason}; {value} lies in {county}, or filter with location={value}."
            )
        close = lookup.close_ids(value, types)
        guess = f"did you mean {', '.join(close)}?" if close else f"use an id of type {' or '.join(types)}"
        raise _unknown(name, value, f"{reason}; {guess} (find ids with /v1/suggest).")
    found = lookup.get(value).id  # type: ignore[union-attr]
    if name == "region" and not found.startswith("lan:"):
        raise _unknown(name, value, "A region here is a Swedish county: lan:01 … lan:25.")
    return found


def to_request(query: EducationQuery, lookup: ConceptLookup, providers: Collection[str]) -> SearchRequest:
    """The engine request of a query, after checking every filter value (`providers`: known names)."""
    unknown = [name for name in query.filters if name not in FILTERS]
    if unknown:
        raise InvalidEducationQuery(f"Unknown filter {unknown[0]!r}.", hint=f"Filters: {', '.join(FILTERS)}.")
    bad_facets = [name for name in query.facets if name not in FACETS]
    if bad_facets:
        raise InvalidEducationQuery(f"Unknown facet {bad_facets[0]!r}.", hint=f"Facets: {', '.join(FACETS)}.")
    if query.sort not in SORTS:
        raise InvalidEducationQuery(f"Unknown sort {query.sort!r}.", hint=f"Use one of {', '.join(SORTS)}.")
    keywords = {
        FILTERS[name][0]: [
            _concept(lookup, name, value) if FILTERS[name][1] else _controlled(name, value, providers)
            for value in values
        ]
        for name, values in query.filters.items()
        if values
    }
    dates = {}
    if query.start_from is not None or query.start_to is not None:
        if query.start_from and query.start_to and query.start_from > query.start_to:
            raise InvalidEducationQuery("start_from is after start_to.", hint="Swap the two dates.")
        end = query.start_to + timedelta(days=1) if query.start_to else None
        dates["start"] = (_day_of(query.start_from), _day_of(end))
    after = None
    if query.cursor:
        position = decode_cursor(query.cursor)
        after = position.get("p")
        if position.get("c") != COLLECTION or not isinstance(after, dict):
            raise InvalidEducationQuery(
                "The cursor is not valid here.", hint="Use the 'next' of a previous page as it is."
            )
    return SearchRequest(
        text=query.text or None,
        keywords=keywords,
        dates=dates,
        bools={"has_outcomes": query.has_outcomes} if query.has_outcomes is not None else {},
        sort=SORTS[query.sort],  # type: ignore[arg-type]
        after=after,
        limit=query.limit,
        facets=[FACETS[name] for name in query.facets],
        facet_size=query.facet_size,
    )


def _day_of(value: date | None) -> datetime | None:
    return datetime.combine(value, time(), tzinfo=UTC) if value else None


def next_cursor(page: SearchPage) -> str | None:
    return encode_cursor({"c": COLLECTION, "p": page.next}) if page.next is not None else None


def documents(session: Session, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored documents of the hits (removed ones drop out: the index may lag the database a moment)."""
    keys = [int(ident) for ident in ids]
    model = LearningOpportunity
    rows = session.execute(select(model.id, model.doc).where(model.id.in_(keys), model.removed.is_(False)))
    return {str(row_id): orjson.loads(doc) for row_id, doc in rows}
