"""The `samskapa` command line: one command group per area, each calling that area's services."""

from __future__ import annotations

import typer

from samskapa.cli import ads, arena, catalogue, db, demo, education, enrich, orgs, serve, taxonomy, vault

app = typer.Typer(
    help="Samskapa: shared data infrastructure for lifelong learning and competence supply.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(db.app, name="db")
app.add_typer(taxonomy.app, name="taxonomy")
app.add_typer(orgs.app, name="orgs")
app.add_typer(catalogue.app, name="catalogue")
app.add_typer(demo.app, name="demo")
app.add_typer(ads.app, name="ads")
app.add_typer(education.app, name="education")
app.add_typer(vault.app, name="vault")
app.add_typer(arena.app, name="arena")
app.command("serve")(serve.serve)
app.command("enrich")(enrich.enrich)


def main() -> None:
    """Entry point of the `samskapa` script."""
    app()
