"""Exports of a layer to GeoJSON, GeoPackage or CSV (with status, tasks and provenance)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd

from webmap.store import FeatureFilter, Store

DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}
_COLUMNS = (
    "key",
    "name_vi",
    "name_en",
    "status",
    "status_date",
    "tasks",
    "precision",
    "precision_note",
    "district_code",
    "district_name",
    "commune_name",
    "today_unit",
    "source",
    "licence",
    "properties",
)


def layer_frame(store: Store, layer_id: str) -> gpd.GeoDataFrame:
    """Every feature of a layer as a GeoDataFrame in EPSG:4326."""
    store.get_layer(layer_id)
    rows = []
    for f in store.iter_features(FeatureFilter(layers=[layer_id])):
        rows.append(
            {
                "key": f.key,
                "name_vi": f.name_vi,
                "name_en": f.name_en,
                "status": f.status,
                "status_date": f.status_date.isoformat() if f.status_date else None,
                "tasks": ",".join(f.tasks),
                "precision": f.precision,
                "precision_note": f.precision_note,
                "district_code": f.district_code,
                "district_name": f.district_name,
                "commune_name": f.commune_name,
                "today_unit": f.today_unit,
                "source": f.source,
                "licence": f.licence,
                "properties": json.dumps(f.properties, ensure_ascii=False),
                "geometry": f.geometry,
            }
        )
    if not rows:
        return gpd.GeoDataFrame(
            {column: [] for column in _COLUMNS}, geometry=gpd.GeoSeries([], crs="EPSG:4326")
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def export_layer(store: Store, layer_id: str, fmt: str, output: Path) -> int:
    """Write ``layer_id`` to ``output`` in ``fmt``; returns the number of features."""
    frame = layer_frame(store, layer_id)
    if fmt == "csv":
        out = frame.drop(columns="geometry")
        out["wkt"] = frame.geometry.to_wkt()
        out.to_csv(output, index=False)
    else:
        frame.to_file(output, driver=DRIVERS[fmt], layer=layer_id)
    return len(frame)
