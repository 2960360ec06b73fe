"""PostgreSQL + PostGIS: GiST on geometry, trigram index over folded text."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from webmap.errors import StoreError
from webmap.store.dialects.base import Backend, BBox
from webmap.store.schema import features

#: How long a writer waits for another one before giving up.
LOCK_TIMEOUT_MS = 30_000


class PostGISBackend(Backend):
    """PostgreSQL 15+ with PostGIS 3 and pg_trgm."""

    name = "postgresql"
    bbox_filter_is_exact = True

    def configure_engine(self, engine: Engine) -> None:
        """Nothing per connection: PostGIS needs no session settings."""

    def lock(self, conn: Connection, resource: str) -> None:
        """A transaction-scoped advisory lock on ``resource``, waited for up to the timeout."""
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:resource, 0))"),
            {"resource": f"greenmap:{resource}"},
        )

    def is_lock_timeout(self, error: sa.exc.OperationalError) -> bool:
        return getattr(error.orig, "sqlstate", None) == "55P03"  # lock_not_available

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
