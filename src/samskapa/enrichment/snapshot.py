"""The dictionary of a database, once per process: read from its snapshot when there is a fresh one, built
from the labels otherwise.

Building the dictionary from 300,000 labels and the JobTech term lists takes seconds of Python (folding,
tokenising, stemming, grouping the forms into patterns). A **snapshot** keeps the result of that work in the
database (`enrichment_dictionary_snapshot`, gzipped JSON: no pickle): the concepts, the surface forms and, per
language, the token keys, compound heads, patterns and their forms (`MatcherParts`). Reading it, and reading
or building the two automata, is what a process does at start (`dictionary_for`, `service.warm_up`).

**The automata** are kept as files (`AutomatonFiles`, in data_dir/automata/; `warm_up` is given the
directory): building a language's automaton from its 137,000 patterns takes about a second, reading it a
tenth of that. A file holds the automaton's state as pyahocorasick's own pickling support gives it
(`Automaton.__reduce__`: blocks of bytes and a few numbers; the pickle module is never used), in a zip whose
CRC-32s are checked on reading, named by the SHA-256 of the patterns and of the library build that wrote it
(version, byte order, word size, Unicode). The state is the library's memory layout and is read by C code
that trusts it, so it is kept on the platform's own disk beside its keys, never in the database that other
code writes to. A missing or unreadable file is logged and the automaton built (and written) again.

**Freshness.** A snapshot is used only when it was written for the database's newest taxonomy version, with
that version's source digest, by the same code: its `fingerprint` is a SHA-256 of the snapshot format, the
source of the modules that shape the dictionary (`dictionary.py`, `normalise.py`, `core/text.py`), the
bundled term lists and the versions of the Snowball stemmer and of wordfreq. Anything else is ignored
(logged) and the dictionary is built from the labels, exactly as without a snapshot.

**Writing one** is a data-build step (`samskapa enrich --build-dictionary`, run by `make run` after the
taxonomy load): `build(session)` replaces the snapshot and leaves the commit to the caller.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import logging
import os
import struct
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar, overload

import ahocorasick  # type: ignore[import-not-found]
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
    """What the dictionary's shape depends on besides the labels: format, code, term lists, stemmer, word
    frequencies."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for package, name in _SOURCES:
        digest.update(name.encode() + b"\0" + resources.files(package).joinpath(name).read_bytes())
    data = resources.files("samskapa.enrichment").joinpath("data")
    for item in sorted(data.iterdir(), key=lambda entry: entry.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    digest.update(f"snowballstemmer {metadata.version('snowballstemmer')}".encode())
    digest.update(f"wordfreq {metadata.version('wordfreq')}".encode())  # the keys' numbering
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


@functools.cache  # read once per process: the installed library does not change under it
def automaton_library() -> str:
    """The pyahocorasick build whose automaton states this process reads: they are its memory layout."""
    return (
        f"pyahocorasick {metadata.version('pyahocorasick')} {sys.byteorder}-endian "
        f"{struct.calcsize('P') * 8}-bit unicode={ahocorasick.unicode}"
    )


class AutomatonFiles:
    """The automata kept as files in `directory` (see the module's text): one per language and patterns."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, parts: MatcherParts) -> Path:
        digest = hashlib.sha256(automaton_library().encode())
        digest.update(_LINE.join(parts.keys).encode())
        return self.directory / f"automaton-{parts.lang}-{digest.hexdigest()[:32]}.zip"

    def read(self, parts: MatcherParts) -> Any | None:
        path = self.path(parts)
        if not path.exists():
            return None
        try:
            with zipfile.ZipFile(path) as archive:
                meta = orjson.loads(archive.read("meta.json"))
                numbers = meta["numbers"]
                if meta["library"] != automaton_library() or not _automaton_numbers(numbers, len(parts.keys)):
                    raise ValueError("it was written for other patterns or another library")
                blocks = [archive.read(f"block-{number}") for number in range(int(meta["blocks"]))]
            return ahocorasick.Automaton(blocks, *numbers)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, zlib.error) as error:
            logger.warning("The automaton file %s is not used: %s.", path.name, error)
            return None

    def keep(self, parts: MatcherParts, automaton: Any) -> None:
        maker, (blocks, *numbers) = automaton.__reduce__()
        if maker is not ahocorasick.Automaton or not _automaton_numbers(numbers, len(parts.keys)):
            logger.warning("pyahocorasick's automaton state has an unknown shape: not kept.")
            return
        path = self.path(parts)
        partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr(
                    "meta.json",
                    orjson.dumps({"library": automaton_library(), "blocks": len(blocks), "numbers": numbers}),
                )
                for number, block in enumerate(blocks):
                    archive.writestr(f"block-{number}", block)
            partial.replace(path)  # whole or not at all, also with other processes at it
            for other in self.directory.glob(f"automaton-{parts.lang}-*.zip"):
                if other != path:
                    other.unlink(missing_ok=True)
        except OSError as error:
            logger.warning(
                "The automaton of %s could not be kept in %s: %s.", parts.lang, self.directory, error
            )
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def _automaton_numbers(numbers: Sequence[object], patterns: int) -> bool:
    """The numbers of the state of an automaton over `patterns` patterns as `Matcher` makes it: made, of ints,
    over strings, the word count, the longest word, and no Python values."""
    return (
        len(numbers) == 6
        and all(type(number) is int for number in numbers[:5])
        and tuple(numbers[:4])
        == (ahocorasick.AHOCORASICK, ahocorasick.STORE_INTS, ahocorasick.KEY_STRING, patterns)
        and numbers[5] is None
    )


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
