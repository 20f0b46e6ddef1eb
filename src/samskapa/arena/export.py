"""The arena as open data: every public need with its status events, one JSON object a line (JSON Lines).

Public means submitted (no drafts) and not hidden by moderation. Each line is the need as `GET /v1/needs/{id}`
gives it (`NeedOut`, with `history`), so its author is the arena's stable pseudonym (`service.pseudonym`),
never a person id, a name or an email, and its events say only whether the author made them
(`by_author`) and which organisation did. Needs come in batches by id (each batch a handful of queries),
so the export streams in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from samskapa.arena import service
from samskapa.arena.models import Need, StatusEvent

BATCH: Final = 500
MEDIA_TYPE: Final = "application/jsonl"


def public_needs() -> list[ColumnElement[bool]]:
    """The conditions of a public need: submitted and not hidden."""
    return [Need.submitted_at.is_not(None), Need.id.not_in(service.hidden_ids("need"))]


def needs_jsonl(session: Session, *, secret: bytes, today: date, batch: int = BATCH) -> Iterator[bytes]:
    """Every public need with its history, by id, as JSON Lines (one UTF-8 line each)."""
    after = ""
    while True:
        needs = list(
            session.scalars(
                select(Need).where(*public_needs(), Need.id > after).order_by(Need.id).limit(batch)
            )
        )
        if not needs:
            return
        events: dict[str, list[StatusEvent]] = {}
        for event in session.scalars(
            select(StatusEvent)
            .where(StatusEvent.need_id.in_([need.id for need in needs]))
            .order_by(StatusEvent.need_id, StatusEvent.seq)
        ):
            events.setdefault(event.need_id, []).append(event)
        for need, item in zip(
            needs, service.needs_out(session, needs, secret=secret, today=today), strict=True
        ):
            item.history = [service.event_out(e, author_id=need.author_id) for e in events.get(need.id, [])]
            yield (item.model_dump_json() + "\n").encode()
        after = needs[-1].id
        session.expunge_all()  # keep memory flat over a long export
