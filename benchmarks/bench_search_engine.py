"""The full-text search engine (`core.search`, tantivy) on synthetic job ads: indexing rate, size, latency.

Corpus (fixed seed): `--docs` ads (default 1,000,000; env SAMSKAPA_BENCH_SEARCH_DOCS), 85 % Swedish. Words
come from the bundled taxonomy sources (Swedish SSYK definitions and labels, English ESCO descriptions),
ranked by their frequency there and drawn with Zipfian weights (1/rank), ~200 per description (≈1.4 KB).
Headline: the occupation's label; the description also names it. Keywords with realistic cardinalities:
occupation (3,000, Zipfian popularity, 2,412 JobTech names + ESCO ones), SSYK at 4 levels, municipality
(290, Zipfian), region (21), employment type (6), 5-15 skills of 14,000 (Zipfian); published within 90 days.

Queries (500 timed after 50 warm-up, fixed seed), each top-20 + total + 5 facets (occupation, municipality,
region, employment type, skills): one occupation word, 2-3 words, a very common word (broad), a quoted
phrase, filters only (date order), match-all; 30 % of the text queries carry a filter, 15 % sort by date.
Baseline in the same run: SQLite FTS5 (unicode61, no stemming) over the first `--baseline-docs` (100,000)
ads, the same queries, top 20 by bm25, count and the same five facets by GROUP BY over the matches.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from benchmarks._common import ROOT, Figure, figure, heading, main_of, new_temp_dir, percentile, timer

if TYPE_CHECKING:
    from samskapa.core.search.engine import IndexSchema, SearchRequest, SortOrder
    from samskapa.core.search.tantivy_engine import TantivyEngine

BENCH = "search_engine"
DOCS_ENV = "SAMSKAPA_BENCH_SEARCH_DOCS"
P95_GOAL_MS = 50.0
RATE_GOAL = 5000.0
QUERIES, WARM_UP, SEED = 500, 50, 4242
FACETS = ("occupation", "municipality", "region", "employment_type", "skills")
EMPLOYMENT = ("regular", "summer", "on-demand", "seasonal", "temporary", "fixed-term")
DATA = ROOT / "src" / "samskapa" / "taxonomy" / "data"
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
_WORD = re.compile(r"[a-zåäöéü]+")


def _ranked(texts: Iterator[str], top: int) -> list[str]:
    counts = Counter(word for text in texts for word in _WORD.findall(text.lower()))
    return [word for word, _ in counts.most_common(top)]


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("definition", "preferred_label") and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def _json(path: Path) -> Any:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        return json.load(source)


def _esco(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(DATA / "esco" / f"{name}_en.csv.gz", "rt", encoding="utf-8", newline="") as rows:
        yield from csv.DictReader(rows)


@dataclass
class Corpus:
    """Vocabularies and keyword spaces drawn from the bundled taxonomy sources."""

    sv: list[str]
    en: list[str]
    occupations: list[tuple[str, str, list[str], str]]  # id, label, ssyk levels, lang
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(SEED))

    @classmethod
    def load(cls) -> Corpus:
        trees = [_json(path) for path in sorted((DATA / "jobtech").glob("*.json.gz"))]
        sv = _ranked((text for tree in trees for text in _strings(tree)), 30_000)
        en = _ranked(
            (row["description"] for name in ("occupations", "skills") for row in _esco(name)), 30_000
        )
        occupations: list[tuple[str, str, list[str], str]] = []
        ssyk_tree = _json(DATA / "jobtech" / "the-ssyk-hierarchy-with-occupations.json.gz")
        for l1 in ssyk_tree["data"]["concepts"]:
            for l2 in l1["narrower"]:
                for l3 in l2["narrower"]:
                    for l4 in l3["narrower"]:
                        codes = [f"ssyk:{node['ssyk_code_2012']}" for node in (l1, l2, l3, l4)]
                        occupations += [
                            (f"jobtech:{n['id']}", n["preferred_label"], codes, "sv") for n in l4["narrower"]
                        ]
        for row in _esco("occupations"):
            if len(occupations) >= 3000:
                break
            ssyk = random.Random(row["conceptUri"]).choice(occupations[:2412])[2]
            occupations.append((f"esco:{row['conceptUri'][-36:]}", row["preferredLabel"], ssyk, "en"))
        random.Random(SEED).shuffle(occupations)
        return cls(sv=sv, en=en, occupations=occupations)

    def zipf(self, n: int, size: int) -> np.ndarray[Any, np.dtype[np.intp]]:
        weights = 1.0 / np.arange(1, n + 1)
        return np.searchsorted(np.cumsum(weights / weights.sum()), self.rng.random(size))

    def ads(self, count: int, chunk: int = 10_000) -> Iterator[dict[str, Any]]:
        for start in range(0, count, chunk):
            n = min(chunk, count - start)
            occupations, municipalities = self.zipf(len(self.occupations), n), self.zipf(290, n)
            skill_counts = self.rng.integers(5, 16, n)
            skills = self.zipf(14_000, int(skill_counts.sum()))
            words = {"sv": self.zipf(len(self.sv), n * 200), "en": self.zipf(len(self.en), n * 200)}
            minutes = self.rng.integers(0, 90 * 24 * 60, n)
            english, kinds, remote = (
                self.rng.random(n) < 0.15,
                self.rng.choice(6, n, p=_EMPLOYMENT_P),
                self.rng.random(n),
            )
            at = 0
            for i in range(n):
                ident, label, ssyk, lang = self.occupations[occupations[i]]
                lang = "en" if english[i] else lang
                vocabulary = self.sv if lang == "sv" else self.en
                body = " ".join(map(vocabulary.__getitem__, words[lang][i * 200 : i * 200 + 194].tolist()))
                published = NOW - timedelta(minutes=int(minutes[i]))
                yield {
                    "id": f"A-{start + i:07d}",
                    "num": start + i + 1,
                    "headline": f"{label} till {vocabulary[int(words[lang][i * 200 + 199]) % 500]}",
                    f"description_{lang}": f"{label}. {body} {label.lower()}.",
                    "occupation": ident,
                    "ssyk": ssyk,
                    "municipality": f"kommun:{municipalities[i]:04d}",
                    "region": f"lan:{municipalities[i] % 21:02d}",
                    "employment_type": f"employment-type:{EMPLOYMENT[kinds[i]]}",
                    "skills": list(
                        dict.fromkeys(f"skill:{s:05d}" for s in skills[at : at + skill_counts[i]])
                    ),
                    "published": published,
                    "expires": published + timedelta(days=30),
                    "remote": bool(remote[i] < 0.1),
                }
                at += int(skill_counts[i])


_EMPLOYMENT_P = [0.6, 0.08, 0.1, 0.04, 0.1, 0.08]


@dataclass(frozen=True)
class Query:
    kind: str
    text: str | None
    keywords: dict[str, list[str]]
    since: datetime | None
    sort: SortOrder


def query_mix(corpus: Corpus, count: int, seed: int = SEED) -> list[Query]:
    """Queries as people type them; "very common word" is a stress case (a stop word alone)."""
    rng = random.Random(seed)
    labels = [
        [w for w in _WORD.findall(label.lower()) if len(w) > 3] for _, label, _, _ in corpus.occupations
    ]
    popular = [i for i, words in enumerate(labels[:600]) if words]
    queries: list[Query] = []
    while len(queries) < count:
        roll, vocab = rng.random(), corpus.sv if rng.random() < 0.85 else corpus.en
        occupation = rng.choice(labels[rng.choice(popular)])
        middle = [vocab[int(30 * 100 ** rng.random())] for _ in range(2)]
        text: str | None = None
        if roll < 0.35:
            kind, text = "1 word", occupation
        elif roll < 0.60:
            kind, text = "2-3 words", " ".join([occupation, *middle[: rng.randint(1, 2)]])
        elif roll < 0.65:
            kind, text = "very common word", vocab[rng.randrange(10)]
        elif roll < 0.70:
            kind, text = "phrase", f'"{corpus.occupations[rng.choice(popular)][1].lower()}"'
        else:
            kind = "filters only" if roll < 0.88 else "match-all"
        keywords: dict[str, list[str]] = {}
        since = None
        if kind == "filters only" or (text and rng.random() < 0.3):
            place = int(290 ** rng.random()) - 1
            keywords = (
                {"municipality": [f"kommun:{place:04d}"]}
                if rng.random() < 0.5
                else {"region": [f"lan:{place % 21:02d}"]}
            )
            if rng.random() < 0.4:
                keywords["employment_type"] = ["employment-type:regular", "employment-type:fixed-term"]
            since = NOW - timedelta(days=30) if rng.random() < 0.3 else None
        sort: SortOrder = "date_desc" if text is None or rng.random() < 0.15 else "relevance"
        queries.append(Query(kind, text, keywords, since, sort))
    return queries


def ads_schema() -> IndexSchema:
    """The index an ads area would declare: headline in both languages, the description in its own."""
    from samskapa.core.search.engine import FieldSpec, IndexSchema

    keywords = ("occupation", "ssyk", "municipality", "region", "employment_type", "skills")
    return IndexSchema(
        name="bench-ads",
        fields=(
            FieldSpec("headline", "text", boost=3.0),
            FieldSpec("description_sv", "text", lang="sv"),
            FieldSpec("description_en", "text", lang="en"),
            *(FieldSpec(name, "keyword") for name in keywords),
            FieldSpec("published", "date"),
            FieldSpec("expires", "date"),
            FieldSpec("remote", "bool"),
        ),
        date_field="published",
    )


def request_of(query: Query) -> SearchRequest:
    from samskapa.core.search.engine import SearchRequest

    dates = {"published": (query.since, None)} if query.since else {}
    return SearchRequest(
        text=query.text, keywords=query.keywords, dates=dates, sort=query.sort, facets=FACETS
    )


def measure(
    engine: TantivyEngine, queries: list[Query], warm_up: list[Query]
) -> tuple[list[float], list[float], list[int]]:
    """Wall and CPU (all threads of the process) milliseconds of each search, and its total."""
    for query in warm_up:
        engine.search(request_of(query))
    wall, cpu, totals = [], [], []
    for query in queries:
        start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
        page = engine.search(request_of(query))
        wall.append((time.perf_counter_ns() - start) / 1e6)
        cpu.append((time.process_time_ns() - start_cpu) / 1e6)
        totals.append(page.total)
    return wall, cpu, totals


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _summary(values_ms: list[float]) -> str:
    ordered = sorted(values_ms)
    return (
        f"n={len(ordered):>4}  p50 {percentile(ordered, 50):7.2f}  p95 {percentile(ordered, 95):7.2f}  "
        f"p99 {percentile(ordered, 99):7.2f}  max {ordered[-1]:7.2f} ms"
    )


# --- the baseline: SQLite FTS5 over a subset -------------------------------------------------------------

FTS_SCHEMA = """
CREATE TABLE ads (rowid INTEGER PRIMARY KEY, occupation, municipality, region, employment_type, published);
CREATE TABLE skills (rowid INTEGER, skill);
CREATE VIRTUAL TABLE fts USING fts5(headline, description, tokenize='unicode61 remove_diacritics 0');
CREATE TEMP TABLE m (rowid INTEGER PRIMARY KEY);
"""


def fts_baseline(docs: list[dict[str, Any]], queries: list[Query]) -> list[float]:
    """Milliseconds of the same queries on SQLite FTS5 (bm25, no stemming): top 20, count, five facets."""
    db = sqlite3.connect(":memory:")
    db.executescript(FTS_SCHEMA)
    for doc in docs:
        row = doc["num"]
        fields = ("occupation", "municipality", "region", "employment_type")
        db.execute(
            "INSERT INTO ads VALUES (?, ?, ?, ?, ?, ?)",
            (row, *(doc[name] for name in fields), doc["published"].isoformat()),
        )
        db.executemany("INSERT INTO skills VALUES (?, ?)", [(row, skill) for skill in doc["skills"]])
        description = doc.get("description_sv") or doc.get("description_en")
        db.execute(
            "INSERT INTO fts(rowid, headline, description) VALUES (?, ?, ?)",
            (row, doc["headline"], description),
        )
    db.execute("CREATE INDEX skills_rowid ON skills (rowid)")
    db.commit()
    timings: list[float] = []
    for query in queries:
        where, params = ["1"], []
        for name, values in query.keywords.items():
            where.append(f"ads.{name} IN ({','.join('?' * len(values))})")
            params += values
        if query.since:
            where.append("ads.published >= ?")
            params.append(query.since.isoformat())
        match = ""
        if query.text:
            words = _WORD.findall(query.text.lower())
            text = (
                f'"{" ".join(words)}"'
                if query.text.startswith('"')
                else " AND ".join(f'"{w}"' for w in words)
            )
            match, params = "JOIN fts ON fts.rowid = ads.rowid AND fts MATCH ?", [text, *params]
        order = "rank" if query.text and query.sort == "relevance" else "ads.published DESC"
        select = f"SELECT ads.rowid FROM ads {match} WHERE {' AND '.join(where)}"
        start = time.perf_counter_ns()
        db.execute(f"INSERT INTO m {select}", params)
        db.execute(f"{select} ORDER BY {order} LIMIT 20", params).fetchall()
        db.execute("SELECT count(*) FROM m").fetchone()
        for name in FACETS[:-1]:
            db.execute(
                f"SELECT {name}, count(*) AS c FROM ads JOIN m USING (rowid) GROUP BY 1 "
                "ORDER BY c DESC LIMIT 20"
            ).fetchall()
        db.execute(
            "SELECT skill, count(*) AS c FROM skills JOIN m USING (rowid) GROUP BY 1 ORDER BY c DESC LIMIT 20"
        ).fetchall()
        db.execute("DELETE FROM m")
        timings.append((time.perf_counter_ns() - start) / 1e6)
    db.close()
    return timings


# --- the run ---------------------------------------------------------------------------------------------


def run(docs: int | None = None, baseline_docs: int = 100_000) -> list[Figure]:
    from samskapa.core.search.tantivy_engine import TantivyEngine

    count = docs or int(os.environ.get(DOCS_ENV, "1000000"))
    heading(f"bench_search_engine: tantivy behind core.search, {count:,} synthetic job ads")
    print(f"    {os.cpu_count()} CPUs, load average at the start {_load()}")
    corpus = Corpus.load()
    with timer() as made:
        ads = list(corpus.ads(count))
    chars = sum(
        len(ad["headline"]) + len(ad.get("description_sv") or ad["description_en"]) for ad in ads[:10_000]
    )
    print(
        f"    generated in {made():.0f} s: {chars / min(count, 10_000):,.0f} characters of text per ad, "
        f"{len(corpus.sv):,} Swedish and {len(corpus.en):,} English words"
    )
    directory = new_temp_dir("samskapa-bench-search-") / "ads"
    engine = TantivyEngine(directory, ads_schema(), cache_size=0)
    cpu_start = time.process_time()
    with timer() as indexing:
        engine.rebuild(iter(ads), watermark=count)
    cpu_per_doc = (time.process_time() - cpu_start) / count * 1e6
    stats = engine.stats()
    figures = [
        figure(
            BENCH,
            "build the index (rebuild)",
            count / indexing(),
            "docs/s",
            at_least=RATE_GOAL,
            note=f"{indexing():.0f} s; {cpu_per_doc:.0f} µs CPU per doc",
        ),
        figure(BENCH, "index size on disk", stats.size_bytes / 1e6, "MB", note=f"{stats.segments} segments"),
    ]
    updates = [(ad["id"], {**ad, "remote": not ad["remote"]}) for ad in ads[: min(count, 20_000)]]
    with timer() as applying:
        for at in range(0, len(updates), 5000):
            engine.apply(updates[at : at + 5000], watermark=count + at + 5000)
        engine.release_writer()
    figures.append(
        figure(
            BENCH,
            "upserts (apply, batches of 5,000)",
            len(updates) / applying(),
            "docs/s",
            at_least=RATE_GOAL,
        )
    )

    queries = query_mix(corpus, QUERIES)
    warm_up = query_mix(corpus, WARM_UP, seed=SEED + 1)
    kinds = Counter(query.kind for query in queries)
    print("    query mix: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    print("    e.g. " + ", ".join(repr(q.text) for q in queries[:12] if q.text))
    wall, cpu, totals = measure(engine, queries, warm_up)
    ordered, p95 = sorted(wall), percentile(sorted(wall), 95)
    figures += [
        figure(BENCH, "top-20 + total + 5 facets p50", percentile(ordered, 50), "ms", note="no result cache"),
        figure(
            BENCH, "top-20 + total + 5 facets p95", p95, "ms", at_most=P95_GOAL_MS, note="no result cache"
        ),
        figure(BENCH, "top-20 + total + 5 facets p99", percentile(ordered, 99), "ms", note="no result cache"),
        figure(BENCH, "CPU per search p95 (all threads)", percentile(sorted(cpu), 95), "ms"),
    ]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for query, elapsed in zip(queries, wall, strict=True):
        by_kind[query.kind].append(elapsed)
    for kind, values in sorted(by_kind.items()):
        print(f"      {kind:<18} {_summary(values)}")
    print(f"    matches per search: median {int(np.median(totals)):,}, max {max(totals):,}")
    engine.close()
    cached = TantivyEngine(directory, ads_schema())
    cached_wall = sorted(measure(cached, queries, warm_up)[0])
    figures.append(
        figure(
            BENCH,
            "p95 with the per-searcher result cache",
            percentile(cached_wall, 95),
            "ms",
            note="repeated searches and later pages",
        )
    )
    cached.close()

    subset = ads[: min(baseline_docs, count)]
    baseline = sorted(fts_baseline(subset, queries))
    base_p95 = percentile(baseline, 95)
    figures += [
        figure(BENCH, f"SQLite FTS5, {len(subset):,} docs p50 (baseline)", percentile(baseline, 50), "ms"),
        figure(BENCH, f"SQLite FTS5, {len(subset):,} docs p95 (baseline)", base_p95, "ms"),
        figure(BENCH, f"p95 tantivy {count:,} / FTS5 {len(subset):,} docs", p95 / base_p95, "x"),
    ]
    print(f"    load average at the end {_load()} (other processes share the CPUs: compare the CPU figures)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="The search engine on synthetic job ads.")
    parser.add_argument(
        "--docs", type=int, default=None, help=f"ads to index (default 1,000,000 or ${DOCS_ENV})"
    )
    parser.add_argument("--baseline-docs", type=int, default=100_000, help="ads in the SQLite FTS5 baseline")
    args = parser.parse_args()
    main_of(lambda: run(args.docs, args.baseline_docs))


if __name__ == "__main__":
    main()
