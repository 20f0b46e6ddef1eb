"""Reads and writes of enrichment's tables; nothing here commits."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samskapa.enrichment.models import DictionarySnapshot
from samskapa.taxonomy.models import TaxonomyVersion


def taxonomy_version(session: Session, number: int) -> TaxonomyVersion | None:
    return session.get(TaxonomyVersion, number)


def snapshot(session: Session, taxonomy_version: int) -> DictionarySnapshot | None:
    return session.scalar(
        select(DictionarySnapshot).where(DictionarySnapshot.taxonomy_version == taxonomy_version)
    )


def replace_snapshots(session: Session, row: DictionarySnapshot) -> None:
    """Keep `row` as the only snapshot: those of other versions and an older one of its version go."""
    session.execute(delete(DictionarySnapshot))
    session.add(row)
    session.flush()
