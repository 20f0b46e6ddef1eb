"""Tables of the OAuth authorization server: clients, pending authorization requests, codes and tokens.

Codes and refresh tokens are stored only as SHA-256 hashes (high-entropy secrets), as are client secrets.
Access tokens are signed JWTs and are not stored; their `jti` is kept with the grant they came from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class OAuthClient(Base):
    """A service's program registered by an organisation. It shares its id with an accounts API client,
    which carries the rate limit and lets client-credentials tokens call the API like keys."""

    __tablename__ = "oauth_client"

    id: Mapped[str] = mapped_column(ForeignKey("accounts_api_client.id"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Space-separated: URIs, scopes and grant types contain no spaces.
    redirect_uris: Mapped[str] = mapped_column(Text, default="")
    scopes: Mapped[str] = mapped_column(String(500))
    grant_types: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(40))
    retention_days: Mapped[int] = mapped_column(Integer)
    token_endpoint_auth_method: Mapped[str] = mapped_column(String(30))
    # None for public clients (apps using PKCE without a secret).
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OAuthPendingRequest(Base):
    """A validated authorization request waiting for the person's decision on the vault's consent screen."""

    __tablename__ = "oauth_pending_request"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oauth_client.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    # The original query parameters (JSON), kept for the record and for the response.
    params: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str | None] = mapped_column(String(2000))
    scopes: Mapped[str] = mapped_column(String(500))
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    # The issuer the request was made to: the `iss` of the response (RFC 9207).
    issuer: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class OAuthCode(Base):
    """An authorization code (single use, short-lived). Its id names the token family issued from it."""

    __tablename__ = "oauth_code"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oauth_client.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    authorisation_id: Mapped[str] = mapped_column(String(36), index=True)
    redirect_uri: Mapped[str] = mapped_column(String(2000))
    scopes: Mapped[str] = mapped_column(String(500))
    code_challenge: Mapped[str] = mapped_column(String(128))
    code_challenge_method: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OAuthToken(Base):
    """One issuance at the token endpoint: an access token's jti and, for people's grants, a refresh token.
    Tokens issued from one code share a family; a replayed code or refresh token revokes the family."""

    __tablename__ = "oauth_token"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str | None] = mapped_column(String(36), index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oauth_client.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    authorisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    scopes: Mapped[str] = mapped_column(String(500))
    access_jti: Mapped[str] = mapped_column(String(64), unique=True)
    access_expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    refresh_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    refresh_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Set when the refresh token was exchanged for a new one: presenting it again is a replay.
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
