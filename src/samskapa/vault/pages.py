"""The vault's pages: my profile, credentials, authorisations, who read my data, export and erase, and the
consent screen the OAuth server sends a signed-in person to.

Every page needs a signed-in person (signed-out browsers go to /login first and come back) and every form
POST carries the session's CSRF token. The pages call the same `vault.service` functions as the /v1/me API.
Invalid input comes back as the form with an error summary linking to each field (the GOV.UK pattern); a
successful POST redirects (303) so that reloading does not send it again.

The consent screen's text is built here once (`consent_notice`) and shown exactly as built; its SHA-256 is
what the authorisation's receipt records as the notice the person saw.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from samskapa.accounts import service as accounts
from samskapa.accounts.oauth import service as oauth
from samskapa.accounts.oauth.errors import AuthorizationRequestNotFound
from samskapa.accounts.oauth.schemas import PURPOSES
from samskapa.accounts.service import SignedIn
from samskapa.config import Settings
from samskapa.core.errors import DomainError, Invalid, PayloadTooLarge
from samskapa.taxonomy import service as taxonomy
from samskapa.taxonomy.suggest import SuggestIndexHolder
from samskapa.vault import service
from samskapa.vault.credentials import (
    DEFAULT_MAX_BYTES,
    CredentialUnreadable,
    Verification,
    verify_credential,
)
from samskapa.vault.errors import IllegalTransition, InvalidVaultInput, PersonErased
from samskapa.vault.schemas import CREDIT_UNITS, SKILL_LEVELS, ItemOut, text_limits
from samskapa.vault.service import SELF, GrantRequest, VaultKeys
from samskapa.vault.trust import load_trust_list
from samskapa.vault.vocabulary import (
    CATEGORIES,
    CATEGORY_LABELS,
    OPERATION_LABELS,
    PROFILE_CATEGORIES,
    STATE_LABELS,
)
from samskapa.web.deps import (
    SESSION_COOKIE,
    DbSession,
    OptionalPerson,
    PostedForm,
    SettingsDep,
    WriteSession,
    sign_in_redirect,
)
from samskapa.web.forms import Problem
from samskapa.web.i18n import MESSAGES, Language, request_language, translate
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

NAV: Final[tuple[tuple[str, str], ...]] = (
    ("/me/profile", "vault.nav.profile"),
    ("/me/credentials", "vault.nav.credentials"),
    ("/me/authorisations", "vault.nav.authorisations"),
    ("/me/access-log", "vault.nav.access_log"),
    ("/me/rights", "vault.nav.rights"),
)
VALIDITY_CHOICES: Final = (30, 90, 180, 365)
DEFAULT_VALIDITY: Final = 90
CONSENT_OPERATIONS: Final = ("read",)
LOG_PAGE: Final = 50
SUGGESTIONS: Final = 6
ERASED_COOKIE: Final = "samskapa_erased"
Done = Annotated[str, Query(max_length=20)]
Before = Annotated[int | None, Query(ge=1)]

# Notices after a redirect (?done=…): only these keys are ever shown.
DONE_NOTICES: Final = {
    "added": "vault.profile.added",
    "removed": "vault.profile.removed",
    "credential": "vault.credentials.added",
    "credential-removed": "vault.credentials.removed",
    "withdrawn": "vault.auth.withdrawn",
}


# ---- Shared ------------------------------------------------------------------------------------------------


def _keys(request: Request) -> VaultKeys:
    return service.vault_keys(request.app.state.keys)


def _to_login(path: str) -> RedirectResponse:
    """Send a signed-out browser that posted a form to /login, coming back to the form's page."""
    return RedirectResponse(f"/login?{urlencode({'next': path})}", status_code=303)


def _text(form: FormData, name: str, limit: int = 5000) -> str:
    value = form.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _vocab(lang: Language) -> dict[str, dict[str, str]]:
    """Category, operation and state labels in the page language, for the templates."""
    return {
        "category": {code: labels[lang] for code, labels in CATEGORY_LABELS.items()},
        "operation": {code: labels[lang] for code, labels in OPERATION_LABELS.items()},
        "state": {code: labels[lang] for code, labels in STATE_LABELS.items()},
    }


def purpose_label(code: str, lang: Language) -> str:
    purpose = PURPOSES.get(code)
    if purpose is None:
        return code
    return purpose.label_sv if lang == "sv" else purpose.label_en


def purpose_description(code: str, lang: Language) -> str:
    key = f"consent.purpose.{code}"
    if key in MESSAGES and code in PURPOSES:
        return translate(key, lang)
    return translate("consent.purpose.other", lang).format(code=code)


def _vault_page(
    request: Request,
    template: str,
    person: SignedIn,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    lang = request_language(request)
    return render(
        request,
        template,
        {
            "nav": NAV,
            "csrf_token": person.csrf_token,
            "vocab": _vocab(lang),
            "problems": [],
            "errors": {},
            **context,
        },
        status=status,
        headers=headers,
    )


def _notice(done: str) -> str | None:
    return DONE_NOTICES.get(done)


@router.get("/me")
def me() -> RedirectResponse:
    return RedirectResponse("/me/profile", status_code=303)


# ---- My profile --------------------------------------------------------------------------------------------

# Form field id -> (service field, label key) per profile category.
PROFILE_FIELDS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "skills": {
        "skill-concept": ("concept_id", "vault.skills.concept"),
        "skill-level": ("level", "vault.skills.level"),
    },
    "education": {
        "edu-title": ("title", "vault.field.title"),
        "edu-provider": ("provider", "vault.education.provider"),
        "edu-level": ("level", "vault.education.level"),
        "edu-credits": ("credits", "vault.education.credits"),
        "edu-credit_unit": ("credit_unit", "vault.education.credit_unit"),
        "edu-completed_on": ("completed_on", "vault.education.completed"),
    },
    "experience": {
        "exp-title": ("title", "vault.experience.role"),
        "exp-employer": ("employer", "vault.experience.employer"),
        "exp-start": ("start", "vault.experience.start"),
        "exp-end": ("end", "vault.experience.end"),
        "exp-description": ("description", "vault.experience.description"),
    },
}
TEXT_LIMITS: Final = text_limits()  # the schemas' limits, checked here to point at the form's fields


def _blank_values() -> dict[str, str]:
    return {field: "" for fields in PROFILE_FIELDS.values() for field in fields}


def _profile_page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    values: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    suggestions: list[dict[str, str]] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    erased = False
    try:
        items = service.my_items(
            session, person_id=person.person_id, categories=PROFILE_CATEGORIES, keys=_keys(request)
        )
    except PersonErased:
        erased = True
        items = {category: [] for category in PROFILE_CATEGORIES}
    problems = problems or []
    return _vault_page(
        request,
        "vault_profile.html",
        person,
        {
            "items": items,
            "erased": erased,
            "values": values or _blank_values(),
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "suggestions": suggestions or [],
            "skill_levels": SKILL_LEVELS,
            "credit_units": CREDIT_UNITS,
            "notice": notice,
            "restricted": service.is_restricted(session, person_id=person.person_id),
        },
        status=status,
    )


@router.get("/me/profile", response_class=HTMLResponse)
def profile(request: Request, session: DbSession, person: OptionalPerson, done: Done = "") -> Response:
    if person is None:
        return sign_in_redirect(request)
    return _profile_page(request, session, person, notice=_notice(done))


def _date_problem(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return True
    return False


def _check_profile_form(category: str, values: dict[str, str], lang: Language) -> dict[str, str]:
    """Field id -> message for what the page can tell before the service: required fields, dates, numbers."""
    errors: dict[str, str] = {}
    fields = PROFILE_FIELDS[category]
    for field_id, (name, _) in fields.items():
        value = values[field_id]
        limit = TEXT_LIMITS.get(name)
        if limit is not None and len(value) > limit:
            errors[field_id] = translate("vault.error.too_long", lang)
    required = {
        "skills": ("skill-concept",),
        "education": ("edu-title",),
        "experience": ("exp-title", "exp-start"),
    }
    for field_id in required[category]:
        if not values[field_id]:
            errors[field_id] = translate("vault.error.required", lang)
    for field_id in ("edu-completed_on", "exp-start", "exp-end"):
        if field_id in fields and values[field_id] and _date_problem(values[field_id]):
            errors[field_id] = translate("vault.error.date", lang)
    if category == "education" and values["edu-credits"]:
        try:
            credits = float(values["edu-credits"].replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except ValueError:
            credits = -1.0
        if not 0 <= credits <= 1000:
            errors["edu-credits"] = translate("vault.error.number", lang)
    if category == "education" and values["edu-credit_unit"] not in ("", *CREDIT_UNITS):
        errors["edu-credit_unit"] = translate("vault.error.choice", lang)
    if category == "skills" and values["skill-level"] not in ("", *SKILL_LEVELS):
        errors["skill-level"] = translate("vault.error.choice", lang)
    if (
        category == "experience"
        and "exp-start" not in errors
        and "exp-end" not in errors
        and values["exp-end"]
        and values["exp-end"] < values["exp-start"]
    ):
        errors["exp-end"] = translate("vault.error.end_before_start", lang)
    return errors


def _profile_data(category: str, values: dict[str, str]) -> dict[str, Any]:
    """The service's input from the form: empty optional fields left out, numbers and dates as typed."""
    data: dict[str, Any] = {}
    for field_id, (name, _) in PROFILE_FIELDS[category].items():
        value = values[field_id]
        if not value:
            continue
        if name == "credits":
            data[name] = float(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        else:
            data[name] = value
    return data


def _skill_suggestions(request: Request, text: str) -> list[dict[str, str]]:
    """Skills whose labels match what was typed, for a person without the autocomplete script."""
    holder: SuggestIndexHolder = request.app.state.suggest_index
    try:
        found = taxonomy.suggest(holder.get(), q=text, lang=None, types=["skill"], limit=SUGGESTIONS)
    except (DomainError, ValueError):
        return []
    return [{"id": item.id, "label": item.label, "lang": item.lang} for item in found.items]


@router.post("/me/profile/{category}", response_class=HTMLResponse)
def add_profile_item(
    category: str, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _to_login("/me/profile")
    person.check_csrf(_text(form, "csrf_token", 200))
    if category not in PROFILE_FIELDS:
        raise InvalidVaultInput(f"'{category}' is not a profile category.")
    lang = request_language(request)
    values = _blank_values()
    for field_id in PROFILE_FIELDS[category]:
        values[field_id] = _text(form, field_id)
    # The picker's hidden field (set by the script) or a suggestion's radio button: the last one ticked.
    picked = [v.strip() for v in form.getlist("skill-choice") if isinstance(v, str) and v.strip()]
    choice = picked[-1][:300] if picked else ""
    if category == "skills" and choice:
        values["skill-concept"] = choice
    labels = {field_id: translate(key, lang) for field_id, (_, key) in PROFILE_FIELDS[category].items()}
    errors = _check_profile_form(category, values, lang)
    problems = [
        Problem(field_id, labels[field_id], errors[field_id], lang)
        for field_id in PROFILE_FIELDS[category]
        if field_id in errors
    ]
    suggestions: list[dict[str, str]] = []
    if not problems:
        try:
            service.add_item(
                session,
                person_id=person.person_id,
                category=category,
                data=_profile_data(category, values),
                keys=_keys(request),
            )
        except InvalidVaultInput as error:
            problems = _service_problems(category, error, labels, lang)
            if category == "skills" and values["skill-concept"]:
                suggestions = _skill_suggestions(request, values["skill-concept"])
        else:
            return RedirectResponse(f"/me/profile?done=added#{category}", status_code=303)
    return _profile_page(
        request, session, person, values=values, problems=problems, suggestions=suggestions, status=400
    )


def _service_problems(
    category: str, error: InvalidVaultInput, labels: dict[str, str], lang: Language
) -> list[Problem]:
    """The service's field errors on the form's fields; its words are English unless we know better."""
    by_name = {name: field_id for field_id, (name, _) in PROFILE_FIELDS[category].items()}
    first = next(iter(PROFILE_FIELDS[category]))
    problems: list[Problem] = []
    for problem in error.field_errors or []:
        field_id = by_name.get(problem.field.split(".")[0], first)
        if problem.field == "concept_id":
            problems.append(Problem(field_id, labels[field_id], translate("vault.error.concept", lang), lang))
        else:
            problems.append(Problem(field_id, labels[field_id], problem.message, "en"))
    if not problems:
        problems.append(Problem(first, labels[first], error.message, "en"))
    return problems


@router.post("/me/profile/items/{item_id}/remove")
def remove_profile_item(
    item_id: str, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _to_login("/me/profile")
    person.check_csrf(_text(form, "csrf_token", 200))
    service.remove_item(session, person_id=person.person_id, item_id=item_id[:100])
    return RedirectResponse("/me/profile?done=removed", status_code=303)


# ---- My credentials ----------------------------------------------------------------------------------------


def _credential_view(item: ItemOut) -> dict[str, Any]:
    credential = item.content.get("credential") or {}
    verification = item.content.get("verification") or {}
    name = credential.get("name") if isinstance(credential, dict) else None
    types = [t for t in verification.get("types") or [] if t != "VerifiableCredential"]
    return {
        "id": item.id,
        "name": name if isinstance(name, str) else None,
        "status": verification.get("status", "invalid"),
        "reasons": [str(reason) for reason in verification.get("reasons") or []],
        "issuer": verification.get("issuer"),
        "types": types,
        "valid_from": (verification.get("valid_from") or "")[:10],
        "valid_until": (verification.get("valid_until") or "")[:10],
        "added": item.created_at.date().isoformat(),
    }


def _credentials_page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    text: str = "",
    problems: list[Problem] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    erased = False
    try:
        found = service.my_items(
            session, person_id=person.person_id, categories=["credentials"], keys=_keys(request)
        )["credentials"]
    except PersonErased:
        erased, found = True, []
    problems = problems or []
    return _vault_page(
        request,
        "vault_credentials.html",
        person,
        {
            "credentials": [_credential_view(item) for item in found],
            "erased": erased,
            "text": text,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "notice": notice,
        },
        status=status,
    )


@router.get("/me/credentials", response_class=HTMLResponse)
def credentials(request: Request, session: DbSession, person: OptionalPerson, done: Done = "") -> Response:
    if person is None:
        return sign_in_redirect(request)
    return _credentials_page(request, session, person, notice=_notice(done))


def _verification_record(verification: Verification) -> dict[str, Any]:
    return {
        "status": verification.status,
        "reasons": list(verification.reasons),
        "issuer": verification.issuer,
        "types": list(verification.types),
        "cryptosuite": verification.cryptosuite,
        "verification_method": verification.verification_method,
        "valid_from": verification.valid_from.isoformat() if verification.valid_from else None,
        "valid_until": verification.valid_until.isoformat() if verification.valid_until else None,
    }


@router.post("/me/credentials", response_class=HTMLResponse)
def add_credential(  # noqa: PLR0911 - one answer per way the upload can fail
    request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _to_login("/me/credentials")
    person.check_csrf(_text(form, "csrf_token", 200))
    lang = request_language(request)
    upload = form.get("credential-file")
    raw: bytes = b""
    anchor = "credential-text"
    if isinstance(upload, UploadFile) and upload.filename:
        raw = upload.file.read(DEFAULT_MAX_BYTES + 1)
        anchor = "credential-file"
    pasted = form.get("credential-text", "")
    text = pasted if isinstance(pasted, str) else ""
    if not raw and text.strip():
        raw = text.strip().encode()
    label = translate(
        "vault.credentials.file" if anchor == "credential-file" else "vault.credentials.text", lang
    )

    def again(message: str, message_lang: Language = lang) -> HTMLResponse:
        problem = Problem(anchor, label, message, message_lang)
        return _credentials_page(
            request, session, person, text=text[:DEFAULT_MAX_BYTES], problems=[problem], status=400
        )

    if not raw:
        return again(translate("vault.credentials.error.empty", lang))
    try:
        verification = verify_credential(raw, trust=load_trust_list(settings))
    except CredentialUnreadable:
        return again(translate("vault.credentials.error.unreadable", lang))
    except PayloadTooLarge:
        return again(translate("vault.credentials.error.too_large", lang))
    except Invalid as error:
        return again(f"{translate('vault.credentials.error.rejected', lang)} {error.message}", "en")
    if verification.document is None:
        return again(translate("vault.credentials.error.unreadable", lang))
    service.add_credential(
        session,
        person_id=person.person_id,
        document=verification.document,
        verification=_verification_record(verification),
        keys=_keys(request),
    )
    return RedirectResponse("/me/credentials?done=credential", status_code=303)


@router.post("/me/credentials/{item_id}/remove")
def remove_credential(
    item_id: str, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _to_login("/me/credentials")
    person.check_csrf(_text(form, "csrf_token", 200))
    service.remove_item(session, person_id=person.person_id, item_id=item_id[:100])
    return RedirectResponse("/me/credentials?done=credential-removed", status_code=303)


# ---- My authorisations -------------------------------------------------------------------------------------


@router.get("/me/authorisations", response_class=HTMLResponse)
def authorisations(request: Request, session: DbSession, person: OptionalPerson, done: Done = "") -> Response:
    if person is None:
        return sign_in_redirect(request)
    lang = request_language(request)
    found = service.my_authorisations(session, person_id=person.person_id)
    purposes = {code: purpose_label(code, lang) for item in found for code in item.purposes}
    return _vault_page(
        request,
        "vault_authorisations.html",
        person,
        {"authorisations": found, "purposes": purposes, "notice": _notice(done)},
    )


@router.post("/me/authorisations/{authorisation_id}/withdraw")
def withdraw(
    authorisation_id: str, request: Request, session: WriteSession, person: OptionalPerson, form: PostedForm
) -> Response:
    """Withdraw in one click: no confirmation page (the service revokes the tokens issued under it)."""
    if person is None:
        return _to_login("/me/authorisations")
    person.check_csrf(_text(form, "csrf_token", 200))
    authorisation_id = authorisation_id[:100]
    # Already withdrawn (a second click), expired or revoked: nothing to do, the list shows which.
    with contextlib.suppress(IllegalTransition):
        service.withdraw(
            session, person_id=person.person_id, authorisation_id=authorisation_id, keys=_keys(request)
        )
    return RedirectResponse(f"/me/authorisations?done=withdrawn#auth-{authorisation_id}", status_code=303)


# ---- Who read my data --------------------------------------------------------------------------------------


def reason_text(reason: str, lang: Language) -> str:
    key = f"vault.reason.{reason}"
    if key in MESSAGES:
        return translate(key, lang)
    return translate("vault.reason.other", lang).format(code=reason)


@router.get("/me/access-log", response_class=HTMLResponse)
def access_log(
    request: Request, session: DbSession, person: OptionalPerson, before: Before = None
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    lang = request_language(request)
    found = service.my_access_log(session, person_id=person.person_id, limit=LOG_PAGE + 1, before=before)
    page, more = found[:LOG_PAGE], len(found) > LOG_PAGE
    entries = [
        {
            "at": entry.at,
            "who": translate("vault.log.you", lang)
            if entry.accessor == SELF
            else (entry.accessor_name or entry.accessor),
            "purpose": translate("vault.log.portability", lang)
            if entry.purpose == "portability"
            else purpose_label(entry.purpose, lang),
            "categories": entry.categories,
            "outcome": entry.outcome,
            "reason": reason_text(entry.reason, lang),
        }
        for entry in page
    ]
    return _vault_page(
        request,
        "vault_access_log.html",
        person,
        {
            "entries": entries,
            "older": page[-1].seq if more and page else None,
            "paged": before is not None,
        },
    )


# ---- Export and erase --------------------------------------------------------------------------------------


def _rights_page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    problems = problems or []
    return _vault_page(
        request,
        "vault_rights.html",
        person,
        {
            "restricted": service.is_restricted(session, person_id=person.person_id),
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
        },
        status=status,
    )


@router.get("/me/rights", response_class=HTMLResponse)
def rights(request: Request, session: DbSession, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    return _rights_page(request, session, person)


@router.post("/me/rights/restrict")
def restrict(request: Request, session: WriteSession, person: OptionalPerson, form: PostedForm) -> Response:
    if person is None:
        return _to_login("/me/rights")
    person.check_csrf(_text(form, "csrf_token", 200))
    service.restrict(
        session,
        person_id=person.person_id,
        restricted=_text(form, "restricted", 10) == "on",
        keys=_keys(request),
    )
    return RedirectResponse("/me/rights#restrict", status_code=303)


@router.post("/me/rights/erase", response_class=HTMLResponse)
def erase(
    request: Request, session: WriteSession, settings: SettingsDep, person: OptionalPerson, form: PostedForm
) -> Response:
    """Erase everything after a ticked box and a typed word; the session ends and the cookie goes."""
    if person is None:
        return _to_login("/me/rights")
    person.check_csrf(_text(form, "csrf_token", 200))
    lang = request_language(request)
    problems: list[Problem] = []
    if _text(form, "confirm", 10) != "yes":
        problems.append(
            Problem(
                "erase-confirm",
                translate("vault.erase.title", lang),
                translate("vault.erase.error.confirm", lang),
                lang,
            )
        )
    words = {translate("vault.erase.word.value", language).casefold() for language in ("sv", "en")}
    if _text(form, "erase-word", 50).casefold() not in words:
        problems.append(
            Problem(
                "erase-word",
                translate("vault.erase.word", lang),
                translate("vault.erase.error.word", lang),
                lang,
            )
        )
    if problems:
        return _rights_page(request, session, person, problems=problems, status=400)
    # Revokes every authorisation (and the tokens issued under them), shreds the data key and scrubs the
    # account, ending its sessions; this browser's session is ended here too in any case.
    service.erase(session, person_id=person.person_id, keys=_keys(request))
    accounts.end_session(session, token=request.cookies.get(SESSION_COOKIE, ""))
    secure = _secure(settings)
    response = RedirectResponse("/me/erased", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
    response.set_cookie(
        ERASED_COOKIE, "1", max_age=600, path="/me/erased", httponly=True, samesite="lax", secure=secure
    )
    return response


def _secure(settings: Settings) -> bool:
    return settings.base_url.startswith("https://")


@router.get("/me/erased", response_class=HTMLResponse)
def erased(request: Request) -> Response:
    """The confirmation after erasure (shown to the browser that erased, once signed out)."""
    if request.cookies.get(ERASED_COOKIE) != "1":
        return RedirectResponse("/", status_code=303)
    return render(request, "vault_erased.html", {})


# ---- The consent screen ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentNotice:
    """The text of the consent screen, paragraph by paragraph, exactly as shown."""

    who: str
    purpose: str
    categories: str
    operations: str
    retention: str
    withdraw: str

    @property
    def text(self) -> str:
        return "\n\n".join(
            (self.who, self.purpose, self.categories, self.operations, self.retention, self.withdraw)
        )


def consent_notice(
    pending: oauth.PendingRequest, *, organisation: str, lang: Language, withdraw_url: str
) -> ConsentNotice:
    def text(key: str, **values: object) -> str:
        return translate(key, lang).format(**values)

    categories = ", ".join(CATEGORY_LABELS[c][lang] for c in CATEGORIES if c in pending.categories)
    operations = ", ".join(OPERATION_LABELS[o][lang].lower() for o in CONSENT_OPERATIONS)
    retention = (
        text("consent.notice.retention", organisation=organisation, days=pending.retention_days)
        if pending.retention_days
        else text("consent.notice.retention.none", organisation=organisation)
    )
    return ConsentNotice(
        who=text("consent.notice.who", service=pending.client_name, organisation=organisation),
        purpose=text(
            "consent.notice.purpose",
            purpose=purpose_label(pending.purpose, lang),
            description=purpose_description(pending.purpose, lang),
        ),
        categories=text("consent.notice.categories", categories=categories),
        operations=text("consent.notice.operations", operations=operations),
        retention=retention,
        withdraw=text("consent.notice.withdraw", url=withdraw_url),
    )


def _organisation_title(session: Session, pending: oauth.PendingRequest, lang: Language) -> str:
    view = oauth.client_for(session, client_id=pending.client_id)
    own = view.organisation_title_sv if lang == "sv" else view.organisation_title_en
    return own or view.organisation_title_sv or view.organisation_title_en or pending.organisation_name


def _consent_page(
    request: Request,
    session: Session,
    settings: Settings,
    person: SignedIn,
    pending: oauth.PendingRequest,
    *,
    chosen: list[str] | None = None,
    valid_days: int = DEFAULT_VALIDITY,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    organisation = _organisation_title(session, pending, lang)
    withdraw_url = settings.base_url.rstrip("/") + "/me/authorisations"
    problems = problems or []
    return _vault_page(
        request,
        "consent.html",
        person,
        {
            "pending": pending,
            "organisation": organisation,
            "purpose": purpose_label(pending.purpose, lang),
            "notice": consent_notice(
                pending, organisation=organisation, lang=lang, withdraw_url=withdraw_url
            ),
            "asked": [c for c in CATEGORIES if c in pending.categories],
            "chosen": pending.categories if chosen is None else chosen,
            "operations": CONSENT_OPERATIONS,
            "validity_choices": VALIDITY_CHOICES,
            "valid_days": valid_days,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
        },
        status=status,
    )


def _gone(request: Request, person: SignedIn) -> HTMLResponse:
    return _vault_page(request, "consent.html", person, {"pending": None}, status=404)


@router.get("/me/consent/{request_id}", response_class=HTMLResponse)
def consent(
    request_id: str, request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    try:
        pending = oauth.pending_request(session, request_id=request_id, person_id=person.person_id)
    except AuthorizationRequestNotFound:
        return _gone(request, person)
    return _consent_page(request, session, settings, person, pending)


@router.post("/me/consent/{request_id}", response_class=HTMLResponse)
def decide(
    request_id: str,
    request: Request,
    session: WriteSession,
    settings: SettingsDep,
    person: OptionalPerson,
    form: PostedForm,
) -> Response:
    """Approve (all or some of the categories, for the chosen validity) or deny; back to the service."""
    if person is None:
        return _to_login(f"/me/consent/{request_id}")
    person.check_csrf(_text(form, "csrf_token", 200))
    try:
        pending = oauth.pending_request(session, request_id=request_id, person_id=person.person_id)
    except AuthorizationRequestNotFound:
        return _gone(request, person)
    if _text(form, "decision", 20) != "approve":
        url = oauth.deny_request(session, request_id=request_id, person_id=person.person_id)
        return RedirectResponse(url, status_code=303)
    lang = request_language(request)
    ticked = {value for value in form.getlist("categories") if isinstance(value, str)}
    chosen: list[str] = [c for c in CATEGORIES if c in ticked and c in pending.categories]
    problems: list[Problem] = []
    if not chosen:
        first = next((c for c in CATEGORIES if c in pending.categories), "skills")
        problems.append(
            Problem(
                f"category-{first}",
                translate("consent.categories.legend", lang),
                translate("consent.error.categories", lang),
                lang,
            )
        )
    try:
        valid_days = int(_text(form, "valid_days", 5))
    except ValueError:
        valid_days = 0
    if valid_days not in VALIDITY_CHOICES:
        problems.append(
            Problem(
                f"valid-{DEFAULT_VALIDITY}",
                translate("consent.validity.legend", lang),
                translate("consent.error.validity", lang),
                lang,
            )
        )
        valid_days = DEFAULT_VALIDITY
    if problems:
        return _consent_page(
            request,
            session,
            settings,
            person,
            pending,
            chosen=chosen,
            valid_days=valid_days,
            problems=problems,
            status=400,
        )
    keys = request.app.state.keys
    organisation = _organisation_title(session, pending, lang)
    base = settings.base_url.rstrip("/")
    notice = consent_notice(
        pending, organisation=organisation, lang=lang, withdraw_url=base + "/me/authorisations"
    )
    authorisation = service.grant(
        session,
        request=GrantRequest(
            person_id=person.person_id,
            subject=oauth.pairwise_subject(
                keys, organisation_id=pending.organisation_id, person_id=person.person_id
            ),
            client_id=pending.client_id,
            client_name=pending.client_name,
            organisation_id=pending.organisation_id,
            organisation_name=organisation,
            kind="consent",
            purposes=(pending.purpose,),
            categories=tuple(chosen),
            operations=CONSENT_OPERATIONS,
            recipients=(organisation,),
            retention_days=pending.retention_days,
            valid_days=valid_days,
            notice_id=base + "/privacy",
            notice_version="1",
            notice_language=lang,
            notice_text=notice.text,
            withdrawal_method=base + "/me/authorisations",
        ),
        keys=service.vault_keys(keys),
    )
    url = oauth.approve_request(
        session,
        request_id=request_id,
        person_id=person.person_id,
        authorisation_id=authorisation.id,
        categories=chosen,
        keys=keys,
        settings=settings,
    )
    return RedirectResponse(url, status_code=303)
