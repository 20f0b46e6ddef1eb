"""Dependencies shared by every router: settings, a database session per request, the API language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from sqlalchemy.orm import Session, sessionmaker

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import MissingApiKey, RateLimited
from samskapa.accounts.ratelimit import RateLimiter
from samskapa.accounts.service import Principal
from samskapa.config import Settings
from samskapa.core.db import session_scope
from samskapa.web.i18n import Language


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: commit on success, roll back on error."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with session_scope(factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbSession = Annotated[Session, Depends(get_session)]
ApiLang = Annotated[
    Language, Query(description="Language of the labels shown (sv or en); the other one is the fallback.")
]


def presented_key(request: Request) -> str | None:
    """The API key: `Authorization: Bearer <key>`, bare `Authorization: <key>` (CKAN) or `X-CKAN-API-Key`."""
    header = request.headers.get("authorization", "").strip()
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return header or request.headers.get("x-ckan-api-key", "").strip() or None


def get_principal(request: Request, session: DbSession, response: Response) -> Principal:
    """The API client behind the request's key, within its rate limit (401 / 429 otherwise)."""
    secret = presented_key(request)
    if secret is None:
        raise MissingApiKey(
            "This request needs an API key.",
            hint="Send it as 'Authorization: Bearer <key>'. Keys are made with `samskapa orgs create-key`.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = accounts.authenticate(session, secret=secret)
    limiter: RateLimiter = request.app.state.rate_limiter
    decision = limiter.hit(principal.client_id, principal.requests_per_minute)
    if not decision.allowed:
        raise RateLimited(
            f"This client may make {decision.limit} requests a minute.",
            hint=f"Try again in {decision.reset_seconds} s.",
            headers=decision.headers(),
        )
    response.headers.update(decision.headers())
    return principal


CurrentClient = Annotated[Principal, Depends(get_principal)]
