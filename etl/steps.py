"""Pipeline steps: small functions ``(gdf, ctx) -> gdf``.

Each step takes the rows of one source of one layer and returns them
transformed. Steps write human-readable notes into ``ctx.notes``; the
pipeline (:mod:`etl.pipeline`) records rows in/out and the notes as a
:class:`~etl.pipeline.StepReport`.

Working columns added by the steps (all prefixed with ``_``):
``_row`` (1-based source row), ``_sid`` (stable source id), ``_name_vi``,
``_name_en``, ``_props``, ``_status``, ``_tasks``, ``_precision_note``,
``_district_code``, ``_district_name``, ``_commune_code``, ``_commune_name``,
``_today_unit``, ``_source``, ``_licence``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from etl.admin import MERGER_DATE, TODAY_UNIT, AdminData, Commune
from etl.crs import METRIC_CRS, to_wgs84_transformer
from etl.specs import (
    BAD_DATE_EN,
    BAD_DATE_VI,
    CrossRef,
    LayerSpec,
    Override,
    PartialDate,
    SourceSpec,
    StatusEntry,
    StatusRule,
    parse_status_events,
)
from webmap.domain import SERVICE_AREA, StatusEvent, fold, task_sort_key
from webmap.errors import DataError

#: What pyogrio raises for a file it cannot read: ``DataSourceError`` (cannot
#: open it), ``DataLayerError`` (a layer; its subclasses CRSError, FeatureError,
#: FieldError and GeometryError) and ``UnicodeDecodeError`` (a text file such as
#: a CSV that is not UTF-8, raised while decoding its fields).
VECTOR_READ_ERRORS = (DataSourceError, DataLayerError, UnicodeDecodeError)

GEOM_FAMILY = {
    "Point": {"Point", "MultiPoint"},
    "LineString": {"LineString", "MultiLineString"},
    "Polygon": {"Polygon", "MultiPolygon"},
}


@dataclass
class Context:
    """What a step needs besides the rows.

    Attributes:
        spec: The layer spec.
        source: The source being processed.
        path: The source file (``None`` for inline rows).
        admin: Province, districts and commune lookup.
        today: Date used for ``today_unit`` (merger on 2025-07-01).
        notes: Notes of the running step (moved into the report).
    """

    spec: LayerSpec
    source: SourceSpec
    path: Path | None
    admin: AdminData
    today: date
    notes: list[str] = field(default_factory=list)

    def error(
        self,
        message_vi: str,
        message_en: str,
        step: str,
        *,
        row: Any = None,
        field: str | None = None,
        path: Path | None = None,
    ) -> DataError:
        """Build a :class:`DataError` for this layer/source (file: ``path`` or the source's)."""
        return DataError(
            f"{message_vi} [nguồn {self.source.id!r}]",
            f"{message_en} [source {self.source.id!r}]",
            layer=self.spec.id,
            step=step,
            row=row,
            field=field,
            path=path or self.path,
        )


class Row(dict[str, Any]):
    """One source row as a plain dict: far cheaper than ``DataFrame.iterrows``.

    Supports what the steps use of a pandas row: ``row[col]``, ``row.get``,
    ``row.geometry`` and ``row.index`` (the column names).
    """

    geometry_column: str | None = None

    @property
    def geometry(self) -> Any:
        return self.get(self.geometry_column) if self.geometry_column else None

    @property
    def index(self) -> list[str]:
        return list(self.keys())


def rows(gdf: pd.DataFrame) -> Iterator[tuple[Any, Row]]:
    """``(index, Row)`` pairs of a (Geo)DataFrame, in order."""
    geometry_column = (
        gdf.geometry.name
        if isinstance(gdf, gpd.GeoDataFrame) and (gdf._geometry_column_name in gdf.columns)
        else None
    )
    columns = [str(c) for c in gdf.columns]
    for index, values in zip(gdf.index, gdf.itertuples(index=False, name=None), strict=True):
        row = Row(zip(columns, values, strict=True))
        row.geometry_column = geometry_column
        yield index, row


def clean(value: Any) -> Any:
    """Turn NaN, empty strings and numpy scalars into plain Python values."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return clean(value.item())
    if isinstance(value, str) and not value.strip():
        return None
    if value is pd.NaT:
        return None
    return value


def _row_label(row: pd.Series) -> Any:
    sid = row.get("_sid")
    return sid if isinstance(sid, str) and sid else row.get("_row")


# --------------------------------------------------------------------- read
def read_source(path: Path, fmt: str, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio.

    Args:
        path: GeoJSON, GeoPackage, zipped Shapefile, KML or CSV file.
        fmt: One of the spec formats.
        layer: Layer name inside a multi-layer file (GPKG, KML).

    Returns:
        The rows; CSV files come back with an empty geometry column.
    """
    kwargs: dict[str, Any] = {}
    if layer:
        kwargs["layer"] = layer
    if fmt == "csv":
        df = pyogrio.read_dataframe(
            path, read_geometry=False, AUTODETECT_TYPE="YES", EMPTY_STRING_AS_NULL="YES", **kwargs
        )
        return gpd.GeoDataFrame(pd.DataFrame(df), geometry=[None] * len(df), crs=None)
    target: str | Path = path
    if fmt == "shapefile_zip":
        target = f"/vsizip/{path}"
    if fmt == "gpkg":
        # Keep the GeoPackage FID as a 'fid' column: a stable id a key can use.
        gdf = pyogrio.read_dataframe(target, fid_as_index=True, **kwargs)
        gdf = (
            gdf.reset_index(names="fid") if "fid" not in gdf.columns else gdf.reset_index(drop=True)
        )
    else:
        gdf = pyogrio.read_dataframe(target, **kwargs)
    if not isinstance(gdf, gpd.GeoDataFrame):
        gdf = gpd.GeoDataFrame(pd.DataFrame(gdf), geometry=[None] * len(gdf), crs=None)
    return gdf


def library_message(exc: Exception, path: Path) -> str:
    """A GIS library's error message without the file's folder (never show server paths)."""
    return str(exc).replace(f"{path.parent}/", "")


def read_problem(exc: Exception, path: Path) -> tuple[str, str]:
    """Why a file could not be read, in Vietnamese and English."""
    if isinstance(exc, UnicodeDecodeError):
        return (
            "tệp không dùng mã hóa UTF-8; hãy lưu lại dưới dạng UTF-8",
            "the file is not UTF-8; save it as UTF-8",
        )
    detail = library_message(exc, path)
    return detail, detail


def _read_checked(
    ctx: Context, path: Path, fmt: str, layer: str | None, *, step: str, field: str
) -> gpd.GeoDataFrame:
    """:func:`read_source`, turning read errors into a :class:`DataError` naming the file."""
    try:
        return read_source(path, fmt, layer)
    except VECTOR_READ_ERRORS as exc:
        detail_vi, detail_en = read_problem(exc, path)
        raise ctx.error(
            f"không đọc được tệp nguồn: {detail_vi}",
            f"cannot read source file: {detail_en}",
            step,
            field=field,
            path=path,
        ) from exc


def read(gdf: gpd.GeoDataFrame | None, ctx: Context) -> gpd.GeoDataFrame:
    """Read the source file (or inline rows) into a GeoDataFrame.

    CSV coordinates (``x_field``/``y_field``) become points in the CRS the
    spec declares. A located source without a CRS is an error.
    """
    src = ctx.source
    out = _inline_rows(src) if src.format == "inline" else _read_file(ctx)
    if src.geometry == "none":
        out = out.set_geometry([None] * len(out), crs=out.crs or 4326)
    located = out.geometry.notna().any() if len(out) else False
    if located and out.crs is None:
        raise ctx.error(
            "nguồn có hình học nhưng không có hệ tọa độ (CRS)",
            "source has geometry but no CRS",
            "read",
            field="crs",
        )
    out = out.reset_index(drop=True)
    out["_row"] = np.arange(1, len(out) + 1)
    if ctx.path is not None:
        ctx.notes.append(f"read {ctx.path.name}")
    return out


def _inline_rows(src: SourceSpec) -> gpd.GeoDataFrame:
    """The rows written in the spec itself (no geometry)."""
    return gpd.GeoDataFrame(
        pd.DataFrame([dict(r) for r in src.rows]), geometry=[None] * len(src.rows), crs=4326
    )


def _read_file(ctx: Context) -> gpd.GeoDataFrame:
    """The source file's rows, with CSV coordinates as points and the spec's CRS if it has none."""
    src = ctx.source
    if ctx.path is None or not ctx.path.is_file():
        raise ctx.error("không tìm thấy tệp nguồn", "source file not found", "read", field="file")
    out = _read_checked(ctx, ctx.path, src.format, src.layer, step="read", field="file")
    if src.format == "csv" and src.x_field and src.y_field:
        return _csv_points(out, ctx)
    if src.crs and out.crs is None:
        out = out.set_crs(src.crs)
    return out


def _csv_points(out: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Points from a CSV's coordinate columns, in the CRS the spec declares."""
    src = ctx.source
    x_field, y_field = str(src.x_field), str(src.y_field)
    for col in (x_field, y_field):
        if col not in out.columns:
            raise ctx.error("thiếu cột tọa độ", "coordinate column missing", "read", field=col)
    xs = pd.to_numeric(out[x_field], errors="coerce")
    ys = pd.to_numeric(out[y_field], errors="coerce")
    geoms = [
        shapely.Point(x, y) if not (pd.isna(x) or pd.isna(y)) else None
        for x, y in zip(xs, ys, strict=True)
    ]
    if any(g is not None for g in geoms) and not src.crs:
        raise ctx.error(
            "CSV có tọa độ nhưng đặc tả không khai báo crs",
            "CSV has coordinates but the spec declares no crs",
            "read",
            field="crs",
        )
    ctx.notes.append(f"{sum(g is not None for g in geoms)} rows with coordinates")
    return gpd.GeoDataFrame(
        out.drop(columns="geometry"), geometry=geoms, crs=src.crs if src.crs else None
    )


# ------------------------------------------------------------------- filter
def filter_rows(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Keep the rows the spec's ``filter`` selects."""
    flt = ctx.source.filter
    if not flt:
        return gdf
    col = str(flt["field"])
    if col not in gdf.columns:
        raise ctx.error(
            "cột lọc không có trong nguồn", "filter column not in source", "filter", field=col
        )
    values = gdf[col].map(lambda v: "" if clean(v) is None else str(clean(v)))
    keep = pd.Series(True, index=gdf.index)
    if "in" in flt:
        keep &= values.isin([str(v) for v in flt["in"]])
    if "not_in" in flt:
        keep &= ~values.isin([str(v) for v in flt["not_in"]])
    if "equals" in flt:
        keep &= values == str(flt["equals"])
    if "contains" in flt:
        needles = flt["contains"] if isinstance(flt["contains"], list) else [flt["contains"]]
        keep &= values.map(lambda v: any(str(n).lower() in v.lower() for n in needles))
    dropped = gdf.loc[~keep, "_row"].tolist()
    if dropped:
        ctx.notes.append(f"filtered out source rows {dropped} on {col!r}")
    return gdf.loc[keep].copy()


# ---------------------------------------------------------------- reproject
def reproject(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326; VN-2000 sources get the official datum shift."""
    if not gdf.geometry.notna().any():
        return gdf.set_crs(4326, allow_override=True)
    crs = CRS(gdf.crs)
    if crs.equals(CRS(4326)):
        return gdf
    func = to_wgs84_transformer(crs)

    def tx(xy: np.ndarray) -> np.ndarray:
        lon, lat = func(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    geoms = shapely.transform(np.asarray(gdf.geometry.values, dtype=object), tx)
    ctx.notes.append(f"reprojected from {crs.name} ({crs.to_string()}) to EPSG:4326")
    return gpd.GeoDataFrame(gdf.drop(columns=gdf.geometry.name), geometry=geoms, crs=4326)


# ------------------------------------------------------------------- repair
def made_valid(geom: BaseGeometry, family: set[str] | None) -> BaseGeometry | None:
    """``geom`` repaired, keeping the layer's kind of parts; ``None`` when GEOS cannot.

    GEOS's default ("linework") method refuses some inputs (a collapsed ring beside a good
    one: "Overlay input is mixed-dimension"); the "structure" method is tried next.
    """
    for method in ("linework", "structure"):
        try:
            fixed = shapely.make_valid(geom, method=method)
            if family and fixed.geom_type == "GeometryCollection":
                parts = [p for p in getattr(fixed, "geoms", []) if p.geom_type in family]
                fixed = shapely.union_all(parts) if parts else fixed
        except shapely.errors.GEOSException:
            continue
        return fixed
    return None


def repair(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Repair invalid geometries with ``make_valid`` and list the rows repaired."""
    repaired: list[Any] = []
    geoms: list[BaseGeometry | None] = []
    family = GEOM_FAMILY.get(ctx.spec.geometry_type)
    for _, row in rows(gdf):
        geom = row.geometry
        if geom is not None and not geom.is_empty and not geom.is_valid:
            fixed = made_valid(geom, family)
            if fixed is None:
                raise ctx.error(
                    f"hình không hợp lệ và không sửa được: {shapely.is_valid_reason(geom)}",
                    f"invalid geometry that cannot be repaired: {shapely.is_valid_reason(geom)}",
                    "repair",
                    row=_row_label(row),
                    field="geometry",
                )
            repaired.append(_row_label(row))
            geom = fixed
        geoms.append(geom)
    if repaired:
        ctx.notes.append(f"repaired invalid geometry in rows {repaired}")
    return gdf.set_geometry(geoms, crs=gdf.crs)


# ------------------------------------------------------------------ geotype
def check_geometry_type(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Fail when a geometry is not of the spec's type (multi-parts accepted)."""
    family = GEOM_FAMILY.get(ctx.spec.geometry_type, set())
    for _, row in rows(gdf):
        geom = row.geometry
        if geom is None:
            continue
        if geom.is_empty:
            raise ctx.error(
                "hình học rỗng",
                "empty geometry",
                "geometry_type",
                row=_row_label(row),
                field="geometry",
            )
        if geom.geom_type not in family:
            raise ctx.error(
                f"kiểu hình học {geom.geom_type} không khớp với kiểu {ctx.spec.geometry_type} "
                "của lớp",
                f"geometry type {geom.geom_type} does not match the layer's "
                f"{ctx.spec.geometry_type}",
                "geometry_type",
                row=_row_label(row),
                field="geometry",
            )
    return gdf


# ---------------------------------------------------------------------- key
def _pdp8_key(row: pd.Series, ctx: Context) -> str:
    table = str(clean(row.get("pdp8_table")) or "")
    m = re.search(r"Appx\s+([IVX]+(?:\.\d+)?)\s+Table\s+(\d+)", table)
    number = clean(row.get("no_in_table"))
    if not m or number is None:
        raise ctx.error(
            "không đọc được bảng/số thứ tự PDP8",
            "cannot read PDP8 table/number",
            "key",
            row=row["_row"],
            field="pdp8_table",
        )
    period = re.search(r"(\d{4})-(\d{4})", table)
    middle = f"-{period.group(1)}-{period.group(2)}" if period else ""
    return f"pdp8-{m.group(1).lower()}-t{m.group(2)}{middle}-{int(float(number))}"


def _key_for(row: pd.Series, ctx: Context) -> str:
    src = ctx.source
    transform = src.key_transform
    if transform == "const":
        return f"{src.key_prefix}{src.key_value}"
    if transform == "lonlat":
        geom = row.geometry
        if geom is None:
            raise ctx.error(
                "khóa lonlat cần hình học",
                "lonlat key needs a geometry",
                "key",
                row=row["_row"],
                field="geometry",
            )
        pt = geom if geom.geom_type == "Point" else geom.representative_point()
        return f"{src.key_prefix}pt-{pt.x:.6f}-{pt.y:.6f}"
    if transform == "pdp8":
        return f"{src.key_prefix}{_pdp8_key(row, ctx)}"
    col = str(src.key_field)
    if col not in row.index:
        raise ctx.error(
            "cột khóa không có trong nguồn",
            "key column not in source",
            "key",
            row=row["_row"],
            field=col,
        )
    value = clean(row[col])
    if value is None:
        raise ctx.error("khóa rỗng", "empty key", "key", row=row["_row"], field=col)
    if transform == "osm2pgsql":
        n = int(float(value))
        return f"{src.key_prefix}osm-r{-n}" if n < 0 else f"{src.key_prefix}osm-w{n}"
    if transform == "slug":
        return f"{src.key_prefix}{fold(str(value)).replace(' ', '-')}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{src.key_prefix}{value}"


def assign_keys(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Give every row its stable source id (``_sid``), never a row index."""
    out = gdf.copy()
    out["_sid"] = [_key_for(row, ctx) for _, row in rows(gdf)]
    dupes = out["_sid"][out["_sid"].duplicated()].tolist()
    if dupes:
        raise ctx.error(
            f"trùng mã nguồn {dupes}",
            f"duplicate source ids {dupes}",
            "key",
            row=dupes[0],
            field="key",
        )
    return out


# ----------------------------------------------------------- service areas
def derive_geometry(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Build service-area geometry as the union of the districts a row serves."""
    if ctx.source.geometry != "districts_union":
        return gdf
    col = ctx.source.admin["districts_field"]
    geoms = []
    for _, row in rows(gdf):
        codes = row.get(col)
        if not isinstance(codes, list | tuple) or not codes:
            raise ctx.error(
                "cần danh sách mã GSO của các huyện",
                "needs a list of district GSO codes",
                "geometry",
                row=row["_sid"],
                field=col,
            )
        try:
            geoms.append(ctx.admin.districts_union([str(c) for c in codes]))
        except KeyError as exc:
            raise ctx.error(
                f"mã huyện không tồn tại: {exc}",
                f"unknown district code(s) {exc}",
                "geometry",
                row=row["_sid"],
                field=col,
            ) from exc
    ctx.notes.append(f"{len(geoms)} service areas built as unions of district polygons")
    return gdf.set_geometry(geoms, crs=4326)


# ------------------------------------------------------------------- extent
def check_extent(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Flag (or drop) features outside the province polygon plus a buffer.

    Adds ``in_province`` (intersects the province polygon) and
    ``dist_to_province_km`` (in EPSG:32648) to ``_props``-bound columns.
    Raises when every located feature lies beyond the buffer.
    """
    out = gdf.copy()
    out["_in_province"] = None
    out["_dist_km"] = None
    located = out.geometry.notna()
    if ctx.spec.extent_mode == "none" or not located.any():
        if ctx.source.in_province is not None:
            out["_in_province"] = ctx.source.in_province
        return out
    metric = gpd.GeoSeries(out.geometry[located], crs=4326).to_crs(METRIC_CRS)
    province = gpd.GeoSeries([ctx.admin.province], crs=4326).to_crs(METRIC_CRS).iloc[0]
    shapely.prepare(province)
    meets = metric.intersects(province)
    # Distance is 0 for geometries meeting the province: compute it only for the others.
    dist_km = pd.Series(0.0, index=metric.index)
    if (~meets).any():
        dist_km[~meets] = metric[~meets].distance(province) / 1000.0
    inside = meets & ~metric.touches(province)
    out.loc[located, "_dist_km"] = dist_km.round(2).astype(object)
    out.loc[located, "_in_province"] = inside.astype(object)
    out["_other_province"] = None
    out.loc[located, "_other_province"] = _other_provinces(metric[~inside], dist_km, ctx)
    if ctx.source.in_province is not None:
        out.loc[located, "_in_province"] = ctx.source.in_province
    beyond = located.copy()
    beyond[located] = dist_km > ctx.spec.buffer_km
    if beyond[located].all():
        raise ctx.error(
            f"mọi đối tượng có vị trí đều nằm ngoài tỉnh hơn {ctx.spec.buffer_km} km",
            f"every located feature is more than {ctx.spec.buffer_km} km outside the province",
            "extent",
            row=str(out.loc[located, "_sid"].iloc[0]),
            field="geometry",
        )
    n_out = int((located & (out["_in_province"] == False)).sum())  # noqa: E712
    if ctx.spec.extent_mode == "drop" and beyond.any():
        ctx.notes.append(
            f"dropped {int(beyond.sum())} rows beyond {ctx.spec.buffer_km} km: "
            f"{out.loc[beyond, '_sid'].tolist()}"
        )
        out = out.loc[~beyond].copy()
    elif beyond.any():
        ctx.notes.append(
            f"flagged {int(beyond.sum())} rows beyond {ctx.spec.buffer_km} km (kept as context)"
        )
    out["_beyond_buffer"] = [bool(b) for b in beyond.loc[out.index]]
    ctx.notes.append(
        f"{n_out} located rows outside the province polygon; buffer {ctx.spec.buffer_km} km"
    )
    return out


def _other_provinces(outside: gpd.GeoSeries, dist_km: pd.Series, ctx: Context) -> pd.Series:
    """For features outside Bạc Liêu: the neighbouring province they lie in or nearer to.

    ``None`` for a feature nearer to Bạc Liêu than to any neighbour (off its coast).
    """
    found = pd.Series(None, index=dist_km.index, dtype=object)
    neighbours = ctx.admin.neighbours
    if neighbours is None or outside.empty:
        return found
    metric = neighbours.to_crs(METRIC_CRS)
    for idx, geom in outside.items():
        gaps = metric.distance(geom) / 1000.0
        nearest = gaps.idxmin()
        if gaps[nearest] <= dist_km[idx]:
            found[idx] = str(metric.loc[nearest, "name"])
    return found


# ---------------------------------------------------------------- map fields
def _convert(value: Any, pm: Any) -> Any:
    value = clean(value)
    if value is None:
        return None
    if pm.type == "int":
        value = int(float(value))
    elif pm.type == "float":
        value = float(value)
    elif pm.type == "str":
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    elif pm.type == "bool":
        value = str(value).strip().lower() in ("true", "1", "yes")
    if pm.scale is not None:
        value = float(value) * pm.scale
    if pm.round is not None and isinstance(value, float):
        value = round(value, pm.round)
    if isinstance(value, date):
        value = value.isoformat()
    return value


def _template(text: str, values: dict[str, Any]) -> str | None:
    """Render a ``str.format`` name template, or ``None`` when a value is missing or unusable."""
    try:
        rendered = text.format(**values)
    except (KeyError, ValueError, TypeError):
        # str.format's errors: a missing name (KeyError), a format spec the value does
        # not support (ValueError), a value that takes no spec, e.g. None (TypeError).
        return None
    return None if "None" in rendered else rendered


def _status_from_rule(
    rule: StatusRule, row: pd.Series, ctx: Context, label: Any, path: Path | None = None
) -> StatusEvent | None:
    """The dated status a rule derives from a row, or ``None`` (no mapped status or no date).

    ``label`` and ``path`` name the row and file in the error for a bad date.
    """
    status = _status_value(rule, row)
    if status is None:
        return None
    when = _status_date(rule, row, ctx, label, path)
    if when is None:
        return None
    return StatusEvent(
        status=status,
        effective_date=when.value,
        source=rule.source,
        note=_join_notes(rule.note),
        date_precision=when.precision,
    )


def _status_value(rule: StatusRule, row: pd.Series) -> str | None:
    """The status a row's text maps to (``map``, then ``contains``), else the rule's default."""
    if not rule.field:
        return rule.default
    raw = str(clean(row.get(rule.field)) or "")
    if raw in rule.map:
        return rule.map[raw]
    lowered = raw.lower()
    hits = (target for needle, target in rule.contains.items() if needle.lower() in lowered)
    return next(hits, rule.default)


def _status_date(
    rule: StatusRule, row: pd.Series, ctx: Context, label: Any, path: Path | None
) -> PartialDate | None:
    """The rule's date, or the row's date column (``None`` when the row gives none)."""
    if not rule.date_field:
        return rule.date
    raw_date = clean(row.get(rule.date_field))
    if raw_date is None:
        return None
    text = str(int(float(raw_date))) if isinstance(raw_date, float) else str(raw_date)
    when = PartialDate.try_parse(text)
    if when is None:
        raise ctx.error(
            BAD_DATE_VI.format(text),
            BAD_DATE_EN.format(text),
            "map_fields",
            row=label,
            field=rule.date_field,
            path=path,
        )
    return when


def _join_notes(*notes: str) -> str:
    return "; ".join(n.strip().rstrip(".") for n in notes if n and n.strip())


def _event(entry: StatusEntry) -> StatusEvent:
    return StatusEvent(
        status=entry.status,
        effective_date=entry.date.value,
        source=entry.source,
        note=_join_notes(entry.note),
        date_precision=entry.date.precision,
    )


def _crossref_row(xref: CrossRef, ctx: Context) -> pd.Series:
    """The one row of another file an override attaches to a feature."""
    path = ctx.spec.data_dir / xref.file
    if not path.is_file():
        raise ctx.error(
            "không tìm thấy tệp tham chiếu chéo",
            "cross-reference file not found",
            "map_fields",
            field="crossref.file",
            path=path,
        )
    df = _read_checked(ctx, path, xref.format, None, step="map_fields", field="crossref.file")
    if xref.match_field not in df.columns:
        raise ctx.error(
            "thiếu cột tham chiếu chéo",
            "cross-reference column missing",
            "map_fields",
            field=xref.match_field,
            path=path,
        )
    values = df[xref.match_field].map(
        lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(clean(v))
    )
    hits = df[values == xref.match_value]
    if len(hits) != 1:
        raise ctx.error(
            f"tham chiếu chéo {xref.match_field}={xref.match_value!r} khớp {len(hits)} dòng",
            f"cross-reference {xref.match_field}={xref.match_value!r} matched {len(hits)} rows",
            "map_fields",
            field=xref.match_field,
            path=path,
        )
    return hits.iloc[0]


@dataclass
class _MappedRow:
    """What :func:`map_fields` derives for one row (one working column each)."""

    name_vi: str | None
    name_en: str | None
    props: dict[str, Any]
    history: list[StatusEvent]
    source: str
    licence: str
    precision_note: str
    today_unit: str | None = None
    admin_hints: dict[str, Any] = field(default_factory=dict)


#: Working column -> attribute of :class:`_MappedRow`.
_MAPPED_COLUMNS = (
    ("_name_vi", "name_vi"),
    ("_name_en", "name_en"),
    ("_props", "props"),
    ("_status", "history"),
    ("_source", "source"),
    ("_licence", "licence"),
    ("_precision_note", "precision_note"),
    ("_today_unit_override", "today_unit"),
    ("_admin_hints", "admin_hints"),
)


def map_fields(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Map source columns to names, properties and an initial dated status.

    Per-feature overrides (matched on the source id) add properties, plan
    tasks, dated statuses written in the spec, and cross-referenced rows of
    other files (kept as a nested property, never merged into the main values).
    """
    overrides: dict[str, Override] = {o.id: o for o in ctx.source.overrides}
    unknown = sorted(set(overrides) - set(gdf["_sid"]))
    if unknown:
        raise ctx.error(
            f"overrides cho các mã không tồn tại {unknown}",
            f"overrides for unknown ids {unknown}",
            "map_fields",
            field="overrides.id",
        )
    mapped = [_map_row(row, overrides.get(row["_sid"]), ctx) for _, row in rows(gdf)]
    out = gdf.copy()
    for column, attribute in _MAPPED_COLUMNS:
        out[column] = [getattr(m, attribute) for m in mapped]
    with_status = sum(1 for m in mapped if m.history)
    ctx.notes.append(f"{with_status} rows with a dated status from the sources")
    return out


def _map_row(row: Row, override: Override | None, ctx: Context) -> _MappedRow:
    """Names, properties and dated statuses of one row, then its override applied."""
    src = ctx.source
    props = _row_properties(row, ctx)
    mapped = _MappedRow(
        name_vi=_name(row, props, src.fields, "vi", ctx),
        name_en=_name(row, props, src.fields, "en", ctx),
        props=props,
        history=_row_history(row, ctx),
        source=src.source,
        licence=src.licence,
        precision_note=src.precision_note,
    )
    if override:
        _apply_override(mapped, override, ctx)
    mapped.history.sort(key=lambda e: e.effective_date)
    return mapped


def _row_properties(row: Row, ctx: Context) -> dict[str, Any]:
    """Mapped columns, the source's constants and the extent flags of one row."""
    props: dict[str, Any] = {}
    for col, pm in ctx.source.properties.items():
        if col not in row.index:
            raise ctx.error(
                "cột được ánh xạ không có trong nguồn",
                "mapped column not in source",
                "map_fields",
                row=row["_sid"],
                field=col,
            )
        props[pm.name] = _convert(row[col], pm)
    props.update(ctx.source.constants)
    for col in ("_in_province", "_dist_km", "_beyond_buffer", "_other_province"):
        if col in row.index and clean(row[col]) is not None:
            props[col.lstrip("_").replace("dist_km", "dist_to_province_km")] = clean(row[col])
    return props


def _row_history(row: Row, ctx: Context) -> list[StatusEvent]:
    """The status the source's rule derives, then the statuses an inline row lists."""
    history: list[StatusEvent] = []
    if ctx.source.status:
        event = _status_from_rule(ctx.source.status, row, ctx, row["_sid"])
        if event:
            history.append(event)
    if "status" in row.index and isinstance(row["status"], list):
        entries = parse_status_events(
            row["status"], layer=ctx.spec.id, path=ctx.spec.path, where="rows.status"
        )
        history += [_event(e) for e in entries]
    return history


def _apply_override(mapped: _MappedRow, override: Override, ctx: Context) -> None:
    """Add an override's properties, statuses, notes and cross-referenced row."""
    mapped.props.update(override.properties)
    mapped.history += [_event(e) for e in override.status]
    if override.precision_note:
        mapped.precision_note = override.precision_note
    mapped.today_unit = override.today_unit
    if override.crossref:
        _apply_crossref(mapped, override.crossref, ctx)


def _apply_crossref(mapped: _MappedRow, xref: CrossRef, ctx: Context) -> None:
    """Attach another file's row as a nested property, with its status, source and admin hints."""
    xrow = _crossref_row(xref, ctx)
    nested = {}
    for col, target in xref.fields.items():
        name, _, kind = target.partition(":")
        nested[name] = _convert(xrow[col], _TypedMap(kind or None))
    nested["source"] = xref.source
    nested["licence"] = xref.licence
    if xref.note:
        nested["note"] = xref.note
    mapped.props[xref.property] = nested
    if xref.status:
        label = f"{xref.match_field}={xref.match_value}"
        path = ctx.spec.data_dir / xref.file
        event = _status_from_rule(xref.status, xrow, ctx, label, path)
        if event:
            mapped.history.append(event)
    if xref.source not in mapped.source:
        mapped.source = f"{mapped.source}; {xref.source}"
    if xref.licence not in mapped.licence:
        mapped.licence = f"{mapped.licence} + {xref.licence}"
    for key, col in xref.admin.items():
        mapped.admin_hints[key] = clean(xrow.get(col))


@dataclass(frozen=True)
class _TypedMap:
    """A property mapping with only a type (for cross-reference fields)."""

    type: str | None
    name: str = ""
    scale: float | None = None
    round: int | None = None


def _name(
    row: pd.Series, props: dict[str, Any], fields: dict[str, str], lang: str, ctx: Context
) -> str | None:
    col = fields.get(f"name_{lang}")
    if col:
        if col not in row.index:
            raise ctx.error(
                "cột tên không có trong nguồn",
                "name column not in source",
                "map_fields",
                row=row["_sid"],
                field=col,
            )
        value = clean(row[col])
        if value is not None:
            return str(value)
    template = fields.get(f"name_{lang}_template")
    if template:
        values = {**{k: clean(v) for k, v in row.items() if isinstance(k, str)}, **props}
        rendered = _template(template, values)
        if rendered:
            return rendered
    default = fields.get(f"name_{lang}_default")
    if default:
        return default
    if lang == "vi":
        raise ctx.error(
            "không có tên tiếng Việt",
            "no Vietnamese name",
            "map_fields",
            row=row["_sid"],
            field=col or "name_vi",
        )
    return None


# -------------------------------------------------------------------- admin
@dataclass(frozen=True)
class _Place:
    """Where one row lies: pre-2025 district and commune, and today's unit."""

    district_code: str | None
    commune: Commune | None
    today_unit: str | None


def assign_admin(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Assign the pre-2025 district and commune, and today's unit.

    Located features are joined to the district polygon they overlap most;
    unlocated rows use a GSO code or a published commune name from the
    source. Service areas list every district they serve instead.
    ``today_unit`` is "Tỉnh Cà Mau" for features in the former province
    (from 2025-07-01 on); no post-2025 commune names are written.
    """
    admin = ctx.admin
    spatial = str(ctx.source.admin.get("spatial_join", "true")).lower() != "false"
    spatial_codes = spatial_districts(gdf.geometry, admin) if spatial else [None] * len(gdf)
    places = [
        _place(row, code, ctx) for (_, row), code in zip(rows(gdf), spatial_codes, strict=True)
    ]
    d_codes = [p.district_code for p in places]
    communes = [p.commune for p in places]
    out = gdf.copy()
    for col, values in (
        ("_district_code", d_codes),
        ("_district_name", [admin.district_name(c) if c else None for c in d_codes]),
        ("_commune_code", [c.code if c else None for c in communes]),
        ("_commune_name", [c.name if c else None for c in communes]),
        ("_today_unit", [p.today_unit for p in places]),
    ):
        out[col] = pd.Series(values, index=out.index, dtype=object)
    ctx.notes.append(
        f"{sum(c is not None for c in d_codes)} rows with a district, "
        f"{sum(c is not None for c in communes)} with a commune"
    )
    return out


def _place(row: Row, spatial_code: str | None, ctx: Context) -> _Place:
    """District (published code, else spatial join), commune and today's unit of one row.

    ``spatial_code`` is the district the row's geometry overlaps most (``None``
    without geometry or when the spec turns the spatial join off).
    """
    props: dict[str, Any] = row["_props"]
    d_code = _published_district(row, ctx)
    if ctx.source.geometry == "districts_union":
        codes = [str(c) for c in row[ctx.source.admin["districts_field"]]]
        props["service_districts"] = [
            {"code": c, "name": ctx.admin.district_name(c)} for c in codes
        ]
    elif d_code is None:
        d_code = spatial_code
    if d_code is None and ctx.spec.role != "context" and _offshore(row):
        # At sea off Bạc Liêu: the nearest coastal district ("ngoài khơi huyện Đông Hải").
        d_code = _nearest_district(row.geometry, ctx.admin)
        props["offshore"] = True
    commune = _published_commune(row, d_code, ctx)
    in_bac_lieu = (
        row.get("_in_province") is True
        or d_code is not None
        or (row.geometry is None and ctx.source.in_province is not False)
    )
    unit = row.get("_today_unit_override") or (
        TODAY_UNIT if in_bac_lieu and ctx.today >= MERGER_DATE else None
    )
    return _Place(d_code, commune, unit)


def _published_district(row: Row, ctx: Context) -> str | None:
    """The district GSO code the source (or a cross-referenced row) gives, checked."""
    column = ctx.source.admin.get("district_field")
    raw = row["_admin_hints"].get("district_field") or (clean(row.get(column)) if column else None)
    if raw is None:
        return None
    code = str(int(raw)) if isinstance(raw, float) else str(raw)
    if ctx.admin.district_name(code) is None:
        raise ctx.error(
            f"mã GSO huyện {code!r} không tồn tại",
            f"unknown district GSO code {code!r}",
            "admin",
            row=row["_sid"],
            field=column or "district",
        )
    return code


def _published_commune(row: Row, district_code: str | None, ctx: Context) -> Commune | None:
    """The commune the source names, if it names exactly one; else keep the text as published."""
    column = ctx.source.admin.get("commune_field")
    raw = row["_admin_hints"].get("commune_field") or (clean(row.get(column)) if column else None)
    if raw is None:
        return None
    commune = ctx.admin.resolve_commune(str(raw), district_code)
    if commune is None:
        row["_props"]["commune_as_published"] = str(raw)
    return commune


def _offshore(row: Row) -> bool:
    """Located outside the province polygon, but nearer to it than to any neighbour."""
    located = row.geometry is not None and not pd.isna(row.geometry)
    return (
        located and row.get("_in_province") is False and clean(row.get("_other_province")) is None
    )


def _nearest_district(geom: BaseGeometry, admin: AdminData) -> str:
    """The GSO code of the district nearest to ``geom`` (measured in the metric CRS)."""
    metric = admin.districts.to_crs(METRIC_CRS)
    target = gpd.GeoSeries([geom], crs=4326).to_crs(METRIC_CRS).iloc[0]
    return str(metric.loc[metric.distance(target).idxmin(), "code"])


def spatial_districts(geoms: gpd.GeoSeries, admin: AdminData) -> list[str | None]:
    """The district each geometry overlaps most, for a whole column at once.

    Points take the district that contains them; lines and polygons the one
    sharing the longest length or largest area, measured in the metric CRS.
    """
    out: list[str | None] = [None] * len(geoms)
    values = np.asarray(geoms.to_numpy(), dtype=object)
    located = np.array([g is not None and not shapely.is_empty(g) for g in values], dtype=bool)
    if not located.any():
        return out
    positions = np.flatnonzero(located)
    items = values[positions]
    districts = admin.districts
    codes = districts["code"].astype(str).to_numpy()
    dgeoms = districts.geometry.to_numpy()
    pairs = shapely.STRtree(dgeoms).query(items, predicate="intersects")
    if pairs.size == 0:
        return out
    to_metric = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    overlap = shapely.transform(
        shapely.intersection(items[pairs[0]], dgeoms[pairs[1]]),
        lambda xy: np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1])),
    )
    kinds = shapely.get_type_id(items[pairs[0]])
    # type ids: 0 Point, 4 MultiPoint; 1/5 lines; 3/6 polygons.
    size = np.where(
        np.isin(kinds, (3, 6)),
        shapely.area(overlap),
        np.where(np.isin(kinds, (1, 2, 5)), shapely.length(overlap), 1.0),
    )
    best: dict[int, tuple[float, str]] = {}
    for item, district, value in zip(pairs[0], pairs[1], size, strict=True):
        if value > 0 and value > best.get(int(item), (0.0, ""))[0]:
            best[int(item)] = (float(value), str(codes[district]))
    for item, (_, code) in best.items():
        out[int(positions[item])] = code
    return out


# ------------------------------------------------------------------ measure
def metric_sizes(geom: BaseGeometry) -> dict[str, float]:
    """``area_ha`` of a polygon or ``length_km`` of a line already in the metric CRS."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return {"area_ha": round(geom.area / 10_000.0, 2)}
    if geom.geom_type in ("LineString", "MultiLineString"):
        return {"length_km": round(geom.length / 1000.0, 3)}
    return {}


def measure(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Store ``area_ha`` (polygons) and ``length_km`` (lines), in EPSG:32648.

    A service area (the districts a site serves) is not the site: it gets no area.
    """
    located = gdf.geometry.notna()
    if not located.any() or ctx.source.precision == SERVICE_AREA:
        return gdf
    metric = gpd.GeoSeries(gdf.geometry[located], crs=4326).to_crs(METRIC_CRS)
    n = 0
    for idx, geom in metric.items():
        sizes = metric_sizes(geom)
        gdf.at[idx, "_props"].update(sizes)
        n += bool(sizes)
    if n:
        ctx.notes.append(f"measured {n} geometries in {METRIC_CRS}")
    return gdf


# -------------------------------------------------------------------- tasks
def link_tasks(gdf: gpd.GeoDataFrame, ctx: Context) -> gpd.GeoDataFrame:
    """Link plan tasks: layer defaults, source extras, row and override extras."""
    overrides = {o.id: o for o in ctx.source.overrides}
    out = gdf.copy()
    tasks_col = []
    tied_col = []
    for _, row in rows(gdf):
        ov = overrides.get(row["_sid"])
        # A source that names the row's tasks ties it to the plan, wherever it lies.
        tied_col.append(bool(ov and (ov.tasks or ov.extra_tasks)))
        tasks = list(ov.tasks) if ov and ov.tasks is not None else list(ctx.spec.default_tasks)
        tasks += ctx.source.extra_tasks
        row_extra = row.get("extra_tasks") if "extra_tasks" in row.index else None
        if isinstance(row_extra, list):
            tasks += [str(t) for t in row_extra]
        if ov:
            tasks += ov.extra_tasks
        tasks_col.append(sorted(set(tasks), key=task_sort_key))
    out["_tasks"] = tasks_col
    out["_plan_tied"] = tied_col
    return out
