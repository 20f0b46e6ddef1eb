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


@app.command("validate")
def validate(
    org: str | None = typer.Option(None, "--org", help="Validate this organisation's catalogue only."),
    file: str | None = typer.Option(
        None, "--file", help="Validate a DCAT-AP file (path or URL) instead of our own catalogue."
    ),
    warnings: bool = typer.Option(False, "--warnings", help="Show SHACL warnings too (they do not fail)."),
) -> None:
    """Validate the catalogue (or a file) against DCAT-AP 3.0.1 + DCAT-AP-SE offline; exit 1 on violations."""
    from samskapa.accounts import service as accounts
    from samskapa.catalogue import dcat, harvest, validation

    config = settings()
    try:
        if file is not None:
            graph = harvest.read_source(file)
            what = file
        else:
            with unit_of_work(config) as session:
                organisation = accounts.get_organisation(session, key=org) if org else None
                graph = dcat.catalogue_graph(session, base_url=config.base_url, organisation=organisation)
            what = f"the catalogue of {org}" if org else "the aggregate catalogue"
    except DomainError as error:
        raise fail(error) from error
    found = validation.validate_graph(graph, include_warnings=warnings)
    violations = [item for item in found if item.severity == "Violation"]
    for item in found:
        console.print(f"{item.severity}: {item}", markup=False, highlight=False)
    console.print(f"{what}: {len(graph)} triples, {len(violations)} violation(s).")
    if violations:
        raise typer.Exit(code=1)


@app.command("harvest")
def harvest_source(
    source: str = typer.Argument(help="A DCAT-AP catalogue: a file path or URL (.ttl, .rdf or .jsonld)."),
    org: str = typer.Option(..., "--org", help="The organisation (name or id) the datasets belong to."),
) -> None:
    """Harvest an external DCAT-AP catalogue into an organisation (created, updated, unchanged, withdrawn)."""
    from samskapa.accounts import service as accounts
    from samskapa.catalogue import harvest

    config = settings()
    try:
        graph = harvest.read_source(source)
        with unit_of_work(config) as session:
            organisation = accounts.get_organisation(session, key=org)
            report = harvest.harvest(session, organisation=organisation, graph=graph, source=source)
    except DomainError as error:
        raise fail(error) from error
    counts = ", ".join(f"{number} {name}" for name, number in report.counts().items())
    console.print(f"Harvested {source} into {org}: {counts}.", markup=False, highlight=False)
    for record in report.invalid:
        console.print(f"invalid: {record.line()}", markup=False, highlight=False)
    if report.data_services:
        console.print(
            f"{report.data_services} data service(s) in the source were not harvested (datasets only).",
            highlight=False,
        )
