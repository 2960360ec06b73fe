"""The only package that knows which database backend is in use."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from webmap.errors import StoreError
from webmap.store.dialects.base import Backend, BBox
from webmap.store.dialects.postgis import PostGISBackend
from webmap.store.dialects.sqlite import SQLiteBackend

__all__ = ["Backend", "BBox", "backend_for_dialect", "backend_for_url"]

_BACKENDS: dict[str, type[Backend]] = {"sqlite": SQLiteBackend, "postgresql": PostGISBackend}


def backend_for_dialect(name: str) -> Backend:
    """The backend for a SQLAlchemy dialect name (``sqlite`` or ``postgresql``)."""
    return _BACKENDS[name]()


def backend_for_url(url: str) -> Backend:
    """Pick the backend for a database URL.

    Raises:
        StoreError: for a URL that is malformed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for malformed URLs
        raise StoreError(
            f"GREENMAP_DATABASE_URL không hợp lệ: {url!r}",
            f"GREENMAP_DATABASE_URL is not a valid database URL: {url!r}",
        ) from exc
    if parsed.get_backend_name() in _BACKENDS:
        return backend_for_dialect(parsed.get_backend_name())
    raise StoreError(
        f"Không hỗ trợ cơ sở dữ liệu {parsed.get_backend_name()!r}: dùng sqlite:/// hoặc "
        "postgresql+psycopg://",
        f"Unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or "
        "postgresql+psycopg://",
    )
