"""Fixtures of the OAuth tests: a migrated database per module, an app over it, an organisation with a
signed-in member, and clients; helpers that walk the authorization code flow with PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.keys import PlatformKeys
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from tests.databases import DatabaseFactory

REDIRECT = "https://app.example.org/callback"
OTHER_REDIRECT = "http://127.0.0.1:8400/cb"


@pytest.fixture(scope="module")
def engine(databases: DatabaseFactory) -> Engine:
    return databases.migrated_engine("oauth")


@pytest.fixture(scope="module")
def app_settings(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path_factory.mktemp("oauth-data"),
        environment="test",
        search_sync_seconds=0,
    )


@pytest.fixture
def app(app_settings: Settings) -> FastAPI:
    return create_app(app_settings)


@pytest.fixture
def web(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def factory(app: FastAPI) -> sessionmaker[Session]:
    made: sessionmaker[Session] = app.state.session_factory
    return made


@pytest.fixture
def keys(app: FastAPI) -> PlatformKeys:
    found: PlatformKeys = app.state.keys
    return found


@dataclass
class Client:
    client_id: str
    secret: str | None
    organisation_id: str


@dataclass
class World:
    organisation_id: str
    organisation_name: str
    person_id: str
    session_token: str
    public: Client
    confidential: Client
    other: Client


def _client(
    db: Session,
    organisation_id: str,
    *,
    name: str,
    confidential: bool,
    categories: list[str],
    redirect_uris: list[str],
    open_data: bool = False,
    requests_per_minute: int = 600,
) -> Client:
    org = accounts.get_organisation(db, key=organisation_id)
    row, secret = oauth.register_client(
        db,
        organisation=org,
        name=name,
        redirect_uris=redirect_uris,
        purpose="career-guidance",
        categories=categories,
        retention_days=30,
        confidential=confidential,
        open_data=open_data,
        requests_per_minute=requests_per_minute,
    )
    return Client(client_id=row.id, secret=secret, organisation_id=org.id)


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    """An organisation with a member who is signed in, a public app, a confidential server client (also
    for open data) and another organisation's public app."""
    suffix = uuid.uuid4().hex[:10]
    with session_scope(factory) as db:
        org = accounts.create_organisation(
            db, name=f"guide-{suffix}", type_="company", title_sv="Vägledarna", title_en="The Guides"
        )
        other_org = accounts.create_organisation(
            db, name=f"other-{suffix}", type_="company", title_sv="Andra", title_en="Others"
        )
        accounts.add_member(db, organisation=org, email=f"ada-{suffix}@example.org", name="Ada", role="admin")
        person = accounts.set_password(
            db, email=f"ada-{suffix}@example.org", password="correct horse battery"
        )
        _login, token = accounts.start_session(db, person=person)
        public = _client(
            db,
            org.id,
            name="Vägledningsappen",
            confidential=False,
            categories=["skills", "education"],
            redirect_uris=[REDIRECT, OTHER_REDIRECT],
        )
        confidential = _client(
            db,
            org.id,
            name="Server",
            confidential=True,
            categories=["skills", "experience"],
            redirect_uris=[REDIRECT],
            open_data=True,
            requests_per_minute=3,
        )
        other = _client(
            db,
            other_org.id,
            name="Someone else's app",
            confidential=False,
            categories=["skills"],
            redirect_uris=[REDIRECT],
        )
        return World(
            organisation_id=org.id,
            organisation_name=org.name,
            person_id=person.id,
            session_token=token,
            public=public,
            confidential=confidential,
            other=other,
        )


@pytest.fixture
def signed_in(web: TestClient, world: World) -> TestClient:
    web.cookies.set(SESSION_COOKIE, world.session_token)
    return web


@dataclass
class Pkce:
    verifier: str
    challenge: str


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier=verifier, challenge=base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


def authorize_params(
    client_id: str,
    pkce: Pkce | None,
    *,
    redirect_uri: str = REDIRECT,
    scope: str = "vault.skills vault.education",
    state: str = "st-123",
    response_type: str = "code",
) -> dict[str, str]:
    params = {
        "response_type": response_type,
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
    }
    if pkce is not None:
        params.update(code_challenge=pkce.challenge, code_challenge_method="S256")
    return params


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def request_id_of(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/me/consent/")
    return location.removeprefix("/me/consent/")


def approve(
    factory: sessionmaker[Session],
    world: World,
    request_id: str,
    *,
    keys: PlatformKeys,
    settings: Settings,
    categories: list[str] | None = None,
    authorisation_id: str | None = None,
) -> tuple[str, str]:
    """The vault's consent step, simulated: returns (redirect URL, authorisation id)."""
    authorisation = authorisation_id or str(uuid.uuid4())
    with session_scope(factory) as db:
        url = oauth.approve_request(
            db,
            request_id=request_id,
            person_id=world.person_id,
            authorisation_id=authorisation,
            categories=categories if categories is not None else ["skills", "education"],
            keys=keys,
            settings=settings,
        )
    return url, authorisation


@dataclass
class Flow:
    code: str
    pkce: Pkce
    authorisation_id: str
    redirect: str


def code_for(
    web: TestClient,
    factory: sessionmaker[Session],
    world: World,
    *,
    keys: PlatformKeys,
    settings: Settings,
    client_id: str | None = None,
    categories: list[str] | None = None,
) -> Flow:
    """Authorize (signed in) and approve: a fresh code with its PKCE verifier."""
    pkce = new_pkce()
    response = web.get("/oauth/authorize", params=authorize_params(client_id or world.public.client_id, pkce))
    url, authorisation = approve(
        factory, world, request_id_of(response), keys=keys, settings=settings, categories=categories
    )
    return Flow(code=query_of(url)["code"], pkce=pkce, authorisation_id=authorisation, redirect=url)


def exchange(web: TestClient, flow: Flow, *, client_id: str, **extra: str) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": flow.code,
        "redirect_uri": REDIRECT,
        "client_id": client_id,
        "code_verifier": flow.pkce.verifier,
    }
    data.update(extra)
    response: httpx.Response = web.post(
        "/oauth/token", data={key: value for key, value in data.items() if value != ""}
    )
    return response


def refresh(web: TestClient, refresh_token: str, *, client_id: str) -> httpx.Response:
    response: httpx.Response = web.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id},
    )
    return response
