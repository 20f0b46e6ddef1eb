"""HTTP plumbing shared by the published collections (job ads, education): batch uploads, the change
stream, the snapshot and bulk files. Domain-free: the area's api.py passes its own service functions."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import IO

from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.core.errors import Invalid, PayloadTooLarge
from samskapa.core.ingest import FORMATS, Format

MEDIA_FORMATS = {
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json-lines": "jsonl",
    "text/csv": "csv",
    "application/json": "json",
}
SPOOL_BYTES = 8_000_000


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
