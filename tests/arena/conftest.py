"""Arena test set-up: one fresh migrated database per module with the mini taxonomy, the organisations and
people of the role matrix, and helpers to sign them in (a real session row and cookie, no password)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.models import Membership, Organisation, Person
from samskapa.arena import service
from samskapa.arena.schemas import NeedIn
from samskapa.arena.service import Actor
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.main import create_app
from samskapa.web.deps import SESSION_COOKIE
from tests.databases import DatabaseFactory

ROLES = ("anonymous", "citizen", "author", "lead_staff", "co_staff", "other_staff", "moderator")


@dataclass(frozen=True)
class Cast:
    """The organisations and people every arena test uses (ids)."""

    lead: str  # an agency
    co: str  # a municipality, co-agency of the needs
    other: str  # an unrelated agency
    platform: str  # an NGO whose moderator moderates
    company: str
    author: str
    citizen: str
    lead_staff: str
    co_staff: str
    other_staff: str
    moderator: str
    company_member: str


@dataclass(frozen=True)
class World:
    app: FastAPI
    factory: sessionmaker[Session]
    cast: Cast


def _organisation(session: Session, name: str, type_: str) -> str:
    organisation = accounts.create_organisation(
        session, name=f"{name}-{uuid.uuid4().hex[:6]}", type_=type_, title_sv=name, title_en=name
    )
    return organisation.id


def _person(session: Session, name: str, memberships: tuple[tuple[str, str], ...] = ()) -> str:
    person = Person(
        id=str(uuid.uuid4()),
        email=f"{uuid.uuid4().hex[:12]}@example.org",
        name=name,
        created_at=datetime.now(UTC),
        password_hash=None,
    )
    session.add(person)
    session.flush()
    for organisation_id, role in memberships:
        session.add(
            Membership(
                organisation_id=organisation_id, person_id=person.id, role=role, created_at=datetime.now(UTC)
            )
        )
    session.flush()
    return person.id


def make_cast(session: Session) -> Cast:
    lead = _organisation(session, "lead-agency", "agency")
    co = _organisation(session, "co-municipality", "municipality")
    other = _organisation(session, "other-agency", "agency")
    platform = _organisation(session, "platform-ngo", "ngo")
    company = _organisation(session, "some-company", "company")
    return Cast(
        lead=lead,
        co=co,
        other=other,
        platform=platform,
        company=company,
        author=_person(session, "Author"),
        citizen=_person(session, "Citizen"),
        lead_staff=_person(session, "Lead Staff", ((lead, "editor"),)),
        co_staff=_person(session, "Co Staff", ((co, "admin"),)),
        other_staff=_person(session, "Other Staff", ((other, "editor"),)),
        moderator=_person(session, "Moderator", ((platform, "moderator"),)),
        company_member=_person(session, "Company Member", ((company, "editor"),)),
    )


def person_of(cast: Cast, role: str) -> str:
    value: str = getattr(cast, role)
    return value


def actor(session: Session, person_id: str) -> Actor:
    return service.actor_for_person(session, person_id=person_id)


def need_in(cast: Cast, *, submit: bool = True, **changes: object) -> NeedIn:
    data: dict[str, object] = {
        "kind": "data_need",
        "title": "Lediga platser per kommun",
        "summary": "Vi behöver veta hur många utbildningsplatser som finns per kommun.",
        "description": "Kommunerna planerar vuxenutbildning utan siffror.",
        "affected_groups": ["studievägledare", "arbetssökande"],
        "purpose": "Planera vuxenutbildning.",
        "desired_data": {"granularity": "kommun", "frequency": "monthly", "format": "CSV"},
        "lead_agency": cast.lead,
        "co_agencies": [cast.co],
        "submit": submit,
    }
    data.update(changes)
    return NeedIn.model_validate(data)


def make_world(databases: DatabaseFactory, mini_sources: Path | None, directory: Path, name: str) -> World:
    engine = databases.migrated_engine(name, mini_sources)
    factory = create_session_factory(engine)
    with session_scope(factory) as session:
        cast = make_cast(session)
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False), data_dir=directory, environment="test"
    )
    return World(app=create_app(settings), factory=factory, cast=cast)


@pytest.fixture(scope="module")
def world(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    made = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena"), "arena")
    with TestClient(made.app):
        yield made


@dataclass
class Browser:
    client: TestClient
    person_id: str | None
    csrf: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf} if self.csrf else {}


def browser(world: World, person_id: str | None) -> Browser:
    """A client signed in as the person (a fresh session), or anonymous for None."""
    client = TestClient(world.app, follow_redirects=False)
    if person_id is None:
        return Browser(client=client, person_id=None, csrf="")
    with session_scope(world.factory) as session:
        person = session.get(Person, person_id)
        assert person is not None
        row, token = accounts.start_session(session, person=person)
        csrf = row.csrf_token
    client.cookies.set(SESSION_COOKIE, token)
    return Browser(client=client, person_id=person_id, csrf=csrf)


@pytest.fixture(scope="module")
def people(world: World) -> dict[str, Browser]:
    """One signed-in browser per role of ROLES (anonymous has no session), for the module's world."""
    return {
        role: browser(world, None if role == "anonymous" else person_of(world.cast, role)) for role in ROLES
    }


def api_key(world: World, organisation_id: str, scopes: tuple[str, ...] = ("arena:write",)) -> str:
    """An API key of the organisation."""
    with session_scope(world.factory) as session:
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        _key, secret = accounts.create_api_key(
            session, organisation=organisation, client_name=f"bo-{uuid.uuid4().hex[:6]}", scopes=list(scopes)
        )
    return secret
