"""The citizen's own API (/v1/me/...) and the services' API (/v1/people/{pairwise id}/...).

The person's routes read the session cookie; every state-changing one also wants the session's CSRF token in
`X-CSRF-Token` (`GET /v1/me/session` tells it). Every id is looked up within the signed-in person's own
data, so another person's id is simply not found (404).

The services' routes take an OAuth access token (`Authorization: Bearer`). Every read goes through
`service.release`, which decides and writes the access-log entry; the session is committed before anything
is sent, so a read whose log entry could not be stored is never released (503, fail closed), and a denial
is logged before the 403 goes out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth.errors import InvalidAccessToken
from samskapa.accounts.oauth.models import OAuthClient
from samskapa.accounts.oauth.schemas import PURPOSES, category_of, scope_of
from samskapa.accounts.service import SignedIn
from samskapa.core.errors import FieldError
from samskapa.keys import PlatformKeys
from samskapa.vault import credentials, service
from samskapa.vault.errors import (
    AccessDenied,
    AccessTokenRequired,
    CredentialRejected,
    InsufficientScope,
    InvalidVaultInput,
    VaultItemNotFound,
    VaultUnavailable,
)
from samskapa.vault.policy import ReadRequest
from samskapa.vault.schemas import (
    ERASE_CONFIRMATION,
    PROFILE_SCHEMAS,
    AccessLogPage,
    AuthorisationOut,
    CredentialOut,
    ErasureIn,
    ErasureOut,
    ItemOut,
    ProfileOut,
    ReleaseOut,
    RestrictionIn,
    RestrictionOut,
    SessionOut,
)
from samskapa.vault.service import VaultKeys
from samskapa.vault.trust import load_trust_list, trust_list_path
from samskapa.vault.vocabulary import PROFILE_CATEGORIES
from samskapa.web.deps import (
    SESSION_COOKIE,
    ApiLang,
    CheckedPerson,
    CurrentPerson,
    DbSession,
    SettingsDep,
    WriteSession,
    split_values,
)
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(route_class=StrictQueryRoute)

ID_MAX_LENGTH: Final = 64
PLACEHOLDER_CONTROLLER_EMAIL: Final = "privacy-contact-unknown@invalid"
REALM: Final = 'Bearer realm="samskapa"'
NO_STORE: Final = {"Cache-Control": "no-store"}

ItemId = Annotated[str, Path(min_length=1, max_length=ID_MAX_LENGTH, description="The item's id.")]
AuthorisationId = Annotated[
    str, Path(min_length=1, max_length=ID_MAX_LENGTH, description="The authorisation's id.")
]
Subject = Annotated[
    str,
    Path(
        min_length=1,
        max_length=128,
        description="The person's pairwise id towards the service's organisation (the token's `sub`).",
    ),
]


# --- dependencies ------------------------------------------------------------------------------------------


def get_vault_keys(request: Request) -> VaultKeys:
    """The vault's view of the platform keys (`app.state.keys`)."""
    keys: PlatformKeys = request.app.state.keys
    return service.vault_keys(keys)


def get_trust_list(request: Request, settings: SettingsDep) -> credentials.TrustList:
    """The trust list of credential issuers, read once per app (re-read when the setting's path changes)."""
    state = request.app.state
    path = trust_list_path(settings)
    cached: tuple[Any, credentials.TrustList] | None = getattr(state, "vault_trust_list", None)
    if cached is None or cached[0] != path:
        cached = (path, load_trust_list(settings))
        state.vault_trust_list = cached
    return cached[1]


async def get_credential_body(request: Request) -> bytes:
    """The raw request body, read up to the credential size limit (413 beyond it, without reading it all)."""
    limit = credentials.DEFAULT_MAX_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise credentials.CredentialTooLarge(
            f"The credential is {int(declared)} bytes; the limit is {limit} bytes.",
            hint="Import the credential itself, not a presentation or a bundle of them.",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise credentials.CredentialTooLarge(
                f"The credential is more than {limit} bytes; the limit is {limit} bytes.",
                hint="Import the credential itself, not a presentation or a bundle of them.",
            )
        chunks.append(chunk)
    return b"".join(chunks)


Keys = Annotated[VaultKeys, Depends(get_vault_keys)]
Trust = Annotated[credentials.TrustList, Depends(get_trust_list)]
CredentialBody = Annotated[bytes, Depends(get_credential_body)]
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="AccessToken",
    description="An OAuth access token the person granted (authorization code flow at /oauth/authorize).",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def _profile_body_schema() -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {**model.model_json_schema(), "title": f"{category} item"}
                            for category, model in PROFILE_SCHEMAS.items()
                        ]
                    }
                }
            },
        }
    }


ProfileBody = Annotated[
    dict[str, Any],
    Body(description="The item, by the schema of its category: SkillIn, EducationIn or ExperienceIn."),
]


# --- the person's own API: session and profile -------------------------------------------------------------


@router.get("/v1/me/session", response_model=SessionOut, tags=["me"], summary="Who is signed in")
def my_session(person: CurrentPerson, response: Response) -> SessionOut:
    response.headers.update(NO_STORE)
    return SessionOut(name=person.name, email=person.email, csrf_token=person.csrf_token)


@router.get("/v1/me/profile", response_model=ProfileOut, tags=["me"], summary="My profile")
def my_profile(person: CurrentPerson, session: DbSession, keys: Keys) -> ProfileOut:
    items = service.my_items(session, person_id=person.person_id, categories=PROFILE_CATEGORIES, keys=keys)
    return ProfileOut(**items)


@router.post(
    "/v1/me/profile/{category}",
    response_model=ItemOut,
    status_code=201,
    tags=["me"],
    summary="Add a skill, an education record or an experience",
    openapi_extra=_profile_body_schema(),
)
def add_profile_item(
    category: Literal["skills", "education", "experience"],
    data: ProfileBody,
    person: CheckedPerson,
    session: DbSession,
    keys: Keys,
) -> ItemOut:
    return service.add_item(session, person_id=person.person_id, category=category, data=data, keys=keys)


def _require_own(
    session: Session, person: SignedIn, item_id: str, categories: tuple[str, ...], keys: VaultKeys
) -> None:
    """The item is the person's and of one of `categories` (a credential is not a profile item)."""
    items = service.my_items(session, person_id=person.person_id, categories=categories, keys=keys)
    if not any(item.id == item_id for found in items.values() for item in found):
        raise VaultItemNotFound(f"You have no such item '{item_id}'.", hint="List your items first.")


@router.put(
    "/v1/me/profile/items/{item_id}",
    response_model=ItemOut,
    tags=["me"],
    summary="Change a profile item",
    openapi_extra=_profile_body_schema(),
)
def update_profile_item(
    item_id: ItemId, data: ProfileBody, person: CheckedPerson, session: DbSession, keys: Keys
) -> ItemOut:
    _require_own(session, person, item_id, PROFILE_CATEGORIES, keys)
    return service.update_item(session, person_id=person.person_id, item_id=item_id, data=data, keys=keys)


@router.delete(
    "/v1/me/profile/items/{item_id}", status_code=204, tags=["me"], summary="Remove a profile item"
)
def remove_profile_item(item_id: ItemId, person: CheckedPerson, session: DbSession, keys: Keys) -> Response:
    _require_own(session, person, item_id, PROFILE_CATEGORIES, keys)
    service.remove_item(session, person_id=person.person_id, item_id=item_id)
    return Response(status_code=204)


# --- credentials -------------------------------------------------------------------------------------------


def _credential_out(item: ItemOut) -> CredentialOut:
    verification: dict[str, Any] = item.content.get("verification", {})
    return CredentialOut(
        id=item.id,
        status=verification.get("status", "unsigned"),
        reasons=verification.get("reasons", []),
        issuer=verification.get("issuer"),
        types=verification.get("types", []),
        verified_at=verification.get("verified_at", item.created_at),
        credential=item.content.get("credential", {}),
        verification=verification,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


@router.get("/v1/me/credentials", response_model=list[CredentialOut], tags=["me"], summary="My credentials")
def my_credentials(person: CurrentPerson, session: DbSession, keys: Keys) -> list[CredentialOut]:
    items = service.my_items(session, person_id=person.person_id, categories=["credentials"], keys=keys)
    return [_credential_out(item) for item in items["credentials"]]


@router.post(
    "/v1/me/credentials",
    response_model=CredentialOut,
    status_code=201,
    tags=["me"],
    summary="Import a verifiable credential (W3C VC 2.0)",
    description=(
        "The body is the credential itself (JSON, at most 256 KiB). It is verified (data model, validity "
        "period, Data Integrity proof, issuer on the trust list) and kept with the result: `valid`, "
        "`untrusted` (signed, but by an issuer not on the trust list) or `unsigned`. An `invalid` "
        "credential is refused with the reasons."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "title": "VerifiableCredential"}}},
        }
    },
    responses={413: {"description": "The credential is too large or too complex to verify."}},
)
def import_credential(
    body: CredentialBody, person: CheckedPerson, session: DbSession, keys: Keys, trust: Trust
) -> CredentialOut:
    at = datetime.now(UTC)
    checked = credentials.verify_credential(body, trust=trust, now=at)
    if checked.status == "invalid":
        raise CredentialRejected(
            "The credential is not valid: " + "; ".join(checked.reasons),
            hint="Import the credential exactly as its issuer gave it to you.",
            field_errors=[FieldError("credential", reason) for reason in checked.reasons],
            extra={"status": checked.status, "reasons": checked.reasons},
        )
    verification = {
        "status": checked.status,
        "reasons": checked.reasons,
        "issuer": checked.issuer,
        "types": checked.types,
        "cryptosuite": checked.cryptosuite,
        "verification_method": checked.verification_method,
        "valid_from": checked.valid_from.isoformat() if checked.valid_from else None,
        "valid_until": checked.valid_until.isoformat() if checked.valid_until else None,
        "verified_at": at.isoformat(),
    }
    item = service.add_credential(
        session,
        person_id=person.person_id,
        document=checked.document or {},
        verification=verification,
        keys=keys,
    )
    return _credential_out(item)


@router.delete("/v1/me/credentials/{item_id}", status_code=204, tags=["me"], summary="Remove a credential")
def remove_credential(item_id: ItemId, person: CheckedPerson, session: DbSession, keys: Keys) -> Response:
    _require_own(session, person, item_id, ("credentials",), keys)
    service.remove_item(session, person_id=person.person_id, item_id=item_id)
    return Response(status_code=204)


# --- authorisations ----------------------------------------------------------------------------------------


@router.get(
    "/v1/me/authorisations",
    response_model=list[AuthorisationOut],
    tags=["me"],
    summary="The authorisations I have given, with their signed receipts",
)
def my_authorisations(person: CurrentPerson, session: DbSession) -> list[AuthorisationOut]:
    return service.my_authorisations(session, person_id=person.person_id)


@router.get(
    "/v1/me/authorisations/{authorisation_id}",
    response_model=AuthorisationOut,
    tags=["me"],
    summary="One authorisation",
)
def my_authorisation(
    authorisation_id: AuthorisationId, person: CurrentPerson, session: DbSession
) -> AuthorisationOut:
    return service.my_authorisation(session, person_id=person.person_id, authorisation_id=authorisation_id)


@router.post(
    "/v1/me/authorisations/{authorisation_id}/withdraw",
    response_model=AuthorisationOut,
    tags=["me"],
    summary="Withdraw an authorisation: the service's very next read is refused",
)
def withdraw_authorisation(
    authorisation_id: AuthorisationId, person: CheckedPerson, session: WriteSession, keys: Keys
) -> AuthorisationOut:
    withdrawn = service.withdraw(
        session, person_id=person.person_id, authorisation_id=authorisation_id, keys=keys
    )
    out = service.authorisation_out(session, withdrawn)
    session.commit()  # durable before the person is told it is done
    return out


@router.get(
    "/v1/me/authorisations/{authorisation_id}/receipt",
    tags=["me"],
    summary="The authorisation as a Kantara Consent Receipt 1.1",
    response_class=JSONResponse,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def authorisation_receipt(
    authorisation_id: AuthorisationId,
    person: CurrentPerson,
    session: DbSession,
    settings: SettingsDep,
    lang: ApiLang = "sv",
) -> JSONResponse:
    mine = service.my_authorisation(session, person_id=person.person_id, authorisation_id=authorisation_id)
    labels = {
        code: (purpose.label_sv if lang == "sv" else purpose.label_en) for code, purpose in PURPOSES.items()
    }
    organisation = session.get(Organisation, mine.organisation_id)
    email = organisation.email if organisation is not None and organisation.email else None
    receipt = service.kantara_receipt(
        session,
        person_id=person.person_id,
        authorisation_id=authorisation_id,
        purpose_labels=labels,
        policy_url=settings.base_url.rstrip("/") + "/privacy",
        controller_email=email or PLACEHOLDER_CONTROLLER_EMAIL,
        language=lang,
    )
    return JSONResponse(receipt, headers=NO_STORE)


@router.get(
    "/v1/me/authorisations/{authorisation_id}/record",
    tags=["me"],
    summary="The authorisation and its history as a W3C DPV record (JSON-LD)",
    response_class=JSONResponse,
    responses={200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}}},
)
def authorisation_record(
    authorisation_id: AuthorisationId, person: CurrentPerson, session: DbSession
) -> JSONResponse:
    record = service.dpv_record(session, person_id=person.person_id, authorisation_id=authorisation_id)
    return JSONResponse(record, media_type="application/ld+json", headers=NO_STORE)


# --- the access log and my rights ------------------------------------------------------------------------


@router.get("/v1/me/access-log", response_model=AccessLogPage, tags=["me"], summary="Who read my data")
def my_access_log(
    person: CurrentPerson,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500, description="Entries per page.")] = 100,
    before: Annotated[
        int | None, Query(ge=1, description="Only entries older than this `seq` (the `next_before`).")
    ] = None,
) -> AccessLogPage:
    entries = service.my_access_log(session, person_id=person.person_id, limit=limit, before=before)
    return AccessLogPage(
        entries=entries, next_before=entries[-1].seq if len(entries) == limit and entries else None
    )


@router.get(
    "/v1/me/export",
    tags=["me"],
    summary="Everything the vault holds about me (data portability), as a JSON download",
    response_class=JSONResponse,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def export(person: CurrentPerson, session: WriteSession, keys: Keys) -> JSONResponse:
    document = service.export(session, person_id=person.person_id, keys=keys)
    session.commit()  # the export's own log entry is stored before the data leaves
    filename = f"samskapa-export-{datetime.now(UTC):%Y%m%d}.json"
    return JSONResponse(
        document, headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.put(
    "/v1/me/restriction",
    response_model=RestrictionOut,
    tags=["me"],
    summary="Restrict all processing of my data (or lift the restriction)",
)
def restrict(body: RestrictionIn, person: CheckedPerson, session: WriteSession, keys: Keys) -> RestrictionOut:
    restricted = service.restrict(session, person_id=person.person_id, restricted=body.restricted, keys=keys)
    session.commit()
    return RestrictionOut(restricted=restricted)


@router.post(
    "/v1/me/erasure",
    response_model=ErasureOut,
    tags=["me"],
    summary="Erase my data: revoke every authorisation, destroy my data key, scrub my account; signs me out",
)
def erase(
    body: ErasureIn,
    person: CheckedPerson,
    session: WriteSession,
    settings: SettingsDep,
    keys: Keys,
) -> JSONResponse:
    if body.confirm != ERASE_CONFIRMATION:
        raise InvalidVaultInput(
            "Erasure must be confirmed.",
            hint=f'Send {{"confirm": "{ERASE_CONFIRMATION}"}}. It cannot be undone.',
            field_errors=[FieldError("confirm", f'must be "{ERASE_CONFIRMATION}"')],
        )
    mine = service.my_authorisations(session, person_id=person.person_id)
    in_force = [a.id for a in mine if a.state == "given"]
    shredded = service.erase(session, person_id=person.person_id, keys=keys)
    session.commit()  # durable before the person is told it is done
    summary = ErasureOut(
        erased=True,
        items_shredded=shredded,
        authorisations_revoked=len(in_force),
        signed_out=True,
    )
    response = JSONResponse(summary.model_dump(), headers=NO_STORE)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.base_url.startswith("https://"),
    )
    return response


# --- the services' API: release under an access token -----------------------------------------------------


def _categories(values: list[str], allowed: tuple[str, ...]) -> list[str]:
    asked = split_values(values, unique=True)
    unknown = [value for value in asked if value not in allowed]
    if unknown:
        raise InvalidVaultInput(
            f"Unknown categories: {', '.join(unknown)}.",
            hint=f"Ask for some of: {', '.join(allowed)}.",
            field_errors=[FieldError("categories", f"one or more of {', '.join(allowed)}")],
        )
    return asked


def _insufficient(categories: list[str]) -> InsufficientScope:
    scope = " ".join(scope_of(category) for category in categories)
    return InsufficientScope(
        f"The access token does not cover: {', '.join(categories) or 'any of these categories'}.",
        hint="Ask the person for these categories at /oauth/authorize.",
        headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'},
    )


def _release(
    request: Request,
    session: Session,
    *,
    bearer: HTTPAuthorizationCredentials | None,
    subject: str,
    asked: list[str],
    allowed: tuple[str, ...],
    purpose: str | None,
) -> Response:
    """Verify the token, check its scopes, release through the vault, commit, and only then answer."""
    if bearer is None or not bearer.credentials.strip():
        raise AccessTokenRequired(
            "This request needs an access token the person granted.",
            hint="Send it as 'Authorization: Bearer <access token>' (from /oauth/token).",
            headers={"WWW-Authenticate": REALM},
        )
    platform_keys: PlatformKeys = request.app.state.keys
    claims = oauth.verify_access_token(
        bearer.credentials.strip(), keys=platform_keys, settings=request.app.state.settings
    )
    client = session.get(OAuthClient, claims.client_id)
    if client is None or client.revoked_at is not None or client.organisation_id != claims.organisation_id:
        raise InvalidAccessToken(
            "The client of this access token no longer exists.",
            headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
        )
    granted = [c for c in (category_of(scope) for scope in sorted(claims.scopes)) if c in allowed]
    categories = asked or [c for c in allowed if c in granted]
    missing = [c for c in categories if c not in granted]
    if missing or not categories:
        raise _insufficient(missing or list(allowed))
    found = (
        service.authorisation_for_token(session, authorisation_id=claims.authorisation_id)
        if claims.authorisation_id is not None
        else None
    )
    if purpose is None and found is not None:
        purposes: list[str] = json.loads(found.purposes)
        if len(purposes) > 1:
            raise InvalidVaultInput(
                "This authorisation is for several purposes; say which one this read is for.",
                field_errors=[FieldError("purpose", f"one of {', '.join(purposes)}")],
            )
        purpose = purposes[0] if purposes else None
    read_subject = subject
    if subject != claims.subject and found is not None and found.subject == subject:
        read_subject = claims.subject  # a token at odds with its own authorisation: refused as wrong_subject
    keys = get_vault_keys(request)
    outcome = service.release(
        session,
        authorisation_id=claims.authorisation_id,
        request=ReadRequest(
            client_id=claims.client_id,
            subject=read_subject,
            purpose=purpose or "",
            categories=frozenset(categories),
            operation="read",
        ),
        accessor_name=client.name,
        keys=keys,
    )
    try:
        session.commit()  # the log entry is stored before anything is sent (fail closed)
    except SQLAlchemyError as error:
        session.rollback()
        raise VaultUnavailable(
            "The vault could not store the access log entry, so nothing was released.",
            hint="Try again later.",
        ) from error
    if not outcome.allowed or subject != claims.subject:
        reason = outcome.decision.reason if not outcome.allowed else "wrong_subject"
        raise AccessDenied(
            f"The authorisation does not cover this read: {reason}.",
            hint="Ask the person again; they can see every read, and every refusal, in their access log.",
            extra={"reason": reason},
        )
    return Response(content=outcome.body, media_type="application/json", headers=NO_STORE)


_READ_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    200: {"model": ReleaseOut, "description": "The granted categories asked for."},
    401: {"description": "No or an invalid access token (WWW-Authenticate: Bearer)."},
    403: {"description": "Not covered by the authorisation (withdrawn, restricted, erased…) or the scope."},
    503: {"description": "The access log could not be written, so nothing was released."},
}


@router.get(
    "/v1/people/{subject}/profile",
    tags=["people"],
    summary="A person's profile, as far as they authorised this service",
    response_class=Response,
    responses=_READ_RESPONSES,
)
def person_profile(
    subject: Subject,
    request: Request,
    session: WriteSession,
    bearer: Bearer,
    categories: Annotated[
        list[str],
        Query(description="skills, education, experience (comma-separated); default: the token's scopes."),
    ] = [],  # noqa: B006 - FastAPI copies defaults
    purpose: Annotated[
        str | None,
        Query(max_length=100, description="The purpose of this read; default: the authorisation's."),
    ] = None,
) -> Response:
    asked = _categories(categories, PROFILE_CATEGORIES)
    return _release(
        request,
        session,
        bearer=bearer,
        subject=subject,
        asked=asked,
        allowed=PROFILE_CATEGORIES,
        purpose=purpose,
    )


@router.get(
    "/v1/people/{subject}/credentials",
    tags=["people"],
    summary="A person's verifiable credentials, as far as they authorised this service",
    response_class=Response,
    responses=_READ_RESPONSES,
)
def person_credentials(
    subject: Subject,
    request: Request,
    session: WriteSession,
    bearer: Bearer,
    purpose: Annotated[
        str | None,
        Query(max_length=100, description="The purpose of this read; default: the authorisation's."),
    ] = None,
) -> Response:
    return _release(
        request,
        session,
        bearer=bearer,
        subject=subject,
        asked=["credentials"],
        allowed=("credentials",),
        purpose=purpose,
    )
