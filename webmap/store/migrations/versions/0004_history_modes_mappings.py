"""Feature history per layer version, draft modes, remembered upload mappings, audit indexes.

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-10 09:00:00

Frozen: this file carries its own column types.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "feature_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Integer(), nullable=False),
        sa.Column("valid_to", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("record", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feature_history", schema=None) as batch_op:
        batch_op.create_index("ix_feature_history_layer_from", ["layer_id", "valid_from"])
        batch_op.create_index("ix_feature_history_layer_key", ["layer_id", "key"])
    op.create_table(
        "upload_mappings",
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("mapping", JSONType, nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("layer_id"),
    )
    with op.batch_alter_table("layer_drafts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mode", sa.String(length=16), nullable=False, server_default="origin")
        )
    with op.batch_alter_table("layer_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("restorable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_actor", ["actor"])
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"])
        batch_op.create_index("ix_audit_log_at", ["at"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index("ix_audit_log_actor")
    with op.batch_alter_table("layer_versions", schema=None) as batch_op:
        batch_op.drop_column("restorable")
    with op.batch_alter_table("layer_drafts", schema=None) as batch_op:
        batch_op.drop_column("mode")
    op.drop_table("upload_mappings")
    with op.batch_alter_table("feature_history", schema=None) as batch_op:
        batch_op.drop_index("ix_feature_history_layer_key")
        batch_op.drop_index("ix_feature_history_layer_from")
    op.drop_table("feature_history")
