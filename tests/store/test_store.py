"""The same storage tests on SQLite and PostGIS (see the ``store`` fixture)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import synthetic_layer, synthetic_point, synthetic_shapes
from webmap.domain import StatusEvent
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import FeatureFilter, Store
from webmap.store import schema as store_module
from webmap.store.migrate import head_revision


def test_upgrade_is_idempotent_and_at_head(store: Store) -> None:
    store.upgrade()
    store.upgrade()
    assert store.revision() == head_revision()
    store.check_schema()


def test_load_is_versioned_and_idempotent(store: Store) -> None:
    layer = synthetic_layer()
    records = [synthetic_point(i) for i in range(5)]
    first = store.load_layer(layer, records, checksum="a")
    again = store.load_layer(layer, records, checksum="a")
    assert (first.version, first.created, first.added) == (1, True, 5)
    assert (again.version, again.created) == (1, False)
    assert len(store.layer_versions("synthetic_points")) == 1
    assert store.query_features().number_matched == 5
    assert len(store.status_history("synthetic_points:0")) == 1


def test_reload_updates_by_key_and_keeps_history(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(i) for i in range(3)], checksum="a")
    store.add_status("synthetic_points:1", StatusEvent("operating", date(2025, 1, 2), "staff"))
    changed = [synthetic_point(0), synthetic_point(1, name_vi="Đổi tên"), synthetic_point(3)]
    result = store.load_layer(layer, changed, checksum="b")
    assert (result.version, result.added, result.updated, result.removed) == (2, 1, 1, 1)
    renamed = store.get_feature("synthetic_points:1")
    assert renamed.name_vi == "Đổi tên"
    assert renamed.status == "operating"
    assert renamed.version == 2
    assert store.get_feature("synthetic_points:0").version == 1
    with pytest.raises(NotFound):
        store.get_feature("synthetic_points:2")
    assert [v["version"] for v in store.layer_versions("synthetic_points")] == [2, 1]


def test_crash_mid_load_leaves_published_layer_intact(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(i) for i in range(3)], checksum="a")

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("injected failure after features were written")

    monkeypatch.setattr("webmap.store.drafts.add_source_statuses", crash)
    with pytest.raises(RuntimeError, match="injected"):
        store.load_layer(layer, [synthetic_point(i, name_vi="X") for i in range(10)], checksum="b")
    assert store.get_layer("synthetic_points").current_version == 1
    assert store.query_features().number_matched == 3
    assert {f.name_vi for f in store.query_features().features} == {
        f"Điểm thử Đông Hải {i}" for i in range(3)
    }
    assert len(store.layer_versions("synthetic_points")) == 1


def test_duplicate_keys_are_refused(store: Store) -> None:
    with pytest.raises(BadRequest, match="duplicate"):
        store.load_layer(synthetic_layer(), [synthetic_point(1), synthetic_point(1)], checksum="x")
    assert store.list_layers() == []


def test_bbox_is_exact_not_just_bounding_boxes(store: Store) -> None:
    store.load_layer(
        synthetic_layer("synthetic_shapes", "Geometry"), synthetic_shapes(), checksum="s"
    )
    # The box touches the diagonal line's bounding box but not the line itself.
    miss = store.query_features(FeatureFilter(bbox=(105.31, 9.45, 105.35, 9.49)))
    assert miss.number_matched == 0
    hit = store.query_features(FeatureFilter(bbox=(105.35, 9.3, 105.45, 9.5)))
    assert [f.key for f in hit.features] == ["synthetic_shapes:diag"]
    polygon = store.query_features(FeatureFilter(bbox=(105.1, 9.1, 105.15, 9.15)))
    assert [f.key for f in polygon.features] == ["synthetic_shapes:poly"]
    assert store.query_features(FeatureFilter(located=False)).number_matched == 1


def test_paging_and_filters(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(25)], checksum="a")
    store.add_status("synthetic_points:4", StatusEvent("operating", date(2025, 3, 1), "staff"))
    page = store.query_features(FeatureFilter(bbox=(105.0, 9.0, 106.0, 9.5)), limit=10, offset=20)
    assert page.number_matched == 25
    assert [f.key for f in page.features] == [f"synthetic_points:{i}" for i in range(20, 25)]
    operating = store.query_features(FeatureFilter(statuses=["operating"]))
    assert [f.key for f in operating.features] == ["synthetic_points:4"]
    assert store.query_features(FeatureFilter(tasks=["8.5"])).number_matched == 25
    assert store.query_features(FeatureFilter(tasks=["13.3"])).number_matched == 0
    with pytest.raises(BadRequest, match="Unknown status"):
        store.query_features(FeatureFilter(statuses=["built"]))


def test_current_status_is_derived_from_dated_history(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    key = "synthetic_points:1"
    store.add_status(key, StatusEvent("cancelled", date(2022, 6, 1), "news"))
    store.add_status(key, StatusEvent("under_construction", date(2019, 5, 31), "news"))
    feature = store.get_feature(key)
    # The 2024 "planned" entry from the load is the latest by effective date.
    assert (feature.status, feature.status_date) == ("planned", date(2024, 5, 29))
    assert [e["status"] for e in store.status_history(key)] == [
        "under_construction",
        "cancelled",
        "planned",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dong hai 3", ["synthetic_points:3"]),
        ("ĐÔNG hải 3", ["synthetic_points:3"]),
        ("synthetic point 2", ["synthetic_points:2"]),
        ("zzz", []),
    ],
)
def test_search_is_diacritic_insensitive(store: Store, query: str, expected: list[str]) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(5)], checksum="a")
    assert [f.key for f in store.search(query)] == expected


def test_search_ranks_exact_accents_first(store: Store) -> None:
    layer = synthetic_layer()
    records = [
        synthetic_point(1, name_vi="Cầu Hung"),
        synthetic_point(2, name_vi="Châu Hưng"),
        synthetic_point(3, name_vi="Chau Hung cũ"),
    ]
    store.load_layer(layer, records, checksum="a")
    assert [f.name_vi for f in store.search("Châu Hưng")][0] == "Châu Hưng"
    assert {f.name_vi for f in store.search("chau hung")} == {"Châu Hưng", "Chau Hung cũ"}


def test_nearest_returns_metric_distances(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(6)], checksum="a")
    near = store.nearest(105.5, 9.2, count=3, exclude_key="synthetic_points:0")
    assert [f.key for f in near] == [
        "synthetic_points:1",
        "synthetic_points:2",
        "synthetic_points:3",
    ]
    # 0.01° of longitude at 9.2° N is about 1,099 m.
    assert near[0].distance_m == pytest.approx(1099, abs=5)
    limited = store.nearest(105.5, 9.2, count=3, max_distance_m=1500)
    assert [f.key for f in limited] == ["synthetic_points:0", "synthetic_points:1"]


def test_staff_links_survive_reload(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(1)], checksum="a")
    with store.engine.begin() as conn:
        conn.execute(
            store_module.feature_tasks.insert().values(
                feature_key="synthetic_points:1", task_code="15.3", added_by="staff:lan"
            )
        )
    store.load_layer(layer, [synthetic_point(1, tasks=["8.2"])], checksum="b")
    assert store.get_feature("synthetic_points:1").tasks == ["8.2", "15.3"]


@pytest.mark.parametrize(
    "bbox", [(106.0, 9.0, 105.0, 9.5), (0.0, -100.0, 1.0, 1.0), (float("nan"), 0.0, 1.0, 1.0)]
)
def test_bad_bbox_is_refused(store: Store, bbox: tuple[float, float, float, float]) -> None:
    with pytest.raises(BadRequest):
        store.query_features(FeatureFilter(bbox=bbox))


def test_loads_of_different_origins_do_not_erase_each_other(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(1), synthetic_point(2)], checksum="a")
    osm = store.load_layer(
        layer, [synthetic_point(2, name_vi="OSM"), synthetic_point(3)], checksum="osm", origin="osm"
    )
    assert (osm.added, osm.updated, osm.removed) == (1, 1, 0)
    again = store.load_layer(layer, [synthetic_point(1)], checksum="b")
    # Key 2 now belongs to the OSM import, so the bundled reload leaves it (and key 3) alone.
    assert again.removed == 0
    assert sorted(f.key for f in store.query_features().features) == [
        "synthetic_points:1",
        "synthetic_points:2",
        "synthetic_points:3",
    ]
    store.load_layer(layer, [synthetic_point(3)], checksum="osm2", origin="osm")
    assert sorted(f.key for f in store.query_features().features) == [
        "synthetic_points:1",
        "synthetic_points:3",
    ]
    # Each load keeps the task links of the other origin's features.
    assert {f.key: f.tasks for f in store.query_features().features} == {
        "synthetic_points:1": ["8.5"],
        "synthetic_points:3": ["8.5"],
    }
    store.load_layer(layer, [synthetic_point(1, tasks=["8.2"])], checksum="c")
    assert store.get_feature("synthetic_points:3").tasks == ["8.5"]
    assert store.get_feature("synthetic_points:1").tasks == ["8.2"]


def test_a_key_of_another_layer_is_refused(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    stolen = synthetic_point(1, layer_id="other_layer")
    stolen.key = "synthetic_points:1"
    with pytest.raises(Conflict, match="already belong to another layer"):
        store.load_layer(synthetic_layer("other_layer"), [stolen], checksum="b")
    assert store.get_feature("synthetic_points:1").layer_id == "synthetic_points"
