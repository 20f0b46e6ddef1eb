"""End to end: a third-party service (the example Karriärkompassen) reads a citizen's vault with consent.

Two real apps run side by side in the test: the platform (over a fresh migrated database with the mini
taxonomy) and the example service, which talks to the platform through the platform's own TestClient as its
`httpx.Client`. The person's browser is two TestClients (one per site, each with its own cookies); redirects
between the sites are followed by hand, so every hop of the flow is visible and checked:

    service /connect -> platform /oauth/authorize -> /me/consent/{id} -> approve or deny
    -> service /callback (state, iss, code exchange with the PKCE verifier) -> service /profile
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import OKPKey
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from examples.career_compass.app import (
    COOKIE,
    SCOPE,
    BrowserSession,
    Compass,
    CompassSettings,
    PlatformError,
    create_app,
)
from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth.tokens import JWS_REGISTRY, issue_access_token
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys
from samskapa.main import create_app as create_platform
from samskapa.taxonomy.models import Concept
from tests.databases import DatabaseFactory

PLATFORM_URL = "http://127.0.0.1:8000"
COMPASS_URL = "http://127.0.0.1:8001"
REDIRECT_URI = COMPASS_URL + "/callback"
SERVICE_NAME = "Karriärkompassen"
PASSWORD = "kompassens-testlosen-4821"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
EXPERIENCE_TITLE = "Fyrvaktare på Hemliga skäret"
EDUCATION_TITLE = "Systemvetenskapliga programmet"


# ---- The platform, once per module -------------------------------------------------------------------------


@dataclass(frozen=True)
class Platform:
    app: FastAPI
    settings: Settings
    factory: sessionmaker[Session]
    client_id: str  # Karriärkompassen's client
    organisation_id: str  # and its organisation
    skills: tuple[str, ...]  # skill concepts of the mini taxonomy

    @property
    def keys(self) -> PlatformKeys:
        keys: PlatformKeys = self.app.state.keys
        return keys


@pytest.fixture(scope="module")
def platform(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Platform:
    """The platform over a fresh migrated database with the mini taxonomy, the organisation behind the
    service (with a member) and the service's public OAuth client (PKCE, no secret)."""
    engine = databases.migrated_engine("e2e", mini_sources)
    factory = create_session_factory(engine)
    with session_scope(factory) as session:
        skills = tuple(
            session.scalars(
                select(Concept.id).where(Concept.type == "skill").order_by(Concept.id).limit(2)
            ).all()
        )
        organisation = accounts.create_organisation(
            session,
            name="karriarkompassen",
            type_="company",
            title_sv="Karriärkompassen AB",
            title_en="Career Compass Ltd",
        )
        accounts.add_member(
            session, organisation=organisation, email="vera@compass.example", name="Vera", role="admin"
        )
        accounts.set_password(session, email="vera@compass.example", password=PASSWORD)
        client, secret = oauth.register_client(
            session,
            organisation=organisation,
            name=SERVICE_NAME,
            redirect_uris=[REDIRECT_URI],
            purpose="career-guidance",
            categories=["skills", "education"],
            retention_days=0,
            confidential=False,
        )
        assert secret is None  # a public client
        client_id, organisation_id = client.id, organisation.id
    assert len(skills) == 2
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path_factory.mktemp("e2e-data"),
        environment="test",
        base_url=PLATFORM_URL,
        search_sync_seconds=0,
    )
    app = create_platform(settings)
    made: sessionmaker[Session] = app.state.session_factory
    return Platform(
        app=app,
        settings=settings,
        factory=made,
        client_id=client_id,
        organisation_id=organisation_id,
        skills=skills,
    )


# ---- The service and the person's browser -----------------------------------------------------------------


@pytest.fixture
def compass_app(platform: Platform) -> Iterator[FastAPI]:
    """A fresh Karriärkompassen, calling the platform through the platform's TestClient."""
    # Not entered as a context manager: the platform app is shared by the module, and leaving a TestClient
    # runs the app's shutdown (closing its search indexes and disposing its engine).
    platform_http = TestClient(platform.app, base_url=PLATFORM_URL)
    yield create_app(
        CompassSettings(platform_url=PLATFORM_URL, client_id=platform.client_id, redirect_uri=REDIRECT_URI),
        platform_http=platform_http,
    )
    platform_http.close()


class Browser:
    """One person's browser: a client per site (each with its own cookies), redirects followed by hand."""

    def __init__(self, platform_app: FastAPI, compass_app: FastAPI) -> None:
        self.sites = {
            PLATFORM_URL: TestClient(platform_app, base_url=PLATFORM_URL, follow_redirects=False),
            COMPASS_URL: TestClient(compass_app, base_url=COMPASS_URL, follow_redirects=False),
        }

    def site(self, url: str) -> TestClient:
        parts = urlsplit(url)
        return self.sites[f"{parts.scheme}://{parts.netloc}"]

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.site(url).get(url, **kwargs)
        return response

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.site(url).post(url, **kwargs)
        return response

    def follow(self, response: httpx.Response) -> httpx.Response:
        assert response.status_code in (302, 303, 307), response.text
        return self.get(urljoin(str(response.url), response.headers["location"]))

    @property
    def platform(self) -> TestClient:
        return self.sites[PLATFORM_URL]

    @property
    def compass(self) -> TestClient:
        return self.sites[COMPASS_URL]


@dataclass(frozen=True)
class Citizen:
    person_id: str
    browser: Browser
    csrf: str  # the platform session's CSRF token for /v1/me
    skill_labels: tuple[str, ...]


@pytest.fixture
def citizen(platform: Platform, compass_app: FastAPI) -> Citizen:
    """A person signed in on the platform (POST /login) with two skills, an education and an experience."""
    email = f"medborgare-{uuid.uuid4().hex[:10]}@example.org"
    with session_scope(platform.factory) as session:
        person_id = accounts.register_person(
            session, name="Maja Medborgare", email=email, password=PASSWORD
        ).id
    browser = Browser(platform.app, compass_app)
    form = browser.get(PLATFORM_URL + "/login")
    signed_in = browser.post(
        PLATFORM_URL + "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    assert signed_in.status_code == 303, signed_in.text
    csrf = browser.get(PLATFORM_URL + "/v1/me/session").json()["csrf_token"]
    headers = {"X-CSRF-Token": csrf}
    labels = []
    for skill, level in zip(platform.skills, ("advanced", "basic"), strict=True):
        added = browser.post(
            PLATFORM_URL + "/v1/me/profile/skills",
            json={"concept_id": skill, "level": level},
            headers=headers,
        )
        assert added.status_code == 201, added.text
        names = added.json()["content"]["concept_labels"]
        labels.append(names.get("sv") or names["en"])
    for category, item in (
        (
            "education",
            {
                "title": EDUCATION_TITLE,
                "provider": "Mittuniversitetet",
                "credits": 180,
                "credit_unit": "hp",
                "completed_on": "2019-06-07",
            },
        ),
        ("experience", {"title": EXPERIENCE_TITLE, "employer": "Sjöfartsverket", "start": "2015-04-01"}),
    ):
        added = browser.post(PLATFORM_URL + f"/v1/me/profile/{category}", json=item, headers=headers)
        assert added.status_code == 201, added.text
    return Citizen(person_id=person_id, browser=browser, csrf=csrf, skill_labels=tuple(labels))


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def compass_of(app: FastAPI) -> Compass:
    compass: Compass = app.state.compass
    return compass


def browser_session(app: FastAPI, browser: Browser) -> BrowserSession:
    found = compass_of(app).sessions.get(browser.compass.cookies.get(COOKIE))
    assert found is not None
    return found


def to_consent(browser: Browser) -> httpx.Response:
    """The service's /connect and the platform's /oauth/authorize: returns the consent screen."""
    start = browser.get(COMPASS_URL + "/")
    assert start.status_code == 200
    assert "Connect your Samskapa profile" in start.text
    assert "Koppla din Samskapa-profil" in start.text
    connect = browser.get(COMPASS_URL + "/connect")
    assert connect.status_code == 303
    location = connect.headers["location"]
    assert location.startswith(PLATFORM_URL + "/oauth/authorize?")
    asked = query_of(location)
    assert asked["scope"] == SCOPE
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) == 43
    assert "code_verifier" not in location
    assert asked["redirect_uri"] == REDIRECT_URI
    assert len(asked["state"]) >= 32
    authorize = browser.follow(connect)
    assert authorize.status_code == 303, authorize.text
    assert authorize.headers["location"].startswith("/me/consent/")
    consent = browser.follow(authorize)
    assert consent.status_code == 200, consent.text
    assert SERVICE_NAME in consent.text
    return consent


def decide(browser: Browser, consent: httpx.Response, decision: str, categories: list[str]) -> httpx.Response:
    """Press approve or deny on the consent screen: returns the platform's redirect back to the service."""
    answer = browser.post(
        str(consent.url),
        data={
            "csrf_token": csrf_of(consent.text),
            "decision": decision,
            "categories": categories,
            "valid_days": "90",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(REDIRECT_URI + "?")
    return answer


def connect(browser: Browser, categories: list[str]) -> httpx.Response:
    """The whole flow with an approval of `categories`: returns the service's /profile page."""
    back = decide(browser, to_consent(browser), "approve", categories)
    returned = query_of(back.headers["location"])
    assert returned["iss"] == PLATFORM_URL
    assert set(returned) == {"code", "state", "iss"}
    callback = browser.follow(back)
    assert callback.status_code == 303, callback.text
    assert callback.headers["location"] == "/profile"
    profile = browser.follow(callback)
    assert profile.status_code == 200, profile.text
    return profile


def access_log(citizen: Citizen, client_id: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = citizen.browser.get(PLATFORM_URL + "/v1/me/access-log").json()["entries"]
    return [entry for entry in entries if entry["accessor"] == client_id]


# ---- The tests ---------------------------------------------------------------------------------------------


def test_consent_read_withdraw_refused_and_logged(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    browser = citizen.browser
    profile = connect(browser, ["skills", "education"])

    # The service shows exactly what was granted: both skills and the education, not the experience.
    for label in citizen.skill_labels:
        assert escape(label) in profile.text
    assert EDUCATION_TITLE in profile.text
    assert "Mittuniversitetet" in profile.text
    assert EXPERIENCE_TITLE not in profile.text
    assert "Sjöfartsverket" not in profile.text

    # The tokens stay on the service's server; the browser holds only the opaque session cookie.
    tokens = browser_session(compass_app, browser).tokens
    assert tokens is not None
    assert tokens.access_token not in profile.text
    assert tokens.refresh_token is not None
    assert tokens.refresh_token not in profile.text
    assert tokens.scopes == {"vault.skills", "vault.education"}
    assert tokens.subject == oauth.pairwise_subject(
        platform.keys,
        organisation_id=platform.organisation_id,
        person_id=citizen.person_id,
    )

    # The person withdraws in one click on their authorisations page.
    mine = browser.get(PLATFORM_URL + "/v1/me/authorisations").json()
    assert [(a["client_id"], a["state"], a["categories"]) for a in mine] == [
        (platform.client_id, "given", ["skills", "education"])
    ]
    page = browser.get(PLATFORM_URL + "/me/authorisations")
    action = f"/me/authorisations/{mine[0]['id']}/withdraw"
    assert f'action="{action}"' in page.text
    withdrawn = browser.post(PLATFORM_URL + action, data={"csrf_token": csrf_of(page.text)})
    assert withdrawn.status_code == 303
    assert browser.get(PLATFORM_URL + f"/v1/me/authorisations/{mine[0]['id']}").json()["state"] == "withdrawn"

    # The service's access token has not expired, yet its very next read is refused.
    claims = oauth.verify_access_token(tokens.access_token, keys=platform.keys, settings=platform.settings)
    assert claims.authorisation_id == mine[0]["id"]
    refused = browser.get(COMPASS_URL + "/profile")
    assert refused.status_code == 200
    assert "Access withdrawn" in refused.text
    assert "authorisation_withdrawn" in refused.text
    assert 'href="/connect"' in refused.text  # it offers to connect again
    for label in citizen.skill_labels:
        assert escape(label) not in refused.text
    assert EDUCATION_TITLE not in refused.text
    assert browser_session(compass_app, browser).tokens is None  # the service forgot the connection
    assert "Not connected" in browser.get(COMPASS_URL + "/profile").text

    # The withdrawal revoked the refresh token too.
    again = browser.platform.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": platform.client_id,
        },
    )
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"

    # The person's access log shows the release and the refusal, each exactly once.
    log = access_log(citizen, platform.client_id)
    assert [(e["outcome"], e["reason"]) for e in reversed(log)] == [
        ("released", "released"),
        ("denied", "authorisation_withdrawn"),
    ]
    assert all(e["accessor_name"] == SERVICE_NAME for e in log)
    assert all(e["authorisation_id"] == mine[0]["id"] for e in log)
    assert all(e["purpose"] == "career-guidance" for e in log)
    assert log[1]["categories"] == ["education", "skills"]

    # And "who read my data" names the service, once as released and once as denied.
    who = browser.get(PLATFORM_URL + "/me/access-log", params={"lang": "en"})
    assert who.status_code == 200
    assert who.text.count(f'<th scope="row">{escape(SERVICE_NAME)}</th>') == 2
    assert "Released" in who.text
    assert "Denied" in who.text


def test_a_partial_grant_shows_only_the_granted_category(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    profile = connect(citizen.browser, ["skills"])
    for label in citizen.skill_labels:
        assert escape(label) in profile.text
    assert EDUCATION_TITLE not in profile.text
    assert EXPERIENCE_TITLE not in profile.text
    assert "You do not share: education." in profile.text
    tokens = browser_session(compass_app, citizen.browser).tokens
    assert tokens is not None
    assert tokens.scopes == {"vault.skills"}
    log = access_log(citizen, platform.client_id)
    assert [(e["outcome"], e["categories"]) for e in log] == [("released", ["skills"])]


def test_deny_on_the_consent_screen_gives_the_service_nothing(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    browser = citizen.browser
    back = decide(browser, to_consent(browser), "deny", [])
    assert set(query_of(back.headers["location"])) == {"error", "state", "iss"}
    denied = browser.follow(back)
    assert denied.status_code == 200
    assert "Access denied" in denied.text
    assert "Åtkomst nekad" in denied.text
    assert browser_session(compass_app, browser).tokens is None
    assert "Not connected" in browser.get(COMPASS_URL + "/profile").text
    assert browser.get(PLATFORM_URL + "/v1/me/authorisations").json() == []
    assert access_log(citizen, platform.client_id) == []


def test_an_expired_access_token_is_refreshed_and_the_refresh_token_rotated(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    browser = citizen.browser
    connect(browser, ["skills", "education"])
    session = browser_session(compass_app, browser)
    tokens = session.tokens
    assert tokens is not None
    claims = oauth.verify_access_token(tokens.access_token, keys=platform.keys, settings=platform.settings)
    expired = issue_access_token(
        keys=platform.keys,
        settings=platform.settings,
        client_id=claims.client_id,
        organisation_id=claims.organisation_id,
        subject=claims.subject,
        scopes=sorted(claims.scopes),
        authorisation_id=claims.authorisation_id,
        now=utcnow() - timedelta(days=1),
    )
    assert (
        browser.platform.get(
            f"/v1/people/{claims.subject}/profile", headers={"Authorization": f"Bearer {expired.token}"}
        ).status_code
        == 401
    )
    session.tokens = type(tokens)(
        access_token=expired.token,
        refresh_token=tokens.refresh_token,
        subject=tokens.subject,
        scopes=tokens.scopes,
    )

    profile = browser.get(COMPASS_URL + "/profile")
    assert profile.status_code == 200
    assert EDUCATION_TITLE in profile.text
    renewed = session.tokens
    assert renewed is not None
    assert renewed.access_token not in (tokens.access_token, expired.token)
    assert renewed.refresh_token not in (None, tokens.refresh_token)  # rotated, and the new one is kept
    assert renewed.subject == tokens.subject
    old = browser.platform.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": platform.client_id,
        },
    )
    assert old.status_code == 400  # the old refresh token no longer works
    # Two releases (the first read and the read after refreshing); the 401 left no log entry.
    assert [e["outcome"] for e in access_log(citizen, platform.client_id)] == ["released", "released"]


def test_the_callback_checks_state_and_issuer(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    browser = citizen.browser
    back = decide(browser, to_consent(browser), "approve", ["skills"])
    returned = query_of(back.headers["location"])

    # An answer from another issuer (an authorization server mix-up) is not used, and uses the state up.
    mixed_up = browser.get(REDIRECT_URI, params=returned | {"iss": "https://evil.example"})
    assert mixed_up.status_code == 400
    assert "Wrong sender" in mixed_up.text
    replay = browser.get(REDIRECT_URI, params=returned)
    assert replay.status_code == 400
    assert "Unknown connection" in replay.text
    assert browser_session(compass_app, browser).tokens is None

    # A state this browser never started (a forged callback) is refused without exchanging the code.
    back = decide(browser, to_consent(browser), "approve", ["skills"])
    returned = query_of(back.headers["location"])
    forged = browser.get(REDIRECT_URI, params=returned | {"state": "not-a-state-we-made"})
    assert forged.status_code == 400
    other_browser = Browser(platform.app, compass_app)
    stolen = other_browser.get(REDIRECT_URI, params=returned)
    assert stolen.status_code == 400
    assert "Unknown connection" in stolen.text
    # The right browser with the right state still completes (the code was never sent to the platform).
    assert browser.follow(back).status_code == 303
    assert browser_session(compass_app, browser).tokens is not None


def test_the_service_trusts_only_tokens_signed_by_the_platform(
    platform: Platform, compass_app: FastAPI, citizen: Citizen
) -> None:
    connect(citizen.browser, ["skills"])
    tokens = browser_session(compass_app, citizen.browser).tokens
    assert tokens is not None
    verifier = compass_of(compass_app).platform
    assert verifier.verify_access_token(tokens.access_token).subject == tokens.subject

    decoded = jwt.decode(
        tokens.access_token, OKPKey.import_key(platform.keys.public_key), registry=JWS_REGISTRY
    )
    stranger = OKPKey.import_key(Ed25519PrivateKey.generate())
    for header, key in (
        (dict(decoded.header), stranger),  # the platform's kid, another key
        ({**decoded.header, "kid": "someone-else"}, stranger),  # a key the platform does not publish
    ):
        forged = jwt.encode(header, decoded.claims, key, registry=JWS_REGISTRY)
        with pytest.raises(PlatformError):
            verifier.verify_access_token(forged)
    genuine = OKPKey.import_key(platform.keys.signing_key)
    for claims in (
        {**decoded.claims, "client_id": "another-client"},
        {**decoded.claims, "iss": "https://evil.example"},
        {**decoded.claims, "aud": "https://evil.example/v1"},
        {**decoded.claims, "exp": int((utcnow() - timedelta(days=1)).timestamp())},
    ):
        with pytest.raises(PlatformError):
            verifier.verify_access_token(
                jwt.encode(dict(decoded.header), claims, genuine, registry=JWS_REGISTRY)
            )
    with pytest.raises(PlatformError):
        verifier.verify_access_token(
            jwt.encode({**decoded.header, "typ": "JWT"}, decoded.claims, genuine, registry=JWS_REGISTRY)
        )
