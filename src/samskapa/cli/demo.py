"""`samskapa demo …`: demo content, clearly marked as demo."""

from __future__ import annotations

import typer

from samskapa.cli.common import console, fail, settings, unit_of_work
from samskapa.core.errors import DomainError

app = typer.Typer(help="Demo content for trying the platform.", no_args_is_help=True)


@app.command("seed")
def seed() -> None:
    """Create the demo publishers of the partnership and their datasets (idempotent)."""
    from samskapa.catalogue import demo

    try:
        with unit_of_work(settings()) as session:
            report = demo.seed_catalogue(session)
    except DomainError as error:
        raise fail(error) from error
    created = sum(1 for outcome in report.datasets.values() if outcome == "created")
    console.print(
        f"{report.organisations} demo publishers; {len(report.datasets)} demo datasets ({created} new)."
    )
