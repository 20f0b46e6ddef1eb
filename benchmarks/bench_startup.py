"""Server start time and memory: `samskapa serve` against a loaded database, against a bare uvicorn app.

Each run starts the server as a subprocess on a free port of 127.0.0.1 and polls /healthz until it answers
(start time), then waits for the first /v1/suggest answer (the autocomplete index is warm), reads the RSS of
the server process and its children (/proc/<pid>/status VmRSS), sends a few hundred requests and reads it
again. Baseline in the same run: the bare FastAPI app of bench_http started by uvicorn, to /healthz, and its
RSS. The runs of both alternate; the figures are medians.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

from benchmarks._common import (
    Figure,
    Server,
    bare_server,
    figure,
    free_port,
    heading,
    http_get,
    loaded_data_dir,
    main_of,
    median,
    new_temp_dir,
    peak_rss_mb,
    rss_mb,
    running,
    sample_ids,
    samskapa_command,
    server_env,
)

BENCH = "startup"
RUNS = 3
START_GOAL_S = 2.0
RSS_GOAL_MB = 300.0
SUGGEST_QUERIES = [
    "systemutvecklare", "sjukskötersk", "pyhton", "lärare", "förskollärare", "undersköterska", "snickare",
    "elektriker", "projektledare", "software developer", "data scientist", "javascript", "teacher", "nurse",
    "s", "sy", "sys", "syst", "ma", "man", "manag", "managment", "stockholm", "göteborg", "kock",
]  # fmt: skip


def _traffic(server: Server, concept_paths: list[str]) -> int:
    """A few hundred requests of the kinds clients send, eight at a time; the number of requests."""
    paths = list(concept_paths)
    for lang in ("sv", "en"):
        paths += [f"/v1/suggest?{urlencode({'q': q, 'lang': lang})}" for q in SUGGEST_QUERIES]
        paths += [f"/v1/suggest?{urlencode({'q': q})}" for q in SUGGEST_QUERIES]
    paths += [
        f"/v1/concepts?type={t}&limit=100" for t in ("occupation", "skill", "ssyk-group", "municipality")
    ]
    paths += [f"{path}/skills" for path in concept_paths[:20]]

    def get(path: str) -> int:
        return http_get(server.port, path, timeout=60)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(get, paths))
    bad = [(path, status) for path, status in zip(paths, statuses, strict=True) if status >= 500]
    if bad:
        examples = ", ".join(f"{path} → {status}" for path, status in bad[:3])
        print(f"    WARNING: {len(bad)} of {len(paths)} requests failed with a server error, e.g. {examples}")
    return len(paths)


def _platform_run(data_dir: Path, concept_paths: list[str]) -> dict[str, float]:
    port = free_port()
    command = [*samskapa_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(command, port, env=server_env(data_dir), cwd=data_dir) as server:
        healthz_s = server.wait_ready("/healthz")
        status, body = http_get(port, "/v1/suggest?q=l%C3%A4rare", timeout=120)
        suggest_s = time.perf_counter() - server.started
        if status != 200:
            raise RuntimeError(f"/v1/suggest answered {status}: {body[:300]!r}")
        pid = server.process.pid
        rss_warm = rss_mb(pid)
        requests = _traffic(server, concept_paths)
        rss_after = rss_mb(pid)
        peak = peak_rss_mb(pid)
    return {"healthz": healthz_s, "suggest": suggest_s, "rss_warm": rss_warm, "rss_after": rss_after,
            "peak": peak, "requests": requests}  # fmt: skip


def _bare_run(work_dir: Path) -> dict[str, float]:
    with bare_server(free_port(), work_dir) as server:
        healthz_s = server.wait_ready("/healthz")
        for _ in range(50):
            http_get(server.port, "/v1/concepts/ssyk:2512")
        return {"healthz": healthz_s, "rss": rss_mb(server.process.pid)}


def run() -> list[Figure]:
    heading("bench_startup: server start time and memory")
    data_dir = loaded_data_dir()
    work_dir = new_temp_dir()
    ids = sample_ids(data_dir, {"occupation": 60, "skill": 60, "ssyk-group": 30}, seed=11)
    concept_paths = [f"/v1/concepts/{quote(concept_id, safe=':')}" for concept_id, _ in ids]
    platform: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    for number in range(1, RUNS + 1):
        bare.append(_bare_run(work_dir))
        platform.append(_platform_run(data_dir, concept_paths))
        b, p = bare[-1], platform[-1]
        print(
            f"      run {number}: bare /healthz {b['healthz']:.2f} s, {b['rss']:.0f} MB; "
            f"samskapa serve /healthz {p['healthz']:.2f} s, first suggest {p['suggest']:.2f} s, "
            f"{p['rss_warm']:.0f} MB warm, {p['rss_after']:.0f} MB after {p['requests']:.0f} requests"
        )

    def mid(runs: list[dict[str, float]], key: str) -> float:
        return median([item[key] for item in runs])

    start_s, bare_start_s = mid(platform, "healthz"), mid(bare, "healthz")
    rss_after, bare_rss = mid(platform, "rss_after"), mid(bare, "rss")
    requests = int(platform[0]["requests"])
    return [
        figure(BENCH, "bare uvicorn app: start to /healthz (baseline)", bare_start_s, "s"),
        figure(BENCH, "samskapa serve: start to /healthz", start_s, "s", at_most=START_GOAL_S),
        figure(BENCH, "start / bare start", start_s / bare_start_s, "x"),
        figure(BENCH, "samskapa serve: start to first /v1/suggest", mid(platform, "suggest"), "s",
               note="suggest index warm"),
        figure(BENCH, "bare uvicorn app RSS (baseline)", bare_rss, "MB"),
        figure(BENCH, "samskapa serve RSS, index warm", mid(platform, "rss_warm"), "MB", at_most=RSS_GOAL_MB),
        figure(BENCH, f"samskapa serve RSS after {requests} requests", rss_after, "MB", at_most=RSS_GOAL_MB),
        figure(BENCH, "samskapa serve peak RSS (VmHWM)", mid(platform, "peak"), "MB"),
        figure(BENCH, "RSS after requests / bare RSS", rss_after / bare_rss, "x"),
    ]  # fmt: skip


if __name__ == "__main__":
    main_of(run)
