"""Small helpers shared by the store's modules (no SQL of their own beyond expressions)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from webmap.errors import BadRequest
from webmap.store.dialects import BBox
from webmap.store.schema import features, status_events


def now() -> datetime:
    """The current time in UTC (every timestamp we store is timezone-aware)."""
    return datetime.now(UTC)


def chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    """``items`` in slices of at most ``size`` (keeps IN lists within driver limits)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def as_date(value: Any) -> date | None:
    """A date from what the driver returns (SQLite may hand back text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def check_bbox(bbox: BBox) -> BBox:
    """``bbox`` if it is four finite lon/lat numbers with min ≤ max, else :class:`BadRequest`."""
    minx, miny, maxx, maxy = bbox
    if not all(math.isfinite(v) for v in bbox):
        raise BadRequest("bbox phải là 4 số.", "bbox must be four numbers.")
    if minx > maxx or miny > maxy or not (-180 <= minx <= 180 and -180 <= maxx <= 180):
        raise BadRequest(
            "bbox phải là minLon,minLat,maxLon,maxLat với min ≤ max.",
            "bbox must be minLon,minLat,maxLon,maxLat with min ≤ max.",
        )
    if not (-90 <= miny <= 90 and -90 <= maxy <= 90):
        raise BadRequest("Vĩ độ trong bbox phải từ -90 đến 90.", "bbox latitudes must be -90..90.")
    return bbox


def current_status_subquery(column: str) -> sa.ScalarSelect[Any]:
    """Correlated subquery: the latest status (or its date) of the outer feature row."""
    se = status_events.alias("se_cur")
    return (
        sa.select(se.c[column])
        .where(se.c.feature_key == features.c.key)
        .order_by(se.c.effective_date.desc(), se.c.recorded_at.desc(), se.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
