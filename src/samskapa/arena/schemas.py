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
