"""Use cases of the arena: write, edit and move needs through their lifecycle; support, comment, follow.

Every function receives the session and only flushes; the caller owns the transaction. Every accepted
transition (and every lead transfer and decision extension) appends exactly one StatusEvent; a refused one
raises a typed error before anything is changed. Who may do what is decided here, from the actor's
memberships and the transition table in `vocabulary`.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Membership, Organisation
from samskapa.accounts.service import find_organisation
from samskapa.arena import clocks, notifications, personal_data, summary
from samskapa.arena.errors import (
    AlreadySupported,
    EditWindowClosed,
    IllegalTransition,
    InvalidArenaQuery,
    InvalidNeed,
    NeedClosed,
    NeedHidden,
    NeedNotFound,
    NotAllowed,
)
from samskapa.arena.models import (
    Comment,
    Follow,
    HiddenItem,
    Need,
    NeedCoAgency,
    NeedConcept,
    StatusEvent,
    Support,
)
from samskapa.arena.schemas import (
    ClockOut,
    CommentIn,
    CommentOut,
    DesiredData,
    NeedIn,
    NeedOut,
    NeedPatch,
    StatusEventOut,
)
from samskapa.arena.vocabulary import (
    AGENCY_TYPES,
    AUTHOR,
    DECISION_EXTENDED,
    DECISIONS,
    EXTEND_ACTORS,
    EXTEND_STATES,
    INFO_PROVIDED,
    INFO_STATES,
    KINDS,
    MESSAGE_REQUIRED,
    MODERATOR,
    MODERATOR_ROLE,
    PROVENANCE_OF_TYPE,
    REASON_CODES,
    STAFF,
    STAFF_ROLES,
    STATES,
    TERMINAL,
    TRANSFER_ACTORS,
    TRANSFER_STATES,
    TRANSFERRED,
    TRANSITION,
    TRANSITIONS,
    next_states,
)
from samskapa.core.errors import DomainError, FieldError
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.text import fold
from samskapa.core.time import utcnow
from samskapa.taxonomy.service import unknown_concept_ids

EDIT_WINDOW: Final = timedelta(hours=24)
REGION_TYPES: Final = ("region", "municipality", "country")
PUBLIC_STATES: Final = tuple(state for state in STATES if state != "draft")
PSEUDONYM_LABEL: Final = b"arena"


# --- actors ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in person (with their memberships) or an organisation through its API key."""

    person_id: str | None
    organisation_id: str | None  # set when an organisation acts through an API key
    staff_of: frozenset[str]  # organisations where the actor is admin or editor (or is the organisation)
    agency_staff_of: frozenset[str]  # those of them of an agency type
    moderator_of: frozenset[str]
    provenance: str


def actor_for_person(session: Session, *, person_id: str) -> Actor:
    """A signed-in person, with the roles their memberships give them."""
    rows = session.execute(
        select(Organisation.id, Organisation.type, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.person_id == person_id)
        .order_by(Organisation.id)
    ).all()
    staff = frozenset(org_id for org_id, _type, role in rows if role in STAFF_ROLES)
    agency_staff = frozenset(
        org_id for org_id, type_, role in rows if role in STAFF_ROLES and type_ in AGENCY_TYPES
    )
    moderators = frozenset(org_id for org_id, _type, role in rows if role == MODERATOR_ROLE)
    return Actor(
        person_id=person_id,
        organisation_id=None,
        staff_of=staff,
        agency_staff_of=agency_staff,
        moderator_of=moderators,
        provenance=provenance_of({type_ for _id, type_, _role in rows}),
    )


def actor_for_organisation(session: Session, *, organisation_id: str) -> Actor:
    """An organisation acting through its API key: staff of itself."""
    organisation = session.get(Organisation, organisation_id)
    type_ = organisation.type if organisation is not None else ""
    return Actor(
        person_id=None,
        organisation_id=organisation_id,
        staff_of=frozenset({organisation_id}),
        agency_staff_of=frozenset({organisation_id}) if type_ in AGENCY_TYPES else frozenset(),
        moderator_of=frozenset(),
        provenance=PROVENANCE_OF_TYPE.get(type_, "citizen"),
    )


def provenance_of(organisation_types: set[str]) -> str:
    """The label of a need's author from the types of their organisations: agency before ngo before company,
    otherwise citizen (schools and municipalities count as agencies)."""
    labels = {PROVENANCE_OF_TYPE[type_] for type_ in organisation_types if type_ in PROVENANCE_OF_TYPE}
    for label in ("agency", "ngo", "company"):
        if label in labels:
            return label
    return "citizen"


def _agencies(session: Session, need: Need) -> set[str]:
    co = set(session.scalars(select(NeedCoAgency.organisation_id).where(NeedCoAgency.need_id == need.id)))
    return co | ({need.lead_agency_id} if need.lead_agency_id else set())


def roles_of(session: Session, actor: Actor, need: Need) -> frozenset[str]:
    """The actor's roles towards one need: author, staff (of its lead or a co-agency; of any agency while the
    need has no lead) and moderator."""
    roles: set[str] = set()
    if actor.person_id is not None and actor.person_id == need.author_id:
        roles.add(AUTHOR)
    if actor.staff_of & _agencies(session, need) or (need.lead_agency_id is None and actor.agency_staff_of):
        roles.add(STAFF)
    if actor.moderator_of:
        roles.add(MODERATOR)
    return frozenset(roles)


def _acting_organisation(session: Session, actor: Actor, need: Need, role: str) -> str | None:
    if actor.organisation_id is not None:
        return actor.organisation_id
    if role == STAFF:
        if need.lead_agency_id in actor.staff_of:
            return need.lead_agency_id
        mine = sorted(actor.staff_of & _agencies(session, need)) or sorted(actor.agency_staff_of)
        return mine[0] if mine else None
    if role == MODERATOR:
        return sorted(actor.moderator_of)[0]
    return None


def _role_for(session: Session, actor: Actor, need: Need, allowed: frozenset[str], doing: str) -> str:
    roles = roles_of(session, actor, need)
    for role in (AUTHOR, STAFF, MODERATOR):
        if role in allowed and role in roles:
            return role
    who = {AUTHOR: "its author", STAFF: "staff of its lead agency or a co-agency", MODERATOR: "moderators"}
    named = " or ".join(who[role] for role in (AUTHOR, STAFF, MODERATOR) if role in allowed)
    raise NotAllowed(
        f"Only {named} may {doing}.",
        hint="Sign in as someone with that role, or use an API key of the lead agency.",
        extra={"allowed_actors": sorted(allowed)},
    )


def pseudonym(secret: bytes, person_id: str) -> str:
    """A stable public id for a person in the arena that reveals nothing about them."""
    return hmac.new(secret, PSEUDONYM_LABEL + b"\x00" + person_id.encode(), hashlib.sha256).hexdigest()[:24]


# --- reading -----------------------------------------------------------------------------------------------


def get_need(session: Session, *, need_id: str, viewer_id: str | None = None) -> Need:
    """A need; drafts only for their author (to everyone else they do not exist); a need hidden pending
    moderation only for its author and moderators (to everyone else it is gone, with a notice)."""
    need = session.get(Need, need_id)
    if need is None or (need.submitted_at is None and need.author_id != viewer_id):
        raise NeedNotFound(f"There is no need '{need_id}'.", hint="List needs at /v1/needs.")
    if (
        need.author_id != viewer_id
        and session.get(HiddenItem, ("need", need.id)) is not None
        and not is_moderator_person(session, viewer_id)
    ):
        raise NeedHidden(
            "This need is hidden pending moderation review.",
            hint="It is shown again if the review finds nothing wrong with it.",
        )
    return need


def hidden_ids(item_type: str) -> Any:
    """The ids of the hidden needs or comments (a subquery)."""
    return select(HiddenItem.item_id).where(HiddenItem.item_type == item_type)


def is_moderator_person(session: Session, person_id: str | None) -> bool:
    """Whether the person is a moderator in any organisation."""
    if person_id is None:
        return False
    found = session.scalars(
        select(Membership.organisation_id).where(
            Membership.person_id == person_id, Membership.role == MODERATOR_ROLE
        )
    ).first()
    return found is not None


def _check_personal_data(need: Need) -> None:
    personal_data.check(
        {
            "title": need.title,
            "summary": need.summary,
            "description": need.description,
            "purpose": need.purpose,
        }
    )


def _need_for_update(session: Session, need_id: str, actor: Actor) -> Need:
    need = session.get(Need, need_id, with_for_update=True)
    if need is None or (need.submitted_at is None and need.author_id != actor.person_id):
        raise NeedNotFound(f"There is no need '{need_id}'.", hint="List needs at /v1/needs.")
    return need


def allowed_next(need: Need) -> list[str]:
    """The states the lifecycle allows next (for anyone); from needs_info only back to where it was."""
    states = next_states(need.state)
    if need.state == "needs_info":
        states = [state for state in states if state not in INFO_STATES or state == need.info_return_state]
    return states


def edit_until(need: Need) -> datetime | None:
    return need.submitted_at + EDIT_WINDOW if need.submitted_at is not None else None


def history(session: Session, *, need_id: str) -> list[StatusEvent]:
    return list(
        session.scalars(select(StatusEvent).where(StatusEvent.need_id == need_id).order_by(StatusEvent.seq))
    )


def organisation_acted_for(
    session: Session,
    actor: Actor,
    key: str | None,
    *,
    among: frozenset[str],
    field: str,
    doing: str,
    invalid: type[DomainError],
    default: bool = True,
) -> Organisation | None:
    """The organisation the actor writes for: the one named by `key` (id or name), which must be one of
    `among` (the organisations the actor is staff of, or the API key's own); without a key, the actor's only
    one of them (`default`), or None (not `default`: the actor writes as themselves)."""
    if key is not None and key.strip():
        organisation = find_organisation(session, key=key.strip())
        if organisation is None:
            raise invalid(
                f"There is no organisation '{key}'.",
                hint="Name the organisation by its id or name (see /v1/organisations).",
                field_errors=[FieldError(field, f"unknown organisation '{key}'")],
            )
        if organisation.id not in among:
            raise NotAllowed(
                f"You may not {doing} for '{organisation.name}'.",
                hint="Only its own staff (admin or editor), or its API key with the scope arena:write, may.",
                field_errors=[FieldError(field, f"you are not staff of '{organisation.name}'")],
            )
        return organisation
    if not default:
        return None
    if not among:
        raise NotAllowed(
            f"Only staff (admin or editor) of an organisation that may {doing} can do so.",
            hint="Ask an admin of the organisation to add you as an editor, or use its API key.",
        )
    if len(among) > 1:
        raise invalid(
            f"You are staff of several organisations: name the one you {doing} for.",
            hint=f"Give `{field}` as the organisation's id or name.",
            field_errors=[FieldError(field, "required when you are staff of several organisations")],
        )
    (only,) = among
    return session.get(Organisation, only)


def _resolve_agency(session: Session, key: str, *, field: str) -> Organisation:
    organisation = find_organisation(session, key=key)
    if organisation is None or organisation.type not in AGENCY_TYPES:
        raise InvalidNeed(
            f"'{key}' is not an agency, municipality or school.",
            hint="Name an organisation of type agency, municipality or school by id or name.",
            field_errors=[FieldError(field, f"unknown agency '{key}'")],
        )
    return organisation


def _check_concepts(session: Session, *, concepts: Sequence[str], region: str | None) -> None:
    errors: list[FieldError] = []
    for concept in unknown_concept_ids(session, ids=list(concepts)):
        errors.append(FieldError("concepts", f"unknown concept '{concept}'"))
    if region is not None and unknown_concept_ids(session, ids=[region], types=REGION_TYPES):
        errors.append(FieldError("region", f"'{region}' is not a known region (lan:01, kommun:0180, ...)"))
    if errors:
        raise InvalidNeed(
            "Some concepts are not known: " + "; ".join(e.message for e in errors) + ".",
            hint="Find concept ids at /v1/concepts (search or suggest).",
            field_errors=errors,
        )


def _clean_groups(groups: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(group.strip() for group in groups if group.strip()))
    too_long = [group for group in cleaned if len(group) > 200]
    if too_long:
        raise InvalidNeed(
            "An affected group is longer than 200 characters.",
            field_errors=[FieldError("affected_groups", "at most 200 characters each")],
        )
    return cleaned


def _search_text(need: Need) -> str:
    return fold(" ".join([need.title, need.summary, need.description, need.purpose, *need.affected_groups]))


# --- writing needs -----------------------------------------------------------------------------------------


def create_need(session: Session, *, actor: Actor, data: NeedIn, now: datetime | None = None) -> Need:
    """A new need by a signed-in person: a private draft, or submitted at once with `submit`."""
    if actor.person_id is None:
        raise NotAllowed("Needs are written by people.", hint="Sign in to write a need.")
    now = now or utcnow()
    concepts = list(dict.fromkeys(concept.strip() for concept in data.concepts if concept.strip()))
    region = data.region.strip() if data.region and data.region.strip() else None
    _check_concepts(session, concepts=concepts, region=region)
    lead = _resolve_agency(session, data.lead_agency, field="lead_agency") if data.lead_agency else None
    co = [_resolve_agency(session, key, field="co_agencies") for key in dict.fromkeys(data.co_agencies)]
    need = Need(
        id=str(uuid.uuid4()),
        kind=data.kind,
        title=data.title.strip(),
        summary=data.summary.strip(),
        description=data.description.strip(),
        affected_groups=_clean_groups(data.affected_groups),
        purpose=data.purpose.strip(),
        desired_data=data.desired_data.model_dump(exclude_none=True),
        region=region,
        author_id=actor.person_id,
        provenance=actor.provenance,
        lead_agency_id=lead.id if lead else None,
        state="draft",
        decision_extended=False,
        created_at=now,
        updated_at=now,
    )
    need.search_text = _search_text(need)
    _check_personal_data(need)
    session.add(need)
    session.flush()
    session.add_all(NeedConcept(need_id=need.id, concept_id=c, position=i) for i, c in enumerate(concepts))
    session.add_all(
        NeedCoAgency(need_id=need.id, organisation_id=org.id)
        for org in co
        if lead is None or org.id != lead.id
    )
    session.flush()
    if data.submit:
        transition(session, need_id=need.id, actor=actor, to="submitted", now=now)
    return need


def update_need(
    session: Session, *, need_id: str, actor: Actor, data: NeedPatch, now: datetime | None = None
) -> Need:
    """The author's change: a draft at any time, a submitted need within 24 hours of submission, and a need
    waiting for information from its author while it waits."""
    now = now or utcnow()
    need = _need_for_update(session, need_id, actor)
    _role_for(session, actor, need, frozenset({AUTHOR}), "edit a need")
    until = edit_until(need)
    open_for_edit = need.state in {"draft", "needs_info"} or (until is not None and now <= until)
    if need.state in TERMINAL or not open_for_edit:
        raise EditWindowClosed(
            "This need can no longer be edited.",
            hint="A need can be edited for 24 hours after submission; comment on it instead.",
            extra={"edit_until": until.isoformat() if until else None, "state": need.state},
        )
    given = data.model_fields_set
    concepts = data.concepts if "concepts" in given and data.concepts is not None else None
    region = need.region
    if "region" in given:
        region = data.region.strip() if data.region and data.region.strip() else None
    _check_concepts(session, concepts=concepts or [], region=region if "region" in given else None)
    for name in ("title", "summary", "description", "purpose"):
        value = getattr(data, name)
        if name in given and value is not None:
            setattr(need, name, value.strip())
    if "affected_groups" in given and data.affected_groups is not None:
        need.affected_groups = _clean_groups(data.affected_groups)
    if "desired_data" in given and data.desired_data is not None:
        need.desired_data = data.desired_data.model_dump(exclude_none=True)
    need.region = region
    if concepts is not None:
        session.execute(delete(NeedConcept).where(NeedConcept.need_id == need.id))
        unique = list(dict.fromkeys(c.strip() for c in concepts if c.strip()))
        session.add_all(NeedConcept(need_id=need.id, concept_id=c, position=i) for i, c in enumerate(unique))
    _check_personal_data(need)
    need.search_text = _search_text(need)
    need.updated_at = now
    session.flush()
    return need


def _check_reason(key: str, reason_code: str | None, message: str) -> None:
    codes = REASON_CODES.get(key, ())
    if codes and reason_code not in codes:
        raise InvalidNeed(
            f"'{key}' needs a reason code: one of {', '.join(codes)}.",
            hint=f"Send reason_code as one of {', '.join(codes)}.",
            field_errors=[FieldError("reason_code", f"use one of {', '.join(codes)}")],
        )
    if not codes and reason_code is not None:
        raise InvalidNeed(
            f"'{key}' takes no reason code.",
            hint="Leave reason_code out.",
            field_errors=[FieldError("reason_code", "not used for this step")],
        )
    if key in MESSAGE_REQUIRED and not message.strip():
        raise InvalidNeed(
            f"'{key}' needs a public message explaining it.",
            hint="Send a message: it is shown with the need's history.",
            field_errors=[FieldError("message", "required for this step")],
        )


def _append(
    session: Session,
    *,
    need: Need,
    kind: str,
    from_state: str,
    to_state: str,
    reason_code: str | None,
    message: str,
    actor: Actor,
    organisation_id: str | None,
    details: dict[str, Any],
    now: datetime,
) -> StatusEvent:
    last = session.scalar(select(func.max(StatusEvent.seq)).where(StatusEvent.need_id == need.id))
    event = StatusEvent(
        need_id=need.id,
        seq=(last or 0) + 1,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        reason_code=reason_code,
        message=message.strip(),
        actor_person_id=actor.person_id,
        actor_organisation_id=organisation_id,
        details=details,
        at=now,
    )
    session.add(event)
    session.flush()
    summary.refresh(session, need)
    notifications.notify_event(session, event)
    return event


def transition(
    session: Session,
    *,
    need_id: str,
    actor: Actor,
    to: str,
    reason_code: str | None = None,
    message: str = "",
    merged_into: str | None = None,
    now: datetime | None = None,
) -> StatusEvent:
    """Move a need to `to`, if the lifecycle allows it from its state and the actor may: one StatusEvent."""
    now = now or utcnow()
    if to not in STATES:
        raise InvalidNeed(
            f"'{to}' is not a state.",
            hint=f"Use one of {', '.join(STATES)}.",
            field_errors=[FieldError("to", "unknown state")],
        )
    need = _need_for_update(session, need_id, actor)
    allowed = allowed_next(need)
    if to not in allowed:
        raise IllegalTransition(
            f"A need that is '{need.state}' cannot become '{to}'.",
            hint=f"From '{need.state}' it can become: {', '.join(allowed) or 'nothing (final)'}.",
            extra={"state": need.state, "allowed": allowed},
        )
    rule = TRANSITIONS[(need.state, to)]
    role = _role_for(session, actor, need, rule.actors, f"move a '{need.state}' need to '{to}'")
    from_state = need.state
    kind = INFO_PROVIDED if from_state == "needs_info" and to in INFO_STATES else TRANSITION
    _check_reason(INFO_PROVIDED if kind == INFO_PROVIDED else to, reason_code, message)
    organisation_id = _acting_organisation(session, actor, need, role)
    details: dict[str, Any] = {}
    if to == "merged":
        target = _merge_target(session, need, merged_into)
        need.merged_into_id = target.id
        details["merged_into"] = target.id
    if to == "triaged" and need.lead_agency_id is None:
        need.lead_agency_id = organisation_id
        details["lead_agency_id"] = organisation_id
    need.state = to
    if to == "needs_info":
        need.info_return_state = from_state
    elif kind == INFO_PROVIDED:
        need.info_return_state = None
    if to == "submitted":
        need.submitted_at = now
    if to == "triaged" and need.triaged_at is None:
        need.triaged_at = now
    if to in DECISIONS and need.decided_at is None:
        need.decided_at = now
    if role == STAFF:
        need.last_update_at = now
    need.updated_at = now
    return _append(
        session,
        need=need,
        kind=kind,
        from_state=from_state,
        to_state=to,
        reason_code=reason_code,
        message=message,
        actor=actor,
        organisation_id=organisation_id,
        details=details,
        now=now,
    )


def _merge_target(session: Session, need: Need, merged_into: str | None) -> Need:
    target = session.get(Need, merged_into) if merged_into else None
    if target is None or target.id == need.id or target.submitted_at is None or target.state in TERMINAL:
        raise InvalidNeed(
            "A merge needs the id of another open need to merge into.",
            hint="Send merged_into: the id of the need that is kept (not merged or withdrawn itself).",
            field_errors=[FieldError("merged_into", "not an open need")],
        )
    return target


def transfer_lead(
    session: Session,
    *,
    need_id: str,
    actor: Actor,
    lead_agency: str,
    reason_code: str | None,
    message: str,
    now: datetime | None = None,
) -> StatusEvent:
    """Hand the lead to another agency, with a public message: a `transferred` event in the same state."""
    now = now or utcnow()
    need = _need_for_update(session, need_id, actor)
    if need.state not in TRANSFER_STATES:
        raise IllegalTransition(
            f"The lead of a '{need.state}' need cannot be transferred.",
            hint="A lead can be transferred while the need is open (submitted and not yet closed).",
            extra={"state": need.state, "allowed": allowed_next(need)},
        )
    role = _role_for(session, actor, need, TRANSFER_ACTORS, "transfer the lead")
    _check_reason(TRANSFERRED, reason_code, message)
    new = _resolve_agency(session, lead_agency, field="lead_agency")
    if new.id == need.lead_agency_id:
        raise InvalidNeed(
            "That agency already leads this need.",
            field_errors=[FieldError("lead_agency", "already the lead")],
        )
    organisation_id = _acting_organisation(session, actor, need, role)
    old = need.lead_agency_id
    need.lead_agency_id = new.id
    session.execute(
        delete(NeedCoAgency).where(NeedCoAgency.need_id == need.id, NeedCoAgency.organisation_id == new.id)
    )
    need.last_update_at = now
    need.updated_at = now
    return _append(
        session,
        need=need,
        kind=TRANSFERRED,
        from_state=need.state,
        to_state=need.state,
        reason_code=reason_code,
        message=message,
        actor=actor,
        organisation_id=organisation_id,
        details={"from_lead_agency_id": old, "to_lead_agency_id": new.id},
        now=now,
    )


def extend_decision(
    session: Session,
    *,
    need_id: str,
    actor: Actor,
    reason_code: str | None,
    message: str,
    now: datetime | None = None,
) -> StatusEvent:
    """Extend the decision clock once by 20 working days, with a public reason (a `decision_extended`
    event)."""
    now = now or utcnow()
    need = _need_for_update(session, need_id, actor)
    if need.state not in EXTEND_STATES or need.decision_extended:
        raise IllegalTransition(
            "The decision clock can be extended once, before the decision.",
            hint="It was extended already, or the need is decided or closed.",
            extra={
                "state": need.state,
                "allowed": allowed_next(need),
                "decision_extended": need.decision_extended,
            },
        )
    role = _role_for(session, actor, need, EXTEND_ACTORS, "extend the decision clock")
    _check_reason(DECISION_EXTENDED, reason_code, message)
    need.decision_extended = True
    need.last_update_at = now
    need.updated_at = now
    status = clocks.clock_status(_clock_input(need), today=clocks.swedish_date(now))
    return _append(
        session,
        need=need,
        kind=DECISION_EXTENDED,
        from_state=need.state,
        to_state=need.state,
        reason_code=reason_code,
        message=message,
        actor=actor,
        organisation_id=_acting_organisation(session, actor, need, role),
        details={"decision_due": status.decision_due.isoformat() if status.decision_due else None},
        now=now,
    )


# --- supports, comments, followers -------------------------------------------------------------------------


def support(
    session: Session,
    *,
    need_id: str,
    person_id: str,
    stakeholder_type: str,
    use_note: str = "",
    now: datetime | None = None,
) -> Support:
    """Support a submitted need (one active support per person and need; not a merged or withdrawn one)."""
    need = get_need(session, need_id=need_id)
    _check_open_for_participation(need, "supported")
    active = _active_support(session, need.id, person_id)
    if active is not None:
        raise AlreadySupported(
            "You support this need already.", hint="Withdraw your support first to change it."
        )
    row = Support(
        need_id=need.id,
        person_id=person_id,
        stakeholder_type=stakeholder_type,
        use_note=use_note.strip(),
        created_at=now or utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def _check_open_for_participation(need: Need, doing: str) -> None:
    """Merged and withdrawn needs are closed for good: the conversation goes on where it was merged into."""
    if need.state not in TERMINAL:
        return
    hint = (
        f"It was merged into need {need.merged_into_id}; take part there."
        if need.state == "merged"
        else "Its author withdrew it; you may write a new need."
    )
    raise NeedClosed(f"This need is {need.state} and can no longer be {doing}.", hint=hint)


def _active_support(session: Session, need_id: str, person_id: str) -> Support | None:
    return session.scalars(
        select(Support).where(
            Support.need_id == need_id, Support.person_id == person_id, Support.withdrawn_at.is_(None)
        )
    ).first()


def withdraw_support(
    session: Session, *, need_id: str, person_id: str, now: datetime | None = None
) -> Support | None:
    """Withdraw the person's active support (kept, with withdrawn_at); nothing to withdraw is no error."""
    need = get_need(session, need_id=need_id)
    active = _active_support(session, need.id, person_id)
    if active is not None:
        active.withdrawn_at = now or utcnow()
        session.flush()
    return active


def add_comment(
    session: Session, *, need_id: str, actor: Actor, data: CommentIn, now: datetime | None = None
) -> Comment:
    """A comment; official when its writer is staff of the need's lead agency or a co-agency."""
    now = now or utcnow()
    need = get_need(session, need_id=need_id, viewer_id=actor.person_id)
    _check_open_for_participation(need, "commented on")
    personal_data.check({"text": data.text})
    agencies = _agencies(session, need)
    mine = actor.staff_of & agencies
    official = bool(mine)
    organisation_id: str | None = None
    if official:
        organisation_id = actor.organisation_id or (
            need.lead_agency_id if need.lead_agency_id in mine else sorted(mine)[0]
        )
        need.last_update_at = now
    elif actor.organisation_id is not None:
        organisation_id = actor.organisation_id
    comment = Comment(
        id=str(uuid.uuid4()),
        need_id=need.id,
        author_person_id=actor.person_id,
        organisation_id=organisation_id,
        text=data.text.strip(),
        stance=data.stance,
        official=official,
        created_at=now,
    )
    session.add(comment)
    session.flush()
    notifications.notify_official_reply(session, comment)
    return comment


def list_comments(
    session: Session, *, need_id: str, cursor: str | None, limit: int, viewer_id: str | None = None
) -> tuple[list[Comment], str | None]:
    """A need's comments, oldest first, in pages; hidden ones only for their author and moderators."""
    need = get_need(session, need_id=need_id, viewer_id=viewer_id)
    query = select(Comment).where(Comment.need_id == need.id)
    if not is_moderator_person(session, viewer_id):
        query = query.where(
            or_(Comment.id.not_in(hidden_ids("comment")), Comment.author_person_id == viewer_id)
            if viewer_id is not None
            else Comment.id.not_in(hidden_ids("comment"))
        )
    if cursor:
        position = decode_cursor(cursor)
        at, last_id = _cursor_parts(position, "c")
        query = query.where(
            or_(Comment.created_at > at, and_(Comment.created_at == at, Comment.id > last_id))
        )
    rows = list(session.scalars(query.order_by(Comment.created_at, Comment.id).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor({"c": rows[-1].created_at.isoformat(), "i": rows[-1].id})
    return rows, next_cursor


def _cursor_parts(position: dict[str, Any], key: str) -> tuple[datetime, str]:
    try:
        return datetime.fromisoformat(str(position[key])), str(position["i"])
    except (KeyError, ValueError) as exc:
        raise InvalidArenaQuery("The cursor is not valid.", hint="Use the 'next' value as returned.") from exc


def follow(session: Session, *, need_id: str, person_id: str, now: datetime | None = None) -> None:
    need = get_need(session, need_id=need_id, viewer_id=person_id)
    if session.get(Follow, (need.id, person_id)) is None:
        session.add(Follow(need_id=need.id, person_id=person_id, created_at=now or utcnow()))
        session.flush()


def unfollow(session: Session, *, need_id: str, person_id: str) -> None:
    need = get_need(session, need_id=need_id, viewer_id=person_id)
    session.execute(delete(Follow).where(Follow.need_id == need.id, Follow.person_id == person_id))
    session.flush()


# --- lists and feeds ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedQuery:
    states: Sequence[str] = ()
    kinds: Sequence[str] = ()
    agencies: Sequence[str] = ()
    concepts: Sequence[str] = ()
    regions: Sequence[str] = ()
    q: str = ""


def _unknown(name: str, values: Sequence[str], known: Sequence[str]) -> None:
    bad = [value for value in values if value not in known]
    if bad:
        raise InvalidArenaQuery(
            f"Unknown {name}: {', '.join(bad)}.",
            hint=f"Use one of {', '.join(known)}.",
            field_errors=[FieldError(name, f"unknown value '{value}'") for value in bad],
        )


def list_needs(
    session: Session, *, query: NeedQuery, cursor: str | None, limit: int
) -> tuple[list[Need], str | None]:
    """Submitted needs, newest submission first, filtered; every unknown filter value is a 400."""
    _unknown("state", query.states, PUBLIC_STATES)
    _unknown("kind", query.kinds, KINDS)
    agency_ids = [_resolve_filter_agency(session, key) for key in query.agencies]
    for name, values, types in (("concept", query.concepts, ()), ("region", query.regions, REGION_TYPES)):
        bad = unknown_concept_ids(session, ids=list(values), types=types)
        if bad:
            raise InvalidArenaQuery(
                f"Unknown {name}: {', '.join(bad)}.",
                hint="Use taxonomy concept ids such as lan:01 or kommun:0180 (find them at /v1/concepts).",
                field_errors=[FieldError(name, f"unknown concept '{value}'") for value in bad],
            )
    statement = select(Need).where(Need.submitted_at.is_not(None), Need.id.not_in(hidden_ids("need")))
    if query.states:
        statement = statement.where(Need.state.in_(query.states))
    if query.kinds:
        statement = statement.where(Need.kind.in_(query.kinds))
    if agency_ids:
        co = select(NeedCoAgency.need_id).where(NeedCoAgency.organisation_id.in_(agency_ids))
        statement = statement.where(or_(Need.lead_agency_id.in_(agency_ids), Need.id.in_(co)))
    if query.concepts:
        statement = statement.where(
            Need.id.in_(select(NeedConcept.need_id).where(NeedConcept.concept_id.in_(query.concepts)))
        )
    if query.regions:
        statement = statement.where(Need.region.in_(query.regions))
    for word in fold(query.q).split():
        statement = statement.where(Need.search_text.like(f"%{word}%"))
    if cursor:
        at, last_id = _cursor_parts(decode_cursor(cursor), "s")
        statement = statement.where(
            or_(Need.submitted_at < at, and_(Need.submitted_at == at, Need.id < last_id))
        )
    rows = list(
        session.scalars(statement.order_by(Need.submitted_at.desc(), Need.id.desc()).limit(limit + 1))
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        assert last.submitted_at is not None
        next_cursor = encode_cursor({"s": last.submitted_at.isoformat(), "i": last.id})
    return rows, next_cursor


def _resolve_filter_agency(session: Session, key: str) -> str:
    organisation = (
        session.get(Organisation, key)
        or session.scalars(select(Organisation).where(Organisation.name == key)).first()
    )
    if organisation is None:
        raise InvalidArenaQuery(
            f"Unknown agency: {key}.",
            hint="Name an organisation by its id or name (see /v1/organisations).",
            field_errors=[FieldError("agency", f"unknown organisation '{key}'")],
        )
    return organisation.id


def events_since(session: Session, *, since: int, limit: int) -> list[StatusEvent]:
    """Status events of submitted needs after `since` (the global event id), oldest first."""
    statement = (
        select(StatusEvent)
        .join(Need, Need.id == StatusEvent.need_id)
        .where(StatusEvent.id > since, Need.submitted_at.is_not(None))
        .order_by(StatusEvent.id)
        .limit(limit)
    )
    return list(session.scalars(statement))


# --- views -------------------------------------------------------------------------------------------------


def _clock_input(need: Need) -> clocks.ClockInput:
    return clocks.ClockInput(
        state=need.state,
        submitted_at=need.submitted_at,
        triaged_at=need.triaged_at,
        decided_at=need.decided_at,
        decision_extended=need.decision_extended,
        last_update_at=need.last_update_at,
    )


def clock_out(need: Need, *, today: date) -> ClockOut:
    status = clocks.clock_status(_clock_input(need), today=today)
    return ClockOut(
        today=today,
        triage_due=status.triage_due,
        triage_overdue=status.triage_overdue,
        decision_due=status.decision_due,
        decision_extended=status.decision_extended,
        decision_overdue=status.decision_overdue,
        update_due=status.update_due,
        update_overdue=status.update_overdue,
        overdue=status.overdue,
    )


def event_out(event: StatusEvent, *, author_id: str) -> StatusEventOut:
    return StatusEventOut(
        id=event.id,
        need_id=event.need_id,
        seq=event.seq,
        kind=event.kind,
        from_state=event.from_state,
        to_state=event.to_state,
        reason_code=event.reason_code,
        message=event.message,
        by_author=event.actor_person_id is not None and event.actor_person_id == author_id,
        actor_organisation_id=event.actor_organisation_id,
        details=event.details,
        at=event.at,
    )


def events_out(session: Session, events: Sequence[StatusEvent]) -> list[StatusEventOut]:
    ids = {event.need_id for event in events}
    authors: dict[str, str] = dict(
        session.execute(select(Need.id, Need.author_id).where(Need.id.in_(ids))).all()
    )
    return [event_out(event, author_id=authors.get(event.need_id, "")) for event in events]


def comment_out(comment: Comment, *, secret: bytes) -> CommentOut:
    return CommentOut(
        id=comment.id,
        need_id=comment.need_id,
        author=pseudonym(secret, comment.author_person_id) if comment.author_person_id else None,
        organisation_id=comment.organisation_id,
        text=comment.text,
        stance=comment.stance,
        official=comment.official,
        created_at=comment.created_at,
    )


def _grouped(session: Session, column: Any, ids: list[str], *conditions: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(column.in_(ids), *conditions).group_by(column))
    return {str(key): int(count) for key, count in rows.all()}


def needs_out(
    session: Session, needs: Sequence[Need], *, secret: bytes, today: date, with_history: bool = False
) -> list[NeedOut]:
    """The public view of needs: pseudonymous author, counts, clocks (and the history when asked)."""
    ids = [need.id for need in needs]
    supports = _grouped(session, Support.need_id, ids, Support.withdrawn_at.is_(None))
    comments = _grouped(session, Comment.need_id, ids, Comment.id.not_in(hidden_ids("comment")))
    followers = _grouped(session, Follow.need_id, ids)
    concepts: dict[str, list[str]] = {}
    for need_id, concept_id in session.execute(
        select(NeedConcept.need_id, NeedConcept.concept_id)
        .where(NeedConcept.need_id.in_(ids))
        .order_by(NeedConcept.position)
    ):
        concepts.setdefault(need_id, []).append(concept_id)
    co: dict[str, list[str]] = {}
    for need_id, organisation_id in session.execute(
        select(NeedCoAgency.need_id, NeedCoAgency.organisation_id)
        .where(NeedCoAgency.need_id.in_(ids))
        .order_by(NeedCoAgency.organisation_id)
    ):
        co.setdefault(need_id, []).append(organisation_id)
    return [
        NeedOut(
            id=need.id,
            kind=need.kind,
            title=need.title,
            summary=need.summary,
            description=need.description,
            affected_groups=list(need.affected_groups),
            purpose=need.purpose,
            desired_data=DesiredData.model_validate(need.desired_data),
            region=need.region,
            concepts=concepts.get(need.id, []),
            author=pseudonym(secret, need.author_id),
            provenance=need.provenance,
            lead_agency_id=need.lead_agency_id,
            co_agency_ids=co.get(need.id, []),
            state=need.state,
            allowed_next=allowed_next(need),
            merged_into=need.merged_into_id,
            created_at=need.created_at,
            submitted_at=need.submitted_at,
            updated_at=need.updated_at,
            edit_until=edit_until(need),
            supports=supports.get(need.id, 0),
            comments=comments.get(need.id, 0),
            followers=followers.get(need.id, 0),
            clock=clock_out(need, today=today),
            history=[event_out(e, author_id=need.author_id) for e in history(session, need_id=need.id)]
            if with_history
            else None,
        )
        for need in needs
    ]
