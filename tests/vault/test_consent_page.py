"""The consent screen: a service asks (OAuth authorization code + PKCE), the person sees everything it asks
for, grants all or some of it (or denies), and the browser goes back to the service."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.core.db import session_scope
from samskapa.vault import service
from samskapa.vault.models import Authorisation
from tests.databases import DatabaseFactory
from tests.vault.test_pages import check_accessible, csrf_of, factory, make_app, sign_in

REDIRECT = "https://tjanst.example.org/callback"
SERVICE = "Vägledningsappen"


@dataclass(frozen=True)
class Client:
    client_id: str
    organisation_id: str


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def new_pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return Pkce(verifier=verifier, challenge=challenge)


@pytest.fixture(scope="module")
def vault_app(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """The app over a fresh migrated database of its own (the consent screen needs no taxonomy)."""
    return make_app(databases.migrated_engine("vault-consent"), tmp_path_factory.mktemp("vault-consent"))


@pytest.fixture
def browser(vault_app: FastAPI) -> TestClient:
    """A fresh browser (its own cookies), not following redirects."""
    return TestClient(vault_app, follow_redirects=False)


@pytest.fixture(scope="module")
def client(vault_app: FastAPI) -> Client:
    """A public client (an app: PKCE, no secret) of an organisation, asking for three kinds of data."""
    with session_scope(factory(vault_app)) as session:
        organisation = accounts.create_organisation(
            session,
            name=f"vagledning-{secrets.token_hex(3)}",
            type_="agency",
            title_sv="Vägledningscentrum",
            title_en="Guidance Centre",
        )
        row, _ = oauth.register_client(
            session,
            organisation=organisation,
            name=SERVICE,
            redirect_uris=[REDIRECT],
            purpose="career-guidance",
            categories=["skills", "education", "experience"],
            retention_days=30,
            confidential=False,
        )
        return Client(client_id=row.id, organisation_id=organisation.id)


def start(
    browser: TestClient, client: Client, pkce: Pkce, scope: str = "vault.skills vault.education"
) -> str:
    """The service sends the signed-in browser to /oauth/authorize; it lands on the consent screen."""
    answer = browser.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": REDIRECT,
            "scope": scope,
            "state": "st-42",
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
        },
    )
    assert answer.status_code == 303, answer.text
    location = str(answer.headers["location"])
    assert location.startswith("/me/consent/")
    return location


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_consent_screen_shows_everything_the_service_asks_for(
    vault_app: FastAPI, browser: TestClient, client: Client
) -> None:
    sign_in(vault_app, browser)
    consent = start(browser, client, new_pkce())
    page = browser.get(consent, params={"lang": "en"})
    assert page.status_code == 200
    check_accessible(page.text)
    text = text_of(page.text)
    assert f"{SERVICE} wants to read your data" in text  # the service
    assert "Guidance Centre" in text  # the organisation behind it
    assert "Purpose: Career guidance." in text  # the purpose, with its description
    assert "to advise you on education and occupations" in text
    assert "Data asked for: Skills, Education records." in text  # the categories
    for code in ("skills", "education"):
        assert f'id="category-{code}" name="categories" value="{code}" checked' in page.text
    assert 'value="experience"' not in page.text  # registered, but not asked for this time
    assert "The service may: read." in text  # the operations
    assert "Guidance Centre keeps the data it reads for at most 30 days." in text  # the retention
    for days in (30, 180, 365):
        assert f'id="valid-{days}" name="valid_days" value="{days}">' in page.text
    assert 'id="valid-90" name="valid_days" value="90" checked>' in page.text  # the validity
    assert "You can withdraw the authorisation at any time with one click" in text  # how to withdraw
    assert 'href="/me/authorisations"' in page.text
    assert 'name="decision" value="approve"' in page.text
    assert 'name="decision" value="deny"' in page.text
    sv = text_of(browser.get(consent, params={"lang": "sv"}).text)
    assert f"{SERVICE} vill läsa dina uppgifter" in sv
    assert "Vägledningscentrum" in sv
    assert "Ändamål: Studie- och yrkesvägledning." in sv
    assert "Uppgifter som efterfrågas: Kompetenser, Utbildningar." in sv
    assert "högst 30 dagar" in sv


def test_approving_grants_exactly_the_chosen_categories_and_returns_a_code(
    vault_app: FastAPI, browser: TestClient, client: Client
) -> None:
    person_id = sign_in(vault_app, browser)
    pkce = new_pkce()
    consent = start(browser, client, pkce)
    page = browser.get(consent, params={"lang": "en"})
    shown = text_of(page.text)
    answer = browser.post(
        consent,
        params={"lang": "en"},
        data={
            "csrf_token": csrf_of(page.text),
            "categories": ["skills"],
            "valid_days": "180",
            "decision": "approve",
        },
    )
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith(REDIRECT + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["st-42"]
    assert query["code"][0]

    with session_scope(factory(vault_app)) as session:
        rows = session.scalars(select(Authorisation).where(Authorisation.person_id == person_id)).all()
        assert len(rows) == 1
        row = rows[0]
        assert json.loads(row.categories) == ["skills"]
        assert json.loads(row.operations) == ["read"]
        assert json.loads(row.purposes) == ["career-guidance"]
        assert row.kind == "consent"
        assert row.client_id == client.client_id
        assert row.organisation_id == client.organisation_id
        assert row.client_name == SERVICE
        assert row.retention_days == 30
        assert row.valid_until - row.valid_from == timedelta(days=180)
        assert row.subject == oauth.pairwise_subject(
            vault_app.state.keys, organisation_id=client.organisation_id, person_id=person_id
        )
        assert row.withdrawal_method.endswith("/me/authorisations")
        notice = json.loads(row.notice)
        assert notice["language"] == "en"
        authorisation_id = row.id
    # The receipt records the hash of exactly the text the person was shown.
    paragraphs = re.findall(r"<p>([^<]+)</p>", page.text)
    notice_text = "\n\n".join(
        unescape(p)
        for p in paragraphs
        if unescape(p).startswith(
            ("The service ", "Purpose:", "Data asked", "The service may", "Guidance", "You can")
        )
    )
    assert all(unescape(p) in shown for p in paragraphs)
    assert notice["sha256"] == hashlib.sha256(notice_text.encode()).hexdigest()

    # The code is the service's: exchanged with the PKCE verifier, it gives a token for the skills only.
    token = browser.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT,
            "client_id": client.client_id,
            "code_verifier": pkce.verifier,
        },
    )
    assert token.status_code == 200, token.text
    assert token.json()["scope"] == "vault.skills"

    listed = browser.get("/me/authorisations", params={"lang": "en"})
    assert f'id="auth-{authorisation_id}"' in listed.text
    assert SERVICE in listed.text
    assert "Guidance Centre" in listed.text


def test_denying_sends_the_browser_back_with_access_denied_and_grants_nothing(
    vault_app: FastAPI, browser: TestClient, client: Client
) -> None:
    person_id = sign_in(vault_app, browser)
    consent = start(browser, client, new_pkce())
    page = browser.get(consent)
    answer = browser.post(consent, data={"csrf_token": csrf_of(page.text), "decision": "deny"})
    assert answer.status_code == 303
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["st-42"]
    with session_scope(factory(vault_app)) as session:
        assert service.my_authorisations(session, person_id=person_id) == []
    # The request is used up.
    assert browser.get(consent).status_code == 404


def test_approving_nothing_is_an_error_on_the_screen(
    vault_app: FastAPI, browser: TestClient, client: Client
) -> None:
    person_id = sign_in(vault_app, browser)
    consent = start(browser, client, new_pkce())
    page = browser.get(consent)
    answer = browser.post(
        consent,
        params={"lang": "en"},
        data={"csrf_token": csrf_of(page.text), "valid_days": "90", "decision": "approve"},
    )
    assert answer.status_code == 400
    check_accessible(answer.text)
    assert 'href="#category-skills"' in answer.text
    assert "Tick at least one kind of data to share, or deny." in answer.text
    assert 'aria-describedby="categories-hint categories-error"' in answer.text
    answer = browser.post(
        consent,
        params={"lang": "en"},
        data={
            "csrf_token": csrf_of(page.text),
            "categories": "skills",
            "valid_days": "7",
            "decision": "approve",
        },
    )
    assert answer.status_code == 400
    assert "Choose how long the authorisation lasts." in answer.text
    with session_scope(factory(vault_app)) as session:
        assert service.my_authorisations(session, person_id=person_id) == []


def test_an_unknown_or_someone_elses_request_is_a_clear_not_found_page(
    vault_app: FastAPI, browser: TestClient, client: Client
) -> None:
    owner = TestClient(vault_app, follow_redirects=False)
    sign_in(vault_app, owner, name="Owner")
    theirs = start(owner, client, new_pkce())
    sign_in(vault_app, browser)
    for path in ("/me/consent/no-such-request", theirs):
        page = browser.get(path, params={"lang": "en"})
        assert page.status_code == 404
        check_accessible(page.text)
        assert "The request does not exist or has expired" in page.text
        assert "No data has been shared." in page.text
    csrf = csrf_of(browser.get("/me/profile").text)
    refused = browser.post(theirs, data={"csrf_token": csrf, "categories": "skills", "decision": "approve"})
    assert refused.status_code == 404
    assert owner.get(theirs).status_code == 200  # still there for its owner
