"""`samskapa serve`: run the web server."""

from __future__ import annotations

import typer


def serve(
    host: str | None = typer.Option(None, help="Interface to bind (default from SAMSKAPA_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port to listen on (default from SAMSKAPA_PORT, 8000)."),
    workers: int | None = typer.Option(None, help="Worker processes (default from SAMSKAPA_WORKERS, 1)."),
) -> None:
    """Serve the platform: the API under /v1, the pages for people, the docs at /docs."""
    import uvicorn

    from samskapa.cli.common import settings

    config = settings()
    uvicorn.run(
        "samskapa.main:create_app",
        factory=True,
        host=host or config.host,
        port=port or config.port,
        workers=workers or config.workers,
        log_level=config.log_level,
        access_log=False,
    )
