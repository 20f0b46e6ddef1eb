"""Reads hammer the vault while the person withdraws: nothing is released after the withdrawal commits.

Four threads read in their own transactions on a real (SQLite or PostgreSQL) database while the main thread
withdraws. A read that began after the withdrawal committed must be refused, and in the access log (which
is written in commit order) no release may follow the first refusal for the withdrawal.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.core.db import create_session_factory, session_scope
from samskapa.core.errors import DomainError
from samskapa.vault import service
from samskapa.vault.models import AccessLogEntry
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import VaultKeys
from tests.databases import DatabaseFactory
from tests.vault.conftest import give, make_person

READERS = 4
READS_BEFORE = 40
DEADLINE_SECONDS = 120


@dataclass(frozen=True)
class Read:
    started: float
    allowed: bool
    failed: bool


def test_no_release_after_the_withdrawal_commits(databases: DatabaseFactory, keys: VaultKeys) -> None:
    engine = databases.migrated_engine("vault-race")
    factory = create_session_factory(engine, writes=True)  # as the API's vault routes use
    with session_scope(factory) as session:
        person = make_person(session)
        service.add_item(
            session, person_id=person.id, category="education", data={"title": "Svets"}, keys=keys
        )
        authorisation_id = give(session, keys, person.id).id
        person_id = person.id
    request = ReadRequest("client-a", "subject-1", "career-guidance", frozenset({"education"}), "read")
    reads: list[Read] = []
    lock = threading.Lock()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                with session_scope(factory) as session:
                    outcome = service.release(
                        session,
                        authorisation_id=authorisation_id,
                        request=request,
                        accessor_name="",
                        keys=keys,
                    )
                read = Read(started, outcome.allowed, failed=False)
            except DomainError:  # the vault failed closed (e.g. a lock timeout): nothing released
                read = Read(started, allowed=False, failed=True)
            with lock:
                reads.append(read)

    def wait_for(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not condition():
            if time.monotonic() > deadline:
                stop.set()
                raise AssertionError(f"gave up waiting for {what}")
            time.sleep(0.005)

    def count(predicate: Callable[[Read], bool]) -> int:
        with lock:
            return sum(1 for r in reads if predicate(r))

    committed_at: list[float] = []

    def withdraw() -> None:
        with session_scope(factory) as session:
            service.withdraw(session, person_id=person_id, authorisation_id=authorisation_id, keys=keys)
        committed_at.append(time.perf_counter())

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: count(lambda r: r.allowed) >= READS_BEFORE, "reads before the withdrawal")
        withdrawer = threading.Thread(target=withdraw)
        withdrawer.start()
        # The withdrawal must get through while the reads go on: a stream of reads may not starve it.
        wait_for(lambda: bool(committed_at), "the withdrawal to commit while reads go on")
        committed = committed_at[0]
        wait_for(lambda: count(lambda r: r.started > committed) >= READS_BEFORE, "reads after the withdrawal")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    withdrawer.join()

    after = [r for r in reads if r.started > committed]
    assert len(after) >= READS_BEFORE
    assert not [r for r in after if r.allowed], "a read that began after the withdrawal was released"
    assert sum(r.allowed for r in reads) >= READS_BEFORE
    with Session(engine) as session:
        log = session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.authorisation_id == authorisation_id)
            .order_by(AccessLogEntry.seq)
        ).all()
        assert service.verify_log(session, public_key=keys.public_key).intact
    first_refusal = next(e.seq for e in log if e.reason == "authorisation_withdrawn")
    assert not [e for e in log if e.seq > first_refusal and e.outcome == "released"]
    assert len([e for e in log if e.outcome == "released"]) == sum(r.allowed for r in reads)
