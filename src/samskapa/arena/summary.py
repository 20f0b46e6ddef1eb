"""Per-need summary columns for the dashboard, kept current as status events are appended.

A need's times to its first `triaged`, first decision and first `released` (working days from submission,
see `clocks`), its first decision and whether it was ever `reopened` never depend on the day they are
looked at: they follow from its status events alone. `refresh` recomputes them from the need's events each
time one is appended (the service calls it from `_append`), so the dashboard can count them with GROUP BY
histograms instead of reading every event. `backfill` fills them for needs written before the columns
existed (migration 0011) or inserted with plain SQL (benchmarks).

`refresh` also keeps the days the triage and decision clocks run out (`triage_due`, `decision_due`, set while
the need is open and not yet triaged / decided) and the need's share of the dashboard's histograms
(DashboardHistogram, one small row per lead agency and figure): the key the need was counted under is stored
on it (`dashboard_counted`), and when the key changes (a first time set, a transfer, an extension) the old
key's entries go down by one and the new key's up by one. The rows are changed under a row lock in key order
(FOR UPDATE on PostgreSQL; SQLite has one writer), so concurrent writers add up. Every change to those fields
of a need appends a status event, so `refresh` sees it. Hidden needs stay counted; the dashboard takes their
own entries away (from `dashboard_counted`), so moderation needs no hook.

Only transitions count for the first triage, decision and release (not an `info_provided` return); any
event into `reopened` counts as a reopening. Events are taken in time order (then id) and the earliest wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from samskapa.arena import clocks
from samskapa.arena.models import Need, StatusEvent
from samskapa.arena.vocabulary import DECISIONS, TRANSITION

# The events that carry a figure: a first triage, a decision, a release, a reopening.
FIGURE_STATES: Final = ("triaged", *DECISIONS, "released", "reopened")
_DECISIONS: Final = frozenset(DECISIONS)
GONE: Final = frozenset({"merged", "withdrawn"})  # no longer open: out of the backlog and the overdue list

# One entry of the dashboard's histograms: (lead agency id or "", figure, key); see DashboardHistogram.
CountKey = tuple[str, str, str]


@dataclass(frozen=True)
class Summary:
    first_triage_days: int | None = None
    first_decision_days: int | None = None
    first_release_days: int | None = None
    first_decision: str | None = None
    ever_reopened: bool = False

    def values(self) -> dict[str, Any]:
        return {
            "first_triage_days": self.first_triage_days,
            "first_decision_days": self.first_decision_days,
            "first_release_days": self.first_release_days,
            "first_decision": self.first_decision,
            "ever_reopened": self.ever_reopened,
        }


class WorkingDays:
    """Working-day arithmetic over [start, end] by table lookups; gives the same answers as `clocks`."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.days: list[date] = []
        self.rank: dict[date, int] = {}  # working days after `start` up to and including the day
        day, count = start, 0
        while day <= end:
            if day > start and clocks.is_working_day(day):
                count += 1
                self.days.append(day)
            self.rank[day] = count
            day += timedelta(days=1)

    def between(self, a: date, b: date) -> int:
        """`clocks.working_days_between(a, b)`."""
        if self.start <= a <= self.end and self.start <= b <= self.end:
            return self.rank[b] - self.rank[a]
        return clocks.working_days_between(a, b)

    def add(self, a: date, n: int) -> date:
        """`clocks.add_working_days(a, n)`."""
        if n == 0:
            return a
        if self.start <= a <= self.end:
            index = self.rank[a] + n - 1
            if index < len(self.days):
                return self.days[index]
        return clocks.add_working_days(a, n)


def summarise(
    submitted_at: datetime | None,
    events: Iterable[tuple[str, str, datetime]],
    *,
    between: Callable[[date, date], int] = clocks.working_days_between,
) -> Summary:
    """The summary of one need from its submission time and its (kind, to_state, at) events in order."""
    if submitted_at is None:
        return Summary()
    submitted = clocks.swedish_date(submitted_at)
    triaged: datetime | None = None
    decided: datetime | None = None
    decision: str | None = None
    released: datetime | None = None
    reopened = False
    for kind, to_state, at in events:
        if to_state == "reopened":
            reopened = True
        elif kind != TRANSITION:
            continue
        elif to_state == "triaged":
            triaged = at if triaged is None or at < triaged else triaged
        elif to_state == "released":
            released = at if released is None or at < released else released
        elif to_state in _DECISIONS and (decided is None or at < decided):
            decided, decision = at, to_state

    def days(moment: datetime | None) -> int | None:
        return between(submitted, clocks.swedish_date(moment)) if moment is not None else None

    return Summary(days(triaged), days(decided), days(released), decision, reopened)


def due_dates(
    state: str,
    submitted_at: datetime | None,
    extended: bool,
    found: Summary,
    *,
    add: Callable[[date, int], date] = clocks.add_working_days,
) -> tuple[date | None, date | None]:
    """(triage due, decision due): the days the clocks run out while the need is open and not yet triaged /
    decided, else None (the deadlines of `clocks`, the decision's extended when the clock was)."""
    if submitted_at is None or state in GONE:
        return None, None
    submitted = clocks.swedish_date(submitted_at)
    triage = add(submitted, clocks.TRIAGE_WORKING_DAYS) if found.first_triage_days is None else None
    limit = clocks.DECISION_WORKING_DAYS + (clocks.EXTENSION_WORKING_DAYS if extended else 0)
    decision = add(submitted, limit) if found.first_decision_days is None else None
    return triage, decision


def _text(value: object) -> str:
    return "" if value is None else str(value)


def counted_key(
    lead: str | None, submitted_at: datetime | None, extended: bool, found: Summary
) -> str | None:
    """The key a need is counted under in the aggregate counts (None when it is not submitted)."""
    if submitted_at is None:
        return None
    parts = (
        lead,
        found.first_triage_days,
        found.first_decision_days,
        found.first_decision,
        int(bool(extended)),
        int(found.ever_reopened),
        found.first_release_days,
    )
    return "|".join(_text(part) for part in parts)


def contributions(key: str | None) -> list[CountKey]:
    """The histogram entries (lead, figure, key) a need counted under `key` adds one to."""
    if key is None:
        return []
    lead, triage, decision_days, decision, extended, reopened, release = key.split("|")
    rows: list[CountKey] = [(lead, "triage", triage or "-1")]
    if triage and int(triage) <= clocks.TRIAGE_WORKING_DAYS:
        rows.append((lead, "totals", "triage_within"))
    if decision_days:
        limit = clocks.DECISION_WORKING_DAYS + (clocks.EXTENSION_WORKING_DAYS if extended == "1" else 0)
        rows += [
            (lead, "decision", decision_days),
            (lead, "totals", "decided"),
            (lead, "totals", f"mix:{decision}"),
        ]
        if int(decision_days) <= limit:
            rows.append((lead, "totals", "decision_within"))
        if reopened == "1":
            rows.append((lead, "totals", "reopened"))
    if release:
        rows.append((lead, "release", release))
    return rows


_histograms = sa.table(
    "arena_dashboard_histogram",
    sa.column("lead", sa.String),
    sa.column("figure", sa.String),
    sa.column("counts", sa.JSON),
)


def _insert(connection: Connection) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql_insert(_histograms)
    return sqlite_insert(_histograms)


def _add_counts(connection: Connection, deltas: Counter[CountKey]) -> None:
    """Add the deltas to the histogram rows: each row made sure of (which makes a SQLite transaction the
    writer), then read locked (FOR UPDATE on PostgreSQL), changed and written back, in key order so that
    concurrent writers lock the rows in the same order."""
    by_row: dict[tuple[str, str], Counter[str]] = {}
    for (lead, figure, key), delta in deltas.items():
        if delta:
            by_row.setdefault((lead, figure), Counter())[key] += delta
    for (lead, figure), changes in sorted(by_row.items()):
        where = (_histograms.c.lead == lead, _histograms.c.figure == figure)
        connection.execute(
            _insert(connection).values(lead=lead, figure=figure, counts={}).on_conflict_do_nothing()
        )
        stored = connection.execute(select(_histograms.c.counts).where(*where).with_for_update()).scalar_one()
        counts: Counter[str] = Counter(stored or {})
        counts.update(changes)
        kept = {key: count for key, count in sorted(counts.items()) if count}
        connection.execute(sa.update(_histograms).where(*where).values(counts=kept))


def refresh(session: Session, need: Need) -> None:
    """Recompute the need's summary and due-date columns from its status events (called after each appended
    event) and move its share of the aggregate counts when its key changed."""
    events = session.execute(
        select(StatusEvent.kind, StatusEvent.to_state, StatusEvent.at)
        .where(StatusEvent.need_id == need.id, StatusEvent.to_state.in_(FIGURE_STATES))
        .order_by(StatusEvent.at, StatusEvent.id)
    )
    found = summarise(need.submitted_at, events)
    for name, value in found.values().items():
        setattr(need, name, value)
    need.triage_due, need.decision_due = due_dates(
        need.state, need.submitted_at, need.decision_extended, found
    )
    key = counted_key(need.lead_agency_id, need.submitted_at, need.decision_extended, found)
    if key != need.dashboard_counted:
        deltas: Counter[CountKey] = Counter(contributions(key))
        deltas.subtract(contributions(need.dashboard_counted))
        _add_counts(session.connection(), deltas)
        need.dashboard_counted = key
    session.flush()


# Plain table shapes for the backfill (it also runs inside migration 0011, before the models may change).
_needs = sa.table(
    "arena_need",
    sa.column("id", sa.String),
    sa.column("state", sa.String),
    sa.column("lead_agency_id", sa.String),
    sa.column("decision_extended", sa.Boolean),
    sa.column("submitted_at", sa.DateTime(timezone=True)),
    sa.column("first_triage_days", sa.Integer),
    sa.column("first_decision_days", sa.Integer),
    sa.column("first_release_days", sa.Integer),
    sa.column("first_decision", sa.String),
    sa.column("ever_reopened", sa.Boolean),
    sa.column("triage_due", sa.Date),
    sa.column("decision_due", sa.Date),
    sa.column("dashboard_counted", sa.String),
)
_events = sa.table(
    "arena_status_event",
    sa.column("id", sa.Integer),
    sa.column("need_id", sa.String),
    sa.column("kind", sa.String),
    sa.column("to_state", sa.String),
    sa.column("at", sa.DateTime(timezone=True)),
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def backfill(connection: Connection, *, batch: int = 5000) -> int:
    """Fill the summary and due-date columns of every submitted need from its events and rebuild the
    aggregate counts from them; the number of needs updated."""
    submitted = {
        need_id: (_aware(at), state, lead, bool(extended))
        for need_id, at, state, lead, extended in connection.execute(
            select(
                _needs.c.id,
                _needs.c.submitted_at,
                _needs.c.state,
                _needs.c.lead_agency_id,
                _needs.c.decision_extended,
            ).where(_needs.c.submitted_at.is_not(None))
        )
    }
    connection.execute(sa.delete(_histograms))
    if not submitted:
        return 0
    start = min(clocks.swedish_date(row[0]) for row in submitted.values())
    table = WorkingDays(
        start - timedelta(days=1), clocks.swedish_date(datetime.now(UTC)) + timedelta(days=200)
    )
    events: dict[str, list[tuple[str, str, datetime]]] = {}
    for need_id, kind, to_state, at in connection.execute(
        select(_events.c.need_id, _events.c.kind, _events.c.to_state, _events.c.at)
        .where(_events.c.to_state.in_(FIGURE_STATES))
        .order_by(_events.c.at, _events.c.id)
    ):
        events.setdefault(need_id, []).append((kind, to_state, _aware(at)))
    update = (
        sa.update(_needs)
        .where(_needs.c.id == sa.bindparam("need_id"))
        .values(
            first_triage_days=sa.bindparam("triage"),
            first_decision_days=sa.bindparam("decision_days"),
            first_release_days=sa.bindparam("release"),
            first_decision=sa.bindparam("decision"),
            ever_reopened=sa.bindparam("reopened"),
            triage_due=sa.bindparam("triage_by"),
            decision_due=sa.bindparam("decision_by"),
            dashboard_counted=sa.bindparam("key"),
        )
    )
    counts: Counter[CountKey] = Counter()
    rows: list[dict[str, Any]] = []
    for need_id, (at, state, lead, extended) in submitted.items():
        found = summarise(at, events.get(need_id, ()), between=table.between)
        triage_by, decision_by = due_dates(state, at, extended, found, add=table.add)
        key = counted_key(lead, at, extended, found)
        counts.update(contributions(key))
        rows.append(
            {
                "need_id": need_id,
                "triage": found.first_triage_days,
                "decision_days": found.first_decision_days,
                "release": found.first_release_days,
                "decision": found.first_decision,
                "reopened": found.ever_reopened,
                "triage_by": triage_by,
                "decision_by": decision_by,
                "key": key,
            }
        )
        if len(rows) >= batch:
            connection.execute(update, rows)
            rows = []
    if rows:
        connection.execute(update, rows)
    rows_of: dict[tuple[str, str], dict[str, int]] = {}
    for (lead, figure, entry), count in sorted(counts.items()):
        rows_of.setdefault((lead, figure), {})[entry] = count
    if rows_of:
        connection.execute(
            sa.insert(_histograms),
            [{"lead": lead, "figure": figure, "counts": found} for (lead, figure), found in rows_of.items()],
        )
    connection.execute(sa.text("ANALYZE arena_need"))  # the planner's statistics of the new columns
    return len(submitted)
