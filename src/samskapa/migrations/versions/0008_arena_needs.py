"""arena needs

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:56:13.683366
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arena_need",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("affected_groups", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=2000), nullable=False),
        sa.Column("desired_data", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("provenance", sa.String(length=20), nullable=False),
        sa.Column("lead_agency_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("info_return_state", sa.String(length=30), nullable=True),
        sa.Column("merged_into_id", sa.String(length=36), nullable=True),
        sa.Column("decision_extended", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("triaged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_update_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["accounts_person.id"], name=op.f("fk_arena_need_author_id_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["lead_agency_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_need_lead_agency_id_accounts_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["arena_need.id"], name=op.f("fk_arena_need_merged_into_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_need")),
    )
    with op.batch_alter_table("arena_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_need_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_need_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_need_lead_agency_id"), ["lead_agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_need_region"), ["region"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_need_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_need_submitted_at"), ["submitted_at"], unique=False)

    op.create_table(
        "arena_comment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("author_person_id", sa.String(length=36), nullable=True),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_person_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_comment_author_person_id_accounts_person"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_comment_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_comment_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_comment")),
    )
    with op.batch_alter_table("arena_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_comment_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_comment_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_follow",
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_follow_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_arena_follow_person_id_accounts_person")
        ),
        sa.PrimaryKeyConstraint("need_id", "person_id", name=op.f("pk_arena_follow")),
    )
    with op.batch_alter_table("arena_follow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_follow_person_id"), ["person_id"], unique=False)

    op.create_table(
        "arena_need_co_agency",
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_need_co_agency_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_need_co_agency_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("need_id", "organisation_id", name=op.f("pk_arena_need_co_agency")),
    )
    with op.batch_alter_table("arena_need_co_agency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_arena_need_co_agency_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "arena_need_concept",
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("concept_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_need_concept_need_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("need_id", "concept_id", name=op.f("pk_arena_need_concept")),
    )
    with op.batch_alter_table("arena_need_concept", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_need_concept_concept_id"), ["concept_id"], unique=False)

    op.create_table(
        "arena_status_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=False),
        sa.Column("to_state", sa.String(length=30), nullable=False),
        sa.Column("reason_code", sa.String(length=50), nullable=True),
        sa.Column("message", sa.String(length=4000), nullable=False),
        sa.Column("actor_person_id", sa.String(length=36), nullable=True),
        sa.Column("actor_organisation_id", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_status_event_actor_organisation_id_accounts_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_person_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_status_event_actor_person_id_accounts_person"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_status_event_need_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_status_event")),
        sa.UniqueConstraint("need_id", "seq", name=op.f("uq_arena_status_event_need_id_seq")),
    )
    with op.batch_alter_table("arena_status_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_status_event_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_support",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("stakeholder_type", sa.String(length=20), nullable=False),
        sa.Column("use_note", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_support_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_arena_support_person_id_accounts_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_support")),
    )
    with op.batch_alter_table("arena_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_support_need_id"), ["need_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_support_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("arena_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_support_person_id"))
        batch_op.drop_index(batch_op.f("ix_arena_support_need_id"))

    op.drop_table("arena_support")
    with op.batch_alter_table("arena_status_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_status_event_need_id"))

    op.drop_table("arena_status_event")
    with op.batch_alter_table("arena_need_concept", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_need_concept_concept_id"))

    op.drop_table("arena_need_concept")
    with op.batch_alter_table("arena_need_co_agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_need_co_agency_organisation_id"))

    op.drop_table("arena_need_co_agency")
    with op.batch_alter_table("arena_follow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_follow_person_id"))

    op.drop_table("arena_follow")
    with op.batch_alter_table("arena_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_comment_need_id"))
        batch_op.drop_index(batch_op.f("ix_arena_comment_created_at"))

    op.drop_table("arena_comment")
    with op.batch_alter_table("arena_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_need_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_arena_need_state"))
        batch_op.drop_index(batch_op.f("ix_arena_need_region"))
        batch_op.drop_index(batch_op.f("ix_arena_need_lead_agency_id"))
        batch_op.drop_index(batch_op.f("ix_arena_need_kind"))
        batch_op.drop_index(batch_op.f("ix_arena_need_author_id"))

    op.drop_table("arena_need")
