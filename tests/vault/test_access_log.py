"""The access log: one entry per release or denial, and any tampering is detected."""

from __future__ import annotations

import hashlib
import itertools
import random
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samskapa.cli import app as cli
from samskapa.config import Settings
from samskapa.core.db import create_session_factory, session_scope
from samskapa.keys import load_keys
from samskapa.vault import service
from samskapa.vault.models import AccessLogEntry, AccessLogHead
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import Release, VaultKeys
from tests.databases import DatabaseFactory
from tests.vault.conftest import give, make_person

EDITABLE = {
    "person_id": "someone-else",
    "accessor": "client-z",
    "accessor_name": "Another name",
    "authorisation_id": "00000000-0000-0000-0000-000000000000",
    "purpose": "marketing",
    "operation": "share",
    "categories": '["credentials"]',
    "outcome": "released",
    "reason": "released",
    "response_hash": "f" * 64,
}


def _reads(session: Session, keys: VaultKeys, count: int, seed: int = 1) -> list[Release]:
    """`count` reads by two clients, some allowed and some denied, with a withdrawal half-way."""
    rng = random.Random(seed)
    person = make_person(session)
    service.add_item(session, person_id=person.id, category="education", data={"title": "Svets"}, keys=keys)
    first = give(session, keys, person.id)
    outcomes = []
    for index in range(count):
        if index == count // 2:
            service.withdraw(session, person_id=person.id, authorisation_id=first.id, keys=keys)
        request = ReadRequest(
            client_id=rng.choice(("client-a", "client-a", "client-b")),
            subject="subject-1",
            purpose=rng.choice(("career-guidance", "career-guidance", "marketing")),
            categories=frozenset(rng.sample(("skills", "education", "credentials"), rng.randint(1, 3))),
            operation="read",
        )
        outcomes.append(
            service.release(session, authorisation_id=first.id, request=request, accessor_name="x", keys=keys)
        )
    return outcomes


def test_every_release_has_exactly_one_log_entry(session: Session, keys: VaultKeys) -> None:
    before = session.scalar(select(AccessLogHead.seq)) or 0
    outcomes = _reads(session, keys, 200)
    entries = session.scalars(select(AccessLogEntry).where(AccessLogEntry.seq > before)).all()
    assert len(entries) == len(outcomes)
    by_seq = {entry.seq: entry for entry in entries}
    assert Counter(outcome.log_seq for outcome in outcomes) == Counter(by_seq.keys())  # one each, no other
    for outcome in outcomes:
        entry = by_seq[outcome.log_seq]
        assert entry.outcome == ("released" if outcome.allowed else "denied")
        assert entry.response_hash == hashlib.sha256(outcome.body).hexdigest()
        assert entry.reason == outcome.decision.reason
    released = [o for o in outcomes if o.allowed]
    assert 20 < len(released) < 180
    assert service.verify_log(session, public_key=keys.public_key).intact


def _tampered(session: Session, keys: VaultKeys, change: object) -> list[str]:
    with session.begin_nested() as nested:
        session.execute(change)  # type: ignore[call-overload]
        session.expire_all()
        problems = service.verify_log(session, public_key=keys.public_key).problems
        nested.rollback()
    session.expire_all()
    return problems


@pytest.fixture
def logged(session: Session, keys: VaultKeys) -> list[int]:
    _reads(session, keys, 12)
    return list(session.scalars(select(AccessLogEntry.seq).order_by(AccessLogEntry.seq)))


def test_every_edit_of_every_field_of_every_entry_is_detected(
    session: Session, keys: VaultKeys, logged: list[int]
) -> None:
    assert service.verify_log(session, public_key=keys.public_key).intact
    tried = 0
    for seq in logged:
        for column, value in EDITABLE.items():
            change = update(AccessLogEntry).where(AccessLogEntry.seq == seq).values({column: value})
            problems = _tampered(session, keys, change)
            current = session.scalars(
                select(getattr(AccessLogEntry, column)).where(AccessLogEntry.seq == seq)
            ).one()
            if current == value:
                continue  # the edit changed nothing
            assert problems, f"editing {column} of entry {seq} went unnoticed"
            tried += 1
    assert tried >= len(logged) * (len(EDITABLE) - 3)


def test_every_deletion_is_detected(session: Session, keys: VaultKeys, logged: list[int]) -> None:
    for seq in logged:
        assert _tampered(session, keys, delete(AccessLogEntry).where(AccessLogEntry.seq == seq)), seq


def test_reordering_is_detected(session: Session, keys: VaultKeys, logged: list[int]) -> None:
    for first, second in itertools.pairwise(logged):
        with session.begin_nested() as nested:
            session.execute(update(AccessLogEntry).where(AccessLogEntry.seq == first).values(seq=-1))
            session.execute(update(AccessLogEntry).where(AccessLogEntry.seq == second).values(seq=first))
            session.execute(update(AccessLogEntry).where(AccessLogEntry.seq == -1).values(seq=second))
            session.expire_all()
            assert not service.verify_log(session, public_key=keys.public_key).intact, (first, second)
            nested.rollback()
        session.expire_all()


def test_truncation_is_detected(session: Session, keys: VaultKeys, logged: list[int]) -> None:
    for keep in range(len(logged) - 1):
        cut = delete(AccessLogEntry).where(AccessLogEntry.seq > logged[keep])
        assert _tampered(session, keys, cut), f"cutting after entry {logged[keep]} went unnoticed"
    assert _tampered(session, keys, delete(AccessLogHead))
    forged = update(AccessLogHead).values(seq=logged[-2], entry_hash="0" * 64)
    assert _tampered(session, keys, forged)


def test_verify_log_command(
    databases: DatabaseFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine: Engine = databases.migrated_engine("vault-log")
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), data_dir=tmp_path)
    keys = service.vault_keys(load_keys(settings))
    with session_scope(create_session_factory(engine)) as session:
        _reads(session, keys, 20)
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    intact = runner.invoke(cli, ["vault", "verify-log"])
    assert intact.exit_code == 0, intact.output
    assert "20 entries" in intact.output
    with session_scope(create_session_factory(engine)) as session:
        session.execute(update(AccessLogEntry).where(AccessLogEntry.seq == 7).values(purpose="marketing"))
    tampered = runner.invoke(cli, ["vault", "verify-log"])
    assert tampered.exit_code == 1
    assert "entry 7: its content was changed" in tampered.output
