"""Notifications of the arena: in the app, and by mail as a daily digest (the default) or at once.

A status event (`notify_event`, called as the event is appended) and an official reply by the need's agency
(`notify_official_reply`) each give one Notification to every person concerned with the need: its author,
its active supporters and its followers, once each, never to the person who made the change. While a need
is hidden pending moderation only its author hears of it.

Each person chooses their mail in a Subscription (`daily` when they have none, `immediate` or `off`, in
Swedish or English). `send_due_mail` sends one mail per person with the notices of the last day that no mail
has carried yet, and stamps them (`emailed_at`) so nothing is mailed twice.

Like the service, these functions only flush; the caller owns the transaction. Nothing here logs: mail
addresses are personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Final, Literal, cast

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from samskapa.accounts.models import Person
from samskapa.arena.errors import InvalidNotificationRequest, NotificationNotFound
from samskapa.arena.models import (
    Comment,
    Follow,
    HiddenItem,
    Need,
    Notification,
    StatusEvent,
    Subscription,
    Support,
)
from samskapa.arena.schemas import NotificationOut, NotificationSettingsOut
from samskapa.core.errors import FieldError
from samskapa.core.mail import MailBackend, MailError
from samskapa.core.pagination import decode_cursor, encode_cursor
from samskapa.core.time import utcnow

Lang = Literal["sv", "en"]
EmailChoice = Literal["daily", "immediate", "off"]
Mode = Literal["daily", "immediate"]

STATUS: Final = "status"
OFFICIAL_REPLY: Final = "official_reply"
KINDS: Final = (STATUS, OFFICIAL_REPLY)
EMAIL_CHOICES: Final = ("daily", "immediate", "off")
MODES: Final = ("daily", "immediate")
LANGUAGES: Final = ("sv", "en")
DEFAULT_EMAIL: Final = "daily"
DEFAULT_LANGUAGE: Final = "sv"
WINDOW: Final = timedelta(days=1)  # a mail carries the notices of the last day
EXCERPT: Final = 300
READ_IDS_MAX: Final = 500


def need_path(need_id: str) -> str:
    return f"/arena/needs/{need_id}"


# --- fan-out -----------------------------------------------------------------------------------------------


def _is_hidden(session: Session, need_id: str) -> bool:
    return session.get(HiddenItem, ("need", need_id)) is not None


def recipients(session: Session, need: Need, *, actor_person_id: str | None) -> list[str]:
    """Who hears of a change to the need: its author, active supporters and followers (each once), not the
    actor; only the author while the need is hidden."""
    people = [need.author_id]
    if not _is_hidden(session, need.id):
        supporters = session.scalars(
            select(Support.person_id).where(Support.need_id == need.id, Support.withdrawn_at.is_(None))
        )
        followers = session.scalars(select(Follow.person_id).where(Follow.need_id == need.id))
        people += sorted(set(supporters) | set(followers))
    return [person for person in dict.fromkeys(people) if person != actor_person_id]


def _fan_out(
    session: Session,
    *,
    need: Need,
    kind: str,
    actor_person_id: str | None,
    status_event_id: int | None,
    details: dict[str, Any],
    at: datetime,
) -> list[Notification]:
    rows = [
        Notification(
            person_id=person_id,
            kind=kind,
            need_id=need.id,
            status_event_id=status_event_id,
            details=dict(details),
            created_at=at,
        )
        for person_id in recipients(session, need, actor_person_id=actor_person_id)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def notify_event(session: Session, event: StatusEvent) -> list[Notification]:
    """One "status" notice per person concerned with the event's need (not its actor)."""
    need = session.get(Need, event.need_id)
    if need is None:
        return []
    details = {
        "event_kind": event.kind,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason_code": event.reason_code,
        "message": event.message[:EXCERPT],
    }
    return _fan_out(
        session,
        need=need,
        kind=STATUS,
        actor_person_id=event.actor_person_id,
        status_event_id=event.id,
        details=details,
        at=event.at,
    )


def notify_official_reply(session: Session, comment: Comment) -> list[Notification]:
    """One "official_reply" notice per person concerned with the need (not the writer); other comments
    notify nobody."""
    if not comment.official:
        return []
    need = session.get(Need, comment.need_id)
    if need is None:
        return []
    details = {
        "comment_id": comment.id,
        "organisation_id": comment.organisation_id,
        "excerpt": comment.text[:EXCERPT],
    }
    return _fan_out(
        session,
        need=need,
        kind=OFFICIAL_REPLY,
        actor_person_id=comment.author_person_id,
        status_event_id=None,
        details=details,
        at=comment.created_at,
    )


# --- the person's notices ----------------------------------------------------------------------------------


def unread_count(session: Session, *, person_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.person_id == person_id, Notification.read_at.is_(None))
        )
        or 0
    )


def _cursor_position(cursor: str) -> tuple[datetime, int]:
    position = decode_cursor(cursor)
    try:
        return datetime.fromisoformat(str(position["c"])), int(position["i"])
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidNotificationRequest(
            "The cursor is not valid.",
            hint="Use the 'next' value of a previous page exactly as it was returned.",
            field_errors=[FieldError("cursor", "not a cursor of this list")],
        ) from exc


def list_notifications(
    session: Session, *, person_id: str, unread_only: bool = False, cursor: str | None = None, limit: int = 50
) -> tuple[list[Notification], str | None]:
    """The person's notices, newest first, in pages."""
    query = select(Notification).where(Notification.person_id == person_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if cursor:
        at, last_id = _cursor_position(cursor)
        query = query.where(
            or_(Notification.created_at < at, and_(Notification.created_at == at, Notification.id < last_id))
        )
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
    rows = list(session.scalars(query))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor({"c": rows[-1].created_at.isoformat(), "i": rows[-1].id})
    return rows, next_cursor


def notifications_out(
    session: Session, rows: Sequence[Notification], *, person_id: str
) -> list[NotificationOut]:
    """The API view: with the need's title and link, unless the need is hidden from the person."""
    ids = {row.need_id for row in rows if row.need_id}
    titles: dict[str, str] = {}
    authors: dict[str, str] = {}
    for need_id, title, author_id in session.execute(
        select(Need.id, Need.title, Need.author_id).where(Need.id.in_(ids))
    ):
        titles[need_id], authors[need_id] = title, author_id
    hidden = set(
        session.scalars(
            select(HiddenItem.item_id).where(HiddenItem.item_type == "need", HiddenItem.item_id.in_(ids))
        )
    )
    out = []
    for row in rows:
        shown = row.need_id is not None and (
            row.need_id not in hidden or authors.get(row.need_id) == person_id
        )
        out.append(
            NotificationOut(
                id=row.id,
                kind=cast(Literal["status", "official_reply", "hidden", "restored"], row.kind),
                need_id=row.need_id,
                need_title=titles.get(row.need_id) if shown and row.need_id else None,
                link=need_path(row.need_id) if shown and row.need_id else None,
                status_event_id=row.status_event_id,
                details=dict(row.details),
                created_at=row.created_at,
                read=row.read_at is not None,
                read_at=row.read_at,
                emailed_at=row.emailed_at,
            )
        )
    return out


def mark_read(
    session: Session,
    *,
    person_id: str,
    ids: Sequence[int] = (),
    all_: bool = False,
    now: datetime | None = None,
) -> int:
    """Mark some of the person's notices (by id) or all of them read; returns how many were unread.

    Ids that are not the person's notices are an error (another person's notice looks exactly like one that
    does not exist)."""
    now = now or utcnow()
    wanted = list(dict.fromkeys(ids))
    if all_ == bool(wanted):
        raise InvalidNotificationRequest(
            "Name the notifications to mark read, or ask for all of them (not both).",
            hint='Send {"ids": [1, 2]} or {"all": true}.',
            field_errors=[FieldError("ids", "give ids or all, exactly one of them")],
        )
    if len(wanted) > READ_IDS_MAX:
        raise InvalidNotificationRequest(
            f"At most {READ_IDS_MAX} ids at once.",
            hint='Send {"all": true} to mark every notification read.',
            field_errors=[FieldError("ids", f"at most {READ_IDS_MAX}")],
        )
    condition = and_(Notification.person_id == person_id, Notification.read_at.is_(None))
    if wanted:
        mine = set(
            session.scalars(
                select(Notification.id).where(
                    Notification.person_id == person_id, Notification.id.in_(wanted)
                )
            )
        )
        unknown = [value for value in wanted if value not in mine]
        if unknown:
            raise NotificationNotFound(
                f"You have no notification {', '.join(str(value) for value in unknown)}.",
                hint="List your notifications at /v1/me/notifications.",
                field_errors=[FieldError("ids", f"unknown notification {value}") for value in unknown],
            )
        condition = and_(condition, Notification.id.in_(wanted))
    rows = list(session.scalars(select(Notification).where(condition)))
    for row in rows:
        row.read_at = now
    session.flush()
    return len(rows)


# --- mail choice -------------------------------------------------------------------------------------------


def get_subscription(session: Session, *, person_id: str) -> NotificationSettingsOut:
    """The person's mail choice; a daily digest in Swedish until they choose."""
    row = session.get(Subscription, person_id)
    if row is None:
        return NotificationSettingsOut(email="daily", language="sv", default=True, updated_at=None)
    return NotificationSettingsOut(
        email=cast(EmailChoice, row.email),
        language=cast(Lang, row.language),
        default=False,
        updated_at=row.updated_at,
    )


def set_subscription(
    session: Session, *, person_id: str, email: str, language: str, now: datetime | None = None
) -> NotificationSettingsOut:
    errors = []
    if email not in EMAIL_CHOICES:
        errors.append(FieldError("email", f"use one of {', '.join(EMAIL_CHOICES)}"))
    if language not in LANGUAGES:
        errors.append(FieldError("language", f"use one of {', '.join(LANGUAGES)}"))
    if errors:
        raise InvalidNotificationRequest(
            "The mail choice is not valid: " + "; ".join(f"{e.field}: {e.message}" for e in errors) + ".",
            hint="email: daily, immediate or off; language: sv or en.",
            field_errors=errors,
        )
    now = now or utcnow()
    row = session.get(Subscription, person_id)
    if row is None:
        row = Subscription(person_id=person_id, email=email, language=language, updated_at=now)
        session.add(row)
    else:
        row.email, row.language, row.updated_at = email, language, now
    session.flush()
    return get_subscription(session, person_id=person_id)


# --- text --------------------------------------------------------------------------------------------------

STATE_LABELS: Final[dict[str, dict[str, str]]] = {
    "draft": {"sv": "utkast", "en": "draft"},
    "submitted": {"sv": "inskickat", "en": "submitted"},
    "triaged": {"sv": "sorterat", "en": "triaged"},
    "under_assessment": {"sv": "bedöms", "en": "under assessment"},
    "needs_info": {"sv": "behöver mer information", "en": "needs more information"},
    "already_available": {"sv": "finns redan", "en": "already available"},
    "planned": {"sv": "planerat", "en": "planned"},
    "conditionally_planned": {"sv": "planerat med villkor", "en": "conditionally planned"},
    "declined": {"sv": "avslaget", "en": "declined"},
    "in_progress": {"sv": "pågår", "en": "in progress"},
    "released": {"sv": "levererat", "en": "released"},
    "fulfilled": {"sv": "uppfyllt", "en": "fulfilled"},
    "reopened": {"sv": "återöppnat", "en": "reopened"},
    "merged": {"sv": "sammanslaget", "en": "merged"},
    "withdrawn": {"sv": "återkallat", "en": "withdrawn"},
}

TEXT: Final[dict[str, dict[str, str]]] = {
    "status": {"sv": "Status: {from_state} → {to_state}", "en": "Status: {from_state} → {to_state}"},
    "transferred": {
        "sv": "Behovet har flyttats till en annan ansvarig myndighet",
        "en": "The need was transferred to another lead agency",
    },
    "decision_extended": {
        "sv": "Tiden för beslut har förlängts",
        "en": "The time for a decision was extended",
    },
    "info_provided": {
        "sv": "Författaren har lämnat den information som efterfrågades",
        "en": "The author provided the information asked for",
    },
    "official_reply": {"sv": "Officiellt svar från myndigheten", "en": "Official reply from the agency"},
    "subject.daily": {
        "sv": "Samskapa: {count} nyheter om behov du följer",
        "en": "Samskapa: {count} updates on needs you follow",
    },
    "subject.immediate": {
        "sv": "Samskapa: nytt om behov du följer",
        "en": "Samskapa: news on needs you follow",
    },
    "intro.daily": {
        "sv": "Det här har hänt det senaste dygnet med behov som du har skrivit, stöder eller följer.",
        "en": "This is what happened in the last day to needs you wrote, support or follow.",
    },
    "intro.immediate": {
        "sv": "Det här har hänt med behov som du har skrivit, stöder eller följer.",
        "en": "This is what happened to needs you wrote, support or follow.",
    },
    "hidden": {"sv": "(ett behov som inte visas just nu)", "en": "(a need not shown at the moment)"},
    "outro": {
        "sv": "Välj hur ofta du får e-post, eller stäng av den, här: {link}",
        "en": "Choose how often you get mail, or turn it off, here: {link}",
    },
}


def _text(key: str, lang: str) -> str:
    return TEXT[key]["en" if lang == "en" else "sv"]


def state_label(state: str, lang: str) -> str:
    labels = STATE_LABELS.get(state)
    return labels["en" if lang == "en" else "sv"] if labels else state


def describe(kind: str, details: dict[str, Any], lang: str) -> str:
    """One line saying what a notice is about, in Swedish or English."""
    if kind in MODERATION_KINDS:
        return describe_moderation(kind, details, lang)
    if kind == OFFICIAL_REPLY:
        excerpt = str(details.get("excerpt", "")).strip()
        return f"{_text('official_reply', lang)}: “{excerpt}”" if excerpt else _text("official_reply", lang)
    event_kind = str(details.get("event_kind", "transition"))
    if event_kind in ("transferred", "decision_extended", "info_provided"):
        line = _text(event_kind, lang)
    else:
        line = _text("status", lang).format(
            from_state=state_label(str(details.get("from_state", "")), lang),
            to_state=state_label(str(details.get("to_state", "")), lang),
        )
    message = str(details.get("message") or "").strip()
    return f"{line}. {message}" if message else line


# --- mail --------------------------------------------------------------------------------------------------


@dataclass
class DigestNeed:
    need_id: str
    title: str | None  # None: the need is hidden from this person
    link: str
    lines: list[tuple[datetime, str]] = field(default_factory=list)


@dataclass
class Digest:
    """One person's mail: the unmailed notices of the last day, grouped by need."""

    person_id: str
    email: str
    language: Lang
    notification_ids: list[int]
    needs: list[DigestNeed]
    subject: str = ""
    text: str = ""


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InvalidNotificationRequest(
            f"Unknown mail mode '{mode}'.",
            hint="Use daily or immediate.",
            field_errors=[FieldError("mode", "use daily or immediate")],
        )


def _render(digest: Digest, *, mode: str, base_url: str) -> None:
    lang = digest.language
    count = len(digest.notification_ids)
    digest.subject = _text(f"subject.{mode}", lang).format(count=count)
    parts = [_text(f"intro.{mode}", lang), ""]
    for need in digest.needs:
        parts.append(need.title if need.title is not None else _text("hidden", lang))
        parts.append(need.link)
        parts.extend(f"- {at.strftime('%Y-%m-%d %H:%M')} UTC: {line}" for at, line in need.lines)
        parts.append("")
    parts.append(_text("outro", lang).format(link=f"{base_url}/me/notifications"))
    digest.text = "\n".join(parts) + "\n"


def build_digest(session: Session, *, now: datetime, mode: str = "daily", base_url: str = "") -> list[Digest]:
    """Per person whose mail choice is `mode` (daily includes everyone who has not chosen) and who has an
    email: the notices of the last day that no mail carried yet, grouped by need, in their language."""
    _check_mode(mode)
    rows = list(
        session.scalars(
            select(Notification)
            .where(
                Notification.emailed_at.is_(None),
                Notification.created_at > now - WINDOW,
                Notification.created_at <= now,
            )
            .order_by(Notification.person_id, Notification.created_at, Notification.id)
        )
    )
    if not rows:
        return []
    person_ids = sorted({row.person_id for row in rows})
    choices = {
        row.person_id: (row.email, row.language)
        for row in session.scalars(select(Subscription).where(Subscription.person_id.in_(person_ids)))
    }
    emails = dict(session.execute(select(Person.id, Person.email).where(Person.id.in_(person_ids))).all())
    need_ids = {row.need_id for row in rows if row.need_id}
    needs = {need.id: need for need in session.scalars(select(Need).where(Need.id.in_(need_ids)))}
    hidden = set(
        session.scalars(
            select(HiddenItem.item_id).where(HiddenItem.item_type == "need", HiddenItem.item_id.in_(need_ids))
        )
    )
    digests: dict[str, Digest] = {}
    for row in rows:
        choice, language = choices.get(row.person_id, (DEFAULT_EMAIL, DEFAULT_LANGUAGE))
        email = (emails.get(row.person_id) or "").strip()
        if choice != mode or "@" not in email:
            continue
        digest = digests.get(row.person_id)
        if digest is None:
            lang = cast(Lang, language if language in LANGUAGES else DEFAULT_LANGUAGE)
            digest = Digest(
                person_id=row.person_id, email=email, language=lang, notification_ids=[], needs=[]
            )
            digests[row.person_id] = digest
        digest.notification_ids.append(row.id)
        need = needs.get(row.need_id or "")
        if need is None:
            continue
        group = next((item for item in digest.needs if item.need_id == need.id), None)
        if group is None:
            shown = need.id not in hidden or need.author_id == row.person_id
            group = DigestNeed(
                need_id=need.id, title=need.title if shown else None, link=f"{base_url}{need_path(need.id)}"
            )
            digest.needs.append(group)
        group.lines.append((row.created_at, describe(row.kind, row.details, digest.language)))
    result = list(digests.values())
    for digest in result:
        _render(digest, mode=mode, base_url=base_url)
    return result


def message_of(digest: Digest, *, mail_from: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = digest.email
    message["Subject"] = digest.subject
    message["Date"] = formatdate(now.timestamp(), usegmt=True)
    message["Message-ID"] = make_msgid(domain="samskapa.se")
    message["Content-Language"] = digest.language
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(digest.text)
    return message


@dataclass(frozen=True)
class MailRun:
    sent: int
    failed: int


def send_due_mail(
    session: Session,
    backend: MailBackend,
    *,
    now: datetime | None = None,
    mode: str = "daily",
    mail_from: str = "Samskapa <noreply@samskapa.se>",
    base_url: str = "",
) -> MailRun:
    """Send each person due a mail in `mode` one mail (digest or immediate) and mark its notices mailed.

    One mail goes at a time and is marked once the backend took it; a mail the backend refuses stays
    unmarked (counted as failed) and is tried again by the next run within the day."""
    now = now or utcnow()
    sent = failed = 0
    for digest in build_digest(session, now=now, mode=mode, base_url=base_url):
        try:
            backend.send([message_of(digest, mail_from=mail_from, now=now)])
        except MailError:
            failed += 1
            continue
        session.execute(
            update(Notification)
            .where(Notification.id.in_(digest.notification_ids), Notification.emailed_at.is_(None))
            .values(emailed_at=now)
            .execution_options(synchronize_session="fetch")
        )
        session.flush()
        sent += 1
    return MailRun(sent=sent, failed=failed)


# --- moderation notices ------------------------------------------------------------------------------------

HIDDEN: Final = "hidden"
RESTORED: Final = "restored"
MODERATION_KINDS: Final = (HIDDEN, RESTORED)

MODERATION_TEXT: Final[dict[str, dict[str, str]]] = {
    "hidden.reports.need": {
        "sv": "Ditt behov är dolt i väntan på granskning av en moderator, efter anmälningar",
        "en": "Your need is hidden pending review by a moderator, after reports",
    },
    "hidden.reports.comment": {
        "sv": "Din kommentar är dold i väntan på granskning av en moderator, efter anmälningar",
        "en": "Your comment is hidden pending review by a moderator, after reports",
    },
    "hidden.moderator.need": {
        "sv": "En moderator har granskat och dolt ditt behov",
        "en": "A moderator has reviewed and hidden your need",
    },
    "hidden.moderator.comment": {
        "sv": "En moderator har granskat och dolt din kommentar",
        "en": "A moderator has reviewed and hidden your comment",
    },
    "restored.need": {"sv": "Ditt behov visas igen", "en": "Your need is shown again"},
    "restored.comment": {"sv": "Din kommentar visas igen", "en": "Your comment is shown again"},
    "reason.spam": {"sv": "reklam eller skräppost", "en": "advertising or spam"},
    "reason.offensive": {"sv": "kränkande", "en": "offensive"},
    "reason.personal_data": {"sv": "innehåller personuppgifter", "en": "contains personal data"},
    "reason.off_topic": {"sv": "hör inte hit", "en": "off topic"},
    "reason.duplicate": {"sv": "dubblett", "en": "duplicate"},
}


def _moderation_text(key: str, lang: str) -> str:
    texts = MODERATION_TEXT.get(key)
    return texts["en" if lang == "en" else "sv"] if texts else key.rsplit(".", maxsplit=1)[-1]


def notify_moderation(
    session: Session,
    *,
    kind: str,
    item_type: str,
    item_id: str,
    cause: str | None,
    reasons: dict[str, int],
    template: str | None,
    template_text: dict[str, str] | None,
    actor_person_id: str | None,
    at: datetime,
) -> Notification | None:
    """Tell the author of a need or comment that it was hidden (`cause`: reports or moderator) or is shown
    again, with the reasons reported and the moderator's answer; nobody else hears of it, and nobody is told
    of their own action. The notice keeps the answer in both languages, as the templates may change."""
    if kind not in MODERATION_KINDS:
        raise ValueError(f"not a moderation notice: {kind}")
    if item_type == "comment":
        comment = session.get(Comment, item_id)
        author_id = comment.author_person_id if comment is not None else None
        need_id = comment.need_id if comment is not None else None
    else:
        need = session.get(Need, item_id)
        author_id = need.author_id if need is not None else None
        need_id = need.id if need is not None else None
    if author_id is None or need_id is None or author_id == actor_person_id:
        return None
    details: dict[str, Any] = {
        "item_type": item_type,
        "item_id": item_id,
        "cause": cause,
        "reasons": dict(reasons),
        "template": template,
        "answer": dict(template_text or {}),
    }
    row = Notification(
        person_id=author_id, kind=kind, need_id=need_id, status_event_id=None, details=details, created_at=at
    )
    session.add(row)
    session.flush()
    return row


def describe_moderation(kind: str, details: dict[str, Any], lang: str) -> str:
    """One line for a hidden or restored notice: what happened, why (the reasons reported) and the answer."""
    item = "comment" if details.get("item_type") == "comment" else "need"
    if kind == HIDDEN:
        key = "hidden.reports" if details.get("cause") == "reports" else "hidden.moderator"
    else:
        key = "restored"
    line = _moderation_text(f"{key}.{item}", lang)
    reasons = details.get("reasons") or {}
    if kind == HIDDEN and details.get("cause") == "reports" and isinstance(reasons, dict) and reasons:
        listed = ", ".join(
            f"{_moderation_text(f'reason.{reason}', lang)} ({count})" for reason, count in reasons.items()
        )
        line = f"{line}: {listed}"
    answer = details.get("answer") or {}
    text = str(answer.get("en" if lang == "en" else "sv", "")).strip() if isinstance(answer, dict) else ""
    return f"{line}. {text}" if text else f"{line}."
