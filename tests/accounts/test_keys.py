"""API keys: shown once, stored hashed, revocable, scoped; organisations and members."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts import service
from samskapa.accounts.errors import InvalidAccountInput, InvalidApiKey, MissingScope, OrganisationExists
from samskapa.accounts.models import ApiKey
from samskapa.accounts.ratelimit import InProcessRateLimiter
from tests.catalogue.factories import organisation


def test_a_key_is_stored_only_as_a_hash_and_authenticates(session: Session) -> None:
    org = organisation(session)
    key, secret = service.create_api_key(
        session, organisation=org, client_name="etl", scopes=["catalogue:write"]
    )
    stored = session.scalars(select(ApiKey).where(ApiKey.id == key.id)).one()
    assert secret not in (stored.key_hash, stored.prefix, stored.scopes)
    assert len(stored.key_hash) == 64
    principal = service.authenticate(session, secret=secret)
    assert (principal.organisation_id, principal.scopes) == (org.id, frozenset({"catalogue:write"}))
    principal.require_scope("catalogue:write")
    with pytest.raises(MissingScope):
        principal.require_scope("arena:write")


def test_revoked_and_unknown_keys_are_refused(session: Session) -> None:
    org = organisation(session)
    key, secret = service.create_api_key(session, organisation=org, client_name="etl", scopes=[])
    service.revoke_api_key(session, key_id=key.id)
    with pytest.raises(InvalidApiKey, match="revoked"):
        service.authenticate(session, secret=secret)
    with pytest.raises(InvalidApiKey):
        service.authenticate(session, secret=secret + "x")


def test_organisation_rules(session: Session) -> None:
    org = organisation(session, name="unique-org")
    with pytest.raises(OrganisationExists):
        organisation(session, name="unique-org")
    with pytest.raises(InvalidAccountInput, match="type"):
        service.create_organisation(session, name="x-y", type_="club", title_sv="a", title_en="b")
    with pytest.raises(InvalidAccountInput, match="name"):
        service.create_organisation(session, name="Bad Name", type_="ngo", title_sv="a", title_en="b")
    service.add_member(session, organisation=org, email="Ada@Example.org", name="Ada", role="editor")
    service.add_member(session, organisation=org, email="ada@example.org", name="Ada", role="admin")
    assert [(p.email, role) for p, role in service.members_of(session, organisation=org)] == [
        ("ada@example.org", "admin")
    ]
    with pytest.raises(InvalidAccountInput, match="role"):
        service.add_member(session, organisation=org, email="b@example.org", name="B", role="owner")
    with pytest.raises(InvalidAccountInput, match="scope"):
        service.create_api_key(session, organisation=org, client_name="x", scopes=["everything"])


def test_rate_limiter_counts_per_client_in_one_minute_windows() -> None:
    now = [1000.0]
    limiter = InProcessRateLimiter(clock=lambda: now[0])
    decisions = [limiter.hit("a", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].headers()["Retry-After"] == "60"
    assert limiter.hit("b", 3).allowed, "another client has its own budget"
    now[0] += 59.5
    assert not limiter.hit("a", 3).allowed
    assert limiter.hit("a", 3).reset_seconds == 1
    now[0] += 1
    assert limiter.hit("a", 3).allowed
