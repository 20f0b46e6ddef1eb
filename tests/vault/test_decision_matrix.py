"""The decision at the point of release against an independent oracle, over generated requests.

The oracle does not follow the checks in order: it enumerates every (client, subject, purpose, operation,
category) tuple the authorisation permits at that moment and releases exactly the asked-for categories
found there. 60,000 requests over client x subject x purpose x category x state x validity x operation x
restriction are compared; then a sample runs through `vault.service.release` against real encrypted data,
to show that the body carries the granted categories and nothing else.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy.orm import Session

from samskapa.vault import service
from samskapa.vault.policy import Grant, ReadRequest, decide
from samskapa.vault.service import VaultKeys
from samskapa.vault.vocabulary import CATEGORIES, OPERATIONS
from tests.vault.conftest import ClientSpec, give, make_person

PURPOSES = ("career-guidance", "job-matching", "education-admission")
STATES = ("given", "withdrawn", "expired", "revoked")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
END = START + timedelta(days=90)
MOMENTS = (
    START - timedelta(seconds=1),
    START,
    START + timedelta(days=45),
    END - timedelta(microseconds=1),
    END,
    END + timedelta(days=1),
)
REQUESTS = 60_000


def _subsets(items: tuple[str, ...]) -> list[frozenset[str]]:
    return [frozenset(c) for r in range(1, len(items) + 1) for c in itertools.combinations(items, r)]


@dataclass(frozen=True)
class Case:
    grant: Grant
    request: ReadRequest
    now: datetime
    restricted: bool
    erased: bool


def oracle(case: Case) -> frozenset[str]:
    """The categories that may be released: by enumeration of what the authorisation permits."""
    grant = case.grant
    in_force = grant.state == "given" and grant.valid_from <= case.now < grant.valid_until
    if not in_force or case.restricted or case.erased:
        return frozenset()
    permitted = {
        (grant.client_id, grant.subject, purpose, operation, category)
        for purpose in grant.purposes
        for operation in grant.operations
        for category in grant.categories
    }
    request = case.request
    return frozenset(
        category
        for category in request.categories
        if (request.client_id, request.subject, request.purpose, request.operation, category) in permitted
    )


def _pick(rng: random.Random, valid: str, others: tuple[str, ...], p_valid: float = 0.8) -> str:
    return valid if rng.random() < p_valid else rng.choice(others)


def generate(count: int, seed: int = 27560) -> list[Case]:
    rng = random.Random(seed)
    purpose_sets = _subsets(PURPOSES)
    operation_sets = _subsets(OPERATIONS)
    category_sets = _subsets(CATEGORIES)
    cases = []
    for _ in range(count):
        purposes = rng.choice(purpose_sets)
        operations = rng.choice(operation_sets)
        categories = rng.choice(category_sets)
        grant = Grant(
            client_id="client-a",
            subject="subject-1",
            state=_pick(rng, "given", STATES[1:], 0.7),
            valid_from=START,
            valid_until=END,
            purposes=purposes,
            categories=categories,
            operations=operations,
        )
        request = ReadRequest(
            client_id=_pick(rng, "client-a", ("client-b",), 0.85),
            subject=_pick(rng, "subject-1", ("subject-2",), 0.85),
            purpose=_pick(rng, rng.choice(sorted(purposes)), (*PURPOSES, "marketing"), 0.7),
            categories=rng.choice(category_sets),
            operation=_pick(rng, rng.choice(sorted(operations)), (*OPERATIONS, "delete"), 0.7),
        )
        cases.append(
            Case(
                grant=grant,
                request=request,
                now=rng.choice(MOMENTS[1:4]) if rng.random() < 0.7 else rng.choice(MOMENTS),
                restricted=rng.random() < 0.1,
                erased=rng.random() < 0.05,
            )
        )
    return cases


def test_every_generated_request_matches_the_oracle() -> None:
    cases = generate(REQUESTS)
    released = unauthorised = extra = 0
    dimensions: set[tuple[object, ...]] = set()
    for case in cases:
        expected = oracle(case)
        decision = decide(
            case.grant, case.request, now=case.now, restricted=case.restricted, erased=case.erased
        )
        assert decision.allowed == bool(expected), case
        if decision.allowed:
            released += 1
        if decision.categories - expected:
            unauthorised += 1
        if decision.categories != expected:
            extra += 1
        dimensions.add((case.grant.state, case.now, case.request.client_id, case.request.operation))
    assert len(cases) >= 50_000
    assert unauthorised == 0
    assert extra == 0
    # Both outcomes occur in quantity, and every state x moment x client x operation combination was tried.
    assert 5_000 < released < len(cases) - 5_000
    assert len(dimensions) == len(STATES) * len(MOMENTS) * 2 * (len(OPERATIONS) + 1)


def test_no_authorisation_releases_nothing() -> None:
    request = ReadRequest("client-a", "subject-1", "career-guidance", frozenset(CATEGORIES), "read")
    assert not decide(None, request, now=START).allowed


def test_releases_through_the_service_carry_only_the_granted_categories(
    session: Session, keys: VaultKeys
) -> None:
    person = make_person(session)
    for category, data in (
        ("education", {"title": "Svetsteknik"}),
        ("experience", {"title": "Svetsare", "start": "2019-01-01"}),
    ):
        service.add_item(session, person_id=person.id, category=category, data=data, keys=keys)
    service.add_credential(
        session, person_id=person.id, document={"type": ["VerifiableCredential"]}, verification={}, keys=keys
    )
    checked = released = 0
    for case in generate(400, seed=1):
        grant = case.grant
        authorisation = give(
            session,
            keys,
            person.id,
            client=ClientSpec(client_id=grant.client_id),
            subject=grant.subject,
            purposes=tuple(sorted(grant.purposes)),
            categories=tuple(sorted(grant.categories)),
            operations=tuple(sorted(grant.operations)),
        )
        authorisation.valid_from, authorisation.valid_until = START, END
        if grant.state != "given":
            service.change(
                session,
                person_id=person.id,
                authorisation_id=authorisation.id,
                event=grant.state,
                keys=keys,
                now=START,
            )
        service.restrict(session, person_id=person.id, restricted=case.restricted, keys=keys)
        outcome = service.release(
            session,
            authorisation_id=authorisation.id,
            request=case.request,
            accessor_name="test",
            keys=keys,
            now=case.now,
        )
        expected = oracle(Case(grant, case.request, case.now, case.restricted, erased=False))
        assert outcome.allowed == bool(expected)
        checked += 1
        if not outcome.allowed:
            assert outcome.body == b""
            continue
        released += 1
        body = orjson.loads(outcome.body)
        assert set(body) == {"subject", "authorisation_id", "purpose", "categories"}
        assert set(body["categories"]) == expected
        for category, items in body["categories"].items():
            for item in items:
                assert set(item) == {"id", "category", "content", "created_at", "updated_at"}
                assert item["category"] == category
    assert checked == 400
    assert released > 40
