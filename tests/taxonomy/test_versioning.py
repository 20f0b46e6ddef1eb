"""Versions: a modified source gives a new version with exactly the right change events."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from samskapa.core.db import create_session_factory, session_scope
from samskapa.taxonomy import service
from samskapa.taxonomy.loader import LoadReport, load_taxonomy
from samskapa.taxonomy.models import Concept, TaxonomyVersion
from tests.taxonomy.minisources import modify_sources


def _load(engine: Engine, source: Path) -> LoadReport:
    with session_scope(create_session_factory(engine)) as session:
        return load_taxonomy(session, source_dir=source)


def test_same_sources_twice_make_one_version(mini_engine: Engine, mini_sources: Path) -> None:
    report = _load(mini_engine, mini_sources)
    assert report.version is None
    with session_scope(create_session_factory(mini_engine)) as session:
        assert session.scalar(select(func.count()).select_from(TaxonomyVersion)) == 1


def test_modified_source_gives_a_new_version_with_change_events(
    mini_engine: Engine, mini_sources: Path, tmp_path: Path
) -> None:
    ids = modify_sources(mini_sources, tmp_path / "v2")
    report = _load(mini_engine, tmp_path / "v2")
    assert report.version == 2
    with session_scope(create_session_factory(mini_engine)) as session:
        feed = service.changes(session, since=1, cursor=None, limit=100)
        events = {(item.concept_id, item.event) for item in feed.items}
        assert events == {
            (ids["renamed"], "UPDATED"),
            (ids["dropped"], "DEPRECATED"),
            (ids["reissued_old"], "DEPRECATED"),
            (ids["reissued_new"], "CREATED"),
        }
        updated = next(item for item in feed.items if item.event == "UPDATED")
        assert updated.changed == ["labels"]
        assert all(item.version == 2 for item in feed.items)
        assert service.changes(session, since=2, cursor=None, limit=10).items == []

        old = session.get(Concept, ids["reissued_old"])
        assert old is not None
        assert (old.status, old.deprecated_version, old.replaced_by_id) == (
            "deprecated",
            2,
            ids["reissued_new"],
        )
        dropped = session.get(Concept, ids["dropped"])
        assert dropped is not None
        assert (dropped.status, dropped.replaced_by_id) == ("deprecated", None)

        now = service.get_concept(session, key=ids["renamed"], lang="en")
        then = service.get_concept(session, key=ids["renamed"], lang="en", version=1)
        assert now.labels["en"].pref == "renamed occupation for the test"
        assert then.labels["en"].pref != now.labels["en"].pref
        assert (now.version, then.version) == (2, 1)

        in_v1 = service.list_concepts(
            session, types=["skill"], schemes=["jobtech"], version=1, limit=1000, lang="sv"
        )
        in_v2 = service.list_concepts(
            session, types=["skill"], schemes=["jobtech"], version=2, limit=1000, lang="sv"
        )
        assert ids["dropped"] in {c.id for c in in_v1.items}
        assert ids["dropped"] not in {c.id for c in in_v2.items}
        assert ids["reissued_new"] in {c.id for c in in_v2.items}


def test_a_concept_that_returns_is_revived(mini_engine: Engine, mini_sources: Path, tmp_path: Path) -> None:
    ids = modify_sources(mini_sources, tmp_path / "v2")
    _load(mini_engine, tmp_path / "v2")
    report = _load(mini_engine, mini_sources)
    assert report.version == 3
    with session_scope(create_session_factory(mini_engine)) as session:
        revived = session.get(Concept, ids["dropped"])
        assert revived is not None
        assert (revived.status, revived.deprecated_version, revived.modified_version) == ("active", None, 3)
        events = {
            (i.concept_id, i.event) for i in service.changes(session, since=2, cursor=None, limit=100).items
        }
        assert (ids["dropped"], "UPDATED") in events
        assert (ids["reissued_new"], "DEPRECATED") in events


def test_changes_feed_pages_with_a_cursor(mini_engine: Engine) -> None:
    with session_scope(create_session_factory(mini_engine)) as session:
        total = session.scalar(select(func.count()).select_from(Concept))
        seen: list[str] = []
        cursor = None
        while True:
            page = service.changes(session, since=0, cursor=cursor, limit=997)
            seen.extend(item.concept_id for item in page.items)
            if page.next is None:
                break
            cursor = page.next
        assert len(seen) == len(set(seen)) == total
