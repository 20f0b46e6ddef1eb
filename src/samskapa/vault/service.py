"""The only way to personal data: profile items, credentials, authorisations, releases and rights.

Every read by a service goes through `release`, which reads the authorisation under a lock, decides with
`policy.decide`, writes the access-log entry and only then hands out the data; the caller commits before it
sends anything, so a read is released only when its log entry is stored (fail closed). Services never
commit; callers own the transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.core.errors import FieldError
from samskapa.keys import PlatformKeys
from samskapa.taxonomy import service as taxonomy
from samskapa.taxonomy.errors import ConceptNotFound
from samskapa.vault import accesslog, records, signing
from samskapa.vault.crypto import KeySource, LocalKeySource, new_data_key, open_sealed, seal
from samskapa.vault.errors import (
    AuthorisationNotFound,
    IllegalTransition,
    InvalidVaultInput,
    PersonErased,
    VaultItemNotFound,
    VaultKeyUnavailable,
    VaultUnavailable,
)
from samskapa.vault.models import AccessLogEntry, Authorisation, AuthorisationEvent, VaultItem, VaultPerson
from samskapa.vault.policy import Decision, Grant, ReadRequest, decide
from samskapa.vault.schemas import (
    PROFILE_SCHEMAS,
    AccessLogOut,
    AuthorisationEventOut,
    AuthorisationOut,
    ItemOut,
)
from samskapa.vault.vocabulary import (
    CATEGORIES,
    KINDS,
    LEGAL_BASIS,
    OPERATIONS,
    PROFILE_CATEGORIES,
    TRANSITIONS,
)

SELF = "person"  # the accessor of the person's own reads (export)


@dataclass(frozen=True)
class VaultKeys:
    """What the vault needs of the platform keys: a key source for data keys and the signing key."""

    source: KeySource
    signer: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signer.public_key()


def vault_keys(keys: PlatformKeys) -> VaultKeys:
    return VaultKeys(source=LocalKeySource(keys.kek), signer=keys.signing_key)


def _now() -> datetime:
    return datetime.now(UTC)


def _context(person_id: str, *parts: str) -> bytes:
    return "|".join(("samskapa-vault", person_id, *parts)).encode()


# --- the person's vault and data key -------------------------------------------------------------------


def _vault(session: Session, person_id: str, keys: VaultKeys, *, create: bool) -> VaultPerson | None:
    vault = session.get(VaultPerson, person_id)
    if vault is None and create:
        wrapped, kek_id = keys.source.wrap(new_data_key(), context=_context(person_id, "data-key"))
        vault = VaultPerson(person_id=person_id, wrapped_key=wrapped, kek_id=kek_id, created_at=_now())
        session.add(vault)
        session.flush()
    return vault


def _data_key(vault: VaultPerson, keys: VaultKeys) -> bytes:
    if vault.erased_at is not None or vault.wrapped_key is None:
        raise VaultKeyUnavailable("The person's data key was destroyed.")
    return keys.source.unwrap(
        vault.wrapped_key, kek_id=vault.kek_id, context=_context(vault.person_id, "data-key")
    )


def _living_vault(session: Session, person_id: str, keys: VaultKeys) -> VaultPerson:
    vault = _vault(session, person_id, keys, create=True)
    assert vault is not None
    if vault.erased_at is not None:
        raise PersonErased("This person's data was erased.", hint="Nothing can be added or read any more.")
    return vault


def item_context(item: VaultItem) -> bytes:
    """The associated data an item's ciphertext is bound to: its person, id and category."""
    return _context(item.person_id, item.id, item.category)


def _seal_item(key: bytes, item: VaultItem, content: dict[str, Any]) -> None:
    item.nonce, item.ciphertext = seal(key, orjson.dumps(content), context=item_context(item))


def _open_item(key: bytes, item: VaultItem) -> dict[str, Any]:
    plain = open_sealed(key, item.nonce, item.ciphertext, context=item_context(item))
    content: dict[str, Any] = orjson.loads(plain)
    return content


def _item_out(item: VaultItem, content: dict[str, Any]) -> ItemOut:
    return ItemOut(
        id=item.id,
        category=item.category,
        content=content,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


# --- profile items and credentials ----------------------------------------------------------------------


def _validated(session: Session, category: str, data: dict[str, Any]) -> dict[str, Any]:
    schema = PROFILE_SCHEMAS.get(category)
    if schema is None:
        raise InvalidVaultInput(
            f"'{category}' is not a profile category.", hint=f"Use one of: {', '.join(PROFILE_CATEGORIES)}."
        )
    try:
        parsed = schema.model_validate(data)
    except ValidationError as error:
        raise InvalidVaultInput(
            "The profile item is not valid.",
            field_errors=[
                FieldError(".".join(str(part) for part in problem["loc"]) or "body", problem["msg"])
                for problem in error.errors()
            ],
        ) from error
    content = parsed.model_dump(mode="json")
    for name in ("concept_id", "occupation_concept_id"):
        key = content.get(name)
        if key:
            content[name], content[name.replace("id", "labels")] = _concept(session, name, key)
    return content


def _concept(session: Session, field: str, key: str) -> tuple[str, dict[str, str]]:
    """The concept's id and its labels in the languages it really has (no fallback copied across)."""
    try:
        refs = [taxonomy.ref(session, key=key, lang=lang) for lang in ("sv", "en")]
    except ConceptNotFound as error:
        raise InvalidVaultInput(
            f"'{key}' is not a concept of the common language.",
            hint="Find the concept with /v1/suggest?q=… and send its id.",
            field_errors=[FieldError(field, "unknown concept")],
        ) from error
    labels: dict[str, str] = {ref.label_lang: ref.label for ref in refs if ref.label and ref.label_lang}
    return refs[0].id, labels


def add_item(
    session: Session, *, person_id: str, category: str, data: dict[str, Any], keys: VaultKeys
) -> ItemOut:
    """Add a skill, an education record or an experience to the person's profile (encrypted)."""
    content = _validated(session, category, data)
    vault = _living_vault(session, person_id, keys)
    now = _now()
    item = VaultItem(
        id=str(uuid.uuid4()), person_id=person_id, category=category, created_at=now, updated_at=now
    )
    _seal_item(_data_key(vault, keys), item, content)
    session.add(item)
    session.flush()
    return _item_out(item, content)


def add_credential(
    session: Session,
    *,
    person_id: str,
    document: dict[str, Any],
    verification: dict[str, Any],
    keys: VaultKeys,
) -> ItemOut:
    """Keep an imported credential with the result of its verification (both encrypted)."""
    vault = _living_vault(session, person_id, keys)
    now = _now()
    item = VaultItem(
        id=str(uuid.uuid4()), person_id=person_id, category="credentials", created_at=now, updated_at=now
    )
    content = {"credential": document, "verification": verification}
    _seal_item(_data_key(vault, keys), item, content)
    session.add(item)
    session.flush()
    return _item_out(item, content)


def _own_item(session: Session, person_id: str, item_id: str) -> VaultItem:
    item = session.get(VaultItem, item_id)
    if item is None or item.person_id != person_id or item.removed_at is not None:
        raise VaultItemNotFound(f"You have no item '{item_id}'.", hint="List your items at /v1/me/profile.")
    return item


def update_item(
    session: Session, *, person_id: str, item_id: str, data: dict[str, Any], keys: VaultKeys
) -> ItemOut:
    item = _own_item(session, person_id, item_id)
    if item.category == "credentials":
        raise InvalidVaultInput("A credential cannot be edited.", hint="Remove it and import it again.")
    content = _validated(session, item.category, data)
    vault = _living_vault(session, person_id, keys)
    item.updated_at = _now()
    _seal_item(_data_key(vault, keys), item, content)
    session.flush()
    return _item_out(item, content)


def remove_item(session: Session, *, person_id: str, item_id: str) -> None:
    """Remove an item: its ciphertext is dropped, a tombstone row stays."""
    item = _own_item(session, person_id, item_id)
    item.removed_at = _now()
    item.nonce = b""
    item.ciphertext = b""
    session.flush()


def _items(
    session: Session, vault: VaultPerson, keys: VaultKeys, categories: Sequence[str]
) -> dict[str, list[ItemOut]]:
    key = _data_key(vault, keys)
    rows = session.scalars(
        select(VaultItem)
        .where(VaultItem.person_id == vault.person_id, VaultItem.removed_at.is_(None))
        .where(VaultItem.category.in_(list(categories)))
        .order_by(VaultItem.created_at, VaultItem.id)
    ).all()
    found: dict[str, list[ItemOut]] = {category: [] for category in categories}
    for row in rows:
        found[row.category].append(_item_out(row, _open_item(key, row)))
    return found


def my_items(
    session: Session, *, person_id: str, categories: Sequence[str], keys: VaultKeys
) -> dict[str, list[ItemOut]]:
    """The person's own items of `categories` (their own reads are not releases and are not logged)."""
    vault = _vault(session, person_id, keys, create=False)
    if vault is None:
        return {category: [] for category in categories}
    if vault.erased_at is not None:
        raise PersonErased("This person's data was erased.")
    return _items(session, vault, keys, categories)


# --- authorisations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantRequest:
    """What the person agrees to (from the consent screen or their own request)."""

    person_id: str
    subject: str
    client_id: str
    client_name: str
    organisation_id: str
    organisation_name: str
    kind: str
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    operations: tuple[str, ...]
    recipients: tuple[str, ...]
    retention_days: int
    valid_days: int
    notice_id: str
    notice_version: str
    notice_language: str
    notice_text: str
    withdrawal_method: str


def _check_grant(request: GrantRequest) -> None:
    problems: list[FieldError] = []
    if request.kind not in KINDS:
        problems.append(FieldError("kind", f"must be one of {', '.join(KINDS)}"))
    if not request.purposes:
        problems.append(FieldError("purposes", "at least one purpose"))
    if not request.categories or set(request.categories) - set(CATEGORIES):
        problems.append(FieldError("categories", f"one or more of {', '.join(CATEGORIES)}"))
    if not request.operations or set(request.operations) - set(OPERATIONS):
        problems.append(FieldError("operations", f"one or more of {', '.join(OPERATIONS)}"))
    if not 1 <= request.valid_days <= 730:
        problems.append(FieldError("valid_days", "between 1 and 730 days"))
    if not 0 <= request.retention_days <= 3650:
        problems.append(FieldError("retention_days", "between 0 and 3650 days"))
    if problems:
        raise InvalidVaultInput("The authorisation is not valid.", field_errors=problems)


def _record_event(
    session: Session, authorisation: Authorisation, event: str, *, actor: str, at: datetime, keys: VaultKeys
) -> AuthorisationEvent:
    allowed_from, state_after = TRANSITIONS[event]
    first = authorisation.last_seq == 0
    if (event == "given") != first or (not first and authorisation.state not in allowed_from):
        raise IllegalTransition(
            f"An authorisation that is '{authorisation.state}' cannot be {event}.",
            hint="Withdrawn, expired and revoked authorisations are final; ask for a new one.",
        )
    previous = None
    if not first:
        last = session.scalars(
            select(AuthorisationEvent)
            .where(AuthorisationEvent.authorisation_id == authorisation.id)
            .order_by(AuthorisationEvent.seq.desc())
            .limit(1)
        ).one()
        previous = records.receipt_digest(last.receipt)
    seq = authorisation.last_seq + 1
    authorisation.state = state_after
    authorisation.last_seq = seq
    authorisation.updated_at = at
    document = records.receipt(authorisation, seq=seq, event=event, at=at, actor=actor, previous=previous)
    text = signing.canonical(document).decode()
    if state_after != "given":
        # Codes and refresh tokens issued under it die with it; access tokens are re-checked at every read.
        oauth.revoke_authorisation_tokens(session, authorisation_id=authorisation.id)
    row = AuthorisationEvent(
        authorisation_id=authorisation.id,
        seq=seq,
        event=event,
        state=state_after,
        at=at,
        actor=actor,
        receipt=text,
        signature=signing.sign(keys.signer, text.encode()),
    )
    session.add(row)
    session.flush()
    return row


def grant(
    session: Session, *, request: GrantRequest, keys: VaultKeys, now: datetime | None = None
) -> Authorisation:
    """Record a new authorisation in force, with its first signed receipt."""
    _check_grant(request)
    _living_vault(session, request.person_id, keys)
    at = now or _now()
    notice = {
        "id": request.notice_id,
        "version": request.notice_version,
        "language": request.notice_language,
        "sha256": hashlib.sha256(request.notice_text.encode()).hexdigest(),
    }
    authorisation = Authorisation(
        id=str(uuid.uuid4()),
        person_id=request.person_id,
        subject=request.subject,
        client_id=request.client_id,
        client_name=request.client_name,
        organisation_id=request.organisation_id,
        organisation_name=request.organisation_name,
        kind=request.kind,
        legal_basis=LEGAL_BASIS[request.kind],
        notice=json.dumps(notice),
        purposes=json.dumps(list(request.purposes)),
        categories=json.dumps([c for c in CATEGORIES if c in request.categories]),
        operations=json.dumps([o for o in OPERATIONS if o in request.operations]),
        recipients=json.dumps(list(request.recipients)),
        retention_days=request.retention_days,
        valid_from=at,
        valid_until=at + timedelta(days=request.valid_days),
        withdrawal_method=request.withdrawal_method,
        state="given",
        last_seq=0,
        created_at=at,
        updated_at=at,
    )
    session.add(authorisation)
    session.flush()
    _record_event(session, authorisation, "given", actor="person", at=at, keys=keys)
    return authorisation


def _own_authorisation(
    session: Session, person_id: str, authorisation_id: str, *, lock: bool
) -> Authorisation:
    query = select(Authorisation).where(Authorisation.id == authorisation_id)
    if lock:
        accesslog.lock(session, _now())  # in the one queue with the reads (see release)
        query = query.with_for_update()
    authorisation = session.scalars(query).one_or_none()
    if authorisation is None or authorisation.person_id != person_id:
        raise AuthorisationNotFound(
            f"You have no authorisation '{authorisation_id}'.", hint="List yours at /v1/me/authorisations."
        )
    return authorisation


def change(
    session: Session,
    *,
    person_id: str,
    authorisation_id: str,
    event: str,
    keys: VaultKeys,
    extend_days: int = 0,
    actor: str = "person",
    now: datetime | None = None,
) -> Authorisation:
    """Withdraw, renew (extend by `extend_days`), expire or revoke an authorisation (row locked)."""
    if event not in TRANSITIONS or event == "given":
        raise InvalidVaultInput(f"'{event}' is not a change of an authorisation.")
    authorisation = _own_authorisation(session, person_id, authorisation_id, lock=True)
    at = now or _now()
    if event == "renewed":
        if not 1 <= extend_days <= 730:
            raise InvalidVaultInput(
                "Renew by 1 to 730 days.", field_errors=[FieldError("extend_days", "1–730")]
            )
        if authorisation.state == "given":
            authorisation.valid_until = max(authorisation.valid_until, at) + timedelta(days=extend_days)
    _record_event(session, authorisation, event, actor=actor, at=at, keys=keys)
    return authorisation


def withdraw(session: Session, *, person_id: str, authorisation_id: str, keys: VaultKeys) -> Authorisation:
    """Withdraw an authorisation: the very next read by the service is refused."""
    return change(
        session, person_id=person_id, authorisation_id=authorisation_id, event="withdrawn", keys=keys
    )


def expire_due(session: Session, *, keys: VaultKeys, now: datetime | None = None) -> int:
    """Record 'expired' for every authorisation in force whose validity ended. Returns how many."""
    at = now or _now()
    accesslog.lock(session, at)
    due = session.scalars(
        select(Authorisation)
        .where(Authorisation.state == "given", Authorisation.valid_until <= at)
        .with_for_update()
    ).all()
    for authorisation in due:
        _record_event(session, authorisation, "expired", actor="system", at=at, keys=keys)
    return len(due)


def _events(session: Session, authorisation_id: str) -> list[AuthorisationEvent]:
    return list(
        session.scalars(
            select(AuthorisationEvent)
            .where(AuthorisationEvent.authorisation_id == authorisation_id)
            .order_by(AuthorisationEvent.seq)
        ).all()
    )


def authorisation_out(session: Session, authorisation: Authorisation) -> AuthorisationOut:
    fields = records.record_fields(authorisation)
    return AuthorisationOut(
        id=authorisation.id,
        kind=authorisation.kind,
        state=authorisation.state,
        client_id=authorisation.client_id,
        client_name=authorisation.client_name,
        organisation_id=authorisation.organisation_id,
        organisation_name=authorisation.organisation_name,
        subject=authorisation.subject,
        legal_basis=authorisation.legal_basis,
        notice=fields["notice"],
        purposes=fields["purposes"],
        categories=fields["categories"],
        operations=fields["operations"],
        recipients=fields["recipients"],
        retention_days=authorisation.retention_days,
        valid_from=authorisation.valid_from,
        valid_until=authorisation.valid_until,
        withdrawal_method=authorisation.withdrawal_method,
        created_at=authorisation.created_at,
        events=[
            AuthorisationEventOut(
                seq=e.seq,
                event=e.event,
                state=e.state,
                at=e.at,
                actor=e.actor,
                receipt=json.loads(e.receipt),
                signature=e.signature,
            )
            for e in _events(session, authorisation.id)
        ],
    )


def my_authorisations(session: Session, *, person_id: str) -> list[AuthorisationOut]:
    rows = session.scalars(
        select(Authorisation)
        .where(Authorisation.person_id == person_id)
        .order_by(Authorisation.created_at.desc(), Authorisation.id)
    ).all()
    return [authorisation_out(session, row) for row in rows]


def my_authorisation(session: Session, *, person_id: str, authorisation_id: str) -> AuthorisationOut:
    return authorisation_out(session, _own_authorisation(session, person_id, authorisation_id, lock=False))


def kantara_receipt(
    session: Session,
    *,
    person_id: str,
    authorisation_id: str,
    purpose_labels: dict[str, str],
    policy_url: str,
    controller_email: str,
    language: str,
) -> dict[str, Any]:
    authorisation = _own_authorisation(session, person_id, authorisation_id, lock=False)
    return records.kantara_receipt(
        authorisation,
        purpose_labels=purpose_labels,
        controller_email=controller_email,
        policy_url=policy_url,
        language=language,
    )


def dpv_record(session: Session, *, person_id: str, authorisation_id: str) -> dict[str, Any]:
    authorisation = _own_authorisation(session, person_id, authorisation_id, lock=False)
    return records.dpv_record(authorisation, _events(session, authorisation.id))


def verify_receipt(receipt_text: str, signature: str, *, public_key: Ed25519PublicKey) -> bool:
    return signing.verify(public_key, receipt_text.encode(), signature)


# --- release to services: the point of enforcement -----------------------------------------------------


@dataclass(frozen=True)
class Release:
    """The outcome of a read: the exact response body to send when allowed, and its log entry."""

    decision: Decision
    body: bytes
    log_seq: int

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


def _grant_view(authorisation: Authorisation) -> Grant:
    return Grant(
        client_id=authorisation.client_id,
        subject=authorisation.subject,
        state=authorisation.state,
        valid_from=authorisation.valid_from,
        valid_until=authorisation.valid_until,
        purposes=frozenset(json.loads(authorisation.purposes)),
        categories=frozenset(json.loads(authorisation.categories)),
        operations=frozenset(json.loads(authorisation.operations)),
    )


def release(
    session: Session,
    *,
    authorisation_id: str | None,
    request: ReadRequest,
    accessor_name: str,
    keys: VaultKeys,
    now: datetime | None = None,
) -> Release:
    """Check `request` against the authorisation as it stands now, log the outcome, and build the body.

    It first takes the access log's head lock, which every change of an authorisation takes too: reads and
    withdrawals run one at a time in a first-come queue, so a withdrawal waits for the reads before it and
    every read after it sees it (and no stream of reads can starve it). Any failure to read the record or
    write the log raises VaultUnavailable: nothing is released. The caller commits, then sends `body` only
    if `allowed`.
    """
    at = now or _now()
    try:
        accesslog.lock(session, at)
        authorisation = None
        if authorisation_id is not None:
            authorisation = session.scalars(
                select(Authorisation).where(Authorisation.id == authorisation_id)
            ).one_or_none()
        vault = session.get(VaultPerson, authorisation.person_id) if authorisation is not None else None
        decision = decide(
            _grant_view(authorisation) if authorisation is not None else None,
            request,
            now=at,
            restricted=vault is not None and vault.restricted_at is not None,
            erased=vault is None or vault.erased_at is not None,
        )
        body = b""
        if decision.allowed:
            assert authorisation is not None
            assert vault is not None
            try:
                found = _items(session, vault, keys, [c for c in CATEGORIES if c in decision.categories])
            except VaultKeyUnavailable:
                decision = Decision(allowed=False, categories=frozenset(), reason="data_unreadable")
            else:
                body = orjson.dumps(
                    {
                        "subject": request.subject,
                        "authorisation_id": authorisation.id,
                        "purpose": request.purpose,
                        "categories": {
                            c: [i.model_dump(mode="json") for i in items] for c, items in found.items()
                        },
                    }
                )
        entry = accesslog.append(
            session,
            accesslog.LogRecord(
                person_id=authorisation.person_id if authorisation is not None else "",
                at=at,
                accessor=request.client_id,
                accessor_name=accessor_name,
                authorisation_id=authorisation_id,
                purpose=request.purpose,
                operation=request.operation,
                categories=tuple(sorted(decision.categories if decision.allowed else request.categories)),
                outcome="released" if decision.allowed else "denied",
                reason=decision.reason,
                response_hash=hashlib.sha256(body).hexdigest(),
            ),
            key=keys.signer,
        )
    except SQLAlchemyError as error:
        raise VaultUnavailable(
            "The vault could not check the authorisation or write the access log, so nothing was released.",
            hint="Try again later.",
        ) from error
    return Release(decision=decision, body=body, log_seq=entry.seq)


def authorisation_for_token(session: Session, *, authorisation_id: str) -> Authorisation | None:
    return session.get(Authorisation, authorisation_id)


# --- the access log as the person sees it ---------------------------------------------------------------


def _log_out(entry: AccessLogEntry) -> AccessLogOut:
    return AccessLogOut(
        seq=entry.seq,
        at=entry.at,
        accessor=entry.accessor,
        accessor_name=entry.accessor_name,
        authorisation_id=entry.authorisation_id,
        purpose=entry.purpose,
        operation=entry.operation,
        categories=json.loads(entry.categories),
        outcome=entry.outcome,
        reason=entry.reason,
        response_hash=entry.response_hash,
    )


def my_access_log(
    session: Session, *, person_id: str, limit: int = 500, before: int | None = None
) -> list[AccessLogOut]:
    """Who read my data: newest first."""
    query = select(AccessLogEntry).where(AccessLogEntry.person_id == person_id)
    if before is not None:
        query = query.where(AccessLogEntry.seq < before)
    rows = session.scalars(query.order_by(AccessLogEntry.seq.desc()).limit(limit)).all()
    return [_log_out(row) for row in rows]


def verify_log(session: Session, *, public_key: Ed25519PublicKey) -> accesslog.ChainReport:
    return accesslog.verify_log(session, public_key=public_key)


# --- rights: export, restriction, erasure ---------------------------------------------------------------


def export(session: Session, *, person_id: str, keys: VaultKeys) -> dict[str, Any]:
    """Everything the vault holds about the person, as JSON (the right to data portability).

    The export is itself logged, as the person's own read.
    """
    vault = _vault(session, person_id, keys, create=False)
    if vault is not None and vault.erased_at is not None:
        raise PersonErased("This person's data was erased.")
    items = _items(session, vault, keys, CATEGORIES) if vault is not None else {c: [] for c in CATEGORIES}
    at = _now()
    document = {
        "exported_at": at.isoformat(),
        "person_id": person_id,
        "restricted": vault is not None and vault.restricted_at is not None,
        "profile": {c: [i.model_dump(mode="json") for i in items[c]] for c in PROFILE_CATEGORIES},
        "credentials": [i.model_dump(mode="json") for i in items["credentials"]],
        "authorisations": [
            a.model_dump(mode="json") for a in my_authorisations(session, person_id=person_id)
        ],
        "access_log": [
            e.model_dump(mode="json") for e in my_access_log(session, person_id=person_id, limit=100_000)
        ],
    }
    accesslog.append(
        session,
        accesslog.LogRecord(
            person_id=person_id,
            at=at,
            accessor=SELF,
            accessor_name="",
            authorisation_id=None,
            purpose="portability",
            operation="read",
            categories=CATEGORIES,
            outcome="released",
            reason="own_export",
            response_hash=hashlib.sha256(orjson.dumps(document)).hexdigest(),
        ),
        key=keys.signer,
    )
    return document


def restrict(session: Session, *, person_id: str, restricted: bool, keys: VaultKeys) -> bool:
    """Restrict (or lift the restriction of) all processing: while restricted no service reads anything."""
    vault = _living_vault(session, person_id, keys)
    vault.restricted_at = _now() if restricted else None
    session.flush()
    return vault.restricted_at is not None


def is_restricted(session: Session, *, person_id: str) -> bool:
    vault = session.get(VaultPerson, person_id)
    return vault is not None and vault.restricted_at is not None


def erase(session: Session, *, person_id: str, keys: VaultKeys) -> int:
    """Erase the person's data: revoke every authorisation, destroy the data key (crypto-shredding) and
    scrub the account (name, email, password, sessions, identities).

    Items stay as tombstones whose ciphertext no key opens any more. Returns how many items were shredded.
    """
    vault = _vault(session, person_id, keys, create=True)
    assert vault is not None
    if vault.erased_at is not None:
        return 0
    at = _now()
    accesslog.lock(session, at)
    in_force = session.scalars(
        select(Authorisation)
        .where(Authorisation.person_id == person_id, Authorisation.state == "given")
        .with_for_update()
    ).all()
    for authorisation in in_force:
        _record_event(session, authorisation, "revoked", actor="system", at=at, keys=keys)
    items = session.scalars(select(VaultItem).where(VaultItem.person_id == person_id)).all()
    for item in items:
        item.removed_at = item.removed_at or at
    vault.wrapped_key = None
    vault.erased_at = at
    accounts.erase_person(session, person_id=person_id)
    session.flush()
    return len(items)
