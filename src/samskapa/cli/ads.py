"""`samskapa ads …`: job-ad ingest and the search index."""

from __future__ import annotations

from pathlib import Path

import typer

from samskapa.cli.common import (
    IngestOptions,
    console,
    run_ingest,
    session_factory,
    settings,
)

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

    options = IngestOptions(file, organisation, feed, fmt, atomic, errors_out, chunk_size)
    run_ingest(options, tasks.ingest_file, index="job_ads", what="ads")


@app.command("reindex")
def reindex() -> None:
    """Rebuild the ads search index from the database (a new generation; searches go on meanwhile)."""
    from samskapa.indexes import close_indexes, open_indexes

    config = settings()
    with session_factory(config) as factory:
        indexes = open_indexes(config.resolved_search_dir(), factory, names=("job_ads",))
        try:
            with console.status("Rebuilding the ads search index …"):
                count = indexes["job_ads"].keeper.rebuild()
        finally:
            close_indexes(indexes)
    console.print(f"Search index 'job_ads' rebuilt with {count:,} ads.")
