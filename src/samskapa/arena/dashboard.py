"""The arena's public dashboard: how fast and how well the agencies answer needs, from the status events.

Times are working days (see `clocks`) from submission to a need's first `triaged`, first decision and first
`released` event. Shares "within the clock" count the needs whose clock is settled: answered (in time or
not) or still unanswered past the deadline; a need merged or withdrawn before it was answered does not
count. The backlog is the open needs (not merged or withdrawn) that have no decision yet, by age; the overdue
list holds every open need past a deadline today (triage, decision, or the 30-day update while planned or in
progress), the most overdue first.

The figures that never depend on the day (each submitted need's working days to its first triage, decision
and release, its first decision, whether it was reopened) are summary columns on the need, kept current by
`summary.refresh` whenever a status event is appended, and counted there into histogram rows, one small row
per lead agency and figure (DashboardHistogram): the dashboard reads those few hundred rows (durations are
small integers, so medians and percentiles come from the counts) and never reads the events or scans the
needs. Needs hidden by moderation are counted too; their own entries (from the key each need stores) are
taken away. What depends on the day comes from the open needs only, in SQL over partial indexes: the backlog
by age from submission cut-offs per bucket (needs with a decision due date), the overdue counts per lead
agency from the triage and decision due dates kept on each need and from the update clock's start (an
expression index by state: an official reply moves it without a status event), and the overdue list as the
first `overdue_limit` of each deadline in order. Working days are counted by a table built once per range.

The computed figures are kept in a small in-process cache keyed by the database, the scope, the day, the
list's length, the newest status event id and the newest moderation action id: every change that moves a
figure appends a status event (the log is append-only) or, when moderation hides or restores a need, a
moderation action, so either is a new key. Computing afresh reads the histogram rows and a few thousand
index entries of the open work: at 100,000 needs on SQLite about 30 ms of CPU on a shared 2-core machine,
against 170-190 ms with GROUP BY scans of the needs and 1.1-1.9 s reading the events (see
benchmarks/bench_arena.py, which reports the fresh p95 as its headline). The backlog's partial index is
named on SQLite (INDEXED BY), whose planner might otherwise read the table through the due-date index.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Any, Final, Literal, NamedTuple

from sqlalchemy import (
    TableClause,
    case,
    column,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.service import find_organisation
from samskapa.arena import clocks, summary
from samskapa.arena.errors import InvalidArenaQuery
from samskapa.arena.models import Comment, DashboardHistogram, HiddenItem, ModerationAction, Need, StatusEvent
from samskapa.arena.schemas import (
    AgencyFigures,
    BacklogBucket,
    ClockShare,
    DashboardAgency,
    DashboardFigures,
    DashboardOut,
    DecisionMix,
    DurationFigures,
    OverdueNeed,
)
from samskapa.arena.vocabulary import DECISIONS, UPDATE_STATES
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow

# (label, lowest age, highest age or None) in working days since submission.
BUCKETS: Final = (("0-10", 0, 10), ("11-20", 11, 20), ("21-40", 21, 40), (">40", 41, None))
OVERDUE_LIMIT: Final = 100
GONE: Final = summary.GONE
_CACHE_SIZE: Final = 64
_CUTOFF_DAYS: Final = 200  # far enough back for the cut-offs of 41 working days (holidays included)
_AHEAD_DAYS: Final = 120  # past any deadline of a need submitted by today

Deadline = Literal["triage", "decision", "update"]
WorkingDays = summary.WorkingDays


# --- working days by table ---------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def working_days(start: date, end: date) -> WorkingDays:
    return WorkingDays(start, end)


def _midnight_after(day: date) -> datetime:
    """The UTC moment the Swedish day after `day` begins: a stored time is on or before `day` in Sweden
    exactly when it is earlier than this."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=clocks.SWEDEN).astimezone(UTC)


def _latest(today: date, holds: Callable[[date], bool]) -> date:
    """The latest day up to `today` for which `holds` (true for every earlier day too) is true."""
    day = today
    while not holds(day):
        day -= timedelta(days=1)
    return day


# --- figures -----------------------------------------------------------------------------------------------


def _rank(count: int, pct: float) -> int:
    return int(max(1, min(count, -(-count * pct // 100))))


def percentile(values: Sequence[int], pct: float) -> int | None:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return None
    return values[_rank(len(values), pct) - 1]


def _duration(histogram: Counter[int]) -> DurationFigures:
    """Count, median (as `statistics.median`) and nearest-rank 90th percentile of a histogram (value ->
    count, every count positive): the value at a 0-based rank is the first whose running total passes it."""
    values = sorted(histogram)
    totals = list(accumulate(histogram[value] for value in values))
    count = totals[-1] if totals else 0
    if not count:
        return DurationFigures(answered=0, median_working_days=None, p90_working_days=None)

    def at(index: int) -> int:
        return values[bisect_right(totals, index)]

    middle = count // 2
    low = at(middle - 1) if count % 2 == 0 else at(middle)
    return DurationFigures(
        answered=count,
        median_working_days=(low + at(middle)) / 2,
        p90_working_days=at(_rank(count, 90) - 1),
    )


def _share(counted: int, within: int) -> ClockShare:
    return ClockShare(counted=counted, within=within, share=within / counted if counted else None)


@dataclass
class _Tally:
    needs: int = 0
    triage: Counter[int] = field(default_factory=Counter)
    decision: Counter[int] = field(default_factory=Counter)
    release: Counter[int] = field(default_factory=Counter)
    triage_within: int = 0
    triage_late: int = 0
    decision_within: int = 0
    decision_late: int = 0
    backlog: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    overdue_needs: int = 0
    decided: int = 0
    reopened: int = 0
    mix: Counter[str] = field(default_factory=Counter)

    def merge(self, other: _Tally) -> None:
        self.needs += other.needs
        self.triage.update(other.triage)
        self.decision.update(other.decision)
        self.release.update(other.release)
        self.mix.update(other.mix)
        for name in ("triage_within", "triage_late", "decision_within", "decision_late", "overdue_needs"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.decided += other.decided
        self.reopened += other.reopened
        self.backlog = [a + b for a, b in zip(self.backlog, other.backlog, strict=True)]

    def figures(self) -> DashboardFigures:
        triage = +self.triage  # drop the values whose count a hidden need brought back to zero
        decision, release = +self.decision, +self.release
        return DashboardFigures(
            needs=self.needs,
            time_to_triage=_duration(triage),
            time_to_decision=_duration(decision),
            time_to_release=_duration(release),
            triage_within_clock=_share(triage.total() + self.triage_late, self.triage_within),
            decision_within_clock=_share(decision.total() + self.decision_late, self.decision_within),
            backlog=[
                BacklogBucket(label=label, min_working_days=low, max_working_days=high, needs=count)
                for (label, low, high), count in zip(BUCKETS, self.backlog, strict=True)
            ],
            backlog_total=sum(self.backlog),
            overdue_total=self.overdue_needs,
            decision_mix=DecisionMix(**{state: self.mix.get(state, 0) for state in DECISIONS}),
            decided=self.decided,
            reopened=self.reopened,
            reopen_rate=self.reopened / self.decided if self.decided else None,
        )


class _Overdue(NamedTuple):
    need_id: str
    lead_agency_id: str | None
    deadline: Deadline
    due: date
    days: int


@dataclass(frozen=True)
class _Computed:
    """One computation's figures, ready to serve."""

    overall: DashboardFigures
    by_agency: dict[str | None, DashboardFigures]
    overdue: list[_Overdue]


class _SwedishDates:
    """Stored UTC timestamps to their Swedish calendar day, remembered per UTC hour (offsets change on the
    hour). Takes datetimes or SQLite's stored text ("YYYY-MM-DD HH:MM:SS.ffffff", read raw for speed)."""

    def __init__(self) -> None:
        self.seen: dict[object, date] = {}

    def __call__(self, moment: object) -> date:
        if isinstance(moment, str):
            key: object = moment[:13]
        elif isinstance(moment, datetime):
            key = (moment.year, moment.month, moment.day, moment.hour)
        else:
            raise TypeError(f"not a timestamp: {moment!r}")
        found = self.seen.get(key)
        if found is None:
            parsed = datetime.fromisoformat(moment[:19]) if isinstance(moment, str) else moment
            assert isinstance(parsed, datetime)
            found = self.seen[key] = clocks.swedish_date(parsed.replace(tzinfo=parsed.tzinfo or UTC))
        return found


def _hidden_needs() -> Any:
    return select(HiddenItem.item_id).where(HiddenItem.item_type == "need")


def _histograms(session: Session, agency_id: str | None, tallies: dict[str | None, _Tally]) -> None:
    """The day-independent figures (needs, the duration histograms, the shares within the clock, decisions,
    reopenings and the decision mix) from the histogram rows (a few per lead agency), less the hidden
    needs' own entries."""
    rows = select(DashboardHistogram.lead, DashboardHistogram.figure, DashboardHistogram.counts)
    if agency_id is not None:
        rows = rows.where(DashboardHistogram.lead == agency_id)
    found: dict[tuple[str, str], dict[str, int]] = {
        (lead, figure): counts or {} for lead, figure, counts in session.connection().execute(rows)
    }
    # A need hidden by moderation (pending review) is out of the public figures: its entries are taken away.
    hidden = select(Need.dashboard_counted).where(Need.id.in_(_hidden_needs()))
    if agency_id is not None:
        hidden = hidden.where(Need.lead_agency_id == agency_id)
    for (key,) in session.connection().execute(hidden):
        for lead, figure, entry in summary.contributions(key):
            counts = found.setdefault((lead, figure), {})
            counts[entry] = counts.get(entry, 0) - 1
    for (lead, figure), counts in found.items():
        tally = tallies.get(lead or None)
        if tally is None:
            tally = tallies[lead or None] = _Tally()
        if figure == "totals":
            tally.triage_within += counts.get("triage_within", 0)
            tally.decision_within += counts.get("decision_within", 0)
            tally.decided += counts.get("decided", 0)
            tally.reopened += counts.get("reopened", 0)
            for state in DECISIONS:
                tally.mix[state] += counts.get(f"mix:{state}", 0)
            continue
        histogram = Counter({int(days): count for days, count in counts.items()})
        if figure == "triage":
            tally.needs += histogram.total()
            del histogram[-1]
            tally.triage.update(histogram)
        elif figure == "decision":
            tally.decision.update(histogram)
        else:
            tally.release.update(histogram)


class _IndexedNeeds(TableClause):
    """arena_need in a FROM clause, read through one named index on SQLite (INDEXED BY)."""

    inherit_cache = False  # the index is part of the statement

    def __init__(self, index: str) -> None:
        super().__init__("arena_need", *(column(col.name, col.type) for col in Need.__table__.columns))
        self.index = index


@compiles(_IndexedNeeds, "sqlite")
def _indexed_needs(element: _IndexedNeeds, compiler: Any, **kw: Any) -> str:
    return f"{compiler.visit_table(element, **kw)} INDEXED BY {element.index}"


def _backlog(
    session: Session,
    agency_id: str | None,
    tallies: dict[str | None, _Tally],
    today: date,
    calendar: WorkingDays,
) -> None:
    """The open needs without a decision (those with a decision due date), by age in working days: counted
    in SQL by submission cut-offs over their partial index (named on SQLite, whose planner may otherwise
    prefer the due-date index and read the table for each need)."""

    def submitted_by(age: int) -> datetime:
        """Needs submitted before this moment are at least `age` working days old today."""
        return _midnight_after(_latest(today, lambda day: calendar.between(day, today) >= age))

    source = _IndexedNeeds("ix_arena_need_backlog")
    c: dict[str, Any] = {col.name: col for col in source.columns}
    # Each bucket wraps the younger ones, so the oldest bucket a need reaches is tested first.
    bucket: Any = literal(0)
    for index, (_label, low, _high) in enumerate(BUCKETS):
        if low > 0:
            bucket = case((c["submitted_at"] < submitted_by(low), index), else_=bucket)
    scope = [c["decision_due"].is_not(None), c["id"].not_in(_hidden_needs())]
    if agency_id is not None:
        scope.append(c["lead_agency_id"] == agency_id)
    rows = (
        select(c["lead_agency_id"].label("lead"), bucket.label("bucket")).select_from(source).where(*scope)
    ).subquery()
    counted = select(rows.c.lead, rows.c.bucket, func.count()).group_by(rows.c.lead, rows.c.bucket)
    for lead, index, count in session.connection().execute(counted):
        if lead not in tallies:
            tallies[lead] = _Tally()
        tallies[lead].backlog[int(index)] += count


def _late(
    session: Session,
    agency_id: str | None,
    tallies: dict[str | None, _Tally],
    today: date,
    calendar: WorkingDays,
    limit: int,
) -> list[_Overdue]:
    """The open needs past a deadline today, counted per lead agency in SQL over three indexes (the triage
    and decision due dates, the update clock's start by state), and the most overdue `limit` of each
    deadline read in order."""
    scope: list[Any] = [Need.id.not_in(_hidden_needs())]
    if agency_id is not None:
        scope.append(Need.lead_agency_id == agency_id)
    triage_late, decision_late = Need.triage_due < today, Need.decision_due < today
    # The update clock runs from the latest update (else the decision, else the submission) while the need is
    # planned or in progress (open states, reached after submission only); it is late when that day is more
    # than 30 days ago, that is when the start is before the Swedish day after today - 31 days.
    start = func.coalesce(Need.last_update_at, Need.decided_at, Need.submitted_at)
    update_late = [
        Need.state.in_(sorted(UPDATE_STATES)),
        start < _midnight_after(today - timedelta(days=clocks.UPDATE_CALENDAR_DAYS + 1)),
    ]

    def tally(lead: str | None) -> _Tally:
        found = tallies.get(lead)
        if found is None:
            found = tallies[lead] = _Tally()
        return found

    lead = Need.lead_agency_id
    # Each overdue need counted once: late for triage; else late for the decision; else for an update.
    not_triage_late = or_(Need.triage_due.is_(None), Need.triage_due >= today)
    counts = (
        (select(lead, func.count()).where(triage_late, *scope).group_by(lead), "triage_late"),
        (
            select(lead, func.count(), func.sum(case((not_triage_late, 1), else_=0)))
            .where(decision_late, *scope)
            .group_by(lead),
            "decision_late",
        ),
        (
            select(lead, literal(0), func.count())
            .where(
                *update_late,
                not_triage_late,
                or_(Need.decision_due.is_(None), Need.decision_due >= today),
                *scope,
            )
            .group_by(lead),
            None,
        ),
    )
    for query, late in counts:
        for row in session.connection().execute(query):
            found = tally(row[0])
            if late == "triage_late":
                found.triage_late += row[1]
                found.overdue_needs += row[1]
            elif late == "decision_late":
                found.decision_late += row[1]
                found.overdue_needs += row[2]
            else:
                found.overdue_needs += row[2]

    overdue: list[_Overdue] = []
    # Within one deadline the most overdue are the earliest due (then by id): each deadline's first `limit`
    # hold every one of its needs among the first `limit` of them all.
    deadlines: tuple[tuple[Deadline, Any], ...] = (
        ("triage", Need.triage_due),
        ("decision", Need.decision_due),
    )
    for deadline, due_column in deadlines:
        first = (
            select(Need.id, lead, due_column)
            .where(due_column < today, *scope)
            .order_by(due_column, Need.id)
            .limit(limit)
        )
        firsts = session.connection().execute(first).all()
        if firsts and firsts[0][2] < calendar.start:  # the earliest is first: count from it by table
            calendar = working_days(firsts[0][2] - timedelta(days=1), calendar.end)
        for need_id, need_lead, due in firsts:
            overdue.append(_Overdue(need_id, need_lead, deadline, due, calendar.between(due, today)))
    first_updates = select(Need.id, lead, start).where(*update_late, *scope).order_by(start, Need.id)
    to_date = _SwedishDates()
    updates: list[_Overdue] = []
    result = session.connection().execute(first_updates)  # read row by row, as far as needed
    try:
        for need_id, need_lead, moment in result:
            due = to_date(moment) + timedelta(days=clocks.UPDATE_CALENDAR_DAYS)
            # Later rows are due no earlier; the ties of the last day kept may still sort before it by id.
            if len(updates) >= limit and due > updates[limit - 1].due:
                break
            updates.append(_Overdue(need_id, need_lead, "update", due, (today - due).days))
    finally:
        result.close()
    overdue.extend(updates)
    return overdue


def _compute(session: Session, agency_id: str | None, today: date, limit: int) -> _Computed:
    tallies: dict[str | None, _Tally] = {}
    _histograms(session, agency_id, tallies)
    calendar = working_days(today - timedelta(days=_CUTOFF_DAYS), today + timedelta(days=_AHEAD_DAYS))
    _backlog(session, agency_id, tallies, today, calendar)
    overdue = _late(session, agency_id, tallies, today, calendar, limit)
    overdue.sort(key=lambda item: (-item.days, item.due, item.need_id, item.deadline))
    tallies = {lead: tally for lead, tally in tallies.items() if tally.needs}
    overall = _Tally()
    for tally in tallies.values():
        overall.merge(tally)
    return _Computed(
        overall=overall.figures(),
        by_agency={lead: tally.figures() for lead, tally in tallies.items()},
        overdue=overdue[:limit],
    )


# --- the cache and the entry point -------------------------------------------------------------------------

_cache: OrderedDict[tuple[str, str | None, date, int, int, int, datetime | None], _Computed] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _computed(
    session: Session, agency_id: str | None, today: date, limit: int, *, use_cache: bool
) -> _Computed:
    head = session.scalar(select(func.max(StatusEvent.id))) or 0
    moderated = session.scalar(select(func.max(ModerationAction.id))) or 0  # hiding changes the figures too
    # An official reply is a dated update without a status event: it moves the 30-day update clock.
    replied = session.scalar(select(func.max(Comment.created_at)).where(Comment.official.is_(True)))
    key = (str(session.get_bind().engine.url), agency_id, today, limit, int(head), int(moderated), replied)
    if use_cache:
        with _cache_lock:
            found = _cache.get(key)
            if found is not None:
                _cache.move_to_end(key)
                return found
    computed = _compute(session, agency_id, today, limit)
    with _cache_lock:
        _cache[key] = computed
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return computed


def resolve_agency(session: Session, key: str) -> Organisation:
    """An organisation by id or name; anything else is a 400 with a hint."""
    organisation = find_organisation(session, key=key)
    if organisation is None:
        raise InvalidArenaQuery(
            f"Unknown agency: {key}.",
            hint="Name a lead agency by its organisation id or name (see /v1/organisations), or leave it "
            "out.",
            field_errors=[FieldError("agency", f"unknown organisation '{key}'")],
        )
    return organisation


def _agency_out(organisation: Organisation) -> DashboardAgency:
    return DashboardAgency(
        id=organisation.id,
        name=organisation.name,
        title_sv=organisation.title_sv,
        title_en=organisation.title_en,
    )


def dashboard(
    session: Session,
    *,
    agency: str | None = None,
    today: date | None = None,
    overdue_limit: int = OVERDUE_LIMIT,
    use_cache: bool = True,
) -> DashboardOut:
    """The dashboard overall (with a row per lead agency) or for one lead agency (by id or name)."""
    today = today or clocks.swedish_date(utcnow())
    scope = resolve_agency(session, agency) if agency else None
    computed = _computed(session, scope.id if scope else None, today, overdue_limit, use_cache=use_cache)
    shown = computed.overdue
    titles: dict[str, str] = dict(
        session.execute(
            select(Need.id, Need.title).where(Need.id.in_({item.need_id for item in shown}))
        ).all()
    )
    by_agency: list[AgencyFigures] = []
    if scope is None:
        ids = [lead for lead in computed.by_agency if lead is not None]
        organisations = {
            row.id: row for row in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
        }
        named = sorted(
            (organisations[lead] for lead in ids if lead in organisations), key=lambda o: (o.title_sv, o.id)
        )
        by_agency = [AgencyFigures(agency=_agency_out(o), figures=computed.by_agency[o.id]) for o in named]
        if None in computed.by_agency:
            by_agency.append(AgencyFigures(agency=None, figures=computed.by_agency[None]))
    return DashboardOut(
        today=today,
        agency=_agency_out(scope) if scope else None,
        figures=computed.overall,
        overdue=[
            OverdueNeed(
                id=item.need_id,
                title=titles.get(item.need_id, ""),
                lead_agency_id=item.lead_agency_id,
                deadline=item.deadline,
                due=item.due,
                days_overdue=item.days,
                days_unit="calendar" if item.deadline == "update" else "working",
            )
            for item in shown
        ],
        overdue_limit=overdue_limit,
        by_agency=by_agency,
    )
