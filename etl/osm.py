"""Import OpenStreetMap features (``.osm`` / ``.osm.pbf``) into layers.

Which OSM tags belong to which layer is declared in each layer spec's
``[[osm]]`` tables (no layer id is written here). The file is read with
GDAL's OSM driver through pyogrio, using ``etl/osmconf.ini`` so that closed
``power=*``, ``man_made=*`` and ``wetland=*`` ways become polygons and every
tag is available (``other_tags``).

Keys are ``<layer>:osm-n<id>`` (node), ``osm-w<id>`` (way) or
``osm-r<id>`` (relation), so a re-import updates the same features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry.base import BaseGeometry

from etl.admin import MERGER_DATE, TODAY_UNIT, AdminData, load_admin
from etl.crs import METRIC_CRS
from etl.specs import LayerSpec, OsmRule, load_specs
from etl.steps import (
    GEOM_FAMILY,
    VECTOR_READ_ERRORS,
    clean,
    metric_sizes,
    read_problem,
    spatial_districts,
)
from webmap.domain import Feature, task_sort_key
from webmap.errors import DataError

OSM_CONFIG = Path(__file__).resolve().parent / "osmconf.ini"
OSM_LICENCE = "ODbL-1.0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL"
_TAG_RE = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')
_OSM_LAYERS = ("points", "lines", "multipolygons")


def parse_other_tags(text: str | None) -> dict[str, str]:
    """Parse GDAL's ``other_tags`` hstore text (``"k"=>"v","k2"=>"v2"``)."""
    if not text:
        return {}
    return {
        k.replace('\\"', '"').replace("\\\\", "\\"): v.replace('\\"', '"').replace("\\\\", "\\")
        for k, v in _TAG_RE.findall(text)
    }


def read_osm(path: Path) -> dict[str, gpd.GeoDataFrame]:
    """Read the points, lines and multipolygons layers of an OSM file.

    Args:
        path: ``.osm`` (XML) or ``.osm.pbf`` file.

    Returns:
        One GeoDataFrame per OSM layer, with a ``tags`` column (dict).
    """
    out: dict[str, gpd.GeoDataFrame] = {}
    pyogrio.set_gdal_config_options({"OSM_CONFIG_FILE": str(OSM_CONFIG)})
    try:
        for layer in _OSM_LAYERS:
            gdf = pyogrio.read_dataframe(path, layer=layer)
            tags = []
            for _, row in gdf.iterrows():
                t = parse_other_tags(clean(row.get("other_tags")))
                for col in ("name", "type"):
                    if col in gdf.columns and clean(row[col]) is not None:
                        t[col] = str(row[col])
                tags.append(t)
            gdf["tags"] = tags
            out[layer] = gdf
    finally:
        pyogrio.set_gdal_config_options({"OSM_CONFIG_FILE": None})
    return out


def _osm_key(layer: str, row: pd.Series) -> str:
    if layer == "points":
        return f"osm-n{int(row['osm_id'])}"
    if layer == "lines":
        return f"osm-w{int(row['osm_id'])}"
    if clean(row.get("osm_id")) is not None:
        return f"osm-r{int(row['osm_id'])}"
    return f"osm-w{int(row['osm_way_id'])}"


def _matches(rule: OsmRule, tags: dict[str, str]) -> bool:
    return all(tags.get(k) == v or (v == "*" and k in tags) for k, v in rule.tags.items())


def _fit_geometry(geom: BaseGeometry, spec: LayerSpec) -> tuple[BaseGeometry | None, str]:
    """Return the geometry as the layer stores it, or ``None`` to skip it."""
    family = GEOM_FAMILY.get(spec.geometry_type, set())
    if geom.geom_type in family:
        return geom, ""
    if spec.geometry_type == "Point" and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom.representative_point(), (
            "Điểm nằm trong vùng đã vẽ trên OSM (vùng có trên bản đồ). / "
            "Point inside the OSM area (the area is mapped)."
        )
    return None, ""


@dataclass(frozen=True)
class _Area:
    """What every layer of an import shares: the clip polygon, admin data, date and file."""

    admin: AdminData
    clip: BaseGeometry
    clip_metric: BaseGeometry
    today: Any
    path: Path


def import_osm(
    path: Path,
    layers: list[str] | None = None,
    province: BaseGeometry | None = None,
    *,
    directory: Path | str | None = None,
    today: Any = None,
) -> dict[str, list[Feature]]:
    """Import OSM features into the layers whose specs declare ``[[osm]]`` rules.

    Args:
        path: ``.osm`` or ``.osm.pbf`` file (e.g. Geofabrik ``vietnam-latest.osm.pbf``).
        layers: Layer ids to import (default: every layer with OSM rules).
        province: Clip polygon in EPSG:4326 (default: the bundled Bạc Liêu
            polygon). Each layer keeps features within its spec's buffer.
        directory: Spec folder (default: bundled ``layers/``).
        today: Date for ``today_unit`` (default: today).

    Returns:
        Feature records per layer id (layers with no match map to ``[]``).

    Raises:
        DataError: If the file is missing/unreadable or a layer id is unknown.
    """
    path = Path(path)
    specs = _osm_specs(path, layers, directory)
    frames = _read_osm_file(path)
    if not specs:
        return {}
    admin = load_admin(specs[0].data_dir)
    clip = province if province is not None else admin.province
    area = _Area(
        admin=admin,
        clip=clip,
        clip_metric=gpd.GeoSeries([clip], crs=4326).to_crs(METRIC_CRS).iloc[0],
        today=today or date.today(),
        path=path,
    )
    return {spec.id: _layer_features(spec, frames, area) for spec in specs}


def _osm_specs(
    path: Path, layers: list[str] | None, directory: Path | str | None
) -> list[LayerSpec]:
    """The specs with OSM rules, restricted to ``layers`` (each must have rules)."""
    specs = [s for s in load_specs(directory) if s.osm]
    if layers is None:
        return specs
    unknown = sorted(set(layers) - {s.id for s in specs})
    if unknown:
        raise DataError(
            f"không có quy tắc OSM cho lớp {unknown}",
            f"no OSM rules for layer(s) {unknown}",
            layer=",".join(unknown),
            step="osm",
            path=path,
        )
    return [s for s in specs if s.id in layers]


def _read_osm_file(path: Path) -> dict[str, gpd.GeoDataFrame]:
    """:func:`read_osm`, turning a missing file and pyogrio's errors into a :class:`DataError`."""
    if not path.is_file():
        raise DataError(
            "không tìm thấy tệp OSM", "OSM file not found", layer="*", step="osm", path=path
        )
    try:
        return read_osm(path)
    except VECTOR_READ_ERRORS as exc:
        detail_vi, detail_en = read_problem(exc, path)
        raise DataError(
            f"không đọc được tệp OSM: {detail_vi}",
            f"cannot read OSM file: {detail_en}",
            layer="*",
            step="osm",
            path=path,
        ) from exc


def _layer_features(
    spec: LayerSpec, frames: dict[str, gpd.GeoDataFrame], area: _Area
) -> list[Feature]:
    """The features of one layer: OSM objects its rules match, within its buffer, once each."""
    zone = area.clip_metric.buffer(spec.buffer_km * 1000.0) if spec.buffer_km else area.clip_metric
    features: dict[str, Feature] = {}
    for layer, gdf in frames.items():
        if gdf.empty:
            continue
        metric = gdf.geometry.set_crs(4326, allow_override=True).to_crs(METRIC_CRS)
        for idx, row in gdf.iterrows():
            rule = next((r for r in spec.osm if _matches(r, row["tags"])), None)
            if rule is None or row.geometry is None or not metric[idx].intersects(zone):
                continue
            geom, note = _fit_geometry(row.geometry, spec)
            if geom is None:
                continue
            key = f"{spec.id}:{_osm_key(layer, row)}"
            if key not in features:
                features[key] = _record(spec, rule, key, row["tags"], geom, note, area)
    return list(features.values())


def _record(
    spec: LayerSpec,
    rule: OsmRule,
    key: str,
    tags: dict[str, str],
    geom: BaseGeometry,
    note: str,
    area: _Area,
) -> Feature:
    props: dict[str, Any] = {target: tags.get(tag) for tag, target in rule.properties.items()}
    props["osm_tags"] = dict(tags)
    props.update(metric_sizes(gpd.GeoSeries([geom], crs=4326).to_crs(METRIC_CRS).iloc[0]))
    inside = geom.intersects(area.clip)
    props["in_province"] = bool(inside)
    admin, path = area.admin, area.path
    d_code = spatial_districts(gpd.GeoSeries([geom]), admin)[0] if inside else None
    elsewhere = None if inside else admin.other_province(geom)
    tasks = sorted(set(spec.default_tasks) | set(rule.extra_tasks), key=task_sort_key)
    role = spec.role
    if elsewhere is not None:
        # In a neighbouring province: context, serving no task of Bạc Liêu's plan.
        props["other_province"] = elsewhere
        role, tasks = "context", []
    return Feature(
        key=key,
        layer_id=spec.id,
        name_vi=tags.get("name:vi") or tags.get("name") or rule.name_vi_default or spec.title_vi,
        name_en=tags.get("name:en") or rule.name_en_default or None,
        geometry=geom,
        precision=rule.precision,
        precision_note=note,
        source=f"OpenStreetMap ({path.name})",
        licence=OSM_LICENCE,
        properties={**props, "attribution": OSM_ATTRIBUTION},
        district_code=d_code,
        district_name=admin.district_name(d_code) if d_code else None,
        today_unit=TODAY_UNIT if inside and area.today >= MERGER_DATE else None,
        # What the extract says is as old as the extract, not the day it was imported.
        last_verified=date.fromtimestamp(path.stat().st_mtime),
        role=role,
        tasks=tasks,
    )
