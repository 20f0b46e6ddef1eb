"""HTTP plumbing shared by the published collections (job ads, education): batch uploads, the change
stream, the snapshot and bulk files. Domain-free: the area's api.py passes its own service functions."""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from fastapi import Request
from fastapi.responses import FileResponse, StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.core.errors import Invalid, NotFound, PayloadTooLarge
from samskapa.core.ingest import FORMATS, Format

MEDIA_FORMATS = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "text/csv": "csv",
    "application/json": "json",
}
SPOOL_BYTES = 8_000_000
logger = logging.getLogger("samskapa.bulk")


def _format(request: Request, fmt: str | None) -> Format:
    if fmt is not None:
        if fmt not in FORMATS:
            raise Invalid(f"Unknown format '{fmt}'.", hint=f"Use one of {', '.join(FORMATS)}.")
        return fmt  # type: ignore[return-value]
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in MEDIA_FORMATS:
        return MEDIA_FORMATS[media]  # type: ignore[return-value]
    raise Invalid(
        f"Cannot tell the format of the batch from its Content-Type '{media or '(none)'}'.",
        hint="Send application/x-ndjson (JSON Lines), text/csv or application/json, or add ?format=.",
    )


async def read_batch(request: Request, settings: Settings, fmt: str | None) -> tuple[IO[bytes], Format]:
    """The request body spooled to a temporary file (memory up to 8 MB), within the size limit (413)."""
    chosen = _format(request, fmt)
    limit = settings.ingest_max_bytes
    too_large = PayloadTooLarge(
        f"The batch is larger than {limit:,} bytes.",
        hint="Split it into smaller files, or ingest it with the command line (`samskapa ads ingest`).",
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned to the caller
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            spool.close()
            raise too_large
        spool.write(chunk)
    spool.seek(0)
    return spool, chosen


def snapshot_response(
    request: Request, chunks: Callable[[Session], Iterator[bytes]], filename: str
) -> StreamingResponse:
    """Stream a snapshot from a session of its own (the request's session ends before the body is sent)."""
    factory: sessionmaker[Session] = request.app.state.session_factory

    def body() -> Iterator[bytes]:
        with session_scope(factory) as session:
            yield from chunks(session)

    return StreamingResponse(
        body(),
        media_type="application/json",
        headers={"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"},
    )


BULK_MEDIA = {
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv; charset=utf-8",
    ".jsonl.gz": "application/gzip",
    ".json": "application/json",
}
_bulk_locks: dict[Path, threading.Lock] = {}
_bulk_guard = threading.Lock()


@dataclass(frozen=True)
class BulkSource:
    """How an area makes its bulk files and tells whether they are stale."""

    directory: Path
    basename: str
    build: Callable[[Session, Path], object]
    current_seq: Callable[[Session], int]


def _lock(directory: Path) -> threading.Lock:
    with _bulk_guard:
        return _bulk_locks.setdefault(directory, threading.Lock())


def _built_seq(descriptor: Path) -> int:
    try:
        return int(json.loads(descriptor.read_text(encoding="utf-8")).get("version", "-1"))
    except (OSError, ValueError):
        return -1


def _rebuild(factory: sessionmaker[Session], source: BulkSource) -> None:
    lock = _lock(source.directory)
    if not lock.acquire(blocking=False):
        return  # already being rebuilt
    try:
        with session_scope(factory) as session:
            source.build(session, source.directory)
    except Exception:  # logged without data; the old files stay
        logger.exception("bulk files in %s: rebuild failed", source.directory.name)
    finally:
        lock.release()


def bulk_file(request: Request, source: BulkSource, filename: str, max_age_seconds: int) -> FileResponse:
    """One of a collection's bulk files, served with HTTP range support.

    Made on the first request; when the collection has changed since and the files are older than
    `max_age_seconds`, they are rebuilt in the background while the old ones are served.
    """
    names = [f"{source.basename}{suffix}" for suffix in (".parquet", ".csv", ".jsonl.gz")] + [
        "datapackage.json"
    ]
    if filename not in names:
        raise NotFound(f"There is no bulk file '{filename}'.", hint=f"The files are: {', '.join(names)}.")
    factory: sessionmaker[Session] = request.app.state.session_factory
    descriptor = source.directory / "datapackage.json"
    if not descriptor.exists():
        with _lock(source.directory), session_scope(factory) as session:
            if not descriptor.exists():
                source.build(session, source.directory)
    else:
        age = time.time() - descriptor.stat().st_mtime
        if age > max_age_seconds:
            with session_scope(factory) as session:
                stale = source.current_seq(session) > _built_seq(descriptor)
            if stale:
                threading.Thread(target=_rebuild, args=(factory, source), daemon=True).start()
    suffix = next(suffix for suffix in BULK_MEDIA if filename.endswith(suffix))
    return FileResponse(source.directory / filename, media_type=BULK_MEDIA[suffix], filename=filename)
