"""In-process latency of `service.suggest` over a realistic query mix, against a naive linear scan.

The mix (fixed seed, the same every run): prefixes of real labels of every length, Swedish and English, some
with one typo (swap, drop, double or replace a letter), some restricted to a language or a type, plus a few
fixed queries people type ("systemutvecklare", "sjukskötersk", "pyhton"). Baseline in the same run:
`[label for label in labels if q in label]` over the same folded labels for the same queries.
"""

from __future__ import annotations

import gc
import os
import random
import string
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks._common import (
    Figure,
    figure,
    heading,
    loaded_data_dir,
    main_of,
    percentile,
    rss_mb,
    sqlite_url,
    timer,
)

if TYPE_CHECKING:
    from samskapa.taxonomy.schemas import Lang

BENCH = "suggest"
QUERIES = 2000
WARM_UP = 200
P95_GOAL_MS = 5.0
SEED = 2012

FIXED_QUERIES = [
    "systemutvecklare", "sjukskötersk", "pyhton", "python", "lärare", "förskollärare", "undersköterska",
    "snickare", "elektriker", "projektledare", "mjukvaruutvecklare", "lastbilschaufför", "sjuksköterska",
    "software developer", "softwar", "data scientist", "javascript", "teacher", "accountnat", "nurse",
    "managment", "projektledning", "svetsare", "kock", "stockholm", "göteborg", "ekonomi", "marketing",
    "systemutvekclare", "barnskötare",
]  # fmt: skip
SWEDISH_LETTERS = string.ascii_lowercase + "åäö"


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    lang: Lang | None
    types: tuple[str, ...]


def _typo(rng: random.Random, text: str) -> str:
    """One edit at a random place: a swap of neighbours (commonest), a dropped, doubled or wrong letter."""
    i = rng.randrange(1, len(text) - 1)
    edit = rng.choices(["swap", "drop", "double", "replace"], weights=[4, 2, 1, 2])[0]
    if edit == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if edit == "drop":
        return text[:i] + text[i + 1 :]
    if edit == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice(SWEDISH_LETTERS) + text[i + 1 :]


def query_mix(
    texts: list[str], langs: list[str], types: list[str], count: int, seed: int = SEED
) -> list[Query]:
    """`count` queries drawn from the indexed labels: half Swedish, half English, as users type them."""
    from samskapa.core.text import fold

    rng = random.Random(seed)
    by_lang: dict[str, list[int]] = defaultdict(list)
    for entry, lang in enumerate(langs):
        by_lang[lang].append(entry)
    queries: list[Query] = []
    while len(queries) < count:
        roll = rng.random()
        lang_filter: Lang | None = None
        type_filter: tuple[str, ...] = ()
        if roll < 0.08:
            text, kind = FIXED_QUERIES[len(queries) % len(FIXED_QUERIES)], "fixed"
        else:
            entry = rng.choice(by_lang["sv" if rng.random() < 0.5 else "en"])
            label = texts[entry]
            if rng.random() < 0.3:
                lang_filter = "sv" if langs[entry] == "sv" else "en"
            if rng.random() < 0.15:
                type_filter = (types[entry],)
            if roll < 0.70 or len(label) < 5:
                length = rng.randint(1, len(label))
                text, kind = label[:length], "prefix" if length > 2 else "prefix 1-2 letters"
            else:
                text, kind = _typo(rng, label[: rng.randint(5, len(label))]), "typo"
        if fold(text):
            queries.append(Query(text=text, kind=kind, lang=lang_filter, types=type_filter))
    return queries


def _summary(values_ms: list[float]) -> str:
    ordered = sorted(values_ms)
    return (f"n={len(ordered):>4}  p50 {percentile(ordered, 50):6.2f}  p95 {percentile(ordered, 95):6.2f}  "
            f"p99 {percentile(ordered, 99):6.2f}  max {ordered[-1]:6.2f} ms")  # fmt: skip


def run() -> list[Figure]:
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.core.text import fold
    from samskapa.models import import_all_models
    from samskapa.taxonomy import service

    heading("bench_suggest: in-process autocomplete latency")
    data_dir = loaded_data_dir()
    import_all_models()
    engine = create_db_engine(sqlite_url(data_dir))
    factory = create_session_factory(engine)
    gc.collect()
    rss_before = rss_mb(os.getpid(), children=False)
    with timer() as build_time, session_scope(factory) as session:
        index = service.build_suggest_index(session)
    engine.dispose()
    gc.collect()
    rss_after = rss_mb(os.getpid(), children=False)
    figures = [
        figure(BENCH, "build the suggest index", build_time(), "s", note=f"{len(index):,} labels"),
        figure(
            BENCH,
            "process RSS with the index",
            rss_after,
            "MB",
            note=f"index ≈ {rss_after - rss_before:.0f} MB",
        ),
    ]

    queries = query_mix(index.texts, index.langs, index.types, QUERIES)
    kinds: dict[str, int] = defaultdict(int)
    for query in queries:
        kinds[query.kind] += 1
    print("    query mix: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))
    print("    e.g. " + ", ".join(repr(query.text) for query in queries[:12]))
    for query in query_mix(index.texts, index.langs, index.types, WARM_UP, seed=SEED + 1):
        service.suggest(index, q=query.text, lang=query.lang, types=query.types, limit=10)

    latencies: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    for query in queries:
        start = time.perf_counter_ns()
        service.suggest(index, q=query.text, lang=query.lang, types=query.types, limit=10)
        elapsed_ms = (time.perf_counter_ns() - start) / 1e6
        latencies.append(elapsed_ms)
        by_kind[query.kind].append(elapsed_ms)
    ordered = sorted(latencies)
    p50, p95, p99 = (percentile(ordered, pct) for pct in (50, 95, 99))
    figures += [
        figure(BENCH, "suggest p50", p50, "ms"),
        figure(BENCH, "suggest p95", p95, "ms", at_most=P95_GOAL_MS),
        figure(BENCH, "suggest p99", p99, "ms"),
        figure(BENCH, "suggest max", ordered[-1], "ms"),
    ]
    for kind, values in sorted(by_kind.items()):
        print(f"      {kind:<20} {_summary(values)}")

    labels = index.folded
    naive: list[float] = []
    for query in queries:
        folded = fold(query.text)
        start = time.perf_counter_ns()
        _ = [label for label in labels if folded in label]
        naive.append((time.perf_counter_ns() - start) / 1e6)
    naive_ordered = sorted(naive)
    naive_p50, naive_p95 = percentile(naive_ordered, 50), percentile(naive_ordered, 95)
    figures += [
        figure(BENCH, "naive linear scan p50 (baseline)", naive_p50, "ms"),
        figure(BENCH, "naive linear scan p95 (baseline)", naive_p95, "ms"),
        figure(BENCH, "suggest p95 / naive scan p95", p95 / naive_p95, "x"),
        figure(BENCH, "suggest mean / naive scan mean", sum(latencies) / sum(naive), "x"),
    ]
    return figures


if __name__ == "__main__":
    main_of(run)
