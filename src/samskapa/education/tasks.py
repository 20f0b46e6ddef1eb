"""Batch ingest of education files and the demo load of the bundled syllabi.

The CLI commits per chunk (or once, atomic); the API uses its request's transaction. Everything validates and
writes through `service.write_chunk`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
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
from samskapa.education import service
from samskapa.education.syllabi import BUNDLED, read_syllabi
from samskapa.taxonomy.lookup import ConceptLookup, lookup_for

DEMO_ORGANISATION = "miun-demo"
SYLLABI_FEED = "syllabi"


def source_name(organisation: str, feed: str | None) -> str:
    """Offerings are keyed by (source, external id); a source is its organisation's, optionally one feed."""
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


def ensure_demo_provider(session: Session) -> Organisation:
    """The demo organisation that publishes the bundled syllabi (created on first use)."""
    found = session.scalars(select(Organisation).where(Organisation.name == DEMO_ORGANISATION)).first()
    if found is not None:
        return found
    return accounts.create_organisation(
        session,
        name=DEMO_ORGANISATION,
        type_="school",
        title_sv="Mittuniversitetet (demo)",
        title_en="Mid Sweden University (demo)",
        description_sv=(
            "Demo: Mittuniversitetets verkliga kursplaner (3 586 kurser) som utbildningsutbud, för att visa "
            "plattformen. Publiceras inte av Mittuniversitetet; ort, studietakt och startdatum saknas."
        ),
        description_en=(
            "Demo: Mid Sweden University's real course syllabi (3,586 courses) as education offerings, to "
            "show the platform. Not published by the university; place, pace and start dates are missing."
        ),
        homepage="https://www.miun.se/",
        is_demo=True,
    )


def _syllabus_records(path: Path, seen: set[str]) -> Iterator[Record | RowError]:
    for line, offering in enumerate(read_syllabi(path), start=1):
        seen.add(offering.external_id)
        yield Record(line, offering.model_dump(mode="json", exclude_none=True))


def load_syllabi(
    factory: sessionmaker[Session],
    *,
    path: Path = BUNDLED,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Upsert every bundled syllabus as an offering of the demo provider, one transaction per chunk.

    Idempotent: a second run reports every syllabus unchanged. Syllabi no longer in the file are removed.
    Rows are numbered by syllabus (the n-th record of the file), as the file's reader reports bad lines.
    """
    with session_scope(factory) as session:
        org = ensure_demo_provider(session)
        org_id, org_name = org.id, org.name
        lookup = lookup_for(session)
    source = source_name(org_name, SYLLABI_FEED)
    seen: set[str] = set()
    report = ingest_committing(
        factory,
        _syllabus_records(path, seen),
        write=_writer(lookup, org_id, source, csv=False),
        atomic=False,
        chunk_size=chunk_size,
        progress=progress,
    )
    with session_scope(factory) as session:
        report.removed += service.remove_absent(session, source=source, present=seen)
    return report
