"""OAuth 2.1 authorization server routes: /oauth/authorize, /oauth/token, /oauth/revoke, /oauth/jwks.json,
the RFC 8414 metadata, and client registration for organisations (/v1/organisations/{org}/oauth-clients).

The consent screen is the vault's: a valid authorization request from a signed-in person is kept as a
pending request and the browser goes on to /me/consent/{id}."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service, tokens
from samskapa.accounts.oauth.schemas import (
    GRANT_TYPES,
    PURPOSES,
    SCOPES,
    TOKEN_ENDPOINT_AUTH_METHODS,
    ClientIn,
    ClientOut,
)
from samskapa.accounts.oauth.server import HttpRequest, HttpResponse, SamskapaAuthorizationServer
from samskapa.config import Settings
from samskapa.keys import PlatformKeys
from samskapa.web.deps import (
    CurrentClient,
    DbSession,
    OptionalPerson,
    PostedForm,
    SettingsDep,
    sign_in_redirect,
)
from samskapa.web.templating import render

router = APIRouter(tags=["oauth"])

AUTHORIZE_PATH = "/oauth/authorize"
TOKEN_PATH = "/oauth/token"  # noqa: S105 - a path
REVOKE_PATH = "/oauth/revoke"
JWKS_PATH = "/oauth/jwks.json"
CONSENT_PATH = "/me/consent/{request_id}"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _keys(request: Request) -> PlatformKeys:
    keys: PlatformKeys = request.app.state.keys
    return keys


def _server(request: Request, session: DbSession, settings: Settings) -> SamskapaAuthorizationServer:
    return SamskapaAuthorizationServer(session, keys=_keys(request), settings=settings)


def _plain(request: Request, form: FormData | None = None) -> HttpRequest:
    return HttpRequest(
        method=request.method,
        path=request.url.path,
        headers=dict(request.headers),
        query=list(request.query_params.multi_items()),
        form=[(key, value) for key, value in form.multi_items() if isinstance(value, str)] if form else [],
    )


def _json(response: HttpResponse) -> Response:
    headers = {name: value for name, value in response.headers if name.lower() != "content-type"}
    headers.update(NO_STORE)
    return JSONResponse(response.body or {}, status_code=response.status, headers=headers)


@router.get(AUTHORIZE_PATH, include_in_schema=False)
def authorize(
    request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson
) -> Response:
    """Validate the authorization request; a signed-in person goes on to the vault's consent screen."""
    check = _server(request, session, settings).check_authorization_request(_plain(request))
    if check.error is not None:
        if check.redirect is not None:
            return RedirectResponse(check.redirect, status_code=303)
        # An unknown client or a redirect URI that is not registered exactly: never redirect (RFC 6749
        # §4.1.2.1, RFC 9700 §4.1), tell the person instead.
        return render(
            request,
            "oauth_error.html",
            {"error": check.error, "description": check.error_description or ""},
            status=400,
            headers={"Cache-Control": "no-store"},
        )
    if person is None:
        return sign_in_redirect(request)
    request_id = service.create_pending_request(
        session, check=check, person_id=person.person_id, settings=settings
    )
    return RedirectResponse(CONSENT_PATH.format(request_id=request_id), status_code=303)


@router.post(TOKEN_PATH, summary="OAuth token endpoint (RFC 6749 §3.2)")
def token(request: Request, form: PostedForm, session: DbSession, settings: SettingsDep) -> Response:
    """Authorization code (with PKCE), refresh token (rotated) and client credentials grants. Errors are
    RFC 6749 JSON (`{"error": "invalid_grant", …}`); nothing is cached."""
    return _json(_server(request, session, settings).token_response(_plain(request, form)))


@router.post(REVOKE_PATH, summary="OAuth token revocation (RFC 7009)")
def revoke(request: Request, form: PostedForm, session: DbSession, settings: SettingsDep) -> Response:
    """Revoke a refresh or access token and the grant it belongs to."""
    return _json(_server(request, session, settings).revocation_response(_plain(request, form)))


@router.get(JWKS_PATH, summary="The platform's public signing keys (JWKS)")
def jwks(request: Request) -> JSONResponse:
    return JSONResponse(tokens.jwks(_keys(request)), headers={"Cache-Control": "public, max-age=3600"})


def metadata_document(settings: Settings) -> dict[str, Any]:
    """The RFC 8414 authorization server metadata."""
    base = tokens.issuer(settings)
    return {
        "issuer": base,
        "authorization_endpoint": base + AUTHORIZE_PATH,
        "token_endpoint": base + TOKEN_PATH,
        "revocation_endpoint": base + REVOKE_PATH,
        "jwks_uri": base + JWKS_PATH,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": list(GRANT_TYPES),
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": list(TOKEN_ENDPOINT_AUTH_METHODS),
        "revocation_endpoint_auth_methods_supported": list(TOKEN_ENDPOINT_AUTH_METHODS),
        "scopes_supported": list(SCOPES),
        "authorization_response_iss_parameter_supported": True,
        "access_token_signing_alg_values_supported": [tokens.ALGORITHM],
        "service_documentation": base + "/docs",
        "samskapa_purposes_supported": {
            code: {"sv": purpose.label_sv, "en": purpose.label_en, "dpv": purpose.dpv}
            for code, purpose in PURPOSES.items()
        },
    }


@router.get(
    "/.well-known/oauth-authorization-server", summary="OAuth authorization server metadata (RFC 8414)"
)
def metadata(settings: SettingsDep) -> JSONResponse:
    return JSONResponse(metadata_document(settings), headers={"Cache-Control": "public, max-age=3600"})


@router.post(
    "/v1/organisations/{org}/oauth-clients",
    response_model=ClientOut,
    status_code=201,
    tags=["organisations"],
    summary="Register an OAuth client of your organisation (the secret is shown once)",
)
def register_client(org: str, data: ClientIn, principal: CurrentClient, session: DbSession) -> ClientOut:
    organisation = accounts.get_organisation(session, key=org)
    principal.require_organisation(organisation.id)
    client, secret = service.register_client(
        session,
        organisation=organisation,
        name=data.name,
        redirect_uris=data.redirect_uris,
        purpose=data.purpose,
        categories=data.categories,
        retention_days=data.retention_days,
        confidential=data.confidential,
        open_data=data.open_data,
        requests_per_minute=data.requests_per_minute,
    )
    return ClientOut(
        client_id=client.id,
        organisation=organisation.name,
        name=client.name,
        redirect_uris=client.redirect_uris.split(),
        purpose=client.purpose,
        scopes=client.scopes.split(),
        grant_types=client.grant_types.split(),
        retention_days=client.retention_days,
        token_endpoint_auth_method=client.token_endpoint_auth_method,
        client_secret=secret,
    )
