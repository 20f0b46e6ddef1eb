"""The authorisation state machine under Hypothesis: terminal states never revert, each change leaves
exactly one event, event numbers strictly increase, and every receipt is signed and chained."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from samskapa.vault import records, service, signing
from samskapa.vault.errors import IllegalTransition
from samskapa.vault.models import AuthorisationEvent
from samskapa.vault.service import VaultKeys
from samskapa.vault.vocabulary import TERMINAL_STATES, TRANSITIONS
from tests.databases import DatabaseFactory
from tests.vault.conftest import give, make_person

CHANGES = ("renewed", "withdrawn", "expired", "revoked")


@pytest.fixture(scope="module")
def state_engine(databases: DatabaseFactory) -> Engine:
    return databases.migrated_engine("vault-states")


class AuthorisationMachine(RuleBasedStateMachine):
    engine: Engine
    keys: VaultKeys
    authorisations = Bundle("authorisations")

    @initialize()
    def start(self) -> None:
        self.connection = self.engine.connect()
        self.transaction = self.connection.begin()
        self.session = Session(bind=self.connection, join_transaction_mode="create_savepoint")
        self.person_id = make_person(self.session).id
        self.states: dict[str, list[str]] = {}  # every state each authorisation has been in, in order
        self.clock = datetime(2026, 1, 5, tzinfo=UTC)

    def teardown(self) -> None:
        if hasattr(self, "session"):
            self.session.close()
            self.transaction.rollback()
            self.connection.close()

    @rule(target=authorisations)
    def give(self) -> str:
        authorisation = give(self.session, self.keys, self.person_id)
        self.states[authorisation.id] = ["given"]
        return authorisation.id

    @rule(authorisation_id=authorisations, event=st.sampled_from(CHANGES), days=st.integers(1, 60))
    def change(self, authorisation_id: str, event: str, days: int) -> None:
        self.clock += timedelta(hours=days)
        before = self._events(authorisation_id)
        current = self.states[authorisation_id][-1]
        allowed_from, state_after = TRANSITIONS[event]
        try:
            changed = service.change(
                self.session,
                person_id=self.person_id,
                authorisation_id=authorisation_id,
                event=event,
                keys=self.keys,
                extend_days=days,
                now=self.clock,
            )
        except IllegalTransition:
            assert current not in allowed_from
            assert self._events(authorisation_id) == before  # a refused change leaves no event
            return
        assert current in allowed_from
        assert changed.state == state_after
        self.states[authorisation_id].append(state_after)
        after = self._events(authorisation_id)
        assert len(after) == len(before) + 1
        assert after[-1].event == event

    def _events(self, authorisation_id: str) -> list[AuthorisationEvent]:
        return list(
            self.session.scalars(
                select(AuthorisationEvent)
                .where(AuthorisationEvent.authorisation_id == authorisation_id)
                .order_by(AuthorisationEvent.id)
            )
        )

    @invariant()
    def terminal_states_never_revert(self) -> None:
        for history in getattr(self, "states", {}).values():
            for index, state in enumerate(history):
                if state in TERMINAL_STATES:
                    assert history[index:] == [state]

    @invariant()
    def events_are_numbered_and_signed(self) -> None:
        for authorisation_id, history in getattr(self, "states", {}).items():
            events = self._events(authorisation_id)
            assert [e.seq for e in events] == list(range(1, len(events) + 1))  # strictly increasing, no gap
            assert [e.state for e in events] == history
            previous = None
            for event in events:
                assert signing.verify(self.keys.public_key, event.receipt.encode(), event.signature)
                receipt = json.loads(event.receipt)
                assert receipt["previous_receipt_sha256"] == previous
                assert receipt["event"]["seq"] == event.seq
                previous = records.receipt_digest(event.receipt)


@pytest.fixture
def machine(state_engine: Engine, keys: VaultKeys) -> type[AuthorisationMachine]:
    AuthorisationMachine.engine = state_engine
    AuthorisationMachine.keys = keys
    return AuthorisationMachine


def test_the_authorisation_state_machine(machine: type[AuthorisationMachine]) -> None:
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
