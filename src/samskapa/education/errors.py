"""Typed errors of the education area."""

from __future__ import annotations

from samskapa.core.errors import Invalid, NotFound


class OpportunityNotFound(NotFound):
    code = "opportunity_not_found"
    title = "Education offering not found"


class InvalidEducationQuery(Invalid):
    code = "invalid_education_query"
    title = "Invalid education search"
