"""Upload → inspect → map columns → validate: the first half of an officer's file's way in.

``POST /staff/upload`` answers a script (the drop zone's XMLHttpRequest) with JSON
``{"next": url}`` and a form with a redirect; errors come back as JSON ``{error, message}``
for the script and as the upload page with the message for the form, always with a 4xx.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from webmap.core import staff as service
from webmap.errors import BadRequest, GreenMapError
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.formatting import bilingual
from webmap.web.i18n import pick, translate
from webmap.web.staff.common import actor, bp, find_layer, is_admin, message, wants_json

#: Encodings an officer may force (``auto`` detects TCVN3 / VNI / Windows-1258).
ENCODINGS = ("auto", "utf-8", "tcvn3", "vni", "cp1258")
#: Value of the CRS select that shows the free EPSG / WKT field.
CUSTOM_CRS = "custom"
#: What a flash message may carry of a report that did not block (the rest is counted).
FLASHED_ISSUES = 8


# -- the upload page and the file itself ------------------------------------------------------


def _upload_page(error: str | None = None, status: int = 200, layer: str = "") -> Any:
    limits = service.upload_limits()
    page = render_template(
        "staff/upload.html",
        layers=service.editable_layers(get_store()),
        chosen=layer or request.args.get("layer", ""),
        accepted=service.ACCEPTED,
        max_bytes=limits.max_upload_bytes,
        max_features=limits.max_features,
        error=error,
    )
    return page, status


@bp.get("/staff/upload")
@role_required("editor")
def upload_form() -> Any:
    """The layer select and the drop zone."""
    return _upload_page()


def _too_large() -> BadRequest:
    megabytes = service.upload_limits().max_upload_bytes // 2**20
    error = BadRequest(
        f"Tệp lớn hơn giới hạn {megabytes} MB.",
        f"The file is larger than the {megabytes} MB limit.",
    )
    error.status = 413
    return error


def _receive() -> Any:
    """Check the request, then hand the file to core (which reads it in bounded blocks)."""
    limit = service.upload_limits().max_upload_bytes
    if request.content_length is not None and request.content_length > limit + 2**20:
        raise _too_large()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge as exc:
        raise _too_large() from exc
    layer = request.form.get("layer", "").strip()
    if not layer:
        raise BadRequest("Hãy chọn lớp bản đồ nhận tệp.", "Choose the layer the file is for.")
    if upload is None or not upload.filename:
        raise BadRequest("Hãy chọn một tệp.", "Choose a file.")
    stream = cast(BinaryIO, upload.stream)
    return service.receive_upload(get_store(), layer, upload.filename, stream, by=actor())


@bp.post("/staff/upload")
@role_required("editor")
def upload() -> Any:
    """Keep the file and go on to its mapping page."""
    try:
        ref = _receive()
    except GreenMapError as error:
        if wants_json():
            raise
        return _upload_page(message(error), error.status, request.form.get("layer", ""))
    target = url_for("staff.mapping", token=ref.token)
    if wants_json():
        return jsonify({"next": target, "token": ref.token})
    return redirect(target, code=303)


# -- the mapping page -----------------------------------------------------------------------


def _options(values: Any) -> Any:
    """ReadOptions from a query string or a form (empty fields mean "from the file")."""

    def text(name: str) -> str | None:
        return (values.get(name) or "").strip() or None

    encoding = text("encoding") or "auto"
    if encoding not in ENCODINGS:
        raise BadRequest("Bảng mã không hợp lệ.", "Unknown text encoding.")
    crs = text("crs")
    if crs == CUSTOM_CRS:
        crs = text("crs_custom")
    return service.ReadOptions(
        sublayer=text("sublayer"),
        crs=crs,
        encoding=encoding,
        lon=text("lon"),
        lat=text("lat"),
        wkt=text("wkt"),
    )


def _chosen_upload(token: str) -> Any:
    """The upload, inspected again when the query asks for another sublayer or encoding."""
    if request.args.get("sublayer") or request.args.get("encoding"):
        return service.reinspect(token, _options(request.args), by=actor(), admin=is_admin())
    return service.get_upload(token, by=actor(), admin=is_admin())


def _matches(store: Any, ref: Any, mapping: dict[str, str | None]) -> list[Any]:
    """Rows whose name matches an existing feature; none while the file cannot be read yet
    (no coordinate system chosen: the page asks for one)."""
    try:
        return list(service.name_matches(store, ref, mapping))
    except GreenMapError as error:
        if error.status >= 500:
            raise
        return []


def _mapping_page(ref: Any, **extra: Any) -> str:
    """The mapping page; ``extra`` carries the submitted form and the report on a 422."""
    store = get_store()
    choices = service.mapping_choices(store, ref)
    mapping = extra.pop("mapping", None) or {c.target: c.column for c in choices}
    return render_template(
        "staff/mapping.html",
        ref=ref,
        info=ref.info,
        layer=find_layer(ref.layer_id),
        choices=choices,
        mapping=mapping,
        matches=_matches(store, ref, mapping),
        presets=service.CRS_PRESETS,
        encodings=ENCODINGS,
        custom_crs=CUSTOM_CRS,
        form=extra.pop("form", {}),
        **extra,
    )


@bp.get("/staff/uploads/<token>")
@role_required("editor")
def mapping(token: str) -> str:
    """The file's facts, its first rows, and the choices: CRS, columns, mode, provenance."""
    return _mapping_page(_chosen_upload(token))


def _request(token: str) -> tuple[Any, dict[str, str | None]]:
    form = request.form
    mapping = {t: (form.get(f"map_{t}") or None) for t in service.FIELD_TARGETS}
    provenance = service.Provenance(
        source=form.get("source", "").strip(),
        licence=form.get("licence", "").strip(),
        attribution=form.get("attribution", "").strip(),
    )
    built = service.ImportRequest(
        token=token,
        options=_options(form),
        mapping=mapping,
        provenance=provenance,
        mode=form.get("mode", "merge"),
        match_names=form.get("match_names") == "1",
    )
    return built, mapping


def _flash_report(prepared: Any) -> None:
    """What did not block (notes, warnings) travels to the draft page in the session, in the
    page's language and once (a note and its per-file issue say the same thing)."""
    notes = list(dict.fromkeys(bilingual(note) for note in prepared.notes))
    for note in notes:
        flash(note, "info")
    lines = [(pick(i.message_vi, i.message_en), i.level) for i in prepared.issues]
    lines = [(text, level) for text, level in lines if level != "error" and text not in notes]
    for text, level in lines[:FLASHED_ISSUES]:
        flash(text, level)
    hidden = len(lines) - FLASHED_ISSUES
    if hidden > 0:
        flash(translate("st_report_more").format(n=hidden), "info")


@bp.post("/staff/uploads/<token>")
@role_required("editor")
def prepare(token: str) -> Any:
    """Validate with the editor's choices; errors re-render the page (422), else a draft."""
    ref = service.get_upload(token, by=actor(), admin=is_admin())
    built, mapping = _request(token)
    try:
        prepared = service.prepare_import(get_store(), built, by=actor(), admin=is_admin())
    except GreenMapError as error:
        if error.status >= 500:
            raise
        page = _mapping_page(ref, mapping=mapping, form=request.form, error=message(error))
        return page, error.status
    if prepared.draft_id is None:
        page = _mapping_page(ref, mapping=mapping, form=request.form, prepared=prepared)
        return page, 422
    _flash_report(prepared)
    return redirect(url_for("staff.draft", draft_id=prepared.draft_id), code=303)
