"""Plan progress in the store: task progress, weights, target values, overrides, agencies,
issued reports and migration 0005, on both backends. Every plan row here is synthetic."""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import Store, progress
from webmap.store.migrate import alembic_config
from webmap.store.schema import audit_log, target_overrides, target_values, task_progress

CHECKSUM_A = "a" * 64
CHECKSUM_B = "b" * 64
NEW_TABLES = {
    "task_progress",
    "group_weights",
    "target_values",
    "target_overrides",
    "user_agencies",
    "reports",
}


def _group(number: int) -> dict[str, Any]:
    return {
        "number": number,
        "title_vi": f"Nhóm tổng hợp {number}",
        "title_en": f"Synthetic group {number}",
        "description_vi": "",
        "stated_task_count": 2,
        "raw_line": number,
    }


def _task(code: str) -> dict[str, Any]:
    group, seq = (int(part) for part in code.split("."))
    return {
        "code": code,
        "group_number": group,
        "seq": seq,
        "text_vi": f"Nhiệm vụ tổng hợp {code}",
        "summary_en": f"Synthetic task {code}",
        "raw_lines": [seq],
        "raw_text": f"synthetic {code}",
    }


def _target(target_id: str) -> dict[str, Any]:
    return {
        "id": target_id,
        "section": target_id[0],
        "section_title_vi": "Tổng hợp",
        "indicator_vi": f"Chỉ tiêu tổng hợp {target_id}",
        "indicator_en": f"Synthetic target {target_id}",
        "comparison": "above",
        "value_min": 50.0,
        "value_max": None,
        "unit": "%",
        "baseline_year": 2020,
        "target_year": 2030,
        "raw_line": 1,
        "raw_text": f"synthetic {target_id}",
    }


@pytest.fixture
def plan_store(store: Store) -> Store:
    """The store with a small synthetic plan: groups 1 and 2, tasks 1.1, 1.2, 2.1; targets."""
    store.replace_plan(
        {"synthetic": True},
        [_group(1), _group(2)],
        [_task("1.1"), _task("1.2"), _task("2.1")],
        [_target("a1"), _target("a2"), _target("b1")],
    )
    return store


def _entry(code: str = "1.1", **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "task_code": code,
        "period_year": 2025,
        "status": "in_progress",
        "percent": 40.0,
        "lead_agency": "Sở Tổng hợp",
        "partner_agencies": ["Sở Thử nghiệm"],
        "results": "Kết quả tổng hợp",
        "obstacles": "Khó khăn tổng hợp",
        "proposals": "Đề xuất tổng hợp",
        "evidence": [{"label": "Văn bản tổng hợp", "url": "https://example.org/synthetic"}],
        "effective_date": date(2025, 6, 1),
    }
    entry.update(changes)
    return entry


def _value(target_id: str = "a1", year: int = 2024, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "target_id": target_id,
        "kind": "measured",
        "value": 42.5,
        "year": year,
        "source": "Nguồn tổng hợp",
        "note": "",
    }
    row.update(changes)
    return row


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _actions(store: Store) -> list[str]:
    return [e["action"] for e in store.audit_page(limit=1000)]


# -- task progress -------------------------------------------------------------------------------


def test_progress_is_appended_and_the_current_entry_derived(plan_store: Store) -> None:
    store = plan_store
    first = store.add_task_progress(_entry(effective_date=date(2025, 6, 1)), actor="lan")
    later = store.add_task_progress(
        _entry(status="completed", percent=100, effective_date="2025-09-30"), actor="lan"
    )
    # Entered afterwards but about an earlier day: history, not the current state.
    store.add_task_progress(
        _entry(status="not_started", percent=None, effective_date=date(2025, 1, 15)), actor="minh"
    )
    store.add_task_progress(_entry("2.1", period_year=2024, status="ongoing"), actor="minh")

    history = store.task_progress_history("1.1")
    assert [h["status"] for h in history] == ["not_started", "in_progress", "completed"]
    assert history[1]["id"] == first and history[2]["id"] == later
    assert history[2]["effective_date"] == date(2025, 9, 30)
    assert history[2]["recorded_at"].tzinfo is not None
    assert history[1]["partner_agencies"] == ["Sở Thử nghiệm"]
    assert history[1]["evidence"] == [
        {"label": "Văn bản tổng hợp", "url": "https://example.org/synthetic"}
    ]

    current = store.current_task_progress()
    assert set(current) == {"1.1", "2.1"}
    assert (current["1.1"]["id"], current["1.1"]["percent"]) == (later, 100.0)
    assert set(store.current_task_progress(2024)) == {"2.1"}
    assert store.current_task_progress(2023) == {}

    # Same effective date: the entry recorded later wins.
    newest = store.add_task_progress(_entry(percent=90, effective_date="2025-09-30"), actor="lan")
    assert store.current_task_progress()["1.1"]["id"] == newest
    # Nothing before was changed: the old entries are still there as they were.
    assert store.task_progress_history("1.1")[:3] == history
    assert _count(store, task_progress) == 5


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"percent": 100.5}, "percent"),
        ({"percent": -1}, "percent"),
        ({"percent": math.nan}, "percent"),
        ({"percent": "50"}, "percent"),
        ({"period_year": "2025"}, "period_year"),
        ({"effective_date": "30/09/2025"}, "effective_date"),
        ({"effective_date": None}, "effective_date"),
        ({"partner_agencies": "Sở Thử nghiệm"}, "partner_agencies"),
        ({"evidence": [{"label": "x", "path": "/etc/passwd"}]}, "evidence"),
        ({"evidence": [{"label": "x", "file": "evidence/a.pdf", "sha256": "0"}]}, "evidence"),
        (
            {"evidence": [{"label": "x", "file": "evidence/a.pdf", "sha256": "0", "size": "1"}]},
            "evidence",
        ),
        ({"task_code": " "}, "task_code"),
    ],
)
def test_impossible_progress_is_refused(
    plan_store: Store, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(BadRequest) as error:
        plan_store.add_task_progress(_entry(**changes), actor="lan")
    assert error.value.details["field"] == field
    assert field in error.value.message_vi and field in error.value.message_en
    assert _count(plan_store, task_progress) == 0 and _actions(plan_store) == []


def test_progress_of_an_unknown_task_or_field_is_refused(plan_store: Store) -> None:
    with pytest.raises(NotFound, match="9.9"):
        plan_store.add_task_progress(_entry("9.9"), actor="lan")
    with pytest.raises(BadRequest, match="colour"):
        plan_store.add_task_progress({**_entry(), "colour": "green"}, actor="lan")
    assert _count(plan_store, task_progress) == 0 and _actions(plan_store) == []


def test_progress_is_audited_in_its_own_transaction(
    plan_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_id = plan_store.add_task_progress(_entry(), actor="lan")
    [entry] = plan_store.audit_page(action="progress.add")
    assert (entry["actor"], entry["entity"], entry["entity_id"]) == ("lan", "task", "1.1")
    assert entry["detail"]["id"] == new_id
    assert entry["detail"]["effective_date"] == "2025-06-01"
    assert entry["detail"]["status"] == "in_progress"

    def audit_fails(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("injected audit failure")

    monkeypatch.setattr(plan_store, "audit", audit_fails)
    with pytest.raises(RuntimeError, match="injected"):
        plan_store.add_task_progress(_entry(status="completed", percent=100), actor="lan")
    assert [h["id"] for h in plan_store.task_progress_history("1.1")] == [new_id]


# -- group weights -------------------------------------------------------------------------------


def test_group_weights(plan_store: Store) -> None:
    store = plan_store
    assert store.group_weights(1) == {}
    store.set_group_weights(1, {"1.1": 3, "1.2": 1.5}, actor="admin")
    assert store.group_weights(1) == {"1.1": 3.0, "1.2": 1.5}
    assert store.group_weights(2) == {}
    store.set_group_weights(1, {"1.1": 3, "1.2": 1.5}, actor="admin")  # unchanged: no entry
    store.set_group_weights(1, {}, actor="admin")
    assert store.group_weights(1) == {}
    entries = store.audit_page(action="weights.set")
    assert [e["detail"]["after"] for e in entries] == [{}, {"1.1": 3.0, "1.2": 1.5}]
    assert entries[0]["detail"]["before"] == {"1.1": 3.0, "1.2": 1.5}
    assert entries[0]["entity_id"] == "1"

    with pytest.raises(BadRequest, match="2.1"):
        store.set_group_weights(1, {"1.1": 1, "2.1": 1}, actor="admin")
    with pytest.raises(BadRequest):
        store.set_group_weights(1, {"1.1": -1}, actor="admin")
    with pytest.raises(BadRequest):
        store.set_group_weights(1, {"1.1": 0, "1.2": 0}, actor="admin")
    with pytest.raises(NotFound):
        store.set_group_weights(7, {}, actor="admin")
    assert store.group_weights(1) == {} and len(store.audit_page(action="weights.set")) == 2


# -- target values -------------------------------------------------------------------------------


def test_target_values_are_stored_with_their_audit(plan_store: Store) -> None:
    store = plan_store
    store.add_target_values(
        [
            _value("a1", 2024, value=47.0, observed_date=date(2024, 12, 31)),
            _value("a1", 2020, kind="baseline", value=30.0, source="Niên giám tổng hợp"),
            _value("a1", 2022, value=38.0),
            _value("b1", 2023, value=6.5),
        ],
        actor="lan",
    )
    # A corrected baseline is a new row; the latest recorded one is current.
    store.add_target_values([_value("a1", 2019, kind="baseline", value=29.0)], actor="minh")

    values = store.target_values("a1")
    assert [(v["kind"], v["year"], v["value"]) for v in values] == [
        ("baseline", 2019, 29.0),
        ("baseline", 2020, 30.0),
        ("measured", 2022, 38.0),
        ("measured", 2024, 47.0),
    ]
    assert values[-1]["observed_date"] == date(2024, 12, 31)
    assert values[2]["observed_date"] is None
    baseline = max((v for v in values if v["kind"] == "baseline"), key=lambda v: v["id"])
    assert baseline["year"] == 2019
    assert store.target_values("zz") == []

    everything = store.all_target_values()
    assert set(everything) == {"a1", "a2", "b1"}
    assert everything["a2"] == [] and everything["a1"] == values
    assert [v["value"] for v in everything["b1"]] == [6.5]

    audit = store.audit_page(action="target.value")
    assert len(audit) == 5 and {e["entity"] for e in audit} == {"target"}
    assert audit[-1]["detail"]["observed_date"] == "2024-12-31"
    assert {e["detail"]["id"] for e in audit} == {v["id"] for vs in everything.values() for v in vs}


def test_a_bad_import_stores_nothing(plan_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store = plan_store
    store.add_target_values([_value("a1", 2023)], actor="lan")
    before = (store.all_target_values(), _actions(store))

    with pytest.raises(NotFound) as missing:
        store.add_target_values([_value("a2", 2023), _value("zz9", 2023)], actor="lan")
    assert "zz9" in missing.value.message_vi and "zz9" in missing.value.message_en

    with pytest.raises(Conflict) as stored_twice:
        store.add_target_values([_value("a2", 2023), _value("a1", 2023)], actor="lan")
    assert "a1" in stored_twice.value.message_vi and "2023" in stored_twice.value.message_vi
    assert "a1" in stored_twice.value.message_en and "2023" in stored_twice.value.message_en

    with pytest.raises(Conflict, match="b1.*2021"):
        store.add_target_values([_value("b1", 2021), _value("b1", 2021, value=1)], actor="lan")
    with pytest.raises(BadRequest, match="kind"):
        store.add_target_values([_value("a2", 2023), _value("a2", 2024, kind="target")], actor="x")
    with pytest.raises(BadRequest, match="value"):
        store.add_target_values([_value("a2", 2024, value="9,5")], actor="lan")

    # A failure after the first row and its audit entry were written rolls both back.
    calls = []
    real_insert = progress.insert_row

    def fail_second(conn: Any, table: sa.Table, row: Any) -> int:
        calls.append(row)
        if len(calls) == 2:
            raise RuntimeError("injected failure on the second row")
        return real_insert(conn, table, row)

    monkeypatch.setattr(progress, "insert_row", fail_second)
    with pytest.raises(RuntimeError, match="injected"):
        store.add_target_values([_value("a2", 2023), _value("a2", 2024)], actor="lan")
    assert len(calls) == 2
    assert (store.all_target_values(), _actions(store)) == before
    assert _count(store, target_values) == 1


def test_the_database_refuses_a_duplicate_measured_year(plan_store: Store) -> None:
    """The unique index backs the check up, for baselines it does not apply to."""
    plan_store.add_target_values([_value("a1", 2022)], actor="lan")
    row = progress.value_row(_value("a1", 2022), "lan")
    with pytest.raises(sa.exc.IntegrityError), plan_store.engine.begin() as conn:
        conn.execute(target_values.insert().values(**row))
    baseline = progress.value_row(_value("a1", 2022, kind="baseline"), "lan")
    with plan_store.engine.begin() as conn:
        conn.execute(target_values.insert(), [baseline, baseline])
    assert _count(plan_store, target_values) == 3


# -- overrides -----------------------------------------------------------------------------------


def test_overrides_latest_wins_and_clearing(plan_store: Store) -> None:
    store = plan_store
    assert store.current_overrides() == {}
    store.add_target_override("a1", "on_track", "Số liệu tổng hợp chưa đầy đủ", actor="lan")
    store.add_target_override("a2", "moving_away", "Lý do tổng hợp", actor="lan")
    store.add_target_override("a1", "achieved", "  Đã đạt theo báo cáo tổng hợp  ", actor="minh")
    current = store.current_overrides()
    assert {k: v["category"] for k, v in current.items()} == {"a1": "achieved", "a2": "moving_away"}
    assert current["a1"]["reason"] == "Đã đạt theo báo cáo tổng hợp"
    assert current["a1"]["recorded_by"] == "minh"

    store.add_target_override("a1", "", "Bỏ ghi đè tổng hợp", actor="minh")
    assert set(store.current_overrides()) == {"a2"}
    assert _count(store, target_overrides) == 4  # nothing removed

    audit = store.audit_page(action="target.override", entity_id="a1")
    assert [(e["detail"]["category"], e["detail"]["previous"]) for e in audit] == [
        ("", "achieved"),
        ("achieved", "on_track"),
        ("on_track", None),
    ]


def test_impossible_overrides_are_refused(plan_store: Store) -> None:
    store = plan_store
    with pytest.raises(BadRequest, match="reason"):
        store.add_target_override("a1", "on_track", "   ", actor="lan")
    with pytest.raises(BadRequest, match="reason"):
        store.add_target_override("a1", "", "", actor="lan")
    with pytest.raises(BadRequest, match="category"):
        store.add_target_override("a1", "excellent", "Lý do tổng hợp", actor="lan")
    with pytest.raises(NotFound, match="zz"):
        store.add_target_override("zz", "on_track", "Lý do tổng hợp", actor="lan")
    assert _count(store, target_overrides) == 0 and _actions(store) == []


# -- agencies ------------------------------------------------------------------------------------


def test_user_agencies_round_trip(plan_store: Store) -> None:
    store = plan_store
    store.add_user("synthetic_editor", "not-a-real-hash", "editor", "Biên tập tổng hợp", "admin")
    assert store.user_agencies("synthetic_editor") == []
    store.set_user_agencies(
        "synthetic_editor", ["Sở Tổng hợp", " Sở Thử nghiệm ", "Sở Tổng hợp"], actor="admin"
    )
    assert store.user_agencies("synthetic_editor") == ["Sở Thử nghiệm", "Sở Tổng hợp"]
    store.set_user_agencies("synthetic_editor", ["Sở Thử nghiệm", "Sở Tổng hợp"], actor="admin")
    store.set_user_agencies("synthetic_editor", [], actor="admin")
    assert store.user_agencies("synthetic_editor") == []
    audit = store.audit_page(action="agencies.set")
    assert [e["detail"]["after"] for e in audit] == [[], ["Sở Thử nghiệm", "Sở Tổng hợp"]]
    assert audit[0]["entity_id"] == "synthetic_editor"

    with pytest.raises(NotFound):
        store.set_user_agencies("nobody", ["Sở Tổng hợp"], actor="admin")
    with pytest.raises(BadRequest):
        store.set_user_agencies("synthetic_editor", ["Sở Tổng hợp", ""], actor="admin")
    assert store.user_agencies("nobody") == [] and store.user_agencies("synthetic_editor") == []


# -- issued reports ------------------------------------------------------------------------------


def _snapshot(label: str) -> dict[str, Any]:
    return {
        "label": label,
        "period": {"start": date(2024, 11, 15), "end": date(2025, 11, 14)},
        "targets": [{"id": "a1", "values": [38.0, 47.0]}],
        "text": "Báo cáo tổng hợp",
    }


def test_report_revisions_and_frozen_snapshots(plan_store: Store) -> None:
    store = plan_store
    first = store.issue_report(2025, _snapshot("first"), CHECKSUM_A, actor="admin")
    assert (first["year"], first["revision"], first["issued_by"]) == (2025, 1, "admin")
    assert "snapshot" not in first
    store.add_task_progress(_entry(), actor="lan")  # later edits
    second = store.issue_report(2025, _snapshot("second"), CHECKSUM_B, actor="admin")
    other_year = store.issue_report(2024, _snapshot("other"), CHECKSUM_A, actor="admin")
    assert second["revision"] == 2 and other_year["revision"] == 1

    frozen = store.issued_report(2025, 1)
    assert frozen["snapshot"] == {
        "label": "first",
        "period": {"start": "2024-11-15", "end": "2025-11-14"},
        "targets": [{"id": "a1", "values": [38.0, 47.0]}],
        "text": "Báo cáo tổng hợp",
    }
    assert frozen["checksum"] == CHECKSUM_A and frozen["issued_at"].tzinfo is not None
    assert store.issued_report(2025, 2)["snapshot"]["label"] == "second"

    listed = store.issued_reports()
    assert [(r["year"], r["revision"]) for r in listed] == [(2025, 2), (2025, 1), (2024, 1)]
    assert all("snapshot" not in r for r in listed)
    assert [r["revision"] for r in store.issued_reports(2024)] == [1]
    assert store.issued_reports(2023) == []
    audit = store.audit_page(action="report.issue", entity_id="2025")
    assert [e["detail"] for e in audit] == [
        {"revision": 2, "checksum": CHECKSUM_B},
        {"revision": 1, "checksum": CHECKSUM_A},
    ]

    with pytest.raises(NotFound):
        store.issued_report(2025, 3)


def test_an_issued_snapshot_reads_back_exactly(plan_store: Store) -> None:
    """Numbers keep their JSON spelling (JSONB would turn 1e+20 into an integer, -0.0 into 0)."""
    snapshot = {"big": 1e20, "negative_zero": -0.0, "tiny": 1e-300, "z": 1, "a": [0.1 + 0.2]}
    plan_store.issue_report(2025, snapshot, CHECKSUM_A, actor="admin")
    stored = plan_store.issued_report(2025, 1)["snapshot"]
    assert json.dumps(stored, sort_keys=True) == json.dumps(snapshot, sort_keys=True)
    assert list(stored) == list(snapshot)


def test_impossible_reports_are_refused(plan_store: Store) -> None:
    store = plan_store
    with pytest.raises(BadRequest):
        store.issue_report(2025, _snapshot("x"), "not-a-checksum", actor="admin")
    with pytest.raises(BadRequest):
        store.issue_report(2025, {"value": math.nan}, CHECKSUM_A, actor="admin")
    with pytest.raises(BadRequest):
        store.issue_report(2025, {"value": object()}, CHECKSUM_A, actor="admin")
    with pytest.raises(BadRequest):
        store.issue_report(99999, _snapshot("x"), CHECKSUM_A, actor="admin")
    assert store.issued_reports() == [] and _actions(store) == []


def test_concurrent_issuers_get_distinct_revisions(plan_store: Store) -> None:
    def issue(n: int) -> int:
        return int(plan_store.issue_report(2025, {"n": n}, CHECKSUM_A, actor="admin")["revision"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        revisions = sorted(pool.map(issue, range(6)))
    assert revisions == [1, 2, 3, 4, 5, 6]
    snapshots = {plan_store.issued_report(2025, r)["snapshot"]["n"] for r in revisions}
    assert snapshots == set(range(6))


# -- migration 0005 ------------------------------------------------------------------------------


def _tables(store: Store) -> set[str]:
    return set(sa.inspect(store.engine).get_table_names())


def test_migration_0005_downgrades_and_upgrades(plan_store: Store) -> None:
    store = plan_store
    store.add_task_progress(_entry(), actor="lan")
    assert _tables(store) >= NEW_TABLES and store.revision() == "0005"
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    store.engine.dispose()
    assert store.revision() == "0004"
    assert not NEW_TABLES & _tables(store)
    assert store.plan_counts() == {"groups": 2, "tasks": 3, "targets": 3}  # the rest is kept

    store.upgrade()
    assert store.revision() == "0005" and _tables(store) >= NEW_TABLES
    assert store.current_task_progress() == {}
    store.add_target_values([_value("a1", 2024)], actor="lan")
    assert [v["year"] for v in store.target_values("a1")] == [2024]
    with store.engine.connect() as conn:
        kinds = conn.execute(sa.select(audit_log.c.action)).scalars().all()
    assert "target.value" in kinds
