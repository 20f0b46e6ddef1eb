"""The search engine kit (core.search) on small generated corpora: no database needed."""

from __future__ import annotations

import logging
import random
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskapa.core.search.engine import (
    CursorExpired,
    FieldSpec,
    IndexBusy,
    IndexSchema,
    SearchError,
    SearchPage,
    SearchRequest,
    SortOrder,
)
from samskapa.core.search.keeper import Change, IndexKeeper
from samskapa.core.search.tantivy_engine import TantivyEngine

SCHEMA = IndexSchema(
    name="ads",
    fields=(
        FieldSpec("headline", "text", boost=2.0),
        FieldSpec("body_sv", "text", lang="sv"),
        FieldSpec("body_en", "text", lang="en"),
        FieldSpec("occupation", "keyword"),
        FieldSpec("skills", "keyword"),
        FieldSpec("published", "date"),
        FieldSpec("remote", "bool"),
        FieldSpec("vacancies", "int"),
    ),
    date_field="published",
)
T0 = datetime(2026, 1, 1, 8, tzinfo=UTC)
SV_WORDS = ["utvecklare", "utvecklaren", "utvecklarna", "lärare", "lärarna", "stockholm", "göteborg",
            "senior", "python", "sjuksköterska", "sjuksköterskor", "lager", "truckförare"]  # fmt: skip
EN_WORDS = ["nurse", "nurses", "nursing", "developer", "developers", "senior", "python", "warehouse"]


def make_doc(num: int, rng: random.Random, **overrides: Any) -> dict[str, Any]:
    english = rng.random() < 0.3
    words = EN_WORDS if english else SV_WORDS
    doc: dict[str, Any] = {
        "id": f"A-{num}",
        "num": num,
        "headline": " ".join(rng.choices(words, k=2)),
        "body_en" if english else "body_sv": " ".join(rng.choices(words, k=12)),
        "occupation": f"occ:{rng.randrange(5)}",
        "skills": sorted(set(rng.choices([f"skill:{n}" for n in range(8)], k=rng.randint(0, 4)))),
        "published": T0 + timedelta(minutes=rng.randrange(2000) // 3 * 3, seconds=rng.randrange(50)),
        "remote": rng.random() < 0.3,
        "vacancies": rng.randint(1, 5),
    }
    return doc | overrides


def corpus(count: int, seed: int = 7, start: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_doc(num, rng) for num in range(start, start + count)]


def upserts(docs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    return [(doc["id"], doc) for doc in docs]


def all_ids(engine: TantivyEngine, **request: Any) -> list[str]:
    page = engine.search(SearchRequest(limit=1000, **request))
    assert page.next is None
    return page.ids


def matches(doc: dict[str, Any], word: str) -> bool:
    return any(
        word in str(doc.get(field, "")).lower().split() for field in ("headline", "body_sv", "body_en")
    )


def key(doc: dict[str, Any]) -> tuple[datetime, int]:
    return doc["published"].replace(second=0), doc["num"]


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return corpus(400)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, Any]]) -> Iterator[TantivyEngine]:
    engine = TantivyEngine(tmp_path_factory.mktemp("search") / "ads", SCHEMA, heap_bytes=50_000_000)
    engine.apply(upserts(docs), watermark=len(docs))
    yield engine
    engine.close()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[TantivyEngine]:
    engine = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    yield engine
    engine.close()


# --- text --------------------------------------------------------------------------------------------------


def test_swedish_stemming_finds_other_forms(engine: TantivyEngine) -> None:
    rng = random.Random(1)
    texts = ["Vi söker utvecklaren", "utvecklarna i teamet", "en utvecklare", "lärare sökes"]
    engine.apply(upserts([make_doc(n, rng, body_sv=t, headline="x") for n, t in enumerate(texts, 1)]), 1)
    assert sorted(all_ids(engine, text="utvecklare")) == ["A-1", "A-2", "A-3"]
    assert sorted(all_ids(engine, text="UTVECKLARNA")) == ["A-1", "A-2", "A-3"]


def test_english_stemming_and_both_languages_on_headline(engine: TantivyEngine) -> None:
    rng = random.Random(2)
    texts = ["nurses wanted", "a nursing home", "one nurse", "developer"]
    docs = [make_doc(n, rng, body_en=t, headline="x", body_sv=None) for n, t in enumerate(texts, 1)]
    docs.append(make_doc(5, rng, headline="Nurses", body_sv="sjukhus", body_en=None))
    engine.apply(upserts(docs), 1)
    assert sorted(all_ids(engine, text="nursing")) == ["A-1", "A-2", "A-3", "A-5"]


def test_every_word_must_match_in_some_field(shared: TantivyEngine, docs: list[dict[str, Any]]) -> None:
    expected = {d["id"] for d in docs if matches(d, "senior") and (matches(d, "python"))}
    assert expected
    assert set(all_ids(shared, text="senior python")) == expected
    assert set(all_ids(shared, text="python senior nonexistingword")) == set()


def test_quoted_phrases_match_as_phrases(engine: TantivyEngine) -> None:
    rng = random.Random(3)
    texts = ["senior utvecklare sökes", "utvecklare, senior nivå", "en senior python utvecklare"]
    engine.apply(upserts([make_doc(n, rng, body_sv=t, headline="x") for n, t in enumerate(texts, 1)]), 1)
    assert all_ids(engine, text='"senior utvecklare"') == ["A-1"]
    assert sorted(all_ids(engine, text='"python utvecklare" senior')) == ["A-3"]
    assert sorted(all_ids(engine, text='"senior utvecklare')) == ["A-1"]  # an unclosed quote runs to the end
    assert sorted(all_ids(engine, text="e-post")) == []  # split words become a phrase, not an error


NASTY = ["a AND OR (", "title:foo", '"', "*", "[1 TO 2]", "\\", "~2", "^3", "((((", "C++", "-", "🙂", "\x00",
         "ö" * 300, "headline:utvecklare", "id:A-1", "+-!&|"]  # fmt: skip


def search_or_error(engine: TantivyEngine, request: SearchRequest) -> SearchPage | SearchError:
    try:
        return engine.search(request)
    except SearchError as error:
        return error


@pytest.mark.parametrize("text", NASTY)
def test_junk_queries_give_a_page_or_a_search_error(shared: TantivyEngine, text: str) -> None:
    outcome = search_or_error(shared, SearchRequest(text=text, facets=["occupation"]))
    if isinstance(outcome, SearchError):
        assert outcome.hint
        assert outcome.code == "invalid_search"
    else:
        assert outcome.total >= 0


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_gives_a_page_or_a_search_error(shared: TantivyEngine, text: str) -> None:
    outcome = search_or_error(shared, SearchRequest(text=text, limit=3))
    assert isinstance(outcome, SearchPage) or outcome.hint


def test_nothing_searchable_and_bad_requests_are_invalid(shared: TantivyEngine) -> None:
    with pytest.raises(SearchError, match="no words") as caught:
        shared.search(SearchRequest(text="!!! ---"))
    assert caught.value.status == 400
    for request in [
        SearchRequest(text="x" * 1001),
        SearchRequest(text=" ".join(["ord"] * 40)),
        SearchRequest(facets=["headline"]),
        SearchRequest(keywords={"nope": ["x"]}),
        SearchRequest(limit=0),
        SearchRequest(after={"s": "date_desc", "q": "another search", "k": 1}),
        SearchRequest(after={"s": "date_desc", "q": SearchRequest().digest(), "k": "x"}),
    ]:
        with pytest.raises(SearchError):
            shared.search(request)


def test_text_fields_restrict_and_weigh(shared: TantivyEngine, docs: list[dict[str, Any]]) -> None:
    expected = {d["id"] for d in docs if {"lärare", "lärarna"} & set(d["headline"].split())}
    assert set(all_ids(shared, text="lärare", text_fields={"headline": 1.0})) == expected


# --- filters, facets, sorting ----------------------------------------------------------------------------


def test_keyword_filters_are_or_within_and_across_fields(
    shared: TantivyEngine, docs: list[dict[str, Any]]
) -> None:
    keywords = {"occupation": ["occ:1", "occ:3"], "skills": ["skill:2", "skill:5"]}
    expected = {d["id"] for d in docs if d["occupation"] in keywords["occupation"]
                and set(d["skills"]) & set(keywords["skills"])}  # fmt: skip
    assert expected
    assert set(all_ids(shared, keywords=keywords)) == expected


def test_date_int_and_bool_filters(shared: TantivyEngine, docs: list[dict[str, Any]]) -> None:
    start, end = T0 + timedelta(minutes=300), T0 + timedelta(minutes=900)
    expected = {d["id"] for d in docs
                if start <= d["published"] < end and d["remote"] and 2 <= d["vacancies"] < 4}  # fmt: skip
    assert expected
    found = all_ids(
        shared, dates={"published": (start, end)}, bools={"remote": True}, ints={"vacancies": (2, 4)}
    )
    assert set(found) == expected
    assert len(all_ids(shared, dates={"published": (start, None)})) == sum(
        d["published"] >= start for d in docs
    )


def test_facet_counts_equal_a_count_in_python(shared: TantivyEngine, docs: list[dict[str, Any]]) -> None:
    request = SearchRequest(text="utvecklare", bools={"remote": False}, facets=["occupation", "skills"])
    page = shared.search(request)
    forms = {"utvecklare", "utvecklaren", "utvecklarna"}
    chosen = [d for d in docs if not d["remote"] and any(matches(d, form) for form in forms)]
    assert page.total == len(chosen)
    assert dict(page.facets["occupation"]) == Counter(d["occupation"] for d in chosen)
    assert dict(page.facets["skills"]) == Counter(s for d in chosen for s in d["skills"])
    top = shared.search(SearchRequest(facets=["skills"], facet_size=2)).facets["skills"]
    counts = Counter(s for d in docs for s in d["skills"])
    assert top == sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:2]


@pytest.mark.parametrize("sort", ["date_desc", "date_asc", "relevance"])
def test_date_sorts_order_by_date_then_num(
    shared: TantivyEngine, docs: list[dict[str, Any]], sort: SortOrder
) -> None:
    ordered = sorted(docs, key=key, reverse=sort != "date_asc")  # no text: relevance means newest first
    page = shared.search(SearchRequest(sort=sort, limit=50))
    assert page.ids == [d["id"] for d in ordered[:50]]
    assert page.scores == [None] * 50
    assert page.total == len(docs)


def page_through(engine: TantivyEngine, request: SearchRequest, between: Any = None) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        page = engine.search(SearchRequest(**{**request.__dict__, "after": after}))
        seen += page.ids
        if page.next is None:
            return seen
        after = page.next
        if between is not None:
            between(len(seen))


@pytest.mark.parametrize("sort", ["date_desc", "date_asc"])
def test_keyset_paging_returns_each_match_once_in_order(engine: TantivyEngine, sort: SortOrder) -> None:
    docs = corpus(4300)
    engine.apply(upserts(docs), 1)
    wanted = [d for d in docs if not d["remote"]]
    assert len(wanted) > 2900
    seen = page_through(
        engine, SearchRequest(bools={"remote": False}, sort=sort, limit=7, facets=["occupation"])
    )
    assert seen == [d["id"] for d in sorted(wanted, key=key, reverse=sort == "date_desc")]


def test_keyset_paging_stays_exact_while_the_index_changes(engine: TantivyEngine) -> None:
    docs = corpus(2000)
    engine.apply(upserts(docs), 1)
    rng, extra = random.Random(9), iter(range(10_000, 20_000))
    known = {d["id"]: d for d in docs}

    def change(seen: int) -> None:  # update some (same date), add new ones (any date), between pages
        if seen % 70:
            return
        updated = [d | {"vacancies": d["vacancies"] + 1} for d in rng.sample(docs, 5)]
        added = [make_doc(next(extra), rng) for _ in range(3)]
        known.update((d["id"], d) for d in added)
        engine.apply(upserts(updated + added), 1)

    seen = page_through(engine, SearchRequest(sort="date_desc", limit=7), between=change)
    assert len(seen) == len(set(seen))
    assert {d["id"] for d in docs} <= set(seen)
    assert seen == sorted(seen, key=lambda ident: key(known[ident]), reverse=True)


def test_relevance_pages_come_from_one_point_in_time(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000, point_in_time_seconds=3600)
    docs = corpus(600)
    engine.apply(upserts(docs), 1)
    request = SearchRequest(text="utvecklare", limit=7)
    before = all_ids(engine, text="utvecklare")
    rng, extra = random.Random(4), iter(range(5000, 9000))

    def change(seen: int) -> None:  # new matching docs and changed ones: the snapshot must not move
        if seen > 70:
            return
        engine.apply(upserts([make_doc(next(extra), rng, headline="utvecklare utvecklare") for _ in range(4)]
                             + [docs[rng.randrange(600)] | {"body_sv": "utvecklare"}]), 1)  # fmt: skip

    assert page_through(engine, request, between=change) == before
    assert page_through(engine, request) != before  # a new search sees the changes


def test_relevance_cursor_expires_with_its_snapshot(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000, point_in_time_seconds=0)
    engine.apply(upserts(corpus(100)), 1)
    first = engine.search(SearchRequest(text="utvecklare", limit=2))
    engine.apply(upserts(corpus(3, start=500)), 2)
    engine.apply(upserts(corpus(3, start=600)), 3)
    with pytest.raises(CursorExpired) as caught:
        engine.search(SearchRequest(text="utvecklare", limit=2, after=first.next))
    assert caught.value.code == "cursor_expired"
    assert caught.value.hint == "start the search again"


# --- writes, generations, the writer lock -----------------------------------------------------------------


def test_apply_upserts_and_deletes_by_id(engine: TantivyEngine) -> None:
    rng = random.Random(5)
    engine.apply(
        [("A-1", make_doc(1, rng, headline="gammal")), ("A-2", make_doc(2, rng, headline="kvar"))], 1
    )
    engine.apply([("A-1", make_doc(1, rng, headline="ny")), ("A-9", None)], 2)
    assert all_ids(engine, text="gammal", text_fields={"headline": 1.0}) == []
    assert all_ids(engine, text="ny", text_fields={"headline": 1.0}) == ["A-1"]
    assert engine.stats().docs == 2
    engine.apply(
        [
            ("A-2", None),
            ("A-1", make_doc(1, rng, headline="först")),
            ("A-1", make_doc(1, rng, headline="sist")),
        ],
        3,
    )
    assert all_ids(engine) == ["A-1"]
    assert all_ids(engine, text="sist") == ["A-1"]
    with pytest.raises(ValueError, match="unknown fields"):
        engine.apply([("A-3", make_doc(3, rng, salary="x"))], 4)
    assert engine.watermark() == 3
    assert all_ids(engine) == ["A-1"]


def test_watermark_persists_and_another_schema_starts_afresh(tmp_path: Path) -> None:
    first = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    assert first.watermark() == 0
    first.apply(upserts(corpus(20)), watermark=42)
    first.close()
    again = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    assert (again.watermark(), again.stats().docs) == (42, 20)
    assert len(all_ids(again, text="utvecklare")) > 0  # the analyzers are registered again on reopening
    generation = again.stats().generation
    again.close()
    changed = IndexSchema(name="ads", fields=SCHEMA.fields, date_field="published", version=2)
    other = TantivyEngine(tmp_path / "ads", changed, heap_bytes=50_000_000)
    assert (other.watermark(), other.stats().docs) == (0, 0)
    assert other.stats().generation != generation


def test_rebuild_switches_generation_for_every_process(tmp_path: Path) -> None:
    writer = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    reader = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    writer.apply(upserts(corpus(30)), 30)
    reader.refresh()
    old = reader.stats()
    assert (old.docs, old.watermark) == (30, 30)
    assert writer.rebuild(corpus(12, seed=8, start=100), watermark=77) == 12
    new = writer.stats()
    assert new.generation != old.generation
    assert (new.docs, new.watermark) == (12, 77)
    assert not (tmp_path / "ads" / old.generation).exists()
    assert (tmp_path / "ads" / "CURRENT").read_text().strip() == new.generation
    reader.refresh()
    assert (reader.stats().generation, reader.stats().docs) == (new.generation, 12)


def test_only_one_writer_at_a_time(tmp_path: Path) -> None:
    first = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    second = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
    assert first.try_write()
    assert not second.try_write()
    with pytest.raises(IndexBusy):
        second.apply(upserts(corpus(1)), 1)
    keeper = IndexKeeper(second, FakeFeed(corpus(5)))
    result = keeper.sync_once()
    assert (result.applied, result.busy, result.wrote) == (0, True, False)
    first.release_writer()
    assert keeper.sync_once().applied == 5


def test_a_writer_in_another_process_makes_the_keeper_skip(tmp_path: Path) -> None:
    TantivyEngine(tmp_path / "ads", SCHEMA).close()
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from samskapa.core.search.tantivy_engine import TantivyEngine
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_search_engine import SCHEMA
        engine = TantivyEngine(Path({str(tmp_path / "ads")!r}), SCHEMA, heap_bytes=50_000_000)
        print(engine.try_write(), flush=True)
        sys.stdin.readline()
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "True"
        engine = TantivyEngine(tmp_path / "ads", SCHEMA, heap_bytes=50_000_000)
        assert IndexKeeper(engine, FakeFeed(corpus(3))).sync_once().busy
    finally:
        child.communicate("\n", timeout=60)
    assert IndexKeeper(engine, FakeFeed(corpus(3))).sync_once().applied == 3


# --- the keeper ----------------------------------------------------------------------------------------


class FakeFeed:
    """The rows of a table with a change sequence column: one row per id, at its latest change."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.rows: dict[str, tuple[int, dict[str, Any] | None]] = {}
        self.seq = 0
        self.fail_next = False
        for doc in docs:
            self.put(doc["id"], doc)

    def put(self, ident: str, doc: dict[str, Any] | None) -> None:
        self.seq += 1
        self.rows[ident] = (self.seq, doc)

    def max_seq(self) -> int:
        return self.seq

    def changes_since(self, seq: int, limit: int) -> list[Change]:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("secret personal data in the message")
        changes = sorted((s, ident, doc) for ident, (s, doc) in self.rows.items() if s > seq)
        return changes[:limit]


def test_keeper_catches_up_in_batches_and_follows_changes(engine: TantivyEngine) -> None:
    docs = corpus(230)
    feed = FakeFeed(docs)
    keeper = IndexKeeper(engine, feed, batch_size=50)
    result = keeper.sync_once()
    assert (result.applied, result.watermark, engine.watermark()) == (230, 230, 230)
    assert keeper.sync_once().applied == 0
    feed.put("A-1", None)
    feed.put("A-2", docs[1] | {"headline": "omskriven rubrik"})
    assert keeper.sync_once().applied == 2
    assert engine.stats().docs == 229
    assert all_ids(engine, text="omskriven") == ["A-2"]


def test_keeper_rebuild_and_background_thread(
    engine: TantivyEngine, caplog: pytest.LogCaptureFixture
) -> None:
    feed = FakeFeed(corpus(120))
    feed.put("A-5", None)
    keeper = IndexKeeper(engine, feed, batch_size=40)
    assert keeper.rebuild() == 119
    assert (engine.stats().docs, engine.watermark()) == (119, feed.max_seq())
    feed.put("A-7", None)
    feed.fail_next = True
    with caplog.at_level(logging.ERROR, logger="samskapa.search"):
        keeper.start(interval=0.01)
        try:
            for _ in range(3000):  # a failure is logged and the next round catches up
                if engine.watermark() == feed.max_seq():
                    break
                time.sleep(0.01)
        finally:
            keeper.stop()
    assert engine.watermark() == feed.max_seq()
    assert engine.stats().docs == 118
    assert "RuntimeError" in caplog.text
    assert "secret" not in caplog.text


@pytest.mark.parametrize("sort", ["date_desc", "relevance"])
def test_paging_through_100000_matches_returns_each_once(tmp_path: Path, sort: SortOrder) -> None:
    engine = TantivyEngine(tmp_path / "big", SCHEMA, heap_bytes=100_000_000)
    try:
        engine.rebuild(
            (
                {
                    "id": f"B-{num}",
                    "num": num,
                    "headline": "lagerarbetare" if num % 2 else "lagerarbetare truckförare",
                    "occupation": f"occ:{num % 7}",
                    "published": T0 + timedelta(minutes=num % 5000),  # many ties on the date
                }
                for num in range(1, 100_001)
            ),
            watermark=100_000,
        )
        seen: list[str] = []
        after = None
        while True:
            page = engine.search(
                SearchRequest(
                    text="lagerarbetare", sort=sort, limit=1000, after=after, facets=("occupation",)
                )
            )
            seen.extend(page.ids)
            if page.next is None:
                break
            after = page.next
        assert page.total == 100_000
        assert len(seen) == 100_000
        assert len(set(seen)) == 100_000
    finally:
        engine.close()
