"""Read an officer's upload safely and turn its rows into domain features with a report.

Pure: no store, no Flask. The steps a caller runs:

1. :func:`inspect` — format, sublayers, columns, a sample, feature count, CRS and encoding
   (archives and sizes checked first; nothing is read past the limits).
2. :func:`guess_mapping` — a first guess of which column feeds which field.
3. :func:`read_rows` — every row, text in NFC Unicode, geometry in EPSG:4326.
4. :func:`to_features` — domain :class:`~webmap.domain.Feature` records and the per-row
   validation report (:class:`RowIssue`; errors block the upload).

Formats: GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ, CSV and XLSX (lon/lat or WKT
columns). Errors a user can cause are :class:`webmap.errors.GreenMapError` subclasses naming
the file: :class:`~webmap.errors.DataError` (422; :class:`LimitExceeded` 413) for a file that
cannot be used, :class:`~webmap.errors.BadRequest` (400; :class:`CrsRequired` with code
``crs_required``) for a choice the officer must make or correct.
"""

from __future__ import annotations

from etl.uploads.encoding import ENCODING_LABELS, ENCODINGS
from etl.uploads.mapping import FIELD_TARGETS, guess_mapping
from etl.uploads.model import (
    Converted,
    CrsRequired,
    LimitExceeded,
    Limits,
    Provenance,
    RawTable,
    ReadOptions,
    RowIssue,
    SourceInfo,
)
from etl.uploads.projections import CRS_PRESETS
from etl.uploads.reading import inspect, read_rows
from etl.uploads.validate import to_features

__all__ = [
    "CRS_PRESETS",
    "ENCODINGS",
    "ENCODING_LABELS",
    "FIELD_TARGETS",
    "Converted",
    "CrsRequired",
    "LimitExceeded",
    "Limits",
    "Provenance",
    "RawTable",
    "ReadOptions",
    "RowIssue",
    "SourceInfo",
    "guess_mapping",
    "inspect",
    "read_rows",
    "to_features",
]
