"""Job ads at 1,000,000 generated ads: generation, ingest, indexing, search + facets, paging, snapshot, bulk.

Every step goes through the product's own code: the generator (`samskapa demo generate-ads`), the CLI's
ingest path (validation against the taxonomy, chunked upserts), the index keeper's rebuild, and the HTTP
API of a uvicorn server (search, cursors, snapshot, bulk files). Baselines run in the same process: a bare
INSERT of the same documents (ingest), reading the change feed without an engine (indexing), a trivial
endpoint of the same server (search), and reading the stored documents in-process (snapshot).

SAMSKAPA_BENCH_ADS sets the number of ads (default 1,000,000).
"""

from __future__ import annotations

import gzip
import http.client
import os
import random
import shutil
import sqlite3
import time
import urllib.parse
from pathlib import Path
from typing import IO, Any, cast

import orjson

from benchmarks._common import (
    DB_FILE,
    Figure,
    figure,
    free_port,
    heading,
    http_get,
    loaded_data_dir,
    main_of,
    new_temp_dir,
    peak_rss_mb,
    percentile,
    platform_server,
    rss_mb,
    sqlite_url,
)

BENCH = "ads"
COUNT = int(os.environ.get("SAMSKAPA_BENCH_ADS", "1000000"))
QUERIES = 500
PAGED = 100_000


def _generate(data_dir: Path, path: Path) -> tuple[float, int, list[dict[str, Any]]]:
    """Write COUNT generated ads as gzipped JSON Lines; seconds, bytes of JSON, a sample of ads."""
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.job_ads import synthetic

    engine = create_db_engine(sqlite_url(data_dir))
    with session_scope(create_session_factory(engine)) as session:
        model = synthetic.build_model(session)
    engine.dispose()
    sample: list[dict[str, Any]] = []
    size = 0
    began = time.perf_counter()
    with gzip.open(path, "wb", compresslevel=1) as out:
        for number, ad in enumerate(
            synthetic.generate_ads(model, count=COUNT, lang="both", seed=42), start=1
        ):
            line = orjson.dumps(ad) + b"\n"
            size += len(line)
            out.write(line)
            if number % 500 == 0:
                sample.append(ad)
    return time.perf_counter() - began, size, sample


def _ingest(data_dir: Path, path: Path) -> tuple[float, int]:
    from samskapa.cli.common import session_factory
    from samskapa.config import Settings
    from samskapa.job_ads import tasks

    settings = Settings(data_dir=data_dir)
    with session_factory(settings) as factory:
        with gzip.open(path, "rb") as stream:
            began = time.perf_counter()
            report = tasks.ingest_file(
                factory,
                cast(IO[bytes], stream),
                name="ads.jsonl",
                organisation=_demo_org(factory),
                chunk_size=2000,
            )
        seconds = time.perf_counter() - began
    if report.errors:
        raise RuntimeError(f"{len(report.errors)} generated ads were refused: {report.errors[:3]}")
    return seconds, report.created


def _demo_org(factory: Any) -> str:
    from samskapa.core.db import session_scope
    from samskapa.job_ads import tasks

    with session_scope(factory) as session:
        return tasks.demo_publisher(session).name


def _bare_insert(data_dir: Path, path: Path, rows: int) -> float:
    """The baseline of ingest: the same documents INSERTed as they are, no validation, one transaction."""
    connection = sqlite3.connect(data_dir / "baseline.db")
    connection.execute("create table ad (id integer primary key, source text, external_id text, doc text)")
    began = time.perf_counter()
    with gzip.open(path, "rb") as stream:
        batch = []
        for number, line in enumerate(stream, start=1):
            ad = orjson.loads(line)
            batch.append(("bench", ad["external_id"], orjson.dumps(ad).decode()))
            if len(batch) == 2000:
                connection.executemany("insert into ad (source, external_id, doc) values (?, ?, ?)", batch)
                batch = []
            if number >= rows:
                break
        connection.executemany("insert into ad (source, external_id, doc) values (?, ?, ?)", batch)
    connection.commit()
    seconds = time.perf_counter() - began
    connection.close()
    (data_dir / "baseline.db").unlink()
    return seconds


def _index(data_dir: Path) -> tuple[float, float, int, int]:
    """Rebuild the index from the database: seconds, seconds of reading the feed alone, docs, bytes."""
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.indexes import close_indexes, open_indexes
    from samskapa.job_ads import search

    engine = create_db_engine(sqlite_url(data_dir))
    factory = create_session_factory(engine)
    feed = search.feed(lambda: session_scope(factory))
    began = time.perf_counter()
    seq, read = 0, 0
    while True:
        batch = feed.changes_since(seq, 5000)
        if not batch:
            break
        read += len(batch)
        seq = batch[-1][0]
    feed_seconds = time.perf_counter() - began
    indexes = open_indexes(data_dir / "search", factory, names=("job_ads",))
    began = time.perf_counter()
    count = indexes["job_ads"].keeper.rebuild()
    seconds = time.perf_counter() - began
    size = indexes["job_ads"].engine.stats().size_bytes
    close_indexes(indexes)
    engine.dispose()
    return seconds, feed_seconds * count / max(read, 1), count, size


def _queries(sample: list[dict[str, Any]], rng: random.Random) -> list[str]:
    words = [
        word.strip(",.()").lower()
        for ad in sample
        for word in ad["headline"].split()
        if len(word.strip(",.()")) >= 5 and word.isalpha()
    ]
    paths = []
    for _ in range(QUERIES):
        ad = rng.choice(sample)
        params: dict[str, str] = {}
        kind = rng.random()
        if kind < 0.45:
            params["q"] = " ".join(rng.sample(words, 1 if rng.random() < 0.7 else 2))
        elif kind < 0.7:
            params["q"] = rng.choice(words)
            params[rng.choice(["region", "occupation_field", "employment_type"])] = (
                ad.get("region") or "lan:01"
            )
            if "occupation_field" in params:
                params["occupation_field"] = f"ssyk:{ad['ssyk'][5]}" if ad.get("ssyk") else "ssyk:2"
            if "employment_type" in params:
                params["employment_type"] = ad.get("employment_type") or "employment-type:regular"
        elif kind < 0.85:
            params["municipality"] = ad.get("municipality") or "kommun:0180"
            params["sort"] = "newest"
        else:
            pass  # everything, newest first, with every facet
        paths.append("/v1/ads?" + urllib.parse.urlencode(params))
    return paths


def _latencies(port: int, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        began = time.perf_counter()
        status, body = http_get(port, path, timeout=60)
        times.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    return sorted(times)


def _page_through(port: int, limit: int = 200) -> tuple[int, int, float]:
    """Follow the cursors of a broad search for PAGED results: (items, distinct ids, seconds)."""
    ids: list[str] = []
    params = {"sort": "newest", "limit": str(limit), "facet": "lang"}
    began = time.perf_counter()
    while len(ids) < PAGED:
        status, body = http_get(port, "/v1/ads?" + urllib.parse.urlencode(params), timeout=60)
        if status != 200:
            raise RuntimeError(f"paging answered {status}: {body[:300]!r}")
        page = orjson.loads(body)
        ids.extend(item["id"] for item in page["items"])
        if not page["next"]:
            break
        params["cursor"] = page["next"]
    return len(ids), len(set(ids)), time.perf_counter() - began


def _stream(port: int, path: str) -> tuple[float, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    began = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    size = 0
    while chunk := response.read(1 << 20):
        size += len(chunk)
    seconds = time.perf_counter() - began
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return seconds, size


def _read_documents(data_dir: Path) -> tuple[float, int]:
    """The snapshot's baseline: the stored documents read and joined in-process, no HTTP."""
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.job_ads import service

    engine = create_db_engine(sqlite_url(data_dir))
    size = 0
    began = time.perf_counter()
    with session_scope(create_session_factory(engine)) as session:
        for chunk in service.snapshot_chunks(session):
            size += len(chunk)
    seconds = time.perf_counter() - began
    engine.dispose()
    return seconds, size


def run() -> list[Figure]:
    heading(f"bench_ads: job ads at {COUNT:,} generated ads")
    data_dir = new_temp_dir()
    shutil.copy(loaded_data_dir() / DB_FILE, data_dir / DB_FILE)
    figures: list[Figure] = []
    path = data_dir / "ads.jsonl.gz"
    seconds, size, sample = _generate(data_dir, path)
    figures.append(
        figure(BENCH, "generator rate", COUNT / seconds, "ads/s", note=f"{size / COUNT:,.0f} B/ad")
    )
    seconds, created = _ingest(data_dir, path)
    figures.append(
        figure(BENCH, "ingest rate (validated upserts)", created / seconds, "ads/s", note=f"{seconds:.0f} s")
    )
    bare_rows = min(COUNT, 200_000)
    bare = _bare_insert(data_dir, path, bare_rows)
    figures.append(figure(BENCH, "bare INSERT rate (baseline)", bare_rows / bare, "ads/s"))
    figures.append(figure(BENCH, "ingest / bare INSERT", (created / seconds) / (bare_rows / bare), "x"))
    path.unlink()

    seconds, feed_seconds, count, index_bytes = _index(data_dir)
    figures.append(
        figure(BENCH, "indexing rate (rebuild from the database)", count / seconds, "ads/s", at_least=5000)
    )
    figures.append(figure(BENCH, "reading the feed alone (baseline)", count / feed_seconds, "ads/s"))
    figures.append(
        figure(BENCH, "index size", index_bytes / 1e6, "MB", note=f"{index_bytes / count:,.0f} B/ad")
    )

    rng = random.Random(5)
    with platform_server(data_dir, free_port(), extra_env={"SAMSKAPA_SEARCH_SYNC_SECONDS": "60"}) as server:
        server.wait_ready()
        pid = server.process.pid
        paths = _queries(sample, rng)
        _latencies(server.port, paths[:50])
        search = _latencies(server.port, paths)
        trivial = _latencies(server.port, ["/v1/api-info"] * len(paths))
        figures.append(figure(BENCH, "search top 20 + facets p50 (HTTP)", percentile(search, 50), "ms"))
        figures.append(
            figure(BENCH, "search top 20 + facets p95 (HTTP)", percentile(search, 95), "ms", at_most=50)
        )
        figures.append(figure(BENCH, "search p99 (HTTP)", percentile(search, 99), "ms"))
        figures.append(figure(BENCH, "trivial endpoint p95 (baseline)", percentile(trivial, 95), "ms"))
        figures.append(
            figure(BENCH, "search p95 / trivial p95", percentile(search, 95) / percentile(trivial, 95), "x")
        )
        items, distinct, seconds = _page_through(server.port)
        figures.append(
            figure(
                BENCH,
                "paged with cursors: items / distinct",
                items,
                "items",
                note=f"{distinct:,} distinct in {seconds:.0f} s",
            )
        )
        figures.append(figure(BENCH, "server RSS after searching", rss_mb(pid), "MB"))
        seconds, size = _stream(server.port, "/v1/ads/snapshot")
        figures.append(
            figure(
                BENCH,
                "snapshot streaming rate (HTTP)",
                size / 1e6 / seconds,
                "MB/s",
                at_least=50,
                note=f"{size / 1e6:,.0f} MB in {seconds:.0f} s",
            )
        )
        seconds, size = _stream(server.port, "/v1/ads/bulk/datapackage.json")
        figures.append(figure(BENCH, "bulk files built (first request)", seconds, "s"))
        seconds, size = _stream(server.port, "/v1/ads/bulk/job-ads.parquet")
        figures.append(
            figure(BENCH, "Parquet download", size / 1e6 / seconds, "MB/s", note=f"{size / 1e6:,.0f} MB")
        )
        figures.append(figure(BENCH, "server peak RSS", peak_rss_mb(pid), "MB"))
    seconds, size = _read_documents(data_dir)
    figures.append(figure(BENCH, "stored documents read in-process (baseline)", size / 1e6 / seconds, "MB/s"))
    return figures


if __name__ == "__main__":
    main_of(run)
