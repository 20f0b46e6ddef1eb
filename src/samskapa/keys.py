"""The platform's own secrets: the vault's key-encryption key, the Ed25519 signing key, the pairwise secret.

Each comes from its setting (base64) when set. When a setting is empty outside production, the key is made
once and kept in `data_dir/keys/` (file mode 0600), so that `make run` needs no set-up and keys survive a
restart; in production an empty setting is an error, so keys always come from the operator (or a KMS).
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from samskapa.config import Settings

KEY_BYTES = 32
_lock = threading.Lock()


class KeyConfigurationError(RuntimeError):
    """A key setting is missing (in production) or is not base64 of 32 bytes."""


@dataclass(frozen=True)
class PlatformKeys:
    kek: bytes
    signing_key: Ed25519PrivateKey
    pairwise_secret: bytes

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()


def _decode(name: str, value: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise KeyConfigurationError(f"SAMSKAPA_{name.upper()} is not valid base64.") from error
    if len(raw) != KEY_BYTES:
        raise KeyConfigurationError(
            f"SAMSKAPA_{name.upper()} must be base64 of {KEY_BYTES} bytes, not {len(raw)}."
        )
    return raw


def _kept(settings: Settings, name: str) -> bytes:
    if settings.environment == "production":
        raise KeyConfigurationError(
            f"SAMSKAPA_{name.upper()} must be set in production (base64 of {KEY_BYTES} random bytes)."
        )
    directory = settings.data_dir / "keys"
    path = directory / name
    with _lock:
        if not path.exists():
            directory.mkdir(parents=True, exist_ok=True)
            _write_private(path, base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode())
        return _decode(name, path.read_text())


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    try:
        os.link(temporary, path)  # fails when another process made the key first: keep theirs
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _key(settings: Settings, name: str) -> bytes:
    value = getattr(settings, name).get_secret_value()
    return _decode(name, value) if value else _kept(settings, name)


def load_keys(settings: Settings) -> PlatformKeys:
    """The platform keys for `settings` (from the settings, else from data_dir/keys outside production)."""
    return PlatformKeys(
        kek=_key(settings, "vault_kek"),
        signing_key=Ed25519PrivateKey.from_private_bytes(_key(settings, "signing_key")),
        pairwise_secret=_key(settings, "pairwise_secret"),
    )
