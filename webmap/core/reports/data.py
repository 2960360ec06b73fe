"""What the yearly report says, as one JSON-ready dict: :func:`report_data`.

Section V.2 of Decision 148/QĐ-UBND asks every department and district to report on the
plan to the Department of Planning and Investment before 14 November each year. The
reporting period of year ``Y`` is therefore 15 November ``Y-1`` to 14 November ``Y``, both
included. The report is a picture of that period:

- **targets**: each 2030 target with its current baseline, the measured values up to year
  ``Y`` and the on-track category computed from them (:mod:`webmap.core.ontrack`), or the
  editor's override with its reason;
- **groups**: each task group's tasks with the latest progress entry dated on or before the
  period's end, and the group's weighted percent;
- **projects**: the status changes of the map's projects that took effect during the period
  (from the append-only status history), with the status before and after;
- **summary**: the counts a reader sees first.

Every value is JSON (dates as ISO text), and every list is in a fixed order, so that the
same data always gives the same report and an issued snapshot is its data byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from webmap.core.reports import progress_source
from webmap.core.reports.figure import map_data
from webmap.domain import NO_STATUS, STATUSES, task_sort_key
from webmap.errors import BadRequest
from webmap.store import FeatureFilter, Store

#: Years a report can be made for: the plan runs 2023–2030 (the 2023 report starts in 2022).
FIRST_YEAR, LAST_YEAR = 2023, 2030
#: The status changes section III names, in its order; any other change is ``other``.
CHANGE_CATEGORIES: tuple[str, ...] = ("operating", "approved", "under_construction", "cancelled")
#: How much of the calendar a date of each precision stands for (``end_of_year`` is a day).
_SPAN_PRECISIONS = ("month", "year")

Row = dict[str, Any]


def check_year(year: int) -> int:
    """``year`` when a report can be made for it, else :class:`BadRequest`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadRequest(
            f"Năm báo cáo {year} nằm ngoài thời kỳ Kế hoạch ({FIRST_YEAR}–{LAST_YEAR}).",
            f"Report year {year} is outside the plan period ({FIRST_YEAR}–{LAST_YEAR}).",
        )
    return year


def period(year: int) -> tuple[date, date]:
    """The reporting period of ``year``: 15 November of the year before to 14 November."""
    return date(year - 1, 11, 15), date(year, 11, 14)


def report_data(store: Store, year: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything the report of ``year`` shows, JSON-ready and in a fixed order.

    Args:
        store: The store (the plan must be loaded).
        year: The report's year (2023–2030).
        now: When the data is taken (default: now, UTC); only ``generated_at`` uses it.

    Raises:
        BadRequest: for a year outside the plan period.
    """
    check_year(year)
    start, end = period(year)
    targets = target_rows(store, year)
    groups = group_rows(store, year, end)
    projects, statuses = project_changes(store, start, end)
    return {
        "year": year,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "decision": _decision(store),
        "generated_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "summary": summary(targets, groups, projects, statuses),
        "targets": targets,
        "groups": groups,
        "projects": projects,
        "map": map_data(store, statuses),
    }


def _decision(store: Store) -> dict[str, Any]:
    """The decision's number, date, issuer and title (empty before the plan is loaded)."""
    found = store.decision() or {}
    keep = ("number", "issuer", "place", "signed_on", "signer", "signer_title", "title_vi")
    return {k: found.get(k) for k in keep}


# -- summary ----------------------------------------------------------------------------


def _counted(values: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    """How many of each value, in ``order`` (values not in it last, sorted), zeros left out."""
    counts = Counter(values)
    known = [k for k in order if counts.get(k)]
    rest = sorted(k for k in counts if k not in known)
    return {k: counts[k] for k in (*known, *rest)}


def summary(
    targets: list[Row], groups: list[Row], projects: list[Row], statuses: Mapping[str, str | None]
) -> dict[str, Any]:
    """The counts the report opens with."""
    from webmap.core.reports.progress_source import CATEGORIES, TASK_STATUSES

    tasks = [t for g in groups for t in g["tasks"]]
    return {
        "targets": {
            "total": len(targets),
            "by_category": _counted((t["category"] for t in targets), CATEGORIES),
        },
        "tasks": {
            "total": len(tasks),
            "reported": sum(1 for t in tasks if t["reported"]),
            "by_status": _counted((t["status"] or "no_report" for t in tasks), TASK_STATUSES),
        },
        "projects": {
            "total": len(statuses),
            "by_status": _counted(
                (s or NO_STATUS for s in statuses.values()), (*STATUSES, NO_STATUS)
            ),
        },
        "changes": {
            "total": len(projects),
            "by_category": _counted(
                (p["category"] for p in projects), (*CHANGE_CATEGORIES, "other")
            ),
        },
    }


# -- targets ----------------------------------------------------------------------------


def _value_row(row: Mapping[str, Any] | None) -> Row | None:
    """A stored target value as the report keeps it."""
    if row is None:
        return None
    return {
        "value": row["value"],
        "year": row["year"],
        "observed_date": _iso(row.get("observed_date")),
        "source": row.get("source") or "",
        "note": row.get("note") or "",
    }


def _iso(value: Any) -> str | None:
    """A date or datetime as ISO text (``None`` stays ``None``)."""
    return value.isoformat() if isinstance(value, date) else value


def target_rows(store: Store, year: int) -> list[Row]:
    """Each target with its baseline, its values up to ``year`` and its category."""
    values = progress_source.target_values(store)
    overrides = progress_source.overrides(store)
    rows = []
    for target in store.targets():
        baseline, series = progress_source.split_values(values.get(target["id"], []), year)
        assessment = progress_source.assess(target, baseline, series)
        override = overrides.get(target["id"])
        latest = series[-1] if series else None
        rows.append(
            {
                "id": target["id"],
                "section": target["section"],
                "section_title_vi": target.get("section_title_vi") or "",
                "indicator_vi": target["indicator_vi"],
                "indicator_en": target.get("indicator_en") or "",
                "unit": target["unit"],
                "comparison": target["comparison"],
                "value_min": target["value_min"],
                "value_max": target["value_max"],
                "baseline_year": target.get("baseline_year"),
                "target_year": target.get("target_year") or LAST_YEAR,
                "baseline": _value_row(baseline),
                "latest": _value_row(latest),
                "series": [{"year": v["year"], "value": v["value"]} for v in series],
                "assessment": assessment,
                "override": override,
                "category": override["category"] if override else assessment["category"],
            }
        )
    return rows


# -- tasks and groups -------------------------------------------------------------------


def _task_row(task: Mapping[str, Any], entry: Mapping[str, Any] | None, year: int) -> Row:
    """A task with the progress entry current at the period's end (or none)."""
    entry = entry or {}
    return {
        "code": task["code"],
        "text_vi": task["text_vi"],
        "summary_en": task.get("summary_en") or "",
        "status": entry.get("status"),
        "percent": entry.get("percent"),
        "lead_agency": entry.get("lead_agency") or "",
        "partner_agencies": list(entry.get("partner_agencies") or []),
        "results": entry.get("results") or "",
        "obstacles": entry.get("obstacles") or "",
        "proposals": entry.get("proposals") or "",
        "evidence": [dict(e) for e in entry.get("evidence") or []],
        "effective_date": _iso(entry.get("effective_date")),
        "reported": entry.get("period_year") == year,
    }


def group_rows(store: Store, year: int, end: date) -> list[Row]:
    """The task groups in order, each with its tasks' progress and its weighted percent."""
    current = progress_source.progress_at(store, end)
    by_group: dict[int, list[Row]] = {}
    for task in sorted(store.tasks(), key=lambda t: task_sort_key(t["code"])):
        row = _task_row(task, current.get(task["code"]), year)
        by_group.setdefault(task["group_number"], []).append(row)
    out = []
    for group in store.task_groups():
        tasks = by_group.get(group["number"], [])
        weights = progress_source.weights(store, group["number"])
        out.append(
            {
                "number": group["number"],
                "title_vi": group["title_vi"],
                "title_en": group.get("title_en") or "",
                "percent": progress_source.group_percent(tasks, weights),
                "tasks": tasks,
            }
        )
    return out


# -- projects ---------------------------------------------------------------------------


def _event_row(event: Mapping[str, Any]) -> Row:
    return {
        "status": event["status"],
        "date": _iso(event["effective_date"]),
        "date_precision": event.get("date_precision") or "day",
        "source": event.get("source") or "",
        "note": event.get("note") or "",
    }


def _uncertain(day: date, precision: str, start: date, end: date) -> bool:
    """Whether a month or a year (stored as its first day) reaches outside the period."""
    if precision not in _SPAN_PRECISIONS:
        return False
    last = date(day.year, 12, 31) if precision == "year" else _month_end(day)
    return day < start or last > end


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _changes_of(
    history: list[Row], start: date, end: date
) -> tuple[list[tuple[str | None, Row]], str | None]:
    """The status changes inside the period (with the status before each) and the status
    current at the period's end; a repeated status is no change."""
    changes: list[tuple[str | None, Row]] = []
    current: str | None = None
    for event in history:
        day = event["effective_date"]
        if day > end:
            break
        if day >= start and event["status"] != current:
            changes.append((current, event))
        current = event["status"]
    return changes, current


def _projects(store: Store) -> list[tuple[Any, Any]]:
    """(feature, layer) of every project, in layer order then by name and key."""
    layers = [layer for layer in store.list_layers() if layer.role == "project"]
    out = []
    for layer in sorted(layers, key=lambda lay: (lay.sort_order, lay.id)):
        found = store.iter_features(FeatureFilter(layers=[layer.id]))
        projects = [f for f in found if f.role == "project"]
        out += [(f, layer) for f in sorted(projects, key=lambda f: (f.name_vi, f.key))]
    return out


def project_changes(
    store: Store, start: date, end: date
) -> tuple[list[Row], dict[str, str | None]]:
    """The projects' status changes that took effect in the period, in date order, and each
    project's status at the period's end (by key)."""
    rows: list[Row] = []
    statuses: dict[str, str | None] = {}
    for feature, layer in _projects(store):
        changes, statuses[feature.key] = _changes_of(store.status_history(feature.key), start, end)
        for before, event in changes:
            new = event["status"]
            rows.append(
                {
                    "key": feature.key,
                    "name_vi": feature.name_vi,
                    "name_en": feature.name_en or "",
                    "layer": layer.id,
                    "layer_vi": layer.title_vi,
                    "layer_en": layer.title_en,
                    "old_status": before,
                    **_event_row(event),
                    "category": new if new in CHANGE_CATEGORIES else "other",
                    "date_uncertain": _uncertain(
                        event["effective_date"], event.get("date_precision") or "day", start, end
                    ),
                }
            )
    rows.sort(key=lambda r: (r["date"], r["layer"], r["name_vi"], r["key"]))
    return rows, statuses
