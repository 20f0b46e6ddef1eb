"""Sign-in throttling: at most `MAX_FAILURES` failed sign-ins per email within a sliding window.

Kept in the process behind the `LoginThrottle` protocol, like the API rate limiter: a failed attempt is an
error, and the request's transaction is rolled back on errors, so a table would lose exactly the records it
is meant to keep. With N workers the in-process throttle allows up to N times the limit; a shared store
(Redis, a PostgreSQL table written in its own transaction) can replace it behind the same protocol.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
# Past this many tracked emails, emails whose failures all lie outside the window are forgotten.
PRUNE_ABOVE = 10_000


class LoginThrottle(Protocol):
    def retry_after(self, email: str) -> int | None:
        """Seconds until `email` may try again, or None when it may try now."""
        ...

    def failed(self, email: str) -> None:
        """Record a failed sign-in for `email`."""
        ...

    def succeeded(self, email: str) -> None:
        """Forget the failures of `email` after a successful sign-in."""
        ...


class InProcessLoginThrottle:
    """Failed sign-ins per (lower-cased) email in a sliding window of `window_seconds`."""

    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window_seconds: int = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failures
        self._window = window_seconds
        self._now = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, email: str, now: float) -> deque[float]:
        times = self._failures.setdefault(email.lower(), deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        return times

    def retry_after(self, email: str) -> int | None:
        now = self._now()
        with self._lock:
            times = self._recent(email, now)
            if len(times) < self._max:
                return None
            return max(1, math.ceil(times[0] + self._window - now))

    def failed(self, email: str) -> None:
        now = self._now()
        with self._lock:
            self._recent(email, now).append(now)
            if len(self._failures) > PRUNE_ABOVE:
                for key in [k for k, v in self._failures.items() if not v or now - v[-1] >= self._window]:
                    del self._failures[key]

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(email.lower(), None)
