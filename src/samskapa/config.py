"""One typed settings object. Built in create_app() or by the CLI, never at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_TAXONOMY_SOURCES = Path(__file__).parent / "taxonomy" / "data"


class OidcProvider(BaseModel):
    """An OpenID Connect provider people may sign in with (an eID provider or broker)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$", description="URL name (slug) of the provider.")
    title_sv: str = Field(min_length=1, description="Name shown on the sign-in button, in Swedish.")
    title_en: str = Field(min_length=1, description="Name shown on the sign-in button, in English.")
    issuer: str = Field(min_length=1, description="The provider's issuer identifier (an https URL).")
    client_id: str = Field(min_length=1, description="Samskapa's client id at the provider.")
    client_secret: SecretStr = Field(default=SecretStr(""), description="Samskapa's client secret.")
    scopes: str = Field(default="openid email profile", description="Scopes asked for.")
    authorization_endpoint: str | None = Field(default=None, description="Else from the discovery document.")
    token_endpoint: str | None = Field(default=None, description="Else from the discovery document.")
    jwks_uri: str | None = Field(default=None, description="Else from the discovery document.")


class Settings(BaseSettings):
    """Every option of the platform. Set them as environment variables with the SAMSKAPA_ prefix."""

    model_config = SettingsConfigDict(env_prefix="SAMSKAPA_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="",
        description=(
            "SQLAlchemy database URL. Empty means the embedded SQLite database var/samskapa.db under "
            "data_dir. For PostgreSQL use postgresql+psycopg://user:password@host/dbname."
        ),
    )
    data_dir: Path = Field(
        default=Path("var"),
        description="Directory for the embedded database and generated files (SKOS dumps).",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public base URL of the platform, used in links and in the API description.",
    )
    host: str = Field(default="127.0.0.1", description="Interface `samskapa serve` binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `samskapa serve` listens on.")
    workers: int = Field(default=1, ge=1, le=64, description="Number of server worker processes.")
    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="Where the platform runs (development, test or production); reported by /healthz.",
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Log level of the web server."
    )
    taxonomy_source_dir: Path = Field(
        default=BUNDLED_TAXONOMY_SOURCES,
        description="Directory the taxonomy is loaded from; the bundled ESCO and JobTech sources by default.",
    )
    page_size_default: int = Field(
        default=50, ge=1, le=1000, description="Default page size of list endpoints."
    )
    page_size_max: int = Field(
        default=500, ge=1, le=10000, description="Largest page size a client may ask for."
    )
    suggest_limit_max: int = Field(
        default=50, ge=1, le=500, description="Largest number of suggestions per call."
    )
    suggest_warmup: bool = Field(
        default=True,
        description=(
            "Build the autocomplete index and read the enrichment dictionary (its automata too) in the "
            "background as a worker starts (else on first use)."
        ),
    )
    concept_cache_entries: int = Field(
        default=20000,
        ge=0,
        description="How many rendered concept responses each worker keeps until the next taxonomy version.",
    )
    version_recheck_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How often a worker asks the database whether a new taxonomy version was loaded.",
    )
    cors_origins: list[str] = Field(
        default=["*"], description="Origins allowed to read the API from a browser (CORS, GET only)."
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5000, ge=0, description="How long an SQLite writer waits for a lock before failing."
    )
    ingest_max_bytes: int = Field(
        default=200_000_000,
        ge=1000,
        description="Largest batch file (bytes) the ingest API accepts; larger files go through the CLI.",
    )
    stream_page_max: int = Field(
        default=5000, ge=1, le=100_000, description="Largest page of the change streams (/v1/ads/stream …)."
    )
    search_dir: Path | None = Field(
        default=None,
        description="Directory of the search indexes; empty means search/ under data_dir.",
    )
    search_sync_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How often a worker brings the search indexes up to date with the database (0: never).",
    )
    enrich_max_chars: int = Field(
        default=100_000, ge=100, description="Longest text enrichment accepts (characters); longer is a 413."
    )
    enrich_max_batch: int = Field(default=1000, ge=1, description="Most texts in one /v1/enrich batch.")
    enrich_semantic: bool = Field(
        default=True,
        description=(
            "Use the semantic tier (sentence embeddings) in /v1/enrich, /v1/enrich/rank and `samskapa "
            "enrich` where it can run: the semantic extra installed and the skill embeddings of the current "
            "taxonomy version built (`samskapa enrich --build-embeddings`). Off otherwise, with the reason "
            "logged."
        ),
    )
    enrich_embeddings_dir: Path | None = Field(
        default=None,
        description="Directory of the skill embeddings; empty means embeddings/ under data_dir.",
    )
    enrich_tagger_dir: Path | None = Field(
        default=None,
        description=(
            "Directory of the span tagger (/v1/enrich/spans), trained at data-build time with "
            "`samskapa enrich --train-tagger`; empty means tagger/ under data_dir."
        ),
    )
    bulk_max_age_seconds: int = Field(
        default=900,
        ge=0,
        description="Bulk files older than this are rebuilt on the next request when the collection changed.",
    )

    vault_kek: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "The vault's key-encryption key (base64 of 32 random bytes) that wraps every person's data key. "
            "Empty outside production: made once and kept in data_dir/keys/."
        ),
    )
    signing_key: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "The platform's Ed25519 private key (base64 of the 32-byte seed) that signs consent receipts and "
            "access tokens. Empty outside production: made once and kept in data_dir/keys/."
        ),
    )
    pairwise_secret: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "Secret (base64 of 32 bytes) from which each organisation's pairwise pseudonyms of people are "
            "derived. Empty outside production: made once and kept in data_dir/keys/."
        ),
    )
    signups_per_ip_per_hour: int = Field(
        default=5,
        ge=1,
        description="How many accounts one client address may create (or try to) on /register in an hour.",
    )
    oidc_providers: list[OidcProvider] = Field(
        default=[],
        description=(
            "OpenID Connect providers (eID providers or brokers) people may sign in with, as a JSON list of "
            "objects: name, title_sv, title_en, issuer, client_id, client_secret, and optionally scopes, "
            "authorization_endpoint, token_endpoint and jwks_uri (else discovered from the issuer)."
        ),
    )
    oauth_access_token_seconds: int = Field(
        default=600,
        ge=30,
        le=86400,
        description="Lifetime (seconds) of the OAuth access tokens (signed JWTs) the platform issues.",
    )
    oauth_refresh_token_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Lifetime (days) of an OAuth refresh token; each use rotates it into a new one.",
    )
    vault_trust_list: str = Field(
        default="",
        description=(
            "Path of the JSON trust list of credential issuers (issuer id -> keys) the vault checks "
            "imported verifiable credentials against. Empty means the bundled list "
            "(src/samskapa/vault/data/trust-list.json)."
        ),
    )
    oauth_code_seconds: int = Field(
        default=60,
        ge=10,
        le=600,
        description="Lifetime (seconds) of an OAuth authorization code (single use).",
    )
    arena_auto_hide_reports: int = Field(
        default=3,
        ge=1,
        le=100,
        description="Open reports after which an arena need or comment is hidden pending moderation review.",
    )
    mail_backend: Literal["console", "smtp"] = Field(
        default="console",
        description="How mail is sent: console (written to standard output, for development) or smtp.",
    )
    mail_from: str = Field(
        default="Samskapa <noreply@samskapa.se>",
        description="The From address of the mail the platform sends.",
    )
    smtp_host: str = Field(default="", description="SMTP server host (required when mail_backend is smtp).")
    smtp_port: int = Field(
        default=587, ge=1, le=65535, description="SMTP server port (587 STARTTLS, 465 TLS)."
    )
    smtp_username: str = Field(default="", description="SMTP login name; empty means no login.")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="SMTP login password.")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="SMTP encryption: starttls (upgrade a plain connection), tls (implicit TLS) or none.",
    )
    smtp_timeout_seconds: float = Field(
        default=30.0, gt=0, le=600, description="How long an SMTP connection or command may take (seconds)."
    )

    def resolved_search_dir(self) -> Path:
        """Where the search indexes live."""
        return self.search_dir if self.search_dir is not None else self.data_dir / "search"

    def resolved_embeddings_dir(self) -> Path:
        """Where the semantic tier's skill embeddings live."""
        return self.enrich_embeddings_dir or self.data_dir / "embeddings"

    def resolved_tagger_dir(self) -> Path:
        """Where the span tagger is (`enrich_tagger_dir`, else tagger/ under data_dir)."""
        return self.enrich_tagger_dir or self.data_dir / "tagger"

    def automata_dir(self) -> Path:
        """Where the enrichment keeps its automata between processes (`snapshot.AutomatonFiles`)."""
        return self.data_dir / "automata"

    def resolved_database_url(self) -> str:
        """The database URL to connect to, defaulting to the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'samskapa.db').as_posix()}"
