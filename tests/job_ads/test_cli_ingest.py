"""The CLI ingest commits chunk by chunk: a run killed mid-file and run again leaves the right rows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from samskapa.core.db import create_session_factory, session_scope
from samskapa.job_ads.models import JobAd
from tests.catalogue.factories import organisation
from tests.job_ads.factories import ad, concepts

ROWS = 8_000
CHUNK = 250


def _cli(engine: Engine, tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["SAMSKAPA_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    env["SAMSKAPA_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.Popen(
        [sys.executable, "-m", "samskapa.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(JobAd)) or 0)


def test_killed_run_then_rerun_leaves_exactly_the_right_rows(mini_engine: Engine, tmp_path: Path) -> None:
    factory = create_session_factory(mini_engine)
    with session_scope(factory) as session:
        found = concepts(session)
        organisation(session, name="kill-test")
    batch = tmp_path / "ads.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for number in range(1, ROWS + 1):
            out.write(json.dumps(ad(found, number, external_id=f"K-{number}")) + "\n")

    args = ("ads", "ingest", str(batch), "--organisation", "kill-test", "--chunk-size", str(CHUNK))
    first = _cli(mini_engine, tmp_path, *args)
    deadline = time.monotonic() + 300
    while _count(mini_engine) < 3 * CHUNK and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, first.stderr.read() if first.stderr else ""
    kept = _count(mini_engine)
    assert 0 < kept < ROWS, "the run must be killed part-way"
    assert kept % CHUNK == 0, "only whole chunks are committed"

    second = _cli(mini_engine, tmp_path, *args)
    output, errors = second.communicate(timeout=600)
    assert second.returncode == 0, errors.decode()
    assert f"{ROWS - kept:,} created" in output.decode()
    assert f"{kept:,} unchanged" in output.decode()
    assert _count(mini_engine) == ROWS
    with mini_engine.connect() as connection:
        distinct = connection.scalar(select(func.count(func.distinct(JobAd.external_id))))
        seqs = connection.scalar(select(func.count(func.distinct(JobAd.seq))))
    assert distinct == ROWS
    assert seqs == ROWS
