"""The arena's /v1 API: the full answer loop, the change feed, filters and errors, the role matrix of every
write route, and agencies acting through their API keys."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from samskapa.arena import api as arena_api
from samskapa.arena import service
from samskapa.arena.schemas import CommentIn
from samskapa.core.db import session_scope
from tests.arena.conftest import ROLES, Browser, World, actor, api_key, browser, need_in

NEW_NEED: dict[str, Any] = {
    "kind": "data_need",
    "title": "Utbildningsplatser per kommun",
    "summary": "Hur många platser finns i vuxenutbildningen per kommun och månad?",
    "affected_groups": ["studievägledare"],
    "purpose": "Planera.",
    "desired_data": {"granularity": "kommun", "frequency": "monthly"},
    "region": "lan:01",
    "concepts": ["kommun:0180"],
}


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def _move(b: Browser, need_id: str, to: str, reason: str | None = None, message: str = "") -> dict[str, Any]:
    response = b.client.post(
        f"/v1/needs/{need_id}/transitions",
        json={"to": to, "reason_code": reason, "message": message},
        headers=b.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _new(world: World, people: dict[str, Browser], **changes: Any) -> dict[str, Any]:
    author = people["author"]
    data = {
        **NEW_NEED,
        "lead_agency": world.cast.lead,
        "co_agencies": [world.cast.co],
        "submit": True,
        **changes,
    }
    response = author.client.post("/v1/needs", json=data, headers=author.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_full_answer_loop(world: World, people: dict[str, Browser]) -> None:
    author, lead, co = people["author"], people["lead_staff"], people["co_staff"]
    need = _new(world, people)
    assert need["state"] == "submitted"
    assert need["provenance"] == "citizen"
    assert need["author"] != world.cast.author
    assert len(need["author"]) == 24
    assert need["clock"]["triage_due"] is not None
    assert need["edit_until"] is not None
    need_id = need["id"]
    _move(lead, need_id, "triaged", "in_scope")
    _move(co, need_id, "under_assessment", "assessment_started")
    _move(lead, need_id, "planned", "next_release", "Nästa release i mars.")
    _move(lead, need_id, "in_progress", "work_started")
    _move(lead, need_id, "released", "full", "Nu finns det som CSV.")
    verified = _move(author, need_id, "fulfilled")
    assert verified["by_author"]
    assert verified["actor_organisation_id"] is None
    shown = people["anonymous"].client.get(f"/v1/needs/{need_id}").json()
    assert shown["state"] == "fulfilled"
    assert shown["allowed_next"] == ["reopened"]
    history = shown["history"]
    assert [e["to_state"] for e in history] == [
        "submitted",
        "triaged",
        "under_assessment",
        "planned",
        "in_progress",
        "released",
        "fulfilled",
    ]
    assert [e["seq"] for e in history] == list(range(1, 8))
    assert history[2]["actor_organisation_id"] == world.cast.co
    assert not shown["clock"]["overdue"]
    # The author reopens the closed answer; the agency assesses again.
    _move(author, need_id, "reopened", "partially_met", "Saknar 2015-2019.")
    again = _move(lead, need_id, "under_assessment", "reassessment")
    assert again["seq"] == 9
    # The change feed lists every event in order.
    feed = people["anonymous"].client.get("/v1/arena/status-events", params={"since": 0, "limit": 100}).json()
    mine = [e for e in feed["items"] if e["need_id"] == need_id]
    assert [e["seq"] for e in mine] == list(range(1, 10))
    ids = [e["id"] for e in feed["items"]]
    assert ids == sorted(ids)
    rest = (
        people["anonymous"].client.get("/v1/arena/status-events", params={"since": ids[3], "limit": 2}).json()
    )
    assert [e["id"] for e in rest["items"]] == ids[4:6]
    assert rest["next_since"] == ids[5]


def test_illegal_transitions_are_409_with_the_way_on(world: World, people: dict[str, Browser]) -> None:
    need = _new(world, people)
    response = people["lead_staff"].client.post(
        f"/v1/needs/{need['id']}/transitions",
        json={"to": "released", "reason_code": "full"},
        headers=people["lead_staff"].headers,
    )
    body = problem(response, 409)
    assert body["code"] == "illegal_transition"
    assert body["state"] == "submitted"
    assert body["allowed"] == ["triaged", "needs_info", "merged", "withdrawn"]
    assert "triaged" in body["hint"]
    decline = people["lead_staff"].client.post(
        f"/v1/needs/{need['id']}/transitions",
        json={"to": "nonsense"},
        headers=people["lead_staff"].headers,
    )
    assert problem(decline, 400)["code"] == "invalid_need"


def test_lists_filters_and_errors(world: World, people: dict[str, Browser]) -> None:
    anonymous = people["anonymous"].client
    _new(world, people)  # a second submitted need, so that the list has a second page whatever ran before
    need = _new(world, people, title="Pendling till Stockholm", kind="problem", region="kommun:0180")
    draft = _new(world, people, submit=False)
    found = anonymous.get(
        "/v1/needs", params={"q": "pendling", "kind": "problem", "region": "kommun:0180"}
    ).json()
    assert [item["id"] for item in found["items"]] == [need["id"]]
    by_agency = anonymous.get("/v1/needs", params={"agency": world.cast.co, "concept": "kommun:0180"}).json()
    assert need["id"] in {item["id"] for item in by_agency["items"]}
    assert draft["id"] not in {item["id"] for item in anonymous.get("/v1/needs").json()["items"]}
    first = anonymous.get("/v1/needs", params={"limit": 1}).json()
    second = anonymous.get("/v1/needs", params={"limit": 1, "cursor": first["next"]}).json()
    assert first["items"][0]["id"] != second["items"][0]["id"]
    body = problem(anonymous.get("/v1/needs", params={"state": "pondering"}), 400)
    assert body["code"] == "invalid_arena_query"
    assert "submitted" in body["hint"]
    assert (
        problem(anonymous.get("/v1/needs", params={"state": "draft"}), 400)["code"] == "invalid_arena_query"
    )
    assert (
        problem(anonymous.get("/v1/needs", params={"concept": "nope:1"}), 400)["code"]
        == "invalid_arena_query"
    )
    assert (
        problem(anonymous.get("/v1/needs", params={"agency": "nobody"}), 400)["code"] == "invalid_arena_query"
    )
    assert problem(anonymous.get("/v1/needs", params={"colour": "red"}), 400)["code"] == "unknown_parameters"
    assert problem(anonymous.get("/v1/needs/no-such-need"), 404)["code"] == "need_not_found"
    assert problem(anonymous.get(f"/v1/needs/{draft['id']}"), 404)["code"] == "need_not_found"
    own = people["author"].client.get(f"/v1/needs/{draft['id']}")
    assert own.status_code == 200
    assert own.json()["state"] == "draft"
    bad = people["author"].client.post(
        "/v1/needs", json={**NEW_NEED, "region": "esco:nothing"}, headers=people["author"].headers
    )
    assert {e["field"] for e in problem(bad, 400)["errors"]} == {"region"}
    no_csrf = people["author"].client.post("/v1/needs", json=NEW_NEED)
    assert problem(no_csrf, 403)["code"] == "csrf_token_invalid"


def test_supports_comments_and_follows(world: World, people: dict[str, Browser]) -> None:
    need_id = _new(world, people)["id"]
    citizen, lead = people["citizen"], people["lead_staff"]
    path = f"/v1/needs/{need_id}"
    assert (
        citizen.client.post(
            f"{path}/support", json={"stakeholder_type": "researcher"}, headers=citizen.headers
        ).status_code
        == 201
    )
    again = citizen.client.post(f"{path}/support", json={}, headers=citizen.headers)
    assert problem(again, 409)["code"] == "already_supported"
    citizen.client.post(f"{path}/follow", headers=citizen.headers)
    citizen.client.post(
        f"{path}/comments", json={"text": "Ja tack!", "stance": "for"}, headers=citizen.headers
    )
    lead.client.post(f"{path}/comments", json={"text": "Vi tittar på det."}, headers=lead.headers)
    shown = citizen.client.get(path).json()
    assert (shown["supports"], shown["comments"], shown["followers"]) == (1, 2, 1)
    comments = citizen.client.get(f"{path}/comments").json()["items"]
    assert [(c["official"], c["organisation_id"]) for c in comments] == [
        (False, None),
        (True, world.cast.lead),
    ]
    assert comments[0]["author"]
    assert comments[0]["author"] != world.cast.citizen
    assert citizen.client.delete(f"{path}/support", headers=citizen.headers).status_code == 204
    assert citizen.client.post(f"{path}/support", json={}, headers=citizen.headers).status_code == 201
    citizen.client.delete(f"{path}/follow", headers=citizen.headers)
    shown = citizen.client.get(path).json()
    assert (shown["supports"], shown["followers"]) == (1, 0)


def test_an_agency_acts_with_its_api_key(world: World, people: dict[str, Browser]) -> None:
    need_id = _new(world, people)["id"]
    client = people["anonymous"].client
    key = api_key(world, world.cast.lead)
    moved = client.post(
        f"/v1/needs/{need_id}/transitions",
        json={"to": "triaged", "reason_code": "in_scope"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["actor_organisation_id"] == world.cast.lead
    comment = client.post(
        f"/v1/needs/{need_id}/comments",
        json={"text": "Officiellt svar."},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert comment.status_code == 201
    assert comment.json()["official"] is True
    stranger = api_key(world, world.cast.other)
    refused = client.post(
        f"/v1/needs/{need_id}/transitions",
        json={"to": "under_assessment", "reason_code": "assessment_started"},
        headers={"Authorization": f"Bearer {stranger}"},
    )
    assert problem(refused, 403)["code"] == "arena_not_allowed"
    unscoped = api_key(world, world.cast.lead, scopes=("catalogue:write",))
    lacking = client.post(
        f"/v1/needs/{need_id}/transitions",
        json={"to": "under_assessment", "reason_code": "assessment_started"},
        headers={"Authorization": f"Bearer {unscoped}"},
    )
    assert problem(lacking, 403)["code"] == "missing_scope"


# --- the role matrix ---------------------------------------------------------------------------------------

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
AGENCY_STAFF = frozenset({"lead_staff", "co_staff"})
Call = Callable[[Browser, str, World], Any]


def _report_comment(b: Browser, need_id: str, w: World) -> Any:
    with session_scope(w.factory) as session:
        comment = service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, w.cast.citizen),
            data=CommentIn(text="En kommentar."),
        )
        comment_id = comment.id
    return b.client.post(
        f"/v1/needs/{need_id}/comments/{comment_id}/reports", json={"reason": "spam"}, headers=b.headers
    )


MATRIX: dict[tuple[str, str], tuple[frozenset[str], Call]] = {
    ("POST", "/v1/needs"): (
        SIGNED_IN,
        lambda b, _n, _w: b.client.post("/v1/needs", json=NEW_NEED, headers=b.headers),
    ),
    ("PATCH", "/v1/needs/{need_id}"): (
        frozenset({"author"}),
        lambda b, n, _w: b.client.patch(f"/v1/needs/{n}", json={"title": "Ny titel"}, headers=b.headers),
    ),
    ("POST", "/v1/needs/{need_id}/transitions"): (
        AGENCY_STAFF,
        lambda b, n, _w: b.client.post(
            f"/v1/needs/{n}/transitions", json={"to": "triaged", "reason_code": "in_scope"}, headers=b.headers
        ),
    ),
    ("POST", "/v1/needs/{need_id}/transfer"): (
        AGENCY_STAFF,
        lambda b, n, w: b.client.post(
            f"/v1/needs/{n}/transfer",
            json={"lead_agency": w.cast.other, "reason_code": "better_placed", "message": "De har datan."},
            headers=b.headers,
        ),
    ),
    ("POST", "/v1/needs/{need_id}/extend"): (
        AGENCY_STAFF,
        lambda b, n, _w: b.client.post(
            f"/v1/needs/{n}/extend",
            json={"reason_code": "complexity", "message": "Samråd."},
            headers=b.headers,
        ),
    ),
    ("POST", "/v1/needs/{need_id}/support"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.post(f"/v1/needs/{n}/support", json={}, headers=b.headers),
    ),
    ("DELETE", "/v1/needs/{need_id}/support"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.delete(f"/v1/needs/{n}/support", headers=b.headers),
    ),
    ("POST", "/v1/needs/{need_id}/comments"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.post(f"/v1/needs/{n}/comments", json={"text": "Bra!"}, headers=b.headers),
    ),
    ("POST", "/v1/needs/{need_id}/follow"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.post(f"/v1/needs/{n}/follow", headers=b.headers),
    ),
    ("DELETE", "/v1/needs/{need_id}/follow"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.delete(f"/v1/needs/{n}/follow", headers=b.headers),
    ),
    ("POST", "/v1/needs/{need_id}/reports"): (
        SIGNED_IN,
        lambda b, n, _w: b.client.post(f"/v1/needs/{n}/reports", json={"reason": "spam"}, headers=b.headers),
    ),
    ("POST", "/v1/needs/{need_id}/comments/{comment_id}/reports"): (SIGNED_IN, _report_comment),
    ("POST", "/v1/arena/moderation/actions"): (
        frozenset({"moderator"}),
        lambda b, n, _w: b.client.post(
            "/v1/arena/moderation/actions",
            json={"action": "hide", "items": [{"type": "need", "id": n}], "template": "removed_spam"},
            headers=b.headers,
        ),
    ),
}


# The person's own notices: tested for every role in test_notifications (they act on their own only).
NOTIFICATION_WRITES: frozenset[tuple[str, str]] = frozenset(
    {("POST", "/v1/me/notifications/read"), ("PUT", "/v1/me/notification-settings")}
)


def test_every_arena_write_route_is_in_a_role_matrix(world: World) -> None:
    """Each part of the arena keeps its role matrix beside its tests (needs here; releases, ideas and
    challenges, services in their modules); together they cover every write route the app serves."""
    from tests.arena import test_ideas, test_releases, test_showcase

    routed = {
        (method, route.path)
        for route in arena_api.router.routes
        if isinstance(route, APIRoute)
        for method in (route.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    served = {
        (method, context.path or "")
        for context in iter_route_contexts(world.app.routes)
        for method in (context.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    matrices = [set(MATRIX), set(test_releases.MATRIX), set(test_ideas.MATRIX), set(test_showcase.MATRIX)]
    covered = set().union(*matrices, NOTIFICATION_WRITES)
    assert sum(len(matrix) for matrix in matrices) + len(NOTIFICATION_WRITES) == len(covered)  # no overlap
    assert routed == covered
    assert routed <= served


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix(world: World, people: dict[str, Browser], route: tuple[str, str]) -> None:
    allowed, call = MATRIX[route]
    for role in ROLES:
        with session_scope(world.factory) as session:
            need = service.create_need(
                session, actor=actor(session, world.cast.author), data=need_in(world.cast)
            )
            need_id = need.id
        response = call(people[role], need_id, world)
        if role in allowed:
            assert response.status_code in (200, 201, 204), f"{role}: {response.text}"
        elif role == "anonymous":
            assert response.status_code == 401, f"{role}: {response.text}"
        else:
            assert response.status_code == 403, f"{role}: {response.text}"


def test_a_write_is_committed_before_its_response_is_sent(world: World) -> None:
    """The unit of work ends when the route returns, before the first byte of the response: a client (or a
    browser following a 303) never reads a 201 for a write that is not committed yet."""
    order: list[str] = []

    async def recording(scope: Any, receive: Any, send: Any) -> None:
        async def send_and_note(message: Any) -> None:
            if message["type"] == "http.response.start":
                order.append(f"response {message['status']}")
            await send(message)

        await world.app(scope, receive, send_and_note)

    def committed(_session: Session) -> None:
        # The app's own threads (the search keepers' syncs, the warm-up) commit on their own schedule.
        if not threading.current_thread().name.startswith(("search-keeper-", "warm-up")):
            order.append("commit")

    event.listen(Session, "after_commit", committed)
    try:
        signed_in = browser(world, world.cast.citizen)
        client = TestClient(recording, follow_redirects=False)
        client.cookies = signed_in.client.cookies
        with session_scope(world.factory) as session:
            need_id = service.create_need(
                session, actor=actor(session, world.cast.author), data=need_in(world.cast)
            ).id
        order.clear()
        api = client.post(
            f"/v1/needs/{need_id}/support", json={"stakeholder_type": "citizen"}, headers=signed_in.headers
        )
        assert api.status_code == 201, api.text
        # Every commit of the request (the sign-in session's touch, the support) comes before the response.
        assert order[-1] == "response 201", order
        assert "commit" in order, order
        order.clear()
        page = client.post(f"/arena/needs/{need_id}/follow", data={"csrf_token": signed_in.csrf})
        assert page.status_code == 303, page.text
        assert order[-1] == "response 303", order
        assert "commit" in order, order
    finally:
        event.remove(Session, "after_commit", committed)
