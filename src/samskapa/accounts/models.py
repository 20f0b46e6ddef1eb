"""Tables of accounts: organisations, people, their external sign-in identities, memberships, API clients
and their keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from samskapa.core.db import Base, UtcDateTime


class Organisation(Base):
    """A publisher or participant: agency, municipality, school, NGO or company."""

    __tablename__ = "accounts_organisation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    title_sv: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    description_sv: Mapped[str] = mapped_column(String(2000), default="")
    description_en: Mapped[str] = mapped_column(String(2000), default="")
    homepage: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(300))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Person(Base):
    """Someone who can sign in (with a password, kept as an argon2id hash, or an OpenID Connect provider) and
    be a member of organisations. Citizens, agency staff and organisation members are all people; roles come
    from memberships."""

    __tablename__ = "accounts_person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # None until a password is set; such a person cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # True when the email was vouched for: by an organisation admin (add_member) or as a verified email of an
    # OpenID Connect provider. Self-registered emails are not, and linking one to an eID drops its password.
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class ExternalIdentity(Base):
    """A person's account at an OpenID Connect provider: the provider's `sub` for them, which is stable."""

    __tablename__ = "accounts_external_identity"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Membership(Base):
    """A person's role in an organisation: admin, editor or moderator."""

    __tablename__ = "accounts_membership"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApiClient(Base):
    """A program of an organisation that calls the API, with its own rate limit."""

    __tablename__ = "accounts_api_client"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("accounts_organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    requests_per_minute: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApiKey(Base):
    """A key of a client. Only a SHA-256 of the key is stored; the key is shown once when made."""

    __tablename__ = "accounts_api_key"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("accounts_api_client.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class LoginSession(Base):
    """A signed-in browser. Only a SHA-256 of the cookie token is stored: a leaked table signs no one in."""

    __tablename__ = "accounts_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts_person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    # The synchroniser token every POST form of this session must carry.
    csrf_token: Mapped[str] = mapped_column(String(64))
