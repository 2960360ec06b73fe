"""PostgreSQL + PostGIS: GiST on geometry, trigram index over folded text."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from webmap.errors import StoreError
from webmap.store.dialects.base import Backend, BBox
from webmap.store.schema import features

_DDL = [
    "CREATE INDEX ix_features_geom ON features USING gist (geom)",
    "CREATE INDEX ix_features_search_trgm ON features USING gin (search_text gin_trgm_ops)",
]


class PostGISBackend(Backend):
    """PostgreSQL 15+ with PostGIS 3 and pg_trgm."""

    name = "postgresql"
    bbox_filter_is_exact = True

    def configure_engine(self, engine: Engine) -> None:
        """Nothing per connection: PostGIS needs no session settings."""

    def create_extensions(self, conn: Connection) -> None:
        """Create PostGIS and pg_trgm, with a clear message if the role may not."""
        for ext in ("postgis", "pg_trgm"):
            try:
                with conn.begin_nested():
                    conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {ext}")
            except sa.exc.DBAPIError as exc:
                raise StoreError(
                    f"Không tạo được phần mở rộng {ext}: cần quyền quản trị cơ sở dữ liệu "
                    f"(CREATE EXTENSION {ext}).",
                    f"Cannot create the {ext} extension: a database administrator must run "
                    f"CREATE EXTENSION {ext} in this database.",
                ) from exc

    def create_indexes(self, conn: Connection) -> None:
        for statement in _DDL:
            conn.exec_driver_sql(statement)

    def check_ready(self, conn: Connection) -> None:
        have = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm')"
        ).scalar_one()
        if have != 2:
            raise StoreError(
                "Cơ sở dữ liệu thiếu PostGIS hoặc pg_trgm: chạy `greenmap init-db`.",
                "The database lacks PostGIS or pg_trgm: run `greenmap init-db`.",
            )

    def bbox_filter(self, bbox: BBox) -> sa.ColumnElement[bool]:
        minx, miny, maxx, maxy = bbox
        envelope = sa.func.ST_MakeEnvelope(minx, miny, maxx, maxy, 4326)
        return sa.func.ST_Intersects(features.c.geom, envelope)

    def search_filter(self, terms: list[str]) -> sa.ColumnElement[bool]:
        # "\m" anchors at the start of a word, as FTS5's prefix query does on SQLite.
        return sa.and_(*(features.c.search_text.op("~")(r"\m" + re.escape(term)) for term in terms))
