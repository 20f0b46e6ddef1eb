"""Test data made through the real services."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from samskapa.catalogue import service
from samskapa.catalogue.models import Dataset
from samskapa.catalogue.schemas import DatasetIn

_counter = itertools.count(1)


def organisation(session: Session, name: str | None = None, type_: str = "agency") -> Organisation:
    number = next(_counter)
    return accounts.create_organisation(
        session,
        name=name or f"org-{number}",
        type_=type_,
        title_sv=f"Organisation {number}",
        title_en=f"Organisation {number} (en)",
    )


def dataset_input(**overrides: Any) -> DatasetIn:
    number = next(_counter)
    values: dict[str, Any] = {
        "title_sv": f"Datamängd {number} om yrken",
        "title_en": f"Dataset {number} about occupations",
        "description_sv": "Beskrivning på svenska.",
        "description_en": "Description in English.",
        "keywords_sv": ["yrken"],
        "keywords_en": ["occupations"],
        "themes": ["EDUC"],
        "concepts": ["ssyk:2512"],
        "spatial": ["lan:01"],
        "frequency": "ANNUAL",
        "access_rights": "PUBLIC",
        "contact_name": "Data desk",
        "contact_email": "data@example.org",
        "distributions": [
            {
                "title_sv": "CSV",
                "title_en": "CSV",
                "access_url": f"https://example.org/{number}.csv",
                "download_url": f"https://example.org/{number}.csv",
                "format": "CSV",
                "licence": "http://creativecommons.org/licenses/by/4.0/",
                "byte_size": 1234,
            }
        ],
    }
    values.update(overrides)
    return DatasetIn.model_validate(values)


def dataset(session: Session, owner: Organisation, **overrides: Any) -> Dataset:
    return service.create_dataset(session, organisation=owner, data=dataset_input(**overrides))
