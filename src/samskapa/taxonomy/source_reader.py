"""Reading source files (CSV or JSON, plain or gzip) with errors that name the file, line and reason."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from samskapa.taxonomy.errors import SourceError

SOURCE_SUFFIXES = (".gz", "")


def find_source(directory: Path, name: str) -> Path:
    """The file `name` in `directory`, gzip-compressed or plain."""
    for suffix in SOURCE_SUFFIXES:
        candidate = directory / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    raise SourceError(file=f"{directory.name}/{name}", line=None, reason="the file is missing")


def source_digest(directory: Path) -> str:
    """A SHA-256 over every source file's relative name and bytes: equal digests mean equal sources."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.endswith(".md")):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(_decompressed_bytes(path, path.relative_to(directory).as_posix()))
    return digest.hexdigest()


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _decompressed_bytes(path: Path, display: str) -> bytes:
    raw = path.read_bytes()
    if not path.name.endswith(".gz"):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        # A truncated gzip stream still holds the lines before the cut: report where it ends.
        partial = _readable_prefix(raw)
        line = partial.count(b"\n") + 1
        raise SourceError(
            file=display, line=line, reason=f"the file is truncated or corrupt ({exc})"
        ) from exc


def _readable_prefix(raw: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        return decompressor.decompress(raw)
    except zlib.error:
        return b""


def _text(path: Path) -> str:
    display = _display(path)
    data = _decompressed_bytes(path, display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(file=display, line=line, reason="the file is not valid UTF-8") from exc


def read_csv(
    directory: Path, name: str, *, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV source with the line each row starts on; checks the header and required cells."""
    path = find_source(directory, name)
    display = _display(path)
    reader = csv.DictReader(io.StringIO(_text(path), newline=""), strict=True)
    header = reader.fieldnames or []
    missing = [column for column in required if column not in header]
    if missing:
        raise SourceError(file=display, line=1, reason=f"missing column(s) {', '.join(missing)}")
    start = 2
    try:
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                raise SourceError(
                    file=display,
                    line=start,
                    reason=f"expected {len(header)} fields, the row has a different count",
                )
            for column in required:
                if not row[column].strip():
                    raise SourceError(file=display, line=start, reason=f"empty value in column '{column}'")
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SourceError(file=display, line=start, reason=f"malformed CSV ({exc})") from exc


def read_concepts_json(directory: Path, name: str) -> tuple[str, list[dict[str, Any]]]:
    """The concept list of a JobTech taxonomy JSON file (`{"data": {"concepts": [...]}}`)."""
    path = find_source(directory, name)
    display = _display(path)
    try:
        document = json.loads(_text(path))
    except json.JSONDecodeError as exc:
        raise SourceError(file=display, line=exc.lineno, reason=f"malformed JSON ({exc.msg})") from exc
    concepts = document.get("data", {}).get("concepts") if isinstance(document, dict) else None
    if not isinstance(concepts, list):
        raise SourceError(file=display, line=1, reason='expected an object {"data": {"concepts": [...]}}')
    return display, concepts


def require(display: str, item: dict[str, Any], where: str, *keys: str) -> None:
    """Fail with the JSON location when a concept lacks one of `keys`."""
    for key in keys:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise SourceError(file=display, line=None, reason=f"{where}: missing '{key}'")
