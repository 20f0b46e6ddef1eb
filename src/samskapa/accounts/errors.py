"""Errors of the accounts area."""

from __future__ import annotations

from samskapa.core.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthenticated


class OrganisationNotFound(NotFound):
    code = "organisation_not_found"
    title = "Organisation not found"


class PersonNotFound(NotFound):
    code = "person_not_found"
    title = "Person not found"


class OrganisationExists(Conflict):
    code = "organisation_exists"
    title = "Organisation exists"


class InvalidAccountInput(Invalid):
    code = "invalid_account_input"
    title = "Invalid input"


class InvalidApiKey(Unauthenticated):
    code = "invalid_api_key"
    title = "Invalid API key"


class MissingApiKey(Unauthenticated):
    code = "api_key_required"
    title = "API key required"


class MissingScope(Forbidden):
    code = "missing_scope"
    title = "Missing scope"


class NotYourOrganisation(Forbidden):
    code = "not_your_organisation"
    title = "Not your organisation"


class RateLimited(TooManyRequests):
    code = "rate_limited"
    title = "Too many requests"
