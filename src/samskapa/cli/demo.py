"""`samskapa demo …`: demo content, clearly marked as demo."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import orjson
import typer

from samskapa.cli.common import (
    console,
    fail,
    print_ingest_report,
    session_factory,
    settings,
    sync_search_index,
    unit_of_work,
)
from samskapa.core.db import session_scope
from samskapa.core.errors import DomainError

app = typer.Typer(help="Demo content for trying the platform.", no_args_is_help=True)


@app.command("seed")
def seed() -> None:
    """Create the demo publishers of the partnership, their datasets and the arena's demo content: people,
    needs with their answers and releases, ideas, challenges and services (idempotent)."""
    from samskapa.arena import demo as arena_demo
    from samskapa.catalogue import demo

    try:
        with unit_of_work(settings()) as session:
            report = demo.seed_catalogue(session)
            arena = arena_demo.seed_arena(session)
    except DomainError as error:
        raise fail(error) from error
    created = sum(1 for outcome in report.datasets.values() if outcome == "created")
    console.print(
        f"{report.organisations} demo publishers; {len(report.datasets)} demo datasets ({created} new)."
    )
    if arena.skipped:
        console.print("The arena's demo content is there already.")
    else:
        console.print(
            f"Arena: {arena.people} demo people, {arena.needs} needs, {arena.releases} releases, "
            f"{arena.ideas} ideas, {arena.challenges} challenges, {arena.services} services."
        )


@app.command("generate-ads")
def generate_ads(
    count: int = typer.Option(3000, min=0, max=10_000_000, help="How many ads."),
    lang: str = typer.Option("both", help="sv, en or both (about 60 % Swedish)."),
    seed: int = typer.Option(1, help="The same seed makes the same ads (re-running updates nothing)."),
    output: Path | None = typer.Option(None, help="Write JSON Lines here instead of loading them."),
) -> None:
    """Generate realistic synthetic job ads from the taxonomy (marked synthetic) and load them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from samskapa.job_ads import synthetic, tasks

    if lang not in ("sv", "en", "both"):
        raise typer.BadParameter("choose sv, en or both", param_hint="--lang")
    chosen: Literal["sv", "en", "both"] = lang  # type: ignore[assignment]
    config = settings()
    try:
        with session_factory(config) as factory:
            with session_scope(factory) as session:
                model = synthetic.build_model(session)
            ads = synthetic.generate_ads(model, count=count, lang=chosen, seed=seed)
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("Generating ads", total=count)
                if output is not None:
                    with output.open("wb") as out:
                        for ad in ads:
                            out.write(orjson.dumps(ad) + b"\n")
                            progress.advance(task)
                    console.print(f"{count:,} synthetic ads written to {output}.")
                    return
                report = tasks.load_generated(factory, ads, progress=lambda n: progress.advance(task, n))
            print_ingest_report(report, None)
            sync_search_index(config, factory, "job_ads")
    except DomainError as error:
        raise fail(error) from error
