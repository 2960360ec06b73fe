"""The plan (Decision 148/QĐ-UBND) in the store: loading and queries for pages and API."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from webmap.core.records import task_sort_key
from webmap.errors import NotFound
from webmap.store import Store
from webmap.store.schema import plan_meta, targets, task_groups, tasks


def load_plan_into(store: Store, path: Path | None = None) -> str:
    """Parse the plan text and store it in one transaction; unchanged text changes nothing.

    Returns:
        A one-line summary for the CLI.
    """
    from etl.plan_text import load_plan

    plan = load_plan(path)
    decision = plan.decision
    meta = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in dataclasses.asdict(decision).items()
    }
    meta["legal_bases"] = list(decision.legal_bases)
    with store.engine.begin() as conn:
        stored = conn.execute(
            sa.select(plan_meta.c.value).where(plan_meta.c.key == "decision")
        ).scalar_one_or_none()
        if stored is not None and stored.get("source_sha256") == decision.source_sha256:
            counts = conn.execute(sa.select(sa.func.count()).select_from(tasks)).scalar_one()
            if counts == len(plan.tasks):
                return (
                    f"Plan {decision.number} unchanged ({len(plan.groups)} groups, "
                    f"{len(plan.tasks)} tasks, {len(plan.targets)} targets)."
                )
        conn.execute(tasks.delete())
        conn.execute(task_groups.delete())
        conn.execute(targets.delete())
        conn.execute(plan_meta.delete())
        conn.execute(plan_meta.insert().values(key="decision", value=meta))
        conn.execute(
            task_groups.insert(),
            [
                {
                    "number": g.number,
                    "title_vi": g.title_vi,
                    "title_en": g.title_en,
                    "description_vi": g.description_vi,
                    "stated_task_count": g.stated_task_count,
                    "raw_line": g.raw_line,
                }
                for g in plan.groups
            ],
        )
        conn.execute(
            tasks.insert(),
            [
                {
                    "code": t.code,
                    "group_number": t.group,
                    "seq": t.seq,
                    "text_vi": t.text_vi,
                    "summary_en": t.summary_en,
                    "raw_lines": list(t.raw_lines),
                    "raw_text": t.raw_text,
                }
                for t in plan.tasks
            ],
        )
        conn.execute(targets.insert(), [dataclasses.asdict(t) for t in plan.targets])
    return (
        f"Loaded plan {decision.number}: {len(plan.groups)} groups, {len(plan.tasks)} tasks, "
        f"{len(plan.targets)} targets."
    )


def decision(store: Store) -> dict[str, Any]:
    """Decision metadata, or :class:`NotFound` before ``greenmap load plan``."""
    with store.engine.connect() as conn:
        value = conn.execute(
            sa.select(plan_meta.c.value).where(plan_meta.c.key == "decision")
        ).scalar_one_or_none()
    if value is None:
        raise NotFound(
            "Chưa nạp Kế hoạch: chạy `greenmap load plan`.",
            "The plan is not loaded yet: run `greenmap load plan`.",
        )
    return dict(value)


def counts(store: Store) -> dict[str, int]:
    """How many groups, tasks and targets are stored."""
    with store.engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in (("groups", task_groups), ("tasks", tasks), ("targets", targets))
        }


def list_tasks(store: Store, group: int | None = None) -> list[dict[str, Any]]:
    """Tasks in plan order, optionally of one group."""
    query = sa.select(tasks)
    if group is not None:
        query = query.where(tasks.c.group_number == group)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    return sorted(rows, key=lambda r: task_sort_key(r["code"]))


def list_groups(store: Store) -> list[dict[str, Any]]:
    """The task groups with their tasks, linked-location counts and status breakdowns."""
    counts = store.task_link_counts()
    with store.engine.connect() as conn:
        groups = [
            dict(r)
            for r in conn.execute(sa.select(task_groups).order_by(task_groups.c.number)).mappings()
        ]
    by_group: dict[int, list[dict[str, Any]]] = {g["number"]: [] for g in groups}
    for task in list_tasks(store):
        breakdown = counts.get(task["code"], {})
        task["linked_count"] = sum(breakdown.values())
        task["status_breakdown"] = breakdown
        by_group[task["group_number"]].append(task)
    for group in groups:
        group["tasks"] = by_group[group["number"]]
        merged: dict[str, int] = {}
        for task in group["tasks"]:
            for status, n in task["status_breakdown"].items():
                merged[status] = merged.get(status, 0) + n
        group["linked_count"] = sum(t["linked_count"] for t in group["tasks"])
        group["status_breakdown"] = merged
    return groups


def get_task(store: Store, code: str) -> dict[str, Any]:
    """One task with its group, or :class:`NotFound`."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(tasks).where(tasks.c.code == code)).mappings().first()
        if row is None:
            raise NotFound(f"Không có nhiệm vụ {code!r}.", f"No task {code!r}.")
        task = dict(row)
        group = (
            conn.execute(sa.select(task_groups).where(task_groups.c.number == task["group_number"]))
            .mappings()
            .one()
        )
    task["group"] = dict(group)
    return task


def list_targets(store: Store) -> list[dict[str, Any]]:
    """The 2030 targets in document order."""
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(targets)).mappings()]
    return sorted(rows, key=lambda r: (r["section"], r["raw_line"], r["id"]))


def reporting(group: int) -> dict[str, Any]:
    """Who reports on tasks of ``group``, as section V of the decision says."""
    import tomllib

    from webmap.paths import bundled_dir

    data = tomllib.loads((bundled_dir("layers") / "plan" / "reporting.toml").read_text())
    specific = data.get("groups", {}).get(str(group))
    return {
        "note_vi": data["note_vi"],
        "note_en": data["note_en"],
        "all": data["all"],
        "group": specific,
    }
