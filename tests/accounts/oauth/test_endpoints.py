"""Metadata, JWKS, client credentials for open data, and client registration (service, API, CLI)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth import tokens
from samskapa.accounts.oauth.errors import InvalidClientRegistration
from samskapa.accounts.oauth.models import OAuthClient
from samskapa.accounts.oauth.server import secret_hash
from samskapa.cli import app as cli
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.core.errors import Forbidden
from samskapa.keys import PlatformKeys
from tests.accounts.oauth.conftest import REDIRECT, World, code_for, exchange


def test_the_metadata_document(web: TestClient, app_settings: Settings) -> None:
    response = web.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    doc = response.json()
    base = app_settings.base_url
    assert doc["issuer"] == base
    assert doc["authorization_endpoint"] == base + "/oauth/authorize"
    assert doc["token_endpoint"] == base + "/oauth/token"
    assert doc["revocation_endpoint"] == base + "/oauth/revoke"
    assert doc["jwks_uri"] == base + "/oauth/jwks.json"
    assert doc["response_types_supported"] == ["code"]
    assert set(doc["grant_types_supported"]) == {"authorization_code", "refresh_token", "client_credentials"}
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert set(doc["token_endpoint_auth_methods_supported"]) == {
        "none",
        "client_secret_basic",
        "client_secret_post",
    }
    assert {
        "vault.skills",
        "vault.education",
        "vault.experience",
        "vault.credentials",
        "open-data.read",
    } <= set(doc["scopes_supported"])
    assert doc["authorization_response_iss_parameter_supported"] is True


def test_the_jwks_verifies_issued_tokens(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    key_set = KeySet.import_key_set(signed_in.get("/oauth/jwks.json").json())
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    access = exchange(signed_in, flow, client_id=world.public.client_id).json()["access_token"]
    decoded = jwt.decode(access, key_set, registry=tokens.JWS_REGISTRY)
    assert decoded.header["kid"] == tokens.key_id(keys)
    assert decoded.claims["authorisation_id"] == flow.authorisation_id


def _client_credentials(web: TestClient, world: World, **extra: str) -> dict[str, str]:
    secret = world.confidential.secret
    assert secret is not None
    response = web.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **extra},
        auth=(world.confidential.client_id, secret),
    )
    body: dict[str, str] = response.json()
    body["status"] = str(response.status_code)
    return body


def test_client_credentials_give_an_open_data_token_accepted_by_the_api_and_rate_limited(
    web: TestClient, world: World, keys: PlatformKeys, app_settings: Settings
) -> None:
    body = _client_credentials(web, world)
    assert body["status"] == "200", body
    assert "refresh_token" not in body
    assert body["scope"] == "open-data.read"
    claims = oauth.verify_access_token(body["access_token"], keys=keys, settings=app_settings)
    assert claims.authorisation_id is None
    assert claims.subject == world.confidential.client_id

    headers = {"Authorization": f"Bearer {body['access_token']}"}
    who = web.get("/v1/client", headers=headers)
    assert who.status_code == 200, who.text
    assert who.json() == {
        "client_id": world.confidential.client_id,
        "organisation": world.organisation_name,
        "scopes": ["open-data.read"],
        "requests_per_minute": 3,
    }
    assert "q=3;" in who.headers["ratelimit-policy"]
    assert web.get("/v1/client", headers=headers).status_code == 200
    assert web.get("/v1/client", headers=headers).status_code == 200
    limited = web.get("/v1/client", headers=headers)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert "retry-after" in limited.headers


def test_client_credentials_refuse_personal_scopes_and_public_clients(web: TestClient, world: World) -> None:
    refused = _client_credentials(web, world, scope="vault.skills")
    assert refused["status"] == "400"
    assert refused["error"] == "invalid_scope"
    public = web.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": world.public.client_id}
    )
    assert public.status_code in (400, 401)
    assert public.json()["error"] in ("invalid_client", "unauthorized_client")


def test_a_personal_access_token_is_not_an_api_credential(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    access = exchange(signed_in, flow, client_id=world.public.client_id).json()["access_token"]
    response = signed_in.get("/v1/client", headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_access_token"
    forged = signed_in.get("/v1/client", headers={"Authorization": "Bearer aaa.bbb.ccc"})
    assert forged.status_code == 401


def test_register_client_validates_and_hashes_the_secret(factory: sessionmaker[Session]) -> None:
    with session_scope(factory) as db:
        org = accounts.create_organisation(
            db, name=f"reg-{uuid.uuid4().hex[:8]}", type_="school", title_sv="Skolan", title_en="The School"
        )
        base = {
            "organisation": org,
            "name": "App",
            "redirect_uris": [REDIRECT],
            "purpose": "education-admission",
            "categories": ["education"],
            "retention_days": 90,
            "confidential": True,
        }
        client, secret = oauth.register_client(db, **base)  # type: ignore[arg-type]
        assert secret is not None
        assert secret not in (client.secret_hash or "")
        assert client.secret_hash == secret_hash(secret)
        assert client.grant_types.split() == ["authorization_code", "refresh_token"]
        view = oauth.client_for(db, client_id=client.id)
        assert view.categories == ["education"]
        assert view.organisation_name == org.name
        for uri in (
            "http://app.example.org/cb",
            "https://user@app.example.org/cb",
            "https://app.example.org/cb#frag",
            "https://*.example.org/cb",
            "app.example.org/cb",
            "javascript:alert(1)",
        ):
            with pytest.raises(InvalidClientRegistration):
                oauth.register_client(db, **(base | {"redirect_uris": [uri]}))  # type: ignore[arg-type]
        changes: list[dict[str, object]] = [
            {"purpose": "marketing"},
            {"categories": ["health"]},
            {"categories": [], "open_data": False},
            {"confidential": False, "open_data": True},
            {"redirect_uris": []},
        ]
        for change in changes:
            with pytest.raises(InvalidClientRegistration):
                oauth.register_client(db, **(base | change))  # type: ignore[arg-type]
        public, no_secret = oauth.register_client(
            db,
            **(base | {"confidential": False, "redirect_uris": ["http://localhost:3000/cb"]}),  # type: ignore[arg-type]
        )
        assert no_secret is None
        assert public.secret_hash is None
        assert public.token_endpoint_auth_method == "none"
        stranger = accounts.add_member(
            db, organisation=org, email=f"m-{uuid.uuid4().hex[:6]}@example.org", name="M", role="moderator"
        )
        with pytest.raises(Forbidden):
            oauth.register_client(db, **base, registered_by=stranger.person_id)  # type: ignore[arg-type]


def test_the_registration_api_needs_the_organisations_key(
    web: TestClient, factory: sessionmaker[Session]
) -> None:
    with session_scope(factory) as db:
        org = accounts.create_organisation(
            db, name=f"api-{uuid.uuid4().hex[:8]}", type_="agency", title_sv="Verket", title_en="The Agency"
        )
        other = accounts.create_organisation(
            db, name=f"api-{uuid.uuid4().hex[:8]}", type_="agency", title_sv="Andra", title_en="Other"
        )
        _key, secret = accounts.create_api_key(db, organisation=org, client_name="admin", scopes=[])
        _other_key, other_secret = accounts.create_api_key(db, organisation=other, client_name="x", scopes=[])
        org_name = org.name
    payload = {
        "name": "Matchningstjänsten",
        "redirect_uris": [REDIRECT],
        "purpose": "job-matching",
        "categories": ["skills", "experience"],
        "retention_days": 30,
        "confidential": True,
        "open_data": True,
    }
    path = f"/v1/organisations/{org_name}/oauth-clients"
    assert web.post(path, json=payload).status_code == 401
    assert (
        web.post(path, json=payload, headers={"Authorization": f"Bearer {other_secret}"}).status_code == 403
    )
    response = web.post(path, json=payload, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["client_secret"].startswith("smcs_")
    assert body["scopes"] == ["vault.skills", "vault.experience", "open-data.read"]
    assert body["grant_types"] == ["authorization_code", "refresh_token", "client_credentials"]
    bad = web.post(
        path,
        json=payload | {"redirect_uris": ["http://evil.example/cb"]},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_client_registration"


def test_the_cli_registers_a_client(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, factory: sessionmaker[Session]
) -> None:
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    name = f"cli-{uuid.uuid4().hex[:8]}"
    with session_scope(factory) as db:
        accounts.create_organisation(
            db, name=name, type_="ngo", title_sv="Föreningen", title_en="The Society"
        )
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "orgs",
            "register-client",
            name,
            "--name",
            "Vägledning",
            "--redirect-uri",
            REDIRECT,
            "--purpose",
            "career-guidance",
            "--scope",
            "vault.skills",
            "--scope",
            "open-data.read",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "client_id:" in result.output
    assert "smcs_" in result.output
    with session_scope(factory) as db:
        client = db.scalars(select(OAuthClient).where(OAuthClient.name == "Vägledning")).first()
        assert client is not None
        assert client.scopes == "vault.skills open-data.read"
        assert client.id in result.output
    refused = runner.invoke(
        cli,
        ["orgs", "register-client", name, "--name", "X", "--purpose", "career-guidance", "--scope", "admin"],
    )
    assert refused.exit_code != 0
