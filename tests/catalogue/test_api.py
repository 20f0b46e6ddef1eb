"""The /v1 catalogue API: keys, scopes, ownership, rate limits, validation, search, facets and cursors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.catalogue.conftest import Keys
from tests.catalogue.factories import dataset, dataset_input, organisation


def _body(**overrides: Any) -> dict[str, Any]:
    return dataset_input(**overrides).model_dump(mode="json")


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_publish_read_change_and_withdraw(api: TestClient, keys: Keys) -> None:
    created = api.post("/v1/datasets", json=_body(name="my-data"), headers=_auth(keys.editor))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["publisher"]["name"] == keys.org_name
    assert body["distributions"][0]["media_type"] == "text/csv"
    assert created.headers["location"] == f"/v1/datasets/{body['id']}"
    assert "RateLimit-Policy" in created.headers
    read = api.get("/v1/datasets/my-data")
    assert read.json()["id"] == body["id"]
    assert read.json()["usage"]["api_calls"] == 1
    changed = api.put(
        "/v1/datasets/my-data",
        json=_body(name="my-data", title_en="Renamed"),
        headers={**_auth(keys.editor), "If-Match": read.headers["etag"]},
    )
    assert changed.status_code == 200
    assert changed.json()["title_en"] == "Renamed"
    assert changed.json()["modified"] > body["modified"]
    stale = api.put(
        "/v1/datasets/my-data",
        json=_body(name="my-data"),
        headers={**_auth(keys.editor), "If-Match": read.headers["etag"]},
    )
    assert stale.status_code == 412
    gone = api.delete("/v1/datasets/my-data", headers=_auth(keys.editor))
    assert gone.json()["state"] == "withdrawn"
    assert api.get("/v1/datasets/my-data").json()["state"] == "withdrawn", "a tombstone, not a deletion"
    assert api.get("/v1/datasets", params={"q": "Renamed"}).json()["count"] == 0


WRITES = [
    ("post", "/v1/datasets"),
    ("put", "/v1/datasets/{name}"),
    ("delete", "/v1/datasets/{name}"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_every_write_route_checks_key_scope_owner_and_limit(
    api: TestClient, keys: Keys, session: Session, method: str, path: str
) -> None:
    owned = dataset(session, organisation(session, name=None))
    mine = api.post("/v1/datasets", json=_body(), headers=_auth(keys.editor)).json()
    url = path.format(name=mine["name"])
    payload = {"json": _body(name=mine["name"])} if method != "delete" else {}

    def call(headers: dict[str, str], target: str = url) -> Any:
        return getattr(api, method)(target, headers=headers, **payload)

    missing = call({})
    assert missing.status_code == 401
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert call(_auth(keys.revoked)).status_code == 401
    assert call(_auth("smk_not-a-key")).status_code == 401
    no_scope = call(_auth(keys.read_only))
    assert no_scope.status_code == 403
    assert no_scope.json()["code"] == "missing_scope"
    if method != "post":
        other = call(_auth(keys.editor), path.format(name=owned.name))
        assert other.status_code == 403
        assert other.json()["code"] == "not_your_organisation"
        assert call(_auth(keys.other_org)).status_code == 403
    first, second, third = (call(_auth(keys.slow)) for _ in range(3))
    assert first.status_code < 400 or first.status_code == 409
    assert third.status_code == 429
    assert third.headers["retry-after"].isdigit()
    assert third.headers["ratelimit-policy"] == '"per-minute";q=2;w=60'
    assert third.headers["ratelimit"].startswith('"per-minute";r=0;')
    del second


def test_bad_input_lists_every_field(api: TestClient, keys: Keys) -> None:
    body = _body(
        themes=["EDUC", "NOPE"], concepts=["ssyk:9999"], spatial=["ssyk:2512"], frequency="SOMETIMES"
    )
    body["distributions"][0]["format"] = "DOCX"
    response = api.post("/v1/datasets", json=body, headers=_auth(keys.editor))
    assert response.status_code == 400, response.text
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"themes", "concepts", "spatial", "frequency", "distributions[0].format"}
    malformed = api.post("/v1/datasets", json={"title_sv": ""}, headers=_auth(keys.editor))
    assert malformed.status_code == 400
    assert "title_en" in {error["field"] for error in malformed.json()["errors"]}


def test_search_filters_facets_and_cursors(api: TestClient, session: Session) -> None:
    owner = organisation(session, name="facet-owner")
    other = organisation(session, name="facet-other")
    for number in range(7):
        dataset(session, owner, title_en=f"Nursing staff {number}", themes=["HEAL"], concepts=["ssyk:2221"])
    dataset(session, other, title_en="Nursing schools", themes=["EDUC"])
    body = api.get("/v1/datasets", params={"q": "nursing", "limit": 3}).json()
    assert body["count"] == 8
    publishers = {f["value"]: f["count"] for f in body["facets"]["publisher"]}
    assert publishers == {"facet-owner": 7, "facet-other": 1}
    seen = [item["id"] for item in body["items"]]
    while body["next"]:
        body = api.get("/v1/datasets", params={"q": "nursing", "limit": 3, "cursor": body["next"]}).json()
        seen.extend(item["id"] for item in body["items"])
    assert len(seen) == len(set(seen)) == 8
    filtered = api.get(
        "/v1/datasets", params={"q": "nursing", "theme": "HEAL", "publisher": "facet-owner"}
    ).json()
    assert filtered["count"] == 7
    by_concept = api.get("/v1/datasets", params={"concept": "ssyk:2221"}).json()
    assert by_concept["count"] >= 7


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"theme": "NOPE"}, "theme"),
        ({"publisher": "nobody"}, "publisher"),
        ({"concept": "ssyk:9999"}, "concept"),
        ({"format": "DOCX"}, "format"),
        ({"sort": "size"}, None),
        ({"colour": "red"}, None),
    ],
)
def test_unknown_filter_values_are_errors_not_empty_answers(
    api: TestClient, params: dict[str, str], field: str | None
) -> None:
    response = api.get("/v1/datasets", params=params)
    assert response.status_code == 400
    assert response.json()["hint"]
    if field:
        assert response.json()["errors"][0]["field"] == field


def _service_body(name: str, serves: list[str]) -> dict[str, Any]:
    return {
        "name": name, "title_sv": "Ett API", "title_en": "An API", "endpoint_url": "https://api.example.org/v1",
        "endpoint_description": "https://api.example.org/openapi.json", "serves": serves,
        "licence": "http://creativecommons.org/licenses/by/4.0/",
    }  # fmt: skip


def test_data_services_publish_change_and_withdraw(api: TestClient, keys: Keys) -> None:
    served = api.post("/v1/datasets", json=_body(), headers=_auth(keys.editor)).json()
    created = api.post(
        "/v1/data-services", json=_service_body("my-api", [served["name"]]), headers=_auth(keys.editor)
    )
    assert created.status_code == 201, created.text
    assert created.json()["serves"] == [served["id"]]
    assert api.get("/v1/data-services/my-api").json()["publisher"]["name"] == keys.org_name
    again = api.post("/v1/data-services", json=_service_body("my-api", []), headers=_auth(keys.editor))
    assert again.status_code == 409
    changed = api.put(
        "/v1/data-services/my-api", json=_service_body("my-api", []), headers=_auth(keys.editor)
    )
    assert changed.json()["serves"] == []
    withdrawn = api.delete("/v1/data-services/my-api", headers=_auth(keys.editor))
    assert withdrawn.json()["state"] == "withdrawn"
    assert "my-api" not in [item["name"] for item in api.get("/v1/data-services").json()]
    assert api.get("/v1/data-services/nope").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_every_data_service_write_route_checks_key_scope_and_owner(
    api: TestClient, keys: Keys, method: str
) -> None:
    theirs = api.post("/v1/data-services", json=_service_body("their-api", []), headers=_auth(keys.other_org))
    assert theirs.status_code == 201
    url = "/v1/data-services" if method == "post" else "/v1/data-services/their-api"
    payload = (
        {"json": _service_body("their-api" if method != "post" else "new-api", [])}
        if method != "delete"
        else {}
    )

    def call(key: str | None) -> Any:
        return getattr(api, method)(url, headers=_auth(key) if key else {}, **payload)

    assert call(None).status_code == 401
    assert call(keys.revoked).status_code == 401
    assert call(keys.read_only).status_code == 403
    if method != "post":
        refused = call(keys.editor)
        assert refused.status_code == 403
        assert refused.json()["code"] == "not_your_organisation"
