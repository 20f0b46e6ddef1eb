"""The catalogue at 10,000 datasets: CKAN package_search latency, and the whole /catalog.ttl streamed.

The datasets are generated through the catalogue service (varied publishers, themes, formats, licences,
concepts, regions) into a copy of the loaded taxonomy database. package_search is timed one request at a
time over a realistic mix (free text, fq filters, facets, sorts, deep offsets) against a trivial endpoint
of the same server. /catalog.ttl?page=all is streamed at 1,000 and at 10,000 datasets while the server's
peak RSS is read, so that the memory figure can be compared with the catalogue's size.
"""

from __future__ import annotations

import json
import random
import shutil
import time
import urllib.parse
from pathlib import Path

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

BENCH = "catalogue"
SMALL, LARGE = 1_000, 10_000
QUERIES = 400
THEMES = ["EDUC", "ECON", "SOCI", "HEAL", "REGI", "TECH", "GOVE", "ENVI"]
FORMATS = ["CSV", "JSON", "PARQUET", "XLSX", "RDF_TURTLE"]
LICENCES = [
    "http://creativecommons.org/publicdomain/zero/1.0/",
    "http://creativecommons.org/licenses/by/4.0/",
]
CONCEPTS = ["ssyk:2512", "ssyk:2221", "ssyk:3511", "ssyk:5321", "ssyk:2341", "isco:2512"]
PLACES = ["lan:01", "lan:14", "lan:12", "kommun:0180", "kommun:1480", "country:SE"]
WORDS = [
    "yrken",
    "lön",
    "utbildning",
    "arbetsmarknad",
    "prognos",
    "statistik",
    "kommun",
    "kurser",
    "sysselsättning",
]


def _generate(data_dir: Path, count: int, start: int, seed: int) -> float:
    """Add `count` datasets through the service; seconds taken."""
    from samskapa.accounts import service as accounts
    from samskapa.catalogue import demo, service
    from samskapa.catalogue.schemas import DatasetIn
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope

    rng = random.Random(seed)
    engine = create_db_engine(sqlite_url(data_dir))
    began = time.perf_counter()
    with session_scope(create_session_factory(engine)) as session:
        demo.seed_catalogue(session)
        publishers = [accounts.get_organisation(session, key=name) for name, _, _ in demo.PUBLISHERS]
        for number in range(start, start + count):
            words = rng.sample(WORDS, 3)
            data = DatasetIn(
                title_sv=f"{words[0].capitalize()} och {words[1]} {number}",
                title_en=f"Dataset {number} on {words[2]}",
                description_sv=" ".join(rng.choices(WORDS, k=30)),
                description_en=f"Generated dataset number {number} for the benchmark.",
                keywords_sv=words,
                keywords_en=["benchmark"],
                themes=rng.sample(THEMES, rng.randint(1, 3)),
                concepts=rng.sample(CONCEPTS, rng.randint(0, 2)),
                spatial=rng.sample(PLACES, 1),
                frequency=rng.choice(["ANNUAL", "MONTHLY", "DAILY"]),
                access_rights="PUBLIC",
                contact_name="Benchmark",
                contact_email="bench@example.org",
                distributions=[
                    {
                        "title_sv": f"Fil {k}",
                        "title_en": f"File {k}",
                        "access_url": f"https://example.org/{number}/{k}",
                        "format": rng.choice(FORMATS),
                        "licence": rng.choice(LICENCES),
                        "byte_size": rng.randint(1, 10**9),
                    }
                    for k in range(rng.randint(1, 3))
                ],
            )
            service.create_dataset(session, organisation=rng.choice(publishers), data=data)
    engine.dispose()
    return time.perf_counter() - began


def _queries(rng: random.Random) -> list[str]:
    mix = []
    for _ in range(QUERIES):
        params: dict[str, str] = {"rows": rng.choice(["10", "10", "100"])}
        kind = rng.random()
        if kind < 0.35:
            params["q"] = rng.choice(WORDS)
        elif kind < 0.55:
            params["fq"] = f"organization:{rng.choice(['scb-demo', 'uhr-demo', 'skolverket-demo'])}"
            params["q"] = rng.choice(WORDS)
        elif kind < 0.7:
            params["q"] = "metadata_modified:[2020-01-01T00:00:00Z TO *]"
            params["sort"] = "metadata_modified desc"
        elif kind < 0.85:
            params["facet.field"] = json.dumps(["organization", "res_format", "license_id", "groups"])
            params["q"] = rng.choice(WORDS)
        else:
            params["sort"] = "id asc"
            params["start"] = str(rng.randint(0, 9000))
        mix.append("/api/3/action/package_search?" + urllib.parse.urlencode(params))
    return mix


def _latencies(port: int, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        began = time.perf_counter()
        status, body = http_get(port, path, timeout=60)
        times.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
    return sorted(times)


def _stream_catalogue(port: int, pid: int) -> tuple[float, int, float, float]:
    """Seconds, bytes, RSS before and peak RSS while streaming /catalog.ttl?page=all."""
    # Let the suggest index finish warming first: its build is the server's largest allocation.
    http_get(port, "/v1/suggest?q=l%C3%A4rare", timeout=120)
    before = rss_mb(pid)
    began = time.perf_counter()
    status, body = http_get(port, "/catalog.ttl?page=all", timeout=600)
    seconds = time.perf_counter() - began
    if status != 200:
        raise RuntimeError(f"/catalog.ttl?page=all answered {status}: {body[:300]!r}")
    return seconds, len(body), before, peak_rss_mb(pid)


def run() -> list[Figure]:
    heading("bench_catalogue: package_search and the streamed catalogue at 10,000 datasets")
    data_dir = new_temp_dir()
    shutil.copy(loaded_data_dir() / DB_FILE, data_dir / DB_FILE)
    figures: list[Figure] = []
    rng = random.Random(11)
    seconds = _generate(data_dir, SMALL, 0, seed=1)
    print(f"    generated {SMALL:,} datasets in {seconds:.1f} s")
    streamed: dict[int, tuple[float, int, float, float]] = {}
    with platform_server(data_dir, free_port()) as server:
        server.wait_ready()
        streamed[SMALL] = _stream_catalogue(server.port, server.process.pid)
    seconds = _generate(data_dir, LARGE - SMALL, SMALL, seed=2)
    print(f"    generated {LARGE - SMALL:,} more datasets in {seconds:.1f} s")
    with platform_server(data_dir, free_port()) as server:
        server.wait_ready()
        streamed[LARGE] = _stream_catalogue(server.port, server.process.pid)
        paths = _queries(rng)
        _latencies(server.port, paths[:40])  # warm-up
        search = _latencies(server.port, paths)
        baseline = _latencies(server.port, ["/v1/api-info"] * len(paths))
    figures.append(figure(BENCH, "package_search p50 (10,000 datasets)", percentile(search, 50), "ms"))
    figures.append(
        figure(BENCH, "package_search p95 (10,000 datasets)", percentile(search, 95), "ms", at_most=50)
    )
    figures.append(
        figure(
            BENCH,
            "trivial endpoint p95 (baseline)",
            percentile(baseline, 95),
            "ms",
            note="/v1/api-info, same server",
        )
    )
    figures.append(
        figure(
            BENCH, "package_search p95 / baseline p95", percentile(search, 95) / percentile(baseline, 95), "x"
        )
    )
    for size, (secs, size_bytes, before, peak) in streamed.items():
        figures.append(
            figure(
                BENCH,
                f"/catalog.ttl streamed, {size:,} datasets",
                secs,
                "s",
                note=f"{size_bytes / 1e6:.1f} MB; {size_bytes / 1e6 / secs:.1f} MB/s",
            )
        )
        figures.append(
            figure(
                BENCH, f"server peak RSS while streaming {size:,}", peak, "MB", note=f"{before:.0f} MB before"
            )
        )
    growth = streamed[LARGE][3] - streamed[SMALL][3]
    figures.append(
        figure(
            BENCH,
            "peak RSS growth from 1,000 to 10,000 datasets",
            growth,
            "MB",
            goal="flat (does not grow with the catalogue)",
            met=growth < 50,
        )
    )
    return figures


if __name__ == "__main__":
    main_of(run)
