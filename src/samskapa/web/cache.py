"""Caching of responses that only change when a new version of their data is loaded.

The taxonomy changes only when `samskapa taxonomy load` makes a new version, so a rendered concept is
valid until then. `VersionWatch` knows the latest version (asking the database at most every few seconds,
so a load in another process is seen within that time); `ResponseCache` keeps rendered bodies with their
ETag and forgets them all when the version moves on.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool


class VersionWatch:
    """The latest version of some data, re-read at most every `recheck_seconds`."""

    def __init__(self, fetch: Callable[[], int | None], *, recheck_seconds: float = 5.0) -> None:
        self._fetch = fetch
        self._recheck = recheck_seconds
        self._value: int | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def _fresh(self) -> bool:
        return time.monotonic() - self._checked_at < self._recheck

    def get(self) -> int | None:
        """The latest version (blocking: may ask the database)."""
        if self._fresh():
            return self._value
        with self._lock:
            if not self._fresh():
                self._value = self._fetch()
                self._checked_at = time.monotonic()
            return self._value

    async def current(self) -> int | None:
        """The latest version, asking the database in a worker thread only when the answer is old."""
        if self._fresh():
            return self._value
        return await run_in_threadpool(self.get)


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> CachedResponse:
        """A body with its strong ETag (a hash of the bytes)."""
        return cls(body=body, etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"')


class ResponseCache:
    """A bounded LRU of rendered responses for one data version."""

    def __init__(self, *, max_entries: int) -> None:
        self._max = max_entries
        self._version: int | None = None
        self._entries: OrderedDict[Hashable, CachedResponse] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int | None) -> CachedResponse | None:
        with self._lock:
            if version != self._version:
                return None
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, version: int | None, response: CachedResponse) -> None:
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            self._entries[key] = response
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
