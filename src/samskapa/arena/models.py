"""Tables of the arena: needs (with their concepts and co-agencies), the append-only status events,
supports, comments and followers; moderation; ideas and challenges; releases and their verification;
services, pilots and feedback; notifications and mail subscriptions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
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
    # Dashboard summaries from the status events, kept current by `arena.summary.refresh` on every event:
    # working days from submission to the first triage, decision and release, the first decision, and
    # whether the need was ever reopened (see arena/dashboard.py).
    first_triage_days: Mapped[int | None] = mapped_column(Integer)
    first_decision_days: Mapped[int | None] = mapped_column(Integer)
    first_release_days: Mapped[int | None] = mapped_column(Integer)
    first_decision: Mapped[str | None] = mapped_column(String(30))
    ever_reopened: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # The Swedish days the triage and decision clocks run out, while the need is open (submitted, not merged
    # or withdrawn) and not yet triaged / decided (else null); also kept by `arena.summary.refresh`.
    triage_due: Mapped[date | None] = mapped_column(Date)
    decision_due: Mapped[date | None] = mapped_column(Date)
    # The key this need is counted under in DashboardHistogram (`arena.summary.counted_key`); null if none.
    dashboard_counted: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (
        # Partial: just the open needs not yet triaged / decided (the overdue list and the backlog).
        Index(
            "ix_arena_need_triage_due",
            "triage_due",
            "lead_agency_id",
            "id",
            sqlite_where=text("triage_due IS NOT NULL"),
            postgresql_where=text("triage_due IS NOT NULL"),
        ),
        Index(
            "ix_arena_need_decision_due",
            "decision_due",
            "lead_agency_id",
            "triage_due",
            "id",
            sqlite_where=text("decision_due IS NOT NULL"),
            postgresql_where=text("decision_due IS NOT NULL"),
        ),
        Index(
            "ix_arena_need_backlog",
            "lead_agency_id",
            "submitted_at",
            "id",
            sqlite_where=text("decision_due IS NOT NULL"),
            postgresql_where=text("decision_due IS NOT NULL"),
        ),
        # The update clock's start (the latest update, else the decision, else the submission) by state.
        Index(
            "ix_arena_need_update",
            "state",
            text("coalesce(last_update_at, decided_at, submitted_at)"),
            "lead_agency_id",
            "triage_due",
            "decision_due",
            "id",
        ),
    )


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


# --- ideas and agency challenges ---------------------------------------------------------------------------


class Challenge(Base):
    """An agency's own challenge: a question it puts to the public, open for ideas until `open_until`."""

    __tablename__ = "arena_challenge"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str] = mapped_column(Text, default="")
    open_until: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChallengeNeed(Base):
    __tablename__ = "arena_challenge_need"

    challenge_id: Mapped[str] = mapped_column(ForeignKey("arena_challenge.id"), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True, index=True)


class Idea(Base):
    """A proposed service or solution addressing needs (and perhaps answering a challenge)."""

    __tablename__ = "arena_idea"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(1000))
    description: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    # Set when the author writes on behalf of an organisation they are staff of.
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    provenance: Mapped[str] = mapped_column(String(20))
    challenge_id: Mapped[str | None] = mapped_column(ForeignKey("arena_challenge.id"), index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IdeaNeed(Base):
    __tablename__ = "arena_idea_need"

    idea_id: Mapped[str] = mapped_column(ForeignKey("arena_idea.id"), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True, index=True)


class IdeaDataset(Base):
    __tablename__ = "arena_idea_dataset"

    idea_id: Mapped[str] = mapped_column(ForeignKey("arena_idea.id"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True, index=True)


# --- releases and their verification -----------------------------------------------------------------------


class Release(Base):
    """The catalogue dataset or API version that meets a need, fully or partly. Recording one moves the need
    to `released` (its status event is `status_event_id`)."""

    __tablename__ = "arena_release"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), index=True)
    dataset_id: Mapped[str | None] = mapped_column(ForeignKey("catalogue_dataset.id"), index=True)
    data_service_id: Mapped[str | None] = mapped_column(ForeignKey("catalogue_data_service.id"), index=True)
    version: Mapped[str] = mapped_column(String(100), default="")
    coverage: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(2000), default="")
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_organisation.id"))
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("arena_status_event.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class Verification(Base):
    """A requester's or a supporter's answer to "did this meet the need?"; one per person and release."""

    __tablename__ = "arena_verification"
    __table_args__ = (UniqueConstraint("release_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("arena_release.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- services, pilots and feedback -------------------------------------------------------------------------


class ShowcasedService(Base):
    """A service built on the platform, in the public showcase."""

    __tablename__ = "arena_service"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    summary_sv: Mapped[str] = mapped_column(String(1000))
    summary_en: Mapped[str] = mapped_column(String(1000))
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(1000))
    operator_organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    accessibility_conformance: Mapped[str] = mapped_column(String(20))
    accessibility_statement_url: Mapped[str | None] = mapped_column(String(1000))
    accessibility_statement: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ServiceDataset(Base):
    __tablename__ = "arena_service_dataset"

    service_id: Mapped[str] = mapped_column(ForeignKey("arena_service.id"), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("catalogue_dataset.id"), primary_key=True, index=True)


class ServiceNeed(Base):
    __tablename__ = "arena_service_need"

    service_id: Mapped[str] = mapped_column(ForeignKey("arena_service.id"), primary_key=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("arena_need.id"), primary_key=True, index=True)


class Pilot(Base):
    """A small test of a service with citizens; `decision` (scale, iterate or stop) closes it."""

    __tablename__ = "arena_pilot"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("arena_service.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    cohort: Mapped[str] = mapped_column(String(1000))
    cohort_size: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    evaluation: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Feedback(Base):
    """A person's feedback on a service (or one of its pilots); `need_id` is set once it became a need."""

    __tablename__ = "arena_feedback"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("arena_service.id"), index=True)
    pilot_id: Mapped[str | None] = mapped_column(ForeignKey("arena_pilot.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    text: Mapped[str] = mapped_column(String(4000))
    rating: Mapped[int | None] = mapped_column(Integer)
    need_id: Mapped[str | None] = mapped_column(ForeignKey("arena_need.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


# --- notifications -----------------------------------------------------------------------------------------


class Notification(Base):
    """One in-app notice to one person (of a status event, an official reply or a release); `emailed_at`
    is set once a mail (immediate or in the digest) carried it."""

    __tablename__ = "arena_notification"
    __table_args__ = (Index("ix_arena_notification_person_read", "person_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"))
    kind: Mapped[str] = mapped_column(String(30))
    need_id: Mapped[str | None] = mapped_column(ForeignKey("arena_need.id"), index=True)
    status_event_id: Mapped[int | None] = mapped_column(ForeignKey("arena_status_event.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)


class Subscription(Base):
    """A person's choice of mail for arena notifications: `daily` (the default), `immediate` or `off`."""

    __tablename__ = "arena_subscription"

    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


# --- dashboard aggregates ----------------------------------------------------------------------------------


class DashboardHistogram(Base):
    """How many submitted needs of one lead agency are counted under each key of one of the dashboard's
    figures, kept current by `arena.summary.refresh` (hidden needs included; the dashboard takes them away).
    `counts` maps a key to a count: for `triage`, `decision` and `release` the working days to the first
    triage, decision and release ("-1" for a need not yet triaged, so `triage` counts every submitted need);
    for `totals` the needs triaged within the clock, decided, decided within the clock, reopened after a
    decision and each first decision ("mix:<decision>"). `lead` is the lead agency's id, "" for none. One
    small row per agency and figure, so the dashboard reads a few hundred rows instead of every need."""

    __tablename__ = "arena_dashboard_histogram"

    lead: Mapped[str] = mapped_column(String(36), primary_key=True)
    figure: Mapped[str] = mapped_column(String(10), primary_key=True)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
