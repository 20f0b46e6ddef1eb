"""Per-client rate limits: a fixed one-minute window per client, kept in the process.

Behind the `RateLimiter` protocol so that a shared store (Redis, PostgreSQL) can replace it when several
workers must share one budget; with N workers the in-process limiter allows up to N times the limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        """RateLimit-Policy and RateLimit (IETF httpapi draft), plus Retry-After on refusal."""
        headers = {
            "RateLimit-Policy": f'"per-minute";q={self.limit};w={WINDOW_SECONDS}',
            "RateLimit": f'"per-minute";r={self.remaining};t={self.reset_seconds}',
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


class RateLimiter(Protocol):
    def hit(self, client_id: str, limit: int) -> Decision: ...


class InProcessRateLimiter:
    """Counts requests per client in fixed windows of a minute."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._now = clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, client_id: str, limit: int) -> Decision:
        now = self._now()
        with self._lock:
            start, count = self._windows.get(client_id, (now, 0))
            if now - start >= WINDOW_SECONDS:
                start, count = now, 0
            reset = max(1, math.ceil(start + WINDOW_SECONDS - now))
            if count >= limit:
                return Decision(allowed=False, limit=limit, remaining=0, reset_seconds=reset)
            self._windows[client_id] = (start, count + 1)
            return Decision(allowed=True, limit=limit, remaining=limit - count - 1, reset_seconds=reset)
