"""The request's way to the process's search indexes (opened in main.create_app by samskapa.indexes)."""

from __future__ import annotations

from fastapi import Request

from samskapa.core.search.keeper import SearchIndex


def index_of(request: Request, name: str) -> SearchIndex:
    indexes: dict[str, SearchIndex] = request.app.state.search_indexes
    return indexes[name]
