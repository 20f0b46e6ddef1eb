"""The need lifecycle through the service: a Hypothesis state machine of random actors and moves, and the
rules around it (info provided, merges, transfers, extensions, the edit window, provenance, append-only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

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

from samskapa.arena import service
from samskapa.arena.errors import EditWindowClosed, IllegalTransition, InvalidNeed, NeedClosed, NotAllowed
from samskapa.arena.models import AppendOnlyViolation, Need, NeedCoAgency, StatusEvent
from samskapa.arena.schemas import CommentIn, NeedPatch
from samskapa.arena.vocabulary import (
    AUTHOR,
    MODERATOR,
    REASON_CODES,
    STAFF,
    STATES,
    TERMINAL,
    TRANSITIONS,
    next_states,
)
from samskapa.core.db import create_session_factory, session_scope
from samskapa.core.errors import DomainError
from tests.arena.conftest import Cast, actor, make_cast, need_in
from tests.databases import DatabaseFactory

REACHED: set[str] = set()
WHO = ("author", "citizen", "lead_staff", "co_staff", "other_staff", "moderator")


@pytest.fixture(scope="module")
def engine_and_cast(databases: DatabaseFactory, mini_sources: Path) -> tuple[Engine, Cast]:
    engine = databases.migrated_engine("arena-lifecycle", mini_sources)
    with session_scope(create_session_factory(engine)) as session:
        cast = make_cast(session)
    return engine, cast


@pytest.fixture
def db(engine_and_cast: tuple[Engine, Cast]) -> Iterator[Session]:
    engine, _cast = engine_and_cast
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def cast(engine_and_cast: tuple[Engine, Cast]) -> Cast:
    return engine_and_cast[1]


def _events(session: Session, need_id: str) -> list[StatusEvent]:
    return list(
        session.scalars(select(StatusEvent).where(StatusEvent.need_id == need_id).order_by(StatusEvent.id))
    )


def test_the_table_is_closed_over_the_states() -> None:
    for source, target in TRANSITIONS:
        assert source in STATES
        assert target in STATES
        assert source != target
    for state in TERMINAL:
        assert next_states(state) == []
    for state in STATES:
        if state not in TERMINAL:
            assert next_states(state), f"{state} is a dead end"


def test_lifecycle_state_machine(engine_and_cast: tuple[Engine, Cast]) -> None:
    engine, cast = engine_and_cast

    class Lifecycle(RuleBasedStateMachine):
        needs = Bundle("needs")

        def __init__(self) -> None:
            super().__init__()
            self.connection = engine.connect()
            self.transaction = self.connection.begin()
            self.session = Session(bind=self.connection, join_transaction_mode="create_savepoint")
            self.actors = {who: actor(self.session, getattr(cast, who)) for who in WHO}
            self.counts: dict[str, int] = {}
            self.ended: dict[str, str] = {}

        def teardown(self) -> None:
            self.session.close()
            self.transaction.rollback()
            self.connection.close()

        def _agencies(self, need: Need) -> set[str]:
            co = self.session.scalars(
                select(NeedCoAgency.organisation_id).where(NeedCoAgency.need_id == need.id)
            )
            return {*co, *([need.lead_agency_id] if need.lead_agency_id else [])}

        def _roles(self, who: str, need: Need, agencies: set[str]) -> set[str]:
            """The roles the test expects, from the cast and the need's agencies (not from the service)."""
            staff_org = {"lead_staff": cast.lead, "co_staff": cast.co, "other_staff": cast.other}.get(who)
            if staff_org is not None:
                return {STAFF} if staff_org in agencies else set()
            return {"author": {AUTHOR}, "moderator": {MODERATOR}}.get(who, set())

        def _may(self, who: str, need: Need, to: str) -> bool:
            rule_ = TRANSITIONS.get((need.state, to))
            return rule_ is not None and bool(rule_.actors & self._roles(who, need, self._agencies(need)))

        @initialize(target=needs)
        def first(self) -> str:
            return self._create(submit=True)

        @rule(target=needs, submit=st.booleans())
        def create(self, submit: bool) -> str:
            return self._create(submit=submit)

        def _create(self, *, submit: bool) -> str:
            need = service.create_need(
                self.session, actor=self.actors["author"], data=need_in(cast, submit=submit)
            )
            self.counts[need.id] = 1 if submit else 0
            return need.id

        @rule(need_id=needs, other=needs, data=st.data())
        def move(self, need_id: str, other: str, data: st.DataObject) -> None:
            """Anything at all: any actor, any target state, a good or a bogus reason code."""
            to = data.draw(st.sampled_from(STATES), label="to")
            who = data.draw(st.sampled_from(WHO), label="who")
            good_reason = data.draw(st.booleans(), label="good_reason")
            self._attempt(need_id, other, who, to, good_reason=good_reason)

        @rule(need_id=needs, other=needs, data=st.data())
        def advance(self, need_id: str, other: str, data: st.DataObject) -> None:
            """A move the table allows, by someone allowed to make it (so that runs get deep)."""
            current = self.session.get(Need, need_id)
            assert current is not None
            onward = [s for s in service.allowed_next(current) if s not in TERMINAL] or service.allowed_next(
                current
            )
            if not onward:
                return
            to = data.draw(st.sampled_from(onward), label="to")
            able = [w for w in WHO if self._may(w, current, to)] or list(WHO)
            who = data.draw(st.sampled_from(able), label="who")
            self._attempt(need_id, other, who, to, good_reason=True)

        def _attempt(self, need_id: str, other: str, who: str, to: str, *, good_reason: bool) -> None:
            current = self.session.get(Need, need_id)
            assert current is not None
            need = current
            before = need.state
            agencies_before = self._agencies(need)
            codes = REASON_CODES[to]
            reason = (codes[0] if codes else None) if good_reason else "bogus"
            try:
                event = service.transition(
                    self.session,
                    need_id=need_id,
                    actor=self.actors[who],
                    to=to,
                    reason_code=reason,
                    message="Därför.",
                    merged_into=other,
                )
            except DomainError:
                assert need.state == before
                assert len(_events(self.session, need_id)) == self.counts[need_id]
                return
            assert before not in TERMINAL
            assert TRANSITIONS[(before, to)].actors & self._roles(who, need, agencies_before)
            self.counts[need_id] += 1
            events = _events(self.session, need_id)
            assert len(events) == self.counts[need_id]
            assert events[-1].id == event.id
            assert event.from_state == before
            assert event.to_state == to
            assert need.state == to
            REACHED.add(to)
            if to in TERMINAL:
                self.ended[need_id] = to

        @rule(need_id=needs, who=st.sampled_from(WHO))
        def extend(self, need_id: str, who: str) -> None:
            self._same_state(
                need_id,
                lambda: service.extend_decision(
                    self.session,
                    need_id=need_id,
                    actor=self.actors[who],
                    reason_code="complexity",
                    message="Vi behöver samråda.",
                ),
            )

        @rule(need_id=needs, who=st.sampled_from(WHO), to=st.sampled_from(("lead", "co", "other")))
        def transfer(self, need_id: str, who: str, to: str) -> None:
            self._same_state(
                need_id,
                lambda: service.transfer_lead(
                    self.session,
                    need_id=need_id,
                    actor=self.actors[who],
                    lead_agency=getattr(cast, to),
                    reason_code="better_placed",
                    message="De äger uppgifterna.",
                ),
            )

        def _same_state(self, need_id: str, call: object) -> None:
            need = self.session.get(Need, need_id)
            assert need is not None
            before = need.state
            try:
                event = call()  # type: ignore[operator]
            except DomainError:
                assert len(_events(self.session, need_id)) == self.counts[need_id]
                return
            assert before not in TERMINAL
            assert need.state == before
            assert event.from_state == event.to_state == before
            self.counts[need_id] += 1

        @invariant()
        def histories_are_append_only_and_ordered(self) -> None:
            for need_id, count in self.counts.items():
                events = _events(self.session, need_id)
                assert len(events) == count
                assert [event.seq for event in events] == list(range(1, count + 1))
                need = self.session.get(Need, need_id)
                assert need is not None
                assert need.state == self.ended.get(need_id, need.state)  # terminal stays terminal
                if events:
                    chained = [e for e in events if e.kind in ("transition", "info_provided")]
                    assert chained[0].from_state == "draft"
                    for earlier, later in pairwise(chained):
                        assert later.from_state == earlier.to_state
                    assert chained[-1].to_state == need.state
                else:
                    assert need.state == "draft"

    REACHED.clear()
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,  # the same runs every time, so the coverage check below cannot flicker
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    assert {"triaged", "under_assessment"} <= REACHED, REACHED  # the runs do get past submission


def test_illegal_transition_names_the_state_and_the_way_on(db: Session, cast: Cast) -> None:
    need = service.create_need(db, actor=actor(db, cast.author), data=need_in(cast))
    with pytest.raises(IllegalTransition) as caught:
        service.transition(
            db, need_id=need.id, actor=actor(db, cast.lead_staff), to="released", reason_code="full"
        )
    assert caught.value.extra == {
        "state": "submitted",
        "allowed": ["triaged", "needs_info", "merged", "withdrawn"],
    }
    with pytest.raises(NotAllowed):
        service.transition(
            db, need_id=need.id, actor=actor(db, cast.author), to="triaged", reason_code="in_scope"
        )
    with pytest.raises(InvalidNeed):
        service.transition(db, need_id=need.id, actor=actor(db, cast.lead_staff), to="triaged")
    assert len(_events(db, need.id)) == 1


def test_needs_info_returns_to_where_it_was(db: Session, cast: Cast) -> None:
    author, staff = actor(db, cast.author), actor(db, cast.co_staff)
    need = service.create_need(db, actor=author, data=need_in(cast))
    service.transition(db, need_id=need.id, actor=staff, to="triaged", reason_code="in_scope")
    with pytest.raises(InvalidNeed):  # a question needs a message
        service.transition(db, need_id=need.id, actor=staff, to="needs_info", reason_code="missing_region")
    service.transition(
        db,
        need_id=need.id,
        actor=staff,
        to="needs_info",
        reason_code="missing_region",
        message="Vilken region?",
    )
    assert service.allowed_next(need) == ["triaged", "merged", "withdrawn"]
    with pytest.raises(IllegalTransition):
        service.transition(db, need_id=need.id, actor=author, to="submitted")
    event = service.transition(db, need_id=need.id, actor=author, to="triaged")
    assert event.kind == "info_provided"
    assert need.state == "triaged"
    assert need.info_return_state is None
    assert event.actor_organisation_id is None
    staff_events = [e for e in _events(db, need.id) if e.actor_person_id == cast.co_staff]
    assert {e.actor_organisation_id for e in staff_events} == {cast.co}


def test_merge_transfer_and_extension(db: Session, cast: Cast) -> None:
    author = actor(db, cast.author)
    kept = service.create_need(db, actor=author, data=need_in(cast))
    duplicate = service.create_need(db, actor=author, data=need_in(cast))
    lead = actor(db, cast.lead_staff)
    with pytest.raises(InvalidNeed):
        service.transition(
            db, need_id=duplicate.id, actor=actor(db, cast.moderator), to="merged", reason_code="duplicate"
        )
    event = service.transition(
        db,
        need_id=duplicate.id,
        actor=actor(db, cast.moderator),
        to="merged",
        reason_code="duplicate",
        merged_into=kept.id,
    )
    assert event.actor_organisation_id == cast.platform
    assert duplicate.merged_into_id == kept.id
    with pytest.raises(InvalidNeed):  # a transfer needs its public message
        service.transfer_lead(
            db, need_id=kept.id, actor=lead, lead_agency=cast.other, reason_code="better_placed", message=""
        )
    moved = service.transfer_lead(
        db,
        need_id=kept.id,
        actor=lead,
        lead_agency=cast.other,
        reason_code="better_placed",
        message="Fel myndighet.",
    )
    assert moved.kind == "transferred"
    assert moved.details == {
        "from_lead_agency_id": cast.lead,
        "to_lead_agency_id": cast.other,
    }
    assert kept.lead_agency_id == cast.other
    with pytest.raises(NotAllowed):  # the old lead is no longer one of the need's agencies
        service.transition(db, need_id=kept.id, actor=lead, to="triaged", reason_code="in_scope")
    other = actor(db, cast.other_staff)
    extended = service.extend_decision(
        db, need_id=kept.id, actor=other, reason_code="consultation", message="Samråd."
    )
    assert extended.kind == "decision_extended"
    assert kept.decision_extended
    with pytest.raises(IllegalTransition):
        service.extend_decision(db, need_id=kept.id, actor=other, reason_code="consultation", message="Igen.")
    assert [e.seq for e in _events(db, kept.id)] == [1, 2, 3]


def test_an_unclaimed_need_is_claimed_by_the_agency_that_triages_it(db: Session, cast: Cast) -> None:
    need = service.create_need(
        db, actor=actor(db, cast.author), data=need_in(cast, lead_agency=None, co_agencies=[])
    )
    with pytest.raises(NotAllowed):  # a company is no agency
        service.transition(
            db, need_id=need.id, actor=actor(db, cast.company_member), to="triaged", reason_code="routed"
        )
    event = service.transition(
        db, need_id=need.id, actor=actor(db, cast.other_staff), to="triaged", reason_code="routed"
    )
    assert need.lead_agency_id == cast.other
    assert event.details == {"lead_agency_id": cast.other}


def test_the_edit_window(db: Session, cast: Cast) -> None:
    author = actor(db, cast.author)
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    draft = service.create_need(db, actor=author, data=need_in(cast, submit=False), now=start)
    later = start + timedelta(days=90)
    service.update_need(
        db, need_id=draft.id, actor=author, data=NeedPatch(title="Ett bättre namn"), now=later
    )
    service.transition(db, need_id=draft.id, actor=author, to="submitted", now=later)
    assert service.edit_until(draft) == later + timedelta(hours=24)
    service.update_need(
        db,
        need_id=draft.id,
        actor=author,
        data=NeedPatch(summary="Tydligare."),
        now=later + timedelta(hours=23),
    )
    with pytest.raises(NotAllowed):
        service.update_need(
            db, need_id=draft.id, actor=actor(db, cast.lead_staff), data=NeedPatch(title="Nej"), now=later
        )
    with pytest.raises(EditWindowClosed):
        service.update_need(
            db,
            need_id=draft.id,
            actor=author,
            data=NeedPatch(title="För sent"),
            now=later + timedelta(hours=25),
        )
    assert draft.title == "Ett bättre namn"
    assert draft.summary == "Tydligare."


def test_concepts_and_regions_are_checked(db: Session, cast: Cast) -> None:
    author = actor(db, cast.author)
    need = service.create_need(
        db, actor=author, data=need_in(cast, region="kommun:0180", concepts=["lan:01"])
    )
    assert need.region == "kommun:0180"
    with pytest.raises(InvalidNeed) as caught:
        service.create_need(db, actor=author, data=need_in(cast, region="esco:nothing", concepts=["nope:1"]))
    assert {e.field for e in caught.value.field_errors} == {"concepts", "region"}
    with pytest.raises(InvalidNeed):
        service.create_need(db, actor=author, data=need_in(cast, lead_agency=cast.company))


@pytest.mark.parametrize(
    ("who", "label"),
    [
        ("author", "citizen"),
        ("lead_staff", "agency"),
        ("co_staff", "agency"),
        ("moderator", "ngo"),
        ("company_member", "company"),
    ],
)
def test_provenance_comes_from_memberships(db: Session, cast: Cast, who: str, label: str) -> None:
    need = service.create_need(db, actor=actor(db, getattr(cast, who)), data=need_in(cast))
    assert need.provenance == label


def test_status_events_are_append_only(db: Session, cast: Cast) -> None:
    need = service.create_need(db, actor=actor(db, cast.author), data=need_in(cast))
    (event,) = _events(db, need.id)
    nested = db.begin_nested()
    event.message = "rewritten"
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    nested.rollback()
    nested = db.begin_nested()
    db.delete(event)
    with pytest.raises(AppendOnlyViolation):
        db.flush()
    nested.rollback()
    (kept,) = _events(db, need.id)
    assert kept.message == ""
    assert kept.to_state == "submitted"


def test_merged_and_withdrawn_needs_take_no_more_supports_or_comments(db: Session, cast: Cast) -> None:
    author = actor(db, cast.author)
    kept = service.create_need(db, actor=author, data=need_in(cast))
    merged = service.create_need(db, actor=author, data=need_in(cast))
    withdrawn = service.create_need(db, actor=author, data=need_in(cast))
    service.support(db, need_id=merged.id, person_id=cast.citizen, stakeholder_type="citizen")
    service.transition(
        db,
        need_id=merged.id,
        actor=actor(db, cast.moderator),
        to="merged",
        reason_code="duplicate",
        merged_into=kept.id,
    )
    service.transition(db, need_id=withdrawn.id, actor=author, to="withdrawn")
    for need, hint in ((merged, kept.id), (withdrawn, "withdrew")):
        with pytest.raises(NeedClosed) as supported:
            service.support(db, need_id=need.id, person_id=cast.company_member, stakeholder_type="company")
        assert hint in (supported.value.hint or "")
        with pytest.raises(NeedClosed):
            service.add_comment(
                db, need_id=need.id, actor=actor(db, cast.citizen), data=CommentIn(text="Jag också.")
            )
    # Withdrawing an earlier support stays possible, and the open need still takes both.
    assert service.withdraw_support(db, need_id=merged.id, person_id=cast.citizen) is not None
    service.support(db, need_id=kept.id, person_id=cast.company_member, stakeholder_type="company")
    service.add_comment(db, need_id=kept.id, actor=actor(db, cast.citizen), data=CommentIn(text="Jag också."))
