"""The arena's public API contract (Pydantic), separate from the tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class DesiredData(BaseModel):
    """What data would meet the need: every part optional, nothing else accepted."""

    model_config = ConfigDict(extra="forbid")

    granularity: str | None = Field(default=None, max_length=200, examples=["per kommun"])
    frequency: str | None = Field(default=None, max_length=200, examples=["monthly"])
    coverage: str | None = Field(default=None, max_length=200, examples=["2015 onwards, all of Sweden"])
    format: str | None = Field(default=None, max_length=200, examples=["CSV or an API"])


class NeedIn(BaseModel):
    """A new need. `submit: true` submits it at once; otherwise it stays a private draft."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["problem", "data_need"]
    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=3, max_length=1000, description="In plain language.")
    description: str = Field(default="", max_length=20000)
    affected_groups: list[str] = Field(default_factory=list, max_length=20)
    purpose: str = Field(default="", max_length=2000)
    desired_data: DesiredData = Field(default_factory=DesiredData)
    region: str | None = Field(
        default=None, max_length=200, description="A region concept: lan:01, kommun:0180."
    )
    concepts: list[str] = Field(default_factory=list, max_length=50, description="Taxonomy concept ids.")
    lead_agency: str | None = Field(default=None, max_length=100, description="Organisation id or name.")
    co_agencies: list[str] = Field(default_factory=list, max_length=10)
    submit: bool = False


class NeedPatch(BaseModel):
    """A change by the author within the edit window: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=200)
    summary: str | None = Field(default=None, min_length=3, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    affected_groups: list[str] | None = Field(default=None, max_length=20)
    purpose: str | None = Field(default=None, max_length=2000)
    desired_data: DesiredData | None = None
    region: str | None = Field(default=None, max_length=200)
    concepts: list[str] | None = Field(default=None, max_length=50)


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(min_length=1, max_length=30, description="The target state.")
    reason_code: str | None = Field(default=None, max_length=50)
    message: str = Field(default="", max_length=4000)
    merged_into: str | None = Field(default=None, max_length=36, description="For `merged`: the need kept.")


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lead_agency: str = Field(min_length=1, max_length=100, description="Organisation id or name.")
    reason_code: str | None = Field(default=None, max_length=50)
    message: str = Field(default="", max_length=4000)


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason_code: str | None = Field(default=None, max_length=50)
    message: str = Field(default="", max_length=4000)


class SupportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stakeholder_type: Literal["citizen", "ngo", "company", "agency", "researcher"] = "citizen"
    use_note: str = Field(default="", max_length=2000)


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)
    stance: Literal["for", "against", "neutral"] = "neutral"


class StatusEventOut(BaseModel):
    id: int
    need_id: str
    seq: int
    kind: str
    from_state: str
    to_state: str
    reason_code: str | None
    message: str
    by_author: bool
    actor_organisation_id: str | None
    details: dict[str, Any]
    at: datetime


class ClockOut(BaseModel):
    today: date
    triage_due: date | None
    triage_overdue: bool
    decision_due: date | None
    decision_extended: bool
    decision_overdue: bool
    update_due: date | None
    update_overdue: bool
    overdue: bool


class NeedOut(BaseModel):
    id: str
    kind: str
    title: str
    summary: str
    description: str
    affected_groups: list[str]
    purpose: str
    desired_data: DesiredData
    region: str | None
    concepts: list[str]
    author: str = Field(description="A stable pseudonym of the author, never their name or email.")
    provenance: str
    lead_agency_id: str | None
    co_agency_ids: list[str]
    state: str
    allowed_next: list[str]
    merged_into: str | None
    created_at: datetime
    submitted_at: datetime | None
    updated_at: datetime
    edit_until: datetime | None
    supports: int
    comments: int
    followers: int
    clock: ClockOut
    history: list[StatusEventOut] | None = None


class NeedPage(BaseModel):
    items: list[NeedOut]
    next: str | None = None


class EventPage(BaseModel):
    items: list[StatusEventOut]
    next_since: int | None = Field(default=None, description="Pass as `since` for the next page.")


class SupportOut(BaseModel):
    need_id: str
    stakeholder_type: str
    use_note: str
    created_at: datetime
    withdrawn_at: datetime | None


class CommentOut(BaseModel):
    id: str
    need_id: str
    author: str | None
    organisation_id: str | None
    text: str
    stance: str
    official: bool
    created_at: datetime


class CommentPage(BaseModel):
    items: list[CommentOut]
    next: str | None = None


class FollowOut(BaseModel):
    need_id: str
    following: bool


# --- the public dashboard ----------------------------------------------------------------------------------


class DurationFigures(BaseModel):
    """Working days from submission to the first event of a kind, over the needs that reached it."""

    answered: int = Field(description="Needs that reached the step.")
    median_working_days: float | None
    p90_working_days: int | None = Field(description="Nearest-rank 90th percentile.")


class ClockShare(BaseModel):
    """How many needs were answered within the clock, of those whose clock is settled: answered, or still
    unanswered past the deadline (merged or withdrawn needs that were never answered do not count)."""

    counted: int
    within: int
    share: float | None = Field(description="within / counted; null when nothing is counted.")


class BacklogBucket(BaseModel):
    label: str = Field(examples=["0-10"])
    min_working_days: int
    max_working_days: int | None
    needs: int


class DecisionMix(BaseModel):
    """Counts of first decisions."""

    already_available: int = 0
    planned: int = 0
    conditionally_planned: int = 0
    declined: int = 0


class DashboardFigures(BaseModel):
    needs: int = Field(description="Submitted needs in scope.")
    time_to_triage: DurationFigures
    time_to_decision: DurationFigures
    time_to_release: DurationFigures
    triage_within_clock: ClockShare = Field(description="Triaged within 10 working days.")
    decision_within_clock: ClockShare = Field(description="Decided within 20 working days (40 if extended).")
    backlog: list[BacklogBucket] = Field(description="Open needs not yet decided, by age in working days.")
    backlog_total: int
    overdue_total: int = Field(description="Open needs past at least one deadline today.")
    decision_mix: DecisionMix
    decided: int = Field(description="Needs ever decided.")
    reopened: int = Field(description="Needs ever reopened.")
    reopen_rate: float | None = Field(description="reopened / decided; null when nothing is decided.")


class OverdueNeed(BaseModel):
    id: str
    title: str
    lead_agency_id: str | None
    deadline: Literal["triage", "decision", "update"]
    due: date
    days_overdue: int
    days_unit: Literal["working", "calendar"] = Field(
        description="Working days for triage and decision; calendar days for the 30-day update."
    )


class DashboardAgency(BaseModel):
    id: str
    name: str
    title_sv: str
    title_en: str


class AgencyFigures(BaseModel):
    agency: DashboardAgency | None = Field(description="Null for needs that have no lead agency yet.")
    figures: DashboardFigures


class DashboardOut(BaseModel):
    """The arena's public dashboard: how fast and how well agencies answer needs."""

    today: date = Field(description="The day the clocks are read at (Swedish time).")
    agency: DashboardAgency | None = Field(description="The lead agency filtered on, if any.")
    figures: DashboardFigures
    overdue: list[OverdueNeed] = Field(description="The most overdue first, at most `overdue_limit`.")
    overdue_limit: int
    by_agency: list[AgencyFigures] = Field(description="Per lead agency (without an agency filter).")


# --- moderation --------------------------------------------------------------------------------------------


class ReportIn(BaseModel):
    """A report of a need or a comment: one per person and item."""

    model_config = ConfigDict(extra="forbid")

    reason: Literal["spam", "offensive", "personal_data", "off_topic", "duplicate"]
    note: str = Field(default="", max_length=1000, description="Seen only by the moderators.")


class ReportOut(BaseModel):
    id: int
    type: Literal["need", "comment"]
    item_id: str
    need_id: str
    reason: str
    status: str
    created_at: datetime
    item_hidden: bool = Field(description="Whether the item is now hidden pending review.")


class ModerationItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["need", "comment"]
    id: str = Field(min_length=1, max_length=36)


class ModerationActionIn(BaseModel):
    """One action on several items at once, with an answer template (see the queue's `templates`)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["hide", "restore", "dismiss", "merge"]
    items: list[ModerationItem] = Field(min_length=1, max_length=100)
    template: str = Field(min_length=1, max_length=40)
    merged_into: str | None = Field(
        default=None, max_length=36, description="For `merge`: the need the duplicates are merged into."
    )


class TemplateOut(BaseModel):
    code: str
    sv: str
    en: str
    actions: list[str]


class ModerationResultOut(BaseModel):
    type: str
    id: str
    action_id: int
    hidden: bool
    reports_closed: int


class ModerationActionsOut(BaseModel):
    action: str
    template: TemplateOut
    results: list[ModerationResultOut]


class QueueItemOut(BaseModel):
    type: str
    id: str
    need_id: str
    title: str
    text: str
    hidden: bool
    hidden_cause: str | None
    open_reports: int
    reasons: dict[str, int]
    notes: list[str]
    first_reported_at: datetime
    last_reported_at: datetime


class QueueOut(BaseModel):
    items: list[QueueItemOut]
    total: int = Field(description="How many items have open reports.")
    templates: list[TemplateOut]


class LogMonthOut(BaseModel):
    month: str = Field(examples=["2026-11"])
    actions: dict[str, int]
    templates: dict[str, int]
    reports: dict[str, int] = Field(description="Reports received, per reason.")


class ModerationLogOut(BaseModel):
    months: list[LogMonthOut] = Field(description="Newest month first; counts only.")


# --- the need pages and releases ----------------------------------------------------------------------------


# --- ideas and challenges ----------------------------------------------------------------------------------


# --- services, pilots and feedback -------------------------------------------------------------------------


# --- notifications -----------------------------------------------------------------------------------------
