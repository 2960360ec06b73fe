"""Plan progress in the staff area: task progress (list, one task's form and history),
target values (series, value and baseline form, override with a reason, bulk import),
and, for admins, group weights, editors' agencies and issuing the yearly report.

Thin like every staff view: parse the form, call :mod:`webmap.core.progress`,
:mod:`webmap.core.targets` or :mod:`webmap.core.reports`, render. A refused form is shown
again with its values and the message in the user's language, with the error's 4xx status;
nothing is stored (core validates everything before it writes).
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for

from webmap.core import evidence as evidence_core
from webmap.core import plan as plan_core
from webmap.core import progress as progress_core
from webmap.core import reports as reports_core
from webmap.core import targets as targets_core
from webmap.errors import BadRequest, GreenMapError
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.i18n import translate
from webmap.web.reports import agencies_of
from webmap.web.staff.common import actor, bp, message

#: The plan's years: what a reporting year may be.
FIRST_YEAR, LAST_YEAR = 2023, 2030
#: Largest bulk import file the form takes (CSV/XLSX of 24 targets × a few years).
MAX_IMPORT_BYTES = 2 * 2**20


def reporting_year() -> int:
    """The year being reported on by default: the report whose period (15 November to
    14 November) holds today, within the plan period."""
    return min(max(progress_core.report_year(date.today()), FIRST_YEAR), LAST_YEAR)


def _year_arg(name: str = "year") -> int:
    """A year from the query string (the plan period only), or the reporting year."""
    text = request.args.get(name, "").strip()
    if not text:
        return reporting_year()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadRequest(
            f"Năm không hợp lệ: {text} (cần từ {FIRST_YEAR} đến {LAST_YEAR}).",
            f"Invalid year: {text} (expected {FIRST_YEAR} to {LAST_YEAR}).",
        )
    return int(text)


def _refused(error: GreenMapError) -> None:
    """Let a server-side error propagate; a user's error is shown on the page."""
    if error.status >= 500:
        raise error


def _my_agencies() -> list[str]:
    """The agencies the signed-in editor may report for ([] = every agency)."""
    return list(get_store().user_agencies(actor()))


# -- task progress --------------------------------------------------------------------------


def _progress_list(error: str | None = None, status: int = 200) -> Any:
    store = get_store()
    year = _year_arg()
    agency = request.args.get("agency", "").strip()
    missing = request.args.get("missing") == "1"
    unreported = progress_core.not_reported(store, year)
    page = render_template(
        "staff/progress.html",
        groups=progress_core.group_progress(store, agency=agency or None),
        year=year,
        years=range(FIRST_YEAR, LAST_YEAR + 1),
        agency=agency,
        missing=missing,
        agencies=agencies_of(progress_core.group_progress(store)),
        unreported=_by_agency(unreported),
        unreported_codes={task["code"] for task in unreported},
        mine=_my_agencies(),
        error=error,
    )
    return page, status


def _by_agency(unreported: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Task codes not reported, by their lead agency ("" when none is known), in order."""
    out: dict[str, list[str]] = {}
    for task in unreported:
        out.setdefault(task.get("lead_agency") or "", []).append(task["code"])
    return out


def _kept_files() -> list[dict[str, Any]]:
    """Keep the form's evidence files (core checks kind, content and size); their items.
    A file kept for an entry that is then refused is harmless: it is content-addressed."""
    sent = [f for f in request.files.getlist("evidence_file") if f.filename]
    return [evidence_core.keep_evidence(f.stream, f.filename or "", by=actor()) for f in sent]


def _record(code: str) -> int:
    """Store one progress entry from the form (core checks the editor's agencies)."""
    form = {name: request.form.get(name, "") for name in request.form if name != "csrf_token"}
    form["evidence_files"] = _kept_files()  # type: ignore[assignment]
    form["evidence"] = request.form.getlist("evidence_url")  # type: ignore[assignment]
    form["evidence_label"] = request.form.getlist("evidence_label")  # type: ignore[assignment]
    form["partner_agencies"] = request.form.get("partner_agencies", "")
    return int(
        progress_core.record_task_progress(
            get_store(), code, form, by=actor(), agencies=_my_agencies()
        )
    )


@bp.route("/staff/progress", methods=["GET", "POST"])
@role_required("editor")
def progress() -> Any:
    """Every task by group with its current state; filters by agency and "not reported for
    YEAR". A POST (``code`` + the entry's fields) records an entry from the list."""
    if request.method == "POST":
        code = request.form.get("code", "").strip()
        try:
            _record(code)
        except GreenMapError as error:
            _refused(error)
            return _progress_list(message(error), error.status)
        flash(translate("pg_saved").format(code=code), "success")
        return redirect(url_for("staff.progress"), code=303)
    return _progress_list()


def _task_page(code: str, error: str | None = None, status: int = 200) -> Any:
    store = get_store()
    task = plan_core.get_task(store, code)
    history = progress_core.task_progress_history(store, code)
    page = render_template(
        "staff/progress_task.html",
        task=task,
        history=history,
        current=history[0] if history else None,
        statuses=progress_core.STATUSES,
        form=request.form if request.method == "POST" else {},
        error=error,
        mine=_my_agencies(),
        sites=plan_core.status_breakdown(store, code),
        year=reporting_year(),
    )
    return page, status


@bp.route("/staff/progress/<code>", methods=["GET", "POST"])
@role_required("editor")
def task_progress(code: str) -> Any:
    """One task: the progress form (status, percent, agencies, results, obstacles,
    proposals, evidence, date) and the task's history, newest first."""
    if request.method == "POST":
        plan_core.get_task(get_store(), code)
        try:
            _record(code)
        except GreenMapError as error:
            _refused(error)
            return _task_page(code, message(error), error.status)
        flash(translate("pg_saved").format(code=code), "success")
        return redirect(url_for("staff.task_progress", code=code), code=303)
    return _task_page(code)


# -- targets --------------------------------------------------------------------------------


def _targets_page(error: str | None = None, status: int = 200, **extra: Any) -> Any:
    page = render_template(
        "staff/targets.html",
        rows=targets_core.target_table(get_store()),
        categories=_categories(),
        form=request.form if request.method == "POST" else {},
        error=error,
        year=reporting_year(),
        **extra,
    )
    return page, status


def _categories() -> tuple[str, ...]:
    from webmap.core.ontrack import CATEGORIES

    return tuple(CATEGORIES)


def _upload() -> tuple[str, bytes]:
    """The import file: from the form's file field, or carried from the check step."""
    sent = request.files.get("file")
    if sent is not None and sent.filename:
        data = sent.read(MAX_IMPORT_BYTES + 1)
        name = sent.filename
    else:
        name = request.form.get("filename", "")
        try:
            data = base64.b64decode(request.form.get("payload", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    if not data:
        raise BadRequest("Chưa chọn tệp CSV hoặc XLSX.", "No CSV or XLSX file chosen.")
    if len(data) > MAX_IMPORT_BYTES:
        raise BadRequest("Tệp quá lớn (tối đa 2 MB).", "The file is too large (2 MB at most).")
    return name, data


def _import(apply: bool) -> Any:
    name, data = _upload()
    report = targets_core.import_target_values(get_store(), name, data, by=actor(), apply=apply)
    if apply and _ok(report):
        flash(translate("tg_imported").format(n=_count(report)), "success")
        return redirect(url_for("staff.targets"), code=303)
    payload = base64.b64encode(data).decode("ascii") if _ok(report) else ""
    status = 200 if _ok(report) else 422
    return _targets_page(
        None, status, report=report, filename=name, payload=payload, checked=not apply
    )


def _ok(report: Any) -> bool:
    """True when an import report has no error."""
    if isinstance(report, dict):
        return bool(report.get("ok", not report.get("errors")))
    return bool(getattr(report, "ok", not getattr(report, "errors", None)))


def _count(report: Any) -> int:
    rows = report.get("rows") if isinstance(report, dict) else getattr(report, "rows", None)
    if isinstance(rows, int):
        return rows
    return len(rows or [])


def _target_action(action: str) -> Any:
    """Run one of the targets page's forms; a redirect when it is stored."""
    form = request.form
    target_id = form.get("target_id", "").strip()
    if action == "value":
        fields = {n: form.get(n, "") for n in form if n != "csrf_token"}
        targets_core.record_target_value(get_store(), target_id, fields, by=actor())
        flash(translate("tg_value_saved").format(id=target_id), "success")
    elif action == "override":
        targets_core.override(
            get_store(),
            target_id,
            form.get("category", ""),
            form.get("reason", ""),
            by=actor(),
        )
        flash(translate("tg_override_saved").format(id=target_id), "success")
    elif action in ("import_check", "import_apply"):
        return _import(apply=action == "import_apply")
    else:
        raise BadRequest("Thao tác không hợp lệ.", "Unknown action.")
    return redirect(url_for("staff.targets") + f"#target-{target_id}", code=303)


@bp.route("/staff/targets", methods=["GET", "POST"])
@role_required("editor")
def targets() -> Any:
    """The 24 targets with their series and category; forms to add a value or baseline,
    override the category (reason required) and import values from CSV/XLSX (check first,
    then apply)."""
    if request.method == "POST":
        try:
            return _target_action(request.form.get("action", ""))
        except GreenMapError as error:
            _refused(error)
            return _targets_page(message(error), error.status)
    return _targets_page()


# -- admin: weights, agencies, issuing --------------------------------------------------------


def _weights_form(group: int) -> dict[str, str]:
    prefix = "weight_"
    return {
        name[len(prefix) :]: value.strip()
        for name, value in request.form.items()
        if name.startswith(prefix)
    }


@bp.post("/staff/plan/weights/<int:group>")
@role_required("admin")
def group_weights(group: int) -> Any:
    """Set the weights of a group's tasks (blank everywhere = equal weights)."""
    try:
        progress_core.set_weights(get_store(), group, _weights_form(group), by=actor())
    except GreenMapError as error:
        _refused(error)
        return _settings_page(message(error), error.status)
    flash(translate("pg_weights_saved").format(group=group), "success")
    return redirect(url_for("staff.progress_settings") + f"#weights-{group}", code=303)


def _agency_list(text: str) -> list[str]:
    """Agencies typed one per line (or separated by ``;``), trimmed, without repeats."""
    names = [part.strip() for line in text.splitlines() for part in line.split(";")]
    return list(dict.fromkeys(n for n in names if n))


@bp.post("/staff/users/<username>/agencies")
@role_required("admin")
def users_agencies(username: str) -> Any:
    """Limit an editor to the tasks of named agencies (none = every task)."""
    agencies = _agency_list(request.form.get("agencies", ""))
    try:
        progress_core.set_user_agencies(get_store(), username, agencies, by=actor())
    except GreenMapError as error:
        _refused(error)
        return _settings_page(message(error), error.status)
    flash(translate("pg_agencies_saved").format(name=username), "success")
    return redirect(url_for("staff.progress_settings") + "#agencies", code=303)


def _settings_page(error: str | None = None, status: int = 200) -> Any:
    from webmap.core.users import list_users

    store = get_store()
    accounts = [
        {"user": user, "agencies": store.user_agencies(user["username"])}
        for user in list_users(store)
    ]
    groups = [
        {**group, "weights": store.group_weights(group["number"])}
        for group in plan_core.list_groups(store)
    ]
    page = render_template(
        "staff/progress_settings.html", accounts=accounts, groups=groups, error=error
    )
    return page, status


@bp.get("/staff/progress/settings")
@role_required("admin")
def progress_settings() -> Any:
    """Admins: each group's task weights and each account's agencies."""
    return _settings_page()


@bp.post("/staff/reports/<int:year>/issue")
@role_required("admin")
def issue_report(year: int) -> Any:
    """Freeze the year's report as a new numbered revision."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadRequest(
            f"Năm không hợp lệ: {year} (cần từ {FIRST_YEAR} đến {LAST_YEAR}).",
            f"Invalid year: {year} (expected {FIRST_YEAR} to {LAST_YEAR}).",
        )
    issued = reports_core.issue(get_store(), year, by=actor())
    revision = issued["revision"]
    flash(translate("rp_issued_flash").format(year=year, revision=revision), "success")
    return redirect(url_for("reports.report_page", year=year, revision=revision), code=303)
