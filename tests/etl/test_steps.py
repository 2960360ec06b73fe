"""Each pipeline step on tiny synthetic GeoDataFrames."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from etl import steps
from etl.admin import TODAY_UNIT, load_admin
from etl.specs import LayerSpec
from etl.steps import Context
from webmap.errors import DataError

INSIDE = (105.72, 9.29)  # TP Bạc Liêu
NEARSHORE = (105.84, 9.234)  # ~1.9 km off the coast
FAR = (106.5, 10.5)  # far outside


def _ctx(spec: LayerSpec, today: date = date(2026, 1, 1)) -> Context:
    return Context(
        spec=spec,
        source=spec.sources[0],
        path=spec.data_dir / (spec.sources[0].file or ""),
        admin=load_admin(spec.data_dir),
        today=today,
    )


def _gdf(rows: list[dict], crs: str | int | None = 4326) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    gdf["_row"] = range(1, len(gdf) + 1)
    return gdf


def test_filter_rows(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(extra='filter = { field = "kind", in = ["wind"] }')
    ctx = _ctx(spec)
    gdf = _gdf(
        [
            {"fid": 1, "name": "a", "kind": "wind", "geometry": Point(*INSIDE)},
            {"fid": 2, "name": "b", "kind": "solar", "geometry": Point(*INSIDE)},
        ]
    )
    out = steps.filter_rows(gdf, ctx)
    assert out["fid"].tolist() == [1]
    assert "filtered out source rows [2]" in ctx.notes[0]


def test_reproject_vn2000_tm3_to_wgs84(make_spec: Callable[..., LayerSpec]) -> None:
    from pyproj import Transformer

    spec = make_spec()
    ctx = _ctx(spec)
    x, y = Transformer.from_crs(4326, "EPSG:9209", always_xy=True).transform(*INSIDE)
    out = steps.reproject(_gdf([{"fid": 1, "geometry": Point(x, y)}], crs="EPSG:9209"), ctx)
    assert out.crs.to_epsg() == 4326
    pt = out.geometry.iloc[0]
    # Round trip is not exact: forward used PROJ's default op, back the pinned shift.
    assert pt.x == pytest.approx(INSIDE[0], abs=1e-4) and pt.y == pytest.approx(INSIDE[1], abs=1e-4)
    assert "EPSG:9209" in ctx.notes[0]


def test_repair_lists_repaired_rows(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(geometry_type="Polygon")
    ctx = _ctx(spec)
    bowtie = Polygon([(105.70, 9.28), (105.72, 9.30), (105.72, 9.28), (105.70, 9.30)])
    good = Point(*INSIDE).buffer(0.01)
    out = steps.repair(_gdf([{"fid": 1, "geometry": good}, {"fid": 2, "geometry": bowtie}]), ctx)
    assert all(out.geometry.is_valid)
    assert out.geometry.iloc[1].geom_type in ("Polygon", "MultiPolygon")
    assert ctx.notes == ["repaired invalid geometry in rows [2]"]


def test_geometry_type_mismatch(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(geometry_type="Polygon")
    gdf = _gdf([{"fid": 1, "geometry": LineString([INSIDE, NEARSHORE])}])
    with pytest.raises(DataError) as exc:
        steps.check_geometry_type(gdf, _ctx(spec))
    assert exc.value.step == "geometry_type" and exc.value.row == 1
    assert exc.value.field == "geometry" and "LineString" in str(exc.value)


def test_keys_are_stable_source_ids(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec()
    gdf = _gdf([{"fid": 7, "geometry": Point(*INSIDE)}, {"fid": 3, "geometry": Point(*INSIDE)}])
    out = steps.assign_keys(gdf, _ctx(spec))
    assert out["_sid"].tolist() == ["t-7", "t-3"]
    reordered = steps.assign_keys(gdf.iloc[::-1], _ctx(spec))
    assert reordered["_sid"].tolist() == ["t-3", "t-7"]


def test_duplicate_keys_are_an_error(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec()
    gdf = _gdf([{"fid": 1, "geometry": Point(*INSIDE)}, {"fid": 1, "geometry": Point(*INSIDE)}])
    with pytest.raises(DataError) as exc:
        steps.assign_keys(gdf, _ctx(spec))
    assert exc.value.step == "key" and exc.value.row == "t-1"


def test_extent_drops_beyond_buffer_and_flags_nearshore(
    make_spec: Callable[..., LayerSpec],
) -> None:
    spec = make_spec(buffer_km=12.0)
    ctx = _ctx(spec)
    gdf = _gdf(
        [
            {"fid": 1, "geometry": Point(*INSIDE)},
            {"fid": 2, "geometry": Point(*NEARSHORE)},
            {"fid": 3, "geometry": Point(*FAR)},
        ]
    )
    out = steps.check_extent(steps.assign_keys(gdf, ctx), ctx)
    assert out["fid"].tolist() == [1, 2]
    assert out["_in_province"].tolist() == [True, False]
    assert 0 < out["_dist_km"].iloc[1] < 12
    assert any("dropped 1 rows" in n and "t-3" in n for n in ctx.notes)


def test_extent_flag_mode_keeps_rows(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(mode="flag", buffer_km=1.0)
    ctx = _ctx(spec)
    gdf = _gdf([{"fid": 1, "geometry": Point(*INSIDE)}, {"fid": 2, "geometry": Point(*FAR)}])
    out = steps.check_extent(steps.assign_keys(gdf, ctx), ctx)
    assert len(out) == 2 and out["_beyond_buffer"].tolist() == [False, True]


def test_extent_all_outside_is_an_error(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec()
    ctx = _ctx(spec)
    gdf = steps.assign_keys(_gdf([{"fid": 9, "geometry": Point(*FAR)}]), ctx)
    with pytest.raises(DataError) as exc:
        steps.check_extent(gdf, ctx)
    assert exc.value.step == "extent" and exc.value.row == "t-9" and exc.value.field == "geometry"


def test_map_fields_names_properties_status(make_spec: Callable[..., LayerSpec]) -> None:
    extra = """properties = { mw = { name = "capacity_mw", type = "float" }, note = "note" }
constants = { basis = "test" }
[sources.status]
field = "state"
map = { "built" = "operating" }
date_field = "year"
source = "fixture"
"""
    spec = make_spec(extra=extra)
    ctx = _ctx(spec)
    gdf = _gdf(
        [
            {
                "fid": 1,
                "name": "A",
                "mw": "3.5",
                "note": None,
                "state": "built",
                "year": "2016",
                "geometry": Point(*INSIDE),
            },
            {
                "fid": 2,
                "name": "B",
                "mw": None,
                "note": "x",
                "state": "idea",
                "year": "2020",
                "geometry": Point(*INSIDE),
            },
        ]
    )
    out = steps.map_fields(steps.assign_keys(gdf, ctx), ctx)
    assert out["_name_vi"].tolist() == ["A", "B"]
    assert out["_props"].iloc[0] == {"capacity_mw": 3.5, "note": None, "basis": "test"}
    assert out["_props"].iloc[1]["capacity_mw"] is None  # never imputed
    ev = out["_status"].iloc[0][0]
    assert (ev.status, ev.effective_date) == ("operating", date(2016, 1, 1))
    assert ev.date_precision == "year" and ev.source == "fixture"
    assert out["_status"].iloc[1] == []  # unmapped status -> no invented entry


def test_map_fields_missing_column_names_row_and_field(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(extra='properties = { capacity = "capacity_mw" }')
    ctx = _ctx(spec)
    gdf = steps.assign_keys(_gdf([{"fid": 4, "name": "A", "geometry": Point(*INSIDE)}]), ctx)
    with pytest.raises(DataError) as exc:
        steps.map_fields(gdf, ctx)
    assert (exc.value.step, exc.value.row, exc.value.field) == ("map_fields", "t-4", "capacity")


def test_admin_spatial_join_and_today_unit(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec()
    ctx = _ctx(spec)
    gdf = _gdf(
        [
            {"fid": 1, "name": "A", "geometry": Point(*INSIDE)},
            {"fid": 2, "name": "B", "geometry": Point(*NEARSHORE)},
        ]
    )
    gdf = steps.map_fields(steps.check_extent(steps.assign_keys(gdf, ctx), ctx), ctx)
    out = steps.assign_admin(gdf, ctx)
    # The nearshore point lies off the coast: it belongs to the nearest coastal district.
    assert out["_district_code"].tolist() == ["954", "954"]
    assert out["_district_name"].iloc[0] == "Thành phố Bạc Liêu"
    assert [p.get("offshore") for p in out["_props"]] == [None, True]
    assert out["_today_unit"].tolist() == [TODAY_UNIT, TODAY_UNIT]
    before = _ctx(spec, today=date(2025, 6, 30))
    assert steps.assign_admin(gdf, before)["_today_unit"].tolist() == [None, None]


def test_admin_from_codes_and_commune_hints(make_spec: Callable[..., LayerSpec]) -> None:
    body = """
missing_data_vi = "chưa có vị trí"
missing_data_en = "no locations yet"

[[sources]]
id = "src"
format = "inline"
source = "synthetic"
licence = "CC0-1.0"
attribution = "synthetic"
precision = "unlocated"
precision_note = "text only"
key = { field = "fid", transform = "plain" }
fields = { name_vi = "name" }
admin = { district_field = "d", commune_field = "c" }
rows = [
  { fid = "a", name = "A", d = "956", c = "Ninh Quới A" },
  { fid = "b", name = "B", d = "958", c = "Châu Hưng (TT)" },
  { fid = "c", name = "C", d = "960", c = "Long Điền Đông / Long Điền" },
]
"""
    spec2 = make_spec(body=body)
    ctx = _ctx(spec2)
    gdf = steps.read(None, ctx)
    gdf = steps.map_fields(steps.check_extent(steps.assign_keys(gdf, ctx), ctx), ctx)
    out = steps.assign_admin(gdf, ctx)
    assert out["_commune_code"].tolist() == ["31849", "31900", None]
    assert out["_commune_name"].tolist()[:2] == ["Xã Ninh Quới A", "Thị trấn Châu Hưng"]
    assert out["_props"].iloc[2]["commune_as_published"] == "Long Điền Đông / Long Điền"
    assert out["_today_unit"].tolist() == [TODAY_UNIT] * 3


def test_measure_area_and_length(make_spec: Callable[..., LayerSpec]) -> None:
    spec = make_spec(geometry_type="Polygon")
    ctx = _ctx(spec)
    from pyproj import Transformer

    # A 1 km x 1 km square built in UTM 48N -> 100 ha.
    to_ll = Transformer.from_crs(32648, 4326, always_xy=True)
    x0, y0 = Transformer.from_crs(4326, 32648, always_xy=True).transform(*INSIDE)
    square = Polygon(
        [
            to_ll.transform(x0 + dx, y0 + dy)
            for dx, dy in ((0, 0), (1000, 0), (1000, 1000), (0, 1000))
        ]
    )
    line = LineString([to_ll.transform(x0, y0), to_ll.transform(x0 + 2000, y0)])
    gdf = _gdf([{"geometry": square}, {"geometry": line}])
    gdf["_props"] = [{}, {}]
    out = steps.measure(gdf, ctx)
    assert out["_props"].iloc[0]["area_ha"] == pytest.approx(100.0, abs=0.01)
    assert out["_props"].iloc[1]["length_km"] == pytest.approx(2.0, abs=0.001)


def test_link_tasks_defaults_and_extras(make_spec: Callable[..., LayerSpec]) -> None:
    extra = """extra_tasks = ["15.3"]
[[sources.overrides]]
id = "t-2"
extra_tasks = ["13.3"]
[[sources.overrides]]
id = "t-3"
tasks = []
"""
    spec = make_spec(extra=extra)
    ctx = _ctx(spec)
    gdf = steps.assign_keys(_gdf([{"fid": i, "geometry": Point(*INSIDE)} for i in (1, 2, 3)]), ctx)
    out = steps.link_tasks(gdf, ctx)
    assert out["_tasks"].tolist() == [["8.5", "15.3"], ["8.5", "13.3", "15.3"], ["15.3"]]


def test_read_csv_with_coordinates_needs_crs(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    (layers_dir / "data" / "pts.csv").write_text(
        "fid,name,x,y\n1,A,105.72,9.29\n", encoding="utf-8"
    )
    spec = make_spec(file="pts.csv", fmt="csv", extra='x_field = "x"\ny_field = "y"')
    with pytest.raises(DataError) as exc:
        steps.read(None, _ctx(spec))
    assert exc.value.field == "crs" and exc.value.step == "read" and "pts.csv" in str(exc.value)
    spec = make_spec(
        file="pts.csv", fmt="csv", extra='x_field = "x"\ny_field = "y"\ncrs = "EPSG:4326"'
    )
    out = steps.read(None, _ctx(spec))
    assert out.geometry.iloc[0].equals(Point(105.72, 9.29)) and out.crs.to_epsg() == 4326


def test_made_valid_tries_the_structure_method_then_gives_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GEOS refuses some repairs ("mixed-dimension"): the other method, else no geometry."""
    import shapely
    from shapely.errors import GEOSException
    from shapely.geometry import Polygon

    from etl.steps import made_valid

    bow_tie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    real = shapely.make_valid
    methods: list[str] = []

    def linework_fails(geom: object, method: str = "linework", **kw: object) -> object:
        methods.append(method)
        if method == "linework":
            raise GEOSException("Overlay input is mixed-dimension (synthetic)")
        return real(geom, method=method, **kw)

    monkeypatch.setattr(shapely, "make_valid", linework_fails)
    fixed = made_valid(bow_tie, {"Polygon", "MultiPolygon"})
    assert methods == ["linework", "structure"] and fixed is not None and fixed.is_valid

    def always_fails(geom: object, method: str = "linework", **kw: object) -> object:
        raise GEOSException("synthetic")

    monkeypatch.setattr(shapely, "make_valid", always_fails)
    assert made_valid(bow_tie, {"Polygon", "MultiPolygon"}) is None
