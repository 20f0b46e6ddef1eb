"""Batch ingest of education files and the demo load of the bundled syllabi.

The CLI commits per chunk (or once, atomic); the API uses its request's transaction. Everything validates and
writes through `service.write_chunk`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from samskapa import publishing
from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.core.db import session_scope
from samskapa.core.ingest import CHUNK_SIZE, IngestReport, Record, RowError, ingest_committing
from samskapa.education import service
from samskapa.education.syllabi import BUNDLED, read_syllabi
from samskapa.taxonomy.lookup import lookup_for

DEMO_ORGANISATION = "miun-demo"
SYLLABI_FEED = "syllabi"


# Ingest a file with the CLI's transactions, or an upload in the request's (see samskapa.publishing).
ingest_file = partial(publishing.ingest_file, service.write_chunk)
ingest_upload = partial(publishing.ingest_upload, service.write_chunk)


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
    source = publishing.source_name(org_name, SYLLABI_FEED)
    seen: set[str] = set()
    report = ingest_committing(
        factory,
        _syllabus_records(path, seen),
        write=publishing.writer(service.write_chunk, lookup, org_id, source, csv=False),
        atomic=False,
        chunk_size=chunk_size,
        progress=progress,
    )
    with session_scope(factory) as session:
        report.removed += service.remove_absent(session, source=source, present=seen)
    return report
