"""Valid ads for tests, built from concepts that exist in the test database."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.taxonomy.models import Concept, Relation


@dataclass(frozen=True)
class Concepts:
    occupations: list[str]  # occupation names that have an SSYK-4 group
    municipalities: list[str]
    skills: list[str]


def concepts(session: Session) -> Concepts:
    occupations = list(
        session.scalars(
            select(Relation.source_id)
            .join(Concept, Concept.id == Relation.source_id)
            .where(Concept.type == "occupation-name", Relation.kind == "broader", Concept.status == "active")
            .order_by(Relation.source_id)
            .limit(50)
        )
    )
    municipalities = list(
        session.scalars(
            select(Concept.id).where(Concept.type == "municipality").order_by(Concept.id).limit(30)
        )
    )
    skills = list(
        session.scalars(
            select(Concept.id)
            .where(Concept.type == "skill", Concept.status == "active")
            .order_by(Concept.id)
            .limit(60)
        )
    )
    return Concepts(occupations, municipalities, skills)


_numbers = itertools.count(1)


def ad(found: Concepts, number: int | None = None, **overrides: Any) -> dict[str, Any]:
    n = next(_numbers) if number is None else number
    values: dict[str, Any] = {
        "external_id": f"T-{n}",
        "headline": f"Systemutvecklare nummer {n}",
        "description": f"Vi söker en utvecklare som trivs med programmering. Annons {n}.",
        "lang": "sv",
        "employer": {"name": "Nordvik Data AB", "organisation_number": "556123-4567"},
        "occupation": found.occupations[n % len(found.occupations)],
        "municipality": found.municipalities[n % len(found.municipalities)],
        "employment_type": "employment-type:regular",
        "working_hours": "full-time",
        "remote": n % 10 == 0,
        "skills": [found.skills[n % len(found.skills)], found.skills[(n + 7) % len(found.skills)]],
        "published_at": f"2026-11-{1 + n % 28:02d}T08:00:00Z",
        "expires_at": "2026-12-31T23:59:59Z",
    }
    values.update(overrides)
    return values
