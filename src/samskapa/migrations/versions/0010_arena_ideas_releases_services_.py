"""arena ideas releases services notifications

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 14:14:02.083375
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arena_challenge",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("open_until", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["accounts_person.id"], name=op.f("fk_arena_challenge_created_by_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_challenge_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_challenge")),
    )
    with op.batch_alter_table("arena_challenge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_challenge_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_arena_challenge_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "arena_service",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("summary_sv", sa.String(length=1000), nullable=False),
        sa.Column("summary_en", sa.String(length=1000), nullable=False),
        sa.Column("description_sv", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("operator_organisation_id", sa.String(length=36), nullable=False),
        sa.Column("accessibility_conformance", sa.String(length=20), nullable=False),
        sa.Column("accessibility_statement_url", sa.String(length=1000), nullable=True),
        sa.Column("accessibility_statement", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["accounts_person.id"], name=op.f("fk_arena_service_created_by_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["operator_organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_service_operator_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_service")),
    )
    with op.batch_alter_table("arena_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_service_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_arena_service_operator_organisation_id"),
            ["operator_organisation_id"],
            unique=False,
        )

    op.create_table(
        "arena_subscription",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_subscription_person_id_accounts_person"),
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_arena_subscription")),
    )
    op.create_table(
        "arena_challenge_need",
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["arena_challenge.id"],
            name=op.f("fk_arena_challenge_need_challenge_id_arena_challenge"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_challenge_need_need_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("challenge_id", "need_id", name=op.f("pk_arena_challenge_need")),
    )
    with op.batch_alter_table("arena_challenge_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_challenge_need_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_idea",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("provenance", sa.String(length=20), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["accounts_person.id"], name=op.f("fk_arena_idea_author_id_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["arena_challenge.id"], name=op.f("fk_arena_idea_challenge_id_arena_challenge")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_idea_organisation_id_accounts_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_idea")),
    )
    with op.batch_alter_table("arena_idea", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_idea_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_idea_challenge_id"), ["challenge_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_idea_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_idea_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "arena_pilot",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("cohort", sa.String(length=1000), nullable=False),
        sa.Column("cohort_size", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["arena_service.id"], name=op.f("fk_arena_pilot_service_id_arena_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_pilot")),
    )
    with op.batch_alter_table("arena_pilot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_pilot_service_id"), ["service_id"], unique=False)

    op.create_table(
        "arena_service_dataset",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_arena_service_dataset_dataset_id_catalogue_dataset"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["arena_service.id"],
            name=op.f("fk_arena_service_dataset_service_id_arena_service"),
        ),
        sa.PrimaryKeyConstraint("service_id", "dataset_id", name=op.f("pk_arena_service_dataset")),
    )
    with op.batch_alter_table("arena_service_dataset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_service_dataset_dataset_id"), ["dataset_id"], unique=False)

    op.create_table(
        "arena_service_need",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_service_need_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["arena_service.id"], name=op.f("fk_arena_service_need_service_id_arena_service")
        ),
        sa.PrimaryKeyConstraint("service_id", "need_id", name=op.f("pk_arena_service_need")),
    )
    with op.batch_alter_table("arena_service_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_service_need_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("pilot_id", sa.String(length=36), nullable=True),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("need_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_feedback_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["accounts_person.id"], name=op.f("fk_arena_feedback_person_id_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["arena_pilot.id"], name=op.f("fk_arena_feedback_pilot_id_arena_pilot")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["arena_service.id"], name=op.f("fk_arena_feedback_service_id_arena_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_feedback")),
    )
    with op.batch_alter_table("arena_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_feedback_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_feedback_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_feedback_service_id"), ["service_id"], unique=False)

    op.create_table(
        "arena_idea_dataset",
        sa.Column("idea_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_arena_idea_dataset_dataset_id_catalogue_dataset"),
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["arena_idea.id"], name=op.f("fk_arena_idea_dataset_idea_id_arena_idea")
        ),
        sa.PrimaryKeyConstraint("idea_id", "dataset_id", name=op.f("pk_arena_idea_dataset")),
    )
    with op.batch_alter_table("arena_idea_dataset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_idea_dataset_dataset_id"), ["dataset_id"], unique=False)

    op.create_table(
        "arena_idea_need",
        sa.Column("idea_id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["arena_idea.id"], name=op.f("fk_arena_idea_need_idea_id_arena_idea")
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_idea_need_need_id_arena_need")
        ),
        sa.PrimaryKeyConstraint("idea_id", "need_id", name=op.f("pk_arena_idea_need")),
    )
    with op.batch_alter_table("arena_idea_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_idea_need_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_notification",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=True),
        sa.Column("status_event_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_notification_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_notification_person_id_accounts_person"),
        ),
        sa.ForeignKeyConstraint(
            ["status_event_id"],
            ["arena_status_event.id"],
            name=op.f("fk_arena_notification_status_event_id_arena_status_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_notification")),
    )
    with op.batch_alter_table("arena_notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_notification_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_notification_emailed_at"), ["emailed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_notification_need_id"), ["need_id"], unique=False)
        batch_op.create_index("ix_arena_notification_person_read", ["person_id", "read_at"], unique=False)

    op.create_table(
        "arena_release",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("need_id", sa.String(length=36), nullable=False),
        sa.Column("dataset_id", sa.String(length=36), nullable=True),
        sa.Column("data_service_id", sa.String(length=36), nullable=True),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("coverage", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("status_event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["data_service_id"],
            ["catalogue_data_service.id"],
            name=op.f("fk_arena_release_data_service_id_catalogue_data_service"),
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["catalogue_dataset.id"],
            name=op.f("fk_arena_release_dataset_id_catalogue_dataset"),
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["arena_need.id"], name=op.f("fk_arena_release_need_id_arena_need")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["accounts_organisation.id"],
            name=op.f("fk_arena_release_organisation_id_accounts_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["accounts_person.id"], name=op.f("fk_arena_release_recorded_by_accounts_person")
        ),
        sa.ForeignKeyConstraint(
            ["status_event_id"],
            ["arena_status_event.id"],
            name=op.f("fk_arena_release_status_event_id_arena_status_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_release")),
    )
    with op.batch_alter_table("arena_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_release_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_arena_release_data_service_id"), ["data_service_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_arena_release_dataset_id"), ["dataset_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_release_need_id"), ["need_id"], unique=False)

    op.create_table(
        "arena_verification",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("release_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["accounts_person.id"],
            name=op.f("fk_arena_verification_person_id_accounts_person"),
        ),
        sa.ForeignKeyConstraint(
            ["release_id"], ["arena_release.id"], name=op.f("fk_arena_verification_release_id_arena_release")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arena_verification")),
        sa.UniqueConstraint(
            "release_id", "person_id", name=op.f("uq_arena_verification_release_id_person_id")
        ),
    )
    with op.batch_alter_table("arena_verification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arena_verification_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_arena_verification_release_id"), ["release_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("arena_verification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_verification_release_id"))
        batch_op.drop_index(batch_op.f("ix_arena_verification_person_id"))

    op.drop_table("arena_verification")
    with op.batch_alter_table("arena_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_release_need_id"))
        batch_op.drop_index(batch_op.f("ix_arena_release_dataset_id"))
        batch_op.drop_index(batch_op.f("ix_arena_release_data_service_id"))
        batch_op.drop_index(batch_op.f("ix_arena_release_created_at"))

    op.drop_table("arena_release")
    with op.batch_alter_table("arena_notification", schema=None) as batch_op:
        batch_op.drop_index("ix_arena_notification_person_read")
        batch_op.drop_index(batch_op.f("ix_arena_notification_need_id"))
        batch_op.drop_index(batch_op.f("ix_arena_notification_emailed_at"))
        batch_op.drop_index(batch_op.f("ix_arena_notification_created_at"))

    op.drop_table("arena_notification")
    with op.batch_alter_table("arena_idea_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_idea_need_need_id"))

    op.drop_table("arena_idea_need")
    with op.batch_alter_table("arena_idea_dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_idea_dataset_dataset_id"))

    op.drop_table("arena_idea_dataset")
    with op.batch_alter_table("arena_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_feedback_service_id"))
        batch_op.drop_index(batch_op.f("ix_arena_feedback_person_id"))
        batch_op.drop_index(batch_op.f("ix_arena_feedback_created_at"))

    op.drop_table("arena_feedback")
    with op.batch_alter_table("arena_service_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_service_need_need_id"))

    op.drop_table("arena_service_need")
    with op.batch_alter_table("arena_service_dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_service_dataset_dataset_id"))

    op.drop_table("arena_service_dataset")
    with op.batch_alter_table("arena_pilot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_pilot_service_id"))

    op.drop_table("arena_pilot")
    with op.batch_alter_table("arena_idea", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_idea_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_arena_idea_created_at"))
        batch_op.drop_index(batch_op.f("ix_arena_idea_challenge_id"))
        batch_op.drop_index(batch_op.f("ix_arena_idea_author_id"))

    op.drop_table("arena_idea")
    with op.batch_alter_table("arena_challenge_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_challenge_need_need_id"))

    op.drop_table("arena_challenge_need")
    op.drop_table("arena_subscription")
    with op.batch_alter_table("arena_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_service_operator_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_arena_service_created_at"))

    op.drop_table("arena_service")
    with op.batch_alter_table("arena_challenge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arena_challenge_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_arena_challenge_created_at"))

    op.drop_table("arena_challenge")
