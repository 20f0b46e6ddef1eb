"""Working days in Sweden and the need clocks, with fixed dates across weekends and holidays (2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskapa.arena.clocks import (
    ClockInput,
    add_working_days,
    clock_status,
    is_working_day,
    swedish_date,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 1), False),  # May Day
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 6, 5), True),  # the Friday before National Day
        (date(2026, 6, 6), False),  # National Day, a Saturday: no day off in lieu
        (date(2026, 6, 8), True),
        (date(2026, 6, 19), False),  # Midsummer Eve: treated as a holiday in Swedish working life
        (date(2026, 12, 24), False),  # Christmas Eve, likewise
        (date(2026, 12, 25), False),
        (date(2026, 12, 31), False),  # New Year's Eve, likewise
        (date(2027, 1, 6), False),  # Epiphany
        (date(2026, 11, 28), False),  # a Saturday
        (date(2026, 11, 29), False),  # a Sunday
        (date(2026, 11, 30), True),  # a Monday
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 -> Monday
        (date(2026, 11, 30), 0, date(2026, 11, 30)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Easter: Good Friday to Easter Monday
        (date(2026, 3, 30), 10, date(2026, 4, 15)),
        (date(2026, 3, 30), 20, date(2026, 4, 29)),
        (date(2026, 3, 30), 40, date(2026, 5, 29)),  # past May Day and Ascension Day
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # over Ascension Day
        (date(2026, 6, 5), 1, date(2026, 6, 8)),  # National Day on a Saturday changes nothing
        (date(2026, 6, 18), 1, date(2026, 6, 22)),  # over Midsummer Eve
        (date(2026, 12, 23), 1, date(2026, 12, 28)),  # over Christmas
        (date(2026, 12, 23), 4, date(2027, 1, 4)),  # and New Year's Eve and Day
        (date(2026, 12, 23), 6, date(2027, 1, 7)),  # and Epiphany
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected
    assert working_days_between(start, expected) == n


def test_working_days_between() -> None:
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == -1
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 27)) == 0
    assert (
        working_days_between(date(2026, 6, 1), date(2026, 6, 30)) == 20
    )  # 22 weekdays, less Midsummer Eve and 1 June itself
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 1, 1), -1)


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)), st.integers(0, 60))
def test_add_and_between_agree(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or is_working_day(end)


SUBMITTED = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # 09:00 in Stockholm, a Monday


def _need(**changes: object) -> ClockInput:
    values: dict[str, object] = {
        "state": "submitted",
        "submitted_at": SUBMITTED,
        "triaged_at": None,
        "decided_at": None,
        "decision_extended": False,
        "last_update_at": None,
    }
    values.update(changes)
    return ClockInput(**values)  # type: ignore[arg-type]


def test_the_day_of_submission_is_swedish() -> None:
    # 23:30 UTC on Sunday 29 March is 01:30 on Monday 30 March in Stockholm (summer time began that night).
    assert swedish_date(datetime(2026, 3, 29, 23, 30, tzinfo=UTC)) == date(2026, 3, 30)
    late = clock_status(_need(submitted_at=datetime(2026, 3, 29, 23, 30, tzinfo=UTC)), today=date(2026, 4, 1))
    assert late.triage_due == date(2026, 4, 15)


def test_triage_and_decision_clocks() -> None:
    on_the_day = clock_status(_need(), today=date(2026, 4, 15))
    assert on_the_day.triage_due == date(2026, 4, 15)
    assert on_the_day.decision_due == date(2026, 4, 29)
    assert not on_the_day.triage_overdue
    assert not on_the_day.overdue
    late = clock_status(_need(), today=date(2026, 4, 16))
    assert late.triage_overdue
    assert late.overdue
    assert not late.decision_overdue
    triaged = clock_status(_need(state="triaged", triaged_at=SUBMITTED), today=date(2026, 4, 30))
    assert not triaged.triage_overdue
    assert triaged.decision_overdue
    extended = clock_status(
        _need(state="under_assessment", triaged_at=SUBMITTED, decision_extended=True), today=date(2026, 4, 30)
    )
    assert extended.decision_due == date(2026, 5, 29)
    assert not extended.decision_overdue
    decided = clock_status(
        _need(state="declined", triaged_at=SUBMITTED, decided_at=SUBMITTED), today=date(2026, 12, 1)
    )
    assert not decided.overdue
    withdrawn = clock_status(_need(state="withdrawn"), today=date(2026, 12, 1))
    assert not withdrawn.overdue


def test_the_update_clock_counts_calendar_days() -> None:
    update = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    planned = _need(state="planned", triaged_at=SUBMITTED, decided_at=SUBMITTED, last_update_at=update)
    assert clock_status(planned, today=date(2026, 5, 31)).update_due == date(2026, 5, 31)
    assert not clock_status(planned, today=date(2026, 5, 31)).update_overdue
    assert clock_status(planned, today=date(2026, 6, 1)).update_overdue
    released = _need(state="released", triaged_at=SUBMITTED, decided_at=SUBMITTED, last_update_at=update)
    assert clock_status(released, today=date(2026, 9, 1)).update_due is None
    draft = clock_status(_need(state="draft", submitted_at=None), today=date(2026, 9, 1))
    assert draft.triage_due is None
    assert not draft.overdue
