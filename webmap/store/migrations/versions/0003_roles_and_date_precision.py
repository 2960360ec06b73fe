"""Projects, parts and context; status dates at their precision; districts of a feature.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:00:00

Frozen: this file carries its own column types.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), nullable=False, server_default="project")
        )
        batch_op.add_column(sa.Column("parent_key", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_features_role"), ["role"], unique=False)
        batch_op.create_index(batch_op.f("ix_features_parent_key"), ["parent_key"], unique=False)
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("date_precision", sa.String(length=16), nullable=False, server_default="day")
        )
    op.create_table(
        "feature_districts",
        sa.Column("feature_key", sa.String(length=200), nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("feature_key", "district_code"),
    )
    with op.batch_alter_table("feature_districts", schema=None) as batch_op:
        batch_op.create_index("ix_feature_districts_district", ["district_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feature_districts", schema=None) as batch_op:
        batch_op.drop_index("ix_feature_districts_district")
    op.drop_table("feature_districts")
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.drop_column("date_precision")
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_features_parent_key"))
        batch_op.drop_index(batch_op.f("ix_features_role"))
        batch_op.drop_column("parent_key")
        batch_op.drop_column("role")
