"""Ed25519 signatures over canonical JSON (RFC 8785), for consent receipts and the access-log head."""

from __future__ import annotations

import base64
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(document: Any) -> bytes:
    """The RFC 8785 canonical JSON bytes of `document`."""
    return rfc8785.dumps(document)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    """The Ed25519 signature of `message`, base64url without padding."""
    return _b64(key.sign(message))


def verify(key: Ed25519PublicKey, message: bytes, signature: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        key.verify(raw, message)
    except (InvalidSignature, ValueError):
        return False
    return True
