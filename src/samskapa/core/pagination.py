"""Opaque cursors: a client can page through any collection in a total order with no depth cap."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from samskapa.core.errors import Invalid


def encode_cursor(position: dict[str, Any]) -> str:
    """Encode a sort position as an opaque, URL-safe token."""
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(token: str) -> dict[str, Any]:
    """Decode a token made by encode_cursor; a damaged token is a client error."""
    try:
        padded = token + "=" * (-len(token) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise Invalid(
            "The cursor is not valid.",
            hint="Use the 'next' value of a previous page exactly as it was returned.",
        ) from exc
    if not isinstance(value, dict):
        raise Invalid("The cursor is not valid.", hint="Use the 'next' value of a previous page.")
    return value
