"""The embedded search engine: tantivy (Rust, through its Python bindings) in a directory of generations.

Layout of `directory`:
    CURRENT           the name of the generation in use, replaced atomically (write, fsync, rename)
    gen-000007/       a tantivy index + samskapa-index.json ({schema fingerprint, watermark, opstamp})
    layout.lock       flock, held briefly while a generation is created or CURRENT switched
    rebuild.lock      flock, held for the whole of a rebuild (one at a time)

Fields: a text field becomes one tantivy field per language ("<name>__sv", "<name>__en": simple tokenizer,
lowercase, words over 40 characters dropped, Snowball stemmer), keyword fields raw-tokenized fast fields
(filters, terms aggregations), dates/bools/ints indexed fast fields, "id" a stored raw field, "__key" =
(date in minutes << 36) | num, the fast i64 of the date sorts and their keyset cursors, and "__shard" =
num % 64, which splits the facet counting of broad searches over threads (tantivy releases the GIL).

Facet counts are tantivy terms aggregations (exact below `SPLIT_MIN_MATCHES` matches; above, each of the
`threads` parts keeps its top 10 x facet_size values, as tantivy itself does per segment), cached per
searcher: match-all always, other searches in a small LRU, so paging and repeated searches are cheap.
The watermark is written after each commit: a crash in between only makes the keeper apply the same
changes again, which is harmless (an upsert is delete-then-add by id).
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
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import tantivy
from tantivy import FieldType, Occur, Order, Query

from samskapa.core.search.engine import (
    MAX_NUM,
    POINT_IN_TIME_SECONDS,
    CursorExpired,
    Document,
    IndexBusy,
    IndexSchema,
    IndexStats,
    SearchPage,
    SearchRequest,
    check_request,
    cursor_int,
    has_filters,
    nothing_to_search,
    text_chunks,
)

LAYOUT = "tantivy-0.27/1"
CURRENT_FILE, STATE_FILE, KEY, SHARD, SHARDS = "CURRENT", "samskapa-index.json", "__key", "__shard", 64
LANGS = {"sv": "swedish", "en": "english"}
SPLIT_MIN_MATCHES = 50_000
_MINUTES_LIMIT = 1 << 26
_KEEP_SNAPSHOTS, _CACHE_SIZE = 128, 256
Counts = tuple[int, dict[str, list[tuple[str, int]]]]


def analyzer(lang: str) -> tantivy.TextAnalyzer:
    """The analyzer registered as "<lang>_stem", the same at index and at query time."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
    return builder.filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.stemmer(LANGS[lang])).build()


def sort_key(date: datetime | None, num: int) -> int:
    """(minutes since 1970 << 36) | num: one unique i64 ordering by date, then num (no date: oldest)."""
    if not 0 <= num < MAX_NUM:
        raise ValueError("num must be in [0, 2**36)")
    minutes = -_MINUTES_LIMIT if date is None else int(date.timestamp() // 60)
    return (max(-_MINUTES_LIMIT, min(_MINUTES_LIMIT - 1, minutes)) << 36) | num


@dataclass
class _Snapshot:
    """One searcher at one commit of one generation; retired ones stay a while for relevance cursors."""

    generation: str
    opstamp: int
    index: tantivy.Index
    searcher: tantivy.Searcher
    retired: float | None = None
    cache: OrderedDict[tuple[Any, ...], Counts] = field(default_factory=OrderedDict)


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
    """A `SearchEngine` over tantivy; see the module docstring."""

    def __init__(
        self,
        directory: Path,
        schema: IndexSchema,
        *,
        heap_bytes: int = 256_000_000,
        threads: int = 2,
        point_in_time_seconds: float = POINT_IN_TIME_SECONDS,
        cache_size: int = _CACHE_SIZE,
    ) -> None:
        self._dir, self._schema = Path(directory), schema
        self._heap, self._threads, self._pit_seconds = heap_bytes, max(1, threads), point_in_time_seconds
        self._cache_size = cache_size
        self._analyzers = {lang: analyzer(lang) for lang in LANGS}
        self._subfields = {
            spec.name: [
                (f"{spec.name}__{lang}", lang) for lang in ((spec.lang,) if spec.lang else tuple(LANGS))
            ]
            for spec in schema.fields
            if spec.kind == "text"
        }
        self._tantivy_schema, layout = self._build_schema()
        # The fingerprint covers the fields as tantivy numbers them, so any layout change means a new index.
        self._fingerprint = schema.fingerprint(f"{LAYOUT}:{';'.join(layout)}")
        self._lock, self._cache_lock = threading.RLock(), threading.Lock()
        self._writer: tantivy.IndexWriter | None = None
        self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix=f"search-{schema.name}")
        self._snapshots: dict[tuple[str, int], _Snapshot] = {}
        self._dir.mkdir(parents=True, exist_ok=True)
        with _flock(self._dir / "layout.lock", blocking=True):
            generation = self._read_current()
            if generation is None or not self._usable(generation):  # new, or another schema version
                generation = self._new_generation()
                self._switch(generation)
        self._current = self._open_snapshot(generation, self._index(generation))

    @property
    def schema(self) -> IndexSchema:
        return self._schema

    # --- generations -----------------------------------------------------------------------------------

    def _build_schema(self) -> tuple[tantivy.Schema, list[str]]:
        """The tantivy schema, and its fields in order (field ids are positions, so the order is layout)."""
        builder = tantivy.SchemaBuilder()
        layout: list[str] = []

        def add(method: Callable[..., object], name: str, **options: Any) -> None:
            method(name, **options)
            layout.append(f"{name}:{method.__name__}:{sorted(options.items())}")

        add(builder.add_text_field, "id", stored=True, tokenizer_name="raw", index_option="basic")
        add(builder.add_integer_field, KEY, indexed=True, fast=True)
        add(builder.add_integer_field, SHARD, fast=True)
        for spec in self._schema.fields:
            if spec.kind == "text":
                for name, lang in self._subfields[spec.name]:
                    add(builder.add_text_field, name, tokenizer_name=f"{lang}_stem")
            elif spec.kind == "keyword":
                add(builder.add_text_field, spec.name, fast=True, tokenizer_name="raw", index_option="basic")
            elif spec.kind == "date":
                add(builder.add_date_field, spec.name, indexed=True, fast=True)
            elif spec.kind == "bool":
                add(builder.add_boolean_field, spec.name, indexed=True, fast=True)
            else:
                add(builder.add_integer_field, spec.name, indexed=True, fast=True)
        return builder.build(), layout

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
        same = self._state(generation).get("schema") == self._fingerprint
        return same and tantivy.Index.exists(path) and tantivy.Index.is_compatible(path)

    def _new_generation(self) -> str:
        """A new empty generation (hold the layout lock)."""
        numbers = [int(p.name[4:]) for p in self._dir.glob("gen-*") if p.name[4:].isdigit()]
        name = f"gen-{max(numbers, default=0) + 1:06d}"
        (self._dir / name).mkdir()
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
        return int(json.loads((self._dir / generation / "meta.json").read_text(encoding="utf-8"))["opstamp"])

    def _open_snapshot(self, generation: str, index: tantivy.Index) -> _Snapshot:
        before = -1
        for _ in range(10):  # label the searcher with the commit it sees: the same opstamp before and after
            before = self._opstamp(generation)
            index.reload()
            searcher = index.searcher()
            if self._opstamp(generation) == before:
                break
        snapshot = _Snapshot(generation, before, index, searcher)
        self._snapshots[(generation, before)] = snapshot
        return snapshot

    def refresh(self) -> None:
        with self._lock, contextlib.suppress(FileNotFoundError):  # a generation removed meanwhile: next time
            current, generation = self._current, self._read_current()
            if generation is None or (generation != current.generation and not self._usable(generation)):
                return  # another schema version switched the directory: keep serving what we have
            if generation == current.generation:
                if self._opstamp(generation) == current.opstamp:
                    return
                snapshot = self._open_snapshot(generation, current.index)
            else:
                self.release_writer()
                snapshot = self._open_snapshot(generation, self._index(generation))
            now = current.retired = time.monotonic()
            self._current = snapshot
            current.cache.clear()  # relevance cursors may still page in it, but it answers nothing new
            retired = sorted((s.retired, k) for k, s in self._snapshots.items() if s.retired is not None)
            for n, (when, key) in enumerate(retired):
                if now - when > self._pit_seconds or n < len(retired) - _KEEP_SNAPSHOTS:
                    del self._snapshots[key]

    def watermark(self) -> int:
        return int(self._state(self._current.generation).get("watermark", 0))

    def stats(self) -> IndexStats:
        snapshot, size = self._current, 0
        with contextlib.suppress(FileNotFoundError):  # switched away by another process meanwhile
            size = sum(p.stat().st_size for p in (self._dir / snapshot.generation).iterdir() if p.is_file())
        return IndexStats(
            docs=snapshot.searcher.num_docs,
            size_bytes=size,
            generation=snapshot.generation,
            watermark=self.watermark(),
            segments=snapshot.searcher.num_segments,
        )

    # --- searching -------------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchPage:
        check_request(self._schema, request)
        sort, after, base = request.effective_sort(), request.after, self._query(request)
        snapshot, query = self._current, base
        position: dict[str, Any] = {"s": sort, "q": request.digest()}
        if sort == "relevance":
            offset = 0
            if after is not None:
                key = (str(after.get("g")), cursor_int(after, "o"))
                snapshot = self._snapshots.get(key) or _expired()
                offset = cursor_int(after, "n")
            result = snapshot.searcher.search(base, request.limit, count=True, offset=offset)
            hits, total = result.hits, _count(result)
            position |= {"g": snapshot.generation, "o": snapshot.opstamp, "n": offset + len(hits)}
            following = position if hits and offset + len(hits) < total else None
            scores: list[float | None] = [float(score) for score, _ in hits]
        else:
            if after is not None:
                key_after = cursor_int(after, "k", minimum=None)
                low, high = (None, key_after - 1) if sort == "date_desc" else (key_after + 1, None)
                keyset = Query.range_query(self._tantivy_schema, KEY, FieldType.Integer, low, high)
                query = Query.boolean_query([(Occur.Must, base), (Occur.Must, keyset)])
            order = Order.Desc if sort == "date_desc" else Order.Asc
            result = snapshot.searcher.search(
                query, request.limit + 1, count=after is None, order_by_field=KEY, order=order
            )
            hits, total = result.hits[: request.limit], _count(result) if after is None else -1
            following = position | {"k": int(hits[-1][0])} if len(result.hits) > request.limit else None
            scores = [None] * len(hits)
        facets: dict[str, list[tuple[str, int]]] = {}
        if request.facets:
            total, facets = self._counts(snapshot, base, request, total)
        elif total < 0:
            total = _count(snapshot.searcher.search(base, 1, count=True))
        ids = [str(snapshot.searcher.doc(address).get_first("id")) for _, address in hits]
        return SearchPage(ids=ids, scores=scores, total=total, facets=facets, next=following)

    def _counts(self, snapshot: _Snapshot, base: Query, request: SearchRequest, total: int) -> Counts:
        """Total and facets, cached per snapshot; broad matches are counted in parallel parts."""
        match_all = not request.has_text() and not has_filters(request)
        key = (None if match_all else request.digest(), tuple(request.facets), request.facet_size)
        with self._cache_lock:
            if key in snapshot.cache:
                snapshot.cache.move_to_end(key)
                return snapshot.cache[key]
        size = request.facet_size
        aggregations: dict[str, Any] = {
            name: {"terms": {"field": name, "size": size * 10, "segment_size": size * 10}}
            for name in request.facets
        }
        aggregations["__total"] = {"value_count": {"field": KEY}}
        parts = self._threads if total < 0 or total >= SPLIT_MIN_MATCHES else 1
        if parts == 1:
            answers = [snapshot.searcher.aggregate(base, aggregations)]
        else:
            step = SHARDS // parts
            queries = [
                Query.range_query(
                    self._tantivy_schema, SHARD, FieldType.Integer, step * n, step * (n + 1) - 1
                )
                for n in range(parts)
            ]
            if not match_all:
                queries = [Query.boolean_query([(Occur.Must, base), (Occur.Must, q)]) for q in queries]
            answers = list(self._pool.map(lambda q: snapshot.searcher.aggregate(q, aggregations), queries))
        facets: dict[str, list[tuple[str, int]]] = {}
        for name in request.facets:
            counter: Counter[str] = Counter()
            for answer in answers:
                counter.update({str(b["key"]): int(b["doc_count"]) for b in answer[name]["buckets"]})
            facets[name] = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:size]
        counts = (sum(int(answer["__total"]["value"] or 0) for answer in answers), facets)
        if self._cache_size > 0 or match_all:
            with self._cache_lock:
                snapshot.cache[key] = counts
                while len(snapshot.cache) > max(1, self._cache_size):
                    snapshot.cache.popitem(last=False)
        return counts

    def _query(self, request: SearchRequest) -> Query:
        schema, clauses = self._tantivy_schema, []
        for name, values in request.keywords.items():
            if values:
                clauses.append(Query.term_set_query(schema, name, [str(value) for value in values]))
        ranges = [*((n, FieldType.Date, s) for n, s in request.dates.items()),
                  *((n, FieldType.Integer, s) for n, s in request.ints.items())]  # fmt: skip
        for name, kind, (low, high) in ranges:
            if low is not None or high is not None:
                clauses.append(Query.range_query(schema, name, kind, low, high, include_upper=high is None))
        clauses += [Query.term_query(schema, name, bool(value)) for name, value in request.bools.items()]
        if request.has_text():
            filters = [Query.const_score_query(clause, 0.0) for clause in clauses]
            clauses = [self._text_query(request.text or "", request.text_fields), *filters]
        if not clauses:
            return Query.all_query()
        return clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, q) for q in clauses])

    def _text_query(self, text: str, weights: Mapping[str, float] | None) -> Query:
        """Every word (or "phrase") must match in some text field, each field analysed its own way."""
        fields = [
            (name, lang, spec.boost if weights is None else weights[spec.name])
            for spec in self._schema.fields
            if spec.kind == "text" and (weights is None or spec.name in weights)
            for name, lang in self._subfields[spec.name]
        ]
        words: list[Query] = []
        for chunk in text_chunks(text):
            per_field = []
            for name, lang, weight in fields:
                tokens = self._analyzers[lang].analyze(chunk)
                if len(tokens) == 1:
                    per_field.append(Query.term_query(self._tantivy_schema, name, tokens[0]))
                elif tokens:
                    per_field.append(Query.phrase_query(self._tantivy_schema, name, list(enumerate(tokens))))
                if tokens and weight != 1.0:
                    per_field[-1] = Query.boost_query(per_field[-1], weight)
            if per_field:
                words.append(
                    per_field[0] if len(per_field) == 1 else Query.disjunction_max_query(per_field, 0.1)
                )
        if not words:
            raise nothing_to_search()
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
            mark = max(watermark, self.watermark())
            state = {"schema": self._fingerprint, "watermark": mark, "opstamp": opstamp}
            _write_atomic(self._dir / self._current.generation / STATE_FILE, json.dumps(state))
            self.refresh()
            return count

    def rebuild(self, docs: Iterable[Document], watermark: int) -> int:
        with _flock(self._dir / "rebuild.lock", blocking=False) as locked:
            if not locked:
                raise IndexBusy(self._schema.name)
            with _flock(self._dir / "layout.lock", blocking=True):
                generation = self._new_generation()
            try:
                writer, count = self._index(generation).writer(self._heap, self._threads), 0
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
        unknown = set(doc) - {"id", "num"} - {spec.name for spec in self._schema.fields}
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)} for index {self._schema.name!r}")
        num = int(doc["num"])
        values: dict[str, Any] = {"id": str(doc["id"]) if ident is None else ident, SHARD: num % SHARDS}
        for spec in self._schema.fields:
            value = doc.get(spec.name)
            if value is None:
                continue
            if spec.kind == "text":
                values.update((name, _values(value)) for name, _ in self._subfields[spec.name])
            elif spec.kind == "keyword":
                values[spec.name] = _values(value)
            elif spec.kind == "date":
                values[spec.name] = _utc(value, spec.name)
            else:
                values[spec.name] = bool(value) if spec.kind == "bool" else int(value)
        date = doc.get(self._schema.date_field)
        values[KEY] = sort_key(None if date is None else _utc(date, self._schema.date_field), num)
        return tantivy.Document.from_dict(values, self._tantivy_schema)

    def close(self) -> None:
        with self._lock:
            self.release_writer()
            self._pool.shutdown(wait=False)
            self._snapshots = {(self._current.generation, self._current.opstamp): self._current}


def _values(value: str | Sequence[str]) -> str | list[str]:
    return value if isinstance(value, str) else list(value)


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"field {name!r} needs a timezone-aware datetime")
    return value.astimezone(UTC)


def _count(result: Any) -> int:
    """The count of a search run with count=True (the type stubs leave `count` out)."""
    return int(result.count or 0)


def _expired() -> NoReturn:
    raise CursorExpired()
