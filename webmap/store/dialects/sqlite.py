"""Embedded SQLite: R*Tree over bounding boxes, FTS5 over folded text, JSON for properties."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from webmap.store.dialects.base import Backend, BBox
from webmap.store.schema import features

_rtree = sa.table(
    "feature_rtree",
    sa.column("id"),
    sa.column("minx"),
    sa.column("maxx"),
    sa.column("miny"),
    sa.column("maxy"),
)

_DDL = [
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


class SQLiteBackend(Backend):
    """Python's own sqlite3: no SpatiaLite, no system library."""

    name = "sqlite"
    bbox_filter_is_exact = False

    def configure_engine(self, engine: Engine) -> None:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA busy_timeout = 5000")
            cur.close()

    def create_indexes(self, conn: Connection) -> None:
        for statement in _DDL:
            conn.exec_driver_sql(statement)

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
