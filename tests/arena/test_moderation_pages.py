"""The moderation pages: the moderators' queue (for every role), its one form applying hide, restore,
dismiss and merge to several items at once (with errors next to the fields, in Swedish and English), the
public moderation log, and the author told in the app when their need or comment is hidden or shown again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from samskapa.arena import moderation, notifications, service
from samskapa.arena.models import HiddenItem, Need, Notification, Report
from samskapa.arena.schemas import CommentIn, ReportIn
from samskapa.core.db import session_scope
from samskapa.core.time import utcnow
from tests.arena.conftest import ROLES, Browser, World, actor, browser, need_in

REPORTERS = ("citizen", "company_member", "other_staff")  # three reports hide an item automatically


@pytest.fixture(scope="module")
def people(people: dict[str, Browser], world: World) -> dict[str, Browser]:
    """The browsers of every role, plus the company member as a third reporter."""
    return {**people, "company_member": browser(world, world.cast.company_member)}


def new_need(world: World, title: str = "Platser i vuxenutbildningen") -> str:
    with session_scope(world.factory) as session:
        need = service.create_need(
            session, actor=actor(session, world.cast.author), data=need_in(world.cast, title=title)
        )
        return need.id


def new_comment(world: World, need_id: str, text: str = "Köp billiga klockor här!") -> str:
    with session_scope(world.factory) as session:
        comment = service.add_comment(
            session, need_id=need_id, actor=actor(session, world.cast.citizen), data=CommentIn(text=text)
        )
        return comment.id


def report(
    world: World, role: str, need_id: str, comment_id: str | None = None, reason: str = "spam"
) -> None:
    with session_scope(world.factory) as session:
        moderation.report(
            session,
            actor=actor(session, getattr(world.cast, role)),
            need_id=need_id,
            comment_id=comment_id,
            data=ReportIn.model_validate({"reason": reason, "note": "Ser ut som reklam."}),
            threshold=3,
        )


def hidden(world: World, item_type: str, item_id: str) -> str | None:
    with session_scope(world.factory) as session:
        row = session.get(HiddenItem, (item_type, item_id))
        return row.cause if row is not None else None


def open_reports(world: World, item_type: str, item_id: str) -> int:
    with session_scope(world.factory) as session:
        rows = session.scalars(
            select(Report).where(
                Report.item_type == item_type, Report.item_id == item_id, Report.status == moderation.OPEN
            )
        )
        return len(list(rows))


def notices(world: World, person_id: str, item_id: str) -> list[tuple[str, dict[str, Any]]]:
    with session_scope(world.factory) as session:
        rows = session.scalars(
            select(Notification).where(Notification.person_id == person_id).order_by(Notification.id)
        )
        return [(row.kind, dict(row.details)) for row in rows if row.details.get("item_id") == item_id]


def act(
    b: Browser, items: list[str], action: str, template: str, merged_into: str = "", lang: str = "sv"
) -> Any:
    return b.client.post(
        f"/arena/moderation?lang={lang}",
        data={
            "csrf_token": b.csrf,
            "item": items,
            "action": action,
            "template": template,
            "merged_into": merged_into,
        },
    )


def error_linked(html: str, anchor: str) -> bool:
    """The error summary links to the field, and the field carries its message."""
    return f'href="#{anchor}"' in html and f'id="{anchor}-error"' in html and f'id="{anchor}"' in html


def state_of(world: World, need_id: str) -> str:
    with session_scope(world.factory) as session:
        need = session.get(Need, need_id)
        assert need is not None
        return need.state


def item_ids(html: str) -> list[str]:
    """The items offered with a checkbox on the moderators' page."""
    return re.findall(r'name="item" value="([^"]+)"', html)


# --- who may see the queue and use its form ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_page_for_each_role(world: World, people: dict[str, Browser], role: str) -> None:
    need_id = new_need(world, title="Rollernas anmälda behov")
    report(world, "citizen", need_id, reason="off_topic")
    page = people[role].client.get("/arena/moderation?lang=sv")
    if role == "anonymous":
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Farena%2Fmoderation%3Flang%3Dsv"
    elif role == "moderator":
        assert page.status_code == 200, page.text
        assert "<h1>Moderering av arenan</h1>" in page.text
        assert page.text.count("<h1") == 1
        assert f"need:{need_id}" in item_ids(page.text)
        assert "Rollernas anmälda behov" in page.text
        assert "Hör inte hit: 1" in page.text  # the reason and its count
        assert "Visas för alla" in page.text  # not hidden yet, said in words
        assert 'name="csrf_token"' in page.text
    else:
        assert page.status_code == 403
        assert "<h1>Bara för moderatorer</h1>" in page.text
        assert need_id not in page.text
        english = people[role].client.get("/arena/moderation?lang=en")
        assert english.status_code == 403
        assert "<h1>Moderators only</h1>" in english.text


@pytest.mark.parametrize("role", ROLES)
def test_the_bulk_form_for_each_role(world: World, people: dict[str, Browser], role: str) -> None:
    first, second = new_need(world), new_need(world)
    for need_id in (first, second):
        report(world, "citizen", need_id)
    response = act(people[role], [f"need:{first}", f"need:{second}"], "hide", "removed_spam")
    if role == "anonymous":
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=%2Farena%2Fmoderation")
    elif role == "moderator":
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/arena/moderation?done=hide&count=2"
    else:
        assert response.status_code == 403
        assert "Bara för moderatorer" in response.text
    expected = "moderator" if role == "moderator" else None
    assert [hidden(world, "need", first), hidden(world, "need", second)] == [expected, expected]


def test_the_form_needs_the_sessions_csrf_token(world: World, people: dict[str, Browser]) -> None:
    need_id = new_need(world)
    report(world, "citizen", need_id)
    moderator = people["moderator"]
    response = moderator.client.post(
        "/arena/moderation",
        data={
            "csrf_token": "wrong",
            "item": [f"need:{need_id}"],
            "action": "hide",
            "template": "removed_spam",
        },
    )
    assert response.status_code == 403
    assert hidden(world, "need", need_id) is None


# --- the bulk actions --------------------------------------------------------------------------------------


def test_hide_restore_and_dismiss_several_items_at_once(world: World, people: dict[str, Browser]) -> None:
    moderator = people["moderator"]
    first, second = new_need(world, title="Första anmälda"), new_need(world, title="Andra anmälda")
    comment_id = new_comment(world, first, text="Klicka här för billiga lån")
    items = [f"need:{first}", f"need:{second}", f"comment:{comment_id}"]
    report(world, "citizen", first, reason="personal_data")
    report(world, "citizen", second, reason="personal_data")
    report(world, "company_member", first, comment_id, reason="spam")
    page = moderator.client.get("/arena/moderation?lang=sv")
    assert set(items) <= set(item_ids(page.text))
    assert "Klicka här för billiga lån" in page.text

    done = act(moderator, items, "hide", "removed_personal_data")
    assert done.status_code == 303, done.text
    assert [hidden(world, *item.split(":")) for item in items] == ["moderator"] * 3
    assert all(open_reports(world, *item.split(":")) == 0 for item in items)
    page = moderator.client.get(done.headers["location"] + "&lang=sv")
    assert "3 ärenden har dolts." in page.text
    hidden_part = page.text[page.text.index('id="hidden-h"') :]
    assert set(items) <= set(item_ids(hidden_part))  # no open reports, still offered to restore
    assert "Dolt av en moderator" in hidden_part

    done = act(moderator, items[:2], "restore", "kept_no_breach", lang="en")
    assert done.status_code == 303, done.text
    assert [hidden(world, "need", first), hidden(world, "need", second)] == [None, None]
    assert hidden(world, "comment", comment_id) == "moderator"
    assert "2 items are shown again." in moderator.client.get(done.headers["location"] + "&lang=en").text

    # Dismissing lifts an automatic hiding and keeps a moderator's.
    third = new_need(world, title="Automatiskt dold")
    for role in REPORTERS:
        report(world, role, third, reason="duplicate")
    assert hidden(world, "need", third) == "reports"
    report(world, "moderator", first, comment_id, reason="offensive")
    page = moderator.client.get("/arena/moderation?lang=sv")
    assert "Dolt automatiskt efter anmälningar, väntar på granskning" in page.text
    done = act(moderator, [f"need:{third}", f"comment:{comment_id}"], "dismiss", "kept_no_breach")
    assert done.status_code == 303, done.text
    assert hidden(world, "need", third) is None
    assert hidden(world, "comment", comment_id) == "moderator"
    assert open_reports(world, "need", third) == open_reports(world, "comment", comment_id) == 0
    assert (
        "Anmälningarna av 2 ärenden har avfärdats."
        in moderator.client.get(done.headers["location"] + "&lang=sv").text
    )


def test_merge_several_duplicates_into_one_need(world: World, people: dict[str, Browser]) -> None:
    moderator = people["moderator"]
    kept, one, two = new_need(world), new_need(world), new_need(world)
    for need_id in (one, two):
        report(world, "citizen", need_id, reason="duplicate")
    done = act(moderator, [f"need:{one}", f"need:{two}"], "merge", "merged_duplicate", merged_into=kept)
    assert done.status_code == 303, done.text
    with session_scope(world.factory) as session:
        for need_id in (one, two):
            need = session.get(Need, need_id)
            assert need is not None
            assert (need.state, need.merged_into_id) == ("merged", kept)
    assert "2 behov har slagits ihop." in moderator.client.get(done.headers["location"] + "&lang=sv").text


# --- errors shown next to their fields ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("sv", ("Välj minst ett ärende.", "Välj en åtgärd.", "Välj ett svar.")),
        ("en", ("Select at least one item.", "Choose an action.", "Choose an answer.")),
    ],
)
def test_an_empty_form_names_each_field(
    world: World, people: dict[str, Browser], lang: str, texts: tuple[str, ...]
) -> None:
    response = act(people["moderator"], [], "", "", lang=lang)
    assert response.status_code == 400
    for anchor in ("items", "action", "template"):
        assert error_linked(response.text, anchor), anchor
    for text in texts:
        assert text in response.text
    assert response.text.count("<h1") == 1


def test_bad_choices_re_render_with_the_field_named(world: World, people: dict[str, Browser]) -> None:
    moderator = people["moderator"]
    need_id, kept = new_need(world), new_need(world)
    report(world, "citizen", need_id)
    item = f"need:{need_id}"

    wrong = act(moderator, [item], "hide", "kept_no_breach")  # an answer that does not fit the action
    assert wrong.status_code == 400
    assert error_linked(wrong.text, "template")
    assert "for &#39;hide&#39; use one of" in wrong.text
    assert f'value="{item}" checked' in wrong.text  # the choices are kept
    assert '<option value="kept_no_breach" selected>' in wrong.text

    merge = act(moderator, [item], "merge", "merged_duplicate", lang="en")
    assert merge.status_code == 400
    assert error_linked(merge.text, "merged_into")
    assert "Give the id of the need the selected needs are merged into." in merge.text

    unknown = act(moderator, [item, "comment:no-such-comment"], "hide", "removed_spam")
    assert unknown.status_code == 400
    assert error_linked(unknown.text, "items")
    assert "there is no comment" in unknown.text

    bad_item = act(moderator, ["idea:whatever"], "hide", "removed_spam")
    assert bad_item.status_code == 400
    assert error_linked(bad_item.text, "items")

    stray = act(moderator, [item], "hide", "removed_spam", merged_into=kept)
    assert stray.status_code == 400
    assert error_linked(stray.text, "merged_into")

    comment_merge = act(moderator, [f"comment:{new_comment(world, kept)}"], "merge", "merged_duplicate", kept)
    assert comment_merge.status_code == 400
    assert error_linked(comment_merge.text, "items")

    assert hidden(world, "need", need_id) is None  # nothing was changed
    assert open_reports(world, "need", need_id) == 1


def test_a_merge_the_lifecycle_refuses_changes_nothing(world: World, people: dict[str, Browser]) -> None:
    moderator = people["moderator"]
    one, two = new_need(world), new_need(world)
    for need_id in (one, two):
        report(world, "citizen", need_id, reason="duplicate")
    # The first merge would do; the second (a need into itself) is refused, so neither is made.
    response = act(moderator, [f"need:{two}", f"need:{one}"], "merge", "merged_duplicate", merged_into=one)
    assert response.status_code == 400, response.text
    assert error_linked(response.text, "merged_into")
    assert f'value="need:{two}" checked' in response.text
    assert state_of(world, one) == state_of(world, two) == "submitted"
    assert open_reports(world, "need", one) == open_reports(world, "need", two) == 1


# --- the public log ----------------------------------------------------------------------------------------


def test_the_log_page_shows_counts_in_both_languages(world: World, people: dict[str, Browser]) -> None:
    anonymous = people["anonymous"]
    need_id = new_need(world)
    for role in REPORTERS:
        report(world, role, need_id, reason="offensive")
    assert act(people["moderator"], [f"need:{need_id}"], "hide", "removed_offensive").status_code == 303
    api = anonymous.client.get("/v1/arena/moderation-log").json()["months"][0]
    page = anonymous.client.get("/arena/moderation/log?lang=sv")
    assert page.status_code == 200
    assert "<h1>Moderationslogg</h1>" in page.text
    assert page.text.count("<h1") == 1
    assert "<script" not in page.text.split("<main")[1]
    section = page.text[page.text.index(f'id="month-{api["month"]}"') :]
    labels = {
        "Dolda automatiskt efter anmälningar": api["actions"]["auto_hide"],
        "Dolda av moderator": api["actions"]["hide"],
        "Dolt: kränkande": api["templates"]["removed_offensive"],
        "Kränkande": api["reports"]["offensive"],
    }
    for label, count in labels.items():
        assert f'<th scope="row">{label}</th><td>{count}</td>' in section, label
    for secret in (need_id, world.cast.moderator, world.cast.citizen, "Ser ut som reklam"):
        assert secret not in page.text
    english = anonymous.client.get("/arena/moderation/log?lang=en")
    assert "<h1>Moderation log</h1>" in english.text
    assert f'<th scope="row">Hidden by a moderator</th><td>{api["actions"]["hide"]}</td>' in english.text


# --- the author is told ------------------------------------------------------------------------------------


def test_the_author_is_told_when_hidden_and_restored(world: World, people: dict[str, Browser]) -> None:
    moderator, author = people["moderator"], people["author"]
    need_id = new_need(world, title="Behov som döljs")
    report(world, "citizen", need_id, reason="spam")
    assert act(moderator, [f"need:{need_id}"], "hide", "removed_spam").status_code == 303
    assert notices(world, world.cast.author, need_id) == [
        (
            "hidden",
            {
                "item_type": "need",
                "item_id": need_id,
                "cause": "moderator",
                "reasons": {"spam": 1},
                "template": "removed_spam",
                "answer": {
                    "sv": moderation.TEMPLATES["removed_spam"].sv,
                    "en": moderation.TEMPLATES["removed_spam"].en,
                },
            },
        )
    ]
    page = author.client.get("/me/notifications?lang=sv")
    assert (
        "En moderator har granskat och dolt ditt behov. " + moderation.TEMPLATES["removed_spam"].sv
        in page.text
    )
    assert f'href="/arena/needs/{need_id}">Behov som döljs</a>' in page.text  # the author still sees it
    api = author.client.get("/v1/me/notifications").json()["items"]
    assert api[0]["kind"] == "hidden"
    assert api[0]["details"]["template"] == "removed_spam"

    assert act(moderator, [f"need:{need_id}"], "restore", "restored_after_edit").status_code == 303
    kinds = [kind for kind, _details in notices(world, world.cast.author, need_id)]
    assert kinds == ["hidden", "restored"]
    page = author.client.get("/me/notifications?lang=en")
    assert "Your need is shown again. " + moderation.TEMPLATES["restored_after_edit"].en in page.text
    # The mail digest carries the same lines (the author has not chosen: daily, in Swedish).
    with session_scope(world.factory) as session:
        digests = notifications.build_digest(session, now=utcnow())
    (digest,) = [digest for digest in digests if digest.person_id == world.cast.author]
    assert (
        "En moderator har granskat och dolt ditt behov. " + moderation.TEMPLATES["removed_spam"].sv
        in digest.text
    )
    assert "Ditt behov visas igen. " + moderation.TEMPLATES["restored_after_edit"].sv in digest.text
    # Nobody else hears of it: not the reporter, not the moderator.
    assert notices(world, world.cast.citizen, need_id) == []
    assert notices(world, world.cast.moderator, need_id) == []


def test_the_author_of_a_comment_hidden_by_reports_is_told_why(
    world: World, people: dict[str, Browser]
) -> None:
    need_id = new_need(world)
    comment_id = new_comment(world, need_id, text="Reklam för klockor")
    for role, reason in (("author", "spam"), ("company_member", "spam"), ("other_staff", "offensive")):
        report(world, role, need_id, comment_id, reason=reason)
    assert hidden(world, "comment", comment_id) == "reports"
    (notice,) = notices(world, world.cast.citizen, comment_id)  # the comment's author
    assert notice[0] == "hidden"
    assert (notice[1]["cause"], notice[1]["reasons"], notice[1]["template"]) == (
        "reports",
        {"spam": 2, "offensive": 1},
        None,
    )
    assert notices(world, world.cast.author, comment_id) == []  # the need's author is not the comment's
    citizen = people["citizen"]
    sv = citizen.client.get("/me/notifications?lang=sv").text
    assert (
        "Din kommentar är dold i väntan på granskning av en moderator, efter anmälningar: "
        "reklam eller skräppost (2), kränkande (1)." in sv
    )
    en = citizen.client.get("/me/notifications?lang=en").text
    assert (
        "Your comment is hidden pending review by a moderator, after reports: advertising or spam (2)" in en
    )

    # Dismissing the reports shows it again, and the author hears that too.
    done = act(people["moderator"], [f"comment:{comment_id}"], "dismiss", "kept_no_breach")
    assert done.status_code == 303, done.text
    assert [kind for kind, _ in notices(world, world.cast.citizen, comment_id)] == ["hidden", "restored"]
    assert (
        "Your comment is shown again. " + moderation.TEMPLATES["kept_no_breach"].en
        in citizen.client.get("/me/notifications?lang=en").text
    )
