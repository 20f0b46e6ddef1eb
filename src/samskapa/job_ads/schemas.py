"""The job-ad contract: our ingest schema (JSON Lines and CSV), the public document and API answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from samskapa.core.ingest import split_list

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ConceptId = Annotated[str, Field(min_length=3, max_length=80, pattern=r"^[^\s]+$")]


def aware(value: datetime) -> datetime:
    """Times without a zone are Swedish local time, as Swedish job boards publish them."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=STOCKHOLM)
    return value.astimezone(UTC)


class Employer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    organisation_number: str | None = Field(default=None, pattern=r"^\d{6}-?\d{4}$")
    url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://")


LIST_FIELDS = ("skills", "nice_to_have_skills")
CSV_EMPLOYER = {
    "employer_name": "name",
    "employer_organisation_number": "organisation_number",
    "employer_url": "url",
}


class AdIn(BaseModel):
    """One job ad in our own schema. CSV files carry the same fields, with employer_name,
    employer_organisation_number and employer_url for the employer and '|' between list items."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: str = Field(min_length=1, max_length=200)
    headline: str = Field(min_length=1, max_length=500)
    description: str = Field(min_length=1, max_length=50_000)
    lang: Literal["sv", "en"] = "sv"
    employer: Employer
    occupation: ConceptId
    ssyk: ConceptId | None = None
    municipality: ConceptId | None = None
    region: ConceptId | None = None
    employment_type: str | None = Field(default=None, max_length=80)
    working_hours: str | None = Field(default=None, max_length=80)
    remote: bool = False
    skills: list[ConceptId] = Field(default_factory=list, max_length=200)
    nice_to_have_skills: list[ConceptId] = Field(default_factory=list, max_length=200)
    published_at: datetime
    expires_at: datetime | None = None
    vacancies: int | None = Field(default=None, ge=1, le=10_000)
    salary: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://")
    synthetic: bool = False
    removed: bool = False

    @field_validator("published_at", "expires_at", mode="before")
    @classmethod
    def _text_dates(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError("expected an ISO 8601 date and time (like 2026-11-02T08:00:00Z), not a number")
        return value

    @field_validator("published_at", "expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return aware(value) if value is not None else None

    @model_validator(mode="after")
    def _dates(self) -> AdIn:
        if self.expires_at is not None and self.expires_at < self.published_at:
            raise ValueError("expires_at is before published_at")
        return self

    @classmethod
    def from_csv(cls, row: dict[str, Any]) -> dict[str, Any]:
        """A CSV record (flat, strings) as the nested shape the model validates."""
        data = {key: value for key, value in row.items() if key not in CSV_EMPLOYER}
        employer = {CSV_EMPLOYER[key]: value for key, value in row.items() if key in CSV_EMPLOYER and value}
        if employer:
            data["employer"] = employer
        for key in LIST_FIELDS:
            if key in data:
                data[key] = split_list(data[key]) or []
        return {key: value for key, value in data.items() if value is not None}


class RemovedIn(BaseModel):
    """A removal: only the key is needed."""

    model_config = ConfigDict(extra="ignore")

    external_id: str = Field(min_length=1, max_length=200)
    removed: Literal[True]


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class AdSummary(BaseModel):
    id: str
    headline: str
    employer: str
    occupation: str
    occupation_label: str
    municipality: str | None
    municipality_label: str | None
    published_at: datetime
    expires_at: datetime | None
    remote: bool
    lang: str
    score: float | None = None


class AdSearchPage(BaseModel):
    total: int
    items: list[AdSummary]
    facets: dict[str, list[FacetValue]]
    next: str | None
