"""Use cases of the OAuth authorization server: client registration, the authorization handshake with the
vault's consent screen, token verification and revocation. Called by the API, the vault, the CLI and
web/deps alike; nothing here commits (the caller owns the transaction)."""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from ipaddress import ip_address
from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri  # type: ignore[import-untyped]
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.models import ApiClient, Organisation
from samskapa.accounts.oauth import tokens
from samskapa.accounts.oauth.errors import (
    AuthorizationRequestNotFound,
    InvalidAccessToken,
    InvalidClientRegistration,
    InvalidConsent,
    OAuthClientNotFound,
)
from samskapa.accounts.oauth.models import OAuthClient, OAuthCode, OAuthPendingRequest, OAuthToken
from samskapa.accounts.oauth.schemas import (
    AUTH_METHOD_BASIC,
    AUTH_METHOD_NONE,
    CATEGORIES,
    GRANT_AUTHORIZATION_CODE,
    GRANT_CLIENT_CREDENTIALS,
    GRANT_REFRESH_TOKEN,
    OPEN_DATA_SCOPE,
    PURPOSES,
    category_of,
    scope_of,
)
from samskapa.accounts.oauth.server import AuthorizationCheck, revoke_family, secret_hash
from samskapa.accounts.oauth.tokens import AccessTokenClaims, pairwise_subject, verify_access_token
from samskapa.accounts.service import DEFAULT_REQUESTS_PER_MINUTE, Principal
from samskapa.config import Settings
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys

__all__ = [
    "AccessTokenClaims",
    "ClientView",
    "PendingRequest",
    "approve_request",
    "client_credentials_principal",
    "client_for",
    "create_pending_request",
    "deny_request",
    "pairwise_subject",
    "pending_request",
    "register_client",
    "revoke_authorisation_tokens",
    "verify_access_token",
]

CLIENT_SECRET_PREFIX = "smcs_"  # noqa: S105 - a prefix, not a secret
PENDING_REQUEST_LIFETIME = timedelta(minutes=10)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_REDIRECT_URI_LENGTH = 2000


@dataclass(frozen=True)
class ClientView:
    """A client as shown to people and to its organisation."""

    client_id: str
    name: str
    organisation_id: str
    organisation_name: str
    organisation_title_sv: str
    organisation_title_en: str
    purpose: str
    categories: list[str]
    scopes: list[str]
    grant_types: list[str]
    redirect_uris: list[str]
    retention_days: int
    token_endpoint_auth_method: str
    requests_per_minute: int


@dataclass(frozen=True)
class PendingRequest:
    """An authorization request waiting for the person's decision on the vault's consent screen."""

    id: str
    client_id: str
    client_name: str
    organisation_id: str
    organisation_name: str
    purpose: str
    categories: list[str]
    retention_days: int
    redirect_uri: str
    expires_at: datetime


def _invalid(field: str, message: str) -> InvalidClientRegistration:
    return InvalidClientRegistration(f"Invalid {field}: {message}", field_errors=[FieldError(field, message)])


def check_redirect_uri(uri: str) -> str:
    """A redirect URI a client may register: absolute https (http only on the loopback host, for
    development), no user info, no fragment, no wildcards. Compared exactly when used."""
    if not uri or len(uri) > MAX_REDIRECT_URI_LENGTH or any(c.isspace() for c in uri) or "*" in uri:
        raise _invalid("redirect_uris", f"'{uri[:100]}' is not a usable redirect URI")
    try:
        parts = urlsplit(uri)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        raise _invalid("redirect_uris", f"'{uri[:100]}' is not a valid URI") from error
    if not hostname or "@" in parts.netloc:
        raise _invalid("redirect_uris", f"'{uri[:100]}' needs a host and no user info")
    if parts.fragment or "#" in uri:
        raise _invalid("redirect_uris", f"'{uri[:100]}' must not have a fragment")
    if parts.scheme == "https":
        return uri
    if parts.scheme == "http" and _is_loopback(hostname):
        return uri
    raise _invalid("redirect_uris", f"'{uri[:100]}' must use https (http only for 127.0.0.1 or localhost)")


def _is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ip_address(hostname).is_loopback
    except ValueError:
        return False


def register_client(
    session: Session,
    *,
    organisation: Organisation,
    name: str,
    redirect_uris: list[str],
    purpose: str,
    categories: list[str],
    retention_days: int,
    confidential: bool,
    open_data: bool = False,
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE,
    registered_by: str | None = None,
) -> tuple[OAuthClient, str | None]:
    """Register a client of `organisation`. Returns the row and the client secret (confidential clients
    only), which is stored only as a hash and never shown again. With `registered_by` (a person id), only
    an admin or editor of the organisation may register it."""
    if registered_by is not None:
        accounts.require_editor(session, person_id=registered_by, organisation=organisation)
    name = name.strip()
    if not name or len(name) > 200:
        raise _invalid("name", "give a name of 1–200 characters; people see it when asked for consent")
    if purpose not in PURPOSES:
        raise _invalid("purpose", f"use one of {', '.join(PURPOSES)}")
    unknown = [category for category in categories if category not in CATEGORIES]
    if unknown:
        raise _invalid("categories", f"unknown {', '.join(unknown)}; known: {', '.join(CATEGORIES)}")
    if not 0 <= retention_days <= 3650:
        raise _invalid("retention_days", "use 0–3650 days")
    if requests_per_minute < 1:
        raise _invalid("requests_per_minute", "must be at least 1")
    uris = list(dict.fromkeys(check_redirect_uri(uri.strip()) for uri in redirect_uris))
    categories = [category for category in CATEGORIES if category in categories]
    if not categories and not open_data:
        raise _invalid("categories", "ask for at least one data category, or for open data")
    if categories and not uris:
        raise _invalid("redirect_uris", "a client that asks people for data needs a redirect URI")
    if open_data and not confidential:
        raise _invalid(
            "open_data", "only confidential clients (with a secret) may read open data as themselves"
        )
    scopes = [scope_of(category) for category in categories]
    grant_types: list[str] = []
    if categories:
        grant_types += [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN]
    if open_data:
        scopes.append(OPEN_DATA_SCOPE)
        grant_types.append(GRANT_CLIENT_CREDENTIALS)
    now = utcnow()
    api_client = ApiClient(
        id=str(uuid.uuid4()),
        organisation_id=organisation.id,
        name=f"OAuth: {name}"[:200],
        requests_per_minute=requests_per_minute,
        created_at=now,
    )
    session.add(api_client)
    session.flush()
    secret = CLIENT_SECRET_PREFIX + secrets.token_urlsafe(32) if confidential else None
    client = OAuthClient(
        id=api_client.id,
        organisation_id=organisation.id,
        name=name,
        redirect_uris=" ".join(uris),
        scopes=" ".join(scopes),
        grant_types=" ".join(grant_types),
        purpose=purpose,
        retention_days=retention_days,
        token_endpoint_auth_method=AUTH_METHOD_BASIC if confidential else AUTH_METHOD_NONE,
        secret_hash=secret_hash(secret) if secret else None,
        created_at=now,
        revoked_at=None,
    )
    session.add(client)
    session.flush()
    return client, secret


def _view(client: OAuthClient, organisation: Organisation, api_client: ApiClient) -> ClientView:
    scopes = client.scopes.split()
    return ClientView(
        client_id=client.id,
        name=client.name,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        organisation_title_sv=organisation.title_sv,
        organisation_title_en=organisation.title_en,
        purpose=client.purpose,
        categories=[c for c in (category_of(scope) for scope in scopes) if c is not None],
        scopes=scopes,
        grant_types=client.grant_types.split(),
        redirect_uris=client.redirect_uris.split(),
        retention_days=client.retention_days,
        token_endpoint_auth_method=client.token_endpoint_auth_method,
        requests_per_minute=api_client.requests_per_minute,
    )


def client_for(session: Session, *, client_id: str) -> ClientView:
    """A client for display (the consent screen, the vault's list of authorisations)."""
    row = session.execute(
        select(OAuthClient, Organisation, ApiClient)
        .join(Organisation, Organisation.id == OAuthClient.organisation_id)
        .join(ApiClient, ApiClient.id == OAuthClient.id)
        .where(OAuthClient.id == client_id)
    ).first()
    if row is None:
        raise OAuthClientNotFound(f"No OAuth client has the id '{client_id}'.")
    client, organisation, api_client = row
    return _view(client, organisation, api_client)


# ---- The handshake with the vault's consent screen ----


def create_pending_request(
    session: Session, *, check: AuthorizationCheck, person_id: str, settings: Settings
) -> str:
    """Keep a validated authorization request for the person's decision; returns its id (10 minutes)."""
    if check.client is None:
        raise InvalidConsent("Only a validated authorization request can wait for consent.")
    now = utcnow()
    session.execute(delete(OAuthPendingRequest).where(OAuthPendingRequest.expires_at <= now))
    request_id = secrets.token_urlsafe(32)
    session.add(
        OAuthPendingRequest(
            id=request_id,
            client_id=check.client.get_client_id(),
            person_id=person_id,
            params=json.dumps(list(check.params)),
            redirect_uri=check.redirect_uri,
            state=check.state,
            scopes=" ".join(check.scopes),
            code_challenge=check.code_challenge,
            code_challenge_method=check.code_challenge_method,
            issuer=tokens.issuer(settings),
            created_at=now,
            expires_at=now + PENDING_REQUEST_LIFETIME,
        )
    )
    session.flush()
    return request_id


def _pending_row(session: Session, request_id: str, person_id: str) -> OAuthPendingRequest:
    row = session.get(OAuthPendingRequest, request_id) if len(request_id) <= 64 else None
    if row is None or row.person_id != person_id or row.expires_at <= utcnow():
        raise AuthorizationRequestNotFound(
            "This request for your data is unknown or has expired.",
            hint="Go back to the service and start again.",
        )
    return row


def pending_request(session: Session, *, request_id: str, person_id: str) -> PendingRequest:
    """The authorization request `request_id` of this person, for the consent screen."""
    row = _pending_row(session, request_id, person_id)
    client = client_for(session, client_id=row.client_id)
    return PendingRequest(
        id=row.id,
        client_id=client.client_id,
        client_name=client.name,
        organisation_id=client.organisation_id,
        organisation_name=client.organisation_name,
        purpose=client.purpose,
        categories=[c for c in (category_of(scope) for scope in row.scopes.split()) if c is not None],
        retention_days=client.retention_days,
        redirect_uri=row.redirect_uri,
        expires_at=row.expires_at,
    )


def _response_uri(row: OAuthPendingRequest, params: list[tuple[str, str]]) -> str:
    if row.state is not None:
        params.append(("state", row.state))
    params.append(("iss", row.issuer))
    return str(add_params_to_uri(row.redirect_uri, params))


def approve_request(
    session: Session,
    *,
    request_id: str,
    person_id: str,
    authorisation_id: str,
    categories: list[str],
    keys: PlatformKeys,
    settings: Settings,
) -> str:
    """The person said yes (to all or some of the categories asked for) under the vault authorisation
    `authorisation_id`: issue a single-use code and return the URL to send the browser to."""
    del keys  # codes are random, not signed; kept in the signature for the vault's symmetry
    row = _pending_row(session, request_id, person_id)
    asked = [c for c in (category_of(scope) for scope in row.scopes.split()) if c is not None]
    granted = list(dict.fromkeys(categories))
    if not granted or any(category not in asked for category in granted):
        raise InvalidConsent(
            "The categories granted must be some of those the service asked for.",
            hint=f"It asked for: {', '.join(asked)}.",
        )
    if not authorisation_id or len(authorisation_id) > 36:
        raise InvalidConsent("An approval needs the vault authorisation it is given under.")
    code = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        OAuthCode(
            id=str(uuid.uuid4()),
            code_hash=secret_hash(code),
            client_id=row.client_id,
            person_id=person_id,
            authorisation_id=authorisation_id,
            redirect_uri=row.redirect_uri,
            scopes=" ".join(scope_of(category) for category in CATEGORIES if category in granted),
            code_challenge=row.code_challenge,
            code_challenge_method=row.code_challenge_method,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.oauth_code_seconds),
            used_at=None,
            revoked_at=None,
        )
    )
    uri = _response_uri(row, [("code", code)])
    session.delete(row)
    session.flush()
    return uri


def deny_request(
    session: Session, *, request_id: str, person_id: str, settings: Settings | None = None
) -> str:
    """The person said no: the request is consumed and the browser goes back with access_denied."""
    row = _pending_row(session, request_id, person_id)
    uri = _response_uri(row, [("error", "access_denied")])
    session.delete(row)
    session.flush()
    return uri


def revoke_authorisation_tokens(session: Session, *, authorisation_id: str) -> int:
    """Revoke the unused codes and the refresh tokens issued under a vault authorisation (the vault calls
    this when the person withdraws it). Returns how many codes and tokens were revoked."""
    now = utcnow()
    codes = session.execute(
        update(OAuthCode)
        .where(OAuthCode.authorisation_id == authorisation_id, OAuthCode.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    issued = session.execute(
        update(OAuthToken)
        .where(OAuthToken.authorisation_id == authorisation_id, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.flush()
    return int(getattr(codes, "rowcount", 0) or 0) + int(getattr(issued, "rowcount", 0) or 0)


def revoke_token_family(session: Session, *, family_id: str) -> int:
    """Revoke a code and every token issued from it."""
    return revoke_family(session, family_id)


def client_credentials_principal(
    session: Session, *, token: str, keys: PlatformKeys, settings: Settings
) -> Principal:
    """The API principal behind a client-credentials access token: the client's own API client (its rate
    limit) with the token's scopes. Tokens people granted (with an authorisation) are not API credentials."""
    claims = verify_access_token(token, keys=keys, settings=settings)
    if claims.authorisation_id is not None:
        raise InvalidAccessToken(
            "This access token gives access to a person's data, not to the API as a client.",
            hint="Get a client-credentials token for API calls.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    row = session.execute(
        select(OAuthClient, ApiClient, Organisation)
        .join(ApiClient, ApiClient.id == OAuthClient.id)
        .join(Organisation, Organisation.id == OAuthClient.organisation_id)
        .where(OAuthClient.id == claims.client_id)
    ).first()
    if row is None or row[0].revoked_at is not None or row[2].id != claims.organisation_id:
        raise InvalidAccessToken(
            "The client of this access token no longer exists.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    _client, api_client, organisation = row
    return Principal(
        key_id=f"oauth:{claims.jti}",
        client_id=api_client.id,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        scopes=claims.scopes,
        requests_per_minute=api_client.requests_per_minute,
    )
