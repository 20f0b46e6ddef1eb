"""The access log ("who read my data"): one hash-chained entry per release or denial.

Each entry's hash is SHA-256 over its canonical JSON, which includes its sequence number and the previous
entry's hash; the head row holds the last sequence number and hash, signed with the platform key. So an
edited entry breaks its own hash, a deleted or reordered one breaks the chain, and entries cut off the end
no longer match the signed head. Appending locks the head row, so entries are numbered in commit order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from samskapa.vault import signing
from samskapa.vault.models import AccessLogEntry, AccessLogHead

GENESIS = "0" * 64
HEAD_ID = 1


@dataclass(frozen=True)
class LogRecord:
    """What one entry says: never the data itself, only a hash of the response."""

    person_id: str
    at: datetime
    accessor: str
    accessor_name: str
    authorisation_id: str | None
    purpose: str
    operation: str
    categories: tuple[str, ...]
    outcome: str
    reason: str
    response_hash: str


def _fields(entry: AccessLogEntry) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "person_id": entry.person_id,
        "at": entry.at.isoformat(),
        "accessor": entry.accessor,
        "accessor_name": entry.accessor_name,
        "authorisation_id": entry.authorisation_id,
        "purpose": entry.purpose,
        "operation": entry.operation,
        "categories": json.loads(entry.categories),
        "outcome": entry.outcome,
        "reason": entry.reason,
        "response_hash": entry.response_hash,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry: AccessLogEntry) -> str:
    return hashlib.sha256(signing.canonical(_fields(entry))).hexdigest()


def _head_message(seq: int, last_hash: str) -> bytes:
    return f"samskapa-access-log-head:{seq}:{last_hash}".encode()


def lock(session: Session, now: datetime) -> AccessLogHead:
    """Lock the head of the chain for the rest of the transaction (made on first use).

    Every release and every change of an authorisation takes this lock first, so they run one at a time
    in a fair (first come, first served) queue: a withdrawal waits for the reads before it and every read
    after it sees it, and a stream of reads cannot starve it, as overlapping shared row locks could.
    """
    query = select(AccessLogHead).where(AccessLogHead.id == HEAD_ID).with_for_update()
    head = session.scalars(query).one_or_none()
    if head is not None:
        return head
    try:
        with session.begin_nested():
            session.add(AccessLogHead(id=HEAD_ID, seq=0, entry_hash=GENESIS, signature="", updated_at=now))
    except IntegrityError:
        pass  # another writer made it first
    return session.scalars(query).one()


def append(session: Session, record: LogRecord, *, key: Ed25519PrivateKey) -> AccessLogEntry:
    """Add `record` at the end of the chain (inside the caller's transaction)."""
    head = lock(session, record.at)
    entry = AccessLogEntry(
        seq=head.seq + 1,
        person_id=record.person_id,
        at=record.at,
        accessor=record.accessor,
        accessor_name=record.accessor_name,
        authorisation_id=record.authorisation_id,
        purpose=record.purpose,
        operation=record.operation,
        categories=json.dumps(list(record.categories)),
        outcome=record.outcome,
        reason=record.reason,
        response_hash=record.response_hash,
        prev_hash=head.entry_hash,
        entry_hash="",
    )
    entry.entry_hash = entry_hash(entry)
    session.add(entry)
    head.seq = entry.seq
    head.entry_hash = entry.entry_hash
    head.signature = signing.sign(key, _head_message(head.seq, head.entry_hash))
    head.updated_at = record.at
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(
    entries: Iterable[AccessLogEntry], head: AccessLogHead | None, *, public_key: Ed25519PublicKey
) -> ChainReport:
    """Every problem of the chain: edited, missing, reordered or cut-off entries, or a forged head."""
    problems: list[str] = []
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            problems.append(f"entry {entry.seq}: expected entry {expected_seq} here (missing or reordered)")
        if entry.prev_hash != expected_prev:
            problems.append(f"entry {entry.seq}: does not follow the entry before it")
        if entry_hash(entry) != entry.entry_hash:
            problems.append(f"entry {entry.seq}: its content was changed")
        expected_prev = entry.entry_hash
        expected_seq = entry.seq + 1
    if head is None:
        if count:
            problems.append("the signed head of the log is missing")
        return ChainReport(count, problems)
    if not signing.verify(public_key, _head_message(head.seq, head.entry_hash), head.signature) and head.seq:
        problems.append("the head of the log is not signed by the platform key")
    if head.seq != expected_seq - 1 or head.entry_hash != expected_prev:
        problems.append(
            f"the log ends at entry {expected_seq - 1} but its signed head says {head.seq} (entries cut off?)"
        )
    return ChainReport(count, problems)


def all_entries(session: Session, *, batch: int = 5000) -> Iterator[AccessLogEntry]:
    """Every entry in sequence order, read in keyset batches."""
    after = 0
    while True:
        rows = session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.seq > after).order_by(AccessLogEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify_log(session: Session, *, public_key: Ed25519PublicKey) -> ChainReport:
    head = session.get(AccessLogHead, HEAD_ID)
    return verify_chain(all_entries(session), head, public_key=public_key)
