"""Scheduled work of the arena: the notification mail (run `samskapa arena send-digest` once a day, and
`samskapa arena send-digest --immediate` every few minutes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from samskapa.arena import notifications
from samskapa.arena.notifications import MailRun
from samskapa.config import Settings
from samskapa.core.mail import MailBackend, mail_backend


def send_notification_mail(
    session: Session,
    settings: Settings,
    *,
    immediate: bool = False,
    backend: MailBackend | None = None,
    now: datetime | None = None,
) -> MailRun:
    """Send the due notification mail through the configured backend (or the one given)."""
    return notifications.send_due_mail(
        session,
        backend if backend is not None else mail_backend(settings),
        now=now,
        mode="immediate" if immediate else "daily",
        mail_from=settings.mail_from,
        base_url=settings.base_url.rstrip("/"),
    )
