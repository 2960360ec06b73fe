"""build_layer on synthetic sources: reports, errors, overrides, checksum."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from etl.pipeline import build_layer
from etl.specs import LayerSpec
from webmap.errors import DataError

INSIDE = [105.72, 9.29]
FAR = [106.5, 10.5]


def _geojson(path: Path, features: list[dict], crs: str | None = "EPSG:4326") -> Path:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _pt(fid: int, coords: list[float], name: str = "A") -> dict:
    return {
        "type": "Feature",
        "properties": {"fid": fid, "name": name},
        "geometry": {"type": "Point", "coordinates": coords},
    }


def test_build_layer_records_report_and_checksum(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    _geojson(layers_dir / "data" / "src.geojson", [_pt(1, INSIDE), _pt(2, [105.84, 9.234], "B")])
    spec = make_spec()
    build = build_layer(spec, today=date(2026, 1, 1))
    assert [f.key for f in build.features] == ["test_layer:t-1", "test_layer:t-2"]
    f1 = build.features[0]
    assert f1.layer_id == "test_layer" and f1.precision == "site" and f1.tasks == ["8.5"]
    assert f1.district_code == "954" and f1.today_unit == "Tỉnh Cà Mau"
    assert f1.source == "synthetic fixture" and f1.licence == "CC0-1.0"
    steps = [r.step for r in build.report]
    assert steps[:2] == ["src:read", "src:filter"] and steps[-1] == "validate"
    assert all(r.rows_in >= r.rows_out for r in build.report[1:])
    assert build.report[0].rows_out == 2
    assert len(build.checksum) == 64
    assert build_layer(spec, today=date(2026, 1, 1)).checksum == build.checksum
    # The checksum follows the source bytes.
    _geojson(layers_dir / "data" / "src.geojson", [_pt(1, INSIDE)])
    assert build_layer(spec).checksum != build.checksum


def test_missing_source_file(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(file="nope.geojson")
    with pytest.raises(DataError) as exc:
        build_layer(spec)
    e = exc.value
    assert (e.layer, e.step, e.field) == ("test_layer", "read", "file")
    assert "nope.geojson" in str(e) and "layer 'test_layer'" in str(e)


def test_unreadable_source_file(make_spec: Callable[..., LayerSpec], layers_dir: Path) -> None:
    (layers_dir / "data" / "src.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        build_layer(make_spec())
    assert exc.value.step == "read" and "cannot read source file" in str(exc.value)


def test_source_without_crs(make_spec: Callable[..., LayerSpec], layers_dir: Path) -> None:
    # A GeoPackage layer written without any CRS.
    import geopandas as gpd
    from shapely.geometry import Point

    with pytest.warns(UserWarning, match="crs"):
        gpd.GeoDataFrame({"fid_": [1], "name": ["A"]}, geometry=[Point(*INSIDE)]).rename(
            columns={"fid_": "fid"}
        ).to_file(layers_dir / "data" / "nocrs.gpkg", engine="pyogrio")
    spec = make_spec(file="nocrs.gpkg", fmt="gpkg")
    with pytest.raises(DataError) as exc:
        build_layer(spec)
    assert (exc.value.step, exc.value.field) == ("read", "crs")
    assert "no CRS" in str(exc.value) and "nocrs.gpkg" in str(exc.value)


def test_wrong_geometry_type(make_spec: Callable[..., LayerSpec], layers_dir: Path) -> None:
    line = {
        "type": "Feature",
        "properties": {"fid": 5, "name": "L"},
        "geometry": {"type": "LineString", "coordinates": [INSIDE, [105.73, 9.3]]},
    }
    _geojson(layers_dir / "data" / "src.geojson", [_pt(1, INSIDE), line])
    with pytest.raises(DataError) as exc:
        build_layer(make_spec())
    e = exc.value
    assert (e.step, e.row, e.field) == ("geometry_type", 2, "geometry")
    assert "row 2" in str(e) and "src.geojson" in str(e)


def test_every_feature_outside_province(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    _geojson(layers_dir / "data" / "src.geojson", [_pt(1, FAR), _pt(2, [107.0, 11.0])])
    with pytest.raises(DataError) as exc:
        build_layer(make_spec())
    assert exc.value.step == "extent" and "every located feature" in str(exc.value)
    assert exc.value.row == "t-1"


def test_empty_key_names_row_and_field(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    bad = _pt(1, INSIDE)
    bad["properties"]["fid"] = None
    _geojson(layers_dir / "data" / "src.geojson", [_pt(2, INSIDE), bad])
    with pytest.raises(DataError) as exc:
        build_layer(make_spec())
    assert (exc.value.step, exc.value.row, exc.value.field) == ("key", 2, "fid")


def test_vn2000_source_is_reprojected(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4756", "EPSG:9209", always_xy=True).transform(*INSIDE)
    _geojson(layers_dir / "data" / "src.geojson", [_pt(1, [x, y])], crs="EPSG:9209")
    build = build_layer(make_spec())
    pt = build.features[0].geometry
    # VN-2000 105.72/9.29 -> WGS 84 is shifted by the official Helmert (~ +0.0018 lon, -0.001 lat).
    assert pt.x == pytest.approx(105.72178, abs=2e-5) and pt.y == pytest.approx(9.28899, abs=2e-5)
    assert any("EPSG:9209" in n for r in build.report for n in r.notes)


def test_source_override_and_load_template(
    make_spec: Callable[..., LayerSpec], tmp_path: Path
) -> None:
    body = """
missing_data_vi = "chưa có"
missing_data_en = "none yet"

[load_template]
source = "GIS staff file"
licence = "CC-BY-4.0"
attribution = "staff"
precision = "site"
key = { field = "fid", transform = "plain", prefix = "user-" }
fields = { name_vi = "name" }
"""
    spec = make_spec(geometry_type="Point", body=body)
    assert build_layer(spec).features == []
    user = _geojson(tmp_path / "mine.geojson", [_pt(10, INSIDE, "Rừng A")])
    build = build_layer(spec, source_override=user)
    assert [f.key for f in build.features] == ["test_layer:user-10"]
    assert build.features[0].name_vi == "Rừng A" and build.features[0].source == "GIS staff file"


@pytest.mark.parametrize("fmt", ["shapefile_zip", "kml", "gpkg"])
def test_other_vector_formats(
    make_spec: Callable[..., LayerSpec], layers_dir: Path, tmp_path: Path, fmt: str
) -> None:
    import zipfile

    import geopandas as gpd
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame({"fid": [3], "name": ["Điểm thử"]}, geometry=[Point(*INSIDE)], crs=4326)
    data = layers_dir / "data"
    if fmt == "shapefile_zip":
        gdf.to_file(tmp_path / "pts.shp", engine="pyogrio")
        with zipfile.ZipFile(data / "pts.zip", "w") as zf:
            for part in tmp_path.glob("pts.*"):
                zf.write(part, part.name)
        file = "pts.zip"
    elif fmt == "kml":
        gdf.to_file(data / "pts.kml", driver="KML", engine="pyogrio")
        file = "pts.kml"
    else:
        gdf.to_file(data / "pts.gpkg", engine="pyogrio")
        file = "pts.gpkg"
    # KML keeps only Name/Description, so its key is a slug of the name.
    spec = (
        make_spec(file=file, fmt=fmt, body=SOURCE_KML.format(file=file))
        if fmt == "kml"
        else (make_spec(file=file, fmt=fmt))
    )
    build = build_layer(spec)
    assert len(build.features) == 1
    f = build.features[0]
    assert f.name_vi == "Điểm thử" and f.district_code == "954"
    assert f.geometry.x == pytest.approx(INSIDE[0]) and f.geometry.y == pytest.approx(INSIDE[1])


SOURCE_KML = """
[[sources]]
id = "src"
file = "{file}"
format = "kml"
source = "synthetic fixture"
licence = "CC0-1.0"
attribution = "synthetic"
precision = "site"
key = {{ field = "Name", transform = "slug", prefix = "kml-" }}
fields = {{ name_vi = "Name" }}
"""
