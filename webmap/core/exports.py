"""Exports of a layer to GeoJSON, GeoPackage or CSV (with status, tasks and provenance)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd

from webmap.store import FeatureFilter, Store, StoredFeature

DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}

#: Exported attributes, from a stored feature; ``properties`` is written as JSON text.
_COLUMNS: dict[str, Callable[[StoredFeature], Any]] = {
    "key": lambda f: f.key,
    "name_vi": lambda f: f.name_vi,
    "name_en": lambda f: f.name_en,
    "status": lambda f: f.status,
    "status_date": lambda f: f.status_date.isoformat() if f.status_date else None,
    "tasks": lambda f: ",".join(f.tasks),
    "precision": lambda f: f.precision,
    "precision_note": lambda f: f.precision_note,
    "district_code": lambda f: f.district_code,
    "district_name": lambda f: f.district_name,
    "commune_name": lambda f: f.commune_name,
    "today_unit": lambda f: f.today_unit,
    "source": lambda f: f.source,
    "licence": lambda f: f.licence,
    "properties": lambda f: json.dumps(f.properties, ensure_ascii=False),
}


def layer_frame(store: Store, layer_id: str) -> gpd.GeoDataFrame:
    """Every feature of a layer (none is fine) as a GeoDataFrame in EPSG:4326."""
    store.get_layer(layer_id)
    found = list(store.iter_features(FeatureFilter(layers=[layer_id])))
    return gpd.GeoDataFrame(
        {name: [value(f) for f in found] for name, value in _COLUMNS.items()},
        geometry=gpd.GeoSeries([f.geometry for f in found], crs="EPSG:4326"),
    )


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
