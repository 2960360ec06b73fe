"""Plan pages (/plan …) and plan API (/api/plan …)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from webmap.core import plan as plan_core
from webmap.core.features import collection, parse_int
from webmap.domain import STATUSES
from webmap.web import get_store

bp = Blueprint("plan", __name__)


def _task_json(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": task["code"],
        "group": task["group_number"],
        "seq": task["seq"],
        "text_vi": task["text_vi"],
        "summary_en": task["summary_en"],
        "summary_en_is_unofficial": True,
        "raw_lines": task["raw_lines"],
    }


def _linked(code: str) -> list[Any]:
    return plan_core.linked_features(get_store(), code)


@bp.get("/plan")
def plan_index() -> str:
    """The 18 groups with their tasks, linked-location counts and status breakdowns."""
    store = get_store()
    return render_template(
        "plan.html",
        decision=plan_core.decision(store),
        groups=plan_core.list_groups(store),
        statuses=STATUSES,
    )


@bp.get("/plan/tasks/<code>")
def task_page(code: str) -> str:
    """One task: full text, linked locations on a small map and in a table, reporting."""
    store = get_store()
    task = plan_core.get_task(store, code)
    return render_template(
        "task.html",
        task=task,
        sites=plan_core.task_sites(store, code),
        reporting=plan_core.reporting(task["group_number"]),
        decision=plan_core.decision(store),
    )


@bp.get("/plan/targets")
def targets_page() -> str:
    """The 2030 targets, with room for the latest measured value."""
    store = get_store()
    return render_template(
        "targets.html", targets=plan_core.list_targets(store), decision=plan_core.decision(store)
    )


@bp.get("/api/plan")
def api_plan() -> Response:
    """Decision metadata."""
    store = get_store()
    body = plan_core.decision(store)
    body["counts"] = plan_core.counts(store)
    return jsonify(body)


@bp.get("/api/plan/groups")
def api_groups() -> Response:
    """Groups with task codes, linked-location counts and status breakdowns."""
    groups = []
    for g in plan_core.list_groups(get_store()):
        groups.append(
            {
                "number": g["number"],
                "title_vi": g["title_vi"],
                "title_en": g["title_en"],
                "title_en_is_unofficial": True,
                "description_vi": g["description_vi"],
                "stated_task_count": g["stated_task_count"],
                "tasks": [t["code"] for t in g["tasks"]],
                "linked_count": g["linked_count"],
                "status_breakdown": g["status_breakdown"],
            }
        )
    return jsonify({"groups": groups})


@bp.get("/api/plan/tasks")
def api_tasks() -> Response:
    """Tasks, optionally of one group: ``?group=13``."""
    group = parse_int(request.args, "group", 0, 18) if request.args.get("group") else None
    tasks = plan_core.list_tasks(get_store(), group)
    return jsonify({"tasks": [_task_json(t) for t in tasks]})


@bp.get("/api/plan/tasks/<code>")
def api_task(code: str) -> Response:
    """One task with the keys of its linked features."""
    store = get_store()
    body = _task_json(plan_core.get_task(store, code))
    linked = _linked(code)
    body["features"] = [f.key for f in linked]
    body["status_breakdown"] = plan_core.status_breakdown(store, code)
    return jsonify(body)


@bp.get("/api/plan/tasks/<code>/features")
def api_task_features(code: str) -> Response:
    """GeoJSON of the features linked to a task (for the task page's small map)."""
    plan_core.get_task(get_store(), code)
    linked = _linked(code)
    response = jsonify(collection(linked, numberMatched=len(linked), numberReturned=len(linked)))
    response.mimetype = "application/geo+json"
    return response


@bp.get("/api/plan/targets")
def api_targets() -> Response:
    """The 2030 targets."""
    rows = plan_core.list_targets(get_store())
    for row in rows:
        row["indicator_en_is_unofficial"] = True
        row["latest_value"] = None
    return jsonify({"targets": rows})
