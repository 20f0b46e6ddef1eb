"""/v1/enrich and /v1/enrich/rank: concepts with spans, batches, ranking, and clear answers to bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from samskapa.config import Settings

SWEDISH = "Du har erfarenhet av Java och Kubernetes och talar svenska och engelska."


def test_enrich_one_text_with_spans_and_versions(client: TestClient) -> None:
    response = client.post("/v1/enrich", json={"text": SWEDISH})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == "sv"
    assert body["lang_detected"] is True
    assert body["model_version"]
    assert body["taxonomy_version"] >= 1
    found = {concept["text"].lower() for concept in body["concepts"]}
    assert {"java", "kubernetes", "svenska", "engelska"} <= found
    for concept in body["concepts"]:
        assert SWEDISH[concept["start"] : concept["end"]] == concept["text"]
        assert concept["method"] == "dictionary"


def test_a_batch_and_negation(client: TestClient) -> None:
    texts = ["We need Python and SQL.", "Ingen erfarenhet av Java krävs."]
    response = client.post("/v1/enrich", json={"texts": texts, "lang": None})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert {"python", "sql"} <= {concept["text"].lower() for concept in first["concepts"]}
    assert "java" not in {concept["text"].lower() for concept in second["concepts"]}
    assert "java" in {concept["text"].lower() for concept in second["filtered"]}


def test_rank_returns_the_top_skills_in_order(client: TestClient) -> None:
    response = client.post(
        "/v1/enrich/rank", json={"text": "Experience with Python and SQL", "lang": "en", "k": 5}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert 1 <= len(items) <= 5
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert all(item["id"].startswith("esco:skill:") and item["uri"].startswith("http") for item in items)
    labels = " ".join(item["label"].lower() for item in items)
    assert "python" in labels


def test_bad_input_gets_a_clear_answer(client: TestClient) -> None:
    empty = client.post("/v1/enrich", json={"text": "   "})
    assert empty.status_code == 400
    assert empty.headers["content-type"].startswith("application/problem+json")
    huge = client.post("/v1/enrich", json={"text": "ord " * 30_000})
    assert huge.status_code == 413
    binary = client.post("/v1/enrich", json={"text": "\x00\x01\x02\x03garbage\x00\x00\x07\x08"})
    assert binary.status_code == 400
    language = client.post("/v1/enrich", json={"text": "Java", "lang": "de"})
    assert language.status_code == 400
    assert "sv" in language.json()["hint"]
    both = client.post("/v1/enrich", json={"text": "a", "texts": ["b"]})
    assert both.status_code == 400
    not_json = client.post("/v1/enrich", content=b"\xff\xfe", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert client.post("/v1/enrich/rank", json={"text": "", "k": 5}).status_code == 400
    assert client.post("/v1/enrich/rank", json={"text": "Java", "k": 0}).status_code == 400


def test_cli_enriches_json_lines_and_reports_bad_lines(settings: Settings, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from samskapa.cli import app

    source = tmp_path / "texts.jsonl"
    source.write_text(
        '{"id": "a", "text": "Vi söker en systemutvecklare med Java."}\n'
        '{"id": "b", "text": ""}\n'
        "not json\n"
        '{"id": "c", "text": "Python and SQL", "lang": "en"}\n',
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    env = {"SAMSKAPA_DATABASE_URL": settings.database_url, "SAMSKAPA_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(app, ["enrich", str(source), "--output", str(output)], env=env)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [record.get("id") for record in records] == ["a", "b", None, "c"]
    assert "java" in {concept["text"].lower() for concept in records[0]["concepts"]}
    assert records[1]["error"]["code"] == "empty_text"
    assert records[2]["error"]["code"] == "invalid_json"
    assert records[3]["lang"] == "en"


def test_a_starting_worker_reads_the_dictionary_in_the_background(
    mini_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from samskapa.core import memory
    from samskapa.enrichment import snapshot
    from samskapa.main import create_app

    monkeypatch.setattr(snapshot, "_cached", {})
    settled: list[set[str]] = []  # the automata that existed when the warm-up settled the heap

    def settle() -> None:  # recorded, not done: freezing the test process's heap would outlive this test
        settled.extend(set(found._matchers) for found in snapshot._cached.values())

    monkeypatch.setattr(memory, "settle", settle)
    settings = Settings(
        database_url=mini_engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path,
        environment="test",
        enrich_semantic=False,
        search_sync_seconds=0,
    )
    assert settings.suggest_warmup
    with TestClient(create_app(settings)):
        for _ in range(3000):  # up to 60 s; no timing is asserted
            dictionary = next(iter(snapshot._cached.values()), None)
            if dictionary is not None and set(dictionary._matchers) == {"sv", "en"} and settled:
                break
            time.sleep(0.02)
    assert dictionary is not None, "the dictionary was not read in the background"
    assert set(dictionary._matchers) == {"sv", "en"}  # both automata built before any request
    assert settled == [{"sv", "en"}]  # then kept out of the collector's full passes
    # and kept in the data directory for the next worker to read
    kept = sorted(path.name.split("-")[1] for path in settings.automata_dir().glob("automaton-*.zip"))
    assert kept == ["en", "sv"]
