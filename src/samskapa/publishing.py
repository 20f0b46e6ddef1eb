"""Publishing into a collection (job ads, education offerings): the ingest runs both areas share.

An area supplies its `write_chunk` (validate a chunk of records against its schema and the taxonomy, upsert
the good ones); this module resolves the publishing organisation and the source, reads the file, and runs
the chunks with the CLI's own transactions or inside an API request's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Protocol

from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.core.db import session_scope
from samskapa.core.ingest import (
    CHUNK_SIZE,
    ChunkWriter,
    Format,
    IngestReport,
    Outcome,
    Record,
    RecordShape,
    RowError,
    detect_format,
    ingest_committing,
    ingest_in_session,
    read_records,
)
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for


class WriteChunk(Protocol):
    """An area's `service.write_chunk`."""

    def __call__(
        self,
        session: Session,
        records: Sequence[Record | RowError],
        *,
        lookup: ConceptLookup,
        organisation_id: str,
        source: str,
        shape: RecordShape,
    ) -> Outcome: ...


def source_name(organisation: str, feed: str | None) -> str:
    """Items are keyed by (source, external id); a source is an organisation's, optionally one named feed."""
    return f"{organisation}/{feed}" if feed else organisation


def writer(
    write_chunk: WriteChunk, lookup: ConceptLookup, organisation_id: str, source: str, csv: bool
) -> ChunkWriter:
    """`write_chunk` with everything but the session and the records bound."""
    shape = RecordShape(csv=csv)

    def write(session: Session, chunk: list[Record | RowError]) -> Outcome:
        return write_chunk(
            session, chunk, lookup=lookup, organisation_id=organisation_id, source=source, shape=shape
        )

    return write


def ingest_file(
    write_chunk: WriteChunk,
    factory: sessionmaker[Session],
    stream: IO[bytes],
    *,
    name: str,
    fmt: Format = "auto",
    organisation: str,
    feed: str | None = None,
    atomic: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest a file with transactions of its own: one per chunk, or one for all with `atomic`."""
    kind = detect_format(name, fmt)
    with session_scope(factory) as session:
        org = accounts.get_organisation(session, key=organisation)
        lookup = lookup_for(session)
    write = writer(write_chunk, lookup, org.id, source_name(org.name, feed), kind == "csv")
    return ingest_committing(
        factory,
        read_records(stream, kind),
        write=write,
        atomic=atomic,
        chunk_size=chunk_size,
        progress=progress,
    )


def ingest_upload(
    write_chunk: WriteChunk,
    session: Session,
    stream: IO[bytes],
    *,
    fmt: Format,
    organisation_id: str,
    organisation_name: str,
    feed: str | None,
    atomic: bool,
) -> IngestReport:
    """Ingest an uploaded batch inside the caller's transaction; an atomic run with bad rows raises."""
    kind = detect_format(f"batch.{fmt}", fmt)
    write = writer(
        write_chunk, lookup_for(session), organisation_id, source_name(organisation_name, feed), kind == "csv"
    )
    return ingest_in_session(session, read_records(stream, kind), write=write, atomic=atomic)
