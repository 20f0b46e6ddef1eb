"""Test set-up: one fully loaded taxonomy database per run, each test in a rolled-back transaction."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from samskapa.config import BUNDLED_TAXONOMY_SOURCES, Settings
from samskapa.main import create_app
from tests.databases import DatabaseFactory
from tests.taxonomy.minisources import write_mini_sources

if TYPE_CHECKING:
    from tests.enrichment.tiny_tagger import TinyTagger


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def loaded_engine(databases: DatabaseFactory) -> Engine:
    """A migrated database with the full bundled taxonomy loaded once for the whole run."""
    return databases.migrated_engine("full", BUNDLED_TAXONOMY_SOURCES)


@pytest.fixture
def session(loaded_engine: Engine) -> Iterator[Session]:
    """A session on the loaded database inside a transaction that is rolled back after the test."""
    connection = loaded_engine.connect()
    transaction = connection.begin()
    db_session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db_session
    finally:
        db_session.close()
        transaction.rollback()
        connection.close()


def _settings(engine: Engine, data_dir: Path) -> Settings:
    # Apps made per test need no autocomplete index unless a test asks for one (then it is built on use).
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        data_dir=data_dir,
        environment="test",
        suggest_warmup=False,
    )


@pytest.fixture(scope="session")
def settings(loaded_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return _settings(loaded_engine, tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    """An HTTP client for the app over the fully loaded (read-only in tests) database."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def mini_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small but real source directory cut from the bundled sources (two ISCO groups' occupations)."""
    return write_mini_sources(BUNDLED_TAXONOMY_SOURCES, tmp_path_factory.mktemp("mini-sources"))


@pytest.fixture
def mini_engine(databases: DatabaseFactory, mini_sources: Path) -> Engine:
    """A fresh database with the mini sources loaded as version 1."""
    return databases.migrated_engine("mini", mini_sources)


@pytest.fixture(scope="session")
def tiny_tagger(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> TinyTagger:
    """The tiny span tagger of tests/enrichment/tiny_tagger.py and its encoder, trained once for the run: the
    pytest-xdist workers share the run's directory (the parent of each worker's own)."""
    from tests.enrichment.tiny_tagger import shared_tiny_tagger  # here: torch is imported only when needed

    run = tmp_path_factory.getbasetemp()
    return shared_tiny_tagger(run if worker_id == "master" else run.parent)


@pytest.fixture
def mini_client(mini_engine: Engine, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(_settings(mini_engine, tmp_path))) as test_client:
        yield test_client


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI every component is present, so any skipped test is a failure."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if reporter is not None and os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every component is present in CI, failing.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
