"""Bulk files of one table: Parquet, CSV and gzipped JSON Lines, described by a Frictionless Data Package.

An area describes its table once (`TableSpec`: typed, documented columns and a primary key) and hands
`write_bulk` an iterable of rows (dicts or other mappings, e.g. straight from a database cursor). One pass
over the rows writes all three files: rows are taken in chunks, checked against the spec column by column,
and each chunk becomes a block of JSON lines and an Arrow record batch, from which the CSV records are made.
Batches go to Parquet as row groups of `row_group_size` rows, so memory stays flat whatever the row count.
The main thread does the Python work (checks, Arrow conversion, JSON); three worker threads write the
Parquet, CSV and gzip streams meanwhile (Arrow and zlib release the GIL).

Every file is first written under a hidden temporary name in the target directory and renamed into place
only when all of them are complete and checked, `datapackage.json` last. A bad row (or any other failure)
raises before anything is renamed, so the previous files stay as they were. Each rename is atomic; a reader
that opens the files in the moment between two renames may see the new Parquet file next to the old
descriptor. One directory holds one table.

The same values in each format:

- Parquet: an explicit Arrow schema (string -> large_string, integer -> int64, number -> float64,
  boolean -> bool, date -> date32, datetime -> timestamp[us, UTC], string[] -> list<string>), zstd-compressed,
  required columns non-nullable, each field's English description in its metadata. DuckDB reads them as
  VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP WITH TIME ZONE and VARCHAR[].
- CSV (Arrow's writer): UTF-8 without BOM, a header, CRLF line ends, RFC 4180 quoting with every text cell
  quoted; null is an empty unquoted cell, booleans `true`/`false`, numbers in their shortest form, dates
  `YYYY-MM-DD`, datetimes ISO 8601 in UTC with `Z` (microseconds only when there are any), lists joined
  with `|` (an empty list is an empty cell, `""`).
- JSON Lines: one object per row with every column (null included), in the spec's column order, through
  orjson; dates and datetimes as in the CSV, lists as JSON arrays.

Table Schema reads an empty CSV cell as missing, so a required string may not be empty; and so that lists
survive the CSV, a list item may be neither empty nor contain `|`. A wrong value is an `Invalid` error naming
the row (1-based), the column and the reason. The primary key must be unique; that is checked on the
finished Parquet file before any rename.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, get_args

import orjson
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from samskapa.core.errors import FieldError, Invalid
from samskapa.core.time import utcnow

ColumnType = Literal["string", "integer", "number", "boolean", "date", "datetime", "string[]"]
COLUMN_TYPES: tuple[str, ...] = get_args(ColumnType)
LIST_SEPARATOR = "|"
DATAPACKAGE = "datapackage.json"
CHUNK_ROWS = 10_000  # rows checked and converted together; at most row_group_size
GZIP_LEVEL = 4  # on real text 3x the speed of level 6 for files ~7% larger (9 is slower still)

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PACKAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_BASENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_JSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_APPEND_NEWLINE

_ARROW_TYPES: dict[str, Any] = {
    "string": pa.large_string(),  # 64-bit offsets: a row group of long descriptions can pass 2 GB
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "string[]": pa.list_(pa.string()),
}
_TABLE_SCHEMA_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "string[]": "array",
}


@dataclass(frozen=True)
class Column:
    """One column of a bulk table, documented in English and Swedish.

    `required` means never null; a required string is also never empty, a required list may be empty.
    """

    name: str
    type: ColumnType
    description_en: str
    description_sv: str
    required: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"Column name {self.name!r} must be lower-case letters, digits and _.")
        if self.type not in COLUMN_TYPES:
            raise ValueError(
                f"Column {self.name!r} has unknown type {self.type!r}; use one of {COLUMN_TYPES}."
            )

    @property
    def arrow_type(self) -> Any:
        """The column's Arrow (and so Parquet) type."""
        return _ARROW_TYPES[self.type]

    def table_schema_field(self, *, unique: bool = False) -> dict[str, Any]:
        """The column as a Frictionless Table Schema field."""
        description = self.description_en
        description_sv = self.description_sv
        constraints: dict[str, Any] = {"required": self.required}
        if unique:
            constraints["unique"] = True
        result: dict[str, Any] = {"name": self.name, "type": _TABLE_SCHEMA_TYPES[self.type]}
        if self.type in {"date", "datetime"}:
            result["format"] = "default"
        if self.type == "datetime":
            description += " Timezone-aware, in UTC (ISO 8601 with Z)."
            description_sv += " Med tidszon, i UTC (ISO 8601 med Z)."
        if self.type == "string[]":
            result["arrayItem"] = {"type": "string"}
            description += (
                " A list of strings; in the CSV file the items are joined with '|'"
                " and an empty list is an empty cell."
            )
            description_sv += (
                " En lista med strängar; i CSV-filen är posterna sammanfogade med '|'"
                " och en tom lista är en tom cell."
            )
        result["description"] = description
        result["description_sv"] = description_sv
        result["constraints"] = constraints
        return result


@dataclass(frozen=True)
class TableSpec:
    """A bulk table: its name (also the Data Package name), titles, columns and primary key."""

    name: str
    title_en: str
    title_sv: str
    columns: Sequence[Column]
    primary_key: Sequence[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        key = (self.primary_key,) if isinstance(self.primary_key, str) else tuple(self.primary_key)
        object.__setattr__(self, "primary_key", key)
        if not _PACKAGE_NAME.match(self.name):
            raise ValueError(
                f"Table name {self.name!r} must be lower-case letters, digits, '.', '_' and '-'."
            )
        names = [column.name for column in self.columns]
        if not names:
            raise ValueError(f"Table {self.name!r} has no columns.")
        if len(set(names)) != len(names):
            raise ValueError(f"Table {self.name!r} names a column twice.")
        by_name = {column.name: column for column in self.columns}
        if not key:
            raise ValueError(f"Table {self.name!r} needs a primary key.")
        for part in key:
            column = by_name.get(part)
            if column is None:
                raise ValueError(f"Primary key column {part!r} is not a column of {self.name!r}.")
            if not column.required or column.type in {"number", "string[]"}:
                raise ValueError(
                    f"Primary key column {part!r} must be required and of type string, integer, boolean,"
                    " date or datetime."
                )

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def arrow_schema(self) -> Any:
        """The explicit Arrow schema of the Parquet file (English descriptions as field metadata)."""
        return pa.schema(
            [
                pa.field(
                    column.name,
                    column.arrow_type,
                    nullable=not column.required,
                    metadata={"description": column.description_en},
                )
                for column in self.columns
            ]
        )

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of the table, the same for every file."""
        single_key = len(self.primary_key) == 1
        return {
            "fields": [
                column.table_schema_field(unique=single_key and column.name in self.primary_key)
                for column in self.columns
            ],
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }


@dataclass(frozen=True)
class BulkFile:
    """One written file."""

    path: Path
    format: str
    mediatype: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class BulkFiles:
    """What `write_bulk` wrote: the three data files, the descriptor and the number of rows."""

    parquet: BulkFile
    csv: BulkFile
    jsonl: BulkFile
    datapackage: Path
    row_count: int
    descriptor: dict[str, Any] = field(repr=False)

    @property
    def files(self) -> tuple[BulkFile, BulkFile, BulkFile]:
        return (self.parquet, self.csv, self.jsonl)

    @property
    def bytes(self) -> int:
        """The size of the three data files together."""
        return sum(item.bytes for item in self.files)


# ---------------------------------------------------------------------------------------------------------
# Checking and converting one column of a chunk. Each checker converts `values` in place and returns the
# first problem as (index in the chunk, reason), or None.

_Problem = tuple[int, str]
_MISSING = "no value, but the column is required"


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _wrong(expected: str, value: Any) -> str:
    return f"expected {expected}, got {_shown(value)}"


def _check_string(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value.__class__ is str:
            if required and not value:
                return i, "an empty string, but the column is required (an empty CSV cell reads as null)"
        elif value is None:
            if required:
                return i, _MISSING
        elif isinstance(value, str):  # str subclasses such as StrEnum members become plain text
            values[i] = str(value)
            if required and not values[i]:
                return i, "an empty string, but the column is required (an empty CSV cell reads as null)"
        else:
            return i, _wrong("a string", value)
    return None


def _check_integer(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
            if not _INT64_MIN <= value <= _INT64_MAX:
                return i, f"the integer {value} is outside the 64-bit range"
            values[i] = int(value)
        elif value is None:
            if required:
                return i, _MISSING
        else:
            return i, _wrong("an integer", value)
    return None


def _check_number(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value.__class__ is float:
            if not math.isfinite(value):
                return i, f"the number {value} is not finite"
        elif value is None:
            if required:
                return i, _MISSING
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            try:
                number = float(value)
            except OverflowError:
                return i, f"the number {value} is too large"
            if not math.isfinite(number):
                return i, f"the number {value} is not finite"
            values[i] = number
        else:
            return i, _wrong("a number", value)
    return None


def _check_boolean(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value is True or value is False:
            continue
        if value is None:
            if required:
                return i, _MISSING
        else:
            return i, _wrong("true or false", value)
    return None


def _check_date(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value.__class__ is date:
            continue
        if value is None:
            if required:
                return i, _MISSING
        elif isinstance(value, datetime):
            return i, _wrong("a date (the column holds dates, not datetimes)", value)
        elif isinstance(value, date):
            values[i] = date(value.year, value.month, value.day)
        else:
            return i, _wrong("a date", value)
    return None


def _check_datetime(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if isinstance(value, datetime):
            if value.tzinfo is UTC and value.__class__ is datetime:
                continue
            if value.utcoffset() is None:
                return i, f"a naive datetime ({value.isoformat()}); a timezone-aware datetime is required"
            moment = value.astimezone(UTC)
            values[i] = datetime(
                moment.year,
                moment.month,
                moment.day,
                moment.hour,
                moment.minute,
                moment.second,
                moment.microsecond,
                tzinfo=UTC,
            )
        elif value is None:
            if required:
                return i, _MISSING
        else:
            return i, _wrong("a timezone-aware datetime", value)
    return None


def _check_string_list(values: list[Any], required: bool) -> _Problem | None:
    for i, value in enumerate(values):
        if value.__class__ is list or value.__class__ is tuple:
            items = value
            for item in value:
                if item.__class__ is not str:
                    if not isinstance(item, str):
                        return i, f"a list item is not a string: {_shown(item)}"
                    items = [str(part) for part in value]
                    break
            for item in items:
                if not item or LIST_SEPARATOR in item:
                    return i, (
                        f"the list item {item!r} is empty or contains '{LIST_SEPARATOR}',"
                        " the CSV list separator"
                    )
            if items.__class__ is not list:
                values[i] = list(items)
            elif items is not value:
                values[i] = items
        elif value is None:
            if required:
                return i, _MISSING
        else:
            return i, _wrong("a list of strings", value)
    return None


_CHECKERS: dict[str, Callable[[list[Any], bool], _Problem | None]] = {
    "string": _check_string,
    "integer": _check_integer,
    "number": _check_number,
    "boolean": _check_boolean,
    "date": _check_date,
    "datetime": _check_datetime,
    "string[]": _check_string_list,
}


def _invalid(spec: TableSpec, row: int, column: str, reason: str) -> Invalid:
    return Invalid(
        f"Row {row} of the {spec.name} bulk file, column '{column}': {reason}.",
        hint=(
            "Every row must match the table's columns and types; nothing was replaced, the previous bulk"
            " files are still in place."
        ),
        field_errors=[FieldError(field=column, message=f"row {row}: {reason}")],
        extra={"row": row, "column": column, "reason": reason},
    )


class _Chunker:
    """Checks and converts chunks of rows into columns, naming the first bad row."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.names = spec.column_names
        self.name_set = frozenset(self.names)
        self.columns = [(column.name, _CHECKERS[column.type], column.required) for column in spec.columns]
        self.getter = itemgetter(*self.names)

    def columns_of(self, chunk: list[Mapping[str, Any]], first_row: int) -> list[list[Any]]:
        """The chunk's values column by column, checked and converted; the first bad row raises."""
        problems: list[tuple[int, int, str, str]] = []  # (index, column position, column, reason)
        name_set = self.name_set
        for i, row in enumerate(chunk):
            try:
                fits = name_set.issuperset(row.keys())
            except (AttributeError, TypeError):
                problems.append((i, -1, "*", f"a row must be a mapping of column names, got {_shown(row)}"))
                chunk = chunk[:i]
                break
            if not fits:
                extra = sorted(str(key) for key in row if key not in name_set)
                reason = f"the column is not one of the table's ({', '.join(self.names)})"
                problems.append((i, -1, extra[0], reason))
                break
        columns: list[list[Any]] = []
        transposed = self._transpose(chunk)
        for position, (name, check, required) in enumerate(self.columns):
            values = list(transposed[position]) if transposed else [row.get(name) for row in chunk]
            problem = check(values, required)
            if problem is not None:
                problems.append((problem[0], position, name, problem[1]))
            columns.append(values)
        if problems:
            index, _, name, reason = min(problems, key=lambda item: (item[0], item[1]))
            raise _invalid(self.spec, first_row + index, name, reason)
        return columns

    def _transpose(self, chunk: list[Mapping[str, Any]]) -> list[tuple[Any, ...]] | None:
        """The chunk column by column in one pass when every row has every column (the usual case)."""
        if not chunk:
            return None
        try:
            rows = [self.getter(row) for row in chunk]
        except LookupError:
            return None
        if len(self.names) == 1:  # itemgetter of one name gives the value itself
            return [tuple(rows)]
        return list(zip(*rows, strict=True))

    def json_lines(self, columns: list[list[Any]], first_row: int) -> bytearray:
        """The chunk as JSON lines, one object per row with every column in the spec's order."""
        names, dumps, options = self.names, orjson.dumps, _JSON_OPTIONS
        out = bytearray()  # appended row by row: orjson's results keep spare capacity until freed
        try:
            for values in zip(*columns, strict=True):
                out += dumps(dict(zip(names, values, strict=True)), option=options)
        except orjson.JSONEncodeError:
            # Some text cannot be encoded (a lone surrogate, say): find the row and column to name them.
            for i, values in enumerate(zip(*columns, strict=True)):
                for name, value in zip(names, values, strict=True):
                    try:
                        dumps(value)
                    except orjson.JSONEncodeError as exc:
                        reason = f"the value cannot be encoded as UTF-8 JSON ({exc})"
                        raise _invalid(self.spec, first_row + i, name, reason) from exc
            raise
        return out


# ---------------------------------------------------------------------------------------------------------
# Writing.


def _temporary(final: Path) -> Path:
    # A hidden name next to the final file (same file system, so the rename is atomic), created by the
    # writers themselves with the usual permissions (mkstemp's would be 0600).
    return final.with_name(f".{final.name}.{uuid.uuid4().hex}.part")


def _digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        size = handle.tell()
    return size, digest


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _chunks(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _check_unique_key(spec: TableSpec, parquet_path: Path) -> None:
    key = list(spec.primary_key)
    table = pq.read_table(parquet_path, columns=key)
    if table.num_rows < 2:
        return
    counts = table.group_by(key, use_threads=False).aggregate([([], "count_all")])
    repeated = counts.filter(pc.greater(counts["count_all"], 1))
    if repeated.num_rows == 0:
        return
    # Among the rows whose key repeats, the first one whose key came before names the problem.
    candidates = None
    for name in key:
        member = pc.is_in(table[name], value_set=repeated[name])
        candidates = member if candidates is None else pc.and_(candidates, member)
    indices = pc.indices_nonzero(candidates)
    seen: dict[tuple[Any, ...], int] = {}
    for index, row in zip(indices.to_pylist(), table.take(indices).to_pylist(), strict=True):
        value = tuple(row[name] for name in key)
        if value in seen:
            shown = ", ".join(f"{name}={part!r}" for name, part in zip(key, value, strict=True))
            reason = f"the primary key ({shown}) repeats that of row {seen[value] + 1}; it must be unique"
            raise _invalid(spec, index + 1, key[0], reason)
        seen[value] = index


def write_bulk(
    spec: TableSpec,
    rows: Iterable[Mapping[str, Any]],
    directory: Path,
    *,
    basename: str,
    licence: Mapping[str, str],
    sources: Sequence[Mapping[str, str]] = (),
    homepage: str | None = None,
    description_en: str | None = None,
    description_sv: str | None = None,
    version: str | None = None,
    created: datetime | None = None,
    row_group_size: int = 50_000,
) -> BulkFiles:
    """Write `<basename>.parquet`, `.csv`, `.jsonl.gz` and `datapackage.json` into `directory` in one pass.

    `rows` is read exactly once (a generator over a database cursor is fine). `licence` is a Data Package
    licence (`name` and/or `path`, optionally `title`); `sources` are Data Package sources (`title`, `path`).
    A row that does not match `spec` raises `Invalid` naming the row, the column and the reason, and leaves
    the files already in `directory` untouched. One directory holds one table (its `datapackage.json`).
    """
    if not _BASENAME.match(basename):
        raise ValueError(f"basename {basename!r} must be letters, digits, '.', '_' and '-'.")
    if not licence.get("name") and not licence.get("path"):
        raise ValueError("A licence needs a 'name' (such as 'CC-BY-4.0') or a 'path' (its URL).")
    if row_group_size < 1:
        raise ValueError("row_group_size must be positive.")
    created = created or utcnow()
    if created.utcoffset() is None:
        raise ValueError("created must be timezone-aware.")
    directory.mkdir(parents=True, exist_ok=True)
    finals = {
        "parquet": directory / f"{basename}.parquet",
        "csv": directory / f"{basename}.csv",
        "jsonl": directory / f"{basename}.jsonl.gz",
        "datapackage": directory / DATAPACKAGE,
    }
    temporaries = {fmt: _temporary(final) for fmt, final in finals.items()}
    try:
        row_count = _write_data(spec, rows, temporaries, basename=basename, row_group_size=row_group_size)
        _check_unique_key(spec, temporaries["parquet"])
        files: dict[str, BulkFile] = {}
        for fmt, (mediatype, _) in _FORMATS.items():
            _sync(temporaries[fmt])
            size, digest = _digest(temporaries[fmt])
            files[fmt] = BulkFile(finals[fmt], fmt, mediatype, size, digest)
        descriptor = _descriptor(
            spec,
            files,
            row_count=row_count,
            licence=licence,
            sources=sources,
            homepage=homepage,
            description_en=description_en,
            description_sv=description_sv,
            version=version,
            created=created,
        )
        temporaries["datapackage"].write_bytes(
            json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        )
        _sync(temporaries["datapackage"])
        for fmt in ("parquet", "csv", "jsonl", "datapackage"):
            temporaries[fmt].replace(finals[fmt])
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
    return BulkFiles(
        parquet=files["parquet"],
        csv=files["csv"],
        jsonl=files["jsonl"],
        datapackage=finals["datapackage"],
        row_count=row_count,
        descriptor=descriptor,
    )


class _Worker:
    """A thread that runs one file's writes in order, so they overlap with preparing the next chunk.

    At most one job waits at a time, which bounds memory; a job's exception surfaces at the next call.
    Arrow's writers and zlib release the GIL, so the work really runs alongside the Python code.
    """

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"bulk-{name}")
        self._job: Future[object] | None = None

    def submit(self, function: Callable[..., object], *args: Any) -> None:
        self.wait()
        self._job = self._pool.submit(function, *args)

    def wait(self) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _RowGroups:
    """Collects record batches and writes them to Parquet as row groups of exactly `size` rows."""

    def __init__(self, writer: Any, schema: Any, size: int) -> None:
        self.writer, self.schema, self.size = writer, schema, size
        self.pending: list[Any] = []
        self.rows = 0

    def add(self, batch: Any) -> None:
        self.pending.append(batch)
        self.rows += batch.num_rows
        while self.rows >= self.size:
            table = pa.Table.from_batches(self.pending, schema=self.schema)
            self.writer.write_table(table.slice(0, self.size), row_group_size=self.size)
            rest = table.slice(self.size)
            self.pending, self.rows = rest.to_batches(), rest.num_rows

    def flush(self) -> None:
        if self.rows:
            table = pa.Table.from_batches(self.pending, schema=self.schema)
            self.writer.write_table(table, row_group_size=self.size)
        self.pending, self.rows = [], 0


class _CsvFile:
    """The CSV file, written by Arrow's CSV writer from the Parquet batches.

    Arrow writes booleans as true/false, dates as YYYY-MM-DD and numbers in their shortest form, quotes every
    text cell (RFC 4180 allows it; an empty string is "" and null an empty cell) and doubles inner quotes.
    Datetimes become ISO 8601 text with Z (microseconds only when there are any, like Python's isoformat)
    and lists their items joined with '|'.
    """

    def __init__(self, path: Path, spec: TableSpec) -> None:
        self.datetimes = [i for i, column in enumerate(spec.columns) if column.type == "datetime"]
        self.lists = [i for i, column in enumerate(spec.columns) if column.type == "string[]"]
        self.schema = pa.schema(
            [
                pa.field(
                    column.name,
                    pa.string() if column.type in {"datetime", "string[]"} else column.arrow_type,
                    nullable=not column.required,
                )
                for column in spec.columns
            ]
        )
        options = pacsv.WriteOptions(eol="\r\n", quoting_style="needed")
        self.writer = pacsv.CSVWriter(str(path), self.schema, write_options=options)

    def write(self, batch: Any) -> None:
        arrays = list(batch.columns)
        for i in self.datetimes:
            # Formatted without the time zone (the values are UTC), so no time zone database is needed.
            text = pc.strftime(arrays[i].cast(pa.timestamp("us")), format="%Y-%m-%dT%H:%M:%SZ")
            arrays[i] = pc.replace_substring(text, ".000000Z", "Z")
        for i in self.lists:
            arrays[i] = pc.binary_join(arrays[i], LIST_SEPARATOR)
        self.writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def _write_data(
    spec: TableSpec,
    rows: Iterable[Mapping[str, Any]],
    paths: Mapping[str, Path],
    *,
    basename: str,
    row_group_size: int,
) -> int:
    """Write the three data files in one pass over `rows`; returns the number of rows.

    The main thread checks each chunk and builds its Arrow batch and JSON lines; three worker threads
    write the Parquet row groups, the CSV text and the gzip stream meanwhile.
    """
    chunker = _Chunker(spec)
    schema = spec.arrow_schema()
    arrow_types = [column.arrow_type for column in spec.columns]
    workers = {name: _Worker(name) for name in ("parquet", "csv", "jsonl")}
    row_count = 0
    with ExitStack() as files:
        raw_jsonl = files.enter_context(paths["jsonl"].open("wb"))
        jsonl = files.enter_context(
            gzip.GzipFile(
                filename=f"{basename}.jsonl", mode="wb", fileobj=raw_jsonl, compresslevel=GZIP_LEVEL, mtime=0
            )
        )
        parquet = pq.ParquetWriter(paths["parquet"], schema, compression="zstd", write_statistics=True)
        files.callback(parquet.close)
        row_groups = _RowGroups(parquet, schema, row_group_size)
        csv_file = _CsvFile(paths["csv"], spec)
        files.callback(csv_file.close)
        for worker in workers.values():  # callbacks run last in, first out: threads stop before files close
            files.callback(worker.close)
        for chunk in _chunks(rows, min(CHUNK_ROWS, row_group_size)):
            first_row = row_count + 1
            columns = chunker.columns_of(chunk, first_row)
            row_count += len(chunk)
            del chunk  # the caller's rows can go; the checked columns hold what is needed
            lines = chunker.json_lines(
                columns, first_row
            )  # first: it names a row whose text cannot be encoded
            workers["jsonl"].submit(jsonl.write, lines)
            arrays = [pa.array(values, type=kind) for values, kind in zip(columns, arrow_types, strict=True)]
            batch = pa.RecordBatch.from_arrays(arrays, schema=schema)
            workers["parquet"].submit(row_groups.add, batch)
            workers["csv"].submit(csv_file.write, batch)
        for worker in workers.values():
            worker.wait()
        row_groups.flush()
    return row_count


_FORMATS = {
    "parquet": ("application/vnd.apache.parquet", "Parquet"),
    "csv": ("text/csv", "CSV"),
    "jsonl": ("application/jsonl", "JSON Lines (gzip)"),
}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _descriptor(
    spec: TableSpec,
    files: Mapping[str, BulkFile],
    *,
    row_count: int,
    licence: Mapping[str, str],
    sources: Sequence[Mapping[str, str]],
    homepage: str | None,
    description_en: str | None,
    description_sv: str | None,
    version: str | None,
    created: datetime,
) -> dict[str, Any]:
    """The Data Package (v1, tabular) describing the three files."""
    schema = spec.table_schema()
    resources: list[dict[str, Any]] = []
    for fmt, (mediatype, label) in _FORMATS.items():
        item = files[fmt]
        resource: dict[str, Any] = {
            "name": f"{spec.name}-{fmt}",
            "path": item.path.name,
            "profile": "tabular-data-resource",
            "title": f"{spec.title_en} ({label})",
            "title_sv": f"{spec.title_sv} ({label})",
            "format": fmt,
            "mediatype": mediatype,
        }
        if fmt != "parquet":
            resource["encoding"] = "utf-8"
        if fmt == "csv":
            resource["dialect"] = {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
                "header": True,
            }
        if fmt == "jsonl":
            resource["compression"] = "gz"
        resource["bytes"] = item.bytes
        resource["hash"] = f"sha256:{item.sha256}"
        resource["rowCount"] = row_count
        resource["schema"] = schema
        resources.append(resource)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": spec.name,
        "title": spec.title_en,
        "title_sv": spec.title_sv,
    }
    if description_en:
        package["description"] = description_en
    if description_sv:
        package["description_sv"] = description_sv
    if version:
        package["version"] = version
    if homepage:
        package["homepage"] = homepage
    package["created"] = _iso(created)
    package["licenses"] = [dict(licence)]
    if sources:
        package["sources"] = [dict(source) for source in sources]
    package["rowCount"] = row_count
    package["resources"] = resources
    return package
