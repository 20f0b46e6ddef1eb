"""Corrupt input fails cleanly with the file and line, and leaves the database exactly as it was."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from samskapa.core.db import create_session_factory, session_scope
from samskapa.taxonomy.errors import SourceError
from samskapa.taxonomy.loader import load_taxonomy
from samskapa.taxonomy.models import Change, Concept, Label, Relation, Revision, TaxonomyVersion

TABLES = (TaxonomyVersion, Concept, Label, Relation, Revision, Change)


def _snapshot(engine: Engine) -> dict[str, object]:
    with session_scope(create_session_factory(engine)) as session:
        counts = {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in TABLES
        }
        hashes = sorted(
            tuple(row) for row in session.execute(select(Concept.id, Concept.content_hash, Concept.status))
        )
    return {"counts": counts, "hashes": hashes}


def _truncate_gzip(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _break_csv_row(path: Path) -> None:
    lines = gzip.decompress(path.read_bytes()).decode().split("\n")
    lines[3] = lines[3].split(",", 1)[0]  # line 4: a row cut after its first field
    path.write_bytes(gzip.compress("\n".join(lines).encode()))


def _empty_required_cell(path: Path) -> None:
    text = gzip.decompress(path.read_bytes()).decode()
    header, first, rest = text.split("\n", 2)
    cells = first.split(",")
    cells[1] = ""  # conceptUri is the second column of the ISCO file
    path.write_bytes(gzip.compress("\n".join([header, ",".join(cells), rest]).encode()))


def _break_json(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] = lines[5] + " ]]"
    path.write_text("\n".join(lines), encoding="utf-8")


def _drop_json_field(path: Path) -> None:
    path.write_text(
        path.read_text(encoding="utf-8").replace('"ssyk_code_2012"', '"ssyk_code"', 1), encoding="utf-8"
    )


CASES: list[tuple[str, Callable[[Path], None], str, int | None, str]] = [
    ("esco/skills_en.csv.gz", _truncate_gzip, "esco/skills_en.csv.gz", None, "truncated"),
    (
        "esco/broaderRelationsOccPillar.csv.gz",
        _break_csv_row,
        "esco/broaderRelationsOccPillar.csv.gz",
        4,
        "fields",
    ),
    ("esco/ISCOGroups_en.csv.gz", _empty_required_cell, "esco/ISCOGroups_en.csv.gz", 2, "conceptUri"),
    ("jobtech/skills.json", _break_json, "jobtech/skills.json", 6, "malformed JSON"),
    (
        "jobtech/the-ssyk-hierarchy-with-occupations.json",
        _drop_json_field,
        "jobtech/the-ssyk-hierarchy-with-occupations.json",
        None,
        "ssyk_code_2012",
    ),
]


@pytest.mark.parametrize(
    ("name", "corrupt", "file", "line", "reason"), CASES, ids=[case[0] for case in CASES]
)
def test_corrupt_source_names_file_and_line_and_changes_nothing(
    mini_engine: Engine,
    mini_sources: Path,
    tmp_path: Path,
    name: str,
    corrupt: Callable[[Path], None],
    file: str,
    line: int | None,
    reason: str,
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(mini_sources, broken)
    corrupt(broken / name)
    before = _snapshot(mini_engine)
    with pytest.raises(SourceError) as caught, session_scope(create_session_factory(mini_engine)) as session:
        load_taxonomy(session, source_dir=broken)
    error = caught.value
    assert error.file == file
    assert reason in error.reason
    if line is not None:
        assert error.line == line
    else:
        assert str(error).startswith(file)
    assert _snapshot(mini_engine) == before


def test_truncated_gzip_reports_the_line_where_the_data_ends(mini_sources: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(mini_sources, broken)
    _truncate_gzip(broken / "esco" / "skills_en.csv.gz")
    from samskapa.taxonomy.build import build_graph

    with pytest.raises(SourceError) as caught:
        build_graph(broken)
    assert caught.value.line is not None
    assert caught.value.line > 1
    assert f"line {caught.value.line}" in str(caught.value)


def test_missing_file_is_named(mini_sources: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(mini_sources, broken)
    (broken / "scb" / "swedish_admin_areas.csv.gz").unlink()
    from samskapa.taxonomy.build import build_graph

    with pytest.raises(SourceError, match=r"scb/swedish_admin_areas.csv: the file is missing"):
        build_graph(broken)


def test_a_failure_while_writing_rolls_back_everything(
    mini_engine: Engine, mini_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(mini_sources, changed)
    path = changed / "jobtech" / "skills.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"preferred_label": "', '"preferred_label": "x', 5),
        encoding="utf-8",
    )
    from samskapa.taxonomy import repository

    real_insert = repository.insert_rows
    calls = {"n": 0}

    def failing_insert(session: object, table: object, rows: list[dict[str, object]]) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        real_insert(session, table, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "insert_rows", failing_insert)
    before = _snapshot(mini_engine)
    with (
        pytest.raises(RuntimeError, match="disk full"),
        session_scope(create_session_factory(mini_engine)) as s,
    ):
        load_taxonomy(s, source_dir=changed)
    assert calls["n"] == 3
    assert _snapshot(mini_engine) == before
