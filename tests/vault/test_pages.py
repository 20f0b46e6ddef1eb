"""The vault's pages for people: profile, credentials, authorisations, access log, export and erase."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.main import create_app
from samskapa.taxonomy import service as taxonomy
from samskapa.taxonomy.models import Concept
from samskapa.vault import pages, service
from samskapa.vault.credentials import did_key_from_public_key, sign_credential
from samskapa.vault.models import Authorisation
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import VaultKeys
from samskapa.web.deps import SESSION_COOKIE
from tests.databases import DatabaseFactory
from tests.vault.conftest import grant_request

PASSWORD = "valvets-eget-losen-7391"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = ("/me/profile", "/me/credentials", "/me/authorisations", "/me/access-log", "/me/rights")


@dataclass(frozen=True)
class Issuer:
    key: Ed25519PrivateKey
    did: str


@pytest.fixture(scope="module")
def trusted_issuer() -> Issuer:
    key = Ed25519PrivateKey.generate()
    return Issuer(key=key, did=did_key_from_public_key(key.public_key()))


@pytest.fixture(scope="module")
def vault_engine(databases: DatabaseFactory, mini_sources: Path) -> Engine:
    """A fresh migrated database with the mini taxonomy (for skill concepts), shared by this module."""
    return databases.migrated_engine("vault-pages", mini_sources)


@pytest.fixture(scope="module")
def vault_app(
    vault_engine: Engine, tmp_path_factory: pytest.TempPathFactory, trusted_issuer: Issuer
) -> FastAPI:
    return make_app(vault_engine, tmp_path_factory.mktemp("vault-pages"), trusted=trusted_issuer)


def make_app(engine: Engine, data_dir: Path, *, trusted: Issuer | None = None) -> FastAPI:
    """The app over `engine`, trusting `trusted` as an issuer of credentials."""
    trust = data_dir / "trust-list.json"
    trust.write_text(json.dumps({trusted.did: [trusted.did]} if trusted else {}), encoding="utf-8")
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=data_dir,
        environment="test",
        vault_trust_list=str(trust),
    )
    return create_app(settings)


@pytest.fixture
def browser(vault_app: FastAPI) -> TestClient:
    """A fresh browser (its own cookies) on the shared app, not following redirects."""
    return TestClient(vault_app, follow_redirects=False)


def factory(app: FastAPI) -> sessionmaker[Session]:
    made: sessionmaker[Session] = app.state.session_factory
    return made


def app_keys(app: FastAPI) -> VaultKeys:
    return service.vault_keys(app.state.keys)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(app: FastAPI, browser: TestClient, name: str = "Vera Valv") -> str:
    """Create a person with a password and sign the browser in; returns the person's id."""
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    with session_scope(factory(app)) as session:
        person_id = accounts.register_person(session, name=name, email=email, password=PASSWORD).id
    form = browser.get("/login")
    answer = browser.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(form.text)}
    )
    assert answer.status_code == 303
    assert browser.cookies.get(SESSION_COOKIE)
    return person_id


def a_skill(app: FastAPI) -> str:
    with session_scope(factory(app)) as session:
        return session.execute(
            select(Concept.id).where(Concept.type == "skill").order_by(Concept.id).limit(1)
        ).scalar_one()


class Page(HTMLParser):
    """What the accessibility checks need from a page: headings, labelled fields, ids, links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.fields: list[str] = []
        self.unnamed_fields = 0
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.current: list[str] = []
        self.tables = 0
        self.captions = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and found.get("for"):
            self.label_for.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            if found.get("id"):
                self.fields.append(str(found["id"]))
            else:
                self.unnamed_fields += 1
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
            if found.get("aria-current"):
                self.current.append(str(found["href"]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1


def check_accessible(html: str) -> Page:
    page = Page(html)
    assert page.headings[0] == 1
    assert page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"
    assert set(page.fields) <= page.label_for, "every form field has a label"
    assert page.unnamed_fields == 0
    assert page.tables == page.captions, "every table has a caption"
    for link in page.links:
        if link.startswith("#"):
            assert link[1:] in page.ids, f"the link {link} goes nowhere"
    return page


# ---- Sign-in -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*PAGES, "/me/consent/some-request"])
def test_signed_out_pages_go_to_sign_in_and_back(browser: TestClient, path: str) -> None:
    answer = browser.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=" + path.replace("/", "%2F")


@pytest.mark.parametrize(
    ("path", "back"),
    [
        ("/me/profile/skills", "/me/profile"),
        ("/me/credentials", "/me/credentials"),
        ("/me/authorisations/x/withdraw", "/me/authorisations"),
        ("/me/rights/erase", "/me/rights"),
        ("/me/consent/abc", "/me/consent/abc"),
    ],
)
def test_signed_out_forms_go_to_sign_in_and_back_to_the_page(
    browser: TestClient, path: str, back: str
) -> None:
    answer = browser.post(path, data={"csrf_token": "x"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=" + back.replace("/", "%2F")


def test_me_goes_to_my_profile(browser: TestClient) -> None:
    answer = browser.get("/me")
    assert (answer.status_code, answer.headers["location"]) == (303, "/me/profile")


# ---- Every page in both languages --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_renders_in_both_languages(vault_app: FastAPI, browser: TestClient, lang: str) -> None:
    person_id = sign_in(vault_app, browser)
    with session_scope(factory(vault_app)) as session:
        service.grant(session, request=grant_request(person_id), keys=app_keys(vault_app))
    titles = {
        "sv": ("Min profil", "Mina intyg", "Mina behörigheter", "Vem har läst mina uppgifter", "Exportera"),
        "en": ("My profile", "My credentials", "My authorisations", "Who read my data", "Export and erase"),
    }[lang]
    for path, title in zip(PAGES, titles, strict=True):
        answer = browser.get(path, params={"lang": lang})
        assert answer.status_code == 200, path
        assert f'<html lang="{lang}">' in answer.text
        page = check_accessible(answer.text)
        assert page.current == [path], "the sub-navigation marks the page it is on"
        assert f"<h1>{title}" in answer.text
        assert "vault." not in re.sub(r"<[^>]+>", " ", answer.text), "no message key shown instead of text"
        for other in PAGES:
            assert f'href="{other}"' in answer.text


# ---- My profile --------------------------------------------------------------------------------------------


def test_add_and_remove_profile_items_through_the_forms(vault_app: FastAPI, browser: TestClient) -> None:
    sign_in(vault_app, browser)
    skill = a_skill(vault_app)
    csrf = csrf_of(browser.get("/me/profile").text)
    added = browser.post(
        "/me/profile/skills", data={"csrf_token": csrf, "skill-concept": skill, "skill-level": "advanced"}
    )
    assert (added.status_code, added.headers["location"]) == (303, "/me/profile?done=added#skills")
    added = browser.post(
        "/me/profile/education",
        data={
            "csrf_token": csrf,
            "edu-title": "Systemvetenskap",
            "edu-provider": "Mittuniversitetet",
            "edu-level": "64",
            "edu-credits": "7,5",
            "edu-credit_unit": "hp",
            "edu-completed_on": "2020-06-05",
        },
    )
    assert added.status_code == 303
    added = browser.post(
        "/me/profile/experience",
        data={
            "csrf_token": csrf,
            "exp-title": "Svetsare",
            "exp-employer": "Verkstan AB",
            "exp-start": "2019-01-01",
            "exp-end": "",
            "exp-description": "MIG och TIG.",
        },
    )
    assert added.status_code == 303
    page = browser.get("/me/profile", params={"done": "added", "lang": "en"})
    check_accessible(page.text)
    assert "The item has been saved." in page.text
    assert "Advanced" in page.text
    assert "Systemvetenskap" in page.text
    assert "Mittuniversitetet" in page.text
    assert "7.5" in page.text
    assert "Higher education credits (hp)" in page.text
    assert "2020-06-05" in page.text
    assert "Verkstan AB" in page.text
    assert "ongoing" in page.text
    assert f'href="/concepts/{skill}"' in page.text
    svpage = browser.get("/me/profile", params={"lang": "sv"}).text
    assert "7,5" in svpage
    assert "pågår" in svpage

    removals = re.findall(r'action="(/me/profile/items/[^"]+/remove)"', page.text)
    assert len(removals) == 3
    for action in removals:
        answer = browser.post(action, data={"csrf_token": csrf})
        assert (answer.status_code, answer.headers["location"]) == (303, "/me/profile?done=removed")
    page = browser.get("/me/profile", params={"lang": "en"})
    assert "Systemvetenskap" not in page.text
    assert "Verkstan AB" not in page.text
    assert "You have not added any skills yet." in page.text


def test_profile_form_errors_are_summarised_and_linked_to_the_fields(
    vault_app: FastAPI, browser: TestClient
) -> None:
    sign_in(vault_app, browser)
    csrf = csrf_of(browser.get("/me/profile").text)
    answer = browser.post(
        "/me/profile/experience",
        params={"lang": "en"},
        data={"csrf_token": csrf, "exp-title": "", "exp-start": "2020-13-01", "exp-end": ""},
    )
    assert answer.status_code == 400
    check_accessible(answer.text)
    assert 'class="error-summary"' in answer.text
    assert 'href="#exp-title"' in answer.text
    assert 'href="#exp-start"' in answer.text
    assert "Fill in this field." in answer.text
    assert "Write a real date as YYYY-MM-DD." in answer.text
    assert 'id="exp-title" name="exp-title" type="text" value="" aria-describedby="exp-title-error"' in (
        answer.text
    )
    assert "<title>Error: My profile" in answer.text

    answer = browser.post(
        "/me/profile/experience",
        data={
            "csrf_token": csrf,
            "exp-title": "Snickare",
            "exp-start": "2021-01-01",
            "exp-end": "2020-01-01",
        },
        params={"lang": "sv"},
    )
    assert answer.status_code == 400
    assert "Slutdatumet kan inte vara före startdatumet." in answer.text
    assert 'value="Snickare"' in answer.text  # what was typed is kept

    answer = browser.post(
        "/me/profile/education",
        data={"csrf_token": csrf, "edu-title": "Kurs", "edu-credits": "many"},
        params={"lang": "en"},
    )
    assert answer.status_code == 400
    assert 'href="#edu-credits"' in answer.text


def test_an_unknown_skill_is_an_error_with_suggestions_to_choose_from(
    vault_app: FastAPI, browser: TestClient
) -> None:
    sign_in(vault_app, browser)
    skill = a_skill(vault_app)
    with session_scope(factory(vault_app)) as session:
        own = taxonomy.ref(session, key=skill, lang="en")
    word = (own.label or "").split()[0]
    csrf = csrf_of(browser.get("/me/profile").text)
    answer = browser.post(
        "/me/profile/skills", data={"csrf_token": csrf, "skill-concept": word}, params={"lang": "en"}
    )
    assert answer.status_code == 400
    assert 'href="#skill-concept"' in answer.text
    assert "There is no such concept." in answer.text
    choices = re.findall(r'name="skill-choice" value="([^"]+)"', answer.text)
    assert choices, "the page offers skills to choose from"
    check_accessible(answer.text)
    chosen = browser.post(
        "/me/profile/skills",
        data={"csrf_token": csrf, "skill-concept": word, "skill-choice": ["", choices[0]]},
    )
    assert chosen.status_code == 303


@pytest.mark.parametrize(
    "path",
    [
        "/me/profile/skills",
        "/me/profile/items/x/remove",
        "/me/credentials",
        "/me/credentials/x/remove",
        "/me/authorisations/x/withdraw",
        "/me/rights/restrict",
        "/me/rights/erase",
        "/me/consent/x",
    ],
)
def test_forms_without_the_csrf_token_are_refused(vault_app: FastAPI, browser: TestClient, path: str) -> None:
    sign_in(vault_app, browser)
    assert browser.post(path, data={"skill-concept": "x", "confirm": "yes"}).status_code == 403
    assert browser.post(path, data={"csrf_token": "wrong"}).status_code == 403


# ---- Credentials -------------------------------------------------------------------------------------------


def credential(issuer: Issuer, name: str) -> dict[str, object]:
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential", "ExampleDegreeCredential"],
        "issuer": issuer.did,
        "name": name,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "degree": {"type": "ExampleBachelorDegree", "name": "Bachelor of Science and Arts"},
        },
    }
    return sign_credential(
        document,
        private_key=issuer.key,
        verification_method=f"{issuer.did}#{issuer.did.removeprefix('did:key:')}",
        cryptosuite="eddsa-jcs-2022",
        created=datetime(2024, 1, 1, tzinfo=UTC),
    )


def test_credentials_are_verified_stored_and_shown_with_their_status_in_words(
    vault_app: FastAPI, browser: TestClient, trusted_issuer: Issuer
) -> None:
    sign_in(vault_app, browser)
    csrf = csrf_of(browser.get("/me/credentials").text)
    trusted = json.dumps(credential(trusted_issuer, "Kandidatexamen"))
    answer = browser.post(
        "/me/credentials",
        data={"csrf_token": csrf},
        files={"credential-file": ("degree.json", trusted.encode(), "application/json")},
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/me/credentials?done=credential")
    stranger_key = Ed25519PrivateKey.generate()
    stranger = Issuer(key=stranger_key, did=did_key_from_public_key(stranger_key.public_key()))
    untrusted = json.dumps(credential(stranger, "Okänt intyg"))
    answer = browser.post("/me/credentials", data={"csrf_token": csrf, "credential-text": untrusted})
    assert answer.status_code == 303
    tampered = credential(trusted_issuer, "Ändrat intyg")
    tampered["name"] = "Förfalskat intyg"
    answer = browser.post(
        "/me/credentials", data={"csrf_token": csrf, "credential-text": json.dumps(tampered)}
    )
    assert answer.status_code == 303

    page = browser.get("/me/credentials", params={"lang": "en"})
    check_accessible(page.text)
    assert "Kandidatexamen" in page.text
    assert "Valid – the signature is right and the issuer is trusted" in page.text
    assert "Unknown issuer – the signature is right but the issuer is not on the trusted list" in page.text
    assert "Förfalskat intyg" in page.text
    assert "Invalid – the credential failed the check" in page.text
    assert trusted_issuer.did in page.text
    assert "ExampleDegreeCredential" in page.text
    assert "2024-01-01" in page.text
    sv = browser.get("/me/credentials", params={"lang": "sv"}).text
    assert "Giltigt – underskriften stämmer och utfärdaren är betrodd" in sv

    removals = re.findall(r'action="(/me/credentials/[^"]+/remove)"', page.text)
    assert len(removals) == 3
    answer = browser.post(removals[0], data={"csrf_token": csrf})
    assert (answer.status_code, answer.headers["location"]) == (
        303,
        "/me/credentials?done=credential-removed",
    )
    page = browser.get("/me/credentials", params={"lang": "en"})
    assert len(re.findall(r'action="(/me/credentials/[^"]+/remove)"', page.text)) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file or paste the credential."),
        ({"credential-text": "{not json"}, "This is not a credential in JSON format."),
    ],
)
def test_a_bad_upload_is_an_error_on_the_form(
    vault_app: FastAPI, browser: TestClient, data: dict[str, str], message: str
) -> None:
    sign_in(vault_app, browser)
    csrf = csrf_of(browser.get("/me/credentials").text)
    answer = browser.post("/me/credentials", data={"csrf_token": csrf, **data}, params={"lang": "en"})
    assert answer.status_code == 400
    assert message in answer.text
    assert 'href="#credential-text"' in answer.text
    check_accessible(answer.text)


# ---- Authorisations ----------------------------------------------------------------------------------------


def test_withdraw_in_one_click_changes_the_state_and_shows_it(
    vault_app: FastAPI, browser: TestClient
) -> None:
    person_id = sign_in(vault_app, browser)
    with session_scope(factory(vault_app)) as session:
        given = service.grant(session, request=grant_request(person_id), keys=app_keys(vault_app)).id
    page = browser.get("/me/authorisations", params={"lang": "en"})
    check_accessible(page.text)
    for text in ("Karriärtjänsten", "Exempelbolaget AB", "Career guidance", "Skills", "Education records"):
        assert text in page.text
    assert "In force" in page.text
    assert "30 days" in page.text
    assert f'href="/v1/me/authorisations/{given}/receipt"' in page.text
    action = f"/me/authorisations/{given}/withdraw"
    assert f'action="{action}"' in page.text

    csrf = csrf_of(page.text)
    answer = browser.post(action, data={"csrf_token": csrf})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/me/authorisations?done=withdrawn#auth-{given}"
    with session_scope(factory(vault_app)) as session:
        row = session.get(Authorisation, given)
        assert row is not None
        assert row.state == "withdrawn"
    page = browser.get("/me/authorisations", params={"done": "withdrawn", "lang": "en"})
    assert "The authorisation has been withdrawn." in page.text
    assert "Status: Withdrawn" in page.text
    assert f'action="{action}"' not in page.text  # nothing left to withdraw
    history = page.text.split("<caption>History")[1]
    assert "Given" in history
    assert "Withdrawn" in history
    # A second click (say, a reload of the POST) changes nothing.
    assert browser.post(action, data={"csrf_token": csrf}).status_code == 303


def test_another_persons_authorisation_cannot_be_withdrawn(vault_app: FastAPI, browser: TestClient) -> None:
    other = TestClient(vault_app, follow_redirects=False)
    owner = sign_in(vault_app, other, name="Owner")
    with session_scope(factory(vault_app)) as session:
        given = service.grant(session, request=grant_request(owner), keys=app_keys(vault_app)).id
    sign_in(vault_app, browser)
    csrf = csrf_of(browser.get("/me/profile").text)
    assert browser.post(f"/me/authorisations/{given}/withdraw", data={"csrf_token": csrf}).status_code == 404
    with session_scope(factory(vault_app)) as session:
        row = session.get(Authorisation, given)
        assert row is not None
        assert row.state == "given"


# ---- Who read my data --------------------------------------------------------------------------------------


def test_the_access_log_shows_reads_newest_first_with_reasons_in_words(
    vault_app: FastAPI, browser: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = sign_in(vault_app, browser)
    keys = app_keys(vault_app)
    with session_scope(factory(vault_app)) as session:
        given = service.grant(session, request=grant_request(person_id), keys=keys).id

    def read(purpose: str) -> None:
        with session_scope(factory(vault_app)) as session:
            service.release(
                session,
                authorisation_id=given,
                request=ReadRequest(
                    client_id="client-a",
                    subject="subject-1",
                    purpose=purpose,
                    categories=frozenset({"skills"}),
                    operation="read",
                ),
                accessor_name="Karriärtjänsten",
                keys=keys,
            )

    read("career-guidance")
    read("job-matching")  # not granted: denied
    page = browser.get("/me/access-log", params={"lang": "en"})
    check_accessible(page.text)
    rows = page.text.split("<tbody>")[1].split("</tr>")
    assert "Denied" in rows[0]
    assert "The purpose is not part of the authorisation." in rows[0]
    assert "Job matching" in rows[0]
    assert "Released" in rows[1]
    assert "The authorisation covers the read." in rows[1]
    assert "Karriärtjänsten" in rows[1]
    assert "Skills" in rows[1]
    sv = browser.get("/me/access-log", params={"lang": "sv"}).text
    assert "Nekades" in sv
    assert "Ändamålet ingår inte i behörigheten." in sv

    monkeypatch.setattr(pages, "LOG_PAGE", 1)
    first = browser.get("/me/access-log", params={"lang": "en"})
    older = re.search(r'rel="next" href="/me/access-log\?before=(\d+)"', first.text)
    assert older is not None
    second = browser.get("/me/access-log", params={"before": older.group(1), "lang": "en"})
    assert "Released" in second.text
    assert "Denied" not in second.text
    assert 'href="/me/access-log">Back to the newest' in second.text


# ---- Export, restriction and erasure -----------------------------------------------------------------------


def test_restriction_is_switched_on_and_off(vault_app: FastAPI, browser: TestClient) -> None:
    person_id = sign_in(vault_app, browser)
    page = browser.get("/me/rights", params={"lang": "en"})
    assert "Processing is not restricted." in page.text
    assert 'href="/v1/me/export"' in page.text
    answer = browser.post("/me/rights/restrict", data={"csrf_token": csrf_of(page.text), "restricted": "on"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/me/rights#restrict")
    with session_scope(factory(vault_app)) as session:
        assert service.is_restricted(session, person_id=person_id)
    page = browser.get("/me/rights", params={"lang": "en"})
    assert "Processing is restricted." in page.text
    assert "Lift the restriction" in page.text
    browser.post("/me/rights/restrict", data={"csrf_token": csrf_of(page.text), "restricted": "off"})
    with session_scope(factory(vault_app)) as session:
        assert not service.is_restricted(session, person_id=person_id)


def test_erasure_needs_the_box_and_the_word_then_erases_and_signs_out(
    vault_app: FastAPI, browser: TestClient
) -> None:
    person_id = sign_in(vault_app, browser)
    keys = app_keys(vault_app)
    with session_scope(factory(vault_app)) as session:
        service.add_item(
            session,
            person_id=person_id,
            category="education",
            data={"title": "Raderbar kurs"},
            keys=keys,
        )
        given = service.grant(session, request=grant_request(person_id), keys=keys).id
    csrf = csrf_of(browser.get("/me/rights").text)
    refused = browser.post(
        "/me/rights/erase", data={"csrf_token": csrf, "erase-word": "nej"}, params={"lang": "en"}
    )
    assert refused.status_code == 400
    check_accessible(refused.text)
    assert 'href="#erase-confirm"' in refused.text
    assert 'href="#erase-word"' in refused.text
    assert "Tick the box to confirm." in refused.text
    with session_scope(factory(vault_app)) as session:
        assert service.my_items(session, person_id=person_id, categories=["education"], keys=keys)[
            "education"
        ]

    answer = browser.post(
        "/me/rights/erase", data={"csrf_token": csrf, "confirm": "yes", "erase-word": "radera"}
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/me/erased")
    assert not browser.cookies.get(SESSION_COOKIE)
    done = browser.get("/me/erased", params={"lang": "en"})
    assert done.status_code == 200
    assert "Your data has been erased" in done.text
    assert "You have been signed out." in done.text
    # The old session is gone for good, the authorisation is revoked and the data unreadable.
    assert browser.get("/me/profile").status_code == 303
    with session_scope(factory(vault_app)) as session:
        row = session.get(Authorisation, given)
        assert row is not None
        assert row.state == "revoked"


def test_the_erased_page_is_only_for_the_browser_that_erased(browser: TestClient) -> None:
    assert browser.get("/me/erased").status_code == 303
