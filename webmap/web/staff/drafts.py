"""A staged draft: what publishing it would change (counts, map, old → new table); publish or
discard it. Readers see nothing of a draft until an editor publishes it."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for

from webmap.core import staff as service
from webmap.errors import BadRequest, Conflict
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.i18n import translate
from webmap.web.staff.common import actor, base_map, bp, message

#: Rows of the change table per page.
PAGE_ROWS = 200


def _offset() -> int:
    try:
        offset = int(request.args.get("offset", "0"))
    except ValueError:
        offset = -1
    if offset < 0:
        raise BadRequest("Vị trí trang không hợp lệ.", "Invalid page offset.")
    return offset


def _draft_page(draft_id: int, conflict: str | None = None, status: int = 200) -> Any:
    preview = service.preview(get_store(), draft_id, limit=PAGE_ROWS, offset=_offset())
    config = {
        **base_map(service.editable_layers(get_store())),
        "data": url_for("staff.draft_geojson", draft_id=draft_id),
        "strings": {
            k: translate(k) for k in ("st_added", "st_changed", "st_removed", "st_old_location")
        },
    }
    page = render_template(
        "staff/draft.html",
        preview=preview,
        draft=preview.draft,
        conflict=conflict,
        map_config=config,
        page_rows=PAGE_ROWS,
    )
    return page, status


@bp.get("/staff/drafts/<int:draft_id>")
@role_required("editor")
def draft(draft_id: int) -> Any:
    """Counts, a map of the changes and the table of old → new values; publish / discard."""
    return _draft_page(draft_id)


@bp.get("/staff/drafts/<int:draft_id>/changes.geojson")
@role_required("editor")
def draft_geojson(draft_id: int) -> Any:
    """The draft's added, changed (with the old geometry) and removed features."""
    return jsonify(service.preview_geojson(get_store(), draft_id))


@bp.post("/staff/drafts/<int:draft_id>/publish")
@role_required("editor")
def publish(draft_id: int) -> Any:
    """Publish as the layer's next version; a layer that moved on gives the 409 page."""
    try:
        result = service.publish(get_store(), draft_id, by=actor())
    except Conflict as error:
        return _draft_page(draft_id, conflict=message(error), status=409)
    if result.created:
        flash(translate("st_published").format(version=result.version), "success")
    else:
        flash(translate("st_published_nothing"), "info")
    return redirect(url_for("staff.versions", layer_id=result.layer_id), code=303)


@bp.post("/staff/drafts/<int:draft_id>/discard")
@role_required("editor")
def discard(draft_id: int) -> Any:
    """Throw the draft away; nothing published changes."""
    service.discard(get_store(), draft_id, by=actor())
    flash(translate("st_discarded"), "info")
    return redirect(url_for("staff.dashboard"), code=303)
