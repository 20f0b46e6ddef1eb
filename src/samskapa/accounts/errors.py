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


class InvalidLogin(Unauthenticated):
    code = "invalid_login"
    title = "Wrong email or password"


class LoginThrottled(TooManyRequests):
    code = "login_throttled"
    title = "Too many sign-in attempts"


class SignInRequired(Unauthenticated):
    code = "sign_in_required"
    title = "Sign-in required"


class CsrfTokenInvalid(Forbidden):
    code = "csrf_token_invalid"
    title = "Form expired or not sent from this site"


class NotAnEditor(Forbidden):
    code = "not_an_editor"
    title = "Not an editor of this organisation"
