"""The showcase's pages in Swedish and English: the list, the service form (staff only, a clear 403 for
others), the service page with pilots and feedback, feedback that becomes a need, and the pilot forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from samskapa.accounts.models import Organisation
from samskapa.arena import service, showcase
from samskapa.arena.models import Feedback, Need, Pilot, ServiceNeed, ShowcasedService, StatusEvent
from samskapa.arena.schemas import ServiceIn
from samskapa.catalogue import service as catalogue
from samskapa.core.db import session_scope
from tests.arena.conftest import ROLES, Browser, World, actor, browser, need_in
from tests.arena.test_idea_pages import PageForm, run_page_form
from tests.arena.test_showcase import make_feedback, make_pilot
from tests.catalogue.factories import dataset_input


def new_refs(world: World) -> dict[str, str]:
    """A fresh dataset of the lead agency and a fresh submitted need, for services to name."""
    cast = world.cast
    with session_scope(world.factory) as session:
        lead = session.get(Organisation, cast.lead)
        assert lead is not None
        dataset = catalogue.create_dataset(session, organisation=lead, data=dataset_input())
        session.flush()
        need = service.create_need(session, actor=actor(session, cast.author), data=need_in(cast))
        return {"dataset": dataset.name, "dataset_title_sv": dataset.title_sv, "need": need.id}


@pytest.fixture(scope="module")
def refs(world: World) -> dict[str, str]:
    return new_refs(world)


def make_service(world: World, refs: dict[str, str], **changes: Any) -> str:
    body: dict[str, Any] = {
        "name": "Kurskartan",
        "summary_sv": "Se kurser på en karta.",
        "summary_en": "See courses on a map.",
        "description_sv": "En längre beskrivning.",
        "operator": world.cast.lead,
        "datasets": [refs["dataset"]],
        "needs": [refs["need"]],
        "accessibility_conformance": "partial",
        "accessibility_statement": "Kartan fungerar inte med skärmläsare; listvyn visar samma kurser.",
        **changes,
    }
    with session_scope(world.factory) as session:
        return showcase.create_service(
            session, actor=actor(session, world.cast.lead_staff), data=ServiceIn.model_validate(body)
        ).id


def page(b: Browser, url: str, lang: str, status: int = 200) -> str:
    response = b.client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
    assert response.status_code == status, response.text
    text: str = response.text
    assert len(re.findall(r"<h1[ >]", text)) == 1
    assert f'<html lang="{lang}"' in text
    return text


def post(b: Browser, url: str, data: dict[str, str], lang: str = "sv") -> Any:
    return b.client.post(url, params={"lang": lang}, data={"csrf_token": b.csrf, **data})


def summary_links(text: str) -> list[str]:
    """The anchors the error summary links to."""
    match = re.search(r'<div class="error-summary".*?</div>', text, re.DOTALL)
    assert match is not None, "no error summary"
    return re.findall(r'href="#([^"]+)"', match.group(0))


def test_the_showcase_in_swedish_and_english(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    anonymous = browser(world, None)
    sv = page(anonymous, "/arena/services", "sv")
    assert "Tjänster byggda på plattformen" in sv
    assert f'href="/arena/services/{service_id}"' in sv
    assert "Se kurser på en karta." in sv
    assert "lead-agency" in sv  # the operator's title
    assert refs["dataset_title_sv"] in sv
    assert f'href="/arena/needs/{refs["need"]}"' in sv
    assert "Delvis förenlig" in sv
    assert "Visa upp en tjänst" not in sv  # only for staff
    en = page(anonymous, "/arena/services", "en")
    assert "Services built on the platform" in en
    assert "See courses on a map." in en
    assert "Partially compliant" in en
    filtered = page(anonymous, f"/arena/services?dataset={refs['dataset']}", "en")
    assert "Showing services filtered by" in filtered
    assert anonymous.client.get("/arena/services", params={"dataset": "no-such-dataset"}).status_code == 400
    staff = page(browser(world, world.cast.lead_staff), "/arena/services", "sv")
    assert 'href="/arena/services/new"' in staff


def test_the_service_form_is_for_staff_with_a_clear_403(world: World, refs: dict[str, str]) -> None:
    anonymous = browser(world, None).client.get("/arena/services/new")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    citizen = browser(world, world.cast.citizen)
    refused = page(citizen, "/arena/services/new", "sv", status=403)
    assert "Bara administratörer och redaktörer" in refused
    assert "Only admins and editors" in page(citizen, "/arena/services/new", "en", status=403)
    assert post(citizen, "/arena/services/new", {"name": "X"}).status_code == 403
    staff = browser(world, world.cast.lead_staff)
    form = page(staff, "/arena/services/new", "en")
    for field in ("operator", "name", "summary_sv", "summary_en", "url", "datasets", "needs"):
        assert f'<label for="{field}">' in form
        assert f'id="{field}" name="{field}"' in form
    assert "<legend>Conformance with the accessibility requirements</legend>" in form
    assert 'name="csrf_token"' in form


def test_a_bad_service_form_comes_back_with_linked_errors(world: World, refs: dict[str, str]) -> None:
    staff = browser(world, world.cast.lead_staff)
    values = {
        "operator": world.cast.lead,
        "name": "Kurskartan 2",
        "summary_sv": "Kurser på karta.",
        "summary_en": "",
        "datasets": "no-such-dataset",
        "accessibility_conformance": "full",
        "accessibility_statement_url": "https://kurskartan.example.se/a11y",
    }
    response = post(staff, "/arena/services/new", values, lang="en")
    assert response.status_code == 400
    assert summary_links(response.text) == ["summary_en"]
    assert 'aria-invalid="true"' in response.text
    assert 'value="Kurskartan 2"' in response.text  # what was typed is kept
    response = post(staff, "/arena/services/new", {**values, "summary_en": "Courses on a map."}, lang="sv")
    assert response.status_code == 400
    assert summary_links(response.text) == ["datasets"]
    assert "no-such-dataset" in response.text
    response = post(
        staff,
        "/arena/services/new",
        {
            **values,
            "summary_en": "Courses on a map.",
            "datasets": refs["dataset"],
            "accessibility_conformance": "",
        },
    )
    assert response.status_code == 400
    assert summary_links(response.text) == ["accessibility_conformance"]
    assert 'id="accessibility_conformance" name="accessibility_conformance"' in response.text
    no_token = staff.client.post("/arena/services/new", data=values)
    assert no_token.status_code == 403
    done = post(
        staff,
        "/arena/services/new",
        {**values, "summary_en": "Courses on a map.", "datasets": refs["dataset"]},
    )
    assert done.status_code == 303
    location = done.headers["location"]
    assert re.fullmatch(r"/arena/services/[0-9a-f-]{36}\?done=created", location)
    shown = page(staff, location, "sv")
    assert "Tjänsten visas nu." in shown
    assert 'href="https://kurskartan.example.se/a11y"' in shown
    assert "Helt förenlig" in shown


def test_the_service_page_shows_pilots_statement_and_feedback(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    pilot_id = make_pilot(world, service_id)
    make_feedback(world, service_id, world.cast.citizen, text="Kartan var svår att zooma.")
    with session_scope(world.factory) as session:
        showcase.decide_pilot(
            session,
            actor=actor(session, world.cast.lead_staff),
            pilot_id=pilot_id,
            decision="iterate",
            result="Deltagarna ville ha en lista.",
        )
    anonymous = browser(world, None)
    sv = page(anonymous, f"/arena/services/{service_id}", "sv")
    assert "Kartan fungerar inte med skärmläsare" in sv
    assert "Pilot i Uppsala" in sv
    assert '<time datetime="2026-09-01">' in sv
    assert "Tjugo arbetssökande i Uppsala (20 personer)" in sv
    assert "Intervjuer och enkät efter sex veckor." in sv
    assert "Deltagarna ville ha en lista." in sv
    assert "Gör om och förbättra" in sv
    assert "Kartan var svår att zooma." in sv
    assert "betyg 3 av 5" in sv
    assert "Logga in för att ge återkoppling" in sv
    assert "Gör om till ett behov" not in sv
    assert world.cast.citizen not in sv
    en = page(anonymous, f"/arena/services/{service_id}", "en")
    assert "Iterate" in en
    assert "rated 3 out of 5" in en
    assert "See courses on a map." in en
    assert 'lang="sv"' in en  # the Swedish description, marked, where there is no English one
    assert browser(world, None).client.get("/arena/services/no-such-service").status_code == 404


def test_feedback_through_the_form(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    citizen = browser(world, world.cast.citizen)
    form = page(citizen, f"/arena/services/{service_id}", "sv")
    assert '<label for="feedback-text">' in form
    assert '<label for="feedback-rating">' in form
    refused = post(citizen, f"/arena/services/{service_id}/feedback", {"feedback-text": "Mejla mig: a@b.se"})
    assert refused.status_code == 400
    assert summary_links(refused.text) == ["feedback-text"]
    bad_rating = post(
        citizen, f"/arena/services/{service_id}/feedback", {"feedback-text": "Bra.", "feedback-rating": "9"}
    )
    assert bad_rating.status_code == 400
    assert summary_links(bad_rating.text) == ["feedback-rating"]
    done = post(
        citizen,
        f"/arena/services/{service_id}/feedback",
        {"feedback-text": "Fler kurser på kvällstid, tack.", "feedback-rating": "4"},
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/arena/services/{service_id}?done=feedback#feedback"
    with session_scope(world.factory) as session:
        rows, _ = showcase.list_feedback(session, service_id=service_id)
        assert [(row.text, row.rating, row.person_id) for row in rows] == [
            ("Fler kurser på kvällstid, tack.", 4, world.cast.citizen)
        ]
    signed_out = browser(world, None).client.post(
        f"/arena/services/{service_id}/feedback", data={"feedback-text": "Hej"}
    )
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=")


def test_feedback_becomes_a_need_from_the_page(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    feedback_id = make_feedback(world, service_id, text="Jag vill kunna filtrera på distanskurser.")
    button = f'action="/arena/feedback/{feedback_id}/need"'
    assert button in page(browser(world, world.cast.author), f"/arena/services/{service_id}", "sv")
    assert button in page(browser(world, world.cast.lead_staff), f"/arena/services/{service_id}", "en")
    assert button not in page(browser(world, world.cast.citizen), f"/arena/services/{service_id}", "sv")
    other = browser(world, world.cast.other_staff)
    refused = post(other, f"/arena/feedback/{feedback_id}/need", {})
    assert refused.status_code == 403
    assert "Bara den som skrev återkopplingen" in refused.text
    author = browser(world, world.cast.author)
    done = post(author, f"/arena/feedback/{feedback_id}/need", {})
    assert done.status_code == 303
    match = re.fullmatch(r"/arena/needs/([0-9a-f-]{36})", done.headers["location"])
    assert match is not None
    need_id = match.group(1)
    with session_scope(world.factory) as session:
        events = session.query(StatusEvent).filter(StatusEvent.need_id == need_id).all()
        assert [(e.kind, e.to_state) for e in events] == [("transition", "submitted")]
        feedback = session.get(Feedback, feedback_id)
        assert feedback is not None
        assert feedback.need_id == need_id
    assert post(author, f"/arena/feedback/{feedback_id}/need", {}).status_code == 409
    shown = page(author, f"/arena/services/{service_id}", "sv")
    assert f'href="/arena/needs/{need_id}"' in shown
    assert button not in shown


def test_pilots_through_the_forms(world: World, refs: dict[str, str]) -> None:
    service_id = make_service(world, refs)
    staff = browser(world, world.cast.lead_staff)
    form = page(staff, f"/arena/services/{service_id}/pilots/new", "sv")
    for field in ("title", "cohort", "cohort_size", "starts_on", "ends_on", "evaluation"):
        assert f'<label for="{field}">' in form
    refused = page(
        browser(world, world.cast.other_staff), f"/arena/services/{service_id}/pilots/new", "en", 403
    )
    assert "Only staff of the organisation that runs the service can add pilots." in refused
    values = {
        "title": "Pilot i Kiruna",
        "cohort": "Vuxenstuderande i Kiruna",
        "cohort_size": "12",
        "starts_on": "2026-03-01",
        "ends_on": "2026-02-01",
        "evaluation": "Enkät efter fyra veckor.",
    }
    bad = post(staff, f"/arena/services/{service_id}/pilots/new", values)
    assert bad.status_code == 400
    assert summary_links(bad.text) == ["ends_on"]
    bad = post(
        staff, f"/arena/services/{service_id}/pilots/new", {**values, "cohort_size": "0", "ends_on": "x"}
    )
    assert bad.status_code == 400
    assert summary_links(bad.text) == ["cohort_size", "ends_on"]
    done = post(staff, f"/arena/services/{service_id}/pilots/new", {**values, "ends_on": "2026-05-01"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/arena/services/{service_id}?done=pilot#pilots"
    with session_scope(world.factory) as session:
        (pilot,) = session.query(Pilot).filter(Pilot.service_id == service_id).all()
        pilot_id = pilot.id
    shown = page(staff, f"/arena/services/{service_id}", "sv")
    assert f'action="/arena/pilots/{pilot_id}/decision"' in shown
    assert f'<label for="decide-{pilot_id}-result">' in shown
    assert f'action="/arena/pilots/{pilot_id}/decision"' not in page(
        browser(world, world.cast.citizen), f"/arena/services/{service_id}", "sv"
    )
    assert (
        post(browser(world, world.cast.co_staff), f"/arena/pilots/{pilot_id}/decision", {}).status_code == 403
    )
    missing = post(staff, f"/arena/pilots/{pilot_id}/decision", {"decision": "scale"})
    assert missing.status_code == 400
    assert summary_links(missing.text) == [f"decide-{pilot_id}-result"]
    decided = post(
        staff,
        f"/arena/pilots/{pilot_id}/decision",
        {"decision": "scale", f"decide-{pilot_id}-result": "Alla nöjda."},
    )
    assert decided.status_code == 303
    assert decided.headers["location"] == f"/arena/services/{service_id}?done=decided#pilot-{pilot_id}"
    again = post(
        staff, f"/arena/pilots/{pilot_id}/decision", {"decision": "stop", f"decide-{pilot_id}-result": "Nej."}
    )
    assert again.status_code == 409
    shown = page(staff, f"/arena/services/{service_id}", "en")
    assert "Scale up" in shown
    assert "Alla nöjda." in shown
    assert f'action="/arena/pilots/{pilot_id}/decision"' not in shown


# --- every page form against every role -------------------------------------------------------------------

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
STAFF = frozenset({"lead_staff", "co_staff", "other_staff"})  # admin or editor of some organisation
OPERATOR = frozenset({"lead_staff"})  # staff of the services' operator, the lead agency


def _fresh_need(w: World) -> dict[str, str]:
    return {"need": new_refs(w)["need"]}


def _fresh_service(w: World) -> dict[str, str]:
    return {"service_id": make_service(w, new_refs(w))}


def _fresh_feedback(w: World) -> dict[str, str]:
    service_id = make_service(w, new_refs(w))
    return {"service_id": service_id, "feedback_id": make_feedback(w, service_id, w.cast.author)}


def _fresh_pilot(w: World) -> dict[str, str]:
    service_id = make_service(w, new_refs(w))
    return {"service_id": service_id, "pilot_id": make_pilot(w, service_id)}


def _services_of_need(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        query = select(ServiceNeed.service_id).where(ServiceNeed.need_id == target["need"])
        return sorted(session.scalars(query))


def _feedback_on(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        return sorted(session.scalars(select(Feedback.id).where(Feedback.service_id == target["service_id"])))


def _need_of_feedback(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        feedback = session.get(Feedback, target["feedback_id"])
        assert feedback is not None
        return [feedback.need_id] if feedback.need_id else []


def _pilots_of(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        return sorted(session.scalars(select(Pilot.id).where(Pilot.service_id == target["service_id"])))


def _decision_of(w: World, target: dict[str, str]) -> list[str]:
    with session_scope(w.factory) as session:
        pilot = session.get(Pilot, target["pilot_id"])
        assert pilot is not None
        return [pilot.decision] if pilot.decision else []


def _service_written(w: World, target: dict[str, str], service_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        showcased = session.get(ShowcasedService, service_id)
        assert showcased is not None
        assert (showcased.name, showcased.created_by) == ("Matristjänsten", person_id)
        staff_of = service.actor_for_person(session, person_id=person_id).staff_of
        assert showcased.operator_organisation_id in staff_of


def _feedback_written(w: World, target: dict[str, str], feedback_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        feedback = session.get(Feedback, feedback_id)
        assert feedback is not None
        assert (feedback.person_id, feedback.text, feedback.rating) == (person_id, "Bra men långsam.", 4)


def _need_written(w: World, target: dict[str, str], need_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        need = session.get(Need, need_id)
        assert need is not None
        assert (need.state, need.author_id) == ("submitted", w.cast.author)  # the feedback's author


def _pilot_written(w: World, target: dict[str, str], pilot_id: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        pilot = session.get(Pilot, pilot_id)
        assert pilot is not None
        assert (pilot.title, pilot.cohort_size, pilot.decision) == ("Matrispiloten", 8, None)


def _decision_written(w: World, target: dict[str, str], decision: str, person_id: str) -> None:
    with session_scope(w.factory) as session:
        pilot = session.get(Pilot, target["pilot_id"])
        assert pilot is not None
        assert (pilot.decision, pilot.result) == ("iterate", "Halva gruppen hoppade av.")
        assert pilot.decided_at is not None


PAGE_MATRIX: dict[str, PageForm] = {
    "showcase a service": PageForm(
        allowed=STAFF,
        path="/arena/services/new",
        setup=_fresh_need,
        fields=lambda _w, t: {
            "name": "Matristjänsten",
            "summary_sv": "En tjänst för behovet.",
            "summary_en": "A service for the need.",
            "needs": t["need"],
            "accessibility_conformance": "partial",
            "accessibility_statement": "Kartan fungerar inte med skärmläsare; listan visar samma sak.",
        },
        written=_services_of_need,
        location=lambda _t, service_id: f"/arena/services/{service_id}?done=created",
        check=_service_written,
    ),
    "give feedback": PageForm(
        allowed=SIGNED_IN,
        path="/arena/services/{service_id}/feedback",
        setup=_fresh_service,
        fields=lambda _w, _t: {"feedback-text": "Bra men långsam.", "feedback-rating": "4"},
        written=_feedback_on,
        location=lambda t, _id: f"/arena/services/{t['service_id']}?done=feedback#feedback",
        check=_feedback_written,
    ),
    "feedback becomes a need": PageForm(
        allowed=frozenset({"author"}) | OPERATOR,  # the feedback's author or the operator's staff
        path="/arena/feedback/{feedback_id}/need",
        setup=_fresh_feedback,
        fields=lambda _w, _t: {},
        written=_need_of_feedback,
        location=lambda _t, need_id: f"/arena/needs/{need_id}",
        check=_need_written,
    ),
    "plan a pilot": PageForm(
        allowed=OPERATOR,
        path="/arena/services/{service_id}/pilots/new",
        setup=_fresh_service,
        fields=lambda _w, _t: {
            "title": "Matrispiloten",
            "cohort": "Åtta vuxenstuderande i Luleå",
            "cohort_size": "8",
            "starts_on": "2026-01-10",
            "ends_on": "2026-03-10",
            "evaluation": "Intervjuer efter åtta veckor.",
        },
        written=_pilots_of,
        location=lambda t, _id: f"/arena/services/{t['service_id']}?done=pilot#pilots",
        check=_pilot_written,
    ),
    "decide a pilot": PageForm(
        allowed=OPERATOR,
        path="/arena/pilots/{pilot_id}/decision",
        setup=_fresh_pilot,
        fields=lambda _w, t: {
            "decision": "iterate",
            f"decide-{t['pilot_id']}-result": "Halva gruppen hoppade av.",
        },
        written=_decision_of,
        location=lambda t, _d: f"/arena/services/{t['service_id']}?done=decided#pilot-{t['pilot_id']}",
        check=_decision_written,
    ),
}


@pytest.mark.parametrize("name", sorted(PAGE_MATRIX))
def test_page_role_matrix(world: World, people: dict[str, Browser], name: str) -> None:
    run_page_form(world, people, name, PAGE_MATRIX[name])
