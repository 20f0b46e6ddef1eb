"""Use cases of ideas and agency challenges.

An agency puts a *challenge* to the public (a question, open for ideas until a day, perhaps taking up some
public needs); anyone signed in proposes an *idea*: a service or solution that addresses public needs and/or
answers an open challenge, naming the catalogue datasets it would use. An idea may be written on behalf of
an organisation its author is staff of, which gives it that organisation's provenance label (agency, NGO,
company); otherwise it is a citizen's. Its author may edit it for 24 hours (`service.EDIT_WINDOW`).

Every function receives the session and only flushes; the caller owns the transaction. Unknown ids and
filter values are typed errors that name the field and the value, never an empty answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.accounts.service import find_organisation
from samskapa.arena import clocks, personal_data, service
from samskapa.arena.errors import (
    ChallengeClosed,
    ChallengeNotFound,
    EditWindowClosed,
    IdeaNotFound,
    InvalidArenaQuery,
    InvalidChallenge,
    InvalidIdea,
    NotAllowed,
)
from samskapa.arena.models import Challenge, ChallengeNeed, HiddenItem, Idea, IdeaDataset, IdeaNeed, Need
from samskapa.arena.schemas import (
    ChallengeIn,
    ChallengeOut,
    ChallengePatch,
    ChallengeRef,
    DatasetRef,
    IdeaIn,
    IdeaOut,
    IdeaPatch,
    NeedRef,
    OrganisationRef,
)
from samskapa.arena.service import Actor
from samskapa.catalogue import service as catalogue
from samskapa.catalogue.errors import DatasetNotFound
from samskapa.catalogue.models import Dataset
from samskapa.core.errors import DomainError, FieldError
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.text import fold
from samskapa.core.time import utcnow

CHALLENGE_STATUSES: Final = ("open", "closed")


def _today(now: datetime) -> date:
    return clocks.swedish_date(now)


def is_open(challenge: Challenge, *, today: date) -> bool:
    """Open for ideas: no closing day, or the closing day has not passed (it is the last day)."""
    return challenge.open_until is None or challenge.open_until >= today


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))


def _public_needs(
    session: Session, ids: Sequence[str], *, field: str, error: type[DomainError]
) -> list[Need]:
    """The needs by id, each submitted (not a draft) and not hidden; otherwise `error` naming each value."""
    found = {need.id: need for need in session.scalars(select(Need).where(Need.id.in_(ids)))}
    hidden = set(
        session.scalars(
            select(HiddenItem.item_id).where(HiddenItem.item_type == "need", HiddenItem.item_id.in_(ids))
        )
    )
    problems: list[FieldError] = []
    for need_id in ids:
        need = found.get(need_id)
        if need is None or need.submitted_at is None:
            problems.append(FieldError(field, f"unknown need '{need_id}'"))
        elif need_id in hidden:
            problems.append(FieldError(field, f"need '{need_id}' is hidden pending moderation"))
    if problems:
        raise error(
            "Some needs cannot be linked: " + "; ".join(p.message for p in problems) + ".",
            hint="Name public needs by their id (list them at /v1/needs).",
            field_errors=problems,
        )
    return [found[need_id] for need_id in ids]


# --- challenges --------------------------------------------------------------------------------------------


def _challenge_organisation(session: Session, actor: Actor, key: str | None) -> Organisation:
    """The agency a new challenge is put by: the API key's own, the one named, or the writer's only one."""
    if not actor.agency_staff_of:
        raise NotAllowed(
            "Only staff (admin or editor) of an agency, municipality or school may put a challenge.",
            hint="Sign in as staff of an agency, or use an API key of the agency with the scope arena:write.",
        )
    organisation = service.organisation_acted_for(
        session,
        actor,
        key,
        among=actor.agency_staff_of,
        field="organisation",
        doing="put a challenge",
        invalid=InvalidChallenge,
    )
    assert organisation is not None  # the default is on: one, or an error
    return organisation


def _check_open_until(open_until: date | None, *, today: date) -> None:
    if open_until is not None and open_until < today:
        raise InvalidChallenge(
            f"The closing day {open_until.isoformat()} has passed.",
            hint=f"Give today ({today.isoformat()}) or a later day, or none for no closing day.",
            field_errors=[FieldError("open_until", "must not be in the past")],
        )


def _link_challenge_needs(session: Session, challenge: Challenge, need_ids: list[str]) -> None:
    _public_needs(session, need_ids, field="needs", error=InvalidChallenge)
    for row in session.scalars(select(ChallengeNeed).where(ChallengeNeed.challenge_id == challenge.id)):
        session.delete(row)
    session.flush()
    session.add_all(ChallengeNeed(challenge_id=challenge.id, need_id=need_id) for need_id in need_ids)


def create_challenge(
    session: Session, *, actor: Actor, data: ChallengeIn, now: datetime | None = None
) -> Challenge:
    """A new challenge by staff of an agency-type organisation (or by the agency through its API key)."""
    now = now or utcnow()
    organisation = _challenge_organisation(session, actor, data.organisation)
    _check_open_until(data.open_until, today=_today(now))
    need_ids = _unique(data.needs)
    _public_needs(session, need_ids, field="needs", error=InvalidChallenge)
    challenge = Challenge(
        id=str(uuid.uuid4()),
        organisation_id=organisation.id,
        title=data.title.strip(),
        summary=data.summary.strip(),
        description=data.description.strip(),
        open_until=data.open_until,
        created_by=actor.person_id,
        created_at=now,
        updated_at=now,
    )
    _check_personal_data(challenge)
    session.add(challenge)
    session.flush()
    _link_challenge_needs(session, challenge, need_ids)
    session.flush()
    return challenge


def update_challenge(
    session: Session, *, challenge_id: str, actor: Actor, data: ChallengePatch, now: datetime | None = None
) -> Challenge:
    """A change by staff of the challenge's own organisation: only the fields given change."""
    now = now or utcnow()
    challenge = session.get(Challenge, challenge_id, with_for_update=True)
    if challenge is None:
        raise _challenge_not_found(challenge_id)
    if challenge.organisation_id not in actor.staff_of:
        raise NotAllowed(
            "Only staff of the organisation that put the challenge may change it.",
            hint="Sign in as its staff, or use its API key with the scope arena:write.",
        )
    given = data.model_fields_set
    for name in ("title", "summary", "description"):
        value = getattr(data, name)
        if name in given and value is not None:
            setattr(challenge, name, value.strip())
    if "open_until" in given:
        if data.open_until != challenge.open_until:
            _check_open_until(data.open_until, today=_today(now))
        challenge.open_until = data.open_until
    _check_personal_data(challenge)
    if "needs" in given and data.needs is not None:
        _link_challenge_needs(session, challenge, _unique(data.needs))
    challenge.updated_at = now
    session.flush()
    return challenge


def _check_personal_data(item: Challenge | Idea) -> None:
    personal_data.check({"title": item.title, "summary": item.summary, "description": item.description})


def _challenge_not_found(challenge_id: str) -> ChallengeNotFound:
    return ChallengeNotFound(
        f"There is no challenge '{challenge_id}'.", hint="List challenges at /v1/challenges."
    )


def get_challenge(session: Session, *, challenge_id: str) -> Challenge:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None:
        raise _challenge_not_found(challenge_id)
    return challenge


@dataclass(frozen=True)
class ChallengeQuery:
    status: str | None = None  # open or closed
    organisations: Sequence[str] = ()


def _filter_organisations(session: Session, keys: Sequence[str]) -> list[str]:
    ids: list[str] = []
    for key in keys:
        organisation = find_organisation(session, key=key)
        if organisation is None:
            raise InvalidArenaQuery(
                f"Unknown organisation: {key}.",
                hint="Name an organisation by its id or name (see /v1/organisations).",
                field_errors=[FieldError("organisation", f"unknown organisation '{key}'")],
            )
        ids.append(organisation.id)
    return ids


def _page_after(cursor: str | None) -> tuple[datetime, str] | None:
    return service._cursor_parts(decode_cursor(cursor), "c") if cursor else None


def _next_cursor(rows: list[Challenge] | list[Idea], limit: int) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor({"c": last.created_at.isoformat(), "i": last.id})


def list_challenges(
    session: Session, *, query: ChallengeQuery, cursor: str | None, limit: int, now: datetime | None = None
) -> tuple[list[Challenge], str | None]:
    """Challenges, newest first, filtered by status (open or closed, today in Sweden) and organisation."""
    if query.status is not None and query.status not in CHALLENGE_STATUSES:
        raise InvalidArenaQuery(
            f"Unknown status: {query.status}.",
            hint=f"Use one of {', '.join(CHALLENGE_STATUSES)}.",
            field_errors=[FieldError("status", f"unknown value '{query.status}'")],
        )
    organisation_ids = _filter_organisations(session, query.organisations)
    today = _today(now or utcnow())
    statement = select(Challenge)
    if query.status == "open":
        statement = statement.where(or_(Challenge.open_until.is_(None), Challenge.open_until >= today))
    elif query.status == "closed":
        statement = statement.where(Challenge.open_until < today)
    if organisation_ids:
        statement = statement.where(Challenge.organisation_id.in_(organisation_ids))
    after = _page_after(cursor)
    if after is not None:
        at, last_id = after
        statement = statement.where(
            or_(Challenge.created_at < at, and_(Challenge.created_at == at, Challenge.id < last_id))
        )
    rows = list(
        session.scalars(statement.order_by(Challenge.created_at.desc(), Challenge.id.desc()).limit(limit + 1))
    )
    next_cursor = _next_cursor(rows, limit)
    return rows[:limit], next_cursor


# --- ideas -------------------------------------------------------------------------------------------------


def _datasets(
    session: Session, keys: Sequence[str], *, field: str, error: type[DomainError]
) -> list[Dataset]:
    """Catalogue datasets by id or name (withdrawn ones are not offered to new ideas)."""
    found: list[Dataset] = []
    problems: list[FieldError] = []
    for key in keys:
        try:
            found.append(catalogue.get_dataset(session, key=key, include_withdrawn=False))
        except DatasetNotFound:
            problems.append(FieldError(field, f"unknown dataset '{key}'"))
    if problems:
        raise error(
            "Some datasets are not in the catalogue: " + "; ".join(p.message for p in problems) + ".",
            hint="Name catalogue datasets by their id or name (search them at /v1/datasets?q=…).",
            field_errors=problems,
        )
    return list({dataset.id: dataset for dataset in found}.values())


def _idea_organisation(session: Session, actor: Actor, key: str | None) -> Organisation | None:
    """The organisation the author writes the idea for (its staff only), or None: as themselves."""
    return service.organisation_acted_for(
        session,
        actor,
        key,
        among=actor.staff_of,
        field="organisation",
        doing="write ideas",
        invalid=InvalidIdea,
        default=False,
    )


def _open_challenge(session: Session, challenge_id: str, *, today: date) -> Challenge:
    challenge = session.get(Challenge, challenge_id)
    if challenge is None:
        raise InvalidIdea(
            f"There is no challenge '{challenge_id}'.",
            hint="List open challenges at /v1/challenges?status=open.",
            field_errors=[FieldError("challenge_id", f"unknown challenge '{challenge_id}'")],
        )
    if not is_open(challenge, today=today):
        assert challenge.open_until is not None
        raise ChallengeClosed(
            f"The challenge closed on {challenge.open_until.isoformat()}.",
            hint="List open challenges at /v1/challenges?status=open, or address needs instead.",
            field_errors=[FieldError("challenge_id", "the challenge is closed")],
        )
    return challenge


def _no_target(challenge_id: str | None, need_ids: list[str]) -> None:
    if not need_ids and challenge_id is None:
        raise InvalidIdea(
            "An idea addresses at least one need or answers a challenge.",
            hint="Give `needs` (ids of public needs) or `challenge_id` (an open challenge).",
            field_errors=[FieldError("needs", "name at least one need, or a challenge")],
        )


def _search_text(idea: Idea) -> str:
    return fold(" ".join([idea.title, idea.summary, idea.description]))


def _link_idea(
    session: Session, idea: Idea, need_ids: list[str] | None, datasets: list[Dataset] | None
) -> None:
    if need_ids is not None:
        for row in session.scalars(select(IdeaNeed).where(IdeaNeed.idea_id == idea.id)):
            session.delete(row)
        session.flush()
        session.add_all(IdeaNeed(idea_id=idea.id, need_id=need_id) for need_id in need_ids)
    if datasets is not None:
        for link in session.scalars(select(IdeaDataset).where(IdeaDataset.idea_id == idea.id)):
            session.delete(link)
        session.flush()
        session.add_all(IdeaDataset(idea_id=idea.id, dataset_id=dataset.id) for dataset in datasets)


def create_idea(session: Session, *, actor: Actor, data: IdeaIn, now: datetime | None = None) -> Idea:
    """A new idea by a signed-in person, published at once."""
    if actor.person_id is None:
        raise NotAllowed("Ideas are written by people.", hint="Sign in to propose an idea.")
    now = now or utcnow()
    need_ids = _unique(data.needs)
    challenge_id = data.challenge_id.strip() if data.challenge_id and data.challenge_id.strip() else None
    _no_target(challenge_id, need_ids)
    _public_needs(session, need_ids, field="needs", error=InvalidIdea)
    datasets = _datasets(session, _unique(data.datasets), field="datasets", error=InvalidIdea)
    organisation = _idea_organisation(session, actor, data.organisation)
    if challenge_id is not None:
        _open_challenge(session, challenge_id, today=_today(now))
    idea = Idea(
        id=str(uuid.uuid4()),
        title=data.title.strip(),
        summary=data.summary.strip(),
        description=data.description.strip(),
        author_id=actor.person_id,
        organisation_id=organisation.id if organisation else None,
        provenance=service.provenance_of({organisation.type} if organisation else set()),
        challenge_id=challenge_id,
        created_at=now,
        updated_at=now,
    )
    _check_personal_data(idea)
    idea.search_text = _search_text(idea)
    session.add(idea)
    session.flush()
    _link_idea(session, idea, need_ids, datasets)
    session.flush()
    return idea


def edit_until(idea: Idea) -> datetime:
    return idea.created_at + service.EDIT_WINDOW


def update_idea(
    session: Session, *, idea_id: str, actor: Actor, data: IdeaPatch, now: datetime | None = None
) -> Idea:
    """The author's change within 24 hours of writing: only the fields given change."""
    now = now or utcnow()
    idea = session.get(Idea, idea_id, with_for_update=True)
    if idea is None:
        raise _idea_not_found(idea_id)
    if actor.person_id is None or actor.person_id != idea.author_id:
        raise NotAllowed("Only its author may edit an idea.", hint="Sign in as its author.")
    until = edit_until(idea)
    if now > until:
        raise EditWindowClosed(
            "This idea can no longer be edited.",
            hint="An idea can be edited for 24 hours after it was written.",
            extra={"edit_until": until.isoformat()},
        )
    given = data.model_fields_set
    for name in ("title", "summary", "description"):
        value = getattr(data, name)
        if name in given and value is not None:
            setattr(idea, name, value.strip())
    need_ids = _unique(data.needs) if "needs" in given and data.needs is not None else None
    if need_ids is not None:
        _no_target(idea.challenge_id, need_ids)
        _public_needs(session, need_ids, field="needs", error=InvalidIdea)
    datasets = (
        _datasets(session, _unique(data.datasets), field="datasets", error=InvalidIdea)
        if "datasets" in given and data.datasets is not None
        else None
    )
    _check_personal_data(idea)
    idea.search_text = _search_text(idea)
    idea.updated_at = now
    _link_idea(session, idea, need_ids, datasets)
    session.flush()
    return idea


def _idea_not_found(idea_id: str) -> IdeaNotFound:
    return IdeaNotFound(f"There is no idea '{idea_id}'.", hint="List ideas at /v1/ideas.")


def get_idea(session: Session, *, idea_id: str) -> Idea:
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise _idea_not_found(idea_id)
    return idea


@dataclass(frozen=True)
class IdeaQuery:
    needs: Sequence[str] = ()
    challenges: Sequence[str] = ()
    datasets: Sequence[str] = ()
    q: str = ""


def _filter_datasets(session: Session, keys: Sequence[str]) -> list[str]:
    ids: list[str] = []
    for key in keys:
        try:
            ids.append(catalogue.get_dataset(session, key=key).id)
        except DatasetNotFound as exc:
            raise InvalidArenaQuery(
                f"Unknown dataset: {key}.",
                hint="Name catalogue datasets by their id or name (search them at /v1/datasets?q=…).",
                field_errors=[FieldError("dataset", f"unknown dataset '{key}'")],
            ) from exc
    return ids


def list_ideas(
    session: Session, *, query: IdeaQuery, cursor: str | None, limit: int
) -> tuple[list[Idea], str | None]:
    """Ideas, newest first, filtered by need, challenge, dataset and words; unknown filter values are 400."""
    _public_needs(session, list(query.needs), field="need", error=InvalidArenaQuery)
    known = set(session.scalars(select(Challenge.id).where(Challenge.id.in_(query.challenges))))
    unknown = [key for key in query.challenges if key not in known]
    if unknown:
        raise InvalidArenaQuery(
            f"Unknown challenge: {', '.join(unknown)}.",
            hint="List challenges at /v1/challenges.",
            field_errors=[FieldError("challenge", f"unknown challenge '{key}'") for key in unknown],
        )
    dataset_ids = _filter_datasets(session, query.datasets)
    statement = select(Idea)
    if query.needs:
        statement = statement.where(
            Idea.id.in_(select(IdeaNeed.idea_id).where(IdeaNeed.need_id.in_(query.needs)))
        )
    if query.challenges:
        statement = statement.where(Idea.challenge_id.in_(query.challenges))
    if dataset_ids:
        statement = statement.where(
            Idea.id.in_(select(IdeaDataset.idea_id).where(IdeaDataset.dataset_id.in_(dataset_ids)))
        )
    for word in fold(query.q).split():
        statement = statement.where(Idea.search_text.like(f"%{word}%"))
    after = _page_after(cursor)
    if after is not None:
        at, last_id = after
        statement = statement.where(or_(Idea.created_at < at, and_(Idea.created_at == at, Idea.id < last_id)))
    rows = list(session.scalars(statement.order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit + 1)))
    next_cursor = _next_cursor(rows, limit)
    return rows[:limit], next_cursor


def ideas_for_need(session: Session, need_id: str) -> list[Idea]:
    """The ideas addressing a need, newest first (for the need's page)."""
    return list(
        session.scalars(
            select(Idea)
            .where(Idea.id.in_(select(IdeaNeed.idea_id).where(IdeaNeed.need_id == need_id)))
            .order_by(Idea.created_at.desc(), Idea.id.desc())
        )
    )


def ideas_for_challenge(session: Session, challenge_id: str) -> list[Idea]:
    """The ideas answering a challenge, newest first."""
    return list(
        session.scalars(
            select(Idea)
            .where(Idea.challenge_id == challenge_id)
            .order_by(Idea.created_at.desc(), Idea.id.desc())
        )
    )


def recent_needs(session: Session, *, limit: int = 50) -> list[Need]:
    """Recently submitted, visible needs (the choices of the idea form)."""
    return list(
        session.scalars(
            select(Need)
            .where(Need.submitted_at.is_not(None), Need.id.not_in(service.hidden_ids("need")))
            .order_by(Need.submitted_at.desc(), Need.id.desc())
            .limit(limit)
        )
    )


# --- views -------------------------------------------------------------------------------------------------


def _organisation_refs(session: Session, ids: set[str]) -> dict[str, OrganisationRef]:
    return {
        row.id: OrganisationRef(
            id=row.id, name=row.name, type=row.type, title_sv=row.title_sv, title_en=row.title_en
        )
        for row in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))
    }


def _visible_need_refs(session: Session, pairs: Sequence[tuple[str, str]]) -> dict[str, list[NeedRef]]:
    """Owner id -> the visible (submitted, not hidden) needs linked to it, by title."""
    need_ids = {need_id for _owner, need_id in pairs}
    needs = {
        need.id: need
        for need in session.scalars(
            select(Need).where(
                Need.id.in_(need_ids),
                Need.submitted_at.is_not(None),
                Need.id.not_in(service.hidden_ids("need")),
            )
        )
    }
    refs: dict[str, list[NeedRef]] = {}
    for owner, need_id in pairs:
        need = needs.get(need_id)
        if need is not None:
            refs.setdefault(owner, []).append(NeedRef(id=need.id, title=need.title))
    for items in refs.values():
        items.sort(key=lambda ref: (ref.title, ref.id))
    return refs


def ideas_out(
    session: Session, ideas: Sequence[Idea], *, secret: bytes, now: datetime | None = None
) -> list[IdeaOut]:
    """The public view of ideas: pseudonymous author, provenance, organisation, needs, datasets, challenge."""
    today = _today(now or utcnow())
    ids = [idea.id for idea in ideas]
    need_pairs = [
        (idea_id, need_id)
        for idea_id, need_id in session.execute(
            select(IdeaNeed.idea_id, IdeaNeed.need_id).where(IdeaNeed.idea_id.in_(ids))
        )
    ]
    needs = _visible_need_refs(session, need_pairs)
    datasets: dict[str, list[DatasetRef]] = {}
    for idea_id, dataset in session.execute(
        select(IdeaDataset.idea_id, Dataset)
        .join(Dataset, Dataset.id == IdeaDataset.dataset_id)
        .where(IdeaDataset.idea_id.in_(ids))
        .order_by(Dataset.name)
    ):
        datasets.setdefault(idea_id, []).append(
            DatasetRef(id=dataset.id, name=dataset.name, title_sv=dataset.title_sv, title_en=dataset.title_en)
        )
    organisations = _organisation_refs(session, {i.organisation_id for i in ideas if i.organisation_id})
    challenges = {
        row.id: ChallengeRef(
            id=row.id, title=row.title, open_until=row.open_until, open=is_open(row, today=today)
        )
        for row in session.scalars(
            select(Challenge).where(Challenge.id.in_({i.challenge_id for i in ideas if i.challenge_id}))
        )
    }
    return [
        IdeaOut(
            id=idea.id,
            title=idea.title,
            summary=idea.summary,
            description=idea.description,
            author=service.pseudonym(secret, idea.author_id),
            provenance=idea.provenance,
            organisation=organisations.get(idea.organisation_id) if idea.organisation_id else None,
            needs=needs.get(idea.id, []),
            datasets=datasets.get(idea.id, []),
            challenge=challenges.get(idea.challenge_id) if idea.challenge_id else None,
            created_at=idea.created_at,
            updated_at=idea.updated_at,
            edit_until=edit_until(idea),
        )
        for idea in ideas
    ]


def challenges_out(
    session: Session, challenges: Sequence[Challenge], *, now: datetime | None = None
) -> list[ChallengeOut]:
    """The public view of challenges: organisation, open or closed today, the needs taken up, idea count."""
    today = _today(now or utcnow())
    ids = [challenge.id for challenge in challenges]
    need_pairs = [
        (challenge_id, need_id)
        for challenge_id, need_id in session.execute(
            select(ChallengeNeed.challenge_id, ChallengeNeed.need_id).where(
                ChallengeNeed.challenge_id.in_(ids)
            )
        )
    ]
    needs = _visible_need_refs(session, need_pairs)
    counts = {
        str(key): int(count)
        for key, count in session.execute(
            select(Idea.challenge_id, func.count())
            .where(Idea.challenge_id.in_(ids))
            .group_by(Idea.challenge_id)
        )
    }
    organisations = _organisation_refs(session, {c.organisation_id for c in challenges})
    return [
        ChallengeOut(
            id=challenge.id,
            title=challenge.title,
            summary=challenge.summary,
            description=challenge.description,
            organisation=organisations[challenge.organisation_id],
            open_until=challenge.open_until,
            open=is_open(challenge, today=today),
            needs=needs.get(challenge.id, []),
            ideas=counts.get(challenge.id, 0),
            created_at=challenge.created_at,
            updated_at=challenge.updated_at,
        )
        for challenge in challenges
    ]
