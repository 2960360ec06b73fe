"""CRS of an upload: presets, typed text, .prj files (VN-2000 within a metre)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from pyproj import CRS

from etl.crs import VN2000_TOWGS84, to_wgs84_transformer
from etl.uploads import CRS_PRESETS, ReadOptions, read_rows
from etl.uploads.model import CrsRequired
from etl.uploads.projections import parse_crs
from tests.uploads import SYNTHETIC_ROWS, csv_file, vn2000_from_wgs84, vn2000_tcvn3_shapefile_zip
from webmap.errors import BadRequest


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Rough ground distance between two lon/lat points (fine at the metre scale)."""
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) * 110_574)


def test_presets_name_their_real_meridian() -> None:
    for preset, (crs_text, label_vi, label_en) in CRS_PRESETS.items():
        crs = CRS(crs_text)
        assert "VN-2000" in crs.name or preset == "wgs84"
        if crs.coordinate_operation and "tm3" in preset:
            meridian = crs.coordinate_operation.params[1].value
            degrees, minutes = int(meridian), round((meridian % 1) * 60)
            assert (
                f"{degrees}°{minutes:02d}′" in label_vi and f"{degrees}°{minutes:02d}′" in label_en
            )
    assert CRS_PRESETS["vn2000-tm3-105.5"][0] == "EPSG:9209"
    assert CRS_PRESETS["vn2000-utm48"][0] == "EPSG:3405"


@pytest.mark.parametrize(
    "text", ["vn2000-tm3-105.5", "EPSG:9209", "9209", CRS("EPSG:9209").to_wkt()]
)
def test_parse_crs_accepts(text: str) -> None:
    assert parse_crs(text).equals(CRS("EPSG:9209"))


@pytest.mark.parametrize("text", ["", "EPSG:999999", "not a crs", "x" * 30_000])
def test_parse_crs_refuses(text: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_crs(text)
    assert "EPSG" in caught.value.message_vi and "EPSG" in caught.value.message_en


@pytest.mark.parametrize("epsg", [9209, 5897, 3405])
def test_vn2000_shapefile_lands_within_a_metre(tmp_path: Path, epsg: int) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", epsg=epsg)
    table = read_rows(path, ReadOptions())
    assert table.crs_used == f"EPSG:{epsg}"
    for (_, _, lonlat), geom in zip(SYNTHETIC_ROWS, table.geometries, strict=True):
        assert geom is not None and metres((geom.x, geom.y), lonlat) < 0.01


def test_custom_prj_with_circular_towgs84(tmp_path: Path) -> None:
    prj = CRS.from_proj4(
        "+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
        f"+towgs84={VN2000_TOWGS84} +units=m +no_defs"
    ).to_wkt("WKT1_GDAL")
    assert "TOWGS84[-191.90441429" in prj
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", prj=prj)
    table = read_rows(path, ReadOptions())
    assert any("973" in note for note in table.notes)
    via_etl = to_wgs84_transformer(CRS("EPSG:9209"))
    for (_, _, (lon, lat)), geom in zip(SYNTHETIC_ROWS, table.geometries, strict=True):
        x, y = vn2000_from_wgs84(lon, lat, 9209)
        ref = via_etl(np.array([x]), np.array([y]))
        assert geom is not None
        # Within a metre as required; in fact the same pinned shift (millimetres).
        assert metres((geom.x, geom.y), (float(ref[0][0]), float(ref[1][0]))) < 0.01


def test_missing_prj_asks_for_crs(tmp_path: Path) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", prj=False)
    with pytest.raises(CrsRequired) as caught:
        read_rows(path, ReadOptions())
    assert caught.value.code == "crs_required" and caught.value.status == 400
    assert "synthetic.zip" in caught.value.message_vi
    table = read_rows(path, ReadOptions(crs="vn2000-tm3-105.5"))
    assert metres((table.geometries[0].x, table.geometries[0].y), SYNTHETIC_ROWS[0][2]) < 0.01


def test_chosen_crs_overrides_and_bad_choice_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "synthetic.csv")
    with pytest.raises(CrsRequired):
        read_rows(path, ReadOptions())
    with pytest.raises(BadRequest):
        read_rows(path, ReadOptions(crs="EPSG:0"))
    table = read_rows(path, ReadOptions(crs="vn2000-geo"))
    moved = metres((table.geometries[0].x, table.geometries[0].y), SYNTHETIC_ROWS[0][2])
    assert 100 < moved < 1000  # the VN-2000 datum shift was applied


def test_wrong_crs_gives_row_errors(tmp_path: Path) -> None:
    rows = [("synthetic", "planned", 587000.0, 1027000.0)]
    path = csv_file(tmp_path / "synthetic.csv", rows=rows)
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert table.geometries == [None]
    assert [i.code for i in table.issues] == ["coordinates_out_of_range"]
