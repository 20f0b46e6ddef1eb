"""`bulk_insert` writes every row as an INSERT would, on SQLite (executemany) and PostgreSQL (COPY)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select
from sqlalchemy.orm import Session

from samskapa.core.db import UtcDateTime, bulk_insert, create_session_factory, session_scope
from samskapa.taxonomy.models import Concept, Label, Relation, TaxonomyVersion
from tests.databases import DatabaseFactory

# Text that COPY's text format must escape (tab, newlines, backslash, its NULL marker) and non-ASCII.
TRICKY = [
    "tab\there",
    "rad ett\nrad två\r\n",
    "back\\slash",
    "\\N",
    'citat "x", semikolon;',
    "Åre 🙂 你好",
    "",
]
CONCEPTS, LABELS, RELATIONS = (cast(Table, model.__table__) for model in (Concept, Label, Relation))


def _concept(number: int) -> dict[str, object]:
    """A concept row without `status`: the column's default ("active") must fill it."""
    return {
        "id": f"c{number}",
        "uri": f"urn:test:c{number}",
        "type": "skill",
        "scheme": "test",
        "notation": None,
        "level": number,
        "external_id": None,
        "skill_type": None,
        "reuse_level": None,
        "pref_label_sv": TRICKY[number % len(TRICKY)],
        "pref_label_en": None,
        "definition_sv": None,
        "definition_en": "x" * 5000,
        "content_hash": "0" * 64,
        "introduced_version": 1,
        "modified_version": 1,
    }


def test_bulk_insert_writes_every_row_with_defaults_and_exact_text(databases: DatabaseFactory) -> None:
    engine = databases.migrated_engine("bulk")
    concepts = [_concept(number) for number in range(12_000)]  # more than one executemany slice
    labels = [
        {"concept_id": f"c{number}", "lang": "sv", "kind": "alt", "text": text, "folded": text.lower()}
        for number, text in enumerate(TRICKY)
    ]
    relations: list[dict[str, object]] = [
        {"source_id": "c0", "kind": "broader", "target_id": "c1", "weight": None, "provenance": "test"},
        {"source_id": "c1", "kind": "related", "target_id": "c2", "weight": 0.25, "provenance": "test"},
    ]
    with session_scope(create_session_factory(engine)) as session:
        # Not flushed: bulk_insert flushes it before the concepts that refer to it.
        session.add(
            TaxonomyVersion(
                number=1,
                created_at=datetime(2026, 12, 2, tzinfo=UTC),
                source_digest="d",
                concepts=len(concepts),
                created=len(concepts),
                updated=0,
                deprecated=0,
            )
        )
        bulk_insert(session, CONCEPTS, concepts)
        bulk_insert(session, LABELS, labels)
        bulk_insert(session, RELATIONS, relations)
        bulk_insert(session, LABELS, [])
    with Session(engine) as session:
        stored = {row.id: row for row in session.scalars(select(Concept))}
        assert len(stored) == len(concepts)
        assert {row.status for row in stored.values()} == {"active"}
        for row in concepts:
            assert stored[str(row["id"])].pref_label_sv == row["pref_label_sv"]
            assert stored[str(row["id"])].level == row["level"]
        assert stored["c5"].definition_en == "x" * 5000
        assert stored["c0"].notation is None
        got = session.execute(select(Label.concept_id, Label.text).order_by(Label.id)).all()
        assert [(concept, text) for concept, text in got] == [
            (f"c{n}", text) for n, text in enumerate(TRICKY)
        ]
        assert len({label.id for label in session.scalars(select(Label))}) == len(TRICKY)
        weights = session.execute(select(Relation.kind, Relation.weight).order_by(Relation.kind)).all()
        assert [tuple(row) for row in weights] == [("broader", None), ("related", 0.25)]


def test_columns_whose_values_sqlalchemy_converts_are_written_converted(databases: DatabaseFactory) -> None:
    """JSON and a TypeDecorator (UTC timestamps) need SQLAlchemy's conversion, which COPY would skip."""
    engine = databases.migrated_engine("bulk-converted")
    probe = Table(
        "bulk_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", UtcDateTime()),
        Column("doc", JSON),
        Column("note", String(20), default="none given"),
    )
    probe.create(engine)
    moment = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
    rows = [{"id": number, "at": moment, "doc": {"n": number, "tags": ["a", "ö"]}} for number in range(3)]
    with session_scope(create_session_factory(engine)) as session:
        bulk_insert(session, probe, rows)
    with engine.connect() as connection:
        back = connection.execute(select(probe).order_by(probe.c.id)).all()
    assert [(row.id, row.at, row.doc, row.note) for row in back] == [
        (number, moment, {"n": number, "tags": ["a", "ö"]}, "none given") for number in range(3)
    ]
