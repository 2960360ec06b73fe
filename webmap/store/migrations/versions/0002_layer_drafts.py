"""Staged loads: layer drafts and their features, which readers never see.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00

Frozen: this file carries its own column types.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "layer_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("layer", JSONType, nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("layer_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_layer_drafts_layer_id"), ["layer_id"], unique=False)
    op.create_table(
        "draft_features",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record", JSONType, nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["layer_drafts.id"]),
        sa.PrimaryKeyConstraint("draft_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("draft_features")
    with op.batch_alter_table("layer_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_layer_drafts_layer_id"))
    op.drop_table("layer_drafts")
