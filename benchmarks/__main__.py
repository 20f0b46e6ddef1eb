"""`python -m benchmarks [load suggest http startup]`: run the benchmarks in turn, then print a summary.

Each benchmark runs in a subprocess of its own (so that memory figures are its own and a crash stops only
it); they share one data directory with a loaded taxonomy, loaded once per run (by bench_load, or by the
first benchmark that needs it) and removed at the end. Set SAMSKAPA_BENCH_DATA_DIR to reuse a directory
across runs (it is then kept), SAMSKAPA_BENCH_DATABASE_URL to also load into PostgreSQL. Goals are printed
next to the figures and never asserted: the exit status says only whether every benchmark ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import DATA_DIR_ENV, RESULTS_ENV, ROOT, Figure

BENCHMARKS = [
    "load",
    "suggest",
    "http",
    "startup",
    "catalogue",
    "search_engine",
    "ads",
    "enrichment",
    "vault",
    "arena",
]


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in BENCHMARKS]
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}.")
        return 2
    chosen = argv or BENCHMARKS
    scratch = Path(tempfile.mkdtemp(prefix="samskapa-bench-run-"))
    results = scratch / "results.jsonl"
    env = dict(os.environ)
    env[RESULTS_ENV] = str(results)
    env.setdefault(DATA_DIR_ENV, str(scratch / "data"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    durations: dict[str, float] = {}
    failed: dict[str, int] = {}
    started = time.perf_counter()
    try:
        for name in chosen:
            begin = time.perf_counter()
            code = subprocess.run([sys.executable, "-m", f"benchmarks.bench_{name}"], env=env, cwd=ROOT,
                                  check=False).returncode  # fmt: skip
            durations[name] = time.perf_counter() - begin
            if code != 0:
                failed[name] = code
        figures = _read(results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    total = time.perf_counter() - started

    print(f"\n==== Summary ({total:.0f} s; goals are the issue's acceptance goals, never asserted) ====")
    for name in chosen:
        status = f": FAILED (exit status {failed[name]}), see its output above" if name in failed else ""
        print(f"\n{name} ({durations.get(name, 0):.0f} s){status}")
        for item in figures:
            if item.bench == name:
                print(item.line())
    goals = [item for item in figures if item.met is not None]
    missed = [item for item in goals if not item.met]
    not_met = "; ".join(f"{item.bench}: {item.name}" for item in missed)
    print(
        f"\n{len(goals) - len(missed)} of {len(goals)} measured goals met"
        + (f"; not met: {not_met}" if missed else ".")
    )
    if failed:
        print(f"Benchmarks that did not finish (their goals are not measured): {', '.join(failed)}")
    return 1 if failed else 0


def _read(results: Path) -> list[Figure]:
    if not results.exists():
        return []
    return [Figure(**json.loads(line)) for line in results.read_text(encoding="utf-8").splitlines() if line]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
