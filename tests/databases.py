"""Fresh, migrated test databases: SQLite files by default, PostgreSQL when the environment names a server.

On PostgreSQL each fresh database is created on the server named by the URL and dropped at the end of
the session, so test runs never share state.

Migrating and loading a taxonomy take seconds (a minute for the full one on PostgreSQL), and a run makes
hundreds of databases. So each kind is built once per test process (each xdist worker) as a template, by
the real migrations and the real loader, and every fresh database is a copy of it: `CREATE DATABASE ...
TEMPLATE` on PostgreSQL, SQLite's online backup otherwise.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from samskapa.core.db import create_db_engine, create_session_factory, session_scope
from samskapa.core.migrate import upgrade_database
from samskapa.taxonomy.loader import load_taxonomy


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
    """Creates fresh migrated databases, copied from templates built once, and removes them afterwards."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.created: list[str] = []
        self.engines: list[Engine] = []
        self.templates: dict[Path | None, str] = {}

    def url(self, name: str, template: str | None = None) -> str:
        """The URL of a new database: empty, or a copy of the template database at that URL."""
        base = server_url()
        if base is None:
            path = self.directory / f"{name}-{uuid.uuid4().hex[:8]}.db"
            if template is not None:
                _copy_sqlite(make_url(template).database or "", path)
            return f"sqlite:///{path.as_posix()}"
        database = f"samskapa_test_{name}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        copy = "" if template is None else f' TEMPLATE "{make_url(template).database}"'
        admin = _admin_engine(base)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"{copy}'))
        admin.dispose()
        self.created.append(database)
        return make_url(base).set(database=database).render_as_string(hide_password=False)

    def migrated_engine(self, name: str, taxonomy: Path | None = None) -> Engine:
        """A fresh database at the latest migration, with the taxonomy of that source directory loaded as
        version 1 when one is given."""
        engine = _new_engine(self.url(name, self._template(taxonomy)))
        self.engines.append(engine)
        return engine

    def _template(self, sources: Path | None) -> str:
        """The URL of the template database for these sources, built on first use. No connection to it
        stays open: PostgreSQL copies only a database nobody is connected to."""
        if sources not in self.templates:
            url = self.url("template")
            engine = _new_engine(url)
            upgrade_database(engine)
            if sources is not None:
                with session_scope(create_session_factory(engine)) as session:
                    load_taxonomy(session, source_dir=sources)
            engine.dispose()
            self.templates[sources] = url
        return self.templates[sources]

    def close(self) -> None:
        for engine in self.engines:
            engine.dispose()
        base = server_url()
        if base is None or not self.created:
            return
        admin = _admin_engine(base)

        def drop(database: str) -> None:
            with admin.connect() as connection:
                _drop(connection, database)

        # Each drop waits on the server's file work (about 0.5 s); eight at a time take a fifth as long.
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(drop, self.created))
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


def _admin_engine(base: str) -> Engine:
    """An engine on the server's `postgres` database, outside transactions (CREATE and DROP DATABASE)."""
    return create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _new_engine(url: str) -> Engine:
    """The app's engine on SQLite; on PostgreSQL one with no idle pooled connections: a run makes a database
    per module and keeps the engines until it ends, and pooled connections would add up past the server's
    max_connections."""
    return create_db_engine(url) if url.startswith("sqlite") else create_engine(url, poolclass=NullPool)


def _copy_sqlite(source: str, target: Path) -> None:
    """Copy a SQLite database with the online backup API (consistent whatever its journal holds)."""
    with closing(sqlite3.connect(source)) as from_db, closing(sqlite3.connect(target)) as to_db:
        from_db.backup(to_db)
