"""`samskapa ads …`: job-ad ingest and the search index."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer

from samskapa.cli.common import fail, file_progress, print_ingest_report, session_factory, settings
from samskapa.core.errors import DomainError

app = typer.Typer(help="Job ads: ingest files, keep the search index.", no_args_is_help=True)

FormatOption = typer.Option(
    "auto", "--format", help="jsonl, csv or json (JobTech JobSearch hits); auto by name."
)


@app.command("ingest")
def ingest(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="JSON Lines, CSV or JSON, optionally .gz"
    ),
    organisation: str = typer.Option(..., "--organisation", "-o", help="The publishing organisation (name)."),
    feed: str | None = typer.Option(None, help="A named feed of the organisation; ads are keyed per feed."),
    fmt: str = FormatOption,
    atomic: bool = typer.Option(False, help="Reject the whole file if any row is bad."),
    errors_out: Path | None = typer.Option(None, help="Write every bad row here as JSON Lines."),
    chunk_size: int = typer.Option(1000, min=1, max=100_000, help="Rows per committed chunk."),
) -> None:
    """Validate and upsert the ads of a file; bad rows are reported with line, field and reason."""
    from samskapa.job_ads import tasks

    if fmt not in ("auto", "jsonl", "csv", "json"):
        raise typer.BadParameter("choose auto, jsonl, csv or json", param_hint="--format")
    chosen: Literal["auto", "jsonl", "csv", "json"] = fmt  # type: ignore[assignment]
    try:
        with (
            session_factory(settings()) as factory,
            file_progress(file, "Ingesting ads") as (stream, advance),
        ):
            report = tasks.ingest_file(
                factory,
                stream,
                name=file.name,
                fmt=chosen,
                organisation=organisation,
                feed=feed,
                atomic=atomic,
                chunk_size=chunk_size,
                progress=advance,
            )
    except DomainError as error:
        raise fail(error) from error
    print_ingest_report(report, errors_out)
    if report.rejected:
        raise typer.Exit(code=1)
