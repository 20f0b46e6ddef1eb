"""Access tokens: RFC 9068 JWTs signed EdDSA with the platform key; verification is pinned."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jwt
from joserfc.jwk import OKPKey

from samskapa.accounts.oauth import tokens
from samskapa.accounts.oauth.errors import InvalidAccessToken
from samskapa.config import Settings
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys


@pytest.fixture
def keys() -> PlatformKeys:
    return PlatformKeys(
        kek=b"k" * 32, signing_key=Ed25519PrivateKey.from_private_bytes(b"s" * 32), pairwise_secret=b"p" * 32
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, environment="test", base_url="https://samskapa.example")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _part(value: dict[str, object]) -> str:
    return _b64(json.dumps(value).encode())


def _claims(settings: Settings) -> dict[str, object]:
    now = int(utcnow().timestamp())
    return {
        "iss": tokens.issuer(settings),
        "aud": tokens.audience(settings),
        "sub": "client-a",
        "client_id": "client-a",
        "scope": "vault.skills",
        "iat": now,
        "exp": now + 600,
        "jti": "j1",
        "authorisation_id": "auth-1",
    }


def _issue(keys: PlatformKeys, settings: Settings) -> str:
    return tokens.issue_access_token(
        keys=keys,
        settings=settings,
        client_id="client-a",
        organisation_id="org-1",
        subject="subject-1",
        scopes=["vault.skills"],
        authorisation_id="auth-1",
    ).token


def test_a_token_carries_the_rfc_9068_header_and_claims(keys: PlatformKeys, settings: Settings) -> None:
    token = _issue(keys, settings)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "EdDSA", "typ": "at+jwt", "kid": tokens.key_id(keys)}
    claims = tokens.verify_access_token(token, keys=keys, settings=settings)
    assert claims.client_id == "client-a"
    assert claims.subject == "subject-1"
    assert claims.organisation_id == "org-1"
    assert claims.authorisation_id == "auth-1"
    assert claims.scopes == {"vault.skills"}
    assert claims.jti
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert payload["iss"] == "https://samskapa.example"
    assert payload["aud"] == "https://samskapa.example/v1"
    assert payload["exp"] - payload["iat"] == settings.oauth_access_token_seconds


def test_alg_none_is_refused(keys: PlatformKeys, settings: Settings) -> None:
    token = f"{_part({'alg': 'none', 'typ': 'at+jwt'})}.{_part(_claims(settings))}."
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(token, keys=keys, settings=settings)
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(token + "AAAA", keys=keys, settings=settings)


def test_hs256_signed_with_the_public_key_is_refused(keys: PlatformKeys, settings: Settings) -> None:
    raw_public = keys.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk_x = _b64(raw_public).encode()
    for secret in (raw_public, jwk_x, tokens.key_id(keys).encode()):
        signing_input = f"{_part({'alg': 'HS256', 'typ': 'at+jwt'})}.{_part(_claims(settings))}"
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        with pytest.raises(InvalidAccessToken):
            tokens.verify_access_token(f"{signing_input}.{_b64(signature)}", keys=keys, settings=settings)


def test_a_token_of_another_key_is_refused(keys: PlatformKeys, settings: Settings) -> None:
    other = PlatformKeys(
        kek=keys.kek, signing_key=Ed25519PrivateKey.from_private_bytes(b"o" * 32), pairwise_secret=b"p" * 32
    )
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(_issue(other, settings), keys=keys, settings=settings)


def test_expired_tokens_are_refused(keys: PlatformKeys, settings: Settings) -> None:
    token = _issue(keys, settings)
    later = utcnow() + timedelta(seconds=settings.oauth_access_token_seconds + tokens.LEEWAY_SECONDS + 1)
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(token, keys=keys, settings=settings, now=later)


def test_wrong_typ_issuer_or_audience_is_refused(
    keys: PlatformKeys, settings: Settings, tmp_path: Path
) -> None:
    signed = _issue(keys, settings)
    header, _payload, signature = signed.split(".")

    key = OKPKey.import_key(keys.signing_key)
    for typ in ("JWT", "id_token+jwt"):
        token = jwt.encode({"alg": "EdDSA", "typ": typ}, _claims(settings), key, registry=tokens.JWS_REGISTRY)
        with pytest.raises(InvalidAccessToken):
            tokens.verify_access_token(token, keys=keys, settings=settings)
    elsewhere = Settings(data_dir=tmp_path, environment="test", base_url="https://evil.example")
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(signed, keys=keys, settings=elsewhere)
    wrong_audience = _claims(settings) | {"aud": "https://other.example/api"}
    token = jwt.encode({"alg": "EdDSA", "typ": "at+jwt"}, wrong_audience, key, registry=tokens.JWS_REGISTRY)
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(token, keys=keys, settings=settings)
    tampered = f"{header}.{_part(_claims(settings) | {'scope': 'vault.credentials'})}.{signature}"
    with pytest.raises(InvalidAccessToken):
        tokens.verify_access_token(tampered, keys=keys, settings=settings)


def test_garbage_is_refused(keys: PlatformKeys, settings: Settings) -> None:
    for token in ("a.b.c", "not-a-jwt", "x" * 9000, "..."):
        with pytest.raises(InvalidAccessToken):
            tokens.verify_access_token(token, keys=keys, settings=settings)


def test_pairwise_subjects_are_stable_and_differ_between_organisations(keys: PlatformKeys) -> None:
    one = tokens.pairwise_subject(keys, organisation_id="org-1", person_id="person-1")
    assert one == tokens.pairwise_subject(keys, organisation_id="org-1", person_id="person-1")
    assert one != tokens.pairwise_subject(keys, organisation_id="org-2", person_id="person-1")
    assert one != tokens.pairwise_subject(keys, organisation_id="org-1", person_id="person-2")
    assert "person-1" not in one
    other_secret = PlatformKeys(kek=keys.kek, signing_key=keys.signing_key, pairwise_secret=b"q" * 32)
    assert one != tokens.pairwise_subject(other_secret, organisation_id="org-1", person_id="person-1")


def test_the_jwks_holds_the_public_key_only(keys: PlatformKeys) -> None:
    (key,) = tokens.jwks(keys)["keys"]
    assert key["kty"] == "OKP"
    assert key["crv"] == "Ed25519"
    assert key["alg"] == "EdDSA"
    assert key["use"] == "sig"
    assert key["kid"] == tokens.key_id(keys)
    assert "d" not in key
    assert base64.urlsafe_b64decode(key["x"] + "==") == keys.public_key.public_bytes(
        Encoding.Raw, PublicFormat.Raw
    )
