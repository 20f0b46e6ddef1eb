"""The arena's pages for people: the public dashboard (overall and per lead agency).

The charts are inline SVG drawn on the server (a title, a description, a text label on every bar), and the
same figures stand in a table beside each chart, so the page reads without JavaScript, without colour and
with a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from samskapa.accounts.models import Organisation
from samskapa.accounts.service import SignedIn
from samskapa.arena import (
    clocks,
    dashboard,
    ideas,
    moderation,
    notifications,
    personal_data,
    releases,
    service,
    showcase,
)
from samskapa.arena.errors import (
    ChallengeClosed,
    EditWindowClosed,
    InvalidArenaQuery,
    InvalidChallenge,
    InvalidFeedback,
    InvalidIdea,
    InvalidPilot,
    InvalidService,
    NotAllowed,
    PersonalDataFound,
)
from samskapa.arena.models import Challenge, Follow, Need
from samskapa.arena.schemas import (
    ChallengeIn,
    ChallengeOut,
    CommentIn,
    DashboardAgency,
    DashboardFigures,
    DurationFigures,
    FeedbackIn,
    IdeaIn,
    IdeaOut,
    ModerationActionIn,
    NeedIn,
    NeedOut,
    NeedPatch,
    PilotIn,
    ReportIn,
    ServiceIn,
    ServiceOut,
    SimilarOut,
    SupportIn,
    TransitionIn,
)
from samskapa.arena.service import PUBLIC_STATES, Actor, NeedQuery
from samskapa.arena.vocabulary import (
    AGENCY_TYPES,
    AUTHOR,
    DECISIONS,
    KINDS,
    REASON_CODES,
    STAFF,
    STAKEHOLDER_TYPES,
    STANCES,
    TERMINAL,
    TRANSITIONS,
)
from samskapa.core.errors import DomainError, Forbidden
from samskapa.core.text import fold
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys
from samskapa.web.deps import DbSession, OptionalPerson, PostedForm, SettingsDep, sign_in_redirect
from samskapa.web.forms import Problem
from samskapa.web.i18n import Language, request_language, translate
from samskapa.web.templating import render

router = APIRouter(include_in_schema=False)

CHART_WIDTH = 320  # the width of the longest bar, in SVG units
Today = Annotated[date | None, Query(description="Read the clocks at this day.")]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    width: float


def _bars(items: list[tuple[str, float | None, str]]) -> list[Bar]:
    """Bars scaled to the largest value (a missing value is an empty bar labelled with a dash)."""
    top = max((value for _label, value, _shown in items if value), default=0.0)
    return [
        Bar(label, value or 0.0, shown, (value or 0.0) / top * CHART_WIDTH if top else 0.0)
        for label, value, shown in items
    ]


def _number(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "sv" else text


def _percent(value: float | None, lang: Language) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f} %" if lang == "sv" else f"{value * 100:.0f}%"


def _charts(figures: DashboardFigures, lang: Language) -> dict[str, list[Bar]]:
    def t(key: str) -> str:
        return translate(key, lang)

    steps: list[tuple[str, DurationFigures]] = [
        (t("arena.dash.step.triage"), figures.time_to_triage),
        (t("arena.dash.step.decision"), figures.time_to_decision),
        (t("arena.dash.step.release"), figures.time_to_release),
    ]
    times: list[tuple[str, float | None, str]] = []
    for name, step in steps:
        times.append(
            (
                f"{name}, {t('arena.dash.median')}",
                step.median_working_days,
                _number(step.median_working_days, lang),
            )
        )
        p90 = float(step.p90_working_days) if step.p90_working_days is not None else None
        times.append((f"{name}, {t('arena.dash.p90')}", p90, _number(p90, lang)))
    shares = [
        (t("arena.dash.share.triage"), figures.triage_within_clock.share),
        (t("arena.dash.share.decision"), figures.decision_within_clock.share),
    ]
    mix = figures.decision_mix.model_dump()
    return {
        "times": _bars(times),
        "shares": [
            Bar(label, share or 0.0, _percent(share, lang), (share or 0.0) * CHART_WIDTH)
            for label, share in shares
        ],
        "backlog": _bars(
            [(bucket.label, float(bucket.needs), str(bucket.needs)) for bucket in figures.backlog]
        ),
        "mix": _bars(
            [(t(f"arena.dash.decision.{state}"), float(mix[state]), str(mix[state])) for state in DECISIONS]
        ),
    }


def _title(agency: DashboardAgency | None, lang: Language) -> str | None:
    if agency is None:
        return None
    return agency.title_sv if lang == "sv" else agency.title_en


def _page(request: Request, session: DbSession, agency: str | None, today: date | None) -> HTMLResponse:
    lang = request_language(request)
    out = dashboard.dashboard(session, agency=agency, today=today)
    return render(
        request,
        "arena_dashboard.html",
        {
            "out": out,
            "figures": out.figures,
            "charts": _charts(out.figures, lang),
            "chart_width": CHART_WIDTH,
            "agency_title": _title(out.agency, lang),
            "rows": [
                {
                    "agency": row.agency,
                    "title": _title(row.agency, lang) or translate("arena.dash.no_lead", lang),
                    "figures": row.figures,
                    "median_triage": _number(row.figures.time_to_triage.median_working_days, lang),
                    "median_decision": _number(row.figures.time_to_decision.median_working_days, lang),
                    "triage_share": _percent(row.figures.triage_within_clock.share, lang),
                    "decision_share": _percent(row.figures.decision_within_clock.share, lang),
                }
                for row in out.by_agency
            ],
            "num": lambda value: _number(value, lang),
            "pct": lambda value: _percent(value, lang),
        },
    )


@router.get("/arena/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, session: DbSession, today: Today = None) -> HTMLResponse:
    return _page(request, session, None, today)


@router.get("/arena/dashboard/{agency}", response_class=HTMLResponse)
def agency_dashboard_page(
    request: Request,
    session: DbSession,
    agency: Annotated[str, Path(min_length=1, max_length=100)],
    today: Today = None,
) -> HTMLResponse:
    return _page(request, session, agency, today)


# --- the need pages and releases ----------------------------------------------------------------------------

NEED_PAGE_SIZE: Final = 20
NEED_COMMENTS: Final = 200
NEED_TEXT_FIELDS: Final = (
    "title",
    "summary",
    "description",
    "affected_groups",
    "purpose",
    "region",
    "concepts",
)
NEED_DATA_FIELDS: Final = ("granularity", "frequency", "coverage", "format")
NEED_FORM_FIELDS: Final = ("kind", *NEED_TEXT_FIELDS, *NEED_DATA_FIELDS, "lead_agency")
NEED_LIMITS: Final = {
    "title": 200,
    "summary": 1000,
    "description": 20000,
    "affected_groups": 5000,
    "purpose": 2000,
    "region": 200,
    "concepts": 5000,
    "lead_agency": 100,
    **dict.fromkeys(NEED_DATA_FIELDS, 200),
}
# The forms of the need page: prefix -> their fields (the first is where a general error points).
NEED_FORMS: Final[dict[str, tuple[str, ...]]] = {
    "support": ("stakeholder_type", "use_note"),
    "withdraw-support": ("button",),
    "comment": ("text", "stance"),
    "follow": ("button",),
    "unfollow": ("button",),
    "report": ("reason", "note"),
    "author": ("to", "reason_code", "message"),
    "answer": ("to", "reason_code", "message", "merged_into"),
    "release": ("dataset", "data_service", "version", "coverage", "note"),
    "verify": ("verdict", "note"),
}
REPORT_REASONS: Final = ("spam", "offensive", "personal_data", "off_topic", "duplicate")
NEED_DONE: Final = frozenset(
    {
        "created",
        "draft",
        "edited",
        "supported",
        "support-withdrawn",
        "commented",
        "followed",
        "unfollowed",
        "reported",
        "moved",
        "released",
        "verified",
    }
)
NeedPageId = Annotated[str, Path(min_length=1, max_length=36)]
PageText = Annotated[str, Query(max_length=200)]


def _need_secret(request: Request) -> bytes:
    keys: PlatformKeys = request.app.state.keys
    return keys.pairwise_secret


def _need_form_text(form: FormData, name: str, limit: int = 20000) -> str:
    value = form.get(name, "")
    return value.strip()[: limit + 1] if isinstance(value, str) else ""


def _need_login(path: str) -> RedirectResponse:
    return RedirectResponse(f"/login?{urlencode({'next': path})}", status_code=303)


def _need_agency_choices(session: Session, lang: Language) -> list[tuple[str, str]]:
    rows = session.scalars(select(Organisation).where(Organisation.type.in_(AGENCY_TYPES)))
    choices = [(row.id, row.title_sv if lang == "sv" else row.title_en) for row in rows]
    return sorted(choices, key=lambda choice: fold(choice[1]))


def _need_org_titles(session: Session, ids: set[str], lang: Language) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    return {row.id: row.title_sv if lang == "sv" else row.title_en for row in rows}


def _need_problems(
    error: DomainError, prefix: str, fields: Sequence[str], labels: dict[str, str], lang: Language
) -> list[Problem]:
    """A service's error on the form's fields; its words are English unless we have our own."""
    problems: list[Problem] = []
    for found in error.field_errors or []:
        name = (
            found.field.split(".")[-1] if found.field.split(".")[-1] in fields else found.field.split(".")[0]
        )
        name = name if name in fields else fields[0]
        anchor = f"{prefix}-{name}" if prefix else name
        if isinstance(error, PersonalDataFound):
            problems.append(
                Problem(anchor, labels[name], translate("arena.need.error.personal_data", lang), lang)
            )
        else:
            problems.append(Problem(anchor, labels[name], found.message, "en"))
    if not problems:
        anchor = f"{prefix}-{fields[0]}" if prefix else fields[0]
        problems.append(Problem(anchor, labels[fields[0]], error.message, "en"))
    return problems


def _need_validation_problems(
    error: ValidationError, labels: dict[str, str], lang: Language
) -> list[Problem]:
    messages = {
        "missing": "arena.need.error.required",
        "string_too_short": "arena.need.error.too_short",
        "string_too_long": "arena.need.error.too_long",
        "literal_error": "arena.need.error.choice",
        "too_long": "arena.need.error.too_many",
    }
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in error.errors():
        parts = [str(part) for part in item["loc"]]
        name = next((part for part in reversed(parts) if part in labels), "title")
        if name in seen:
            continue
        seen.add(name)
        key = messages.get(item["type"])
        if key:
            problems.append(Problem(name, labels[name], translate(key, lang), lang))
        else:
            problems.append(Problem(name, labels[name], item["msg"], "en"))
    return problems


# --- the list of needs -------------------------------------------------------------------------------------


@router.get("/arena", response_class=HTMLResponse)
def needs_list_page(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    kind: PageText = "",
    state: PageText = "",
    agency: PageText = "",
    q: Annotated[str, Query(max_length=500)] = "",
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    values = {"kind": kind.strip(), "state": state.strip(), "agency": agency.strip(), "q": q.strip()}
    query = NeedQuery(
        kinds=[values["kind"]] if values["kind"] else [],
        states=[values["state"]] if values["state"] else [],
        agencies=[values["agency"]] if values["agency"] else [],
        q=values["q"],
    )
    labels = {name: translate(f"arena.need.filter.{name}", lang) for name in ("kind", "state", "agency", "q")}
    problems: list[Problem] = []
    items: list[NeedOut] = []
    next_cursor: str | None = None
    try:
        needs, next_cursor = service.list_needs(
            session, query=query, cursor=cursor or None, limit=min(NEED_PAGE_SIZE, settings.page_size_max)
        )
        items = service.needs_out(
            session, needs, secret=_need_secret(request), today=clocks.swedish_date(utcnow())
        )
    except InvalidArenaQuery as error:
        problems = _need_problems(
            error, "", ("q", "kind", "state", "agency"), labels | {"cursor": labels["q"]}, lang
        )
    agencies = _need_org_titles(session, {item.lead_agency_id for item in items if item.lead_agency_id}, lang)
    params = [(name, value) for name, value in values.items() if value]
    return render(
        request,
        "arena_needs.html",
        {
            "items": items,
            "values": values,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "agencies": agencies,
            "agency_choices": _need_agency_choices(session, lang),
            "kinds": KINDS,
            "states": PUBLIC_STATES,
            "params": params,
            "cursor": cursor,
            "next_cursor": next_cursor,
        },
        status=400 if problems else 200,
    )


# --- writing and editing a need ----------------------------------------------------------------------------


def _need_labels(lang: Language) -> dict[str, str]:
    labels = {name: translate(f"arena.need.field.{name}", lang) for name in NEED_FORM_FIELDS}
    labels["co_agencies"] = labels["lead_agency"]
    labels["desired_data"] = labels["granularity"]
    return labels


def _need_form_page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    values: dict[str, str],
    need_id: str | None = None,
    problems: list[Problem] | None = None,
    similar: SimilarOut | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    problems = problems or []
    return render(
        request,
        "arena_need_form.html",
        {
            "need_id": need_id,
            "action": f"/arena/needs/{need_id}/edit" if need_id else "/arena/needs",
            "csrf_token": person.csrf_token,
            "values": values,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "kinds": KINDS,
            "agency_choices": _need_agency_choices(session, lang),
            "similar": similar,
        },
        status=status,
    )


def _need_values(form: FormData) -> dict[str, str]:
    return {name: _need_form_text(form, name, NEED_LIMITS.get(name, 20)) for name in NEED_FORM_FIELDS}


def _need_split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _need_payload(values: dict[str, str]) -> dict[str, object]:
    return {
        "title": values["title"],
        "summary": values["summary"],
        "description": values["description"],
        "affected_groups": _need_split(values["affected_groups"]),
        "purpose": values["purpose"],
        "desired_data": {name: values[name] for name in NEED_DATA_FIELDS if values[name]},
        "region": values["region"] or None,
        "concepts": _need_split(values["concepts"].replace(" ", ",")),
    }


def _need_similar(session: Session, values: dict[str, str], lang: Language) -> SimilarOut:
    text = values["title"] if len(values["title"]) >= releases.SIMILAR_MIN else values["summary"]
    try:
        return releases.similar(session, q=text[: releases.SIMILAR_MAX], lang=lang)
    except InvalidArenaQuery:
        return SimilarOut(q=text, datasets=[], needs=[])


def _need_length_problems(values: dict[str, str], labels: dict[str, str], lang: Language) -> list[Problem]:
    return [
        Problem(name, labels[name], translate("arena.need.error.too_long", lang), lang)
        for name, limit in NEED_LIMITS.items()
        if len(values.get(name, "")) > limit
    ]


@router.get("/arena/needs/new", response_class=HTMLResponse)
def new_need_page(request: Request, session: DbSession, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    values = dict.fromkeys(NEED_FORM_FIELDS, "")
    values["kind"] = "data_need"
    return _need_form_page(request, session, person, values=values)


@router.post("/arena/needs", response_class=HTMLResponse)
def create_need_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _need_login("/arena/needs/new")
    person.check_csrf(_need_form_text(form, "csrf_token", 200))
    lang = request_language(request)
    values = _need_values(form)
    labels = _need_labels(lang)
    action = _need_form_text(form, "action", 20)
    if action == "similar":
        similar = _need_similar(session, values, lang)
        return _need_form_page(request, session, person, values=values, similar=similar)
    problems = _need_length_problems(values, labels, lang)
    if not problems:
        payload = _need_payload(values) | {
            "kind": values["kind"],
            "lead_agency": values["lead_agency"] or None,
            "submit": action == "submit",
        }
        try:
            data = NeedIn.model_validate(payload)
        except ValidationError as error:
            problems = _need_validation_problems(error, labels, lang)
        else:
            actor = service.actor_for_person(session, person_id=person.person_id)
            try:
                need = service.create_need(session, actor=actor, data=data)
            except DomainError as error:
                session.rollback()
                problems = _need_problems(error, "", NEED_FORM_FIELDS, labels, lang)
            else:
                done = "created" if data.submit else "draft"
                return RedirectResponse(f"/arena/needs/{need.id}?done={done}", status_code=303)
    return _need_form_page(request, session, person, values=values, problems=problems, status=400)


def _own_need_for_edit(session: Session, need_id: str, person: SignedIn) -> Need:
    """The person's own need, while they may edit it (else the service's error)."""
    need = service.get_need(session, need_id=need_id, viewer_id=person.person_id)
    if need.author_id != person.person_id:
        raise NotAllowed("Only its author may edit a need.", hint="Comment on the need instead.")
    if not _need_edit_open(need):
        until = service.edit_until(need)
        raise EditWindowClosed(
            "This need can no longer be edited.",
            hint="A need can be edited for 24 hours after submission; comment on it instead.",
            extra={"edit_until": until.isoformat() if until else None, "state": need.state},
        )
    return need


def _need_edit_open(need: Need) -> bool:
    until = service.edit_until(need)
    if need.state in TERMINAL:
        return False
    return need.state in {"draft", "needs_info"} or (until is not None and utcnow() <= until)


@router.get("/arena/needs/{need_id}/edit", response_class=HTMLResponse)
def edit_need_page(
    request: Request, session: DbSession, person: OptionalPerson, need_id: NeedPageId
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    need = _own_need_for_edit(session, need_id, person)
    concepts = service.needs_out(
        session, [need], secret=_need_secret(request), today=clocks.swedish_date(utcnow())
    )[0].concepts
    values = {
        "kind": need.kind,
        "title": need.title,
        "summary": need.summary,
        "description": need.description,
        "affected_groups": ", ".join(need.affected_groups),
        "purpose": need.purpose,
        "region": need.region or "",
        "concepts": ", ".join(concepts),
        "lead_agency": need.lead_agency_id or "",
        **{name: str(need.desired_data.get(name) or "") for name in NEED_DATA_FIELDS},
    }
    return _need_form_page(request, session, person, values=values, need_id=need.id)


@router.post("/arena/needs/{need_id}/edit", response_class=HTMLResponse)
def update_need_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    if person is None:
        return _need_login(f"/arena/needs/{need_id}/edit")
    person.check_csrf(_need_form_text(form, "csrf_token", 200))
    need = _own_need_for_edit(session, need_id, person)
    lang = request_language(request)
    values = _need_values(form)
    values["kind"], values["lead_agency"] = need.kind, need.lead_agency_id or ""
    labels = _need_labels(lang)
    if _need_form_text(form, "action", 20) == "similar":
        return _need_form_page(
            request,
            session,
            person,
            values=values,
            need_id=need.id,
            similar=_need_similar(session, values, lang),
        )
    problems = _need_length_problems(values, labels, lang)
    if not problems:
        try:
            data = NeedPatch.model_validate(_need_payload(values))
        except ValidationError as error:
            problems = _need_validation_problems(error, labels, lang)
        else:
            actor = service.actor_for_person(session, person_id=person.person_id)
            try:
                service.update_need(session, need_id=need.id, actor=actor, data=data)
            except DomainError as error:
                session.rollback()
                problems = _need_problems(error, "", NEED_FORM_FIELDS, labels, lang)
            else:
                return RedirectResponse(f"/arena/needs/{need.id}?done=edited", status_code=303)
    return _need_form_page(
        request, session, person, values=values, need_id=need.id, problems=problems, status=400
    )


# --- the need page -----------------------------------------------------------------------------------------


def _need_moves(need: Need, role: str) -> list[str]:
    """The next states `role` may move the need to from its page (releases and the requester's answer to a
    release have their own forms)."""
    targets = [
        target
        for target in service.allowed_next(need)
        if role in TRANSITIONS[(need.state, target)].actors and target != "released"
    ]
    if need.state == "released":
        targets = [target for target in targets if target not in {"fulfilled", "reopened"}]
    return targets


def _need_form_labels(lang: Language) -> dict[str, dict[str, str]]:
    return {
        prefix: {name: translate(f"arena.need.form.{prefix}.{name}", lang) for name in fields}
        for prefix, fields in NEED_FORMS.items()
    }


def _need_page(
    request: Request,
    session: Session,
    person: SignedIn | None,
    need_id: str,
    *,
    problems: list[Problem] | None = None,
    values: dict[str, str] | None = None,
    done: str = "",
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    viewer = person.person_id if person else None
    need = service.get_need(session, need_id=need_id, viewer_id=viewer)
    (out,) = service.needs_out(
        session, [need], secret=_need_secret(request), today=clocks.swedish_date(utcnow()), with_history=True
    )
    comments, _next = service.list_comments(
        session, need_id=need.id, cursor=None, limit=NEED_COMMENTS, viewer_id=viewer
    )
    release_rows = releases.releases_out(session, need.id)
    idea_rows = ideas.ideas_out(session, ideas.ideas_for_need(session, need.id), secret=_need_secret(request))
    service_rows = showcase.services_out(
        session, showcase.services_for_need(session, need.id), secret=_need_secret(request)
    )
    organisations = _need_org_titles(
        session,
        {*out.co_agency_ids, *([out.lead_agency_id] if out.lead_agency_id else [])}
        | {c.organisation_id for c in comments if c.organisation_id and c.official}
        | {e.actor_organisation_id for e in out.history or [] if e.actor_organisation_id},
        lang,
    )
    roles: frozenset[str] = frozenset()
    supporting = following = False
    verifiable: set[str] = set()
    if person is not None:
        actor = service.actor_for_person(session, person_id=person.person_id)
        roles = service.roles_of(session, actor, need)
        supporting = (
            releases.verifier_role(session, need=need, person_id=person.person_id) == releases.SUPPORTER
        )
        following = session.get(Follow, (need.id, person.person_id)) is not None
        latest = releases.latest_release(session, need_id=need.id)
        if latest is not None and releases.can_verify(
            session, need=need, release=latest, person_id=person.person_id
        ):
            verifiable.add(latest.id)
    problems = problems or []
    author_moves = _need_moves(need, AUTHOR) if AUTHOR in roles else []
    staff_moves = _need_moves(need, STAFF) if STAFF in roles else []
    return render(
        request,
        "arena_need.html",
        {
            "need": out,
            "comments": [service.comment_out(c, secret=_need_secret(request)) for c in comments],
            "releases": release_rows,
            "ideas": idea_rows,
            "services": service_rows,
            "organisations": organisations,
            "signed_in_person": person is not None,
            "csrf_token": person.csrf_token if person else "",
            "roles": roles,
            "is_author": AUTHOR in roles,
            "is_staff": STAFF in roles,
            "supporting": supporting,
            "following": following,
            "verifiable": verifiable,
            "edit_open": AUTHOR in roles and _need_edit_open(need),
            "author_moves": author_moves,
            "staff_moves": staff_moves,
            "reason_codes": REASON_CODES,
            "stakeholder_types": STAKEHOLDER_TYPES,
            "stances": STANCES,
            "report_reasons": REPORT_REASONS,
            "coverages": releases.COVERAGES,
            "verdicts": releases.VERDICTS,
            "can_release": STAFF in roles and "released" in service.allowed_next(need),
            "labels": _need_form_labels(lang),
            "values": values or {},
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "notice": f"arena.need.done.{done}" if done in NEED_DONE else None,
        },
        status=status,
    )


@router.get("/arena/needs/{need_id}", response_class=HTMLResponse)
def need_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    need_id: NeedPageId,
    done: Annotated[str, Query(max_length=30)] = "",
) -> HTMLResponse:
    return _need_page(request, session, person, need_id, done=done)


def _need_action(
    request: Request,
    session: Session,
    person: SignedIn | None,
    form: FormData,
    need_id: str,
    prefix: str,
    act: Callable[[Actor, dict[str, str]], object],
    done: str,
) -> Response:
    """A form of the need page: sign in first, check the CSRF token, call the service, and go back to the page
    (303), or show the page again with the error next to the form's field."""
    if person is None:
        return _need_login(f"/arena/needs/{need_id}")
    person.check_csrf(_need_form_text(form, "csrf_token", 200))
    fields = NEED_FORMS[prefix]
    values = {name: _need_form_text(form, f"{prefix}-{name}", 4000) for name in fields}
    actor = service.actor_for_person(session, person_id=person.person_id)
    try:
        act(actor, values)
    except (DomainError, ValidationError) as error:
        session.rollback()
        lang = request_language(request)
        labels = _need_form_labels(lang)[prefix]
        if isinstance(error, ValidationError):
            problems = [
                Problem(f"{prefix}-{name}", labels[name], message, lang)
                for name, message in (
                    (
                        next((str(p) for p in item["loc"] if str(p) in fields), fields[0]),
                        translate("arena.need.error.invalid", lang),
                    )
                    for item in error.errors()
                )
            ]
            status = 400
        else:
            problems = _need_problems(error, prefix, fields, labels, lang)
            if isinstance(error, Forbidden):  # the form is not on this person's page: point at the history
                problems = [Problem("history", p.label, p.message, p.lang) for p in problems]
            status = error.status
        return _need_page(
            request,
            session,
            person,
            need_id,
            problems=problems,
            values={f"{prefix}-{name}": value for name, value in values.items()},
            status=status,
        )
    anchor = (
        "releases" if prefix in {"release", "verify"} else "history" if prefix in {"author", "answer"} else ""
    )
    return RedirectResponse(
        f"/arena/needs/{need_id}?done={done}" + (f"#{anchor}" if anchor else ""), status_code=303
    )


def _need_person(actor: Actor) -> str:
    assert actor.person_id is not None
    return actor.person_id


@router.post("/arena/needs/{need_id}/support", response_class=HTMLResponse)
def support_need_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, values: dict[str, str]) -> object:
        data = SupportIn.model_validate(
            {"stakeholder_type": values["stakeholder_type"] or "citizen", "use_note": values["use_note"]}
        )
        personal_data.check({"use_note": data.use_note})
        return service.support(
            session,
            need_id=need_id,
            person_id=_need_person(actor),
            stakeholder_type=data.stakeholder_type,
            use_note=data.use_note,
        )

    return _need_action(request, session, person, form, need_id, "support", act, "supported")


@router.post("/arena/needs/{need_id}/support/withdraw", response_class=HTMLResponse)
def withdraw_support_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, _values: dict[str, str]) -> object:
        return service.withdraw_support(session, need_id=need_id, person_id=_need_person(actor))

    return _need_action(request, session, person, form, need_id, "withdraw-support", act, "support-withdrawn")


@router.post("/arena/needs/{need_id}/comments", response_class=HTMLResponse)
def comment_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, values: dict[str, str]) -> object:
        data = CommentIn.model_validate({"text": values["text"], "stance": values["stance"] or "neutral"})
        return service.add_comment(session, need_id=need_id, actor=actor, data=data)

    return _need_action(request, session, person, form, need_id, "comment", act, "commented")


@router.post("/arena/needs/{need_id}/follow", response_class=HTMLResponse)
def follow_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, _values: dict[str, str]) -> object:
        service.follow(session, need_id=need_id, person_id=_need_person(actor))
        return None

    return _need_action(request, session, person, form, need_id, "follow", act, "followed")


@router.post("/arena/needs/{need_id}/unfollow", response_class=HTMLResponse)
def unfollow_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, _values: dict[str, str]) -> object:
        service.unfollow(session, need_id=need_id, person_id=_need_person(actor))
        return None

    return _need_action(request, session, person, form, need_id, "unfollow", act, "unfollowed")


@router.post("/arena/needs/{need_id}/report", response_class=HTMLResponse)
def report_need_page(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    form: PostedForm,
    need_id: NeedPageId,
) -> Response:
    def act(actor: Actor, values: dict[str, str]) -> object:
        data = ReportIn.model_validate({"reason": values["reason"], "note": values["note"]})
        return moderation.report(
            session, actor=actor, need_id=need_id, data=data, threshold=settings.arena_auto_hide_reports
        )

    return _need_action(request, session, person, form, need_id, "report", act, "reported")


def _need_move(session: Session, need_id: str) -> Callable[[Actor, dict[str, str]], object]:
    def act(actor: Actor, values: dict[str, str]) -> object:
        data = TransitionIn.model_validate(
            {
                "to": values["to"],
                "reason_code": values["reason_code"] or None,
                "message": values["message"],
                "merged_into": values.get("merged_into") or None,
            }
        )
        return service.transition(
            session,
            need_id=need_id,
            actor=actor,
            to=data.to,
            reason_code=data.reason_code,
            message=data.message,
            merged_into=data.merged_into,
        )

    return act


@router.post("/arena/needs/{need_id}/move", response_class=HTMLResponse)
def author_move_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    return _need_action(
        request, session, person, form, need_id, "author", _need_move(session, need_id), "moved"
    )


@router.post("/arena/needs/{need_id}/answer", response_class=HTMLResponse)
def staff_answer_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    return _need_action(
        request, session, person, form, need_id, "answer", _need_move(session, need_id), "moved"
    )


@router.post("/arena/needs/{need_id}/releases", response_class=HTMLResponse)
def release_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm, need_id: NeedPageId
) -> Response:
    def act(actor: Actor, values: dict[str, str]) -> object:
        return releases.record_release(
            session,
            actor=actor,
            need_id=need_id,
            dataset=values["dataset"] or None,
            data_service=values["data_service"] or None,
            version=values["version"],
            coverage=values["coverage"],
            note=values["note"],
        )

    return _need_action(request, session, person, form, need_id, "release", act, "released")


@router.post("/arena/releases/{release_id}/verify", response_class=HTMLResponse)
def verify_release_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    form: PostedForm,
    release_id: Annotated[str, Path(min_length=1, max_length=36)],
) -> Response:
    need_id = releases.need_of_release(session, release_id=release_id)

    def act(actor: Actor, values: dict[str, str]) -> object:
        return releases.verify(
            session,
            person_id=_need_person(actor),
            release_id=release_id,
            verdict=values["verdict"],
            note=values["note"],
        )

    return _need_action(request, session, person, form, need_id, "verify", act, "verified")


# --- ideas and challenges ----------------------------------------------------------------------------------


IDEA_FIELDS: Final = ("title", "summary", "description", "needs", "datasets", "organisation", "challenge_id")
CHALLENGE_FIELDS: Final = ("title", "summary", "description", "open_until", "needs", "organisation")
# Form field -> (minimum, maximum) length, the schemas' limits, checked here to name the form's field.
IDEA_TEXT_LENGTHS: Final = {"title": (3, 200), "summary": (3, 1000), "description": (0, 20000)}
IDEAS_PAGE: Final = 20
IDEA_FORM_NEEDS: Final = 50
IdeaPageId = Annotated[str, Path(min_length=1, max_length=36)]
IdeaFilter = Annotated[str, Query(max_length=200)]


def _idea_text(form: FormData, name: str, limit: int = 25000) -> str:
    value = form.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _idea_list(form: FormData, name: str) -> list[str]:
    return list(
        dict.fromkeys(v.strip()[:100] for v in form.getlist(name) if isinstance(v, str) and v.strip())
    )


def _idea_commas(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def _idea_labels(prefix: str, fields: tuple[str, ...]) -> dict[str, str]:
    names = {"challenge_id": "challenge"}
    return {field: f"{prefix}.field.{names.get(field, field)}" for field in fields}


def _idea_length_problems(values: dict[str, str], labels: dict[str, str], lang: Language) -> list[Problem]:
    problems: list[Problem] = []
    for field, (low, high) in IDEA_TEXT_LENGTHS.items():
        size = len(values[field])
        if low and not size:
            message = translate("arena.ideas.error.required", lang)
        elif size < low or size > high:
            key = "arena.ideas.error.length" if low else "arena.ideas.error.too_long"
            message = translate(key, lang).format(min=low, max=high)
        else:
            continue
        problems.append(Problem(field, labels[field], message, lang))
    return problems


def _idea_domain_problems(
    error: DomainError, fields: tuple[str, ...], labels: dict[str, str], lang: Language
) -> list[Problem]:
    """The service's field errors on the form's fields: personal data in the page's language, the rest in
    the service's English."""
    problems: list[Problem] = []
    kinds = {item["field"]: item["kind"] for item in error.extra.get("personal_data", [])}
    for problem in error.field_errors:
        field = problem.field if problem.field in fields else fields[0]
        if problem.field in kinds:
            kind = translate(f"arena.ideas.kind.{kinds[problem.field]}", lang)
            message = translate("arena.ideas.error.personal_data", lang).format(kind=kind)
            problems.append(Problem(field, labels[field], message, lang))
        else:
            problems.append(Problem(field, labels[field], problem.message, "en"))
    if not problems:
        problems.append(Problem(fields[0], labels[fields[0]], error.message, "en"))
    return problems


def _idea_form_page(
    request: Request,
    template: str,
    person: SignedIn,
    context: dict[str, Any],
    *,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    found = problems or []
    return render(
        request,
        template,
        {
            "csrf_token": person.csrf_token,
            "problems": found,
            "errors": {problem.anchor: problem for problem in found},
            **context,
        },
        status=status,
    )


def _idea_staff_organisations(session: Session, ids: frozenset[str]) -> list[Organisation]:
    return list(
        session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name))
    )


def _idea_need_choices(session: Session, chosen: list[str]) -> list[Need]:
    """The recent public needs, and any chosen ones that are not among them (first)."""
    recent = ideas.recent_needs(session, limit=IDEA_FORM_NEEDS)
    shown = {need.id for need in recent}
    extra = list(
        session.scalars(
            select(Need).where(
                Need.id.in_([need_id for need_id in chosen if need_id not in shown]),
                Need.submitted_at.is_not(None),
                Need.id.not_in(service.hidden_ids("need")),
            )
        )
    )
    return extra + recent


def _idea_open_challenges(session: Session) -> list[Challenge]:
    rows, _next = ideas.list_challenges(
        session, query=ideas.ChallengeQuery(status="open"), cursor=None, limit=200
    )
    return rows


def _idea_form(
    request: Request,
    session: Session,
    person: SignedIn,
    values: dict[str, Any],
    *,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    actor = service.actor_for_person(session, person_id=person.person_id)
    return _idea_form_page(
        request,
        "arena_idea_form.html",
        person,
        {
            "values": values,
            "need_choices": _idea_need_choices(session, values["needs"]),
            "organisations": _idea_staff_organisations(session, actor.staff_of),
            "challenges": _idea_open_challenges(session),
        },
        problems=problems,
        status=status,
    )


def _idea_values(need: list[str] | None = None, challenge: str = "") -> dict[str, Any]:
    return {
        "title": "",
        "summary": "",
        "description": "",
        "needs": need or [],
        "datasets": "",
        "organisation": "",
        "challenge_id": challenge,
    }


@router.get("/arena/ideas", response_class=HTMLResponse)
def ideas_page(
    request: Request,
    session: DbSession,
    q: IdeaFilter = "",
    need: IdeaFilter = "",
    challenge: IdeaFilter = "",
    dataset: IdeaFilter = "",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    filters = {
        "q": q.strip(),
        "need": need.strip(),
        "challenge": challenge.strip(),
        "dataset": dataset.strip(),
    }
    query = ideas.IdeaQuery(
        needs=_idea_commas(filters["need"]),
        challenges=_idea_commas(filters["challenge"]),
        datasets=_idea_commas(filters["dataset"]),
        q=filters["q"],
    )
    items: list[IdeaOut] = []
    next_cursor: str | None = None
    problems: list[Problem] = []
    try:
        rows, next_cursor = ideas.list_ideas(session, query=query, cursor=cursor, limit=IDEAS_PAGE)
        items = ideas.ideas_out(session, rows, secret=_idea_secret(request))
    except InvalidArenaQuery as error:
        labels = {name: translate(f"arena.ideas.filter.{name}", lang) for name in filters}
        problems = [
            Problem(f"filter-{p.field}", labels.get(p.field, p.field), p.message, "en")
            for p in error.field_errors
        ] or [Problem("filter-q", labels["q"], error.message, "en")]
    return render(
        request,
        "arena_ideas.html",
        {
            "items": items,
            "filters": filters,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "next_url": _idea_next_url(request, next_cursor),
        },
        status=400 if problems else 200,
    )


def _idea_secret(request: Request) -> bytes:
    keys: PlatformKeys = request.app.state.keys
    return keys.pairwise_secret


def _idea_next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = {key: value for key, value in request.query_params.items() if key != "cursor"}
    return f"{request.url.path}?{urlencode({**query, 'cursor': cursor})}"


@router.get("/arena/ideas/new", response_class=HTMLResponse)
def new_idea_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    need: IdeaFilter = "",
    challenge: IdeaFilter = "",
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    return _idea_form(request, session, person, _idea_values(_idea_commas(need), challenge.strip()))


@router.post("/arena/ideas", response_class=HTMLResponse)
def create_idea_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return RedirectResponse("/login?next=%2Farena%2Fideas%2Fnew", status_code=303)
    person.check_csrf(_idea_text(form, "csrf_token", 200))
    lang = request_language(request)
    values = _idea_values(_idea_list(form, "needs"), _idea_text(form, "challenge_id", 100))
    for name in ("title", "summary", "description", "datasets", "organisation"):
        values[name] = _idea_text(form, name)
    labels = {field: translate(key, lang) for field, key in _idea_labels("arena.ideas", IDEA_FIELDS).items()}
    problems = _idea_length_problems(values, labels, lang)
    if not values["needs"] and not values["challenge_id"]:
        problems.append(Problem("needs", labels["needs"], translate("arena.ideas.error.target", lang), lang))
    if not problems:
        actor = service.actor_for_person(session, person_id=person.person_id)
        data = IdeaIn(
            title=values["title"],
            summary=values["summary"],
            description=values["description"],
            needs=values["needs"][:50],
            datasets=_idea_commas(values["datasets"])[:50],
            organisation=values["organisation"][:100] or None,
            challenge_id=values["challenge_id"][:36] or None,
        )
        try:
            idea = ideas.create_idea(session, actor=actor, data=data)
        except (InvalidIdea, ChallengeClosed, NotAllowed, PersonalDataFound) as error:
            problems = _idea_domain_problems(error, IDEA_FIELDS, labels, lang)
        else:
            return RedirectResponse(f"/arena/ideas/{idea.id}?done=created", status_code=303)
    return _idea_form(request, session, person, values, problems=problems, status=400)


@router.get("/arena/ideas/{idea_id}", response_class=HTMLResponse)
def idea_page(
    request: Request, session: DbSession, idea_id: IdeaPageId, done: IdeaFilter = ""
) -> HTMLResponse:
    idea = ideas.get_idea(session, idea_id=idea_id)
    (out,) = ideas.ideas_out(session, [idea], secret=_idea_secret(request))
    return render(request, "arena_idea.html", {"idea": out, "created": done == "created"})


# Challenges


@router.get("/arena/challenges", response_class=HTMLResponse)
def challenges_page(
    request: Request,
    session: DbSession,
    status: IdeaFilter = "",
    organisation: IdeaFilter = "",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    filters = {"status": status.strip(), "organisation": organisation.strip()}
    query = ideas.ChallengeQuery(
        status=filters["status"] or None, organisations=_idea_commas(filters["organisation"])
    )
    items: list[ChallengeOut] = []
    next_cursor: str | None = None
    problems: list[Problem] = []
    try:
        rows, next_cursor = ideas.list_challenges(session, query=query, cursor=cursor, limit=IDEAS_PAGE)
        items = ideas.challenges_out(session, rows)
    except InvalidArenaQuery as error:
        labels = {name: translate(f"arena.challenges.filter.{name}", lang) for name in filters}
        problems = [
            Problem(f"filter-{p.field}", labels.get(p.field, p.field), p.message, "en")
            for p in error.field_errors
        ] or [Problem("filter-status", labels["status"], error.message, "en")]
    return render(
        request,
        "arena_challenges.html",
        {
            "items": items,
            "filters": filters,
            "statuses": ideas.CHALLENGE_STATUSES,
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "next_url": _idea_next_url(request, next_cursor),
        },
        status=400 if problems else 200,
    )


def _challenge_form(
    request: Request,
    session: Session,
    person: SignedIn,
    actor: Actor,
    values: dict[str, Any],
    *,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return _idea_form_page(
        request,
        "arena_challenge_form.html",
        person,
        {
            "values": values,
            "need_choices": _idea_need_choices(session, values["needs"]),
            "organisations": _idea_staff_organisations(session, actor.agency_staff_of),
        },
        problems=problems,
        status=status,
    )


def _challenge_forbidden(request: Request) -> HTMLResponse:
    return render(request, "arena_challenge_forbidden.html", {}, status=403)


@router.get("/arena/challenges/new", response_class=HTMLResponse)
def new_challenge_page(request: Request, session: DbSession, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    actor = service.actor_for_person(session, person_id=person.person_id)
    if not actor.agency_staff_of:
        return _challenge_forbidden(request)
    values: dict[str, Any] = {
        "title": "",
        "summary": "",
        "description": "",
        "open_until": "",
        "needs": [],
        "organisation": "",
    }
    return _challenge_form(request, session, person, actor, values)


@router.post("/arena/challenges", response_class=HTMLResponse)
def create_challenge_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return RedirectResponse("/login?next=%2Farena%2Fchallenges%2Fnew", status_code=303)
    person.check_csrf(_idea_text(form, "csrf_token", 200))
    actor = service.actor_for_person(session, person_id=person.person_id)
    if not actor.agency_staff_of:
        return _challenge_forbidden(request)
    lang = request_language(request)
    values: dict[str, Any] = {
        name: _idea_text(form, name)
        for name in ("title", "summary", "description", "open_until", "organisation")
    }
    values["needs"] = _idea_list(form, "needs")
    keys = _idea_labels("arena.challenges", CHALLENGE_FIELDS)
    keys.update({field: f"arena.ideas.field.{field}" for field in ("title", "summary", "description")})
    labels = {field: translate(key, lang) for field, key in keys.items()}
    problems = _idea_length_problems(values, labels, lang)
    open_until: date | None = None
    if values["open_until"]:
        try:
            open_until = date.fromisoformat(values["open_until"])
        except ValueError:
            problems.append(
                Problem("open_until", labels["open_until"], translate("arena.ideas.error.date", lang), lang)
            )
    if not problems:
        data = ChallengeIn(
            title=values["title"],
            summary=values["summary"],
            description=values["description"],
            open_until=open_until,
            needs=values["needs"][:50],
            organisation=values["organisation"][:100] or None,
        )
        try:
            challenge = ideas.create_challenge(session, actor=actor, data=data)
        except (InvalidChallenge, NotAllowed, PersonalDataFound) as error:
            problems = _idea_domain_problems(error, CHALLENGE_FIELDS, labels, lang)
        else:
            return RedirectResponse(f"/arena/challenges/{challenge.id}?done=created", status_code=303)
    return _challenge_form(request, session, person, actor, values, problems=problems, status=400)


@router.get("/arena/challenges/{challenge_id}", response_class=HTMLResponse)
def challenge_page(
    request: Request, session: DbSession, challenge_id: IdeaPageId, done: IdeaFilter = ""
) -> HTMLResponse:
    challenge = ideas.get_challenge(session, challenge_id=challenge_id)
    (out,) = ideas.challenges_out(session, [challenge])
    answers = ideas.ideas_out(
        session, ideas.ideas_for_challenge(session, challenge.id), secret=_idea_secret(request)
    )
    return render(
        request, "arena_challenge.html", {"challenge": out, "ideas": answers, "created": done == "created"}
    )


# --- services, pilots and feedback -------------------------------------------------------------------------

SHOWCASE_PAGE_SIZE: Final = 20
SHOWCASE_FEEDBACK_SHOWN: Final = 200
SHOWCASE_SERVICE_FIELDS: Final = (
    "operator",
    "name",
    "summary_sv",
    "summary_en",
    "description_sv",
    "description_en",
    "url",
    "datasets",
    "needs",
    "accessibility_conformance",
    "accessibility_statement_url",
    "accessibility_statement",
)
SHOWCASE_LIMITS: Final = {
    "operator": 100,
    "name": 200,
    "summary_sv": 1000,
    "summary_en": 1000,
    "description_sv": 20000,
    "description_en": 20000,
    "url": 1000,
    "datasets": 5000,
    "needs": 5000,
    "accessibility_conformance": 20,
    "accessibility_statement_url": 1000,
    "accessibility_statement": 20000,
}
SHOWCASE_PILOT_FIELDS: Final = ("title", "cohort", "cohort_size", "starts_on", "ends_on", "evaluation")
SHOWCASE_FEEDBACK_FIELDS: Final = ("text", "rating", "pilot_id")
SHOWCASE_DECISION_FIELDS: Final = ("decision", "result")
# Notices after a redirect (?done=…): only these keys are ever shown.
SHOWCASE_DONE: Final = {
    "created": "arena.services.done.created",
    "feedback": "arena.services.done.feedback",
    "pilot": "arena.services.done.pilot",
    "decided": "arena.services.done.decided",
}
ShowcaseId = Annotated[str, Path(min_length=1, max_length=36)]


def _showcase_text(form: FormData, name: str, limit: int = 20000) -> str:
    value = form.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _showcase_list(value: str) -> list[str]:
    """Ids or names given one a line or separated by commas."""
    return [part.strip() for part in value.replace(",", "\n").splitlines() if part.strip()]


def _showcase_actor(session: Session, person: SignedIn | None) -> Actor | None:
    return service.actor_for_person(session, person_id=person.person_id) if person is not None else None


def _showcase_problems(
    error: DomainError | ValidationError, fields: Sequence[str], prefix: str, lang: Language
) -> list[Problem]:
    """The service's (or the schema's) field errors on the form's fields, in the order of the form; the
    messages come from the domain in English. A field the form does not have points at its first field."""
    found: list[tuple[str, str]] = []
    if isinstance(error, ValidationError):
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else fields[0]
            found.append((name, str(item["msg"])))
    else:
        found = [(problem.field.split(".")[0], problem.message) for problem in error.field_errors]
        if not found:
            found = [(fields[0], error.message)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for field in fields:
        for name, message in found:
            if name == field and field not in seen:
                seen.add(field)
                label = translate(f"arena.services.field.{field}", lang)
                problems.append(Problem(f"{prefix}{field}", label, message, "en"))
    for name, message in found:
        if name not in fields and fields[0] not in seen:
            seen.add(fields[0])
            label = translate(f"arena.services.field.{fields[0]}", lang)
            problems.append(Problem(f"{prefix}{fields[0]}", label, message, "en"))
    return problems


def _showcase_forbidden(request: Request, reason: str) -> HTMLResponse:
    return render(request, "arena_service_forbidden.html", {"reason": reason}, status=403)


def _showcase_login(path: str) -> RedirectResponse:
    return RedirectResponse(f"/login?{urlencode({'next': path})}", status_code=303)


def _showcase_secret(request: Request) -> bytes:
    keys: PlatformKeys = request.app.state.keys
    return keys.pairwise_secret


def _showcase_state_label(lang: Language) -> Callable[[str], str]:
    """A need state's name in the page's language (the need pages' words), else its code."""

    def label(code: str) -> str:
        try:
            return translate(f"arena.need.state.{code}", lang)
        except KeyError:
            return code

    return label


def _showcase_texts(out: ServiceOut, lang: Language) -> dict[str, Any]:
    """The summary and description in the page's language, else the other one (marked with its lang)."""
    other: Language = "en" if lang == "sv" else "sv"
    description = getattr(out, f"description_{lang}")
    return {
        "summary": getattr(out, f"summary_{lang}"),
        "description": description or getattr(out, f"description_{other}"),
        "description_lang": lang if description else other,
    }


@router.get("/arena/services", response_class=HTMLResponse)
def services_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    dataset: Annotated[str | None, Query(max_length=200)] = None,
    need: Annotated[str | None, Query(max_length=36)] = None,
    operator: Annotated[str | None, Query(max_length=100)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    lang = request_language(request)
    rows, next_cursor = showcase.list_services(
        session,
        datasets=[dataset] if dataset else [],
        needs=[need] if need else [],
        operators=[operator] if operator else [],
        cursor=cursor,
        limit=SHOWCASE_PAGE_SIZE,
    )
    items = showcase.services_out(session, rows, secret=_showcase_secret(request))
    actor = _showcase_actor(session, person)
    filters = {
        key: value for key, value in (("dataset", dataset), ("need", need), ("operator", operator)) if value
    }
    return render(
        request,
        "arena_services.html",
        {
            "items": [{"out": out, **_showcase_texts(out, lang)} for out in items],
            "filters": filters,
            "next_url": f"/arena/services?{urlencode({**filters, 'cursor': next_cursor})}"
            if next_cursor
            else None,
            "may_create": actor is not None and bool(actor.staff_of),
            "state_label": _showcase_state_label(lang),
        },
    )


def _showcase_form_page(
    request: Request,
    session: Session,
    person: SignedIn,
    actor: Actor,
    values: dict[str, str],
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    organisations = showcase.operator_choices(session, actor)
    return render(
        request,
        "arena_service_new.html",
        {
            "csrf_token": person.csrf_token,
            "operators": [(org.id, getattr(org, f"title_{lang}") or org.name) for org in organisations],
            "values": values,
            "problems": problems or [],
            "errors": {problem.anchor: problem for problem in problems or []},
            "conformance": showcase.CONFORMANCE,
        },
        status=status,
    )


@router.get("/arena/services/new", response_class=HTMLResponse)
def new_service_page(request: Request, session: DbSession, person: OptionalPerson) -> Response:
    if person is None:
        return sign_in_redirect(request)
    actor = service.actor_for_person(session, person_id=person.person_id)
    if not actor.staff_of:
        return _showcase_forbidden(request, "create")
    values = dict.fromkeys(SHOWCASE_SERVICE_FIELDS, "")
    values["operator"] = sorted(actor.staff_of)[0]
    return _showcase_form_page(request, session, person, actor, values)


@router.post("/arena/services/new", response_class=HTMLResponse)
def create_service_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _showcase_login("/arena/services/new")
    person.check_csrf(_showcase_text(form, "csrf_token", 200))
    actor = service.actor_for_person(session, person_id=person.person_id)
    if not actor.staff_of:
        return _showcase_forbidden(request, "create")
    lang = request_language(request)
    values = {field: _showcase_text(form, field, SHOWCASE_LIMITS[field]) for field in SHOWCASE_SERVICE_FIELDS}
    payload: dict[str, Any] = {
        **{field: values[field] for field in SHOWCASE_SERVICE_FIELDS},
        "url": values["url"] or None,
        "operator": values["operator"] or None,
        "accessibility_statement_url": values["accessibility_statement_url"] or None,
        "datasets": _showcase_list(values["datasets"]),
        "needs": _showcase_list(values["needs"]),
    }
    try:
        data = ServiceIn.model_validate(payload)
        showcased = showcase.create_service(session, actor=actor, data=data)
    except NotAllowed:
        return _showcase_forbidden(request, "create")
    except (ValidationError, InvalidService) as error:
        problems = _showcase_problems(error, SHOWCASE_SERVICE_FIELDS, "", lang)
        return _showcase_form_page(request, session, person, actor, values, problems, status=400)
    return RedirectResponse(f"/arena/services/{showcased.id}?done=created", status_code=303)


def _showcase_service_page(
    request: Request,
    session: Session,
    person: SignedIn | None,
    service_id: str,
    *,
    done: str = "",
    feedback_values: dict[str, str] | None = None,
    decision_values: dict[str, str] | None = None,
    decision_pilot: str | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    showcased = showcase.get_service(session, service_id=service_id)
    rows, _next = showcase.list_feedback(session, service_id=showcased.id, limit=SHOWCASE_FEEDBACK_SHOWN)
    (out,) = showcase.services_out(session, [showcased], secret=_showcase_secret(request), feedback=rows)
    actor = _showcase_actor(session, person)
    return render(
        request,
        "arena_service.html",
        {
            "out": out,
            **_showcase_texts(out, lang),
            "csrf_token": person.csrf_token if person is not None else "",
            "can_give_feedback": person is not None,
            "state_label": _showcase_state_label(lang),
            "may_operate": showcase.may_operate(actor, showcased),
            "convertible": {row.id for row in rows if showcase.may_convert(actor, row, showcased)},
            "pilot_titles": {pilot.id: pilot.title for pilot in out.pilots},
            "feedback_values": feedback_values or dict.fromkeys(SHOWCASE_FEEDBACK_FIELDS, ""),
            "decision_values": decision_values or dict.fromkeys(SHOWCASE_DECISION_FIELDS, ""),
            "decision_pilot": decision_pilot,
            "decisions": showcase.PILOT_DECISIONS,
            "problems": problems or [],
            "errors": {problem.anchor: problem for problem in problems or []},
            "notice": SHOWCASE_DONE.get(done),
            "login_url": f"/login?{urlencode({'next': f'/arena/services/{showcased.id}'})}",
        },
        status=status,
    )


@router.get("/arena/services/{service_id}", response_class=HTMLResponse)
def service_page(
    service_id: ShowcaseId,
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    done: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    return _showcase_service_page(request, session, person, service_id, done=done)


@router.post("/arena/services/{service_id}/feedback", response_class=HTMLResponse)
def give_feedback_page(
    service_id: ShowcaseId, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _showcase_login(f"/arena/services/{service_id}")
    person.check_csrf(_showcase_text(form, "csrf_token", 200))
    lang = request_language(request)
    values = {field: _showcase_text(form, f"feedback-{field}", 4000) for field in SHOWCASE_FEEDBACK_FIELDS}
    payload = {
        "text": values["text"],
        "rating": values["rating"] or None,
        "pilot_id": values["pilot_id"] or None,
    }
    try:
        data = FeedbackIn.model_validate(payload)
        showcase.give_feedback(
            session,
            actor=service.actor_for_person(session, person_id=person.person_id),
            service_id=service_id,
            data=data,
        )
    except (ValidationError, InvalidFeedback, PersonalDataFound) as error:
        problems = _showcase_problems(error, SHOWCASE_FEEDBACK_FIELDS, "feedback-", lang)
        return _showcase_service_page(
            request, session, person, service_id, feedback_values=values, problems=problems, status=400
        )
    return RedirectResponse(f"/arena/services/{service_id}?done=feedback#feedback", status_code=303)


@router.post("/arena/feedback/{feedback_id}/need")
def feedback_need_page(
    feedback_id: ShowcaseId, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _showcase_login("/arena/services")
    person.check_csrf(_showcase_text(form, "csrf_token", 200))
    try:
        need = showcase.feedback_to_need(
            session,
            actor=service.actor_for_person(session, person_id=person.person_id),
            feedback_id=feedback_id,
        )
    except NotAllowed:
        return _showcase_forbidden(request, "need")
    return RedirectResponse(f"/arena/needs/{need.id}", status_code=303)


def _showcase_pilot_form(
    request: Request,
    out: ServiceOut,
    person: SignedIn,
    values: dict[str, str],
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "arena_pilot_new.html",
        {
            "out": out,
            "csrf_token": person.csrf_token,
            "values": values,
            "problems": problems or [],
            "errors": {problem.anchor: problem for problem in problems or []},
        },
        status=status,
    )


def _showcase_operated(
    request: Request, session: Session, person: SignedIn, service_id: str
) -> tuple[ServiceOut, Actor, bool]:
    showcased = showcase.get_service(session, service_id=service_id)
    actor = service.actor_for_person(session, person_id=person.person_id)
    (out,) = showcase.services_out(session, [showcased], secret=_showcase_secret(request))
    return out, actor, showcase.may_operate(actor, showcased)


@router.get("/arena/services/{service_id}/pilots/new", response_class=HTMLResponse)
def new_pilot_page(
    service_id: ShowcaseId, request: Request, session: DbSession, person: OptionalPerson
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    out, _actor, allowed = _showcase_operated(request, session, person, service_id)
    if not allowed:
        return _showcase_forbidden(request, "pilot")
    return _showcase_pilot_form(request, out, person, dict.fromkeys(SHOWCASE_PILOT_FIELDS, ""))


@router.post("/arena/services/{service_id}/pilots/new", response_class=HTMLResponse)
def create_pilot_page(
    service_id: ShowcaseId, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _showcase_login(f"/arena/services/{service_id}/pilots/new")
    person.check_csrf(_showcase_text(form, "csrf_token", 200))
    out, actor, allowed = _showcase_operated(request, session, person, service_id)
    if not allowed:
        return _showcase_forbidden(request, "pilot")
    values = {field: _showcase_text(form, field) for field in SHOWCASE_PILOT_FIELDS}
    payload = {**values, "cohort_size": values["cohort_size"] or None}
    try:
        data = PilotIn.model_validate(payload)
        showcase.create_pilot(session, actor=actor, service_id=out.id, data=data)
    except (ValidationError, InvalidPilot) as error:
        problems = _showcase_problems(error, SHOWCASE_PILOT_FIELDS, "", request_language(request))
        return _showcase_pilot_form(request, out, person, values, problems, status=400)
    return RedirectResponse(f"/arena/services/{out.id}?done=pilot#pilots", status_code=303)


@router.post("/arena/pilots/{pilot_id}/decision", response_class=HTMLResponse)
def decide_pilot_page(
    pilot_id: ShowcaseId, request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    pilot = showcase.get_pilot(session, pilot_id=pilot_id)
    if person is None:
        return _showcase_login(f"/arena/services/{pilot.service_id}")
    person.check_csrf(_showcase_text(form, "csrf_token", 200))
    _out, actor, allowed = _showcase_operated(request, session, person, pilot.service_id)
    if not allowed:
        return _showcase_forbidden(request, "decide")
    values = {
        "decision": _showcase_text(form, "decision", 20),
        "result": _showcase_text(form, f"decide-{pilot.id}-result"),
    }
    try:
        showcase.decide_pilot(
            session, actor=actor, pilot_id=pilot.id, decision=values["decision"], result=values["result"]
        )
    except InvalidPilot as error:
        problems = _showcase_problems(
            error, SHOWCASE_DECISION_FIELDS, f"decide-{pilot.id}-", request_language(request)
        )
        return _showcase_service_page(
            request,
            session,
            person,
            pilot.service_id,
            decision_values=values,
            decision_pilot=pilot.id,
            problems=problems,
            status=400,
        )
    return RedirectResponse(
        f"/arena/services/{pilot.service_id}?done=decided#pilot-{pilot.id}", status_code=303
    )


# --- notifications -----------------------------------------------------------------------------------------

NOTIFICATION_NOTICES: Final = {"read": "arena.notif.done.read", "saved": "arena.notif.done.saved"}
NOTIFICATIONS_PER_PAGE: Final = 30


def _notifications_page(
    request: Request,
    session: Session,
    person: SignedIn,
    *,
    unread_only: bool = False,
    after: str | None = None,
    chosen: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    rows, next_cursor = notifications.list_notifications(
        session,
        person_id=person.person_id,
        unread_only=unread_only,
        cursor=after,
        limit=NOTIFICATIONS_PER_PAGE,
    )
    items = [
        {
            "link": out.link,
            "need_title": out.need_title,
            "read": out.read,
            "created_at": out.created_at,
            "text": notifications.describe(out.kind, out.details, lang),
        }
        for out in notifications.notifications_out(session, rows, person_id=person.person_id)
    ]
    query = {"after": next_cursor, **({"unread": "1"} if unread_only else {})}
    current = notifications.get_subscription(session, person_id=person.person_id)
    problems = problems or []
    return render(
        request,
        "arena_notifications.html",
        {
            "csrf_token": person.csrf_token,
            "items": items,
            "unread": notifications.unread_count(session, person_id=person.person_id),
            "unread_only": unread_only,
            "next": urlencode(query) if next_cursor else None,
            "chosen": chosen or {"email": current.email, "language": current.language},
            "email_choices": [
                (code, translate(f"arena.notif.email.{code}", lang)) for code in notifications.EMAIL_CHOICES
            ],
            "language_choices": [
                (code, translate(f"arena.notif.language.{code}", lang)) for code in notifications.LANGUAGES
            ],
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "notice": notice,
        },
        status=status,
    )


@router.get("/me/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    unread: Annotated[bool, Query()] = False,
    after: Annotated[str | None, Query(max_length=500)] = None,
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    return _notifications_page(
        request, session, person, unread_only=unread, after=after, notice=NOTIFICATION_NOTICES.get(done)
    )


def _form_value(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip()[:200] if isinstance(value, str) else ""


@router.post("/me/notifications/read")
def read_all_notifications(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _need_login("/me/notifications")
    person.check_csrf(_form_value(form, "csrf_token"))
    notifications.mark_read(session, person_id=person.person_id, all_=True)
    return RedirectResponse("/me/notifications?done=read", status_code=303)


@router.post("/me/notifications/settings", response_class=HTMLResponse)
def save_notification_settings(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    if person is None:
        return _need_login("/me/notifications")
    person.check_csrf(_form_value(form, "csrf_token"))
    lang = request_language(request)
    chosen = {"email": _form_value(form, "email"), "language": _form_value(form, "language")}
    known = {"email": notifications.EMAIL_CHOICES, "language": notifications.LANGUAGES}
    problems = [
        Problem(
            f"{name}-{known[name][0]}",
            translate(f"arena.notif.{name}.legend", lang),
            translate("arena.notif.error.choice", lang),
            lang,
        )
        for name in ("email", "language")
        if chosen[name] not in known[name]
    ]
    if problems:
        return _notifications_page(request, session, person, chosen=chosen, problems=problems, status=400)
    notifications.set_subscription(
        session, person_id=person.person_id, email=chosen["email"], language=chosen["language"]
    )
    return RedirectResponse("/me/notifications?done=saved#mail-h", status_code=303)


# --- moderation pages --------------------------------------------------------------------------------------

MODERATION_SHOWN: Final = 100  # items per list on the moderators' page
MODERATION_FIELDS: Final = ("items", "action", "template", "merged_into")
MODERATION_LOG_ACTIONS: Final = (*moderation.ACTIONS, moderation.AUTO_HIDE)


def _moderation_actor(session: Session, person: SignedIn) -> Actor | None:
    """The person as a moderator, or None when they moderate nowhere."""
    actor = service.actor_for_person(session, person_id=person.person_id)
    return actor if moderation.is_moderator(actor) else None


def _moderation_forbidden(request: Request) -> HTMLResponse:
    return render(request, "arena_moderation_forbidden.html", {}, status=403)


def _moderation_labels(lang: Language) -> dict[str, str]:
    return {name: translate(f"arena.mod.field.{name}", lang) for name in MODERATION_FIELDS}


def _moderation_page(
    request: Request,
    session: Session,
    person: SignedIn,
    actor: Actor,
    *,
    chosen: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    lang = request_language(request)
    queue = moderation.queue(session, actor=actor, limit=MODERATION_SHOWN)
    hidden = moderation.hidden_without_open_reports(session, actor=actor, limit=MODERATION_SHOWN)
    problems = problems or []
    return render(
        request,
        "arena_moderation.html",
        {
            "csrf_token": person.csrf_token,
            "queue": queue,
            "hidden": hidden,
            "actions": [(code, translate(f"arena.mod.action.{code}", lang)) for code in moderation.ACTIONS],
            "templates": [
                (
                    code,
                    translate(f"arena.mod.template.{code}", lang),
                    template.en if lang == "en" else template.sv,
                )
                for code, template in moderation.TEMPLATES.items()
            ],
            "template_actions": {
                code: ", ".join(
                    translate(f"arena.mod.action.{a}", lang) for a in moderation.ACTIONS if a in t.actions
                )
                for code, t in moderation.TEMPLATES.items()
            },
            "labels": _moderation_labels(lang),
            "chosen": chosen or {"items": [], "action": "", "template": "", "merged_into": ""},
            "problems": problems,
            "errors": {problem.anchor: problem for problem in problems},
            "notice": notice,
        },
        status=status,
    )


@router.get("/arena/moderation", response_class=HTMLResponse)
def moderation_page(
    request: Request,
    session: DbSession,
    person: OptionalPerson,
    done: Annotated[str, Query(max_length=20)] = "",
    count: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> Response:
    if person is None:
        return sign_in_redirect(request)
    actor = _moderation_actor(session, person)
    if actor is None:
        return _moderation_forbidden(request)
    notice = None
    if done in moderation.ACTIONS:
        notice = translate(f"arena.mod.done.{done}", request_language(request)).format(count=count)
    return _moderation_page(request, session, person, actor, notice=notice)


def _moderation_problems(
    error: DomainError | ValidationError, labels: dict[str, str], lang: Language
) -> list[Problem]:
    """The service's (or the schema's) errors on the form's fields; a field the form lacks points at the
    action. The domain's messages are English."""
    found: list[tuple[str, str, Language]] = []
    if isinstance(error, ValidationError):
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else "action"
            found.append((name, translate("arena.mod.error.invalid", lang), lang))
    else:
        found = [(problem.field.split(".")[0], problem.message, "en") for problem in error.field_errors]
        found = found or [("action", error.message, "en")]
    problems: list[Problem] = []
    for name, message, message_lang in found:
        anchor = name if name in MODERATION_FIELDS else "action"
        if anchor not in {problem.anchor for problem in problems}:
            problems.append(Problem(anchor, labels[anchor], message, message_lang))
    return problems


@router.post("/arena/moderation", response_class=HTMLResponse)
def moderation_act_page(
    request: Request, session: DbSession, person: OptionalPerson, form: PostedForm
) -> Response:
    """One action with one answer template on the checked items, through the service the API uses."""
    if person is None:
        return _need_login("/arena/moderation")
    person.check_csrf(_need_form_text(form, "csrf_token", 200))
    actor = _moderation_actor(session, person)
    if actor is None:
        return _moderation_forbidden(request)
    lang = request_language(request)
    labels = _moderation_labels(lang)
    picked = list(dict.fromkeys(v.strip() for v in form.getlist("item") if isinstance(v, str) and v.strip()))
    chosen: dict[str, Any] = {
        "items": picked,
        "action": _need_form_text(form, "action", 20),
        "template": _need_form_text(form, "template", 40),
        "merged_into": _need_form_text(form, "merged_into", 36),
    }
    checks = (
        ("items", not picked, "arena.mod.error.items"),
        ("action", chosen["action"] not in moderation.ACTIONS, "arena.mod.error.action"),
        ("template", not chosen["template"], "arena.mod.error.template"),
        (
            "merged_into",
            chosen["action"] == moderation.MERGE and not chosen["merged_into"],
            "arena.mod.error.merged_into",
        ),
    )
    problems = [
        Problem(name, labels[name], translate(key, lang), lang) for name, failed, key in checks if failed
    ]
    if problems:
        return _moderation_page(request, session, person, actor, chosen=chosen, problems=problems, status=400)
    try:
        data = ModerationActionIn.model_validate(
            {
                "action": chosen["action"],
                "items": [
                    {"type": value.partition(":")[0], "id": value.partition(":")[2]} for value in picked
                ],
                "template": chosen["template"],
                "merged_into": chosen["merged_into"] or None,
            }
        )
        result = moderation.act(session, actor=actor, data=data)
    except (DomainError, ValidationError) as error:
        session.rollback()
        status = 400 if isinstance(error, ValidationError) else error.status
        return _moderation_page(
            request,
            session,
            person,
            actor,
            chosen=chosen,
            problems=_moderation_problems(error, labels, lang),
            status=status,
        )
    query = urlencode({"done": result.action, "count": len(result.results)})
    return RedirectResponse(f"/arena/moderation?{query}", status_code=303)


@router.get("/arena/moderation/log", response_class=HTMLResponse)
def moderation_log_page(request: Request, session: DbSession) -> HTMLResponse:
    """The public log: per month, the moderators' actions, their answers and the reasons reported."""
    lang = request_language(request)
    log = moderation.moderation_log(session)
    return render(
        request,
        "arena_moderation_log.html",
        {
            "months": log.months,
            "action_labels": {
                code: translate(f"arena.mod.log.action.{code}", lang) for code in MODERATION_LOG_ACTIONS
            },
            "template_labels": {
                code: translate(f"arena.mod.template.{code}", lang) for code in moderation.TEMPLATES
            },
            "reason_labels": {
                reason: translate(f"arena.need.report.{reason}", lang) for reason in moderation.REASONS
            },
        },
    )
