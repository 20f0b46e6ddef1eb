"""Errors of the OAuth authorization server."""

from __future__ import annotations

from samskapa.core.errors import Invalid, NotFound, Unauthenticated


class OAuthClientNotFound(NotFound):
    code = "oauth_client_not_found"
    title = "OAuth client not found"


class AuthorizationRequestNotFound(NotFound):
    code = "authorization_request_not_found"
    title = "Authorization request not found"


class InvalidClientRegistration(Invalid):
    code = "invalid_client_registration"
    title = "Invalid client registration"


class InvalidConsent(Invalid):
    code = "invalid_consent"
    title = "Invalid consent"


class InvalidAccessToken(Unauthenticated):
    code = "invalid_access_token"
    title = "Invalid access token"
