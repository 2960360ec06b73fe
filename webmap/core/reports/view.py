"""A report's data as the text a reader sees, in one language: :func:`report_view`.

The DOCX and the printable page are laid out from this view, so they say the same.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from webmap.core.formatting import format_moment
from webmap.core.reports.figure import map_figure
from webmap.core.reports.labels import Labels

Row = dict[str, Any]


def _value(labels: Labels, row: Mapping[str, Any] | None, unit: str | None) -> str:
    """``12,5% (2024)``; the observation date when there is one; "not yet reported"."""
    if not row:
        return labels.t("no_value")
    when = labels.date(row["observed_date"]) if row.get("observed_date") else str(row["year"])
    return labels.t("value_in", value=labels.with_unit(row["value"], unit), when=when)


def _baseline(labels: Labels, target: Mapping[str, Any]) -> str:
    if target.get("baseline") or not target.get("baseline_year"):
        return _value(labels, target.get("baseline"), target["unit"])
    return f"{target['baseline_year']}: {labels.t('no_value')}"


def _target(labels: Labels, index: int, target: Mapping[str, Any]) -> Row:
    override = target.get("override")
    assessment = target.get("assessment") or {}
    basis = labels.pick(assessment.get("explanation_vi"), assessment.get("explanation_en"))
    return {
        "id": target["id"],
        "no": index,
        "indicator": labels.pick(target["indicator_vi"], target["indicator_en"]),
        "goal": labels.goal(target),
        "baseline": _baseline(labels, target),
        "latest": _value(labels, target.get("latest"), target["unit"]),
        "category_code": target["category"],
        "category": labels.category(target["category"]),
        "override": labels.t("override_note", reason=override["reason"]) if override else "",
        "basis": basis or "",
    }


def _task(labels: Labels, task: Mapping[str, Any]) -> Row:
    percent = task.get("percent")
    evidence = task.get("evidence") or []
    return {
        "code": task["code"],
        "text": labels.pick(task["text_vi"], task["summary_en"]),
        "status_code": task["status"] or "no_report",
        "status": labels.task_status(task["status"]),
        "percent": "" if percent is None else labels.number(percent),
        "lead": task["lead_agency"],
        "partners": ", ".join(task["partner_agencies"]),
        "results": task["results"],
        "obstacles": task["obstacles"],
        "proposals": task["proposals"],
        "evidence": "; ".join(e.get("label") or e.get("url") or "" for e in evidence),
        "reported_on": labels.date(task["effective_date"]) if task["effective_date"] else "",
        "reported": bool(task["status"]),
    }


def _group(labels: Labels, group: Mapping[str, Any]) -> Row:
    title = labels.pick(group["title_vi"], group["title_en"])
    return {
        "number": group["number"],
        "heading": labels.t("group_heading", number=group["number"], title=title),
        "percent": labels.t("group_percent", percent=labels.number(group["percent"])),
        "tasks": [_task(labels, t) for t in group["tasks"]],
    }


def _project(labels: Labels, row: Mapping[str, Any]) -> Row:
    when = labels.date(row["date"], row["date_precision"])
    return {
        "key": row["key"],
        "name": labels.pick(row["name_vi"], row["name_en"]),
        "layer": labels.pick(row["layer_vi"], row["layer_en"]),
        "change": f"{labels.status(row['old_status'])} → {labels.status(row['status'])}",
        "date": f"{when} {labels.t('date_uncertain')}" if row["date_uncertain"] else when,
        "kind_code": row["category"],
        "kind": labels.change(row["category"]),
        "source": row["source"],
    }


def _summary(labels: Labels, summary: Mapping[str, Any]) -> list[str]:
    """The summary's sentences: targets, tasks, projects, changes (each with its counts)."""
    sentences = (
        ("summary_targets", "targets", "by_category", labels.category),
        ("summary_tasks", "tasks", "by_status", labels.task_status),
        ("summary_projects", "projects", "by_status", labels.status),
        ("summary_changes", "changes", "by_category", labels.change),
    )
    out = []
    for key, part, counted, label in sentences:
        numbers = {k: v for k, v in summary[part].items() if not isinstance(v, dict)}
        out.append(labels.t(key, **numbers, counts=labels.counts(summary[part][counted], label)))
    return out


def _header(labels: Labels, data: Mapping[str, Any]) -> Row:
    """Title, legal basis, period, and whether it is issued (with its checksum) or live."""
    decision, period = data["decision"], data["period"]
    issued = data.get("issued")
    status = (
        labels.t(
            "issued",
            revision=issued["revision"],
            at=labels.date(issued["issued_at"][:10]),
            by=issued["issued_by"],
            checksum=issued["checksum"],
        )
        if issued
        else labels.t("draft")
    )
    basis = ""
    if decision.get("number"):
        basis = labels.t(
            "basis",
            number=decision["number"],
            signed=labels.date(decision.get("signed_on")),
            issuer=decision.get("issuer") or "",
        )
    return {
        "title": labels.t("title", year=data["year"]),
        "basis": basis,
        "period": labels.t(
            "period", start=labels.date(period["start"]), end=labels.date(period["end"])
        ),
        "generated": labels.t("generated", at=format_moment(data["generated_at"], labels.lang)),
        "status": status,
    }


def report_view(data: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Every text of the report of ``data`` in ``lang`` (``vi`` or ``en``)."""
    labels = Labels(lang)
    return {
        "lang": labels.lang,
        "year": data["year"],
        **_header(labels, data),
        "summary": _summary(labels, data["summary"]),
        "targets": [_target(labels, i, t) for i, t in enumerate(data["targets"], start=1)],
        "groups": [_group(labels, g) for g in data["groups"]],
        "projects": [_project(labels, p) for p in data["projects"]],
        "annex_note": labels.t("annex_note", year=data["year"]),
        "unofficial": labels.t("unofficial"),
        "t": {key: labels.t(key) for key in _PLAIN},
    }


#: Phrases without places to fill, handed to the templates as ``view.t``.
_PLAIN = (
    "summary",
    "section_targets",
    "section_groups",
    "section_projects",
    "section_map",
    "annex",
    "col_no",
    "col_target",
    "col_goal",
    "col_baseline",
    "col_latest",
    "col_category",
    "col_project",
    "col_layer",
    "col_change",
    "col_date",
    "col_kind",
    "col_status",
    "col_percent",
    "col_lead",
    "col_partners",
    "col_results",
    "col_obstacles",
    "col_proposals",
    "col_evidence",
    "col_reported_on",
    "task_not_reported",
    "no_changes",
    "figure_caption",
)


def html_context(data: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What ``templates/report.html`` renders: the data, its text in ``lang``, and the map
    figure as a ``data:`` URL (the page prints without fetching anything)."""
    png = base64.b64encode(map_figure(data, lang)).decode("ascii")
    return {"data": data, "view": report_view(data, lang), "figure": f"data:image/png;base64,{png}"}
