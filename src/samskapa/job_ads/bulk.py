"""The job ads as bulk files: Parquet, CSV and gzipped JSON Lines with a Frictionless datapackage.json.

The files hold every live ad (tombstones are left out) and record the change sequence they were made at
as the package `version`, so a client can continue with `/v1/ads/stream` from the snapshot cursor of the
same sequence, and the server knows when they are stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from samskapa.core import collection
from samskapa.core.bulk import BulkFiles, Column, TableSpec, write_bulk
from samskapa.job_ads.models import COLLECTION, JobAd

BASENAME = "job-ads"
CC0 = {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0"}

TABLE = TableSpec(
    name="samskapa-job-ads",
    title_en="Job ads",
    title_sv="Platsannonser",
    primary_key=["id"],
    columns=[
        Column(
            "id", "integer", "The ad's id on the platform.", "Annonsens id på plattformen.", required=True
        ),
        Column(
            "source", "string", "Who sent it: organisation[/feed].", "Vem som skickade den.", required=True
        ),
        Column("external_id", "string", "The id at the source.", "Id hos källan.", required=True),
        Column("headline", "string", "Headline.", "Rubrik.", required=True),
        Column("description", "string", "The ad's text.", "Annonstexten.", required=True),
        Column(
            "lang", "string", "Language of the ad: sv or en.", "Annonsens språk: sv eller en.", required=True
        ),
        Column("employer_name", "string", "Employer.", "Arbetsgivare.", required=True),
        Column(
            "employer_organisation_number", "string", "Swedish organisation number.", "Organisationsnummer."
        ),
        Column("employer_url", "string", "Employer's web site.", "Arbetsgivarens webbplats."),
        Column("occupation", "string", "Occupation concept id.", "Yrkesbegreppets id.", required=True),
        Column("ssyk", "string", "SSYK 2012 unit group (ssyk:NNNN).", "SSYK 2012-grupp (ssyk:NNNN)."),
        Column("occupation_field", "string", "SSYK 2012 major group.", "SSYK 2012 yrkesområde (huvudgrupp)."),
        Column("municipality", "string", "Municipality (kommun:NNNN).", "Kommun (kommun:NNNN)."),
        Column("region", "string", "County (lan:NN).", "Län (lan:NN)."),
        Column("employment_type", "string", "Employment type id.", "Anställningsform (id)."),
        Column("working_hours", "string", "full-time or part-time.", "Heltid eller deltid."),
        Column("remote", "boolean", "Remote work possible.", "Distansarbete möjligt.", required=True),
        Column("skills", "string[]", "Required skills (concept ids).", "Krav: kompetenser (begrepps-id)."),
        Column(
            "nice_to_have_skills", "string[]", "Meriting skills (concept ids).", "Meriterande kompetenser."
        ),
        Column(
            "found_skills",
            "string[]",
            "Skills the enrichment pipeline found in the headline and text (concept ids).",
            "Kompetenser som berikningen hittade i rubrik och text (begrepps-id).",
        ),
        Column("published_at", "datetime", "Publication time.", "Publiceringstid.", required=True),
        Column("expires_at", "datetime", "Application deadline.", "Sista ansökningsdag."),
        Column("vacancies", "integer", "Number of vacancies.", "Antal platser."),
        Column("salary", "string", "Salary description.", "Lönebeskrivning."),
        Column("url", "string", "Where to apply or read more.", "Var man söker eller läser mer."),
        Column(
            "synthetic", "boolean", "Generated demo ad, not real.", "Genererad demoannons.", required=True
        ),
    ],
)


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def row(row_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    """One stored ad as a bulk row."""
    employer = doc.get("employer") or {}
    return {
        "id": row_id,
        "source": doc["source"],
        "external_id": doc["external_id"],
        "headline": doc["headline"],
        "description": doc["description"],
        "lang": doc["lang"],
        "employer_name": employer.get("name"),
        "employer_organisation_number": employer.get("organisation_number"),
        "employer_url": employer.get("url"),
        "occupation": doc["occupation"],
        "ssyk": doc.get("ssyk"),
        "occupation_field": doc.get("occupation_field"),
        "municipality": doc.get("municipality"),
        "region": doc.get("region"),
        "employment_type": doc.get("employment_type"),
        "working_hours": doc.get("working_hours"),
        "remote": bool(doc.get("remote")),
        "skills": doc.get("skills") or [],
        "nice_to_have_skills": doc.get("nice_to_have_skills") or [],
        "found_skills": [str(found["id"]) for found in doc.get("found_skills") or []],
        "published_at": _moment(doc["published_at"]),
        "expires_at": _moment(doc.get("expires_at")),
        "vacancies": doc.get("vacancies"),
        "salary": doc.get("salary"),
        "url": doc.get("url"),
        "synthetic": bool(doc.get("synthetic")),
    }


def rows(session: Session) -> Iterator[dict[str, Any]]:
    for row_id, doc in collection.live_documents(session, JobAd):
        yield row(row_id, orjson.loads(doc))


def build(session: Session, directory: Path, *, base_url: str) -> BulkFiles:
    """Write the bulk files of every live ad into `directory`, stamped with the current change sequence."""
    seq = collection.current_seq(session, COLLECTION)
    return write_bulk(
        TABLE,
        rows(session),
        directory,
        basename=BASENAME,
        licence=CC0,
        homepage=f"{base_url}/ads",
        description_en="Every live job ad on Samskapa; the version is the change sequence they were read at.",
        description_sv="Alla aktuella platsannonser på Samskapa.",
        version=str(seq),
    )
