"""A staged draft as an editor reviews it: counts, a table of old → new values, a map; publish.

Nothing here changes what readers see except :func:`publish`, which the store runs in one
transaction with its audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shapely.geometry import mapping

from webmap.core.formatting import format_date, format_number, words_in
from webmap.domain import Feature
from webmap.domain.statuses import STATUS_LABELS
from webmap.store import Draft, LoadResult, Store

#: Most features the preview map draws; the table pages through the rest.
MAP_LIMIT = 5000

#: Field labels of the change table (vi, en); unknown fields show their own name.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "geometry": ("Vị trí", "Location"),
    "name_vi": ("Tên", "Name"),
    "name_en": ("Tên tiếng Anh", "English name"),
    "precision": ("Độ chính xác vị trí", "Location precision"),
    "precision_note": ("Ghi chú vị trí", "Location note"),
    "properties": ("Thuộc tính", "Attributes"),
    "district_code": ("Mã huyện", "District code"),
    "district_name": ("Huyện", "District"),
    "commune_name": ("Xã", "Commune"),
    "source": ("Nguồn", "Source"),
    "licence": ("Giấy phép", "Licence"),
    "last_verified": ("Ngày kiểm tra", "Last verified"),
    "role": ("Vai trò", "Role"),
    "tasks": ("Nhiệm vụ", "Tasks"),
    "status": ("Trạng thái", "Status"),
}


@dataclass
class ChangeRow:
    """One row of the change table."""

    key: str
    name: str
    kind: str  # added | changed | removed | kept
    fields: list[tuple[str, str, str, str]] = field(default_factory=list)  # vi, en, old, new


@dataclass
class Preview:
    """What publishing a draft would do."""

    draft: Draft
    current_version: int | None
    stale: bool
    counts: dict[str, int]
    rows: list[ChangeRow]
    offset: int
    limit: int


def _display(feature: Feature | None, name: str, lang: str = "vi") -> str:
    """One field of a feature as short text for the change table."""
    if feature is None:
        return ""
    if name == "geometry":
        geom = feature.geometry
        if geom is None:
            return "—"
        point = geom.representative_point()
        return f"{geom.geom_type} {point.y:.5f}, {point.x:.5f}"
    if name == "tasks":
        return ", ".join(feature.tasks)
    if name == "status":
        return _status_text(feature)
    value: Any = getattr(feature, name, None)
    if name == "properties":
        return "; ".join(
            f"{k}: {format_number(v, lang) if isinstance(v, int | float) else v}"
            for k, v in sorted((value or {}).items())
            if v not in (None, "")
        )
    return "" if value is None else str(value)


def _status_text(feature: Feature) -> str:
    """The current status of a stored feature, or the newest one a draft's record brings,
    with its date at its precision, as a ``"Vietnamese / English"`` note."""
    when: date | None
    if feature.status_history:
        event = max(feature.status_history, key=lambda e: e.effective_date)
        status, when, precision = event.status, event.effective_date, event.date_precision
    elif feature.status:
        status, when = feature.status, feature.status_date
        precision = feature.status_date_precision or "day"
    else:
        return ""
    vi, en = STATUS_LABELS.get(status, (status, status))
    if when is None:
        return f"{vi} / {en}"
    day_vi, day_en = (format_date(when, precision, lang, words_in(lang)) for lang in ("vi", "en"))
    return f"{vi}, {day_vi} / {en}, {day_en}"


def _field_names(fields: list[str]) -> list[str]:
    """Store column names as Feature attribute names (``geom`` is the geometry)."""
    out = []
    for name in fields:
        name = "geometry" if name in ("geom", "minx", "miny", "maxx", "maxy") else name
        if name not in out and name not in ("search_text", "origin"):
            out.append(name)
    return out


def _changed_row(key: str, old: Feature, new: Feature, fields: list[str]) -> ChangeRow:
    row = ChangeRow(key, new.name_vi, "changed")
    for name in _field_names(fields):
        vi, en = FIELD_NAMES.get(name, (name, name))
        row.fields.append((vi, en, _display(old, name), _display(new, name)))
    return row


def preview(store: Store, draft_id: int, *, limit: int = 200, offset: int = 0) -> Preview:
    """The counts and one page of the change table of a draft (old → new values)."""
    draft = store.get_draft(draft_id)
    changes = store.draft_changes(draft_id, limit=limit, offset=offset)
    current = store.get_layer(draft.layer.id).current_version
    rows = [ChangeRow(f.key, f.name_vi, "added") for f in changes.added]
    rows += [_changed_row(c.key, c.old, c.new, c.fields) for c in changes.changed]
    rows += [ChangeRow(f.key, f.name_vi, "removed") for f in changes.removed]
    rows += [ChangeRow(key, "", "kept") for key in changes.kept]
    return Preview(
        draft=draft,
        current_version=current,
        stale=draft.state == "staged" and current != draft.base_version,
        counts=dict(changes.counts),
        rows=rows,
        offset=offset,
        limit=limit,
    )


def _geojson(feature: Feature, change: str, old: Feature | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {"key": feature.key, "name": feature.name_vi, "change": change}
    if old is not None and old.geometry is not None:
        props["old_geometry"] = mapping(old.geometry)
    return {
        "type": "Feature",
        "id": feature.key,
        "geometry": mapping(feature.geometry) if feature.geometry is not None else None,
        "properties": props,
    }


def preview_geojson(store: Store, draft_id: int) -> dict[str, Any]:
    """The draft's added, changed and removed features for the preview map (bounded)."""
    changes = store.draft_changes(draft_id, limit=MAP_LIMIT, offset=0)
    found = [_geojson(f, "added") for f in changes.added]
    found += [_geojson(c.new, "changed", c.old) for c in changes.changed]
    found += [_geojson(f, "removed") for f in changes.removed]
    return {"type": "FeatureCollection", "features": found[:MAP_LIMIT]}


def publish(store: Store, draft_id: int, *, by: str) -> LoadResult:
    """Publish a draft as the layer's new version (``Conflict`` when the layer moved on)."""
    from webmap.core.ingest import link_parts

    result = store.publish_draft(draft_id, actor=by)
    if result.created:
        link_parts(store, result.layer_id)
    return result


def discard(store: Store, draft_id: int, *, by: str) -> None:
    """Throw a draft away; nothing published changes."""
    store.discard_draft(draft_id, actor=by)


def open_drafts(store: Store) -> list[Draft]:
    """Drafts staged and not yet published or discarded, newest first."""
    return store.open_drafts()
