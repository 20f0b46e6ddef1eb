"""The public dashboard: exact figures from needs moved through the lifecycle at known dates, the agency
filter, the JSON API and its errors, the page in Swedish and English, and the full loop moving the figures.

Every need is submitted at 10:00 UTC on a known working day; times are counted in Swedish working days
(March to April 2025: Good Friday 18 April and Easter Monday 21 April are holidays)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from samskapa.arena import clocks, dashboard, service
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
