"""The search indexes of the published collections, wired in one place (like models.py for the tables).

Each worker process opens the same index directories; its keeper thread brings each index up to date with
the database every `search_sync_seconds` (only the process holding the writer lock writes; see
core/search/keeper.py). The CLI opens them too, to index right after an ingest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from samskapa.core.collection import CollectionFeed, SessionProvider
from samskapa.core.db import session_scope
from samskapa.core.search.engine import SearchEngine
from samskapa.core.search.keeper import IndexKeeper, SearchIndex
from samskapa.education import search as education_search
from samskapa.job_ads import search as ad_search

OPENERS: dict[str, tuple[Callable[[Path], SearchEngine], Callable[[SessionProvider], CollectionFeed]]] = {
    "job_ads": (ad_search.open_engine, ad_search.feed),
    "education": (education_search.open_engine, education_search.feed),
}


def open_indexes(
    search_dir: Path, factory: sessionmaker[Session], names: tuple[str, ...] = tuple(OPENERS)
) -> dict[str, SearchIndex]:
    """The named collections' indexes under `search_dir`, each with a keeper reading through `factory`."""
    indexes = {}
    for name in names:
        open_engine, feed = OPENERS[name]
        engine = open_engine(search_dir)
        indexes[name] = SearchIndex(engine, IndexKeeper(engine, feed(lambda: session_scope(factory))))
    return indexes


def close_indexes(indexes: dict[str, SearchIndex]) -> None:
    for index in indexes.values():
        index.keeper.stop()
        index.engine.close()
