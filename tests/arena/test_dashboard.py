"""The public dashboard: exact figures from needs moved through the lifecycle at known dates, the agency
filter, the JSON API and its errors, the page in Swedish and English, and the full loop moving the figures.

Every need is submitted at 10:00 UTC on a known working day; times are counted in Swedish working days
(March to April 2025: Good Friday 18 April and Easter Monday 21 April are holidays)."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from samskapa.arena import clocks, dashboard, moderation, service, summary
from samskapa.arena.dashboard import GONE
from samskapa.arena.models import DashboardHistogram, HiddenItem, ModerationAction, Need, StatusEvent
from samskapa.arena.schemas import CommentIn, ModerationActionIn
from samskapa.arena.vocabulary import (
    AUTHOR,
    DECISIONS,
    EXTEND_STATES,
    INFO_STATES,
    MESSAGE_REQUIRED,
    REASON_CODES,
    STAFF,
    TRANSFER_STATES,
    TRANSITIONS,
    UPDATE_STATES,
)
from samskapa.core.db import session_scope
from samskapa.web.i18n_arena import MESSAGES
from tests.arena.conftest import Cast, World, actor, make_world, need_in
from tests.databases import DatabaseFactory

START = date(2025, 3, 3)  # a Monday
TODAY = date(2025, 4, 15)


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def wd(n: int, start: date = START) -> datetime:
    """10:00 UTC on the n-th working day after `start`."""
    return at(clocks.add_working_days(start, n))


class Mover:
    """Moves needs through the lifecycle with the service at given times."""

    def __init__(self, session: Session, cast: Cast) -> None:
        self.session, self.cast = session, cast

    def new(
        self, *, when: datetime, lead: str | None = None, title: str = "Lediga platser per kommun"
    ) -> str:
        changes: dict[str, Any] = {"title": title}
        if lead is not None:
            changes.update(lead_agency=lead, co_agencies=[])
        need = service.create_need(
            self.session,
            actor=actor(self.session, self.cast.author),
            data=need_in(self.cast, **changes),
            now=when,
        )
        return need.id

    def move(
        self, need_id: str, to: str, when: datetime, reason: str | None = None, *, who: str = "lead_staff"
    ) -> None:
        message = "Ett skäl." if to in ("declined",) else ""
        service.transition(
            self.session,
            need_id=need_id,
            actor=actor(self.session, getattr(self.cast, who)),
            to=to,
            reason_code=reason,
            message=message,
            now=when,
        )

    def triage(self, need_id: str, when: datetime, *, who: str = "lead_staff") -> None:
        self.move(need_id, "triaged", when, "in_scope", who=who)
        self.move(need_id, "under_assessment", when, "assessment_started", who=who)


@dataclass(frozen=True)
class Scenario:
    world: World
    ids: dict[str, str]


@pytest.fixture(scope="module")
def scenario(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    """Eight needs with known timings (working days after submission on 3 March 2025):

    A triaged 2, planned 8, released 15, fulfilled;  B triaged 4, declined 12, reopened;
    C triaged 12, already available 25;  D extended, triaged 6, conditionally planned 30;
    E never triaged;  F withdrawn;  G (other agency, submitted 1 April) triaged 1;  H triaged 1, planned 5.
    """
    world = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena-dash"), "arena-dashboard")
    ids: dict[str, str] = {}
    with session_scope(world.factory) as session:
        m = Mover(session, world.cast)
        for name in "ABCDEFH":
            ids[name] = m.new(when=at(START), title=f"Behov {name}")
        ids["G"] = m.new(when=at(date(2025, 4, 1)), lead=world.cast.other, title="Behov G")
        m.triage(ids["A"], wd(2))
        m.move(ids["A"], "planned", wd(8), "next_release")
        m.move(ids["A"], "in_progress", wd(9), "work_started")
        m.move(ids["A"], "released", wd(15), "full")
        m.move(ids["A"], "fulfilled", wd(16), who="author")
        m.triage(ids["B"], wd(4))
        m.move(ids["B"], "declined", wd(12), "cost")
        m.move(ids["B"], "reopened", wd(13), "not_met", who="author")
        m.move(ids["B"], "under_assessment", wd(14), "reassessment")
        m.triage(ids["C"], wd(12))
        m.move(ids["C"], "already_available", wd(25), "open_dataset")
        service.extend_decision(
            session,
            need_id=ids["D"],
            actor=actor(session, world.cast.lead_staff),
            reason_code="complexity",
            message="Flera källor.",
            now=wd(3),
        )
        m.triage(ids["D"], wd(6))
        m.move(ids["D"], "conditionally_planned", wd(30), "funding")
        m.move(ids["F"], "withdrawn", wd(1), who="author")
        m.triage(ids["G"], wd(1, date(2025, 4, 1)), who="other_staff")
        m.triage(ids["H"], wd(1))
        m.move(ids["H"], "planned", wd(5), "roadmap")
    with TestClient(world.app):
        yield Scenario(world=world, ids=ids)


def _dash(world: World, **params: Any) -> dict[str, Any]:
    client = TestClient(world.app)
    response = client.get("/v1/arena/dashboard", params={"today": TODAY.isoformat(), **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_working_day_table_agrees_with_the_clocks() -> None:
    table = dashboard.WorkingDays(date(2024, 12, 1), date(2025, 7, 1))
    for offset in range(0, 200, 3):
        a = date(2024, 12, 1) + timedelta(days=offset)
        for n in (0, 1, 10, 20, 40):
            assert table.add(a, n) == clocks.add_working_days(a, n)
        b = a + timedelta(days=offset % 47)
        assert table.between(a, b) == clocks.working_days_between(a, b)
        assert table.between(b, a) == clocks.working_days_between(b, a)


def test_percentile_is_nearest_rank() -> None:
    assert dashboard.percentile([], 90) is None
    assert dashboard.percentile([7], 90) == 7
    assert dashboard.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert dashboard.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90) == 10


def test_overall_figures_are_exact(scenario: Scenario) -> None:
    body = _dash(scenario.world)
    figures = body["figures"]
    assert body["today"] == "2025-04-15"
    assert body["agency"] is None
    assert figures["needs"] == 8
    # Triage: A2 B4 C12 D6 G1 H1.
    assert figures["time_to_triage"] == {"answered": 6, "median_working_days": 3.0, "p90_working_days": 12}
    # Decision: H5 A8 B12 C25 D30.
    assert figures["time_to_decision"] == {"answered": 5, "median_working_days": 12.0, "p90_working_days": 30}
    assert figures["time_to_release"] == {"answered": 1, "median_working_days": 15.0, "p90_working_days": 15}
    # E is untriaged past its deadline (counted, late); F was withdrawn (not counted).
    assert figures["triage_within_clock"] == {"counted": 7, "within": 5, "share": 5 / 7}
    # A, B, H within 20, D within its extended 40, C late (25), E undecided past due; G not due yet.
    assert figures["decision_within_clock"] == {"counted": 6, "within": 4, "share": 4 / 6}
    assert figures["decision_mix"] == {
        "already_available": 1,
        "planned": 2,
        "conditionally_planned": 1,
        "declined": 1,
    }
    assert (figures["decided"], figures["reopened"], figures["reopen_rate"]) == (5, 1, 0.2)
    # Backlog: E (31 working days old) and G (10).
    assert [(b["label"], b["needs"]) for b in figures["backlog"]] == [
        ("0-10", 1),
        ("11-20", 0),
        ("21-40", 1),
        (">40", 0),
    ]
    assert figures["backlog_total"] == 2
    assert figures["overdue_total"] == 2
    ids = scenario.ids
    assert [
        (o["id"], o["deadline"], o["due"], o["days_overdue"], o["days_unit"]) for o in body["overdue"]
    ] == [
        (ids["E"], "triage", "2025-03-17", 21, "working"),
        (ids["E"], "decision", "2025-03-31", 11, "working"),
        (ids["H"], "update", "2025-04-09", 6, "calendar"),
    ]
    assert body["overdue"][0]["title"] == "Behov E"
    assert body["overdue"][0]["lead_agency_id"] == scenario.world.cast.lead


def test_the_figures_agree_with_each_needs_clock(scenario: Scenario) -> None:
    """The overdue list says what the need's own clock says."""
    body = _dash(scenario.world)
    late = {(o["id"], o["deadline"]) for o in body["overdue"]}
    with session_scope(scenario.world.factory) as session:
        for need_id in scenario.ids.values():
            clock = service.clock_out(service.get_need(session, need_id=need_id), today=TODAY)
            assert clock.triage_overdue == ((need_id, "triage") in late)
            assert clock.decision_overdue == ((need_id, "decision") in late)
            assert clock.update_overdue == ((need_id, "update") in late)


def test_per_agency_rows_and_filter(scenario: Scenario) -> None:
    cast = scenario.world.cast
    body = _dash(scenario.world)
    rows = {row["agency"]["id"]: row["figures"] for row in body["by_agency"]}
    assert set(rows) == {cast.lead, cast.other}
    assert rows[cast.lead]["needs"] == 7
    assert rows[cast.other]["needs"] == 1
    assert rows[cast.lead]["decision_mix"]["planned"] == 2
    other = _dash(scenario.world, agency=cast.other)
    assert other["agency"]["id"] == cast.other
    assert other["by_agency"] == []
    assert other["figures"] == rows[cast.other]
    assert other["figures"]["time_to_triage"]["median_working_days"] == 1.0
    assert other["figures"]["backlog_total"] == 1
    assert other["overdue"] == []
    with session_scope(scenario.world.factory) as session:
        name = dashboard.resolve_agency(session, cast.lead).name
    lead = _dash(scenario.world, agency=name)
    assert lead["figures"] == rows[cast.lead]
    assert lead["figures"]["triage_within_clock"]["counted"] == 6
    assert len(lead["overdue"]) == 3


def test_unknown_agency_is_a_400_with_a_hint(scenario: Scenario) -> None:
    response = TestClient(scenario.world.app).get("/v1/arena/dashboard", params={"agency": "no-such-agency"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert "no-such-agency" in body["detail"]
    assert body["hint"]


def test_the_cache_follows_new_events(scenario: Scenario) -> None:
    with session_scope(scenario.world.factory) as session:
        cached = dashboard.dashboard(session, today=TODAY)
        fresh = dashboard.dashboard(session, today=TODAY, use_cache=False)
    assert cached == fresh


def test_every_dashboard_text_has_swedish_and_english() -> None:
    keys = [key for key in MESSAGES if key.startswith("arena.dash.")]
    assert len(keys) > 30
    for key in keys:
        assert MESSAGES[key]["sv"].strip(), key
        assert MESSAGES[key]["en"].strip(), key


@pytest.mark.parametrize(
    ("lang", "heading", "label"),
    [
        ("sv", "Hur myndigheterna svarar på behov", "Sorterade i tid"),
        ("en", "How agencies answer needs", "Triaged in time"),
    ],
)
def test_the_page_renders_charts_and_tables(scenario: Scenario, lang: str, heading: str, label: str) -> None:
    client = TestClient(scenario.world.app)
    response = client.get("/arena/dashboard", params={"today": TODAY.isoformat(), "lang": lang})
    assert response.status_code == 200, response.text
    html = response.text
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert html.count("<svg") == 4
    assert html.count('role="img"') == 4
    assert "<title id=" in html
    assert "<desc id=" in html
    assert html.count("<table") >= 6
    assert label in html
    assert "Behov E" in html  # the overdue list
    assert "<script" not in html
    agency = client.get(f"/arena/dashboard/{scenario.world.cast.other}", params={"lang": lang})
    assert agency.status_code == 200, agency.text
    assert agency.text.count("<svg") == 4


def test_the_full_loop_moves_the_figures(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    world = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena-loop"), "arena-dashboard-loop")
    with TestClient(world.app):

        def figures(today: date) -> dict[str, Any]:
            result: dict[str, Any] = _dash(world, today=today.isoformat(), agency=world.cast.lead)["figures"]
            return result

        empty = figures(START)
        assert empty["needs"] == 0
        assert empty["time_to_triage"]["median_working_days"] is None
        assert empty["reopen_rate"] is None
        with session_scope(world.factory) as session:
            m = Mover(session, world.cast)
            need_id = m.new(when=at(START))
        submitted = figures(START)
        assert submitted["needs"] == 1
        assert submitted["backlog"][0]["needs"] == 1
        assert submitted["overdue_total"] == 0
        with session_scope(world.factory) as session:
            Mover(session, world.cast).triage(need_id, wd(3))
        triaged = figures(clocks.add_working_days(START, 3))
        assert triaged["time_to_triage"] == {"answered": 1, "median_working_days": 3.0, "p90_working_days": 3}
        assert triaged["triage_within_clock"]["share"] == 1.0
        assert triaged["decision_within_clock"]["counted"] == 0
        with session_scope(world.factory) as session:
            Mover(session, world.cast).move(need_id, "planned", wd(7), "next_release")
        planned = figures(clocks.add_working_days(START, 7))
        assert planned["time_to_decision"]["median_working_days"] == 7.0
        assert planned["decision_mix"]["planned"] == 1
        assert planned["backlog_total"] == 0
        assert planned["decided"] == 1
        with session_scope(world.factory) as session:
            m = Mover(session, world.cast)
            m.move(need_id, "in_progress", wd(8), "work_started")
            m.move(need_id, "released", wd(11), "full")
        released = figures(clocks.add_working_days(START, 11))
        assert released["time_to_release"] == {
            "answered": 1,
            "median_working_days": 11.0,
            "p90_working_days": 11,
        }
        assert released["reopen_rate"] == 0.0
        with session_scope(world.factory) as session:
            Mover(session, world.cast).move(need_id, "reopened", wd(12), "not_met", who="author")
        reopened = figures(clocks.add_working_days(START, 12))
        assert reopened["reopen_rate"] == 1.0
        assert reopened["time_to_release"]["answered"] == 1


# --- a randomised history against a straightforward computation from the status events ---------------------

RANDOM_START = date(2025, 3, 24)  # through Easter, 1 May, Ascension, National Day and Midsummer Eve
RANDOM_DAYS = 100
RANDOM_TODAYS = (
    date(2025, 4, 18),  # Good Friday
    date(2025, 5, 3),  # a Saturday
    date(2025, 6, 20),  # Midsummer Eve
    date(2025, 7, 14),
    date(2025, 10, 1),
)


# How often the rarer moves are picked, against 8 for every forward move.
_RARE = {"merged": 1, "withdrawn": 1, "needs_info": 2, "extend": 2, "transfer": 1, "reopened": 3}


class _RandomHistory:
    """Needs moved at random along every move the lifecycle allows (extensions, transfers, needs_info and
    its answer, merges, withdrawals, reopenings included), submitted at any hour of any day."""

    def __init__(self, session: Session, cast: Cast, rng: random.Random) -> None:
        self.session, self.cast, self.rng = session, cast, rng
        self.author = actor(session, cast.author)
        self.staff = {
            cast.lead: actor(session, cast.lead_staff),
            cast.other: actor(session, cast.other_staff),
        }
        self.moderator = actor(session, cast.moderator)
        self.ids: list[str] = []

    def need(self, index: int) -> None:
        rng = self.rng
        submitted = datetime.combine(
            RANDOM_START + timedelta(days=rng.randrange(RANDOM_DAYS)),
            time(rng.randrange(24), rng.randrange(60)),
            tzinfo=UTC,
        )
        lead = rng.choice([self.cast.lead, self.cast.other, None])
        data = need_in(self.cast, title=f"Slumpbehov {index}", lead_agency=lead, co_agencies=[])
        need_id = service.create_need(self.session, actor=self.author, data=data, now=submitted).id
        self.ids.append(need_id)
        now = submitted
        for _ in range(rng.randrange(16)):
            now += timedelta(hours=rng.choice((1, 7, 22, 30, 60, 100, 180, 300, 600)))
            if not self.step(need_id, now):
                break

    def step(self, need_id: str, now: datetime) -> bool:
        need = self.session.get(Need, need_id)
        assert need is not None
        staff = self.staff.get(need.lead_agency_id or "", self.staff[self.cast.other])
        options: list[str] = list(service.allowed_next(need))
        if need.state in EXTEND_STATES and not need.decision_extended:
            options.append("extend")
        if need.state in TRANSFER_STATES and need.lead_agency_id is not None:
            options.append("transfer")
        if not options:
            return False
        weights = [_RARE.get(option, 8) for option in options]
        choice = self.rng.choices(options, weights)[0]
        if choice == "extend":
            service.extend_decision(
                self.session, need_id=need_id, actor=staff, reason_code="workload", message="Många.", now=now
            )
            return True
        if choice == "transfer":
            other = self.cast.other if need.lead_agency_id == self.cast.lead else self.cast.lead
            service.transfer_lead(
                self.session,
                need_id=need_id,
                actor=staff,
                lead_agency=other,
                reason_code="better_placed",
                message="Rätt myndighet.",
                now=now,
            )
            return True
        merged_into = None
        if choice == "merged":
            targets = [
                i
                for i in self.ids
                if i != need_id and (n := self.session.get(Need, i)) and n.state not in GONE
            ]
            if not targets:
                return True
            merged_into = self.rng.choice(targets)
        rule = TRANSITIONS[(need.state, choice)]
        who = self.author if AUTHOR in rule.actors else staff if STAFF in rule.actors else self.moderator
        info = need.state == "needs_info" and choice in INFO_STATES
        codes = () if info else REASON_CODES.get(choice, ())
        service.transition(
            self.session,
            need_id=need_id,
            actor=who,
            to=choice,
            reason_code=self.rng.choice(codes) if codes else None,
            message="Ett skäl." if choice in MESSAGE_REQUIRED else "",
            merged_into=merged_into,
            now=now,
        )
        return True


def _reference(
    session: Session, today: date, agency_id: str | None = None
) -> tuple[dict[str, Any], dict[str | None, dict[str, Any]], list[tuple[str, str, date, int]]]:
    """The figures computed the plain way: each need's events in order, `clocks` day by day."""
    hidden = set(session.scalars(select(HiddenItem.item_id).where(HiddenItem.item_type == "need")))
    needs = [
        need
        for need in session.scalars(select(Need).where(Need.submitted_at.is_not(None)))
        if need.id not in hidden and (agency_id is None or need.lead_agency_id == agency_id)
    ]
    per_need: list[dict[str, Any]] = []
    overdue: list[tuple[str, str, date, int]] = []
    for need in needs:
        assert need.submitted_at is not None
        events = service.history(session, need_id=need.id)
        submitted = clocks.swedish_date(need.submitted_at)

        def first(states: tuple[str, ...], events: list[StatusEvent] = events) -> StatusEvent | None:
            return next((e for e in events if e.kind == "transition" and e.to_state in states), None)

        def days(event: StatusEvent | None, submitted: date = submitted) -> int | None:
            return clocks.working_days_between(submitted, clocks.swedish_date(event.at)) if event else None

        triaged, decided, released = first(("triaged",)), first(DECISIONS), first(("released",))
        gone = need.state in ("merged", "withdrawn")
        limit = 20 + (20 if need.decision_extended else 0)
        triage_due = clocks.add_working_days(submitted, 10)
        decision_due = clocks.add_working_days(submitted, limit)
        triage_late = not gone and triaged is None and today > triage_due
        decision_late = not gone and decided is None and today > decision_due
        late: list[tuple[str, str, date, int]] = []
        if triage_late:
            late.append((need.id, "triage", triage_due, clocks.working_days_between(triage_due, today)))
        if decision_late:
            late.append((need.id, "decision", decision_due, clocks.working_days_between(decision_due, today)))
        if not gone and need.state in UPDATE_STATES:
            last = need.last_update_at or (decided.at if decided else None)
            due = (clocks.swedish_date(last) if last else submitted) + timedelta(days=30)
            if today > due:
                late.append((need.id, "update", due, (today - due).days))
        overdue.extend(late)
        per_need.append(
            {
                "lead": need.lead_agency_id,
                "triage": days(triaged),
                "decision": days(decided),
                "release": days(released),
                "limit": limit,
                "first": decided.to_state if decided else None,
                "reopened": any(e.to_state == "reopened" for e in events),
                "triage_late": triage_late,
                "decision_late": decision_late,
                "age": clocks.working_days_between(submitted, today)
                if decided is None and not gone
                else None,
                "late": bool(late),
            }
        )

    def duration(values: list[int]) -> dict[str, Any]:
        values = sorted(values)
        return {
            "answered": len(values),
            "median_working_days": float(statistics.median(values)) if values else None,
            "p90_working_days": values[max(1, math.ceil(len(values) * 0.9)) - 1] if values else None,
        }

    def share(counted: int, within: int) -> dict[str, Any]:
        return {"counted": counted, "within": within, "share": within / counted if counted else None}

    def figures(items: list[dict[str, Any]]) -> dict[str, Any]:
        triage = [i["triage"] for i in items if i["triage"] is not None]
        decided = [i for i in items if i["decision"] is not None]
        ages = [i["age"] for i in items if i["age"] is not None]
        bounds = [("0-10", 0, 10), ("11-20", 11, 20), ("21-40", 21, 40), (">40", 41, None)]
        reopened = sum(i["reopened"] for i in decided)
        return {
            "needs": len(items),
            "time_to_triage": duration(triage),
            "time_to_decision": duration([i["decision"] for i in decided]),
            "time_to_release": duration([i["release"] for i in items if i["release"] is not None]),
            "triage_within_clock": share(
                len(triage) + sum(i["triage_late"] for i in items), sum(t <= 10 for t in triage)
            ),
            "decision_within_clock": share(
                len(decided) + sum(i["decision_late"] for i in items),
                sum(i["decision"] <= i["limit"] for i in decided),
            ),
            "backlog": [
                {
                    "label": label,
                    "min_working_days": low,
                    "max_working_days": high,
                    "needs": sum((age >= low or low == 0) and (high is None or age <= high) for age in ages),
                }
                for label, low, high in bounds
            ],
            "backlog_total": len(ages),
            "overdue_total": sum(i["late"] for i in items),
            "decision_mix": {state: sum(i["first"] == state for i in items) for state in DECISIONS},
            "decided": len(decided),
            "reopened": reopened,
            "reopen_rate": reopened / len(decided) if decided else None,
        }

    leads = {i["lead"] for i in per_need}
    by_agency = {lead: figures([i for i in per_need if i["lead"] == lead]) for lead in leads}
    overdue.sort(key=lambda item: (-item[3], item[2], item[0], item[1]))
    return figures(per_need), by_agency, overdue


def _served(
    session: Session, today: date, agency: str | None = None
) -> tuple[dict[str, Any], dict[str | None, dict[str, Any]], list[tuple[str, str, date, int]]]:
    out = dashboard.dashboard(session, agency=agency, today=today, overdue_limit=100_000, use_cache=False)
    by_agency = {row.agency.id if row.agency else None: row.figures.model_dump() for row in out.by_agency}
    overdue: list[tuple[str, str, date, int]] = [
        (item.id, item.deadline, item.due, item.days_overdue) for item in out.overdue
    ]
    return out.figures.model_dump(), by_agency, overdue


def _moderate(session: Session, cast: Cast, action: str, ids: list[str], template: str, **extra: str) -> None:
    moderation.act(
        session,
        actor=actor(session, cast.moderator),
        data=ModerationActionIn.model_validate(
            {
                "action": action,
                "items": [{"type": "need", "id": i} for i in ids],
                "template": template,
                **extra,
            }
        ),
    )


@pytest.fixture(scope="module")
def random_world(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    world = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena-rand"), "arena-dash-random")
    with session_scope(world.factory) as session:
        history = _RandomHistory(session, world.cast, random.Random(20250324))
        for index in range(90):
            history.need(index)
        open_ids = [
            i for i in history.ids if session.scalar(select(Need.state).where(Need.id == i)) not in GONE
        ]
        hidden = open_ids[::9]
        _moderate(session, world.cast, "hide", hidden, "removed_spam")
        # Hidden needs move on (transfers, extensions, decisions, merges, withdrawals) and half come back.
        for need_id in hidden:
            last = session.scalar(select(func.max(StatusEvent.at)).where(StatusEvent.need_id == need_id))
            assert last is not None
            for hours in (5, 40, 200):
                if not history.step(need_id, last + timedelta(hours=hours)):
                    break
        _moderate(session, world.cast, "restore", hidden[::2], "kept_no_breach")
        # A duplicate merged by a moderator (the lifecycle's `merged` through moderation).
        needs = session.scalars(select(Need).where(Need.id.in_(history.ids)).order_by(Need.id))
        mergeable = [need.id for need in needs if "merged" in service.allowed_next(need)]
        _moderate(session, world.cast, "merge", mergeable[:1], "merged_duplicate", merged_into=mergeable[1])
    with TestClient(world.app):
        yield world


def test_the_history_is_varied(random_world: World) -> None:
    """The randomised history reaches what the figures distinguish (so the comparison below means much)."""
    with session_scope(random_world.factory) as session:
        needs = list(session.scalars(select(Need)))
        kinds = set(session.scalars(select(StatusEvent.kind)))
        states = {need.state for need in needs}
        hidden = session.scalars(select(HiddenItem.item_id)).all()
        actions = set(session.scalars(select(ModerationAction.action)))
        weekend = sum(
            not clocks.is_working_day(clocks.swedish_date(n.submitted_at)) for n in needs if n.submitted_at
        )
        _figures, by_agency, _overdue = _reference(session, RANDOM_TODAYS[2])
        deadlines = {item[1] for today in RANDOM_TODAYS for item in _reference(session, today)[2]}
    assert {"transition", "info_provided", "transferred", "decision_extended"} <= kinds
    assert {"merged", "withdrawn", "reopened", "planned", "declined", "in_progress", "submitted"} & states
    assert len(states) >= 8
    assert hidden
    assert {"hide", "restore", "merge"} <= actions
    assert weekend >= 5
    assert None in by_agency
    assert len(by_agency) >= 3
    assert deadlines == {"triage", "decision", "update"}


@pytest.mark.parametrize("today", RANDOM_TODAYS)
def test_figures_match_a_straightforward_computation_from_the_events(
    random_world: World, today: date
) -> None:
    cast = random_world.cast
    with session_scope(random_world.factory) as session:
        figures, by_agency, overdue = _served(session, today)
        assert figures == _reference(session, today)[0]
        assert by_agency == _reference(session, today)[1]
        assert overdue == _reference(session, today)[2]
        for agency in (cast.lead, cast.other):
            figures, _rows, overdue = _served(session, today, agency)
            expected, _by, expected_overdue = _reference(session, today, agency)
            assert figures == expected
            assert overdue == expected_overdue


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_a_short_overdue_list_is_the_head_of_the_full_one(random_world: World, limit: int) -> None:
    """The list read a few per deadline is the most overdue first, as the whole list sorted."""
    with session_scope(random_world.factory) as session:
        for today in RANDOM_TODAYS:
            for agency in (None, random_world.cast.lead):
                out = dashboard.dashboard(
                    session, agency=agency, today=today, overdue_limit=limit, use_cache=False
                )
                shown = [(item.id, item.deadline, item.due, item.days_overdue) for item in out.overdue]
                assert shown == _reference(session, today, agency)[2][:limit]
                assert out.figures.overdue_total == _served(session, today, agency)[0]["overdue_total"]


def _kept_counts(session: Session) -> list[tuple[str, str, dict[str, int]]]:
    rows = session.execute(
        select(DashboardHistogram.lead, DashboardHistogram.figure, DashboardHistogram.counts)
    )
    return sorted((lead, figure, counts) for lead, figure, counts in rows if counts)


def test_the_backfill_gives_the_summaries_the_events_kept(random_world: World) -> None:
    """Migration 0011's backfill (from the events) agrees with the columns and the aggregate counts kept as
    events were appended."""
    columns = (
        Need.id,
        Need.first_triage_days,
        Need.first_decision_days,
        Need.first_release_days,
        Need.first_decision,
        Need.ever_reopened,
        Need.triage_due,
        Need.decision_due,
        Need.dashboard_counted,
    )
    with session_scope(random_world.factory) as session:
        kept = sorted(tuple(row) for row in session.execute(select(*columns)))
        kept_counts = _kept_counts(session)
        session.execute(
            update(Need).values(
                first_triage_days=None,
                first_decision_days=None,
                first_release_days=None,
                first_decision=None,
                ever_reopened=False,
                triage_due=None,
                decision_due=None,
                dashboard_counted=None,
            )
        )
        session.execute(update(DashboardHistogram).values(counts={"7": 7}))
        submitted = session.scalar(select(func.count()).where(Need.submitted_at.is_not(None)))
        assert summary.backfill(session.connection()) == submitted
        session.expire_all()
        assert sorted(tuple(row) for row in session.execute(select(*columns))) == kept
        assert _kept_counts(session) == kept_counts
        assert any(row[2] is not None for row in kept)
        assert any(row[6] is not None for row in kept)
        assert any(row[7] is not None for row in kept)
        assert sum(sum(row[2].values()) for row in kept_counts if row[1] == "triage") == submitted
        figures, _by, overdue = _served(session, RANDOM_TODAYS[3])
        expected, _by2, expected_overdue = _reference(session, RANDOM_TODAYS[3])
    assert figures == expected
    assert overdue == expected_overdue


def test_an_official_reply_moves_the_cached_update_clock(
    databases: DatabaseFactory, mini_sources: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An official reply is a dated update without a status event; the cached figures follow it."""
    world = make_world(databases, mini_sources, tmp_path_factory.mktemp("arena-reply"), "arena-reply")
    with session_scope(world.factory) as session:
        m = Mover(session, world.cast)
        need_id = m.new(when=at(START))
        m.triage(need_id, wd(1))
        m.move(need_id, "planned", wd(5), "roadmap")
    with session_scope(world.factory) as session:
        before = dashboard.dashboard(session, today=TODAY)
    assert [(o.id, o.deadline) for o in before.overdue] == [(need_id, "update")]
    with session_scope(world.factory) as session:
        service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.lead_staff),
            data=CommentIn(text="Arbetet går enligt plan."),
            now=at(TODAY),
        )
    with session_scope(world.factory) as session:
        cached = dashboard.dashboard(session, today=TODAY)
        fresh = dashboard.dashboard(session, today=TODAY, use_cache=False)
    assert cached == fresh
    assert cached.overdue == []
    assert cached.figures.overdue_total == 0
