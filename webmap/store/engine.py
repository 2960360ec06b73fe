"""The store's connection to its database: engine, schema revision, transactions and locks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from webmap.errors import Conflict, StoreError
from webmap.store import migrate
from webmap.store.dialects import Backend, backend_for_url


def database_file(url: str) -> Path | None:
    """The file an embedded database lives in, or ``None`` for a database server."""
    return backend_for_url(url).database_file(url)


class StoreBase:
    """Engine, backend capabilities and the lifecycle every part of the store shares."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.url = url
        self.backend: Backend = backend_for_url(url)
        self.engine = engine or self._make_engine(url)

    def _make_engine(self, url: str) -> Engine:
        folder = self.backend.database_file(url)
        if folder is not None and not folder.parent.is_dir():
            raise StoreError(
                f"Thư mục của cơ sở dữ liệu không tồn tại: {folder.parent}",
                f"The database folder does not exist: {folder.parent} "
                "(run `greenmap init-db`, which creates it)",
            )
        try:
            engine = sa.create_engine(url, pool_pre_ping=True)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(
                "Không mở được cơ sở dữ liệu.", f"Cannot open the database: {exc}"
            ) from exc
        self.backend.configure_engine(engine)
        return engine

    # -- lifecycle ---------------------------------------------------------------

    def ping(self) -> None:
        """Connect once; raise :class:`StoreError` with a clear message when unreachable."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.SQLAlchemyError as exc:
            reason = str(exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc).strip()
            reason = reason.splitlines()[0] if reason else type(exc).__name__
            raise StoreError(
                f"Không kết nối được cơ sở dữ liệu ({self.safe_url}): {reason}",
                f"Cannot connect to the database ({self.safe_url}): {reason}",
            ) from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest revision (safe to run twice)."""
        self.ping()
        migrate.upgrade(self.engine)

    def revision(self) -> str | None:
        """The schema revision of the database."""
        return migrate.current_revision(self.engine)

    def check_schema(self) -> None:
        """Raise :class:`StoreError` unless the database is reachable and at the head revision."""
        self.ping()
        current, head = self.revision(), migrate.head_revision()
        if current != head:
            raise StoreError(
                f"Cơ sở dữ liệu ở phiên bản lược đồ {current or 'trống'}, cần {head}: "
                "chạy `greenmap init-db`.",
                f"The database is at schema revision {current or 'none'}, this version needs "
                f"{head}: run `greenmap init-db`.",
            )
        with self.engine.connect() as conn:
            self.backend.check_ready(conn)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def locked(self, resource: str, name_vi: str, name_en: str) -> Iterator[Connection]:
        """A write transaction holding ``resource``'s lock until it commits or rolls back.

        A second writer of the same resource waits for the first (SQLite: the
        database's write lock taken at BEGIN IMMEDIATE; PostgreSQL: a
        transaction-scoped advisory lock). If it waits longer than the
        backend's lock timeout it gets a :class:`Conflict`, never a traceback.
        """
        try:
            with self.backend.write_transaction(self.engine) as conn:
                self.backend.lock(conn, resource)
                yield conn
        except sa.exc.OperationalError as exc:
            if not self.backend.is_lock_timeout(exc):
                raise
            raise Conflict(
                f"{name_vi} đang được một lần cập nhật khác ghi; hãy thử lại sau ít phút.",
                f"{name_en} is being written by another update; try again in a few minutes.",
            ) from exc
