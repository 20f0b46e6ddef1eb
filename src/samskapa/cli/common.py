"""Shared CLI plumbing: settings, engine and a unit of work per command, error printing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from samskapa.config import Settings
from samskapa.core.db import create_db_engine, create_session_factory, session_scope
from samskapa.core.errors import DomainError

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def settings() -> Settings:
    return Settings()


@contextmanager
def unit_of_work(config: Settings) -> Iterator[Session]:
    """A session for one command: committed if the command succeeds, rolled back on any error."""
    engine = create_db_engine(
        config.resolved_database_url(), sqlite_busy_timeout_ms=config.sqlite_busy_timeout_ms
    )
    try:
        with session_scope(create_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def fail(error: DomainError) -> typer.Exit:
    """Print a domain error (with its hint) and return the exit to raise."""
    err_console.print(f"[bold red]Error:[/] {error.message}")
    for field_error in error.field_errors:
        err_console.print(f"  {field_error.field}: {field_error.message}")
    if error.hint:
        err_console.print(f"[dim]Hint:[/] {error.hint}")
    return typer.Exit(code=1)
