"""The education-offering contract: our ingest schema (JSON Lines and CSV) and the public document.

A learning opportunity follows the European Learning Model (ELM v3 `LearningOpportunity` with its
`LearningAchievementSpecification`: title, description, learning outcomes, credit points, EQF/NQF level,
ISCED-F field, mode, language, location, start dates, application deadline, price) and the Swedish
EMIL / Susa-navet concepts (provider, education, education event). One object describes one offering of
one provider; the provider's own course code is its natural key (`external_id`, unique within a source).

JSON Lines: one object per line, for example

    {"external_id": "DT001G", "provider": {"name": "Mittuniversitetet"},
     "title_sv": "Datateknik GR (A), Programmering i C", "learning_outcomes_sv": ["skriva enkla program"],
     "level": "sun-level:53", "isced": "6", "seqf": 6, "field": "sun-field:523",
     "credits": 7.5, "credit_unit": "hp", "pace": 50, "mode": "distance", "location": "kommun:2281",
     "languages": ["language:sv"], "start_dates": ["2026-08-31"],
     "application_opens": "2026-03-16", "application_closes": "2026-04-15", "free": true}

CSV: a header row with the same field names, flattened: `provider_name`, `provider_organisation_number`,
`provider_url` for the provider and `cost_amount`, `cost_currency` for the cost; the list fields
(`learning_outcomes_sv`, `learning_outcomes_en`, `languages`, `start_dates`) hold their items separated
by "|"; an empty cell is an absent value. `LearningOpportunityIn.from_csv` turns a CSV record into the
nested shape the model validates.

Concept ids are checked here for their shape only (the right prefix); whether they exist in the taxonomy
is checked by the service against the database.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from samskapa.core.ingest import split_list

Mode = Literal["campus", "distance", "blended"]
CreditUnit = Literal["hp", "ects", "yh", "fup"]

_SUN_LEVEL = re.compile(r"sun-level:\d{1,3}")
_SUN_FIELD = re.compile(r"sun-field:\d{1,3}[a-z]?")
_MUNICIPALITY = re.compile(r"kommun:\d{4}")
_LANGUAGE = re.compile(r"language:[a-z]{2,3}")
_ISCED = re.compile(r"[0-8]")
_PROGRESSION = re.compile(r"[GAB](?:[12][NFE]|XX)")
_ORGANISATION_NUMBER = re.compile(r"\d{6}-?\d{4}")
_URL = re.compile(r"https?://\S+")


def _matching(pattern: re.Pattern[str], what: str, example: str) -> AfterValidator:
    """A check that names what was expected, with an example, rather than a bare regular expression."""

    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError(f"expected {what} like '{example}', got '{value}'")
        return value

    return AfterValidator(check)


def _isced_text(value: Any) -> Any:
    """ISCED levels arrive as text ("6") or, from JSON writers, as a number (6)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


SunLevelId = Annotated[str, _matching(_SUN_LEVEL, "a SUN 2020 level id", "sun-level:53")]
SunFieldId = Annotated[str, _matching(_SUN_FIELD, "a SUN 2020 field id", "sun-field:481")]
MunicipalityId = Annotated[str, _matching(_MUNICIPALITY, "a municipality id", "kommun:2281")]
LanguageId = Annotated[str, _matching(_LANGUAGE, "a language id", "language:sv")]
IscedLevel = Annotated[
    str, BeforeValidator(_isced_text), _matching(_ISCED, "an ISCED 2011 level code from 0 to 8", "6")
]
Progression = Annotated[str, _matching(_PROGRESSION, "a Swedish progression code (fördjupningsnivå)", "G1N")]
OrganisationNumber = Annotated[
    str, _matching(_ORGANISATION_NUMBER, "a Swedish organisation number", "556123-4567")
]
Url = Annotated[str, Field(max_length=1000), _matching(_URL, "an http(s) URL", "https://www.miun.se/")]
Outcome = Annotated[str, Field(min_length=1, max_length=10_000)]

LIST_FIELDS = ("learning_outcomes_sv", "learning_outcomes_en", "languages", "start_dates")
CSV_PROVIDER = {
    "provider_name": "name",
    "provider_organisation_number": "organisation_number",
    "provider_url": "url",
}
CSV_COST = {"cost_amount": "amount", "cost_currency": "currency"}


class Provider(BaseModel):
    """The organisation offering the education (ELM `providedBy`, EMIL `provider`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=300)
    organisation_number: OrganisationNumber | None = None
    url: Url | None = None


class Cost(BaseModel):
    """The fee for the whole offering (ELM `priceDetail`). Swedish offerings are priced in SEK."""

    model_config = ConfigDict(extra="forbid")

    amount: float = Field(ge=0, le=10_000_000, allow_inf_nan=False)
    currency: Literal["SEK"] = "SEK"


class LearningOpportunityFields(BaseModel):
    """The fields of one offering and the checks that hold between them, shared by input and output."""

    model_config = ConfigDict(str_strip_whitespace=True)

    external_id: str = Field(
        min_length=1, max_length=200, description="The provider's code, e.g. a course code."
    )
    provider: Provider
    title_sv: str | None = Field(default=None, min_length=1, max_length=500)
    title_en: str | None = Field(default=None, min_length=1, max_length=500)
    description_sv: str | None = Field(default=None, min_length=1, max_length=50_000)
    description_en: str | None = Field(default=None, min_length=1, max_length=50_000)
    learning_outcomes_sv: list[Outcome] = Field(default_factory=list, max_length=300)
    learning_outcomes_en: list[Outcome] = Field(default_factory=list, max_length=300)
    level: SunLevelId | None = Field(default=None, description="SUN 2020 education level (sun-level:…).")
    isced: IscedLevel | None = Field(default=None, description="ISCED 2011 level, 0–8.")
    seqf: int | None = Field(default=None, ge=1, le=8, description="SeQF (Swedish EQF) level, 1–8.")
    field: SunFieldId | None = Field(default=None, description="SUN 2020 education field (sun-field:…).")
    credits: float | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
    credit_unit: CreditUnit = "hp"
    pace: int | None = Field(default=None, ge=1, le=100, description="Study pace in percent of full time.")
    mode: Mode | None = None
    location: MunicipalityId | None = Field(default=None, description="Municipality (kommun:XXXX).")
    languages: list[LanguageId] = Field(default_factory=list, max_length=20)
    start_dates: list[date] = Field(default_factory=list, max_length=100)
    application_opens: date | None = None
    application_closes: date | None = None
    cost: Cost | None = None
    free: bool | None = None
    url: Url | None = None
    subject: str | None = Field(default=None, min_length=1, max_length=200)
    progression: Progression | None = None
    entry_requirements_sv: str | None = Field(default=None, min_length=1, max_length=20_000)
    entry_requirements_en: str | None = Field(default=None, min_length=1, max_length=20_000)
    valid_from: date | None = None
    removed: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> LearningOpportunityFields:
        if self.title_sv is None and self.title_en is None:
            raise ValueError("title_sv or title_en is required (at least one title)")
        if (
            self.application_opens is not None
            and self.application_closes is not None
            and self.application_opens > self.application_closes
        ):
            raise ValueError(
                f"application_opens ({self.application_opens}) is after "
                f"application_closes ({self.application_closes})"
            )
        if self.free is True and self.cost is not None and self.cost.amount > 0:
            raise ValueError(f"free is true but cost.amount is {self.cost.amount:g}")
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("languages names a language twice")
        # Start dates are a set; keep them in order without repeats.
        self.start_dates = sorted(set(self.start_dates))
        return self


class LearningOpportunityIn(LearningOpportunityFields):
    """One education offering in our own schema (one JSON Lines object, or one CSV row via `from_csv`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def from_csv(cls, row: dict[str, Any]) -> dict[str, Any]:
        """A CSV record (flat, strings, empty cells as None) as the nested shape the model validates."""
        data = {key: value for key, value in row.items() if key not in CSV_PROVIDER and key not in CSV_COST}
        provider = {CSV_PROVIDER[key]: value for key, value in row.items() if key in CSV_PROVIDER and value}
        if provider:
            data["provider"] = provider
        cost = {CSV_COST[key]: value for key, value in row.items() if key in CSV_COST and value}
        if cost:
            data["cost"] = cost
        for key in LIST_FIELDS:
            if key in data:
                data[key] = split_list(data[key]) or []
        return {key: value for key, value in data.items() if value is not None}


class RemovedIn(BaseModel):
    """A removal (tombstone): only the key is needed."""

    model_config = ConfigDict(extra="ignore")

    external_id: str = Field(min_length=1, max_length=200)
    removed: Literal[True]
