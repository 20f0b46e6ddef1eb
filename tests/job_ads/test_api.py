"""The job-ads API: ingest over HTTP, the mirror (snapshot + stream), search with facets and cursors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas
import pytest

from samskapa.job_ads import bulk
from tests.job_ads.conftest import AdsWorld
from tests.job_ads.factories import ad


def _post(ads: AdsWorld, rows: list[dict[str, Any]], **params: Any) -> Any:
    body = "\n".join(json.dumps(row) for row in rows)
    return ads.client.post(
        "/v1/ads/batches",
        content=body,
        params=params,
        headers={**ads.headers(params.pop("key", None)), "Content-Type": "application/x-ndjson"},
    )


def _mirror_apply(mirror: dict[str, dict[str, Any]], cursor: str, ads: AdsWorld) -> str:
    while True:
        page = ads.client.get("/v1/ads/stream", params={"since": cursor, "limit": 7}).json()
        for item in page["items"]:
            if item["change"] == "removed":
                mirror.pop(item["id"], None)
            else:
                mirror[item["id"]] = item["item"]
        cursor = page["next"]
        if not page["has_more"]:
            return cursor


def _snapshot(ads: AdsWorld) -> tuple[str, dict[str, dict[str, Any]]]:
    response = ads.client.get("/v1/ads/snapshot")
    assert response.status_code == 200
    body = response.json()
    return body["cursor"], {item["id"]: item for item in body["items"]}


def test_ingest_needs_a_key_with_the_scope(ads: AdsWorld) -> None:
    response = ads.client.post(
        "/v1/ads/batches", content="{}", headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_mirror_from_snapshot_and_stream_equals_the_collection(ads: AdsWorld) -> None:
    found = ads.concepts
    first = [ad(found, n, external_id=f"M-{n}") for n in range(1, 41)]
    assert _post(ads, first).json()["created"] == 40
    cursor, mirror = _snapshot(ads)
    assert {item["external_id"] for item in mirror.values()} >= {f"M-{n}" for n in range(1, 41)}

    # creates, updates, removals (in a batch and by DELETE), a revival, and the other organisation's ads
    changes = [
        *(ad(found, n, external_id=f"M-{n}") for n in range(41, 61)),
        *({**row, "headline": row["headline"] + " (uppdaterad)"} for row in first[:10]),
        *({"external_id": f"M-{n}", "removed": True} for n in range(11, 21)),
    ]
    report = _post(ads, changes).json()
    assert (report["created"], report["updated"], report["removed"]) == (20, 10, 10)
    victim = next(ident for ident, item in mirror.items() if item["external_id"] == "M-30")
    assert ads.client.delete(f"/v1/ads/{victim}", headers=ads.headers()).status_code == 204
    assert ads.client.delete(f"/v1/ads/{victim}", headers=ads.headers(ads.other_key)).status_code == 403
    assert _post(ads, [first[14]]).json()["updated"] == 1  # M-15 comes back
    assert _post(ads, [ad(found, 7, external_id="M-1")], key=ads.other_key).json()["created"] == 1

    cursor = _mirror_apply(mirror, cursor, ads)
    _, server = _snapshot(ads)
    assert mirror == server
    assert ads.client.get(f"/v1/ads/{victim}").json()["removed"] is True

    # nothing new: the stream answers an empty page with the same cursor
    page = ads.client.get("/v1/ads/stream", params={"since": cursor}).json()
    assert page == {"items": [], "next": cursor, "has_more": False}


def test_bad_stream_cursors_and_unknown_ids_are_clear_errors(ads: AdsWorld) -> None:
    assert ads.client.get("/v1/ads/stream", params={"since": "garbage!"}).status_code == 400
    missing = ads.client.get("/v1/ads/999999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "ad_not_found"
    assert ads.client.get("/v1/ads/stream", params={"colour": "red"}).status_code == 400


def test_search_text_filters_facets_and_errors(ads: AdsWorld) -> None:
    found = ads.concepts
    rows = [
        ad(
            found,
            500,
            external_id="S-1",
            headline="Glasblåsare till vår verkstad",
            description="Vi blåser glas.",
        ),
        ad(
            found,
            501,
            external_id="S-2",
            headline="Sjuksköterska",
            description="Omvårdnad av åldringar på avdelningen.",
        ),
        ad(
            found,
            502,
            external_id="S-3",
            lang="en",
            headline="Nurses wanted",
            description="Nursing in a geriatric ward.",
        ),
    ]
    _post(ads, rows)
    ads.sync()
    hits = ads.client.get("/v1/ads", params={"q": "glasblåsaren"}).json()
    assert [item["headline"] for item in hits["items"]] == ["Glasblåsare till vår verkstad"]
    english = ads.client.get("/v1/ads", params={"q": "nurse geriatric", "ad_lang": "en"}).json()
    assert [item["headline"] for item in english["items"]] == ["Nurses wanted"]
    assert ads.client.get("/v1/ads", params={"q": "åldringarna omvårdnad"}).json()["total"] == 1

    municipality = rows[1]["municipality"]
    filtered = ads.client.get(
        "/v1/ads", params={"municipality": municipality, "facet": "municipality"}
    ).json()
    assert filtered["total"] >= 1
    assert all(item["municipality"] == municipality for item in filtered["items"])
    counts = {value["value"]: value["count"] for value in filtered["facets"]["municipality"]}
    assert counts == {municipality: filtered["total"]}
    assert filtered["facets"]["municipality"][0]["label"]

    unknown = ads.client.get("/v1/ads", params={"municipality": "kommun:018"})
    assert unknown.status_code == 400
    problem = unknown.json()
    assert problem["code"] == "invalid_ad_query"
    assert "did you mean" in problem["hint"]
    wrong_type = ads.client.get("/v1/ads", params={"occupation": municipality})
    assert wrong_type.status_code == 400
    assert ads.client.get("/v1/ads", params={"employment_type": "forever"}).status_code == 400
    assert ads.client.get("/v1/ads", params={"sort": "random"}).status_code == 400
    assert ads.client.get("/v1/ads", params={"cursor": "xyz"}).status_code == 400


@pytest.mark.parametrize("sort", ["newest", "oldest", "relevance"])
def test_cursor_paging_returns_every_match_once(ads: AdsWorld, sort: str) -> None:
    found = ads.concepts
    rows = [ad(found, 1000 + n, external_id=f"P-{n}", headline=f"Lagerarbetare {n}") for n in range(300)]
    _post(ads, rows)
    ads.sync()
    params: dict[str, Any] = {"q": "lagerarbetare", "sort": sort, "limit": 17, "facet": "lang"}
    seen: list[str] = []
    total = None
    while True:
        page = ads.client.get("/v1/ads", params=params).json()
        total = page["total"] if total is None else total
        seen.extend(item["id"] for item in page["items"])
        if page["next"] is None:
            break
        params["cursor"] = page["next"]
    assert len(seen) == len(set(seen)) == total >= 300


def test_bulk_files_read_in_duckdb_and_pandas_with_the_documented_schema(
    ads: AdsWorld, tmp_path: Path
) -> None:
    _post(ads, [ad(ads.concepts, 2000 + n, external_id=f"BULK-{n}") for n in range(25)])
    package = ads.client.get("/v1/ads/bulk/datapackage.json")
    assert package.status_code == 200
    descriptor = package.json()
    _, server = _snapshot(ads)
    fields = {field["name"]: field for field in descriptor["resources"][0]["schema"]["fields"]}
    assert set(fields) == set(bulk.TABLE.column_names)

    parquet = ads.client.get("/v1/ads/bulk/job-ads.parquet")
    assert parquet.status_code == 200
    path = tmp_path / "job-ads.parquet"
    path.write_bytes(parquet.content)
    relation = duckdb.sql(f"select * from read_parquet('{path}')")
    assert relation is not None
    duck_types = dict(zip(relation.columns, [str(t) for t in relation.types], strict=True))
    expected = {
        "integer": "BIGINT",
        "string": "VARCHAR",
        "boolean": "BOOLEAN",
        "datetime": "TIMESTAMP WITH TIME ZONE",
    }
    for name, field in fields.items():
        wanted = "VARCHAR[]" if field["type"] == "array" else expected[field["type"]]
        assert duck_types[name] == wanted, name
    id_column = duckdb.sql(f"select id from read_parquet('{path}')")
    assert id_column is not None
    ids = {str(value) for (value,) in id_column.fetchall()}
    assert ids == set(server)

    frame = pandas.read_parquet(path)
    assert list(frame.columns) == bulk.TABLE.column_names
    assert len(frame) == len(server)
    one = frame.set_index("id").loc[int(next(iter(server)))]
    assert one["external_id"] == server[next(iter(server))]["external_id"]

    partial = ads.client.get("/v1/ads/bulk/job-ads.csv", headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert len(partial.content) == 10
    assert ads.client.get("/v1/ads/bulk/other.zip").status_code == 404
