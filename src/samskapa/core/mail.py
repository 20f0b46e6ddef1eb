"""Outgoing mail: a small backend protocol, a console backend for development and an SMTP backend.

Mail addresses are personal data, and personal data never goes to the logs: the console backend writes the
messages to a stream of its own (stdout by default), never through `logging`, and a failed delivery is
reported without the addresses.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from collections.abc import Sequence
from email import policy
from email.message import EmailMessage
from typing import Final, Literal, Protocol, TextIO

from samskapa.config import Settings

SmtpSecurity = Literal["starttls", "tls", "none"]
SECURITIES: Final = ("starttls", "tls", "none")
SEPARATOR: Final = "-" * 78
CONSOLE_POLICY: Final = policy.SMTPUTF8.clone(linesep="\n")


class MailError(RuntimeError):
    """A mail could not be handed over; the message names no address."""


class MailBackend(Protocol):
    """Something that delivers mail messages (all or nothing is not promised: it raises on the first
    message it cannot hand over)."""

    def send(self, messages: Sequence[EmailMessage]) -> None: ...


class ConsoleMailBackend:
    """Writes each message, headers and body, to a stream (stdout by default), separated by a line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def send(self, messages: Sequence[EmailMessage]) -> None:
        stream = self._stream if self._stream is not None else sys.stdout
        for message in messages:
            stream.write(readable(message))
            stream.write(f"\n{SEPARATOR}\n")
        stream.flush()


def readable(message: EmailMessage) -> str:
    """A message as a person reads it: decoded headers, then the text of a single-part message as it is
    (not in its transfer encoding); a multipart message in its wire form."""
    if message.is_multipart():
        return message.as_string(policy=CONSOLE_POLICY)
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    body = message.get_content()
    return f"{headers}\n{body if isinstance(body, str) else message.get_payload()}"


class SmtpMailBackend:
    """Delivers through an SMTP server with the standard library: STARTTLS on a plain connection (port 587),
    implicit TLS (port 465) or no encryption (a relay on the same host), with an optional login."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        security: SmtpSecurity = "starttls",
        username: str = "",
        password: str = "",
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if not host:
            raise ValueError("The SMTP backend needs a host (SAMSKAPA_SMTP_HOST).")
        if security not in SECURITIES:
            raise ValueError(f"Unknown SMTP security '{security}': use one of {', '.join(SECURITIES)}.")
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self._password = password
        self.timeout = timeout
        self._ssl_context = ssl_context

    def _connect(self) -> smtplib.SMTP:
        context = self._ssl_context or ssl.create_default_context()
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            try:
                connection.starttls(context=context)
            except BaseException:
                connection.close()
                raise
        return connection

    def send(self, messages: Sequence[EmailMessage]) -> None:
        if not messages:
            return
        try:
            with self._connect() as connection:
                if self.username:
                    connection.login(self.username, self._password)
                for message in messages:
                    connection.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            # The exception's text may carry the recipients' addresses; only its type is kept.
            raise MailError(
                f"The SMTP server {self.host}:{self.port} did not take the mail ({type(exc).__name__})."
            ) from None


def mail_backend(settings: Settings, *, stream: TextIO | None = None) -> MailBackend:
    """The backend the settings choose: the console (the default) or SMTP."""
    if settings.mail_backend == "smtp":
        return SmtpMailBackend(
            host=settings.smtp_host,
            port=settings.smtp_port,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            timeout=settings.smtp_timeout_seconds,
        )
    return ConsoleMailBackend(stream)
