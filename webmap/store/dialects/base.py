"""What every backend provides; the rest of the application only sees this interface."""

from __future__ import annotations

from abc import ABC, abstractmethod

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

    @abstractmethod
    def create_indexes(self, conn: Connection) -> None:
        """Create the spatial index and the text-search index (called by a migration)."""

    @abstractmethod
    def bbox_filter(self, bbox: BBox) -> sa.ColumnElement[bool]:
        """A WHERE clause on ``features`` selecting rows whose geometry meets ``bbox``."""

    @abstractmethod
    def search_filter(self, terms: list[str]) -> sa.ColumnElement[bool]:
        """A WHERE clause on ``features``: every folded term starts a word of ``search_text``."""

    def check_ready(self, conn: Connection) -> None:  # noqa: B027 - optional hook
        """Raise :class:`webmap.errors.StoreError` when the database lacks what we need."""
