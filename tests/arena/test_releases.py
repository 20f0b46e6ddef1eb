"""Releases and their verification: the services (one status event each, the refusals) and the /v1 routes
(role matrix of every write route, problem+json errors, API keys)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from samskapa.accounts.models import Organisation
from samskapa.arena import releases, service
from samskapa.arena.errors import (
    AlreadyVerified,
    IllegalTransition,
    InvalidRelease,
    NotAllowed,
    PersonalDataFound,
    ReleaseNotFound,
    VerificationClosed,
)
from samskapa.arena.models import Need, StatusEvent
from samskapa.catalogue import service as catalogue
from samskapa.catalogue.schemas import DataServiceIn
from samskapa.core.db import session_scope
from tests.arena.conftest import ROLES, Browser, Cast, World, actor, api_key, browser, need_in
from tests.catalogue.factories import dataset_input

STEPS = (
    ("triaged", "in_scope"),
    ("under_assessment", "assessment_started"),
    ("planned", "next_release"),
    ("in_progress", "work_started"),
)


def in_progress_need(session: Session, cast: Cast) -> str:
    """A need of the author, moved by the lead's staff to in_progress."""
    need = service.create_need(session, actor=actor(session, cast.author), data=need_in(cast))
    staff = actor(session, cast.lead_staff)
    for to, reason in STEPS:
        service.transition(session, need_id=need.id, actor=staff, to=to, reason_code=reason)
    return need.id


def new_dataset(session: Session, cast: Cast, **overrides: Any) -> tuple[str, str]:
    """A catalogue dataset of the lead agency: (id, name)."""
    organisation = session.get(Organisation, cast.lead)
    assert organisation is not None
    dataset = catalogue.create_dataset(session, organisation=organisation, data=dataset_input(**overrides))
    return dataset.id, dataset.name


def events(session: Session, need_id: str) -> list[StatusEvent]:
    return service.history(session, need_id=need_id)


def released_need(session: Session, cast: Cast) -> tuple[str, str, str]:
    """(need id, dataset id, release id) of a need released with a new dataset."""
    need_id = in_progress_need(session, cast)
    dataset_id, _name = new_dataset(session, cast)
    release = releases.record_release(
        session,
        actor=actor(session, cast.lead_staff),
        need_id=need_id,
        dataset=dataset_id,
        data_service=None,
        version="1",
        coverage="full",
        note="",
    )
    return need_id, dataset_id, release.id


# --- services ----------------------------------------------------------------------------------------------


def test_recording_a_release_appends_one_event_and_links_it(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
        dataset_id, name = new_dataset(session, cast, title_sv="Platser i vuxenutbildningen")
        catalogue.record_usage(session, dataset_id=dataset_id, downloads=3, api_calls=2)
        before = len(events(session, need_id))
        release = releases.record_release(
            session,
            actor=actor(session, cast.co_staff),
            need_id=need_id,
            dataset=name,
            data_service=None,
            version="2026-11",
            coverage="partial",
            note="Per kommun, inte per månad ännu.",
        )
        history = events(session, need_id)
        assert len(history) == before + 1
        event = history[-1]
        assert (event.from_state, event.to_state, event.reason_code) == ("in_progress", "released", "partial")
        assert event.message == "Per kommun, inte per månad ännu."
        assert event.actor_organisation_id == cast.co
        assert release.status_event_id == event.id
        assert release.organisation_id == cast.co
        need = session.get(Need, need_id)
        assert need is not None
        assert need.state == "released"
        (out,) = releases.releases_out(session, need_id)
        assert out.target.type == "dataset"
        assert out.target.id == dataset_id
        assert out.target.title_sv == "Platser i vuxenutbildningen"
        assert out.target.url == f"/datasets/{name}"
        assert (out.coverage, out.version, out.latest) == ("partial", "2026-11", True)
        assert (out.usage.downloads, out.usage.api_calls) == (3, 2)
        assert out.verifications.total == 0


def test_a_release_of_a_data_service(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
        dataset_id, _ = new_dataset(session, cast)
        catalogue.record_usage(session, dataset_id=dataset_id, api_calls=7)
        organisation = session.get(Organisation, cast.lead)
        assert organisation is not None
        api = catalogue.upsert_data_service(
            session,
            organisation=organisation,
            data=DataServiceIn(
                name=f"platser-api-{uuid.uuid4().hex[:6]}",
                title_sv="Platser-API",
                title_en="Places API",
                endpoint_url="https://example.org/api",
                serves=[dataset_id],
            ),
        )
        releases.record_release(
            session,
            actor=actor(session, cast.lead_staff),
            need_id=need_id,
            dataset=None,
            data_service=api.name,
            version="v1",
            coverage="full",
            note="",
        )
        (out,) = releases.releases_out(session, need_id)
        assert out.target.type == "data_service"
        assert out.target.title_en == "Places API"
        assert out.usage.api_calls == 7


def test_recording_refusals_change_nothing(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
        dataset_id, _ = new_dataset(session, cast)
        before = len(events(session, need_id))

        def record(person: str, **changes: Any) -> None:
            arguments: dict[str, Any] = {
                "dataset": dataset_id,
                "data_service": None,
                "version": "",
                "coverage": "full",
                "note": "",
            }
            arguments.update(changes)
            releases.record_release(session, actor=actor(session, person), need_id=need_id, **arguments)

        for person in (cast.author, cast.citizen, cast.other_staff, cast.moderator, cast.company_member):
            with pytest.raises(NotAllowed):
                record(person)
        with pytest.raises(InvalidRelease) as unknown:
            record(cast.lead_staff, dataset="no-such-dataset")
        assert unknown.value.field_errors[0].field == "dataset"
        assert unknown.value.hint
        with pytest.raises(InvalidRelease):
            record(cast.lead_staff, dataset=None)
        with pytest.raises(InvalidRelease):
            record(cast.lead_staff, data_service="some-api")
        with pytest.raises(InvalidRelease) as no_api:
            record(cast.lead_staff, dataset=None, data_service="no-such-api")
        assert no_api.value.field_errors[0].field == "data_service"
        with pytest.raises(InvalidRelease) as coverage:
            record(cast.lead_staff, coverage="most")
        assert coverage.value.field_errors[0].field == "coverage"
        with pytest.raises(PersonalDataFound):
            record(cast.lead_staff, note="Ring 070-123 45 67 om du undrar.")
        assert len(events(session, need_id)) == before
        # Not in progress: a submitted need cannot be released.
        other = service.create_need(session, actor=actor(session, cast.author), data=need_in(cast))
        with pytest.raises(IllegalTransition):
            releases.record_release(
                session,
                actor=actor(session, cast.lead_staff),
                need_id=other.id,
                dataset=dataset_id,
                data_service=None,
                version="",
                coverage="full",
                note="",
            )
        assert [e.to_state for e in events(session, other.id)] == ["submitted"]


@pytest.mark.parametrize(
    ("verdict", "state", "reason"),
    [
        ("met", "fulfilled", None),
        ("partially_met", "reopened", "partially_met"),
        ("not_met", "reopened", "not_met"),
    ],
)
def test_the_requester_verifies_with_one_event(
    world: World, verdict: str, state: str, reason: str | None
) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id, _dataset, release_id = released_need(session, cast)
        before = len(events(session, need_id))
        row = releases.verify(
            session, person_id=cast.author, release_id=release_id, verdict=verdict, note="Tack."
        )
        history = events(session, need_id)
        assert len(history) == before + 1
        assert (history[-1].to_state, history[-1].reason_code) == (state, reason)
        assert history[-1].actor_person_id == cast.author
        assert row.role == "requester"
        need = session.get(Need, need_id)
        assert need is not None
        assert need.state == state
        (out,) = releases.releases_out(session, need_id)
        assert getattr(out.verifications.requester, verdict) == 1
        assert out.verifications.total == 1


def test_supporters_verify_without_moving_the_need(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id, _dataset, release_id = released_need(session, cast)
        service.support(session, need_id=need_id, person_id=cast.citizen, stakeholder_type="citizen")
        before = len(events(session, need_id))
        row = releases.verify(
            session, person_id=cast.citizen, release_id=release_id, verdict="partially_met", note=""
        )
        assert row.role == "supporter"
        assert len(events(session, need_id)) == before
        need = session.get(Need, need_id)
        assert need is not None
        assert need.state == "released"
        with pytest.raises(AlreadyVerified):
            releases.verify(session, person_id=cast.citizen, release_id=release_id, verdict="met", note="")
        # The requester accepts; supporters may still give their view of the release.
        releases.verify(session, person_id=cast.author, release_id=release_id, verdict="met", note="")
        service.support(session, need_id=need_id, person_id=cast.co_staff, stakeholder_type="agency")
        releases.verify(session, person_id=cast.co_staff, release_id=release_id, verdict="met", note="")
        (out,) = releases.releases_out(session, need_id)
        assert out.verifications.supporter.partially_met == 1
        assert out.verifications.supporter.met == 1
        assert out.verifications.requester.met == 1
        assert out.verifications.total == 3


def test_verification_refusals(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id, dataset_id, release_id = released_need(session, cast)
        before = len(events(session, need_id))
        for person in (cast.citizen, cast.lead_staff, cast.moderator):  # not the requester, not supporters
            with pytest.raises(NotAllowed):
                releases.verify(session, person_id=person, release_id=release_id, verdict="met", note="")
        with pytest.raises(InvalidRelease) as bad:
            releases.verify(session, person_id=cast.author, release_id=release_id, verdict="great", note="")
        assert bad.value.field_errors[0].field == "verdict"
        with pytest.raises(ReleaseNotFound):
            releases.verify(session, person_id=cast.author, release_id="nope", verdict="met", note="")
        assert len(events(session, need_id)) == before
        # Not met: reopened. The old release can no longer be verified, by anyone.
        releases.verify(
            session, person_id=cast.author, release_id=release_id, verdict="not_met", note="Saknas."
        )
        with pytest.raises((AlreadyVerified, VerificationClosed)):
            releases.verify(session, person_id=cast.author, release_id=release_id, verdict="met", note="")
        staff = actor(session, cast.lead_staff)
        service.transition(
            session, need_id=need_id, actor=staff, to="under_assessment", reason_code="reassessment"
        )
        service.transition(session, need_id=need_id, actor=staff, to="planned", reason_code="next_release")
        service.transition(
            session, need_id=need_id, actor=staff, to="in_progress", reason_code="work_started"
        )
        second = releases.record_release(
            session,
            actor=staff,
            need_id=need_id,
            dataset=dataset_id,
            data_service=None,
            version="2",
            coverage="full",
            note="",
        )
        with pytest.raises(VerificationClosed):
            releases.verify(session, person_id=cast.author, release_id=release_id, verdict="met", note="")
        first, latest = releases.releases_out(session, need_id)
        assert (first.latest, latest.latest, latest.id) == (False, True, second.id)
        releases.verify(session, person_id=cast.author, release_id=second.id, verdict="met", note="")
        count = session.scalar(
            select(func.count()).select_from(StatusEvent).where(StatusEvent.need_id == need_id)
        )
        assert count == len(events(session, need_id))


# --- the API -----------------------------------------------------------------------------------------------


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_api_records_lists_and_verifies(world: World, people: dict[str, Browser]) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
        _dataset_id, name = new_dataset(session, cast)
    lead, author = people["lead_staff"], people["author"]
    response = lead.client.post(
        f"/v1/needs/{need_id}/releases",
        json={"dataset": name, "version": "1.0", "coverage": "full", "note": "Klart."},
        headers=lead.headers,
    )
    assert response.status_code == 201, response.text
    release = response.json()
    assert release["target"]["name"] == name
    assert release["coverage"] == "full"
    listed = people["anonymous"].client.get(f"/v1/needs/{need_id}/releases").json()
    assert [item["id"] for item in listed["items"]] == [release["id"]]
    need = people["anonymous"].client.get(f"/v1/needs/{need_id}").json()
    assert need["state"] == "released"
    assert need["history"][-1]["id"] == release["status_event_id"]
    verified = author.client.post(
        f"/v1/releases/{release['id']}/verifications", json={"verdict": "met"}, headers=author.headers
    )
    assert verified.status_code == 201, verified.text
    assert verified.json()["need_state"] == "fulfilled"
    assert verified.json()["role"] == "requester"
    again = author.client.post(
        f"/v1/releases/{release['id']}/verifications", json={"verdict": "met"}, headers=author.headers
    )
    assert problem(again, 409)["code"] in {"already_verified", "verification_closed"}


def test_api_errors_are_problems(world: World, people: dict[str, Browser]) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
    lead = people["lead_staff"]
    unknown = problem(
        lead.client.post(
            f"/v1/needs/{need_id}/releases",
            json={"dataset": "nope", "coverage": "full"},
            headers=lead.headers,
        ),
        400,
    )
    assert unknown["code"] == "invalid_release"
    assert unknown["errors"][0]["field"] == "dataset"
    assert "hint" in unknown
    missing = problem(
        lead.client.post(f"/v1/needs/{need_id}/releases", json={"dataset": "nope"}, headers=lead.headers), 400
    )
    assert any(error["field"] == "coverage" for error in missing["errors"])
    assert problem(lead.client.get("/v1/needs/nope/releases"), 404)["code"] == "need_not_found"
    no_csrf = lead.client.post(f"/v1/needs/{need_id}/releases", json={"dataset": "x", "coverage": "full"})
    assert problem(no_csrf, 403)
    author = people["author"]
    assert (
        problem(
            author.client.post(
                "/v1/releases/nope/verifications", json={"verdict": "met"}, headers=author.headers
            ),
            404,
        )["code"]
        == "release_not_found"
    )


def test_api_keys_record_releases(world: World) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        need_id = in_progress_need(session, cast)
        dataset_id, _ = new_dataset(session, cast)
    client = browser(world, None).client
    body = {"dataset": dataset_id, "coverage": "full"}
    other = api_key(world, cast.other)
    response = client.post(
        f"/v1/needs/{need_id}/releases", json=body, headers={"Authorization": f"Bearer {other}"}
    )
    assert problem(response, 403)["code"] == "arena_not_allowed"
    read_only = api_key(world, cast.lead, scopes=("catalogue:write",))
    response = client.post(
        f"/v1/needs/{need_id}/releases", json=body, headers={"Authorization": f"Bearer {read_only}"}
    )
    assert problem(response, 403)
    lead = api_key(world, cast.lead)
    response = client.post(
        f"/v1/needs/{need_id}/releases", json=body, headers={"Authorization": f"Bearer {lead}"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["organisation_id"] == cast.lead


# --- the role matrix of the write routes -------------------------------------------------------------------

Call = Callable[[Browser, World], Any]


def _release_call(b: Browser, w: World) -> Any:
    with session_scope(w.factory) as session:
        need_id = in_progress_need(session, w.cast)
        dataset_id, _ = new_dataset(session, w.cast)
    return b.client.post(
        f"/v1/needs/{need_id}/releases", json={"dataset": dataset_id, "coverage": "full"}, headers=b.headers
    )


def _verify_call(b: Browser, w: World) -> Any:
    with session_scope(w.factory) as session:
        _need_id, _dataset_id, release_id = released_need(session, w.cast)
    return b.client.post(
        f"/v1/releases/{release_id}/verifications", json={"verdict": "met"}, headers=b.headers
    )


MATRIX: dict[tuple[str, str], tuple[frozenset[str], Call]] = {
    ("POST", "/v1/needs/{need_id}/releases"): (frozenset({"lead_staff", "co_staff"}), _release_call),
    ("POST", "/v1/releases/{release_id}/verifications"): (frozenset({"author"}), _verify_call),
}


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix(world: World, people: dict[str, Browser], route: tuple[str, str]) -> None:
    allowed, call = MATRIX[route]
    for role in ROLES:
        response = call(people[role], world)
        if role in allowed:
            assert response.status_code == 201, f"{role}: {response.text}"
        elif role == "anonymous":
            assert problem(response, 401), role
        else:
            assert problem(response, 403)["code"] == "arena_not_allowed", f"{role}: {response.text}"


def test_a_supporter_verifies_through_the_api(world: World, people: dict[str, Browser]) -> None:
    with session_scope(world.factory) as session:
        need_id, _dataset_id, release_id = released_need(session, world.cast)
        service.support(
            session, need_id=need_id, person_id=world.cast.moderator, stakeholder_type="researcher"
        )
    moderator = people["moderator"]
    response = moderator.client.post(
        f"/v1/releases/{release_id}/verifications", json={"verdict": "not_met"}, headers=moderator.headers
    )
    assert response.status_code == 201, response.text
    assert (response.json()["role"], response.json()["need_state"]) == ("supporter", "released")
