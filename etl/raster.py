"""Raster layers (e.g. WorldPop population density) with rasterio.

The ETL does not copy or tile rasters: it validates the file (CRS present,
nodata declared, single band) and reports its bounds and statistics so the
store/web side can register and serve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
import rasterio.errors

from etl.pipeline import compute_checksum
from etl.specs import LayerSpec
from etl.steps import library_message
from webmap.domain import Layer
from webmap.errors import RasterError


@dataclass(frozen=True)
class RasterBuild:
    """A validated raster layer.

    Attributes:
        layer: Layer metadata from the spec (``raster`` not set).
        path: The GeoTIFF under ``layers/data``.
        bounds: ``(west, south, east, north)`` in the raster's CRS.
        crs: CRS as ``EPSG:xxxx`` (or WKT when there is no EPSG code).
        nodata: The declared nodata value.
        width: Columns.
        height: Rows.
        min: Minimum of valid cells.
        max: Maximum of valid cells.
        mean: Mean of valid cells.
        valid_cells: Number of cells that are not nodata.
        checksum: SHA-256 over the file bytes and the spec text.
    """

    layer: Layer
    path: Path
    bounds: tuple[float, float, float, float]
    crs: str
    nodata: float
    width: int
    height: int
    min: float
    max: float
    mean: float
    valid_cells: int
    checksum: str


def build_raster(spec: LayerSpec, *, source_override: Path | None = None) -> RasterBuild:
    """Validate a raster layer's GeoTIFF and compute its statistics.

    Args:
        spec: A spec with ``geometry_type = "Raster"`` and one ``geotiff`` source.
        source_override: Another GeoTIFF to use instead of the bundled one.

    Returns:
        Path, bounds, CRS, nodata and min/max/mean of the valid cells. The
        layer's ``raster`` is left ``None``: the store side decides where the
        file is kept and records it there.

    Raises:
        RasterError: If the spec is not a raster, the file is missing or
            unreadable, or has no CRS, no nodata value or no valid cell.
    """
    path = _raster_file(spec, source_override)
    grid = _read_grid(spec, path)
    valid = grid.band.compressed()
    valid = valid[np.isfinite(valid)]
    if valid.size == 0:
        raise RasterError(
            "raster không có ô hợp lệ nào",
            "raster has no valid cell",
            layer=spec.id,
            step="stats",
            path=path,
        )
    return RasterBuild(
        layer=spec.to_layer_record(),
        path=path,
        bounds=grid.bounds,
        crs=grid.crs,
        nodata=grid.nodata,
        width=grid.width,
        height=grid.height,
        min=float(valid.min()),
        max=float(valid.max()),
        mean=float(valid.mean()),
        valid_cells=int(valid.size),
        checksum=compute_checksum(spec, [path]),
    )


@dataclass(frozen=True)
class _Grid:
    """The band and georeferencing read from a GeoTIFF."""

    band: np.ma.MaskedArray
    crs: str
    bounds: tuple[float, float, float, float]
    nodata: float
    width: int
    height: int


def _raster_file(spec: LayerSpec, source_override: Path | None) -> Path:
    """The GeoTIFF to read: the override, or the spec's one ``geotiff`` source."""
    if not spec.is_raster or len(spec.sources) != 1 or spec.sources[0].format != "geotiff":
        raise RasterError(
            "không phải đặc tả raster có đúng một nguồn geotiff",
            "not a raster spec with one geotiff source",
            layer=spec.id,
            step="spec",
            path=spec.path,
        )
    path = Path(source_override) if source_override else spec.data_dir / str(spec.sources[0].file)
    if not path.is_file():
        raise RasterError(
            "không tìm thấy tệp raster",
            "raster file not found",
            layer=spec.id,
            step="read",
            field="file",
            path=path,
        )
    return path


def _read_grid(spec: LayerSpec, path: Path) -> _Grid:
    """Open the GeoTIFF, check it and read its single band (masked where nodata)."""
    try:
        with rasterio.open(path) as ds:
            _check_dataset(ds, spec, path)
            epsg = ds.crs.to_epsg()
            return _Grid(
                band=ds.read(1, masked=True),
                crs=f"EPSG:{epsg}" if epsg else ds.crs.to_wkt(),
                bounds=(
                    float(ds.bounds.left),
                    float(ds.bounds.bottom),
                    float(ds.bounds.right),
                    float(ds.bounds.top),
                ),
                nodata=float(ds.nodata),
                width=ds.width,
                height=ds.height,
            )
    # What rasterio raises for a file it cannot open or a band it cannot read.
    except rasterio.errors.RasterioIOError as exc:
        detail = library_message(exc, path)
        raise RasterError(
            f"không đọc được raster: {detail}",
            f"cannot read raster: {detail}",
            layer=spec.id,
            step="read",
            path=path,
        ) from exc


def _check_dataset(ds: Any, spec: LayerSpec, path: Path) -> None:
    """A usable grid: in EPSG:4326, with a nodata value and a single band."""

    def fail(message_vi: str, message_en: str, field: str | None = None) -> RasterError:
        return RasterError(
            message_vi, message_en, layer=spec.id, step="read", field=field, path=path
        )

    if ds.crs is None:
        raise fail("raster không có hệ tọa độ (CRS)", "raster has no CRS", "crs")
    if ds.crs.to_epsg() != 4326:
        # The map draws the grid over its bounds in degrees; a projected grid
        # (VN-2000, UTM) would land in the wrong place.
        crs, fix = ds.crs.to_string(), f"gdalwarp -t_srs EPSG:4326 {path.name} out.tif"
        raise fail(
            f"raster dùng {crs}, không phải EPSG:4326: hãy chiếu lại trước ({fix})",
            f"raster is in {crs}, not EPSG:4326: reproject it first ({fix})",
            "crs",
        )
    if ds.nodata is None:
        raise fail(
            "raster không khai báo giá trị nodata", "raster declares no nodata value", "nodata"
        )
    if ds.count != 1:
        raise fail(f"cần đúng 1 băng, tìm thấy {ds.count}", f"expected 1 band, found {ds.count}")
