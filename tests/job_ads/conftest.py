"""A database of its own for the job-ads API tests: mini taxonomy, committed ads, a search index in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.main import create_app
from tests.catalogue.factories import organisation
from tests.databases import DatabaseFactory
from tests.job_ads.factories import Concepts, concepts


@dataclass
class AdsWorld:
    client: TestClient
    factory: sessionmaker[Session]
    concepts: Concepts
    key: str
    other_key: str
    org_name: str

    def headers(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.key}"}

    def sync(self) -> None:
        """Bring the search index up to date (the keeper thread is off in these tests)."""
        app = self.client.app
        app.state.search_indexes["job_ads"].keeper.sync_once()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def ads_engine(databases: DatabaseFactory, mini_sources: Path) -> Engine:
    return databases.migrated_engine("ads", mini_sources)


@pytest.fixture(scope="module")
def ads(ads_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdsWorld]:
    data_dir = tmp_path_factory.mktemp("ads-data")
    settings = Settings(
        database_url=ads_engine.url.render_as_string(hide_password=False),
        data_dir=data_dir,
        environment="test",
        search_sync_seconds=0,
    )
    factory = create_session_factory(ads_engine)
    with session_scope(factory) as session:
        found = concepts(session)
        mine, theirs = organisation(session), organisation(session)
        key = accounts.create_api_key(session, organisation=mine, client_name="t", scopes=["ads:write"])[1]
        other = accounts.create_api_key(session, organisation=theirs, client_name="t", scopes=["ads:write"])[
            1
        ]
        name = mine.name
    with TestClient(create_app(settings)) as client:
        yield AdsWorld(client, factory, found, key, other, name)
