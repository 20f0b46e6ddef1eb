"""Ingest: every bad row reported with line, field and reason; good rows kept; upserts idempotent."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.core.ingest import BatchRejected, Format, IngestReport
from samskapa.job_ads import service, tasks
from samskapa.job_ads.models import JobAd
from tests.catalogue.factories import organisation
from tests.job_ads.factories import Concepts, ad, concepts

Fault = Callable[[dict[str, Any], Concepts], str | dict[str, Any]]


def _drop(key: str) -> Fault:
    return lambda row, _: {k: v for k, v in row.items() if k != key}


def _set(key: str, value: Any) -> Fault:
    return lambda row, _: {**row, key: value}


# Each fault, the field the report must name (None: the row as a whole), and a word of the reason.
FAULTS: list[tuple[Fault, str | None, str]] = [
    (lambda _row, _c: "{not json", None, "not valid JSON"),
    (lambda _row, _c: "[1, 2]", None, "expected a JSON object"),
    (_drop("headline"), "headline", "required"),
    (_drop("occupation"), "occupation", "required"),
    (_drop("published_at"), "published_at", "required"),
    (_drop("employer"), "employer", "required"),
    (_set("headline", ""), "headline", "at least 1"),
    (_set("description", "   "), "description", "at least 1"),
    (_set("occupation", "jobtech:NOPE_NOPE_123"), "occupation", "unknown concept"),
    (_set("occupation", "kommun:0180"), "occupation", "expected occupation"),
    (lambda row, c: {**row, "occupation": c.skills[0]}, "occupation", "expected occupation"),
    (_set("municipality", "kommun:9999"), "municipality", "unknown concept"),
    (_set("region", "lan:99"), "region", "unknown concept"),
    (_set("ssyk", "ssyk:99999"), "ssyk", "unknown concept"),
    (_set("skills", ["esco:skill:not-a-real-skill"]), "skills.0", "unknown concept"),
    (lambda row, c: {**row, "skills": [c.skills[0], c.occupations[0]]}, "skills.1", "expected skill"),
    (_set("nice_to_have_skills", ["kommun:0180"]), "nice_to_have_skills.0", "expected skill"),
    (_set("employment_type", "forever"), "employment_type", "unknown employment type"),
    (_set("working_hours", "sometimes"), "working_hours", "unknown working hours"),
    (_set("published_at", "yesterday"), "published_at", "datetime"),
    (_set("expires_at", "2020-01-01T00:00:00Z"), None, "expires_at is before published_at"),
    (_set("lang", "de"), "lang", "'sv' or 'en'"),
    (_set("vacancies", 0), "vacancies", "greater than or equal to 1"),
    (_set("url", "ftp://example.org/x"), "url", "pattern"),
    (_set("remote", "perhaps"), "remote", "boolean"),
    (_set("colour", "blue"), "colour", "Extra inputs"),
    (lambda row, _c: {**row, "employer": {"name": ""}}, "employer.name", "at least 1"),
    (
        lambda row, _c: {**row, "employer": {"name": "X", "organisation_number": "12"}},
        "employer.organisation_number",
        "pattern",
    ),
    (_set("external_id", ""), "external_id", "at least 1"),
    (_set("external_id", "x" * 201), "external_id", "at most 200"),
    (_set("skills", "esco:skill:1"), "skills", "list"),
    (_set("headline", "h" * 501), "headline", "at most 500"),
    (_set("occupation", "has space"), "occupation", "pattern"),
    (lambda row, _c: {**row, "region": "lan:01", "municipality": "kommun:1480"}, "region", "lies in"),
    (_set("published_at", 12.5), "published_at", "not a number"),
    (_set("removed", "maybe"), "removed", "boolean"),
    (lambda _row, _c: '"just a string"', None, "expected a JSON object"),
]


def _batch(found: Concepts, count: int, bad_every: int) -> tuple[bytes, dict[int, tuple[str | None, str]]]:
    lines: list[str] = []
    expected: dict[int, tuple[str | None, str]] = {}
    fault_index = 0
    for number in range(1, count + 1):
        row = ad(found, number, external_id=f"B-{number}")
        if number % bad_every == 0 and fault_index < len(FAULTS):
            fault, field, reason = FAULTS[fault_index]
            fault_index += 1
            broken = fault(row, found)
            lines.append(broken if isinstance(broken, str) else json.dumps(broken))
            expected[number] = (field, reason)
        else:
            lines.append(json.dumps(row))
    assert fault_index == len(FAULTS)
    return ("\n".join(lines) + "\n").encode(), expected


def _ingest(
    session: Session, body: bytes, org_id: str, org_name: str, *, fmt: Format = "jsonl", atomic: bool = False
) -> IngestReport:
    return tasks.ingest_upload(
        session,
        io.BytesIO(body),
        fmt=fmt,
        organisation_id=org_id,
        organisation_name=org_name,
        feed=None,
        atomic=atomic,
    )


def _count(session: Session, **where: Any) -> int:
    query = select(func.count()).select_from(JobAd)
    for key, value in where.items():
        query = query.where(getattr(JobAd, key) == value)
    return int(session.scalar(query) or 0)


def test_a_thousand_ads_with_37_bad_rows(session: Session) -> None:
    found = concepts(session)
    org = organisation(session)
    body, expected = _batch(found, 1000, 27)
    report = _ingest(session, body, org.id, org.name)
    assert len(FAULTS) == 37
    assert report.rows == 1000
    assert report.created == 963
    assert _count(session, organisation_id=org.id) == 963
    by_line: dict[int, list[tuple[str | None, str]]] = {}
    for error in report.errors:
        by_line.setdefault(error.line, []).append((error.field, error.reason))
    assert sorted(by_line) == sorted(expected)
    for line, (field, reason) in expected.items():
        assert any(
            found_field == field and reason in found_reason for found_field, found_reason in by_line[line]
        ), (
            line,
            field,
            reason,
            by_line[line],
        )

    again = _ingest(session, body, org.id, org.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 963)
    assert _count(session, organisation_id=org.id) == 963


def test_atomic_rejects_everything_and_still_reports_every_row(session: Session) -> None:
    found = concepts(session)
    org = organisation(session)
    body, expected = _batch(found, 300, 8)
    with pytest.raises(BatchRejected) as caught:
        _ingest(session, body, org.id, org.name, atomic=True)
    report = caught.value.extra["report"]
    assert report["rejected"] is True
    assert {error["line"] for error in report["errors"]} == set(expected)


def test_updates_and_removals_move_the_stream(session: Session) -> None:
    found = concepts(session)
    org = organisation(session)
    rows = [ad(found, n, external_id=f"U-{n}") for n in range(1, 6)]
    _ingest(session, "\n".join(json.dumps(r) for r in rows).encode(), org.id, org.name)
    start = service.stream_json(session, cursor=None, limit=10_000)
    cursor = json.loads(start)["next"]
    changed = [
        {**rows[0], "headline": "Ny rubrik"},
        {"external_id": "U-2", "removed": True},
        {"external_id": "never-seen", "removed": True},
        ad(found, 99, external_id="U-99"),
    ]
    report = _ingest(session, "\n".join(json.dumps(r) for r in changed).encode(), org.id, org.name)
    assert (report.created, report.updated, report.removed, report.ignored) == (1, 1, 1, 1)
    page = json.loads(service.stream_json(session, cursor=cursor, limit=100))
    changes = {
        item["item"]["external_id"] if item["item"] else item["id"]: item["change"] for item in page["items"]
    }
    assert sorted(changes.values()) == ["created", "removed", "updated"]
    assert changes["U-1"] == "updated"
    assert changes["U-99"] == "created"
    assert page["has_more"] is False


def test_csv_and_jobtech_shapes(session: Session) -> None:
    found = concepts(session)
    org = organisation(session)
    header = (
        "external_id,headline,description,employer_name,occupation,municipality,skills,published_at,remote\n"
    )
    csv_body = (
        header
        + f'C-1,"Lärare, heltid","Rad ett\nrad två",Skolan AB,{found.occupations[0]},'
        + f"{found.municipalities[0]},"
        + f"{found.skills[0]}|{found.skills[1]},2026-11-02 08:00,true\n"
        + f"C-2,Rubrik,Text,Skolan AB,jobtech:NOPE,{found.municipalities[0]},,2026-11-02,false\n"
    )
    report = _ingest(session, csv_body.encode(), org.id, org.name, fmt="csv")
    assert report.created == 1
    assert [(e.line, e.field) for e in report.errors] == [(4, "occupation")]
    stored = session.scalar(select(JobAd).where(JobAd.external_id == "C-1"))
    assert stored is not None
    document = json.loads(stored.doc)
    assert document["description"] == "Rad ett\nrad två"
    assert document["skills"] == [found.skills[0], found.skills[1]]
    assert document["remote"] is True
    assert document["published_at"] == "2026-11-02T07:00:00Z"  # Swedish local time without a zone
