"""`samskapa vault ...`: the personal data vault's operator commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="The personal data vault.", no_args_is_help=True)
