"""The mail backends: the console writes messages to its stream (never to the log); SMTP delivers to a real
local SMTP server (aiosmtpd) in the clear, over STARTTLS with a login, and over implicit TLS."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr

from samskapa.config import Settings
from samskapa.core.mail import (
    ConsoleMailBackend,
    MailError,
    SmtpMailBackend,
    mail_backend,
)

ADDRESS = "person@example.org"


def _message(subject: str = "Hej") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Samskapa <noreply@samskapa.se>"
    message["To"] = ADDRESS
    message["Subject"] = subject
    message.set_content("Två nyheter om behov du följer.\nhttps://samskapa.se/arena/needs/1\n")
    return message


# --- console -----------------------------------------------------------------------------------------------


def test_console_backend_writes_every_message_to_its_stream_and_nothing_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream = io.StringIO()
    with caplog.at_level(logging.DEBUG):
        ConsoleMailBackend(stream).send([_message("Första"), _message("Andra")])
    text = stream.getvalue()
    assert text.count(f"To: {ADDRESS}") == 2
    assert "Subject: Första" in text
    assert "Subject: Andra" in text
    assert "Två nyheter om behov du följer." in text
    assert "https://samskapa.se/arena/needs/1" in text
    assert ADDRESS not in caplog.text


def test_console_backend_defaults_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    ConsoleMailBackend().send([_message()])
    assert f"To: {ADDRESS}" in capsys.readouterr().out


def test_settings_choose_the_backend(tmp_path: Path) -> None:
    assert isinstance(mail_backend(Settings(data_dir=tmp_path)), ConsoleMailBackend)
    smtp = mail_backend(
        Settings(
            data_dir=tmp_path,
            mail_backend="smtp",
            smtp_host="mail.example.org",
            smtp_port=465,
            smtp_security="tls",
            smtp_username="samskapa",
            smtp_password=SecretStr("hemligt"),
        )
    )
    assert isinstance(smtp, SmtpMailBackend)
    assert (smtp.host, smtp.port, smtp.security, smtp.username) == (
        "mail.example.org",
        465,
        "tls",
        "samskapa",
    )
    with pytest.raises(ValueError, match="SAMSKAPA_SMTP_HOST"):
        mail_backend(Settings(data_dir=tmp_path, mail_backend="smtp"))


# --- SMTP against a real local server ----------------------------------------------------------------------


@dataclass
class Inbox:
    """What the local server received: each message with its envelope."""

    messages: list[tuple[str, list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(raw, policy=policy.default))
        )
        return "250 Message accepted for delivery"


@dataclass(frozen=True)
class Tls:
    server: ssl.SSLContext
    client: ssl.SSLContext


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """A self-signed certificate for 127.0.0.1: the server's context, and a client context trusting it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return Tls(server=server, client=client)


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"samskapa", b"hemligt")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def plain_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(tls: Tls) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls.server,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def tls_server(tls: Tls) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, ssl_context=tls.server)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_smtp_without_encryption_delivers_every_message(plain_server: tuple[Inbox, int]) -> None:
    inbox, port = plain_server
    backend = SmtpMailBackend(host="127.0.0.1", port=port, security="none", timeout=10)
    backend.send([_message("Första"), _message("Andra")])
    assert [received["Subject"] for _from, _to, received in inbox.messages] == ["Första", "Andra"]
    mail_from, recipients, received = inbox.messages[0]
    assert mail_from == "noreply@samskapa.se"
    assert recipients == [ADDRESS]
    assert isinstance(received, EmailMessage)
    assert "arena/needs/1" in received.get_content()


def test_smtp_with_starttls_and_login(starttls_server: tuple[Inbox, int], tls: Tls) -> None:
    inbox, port = starttls_server
    backend = SmtpMailBackend(
        host="127.0.0.1",
        port=port,
        security="starttls",
        username="samskapa",
        password="hemligt",
        timeout=10,
        ssl_context=tls.client,
    )
    backend.send([_message()])
    assert len(inbox.messages) == 1


def test_smtp_refuses_a_wrong_password_without_naming_the_recipient(
    starttls_server: tuple[Inbox, int], tls: Tls
) -> None:
    inbox, port = starttls_server
    backend = SmtpMailBackend(
        host="127.0.0.1",
        port=port,
        username="samskapa",
        password="fel",
        timeout=10,
        ssl_context=tls.client,
    )
    with pytest.raises(MailError) as raised:
        backend.send([_message()])
    assert ADDRESS not in str(raised.value)
    assert raised.value.__cause__ is None
    assert inbox.messages == []


def test_smtp_starttls_checks_the_certificate(starttls_server: tuple[Inbox, int]) -> None:
    """The default context does not trust the self-signed certificate: nothing is sent."""
    inbox, port = starttls_server
    with pytest.raises(MailError):
        SmtpMailBackend(host="127.0.0.1", port=port, timeout=10).send([_message()])
    assert inbox.messages == []


def test_smtp_with_implicit_tls(tls_server: tuple[Inbox, int], tls: Tls) -> None:
    inbox, port = tls_server
    SmtpMailBackend(host="127.0.0.1", port=port, security="tls", timeout=10, ssl_context=tls.client).send(
        [_message("Över TLS")]
    )
    assert [received["Subject"] for _from, _to, received in inbox.messages] == ["Över TLS"]


def test_smtp_server_that_is_not_there_is_a_mail_error() -> None:
    backend = SmtpMailBackend(host="127.0.0.1", port=_free_port(), security="none", timeout=5)
    with pytest.raises(MailError, match="did not take the mail"):
        backend.send([_message()])


def test_nothing_to_send_opens_no_connection() -> None:
    SmtpMailBackend(host="127.0.0.1", port=_free_port(), security="none", timeout=5).send([])
