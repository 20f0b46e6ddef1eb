"""Tables of enrichment: the dictionary snapshot (`snapshot.py`), so that a process starts without
rebuilding the surface forms and the automata's parts from the labels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class DictionarySnapshot(Base):
    """The dictionary of one taxonomy version as built by this code (`fingerprint`), gzipped JSON."""

    __tablename__ = "enrichment_dictionary_snapshot"

    taxonomy_version: Mapped[int] = mapped_column(
        Integer, ForeignKey("taxonomy_version.number", ondelete="CASCADE"), primary_key=True
    )
    source_digest: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    surface_forms: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
