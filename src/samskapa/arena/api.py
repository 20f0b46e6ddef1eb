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
from samskapa.arena import (
    clocks,
    dashboard,
    export,
    ideas,
    moderation,
    notifications,
    releases,
    service,
    showcase,
)
from samskapa.arena.schemas import (
    ChallengeIn,
    ChallengeOut,
    ChallengePage,
    ChallengePatch,
    CommentIn,
    CommentOut,
    CommentPage,
    DashboardOut,
    EventPage,
    ExtendIn,
    FeedbackIn,
    FeedbackNeedIn,
    FeedbackOut,
    FeedbackPage,
    FollowOut,
    IdeaIn,
    IdeaOut,
    IdeaPage,
    IdeaPatch,
    ModerationActionIn,
    ModerationActionsOut,
    ModerationLogOut,
    NeedIn,
    NeedOut,
    NeedPage,
    NeedPatch,
    NotificationPage,
    NotificationSettingsIn,
    NotificationSettingsOut,
    NotificationsReadIn,
    NotificationsReadOut,
    PilotDecisionIn,
    PilotIn,
    PilotList,
    PilotOut,
    PilotPatch,
    QueueOut,
    ReleaseIn,
    ReleaseList,
    ReleaseOut,
    ReportIn,
    ReportOut,
    ServiceIn,
    ServiceOut,
    ServicePage,
    ServicePatch,
    SimilarOut,
    StatusEventOut,
    SupportIn,
    SupportOut,
    TransferIn,
    TransitionIn,
    VerificationIn,
    VerificationOut,
)
from samskapa.arena.service import Actor, NeedQuery
from samskapa.core.time import utcnow
from samskapa.keys import PlatformKeys
from samskapa.web.collection_api import snapshot_response
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
# The parameters every list route shares.
Words = Annotated[str, Query(max_length=500, description="Words that must all occur.")]
Cursor = Annotated[str | None, Query(description="The `next` cursor of the previous page.")]
Limit = Annotated[int | None, Query(ge=1)]


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
    q: Words = "",
    cursor: Cursor = None,
    limit: Limit = None,
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
    cursor: Cursor = None,
    limit: Limit = None,
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
    limit: Limit = None,
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
    limit: Limit = None,
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

ReleaseId = Annotated[str, Path(min_length=1, max_length=36, description="The release's id.")]


@router.get("/needs/{need_id}/releases", response_model=ReleaseList, summary="A need's releases")
def list_releases(need_id: NeedId, session: DbSession, person: OptionalPerson) -> ReleaseList:
    need = service.get_need(session, need_id=need_id, viewer_id=person.person_id if person else None)
    return ReleaseList(items=releases.releases_out(session, need.id))


@router.post(
    "/needs/{need_id}/releases",
    response_model=ReleaseOut,
    status_code=status.HTTP_201_CREATED,
    summary="Record the dataset or API release that meets a need (its agencies' staff)",
)
def record_release(need_id: NeedId, data: ReleaseIn, session: DbSession, actor: AnyActor) -> ReleaseOut:
    release = releases.record_release(
        session,
        actor=actor,
        need_id=need_id,
        dataset=data.dataset,
        data_service=data.data_service,
        version=data.version,
        coverage=data.coverage,
        note=data.note,
    )
    return next(item for item in releases.releases_out(session, need_id) if item.id == release.id)


@router.post(
    "/releases/{release_id}/verifications",
    response_model=VerificationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Say whether a release met the need (its requester and supporters)",
)
def verify_release(
    release_id: ReleaseId, data: VerificationIn, session: DbSession, person: CheckedPerson
) -> VerificationOut:
    row = releases.verify(
        session, person_id=person.person_id, release_id=release_id, verdict=data.verdict, note=data.note
    )
    need_id = releases.need_of_release(session, release_id=row.release_id)
    need = service.get_need(session, need_id=need_id, viewer_id=person.person_id)
    return VerificationOut(
        id=row.id,
        release_id=row.release_id,
        role="requester" if row.role == releases.REQUESTER else "supporter",
        verdict=row.verdict,
        note=row.note,
        created_at=row.created_at,
        need_state=need.state,
    )


@router.get(
    "/arena/similar",
    response_model=SimilarOut,
    summary="Does this exist already? Catalogue datasets and public needs matching a few words",
)
def similar(
    session: DbSession,
    q: Annotated[str, Query(max_length=1000, description="3 to 200 characters: a title or summary.")],
    lang: Annotated[str, Query(pattern="^(sv|en)$", description="The titles' language: sv or en.")] = "sv",
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SimilarOut:
    return releases.similar(session, q=q, lang=lang, limit=limit)


# --- ideas and challenges ----------------------------------------------------------------------------------


IdeaId = Annotated[str, Path(min_length=1, max_length=36, description="The idea's id.")]
ChallengeId = Annotated[str, Path(min_length=1, max_length=36, description="The challenge's id.")]


def _idea(session: Session, request: Request, idea_id: str) -> IdeaOut:
    (out,) = ideas.ideas_out(session, [ideas.get_idea(session, idea_id=idea_id)], secret=_secret(request))
    return out


def _challenge(session: Session, challenge_id: str) -> ChallengeOut:
    (out,) = ideas.challenges_out(session, [ideas.get_challenge(session, challenge_id=challenge_id)])
    return out


@router.get("/ideas", response_model=IdeaPage, summary="List ideas, newest first")
def list_ideas(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    need: Values = [],  # noqa: B006
    challenge: Values = [],  # noqa: B006
    dataset: Values = [],  # noqa: B006
    q: Words = "",
    cursor: Cursor = None,
    limit: Limit = None,
) -> IdeaPage:
    query = ideas.IdeaQuery(
        needs=split_values(need, unique=True),
        challenges=split_values(challenge, unique=True),
        datasets=split_values(dataset, unique=True),
        q=q,
    )
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = ideas.list_ideas(session, query=query, cursor=cursor, limit=size)
    return IdeaPage(items=ideas.ideas_out(session, rows, secret=_secret(request)), next=next_cursor)


@router.get("/ideas/{idea_id}", response_model=IdeaOut, summary="An idea")
def get_idea(idea_id: IdeaId, request: Request, session: DbSession) -> IdeaOut:
    return _idea(session, request, idea_id)


@router.post("/ideas", response_model=IdeaOut, status_code=status.HTTP_201_CREATED, summary="Propose an idea")
def create_idea(data: IdeaIn, request: Request, session: DbSession, actor: PersonActor) -> IdeaOut:
    idea = ideas.create_idea(session, actor=actor, data=data)
    return _idea(session, request, idea.id)


@router.patch("/ideas/{idea_id}", response_model=IdeaOut, summary="Edit an idea (its author, for 24 hours)")
def update_idea(
    idea_id: IdeaId, data: IdeaPatch, request: Request, session: DbSession, actor: PersonActor
) -> IdeaOut:
    ideas.update_idea(session, idea_id=idea_id, actor=actor, data=data)
    return _idea(session, request, idea_id)


@router.get("/challenges", response_model=ChallengePage, summary="List agency challenges, newest first")
def list_challenges(
    session: DbSession,
    settings: SettingsDep,
    status_: Annotated[
        str | None, Query(alias="status", max_length=20, description="open or closed (today in Sweden).")
    ] = None,
    organisation: Values = [],  # noqa: B006
    cursor: Cursor = None,
    limit: Limit = None,
) -> ChallengePage:
    query = ideas.ChallengeQuery(status=status_, organisations=split_values(organisation, unique=True))
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = ideas.list_challenges(session, query=query, cursor=cursor, limit=size)
    return ChallengePage(items=ideas.challenges_out(session, rows), next=next_cursor)


@router.get("/challenges/{challenge_id}", response_model=ChallengeOut, summary="An agency challenge")
def get_challenge(challenge_id: ChallengeId, session: DbSession) -> ChallengeOut:
    return _challenge(session, challenge_id)


@router.post(
    "/challenges",
    response_model=ChallengeOut,
    status_code=status.HTTP_201_CREATED,
    summary="Put a challenge to the public (agency staff, or the agency's API key)",
)
def create_challenge(data: ChallengeIn, session: DbSession, actor: AnyActor) -> ChallengeOut:
    challenge = ideas.create_challenge(session, actor=actor, data=data)
    return _challenge(session, challenge.id)


@router.patch(
    "/challenges/{challenge_id}",
    response_model=ChallengeOut,
    summary="Change a challenge (staff of its agency, or the agency's API key)",
)
def update_challenge(
    challenge_id: ChallengeId, data: ChallengePatch, session: DbSession, actor: AnyActor
) -> ChallengeOut:
    ideas.update_challenge(session, challenge_id=challenge_id, actor=actor, data=data)
    return _challenge(session, challenge_id)


# --- services, pilots and feedback -------------------------------------------------------------------------

ServiceId = Annotated[str, Path(min_length=1, max_length=36, description="The service's id.")]
PilotId = Annotated[str, Path(min_length=1, max_length=36, description="The pilot's id.")]
FeedbackId = Annotated[str, Path(min_length=1, max_length=36, description="The feedback's id.")]
FEEDBACK_IN_SERVICE: Final = 50


def _service_one(session: Session, request: Request, service_id: str) -> ServiceOut:
    showcased = showcase.get_service(session, service_id=service_id)
    feedback, _next = showcase.list_feedback(session, service_id=showcased.id, limit=FEEDBACK_IN_SERVICE)
    (out,) = showcase.services_out(session, [showcased], secret=_secret(request), feedback=feedback)
    return out


@router.get("/services", response_model=ServicePage, summary="The showcase of services built on the platform")
def list_services(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    dataset: Values = [],  # noqa: B006
    need: Values = [],  # noqa: B006
    operator: Values = [],  # noqa: B006
    cursor: Cursor = None,
    limit: Limit = None,
) -> ServicePage:
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = showcase.list_services(
        session,
        datasets=split_values(dataset, unique=True),
        needs=split_values(need, unique=True),
        operators=split_values(operator, unique=True),
        cursor=cursor,
        limit=size,
    )
    return ServicePage(items=showcase.services_out(session, rows, secret=_secret(request)), next=next_cursor)


@router.post(
    "/services",
    response_model=ServiceOut,
    status_code=status.HTTP_201_CREATED,
    summary="Showcase a service (staff of its operator)",
)
def create_service(data: ServiceIn, request: Request, session: DbSession, actor: AnyActor) -> ServiceOut:
    showcased = showcase.create_service(session, actor=actor, data=data)
    return _service_one(session, request, showcased.id)


@router.get(
    "/services/{service_id}", response_model=ServiceOut, summary="A service with its pilots and feedback"
)
def get_service(service_id: ServiceId, request: Request, session: DbSession) -> ServiceOut:
    return _service_one(session, request, service_id)


@router.patch("/services/{service_id}", response_model=ServiceOut, summary="Change a service (operator)")
def update_service(
    service_id: ServiceId, data: ServicePatch, request: Request, session: DbSession, actor: AnyActor
) -> ServiceOut:
    showcase.update_service(session, actor=actor, service_id=service_id, data=data)
    return _service_one(session, request, service_id)


@router.get("/services/{service_id}/pilots", response_model=PilotList, summary="A service's pilots")
def list_pilots(service_id: ServiceId, session: DbSession) -> PilotList:
    pilots = showcase.list_pilots(session, service_id=service_id)
    return PilotList(items=[showcase.pilot_out(pilot) for pilot in pilots])


@router.post(
    "/services/{service_id}/pilots",
    response_model=PilotOut,
    status_code=status.HTTP_201_CREATED,
    summary="Plan a pilot with citizens (operator)",
)
def create_pilot(service_id: ServiceId, data: PilotIn, session: DbSession, actor: AnyActor) -> PilotOut:
    return showcase.pilot_out(showcase.create_pilot(session, actor=actor, service_id=service_id, data=data))


@router.patch("/pilots/{pilot_id}", response_model=PilotOut, summary="Change a pilot's evaluation or result")
def update_pilot(pilot_id: PilotId, data: PilotPatch, session: DbSession, actor: AnyActor) -> PilotOut:
    return showcase.pilot_out(showcase.update_pilot(session, actor=actor, pilot_id=pilot_id, data=data))


@router.post(
    "/pilots/{pilot_id}/decision",
    response_model=PilotOut,
    summary="Decide a pilot once: scale, iterate or stop, with its result",
)
def decide_pilot(pilot_id: PilotId, data: PilotDecisionIn, session: DbSession, actor: AnyActor) -> PilotOut:
    pilot = showcase.decide_pilot(
        session, actor=actor, pilot_id=pilot_id, decision=data.decision, result=data.result
    )
    return showcase.pilot_out(pilot)


@router.get("/services/{service_id}/feedback", response_model=FeedbackPage, summary="A service's feedback")
def list_feedback(
    service_id: ServiceId,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    cursor: Cursor = None,
    limit: Limit = None,
) -> FeedbackPage:
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = showcase.list_feedback(session, service_id=service_id, cursor=cursor, limit=size)
    secret = _secret(request)
    return FeedbackPage(items=[showcase.feedback_out(row, secret=secret) for row in rows], next=next_cursor)


@router.post(
    "/services/{service_id}/feedback",
    response_model=FeedbackOut,
    status_code=status.HTTP_201_CREATED,
    summary="Give feedback on a service or one of its pilots",
)
def give_feedback(
    service_id: ServiceId, data: FeedbackIn, request: Request, session: DbSession, actor: PersonActor
) -> FeedbackOut:
    feedback = showcase.give_feedback(session, actor=actor, service_id=service_id, data=data)
    return showcase.feedback_out(feedback, secret=_secret(request))


@router.post(
    "/feedback/{feedback_id}/need",
    response_model=NeedOut,
    status_code=status.HTTP_201_CREATED,
    summary="Turn feedback into a new need (its author or the operator's staff)",
)
def feedback_to_need(
    feedback_id: FeedbackId,
    request: Request,
    session: DbSession,
    actor: PersonActor,
    data: FeedbackNeedIn | None = None,
) -> NeedOut:
    need = showcase.feedback_to_need(
        session, actor=actor, feedback_id=feedback_id, lead_agency=data.lead_agency if data else None
    )
    return _one(session, request, need.id, actor.person_id)


# --- notifications -----------------------------------------------------------------------------------------


def _signed_in_person(person: OptionalPerson) -> str:
    if person is None:
        raise SignInRequired("Your notifications need you to sign in.", hint="Sign in at /login.")
    return person.person_id


@router.get(
    "/me/notifications", response_model=NotificationPage, summary="My arena notifications, newest first"
)
def my_notifications(
    session: DbSession,
    settings: SettingsDep,
    person: OptionalPerson,
    unread_only: Annotated[bool, Query(description="Only the unread ones.")] = False,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = None,
) -> NotificationPage:
    person_id = _signed_in_person(person)
    size = min(limit or settings.page_size_default, settings.page_size_max)
    rows, next_cursor = notifications.list_notifications(
        session, person_id=person_id, unread_only=unread_only, cursor=cursor, limit=size
    )
    return NotificationPage(
        items=notifications.notifications_out(session, rows, person_id=person_id),
        unread=notifications.unread_count(session, person_id=person_id),
        next=next_cursor,
    )


@router.post(
    "/me/notifications/read",
    response_model=NotificationsReadOut,
    summary="Mark some of my notifications (ids) or all of them read",
)
def read_notifications(
    data: NotificationsReadIn, session: DbSession, person: CheckedPerson
) -> NotificationsReadOut:
    marked = notifications.mark_read(session, person_id=person.person_id, ids=data.ids, all_=data.all)
    return NotificationsReadOut(
        marked=marked, unread=notifications.unread_count(session, person_id=person.person_id)
    )


@router.get(
    "/me/notification-settings",
    response_model=NotificationSettingsOut,
    summary="My mail choice for arena notifications (a daily digest until I choose)",
)
def notification_settings(session: DbSession, person: OptionalPerson) -> NotificationSettingsOut:
    return notifications.get_subscription(session, person_id=_signed_in_person(person))


@router.put(
    "/me/notification-settings",
    response_model=NotificationSettingsOut,
    summary="Choose mail for arena notifications: daily, immediate or off, in Swedish or English",
)
def put_notification_settings(
    data: NotificationSettingsIn, session: DbSession, person: CheckedPerson
) -> NotificationSettingsOut:
    return notifications.set_subscription(
        session, person_id=person.person_id, email=data.email, language=data.language
    )


# --- open data ---------------------------------------------------------------------------------------------


@router.get(
    "/arena/needs.jsonl",
    summary="Every public need with its status events, as JSON Lines (streamed; authors pseudonymous)",
    response_class=Response,
    responses={200: {"content": {export.MEDIA_TYPE: {}}}},
)
def needs_jsonl(request: Request) -> Response:
    secret, today = _secret(request), clocks.swedish_date(utcnow())
    response = snapshot_response(
        request, lambda session: export.needs_jsonl(session, secret=secret, today=today), "arena-needs.jsonl"
    )
    response.headers["content-type"] = f"{export.MEDIA_TYPE}; charset=utf-8"
    return response
