"""The authorization code flow with PKCE, refresh-token rotation and revocation, and every way of getting
it wrong (RFC 9700, OAuth 2.1)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth.errors import AuthorizationRequestNotFound, InvalidAccessToken, InvalidConsent
from samskapa.accounts.oauth.models import OAuthCode, OAuthPendingRequest, OAuthToken
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys
from tests.accounts.oauth.conftest import (
    REDIRECT,
    World,
    approve,
    authorize_params,
    code_for,
    exchange,
    new_pkce,
    query_of,
    refresh,
    request_id_of,
)


def test_happy_path_authorize_consent_token_refresh_revoke(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    pkce = new_pkce()
    response = signed_in.get("/oauth/authorize", params=authorize_params(world.public.client_id, pkce))
    request_id = request_id_of(response)

    with session_scope(factory) as db:
        pending = oauth.pending_request(db, request_id=request_id, person_id=world.person_id)
    assert pending.client_id == world.public.client_id
    assert pending.client_name == "Vägledningsappen"
    assert pending.organisation_id == world.organisation_id
    assert pending.organisation_name == world.organisation_name
    assert pending.purpose == "career-guidance"
    assert pending.categories == ["skills", "education"]
    assert pending.retention_days == 30
    assert pending.redirect_uri == REDIRECT

    url, authorisation_id = approve(factory, world, request_id, keys=keys, settings=app_settings)
    assert url.startswith(REDIRECT + "?")
    params = query_of(url)
    assert params["state"] == "st-123"
    assert params["iss"] == app_settings.base_url  # RFC 9207
    with session_scope(factory) as db, pytest.raises(AuthorizationRequestNotFound):
        oauth.pending_request(db, request_id=request_id, person_id=world.person_id)  # consumed

    token_response = signed_in.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": REDIRECT,
            "client_id": world.public.client_id,
            "code_verifier": pkce.verifier,
        },
    )
    assert token_response.status_code == 200, token_response.text
    assert token_response.headers["cache-control"] == "no-store"
    body = token_response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == app_settings.oauth_access_token_seconds
    assert body["scope"] == "vault.skills vault.education"
    claims = oauth.verify_access_token(body["access_token"], keys=keys, settings=app_settings)
    assert claims.client_id == world.public.client_id
    assert claims.authorisation_id == authorisation_id
    assert claims.scopes == {"vault.skills", "vault.education"}
    assert claims.organisation_id == world.organisation_id
    assert claims.subject == oauth.pairwise_subject(
        keys, organisation_id=world.organisation_id, person_id=world.person_id
    )
    assert claims.subject != world.person_id

    rotated = refresh(signed_in, body["refresh_token"], client_id=world.public.client_id)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()
    assert new["refresh_token"] != body["refresh_token"]
    assert new["access_token"] != body["access_token"]
    again = oauth.verify_access_token(new["access_token"], keys=keys, settings=app_settings)
    assert again.authorisation_id == authorisation_id
    assert again.subject == claims.subject

    revoked = signed_in.post(
        "/oauth/revoke",
        data={
            "token": new["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": world.public.client_id,
        },
    )
    assert revoked.status_code == 200, revoked.text
    after = refresh(signed_in, new["refresh_token"], client_id=world.public.client_id)
    assert after.status_code == 400
    assert after.json()["error"] == "invalid_grant"


def test_a_signed_out_browser_is_sent_to_sign_in_and_back(web: TestClient, world: World) -> None:
    response = web.get("/oauth/authorize", params=authorize_params(world.public.client_id, new_pkce()))
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/login?next=")
    assert query_of(location)["next"].startswith("/oauth/authorize?")


def test_the_person_may_grant_fewer_categories_but_not_more(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings, categories=["skills"])
    body = exchange(signed_in, flow, client_id=world.public.client_id).json()
    assert body["scope"] == "vault.skills"

    pkce = new_pkce()
    request_id = request_id_of(
        signed_in.get(
            "/oauth/authorize", params=authorize_params(world.public.client_id, pkce, scope="vault.skills")
        )
    )
    with pytest.raises(InvalidConsent):
        approve(
            factory, world, request_id, keys=keys, settings=app_settings, categories=["skills", "education"]
        )


def test_deny_sends_access_denied_with_state_and_issuer(
    signed_in: TestClient, world: World, factory: sessionmaker[Session], app_settings: Settings
) -> None:
    request_id = request_id_of(
        signed_in.get("/oauth/authorize", params=authorize_params(world.public.client_id, new_pkce()))
    )
    with session_scope(factory) as db:
        url = oauth.deny_request(db, request_id=request_id, person_id=world.person_id)
    assert url.startswith(REDIRECT + "?")
    assert query_of(url) == {"error": "access_denied", "state": "st-123", "iss": app_settings.base_url}
    with session_scope(factory) as db, pytest.raises(AuthorizationRequestNotFound):
        oauth.deny_request(db, request_id=request_id, person_id=world.person_id)


def test_a_pending_request_is_only_its_own_persons_and_expires(
    signed_in: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    request_id = request_id_of(
        signed_in.get("/oauth/authorize", params=authorize_params(world.public.client_id, new_pkce()))
    )
    with session_scope(factory) as db, pytest.raises(AuthorizationRequestNotFound):
        oauth.pending_request(db, request_id=request_id, person_id=str(uuid.uuid4()))
    with session_scope(factory) as db:
        db.execute(
            update(OAuthPendingRequest)
            .where(OAuthPendingRequest.id == request_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    with session_scope(factory) as db, pytest.raises(AuthorizationRequestNotFound):
        oauth.pending_request(db, request_id=request_id, person_id=world.person_id)
    with session_scope(factory) as db, pytest.raises(AuthorizationRequestNotFound):
        oauth.pending_request(db, request_id="no-such-request", person_id=world.person_id)


# ---- PKCE ----


@pytest.mark.parametrize(
    ("extra", "description"),
    [
        ({}, "no PKCE at all"),
        ({"code_challenge": "x" * 43, "code_challenge_method": "plain"}, "plain"),
        ({"code_challenge": "x" * 43}, "no method (would default to plain)"),
        ({"code_challenge_method": "S256"}, "a method without a challenge"),
    ],
)
def test_missing_or_plain_pkce_is_refused_with_invalid_request(
    signed_in: TestClient, world: World, extra: dict[str, str], description: str
) -> None:
    params = authorize_params(world.public.client_id, None) | extra
    response = signed_in.get("/oauth/authorize", params=params)
    assert response.status_code == 303, description
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?"), description  # the redirect URI is good: tell the client
    error = query_of(location)
    assert error["error"] == "invalid_request", description
    assert error["state"] == "st-123"
    assert "code" not in error


def test_a_wrong_or_missing_verifier_is_refused(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    wrong = exchange(signed_in, flow, client_id=world.public.client_id, code_verifier=new_pkce().verifier)
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    missing = exchange(signed_in, flow, client_id=world.public.client_id, code_verifier="")
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"
    # The right verifier still works: failed attempts do not use the code up.
    assert exchange(signed_in, flow, client_id=world.public.client_id).status_code == 200


# ---- Redirect URIs: exact match, and never redirect to a bad one ----


@pytest.mark.parametrize(
    "redirect_uri",
    [
        REDIRECT + "/extra",
        REDIRECT + "?next=1",
        REDIRECT + "/",
        REDIRECT.upper(),
        "https://APP.example.org/callback",
        "https://app.example.org:8443/callback",
        "https://app.example.org@evil.example/callback",
        "https://app.example.org.evil.example/callback",
        "https://app.example.org/callbac",
        "http://app.example.org/callback",
        "http://127.0.0.1:8401/cb",
        "",
    ],
)
def test_a_redirect_uri_that_is_not_exactly_registered_is_refused_without_redirect(
    signed_in: TestClient, world: World, redirect_uri: str
) -> None:
    params = authorize_params(world.public.client_id, new_pkce(), redirect_uri=redirect_uri)
    if not redirect_uri:
        del params["redirect_uri"]
    response = signed_in.get("/oauth/authorize", params=params)
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert "invalid_request" in response.text


def test_an_unknown_client_gets_the_error_page(signed_in: TestClient) -> None:
    response = signed_in.get("/oauth/authorize", params=authorize_params("no-such-client", new_pkce()))
    assert response.status_code == 400
    assert "location" not in response.headers
    assert "invalid_client" in response.text
    assert "Tjänsten som skickade hit dig gjorde fel" in response.text
    english = signed_in.get("/oauth/authorize", params=authorize_params("x", new_pkce()) | {"lang": "en"})
    assert "The service that sent you here made a mistake" in english.text


def test_an_unregistered_scope_is_refused(signed_in: TestClient, world: World) -> None:
    for scope in ("vault.credentials", "open-data.read", "vault.skills admin"):
        response = signed_in.get(
            "/oauth/authorize", params=authorize_params(world.public.client_id, new_pkce(), scope=scope)
        )
        assert response.status_code == 303
        assert query_of(response.headers["location"])["error"] == "invalid_scope", scope


def test_implicit_and_password_grants_do_not_exist(signed_in: TestClient, world: World) -> None:
    response = signed_in.get(
        "/oauth/authorize",
        params=authorize_params(world.public.client_id, new_pkce(), response_type="token"),
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert "#" not in location
    assert "access_token" not in location
    assert query_of(location)["error"] == "unsupported_response_type"

    password = signed_in.post(
        "/oauth/token",
        data={
            "grant_type": "password",
            "username": "ada@example.org",
            "password": "correct horse battery",
            "client_id": world.public.client_id,
        },
    )
    assert password.status_code == 400
    assert password.json()["error"] == "unsupported_grant_type"
    assert password.headers["cache-control"] == "no-store"


# ---- Codes: single use, short-lived, bound to their client ----


def test_a_replayed_code_is_refused_and_revokes_the_tokens_issued_from_it(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    first = exchange(signed_in, flow, client_id=world.public.client_id)
    assert first.status_code == 200
    replay = exchange(signed_in, flow, client_id=world.public.client_id)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    # The refresh token issued from the code no longer works.
    after = refresh(signed_in, first.json()["refresh_token"], client_id=world.public.client_id)
    assert after.status_code == 400
    assert after.json()["error"] == "invalid_grant"
    with session_scope(factory) as db:
        rows = db.scalars(
            select(OAuthToken).where(OAuthToken.authorisation_id == flow.authorisation_id)
        ).all()
        assert rows
        assert all(row.revoked_at is not None for row in rows)


def test_an_expired_code_is_refused(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    with session_scope(factory) as db:
        code = db.scalars(select(OAuthCode).where(OAuthCode.authorisation_id == flow.authorisation_id)).one()
        assert (code.expires_at - code.created_at).total_seconds() == app_settings.oauth_code_seconds
        code.expires_at = utcnow() - timedelta(seconds=1)
    response = exchange(signed_in, flow, client_id=world.public.client_id)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_must_come_with_its_own_redirect_uri(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    response = exchange(
        signed_in, flow, client_id=world.public.client_id, redirect_uri="http://127.0.0.1:8400/cb"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_or_refresh_token_of_client_a_is_refused_for_client_b(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    stolen = exchange(signed_in, flow, client_id=world.other.client_id)
    assert stolen.status_code == 400
    assert stolen.json()["error"] == "invalid_grant"

    body = exchange(signed_in, flow, client_id=world.public.client_id).json()
    other = refresh(signed_in, body["refresh_token"], client_id=world.other.client_id)
    assert other.status_code == 400
    assert other.json()["error"] == "invalid_grant"

    with pytest.raises(InvalidAccessToken):
        oauth.verify_access_token(
            body["access_token"], keys=keys, settings=app_settings, expected_client_id=world.other.client_id
        )
    claims = oauth.verify_access_token(
        body["access_token"], keys=keys, settings=app_settings, expected_client_id=world.public.client_id
    )
    assert claims.client_id == world.public.client_id


def test_a_refresh_token_reused_after_rotation_revokes_the_family(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    first = exchange(signed_in, flow, client_id=world.public.client_id).json()["refresh_token"]
    second = refresh(signed_in, first, client_id=world.public.client_id).json()["refresh_token"]
    third = refresh(signed_in, second, client_id=world.public.client_id).json()["refresh_token"]

    reused = refresh(signed_in, first, client_id=world.public.client_id)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    # The legitimate holder's current token dies with the family: the thief's use ended it for both.
    latest = refresh(signed_in, third, client_id=world.public.client_id)
    assert latest.status_code == 400
    assert latest.json()["error"] == "invalid_grant"


def test_confidential_clients_must_authenticate(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    client = world.confidential
    assert client.secret is not None
    pkce = new_pkce()
    response = signed_in.get(
        "/oauth/authorize", params=authorize_params(client.client_id, pkce, scope="vault.experience")
    )
    url, _ = approve(
        factory, world, request_id_of(response), keys=keys, settings=app_settings, categories=["experience"]
    )
    data = {
        "grant_type": "authorization_code",
        "code": query_of(url)["code"],
        "redirect_uri": REDIRECT,
        "code_verifier": pkce.verifier,
    }
    unauthenticated = signed_in.post("/oauth/token", data=data | {"client_id": client.client_id})
    assert unauthenticated.status_code in (400, 401)
    assert unauthenticated.json()["error"] == "invalid_client"
    wrong = signed_in.post("/oauth/token", data=data, auth=(client.client_id, "not-the-secret"))
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    right = signed_in.post("/oauth/token", data=data, auth=(client.client_id, client.secret))
    assert right.status_code == 200, right.text
    assert right.json()["scope"] == "vault.experience"


def test_withdrawing_the_authorisation_revokes_its_tokens(
    signed_in: TestClient,
    world: World,
    factory: sessionmaker[Session],
    keys: PlatformKeys,
    app_settings: Settings,
) -> None:
    flow = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    body = exchange(signed_in, flow, client_id=world.public.client_id).json()
    unused = code_for(signed_in, factory, world, keys=keys, settings=app_settings)
    with session_scope(factory) as db:
        db.execute(
            update(OAuthCode)
            .where(OAuthCode.authorisation_id == unused.authorisation_id)
            .values(authorisation_id=flow.authorisation_id)
        )
    with session_scope(factory) as db:
        assert oauth.revoke_authorisation_tokens(db, authorisation_id=flow.authorisation_id) >= 2
    assert refresh(signed_in, body["refresh_token"], client_id=world.public.client_id).status_code == 400
    assert exchange(signed_in, unused, client_id=world.public.client_id).status_code == 400
