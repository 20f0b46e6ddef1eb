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


class ReleaseIn(BaseModel):
    """A release meeting a need: exactly one of `dataset` and `data_service` (catalogue id or name)."""

    model_config = ConfigDict(extra="forbid")

    dataset: str | None = Field(default=None, min_length=1, max_length=200, description="Dataset id or name.")
    data_service: str | None = Field(
        default=None, min_length=1, max_length=200, description="Data service (API) id or name."
    )
    version: str = Field(default="", max_length=100, examples=["2026-11"])
    coverage: Literal["full", "partial"]
    note: str = Field(default="", max_length=2000)


class VerificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["met", "partially_met", "not_met"]
    note: str = Field(default="", max_length=2000)


class VerdictCounts(BaseModel):
    met: int = 0
    partially_met: int = 0
    not_met: int = 0


class VerificationCounts(BaseModel):
    requester: VerdictCounts
    supporter: VerdictCounts
    total: int


class ReleaseTarget(BaseModel):
    type: Literal["dataset", "data_service"]
    id: str
    name: str
    title_sv: str
    title_en: str
    url: str = Field(description="The dataset's page, or the data service in the API.")


class UsageOut(BaseModel):
    """The catalogue's usage counts (all days): of the dataset, or of the datasets an API serves."""

    downloads: int
    api_calls: int


class ReleaseOut(BaseModel):
    id: str
    need_id: str
    target: ReleaseTarget
    version: str
    coverage: str
    note: str
    organisation_id: str | None
    status_event_id: int | None
    created_at: datetime
    latest: bool
    verifications: VerificationCounts
    usage: UsageOut


class ReleaseList(BaseModel):
    items: list[ReleaseOut] = Field(description="Oldest first.")


class VerificationOut(BaseModel):
    id: int
    release_id: str
    role: Literal["requester", "supporter"]
    verdict: str
    note: str
    created_at: datetime
    need_state: str = Field(description="The need's state after the verification.")


class SimilarDataset(BaseModel):
    id: str
    name: str
    title: str
    url: str


class SimilarNeed(BaseModel):
    id: str
    title: str
    state: str
    url: str


class SimilarOut(BaseModel):
    """Does this exist already? Catalogue datasets and public needs matching the words."""

    q: str
    datasets: list[SimilarDataset]
    needs: list[SimilarNeed]


# --- ideas and challenges ----------------------------------------------------------------------------------


class ChallengeIn(BaseModel):
    """A new challenge by staff of an agency. `organisation` (id or name) is needed only when the writer is
    staff of several agencies; an API key acts for its own organisation."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=3, max_length=1000, description="In plain language.")
    description: str = Field(default="", max_length=20000)
    open_until: date | None = Field(default=None, description="Last day for ideas (none: open until closed).")
    needs: list[str] = Field(
        default_factory=list, max_length=50, description="Ids of public needs it takes up."
    )
    organisation: str | None = Field(default=None, max_length=100, description="Organisation id or name.")


class ChallengePatch(BaseModel):
    """A change by staff of the challenge's organisation: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=200)
    summary: str | None = Field(default=None, min_length=3, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    open_until: date | None = None
    needs: list[str] | None = Field(default=None, max_length=50)


class IdeaIn(BaseModel):
    """A new idea: the needs it addresses (at least one, or a challenge it answers) and the datasets it would
    use. `organisation` (id or name): written on behalf of an organisation the author is staff of."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=3, max_length=1000, description="In plain language.")
    description: str = Field(default="", max_length=20000)
    needs: list[str] = Field(default_factory=list, max_length=50, description="Ids of public needs.")
    datasets: list[str] = Field(
        default_factory=list, max_length=50, description="Catalogue dataset ids or names."
    )
    organisation: str | None = Field(default=None, max_length=100, description="Organisation id or name.")
    challenge_id: str | None = Field(default=None, max_length=36, description="An open challenge it answers.")


class IdeaPatch(BaseModel):
    """A change by the author within 24 hours of writing: only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=200)
    summary: str | None = Field(default=None, min_length=3, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    needs: list[str] | None = Field(default=None, max_length=50)
    datasets: list[str] | None = Field(default=None, max_length=50)


class NeedRef(BaseModel):
    id: str
    title: str


class DatasetRef(BaseModel):
    id: str
    name: str
    title_sv: str
    title_en: str


class OrganisationRef(BaseModel):
    id: str
    name: str
    type: str
    title_sv: str
    title_en: str


class ChallengeRef(BaseModel):
    id: str
    title: str
    open_until: date | None
    open: bool


class IdeaOut(BaseModel):
    id: str
    title: str
    summary: str
    description: str
    author: str = Field(description="A stable pseudonym of the author.")
    provenance: str = Field(description="citizen, ngo, company or agency.")
    organisation: OrganisationRef | None
    needs: list[NeedRef]
    datasets: list[DatasetRef]
    challenge: ChallengeRef | None
    created_at: datetime
    updated_at: datetime
    edit_until: datetime


class IdeaPage(BaseModel):
    items: list[IdeaOut] = Field(description="Newest first.")
    next: str | None = Field(description="The cursor of the next page, if any.")


class ChallengeOut(BaseModel):
    id: str
    title: str
    summary: str
    description: str
    organisation: OrganisationRef
    open_until: date | None
    open: bool
    needs: list[NeedRef]
    ideas: int = Field(description="How many ideas answer it.")
    created_at: datetime
    updated_at: datetime


class ChallengePage(BaseModel):
    items: list[ChallengeOut] = Field(description="Newest first.")
    next: str | None = Field(description="The cursor of the next page, if any.")


# --- services, pilots and feedback -------------------------------------------------------------------------

Conformance = Literal["full", "partial", "none"]


class ServiceIn(BaseModel):
    """A service built on the platform, for the showcase. `operator` is the organisation running it (id or
    name; the API key's organisation, or the person's only staff organisation, when left out)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=200)
    summary_sv: str = Field(min_length=3, max_length=1000)
    summary_en: str = Field(min_length=3, max_length=1000)
    description_sv: str = Field(default="", max_length=20000)
    description_en: str = Field(default="", max_length=20000)
    url: str | None = Field(
        default=None, max_length=1000, description="The service's address (http or https)."
    )
    operator: str | None = Field(default=None, max_length=100, description="Organisation id or name.")
    datasets: list[str] = Field(
        default_factory=list, max_length=50, description="Catalogue dataset ids or names."
    )
    needs: list[str] = Field(
        default_factory=list, max_length=50, description="Ids of public needs it addresses."
    )
    accessibility_conformance: Conformance = Field(description="Conformance with WCAG (EN 301 549).")
    accessibility_statement_url: str | None = Field(default=None, max_length=1000)
    accessibility_statement: str = Field(
        default="",
        max_length=20000,
        description="Required unless the conformance is full and a statement URL is given: what is not "
        "accessible, why, and the alternatives.",
    )


class ServicePatch(BaseModel):
    """A change by the operator's staff: only the fields given change (the operator stays)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=2, max_length=200)
    summary_sv: str | None = Field(default=None, min_length=3, max_length=1000)
    summary_en: str | None = Field(default=None, min_length=3, max_length=1000)
    description_sv: str | None = Field(default=None, max_length=20000)
    description_en: str | None = Field(default=None, max_length=20000)
    url: str | None = Field(default=None, max_length=1000)
    datasets: list[str] | None = Field(default=None, max_length=50)
    needs: list[str] | None = Field(default=None, max_length=50)
    accessibility_conformance: Conformance | None = None
    accessibility_statement_url: str | None = Field(default=None, max_length=1000)
    accessibility_statement: str | None = Field(default=None, max_length=20000)


class ServiceOperatorOut(BaseModel):
    id: str
    name: str
    title_sv: str
    title_en: str


class ServiceDatasetOut(BaseModel):
    id: str
    name: str
    title_sv: str
    title_en: str


class ServiceNeedOut(BaseModel):
    id: str
    title: str
    state: str


class AccessibilityOut(BaseModel):
    conformance: Conformance
    statement_url: str | None
    statement: str


class PilotIn(BaseModel):
    """A small test of the service with citizens."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3, max_length=200)
    cohort: str = Field(min_length=3, max_length=1000, description="Who takes part.")
    cohort_size: int | None = Field(default=None, ge=1, le=10_000_000)
    starts_on: date
    ends_on: date = Field(description="On or after starts_on.")
    evaluation: str = Field(min_length=3, max_length=20000, description="How the pilot will be evaluated.")


class PilotPatch(BaseModel):
    """The evaluation plan or the result so far, until the pilot is decided."""

    model_config = ConfigDict(extra="forbid")

    evaluation: str | None = Field(default=None, min_length=3, max_length=20000)
    result: str | None = Field(default=None, max_length=20000)


class PilotDecisionIn(BaseModel):
    """The pilot's one decision, with its result."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["scale", "iterate", "stop"]
    result: str = Field(min_length=3, max_length=20000)


class PilotOut(BaseModel):
    id: str
    service_id: str
    title: str
    cohort: str
    cohort_size: int | None
    starts_on: date
    ends_on: date
    evaluation: str
    result: str
    decision: str | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PilotList(BaseModel):
    items: list[PilotOut]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=3, max_length=4000)
    rating: int | None = Field(default=None, ge=1, le=5)
    pilot_id: str | None = Field(default=None, max_length=36, description="One of the service's pilots.")


class FeedbackOut(BaseModel):
    id: str
    service_id: str
    pilot_id: str | None
    author: str = Field(description="The author's pseudonym.")
    text: str
    rating: int | None
    need_id: str | None = Field(description="The need this feedback became, if any.")
    created_at: datetime


class FeedbackPage(BaseModel):
    items: list[FeedbackOut]
    next: str | None


class FeedbackNeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lead_agency: str | None = Field(
        default=None, max_length=100, description="Default: the operator, when it is an agency."
    )


class ServiceOut(BaseModel):
    id: str
    name: str
    summary_sv: str
    summary_en: str
    description_sv: str
    description_en: str
    url: str | None
    operator: ServiceOperatorOut
    datasets: list[ServiceDatasetOut]
    needs: list[ServiceNeedOut]
    accessibility: AccessibilityOut
    pilots: list[PilotOut]
    feedback_count: int
    feedback: list[FeedbackOut] | None = Field(
        default=None, description="The newest feedback (on one service; the lists leave it out)."
    )
    created_at: datetime
    updated_at: datetime


class ServicePage(BaseModel):
    items: list[ServiceOut]
    next: str | None


# --- notifications -----------------------------------------------------------------------------------------


class NotificationOut(BaseModel):
    """One in-app notice: a status change of a need, or an official reply from its agency."""

    id: int
    kind: Literal["status", "official_reply", "hidden", "restored"]
    need_id: str | None
    need_title: str | None = Field(description="None when the need is no longer shown to you.")
    link: str | None = Field(description="The need's page.")
    status_event_id: int | None
    details: dict[str, Any] = Field(
        description="status: event_kind, from_state, to_state, reason_code, message; "
        "official_reply: comment_id, organisation_id, excerpt; "
        "hidden/restored (to the author): item_type, item_id, cause, reasons, template, answer."
    )
    created_at: datetime
    read: bool
    read_at: datetime | None
    emailed_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    unread: int = Field(description="How many of your notifications are unread (all of them, not this page).")
    next: str | None = None


class NotificationsReadIn(BaseModel):
    """Mark notifications read: some by id, or all of them."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(default_factory=list, max_length=500)
    all: bool = False


class NotificationsReadOut(BaseModel):
    marked: int = Field(description="How many notices were unread and are now read.")
    unread: int


class NotificationSettingsIn(BaseModel):
    """Mail for arena notifications: a daily digest, each at once, or none; and the mail's language."""

    model_config = ConfigDict(extra="forbid")

    email: Literal["daily", "immediate", "off"]
    language: Literal["sv", "en"]


class NotificationSettingsOut(BaseModel):
    email: Literal["daily", "immediate", "off"]
    language: Literal["sv", "en"]
    default: bool = Field(description="True while you have not chosen (a daily digest in Swedish).")
    updated_at: datetime | None
