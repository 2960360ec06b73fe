"""The records of an upload: limits, what a file holds, how to read it, the per-row report.

Row numbers: :attr:`RowIssue.row` is the 1-based **data row** (feature) number, the same for
every format: 1 is the first feature of a GeoJSON/GeoPackage/Shapefile/KML layer and the first
row under the header of a CSV or XLSX sheet. In a spreadsheet the header is on line 1, so data
row ``n`` is spreadsheet row ``n + 1``; messages for CSV/XLSX say so
(:attr:`RawTable.header_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from webmap.domain import Feature
from webmap.errors import BadRequest, DataError

#: Value of :attr:`webmap.errors.DataError.layer` when the layer is not known yet.
UPLOAD_LAYER = "upload"
#: How many characters of a value a :class:`RowIssue` shows.
VALUE_CHARS = 80


@dataclass(frozen=True)
class Limits:
    """What an upload may be, checked before anything is read or extracted.

    Attributes:
        max_upload_bytes: Size of the file as uploaded.
        max_uncompressed_bytes: Sum of the declared sizes of an archive's members (zip, KMZ,
            XLSX).
        max_ratio: Uncompressed / compressed size of an archive.
        max_features: Rows or features in the chosen layer.
        max_members: Members of an archive.
    """

    max_upload_bytes: int = 50 * 2**20
    max_uncompressed_bytes: int = 500 * 2**20
    max_ratio: float = 100.0
    max_features: int = 50_000
    max_members: int = 1000


@dataclass
class SourceInfo:
    """What :func:`etl.uploads.inspect` learned about a file (JSON-serialisable via ``asdict``).

    Attributes:
        format: ``geojson``, ``gpkg``, ``shapefile``, ``kml``, ``csv`` or ``xlsx`` (a KMZ is
            ``kml``).
        sublayers: GeoPackage layers, Shapefiles in a zip, KML folders or XLSX sheets.
        sublayer: The one read (``None`` when there is exactly one).
        columns: Attribute columns of the sublayer read.
        sample: Up to 5 first rows, values as display strings.
        feature_count: Rows or features in the sublayer.
        crs: Authority string (``EPSG:9209``) or WKT read from the file; ``None`` = unknown.
        crs_name: Human name of that CRS.
        geometry_columns: CSV/XLSX candidate columns ``{"lon": [...], "lat": [...],
            "wkt": [...]}``.
        encoding: Text encoding found: ``utf-8``, ``tcvn3``, ``vni``, ``cp1258`` or ``None``.
        notes: Lines for the officer, Vietnamese then English.
    """

    format: str
    sublayers: list[str]
    sublayer: str | None
    columns: list[str]
    sample: list[dict[str, str]]
    feature_count: int
    crs: str | None
    crs_name: str | None
    geometry_columns: dict[str, list[str]]
    encoding: str | None
    notes: list[str]


@dataclass
class ReadOptions:
    """How to read a file: what the officer chose (``None``/``auto`` = from the file).

    Attributes:
        sublayer: GeoPackage layer, Shapefile (path in the zip), KML folder or XLSX sheet.
        crs: ``EPSG:9209``, a :data:`~etl.uploads.CRS_PRESETS` id, or WKT.
        encoding: ``auto``, ``utf-8``, ``tcvn3``, ``vni`` or ``cp1258``.
        lon, lat, wkt: CSV/XLSX geometry columns.
        layer_id: Layer the upload is for, named in errors (optional).
    """

    sublayer: str | None = None
    crs: str | None = None
    encoding: str = "auto"
    lon: str | None = None
    lat: str | None = None
    wkt: str | None = None
    layer_id: str | None = None


@dataclass
class RowIssue:
    """One line of the validation report.

    Attributes:
        row: 1-based data row as the officer finds it: 1 is the first feature, or the first
            row under the header of a CSV/XLSX file (spreadsheet row 2: data row ``n`` is
            spreadsheet row ``n + 1``). 0 for the whole file.
        field: Column of the file; ``"geometry"`` for the location; ``""`` for the row/file.
        value: The offending value as a display string (at most 80 characters).
        level: ``error`` (blocks the upload), ``warning`` or ``info``.
        code: Stable code (``geometry_missing``, ``unknown_status``, ``encoding_converted``...).
        message_vi: What is wrong and what to do, in Vietnamese.
        message_en: The same in English.
    """

    row: int
    field: str
    value: str
    level: str
    code: str
    message_vi: str
    message_en: str


@dataclass
class RawTable:
    """The rows of one sublayer, decoded and in EPSG:4326.

    Attributes:
        rows: Attribute values per row (text in NFC Unicode).
        geometries: One per row, EPSG:4326, ``None`` when the row has no usable location.
        crs_used: The CRS the coordinates were read in.
        notes: Lines for the officer (encoding, CRS, sublayer).
        issues: Problems found while reading (bad coordinates, suspicious text...).
        format: Format of the file (as in :class:`SourceInfo`).
        header_rows: Rows above the data (1 for CSV/XLSX, else 0).
        encoding: Text encoding used (``None`` when the format fixes it).
        row_numbers: Data row number of each row (blank spreadsheet rows are skipped but
            counted); empty means ``1..len(rows)``.
    """

    rows: list[dict[str, Any]]
    geometries: list[BaseGeometry | None]
    crs_used: str
    notes: list[str] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    format: str = ""
    header_rows: int = 0
    encoding: str | None = None
    row_numbers: list[int] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """The data row number of ``rows[index]``."""
        return self.row_numbers[index] if self.row_numbers else index + 1


@dataclass(frozen=True)
class Provenance:
    """Where the uploaded data comes from, as the uploader states it (never the bundled source)."""

    source: str
    licence: str
    attribution: str


@dataclass
class Converted:
    """What :func:`etl.uploads.to_features` made of a table.

    Attributes:
        features: The features of the rows without errors.
        issues: The full report: the table's own issues plus validation (row order).
        row_of_key: Feature key -> data row number.
    """

    features: list[Feature]
    issues: list[RowIssue]
    row_of_key: dict[str, int]

    @property
    def has_errors(self) -> bool:
        """True when an issue blocks the upload."""
        return any(issue.level == "error" for issue in self.issues)


class CrsRequired(BadRequest):
    """The file does not say its coordinate reference system: the officer must choose one."""

    code = "crs_required"


class LimitExceeded(DataError):
    """An upload is larger than a limit allows (size, archive, features)."""

    status = 413
    code = "upload_too_large"


def display(value: Any) -> str:
    """A value as a short display string (``""`` for ``None``; at most 80 characters)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def file_error(
    path: Path,
    message_vi: str,
    message_en: str,
    step: str,
    *,
    layer: str | None = None,
    row: int | None = None,
    field: str | None = None,
    cls: type[DataError] = DataError,
) -> DataError:
    """A :class:`DataError` about an uploaded file (only its name is ever shown)."""
    return cls(
        message_vi,
        message_en,
        layer=layer or UPLOAD_LAYER,
        step=step,
        row=row,
        field=field,
        path=Path(path.name),
    )


def issue(
    row: int, field_name: str, value: Any, level: str, code: str, vi: str, en: str
) -> RowIssue:
    """Build a :class:`RowIssue` (the value shortened for display)."""
    return RowIssue(row, field_name, display(value), level, code, vi, en)
