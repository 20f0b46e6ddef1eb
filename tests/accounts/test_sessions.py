"""Sign-in for people: passwords, sessions in a cookie, throttling, CSRF and sign-out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import InvalidAccountInput, InvalidLogin, LoginThrottled
from samskapa.accounts.models import LoginSession, Person
from samskapa.accounts.sessions import InProcessLoginThrottle
from samskapa.config import Settings
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from tests.catalogue.factories import organisation

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web(session: Session, settings: Settings) -> Iterator[TestClient]:
    """The app over this test's transaction (as the catalogue's `api`), not following redirects."""
    app = create_app(settings)

    def request_session() -> Session:
        session.commit()
        return session

    app.state.session_factory = request_session
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def person(session: Session) -> Person:
    org = organisation(session)
    accounts.add_member(session, organisation=org, email="Ada@Example.org", name="Ada", role="editor")
    return accounts.set_password(session, email="ada@example.org", password=PASSWORD)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the form carries no CSRF token"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str, next_path: str = "") -> tuple[int, str]:
    form = client.get("/login")
    assert form.status_code == 200
    data = {"email": email, "password": password, "csrf_token": csrf_of(form.text)}
    if next_path:
        data["next"] = next_path
    response = client.post("/login", data=data)
    return response.status_code, response.text if response.status_code != 303 else response.headers[
        "location"
    ]


def test_password_is_stored_as_argon2id_and_must_be_long(session: Session, person: Person) -> None:
    assert person.password_hash is not None
    assert person.password_hash.startswith("$argon2id$")
    assert PASSWORD not in person.password_hash
    with pytest.raises(InvalidAccountInput):
        accounts.set_password(session, email=person.email, password="short")


def test_verify_login_refuses_wrong_and_unknown_and_throttles(session: Session, person: Person) -> None:
    assert accounts.verify_login(session, email="ADA@example.org", password=PASSWORD).id == person.id
    clock = [0.0]
    throttle = InProcessLoginThrottle(clock=lambda: clock[0])
    for _ in range(5):
        with pytest.raises(InvalidLogin):
            accounts.verify_login(session, email=person.email, password="wrong password!", throttle=throttle)
    with pytest.raises(LoginThrottled) as refused:
        accounts.verify_login(session, email=person.email, password=PASSWORD, throttle=throttle)
    assert refused.value.headers["Retry-After"] == "900"
    clock[0] = 15 * 60
    assert accounts.verify_login(session, email=person.email, password=PASSWORD, throttle=throttle)
    with pytest.raises(InvalidLogin):
        accounts.verify_login(session, email="nobody@example.org", password=PASSWORD)


def test_login_with_the_right_password_sets_a_safe_cookie(
    web: TestClient, session: Session, person: Person
) -> None:
    status, location = log_in(web, "ada@example.org", PASSWORD, next_path="/datasets")
    assert (status, location) == (303, "/datasets")
    cookie = web.cookies.get(SESSION_COOKIE)
    assert cookie
    # Only the token's hash is stored.
    stored = session.scalars(select(LoginSession.id).where(LoginSession.person_id == person.id)).all()
    assert len(stored) == 1
    assert stored[0] != cookie
    account = web.get("/account")
    assert account.status_code == 200
    assert "ada@example.org" in account.text


def test_session_cookie_flags(web: TestClient, person: Person) -> None:
    form = web.get("/login")
    response = web.post(
        "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    set_cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie
    assert "Path=/" in set_cookie
    assert "Secure" not in set_cookie  # the test site is http; https sites get Secure


def test_secure_flag_on_https_sites(session: Session, settings: Settings, person: Person) -> None:
    app = create_app(settings.model_copy(update={"base_url": "https://data.example.org"}))

    def request_session() -> Session:
        session.commit()
        return session

    app.state.session_factory = request_session
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        form = client.get("/login")
        response = client.post(
            "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
        )
    set_cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith(SESSION_COOKIE))
    assert "Secure" in set_cookie


def test_wrong_password_sets_no_cookie_and_says_so(web: TestClient, person: Person) -> None:
    status, page = log_in(web, person.email, "not the password")
    assert status == 400
    assert SESSION_COOKIE not in web.cookies
    assert 'class="error-summary"' in page
    assert 'href="#email"' in page
    assert 'aria-invalid="true"' in page
    assert f'value="{person.email}"' in page
    assert web.get("/account").status_code == 303


def test_unknown_email_gets_the_same_answer(web: TestClient, person: Person) -> None:
    del person
    status, page = log_in(web, "nobody@example.org", PASSWORD)
    assert status == 400
    assert SESSION_COOKIE not in web.cookies
    assert "E-postadressen eller lösenordet är fel." in page


def test_throttled_after_five_failures(web: TestClient, person: Person) -> None:
    for _ in range(5):
        assert log_in(web, person.email, "not the password")[0] == 400
    form = web.get("/login")
    response = web.post(
        "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 900
    assert SESSION_COOKIE not in web.cookies
    # Another email is not affected.
    assert log_in(web, "someone@example.org", "whatever it is")[0] == 400


def test_login_form_needs_its_csrf_token(web: TestClient, person: Person) -> None:
    web.get("/login")
    without = web.post("/login", data={"email": person.email, "password": PASSWORD})
    wrong = web.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": "forged"})
    assert without.status_code == 403
    assert wrong.status_code == 403
    assert SESSION_COOKIE not in web.cookies


def test_next_never_leaves_the_site(web: TestClient, person: Person) -> None:
    assert log_in(web, person.email, PASSWORD, next_path="https://evil.example/")[1] == "/account"


def test_logout_ends_the_session(web: TestClient, session: Session, person: Person) -> None:
    log_in(web, person.email, PASSWORD)
    token = web.cookies[SESSION_COOKIE]
    account = web.get("/account")
    refused = web.post("/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    response = web.post("/logout", data={"csrf_token": csrf_of(account.text)})
    assert response.status_code == 303
    assert session.scalars(select(LoginSession).where(LoginSession.person_id == person.id)).first() is None
    # The old cookie no longer works, even if a browser kept it.
    web.cookies.set(SESSION_COOKIE, token)
    assert web.get("/account").status_code == 303
    assert accounts.signed_in(session, token=token) is None


def test_csrf_token_belongs_to_the_session(web: TestClient, person: Person) -> None:
    log_in(web, person.email, PASSWORD)
    token = csrf_of(web.get("/account").text)
    signed = accounts.SignedIn("p", "e", "n", "s", token)
    signed.check_csrf(token)
    with pytest.raises(Exception, match="security token"):
        signed.check_csrf(token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(Exception, match="security token"):
        signed.check_csrf(None)


def test_new_password_ends_open_sessions(web: TestClient, session: Session, person: Person) -> None:
    log_in(web, person.email, PASSWORD)
    accounts.set_password(session, email=person.email, password="another long password")
    assert web.get("/account").status_code == 303


def test_account_and_login_pages_are_well_formed(web: TestClient, person: Person) -> None:
    login = web.get("/login").text
    assert login.count("<h1") == 1
    assert '<label for="email">' in login
    assert '<label for="password">' in login
    assert 'autocomplete="current-password"' in login
    log_in(web, person.email, PASSWORD)
    account = web.get("/account?lang=en").text
    assert account.count("<h1") == 1
    assert "Publish a dataset" in account
    assert "Editor" in account
