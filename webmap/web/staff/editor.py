"""Editing on the map: the page, its JSON endpoints (features incl. unlocated ones, one
feature's form values, create, move / edit, record a status) and bulk status updates.

The JSON endpoints live under ``/api/staff`` so errors come back as JSON
``{error, message, status}`` in the request's language; the page's script sends the CSRF
token in the ``X-CSRFToken`` header.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, render_template, request, url_for

from webmap.core import staff as service
from webmap.domain import STATUSES
from webmap.errors import BadRequest, GreenMapError, NotFound
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.i18n import CATALOGUE, current_language
from webmap.web.staff.common import actor, base_map, bp, find_layer, message, route

#: Geoman's drawing tools for each geometry type of a layer (``draw`` is Geoman's shape).
DRAW_TOOLS = {
    "Point": ["Marker"],
    "LineString": ["Line"],
    "Polygon": ["Polygon", "Rectangle"],
}
#: The attributes the feature form edits, in the form's order (core validates them).
EDIT_FIELDS = ("name_vi", "name_en", "capacity_mw", "area_ha", "tasks", "precision_note", "note")
#: Interface strings the editing page's scripts use (prefix ``ed_``, and the statuses).
_SCRIPT_PREFIXES = ("ed_", "status_", "precision_")


def _layer(layer_id: str) -> Any:
    layer = find_layer(layer_id)
    if layer is None:
        raise NotFound(f"Không có lớp {layer_id} để sửa.", f"No editable layer {layer_id}.")
    return layer


def _editor_config(layer: Any) -> dict[str, Any]:
    lang = current_language()
    return {
        "lang": lang,
        "layer": layer.id,
        "geometryType": layer.geometry_type,
        "draw": DRAW_TOOLS.get(layer.geometry_type, []),
        **base_map(service.editable_layers(get_store())),
        "style": layer.style,
        "routes": {
            "features": url_for("staff.editor_features", layer_id=layer.id),
            "create": url_for("staff.create_feature", layer_id=layer.id),
            "edit": route("staff.edit_feature", key="key"),
            "status": route("staff.record_status", key="key"),
            "sitePage": route("sites.site_page", key="key"),
        },
        "fields": list(EDIT_FIELDS),
        "strings": {k: v[lang] for k, v in CATALOGUE.items() if k.startswith(_SCRIPT_PREFIXES)},
    }


@bp.get("/staff/edit/<layer_id>")
@role_required("editor")
def edit_map(layer_id: str) -> str:
    """The editing map: draw / move geometries, place unlocated features, edit, statuses."""
    layer = _layer(layer_id)
    return render_template(
        "staff/edit.html",
        layer=layer,
        config=_editor_config(layer),
        statuses=STATUSES,
        fields=EDIT_FIELDS,
        draw=DRAW_TOOLS.get(layer.geometry_type, []),
        today=date.today().isoformat(),
    )


@bp.get("/api/staff/layers/<layer_id>/features")
@role_required("editor")
def editor_features(layer_id: str) -> Any:
    """Every feature of the layer as GeoJSON, the unlocated ones with a null geometry."""
    return jsonify(service.editor_features(get_store(), layer_id))


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("Cần dữ liệu JSON (một đối tượng).", "Expected a JSON object.")
    return body


def _fields(body: dict[str, Any]) -> dict[str, str] | None:
    fields = body.get("fields")
    if fields is None:
        return None
    if not isinstance(fields, dict):
        raise BadRequest("“fields” phải là một đối tượng.", "“fields” must be an object.")
    return {str(k): "" if v is None else str(v) for k, v in fields.items()}


def _geometry(body: dict[str, Any]) -> dict[str, Any] | None:
    geometry = body.get("geometry")
    if geometry is not None and not isinstance(geometry, dict):
        raise BadRequest("“geometry” phải là GeoJSON.", "“geometry” must be GeoJSON.")
    return geometry


@bp.post("/api/staff/layers/<layer_id>/features")
@role_required("editor")
def create_feature(layer_id: str) -> Any:
    """A new feature drawn on the map: ``{fields, geometry, source, licence}``."""
    body = _json_body()
    key = service.create_feature(
        get_store(),
        layer_id,
        fields=_fields(body) or {},
        geometry=_geometry(body),
        source=str(body.get("source") or ""),
        licence=str(body.get("licence") or ""),
        by=actor(),
    )
    return jsonify({"key": key}), 201


@bp.post("/api/staff/features/<key>")
@role_required("editor")
def edit_feature(key: str) -> Any:
    """New attributes and / or a new geometry for one feature: one new layer version."""
    body = _json_body()
    fields, geometry = _fields(body), _geometry(body)
    if fields is None and geometry is None:
        raise BadRequest("Không có gì để lưu.", "Nothing to save.")
    version = service.edit_feature(get_store(), key, fields=fields, geometry=geometry, by=actor())
    return jsonify({"key": key, "version": version})


def _status_values() -> dict[str, str]:
    """The status form's fields, sent as JSON (the editing map) or as a form."""
    source: Any = _json_body() if request.is_json else request.form
    return {
        name: str(source.get(name) or "").strip() for name in ("status", "date", "note", "source")
    }


@bp.post("/api/staff/features/<key>/status")
@role_required("editor")
def record_status(key: str) -> Any:
    """Add a dated status to a feature's history (JSON or a form)."""
    values = _status_values()
    service.record_status(
        get_store(),
        key,
        status=values["status"],
        date_text=values["date"],
        note=values["note"],
        source=values["source"],
        by=actor(),
    )
    return jsonify({"key": key, "status": values["status"]}), 201


# -- bulk statuses ----------------------------------------------------------------------------


def _bulk_page(status: int = 200, **values: Any) -> Any:
    values.setdefault("result", None)
    values.setdefault("form", request.form)
    return render_template("staff/statuses.html", **values), status


def _bulk_file() -> tuple[str, bytes]:
    """The uploaded file's name and bytes, refused above the upload limit."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise BadRequest("Hãy chọn một tệp.", "Choose a file.")
    limit = service.upload_limits().max_upload_bytes
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        megabytes = limit // 2**20
        raise BadRequest(
            f"Tệp lớn hơn giới hạn {megabytes} MB.",
            f"The file is larger than the {megabytes} MB limit.",
        )
    return upload.filename, data


@bp.route("/staff/statuses", methods=["GET", "POST"])
@role_required("editor")
def bulk_statuses() -> Any:
    """Upload a CSV/XLSX of statuses: check it (report per row), then apply it (all or none)."""
    if request.method == "GET":
        return _bulk_page()
    apply = request.form.get("apply") == "1"
    try:
        filename, data = _bulk_file()
        result = service.bulk_statuses(
            get_store(),
            filename,
            data,
            source=request.form.get("source", "").strip(),
            by=actor(),
            apply=apply,
        )
    except GreenMapError as error:
        if error.status >= 500:
            raise
        return _bulk_page(error.status, error=message(error))
    return _bulk_page(422 if result.errors else 200, result=result)
