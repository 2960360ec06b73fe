"""Embedded SQLite: R*Tree over bounding boxes, FTS5 over folded text, JSON for properties."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from webmap.store.dialects.base import Backend, BBox
from webmap.store.schema import features

#: How long a writer waits for another one before giving up.
LOCK_TIMEOUT_MS = 30_000
_IMMEDIATE = "greenmap_begin_immediate"

_rtree = sa.table(
    "feature_rtree",
    sa.column("id"),
    sa.column("minx"),
    sa.column("maxx"),
    sa.column("miny"),
    sa.column("maxy"),
)



class SQLiteBackend(Backend):
    """Python's own sqlite3: no SpatiaLite, no system library."""

    name = "sqlite"
    bbox_filter_is_exact = False

    def configure_engine(self, engine: Engine) -> None:
        # SQLAlchemy's recipe for pysqlite: the driver issues no BEGIN of its own,
        # we issue it, so that a writer can ask for BEGIN IMMEDIATE.
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT_MS}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            immediate = conn.get_execution_options().get(_IMMEDIATE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def database_file(self, url: str) -> Path | None:
        path = sa.engine.make_url(url).database
        return Path(path) if path and path != ":memory:" else None

    @contextmanager
    def write_transaction(self, engine: Engine) -> Iterator[Connection]:
        """BEGIN IMMEDIATE: take the database's write lock first, waiting for another writer."""
        with engine.connect() as conn:
            conn.execution_options(**{_IMMEDIATE: True})
            with conn.begin():
                yield conn

    def lock(self, conn: Connection, resource: str) -> None:
        """Nothing more: BEGIN IMMEDIATE already holds the (database-wide) write lock."""

    def is_lock_timeout(self, error: sa.exc.OperationalError) -> bool:
        return "database is locked" in str(error.orig)

    def bbox_filter(self, bbox: BBox) -> sa.ColumnElement[bool]:
        minx, miny, maxx, maxy = bbox
        hits = sa.select(_rtree.c.id).where(
            _rtree.c.maxx >= minx,
            _rtree.c.minx <= maxx,
            _rtree.c.maxy >= miny,
            _rtree.c.miny <= maxy,
        )
        return features.c.id.in_(hits)

    def search_filter(self, terms: list[str]) -> sa.ColumnElement[bool]:
        # Terms are folded to [0-9a-z]; quoting keeps FTS5 syntax out of user input.
        match = " AND ".join(f'"{term}"*' for term in terms)
        hits = sa.text("SELECT rowid FROM feature_fts WHERE feature_fts MATCH :match").bindparams(
            match=match
        )
        return features.c.id.in_(hits.columns(sa.column("rowid", sa.Integer)))
