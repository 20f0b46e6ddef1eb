"""Arena notifications: who hears of a change (author, active supporters, followers; once each; never the
actor; only the author of a hidden need), the person's list and read marks, the mail choice, the daily digest
and immediate mail with fixed dates (each notice mailed once; `off` gets none), the CLI, the /v1/me API and
the /me/notifications page, with every write route against every role."""

from __future__ import annotations

import io
import itertools
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from samskapa.accounts.models import Person
from samskapa.arena import notifications, service
from samskapa.arena.errors import InvalidNotificationRequest, NotificationNotFound
from samskapa.arena.models import HiddenItem, Notification
from samskapa.arena.schemas import CommentIn
from samskapa.cli import app as cli_app
from samskapa.core.db import session_scope
from samskapa.core.mail import ConsoleMailBackend, MailError
from samskapa.core.pagination import encode_cursor
from tests.arena.conftest import ROLES, Browser, World, actor, browser, need_in

T0 = datetime(2031, 3, 10, 8, 0, tzinfo=UTC)
MAIL_DAYS = itertools.count()
BASE = "https://samskapa.example"


def new_person(session: Session, name: str = "Person", email: str | None = None) -> str:
    person = Person(
        id=str(uuid.uuid4()),
        email=email if email is not None else f"{uuid.uuid4().hex[:12]}@example.org",
        name=name,
        created_at=T0 - timedelta(days=400),
        password_hash=None,
    )
    session.add(person)
    session.flush()
    return person.id


def email_of(session: Session, person_id: str) -> str:
    person = session.get(Person, person_id)
    assert person is not None
    return person.email


def write_need(session: Session, world: World, author_id: str, now: datetime, title: str = "") -> str:
    changes: dict[str, Any] = {"title": title} if title else {}
    need = service.create_need(
        session, actor=actor(session, author_id), data=need_in(world.cast, **changes), now=now
    )
    return need.id


def triage(session: Session, world: World, need_id: str, now: datetime) -> None:
    service.transition(
        session,
        need_id=need_id,
        actor=actor(session, world.cast.lead_staff),
        to="triaged",
        reason_code="in_scope",
        now=now,
    )


def notices(session: Session, need_id: str) -> list[Notification]:
    return list(
        session.scalars(select(Notification).where(Notification.need_id == need_id).order_by(Notification.id))
    )


def receivers(session: Session, need_id: str) -> list[str]:
    return sorted(row.person_id for row in notices(session, need_id))


# --- fan-out -----------------------------------------------------------------------------------------------


def test_a_status_change_reaches_author_supporters_and_followers_once_and_never_the_actor(
    world: World,
) -> None:
    with session_scope(world.factory) as session:
        author = new_person(session, "Author")
        supporter, follower, both, withdrawn = (new_person(session) for _ in range(4))
        need_id = write_need(session, world, author, T0)
        # The author submitted it: the actor hears nothing, and nobody else is concerned yet.
        assert notices(session, need_id) == []
        service.support(session, need_id=need_id, person_id=supporter, stakeholder_type="citizen", now=T0)
        service.follow(session, need_id=need_id, person_id=follower, now=T0)
        service.support(session, need_id=need_id, person_id=both, stakeholder_type="ngo", now=T0)
        service.follow(session, need_id=need_id, person_id=both, now=T0)
        service.support(session, need_id=need_id, person_id=withdrawn, stakeholder_type="citizen", now=T0)
        service.withdraw_support(session, need_id=need_id, person_id=withdrawn, now=T0)
        # The acting staff member follows the need too, and still hears nothing of their own change.
        service.follow(session, need_id=need_id, person_id=world.cast.lead_staff, now=T0)
        triage(session, world, need_id, T0 + timedelta(hours=1))
        rows = notices(session, need_id)
        assert sorted(row.person_id for row in rows) == sorted([author, supporter, follower, both])
        event = service.history(session, need_id=need_id)[-1]
        for row in rows:
            assert row.kind == "status"
            assert row.status_event_id == event.id
            assert row.details["from_state"] == "submitted"
            assert row.details["to_state"] == "triaged"
            assert row.details["reason_code"] == "in_scope"
            assert row.created_at == T0 + timedelta(hours=1)
            assert row.read_at is None
            assert row.emailed_at is None


def test_withdrawn_support_stops_the_notices(world: World) -> None:
    with session_scope(world.factory) as session:
        author, supporter = new_person(session), new_person(session)
        need_id = write_need(session, world, author, T0)
        service.support(session, need_id=need_id, person_id=supporter, stakeholder_type="citizen", now=T0)
        triage(session, world, need_id, T0 + timedelta(hours=1))
        assert receivers(session, need_id).count(supporter) == 1
        service.withdraw_support(session, need_id=need_id, person_id=supporter, now=T0 + timedelta(hours=2))
        service.transition(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.lead_staff),
            to="under_assessment",
            reason_code="assessment_started",
            now=T0 + timedelta(hours=3),
        )
        assert receivers(session, need_id).count(supporter) == 1
        assert receivers(session, need_id).count(author) == 2


def test_the_authors_own_change_reaches_the_others_but_not_the_author(world: World) -> None:
    with session_scope(world.factory) as session:
        author, follower = new_person(session), new_person(session)
        need_id = write_need(session, world, author, T0)
        service.follow(session, need_id=need_id, person_id=follower, now=T0)
        service.transition(
            session,
            need_id=need_id,
            actor=actor(session, author),
            to="withdrawn",
            now=T0 + timedelta(hours=1),
        )
        assert receivers(session, need_id) == [follower]


def test_an_official_reply_notifies_and_other_comments_do_not(world: World) -> None:
    with session_scope(world.factory) as session:
        author, follower = new_person(session), new_person(session)
        need_id = write_need(session, world, author, T0)
        service.follow(session, need_id=need_id, person_id=follower, now=T0)
        service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, follower),
            data=CommentIn(text="Jag behöver också detta."),
            now=T0 + timedelta(hours=1),
        )
        assert notices(session, need_id) == []
        comment = service.add_comment(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.co_staff),
            data=CommentIn(text="Vi tittar på det i vår."),
            now=T0 + timedelta(hours=2),
        )
        assert comment.official
        rows = notices(session, need_id)
        assert sorted(row.person_id for row in rows) == sorted([author, follower])
        assert {row.kind for row in rows} == {"official_reply"}
        assert rows[0].details["comment_id"] == comment.id
        assert rows[0].details["excerpt"] == "Vi tittar på det i vår."
        assert world.cast.co_staff not in {row.person_id for row in rows}


def test_a_hidden_need_notifies_nobody_but_its_author(world: World) -> None:
    with session_scope(world.factory) as session:
        author, supporter, follower = new_person(session), new_person(session), new_person(session)
        need_id = write_need(session, world, author, T0)
        service.support(session, need_id=need_id, person_id=supporter, stakeholder_type="citizen", now=T0)
        service.follow(session, need_id=need_id, person_id=follower, now=T0)
        triage(session, world, need_id, T0 + timedelta(hours=1))
        assert receivers(session, need_id) == sorted([author, supporter, follower])
        session.add(
            HiddenItem(item_type="need", item_id=need_id, need_id=need_id, cause="moderator", hidden_at=T0)
        )
        session.flush()
        service.transition(
            session,
            need_id=need_id,
            actor=actor(session, world.cast.lead_staff),
            to="under_assessment",
            reason_code="assessment_started",
            now=T0 + timedelta(hours=2),
        )
        assert sorted(receivers(session, need_id)) == sorted([author, author, supporter, follower])
        # The follower's earlier notice no longer names the hidden need; the author's still does.
        rows, _ = notifications.list_notifications(session, person_id=follower)
        [shown] = notifications.notifications_out(session, rows, person_id=follower)
        assert (shown.need_title, shown.link) == (None, None)
        rows, _ = notifications.list_notifications(session, person_id=author)
        assert {out.link for out in notifications.notifications_out(session, rows, person_id=author)} == {
            f"/arena/needs/{need_id}"
        }


def test_an_agency_acting_through_its_api_key_is_no_person_and_everyone_hears(world: World) -> None:
    with session_scope(world.factory) as session:
        author, follower = new_person(session), new_person(session)
        need_id = write_need(session, world, author, T0)
        service.follow(session, need_id=need_id, person_id=follower, now=T0)
        service.transition(
            session,
            need_id=need_id,
            actor=service.actor_for_organisation(session, organisation_id=world.cast.lead),
            to="triaged",
            reason_code="in_scope",
            now=T0 + timedelta(hours=1),
        )
        assert receivers(session, need_id) == sorted([author, follower])


# --- the person's list and read marks ----------------------------------------------------------------------


def _notice(session: Session, person_id: str, at: datetime, need_id: str | None = None) -> int:
    row = Notification(
        person_id=person_id,
        kind="status",
        need_id=need_id,
        details={"event_kind": "transition", "from_state": "submitted", "to_state": "triaged"},
        created_at=at,
    )
    session.add(row)
    session.flush()
    return row.id


def test_list_newest_first_with_cursor_unread_count_and_read_marks(world: World) -> None:
    with session_scope(world.factory) as session:
        person, other = new_person(session), new_person(session)
        ids = [_notice(session, person, T0 + timedelta(minutes=minute)) for minute in (1, 2, 2, 3, 4)]
        theirs = _notice(session, other, T0)
        first, cursor = notifications.list_notifications(session, person_id=person, limit=2)
        assert [row.id for row in first] == [ids[4], ids[3]]
        assert cursor is not None
        second, cursor = notifications.list_notifications(session, person_id=person, cursor=cursor, limit=2)
        assert [row.id for row in second] == [ids[2], ids[1]]
        third, cursor = notifications.list_notifications(session, person_id=person, cursor=cursor, limit=2)
        assert [row.id for row in third] == [ids[0]]
        assert cursor is None
        assert notifications.unread_count(session, person_id=person) == 5

        assert notifications.mark_read(session, person_id=person, ids=[ids[0], ids[0]], now=T0) == 1
        assert notifications.mark_read(session, person_id=person, ids=[ids[0]], now=T0) == 0
        unread, _ = notifications.list_notifications(session, person_id=person, unread_only=True)
        assert ids[0] not in [row.id for row in unread]
        assert len(unread) == 4
        with pytest.raises(NotificationNotFound) as raised:
            notifications.mark_read(session, person_id=person, ids=[ids[1], theirs])
        assert [error.field for error in raised.value.field_errors] == ["ids"]
        assert notifications.unread_count(session, person_id=person) == 4  # nothing changed
        with pytest.raises(InvalidNotificationRequest):
            notifications.mark_read(session, person_id=person)
        with pytest.raises(InvalidNotificationRequest):
            notifications.mark_read(session, person_id=person, ids=[ids[1]], all_=True)
        assert notifications.mark_read(session, person_id=person, all_=True, now=T0) == 4
        assert notifications.unread_count(session, person_id=person) == 0
        assert notifications.unread_count(session, person_id=other) == 1
        with pytest.raises(InvalidNotificationRequest):
            notifications.list_notifications(session, person_id=person, cursor=encode_cursor({"x": 1}))


def test_the_mail_choice_defaults_to_a_daily_digest_in_swedish(world: World) -> None:
    with session_scope(world.factory) as session:
        person = new_person(session)
        default = notifications.get_subscription(session, person_id=person)
        assert (default.email, default.language, default.default) == ("daily", "sv", True)
        chosen = notifications.set_subscription(session, person_id=person, email="off", language="en", now=T0)
        assert (chosen.email, chosen.language, chosen.default, chosen.updated_at) == ("off", "en", False, T0)
        with pytest.raises(InvalidNotificationRequest) as raised:
            notifications.set_subscription(session, person_id=person, email="weekly", language="de")
        assert [error.field for error in raised.value.field_errors] == ["email", "language"]
        assert notifications.get_subscription(session, person_id=person).email == "off"


# --- mail --------------------------------------------------------------------------------------------------


class Recorder:
    """A backend that keeps the messages (and can refuse the mail to one address)."""

    def __init__(self, refuse: str = "") -> None:
        self.messages: list[Any] = []
        self.refuse = refuse

    def send(self, messages: Any) -> None:
        for message in messages:
            if self.refuse and message["To"] == self.refuse:
                raise MailError("refused")
            self.messages.append(message)


@pytest.fixture
def mail_world(world: World) -> dict[str, Any]:
    """Fresh people with every mail choice, all following two needs that change on a fixed day."""
    day = T0 + timedelta(days=100 + 10 * next(MAIL_DAYS))  # a day of its own for each test
    with session_scope(world.factory) as session:
        author = new_person(session, "Author")
        people = {
            "daily": new_person(session),
            "immediate": new_person(session),
            "off": new_person(session),
            "english": new_person(session),
            "no_email": new_person(session, email=f"no-address-{uuid.uuid4().hex[:8]}"),
        }
        notifications.set_subscription(session, person_id=author, email="off", language="sv", now=day)
        notifications.set_subscription(
            session, person_id=people["immediate"], email="immediate", language="sv"
        )
        notifications.set_subscription(session, person_id=people["off"], email="off", language="sv")
        notifications.set_subscription(session, person_id=people["english"], email="daily", language="en")
        first = write_need(session, world, author, day - timedelta(days=3), title="Platser per kommun")
        second = write_need(session, world, author, day - timedelta(days=3), title="Kurser per län")
        for need_id in (first, second):
            for person_id in people.values():
                service.follow(session, need_id=need_id, person_id=person_id, now=day - timedelta(days=3))
        # Two days before: outside the last day, never mailed by this run.
        triage(session, world, first, day - timedelta(days=2))
        triage(session, world, second, day - timedelta(hours=5))
        service.add_comment(
            session,
            need_id=first,
            actor=actor(session, world.cast.lead_staff),
            data=CommentIn(text="Vi planerar en första leverans."),
            now=day - timedelta(hours=3),
        )
        emails = {name: email_of(session, person_id) for name, person_id in people.items()}
    return {"day": day, "people": people, "emails": emails, "first": first, "second": second}


def test_the_daily_digest_groups_by_need_and_each_notice_is_mailed_once(
    world: World, mail_world: dict[str, Any]
) -> None:
    day, people, emails = mail_world["day"], mail_world["people"], mail_world["emails"]
    with session_scope(world.factory) as session:
        digests = {d.person_id: d for d in notifications.build_digest(session, now=day, base_url=BASE)}
        # Daily (by choice or by default) and with an address: not immediate, not off, not without email.
        assert set(digests) == {people["daily"], people["english"]}
        mine = digests[people["daily"]]
        assert [need.title for need in mine.needs] == ["Kurser per län", "Platser per kommun"]
        assert len(mine.notification_ids) == 2  # the two-day-old triage is not in it
        assert "Status: sorterat → " not in mine.text
        assert "Status: inskickat → sorterat" in mine.text
        assert "Officiellt svar från myndigheten: “Vi planerar en första leverans.”" in mine.text
        assert f"{BASE}/arena/needs/{mail_world['first']}" in mine.text
        assert f"{BASE}/me/notifications" in mine.text
        english = digests[people["english"]]
        assert english.subject == "Samskapa: 2 updates on needs you follow"
        assert "Status: submitted → triaged" in english.text
        assert "Official reply from the agency" in english.text

        backend = Recorder()
        run = notifications.send_due_mail(session, backend, now=day, mode="daily", base_url=BASE)
        assert (run.sent, run.failed) == (2, 0)
        assert sorted(message["To"] for message in backend.messages) == sorted(
            [emails["daily"], emails["english"]]
        )
        assert {message["Subject"] for message in backend.messages} == {
            "Samskapa: 2 nyheter om behov du följer",
            "Samskapa: 2 updates on needs you follow",
        }
        mailed = session.scalars(select(Notification).where(Notification.person_id == people["daily"])).all()
        assert sorted(str(row.emailed_at) for row in mailed) == sorted([str(day), str(day), "None"])
        # A second run the same day (or an hour later) sends nothing again.
        again = Recorder()
        assert notifications.send_due_mail(session, again, now=day + timedelta(hours=1)).sent == 0
        assert again.messages == []


def test_immediate_mail_goes_only_to_those_who_chose_it_and_off_gets_nothing(
    world: World, mail_world: dict[str, Any]
) -> None:
    day, people, emails = mail_world["day"], mail_world["people"], mail_world["emails"]
    with session_scope(world.factory) as session:
        backend = Recorder()
        run = notifications.send_due_mail(session, backend, now=day, mode="immediate", base_url=BASE)
        assert run.sent == 1
        assert [message["To"] for message in backend.messages] == [emails["immediate"]]
        assert backend.messages[0]["Subject"] == "Samskapa: nytt om behov du följer"
        assert notifications.send_due_mail(session, Recorder(), now=day, mode="immediate").sent == 0
        for _ in range(2):
            notifications.send_due_mail(session, Recorder(), now=day, mode="daily")
        for name in ("off", "no_email"):
            rows = session.scalars(select(Notification).where(Notification.person_id == people[name])).all()
            assert len(rows) == 3
            assert {row.emailed_at for row in rows} == {None}
        with pytest.raises(InvalidNotificationRequest):
            notifications.build_digest(session, now=day, mode="weekly")


def test_a_refused_mail_stays_due_and_the_others_go(world: World, mail_world: dict[str, Any]) -> None:
    day, people, emails = mail_world["day"], mail_world["people"], mail_world["emails"]
    with session_scope(world.factory) as session:
        backend = Recorder(refuse=emails["english"])
        run = notifications.send_due_mail(session, backend, now=day)
        assert (run.sent, run.failed) == (1, 1)
        retry = Recorder()
        assert notifications.send_due_mail(session, retry, now=day + timedelta(minutes=5)).sent == 1
        assert [message["To"] for message in retry.messages] == [emails["english"]]
        assert people["english"] not in {d.person_id for d in notifications.build_digest(session, now=day)}


def test_the_console_backend_prints_the_digest(world: World, mail_world: dict[str, Any]) -> None:
    day, emails = mail_world["day"], mail_world["emails"]
    with session_scope(world.factory) as session:
        stream = io.StringIO()
        notifications.send_due_mail(
            session, ConsoleMailBackend(stream), now=day, mode="immediate", base_url=BASE
        )
    text = stream.getvalue()
    assert f"To: {emails['immediate']}" in text
    assert "Kurser per län" in text
    assert f"{BASE}/arena/needs/{mail_world['second']}" in text


def test_the_cli_sends_the_digest(world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    url = world.factory.kw["bind"].url.render_as_string(hide_password=False)
    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", url)
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAMSKAPA_MAIL_BACKEND", "console")
    monkeypatch.setenv("SAMSKAPA_BASE_URL", BASE)
    now = datetime.now(UTC) - timedelta(minutes=5)
    with session_scope(world.factory) as session:
        author, follower = new_person(session), new_person(session)
        notifications.set_subscription(session, person_id=author, email="immediate", language="en")
        need_id = write_need(session, world, author, now - timedelta(hours=1), title="Nya kurser i Piteå")
        service.follow(session, need_id=need_id, person_id=follower, now=now)
        triage(session, world, need_id, now)
        follower_email, author_email = email_of(session, follower), email_of(session, author)
    runner = CliRunner()
    immediate = runner.invoke(cli_app, ["arena", "send-digest", "--immediate"])
    assert immediate.exit_code == 0, immediate.output
    assert f"To: {author_email}" in immediate.output
    assert follower_email not in immediate.output
    assert f"{BASE}/arena/needs/{need_id}" in immediate.output
    daily = runner.invoke(cli_app, ["arena", "send-digest"])
    assert daily.exit_code == 0, daily.output
    assert f"To: {follower_email}" in daily.output
    assert "mail(s) sent." in daily.output
    again = runner.invoke(cli_app, ["arena", "send-digest"])
    assert follower_email not in again.output
    assert "0 mail(s) sent." in again.output


# --- the API -----------------------------------------------------------------------------------------------


def _seed_every_role(world: World) -> dict[str, int]:
    """One fresh unread notice for every signed-in role."""
    with session_scope(world.factory) as session:
        return {
            role: _notice(session, getattr(world.cast, role), T0 - timedelta(days=30))
            for role in ROLES
            if role != "anonymous"
        }


def _unread(world: World) -> dict[str, int]:
    with session_scope(world.factory) as session:
        return {
            role: notifications.unread_count(session, person_id=getattr(world.cast, role))
            for role in ROLES
            if role != "anonymous"
        }


def test_api_lists_my_notifications(world: World, people: dict[str, Browser]) -> None:
    with session_scope(world.factory) as session:
        person = new_person(session)
        need_id = write_need(session, world, world.cast.author, T0 - timedelta(days=60), title="Listad")
        ids = [_notice(session, person, T0 - timedelta(days=60, minutes=-i), need_id) for i in range(3)]
    me = browser(world, person)
    body = me.client.get("/v1/me/notifications", params={"limit": 2}).json()
    assert [item["id"] for item in body["items"]] == [ids[2], ids[1]]
    assert body["unread"] == 3
    assert body["items"][0]["need_title"] == "Listad"
    assert body["items"][0]["link"] == f"/arena/needs/{need_id}"
    rest = me.client.get("/v1/me/notifications", params={"limit": 2, "cursor": body["next"]}).json()
    assert [item["id"] for item in rest["items"]] == [ids[0]]
    assert rest["next"] is None
    marked = me.client.post("/v1/me/notifications/read", json={"ids": [ids[1]]}, headers=me.headers)
    assert marked.json() == {"marked": 1, "unread": 2}
    unread = me.client.get("/v1/me/notifications", params={"unread_only": "true"}).json()
    assert [item["id"] for item in unread["items"]] == [ids[2], ids[0]]
    bad = me.client.get("/v1/me/notifications", params={"cursor": "bm90LWpzb24"})
    assert bad.status_code == 400
    assert people["anonymous"].client.get("/v1/me/notifications").status_code == 401
    assert people["anonymous"].client.get("/v1/me/notification-settings").status_code == 401


def test_api_read_marks_for_every_role_act_on_their_own_only(
    world: World, people: dict[str, Browser]
) -> None:
    for role in ROLES:
        seeded = _seed_every_role(world)
        before = _unread(world)
        b = people[role]
        response = b.client.post("/v1/me/notifications/read", json={"all": True}, headers=b.headers)
        after = _unread(world)
        if role == "anonymous":
            assert response.status_code == 401, response.text
            assert after == before
            continue
        assert response.status_code == 200, f"{role}: {response.text}"
        assert response.json()["unread"] == 0
        assert after[role] == 0
        assert {r: n for r, n in after.items() if r != role} == {r: n for r, n in before.items() if r != role}
        # Another person's notice is not found, and nothing changes.
        other = next(r for r in seeded if r != role)
        refused = b.client.post("/v1/me/notifications/read", json={"ids": [seeded[other]]}, headers=b.headers)
        assert refused.status_code == 404, refused.text
        assert _unread(world)[other] == after[other]
        # Without the CSRF token a signed-in person is refused.
        assert b.client.post("/v1/me/notifications/read", json={"all": True}).status_code == 403


def test_api_settings_for_every_role(world: World, people: dict[str, Browser]) -> None:
    for role in ROLES:
        b = people[role]
        response = b.client.put(
            "/v1/me/notification-settings", json={"email": "immediate", "language": "en"}, headers=b.headers
        )
        if role == "anonymous":
            assert response.status_code == 401, response.text
            continue
        assert response.status_code == 200, f"{role}: {response.text}"
        assert response.json()["email"] == "immediate"
        assert b.client.get("/v1/me/notification-settings").json()["email"] == "immediate"
        reset = b.client.put(
            "/v1/me/notification-settings", json={"email": "daily", "language": "sv"}, headers=b.headers
        )
        assert (reset.json()["email"], reset.json()["language"], reset.json()["default"]) == (
            "daily",
            "sv",
            False,
        )
        bad = b.client.put(
            "/v1/me/notification-settings", json={"email": "weekly", "language": "sv"}, headers=b.headers
        )
        assert bad.status_code == 400
        assert "email" in bad.text
    # Each role set its own choice only: a person who never chose still has the default.
    with session_scope(world.factory) as session:
        assert notifications.get_subscription(session, person_id=world.cast.company_member).default


def test_api_read_needs_ids_or_all(world: World, people: dict[str, Browser]) -> None:
    b = people["citizen"]
    for body in ({}, {"ids": [1], "all": True}):
        response = b.client.post("/v1/me/notifications/read", json=body, headers=b.headers)
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["field"] == "ids"


# --- the page ----------------------------------------------------------------------------------------------


def test_the_page_lists_notices_with_links_in_swedish_and_english(world: World) -> None:
    with session_scope(world.factory) as session:
        person = new_person(session)
        need_id = write_need(session, world, world.cast.author, T0 - timedelta(days=90), title="Sidans behov")
        service.follow(session, need_id=need_id, person_id=person, now=T0 - timedelta(days=90))
        triage(session, world, need_id, T0 - timedelta(days=89))
    me = browser(world, person)
    page = me.client.get("/me/notifications?lang=sv")
    assert page.status_code == 200
    assert "<h1>Mina aviseringar</h1>" in page.text
    assert f'href="/arena/needs/{need_id}">Sidans behov</a>' in page.text
    assert "Status: inskickat → sorterat" in page.text
    assert "Ny:" in page.text
    assert "Du har 1 oläst avisering." in page.text
    assert 'id="email-daily" name="email" value="daily" checked' in page.text
    assert page.text.count("<h1") == 1
    assert re.findall(r"<h(\d)", page.text) == ["1", "2", "2"]
    fields = re.findall(r'<input type="radio" id="([^"]+)"', page.text)
    assert fields == ["email-daily", "email-immediate", "email-off", "language-sv", "language-en"]
    assert all(f'<label for="{field}">' in page.text for field in fields)
    assert "onclick" not in page.text
    english = me.client.get("/me/notifications?lang=en")
    assert "<h1>My notifications</h1>" in english.text
    assert "Status: submitted → triaged" in english.text
    anonymous = browser(world, None).client.get("/me/notifications")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")


def test_page_forms_for_every_role(world: World, people: dict[str, Browser]) -> None:
    """Signed out, a form goes to the sign-in page and changes nothing (the pages' rule); signed in, each
    role marks its own notices read and sets its own mail choice."""
    for role in ROLES:
        _seed_every_role(world)
        before = _unread(world)
        b = people[role]
        read = b.client.post("/me/notifications/read", data={"csrf_token": b.csrf})
        saved = b.client.post(
            "/me/notifications/settings", data={"csrf_token": b.csrf, "email": "off", "language": "en"}
        )
        after = _unread(world)
        if role == "anonymous":
            assert read.status_code == saved.status_code == 303
            assert read.headers["location"].startswith("/login")
            assert after == before
            continue
        assert read.status_code == 303, read.text
        assert read.headers["location"] == "/me/notifications?done=read"
        assert after[role] == 0
        assert {r: n for r, n in after.items() if r != role} == {r: n for r, n in before.items() if r != role}
        assert saved.status_code == 303, saved.text
        with session_scope(world.factory) as session:
            chosen = notifications.get_subscription(session, person_id=getattr(world.cast, role))
        assert (chosen.email, chosen.language) == ("off", "en")
        assert b.client.post("/me/notifications/read", data={}).status_code == 403


def test_a_bad_mail_choice_comes_back_with_the_errors(world: World) -> None:
    with session_scope(world.factory) as session:
        person = new_person(session)
    me = browser(world, person)
    response = me.client.post(
        "/me/notifications/settings?lang=en", data={"csrf_token": me.csrf, "email": "weekly", "language": ""}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert 'href="#email-daily"' in response.text
    assert 'href="#language-sv"' in response.text
    assert 'aria-describedby="email-error"' in response.text
    with session_scope(world.factory) as session:
        assert notifications.get_subscription(session, person_id=person).default
    done = me.client.post(
        "/me/notifications/settings", data={"csrf_token": me.csrf, "email": "immediate", "language": "sv"}
    )
    assert done.status_code == 303
    shown = me.client.get("/me/notifications?done=saved&lang=sv")
    assert "Ditt val av e-post är sparat." in shown.text
    assert 'id="email-immediate" name="email" value="immediate" checked' in shown.text
