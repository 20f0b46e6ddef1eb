"""The vault service: encrypted items, authorisations with signed receipts, release at the point of use."""

from __future__ import annotations

import json

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.taxonomy.models import Concept
from samskapa.vault import records, service, signing
from samskapa.vault.errors import IllegalTransition, InvalidVaultInput, VaultItemNotFound
from samskapa.vault.models import VaultItem
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import VaultKeys
from tests.vault.conftest import give, make_person


def _read(categories: frozenset[str], **overrides: str) -> ReadRequest:
    fields = {
        "client_id": "client-a",
        "subject": "subject-1",
        "purpose": "career-guidance",
        "operation": "read",
    }
    fields.update(overrides)
    return ReadRequest(categories=categories, **fields)


def test_items_are_stored_only_as_ciphertext(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    added = service.add_item(
        session,
        person_id=person.id,
        category="experience",
        data={"title": "Svetsare KANARIEFÅGEL", "employer": "Verkstan AB", "start": "2019-01-01"},
        keys=keys,
    )
    row = session.get(VaultItem, added.id)
    assert row is not None
    assert "KANARIEFÅGEL".encode() not in row.ciphertext
    assert b"Verkstan" not in row.ciphertext
    mine = service.my_items(session, person_id=person.id, categories=["experience"], keys=keys)
    assert mine["experience"][0].content["title"] == "Svetsare KANARIEFÅGEL"


def test_a_skill_is_a_concept_with_both_labels(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    concept = session.execute(select(Concept.id).where(Concept.type == "skill").limit(1)).scalar_one()
    added = service.add_item(
        session, person_id=person.id, category="skills", data={"concept_id": concept}, keys=keys
    )
    assert added.content["concept_id"] == concept
    labels = added.content["concept_labels"]
    assert labels
    assert set(labels) <= {"sv", "en"}
    with pytest.raises(InvalidVaultInput) as raised:
        service.add_item(
            session, person_id=person.id, category="skills", data={"concept_id": "no-such"}, keys=keys
        )
    assert raised.value.field_errors[0].field == "concept_id"


def test_bad_items_name_the_field(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    with pytest.raises(InvalidVaultInput) as raised:
        service.add_item(
            session,
            person_id=person.id,
            category="experience",
            data={"title": "x", "start": "2020-01-01", "end": "2019-01-01"},
            keys=keys,
        )
    assert "end must not be before start" in raised.value.field_errors[0].message
    with pytest.raises(InvalidVaultInput):
        service.add_item(session, person_id=person.id, category="hobbies", data={}, keys=keys)


def test_another_persons_item_is_not_found(session: Session, keys: VaultKeys) -> None:
    owner, other = make_person(session), make_person(session)
    added = service.add_item(
        session, person_id=owner.id, category="education", data={"title": "Svetsteknik"}, keys=keys
    )
    with pytest.raises(VaultItemNotFound):
        service.remove_item(session, person_id=other.id, item_id=added.id)
    with pytest.raises(VaultItemNotFound):
        service.update_item(session, person_id=other.id, item_id=added.id, data={"title": "x"}, keys=keys)


def test_release_returns_only_granted_categories_and_logs_it(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    service.add_item(
        session, person_id=person.id, category="education", data={"title": "Svetsteknik"}, keys=keys
    )
    service.add_item(
        session,
        person_id=person.id,
        category="experience",
        data={"title": "Svetsare", "start": "2019-01-01"},
        keys=keys,
    )
    authorisation = give(session, keys, person.id, categories=("education",))
    outcome = service.release(
        session,
        authorisation_id=authorisation.id,
        request=_read(frozenset({"education", "experience"})),
        accessor_name="Karriärtjänsten",
        keys=keys,
    )
    assert outcome.allowed
    body = orjson.loads(outcome.body)
    assert set(body["categories"]) == {"education"}
    assert body["categories"]["education"][0]["content"]["title"] == "Svetsteknik"
    log = service.my_access_log(session, person_id=person.id)
    assert [(e.outcome, e.categories, e.seq) for e in log] == [("released", ["education"], outcome.log_seq)]


def test_withdrawal_blocks_the_next_read(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    authorisation = give(session, keys, person.id)
    request = _read(frozenset({"skills"}))
    assert service.release(
        session, authorisation_id=authorisation.id, request=request, accessor_name="", keys=keys
    ).allowed
    service.withdraw(session, person_id=person.id, authorisation_id=authorisation.id, keys=keys)
    denied = service.release(
        session, authorisation_id=authorisation.id, request=request, accessor_name="", keys=keys
    )
    assert not denied.allowed
    assert denied.decision.reason == "authorisation_withdrawn"
    assert denied.body == b""
    with pytest.raises(IllegalTransition):
        service.change(
            session,
            person_id=person.id,
            authorisation_id=authorisation.id,
            event="renewed",
            extend_days=10,
            keys=keys,
        )


def test_receipts_are_signed_and_chained(session: Session, keys: VaultKeys) -> None:
    person = make_person(session)
    authorisation = give(session, keys, person.id)
    service.change(
        session,
        person_id=person.id,
        authorisation_id=authorisation.id,
        event="renewed",
        extend_days=30,
        keys=keys,
    )
    service.withdraw(session, person_id=person.id, authorisation_id=authorisation.id, keys=keys)
    out = service.my_authorisation(session, person_id=person.id, authorisation_id=authorisation.id)
    assert [e.event for e in out.events] == ["given", "renewed", "withdrawn"]
    previous = None
    for event in out.events:
        text = signing.canonical(event.receipt).decode()
        assert service.verify_receipt(text, event.signature, public_key=keys.public_key)
        assert event.receipt["previous_receipt_sha256"] == previous
        previous = records.receipt_digest(text)
    assert out.events[-1].receipt["authorisation"]["state"] == "withdrawn"
    assert json.loads(json.dumps(out.events[0].receipt))["event"]["seq"] == 1
