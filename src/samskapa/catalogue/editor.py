"""Editor forms for people: publish, change and withdraw an organisation's datasets.

Signed-in admins and editors of the dataset's organisation only; signed-out browsers go to /login first.
The forms build the same DatasetIn as the /v1 API and call the same service functions, so a rule lives in
one place; invalid input comes back as the form with every field's error next to the field and an error
summary on top (the GOV.UK pattern). Every POST carries the session's CSRF token.

Fields the form does not show (conforms_to; a distribution's descriptions, media type and checksum) are
kept from the dataset when it is edited, so saving the form never silently drops them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from samskapa.accounts import service as accounts
from samskapa.accounts.errors import NotAnEditor
from samskapa.accounts.models import Organisation
from samskapa.accounts.service import SignedIn
from samskapa.catalogue import service, vocabularies
from samskapa.catalogue.errors import InvalidDataset
from samskapa.catalogue.schemas import DatasetIn, DatasetOut
from samskapa.core.errors import FieldError
from samskapa.web.deps import DbSession, OptionalPerson, PostedForm, SettingsDep, sign_in_redirect
from samskapa.web.forms import Problem
from samskapa.web.i18n import Language, request_language, translate
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

DISTRIBUTION_SLOTS = 3
MAX_SLOTS = 50
TEXT_FIELDS = (
    "title_sv",
    "title_en",
    "description_sv",
    "description_en",
    "keywords_sv",
    "keywords_en",
    "concepts",
    "spatial",
    "temporal_start",
    "temporal_end",
    "frequency",
    "access_rights",
    "contact_name",
    "contact_email",
    "landing_page",
)
DISTRIBUTION_FIELDS = ("title_sv", "title_en", "access_url", "download_url", "format", "licence", "byte_size")
OPTIONAL = ("temporal_start", "temporal_end", "frequency", "landing_page", "download_url", "byte_size")
SERVICE_PATH = re.compile(r"^distributions\[(\d+)\]\.(\w+)$")
# Friendly messages for pydantic's error types; others are shown as pydantic words them (in English).
MESSAGES = {
    "missing": "required",
    "string_too_short": "required",
    "string_too_long": "too_long",
    "string_pattern_mismatch": "pattern",
    "int_parsing": "number",
    "int_from_float": "number",
    "greater_than_equal": "negative",
}
OrganisationName = Annotated[str, Query(max_length=100)]


@dataclass
class FormValues:
    """What the form shows: text as typed, ticked themes, and one dict of text per distribution slot."""

    text: dict[str, str] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)
    distributions: list[dict[str, str]] = field(default_factory=list)


def _split(text: str, pattern: str = r"[,\n]") -> list[str]:
    return list(dict.fromkeys(part.strip() for part in re.split(pattern, text) if part.strip()))


def _blank(slots: int = DISTRIBUTION_SLOTS) -> FormValues:
    text = dict.fromkeys(TEXT_FIELDS, "")
    text["access_rights"] = "PUBLIC"
    return FormValues(
        text=text, distributions=[dict.fromkeys(("id", *DISTRIBUTION_FIELDS), "") for _ in range(slots)]
    )


def _from_view(view: DatasetOut) -> FormValues:
    values = _blank(max(DISTRIBUTION_SLOTS, len(view.distributions) + 1))
    for name in TEXT_FIELDS:
        value = getattr(view, name)
        if isinstance(value, list):
            value = ", ".join(value) if name.startswith("keywords") else "\n".join(value)
        values.text[name] = "" if value is None else str(value)
    values.themes = list(view.themes)
    for slot, item in enumerate(view.distributions):
        values.distributions[slot] = {"id": item.id} | {
            name: "" if getattr(item, name) is None else str(getattr(item, name))
            for name in DISTRIBUTION_FIELDS
        }
    return values


def _from_form(form: FormData) -> FormValues:
    def text(name: str) -> str:
        value = form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    try:
        slots = min(MAX_SLOTS, max(DISTRIBUTION_SLOTS, int(text("distribution_slots") or 0)))
    except ValueError:
        slots = DISTRIBUTION_SLOTS
    return FormValues(
        text={name: text(name) for name in TEXT_FIELDS},
        themes=[value for value in form.getlist("themes") if isinstance(value, str)],
        distributions=[
            {name: text(f"d{slot}-{name}") for name in ("id", *DISTRIBUTION_FIELDS)} for slot in range(slots)
        ],
    )


def _distribution_input(values: dict[str, str], kept: dict[str, Any] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        name: (values[name] or None) if name in OPTIONAL else values[name] for name in DISTRIBUTION_FIELDS
    }
    if kept is not None:
        item["description_sv"], item["description_en"] = kept["description_sv"], kept["description_en"]
        if kept["format"] == values["format"]:
            item["media_type"] = kept["media_type"]
        if kept["download_url"] == (values["download_url"] or None):
            item["checksum_sha256"] = kept["checksum_sha256"]
    return item


def _to_input(values: FormValues, existing: DatasetOut | None) -> tuple[dict[str, Any], list[int]]:
    """The DatasetIn fields of the form, and for each distribution given the slot it came from."""
    text = values.text
    data: dict[str, Any] = {
        name: (text[name] or None) if name in OPTIONAL else text[name] for name in TEXT_FIELDS
    }
    data["keywords_sv"], data["keywords_en"] = _split(text["keywords_sv"]), _split(text["keywords_en"])
    data["concepts"], data["spatial"] = (
        _split(text["concepts"], r"[,\s]+"),
        _split(text["spatial"], r"[,\s]+"),
    )
    data["themes"] = values.themes
    kept = {item.id: item.model_dump(mode="json") for item in existing.distributions} if existing else {}
    if existing is not None:
        data["conforms_to"] = existing.conforms_to
    data["distributions"], slots = [], []
    for slot, item in enumerate(values.distributions):
        if any(item[name] for name in DISTRIBUTION_FIELDS):
            data["distributions"].append(_distribution_input(item, kept.get(item["id"])))
            slots.append(slot)
    return data, slots


def _anchor(path: str, slots: list[int]) -> tuple[str, str]:
    """The HTML id of the field an error is about, and the field's name (for its label)."""
    matched = SERVICE_PATH.match(path)
    if matched:
        index, name = int(matched.group(1)), matched.group(2)
        slot = slots[index] if index < len(slots) else 0
        return f"d{slot}-{name}", name
    if path == "themes":
        return f"themes-{next(iter(vocabularies.THEMES))}", path
    return path, path


def _label(anchor: str, name: str, lang: Language) -> str:
    key = f"editor.field.{name}"
    label = translate(key, lang) if name in (*TEXT_FIELDS, *DISTRIBUTION_FIELDS, "themes") else name
    if anchor.startswith("d") and "-" in anchor and anchor[1].isdigit():
        slot = int(anchor[1 : anchor.index("-")])
        return f"{translate('editor.distribution', lang).format(n=slot + 1)}: {label}"
    return label


def _problems(
    errors: list[FieldError], slots: list[int], values: FormValues, lang: Language
) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for error in errors:
        anchor, name = _anchor(error.field, slots)
        if anchor not in problems:
            known = error.message.startswith("editor.error.")
            message = translate(error.message, lang) if known else error.message
            problems[anchor] = Problem(anchor, _label(anchor, name, lang), message, lang if known else "en")
    return list(problems.values())


def _pydantic_errors(error: ValidationError) -> list[FieldError]:
    found = []
    for item in error.errors():
        loc = [
            part for part in item["loc"] if not (isinstance(part, int) and item["loc"][0] != "distributions")
        ]
        path = (
            f"distributions[{loc[1]}].{loc[2]}" if loc[0] == "distributions" and len(loc) > 2 else str(loc[0])
        )
        kind = str(item["type"])
        if kind.startswith("url") or kind.startswith("date"):
            code = "url" if kind.startswith("url") else "date"
        else:
            code = MESSAGES.get(kind, "")
        found.append(FieldError(path, f"editor.error.{code}" if code else str(item["msg"])))
    return found


def _form(
    request: Request,
    *,
    person: SignedIn,
    organisation: Organisation,
    values: FormValues,
    dataset: DatasetOut | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    action = (
        f"/datasets/{dataset.name}/edit" if dataset else f"/datasets/new?organisation={organisation.name}"
    )
    return render(
        request,
        "catalogue_edit.html",
        {
            "dataset": dataset,
            "organisation": organisation,
            "values": values,
            "problems": problems or [],
            "errors": {problem.anchor: problem for problem in problems or []},
            "action": action,
            "csrf_token": person.csrf_token,
            "vocab": vocabularies.names_in(lang),
        },
        status=status,
    )


def _organisation_for_new(session: Session, person: SignedIn, name: str) -> Organisation:
    if not name:
        editable = accounts.editor_of(session, person_id=person.person_id)
        if len(editable) != 1:
            raise NotAnEditor(
                "Choose the organisation to publish for.",
                hint="Follow a 'Publish a dataset' link on /account; it names the organisation.",
            )
        name = next(iter(editable))
    organisation = accounts.get_organisation(session, key=name)
    accounts.require_editor(session, person_id=person.person_id, organisation=organisation)
    return organisation


def _editable(
    session: Session, person: SignedIn, key: str, base_url: str
) -> tuple[Any, DatasetOut, Organisation]:
    dataset = service.get_dataset(session, key=key)
    organisation = accounts.get_organisation(session, key=dataset.organisation_id)
    accounts.require_editor(session, person_id=person.person_id, organisation=organisation)
    return dataset, service.dataset_views(session, [dataset], base_url=base_url)[0], organisation


def _csrf(person: SignedIn, form: FormData) -> None:
    token = form.get("csrf_token")
    person.check_csrf(token if isinstance(token, str) else None)


def _parse(
    values: FormValues, existing: DatasetOut | None, lang: Language
) -> tuple[DatasetIn | None, list[Problem]]:
    data, slots = _to_input(values, existing)
    try:
        return DatasetIn.model_validate(data), []
    except ValidationError as error:
        return None, _problems(_pydantic_errors(error), slots, values, lang)


@router.get("/datasets/new", response_class=HTMLResponse)
def new_dataset_form(
    request: Request, session: DbSession, person: OptionalPerson, organisation: OrganisationName = ""
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    owner = _organisation_for_new(session, person, organisation)
    return _form(request, person=person, organisation=owner, values=_blank())


@router.post("/datasets/new", response_class=HTMLResponse)
def create_dataset(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    form: PostedForm,
    organisation: OrganisationName = "",
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    _csrf(person, form)
    owner = _organisation_for_new(session, person, organisation)
    lang = request_language(request)
    values = _from_form(form)
    data, problems = _parse(values, None, lang)
    if data is not None:
        try:
            created = service.create_dataset(session, organisation=owner, data=data)
            return RedirectResponse(f"/datasets/{created.name}", status_code=303)
        except InvalidDataset as error:
            problems = _problems(error.field_errors, _to_input(values, None)[1], values, lang)
    return _form(request, person=person, organisation=owner, values=values, problems=problems, status=400)


@router.get("/datasets/{key}/edit", response_class=HTMLResponse)
def edit_dataset_form(
    key: str, request: Request, session: DbSession, settings: SettingsDep, person: OptionalPerson
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    _, view, owner = _editable(session, person, key, settings.base_url)
    return _form(request, person=person, organisation=owner, values=_from_view(view), dataset=view)


@router.post("/datasets/{key}/edit", response_class=HTMLResponse)
def update_dataset(
    key: str,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    form: PostedForm,
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    _csrf(person, form)
    dataset, view, owner = _editable(session, person, key, settings.base_url)
    lang = request_language(request)
    values = _from_form(form)
    data, problems = _parse(values, view, lang)
    if data is not None:
        try:
            service.update_dataset(session, dataset=dataset, data=data)
            return RedirectResponse(f"/datasets/{dataset.name}", status_code=303)
        except InvalidDataset as error:
            problems = _problems(error.field_errors, _to_input(values, view)[1], values, lang)
    return _form(
        request, person=person, organisation=owner, values=values, dataset=view, problems=problems, status=400
    )


@router.post("/datasets/{key}/withdraw", response_class=HTMLResponse)
def withdraw_dataset(
    key: str,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    form: PostedForm,
) -> Response:
    """Withdraw after the editor ticked the confirmation; the dataset stays as a tombstone."""
    if person is None:
        return sign_in_redirect(request)
    _csrf(person, form)
    dataset, view, owner = _editable(session, person, key, settings.base_url)
    if form.get("confirm") != "yes":
        lang = request_language(request)
        problem = Problem(
            "confirm",
            translate("editor.withdraw.confirm", lang),
            translate("editor.error.confirm", lang),
            lang,
        )
        return _form(
            request,
            person=person,
            organisation=owner,
            values=_from_view(view),
            dataset=view,
            problems=[problem],
            status=400,
        )
    service.withdraw_dataset(session, dataset=dataset)
    return RedirectResponse(f"/datasets/{dataset.name}", status_code=303)
