"""Every upload format: sublayers, columns, geometry columns, values kept as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.uploads import ReadOptions, inspect, read_rows
from tests.uploads import (
    SYNTHETIC_ROWS,
    csv_file,
    geojson_file,
    gpkg_two_layers,
    kml_file,
    kmz_file,
    two_shapefiles_zip,
    vn2000_tcvn3_shapefile_zip,
    xlsx_file,
)
from webmap.errors import BadRequest

NAMES = [r[0] for r in SYNTHETIC_ROWS]


def _points(table) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return [(round(g.x, 4), round(g.y, 4)) for g in table.geometries]


def test_geojson(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson")
    info = inspect(path)
    assert (info.format, info.feature_count, info.crs) == ("geojson", 4, "EPSG:4326")
    assert info.columns == ["ten", "trang_thai"] and info.sublayers == []
    table = read_rows(path, ReadOptions())
    assert [r["ten"] for r in table.rows] == NAMES
    assert _points(table) == [r[2] for r in SYNTHETIC_ROWS]


def test_gpkg_layers_listed_and_chosen(tmp_path: Path) -> None:
    path = gpkg_two_layers(tmp_path / "synthetic.gpkg")
    first = inspect(path)
    assert first.sublayer == "synthetic_water" and first.feature_count == 2
    assert any("choose" in note for note in first.notes)
    with pytest.raises(BadRequest) as caught:
        read_rows(path, ReadOptions())
    assert caught.value.code == "sublayer_required"
    assert "synthetic_water" in caught.value.message_vi
    assert caught.value.details["sublayers"] == ["synthetic_water", "synthetic_parks"]
    info = inspect(path, options=ReadOptions(sublayer="synthetic_parks"))
    assert info.sublayers == ["synthetic_water", "synthetic_parks"]
    assert info.sublayer == "synthetic_parks" and info.feature_count == 2
    table = read_rows(path, ReadOptions(sublayer="synthetic_parks"))
    assert [r["ten"] for r in table.rows] == NAMES[2:]
    with pytest.raises(BadRequest):
        read_rows(path, ReadOptions(sublayer="synthetic_missing"))


def test_zip_with_two_shapefiles_asks(tmp_path: Path) -> None:
    path = two_shapefiles_zip(tmp_path / "synthetic.zip")
    with pytest.raises(BadRequest) as caught:
        read_rows(path, ReadOptions())
    assert caught.value.details["sublayers"] == ["a/synthetic_one", "synthetic_two"]
    table = read_rows(path, ReadOptions(sublayer="a/synthetic_one"))
    assert [r["ten"] for r in table.rows] == NAMES[:2]
    assert inspect(path, options=ReadOptions(sublayer="synthetic_two")).encoding == "utf-8"


def test_shapefile_with_cpg(tmp_path: Path) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", encoding="utf-8", cpg=True)
    table = read_rows(path, ReadOptions())
    assert [r["ten"] for r in table.rows] == NAMES
    assert not [i for i in table.issues if i.code.startswith("encoding")]


@pytest.mark.parametrize("builder", [kml_file, kmz_file])
def test_kml_and_kmz(tmp_path: Path, builder) -> None:  # type: ignore[no-untyped-def]
    suffix = ".kml" if builder is kml_file else ".kmz"
    path = builder(tmp_path / f"synthetic{suffix}")
    info = inspect(path)
    assert info.format == "kml" and info.feature_count == 4
    table = read_rows(path, ReadOptions())
    name_column = next(c for c in info.columns if c.lower() == "name")
    assert [r[name_column] for r in table.rows] == NAMES
    assert [r["trang_thai"] for r in table.rows] == [r[1] for r in SYNTHETIC_ROWS]
    assert _points(table) == [r[2] for r in SYNTHETIC_ROWS]


def test_kml_folders_are_sublayers(tmp_path: Path) -> None:
    path = kml_file(tmp_path / "synthetic.kml", folders=2)
    assert inspect(path).sublayer in inspect(path).sublayers
    with pytest.raises(BadRequest) as caught:
        read_rows(path, ReadOptions())
    folders = caught.value.details["sublayers"]
    assert "synthetic_folder_1" in folders and "synthetic_folder_2" in folders
    table = read_rows(path, ReadOptions(sublayer="synthetic_folder_2"))
    assert len(table.rows) == 2


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_lon_lat(tmp_path: Path, delimiter: str) -> None:
    path = csv_file(tmp_path / "synthetic.csv", delimiter=delimiter)
    info = inspect(path)
    assert info.format == "csv" and info.crs is None
    assert info.geometry_columns == {"lon": ["lon"], "lat": ["lat"], "wkt": []}
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert _points(table) == [r[2] for r in SYNTHETIC_ROWS]
    assert table.header_rows == 1 and table.row_number(0) == 1


def test_csv_vietnamese_names_and_wkt(tmp_path: Path) -> None:
    rows = [("synthetic A", "POINT (105.72 9.29)"), ("synthetic B", "not wkt"), ("synthetic C", "")]
    path = csv_file(tmp_path / "synthetic.csv", header=("Tên", "geometry"), rows=rows)
    table = read_rows(path, ReadOptions(crs="EPSG:4326"))
    assert table.geometries[0] is not None and table.geometries[0].x == pytest.approx(105.72)
    assert table.geometries[1] is None and table.geometries[2] is None
    bad = [i for i in table.issues if i.code == "bad_wkt"]
    assert [(i.row, i.field) for i in bad] == [(2, "geometry")]


def test_csv_kinh_do_vi_do(tmp_path: Path) -> None:
    rows = [("synthetic", "105,72", "9,29")]
    header = ("ten", "Kinh độ", "Vĩ độ")
    path = csv_file(tmp_path / "synthetic.csv", header=header, rows=rows, delimiter=";")
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert _points(table) == [(105.72, 9.29)]


def test_csv_ambiguous_geometry_columns(tmp_path: Path) -> None:
    rows = [("synthetic", 105.72, 9.29, 587000, 1027000)]
    header = ("ten", "lon", "lat", "x_vn2000", "y_vn2000")
    path = csv_file(tmp_path / "synthetic.csv", header=header, rows=rows)
    info = inspect(path)
    assert info.geometry_columns["lon"] == ["lon", "x_vn2000"]
    with pytest.raises(BadRequest) as caught:
        read_rows(path, ReadOptions(crs="wgs84"))
    assert caught.value.code == "geometry_columns_ambiguous"
    assert "x_vn2000" in caught.value.message_vi and "x_vn2000" in caught.value.message_en
    chosen = read_rows(path, ReadOptions(crs="vn2000-tm3-105.5", lon="x_vn2000", lat="y_vn2000"))
    assert chosen.geometries[0] is not None
    with pytest.raises(BadRequest):
        read_rows(path, ReadOptions(crs="wgs84", lon="nope", lat="lat"))


def test_csv_without_location_columns_reads_unlocated(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "synthetic.csv", header=("ten", "trang_thai"), rows=[("a", "b")])
    table = read_rows(path, ReadOptions())
    assert table.geometries == [None] and table.crs_used == "EPSG:4326"


def test_csv_blank_rows_keep_spreadsheet_numbering(tmp_path: Path) -> None:
    rows = [("synthetic A", 105.72, 9.29), ("", "", ""), ("synthetic B", "abc", 9.29)]
    path = csv_file(tmp_path / "synthetic.csv", header=("ten", "lon", "lat"), rows=rows)
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert table.row_numbers == [1, 3]
    bad = [i for i in table.issues if i.code == "bad_coordinate"]
    assert [(i.row, i.field, i.value) for i in bad] == [(3, "lon", "abc")]
    assert "dòng 3" in bad[0].message_vi and "row 3" in bad[0].message_en


def test_xlsx_sheets(tmp_path: Path) -> None:
    header = ("ten", "trang_thai", "lon", "lat", "ngay")
    sheets = {
        "synthetic_notes": [("ghi chu",), ("synthetic",)],
        "synthetic_sites": [header, (NAMES[0], "planned", 105.7245, 9.285, "2024-05-17")],
    }
    path = xlsx_file(tmp_path / "synthetic.xlsx", sheets)
    assert inspect(path).columns == ["ghi chu"]
    with pytest.raises(BadRequest) as caught:
        read_rows(path, ReadOptions(crs="wgs84"))
    assert caught.value.details["sublayers"] == ["synthetic_notes", "synthetic_sites"]
    table = read_rows(path, ReadOptions(sublayer="synthetic_sites", crs="wgs84"))
    assert table.rows[0]["ten"] == NAMES[0]
    assert _points(table) == [(105.7245, 9.285)]


def test_formulas_and_html_kept_as_text(tmp_path: Path) -> None:
    values = [
        '=HYPERLINK("http://example.invalid")',
        "<script>alert(1)</script>",
        "'; DROP TABLE x;--",
        "+1-2",
        "@SUM(A1)",
    ]
    rows = [(v, 105.72, 9.29) for v in values]
    xlsx = xlsx_file(tmp_path / "synthetic.xlsx", {"synthetic": [("ten", "lon", "lat"), *rows]})
    csv_path = csv_file(
        tmp_path / "synthetic.csv",
        header=("ten", "lon", "lat"),
        rows=[(v.replace(",", ";"), 105.72, 9.29) for v in values],
    )
    geo = geojson_file(tmp_path / "synthetic.geojson", [(v, "x", (105.72, 9.29)) for v in values])
    assert [r["ten"] for r in read_rows(xlsx, ReadOptions(crs="wgs84")).rows] == values
    assert [r["ten"] for r in read_rows(geo, ReadOptions()).rows] == values
    assert [r["ten"] for r in read_rows(csv_path, ReadOptions(crs="wgs84")).rows] == [
        v.replace(",", ";") for v in values
    ]


def test_sample_is_display_strings(tmp_path: Path) -> None:
    long_name = "synthetic " + "x" * 200
    path = geojson_file(tmp_path / "synthetic.geojson", [(long_name, 12.5, (105.72, 9.29))])
    info = inspect(path)
    assert info.sample[0]["trang_thai"] == "12.5"
    assert len(info.sample[0]["ten"]) == 80
    json.dumps(info.__dict__)  # JSON-serialisable
