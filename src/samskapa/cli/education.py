"""`samskapa education …`: ingest education offerings, load the demo syllabi, and index them at once."""

from __future__ import annotations

from pathlib import Path

import typer

from samskapa.cli.common import (
    IngestOptions,
    console,
    fail,
    print_ingest_report,
    run_ingest,
    session_factory,
    settings,
    sync_search_index,
)
from samskapa.core.errors import DomainError

app = typer.Typer(help="Education offerings: ingest files, load the demo syllabi.", no_args_is_help=True)

FormatOption = typer.Option("auto", "--format", help="jsonl, csv or json (an array); auto by name.")


@app.command("ingest")
def ingest(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="JSON Lines, CSV or JSON, optionally .gz"
    ),
    organisation: str = typer.Option(..., "--organisation", "-o", help="The publishing organisation (name)."),
    feed: str | None = typer.Option(
        None, help="A named feed of the organisation; offerings are keyed per feed."
    ),
    fmt: str = FormatOption,
    atomic: bool = typer.Option(False, help="Reject the whole file if any row is bad."),
    errors_out: Path | None = typer.Option(None, help="Write every bad row here as JSON Lines."),
    chunk_size: int = typer.Option(1000, min=1, max=100_000, help="Rows per committed chunk."),
) -> None:
    """Validate and upsert the offerings of a file; bad rows are reported with line, field and reason."""
    from samskapa.education import tasks

    options = IngestOptions(file, organisation, feed, fmt, atomic, errors_out, chunk_size)
    run_ingest(options, tasks.ingest_file, index="education", what="offerings")


@app.command("load-syllabi")
def load_syllabi(
    chunk_size: int = typer.Option(500, min=1, max=100_000, help="Syllabi per committed chunk."),
) -> None:
    """Load the bundled Mittuniversitetet syllabi as offerings of the demo provider "miun-demo".

    Idempotent: a second run reports every syllabus unchanged.
    """
    from rich.progress import Progress

    from samskapa.education import tasks
    from samskapa.education.syllabi import BUNDLED

    config = settings()
    try:
        with session_factory(config) as factory:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Loading syllabi", total=None)
                report = tasks.load_syllabi(
                    factory, chunk_size=chunk_size, progress=lambda n: progress.advance(task, n)
                )
            console.print(f"{BUNDLED.name} → organisation '{tasks.DEMO_ORGANISATION}':")
            print_ingest_report(report, None)
            sync_search_index(config, factory, "education")
    except DomainError as error:
        raise fail(error) from error
    if report.errors:
        raise typer.Exit(code=1)
