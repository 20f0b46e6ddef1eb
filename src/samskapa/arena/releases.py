"""Releases that meet needs, their verification by the requester and supporters, and the live "does this exist
already?" search.

A release names one catalogue dataset or data service (API). Recording it moves the need from `in_progress`
to `released` through `service.transition`, so exactly one status event is appended (its reason code is the
coverage, full or partial). The need's author (the requester) then verifies the latest release: `met` moves
the need to `fulfilled`, `partially_met` and `not_met` reopen it (one event each). Active supporters may
verify too; theirs are recorded and counted but move nothing. One verification per person and release.

Like the rest of the arena's services, these only flush; the caller owns the transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.arena import personal_data, service
from samskapa.arena.errors import (
    AlreadyVerified,
    IllegalTransition,
    InvalidArenaQuery,
    InvalidRelease,
    NotAllowed,
    ReleaseNotFound,
    VerificationClosed,
)
from samskapa.arena.models import Need, Release, Support, Verification
from samskapa.arena.schemas import (
    ReleaseOut,
    ReleaseTarget,
    SimilarDataset,
    SimilarNeed,
    SimilarOut,
    UsageOut,
    VerdictCounts,
    VerificationCounts,
)
from samskapa.arena.service import Actor, NeedQuery
from samskapa.arena.vocabulary import REASON_CODES, STAFF
from samskapa.catalogue import search as catalogue_search
from samskapa.catalogue import service as catalogue
from samskapa.catalogue.errors import DataServiceNotFound, DatasetNotFound
from samskapa.catalogue.models import DataServiceDataset
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow

COVERAGES: Final = REASON_CODES["released"]  # full, partial
VERDICTS: Final = ("met", "partially_met", "not_met")
REQUESTER: Final = "requester"
SUPPORTER: Final = "supporter"
# Supporters may verify the latest release while it stands: released, or accepted by the requester.
SUPPORTER_STATES: Final = frozenset({"released", "fulfilled"})
SIMILAR_MIN: Final = 3
SIMILAR_MAX: Final = 200
SIMILAR_LIMIT_MAX: Final = 20
SIMILAR_SINGLE_WORDS: Final = 4  # at most this many one-word retries


# --- recording a release -----------------------------------------------------------------------------------


def _target(
    session: Session, *, dataset: str | None, data_service: str | None
) -> tuple[str | None, str | None]:
    """(dataset id, data service id) of the catalogue entry named; exactly one must be given and exist."""
    dataset = dataset.strip() if dataset and dataset.strip() else None
    data_service = data_service.strip() if data_service and data_service.strip() else None
    if (dataset is None) == (data_service is None):
        raise InvalidRelease(
            "Name exactly one catalogue dataset or data service (API).",
            hint="Send `dataset` (a dataset's id or name) or `data_service`, not both.",
            field_errors=[FieldError("dataset", "give a dataset or a data service, exactly one")],
        )
    if dataset is not None:
        try:
            found = catalogue.get_dataset(session, key=dataset, include_withdrawn=False)
        except DatasetNotFound as exc:
            raise InvalidRelease(
                f"The catalogue has no dataset '{dataset}'.",
                hint="Publish it in the catalogue first, or find its name with /v1/datasets?q=….",
                field_errors=[FieldError("dataset", f"unknown dataset '{dataset}'")],
            ) from exc
        return found.id, None
    assert data_service is not None
    try:
        api = catalogue.get_data_service(session, key=data_service)
    except DataServiceNotFound:
        api = None
    if api is None or api.state == "withdrawn":
        raise InvalidRelease(
            f"The catalogue has no data service '{data_service}'.",
            hint="Publish it in the catalogue first, or list them with /v1/data-services.",
            field_errors=[FieldError("data_service", f"unknown data service '{data_service}'")],
        )
    return None, api.id


def record_release(
    session: Session,
    *,
    actor: Actor,
    need_id: str,
    dataset: str | None,
    data_service: str | None,
    version: str,
    coverage: str,
    note: str,
    now: datetime | None = None,
) -> Release:
    """Staff of the need's lead agency or a co-agency record the release that meets an `in_progress` need:
    one `released` status event, and the release row pointing at it."""
    now = now or utcnow()
    need = service.get_need(session, need_id=need_id, viewer_id=actor.person_id)
    allowed = service.allowed_next(need)
    if "released" not in allowed:
        raise IllegalTransition(
            f"A need that is '{need.state}' cannot be released.",
            hint="Releases are recorded while the need is in_progress.",
            extra={"state": need.state, "allowed": allowed},
        )
    if STAFF not in service.roles_of(session, actor, need):
        raise NotAllowed(
            "Only staff of its lead agency or a co-agency may record a release.",
            hint="Sign in as an admin or editor of the lead agency, or use its API key with arena:write.",
            extra={"allowed_actors": [STAFF]},
        )
    if coverage not in COVERAGES:
        raise InvalidRelease(
            f"'{coverage}' is not a coverage.",
            hint=f"Use one of {', '.join(COVERAGES)}.",
            field_errors=[FieldError("coverage", f"use one of {', '.join(COVERAGES)}")],
        )
    if len(version) > 100 or len(note) > 2000:
        raise InvalidRelease(
            "The version or the note is too long.",
            field_errors=[
                FieldError(name, f"at most {limit} characters")
                for name, value, limit in (("version", version, 100), ("note", note, 2000))
                if len(value) > limit
            ],
        )
    personal_data.check({"version": version, "note": note})
    dataset_id, data_service_id = _target(session, dataset=dataset, data_service=data_service)
    event = service.transition(
        session, need_id=need.id, actor=actor, to="released", reason_code=coverage, message=note, now=now
    )
    release = Release(
        id=str(uuid.uuid4()),
        need_id=need.id,
        dataset_id=dataset_id,
        data_service_id=data_service_id,
        version=version.strip(),
        coverage=coverage,
        note=note.strip(),
        organisation_id=event.actor_organisation_id,
        recorded_by=actor.person_id,
        status_event_id=event.id,
        created_at=now,
    )
    session.add(release)
    session.flush()
    return release


# --- verifying it ------------------------------------------------------------------------------------------


def need_of_release(session: Session, *, release_id: str) -> str:
    """The id of the need a release belongs to."""
    release = session.get(Release, release_id)
    if release is None:
        raise ReleaseNotFound(f"There is no release '{release_id}'.", hint="See a need's releases.")
    return release.need_id


def latest_release(session: Session, *, need_id: str) -> Release | None:
    return session.scalars(
        select(Release)
        .where(Release.need_id == need_id)
        .order_by(Release.created_at.desc(), Release.status_event_id.desc())
    ).first()


def verifier_role(session: Session, *, need: Need, person_id: str | None) -> str | None:
    """`requester` for the need's author, `supporter` for an active supporter, else None."""
    if person_id is None:
        return None
    if person_id == need.author_id:
        return REQUESTER
    active = session.scalars(
        select(Support.id).where(
            Support.need_id == need.id, Support.person_id == person_id, Support.withdrawn_at.is_(None)
        )
    ).first()
    return SUPPORTER if active is not None else None


def can_verify(session: Session, *, need: Need, release: Release, person_id: str | None) -> bool:
    """Whether the person may verify this release now (for the pages: show the form or not)."""
    role = verifier_role(session, need=need, person_id=person_id)
    if role is None or person_id is None:
        return False
    latest = latest_release(session, need_id=need.id)
    if latest is None or latest.id != release.id:
        return False
    if need.state not in ({"released"} if role == REQUESTER else SUPPORTER_STATES):
        return False
    done = session.scalars(
        select(Verification.id).where(
            Verification.release_id == release.id, Verification.person_id == person_id
        )
    ).first()
    return done is None


def verify(
    session: Session,
    *,
    person_id: str,
    release_id: str,
    verdict: str,
    note: str,
    now: datetime | None = None,
) -> Verification:
    """The requester's or a supporter's answer to "did this meet the need?"."""
    now = now or utcnow()
    release = session.get(Release, release_id)
    if release is None:
        raise ReleaseNotFound(f"There is no release '{release_id}'.", hint="See a need's releases.")
    need = service.get_need(session, need_id=release.need_id, viewer_id=person_id)
    role = verifier_role(session, need=need, person_id=person_id)
    if role is None:
        raise NotAllowed(
            "Only the need's requester and its supporters may verify a release.",
            hint="Support the need first if the release concerns you.",
            extra={"allowed_actors": [REQUESTER, SUPPORTER]},
        )
    if verdict not in VERDICTS:
        raise InvalidRelease(
            f"'{verdict}' is not a verdict.",
            hint=f"Use one of {', '.join(VERDICTS)}.",
            field_errors=[FieldError("verdict", f"use one of {', '.join(VERDICTS)}")],
        )
    if len(note) > 2000:
        raise InvalidRelease(
            "The note is too long.", field_errors=[FieldError("note", "at most 2000 characters")]
        )
    personal_data.check({"note": note})
    latest = latest_release(session, need_id=need.id)
    open_states = {"released"} if role == REQUESTER else SUPPORTER_STATES
    if latest is None or latest.id != release.id or need.state not in open_states:
        raise VerificationClosed(
            "This release cannot be verified now.",
            hint="Only the latest release of a released need can be verified.",
            extra={"state": need.state, "latest_release": latest.id if latest else None},
        )
    done = session.scalars(
        select(Verification.id).where(
            Verification.release_id == release.id, Verification.person_id == person_id
        )
    ).first()
    if done is not None:
        raise AlreadyVerified("You have verified this release already.", hint="One verification per release.")
    if role == REQUESTER:
        actor = service.actor_for_person(session, person_id=person_id)
        if verdict == "met":
            service.transition(session, need_id=need.id, actor=actor, to="fulfilled", message=note, now=now)
        else:
            service.transition(
                session,
                need_id=need.id,
                actor=actor,
                to="reopened",
                reason_code=verdict,
                message=note,
                now=now,
            )
    row = Verification(
        release_id=release.id,
        person_id=person_id,
        role=role,
        verdict=verdict,
        note=note.strip(),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


# --- views -------------------------------------------------------------------------------------------------


def _served_usage(session: Session, data_service_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Usage of each data service: the sum over the datasets it serves."""
    served: dict[str, list[str]] = {}
    for service_id, dataset_id in session.execute(
        select(DataServiceDataset.data_service_id, DataServiceDataset.dataset_id).where(
            DataServiceDataset.data_service_id.in_(data_service_ids)
        )
    ):
        served.setdefault(service_id, []).append(dataset_id)
    totals = catalogue.usage_totals(session, [i for ids in served.values() for i in ids])
    out: dict[str, dict[str, int]] = {}
    for service_id, ids in served.items():
        out[service_id] = {
            "downloads": sum(totals.get(i, {}).get("downloads", 0) for i in ids),
            "api_calls": sum(totals.get(i, {}).get("api_calls", 0) for i in ids),
        }
    return out


def releases_out(session: Session, need_id: str) -> list[ReleaseOut]:
    """A need's releases, oldest first, with what they link to, verification counts and catalogue usage."""
    rows = list(
        session.scalars(
            select(Release)
            .where(Release.need_id == need_id)
            .order_by(Release.created_at, Release.status_event_id)
        )
    )
    if not rows:
        return []
    dataset_ids = [row.dataset_id for row in rows if row.dataset_id]
    api_ids = [row.data_service_id for row in rows if row.data_service_id]
    usage = catalogue.usage_totals(session, dataset_ids) if dataset_ids else {}
    api_usage = _served_usage(session, api_ids) if api_ids else {}
    counts: dict[str, dict[str, VerdictCounts]] = {
        row.id: {REQUESTER: VerdictCounts(), SUPPORTER: VerdictCounts()} for row in rows
    }
    for release_id, role, verdict, count in session.execute(
        select(Verification.release_id, Verification.role, Verification.verdict, func.count())
        .where(Verification.release_id.in_([row.id for row in rows]))
        .group_by(Verification.release_id, Verification.role, Verification.verdict)
    ):
        bucket = counts[release_id].get(role)
        if bucket is not None and verdict in VERDICTS:
            setattr(bucket, verdict, getattr(bucket, verdict) + int(count))
    latest_id = rows[-1].id
    out: list[ReleaseOut] = []
    for row in rows:
        if row.dataset_id:
            found = catalogue.get_dataset(session, key=row.dataset_id)
            target = ReleaseTarget(
                type="dataset",
                id=found.id,
                name=found.name,
                title_sv=found.title_sv,
                title_en=found.title_en,
                url=f"/datasets/{found.name}",
            )
            used = usage.get(found.id, {})
        else:
            assert row.data_service_id is not None
            api = catalogue.get_data_service(session, key=row.data_service_id)
            target = ReleaseTarget(
                type="data_service",
                id=api.id,
                name=api.name,
                title_sv=api.title_sv,
                title_en=api.title_en,
                url=f"/v1/data-services/{api.name}",
            )
            used = api_usage.get(api.id, {})
        verdicts = counts[row.id]
        out.append(
            ReleaseOut(
                id=row.id,
                need_id=row.need_id,
                target=target,
                version=row.version,
                coverage=row.coverage,
                note=row.note,
                organisation_id=row.organisation_id,
                status_event_id=row.status_event_id,
                created_at=row.created_at,
                latest=row.id == latest_id,
                verifications=VerificationCounts(
                    requester=verdicts[REQUESTER],
                    supporter=verdicts[SUPPORTER],
                    total=sum(
                        getattr(verdicts[role], verdict)
                        for role in (REQUESTER, SUPPORTER)
                        for verdict in VERDICTS
                    ),
                ),
                usage=UsageOut(downloads=used.get("downloads", 0), api_calls=used.get("api_calls", 0)),
            )
        )
    return out


# --- "does this exist already?" ----------------------------------------------------------------------------


def check_similar_query(q: str) -> str:
    """The words to look for: 3 to 200 characters, else an error naming `q`."""
    text = " ".join(q.split())
    if len(text) < SIMILAR_MIN or len(text) > SIMILAR_MAX:
        raise InvalidArenaQuery(
            f"The search text must be {SIMILAR_MIN} to {SIMILAR_MAX} characters long (it is {len(text)}).",
            hint="Type a few words of the need's title or summary.",
            field_errors=[FieldError("q", f"{SIMILAR_MIN} to {SIMILAR_MAX} characters")],
        )
    return text


def _attempts(text: str) -> list[list[str]]:
    """All the words first; then, when that finds too little, a few of the longest words alone."""
    words = list(dict.fromkeys(word for word in text.split() if len(word) >= SIMILAR_MIN)) or [text]
    longest = sorted(words, key=len, reverse=True)[:SIMILAR_SINGLE_WORDS]
    singles = [[word] for word in longest] if len(words) > 1 else []
    return [words, *singles]


def similar(session: Session, *, q: str, lang: str, limit: int = 5) -> SimilarOut:
    """Catalogue datasets and public needs matching the words of `q`, through the catalogue's search and
    `service.list_needs` (the same matching as their own lists)."""
    text = check_similar_query(q)
    if not 1 <= limit <= SIMILAR_LIMIT_MAX:
        raise InvalidArenaQuery(
            f"limit must be between 1 and {SIMILAR_LIMIT_MAX}.",
            field_errors=[FieldError("limit", f"1 to {SIMILAR_LIMIT_MAX}")],
        )
    datasets: dict[str, SimilarDataset] = {}
    needs: dict[str, SimilarNeed] = {}
    for words in _attempts(text):
        if len(datasets) < limit:
            query = catalogue_search.DatasetQuery(terms=words)
            for found in catalogue.find_datasets(session, query=query, limit=limit):
                title = (
                    (found.title_sv or found.title_en) if lang == "sv" else (found.title_en or found.title_sv)
                )
                datasets.setdefault(
                    found.id,
                    SimilarDataset(id=found.id, name=found.name, title=title, url=f"/datasets/{found.name}"),
                )
        if len(needs) < limit:
            rows, _next = service.list_needs(
                session, query=NeedQuery(q=" ".join(words)), cursor=None, limit=limit
            )
            for need in rows:
                needs.setdefault(
                    need.id,
                    SimilarNeed(
                        id=need.id, title=need.title, state=need.state, url=f"/arena/needs/{need.id}"
                    ),
                )
        if len(datasets) >= limit and len(needs) >= limit:
            break
    return SimilarOut(q=text, datasets=list(datasets.values())[:limit], needs=list(needs.values())[:limit])
