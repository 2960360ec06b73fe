"""SQLAlchemy Core tables of the store (see docs/data-model.md).

The same tables exist on SQLite and PostGIS; the Alembic migrations in
``webmap/store/migrations`` create them. Backend-specific indexes (R*Tree,
FTS5, GiST, trigram) are made by :mod:`webmap.store.dialects`.
"""

from __future__ import annotations

import sqlalchemy as sa

from webmap.store.dialects.types import Geom, JSONType

metadata = sa.MetaData()

plan_meta = sa.Table(
    "plan_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", JSONType, nullable=False),
)

task_groups = sa.Table(
    "task_groups",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title_vi", sa.Text, nullable=False),
    sa.Column("title_en", sa.Text, nullable=False),
    sa.Column("description_vi", sa.Text, nullable=False, default=""),
    sa.Column("stated_task_count", sa.Integer, nullable=False),
    sa.Column("raw_line", sa.Integer, nullable=False),
)

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("group_number", sa.Integer, sa.ForeignKey("task_groups.number"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text_vi", sa.Text, nullable=False),
    sa.Column("summary_en", sa.Text, nullable=False),
    sa.Column("raw_lines", JSONType, nullable=False),
    sa.Column("raw_text", sa.Text, nullable=False),
)

targets = sa.Table(
    "targets",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("section", sa.String(4), nullable=False),
    sa.Column("section_title_vi", sa.Text, nullable=False),
    sa.Column("indicator_vi", sa.Text, nullable=False),
    sa.Column("indicator_en", sa.Text, nullable=False),
    sa.Column("comparison", sa.String(16), nullable=False),
    sa.Column("value_min", sa.Float),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(32), nullable=False),
    sa.Column("baseline_year", sa.Integer),
    sa.Column("target_year", sa.Integer, nullable=False),
    sa.Column("raw_line", sa.Integer, nullable=False),
    sa.Column("raw_text", sa.Text, nullable=False),
)

layers = sa.Table(
    "layers",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title_vi", sa.Text, nullable=False),
    sa.Column("title_en", sa.Text, nullable=False),
    sa.Column("theme", sa.String(32), nullable=False),
    sa.Column("geometry_type", sa.String(32), nullable=False),
    sa.Column("description_vi", sa.Text, nullable=False, default=""),
    sa.Column("description_en", sa.Text, nullable=False, default=""),
    sa.Column("style", JSONType, nullable=False),
    sa.Column("popup_fields", JSONType, nullable=False),
    sa.Column("default_tasks", JSONType, nullable=False),
    sa.Column("spec", JSONType, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("attribution", sa.Text, nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False, default=0),
    sa.Column("current_version", sa.Integer),
)

layer_versions = sa.Table(
    "layer_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("layer_id", sa.String(64), sa.ForeignKey("layers.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("feature_count", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    sa.Column("loaded_by", sa.String(128), nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("origin", sa.String(32), nullable=False),
    # True when the version's features are in ``feature_history`` (every version published
    # since revision 0004, and the version current at the upgrade once a publish follows it).
    sa.Column("restorable", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("layer_id", "version", name="uq_layer_versions_layer_version"),
)

features = sa.Table(
    "features",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("layer_id", sa.String(64), sa.ForeignKey("layers.id"), nullable=False, index=True),
    sa.Column("name_vi", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Column("geom", Geom()),
    sa.Column("minx", sa.Float),
    sa.Column("miny", sa.Float),
    sa.Column("maxx", sa.Float),
    sa.Column("maxy", sa.Float),
    sa.Column("precision", sa.String(16), nullable=False),
    sa.Column("precision_note", sa.Text, nullable=False, default=""),
    sa.Column("properties", JSONType, nullable=False),
    sa.Column("district_code", sa.String(8)),
    sa.Column("district_name", sa.Text),
    sa.Column("commune_code", sa.String(8)),
    sa.Column("commune_name", sa.Text),
    sa.Column("today_unit", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("last_verified", sa.Date),
    # project, part or context: counts and filters are about projects.
    sa.Column("role", sa.String(16), nullable=False, server_default="project", index=True),
    # For a part (a turbine), the project (the farm) it belongs to.
    sa.Column("parent_key", sa.String(200), index=True),
    sa.Column("search_text", sa.Text, nullable=False, default=""),
    sa.Column("version", sa.Integer, nullable=False),
    # Which kind of load wrote the row ("bundled", "osm", "user"): a load removes only
    # the rows its own origin wrote earlier, so an OSM import and a reload coexist.
    sa.Column("origin", sa.String(32), nullable=False),
)

feature_tasks = sa.Table(
    "feature_tasks",
    metadata,
    sa.Column("feature_key", sa.String(200), primary_key=True),
    sa.Column("task_code", sa.String(16), primary_key=True),
    # "etl" links are replaced on each load; links added by staff are kept.
    sa.Column("added_by", sa.String(128), nullable=False),
    sa.Index("ix_feature_tasks_task", "task_code"),
)

status_events = sa.Table(
    "status_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("feature_key", sa.String(200), nullable=False, index=True),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("effective_date", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.String(128), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    # day, month, year, end_of_year, or recorded (the date is when the source recorded it).
    sa.Column("date_precision", sa.String(16), nullable=False, server_default="day"),
)

#: Every district a feature belongs to (a service area serves several).
feature_districts = sa.Table(
    "feature_districts",
    metadata,
    sa.Column("feature_key", sa.String(200), primary_key=True),
    sa.Column("district_code", sa.String(8), primary_key=True),
    sa.Index("ix_feature_districts_district", "district_code"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False),
    sa.Column("detail", JSONType, nullable=False),
    sa.Index("ix_audit_log_actor", "actor"),
    sa.Index("ix_audit_log_entity", "entity", "entity_id"),
    sa.Index("ix_audit_log_at", "at"),
)

#: A staged load: built and checked, not yet visible to readers (see store/layers.py).
layer_drafts = sa.Table(
    "layer_drafts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("layer_id", sa.String(64), nullable=False, index=True),
    sa.Column("base_version", sa.Integer, nullable=True),
    sa.Column("origin", sa.String(32), nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    sa.Column("layer", JSONType, nullable=False),
    sa.Column("feature_count", sa.Integer, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("created_by", sa.String(128), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("published_version", sa.Integer, nullable=True),
    # origin | merge | replace | restore (see webmap.store.drafts.MODES).
    sa.Column("mode", sa.String(16), nullable=False, server_default="origin"),
)

#: The features of a draft, one JSON document each, until it is published or discarded.
draft_features = sa.Table(
    "draft_features",
    metadata,
    sa.Column("draft_id", sa.Integer, sa.ForeignKey("layer_drafts.id"), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("record", JSONType, nullable=False),
)

#: Every published state of every feature: a row is valid from the layer version that wrote
#: it until (not including) ``valid_to``, the version that changed or removed it (open: NULL).
feature_history = sa.Table(
    "feature_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("layer_id", sa.String(64), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("valid_from", sa.Integer, nullable=False),
    sa.Column("valid_to", sa.Integer, nullable=True),
    sa.Column("origin", sa.String(32), nullable=False),
    # The feature's stored fields, its source task links and its districts (JSON).
    sa.Column("record", JSONType, nullable=False),
    sa.Index("ix_feature_history_layer_from", "layer_id", "valid_from"),
    sa.Index("ix_feature_history_layer_key", "layer_id", "key"),
)

#: The column mapping last used to upload into each layer (target field → file column).
upload_mappings = sa.Table(
    "upload_mappings",
    metadata,
    sa.Column("layer_id", sa.String(64), primary_key=True),
    sa.Column("mapping", JSONType, nullable=False),
    sa.Column("updated_by", sa.String(128), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# -- plan progress, targets and yearly reports (revision 0005) --------------------------------
# Task codes and target ids are plain strings, not foreign keys: reloading the plan replaces
# its tables, and the histories below must outlive that.

#: Dated progress entries of a plan task; append-only, the current entry is the latest by
#: (effective_date, recorded_at, id).
task_progress = sa.Table(
    "task_progress",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("task_code", sa.String(16), nullable=False),
    sa.Column("period_year", sa.Integer, nullable=False),
    # not_started | in_progress | completed | ongoing (see webmap.store.progress).
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("percent", sa.Float, nullable=True),
    sa.Column("lead_agency", sa.Text, nullable=False),
    sa.Column("partner_agencies", JSONType, nullable=False),
    sa.Column("results", sa.Text, nullable=False),
    sa.Column("obstacles", sa.Text, nullable=False),
    sa.Column("proposals", sa.Text, nullable=False),
    # [{"label": ..., "url": ...}, ...]
    sa.Column("evidence", JSONType, nullable=False),
    sa.Column("effective_date", sa.Date, nullable=False),
    sa.Column("recorded_by", sa.String(128), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_task_progress_task", "task_code"),
    sa.Index("ix_task_progress_year", "period_year"),
)

#: Weights of a group's tasks in its progress roll-up; no rows for a group = equal weights.
group_weights = sa.Table(
    "group_weights",
    metadata,
    sa.Column("group_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("task_code", sa.String(16), primary_key=True),
    sa.Column("weight", sa.Float, nullable=False),
)

#: Baselines and measured values of the 2030 targets; append-only. The current baseline is
#: the latest baseline row; one measured value per target and year.
target_values = sa.Table(
    "target_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("target_id", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # baseline | measured
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("observed_date", sa.Date, nullable=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.String(128), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_target_values_target", "target_id"),
    sa.Index(
        "uq_target_values_measured",
        "target_id",
        "year",
        unique=True,
        sqlite_where=sa.text("kind = 'measured'"),
        postgresql_where=sa.text("kind = 'measured'"),
    ),
)

#: An editor's on-track category for a target, with the reason; append-only, the latest row
#: wins and an empty category clears the override.
target_overrides = sa.Table(
    "target_overrides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("target_id", sa.String(16), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.String(128), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_target_overrides_target", "target_id"),
)

#: The agencies whose tasks an editor may report on (no rows = every task).
user_agencies = sa.Table(
    "user_agencies",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("agency", sa.String(200), primary_key=True),
)

#: Issued yearly reports: a frozen snapshot of the report's data, one row per revision.
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("issued_by", sa.String(128), nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False),
    # Plain JSON, not JSONB: PostgreSQL keeps the text as written (numbers such as 1e+20 and
    # -0.0, key order), so an issued snapshot reads back exactly and its checksum verifies.
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.UniqueConstraint("year", "revision", name="uq_reports_year_revision"),
)
