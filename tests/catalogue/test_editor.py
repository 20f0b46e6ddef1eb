"""Editor forms: members publish, change and withdraw their organisation's datasets through the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Organisation
from tests.catalogue.factories import dataset, organisation

PASSWORD = "a long enough password"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LICENCE = "http://creativecommons.org/licenses/by/4.0/"


@dataclass
class Team:
    mine: Organisation
    theirs: Organisation
    key: str  # a dataset of `mine`


@pytest.fixture
def team(session: Session) -> Team:
    mine, theirs = organisation(session), organisation(session)
    for email, org, role in (
        ("admin@mine.example", mine, "admin"),
        ("editor@mine.example", mine, "editor"),
        ("moderator@mine.example", mine, "moderator"),
        ("editor@theirs.example", theirs, "editor"),
    ):
        accounts.add_member(session, organisation=org, email=email, name=email, role=role)
        accounts.set_password(session, email=email, password=PASSWORD)
    owned = dataset(session, mine, conforms_to=["https://example.org/spec"])
    return Team(mine=mine, theirs=theirs, key=owned.name)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None
    return found.group(1)


def sign_in(api: TestClient, email: str) -> None:
    api.cookies.clear()
    form = api.get("/login")
    response = api.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def filled(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_sv": "Lediga jobb per län",
        "title_en": "Vacancies by region",
        "description_sv": "Antal lediga jobb.",
        "description_en": "Number of vacancies.",
        "keywords_sv": "jobb, län",
        "keywords_en": "jobs, regions",
        "themes": ["ECON", "SOCI"],
        "concepts": "ssyk:2512\nssyk:2512",
        "spatial": "lan:01, kommun:0180",
        "temporal_start": "2020-01-01",
        "temporal_end": "",
        "frequency": "MONTHLY",
        "access_rights": "PUBLIC",
        "contact_name": "Data desk",
        "contact_email": "data@example.org",
        "landing_page": "https://example.org/vacancies",
        "distribution_slots": "3",
        "d0-title_sv": "",
        "d0-title_en": "",
        "d0-access_url": "",
        "d1-title_sv": "CSV-fil",
        "d1-title_en": "CSV file",
        "d1-access_url": "https://example.org/v.csv",
        "d1-download_url": "https://example.org/v.csv",
        "d1-format": "CSV",
        "d1-licence": LICENCE,
        "d1-byte_size": "2048",
        "d2-format": "",
        "d2-licence": "",
    }
    data.update(overrides)
    return data


class FormAudit(HTMLParser):
    """Collects the ids of labelled controls and of form controls that need a label."""

    def __init__(self) -> None:
        super().__init__()
        self.labelled: set[str] = set()
        self.controls: list[str] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            self.controls.append(str(found.get("id")))
        if tag == "h1":
            self.h1 += 1


def audit(html: str) -> FormAudit:
    parser = FormAudit()
    parser.feed(html)
    return parser


def test_editor_publishes_a_dataset_through_the_form(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    form = api.get(f"/datasets/new?organisation={team.mine.name}")
    assert form.status_code == 200
    response = api.post(
        f"/datasets/new?organisation={team.mine.name}",
        data=filled(csrf_token=csrf_of(form.text)),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/datasets/vacancies-by-region"
    found = api.get("/v1/datasets", params={"publisher": team.mine.name, "q": "vacancies"}).json()
    assert found["count"] == 1
    item = found["items"][0]
    assert item["title_sv"] == "Lediga jobb per län"
    assert item["keywords_sv"] == ["jobb", "län"]
    assert sorted(item["themes"]) == ["ECON", "SOCI"]
    assert item["concepts"] == ["ssyk:2512"]
    assert item["spatial"] == ["lan:01", "kommun:0180"]
    assert item["frequency"] == "MONTHLY"
    assert item["temporal_start"] == "2020-01-01"
    assert item["temporal_end"] is None
    assert [d["title_en"] for d in item["distributions"]] == ["CSV file"]  # empty slots are ignored
    assert item["distributions"][0]["byte_size"] == 2048


def test_admin_may_publish_too(api: TestClient, team: Team) -> None:
    sign_in(api, "admin@mine.example")
    assert api.get(f"/datasets/new?organisation={team.mine.name}").status_code == 200


def test_edit_form_is_prefilled_and_saves(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    before = api.get(f"/v1/datasets/{team.key}").json()
    form = api.get(f"/datasets/{team.key}/edit")
    assert form.status_code == 200
    assert f'value="{before["title_sv"]}"' in form.text
    assert 'value="EDUC" checked' in form.text
    assert 'value="https://example.org/' in form.text
    data = filled(
        csrf_token=csrf_of(form.text),
        title_en="Renamed dataset",
        **{
            "d0-id": before["distributions"][0]["id"],
            "d0-title_sv": "CSV",
            "d0-title_en": "CSV",
            "d0-access_url": before["distributions"][0]["access_url"],
            "d0-format": "CSV",
            "d0-licence": LICENCE,
            "distribution_slots": "2",
        },
    )
    response = api.post(f"/datasets/{team.key}/edit", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/datasets/{team.key}"
    after = api.get(f"/v1/datasets/{team.key}").json()
    assert after["title_en"] == "Renamed dataset"
    assert after["name"] == team.key
    assert after["modified"] > before["modified"]
    assert after["conforms_to"] == ["https://example.org/spec"]  # not on the form, kept
    assert len(after["distributions"]) == 2


def test_withdraw_needs_confirmation_then_works(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    token = csrf_of(api.get(f"/datasets/{team.key}/edit").text)
    unconfirmed = api.post(f"/datasets/{team.key}/withdraw", data={"csrf_token": token})
    assert unconfirmed.status_code == 400
    assert 'href="#confirm"' in unconfirmed.text
    assert 'aria-describedby="confirm-error"' in unconfirmed.text
    assert api.get(f"/v1/datasets/{team.key}").json()["state"] == "active"
    response = api.post(
        f"/datasets/{team.key}/withdraw",
        data={"csrf_token": token, "confirm": "yes"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert api.get(f"/v1/datasets/{team.key}").json()["state"] == "withdrawn"


def test_invalid_input_comes_back_with_field_errors_and_values(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    url = f"/datasets/new?organisation={team.mine.name}"
    token = csrf_of(api.get(url).text)
    page = api.post(
        url,
        data=filled(
            csrf_token=token,
            title_sv="",
            contact_email="not an email",
            **{"d1-access_url": "not a url", "d1-byte_size": "many"},
        ),
    )
    assert page.status_code == 400
    html = page.text
    assert html.count('class="error-summary"') == 1
    assert "<title>Fel:" in html
    for anchor in ("title_sv", "contact_email", "d1-access_url", "d1-byte_size"):
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}-error"' in html
        tag = re.search(rf'<input[^>]*id="{anchor}"[^>]*>', html)
        assert tag is not None
        assert 'aria-invalid="true"' in tag.group(0)
        assert f"{anchor}-error" in tag.group(0)
    assert 'value="Vacancies by region"' in html
    assert 'value="not a url"' in html
    assert 'value="SOCI" checked' in html
    assert api.get("/v1/datasets", params={"q": "vacancies"}).json()["count"] == 0


def test_service_rules_come_back_on_the_fields(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    url = f"/datasets/new?organisation={team.mine.name}"
    token = csrf_of(api.get(url).text)
    page = api.post(
        url,
        data=filled(
            csrf_token=token,
            concepts="ssyk:2512, nope:404",
            temporal_start="2021-01-01",
            temporal_end="2020-01-01",
        ),
    )
    assert page.status_code == 400
    assert 'href="#concepts"' in page.text
    assert "nope:404" in page.text
    assert 'href="#temporal_end"' in page.text
    assert re.search(r'<textarea[^>]*id="concepts"[^>]*aria-invalid="true"', page.text)


def test_forms_are_labelled_with_one_heading(api: TestClient, team: Team) -> None:
    sign_in(api, "editor@mine.example")
    for path in (f"/datasets/new?organisation={team.mine.name}", f"/datasets/{team.key}/edit"):
        found = audit(api.get(path).text)
        assert found.h1 == 1
        assert found.controls, path
        assert all(control in found.labelled for control in found.controls), path


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/datasets/new?organisation={mine}"),
        ("post", "/datasets/new?organisation={mine}"),
        ("get", "/datasets/{key}/edit"),
        ("post", "/datasets/{key}/edit"),
        ("post", "/datasets/{key}/withdraw"),
    ],
)
def test_who_may_use_the_editor(api: TestClient, team: Team, method: str, path: str) -> None:
    url = path.format(mine=team.mine.name, key=team.key)
    api.cookies.clear()
    signed_out = api.request(
        method.upper(), url, data=filled() if method == "post" else None, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=%2Fdatasets")
    for email in ("moderator@mine.example", "editor@theirs.example"):
        sign_in(api, email)
        token = csrf_of(api.get("/account").text)
        data = filled(csrf_token=token, confirm="yes") if method == "post" else None
        refused = api.request(method.upper(), url, data=data, headers={"accept": "application/json"})
        assert refused.status_code == 403, email
        assert refused.json()["code"] == "not_an_editor"
    assert api.get(f"/v1/datasets/{team.key}").json()["state"] == "active"


@pytest.mark.parametrize(
    "path", ["/datasets/new?organisation={mine}", "/datasets/{key}/edit", "/datasets/{key}/withdraw"]
)
def test_posts_without_the_session_csrf_token_are_refused(api: TestClient, team: Team, path: str) -> None:
    url = path.format(mine=team.mine.name, key=team.key)
    sign_in(api, "editor@mine.example")
    accept = {"accept": "application/json"}
    without = api.post(url, data=filled(confirm="yes"), headers=accept)
    wrong = api.post(url, data=filled(confirm="yes", csrf_token="forged"), headers=accept)
    assert without.status_code == wrong.status_code == 403
    assert without.json()["code"] == "csrf_token_invalid"
    assert api.get(f"/v1/datasets/{team.key}").json()["state"] == "active"


def test_edit_links_only_for_editors(api: TestClient, team: Team) -> None:
    edit, publish = f'href="/datasets/{team.key}/edit"', f'href="/datasets/new?organisation={team.mine.name}"'
    api.cookies.clear()
    assert edit not in api.get(f"/datasets/{team.key}").text
    assert publish not in api.get(f"/organisations/{team.mine.name}").text
    sign_in(api, "moderator@mine.example")
    assert edit not in api.get(f"/datasets/{team.key}").text
    sign_in(api, "editor@mine.example")
    assert edit in api.get(f"/datasets/{team.key}").text
    assert publish in api.get(f"/organisations/{team.mine.name}").text
