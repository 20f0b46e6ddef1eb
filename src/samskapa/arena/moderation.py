"""Moderation of the arena: reports, automatic hiding, the moderators' queue and bulk actions, and the
public moderation log.

Any signed-in person reports a need or a comment once, with a reason. When an item has
`arena_auto_hide_reports` open reports it is hidden automatically pending review: it disappears from the
public lists and reads as 410 for the public, while its author and the moderators still see it. Moderators
(people with the role moderator in any organisation) work through the open reports grouped by item and act
on several items at once: `hide` (the reports are upheld), `restore` (shown again, the reports dismissed),
`dismiss` (the reports dismissed; an item hidden only by the report threshold is shown again) and `merge`
(a duplicate need merged into another through the lifecycle's `merged` transition). Each action names one
of a small fixed set of answer templates and is recorded as a ModerationAction; the public log counts them
per month, with the reasons reported, and holds nothing about people.

Every function receives the session and only flushes; the caller owns the transaction. A bulk action
checks every item before it changes anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskapa.arena import notifications, service
from samskapa.arena.errors import (
    AlreadyReported,
    CommentHidden,
    CommentNotFound,
    InvalidModeration,
    ModeratorsOnly,
)
from samskapa.arena.models import Comment, HiddenItem, ModerationAction, Need, Report
from samskapa.arena.schemas import (
    LogMonthOut,
    ModerationActionIn,
    ModerationActionsOut,
    ModerationLogOut,
    ModerationResultOut,
    QueueItemOut,
    QueueOut,
    ReportIn,
    ReportOut,
    TemplateOut,
)
from samskapa.arena.service import Actor
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow

NEED: Final = "need"
COMMENT: Final = "comment"
ITEM_TYPES: Final = (NEED, COMMENT)
REASONS: Final = ("spam", "offensive", "personal_data", "off_topic", "duplicate")

OPEN: Final = "open"
UPHELD: Final = "upheld"
DISMISSED: Final = "dismissed"

HIDE: Final = "hide"
RESTORE: Final = "restore"
DISMISS: Final = "dismiss"
MERGE: Final = "merge"
AUTO_HIDE: Final = "auto_hide"
ACTIONS: Final = (HIDE, RESTORE, DISMISS, MERGE)
# How an item came to be hidden.
BY_REPORTS: Final = "reports"
BY_MODERATOR: Final = "moderator"


@dataclass(frozen=True)
class Template:
    """An answer to the people who reported and to the author, in Swedish and English."""

    sv: str
    en: str
    actions: frozenset[str]


TEMPLATES: Final = {
    "removed_personal_data": Template(
        sv="Innehållet har dolts eftersom det innehöll personuppgifter.",
        en="The content has been hidden because it contained personal data.",
        actions=frozenset({HIDE}),
    ),
    "removed_offensive": Template(
        sv="Innehållet har dolts eftersom det bröt mot reglerna för ett respektfullt samtal.",
        en="The content has been hidden because it broke the rules for a respectful conversation.",
        actions=frozenset({HIDE}),
    ),
    "removed_spam": Template(
        sv="Innehållet har dolts eftersom det var reklam eller skräppost.",
        en="The content has been hidden because it was advertising or spam.",
        actions=frozenset({HIDE}),
    ),
    "removed_off_topic": Template(
        sv="Innehållet har dolts eftersom det inte hörde till arenans ämne.",
        en="The content has been hidden because it was off topic for the arena.",
        actions=frozenset({HIDE}),
    ),
    "kept_no_breach": Template(
        sv="Vi har granskat anmälan och innehållet bryter inte mot reglerna.",
        en="We have reviewed the report and the content does not break the rules.",
        actions=frozenset({RESTORE, DISMISS}),
    ),
    "restored_after_edit": Template(
        sv="Innehållet visas igen efter granskning.",
        en="The content is shown again after review.",
        actions=frozenset({RESTORE}),
    ),
    "merged_duplicate": Template(
        sv="Behovet har slagits ihop med ett likadant behov.",
        en="The need has been merged into an identical need.",
        actions=frozenset({MERGE}),
    ),
}


# --- who and what ------------------------------------------------------------------------------------------


def is_moderator(actor: Actor) -> bool:
    return bool(actor.moderator_of) and actor.person_id is not None


def require_moderator(actor: Actor) -> None:
    if not is_moderator(actor):
        raise ModeratorsOnly(
            "Only moderators may use the moderation queue and its actions.",
            hint="Sign in as a person with the role moderator in an organisation.",
        )


def hidden_item(session: Session, item_type: str, item_id: str) -> HiddenItem | None:
    return session.get(HiddenItem, (item_type, item_id))


def get_comment(session: Session, *, need: Need, comment_id: str, actor: Actor) -> Comment:
    """A comment of the need, as `actor` may see it: hidden comments only for their author and moderators."""
    comment = session.get(Comment, comment_id)
    if comment is None or comment.need_id != need.id:
        raise CommentNotFound(
            f"The need has no comment '{comment_id}'.", hint=f"List them at /v1/needs/{need.id}/comments."
        )
    if (
        hidden_item(session, COMMENT, comment.id) is not None
        and comment.author_person_id != actor.person_id
        and not is_moderator(actor)
    ):
        raise CommentHidden(
            "This comment is hidden pending moderation review.",
            hint="It is shown again if the review finds nothing wrong with it.",
        )
    return comment


def _open_reports(session: Session, item_type: str, item_id: str) -> list[Report]:
    return list(
        session.scalars(
            select(Report)
            .where(Report.item_type == item_type, Report.item_id == item_id, Report.status == OPEN)
            .order_by(Report.id)
        )
    )


def _reasons(reports: Sequence[Report]) -> dict[str, int]:
    counts = Counter(report.reason for report in reports)
    return {reason: counts[reason] for reason in REASONS if counts[reason]}


# --- reports -----------------------------------------------------------------------------------------------


def report(
    session: Session,
    *,
    actor: Actor,
    need_id: str,
    data: ReportIn,
    threshold: int,
    comment_id: str | None = None,
    now: datetime | None = None,
) -> ReportOut:
    """A person's report of a need (or of one of its comments); at `threshold` open reports the item is
    hidden pending review."""
    if actor.person_id is None:
        raise ModeratorsOnly("Reports are made by people.", hint="Sign in to report.")
    now = now or utcnow()
    need = service.get_need(session, need_id=need_id, viewer_id=actor.person_id)
    item_type, item_id = NEED, need.id
    if comment_id is not None:
        comment = get_comment(session, need=need, comment_id=comment_id, actor=actor)
        item_type, item_id = COMMENT, comment.id
    existing = session.scalars(
        select(Report.id).where(
            Report.item_type == item_type, Report.item_id == item_id, Report.reporter_id == actor.person_id
        )
    ).first()
    if existing is not None:
        raise AlreadyReported(
            f"You have reported this {item_type} already.", hint="Each person reports an item once."
        )
    row = Report(
        item_type=item_type,
        item_id=item_id,
        need_id=need.id,
        reporter_id=actor.person_id,
        reason=data.reason,
        note=data.note.strip(),
        status=OPEN,
        created_at=now,
    )
    session.add(row)
    session.flush()
    open_reports = _open_reports(session, item_type, item_id)
    hidden = hidden_item(session, item_type, item_id) is not None
    if not hidden and len(open_reports) >= threshold:
        session.add(
            HiddenItem(item_type=item_type, item_id=item_id, need_id=need.id, cause=BY_REPORTS, hidden_at=now)
        )
        session.add(
            ModerationAction(
                action=AUTO_HIDE,
                item_type=item_type,
                item_id=item_id,
                template=None,
                moderator_id=None,
                organisation_id=None,
                reasons=_reasons(open_reports),
                at=now,
            )
        )
        session.flush()
        _tell_author(
            session, item_type, item_id, notifications.HIDDEN, BY_REPORTS, open_reports, None, actor, now
        )
        hidden = True
    return ReportOut(
        id=row.id,
        type=item_type,
        item_id=item_id,
        need_id=need.id,
        reason=row.reason,
        status=row.status,
        created_at=row.created_at,
        item_hidden=hidden,
    )


# --- the queue ---------------------------------------------------------------------------------------------


def templates_out() -> list[TemplateOut]:
    return [
        TemplateOut(code=code, sv=template.sv, en=template.en, actions=sorted(template.actions))
        for code, template in TEMPLATES.items()
    ]


def queue(session: Session, *, actor: Actor, limit: int) -> QueueOut:
    """Open reports grouped by item: most reported first, then the longest waiting."""
    require_moderator(actor)
    groups: dict[tuple[str, str], list[Report]] = {}
    for row in session.scalars(
        select(Report).where(Report.status == OPEN).order_by(Report.created_at, Report.id)
    ):
        groups.setdefault((row.item_type, row.item_id), []).append(row)
    ordered = sorted(groups.items(), key=lambda entry: (-len(entry[1]), entry[1][0].created_at, entry[0]))
    items: list[QueueItemOut] = []
    for (item_type, item_id), reports in ordered[:limit]:
        hidden = hidden_item(session, item_type, item_id)
        title, text = "", ""
        if item_type == NEED:
            need = session.get(Need, item_id)
            title, text = (need.title, need.summary) if need is not None else ("", "")
        else:
            comment = session.get(Comment, item_id)
            text = comment.text if comment is not None else ""
        items.append(
            QueueItemOut(
                type=item_type,
                id=item_id,
                need_id=reports[0].need_id,
                title=title,
                text=text,
                hidden=hidden is not None,
                hidden_cause=hidden.cause if hidden is not None else None,
                open_reports=len(reports),
                reasons=_reasons(reports),
                notes=[report.note for report in reports if report.note],
                first_reported_at=reports[0].created_at,
                last_reported_at=reports[-1].created_at,
            )
        )
    return QueueOut(items=items, total=len(groups), templates=templates_out())


# --- bulk actions ------------------------------------------------------------------------------------------


def _check_request(session: Session, data: ModerationActionIn) -> None:
    errors: list[FieldError] = []
    template = TEMPLATES.get(data.template)
    if template is None:
        errors.append(FieldError("template", f"use one of {', '.join(TEMPLATES)}"))
    elif data.action not in template.actions:
        fitting = [code for code, t in TEMPLATES.items() if data.action in t.actions]
        errors.append(FieldError("template", f"for '{data.action}' use one of {', '.join(fitting)}"))
    keys = [(item.type, item.id) for item in data.items]
    if len(set(keys)) != len(keys):
        errors.append(FieldError("items", "an item is named twice"))
    if data.action == MERGE:
        if not data.merged_into:
            errors.append(FieldError("merged_into", "a merge needs the id of the need that is kept"))
        if any(item.type != NEED for item in data.items):
            errors.append(FieldError("items", "only needs can be merged"))
    elif data.merged_into is not None:
        errors.append(FieldError("merged_into", "only used with the action 'merge'"))
    for item in data.items:
        if item.type == NEED:
            need = session.get(Need, item.id)
            exists = need is not None and need.submitted_at is not None
        else:
            exists = session.get(Comment, item.id) is not None
        if not exists:
            errors.append(FieldError("items", f"there is no {item.type} '{item.id}'"))
    if errors:
        raise InvalidModeration(
            "The moderation action cannot be carried out: " + "; ".join(e.message for e in errors) + ".",
            hint="Fix the request; nothing was changed.",
            field_errors=errors,
        )


def act(
    session: Session, *, actor: Actor, data: ModerationActionIn, now: datetime | None = None
) -> ModerationActionsOut:
    """One action on several items, all or nothing; every item gets a ModerationAction with the template."""
    require_moderator(actor)
    _check_request(session, data)
    now = now or utcnow()
    template = TEMPLATES[data.template]
    organisation_id = sorted(actor.moderator_of)[0]
    results: list[ModerationResultOut] = []
    for item in data.items:
        comment = session.get(Comment, item.id) if item.type == COMMENT else None
        need_id = comment.need_id if comment is not None else item.id
        if data.action == MERGE:
            service.transition(
                session,
                need_id=item.id,
                actor=actor,
                to="merged",
                reason_code="duplicate",
                message=template.sv,
                merged_into=data.merged_into,
                now=now,
            )
        reports = _open_reports(session, item.type, item.id)
        hidden = hidden_item(session, item.type, item.id)
        closed_as = UPHELD if data.action in (HIDE, MERGE) else DISMISSED
        cause_before = hidden.cause if hidden is not None else None
        if data.action == HIDE:
            if hidden is None:
                session.add(
                    HiddenItem(
                        item_type=item.type,
                        item_id=item.id,
                        need_id=need_id,
                        cause=BY_MODERATOR,
                        hidden_at=now,
                    )
                )
            else:
                hidden.cause = BY_MODERATOR
            is_hidden = True
        elif data.action == RESTORE or (
            data.action == DISMISS and hidden is not None and hidden.cause == BY_REPORTS
        ):
            if hidden is not None:
                session.delete(hidden)
            is_hidden = False
        else:
            is_hidden = hidden is not None
        row = ModerationAction(
            action=data.action,
            item_type=item.type,
            item_id=item.id,
            template=data.template,
            moderator_id=actor.person_id,
            organisation_id=organisation_id,
            reasons=_reasons(reports),
            at=now,
        )
        session.add(row)
        session.flush()
        for report_row in reports:
            report_row.status = closed_as
            report_row.resolved_at = now
            report_row.resolved_by = row.id
        session.flush()
        if data.action == HIDE and cause_before != BY_MODERATOR:
            _tell_author(
                session,
                item.type,
                item.id,
                notifications.HIDDEN,
                BY_MODERATOR,
                reports,
                data.template,
                actor,
                now,
            )
        elif cause_before is not None and not is_hidden:
            _tell_author(
                session,
                item.type,
                item.id,
                notifications.RESTORED,
                cause_before,
                reports,
                data.template,
                actor,
                now,
            )
        results.append(
            ModerationResultOut(
                type=item.type, id=item.id, action_id=row.id, hidden=is_hidden, reports_closed=len(reports)
            )
        )
    return ModerationActionsOut(
        action=data.action,
        template=TemplateOut(
            code=data.template, sv=template.sv, en=template.en, actions=sorted(template.actions)
        ),
        results=results,
    )


# --- the public log ----------------------------------------------------------------------------------------


def moderation_log(session: Session) -> ModerationLogOut:
    """Per month (UTC): how many actions of each kind, with which templates, and how many reports with
    which reasons came in. Counts only: nothing about people or items."""
    months: dict[str, tuple[Counter[str], Counter[str], Counter[str]]] = {}

    def month(key: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
        return months.setdefault(key, (Counter(), Counter(), Counter()))

    for action, template, at in session.execute(
        select(ModerationAction.action, ModerationAction.template, ModerationAction.at)
    ):
        actions, templates, _reasons_seen = month(at.strftime("%Y-%m"))
        actions[action] += 1
        if template:
            templates[template] += 1
    for reason, at in session.execute(select(Report.reason, Report.created_at)):
        month(at.strftime("%Y-%m"))[2][reason] += 1
    return ModerationLogOut(
        months=[
            LogMonthOut(
                month=key,
                actions=dict(sorted(actions.items())),
                templates=dict(sorted(templates.items())),
                reports=dict(sorted(reasons.items())),
            )
            for key, (actions, templates, reasons) in sorted(months.items(), reverse=True)
        ]
    )


# --- telling the author ------------------------------------------------------------------------------------


def _tell_author(
    session: Session,
    item_type: str,
    item_id: str,
    kind: str,
    cause: str,
    reports: Sequence[Report],
    template: str | None,
    actor: Actor,
    now: datetime,
) -> None:
    """The author hears that their item was hidden (and why) or is shown again, with the answer template."""
    answer = TEMPLATES.get(template or "")
    notifications.notify_moderation(
        session,
        kind=kind,
        item_type=item_type,
        item_id=item_id,
        cause=cause,
        reasons=_reasons(reports),
        template=template,
        template_text={"sv": answer.sv, "en": answer.en} if answer is not None else None,
        actor_person_id=actor.person_id,
        at=now,
    )


# --- hidden items without open reports (for the moderators' page) ----------------------------------------


@dataclass(frozen=True)
class HiddenEntry:
    """A hidden need or comment that no open report keeps in the queue: a moderator may restore it."""

    type: str
    id: str
    need_id: str
    title: str
    text: str
    cause: str
    hidden_at: datetime
    reasons: dict[str, int]  # of all its reports, closed ones included


def hidden_without_open_reports(session: Session, *, actor: Actor, limit: int) -> list[HiddenEntry]:
    """The hidden items that the queue does not show (their reports are closed), most recently hidden
    first."""
    require_moderator(actor)
    open_keys = set(session.execute(select(Report.item_type, Report.item_id).where(Report.status == OPEN)))
    entries: list[HiddenEntry] = []
    for row in session.scalars(select(HiddenItem).order_by(HiddenItem.hidden_at.desc(), HiddenItem.item_id)):
        if (row.item_type, row.item_id) in open_keys:
            continue
        title, text = "", ""
        if row.item_type == NEED:
            need = session.get(Need, row.item_id)
            title, text = (need.title, need.summary) if need is not None else ("", "")
        else:
            comment = session.get(Comment, row.item_id)
            text = comment.text if comment is not None else ""
        reports = session.scalars(
            select(Report).where(Report.item_type == row.item_type, Report.item_id == row.item_id)
        ).all()
        entries.append(
            HiddenEntry(
                type=row.item_type,
                id=row.item_id,
                need_id=row.need_id,
                title=title,
                text=text,
                cause=row.cause,
                hidden_at=row.hidden_at,
                reasons=_reasons(reports),
            )
        )
        if len(entries) >= limit:
            break
    return entries
