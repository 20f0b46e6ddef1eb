"""An in-memory lookup of every concept's type, labels and broader concepts, for validating batches.

Ingest checks every concept id of every row; one database query per id would dominate the run. The lookup
reads the head tables once (about 34,000 concepts and 30,000 broader links, a few MB) and is kept per
process for one taxonomy version (`lookup_for`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rapidfuzz import process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.taxonomy.models import Concept, Relation, TaxonomyVersion


@dataclass(frozen=True)
class ConceptInfo:
    id: str
    type: str
    active: bool
    label_sv: str | None
    label_en: str | None

    def label(self, lang: str) -> str:
        preferred = self.label_sv if lang == "sv" else self.label_en
        return preferred or self.label_en or self.label_sv or self.id


@dataclass
class ConceptLookup:
    version: int
    concepts: dict[str, ConceptInfo] = field(default_factory=dict)
    by_external: dict[str, str] = field(default_factory=dict)
    broader_of: dict[str, list[str]] = field(default_factory=dict)
    _ids_by_type: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: str) -> ConceptInfo | None:
        """The concept with this id, or with this JobTech id."""
        found = self.concepts.get(key)
        if found is None and key in self.by_external:
            found = self.concepts.get(self.by_external[key])
        return found

    def check(self, key: str, types: tuple[str, ...]) -> str | None:
        """Why `key` is not an active concept of one of `types`, or None when it is."""
        found = self.get(key)
        if found is None:
            return f"unknown concept id '{key}'"
        if not found.active:
            return f"concept '{key}' is deprecated"
        if found.type not in types:
            return f"'{key}' is a {found.type}, expected {' or '.join(types)}"
        return None

    def ancestors(self, key: str, type_: str | None = None) -> list[str]:
        """Broader concepts, nearest first (of one type, when given)."""
        seen: list[str] = []
        frontier = list(self.broader_of.get(key, ()))
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen.append(current)
            frontier.extend(self.broader_of.get(current, ()))
        if type_ is None:
            return seen
        return [item for item in seen if item in self.concepts and self.concepts[item].type == type_]

    def label(self, key: str, lang: str) -> str:
        found = self.get(key)
        return found.label(lang) if found else key

    def close_ids(self, value: str, types: tuple[str, ...], limit: int = 3) -> list[str]:
        """Ids of `types` that look like `value` (by id or label), for "did you mean" hints."""
        candidates: list[str] = []
        for type_ in types:
            if type_ not in self._ids_by_type:
                self._ids_by_type[type_] = [
                    info.id for info in self.concepts.values() if info.type == type_ and info.active
                ]
            candidates.extend(self._ids_by_type[type_])
        choices = {
            key: f"{key} {self.concepts[key].label('sv')} {self.concepts[key].label('en')}"
            for key in candidates
        }
        found = process.extract(value, choices, limit=limit, score_cutoff=50)
        return [str(match[2]) for match in found]


def build_lookup(session: Session) -> ConceptLookup:
    version = int(session.scalar(select(func.max(TaxonomyVersion.number))) or 0)
    lookup = ConceptLookup(version=version)
    rows = session.execute(
        select(
            Concept.id,
            Concept.type,
            Concept.status,
            Concept.external_id,
            Concept.pref_label_sv,
            Concept.pref_label_en,
        )
    )
    for concept_id, type_, status, external_id, label_sv, label_en in rows:
        lookup.concepts[concept_id] = ConceptInfo(concept_id, type_, status == "active", label_sv, label_en)
        if external_id and external_id not in lookup.by_external:
            lookup.by_external[external_id] = concept_id
    for source_id, target_id in session.execute(
        select(Relation.source_id, Relation.target_id).where(Relation.kind == "broader")
    ):
        lookup.broader_of.setdefault(source_id, []).append(target_id)
    return lookup


_lock = threading.Lock()
_cached: dict[str, ConceptLookup] = {}


def lookup_for(session: Session) -> ConceptLookup:
    """The lookup of the newest taxonomy version of this database, built once per process and version."""
    version = int(session.scalar(select(func.max(TaxonomyVersion.number))) or 0)
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _lock:
        found = _cached.get(database)
        if found is None or found.version != version:
            found = _cached[database] = build_lookup(session)
        return found
