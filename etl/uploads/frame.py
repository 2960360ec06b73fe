"""The format-neutral shape every reader returns, before text decoding and reprojection."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from etl.uploads.model import RowIssue


@dataclass
class Frame:
    """Rows of one sublayer as read.

    Attributes:
        fmt: Format (as in :class:`~etl.uploads.SourceInfo`).
        sublayers: Every sublayer of the file.
        sublayer: The one read, ``None`` when the file has exactly one.
        columns: Attribute columns.
        rows: Attribute values (``None`` for empty cells).
        geometries: In ``crs``; ``None`` for rows without a location.
        count: Rows in the sublayer (``rows`` may be a sample).
        crs: From the file, ``None`` when it does not say.
        raw_text: Text values are Latin-1 reads of unknown bytes (detect their encoding).
        encoding: Encoding the reader decoded text with (``None`` when ``raw_text``).
        header_rows: Rows above the data (CSV/XLSX header).
        geometry_columns: CSV/XLSX candidate geometry columns.
        issues: Problems found while reading (bad coordinates...).
        notes: Lines for the officer.
        located: The file has a location column or geometry at all.
        row_numbers: Data row number of each row (empty: ``1..len(rows)``).
    """

    fmt: str
    sublayers: list[str]
    sublayer: str | None
    columns: list[str]
    rows: list[dict[str, Any]]
    geometries: list[BaseGeometry | None]
    count: int
    crs: CRS | None
    raw_text: bool = False
    encoding: str | None = "utf-8"
    header_rows: int = 0
    geometry_columns: dict[str, list[str]] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    located: bool = True
    row_numbers: list[int] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """The data row number of ``rows[index]``."""
        return self.row_numbers[index] if self.row_numbers else index + 1


def plain(value: Any) -> Any:
    """A cell as a plain Python value: ``None`` for NaN/NaT/blank, ISO text for dates."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, datetime):
        if value != value:  # NaT
            return None
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value
