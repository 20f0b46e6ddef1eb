"""Ingest: every bad row reported with line, field and reason; good rows kept; upserts idempotent."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samskapa.cli import app
from samskapa.core.db import create_session_factory, session_scope
from samskapa.core.ingest import BatchRejected, Format, IngestReport
from samskapa.education import service, tasks
from samskapa.education.models import LearningOpportunity
from tests.catalogue.factories import organisation
from tests.education.factories import EduConcepts, edu_concepts, offering

Fault = Callable[[dict[str, Any], EduConcepts], str | dict[str, Any]]


def _drop(*keys: str) -> Fault:
    return lambda row, _: {k: v for k, v in row.items() if k not in keys}


def _set(key: str, value: Any) -> Fault:
    return lambda row, _: {**row, key: value}


# Each fault, the field the report must name (None: the row as a whole), and a word of the reason.
FAULTS: list[tuple[Fault, str | None, str]] = [
    (lambda _row, _c: "{not json", None, "not valid JSON"),
    (lambda _row, _c: "[1, 2]", None, "expected a JSON object"),
    (_drop("external_id"), "external_id", "required"),
    (_drop("provider"), "provider", "required"),
    (_drop("title_sv"), None, "title_sv or title_en is required"),
    (_set("title_sv", ""), "title_sv", "at least 1"),
    (_set("external_id", "x" * 201), "external_id", "at most 200"),
    (_set("level", "sun-level:99"), "level", "unknown concept"),
    (_set("level", "kommun:0180"), "level", "SUN 2020 level"),
    (_set("field", "sun-field:998"), "field", "unknown concept"),
    (_set("field", "481"), "field", "SUN 2020 field"),
    (_set("location", "kommun:9999"), "location", "unknown concept"),
    (_set("location", "lan:01"), "location", "municipality id"),
    (_set("languages", ["language:zz"]), "languages.0", "unknown concept"),
    (lambda row, c: {**row, "languages": [c.languages[0], c.languages[0]]}, None, "twice"),
    (_set("pace", 0), "pace", "greater than or equal to 1"),
    (_set("pace", 150), "pace", "less than or equal to 100"),
    (_set("mode", "online"), "mode", "'campus', 'distance' or 'blended'"),
    (_set("credit_unit", "points"), "credit_unit", "'hp'"),
    (_set("credits", -1), "credits", "greater than or equal to 0"),
    (_set("start_dates", ["soon"]), "start_dates.0", "date"),
    (_set("application_opens", "2026-12-01"), None, "is after application_closes"),
    (lambda row, _c: {**row, "cost": {"amount": 100}}, None, "free is true"),
    (_set("url", "ftp://example.org/x"), "url", "http(s) URL"),
    (_set("colour", "blue"), "colour", "Extra inputs"),
    (lambda row, _c: {**row, "provider": {"name": ""}}, "provider.name", "at least 1"),
    (
        lambda row, _c: {**row, "provider": {"name": "X", "organisation_number": "12"}},
        "provider.organisation_number",
        "organisation number",
    ),
    (_set("seqf", 9), "seqf", "less than or equal to 8"),
    (_set("isced", "9"), "isced", "ISCED"),
    (_set("progression", "Z9"), "progression", "progression code"),
    (_set("removed", "maybe"), "removed", "boolean"),
    (_set("learning_outcomes_sv", "en sträng"), "learning_outcomes_sv", "list"),
    (lambda _row, _c: '"just a string"', None, "expected a JSON object"),
]


def _batch(found: EduConcepts, count: int, bad_every: int) -> tuple[bytes, dict[int, tuple[str | None, str]]]:
    lines: list[str] = []
    expected: dict[int, tuple[str | None, str]] = {}
    fault_index = 0
    for number in range(1, count + 1):
        row = offering(found, number, external_id=f"B-{number}")
        if number % bad_every == 0 and fault_index < len(FAULTS):
            fault, where, reason = FAULTS[fault_index]
            fault_index += 1
            broken = fault(row, found)
            lines.append(broken if isinstance(broken, str) else json.dumps(broken))
            expected[number] = (where, reason)
        else:
            lines.append(json.dumps(row))
    assert fault_index == len(FAULTS)
    return ("\n".join(lines) + "\n").encode(), expected


def _ingest(
    session: Session,
    body: bytes,
    org_id: str,
    org_name: str,
    *,
    fmt: Format = "jsonl",
    atomic: bool = False,
    feed: str | None = None,
) -> IngestReport:
    return tasks.ingest_upload(
        session,
        io.BytesIO(body),
        fmt=fmt,
        organisation_id=org_id,
        organisation_name=org_name,
        feed=feed,
        atomic=atomic,
    )


def _lines(rows: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(row) for row in rows).encode()


def _count(session: Session, **where: Any) -> int:
    query = select(func.count()).select_from(LearningOpportunity)
    for key, value in where.items():
        query = query.where(getattr(LearningOpportunity, key) == value)
    return int(session.scalar(query) or 0)


def test_bad_rows_are_reported_and_good_rows_kept(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    body, expected = _batch(found, 700, 20)
    report = _ingest(edu_session, body, org.id, org.name)
    assert report.rows == 700
    assert report.created == 700 - len(FAULTS)
    assert _count(edu_session, organisation_id=org.id) == 700 - len(FAULTS)
    by_line: dict[int, list[tuple[str | None, str]]] = {}
    for error in report.errors:
        by_line.setdefault(error.line, []).append((error.field, error.reason))
    assert sorted(by_line) == sorted(expected)
    for line, (where, reason) in expected.items():
        assert any(field == where and reason in message for field, message in by_line[line]), (
            line,
            where,
            reason,
            by_line[line],
        )
    unknown = next(error for error in report.errors if error.field == "location")
    assert unknown.external_id is not None  # the key of the row, for the publisher's own lookup

    again = _ingest(edu_session, body, org.id, org.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 700 - len(FAULTS))
    assert _count(edu_session, organisation_id=org.id) == 700 - len(FAULTS)


def test_an_unknown_concept_suggests_close_ids(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    report = _ingest(edu_session, _lines([offering(found, 1, field="sun-field:48z")]), org.id, org.name)
    assert [error.field for error in report.errors] == ["field"]
    assert "unknown concept id 'sun-field:48z'; did you mean sun-field:" in report.errors[0].reason


def test_atomic_rejects_everything_and_still_reports_every_row(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    body, expected = _batch(found, 400, 12)
    with pytest.raises(BatchRejected) as caught:
        _ingest(edu_session, body, org.id, org.name, atomic=True)
    report = caught.value.extra["report"]
    assert report["rejected"] is True
    assert report["accepted"] == 0
    assert {error["line"] for error in report["errors"]} == set(expected)
    # The request's transaction rolls back on the error, so nothing stays (see test_api).


def test_the_document_and_the_joined_columns(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    row = offering(found, 5, external_id="DOC-1", start_dates=["2027-08-30", "2027-01-18"])
    report = _ingest(edu_session, _lines([row]), org.id, org.name, feed="kurser")
    assert report.created == 1
    stored = edu_session.scalar(select(LearningOpportunity).where(LearningOpportunity.external_id == "DOC-1"))
    assert stored is not None
    assert stored.source == f"{org.name}/kurser"
    assert (stored.title, stored.level_id, stored.field_id) == (row["title_sv"], row["level"], row["field"])
    assert (stored.location_id, stored.mode, stored.pace, stored.credits) == (
        row["location"],
        row["mode"],
        row["pace"],
        7.5,
    )
    assert str(stored.first_start) == "2027-01-18"  # start dates are kept in order
    document = json.loads(stored.doc)
    assert document["source"] == f"{org.name}/kurser"
    assert document["start_dates"] == ["2027-01-18", "2027-08-30"]
    assert document["region"] == "lan:" + row["location"].removeprefix("kommun:")[:2]
    assert document["title_en"] is None  # every field is there, absent ones as null
    assert "removed" not in document
    public = service.get_opportunity(edu_session, opportunity_id=str(stored.id))
    assert public["id"] == str(stored.id)
    assert public["removed"] is False


def test_updates_and_removals_move_the_stream(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    rows = [offering(found, n, external_id=f"U-{n}") for n in range(1, 6)]
    _ingest(edu_session, _lines(rows), org.id, org.name)
    cursor = json.loads(service.stream_json(edu_session, cursor=None, limit=100_000))["next"]
    changed = [
        {**rows[0], "title_sv": "Ny titel"},
        {"external_id": "U-2", "removed": True},
        {"external_id": "never-seen", "removed": True},
        offering(found, 99, external_id="U-99"),
    ]
    report = _ingest(edu_session, _lines(changed), org.id, org.name)
    assert (report.created, report.updated, report.removed, report.ignored) == (1, 1, 1, 1)
    page = json.loads(service.stream_json(edu_session, cursor=cursor, limit=100))
    changes = {
        item["item"]["external_id"] if item["item"] else item["id"]: item["change"] for item in page["items"]
    }
    assert sorted(changes.values()) == ["created", "removed", "updated"]
    assert changes["U-1"] == "updated"
    assert changes["U-99"] == "created"
    assert page["has_more"] is False
    removed = edu_session.scalar(select(LearningOpportunity).where(LearningOpportunity.external_id == "U-2"))
    assert removed is not None
    tombstone = service.get_opportunity(edu_session, opportunity_id=str(removed.id))
    assert tombstone["removed"] is True
    assert set(tombstone) == {"id", "removed", "removed_at"}
    again = _ingest(edu_session, _lines(changed), org.id, org.name)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)


def test_csv_rows_with_quoted_lines_and_lists(edu_session: Session) -> None:
    found = edu_concepts(edu_session)
    org = organisation(edu_session, type_="school")
    header = (
        "external_id,provider_name,title_sv,description_sv,learning_outcomes_sv,level,field,location,"
        "languages,start_dates,credits,pace,mode,cost_amount,free\n"
    )
    good = (
        f'C-1,Nordvik,"Svetsning, grund","Rad ett\nrad två",svetsa|läsa ritningar,{found.levels[0]},'
        f"{found.fields[0]},{found.municipalities[0]},{found.languages[0]}|{found.languages[1]},"
        "2027-01-18|2026-08-31,15,50,campus,0,true\n"
    )
    bad = f"C-2,Nordvik,Titel,,,{found.levels[0]},sun-field:998,,,,,,,,\n"
    report = _ingest(edu_session, (header + good + bad).encode(), org.id, org.name, fmt="csv")
    assert report.created == 1
    assert [(error.line, error.field) for error in report.errors] == [(4, "field")]
    stored = edu_session.scalar(select(LearningOpportunity).where(LearningOpportunity.external_id == "C-1"))
    assert stored is not None
    document = json.loads(stored.doc)
    assert document["description_sv"] == "Rad ett\nrad två"
    assert document["learning_outcomes_sv"] == ["svetsa", "läsa ritningar"]
    assert document["languages"] == [found.languages[0], found.languages[1]]
    assert document["start_dates"] == ["2026-08-31", "2027-01-18"]
    assert document["cost"] == {"amount": 0.0, "currency": "SEK"}
    assert (document["pace"], document["credits"], document["free"]) == (50, 15.0, True)


def test_cli_ingest_reports_bad_rows_and_indexes(
    edu_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = create_session_factory(edu_engine)
    with session_scope(factory) as session:
        found = edu_concepts(session)
        organisation(session, name="edu-cli", type_="school")
    batch = tmp_path / "kurser.jsonl"
    rows = [offering(found, n, external_id=f"CLI-{n}") for n in range(1, 31)]
    rows[4]["level"] = "sun-level:99"
    batch.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", edu_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path / "data"))
    args = ["education", "ingest", str(batch), "-o", "edu-cli", "--errors-out", str(errors)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "30 rows: 29 created" in result.output
    assert "Search index 'education': 29 changes indexed." in result.output
    assert [json.loads(line)["line"] for line in errors.read_text().splitlines()] == [5]
    result = CliRunner().invoke(app, [*args, "--atomic"])
    assert result.exit_code == 1
    assert "Rejected" in result.output
    result = CliRunner().invoke(app, ["education", "ingest", str(batch), "-o", "no-such-org"])
    assert result.exit_code == 1
