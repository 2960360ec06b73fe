"""Editing on the map: place or move a site, change its attributes, record a status.

Every geometry or attribute change is one new version of the layer, published in one
transaction with its ``feature.edit`` or ``feature.create`` audit entry (before and after).
A status change is a dated event added to the feature's history with a ``status.add`` entry.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from webmap.core.uploads import _admin, _place
from webmap.domain import STATUSES, Feature, Layer, StatusEvent, fold
from webmap.domain.dates import parse_partial_date
from webmap.errors import BadRequest
from webmap.store import FeatureFilter, Store

#: Geometry types a layer of each declared type accepts.
ACCEPTS: dict[str, tuple[str, ...]] = {
    "Point": ("Point", "MultiPoint"),
    "LineString": ("LineString", "MultiLineString"),
    "Polygon": ("Polygon", "MultiPolygon"),
}
#: How far outside the province a site may lie (offshore wind farms lie off the coast).
MAX_OUTSIDE_KM = 30.0
#: Attributes an editor may change, and where they are kept.
TEXT_FIELDS = ("name_vi", "name_en", "precision_note")
NUMBER_PROPERTIES = ("capacity_mw", "area_ha")
_TASK = re.compile(r"^\d{1,2}\.\d{1,2}$")
#: The version note of an edit on the map ("Vietnamese / English", as pages show notes).
_NOTES = {
    "feature.edit": "Sửa trên bản đồ: {name} / Edited on the map: {name}",
    "feature.create": "Thêm trên bản đồ: {name} / Added on the map: {name}",
}


def editable_layers(store: Store) -> list[Layer]:
    """Vector layers, in map order: every one can receive a site."""
    return [layer for layer in store.list_layers() if layer.raster is None]


def _layer_of(store: Store, layer_id: str) -> Layer:
    layer = store.get_layer(layer_id)
    if layer.raster is not None or layer.geometry_type not in ACCEPTS:
        raise BadRequest(
            f"Lớp {layer.title_vi} không sửa được trên bản đồ.",
            f"Layer {layer.title_en} cannot be edited on the map.",
        )
    return layer


def editor_features(store: Store, layer_id: str) -> dict[str, Any]:
    """The layer's features for the editor, unlocated ones too (with a null geometry)."""
    _layer_of(store, layer_id)
    found = []
    for f in store.iter_features(FeatureFilter(layers=[layer_id])):
        found.append(
            {
                "type": "Feature",
                "id": f.key,
                "geometry": mapping(f.geometry) if f.geometry is not None else None,
                "properties": {
                    "key": f.key,
                    "name_vi": f.name_vi,
                    "name_en": f.name_en,
                    "status": f.status,
                    "precision": f.precision,
                    "role": f.role,
                    "form": feature_form(f),
                },
            }
        )
    return {"type": "FeatureCollection", "features": found}


def feature_form(feature: Feature) -> dict[str, str]:
    """A feature's editable values as form text."""
    props = feature.properties
    values = {name: str(getattr(feature, name) or "") for name in TEXT_FIELDS}
    for name in NUMBER_PROPERTIES:
        values[name] = "" if props.get(name) in (None, "") else str(props[name])
    values["tasks"] = ", ".join(feature.tasks)
    values["note"] = str(props.get("note") or "")
    return values


# -- checking what the editor sent ----------------------------------------------------------


def _finite(geom: BaseGeometry) -> bool:
    coords = shapely.get_coordinates(geom)
    return bool(len(coords)) and all(math.isfinite(v) for v in coords.ravel())


def check_geometry(layer: Layer, geojson: Any) -> BaseGeometry:
    """A drawn GeoJSON geometry as shapely, checked: type for the layer, valid, in the province.

    Raises:
        BadRequest: naming what is wrong, in Vietnamese and English.
    """
    try:
        geom = shape(geojson)
    except (TypeError, ValueError, KeyError, AttributeError, shapely.errors.GEOSException) as exc:
        raise BadRequest("Hình vẽ không đọc được.", "The drawn geometry cannot be read.") from exc
    if geom.is_empty or not _finite(geom):
        raise BadRequest("Hình vẽ rỗng hoặc có tọa độ sai.", "The geometry is empty or not finite.")
    if geom.geom_type not in ACCEPTS[layer.geometry_type]:
        raise BadRequest(
            f"Lớp {layer.title_vi} nhận {layer.geometry_type}, không phải {geom.geom_type}.",
            f"Layer {layer.title_en} takes a {layer.geometry_type}, not a {geom.geom_type}.",
        )
    if not geom.is_valid:
        raise BadRequest(
            f"Hình không hợp lệ: {shapely.is_valid_reason(geom)}. Hãy vẽ lại.",
            f"The geometry is invalid: {shapely.is_valid_reason(geom)}. Draw it again.",
        )
    _check_inside(geom)
    return geom


def _check_inside(geom: BaseGeometry) -> None:
    province = _admin().province
    if geom.intersects(province):
        return
    # Degrees to km at Bạc Liêu's latitude, close enough for a 30 km tolerance.
    km = province.distance(geom) * 111.0
    if km > MAX_OUTSIDE_KM:
        raise BadRequest(
            f"Vị trí nằm ngoài tỉnh khoảng {km:.0f} km.",
            f"The location lies about {km:.0f} km outside the province.",
        )


def _number(name: str, text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError as exc:
        raise BadRequest(
            f"{name}: “{text}” không phải số.", f"{name}: “{text}” is no number."
        ) from exc
    if not math.isfinite(value) or value < 0:
        raise BadRequest(f"{name}: số không hợp lệ.", f"{name}: not a valid number.")
    return value


def _tasks(text: str, known: set[str]) -> list[str]:
    codes = [c.strip() for c in re.split(r"[,;\s]+", text) if c.strip()]
    unknown = [c for c in codes if not _TASK.match(c) or c not in known]
    if unknown:
        raise BadRequest(
            f"Không có nhiệm vụ {', '.join(unknown)} trong Kế hoạch.",
            f"The plan has no task {', '.join(unknown)}.",
        )
    return list(dict.fromkeys(codes))


def _apply_fields(store: Store, feature: Feature, fields: dict[str, Any]) -> Feature:
    out = replace(feature, properties=dict(feature.properties))
    for name in TEXT_FIELDS:
        if name in fields:
            text = str(fields[name] or "").strip()[:500]
            setattr(out, name, text or (None if name == "name_en" else ""))
    if not out.name_vi:
        raise BadRequest("Tên không được để trống.", "The name cannot be empty.")
    for name in NUMBER_PROPERTIES:
        if name in fields:
            number = _number(name, str(fields[name] or ""))
            if number is None:
                out.properties.pop(name, None)
            else:
                out.properties[name] = number
    if "note" in fields:
        note = str(fields["note"] or "").strip()[:2000]
        out.properties["note"] = note
        if not note:
            out.properties.pop("note")
    if "tasks" in fields:
        out.tasks = _tasks(str(fields["tasks"] or ""), {t["code"] for t in store.tasks()})
    return out


# -- saving ---------------------------------------------------------------------------------


def _snapshot(feature: Feature) -> dict[str, Any]:
    """What the audit log keeps of a feature before and after an edit."""
    return {
        "name_vi": feature.name_vi,
        "geometry": mapping(feature.geometry) if feature.geometry is not None else None,
        "precision": feature.precision,
        "properties": feature.properties,
        "tasks": feature.tasks,
    }


def _save(
    store: Store, layer: Layer, record: Feature, *, by: str, action: str, before: Feature | None
) -> int:
    detail = {"key": record.key, "after": _snapshot(record)}
    if before is not None:
        detail["before"] = _snapshot(before)
    stamp = json.dumps(detail, sort_keys=True, default=str) + datetime.now(UTC).isoformat()
    draft = store.stage_layer(
        layer,
        [record],
        checksum=hashlib.sha256(stamp.encode()).hexdigest(),
        created_by=by,
        note=_NOTES[action].format(name=record.name_vi),
        origin="user",
        mode="merge",
    )
    result = store.publish_draft(
        draft.id, actor=by, records=[record], audit=(action, "feature", record.key, detail)
    )
    return result.version


def edit_feature(
    store: Store,
    key: str,
    *,
    fields: dict[str, Any] | None = None,
    geometry: Any = None,
    by: str,
) -> int:
    """Change a feature's attributes and/or geometry; returns the layer's new version.

    Giving an unlocated (or roughly placed) feature a drawn geometry makes it a site.
    """
    before = store.get_feature(key)
    layer = _layer_of(store, before.layer_id)
    record = _apply_fields(store, before, fields or {})
    record = replace(record, id=None, version=None, status=None, status_date=None)
    record.status_date_precision = None
    record.status_history = []
    if geometry is not None:
        record.geometry = check_geometry(layer, geometry)
        if record.precision not in ("surveyed", "site"):
            record.precision, record.precision_note = "site", ""
        record.district_code = None
        _place([record])
    return _save(store, layer, record, by=by, action="feature.edit", before=before)


def _new_key(store: Store, layer_id: str, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "site"
    taken = {f.key for f in store.iter_features(FeatureFilter(layers=[layer_id]))}
    key, n = f"{layer_id}:u-{slug}", 2
    while key in taken:
        key, n = f"{layer_id}:u-{slug}-{n}", n + 1
    return key


def create_feature(
    store: Store,
    layer_id: str,
    *,
    fields: dict[str, Any],
    geometry: Any,
    source: str,
    licence: str,
    by: str,
) -> str:
    """Add a new site drawn on the map; returns its key."""
    layer = _layer_of(store, layer_id)
    if not source.strip():
        raise BadRequest("Hãy ghi nguồn của vị trí.", "Give the location's source.")
    geom = check_geometry(layer, geometry)
    name = str(fields.get("name_vi") or "").strip()
    if not name:
        raise BadRequest("Tên không được để trống.", "The name cannot be empty.")
    blank = Feature(
        key=_new_key(store, layer_id, name),
        layer_id=layer_id,
        name_vi=name,
        geometry=geom,
        precision="site",
        source=source.strip()[:500],
        licence=(licence or "").strip()[:200] or "—",
        role=layer.role if layer.role in ("project", "part", "context") else "project",
        tasks=list(layer.default_tasks),
    )
    record = _apply_fields(store, blank, fields)
    _place([record])
    _save(store, layer, record, by=by, action="feature.create", before=None)
    return record.key


def record_status(
    store: Store,
    key: str,
    *,
    status: str,
    date_text: str,
    note: str,
    source: str,
    by: str,
) -> StatusEvent:
    """Add a dated status to a feature's history (day, month or year precision)."""
    store.get_feature(key)
    if status not in STATUSES:
        raise BadRequest(f"Trạng thái không hợp lệ: {status}", f"Unknown status: {status}")
    parsed = parse_partial_date(date_text)
    if parsed is None:
        raise BadRequest(
            f"Ngày “{date_text}” không hợp lệ: viết 17/05/2025, 05/2025 hoặc 2025.",
            f"Date “{date_text}” is not valid: write 2025-05-17, 05/2025 or 2025.",
        )
    when, precision = parsed
    if when > date.today():
        raise BadRequest("Ngày trạng thái ở tương lai.", "The status date is in the future.")
    if not source.strip():
        raise BadRequest("Hãy ghi nguồn của trạng thái.", "Give the status's source.")
    event = StatusEvent(
        status=status,
        effective_date=when,
        source=source.strip()[:500],
        note=note.strip()[:2000],
        recorded_by=by,
        date_precision=precision,
    )
    store.add_status(key, event, actor=by)
    return event
