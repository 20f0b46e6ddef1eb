"""Interactive API documentation served from the platform itself: no CDN, works offline.

The Swagger UI assets come from the fastapi-offline package (Swagger UI 5, which reads OpenAPI 3.1).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Samskapa API",
        swagger_js_url="/static/docs/swagger-ui-bundle.js",
        swagger_css_url="/static/docs/swagger-ui.css",
        swagger_favicon_url="/static/docs/favicon.png",
    )
    # The generated page has no language; the API documentation is in English.
    html = bytes(page.body).decode().replace("<html>", '<html lang="en">', 1)
    return HTMLResponse(html)


def install_docs(app: FastAPI) -> None:
    """Serve /docs and its assets."""
    app.mount("/static/docs", StaticFiles(directory=ASSETS), name="docs-assets")
    app.include_router(router)
