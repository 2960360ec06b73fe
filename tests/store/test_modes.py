"""Draft modes on both backends: origin (staff rows kept), merge, replace; the change table."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from tests.factories import synthetic_layer, synthetic_point
from webmap.errors import BadRequest, Conflict
from webmap.store import Store
from webmap.store.schema import features

LAYER = "synthetic_points"


def _key(i: int) -> str:
    return f"{LAYER}:{i}"


def _origins(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(features.c.key, features.c.origin)).all())


def _bundled(store: Store, n: int = 3) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(n)], checksum="b1")


def test_merge_adds_and_updates_whatever_the_origin_and_removes_nothing(store: Store) -> None:
    _bundled(store)
    records = [synthetic_point(1, name_vi="Tên do cán bộ sửa"), synthetic_point(5)]
    draft = store.stage_layer(
        synthetic_layer(), records, checksum="u1", created_by="lan", origin="user", mode="merge"
    )
    assert draft.mode == "merge"
    diff = store.draft_diff(draft.id)
    assert (diff.added, list(diff.changed), diff.removed) == ([_key(5)], [_key(1)], [])
    result = store.publish_draft(draft.id, actor="lan")
    assert (result.added, result.updated, result.removed) == (1, 1, 0)
    assert _origins(store) == {
        _key(0): "bundled",
        _key(1): "user",  # the updated row takes the load's origin
        _key(2): "bundled",
        _key(5): "user",
    }
    assert store.get_feature(_key(1)).name_vi == "Tên do cán bộ sửa"
    # A second merge upload without the first one's rows keeps them, links included.
    store.load_layer(
        synthetic_layer(), [synthetic_point(6)], checksum="u2", origin="user", mode="merge"
    )
    assert store.get_feature(_key(5)).tasks == ["8.5"]
    assert len(_origins(store)) == 5


def test_replace_lists_every_removal_before_publishing(store: Store) -> None:
    _bundled(store, 4)
    store.load_layer(synthetic_layer(), [synthetic_point(9)], checksum="o1", origin="osm")
    records = [synthetic_point(1, name_vi="Tên mới", tasks=["8.2"]), synthetic_point(7)]
    draft = store.stage_layer(
        synthetic_layer(), records, checksum="u1", origin="user", mode="replace"
    )
    changes = store.draft_changes(draft.id)
    assert changes.counts == {"added": 1, "changed": 1, "removed": 4, "kept": 0}
    assert [f.key for f in changes.removed] == [_key(0), _key(2), _key(3), _key(9)]
    assert changes.removed[0].name_vi == "Điểm thử Đông Hải 0"  # the published feature
    (change,) = changes.changed
    assert (change.key, change.old.name_vi, change.new.name_vi) == (
        _key(1),
        "Điểm thử Đông Hải 1",
        "Tên mới",
    )
    assert (change.old.tasks, change.new.tasks) == (["8.5"], ["8.2"])
    assert {"name_vi", "tasks"} <= set(change.fields)
    assert [f.key for f in changes.added] == [_key(7)]
    # Nothing happened yet.
    assert len(_origins(store)) == 5
    # A page of the table: counts stay complete, each list is cut.
    page = store.draft_changes(draft.id, limit=2, offset=1)
    assert page.counts == changes.counts
    assert [f.key for f in page.removed] == [_key(2), _key(3)]
    assert page.added == [] and page.changed == []

    result = store.publish_draft(draft.id, actor="lan")
    assert (result.added, result.updated, result.removed) == (1, 1, 4)
    assert _origins(store) == {_key(1): "user", _key(7): "user"}
    assert store.get_feature(_key(1)).tasks == ["8.2"]


def test_a_bundled_reload_keeps_what_staff_wrote(store: Store) -> None:
    _bundled(store)
    placed = synthetic_point(1, geometry=Point(105.61, 9.25), precision="surveyed")
    store.load_layer(synthetic_layer(), [placed], checksum="u1", origin="user", mode="merge")
    # The bundled sources still have the old location of key 1, and a new key 3.
    reload = [synthetic_point(i, name_vi=f"Tên nguồn {i}") for i in range(4)]
    draft = store.stage_layer(synthetic_layer(), reload, checksum="b2")
    diff = store.draft_diff(draft.id)
    assert diff.kept == [_key(1)] and _key(1) not in diff.changed
    assert store.draft_changes(draft.id).kept == [_key(1)]
    result = store.publish_draft(draft.id)
    assert (result.kept, result.added, result.updated, result.removed) == (1, 1, 2, 0)
    kept = store.get_feature(_key(1))
    assert (kept.geometry, kept.precision, kept.name_vi) == (
        Point(105.61, 9.25),
        "surveyed",
        "Điểm thử Đông Hải 1",
    )
    assert _origins(store)[_key(1)] == "user"
    # A bundled reload without key 1 does not remove it either.
    again = store.load_layer(synthetic_layer(), [synthetic_point(0)], checksum="b3")
    assert again.removed == 2 and _key(1) in _origins(store)


def test_a_user_load_in_origin_mode_replaces_its_own_rows(store: Store) -> None:
    """Origin mode for a ``user`` load: today's behaviour, nothing is kept."""
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="u1", origin="user")
    result = store.load_layer(synthetic_layer(), [synthetic_point(2)], checksum="u2", origin="user")
    assert (result.kept, result.removed) == (0, 1)
    assert list(_origins(store)) == [_key(2)]


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_an_upload_with_a_key_of_another_layer_is_a_conflict(store: Store, mode: str) -> None:
    _bundled(store, 2)
    stolen = synthetic_point(1, layer_id="synthetic_other")
    stolen.key = _key(1)
    with pytest.raises(Conflict, match="already belong to another layer"):
        store.load_layer(
            synthetic_layer("synthetic_other"), [stolen], checksum="x", origin="user", mode=mode
        )
    assert store.get_feature(_key(1)).layer_id == LAYER
    assert [d.id for d in store.open_drafts()] == []  # the failed load's draft is discarded


def test_an_unknown_mode_is_refused(store: Store) -> None:
    with pytest.raises(BadRequest, match="Unknown load mode 'append'"):
        store.stage_layer(synthetic_layer(), [synthetic_point(1)], checksum="x", mode="append")


def test_two_drafts_on_the_same_base_the_second_publish_conflicts(store: Store) -> None:
    _bundled(store)
    layer = synthetic_layer()
    first = store.stage_layer(
        layer, [synthetic_point(1, name_vi="A")], checksum="u1", origin="user", mode="merge"
    )
    second = store.stage_layer(
        layer, [synthetic_point(2, name_vi="B")], checksum="u2", origin="user", mode="merge"
    )
    assert [d.id for d in store.open_drafts(LAYER)] == [second.id, first.id]
    store.publish_draft(first.id, actor="lan")
    with pytest.raises(Conflict, match="moved to version 2"):
        store.publish_draft(second.id, actor="minh")
    assert store.get_feature(_key(2)).name_vi == "Điểm thử Đông Hải 2"
    assert [v["version"] for v in store.layer_history(LAYER)] == [2, 1]


def test_a_change_of_task_links_alone_is_a_change(store: Store) -> None:
    _bundled(store, 2)
    result = store.load_layer(
        synthetic_layer(), [synthetic_point(0), synthetic_point(1, tasks=["8.2"])], checksum="b2"
    )
    assert (result.created, result.updated) == (True, 1)
    assert store.get_feature(_key(1)).tasks == ["8.2"]
    assert store.features_at_version(LAYER, 2)[1].tasks == ["8.2"]
    assert store.features_at_version(LAYER, 1)[1].tasks == ["8.5"]
