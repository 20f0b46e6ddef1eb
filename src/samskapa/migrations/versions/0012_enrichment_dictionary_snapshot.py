"""enrichment dictionary snapshot

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:04:11.356060
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrichment_dictionary_snapshot",
        sa.Column("taxonomy_version", sa.Integer(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("surface_forms", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["taxonomy_version"],
            ["taxonomy_version.number"],
            name=op.f("fk_enrichment_dictionary_snapshot_taxonomy_version_taxonomy_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("taxonomy_version", name=op.f("pk_enrichment_dictionary_snapshot")),
    )


def downgrade() -> None:
    op.drop_table("enrichment_dictionary_snapshot")
