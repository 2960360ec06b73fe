"""Exports of a layer to GeoJSON, GeoPackage or CSV (with status, tasks and provenance)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from webmap.core.features import feature_attributes
from webmap.domain import Feature
from webmap.store import FeatureFilter, Store

DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}
#: Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A feature that names the columns of an export with no feature.
_EMPTY = Feature(
    key="", layer_id="", name_vi="", geometry=None, precision="unlocated", source="", licence=""
)


def _row(feature: Feature) -> dict[str, Any]:
    """The exported attributes: the API's, with tasks as text and properties as JSON text."""
    row = feature_attributes(feature)
    row["tasks"] = ",".join(feature.tasks)
    row["properties"] = json.dumps(feature.properties, ensure_ascii=False)
    return row


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting with ``= + - @`` gets a ``'`` first."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def layer_frame(store: Store, layer_id: str) -> gpd.GeoDataFrame:
    """Every feature of a layer (none is fine) as a GeoDataFrame in EPSG:4326."""
    store.get_layer(layer_id)
    found = list(store.iter_features(FeatureFilter(layers=[layer_id])))
    table = pd.DataFrame([_row(f) for f in found], columns=list(_row(_EMPTY)))
    return gpd.GeoDataFrame(
        table, geometry=gpd.GeoSeries([f.geometry for f in found], crs="EPSG:4326")
    )


def export_layer(store: Store, layer_id: str, fmt: str, output: Path) -> int:
    """Write ``layer_id`` to ``output`` in ``fmt``; returns the number of features."""
    frame = layer_frame(store, layer_id)
    if fmt == "csv":
        # UTF-8 with a BOM so that Excel shows Vietnamese; formula-like text neutralised.
        out = frame.drop(columns="geometry").map(neutralise)
        out["wkt"] = frame.geometry.to_wkt()
        out.to_csv(output, index=False, encoding="utf-8-sig")
    else:
        frame.to_file(output, driver=DRIVERS[fmt], layer=layer_id)
    return len(frame)
