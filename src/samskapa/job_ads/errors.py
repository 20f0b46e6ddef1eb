"""Typed errors of the job-ads area."""

from __future__ import annotations

from samskapa.core.errors import Invalid, NotFound


class AdNotFound(NotFound):
    code = "ad_not_found"
    title = "Job ad not found"


class InvalidAdQuery(Invalid):
    code = "invalid_ad_query"
    title = "Invalid job-ad search"


class InvalidBatch(Invalid):
    code = "invalid_batch"
    title = "Invalid batch file"
