"""Numbers shown to officials count projects: each once, parts under their project, no context."""

from __future__ import annotations

from webmap.core.facets import facet_counts, parse_facet_filter
from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import list_groups, load_plan_into, status_breakdown
from webmap.store import FeatureFilter, Store

_LAYERS = ["wind_farms", "wind_turbines", "waste_sites", "substations", "districts"]


def _load(store: Store) -> None:
    load_plan_into(store)
    for spec in select_specs(_LAYERS):
        load_one(store, spec)


def _projects_of_group(store: Store, group: int) -> set[str]:
    return {
        key
        for code, key, _status in store.task_projects()
        if code.split(".")[0] == str(group)
    }


def test_groups_and_tasks_count_each_project_once(store: Store) -> None:
    _load(store)
    groups = {g["number"]: g for g in list_groups(store)}
    group8 = _projects_of_group(store, 8)
    assert groups[8]["linked_count"] == len(group8)
    # Four tasks of group 8 link the same wind farms: a sum over tasks would count each 4 times.
    assert sum(t["linked_count"] for t in groups[8]["tasks"]) > len(group8)
    assert all(key.startswith("wind_farms:") for key in group8)  # no turbine, no substation
    assert sum(groups[8]["status_breakdown"].values()) == len(group8)
    assert groups[13]["linked_count"] == len(_projects_of_group(store, 13))
    assert sum(status_breakdown(store, "13.3").values()) == 3


def test_the_map_summary_counts_projects(store: Store) -> None:
    _load(store)
    counts = facet_counts(store, parse_facet_filter({"task": "13.3"}))
    assert counts["total"] == 3  # the plan's three waste sites
    everything = facet_counts(store, parse_facet_filter({}))
    projects = store.query_features(FeatureFilter(layers=["wind_farms", "waste_sites"])).features
    assert everything["total"] == sum(f.role == "project" for f in projects)
    assert everything["parts"] == 153 + 1  # turbines in Bạc Liêu, and the phase III listing
    # A district chosen: nearshore farms and service areas belong to their districts.
    dong_hai = facet_counts(store, parse_facet_filter({"district": "960"}))
    assert dong_hai["total"] >= 2 and sum(dong_hai["statuses"].values()) == dong_hai["total"]


def test_turbines_belong_to_their_farm_and_outside_ones_carry_no_task(store: Store) -> None:
    _load(store)
    turbines = list(store.iter_features(FeatureFilter(layers=["wind_turbines"])))
    outside = [t for t in turbines if t.properties.get("other_province")]
    assert len(outside) == 65 and all(t.role == "context" and not t.tasks for t in outside)
    in_bac_lieu_farm = [t for t in turbines if t.parent_key == "wind_farms:osm-r14045016"]
    assert len(in_bac_lieu_farm) == 62  # GPPD: 62 × 1.6 MW turbines in phases 1–2
    soc_trang = store.get_feature("wind_farms:osm-r18122780")
    assert soc_trang.role == "context" and not soc_trang.tasks
    phase3 = store.get_feature("wind_farms:pdp8-ii-t12-2")
    assert phase3.role == "part" and phase3.parent_key == "wind_farms:osm-r14045016"
    bac_lieu = store.get_feature("wind_farms:osm-r14045016")
    assert bac_lieu.properties.get("offshore") is True and bac_lieu.district_code
    assert [p["capacity_mw"] for p in bac_lieu.properties["phases"]] == [99.0, 141.0]


def test_service_areas_belong_to_every_district_they_serve(store: Store) -> None:
    _load(store)
    sites = store.query_features(FeatureFilter(layers=["waste_sites"], tasks=["13.3"])).features
    served = [f for f in sites if f.precision == "service_area"]
    assert served and all(len(f.districts) >= 2 for f in served)
    one = served[0].districts[-1]
    found = store.query_features(FeatureFilter(layers=["waste_sites"], districts=[one])).features
    assert served[0].key in {f.key for f in found}


def test_layer_counts_leave_out_what_the_layer_is_not_about(store: Store) -> None:
    _load(store)
    layers = facet_counts(store, parse_facet_filter({}))["layers"]
    # Three farms in Bạc Liêu are mapped; the farm across the border in Sóc Trăng is context.
    assert layers["wind_farms"]["located"] == 3
    # 218 turbines are mapped, 65 of them in neighbouring provinces.
    assert layers["wind_turbines"]["count"] == 153
    # Service areas show who a site serves, not where it is: none counts as located.
    assert layers["waste_sites"]["located"] == 0
