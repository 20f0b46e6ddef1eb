"""accounts and catalogue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 06:56:01.147118
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts_organisation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("title_sv", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("description_sv", sa.String(length=2000), nullable=False),
        sa.Column("description_en", sa.String(length=2000), nullable=False),
        sa.Column("homepage", sa.String(length=500), nullable=True),
        sa.Column("email", sa.String(length=300), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_organisation_name")),
    )
    with op.batch_alter_table("accounts_organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_organisation_type"), ["type"], unique=False)

    op.create_table(
        "accounts_person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_person")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_person_email")),
    )
    op.create_table(
        "accounts_api_client",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("requests_per_minute", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_accounts_api_client_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_api_client")),
    )
    with op.batch_alter_table("accounts_api_client", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounts_api_client_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "accounts_membership",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_accounts_membership_organisation_id_accounts_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_accounts_membership_person_id_accounts_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_membership")),
        sa.UniqueConstraint(
            "organisation_id", "person_id", name=op.f("uq_accounts_membership_organisation_id_person_id")
        ),
    )
    with op.batch_alter_table("accounts_membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounts_membership_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_accounts_membership_person_id"), ["person_id"], unique=False)

    op.create_table(
        "catalogue_data_service",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title_sv", sa.String(length=500), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("endpoint_url", sa.String(length=1000), nullable=False),
        sa.Column("endpoint_description", sa.String(length=1000), nullable=True),
        sa.Column("licence", sa.String(length=200), nullable=True),
        sa.Column("access_rights", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_catalogue_data_service_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_data_service")),
        sa.UniqueConstraint("name", name=op.f("uq_catalogue_data_service_name")),
    )
    with op.batch_alter_table("catalogue_data_service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_data_service_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "catalogue_dataset",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("title_sv", sa.String(length=500), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("access_rights", sa.String(length=20), nullable=False),
        sa.Column("frequency", sa.String(length=30), nullable=True),
        sa.Column("spatial", sa.Text(), nullable=False),
        sa.Column("temporal_start", sa.Date(), nullable=True),
        sa.Column("temporal_end", sa.Date(), nullable=True),
        sa.Column("contact_name", sa.String(length=300), nullable=False),
        sa.Column("contact_email", sa.String(length=300), nullable=False),
        sa.Column("landing_page", sa.String(length=1000), nullable=True),
        sa.Column("conforms_to", sa.Text(), nullable=False),
        sa.Column("issued", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("source_uri", sa.String(length=1000), nullable=True),
        sa.Column("source_hash", sa.String(length=64), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_catalogue_dataset_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_dataset")),
        sa.UniqueConstraint("name", name=op.f("uq_catalogue_dataset_name")),
        sa.UniqueConstraint(
            "organisation_id", "source_uri", name=op.f("uq_catalogue_dataset_organisation_id_source_uri")
        ),
    )
    with op.batch_alter_table("catalogue_dataset", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_dataset_access_rights"), ["access_rights"], unique=False
        )
        batch_op.create_index("ix_catalogue_dataset_modified_id", ["modified", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_catalogue_dataset_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_catalogue_dataset_state"), ["state"], unique=False)

    op.create_table(
        "accounts_api_key",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["accounts_api_client.id"],
            name=op.f("fk_accounts_api_key_client_id_accounts_api_client"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_api_key")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_accounts_api_key_key_hash")),
    )
    with op.batch_alter_table("accounts_api_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_api_key_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_api_key_prefix"), ["prefix"], unique=False)

    op.create_table(
        "catalogue_data_service_dataset",
        sa.Column("data_service_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_service_id"],
            ["catalogue_data_service.id"],
            name=op.f("fk_catalogue_data_service_dataset_data_service_id_catalogue_data_service"),
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_data_service_dataset_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint(
            "data_service_id", "dataset_id", name=op.f("pk_catalogue_data_service_dataset")
        ),
    )
    with op.batch_alter_table("catalogue_data_service_dataset", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_data_service_dataset_dataset_id"), ["dataset_id"], unique=False
        )

    op.create_table(
        "catalogue_dataset_concept",
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.Column("concept_id", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_dataset_concept_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint("dataset_id", "concept_id", name=op.f("pk_catalogue_dataset_concept")),
    )
    with op.batch_alter_table("catalogue_dataset_concept", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_dataset_concept_concept_id"), ["concept_id"], unique=False
        )

    op.create_table(
        "catalogue_dataset_keyword",
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("keyword", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_dataset_keyword_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint("dataset_id", "lang", "keyword", name=op.f("pk_catalogue_dataset_keyword")),
    )
    with op.batch_alter_table("catalogue_dataset_keyword", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_dataset_keyword_keyword"), ["keyword"], unique=False)

    op.create_table(
        "catalogue_dataset_theme",
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_dataset_theme_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint("dataset_id", "theme", name=op.f("pk_catalogue_dataset_theme")),
    )
    with op.batch_alter_table("catalogue_dataset_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_dataset_theme_theme"), ["theme"], unique=False)

    op.create_table(
        "catalogue_dataset_usage",
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("downloads", sa.Integer(), nullable=False),
        sa.Column("api_calls", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_dataset_usage_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint("dataset_id", "day", name=op.f("pk_catalogue_dataset_usage")),
    )
    op.create_table(
        "catalogue_distribution",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_sv", sa.String(length=500), nullable=False),
        sa.Column("title_en", sa.String(length=500), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("access_url", sa.String(length=1000), nullable=False),
        sa.Column("download_url", sa.String(length=1000), nullable=True),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("format", sa.String(length=30), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=True),
        sa.Column("checksum_sha256", sa.String(length=64), nullable=True),
        sa.Column("access_service_id", sa.String(length=36), nullable=True),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["access_service_id"],
            ["catalogue_data_service.id"],
            name=op.f("fk_catalogue_distribution_access_service_id_catalogue_data_service"),
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_catalogue_distribution_dataset_id_catalogue_dataset"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_distribution")),
    )
    with op.batch_alter_table("catalogue_distribution", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalogue_distribution_dataset_id"), ["dataset_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_catalogue_distribution_format"), ["format"], unique=False)
        batch_op.create_index(batch_op.f("ix_catalogue_distribution_licence"), ["licence"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("catalogue_distribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_distribution_licence"))
        batch_op.drop_index(batch_op.f("ix_catalogue_distribution_format"))
        batch_op.drop_index(batch_op.f("ix_catalogue_distribution_dataset_id"))

    op.drop_table("catalogue_distribution")
    op.drop_table("catalogue_dataset_usage")
    with op.batch_alter_table("catalogue_dataset_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_theme_theme"))

    op.drop_table("catalogue_dataset_theme")
    with op.batch_alter_table("catalogue_dataset_keyword", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_keyword_keyword"))

    op.drop_table("catalogue_dataset_keyword")
    with op.batch_alter_table("catalogue_dataset_concept", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_concept_concept_id"))

    op.drop_table("catalogue_dataset_concept")
    with op.batch_alter_table("catalogue_data_service_dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_data_service_dataset_dataset_id"))

    op.drop_table("catalogue_data_service_dataset")
    with op.batch_alter_table("accounts_api_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_api_key_prefix"))
        batch_op.drop_index(batch_op.f("ix_accounts_api_key_client_id"))

    op.drop_table("accounts_api_key")
    with op.batch_alter_table("catalogue_dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_state"))
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_organisation_id"))
        batch_op.drop_index("ix_catalogue_dataset_modified_id")
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_access_rights"))

    op.drop_table("catalogue_dataset")
    with op.batch_alter_table("catalogue_data_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_data_service_organisation_id"))

    op.drop_table("catalogue_data_service")
    with op.batch_alter_table("accounts_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_membership_person_id"))
        batch_op.drop_index(batch_op.f("ix_accounts_membership_organisation_id"))

    op.drop_table("accounts_membership")
    with op.batch_alter_table("accounts_api_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_api_client_organisation_id"))

    op.drop_table("accounts_api_client")
    op.drop_table("accounts_person")
    with op.batch_alter_table("accounts_organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_organisation_type"))

    op.drop_table("accounts_organisation")
