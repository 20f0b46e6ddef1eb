"""The search indexes of one app process: an engine and a keeper per published collection.

Each worker process opens the same index directories; its keeper thread brings the index up to date with
the database every `search_sync_seconds` (only the process holding the writer lock writes; see
core/search/keeper.py). The CLI uses `open_indexes` too, to index right after an ingest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from samskapa.core.collection import CollectionFeed, SessionProvider
from samskapa.core.db import session_scope
from samskapa.core.search.engine import SearchEngine
from samskapa.core.search.keeper import IndexKeeper
from samskapa.education import search as education_search
from samskapa.job_ads import search as ad_search

OPENERS: dict[str, tuple[Callable[[Path], SearchEngine], Callable[[SessionProvider], CollectionFeed]]] = {
    "job_ads": (ad_search.open_engine, ad_search.feed),
    "education": (education_search.open_engine, education_search.feed),
}


@dataclass
class SearchIndex:
    engine: SearchEngine
    keeper: IndexKeeper


def open_indexes(search_dir: Path, factory: sessionmaker[Session]) -> dict[str, SearchIndex]:
    """Every collection's index under `search_dir`, with a keeper reading through `factory`'s sessions."""

    indexes = {}
    for name, (open_engine, feed) in OPENERS.items():
        engine = open_engine(search_dir)
        indexes[name] = SearchIndex(engine, IndexKeeper(engine, feed(lambda: session_scope(factory))))
    return indexes


def close_indexes(indexes: dict[str, SearchIndex]) -> None:
    for index in indexes.values():
        index.keeper.stop()
        index.engine.close()


def index_of(request: Request, name: str) -> SearchIndex:
    indexes: dict[str, SearchIndex] = request.app.state.search_indexes
    return indexes[name]
