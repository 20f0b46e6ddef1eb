"""taxonomy concepts, labels, relations, revisions and versions

Revision ID: 0001
Revises:
Create Date: 2026-11-30 06:22:12.054596
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taxonomy_version",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("concepts", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("deprecated", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_taxonomy_version")),
    )
    op.create_table(
        "taxonomy_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.String(length=80), nullable=False),
        sa.Column("event", sa.String(length=12), nullable=False),
        sa.Column("changed", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["version"], ["taxonomy_version.number"], name=op.f("fk_taxonomy_change_version_taxonomy_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_change")),
    )
    with op.batch_alter_table("taxonomy_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taxonomy_change_concept_id"), ["concept_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_taxonomy_change_version"), ["version"], unique=False)

    op.create_table(
        "taxonomy_concept",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("uri", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("notation", sa.String(length=40), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=80), nullable=True),
        sa.Column("skill_type", sa.String(length=40), nullable=True),
        sa.Column("reuse_level", sa.String(length=40), nullable=True),
        sa.Column("pref_label_sv", sa.String(length=500), nullable=True),
        sa.Column("pref_label_en", sa.String(length=500), nullable=True),
        sa.Column("definition_sv", sa.Text(), nullable=True),
        sa.Column("definition_en", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("replaced_by_id", sa.String(length=80), nullable=True),
        sa.Column("introduced_version", sa.Integer(), nullable=False),
        sa.Column("modified_version", sa.Integer(), nullable=False),
        sa.Column("deprecated_version", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["deprecated_version"],
            ["taxonomy_version.number"],
            name=op.f("fk_taxonomy_concept_deprecated_version_taxonomy_version"),
        ),
        sa.ForeignKeyConstraint(
            ["introduced_version"],
            ["taxonomy_version.number"],
            name=op.f("fk_taxonomy_concept_introduced_version_taxonomy_version"),
        ),
        sa.ForeignKeyConstraint(
            ["modified_version"],
            ["taxonomy_version.number"],
            name=op.f("fk_taxonomy_concept_modified_version_taxonomy_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_concept")),
        sa.UniqueConstraint("uri", name=op.f("uq_taxonomy_concept_uri")),
    )
    with op.batch_alter_table("taxonomy_concept", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taxonomy_concept_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_taxonomy_concept_notation"), ["notation"], unique=False)
        batch_op.create_index(batch_op.f("ix_taxonomy_concept_scheme"), ["scheme"], unique=False)
        batch_op.create_index(batch_op.f("ix_taxonomy_concept_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_taxonomy_concept_type"), ["type"], unique=False)

    op.create_table(
        "taxonomy_revision",
        sa.Column("concept_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version"],
            ["taxonomy_version.number"],
            name=op.f("fk_taxonomy_revision_version_taxonomy_version"),
        ),
        sa.PrimaryKeyConstraint("concept_id", "version", name=op.f("pk_taxonomy_revision")),
    )
    op.create_table(
        "taxonomy_label",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("concept_id", sa.String(length=80), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("folded", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["concept_id"],
            ["taxonomy_concept.id"],
            name=op.f("fk_taxonomy_label_concept_id_taxonomy_concept"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_label")),
    )
    with op.batch_alter_table("taxonomy_label", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_taxonomy_label_concept_id"), ["concept_id"], unique=False)
        batch_op.create_index("ix_taxonomy_label_folded", ["folded"], unique=False)

    op.create_table(
        "taxonomy_relation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=80), nullable=False),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("provenance", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["taxonomy_concept.id"],
            name=op.f("fk_taxonomy_relation_source_id_taxonomy_concept"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["taxonomy_concept.id"],
            name=op.f("fk_taxonomy_relation_target_id_taxonomy_concept"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_relation")),
        sa.UniqueConstraint(
            "source_id", "kind", "target_id", name=op.f("uq_taxonomy_relation_source_id_kind_target_id")
        ),
    )
    with op.batch_alter_table("taxonomy_relation", schema=None) as batch_op:
        batch_op.create_index("ix_taxonomy_relation_target", ["target_id", "kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("taxonomy_relation", schema=None) as batch_op:
        batch_op.drop_index("ix_taxonomy_relation_target")

    op.drop_table("taxonomy_relation")
    with op.batch_alter_table("taxonomy_label", schema=None) as batch_op:
        batch_op.drop_index("ix_taxonomy_label_folded")
        batch_op.drop_index(batch_op.f("ix_taxonomy_label_concept_id"))

    op.drop_table("taxonomy_label")
    op.drop_table("taxonomy_revision")
    with op.batch_alter_table("taxonomy_concept", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_concept_type"))
        batch_op.drop_index(batch_op.f("ix_taxonomy_concept_status"))
        batch_op.drop_index(batch_op.f("ix_taxonomy_concept_scheme"))
        batch_op.drop_index(batch_op.f("ix_taxonomy_concept_notation"))
        batch_op.drop_index(batch_op.f("ix_taxonomy_concept_external_id"))

    op.drop_table("taxonomy_concept")
    with op.batch_alter_table("taxonomy_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_taxonomy_change_version"))
        batch_op.drop_index(batch_op.f("ix_taxonomy_change_concept_id"))

    op.drop_table("taxonomy_change")
    op.drop_table("taxonomy_version")
