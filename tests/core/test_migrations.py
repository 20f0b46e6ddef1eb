"""The migrations create exactly the tables the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from samskapa.core.db import Base
from samskapa.models import import_all_models
from tests.databases import DatabaseFactory


def test_migrated_schema_matches_the_models(databases: DatabaseFactory) -> None:
    import_all_models()
    engine: Engine = databases.migrated_engine("schema")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
