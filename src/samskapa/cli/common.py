"""Shared CLI plumbing: settings, engine and a unit of work per command, error printing."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from samskapa.config import Settings
from samskapa.core.db import create_db_engine, create_session_factory, session_scope
from samskapa.core.errors import DomainError
from samskapa.core.ingest import FORMATS, IngestReport

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


@contextmanager
def session_factory(config: Settings) -> Iterator[sessionmaker[Session]]:
    """A session factory for commands that commit in several steps (batch ingest)."""
    engine = create_db_engine(
        config.resolved_database_url(), sqlite_busy_timeout_ms=config.sqlite_busy_timeout_ms
    )
    try:
        yield create_session_factory(engine)
    finally:
        engine.dispose()


@contextmanager
def file_progress(path: Path, description: str) -> Iterator[tuple[IO[bytes], Callable[[int], None]]]:
    """Open a batch file (gzip or plain) with a progress bar over its bytes; the callback advances it."""
    # Both layers are closed by the with-block below.
    raw = path.open("rb")
    stream = cast(IO[bytes], gzip.open(raw, "rb")) if path.suffix == ".gz" else raw  # noqa: SIM115
    with (
        raw,
        stream,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[rows]:,} rows"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(description, total=path.stat().st_size, rows=0)
        rows = 0

        def advance(count: int) -> None:
            nonlocal rows
            rows += count
            progress.update(task, completed=raw.tell(), rows=rows)

        yield stream, advance


def print_ingest_report(report: IngestReport, errors_out: Path | None, *, shown: int = 20) -> None:
    """Counts, then the bad rows (all of them into `errors_out` as JSON Lines when given)."""
    if report.rejected:
        console.print(
            f"[bold red]Rejected:[/] {len(report.errors)} bad row(s) of {report.rows}; nothing was written."
        )
    else:
        console.print(
            f"{report.rows:,} rows: {report.created:,} created, {report.updated:,} updated, "
            f"{report.unchanged:,} unchanged, {report.removed:,} removed, "
            f"{report.ignored:,} removals of unknown items, {len(report.errors):,} bad."
        )
    if report.errors:
        table = Table("line", "field", "reason", title="Bad rows")
        for error in report.errors[:shown]:
            table.add_row(str(error.line), error.field or "", error.reason)
        console.print(table)
        if len(report.errors) > shown:
            console.print(f"… and {len(report.errors) - shown:,} more.")
    if errors_out is not None:
        with errors_out.open("wb") as out:
            for error in report.errors:
                out.write(orjson.dumps(error.as_dict()) + b"\n")
        console.print(f"Every bad row is in {errors_out}.")


def sync_search_index(config: Settings, factory: sessionmaker[Session], name: str) -> None:
    """Bring one search index up to date in this process (after an ingest), with a spinner."""
    from samskapa.indexes import close_indexes, open_indexes

    indexes = open_indexes(config.resolved_search_dir(), factory, names=(name,))
    try:
        with console.status(f"Updating the search index '{name}' …"):
            result = indexes[name].keeper.sync_once()
    finally:
        close_indexes(indexes)
    if result.busy:
        console.print(f"The search index '{name}' is being written by another process; it will catch up.")
    elif result.applied:
        console.print(f"Search index '{name}': {result.applied:,} changes indexed.")
    else:
        console.print(f"Search index '{name}' is up to date.")


@dataclass(frozen=True)
class IngestOptions:
    """The options every `… ingest FILE` command takes."""

    file: Path
    organisation: str
    feed: str | None
    fmt: str
    atomic: bool
    errors_out: Path | None
    chunk_size: int


def run_ingest(
    options: IngestOptions, ingest_file: Callable[..., IngestReport], *, index: str, what: str
) -> None:
    """Ingest a file with a progress bar, print the report, then bring the search index `index` up to date."""
    if options.fmt not in FORMATS:
        raise typer.BadParameter(f"choose {', '.join(FORMATS)}", param_hint="--format")
    config = settings()
    try:
        with session_factory(config) as factory:
            with file_progress(options.file, f"Ingesting {what}") as (stream, advance):
                report = ingest_file(
                    factory,
                    stream,
                    name=options.file.name,
                    fmt=options.fmt,
                    organisation=options.organisation,
                    feed=options.feed,
                    atomic=options.atomic,
                    chunk_size=options.chunk_size,
                    progress=advance,
                )
            print_ingest_report(report, options.errors_out)
            if not report.rejected:
                sync_search_index(config, factory, index)
    except DomainError as error:
        raise fail(error) from error
    if report.rejected:
        raise typer.Exit(code=1)
