"""Typed errors of the vault; the web layer maps them to HTTP in one place."""

from __future__ import annotations

from samskapa.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated, Unavailable


class VaultItemNotFound(NotFound):
    code = "vault_item_not_found"


class AuthorisationNotFound(NotFound):
    code = "authorisation_not_found"


class InvalidVaultInput(Invalid):
    code = "invalid_vault_input"


class IllegalTransition(Conflict):
    """An authorisation cannot move from its state by this event (e.g. a withdrawn one cannot be renewed)."""

    code = "illegal_transition"


class AccessDenied(Forbidden):
    """A read that the authorisation does not cover. Recorded in the access log like every release."""

    code = "access_denied"


class PersonErased(Conflict):
    code = "person_erased"


class VaultKeyUnavailable(Exception):
    """A data key or ciphertext that cannot be opened (erased person, wrong key, tampered data).

    Not a DomainError: reads catch it and fail closed.
    """


class VaultUnavailable(Unavailable):
    """The authorisation store or the access log could not be written: nothing is released."""

    code = "vault_unavailable"


class AccessTokenRequired(Unauthenticated):
    """A service's read without a Bearer access token."""

    code = "access_token_required"
    title = "Access token required"


class InsufficientScope(Forbidden):
    """The access token does not carry the scope of a category asked for (RFC 6750 §3.1)."""

    code = "insufficient_scope"
    title = "Insufficient scope"


class CredentialRejected(InvalidVaultInput):
    """An imported credential that failed verification (the reasons are in the problem)."""

    code = "credential_invalid"
    title = "Credential not valid"
