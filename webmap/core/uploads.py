"""An officer's file, from upload to a staged draft: receive → inspect → map columns → prepare.

Uploaded files live in a private folder under ``GREENMAP_DATA_PATH/uploads/<token>/`` (mode
0700) with a small ``upload.json`` beside them; the token is random and is the only handle the
browser gets. Nothing reaches the published layer here: :func:`prepare_import` stages a draft
that an editor previews and publishes (see :mod:`webmap.core.drafts_view`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd

from etl.admin import AdminData, load_admin
from etl.steps import spatial_districts
from etl.uploads import (
    FIELD_TARGETS,
    Limits,
    Provenance,
    ReadOptions,
    RowIssue,
    SourceInfo,
    guess_mapping,
    inspect,
    read_rows,
    to_features,
)
from webmap.domain import Feature, Layer, fold
from webmap.domain.bundled import bundled_dir
from webmap.domain.text import clean_filename
from webmap.errors import BadRequest, NotFound
from webmap.settings import load_settings
from webmap.store import FeatureFilter, Store

#: File name endings an officer may upload, in the order the upload page lists them.
ACCEPTED = (".zip", ".geojson", ".json", ".gpkg", ".kml", ".kmz", ".csv", ".xlsx")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_META = "upload.json"

#: Labels of the fields a file's columns map to (vi, en), in FIELD_TARGETS order.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "key": ("Mã đối tượng", "Feature id"),
    "name_vi": ("Tên (tiếng Việt)", "Name (Vietnamese)"),
    "name_en": ("Tên (tiếng Anh)", "Name (English)"),
    "status": ("Trạng thái", "Status"),
    "status_date": ("Ngày trạng thái", "Status date"),
    "status_note": ("Ghi chú trạng thái", "Status note"),
    "status_source": ("Nguồn trạng thái", "Status source"),
    "capacity_mw": ("Công suất (MW)", "Capacity (MW)"),
    "area_ha": ("Diện tích (ha)", "Area (ha)"),
    "tasks": ("Nhiệm vụ Kế hoạch", "Plan tasks"),
    "district_name": ("Huyện", "District"),
    "commune_name": ("Xã", "Commune"),
    "precision_note": ("Ghi chú vị trí", "Location note"),
    "note": ("Ghi chú", "Note"),
}


@dataclass
class UploadRef:
    """An uploaded file waiting in its private folder."""

    token: str
    layer_id: str
    filename: str
    size: int
    uploaded_by: str
    uploaded_at: str
    info: SourceInfo
    options: ReadOptions = field(default_factory=ReadOptions)

    @property
    def path(self) -> Path:
        """The stored file."""
        return _folder(self.token) / self.filename


@dataclass
class FieldChoice:
    """One field of the layer and the file column pre-selected for it."""

    target: str
    label_vi: str
    label_en: str
    column: str | None
    required: bool


@dataclass
class ImportRequest:
    """What the editor chose on the mapping page."""

    token: str
    options: ReadOptions
    mapping: dict[str, str | None]
    provenance: Provenance
    mode: str = "merge"
    match_names: bool = False


@dataclass
class Prepared:
    """The validation report of a file and, when it has no error, the draft it was staged as."""

    issues: list[RowIssue]
    errors: int
    warnings: int
    draft_id: int | None
    notes: list[str]


# -- the upload folder -------------------------------------------------------------------


def upload_limits() -> Limits:
    """The limits of the settings (``GREENMAP_MAX_UPLOAD_MB``); the other limits are fixed."""
    megabytes = int(load_settings().get("MAX_UPLOAD_MB", 50))
    return Limits(max_upload_bytes=megabytes * 2**20)


def _root() -> Path:
    return Path(load_settings()["DATA_PATH"]) / "uploads"


def _folder(token: str) -> Path:
    if not _TOKEN.match(token or ""):
        raise NotFound("Không có tệp tải lên này.", "No such upload.")
    return _root() / token


def _clean_name(filename: str) -> str:
    """The browser's file name for display (``upload`` when nothing is left of it)."""
    return clean_filename(filename) or "upload"


def _check_extension(filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED:
        raise BadRequest(
            f"Không nhận tệp “{filename}”: chỉ nhận {', '.join(ACCEPTED)}.",
            f"“{filename}” is not accepted: upload one of {', '.join(ACCEPTED)}.",
        )


def _copy_bounded(stream: BinaryIO, target: Path, limit: int) -> int:
    """Copy the upload to disk, stopping as soon as it passes ``limit`` bytes."""
    size = 0
    with target.open("wb") as out:
        for block in iter(lambda: stream.read(1 << 20), b""):
            size += len(block)
            if size > limit:
                error = BadRequest(
                    f"Tệp lớn hơn giới hạn {limit // 2**20} MB.",
                    f"The file is larger than the {limit // 2**20} MB limit.",
                )
                error.status = 413
                raise error
            out.write(block)
    if size == 0:
        raise BadRequest("Tệp rỗng.", "The file is empty.")
    return size


def _save_meta(ref: UploadRef) -> None:
    data = asdict(ref)
    (_folder(ref.token) / _META).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _load_meta(token: str) -> UploadRef:
    meta = _folder(token) / _META
    if not meta.is_file():
        raise NotFound("Không có tệp tải lên này (có thể đã hết hạn).", "No such upload.")
    data = json.loads(meta.read_text("utf-8"))
    data["info"] = SourceInfo(**data["info"])
    data["options"] = ReadOptions(**data.get("options") or {})
    return UploadRef(**data)


def receive_upload(
    store: Store, layer_id: str, filename: str, stream: BinaryIO, *, by: str
) -> UploadRef:
    """Keep an officer's file in a private folder and inspect it (nothing is stored in the DB).

    Raises:
        NotFound: for an unknown layer.
        BadRequest / DataError: for a file of the wrong kind, too large, unsafe or unreadable;
            the folder is removed again.
    """
    layer = store.get_layer(layer_id)
    if layer.raster is not None:
        raise BadRequest(
            f"Lớp {layer.title_vi} là ảnh raster: không nhận tệp vector.",
            f"Layer {layer.title_en} is a raster: it takes no vector file.",
        )
    name = _clean_name(filename)
    _check_extension(name)
    limits = upload_limits()
    token = secrets.token_urlsafe(18)
    folder = _folder(token)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.mkdir(mode=0o700)
    try:
        target = folder / name
        size = _copy_bounded(stream, target, limits.max_upload_bytes)
        info = inspect(target, limits=limits, options=ReadOptions(layer_id=layer_id))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    now = datetime.now(UTC).isoformat(timespec="seconds")
    ref = UploadRef(token, layer_id, name, size, by, now, info)
    _save_meta(ref)
    detail = {"file": name, "size": size, "format": info.format, "features": info.feature_count}
    store.log_event(by, "upload.receive", "layer", layer_id, detail)
    return ref


def get_upload(token: str, *, by: str, admin: bool = False) -> UploadRef:
    """An upload, for its uploader (or an admin) only: others get :class:`NotFound`."""
    ref = _load_meta(token)
    if ref.uploaded_by != by and not admin:
        raise NotFound("Không có tệp tải lên này.", "No such upload.")
    return ref


def reinspect(token: str, options: ReadOptions, *, by: str, admin: bool = False) -> UploadRef:
    """Inspect the file again with the sublayer, CRS or encoding the editor chose."""
    ref = get_upload(token, by=by, admin=admin)
    options = replace(options, layer_id=ref.layer_id)
    ref.info = inspect(ref.path, limits=upload_limits(), options=options)
    ref.options = options
    _save_meta(ref)
    return ref


def discard_upload(token: str, *, by: str, admin: bool = False) -> None:
    """Remove an upload's folder."""
    get_upload(token, by=by, admin=admin)
    shutil.rmtree(_folder(token), ignore_errors=True)


# -- column mapping -------------------------------------------------------------------


def mapping_choices(store: Store, ref: UploadRef) -> list[FieldChoice]:
    """Every field with the column pre-selected: the layer's remembered mapping, else a guess."""
    guessed = guess_mapping(ref.info.columns)
    remembered = store.get_upload_mapping(ref.layer_id) or {}
    columns = set(ref.info.columns)
    choices = []
    for target in FIELD_TARGETS:
        column = remembered.get(target)
        if column not in columns:
            column = guessed.get(target)
        vi, en = FIELD_LABELS.get(target, (target, target))
        choices.append(FieldChoice(target, vi, en, column, target == "name_vi"))
    return choices


def _unique_names(store: Store, layer_id: str) -> dict[str, tuple[str, str]]:
    """Folded name → (key, name) of the layer's features whose name is unique in the layer."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for feature in store.iter_features(FeatureFilter(layers=[layer_id])):
        seen.setdefault(fold(feature.name_vi), []).append((feature.key, feature.name_vi))
    return {name: found[0] for name, found in seen.items() if len(found) == 1 and name}


def _names_in_layer(store: Store, layer_id: str) -> dict[str, str]:
    """Folded name → key of the layer's features whose name is unique in the layer."""
    return {name: key for name, (key, _) in _unique_names(store, layer_id).items()}


def name_matches(
    store: Store,
    ref: UploadRef,
    mapping: dict[str, str | None],
    options: ReadOptions | None = None,
) -> list[tuple[int, str, str, str]]:
    """Rows without a key whose folded name matches one feature of the layer.

    Returns (row, name in the file, existing key, existing name), for the editor to confirm.
    ``options`` default to the upload's; a file whose CRS is still to be chosen is read as
    WGS 84 here, since only the names matter.
    """
    name_column = mapping.get("name_vi")
    if not name_column:
        return []
    options = replace(options or ref.options, layer_id=ref.layer_id)
    if not options.crs and not ref.info.crs:
        options = replace(options, crs="EPSG:4326")
    table = read_rows(ref.path, options, limits=upload_limits())
    by_name = _unique_names(store, ref.layer_id)
    key_column = mapping.get("key")
    found = []
    for number, row in enumerate(table.rows, start=1):
        if key_column and str(row.get(key_column) or "").strip():
            continue
        name = str(row.get(name_column) or "").strip()
        match = by_name.get(fold(name))
        if match is not None:
            found.append((number, name, *match))
    return found


# -- prepare: read, convert, validate, stage -------------------------------------------------


def _admin() -> AdminData:
    return load_admin(bundled_dir("layers") / "data")


def _place(features: list[Feature]) -> None:
    """Give located features the district they lie in (the plan's districts)."""
    admin = _admin()
    located = [f for f in features if f.geometry is not None and not f.district_code]
    if not located:
        return
    codes = spatial_districts(gpd.GeoSeries([f.geometry for f in located], crs=4326), admin)
    for feature, code in zip(located, codes, strict=True):
        if code:
            feature.district_code = code
            feature.district_name = admin.district_name(code)
            feature.districts = list(dict.fromkeys([code, *feature.districts]))


def _attributed(feature: Feature, provenance: Provenance) -> Feature:
    """The uploader's attribution, when given, goes with the source every page shows."""
    attribution = provenance.attribution.strip()
    if attribution and attribution not in feature.source:
        feature.source = f"{feature.source} ({attribution})"
    return feature


def _joined(new: str, old: str) -> str:
    return new if not old or old == new or old in new else f"{new}; {old}"


def _merge_into(existing: Feature, new: Feature, mapping: dict[str, str | None]) -> Feature:
    """An existing feature updated with what the file says: mapped fields, a geometry, a status.

    Fields the file does not map stay as they were; provenance names both sources.
    """
    merged = replace(existing, id=None, version=None, status=None, status_date=None)
    merged.status_date_precision = None
    if new.geometry is not None:
        merged.geometry = new.geometry
        merged.precision = new.precision
        merged.precision_note = new.precision_note
        merged.district_code, merged.district_name = new.district_code, new.district_name
        merged.districts = list(dict.fromkeys([*new.districts, *existing.districts]))
    if mapping.get("name_vi") and new.name_vi:
        merged.name_vi = new.name_vi
    if mapping.get("name_en") and new.name_en:
        merged.name_en = new.name_en
    merged.properties = {**existing.properties, **new.properties}
    merged.tasks = list(dict.fromkeys([*existing.tasks, *new.tasks]))
    merged.source = _joined(new.source, existing.source)
    merged.licence = _joined(new.licence, existing.licence)
    merged.last_verified = new.last_verified or existing.last_verified
    merged.status_history = list(new.status_history)
    return merged


def _with_existing(store: Store, layer_id: str, features: list[Feature], mapping: dict) -> list:
    """Rows whose key is already in the layer update that feature instead of replacing it."""
    keys = [f.key for f in features]
    existing = {
        f.key: f
        for f in store.iter_features(FeatureFilter(layers=[layer_id]))
        if f.key in set(keys)
    }
    return [_merge_into(existing[f.key], f, mapping) if f.key in existing else f for f in features]


def _checksum(ref: UploadRef, request: ImportRequest) -> str:
    digest = hashlib.sha256(b"upload\0")
    with ref.path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    choices = {"mapping": request.mapping, "mode": request.mode, "options": asdict(request.options)}
    digest.update(json.dumps(choices, sort_keys=True).encode())
    return digest.hexdigest()


def _check_request(layer: Layer, request: ImportRequest) -> None:
    if request.mode not in ("merge", "replace"):
        raise BadRequest(
            "Cách nạp phải là “gộp” hoặc “thay thế”.", "The mode must be merge or replace."
        )
    if not request.mapping.get("name_vi"):
        raise BadRequest(
            "Hãy chọn cột chứa tên đối tượng (tiếng Việt).",
            "Choose the column that holds the features' (Vietnamese) names.",
        )
    if not request.provenance.source.strip() or not request.provenance.licence.strip():
        raise BadRequest(
            "Hãy ghi nguồn và giấy phép của dữ liệu.",
            "Give the data's source and licence.",
        )


def _log_check(
    store: Store, ref: UploadRef, by: str, issues: list[RowIssue], draft_id: int | None
) -> None:
    """Audit ``upload.check``: the file, its error and warning counts, the draft it became."""
    detail = {
        "file": ref.filename,
        "errors": _count(issues, "error"),
        "warnings": _count(issues, "warning"),
        "draft": draft_id,
    }
    store.log_event(by, "upload.check", "layer", ref.layer_id, detail)


def _count(issues: Iterable[RowIssue], level: str) -> int:
    return sum(issue.level == level for issue in issues)


def prepare_import(
    store: Store, request: ImportRequest, *, by: str, admin: bool = False
) -> Prepared:
    """Read, convert and validate the file; with no error, stage it as a draft.

    The mapping is remembered for the layer either way. Nothing published changes.
    """
    ref = get_upload(request.token, by=by, admin=admin)
    layer = store.get_layer(ref.layer_id)
    _check_request(layer, request)
    table = read_rows(ref.path, replace(request.options, layer_id=layer.id), limits=upload_limits())
    known = {task["code"] for task in store.tasks()}
    names = _names_in_layer(store, layer.id) if request.match_names else None
    converted = to_features(
        table,
        layer=layer,
        mapping=request.mapping,
        provenance=request.provenance,
        province=_admin().province,
        known_tasks=known,
        existing_keys_by_name=names,
        recorded_by=by,
        today=date.today(),
    )
    store.save_upload_mapping(layer.id, request.mapping, actor=by)
    issues = converted.issues
    errors, warnings = _count(issues, "error"), _count(issues, "warning")
    notes = list(table.notes)
    if errors:
        _log_check(store, ref, by, issues, None)
        return Prepared(issues, errors, warnings, None, notes)
    features = [_attributed(f, request.provenance) for f in converted.features]
    _place(features)
    features = _with_existing(store, layer.id, features, request.mapping)
    draft = store.stage_layer(
        layer,
        features,
        checksum=_checksum(ref, request),
        created_by=by,
        note=f"{ref.filename} — {request.provenance.source}",
        origin="user",
        mode=request.mode,
    )
    _log_check(store, ref, by, issues, draft.id)
    return Prepared(issues, errors, warnings, draft.id, notes)


def uploads_waiting(by: str) -> list[UploadRef]:
    """The uploads of one editor not yet prepared or discarded, newest first."""
    root = _root()
    if not root.is_dir():
        return []
    found = []
    for meta in root.glob(f"*/{_META}"):
        try:
            ref = _load_meta(meta.parent.name)
        except (NotFound, ValueError, TypeError, KeyError):
            continue
        if ref.uploaded_by == by:
            found.append(ref)
    return sorted(found, key=lambda r: r.uploaded_at, reverse=True)
