"""Plan progress: task progress entries, group weights, target values and overrides, editors'
agencies, issued yearly reports.

Revision ID: 0005
Revises: 0004
Create Date: 2027-02-01 09:00:00

Frozen: this file carries its own column types.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
_MEASURED = "kind = 'measured'"


def _recorded() -> list[sa.Column[Any]]:
    return [
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _task_progress() -> None:
    op.create_table(
        "task_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_code", sa.String(length=16), nullable=False),
        sa.Column("period_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("percent", sa.Float(), nullable=True),
        sa.Column("lead_agency", sa.Text(), nullable=False),
        sa.Column("partner_agencies", JSONType, nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("obstacles", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("evidence", JSONType, nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_task_progress_task", "task_progress", ["task_code"])
    op.create_index("ix_task_progress_year", "task_progress", ["period_year"])
    op.create_table(
        "group_weights",
        sa.Column("group_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("task_code", sa.String(length=16), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("group_number", "task_code"),
    )


def _targets() -> None:
    op.create_table(
        "target_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("observed_date", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_target_values_target", "target_values", ["target_id"])
    op.create_index(
        "uq_target_values_measured",
        "target_values",
        ["target_id", "year"],
        unique=True,
        sqlite_where=sa.text(_MEASURED),
        postgresql_where=sa.text(_MEASURED),
    )
    op.create_table(
        "target_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_recorded(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_target_overrides_target", "target_overrides", ["target_id"])


def _agencies_and_reports() -> None:
    op.create_table(
        "user_agencies",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("username", "agency"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=128), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        # json, not jsonb: the snapshot's text is kept exactly as issued.
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "revision", name="uq_reports_year_revision"),
    )


def upgrade() -> None:
    _task_progress()
    _targets()
    _agencies_and_reports()


def downgrade() -> None:
    op.drop_table("reports")
    op.drop_table("user_agencies")
    op.drop_index("ix_target_overrides_target", table_name="target_overrides")
    op.drop_table("target_overrides")
    op.drop_index("uq_target_values_measured", table_name="target_values")
    op.drop_index("ix_target_values_target", table_name="target_values")
    op.drop_table("target_values")
    op.drop_table("group_weights")
    op.drop_index("ix_task_progress_year", table_name="task_progress")
    op.drop_index("ix_task_progress_task", table_name="task_progress")
    op.drop_table("task_progress")
