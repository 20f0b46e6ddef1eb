"""Vault test set-up: platform keys made for the test, people, and authorisations to read under."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from samskapa.accounts.models import Person
from samskapa.vault import service
from samskapa.vault.crypto import LocalKeySource
from samskapa.vault.models import Authorisation
from samskapa.vault.service import GrantRequest, VaultKeys


@pytest.fixture
def keys() -> VaultKeys:
    return VaultKeys(source=LocalKeySource(secrets.token_bytes(32)), signer=Ed25519PrivateKey.generate())


def make_person(session: Session, name: str = "Test Person") -> Person:
    person = Person(
        id=str(uuid.uuid4()),
        email=f"{uuid.uuid4().hex[:12]}@example.org",
        name=name,
        created_at=datetime.now(UTC),
        password_hash=None,
    )
    session.add(person)
    session.flush()
    return person


@dataclass(frozen=True)
class ClientSpec:
    client_id: str = "client-a"
    client_name: str = "Karriärtjänsten"
    organisation_id: str = "org-a"
    organisation_name: str = "Exempelbolaget AB"


def grant_request(
    person_id: str,
    *,
    client: ClientSpec | None = None,
    subject: str = "subject-1",
    purposes: tuple[str, ...] = ("career-guidance",),
    categories: tuple[str, ...] = ("skills", "education"),
    operations: tuple[str, ...] = ("read",),
    valid_days: int = 90,
) -> GrantRequest:
    spec = client or ClientSpec()
    return GrantRequest(
        person_id=person_id,
        subject=subject,
        client_id=spec.client_id,
        client_name=spec.client_name,
        organisation_id=spec.organisation_id,
        organisation_name=spec.organisation_name,
        kind="consent",
        purposes=purposes,
        categories=categories,
        operations=operations,
        recipients=(spec.organisation_name,),
        retention_days=30,
        valid_days=valid_days,
        notice_id="https://example.org/privacy",
        notice_version="1",
        notice_language="sv",
        notice_text="Vi läser dina kompetenser för att ge dig karriärvägledning.",
        withdrawal_method="/me/authorisations",
    )


def give(session: Session, keys: VaultKeys, person_id: str, **kwargs: object) -> Authorisation:
    return service.grant(session, request=grant_request(person_id, **kwargs), keys=keys)  # type: ignore[arg-type]
