"""Errors of the accounts area."""

from __future__ import annotations

from samskapa.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooManyRequests,
    Unauthenticated,
    Unavailable,
)


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


class EmailTaken(Conflict):
    code = "email_taken"
    title = "Email address already has an account"


class SignUpThrottled(TooManyRequests):
    code = "sign_up_throttled"
    title = "Too many new accounts"


class ExternalSignInFailed(Invalid):
    """An OpenID Connect sign-in that cannot be trusted: provider error, bad state, bad or expired token."""

    code = "external_sign_in_failed"
    title = "Sign-in with the provider failed"


class ProviderUnavailable(Unavailable):
    status = 502
    code = "provider_unavailable"
    title = "The sign-in provider did not answer"


class UnknownProvider(NotFound):
    code = "unknown_provider"
    title = "Unknown sign-in provider"
