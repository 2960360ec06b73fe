"""Feature services without HTTP: GeoJSON encoding and filter parsing shared by API and exports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from shapely.geometry import mapping

from webmap.domain import FEATURE_FIELDS, Feature
from webmap.errors import BadRequest
from webmap.store import FeatureFilter, FeaturePage, Store

#: Attribute names as the API and exports publish them, where they differ from the model's.
_PUBLISHED_NAME = {"layer_id": "layer"}


def feature_attributes(feature: Feature) -> dict[str, Any]:
    """Every stored attribute (:data:`~webmap.domain.FEATURE_FIELDS`), then the derived ones.

    JSON-ready: dates as ISO text. The geometry is left to the caller.
    """
    out: dict[str, Any] = {}
    for name in FEATURE_FIELDS:
        if name == "geometry":
            continue
        value = getattr(feature, name)
        out[_PUBLISHED_NAME.get(name, name)] = (
            value.isoformat() if isinstance(value, date) else value
        )
    out["status"] = feature.status
    out["status_date"] = feature.status_date.isoformat() if feature.status_date else None
    out["status_date_precision"] = feature.status_date_precision
    out["tasks"] = feature.tasks
    out["version"] = feature.version
    return out


def feature_to_geojson(feature: Feature) -> dict[str, Any]:
    """A GeoJSON Feature with every attribute, provenance and current status."""
    props = feature_attributes(feature)
    if feature.distance_m is not None:
        props["distance_m"] = round(feature.distance_m, 1)
    return {
        "type": "Feature",
        "id": feature.key,
        "geometry": mapping(feature.geometry) if feature.geometry is not None else None,
        "properties": props,
    }


def collection(features: Iterable[Feature], **members: Any) -> dict[str, Any]:
    """A GeoJSON FeatureCollection; extra top-level members (counts, links) are added."""
    return {
        "type": "FeatureCollection",
        "features": [feature_to_geojson(f) for f in features],
        **members,
    }


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Parse ``minLon,minLat,maxLon,maxLat``; :class:`BadRequest` names what is wrong."""
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise BadRequest(
            f"bbox cần đúng 4 số minLon,minLat,maxLon,maxLat, nhận được {value!r}.",
            f"bbox needs exactly 4 numbers minLon,minLat,maxLon,maxLat, got {value!r}.",
        )
    try:
        minx, miny, maxx, maxy = (float(p) for p in parts)
    except ValueError as exc:
        raise BadRequest(
            f"bbox chỉ được chứa số, nhận được {value!r}.",
            f"bbox must contain numbers only, got {value!r}.",
        ) from exc
    return (minx, miny, maxx, maxy)


def parse_int(
    args: Mapping[str, str], name: str, default: int, maximum: int, minimum: int = 0
) -> int:
    """An integer query parameter between ``minimum`` and ``maximum``."""
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(
            f"{name} phải là số nguyên, nhận được {raw!r}.",
            f"{name} must be a whole number, got {raw!r}.",
        ) from exc
    if not minimum <= value <= maximum:
        raise BadRequest(
            f"{name} phải từ {minimum} đến {maximum}.",
            f"{name} must be between {minimum} and {maximum}.",
        )
    return value


_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no")


def parse_bool(args: Mapping[str, str], name: str) -> bool | None:
    """A yes/no query parameter (``1/true/yes`` or ``0/false/no``); ``None`` when absent."""
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return None
    if raw in _TRUE or raw in _FALSE:
        return raw in _TRUE
    raise BadRequest(
        f"{name} phải là 1/true/yes hoặc 0/false/no, nhận được {raw!r}.",
        f"{name} must be 1/true/yes or 0/false/no, got {raw!r}.",
    )


def parse_filter(args: Mapping[str, str], layer_id: str | None = None) -> FeatureFilter:
    """Build a :class:`FeatureFilter` from query parameters (``bbox``, ``status``, ``task`` …)."""
    return FeatureFilter(
        bbox=parse_bbox(args.get("bbox")),
        layers=[layer_id] if layer_id else _split(args.get("layer")),
        statuses=_split(args.get("status")),
        tasks=_split(args.get("task")),
        districts=_split(args.get("district")),
        query=args.get("q", ""),
        located=parse_bool(args, "located"),
    )


def layer_page(
    store: Store, layer_id: str, flt: FeatureFilter, *, limit: int, offset: int
) -> FeaturePage:
    """One page of a layer's features (:class:`NotFound` for no such layer)."""
    store.get_layer(layer_id)
    return store.query_features(flt, limit=limit, offset=offset)


def search_features(store: Store, query: str, *, limit: int) -> list[Feature]:
    """Sites whose names match ``query`` without regard to accents, best matches first."""
    return store.search(query, limit=limit)
