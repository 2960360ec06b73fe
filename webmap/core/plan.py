"""The plan (Decision 148/QĐ-UBND) in the store: loading and queries for pages and API."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from webmap.domain import NO_STATUS, Feature, Layer
from webmap.errors import NotFound
from webmap.store import FeatureFilter, Store

if TYPE_CHECKING:
    from etl.plan_text import Plan

_Rows = list[dict[str, Any]]


def _plan_rows(plan: Plan) -> tuple[dict[str, Any], _Rows, _Rows, _Rows]:
    """The parsed plan as the store's rows: decision metadata, groups, tasks and targets."""
    decision = plan.decision
    meta = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in dataclasses.asdict(decision).items()
    }
    meta["legal_bases"] = list(decision.legal_bases)
    groups = [
        {
            "number": g.number,
            "title_vi": g.title_vi,
            "title_en": g.title_en,
            "description_vi": g.description_vi,
            "stated_task_count": g.stated_task_count,
            "raw_line": g.raw_line,
        }
        for g in plan.groups
    ]
    tasks = [
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
    ]
    targets = [dataclasses.asdict(t) for t in plan.targets]
    return meta, groups, tasks, targets


def load_plan_into(store: Store, path: Path | None = None) -> str:
    """Parse the plan text and store it in one transaction; unchanged text changes nothing.

    Returns:
        A one-line summary for the CLI.
    """
    from etl.plan_text import load_plan

    plan = load_plan(path)
    number = plan.decision.number
    sizes = f"{len(plan.groups)} groups, {len(plan.tasks)} tasks, {len(plan.targets)} targets"
    stored = store.plan_checksum() == plan.decision.source_sha256
    if stored and store.plan_counts()["tasks"] == len(plan.tasks):
        return f"Plan {number} unchanged ({sizes})."
    store.replace_plan(*_plan_rows(plan))
    return f"Loaded plan {number}: {sizes}."


def decision(store: Store) -> dict[str, Any]:
    """Decision metadata, or :class:`NotFound` before ``greenmap load plan``."""
    value = store.decision()
    if value is None:
        raise NotFound(
            "Chưa nạp Kế hoạch: chạy `greenmap load plan`.",
            "The plan is not loaded yet: run `greenmap load plan`.",
        )
    return value


def counts(store: Store) -> dict[str, int]:
    """How many groups, tasks and targets are stored."""
    return store.plan_counts()


def list_tasks(store: Store, group: int | None = None) -> list[dict[str, Any]]:
    """Tasks in plan order, optionally of one group."""
    return store.tasks(group)


def _breakdown(statuses: dict[str, str | None]) -> dict[str, int]:
    """How many projects (by key) have each current status; ``unknown`` for none."""
    out: dict[str, int] = {}
    for status in statuses.values():
        out[status or NO_STATUS] = out.get(status or NO_STATUS, 0) + 1
    return dict(sorted(out.items()))


def _projects_by_task(store: Store) -> dict[str, dict[str, str | None]]:
    """Task code → {project key: current status}: each project once per task."""
    out: dict[str, dict[str, str | None]] = {}
    for code, key, status in store.task_projects():
        out.setdefault(code, {})[key] = status
    return out


def list_groups(store: Store) -> list[dict[str, Any]]:
    """The task groups with their tasks, and the projects linked to each, counted once.

    A project serving three tasks of a group counts once for the group; parts
    (turbines) and context (boundaries, the grid) are not counted.
    """
    by_task = _projects_by_task(store)
    groups = store.task_groups()
    by_group: dict[int, list[dict[str, Any]]] = {g["number"]: [] for g in groups}
    for task in store.tasks():
        projects = by_task.get(task["code"], {})
        task["linked_count"] = len(projects)
        task["status_breakdown"] = _breakdown(projects)
        by_group[task["group_number"]].append(task)
    for group in groups:
        group["tasks"] = by_group[group["number"]]
        projects = {
            key: status
            for task in group["tasks"]
            for key, status in by_task.get(task["code"], {}).items()
        }
        group["linked_count"] = len(projects)
        group["status_breakdown"] = _breakdown(projects)
    return groups


def get_task(store: Store, code: str) -> dict[str, Any]:
    """One task with its group, or :class:`NotFound`."""
    task = store.task(code)
    if task is None:
        raise NotFound(f"Không có nhiệm vụ {code!r}.", f"No task {code!r}.")
    return task


def list_targets(store: Store) -> list[dict[str, Any]]:
    """The 2030 targets in document order."""
    return store.targets()


def reporting(group: int) -> dict[str, Any]:
    """Who reports on tasks of ``group``, as section V of the decision says."""
    import tomllib

    from webmap.domain.bundled import bundled_dir

    data = tomllib.loads((bundled_dir("layers") / "plan" / "reporting.toml").read_text())
    specific = data.get("groups", {}).get(str(group))
    return {
        "note_vi": data["note_vi"],
        "note_en": data["note_en"],
        "all": data["all"],
        "group": specific,
    }


def linked_features(store: Store, code: str) -> list[Feature]:
    """The features linked to a task, with their current status."""
    return list(store.iter_features(FeatureFilter(tasks=[code])))


def status_breakdown(store: Store, code: str) -> dict[str, int]:
    """How many projects linked to a task have each current status (each project once)."""
    return _breakdown(_projects_by_task(store).get(code, {}))


@dataclass
class LinkedProject:
    """A row of a task page: a project, with its parts linked to the task: phases (parts
    in a project layer) by name, turbines (a layer of parts) counted per layer."""

    feature: Feature
    layer: Layer
    phases: list[Feature] = field(default_factory=list)
    parts: list[tuple[Layer, int]] = field(default_factory=list)


@dataclass
class TaskSites:
    """What a task page lists: projects (their parts under them), and parts of no listed
    project counted per layer. Context (boundaries, the grid, places) is not listed."""

    projects: list[LinkedProject]
    unassigned: list[tuple[Layer, int]]


def task_sites(store: Store, code: str) -> TaskSites:
    """A task's linked features for its page: projects first, no row per turbine."""
    layers = {layer.id: layer for layer in store.list_layers()}
    return group_parts(linked_features(store, code), layers)


def group_parts(linked: list[Feature], layers: dict[str, Layer]) -> TaskSites:
    """Projects with their parts: a part in a project layer (a phase a source lists on its
    own) by name, parts of a part layer (turbines) counted per layer."""
    rows = {f.key: LinkedProject(f, layers[f.layer_id]) for f in linked if f.role == "project"}
    counts: dict[str | None, Counter[str]] = {}
    for f in linked:
        if f.role != "part":
            continue
        owner = rows.get(f.parent_key or "")
        if owner is not None and layers[f.layer_id].role != "part":
            owner.phases.append(f)
        else:
            key = owner.feature.key if owner else None
            counts.setdefault(key, Counter())[f.layer_id] += 1

    def counted(key: str | None) -> list[tuple[Layer, int]]:
        return [(layers[lid], n) for lid, n in sorted(counts.get(key, Counter()).items())]

    for key, row in rows.items():
        row.parts = counted(key)
    projects = sorted(rows.values(), key=lambda row: (row.layer.sort_order, row.layer.id))
    return TaskSites(projects, counted(None))
