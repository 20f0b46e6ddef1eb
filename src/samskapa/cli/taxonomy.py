"""`samskapa taxonomy …`: load, export and count the common language."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from samskapa.cli.common import console, fail, settings, unit_of_work
from samskapa.core.errors import DomainError

app = typer.Typer(help="The common language: concepts, labels, relations, versions.", no_args_is_help=True)


@app.command("load")
def load(
    source: Path | None = typer.Option(
        None,
        "--source",
        help="Source directory (default: the bundled sources).",
        exists=True,
        file_okay=False,
    ),
    if_empty: bool = typer.Option(False, "--if-empty", help="Only load when no version is loaded yet."),
    note: str = typer.Option("", help="A note stored with the new version."),
) -> None:
    """Load the sources as a new version if anything changed; nothing is written if a file is bad."""
    from samskapa.taxonomy import service
    from samskapa.taxonomy.loader import load_taxonomy

    config = settings()
    source_dir = source or config.taxonomy_source_dir
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=max(total, 1))
            progress.update(tasks[phase], completed=done, total=max(total, 1))

        try:
            with unit_of_work(config) as session:
                if if_empty and service.current_version(session) is not None:
                    console.print(f"The taxonomy is loaded (version {service.current_version(session)}).")
                    return
                result = load_taxonomy(session, source_dir=source_dir, note=note, progress=report)
        except DomainError as error:
            raise fail(error) from error
    console.print(result.message)
    if result.warnings:
        console.print(f"[yellow]{len(result.warnings)} warning(s):[/]")
        for warning in result.warnings[:20]:
            console.print(f"  {warning}")


@app.command("stats")
def stats() -> None:
    """Counts of concepts by type and scheme, and of relations by kind."""
    from samskapa.taxonomy import service

    with unit_of_work(settings()) as session:
        result = service.stats(session)
    table = Table(title=f"Taxonomy version {result.version or '-'}")
    for column in ("type", "scheme", "status", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for row in result.concepts:
        table.add_row(row.type, row.scheme, row.status, f"{row.count:,}")
    console.print(table)
    relations = Table(title="Relations")
    relations.add_column("kind")
    relations.add_column("count", justify="right")
    for kind, count in result.relations.items():
        relations.add_row(kind, f"{count:,}")
    console.print(relations)
    console.print(f"Labels: {result.labels:,}")


@app.command("export")
def export(
    output: Path = typer.Argument(..., help="File to write."),
    version: int | None = typer.Option(None, help="Version to export (default: the latest)."),
    fmt: str = typer.Option("ttl", "--format", help="ttl (Turtle) or jsonld (JSON-LD)."),
) -> None:
    """Write the SKOS dump of a version (Turtle or JSON-LD), made with rdflib."""
    from samskapa.taxonomy import service, skos

    try:
        with unit_of_work(settings()) as session:
            number = version or service.current_version(session)
            if number is None:
                console.print("The taxonomy is not loaded yet: run `samskapa taxonomy load`.")
                raise typer.Exit(code=1)
            service.require_version(session, number)
            if fmt not in skos.FORMATS:
                console.print("The format must be ttl or jsonld.")
                raise typer.Exit(code=2)
            with (
                console.status(f"Writing version {number} as {fmt}…"),
                output.open("w", encoding="utf-8") as out,
            ):
                count = skos.write_dump(session, version=number, out=out, fmt=fmt)
    except DomainError as error:
        raise fail(error) from error
    console.print(f"Wrote {count:,} concepts of version {number} to {output}.")
