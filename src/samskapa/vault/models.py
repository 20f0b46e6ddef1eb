"""The vault's tables. Nothing outside `samskapa.vault` imports them (import-linter holds this).

Everything personal is stored as AES-256-GCM ciphertext under the person's data key (`vault_person`);
the key itself is stored only wrapped by the platform's key-encryption key. Authorisation records, their
event history and the access log hold no personal data beyond the person's id and pairwise pseudonym: they
say who may read which categories, and who did, never what was read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class VaultPerson(Base):
    """A person's vault: the wrapped data key and the state of their rights (restricted, erased)."""

    __tablename__ = "vault_person"

    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The person's data key wrapped (AES-GCM) by the key-encryption key `kek_id`; None once erased.
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    kek_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    restricted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class VaultItem(Base):
    """One profile item or credential: ciphertext of its JSON under the person's data key.

    The category is visible (it decides who may read the item); the content is not. After erasure the
    row stays as a tombstone whose ciphertext no key can open any more.
    """

    __tablename__ = "vault_item"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("vault_person.person_id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Authorisation(Base):
    """A consent or explicit request (ISO/IEC TS 27560 through DPV): who may do what with which data.

    The current state is kept here for the check at every read; its history is `AuthorisationEvent`.
    """

    __tablename__ = "vault_authorisation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("vault_person.person_id"), index=True)
    subject: Mapped[str] = mapped_column(String(64), index=True)  # pairwise pseudonym for the organisation
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    client_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[str] = mapped_column(String(36))
    organisation_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # consent | request
    legal_basis: Mapped[str] = mapped_column(String(100))
    notice: Mapped[str] = mapped_column(Text)  # JSON: id, version, language, sha256
    purposes: Mapped[str] = mapped_column(Text)  # JSON list of purpose codes
    categories: Mapped[str] = mapped_column(Text)  # JSON list of data categories
    operations: Mapped[str] = mapped_column(Text)  # JSON list of operations
    recipients: Mapped[str] = mapped_column(Text)  # JSON list of recipients
    retention_days: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime())
    valid_until: Mapped[datetime] = mapped_column(UtcDateTime())
    withdrawal_method: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    last_seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuthorisationEvent(Base):
    """One change of an authorisation (append-only), with the signed receipt the person received."""

    __tablename__ = "vault_authorisation_event"
    __table_args__ = (UniqueConstraint("authorisation_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    authorisation_id: Mapped[str] = mapped_column(ForeignKey("vault_authorisation.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(20))  # given | withdrawn | expired | restricted | erased ...
    state: Mapped[str] = mapped_column(String(20))  # the state after the event
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(20))  # person | system
    receipt: Mapped[str] = mapped_column(Text)  # canonical JSON of the receipt
    signature: Mapped[str] = mapped_column(String(200))  # Ed25519 over the receipt, base64url


class AccessLogEntry(Base):
    """One release or denial of personal data. Hash-chained: each entry's hash covers the previous one."""

    __tablename__ = "vault_access_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    accessor: Mapped[str] = mapped_column(String(64))  # the client id, or "person" for the person's own reads
    accessor_name: Mapped[str] = mapped_column(String(300))
    authorisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    purpose: Mapped[str] = mapped_column(String(100))
    operation: Mapped[str] = mapped_column(String(20))
    categories: Mapped[str] = mapped_column(Text)  # JSON list: the categories released (or asked for)
    outcome: Mapped[str] = mapped_column(String(20))  # released | denied
    reason: Mapped[str] = mapped_column(String(100))
    response_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the response body, never the data
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AccessLogHead(Base):
    """The end of the access-log chain, signed, so that cutting entries off the end is detected too."""

    __tablename__ = "vault_access_log_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
