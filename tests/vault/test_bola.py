"""Broken object-level authorisation: no route lets one person (or one service) reach another's data.

The routes are enumerated from the app, so routes added later are covered too: every route under /v1/me,
/v1/people and /me with an id in its path is called as citizen B with citizen A's ids, and must fail without
changing anything of A's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from samskapa.accounts.oauth import tokens
from samskapa.core.db import session_scope
from samskapa.vault import service
from samskapa.vault.vocabulary import CATEGORIES
from tests.databases import DatabaseFactory
from tests.vault.test_api import (
    Citizen,
    World,
    app_routes,
    authorise,
    fill_profile,
    make_world,
    register_service,
    sign_in,
)

PARAMETER = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
# What we know exists today; the test must cover at least these (so it cannot pass vacuously).
KNOWN = {
    ("PUT", "/v1/me/profile/items/{item_id}"),
    ("DELETE", "/v1/me/profile/items/{item_id}"),
    ("DELETE", "/v1/me/credentials/{item_id}"),
    ("GET", "/v1/me/authorisations/{authorisation_id}"),
    ("POST", "/v1/me/authorisations/{authorisation_id}/withdraw"),
    ("GET", "/v1/me/authorisations/{authorisation_id}/receipt"),
    ("GET", "/v1/me/authorisations/{authorisation_id}/record"),
    ("GET", "/v1/people/{subject}/profile"),
    ("GET", "/v1/people/{subject}/credentials"),
}


@pytest.fixture(scope="module")
def world(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    made = make_world(databases, mini_sources, tmp_path_factory.mktemp("vault-bola"), "vault-bola")
    with TestClient(made.app):
        yield made


def snapshot(world: World, citizen: Citizen) -> dict[str, Any]:
    """Everything of A's that a request could change (the access log aside: denials are logged)."""
    keys = service.vault_keys(world.keys)
    with session_scope(world.factory) as session:
        items = service.my_items(session, person_id=citizen.person_id, categories=CATEGORIES, keys=keys)
        authorisations = service.my_authorisations(session, person_id=citizen.person_id)
        return {
            "items": {c: [i.model_dump(mode="json") for i in found] for c, found in items.items()},
            "authorisations": [(a.id, a.state, len(a.events)) for a in authorisations],
            "restricted": service.is_restricted(session, person_id=citizen.person_id),
        }


def _values(name: str, ids: dict[str, list[str]]) -> list[str]:
    if name in {"category"}:
        return ["skills", "education"]
    if "authorisation" in name:
        return ids["authorisation"]
    if name == "subject":
        return ids["subject"]
    if "request" in name:
        return ids["request"]
    return ids["item"] + ids["authorisation"]  # any other id: try all of A's


def _fill(path: str, name: str, value: str) -> str:
    """`path` with `value` for the parameter `name` and a harmless value for any other."""

    def one(match: re.Match[str]) -> str:
        return value if match.group(1) == name else "skills"

    return PARAMETER.sub(one, path)


def _body(path: str, csrf: str) -> dict[str, Any]:
    if path.startswith("/v1/"):
        return {"json": {"title": "B was here", "start": "2020-01-01"}}
    return {
        "data": {"csrf_token": csrf, "title": "B was here", "decision": "approve", "categories": "skills"}
    }


def test_citizen_b_cannot_reach_citizen_as_objects(world: World) -> None:
    alice, bob = sign_in(world, "Alice"), sign_in(world, "Bob")
    items = fill_profile(world, alice)
    fill_profile(world, bob)
    svc = register_service(world)
    alice_grant = authorise(world, alice, svc, ("skills", "education", "credentials"))
    bob_grant = authorise(world, bob, svc, ("skills", "education", "credentials"))
    pending = alice.client.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": svc.client_id,
            "redirect_uri": "https://service.example/callback",
            "scope": "vault.skills",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge_method": "S256",
        },
    )
    assert pending.status_code == 303
    ids = {
        "item": list(items.values()),
        "authorisation": [alice_grant.authorisation_id],
        "subject": [alice_grant.subject],
        "request": [pending.headers["location"].rstrip("/").rsplit("/", 1)[-1]],
    }
    before = snapshot(world, alice)
    covered: set[tuple[str, str]] = set()
    for method, path in app_routes(world.app, "/v1/me", "/v1/people", "/me"):
        names = PARAMETER.findall(path)
        if not names or names == ["category"]:
            continue  # no object of anyone's is named
        for name in names:
            for value in _values(name, ids):
                url = _fill(path, name, value)
                headers = {**bob.headers}
                if path.startswith("/v1/people/"):
                    headers["Authorization"] = f"Bearer {bob_grant.token}"
                answer = bob.client.request(method, url, headers=headers, **_body(path, bob.csrf))
                assert answer.status_code in {401, 403, 404}, (method, url, answer.status_code, answer.text)
                assert "Svets" not in answer.text, (method, url)
        covered.add((method, path))
    assert covered >= KNOWN, KNOWN - covered
    assert snapshot(world, alice) == before
    # A's data is still A's to read and the service's to read under A's own authorisation
    assert alice.client.get(f"/v1/me/authorisations/{alice_grant.authorisation_id}").status_code == 200
    released = TestClient(world.app).get(
        f"/v1/people/{alice_grant.subject}/profile",
        headers={"Authorization": f"Bearer {alice_grant.token}"},
    )
    assert released.status_code == 200


def test_a_token_for_b_on_as_pairwise_id_is_refused_and_logged(world: World) -> None:
    alice, bob = sign_in(world, "Alice"), sign_in(world, "Bob")
    fill_profile(world, alice)
    svc = register_service(world)
    alice_grant = authorise(world, alice, svc, ("skills",))
    bob_grant = authorise(world, bob, svc, ("skills",))
    refused = TestClient(world.app).get(
        f"/v1/people/{alice_grant.subject}/profile",
        headers={"Authorization": f"Bearer {bob_grant.token}"},
    )
    assert refused.status_code == 403
    assert refused.json()["reason"] == "wrong_subject"
    assert "Svets" not in refused.text
    bob_log = bob.client.get("/v1/me/access-log").json()["entries"]
    assert [(e["outcome"], e["reason"]) for e in bob_log] == [("denied", "wrong_subject")]
    assert alice.client.get("/v1/me/access-log").json()["entries"] == []


def test_a_token_of_client_x_for_an_authorisation_of_client_y_is_refused(world: World) -> None:
    alice = sign_in(world, "Alice")
    fill_profile(world, alice)
    x, y = register_service(world), register_service(world)
    for_y = authorise(world, alice, y, ("skills",))
    forged = tokens.issue_access_token(
        keys=world.keys,
        settings=world.settings,
        client_id=x.client_id,
        organisation_id=x.organisation_id,
        subject=for_y.subject,
        scopes=["vault.skills"],
        authorisation_id=for_y.authorisation_id,
    )
    refused = TestClient(world.app).get(
        f"/v1/people/{for_y.subject}/profile", headers={"Authorization": f"Bearer {forged.token}"}
    )
    assert refused.status_code == 403
    assert refused.json()["reason"] == "wrong_client"
    assert "Svets" not in refused.text
    log = alice.client.get("/v1/me/access-log").json()["entries"]
    assert [(e["accessor"], e["outcome"], e["reason"]) for e in log] == [
        (x.client_id, "denied", "wrong_client")
    ]
    # and a token of a client for a person-less grant (client credentials) reads nobody
    anonymous = tokens.issue_access_token(
        keys=world.keys,
        settings=world.settings,
        client_id=x.client_id,
        organisation_id=x.organisation_id,
        subject=for_y.subject,
        scopes=["vault.skills"],
        authorisation_id=None,
    )
    nobody = TestClient(world.app).get(
        f"/v1/people/{for_y.subject}/profile", headers={"Authorization": f"Bearer {anonymous.token}"}
    )
    assert nobody.status_code == 403, nobody.text
    assert "Svets" not in nobody.text
