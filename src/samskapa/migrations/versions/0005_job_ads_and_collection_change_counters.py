"""job ads and collection change counters

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:02:57.066478
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_sequence",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_core_sequence")),
    )
    op.create_table(
        "job_ads_ad",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("headline", sa.String(length=500), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("occupation_id", sa.String(length=80), nullable=False),
        sa.Column("ssyk_id", sa.String(length=80), nullable=True),
        sa.Column("municipality_id", sa.String(length=80), nullable=True),
        sa.Column("region_id", sa.String(length=80), nullable=True),
        sa.Column("employment_type", sa.String(length=80), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_seq", sa.BigInteger(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_job_ads_ad_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_ads_ad")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_job_ads_ad_source_external_id")),
    )
    with op.batch_alter_table("job_ads_ad", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_ads_ad_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_ads_ad_occupation_id"), ["occupation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_ads_ad_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_ads_ad_seq"), ["seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_ads_ad_ssyk_id"), ["ssyk_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job_ads_ad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_ads_ad_ssyk_id"))
        batch_op.drop_index(batch_op.f("ix_job_ads_ad_seq"))
        batch_op.drop_index(batch_op.f("ix_job_ads_ad_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_job_ads_ad_occupation_id"))
        batch_op.drop_index(batch_op.f("ix_job_ads_ad_municipality_id"))

    op.drop_table("job_ads_ad")
    op.drop_table("core_sequence")
