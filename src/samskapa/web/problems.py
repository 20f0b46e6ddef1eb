"""Errors rendered once: RFC 9457 problem+json for the API, a friendly page for people."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from samskapa.core.errors import DomainError
from samskapa.web.i18n import request_language
from samskapa.web.templating import render_error_page

logger = logging.getLogger("samskapa.web")
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://data.samskapa.se/problems/"


class UnknownParameters(Exception):
    """A request named query parameters the endpoint does not have."""

    def __init__(self, unknown: list[str], allowed: list[str]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown
        self.allowed = allowed


def _wants_problem_json(request: Request) -> bool:
    """API paths always get problem+json; elsewhere a client that does not ask for HTML gets it too
    (an RDF client of /catalog.ttl, say), and browsers get the friendly page."""
    if request.url.path.startswith(("/v1", "/openapi", "/api")):
        return True
    accept = request.headers.get("accept", "").strip()
    return bool(accept) and "text/html" not in accept and accept != "*/*"


def problem_response(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    hint: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem+json response for API clients, or the friendly error page for browsers."""
    if not _wants_problem_json(request):
        return render_error_page(request, status=status, title=title, detail=detail, hint=hint)
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": request.url.path,
    }
    if hint:
        body["hint"] = hint
    if errors:
        body["errors"] = errors
    if extra:
        body.update({key: value for key, value in extra.items() if key not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Map typed domain errors, validation errors and HTTP errors to responses in one place."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        errors = [{"field": e.field, "message": e.message} for e in exc.field_errors]
        return problem_response(
            request,
            status=exc.status,
            code=exc.code,
            title=exc.title,
            detail=exc.message,
            hint=exc.hint,
            errors=errors,
            extra=exc.extra,
            headers=exc.headers or None,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(part) for part in e["loc"][1:]) or str(e["loc"][0]),
                "message": e["msg"],
                "location": str(e["loc"][0]),
            }
            for e in exc.errors()
        ]
        fields = ", ".join(error["field"] for error in errors)
        return problem_response(
            request,
            status=400,
            code="invalid_parameters",
            title="Invalid request",
            detail=f"Invalid value for: {fields}.",
            hint="See the API description at /docs.",
            errors=errors,
        )

    @app.exception_handler(UnknownParameters)
    async def unknown_parameters(request: Request, exc: UnknownParameters) -> Response:
        allowed = ", ".join(exc.allowed) or "none"
        return problem_response(
            request,
            status=400,
            code="unknown_parameters",
            title="Unknown query parameters",
            detail=f"This endpoint has no parameter(s): {', '.join(exc.unknown)}.",
            hint=f"Parameters it accepts: {allowed}.",
            errors=[{"field": name, "message": "unknown parameter"} for name in exc.unknown],
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404:
            detail = f"There is nothing at {request.url.path}."
        return problem_response(
            request,
            status=exc.status_code,
            code=code,
            title=title,
            detail=detail,
            hint="The API is described at /docs." if exc.status_code == 404 else None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("Unhandled error on %s %s", request.method, request.url.path)
        del exc
        return problem_response(
            request,
            status=500,
            code="internal_error",
            title="Internal error",
            detail="Something went wrong on our side. It has been logged.",
        )


__all__ = [
    "PROBLEM_JSON",
    "UnknownParameters",
    "install_error_handlers",
    "problem_response",
    "request_language",
]
