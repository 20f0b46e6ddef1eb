"""The vault's point of release: a checked, logged read against a plain decrypting read.

A fresh migrated SQLite database gets 200 people with five encrypted items each and one authorisation
each. Then 2,000 services' reads run one at a time, each its own unit of work as the API runs it
(`service.release`: the authorisation under a lock, the decision, decryption of the granted categories, the
hash-chained log entry, the commit). The baseline in the same run reads and decrypts the same items without
the check and the log (`service.my_items`, also committed). Finally `verify_log` walks the whole chain.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from benchmarks._common import Figure, figure, heading, main_of, new_temp_dir, percentile, sqlite_url
from samskapa.accounts.models import Person
from samskapa.core.db import create_db_engine, create_session_factory, session_scope
from samskapa.core.migrate import upgrade_database
from samskapa.vault import service
from samskapa.vault.crypto import LocalKeySource
from samskapa.vault.policy import ReadRequest
from samskapa.vault.service import GrantRequest, VaultKeys

BENCH = "vault"
PEOPLE = 200
READS = 2_000
CATEGORIES = frozenset({"education", "experience"})


def _grant(person_id: str) -> GrantRequest:
    return GrantRequest(
        person_id=person_id,
        subject=f"subject-{person_id}",
        client_id="bench-client",
        client_name="Bench",
        organisation_id="bench-org",
        organisation_name="Bench AB",
        kind="consent",
        purposes=("career-guidance",),
        categories=("education", "experience"),
        operations=("read",),
        recipients=("Bench AB",),
        retention_days=30,
        valid_days=90,
        notice_id="https://example.org/privacy",
        notice_version="1",
        notice_language="sv",
        notice_text="bench",
        withdrawal_method="/me/authorisations",
    )


def run() -> list[Figure]:
    heading("vault: checked, logged reads against plain decrypting reads (SQLite)")
    directory = new_temp_dir("samskapa-bench-vault-")
    engine = create_db_engine(sqlite_url(directory))
    upgrade_database(engine)
    writes = create_session_factory(engine, writes=True)
    keys = VaultKeys(source=LocalKeySource(secrets.token_bytes(32)), signer=Ed25519PrivateKey.generate())
    people: list[tuple[str, str, str]] = []
    with session_scope(writes) as session:
        for index in range(PEOPLE):
            person = Person(
                id=str(uuid.uuid4()), email=f"p{index}@example.org", name="", created_at=datetime.now(UTC)
            )
            session.add(person)
            session.flush()
            for number in range(3):
                service.add_item(
                    session,
                    person_id=person.id,
                    category="education",
                    data={"title": f"Kurs {number}", "provider": "Mittuniversitetet", "credits": 7.5},
                    keys=keys,
                )
            for number in range(2):
                service.add_item(
                    session,
                    person_id=person.id,
                    category="experience",
                    data={"title": f"Jobb {number}", "employer": "Verkstan AB", "start": "2019-01-01"},
                    keys=keys,
                )
            authorisation = service.grant(session, request=_grant(person.id), keys=keys)
            people.append((person.id, authorisation.id, authorisation.subject))
    rng = random.Random(27560)
    order = [rng.choice(people) for _ in range(READS)]

    def timed(one: Callable[[Session, str, str, str], None]) -> list[float]:
        times = []
        for person_id, authorisation_id, subject in order:
            start = time.perf_counter()
            with session_scope(writes) as session:
                one(session, person_id, authorisation_id, subject)
            times.append((time.perf_counter() - start) * 1000)
        return sorted(times)

    def checked(session: Session, _person_id: str, authorisation_id: str, subject: str) -> None:
        request = ReadRequest("bench-client", subject, "career-guidance", CATEGORIES, "read")
        outcome = service.release(
            session,
            authorisation_id=authorisation_id,
            request=request,
            accessor_name="Bench",
            keys=keys,
        )
        assert outcome.allowed

    def plain(session: Session, person_id: str, _authorisation_id: str, _subject: str) -> None:
        service.my_items(session, person_id=person_id, categories=sorted(CATEGORIES), keys=keys)

    baseline = timed(plain)
    release = timed(checked)
    figures = [
        figure(BENCH, "checked read p50", percentile(release, 50), "ms"),
        figure(BENCH, "checked read p95", percentile(release, 95), "ms"),
        figure(BENCH, "checked reads per second (one at a time)", 1000 * READS / sum(release), "req/s"),
        figure(BENCH, "plain decrypting read p50 (baseline)", percentile(baseline, 50), "ms"),
        figure(BENCH, "plain decrypting read p95 (baseline)", percentile(baseline, 95), "ms"),
        figure(
            BENCH,
            "checked / plain, p50",
            percentile(release, 50) / percentile(baseline, 50),
            "x",
            note="the price of the check, the lock and the hash-chained log entry",
        ),
    ]
    with session_scope(writes) as session:
        start = time.perf_counter()
        report = service.verify_log(session, public_key=keys.public_key)
        seconds = time.perf_counter() - start
    assert report.intact
    figures.append(
        figure(BENCH, "verify-log", report.entries / seconds, "entries/s", note=f"{report.entries:,} entries")
    )
    engine.dispose()
    return figures


if __name__ == "__main__":
    main_of(run)
