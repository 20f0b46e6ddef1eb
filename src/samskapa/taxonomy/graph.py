"""The in-memory concept graph built from the sources, before it is compared with the database.

A concept's document holds everything about it that a version records: identity, labels, definitions and
its outgoing relations. Its content hash decides whether a load changed it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

LABEL_KINDS = ("pref", "alt", "hidden")
LANGUAGES = ("sv", "en")

# Namespace for concepts that no source publisher gives a URI (municipalities, NUTS-less regions).
SAMSKAPA_NAMESPACE = "https://data.samskapa.se/taxonomy/"
JOBTECH_NAMESPACE = "http://data.jobtechdev.se/taxonomy/concept/"

RelationKey = tuple[str, str, float | None, str]


@dataclass
class ConceptDoc:
    """Everything a version records about one concept."""

    id: str
    uri: str
    type: str
    scheme: str
    notation: str | None = None
    level: int | None = None
    external_id: str | None = None
    skill_type: str | None = None
    reuse_level: str | None = None
    status: str = "active"
    labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    relations: set[RelationKey] = field(default_factory=set)

    def add_label(self, lang: str, kind: str, text: str) -> None:
        """Add a label; a second preferred label in a language becomes an alternative one."""
        text = " ".join(text.split())
        if not text:
            return
        by_kind = self.labels.setdefault(lang, {})
        if kind == "pref" and by_kind.get("pref"):
            if by_kind["pref"][0] == text:
                return
            kind = "alt"
        existing = by_kind.setdefault(kind, [])
        if text not in existing and (kind == "pref" or text not in by_kind.get("pref", [])):
            existing.append(text)

    def pref(self, lang: str) -> str | None:
        """The preferred label in `lang`, if any."""
        values = self.labels.get(lang, {}).get("pref")
        return values[0] if values else None

    def document(self) -> dict[str, Any]:
        """A canonical, JSON-ready document: equal content gives an equal document."""
        return {
            "id": self.id,
            "uri": self.uri,
            "type": self.type,
            "scheme": self.scheme,
            "notation": self.notation,
            "level": self.level,
            "external_id": self.external_id,
            "skill_type": self.skill_type,
            "reuse_level": self.reuse_level,
            "status": self.status,
            "labels": {
                lang: {
                    kind: sorted(texts) if kind != "pref" else texts for kind, texts in sorted(kinds.items())
                }
                for lang, kinds in sorted(self.labels.items())
            },
            "definitions": dict(sorted(self.definitions.items())),
            "relations": sorted(
                ([kind, target, weight, provenance] for kind, target, weight, provenance in self.relations),
                key=lambda item: (item[0], item[1]),
            ),
        }


def canonical_json(document: dict[str, Any]) -> str:
    """The compact, key-sorted JSON text that is hashed and stored."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(document: dict[str, Any]) -> str:
    """SHA-256 of a document's canonical JSON without its status (a status change is an event of its own)."""
    return hashlib.sha256(canonical_json({**document, "status": None}).encode()).hexdigest()


@dataclass
class Graph:
    """All concepts read from a source directory, by id, with lookups by URI."""

    concepts: dict[str, ConceptDoc] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, concept: ConceptDoc) -> ConceptDoc:
        """Add a concept, or merge its labels and definitions into the one already there (same id)."""
        existing = self.concepts.get(concept.id)
        if existing is None:
            self.concepts[concept.id] = concept
            return concept
        for lang, kinds in concept.labels.items():
            for kind, texts in kinds.items():
                for text in texts:
                    existing.add_label(lang, kind, text)
        for lang, text in concept.definitions.items():
            existing.definitions.setdefault(lang, text)
        existing.external_id = existing.external_id or concept.external_id
        return existing

    def relate(
        self, source_id: str, kind: str, target_id: str, *, provenance: str, weight: float | None = None
    ) -> None:
        """Add a directed relation owned by the source concept."""
        self.concepts[source_id].relations.add((kind, target_id, weight, provenance))

    def count(self, *, type_: str, scheme: str | None = None, status: str = "active") -> int:
        """How many concepts of a type (and scheme) the graph holds."""
        return sum(
            1
            for concept in self.concepts.values()
            if concept.type == type_
            and concept.status == status
            and (scheme is None or concept.scheme == scheme)
        )
