"""Rows of an upload -> domain :class:`Feature` records plus a per-row validation report.

Errors block the upload (the caller stores nothing); warnings and infos do not. The rules are
in :func:`to_features`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from etl.crs import METRIC_CRS, WGS84
from etl.steps import GEOM_FAMILY, made_valid
from etl.uploads.model import Converted, Provenance, RawTable, RowIssue, issue
from etl.uploads.values import parse_number, status_code, task_codes
from webmap.domain import STATUSES, Feature, Layer, StatusEvent, fold
from webmap.domain.dates import parse_partial_date

#: Beyond this distance outside the province a row is an error; closer, a warning.
OUTSIDE_ERROR_KM = 5.0
#: Longest name accepted.
MAX_NAME_CHARS = 300
#: Longest other text accepted.
MAX_TEXT_CHARS = 4000
_NUMBER_FIELDS = ("capacity_mw", "area_ha")


@dataclass
class _Run:
    """What converting one table needs, and what it has found so far."""

    table: RawTable
    layer: Layer
    mapping: dict[str, str | None]
    provenance: Provenance
    province: BaseGeometry | None
    known_tasks: set[str]
    existing: dict[str, str]
    recorded_by: str
    today: date
    issues: list[RowIssue] = field(default_factory=list)
    key_rows: dict[str, int] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)
    by_row: dict[int, list[RowIssue]] = field(default_factory=dict)
    errors: int = 0

    def record(self, item: RowIssue) -> None:
        self.issues.append(item)
        self.by_row.setdefault(item.row, []).append(item)
        self.errors += item.level == "error"

    def add(self, n: int, column: str, value: Any, level: str, code: str, vi: str, en: str) -> None:
        self.record(issue(n, column, value, level, code, vi, en))

    def row_issues(self, n: int) -> list[RowIssue]:
        return self.by_row.get(n, [])

    def value(self, row: dict[str, Any], target: str) -> Any:
        column = self.mapping.get(target)
        return row.get(column) if column else None

    def column(self, target: str) -> str:
        return self.mapping.get(target) or target


def to_features(
    table: RawTable,
    *,
    layer: Layer,
    mapping: dict[str, str | None],
    provenance: Provenance,
    province: BaseGeometry | None,
    known_tasks: set[str],
    existing_keys_by_name: dict[str, str] | None = None,
    recorded_by: str,
    today: date,
) -> Converted:
    """Turn a table's rows into features of ``layer`` with a validation report.

    Rules: statuses as codes or their Vietnamese/English labels (folded), else an error;
    status dates ``2024-05-17``, ``17/05/2024``, ``05/2024``, ``2024`` kept at their precision
    (an info for a partial date, an error for a bad one); no date -> precision ``recorded`` on
    ``today``; unknown task code -> error; duplicate key -> error; no geometry -> warning and
    precision ``unlocated``; invalid geometry repaired with ``make_valid`` (warning naming the
    problem), wrong type for the layer -> error; outside the province by more than 5 km ->
    error, within 5 km -> warning (distances in EPSG:32648). Keys: the key column (prefixed
    ``<layer>:``), else ``existing_keys_by_name[fold(name)]``, else ``<layer>:u-<slug>``
    (``-2``, ``-3`` on a collision within the file).

    Args:
        table: From :func:`etl.uploads.read_rows`.
        layer: The layer the rows are for (its id, geometry type, role, default tasks).
        mapping: Target field -> file column (see :data:`FIELD_TARGETS`).
        provenance: Source, licence and attribution stated by the uploader.
        province: Province polygon in EPSG:4326 (``None``: no extent check).
        known_tasks: Task codes of the plan.
        existing_keys_by_name: Folded name -> key of an existing feature, when the editor
            confirmed matching by name.
        recorded_by: Who uploads (recorded on status events).
        today: Date for status events without a date.

    Returns:
        Features of the rows without errors, the full report and each key's row.
    """
    run = _Run(
        table,
        layer,
        mapping,
        provenance,
        _metric(province),
        known_tasks,
        existing_keys_by_name or {},
        recorded_by,
        today,
    )
    for item in _table_issues(table, mapping):
        run.record(item)
    features: list[Feature] = []
    row_of_key: dict[str, int] = {}
    blocked = {i.row for i in run.issues if i.level == "error"}
    for index, row in enumerate(table.rows):
        n = table.row_number(index)
        before = run.errors
        feature = _feature(run, row, table.geometries[index], n)
        if feature is not None and run.errors == before and n not in blocked:
            features.append(feature)
            row_of_key[feature.key] = n
    run.issues.sort(key=lambda item: item.row)
    return Converted(features, run.issues, row_of_key)


def _table_issues(table: RawTable, mapping: dict[str, str | None]) -> list[RowIssue]:
    """The reader's issues; a suspicious name becomes an error (the name cannot be empty)."""
    name_column = mapping.get("name_vi")
    out = []
    for item in table.issues:
        if item.code == "encoding_suspicious" and item.field == name_column:
            item = RowIssue(**{**item.__dict__, "level": "error"})
        out.append(item)
    return out


# ------------------------------------------------------------------- rows
def _feature(run: _Run, row: dict[str, Any], geom: BaseGeometry | None, n: int) -> Feature | None:
    name = _name(run, row, n)
    geometry = _geometry(run, geom, n)
    history = _history(run, row, n)
    tasks = _tasks(run, row, n)
    properties = _properties(run, row, n)
    if name is None:
        return None
    key = _key(run, row, name, n)
    return Feature(
        key=key,
        layer_id=run.layer.id,
        name_vi=name,
        name_en=_text(run, row, "name_en", n, MAX_NAME_CHARS),
        geometry=geometry,
        precision="site" if geometry is not None else "unlocated",
        precision_note=_text(run, row, "precision_note", n, MAX_TEXT_CHARS) or "",
        source=run.provenance.source,
        licence=run.provenance.licence,
        properties=properties,
        district_name=_text(run, row, "district_name", n, MAX_NAME_CHARS),
        commune_name=_text(run, row, "commune_name", n, MAX_NAME_CHARS),
        last_verified=run.today,
        role=run.layer.role,
        tasks=tasks,
        status_history=history,
    )


def _text(run: _Run, row: dict[str, Any], target: str, n: int, limit: int) -> str | None:
    value = run.value(row, target)
    if value is None:
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = " ".join(text.split()) if target.startswith("name") else text.strip()
    if len(text) > limit:
        run.add(
            n,
            run.column(target),
            text,
            "error",
            "text_too_long",
            f"dòng {n}: cột {run.column(target)!r} dài {len(text)} ký tự (tối đa {limit})",
            f"row {n}: column {run.column(target)!r} is {len(text)} characters long "
            f"(at most {limit})",
        )
        return None
    return text or None


def _name(run: _Run, row: dict[str, Any], n: int) -> str | None:
    name = _text(run, row, "name_vi", n, MAX_NAME_CHARS)
    if name is None and not _has_error(run, n, run.column("name_vi")):
        run.add(
            n,
            run.column("name_vi"),
            "",
            "error",
            "name_missing",
            f"dòng {n}: thiếu tên (cột {run.column('name_vi')!r}); hãy điền tên tiếng Việt",
            f"row {n}: no name (column {run.column('name_vi')!r}); fill in the Vietnamese name",
        )
    return name


def _has_error(run: _Run, n: int, column: str) -> bool:
    return any(i.row == n and i.field == column and i.level == "error" for i in run.issues)


def _key(run: _Run, row: dict[str, Any], name: str, n: int) -> str:
    raw = run.value(row, "key")
    prefix = f"{run.layer.id}:"
    if raw is not None and str(raw).strip():
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        key = text if text.startswith(prefix) else prefix + text
    elif fold(name) in run.existing:
        key = run.existing[fold(name)]
    else:
        return _slug_key(run, name, n)
    if key in run.key_rows:
        first = run.key_rows[key]
        run.add(
            n,
            run.column("key"),
            key,
            "error",
            "duplicate_key",
            f"dòng {n}: mã {key!r} trùng với dòng {first}; mỗi dòng phải có mã riêng",
            f"row {n}: key {key!r} is the same as row {first}'s; every row needs its own key",
        )
    run.key_rows.setdefault(key, n)
    return key


def _slug_key(run: _Run, name: str, n: int) -> str:
    slug = fold(name).replace(" ", "-") or f"row-{n}"
    base = f"{run.layer.id}:u-{slug}"
    key, count = base, 1
    while key in run.slugs or key in run.key_rows:
        count += 1
        key = f"{base}-{count}"
    run.slugs.add(key)
    run.key_rows[key] = n
    return key


# --------------------------------------------------------------- geometry
def _metric(province: BaseGeometry | None) -> BaseGeometry | None:
    if province is None:
        return None
    metric = _to_metric(province)
    shapely.prepare(metric)
    return metric


def _to_metric(geom: BaseGeometry) -> BaseGeometry:
    forward = Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)

    def tx(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(forward.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geom, tx)


def _geometry(run: _Run, geom: BaseGeometry | None, n: int) -> BaseGeometry | None:
    if geom is None or geom.is_empty:
        _missing(run, geom, n)
        return None
    family = GEOM_FAMILY.get(run.layer.geometry_type)
    if not geom.is_valid:
        repaired = _repair(run, geom, n, family)
        if repaired is None:
            return None
        geom = repaired
    if family and geom.geom_type not in family:
        run.add(
            n,
            "geometry",
            geom.geom_type,
            "error",
            "geometry_type",
            f"dòng {n}: hình học kiểu {geom.geom_type}, lớp này cần {run.layer.geometry_type}",
            f"row {n}: geometry is a {geom.geom_type}; this layer needs {run.layer.geometry_type}",
        )
        return None
    _extent(run, geom, n)
    return geom


def _missing(run: _Run, geom: BaseGeometry | None, n: int) -> None:
    if any(i.field == "geometry" for i in run.row_issues(n)):
        return  # the reader already said why (bad or non-finite coordinates)
    code = "geometry_missing" if geom is None else "geometry_empty"
    run.add(
        n,
        "geometry",
        "" if geom is None else geom.wkt,
        "warning",
        code,
        f"dòng {n}: không có vị trí; đối tượng được lưu là 'chưa có vị trí' (có thể thêm sau "
        "trên bản đồ)",
        f"row {n}: no location; the feature is stored as 'not yet located' (it can be placed "
        "on the map later)",
    )


def _repair(run: _Run, geom: BaseGeometry, n: int, family: set[str] | None) -> BaseGeometry | None:
    reason = shapely.is_valid_reason(geom)
    fixed = made_valid(geom, family)
    if fixed is None:
        run.add(
            n,
            "geometry",
            reason,
            "error",
            "geometry_invalid",
            f"dòng {n}: hình học không hợp lệ ({reason}) và không tự sửa được; hãy sửa hình "
            "trong phần mềm GIS rồi tải lên lại.",
            f"row {n}: invalid geometry ({reason}) that cannot be repaired automatically; fix "
            "it in your GIS software and upload again.",
        )
        return None
    run.add(
        n,
        "geometry",
        reason,
        "warning",
        "geometry_invalid_repaired",
        f"dòng {n}: hình học không hợp lệ ({reason}); đã sửa bằng make_valid thành "
        f"{fixed.geom_type}. Hãy kiểm tra trên bản xem trước.",
        f"row {n}: invalid geometry ({reason}); repaired with make_valid into a "
        f"{fixed.geom_type}. Check it in the preview.",
    )
    return fixed


def _extent(run: _Run, geom: BaseGeometry, n: int) -> None:
    if run.province is None:
        return
    metric = _to_metric(geom)
    if run.province.intersects(metric):
        return
    km = run.province.distance(metric) / 1000.0
    level = "error" if km > OUTSIDE_ERROR_KM else "warning"
    run.add(
        n,
        "geometry",
        f"{km:.1f} km",
        level,
        "outside_province",
        f"dòng {n}: vị trí nằm ngoài tỉnh {km:.1f} km; hãy kiểm tra tọa độ và hệ tọa độ",
        f"row {n}: the location is {km:.1f} km outside the province; check the coordinates "
        "and the CRS",
    )


# ------------------------------------------------------------ attributes
def _history(run: _Run, row: dict[str, Any], n: int) -> list[StatusEvent]:
    value = run.value(row, "status")
    if value is None:
        return []
    status = status_code(value)
    if status is None:
        run.add(
            n,
            run.column("status"),
            value,
            "error",
            "unknown_status",
            f"dòng {n}: trạng thái {value!r} không có trong danh mục; dùng một trong: "
            f"{', '.join(STATUSES)} (hoặc nhãn tiếng Việt như 'Đang vận hành')",
            f"row {n}: status {value!r} is not known; use one of: {', '.join(STATUSES)} "
            "(or a label such as 'Operating')",
        )
        return []
    when, precision = _status_date(run, row, n)
    source = _text(run, row, "status_source", n, MAX_TEXT_CHARS) or run.provenance.source
    note = _text(run, row, "status_note", n, MAX_TEXT_CHARS) or ""
    return [StatusEvent(status, when, source, note, run.recorded_by, None, precision)]


def _status_date(run: _Run, row: dict[str, Any], n: int) -> tuple[date, str]:
    value = run.value(row, "status_date")
    if value is None:
        return run.today, "recorded"
    parsed = parse_partial_date(value)
    column = run.column("status_date")
    if parsed is None:
        run.add(
            n,
            column,
            value,
            "error",
            "bad_date",
            f"dòng {n}: ngày {value!r} không đọc được; viết 2024-05-17, 17/05/2024, 05/2024 "
            "hoặc 2024",
            f"row {n}: date {value!r} cannot be read; write 2024-05-17, 17/05/2024, 05/2024 "
            "or 2024",
        )
        return run.today, "recorded"
    if parsed[1] != "day":
        vi_unit, en_unit = ("tháng", "month") if parsed[1] == "month" else ("năm", "year")
        run.add(
            n,
            column,
            value,
            "info",
            "partial_date",
            f"dòng {n}: ngày {value!r} chỉ có {vi_unit}; được lưu với độ chính xác {vi_unit}",
            f"row {n}: date {value!r} gives only the {en_unit}; kept at {en_unit} precision",
        )
    return parsed


def _tasks(run: _Run, row: dict[str, Any], n: int) -> list[str]:
    value = run.value(row, "tasks")
    if value is None:
        return list(run.layer.default_tasks)
    codes = task_codes(value)
    unknown = [code for code in codes if code not in run.known_tasks]
    if unknown:
        run.add(
            n,
            run.column("tasks"),
            value,
            "error",
            "unknown_task",
            f"dòng {n}: mã nhiệm vụ {', '.join(unknown)} không có trong Kế hoạch",
            f"row {n}: task code {', '.join(unknown)} is not in the plan",
        )
    return [code for code in codes if code in run.known_tasks] or list(run.layer.default_tasks)


def _properties(run: _Run, row: dict[str, Any], n: int) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for target in _NUMBER_FIELDS:
        value = run.value(row, target)
        if value is None:
            continue
        number = parse_number(value)
        if number is None or number < 0:
            run.add(
                n,
                run.column(target),
                value,
                "error",
                "bad_number",
                f"dòng {n}: {value!r} ở cột {run.column(target)!r} không phải số không âm",
                f"row {n}: {value!r} in column {run.column(target)!r} is not a non-negative number",
            )
            continue
        properties[target] = number
    note = _text(run, row, "note", n, MAX_TEXT_CHARS)
    if note:
        properties["note"] = note
    return properties
