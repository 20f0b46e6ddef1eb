"""The OAuth 2.1 authorization server on Authlib's framework-agnostic core.

Authlib has no Starlette integration, so this module adapts it to plain values: the web layer hands in an
`HttpRequest` (method, path, headers, query and form fields) and gets an `HttpResponse` back. One server is
made per request, bound to that request's database session (the caller owns the transaction).

Grants: authorization code with PKCE (S256 only, required), refresh tokens with rotation (a rotated token
presented again revokes its whole family), client credentials (confidential clients, open-data scope).
There is no implicit and no password grant. Redirect URIs match exactly. Codes are single-use; a replayed
code revokes the tokens issued from it (RFC 6749 §4.1.2).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from authlib.common.urls import add_params_to_uri  # type: ignore[import-untyped]
from authlib.oauth2 import AuthorizationServer, OAuth2Error  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    AuthorizationCodeMixin,
    ClientMixin,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Payload,
    OAuth2Request,
    TokenMixin,
)
from authlib.oauth2.rfc6749.grants import (  # type: ignore[import-untyped]
    AuthorizationCodeGrant,
    ClientCredentialsGrant,
    RefreshTokenGrant,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import CodeChallenge, create_s256_code_challenge  # type: ignore[import-untyped]
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.oauth import tokens
from samskapa.accounts.oauth.errors import InvalidAccessToken
from samskapa.accounts.oauth.models import OAuthClient, OAuthCode, OAuthToken
from samskapa.accounts.oauth.schemas import (
    AUTH_METHOD_BASIC,
    AUTH_METHOD_NONE,
    AUTH_METHOD_POST,
    GRANT_AUTHORIZATION_CODE,
    OPEN_DATA_SCOPES,
    SCOPES,
    VAULT_SCOPES,
)
from samskapa.config import Settings
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys

REFRESH_TOKEN_PREFIX = "smr_"  # noqa: S105 - a prefix, not a secret
PKCE_METHOD = "S256"


def secret_hash(value: str) -> str:
    """SHA-256 of a high-entropy secret (codes, refresh tokens, client secrets)."""
    return hashlib.sha256(value.encode()).hexdigest()


# ---- Plain request and response values, so that nothing here knows the web framework ----


class Headers(dict[str, str]):
    """HTTP headers with case-insensitive `get` (Authlib asks for "Authorization")."""

    def __init__(self, items: Mapping[str, str]) -> None:
        super().__init__({key.lower(): value for key, value in items.items()})

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: Mapping[str, str]
    query: list[tuple[str, str]] = field(default_factory=list)
    form: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: Any
    headers: list[tuple[str, str]]

    @property
    def location(self) -> str | None:
        return next((value for name, value in self.headers if name.lower() == "location"), None)


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._data: dict[str, str] = {}
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in items:
            self._data.setdefault(key, value)
            self._datalist[key].append(value)

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class _Request(OAuth2Request):  # type: ignore[misc]
    def __init__(self, request: HttpRequest, base_url: str) -> None:
        query = "&".join(f"{k}={v}" for k, v in request.query)
        uri = base_url.rstrip("/") + request.path + (f"?{query}" if query else "")
        super().__init__(method=request.method, uri=uri, headers=Headers(request.headers))
        # The authorization endpoint reads the query; the token and revocation endpoints only the body.
        self.payload = _Payload(request.query if request.method == "GET" else request.form)
        self._args = dict(request.query)
        self._form = dict(reversed(request.form))  # the first value of a repeated field wins

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


# ---- Authlib's models over our rows ----


class RegisteredClient(ClientMixin):  # type: ignore[misc]
    """An `OAuthClient` row as Authlib's client."""

    def __init__(self, row: OAuthClient, organisation: Organisation) -> None:
        self.row = row
        self.organisation = organisation
        self.client_id = row.id

    @property
    def redirect_uris(self) -> list[str]:
        return self.row.redirect_uris.split()

    @property
    def scopes(self) -> list[str]:
        return self.row.scopes.split()

    @property
    def grant_types(self) -> list[str]:
        return self.row.grant_types.split()

    @property
    def is_public(self) -> bool:
        return self.row.secret_hash is None

    def get_client_id(self) -> str:
        return self.row.id

    def get_default_redirect_uri(self) -> str | None:
        # Every authorization request must name its redirect URI; none is assumed.
        return None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The scopes of an authorization request: all of them registered personal-data scopes (None, an
        invalid_scope error, otherwise). No scope asks for every category the client registered."""
        registered = [s for s in self.scopes if s in VAULT_SCOPES]
        requested = list(dict.fromkeys((scope or "").split())) or registered
        if not requested or any(s not in registered for s in requested):
            return None
        return " ".join(requested)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact string comparison, RFC 9700 §4.1.3: no prefix, case, port, slash or query leniency.
        return any(hmac.compare_digest(redirect_uri.encode(), uri.encode()) for uri in self.redirect_uris)

    def check_client_secret(self, client_secret: str) -> bool:
        stored = self.row.secret_hash
        return stored is not None and hmac.compare_digest(secret_hash(client_secret), stored)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        del endpoint  # the same methods at the token and the revocation endpoint
        if self.is_public:
            return method == AUTH_METHOD_NONE
        return method in (AUTH_METHOD_BASIC, AUTH_METHOD_POST)

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and GRANT_AUTHORIZATION_CODE in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


class _Code(AuthorizationCodeMixin):  # type: ignore[misc]
    def __init__(self, row: OAuthCode) -> None:
        self.row = row
        self.code_challenge = row.code_challenge
        self.code_challenge_method = row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scopes


class _Token(TokenMixin):  # type: ignore[misc]
    def __init__(self, row: OAuthToken) -> None:
        self.row = row

    def check_client(self, client: RegisteredClient) -> bool:
        return hmac.compare_digest(self.row.client_id.encode(), client.get_client_id().encode())

    def get_scope(self) -> str:
        return self.row.scopes

    def get_expires_in(self) -> int:
        return 0

    def is_expired(self) -> bool:
        expires = self.row.refresh_expires_at
        return expires is None or expires <= utcnow()

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None


@dataclass(frozen=True)
class Grantee:
    """The person behind a code or refresh token, and the vault authorisation they granted it under."""

    person_id: str
    authorisation_id: str
    family_id: str


def revoke_family(session: Session, family_id: str) -> int:
    """Revoke the code and every token of one family; returns how many tokens were revoked."""
    now = utcnow()
    session.execute(
        update(OAuthCode)
        .where(OAuthCode.id == family_id, OAuthCode.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    result = session.execute(
        update(OAuthToken)
        .where(OAuthToken.family_id == family_id, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


# ---- Grants ----


def _pkce_equal(verifier: str, challenge: str) -> bool:
    return hmac.compare_digest(create_s256_code_challenge(verifier).encode(), challenge.encode())


class S256CodeChallenge(CodeChallenge):  # type: ignore[misc]
    """PKCE, required on every authorization request, S256 only (OAuth 2.1; no `plain`, and a missing
    method is refused rather than read as `plain`)."""

    DEFAULT_CODE_CHALLENGE_METHOD = PKCE_METHOD
    SUPPORTED_CODE_CHALLENGE_METHOD = [PKCE_METHOD]  # noqa: RUF012 (Authlib's class attribute)
    CODE_CHALLENGE_METHODS = {PKCE_METHOD: _pkce_equal}  # noqa: RUF012

    def validate_code_challenge(self, grant: AuthorizationCodeGrant, redirect_uri: str | None) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': PKCE with S256 is required.")
        if data.get("code_challenge_method") != PKCE_METHOD:
            raise InvalidRequestError("Unsupported 'code_challenge_method': use S256.")
        super().validate_code_challenge(grant, redirect_uri)


class _AuthorizationCodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [AUTH_METHOD_BASIC, AUTH_METHOD_POST, AUTH_METHOD_NONE]  # noqa: RUF012
    server: SamskapaAuthorizationServer

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        # Codes are made when the person approves on the vault's consent screen (service.approve_request).
        raise NotImplementedError

    def query_authorization_code(self, code: str, client: RegisteredClient) -> _Code | None:
        session = self.server.session
        row = session.scalars(select(OAuthCode).where(OAuthCode.code_hash == secret_hash(code))).first()
        if row is None or row.client_id != client.get_client_id():
            return None
        if row.used_at is not None:
            # RFC 6749 §4.1.2: a code used twice is refused and the tokens issued from it are revoked.
            revoke_family(session, row.id)
            return None
        if row.revoked_at is not None or row.expires_at <= utcnow():
            return None
        return _Code(row)

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        # Already marked used in authenticate_user; the row stays so that a replay can be recognised.
        del authorization_code

    def authenticate_user(self, authorization_code: _Code) -> Grantee | None:
        session = self.server.session
        row = authorization_code.row
        claimed = session.execute(
            update(OAuthCode)
            .where(OAuthCode.id == row.id, OAuthCode.used_at.is_(None), OAuthCode.revoked_at.is_(None))
            .values(used_at=utcnow())
        )
        if not getattr(claimed, "rowcount", 0):
            revoke_family(session, row.id)  # used at the same moment by someone else: a replay
            return None
        return Grantee(person_id=row.person_id, authorisation_id=row.authorisation_id, family_id=row.id)


class _RefreshTokenGrant(RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [AUTH_METHOD_BASIC, AUTH_METHOD_POST, AUTH_METHOD_NONE]  # noqa: RUF012
    INCLUDE_NEW_REFRESH_TOKEN = True
    server: SamskapaAuthorizationServer

    def authenticate_refresh_token(self, refresh_token: str) -> _Token | None:
        session = self.server.session
        row = session.scalars(
            select(OAuthToken).where(OAuthToken.refresh_hash == secret_hash(refresh_token))
        ).first()
        if row is None:
            return None
        if row.rotated_at is not None:
            # Reuse after rotation: someone has a copy. Revoke the whole family (RFC 9700 §4.14.2).
            if row.family_id is not None:
                revoke_family(session, row.family_id)
            return None
        token = _Token(row)
        if token.is_revoked() or token.is_expired():
            return None
        return token

    def authenticate_user(self, refresh_token: _Token) -> Grantee | None:
        session = self.server.session
        row = refresh_token.row
        claimed = session.execute(
            update(OAuthToken)
            .where(OAuthToken.id == row.id, OAuthToken.rotated_at.is_(None), OAuthToken.revoked_at.is_(None))
            .values(rotated_at=utcnow())
        )
        if not getattr(claimed, "rowcount", 0) or row.person_id is None or row.family_id is None:
            if row.family_id is not None:
                revoke_family(session, row.family_id)
            return None
        return Grantee(
            person_id=row.person_id, authorisation_id=row.authorisation_id or "", family_id=row.family_id
        )

    def revoke_old_credential(self, refresh_token: _Token) -> None:
        # Marked rotated in authenticate_user, atomically, before the new token was made.
        del refresh_token


class _ClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [AUTH_METHOD_BASIC, AUTH_METHOD_POST]  # noqa: RUF012

    def validate_token_request(self) -> None:
        super().validate_token_request()
        client: RegisteredClient = self.request.client
        allowed = [scope for scope in client.scopes if scope in OPEN_DATA_SCOPES]
        requested = list(dict.fromkeys((self.request.payload.scope or "").split())) or allowed
        if not requested or any(scope not in allowed for scope in requested):
            raise InvalidScopeError("Client credentials give only the client's open-data scopes.")
        self.request.scope = " ".join(requested)

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        token: dict[str, Any] = self.generate_token(scope=self.request.scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER


class _RevocationEndpoint(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = [AUTH_METHOD_BASIC, AUTH_METHOD_POST, AUTH_METHOD_NONE]  # noqa: RUF012
    server: SamskapaAuthorizationServer

    def query_token(self, token_string: str, token_type_hint: str | None) -> _Token | None:
        del token_type_hint  # both kinds are looked up; they cannot be confused
        session = self.server.session
        if tokens.looks_like_jwt(token_string):
            try:
                claims = tokens.verify_access_token(
                    token_string, keys=self.server.keys, settings=self.server.settings
                )
            except InvalidAccessToken:
                return None
            row = session.scalars(select(OAuthToken).where(OAuthToken.access_jti == claims.jti)).first()
        else:
            row = session.scalars(
                select(OAuthToken).where(OAuthToken.refresh_hash == secret_hash(token_string))
            ).first()
        return _Token(row) if row is not None else None

    def revoke_token(self, token: _Token, request: OAuth2Request) -> None:
        del request
        # RFC 7009 §2.1: revoking either token of a grant ends the grant.
        if token.row.family_id is not None:
            revoke_family(self.server.session, token.row.family_id)
        elif token.row.revoked_at is None:
            token.row.revoked_at = utcnow()
            self.server.session.flush()


# ---- The server ----


@dataclass(frozen=True)
class AuthorizationCheck:
    """The outcome of validating an authorization request. Either `client` is set (valid), or `error`:
    with `redirect` when the client and redirect URI are known good, without when they are not (then the
    browser must never be sent to the redirect URI)."""

    client: RegisteredClient | None = None
    redirect_uri: str = ""
    scopes: tuple[str, ...] = ()
    state: str | None = None
    code_challenge: str = ""
    code_challenge_method: str = ""
    params: tuple[tuple[str, str], ...] = ()
    error: str | None = None
    error_description: str | None = None
    redirect: str | None = None


class SamskapaAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's authorization server, bound to one database session."""

    def __init__(self, session: Session, *, keys: PlatformKeys, settings: Settings) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.session = session
        self.keys = keys
        self.settings = settings
        self._issued: tokens.IssuedAccessToken | None = None
        self.register_token_generator("default", self._generate_token)
        self.register_grant(_AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
        self.register_grant(_RefreshTokenGrant)
        self.register_grant(_ClientCredentialsGrant)
        self.register_endpoint(_RevocationEndpoint)

    # Authlib's integration points

    def query_client(self, client_id: str) -> RegisteredClient | None:
        if not client_id or len(client_id) > 100:
            return None
        row = self.session.get(OAuthClient, client_id)
        if row is None or row.revoked_at is not None:
            return None
        organisation = self.session.get(Organisation, row.organisation_id)
        if organisation is None:
            return None
        return RegisteredClient(row, organisation)

    def create_oauth2_request(self, request: HttpRequest | OAuth2Request) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        return _Request(request, self.settings.base_url)

    def create_json_request(self, request: HttpRequest) -> Any:
        raise NotImplementedError("No endpoint of this server reads JSON.")

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> HttpResponse:
        return HttpResponse(status=status, body=body, headers=list(headers))

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        del name, args, kwargs  # no listeners

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        issued = self._issued
        if issued is None:  # pragma: no cover - the generator always runs first
            raise RuntimeError("save_token before a token was generated")
        grantee: Grantee | None = request.user if isinstance(request.user, Grantee) else None
        now = utcnow()
        refresh = token.get("refresh_token")
        self.session.add(
            OAuthToken(
                id=secrets.token_hex(16),
                family_id=grantee.family_id if grantee else None,
                client_id=request.client.get_client_id(),
                person_id=grantee.person_id if grantee else None,
                authorisation_id=grantee.authorisation_id if grantee else None,
                scopes=str(token.get("scope", "")),
                access_jti=issued.jti,
                access_expires_at=issued.expires_at,
                refresh_hash=secret_hash(refresh) if refresh else None,
                refresh_expires_at=(
                    now + timedelta(days=self.settings.oauth_refresh_token_days) if refresh else None
                ),
                created_at=now,
                rotated_at=None,
                revoked_at=None,
            )
        )
        self.session.flush()

    def _generate_token(
        self,
        grant_type: str,
        client: RegisteredClient,
        user: Grantee | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        del grant_type, expires_in
        scopes = (scope or "").split()
        organisation_id = client.organisation.id
        if user is not None:
            subject = tokens.pairwise_subject(
                self.keys, organisation_id=organisation_id, person_id=user.person_id
            )
        else:
            subject = client.get_client_id()
        issued = tokens.issue_access_token(
            keys=self.keys,
            settings=self.settings,
            client_id=client.get_client_id(),
            organisation_id=organisation_id,
            subject=subject,
            scopes=scopes,
            authorisation_id=user.authorisation_id if user is not None else None,
        )
        self._issued = issued
        token: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": issued.token,
            "expires_in": self.settings.oauth_access_token_seconds,
            "scope": " ".join(scopes),
        }
        if include_refresh_token and user is not None:
            token["refresh_token"] = REFRESH_TOKEN_PREFIX + secrets.token_urlsafe(32)
        return token

    # What the web layer calls

    def check_authorization_request(self, request: HttpRequest) -> AuthorizationCheck:
        """Validate an authorization request (client, exact redirect URI, response type, PKCE, scopes)."""
        try:
            grant = self.get_consent_grant(request=request, end_user=None)
        except OAuth2Error as error:
            description = error.get_error_description() if hasattr(error, "get_error_description") else None
            if error.redirect_uri:
                params = [*error.get_body(), ("iss", tokens.issuer(self.settings))]
                return AuthorizationCheck(
                    error=error.error,
                    error_description=description,
                    redirect=add_params_to_uri(error.redirect_uri, params),
                )
            return AuthorizationCheck(error=error.error, error_description=description)
        data = grant.request.payload.data
        return AuthorizationCheck(
            client=grant.client,
            redirect_uri=grant.redirect_uri,
            scopes=tuple(grant.request.scope.split()),
            state=data.get("state"),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            params=tuple(
                (key, value) for key, values in grant.request.payload.datalist.items() for value in values
            ),
        )

    def token_response(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.create_token_response(request)
        return response

    def revocation_response(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.create_endpoint_response(RevocationEndpoint.ENDPOINT_NAME, request)
        return response


def expires_in(seconds: int) -> datetime:
    return utcnow() + timedelta(seconds=seconds)
