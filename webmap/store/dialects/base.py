"""What every backend provides; the rest of the application only sees this interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

BBox = tuple[float, float, float, float]


class Backend(ABC):
    """Backend-specific SQL: spatial index, text search and their DDL."""

    #: ``sqlite`` or ``postgresql``: what /healthz reports.
    name: str
    #: True when :meth:`bbox_filter` is exact (geometry intersects the box);
    #: False when it only compares bounding boxes and shapely must finish the test.
    bbox_filter_is_exact: bool

    @abstractmethod
    def configure_engine(self, engine: Engine) -> None:
        """Install per-connection settings (pragmas, extensions) on ``engine``."""

    def database_file(self, url: str) -> Path | None:
        """The file an embedded database lives in; ``None`` for a database server."""
        return None

    @contextmanager
    def write_transaction(self, engine: Engine) -> Iterator[Connection]:
        """A transaction meant to write: it holds the right to write from its first statement."""
        with engine.begin() as conn:
            yield conn

    @abstractmethod
    def lock(self, conn: Connection, resource: str) -> None:
        """Hold ``resource``'s lock until the transaction of ``conn`` ends."""

    @abstractmethod
    def is_lock_timeout(self, error: sa.exc.OperationalError) -> bool:
        """True when ``error`` means another writer held a lock for too long."""

    @abstractmethod
    def bbox_filter(self, bbox: BBox) -> sa.ColumnElement[bool]:
        """A WHERE clause on ``features`` selecting rows whose geometry meets ``bbox``."""

    @abstractmethod
    def search_filter(self, terms: list[str]) -> sa.ColumnElement[bool]:
        """A WHERE clause on ``features``: every folded term starts a word of ``search_text``."""

    def check_ready(self, conn: Connection) -> None:  # noqa: B027 - optional hook
        """Raise :class:`webmap.errors.StoreError` when the database lacks what we need."""
