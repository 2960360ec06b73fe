"""The staff home, the audit log (filters, keyset pages, CSV) and layer versions (restore)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for

from webmap.core import staff as service
from webmap.errors import BadRequest
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.i18n import translate
from webmap.web.staff.common import actor, bp, find_layer, is_admin, language

_FILTER_NAMES = ("user", "layer", "action", "since", "until")


@bp.get("/staff/")
@role_required("editor")
def dashboard() -> str:
    """Every vector layer with its counts (unlocated first to catch the eye) and open drafts."""
    store = get_store()
    return render_template(
        "staff/dashboard.html",
        layers=service.editable_layers(store),
        drafts=service.open_drafts(store),
    )


# -- audit ------------------------------------------------------------------------------------


def _day(name: str) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"Ngày không hợp lệ: {text} (cần dạng YYYY-MM-DD).",
            f"Invalid date: {text} (expected YYYY-MM-DD).",
        ) from None


def _audit_filter() -> Any:
    def text(name: str) -> str | None:
        return request.args.get(name, "").strip() or None

    return service.AuditFilter(
        actor=text("user"),
        layer=text("layer"),
        action=text("action"),
        since=_day("since"),
        until=_day("until"),
    )


def _before() -> int | None:
    text = request.args.get("before", "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadRequest("Trang không hợp lệ.", "Invalid page.")
    return int(text)


def _filter_args() -> dict[str, str]:
    return {n: v for n in _FILTER_NAMES if (v := request.args.get(n, "").strip())}


@bp.get("/staff/audit")
@role_required("editor")
def audit() -> str:
    """Who did what and when, newest first, filtered; "older" pages by id (keyset)."""
    flt = _audit_filter()
    entries, older = service.audit_page(get_store(), flt, before_id=_before())
    return render_template(
        "staff/audit.html",
        entries=entries,
        older=older,
        args=_filter_args(),
        actions=list(service.ACTIONS),
        action_label=lambda action: service.action_label(action, language()),
        summary=service.summary,
        layers=service.editable_layers(get_store()),
        paged=bool(request.args.get("before")),
    )


@bp.get("/staff/audit.csv")
@role_required("editor")
def audit_csv() -> Response:
    """The filtered audit log as CSV (UTF-8 with a BOM, formulas neutralised)."""
    body = service.audit_csv(get_store(), _audit_filter())
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="greenmap-audit.csv"'},
    )


# -- versions and restore ---------------------------------------------------------------------


@bp.get("/staff/layers/<layer_id>/versions")
@role_required("editor")
def versions(layer_id: str) -> str:
    """The layer's versions, newest first; an admin may restore an earlier one."""
    rows = service.layer_versions(get_store(), layer_id)
    return render_template(
        "staff/versions.html",
        layer=find_layer(layer_id),
        layer_id=layer_id,
        versions=rows,
        can_restore=is_admin(),
        confirm=request.args.get("restore", type=int),
    )


@bp.post("/staff/layers/<layer_id>/versions/<int:version>/restore")
@role_required("admin")
def restore(layer_id: str, version: int) -> Any:
    """Publish an earlier version again as the newest one (nothing is deleted)."""
    if request.form.get("confirm") != "1":
        return redirect(url_for("staff.versions", layer_id=layer_id, restore=version), code=303)
    result = service.restore(get_store(), layer_id, version, by=actor())
    flash(translate("st_restored").format(old=version, version=result.version), "success")
    return redirect(url_for("staff.versions", layer_id=layer_id), code=303)
