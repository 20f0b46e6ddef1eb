"""education offerings

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 09:08:27.818471
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "education_opportunity",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("level_id", sa.String(length=80), nullable=True),
        sa.Column("field_id", sa.String(length=80), nullable=True),
        sa.Column("location_id", sa.String(length=80), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=True),
        sa.Column("pace", sa.Integer(), nullable=True),
        sa.Column("credits", sa.Float(), nullable=True),
        sa.Column("first_start", sa.Date(), nullable=True),
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
            name=op.f("fk_education_opportunity_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education_opportunity")),
        sa.UniqueConstraint(
            "source", "external_id", name=op.f("uq_education_opportunity_source_external_id")
        ),
    )
    with op.batch_alter_table("education_opportunity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_education_opportunity_field_id"), ["field_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_education_opportunity_level_id"), ["level_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_education_opportunity_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_education_opportunity_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_education_opportunity_seq"), ["seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("education_opportunity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_education_opportunity_seq"))
        batch_op.drop_index(batch_op.f("ix_education_opportunity_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_education_opportunity_location_id"))
        batch_op.drop_index(batch_op.f("ix_education_opportunity_level_id"))
        batch_op.drop_index(batch_op.f("ix_education_opportunity_field_id"))

    op.drop_table("education_opportunity")
