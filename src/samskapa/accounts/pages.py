"""Sign-in pages for people: /login, /register, /logout and /account.

The session cookie carries a random token whose SHA-256 is the session's id in accounts_session; it is
HttpOnly, SameSite=Lax and Secure when the site is served over https. Forms of a signed-in person carry the
session's CSRF token (synchroniser token). The login and sign-up forms have no session yet, so they use a
double-submit token instead: a random value in a short-lived cookie that the form must repeat.

Sign-up says plainly when an email already has an account: a generic "could not create the account" leaves
people stuck, and the login form does not reveal it but the sign-up form of any site inevitably can. To keep
that from being used to test addresses in bulk, every sign-up that gets that far (created or refused as
taken) counts against the client address's hourly budget (`signups_per_ip_per_hour`).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from samskapa.accounts import service
from samskapa.accounts.errors import CsrfTokenInvalid, EmailTaken, InvalidLogin, LoginThrottled
from samskapa.accounts.models import Person
from samskapa.accounts.service import SESSION_LIFETIME
from samskapa.accounts.sessions import InProcessLoginThrottle, LoginThrottle
from samskapa.config import OidcProvider, Settings
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
REGISTER_CSRF_COOKIE = "samskapa_register_csrf"
SIGNUP_WINDOW_SECONDS = 3600
NextPath = Annotated[str | None, Query(max_length=2000)]
Text = Annotated[str, Form(max_length=2000)]


@dataclass(frozen=True)
class FormToken:
    """A double-submit CSRF token for a form shown before there is a session (sign-in, sign-up): a random
    value in a short-lived cookie scoped to the form's path, which the posted form must repeat."""

    cookie: str
    path: str

    def issue(self, request: Request) -> str:
        return request.cookies.get(self.cookie) or secrets.token_urlsafe(32)

    def attach(self, response: Response, token: str, settings: Settings) -> None:
        response.set_cookie(
            self.cookie,
            token,
            max_age=LOGIN_CSRF_SECONDS,
            path=self.path,
            httponly=True,
            samesite="strict",
            secure=_secure(settings),
        )

    def check(self, request: Request, submitted: str, *, message: str, hint: str) -> None:
        expected = request.cookies.get(self.cookie, "")
        if not expected or not hmac.compare_digest(expected.encode(), submitted.encode()):
            raise CsrfTokenInvalid(message, hint=hint)

    def forget(self, response: Response) -> None:
        response.delete_cookie(self.cookie, path=self.path)


LOGIN_FORM = FormToken(LOGIN_CSRF_COOKIE, "/login")
REGISTER_FORM = FormToken(REGISTER_CSRF_COOKIE, "/register")


def _secure(settings: Settings) -> bool:
    return settings.base_url.startswith("https://")


def provider_title(provider: OidcProvider, lang: str) -> str:
    return provider.title_sv if lang == "sv" else provider.title_en


def start_signed_in(
    request: Request, session: Session, settings: Settings, *, person: Person, next_path: str | None
) -> RedirectResponse:
    """End the browser's old session (if any), start one for `person` and go on to `next_path` or /account."""
    old = request.cookies.get(SESSION_COOKIE)
    if old and len(old) <= 200:
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
    return response


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
    token = LOGIN_FORM.issue(request)
    lang = request_language(request)
    providers = [
        {"name": provider.name, "title": provider_title(provider, lang)}
        for provider in settings.oidc_providers
    ]
    response = render(
        request,
        "login.html",
        {
            "next": next_path,
            "email": email,
            "errors": errors or {},
            "csrf_token": token,
            "providers": providers,
        },
        status=status,
        headers=headers,
    )
    LOGIN_FORM.attach(response, token, settings)
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
    LOGIN_FORM.check(
        request,
        csrf_token,
        message="The sign-in form was not sent from this site, or it is too old.",
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
    response = start_signed_in(request, session, settings, person=person, next_path=next_path)
    LOGIN_FORM.forget(response)
    return response


# ---- Sign-up ----

_signup_lock = threading.Lock()


def get_signup_limiter(request: Request) -> LoginThrottle:
    """The app's sign-up budget per client address: a sliding window of an hour, in the process (the
    sign-in throttle's class: `failed` records an attempt), made on first use so every test app starts
    afresh. With N workers each keeps its own budget, as with the sign-in throttle."""
    state = request.app.state
    settings: Settings = state.settings
    with _signup_lock:
        limiter: LoginThrottle | None = getattr(state, "signup_limiter", None)
        if limiter is None:
            limiter = InProcessLoginThrottle(
                max_failures=settings.signups_per_ip_per_hour, window_seconds=SIGNUP_WINDOW_SECONDS
            )
            state.signup_limiter = limiter
    return limiter


SignUpLimiterDep = Annotated[LoginThrottle, Depends(get_signup_limiter)]


def _register_page(
    request: Request,
    settings: Settings,
    *,
    next_path: str | None,
    name: str = "",
    email: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    token = REGISTER_FORM.issue(request)
    response = render(
        request,
        "register.html",
        {"next": next_path, "name": name, "email": email, "errors": errors or {}, "csrf_token": token},
        status=status,
        headers=headers,
    )
    REGISTER_FORM.attach(response, token, settings)
    return response


@router.get("/register", response_class=HTMLResponse)
def register_form(
    request: Request, settings: SettingsDep, person: OptionalPerson, next: NextPath = None
) -> Response:
    if person is not None:
        return RedirectResponse(safe_next(next) or "/account", status_code=303)
    return _register_page(request, settings, next_path=safe_next(next))


@router.post("/register", response_class=HTMLResponse)
def register(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    limiter: SignUpLimiterDep,
    name: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=300)] = "",
    password: Text = "",
    password_confirm: Text = "",
    csrf_token: Text = "",
    next: Text = "",
) -> Response:
    """Create a citizen account (argon2id password) and sign the new person in."""
    REGISTER_FORM.check(
        request,
        csrf_token,
        message="The sign-up form was not sent from this site, or it is too old.",
        hint="Open /register again and send the form.",
    )
    lang = request_language(request)
    next_path = safe_next(next)

    def again(errors: dict[str, str], status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
        return _register_page(
            request,
            settings,
            next_path=next_path,
            name=name,
            email=email,
            errors=errors,
            status=status,
            headers=headers,
        )

    problems = service.sign_up_problems(name=name, email=email, password=password)
    confirm_field = "password_confirm"
    if "password" not in problems:
        if not password_confirm:
            problems[confirm_field] = "missing"
        elif not hmac.compare_digest(password.encode(), password_confirm.encode()):
            problems[confirm_field] = "mismatch"
    if problems:
        order = ("name", "email", "password", "password_confirm")
        errors = {
            field: translate(f"register.error.{field}.{problems[field]}", lang)
            for field in order
            if field in problems
        }
        return again(errors, 400)
    client = request.client.host if request.client is not None else "unknown"
    if (wait := limiter.retry_after(client)) is not None:
        message = translate("register.error.throttled", lang).format(minutes=max(1, -(-wait // 60)))
        return again({"email": message}, 429, {"Retry-After": str(wait)})
    limiter.failed(client)  # counts this attempt against the address's hourly budget
    try:
        person = service.register_person(session, name=name, email=email, password=password)
    except EmailTaken:
        return again({"email": translate("register.error.email.taken", lang)}, 409)
    response = start_signed_in(request, session, settings, person=person, next_path=next_path)
    REGISTER_FORM.forget(response)
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
def account(request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    memberships = service.memberships_of(session, person_id=person.person_id)
    lang = request_language(request)
    titles = {provider.name: provider_title(provider, lang) for provider in settings.oidc_providers}
    providers = [
        titles.get(name, name) for name in service.external_identities_of(session, person_id=person.person_id)
    ]
    return render(
        request,
        "account.html",
        {
            "person": person,
            "memberships": memberships,
            "has_email": service.has_real_email(person.email),
            "providers": providers,
            "editor_roles": service.EDITOR_ROLES,
            "csrf_token": person.csrf_token,
        },
    )
