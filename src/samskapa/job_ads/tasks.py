"""Batch ingest of job-ad files: the CLI commits per chunk (or once, atomic); the API uses its request's
transaction. Both validate and write through `service.write_chunk`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Any

from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import OrganisationNotFound
from samskapa.accounts.models import Organisation
from samskapa.core.db import session_scope
from samskapa.core.ingest import (
    CHUNK_SIZE,
    ChunkWriter,
    Format,
    IngestReport,
    Outcome,
    Record,
    RowError,
    detect_format,
    ingest_committing,
    ingest_in_session,
    read_records,
)
from samskapa.job_ads import service
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for


def source_name(organisation: str, feed: str | None) -> str:
    """Ads are keyed by (source, external id); a source is its organisation's, optionally one named feed."""
    return f"{organisation}/{feed}" if feed else organisation


def _writer(lookup: ConceptLookup, organisation_id: str, source: str, csv: bool) -> ChunkWriter:
    shape = service.Shape(csv=csv)

    def write(session: Session, chunk: list[Record | RowError]) -> Outcome:
        return service.write_chunk(
            session, chunk, lookup=lookup, organisation_id=organisation_id, source=source, shape=shape
        )

    return write


def ingest_file(
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
    """Ingest a file with transactions of its own (one per chunk, or one for all with `atomic`)."""
    kind = detect_format(name, fmt)
    with session_scope(factory) as session:
        org = accounts.get_organisation(session, key=organisation)
        lookup = lookup_for(session)
    write = _writer(lookup, org.id, source_name(org.name, feed), kind == "csv")
    return ingest_committing(
        factory,
        read_records(stream, kind),
        write=write,
        atomic=atomic,
        chunk_size=chunk_size,
        progress=progress,
    )


def ingest_upload(
    session: Session,
    stream: IO[bytes],
    *,
    fmt: Format,
    organisation_id: str,
    organisation_name: str,
    feed: str | None,
    atomic: bool,
) -> IngestReport:
    """Ingest an uploaded batch inside the caller's transaction; atomic runs with bad rows raise."""
    kind = detect_format(f"batch.{fmt}", fmt)
    write = _writer(lookup_for(session), organisation_id, source_name(organisation_name, feed), kind == "csv")
    return ingest_in_session(session, read_records(stream, kind), write=write, atomic=atomic)


DEMO_PUBLISHER = "demo-jobs"


def demo_publisher(session: Session) -> Organisation:
    """The demo organisation that publishes the generated ads (made on first use)."""
    try:
        return accounts.get_organisation(session, key=DEMO_PUBLISHER)
    except OrganisationNotFound:
        return accounts.create_organisation(
            session,
            name=DEMO_PUBLISHER,
            type_="agency",
            title_sv="Demoannonser (genererade)",
            title_en="Demo job ads (generated)",
            description_sv="Publicerar genererade platsannonser för att visa plattformen. Inga riktiga jobb.",
            description_en="Publishes generated job ads to show the platform. No real jobs.",
            is_demo=True,
        )


def load_generated(
    factory: sessionmaker[Session],
    ads: Iterable[dict[str, Any]],
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest generated ads as the demo publisher, through the same validation and upserts as any file."""
    with session_scope(factory) as session:
        org = demo_publisher(session)
        lookup = lookup_for(session)
    write = _writer(lookup, org.id, source_name(org.name, "synthetic"), csv=False)
    records = (Record(number, ad) for number, ad in enumerate(ads, start=1))
    return ingest_committing(
        factory, records, write=write, atomic=False, chunk_size=chunk_size, progress=progress
    )
