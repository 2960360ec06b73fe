"""Staged loads on both backends: draft → diff → publish, stale bases, audit, concurrency."""

from __future__ import annotations

import threading

import pytest

from tests.factories import synthetic_layer, synthetic_point
from webmap.errors import Conflict, NotFound
from webmap.store import FeatureFilter, Store


def _count(store: Store) -> int:
    return store.query_features(FeatureFilter(layers=["synthetic_points"])).number_matched


def test_a_staged_draft_is_invisible_until_published(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(i) for i in range(3)], checksum="a")
    records = [synthetic_point(0, name_vi="Tên mới"), synthetic_point(1), synthetic_point(7)]
    draft = store.stage_layer(layer, records, checksum="b", created_by="lan", origin="bundled")
    assert draft.state == "staged" and draft.base_version == 1 and draft.feature_count == 3
    # Readers still see version 1.
    assert _count(store) == 3
    assert store.get_feature("synthetic_points:2").version == 1
    with pytest.raises(NotFound):
        store.get_feature("synthetic_points:7")
    assert [f.key for f in store.draft_features(draft.id)] == [r.key for r in records]

    diff = store.draft_diff(draft.id)
    assert diff.added == ["synthetic_points:7"]
    assert diff.changed == {"synthetic_points:0": ["name_vi", "search_text"]}
    assert diff.removed == ["synthetic_points:2"]

    result = store.publish_draft(draft.id, actor="lan")
    assert (result.version, result.added, result.updated, result.removed) == (2, 1, 1, 1)
    assert store.get_layer("synthetic_points").current_version == 2
    assert store.get_feature("synthetic_points:0").name_vi == "Tên mới"
    assert store.get_draft(draft.id).state == "published"
    assert store.draft_features(draft.id) == []  # the staged rows are gone once published


def test_publish_writes_a_version_and_an_audit_entry(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="a", loaded_by="lan")
    (version,) = store.layer_versions("synthetic_points")
    assert (version["version"], version["loaded_by"], version["added"]) == (1, "lan", 1)
    entries = store.audit_entries(entity="layer", entity_id="synthetic_points")
    assert [e["action"] for e in entries] == ["layer.publish"]
    assert entries[0]["actor"] == "lan"
    assert entries[0]["detail"]["version"] == 1 and entries[0]["detail"]["added"] == 1


def test_stale_base_publish_raises_conflict(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(1)], checksum="a")
    first = store.stage_layer(layer, [synthetic_point(1), synthetic_point(2)], checksum="b")
    second = store.stage_layer(layer, [synthetic_point(1), synthetic_point(3)], checksum="c")
    store.publish_draft(first.id)
    with pytest.raises(Conflict) as error:
        store.publish_draft(second.id)
    assert "version 2" in error.value.message_en and "version 1" in error.value.message_en
    assert "phiên bản 2" in error.value.message_vi
    # Nothing of the stale draft reached the published layer.
    assert store.get_layer("synthetic_points").current_version == 2
    with pytest.raises(NotFound):
        store.get_feature("synthetic_points:3")
    assert store.get_draft(second.id).state == "staged"  # kept, for the officer to look at


def test_a_draft_publishes_once(store: Store) -> None:
    draft = store.stage_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    store.publish_draft(draft.id)
    with pytest.raises(Conflict, match="already published"):
        store.publish_draft(draft.id)


def test_discarded_draft_cannot_be_published(store: Store) -> None:
    draft = store.stage_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    store.discard_draft(draft.id, actor="lan")
    with pytest.raises(Conflict, match="already discarded"):
        store.publish_draft(draft.id)
    assert store.list_layers() == []


def test_same_content_publishes_nothing(store: Store) -> None:
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(1)], checksum="a")
    draft = store.stage_layer(layer, [synthetic_point(1)], checksum="a")
    result = store.publish_draft(draft.id)
    assert not result.created and result.version == 1
    assert len(store.layer_versions("synthetic_points")) == 1


def test_concurrent_publishes_keep_versions_contiguous(store: Store) -> None:
    """Eight threads load the same layer at once: each waits for the lock; none is lost."""
    layer = synthetic_layer()
    results: list[object] = []

    def load(n: int) -> None:
        records = [synthetic_point(i) for i in range(n + 1)]
        try:
            results.append(store.load_layer(layer, records, checksum=f"c{n}"))
        except Conflict as exc:  # a load staged on a version another one replaced
            results.append(exc)

    threads = [threading.Thread(target=load, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = sorted(r.version for r in results if not isinstance(r, Conflict))  # type: ignore[attr-defined]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(results) == 8 and published  # every thread answered, at least one published
    versions = sorted(v["version"] for v in store.layer_versions("synthetic_points"))
    assert versions == list(range(1, len(published) + 1))  # contiguous, no gap, no duplicate
    assert all("load it again" in c.message_en for c in conflicts)


def test_a_load_that_changes_nothing_publishes_no_version(store: Store) -> None:
    """Alternating loads of two origins: loading the same content again adds no version."""
    layer = synthetic_layer()
    store.load_layer(layer, [synthetic_point(1)], checksum="bundled-1", origin="bundled")
    user = [synthetic_point(9, name_vi="Điểm của cán bộ GIS")]
    store.load_layer(layer, user, checksum="user-1", origin="user")
    again = store.load_layer(layer, [synthetic_point(1)], checksum="bundled-1", origin="bundled")
    assert not again.created and again.version == 2
    assert [v["version"] for v in store.layer_versions("synthetic_points")] == [2, 1]
    # A real change still publishes.
    changed = store.load_layer(
        layer, [synthetic_point(1, name_vi="Tên mới")], checksum="bundled-2", origin="bundled"
    )
    assert changed.created and changed.version == 3 and changed.updated == 1
