"""Sign-in with an OpenID Connect provider: the whole redirect dance against the local test provider."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import ExternalIdentity, LoginSession, Person
from samskapa.config import OidcProvider, Settings
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, ISSUER, LocalProvider, new_key
from tests.catalogue.factories import organisation

NAME = "testid"
CALLBACK = f"http://testserver/login/oidc/{NAME}/callback"


@pytest.fixture
def provider() -> LocalProvider:
    return LocalProvider(
        redirect_uris={CALLBACK},
        claims={"sub": "user-1", "email": "eva@example.org", "email_verified": True, "name": "Eva Svensson"},
    )


def _app_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "base_url": "http://testserver",
            "oidc_providers": [
                OidcProvider.model_validate(
                    {
                        "name": NAME,
                        "title_sv": "Test-ID",
                        "title_en": "Test ID",
                        "issuer": ISSUER,
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                    }
                )
            ],
        }
    )


@pytest.fixture
def web(session: Session, settings: Settings, provider: LocalProvider) -> Iterator[TestClient]:
    app = create_app(_app_settings(settings))

    def request_session() -> Session:
        session.commit()
        return session

    app.state.session_factory = request_session
    app.state.oidc_transport = provider.transport()
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sign_in(web: TestClient, provider: LocalProvider, *, next_path: str = "") -> Response:
    """Start at Samskapa, let the provider approve, and come back: the callback's response."""
    start = web.get(f"/login/oidc/{NAME}" + (f"?{urlencode({'next': next_path})}" if next_path else ""))
    assert start.status_code == 303, start.text
    location = start.headers["location"]
    assert location.startswith(f"{ISSUER}/authorize?")
    approved = provider.browser.get(location)
    assert approved.status_code == 302, approved.text
    back = approved.headers["location"]
    assert back.startswith(CALLBACK)
    done: Response = web.get(back)
    return done


def _person(session: Session, subject: str) -> Person | None:
    return session.scalars(
        select(Person)
        .join(ExternalIdentity, ExternalIdentity.person_id == Person.id)
        .where(ExternalIdentity.provider == NAME, ExternalIdentity.subject == subject)
    ).first()


def test_the_authorization_request_uses_pkce_state_and_nonce(web: TestClient) -> None:
    start = web.get(f"/login/oidc/{NAME}")
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert "openid" in query["scope"][0].split()
    cookie = next(v for v in start.headers.get_list("set-cookie") if v.startswith("samskapa_oidc="))
    assert "HttpOnly" in cookie
    assert "Path=/login/oidc" in cookie
    assert "SameSite=lax" in cookie
    # The verifier is not in the URL; it goes to the token endpoint only.
    assert "code_verifier" not in start.headers["location"]


def test_first_sign_in_creates_a_person_and_the_second_finds_them(
    web: TestClient, session: Session, provider: LocalProvider
) -> None:
    done = sign_in(web, provider, next_path="/datasets")
    assert (done.status_code, done.headers["location"]) == (303, "/datasets")
    assert web.cookies.get(SESSION_COOKIE)
    person = _person(session, "user-1")
    assert person is not None
    assert (person.email, person.name, person.email_verified) == ("eva@example.org", "Eva Svensson", True)
    assert person.password_hash is None
    # The token request carried PKCE's verifier and the client authenticated.
    assert provider.token_requests[-1]["code_verifier"]
    account = web.get("/account")
    assert account.status_code == 200
    assert "eva@example.org" in account.text
    assert "Test-ID" in account.text

    web.cookies.clear()
    again = sign_in(web, provider)
    assert (again.status_code, again.headers["location"]) == (303, "/account")
    assert _person(session, "user-1") is not None
    assert _person(session, "user-1").id == person.id  # type: ignore[union-attr]
    identities = session.scalars(
        select(ExternalIdentity).where(ExternalIdentity.person_id == person.id)
    ).all()
    assert len(identities) == 1


def test_verified_email_links_an_existing_account(
    web: TestClient, session: Session, provider: LocalProvider
) -> None:
    org = organisation(session)
    member = accounts.add_member(
        session, organisation=org, email="eva@example.org", name="Eva", role="editor"
    )
    accounts.set_password(session, email="eva@example.org", password="a long enough passphrase")
    done = sign_in(web, provider)
    assert done.status_code == 303
    person = _person(session, "user-1")
    assert person is not None
    assert person.id == member.person_id
    # An address an admin vouched for keeps its password.
    assert person.password_hash is not None


def test_linking_a_self_registered_address_drops_its_password(
    web: TestClient, session: Session, provider: LocalProvider
) -> None:
    """Pre-account hijacking: someone registered the address first; the eID holder is its proven owner."""
    squatter = accounts.register_person(
        session, name="Not Eva", email="eva@example.org", password="the squatter's password"
    )
    accounts.start_session(session, person=squatter)
    sign_in(web, provider)
    person = _person(session, "user-1")
    assert person is not None
    assert person.id == squatter.id
    assert person.password_hash is None
    assert person.email_verified is True
    sessions = session.scalars(select(LoginSession).where(LoginSession.person_id == person.id)).all()
    assert len(sessions) == 1  # only the one just started


def test_unverified_email_never_links(web: TestClient, session: Session, provider: LocalProvider) -> None:
    existing = accounts.register_person(
        session, name="Eva", email="eva@example.org", password="eva's own passphrase"
    )
    provider.claims["email_verified"] = False
    sign_in(web, provider)
    person = _person(session, "user-1")
    assert person is not None
    assert person.id != existing.id
    assert person.email != "eva@example.org"
    assert not accounts.has_real_email(person.email)
    assert existing.password_hash is not None
    assert "Ingen e-postadress" in web.get("/account").text


def test_an_unverified_email_is_not_stored(
    web: TestClient, session: Session, provider: LocalProvider
) -> None:
    provider.claims["email_verified"] = False
    provider.claims["email"] = "someone.else@example.org"
    sign_in(web, provider)
    person = _person(session, "user-1")
    assert person is not None
    assert person.email.endswith(".invalid")
    assert session.scalars(select(Person).where(Person.email == "someone.else@example.org")).first() is None


def _refused(response: Response, web: TestClient, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert SESSION_COOKIE not in web.cookies
    assert 'role="alert"' in response.text
    assert "Inloggningen misslyckades" in response.text or "Okänd inloggningstjänst" in response.text


def test_tampered_state_is_refused(web: TestClient, provider: LocalProvider, session: Session) -> None:
    start = web.get(f"/login/oidc/{NAME}")
    approved = provider.browser.get(start.headers["location"])
    back = approved.headers["location"]
    query = parse_qs(urlsplit(back).query)
    tampered = f"{CALLBACK}?{urlencode({'code': query['code'][0], 'state': 'forged-' + query['state'][0]})}"
    response = web.get(tampered)
    _refused(response, web)
    assert "hörde inte till din inloggning" in response.text
    assert _person(session, "user-1") is None


def test_callback_without_the_state_cookie_or_with_a_forged_one_is_refused(
    web: TestClient, provider: LocalProvider
) -> None:
    start = web.get(f"/login/oidc/{NAME}")
    back = provider.browser.get(start.headers["location"]).headers["location"]
    cookie = web.cookies.get("samskapa_oidc")
    assert cookie
    web.cookies.clear()
    _refused(web.get(back), web)
    web.cookies.set("samskapa_oidc", cookie[:-4] + "AAAA", domain="testserver.local", path="/login/oidc")
    _refused(web.get(back), web)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"id_token_overrides": {"nonce": "another nonce"}}, "wrong nonce"),
        ({"id_token_overrides": {"aud": "another-client"}}, "wrong audience"),
        ({"id_token_overrides": {"iss": "https://evil.example"}}, "wrong issuer"),
        (
            {"id_token_overrides": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}},
            "expired",
        ),
        ({"id_token_overrides": {"iat": int(time.time()) + 3600}}, "issued in the future"),
        ({"id_token_overrides": {"sub": None}}, "no subject"),
        ({"signing_key": new_key("key-1")}, "signed by another key with the same kid"),
        ({"algorithm": "none"}, "alg none"),
        ({"algorithm": "HS256"}, "HMAC with the client secret"),
    ],
)
def test_bad_id_tokens_are_refused(
    web: TestClient, provider: LocalProvider, session: Session, change: dict[str, object], why: str
) -> None:
    for attribute, value in change.items():
        setattr(provider, attribute, value)
    response = sign_in(web, provider)
    _refused(response, web)
    assert "Vi kunde inte lita på svaret" in response.text, why
    assert _person(session, "user-1") is None


def test_a_token_signed_with_an_unknown_key_makes_the_keys_be_fetched_again(
    web: TestClient, provider: LocalProvider, session: Session
) -> None:
    assert sign_in(web, provider).status_code == 303
    provider.key = new_key("key-2")  # the provider rotates its key; the app has the old JWKS cached
    web.cookies.clear()
    assert sign_in(web, provider).status_code == 303


def test_a_provider_error_is_a_clear_page(web: TestClient, provider: LocalProvider) -> None:
    provider.authorize_error = "access_denied"
    response = sign_in(web, provider)
    _refused(response, web)
    assert "avbröt inloggningen" in response.text
    english = web.get(f"{CALLBACK}?error=access_denied&state=x", headers={"accept-language": "en"})
    assert english.status_code == 400
    assert "Sign-in failed" in english.text


def test_a_used_code_cannot_be_used_again(web: TestClient, provider: LocalProvider) -> None:
    start = web.get(f"/login/oidc/{NAME}")
    back = provider.browser.get(start.headers["location"]).headers["location"]
    cookie = web.cookies.get("samskapa_oidc")
    assert web.get(back).status_code == 303
    web.cookies.clear()
    web.cookies.set("samskapa_oidc", str(cookie), domain="testserver.local", path="/login/oidc")
    _refused(web.get(back), web)


def test_unknown_provider_is_a_404_page(web: TestClient) -> None:
    for path in ("/login/oidc/nobody", "/login/oidc/nobody/callback?code=x&state=y"):
        response = web.get(path)
        assert response.status_code == 404
        assert "Okänd inloggningstjänst" in response.text


def test_an_unreachable_provider_is_a_502_page_not_a_500(
    session: Session, settings: Settings, provider: LocalProvider
) -> None:
    app = create_app(_app_settings(settings))
    app.state.session_factory = lambda: session
    app.state.oidc_transport = LocalProvider(issuer="https://other.example").transport()
    with TestClient(app, follow_redirects=False) as client:
        response = client.get(f"/login/oidc/{NAME}")
    assert response.status_code == 502
    assert "svarar inte just nu" in response.text


def test_the_login_page_lists_the_providers(web: TestClient) -> None:
    page = web.get("/login?next=/datasets")
    assert "Logga in med Test-ID" in page.text
    assert f'action="/login/oidc/{NAME}"' in page.text
    assert 'name="next" value="/datasets"' in page.text
    assert "Sign in with Test ID" in web.get("/login?lang=en").text


def test_the_next_path_must_be_on_this_site(web: TestClient, provider: LocalProvider) -> None:
    done = sign_in(web, provider, next_path="//evil.example/")
    assert (done.status_code, done.headers["location"]) == (303, "/account")
