"""The showcase of services: the service rules (operator staff, datasets and needs by name, the accessibility
statement), pilots decided once, feedback and its conversion into a need, the /v1 routes with problem+json,
and the role matrix of every write route."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.routing import APIRoute

from samskapa.accounts.models import Membership, Organisation
from samskapa.arena import api as arena_api
from samskapa.arena import service, showcase
from samskapa.arena.errors import (
    FeedbackConverted,
    InvalidArenaQuery,
    InvalidFeedback,
    InvalidPilot,
    InvalidService,
    NotAllowed,
    PersonalDataFound,
    PilotDecided,
)
from samskapa.arena.models import Feedback, Need, StatusEvent
from samskapa.arena.schemas import FeedbackIn, PilotIn, PilotPatch, ServiceIn, ServicePatch
from samskapa.catalogue import service as catalogue
from samskapa.core.db import session_scope
from samskapa.core.time import utcnow
from tests.arena.conftest import ROLES, Browser, World, actor, api_key, browser, need_in
from tests.catalogue.factories import dataset_input

SECRET = b"s" * 32


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def fields_of(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body.get("errors", [])}


@pytest.fixture(scope="module")
def refs(world: World) -> dict[str, str]:
    """A catalogue dataset of the lead agency, a submitted need and a draft need."""
    cast = world.cast
    with session_scope(world.factory) as session:
        lead = session.get(Organisation, cast.lead)
        assert lead is not None
        dataset = catalogue.create_dataset(session, organisation=lead, data=dataset_input())
        session.flush()
        need = service.create_need(session, actor=actor(session, cast.author), data=need_in(cast))
        draft = service.create_need(
            session, actor=actor(session, cast.author), data=need_in(cast, submit=False)
        )
        return {
            "dataset_id": dataset.id,
            "dataset_name": dataset.name,
            "dataset_title_sv": dataset.title_sv,
            "need": need.id,
            "draft": draft.id,
        }


def service_body(world: World, refs: dict[str, str], **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Studiekollen {uuid.uuid4().hex[:4]}",
        "summary_sv": "Hitta vuxenutbildning nära dig.",
        "summary_en": "Find adult education near you.",
        "description_sv": "Bygger på plattformens data.",
        "url": "https://studiekollen.example.se/",
        "operator": world.cast.lead,
        "datasets": [refs["dataset_name"]],
        "needs": [refs["need"]],
        "accessibility_conformance": "partial",
        "accessibility_statement_url": "https://studiekollen.example.se/tillganglighet",
        "accessibility_statement": "Kartan går inte att använda med tangentbord; listan visar samma sak.",
    }
    body.update(changes)
    return body


def make_service(world: World, refs: dict[str, str], **changes: Any) -> str:
    with session_scope(world.factory) as session:
        showcased = showcase.create_service(
            session,
            actor=actor(session, world.cast.lead_staff),
            data=ServiceIn.model_validate(service_body(world, refs, **changes)),
        )
        return showcased.id


def make_pilot(world: World, service_id: str) -> str:
    with session_scope(world.factory) as session:
        pilot = showcase.create_pilot(
            session,
            actor=actor(session, world.cast.lead_staff),
            service_id=service_id,
            data=PilotIn(
                title="Pilot i Uppsala",
                cohort="Tjugo arbetssökande i Uppsala",
                cohort_size=20,
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 11, 30),
                evaluation="Intervjuer och enkät efter sex veckor.",
            ),
        )
        return pilot.id


def make_feedback(world: World, service_id: str, person_id: str | None = None, text: str = "") -> str:
    with session_scope(world.factory) as session:
        feedback = showcase.give_feedback(
            session,
            actor=actor(session, person_id or world.cast.author),
            service_id=service_id,
            data=FeedbackIn(text=text or "Jag hittar inga kvällskurser i min kommun.", rating=3),
        )
        return feedback.id


# --- services ----------------------------------------------------------------------------------------------


def test_a_service_by_operator_staff_shows_operator_datasets_needs_and_accessibility(
    world: World, refs: dict[str, str]
) -> None:
    service_id = make_service(world, refs, datasets=[refs["dataset_id"], refs["dataset_name"]])
    with session_scope(world.factory) as session:
        (out,) = showcase.services_out(
            session, [showcase.get_service(session, service_id=service_id)], secret=SECRET
        )
    assert out.operator.id == world.cast.lead
    assert out.operator.title_sv == "lead-agency"
    assert [(d.id, d.name, d.title_sv) for d in out.datasets] == [
        (refs["dataset_id"], refs["dataset_name"], refs["dataset_title_sv"])
    ]
    assert [(n.id, n.state) for n in out.needs] == [(refs["need"], "submitted")]
    assert out.needs[0].title == "Lediga platser per kommun"
    assert out.accessibility.conformance == "partial"
    assert out.accessibility.statement_url == "https://studiekollen.example.se/tillganglighet"
    assert out.pilots == []
    assert out.feedback_count == 0


def test_unknown_datasets_and_needs_are_errors_naming_the_value(world: World, refs: dict[str, str]) -> None:
    with session_scope(world.factory) as session:
        staff = actor(session, world.cast.lead_staff)
        with pytest.raises(InvalidService) as dataset_error:
            showcase.create_service(
                session,
                actor=staff,
                data=ServiceIn.model_validate(service_body(world, refs, datasets=["nope-1"])),
            )
        with pytest.raises(InvalidService) as need_error:
            showcase.create_service(
                session,
                actor=staff,
                data=ServiceIn.model_validate(service_body(world, refs, needs=[refs["draft"]])),
            )
    assert [(e.field, e.message) for e in dataset_error.value.field_errors] == [
        ("datasets", "unknown dataset 'nope-1'")
    ]
    assert dataset_error.value.hint is not None
    assert "/v1/datasets" in dataset_error.value.hint
    assert [e.field for e in need_error.value.field_errors] == ["needs"]
    assert refs["draft"] in need_error.value.message


@pytest.mark.parametrize(
    ("conformance", "statement_url", "statement", "field"),
    [
        ("full", "https://x.example.se/a11y", "", None),
        ("full", None, "Allt fungerar med skärmläsare.", None),
        ("partial", "https://x.example.se/a11y", "Kartan saknar textalternativ.", None),
        ("full", None, "", "accessibility_statement"),
        ("partial", "https://x.example.se/a11y", "", "accessibility_statement"),
        ("none", "https://x.example.se/a11y", "  ", "accessibility_statement"),
        ("full", "ftp://x.example.se/a11y", "", "accessibility_statement_url"),
    ],
)
def test_the_accessibility_statement_rule(
    world: World,
    refs: dict[str, str],
    conformance: str,
    statement_url: str | None,
    statement: str,
    field: str | None,
) -> None:
    data = ServiceIn.model_validate(
        service_body(
            world,
            refs,
            accessibility_conformance=conformance,
            accessibility_statement_url=statement_url,
            accessibility_statement=statement,
        )
    )
    with session_scope(world.factory) as session:
        staff = actor(session, world.cast.lead_staff)
        if field is None:
            made = showcase.create_service(session, actor=staff, data=data)
            assert made.accessibility_conformance == conformance
        else:
            with pytest.raises(InvalidService) as error:
                showcase.create_service(session, actor=staff, data=data)
            assert [e.field for e in error.value.field_errors] == [field]


def test_the_url_must_be_http_or_https(world: World, refs: dict[str, str]) -> None:
    with session_scope(world.factory) as session, pytest.raises(InvalidService) as error:
        showcase.create_service(
            session,
            actor=actor(session, world.cast.lead_staff),
            data=ServiceIn.model_validate(service_body(world, refs, url="javascript:alert(1)")),
        )
    assert [e.field for e in error.value.field_errors] == ["url"]


def test_who_operates(world: World, refs: dict[str, str]) -> None:
    cast = world.cast
    with session_scope(world.factory) as session:
        with pytest.raises(NotAllowed):
            showcase.create_service(
                session,
                actor=actor(session, cast.citizen),
                data=ServiceIn.model_validate(service_body(world, refs, operator=None)),
            )
        with pytest.raises(NotAllowed):
            showcase.create_service(
                session,
                actor=actor(session, cast.other_staff),
                data=ServiceIn.model_validate(service_body(world, refs)),
            )
        with pytest.raises(InvalidService) as unknown:
            showcase.create_service(
                session,
                actor=actor(session, cast.lead_staff),
                data=ServiceIn.model_validate(service_body(world, refs, operator="no-such-org")),
            )
        assert [e.field for e in unknown.value.field_errors] == ["operator"]
        # Left out: the person's only staff organisation; a company operates too.
        mine = showcase.create_service(
            session,
            actor=actor(session, cast.company_member),
            data=ServiceIn.model_validate(service_body(world, refs, operator=None)),
        )
        assert mine.operator_organisation_id == cast.company
        # Staff of two organisations must name one.
        session.add(
            Membership(organisation_id=cast.co, person_id=cast.lead_staff, role="admin", created_at=utcnow())
        )
        session.flush()
        with pytest.raises(InvalidService) as several:
            showcase.create_service(
                session,
                actor=actor(session, cast.lead_staff),
                data=ServiceIn.model_validate(service_body(world, refs, operator=None)),
            )
        assert [e.field for e in several.value.field_errors] == ["operator"]
        session.rollback()
        # An organisation acting through its API key is its own staff.
        by_key = showcase.create_service(
            session,
            actor=service.actor_for_organisation(session, organisation_id=cast.co),
            data=ServiceIn.model_validate(service_body(world, refs, operator=None)),
        )
        assert by_key.operator_organisation_id == cast.co
        assert by_key.created_by is None


def test_update_service_by_operator_staff_only(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    with session_scope(world.factory) as session:
        with pytest.raises(NotAllowed):
            showcase.update_service(
                session,
                actor=actor(session, world.cast.co_staff),
                service_id=service_id,
                data=ServicePatch(name="Kapad"),
            )
        changed = showcase.update_service(
            session,
            actor=actor(session, world.cast.lead_staff),
            service_id=service_id,
            data=ServicePatch.model_validate(
                {"name": "Studiekollen 2", "url": None, "datasets": [], "needs": []}
            ),
        )
        (out,) = showcase.services_out(session, [changed], secret=SECRET)
        with pytest.raises(InvalidService) as error:
            showcase.update_service(
                session,
                actor=actor(session, world.cast.lead_staff),
                service_id=service_id,
                data=ServicePatch(accessibility_statement=""),
            )
    assert (out.name, out.url, out.datasets, out.needs) == ("Studiekollen 2", None, [], [])
    assert out.accessibility.statement.startswith("Kartan")
    assert [e.field for e in error.value.field_errors] == ["accessibility_statement"]


def test_list_services_filters_pages_and_refuses_unknown_values(world: World, refs: dict[str, str]) -> None:
    with session_scope(world.factory) as session:
        lead = session.get(Organisation, world.cast.lead)
        assert lead is not None
        other = catalogue.create_dataset(session, organisation=lead, data=dataset_input())
        other_name = other.name
    first = make_service(world, refs, datasets=[other_name])
    second = make_service(world, refs, datasets=[other_name])
    with session_scope(world.factory) as session:
        rows, cursor = showcase.list_services(session, datasets=[other_name], limit=1)
        assert [row.id for row in rows] == [second]
        assert cursor is not None
        rows, cursor = showcase.list_services(session, datasets=[other_name], cursor=cursor, limit=1)
        assert ([row.id for row in rows], cursor) == ([first], None)
        by_need, _ = showcase.list_services(session, needs=[refs["need"]], limit=100)
        assert {first, second} <= {row.id for row in by_need}
        by_operator, _ = showcase.list_services(session, operators=[world.cast.other], limit=100)
        assert by_operator == []
        with pytest.raises(InvalidArenaQuery) as bad_dataset:
            showcase.list_services(session, datasets=["nope"])
        with pytest.raises(InvalidArenaQuery) as bad_need:
            showcase.list_services(session, needs=[refs["draft"]])
        with pytest.raises(InvalidArenaQuery) as bad_operator:
            showcase.list_services(session, operators=["no-such-org"])
    for error, name in ((bad_dataset, "dataset"), (bad_need, "need"), (bad_operator, "operator")):
        assert [e.field for e in error.value.field_errors] == [name]
        assert error.value.hint


# --- pilots ------------------------------------------------------------------------------------------------


def test_a_pilot_is_planned_and_decided_once(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    pilot_id = make_pilot(world, service_id)
    with session_scope(world.factory) as session:
        staff = actor(session, world.cast.lead_staff)
        with pytest.raises(InvalidPilot) as period:
            showcase.create_pilot(
                session,
                actor=staff,
                service_id=service_id,
                data=PilotIn(
                    title="Baklänges",
                    cohort="Några",
                    starts_on=date(2026, 5, 2),
                    ends_on=date(2026, 5, 1),
                    evaluation="Enkät.",
                ),
            )
        assert [e.field for e in period.value.field_errors] == ["ends_on"]
        with pytest.raises(NotAllowed):
            showcase.update_pilot(
                session,
                actor=actor(session, world.cast.citizen),
                pilot_id=pilot_id,
                data=PilotPatch(result="x"),
            )
        showcase.update_pilot(
            session, actor=staff, pilot_id=pilot_id, data=PilotPatch(result="Halvvägs: bra.")
        )
        with pytest.raises(InvalidPilot) as empty:
            showcase.decide_pilot(session, actor=staff, pilot_id=pilot_id, decision="scale", result=" ")
        assert [e.field for e in empty.value.field_errors] == ["result"]
        decided = showcase.decide_pilot(
            session, actor=staff, pilot_id=pilot_id, decision="iterate", result="Fler kvällskurser behövs."
        )
        assert (decided.decision, decided.result) == ("iterate", "Fler kvällskurser behövs.")
        assert decided.decided_at is not None
        with pytest.raises(PilotDecided):
            showcase.decide_pilot(session, actor=staff, pilot_id=pilot_id, decision="scale", result="Igen.")
        with pytest.raises(PilotDecided):
            showcase.update_pilot(session, actor=staff, pilot_id=pilot_id, data=PilotPatch(result="Ändrat."))
        (out,) = showcase.services_out(
            session, [showcase.get_service(session, service_id=service_id)], secret=SECRET
        )
    assert [(p.id, p.decision, p.cohort_size) for p in out.pilots] == [(pilot_id, "iterate", 20)]


# --- feedback ----------------------------------------------------------------------------------------------


def test_feedback_is_checked_for_personal_data_and_its_pilot(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    other_pilot = make_pilot(world, make_service(world, refs))
    with session_scope(world.factory) as session:
        citizen = actor(session, world.cast.citizen)
        with pytest.raises(PersonalDataFound):
            showcase.give_feedback(
                session,
                actor=citizen,
                service_id=service_id,
                data=FeedbackIn(text="Ring mig på 070-123 45 67."),
            )
        with pytest.raises(InvalidFeedback) as error:
            showcase.give_feedback(
                session,
                actor=citizen,
                service_id=service_id,
                data=FeedbackIn(text="Bra pilot!", pilot_id=other_pilot),
            )
        assert [e.field for e in error.value.field_errors] == ["pilot_id"]
        with pytest.raises(NotAllowed):
            showcase.give_feedback(
                session,
                actor=service.actor_for_organisation(session, organisation_id=world.cast.lead),
                service_id=service_id,
                data=FeedbackIn(text="Från myndigheten."),
            )


def test_feedback_becomes_a_submitted_need_with_one_status_event(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    text = "Kartan visar inte skolor i glesbygd, så jag missar kurser som går på distans. " * 3
    feedback_id = make_feedback(world, service_id, text=text.strip())
    with session_scope(world.factory) as session:
        with pytest.raises(NotAllowed):
            showcase.feedback_to_need(
                session, actor=actor(session, world.cast.citizen), feedback_id=feedback_id
            )
        need = showcase.feedback_to_need(
            session, actor=actor(session, world.cast.author), feedback_id=feedback_id
        )
        need_id = need.id
        with pytest.raises(FeedbackConverted):
            showcase.feedback_to_need(
                session, actor=actor(session, world.cast.lead_staff), feedback_id=feedback_id
            )
    with session_scope(world.factory) as session:
        need_row = session.get(Need, need_id)
        assert need_row is not None
        events = session.query(StatusEvent).filter(StatusEvent.need_id == need_id).all()
        feedback = session.get(Feedback, feedback_id)
        assert feedback is not None
        assert feedback.need_id == need_id
        assert [(e.seq, e.kind, e.to_state) for e in events] == [(1, "transition", "submitted")]
        assert events[0].actor_person_id == world.cast.author
        assert (need_row.kind, need_row.state, need_row.author_id) == (
            "problem",
            "submitted",
            world.cast.author,
        )
        assert need_row.lead_agency_id == world.cast.lead  # the operator is an agency
        assert len(need_row.title) <= 120
        assert need_row.title.endswith("…")
        assert need_row.summary.startswith("Kartan visar inte skolor")
        assert f"/arena/services/{service_id}" in need_row.description


def test_operator_staff_may_convert_and_name_the_lead(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    feedback_id = make_feedback(world, service_id, person_id=world.cast.citizen, text="Fler språk, tack.")
    with session_scope(world.factory) as session:
        need = showcase.feedback_to_need(
            session,
            actor=actor(session, world.cast.lead_staff),
            feedback_id=feedback_id,
            lead_agency=world.cast.other,
        )
        assert (need.author_id, need.lead_agency_id, need.title) == (
            world.cast.citizen,
            world.cast.other,
            "Fler språk, tack.",
        )


# --- the API -----------------------------------------------------------------------------------------------


def test_the_api_round_trip(world: World, refs: dict[str, str], people: dict[str, Browser]) -> None:
    staff, citizen, author = people["lead_staff"], people["citizen"], people["author"]
    created = staff.client.post("/v1/services", json=service_body(world, refs), headers=staff.headers)
    assert created.status_code == 201, created.text
    service_id = created.json()["id"]
    assert created.json()["datasets"][0]["name"] == refs["dataset_name"]
    pilot = staff.client.post(
        f"/v1/services/{service_id}/pilots",
        json={
            "title": "Pilot i Luleå",
            "cohort": "Studievägledare i Luleå",
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-01",
            "evaluation": "Loggar och samtal.",
        },
        headers=staff.headers,
    )
    assert pilot.status_code == 201, pilot.text
    pilot_id = pilot.json()["id"]
    given = citizen.client.post(
        f"/v1/services/{service_id}/feedback",
        json={"text": "Pilotens kurslista var till stor hjälp.", "rating": 5, "pilot_id": pilot_id},
        headers=citizen.headers,
    )
    assert given.status_code == 201, given.text
    assert given.json()["author"] == service.pseudonym(
        world.app.state.keys.pairwise_secret, world.cast.citizen
    )
    decided = staff.client.post(
        f"/v1/pilots/{pilot_id}/decision",
        json={"decision": "scale", "result": "Alla hittade en kurs."},
        headers=staff.headers,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["decided_at"] is not None
    again = staff.client.post(
        f"/v1/pilots/{pilot_id}/decision", json={"decision": "stop", "result": "Nej."}, headers=staff.headers
    )
    assert problem(again, 409)["code"] == "pilot_decided"
    need = staff.client.post(f"/v1/feedback/{given.json()['id']}/need", headers=staff.headers)
    assert need.status_code == 201, need.text
    assert [e["to_state"] for e in need.json()["history"]] == ["submitted"]
    one = author.client.get(f"/v1/services/{service_id}").json()
    assert one["pilots"][0]["decision"] == "scale"
    assert one["feedback"][0]["need_id"] == need.json()["id"]
    assert one["feedback_count"] == 1
    listed = author.client.get("/v1/services", params={"dataset": refs["dataset_name"], "need": refs["need"]})
    assert service_id in [item["id"] for item in listed.json()["items"]]
    pilots = author.client.get(f"/v1/services/{service_id}/pilots").json()
    assert [p["id"] for p in pilots["items"]] == [pilot_id]
    feedback = author.client.get(f"/v1/services/{service_id}/feedback").json()
    assert [f["rating"] for f in feedback["items"]] == [5]


def test_api_problems_name_the_field(world: World, refs: dict[str, str], people: dict[str, Browser]) -> None:
    staff = people["lead_staff"]
    bad_url = problem(
        staff.client.post(
            "/v1/services", json=service_body(world, refs, url="www.example.se"), headers=staff.headers
        ),
        400,
    )
    assert (bad_url["code"], fields_of(bad_url)) == ("invalid_service", {"url"})
    missing = problem(
        staff.client.post(
            "/v1/services",
            json={k: v for k, v in service_body(world, refs).items() if k != "summary_en"},
            headers=staff.headers,
        ),
        400,
    )
    assert fields_of(missing) == {"summary_en"}
    dataset = problem(
        staff.client.post(
            "/v1/services", json=service_body(world, refs, datasets=["okand"]), headers=staff.headers
        ),
        400,
    )
    assert "okand" in dataset["detail"]
    assert dataset["hint"]
    service_id = make_service(world, refs)
    rating = problem(
        staff.client.post(
            f"/v1/services/{service_id}/feedback",
            json={"text": "Hej hej", "rating": 6},
            headers=staff.headers,
        ),
        400,
    )
    assert fields_of(rating) == {"rating"}
    size = problem(
        staff.client.post(
            f"/v1/services/{service_id}/pilots",
            json={
                "title": "Noll",
                "cohort": "Ingen",
                "cohort_size": 0,
                "starts_on": "2026-10-01",
                "ends_on": "2026-10-02",
                "evaluation": "Ingen.",
            },
            headers=staff.headers,
        ),
        400,
    )
    assert fields_of(size) == {"cohort_size"}
    unknown = problem(staff.client.get("/v1/services", params={"operator": "no-such-org"}), 400)
    assert fields_of(unknown) == {"operator"}
    assert problem(staff.client.get("/v1/services/nope"), 404)["code"] == "service_not_found"
    assert problem(staff.client.patch("/v1/pilots/nope", json={}, headers=staff.headers), 404)["code"] == (
        "pilot_not_found"
    )
    no_csrf = staff.client.post("/v1/services", json=service_body(world, refs))
    assert no_csrf.status_code == 403


def test_api_keys_act_for_their_organisation(world: World, refs: dict[str, str]) -> None:
    client = browser(world, None).client
    lead_key = {"Authorization": f"Bearer {api_key(world, world.cast.lead)}"}
    created = client.post("/v1/services", json=service_body(world, refs, operator=None), headers=lead_key)
    assert created.status_code == 201, created.text
    assert created.json()["operator"]["id"] == world.cast.lead
    other_key = {"Authorization": f"Bearer {api_key(world, world.cast.other)}"}
    assert client.post("/v1/services", json=service_body(world, refs), headers=other_key).status_code == 403
    read_key = {"Authorization": f"Bearer {api_key(world, world.cast.lead, scopes=('catalogue:write',))}"}
    assert client.post("/v1/services", json=service_body(world, refs), headers=read_key).status_code == 403
    service_id = created.json()["id"]
    patched = client.patch(f"/v1/services/{service_id}", json={"name": "Nytt namn"}, headers=lead_key)
    assert (patched.status_code, patched.json()["name"]) == (200, "Nytt namn")


# --- the role matrix ---------------------------------------------------------------------------------------

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
OPERATOR = frozenset({"lead_staff"})
Call = Callable[[Browser, World, dict[str, str]], Any]
PILOT = {
    "title": "Pilot",
    "cohort": "Elever i Umeå",
    "starts_on": "2026-01-10",
    "ends_on": "2026-02-10",
    "evaluation": "Enkät.",
}


def _create(b: Browser, w: World, refs: dict[str, str]) -> Any:
    return b.client.post("/v1/services", json=service_body(w, refs), headers=b.headers)


def _update(b: Browser, w: World, refs: dict[str, str]) -> Any:
    return b.client.patch(f"/v1/services/{make_service(w, refs)}", json={"name": "Ändrad"}, headers=b.headers)


def _plan(b: Browser, w: World, refs: dict[str, str]) -> Any:
    return b.client.post(f"/v1/services/{make_service(w, refs)}/pilots", json=PILOT, headers=b.headers)


def _change_pilot(b: Browser, w: World, refs: dict[str, str]) -> Any:
    pilot_id = make_pilot(w, make_service(w, refs))
    return b.client.patch(f"/v1/pilots/{pilot_id}", json={"result": "Bra."}, headers=b.headers)


def _decide(b: Browser, w: World, refs: dict[str, str]) -> Any:
    pilot_id = make_pilot(w, make_service(w, refs))
    return b.client.post(
        f"/v1/pilots/{pilot_id}/decision",
        json={"decision": "stop", "result": "Ingen nytta."},
        headers=b.headers,
    )


def _feedback(b: Browser, w: World, refs: dict[str, str]) -> Any:
    return b.client.post(
        f"/v1/services/{make_service(w, refs)}/feedback", json={"text": "Bra tjänst."}, headers=b.headers
    )


def _to_need(b: Browser, w: World, refs: dict[str, str]) -> Any:
    feedback_id = make_feedback(w, make_service(w, refs))
    return b.client.post(f"/v1/feedback/{feedback_id}/need", json={}, headers=b.headers)


MATRIX: dict[tuple[str, str], tuple[frozenset[str], Call]] = {
    ("POST", "/v1/services"): (OPERATOR, _create),
    ("PATCH", "/v1/services/{service_id}"): (OPERATOR, _update),
    ("POST", "/v1/services/{service_id}/pilots"): (OPERATOR, _plan),
    ("PATCH", "/v1/pilots/{pilot_id}"): (OPERATOR, _change_pilot),
    ("POST", "/v1/pilots/{pilot_id}/decision"): (OPERATOR, _decide),
    ("POST", "/v1/services/{service_id}/feedback"): (SIGNED_IN, _feedback),
    ("POST", "/v1/feedback/{feedback_id}/need"): (frozenset({"author", "lead_staff"}), _to_need),
}


def test_the_matrix_covers_every_showcase_write_route() -> None:
    routed = {
        (method, route.path)
        for route in arena_api.router.routes
        if isinstance(route, APIRoute)
        and route.path.startswith(("/v1/services", "/v1/pilots", "/v1/feedback"))
        for method in (route.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    assert routed == set(MATRIX)


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix(
    world: World, refs: dict[str, str], people: dict[str, Browser], route: tuple[str, str]
) -> None:
    allowed, call = MATRIX[route]
    for role in ROLES:
        response = call(people[role], world, refs)
        if role in allowed:
            expected = 201 if route[0] == "POST" and not route[1].endswith("/decision") else 200
        else:
            expected = 401 if role == "anonymous" else 403
        assert response.status_code == expected, f"{role}: {response.text}"
        if expected in (401, 403):
            assert response.headers["content-type"].startswith("application/problem+json")
