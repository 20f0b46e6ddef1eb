"""Sign-in with OpenID Connect providers (eID providers such as Freja eID, BankID brokers).

The authorization code flow with PKCE (S256), `state` and `nonce`, through Authlib's httpx client:

- `GET /login/oidc/{provider}` makes a state, a nonce and a PKCE verifier, keeps them (with where to go
  afterwards) in a short-lived cookie signed with a key derived from the platform's pairwise secret, and
  sends the browser to the provider.
- `GET /login/oidc/{provider}/callback` checks the state against the cookie, exchanges the code (with the
  verifier and the client's secret), validates the ID token (signature against the provider's JWKS with the
  algorithms its metadata allows, never `none` or a shared-secret one; iss, aud, azp, exp, iat, nonce), finds
  or makes the person linked to (provider, sub) and starts a session like the password sign-in.

Everything that goes wrong is a page in Swedish or English with status 400 (502 when the provider does not
answer, 404 for an unknown provider), never a 500. The provider's HTTP calls go through
`app.state.oidc_transport` when it is set (an httpx transport), which is how the tests reach their provider.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
import warnings
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from samskapa.accounts import service
from samskapa.accounts.pages import _secure, start_signed_in
from samskapa.config import OidcProvider, Settings
from samskapa.web.deps import DbSession, SettingsDep, safe_next
from samskapa.web.templating import render

with warnings.catch_warnings():
    # Authlib 1.9 prefers the httpx2 package and warns when it falls back to httpx, which works the same.
    warnings.simplefilter("ignore", DeprecationWarning)
    from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
        OAuth2Client,
        OAuthError,
    )

logger = logging.getLogger("samskapa.accounts.oidc")
router = APIRouter(include_in_schema=False)

STATE_COOKIE = "samskapa_oidc"
STATE_COOKIE_PATH = "/login/oidc"
STATE_SECONDS = 600
METADATA_SECONDS = 3600
HTTP_TIMEOUT_SECONDS = 10.0
LEEWAY_SECONDS = 60
# Asymmetric signature algorithms only: `none` and the HS* family (keyed with the client secret) never pass.
ALLOWED_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"}
)
DEFAULT_ALGORITHMS = ("RS256",)  # OpenID Connect Discovery's default for id_token_signing_alg_values
NextPath = Annotated[str | None, Query(max_length=2000)]


class SignInFailure(Exception):
    """Why a sign-in stopped: an i18n key (`oidc.error.<reason>`), a status and a code for the page."""

    def __init__(self, reason: str, detail: str, *, status: int = 400) -> None:
        super().__init__(detail)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class ProviderMetadata:
    authorization_endpoint: str
    token_endpoint: str
    jwks: dict[str, Any]
    algorithms: tuple[str, ...]
    token_auth_method: str
    fetched_at: float


def find_provider(settings: Settings, name: str) -> OidcProvider | None:
    return next((provider for provider in settings.oidc_providers if provider.name == name), None)


def _state_serializer(request: Request) -> URLSafeTimedSerializer:
    # A key of its own, derived from the pairwise secret, so that no new secret setting is needed and the
    # cookie's key is useless for anything else.
    secret: bytes = request.app.state.keys.pairwise_secret
    key = hmac.new(secret, b"samskapa oidc state cookie v1", hashlib.sha256).digest()
    return URLSafeTimedSerializer(key, salt="samskapa.oidc.state")


def _client(request: Request, provider: OidcProvider, settings: Settings, **kwargs: Any) -> Any:
    transport: httpx.BaseTransport | None = getattr(request.app.state, "oidc_transport", None)
    return OAuth2Client(
        client_id=provider.client_id,
        client_secret=provider.client_secret.get_secret_value() or None,
        scope=provider.scopes,
        redirect_uri=redirect_uri(settings, provider),
        code_challenge_method="S256",
        transport=transport,
        timeout=HTTP_TIMEOUT_SECONDS,
        follow_redirects=False,
        **kwargs,
    )


def redirect_uri(settings: Settings, provider: OidcProvider) -> str:
    """The callback to register at the provider."""
    return f"{settings.base_url.rstrip('/')}/login/oidc/{quote(provider.name)}/callback"


def _get_json(client: Any, url: str) -> dict[str, Any]:
    try:
        response = client.request("GET", url, withhold_token=True)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise SignInFailure("unavailable", f"{url}: {error}", status=502) from error
    if not isinstance(document, dict):
        raise SignInFailure("unavailable", f"{url} is not a JSON object", status=502)
    return document


_metadata_lock = threading.Lock()


def _metadata(
    request: Request, provider: OidcProvider, settings: Settings, *, fresh: bool = False
) -> ProviderMetadata:
    """The provider's endpoints, keys and algorithms: from the settings and the discovery document, kept for
    an hour per app (fetched again at once when asked `fresh`, after a key the cached JWKS lacks)."""
    state = request.app.state
    with _metadata_lock:
        cache: dict[str, ProviderMetadata] | None = getattr(state, "oidc_metadata", None)
        if cache is None:
            cache = {}
            state.oidc_metadata = cache
        cached = cache.get(provider.name)
    if cached is not None and not fresh and time.monotonic() - cached.fetched_at < METADATA_SECONDS:
        return cached
    with _client(request, provider, settings) as client:
        discovered: dict[str, Any] = {}
        if not (provider.authorization_endpoint and provider.token_endpoint and provider.jwks_uri):
            url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
            discovered = _get_json(client, url)
            if discovered.get("issuer") != provider.issuer:
                raise SignInFailure(
                    "unavailable",
                    f"the discovery document names issuer {discovered.get('issuer')!r}",
                    status=502,
                )
        endpoints = {
            key: getattr(provider, key) or discovered.get(key)
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        }
        missing = [key for key, value in endpoints.items() if not isinstance(value, str) or not value]
        if missing:
            raise SignInFailure("unavailable", f"no {', '.join(missing)} for the provider", status=502)
        jwks = _get_json(client, str(endpoints["jwks_uri"]))
    declared = discovered.get("id_token_signing_alg_values_supported")
    if isinstance(declared, list) and declared:
        algorithms = tuple(alg for alg in declared if isinstance(alg, str) and alg in ALLOWED_ALGORITHMS)
    else:
        key_algorithms = [key.get("alg") for key in jwks.get("keys", []) if isinstance(key, dict)]
        algorithms = tuple({*DEFAULT_ALGORITHMS, *(a for a in key_algorithms if a in ALLOWED_ALGORITHMS)})
    if not algorithms:
        raise SignInFailure(
            "unavailable", f"the provider allows no safe ID token algorithm: {declared}", status=502
        )
    methods = discovered.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = "client_secret_post" if "client_secret_basic" not in methods else "client_secret_basic"
    if not provider.client_secret.get_secret_value():
        auth_method = "none"
    metadata = ProviderMetadata(
        authorization_endpoint=str(endpoints["authorization_endpoint"]),
        token_endpoint=str(endpoints["token_endpoint"]),
        jwks=jwks,
        algorithms=algorithms,
        token_auth_method=auth_method,
        fetched_at=time.monotonic(),
    )
    with _metadata_lock:
        cache[provider.name] = metadata
    return metadata


def validate_id_token(
    id_token: str,
    *,
    jwks: dict[str, Any],
    algorithms: tuple[str, ...],
    issuer: str,
    client_id: str,
    nonce: str,
    now: int | None = None,
) -> dict[str, Any]:
    """The claims of an ID token whose signature, issuer, audience, times and nonce are all right; else
    SignInFailure("token")."""
    try:
        key_set = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
        token = jwt.decode(
            id_token, key_set, algorithms=[alg for alg in algorithms if alg in ALLOWED_ALGORITHMS]
        )
        registry = JWTClaimsRegistry(
            now=now,
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            sub={"essential": True},
            aud={"essential": True, "value": client_id},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise SignInFailure("token", f"the ID token is not valid: {error!r}") from error
    claims = dict(token.claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise SignInFailure("token", "the ID token has several audiences and another authorised party")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not 0 < len(subject) <= 255:
        raise SignInFailure("token", "the ID token's subject is not a string of 1-255 characters")
    return claims


def _name_of(claims: dict[str, Any]) -> str:
    name = claims.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    parts = [claims.get("given_name"), claims.get("family_name")]
    return " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def _failure_page(request: Request, settings: Settings, failure: SignInFailure) -> HTMLResponse:
    heading = "oidc.error.unknown.title" if failure.reason == "unknown" else "oidc.error.title"
    response = render(
        request,
        "oidc_error.html",
        {
            "heading": heading,
            "message": f"oidc.error.{failure.reason}",
            "code": failure.reason,
            "status": failure.status,
        },
        status=failure.status,
    )
    response.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH, httponly=True, secure=_secure(settings))
    return response


def _provider_or_fail(settings: Settings, name: str) -> OidcProvider:
    provider = find_provider(settings, name)
    if provider is None:
        raise SignInFailure("unknown", f"no provider named {name!r}", status=404)
    return provider


@router.get("/login/oidc/{provider_name}", response_class=HTMLResponse)
def start(request: Request, settings: SettingsDep, provider_name: str, next: NextPath = None) -> Response:
    """Send the browser to the provider, remembering state, nonce, PKCE verifier and `next` in a cookie."""
    try:
        provider = _provider_or_fail(settings, provider_name)
        metadata = _metadata(request, provider, settings)
        state, nonce, verifier = (
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(48),
        )
        lang = "sv" if request.cookies.get("samskapa_lang") != "en" else "en"
        with _client(request, provider, settings) as client:
            url, _ = client.create_authorization_url(
                metadata.authorization_endpoint,
                state=state,
                code_verifier=verifier,
                nonce=nonce,
                ui_locales=lang,
            )
    except SignInFailure as failure:
        logger.warning("OpenID Connect sign-in with %s could not start: %s", provider_name, failure)
        return _failure_page(request, settings, failure)
    cookie = _state_serializer(request).dumps(
        {
            "provider": provider.name,
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": safe_next(next),
        }
    )
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        cookie,
        max_age=STATE_SECONDS,
        path=STATE_COOKIE_PATH,
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back to the callback
        secure=_secure(settings),
    )
    return response


def _pending(request: Request, provider: OidcProvider) -> dict[str, str | None]:
    raw = request.cookies.get(STATE_COOKIE)
    if not raw or len(raw) > 4000:
        raise SignInFailure("expired", "no sign-in state cookie")
    try:
        pending = _state_serializer(request).loads(raw, max_age=STATE_SECONDS)
    except BadSignature as error:  # SignatureExpired is a BadSignature
        raise SignInFailure("expired", f"the sign-in state cookie is not valid: {error}") from error
    if not isinstance(pending, dict) or pending.get("provider") != provider.name:
        raise SignInFailure("state", "the sign-in state cookie belongs to another provider")
    return pending


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@router.get("/login/oidc/{provider_name}/callback", response_class=HTMLResponse)
def callback(request: Request, session: DbSession, settings: SettingsDep, provider_name: str) -> Response:
    """Check the provider's answer, sign the person in and go on to where they were going."""
    query = request.query_params
    try:
        provider = _provider_or_fail(settings, provider_name)
        pending = _pending(request, provider)
        expected_state = _text(pending.get("state"))
        if not hmac.compare_digest(expected_state.encode(), query.get("state", "").encode()):
            raise SignInFailure("state", "the state does not match the sign-in state cookie")
        if "error" in query:
            raise SignInFailure(
                "provider",
                f"the provider answered {query['error']!r}: {query.get('error_description', '')!r}",
            )
        # RFC 9207: a provider that names itself must be the one we asked (mix-up attacks).
        if "iss" in query and query["iss"] != provider.issuer:
            raise SignInFailure("state", f"the answer names another issuer {query['iss']!r}")
        code = query.get("code", "")
        if not code or len(code) > 2000:
            raise SignInFailure("provider", "the provider sent no code")
        metadata = _metadata(request, provider, settings)
        with _client(
            request, provider, settings, token_endpoint_auth_method=metadata.token_auth_method
        ) as client:
            try:
                tokens = client.fetch_token(
                    metadata.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=_text(pending.get("verifier")),
                )
            except OAuthError as error:
                raise SignInFailure("token", f"the token endpoint refused: {error}") from error
            except httpx.HTTPError as error:
                raise SignInFailure("unavailable", f"the token endpoint: {error}", status=502) from error
            except (ValueError, KeyError, TypeError) as error:
                raise SignInFailure("token", f"the token endpoint's answer: {error!r}") from error
        id_token = tokens.get("id_token") if isinstance(tokens, dict) else None
        if not isinstance(id_token, str) or not id_token:
            raise SignInFailure("token", "the token endpoint sent no ID token")
        claims = _validated(
            request, provider, settings, metadata, id_token, nonce=_text(pending.get("nonce"))
        )
    except SignInFailure as failure:
        logger.warning("OpenID Connect sign-in with %s failed: %s", provider_name, failure)
        return _failure_page(request, settings, failure)
    email = claims.get("email")
    verified = claims.get("email_verified")
    person = service.sign_in_external(
        session,
        provider=provider.name,
        subject=str(claims["sub"]),
        email=email if isinstance(email, str) else None,
        email_verified=verified is True or verified == "true",
        name=_name_of(claims),
    )
    response = start_signed_in(
        request, session, settings, person=person, next_path=safe_next(_text(pending.get("next")))
    )
    response.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH, httponly=True, secure=_secure(settings))
    return response


def _validated(
    request: Request,
    provider: OidcProvider,
    settings: Settings,
    metadata: ProviderMetadata,
    id_token: str,
    *,
    nonce: str,
) -> dict[str, Any]:
    """Validate against the cached keys; when the token names a key they lack (the provider rotated its
    keys), fetch the metadata again once and retry."""

    def check(current: ProviderMetadata) -> dict[str, Any]:
        return validate_id_token(
            id_token,
            jwks=current.jwks,
            algorithms=current.algorithms,
            issuer=provider.issuer,
            client_id=provider.client_id,
            nonce=nonce,
        )

    try:
        return check(metadata)
    except SignInFailure:
        kid = _header_kid(id_token)
        known = {key.get("kid") for key in metadata.jwks.get("keys", []) if isinstance(key, dict)}
        if kid is None or kid in known:
            raise
    return check(_metadata(request, provider, settings, fresh=True))


def _header_kid(id_token: str) -> str | None:
    segment = id_token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, TypeError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None
