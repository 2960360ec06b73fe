"""The audit log's filters and keyset pages, remembered mappings, audited status changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.factories import synthetic_layer, synthetic_point
from webmap.domain import StatusEvent
from webmap.errors import BadRequest, NotFound
from webmap.store import Store
from webmap.store.schema import audit_log

LAYER = "synthetic_points"


def _entry(at: datetime, actor: str, action: str, entity: str, entity_id: str) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": {"synthetic": True},
    }


def _seed(store: Store) -> None:
    """Synthetic entries on known days (UTC), oldest first."""
    rows = [
        _entry(datetime(2026, 3, 1, 0, 0, tzinfo=UTC), "lan", "layer.publish", "layer", LAYER),
        _entry(
            datetime(2026, 3, 1, 23, 59, tzinfo=UTC), "minh", "status.add", "feature", f"{LAYER}:1"
        ),
        _entry(
            datetime(2026, 3, 2, 12, 0, tzinfo=UTC), "lan", "feature.edit", "feature", f"{LAYER}:2"
        ),
        # Neither of these is about the layer: another layer whose id shares its start, and
        # an id that a LIKE pattern with an unescaped "_" would match.
        _entry(
            datetime(2026, 3, 2, 13, 0, tzinfo=UTC),
            "lan",
            "feature.edit",
            "feature",
            f"{LAYER}_b:1",
        ),
        _entry(
            datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
            "lan",
            "feature.edit",
            "feature",
            "syntheticXpoints:1",
        ),
        _entry(datetime(2026, 3, 3, 0, 0, tzinfo=UTC), "admin", "user.set_role", "user", "lan"),
        _entry(datetime(2026, 3, 4, 8, 0, tzinfo=UTC), "admin", "layer.restore", "layer", LAYER),
    ]
    with store.engine.begin() as conn:
        conn.execute(audit_log.insert(), rows)


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [f"{e['actor']} {e['action']} {e['entity_id']}" for e in entries]


def test_audit_filters(store: Store) -> None:
    _seed(store)
    everything = store.audit_page()
    assert len(everything) == 7
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    assert set(everything[0]) == {"id", "at", "actor", "action", "entity", "entity_id", "detail"}
    assert everything[0]["at"] == datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    assert _ids(store.audit_page(actor="admin")) == [
        "admin layer.restore synthetic_points",
        "admin user.set_role lan",
    ]
    assert _ids(store.audit_page(action="status.add")) == ["minh status.add synthetic_points:1"]
    assert len(store.audit_page(entity="feature")) == 4
    assert _ids(store.audit_page(entity="user", entity_id="lan")) == ["admin user.set_role lan"]
    assert _ids(store.audit_page(layer=LAYER)) == [
        "admin layer.restore synthetic_points",
        "lan feature.edit synthetic_points:2",
        "minh status.add synthetic_points:1",
        "lan layer.publish synthetic_points",
    ]
    assert _ids(store.audit_page(actor="lan", layer=LAYER)) == [
        "lan feature.edit synthetic_points:2",
        "lan layer.publish synthetic_points",
    ]


def test_audit_dates_are_inclusive_days(store: Store) -> None:
    _seed(store)
    first_day = store.audit_page(since=date(2026, 3, 1), until=date(2026, 3, 1))
    assert [e["action"] for e in first_day] == ["status.add", "layer.publish"]
    assert len(store.audit_page(since=date(2026, 3, 2), until=date(2026, 3, 2))) == 3
    assert len(store.audit_page(since=date(2026, 3, 3))) == 2
    assert len(store.audit_page(until=date(2026, 3, 2))) == 5
    assert store.audit_page(since=date(2026, 3, 5)) == []
    with pytest.raises(BadRequest, match="start date"):
        store.audit_page(since=date(2026, 3, 3), until=date(2026, 3, 2))


def test_audit_keyset_pages(store: Store) -> None:
    _seed(store)
    everything = [e["id"] for e in store.audit_page()]
    pages, before = [], None
    while True:
        page = store.audit_page(limit=3, before_id=before)
        if not page:
            break
        pages.append([e["id"] for e in page])
        before = page[-1]["id"]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == everything
    # Filters and pages together.
    lan = store.audit_page(actor="lan", limit=2)
    rest = store.audit_page(actor="lan", limit=2, before_id=lan[-1]["id"])
    assert len(lan) == 2 and len(rest) == 2 and lan[-1]["id"] > rest[0]["id"]
    for bad in (0, 1001):
        with pytest.raises(BadRequest, match="limit"):
            store.audit_page(limit=bad)


def test_upload_mappings_round_trip(store: Store) -> None:
    assert store.get_upload_mapping(LAYER) is None
    mapping = {"key": None, "name_vi": "ten", "status": "trang_thai"}
    store.save_upload_mapping(LAYER, mapping, actor="lan")
    assert store.get_upload_mapping(LAYER) == mapping
    store.save_upload_mapping(LAYER, mapping, actor="lan")  # the same: nothing written
    changed = {**mapping, "capacity_mw": "cong_suat"}
    store.save_upload_mapping(LAYER, changed, actor="minh")
    assert store.get_upload_mapping(LAYER) == changed
    assert store.get_upload_mapping("synthetic_other") is None
    entries = store.audit_page(action="mapping.save")
    assert [(e["actor"], e["entity"], e["entity_id"]) for e in entries] == [
        ("minh", "layer", LAYER),
        ("lan", "layer", LAYER),
    ]
    assert entries[0]["detail"] == {"before": mapping, "after": changed}
    assert entries[1]["detail"] == {"before": None, "after": mapping}


@pytest.mark.parametrize("bad", [{"name_vi": 3}, {"": "ten"}, {f"f{i}": "c" for i in range(101)}])
def test_a_bad_mapping_is_refused(store: Store, bad: dict[str, Any]) -> None:
    with pytest.raises(BadRequest):
        store.save_upload_mapping(LAYER, bad, actor="lan")
    assert store.get_upload_mapping(LAYER) is None


def test_add_status_is_audited_in_the_same_transaction(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    key = f"{LAYER}:1"
    event = StatusEvent(
        "under_construction",
        date(2025, 6, 1),
        "synthetic source",
        note="Ghi chú thử",
        recorded_by="lan",
        date_precision="month",
    )
    store.add_status(key, event, actor="lan")
    store.add_status(key, StatusEvent("operating", date(2026, 1, 1), "staff", recorded_by="minh"))
    first, second = reversed(store.audit_page(action="status.add"))
    assert (first["actor"], first["entity"], first["entity_id"]) == ("lan", "feature", key)
    assert first["detail"] == {
        "status": "under_construction",
        "effective_date": "2025-06-01",
        "date_precision": "month",
        "previous_status": "planned",
        "note": "Ghi chú thử",
        "layer": LAYER,
    }
    assert second["actor"] == "minh"  # the event's recorder when no actor is given
    assert second["detail"]["previous_status"] == "under_construction"
    assert store.get_feature(key).status == "operating"


def test_add_status_to_an_unknown_key_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFound) as error:
        store.add_status("synthetic_points:404", StatusEvent("operating", date(2026, 1, 1), "x"))
    assert "synthetic_points:404" in error.value.message_vi
    assert store.audit_page() == []
    assert store.status_history("synthetic_points:404") == []


def test_add_statuses_is_all_or_nothing(store: Store) -> None:
    """One unknown key in a batch stores none of the batch's events."""
    store.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="a")
    key = f"{LAYER}:1"
    good = StatusEvent("approved", date(2025, 5, 1), "synthetic", date_precision="month")
    with pytest.raises(NotFound):
        store.add_statuses([(key, good), (f"{LAYER}:missing", good)], actor="ed")
    assert store.current_statuses([key]) == {key: ("planned", date(2024, 5, 29))}
    store.add_statuses([(key, good)], actor="ed")
    assert store.current_statuses([key, f"{LAYER}:missing"]) == {
        key: ("approved", date(2025, 5, 1))
    }
