"""The engine-neutral search interface: what an area describes, asks and gets back.

An area describes its index with an `IndexSchema` (typed fields), turns its rows into engine documents
(plain dicts: "id", "num" and the schema's fields), asks with a `SearchRequest` and gets a `SearchPage` of
ids. The engine knows nothing about ads or courses; `tantivy_engine.TantivyEngine` is the embedded default.

Documents: "id" (str) is the public key, "num" (int, 0 ≤ num < 2**36, unique) the row's integer primary
key, the tie-breaker of the date sort. Text fields take a str or a list of str; keyword fields a str, a list
of str or None; date fields an aware datetime; bool and int fields their value.

Paging has no depth cap and returns every match exactly once. Date sorts order by the date to the minute,
then by num, and page by keyset on that pair, so they stay exact while the index changes. Relevance pages
come from one point in time: the cursor names the searcher (generation and commit), which the engine keeps
for `POINT_IN_TIME_SECONDS`; after that the cursor is expired (`CursorExpired`) and the client starts again.

Facets count the values of keyword fields over all the matches (a field's own filter included: a facet of
a filtered field shows only the chosen values), most frequent first, ties by value.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from samskapa.core.errors import Conflict, Invalid

FieldKind = Literal["text", "keyword", "date", "bool", "int"]
TextLang = Literal["sv", "en"]
SortOrder = Literal["relevance", "date_desc", "date_asc"]
Document = Mapping[str, Any]

FIELD_KINDS: tuple[str, ...] = ("text", "keyword", "date", "bool", "int")
SORT_ORDERS: tuple[str, ...] = ("relevance", "date_desc", "date_asc")
RESERVED_FIELDS = frozenset({"id", "num"})
MAX_LIMIT = 1000
MAX_FACET_SIZE = 1000
MAX_NUM = 1 << 36  # "num" shares a 64-bit sort key with the date in minutes
POINT_IN_TIME_SECONDS = 300.0
MAX_WORDS = 32
MAX_TEXT_CHARS = 1000
_CHUNKS = re.compile(r'"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class FieldSpec:
    """One field of an index.

    kind "text": analysed words; `lang` "sv" or "en" stems with that language's Snowball stemmer, None
    indexes the text with both. `boost` weighs matches in this field (e.g. 2.0 for a headline).
    kind "keyword": exact values, multi-valued, filterable and facetable. "date": datetimes, filterable by
    range. "bool" and "int": filterable values.
    """

    name: str
    kind: FieldKind
    lang: TextLang | None = None
    boost: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for field {self.name!r}")
        if not self.name.isidentifier() or "__" in self.name or self.name in RESERVED_FIELDS:
            raise ValueError(f"invalid field name {self.name!r}")
        if self.lang is not None and self.kind != "text":
            raise ValueError(f"only text fields have a language ({self.name!r})")
        if self.boost <= 0:
            raise ValueError(f"the boost of {self.name!r} must be positive")


@dataclass(frozen=True)
class IndexSchema:
    """An index: its name, its fields and the date field that sort="date_*" orders by.

    `version` is the area's own version of how it builds documents: bump it and existing indexes are
    replaced by a fresh (empty) generation that the keeper fills again.
    """

    name: str
    fields: tuple[FieldSpec, ...]
    date_field: str
    version: int = 1

    def __post_init__(self) -> None:
        names = [spec.name for spec in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate field names in index {self.name!r}")
        if self.field(self.date_field).kind != "date":
            raise ValueError(f"date_field {self.date_field!r} must be a date field")

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def names(self, kind: FieldKind) -> list[str]:
        return [spec.name for spec in self.fields if spec.kind == kind]

    def fingerprint(self, engine_layout: str) -> str:
        """A digest of everything that changes the on-disk layout; another one means another index."""
        raw = json.dumps({"schema": asdict(self), "layout": engine_layout}, sort_keys=True)
        return hashlib.sha256(raw.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class SearchRequest:
    """A search. Every word of `text` must match in some text field (after that field's stemming);
    "quoted phrases" match as phrases. `text_fields` restricts the text to some fields, with weights.

    Filters: `keywords` OR within a field, AND across fields; `dates` and `ints` (start, end) with
    start ≤ value < end, either end open (None); `bools` exact. With no text, "relevance" means date_desc.
    `after` is the `next` of the previous page, unchanged.
    """

    text: str | None = None
    text_fields: Mapping[str, float] | None = None
    keywords: Mapping[str, Sequence[str]] = field(default_factory=dict)
    dates: Mapping[str, tuple[datetime | None, datetime | None]] = field(default_factory=dict)
    ints: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    bools: Mapping[str, bool] = field(default_factory=dict)
    sort: SortOrder = "relevance"
    after: Mapping[str, Any] | None = None
    limit: int = 20
    facets: Sequence[str] = ()
    facet_size: int = 20

    def has_text(self) -> bool:
        return bool(self.text and self.text.strip())

    def effective_sort(self) -> SortOrder:
        return "date_desc" if self.sort == "relevance" and not self.has_text() else self.sort

    def digest(self) -> str:
        """A short digest of what selects and orders the matches, so a cursor is only used for its search."""
        raw = json.dumps(
            [
                (self.text or "").strip(),
                sorted((self.text_fields or {}).items()),
                sorted((key, sorted(values)) for key, values in self.keywords.items()),
                sorted((key, [str(v) for v in span]) for key, span in self.dates.items()),
                sorted((key, list(span)) for key, span in self.ints.items()),
                sorted(self.bools.items()),
                self.effective_sort(),
            ],
            default=str,
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class SearchPage:
    """One page: ids in order, their scores (None for date sorts), the total number of matches, the
    facet counts asked for ((value, count), most frequent first) and the position of the next page
    (None on the last page), a small JSON-able dict for `core.pagination.encode_cursor`.
    """

    ids: list[str]
    scores: list[float | None]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    next: dict[str, Any] | None


@dataclass(frozen=True)
class IndexStats:
    docs: int
    size_bytes: int
    generation: str
    watermark: int
    segments: int


class SearchError(Invalid):
    """A search the engine cannot run as asked."""

    code = "invalid_search"


class CursorExpired(Invalid):
    """The point in time a relevance cursor belongs to is gone."""

    code = "cursor_expired"

    def __init__(self) -> None:
        super().__init__(
            "The search results this cursor belongs to have expired.", hint="start the search again"
        )


class IndexBusy(Conflict):
    """Another process holds the index's writer (or is rebuilding it)."""

    code = "index_busy"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Another process is writing the search index {name!r}.",
            hint="Try again when it has finished; the keeper of that process keeps the index in step.",
        )


def text_chunks(text: str) -> list[str]:
    """The words and "quoted phrases" of a search text (an unclosed quote runs to the end)."""
    if len(text) > MAX_TEXT_CHARS:
        raise SearchError(f"The search text is longer than {MAX_TEXT_CHARS} characters.", hint="Shorten it.")
    chunks = [m.group(1) if m.group(1) is not None else m.group(2) for m in _CHUNKS.finditer(text)]
    if len(chunks) > MAX_WORDS:
        raise SearchError(f"The search text has more than {MAX_WORDS} words.", hint="Use fewer words.")
    return chunks


def nothing_to_search() -> SearchError:
    return SearchError(
        "The search text has no words to search for.", hint="Search with letters or digits, e.g. 'lärare'."
    )


def check_request(schema: IndexSchema, request: SearchRequest) -> None:
    """Refuse limits out of range and fields the schema does not have (or not of the right kind)."""
    if not 1 <= request.limit <= MAX_LIMIT:
        raise SearchError(f"limit must be between 1 and {MAX_LIMIT}.", hint="Ask for fewer items per page.")
    if not 1 <= request.facet_size <= MAX_FACET_SIZE:
        raise SearchError(f"facet_size must be between 1 and {MAX_FACET_SIZE}.", hint="Ask for fewer values.")
    kinds = {spec.name: spec.kind for spec in schema.fields}
    wanted = [
        *((name, "keyword") for name in [*request.keywords, *request.facets]),
        *((name, "date") for name in request.dates),
        *((name, "int") for name in request.ints),
        *((name, "bool") for name in request.bools),
        *((name, "text") for name in request.text_fields or {}),
    ]
    for name, kind in wanted:
        if kinds.get(name) != kind:
            raise SearchError(f"{name!r} is not a {kind} field of this index.", hint="Use a field it has.")
    after = request.after
    if after is not None and (
        after.get("s") != request.effective_sort() or after.get("q") != request.digest()
    ):
        raise SearchError("The cursor belongs to another search.", hint="start the search again")


def cursor_int(position: Mapping[str, Any], key: str, *, minimum: int | None = 0) -> int:
    """An integer of a cursor position, or a SearchError for a damaged cursor."""
    value = position.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or (minimum is not None and value < minimum):
        raise SearchError(
            "The cursor is not valid.", hint="Use the 'next' value of a previous page unchanged."
        )
    return value


def has_filters(request: SearchRequest) -> bool:
    return bool(
        any(request.keywords.values())
        or any(a is not None or b is not None for a, b in request.dates.values())
        or any(a is not None or b is not None for a, b in request.ints.values())
        or request.bools
    )


@runtime_checkable
class SearchEngine(Protocol):
    """A full-text index of one `IndexSchema`, shared by the worker processes of one data directory."""

    @property
    def schema(self) -> IndexSchema: ...

    def search(self, request: SearchRequest) -> SearchPage:
        """One page of matches; raises SearchError (nothing searchable, bad cursor) or CursorExpired."""
        ...

    def apply(self, changes: Iterable[tuple[str, Document | None]], watermark: int) -> int:
        """Upsert (delete by id, then add) or delete (None) each document, commit, and record `watermark`
        (the highest change sequence applied) with the commit. Takes the writer if free, else IndexBusy.
        Returns the number of changes applied."""
        ...

    def rebuild(self, docs: Iterable[Document], watermark: int) -> int:
        """Build a fresh generation from `docs` (one per id), switch to it atomically, drop the old one."""
        ...

    def watermark(self) -> int:
        """The highest change sequence the committed index contains (0 for a new index)."""
        ...

    def try_write(self) -> bool:
        """Take the writer if no other process holds it; False means someone else is indexing."""
        ...

    def release_writer(self) -> None:
        """Let other processes write (waits for background merges)."""
        ...

    def refresh(self) -> None:
        """See what another process committed, or the generation it switched to."""
        ...

    def stats(self) -> IndexStats: ...

    def close(self) -> None: ...
