"""Database kit: declarative base with a naming convention, engine and session factories.

The caller owns the transaction: `session_scope` commits on success and rolls back on error. Services and
repositories only flush.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, Table, create_engine, event, insert
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeDecorator

from samskapa.core.time import utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; one metadata with a stable naming convention for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite stores no zone, so it is restored on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use samskapa.core.time.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


BEGIN_IMMEDIATE = "samskapa_begin_immediate"


def create_db_engine(url: str, *, sqlite_busy_timeout_ms: int = 5000, echo: bool = False) -> Engine:
    """An engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
            poolclass=NullPool if database in ("", ":memory:") else None,
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so that savepoints and rollbacks behave as on PostgreSQL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A unit of work that will write after reading takes the write lock at once (see
        # create_session_factory), so that it cannot fail on a snapshot made stale by another writer.
        immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_session_factory(engine: Engine, *, writes: bool = False) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit, so services can return loaded rows.

    `writes=True` is for units of work that read and then must write (the vault's reads write the access
    log): on SQLite their transactions begin IMMEDIATE, taking the write lock before the first read, as
    PostgreSQL's row locks order them. On PostgreSQL it changes nothing.
    """
    bind = engine.execution_options(**{BEGIN_IMMEDIATE: True}) if writes else engine
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back if it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_postgresql(engine: Engine) -> bool:
    """Whether the engine talks to PostgreSQL (some bulk paths differ)."""
    return engine.dialect.name == "postgresql"


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]], chunk: int = 5000) -> None:
    """Insert many rows, all with the keys of the first row, in the session's transaction (flushed first, so
    that rows the new ones refer to are written before them).

    On PostgreSQL the rows go through COPY: there an executemany sends them one by one, and the full taxonomy
    loaded in 51 s that way against 26 s with COPY. COPY skips SQLAlchemy's processing of values, so a
    column left out gets its scalar default here (one with none is left to the database: an autoincremented
    key), and a table with a column whose values SQLAlchemy converts (JSON, a TypeDecorator) is written by an
    executemany instead, as on every other database, `chunk` rows at a time."""
    if not rows:
        return
    session.flush()
    connection = session.connection()
    dialect = connection.dialect
    given = list(rows[0])
    defaults = {
        column.name: column.default.arg
        for column in table.columns
        if column.name not in given and isinstance(column.default, ScalarElementColumnDefault)
    }
    names = given + list(defaults)
    converted = any(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    if converted or not is_postgresql(connection.engine):
        for start in range(0, len(rows), chunk):
            connection.execute(insert(table), list(rows[start : start + chunk]))
        return
    from psycopg import sql  # noqa: PLC0415 (only on PostgreSQL: 0.28 s of imports SQLite never needs)

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(name) for name in names)
    )
    fill = tuple(defaults.values())
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row((*(row[name] for name in given), *fill))


__all__ = [
    "Base",
    "UtcDateTime",
    "bulk_insert",
    "create_db_engine",
    "create_session_factory",
    "is_postgresql",
    "session_scope",
    "utcnow",
]
