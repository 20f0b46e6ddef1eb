"""`samskapa demo seed`'s arena content: believable, obeying every rule, idempotent, and alive on the
dashboard."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from samskapa.arena import dashboard, demo
from samskapa.arena.models import (
    Comment,
    Feedback,
    Idea,
    Need,
    Pilot,
    Release,
    ShowcasedService,
    StatusEvent,
    Support,
    Verification,
)
from samskapa.catalogue import demo as catalogue_demo
from samskapa.core.db import create_session_factory, session_scope
from tests.databases import DatabaseFactory

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def test_the_demo_seed_fills_the_arena_once(databases: DatabaseFactory, mini_sources: Path) -> None:
    factory = create_session_factory(databases.migrated_engine("arena-demo", mini_sources))
    with session_scope(factory) as session:
        catalogue_demo.seed_catalogue(session)
        report = demo.seed_arena(session, now=NOW)
    assert not report.skipped
    converted = sum(1 for s in demo.SERVICES for f in s.feedback if f.to_need_lead is not None)
    assert report.needs == len(demo.NEEDS) + converted
    assert (report.ideas, report.challenges, report.services) == (
        len(demo.IDEAS),
        len(demo.CHALLENGES),
        len(demo.SERVICES),
    )
    assert report.people == len(demo.PEOPLE)
    assert report.releases == sum(1 for need in demo.NEEDS if need.release is not None)

    with session_scope(factory) as session:
        states = Counter(session.scalars(select(Need.state)))
        assert states["submitted"] >= 2  # one written directly, one from a service's feedback
        assert (
            session.scalar(select(func.count()).select_from(Feedback).where(Feedback.need_id.is_not(None)))
            == 1
        )
        assert session.scalar(select(func.count()).select_from(Pilot).where(Pilot.decision == "scale")) == 1
        providers = set(session.scalars(select(Idea.provenance)))
        assert providers == {"citizen", "ngo", "company"}
        assert session.scalar(select(func.count()).select_from(ShowcasedService)) == len(demo.SERVICES)
        # The loop in every stage: waiting, answered every way, in progress, released and verified.
        for state in ("submitted", "triaged", "needs_info", "conditionally_planned", "declined"):
            assert states[state] >= 1, state
        assert states["already_available"] == 1
        assert states["in_progress"] >= 1
        assert states["fulfilled"] == 1
        assert states["reopened"] == 1
        assert session.scalar(select(func.count()).select_from(Release)) == report.releases
        assert session.scalar(select(func.count()).select_from(Verification)) == 2
        assert (session.scalar(select(func.count()).select_from(Support)) or 0) >= 10
        # Staff comments on their own agencies' needs are official replies.
        assert (session.scalar(select(func.count()).where(Comment.official.is_(True))) or 0) >= 1
        # Each need's events are numbered 1..n without gaps.
        for need_id, count, top in session.execute(
            select(StatusEvent.need_id, func.count(), func.max(StatusEvent.seq)).group_by(StatusEvent.need_id)
        ):
            assert count == top, need_id
        figures = dashboard.dashboard(session, today=NOW.date(), use_cache=False).figures
    assert figures.needs == report.needs
    assert figures.time_to_triage.answered == sum(1 for need in demo.NEEDS if need.steps)
    assert figures.time_to_release.answered == report.releases
    assert figures.decided == 6
    assert figures.reopened == 1

    with session_scope(factory) as session:
        again = demo.seed_arena(session, now=NOW)
        assert again.skipped
        assert session.scalar(select(func.count()).select_from(Need)) == report.needs
