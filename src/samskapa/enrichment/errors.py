"""Errors of the enrichment area; the web layer maps them to HTTP (400, 413) in one place."""

from __future__ import annotations

from samskapa.core.errors import Invalid, PayloadTooLarge


class EmptyText(Invalid):
    code = "empty_text"
    title = "Empty text"


class TextTooLarge(PayloadTooLarge):
    code = "text_too_large"
    title = "Text too large"


class BinaryText(Invalid):
    code = "binary_text"
    title = "Not text"


class UnknownLanguage(Invalid):
    code = "unknown_language"
    title = "Unknown language"


class InvalidBatch(Invalid):
    code = "invalid_batch"
    title = "Invalid batch"
