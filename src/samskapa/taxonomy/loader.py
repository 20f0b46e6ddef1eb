"""Load a source directory as a new taxonomy version: compare, then write only what changed.

Nothing is ever deleted. A concept missing from the new sources is deprecated (with `replaced_by` when a
new concept of the same type carries its preferred label); a changed one gets a new revision. The caller
owns the transaction, so a failed load leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from samskapa.core.text import fold
from samskapa.core.time import utcnow
from samskapa.taxonomy import repository
from samskapa.taxonomy.build import build_graph
from samskapa.taxonomy.graph import LANGUAGES, ConceptDoc, canonical_json, content_hash
from samskapa.taxonomy.models import Change, Concept, Label, Relation, Revision, TaxonomyVersion
from samskapa.taxonomy.source_reader import source_digest

Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    """What a load did. `version` is None when nothing changed."""

    version: int | None
    concepts: int
    created: int = 0
    updated: int = 0
    deprecated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""


def _no_progress(_phase: str, _done: int, _total: int) -> None:
    return None


def load_taxonomy(
    session: Session, *, source_dir: Path, note: str = "", progress: Progress = _no_progress
) -> LoadReport:
    """Load `source_dir`; a new version only if some concept changed. Flushes, never commits."""
    progress("Reading sources", 0, 1)
    digest = source_digest(source_dir)
    latest = repository.latest_version(session)
    if latest is not None and latest.source_digest == digest:
        return LoadReport(version=None, concepts=latest.concepts, message="The sources are unchanged.")
    graph = build_graph(source_dir)
    progress("Reading sources", 1, 1)
    documents = {concept_id: concept.document() for concept_id, concept in graph.concepts.items()}
    hashes = {concept_id: content_hash(document) for concept_id, document in documents.items()}
    head = repository.head_state(session)
    created = [cid for cid in documents if cid not in head]
    updated = [
        cid
        for cid in documents
        if cid in head and (head[cid][0] != hashes[cid] or head[cid][1] != documents[cid]["status"])
    ]
    deprecated = [cid for cid, (_, status) in head.items() if cid not in documents and status != "deprecated"]
    report = LoadReport(
        version=None,
        concepts=len(documents),
        created=len(created),
        updated=len(updated),
        deprecated=len(deprecated),
        unchanged=len(documents) - len(created) - len(updated),
        warnings=graph.warnings,
    )
    if not (created or updated or deprecated):
        report.message = "No concept changed."
        return report
    number = (latest.number if latest is not None else 0) + 1
    session.add(
        TaxonomyVersion(
            number=number,
            created_at=utcnow(),
            source_digest=digest,
            concepts=len(documents),
            created=len(created),
            updated=len(updated),
            deprecated=len(deprecated),
            note=note,
        )
    )
    session.flush()
    writer = _Writer(session, number, documents, hashes, progress)
    writer.create(created)
    writer.update(updated)
    writer.deprecate(deprecated, replacements=_replacements(graph.concepts, created, session, deprecated))
    session.flush()
    report.version = number
    report.message = (
        f"Version {number}: {len(created)} created, {len(updated)} updated, {len(deprecated)} deprecated."
    )
    return report


def _replacements(
    concepts: dict[str, ConceptDoc], created: list[str], session: Session, deprecated: list[str]
) -> dict[str, str]:
    """Deprecated id -> a created concept of the same type with the same preferred label."""
    if not deprecated:
        return {}
    by_label: dict[tuple[str, str], str] = {}
    for cid in created:
        concept = concepts[cid]
        for lang in LANGUAGES:
            label = concept.pref(lang)
            if label:
                by_label.setdefault((concept.type, fold(label)), cid)
    found: dict[str, str] = {}
    for cid, old in repository.concepts_by_ids(session, deprecated).items():
        for label in (old.pref_label_sv, old.pref_label_en):
            match = by_label.get((old.type, fold(label))) if label else None
            if match:
                found[cid] = match
                break
    return found


def _head_row(document: dict[str, Any], digest: str, version: int) -> dict[str, Any]:
    labels = document["labels"]
    return {
        "id": document["id"],
        "uri": document["uri"],
        "type": document["type"],
        "scheme": document["scheme"],
        "notation": document["notation"],
        "level": document["level"],
        "external_id": document["external_id"],
        "skill_type": document["skill_type"],
        "reuse_level": document["reuse_level"],
        "pref_label_sv": (labels.get("sv", {}).get("pref") or [None])[0],
        "pref_label_en": (labels.get("en", {}).get("pref") or [None])[0],
        "definition_sv": document["definitions"].get("sv"),
        "definition_en": document["definitions"].get("en"),
        "status": document["status"],
        "content_hash": digest,
        "modified_version": version,
    }


class _Writer:
    """Writes one version's rows in bulk."""

    def __init__(
        self,
        session: Session,
        version: int,
        documents: dict[str, dict[str, Any]],
        hashes: dict[str, str],
        progress: Progress,
    ) -> None:
        self.session, self.version, self.documents, self.hashes = session, version, documents, hashes
        self.progress = progress

    def create(self, ids: list[str]) -> None:
        rows = [
            {
                **_head_row(self.documents[cid], self.hashes[cid], self.version),
                "introduced_version": self.version,
            }
            for cid in ids
        ]
        repository.insert_rows(self.session, Concept, rows)
        self._write_owned(ids, "CREATED", "Writing new concepts")

    def update(self, ids: list[str]) -> None:
        if not ids:
            return
        previous = repository.previous_documents(self.session, ids)
        rows = []
        for cid in ids:
            row = _head_row(self.documents[cid], self.hashes[cid], self.version)
            row["deprecated_version"] = None
            row["replaced_by_id"] = None
            rows.append(row)
        repository.update_concepts(self.session, rows)
        repository.delete_owned(self.session, ids)
        self._write_owned(ids, "UPDATED", "Writing changed concepts", previous=previous)

    def deprecate(self, ids: list[str], *, replacements: dict[str, str]) -> None:
        if not ids:
            return
        previous = repository.previous_documents(self.session, ids)
        repository.update_concepts(
            self.session,
            [
                {
                    "id": cid,
                    "status": "deprecated",
                    "deprecated_version": self.version,
                    "modified_version": self.version,
                    "replaced_by_id": replacements.get(cid),
                }
                for cid in ids
            ],
        )
        revisions, changes = [], []
        for cid in ids:
            document = {**previous[cid], "status": "deprecated", "replaced_by": replacements.get(cid)}
            revisions.append(
                {"concept_id": cid, "version": self.version, "document": canonical_json(document)}
            )
            changes.append(
                {"version": self.version, "concept_id": cid, "event": "DEPRECATED", "changed": "status"}
            )
        repository.insert_rows(self.session, Revision, revisions)
        repository.insert_rows(self.session, Change, changes)

    def _write_owned(
        self, ids: list[str], event: str, phase: str, previous: dict[str, dict[str, Any]] | None = None
    ) -> None:
        labels: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        revisions: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        for done, cid in enumerate(ids, start=1):
            document = self.documents[cid]
            for lang, kinds in document["labels"].items():
                for kind, texts in kinds.items():
                    labels.extend(
                        {"concept_id": cid, "lang": lang, "kind": kind, "text": text, "folded": fold(text)}
                        for text in texts
                    )
            relations.extend(
                {
                    "source_id": cid,
                    "kind": kind,
                    "target_id": target,
                    "weight": weight,
                    "provenance": provenance,
                }
                for kind, target, weight, provenance in document["relations"]
            )
            revisions.append(
                {"concept_id": cid, "version": self.version, "document": canonical_json(document)}
            )
            changed = _changed_parts(previous.get(cid), document) if previous is not None else ""
            changes.append({"version": self.version, "concept_id": cid, "event": event, "changed": changed})
            if done % 5000 == 0:
                self.progress(phase, done, len(ids))
        self.progress(phase, len(ids), len(ids))
        for table, rows, name in (
            (Label, labels, "labels"),
            (Relation, relations, "relations"),
            (Revision, revisions, "revisions"),
            (Change, changes, "changes"),
        ):
            self.progress(f"Writing {name}", 0, len(rows))
            repository.insert_rows(self.session, table, rows)
            self.progress(f"Writing {name}", len(rows), len(rows))


def _changed_parts(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    if old is None:
        return ""
    return ",".join(sorted(key for key in new if key != "replaced_by" and old.get(key) != new.get(key)))
