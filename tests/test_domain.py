"""The domain model: one field list, one precision rule, one task-code pattern, one fold."""

from __future__ import annotations

import pytest

from webmap.domain import (
    APPROXIMATE_PRECISIONS,
    EXACT_PRECISIONS,
    FEATURE_FIELDS,
    PRECISIONS,
    Feature,
    Layer,
    RasterInfo,
    fold,
    is_approximate,
    is_exact,
    is_task_code,
    normalise,
    strip_accents,
    task_sort_key,
)
from webmap.store.features import FEATURE_COLUMNS


def test_every_feature_field_has_its_column() -> None:
    columns = {c.name for c in FEATURE_COLUMNS}
    assert {"geom" if f == "geometry" else f for f in FEATURE_FIELDS} <= columns
    assert "tasks" not in FEATURE_FIELDS and "status" not in FEATURE_FIELDS


def test_precisions_are_exact_approximate_or_unlocated() -> None:
    assert set(EXACT_PRECISIONS) | set(APPROXIMATE_PRECISIONS) | {"unlocated"} == set(PRECISIONS)
    assert is_approximate("district") and not is_approximate("site")
    assert not is_approximate("unlocated") and not is_exact("unlocated")
    assert is_exact("surveyed") and not is_exact("commune")


@pytest.mark.parametrize(
    ("code", "ok"),
    [("13.3", True), ("8.5", True), ("13.10", True), ("13", False), ("0.1", False), ("1.2", True)],
)
def test_task_codes(code: str, ok: bool) -> None:
    assert is_task_code(code) is ok


def test_task_order() -> None:
    assert sorted(["13.10", "9.2", "13.3"], key=task_sort_key) == ["9.2", "13.3", "13.10"]


def test_one_fold() -> None:
    assert fold("Điện gió Đông Hải 1") == "dien gio dong hai 1"
    assert strip_accents("Đông Hải") == "Dong Hai"
    assert normalise("  Xã  VĨNH Hậu ") == "xã vĩnh hậu"


def test_a_feature_needs_a_known_precision_and_a_place_to_claim_one() -> None:
    with pytest.raises(ValueError, match="unknown precision"):
        Feature(key="k", layer_id="l", name_vi="n", geometry=None, precision="exact",
                source="s", licence="l")  # fmt: skip
    with pytest.raises(ValueError, match="no geometry"):
        Feature(key="k", layer_id="l", name_vi="n", geometry=None, precision="site",
                source="s", licence="l")  # fmt: skip


def test_layer_extras_round_trip_through_json() -> None:
    raster = RasterInfo(file="rasters/p/x.tif", bounds=(1.0, 2.0, 3.0, 4.0), crs="EPSG:4326",
                        width=2, height=3, nodata=-1.0, min=0.0, max=5.0, mean=2.0)  # fmt: skip
    layer = Layer(id="p", title_vi="t", title_en="t", theme="population", geometry_type="Raster",
                  source="s", licence="l", attribution="a", missing_data_vi="thiếu",
                  raster=raster)  # fmt: skip
    extras = layer.extras_json()
    assert extras["missing_data_vi"] == "thiếu"
    assert RasterInfo.from_json(extras["raster"]) == raster
