"""guess_mapping and to_features: keys, statuses, dates, tasks, geometry rules, the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from etl.admin import load_admin
from etl.specs import default_layers_dir
from etl.uploads import (
    FIELD_TARGETS,
    Converted,
    Provenance,
    RawTable,
    ReadOptions,
    guess_mapping,
    read_rows,
    to_features,
)
from tests.factories import synthetic_layer
from tests.uploads import SYNTHETIC_ROWS, vn2000_tcvn3_shapefile_zip
from webmap.domain import Layer

PROVENANCE = Provenance("synthetic officer upload", "CC-BY-4.0", "Synthetic test data")
TODAY = date(2025, 1, 15)
TASKS = {"8.5", "13.3", "15.3"}
INSIDE = Point(105.7245, 9.2850)


@pytest.fixture(scope="module")
def province() -> BaseGeometry:
    return load_admin(default_layers_dir() / "data").province


def convert(
    rows: list[dict[str, Any]],
    geometries: list[BaseGeometry | None] | None = None,
    *,
    province: BaseGeometry | None = None,
    layer: Layer | None = None,
    mapping: dict[str, str | None] | None = None,
    existing: dict[str, str] | None = None,
    table_issues: list | None = None,
) -> Converted:
    table = RawTable(
        rows=rows,
        geometries=geometries if geometries is not None else [INSIDE] * len(rows),
        crs_used="EPSG:4326",
        issues=table_issues or [],
    )
    return to_features(
        table,
        layer=layer or synthetic_layer(),
        mapping=mapping or guess_mapping(list(rows[0]) if rows else []),
        provenance=PROVENANCE,
        province=province,
        known_tasks=TASKS,
        existing_keys_by_name=existing,
        recorded_by="synthetic_editor",
        today=TODAY,
    )


def codes(result: Converted) -> list[tuple[int, str, str]]:
    return [(i.row, i.code, i.level) for i in result.issues]


def test_guess_mapping_vietnamese_columns() -> None:
    columns = ["FID", "Tên", "trang_thai", "cong_suat", "ngay_trang", "Nhiệm vụ", "ghi_chu", "x"]
    mapping = guess_mapping(columns)
    assert set(mapping) == set(FIELD_TARGETS)
    assert mapping["name_vi"] == "Tên"
    assert mapping["status"] == "trang_thai"
    assert mapping["capacity_mw"] == "cong_suat"
    assert mapping["status_date"] == "ngay_trang"  # DBF-truncated ngay_trang_thai
    assert mapping["tasks"] == "Nhiệm vụ"
    assert mapping["note"] == "ghi_chu"
    assert mapping["key"] is None and mapping["area_ha"] is None


def test_guess_mapping_english_and_one_column_per_target() -> None:
    mapping = guess_mapping(["name", "name_en", "status", "capacity_MW", "id"])
    assert mapping["name_vi"] == "name" and mapping["name_en"] == "name_en"
    assert mapping["capacity_mw"] == "capacity_MW" and mapping["key"] == "id"
    assert len({v for v in mapping.values() if v}) == 4 + 1


def test_the_issue_file_end_to_end(tmp_path: Path, province: BaseGeometry) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip")
    table = read_rows(path, ReadOptions())
    result = to_features(
        table,
        layer=synthetic_layer("water_works"),
        mapping=guess_mapping(["ten", "trang_thai"]),
        provenance=PROVENANCE,
        province=province,
        known_tasks=TASKS,
        recorded_by="synthetic_editor",
        today=TODAY,
    )
    assert not result.has_errors
    assert [f.name_vi for f in result.features] == [r[0] for r in SYNTHETIC_ROWS]
    assert [f.status_history[0].status for f in result.features] == [
        "operating",
        "planned",
        "under_construction",
        "operating",
    ]
    first = result.features[0]
    assert first.key == "water_works:u-nha-may-nuoc-bac-lieu"
    assert first.precision == "site" and first.source == PROVENANCE.source
    assert first.licence == "CC-BY-4.0" and first.tasks == ["8.5"]
    event = first.status_history[0]
    assert (event.effective_date, event.date_precision) == (TODAY, "recorded")
    assert (event.source, event.recorded_by) == (PROVENANCE.source, "synthetic_editor")
    assert result.row_of_key[first.key] == 1
    assert [(i.row, i.code) for i in result.issues] == [(0, "encoding_converted")]


@pytest.mark.parametrize(
    ("value", "expected", "precision", "code"),
    [
        ("2024-05-17", date(2024, 5, 17), "day", None),
        ("17/05/2024", date(2024, 5, 17), "day", None),
        ("05/2024", date(2024, 5, 1), "month", "partial_date"),
        ("2024", date(2024, 1, 1), "year", "partial_date"),
        (2024, date(2024, 1, 1), "year", "partial_date"),
        ("31/02/2024", TODAY, "recorded", "bad_date"),
        ("soon", TODAY, "recorded", "bad_date"),
    ],
)
def test_status_dates(value: Any, expected: date, precision: str, code: str | None) -> None:
    result = convert([{"ten": "synthetic", "trang_thai": "approved", "ngay": value}])
    found = [c for _, c, _ in codes(result)]
    assert found == ([code] if code else [])
    if code != "bad_date":
        event = result.features[0].status_history[0]
        assert (event.effective_date, event.date_precision) == (expected, precision)
    else:
        assert result.has_errors and not result.features
        assert "row 1" in result.issues[0].message_en


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Đang vận hành", "operating"),
        ("DANG VAN HANH", "operating"),
        ("under_construction", "under_construction"),
        ("Under construction", "under_construction"),
        ("Đã hủy", "cancelled"),
    ],
)
def test_status_labels(value: str, status: str) -> None:
    result = convert([{"ten": "synthetic", "trang_thai": value}])
    assert result.features[0].status_history[0].status == status


def test_unknown_status_and_no_status() -> None:
    result = convert(
        [{"ten": "synthetic", "trang_thai": "sắp xong"}, {"ten": "b", "trang_thai": None}]
    )
    assert codes(result) == [(1, "unknown_status", "error")]
    assert [f.name_vi for f in result.features] == ["b"]
    assert result.features[0].status_history == []


def test_tasks() -> None:
    rows = [
        {"ten": "a", "nhiem_vu": "8.5; 13.3"},
        {"ten": "b", "nhiem_vu": "99.9"},
        {"ten": "c", "nhiem_vu": None},
    ]
    result = convert(rows)
    assert codes(result) == [(2, "unknown_task", "error")]
    assert [f.tasks for f in result.features] == [["8.5", "13.3"], ["8.5"]]


def test_keys_from_column_names_and_collisions() -> None:
    rows = [
        {"ma": "A1", "ten": "Trạm Hộ Phòng"},
        {"ma": "synthetic_points:A2", "ten": "x"},
        {"ma": None, "ten": "Trạm Hộ Phòng"},
        {"ma": None, "ten": "Trạm Hộ Phòng"},
        {"ma": None, "ten": "Known site"},
    ]
    result = convert(rows, existing={"known site": "synthetic_points:osm-n1"})
    assert [f.key for f in result.features] == [
        "synthetic_points:A1",
        "synthetic_points:A2",
        "synthetic_points:u-tram-ho-phong",
        "synthetic_points:u-tram-ho-phong-2",
        "synthetic_points:osm-n1",
    ]
    assert result.row_of_key["synthetic_points:osm-n1"] == 5


def test_duplicate_key_is_an_error() -> None:
    result = convert([{"ma": "A1", "ten": "a"}, {"ma": "A1", "ten": "b"}])
    assert codes(result) == [(2, "duplicate_key", "error")]
    assert "row 1" in result.issues[0].message_en


def test_missing_geometry_is_unlocated_warning() -> None:
    result = convert([{"ten": "synthetic planned"}], [None])
    assert codes(result) == [(1, "geometry_missing", "warning")]
    feature = result.features[0]
    assert feature.geometry is None and feature.precision == "unlocated"


def test_reader_errors_block_the_row() -> None:
    from etl.uploads.model import issue

    bad = issue(1, "geometry", "POINT (NaN 1)", "error", "coordinates_not_finite", "v", "e")
    result = convert([{"ten": "a"}, {"ten": "b"}], [None, INSIDE], table_issues=[bad])
    assert codes(result) == [(1, "coordinates_not_finite", "error")]
    assert [f.name_vi for f in result.features] == ["b"]


def test_invalid_polygon_repaired() -> None:
    bowtie = Polygon([(105.70, 9.28), (105.72, 9.30), (105.72, 9.28), (105.70, 9.30)])
    result = convert([{"ten": "a"}], [bowtie], layer=synthetic_layer("synthetic_areas", "Polygon"))
    assert codes(result) == [(1, "geometry_invalid_repaired", "warning")]
    assert "Self-intersection" in result.issues[0].value
    assert result.features[0].geometry.is_valid
    assert result.features[0].geometry.geom_type == "MultiPolygon"


def test_wrong_geometry_type() -> None:
    line = LineString([(105.7, 9.28), (105.72, 9.3)])
    result = convert([{"ten": "a"}], [line])
    assert codes(result) == [(1, "geometry_type", "error")]
    assert "Point" in result.issues[0].message_en


def test_empty_geometry_warning() -> None:
    result = convert([{"ten": "a"}], [Point()])
    assert codes(result) == [(1, "geometry_empty", "warning")]


def test_outside_province(province: BaseGeometry) -> None:
    near = Point(105.25, 9.6)  # about 4 km west of the boundary
    far = Point(105.2, 9.63)  # about 9.5 km out
    rows = [{"ten": "a"}, {"ten": "b"}, {"ten": "c"}]
    result = convert(rows, [INSIDE, near, far], province=province)
    assert codes(result) == [(2, "outside_province", "warning"), (3, "outside_province", "error")]
    assert 3 < float(result.issues[0].value.split()[0]) < 5
    assert float(result.issues[1].value.split()[0]) > 5
    assert "km" in result.issues[1].message_vi
    assert [f.name_vi for f in result.features] == ["a", "b"]


def test_numbers_and_text_limits() -> None:
    rows = [
        {"ten": "a", "cong_suat": "49,5", "dien_tich": 12},
        {"ten": "b", "cong_suat": "nhiều"},
        {"ten": "x" * 400},
        {"ten": None},
    ]
    result = convert(rows)
    assert codes(result) == [
        (2, "bad_number", "error"),
        (3, "text_too_long", "error"),
        (4, "name_missing", "error"),
    ]
    assert result.features[0].properties == {"capacity_mw": 49.5, "area_ha": 12.0}


def test_suspicious_name_is_an_error() -> None:
    from etl.uploads.model import issue

    flagged = issue(1, "ten", "\\x01", "warning", "encoding_suspicious", "v", "e")
    result = convert([{"ten": None}], table_issues=[flagged])
    assert codes(result) == [(1, "encoding_suspicious", "error")]
    other = issue(1, "ghi_chu", "\\x01", "warning", "encoding_suspicious", "v", "e")
    kept = convert([{"ten": "a", "ghi_chu": None}], table_issues=[other])
    assert codes(kept) == [(1, "encoding_suspicious", "warning")] and kept.features


def test_html_and_formulas_kept_verbatim() -> None:
    values = ["<b>synthetic</b>", "=1+2", "@cmd"]
    result = convert([{"ten": v, "ghi_chu": v} for v in values])
    assert [f.name_vi for f in result.features] == values
    assert [f.properties["note"] for f in result.features] == values
