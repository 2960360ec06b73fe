"""Layers and their published versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import Layer, RasterInfo
from webmap.errors import NotFound
from webmap.store.engine import StoreBase
from webmap.store.schema import audit_log, features, layer_versions, layers

#: Layer metadata columns, as named on :class:`~webmap.domain.Layer`.
_METADATA = (
    "title_vi",
    "title_en",
    "theme",
    "geometry_type",
    "description_vi",
    "description_en",
    "style",
    "popup_fields",
    "default_tasks",
    "source",
    "licence",
    "attribution",
    "sort_order",
)


def layer_values(layer: Layer) -> dict[str, Any]:
    """The ``layers`` row of ``layer``'s metadata (without its id and version)."""
    return {**{name: getattr(layer, name) for name in _METADATA}, "spec": layer.extras_json()}


def layer_from_values(layer_id: str, values: dict[str, Any]) -> Layer:
    """The inverse of :func:`layer_values`, plus whatever read-side columns ``values`` has."""
    extras = dict(values.get("spec") or {})
    raster = extras.get("raster")
    return Layer(
        id=layer_id,
        **{name: values[name] for name in _METADATA},
        missing_data_vi=extras.get("missing_data_vi", ""),
        missing_data_en=extras.get("missing_data_en", ""),
        role=extras.get("role", "project"),
        part_of=extras.get("part_of"),
        labels=dict(extras.get("labels") or []),
        raster=RasterInfo.from_json(raster) if raster else None,
        current_version=values.get("current_version"),
        feature_count=values.get("feature_count", 0),
        located_count=values.get("located_count", 0),
        origins=list(values.get("origins", [])),
    )


def upsert_layer(conn: Connection, layer: Layer, version: int) -> None:
    """Write ``layer``'s metadata and make ``version`` its current one."""
    values = {**layer_values(layer), "current_version": version}
    updated = conn.execute(layers.update().where(layers.c.id == layer.id).values(**values))
    if updated.rowcount == 0:
        conn.execute(layers.insert().values(id=layer.id, **values))


def current_version(conn: Connection, layer_id: str) -> tuple[int | None, str | None]:
    """The layer's current version and that version's checksum (``None``s for a new layer)."""
    row = conn.execute(
        sa.select(layers.c.current_version, layer_versions.c.checksum)
        .select_from(
            layers.outerjoin(
                layer_versions,
                sa.and_(
                    layer_versions.c.layer_id == layers.c.id,
                    layer_versions.c.version == layers.c.current_version,
                ),
            )
        )
        .where(layers.c.id == layer_id)
    ).first()
    return (None, None) if row is None else (row[0], row[1])


class LayerStore(StoreBase):
    """Reading layers, their counts and their version history."""

    def list_layers(self, only: str | None = None) -> list[Layer]:
        """Layers (all, or just ``only``) with version, feature counts and row origins."""
        counted = sa.select(
            features.c.layer_id,
            sa.func.count().label("feature_count"),
            sa.func.count(features.c.geom).label("located_count"),
        )
        origins = sa.select(features.c.layer_id, features.c.origin).distinct()
        if only is not None:
            counted = counted.where(features.c.layer_id == only)
            origins = origins.where(features.c.layer_id == only)
        counts = counted.group_by(features.c.layer_id).subquery()
        query = (
            sa.select(
                layers,
                sa.func.coalesce(counts.c.feature_count, 0).label("feature_count"),
                sa.func.coalesce(counts.c.located_count, 0).label("located_count"),
            )
            .select_from(layers.outerjoin(counts, counts.c.layer_id == layers.c.id))
            .order_by(layers.c.sort_order, layers.c.id)
        )
        if only is not None:
            query = query.where(layers.c.id == only)
        with self.engine.connect() as conn:
            found = [dict(r) for r in conn.execute(query).mappings()]
            by_layer: dict[str, list[str]] = {}
            for layer_id, origin in conn.execute(origins):
                by_layer.setdefault(layer_id, []).append(origin)
        return [
            layer_from_values(row["id"], {**row, "origins": sorted(by_layer.get(row["id"], []))})
            for row in found
        ]

    def get_layer(self, layer_id: str) -> Layer:
        """One layer, or :class:`NotFound`."""
        found = self.list_layers(only=layer_id)
        if found:
            return found[0]
        raise NotFound(f"Không có lớp bản đồ {layer_id!r}.", f"No layer {layer_id!r}.")

    def layer_state(self, layer_id: str) -> tuple[int, datetime, int, datetime | None] | None:
        """What a layer's public answers depend on, read cheaply: its current version, when
        that was loaded, and the newest audit entry's id (a status recorded by staff changes
        features without a new version, and is audited) and its time. ``None`` for an
        unpublished layer."""
        newest = (
            sa.select(layer_versions.c.version, layer_versions.c.loaded_at)
            .where(layer_versions.c.layer_id == layer_id)
            .order_by(layer_versions.c.version.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(newest).first()
            latest = conn.execute(
                sa.select(audit_log.c.id, audit_log.c.at).order_by(audit_log.c.id.desc()).limit(1)
            ).first()
        if row is None:
            return None
        audit_id, audit_at = (int(latest.id), latest.at) if latest else (0, None)
        return int(row.version), row.loaded_at, audit_id, audit_at

    def layer_versions(self, layer_id: str | None = None) -> list[dict[str, Any]]:
        """Load history, newest first."""
        query = sa.select(layer_versions).order_by(
            layer_versions.c.loaded_at.desc(), layer_versions.c.id.desc()
        )
        if layer_id is not None:
            query = query.where(layer_versions.c.layer_id == layer_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
