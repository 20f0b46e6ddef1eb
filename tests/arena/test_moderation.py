"""Arena moderation over the API: personal data refused before publication, reports and automatic hiding,
who sees hidden items, the moderators' queue and bulk actions (with the role matrix), duplicate merges and
the public moderation log."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from samskapa.arena.moderation import TEMPLATES
from tests.arena.conftest import ROLES, Browser, World, browser

PERSONAL: dict[str, tuple[str, str]] = {
    "personal_identity_number": ("811218-9876", "9876"),
    "coordination_number": ("19811278-9873", "9873"),
    "phone_number": ("070-123 45 67", "45 67"),
    "email_address": ("anna.svensson@example.se", "anna.svensson"),
}


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def people(people: dict[str, Browser], world: World) -> dict[str, Browser]:
    """The browsers of every role, plus the company member as a third reporter."""
    return {**people, "company_member": browser(world, world.cast.company_member)}


def _need_body(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "data_need",
        "title": f"Platser i vuxenutbildningen {uuid.uuid4().hex[:8]}",
        "summary": "Hur många platser finns i vuxenutbildningen per kommun och månad?",
        "description": "Kommunerna planerar utan siffror.",
        "purpose": "Planera.",
        "lead_agency": world.cast.lead,
        "submit": True,
        **changes,
    }


def _new(world: World, people: dict[str, Browser], **changes: Any) -> dict[str, Any]:
    author = people["author"]
    response = author.client.post("/v1/needs", json=_need_body(world, **changes), headers=author.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _comment(people: dict[str, Browser], need_id: str, role: str = "citizen") -> str:
    b = people[role]
    response = b.client.post(
        f"/v1/needs/{need_id}/comments", json={"text": "Det här behöver vi också."}, headers=b.headers
    )
    assert response.status_code == 201, response.text
    comment_id: str = response.json()["id"]
    return comment_id


def _report(
    people: dict[str, Browser], role: str, need_id: str, comment_id: str | None = None, reason: str = "spam"
) -> Any:
    b = people[role]
    path = f"/v1/needs/{need_id}/reports"
    if comment_id is not None:
        path = f"/v1/needs/{need_id}/comments/{comment_id}/reports"
    return b.client.post(path, json={"reason": reason, "note": "Ser ut som reklam."}, headers=b.headers)


def _act(
    people: dict[str, Browser], action: str, items: list[tuple[str, str]], template: str, **extra: Any
) -> Any:
    moderator = people["moderator"]
    return moderator.client.post(
        "/v1/arena/moderation/actions",
        json={
            "action": action,
            "items": [{"type": type_, "id": id_} for type_, id_ in items],
            "template": template,
            **extra,
        },
        headers=moderator.headers,
    )


def _listed(b: Browser, need: dict[str, Any]) -> bool:
    response = b.client.get("/v1/needs", params={"q": need["title"]})
    assert response.status_code == 200, response.text
    return need["id"] in [item["id"] for item in response.json()["items"]]


def _comment_ids(b: Browser, need_id: str) -> list[str]:
    response = b.client.get(f"/v1/needs/{need_id}/comments")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _queue(people: dict[str, Browser]) -> dict[tuple[str, str], dict[str, Any]]:
    response = people["moderator"].client.get("/v1/arena/moderation/queue")
    assert response.status_code == 200, response.text
    return {(item["type"], item["id"]): item for item in response.json()["items"]}


# --- personal data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "summary", "description", "purpose"])
@pytest.mark.parametrize("kind", sorted(PERSONAL))
def test_a_need_with_personal_data_is_refused(
    world: World, people: dict[str, Browser], field: str, kind: str
) -> None:
    value, fragment = PERSONAL[kind]
    author = people["author"]
    data = _need_body(world)
    data[field] = f"Kontakta mig: {value} tack"
    before = author.client.get("/v1/needs", params={"q": "Kontakta"}).json()["items"]
    body = problem(author.client.post("/v1/needs", json=data, headers=author.headers), 400)
    assert body["code"] == "personal_data_found"
    assert body["personal_data"] == [{"field": field, "kind": kind}]
    assert [error["field"] for error in body["errors"]] == [field]
    assert "Remove" in body["hint"]
    assert value not in str(body)
    assert fragment not in str(body)
    assert author.client.get("/v1/needs", params={"q": "Kontakta"}).json()["items"] == before


def test_an_edit_with_personal_data_is_refused(world: World, people: dict[str, Browser]) -> None:
    author = people["author"]
    need = _new(world, people)
    response = author.client.patch(
        f"/v1/needs/{need['id']}", json={"summary": "Ring 08-123 456 78"}, headers=author.headers
    )
    body = problem(response, 400)
    assert body["personal_data"] == [{"field": "summary", "kind": "phone_number"}]
    assert "456 78" not in response.text
    assert author.client.get(f"/v1/needs/{need['id']}").json()["summary"] == need["summary"]


@pytest.mark.parametrize("kind", sorted(PERSONAL))
def test_a_comment_with_personal_data_is_refused(world: World, people: dict[str, Browser], kind: str) -> None:
    value, fragment = PERSONAL[kind]
    need = _new(world, people)
    citizen = people["citizen"]
    response = citizen.client.post(
        f"/v1/needs/{need['id']}/comments", json={"text": f"Hör av er på {value}."}, headers=citizen.headers
    )
    body = problem(response, 400)
    assert body["personal_data"] == [{"field": "text", "kind": kind}]
    assert value not in response.text
    assert fragment not in response.text
    assert _comment_ids(citizen, need["id"]) == []


def test_look_alikes_are_published(world: World, people: dict[str, Browser]) -> None:
    need = _new(
        world,
        people,
        summary="Yrken med SSYK 2512 i kommun:0180, år 2025, senast 2026-11-30, ordernummer 1234567890.",
    )
    assert need["state"] == "submitted"


# --- reports and automatic hiding --------------------------------------------------------------------------


def test_one_report_per_person_and_item(world: World, people: dict[str, Browser]) -> None:
    need = _new(world, people)
    first = _report(people, "citizen", need["id"], reason="off_topic")
    assert first.status_code == 201, first.text
    assert first.json()["type"] == "need"
    assert first.json()["item_hidden"] is False
    problem(_report(people, "citizen", need["id"], reason="spam"), 409)
    body = problem(
        people["citizen"].client.post(
            f"/v1/needs/{need['id']}/reports", json={"reason": "boring"}, headers=people["citizen"].headers
        ),
        400,
    )
    assert body["errors"][0]["field"] == "reason"
    problem(_report(people, "anonymous", need["id"]), 401)
    problem(
        people["citizen"].client.post(f"/v1/needs/{need['id']}/reports", json={"reason": "spam"}), 403
    )  # no CSRF token


def test_a_need_is_hidden_at_the_threshold_and_seen_only_by_its_author_and_moderators(
    world: World, people: dict[str, Browser]
) -> None:
    need = _new(world, people)
    need_id = need["id"]
    for role in ("citizen", "company_member"):
        response = _report(people, role, need_id)
        assert response.status_code == 201
        assert response.json()["item_hidden"] is False
    assert _listed(people["anonymous"], need)
    third = _report(people, "other_staff", need_id, reason="offensive")
    assert third.status_code == 201
    assert third.json()["item_hidden"] is True
    for role in ("anonymous", "citizen", "lead_staff"):
        body = problem(people[role].client.get(f"/v1/needs/{need_id}"), 410)
        assert body["code"] == "need_hidden"
        assert not _listed(people[role], need)
    for role in ("author", "moderator"):
        response = people[role].client.get(f"/v1/needs/{need_id}")
        assert response.status_code == 200
        assert response.json()["title"] == need["title"]
    item = _queue(people)[("need", need_id)]
    assert item["hidden"] is True
    assert item["hidden_cause"] == "reports"
    assert item["open_reports"] == 3
    assert item["reasons"] == {"spam": 2, "offensive": 1}
    assert item["notes"] == ["Ser ut som reklam."] * 3
    # A hidden need cannot be reported by someone who cannot see it.
    problem(_report(people, "co_staff", need_id), 410)


def test_a_comment_is_hidden_at_the_threshold(world: World, people: dict[str, Browser]) -> None:
    need = _new(world, people)
    comment_id = _comment(people, need["id"], role="citizen")
    for role in ("author", "company_member", "other_staff"):
        response = _report(people, role, need["id"], comment_id, reason="offensive")
        assert response.status_code == 201, response.text
    assert response.json()["item_hidden"] is True
    assert _comment_ids(people["anonymous"], need["id"]) == []
    assert _comment_ids(people["lead_staff"], need["id"]) == []
    assert _comment_ids(people["citizen"], need["id"]) == [comment_id]  # its author
    assert _comment_ids(people["moderator"], need["id"]) == [comment_id]
    assert people["anonymous"].client.get(f"/v1/needs/{need['id']}").json()["comments"] == 0
    problem(_report(people, "co_staff", need["id"], comment_id), 410)
    problem(_report(people, "co_staff", need["id"], "no-such-comment"), 404)


# --- the queue and actions: who may ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_use_the_queue_and_actions(
    world: World, people: dict[str, Browser], role: str
) -> None:
    need = _new(world, people)
    assert _report(people, "citizen", need["id"]).status_code == 201
    b = people[role]
    queue = b.client.get("/v1/arena/moderation/queue")
    action = b.client.post(
        "/v1/arena/moderation/actions",
        json={"action": "hide", "items": [{"type": "need", "id": need["id"]}], "template": "removed_spam"},
        headers=b.headers,
    )
    if role == "moderator":
        assert queue.status_code == 200, queue.text
        assert action.status_code == 200, action.text
        assert people["anonymous"].client.get(f"/v1/needs/{need['id']}").status_code == 410
    else:
        expected = 401 if role == "anonymous" else 403
        problem(queue, expected)
        body = problem(action, expected)
        if role != "anonymous":
            assert body["code"] == "moderators_only"
        assert people["anonymous"].client.get(f"/v1/needs/{need['id']}").status_code == 200


# --- bulk actions ------------------------------------------------------------------------------------------


def test_bulk_hide_restore_and_dismiss_with_templates(world: World, people: dict[str, Browser]) -> None:
    anonymous = people["anonymous"]
    first, second = _new(world, people), _new(world, people)
    comment_id = _comment(people, first["id"], role="company_member")
    items = [("need", first["id"]), ("need", second["id"]), ("comment", comment_id)]
    _report(people, "citizen", first["id"], reason="personal_data")
    _report(people, "citizen", second["id"], reason="personal_data")
    _report(people, "citizen", first["id"], comment_id, reason="personal_data")
    queue = _queue(people)
    assert all(queue[item]["open_reports"] == 1 for item in items)
    assert queue[("comment", comment_id)]["need_id"] == first["id"]

    hidden = _act(people, "hide", items, "removed_personal_data")
    assert hidden.status_code == 200, hidden.text
    body = hidden.json()
    assert body["template"]["code"] == "removed_personal_data"
    assert body["template"]["sv"] == TEMPLATES["removed_personal_data"].sv
    assert [(r["type"], r["id"], r["hidden"], r["reports_closed"]) for r in body["results"]] == [
        (type_, id_, True, 1) for type_, id_ in items
    ]
    assert anonymous.client.get(f"/v1/needs/{first['id']}").status_code == 410
    assert anonymous.client.get(f"/v1/needs/{second['id']}").status_code == 410
    assert _comment_ids(people["author"], first["id"]) == []  # the author of the need, not of the comment
    assert all(item not in _queue(people) for item in items)

    restored = _act(people, "restore", items[:2], "kept_no_breach")
    assert restored.status_code == 200, restored.text
    assert [r["hidden"] for r in restored.json()["results"]] == [False, False]
    assert anonymous.client.get(f"/v1/needs/{first['id']}").status_code == 200
    assert _listed(anonymous, second)
    assert _comment_ids(anonymous, first["id"]) == []  # the comment stays hidden

    # Dismissing keeps a moderator's hiding, but lifts an automatic one.
    # Hidden, the comment can be reported only by its author and the moderators.
    problem(_report(people, "author", first["id"], comment_id, reason="spam"), 410)
    assert _report(people, "moderator", first["id"], comment_id, reason="spam").status_code == 201
    third = _new(world, people)
    for role in ("citizen", "company_member", "other_staff"):
        _report(people, role, third["id"], reason="duplicate")
    assert anonymous.client.get(f"/v1/needs/{third['id']}").status_code == 410
    dismissed = _act(people, "dismiss", [("comment", comment_id), ("need", third["id"])], "kept_no_breach")
    assert dismissed.status_code == 200, dismissed.text
    assert [(r["hidden"], r["reports_closed"]) for r in dismissed.json()["results"]] == [
        (True, 1),
        (False, 3),
    ]
    assert _comment_ids(anonymous, first["id"]) == []
    assert anonymous.client.get(f"/v1/needs/{third['id']}").status_code == 200
    queue = _queue(people)
    assert ("need", third["id"]) not in queue
    assert ("comment", comment_id) not in queue


def test_a_bulk_action_is_all_or_nothing(world: World, people: dict[str, Browser]) -> None:
    need = _new(world, people)
    unknown = _act(people, "hide", [("need", need["id"]), ("comment", "no-such-comment")], "removed_spam")
    body = problem(unknown, 400)
    assert body["code"] == "invalid_moderation"
    wrong_template = problem(_act(people, "hide", [("need", need["id"])], "kept_no_breach"), 400)
    assert "template" in str(wrong_template)
    problem(_act(people, "hide", [("need", need["id"])], "no_such_template"), 400)
    problem(_act(people, "hide", [("need", need["id"]), ("need", need["id"])], "removed_spam"), 400)
    problem(_act(people, "frobnicate", [("need", need["id"])], "removed_spam"), 400)
    assert people["anonymous"].client.get(f"/v1/needs/{need['id']}").status_code == 200


def test_a_duplicate_is_merged_through_the_lifecycle(world: World, people: dict[str, Browser]) -> None:
    kept, duplicate = _new(world, people), _new(world, people)
    _report(people, "citizen", duplicate["id"], reason="duplicate")
    problem(_act(people, "merge", [("need", duplicate["id"])], "merged_duplicate"), 400)  # no merged_into
    merged = _act(people, "merge", [("need", duplicate["id"])], "merged_duplicate", merged_into=kept["id"])
    assert merged.status_code == 200, merged.text
    assert merged.json()["results"][0]["reports_closed"] == 1
    need = people["anonymous"].client.get(f"/v1/needs/{duplicate['id']}").json()
    assert need["state"] == "merged"
    assert need["merged_into"] == kept["id"]
    last = need["history"][-1]
    assert (last["to_state"], last["reason_code"]) == ("merged", "duplicate")
    assert last["actor_organisation_id"] == world.cast.platform
    assert last["message"] == TEMPLATES["merged_duplicate"].sv
    problem(
        _act(people, "merge", [("need", duplicate["id"])], "merged_duplicate", merged_into=kept["id"]), 409
    )


# --- the public log ----------------------------------------------------------------------------------------


def _totals(b: Browser) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    response = b.client.get("/v1/arena/moderation-log")
    assert response.status_code == 200, response.text
    actions: dict[str, int] = {}
    templates: dict[str, int] = {}
    reports: dict[str, int] = {}
    for month in response.json()["months"]:
        assert len(month["month"]) == 7
        for total, counts in (
            (actions, month["actions"]),
            (templates, month["templates"]),
            (reports, month["reports"]),
        ):
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
    return actions, templates, reports


def _delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}


def test_the_public_log_counts_actions_and_reasons(world: World, people: dict[str, Browser]) -> None:
    anonymous = people["anonymous"]
    before = _totals(anonymous)
    first, second = _new(world, people), _new(world, people)
    for role in ("citizen", "company_member", "other_staff"):
        _report(people, role, first["id"], reason="spam")  # the third hides it automatically
    _report(people, "citizen", second["id"], reason="offensive")
    assert _act(people, "hide", [("need", second["id"])], "removed_offensive").status_code == 200
    assert _act(people, "restore", [("need", first["id"])], "kept_no_breach").status_code == 200
    actions, templates, reports = _totals(anonymous)
    assert _delta(actions, before[0]) == {"auto_hide": 1, "hide": 1, "restore": 1}
    assert _delta(templates, before[1]) == {"removed_offensive": 1, "kept_no_breach": 1}
    assert _delta(reports, before[2]) == {"spam": 3, "offensive": 1}
    text = anonymous.client.get("/v1/arena/moderation-log").text
    for secret in (first["id"], second["id"], world.cast.moderator, world.cast.citizen, "Ser ut som reklam"):
        assert secret not in text
