"""Initial schema: plan, layers, features, task links, status history, users, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 07:22:17.660275

Frozen: this file carries its own DDL and column types, so later changes to
the dialects or the schema module never rewrite history.
"""

from __future__ import annotations

from typing import Any

import shapely
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class _PostGISGeometry(UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "geometry(GEOMETRY,4326)"


class Geom(TypeDecorator[Any]):
    """The geometry column as created by this revision (WKB BLOB or PostGIS geometry)."""

    impl = sa.LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        impl = _PostGISGeometry() if dialect.name == "postgresql" else sa.LargeBinary()
        return dialect.type_descriptor(impl)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else shapely.to_wkb(value)


_SQLITE_DDL = [
    "CREATE VIRTUAL TABLE feature_rtree USING rtree(id, minx, maxx, miny, maxy)",
    # The triggers keep the R*Tree equal to the bbox columns of located features.
    """CREATE TRIGGER features_rtree_ai AFTER INSERT ON features WHEN new.minx IS NOT NULL
       BEGIN
         INSERT INTO feature_rtree VALUES (new.id, new.minx, new.maxx, new.miny, new.maxy);
       END""",
    """CREATE TRIGGER features_rtree_ad AFTER DELETE ON features
       BEGIN DELETE FROM feature_rtree WHERE id = old.id; END""",
    """CREATE TRIGGER features_rtree_au AFTER UPDATE OF minx, miny, maxx, maxy ON features
       BEGIN
         DELETE FROM feature_rtree WHERE id = old.id;
         INSERT INTO feature_rtree SELECT new.id, new.minx, new.maxx, new.miny, new.maxy
           WHERE new.minx IS NOT NULL;
       END""",
    """CREATE VIRTUAL TABLE feature_fts USING fts5(
         search_text, content='features', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER features_fts_ai AFTER INSERT ON features
       BEGIN INSERT INTO feature_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER features_fts_ad AFTER DELETE ON features
       BEGIN INSERT INTO feature_fts(feature_fts, rowid, search_text)
             VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER features_fts_au AFTER UPDATE OF search_text ON features
       BEGIN
         INSERT INTO feature_fts(feature_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
         INSERT INTO feature_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
]

_POSTGIS_EXTENSIONS = ("postgis", "pg_trgm")
_POSTGIS_DDL = [
    "CREATE INDEX ix_features_geom ON features USING gist (geom)",
    "CREATE INDEX ix_features_search_trgm ON features USING gin (search_text gin_trgm_ops)",
]
#: Indexes and virtual tables each backend needs beyond the portable tables.
_DIALECT_DDL = {"sqlite": _SQLITE_DDL, "postgresql": _POSTGIS_DDL}


def _create_extensions() -> None:
    """PostGIS and pg_trgm, with a clear message if the role may not create them."""
    bind = op.get_bind()
    for ext in _POSTGIS_EXTENSIONS:
        try:
            with bind.begin_nested():
                bind.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {ext}")
        except sa.exc.DBAPIError as exc:
            from webmap.errors import StoreError

            raise StoreError(
                f"Không tạo được phần mở rộng {ext}: cần quyền quản trị cơ sở dữ liệu "
                f"(CREATE EXTENSION {ext}).",
                f"Cannot create the {ext} extension: a database administrator must run "
                f"CREATE EXTENSION {ext} in this database.",
            ) from exc


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _create_extensions()
    _create_plan_tables()
    _create_account_tables()
    _create_layer_tables()
    _create_feature_tables()
    for statement in _DIALECT_DDL[dialect]:
        op.execute(statement)


def _create_plan_tables() -> None:
    op.create_table(
        "plan_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "targets",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("section", sa.String(length=4), nullable=False),
        sa.Column("section_title_vi", sa.Text(), nullable=False),
        sa.Column("indicator_vi", sa.Text(), nullable=False),
        sa.Column("indicator_en", sa.Text(), nullable=False),
        sa.Column("comparison", sa.String(length=16), nullable=False),
        sa.Column("value_min", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("raw_line", sa.Integer(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "task_groups",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title_vi", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("description_vi", sa.Text(), nullable=False),
        sa.Column("stated_task_count", sa.Integer(), nullable=False),
        sa.Column("raw_line", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "tasks",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("group_number", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text_vi", sa.Text(), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("raw_lines", JSONType, nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_number"],
            ["task_groups.number"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )


def _create_account_tables() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("detail", JSONType, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )


def _create_layer_tables() -> None:
    op.create_table(
        "layers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title_vi", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("geometry_type", sa.String(length=32), nullable=False),
        sa.Column("description_vi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("style", JSONType, nullable=False),
        sa.Column("popup_fields", JSONType, nullable=False),
        sa.Column("default_tasks", JSONType, nullable=False),
        sa.Column("spec", JSONType, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "layer_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("loaded_by", sa.String(length=128), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("layer_id", "version", name="uq_layer_versions_layer_version"),
    )


def _create_feature_tables() -> None:
    op.create_table(
        "features",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("layer_id", sa.String(length=64), nullable=False),
        sa.Column("name_vi", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("geom", Geom(), nullable=True),
        sa.Column("minx", sa.Float(), nullable=True),
        sa.Column("miny", sa.Float(), nullable=True),
        sa.Column("maxx", sa.Float(), nullable=True),
        sa.Column("maxy", sa.Float(), nullable=True),
        sa.Column("precision", sa.String(length=16), nullable=False),
        sa.Column("precision_note", sa.Text(), nullable=False),
        sa.Column("properties", JSONType, nullable=False),
        sa.Column("district_code", sa.String(length=8), nullable=True),
        sa.Column("district_name", sa.Text(), nullable=True),
        sa.Column("commune_code", sa.String(length=8), nullable=True),
        sa.Column("commune_name", sa.Text(), nullable=True),
        sa.Column("today_unit", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["layer_id"],
            ["layers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_features_layer_id"), ["layer_id"], unique=False)
    op.create_table(
        "feature_tasks",
        sa.Column("feature_key", sa.String(length=200), nullable=False),
        sa.Column("task_code", sa.String(length=16), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("feature_key", "task_code"),
    )
    with op.batch_alter_table("feature_tasks", schema=None) as batch_op:
        batch_op.create_index("ix_feature_tasks_task", ["task_code"], unique=False)
    op.create_table(
        "status_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feature_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_events_feature_key"), ["feature_key"], unique=False
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("feature_fts", "feature_rtree"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
    op.drop_table("tasks")
    op.drop_table("layer_versions")
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_features_layer_id"))

    op.drop_table("features")
    op.drop_table("users")
    op.drop_table("task_groups")
    op.drop_table("targets")
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_events_feature_key"))

    op.drop_table("status_events")
    op.drop_table("plan_meta")
    op.drop_table("layers")
    with op.batch_alter_table("feature_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_feature_tasks_task")

    op.drop_table("feature_tasks")
    op.drop_table("audit_log")
