"""sign-in: password hashes and sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 07:37:15.506520
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_accounts_session_person_id_accounts_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_session")),
    )
    with op.batch_alter_table("accounts_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_session_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_session_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("accounts_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts_person", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("accounts_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_session_person_id"))
        batch_op.drop_index(batch_op.f("ix_accounts_session_expires_at"))

    op.drop_table("accounts_session")
