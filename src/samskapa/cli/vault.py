"""`samskapa vault ...`: the personal data vault's operator commands."""

from __future__ import annotations

import typer

from samskapa.cli.common import console, err_console, settings, unit_of_work

app = typer.Typer(help="The personal data vault.", no_args_is_help=True)


@app.command("verify-log")
def verify_log() -> None:
    """Check the access log's hash chain and signed head: edits, deletions, reordering and cuts show."""
    from samskapa.keys import load_keys
    from samskapa.vault import service

    config = settings()
    public_key = load_keys(config).public_key
    with unit_of_work(config) as session:
        report = service.verify_log(session, public_key=public_key)
    if report.intact:
        console.print(f"The access log is intact: {report.entries:,} entries, chain and signed head agree.")
        return
    err_console.print(f"[bold red]The access log was tampered with[/] ({len(report.problems)} problem(s)):")
    for problem in report.problems[:50]:
        err_console.print(f"  {problem}")
    if len(report.problems) > 50:
        err_console.print(f"  … and {len(report.problems) - 50} more.")
    raise typer.Exit(code=1)


@app.command("expire")
def expire() -> None:
    """Record 'expired' for every authorisation whose validity has ended (run it daily)."""
    from samskapa.keys import load_keys
    from samskapa.vault import service

    config = settings()
    keys = service.vault_keys(load_keys(config))
    with unit_of_work(config) as session:
        count = service.expire_due(session, keys=keys)
    console.print(f"{count} authorisation(s) expired.")
