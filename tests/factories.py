"""Synthetic test records (named as such: no real coordinates or capacities)."""

from __future__ import annotations

from datetime import date

from shapely.geometry import LineString, Point, box

from webmap.domain import Feature, Layer, StatusEvent


def synthetic_layer(
    layer_id: str = "synthetic_points", geometry_type: str = "Point"
) -> Layer:
    return Layer(
        id=layer_id,
        title_vi=f"Lớp thử nghiệm {layer_id}",
        title_en=f"Synthetic test layer {layer_id}",
        theme="energy",
        geometry_type=geometry_type,
        source="synthetic test data",
        licence="CC0-1.0",
        attribution="Synthetic test data",
        style={"color": "#123456"},
        default_tasks=["8.5"],
    )


def synthetic_point(i: int, layer_id: str = "synthetic_points", **extra: object) -> Feature:
    values: dict = {
        "key": f"{layer_id}:{i}",
        "layer_id": layer_id,
        "name_vi": f"Điểm thử Đông Hải {i}",
        "name_en": f"Synthetic point {i}",
        "geometry": Point(105.5 + i * 0.01, 9.2),
        "precision": "site",
        "source": "synthetic test data",
        "licence": "CC0-1.0",
        "tasks": ["8.5"],
        "status_history": [StatusEvent("planned", date(2024, 5, 29), "synthetic")],
    }
    values.update(extra)
    return Feature(**values)


def synthetic_shapes(layer_id: str = "synthetic_shapes") -> list[Feature]:
    """A polygon, a diagonal line and an unlocated record."""
    common = {"layer_id": layer_id, "source": "synthetic", "licence": "CC0-1.0"}
    return [
        Feature(
            key=f"{layer_id}:poly",
            name_vi="Vùng thử",
            geometry=box(105.0, 9.0, 105.2, 9.2),
            precision="site",
            **common,
        ),
        Feature(
            key=f"{layer_id}:diag",
            name_vi="Đường chéo thử",
            geometry=LineString([(105.3, 9.3), (105.5, 9.5)]),
            precision="site",
            **common,
        ),
        Feature(
            key=f"{layer_id}:none",
            name_vi="Dự án Châu Hưng chưa có vị trí",
            geometry=None,
            precision="unlocated",
            **common,
        ),
    ]
