"""The education offerings as bulk files: Parquet, CSV and gzipped JSON Lines, with a datapackage.json.

The files hold every live offering (tombstones are left out), one row per offering with every field of its
stored document as a documented column: the nested provider and cost are flattened (`provider_name`,
`cost_amount`, ...), lists stay lists (learning outcomes, languages, start dates). Start dates are given
twice: `start_dates` lists them all (ISO dates as text, in order) and `first_start` is the first one as a
date column, which is what most questions ask (which courses start in August?). The package `version` is
the change sequence the files were read at, so a client can continue with `/v1/education/stream` from a
snapshot cursor of the same sequence, and the server knows when they are stale.

In the CSV file a list's items are joined with "|", so no item may contain one; the rare "|" inside a
learning outcome is written as "¦" (U+00A6 BROKEN BAR) in every file, which the column descriptions say.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from samskapa.core import collection
from samskapa.core.bulk import LIST_SEPARATOR, BulkFiles, Column, TableSpec, write_bulk
from samskapa.education.models import COLLECTION, LearningOpportunity

BASENAME = "education"
LIST_SEPARATOR_STAND_IN = "\u00a6"  # ¦ BROKEN BAR
CC_BY = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
SOURCES = (
    {
        "title": "Mittuniversitetet: kursplaner (demo data; public documents, the source states no licence)",
        "path": "https://github.com/amandakann/kursplansanalys",
    },
)
_BAR_EN = " A '|' inside an item is written as '¦' (U+00A6)."
_BAR_SV = " Ett '|' i en post skrivs som '¦' (U+00A6)."

TABLE = TableSpec(
    name="samskapa-education",
    title_en="Education offerings",
    title_sv="Utbildningar och kurser",
    primary_key=["id"],
    columns=[
        Column(
            "id",
            "integer",
            "The offering's id on the platform.",
            "Utbildningens id på plattformen.",
            required=True,
        ),
        Column(
            "source",
            "string",
            "Who sent it: organisation[/feed].",
            "Vem som skickade den: organisation[/flöde].",
            required=True,
        ),
        Column(
            "external_id",
            "string",
            "The provider's code, e.g. a course code; unique within the source.",
            "Anordnarens kod, t.ex. kurskod; unik inom källan.",
            required=True,
        ),
        Column("provider_name", "string", "The provider (anordnare).", "Anordnaren.", required=True),
        Column(
            "provider_organisation_number",
            "string",
            "The provider's Swedish organisation number.",
            "Anordnarens organisationsnummer.",
        ),
        Column("provider_url", "string", "The provider's web site.", "Anordnarens webbplats."),
        Column("title_sv", "string", "Title in Swedish.", "Titel på svenska."),
        Column("title_en", "string", "Title in English.", "Titel på engelska."),
        Column("description_sv", "string", "Description in Swedish.", "Beskrivning på svenska."),
        Column("description_en", "string", "Description in English.", "Beskrivning på engelska."),
        Column(
            "learning_outcomes_sv",
            "string[]",
            "Learning outcomes in Swedish, one item each." + _BAR_EN,
            "Förväntade studieresultat på svenska, ett per post." + _BAR_SV,
        ),
        Column(
            "learning_outcomes_en",
            "string[]",
            "Learning outcomes in English, one item each." + _BAR_EN,
            "Förväntade studieresultat på engelska, ett per post." + _BAR_SV,
        ),
        Column(
            "level", "string", "SUN 2020 education level (sun-level:NN).", "Utbildningsnivå enligt SUN 2020."
        ),
        Column("isced", "string", "ISCED 2011 level, 0-8.", "Nivå enligt ISCED 2011, 0-8."),
        Column("seqf", "integer", "SeQF level (the Swedish EQF), 1-8.", "Nivå enligt SeQF, 1-8."),
        Column(
            "field",
            "string",
            "SUN 2020 education field (sun-field:NNN).",
            "Utbildningsinriktning enligt SUN 2020.",
        ),
        Column("credits", "number", "Credits, counted in credit_unit.", "Poäng, räknade i credit_unit."),
        Column(
            "credit_unit",
            "string",
            "Unit of the credits: hp (högskolepoäng), ects, yh (yrkeshögskolepoäng) or fup "
            "(förutbildningspoäng).",
            "Poängens enhet: hp, ects, yh eller fup.",
            required=True,
        ),
        Column(
            "pace",
            "integer",
            "Study pace in percent of full time (100 full time, 50 half time).",
            "Studietakt i procent av heltid (100 helfart, 50 halvfart).",
        ),
        Column(
            "mode",
            "string",
            "How it is taught: campus, distance or blended.",
            "Undervisningsform: campus, distance (distans) eller blended (blandad).",
        ),
        Column("location", "string", "Municipality (kommun:NNNN).", "Studieort, kommun (kommun:NNNN)."),
        Column(
            "region",
            "string",
            "County of the municipality (lan:NN), derived by the platform.",
            "Kommunens län (lan:NN), härlett av plattformen.",
        ),
        Column(
            "languages",
            "string[]",
            "Languages of instruction (language:xx).",
            "Undervisningsspråk (language:xx).",
        ),
        Column(
            "found_skills",
            "string[]",
            "Skills the enrichment pipeline found in the descriptions and learning outcomes (concept ids).",
            "Kompetenser som berikningen hittade i beskrivningar och studieresultat (begrepps-id).",
        ),
        Column(
            "start_dates",
            "string[]",
            "Every start date, as ISO dates (YYYY-MM-DD), earliest first.",
            "Alla startdatum som ISO-datum (ÅÅÅÅ-MM-DD), tidigast först.",
        ),
        Column(
            "first_start",
            "date",
            "The first start date (the first of start_dates).",
            "Första startdatum (det första i start_dates).",
        ),
        Column("application_opens", "date", "The application opens.", "Ansökan öppnar."),
        Column("application_closes", "date", "Last day to apply.", "Sista ansökningsdag."),
        Column("cost_amount", "number", "Fee for the whole offering.", "Avgift för hela utbildningen."),
        Column("cost_currency", "string", "Currency of the fee (SEK).", "Avgiftens valuta (SEK)."),
        Column(
            "free",
            "boolean",
            "Free of charge (true), charged (false), or not said (empty).",
            "Avgiftsfri (true), avgiftsbelagd (false) eller inte angivet (tomt).",
        ),
        Column("url", "string", "Where to read more or apply.", "Var man läser mer eller söker."),
        Column("subject", "string", "Subject (huvudområde or ämne).", "Huvudområde eller ämne."),
        Column(
            "progression",
            "string",
            "Swedish progression code (fördjupningsnivå), e.g. G1N, A1F.",
            "Fördjupningsnivå, t.ex. G1N, A1F.",
        ),
        Column(
            "entry_requirements_sv", "string", "Entry requirements in Swedish.", "Förkunskapskrav på svenska."
        ),
        Column(
            "entry_requirements_en",
            "string",
            "Entry requirements in English.",
            "Förkunskapskrav på engelska.",
        ),
        Column(
            "valid_from",
            "date",
            "The date the syllabus is valid from.",
            "Datum från vilket kursplanen gäller.",
        ),
    ],
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _items(values: list[str] | None) -> list[str]:
    """A list column's items, safe for the CSV file's '|'-joined lists."""
    return [value.replace(LIST_SEPARATOR, LIST_SEPARATOR_STAND_IN) for value in values or []]


def row(row_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    """One stored offering as a bulk row."""
    provider = doc.get("provider") or {}
    cost = doc.get("cost") or {}
    starts = sorted(doc.get("start_dates") or [])
    return {
        "id": row_id,
        "source": doc["source"],
        "external_id": doc["external_id"],
        "provider_name": provider["name"],
        "provider_organisation_number": provider.get("organisation_number"),
        "provider_url": provider.get("url"),
        "title_sv": doc.get("title_sv"),
        "title_en": doc.get("title_en"),
        "description_sv": doc.get("description_sv"),
        "description_en": doc.get("description_en"),
        "learning_outcomes_sv": _items(doc.get("learning_outcomes_sv")),
        "learning_outcomes_en": _items(doc.get("learning_outcomes_en")),
        "level": doc.get("level"),
        "isced": doc.get("isced"),
        "seqf": doc.get("seqf"),
        "field": doc.get("field"),
        "credits": doc.get("credits"),
        "credit_unit": doc.get("credit_unit") or "hp",
        "pace": doc.get("pace"),
        "mode": doc.get("mode"),
        "location": doc.get("location"),
        "region": doc.get("region"),
        "languages": list(doc.get("languages") or []),
        "found_skills": [str(found["id"]) for found in doc.get("found_skills") or []],
        "start_dates": starts,
        "first_start": _day(starts[0]) if starts else None,
        "application_opens": _day(doc.get("application_opens")),
        "application_closes": _day(doc.get("application_closes")),
        "cost_amount": cost.get("amount"),
        "cost_currency": cost.get("currency"),
        "free": doc.get("free"),
        "url": doc.get("url"),
        "subject": doc.get("subject"),
        "progression": doc.get("progression"),
        "entry_requirements_sv": doc.get("entry_requirements_sv"),
        "entry_requirements_en": doc.get("entry_requirements_en"),
        "valid_from": _day(doc.get("valid_from")),
    }


def rows(session: Session) -> Iterator[dict[str, Any]]:
    for row_id, doc in collection.live_documents(session, LearningOpportunity):
        yield row(row_id, orjson.loads(doc))


def build(session: Session, directory: Path, *, base_url: str) -> BulkFiles:
    """Write the bulk files of every live offering into `directory`, stamped with the change sequence."""
    seq = collection.current_seq(session, COLLECTION)
    return write_bulk(
        TABLE,
        rows(session),
        directory,
        basename=BASENAME,
        licence=CC_BY,
        sources=SOURCES,
        homepage=f"{base_url}/education",
        description_en=(
            "Every live education offering on Samskapa (European Learning Model and EMIL: provider, title, "
            "learning outcomes, level, field, credits, pace, mode, location); the version is the change "
            "sequence they were read at. The platform's compilation is CC BY 4.0. The demo offerings are "
            "Mid Sweden University's course syllabi, public documents for which the source states no "
            "licence."
        ),
        description_sv=(
            "Alla aktuella utbildningar och kurser på Samskapa; versionen är det ändringsnummer de lästes "
            "vid. Plattformens sammanställning är CC BY 4.0. Demodata är Mittuniversitetets kursplaner, "
            "allmänna handlingar för vilka källan inte anger någon licens."
        ),
        version=str(seq),
    )
