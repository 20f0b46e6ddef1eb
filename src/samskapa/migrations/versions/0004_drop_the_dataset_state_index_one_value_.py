"""drop the dataset state index (one value dominates; a scan is faster)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 07:50:03.892648
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalogue_dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalogue_dataset_state"))


def downgrade() -> None:
    with op.batch_alter_table("catalogue_dataset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalogue_dataset_state"), ["state"], unique=False)
