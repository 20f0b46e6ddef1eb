"""Dataset search shared by /v1/datasets and CKAN's package_search: filters, free text, facets, order."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.catalogue.errors import InvalidSearch
from samskapa.catalogue.models import Dataset, DatasetConcept, DatasetKeyword, DatasetTheme, Distribution
from samskapa.core.text import fold

FACETS = ("publisher", "theme", "format", "licence", "concept", "access_rights", "keyword")
SORTS = {
    "modified": Dataset.modified,
    "issued": Dataset.issued,
    "title_sv": Dataset.title_sv,
    "title_en": Dataset.title_en,
    "name": Dataset.name,
    "id": Dataset.id,
}
# Every column a query may be ordered by through DatasetQuery.order (SORTS is what /v1 offers).
ORDER_COLUMNS: dict[str, Any] = {**SORTS, "created": Dataset.created_at}
# Columns a text clause ("title", "description") looks in, with a case-insensitive substring match.
TEXT_COLUMNS: dict[str, tuple[Any, ...]] = {
    "title": (Dataset.title_sv, Dataset.title_en),
    "description": (Dataset.description_sv, Dataset.description_en),
}
DATE_COLUMNS: dict[str, Any] = {
    "modified": Dataset.modified,
    "created": Dataset.created_at,
    "issued": Dataset.issued,
}


@dataclass(frozen=True)
class DateRange:
    """A range over one timestamp ('modified', 'created' or 'issued'); an open end is None."""

    field: str
    start: datetime | None = None
    end: datetime | None = None
    include_start: bool = True
    include_end: bool = True


@dataclass
class DatasetQuery:
    """What to look for. Filters are ANDed across fields and ORed within one field."""

    terms: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    modified_from: datetime | None = None
    modified_to: datetime | None = None
    sort: str = "modified"
    descending: bool = True
    states: tuple[str, ...] = ("active",)
    # Clauses ANDed with each other and with `filters`; the values of one clause are ORed. A clause names a
    # filter (as in `filters`) or a text field of TEXT_COLUMNS. Lets one field be required twice (CKAN's fq).
    clauses: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    ranges: list[DateRange] = field(default_factory=list)
    # When given, the order (column name of ORDER_COLUMNS, descending) used instead of sort/descending;
    # id is always added last. Keyset paging (`after`) does not support it: page with offsets.
    order: tuple[tuple[str, bool], ...] = ()


_CHILD_COLUMNS: dict[str, tuple[Any, Any]] = {
    "theme": (DatasetTheme.dataset_id, DatasetTheme.theme),
    "concept": (DatasetConcept.dataset_id, DatasetConcept.concept_id),
    "keyword": (DatasetKeyword.dataset_id, DatasetKeyword.keyword),
    "format": (Distribution.dataset_id, Distribution.format),
    "licence": (Distribution.dataset_id, Distribution.licence),
}
_OWN_COLUMNS: dict[str, Any] = {
    "access_rights": Dataset.access_rights,
    "id": Dataset.id,
    "name": Dataset.name,
}


def _filter_condition(name: str, values: Sequence[str]) -> Any:
    if name == "publisher":
        return Dataset.organisation_id.in_(
            select(Organisation.id).where(or_(Organisation.name.in_(values), Organisation.id.in_(values)))
        )
    if name in _CHILD_COLUMNS:
        key, column = _CHILD_COLUMNS[name]
        return Dataset.id.in_(select(key).where(column.in_(values)))
    if name in _OWN_COLUMNS:
        return _OWN_COLUMNS[name].in_(values)
    raise InvalidSearch(f"Unknown filter '{name}'.", hint=f"Filter on: {', '.join((*FACETS, 'id', 'name'))}.")


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _clause_condition(name: str, values: Sequence[str]) -> Any:
    if name in TEXT_COLUMNS:
        return or_(
            *(
                column.ilike(_like_pattern(value.strip()), escape="\\")
                for value in values
                for column in TEXT_COLUMNS[name]
            )
        )
    return _filter_condition(name, values)


def _range_condition(date_range: DateRange) -> list[Any]:
    column = DATE_COLUMNS.get(date_range.field)
    if column is None:
        raise InvalidSearch(
            f"No range on '{date_range.field}'.", hint=f"Ranges work on: {', '.join(DATE_COLUMNS)}."
        )
    where: list[Any] = []
    if date_range.start is not None:
        where.append(column >= date_range.start if date_range.include_start else column > date_range.start)
    if date_range.end is not None:
        where.append(column <= date_range.end if date_range.include_end else column < date_range.end)
    return where


def conditions(query: DatasetQuery, *, skip_filter: str | None = None) -> list[Any]:
    """The WHERE conditions of a query (optionally without one filter, for that filter's own facet)."""
    where: list[Any] = [Dataset.state.in_(query.states)]
    for term in query.terms:
        folded = fold(term)
        if folded:
            where.append(Dataset.search_text.like(f"%{folded}%"))
    for name, values in query.filters.items():
        if values and name != skip_filter:
            where.append(_filter_condition(name, values))
    if query.modified_from is not None:
        where.append(Dataset.modified >= query.modified_from)
    if query.modified_to is not None:
        where.append(Dataset.modified <= query.modified_to)
    for name, wanted in query.clauses:
        if wanted and name != skip_filter:
            where.append(_clause_condition(name, wanted))
    for date_range in query.ranges:
        where.extend(_range_condition(date_range))
    return where


def ordered(query: DatasetQuery) -> Select[Dataset]:
    """Matching datasets in a total order (the sort field, then id)."""
    if query.order:
        return _ordered_by(query)
    column = SORTS.get(query.sort)
    if column is None:
        raise InvalidSearch(f"Unknown sort field '{query.sort}'.", hint=f"Sort on: {', '.join(SORTS)}.")
    statement = select(Dataset).where(*conditions(query))
    if query.descending:
        return statement.order_by(column.desc(), Dataset.id.desc())
    return statement.order_by(column.asc(), Dataset.id.asc())


def _ordered_by(query: DatasetQuery) -> Select[Dataset]:
    keys: list[Any] = []
    for name, descending in query.order:
        column = ORDER_COLUMNS.get(name)
        if column is None:
            raise InvalidSearch(f"Unknown sort field '{name}'.", hint=f"Sort on: {', '.join(ORDER_COLUMNS)}.")
        keys.append(column.desc() if descending else column.asc())
        if name == "id":
            break  # ids are unique: later keys change nothing
    else:
        keys.append(Dataset.id.desc() if query.order[-1][1] else Dataset.id.asc())
    return select(Dataset).where(*conditions(query)).order_by(*keys)


def after(statement: Select[Dataset], query: DatasetQuery, position: tuple[Any, str]) -> Select[Dataset]:
    """Keyset paging: the rows after `position` (the sort value and id of the last row seen)."""
    column = SORTS[query.sort]
    value, last_id = position
    if query.descending:
        return statement.where(or_(column < value, and_(column == value, Dataset.id < last_id)))
    return statement.where(or_(column > value, and_(column == value, Dataset.id > last_id)))


def count(session: Session, query: DatasetQuery) -> int:
    return session.scalar(select(func.count()).select_from(Dataset).where(*conditions(query))) or 0


@dataclass
class _Facet:
    """One facet as parallel arrays: per (dataset, value) pair, the dataset position and the value code."""

    labels: list[str]
    owners: np.ndarray[Any, np.dtype[np.int64]]
    codes: np.ndarray[Any, np.dtype[np.int64]]


@dataclass
class _FacetIndex:
    """Every dataset's facet values: built once per state of the catalogue."""

    stamp: tuple[Any, ...]
    positions: dict[str, int]
    facets: dict[str, _Facet]


_FACET_INDEXES: dict[str, _FacetIndex] = {}
_FACET_LOCK = threading.Lock()


def _facet_index(session: Session) -> _FacetIndex:
    """The facet values of every dataset, rebuilt when a dataset was added or changed (every write moves
    `modified`, so the newest `modified` and the count identify the catalogue's state)."""
    stamp = tuple(
        session.execute(select(func.max(Dataset.modified), func.count()).select_from(Dataset)).one()
    )
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _FACET_INDEXES.get(key)
    if cached is not None and cached.stamp == stamp:
        return cached
    statements: dict[str, Any] = {
        "publisher": select(Dataset.id, Organisation.name).join(
            Organisation, Organisation.id == Dataset.organisation_id
        ),
        "access_rights": select(Dataset.id, Dataset.access_rights),
    }
    statements.update(
        {name: select(key_column, column).distinct() for name, (key_column, column) in _CHILD_COLUMNS.items()}
    )
    positions = {dataset_id: number for number, dataset_id in enumerate(session.scalars(select(Dataset.id)))}
    facets: dict[str, _Facet] = {}
    for name, statement in statements.items():
        labels: dict[str, int] = {}
        owners: list[int] = []
        codes: list[int] = []
        for dataset_id, value in session.execute(statement):
            owners.append(positions[dataset_id])
            codes.append(labels.setdefault(str(value), len(labels)))
        facets[name] = _Facet(
            labels=list(labels),
            owners=np.array(owners, dtype=np.int64),
            codes=np.array(codes, dtype=np.int64),
        )
    index = _FacetIndex(stamp=stamp, positions=positions, facets=facets)
    with _FACET_LOCK:
        _FACET_INDEXES[key] = index
    return index


def facets(
    session: Session, query: DatasetQuery, *, names: Sequence[str], limit: int = 50
) -> dict[str, list[tuple[str, int]]]:
    """Counts per value of each facet among the matching datasets, largest first.

    The matching ids come from the database in one query; the counting runs over an in-process index of
    every dataset's facet values, so that the filter is evaluated once however many facets are asked for.
    """
    unknown = [name for name in names if name not in FACETS]
    if unknown:
        raise InvalidSearch(f"Unknown facet(s) {', '.join(unknown)}.", hint=f"Facets: {', '.join(FACETS)}.")
    if not names:
        return {}
    index = _facet_index(session)
    matching = np.zeros(len(index.positions), dtype=bool)
    found = [index.positions[i] for i in session.scalars(select(Dataset.id).where(*conditions(query)))]
    matching[found] = True
    result: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        facet = index.facets[name]
        counts = np.bincount(facet.codes[matching[facet.owners]], minlength=len(facet.labels))
        ranked = sorted(
            ((facet.labels[code], int(count)) for code, count in enumerate(counts) if count),
            key=lambda item: (-item[1], item[0]),
        )
        result[name] = ranked[:limit]
    return result
