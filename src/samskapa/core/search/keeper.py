"""The index keeper: holds a search index in step with the database, from any number of worker processes.

The database is the truth; the index is a copy that may lag by a few seconds. An area exposes its changes
as a `ChangeFeed`: every insert, update or removal of a row gives the row a new, higher change sequence
number (`seq`), and `changes_since(seq, limit)` returns the rows changed after `seq`, in seq order, each
with its current engine document (or None when it is removed or no longer searchable). A row appears once,
at its latest seq, so a scan from 0 lists every live row once. `max_seq()` is the highest seq.

The index records a watermark: the highest seq it contains, written with each commit. `sync_once()`:

1. refreshes the engine (sees what another process committed, or the generation it switched to);
2. if the watermark is below `feed.max_seq()`, tries to take the index's writer lock. Only one process
   at a time gets it (tantivy's lock file, released when the process dies); the others skip this round
   and simply go on serving searches from the refreshed index;
3. the process with the lock applies the changes after the watermark in batches (5,000 by default):
   each change is delete-by-id then add, the batch is committed and the batch's last seq becomes the
   watermark. Applying a change twice is harmless, so a crash between a commit and its watermark only
   repeats work;
4. it releases the lock, so another process (or a rebuild) can write next time.

Every app worker process runs one keeper per index in a daemon thread (`start(interval)`), so whichever
worker gets the lock indexes and all of them see the result within one interval. Failures are logged
(the index name and the kind of error, never document contents) and retried on the next round; they never
stop the thread.

`rebuild()` builds a fresh generation from a full scan of the feed (up to the `max_seq()` seen when it
starts), switches every process to it atomically, and then catches up with whatever changed meanwhile.
It runs when the schema changes, or by hand (the CLI), while searches go on against the old generation.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from samskapa.core.search.engine import Document, SearchEngine

logger = logging.getLogger("samskapa.search")

Change = tuple[int, str, dict[str, Any] | None]


class ChangeFeed(Protocol):
    """The changes of one index's rows, by change sequence number (see the module docstring)."""

    def max_seq(self) -> int: ...

    def changes_since(self, seq: int, limit: int) -> list[Change]: ...


@dataclass(frozen=True)
class SyncResult:
    """What one round did: `applied` changes, the `watermark` after it, and whether this process wrote
    (False when the index was up to date or another process held the writer)."""

    applied: int
    watermark: int
    wrote: bool
    busy: bool = False


class IndexKeeper:
    """Keeps `engine` in step with `feed`; see the module docstring."""

    def __init__(self, engine: SearchEngine, feed: ChangeFeed, *, batch_size: int = 5000) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self.engine = engine
        self.feed = feed
        self.batch_size = batch_size
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._round = threading.Lock()

    @property
    def name(self) -> str:
        return self.engine.schema.name

    def sync_once(self) -> SyncResult:
        """One round: refresh, and if the index lags and the writer is free, catch up."""
        with self._round:
            self.engine.refresh()
            target = self.feed.max_seq()
            mark = self.engine.watermark()
            if mark >= target:
                return SyncResult(applied=0, watermark=mark, wrote=False)
            if not self.engine.try_write():
                return SyncResult(applied=0, watermark=mark, wrote=False, busy=True)
            applied = 0
            try:
                mark = self.engine.watermark()  # what the previous writer left, now that we hold the lock
                while True:
                    batch = self.feed.changes_since(mark, self.batch_size)
                    if not batch:
                        break
                    applied += self.engine.apply(((ident, doc) for _, ident, doc in batch), batch[-1][0])
                    mark = batch[-1][0]
                    if len(batch) < self.batch_size:
                        break
            finally:
                self.engine.release_writer()
            self.engine.refresh()
            return SyncResult(applied=applied, watermark=mark, wrote=True)

    def rebuild(self, feed: ChangeFeed | None = None) -> int:
        """Build a fresh generation from seq 0, switch to it, then catch up. Returns the documents indexed."""
        feed = feed or self.feed
        with self._round:
            target = feed.max_seq()
            count = self.engine.rebuild(_live_documents(feed, target, self.batch_size), target)
        logger.info("search index %s: rebuilt with %d documents up to change %d", self.name, count, target)
        self.sync_once()
        return count

    def start(self, interval: float = 2.0) -> None:
        """Run `sync_once` now and then every `interval` seconds in a daemon thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name=f"search-keeper-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the thread after its current round."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                result = self.sync_once()
                if result.applied:
                    logger.debug(
                        "search index %s: %d changes, now at %d", self.name, result.applied, result.watermark
                    )
            except Exception as exc:  # the keeper outlives any failure; no message: it may quote data
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                logger.error(
                    "search index %s: sync failed (%s at %s:%s); retrying",
                    self.name,
                    type(exc).__name__,
                    Path(frame.filename).name,
                    frame.lineno,
                )
            self._stop.wait(interval)


def _live_documents(feed: ChangeFeed, target: int, batch_size: int) -> Iterator[Document]:
    seq = 0
    while seq < target:
        batch = feed.changes_since(seq, batch_size)
        for change_seq, ident, doc in batch:
            if change_seq > target:
                return
            if doc is not None:
                yield doc if "id" in doc else {**doc, "id": ident}
        if not batch:
            return
        seq = batch[-1][0]


@dataclass
class SearchIndex:
    """An open index and the keeper that holds it in step with the database."""

    engine: SearchEngine
    keeper: IndexKeeper
