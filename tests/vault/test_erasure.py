"""Erasure: after it, no stored ciphertext of the person opens, and a canary is nowhere in the database
or the logs."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.accounts.models import LoginSession, Person
from samskapa.accounts.service import start_session
from samskapa.core.db import Base, create_session_factory, session_scope
from samskapa.models import import_all_models
from samskapa.vault import service
from samskapa.vault.crypto import open_sealed
from samskapa.vault.errors import PersonErased, VaultKeyUnavailable
from samskapa.vault.models import VaultItem, VaultPerson
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import VaultKeys
from tests.databases import DatabaseFactory
from tests.vault.conftest import give, make_person

CANARY = "KANARIE-" + uuid.uuid4().hex.upper()


def _everything(session: Session) -> Iterator[tuple[str, str, object]]:
    """Every value of every column of every table, as (table, column, value)."""
    import_all_models()
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)).mappings():
            for column, value in row.items():
                yield table.name, column, value


def _holds(value: object, needle: str) -> bool:
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return needle.encode() in data or needle.lower().encode() in data.lower()
    return needle.lower() in str(value).lower()


def _data_keys(session: Session, keys: VaultKeys) -> list[bytes]:
    """Every data key the vault can still unwrap (of every person)."""
    found = []
    for vault in session.scalars(select(VaultPerson)):
        try:
            found.append(service._data_key(vault, keys))
        except VaultKeyUnavailable:
            continue
    return found


def test_erasure_leaves_nothing_that_opens_or_names(
    databases: DatabaseFactory, keys: VaultKeys, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    factory = create_session_factory(databases.migrated_engine("vault-erasure"))
    with session_scope(factory) as session:
        person = make_person(session, name=f"Anna {CANARY}")
        bystander = make_person(session, name="Bo Bystander")
        start_session(session, person=person)
        for category, data in (
            ("education", {"title": f"Svetsteknik {CANARY}", "provider": "Yrkeshögskolan"}),
            ("experience", {"title": "Svetsare", "start": "2019-01-01", "description": CANARY}),
        ):
            service.add_item(session, person_id=person.id, category=category, data=data, keys=keys)
        service.add_credential(
            session,
            person_id=person.id,
            document={"credentialSubject": {"name": CANARY}},
            verification={"status": "unsigned"},
            keys=keys,
        )
        service.add_item(
            session, person_id=bystander.id, category="education", data={"title": "Bo"}, keys=keys
        )
        authorisation = give(session, keys, person.id, categories=("education", "experience", "credentials"))
        read = ReadRequest(
            "client-a",
            "subject-1",
            "career-guidance",
            frozenset({"education", "experience", "credentials"}),
            "read",
        )
        released = service.release(
            session, authorisation_id=authorisation.id, request=read, accessor_name="", keys=keys
        )
        assert CANARY.encode() in released.body  # the canary really was readable before
        assert CANARY in str(service.export(session, person_id=person.id, keys=keys))
        person_id = person.id
        bystander_id = bystander.id
        authorisation_id = authorisation.id

    with session_scope(factory) as session:
        assert service.erase(session, person_id=person_id, keys=keys) == 3

    with session_scope(factory) as session:
        # Every ciphertext of the person is still stored, and none opens with any key the vault holds.
        items = session.scalars(select(VaultItem).where(VaultItem.person_id == person_id)).all()
        assert len(items) == 3
        candidate_keys = _data_keys(session, keys)
        assert len(candidate_keys) == 1  # the bystander's, which still opens the bystander's item
        (kept,) = session.scalars(select(VaultItem).where(VaultItem.person_id == bystander_id)).all()
        assert open_sealed(candidate_keys[0], kept.nonce, kept.ciphertext, context=service.item_context(kept))
        vault = session.get(VaultPerson, person_id)
        assert vault is not None
        assert vault.wrapped_key is None
        for item in items:
            assert item.removed_at is not None
            for key in candidate_keys:
                with pytest.raises(VaultKeyUnavailable):
                    open_sealed(key, item.nonce, item.ciphertext, context=service.item_context(item))
        with pytest.raises(PersonErased):
            service.export(session, person_id=person_id, keys=keys)
        denied = service.release(
            session, authorisation_id=authorisation_id, request=read, accessor_name="", keys=keys
        )
        assert not denied.allowed
        assert denied.decision.reason == "erased"
        state = service.my_authorisation(
            session, person_id=person_id, authorisation_id=authorisation_id
        ).state
        assert state == "revoked"
        # The account is scrubbed and signed out.
        account = session.get(Person, person_id)
        assert account is not None
        assert account.name == ""
        assert account.password_hash is None
        assert not session.scalars(select(LoginSession).where(LoginSession.person_id == person_id)).all()
        # The canary is in no column of any table, and the bystander's data is untouched.
        holders = [(table, column) for table, column, value in _everything(session) if _holds(value, CANARY)]
        assert holders == []
        assert service.my_items(session, person_id=bystander_id, categories=["education"], keys=keys)[
            "education"
        ]

    assert not [r for r in caplog.records if CANARY in r.getMessage() or CANARY in str(r.args)]


def test_the_canary_check_finds_a_planted_value(databases: DatabaseFactory) -> None:
    factory = create_session_factory(databases.migrated_engine("vault-canary"))
    needle = secrets.token_hex(8)
    with session_scope(factory) as session:
        make_person(session, name=needle)
        assert [(t, c) for t, c, v in _everything(session) if _holds(v, needle)] == [
            ("accounts_person", "name")
        ]
