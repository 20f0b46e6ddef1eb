"""/v1/education/bulk: every live offering as Parquet, CSV and gzipped JSON Lines with a datapackage.json."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas

from samskapa.core.bulk import write_bulk
from samskapa.core.db import session_scope
from samskapa.education import bulk
from samskapa.education.syllabi import read_syllabi
from tests.education.conftest import EduWorld
from tests.education.factories import offering

SYLLABI = 3586
DUCKDB_TYPES = {
    "integer": "BIGINT",
    "number": "DOUBLE",
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "array": "VARCHAR[]",
}


def _publish(world: EduWorld, rows: list[dict[str, Any]]) -> tuple[str, str]:
    name, key = world.publisher()
    body = "\n".join(json.dumps(row) for row in rows)
    response = world.client.post(
        "/v1/education/batches",
        content=body,
        headers={**world.headers(key), "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == len(rows), response.text
    return name, key


def _snapshot(world: EduWorld) -> dict[str, dict[str, Any]]:
    response = world.client.get("/v1/education/snapshot")
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["items"]}


def _rows(world: EduWorld) -> list[dict[str, Any]]:
    found = world.concepts
    return [
        *(offering(found, 100 + n, external_id=f"BULK-{n}") for n in range(20)),
        offering(
            found,
            200,
            external_id="BULK-FULL",
            title_en="Python programming",
            description_en="A course on programming.",
            learning_outcomes_en=["write small programs", "choose between a | b"],
            isced="6",
            seqf=6,
            start_dates=["2027-08-30", "2027-01-18"],
            free=False,
            cost={"amount": 12500, "currency": "SEK"},
            url="https://example.org/python",
            subject="Datateknik",
            progression="G1N",
            entry_requirements_sv="Grundläggande behörighet.",
            valid_from="2026-07-01",
        ),
        offering(
            found,
            201,
            external_id="BULK-BARE",
            title_sv=None,
            title_en="English only",
            learning_outcomes_sv=[],
            start_dates=[],
            pace=None,
            mode=None,
            location=None,
            free=None,
        ),
    ]


def test_bulk_files_read_in_duckdb_and_pandas_with_the_documented_schema(
    edu: EduWorld, tmp_path: Path
) -> None:
    _publish(edu, _rows(edu))
    package = edu.client.get("/v1/education/bulk/datapackage.json")
    assert package.status_code == 200
    descriptor = package.json()
    assert descriptor["name"] == "samskapa-education"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "no licence" in descriptor["description"]
    assert [resource["path"] for resource in descriptor["resources"]] == [
        "education.parquet",
        "education.csv",
        "education.jsonl.gz",
    ]
    fields = {field["name"]: field for field in descriptor["resources"][0]["schema"]["fields"]}
    assert list(fields) == bulk.TABLE.column_names
    for field in fields.values():  # every column is documented in both languages
        assert field["description"], field["name"]
        assert field["description_sv"], field["name"]
    server = _snapshot(edu)
    assert descriptor["rowCount"] == len(server)

    parquet = edu.client.get("/v1/education/bulk/education.parquet")
    assert parquet.status_code == 200
    path = tmp_path / "education.parquet"
    path.write_bytes(parquet.content)
    relation = duckdb.sql(f"select * from read_parquet('{path}')")
    assert relation is not None
    duck_types = dict(zip(relation.columns, [str(kind) for kind in relation.types], strict=True))
    for name, field in fields.items():
        assert duck_types[name] == DUCKDB_TYPES[field["type"]], name
    id_column = duckdb.sql(f"select id from read_parquet('{path}')")
    assert id_column is not None
    assert {str(value) for (value,) in id_column.fetchall()} == set(server)
    august = duckdb.sql(
        f"select external_id from read_parquet('{path}') where first_start = DATE '2027-01-18'"
    )
    assert august is not None
    assert august.fetchall() == [("BULK-FULL",)]

    frame = pandas.read_parquet(path)
    assert list(frame.columns) == bulk.TABLE.column_names
    assert len(frame) == len(server)
    full_id = next(ident for ident, item in server.items() if item["external_id"] == "BULK-FULL")
    full = frame.set_index("id").loc[int(full_id)]
    stored = server[full_id]
    assert full["external_id"] == "BULK-FULL"
    assert full["provider_name"] == stored["provider"]["name"]
    assert list(full["learning_outcomes_sv"]) == stored["learning_outcomes_sv"]
    assert list(full["learning_outcomes_en"]) == ["write small programs", "choose between a ¦ b"]
    assert list(full["start_dates"]) == ["2027-01-18", "2027-08-30"]
    assert full["first_start"] == date(2027, 1, 18)
    assert (full["credits"], full["credit_unit"], full["seqf"], full["isced"]) == (7.5, "hp", 6, "6")
    assert (full["cost_amount"], full["cost_currency"], bool(full["free"])) == (12500.0, "SEK", False)
    assert full["region"] == stored["region"]
    assert full["region"].startswith("lan:")
    assert full["valid_from"] == date(2026, 7, 1)

    partial = edu.client.get("/v1/education/bulk/education.csv", headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert len(partial.content) == 10
    assert edu.client.get("/v1/education/bulk/education.jsonl.gz").status_code == 200
    missing = edu.client.get("/v1/education/bulk/other.zip")
    assert missing.status_code == 404
    assert "education.parquet" in missing.json()["hint"]


def test_the_files_hold_live_offerings_only_and_the_same_values_in_every_format(
    edu: EduWorld, tmp_path: Path
) -> None:
    name, key = _publish(
        edu,
        [
            offering(edu.concepts, 300, external_id="LIVE-1", learning_outcomes_en=["a | b", "c"]),
            offering(edu.concepts, 301, external_id="GONE-1"),
        ],
    )
    gone = next(item["id"] for item in _snapshot(edu).values() if item["external_id"] == "GONE-1")
    assert edu.client.delete(f"/v1/education/{gone}", headers=edu.headers(key)).status_code == 204
    with session_scope(edu.factory) as session:
        files = bulk.build(session, tmp_path, base_url="https://samskapa.example")
    server = _snapshot(edu)
    assert files.row_count == len(server)
    assert files.descriptor["homepage"] == "https://samskapa.example/education"
    assert files.descriptor["sources"][0]["path"].startswith("https://")

    lines = [json.loads(line) for line in gzip.decompress(files.jsonl.path.read_bytes()).splitlines()]
    assert {str(line["id"]) for line in lines} == set(server)
    assert gone not in {str(line["id"]) for line in lines}
    live = next(line for line in lines if line["external_id"] == "LIVE-1")
    assert live["learning_outcomes_en"] == ["a ¦ b", "c"]
    assert live["source"] == name

    records = list(csv.DictReader(io.StringIO(files.csv.path.read_text(encoding="utf-8"))))
    assert [record["id"] for record in records] == [str(line["id"]) for line in lines]
    row = next(record for record in records if record["external_id"] == "LIVE-1")
    assert row["learning_outcomes_en"].split("|") == ["a ¦ b", "c"]
    assert row["first_start"] == live["first_start"] == live["start_dates"][0]


def test_the_bundled_syllabi_make_valid_bulk_files(tmp_path: Path) -> None:
    """Every real syllabus fits the documented columns (no empty required text, no list item the CSV
    would split), so the demo collection always builds."""

    def rows() -> Iterator[dict[str, Any]]:
        for number, item in enumerate(read_syllabi(), start=1):
            doc = {"source": "miun-demo/syllabi", "region": None, **item.model_dump(mode="json")}
            yield bulk.row(number, doc)

    files = write_bulk(bulk.TABLE, rows(), tmp_path, basename=bulk.BASENAME, licence=bulk.CC_BY)
    assert files.row_count == SYLLABI
    outcomes = duckdb.sql(
        f"select count(*) from read_parquet('{files.parquet.path}') where len(learning_outcomes_sv) > 0"
    )
    assert outcomes is not None
    assert outcomes.fetchall() == [(3528,)]  # as data/PROVENANCE.md counts them
