"""Envelope encryption: AES-256-GCM under a per-person data key, wrapped by a key-encryption key.

The key-encryption key sits behind `KeySource`, so that a KMS or an HSM can hold it instead of the
settings: the vault only ever asks the source to wrap or unwrap a data key. Every ciphertext is bound to
its context (person, item, category) as associated data, so that a ciphertext moved to another row or
another person does not decrypt.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from samskapa.vault.errors import VaultKeyUnavailable

DATA_KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12


class KeySource(Protocol):
    """Holds the key-encryption key(s). Wrapping is authenticated and bound to `context`."""

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[bytes, str]:
        """The wrapped data key and the id of the key-encryption key that wrapped it."""
        ...

    def unwrap(self, wrapped: bytes, *, kek_id: str, context: bytes) -> bytes:
        """The data key; raises VaultKeyUnavailable when it cannot be unwrapped."""
        ...


class LocalKeySource:
    """A key-encryption key held in the process (from the settings, or data_dir/keys in development)."""

    def __init__(self, kek: bytes) -> None:
        if len(kek) != DATA_KEY_BYTES:
            raise ValueError("The key-encryption key must be 32 bytes.")
        self._aead = AESGCM(kek)
        self.kek_id = "local:" + hashlib.sha256(b"samskapa-kek-id" + kek).hexdigest()[:16]

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[bytes, str]:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, context), self.kek_id

    def unwrap(self, wrapped: bytes, *, kek_id: str, context: bytes) -> bytes:
        if kek_id != self.kek_id:
            raise VaultKeyUnavailable(
                f"The data key was wrapped by key {kek_id}, which this source does not hold."
            )
        try:
            return self._aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], context)
        except InvalidTag as error:
            raise VaultKeyUnavailable("The data key does not unwrap.") from error


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(data_key: bytes, plaintext: bytes, *, context: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of `plaintext` under `data_key`, bound to `context`."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(data_key).encrypt(nonce, plaintext, context)


def open_sealed(data_key: bytes, nonce: bytes, ciphertext: bytes, *, context: bytes) -> bytes:
    """The plaintext; raises VaultKeyUnavailable when the key or the context does not fit."""
    try:
        return AESGCM(data_key).decrypt(nonce, ciphertext, context)
    except InvalidTag as error:
        raise VaultKeyUnavailable("The item does not decrypt with this key.") from error
