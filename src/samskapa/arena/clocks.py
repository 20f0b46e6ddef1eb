"""The arena's clocks: working days in Sweden and the deadlines a need's lead agency has to keep.

A working day is a Monday to Friday that is not a Swedish public holiday (`holidays.Sweden`, category
`public`) and not one of the three eves that Swedish working life treats as holidays (Midsummer Eve,
Christmas Eve and New Year's Eve, the package's `de_facto` category). Saturdays and Sundays are never
working days (checked by weekday, not through the package's optional "Sunday" holidays).

Deadlines count from the day of submission in Swedish time (Europe/Stockholm):

- triage within 10 working days of submission;
- a decision within 20 working days of submission, extendable once by another 20 with a public reason;
- while planned, conditionally planned or in progress, a dated update at least every 30 *calendar* days
  (from the latest dated update: a status event or an official reply).

The clocks keep running while a need waits for information from its author (this slice does not pause
them). A need awaiting an answer is never archived: there is no archive operation, so an overdue need stays
overdue, in public, until it is answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

import holidays

from samskapa.arena.vocabulary import DECISIONS, UPDATE_STATES

SWEDEN: Final = ZoneInfo("Europe/Stockholm")
TRIAGE_WORKING_DAYS: Final = 10
DECISION_WORKING_DAYS: Final = 20
EXTENSION_WORKING_DAYS: Final = 20
UPDATE_CALENDAR_DAYS: Final = 30


@lru_cache(maxsize=64)
def _non_working_holidays(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=("public", "de_facto"), include_sundays=False
    )
    return frozenset(calendar.keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday, and neither a public holiday nor Midsummer Eve, Christmas Eve or New Year's Eve."""
    return day.weekday() < 5 and day not in _non_working_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself never counts; n = 0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    remaining = n
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` (negative when b is before a), so that
    `working_days_between(a, add_working_days(a, n)) == n`."""
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def swedish_date(moment: datetime) -> date:
    """The calendar day in Sweden of a UTC timestamp."""
    return moment.astimezone(SWEDEN).date()


@dataclass(frozen=True)
class ClockInput:
    """What the clocks need to know of a need."""

    state: str
    submitted_at: datetime | None
    triaged_at: datetime | None
    decided_at: datetime | None
    decision_extended: bool
    last_update_at: datetime | None


@dataclass(frozen=True)
class ClockStatus:
    """A need's deadlines at one date: None where a clock has not started or does not apply."""

    triage_due: date | None
    triage_overdue: bool
    decision_due: date | None
    decision_extended: bool
    decision_overdue: bool
    update_due: date | None
    update_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.triage_overdue or self.decision_overdue or self.update_overdue


def clock_status(need: ClockInput, *, today: date) -> ClockStatus:
    """The need's due dates and which are overdue on `today` (a deadline day itself is not overdue)."""
    if need.submitted_at is None:
        return ClockStatus(None, False, None, need.decision_extended, False, None, False)
    submitted = swedish_date(need.submitted_at)
    open_need = need.state not in ("merged", "withdrawn")
    triage_due = add_working_days(submitted, TRIAGE_WORKING_DAYS)
    triage_overdue = open_need and need.triaged_at is None and today > triage_due
    days = DECISION_WORKING_DAYS + (EXTENSION_WORKING_DAYS if need.decision_extended else 0)
    decision_due = add_working_days(submitted, days)
    decided = need.decided_at is not None or need.state in DECISIONS
    decision_overdue = open_need and not decided and today > decision_due
    update_due: date | None = None
    update_overdue = False
    if need.state in UPDATE_STATES:
        last = need.last_update_at or need.decided_at or need.submitted_at
        update_due = swedish_date(last) + timedelta(days=UPDATE_CALENDAR_DAYS)
        update_overdue = today > update_due
    return ClockStatus(
        triage_due=triage_due,
        triage_overdue=triage_overdue,
        decision_due=decision_due,
        decision_extended=need.decision_extended,
        decision_overdue=decision_overdue,
        update_due=update_due,
        update_overdue=update_overdue,
    )
