"""Typed domain errors. Areas subclass these; the web layer maps them to HTTP in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field."""

    field: str
    message: str


@dataclass
class DomainError(Exception):
    """A business error with a stable machine-readable code, a human message and an optional hint."""

    message: str
    hint: str | None = None
    field_errors: list[FieldError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    status: ClassVar[int] = 400
    code: ClassVar[str] = "error"
    title: ClassVar[str] = "Error"

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = "Not found"


class Invalid(DomainError):
    status = 400
    code = "invalid"
    title = "Invalid request"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    title = "Authentication required"


class TooManyRequests(DomainError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"


class Unavailable(DomainError):
    status = 503
    code = "unavailable"
    title = "Service unavailable"


class PayloadTooLarge(DomainError):
    status = 413
    code = "payload_too_large"
    title = "Payload too large"
