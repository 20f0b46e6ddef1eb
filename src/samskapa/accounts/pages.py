"""Sign-in pages for people: /login, /logout and /account.

The session cookie carries a random token whose SHA-256 is the session's id in accounts_session; it is
HttpOnly, SameSite=Lax and Secure when the site is served over https. Forms of a signed-in person carry the
session's CSRF token (synchroniser token). The login form has no session yet, so it uses a double-submit
token instead: a random value in a short-lived cookie that the form must repeat.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from samskapa.accounts import service
from samskapa.accounts.errors import CsrfTokenInvalid, InvalidLogin, LoginThrottled
from samskapa.accounts.service import SESSION_LIFETIME
from samskapa.config import Settings
from samskapa.web.deps import (
    SESSION_COOKIE,
    DbSession,
    LoginThrottleDep,
    OptionalPerson,
    SettingsDep,
    safe_next,
    sign_in_redirect,
)
from samskapa.web.i18n import request_language, translate
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

LOGIN_CSRF_COOKIE = "samskapa_login_csrf"
LOGIN_CSRF_SECONDS = 2 * 3600
NextPath = Annotated[str | None, Query(max_length=2000)]
Text = Annotated[str, Form(max_length=2000)]


def _secure(settings: Settings) -> bool:
    return settings.base_url.startswith("https://")


def _login_page(
    request: Request,
    settings: Settings,
    *,
    next_path: str | None,
    email: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"next": next_path, "email": email, "errors": errors or {}, "csrf_token": token},
        status=status,
        headers=headers,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=LOGIN_CSRF_SECONDS,
        path="/login",
        httponly=True,
        samesite="strict",
        secure=_secure(settings),
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, settings: SettingsDep, person: OptionalPerson, next: NextPath = None
) -> Response:
    if person is not None:
        return RedirectResponse(safe_next(next) or "/account", status_code=303)
    return _login_page(request, settings, next_path=safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    throttle: LoginThrottleDep,
    email: Annotated[str, Form(max_length=300)] = "",
    password: Text = "",
    csrf_token: Text = "",
    next: Text = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise CsrfTokenInvalid(
            "The sign-in form was not sent from this site, or it is too old.",
            hint="Open /login again and sign in.",
        )
    lang = request_language(request)
    next_path = safe_next(next)
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = translate("login.error.email", lang)
    if not password:
        errors["password"] = translate("login.error.password", lang)
    if errors:
        return _login_page(request, settings, next_path=next_path, email=email, errors=errors, status=400)
    try:
        person = service.verify_login(session, email=email, password=password, throttle=throttle)
    except LoginThrottled as error:
        wait = int(error.headers.get("Retry-After", "900"))
        message = translate("login.error.throttled", lang).format(minutes=max(1, -(-wait // 60)))
        return _login_page(
            request,
            settings,
            next_path=next_path,
            email=email,
            errors={"email": message},
            status=429,
            headers=error.headers,
        )
    except InvalidLogin:
        message = translate("login.error.wrong", lang)
        return _login_page(
            request, settings, next_path=next_path, email=email, errors={"email": message}, status=400
        )
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        service.end_session(session, token=old)
    _, token = service.start_session(session, person=person)
    response = RedirectResponse(next_path or "/account", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(settings),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    csrf_token: Text = "",
) -> Response:
    """End the session (the row is deleted, so the cookie is worthless even if kept)."""
    if person is not None:
        person.check_csrf(csrf_token)
        service.end_session(session, token=request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(settings))
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: DbSession, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    memberships = service.memberships_of(session, person_id=person.person_id)
    return render(
        request,
        "account.html",
        {
            "person": person,
            "memberships": memberships,
            "editor_roles": service.EDITOR_ROLES,
            "csrf_token": person.csrf_token,
        },
    )
