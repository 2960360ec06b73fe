"""Task progress, group weights, target values and categories as the report reads them.

The report takes each from the store and the on-track method
(:mod:`webmap.core.ontrack`) and keeps only JSON: dates as ISO text, an assessment as a
dict. A task's progress counts towards its group as the plan page counts it: completed
100 %, not started 0 %, in progress or ongoing at its stated percent (50 % when none is
stated); a task without a report counts as 0 %; the group's percent is the mean weighted
by the group's weights (equal when none are set).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from webmap.core.ontrack import CATEGORIES
from webmap.core.ontrack import assess as ontrack_assess
from webmap.core.progress import task_percent, weighted_percent
from webmap.store import Store

__all__ = ["CATEGORIES", "TASK_STATUSES"]

#: Implementation statuses of a task, then ``no_report`` for a task nobody reported on.
TASK_STATUSES: tuple[str, ...] = ("not_started", "in_progress", "completed", "ongoing", "no_report")

Row = dict[str, Any]


def _json(value: Any) -> Any:
    """Dates and datetimes as ISO text, dataclasses as dicts, inside dicts and lists too."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _json(dataclasses.asdict(value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


# -- targets ----------------------------------------------------------------------------


def target_values(store: Store) -> dict[str, list[Row]]:
    """Every stored target value (baselines and measurements) by target id."""
    return store.all_target_values()


def overrides(store: Store) -> dict[str, Row]:
    """The editors' category overrides in force (a cleared one is absent), as JSON."""
    out = {}
    for target_id, row in store.current_overrides().items():
        if row.get("category"):
            out[target_id] = {
                "category": row["category"],
                "reason": row.get("reason") or "",
                "recorded_by": row.get("recorded_by") or "",
                "recorded_at": _json(row.get("recorded_at")),
            }
    return out


def split_values(rows: Sequence[Mapping[str, Any]], year: int) -> tuple[Row | None, list[Row]]:
    """The current baseline (the one stored last: the highest id) and the measured values of
    years up to ``year``, oldest first."""
    baselines = sorted((r for r in rows if r["kind"] == "baseline"), key=lambda r: r["id"])
    measured = [dict(r) for r in rows if r["kind"] == "measured" and r["year"] <= year]
    measured.sort(key=lambda r: r["year"])
    return (dict(baselines[-1]) if baselines else None), measured


def assess(target: Mapping[str, Any], baseline: Row | None, series: list[Row]) -> Row:
    """The on-track assessment of a target (the numbers it comes from included), as JSON."""
    base = (baseline["year"], baseline["value"]) if baseline else None
    values = [(r["year"], r["value"]) for r in series]
    result = ontrack_assess(
        dict(target), base, values, target_year=target.get("target_year") or 2030
    )
    out: Row = _json(result)
    return out


# -- tasks ------------------------------------------------------------------------------


def progress_at(store: Store, end: date) -> dict[str, Row]:
    """Each task's progress entry current on ``end`` (entries dated later are not yet)."""
    out: dict[str, Row] = {}
    for code, entry in store.current_task_progress().items():
        if _day(entry["effective_date"]) <= end:
            out[code] = dict(entry)
            continue
        earlier = [e for e in store.task_progress_history(code) if _day(e["effective_date"]) <= end]
        if earlier:
            out[code] = dict(earlier[-1])  # the history is oldest first
    return out


def _day(value: Any) -> date:
    """A stored date (a ``date``, or ISO text from JSON) as a ``date``."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def weights(store: Store, group: int) -> dict[str, float]:
    """The weights of a group's tasks (``{}``: equal)."""
    return store.group_weights(group)


def group_percent(tasks: Sequence[Mapping[str, Any]], weights: Mapping[str, float]) -> float:
    """The group's percent from its tasks' reported status and percent, as the plan page
    rolls it up (:func:`webmap.core.progress.weighted_percent`)."""
    done = [{"code": t["code"], "percent": task_percent(t["status"], t["percent"])} for t in tasks]
    return weighted_percent(done, weights)
