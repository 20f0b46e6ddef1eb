"""The decision at the point of release: may this client read these categories of this person now?

A pure function of the authorisation as stored, the request and the clock, so that it can be checked
against an independent oracle over every combination (tests/vault/test_decision_matrix.py). `vault.service`
calls it on every read, after reading the authorisation under a lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Grant:
    """An authorisation record as the check sees it."""

    client_id: str
    subject: str
    state: str
    valid_from: datetime
    valid_until: datetime
    purposes: frozenset[str]
    categories: frozenset[str]
    operations: frozenset[str]


@dataclass(frozen=True)
class ReadRequest:
    """What a service asks for, with which token."""

    client_id: str
    subject: str
    purpose: str
    categories: frozenset[str]
    operation: str


@dataclass(frozen=True)
class Decision:
    allowed: bool
    categories: frozenset[str]  # what may be released: empty unless allowed
    reason: str


def _deny(reason: str) -> Decision:
    return Decision(allowed=False, categories=frozenset(), reason=reason)


def _refusal(grant: Grant, request: ReadRequest, now: datetime, *, restricted: bool) -> str | None:
    """The first reason the authorisation does not cover the request, in a fixed order; None if it does."""
    checks = (
        (request.client_id != grant.client_id, "wrong_client"),
        (request.subject != grant.subject, "wrong_subject"),
        (grant.state != "given", f"authorisation_{grant.state}"),
        (now < grant.valid_from, "not_yet_valid"),
        (now >= grant.valid_until, "authorisation_expired"),
        (restricted, "processing_restricted"),
        (request.purpose not in grant.purposes, "purpose_not_granted"),
        (request.operation not in grant.operations, "operation_not_granted"),
        (not request.categories & grant.categories, "category_not_granted"),
    )
    return next((reason for failed, reason in checks if failed), None)


def decide(
    grant: Grant | None,
    request: ReadRequest,
    *,
    now: datetime,
    restricted: bool = False,
    erased: bool = False,
) -> Decision:
    """Allow only what the authorisation covers in full; release only the granted categories asked for."""
    if grant is None:
        return _deny("no_authorisation")
    if erased:
        return _deny("erased")
    reason = _refusal(grant, request, now, restricted=restricted)
    if reason is not None:
        return _deny(reason)
    return Decision(allowed=True, categories=request.categories & grant.categories, reason="released")
