"""The vault's controlled vocabularies, with their W3C DPV terms and Swedish and English labels."""

from __future__ import annotations

from typing import Final, Literal

Category = Literal["skills", "education", "experience", "credentials"]
CATEGORIES: Final[tuple[Category, ...]] = ("skills", "education", "experience", "credentials")
PROFILE_CATEGORIES: Final[tuple[Category, ...]] = ("skills", "education", "experience")

# DPV personal data categories (dpv-pd) of each vault category.
CATEGORY_DPV: Final[dict[str, str]] = {
    "skills": "pd:Skill",
    "education": "pd:EducationQualification",
    "experience": "pd:EmploymentHistory",
    "credentials": "pd:Credential",
}
# The Kantara Consent Receipt 1.1 PII category of each vault category.
CATEGORY_KANTARA: Final[dict[str, str]] = {
    "skills": "6 - Educational/Professional",
    "education": "6 - Educational/Professional",
    "experience": "6 - Educational/Professional",
    "credentials": "6 - Educational/Professional",
}

Operation = Literal["read", "store", "share"]
OPERATIONS: Final[tuple[Operation, ...]] = ("read", "store", "share")
OPERATION_DPV: Final[dict[str, str]] = {"read": "dpv:Access", "store": "dpv:Store", "share": "dpv:Share"}

Kind = Literal["consent", "request"]
KINDS: Final[tuple[Kind, ...]] = ("consent", "request")
# Both rest on the person's consent (GDPR art. 6.1.a); a request is one the person made themselves.
LEGAL_BASIS: Final[dict[str, str]] = {"consent": "dpv:Consent", "request": "dpv:Consent"}
CONSENT_TYPE: Final[dict[str, str]] = {
    "consent": "dpv:ExpressedConsent",
    "request": "dpv:ExplicitlyExpressedConsent",
}

# Authorisation states, as DPV consent statuses.
State = Literal["given", "withdrawn", "expired", "revoked"]
STATE_DPV: Final[dict[str, str]] = {
    "given": "dpv:ConsentGiven",
    "withdrawn": "dpv:ConsentWithdrawn",
    "expired": "dpv:ConsentExpired",
    "revoked": "dpv:ConsentRevoked",
}
TERMINAL_STATES: Final[frozenset[str]] = frozenset({"withdrawn", "expired", "revoked"})

# event -> (the states it may follow, the state it leads to)
Event = Literal["given", "renewed", "withdrawn", "expired", "revoked"]
TRANSITIONS: Final[dict[str, tuple[frozenset[str], str]]] = {
    "given": (frozenset(), "given"),  # the first event only
    "renewed": (frozenset({"given"}), "given"),
    "withdrawn": (frozenset({"given"}), "withdrawn"),
    "expired": (frozenset({"given"}), "expired"),
    "revoked": (frozenset({"given"}), "revoked"),
}

CATEGORY_LABELS: Final[dict[str, dict[str, str]]] = {
    "skills": {"sv": "Kompetenser", "en": "Skills"},
    "education": {"sv": "Utbildningar", "en": "Education records"},
    "experience": {"sv": "Arbetslivserfarenhet", "en": "Work experience"},
    "credentials": {"sv": "Intyg (verifierbara)", "en": "Credentials (verifiable)"},
}
OPERATION_LABELS: Final[dict[str, dict[str, str]]] = {
    "read": {"sv": "Läsa", "en": "Read"},
    "store": {"sv": "Spara", "en": "Store"},
    "share": {"sv": "Dela vidare", "en": "Share onwards"},
}
STATE_LABELS: Final[dict[str, dict[str, str]]] = {
    "given": {"sv": "Gäller", "en": "In force"},
    "withdrawn": {"sv": "Återkallat", "en": "Withdrawn"},
    "expired": {"sv": "Har gått ut", "en": "Expired"},
    "revoked": {"sv": "Upphävt", "en": "Revoked"},
}
