"""The /v1 taxonomy API over the full taxonomy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.main import create_app
from samskapa.taxonomy.loader import load_taxonomy
from tests.taxonomy.minisources import modify_sources

PROBLEM = "application/problem+json"


def test_concept_has_labels_relations_and_an_etag(client: TestClient) -> None:
    response = client.get("/v1/concepts/isco:2221", params={"lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert body["labels"]["en"]["pref"] == "Nursing professionals"
    assert body["labels"]["sv"]["pref"]  # Swedish label merged from JobTech
    assert body["broader"][0]["id"] == "isco:222"
    assert any(ref["type"] == "occupation" for ref in body["narrower"])
    incoming = {(m["id"], m["direction"]) for m in body["mappings"]}
    assert ("ssyk:2221", "incoming") in incoming or any(m["kind"] == "close_match" for m in body["mappings"])
    etag = response.headers["etag"]
    again = client.get("/v1/concepts/isco:2221", params={"lang": "en"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/v1/concepts/isco:2222", params={"lang": "en"}, headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["etag"] != etag


def test_esco_uri_and_jobtech_id_are_accepted_as_ids(client: TestClient) -> None:
    uri = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
    response = client.get("/v1/concepts/" + quote(uri, safe=""))
    assert response.status_code == 200
    assert response.json()["uri"] == uri
    assert response.json()["labels"]["en"]["pref"] == "software developer"
    by_jobtech = client.get("/v1/concepts/DJh5_yyF_hEM")
    assert by_jobtech.status_code == 200
    assert by_jobtech.json()["id"] == "ssyk:2512"


def test_unknown_id_is_404_problem_with_hint(client: TestClient) -> None:
    response = client.get("/v1/concepts/ssyk:9999")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["code"] == "concept_not_found"
    assert body["status"] == 404
    assert "/v1/suggest" in body["hint"]


def test_bad_parameters_are_400_with_hints(client: TestClient) -> None:
    unknown = client.get("/v1/concepts", params={"typ": "skill"})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_parameters"
    assert "type" in unknown.json()["hint"]
    bad_type = client.get("/v1/concepts", params={"type": "skils"})
    assert bad_type.status_code == 400
    assert "skill" in bad_type.json()["hint"]
    bad_lang = client.get("/v1/concepts/ssyk:2512", params={"lang": "de"})
    assert bad_lang.status_code == 400
    assert bad_lang.json()["errors"][0]["field"] == "lang"
    bad_cursor = client.get("/v1/concepts", params={"cursor": "%%%"})
    assert bad_cursor.status_code == 400
    bad_version = client.get("/v1/concepts", params={"version": 99})
    assert bad_version.status_code == 404
    assert bad_version.json()["code"] == "taxonomy_version_not_found"


def test_cursor_pagination_returns_every_municipality_once(client: TestClient) -> None:
    seen: list[str] = []
    params: dict[str, str | int] = {"type": "municipality", "limit": 37}
    while True:
        body = client.get("/v1/concepts", params=params).json()
        seen.extend(item["id"] for item in body["items"])
        if not body["next"]:
            break
        params["cursor"] = body["next"]
    assert len(seen) == len(set(seen)) == 290
    assert seen == sorted(seen)


def test_text_filter_matches_labels_in_both_languages(client: TestClient) -> None:
    body = client.get("/v1/concepts", params={"text": "sjukskoterska", "type": "occupation-name"}).json()
    assert body["items"] == [], "accents are kept for å/ä/ö, so the unaccented spelling is not a substring"
    body = client.get("/v1/concepts", params={"text": "sjuksköterska", "type": "occupation-name"}).json()
    assert any(item["label"] == "Sjuksköterska, grundutbildad" for item in body["items"])
    body = client.get("/v1/concepts", params={"text": "software developer", "type": "occupation"}).json()
    assert any(item["label"] == "software developer" for item in body["items"])


def test_skills_of_an_occupation_name_go_through_the_mappings(client: TestClient) -> None:
    name = client.get(
        "/v1/suggest", params={"q": "Systemutvecklare/Programmerare", "type": "occupation-name"}
    )
    concept_id = name.json()["items"][0]["id"]
    body = client.get(f"/v1/concepts/{concept_id}/skills", params={"lang": "en"}).json()
    assert next(ref["id"] for ref in body["via"]) == "ssyk:2512"
    labels = {item["label"] for item in body["essential"] + body["optional"]}
    assert "Python (computer programming)" in labels
    not_occupational = client.get("/v1/concepts/kommun:0180/skills")
    assert not_occupational.status_code == 400


def test_occupations_needing_a_skill_page_through_all(client: TestClient) -> None:
    python = client.get("/v1/suggest", params={"q": "Python (computer programming)", "lang": "en"}).json()
    skill_id = python["items"][0]["id"]
    detail = client.get(f"/v1/concepts/{skill_id}").json()
    expected = sum(detail["needed_by"].values())
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 7}
    while True:
        body = client.get(f"/v1/concepts/{skill_id}/occupations", params=params).json()
        seen.extend(item["id"] for item in body["items"])
        assert all(item["kind"] in ("essential_skill", "optional_skill") for item in body["items"])
        if not body["next"]:
            break
        params["cursor"] = body["next"]
    assert len(seen) == expected > 10
    assert client.get("/v1/concepts/ssyk:2512/occupations").status_code == 400


def test_related_lists_substitutable_occupations_both_ways(client: TestClient) -> None:
    name = client.get("/v1/suggest", params={"q": "Skolvärd", "type": "occupation-name"}).json()["items"][0][
        "id"
    ]
    body = client.get(f"/v1/concepts/{name}/related", params={"kind": "substitutes", "limit": 200}).json()
    directions = {item["direction"] for item in body["items"]}
    assert directions == {"outgoing", "incoming"}
    assert all(item["weight"] in (25.0, 50.0, 75.0, 100.0) for item in body["items"])


def test_suggest_is_typo_tolerant_in_both_languages(client: TestClient) -> None:
    def first(q: str, **params: str) -> dict[str, str]:
        response = client.get("/v1/suggest", params={"q": q, **params})
        assert response.status_code == 200
        items: list[dict[str, str]] = response.json()["items"]
        assert items, q
        return items[0]

    assert first("systemutvecklare")["label"].startswith("Systemutvecklare")
    assert first("sjukskötersk", type="occupation-name")["label"].startswith("Sjukskötersk")
    assert first("pyhton")["label"] == "Python (computer programming)"
    assert first("pyhton", lang="sv")["label"] == "Python, programmeringsspråk"
    assert first("stockholm", type="municipality")["id"] == "kommun:0180"
    assert client.get("/v1/suggest", params={"q": "   "}).status_code == 400
    assert client.get("/v1/suggest", params={"q": "java", "type": "nope"}).status_code == 400


def test_versions_changes_and_stats(client: TestClient) -> None:
    versions = client.get("/v1/taxonomy/versions").json()
    assert [v["number"] for v in versions] == [1]
    assert versions[0]["links"]["ttl"] == "/v1/taxonomy/1.ttl"
    assert versions[0]["created_at"].endswith(("+00:00", "Z"))
    changes = client.get("/v1/taxonomy/changes", params={"since": 0, "limit": 5}).json()
    assert [item["event"] for item in changes["items"]] == ["CREATED"] * 5
    assert client.get("/v1/taxonomy/changes", params={"since": 5}).status_code == 400
    stats = client.get("/v1/taxonomy/stats").json()
    assert stats["relations"]["substitutes"] == 8324


def test_openapi_and_api_info(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/v1/concepts/{concept_id}" in spec["paths"]
    assert client.get("/v1/api-info").json()["name"] == "Samskapa"
    assert client.get("/healthz").json()["status"] == "ok"


def test_dump_endpoints_serve_parseable_files(mini_client: TestClient) -> None:
    from rdflib import RDF, SKOS, Graph

    turtle = mini_client.get("/v1/taxonomy/1.ttl")
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    concepts = len(set(graph.subjects(RDF.type, SKOS.Concept)))
    stats = mini_client.get("/v1/taxonomy/stats").json()
    assert concepts == sum(row["count"] for row in stats["concepts"] if row["status"] != "referenced")
    ranged = mini_client.get("/v1/taxonomy/1.ttl", headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206
    assert len(ranged.content) == 100
    assert mini_client.get("/v1/taxonomy/7.ttl").status_code == 404


def test_a_new_version_replaces_cached_concepts(
    mini_engine: Engine, mini_sources: Path, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=mini_engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path / "data",
        version_recheck_seconds=0,
    )
    with TestClient(create_app(settings)) as http:
        ids = modify_sources(mini_sources, tmp_path / "v2")
        before = http.get(f"/v1/concepts/{ids['renamed']}", params={"lang": "en"})
        assert before.json()["version"] == 1
        with session_scope(create_session_factory(mini_engine)) as session:
            assert load_taxonomy(session, source_dir=tmp_path / "v2").version == 2
        after = http.get(
            f"/v1/concepts/{ids['renamed']}",
            params={"lang": "en"},
            headers={"If-None-Match": before.headers["etag"]},
        )
        assert after.status_code == 200
        assert after.json()["labels"]["en"]["pref"] == "renamed occupation for the test"
        assert after.json()["version"] == 2
        suggestions = http.get("/v1/suggest", params={"q": "renamed occupation"}).json()["items"]
        assert [item["id"] for item in suggestions][:1] == [ids["renamed"]]


def test_interactive_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
