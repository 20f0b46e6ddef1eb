"""arena summaries and changes

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:59:23.885299
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arena_dashboard_histogram",
        sa.Column("lead", sa.String(length=36), nullable=False),
        sa.Column("figure", sa.String(length=10), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("lead", "figure", name=op.f("pk_arena_dashboard_histogram")),
    )
    with op.batch_alter_table("arena_need", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_triage_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_decision_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_release_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_decision", sa.String(length=30), nullable=True))
        batch_op.add_column(
            sa.Column("ever_reopened", sa.Boolean(), server_default=sa.text("(false)"), nullable=False)
        )
        batch_op.add_column(sa.Column("triage_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("dashboard_counted", sa.String(length=120), nullable=True))
        batch_op.create_index(
            "ix_arena_need_backlog",
            ["lead_agency_id", "submitted_at", "id"],
            unique=False,
            sqlite_where=sa.text("decision_due IS NOT NULL"),
            postgresql_where=sa.text("decision_due IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_arena_need_decision_due",
            ["decision_due", "lead_agency_id", "triage_due", "id"],
            unique=False,
            sqlite_where=sa.text("decision_due IS NOT NULL"),
            postgresql_where=sa.text("decision_due IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_arena_need_triage_due",
            ["triage_due", "lead_agency_id", "id"],
            unique=False,
            sqlite_where=sa.text("triage_due IS NOT NULL"),
            postgresql_where=sa.text("triage_due IS NOT NULL"),
        )

    _hand_written_upgrade()  # H6, H10: see the bottom of this file


def downgrade() -> None:
    op.drop_index("ix_arena_need_update", table_name="arena_need")  # hand-written (H10)
    with op.batch_alter_table("arena_need", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_arena_need_triage_due",
            sqlite_where=sa.text("triage_due IS NOT NULL"),
            postgresql_where=sa.text("triage_due IS NOT NULL"),
        )
        batch_op.drop_index(
            "ix_arena_need_decision_due",
            sqlite_where=sa.text("decision_due IS NOT NULL"),
            postgresql_where=sa.text("decision_due IS NOT NULL"),
        )
        batch_op.drop_index(
            "ix_arena_need_backlog",
            sqlite_where=sa.text("decision_due IS NOT NULL"),
            postgresql_where=sa.text("decision_due IS NOT NULL"),
        )
        batch_op.drop_column("dashboard_counted")
        batch_op.drop_column("decision_due")
        batch_op.drop_column("triage_due")
        batch_op.drop_column("ever_reopened")
        batch_op.drop_column("first_decision")
        batch_op.drop_column("first_release_days")
        batch_op.drop_column("first_decision_days")
        batch_op.drop_column("first_triage_days")

    op.drop_table("arena_dashboard_histogram")


# --- hand-written (H6, H10): the dashboard's expression index and data backfill ----------------------------
# Keep this when regenerating 0011: the call at the end of upgrade(), the first line of downgrade() and these
# functions. Autogenerate skips expression indexes, so ix_arena_need_update (models.Need) is created here.


def _hand_written_upgrade() -> None:
    op.create_index(
        "ix_arena_need_update",
        "arena_need",
        [
            "state",
            sa.text("coalesce(last_update_at, decided_at, submitted_at)"),
            "lead_agency_id",
            "triage_due",
            "decision_due",
            "id",
        ],
        unique=False,
    )
    _backfill_arena_summaries()


def _backfill_arena_summaries() -> None:
    """Fill the new summary and due-date columns of the needs already written from their status events, and
    the dashboard's histogram rows from them."""
    from samskapa.arena import summary  # noqa: PLC0415 (only when migrating)

    summary.backfill(op.get_bind())
