"""A small but real OpenID Connect provider for the tests: discovery, /authorize (which approves the
configured person at once), /token (client authentication, single-use codes, PKCE S256), /jwks, and ID
tokens signed with its own RS256 key by joserfc. Knobs let a test make it misbehave (wrong nonce,
audience, key…)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

ISSUER = "https://id.example.test"
CLIENT_ID = "samskapa-test"
CLIENT_SECRET = "a client secret for the tests, long enough for HS256"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key(kid: str = "key-1") -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    claims: dict[str, Any]


@dataclass
class LocalProvider:
    """The provider and its knobs. `claims` are the approved person's (sub, email, email_verified, name)."""

    issuer: str = ISSUER
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    redirect_uris: set[str] = field(default_factory=set)
    claims: dict[str, Any] = field(default_factory=dict)
    key: RSAKey = field(default_factory=new_key)
    # Misbehaviour: sign with another key, sign with "none" or HS256, change ID token claims, refuse.
    signing_key: RSAKey | None = None
    algorithm: str = "RS256"
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    authorize_error: str | None = None
    codes: dict[str, Grant] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app = self._build()
        self.browser = TestClient(self.app, base_url=self.issuer, follow_redirects=False)

    # ---- What the relying party reaches through its transport ----

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that answers every request from this provider's app."""
        client = TestClient(self.app, base_url=self.issuer, follow_redirects=False)

        def handle(request: httpx.Request) -> httpx.Response:
            answer = client.request(
                request.method, str(request.url), headers=dict(request.headers), content=request.content
            )
            headers = {k: v for k, v in answer.headers.items() if k.lower() not in {"content-length"}}
            return httpx.Response(answer.status_code, headers=headers, content=answer.content)

        return httpx.MockTransport(handle)

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            "auth_time": now,
            **grant.claims,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        claims.update(self.id_token_overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        if self.algorithm == "none":
            header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
            return f"{header}.{_b64(json.dumps(claims).encode())}."
        if self.algorithm == "HS256":  # the "algorithm confusion" attack: the client secret as an HMAC key
            secret = OctKey.import_key(self.client_secret.encode())
            return jwt.encode({"alg": "HS256", "kid": self.key.kid}, claims, secret, algorithms=["HS256"])
        key = self.signing_key or self.key
        return jwt.encode({"alg": self.algorithm, "kid": self.key.kid}, claims, key)

    # ---- The app ----

    def _build(self) -> FastAPI:
        app = FastAPI()
        provider = self

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": provider.issuer,
                "authorization_endpoint": f"{provider.issuer}/authorize",
                "token_endpoint": f"{provider.issuer}/token",
                "jwks_uri": f"{provider.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
                "scopes_supported": ["openid", "email", "profile"],
            }

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            return {"keys": [provider.key.as_dict(private=False)]}

        @app.get("/authorize")
        def authorize(request: Request) -> Response:
            query = request.query_params
            redirect_uri = query.get("redirect_uri", "")
            if query.get("client_id") != provider.client_id or redirect_uri not in provider.redirect_uris:
                return JSONResponse({"error": "invalid_request"}, status_code=400)
            state = query.get("state", "")
            if provider.authorize_error is not None:
                params = {
                    "error": provider.authorize_error,
                    "error_description": "The user said no",
                    "state": state,
                }
                return RedirectResponse(f"{redirect_uri}?{urlencode(params)}", status_code=302)
            if (
                query.get("response_type") != "code"
                or "openid" not in query.get("scope", "").split()
                or query.get("code_challenge_method") != "S256"
                or not query.get("code_challenge")
            ):
                params = {"error": "invalid_request", "state": state}
                return RedirectResponse(f"{redirect_uri}?{urlencode(params)}", status_code=302)
            code = secrets.token_urlsafe(24)
            provider.codes[code] = Grant(
                client_id=provider.client_id,
                redirect_uri=redirect_uri,
                code_challenge=query["code_challenge"],
                nonce=query.get("nonce"),
                claims=dict(provider.claims),
            )
            params = {"code": code, "state": state, "iss": provider.issuer}
            return RedirectResponse(f"{redirect_uri}?{urlencode(params)}", status_code=302)

        @app.post("/token")
        async def token(request: Request) -> Response:
            form = {k: str(v) for k, v in (await request.form()).items()}
            provider.token_requests.append(form)
            client_id, secret = form.get("client_id"), form.get("client_secret")
            header = request.headers.get("authorization", "")
            if header.lower().startswith("basic "):
                client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            if client_id != provider.client_id or secret != provider.client_secret:
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            grant = provider.codes.pop(form.get("code", ""), None)
            if form.get("grant_type") != "authorization_code" or grant is None:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            verifier = form.get("code_verifier", "")
            challenge = _b64(hashlib.sha256(verifier.encode()).digest())
            if (
                not verifier
                or challenge != grant.code_challenge
                or form.get("redirect_uri") != grant.redirect_uri
            ):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            return JSONResponse(
                {
                    "access_token": secrets.token_urlsafe(24),
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant),
                },
                headers={"Cache-Control": "no-store"},
            )

        return app
