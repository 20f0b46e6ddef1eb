"""What people and services send to and get from the vault."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final, Literal, get_args

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, Field, model_validator

from samskapa.accounts.schemas import CSRF_HEADER

ERASE_CONFIRMATION: Final = "ERASE"


SkillLevel = Literal["basic", "intermediate", "advanced", "expert"]
CreditUnit = Literal["hp", "yh", "ects", "gymnasiepoäng"]
SKILL_LEVELS: Final = get_args(SkillLevel)
CREDIT_UNITS: Final = get_args(CreditUnit)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SkillIn(_In):
    """A skill the person has, as a concept of the common language."""

    concept_id: str = Field(
        min_length=1, max_length=200, description="A skill or occupation concept id or URI."
    )
    level: SkillLevel | None = None
    note: str = Field(default="", max_length=1000)


class EducationIn(_In):
    """An education record: a course, programme or qualification the person completed."""

    title: str = Field(min_length=1, max_length=300)
    provider: str = Field(default="", max_length=300)
    level: str = Field(default="", max_length=20, description="SUN 2020 level code, e.g. 5 or 64.")
    credits: float | None = Field(default=None, ge=0, le=1000)
    credit_unit: CreditUnit | None = None
    completed_on: date | None = None
    note: str = Field(default="", max_length=1000)


class ExperienceIn(_In):
    """A period of work experience."""

    title: str = Field(min_length=1, max_length=300)
    employer: str = Field(default="", max_length=300)
    occupation_concept_id: str | None = Field(default=None, max_length=200)
    start: date
    end: date | None = None
    description: str = Field(default="", max_length=4000)

    @model_validator(mode="after")
    def _period(self) -> ExperienceIn:
        if self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        return self


PROFILE_SCHEMAS: dict[str, type[_In]] = {
    "skills": SkillIn,
    "education": EducationIn,
    "experience": ExperienceIn,
}


class ItemOut(BaseModel):
    id: str
    category: str
    content: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ProfileOut(BaseModel):
    skills: list[ItemOut] = []
    education: list[ItemOut] = []
    experience: list[ItemOut] = []


class AuthorisationEventOut(BaseModel):
    seq: int
    event: str
    state: str
    at: datetime
    actor: str
    receipt: dict[str, Any]
    signature: str


class AuthorisationOut(BaseModel):
    id: str
    kind: str
    state: str
    client_id: str
    client_name: str
    organisation_id: str
    organisation_name: str
    subject: str
    legal_basis: str
    notice: dict[str, Any]
    purposes: list[str]
    categories: list[str]
    operations: list[str]
    recipients: list[str]
    retention_days: int
    valid_from: datetime
    valid_until: datetime
    withdrawal_method: str
    created_at: datetime
    events: list[AuthorisationEventOut]


class AccessLogOut(BaseModel):
    seq: int
    at: datetime
    accessor: str
    accessor_name: str
    authorisation_id: str | None
    purpose: str
    operation: str
    categories: list[str]
    outcome: str
    reason: str
    response_hash: str


class SessionOut(BaseModel):
    """The signed-in person and the CSRF token their state-changing requests must carry."""

    name: str
    email: str
    csrf_token: str
    csrf_header: str = CSRF_HEADER


class CredentialOut(BaseModel):
    """An imported verifiable credential with the result of its verification when it was imported."""

    id: str
    status: Literal["valid", "untrusted", "unsigned"] = Field(
        description="valid: signed by an issuer on the trust list; untrusted: signed correctly, but the "
        "issuer is not on the trust list; unsigned: carries no proof, nothing about it is verified."
    )
    reasons: list[str]
    issuer: str | None
    types: list[str]
    verified_at: datetime
    credential: dict[str, Any]
    verification: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class AccessLogPage(BaseModel):
    """Who read my data, newest first. Pass `next_before` as `before` for the next (older) page."""

    entries: list[AccessLogOut]
    next_before: int | None


class RestrictionIn(_In):
    restricted: bool = Field(description="true: no service may read anything until it is lifted.")


class RestrictionOut(BaseModel):
    restricted: bool


class ErasureIn(_In):
    confirm: str = Field(max_length=20, description=f'Must be "{ERASE_CONFIRMATION}".')


class ErasureOut(BaseModel):
    erased: bool
    items_shredded: int
    authorisations_revoked: int
    signed_out: bool


class ReleaseOut(BaseModel):
    """What a service gets: only the granted categories it asked for (documentation of the body sent)."""

    subject: str
    authorisation_id: str
    purpose: str
    categories: dict[str, list[ItemOut]]


def text_limits() -> dict[str, int]:
    """The longest value of each text field of the profile schemas (by field name)."""
    limits: dict[str, int] = {}
    for model in PROFILE_SCHEMAS.values():
        for name, info in model.model_fields.items():
            for rule in info.metadata:
                if isinstance(rule, MaxLen):
                    limits[name] = rule.max_length
    return limits
