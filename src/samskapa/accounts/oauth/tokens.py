"""JWT access tokens (RFC 9068) signed with the platform's Ed25519 key, the JWKS, and pairwise subjects.

Verification is pinned: the only algorithm is EdDSA and the only key is the platform's public key, so
`alg: none`, HMAC tokens keyed with the public key (key confusion) and tokens of any other key fail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry
from joserfc.jwt import JWTClaimsRegistry

from samskapa.accounts.oauth.errors import InvalidAccessToken
from samskapa.config import Settings
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys

ALGORITHM: Final = "EdDSA"
TOKEN_TYPE: Final = "at+jwt"  # noqa: S105 - a media type, not a secret
# RFC 9068 §2.1: "at+jwt"; the full media type is accepted too (§4).
TOKEN_TYPES: Final = frozenset({"at+jwt", "application/at+jwt"})
RESOURCE_AUDIENCE_SUFFIX: Final = "/v1"
LEEWAY_SECONDS: Final = 30


class _EdDSAOnly(JWSRegistry):
    """The JWS registry of our tokens: EdDSA and nothing else (joserfc warns that RFC 9864 prefers the
    fully specified `Ed25519` name; EdDSA is what RFC 9068 resource servers understand today)."""

    def get_alg(self, name: str) -> Any:
        if name != ALGORITHM:
            return super().get_alg("__unsupported__")  # raises UnsupportedAlgorithmError
        return self.algorithms[name]


JWS_REGISTRY: Final = _EdDSAOnly(algorithms=[ALGORITHM])


@dataclass(frozen=True)
class AccessTokenClaims:
    """What a verified access token says."""

    client_id: str
    subject: str
    organisation_id: str
    authorisation_id: str | None
    scopes: frozenset[str]
    expires_at: datetime
    jti: str


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    jti: str
    expires_at: datetime


def key_id(keys: PlatformKeys) -> str:
    """The `kid` of the platform key: its RFC 7638 thumbprint."""
    return str(OKPKey.import_key(keys.public_key).thumbprint())


def jwks(keys: PlatformKeys) -> dict[str, Any]:
    """The public JSON Web Key Set of the platform's signing key."""
    public = OKPKey.import_key(keys.public_key).as_dict(private=False)
    public.update({"kid": key_id(keys), "use": "sig", "alg": ALGORITHM})
    return {"keys": [public]}


def issuer(settings: Settings) -> str:
    return settings.base_url.rstrip("/")


def audience(settings: Settings) -> str:
    """The resource server the tokens are for: the platform's API."""
    return issuer(settings) + RESOURCE_AUDIENCE_SUFFIX


def pairwise_subject(keys: PlatformKeys, *, organisation_id: str, person_id: str) -> str:
    """A person's stable pseudonym towards one organisation: HMAC-SHA256(pairwise secret, org id, person id)
    in hex. Two organisations see unrelated values for the same person."""
    message = f"{organisation_id}\x00{person_id}".encode()
    return hmac.new(keys.pairwise_secret, message, hashlib.sha256).hexdigest()


def issue_access_token(
    *,
    keys: PlatformKeys,
    settings: Settings,
    client_id: str,
    organisation_id: str,
    subject: str,
    scopes: list[str],
    authorisation_id: str | None,
    now: datetime | None = None,
) -> IssuedAccessToken:
    """A signed RFC 9068 access token."""
    issued = now or utcnow()
    expires = issued + timedelta(seconds=settings.oauth_access_token_seconds)
    jti = secrets.token_urlsafe(18)
    claims: dict[str, Any] = {
        "iss": issuer(settings),
        "sub": subject,
        "aud": audience(settings),
        "client_id": client_id,
        "organisation_id": organisation_id,
        "scope": " ".join(scopes),
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": jti,
    }
    if authorisation_id is not None:
        claims["authorisation_id"] = authorisation_id
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": key_id(keys)}
    token = jwt.encode(header, claims, OKPKey.import_key(keys.signing_key), registry=JWS_REGISTRY)
    return IssuedAccessToken(
        token=token, jti=jti, expires_at=datetime.fromtimestamp(claims["exp"], issued.tzinfo)
    )


def _invalid(reason: str) -> InvalidAccessToken:
    return InvalidAccessToken(
        f"The access token is not valid: {reason}.",
        hint="Get a new token from /oauth/token.",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def verify_access_token(
    token: str,
    *,
    keys: PlatformKeys,
    settings: Settings,
    expected_client_id: str | None = None,
    now: datetime | None = None,
) -> AccessTokenClaims:
    """Verify an access token's signature (EdDSA with the platform key only), type, issuer, audience and
    lifetime; with `expected_client_id`, a token issued to another client is refused too."""
    if len(token) > 8192:
        raise _invalid("too long")
    public = OKPKey.import_key(keys.public_key)
    try:
        decoded = jwt.decode(token, public, algorithms=[ALGORITHM], registry=JWS_REGISTRY)
    except (JoseError, ValueError, TypeError) as error:
        raise _invalid("bad signature or format") from error
    if decoded.header.get("alg") != ALGORITHM:
        raise _invalid("wrong algorithm")
    if decoded.header.get("typ") not in TOKEN_TYPES:
        raise _invalid("not an access token (typ)")
    claims = decoded.claims
    checker = JWTClaimsRegistry(
        now=int((now or utcnow()).timestamp()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer(settings)},
        aud={"essential": True, "value": audience(settings)},
        exp={"essential": True},
        sub={"essential": True},
        jti={"essential": True},
        client_id={"essential": True},
    )
    try:
        checker.validate(claims)
    except JoseError as error:
        raise _invalid(getattr(error, "description", None) or error.error) from error
    client_id = str(claims["client_id"])
    if expected_client_id is not None and not hmac.compare_digest(client_id, expected_client_id):
        raise _invalid("issued to another client")
    scope = claims.get("scope", "")
    authorisation_id = claims.get("authorisation_id")
    return AccessTokenClaims(
        client_id=client_id,
        subject=str(claims["sub"]),
        organisation_id=str(claims.get("organisation_id", "")),
        authorisation_id=str(authorisation_id) if authorisation_id is not None else None,
        scopes=frozenset(str(scope).split()),
        expires_at=datetime.fromtimestamp(int(claims["exp"]), (now or utcnow()).tzinfo),
        jti=str(claims["jti"]),
    )


def looks_like_jwt(value: str) -> bool:
    """Three dot-separated base64url parts (an API key never has dots)."""
    parts = value.split(".")
    return len(parts) == 3 and all(parts[:2])
