"""Batch ingest of job-ad files: the CLI commits per chunk (or once, atomic); the API uses its request's
transaction. Both validate and write through `service.write_chunk`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from samskapa import publishing
from samskapa.accounts import service as accounts
from samskapa.accounts.errors import OrganisationNotFound
from samskapa.accounts.models import Organisation
from samskapa.core.db import session_scope
from samskapa.core.ingest import CHUNK_SIZE, IngestReport, Record, ingest_committing
from samskapa.job_ads import service
from samskapa.taxonomy.lookup import lookup_for

# Ingest a file with the CLI's transactions, or an upload in the request's (see samskapa.publishing).
ingest_file = partial(publishing.ingest_file, service.write_chunk)
ingest_upload = partial(publishing.ingest_upload, service.write_chunk)


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
    write = publishing.writer(
        service.write_chunk, lookup, org.id, publishing.source_name(org.name, "synthetic"), csv=False
    )
    records = (Record(number, ad) for number, ad in enumerate(ads, start=1))
    return ingest_committing(
        factory, records, write=write, atomic=False, chunk_size=chunk_size, progress=progress
    )
