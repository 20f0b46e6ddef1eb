"""Karriärkompassen / Career Compass: a third-party career-guidance service that reads a person's skills and
education from the Samskapa vault, with their consent.

It is an OAuth 2.1 *public* client (no secret) of the platform and does what any such service must:

1. `/connect` starts the authorization code flow with PKCE (S256) and a fresh `state`; the code verifier
   stays on the server, keyed by the state, in the browser's session here;
2. `/callback` checks the `state` (it must be one this browser started) and the `iss` parameter (RFC 9207:
   the answer must come from the platform, per the platform's RFC 8414 metadata), then exchanges the code
   with the verifier at the token endpoint. The tokens stay on the server; the browser only holds an opaque
   session cookie;
3. the access token is a JWT (RFC 9068): the service verifies its signature with the platform's published
   keys (the metadata's `jwks_uri`, EdDSA only) and its issuer, audience and client before trusting its
   `sub` (the person's pseudonym towards this organisation);
4. `/profile` reads `GET {platform}/v1/people/{sub}/profile` with the token and shows what the person
   granted. A 401 (the access token expired) is answered by refreshing once — refresh tokens rotate, so the
   new one replaces the old — and a 403 (the person withdrew, restricted processing or was erased) ends the
   connection: the service forgets its tokens and offers to connect again.

Nothing read from the platform is stored: the profile is fetched for each page view and shown, not kept.

Every call to the platform goes through one injectable `httpx.Client`, so tests can hand in the platform's
own `fastapi.testclient.TestClient` (an `httpx.Client`) and run both apps in one process.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Annotated, Any, Final, Literal, cast
from urllib.parse import quote, urlencode, urlsplit

import httpx
from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from joserfc.jwt import JWTClaimsRegistry

__all__ = [
    "COOKIE",
    "SCOPE",
    "AccessClaims",
    "BrowserSession",
    "Compass",
    "CompassSettings",
    "ConfigurationError",
    "Platform",
    "PlatformError",
    "Tokens",
    "create_app",
]

SCOPE: Final = "vault.skills vault.education"
COOKIE: Final = "compass_session"
DEFAULT_PLATFORM_URL: Final = "http://127.0.0.1:8000"
DEFAULT_REDIRECT_URI: Final = "http://127.0.0.1:8001/callback"
METADATA_PATH: Final = "/.well-known/oauth-authorization-server"
API_AUDIENCE_SUFFIX: Final = "/v1"  # the platform's access tokens are for its API: aud = issuer + "/v1"
ALGORITHM: Final = "EdDSA"
ACCESS_TOKEN_TYPES: Final = frozenset({"at+jwt", "application/at+jwt"})
LEEWAY_SECONDS: Final = 30
MAX_PENDING_PER_BROWSER: Final = 5
MAX_SESSIONS: Final = 10_000
TIMEOUT_SECONDS: Final = 10.0
CATEGORY_NAMES: Final[dict[str, tuple[str, str]]] = {
    "skills": ("Kompetenser", "Skills"),
    "education": ("Utbildning", "Education"),
    "experience": ("Erfarenhet", "Experience"),
    "credentials": ("Intyg", "Credentials"),
}
LEVEL_NAMES: Final[dict[str, tuple[str, str]]] = {
    "basic": ("grundläggande", "basic"),
    "intermediate": ("god", "intermediate"),
    "advanced": ("avancerad", "advanced"),
    "expert": ("expert", "expert"),
}


class ConfigurationError(RuntimeError):
    """The service is not configured (a missing or unusable environment variable)."""


class PlatformError(RuntimeError):
    """The platform answered something this service cannot use (or did not answer)."""


# ---- Settings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompassSettings:
    """Where the platform is, who this service is to it, and where the platform sends people back to."""

    platform_url: str
    client_id: str
    redirect_uri: str
    scope: str = SCOPE

    @property
    def issuer(self) -> str:
        """The platform's issuer identifier, which its metadata must state exactly (RFC 8414 §3.3)."""
        return self.platform_url.rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.redirect_uri.startswith("https://")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CompassSettings:
        """COMPASS_PLATFORM_URL, COMPASS_CLIENT_ID (required) and COMPASS_REDIRECT_URI."""
        env = os.environ if environ is None else environ
        client_id = env.get("COMPASS_CLIENT_ID", "").strip()
        if not client_id:
            raise ConfigurationError(
                "Set COMPASS_CLIENT_ID to the client_id printed by `samskapa orgs register-client`."
            )
        platform_url = env.get("COMPASS_PLATFORM_URL", DEFAULT_PLATFORM_URL).strip().rstrip("/")
        redirect_uri = env.get("COMPASS_REDIRECT_URI", DEFAULT_REDIRECT_URI).strip()
        for name, value in (("COMPASS_PLATFORM_URL", platform_url), ("COMPASS_REDIRECT_URI", redirect_uri)):
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigurationError(f"{name} must be an absolute http(s) URL, not '{value}'.")
        return cls(platform_url=platform_url, client_id=client_id, redirect_uri=redirect_uri)


# ---- The platform, as seen from this service --------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    """The parts of the platform's RFC 8414 metadata this service uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str | None
    jwks_uri: str


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says."""

    subject: str
    scopes: frozenset[str]
    expires_at: int
    authorisation_id: str | None


@dataclass(frozen=True)
class Tokens:
    """The tokens of one connection, kept on the server only."""

    access_token: str
    refresh_token: str | None
    subject: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class ProfileRead:
    """The outcome of reading the person's profile from the platform."""

    outcome: Literal["ok", "refused", "ended", "unavailable"]
    tokens: Tokens | None  # the tokens to keep afterwards (None: forget the connection)
    body: dict[str, Any] | None = None
    reason: str = ""


class _EdDSAOnly(JWSRegistry):
    """JWS algorithms accepted in access tokens: EdDSA and nothing else (`alg: none`, HMAC keyed with the
    public key and the like all fail). joserfc warns about the name EdDSA (RFC 9864 prefers `Ed25519`);
    it is the name the platform signs with."""

    def get_alg(self, name: str) -> Any:
        if name != ALGORITHM:
            return super().get_alg("__unsupported__")  # raises UnsupportedAlgorithmError
        return self.algorithms[name]


JWS_REGISTRY: Final = _EdDSAOnly(algorithms=[ALGORITHM])


def _json_object(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as error:
        raise PlatformError(f"The platform's {what} was not JSON (HTTP {response.status_code}).") from error
    if not isinstance(body, dict):
        raise PlatformError(f"The platform's {what} was not a JSON object.")
    return cast(dict[str, Any], body)


def _string(body: Mapping[str, Any], name: str, what: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise PlatformError(f"The platform's {what} has no '{name}'.")
    return value


class Platform:
    """Calls to the platform: metadata, JWKS, the token endpoint and the people API."""

    def __init__(self, settings: CompassSettings, http: httpx.Client) -> None:
        self.settings = settings
        self.http = http
        self._lock = threading.Lock()
        self._metadata: Metadata | None = None
        self._keys: KeySet | None = None

    def _get(self, url: str, what: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise PlatformError(f"The platform's {what} could not be fetched: {error}.") from error
        if response.status_code != 200:
            raise PlatformError(f"The platform's {what} answered HTTP {response.status_code}.")
        return _json_object(response, what)

    def metadata(self) -> Metadata:
        """The platform's authorization server metadata, fetched once. Its `issuer` must be the platform's
        URL exactly, or the metadata is not the platform's (RFC 8414 §3.3)."""
        with self._lock:
            if self._metadata is not None:
                return self._metadata
        body = self._get(self.settings.issuer + METADATA_PATH, "metadata")
        issuer = _string(body, "issuer", "metadata")
        if issuer != self.settings.issuer:
            raise PlatformError(
                f"The metadata's issuer '{issuer}' is not the platform '{self.settings.issuer}'."
            )
        if "S256" not in body.get("code_challenge_methods_supported", []):
            raise PlatformError("The platform does not support PKCE with S256.")
        revocation = body.get("revocation_endpoint")
        found = Metadata(
            issuer=issuer,
            authorization_endpoint=_string(body, "authorization_endpoint", "metadata"),
            token_endpoint=_string(body, "token_endpoint", "metadata"),
            revocation_endpoint=revocation if isinstance(revocation, str) and revocation else None,
            jwks_uri=_string(body, "jwks_uri", "metadata"),
        )
        with self._lock:
            self._metadata = found
        return found

    def _key_set(self, *, refetch: bool) -> KeySet:
        with self._lock:
            if self._keys is not None and not refetch:
                return self._keys
        body = self._get(self.metadata().jwks_uri, "JWKS")
        try:
            keys = KeySet.import_key_set(cast(Any, body))
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise PlatformError("The platform's JWKS could not be read.") from error
        with self._lock:
            self._keys = keys
        return keys

    def verify_access_token(self, token: str) -> AccessClaims:
        """Verify the token's signature with the platform's published keys (fetched again once when the
        token names a key not seen yet: the platform rotated its key), then its type, issuer, audience,
        lifetime and client. Only then is its `sub` trusted."""
        metadata = self.metadata()
        decoded = None
        for refetch in (False, True):
            try:
                decoded = jwt.decode(
                    token, self._key_set(refetch=refetch), algorithms=[ALGORITHM], registry=JWS_REGISTRY
                )
                break
            except InvalidKeyIdError as error:
                if refetch:
                    raise PlatformError(
                        "The access token is signed with a key the platform does not publish."
                    ) from error
            except (JoseError, ValueError, TypeError) as error:
                raise PlatformError("The access token's signature or format is not valid.") from error
        if decoded is None:  # pragma: no cover - the loop either breaks with a token or raises
            raise PlatformError("The access token could not be verified.")
        if decoded.header.get("typ") not in ACCESS_TOKEN_TYPES:
            raise PlatformError("The token is not an access token (typ).")
        checker = JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": metadata.issuer},
            aud={"essential": True, "value": metadata.issuer + API_AUDIENCE_SUFFIX},
            exp={"essential": True},
            sub={"essential": True},
            client_id={"essential": True, "value": self.settings.client_id},
        )
        try:
            checker.validate(decoded.claims)
        except JoseError as error:
            raise PlatformError(f"The access token's claims are not valid: {error.error}.") from error
        claims = decoded.claims
        authorisation = claims.get("authorisation_id")
        return AccessClaims(
            subject=str(claims["sub"]),
            scopes=frozenset(str(claims.get("scope", "")).split()),
            expires_at=int(claims["exp"]),
            authorisation_id=str(authorisation) if authorisation is not None else None,
        )

    def _token_request(self, data: dict[str, str], previous: Tokens | None = None) -> Tokens:
        try:
            response = self.http.post(
                self.metadata().token_endpoint, data=data, headers={"Accept": "application/json"}
            )
        except httpx.HTTPError as error:
            raise PlatformError(f"The token endpoint could not be reached: {error}.") from error
        body = _json_object(response, "token response")
        if response.status_code != 200:
            raise PlatformError(
                f"The token endpoint refused: {body.get('error', response.status_code)}"
                f" ({body.get('error_description', '')})."
            )
        if str(body.get("token_type", "")).lower() != "bearer":
            raise PlatformError("The token endpoint did not issue a Bearer token.")
        access_token = _string(body, "access_token", "token response")
        claims = self.verify_access_token(access_token)
        if previous is not None and claims.subject != previous.subject:
            raise PlatformError("The refreshed access token is for another person.")
        refresh_token = body.get("refresh_token")
        scope = body.get("scope")
        return Tokens(
            access_token=access_token,
            # Refresh tokens rotate: the new one replaces the old, which no longer works.
            refresh_token=refresh_token
            if isinstance(refresh_token, str) and refresh_token
            else (previous.refresh_token if previous else None),
            subject=claims.subject,
            scopes=frozenset(scope.split()) if isinstance(scope, str) else claims.scopes,
        )

    def exchange_code(self, code: str, verifier: str) -> Tokens:
        return self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.settings.redirect_uri,
                "client_id": self.settings.client_id,
                "code_verifier": verifier,
            }
        )

    def refresh(self, tokens: Tokens) -> Tokens:
        if tokens.refresh_token is None:
            raise PlatformError("There is no refresh token.")
        return self._token_request(
            {
                "grant_type": "refresh_token",
                "refresh_token": tokens.refresh_token,
                "client_id": self.settings.client_id,
            },
            previous=tokens,
        )

    def revoke(self, tokens: Tokens) -> None:
        """Tell the platform the connection is over (best effort: the tokens are forgotten anyway)."""
        endpoint = self.metadata().revocation_endpoint
        token, hint = (
            (tokens.refresh_token, "refresh_token")
            if tokens.refresh_token
            else (tokens.access_token, "access_token")
        )
        if endpoint is None:
            return
        try:
            self.http.post(
                endpoint, data={"token": token, "token_type_hint": hint, "client_id": self.settings.client_id}
            )
        except httpx.HTTPError:
            return

    def _profile_response(self, tokens: Tokens) -> httpx.Response:
        url = f"{self.settings.issuer}/v1/people/{quote(tokens.subject, safe='')}/profile"
        return self.http.get(
            url, headers={"Authorization": f"Bearer {tokens.access_token}", "Accept": "application/json"}
        )

    def read_profile(self, tokens: Tokens) -> ProfileRead:
        """Read the granted categories. On 401 refresh once and read again; on 403 the connection is over."""
        try:
            response = self._profile_response(tokens)
            if response.status_code == 401:
                try:
                    tokens = self.refresh(tokens)
                except PlatformError as error:
                    return ProfileRead(outcome="ended", tokens=None, reason=str(error))
                response = self._profile_response(tokens)
        except httpx.HTTPError as error:
            return ProfileRead(outcome="unavailable", tokens=tokens, reason=str(error))
        return _profile_outcome(response, tokens)


def _profile_outcome(response: httpx.Response, tokens: Tokens) -> ProfileRead:
    """What the platform's answer to a profile read means for the connection."""
    status = response.status_code
    body: dict[str, Any] | None = None
    try:
        body = _json_object(response, "answer")
    except PlatformError as error:
        if status == 200:
            return ProfileRead(outcome="unavailable", tokens=tokens, reason=str(error))
    if status == 200:
        return ProfileRead(outcome="ok", tokens=tokens, body=body)
    if status == 403:  # withdrawn, expired, restricted or erased: the data may not be used any more
        return ProfileRead(outcome="refused", tokens=None, reason=str((body or {}).get("reason", "")))
    if status == 401:  # even the refreshed token: the grant is gone
        return ProfileRead(outcome="ended", tokens=None, reason="the refreshed access token was refused")
    return ProfileRead(outcome="unavailable", tokens=tokens, reason=f"HTTP {status}")


# ---- Browser sessions (server-side) -----------------------------------------------------------------------


@dataclass
class BrowserSession:
    """One browser's state here: the authorization requests it started (state -> PKCE code verifier) and
    the tokens of its connection. The lock keeps two tabs from refreshing with the same refresh token
    (which the platform would take for a stolen token and end the whole grant)."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    pending: OrderedDict[str, str] = field(default_factory=OrderedDict)
    tokens: Tokens | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class SessionStore:
    """Sessions by their random cookie value, in memory (an example: a real service would use its store)."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._sessions: OrderedDict[str, BrowserSession] = OrderedDict()

    def get(self, session_id: str | None) -> BrowserSession | None:
        if not session_id:
            return None
        with self._lock:
            found = self._sessions.get(session_id)
            if found is not None:
                self._sessions.move_to_end(session_id)
            return found

    def new(self) -> tuple[str, BrowserSession]:
        session_id = secrets.token_urlsafe(32)
        created = BrowserSession()
        with self._lock:
            self._sessions[session_id] = created
            while len(self._sessions) > self._limit:
                self._sessions.popitem(last=False)
        return session_id, created


@dataclass
class Compass:
    """The running service: its settings, the platform and the browsers' sessions (`app.state.compass`)."""

    settings: CompassSettings
    platform: Platform
    sessions: SessionStore


def pkce_pair() -> tuple[str, str]:
    """A code verifier (RFC 7636: 43 to 128 unreserved characters) and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# ---- Pages -------------------------------------------------------------------------------------------------

STYLE: Final = (
    "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "header a{font-weight:bold;text-decoration:none}.en{color:#444}"
    ".button{display:inline-block;padding:.5rem 1rem;background:#0b5;color:#fff;border:0;"
    "border-radius:.3rem;text-decoration:none;font-size:1rem;cursor:pointer}"
)


def both(sv: str, en: str, tag: str = "p") -> str:
    """The same text in Swedish and in English."""
    return f'<{tag} lang="sv">{escape(sv)}</{tag}><{tag} lang="en" class="en">{escape(en)}</{tag}>'


def page(title_sv: str, title_en: str, body: str, *, status: int = 200) -> HTMLResponse:
    title = f"{title_sv} / {title_en}"
    document = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Karriärkompassen</title><style>{STYLE}</style></head><body>"
        '<header><a href="/">Karriärkompassen · Career Compass</a></header><main>'
        f"<h1>{escape(title_sv)} <span lang='en' class='en'>/ {escape(title_en)}</span></h1>"
        f"{body}</main></body></html>"
    )
    return HTMLResponse(document, status_code=status, headers={"Cache-Control": "no-store"})


def connect_button(sv: str = "Koppla min profil", en: str = "Connect my profile") -> str:
    return f'<p><a class="button" href="/connect">{escape(sv)} / {escape(en)}</a></p>'


def _skill(content: Mapping[str, Any]) -> str:
    labels = content.get("concept_labels") or {}
    sv, en = labels.get("sv"), labels.get("en")
    if sv:
        name = escape(str(sv)) + (
            f' <span lang="en" class="en">({escape(str(en))})</span>' if en and en != sv else ""
        )
    elif en:  # the concept has no Swedish label
        name = f'<span lang="en">{escape(str(en))}</span>'
    else:
        name = escape(str(content.get("concept_id", "")))
    level = LEVEL_NAMES.get(str(content.get("level") or ""))
    return name + (f" – {escape(level[0])} / {escape(level[1])}" if level else "")


def _education(content: Mapping[str, Any]) -> str:
    parts = [escape(str(content.get("title", "")))]
    if content.get("provider"):
        parts.append(escape(str(content["provider"])))
    if content.get("credits") is not None:
        parts.append(escape(f"{content['credits']:g} {content.get('credit_unit') or ''}".strip()))
    if content.get("completed_on"):
        parts.append(escape(str(content["completed_on"])))
    return ", ".join(parts)


def _items(category: str, items: list[Any]) -> str:
    if not items:
        return both("Inget här ännu.", "Nothing here yet.")
    render = _skill if category == "skills" else _education if category == "education" else None
    rows = []
    for item in items:
        content = item.get("content", {}) if isinstance(item, dict) else {}
        text = render(content) if render else escape(str(content.get("title", "")))
        rows.append(f"<li>{text}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def profile_page(body: Mapping[str, Any], tokens: Tokens, csrf: str) -> HTMLResponse:
    categories = body.get("categories") or {}
    sections = []
    for category, items in categories.items():
        sv, en = CATEGORY_NAMES.get(category, (category, category))
        sections.append(
            f'<section id="{escape(category)}"><h2>{escape(sv)} <span lang="en" class="en">/ {escape(en)}'
            f"</span></h2>{_items(category, items if isinstance(items, list) else [])}</section>"
        )
    asked = [scope.removeprefix("vault.") for scope in SCOPE.split()]
    withheld = [c for c in asked if c not in categories]
    note = ""
    if withheld:
        names_sv = ", ".join(CATEGORY_NAMES[c][0].lower() for c in withheld)
        names_en = ", ".join(CATEGORY_NAMES[c][1].lower() for c in withheld)
        note = both(
            f"Du delar inte: {names_sv}. Vägledningen bygger bara på det du delat.",
            f"You do not share: {names_en}. The guidance uses only what you shared.",
        )
    return page(
        "Din profil",
        "Your profile",
        both(
            "Det här har du delat med Karriärkompassen från Samskapa. Vi sparar det inte.",
            "This is what you shared with Career Compass from Samskapa. We do not keep it.",
        )
        + "".join(sections)
        + note
        + f'<form method="post" action="/disconnect"><input type="hidden" name="csrf" value="{escape(csrf)}">'
        '<button class="button" type="submit">Koppla från / Disconnect</button></form>',
    )


# ---- The app -----------------------------------------------------------------------------------------------

router = APIRouter()


def _compass(request: Request) -> Compass:
    compass: Compass = request.app.state.compass
    return compass


def _browser(request: Request) -> BrowserSession | None:
    return _compass(request).sessions.get(request.cookies.get(COOKIE))


def _trouble(error: PlatformError, *, status: int = 502) -> HTMLResponse:
    return page(
        "Något gick fel",
        "Something went wrong",
        both(
            "Vi kunde inte prata med Samskapa. Försök igen om en stund.",
            "We could not talk to Samskapa. Try again in a while.",
        )
        + f"<p><small>{escape(str(error))}</small></p>"
        + connect_button("Försök igen", "Try again"),
        status=status,
    )


def _start_again(title_sv: str, title_en: str, sv: str, en: str) -> HTMLResponse:
    return page(title_sv, title_en, both(sv, en) + connect_button("Börja om", "Start again"), status=400)


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    browser = _browser(request)
    body = both(
        "Karriärkompassen ger dig studie- och yrkesvägledning utifrån dina kompetenser och din utbildning. "
        "Koppla din Samskapa-profil så läser vi dem – bara det du själv väljer att dela, och bara så länge "
        "du vill.",
        "Career Compass gives you career guidance based on your skills and education. Connect your Samskapa "
        "profile and we read them – only what you choose to share, and only for as long as you want.",
    )
    if browser is not None and browser.tokens is not None:
        body += '<p><a class="button" href="/profile">Visa min profil / Show my profile</a></p>'
    else:
        body += connect_button()
    return page("Koppla din Samskapa-profil", "Connect your Samskapa profile", body)


@router.get("/connect")
def connect(request: Request) -> Response:
    """Start the authorization code flow: a fresh state and PKCE verifier, kept here for the callback."""
    compass = _compass(request)
    try:
        metadata = compass.platform.metadata()
    except PlatformError as error:
        return _trouble(error)
    session_id = request.cookies.get(COOKIE)
    browser = compass.sessions.get(session_id)
    if browser is None or session_id is None:
        session_id, browser = compass.sessions.new()
    state = secrets.token_urlsafe(32)
    verifier, challenge = pkce_pair()
    with browser.lock:
        browser.pending[state] = verifier
        while len(browser.pending) > MAX_PENDING_PER_BROWSER:
            browser.pending.popitem(last=False)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": compass.settings.client_id,
            "redirect_uri": compass.settings.redirect_uri,
            "scope": compass.settings.scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    response = RedirectResponse(f"{metadata.authorization_endpoint}?{query}", status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        httponly=True,
        samesite="lax",
        secure=compass.settings.secure_cookies,
        path="/",
    )
    return response


def _refusal(request: Request, state: str, iss: str) -> tuple[BrowserSession, str] | HTMLResponse:
    """The browser session and PKCE verifier of a callback whose state and issuer check out, else the page
    that says why not. The state is used up either way."""
    browser = _browser(request)
    verifier = None
    if browser is not None and state:
        with browser.lock:
            verifier = browser.pending.pop(state, None)
    if browser is None or verifier is None:
        return _start_again(
            "Okänd koppling",
            "Unknown connection",
            "Svaret hör inte till någon koppling som startats i den här webbläsaren, eller så har det "
            "redan använts. Börja om.",
            "This answer does not belong to a connection started in this browser, or it was used already. "
            "Start again.",
        )
    try:
        issuer = _compass(request).platform.metadata().issuer
    except PlatformError as error:
        return _trouble(error)
    if not iss or not hmac.compare_digest(iss.encode(), issuer.encode()):
        # RFC 9207: the platform always says who answered; an answer from anyone else is a mix-up attack.
        return _start_again(
            "Fel avsändare",
            "Wrong sender",
            "Svaret kom inte från Samskapa, så vi använder det inte.",
            "The answer did not come from Samskapa, so we do not use it.",
        )
    return browser, verifier


@router.get("/callback", response_class=HTMLResponse)
def callback(request: Request, state: str = "", code: str = "", error: str = "", iss: str = "") -> Response:
    """Where the platform sends the browser back: check state and issuer, then exchange the code."""
    checked = _refusal(request, state, iss)
    if isinstance(checked, HTMLResponse):
        return checked
    browser, verifier = checked
    if error == "access_denied":
        return page(
            "Åtkomst nekad",
            "Access denied",
            both(
                "Du valde att inte dela något med Karriärkompassen. Vi har inte fått någon åtkomst till dina "
                "uppgifter.",
                "You chose not to share anything with Career Compass. We got no access to your data.",
            )
            + connect_button("Jag har ångrat mig", "I changed my mind"),
        )
    if error or not code:
        return _start_again(
            "Kopplingen misslyckades",
            "The connection failed",
            f"Samskapa kunde inte slutföra kopplingen ({error or 'ingen kod'}).",
            f"Samskapa could not complete the connection ({error or 'no code'}).",
        )
    try:
        tokens = _compass(request).platform.exchange_code(code, verifier)
    except PlatformError as failure:
        return _trouble(failure)
    with browser.lock:
        browser.tokens = tokens
    return RedirectResponse("/profile", status_code=303)


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request) -> Response:
    """Read the profile now (nothing is kept) and show it, or say why it cannot be read any more."""
    browser = _browser(request)
    if browser is None or browser.tokens is None:
        return page(
            "Inte kopplad",
            "Not connected",
            both("Du har inte kopplat din Samskapa-profil.", "You have not connected your Samskapa profile.")
            + connect_button(),
        )
    with browser.lock:
        if browser.tokens is None:  # another tab ended the connection meanwhile
            return RedirectResponse("/profile", status_code=303)
        read = _compass(request).platform.read_profile(browser.tokens)
        browser.tokens = read.tokens
    if read.outcome == "ok" and read.body is not None and read.tokens is not None:
        return profile_page(read.body, read.tokens, browser.csrf)
    if read.outcome == "refused":
        reason = f"<p><small>{escape(read.reason)}</small></p>" if read.reason else ""
        return page(
            "Åtkomsten är återkallad",
            "Access withdrawn",
            both(
                "Samskapa lämnar inte längre ut dina uppgifter till Karriärkompassen: du har återkallat ditt "
                "samtycke (eller begränsat behandlingen). Vi har glömt kopplingen.",
                "Samskapa no longer releases your data to Career Compass: you withdrew your consent (or "
                "restricted processing). We have forgotten the connection.",
            )
            + reason
            + connect_button("Koppla igen", "Connect again"),
        )
    if read.outcome == "ended":
        return page(
            "Kopplingen har upphört",
            "The connection has ended",
            both(
                "Kopplingen till Samskapa gäller inte längre. Koppla igen för att fortsätta.",
                "The connection to Samskapa is no longer valid. Connect again to continue.",
            )
            + connect_button("Koppla igen", "Connect again"),
        )
    return _trouble(PlatformError(read.reason or "no answer"))


@router.post("/disconnect")
def disconnect(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    """Forget the connection and revoke its refresh token at the platform."""
    browser = _browser(request)
    if browser is None or not hmac.compare_digest(csrf.encode(), browser.csrf.encode()):
        return page("Ogiltig begäran", "Invalid request", both("Börja om.", "Start again."), status=403)
    with browser.lock:
        tokens, browser.tokens = browser.tokens, None
    if tokens is not None:
        with contextlib.suppress(PlatformError):
            _compass(request).platform.revoke(tokens)
    return RedirectResponse("/", status_code=303)


def create_app(settings: CompassSettings, platform_http: httpx.Client | None = None) -> FastAPI:
    """The service's web app. `platform_http` makes every call to the platform (a client with a timeout
    when left out); tests pass the platform's TestClient."""
    http = platform_http or httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)
    app = FastAPI(title="Karriärkompassen / Career Compass", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.compass = Compass(settings=settings, platform=Platform(settings, http), sessions=SessionStore())
    app.include_router(router)
    return app
