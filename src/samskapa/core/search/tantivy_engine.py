"""The embedded search engine: tantivy (Rust, through its Python bindings) in a directory of generations.

Layout of `directory`:
    CURRENT              the name of the generation in use, replaced atomically (write, fsync, rename)
    gen-000007/          a tantivy index + samskapa-index.json ({schema fingerprint, watermark, opstamp})
    layout.lock          flock held briefly while CURRENT is read-checked or switched
    rebuild.lock         flock held for the whole of a rebuild (one at a time)

Fields: text fields become one tantivy field per language ("<name>__sv", "<name>__en": simple tokenizer,
lowercase, words over 40 characters dropped, Snowball stemmer), keyword fields raw-tokenized fast fields (for
filters and terms aggregations), dates/bools/ints indexed fast fields, "id" a stored raw field, and "__key" =
(date in minutes << 36) | num, the fast i64 the date sorts and their keyset cursors use.

The watermark is written to samskapa-index.json after each commit: a crash in between only makes the keeper
apply the same changes again, which is harmless (an upsert is delete-then-add by id).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import tantivy
from tantivy import FieldType, Occur, Order, Query

from samskapa.core.search.engine import (
    MAX_FACET_SIZE,
    MAX_LIMIT,
    MAX_NUM,
    POINT_IN_TIME_SECONDS,
    CursorExpired,
    Document,
    IndexBusy,
    IndexSchema,
    IndexStats,
    SearchError,
    SearchPage,
    SearchRequest,
)

LAYOUT = "tantivy-0.27/1"
CURRENT_FILE = "CURRENT"
STATE_FILE = "samskapa-index.json"
KEY = "__key"
LANGS = {"sv": "swedish", "en": "english"}
MAX_WORDS = 32
MAX_TEXT_CHARS = 1000
_MINUTES_LIMIT = 1 << 26
_CHUNKS = re.compile(r'"([^"]*)"?|([^\s"]+)')
_KEEP_SNAPSHOTS = 32


def analyzer(lang: str) -> tantivy.TextAnalyzer:
    """The analyzer of "<lang>_stem", the same at index and at query time."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.stemmer(LANGS[lang]))
        .build()
    )


def sort_key(date: datetime | None, num: int) -> int:
    """(minutes since 1970 << 36) | num: one unique i64 ordering by date, then num."""
    if not 0 <= num < MAX_NUM:
        raise ValueError("num must be in [0, 2**36)")
    minutes = -_MINUTES_LIMIT if date is None else int(date.timestamp() // 60)
    return (max(-_MINUTES_LIMIT, min(_MINUTES_LIMIT - 1, minutes)) << 36) | num


@dataclass
class _Snapshot:
    """One searcher, at one commit of one generation; old ones stay for relevance cursors."""

    generation: str
    opstamp: int
    index: tantivy.Index
    searcher: tantivy.Searcher
    retired: float | None = None
    cache: dict[tuple[Any, ...], tuple[int, dict[str, list[tuple[str, int]]]]] = field(default_factory=dict)


@contextlib.contextmanager
def _flock(path: Path, *, blocking: bool) -> Iterator[bool]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class TantivyEngine:
    """A `SearchEngine` over tantivy; see the module docstring for the layout on disk."""

    def __init__(
        self,
        directory: Path,
        schema: IndexSchema,
        *,
        heap_bytes: int = 256_000_000,
        threads: int = 2,
        point_in_time_seconds: float = POINT_IN_TIME_SECONDS,
    ) -> None:
        self._dir = Path(directory)
        self._schema = schema
        self._heap, self._threads, self._pit_seconds = heap_bytes, threads, point_in_time_seconds
        self._fingerprint = schema.fingerprint(LAYOUT)
        self._analyzers = {lang: analyzer(lang) for lang in LANGS}
        self._tantivy_schema = self._build_schema()
        self._text_fields = [
            (f"{spec.name}__{lang}", spec.name, lang, spec.boost)
            for spec in schema.fields
            if spec.kind == "text"
            for lang in ((spec.lang,) if spec.lang else tuple(LANGS))
        ]
        self._lock = threading.RLock()
        self._writer: tantivy.IndexWriter | None = None
        self._snapshots: dict[tuple[str, int], _Snapshot] = {}
        self._dir.mkdir(parents=True, exist_ok=True)
        with _flock(self._dir / "layout.lock", blocking=True):
            generation = self._read_current()
            if generation is None or not self._usable(generation):
                generation = self._new_generation()
                self._switch(generation)
        self._current = self._open_snapshot(generation)

    @property
    def schema(self) -> IndexSchema:
        return self._schema

    # --- layout ----------------------------------------------------------------------------------------

    def _build_schema(self) -> tantivy.Schema:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
        builder.add_integer_field(KEY, indexed=True, fast=True)
        for spec in self._schema.fields:
            if spec.kind == "text":
                for lang in (spec.lang,) if spec.lang else tuple(LANGS):
                    builder.add_text_field(f"{spec.name}__{lang}", tokenizer_name=f"{lang}_stem")
            elif spec.kind == "keyword":
                builder.add_text_field(spec.name, fast=True, tokenizer_name="raw", index_option="basic")
            elif spec.kind == "date":
                builder.add_date_field(spec.name, indexed=True, fast=True)
            elif spec.kind == "bool":
                builder.add_boolean_field(spec.name, indexed=True, fast=True)
            else:
                builder.add_integer_field(spec.name, indexed=True, fast=True)
        return builder.build()

    def _read_current(self) -> str | None:
        try:
            name = (self._dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if re.fullmatch(r"gen-\d{6}", name) else None

    def _state(self, generation: str) -> dict[str, Any]:
        try:
            state = json.loads((self._dir / generation / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    def _usable(self, generation: str) -> bool:
        path = str(self._dir / generation)
        return (
            self._state(generation).get("schema") == self._fingerprint
            and tantivy.Index.exists(path)
            and tantivy.Index.is_compatible(path)
        )

    def _new_generation(self) -> str:
        numbers = [int(p.name[4:]) for p in self._dir.glob("gen-[0-9]*") if p.name[4:].isdigit()]
        number = max(numbers, default=0) + 1
        while True:
            name = f"gen-{number:06d}"
            try:
                (self._dir / name).mkdir()
                break
            except FileExistsError:
                number += 1
        self._index(name, create=True)
        _write_atomic(
            self._dir / name / STATE_FILE, json.dumps({"schema": self._fingerprint, "watermark": 0})
        )
        return name

    def _switch(self, generation: str) -> None:
        """Point CURRENT at `generation` and remove every other generation (hold the layout lock)."""
        _write_atomic(self._dir / CURRENT_FILE, generation + "\n")
        for old in self._dir.glob("gen-*"):
            if old.name != generation:
                shutil.rmtree(old, ignore_errors=True)

    def _index(self, generation: str, *, create: bool = False) -> tantivy.Index:
        path = str(self._dir / generation)
        index = tantivy.Index(self._tantivy_schema, path=path) if create else tantivy.Index.open(path)
        for lang in LANGS:
            index.register_tokenizer(f"{lang}_stem", analyzer(lang))
        index.config_reader("manual")
        return index

    def _opstamp(self, generation: str) -> int:
        meta = json.loads((self._dir / generation / "meta.json").read_text(encoding="utf-8"))
        return int(meta["opstamp"])

    def _open_snapshot(self, generation: str, index: tantivy.Index | None = None) -> _Snapshot:
        index = index or self._index(generation)
        for _ in range(10):  # label the searcher with the commit it sees: the same opstamp before and after
            before = self._opstamp(generation)
            index.reload()
            searcher = index.searcher()
            if self._opstamp(generation) == before:
                break
        snapshot = _Snapshot(generation, before, index, searcher)
        self._snapshots[(generation, before)] = snapshot
        return snapshot

    # --- reading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        with self._lock:
            current = self._current
            generation = self._read_current()
            if generation is None or (generation != current.generation and not self._usable(generation)):
                return  # another schema version switched the directory: keep serving what we have
            if generation == current.generation:
                if self._opstamp(generation) == current.opstamp:
                    return
                snapshot = self._open_snapshot(generation, current.index)
            else:
                self.release_writer()
                snapshot = self._open_snapshot(generation)
            now = time.monotonic()
            current.retired = now
            self._current = snapshot
            expired = [
                key
                for key, old in self._snapshots.items()
                if old.retired is not None and now - old.retired > self._pit_seconds
            ]
            retired = sorted(
                (s.retired or 0.0, k) for k, s in self._snapshots.items() if s.retired is not None
            )
            expired += [key for _, key in retired[: max(0, len(retired) - _KEEP_SNAPSHOTS)]]
            for key in expired:
                self._snapshots.pop(key, None)

    def watermark(self) -> int:
        return int(self._state(self._current.generation).get("watermark", 0))

    def stats(self) -> IndexStats:
        snapshot = self._current
        path = self._dir / snapshot.generation
        size = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return IndexStats(
            docs=snapshot.searcher.num_docs,
            size_bytes=size,
            generation=snapshot.generation,
            watermark=self.watermark(),
            segments=snapshot.searcher.num_segments,
        )

    def search(self, request: SearchRequest) -> SearchPage:
        self._check(request)
        sort, digest, after = request.effective_sort(), request.digest(), request.after
        if after is not None and (after.get("s") != sort or after.get("q") != digest):
            raise SearchError("The cursor belongs to another search.", hint="start the search again")
        base = self._query(request)
        snapshot = self._current
        if sort == "relevance":
            offset = 0
            if after is not None:
                snapshot = self._snapshots.get((str(after.get("g")), _int(after, "o"))) or _expired()
                offset = _int(after, "n")
            total, facets = self._counts(snapshot, base, request)
            result = snapshot.searcher.search(base, request.limit, count=total is None, offset=offset)
            total = _count(result) if total is None else total
            hits = result.hits
            more = offset + len(hits) < (total or 0)
            position = {"s": sort, "q": digest, "g": snapshot.generation, "o": snapshot.opstamp}
            following = {**position, "n": offset + len(hits)} if more and hits else None
            scores: list[float | None] = [float(score) for score, _ in hits]
        else:
            query = base
            if after is not None:
                key = _int(after, "k")
                low, high = (None, key - 1) if sort == "date_desc" else (key + 1, None)
                keyset = Query.range_query(self._tantivy_schema, KEY, FieldType.Integer, low, high)
                query = Query.boolean_query([(Occur.Must, base), (Occur.Must, keyset)])
            total, facets = self._counts(snapshot, base, request, need_total=after is not None)
            order = Order.Desc if sort == "date_desc" else Order.Asc
            result = snapshot.searcher.search(
                query, request.limit + 1, count=total is None, order_by_field=KEY, order=order
            )
            total = _count(result) if total is None else total
            hits = result.hits[: request.limit]
            more = len(result.hits) > request.limit
            following = {"s": sort, "q": digest, "k": int(hits[-1][0])} if more else None
            scores = [None] * len(hits)
        ids = [str(snapshot.searcher.doc(address).get_first("id")) for _, address in hits]
        return SearchPage(ids=ids, scores=scores, total=int(total or 0), facets=facets, next=following)

    def _check(self, request: SearchRequest) -> None:
        if not 1 <= request.limit <= MAX_LIMIT:
            raise SearchError(
                f"limit must be between 1 and {MAX_LIMIT}.", hint="Ask for fewer items per page."
            )
        if not 1 <= request.facet_size <= MAX_FACET_SIZE:
            raise SearchError(f"facet_size must be between 1 and {MAX_FACET_SIZE}.", hint="Ask for fewer.")
        kinds = {spec.name: spec.kind for spec in self._schema.fields}
        wanted = [
            *((name, "keyword") for name in [*request.keywords, *request.facets]),
            *((name, "date") for name in request.dates),
            *((name, "int") for name in request.ints),
            *((name, "bool") for name in request.bools),
            *((name, "text") for name in request.text_fields or {}),
        ]
        for name, kind in wanted:
            if kinds.get(name) != kind:
                raise SearchError(
                    f"{name!r} is not a {kind} field of this index.", hint="Use a field it has."
                )

    def _counts(
        self, snapshot: _Snapshot, base: Query, request: SearchRequest, *, need_total: bool = False
    ) -> tuple[int | None, dict[str, list[tuple[str, int]]]]:
        """Total and facets in one aggregation (cached per snapshot for the match-all query)."""
        if not request.facets:
            total = _count(snapshot.searcher.search(base, 1, count=True)) if need_total else None
            return total, {}
        match_all = not request.has_text() and not _filters(request)
        cache_key = (tuple(request.facets), request.facet_size)
        if match_all and cache_key in snapshot.cache:
            return snapshot.cache[cache_key]
        size, segment_size = request.facet_size, max(10 * request.facet_size, 1000)
        aggregations: dict[str, Any] = {
            name: {"terms": {"field": name, "size": size, "segment_size": segment_size}}
            for name in request.facets
        }
        aggregations["__total"] = {"value_count": {"field": KEY}}
        answer = snapshot.searcher.aggregate(base, aggregations)
        facets = {
            name: [(str(b["key"]), int(b["doc_count"])) for b in answer[name]["buckets"]]
            for name in request.facets
        }
        counts = (int(answer["__total"]["value"] or 0), facets)
        if match_all:
            snapshot.cache[cache_key] = counts
        return counts

    def _query(self, request: SearchRequest) -> Query:
        schema = self._tantivy_schema
        clauses: list[Query] = []
        for name, values in request.keywords.items():
            if values:
                clauses.append(Query.term_set_query(schema, name, [str(value) for value in values]))
        for name, (start, end) in request.dates.items():
            if start is not None or end is not None:
                clauses.append(
                    Query.range_query(schema, name, FieldType.Date, start, end, include_upper=end is None)
                )
        for name, (low, high) in request.ints.items():
            if low is not None or high is not None:
                clauses.append(
                    Query.range_query(schema, name, FieldType.Integer, low, high, include_upper=high is None)
                )
        clauses += [Query.term_query(schema, name, bool(value)) for name, value in request.bools.items()]
        if request.has_text():
            filters = [Query.const_score_query(clause, 0.0) for clause in clauses]
            clauses = [self._text_query(request.text or "", request.text_fields), *filters]
        if not clauses:
            return Query.all_query()
        return clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, q) for q in clauses])

    def _text_query(self, text: str, weights: Mapping[str, float] | None) -> Query:
        if len(text) > MAX_TEXT_CHARS:
            raise SearchError(
                f"The search text is longer than {MAX_TEXT_CHARS} characters.", hint="Shorten it."
            )
        fields = [
            (name, lang, weights[spec] if weights is not None else boost)
            for name, spec, lang, boost in self._text_fields
            if weights is None or spec in weights
        ]
        words: list[Query] = []
        for match in _CHUNKS.finditer(text):
            chunk = match.group(1) if match.group(1) is not None else match.group(2)
            per_field = []
            for name, lang, weight in fields:
                tokens = self._analyzers[lang].analyze(chunk)
                if not tokens:
                    continue
                query = (
                    Query.term_query(self._tantivy_schema, name, tokens[0])
                    if len(tokens) == 1
                    else Query.phrase_query(self._tantivy_schema, name, list(enumerate(tokens)))
                )
                per_field.append(query if weight == 1.0 else Query.boost_query(query, weight))
            if per_field:
                words.append(
                    per_field[0] if len(per_field) == 1 else Query.disjunction_max_query(per_field, 0.1)
                )
        if not words:
            raise SearchError(
                "The search text has no words to search for.",
                hint="Search with letters or digits, e.g. 'lärare'.",
            )
        if len(words) > MAX_WORDS:
            raise SearchError(f"The search text has more than {MAX_WORDS} words.", hint="Use fewer words.")
        return words[0] if len(words) == 1 else Query.boolean_query([(Occur.Must, q) for q in words])

    # --- writing ---------------------------------------------------------------------------------------

    def try_write(self) -> bool:
        with self._lock:
            if self._writer is not None:
                return True
            try:
                self._writer = self._current.index.writer(self._heap, self._threads)
            except ValueError as exc:
                if "LockBusy" in str(exc):
                    return False
                raise
            if self._read_current() != self._current.generation:  # a rebuild switched meanwhile
                self.release_writer()
                return False
            return True

    def release_writer(self) -> None:
        with self._lock:
            writer, self._writer = self._writer, None
            if writer is not None:
                writer.wait_merging_threads()

    def apply(self, changes: Iterable[tuple[str, Document | None]], watermark: int) -> int:
        with self._lock:
            if not self.try_write() or self._writer is None:
                raise IndexBusy(self._schema.name)
            writer, count = self._writer, 0
            try:
                for ident, doc in changes:
                    writer.delete_documents_by_term("id", ident)
                    if doc is not None:
                        writer.add_document(self._document(doc, ident))
                    count += 1
                opstamp = writer.commit()
            except BaseException:
                writer.rollback()
                raise
            generation = self._current.generation
            state = {
                "schema": self._fingerprint,
                "watermark": max(watermark, self.watermark()),
                "opstamp": opstamp,
            }
            _write_atomic(self._dir / generation / STATE_FILE, json.dumps(state))
            self.refresh()
            return count

    def rebuild(self, docs: Iterable[Document], watermark: int) -> int:
        with _flock(self._dir / "rebuild.lock", blocking=False) as locked:
            if not locked:
                raise IndexBusy(self._schema.name)
            with _flock(self._dir / "layout.lock", blocking=True):
                generation = self._new_generation()
            try:
                index = self._index(generation)
                writer, count = index.writer(self._heap, self._threads), 0
                for doc in docs:
                    writer.add_document(self._document(doc, None))
                    count += 1
                opstamp = writer.commit()
                writer.wait_merging_threads()
                state = {"schema": self._fingerprint, "watermark": watermark, "opstamp": opstamp}
                _write_atomic(self._dir / generation / STATE_FILE, json.dumps(state))
            except BaseException:
                shutil.rmtree(self._dir / generation, ignore_errors=True)
                raise
            with self._lock, _flock(self._dir / "layout.lock", blocking=True):
                self.release_writer()
                self._switch(generation)
                self.refresh()
            return count

    def _document(self, doc: Document, ident: str | None) -> tantivy.Document:
        if ident is not None and doc.get("id", ident) != ident:
            raise ValueError("the document's id differs from the change's id")
        out = tantivy.Document()
        out.add_text("id", str(doc["id"]) if ident is None else ident)
        unknown = set(doc) - {"id", "num"} - {spec.name for spec in self._schema.fields}
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)} for index {self._schema.name!r}")
        for spec in self._schema.fields:
            value = doc.get(spec.name)
            if value is None:
                continue
            if spec.kind == "text":
                for lang in (spec.lang,) if spec.lang else tuple(LANGS):
                    for text in _values(value):
                        out.add_text(f"{spec.name}__{lang}", text)
            elif spec.kind == "keyword":
                for keyword in _values(value):
                    out.add_text(spec.name, keyword)
            elif spec.kind == "date":
                out.add_date(spec.name, _utc(value, spec.name))
            elif spec.kind == "bool":
                out.add_boolean(spec.name, bool(value))
            else:
                out.add_integer(spec.name, int(value))
        date = doc.get(self._schema.date_field)
        out.add_integer(KEY, sort_key(None if date is None else _utc(date, "date"), int(doc["num"])))
        return out

    def close(self) -> None:
        with self._lock:
            self.release_writer()
            self._snapshots = {(self._current.generation, self._current.opstamp): self._current}


def _values(value: str | Sequence[str]) -> Sequence[str]:
    return (value,) if isinstance(value, str) else value


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"field {name!r} needs a timezone-aware datetime")
    return value.astimezone(UTC)


def _filters(request: SearchRequest) -> bool:
    return bool(
        any(request.keywords.values())
        or any(a is not None or b is not None for a, b in request.dates.values())
        or any(a is not None or b is not None for a, b in request.ints.values())
        or request.bools
    )


def _int(position: Mapping[str, Any], key: str) -> int:
    value = position.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or (key in "no" and value < 0):
        raise SearchError(
            "The cursor is not valid.", hint="Use the 'next' value of a previous page unchanged."
        )
    return value


def _count(result: Any) -> int:
    """The count of a search run with count=True (the type stubs leave `count` out)."""
    return int(result.count or 0)


def _expired() -> NoReturn:
    raise CursorExpired()
