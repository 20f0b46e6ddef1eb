"""Full taxonomy load into a fresh database, then a second load of the same sources (a no-op).

Baseline: parsing the sources alone (`build_graph`), measured in the same run; the load includes that parse.
SQLite always; PostgreSQL too when SAMSKAPA_BENCH_DATABASE_URL is set (in a fresh schema, dropped after).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator

from benchmarks._common import (
    DATABASE_URL_ENV,
    Figure,
    figure,
    heading,
    load_into,
    main_of,
    median,
    new_temp_dir,
    offer_loaded_dir,
    sqlite_url,
    timer,
)

BENCH = "load"
LOAD_GOAL_S = 30.0


class _Phases:
    """Records when the loader reports each phase, to show where the time goes."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first_seen: dict[str, float] = {}

    def __call__(self, phase: str, _done: int, _total: int) -> None:
        self.first_seen.setdefault(phase, time.perf_counter() - self.start)

    def print(self, total: float) -> None:
        marks = sorted(self.first_seen.items(), key=lambda item: item[1])
        for (phase, began), (_, ended) in zip(marks, [*marks[1:], ("end", total)], strict=True):
            print(f"      {phase:<30} {ended - began:7.2f} s")


def _parse_seconds(runs: int = 3) -> tuple[float, int]:
    """The median of `runs` parses of the bundled sources (the machine is noisy), and the concept count."""
    from samskapa.config import BUNDLED_TAXONOMY_SOURCES
    from samskapa.taxonomy.build import build_graph

    times: list[float] = []
    concepts = 0
    for _ in range(runs):
        with timer() as elapsed:
            graph = build_graph(BUNDLED_TAXONOMY_SOURCES)
        times.append(elapsed())
        concepts = len(graph.concepts)
        del graph
    return median(times), concepts


def _measure(backend: str, url: str, parse_s: float) -> list[Figure]:
    figures: list[Figure] = []
    phases = _Phases()
    migrate_s, load_s, report = load_into(url, progress=phases)
    print(f"    {backend}: {report.message} Phases, as the loader reports them:")
    phases.print(load_s)
    figures.append(figure(BENCH, f"{backend}: migrate fresh database", migrate_s, "s"))
    figures.append(
        figure(
            BENCH,
            f"{backend}: full load (one transaction)",
            load_s,
            "s",
            at_most=LOAD_GOAL_S,
            note=f"{report.concepts / load_s:,.0f} concepts/s",
        )
    )
    figures.append(figure(BENCH, f"{backend}: full load / parse (baseline)", load_s / parse_s, "x"))
    _, reload_s, second = load_into(url, migrate=False)
    figures.append(
        figure(
            BENCH,
            f"{backend}: second load of the same sources",
            reload_s,
            "s",
            goal="a no-op",
            met=second.version is None and report.version is not None,
            note=second.message,
        )
    )
    figures.append(figure(BENCH, f"{backend}: second load / parse (baseline)", reload_s / parse_s, "x"))
    return figures


@contextlib.contextmanager
def _fresh_postgresql_database(url: str) -> Iterator[str]:
    """The URL of a new, empty database on the server of `url` (its user needs CREATEDB), dropped after."""
    from sqlalchemy import create_engine, make_url, text

    database = f"samskapa_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        try:
            yield make_url(url).set(database=database).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def run() -> list[Figure]:
    heading("bench_load: full taxonomy load into a fresh database")
    parse_s, concepts = _parse_seconds()
    figures = [
        figure(
            BENCH, "parse the sources (baseline)", parse_s, "s", note=f"median of 3; {concepts:,} concepts"
        )
    ]

    data_dir = new_temp_dir()
    figures += _measure("SQLite", sqlite_url(data_dir), parse_s)
    offer_loaded_dir(data_dir)  # the other benchmarks of this run reuse this database

    url = os.environ.get(DATABASE_URL_ENV, "")
    if url:
        with _fresh_postgresql_database(url) as scoped_url:
            figures += _measure("PostgreSQL", scoped_url, parse_s)
    else:
        print(f"    (PostgreSQL skipped: set {DATABASE_URL_ENV}=postgresql+psycopg://… to load there too)")
    return figures


if __name__ == "__main__":
    main_of(run)
