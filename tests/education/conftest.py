"""Databases of their own for the education tests: a mini taxonomy world with an app and committed data,
and a fresh database with the full taxonomy for the bundled syllabi."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.config import BUNDLED_TAXONOMY_SOURCES, Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.main import create_app
from tests.databases import DatabaseFactory
from tests.education.factories import EduConcepts, edu_concepts

WRITE = "education:write"
_orgs = itertools.count(1)


@dataclass
class EduWorld:
    client: TestClient
    factory: sessionmaker[Session]
    concepts: EduConcepts

    def publisher(self, scopes: tuple[str, ...] = (WRITE,)) -> tuple[str, str]:
        """A new organisation and a key of it: (organisation name, key)."""
        name = f"edu-org-{next(_orgs)}"
        with session_scope(self.factory) as session:
            org = accounts.create_organisation(
                session, name=name, type_="school", title_sv=f"Skola {name}", title_en=f"School {name}"
            )
            key = accounts.create_api_key(session, organisation=org, client_name="t", scopes=list(scopes))[1]
        return name, key

    @staticmethod
    def headers(key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    def sync(self) -> None:
        """Bring the search index up to date (the keeper thread is off in these tests)."""
        app = self.client.app
        app.state.search_indexes["education"].keeper.sync_once()  # type: ignore[attr-defined]


def _world_settings(engine: Engine, data_dir: Path) -> Settings:
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=data_dir,
        environment="test",
        search_sync_seconds=0,
    )


@pytest.fixture(scope="module")
def edu_engine(databases: DatabaseFactory, mini_sources: Path) -> Engine:
    return databases.migrated_engine("edu", mini_sources)


@pytest.fixture(scope="module")
def edu(edu_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EduWorld]:
    settings = _world_settings(edu_engine, tmp_path_factory.mktemp("edu-data"))
    factory = create_session_factory(edu_engine)
    with session_scope(factory) as session:
        found = edu_concepts(session)
    with TestClient(create_app(settings)) as client:
        yield EduWorld(client, factory, found)


@pytest.fixture
def edu_session(edu_engine: Engine) -> Iterator[Session]:
    """A session on the module's mini database inside a transaction that is rolled back afterwards."""
    connection = edu_engine.connect()
    transaction = connection.begin()
    db_session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db_session
    finally:
        db_session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture(scope="module")
def edu_full_engine(databases: DatabaseFactory) -> Engine:
    """A fresh database with the full bundled taxonomy (the syllabi use language:sv and every SUN field)."""
    return databases.migrated_engine("edu-full", BUNDLED_TAXONOMY_SOURCES)


@pytest.fixture(scope="module")
def edu_full_settings(edu_full_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return _world_settings(edu_full_engine, tmp_path_factory.mktemp("edu-full-data"))
