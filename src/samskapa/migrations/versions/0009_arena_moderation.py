"""arena moderation

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 13:33:58.488626
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arena_moderation_action",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("item_type", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=True),
        sa.Column("moderator_id", sa.String(length=36), nullable=True),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_moderation_action_moderator_id_accounts_person"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_moderation_action_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_moderation_action")),
    )
    with op.batch_alter_table("arena_moderation_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_moderation_action_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_moderation_action_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_moderation_action_item_id"), ["item_id"], unique=False)

    op.create_table(
        "arena_hidden_item",
        sa.Column("item_type", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_hidden_item_need_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("item_type", "item_id", name=op.f("pk_arena_hidden_item")),
    )
    with op.batch_alter_table("arena_hidden_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_hidden_item_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_report",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_type", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("reporter_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_report_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["accounts_person.id"], name=op.f("fk_arena_report_reporter_id_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["arena_moderation_action.id"],
            name=op.f("fk_arena_report_resolved_by_arena_moderation_action"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_report")),
        sa.UniqueConstraint(
            "item_type", "item_id", "reporter_id", name=op.f("uq_arena_report_item_type_item_id_reporter_id")
        ),
    )
    with op.batch_alter_table("arena_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_report_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_report_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_report_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_report_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_report_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("arena_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_report_status"))
        batch_op.drop_index(batch_op.f("ix_arena_report_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_arena_report_need_id"))
        batch_op.drop_index(batch_op.f("ix_arena_report_item_id"))
        batch_op.drop_index(batch_op.f("ix_arena_report_created_at"))

    op.drop_table("arena_report")
    with op.batch_alter_table("arena_hidden_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_hidden_item_need_id"))

    op.drop_table("arena_hidden_item")
    with op.batch_alter_table("arena_moderation_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_moderation_action_item_id"))
        batch_op.drop_index(batch_op.f("ix_arena_moderation_action_at"))
        batch_op.drop_index(batch_op.f("ix_arena_moderation_action_action"))

    op.drop_table("arena_moderation_action")
