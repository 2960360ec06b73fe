"""Raster layers: WorldPop validation and statistics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

from etl.raster import build_raster
from etl.specs import load_specs
from webmap.errors import RasterError


def _population_spec():  # type: ignore[no-untyped-def]
    return next(s for s in load_specs() if s.id == "population")


def test_worldpop_stats() -> None:
    rb = build_raster(_population_spec())
    assert rb.crs == "EPSG:4326" and rb.nodata == -99999.0
    assert (rb.width, rb.height) == (100, 98)
    assert rb.bounds[0] == pytest.approx(105.12375, abs=1e-4)
    assert rb.bounds[3] == pytest.approx(9.74125, abs=1e-4)
    assert rb.min == pytest.approx(48.92, abs=0.01)
    assert rb.max == pytest.approx(19047.52, abs=0.01)
    assert rb.mean == pytest.approx(373.06, abs=0.01)
    assert rb.valid_cells == 7869
    assert rb.checksum == build_raster(_population_spec()).checksum
    assert rb.layer.theme == "population"
    assert rb.layer.raster is None  # the store side records where it keeps the file


def _write_tif(path: Path, *, crs: str | None, nodata: float | None) -> Path:
    data = np.arange(4, dtype="float32").reshape(2, 2)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="float32",
        crs=crs,
        transform=Affine(0.01, 0.0, 105.5, 0.0, -0.01, 9.3),
        nodata=nodata,
    ) as ds:
        ds.write(data, 1)
    return path


def test_raster_without_crs_or_nodata_is_an_error(tmp_path: Path) -> None:
    spec = _population_spec()
    with pytest.raises(RasterError) as exc:
        build_raster(spec, source_override=_write_tif(tmp_path / "a.tif", crs=None, nodata=-1))
    assert (exc.value.layer, exc.value.step, exc.value.field) == ("population", "read", "crs")
    with pytest.raises(RasterError) as exc:
        build_raster(
            spec, source_override=_write_tif(tmp_path / "b.tif", crs="EPSG:4326", nodata=None)
        )
    assert exc.value.field == "nodata" and "b.tif" in str(exc.value)
    ok = build_raster(
        spec, source_override=_write_tif(tmp_path / "c.tif", crs="EPSG:4326", nodata=0)
    )
    assert (ok.min, ok.max, ok.valid_cells) == (1.0, 3.0, 3)


def test_missing_raster_file(tmp_path: Path) -> None:
    with pytest.raises(RasterError, match="raster file not found"):
        build_raster(_population_spec(), source_override=tmp_path / "none.tif")


def test_projected_raster_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = _write_tif(tmp_path / "utm.tif", crs="EPSG:32648", nodata=-1.0)
    with pytest.raises(RasterError, match="not EPSG:4326") as err:
        build_raster(_population_spec(), source_override=path)
    assert err.value.field == "crs" and "gdalwarp -t_srs EPSG:4326" in str(err.value)
