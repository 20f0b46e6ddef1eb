"""The vault's HTTP API: the citizen's own /v1/me routes and the services' /v1/people routes.

One app per module over a fresh migrated database with the mini taxonomy. People sign in through /login;
services get their access tokens through the real OAuth flow (/oauth/authorize, the vault authorisation
with `approve_request`, /oauth/token).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.keys import PlatformKeys
from samskapa.main import create_app
from samskapa.taxonomy.models import Concept
from samskapa.vault import api as vault_api
from samskapa.vault import service
from samskapa.vault.credentials import did_key_from_public_key, sign_credential
from samskapa.vault.service import GrantRequest
from samskapa.web.deps import SESSION_COOKIE
from tests.databases import DatabaseFactory
from tests.vault.conftest import make_person

PASSWORD = "correct horse battery staple"
LOGIN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REDIRECT_URI = "https://service.example/callback"
ISSUER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
STRANGER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


# --- the world: an app over a fresh database ---------------------------------------------------------------


@dataclass(frozen=True)
class World:
    app: FastAPI
    factory: sessionmaker[Session]
    settings: Settings
    skill: str  # a skill concept of the mini taxonomy

    @property
    def keys(self) -> PlatformKeys:
        keys: PlatformKeys = self.app.state.keys
        return keys


def _did(key: Ed25519PrivateKey) -> tuple[str, str]:
    did = did_key_from_public_key(key.public_key())
    return did, f"{did}#{did.removeprefix('did:key:')}"


def make_world(databases: DatabaseFactory, mini_sources: Path, directory: Path, name: str) -> World:
    engine = databases.migrated_engine(name, mini_sources)
    factory = create_session_factory(engine)
    with session_scope(factory) as session:
        skill = session.execute(select(Concept.id).where(Concept.type == "skill").limit(1)).scalar_one()
    trusted, _ = _did(ISSUER_KEY)
    trust_list = directory / "trust-list.json"
    trust_list.write_text(json.dumps({trusted: [trusted]}), encoding="utf-8")
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=directory,
        environment="test",
        vault_trust_list=str(trust_list),
    )
    return World(app=create_app(settings), factory=factory, settings=settings, skill=skill)


@pytest.fixture(scope="module")
def world(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    made = make_world(databases, mini_sources, tmp_path_factory.mktemp("vault-api"), "vault-api")
    with TestClient(made.app):  # runs the lifespan once
        yield made


# --- people ------------------------------------------------------------------------------------------------


@dataclass
class Citizen:
    client: TestClient
    person_id: str
    csrf: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}


def sign_in(world: World, name: str = "Test Person") -> Citizen:
    with session_scope(world.factory) as session:
        person = make_person(session, name)
        accounts.set_password(session, email=person.email, password=PASSWORD)
        person_id, email = person.id, person.email
    client = TestClient(world.app, follow_redirects=False)
    form = client.get("/login")
    found = LOGIN_CSRF.search(form.text)
    assert found is not None
    signed = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": found.group(1)})
    assert signed.status_code == 303, signed.text
    me = client.get("/v1/me/session")
    assert me.status_code == 200
    return Citizen(client=client, person_id=person_id, csrf=me.json()["csrf_token"])


def s256(verifier: str) -> str:
    """The PKCE S256 code challenge of `verifier` (RFC 7636 §4.2)."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


# --- services and their tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    client_id: str
    secret: str
    organisation_id: str
    name: str


def register_service(
    world: World,
    *,
    categories: tuple[str, ...] = ("skills", "education", "experience", "credentials"),
    purpose: str = "career-guidance",
    email: str | None = "dataskydd@service.example",
) -> Service:
    number = uuid.uuid4().hex[:8]
    with session_scope(world.factory) as session:
        organisation = accounts.create_organisation(
            session,
            name=f"service-{number}",
            type_="company",
            title_sv=f"Tjänsteföretaget {number}",
            title_en=f"Service company {number}",
            email=email,
        )
        client, secret = oauth.register_client(
            session,
            organisation=organisation,
            name=f"Karriärtjänsten {number}",
            redirect_uris=[REDIRECT_URI],
            purpose=purpose,
            categories=list(categories),
            retention_days=30,
            confidential=True,
        )
        assert secret is not None
        return Service(client_id=client.id, secret=secret, organisation_id=organisation.id, name=client.name)


@dataclass(frozen=True)
class Grant:
    token: str
    subject: str
    authorisation_id: str


def authorise(world: World, citizen: Citizen, svc: Service, categories: tuple[str, ...]) -> Grant:
    """The person approves `categories` for the service; the service swaps the code for a token."""
    verifier = secrets.token_urlsafe(48)
    asked = citizen.client.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": svc.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": " ".join(f"vault.{c}" for c in categories),
            "state": "xyz",
            "code_challenge": s256(verifier),
            "code_challenge_method": "S256",
        },
    )
    assert asked.status_code == 303, asked.text
    request_id = asked.headers["location"].rstrip("/").rsplit("/", 1)[-1]
    with session_scope(world.factory) as session:
        pending = oauth.pending_request(session, request_id=request_id, person_id=citizen.person_id)
        subject = oauth.pairwise_subject(
            world.keys, organisation_id=svc.organisation_id, person_id=citizen.person_id
        )
        authorisation = service.grant(
            session,
            request=GrantRequest(
                person_id=citizen.person_id,
                subject=subject,
                client_id=svc.client_id,
                client_name=pending.client_name,
                organisation_id=pending.organisation_id,
                organisation_name=pending.organisation_name,
                kind="consent",
                purposes=(pending.purpose,),
                categories=categories,
                operations=("read",),
                recipients=(pending.organisation_name,),
                retention_days=pending.retention_days,
                valid_days=90,
                notice_id=world.settings.base_url + "/privacy",
                notice_version="1",
                notice_language="sv",
                notice_text="Vi läser dina uppgifter för att ge dig karriärvägledning.",
                withdrawal_method="/me/authorisations",
            ),
            keys=service.vault_keys(world.keys),
        )
        back = oauth.approve_request(
            session,
            request_id=request_id,
            person_id=citizen.person_id,
            authorisation_id=authorisation.id,
            categories=list(categories),
            keys=world.keys,
            settings=world.settings,
        )
        authorisation_id = authorisation.id
    code = parse_qs(urlsplit(back).query)["code"][0]
    issued = TestClient(world.app).post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(svc.client_id, svc.secret),
    )
    assert issued.status_code == 200, issued.text
    return Grant(token=issued.json()["access_token"], subject=subject, authorisation_id=authorisation_id)


def read(world: World, grant: Grant, what: str = "profile", **params: str) -> Any:
    return TestClient(world.app).get(
        f"/v1/people/{grant.subject}/{what}",
        params=params,
        headers={"Authorization": f"Bearer {grant.token}"},
    )


# --- data ------------------------------------------------------------------------------------------------


def credential(key: Ed25519PrivateKey = ISSUER_KEY, *, course: str = "Svetsning 1") -> dict[str, Any]:
    did, method = _did(key)
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "CourseCredential"],
        "issuer": did,
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2099-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "course": {"name": course, "credits": 7.5}},
    }
    return sign_credential(
        document,
        private_key=key,
        verification_method=method,
        cryptosuite="eddsa-jcs-2022",
        created=datetime(2025, 1, 2, tzinfo=UTC),
    )


def add(citizen: Citizen, category: str, body: dict[str, Any]) -> dict[str, Any]:
    response = citizen.client.post(f"/v1/me/profile/{category}", json=body, headers=citizen.headers)
    assert response.status_code == 201, response.text
    item: dict[str, Any] = response.json()
    return item


def fill_profile(world: World, citizen: Citizen) -> dict[str, str]:
    """One item of every category; returns their ids by category."""
    ids = {
        "skills": add(citizen, "skills", {"concept_id": world.skill, "level": "advanced"})["id"],
        "education": add(citizen, "education", {"title": "Svetsteknik", "credits": 30, "credit_unit": "hp"})[
            "id"
        ],
        "experience": add(
            citizen, "experience", {"title": "Svetsare", "employer": "Verkstan AB", "start": "2019-01-01"}
        )["id"],
    }
    imported = citizen.client.post("/v1/me/credentials", json=credential(), headers=citizen.headers)
    assert imported.status_code == 201, imported.text
    ids["credentials"] = imported.json()["id"]
    return ids


def app_routes(app: FastAPI, *prefixes: str) -> list[tuple[str, str]]:
    """(method, path) of every route of the app under `prefixes`, included routers too."""
    found: list[tuple[str, str]] = []
    for context in iter_route_contexts(app.routes):
        path = context.path or ""
        if path.startswith(prefixes) and (
            path in prefixes or path.startswith(tuple(p + "/" for p in prefixes))
        ):
            found.extend(
                (method, path) for method in sorted((context.methods or set()) - {"HEAD", "OPTIONS"})
            )
    return found


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


# --- the person's own API ----------------------------------------------------------------------------------


def test_the_profile_is_the_owners_to_add_change_and_remove(world: World) -> None:
    ada = sign_in(world, "Ada")
    skill = add(ada, "skills", {"concept_id": world.skill, "level": "advanced"})
    assert skill["content"]["concept_id"] == world.skill
    assert skill["content"]["concept_labels"]
    assert set(skill["content"]["concept_labels"]) <= {"sv", "en"}
    education = add(ada, "education", {"title": "Svetsteknik", "credits": 30, "credit_unit": "hp"})
    add(ada, "experience", {"title": "Svetsare", "start": "2019-01-01", "end": "2021-06-30"})

    profile = ada.client.get("/v1/me/profile")
    assert profile.status_code == 200
    assert {key: len(items) for key, items in profile.json().items()} == {
        "skills": 1,
        "education": 1,
        "experience": 1,
    }

    changed = ada.client.put(
        f"/v1/me/profile/items/{education['id']}",
        json={"title": "Svetsteknik fördjupning", "credits": 45, "credit_unit": "hp"},
        headers=ada.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["content"]["title"] == "Svetsteknik fördjupning"

    removed = ada.client.delete(f"/v1/me/profile/items/{skill['id']}", headers=ada.headers)
    assert removed.status_code == 204
    again = ada.client.delete(f"/v1/me/profile/items/{skill['id']}", headers=ada.headers)
    problem(again, 404)
    after = ada.client.get("/v1/me/profile").json()
    assert after["skills"] == []
    assert after["education"][0]["content"]["title"] == "Svetsteknik fördjupning"


@pytest.mark.parametrize(
    ("category", "body", "field"),
    [
        ("experience", {"title": "x", "start": "2020-01-01", "end": "2019-01-01"}, "end must not be before"),
        ("education", {"provider": "KTH"}, "title"),
        ("education", {"title": "x", "credits": -1}, "credits"),
        ("skills", {"concept_id": "no-such-concept"}, "concept_id"),
        ("skills", {"concept_id": "x", "colour": "blue"}, "colour"),
        ("experience", {"title": "x", "start": "not a date"}, "start"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(
    world: World, category: str, body: dict[str, Any], field: str
) -> None:
    ada = sign_in(world)
    refused = problem(ada.client.post(f"/v1/me/profile/{category}", json=body, headers=ada.headers), 400)
    named = " ".join(f"{e['field']} {e['message']}" for e in refused["errors"])
    assert field in named


def test_bodies_that_are_not_items_are_400(world: World) -> None:
    ada = sign_in(world)
    for body in ([1, 2], "text", None):
        problem(ada.client.post("/v1/me/profile/education", json=body, headers=ada.headers), 400)
    problem(ada.client.post("/v1/me/profile/hobbies", json={"title": "x"}, headers=ada.headers), 400)
    broken = ada.client.post(
        "/v1/me/profile/education",
        content=b"{not json",
        headers={**ada.headers, "Content-Type": "application/json"},
    )
    problem(broken, 400)
    problem(ada.client.put("/v1/me/restriction", json={"restricted": "maybe"}, headers=ada.headers), 400)
    problem(ada.client.put("/v1/me/restriction", json={}, headers=ada.headers), 400)
    problem(ada.client.get("/v1/me/access-log", params={"limit": 0}), 400)
    problem(ada.client.get("/v1/me/access-log", params={"page": 2}), 400)


STATE_CHANGING = [
    ("POST", "/v1/me/profile/education", {"title": "x"}),
    ("PUT", "/v1/me/profile/items/{item}", {"title": "x"}),
    ("DELETE", "/v1/me/profile/items/{item}", None),
    ("POST", "/v1/me/credentials", "credential"),
    ("DELETE", "/v1/me/credentials/{credential}", None),
    ("POST", "/v1/me/authorisations/{authorisation}/withdraw", None),
    ("PUT", "/v1/me/restriction", {"restricted": True}),
    ("POST", "/v1/me/erasure", {"confirm": "ERASE"}),
]


def test_state_changes_need_the_sessions_csrf_token(world: World) -> None:
    ada = sign_in(world)
    item = add(ada, "education", {"title": "Svetsteknik"})["id"]
    ids = fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills",))
    values = {"item": item, "credential": ids["credentials"], "authorisation": grant.authorisation_id}
    for method, path, body in STATE_CHANGING:
        url = path.format(**values)
        payload = credential() if body == "credential" else body
        for headers in ({}, {"X-CSRF-Token": "not-the-token"}, {"X-CSRF-Token": ""}):
            refused = ada.client.request(method, url, json=payload, headers=headers)
            assert problem(refused, 403)["code"] == "csrf_token_invalid", (method, url)
    # nothing changed
    profile = ada.client.get("/v1/me/profile").json()
    assert [i["id"] for i in profile["education"]] == [item, ids["education"]]
    assert ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}").json()["state"] == "given"
    assert ada.client.get("/v1/me/session").status_code == 200


def test_signed_out_is_401_on_every_me_route(world: World) -> None:
    stranger = TestClient(world.app)
    seen = 0
    for method, path in app_routes(world.app, "/v1/me"):
        url = re.sub(r"\{[^}]+\}", "skills", path)
        refused = stranger.request(method, url, json={})
        assert refused.status_code == 401, (method, url, refused.text)
        seen += 1
    assert seen >= 17
    # a forged or expired cookie is no better
    forged = TestClient(world.app, cookies={SESSION_COOKIE: "forged"})
    assert forged.get("/v1/me/profile").status_code == 401


def test_credentials_are_verified_and_kept_with_their_status(world: World) -> None:
    ada = sign_in(world)
    valid = ada.client.post("/v1/me/credentials", json=credential(), headers=ada.headers)
    assert valid.status_code == 201, valid.text
    assert valid.json()["status"] == "valid"
    assert valid.json()["types"] == ["VerifiableCredential", "CourseCredential"]

    untrusted = ada.client.post(
        "/v1/me/credentials", json=credential(STRANGER_KEY, course="Okänd kurs"), headers=ada.headers
    )
    assert untrusted.status_code == 201, untrusted.text
    assert untrusted.json()["status"] == "untrusted"
    assert untrusted.json()["reasons"]

    tampered = credential()
    tampered["credentialSubject"]["course"]["credits"] = 300
    refused = problem(ada.client.post("/v1/me/credentials", json=tampered, headers=ada.headers), 400)
    assert refused["code"] == "credential_invalid"
    assert refused["reasons"]
    assert refused["errors"][0]["field"] == "credential"

    huge = credential()
    huge["credentialSubject"]["note"] = "x" * 300_000
    problem(ada.client.post("/v1/me/credentials", json=huge, headers=ada.headers), 413)
    unreadable = ada.client.post(
        "/v1/me/credentials",
        content=b"\xff\xfe not json",
        headers={**ada.headers, "Content-Type": "application/json"},
    )
    problem(unreadable, 400)

    mine = ada.client.get("/v1/me/credentials").json()
    assert sorted(c["status"] for c in mine) == ["untrusted", "valid"]
    assert mine[0]["credential"]["credentialSubject"]["course"]["name"] == "Svetsning 1"

    # a credential is not a profile item, and a profile item is not a credential
    profile_item = add(ada, "education", {"title": "Svetsteknik"})["id"]
    problem(ada.client.delete(f"/v1/me/credentials/{profile_item}", headers=ada.headers), 404)
    problem(ada.client.delete(f"/v1/me/profile/items/{mine[0]['id']}", headers=ada.headers), 404)
    problem(
        ada.client.put(f"/v1/me/profile/items/{mine[0]['id']}", json={"title": "x"}, headers=ada.headers),
        404,
    )
    assert ada.client.delete(f"/v1/me/credentials/{mine[0]['id']}", headers=ada.headers).status_code == 204
    assert len(ada.client.get("/v1/me/credentials").json()) == 1


def test_authorisations_receipts_and_records(world: World) -> None:
    ada = sign_in(world)
    svc = register_service(world)
    grant = authorise(world, ada, svc, ("skills", "education"))

    listed = ada.client.get("/v1/me/authorisations").json()
    assert [a["id"] for a in listed] == [grant.authorisation_id]
    one = ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}").json()
    assert one["categories"] == ["skills", "education"]
    assert one["client_id"] == svc.client_id
    assert [e["event"] for e in one["events"]] == ["given"]

    receipt = ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}/receipt")
    assert receipt.status_code == 200
    kantara = receipt.json()
    assert kantara["version"] == "KI-CR-v1.1.0"
    assert kantara["policyUrl"] == world.settings.base_url + "/privacy"
    assert kantara["piiControllers"][0]["email"] == "dataskydd@service.example"
    assert kantara["services"][0]["purposes"][0]["purpose"] == "Studie- och yrkesvägledning"
    english = ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}/receipt", params={"lang": "en"})
    assert english.json()["services"][0]["purposes"][0]["purpose"] == "Career guidance"

    record = ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}/record")
    assert record.status_code == 200
    assert record.headers["content-type"].startswith("application/ld+json")
    assert "@context" in record.json()

    withdrawn = ada.client.post(
        f"/v1/me/authorisations/{grant.authorisation_id}/withdraw", headers=ada.headers
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["state"] == "withdrawn"
    assert [e["event"] for e in withdrawn.json()["events"]] == ["given", "withdrawn"]
    again = ada.client.post(f"/v1/me/authorisations/{grant.authorisation_id}/withdraw", headers=ada.headers)
    assert problem(again, 409)["code"] == "illegal_transition"
    problem(ada.client.get(f"/v1/me/authorisations/{uuid.uuid4()}"), 404)


def test_a_controller_without_email_gets_a_placeholder(world: World) -> None:
    ada = sign_in(world)
    grant = authorise(world, ada, register_service(world, email=None), ("skills",))
    kantara = ada.client.get(f"/v1/me/authorisations/{grant.authorisation_id}/receipt").json()
    assert kantara["piiControllers"][0]["email"].endswith("@invalid")


def test_the_access_log_pages_newest_first(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills",))
    for _ in range(3):
        assert read(world, grant).status_code == 200
    first = ada.client.get("/v1/me/access-log", params={"limit": 2}).json()
    assert len(first["entries"]) == 2
    assert first["entries"][0]["seq"] > first["entries"][1]["seq"]
    assert first["next_before"] == first["entries"][1]["seq"]
    rest = ada.client.get("/v1/me/access-log", params={"limit": 2, "before": first["next_before"]}).json()
    assert len(rest["entries"]) == 1
    assert rest["next_before"] is None
    assert rest["entries"][0]["seq"] < first["entries"][1]["seq"]


def test_export_is_a_download_and_is_logged(world: World) -> None:
    ada = sign_in(world)
    ids = fill_profile(world, ada)
    authorise(world, ada, register_service(world), ("skills",))
    exported = ada.client.get("/v1/me/export")
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith("attachment; filename=")
    assert exported.headers["cache-control"] == "no-store"
    document = exported.json()
    assert document["person_id"] == ada.person_id
    assert document["profile"]["skills"][0]["id"] == ids["skills"]
    assert document["credentials"][0]["id"] == ids["credentials"]
    assert len(document["authorisations"]) == 1
    log = ada.client.get("/v1/me/access-log").json()["entries"]
    assert log[0]["reason"] == "own_export"


# --- the services' API -------------------------------------------------------------------------------------


def test_a_service_reads_only_what_was_granted(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    svc = register_service(world)
    grant = authorise(world, ada, svc, ("skills", "education"))

    allowed = read(world, grant)
    assert allowed.status_code == 200, allowed.text
    assert allowed.headers["content-type"] == "application/json"
    body = allowed.json()
    assert set(body["categories"]) == {"skills", "education"}
    assert body["subject"] == grant.subject
    assert body["purpose"] == "career-guidance"
    assert "Svetsare" not in allowed.text  # experience was not granted

    only_education = read(world, grant, categories="education").json()
    assert set(only_education["categories"]) == {"education"}

    outside = read(world, grant, categories="skills,experience")
    refused = problem(outside, 403)
    assert refused["code"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in outside.headers["www-authenticate"]
    assert "vault.experience" in outside.headers["www-authenticate"]
    assert problem(read(world, grant, "credentials"), 403)["code"] == "insufficient_scope"
    assert problem(read(world, grant, categories="hobbies"), 400)["errors"][0]["field"] == "categories"

    other_purpose = problem(read(world, grant, purpose="job-matching"), 403)
    assert other_purpose["reason"] == "purpose_not_granted"

    log = ada.client.get("/v1/me/access-log").json()["entries"]
    assert [(e["outcome"], e["reason"]) for e in log] == [
        ("denied", "purpose_not_granted"),
        ("released", "released"),
        ("released", "released"),
    ]
    assert log[1]["categories"] == ["education"]
    assert log[1]["accessor"] == svc.client_id
    assert log[1]["accessor_name"] == svc.name


def test_credentials_are_read_under_their_own_scope(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("credentials",))
    released = read(world, grant, "credentials")
    assert released.status_code == 200, released.text
    assert list(released.json()["categories"]) == ["credentials"]
    assert released.json()["categories"]["credentials"][0]["content"]["verification"]["status"] == "valid"
    assert problem(read(world, grant), 403)["code"] == "insufficient_scope"


def test_after_withdrawal_the_next_read_is_refused_and_both_are_logged(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills",))
    assert read(world, grant).status_code == 200
    withdrawn = ada.client.post(
        f"/v1/me/authorisations/{grant.authorisation_id}/withdraw", headers=ada.headers
    )
    assert withdrawn.status_code == 200
    refused = problem(read(world, grant), 403)  # the token has not expired
    assert refused["code"] == "access_denied"
    assert refused["reason"] == "authorisation_withdrawn"
    assert "Svets" not in json.dumps(refused)
    log = ada.client.get("/v1/me/access-log").json()["entries"]
    assert [(e["outcome"], e["reason"]) for e in log] == [
        ("denied", "authorisation_withdrawn"),
        ("released", "released"),
    ]


def test_restriction_blocks_reads_until_lifted(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills",))
    restricted = ada.client.put("/v1/me/restriction", json={"restricted": True}, headers=ada.headers)
    assert restricted.json() == {"restricted": True}
    assert problem(read(world, grant), 403)["reason"] == "processing_restricted"
    assert ada.client.get("/v1/me/export").json()["restricted"] is True
    lifted = ada.client.put("/v1/me/restriction", json={"restricted": False}, headers=ada.headers)
    assert lifted.json() == {"restricted": False}
    assert read(world, grant).status_code == 200


def test_erasure_needs_confirmation_then_shreds_signs_out_and_blocks_reads(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills",))
    unconfirmed = problem(
        ada.client.post("/v1/me/erasure", json={"confirm": "yes"}, headers=ada.headers), 400
    )
    assert unconfirmed["errors"][0]["field"] == "confirm"
    problem(ada.client.post("/v1/me/erasure", json={}, headers=ada.headers), 400)
    assert read(world, grant).status_code == 200

    erased = ada.client.post("/v1/me/erasure", json={"confirm": "ERASE"}, headers=ada.headers)
    assert erased.status_code == 200, erased.text
    assert erased.json() == {
        "erased": True,
        "items_shredded": 4,
        "authorisations_revoked": 1,
        "signed_out": True,
    }
    assert SESSION_COOKIE in erased.headers["set-cookie"]
    assert ada.client.cookies.get(SESSION_COOKIE) is None
    assert ada.client.get("/v1/me/profile").status_code == 401
    assert problem(read(world, grant), 403)["reason"] == "erased"
    with session_scope(world.factory) as session, pytest.raises(Exception, match="erased"):
        service.my_items(
            session,
            person_id=ada.person_id,
            categories=["skills"],
            keys=service.vault_keys(world.keys),
        )


def test_tokens_are_required_and_checked(world: World) -> None:
    ada = sign_in(world)
    grant = authorise(world, ada, register_service(world), ("skills",))
    plain = TestClient(world.app)
    missing = plain.get(f"/v1/people/{grant.subject}/profile")
    assert problem(missing, 401)["code"] == "access_token_required"
    assert missing.headers["www-authenticate"].startswith("Bearer")
    for header in (f"Bearer {grant.token}x", "Bearer not.a.token", f"Basic {grant.token}"):
        bad = plain.get(f"/v1/people/{grant.subject}/profile", headers={"Authorization": header})
        assert problem(bad, 401)["code"] in {"invalid_access_token", "access_token_required"}
        assert bad.headers["www-authenticate"].startswith("Bearer")
    assert ada.client.get("/v1/me/access-log").json()["entries"] == []


def test_when_the_log_cannot_be_committed_nothing_is_released(world: World) -> None:
    ada = sign_in(world)
    fill_profile(world, ada)
    grant = authorise(world, ada, register_service(world), ("skills", "education"))

    class FailingCommit(Session):
        def commit(self) -> None:
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    working = world.app.state.write_session_factory
    world.app.state.write_session_factory = sessionmaker(bind=working.kw["bind"], class_=FailingCommit)
    try:
        failed = read(world, grant)
    finally:
        world.app.state.write_session_factory = working
    assert problem(failed, 503)["code"] == "vault_unavailable"
    assert "Svets" not in failed.text
    assert ada.client.get("/v1/me/access-log").json()["entries"] == []
    assert read(world, grant).status_code == 200


def test_the_api_is_described_with_response_models(world: World) -> None:
    document = TestClient(world.app).get("/openapi.json").json()
    # The vault's /v1/me routes (the arena's notification routes under /v1/me are described in its tests).
    vault_paths = {route.path for route in vault_api.router.routes if isinstance(route, APIRoute)}
    me = {
        path: item
        for path, item in document["paths"].items()
        if path.startswith("/v1/me/") and path in vault_paths
    }
    assert len(me) >= 14
    for item in me.values():
        for operation in item.values():
            assert operation["tags"] == ["me"]
            assert (
                "200" in operation["responses"]
                or "201" in operation["responses"]
                or "204" in operation["responses"]
            )
    assert "$ref" in json.dumps(me["/v1/me/profile"]["get"]["responses"]["200"])
    people = document["paths"]["/v1/people/{subject}/profile"]["get"]
    assert people["security"] == [{"AccessToken": []}]
    assert "ReleaseOut" in json.dumps(people["responses"]["200"])
