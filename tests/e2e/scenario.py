"""A small SYNTHETIC map for the officials' map tests (no real coordinates, names or figures).

Four layers: district-like boundary polygons (theme "boundaries", the offline
base map), waste sites (several statuses, task links, one district-precision
and one unlocated record), energy points with a capacity, and a forest layer
with no located feature and a ``missing_data`` note.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shapely.geometry import Point, box

from webmap.core.plan import load_plan_into
from webmap.domain import Feature, Layer, StatusEvent
from webmap.store import Store

BOUNDARIES = "synthetic_boundaries"
WASTE = "synthetic_waste"
ENERGY = "synthetic_energy"
FOREST = "synthetic_forest"
CHAU_HUNG = f"{WASTE}:chau-hung"
DISTRICT_LEVEL = f"{WASTE}:district-level"
UNLOCATED = f"{WASTE}:unlocated"
SOURCE = "synthetic test data"


def _layer(layer_id: str, theme: str, geometry_type: str, **extra: Any) -> Layer:
    return Layer(
        id=layer_id,
        title_vi=f"Lớp thử {layer_id}",
        title_en=f"Synthetic layer {layer_id}",
        theme=theme,
        geometry_type=geometry_type,
        source=SOURCE,
        licence="CC0-1.0",
        attribution=f"Synthetic {theme} data",
        **extra,
    )


def _record(key: str, layer_id: str, name: str, geometry: Any, **extra: Any) -> Feature:
    values: dict[str, Any] = {
        "key": key,
        "layer_id": layer_id,
        "name_vi": name,
        "geometry": geometry,
        "precision": "site" if geometry is not None else "unlocated",
        "source": SOURCE,
        "licence": "CC0-1.0",
    }
    values.update(extra)
    return Feature(**values)


def _status(status: str, year: int = 2024) -> list[StatusEvent]:
    return [StatusEvent(status, date(year, 5, 29), SOURCE)]


def boundaries() -> list[Feature]:
    """Two rectangles standing in for pre-2025 districts (codes 901 and 902)."""
    return [
        _record(f"{BOUNDARIES}:901", BOUNDARIES, "Huyện thử Một", box(105.2, 9.1, 105.5, 9.5),
                district_code="901", district_name="Huyện thử Một"),
        _record(f"{BOUNDARIES}:902", BOUNDARIES, "Huyện thử Hai", box(105.5, 9.1, 105.8, 9.5),
                district_code="902", district_name="Huyện thử Hai"),
    ]  # fmt: skip


def waste_sites() -> list[Feature]:
    """Waste sites: three statuses, a district-precision record and an unlocated one."""
    one = {"district_code": "901", "district_name": "Huyện thử Một"}
    two = {"district_code": "902", "district_name": "Huyện thử Hai", "today_unit": "Xã thử Mới"}
    return [
        _record(CHAU_HUNG, WASTE, "Khu xử lý chất thải rắn Châu Hưng", Point(105.30, 9.30),
                name_en="Synthetic Châu Hưng solid-waste site", tasks=["13.3"],
                status_history=_status("planned"), properties={"capacity_t_day": 300}, **one),
        _record(f"{WASTE}:operating", WASTE, "Bãi rác thử đang vận hành", Point(105.62, 9.22),
                tasks=["13.3", "13.4"], status_history=_status("operating"), **two),
        _record(f"{WASTE}:cancelled", WASTE, "Bãi rác thử đã hủy", Point(105.40, 9.42),
                tasks=["13.3"], status_history=_status("cancelled"), **one),
        _record(DISTRICT_LEVEL, WASTE, "Điểm tập kết thử cấp huyện", Point(105.65, 9.38),
                precision="district", precision_note="Synthetic: only the district is known.",
                tasks=["13.3"], status_history=_status("investment_call"), **two),
        _record(UNLOCATED, WASTE, "Nhà máy thử chưa có vị trí", None, tasks=["13.3"],
                status_history=_status("proposed"), **two),
    ]  # fmt: skip


def energy_points() -> list[Feature]:
    """Three energy points of 50, 100 and 200 MW."""
    statuses = ["operating", "under_construction", "planned"]
    return [
        _record(f"{ENERGY}:{i}", ENERGY, f"Điện gió thử {i}", Point(105.25 + i * 0.15, 9.15),
                properties={"capacity_mw": mw}, tasks=["8.5"], status_history=_status(st),
                district_code="901" if i < 2 else "902",
                district_name="Huyện thử Một" if i < 2 else "Huyện thử Hai")
        for i, (mw, st) in enumerate(zip((50, 100, 200), statuses, strict=True))
    ]  # fmt: skip


def forest_unlocated() -> list[Feature]:
    return [_record(f"{FOREST}:gap", FOREST, "Rừng thử chưa có bản đồ", None)]


def load_scenario(store: Store, *, plan: bool = True) -> None:
    """Load the plan (for /plan/tasks/<code>) and the four synthetic layers."""
    if plan:
        load_plan_into(store)
    boundary_style = {"color": "#555555", "weight": 1.5, "fill_opacity": 0.0}
    store.load_layer(
        _layer(BOUNDARIES, "boundaries", "Polygon", style=boundary_style, sort_order=900),
        boundaries(),
        checksum="b",
    )
    store.load_layer(
        _layer(WASTE, "waste", "Point", style={"color": "#9a3412"},
               popup_fields=["capacity_t_day"], sort_order=20),
        waste_sites(),
        checksum="w",
    )  # fmt: skip
    store.load_layer(
        _layer(ENERGY, "energy", "Point", style={"color": "#1d4ed8"},
               popup_fields=["capacity_mw"], sort_order=10),
        energy_points(),
        checksum="e",
    )  # fmt: skip
    missing = {
        "missing_data_vi": "Chưa có bản đồ rừng thử nghiệm.",
        "missing_data_en": "No synthetic forest map yet.",
    }
    store.load_layer(
        _layer(FOREST, "forest", "Polygon", style={"color": "#15803d"}, **missing),
        forest_unlocated(),
        checksum="f",
    )
