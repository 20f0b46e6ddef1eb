"""`samskapa db …`: database migrations."""

from __future__ import annotations

import typer

from samskapa.cli.common import console, settings

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Alembic revision to migrate to.")) -> None:
    """Create or migrate the database to the latest schema."""
    from samskapa.core.db import create_db_engine
    from samskapa.core.migrate import upgrade_database

    config = settings()
    engine = create_db_engine(config.resolved_database_url())
    try:
        upgrade_database(engine, revision)
    finally:
        engine.dispose()
    console.print(f"Database at [bold]{engine.url.render_as_string(hide_password=True)}[/] is at {revision}.")
