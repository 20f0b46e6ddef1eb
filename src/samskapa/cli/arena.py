"""`samskapa arena ...`: the co-creation arena's operator commands."""

from __future__ import annotations

import typer

from samskapa.cli.common import console, err_console, settings, unit_of_work

app = typer.Typer(help="The co-creation arena.", no_args_is_help=True)


@app.command("send-digest")
def send_digest(
    immediate: bool = typer.Option(
        False, "--immediate", help="Mail those who chose immediate mail, instead of the daily digest."
    ),
) -> None:
    """Mail the arena notifications of the last day not mailed yet: the daily digest (run it once a day), or
    with --immediate the mail of those who want each notice at once (run it every few minutes)."""
    from samskapa.arena import tasks

    config = settings()
    with unit_of_work(config) as session:
        run = tasks.send_notification_mail(session, config, immediate=immediate)
    console.print(f"{run.sent} mail(s) sent.")
    if run.failed:
        err_console.print(f"[bold red]{run.failed} mail(s) could not be sent[/]; the next run tries again.")
        raise typer.Exit(code=1)
