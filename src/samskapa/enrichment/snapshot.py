"""The dictionary of a database, once per process: read from its snapshot when there is a fresh one, built
from the labels otherwise.

Building the dictionary from 300,000 labels and the JobTech term lists takes seconds of Python (folding,
tokenising, stemming, grouping the forms into patterns). A **snapshot** keeps the result of that work in the
database (`enrichment_dictionary_snapshot`, gzipped JSON: no pickle): the concepts, the surface forms and, per
language, the token keys, compound heads, patterns and their forms (`MatcherParts`). Reading it and building
the two automata from the stored patterns is what a process does at start (`dictionary_for`).

**Freshness.** A snapshot is used only when it was written for the database's newest taxonomy version, with
that version's source digest, by the same code: its `fingerprint` is a SHA-256 of the snapshot format, the
source of the modules that shape the dictionary (`dictionary.py`, `normalise.py`, `core/text.py`), the
bundled term lists and the Snowball stemmer's version. Anything else is ignored (logged) and the dictionary
is built from the labels, exactly as without a snapshot.

**Writing one** is a data-build step (`samskapa enrich --build-dictionary`, run by `make run` after the
taxonomy load): `build(session)` replaces the snapshot and leaves the commit to the caller.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata, resources
from typing import Any, TypeVar, overload

import orjson
from sqlalchemy.orm import Session

from samskapa.enrichment import repository
from samskapa.enrichment.dictionary import (
    Candidate,
    ConceptRef,
    Coverage,
    Dictionary,
    MatcherParts,
    build_dictionary,
    current_version,
    matcher_parts,
)
from samskapa.enrichment.models import DictionarySnapshot
from samskapa.enrichment.normalise import LANGUAGES

logger = logging.getLogger(__name__)
T = TypeVar("T")

FORMAT = 1
_SOURCES = (
    ("samskapa.enrichment", "dictionary.py"),
    ("samskapa.enrichment", "normalise.py"),
    ("samskapa.enrichment", "snapshot.py"),
    ("samskapa.core", "text.py"),
)


def fingerprint() -> str:
    """What the dictionary's shape depends on besides the labels: format, code, term lists, stemmer."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for package, name in _SOURCES:
        digest.update(name.encode() + b"\0" + resources.files(package).joinpath(name).read_bytes())
    data = resources.files("samskapa.enrichment").joinpath("data")
    for item in sorted(data.iterdir(), key=lambda entry: entry.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    digest.update(f"snowballstemmer {metadata.version('snowballstemmer')}".encode())
    return digest.hexdigest()


# Records are lines, fields tabs, words spaces: none of them occurs in a folded word or a token of a label,
# and the other fields are codes and numbers. (The concepts' labels may hold anything: they stay JSON.)
_FIELD = "\t"
_LINE = "\n"


def _line(fields: Sequence[object]) -> str:
    return _FIELD.join("" if value is None else str(value) for value in fields)


def encode(dictionary: Dictionary) -> bytes:
    """The dictionary and its automata's parts for both languages, as gzipped JSON whose big parts are
    strings of lines (split in C when read; a surface form or a pattern is parsed on its first use)."""
    concepts = list(dictionary.concepts.values())
    position = {concept.id: index for index, concept in enumerate(concepts)}
    forms = [
        _line(
            (
                position[form.concept.id],
                form.lang,
                form.kind,
                " ".join(form.folded),
                None if form.case_text is None else " ".join(form.case_text),
                form.confidence,
                form.source,
            )
        )
        for form in dictionary.forms
    ]
    languages = {}
    for lang in LANGUAGES:
        parts = dictionary.parts.get(lang) or matcher_parts(lang, dictionary.forms)
        languages[lang] = {
            "stems": _LINE.join(parts.stems),
            "heads": _LINE.join(parts.heads),
            "keys": _LINE.join(parts.keys),
            "patterns": _LINE.join(",".join(map(str, indexes)) for indexes in parts.patterns),
        }
    document = {
        "format": FORMAT,
        "version": dictionary.version,
        "concepts": [[c.id, c.type, c.label_sv, c.label_en, c.reuse_level] for c in concepts],
        "forms": _LINE.join(forms),
        "coverage": {name: stats.as_dict() for name, stats in dictionary.coverage.items()},
        "languages": languages,
    }
    return gzip.compress(orjson.dumps(document), compresslevel=6, mtime=0)


class _Lazy(Sequence[T]):
    """Items parsed from their lines on first use, then kept."""

    def __init__(self, lines: list[str], parse: Callable[[str], T]) -> None:
        self._lines = lines
        self._parse = parse
        self._made: dict[int, T] = {}

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._made.get(index)
        if found is None:
            found = self._made[index] = self._parse(self._lines[index])
        return found


def decode(data: bytes) -> Dictionary:
    """The Dictionary of `encode`, with the automata's parts ready (the automata are built on first use)."""
    document: dict[str, Any] = orjson.loads(gzip.decompress(data))
    if document.get("format") != FORMAT:
        raise ValueError(f"snapshot format {document.get('format')}, expected {FORMAT}")
    concepts = [ConceptRef(*row) for row in document["concepts"]]

    def form(line: str) -> Candidate:
        concept, lang, kind, folded, case_text, confidence, source = line.split(_FIELD)
        return Candidate(
            concepts[int(concept)],
            lang,
            kind,
            tuple(folded.split(" ")),
            tuple(case_text.split(" ")) if case_text else None,
            float(confidence),
            source,
        )

    def indexes(line: str) -> list[int]:
        return [int(item) for item in line.split(",")]

    parts = {
        lang: MatcherParts(
            lang,
            item["stems"].split(_LINE),
            item["heads"].split(_LINE),
            item["keys"].split(_LINE),
            _Lazy(item["patterns"].split(_LINE), indexes),
        )
        for lang, item in document["languages"].items()
    }
    return Dictionary(
        version=int(document["version"]),
        concepts={concept.id: concept for concept in concepts},
        forms=_Lazy(document["forms"].split(_LINE), form),
        coverage={name: Coverage(**figures) for name, figures in document["coverage"].items()},
        parts=parts,
    )


def build(session: Session) -> DictionarySnapshot | None:
    """Build the dictionary of the newest taxonomy version from its labels and keep it as the snapshot
    (replacing any other); None when no taxonomy is loaded. The caller commits."""
    version = current_version(session)
    row = repository.taxonomy_version(session, version)
    if row is None:
        return None
    dictionary = build_dictionary(session)
    snapshot = DictionarySnapshot(
        taxonomy_version=version,
        source_digest=row.source_digest,
        fingerprint=fingerprint(),
        created_at=datetime.now(UTC),
        surface_forms=len(dictionary.forms),
        data=encode(dictionary),
    )
    repository.replace_snapshots(session, snapshot)
    return snapshot


def stale_reason(session: Session, version: int) -> str | None:
    """Why the snapshot cannot serve taxonomy version `version`; None when it is fresh."""
    return _stale(session, repository.snapshot(session, version), version)


def _stale(session: Session, row: DictionarySnapshot | None, version: int) -> str | None:
    if row is None:
        return "there is none"
    taxonomy = repository.taxonomy_version(session, version)
    if taxonomy is None or row.source_digest != taxonomy.source_digest:
        return "it was built from other sources"
    if row.fingerprint != fingerprint():
        return "it was built by other code; run `samskapa enrich --build-dictionary`"
    return None


def load(session: Session, version: int) -> Dictionary | None:
    """The snapshot's dictionary when it is fresh for `version` (see the module's text), else None."""
    row = repository.snapshot(session, version)
    reason = _stale(session, row, version)
    if row is not None and reason is None:
        try:
            return decode(row.data)
        except (ValueError, KeyError, TypeError, OSError, EOFError, zlib.error) as error:
            reason = f"it cannot be read ({error})"
    logger.info("The dictionary snapshot of taxonomy version %s is not used: %s.", version, reason)
    return None


_lock = threading.Lock()
_cached: dict[str, Dictionary] = {}


def dictionary_for(session: Session) -> Dictionary:
    """The dictionary of the newest taxonomy version of this database, once per process and version: from
    the snapshot when it is fresh, else built from the labels."""
    version = current_version(session)
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _lock:
        found = _cached.get(database)
        if found is None or found.version != version:
            started = time.perf_counter()
            found = load(session, version)
            source = "its snapshot"
            if found is None:
                found, source = build_dictionary(session), "the labels"
            logger.info(
                "Dictionary of taxonomy version %s read from %s in %.2f s.",
                version,
                source,
                time.perf_counter() - started,
            )
            _cached[database] = found
        return found
