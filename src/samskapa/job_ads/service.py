"""Job-ad use cases: validate and write batches, read one ad, the mirror stream and the snapshot.

Called alike by the API, the pages, the CLI and the tasks. Nothing here commits: the caller owns the
transaction (the CLI commits once per chunk, so a killed run keeps whole chunks and a re-run upserts the
rest; `--atomic` runs everything in one transaction).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.orm import Session

from samskapa.core import collection
from samskapa.core.collection import BatchOutcome, PreparedItem
from samskapa.core.errors import Forbidden
from samskapa.core.ingest import Record, RecordShape, RowError, pydantic_errors, split_records
from samskapa.core.search.engine import SearchEngine
from samskapa.enrichment import service as enrichment
from samskapa.enrichment.dictionary import Dictionary
from samskapa.enrichment.snapshot import dictionary_for
from samskapa.job_ads import search as ad_search
from samskapa.job_ads import vocabularies
from samskapa.job_ads.errors import AdNotFound
from samskapa.job_ads.jobtech import from_jobtech, looks_like_jobtech
from samskapa.job_ads.models import COLLECTION, JobAd
from samskapa.job_ads.schemas import AdIn, AdSearchPage, AdSummary, FacetValue, RemovedIn
from samskapa.job_ads.search import AdQuery
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for

OCCUPATION_TYPES = ("occupation-name", "occupation")


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


def _ssyk_of(lookup: ConceptLookup, occupation: str) -> str | None:
    for ancestor in lookup.ancestors(occupation, "ssyk-group"):
        if len(ancestor) == len("ssyk:0000"):
            return ancestor
    return None


def _county_of(lookup: ConceptLookup, municipality: str) -> str | None:
    return next((item for item in lookup.ancestors(municipality, "region") if item.startswith("lan:")), None)


def prepare(
    record: Record, lookup: ConceptLookup, shape: RecordShape, source: str
) -> PreparedItem | list[RowError]:
    """One record as a validated item, or every reason it is not one."""
    data = record.data
    if looks_like_jobtech(data):
        data = from_jobtech(data, lookup)
    elif shape.csv:
        data = AdIn.from_csv(data)
    external_id = str(data.get("external_id") or "") or None
    if data.get("removed") in (True, "true", "1"):
        try:
            removal = RemovedIn.model_validate({"external_id": external_id, "removed": True})
        except ValidationError as error:
            return pydantic_errors(record.line, error, external_id)
        return PreparedItem(external_id=removal.external_id, doc={}, removed=True)
    try:
        ad = AdIn.model_validate(data)
    except ValidationError as error:
        return pydantic_errors(record.line, error, external_id)
    line = record.line
    errors = [
        _check(lookup, line, "occupation", ad.occupation, OCCUPATION_TYPES),
        _check(lookup, line, "ssyk", ad.ssyk, ("ssyk-group",)),
        _check(lookup, line, "municipality", ad.municipality, ("municipality",)),
        _check(lookup, line, "region", ad.region, ("region",)),
        *(_check(lookup, line, f"skills.{n}", key, ("skill",)) for n, key in enumerate(ad.skills)),
        *(
            _check(lookup, line, f"nice_to_have_skills.{n}", key, ("skill",))
            for n, key in enumerate(ad.nice_to_have_skills)
        ),
    ]
    employment_type = vocabularies.resolve_employment_type(ad.employment_type) if ad.employment_type else None
    if ad.employment_type and employment_type is None:
        accepted = ", ".join(vocabularies.EMPLOYMENT_TYPES)
        errors.append(
            RowError(
                line,
                "employment_type",
                f"unknown employment type '{ad.employment_type}'; use one of {accepted}",
            )
        )
    working_hours = vocabularies.resolve_working_hours(ad.working_hours) if ad.working_hours else None
    if ad.working_hours and working_hours is None:
        accepted = ", ".join(vocabularies.WORKING_HOURS)
        errors.append(
            RowError(
                line, "working_hours", f"unknown working hours '{ad.working_hours}'; use one of {accepted}"
            )
        )
    found = [error for error in errors if error is not None]
    if found:
        return [RowError(e.line, e.field, e.reason, ad.external_id) for e in found]

    occupation = _resolve(lookup, ad.occupation) or ad.occupation
    ssyk = _resolve(lookup, ad.ssyk) or _ssyk_of(lookup, occupation)
    municipality = _resolve(lookup, ad.municipality)
    county = _county_of(lookup, municipality) if municipality else None
    region = _resolve(lookup, ad.region) or county
    if county and region != county:
        return [RowError(line, "region", f"{municipality} lies in {county}, not in {region}", ad.external_id)]
    field = (
        next((item for item in lookup.ancestors(ssyk, "ssyk-group") if len(item) == len("ssyk:0")), None)
        if ssyk
        else None
    )
    doc: dict[str, Any] = {
        "source": source,
        "external_id": ad.external_id,
        "headline": ad.headline,
        "description": ad.description,
        "lang": ad.lang,
        "employer": ad.employer.model_dump(exclude_none=True),
        "occupation": occupation,
        "ssyk": ssyk,
        "occupation_field": field,
        "municipality": municipality,
        "region": region,
        "employment_type": employment_type,
        "working_hours": working_hours,
        "remote": ad.remote,
        "skills": [_resolve(lookup, key) for key in ad.skills],
        "nice_to_have_skills": [_resolve(lookup, key) for key in ad.nice_to_have_skills],
        "published_at": ad.published_at.isoformat().replace("+00:00", "Z"),
        "expires_at": ad.expires_at.isoformat().replace("+00:00", "Z") if ad.expires_at else None,
        "vacancies": ad.vacancies,
        "salary": ad.salary,
        "url": ad.url,
        "synthetic": ad.synthetic,
    }
    columns = {
        "headline": ad.headline[:500],
        "lang": ad.lang,
        "occupation_id": occupation,
        "ssyk_id": ssyk,
        "municipality_id": municipality,
        "region_id": region,
        "employment_type": employment_type,
        "published_at": ad.published_at,
        "expires_at": ad.expires_at,
        "synthetic": ad.synthetic,
    }
    return PreparedItem(external_id=ad.external_id, doc=doc, columns=columns)


def found_skills(dictionary: Dictionary, doc: dict[str, Any]) -> list[dict[str, object]]:
    """The skills the enrichment pipeline finds in the headline and the description, with their evidence
    (field, start, end, confidence); negated mentions and benefits/about/application sections are left out."""
    found: dict[str, dict[str, object]] = {}
    for field in ("headline", "description"):
        for skill in enrichment.skills_found(dictionary, doc[field], doc["lang"]):
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
        JobAd,
        collection=COLLECTION,
        source=source,
        items=items,
        fixed={"organisation_id": organisation_id},
    )
    return outcome, errors


def _row(session: Session, ad_id: str) -> JobAd:
    ad = collection.find_item(session, JobAd, ad_id)
    if ad is None:
        raise AdNotFound(
            f"There is no job ad with id '{ad_id}'.",
            hint="Ids are the numbers in the 'id' field of search results, the snapshot and the stream.",
        )
    return ad


def get_ad(session: Session, *, ad_id: str) -> dict[str, Any]:
    """One ad's public document, or its tombstone ({id, removed: true, removed_at}) when it was removed."""
    return collection.public_document(_row(session, ad_id))


def remove_ad(session: Session, *, ad_id: str, organisation_id: str) -> bool:
    """Tombstone an ad of the caller's organisation; False when it was removed already."""
    ad = _row(session, ad_id)
    if ad.organisation_id != organisation_id:
        raise Forbidden("This ad belongs to another organisation.", hint="A key can remove only its own ads.")
    return collection.remove_item(session, JobAd, collection=COLLECTION, row_id=ad.id)


def stream_json(session: Session, *, cursor: str | None, limit: int) -> bytes:
    """A page of the change stream (see core.collection.stream_json)."""
    return collection.stream_json(session, JobAd, collection=COLLECTION, cursor=cursor, limit=limit)


def snapshot_chunks(session: Session) -> Iterator[bytes]:
    """Every live ad with the cursor to continue from (see core.collection.snapshot_chunks)."""
    return collection.snapshot_chunks(session, JobAd, collection=COLLECTION)


def _summary(
    ident: str, doc: dict[str, Any], score: float | None, lookup: ConceptLookup, lang: str
) -> AdSummary:
    municipality = doc.get("municipality")
    return AdSummary(
        id=ident,
        headline=doc["headline"],
        employer=doc["employer"].get("name", ""),
        occupation=doc["occupation"],
        occupation_label=lookup.label(doc["occupation"], lang),
        municipality=municipality,
        municipality_label=lookup.label(municipality, lang) if municipality else None,
        published_at=doc["published_at"],
        expires_at=doc.get("expires_at"),
        remote=bool(doc.get("remote")),
        lang=doc.get("lang", "sv"),
        score=score,
    )


def facet_label(name: str, value: str, lookup: ConceptLookup, lang: str) -> str:
    """How a facet value reads for people."""
    language: Literal["sv", "en"] = "en" if lang == "en" else "sv"
    if name == "employment_type":
        return vocabularies.EMPLOYMENT_TYPES.label(value, language) or value
    if name == "working_hours":
        return vocabularies.WORKING_HOURS.label(value, language) or value
    if name == "lang":
        return (
            {"sv": "svenska", "en": "engelska"}[value]
            if language == "sv"
            else {"sv": "Swedish", "en": "English"}[value]
        )
    return lookup.label(value, lang)


def search_ads(session: Session, engine: SearchEngine, query: AdQuery, *, lang: str) -> AdSearchPage:
    """One page of ads matching `query`, with facet counts and the cursor of the next page."""
    lookup = lookup_for(session)
    page = engine.search(ad_search.to_request(query, lookup))
    docs = ad_search.documents(session, page.ids)
    items = [
        _summary(ident, docs[ident], score, lookup, lang)
        for ident, score in zip(page.ids, page.scores, strict=True)
        if ident in docs
    ]
    facets = {
        name: [
            FacetValue(value=value, label=facet_label(name, value, lookup, lang), count=count)
            for value, count in counts
        ]
        for name, counts in page.facets.items()
    }
    return AdSearchPage(total=page.total, items=items, facets=facets, next=ad_search.next_cursor(page))


def current_seq(session: Session) -> int:
    """The newest change number of the ads (the bulk files record the one they were made at)."""
    return collection.current_seq(session, COLLECTION)
