"""Raster layers (e.g. WorldPop population density) with rasterio.

The ETL does not copy or tile rasters: it validates the file (CRS present,
nodata declared, single band) and reports its bounds and statistics so the
store/web side can register and serve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio

from etl.errors import EtlError
from etl.pipeline import compute_checksum
from etl.specs import LayerSpec
from webmap.core.records import LayerRecord


@dataclass(frozen=True)
class RasterBuild:
    """A validated raster layer.

    Attributes:
        layer: Layer metadata from the spec.
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

    layer: LayerRecord
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
        Path, bounds, CRS, nodata and min/max/mean of the valid cells.

    Raises:
        EtlError: If the spec is not a raster, the file is missing or
            unreadable, or has no CRS, no nodata value or no valid cell.
    """
    if not spec.is_raster or len(spec.sources) != 1 or spec.sources[0].format != "geotiff":
        raise EtlError("not a raster spec with one geotiff source", layer=spec.id, step="spec")
    src_spec = spec.sources[0]
    path = Path(source_override) if source_override else spec.data_dir / str(src_spec.file)
    if not path.is_file():
        raise EtlError("raster file not found", layer=spec.id, step="read", field="file", path=path)
    try:
        with rasterio.open(path) as ds:
            if ds.crs is None:
                raise EtlError(
                    "raster has no CRS", layer=spec.id, step="read", field="crs", path=path
                )
            if ds.crs.to_epsg() != 4326:
                # The map draws the grid over its bounds in degrees; a projected grid
                # (VN-2000, UTM) would land in the wrong place.
                raise EtlError(
                    f"raster is in {ds.crs.to_string()}, not EPSG:4326: reproject it first "
                    f"(gdalwarp -t_srs EPSG:4326 {path.name} out.tif)",
                    layer=spec.id,
                    step="read",
                    field="crs",
                    path=path,
                )
            if ds.nodata is None:
                raise EtlError(
                    "raster declares no nodata value",
                    layer=spec.id,
                    step="read",
                    field="nodata",
                    path=path,
                )
            if ds.count != 1:
                raise EtlError(
                    f"expected 1 band, found {ds.count}", layer=spec.id, step="read", path=path
                )
            band = ds.read(1, masked=True)
            epsg = ds.crs.to_epsg()
            crs = f"EPSG:{epsg}" if epsg else ds.crs.to_wkt()
            bounds = (ds.bounds.left, ds.bounds.bottom, ds.bounds.right, ds.bounds.top)
            nodata = float(ds.nodata)
            width, height = ds.width, ds.height
    except rasterio.errors.RasterioIOError as exc:
        raise EtlError(f"cannot read raster: {exc}", layer=spec.id, step="read", path=path) from exc
    valid = band.compressed()
    valid = valid[np.isfinite(valid)]
    if valid.size == 0:
        raise EtlError("raster has no valid cell", layer=spec.id, step="stats", path=path)
    return RasterBuild(
        layer=spec.to_layer_record(),
        path=path,
        bounds=tuple(float(b) for b in bounds),  # type: ignore[arg-type]
        crs=crs,
        nodata=nodata,
        width=width,
        height=height,
        min=float(valid.min()),
        max=float(valid.max()),
        mean=float(valid.mean()),
        valid_cells=int(valid.size),
        checksum=compute_checksum(spec, [path]),
    )
