"""Errors of the enrichment area; the web layer maps them to HTTP (400, 413, 503) in one place."""

from __future__ import annotations

from samskapa.core.errors import Invalid, PayloadTooLarge, Unavailable


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


class EnglishOnly(Invalid):
    code = "english_only"
    title = "English text only"


class SpanTaggerOff(Unavailable):
    code = "span_tagger_off"
    title = "Span tagger not available"
