"""Public progress pages: the yearly reports (issued list, printable page, DOCX and XLSX
downloads) and the dashboards of ``/plan`` and ``/plan/targets``.

Nothing here needs a sign-in. A report is the live data of its year unless ``?revision=N``
asks for an issued (frozen) one. The dashboards are template globals
(``plan_dashboard()``, ``targets_dashboard()``) so that ``plan.html`` and
``targets.html`` compute them only when drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, render_template, request, send_file

from webmap.core import evidence as evidence_core
from webmap.core import progress as progress_core
from webmap.core import reports as reports_core
from webmap.core import targets as targets_core
from webmap.errors import BadRequest
from webmap.web import get_store
from webmap.web.charts import chart_for
from webmap.web.formatting import translate_unit
from webmap.web.i18n import current_language, pick, translate

bp = Blueprint("reports", __name__)

FIRST_YEAR, LAST_YEAR = 2023, 2030
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadRequest(
            f"Năm không hợp lệ: {year} (cần từ {FIRST_YEAR} đến {LAST_YEAR}).",
            f"Invalid year: {year} (expected {FIRST_YEAR} to {LAST_YEAR}).",
        )


def _revision() -> int | None:
    text = request.args.get("revision", "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(f"Số lần ban hành không hợp lệ: {text}.", f"Invalid revision: {text}.")
    return int(text)


def _data(year: int) -> tuple[dict[str, Any], int | None]:
    """The report's data: live, or the issued revision asked for (``NotFound`` if none)."""
    _check_year(year)
    revision = _revision()
    store = get_store()
    if revision is None:
        return reports_core.report_data(store, year), None
    return reports_core.issued_data(store, year, revision), revision


def _lang() -> str:
    lang = request.args.get("lang") or current_language()
    return lang if lang in ("vi", "en") else current_language()


@bp.get("/reports")
def reports_index() -> str:
    """Issued reports with their revision, date and who issued them; links to the live
    report of each year of the plan."""
    issued = reports_core_issued()
    return render_template(
        "reports.html",
        issued=issued,
        years=list(range(FIRST_YEAR, LAST_YEAR + 1)),
        current=_current_year(),
    )


def reports_core_issued() -> list[dict[str, Any]]:
    """Every issued report, newest first (without snapshots)."""
    rows = reports_core.issued_reports(get_store())
    return sorted(rows, key=lambda r: (r["year"], r["revision"]), reverse=True)


def _current_year() -> int:
    from datetime import date

    return min(max(date.today().year, FIRST_YEAR), LAST_YEAR)


@bp.get("/reports/<int:year>")
def report_page(year: int) -> str:
    """The year's report as a print-ready page (``?revision=N`` for an issued one)."""
    data, _ = _data(year)
    return render_template(
        "report.html",
        **reports_core.html_context(data, current_language()),
        issued=reports_core.issued_reports(get_store(), year),
    )


def _download(year: int, ext: str, render: Callable[[dict[str, Any], str], bytes]) -> Response:
    data, revision = _data(year)
    lang = _lang()
    body = render(data, lang)
    name = f"greenmap-bao-cao-{year}" if lang == "vi" else f"greenmap-report-{year}"
    if revision is not None:
        name += f"-r{revision}"
    return Response(
        body,
        content_type=DOCX if ext == "docx" else XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}-{lang}.{ext}"'},
    )


@bp.get("/reports/<int:year>.docx")
def report_docx(year: int) -> Response:
    """The report as a Word document."""
    return _download(year, "docx", reports_core.render_docx)


@bp.get("/reports/<int:year>.xlsx")
def report_xlsx(year: int) -> Response:
    """The report's annex as a spreadsheet (tasks, targets, projects)."""
    return _download(year, "xlsx", reports_core.render_xlsx)


@bp.get("/evidence/<path:name>")
def evidence_file(name: str) -> Response:
    """A task progress entry's evidence file, as an attachment (public, as issued reports
    are). ``?label=`` names the download when it has the file's extension; unknown or unsafe
    names are 404."""
    relative = f"{evidence_core.FOLDER}/{name}"
    path = evidence_core.evidence_path(relative)
    label = evidence_core.display_name(request.args.get("label", ""))
    if not label.lower().endswith(path.suffix.lower()):
        label = path.name.partition("-")[2]
    return send_file(
        path,
        mimetype=evidence_core.mimetype(relative),
        as_attachment=True,
        download_name=label,
        max_age=3600,
    )


# -- dashboards for /plan and /plan/targets ----------------------------------------------------


@bp.app_template_global()
def plan_dashboard() -> dict[str, Any]:
    """Task progress by group for ``/plan``, filtered by ``?group=`` and ``?agency=``."""
    store = get_store()
    groups = progress_core.group_progress(store)
    agency = request.args.get("agency", "").strip()
    group = request.args.get("group", "").strip()
    shown = progress_core.group_progress(store, agency=agency) if agency else groups
    shown = [g for g in shown if not group or str(g["number"]) == group]
    return {
        "groups": shown,
        "all_groups": groups,
        "agencies": agencies_of(groups),
        "agency": agency,
        "group": group,
    }


def agencies_of(groups: list[dict[str, Any]]) -> list[str]:
    """Every agency named in a task's current entry (lead or co-operating), sorted."""
    names: set[str] = set()
    for group in groups:
        for task in group.get("tasks", []):
            current = task.get("current") or {}
            names.add(current.get("lead_agency") or "")
            names.update(current.get("partner_agencies") or [])
    return sorted(n for n in names if n)


@bp.app_template_global()
def targets_dashboard() -> dict[str, Any]:
    """The targets by section with their category, chart and numbers, and what changed
    since the last issued report."""
    store = get_store()
    rows = targets_core.target_table(store)
    changed = _changed_since_issued(rows)
    lang = current_language()
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        target = row.get("target", row)
        title = pick(target.get("indicator_vi"), target.get("indicator_en"))
        unit = str(row.get(f"value_unit_{lang}", translate_unit(target.get("unit"), lang)))
        row = {
            **row,
            "chart": chart_for(row, lang, title, unit),
            "changed": target["id"] in changed,
        }
        sections.setdefault(target["section"], []).append(row)
    last = reports_core_issued()[:1]
    return {
        "sections": sections,
        "last_issued": last[0] if last else None,
        "changed_count": len(changed),
    }


def _category(row: dict[str, Any]) -> str:
    """A row's shown category: the override's when there is one."""
    override = row.get("override") or {}
    if override.get("category"):
        return str(override["category"])
    assessment = row.get("assessment")
    return str(getattr(assessment, "category", None) or "not_enough_data")


def _changed_since_issued(rows: list[dict[str, Any]]) -> set[str]:
    """Targets whose category or latest value differs from the newest issued report's."""
    last = reports_core_issued()[:1]
    if not last:
        return set()
    data = reports_core.issued_data(get_store(), last[0]["year"], last[0]["revision"])
    before = {t.get("id"): t for t in data.get("targets", [])}
    out = set()
    for row in rows:
        target = row.get("target", row)
        old = before.get(target["id"])
        if old is None or _fingerprint(old) != _fingerprint_row(row):
            out.add(target["id"])
    return out


def _points(rows: Any) -> tuple[tuple[Any, Any], ...]:
    return tuple((r.get("year"), r.get("value")) for r in rows or [])


def _fingerprint(snapshot_row: dict[str, Any]) -> tuple[Any, ...]:
    """What a reader compares in an issued report's target: category, baseline, values."""
    base = snapshot_row.get("baseline") or {}
    series = _points(snapshot_row.get("series"))
    return (snapshot_row.get("category"), base.get("year"), base.get("value"), series)


def _fingerprint_row(row: dict[str, Any]) -> tuple[Any, ...]:
    """The same of a live target row (values of later years count as changes)."""
    base = row.get("baseline") or {}
    if base.get("value") is None:
        base = {}
    series = _points(row.get("series"))
    return (_category(row), base.get("year"), base.get("value"), series)


@bp.app_template_global()
def category_label(category: str | None) -> str:
    """An on-track category in the page's language."""
    return translate(f"cat_{category or 'not_enough_data'}")


@bp.app_template_global()
def shown_category(row: dict[str, Any]) -> str:
    """The category a target row shows (an override wins)."""
    return _category(row)
