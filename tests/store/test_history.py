"""Feature history and restore on both backends; the baseline after the 0004 upgrade."""

from __future__ import annotations

from typing import Any

import pytest
import shapely
import sqlalchemy as sa
from alembic import command
from shapely.geometry import Point

from tests.factories import synthetic_layer, synthetic_point
from webmap.domain import Feature
from webmap.errors import Conflict, NotFound
from webmap.store import Store, drafts
from webmap.store import schema as s
from webmap.store.migrate import alembic_config

LAYER = "synthetic_points"


def _key(i: int) -> str:
    return f"{LAYER}:{i}"


def _content(found: list[Feature]) -> list[tuple[Any, ...]]:
    """What a version is about: key, geometry, attributes, tasks, districts."""
    return [
        (
            f.key,
            None if f.geometry is None else shapely.to_wkb(f.geometry, hex=True),
            f.name_vi,
            f.precision,
            f.properties,
            sorted(f.tasks),
            sorted(f.districts),
        )
        for f in sorted(found, key=lambda f: f.key)
    ]


def _published(store: Store) -> list[Feature]:
    return list(store.iter_features())


def _dump(store: Store, *tables: sa.Table) -> list[list[tuple[Any, ...]]]:
    """Every row of ``tables`` in primary-key order, geometries as WKB: to compare exactly."""
    out = []
    with store.engine.connect() as conn:
        for table in tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            out.append(
                [
                    tuple(shapely.to_wkb(v, hex=True) if hasattr(v, "geom_type") else v for v in r)
                    for r in rows
                ]
            )
    return out


def _edit(store: Store, record: Feature) -> None:
    """One feature changed by staff, as the map editor publishes it."""
    load = [record]
    store.load_layer(
        synthetic_layer(), load, checksum=f"edit-{record.key}", origin="user", mode="merge"
    )


def _two_versions(store: Store) -> None:
    """v1: three bundled points; v2: staff moved one, renamed one, removed one, added one."""
    v1 = [
        synthetic_point(0, properties={"capacity_mw": 1.5}),
        synthetic_point(1, tasks=["8.2", "8.5"]),
        synthetic_point(2, districts=["954"]),
    ]
    store.load_layer(synthetic_layer(), v1, checksum="b1")
    v2 = [
        synthetic_point(0, geometry=Point(105.7, 9.3), properties={"capacity_mw": 2.0}),
        synthetic_point(1, name_vi="Tên do cán bộ sửa", tasks=["15.3"]),
        synthetic_point(3),
    ]
    store.load_layer(synthetic_layer(), v2, checksum="u1", origin="user", mode="replace")


def test_restore_publishes_an_earlier_version_again(store: Store) -> None:
    _two_versions(store)
    v1 = _content(store.features_at_version(LAYER, 1))
    v2 = _content(store.features_at_version(LAYER, 2))
    assert v1 != v2 and _content(_published(store)) == v2
    with store.engine.connect() as conn:
        history_rows = conn.execute(sa.select(sa.func.count()).select_from(s.feature_history))
        before = history_rows.scalar_one()

    result = store.restore_version(LAYER, 1, actor="admin")

    assert (result.created, result.version) == (True, 3)
    assert (result.added, result.updated, result.removed) == (1, 2, 1)
    assert _content(_published(store)) == v1
    assert _content(store.features_at_version(LAYER, 3)) == v1
    assert _content(store.features_at_version(LAYER, 2)) == v2  # still there
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(s.feature_history))
        assert after.scalar_one() == before + 3  # rows 0, 1, 2 written again; none deleted
        origins = dict(conn.execute(sa.select(s.features.c.key, s.features.c.origin)).all())
    assert origins == {_key(0): "bundled", _key(1): "bundled", _key(2): "bundled"}
    latest = store.layer_history(LAYER)[0]
    assert (latest["version"], latest["note"], latest["origin"]) == (
        3,
        "Khôi phục phiên bản 1 / Restore of version 1",
        "restore",
    )
    assert all(v["restorable"] for v in store.layer_history(LAYER))
    entries = store.audit_page(entity="layer", entity_id=LAYER, limit=2)
    assert [e["action"] for e in entries] == ["layer.restore", "layer.publish"]
    assert entries[0]["detail"] == {"from_version": 1, "version": 3}
    assert entries[0]["actor"] == "admin"


def test_restoring_the_current_content_changes_nothing(store: Store) -> None:
    _two_versions(store)
    current = store.restore_version(LAYER, 2, actor="admin")
    assert (current.created, current.version) == (False, 2)
    store.restore_version(LAYER, 1, actor="admin")
    again = store.restore_version(LAYER, 1, actor="admin")
    assert (again.created, again.version) == (False, 3)
    assert [v["version"] for v in store.layer_history(LAYER)] == [3, 2, 1]
    assert [e["action"] for e in store.audit_page(action="layer.restore")] == ["layer.restore"]


def test_unknown_layers_and_versions_are_not_found(store: Store) -> None:
    _two_versions(store)
    with pytest.raises(NotFound) as error:
        store.restore_version(LAYER, 7, actor="admin")
    assert error.value.message_vi == "Lớp synthetic_points không có phiên bản 7."
    assert error.value.message_en == "Layer synthetic_points has no version 7."
    with pytest.raises(NotFound, match="No layer"):
        store.restore_version("synthetic_missing", 1, actor="admin")
    with pytest.raises(NotFound):
        store.features_at_version(LAYER, 0)
    with pytest.raises(NotFound):
        store.layer_history("synthetic_missing")
    assert store.open_drafts() == []


def test_a_publish_writes_only_the_history_of_what_it_changes(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(50)], checksum="b1")
    _edit(store, synthetic_point(7, name_vi="Đổi"))
    h = s.feature_history.c
    with store.engine.connect() as conn:
        opened = conn.execute(sa.select(h.key).where(h.valid_from == 2)).scalars().all()
        closed = conn.execute(sa.select(h.key).where(h.valid_to == 2)).scalars().all()
        total = conn.execute(sa.select(sa.func.count()).select_from(s.feature_history))
        assert total.scalar_one() == 51
    assert opened == closed == [_key(7)]
    assert [f.name_vi for f in store.features_at_version(LAYER, 1) if f.key == _key(7)] == [
        "Điểm thử Đông Hải 7"
    ]


def test_a_failed_publish_leaves_layer_and_history_byte_for_byte(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_versions(store)
    tables = (
        s.features,
        s.feature_tasks,
        s.feature_districts,
        s.feature_history,
        s.layer_versions,
        s.layers,
        s.audit_log,
        s.status_events,
    )
    before = _dump(store, *tables)
    real = drafts.write_history

    def crash_after_history(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise RuntimeError("injected failure after the history was written")

    monkeypatch.setattr(drafts, "write_history", crash_after_history)
    with pytest.raises(RuntimeError, match="injected"):
        store.restore_version(LAYER, 1, actor="admin")
    with pytest.raises(RuntimeError, match="injected"):
        store.load_layer(synthetic_layer(), [synthetic_point(9)], checksum="x", mode="replace")
    assert _dump(store, *tables) == before
    assert store.open_drafts() == []


def _forget_history(store: Store) -> None:
    """Take the database back to revision 0003 and up again, as an upgrade from 0003 does."""
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    store.upgrade()


def test_a_layer_published_before_0004_gets_a_baseline(store: Store) -> None:
    _two_versions(store)
    v2 = _content(_published(store))
    _forget_history(store)
    assert [v["restorable"] for v in store.layer_history(LAYER)] == [False, False]
    with pytest.raises(Conflict, match="predates the feature history"):
        store.features_at_version(LAYER, 2)
    with pytest.raises(Conflict) as error:
        store.restore_version(LAYER, 1, actor="admin")
    assert "không khôi phục được" in error.value.message_vi

    _edit(store, synthetic_point(3, name_vi="Sau nâng cấp"))

    assert [(v["version"], v["restorable"]) for v in store.layer_history(LAYER)] == [
        (3, True),
        (2, True),  # the baseline: the version current at the upgrade
        (1, False),
    ]
    assert _content(store.features_at_version(LAYER, 2)) == v2
    with pytest.raises(Conflict):
        store.restore_version(LAYER, 1, actor="admin")
    restored = store.restore_version(LAYER, 2, actor="admin")
    assert (restored.version, restored.updated) == (4, 1)
    assert _content(_published(store)) == v2
