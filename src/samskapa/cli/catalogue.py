"""`samskapa catalogue …`: the data catalogue."""

from __future__ import annotations

import typer

from samskapa.cli.common import console, fail, settings, unit_of_work
from samskapa.core.errors import DomainError

app = typer.Typer(help="The data catalogue.", no_args_is_help=True)


@app.command("register-platform")
def register_platform() -> None:
    """Register (or refresh) the platform's own datasets and APIs in the catalogue."""
    from samskapa.catalogue import platform

    config = settings()
    try:
        with unit_of_work(config) as session:
            report = platform.register_platform(session, base_url=config.base_url)
    except DomainError as error:
        raise fail(error) from error
    for name, outcome in report.datasets.items():
        console.print(f"{name}: {outcome}")
    if not report.datasets:
        console.print("Nothing to register yet: load the taxonomy first.")
