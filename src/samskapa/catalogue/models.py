"""Tables of the catalogue: datasets, their distributions, data services and usage counts.

Multi-valued fields that are searched and faceted (themes, concepts, keywords) have their own tables;
the others are JSON text. Nothing is deleted: a withdrawn dataset keeps its row with state 'withdrawn'.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class Dataset(Base):
    __tablename__ = "catalogue_dataset"
    __table_args__ = (
        Index("ix_catalogue_dataset_modified_id", "modified", "id"),
        UniqueConstraint("organisation_id", "source_uri"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="active")
    title_sv: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str] = mapped_column(String(500))
    description_sv: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    access_rights: Mapped[str] = mapped_column(String(20), index=True)
    frequency: Mapped[str | None] = mapped_column(String(30))
    spatial: Mapped[str] = mapped_column(Text, default="[]")
    temporal_start: Mapped[date | None] = mapped_column(Date)
    temporal_end: Mapped[date | None] = mapped_column(Date)
    contact_name: Mapped[str] = mapped_column(String(300))
    contact_email: Mapped[str] = mapped_column(String(300))
    landing_page: Mapped[str | None] = mapped_column(String(1000))
    conforms_to: Mapped[str] = mapped_column(Text, default="[]")
    issued: Mapped[datetime] = mapped_column(UtcDateTime())
    modified: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    search_text: Mapped[str] = mapped_column(Text)
    source_uri: Mapped[str | None] = mapped_column(String(1000))
    source_hash: Mapped[str | None] = mapped_column(String(64))
    is_demo: Mapped[bool] = mapped_column(default=False)


class DatasetTheme(Base):
    __tablename__ = "catalogue_dataset_theme"

    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class DatasetConcept(Base):
    __tablename__ = "catalogue_dataset_concept"

    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True)
    concept_id: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class DatasetKeyword(Base):
    __tablename__ = "catalogue_dataset_keyword"

    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    keyword: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class Distribution(Base):
    __tablename__ = "catalogue_distribution"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title_sv: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str] = mapped_column(String(500))
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    access_url: Mapped[str] = mapped_column(String(1000))
    download_url: Mapped[str | None] = mapped_column(String(1000))
    media_type: Mapped[str | None] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(30), index=True)
    licence: Mapped[str] = mapped_column(String(200), index=True)
    byte_size: Mapped[int | None] = mapped_column(BigInteger)
    checksum_sha256: Mapped[str | None] = mapped_column(String(64))
    access_service_id: Mapped[str | None] = mapped_column(ForeignKey("catalogue_data_service.id"))
    modified: Mapped[datetime] = mapped_column(UtcDateTime())


class DataService(Base):
    __tablename__ = "catalogue_data_service"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title_sv: Mapped[str] = mapped_column(String(500))
    title_en: Mapped[str] = mapped_column(String(500))
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    endpoint_url: Mapped[str] = mapped_column(String(1000))
    endpoint_description: Mapped[str | None] = mapped_column(String(1000))
    licence: Mapped[str | None] = mapped_column(String(200))
    access_rights: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="active")
    modified: Mapped[datetime] = mapped_column(UtcDateTime())


class DataServiceDataset(Base):
    __tablename__ = "catalogue_data_service_dataset"

    data_service_id: Mapped[str] = mapped_column(ForeignKey("catalogue_data_service.id"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True, index=True)


class DatasetUsage(Base):
    """Downloads and API calls of a dataset per day."""

    __tablename__ = "catalogue_dataset_usage"

    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    downloads: Mapped[int] = mapped_column(Integer, default=0)
    api_calls: Mapped[int] = mapped_column(Integer, default=0)
