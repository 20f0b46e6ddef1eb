"""The OAuth vocabulary (scopes, data categories, purposes) and the API contract of client registration."""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, Field

# Personal-data scopes: each maps to one vault data category.
CATEGORIES: Final[tuple[str, ...]] = ("skills", "education", "experience", "credentials")
VAULT_SCOPE_PREFIX: Final = "vault."
VAULT_SCOPES: Final[tuple[str, ...]] = tuple(VAULT_SCOPE_PREFIX + category for category in CATEGORIES)
# The scope of client-credentials tokens: reading the platform's open data as the client itself.
OPEN_DATA_SCOPE: Final = "open-data.read"
OPEN_DATA_SCOPES: Final[tuple[str, ...]] = (OPEN_DATA_SCOPE,)
SCOPES: Final[tuple[str, ...]] = VAULT_SCOPES + OPEN_DATA_SCOPES

GRANT_AUTHORIZATION_CODE: Final = "authorization_code"
GRANT_REFRESH_TOKEN: Final = "refresh_token"  # noqa: S105 - a grant type name
GRANT_CLIENT_CREDENTIALS: Final = "client_credentials"
GRANT_TYPES: Final[tuple[str, ...]] = (
    GRANT_AUTHORIZATION_CODE,
    GRANT_REFRESH_TOKEN,
    GRANT_CLIENT_CREDENTIALS,
)
AUTH_METHOD_NONE: Final = "none"
AUTH_METHOD_BASIC: Final = "client_secret_basic"
AUTH_METHOD_POST: Final = "client_secret_post"
TOKEN_ENDPOINT_AUTH_METHODS: Final[tuple[str, ...]] = (AUTH_METHOD_NONE, AUTH_METHOD_BASIC, AUTH_METHOD_POST)


def scope_of(category: str) -> str:
    """The scope that asks for a vault data category (`skills` -> `vault.skills`)."""
    return VAULT_SCOPE_PREFIX + category


def category_of(scope: str) -> str | None:
    """The vault data category a scope asks for, or None for a scope that is not personal data."""
    if scope in VAULT_SCOPES:
        return scope.removeprefix(VAULT_SCOPE_PREFIX)
    return None


class Purpose(BaseModel):
    """Why a service asks for a person's data: a code, sv/en labels and the W3C DPV purpose."""

    code: str
    label_sv: str
    label_en: str
    dpv: str


PURPOSES: Final[dict[str, Purpose]] = {
    purpose.code: purpose
    for purpose in (
        Purpose(
            code="career-guidance",
            label_sv="Studie- och yrkesvägledning",
            label_en="Career guidance",
            dpv="https://w3id.org/dpv#ProvidePersonalisedRecommendations",
        ),
        Purpose(
            code="job-matching",
            label_sv="Matchning mot lediga jobb",
            label_en="Job matching",
            dpv="https://w3id.org/dpv#PersonnelHiring",
        ),
        Purpose(
            code="education-admission",
            label_sv="Antagning till utbildning",
            label_en="Education admission",
            dpv="https://w3id.org/dpv#ServiceProvision",
        ),
        Purpose(
            code="skills-verification",
            label_sv="Bekräftelse av kompetens",
            label_en="Skills verification",
            dpv="https://w3id.org/dpv#ServiceProvision",
        ),
        Purpose(
            code="open-data",
            label_sv="Användning av öppna data",
            label_en="Use of open data",
            dpv="https://w3id.org/dpv#ServiceProvision",
        ),
    )
}


class ClientIn(BaseModel):
    """A service's program that asks people for their data (authorization code + PKCE) or reads open data
    as itself (client credentials)."""

    name: str = Field(min_length=1, max_length=200, description="Shown to people on the consent screen.")
    redirect_uris: list[str] = Field(
        default=[],
        max_length=20,
        description="Exact redirect URIs (https; http only for 127.0.0.1 and localhost). Compared exactly.",
    )
    purpose: str = Field(description=f"One of {', '.join(PURPOSES)}.")
    categories: list[str] = Field(
        default=[], description=f"Vault data categories the client may ask for: {', '.join(CATEGORIES)}."
    )
    retention_days: int = Field(ge=0, le=3650, description="How long the service keeps data it reads.")
    confidential: bool = Field(
        default=True, description="A server-side client with a secret; false for apps (PKCE, no secret)."
    )
    open_data: bool = Field(
        default=False, description="May read open data as itself (client credentials; confidential only)."
    )
    requests_per_minute: int = Field(default=600, ge=1, le=100_000, description="The client's rate limit.")


class ClientOut(BaseModel):
    """A registered client. `client_secret` is present only in the answer to the registration."""

    client_id: str
    organisation: str
    name: str
    redirect_uris: list[str]
    purpose: str
    scopes: list[str]
    grant_types: list[str]
    retention_days: int
    token_endpoint_auth_method: str
    client_secret: str | None = None
