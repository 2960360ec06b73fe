"""CSV and XLSX sheets: rows under a header, located by lon/lat or WKT columns.

Geometry columns are found by their folded names (``lon``/``lng``/``long``/``x``/``kinh_do``,
``lat``/``y``/``vi_do``, ``wkt``/``geom``/``geometry``), alone or as a word of the name
(``x_vn2000``). When several columns could be the longitude (or the latitude), the officer
chooses (:class:`BadRequest` with code ``geometry_columns_ambiguous`` listing them).

XLSX cells are read as stored: a formula stays its text (``=A1*2``), never evaluated; dates
become ISO text. Spreadsheet text is never interpreted: HTML or formulas in a value are kept
as text (escaping is the web's and the exporter's job).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.errors import GEOSException
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from etl.uploads.archive import check_members, open_zip
from etl.uploads.frame import Frame, plain
from etl.uploads.model import Limits, ReadOptions, RowIssue, file_error, issue
from etl.uploads.vector import check_count, choose, gdal_call
from webmap.domain import fold
from webmap.errors import BadRequest

GEOMETRY_NAMES: dict[str, tuple[str, ...]] = {
    "lon": ("lon", "lng", "long", "longitude", "x", "kinh_do", "kinhdo"),
    "lat": ("lat", "latitude", "y", "vi_do", "vido"),
    "wkt": ("wkt", "geom", "geometry", "the_geom", "hinh_hoc"),
}
_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 8192


def _folded(name: str) -> str:
    return "_".join(fold(name).split())


def _matches(name: str, word: str) -> bool:
    key = _folded(name)
    return key == word or key.startswith(word + "_") or key.endswith("_" + word)


def geometry_candidates(columns: Sequence[str]) -> dict[str, list[str]]:
    """Columns that could hold the longitude, the latitude or a WKT geometry."""
    return {
        role: [c for c in columns if any(_matches(c, w) for w in words)]
        for role, words in GEOMETRY_NAMES.items()
    }


def _unique(columns: Sequence[str]) -> list[str]:
    """Header names made unique and non-empty (``column_3``, ``ten_2``)."""
    out: list[str] = []
    for i, name in enumerate(columns, start=1):
        base = str(name).strip() if name is not None and str(name).strip() else f"column_{i}"
        candidate, n = base, 1
        while candidate in out:
            n += 1
            candidate = f"{base}_{n}"
        out.append(candidate)
    return out


def resolve_geometry_columns(
    columns: list[str], candidates: dict[str, list[str]], options: ReadOptions
) -> tuple[str | None, str | None, str | None]:
    """``(lon, lat, wkt)`` columns to read: the officer's choice, else the one candidate.

    Raises:
        BadRequest: A chosen column does not exist, or the candidates are ambiguous.
    """
    chosen = {"lon": options.lon, "lat": options.lat, "wkt": options.wkt}
    for role, name in chosen.items():
        if name is not None and name not in columns:
            raise BadRequest(
                f"không có cột {name!r} ({role}); các cột: {', '.join(columns)}",
                f"no column {name!r} ({role}); the columns are: {', '.join(columns)}",
                columns=columns,
            )
    if options.wkt:
        return None, None, options.wkt
    lon = options.lon or _single(candidates["lon"])
    lat = options.lat or _single(candidates["lat"])
    if lon and lat:
        return lon, lat, None
    if not candidates["lon"] and not candidates["lat"] and len(candidates["wkt"]) <= 1:
        return None, None, _single(candidates["wkt"])
    raise _ambiguous(candidates)


def _single(names: list[str]) -> str | None:
    return names[0] if len(names) == 1 else None


def _ambiguous(candidates: dict[str, list[str]]) -> BadRequest:
    listed = "; ".join(f"{role}: {', '.join(names) or '—'}" for role, names in candidates.items())
    err = BadRequest(
        f"không xác định được cột tọa độ; hãy chọn cột kinh độ và vĩ độ (hoặc WKT). "
        f"Các cột có thể: {listed}",
        f"cannot tell which columns hold the coordinates; choose the longitude and latitude "
        f"(or WKT) columns. Candidates: {listed}",
        geometry_columns=candidates,
    )
    err.code = "geometry_columns_ambiguous"
    return err


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _point(row: dict[str, Any], lon: str, lat: str, n: int, issues: list[RowIssue]) -> Point | None:
    x_raw, y_raw = row.get(lon), row.get(lat)
    if x_raw is None and y_raw is None:
        return None
    x = None if x_raw is None else _number(x_raw)
    y = None if y_raw is None else _number(y_raw)
    if x is None or y is None:
        bad_col, bad = (lon, x_raw) if x is None else (lat, y_raw)
        issues.append(
            issue(
                n,
                bad_col,
                bad,
                "error",
                "bad_coordinate",
                f"dòng {n}: tọa độ {bad!r} ở cột {bad_col!r} không phải là số; hãy sửa hoặc để "
                "trống cả hai cột",
                f"row {n}: coordinate {bad!r} in column {bad_col!r} is not a number; fix it or "
                "leave both columns empty",
            )
        )
        return None
    return Point(x, y)


def _wkt(row: dict[str, Any], column: str, n: int, issues: list[RowIssue]) -> BaseGeometry | None:
    text = row.get(column)
    if text is None:
        return None
    try:
        return shapely.from_wkt(str(text))
    except (GEOSException, ValueError, TypeError):
        issues.append(
            issue(
                n,
                column,
                text,
                "error",
                "bad_wkt",
                f"dòng {n}: cột {column!r} không phải hình học WKT hợp lệ (ví dụ POINT (105.72 "
                "9.29))",
                f"row {n}: column {column!r} is not valid WKT (e.g. POINT (105.72 9.29))",
            )
        )
        return None


def _records(
    records: Iterable[Sequence[Any]], shown: Path, limits: Limits, sample: bool
) -> tuple[list[str], list[list[Any]], list[int], int]:
    """Header, non-blank data rows, their data row numbers and the count (limit checked)."""
    iterator = iter(records)
    header = next(iterator, None)
    if header is None:
        raise file_error(shown, "tệp không có dòng tiêu đề", "the file has no header row", "read")
    body: list[list[Any]] = []
    numbers: list[int] = []
    count = 0
    for n, record in enumerate(iterator, start=1):
        values = [plain(v) for v in record]
        if all(v is None for v in values):
            continue
        count += 1
        check_count(count, shown, limits)
        if not sample or len(body) < 200:
            body.append(values)
            numbers.append(n)
    return _unique(list(header)), body, numbers, count


def tabular_frame(
    fmt: str,
    records: Iterable[Sequence[Any]],
    shown: Path,
    *,
    sublayers: list[str],
    sublayer: str | None,
    options: ReadOptions,
    limits: Limits,
    sample: bool,
) -> Frame:
    """A :class:`Frame` from spreadsheet records (header first)."""
    columns, body, numbers, count = _records(records, shown, limits, sample)
    rows = [
        dict(zip(columns, values + [None] * (len(columns) - len(values)), strict=False))
        for values in body
    ]
    candidates = geometry_candidates(columns)
    frame = Frame(
        fmt=fmt,
        sublayers=sublayers,
        sublayer=sublayer,
        columns=columns,
        rows=rows,
        geometries=[None] * len(rows),
        count=count,
        crs=None,
        header_rows=1,
        geometry_columns=candidates,
        row_numbers=numbers,
    )
    if sample:
        frame.located = any(candidates.values())
        return frame
    lon, lat, wkt = resolve_geometry_columns(columns, candidates, options)
    frame.located = bool(wkt or lon)
    for i, row in enumerate(rows):
        if wkt:
            frame.geometries[i] = _wkt(row, wkt, numbers[i], frame.issues)
        elif lon and lat:
            frame.geometries[i] = _point(row, lon, lat, numbers[i], frame.issues)
    return frame


# ---------------------------------------------------------------------- CSV
def csv_text(path: Path, forced: str) -> tuple[str, bool]:
    """The CSV as text and whether it is a raw Latin-1 read (encoding to detect)."""
    data = path.read_bytes()
    if forced in ("auto", "utf-8"):
        try:
            return data.decode("utf-8-sig"), False
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), True


def csv_records(text: str, shown: Path) -> Iterator[list[str]]:
    """Rows of a CSV text (delimiter sniffed among , ; tab |)."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise file_error(shown, f"CSV không hợp lệ: {exc}", f"invalid CSV: {exc}", "read") from exc


def csv_frame(path: Path, shown: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    """Read a CSV file."""
    text, raw = csv_text(path, options.encoding)
    frame = tabular_frame(
        "csv",
        csv_records(text, shown),
        shown,
        sublayers=[],
        sublayer=None,
        options=options,
        limits=limits,
        sample=sample,
    )
    frame.raw_text = raw
    frame.encoding = None if raw else "utf-8"
    return frame


# --------------------------------------------------------------------- XLSX
def _guarded(shown: Path, rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """Iterate a library's rows, turning any failure into a :class:`DataError`."""
    while True:
        row = gdal_call(shown, lambda: next(rows, None))
        if row is None:
            return
        yield row


def xlsx_frame(
    path: Path, shown: Path, options: ReadOptions, limits: Limits, sample: bool
) -> Frame:
    """Read one sheet of an XLSX workbook (archive checked before openpyxl opens it)."""
    import openpyxl

    with open_zip(path) as zf:
        check_members(zf, shown, limits)
    workbook = gdal_call(
        shown, lambda: openpyxl.load_workbook(path, read_only=True, data_only=False)
    )
    try:
        sheets = list(workbook.sheetnames)
        sheet = choose(sheets, options.sublayer, shown, ("trang tính", "sheet"), first=sample)
        rows = gdal_call(shown, lambda: iter(workbook[sheet].iter_rows(values_only=True)))
        return tabular_frame(
            "xlsx",
            _guarded(shown, rows),
            shown,
            sublayers=sheets,
            sublayer=sheet if len(sheets) > 1 else None,
            options=options,
            limits=limits,
            sample=sample,
        )
    finally:
        workbook.close()
