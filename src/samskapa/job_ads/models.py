"""The job-ad table: one row per (source, external id), its public document and a tombstone flag.

Search runs in the search engine (core/search), which is rebuilt from these rows; the columns here are the
natural key, the change sequence of the mirror stream, and the concept ids the platform joins on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.collection import CollectionItem
from samskapa.core.db import Base, UtcDateTime

COLLECTION = "job_ads"


class JobAd(CollectionItem, Base):
    __tablename__ = "job_ads_ad"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    headline: Mapped[str] = mapped_column(String(500))
    lang: Mapped[str] = mapped_column(String(2))
    occupation_id: Mapped[str] = mapped_column(String(80), index=True)
    ssyk_id: Mapped[str | None] = mapped_column(String(80), index=True)
    municipality_id: Mapped[str | None] = mapped_column(String(80), index=True)
    region_id: Mapped[str | None] = mapped_column(String(80))
    employment_type: Mapped[str | None] = mapped_column(String(80))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
