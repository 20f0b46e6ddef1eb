"""The arena's public dashboard: how fast and how well the agencies answer needs, from the status events.

Times are working days (see `clocks`) from submission to a need's first `triaged`, first decision and first
`released` event. Shares "within the clock" count the needs whose clock is settled: answered (in time or
not) or still unanswered past the deadline; a need merged or withdrawn before it was answered does not
count. The backlog is the open needs (not merged or withdrawn) that have no decision yet, by age; the overdue
list holds every open need past a deadline today (triage, decision, or the 30-day update while planned or in
progress), the most overdue first.

Two plain scans give each submitted need's first times: the needs in scope, and the status events that carry
a figure (triaged, decisions, released, reopened); they are combined in one pass here, with working days
counted by a table of working days built once per date range, not day by day. The computed figures are kept
in a small in-process cache keyed by the database, the scope, the day, the newest status event id and the
newest moderation action id: every change that moves a figure appends a status event (the log is
append-only) or, when moderation hides or restores a need, a moderation action, so either is a new key.
Computing afresh is linear in the needs (about 2 s at 100,000 on SQLite; see benchmarks/bench_arena.py);
serving from the cache is not.
"""

from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Final, Literal

from sqlalchemy import String, func, select, true, type_coerce
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.arena import clocks
from samskapa.arena.errors import InvalidArenaQuery
from samskapa.arena.models import HiddenItem, ModerationAction, Need, StatusEvent
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
from samskapa.arena.vocabulary import DECISIONS, TRANSITION, UPDATE_STATES
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow

# (label, lowest age, highest age or None) in working days since submission.
BUCKETS: Final = (("0-10", 0, 10), ("11-20", 11, 20), ("21-40", 21, 40), (">40", 41, None))
OVERDUE_LIMIT: Final = 100
GONE: Final = frozenset({"merged", "withdrawn"})
_CACHE_SIZE: Final = 64

Deadline = Literal["triage", "decision", "update"]


# --- working days by table ---------------------------------------------------------------------------------


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


@lru_cache(maxsize=8)
def working_days(start: date, end: date) -> WorkingDays:
    return WorkingDays(start, end)


class _SwedishDates:
    """Stored UTC timestamps to the Swedish calendar day, remembered per UTC hour (offsets change on the
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
            found = clocks.swedish_date(parsed.replace(tzinfo=parsed.tzinfo or UTC))
            self.seen[key] = found
        return found


# --- figures -----------------------------------------------------------------------------------------------


def percentile(values: Sequence[int], pct: float) -> int | None:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return None
    rank = max(1, min(len(values), -(-len(values) * pct // 100)))
    return values[int(rank) - 1]


def _duration(values: list[int]) -> DurationFigures:
    values.sort()
    return DurationFigures(
        answered=len(values),
        median_working_days=float(statistics.median(values)) if values else None,
        p90_working_days=percentile(values, 90),
    )


def _share(counted: int, within: int) -> ClockShare:
    return ClockShare(counted=counted, within=within, share=within / counted if counted else None)


@dataclass
class _Tally:
    needs: int = 0
    triage: list[int] = field(default_factory=list)
    decision: list[int] = field(default_factory=list)
    release: list[int] = field(default_factory=list)
    triage_counted: int = 0
    triage_within: int = 0
    decision_counted: int = 0
    decision_within: int = 0
    backlog: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    overdue_needs: int = 0
    decided: int = 0
    reopened: int = 0
    mix: dict[str, int] = field(default_factory=dict)

    def figures(self) -> DashboardFigures:
        return DashboardFigures(
            needs=self.needs,
            time_to_triage=_duration(list(self.triage)),
            time_to_decision=_duration(list(self.decision)),
            time_to_release=_duration(list(self.release)),
            triage_within_clock=_share(self.triage_counted, self.triage_within),
            decision_within_clock=_share(self.decision_counted, self.decision_within),
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


def _bucket(age: int) -> int:
    for index, (_label, low, high) in enumerate(BUCKETS):
        if age >= low and (high is None or age <= high):
            return index
    return 0


@dataclass(frozen=True)
class _Overdue:
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


# The events that carry a figure: a first triage, a decision, a release, a reopening.
_FIGURE_STATES: Final = ("triaged", *DECISIONS, "released", "reopened")


def _in_scope(column: Any, agency_id: str | None) -> Any:
    return column.in_(select(Need.id).where(Need.lead_agency_id == agency_id)) if agency_id else true()


def _first_times(session: Session, agency_id: str | None) -> list[tuple[object, ...]]:
    """Per submitted need: id, lead, state, submitted, extended, last update, first triaged / decided /
    released, ever reopened, first decision.

    Two plain scans (the needs, and the status events that carry a figure), combined here: on SQLite this
    is several times faster than a GROUP BY with CASE over every event. Timestamps are read raw (no
    conversion to datetime objects; the stored text orders like the time)."""
    raw = String()
    firsts: dict[str, list[Any]] = {}  # need -> [triaged, decided, decision, released, reopened]
    events = select(
        StatusEvent.need_id, StatusEvent.kind, StatusEvent.to_state, type_coerce(StatusEvent.at, raw)
    ).where(StatusEvent.to_state.in_(_FIGURE_STATES), _in_scope(StatusEvent.need_id, agency_id))
    decisions = frozenset(DECISIONS)
    for need_id, kind, to_state, at in session.connection().execute(events):
        found = firsts.get(need_id)
        if found is None:
            found = firsts[need_id] = [None, None, None, None, False]
        if to_state == "reopened":
            found[4] = True
        elif to_state == "released":
            if kind == TRANSITION and (found[3] is None or at < found[3]):
                found[3] = at
        elif kind != TRANSITION:
            continue
        elif to_state == "triaged":
            if found[0] is None or at < found[0]:
                found[0] = at
        elif to_state in decisions and (found[1] is None or at < found[1]):
            found[1], found[2] = at, to_state
    needs = select(
        Need.id,
        Need.lead_agency_id,
        Need.state,
        type_coerce(Need.submitted_at, raw),
        Need.decision_extended,
        type_coerce(Need.last_update_at, raw),
    ).where(Need.submitted_at.is_not(None))
    # A need hidden by moderation (pending review) is out of the public figures and the overdue list.
    needs = needs.where(Need.id.not_in(select(HiddenItem.item_id).where(HiddenItem.item_type == "need")))
    if agency_id is not None:
        needs = needs.where(Need.lead_agency_id == agency_id)
    empty = (None, None, None, None, False)
    return [(*row, *firsts.get(row[0], empty)) for row in session.connection().execute(needs)]


@dataclass(frozen=True)
class _NeedFigures:
    """One need's contribution to the tallies."""

    lead_id: str | None
    triage_days: int | None
    triage_late: bool
    decision_days: int | None
    decision_limit: int
    decision_late: bool
    release_days: int | None
    reopened: bool
    backlog_age: int | None
    late: list[_Overdue]


def _evaluate(
    row: tuple[object, ...], calendar: WorkingDays, to_date: _SwedishDates, today: date
) -> _NeedFigures:
    need_id, lead, state, submitted_at, extended, last_update, triaged, decided, _, released, reopened = row
    lead_id = lead if isinstance(lead, str) else None
    submitted = to_date(submitted_at)
    gone = state in GONE

    def days_to(moment: object) -> int | None:
        return calendar.between(submitted, to_date(moment)) if moment is not None else None

    triage_days, decision_days, release_days = days_to(triaged), days_to(decided), days_to(released)
    triage_due = calendar.add(submitted, clocks.TRIAGE_WORKING_DAYS)
    limit = clocks.DECISION_WORKING_DAYS + (clocks.EXTENSION_WORKING_DAYS if extended else 0)
    decision_due = calendar.add(submitted, limit)
    triage_late = not gone and triage_days is None and today > triage_due
    decision_late = not gone and decision_days is None and today > decision_due
    late: list[_Overdue] = []
    if triage_late:
        late.append(
            _Overdue(str(need_id), lead_id, "triage", triage_due, calendar.between(triage_due, today))
        )
    if decision_late:
        days = calendar.between(decision_due, today)
        late.append(_Overdue(str(need_id), lead_id, "decision", decision_due, days))
    if state in UPDATE_STATES:
        last = last_update if last_update is not None else decided
        base = to_date(last) if last is not None else submitted
        update_due = base + timedelta(days=clocks.UPDATE_CALENDAR_DAYS)
        if today > update_due:
            late.append(_Overdue(str(need_id), lead_id, "update", update_due, (today - update_due).days))
    return _NeedFigures(
        lead_id=lead_id,
        triage_days=triage_days,
        triage_late=triage_late,
        decision_days=decision_days,
        decision_limit=limit,
        decision_late=decision_late,
        release_days=release_days,
        reopened=bool(reopened),
        backlog_age=calendar.between(submitted, today) if decision_days is None and not gone else None,
        late=late,
    )


def _add(tally: _Tally, need: _NeedFigures) -> None:
    tally.needs += 1
    if need.triage_days is not None:
        tally.triage.append(need.triage_days)
        tally.triage_within += need.triage_days <= clocks.TRIAGE_WORKING_DAYS
    tally.triage_counted += need.triage_days is not None or need.triage_late
    if need.decision_days is not None:
        tally.decision.append(need.decision_days)
        tally.decision_within += need.decision_days <= need.decision_limit
        tally.decided += 1
        tally.reopened += need.reopened
    tally.decision_counted += need.decision_days is not None or need.decision_late
    if need.release_days is not None:
        tally.release.append(need.release_days)
    if need.backlog_age is not None:
        tally.backlog[_bucket(need.backlog_age)] += 1
    tally.overdue_needs += bool(need.late)


def _compute(session: Session, agency_id: str | None, today: date) -> _Computed:
    rows = _first_times(session, agency_id)
    to_date = _SwedishDates()
    earliest = min((to_date(row[3]) for row in rows), default=today)
    calendar = working_days(
        min(earliest, today) - timedelta(days=1), max(today, earliest) + timedelta(days=120)
    )
    overall = _Tally()
    by_agency: dict[str | None, _Tally] = {}
    overdue: list[_Overdue] = []
    for row in rows:
        need = _evaluate(row, calendar, to_date, today)
        tally = by_agency.get(need.lead_id)
        if tally is None:
            tally = by_agency[need.lead_id] = _Tally()
        _add(overall, need)
        _add(tally, need)
        if isinstance(row[8], str):
            overall.mix[row[8]] = overall.mix.get(row[8], 0) + 1
            tally.mix[row[8]] = tally.mix.get(row[8], 0) + 1
        overdue.extend(need.late)
    overdue.sort(key=lambda item: (-item.days, item.due, item.need_id, item.deadline))
    return _Computed(
        overall=overall.figures(),
        by_agency={lead: tally.figures() for lead, tally in by_agency.items()},
        overdue=overdue,
    )


# --- the cache and the entry point -------------------------------------------------------------------------

_cache: OrderedDict[tuple[str, str | None, date, int, int], _Computed] = OrderedDict()
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _computed(session: Session, agency_id: str | None, today: date, *, use_cache: bool) -> _Computed:
    head = session.scalar(select(func.max(StatusEvent.id))) or 0
    moderated = session.scalar(select(func.max(ModerationAction.id))) or 0  # hiding changes the figures too
    key = (str(session.get_bind().engine.url), agency_id, today, int(head), int(moderated))
    if use_cache:
        with _cache_lock:
            found = _cache.get(key)
            if found is not None:
                _cache.move_to_end(key)
                return found
    computed = _compute(session, agency_id, today)
    with _cache_lock:
        _cache[key] = computed
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return computed


def resolve_agency(session: Session, key: str) -> Organisation:
    """An organisation by id or name; anything else is a 400 with a hint."""
    organisation = (
        session.get(Organisation, key)
        or session.scalars(select(Organisation).where(Organisation.name == key)).first()
    )
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
    computed = _computed(session, scope.id if scope else None, today, use_cache=use_cache)
    shown = computed.overdue[:overdue_limit]
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
