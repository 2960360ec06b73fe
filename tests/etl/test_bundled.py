"""Every bundled layer builds from layers/data with the expected content."""

from __future__ import annotations

from datetime import date

import pytest

from etl.pipeline import LayerBuild, build_all, build_layer
from etl.specs import load_specs
from webmap.domain import Feature

TODAY = date(2026, 11, 24)

#: layer id -> {precision: count}
EXPECTED = {
    "province": {"site": 1},
    "districts": {"site": 7},
    "neighbour_provinces": {"site": 7},
    "coastline": {"site": 1},
    "wind_farms": {"site": 4, "unlocated": 22},
    "wind_turbines": {"site": 218},
    "solar_farms": {"unlocated": 1},
    "gas_power": {"unlocated": 1},
    "waste_sites": {"service_area": 3, "unlocated": 1},
    "industrial_parks": {"unlocated": 3},
    "water_works": {"unlocated": 1},
    "mangroves": {},
    "power_lines": {"site": 51},
    "substations": {"site": 7},
    "places": {"site": 21},
}


@pytest.fixture(scope="module")
def builds() -> dict[str, LayerBuild]:
    return {b.layer.id: b for b in build_all(today=TODAY)}


def _by_key(build: LayerBuild) -> dict[str, Feature]:
    return {f.key: f for f in build.features}


def test_counts_and_precisions(builds: dict[str, LayerBuild]) -> None:
    assert set(builds) == set(EXPECTED)
    for layer_id, expected in EXPECTED.items():
        got: dict[str, int] = {}
        for f in builds[layer_id].features:
            got[f.precision] = got.get(f.precision, 0) + 1
        assert got == expected, layer_id


def test_every_feature_is_valid_and_sourced(builds: dict[str, LayerBuild]) -> None:
    keys: set[str] = set()
    for build in builds.values():
        for f in build.features:
            assert f.key.startswith(f"{f.layer_id}:") and f.key not in keys
            keys.add(f.key)
            assert f.source and f.licence and f.name_vi
            assert (f.geometry is None) == (f.precision == "unlocated")
            if f.geometry is not None:
                assert f.geometry.is_valid
            assert f.last_verified == date(2026, 11, 24)
            for ev in f.status_history:
                assert ev.source


def test_keys_and_checksums_stable_across_builds(builds: dict[str, LayerBuild]) -> None:
    again = {b.layer.id: b for b in build_all(today=TODAY)}
    for layer_id, build in builds.items():
        assert [f.key for f in again[layer_id].features] == [f.key for f in build.features]
        assert again[layer_id].checksum == build.checksum


def test_wind_farms(builds: dict[str, LayerBuild]) -> None:
    farms = _by_key(builds["wind_farms"])
    bl = farms["wind_farms:osm-r14045016"]
    assert bl.name_vi == "Nhà máy điện gió Bạc Liêu" and bl.precision == "site"
    assert bl.properties["capacity_mw"] == 241.2  # OSM, phases 1-3
    assert bl.properties["gppd"]["capacity_mw"] == 99.0  # GPPD, phases 1-2, kept apart
    assert bl.properties["gppd"]["gppd_id"] == "1030729"
    assert bl.properties["gppd"]["commissioning_year"] == 2016
    assert bl.properties["in_province"] is False and bl.properties["dist_to_province_km"] < 1
    first = bl.status_history[0]
    assert (first.status, first.effective_date) == ("operating", date(2016, 1, 1))
    assert first.date_precision == "year" and "Power Plant Database" in first.source
    assert "CC-BY-4.0" in bl.licence and "ODbL-1.0" in bl.licence
    st = farms["wind_farms:osm-r18122780"]
    assert st.role == "context" and not st.tasks and st.properties["in_province"] is False
    assert st.tasks == [] and st.today_unit is None
    hb1 = farms["wind_farms:osm-r16205873"]
    assert hb1.district_code == "961" and hb1.properties["capacity_mw"] == 100.0
    assert hb1.tasks == ["8.2", "8.3", "8.5", "15.3"] and hb1.today_unit == "Tỉnh Cà Mau"
    dh1 = farms["wind_farms:fac-E1"]
    assert dh1.geometry is None and dh1.district_code == "960" and dh1.commune_code is None
    assert dh1.status_history == []  # the source gives no dated status
    pdp8 = [f for k, f in farms.items() if ":pdp8-" in k]
    assert len(pdp8) == 21
    assert sum(f.properties["capacity_mw"] for f in pdp8 if "t12-" in f.key) == 817
    assert sum(f.properties["capacity_mw"] for f in pdp8 if "t13-2025-2030" in f.key) == 270
    assert sum(f.properties["capacity_mw"] for f in pdp8 if "t13-2031-2035" in f.key) == 351
    export = farms["wind_farms:pdp8-iii.1-t20-4"]
    assert export.status_history[0].status == "proposed"
    assert export.properties["capacity_mw"] == 10000


def test_turbines_never_impute(builds: dict[str, LayerBuild]) -> None:
    turbines = builds["wind_turbines"].features
    outputs = [f.properties["output_mw"] for f in turbines]
    assert 8.31 not in outputs
    assert sum(o is None for o in outputs) == 119
    assert outputs.count(1.6) == 62 and outputs.count(3.8) == 37
    assert all(f.key.startswith("wind_turbines:osm-pt-") for f in turbines)
    assert all(f.properties["dist_to_province_km"] <= 12 for f in turbines)


def test_waste_sites(builds: dict[str, LayerBuild]) -> None:
    sites = _by_key(builds["waste_sites"])
    ch = sites["waste_sites:qd148-13.3-chau-hung"]
    assert ch.precision == "service_area" and "union" in ch.precision_note
    assert [d["code"] for d in ch.properties["service_districts"]] == ["954", "961", "958"]
    assert ch.commune_name == "Thị trấn Châu Hưng" and ch.district_code == "958"
    history = [(e.status, e.effective_date, e.date_precision) for e in ch.status_history]
    assert history == [
        ("approved", date(2019, 5, 31), "day"),  # dated by the groundbreaking ceremony
        ("cancelled", date(2022, 1, 1), "year"),  # no ground broken 3 years after it
        ("investment_call", date(2024, 5, 29), "day"),
    ]
    assert "groundbreaking ceremony" in ch.status_history[0].note.lower()
    assert ch.status_history[-1].source.startswith("Quyết định 148/QĐ-UBND ngày 29/5/2024")
    assert "Possibly related" in ch.properties["possibly_related"]
    grdh = sites["waste_sites:qd148-13.3-gia-rai-dong-hai"]
    assert [d["code"] for d in grdh.properties["service_districts"]] == ["959", "960"]
    assert grdh.geometry.area > 0 and grdh.district_code is None
    tt = sites["waste_sites:fac-W2"]
    assert tt.geometry is None and tt.district_code == "958" and tt.commune_code is None
    assert tt.tasks == ["13.2", "13.4"] and tt.status_history == []


def test_industry_and_water(builds: dict[str, LayerBuild]) -> None:
    parks = _by_key(builds["industrial_parks"])
    assert set(parks) == {
        "industrial_parks:kcn-tra-kha",
        "industrial_parks:kcn-lang-tram",
        "industrial_parks:kcn-ninh-quoi",
    }
    assert parks["industrial_parks:kcn-ninh-quoi"].properties["planned_area_ha"] == 257.0
    assert all(p.district_code is None for p in parks.values())
    sluice = builds["water_works"].features[0]
    assert sluice.key == "water_works:fac-S1" and sluice.geometry is None
    assert (sluice.commune_code, sluice.district_code) == ("31849", "956")
    ev = sluice.status_history[0]
    assert (ev.status, ev.effective_date) == ("operating", date(2020, 10, 11))
    assert sluice.tasks == ["12.5", "14.4", "14.5"]


def test_boundaries_and_context(builds: dict[str, LayerBuild]) -> None:
    districts = _by_key(builds["districts"])
    assert sorted(k.split("-")[1] for k in districts) == [
        "954",
        "956",
        "957",
        "958",
        "959",
        "960",
        "961",
    ]
    total_ha = sum(f.properties["area_ha"] for f in districts.values())
    assert total_ha == pytest.approx(builds["province"].features[0].properties["area_ha"], rel=0.01)
    assert all(f.today_unit is None for f in builds["neighbour_provinces"].features)
    places = builds["places"].features
    assert sum(f.properties["in_province"] for f in places) == 12
    assert sum(f.properties["in_province"] for f in builds["substations"].features) == 4
    lines = builds["power_lines"].features
    assert sum(f.properties["in_province"] for f in lines) == 19


def test_mangroves_layer_exists_without_data(builds: dict[str, LayerBuild]) -> None:
    build = builds["mangroves"]
    assert build.features == []
    assert "GIS" in build.layer.missing_data_en and "GIS" in build.layer.missing_data_vi
    assert "greenmap" not in build.layer.missing_data_en + build.layer.missing_data_vi


def test_build_layer_today_before_merger() -> None:
    spec = next(s for s in load_specs() if s.id == "water_works")
    assert build_layer(spec, today=date(2025, 6, 30)).features[0].today_unit is None
