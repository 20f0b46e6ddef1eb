"""The 3,586 bundled syllabi load through the CLI as offerings of the demo provider, idempotently, and are
searchable in Swedish with stemming, with facets and filters over the real data."""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from samskapa.accounts.models import Organisation
from samskapa.cli import app
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.education import tasks
from samskapa.education.models import LearningOpportunity
from samskapa.education.schemas import LearningOpportunityIn
from samskapa.education.syllabi import BUNDLED, SyllabusCounts, read_syllabi
from samskapa.main import create_app

ROWS = 3586
URL = "/v1/education"


@pytest.fixture(scope="module")
def cli_runs(edu_full_engine: Engine, edu_full_settings: Settings) -> list[str]:
    """The output of `samskapa education load-syllabi`, run twice against the database."""
    outputs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMSKAPA_DATABASE_URL", edu_full_engine.url.render_as_string(hide_password=False))
        patch.setenv("SAMSKAPA_DATA_DIR", str(edu_full_settings.data_dir))
        for _ in range(2):
            result = CliRunner().invoke(app, ["education", "load-syllabi"])
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
    return outputs


@pytest.fixture(scope="module")
def client(cli_runs: list[str], edu_full_settings: Settings) -> Iterator[TestClient]:
    """The app over the loaded database, searching the index the CLI built."""
    with TestClient(create_app(edu_full_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def syllabi() -> tuple[dict[str, LearningOpportunityIn], SyllabusCounts]:
    counts = SyllabusCounts()
    return {item.external_id: item for item in read_syllabi(counts=counts)}, counts


def _search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get(URL, params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _live(engine: Engine, *where: Any) -> int:
    with engine.connect() as connection:
        query = (
            select(func.count())
            .select_from(LearningOpportunity)
            .where(LearningOpportunity.removed.is_(False))
        )
        return int(connection.scalar(query.where(*where)) or 0)


def test_the_cli_loads_every_syllabus_once_and_indexes_it(
    cli_runs: list[str], edu_full_engine: Engine
) -> None:
    first, second = cli_runs
    assert f"{ROWS:,} rows: {ROWS:,} created, 0 updated, 0 unchanged" in first
    assert f"Search index 'education': {ROWS:,} changes indexed." in first
    assert f"{ROWS:,} rows: 0 created, 0 updated, {ROWS:,} unchanged, 0 removed" in second
    assert "Search index 'education' is up to date." in second
    assert _live(edu_full_engine) == ROWS
    with session_scope(create_session_factory(edu_full_engine)) as session:
        org = session.scalars(select(Organisation).where(Organisation.name == "miun-demo")).one()
        assert (org.type, org.is_demo, org.title_sv) == ("school", True, "Mittuniversitetet (demo)")
        assert org.title_en == "Mid Sweden University (demo)"
        assert "Demo" in org.description_sv
        assert "Demo" in org.description_en
    with edu_full_engine.connect() as connection:
        sources = connection.execute(select(LearningOpportunity.source).distinct()).scalars().all()
    assert sources == ["miun-demo/syllabi"]


def test_a_syllabus_keeps_its_learning_outcomes(
    client: TestClient, syllabi: tuple[dict[str, LearningOpportunityIn], SyllabusCounts]
) -> None:
    offerings, counts = syllabi
    with_outcomes = sum(
        1 for item in offerings.values() if item.learning_outcomes_sv or item.learning_outcomes_en
    )
    assert _search(client, has_outcomes="true", limit=1)["total"] == with_outcomes
    assert counts.with_outcomes_sv > 3500
    hits = _search(client, q="AK001A", limit=1)
    assert hits["total"] == 0  # the code is the key, not text; read it through the snapshot instead
    items = {item["external_id"]: item for item in client.get(f"{URL}/snapshot").json()["items"]}
    assert len(items) == ROWS
    course = items["AK001A"]
    assert course["learning_outcomes_sv"] == offerings["AK001A"].learning_outcomes_sv
    assert len(course["learning_outcomes_sv"]) == 4
    assert (course["level"], course["field"], course["credits"]) == ("sun-level:55", "sun-field:322", 7.5)
    assert course["provider"]["name"] == "Mittuniversitetet (demo)"
    assert course["source"] == "miun-demo/syllabi"
    one = client.get(f"{URL}/{course['id']}").json()
    assert one == {**course, "removed": False}


def test_swedish_search_finds_inflected_forms(client: TestClient) -> None:
    # The last outcome of AK001A ends with the words informationsvetenskaplig forskningsuppgift.
    hits = _search(client, q="informationsvetenskapliga forskningsuppgifter", limit=50)
    docs = [client.get(f"{URL}/{item['id']}").json() for item in hits["items"]]
    assert "AK001A" in [doc["external_id"] for doc in docs]
    assert 0 < hits["total"] <= 50
    for doc in docs:
        text = " ".join([doc["title_sv"] or "", *doc["learning_outcomes_sv"], doc["subject"] or ""]).lower()
        assert "forskningsuppgift" in text
    course = next(doc for doc in docs if doc["external_id"] == "AK001A")
    text = " ".join(course["learning_outcomes_sv"]).lower()
    assert "forskningsuppgifter" not in text  # found by the stem, not the word as written
    assert "informationsvetenskapliga" not in text
    perspective = _search(client, q="vetenskapsteoretiskt perspektiven", limit=200)
    assert perspective["total"] > 0
    for item in perspective["items"][:5]:
        doc = client.get(f"{URL}/{item['id']}").json()
        text = " ".join(doc["learning_outcomes_sv"] + [doc["title_sv"] or ""]).lower()
        assert "vetenskapsteoretisk" in text
        assert "perspektiv" in text


def test_facets_and_filters_over_the_syllabi(
    client: TestClient,
    edu_full_engine: Engine,
    syllabi: tuple[dict[str, LearningOpportunityIn], SyllabusCounts],
) -> None:
    offerings, counts = syllabi
    page = _search(client, limit=1, facet_size=200)
    assert page["total"] == ROWS
    levels = {value["value"]: value["count"] for value in page["facets"]["level"]}
    assert levels == {
        "sun-level:53": counts.levels["GR"],
        "sun-level:55": counts.levels["AV"],
        "sun-level:6": counts.levels["FO"],
    }
    labels = {value["value"]: value["label"] for value in page["facets"]["level"]}
    assert labels["sun-level:6"] == "Forskarutbildning"
    fields = Counter(item.field for item in offerings.values() if item.field)
    assert {value["value"]: value["count"] for value in page["facets"]["field"]} == fields
    assert page["facets"]["provider"] == [
        {"value": "miun-demo", "label": "Mittuniversitetet (demo)", "count": ROWS}
    ]
    assert page["facets"]["language"][0] == {"value": "language:sv", "label": "Svenska", "count": ROWS}
    assert page["facets"]["mode"] == []  # the syllabi say nothing about mode, pace or place
    for code in ("sun-field:4", "sun-field:48", "sun-field:481"):
        expected = _live(edu_full_engine, LearningOpportunity.field_id.startswith(code))
        assert _search(client, field=code, limit=1)["total"] == expected > 0
    assert _search(client, level="sun-level:5", limit=1)["total"] == counts.levels["GR"] + counts.levels["AV"]
    assert _search(client, start_from="2000-01-01", limit=1)["total"] == 0  # no start dates in the data
    newest = _search(client, sort="newest", limit=3)["items"]
    latest = max(str(item.valid_from) for item in offerings.values() if item.valid_from)
    first = client.get(f"{URL}/{newest[0]['id']}").json()
    assert first["valid_from"] == latest


def test_a_reload_of_fewer_syllabi_removes_the_rest_and_a_full_one_revives_them(
    client: TestClient, edu_full_engine: Engine, tmp_path: Path
) -> None:
    with gzip.open(BUNDLED, "rt", encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        kept = [next(reader) for _ in range(11)]  # the header and ten syllabi
    smaller = tmp_path / "ten.csv"
    with smaller.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(kept)
    factory = create_session_factory(edu_full_engine)
    report = tasks.load_syllabi(factory, path=smaller)
    assert (report.rows, report.unchanged, report.removed) == (10, 10, ROWS - 10)
    assert _live(edu_full_engine) == 10
    report = tasks.load_syllabi(factory)
    assert (report.created, report.updated, report.unchanged, report.removed) == (0, ROWS - 10, 10, 0)
    assert _live(edu_full_engine) == ROWS
    client.app.state.search_indexes["education"].keeper.sync_once()  # type: ignore[attr-defined]
    assert _search(client, limit=1)["total"] == ROWS
    stream = json.loads(client.get(f"{URL}/stream", params={"limit": 100_000}).content)
    assert len(stream["items"]) == ROWS
