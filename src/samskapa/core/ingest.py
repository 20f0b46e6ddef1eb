"""Reading batch files row by row, so that every bad row is reported with its line and reason.

Formats: JSON Lines (one object per line), CSV (a header row, one record per row; a record may span lines
inside quotes, and is reported by the line it starts on) and JSON (an array of objects, or an object with a
`hits` list as search APIs return; reported by item number). The area turns each record into its schema;
`pydantic_errors` turns a validation failure into row errors naming each field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Literal

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from samskapa.core.collection import BatchOutcome, PreparedItem
from samskapa.core.db import session_scope
from samskapa.core.errors import Invalid

Format = Literal["auto", "jsonl", "csv", "json"]
FORMATS: tuple[str, ...] = ("auto", "jsonl", "csv", "json")
MAX_LINE_BYTES = 1_000_000


@dataclass(frozen=True)
class RowError:
    """One bad row: where it is, which field, and why."""

    line: int
    field: str | None
    reason: str
    external_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
            "external_id": self.external_id,
        }


@dataclass(frozen=True)
class RecordShape:
    """How the records of a file are shaped: CSV cells are strings and flat."""

    csv: bool = False


@dataclass(frozen=True)
class Record:
    """One record read from a file, with the line (or item number) it starts on."""

    line: int
    data: dict[str, Any]


@dataclass
class IngestReport:
    """What a run did: counts of every outcome and every bad row."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    ignored: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: bool = False  # atomic run with errors: nothing was written

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged + self.removed + self.ignored

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "accepted": 0 if self.rejected else self.accepted,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "ignored": self.ignored,
            "rejected": self.rejected,
            "errors": [error.as_dict() for error in self.errors],
        }


def detect_format(name: str, fmt: Format) -> Literal["jsonl", "csv", "json"]:
    """The format named, or the one the file name suggests."""
    if fmt != "auto":
        return fmt
    lowered = name.lower().removesuffix(".gz")
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith(".json"):
        return "json"
    raise Invalid(
        f"Cannot tell the format of '{name}' from its name.",
        hint="Name the format: jsonl, csv or json (.jsonl, .ndjson, .csv and .json names are recognised).",
    )


def read_records(stream: IO[bytes], fmt: Literal["jsonl", "csv", "json"]) -> Iterator[Record | RowError]:
    """Records of a binary stream in the given format; undecodable rows come back as RowError."""
    if fmt == "jsonl":
        return _jsonl(stream)
    if fmt == "csv":
        return _csv(stream)
    return _json(stream)


def _object_or_error(line: int, value: Any) -> Record | RowError:
    if isinstance(value, dict):
        return Record(line, value)
    return RowError(line, None, f"expected a JSON object, found {type(value).__name__}")


def _jsonl(stream: IO[bytes]) -> Iterator[Record | RowError]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield RowError(number, None, f"line longer than {MAX_LINE_BYTES:,} bytes")
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield RowError(number, None, f"not valid JSON ({exc.args[0] if exc.args else exc})")
            continue
        yield _object_or_error(number, value)


class _CountedLines:
    """Text lines with a running count, so a CSV record knows the line it starts on."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        self.lines = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.text:
            self.lines += 1
            yield line


def _csv(stream: IO[bytes]) -> Iterator[Record | RowError]:
    counter = _CountedLines(stream)
    try:
        reader = csv.DictReader(iter(counter), strict=True)
        header = reader.fieldnames
    except (UnicodeDecodeError, csv.Error) as exc:
        yield RowError(1, None, f"unreadable header ({exc})")
        return
    if not header:
        return
    if len(set(header)) != len(header):
        yield RowError(1, None, "the header names a column twice")
        return
    while True:
        start = counter.lines + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield RowError(start, None, "not valid UTF-8")
            return
        except csv.Error as exc:
            yield RowError(start, None, f"malformed CSV ({exc})")
            return
        if None in row:
            yield RowError(
                start, None, f"{len(header) + len(row[None])} cells but the header has {len(header)}"
            )
            continue
        if any(value is None for value in row.values()):
            yield RowError(start, None, f"fewer cells than the header's {len(header)}")
            continue
        yield Record(start, {key: (value if value != "" else None) for key, value in row.items()})


def _json(stream: IO[bytes]) -> Iterator[Record | RowError]:
    try:
        value = orjson.loads(stream.read())
    except orjson.JSONDecodeError as exc:
        yield RowError(1, None, f"not valid JSON ({exc.args[0] if exc.args else exc})")
        return
    if isinstance(value, dict) and isinstance(value.get("hits"), list):
        value = value["hits"]
    if not isinstance(value, list):
        yield RowError(1, None, "expected a JSON array of objects (or an object with a 'hits' array)")
        return
    for number, item in enumerate(value, start=1):
        yield _object_or_error(number, item)


def pydantic_errors(line: int, error: ValidationError, external_id: str | None) -> list[RowError]:
    """One RowError per field a Pydantic validation rejected."""
    found = []
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in item["loc"]) or None
        found.append(RowError(line, where, item["msg"], external_id))
    return found


def split_list(value: Any) -> Any:
    """CSV list cells are separated by '|'."""
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


def split_records(
    records: Iterable[Record | RowError], prepare: Callable[[Record], PreparedItem | list[RowError]]
) -> tuple[list[PreparedItem], list[RowError]]:
    """The records `prepare` accepts as items, and every row error (unreadable records and refused ones)."""
    items: list[PreparedItem] = []
    errors: list[RowError] = []
    for record in records:
        prepared = record if isinstance(record, RowError) else prepare(record)
        if isinstance(prepared, RowError):
            errors.append(prepared)
        elif isinstance(prepared, list):
            errors.extend(prepared)
        else:
            items.append(prepared)
    return items, errors


def chunked(records: Iterable[Record | RowError], size: int) -> Iterator[list[Record | RowError]]:
    """Consecutive chunks of at most `size` records."""
    chunk: list[Record | RowError] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Outcome = tuple[BatchOutcome, list[RowError]]
ChunkHandler = Callable[[list[Record | RowError]], Outcome]
ChunkWriter = Callable[[Session, list[Record | RowError]], Outcome]
CHUNK_SIZE = 1000


class BatchRejected(Invalid):
    """An atomic run found bad rows, so nothing was written."""

    code = "batch_rejected"
    title = "Batch rejected"


class IngestResult(BaseModel):
    """The report of one ingest run, as the API returns it."""

    rows: int
    accepted: int
    created: int
    updated: int
    unchanged: int
    removed: int
    ignored: int
    rejected: bool
    errors: list[dict[str, Any]]


def run_chunks(
    records: Iterable[Record | RowError],
    *,
    chunk_size: int,
    handle: ChunkHandler,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Feed the records to `handle` chunk by chunk and add up what it did.

    `handle` validates and writes one chunk (committing it or not is the caller's choice) and returns the
    outcome and the chunk's bad rows; `progress` hears how many records each chunk had.
    """
    report = IngestReport()
    for chunk in chunked(records, chunk_size):
        outcome, errors = handle(chunk)
        report.rows += len(chunk)
        report.created += outcome.created
        report.updated += outcome.updated
        report.unchanged += outcome.unchanged
        report.removed += outcome.removed
        report.ignored += outcome.ignored
        report.errors.extend(errors)
        if progress is not None:
            progress(len(chunk))
    report.errors.sort(key=lambda error: error.line)
    return report


class _Rejected(Exception):
    def __init__(self, report: IngestReport) -> None:
        self.report = report


def _rejected(report: IngestReport) -> IngestReport:
    return IngestReport(rows=report.rows, errors=report.errors, rejected=True)


def ingest_committing(
    factory: sessionmaker[Session],
    records: Iterable[Record | RowError],
    *,
    write: ChunkWriter,
    atomic: bool,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest with transactions of its own: one per chunk, or one for everything when `atomic`.

    A chunk commits as a whole, so a run that is killed keeps the chunks it finished and a re-run upserts
    the rest without duplicates. An atomic run with any bad row is rolled back and reported as rejected.
    """
    if atomic:
        try:
            with session_scope(factory) as session:
                report = run_chunks(
                    records,
                    chunk_size=chunk_size,
                    handle=lambda chunk: write(session, chunk),
                    progress=progress,
                )
                if report.errors:
                    raise _Rejected(report)
        except _Rejected as rejected:
            return _rejected(rejected.report)
        return report

    def per_chunk(chunk: list[Record | RowError]) -> Outcome:
        with session_scope(factory) as session:
            return write(session, chunk)

    return run_chunks(records, chunk_size=chunk_size, handle=per_chunk, progress=progress)


def ingest_in_session(
    session: Session, records: Iterable[Record | RowError], *, write: ChunkWriter, atomic: bool
) -> IngestReport:
    """Ingest inside the caller's transaction (an API request); an atomic run with bad rows raises."""
    report = run_chunks(records, chunk_size=CHUNK_SIZE, handle=lambda chunk: write(session, chunk))
    if atomic and report.errors:
        raise BatchRejected(
            f"{len(report.errors)} bad row(s); with atomic=true nothing was written.",
            hint="Fix the rows listed in 'report.errors', or send it without atomic to keep the good rows.",
            extra={"report": _rejected(report).as_dict()},
        )
    return report
