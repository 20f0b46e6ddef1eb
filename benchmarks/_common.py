"""What the benchmarks share: a loaded data directory, figures with goals, servers in subprocesses, RSS."""

from __future__ import annotations

import atexit
import contextlib
import http.client
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samskapa.taxonomy.loader import LoadReport

ROOT = Path(__file__).resolve().parent.parent
# A data directory with a loaded taxonomy, shared by the benchmarks of one `make bench` run. When it is set
# to a directory without a database, the first benchmark that needs one loads it there.
DATA_DIR_ENV = "SAMSKAPA_BENCH_DATA_DIR"
# Where each benchmark appends its figures (JSON lines) for the summary of `python -m benchmarks`.
RESULTS_ENV = "SAMSKAPA_BENCH_RESULTS"
# An optional PostgreSQL URL; bench_load also loads the taxonomy there.
DATABASE_URL_ENV = "SAMSKAPA_BENCH_DATABASE_URL"
DB_FILE = "samskapa.db"


# --- figures -----------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One printed figure; `goal` is the issue's acceptance goal (informative, never asserted)."""

    bench: str
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    def line(self) -> str:
        value = _format_value(self.value, self.unit)
        goal = ""
        if self.goal:
            verdict = "" if self.met is None else (": met" if self.met else ": NOT met")
            goal = f"   [goal {self.goal}{verdict}]"
        note = f"   ({self.note})" if self.note else ""
        return f"  {self.name:<46} {value:>14}{goal}{note}"


def _format_value(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("req/s", "queries"):
        return f"{value:,.0f} {unit}"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"
    return f"{value:.2f} {unit}"


def figure(
    bench: str,
    name: str,
    value: float,
    unit: str,
    *,
    at_most: float | None = None,
    at_least: float | None = None,
    goal: str = "",
    met: bool | None = None,
    note: str = "",
) -> Figure:
    """Print a figure now and append it to the run's results file when there is one.

    `at_most` / `at_least` state a numeric goal in the figure's unit; `goal` and `met` any other one.
    """
    if at_most is not None:
        goal, met = f"≤ {at_most:g} {unit}", value <= at_most
    elif at_least is not None:
        goal, met = f"≥ {at_least:g}{unit if unit == 'x' else ' ' + unit}", value >= at_least
    item = Figure(bench=bench, name=name, value=value, unit=unit, goal=goal, met=met, note=note)
    print(item.line(), flush=True)
    path = os.environ.get(RESULTS_ENV)
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    return item


def heading(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(pct / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@contextlib.contextmanager
def timer() -> Iterator[Callable[[], float]]:
    """`with timer() as elapsed:` … `elapsed()` gives the seconds, frozen once the block ends."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


# --- the loaded data directory ---------------------------------------------------------------------------


def new_temp_dir(prefix: str = "samskapa-bench-") -> Path:
    """A fresh temporary directory, removed when this process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def is_loaded(data_dir: Path) -> bool:
    """Whether `data_dir` holds an SQLite database with at least one taxonomy version."""
    database = data_dir / DB_FILE
    if not database.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            return bool(connection.execute("SELECT count(*) FROM taxonomy_version").fetchone()[0])
    except sqlite3.Error:
        return False


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / DB_FILE).as_posix()}"


def load_into(
    url: str, *, migrate: bool = True, progress: Callable[[str, int, int], None] | None = None
) -> tuple[float, float, LoadReport]:
    """Migrate the database at `url` (unless told not to) and load the bundled taxonomy in one transaction.

    Returns (migrate seconds, load seconds, the loader's report).
    """
    from samskapa.config import BUNDLED_TAXONOMY_SOURCES
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.core.migrate import upgrade_database
    from samskapa.models import import_all_models
    from samskapa.taxonomy.loader import load_taxonomy

    import_all_models()
    engine = create_db_engine(url)
    try:
        migrate_seconds = 0.0
        if migrate:
            with timer() as migrate_time:
                upgrade_database(engine)
            migrate_seconds = migrate_time()
        factory = create_session_factory(engine)
        with timer() as load_time, session_scope(factory) as session:
            report = load_taxonomy(session, source_dir=BUNDLED_TAXONOMY_SOURCES, progress=progress or _quiet)
    finally:
        engine.dispose()
    return migrate_seconds, load_time(), report


def _quiet(_phase: str, _done: int, _total: int) -> None:
    return None


def offer_loaded_dir(data_dir: Path) -> None:
    """Move a freshly loaded database into the run's shared data directory if that has none yet."""
    shared = os.environ.get(DATA_DIR_ENV)
    if not shared or is_loaded(Path(shared)) or not is_loaded(data_dir):
        return
    Path(shared).mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = data_dir / (DB_FILE + suffix)
        if source.exists():
            shutil.move(source, Path(shared) / (DB_FILE + suffix))


def loaded_data_dir() -> Path:
    """A data directory with the full taxonomy loaded: the run's shared one, loaded here on first use."""
    shared = os.environ.get(DATA_DIR_ENV)
    if shared and is_loaded(Path(shared)):
        return Path(shared)
    target = Path(shared) if shared else new_temp_dir()
    target.mkdir(parents=True, exist_ok=True)
    print(f"  (loading the taxonomy into {target} for the benchmarks …)", flush=True)
    _, seconds, _ = load_into(sqlite_url(target))
    print(f"  (loaded in {seconds:.1f} s)", flush=True)
    os.environ[DATA_DIR_ENV] = str(target)
    return target


def sample_ids(data_dir: Path, per_type: dict[str, int], seed: int = 7) -> list[tuple[str, str]]:
    """Random active concepts of the given types as (id, type), shuffled; a fixed seed gives the same ones."""
    import random

    rng = random.Random(seed)
    found: list[tuple[str, str]] = []
    with contextlib.closing(sqlite3.connect(f"file:{data_dir / DB_FILE}?mode=ro", uri=True)) as connection:
        for type_, count in per_type.items():
            rows = [
                row[0]
                for row in connection.execute(
                    "SELECT id FROM taxonomy_concept WHERE type = ? AND status != 'deprecated' ORDER BY id",
                    (type_,),
                )
            ]
            found.extend((concept_id, type_) for concept_id in rng.sample(rows, min(count, len(rows))))
    rng.shuffle(found)
    return found


# --- processes ---------------------------------------------------------------------------------------------


def rss_mb(pid: int, *, children: bool = True) -> float:
    """Resident memory of `pid` (and its descendants) in MB, from /proc/<pid>/status VmRSS."""
    pids = [pid, *(_descendants(pid) if children else [])]
    return sum(_status_kb(p, "VmRSS") for p in pids) / 1024


def peak_rss_mb(pid: int) -> float:
    """The high-water mark of the resident memory of `pid` (VmHWM) in MB."""
    return _status_kb(pid, "VmHWM") / 1024


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """One GET to 127.0.0.1:`port`; (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Server:
    """A server subprocess on 127.0.0.1:`port`, started at `started` (perf_counter)."""

    process: subprocess.Popen[bytes]
    port: int
    started: float
    log: Path

    def wait_ready(self, path: str = "/healthz", timeout: float = 60.0) -> float:
        """Poll `path` until it answers 200; seconds since the start of the process."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _ = http_get(self.port, path, timeout=2.0)
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"The server did not answer {path} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def server_env(data_dir: Path) -> dict[str, str]:
    """The environment of a samskapa server: only our data directory and quiet logs, no stray settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SAMSKAPA_")}
    env.update({"SAMSKAPA_DATA_DIR": str(data_dir), "SAMSKAPA_LOG_LEVEL": "warning", "PYTHONUNBUFFERED": "1"})
    return env


def samskapa_command() -> list[str]:
    """The `samskapa` console script of this virtualenv."""
    script = Path(sys.executable).parent / "samskapa"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from samskapa.cli import main; main()"]


def uvicorn_command(app: str, port: int, *, factory: bool = False) -> list[str]:
    """uvicorn with one worker and no access log, the way both the platform and the baseline are served."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
        "--app-dir",
        str(ROOT),
    ]
    if factory:
        command.append("--factory")
    return command


def start_server(command: Sequence[str], port: int, *, env: dict[str, str], cwd: Path) -> Server:
    """Start a server subprocess; its output goes to a log file shown if it fails."""
    log = Path(tempfile.mkstemp(prefix="samskapa-bench-server-", suffix=".log")[1])
    atexit.register(log.unlink, missing_ok=True)
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    return Server(process=process, port=port, started=started, log=log)


@contextlib.contextmanager
def running(command: Sequence[str], port: int, *, env: dict[str, str], cwd: Path) -> Iterator[Server]:
    server = start_server(command, port, env=env, cwd=cwd)
    try:
        yield server
    finally:
        server.stop()


def platform_server(
    data_dir: Path, port: int, *, extra_env: dict[str, str] | None = None
) -> contextlib.AbstractContextManager[Server]:
    """The platform served by uvicorn (one worker, no access log) against `data_dir`."""
    return running(
        uvicorn_command("samskapa.main:create_app", port, factory=True),
        port,
        env={**server_env(data_dir), **(extra_env or {})},
        cwd=data_dir,
    )


def bare_server(port: int, work_dir: Path) -> contextlib.AbstractContextManager[Server]:
    """The baseline: a trivial FastAPI app (benchmarks/_bare_app.py) served by uvicorn the same way."""
    return running(
        uvicorn_command("benchmarks._bare_app:app", port), port, env=server_env(work_dir), cwd=work_dir
    )


def main_of(run: Callable[[], list[Figure]]) -> None:
    """Run one benchmark alone, then list its figures again."""
    figures = run()
    if os.environ.get(RESULTS_ENV):
        return  # `python -m benchmarks` prints the summary of the whole run
    print("\nSummary:")
    for item in figures:
        print(item.line())
