"""Valid offerings for tests, built from concepts that exist in the test database."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.taxonomy.models import Concept


@dataclass(frozen=True)
class EduConcepts:
    levels: list[str]  # SUN 2020 levels with two digits (sun-level:53)
    fields: list[str]  # SUN 2020 three-digit fields (sun-field:481)
    municipalities: list[str]
    languages: list[str]  # ISO-coded languages (language:lt)


def _ids(session: Session, type_: str, pattern: str) -> list[str]:
    found = session.scalars(
        select(Concept.id).where(Concept.type == type_, Concept.status == "active").order_by(Concept.id)
    )
    return [key for key in found if re.fullmatch(pattern, key)]


def edu_concepts(session: Session) -> EduConcepts:
    return EduConcepts(
        levels=_ids(session, "sun-level", r"sun-level:\d\d")[:12],
        fields=_ids(session, "sun-field", r"sun-field:\d\d\d")[:40],
        municipalities=_ids(session, "municipality", r"kommun:\d{4}")[:30],
        languages=_ids(session, "language", r"language:[a-z]{2,3}")[:6],
    )


_numbers = itertools.count(1)
MODES = ("campus", "distance", "blended")
PACES = (100, 50, 25)


def offering(found: EduConcepts, number: int | None = None, **overrides: Any) -> dict[str, Any]:
    """An offering in our JSON Lines schema; `number` picks its concepts, mode, pace and start date."""
    n = next(_numbers) if number is None else number
    values: dict[str, Any] = {
        "external_id": f"E-{n}",
        "provider": {"name": "Nordvik Yrkeshögskola", "organisation_number": "556123-4567"},
        "title_sv": f"Programmering i Python, del {n}",
        "description_sv": f"En kurs om programmering och testning. Kurs {n}.",
        "learning_outcomes_sv": ["skriva enkla program", "felsöka och testa program"],
        "level": found.levels[n % len(found.levels)],
        "field": found.fields[n % len(found.fields)],
        "credits": 7.5,
        "credit_unit": "hp",
        "pace": PACES[n % len(PACES)],
        "mode": MODES[n % len(MODES)],
        "location": found.municipalities[n % len(found.municipalities)],
        "languages": [found.languages[n % len(found.languages)]],
        "start_dates": [f"2027-{1 + n % 12:02d}-{1 + n % 28:02d}"],
        "application_opens": "2026-09-01",
        "application_closes": "2026-10-15",
        "free": True,
    }
    values.update(overrides)
    return values
