"""people vault and oauth

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:42:46.923701
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_access_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accessor", sa.String(length=64), nullable=False),
        sa.Column("accessor_name", sa.String(length=300), nullable=False),
        sa.Column("authorisation_id", sa.String(length=36), nullable=True),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("operation", sa.String(length=20), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("response_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_vault_access_log")),
    )
    with op.batch_alter_table("vault_access_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vault_access_log_authorisation_id"), ["authorisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vault_access_log_person_id"), ["person_id"], unique=False)

    op.create_table(
        "vault_access_log_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_access_log_head")),
    )
    op.create_table(
        "vault_person",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("kek_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restricted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_vault_person")),
    )
    op.create_table(
        "accounts_external_identity",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=50), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_accounts_external_identity_person_id_accounts_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_external_identity")),
        sa.UniqueConstraint(
            "provider", "subject", name=op.f("uq_accounts_external_identity_provider_subject")
        ),
    )
    with op.batch_alter_table("accounts_external_identity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounts_external_identity_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "vault_authorisation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("client_name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("legal_basis", sa.String(length=100), nullable=False),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.Column("purposes", sa.Text(), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("operations", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawal_method", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["vault_person.person_id"],
            name=op.f("fk_vault_authorisation_person_id_vault_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_authorisation")),
    )
    with op.batch_alter_table("vault_authorisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vault_authorisation_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vault_authorisation_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vault_authorisation_subject"), ["subject"], unique=False)

    op.create_table(
        "vault_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["vault_person.person_id"], name=op.f("fk_vault_item_person_id_vault_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_item")),
    )
    with op.batch_alter_table("vault_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vault_item_person_id"), ["person_id"], unique=False)

    op.create_table(
        "oauth_client",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("grant_types", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("token_endpoint_auth_method", sa.String(length=30), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["id"], ["accounts_api_client.id"], name=op.f("fk_oauth_client_id_accounts_api_client")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_oauth_client_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_client")),
    )
    with op.batch_alter_table("oauth_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_client_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "vault_authorisation_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("authorisation_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=20), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorisation_id"],
            ["vault_authorisation.id"],
            name=op.f("fk_vault_authorisation_event_authorisation_id_vault_authorisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vault_authorisation_event")),
        sa.UniqueConstraint(
            "authorisation_id", "seq", name=op.f("uq_vault_authorisation_event_authorisation_id_seq")
        ),
    )
    with op.batch_alter_table("vault_authorisation_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vault_authorisation_event_authorisation_id"), ["authorisation_id"], unique=False
        )

    op.create_table(
        "oauth_code",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("authorisation_id", sa.String(length=36), nullable=False),
        sa.Column("redirect_uri", sa.String(length=2000), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=False),
        sa.Column("code_challenge_method", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["oauth_client.id"], name=op.f("fk_oauth_code_client_id_oauth_client")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_oauth_code_person_id_accounts_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_oauth_code_code_hash")),
    )
    with op.batch_alter_table("oauth_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_code_authorisation_id"), ["authorisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oauth_code_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_oauth_code_person_id"), ["person_id"], unique=False)

    op.create_table(
        "oauth_pending_request",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.String(length=2000), nullable=False),
        sa.Column("state", sa.String(length=2000), nullable=True),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=False),
        sa.Column("code_challenge_method", sa.String(length=10), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["oauth_client.id"], name=op.f("fk_oauth_pending_request_client_id_oauth_client")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_oauth_pending_request_person_id_accounts_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_pending_request")),
    )
    with op.batch_alter_table("oauth_pending_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauth_pending_request_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_oauth_pending_request_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_oauth_pending_request_person_id"), ["person_id"], unique=False)

    op.create_table(
        "oauth_token",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("family_id", sa.String(length=36), nullable=True),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("authorisation_id", sa.String(length=36), nullable=True),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("access_jti", sa.String(length=64), nullable=False),
        sa.Column("access_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refresh_hash", sa.String(length=64), nullable=True),
        sa.Column("refresh_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["oauth_client.id"], name=op.f("fk_oauth_token_client_id_oauth_client")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_oauth_token_person_id_accounts_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_token")),
        sa.UniqueConstraint("access_jti", name=op.f("uq_oauth_token_access_jti")),
        sa.UniqueConstraint("refresh_hash", name=op.f("uq_oauth_token_refresh_hash")),
    )
    with op.batch_alter_table("oauth_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_token_authorisation_id"), ["authorisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oauth_token_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_oauth_token_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_oauth_token_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("accounts_person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_verified", sa.Boolean(), server_default=sa.text("(false)"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("accounts_person", schema=None) as batch_op:
        batch_op.drop_column("email_verified")

    with op.batch_alter_table("oauth_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_token_person_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_token_family_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_token_client_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_token_authorisation_id"))

    op.drop_table("oauth_token")
    with op.batch_alter_table("oauth_pending_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_pending_request_person_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_pending_request_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauth_pending_request_client_id"))

    op.drop_table("oauth_pending_request")
    with op.batch_alter_table("oauth_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_code_person_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_code_client_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_code_authorisation_id"))

    op.drop_table("oauth_code")
    with op.batch_alter_table("vault_authorisation_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vault_authorisation_event_authorisation_id"))

    op.drop_table("vault_authorisation_event")
    with op.batch_alter_table("oauth_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_client_organisation_id"))

    op.drop_table("oauth_client")
    with op.batch_alter_table("vault_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vault_item_person_id"))

    op.drop_table("vault_item")
    with op.batch_alter_table("vault_authorisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vault_authorisation_subject"))
        batch_op.drop_index(batch_op.f("ix_vault_authorisation_person_id"))
        batch_op.drop_index(batch_op.f("ix_vault_authorisation_client_id"))

    op.drop_table("vault_authorisation")
    with op.batch_alter_table("accounts_external_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_external_identity_person_id"))

    op.drop_table("accounts_external_identity")
    op.drop_table("vault_person")
    op.drop_table("vault_access_log_head")
    with op.batch_alter_table("vault_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vault_access_log_person_id"))
        batch_op.drop_index(batch_op.f("ix_vault_access_log_authorisation_id"))

    op.drop_table("vault_access_log")
