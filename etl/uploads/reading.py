"""From a :class:`Frame` to what callers get: decoded text, EPSG:4326 geometry, issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from etl.uploads.encoding import ENCODING_LABELS, convert_texts
from etl.uploads.frame import Frame
from etl.uploads.model import (
    CrsRequired,
    Limits,
    RawTable,
    ReadOptions,
    RowIssue,
    SourceInfo,
    display,
    file_error,
    issue,
)
from etl.uploads.projections import CRS_PRESETS, crs_label, effective_crs, parse_crs, to_wgs84
from etl.uploads.readers import load_frame
from webmap.errors import BadRequest

_ENCODING_CHOICES = ("auto", "utf-8", "tcvn3", "vni", "cp1258")
SAMPLE_ROWS = 5
#: The limits used when a caller gives none.
DEFAULT_LIMITS = Limits()


def _check_options(options: ReadOptions) -> None:
    if options.encoding not in _ENCODING_CHOICES:
        raise BadRequest(
            f"mã hóa {options.encoding!r} không hỗ trợ; chọn: {', '.join(_ENCODING_CHOICES)}",
            f"unsupported encoding {options.encoding!r}; choose: {', '.join(_ENCODING_CHOICES)}",
        )


def inspect(
    path: Path, *, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None
) -> SourceInfo:
    """What a file holds: format, sublayers, columns, a sample, count, CRS and encoding.

    With several sublayers and none chosen, the first is described (``sublayer`` names it)
    and a note asks the officer to choose; :func:`read_rows` then requires the choice.

    Raises:
        DataError: The file is unreadable or unsafe (names the file).
        BadRequest: An option cannot be used (a sublayer the file does not have...).
    """
    options = options or ReadOptions()
    _check_options(options)
    frame = load_frame(Path(path), options, limits, sample=True)
    _require_rows(frame, Path(path), options)
    encoding, notes = decode_text(frame, options)
    if len(frame.sublayers) > 1 and options.sublayer is None:
        notes.append(
            f"Tệp có {len(frame.sublayers)} lớp; đang xem {frame.sublayer!r}, hãy chọn lớp cần "
            f"tải lên. / The file holds {len(frame.sublayers)} layers; showing "
            f"{frame.sublayer!r}, choose the one to upload."
        )
    crs_text, crs_name = crs_label(frame.crs) if frame.crs is not None else (None, None)
    return SourceInfo(
        format=frame.fmt,
        sublayers=frame.sublayers,
        sublayer=frame.sublayer,
        columns=frame.columns,
        sample=[_display_row(row, frame.columns) for row in frame.rows[:SAMPLE_ROWS]],
        feature_count=frame.count,
        crs=crs_text,
        crs_name=crs_name,
        geometry_columns=frame.geometry_columns,
        encoding=encoding,
        notes=notes + frame.notes,
    )


def read_rows(path: Path, options: ReadOptions, *, limits: Limits = DEFAULT_LIMITS) -> RawTable:
    """Read every row of the chosen sublayer: text in NFC Unicode, geometry in EPSG:4326.

    Raises:
        CrsRequired: The file has located rows, does not say its CRS, and none was chosen
            (``code == "crs_required"``).
        BadRequest: An option cannot be used (unknown CRS text, sublayer, column...), or
            the file has several sublayers and none was chosen (code ``sublayer_required``,
            ``details["sublayers"]``), or the CSV/XLSX geometry columns are ambiguous (code
            ``geometry_columns_ambiguous``, ``details["geometry_columns"]``).
        DataError: The file is unreadable or unsafe.
    """
    _check_options(options)
    path = Path(path)
    frame = load_frame(path, options, limits, sample=False)
    _require_rows(frame, path, options)
    encoding, notes = decode_text(frame, options)
    crs = _crs_for(frame, options, path)
    notes += frame.notes
    geometries = _to_wgs84(frame, crs, notes)
    return RawTable(
        rows=frame.rows,
        geometries=geometries,
        crs_used=crs_label(crs)[0],
        notes=notes,
        issues=frame.issues,
        format=frame.fmt,
        header_rows=frame.header_rows,
        encoding=encoding,
        row_numbers=frame.row_numbers,
    )


def _require_rows(frame: Frame, path: Path, options: ReadOptions) -> None:
    if frame.count == 0:
        raise file_error(
            path,
            "tệp (hoặc lớp đã chọn) không có dòng dữ liệu nào",
            "the file (or the chosen layer) holds no data rows",
            "read",
            layer=options.layer_id,
        )


def _display_row(row: dict[str, Any], columns: list[str]) -> dict[str, str]:
    return {col: display(row.get(col)) for col in columns}


# ------------------------------------------------------------------- text
def decode_text(frame: Frame, options: ReadOptions) -> tuple[str | None, list[str]]:
    """Decode the frame's text in place; flag suspicious values. Returns encoding and notes."""
    cells = [
        (i, col)
        for i, row in enumerate(frame.rows)
        for col, value in row.items()
        if isinstance(value, str)
    ]
    values = [frame.rows[i][col] for i, col in cells]
    report = convert_texts(values, raw_source=frame.raw_text, forced=options.encoding)
    for (i, col), text in zip(cells, report.texts, strict=True):
        frame.rows[i][col] = text
    for index in report.suspicious:
        i, col = cells[index]
        frame.issues.append(_suspicious(frame.row_number(i), col, values[index]))
    frame.issues.sort(key=lambda item: item.row)
    encoding = report.encoding if frame.raw_text or report.converted else frame.encoding
    notes: list[str] = []
    if report.converted and encoding and encoding != "utf-8":
        label = ENCODING_LABELS[encoding]
        frame.issues.insert(0, _converted(label, len(report.converted)))
        notes.append(f"{frame.issues[0].message_vi} / {frame.issues[0].message_en}")
    return encoding, notes


def _escaped(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def _suspicious(row: int, column: str, value: str) -> RowIssue:
    return issue(
        row,
        column,
        _escaped(value),
        "warning",
        "encoding_suspicious",
        f"dòng {row}, cột {column!r}: chữ không đọc được bằng bảng mã nào đã biết (UTF-8, TCVN3, "
        "VNI, CP1258); ô này được để trống. Hãy kiểm tra bảng mã của tệp hoặc chọn bảng mã.",
        f"row {row}, column {column!r}: text matches no known encoding (UTF-8, TCVN3, VNI, "
        "CP1258); the cell is left empty. Check the file's encoding or choose one.",
    )


def _converted(label: str, count: int) -> RowIssue:
    return issue(
        0,
        "",
        label,
        "info",
        "encoding_converted",
        f"Chữ trong tệp dùng bảng mã {label}; {count} ô đã được chuyển sang Unicode (NFC).",
        f"The file's text is in {label}; {count} cells were converted to Unicode (NFC).",
    )


# -------------------------------------------------------------------- CRS
def _crs_for(frame: Frame, options: ReadOptions, path: Path) -> CRS:
    if options.crs:
        return parse_crs(options.crs)
    if frame.crs is not None:
        return frame.crs
    if not any(g is not None for g in frame.geometries):
        return CRS("EPSG:4326")
    presets = ", ".join(CRS_PRESETS)
    raise CrsRequired(
        f"tệp {path.name} không ghi hệ tọa độ (không có .prj hoặc CRS); hãy chọn hệ tọa độ "
        f"({presets}) hoặc nhập mã EPSG",
        f"file {path.name} does not say its coordinate reference system (no .prj or CRS); "
        f"choose one ({presets}) or type an EPSG code",
        presets=list(CRS_PRESETS),
    )


def _finite(geom: BaseGeometry) -> bool:
    return bool(np.isfinite(shapely.get_coordinates(geom)).all())


def _in_degrees(geom: BaseGeometry) -> bool:
    xy = shapely.get_coordinates(geom)
    return bool((np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all())


def _to_wgs84(frame: Frame, crs: CRS, notes: list[str]) -> list[BaseGeometry | None]:
    """Geometries in EPSG:4326; non-finite or out-of-range coordinates become row errors."""
    source, extra = effective_crs(crs)
    notes += extra
    transform = to_wgs84(source)
    out: list[BaseGeometry | None] = []
    for i, geom in enumerate(frame.geometries):
        n = frame.row_number(i)
        if geom is None or geom.is_empty:
            out.append(geom)
            continue
        if not _finite(geom):
            frame.issues.append(_not_finite(n, geom))
            out.append(None)
            continue
        moved = _transformed(transform, geom)
        if moved is None or not _finite(moved) or not _in_degrees(moved):
            frame.issues.append(_out_of_range(n, geom, crs))
            out.append(None)
            continue
        out.append(moved)
    frame.issues.sort(key=lambda item: item.row)
    return out


def _transformed(transform: Any, geom: BaseGeometry) -> BaseGeometry | None:
    try:
        return transform(geom)
    except (ValueError, shapely.errors.GEOSException):
        return None


def _not_finite(n: int, geom: BaseGeometry) -> RowIssue:
    return issue(
        n,
        "geometry",
        geom.wkt,
        "error",
        "coordinates_not_finite",
        f"dòng {n}: tọa độ không phải số hữu hạn (NaN/Infinity); hãy sửa tọa độ",
        f"row {n}: coordinates are not finite numbers (NaN/Infinity); fix them",
    )


def _out_of_range(n: int, geom: BaseGeometry, crs: CRS) -> RowIssue:
    return issue(
        n,
        "geometry",
        geom.wkt,
        "error",
        "coordinates_out_of_range",
        f"dòng {n}: tọa độ nằm ngoài phạm vi của hệ tọa độ {crs.name}; hệ tọa độ đã chọn có "
        "đúng không?",
        f"row {n}: coordinates are outside the range of {crs.name}; is the chosen CRS right?",
    )
