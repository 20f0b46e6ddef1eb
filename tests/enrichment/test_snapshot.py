"""The dictionary snapshot: read back, it is the dictionary built from the labels, match for match; a stale
or unreadable one is never used; the command line writes it."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samskapa.cli import app
from samskapa.core.db import create_session_factory, session_scope
from samskapa.enrichment import service, snapshot
from samskapa.enrichment.dictionary import (
    Dictionary,
    Match,
    build_dictionary,
    current_version,
    matcher_parts,
)
from samskapa.enrichment.models import DictionarySnapshot
from samskapa.enrichment.normalise import LANGUAGES, folded_words
from samskapa.enrichment.snapshot import AutomatonFiles
from samskapa.job_ads import synthetic
from samskapa.taxonomy.models import Concept, Label
from tests.databases import DatabaseFactory

TEXTS = [
    ("Du har erfarenhet av Java och Kubernetes och talar svenska och engelska.", "sv"),
    ("Vi söker en javautvecklare och en TIG-svetsare med B-körkort. Ingen erfarenhet av SQL krävs.", "sv"),
    ("You can operate a forklift, know Python and SQL, TIG welding and a warehouse management system.", "en"),
    ("No experience with C# required; IT support, welders and utvecklaren.", "en"),
]


@pytest.fixture(scope="module")
def corpus(loaded_engine: Engine) -> list[tuple[str, str]]:
    """The examples above and 300 generated ads in both languages."""
    with session_scope(create_session_factory(loaded_engine)) as session:
        model = synthetic.build_model(session)
    ads = synthetic.generate_ads(model, count=300, lang="both", seed=11)
    return TEXTS + [(f"{ad['headline']}\n{ad['description']}", ad["lang"]) for ad in ads]


@pytest.fixture(scope="module")
def stored(loaded_engine: Engine) -> dict[str, Any]:
    """The columns of the snapshot `snapshot.build` makes of the loaded taxonomy (built once, then rolled
    back: building the full dictionary takes seconds)."""
    with loaded_engine.connect() as connection, Session(bind=connection) as session:
        row = snapshot.build(session)
        assert row is not None
        columns = {column.key: getattr(row, column.key) for column in DictionarySnapshot.__table__.c}
        session.rollback()
    return columns


def _snapshot_row(session: Session, stored: dict[str, Any]) -> DictionarySnapshot:
    row = DictionarySnapshot(**stored)
    session.add(row)
    session.flush()
    return row


def test_read_back_it_is_the_dictionary_built_from_the_labels(
    session: Session, corpus: list[tuple[str, str]], stored: dict[str, Any]
) -> None:
    built = build_dictionary(session)
    read = snapshot.decode(stored["data"])
    assert read.version == built.version
    assert read.concepts == built.concepts
    assert read.coverage == built.coverage
    assert list(read.forms) == list(built.forms)
    for lang in LANGUAGES:
        assert read.parts[lang].keys, lang
    assert not built.parts  # the built one computes its parts when a language is first used
    matches = 0
    for text, lang in corpus:
        expected = built.match(text, lang)
        assert read.match(text, lang) == expected, text
        matches += len(expected)
    assert matches > 1_000


def _a_swedish_skill_label(session: Session) -> tuple[str, str]:
    """The first skill of the taxonomy with a Swedish preferred label, and that label."""
    row = session.execute(
        select(Label.concept_id, Label.text)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.type == "skill", Label.lang == "sv", Label.kind == "pref")
        .order_by(Label.concept_id)
        .limit(1)
    ).one()
    return row.concept_id, row.text


def test_the_snapshot_of_the_full_taxonomy_has_all_its_forms(stored: dict[str, Any]) -> None:
    assert stored["surface_forms"] > 140_000
    assert 1_000_000 < len(stored["data"]) < 20_000_000


def test_dictionary_for_reads_a_fresh_snapshot(mini_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The service builds the snapshot (of the mini taxonomy: the full one is built once, above) unless it is
    fresh; a new process reads it, with the parts only a snapshot brings."""
    with session_scope(create_session_factory(mini_engine)) as session:
        built = service.build_dictionary_snapshot(session)
        assert built is not None
        assert built.built
        assert built.surface_forms > 1_000
        assert built.size > 10_000
        assert service.build_dictionary_snapshot(session, if_stale=True) == (
            built.taxonomy_version,
            False,
            0,
            0,
        )
        monkeypatch.setattr(snapshot, "_cached", {})  # as in a new process
        dictionary = snapshot.dictionary_for(session)
        assert set(dictionary.parts) == set(LANGUAGES)  # only a snapshot brings them
        concept, label = _a_swedish_skill_label(session)
        assert concept in [m.concept.id for m in dictionary.match(f"Kunskaper i {label}", "sv")]


def test_a_snapshot_of_other_sources_is_not_used(
    session: Session, stored: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    row = _snapshot_row(session, stored)
    version = current_version(session)
    assert snapshot.stale_reason(session, version) is None
    row.source_digest = "0" * 64
    session.flush()
    assert snapshot.stale_reason(session, version) == "it was built from other sources"
    with caplog.at_level("INFO", logger="samskapa.enrichment.snapshot"):
        assert snapshot.load(session, version) is None
    assert "not used: it was built from other sources" in caplog.text
    assert snapshot.stale_reason(session, version + 1) == "there is none"


def test_a_snapshot_built_by_other_code_is_not_used(
    session: Session, stored: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _snapshot_row(session, stored)
    version = current_version(session)
    monkeypatch.setattr(snapshot, "FORMAT", snapshot.FORMAT + 1)  # changes the fingerprint
    assert snapshot.stale_reason(session, version) == (
        "it was built by other code; run `samskapa enrich --build-dictionary`"
    )
    assert snapshot.load(session, version) is None


def test_the_fingerprint_follows_the_code_and_the_term_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    first = snapshot.fingerprint()
    assert snapshot.fingerprint() == first
    monkeypatch.setattr(snapshot, "_SOURCES", snapshot._SOURCES[:-1])
    assert snapshot.fingerprint() != first


@pytest.mark.parametrize("damage", ["not gzip", "truncated", "not the format"])
def test_an_unreadable_snapshot_falls_back_to_the_labels(
    mini_engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    with session_scope(create_session_factory(mini_engine)) as session:
        row = snapshot.build(session)
        assert row is not None
        row.data = {
            "not gzip": b"not gzip",
            "truncated": row.data[: len(row.data) // 2],
            "not the format": gzip.compress(b'{"format": 99}'),
        }[damage]
        session.flush()
        monkeypatch.setattr(snapshot, "_cached", {})
        with caplog.at_level("INFO", logger="samskapa.enrichment.snapshot"):
            dictionary: Dictionary = snapshot.dictionary_for(session)
        concept, label = _a_swedish_skill_label(session)
    assert "cannot be read" in caplog.text
    assert not dictionary.parts
    assert concept in [m.concept.id for m in dictionary.match(f"Kunskaper i {label}", "sv")]


def test_the_command_line_writes_it_once(
    databases: DatabaseFactory, mini_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = databases.migrated_engine("snapshot-cli")
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    result = runner.invoke(app, ["enrich", "--build-dictionary"])
    assert result.exit_code == 1
    assert "samskapa taxonomy load" in result.output
    assert runner.invoke(app, ["taxonomy", "load", "--source", str(mini_sources)]).exit_code == 0
    result = runner.invoke(app, ["enrich", "--build-dictionary", "--if-missing"])
    assert result.exit_code == 0, result.output
    assert "Dictionary snapshot of taxonomy version 1:" in result.output
    result = runner.invoke(app, ["enrich", "--build-dictionary", "--if-missing"])
    assert "is there and fresh" in result.output
    with session_scope(create_session_factory(engine)) as session:
        assert session.scalar(select(func.count()).select_from(DictionarySnapshot)) == 1
        assert snapshot.stale_reason(session, 1) is None


@pytest.fixture
def small(dictionary: Dictionary) -> Dictionary:
    """A dictionary of the surface forms whose words all occur in the example texts (quick to build)."""
    words = {word for text, _ in TEXTS for word in folded_words(text)}
    forms = [form for form in dictionary.forms if words.issuperset(form.folded)]
    return Dictionary(dictionary.version, dictionary.concepts, forms)


def _again(dictionary: Dictionary) -> Dictionary:
    """The same surface forms with no automaton made yet, as in a new process."""
    return Dictionary(dictionary.version, dictionary.concepts, dictionary.forms)


def _matches(dictionary: Dictionary, store: AutomatonFiles | None = None) -> list[list[Match]]:
    for lang in LANGUAGES:
        dictionary.matcher(lang, store)
    return [dictionary.match(text, lang) for text, lang in TEXTS]


def test_kept_automata_are_read_back_and_match_the_same(small: Dictionary, tmp_path: Path) -> None:
    store = AutomatonFiles(tmp_path / "automata")
    (tmp_path / "automata").mkdir()
    (tmp_path / "automata" / "automaton-sv-0123.zip").write_bytes(b"of other patterns")
    first = _again(small)
    expected = _matches(first, store)
    assert sum(map(len, expected)) >= 8
    assert not any(first.matcher(lang).stored for lang in LANGUAGES)  # built, then kept
    kept = sorted((tmp_path / "automata").glob("automaton-*.zip"))
    assert [path.name.split("-")[1] for path in kept] == ["en", "sv"]  # the other one's file is gone
    assert [path.name for path in kept] == sorted(
        store.path(matcher_parts(lang, small.forms)).name for lang in LANGUAGES
    )
    second = _again(small)
    assert _matches(second, store) == expected
    assert all(second.matcher(lang).stored for lang in LANGUAGES)


def _rewrite_meta(path: Path, change: dict[str, Any]) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    meta = orjson.loads(entries["meta.json"])
    meta.update((key, value(meta[key]) if callable(value) else value) for key, value in change.items())
    entries["meta.json"] = orjson.dumps(meta)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("damage", ["a byte changed", "truncated", "other patterns", "another library"])
def test_a_damaged_automaton_file_is_built_again(
    small: Dictionary, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    store = AutomatonFiles(tmp_path)
    expected = _matches(_again(small), store)
    path = store.path(matcher_parts("sv", small.forms))
    data = bytearray(path.read_bytes())
    if damage == "a byte changed":  # inside the automaton's blocks: its CRC-32 no longer fits
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "truncated":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "other patterns":
        _rewrite_meta(path, {"numbers": lambda numbers: [*numbers[:3], numbers[3] + 1, *numbers[4:]]})
    else:
        _rewrite_meta(path, {"library": "pyahocorasick 0.1 little-endian 64-bit unicode=1"})
    with caplog.at_level("WARNING", logger="samskapa.enrichment.snapshot"):
        rebuilt = _again(small)
        assert _matches(rebuilt, store) == expected
    assert f"The automaton file {path.name} is not used" in caplog.text
    assert not rebuilt.matcher("sv").stored
    assert rebuilt.matcher("en").stored
    assert _again(small).matcher("sv", store).stored  # kept again, whole


def test_an_automaton_that_cannot_be_kept_is_still_used(
    small: Dictionary, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a file").write_text("not a directory")
    with caplog.at_level("WARNING", logger="samskapa.enrichment.snapshot"):
        found = _matches(_again(small), AutomatonFiles(tmp_path / "a file"))
    assert found == _matches(_again(small))
    assert "could not be kept" in caplog.text
    assert not list(tmp_path.glob("**/*.partial"))
