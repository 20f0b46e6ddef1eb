"""Fresh, migrated test databases: SQLite files by default, PostgreSQL when the environment names a server.

On PostgreSQL each fresh database is created on the server named by the URL and dropped at the end of
the session, so test runs never share state.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from samskapa.core.db import create_db_engine
from samskapa.core.migrate import upgrade_database


def server_url() -> str | None:
    """The PostgreSQL server the suite runs against: SAMSKAPA_TEST_DATABASE_URL, else a PostgreSQL
    SAMSKAPA_DATABASE_URL. Fresh databases are created on that server; the named database is only the
    one the admin connection starts from."""
    for name in ("SAMSKAPA_TEST_DATABASE_URL", "SAMSKAPA_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    return None


class DatabaseFactory:
    """Creates fresh migrated databases and removes them afterwards."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.created: list[str] = []
        self.engines: list[Engine] = []

    def url(self, name: str) -> str:
        base = server_url()
        if base is None:
            return f"sqlite:///{(self.directory / f'{name}-{uuid.uuid4().hex[:8]}.db').as_posix()}"
        database = f"samskapa_test_{name}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        self.created.append(database)
        return make_url(base).set(database=database).render_as_string(hide_password=False)

    def migrated_engine(self, name: str) -> Engine:
        url = self.url(name)
        engine = create_db_engine(url)
        if engine.dialect.name == "postgresql":
            # No idle pooled connections: a run makes a database per module and keeps the engines until it
            # ends, and pooled connections would add up past the server's max_connections.
            engine.dispose()
            engine = create_engine(url, poolclass=NullPool)
        upgrade_database(engine)
        self.engines.append(engine)
        return engine

    def close(self) -> None:
        for engine in self.engines:
            engine.dispose()
        base = server_url()
        if base is None or not self.created:
            return
        admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for database in self.created:
                _drop(connection, database)
        admin.dispose()


def _drop(connection: Connection, database: str, attempts: int = 10) -> None:
    """Drop a test database, ending its sessions. An autovacuum worker in it cannot be ended by a role
    without pg_signal_backend (PostgreSQL refuses with InsufficientPrivilege), but it ends on its own within
    moments: try again, then give up loudly."""
    for attempt in range(attempts):
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            return
        except ProgrammingError as error:
            if "pg_signal_backend" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.5)
