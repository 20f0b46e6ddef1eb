"""Queries of the taxonomy tables. Receives the session; never commits, never knows HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from samskapa.core.db import bulk_insert
from samskapa.core.text import fold
from samskapa.taxonomy.models import Change, Concept, Label, Relation, Revision, TaxonomyVersion

CHUNK = 500


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` items (keeps IN lists and parameter counts small on every database)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def latest_version(session: Session) -> TaxonomyVersion | None:
    return session.scalars(select(TaxonomyVersion).order_by(TaxonomyVersion.number.desc()).limit(1)).first()


def all_versions(session: Session) -> Sequence[TaxonomyVersion]:
    return session.scalars(select(TaxonomyVersion).order_by(TaxonomyVersion.number)).all()


def get_version(session: Session, number: int) -> TaxonomyVersion | None:
    return session.get(TaxonomyVersion, number)


def head_state(session: Session) -> dict[str, tuple[str, str]]:
    """Every concept's id -> (content hash, status)."""
    rows = session.execute(select(Concept.id, Concept.content_hash, Concept.status))
    return {concept_id: (digest, status) for concept_id, digest, status in rows}


def find_concept(session: Session, key: str) -> Concept | None:
    """A concept by our id, its URI or its external (JobTech) id."""
    concept = session.get(Concept, key)
    if concept is not None:
        return concept
    return session.scalars(
        select(Concept).where(or_(Concept.uri == key, Concept.external_id == key)).limit(1)
    ).first()


def concept_uris(session: Session) -> dict[str, str]:
    """Every concept's id -> URI (ids and URIs never change once given)."""
    return {row.id: row.uri for row in session.execute(select(Concept.id, Concept.uri))}


def concepts_by_ids(session: Session, ids: Iterable[str]) -> dict[str, Concept]:
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Concept] = {}
    for part in chunks(wanted):
        found.update((c.id, c) for c in session.scalars(select(Concept).where(Concept.id.in_(part))))
    return found


def labels_of(session: Session, concept_id: str) -> Sequence[Label]:
    return session.scalars(select(Label).where(Label.concept_id == concept_id).order_by(Label.id)).all()


def relations_from(
    session: Session, concept_id: str, kinds: Sequence[str] | None = None
) -> Sequence[Relation]:
    query = select(Relation).where(Relation.source_id == concept_id)
    if kinds:
        query = query.where(Relation.kind.in_(kinds))
    return session.scalars(query.order_by(Relation.kind, Relation.target_id)).all()


def relations_to(
    session: Session,
    concept_id: str,
    kinds: Sequence[str] | None = None,
    *,
    after: str | None = None,
    limit: int | None = None,
) -> Sequence[Relation]:
    query = select(Relation).where(Relation.target_id == concept_id)
    if kinds:
        query = query.where(Relation.kind.in_(kinds))
    if after is not None:
        query = query.where(Relation.source_id > after)
    query = query.order_by(Relation.source_id, Relation.kind)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def count_relations_to(session: Session, concept_id: str, kinds: Sequence[str]) -> dict[str, int]:
    rows = session.execute(
        select(Relation.kind, func.count().label("n"))
        .where(Relation.target_id == concept_id, Relation.kind.in_(kinds))
        .group_by(Relation.kind)
    )
    return {row.kind: int(row.n) for row in rows}


def sources_of(session: Session, target_ids: Sequence[str], kind: str) -> list[tuple[str, str]]:
    """(source, target) pairs of relations of `kind` pointing at any of `target_ids`."""
    pairs: list[tuple[str, str]] = []
    for part in chunks(target_ids):
        rows = session.execute(
            select(Relation.source_id, Relation.target_id).where(
                Relation.kind == kind, Relation.target_id.in_(part)
            )
        )
        pairs.extend((source, target) for source, target in rows)
    return pairs


def relations_from_many(session: Session, source_ids: Sequence[str], kinds: Sequence[str]) -> list[Relation]:
    found: list[Relation] = []
    for part in chunks(source_ids):
        found.extend(
            session.scalars(select(Relation).where(Relation.source_id.in_(part), Relation.kind.in_(kinds)))
        )
    return found


def concept_query(
    *,
    types: Sequence[str],
    schemes: Sequence[str],
    text: str | None,
    version: int | None,
    include_deprecated: bool,
    after: str | None,
) -> Select[Concept]:
    """The filtered, id-ordered concept listing used by the API and the pages."""
    query = select(Concept)
    if types:
        query = query.where(Concept.type.in_(types))
    if schemes:
        query = query.where(Concept.scheme.in_(schemes))
    if version is not None:
        query = query.where(Concept.introduced_version <= version).where(
            or_(Concept.deprecated_version.is_(None), Concept.deprecated_version > version)
        )
        query = query.where(Concept.status != "referenced")
    elif not include_deprecated:
        query = query.where(Concept.status == "active")
    if text:
        pattern = f"%{fold(text)}%"
        query = query.where(Concept.id.in_(select(Label.concept_id).where(Label.folded.like(pattern))))
    if after is not None:
        query = query.where(Concept.id > after)
    return query.order_by(Concept.id)


def revision_at(session: Session, concept_id: str, version: int) -> dict[str, Any] | None:
    """The concept's document as it was in `version`, or None if it did not exist yet."""
    document = session.scalars(
        select(Revision.document)
        .where(Revision.concept_id == concept_id, Revision.version <= version)
        .order_by(Revision.version.desc())
        .limit(1)
    ).first()
    return json.loads(document) if document is not None else None


def revisions_at(session: Session, version: int) -> Iterator[dict[str, Any]]:
    """Every concept's document as of `version`, streamed in id order."""
    latest = (
        select(Revision.concept_id, func.max(Revision.version).label("version"))
        .where(Revision.version <= version)
        .group_by(Revision.concept_id)
        .subquery()
    )
    query = (
        select(Revision.document)
        .join(latest, (Revision.concept_id == latest.c.concept_id) & (Revision.version == latest.c.version))
        .order_by(Revision.concept_id)
        .execution_options(yield_per=2000)
    )
    for document in session.scalars(query):
        yield json.loads(document)


def changes_since(session: Session, *, since: int, after_id: int, limit: int) -> Sequence[Change]:
    return session.scalars(
        select(Change).where(Change.version > since, Change.id > after_id).order_by(Change.id).limit(limit)
    ).all()


def counts_by_type(session: Session) -> list[tuple[str, str, str, int]]:
    rows = session.execute(
        select(Concept.type, Concept.scheme, Concept.status, func.count())
        .group_by(Concept.type, Concept.scheme, Concept.status)
        .order_by(Concept.type, Concept.scheme, Concept.status)
    )
    return [(type_, scheme, status, count) for type_, scheme, status, count in rows]


def count_relations(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Relation.kind, func.count()).group_by(Relation.kind).order_by(Relation.kind)
    )
    return [(kind, count) for kind, count in rows]


def count_labels(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Label)) or 0


def label_rows_for_index(session: Session) -> Iterator[tuple[str, str, str, str, str, str]]:
    """(concept id, type, scheme, lang, kind, text) of every label of every active concept."""
    query = (
        select(Label.concept_id, Concept.type, Concept.scheme, Label.lang, Label.kind, Label.text)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.status == "active")
        .execution_options(yield_per=5000)
    )
    yield from session.execute(query)


# --- writes used by the loader ------------------------------------------------------------------------


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    bulk_insert(session, table.__table__, rows)


def delete_owned(session: Session, concept_ids: Sequence[str]) -> None:
    """Remove the labels and outgoing relations of concepts about to be rewritten."""
    for part in chunks(concept_ids):
        session.execute(delete(Label).where(Label.concept_id.in_(part)))
        session.execute(delete(Relation).where(Relation.source_id.in_(part)))


def update_concepts(session: Session, rows: list[dict[str, Any]]) -> None:
    """Update head concept rows by primary key (an executemany of UPDATEs)."""
    for part in chunks(rows, 2000):
        session.execute(update(Concept), list(part))


def previous_documents(session: Session, concept_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The latest stored document of each concept."""
    latest = (
        select(Revision.concept_id, func.max(Revision.version).label("version"))
        .group_by(Revision.concept_id)
        .subquery()
    )
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(concept_ids):
        rows = session.execute(
            select(Revision.concept_id, Revision.document)
            .join(
                latest, (Revision.concept_id == latest.c.concept_id) & (Revision.version == latest.c.version)
            )
            .where(Revision.concept_id.in_(part))
        )
        found.update((concept_id, json.loads(document)) for concept_id, document in rows)
    return found
