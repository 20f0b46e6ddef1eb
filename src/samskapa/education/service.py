"""Education use cases: validate and write batches, read one offering, the mirror stream and snapshot, search.

Called alike by the API, the CLI and the tasks. Nothing here commits: the caller owns the transaction (the
CLI commits once per chunk, so a killed run keeps whole chunks and a re-run upserts the rest; `--atomic`
runs everything in one transaction).

The public document of an offering is the validated offering (`LearningOpportunityIn`, every field, absent
ones as null, without `removed`) plus its `source` and the `region` (county) of its `location`, derived from
the taxonomy. Ids are added when it is served.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.core import collection
from samskapa.core.collection import BatchOutcome, PreparedItem
from samskapa.core.errors import Forbidden
from samskapa.core.ingest import Record, RecordShape, RowError, pydantic_errors, split_records
from samskapa.core.search.engine import SearchEngine
from samskapa.education import search as edu_search
from samskapa.education import vocabularies
from samskapa.education.errors import OpportunityNotFound
from samskapa.education.models import COLLECTION, LearningOpportunity
from samskapa.education.schemas import LearningOpportunityIn, RemovedIn
from samskapa.education.search import (
    EducationQuery,
    EducationSearchPage,
    FacetValue,
    OpportunitySummary,
)
from samskapa.enrichment import service as enrichment
from samskapa.enrichment.dictionary import Dictionary
from samskapa.enrichment.snapshot import dictionary_for
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for

LEVEL_TYPES = ("sun-level",)
FIELD_TYPES = ("sun-field",)
LOCATION_TYPES = ("municipality",)
LANGUAGE_TYPES = ("language",)


def _check(
    lookup: ConceptLookup, line: int, where: str, key: str | None, types: tuple[str, ...]
) -> RowError | None:
    if key is None:
        return None
    reason = lookup.check(key, types)
    if reason is None:
        return None
    close = lookup.close_ids(key, types) if lookup.get(key) is None else []
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return RowError(line, where, reason + hint)


def _resolve(lookup: ConceptLookup, key: str | None) -> str | None:
    found = lookup.get(key) if key else None
    return found.id if found else key


def _county_of(lookup: ConceptLookup, municipality: str) -> str | None:
    return next((item for item in lookup.ancestors(municipality, "region") if item.startswith("lan:")), None)


def prepare(
    record: Record, lookup: ConceptLookup, shape: RecordShape, source: str
) -> PreparedItem | list[RowError]:
    """One record as a validated item, or every reason it is not one."""
    data = LearningOpportunityIn.from_csv(record.data) if shape.csv else record.data
    external_id = str(data.get("external_id") or "") or None
    if data.get("removed") in (True, "true", "1"):
        try:
            removal = RemovedIn.model_validate({"external_id": external_id, "removed": True})
        except ValidationError as error:
            return pydantic_errors(record.line, error, external_id)
        return PreparedItem(external_id=removal.external_id, doc={}, removed=True)
    try:
        offering = LearningOpportunityIn.model_validate(data)
    except ValidationError as error:
        return pydantic_errors(record.line, error, external_id)
    return prepare_offering(offering, lookup, source, record.line)


def prepare_offering(
    offering: LearningOpportunityIn, lookup: ConceptLookup, source: str, line: int = 0
) -> PreparedItem | list[RowError]:
    """A schema-valid offering checked against the taxonomy: its item, or every unknown concept."""
    errors = [
        _check(lookup, line, "level", offering.level, LEVEL_TYPES),
        _check(lookup, line, "field", offering.field, FIELD_TYPES),
        _check(lookup, line, "location", offering.location, LOCATION_TYPES),
        *(
            _check(lookup, line, f"languages.{n}", key, LANGUAGE_TYPES)
            for n, key in enumerate(offering.languages)
        ),
    ]
    found = [error for error in errors if error is not None]
    if found:
        return [RowError(e.line, e.field, e.reason, offering.external_id) for e in found]

    location = _resolve(lookup, offering.location)
    body = offering.model_dump(mode="json", exclude={"removed"})
    body.update(
        level=_resolve(lookup, offering.level),
        field=_resolve(lookup, offering.field),
        location=location,
        languages=[_resolve(lookup, key) for key in offering.languages],
    )
    doc: dict[str, Any] = {"source": source, **body}
    doc["region"] = _county_of(lookup, location) if location else None
    title = offering.title_sv or offering.title_en or ""
    columns = {
        "title": title[:500],
        "level_id": doc["level"],
        "field_id": doc["field"],
        "location_id": location,
        "mode": offering.mode,
        "pace": offering.pace,
        "credits": offering.credits,
        "first_start": offering.start_dates[0] if offering.start_dates else None,
    }
    return PreparedItem(external_id=offering.external_id, doc=doc, columns=columns)


def found_skills(dictionary: Dictionary, doc: dict[str, Any]) -> list[dict[str, object]]:
    """The skills enrichment finds in the descriptions and learning outcomes (sv and en), with their evidence:
    the field (an outcome as learning_outcomes_sv.N), start, end and confidence."""
    texts: list[tuple[str, str, str]] = []
    for lang in ("sv", "en"):
        if doc.get(f"description_{lang}"):
            texts.append((f"description_{lang}", doc[f"description_{lang}"], lang))
        for number, outcome in enumerate(doc.get(f"learning_outcomes_{lang}") or []):
            texts.append((f"learning_outcomes_{lang}.{number}", outcome, lang))
    found: dict[str, dict[str, object]] = {}
    for field, text, lang in texts:
        for skill in enrichment.skills_found(dictionary, text, lang):
            found.setdefault(str(skill["id"]), {"field": field, **skill})
    return list(found.values())


def write_chunk(
    session: Session,
    records: Sequence[Record | RowError],
    *,
    lookup: ConceptLookup,
    organisation_id: str,
    source: str,
    shape: RecordShape,
) -> tuple[BatchOutcome, list[RowError]]:
    """Validate a chunk of records and upsert the good ones; the bad ones come back as errors."""
    items, errors = split_records(records, lambda record: prepare(record, lookup, shape, source))
    live = [item for item in items if not item.removed]
    if live:
        dictionary = dictionary_for(session)
        for item in live:
            item.doc["found_skills"] = found_skills(dictionary, item.doc)
    outcome = collection.upsert_items(
        session,
        LearningOpportunity,
        collection=COLLECTION,
        source=source,
        items=items,
        fixed={"organisation_id": organisation_id},
    )
    return outcome, errors


def remove_absent(session: Session, *, source: str, present: set[str]) -> int:
    """Tombstone the live offerings of `source` whose external ids are not in `present` (a full reload)."""
    model = LearningOpportunity
    live = session.scalars(
        select(model.external_id).where(model.source == source, model.removed.is_(False))
    ).all()
    gone = [PreparedItem(external_id=key, doc={}, removed=True) for key in live if key not in present]
    if not gone:
        return 0
    return collection.upsert_items(session, model, collection=COLLECTION, source=source, items=gone).removed


def _row(session: Session, opportunity_id: str) -> LearningOpportunity:
    row = collection.find_item(session, LearningOpportunity, opportunity_id)
    if row is None:
        raise OpportunityNotFound(
            f"There is no education offering with id '{opportunity_id}'.",
            hint="Ids are the numbers in the 'id' field of search results, the snapshot and the stream.",
        )
    return row


def get_opportunity(session: Session, *, opportunity_id: str) -> dict[str, Any]:
    """One offering's public document, or its tombstone ({id, removed: true, removed_at}) when removed."""
    return collection.public_document(_row(session, opportunity_id))


def remove_opportunity(session: Session, *, opportunity_id: str, organisation_id: str) -> bool:
    """Tombstone an offering of the caller's organisation; False when it was removed already."""
    row = _row(session, opportunity_id)
    if row.organisation_id != organisation_id:
        raise Forbidden(
            "This offering belongs to another organisation.", hint="A key can remove only its own offerings."
        )
    return collection.remove_item(session, LearningOpportunity, collection=COLLECTION, row_id=row.id)


def stream_json(session: Session, *, cursor: str | None, limit: int) -> bytes:
    """A page of the change stream (see core.collection.stream_json)."""
    return collection.stream_json(
        session, LearningOpportunity, collection=COLLECTION, cursor=cursor, limit=limit
    )


def snapshot_chunks(session: Session) -> Iterator[bytes]:
    """Every live offering with the cursor to continue from (see core.collection.snapshot_chunks)."""
    return collection.snapshot_chunks(session, LearningOpportunity, collection=COLLECTION)


def current_seq(session: Session) -> int:
    return collection.current_seq(session, COLLECTION)


def _summary(
    ident: str, doc: dict[str, Any], score: float | None, lookup: ConceptLookup, lang: str
) -> OpportunitySummary:
    title_lang: Literal["sv", "en"] = "en" if lang == "en" else "sv"
    if not doc.get(f"title_{title_lang}"):  # every offering has at least one title
        title_lang = "sv" if title_lang == "en" else "en"
    level, field, location = doc.get("level"), doc.get("field"), doc.get("location")
    starts = doc.get("start_dates") or []
    return OpportunitySummary(
        id=ident,
        title=doc.get(f"title_{title_lang}") or "",
        title_lang=title_lang,
        provider=doc["provider"]["name"],
        level=level,
        level_label=lookup.label(level, lang) if level else None,
        field=field,
        field_label=lookup.label(field, lang) if field else None,
        credits=doc.get("credits"),
        credit_unit=doc.get("credit_unit", "hp"),
        mode=doc.get("mode"),
        pace=doc.get("pace"),
        location=location,
        location_label=lookup.label(location, lang) if location else None,
        first_start=starts[0] if starts else None,
        score=score,
    )


def organisation_titles(session: Session, names: Sequence[str], lang: str) -> dict[str, str]:
    rows = session.execute(
        select(Organisation.name, Organisation.title_sv, Organisation.title_en).where(
            Organisation.name.in_(list(names))
        )
    )
    return {name: (title_en if lang == "en" else title_sv) or name for name, title_sv, title_en in rows}


def facet_label(name: str, value: str, lookup: ConceptLookup, lang: str) -> str:
    """How a facet value reads for people (providers are labelled by the caller)."""
    index = 1 if lang == "en" else 0
    if name == "mode":
        return vocabularies.MODES[value][index] if value in vocabularies.MODES else value
    if name == "credit_unit":
        return vocabularies.CREDIT_UNITS[value][index] if value in vocabularies.CREDIT_UNITS else value
    if name == "pace":
        return vocabularies.pace_name(int(value), lang) if value.isdigit() else value
    return lookup.label(value, lang)


def search_education(
    session: Session, engine: SearchEngine, query: EducationQuery, *, lang: str
) -> EducationSearchPage:
    """One page of offerings matching `query`, with facet counts and the cursor of the next page."""
    lookup = lookup_for(session)
    providers = (
        set(session.scalars(select(Organisation.name))) if query.filters.get("provider") else set[str]()
    )
    page = engine.search(edu_search.to_request(query, lookup, providers))
    docs = edu_search.documents(session, page.ids)
    items = [
        _summary(ident, docs[ident], score, lookup, lang)
        for ident, score in zip(page.ids, page.scores, strict=True)
        if ident in docs
    ]
    counts = {name: page.facets.get(edu_search.FACETS[name], []) for name in query.facets}
    titles = organisation_titles(session, [value for value, _ in counts.get("provider", [])], lang)
    facets = {
        name: [
            FacetValue(
                value=value,
                label=titles.get(value, value)
                if name == "provider"
                else facet_label(name, value, lookup, lang),
                count=count,
            )
            for value, count in values
        ]
        for name, values in counts.items()
    }
    return EducationSearchPage(
        total=page.total, items=items, facets=facets, next=edu_search.next_cursor(page)
    )
