"""Errors of the taxonomy area, each with a stable code."""

from __future__ import annotations

from samskapa.core.errors import Invalid, NotFound


class ConceptNotFound(NotFound):
    code = "concept_not_found"
    title = "Concept not found"


class VersionNotFound(NotFound):
    code = "taxonomy_version_not_found"
    title = "Taxonomy version not found"


class InvalidTaxonomyQuery(Invalid):
    code = "invalid_taxonomy_query"
    title = "Invalid taxonomy query"


class TaxonomyNotLoaded(NotFound):
    code = "taxonomy_not_loaded"
    title = "The taxonomy is not loaded"


class SourceError(Invalid):
    """A source file is malformed, truncated or inconsistent. Names the file, the line and the reason."""

    code = "taxonomy_source_invalid"
    title = "Invalid taxonomy source"

    def __init__(self, *, file: str, line: int | None, reason: str) -> None:
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(
            message=f"{where}: {reason}",
            hint="Fix or replace the file and load again; the database was left unchanged.",
            extra={"file": file, "line": line, "reason": reason},
        )
        self.file = file
        self.line = line
        self.reason = reason
