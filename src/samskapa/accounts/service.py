"""Use cases of accounts: organisations, members, API clients and keys, and who is calling."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from samskapa.accounts.errors import (
    CsrfTokenInvalid,
    EmailTaken,
    InvalidAccountInput,
    InvalidApiKey,
    InvalidLogin,
    LoginThrottled,
    MissingScope,
    NotAnEditor,
    NotYourOrganisation,
    OrganisationExists,
    OrganisationNotFound,
    PersonNotFound,
)
from samskapa.accounts.models import (
    ApiClient,
    ApiKey,
    ExternalIdentity,
    LoginSession,
    Membership,
    Organisation,
    Person,
)
from samskapa.accounts.sessions import LoginThrottle
from samskapa.core.errors import FieldError
from samskapa.core.time import utcnow

ORGANISATION_TYPES = ("agency", "municipality", "school", "ngo", "company")
ROLES = ("admin", "editor", "moderator")
SCOPES = ("catalogue:write", "ads:write", "education:write", "arena:write")
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,99}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KEY_PREFIX = "smk_"
DEFAULT_REQUESTS_PER_MINUTE = 600


@dataclass(frozen=True)
class Principal:
    """The API client behind a request's key."""

    key_id: str
    client_id: str
    organisation_id: str
    organisation_name: str
    scopes: frozenset[str]
    requests_per_minute: int

    def require_scope(self, scope: str) -> None:
        """Refuse (403) unless the key carries `scope`."""
        if scope not in self.scopes:
            raise MissingScope(
                f"This API key lacks the scope '{scope}'.",
                hint=f"Ask an admin of '{self.organisation_name}' for a key with the scope '{scope}'.",
            )

    def require_organisation(self, organisation_id: str) -> None:
        """Refuse (403) unless the key belongs to the organisation that owns the thing."""
        if organisation_id != self.organisation_id:
            raise NotYourOrganisation(
                "This belongs to another organisation; your key can change only your organisation's data.",
                hint=f"Your key belongs to '{self.organisation_name}'.",
            )


def _invalid(field: str, message: str) -> InvalidAccountInput:
    return InvalidAccountInput(f"Invalid {field}: {message}", field_errors=[FieldError(field, message)])


def create_organisation(
    session: Session,
    *,
    name: str,
    type_: str,
    title_sv: str,
    title_en: str,
    description_sv: str = "",
    description_en: str = "",
    homepage: str | None = None,
    email: str | None = None,
    is_demo: bool = False,
) -> Organisation:
    """A new organisation with a unique URL name (lower-case letters, digits, - and _)."""
    if not NAME_PATTERN.match(name):
        raise _invalid(
            "name", "use 2–100 lower-case letters, digits, '-' or '_', starting with a letter or digit"
        )
    if type_ not in ORGANISATION_TYPES:
        raise _invalid("type", f"use one of {', '.join(ORGANISATION_TYPES)}")
    if not title_sv.strip() or not title_en.strip():
        raise _invalid("title", "give a title in both Swedish and English")
    if session.scalars(select(Organisation).where(Organisation.name == name)).first() is not None:
        raise OrganisationExists(f"An organisation named '{name}' exists.", hint="Choose another name.")
    organisation = Organisation(
        id=str(uuid.uuid4()),
        name=name,
        type=type_,
        title_sv=title_sv.strip(),
        title_en=title_en.strip(),
        description_sv=description_sv,
        description_en=description_en,
        homepage=homepage,
        email=email,
        is_demo=is_demo,
        created_at=utcnow(),
    )
    session.add(organisation)
    session.flush()
    return organisation


def find_organisation(session: Session, *, key: str) -> Organisation | None:
    """An organisation by id or name, or None."""
    return (
        session.get(Organisation, key)
        or session.scalars(select(Organisation).where(Organisation.name == key)).first()
    )


def get_organisation(session: Session, *, key: str) -> Organisation:
    """An organisation by id or name."""
    found = find_organisation(session, key=key)
    if found is None:
        raise OrganisationNotFound(
            f"No organisation has the id or name '{key}'.", hint="List them with /v1/organisations."
        )
    return found


def list_organisations(session: Session) -> list[Organisation]:
    """Every organisation, by name."""
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def add_member(
    session: Session, *, organisation: Organisation, email: str, name: str, role: str
) -> Membership:
    """Give a person (created if new) a role in an organisation; a second call changes the role."""
    if role not in ROLES:
        raise _invalid("role", f"use one of {', '.join(ROLES)}")
    if not EMAIL_PATTERN.match(email):
        raise _invalid("email", "not an email address")
    person = session.scalars(select(Person).where(Person.email == email.lower())).first()
    if person is None:
        # The admin vouches for the address they add.
        person = Person(
            id=str(uuid.uuid4()),
            email=email.lower(),
            name=name or email,
            created_at=utcnow(),
            email_verified=True,
        )
        session.add(person)
        session.flush()
    membership = session.scalars(
        select(Membership).where(
            Membership.organisation_id == organisation.id, Membership.person_id == person.id
        )
    ).first()
    if membership is None:
        membership = Membership(
            organisation_id=organisation.id, person_id=person.id, role=role, created_at=utcnow()
        )
        session.add(membership)
    else:
        membership.role = role
    session.flush()
    return membership


def members_of(session: Session, *, organisation: Organisation) -> list[tuple[Person, str]]:
    """The people of an organisation with their roles."""
    rows = session.execute(
        select(Person, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.organisation_id == organisation.id)
        .order_by(Person.email)
    )
    return [(person, role) for person, role in rows]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    session: Session,
    *,
    organisation: Organisation,
    client_name: str,
    scopes: list[str],
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE,
) -> tuple[ApiKey, str]:
    """A new client with one key. Returns the row and the key itself, which is never stored or shown again."""
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise _invalid("scopes", f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    if requests_per_minute < 1:
        raise _invalid("requests_per_minute", "must be at least 1")
    client = ApiClient(
        id=str(uuid.uuid4()),
        organisation_id=organisation.id,
        name=client_name or "API client",
        requests_per_minute=requests_per_minute,
        created_at=utcnow(),
    )
    session.add(client)
    session.flush()
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        id=str(uuid.uuid4()),
        client_id=client.id,
        prefix=secret[:12],
        key_hash=_hash(secret),
        scopes=" ".join(sorted(set(scopes))),
        created_at=utcnow(),
        revoked_at=None,
    )
    session.add(key)
    session.flush()
    return key, secret


def revoke_api_key(session: Session, *, key_id: str) -> ApiKey:
    """Revoke a key; requests with it get 401 from then on."""
    key = session.get(ApiKey, key_id)
    if key is None:
        raise InvalidApiKey(f"No API key has the id '{key_id}'.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key


def authenticate(session: Session, *, secret: str) -> Principal:
    """The principal behind an API key; unknown and revoked keys are refused (401)."""
    row = session.execute(
        select(ApiKey, ApiClient, Organisation)
        .join(ApiClient, ApiClient.id == ApiKey.client_id)
        .join(Organisation, Organisation.id == ApiClient.organisation_id)
        .where(ApiKey.key_hash == _hash(secret))
    ).first()
    if row is None:
        raise InvalidApiKey(
            "The API key is not valid.",
            hint="Check the key; keys are shown once when made.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    key, client, organisation = row
    if key.revoked_at is not None:
        raise InvalidApiKey(
            "The API key has been revoked.",
            hint="Ask an admin of your organisation for a new key.",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return Principal(
        key_id=key.id,
        client_id=client.id,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        scopes=frozenset(key.scopes.split()),
        requests_per_minute=client.requests_per_minute,
    )


# ---- Sign-in for people: passwords, sessions, CSRF tokens, editor rights ----

PASSWORD_MIN_LENGTH = 12
# Long enough for any passphrase, short enough that hashing cannot be used to exhaust the server.
PASSWORD_MAX_LENGTH = 1024
SESSION_LIFETIME = timedelta(hours=12)
EDITOR_ROLES = ("admin", "editor")


@cache
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults are argon2id with the RFC 9106 low-memory profile.
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Checked when the email is unknown or has no password, so that both take as long as a real check.
    return _hasher().hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    """The person behind a request's session cookie."""

    person_id: str
    email: str
    name: str
    session_id: str
    csrf_token: str

    def check_csrf(self, token: str | None) -> None:
        """Refuse (403) a form that does not carry this session's CSRF token."""
        if not token or not hmac.compare_digest(token.encode(), self.csrf_token.encode()):
            raise CsrfTokenInvalid(
                "The form did not carry this session's security token.",
                hint="Reload the page and send the form again.",
            )


def _person_by_email(session: Session, email: str) -> Person | None:
    return session.scalars(select(Person).where(Person.email == email.strip().lower())).first()


def set_password(session: Session, *, email: str, password: str) -> Person:
    """Set a person's password (at least 12 characters); their open sessions end."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise _invalid("password", f"use at least {PASSWORD_MIN_LENGTH} characters")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise _invalid("password", f"use at most {PASSWORD_MAX_LENGTH} characters")
    person = _person_by_email(session, email)
    if person is None:
        raise PersonNotFound(
            f"No person has the email '{email}'.", hint="Add them with `samskapa orgs add-member`."
        )
    person.password_hash = _hasher().hash(password)
    session.execute(delete(LoginSession).where(LoginSession.person_id == person.id))
    session.flush()
    return person


def verify_login(
    session: Session, *, email: str, password: str, throttle: LoginThrottle | None = None
) -> Person:
    """The person with this email and password. Unknown emails cost a hash check too, so timing tells
    nothing; with a `throttle`, too many recent failures for the email are refused (429) before checking."""
    if throttle is not None and (wait := throttle.retry_after(email)) is not None:
        minutes = max(1, -(-wait // 60))
        raise LoginThrottled(
            "Too many failed sign-ins for this email.",
            hint=f"Try again in {minutes} minute(s).",
            headers={"Retry-After": str(wait)},
            extra={"retry_after": wait},
        )
    person = _person_by_email(session, email) if len(password) <= PASSWORD_MAX_LENGTH else None
    stored = person.password_hash if person is not None else None
    try:
        _hasher().verify(stored or _dummy_hash(), password[:PASSWORD_MAX_LENGTH])
        valid = person is not None and stored is not None
    except (VerificationError, InvalidHashError):
        valid = False
    if person is None or stored is None or not valid:
        if throttle is not None:
            throttle.failed(email)
        raise InvalidLogin("The email or the password is wrong.", hint="Check both and try again.")
    if throttle is not None:
        throttle.succeeded(email)
    if _hasher().check_needs_rehash(stored):
        person.password_hash = _hasher().hash(password)
        session.flush()
    return person


def start_session(session: Session, *, person: Person) -> tuple[LoginSession, str]:
    """A new sign-in session. Returns the row and the cookie's token, which is stored only as a hash."""
    now = utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    row = LoginSession(
        id=_hash(token),
        person_id=person.id,
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
        csrf_token=secrets.token_urlsafe(32),
    )
    session.add(row)
    session.flush()
    return row, token


def signed_in(session: Session, *, token: str) -> SignedIn | None:
    """The person behind a session token, or None when it is unknown or expired."""
    row = session.execute(
        select(LoginSession, Person)
        .join(Person, Person.id == LoginSession.person_id)
        .where(LoginSession.id == _hash(token))
    ).first()
    if row is None:
        return None
    login, person = row
    if login.expires_at <= utcnow():
        return None
    return SignedIn(
        person_id=person.id,
        email=person.email,
        name=person.name,
        session_id=login.id,
        csrf_token=login.csrf_token,
    )


def end_session(session: Session, *, token: str) -> None:
    """Sign out: the session is deleted, so its cookie no longer works anywhere."""
    session.execute(delete(LoginSession).where(LoginSession.id == _hash(token)))
    session.flush()


def memberships_of(session: Session, *, person_id: str) -> list[tuple[Organisation, str]]:
    """The organisations a person belongs to, with their role in each."""
    rows = session.execute(
        select(Organisation, Membership.role)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.person_id == person_id)
        .order_by(Organisation.name)
    )
    return [(organisation, role) for organisation, role in rows]


def editor_of(session: Session, *, person_id: str) -> set[str]:
    """Ids of the organisations whose datasets a person may publish and change (admin or editor)."""
    return set(
        session.scalars(
            select(Membership.organisation_id).where(
                Membership.person_id == person_id, Membership.role.in_(EDITOR_ROLES)
            )
        )
    )


def require_editor(session: Session, *, person_id: str, organisation: Organisation) -> None:
    """Refuse (403) unless the person is an admin or editor of the organisation."""
    if organisation.id not in editor_of(session, person_id=person_id):
        raise NotAnEditor(
            f"Only admins and editors of '{organisation.name}' may publish or change its datasets.",
            hint="Ask an admin of the organisation for the editor role.",
        )


# ---- Citizen sign-up ----

NAME_MAX_LENGTH = 300
EMAIL_MAX_LENGTH = 300
# The most common passwords of 12 characters or more in the public breach lists, plus Swedish favourites;
# shorter ones are refused by the length rule anyway. Compared case-insensitively.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789123",
        "111111111111",
        "000000000000",
        "123123123123",
        "112233445566",
        "qwertyuiopas",
        "qwertyuiop12",
        "qwerty123456",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "zaq12wsxcde3",
        "asdfghjklöä",
        "asdfghjkl123",
        "password1234",
        "password123!",
        "passwordpassword",
        "password12345",
        "iloveyou1234",
        "abc123456789",
        "abcdefghijkl",
        "aaaaaaaaaaaa",
        "letmein12345",
        "welcome12345",
        "changeme1234",
        "administrator",
        "lösenord1234",
        "losenord1234",
        "lösenordlösenord",
        "sommar202020",
        "hejhejhejhej",
        "correcthorsebatterystaple",
        "correct horse battery staple",
    }
)
PASSWORD_PROBLEMS = {
    "too_short": f"use at least {PASSWORD_MIN_LENGTH} characters",
    "too_long": f"use at most {PASSWORD_MAX_LENGTH} characters",
    "is_email": "do not use your email address as the password",
    "common": "this password is among the most common ones; choose another",
}


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a new password is refused (a key of PASSWORD_PROBLEMS), or None when it is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return "too_short"
    if len(password) > PASSWORD_MAX_LENGTH:
        return "too_long"
    folded = password.strip().lower()
    address = email.strip().lower()
    if address and folded in {address, address.split("@", 1)[0]}:
        return "is_email"
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2:
        return "common"
    return None


def sign_up_problems(*, name: str, email: str, password: str) -> dict[str, str]:
    """What is wrong with a sign-up, as field -> problem code ("missing", "too_long", "invalid" or one of
    PASSWORD_PROBLEMS); empty when it may go ahead. The pages turn the codes into sv/en text."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = "missing"
    elif len(name.strip()) > NAME_MAX_LENGTH:
        problems["name"] = "too_long"
    address = email.strip()
    if not address:
        problems["email"] = "missing"
    elif len(address) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(address):
        problems["email"] = "invalid"
    if not password:
        problems["password"] = "missing"  # noqa: S105 - a problem code, not a password
    elif (problem := password_problem(password, email=address)) is not None:
        problems["password"] = problem
    return problems


def register_person(session: Session, *, name: str, email: str, password: str) -> Person:
    """A new person who signed up themselves, with an argon2id password hash. The email is not verified by
    this: an OpenID Connect sign-in that links to it later drops the password (see sign_in_external). An
    email that already has an account is refused (409): the sign-up page says so, rate-limited per client."""
    problems = sign_up_problems(name=name, email=email, password=password)
    if problems:
        messages = {
            **PASSWORD_PROBLEMS,
            "missing": "required",
            "too_long": "too long",
            "invalid": "not valid",
        }
        errors = [FieldError(field, messages.get(code, code)) for field, code in problems.items()]
        raise InvalidAccountInput(
            "Invalid " + ", ".join(f"{e.field}: {e.message}" for e in errors), field_errors=errors
        )
    if _person_by_email(session, email) is not None:
        raise EmailTaken(
            "This email address already has an account.",
            hint="Sign in at /login instead.",
            field_errors=[FieldError("email", "already has an account")],
        )
    person = Person(
        id=str(uuid.uuid4()),
        email=email.strip().lower(),
        name=name.strip(),
        created_at=utcnow(),
        password_hash=_hasher().hash(password),
        email_verified=False,
    )
    session.add(person)
    session.flush()
    return person


# ---- Sign-in with OpenID Connect providers ----

PLACEHOLDER_EMAIL_DOMAIN = "invalid"


def has_real_email(email: str) -> bool:
    """False for the placeholder addresses of people without one (eID sign-in without email, erased)."""
    return not email.endswith("." + PLACEHOLDER_EMAIL_DOMAIN) and not email.endswith(
        "@" + PLACEHOLDER_EMAIL_DOMAIN
    )


def sign_in_external(
    session: Session,
    *,
    provider: str,
    subject: str,
    email: str | None,
    email_verified: bool,
    name: str,
) -> Person:
    """The person behind a provider's (already validated) `sub`, found or made.

    A known (provider, subject) is that person. Otherwise a *verified* email of a person who has no identity
    at this provider yet links to them; an unverified email never links (nor is it stored, so that it can
    neither block nor later capture the address's real owner). Linking to a self-registered account, whose
    email nobody had verified, drops its password and sessions: whoever registered the address first cannot
    keep a way in to the account the address's owner now uses. Else a new person is made, with the verified
    email when it is free and a placeholder address otherwise."""
    found = session.execute(
        select(Person)
        .join(ExternalIdentity, ExternalIdentity.person_id == Person.id)
        .where(ExternalIdentity.provider == provider, ExternalIdentity.subject == subject)
    ).scalar_one_or_none()
    if found is not None:
        if not found.name and name.strip():
            found.name = name.strip()[:NAME_MAX_LENGTH]
        return found
    address = (email or "").strip().lower()
    usable = (
        email_verified and 0 < len(address) <= EMAIL_MAX_LENGTH and EMAIL_PATTERN.match(address) is not None
    )
    person: Person | None = None
    if usable:
        candidate = _person_by_email(session, address)
        if candidate is not None:
            linked_here = session.scalars(
                select(ExternalIdentity.id).where(
                    ExternalIdentity.provider == provider, ExternalIdentity.person_id == candidate.id
                )
            ).first()
            if linked_here is None:
                person = candidate
                if not candidate.email_verified:
                    candidate.password_hash = None
                    candidate.email_verified = True
                    session.execute(delete(LoginSession).where(LoginSession.person_id == candidate.id))
            else:
                usable = False  # the address belongs to another account at this provider
    if person is None:
        person_id = str(uuid.uuid4())
        person = Person(
            id=person_id,
            email=address if usable else f"{person_id}@{provider}.{PLACEHOLDER_EMAIL_DOMAIN}",
            name=name.strip()[:NAME_MAX_LENGTH],
            created_at=utcnow(),
            password_hash=None,
            email_verified=usable,
        )
        session.add(person)
        session.flush()
    session.add(
        ExternalIdentity(provider=provider, subject=subject, person_id=person.id, created_at=utcnow())
    )
    session.flush()
    return person


def external_identities_of(session: Session, *, person_id: str) -> list[str]:
    """The providers a person signs in with, by name."""
    return list(
        session.scalars(
            select(ExternalIdentity.provider)
            .where(ExternalIdentity.person_id == person_id)
            .order_by(ExternalIdentity.provider)
        )
    )


def erase_person(session: Session, *, person_id: str) -> None:
    """Right to erasure for the account: the email becomes `erased-{id}@invalid`, the name empty, the password
    gone; sessions, external identities and memberships are deleted. The row stays so that references to
    the person id elsewhere remain valid; nothing in it identifies anyone any more."""
    person = session.get(Person, person_id)
    if person is None:
        raise PersonNotFound(f"No person has the id '{person_id}'.")
    session.execute(delete(LoginSession).where(LoginSession.person_id == person_id))
    session.execute(delete(ExternalIdentity).where(ExternalIdentity.person_id == person_id))
    session.execute(delete(Membership).where(Membership.person_id == person_id))
    person.email = f"erased-{person_id}@{PLACEHOLDER_EMAIL_DOMAIN}"
    person.name = ""
    person.password_hash = None
    person.email_verified = False
    session.flush()
