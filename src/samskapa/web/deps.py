"""Dependencies shared by every router: settings, a database session per request, the API language,
the API client behind a key and the person behind a session cookie."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Header, Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import FormData

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import MissingApiKey, RateLimited, SignInRequired
from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth.tokens import looks_like_jwt
from samskapa.accounts.ratelimit import RateLimiter
from samskapa.accounts.schemas import CSRF_HEADER
from samskapa.accounts.service import Principal, SignedIn
from samskapa.accounts.sessions import InProcessLoginThrottle, LoginThrottle
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


def get_write_session(request: Request) -> Iterator[Session]:
    """A unit of work that reads and then must write (the vault's checked reads write the access log):
    on SQLite it takes the write lock when it begins, so a concurrent commit cannot make it fail."""
    factory: sessionmaker[Session] = request.app.state.write_session_factory
    with session_scope(factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": the unit of work ends (commits or rolls back) when the route returns, BEFORE the response
# is sent, so a client never sees a 201 or a 303 for a write that is not committed yet (or that then fails),
# and a browser following a redirect always reads what the form wrote. Streamed bodies open their own session.
DbSession = Annotated[Session, Depends(get_session, scope="function")]
WriteSession = Annotated[Session, Depends(get_write_session, scope="function")]
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
    """The API client behind the request's key or OAuth client-credentials access token, within its rate
    limit (401 / 429 otherwise)."""
    secret = presented_key(request)
    if secret is None:
        raise MissingApiKey(
            "This request needs an API key.",
            hint="Send it as 'Authorization: Bearer <key>'. Keys are made with `samskapa orgs create-key`.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if looks_like_jwt(secret):
        # An OAuth client-credentials access token: the client's own API client, scopes from the token.
        principal = oauth.client_credentials_principal(
            session, token=secret, keys=request.app.state.keys, settings=get_settings(request)
        )
    else:
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


SESSION_COOKIE = "samskapa_session"
_throttle_lock = threading.Lock()


def get_login_throttle(request: Request) -> LoginThrottle:
    """The app's sign-in throttle, made on first use (one per app, so every test app starts afresh)."""
    state = request.app.state
    with _throttle_lock:
        throttle: LoginThrottle | None = getattr(state, "login_throttle", None)
        if throttle is None:
            throttle = InProcessLoginThrottle()
            state.login_throttle = throttle
    return throttle


def get_optional_person(request: Request, session: DbSession) -> SignedIn | None:
    """The person behind the session cookie, or None when signed out (no, unknown or expired cookie)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    return accounts.signed_in(session, token=token)


def get_current_person(person: Annotated[SignedIn | None, Depends(get_optional_person)]) -> SignedIn:
    """The signed-in person; signed-out requests are refused (401)."""
    if person is None:
        raise SignInRequired("This page needs you to sign in.", hint="Sign in at /login.")
    return person


LoginThrottleDep = Annotated[LoginThrottle, Depends(get_login_throttle)]
OptionalPerson = Annotated[SignedIn | None, Depends(get_optional_person)]
CurrentPerson = Annotated[SignedIn, Depends(get_current_person)]
CsrfHeader = Annotated[
    str | None, Header(alias=CSRF_HEADER, description="The session's CSRF token (from GET /v1/me/session).")
]


def get_checked_person(person: CurrentPerson, x_csrf_token: CsrfHeader = None) -> SignedIn:
    """The signed-in person of a state-changing JSON request that carries the session's CSRF token
    (401 signed out, 403 without the token)."""
    person.check_csrf(x_csrf_token)
    return person


CheckedPerson = Annotated[SignedIn, Depends(get_checked_person)]


async def get_posted_form(request: Request) -> FormData:
    """The fields of a posted HTML form (read once; Starlette keeps it for the request)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(get_posted_form)]


def safe_next(value: str | None) -> str | None:
    """A path on this site to go on to after signing in; anything else (other hosts) is dropped."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")) or len(value) > 2000:
        return None
    return value


def sign_in_redirect(request: Request) -> RedirectResponse:
    """Send a signed-out browser to /login, coming back to this page (a GET page for a POST) afterwards."""
    here = request.url.path
    if request.method != "GET" and here.endswith("/withdraw"):
        here = here.removesuffix("/withdraw") + "/edit"
    if request.url.query:
        here = f"{here}?{request.url.query}"
    return RedirectResponse(f"/login?{urlencode({'next': here})}", status_code=303)


def split_values(values: list[str], *, unique: bool = False) -> list[str]:
    """A repeatable query parameter's values, each of which may also hold several separated by commas."""
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(parts)) if unique else parts
