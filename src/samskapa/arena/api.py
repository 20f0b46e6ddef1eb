"""JSON API of the arena (/v1/needs, /v1/arena/status-events): parse -> service -> schema.

Reads are public. Writes take the signed-in person's session cookie plus the session's CSRF token in
`X-CSRF-Token`; transitions, transfers, extensions and comments may also come from an agency's back office
with an API key carrying the scope `arena:write` (the organisation acts). Authors appear only as a stable
pseudonym (an HMAC of their id under the platform's pairwise secret, label "arena").
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from sqlalchemy.orm import Session

from samskapa.accounts.errors import SignInRequired
from samskapa.arena import clocks, dashboard, moderation, service
from samskapa.arena.schemas import (
    CommentIn,
    CommentOut,
    CommentPage,
    DashboardOut,
    EventPage,
    ExtendIn,
    FollowOut,
    ModerationActionIn,
    ModerationActionsOut,
    ModerationLogOut,
    NeedIn,
    NeedOut,
    NeedPage,
    NeedPatch,
    QueueOut,
    ReportIn,
    ReportOut,
    StatusEventOut,
    SupportIn,
    SupportOut,
    TransferIn,
    TransitionIn,
)
from samskapa.arena.service import Actor, NeedQuery
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys
from samskapa.web.deps import (
    CheckedPerson,
    CsrfHeader,
    DbSession,
    OptionalPerson,
    SettingsDep,
    get_checked_person,
    get_principal,
    presented_key,
    split_values,
)
from samskapa.web.routing import StrictQueryRoute

router = APIRouter(prefix="/v1", tags=["arena"], route_class=StrictQueryRoute)

WRITE_SCOPE: Final = "arena:write"
NeedId = Annotated[str, Path(min_length=1, max_length=36, description="The need's id.")]
Values = Annotated[list[str], Query(description="Repeat the parameter, or separate values with commas.")]


def _secret(request: Request) -> bytes:
    keys: PlatformKeys = request.app.state.keys
    return keys.pairwise_secret


def get_person_actor(session: DbSession, person: CheckedPerson) -> Actor:
    """The signed-in person of a state-changing request carrying the session's CSRF token."""
    return service.actor_for_person(session, person_id=person.person_id)


def get_actor(
    request: Request,
    response: Response,
    session: DbSession,
    person: OptionalPerson,
    x_csrf_token: CsrfHeader = None,
) -> Actor:
    """An agency's API key with the scope arena:write (the organisation acts), else the signed-in person."""
    if presented_key(request) is not None:
        principal = get_principal(request, session, response)
        principal.require_scope(WRITE_SCOPE)
        return service.actor_for_organisation(session, organisation_id=principal.organisation_id)
    if person is None:
        raise SignInRequired("This needs you to sign in.", hint="Sign in at /login, or send an API key.")
    return get_person_actor(session, get_checked_person(person, x_csrf_token))


PersonActor = Annotated[Actor, Depends(get_person_actor)]
AnyActor = Annotated[Actor, Depends(get_actor)]


def _one(session: Session, request: Request, need_id: str, viewer: str | None = None) -> NeedOut:
    need = service.get_need(session, need_id=need_id, viewer_id=viewer)
    (out,) = service.needs_out(
        session, [need], secret=_secret(request), today=clocks.swedish_date(utcnow()), with_history=True
    )
    return out


@router.get("/needs", response_model=NeedPage, summary="List submitted needs")
def list_needs(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    state: Values = [],  # noqa: B006
    kind: Values = [],  # noqa: B006
    agency: Values = [],  # noqa: B006
    concept: Values = [],  # noqa: B006
    region: Values = [],  # noqa: B006
    q: Annotated[str, Query(max_length=500, description="Words that must all occur.")] = "",
    cursor: Annotated[str | None, Query(description="The `next` cursor of the previous page.")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> NeedPage:
    query = NeedQuery(
        states=split_values(state, unique=True),
        kinds=split_values(kind, unique=True),
        agencies=split_values(agency, unique=True),
        concepts=split_values(concept, unique=True),
        regions=split_values(region, unique=True),
        q=q,
    )
    size = min(limit or settings.page_size_default, settings.page_size_max)
    needs, next_cursor = service.list_needs(session, query=query, cursor=cursor, limit=size)
    items = service.needs_out(session, needs, secret=_secret(request), today=clocks.swedish_date(utcnow()))
    return NeedPage(items=items, next=next_cursor)


@router.get("/needs/{need_id}", response_model=NeedOut, summary="A need with its history and clocks")
def get_need(need_id: NeedId, request: Request, session: DbSession, person: OptionalPerson) -> NeedOut:
    return _one(session, request, need_id, person.person_id if person else None)


@router.post("/needs", response_model=NeedOut, status_code=status.HTTP_201_CREATED, summary="Write a need")
def create_need(data: NeedIn, request: Request, session: DbSession, actor: PersonActor) -> NeedOut:
    need = service.create_need(session, actor=actor, data=data)
    return _one(session, request, need.id, actor.person_id)


@router.patch("/needs/{need_id}", response_model=NeedOut, summary="Edit a need (its author)")
def update_need(
    need_id: NeedId, data: NeedPatch, request: Request, session: DbSession, actor: PersonActor
) -> NeedOut:
    service.update_need(session, need_id=need_id, actor=actor, data=data)
    return _one(session, request, need_id, actor.person_id)


@router.post(
    "/needs/{need_id}/transitions",
    response_model=StatusEventOut,
    status_code=status.HTTP_201_CREATED,
    summary="Move a need through its lifecycle",
)
def transition(need_id: NeedId, data: TransitionIn, session: DbSession, actor: AnyActor) -> StatusEventOut:
    event = service.transition(
        session,
        need_id=need_id,
        actor=actor,
        to=data.to,
        reason_code=data.reason_code,
        message=data.message,
        merged_into=data.merged_into,
    )
    (out,) = service.events_out(session, [event])
    return out


@router.post(
    "/needs/{need_id}/transfer",
    response_model=StatusEventOut,
    status_code=status.HTTP_201_CREATED,
    summary="Transfer the lead to another agency",
)
def transfer(need_id: NeedId, data: TransferIn, session: DbSession, actor: AnyActor) -> StatusEventOut:
    event = service.transfer_lead(
        session,
        need_id=need_id,
        actor=actor,
        lead_agency=data.lead_agency,
        reason_code=data.reason_code,
        message=data.message,
    )
    (out,) = service.events_out(session, [event])
    return out


@router.post(
    "/needs/{need_id}/extend",
    response_model=StatusEventOut,
    status_code=status.HTTP_201_CREATED,
    summary="Extend the decision clock once, with a public reason",
)
def extend(need_id: NeedId, data: ExtendIn, session: DbSession, actor: AnyActor) -> StatusEventOut:
    event = service.extend_decision(
        session, need_id=need_id, actor=actor, reason_code=data.reason_code, message=data.message
    )
    (out,) = service.events_out(session, [event])
    return out


@router.post(
    "/needs/{need_id}/support",
    response_model=SupportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Support a need",
)
def support(need_id: NeedId, data: SupportIn, session: DbSession, actor: PersonActor) -> SupportOut:
    assert actor.person_id is not None
    row = service.support(
        session,
        need_id=need_id,
        person_id=actor.person_id,
        stakeholder_type=data.stakeholder_type,
        use_note=data.use_note,
    )
    return SupportOut(
        need_id=row.need_id,
        stakeholder_type=row.stakeholder_type,
        use_note=row.use_note,
        created_at=row.created_at,
        withdrawn_at=row.withdrawn_at,
    )


@router.delete(
    "/needs/{need_id}/support", status_code=status.HTTP_204_NO_CONTENT, summary="Withdraw your support"
)
def withdraw_support(need_id: NeedId, session: DbSession, actor: PersonActor) -> Response:
    assert actor.person_id is not None
    service.withdraw_support(session, need_id=need_id, person_id=actor.person_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/needs/{need_id}/comments", response_model=CommentPage, summary="A need's comments")
def list_comments(
    need_id: NeedId,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    cursor: Annotated[str | None, Query(description="The `next` cursor of the previous page.")] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> CommentPage:
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = service.list_comments(
        session, need_id=need_id, cursor=cursor, limit=size, viewer_id=person.person_id if person else None
    )
    return CommentPage(
        items=[service.comment_out(c, secret=_secret(request)) for c in rows], next=next_cursor
    )


@router.post(
    "/needs/{need_id}/comments",
    response_model=CommentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Comment on a need (official when by its agencies' staff)",
)
def add_comment(
    need_id: NeedId, data: CommentIn, request: Request, session: DbSession, actor: AnyActor
) -> CommentOut:
    comment = service.add_comment(session, need_id=need_id, actor=actor, data=data)
    return service.comment_out(comment, secret=_secret(request))


@router.post("/needs/{need_id}/follow", response_model=FollowOut, summary="Follow a need")
def follow(need_id: NeedId, session: DbSession, actor: PersonActor) -> FollowOut:
    assert actor.person_id is not None
    service.follow(session, need_id=need_id, person_id=actor.person_id)
    return FollowOut(need_id=need_id, following=True)


@router.delete("/needs/{need_id}/follow", response_model=FollowOut, summary="Stop following a need")
def unfollow(need_id: NeedId, session: DbSession, actor: PersonActor) -> FollowOut:
    assert actor.person_id is not None
    service.unfollow(session, need_id=need_id, person_id=actor.person_id)
    return FollowOut(need_id=need_id, following=False)


@router.get("/arena/status-events", response_model=EventPage, summary="The change feed of status events")
def status_events(
    session: DbSession,
    settings: SettingsDep,
    since: Annotated[int, Query(ge=0, description="The last event id you have seen (0 for the start).")] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> EventPage:
    size = min(limit or settings.page_size_default, settings.page_size_max)
    events = service.events_since(session, since=since, limit=size)
    return EventPage(items=service.events_out(session, events), next_since=events[-1].id if events else since)


# --- the public dashboard ----------------------------------------------------------------------------------


@router.get(
    "/arena/dashboard",
    response_model=DashboardOut,
    summary="How fast and how well agencies answer needs (overall, per lead agency)",
)
def arena_dashboard(
    session: DbSession,
    agency: Annotated[
        str | None, Query(max_length=100, description="A lead agency's organisation id or name.")
    ] = None,
    today: Annotated[
        date | None, Query(description="Read the clocks at this day (default: today in Sweden).")
    ] = None,
) -> DashboardOut:
    return dashboard.dashboard(session, agency=agency, today=today)


# --- moderation --------------------------------------------------------------------------------------------

CommentId = Annotated[str, Path(min_length=1, max_length=36, description="The comment's id.")]


@router.post(
    "/needs/{need_id}/reports",
    response_model=ReportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Report a need to the moderators",
)
def report_need(
    need_id: NeedId, data: ReportIn, session: DbSession, settings: SettingsDep, actor: PersonActor
) -> ReportOut:
    return moderation.report(
        session, actor=actor, need_id=need_id, data=data, threshold=settings.arena_auto_hide_reports
    )


@router.post(
    "/needs/{need_id}/comments/{comment_id}/reports",
    response_model=ReportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Report a comment to the moderators",
)
def report_comment(
    need_id: NeedId,
    comment_id: CommentId,
    data: ReportIn,
    session: DbSession,
    settings: SettingsDep,
    actor: PersonActor,
) -> ReportOut:
    return moderation.report(
        session,
        actor=actor,
        need_id=need_id,
        comment_id=comment_id,
        data=data,
        threshold=settings.arena_auto_hide_reports,
    )


@router.get(
    "/arena/moderation/queue",
    response_model=QueueOut,
    summary="Open reports grouped by item (moderators)",
)
def moderation_queue(
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> QueueOut:
    if person is None:
        raise SignInRequired("This needs you to sign in.", hint="Sign in at /login.")
    actor = service.actor_for_person(session, person_id=person.person_id)
    size = min(limit or settings.page_size_default, settings.page_size_max)
    return moderation.queue(session, actor=actor, limit=size)


@router.post(
    "/arena/moderation/actions",
    response_model=ModerationActionsOut,
    summary="Hide, restore, dismiss or merge several items at once (moderators)",
)
def moderation_actions(
    data: ModerationActionIn, session: DbSession, actor: PersonActor
) -> ModerationActionsOut:
    return moderation.act(session, actor=actor, data=data)


@router.get(
    "/arena/moderation-log",
    response_model=ModerationLogOut,
    summary="Public log: moderation actions and reported reasons per month (counts only)",
)
def moderation_log(session: DbSession) -> ModerationLogOut:
    return moderation.moderation_log(session)


# --- the need pages and releases ----------------------------------------------------------------------------


# --- ideas and challenges ----------------------------------------------------------------------------------


# --- services, pilots and feedback -------------------------------------------------------------------------


# --- notifications -----------------------------------------------------------------------------------------
