"""The showcase of services built on the platform, their pilots with citizens, and feedback that can become
a new need.

Who may do what:

- A service is showcased and changed by staff (admin or editor) of its operator, an organisation of any type,
  or by the operator itself through an API key with `arena:write`. Its pilots are planned, updated and
  decided by the same people.
- Feedback is given by any signed-in person, on a service or one of its pilots. The feedback's author, or
  the operator's staff, may turn it into a new need once (`feedback_to_need`); the need is the author's
  (they wrote the words), of kind `problem`, submitted at once, and led by the agency named, else by the
  operator when it is an agency, municipality or school.

The accessibility rule: every service states its conformance with the accessibility requirements (WCAG 2.1
AA through EN 301 549, as the Swedish law on accessible digital public services asks): `full`, `partial` or
`none`. It also needs an accessibility statement, given as a URL (http or https), as text, or both. The text
is required unless the conformance is `full` and a statement URL is given: a service that is not fully
accessible must say here, in words, what is not accessible and what the alternatives are.

A pilot is decided once (scale, iterate or stop, with its result); after that it is closed and changes are
refused. Unknown datasets, needs and organisations, in the service's fields and in the list filters, are
errors naming the value, never silently dropped.

Every function receives the session and only flushes; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Final
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.service import find_organisation
from samskapa.arena import personal_data, service
from samskapa.arena.errors import (
    FeedbackConverted,
    FeedbackNotFound,
    InvalidArenaQuery,
    InvalidFeedback,
    InvalidPilot,
    InvalidService,
    NeedHidden,
    NeedNotFound,
    NotAllowed,
    PilotDecided,
    PilotNotFound,
    ServiceNotFound,
)
from samskapa.arena.models import Feedback, Need, Pilot, ServiceDataset, ServiceNeed, ShowcasedService
from samskapa.arena.schemas import (
    AccessibilityOut,
    FeedbackIn,
    FeedbackOut,
    NeedIn,
    PilotIn,
    PilotOut,
    PilotPatch,
    ServiceDatasetOut,
    ServiceIn,
    ServiceNeedOut,
    ServiceOperatorOut,
    ServiceOut,
    ServicePatch,
)
from samskapa.arena.service import Actor
from samskapa.arena.vocabulary import AGENCY_TYPES
from samskapa.catalogue import service as catalogue
from samskapa.catalogue.errors import DatasetNotFound
from samskapa.catalogue.models import Dataset
from samskapa.core.errors import FieldError
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.time import utcnow

CONFORMANCE: Final = ("full", "partial", "none")
PILOT_DECISIONS: Final = ("scale", "iterate", "stop")
NEED_TITLE_LENGTH: Final = 120
NEED_SUMMARY_LENGTH: Final = 1000


# --- checks ------------------------------------------------------------------------------------------------


def _web_address(value: str | None) -> str | None:
    """A cleaned http(s) address, None for none; anything else is a ValueError."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in cleaned):
        raise ValueError(cleaned)
    return cleaned


def _check_addresses(url: str | None, statement_url: str | None) -> tuple[str | None, str | None]:
    errors: list[FieldError] = []
    cleaned: list[str | None] = []
    for field, value in (("url", url), ("accessibility_statement_url", statement_url)):
        try:
            cleaned.append(_web_address(value))
        except ValueError:
            errors.append(FieldError(field, "must be an http or https address, such as https://example.se/"))
            cleaned.append(None)
    if errors:
        raise InvalidService(
            "Some addresses are not http or https addresses.",
            hint="Give whole addresses starting with https:// (or http://).",
            field_errors=errors,
        )
    return cleaned[0], cleaned[1]


def _check_accessibility(conformance: str, statement_url: str | None, statement: str) -> None:
    if conformance not in CONFORMANCE:
        raise InvalidService(
            f"'{conformance}' is not an accessibility conformance.",
            hint=f"Use one of {', '.join(CONFORMANCE)}.",
            field_errors=[FieldError("accessibility_conformance", f"unknown value '{conformance}'")],
        )
    if statement:
        return
    if conformance == "full":
        if statement_url is None:
            raise InvalidService(
                "The service needs an accessibility statement.",
                hint="Give the address of the accessibility statement, or its text.",
                field_errors=[
                    FieldError("accessibility_statement", "give a statement address or the statement's text")
                ],
            )
        return
    raise InvalidService(
        "A service that is not fully accessible must say what is not accessible, in the statement's text.",
        hint="Describe what is not accessible, why, and the alternatives (an address alone is not enough).",
        field_errors=[
            FieldError("accessibility_statement", f"required when the conformance is '{conformance}'")
        ],
    )


def _strip_required(value: str, field: str, minimum: int) -> str:
    cleaned = value.strip()
    if len(cleaned) < minimum:
        raise InvalidService(
            f"The {field.replace('_', ' ')} is too short.",
            field_errors=[FieldError(field, f"at least {minimum} characters")],
        )
    return cleaned


def _unique(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(key.strip() for key in keys if key.strip()))


def _resolve_datasets(session: Session, keys: Sequence[str]) -> list[Dataset]:
    found: list[Dataset] = []
    bad: list[str] = []
    for key in _unique(keys):
        try:
            found.append(catalogue.get_dataset(session, key=key, include_withdrawn=False))
        except DatasetNotFound:
            bad.append(key)
    if bad:
        raise InvalidService(
            f"Unknown datasets: {', '.join(bad)}.",
            hint="Name catalogue datasets by id or name (search them at /v1/datasets?q=…).",
            field_errors=[FieldError("datasets", f"unknown dataset '{key}'") for key in bad],
        )
    return list({dataset.id: dataset for dataset in found}.values())


def _public_need(session: Session, key: str) -> Need | None:
    try:
        return service.get_need(session, need_id=key)
    except (NeedNotFound, NeedHidden):
        return None


def _resolve_needs(session: Session, keys: Sequence[str]) -> list[Need]:
    found: list[Need] = []
    bad: list[str] = []
    for key in _unique(keys):
        need = _public_need(session, key)
        if need is None:
            bad.append(key)
        else:
            found.append(need)
    if bad:
        raise InvalidService(
            f"Unknown or not public needs: {', '.join(bad)}.",
            hint="Name submitted, public needs by id (list them at /v1/needs).",
            field_errors=[FieldError("needs", f"no public need '{key}'") for key in bad],
        )
    return found


def _operator_for(session: Session, actor: Actor, key: str | None) -> Organisation:
    """The organisation the actor showcases a service for (the actor must be its staff)."""
    organisation = service.organisation_acted_for(
        session,
        actor,
        key,
        among=actor.staff_of,
        field="operator",
        doing="showcase services",
        invalid=InvalidService,
    )
    assert organisation is not None  # the default is on: one, or an error
    return organisation


def operator_choices(session: Session, actor: Actor) -> list[Organisation]:
    """The organisations the actor may showcase services for (for the forms)."""
    if not actor.staff_of:
        return []
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(actor.staff_of)).order_by(Organisation.name)
        )
    )


def may_operate(actor: Actor | None, showcased: ShowcasedService) -> bool:
    """Whether the actor is staff of the service's operator."""
    return actor is not None and showcased.operator_organisation_id in actor.staff_of


def _require_operator_staff(actor: Actor, showcased: ShowcasedService, doing: str) -> None:
    if not may_operate(actor, showcased):
        raise NotAllowed(
            f"Only staff of the service's operator may {doing}.",
            hint="Sign in as an admin or editor of the operator, or use its API key with arena:write.",
        )


# --- services ----------------------------------------------------------------------------------------------


def get_service(session: Session, *, service_id: str) -> ShowcasedService:
    showcased = session.get(ShowcasedService, service_id)
    if showcased is None:
        raise ServiceNotFound(f"There is no service '{service_id}'.", hint="List services at /v1/services.")
    return showcased


def _link(
    session: Session,
    showcased: ShowcasedService,
    datasets: Sequence[Dataset] | None,
    needs: Sequence[Need] | None,
) -> None:
    if datasets is not None:
        session.execute(delete(ServiceDataset).where(ServiceDataset.service_id == showcased.id))
        session.add_all(ServiceDataset(service_id=showcased.id, dataset_id=d.id) for d in datasets)
    if needs is not None:
        session.execute(delete(ServiceNeed).where(ServiceNeed.service_id == showcased.id))
        session.add_all(ServiceNeed(service_id=showcased.id, need_id=n.id) for n in needs)
    session.flush()


def create_service(
    session: Session, *, actor: Actor, data: ServiceIn, now: datetime | None = None
) -> ShowcasedService:
    """Showcase a service, by staff of its operator (see the module's rules on accessibility)."""
    now = now or utcnow()
    operator = _operator_for(session, actor, data.operator)
    name = _strip_required(data.name, "name", 2)
    summary_sv = _strip_required(data.summary_sv, "summary_sv", 3)
    summary_en = _strip_required(data.summary_en, "summary_en", 3)
    url, statement_url = _check_addresses(data.url, data.accessibility_statement_url)
    statement = data.accessibility_statement.strip()
    _check_accessibility(data.accessibility_conformance, statement_url, statement)
    datasets = _resolve_datasets(session, data.datasets)
    needs = _resolve_needs(session, data.needs)
    showcased = ShowcasedService(
        id=str(uuid.uuid4()),
        name=name,
        summary_sv=summary_sv,
        summary_en=summary_en,
        description_sv=data.description_sv.strip(),
        description_en=data.description_en.strip(),
        url=url,
        operator_organisation_id=operator.id,
        accessibility_conformance=data.accessibility_conformance,
        accessibility_statement_url=statement_url,
        accessibility_statement=statement,
        created_by=actor.person_id,
        created_at=now,
        updated_at=now,
    )
    session.add(showcased)
    session.flush()
    _link(session, showcased, datasets, needs)
    return showcased


REQUIRED_IN_PATCH: Final = (
    "name",
    "summary_sv",
    "summary_en",
    "accessibility_conformance",
    "datasets",
    "needs",
)


def update_service(
    session: Session, *, actor: Actor, service_id: str, data: ServicePatch, now: datetime | None = None
) -> ShowcasedService:
    """Change a service (its operator's staff): only the fields given change; `url` and
    `accessibility_statement_url` given as null are removed."""
    showcased = get_service(session, service_id=service_id)
    _require_operator_staff(actor, showcased, "change it")
    given = data.model_fields_set
    empty = [field for field in REQUIRED_IN_PATCH if field in given and getattr(data, field) is None]
    if empty:
        raise InvalidService(
            "Some fields cannot be empty.",
            hint="Leave a field out to keep it as it is.",
            field_errors=[FieldError(field, "may not be null") for field in empty],
        )
    name = _strip_required(data.name, "name", 2) if data.name is not None else showcased.name
    summary_sv = (
        _strip_required(data.summary_sv, "summary_sv", 3) if data.summary_sv else showcased.summary_sv
    )
    summary_en = (
        _strip_required(data.summary_en, "summary_en", 3) if data.summary_en else showcased.summary_en
    )
    url, statement_url = _check_addresses(
        data.url if "url" in given else showcased.url,
        data.accessibility_statement_url
        if "accessibility_statement_url" in given
        else showcased.accessibility_statement_url,
    )
    statement = (
        (data.accessibility_statement or "").strip()
        if "accessibility_statement" in given
        else showcased.accessibility_statement
    )
    conformance = data.accessibility_conformance or showcased.accessibility_conformance
    _check_accessibility(conformance, statement_url, statement)
    datasets = _resolve_datasets(session, data.datasets) if data.datasets is not None else None
    needs = _resolve_needs(session, data.needs) if data.needs is not None else None
    showcased.name, showcased.summary_sv, showcased.summary_en = name, summary_sv, summary_en
    if "description_sv" in given:
        showcased.description_sv = (data.description_sv or "").strip()
    if "description_en" in given:
        showcased.description_en = (data.description_en or "").strip()
    showcased.url = url
    showcased.accessibility_conformance = conformance
    showcased.accessibility_statement_url = statement_url
    showcased.accessibility_statement = statement
    showcased.updated_at = now or utcnow()
    _link(session, showcased, datasets, needs)
    return showcased


def _cursor(token: str) -> tuple[datetime, str]:
    position = decode_cursor(token)
    try:
        return datetime.fromisoformat(str(position["c"])), str(position["i"])
    except (KeyError, ValueError) as exc:
        raise InvalidArenaQuery("The cursor is not valid.", hint="Use the 'next' value as returned.") from exc


def _filter_ids(session: Session, name: str, keys: Sequence[str], hint: str, resolve: Any) -> list[str]:
    ids: list[str] = []
    bad: list[str] = []
    for key in _unique(keys):
        found = resolve(session, key)
        if found is None:
            bad.append(key)
        else:
            ids.append(found.id)
    if bad:
        raise InvalidArenaQuery(
            f"Unknown {name}: {', '.join(bad)}.",
            hint=hint,
            field_errors=[FieldError(name, f"unknown value '{key}'") for key in bad],
        )
    return ids


def _dataset_or_none(session: Session, key: str) -> Dataset | None:
    try:
        return catalogue.get_dataset(session, key=key)
    except DatasetNotFound:
        return None


def list_services(
    session: Session,
    *,
    datasets: Sequence[str] = (),
    needs: Sequence[str] = (),
    operators: Sequence[str] = (),
    cursor: str | None = None,
    limit: int = 20,
) -> tuple[list[ShowcasedService], str | None]:
    """The showcase, newest first, filtered by dataset used, need addressed and operator (any of the values
    given for one filter; all filters together); an unknown value is an error."""
    dataset_ids = _filter_ids(
        session, "dataset", datasets, "Name catalogue datasets by id or name.", _dataset_or_none
    )
    need_ids = _filter_ids(session, "need", needs, "Name public needs by id (see /v1/needs).", _public_need)
    operator_ids = _filter_ids(
        session,
        "operator",
        operators,
        "Name organisations by id or name (see /v1/organisations).",
        lambda session, key: find_organisation(session, key=key),
    )
    statement = select(ShowcasedService)
    if dataset_ids:
        statement = statement.where(
            ShowcasedService.id.in_(
                select(ServiceDataset.service_id).where(ServiceDataset.dataset_id.in_(dataset_ids))
            )
        )
    if need_ids:
        statement = statement.where(
            ShowcasedService.id.in_(select(ServiceNeed.service_id).where(ServiceNeed.need_id.in_(need_ids)))
        )
    if operator_ids:
        statement = statement.where(ShowcasedService.operator_organisation_id.in_(operator_ids))
    if cursor:
        at, last_id = _cursor(cursor)
        statement = statement.where(
            or_(
                ShowcasedService.created_at < at,
                and_(ShowcasedService.created_at == at, ShowcasedService.id < last_id),
            )
        )
    rows = list(
        session.scalars(
            statement.order_by(ShowcasedService.created_at.desc(), ShowcasedService.id.desc()).limit(
                limit + 1
            )
        )
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor({"c": rows[-1].created_at.isoformat(), "i": rows[-1].id})
    return rows, next_cursor


# --- pilots ------------------------------------------------------------------------------------------------


def services_for_need(session: Session, need_id: str) -> list[ShowcasedService]:
    """The services that say they address a need, newest first (for the need's page)."""
    return list(
        session.scalars(
            select(ShowcasedService)
            .where(
                ShowcasedService.id.in_(select(ServiceNeed.service_id).where(ServiceNeed.need_id == need_id))
            )
            .order_by(ShowcasedService.created_at.desc(), ShowcasedService.id.desc())
        )
    )


def get_pilot(session: Session, *, pilot_id: str) -> Pilot:
    pilot = session.get(Pilot, pilot_id)
    if pilot is None:
        raise PilotNotFound(f"There is no pilot '{pilot_id}'.", hint="A service's pilots are in its page.")
    return pilot


def list_pilots(session: Session, *, service_id: str) -> list[Pilot]:
    get_service(session, service_id=service_id)
    return list(
        session.scalars(
            select(Pilot).where(Pilot.service_id == service_id).order_by(Pilot.starts_on, Pilot.created_at)
        )
    )


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise InvalidPilot(
            "The pilot ends before it starts.",
            hint="Give an end date on or after the start date.",
            field_errors=[FieldError("ends_on", "must be on or after starts_on")],
        )


def _pilot_text(value: str, field: str) -> str:
    cleaned = value.strip()
    if len(cleaned) < 3:
        raise InvalidPilot(
            f"The {field} is too short.", field_errors=[FieldError(field, "at least 3 characters")]
        )
    return cleaned


def create_pilot(
    session: Session, *, actor: Actor, service_id: str, data: PilotIn, now: datetime | None = None
) -> Pilot:
    """Plan a pilot of the service with a cohort of citizens (its operator's staff)."""
    now = now or utcnow()
    showcased = get_service(session, service_id=service_id)
    _require_operator_staff(actor, showcased, "plan its pilots")
    _check_period(data.starts_on, data.ends_on)
    if data.cohort_size is not None and data.cohort_size < 1:
        raise InvalidPilot(
            "The cohort size must be positive.", field_errors=[FieldError("cohort_size", "at least 1")]
        )
    pilot = Pilot(
        id=str(uuid.uuid4()),
        service_id=showcased.id,
        title=_pilot_text(data.title, "title"),
        cohort=_pilot_text(data.cohort, "cohort"),
        cohort_size=data.cohort_size,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        evaluation=_pilot_text(data.evaluation, "evaluation"),
        result="",
        decision=None,
        decided_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(pilot)
    session.flush()
    return pilot


def _open_pilot(session: Session, actor: Actor, pilot_id: str, doing: str) -> Pilot:
    pilot = session.get(Pilot, pilot_id, with_for_update=True)
    if pilot is None:
        raise PilotNotFound(f"There is no pilot '{pilot_id}'.", hint="A service's pilots are in its page.")
    _require_operator_staff(actor, get_service(session, service_id=pilot.service_id), doing)
    if pilot.decision is not None:
        raise PilotDecided(
            f"This pilot was decided already ({pilot.decision}); it is closed.",
            hint="Plan a new pilot to test the service again.",
            extra={
                "decision": pilot.decision,
                "decided_at": pilot.decided_at.isoformat() if pilot.decided_at else None,
            },
        )
    return pilot


def update_pilot(
    session: Session, *, actor: Actor, pilot_id: str, data: PilotPatch, now: datetime | None = None
) -> Pilot:
    """Change a pilot's evaluation plan or write its result so far (until it is decided)."""
    pilot = _open_pilot(session, actor, pilot_id, "change its pilots")
    given = data.model_fields_set
    if "evaluation" in given:
        if data.evaluation is None:
            raise InvalidPilot(
                "The evaluation cannot be empty.", field_errors=[FieldError("evaluation", "may not be null")]
            )
        pilot.evaluation = _pilot_text(data.evaluation, "evaluation")
    if "result" in given:
        pilot.result = (data.result or "").strip()
    pilot.updated_at = now or utcnow()
    session.flush()
    return pilot


def decide_pilot(
    session: Session, *, actor: Actor, pilot_id: str, decision: str, result: str, now: datetime | None = None
) -> Pilot:
    """The pilot's one decision: scale, iterate or stop, with its result. A second decision is refused."""
    now = now or utcnow()
    pilot = _open_pilot(session, actor, pilot_id, "decide its pilots")
    errors: list[FieldError] = []
    if decision not in PILOT_DECISIONS:
        errors.append(FieldError("decision", f"must be one of {', '.join(PILOT_DECISIONS)}"))
    if len(result.strip()) < 3:
        errors.append(FieldError("result", "required: what the pilot showed (at least 3 characters)"))
    if errors:
        raise InvalidPilot(
            "The decision needs one of scale, iterate or stop, and the result.", field_errors=errors
        )
    pilot.decision = decision
    pilot.result = result.strip()
    pilot.decided_at = now
    pilot.updated_at = now
    session.flush()
    return pilot


# --- feedback ----------------------------------------------------------------------------------------------


def give_feedback(
    session: Session, *, actor: Actor, service_id: str, data: FeedbackIn, now: datetime | None = None
) -> Feedback:
    """A signed-in person's feedback on a service or one of its pilots; texts with personal data are
    refused, as in needs."""
    if actor.person_id is None:
        raise NotAllowed("Feedback is given by people.", hint="Sign in to give feedback.")
    showcased = get_service(session, service_id=service_id)
    text = data.text.strip()
    if len(text) < 3:
        raise InvalidFeedback(
            "The feedback is too short.", field_errors=[FieldError("text", "at least 3 characters")]
        )
    if data.rating is not None and not 1 <= data.rating <= 5:
        raise InvalidFeedback("The rating is 1 to 5.", field_errors=[FieldError("rating", "from 1 to 5")])
    if data.pilot_id is not None:
        pilot = session.get(Pilot, data.pilot_id)
        if pilot is None or pilot.service_id != showcased.id:
            raise InvalidFeedback(
                f"'{data.pilot_id}' is not a pilot of this service.",
                hint="Leave pilot_id out, or name one of the service's pilots.",
                field_errors=[FieldError("pilot_id", f"not a pilot of service '{showcased.id}'")],
            )
    personal_data.check({"text": text})
    feedback = Feedback(
        id=str(uuid.uuid4()),
        service_id=showcased.id,
        pilot_id=data.pilot_id,
        person_id=actor.person_id,
        text=text,
        rating=data.rating,
        need_id=None,
        created_at=now or utcnow(),
    )
    session.add(feedback)
    session.flush()
    return feedback


def list_feedback(
    session: Session, *, service_id: str, cursor: str | None = None, limit: int = 20
) -> tuple[list[Feedback], str | None]:
    """A service's feedback, newest first, in pages."""
    showcased = get_service(session, service_id=service_id)
    statement = select(Feedback).where(Feedback.service_id == showcased.id)
    if cursor:
        at, last_id = _cursor(cursor)
        statement = statement.where(
            or_(Feedback.created_at < at, and_(Feedback.created_at == at, Feedback.id < last_id))
        )
    rows = list(
        session.scalars(statement.order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(limit + 1))
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor({"c": rows[-1].created_at.isoformat(), "i": rows[-1].id})
    return rows, next_cursor


def may_convert(actor: Actor | None, feedback: Feedback, showcased: ShowcasedService) -> bool:
    """Whether the actor may turn this feedback into a need (its author or the operator's staff)."""
    if actor is None or feedback.need_id is not None:
        return False
    return (actor.person_id is not None and actor.person_id == feedback.person_id) or may_operate(
        actor, showcased
    )


def _shortened(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] if " " in flat[: limit - 1] else flat[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def feedback_to_need(
    session: Session,
    *,
    actor: Actor,
    feedback_id: str,
    lead_agency: str | None = None,
    now: datetime | None = None,
) -> Need:
    """Turn feedback into a new, submitted need of its author (by the author or the operator's staff), once.

    The need is a `problem` whose title and summary come from the feedback's words and whose description
    names the service; its lead is `lead_agency`, else the operator when that is an agency, municipality or
    school. Its one status event is `submitted` (by the author, whose words it is)."""
    feedback = session.get(Feedback, feedback_id, with_for_update=True)
    if feedback is None:
        raise FeedbackNotFound(
            f"There is no feedback '{feedback_id}'.", hint="See a service's feedback list."
        )
    showcased = get_service(session, service_id=feedback.service_id)
    is_author = actor.person_id is not None and actor.person_id == feedback.person_id
    if not (is_author or may_operate(actor, showcased)):
        raise NotAllowed(
            "Only the feedback's author or staff of the service's operator may turn it into a need.",
            hint="Sign in as the author or as staff of the operator.",
        )
    if feedback.need_id is not None:
        raise FeedbackConverted(
            "This feedback became a need already.",
            hint=f"See the need at /v1/needs/{feedback.need_id}.",
            extra={"need_id": feedback.need_id},
        )
    operator = session.get(Organisation, showcased.operator_organisation_id)
    lead = lead_agency.strip() if lead_agency and lead_agency.strip() else None
    if lead is None and operator is not None and operator.type in AGENCY_TYPES:
        lead = operator.id
    reference = (
        f"Från återkoppling på tjänsten ”{showcased.name}” (/arena/services/{showcased.id}).\n"
        f"From feedback on the service “{showcased.name}” (/arena/services/{showcased.id})."
    )
    data = NeedIn(
        kind="problem",
        title=_shortened(feedback.text, NEED_TITLE_LENGTH),
        summary=_shortened(feedback.text, NEED_SUMMARY_LENGTH),
        description=f"{feedback.text}\n\n{reference}",
        lead_agency=lead,
        submit=True,
    )
    author = service.actor_for_person(session, person_id=feedback.person_id)
    need = service.create_need(session, actor=author, data=data, now=now)
    feedback.need_id = need.id
    session.flush()
    return need


# --- views -------------------------------------------------------------------------------------------------


def pilot_out(pilot: Pilot) -> PilotOut:
    return PilotOut(
        id=pilot.id,
        service_id=pilot.service_id,
        title=pilot.title,
        cohort=pilot.cohort,
        cohort_size=pilot.cohort_size,
        starts_on=pilot.starts_on,
        ends_on=pilot.ends_on,
        evaluation=pilot.evaluation,
        result=pilot.result,
        decision=pilot.decision,
        decided_at=pilot.decided_at,
        created_at=pilot.created_at,
        updated_at=pilot.updated_at,
    )


def feedback_out(feedback: Feedback, *, secret: bytes) -> FeedbackOut:
    return FeedbackOut(
        id=feedback.id,
        service_id=feedback.service_id,
        pilot_id=feedback.pilot_id,
        author=service.pseudonym(secret, feedback.person_id),
        text=feedback.text,
        rating=feedback.rating,
        need_id=feedback.need_id,
        created_at=feedback.created_at,
    )


def services_out(
    session: Session,
    services: Sequence[ShowcasedService],
    *,
    secret: bytes,
    feedback: Sequence[Feedback] | None = None,
) -> list[ServiceOut]:
    """The public view of services, in a few batched queries: operator, datasets, the public needs they
    address, accessibility and pilots (and, for one service, the feedback given)."""
    ids = [showcased.id for showcased in services]
    operators = {
        organisation.id: organisation
        for organisation in session.scalars(
            select(Organisation).where(
                Organisation.id.in_({showcased.operator_organisation_id for showcased in services})
            )
        )
    }
    datasets: dict[str, list[ServiceDatasetOut]] = {}
    for service_id, dataset in session.execute(
        select(ServiceDataset.service_id, Dataset)
        .join(Dataset, Dataset.id == ServiceDataset.dataset_id)
        .where(ServiceDataset.service_id.in_(ids))
        .order_by(Dataset.name)
    ):
        datasets.setdefault(service_id, []).append(
            ServiceDatasetOut(
                id=dataset.id, name=dataset.name, title_sv=dataset.title_sv, title_en=dataset.title_en
            )
        )
    needs: dict[str, list[ServiceNeedOut]] = {}
    for service_id, need_id, title, state in session.execute(
        select(ServiceNeed.service_id, Need.id, Need.title, Need.state)
        .join(Need, Need.id == ServiceNeed.need_id)
        .where(
            ServiceNeed.service_id.in_(ids),
            Need.submitted_at.is_not(None),
            Need.id.not_in(service.hidden_ids("need")),
        )
        .order_by(Need.title, Need.id)
    ):
        needs.setdefault(service_id, []).append(ServiceNeedOut(id=need_id, title=title, state=state))
    pilots: dict[str, list[PilotOut]] = {}
    for pilot in session.scalars(
        select(Pilot).where(Pilot.service_id.in_(ids)).order_by(Pilot.starts_on, Pilot.created_at)
    ):
        pilots.setdefault(pilot.service_id, []).append(pilot_out(pilot))
    counts: dict[str, int] = {
        str(service_id): int(count)
        for service_id, count in session.execute(
            select(Feedback.service_id, func.count())
            .where(Feedback.service_id.in_(ids))
            .group_by(Feedback.service_id)
        ).all()
    }
    out: list[ServiceOut] = []
    for showcased in services:
        operator = operators[showcased.operator_organisation_id]
        out.append(
            ServiceOut(
                id=showcased.id,
                name=showcased.name,
                summary_sv=showcased.summary_sv,
                summary_en=showcased.summary_en,
                description_sv=showcased.description_sv,
                description_en=showcased.description_en,
                url=showcased.url,
                operator=ServiceOperatorOut(
                    id=operator.id, name=operator.name, title_sv=operator.title_sv, title_en=operator.title_en
                ),
                datasets=datasets.get(showcased.id, []),
                needs=needs.get(showcased.id, []),
                accessibility=AccessibilityOut.model_validate(
                    {
                        "conformance": showcased.accessibility_conformance,
                        "statement_url": showcased.accessibility_statement_url,
                        "statement": showcased.accessibility_statement,
                    }
                ),
                pilots=pilots.get(showcased.id, []),
                feedback_count=counts.get(showcased.id, 0),
                feedback=[feedback_out(f, secret=secret) for f in feedback] if feedback is not None else None,
                created_at=showcased.created_at,
                updated_at=showcased.updated_at,
            )
        )
    return out
