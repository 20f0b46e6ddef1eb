"""The education-offering table: one row per (source, external id), its public document and a tombstone flag.

Search runs in the search engine (core/search), which is rebuilt from these rows; the columns here are the
natural key, the change sequence of the mirror stream, and the values the platform joins and sorts on.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.collection import CollectionItem
from samskapa.core.db import Base

COLLECTION = "education"


class LearningOpportunity(CollectionItem, Base):
    __tablename__ = "education_opportunity"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))  # title_sv, else title_en
    level_id: Mapped[str | None] = mapped_column(String(80), index=True)
    field_id: Mapped[str | None] = mapped_column(String(80), index=True)
    location_id: Mapped[str | None] = mapped_column(String(80), index=True)
    mode: Mapped[str | None] = mapped_column(String(20))
    pace: Mapped[int | None] = mapped_column(Integer)
    credits: Mapped[float | None] = mapped_column(Float)
    first_start: Mapped[date | None] = mapped_column(Date)
