"""Tables of the arena: needs (with their concepts and co-agencies), the append-only status events,
supports, comments and followers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class Need(Base):
    """A problem or data need, with its current lifecycle state (the history is in StatusEvent)."""

    __tablename__ = "arena_need"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str] = mapped_column(Text, default="")
    affected_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    purpose: Mapped[str] = mapped_column(String(2000), default="")
    desired_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    provenance: Mapped[str] = mapped_column(String(20))
    lead_agency_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    state: Mapped[str] = mapped_column(String(30), index=True)
    # The state `needs_info` was asked from, to which `info_provided` returns.
    info_return_state: Mapped[str | None] = mapped_column(String(30))
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("arena_need.id"))
    decision_extended: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    triaged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The latest dated update by the agencies (a status event or an official reply).
    last_update_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class NeedConcept(Base):
    __tablename__ = "arena_need_concept"

    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True)
    concept_id: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class NeedCoAgency(Base):
    __tablename__ = "arena_need_co_agency"

    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("accounts_organisation.id"), primary_key=True, index=True
    )


class StatusEvent(Base):
    """One step of a need's history. Append-only: the ORM refuses to update or delete a row.

    `id` is the global order of the change feed; `seq` numbers a need's events 1, 2, 3, ..."""

    __tablename__ = "arena_status_event"
    __table_args__ = (UniqueConstraint("need_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    reason_code: Mapped[str | None] = mapped_column(String(50))
    message: Mapped[str] = mapped_column(String(4000), default="")
    actor_person_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    actor_organisation_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"))
    # Transfers: the lead before and after; merges: the need merged into; extensions: the new due date.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change or delete a status event."""


@event.listens_for(StatusEvent, "before_update")
def _refuse_update(_mapper: object, _connection: object, target: StatusEvent) -> None:
    raise AppendOnlyViolation(f"status event {target.id} is append-only")


@event.listens_for(StatusEvent, "before_delete")
def _refuse_delete(_mapper: object, _connection: object, target: StatusEvent) -> None:
    raise AppendOnlyViolation(f"status event {target.id} is append-only")


class Support(Base):
    """A person's support of a need. Withdrawing keeps the row (withdrawn_at); one active per person."""

    __tablename__ = "arena_support"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    stakeholder_type: Mapped[str] = mapped_column(String(20))
    use_note: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Comment(Base):
    """A comment on a need; `official` when written by staff of its lead agency or a co-agency."""

    __tablename__ = "arena_comment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    author_person_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"))
    text: Mapped[str] = mapped_column(String(4000))
    stance: Mapped[str] = mapped_column(String(10))
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Follow(Base):
    __tablename__ = "arena_follow"

    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- moderation --------------------------------------------------------------------------------------------


class Report(Base):
    """A person's report of a need or a comment; one per person and item. `status`: open, upheld (the item
    was hidden) or dismissed."""

    __tablename__ = "arena_report"
    __table_args__ = (UniqueConstraint("item_type", "item_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_type: Mapped[str] = mapped_column(String(10))
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    reporter_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("arena_moderation_action.id"))


class HiddenItem(Base):
    """A need or comment hidden pending review (`cause`: reports, when hidden automatically, or moderator).
    Restoring deletes the row."""

    __tablename__ = "arena_hidden_item"

    item_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    cause: Mapped[str] = mapped_column(String(20))
    hidden_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ModerationAction(Base):
    """One moderation step on one item: hide, restore, dismiss, merge (by a moderator, with an answer
    template) or auto_hide (by the report threshold, no moderator). Counted in the public log."""

    __tablename__ = "arena_moderation_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(20), index=True)
    item_type: Mapped[str] = mapped_column(String(10))
    item_id: Mapped[str] = mapped_column(String(36), index=True)
    template: Mapped[str | None] = mapped_column(String(40))
    moderator_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"))
    # The reasons of the reports this action resolved (reason -> count).
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
