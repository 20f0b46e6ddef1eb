"""Throughput of `GET /v1/concepts/{id}` over loopback, as a ratio to a bare FastAPI endpoint.

The baseline is a bare FastAPI `async def` endpoint returning a small JSON dict; a plain `def` endpoint
(thread pool) is printed for reference. The platform is measured twice: as served (rendered concepts are
cached per taxonomy version) and with that cache off, so that every request renders the concept from the
database. All run as subprocesses under uvicorn the same way (one worker, no access log) on 127.0.0.1. The
load generator is wrk (2 threads, 32 connections, a Lua script rotating real ids of occupations, skills and
SSYK groups); without wrk (or with SAMSKAPA_BENCH_NO_WRK=1) an asyncio + httpx generator, which is itself
much slower, so only the ratio means much then. The servers are measured in alternating rounds so that
drift of a shared machine hits all alike.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

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
    new_temp_dir,
    percentile,
    platform_server,
    sample_ids,
)

BENCH = "http"
RATIO_GOAL = 0.5
THREADS = 2
CONNECTIONS = 32
WARM_UP_S = 3
ROUND_S = 5
ROUNDS = 2
IDS_PER_TYPE = {"occupation": 200, "skill": 200, "ssyk-group": 100}

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass
class LoadResult:
    requests_per_s: float
    bad: int
    p50_ms: float | None = None
    p99_ms: float | None = None


def _wrk_path() -> str | None:
    if os.environ.get("SAMSKAPA_BENCH_NO_WRK"):
        return None
    return shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)


def _lua_script(paths: list[str], script: Path) -> Path:
    """A wrk script sending the paths in turn, each thread starting at a different place."""
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * 97)\n"
        "  threads = threads + 1\n"
        "end\n"
        "local i = 0\n"
        "function request()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[((i + (offset or 0)) % #paths) + 1])\n"
        "end\n"
    )
    return script


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def _run_wrk(wrk: str, port: int, script: Path, seconds: int) -> LoadResult:
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script),
               f"http://127.0.0.1:{port}"]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    return LoadResult(requests_per_s=float(rate.group(1)), bad=bad,
                      p50_ms=_ms(latency["50"]) if "50" in latency else None,
                      p99_ms=_ms(latency["99"]) if "99" in latency else None)  # fmt: skip


async def _httpx_load(port: int, paths: list[str], seconds: float) -> LoadResult:
    import httpx

    loop = asyncio.get_running_loop()
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    done = [0, 0]
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
        start = loop.time()
        deadline = start + seconds

        async def worker(offset: int) -> None:
            i = offset
            while loop.time() < deadline:
                response = await client.get(paths[i % len(paths)])
                i += 1
                done[0] += 1
                done[1] += response.status_code != 200

        await asyncio.gather(*(worker(k * 97) for k in range(CONNECTIONS)))
        elapsed = loop.time() - start
    return LoadResult(requests_per_s=done[0] / elapsed, bad=done[1])


class _Generator:
    def __init__(self, work_dir: Path) -> None:
        self.wrk = _wrk_path()
        self.work_dir = work_dir
        self.scripts: dict[tuple[str, ...], Path] = {}
        self.name = (f"wrk, {THREADS} threads, {CONNECTIONS} connections" if self.wrk
                     else f"Python asyncio + httpx, {CONNECTIONS} connections (wrk not found)")  # fmt: skip

    def run(self, port: int, paths: list[str], seconds: int) -> LoadResult:
        if self.wrk:
            key = tuple(paths)
            if key not in self.scripts:
                self.scripts[key] = _lua_script(paths, self.work_dir / f"rotate-{len(self.scripts)}.lua")
            return _run_wrk(self.wrk, port, self.scripts[key], seconds)
        return asyncio.run(_httpx_load(port, paths, seconds))


def _check_paths(server: Server, paths: list[str]) -> None:
    """Every path must answer 200 (this also warms the server's caches)."""
    for path in paths:
        status, body = http_get(server.port, path, timeout=30)
        if status != 200:
            raise RuntimeError(
                f"GET {path} answered {status}: {body[:300]!r}\nServer log (end):\n{server.log_tail()}"
            )


def _sequential_latency(server: Server, ids: list[tuple[str, str]], paths: list[str]) -> None:
    """One request at a time over every id (already warm): where a single request's time goes, by type."""
    by_type: dict[str, list[float]] = {}
    for (_, type_), path in zip(ids, paths, strict=True):
        start = time.perf_counter()
        http_get(server.port, path, timeout=30)
        by_type.setdefault(type_, []).append((time.perf_counter() - start) * 1000)
    for type_, values in by_type.items():
        ordered = sorted(values)
        print(f"      one at a time, {type_:<12} p50 {percentile(ordered, 50):6.2f} ms  "
              f"p95 {percentile(ordered, 95):6.2f} ms  ({len(ordered)} ids)")  # fmt: skip


def run() -> list[Figure]:
    heading("bench_http: GET /v1/concepts/{id} throughput vs a bare FastAPI endpoint")
    data_dir = loaded_data_dir()
    work_dir = new_temp_dir()
    ids = sample_ids(data_dir, IDS_PER_TYPE)
    paths = [f"/v1/concepts/{quote(concept_id, safe=':')}" for concept_id, _ in ids]
    async_paths = ["/async" + path for path in paths]
    generator = _Generator(work_dir)
    mix = ", ".join(f"{count} {type_}" for type_, count in IDS_PER_TYPE.items())
    print(f"    load generator: {generator.name}; {len(paths)} ids rotated ({mix}); "
          f"{ROUNDS} alternating rounds of {ROUND_S} s after {WARM_UP_S} s of warm-up")  # fmt: skip

    uncached_env = {"SAMSKAPA_CONCEPT_CACHE_ENTRIES": "0"}
    with (
        bare_server(free_port(), work_dir) as bare,
        platform_server(data_dir, free_port()) as platform,
        platform_server(data_dir, free_port(), extra_env=uncached_env) as uncached,
    ):
        servers = {"bare async": (bare, async_paths), "bare def": (bare, paths),
                   "platform": (platform, paths), "platform uncached": (uncached, paths)}  # fmt: skip
        for server in (bare, platform, uncached):
            server.wait_ready()
        for server in (platform, uncached):
            # The platform warms its suggest index in a background thread: let that finish before measuring.
            status, _ = http_get(server.port, "/v1/suggest?q=l%C3%A4rare", timeout=120)
            if status != 200:
                raise RuntimeError(f"/v1/suggest answered {status}")
            _check_paths(server, paths)
        _check_paths(bare, async_paths[:20])
        print("    one request at a time, cache off (every request renders from the database):")
        _sequential_latency(uncached, ids, paths)
        print("    one request at a time, cache on:")
        _sequential_latency(platform, ids, paths)
        for server, server_paths in servers.values():
            generator.run(server.port, server_paths, WARM_UP_S)
        results: dict[str, list[LoadResult]] = {name: [] for name in servers}
        for round_ in range(1, ROUNDS + 1):
            for name, (server, server_paths) in servers.items():
                results[name].append(generator.run(server.port, server_paths, ROUND_S))
            line = ", ".join(
                f"{name} {rounds[-1].requests_per_s:,.0f} req/s" for name, rounds in results.items()
            )
            print(f"      round {round_}: {line}")

    rates = {name: sum(r.requests_per_s for r in rounds) / len(rounds) for name, rounds in results.items()}
    bad = sum(r.bad for rounds in results.values() for r in rounds)

    def latency(name: str) -> str:
        last = results[name][-1]
        if last.p50_ms is None or last.p99_ms is None:
            return ""
        return f"latency p50 {last.p50_ms:.1f} ms, p99 {last.p99_ms:.1f} ms"

    flatters = "" if generator.wrk else "httpx caps both rates: the ratio flatters"
    base = rates["bare async"]
    figures = [
        figure(BENCH, "bare FastAPI async endpoint (baseline)", base, "req/s", note="async def, small JSON"),
        figure(BENCH, "bare FastAPI def endpoint (reference)", rates["bare def"], "req/s",
               note="thread pool"),
        figure(BENCH, "GET /v1/concepts/{id}", rates["platform"], "req/s", note=latency("platform")),
        figure(BENCH, "concepts / bare FastAPI", rates["platform"] / base, "x", at_least=RATIO_GOAL,
               note=flatters),
        figure(BENCH, "GET /v1/concepts/{id}, cache off", rates["platform uncached"], "req/s",
               note=latency("platform uncached")),
        figure(BENCH, "cache off / bare FastAPI", rates["platform uncached"] / base, "x",
               note="a first read of each concept in a version"),
    ]  # fmt: skip
    if bad:
        print(f"    WARNING: {bad} responses were not 200 or failed: the figures above are not meaningful.")
    return figures


if __name__ == "__main__":
    main_of(run)
