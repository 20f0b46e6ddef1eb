"""Citizen sign-up on /register, the password policy, the account page and erasure of a person."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import EmailTaken, InvalidAccountInput, PersonNotFound
from samskapa.accounts.models import ExternalIdentity, LoginSession, Membership, Person
from samskapa.config import Settings
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from tests.catalogue.factories import organisation

PASSWORD = "a walk in the birch forest"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web(session: Session, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)

    def request_session() -> Session:
        session.commit()
        return session

    app.state.session_factory = request_session
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sign_up(web: TestClient, **fields: str) -> tuple[int, str]:
    form = web.get("/register")
    assert form.status_code == 200
    found = CSRF.search(form.text)
    assert found is not None
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(fields)
    response = web.post("/register", data={**data, "csrf_token": found.group(1)})
    return response.status_code, response.headers[
        "location"
    ] if response.status_code == 303 else response.text


def test_the_form_is_accessible(web: TestClient) -> None:
    page = web.get("/register").text
    for field, autocomplete in (
        ("name", "name"),
        ("email", "email"),
        ("password", "new-password"),
        ("password_confirm", "new-password"),
    ):
        assert f'<label for="{field}">' in page
        assert re.search(rf'id="{field}" name="{field}"[^>]*autocomplete="{autocomplete}"', page), field
    assert 'aria-describedby="password-hint"' in page
    assert "Minst 12 tecken" in page
    assert 'href="/login"' in page


def test_sign_up_creates_a_person_and_signs_them_in(web: TestClient, session: Session) -> None:
    status, location = sign_up(web, email="Ada@Example.org", next="/datasets")
    assert (status, location) == (303, "/datasets")
    person = session.scalars(select(Person).where(Person.email == "ada@example.org")).one()
    assert person.name == "Ada Lovelace"
    assert person.password_hash is not None
    assert person.password_hash.startswith("$argon2id$")
    assert person.email_verified is False
    assert web.cookies.get(SESSION_COOKIE)
    account = web.get("/account")
    assert account.status_code == 200
    assert "ada@example.org" in account.text
    assert accounts.verify_login(session, email="ada@example.org", password=PASSWORD).id == person.id


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "short one", "password_confirm": "short one"}, "password", "minst 12 tecken"),
        ({"password": "password1234", "password_confirm": "password1234"}, "password", "de vanligaste"),
        (
            {"password": "ada@example.org", "password_confirm": "ada@example.org"},
            "password",
            "Använd inte din e-postadress",
        ),
        ({"password_confirm": "something else entirely"}, "password_confirm", "inte likadana"),
        ({"password_confirm": ""}, "password_confirm", "Upprepa lösenordet"),
        ({"name": "  "}, "name", "Fyll i ditt namn"),
        ({"email": "not an address"}, "email", "namn@exempel.se"),
        ({"email": ""}, "email", "Fyll i din e-postadress"),
    ],
)
def test_sign_up_errors_are_shown_with_a_summary(
    web: TestClient, session: Session, fields: dict[str, str], field: str, message: str
) -> None:
    status, page = sign_up(web, **fields)
    assert status == 400
    assert 'class="error-summary"' in page
    assert f'href="#{field}"' in page
    assert f'id="{field}-error"' in page
    assert message in page
    assert SESSION_COOKIE not in web.cookies
    assert session.scalars(select(Person).where(Person.name == "Ada Lovelace")).first() is None


def test_an_email_with_an_account_is_said_to_be_taken(web: TestClient, session: Session) -> None:
    accounts.register_person(session, name="Ada", email="ada@example.org", password=PASSWORD)
    status, page = sign_up(web, email="ADA@example.org")
    assert status == 409
    assert "Det finns redan ett konto med den här e-postadressen" in page
    assert SESSION_COOKIE not in web.cookies


def test_sign_up_needs_the_form_token(web: TestClient) -> None:
    web.get("/register")
    response = web.post(
        "/register",
        data={"name": "A", "email": "a@example.org", "password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 403


def test_new_accounts_are_rate_limited_per_address(web: TestClient) -> None:
    for number in range(5):
        status, _ = sign_up(web, email=f"person{number}@example.org")
        assert status == 303
        web.cookies.delete(SESSION_COOKIE)
    status, page = sign_up(web, email="person6@example.org")
    assert status == 429
    assert "Försök igen om 60 minuter" in page


def test_the_login_page_links_to_sign_up_and_signed_in_people_skip_it(web: TestClient) -> None:
    assert 'href="/register"' in web.get("/login").text
    assert "Skapa ett konto" in web.get("/login").text
    sign_up(web)
    assert web.get("/register").headers["location"] == "/account"


def test_the_account_page_shows_memberships_and_links_to_my_data(web: TestClient, session: Session) -> None:
    sign_up(web)
    org = organisation(session)
    accounts.add_member(session, organisation=org, email="ada@example.org", name="Ada", role="moderator")
    page = web.get("/account").text
    assert org.title_sv in page
    assert "Moderator" in page
    assert '<a href="/me/profile">Mina uppgifter</a>' in page
    assert "My data" in web.get("/account?lang=en").text


def test_password_policy() -> None:
    assert accounts.password_problem("short") == "too_short"
    assert accounts.password_problem("x" * 1025) == "too_long"
    assert accounts.password_problem("Password1234") == "common"
    assert accounts.password_problem("aaaaaaaaaaaaaaaa") == "common"
    assert (
        accounts.password_problem("ada.lovelace@example.org", email="Ada.Lovelace@example.org") == "is_email"
    )
    assert accounts.password_problem(PASSWORD, email="ada@example.org") is None


def test_register_person_checks_everything_itself(session: Session) -> None:
    with pytest.raises(InvalidAccountInput) as refused:
        accounts.register_person(session, name="", email="nope", password="short")
    assert {error.field for error in refused.value.field_errors} == {"name", "email", "password"}
    accounts.register_person(session, name="Ada", email="ada@example.org", password=PASSWORD)
    with pytest.raises(EmailTaken):
        accounts.register_person(session, name="Ada", email="Ada@example.org", password=PASSWORD)


def test_erase_person(session: Session) -> None:
    org = organisation(session)
    membership = accounts.add_member(
        session, organisation=org, email="eva@example.org", name="Eva", role="admin"
    )
    accounts.set_password(session, email="eva@example.org", password=PASSWORD)
    person_id = membership.person_id
    person = session.get(Person, person_id)
    assert person is not None
    accounts.start_session(session, person=person)
    accounts.sign_in_external(
        session, provider="freja", subject="abc", email="eva@example.org", email_verified=True, name="Eva"
    )
    assert session.scalars(select(ExternalIdentity).where(ExternalIdentity.person_id == person_id)).all()

    accounts.erase_person(session, person_id=person_id)
    erased = session.get(Person, person_id)
    assert erased is not None
    assert (erased.email, erased.name, erased.password_hash) == (f"erased-{person_id}@invalid", "", None)
    for table in (LoginSession, ExternalIdentity, Membership):
        assert session.scalars(select(table).where(table.person_id == person_id)).all() == []
    assert not accounts.has_real_email(erased.email)
    # The address is free again, and the provider's subject makes a new person.
    again = accounts.sign_in_external(
        session, provider="freja", subject="abc", email="eva@example.org", email_verified=True, name="Eva"
    )
    assert again.id != person_id
    assert again.email == "eva@example.org"
    with pytest.raises(PersonNotFound):
        accounts.erase_person(session, person_id="no-such-person")
