"""Tables of the taxonomy: the current concept graph (head) plus its full version history.

The head tables (concept, label, relation) answer queries fast. The revision table keeps every concept's
complete document at each version in which it changed, so any version can be read or dumped again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class TaxonomyVersion(Base):
    """One load of changed sources. Versions are consecutive integers starting at 1."""

    __tablename__ = "taxonomy_version"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source_digest: Mapped[str] = mapped_column(String(64))
    concepts: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    deprecated: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")


class Concept(Base):
    """A concept as it is now (the head of its history)."""

    __tablename__ = "taxonomy_concept"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    uri: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    scheme: Mapped[str] = mapped_column(String(40), index=True)
    notation: Mapped[str | None] = mapped_column(String(40), index=True)
    level: Mapped[int | None] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(80), index=True)
    skill_type: Mapped[str | None] = mapped_column(String(40))
    reuse_level: Mapped[str | None] = mapped_column(String(40))
    pref_label_sv: Mapped[str | None] = mapped_column(String(500))
    pref_label_en: Mapped[str | None] = mapped_column(String(500))
    definition_sv: Mapped[str | None] = mapped_column(Text)
    definition_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    replaced_by_id: Mapped[str | None] = mapped_column(String(80))
    introduced_version: Mapped[int] = mapped_column(ForeignKey("taxonomy_version.number"))
    modified_version: Mapped[int] = mapped_column(ForeignKey("taxonomy_version.number"))
    deprecated_version: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_version.number"))
    content_hash: Mapped[str] = mapped_column(String(64))


class Label(Base):
    """A preferred, alternative or hidden label of a concept in one language."""

    __tablename__ = "taxonomy_label"
    __table_args__ = (Index("ix_taxonomy_label_folded", "folded"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    concept_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_concept.id"), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(500))
    folded: Mapped[str] = mapped_column(String(500))


class Relation(Base):
    """A directed edge of the graph, owned by its source concept."""

    __tablename__ = "taxonomy_relation"
    __table_args__ = (
        UniqueConstraint("source_id", "kind", "target_id"),
        Index("ix_taxonomy_relation_target", "target_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_concept.id"))
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_concept.id"))
    weight: Mapped[float | None] = mapped_column(Float)
    provenance: Mapped[str] = mapped_column(String(40))


class Revision(Base):
    """A concept's complete document (labels, definitions, relations) as of one version."""

    __tablename__ = "taxonomy_revision"

    concept_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(ForeignKey("taxonomy_version.number"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)


class Change(Base):
    """One entry of the changes feed: a concept CREATED, UPDATED or DEPRECATED in a version."""

    __tablename__ = "taxonomy_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[int] = mapped_column(ForeignKey("taxonomy_version.number"), index=True)
    concept_id: Mapped[str] = mapped_column(String(80), index=True)
    event: Mapped[str] = mapped_column(String(12))
    changed: Mapped[str] = mapped_column(String(200), default="")
