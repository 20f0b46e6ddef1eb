"""The offering schema: shapes, consistency checks and messages that name the field; the vocabularies."""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from samskapa.education import vocabularies
from samskapa.education.schemas import (
    CreditUnit,
    LearningOpportunityIn,
    Mode,
    RemovedIn,
)

FULL: dict[str, Any] = {
    "external_id": "DT001G",
    "provider": {
        "name": "Nordvik Yrkeshögskola",
        "organisation_number": "556123-4567",
        "url": "https://nordvik.se",
    },
    "title_sv": "Programmering i C",
    "title_en": "Programming in C",
    "description_sv": "En kurs om C.",
    "learning_outcomes_sv": ["skriva enkla program", "felsöka program"],
    "learning_outcomes_en": ["write simple programs"],
    "level": "sun-level:53",
    "isced": "6",
    "seqf": 6,
    "field": "sun-field:481",
    "credits": 7.5,
    "credit_unit": "hp",
    "pace": 50,
    "mode": "distance",
    "location": "kommun:2281",
    "languages": ["language:sv", "language:en"],
    "start_dates": ["2027-01-18", "2026-08-31", "2026-08-31"],
    "application_opens": "2026-03-16",
    "application_closes": "2026-04-15",
    "cost": {"amount": 0, "currency": "SEK"},
    "free": True,
    "url": "https://nordvik.se/kurser/dt001g",
    "subject": "Datateknik",
    "progression": "G1N",
    "entry_requirements_sv": "Grundläggande behörighet",
    "valid_from": "2026-01-01",
    "removed": False,
}


def _errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        LearningOpportunityIn.model_validate(data)
    return [
        (".".join(str(part) for part in error["loc"]), error["msg"])
        for error in caught.value.errors(include_url=False)
    ]


def test_a_full_offering_validates() -> None:
    offering = LearningOpportunityIn.model_validate(FULL)
    assert offering.provider.name == "Nordvik Yrkeshögskola"
    assert offering.start_dates == [date(2026, 8, 31), date(2027, 1, 18)]  # ordered, without repeats
    assert offering.cost is not None
    assert offering.cost.currency == "SEK"
    assert offering.learning_outcomes_sv == ["skriva enkla program", "felsöka program"]


def test_a_minimal_offering_validates() -> None:
    offering = LearningOpportunityIn.model_validate(
        {"external_id": " K1 ", "provider": {"name": "Skola"}, "title_en": "Welding"}
    )
    assert offering.external_id == "K1"
    assert offering.credit_unit == "hp"
    assert offering.languages == []
    assert offering.removed is False


def test_isced_may_be_a_number() -> None:
    assert LearningOpportunityIn.model_validate({**FULL, "isced": 7}).isced == "7"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"level": "isced:6"}, "level", "expected a SUN 2020 level id like 'sun-level:53', got 'isced:6'"),
        ({"field": "481"}, "field", "expected a SUN 2020 field id like 'sun-field:481', got '481'"),
        (
            {"location": "Sundsvall"},
            "location",
            "expected a municipality id like 'kommun:2281', got 'Sundsvall'",
        ),
        (
            {"languages": ["language:sv", "svenska"]},
            "languages.1",
            "expected a language id like 'language:sv'",
        ),
        ({"isced": "9"}, "isced", "expected an ISCED 2011 level code from 0 to 8"),
        ({"seqf": 9}, "seqf", "less than or equal to 8"),
        ({"pace": 0}, "pace", "greater than or equal to 1"),
        ({"pace": 101}, "pace", "less than or equal to 100"),
        ({"mode": "online"}, "mode", "'campus', 'distance' or 'blended'"),
        ({"credit_unit": "poäng"}, "credit_unit", "'hp', 'ects', 'yh' or 'fup'"),
        ({"credits": -1}, "credits", "greater than or equal to 0"),
        ({"progression": "G9"}, "progression", "a Swedish progression code"),
        ({"url": "www.nordvik.se"}, "url", "expected an http(s) URL"),
        (
            {"provider": {"name": "Skola", "organisation_number": "12"}},
            "provider.organisation_number",
            "expected a Swedish organisation number",
        ),
        ({"provider": {"name": ""}}, "provider.name", "at least 1 character"),
        ({"cost": {"amount": 100, "currency": "EUR"}}, "cost.currency", "'SEK'"),
        ({"cost": {"amount": -5}}, "cost.amount", "greater than or equal to 0"),
        ({"start_dates": ["snart"]}, "start_dates.0", "valid date"),
        ({"learning_outcomes_sv": ["ok", ""]}, "learning_outcomes_sv.1", "at least 1 character"),
        ({"colour": "blue"}, "colour", "Extra inputs are not permitted"),
        ({"external_id": ""}, "external_id", "at least 1 character"),
    ],
)
def test_errors_name_the_field(change: dict[str, Any], where: str, message: str) -> None:
    errors = _errors({**FULL, **change})
    assert len(errors) == 1, errors
    assert errors[0][0] == where
    assert message in errors[0][1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title_sv": None, "title_en": None}, "title_sv or title_en is required"),
        (
            {"application_opens": "2026-05-01", "application_closes": "2026-04-15"},
            "application_opens (2026-05-01) is after application_closes (2026-04-15)",
        ),
        ({"free": True, "cost": {"amount": 1200}}, "free is true but cost.amount is 1200"),
        ({"languages": ["language:sv", "language:sv"]}, "languages names a language twice"),
    ],
)
def test_inconsistent_offerings_say_why(change: dict[str, Any], message: str) -> None:
    errors = _errors({**FULL, **change})
    assert len(errors) == 1, errors
    assert message in errors[0][1]


def test_missing_required_fields_are_named() -> None:
    assert {where for where, _ in _errors({"title_sv": "Kurs"})} == {"external_id", "provider"}


def test_csv_rows_are_flattened() -> None:
    row = {
        "external_id": "YH-17",
        "provider_name": "Nordvik Yrkeshögskola",
        "provider_organisation_number": "5561234567",
        "provider_url": None,
        "title_sv": "Svetsning",
        "title_en": None,
        "learning_outcomes_sv": "svetsa stål | läsa ritningar|",
        "languages": "language:sv",
        "start_dates": "2026-08-31|2027-01-18",
        "credits": "200",
        "credit_unit": "yh",
        "pace": "100",
        "mode": "campus",
        "cost_amount": "0",
        "cost_currency": "SEK",
        "free": "true",
        "application_opens": None,
    }
    offering = LearningOpportunityIn.model_validate(LearningOpportunityIn.from_csv(row))
    assert offering.provider.organisation_number == "5561234567"
    assert offering.provider.url is None
    assert offering.learning_outcomes_sv == ["svetsa stål", "läsa ritningar"]
    assert offering.start_dates == [date(2026, 8, 31), date(2027, 1, 18)]
    assert offering.credits == 200
    assert offering.pace == 100
    assert offering.free is True
    assert offering.cost is not None
    assert offering.cost.amount == 0


def test_a_removal_needs_only_the_key() -> None:
    removal = RemovedIn.model_validate({"external_id": "DT001G", "removed": True, "title_sv": "x"})
    assert removal.external_id == "DT001G"
    with pytest.raises(ValidationError):
        RemovedIn.model_validate({"external_id": "DT001G", "removed": False})


def test_vocabularies_cover_the_schema() -> None:
    assert set(get_args(Mode)) == set(vocabularies.MODES)
    assert set(get_args(CreditUnit)) == set(vocabularies.CREDIT_UNITS)
    assert set(get_args(CreditUnit)) == set(vocabularies.CREDIT_UNIT_ABBREVIATIONS)
    swedish, english = vocabularies.names_in("sv"), vocabularies.names_in("en")
    assert swedish["mode"]["distance"] == "Distans"
    assert english["mode"]["campus"] == "On campus"
    assert swedish["credit_unit"]["hp"] == "Högskolepoäng"
    assert english["pace"]["50"] == "Half time"
    assert set(swedish) == set(english) == {"mode", "credit_unit", "pace"}


@pytest.mark.parametrize(
    ("pace", "lang", "name"),
    [(100, "sv", "Helfart"), (50, "en", "Half time"), (30, "sv", "30 %"), (30, "en", "30%")],
)
def test_pace_names(pace: int, lang: str, name: str) -> None:
    assert vocabularies.pace_name(pace, lang) == name


@pytest.mark.parametrize(
    ("credits", "unit", "lang", "text"),
    [
        (7.5, "hp", "sv", "7,5 hp"),
        (7.5, "hp", "en", "7.5 credits"),
        (15.0, "fup", "sv", "15 fup"),
        (200, "yh", "sv", "200 yh-poäng"),
    ],
)
def test_credits_text(credits: float, unit: str, lang: str, text: str) -> None:
    assert vocabularies.credits_text(credits, unit, lang) == text
