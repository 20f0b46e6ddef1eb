"""`samskapa enrich FILE`: JSON Lines in ({"text", "lang"?, "id"?}), JSON Lines out, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import orjson
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from samskapa.cli.common import err_console, fail, settings, unit_of_work
from samskapa.core.errors import DomainError


def enrich(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="JSON Lines: one object with 'text' a line."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the results here (default: stdout)."
    ),
    lang: str | None = typer.Option(
        None, help="sv or en for every text; else each line's 'lang' or detected."
    ),
) -> None:
    """Find skills, occupations and languages in each text; a bad line gets an error record, others go on."""
    from samskapa.enrichment import service

    config = settings()
    out: IO[bytes] = output.open("wb") if output is not None else sys.stdout.buffer
    good = bad = 0
    try:
        with (
            unit_of_work(config) as session,
            file.open("rb") as source,
            Progress(
                TextColumn("Enriching"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[rows]:,} texts"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as progress,
        ):
            task = progress.add_task("enrich", total=file.stat().st_size, rows=0)
            for number, raw in enumerate(source, start=1):
                if not raw.strip():
                    continue
                record: dict[str, object] = {"line": number}
                try:
                    item = orjson.loads(raw)
                    if not isinstance(item, dict):
                        raise DomainError("Each line must be a JSON object with 'text'.")
                    if "id" in item:
                        record["id"] = item["id"]
                    text = item.get("text")
                    result = service.enrich(
                        session,
                        text,  # type: ignore[arg-type]  # checked by the service, a clear error otherwise
                        lang or item.get("lang"),
                        max_chars=config.enrich_max_chars,
                    )
                    record.update(result.model_dump(mode="json"))
                    good += 1
                except orjson.JSONDecodeError as exc:
                    record["error"] = {"code": "invalid_json", "message": str(exc)}
                    bad += 1
                except DomainError as error:
                    record["error"] = {"code": error.code, "message": error.message, "hint": error.hint}
                    bad += 1
                out.write(orjson.dumps(record) + b"\n")
                progress.update(task, completed=source.tell(), rows=good + bad)
    except DomainError as error:
        raise fail(error) from error
    finally:
        if output is not None:
            out.close()
    err_console.print(f"{good:,} texts enriched, {bad:,} bad lines (each has an error record).")
