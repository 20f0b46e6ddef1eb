"""Published collections (job ads, education offerings): idempotent upserts, tombstones, a change stream.

An area's item table mixes in `CollectionItem`: each row keeps its natural key (source, external id), its
public JSON document (`doc`, without the id, exactly as clients receive it), a content hash, a removed flag
(a tombstone) and `seq`, the collection's change sequence number of its latest change.

Change numbers come from one counter row per collection (`core_sequence`), taken with
`UPDATE … RETURNING` inside the writing transaction. On PostgreSQL the row lock is held until that
transaction ends, so two writers of one collection are serialised and numbers become visible in commit
order; SQLite has a single writer anyway. A client that has read everything up to `seq` N therefore never
misses a change numbered below N that commits later, which is what makes the stream an exact mirror feed.
The stream is compacted: an item appears once, at its latest change, as created, updated or removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

import orjson
from pydantic import BaseModel, Field
from sqlalchemy import BigInteger, Boolean, Integer, String, Text, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from samskapa.core.db import Base, UtcDateTime
from samskapa.core.errors import Invalid
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.time import utcnow

# Parameters per IN (...) list: well below SQLite's and psycopg's limits.
KEY_CHUNK = 500
Change = Literal["created", "updated", "removed"]


class SequenceCounter(Base):
    """One change counter per collection."""

    __tablename__ = "core_sequence"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def allocate(session: Session, name: str, count: int) -> int:
    """Reserve `count` consecutive change numbers of collection `name`; returns the first."""
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert_fn(SequenceCounter).values(name=name, value=0).on_conflict_do_nothing())
    last = session.execute(
        update(SequenceCounter)
        .where(SequenceCounter.name == name)
        .values(value=SequenceCounter.value + count)
        .returning(SequenceCounter.value)
    ).scalar_one()
    return int(last) - count + 1


def current_seq(session: Session, name: str) -> int:
    """The highest change number of the collection (0 when nothing was ever written)."""
    value = session.scalar(select(SequenceCounter.value).where(SequenceCounter.name == name))
    return int(value or 0)


BigId = BigInteger().with_variant(Integer(), "sqlite")


class CollectionItem:
    """Columns every published collection item has (mixed into an area's mapped class)."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    created_seq: Mapped[int] = mapped_column(BigInteger)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))
    doc: Mapped[str] = mapped_column(Text)


def content_hash(doc: dict[str, Any]) -> str:
    """A stable hash of a document (sorted keys), so re-ingesting the same content changes nothing."""
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(frozen=True)
class PreparedItem:
    """One validated item ready to write: its key, public document and the area's extra columns."""

    external_id: str
    doc: dict[str, Any]
    removed: bool = False
    columns: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    ignored: int = 0  # removals of items the collection never had

    def add(self, other: BatchOutcome) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.ignored += other.ignored


@dataclass
class _Plan:
    inserts: list[PreparedItem] = field(default_factory=list)
    changes: list[tuple[int, PreparedItem, str]] = field(default_factory=list)
    removals: list[int] = field(default_factory=list)
    outcome: BatchOutcome = field(default_factory=BatchOutcome)


def _existing(
    session: Session, model: type[CollectionItem], source: str, keys: list[str]
) -> dict[str, tuple[int, str, bool]]:
    found: dict[str, tuple[int, str, bool]] = {}
    for start in range(0, len(keys), KEY_CHUNK):
        rows = session.execute(
            select(model.external_id, model.id, model.content_hash, model.removed).where(
                model.source == source, model.external_id.in_(keys[start : start + KEY_CHUNK])
            )
        )
        for external_id, row_id, digest, removed in rows:
            found[external_id] = (row_id, digest, removed)
    return found


def _plan(latest: dict[str, PreparedItem], existing: dict[str, tuple[int, str, bool]]) -> _Plan:
    plan = _Plan()
    for external_id, item in latest.items():
        found = existing.get(external_id)
        if item.removed:
            if found is None:
                plan.outcome.ignored += 1
            elif found[2]:
                plan.outcome.unchanged += 1
            else:
                plan.removals.append(found[0])
            continue
        digest = content_hash(item.doc)
        if found is None:
            plan.inserts.append(item)
        elif found[1] != digest or found[2]:
            plan.changes.append((found[0], item, digest))
        else:
            plan.outcome.unchanged += 1
    return plan


def upsert_items(
    session: Session,
    model: type[CollectionItem],
    *,
    collection: str,
    source: str,
    items: Sequence[PreparedItem],
    fixed: dict[str, Any] | None = None,
) -> BatchOutcome:
    """Insert new items, update changed ones, tombstone removed ones; identical content is left alone.

    Later items with the same external id win within a batch. `fixed` holds columns shared by every new
    or changed row (e.g. the publishing organisation).
    """
    latest = {item.external_id: item for item in items}
    plan = _plan(latest, _existing(session, model, source, list(latest)))
    outcome = plan.outcome
    needed = len(plan.inserts) + len(plan.changes) + len(plan.removals)
    if not needed:
        return outcome
    seq = allocate(session, collection, needed)
    now = utcnow()
    extra = fixed or {}
    if plan.inserts:
        session.execute(
            insert(model),
            [
                {
                    **extra,
                    **item.columns,
                    "source": source,
                    "external_id": item.external_id,
                    "seq": seq + offset,
                    "created_seq": seq + offset,
                    "removed": False,
                    "removed_at": None,
                    "created_at": now,
                    "updated_at": now,
                    "content_hash": content_hash(item.doc),
                    "doc": orjson.dumps(item.doc).decode(),
                }
                for offset, item in enumerate(plan.inserts)
            ],
        )
        seq += len(plan.inserts)
        outcome.created = len(plan.inserts)
    if plan.changes:
        session.execute(
            update(model),
            [
                {
                    **extra,
                    **item.columns,
                    "id": row_id,
                    "seq": seq + offset,
                    "removed": False,
                    "removed_at": None,
                    "updated_at": now,
                    "content_hash": digest,
                    "doc": orjson.dumps(item.doc).decode(),
                }
                for offset, (row_id, item, digest) in enumerate(plan.changes)
            ],
        )
        seq += len(plan.changes)
        outcome.updated = len(plan.changes)
    if plan.removals:
        session.execute(
            update(model),
            [
                {"id": row_id, "seq": seq + offset, "removed": True, "removed_at": now, "updated_at": now}
                for offset, row_id in enumerate(plan.removals)
            ],
        )
        outcome.removed = len(plan.removals)
    return outcome


Item = TypeVar("Item", bound=CollectionItem)


def find_item(session: Session, model: type[Item], key: str) -> Item | None:
    """The item with the public id `key` (its integer primary key as text), or None."""
    try:
        row_id = int(key)
    except ValueError:
        return None
    return session.get(model, row_id) if row_id > 0 else None


def public_document(item: CollectionItem) -> dict[str, Any]:
    """An item's public document with its id, or its tombstone ({id, removed: true, removed_at})."""
    if item.removed:
        removed_at = item.removed_at.isoformat().replace("+00:00", "Z") if item.removed_at else None
        return {"id": str(item.id), "removed": True, "removed_at": removed_at}
    document: dict[str, Any] = orjson.loads(with_id(item.id, item.doc))
    document["removed"] = False
    return document


def remove_item(session: Session, model: type[CollectionItem], *, collection: str, row_id: int) -> bool:
    """Tombstone one item by id; False when it was removed already."""
    removed = session.scalar(select(model.removed).where(model.id == row_id))
    if removed is None or removed:
        return False
    now = utcnow()
    session.execute(
        update(model)
        .where(model.id == row_id)
        .values(seq=allocate(session, collection, 1), removed=True, removed_at=now, updated_at=now)
    )
    return True


class StreamItem(BaseModel):
    """One change of a collection's stream (the documented shape; pages are built as text)."""

    id: str
    change: Change
    at: datetime
    item: dict[str, Any] | None = Field(description="The item as it is now; null when removed.")


class StreamPage(BaseModel):
    items: list[StreamItem]
    next: str = Field(description="The cursor to ask for the changes after this page.")
    has_more: bool


@dataclass(frozen=True)
class StreamEntry:
    id: int
    seq: int
    change: Change
    doc: str | None  # the public document (JSON text without the id); None when removed
    at: datetime


def stream_page(
    session: Session, model: type[CollectionItem], *, since: int, limit: int
) -> tuple[list[StreamEntry], bool]:
    """The changes after `since`, in commit order, at most `limit`, and whether more follow."""
    rows = session.execute(
        select(model.id, model.seq, model.created_seq, model.removed, model.doc, model.updated_at)
        .where(model.seq > since)
        .order_by(model.seq)
        .limit(limit + 1)
    ).all()
    entries = [
        StreamEntry(
            id=row_id,
            seq=seq,
            change="removed" if removed else ("created" if created_seq > since else "updated"),
            doc=None if removed else doc,
            at=updated_at,
        )
        for row_id, seq, created_seq, removed, doc, updated_at in rows[:limit]
    ]
    return entries, len(rows) > limit


def live_documents(
    session: Session, model: type[CollectionItem], *, batch: int = 5000
) -> Iterator[tuple[int, str]]:
    """Every item that is not removed, as (id, JSON document), in id order, read in keyset batches."""
    last = 0
    while True:
        rows = session.execute(
            select(model.id, model.doc)
            .where(model.id > last, model.removed.is_(False))
            .order_by(model.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row_id, doc in rows:
            yield int(row_id), str(doc)
        last = rows[-1][0]


def with_id(row_id: int, doc: str) -> str:
    """The public JSON of an item: its id first, then its stored document."""
    return f'{{"id":"{row_id}",{doc[1:]}' if len(doc) > 2 else f'{{"id":"{row_id}"}}'


def count_live(session: Session, model: type[CollectionItem]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(model.removed.is_(False))) or 0)


def stream_cursor(collection: str, seq: int) -> str:
    return encode_cursor({"c": collection, "s": seq})


def _since(collection: str, cursor: str | None) -> int:
    if cursor is None:
        return 0
    position = decode_cursor(cursor)
    seq = position.get("s")
    if position.get("c") != collection or not isinstance(seq, int) or seq < 0:
        raise Invalid(
            "The stream cursor is not valid for this collection.",
            hint="Use the cursor of this collection's snapshot or of a previous page of its stream.",
        )
    return seq


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def stream_json(
    session: Session, model: type[CollectionItem], *, collection: str, cursor: str | None, limit: int
) -> bytes:
    """A page of the change stream as JSON: {"items": [{id, change, at, item}], "next", "has_more"}.

    Built from the stored documents as text, without parsing them again.
    """
    since = _since(collection, cursor)
    entries, has_more = stream_page(session, model, since=since, limit=limit)
    last = entries[-1].seq if entries else since
    parts = [
        f'{{"id":"{entry.id}","change":"{entry.change}","at":"{_iso(entry.at)}","item":'
        f"{with_id(entry.id, entry.doc) if entry.doc is not None else 'null'}}}"
        for entry in entries
    ]
    more = "true" if has_more else "false"
    after = stream_cursor(collection, last)
    return f'{{"items":[{",".join(parts)}],"next":"{after}","has_more":{more}}}'.encode()


def snapshot_chunks(
    session: Session, model: type[CollectionItem], *, collection: str, batch: int = 5000
) -> Iterator[bytes]:
    """Every live item as one JSON document {"cursor": <stream cursor>, "items": [...]}, in chunks.

    The cursor is taken before the items are read: changes made while the snapshot streams may already be
    in it, and the stream from that cursor repeats them, so applying both gives the exact collection.
    """
    yield f'{{"cursor":"{stream_cursor(collection, current_seq(session, collection))}","items":['.encode()
    separator = ""
    buffer: list[str] = []
    for row_id, doc in live_documents(session, model, batch=batch):
        buffer.append(with_id(row_id, doc))
        if len(buffer) >= batch:
            yield (separator + ",".join(buffer)).encode()
            separator = ","
            buffer = []
    if buffer:
        yield (separator + ",".join(buffer)).encode()
    yield b"]}"


SessionProvider = Callable[[], AbstractContextManager[Session]]


class CollectionFeed:
    """A collection's changes as the search keeper reads them (core.search.keeper.ChangeFeed).

    `sessions` opens a session for each call (a worker's own, or a request's); `to_document` turns a stored
    item (id, parsed document) into the engine's document, or None when it should not be searchable.
    """

    def __init__(
        self,
        model: type[CollectionItem],
        collection: str,
        sessions: SessionProvider,
        to_document: Callable[[int, dict[str, Any]], dict[str, Any] | None],
    ) -> None:
        self.model = model
        self.collection = collection
        self.sessions = sessions
        self.to_document = to_document

    def max_seq(self) -> int:
        with self.sessions() as session:
            return current_seq(session, self.collection)

    def changes_since(self, seq: int, limit: int) -> list[tuple[int, str, dict[str, Any] | None]]:
        model = self.model
        with self.sessions() as session:
            rows = session.execute(
                select(model.id, model.seq, model.removed, model.doc)
                .where(model.seq > seq)
                .order_by(model.seq)
                .limit(limit)
            ).all()
        return [
            (change, str(row_id), None if removed else self.to_document(row_id, orjson.loads(doc)))
            for row_id, change, removed, doc in rows
        ]
