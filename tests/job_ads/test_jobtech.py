"""Ads in JobTech JobSearch's JSON shape ingest as they come: search answers, JSON Lines of hits, removals."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.core.ingest import Format, IngestReport
from samskapa.job_ads import search, service, tasks
from samskapa.job_ads.jobtech import guess_language
from samskapa.job_ads.models import JobAd
from tests.catalogue.factories import organisation

RESPONSE = Path(__file__).parent / "data" / "jobsearch_response.json"


def _ingest(session: Session, body: bytes, fmt: Format, org_id: str, org_name: str) -> IngestReport:
    return tasks.ingest_upload(
        session,
        io.BytesIO(body),
        fmt=fmt,
        organisation_id=org_id,
        organisation_name=org_name,
        feed="af",
        atomic=False,
    )


def _doc(session: Session, external_id: str) -> dict[str, Any]:
    ad = session.scalar(select(JobAd).where(JobAd.external_id == external_id))
    assert ad is not None
    return service.get_ad(session, ad_id=str(ad.id))


def test_a_jobsearch_answer_ingests_unchanged(session: Session) -> None:
    org = organisation(session)
    report = _ingest(session, RESPONSE.read_bytes(), "json", org.id, org.name)
    assert report.errors == []
    assert (report.created, report.ignored) == (2, 1)  # the removed hit was never here: nothing to tombstone

    cook = _doc(session, "28731001")
    assert cook["source"] == f"{org.name}/af"
    assert cook["occupation"] == "jobtech:JbJw_as4_S93"
    assert cook["ssyk"] == "ssyk:5120"  # the occupation group's JobTech id, translated
    assert cook["municipality"] == "kommun:0883"
    assert cook["region"] == "lan:08"
    assert cook["employment_type"] == "employment-type:regular"
    assert cook["working_hours"] == "full-time"
    assert cook["lang"] == "sv"
    assert cook["employer"] == {
        "name": "Restaurang Exempel i Västervik AB",
        "organisation_number": "5569699480",
        "url": "https://example.se",
    }
    assert cook["published_at"] == "2026-11-20T04:00:02Z"  # Swedish local time (CET) without a zone
    assert cook["description"].startswith("Vi söker en kock")

    technician = _doc(session, "28731002")
    assert technician["lang"] == "en"
    assert technician["skills"] == ["jobtech:11L4_Q2Z_8tM"]
    assert technician["nice_to_have_skills"] == ["jobtech:11rR_H3J_EQQ"]
    assert technician["employment_type"] == "employment-type:summer"
    assert technician["remote"] is True
    assert technician["ssyk"] == "ssyk:5120"  # derived from the occupation name when the hit has no group


def test_jsonl_of_hits_then_a_removal_tombstones_the_ad(session: Session) -> None:
    org = organisation(session)
    hits = json.loads(RESPONSE.read_text(encoding="utf-8"))["hits"]
    body = "\n".join(json.dumps(hit) for hit in hits[:2]).encode()
    assert _ingest(session, body, "jsonl", org.id, org.name).created == 2
    again = _ingest(session, body, "jsonl", org.id, org.name)
    assert (again.created, again.unchanged) == (0, 2)
    removal = json.dumps({**hits[0], "removed": True, "removed_date": "2026-11-30T10:00:00"}).encode()
    assert _ingest(session, removal, "jsonl", org.id, org.name).removed == 1
    assert _doc(session, "28731001")["removed"] is True


def test_a_jobtech_hit_with_an_unknown_occupation_is_reported(session: Session) -> None:
    org = organisation(session)
    hit = json.loads(RESPONSE.read_text(encoding="utf-8"))["hits"][0]
    hit["occupation"] = {"concept_id": "ZZZZ_ZZZ_ZZZ", "label": "Okänt"}
    report = _ingest(session, json.dumps(hit).encode(), "jsonl", org.id, org.name)
    assert [(error.line, error.field) for error in report.errors] == [(1, "occupation")]
    assert "unknown concept id 'ZZZZ_ZZZ_ZZZ'" in report.errors[0].reason


def test_language_guess() -> None:
    assert guess_language("Vi söker en utvecklare som vill arbeta med oss") == "sv"
    assert guess_language("We are looking for a developer who wants to work with us") == "en"


def test_ads_are_enriched_at_ingest_and_found_skills_are_searchable(session: Session) -> None:
    org = organisation(session)
    hit = json.loads(RESPONSE.read_text(encoding="utf-8"))["hits"][0]
    hit["id"] = "28731099"
    hit["description"] = {
        "text": "Du programmerar i Java och Python. Ingen erfarenhet av Cobol krävs. "
        "Vi erbjuder friskvårdsbidrag."
    }
    report = _ingest(session, json.dumps(hit).encode(), "jsonl", org.id, org.name)
    assert report.created == 1
    ad = _doc(session, "28731099")
    found = {item["id"]: item for item in ad["found_skills"]}
    text = ad["description"]
    words = {
        text[item["start"] : item["end"]].lower() for item in found.values() if item["field"] == "description"
    }
    assert {"java", "python"} <= words
    assert "cobol" not in words  # negated: not a requirement
    document = search.index_document(
        int(ad["id"]), {k: v for k, v in ad.items() if k not in ("id", "removed")}
    )
    assert set(found) <= set(document["skill"])
