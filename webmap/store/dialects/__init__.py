"""The only package that knows which database backend is in use."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from webmap.errors import StoreError
from webmap.store.dialects.base import Backend, BBox

__all__ = ["Backend", "BBox", "backend_for_url"]


def _backends() -> dict[str, type[Backend]]:
    # Imported on first use: the backends import the schema, which imports our column types.
    from webmap.store.dialects.postgis import PostGISBackend
    from webmap.store.dialects.sqlite import SQLiteBackend

    return {"sqlite": SQLiteBackend, "postgresql": PostGISBackend}


def backend_for_url(url: str) -> Backend:
    """Pick the backend for a database URL.

    Raises:
        StoreError: for a URL that is malformed or names an unsupported database.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: e.g. a port that is not a number
        raise StoreError(
            f"GREENMAP_DATABASE_URL không hợp lệ: {url!r}",
            f"GREENMAP_DATABASE_URL is not a valid database URL: {url!r}",
        ) from exc
    backend = _backends().get(parsed.get_backend_name())
    if backend is not None:
        return backend()
    raise StoreError(
        f"Không hỗ trợ cơ sở dữ liệu {parsed.get_backend_name()!r}: dùng sqlite:/// hoặc "
        "postgresql+psycopg://",
        f"Unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or "
        "postgresql+psycopg://",
    )
