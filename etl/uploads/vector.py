"""GeoJSON, GeoPackage, Shapefile and KML layers through pyogrio (GDAL).

GDAL raises many kinds of error on a corrupt file; every call into it goes through
:func:`gdal_call`, which turns any failure into a :class:`DataError` naming the file (the
library's message without the server's folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from etl.uploads.frame import Frame, plain
from etl.uploads.model import LimitExceeded, Limits, file_error
from webmap.errors import BadRequest, GreenMapError

T = TypeVar("T")
#: Rows read by :func:`~etl.uploads.inspect` (a sample for columns and encoding detection).
INSPECT_ROWS = 200


def gdal_call(shown: Path, call: Callable[[], T]) -> T:
    """Run a pyogrio call; any failure becomes a :class:`DataError` about ``shown``."""
    try:
        return call()
    except GreenMapError:
        raise
    except Exception as exc:  # GDAL/pyogrio raise many types on a corrupt file
        detail = _strip_paths(str(exc).split("\n")[0][:200])
        raise file_error(
            shown,
            f"không đọc được tệp: {detail}",
            f"cannot read the file: {detail}",
            "read",
        ) from exc


def _strip_paths(text: str) -> str:
    """Drop absolute paths a library put in its message (never show server folders)."""
    return " ".join(
        Path(word).name if word.startswith(("/", "'/", '"/')) else word for word in text.split()
    )


def list_sublayers(local: Path, shown: Path) -> list[str]:
    """Layer names of a GeoPackage or KML file (one name for a single-layer file)."""
    layers = gdal_call(shown, lambda: pyogrio.list_layers(local))
    return [str(row[0]) for row in layers]


def choose(
    sublayers: list[str],
    wanted: str | None,
    shown: Path,
    what: tuple[str, str],
    *,
    first: bool = False,
) -> str:
    """The sublayer to read: ``wanted``, or the only one (``first``: else the first one, for a
    preview that lists them all).

    Raises:
        BadRequest: ``wanted`` is not one of them, or several exist and none was chosen (the
            message lists them; ``details['sublayers']`` too).
    """
    if wanted is not None and wanted in sublayers:
        return wanted
    if wanted is None and (len(sublayers) == 1 or (first and sublayers)):
        return sublayers[0]
    if not sublayers:
        raise file_error(shown, f"tệp không có {what[0]} nào", f"the file has no {what[1]}", "read")
    names = ", ".join(repr(s) for s in sublayers)
    if wanted is not None:
        vi = f"tệp {shown.name} không có {what[0]} {wanted!r}; có: {names}"
        en = f"file {shown.name} has no {what[1]} {wanted!r}; it has: {names}"
    else:
        vi = f"tệp {shown.name} có {len(sublayers)} {what[0]}: {names}; hãy chọn một"
        en = f"file {shown.name} holds {len(sublayers)} {what[1]}s: {names}; choose one"
    err = BadRequest(vi, en, sublayers=list(sublayers))
    err.code = "sublayer_required"
    raise err


def layer_crs(info: dict[str, Any]) -> CRS | None:
    """The CRS pyogrio reports for a layer, ``None`` when the file gives none."""
    text = info.get("crs")
    if not text:
        return None
    try:
        return CRS.from_user_input(text)
    except CRSError:
        return None


def read_vector(
    local: Path,
    shown: Path,
    layer: str | None,
    *,
    limits: Limits,
    sample: bool,
    encoding: str | None = None,
) -> tuple[list[str], list[dict[str, Any]], list[Any], int, CRS | None]:
    """Columns, rows, geometries, feature count and CRS of one layer.

    The feature count is checked against ``limits`` before any feature is read.
    """
    kwargs: dict[str, Any] = {"layer": layer} if layer else {}
    if encoding:
        # GDAL's Shapefile open option: recode from this encoding (pyogrio's own ``encoding``
        # argument does not reach the DBF reader in every version).
        kwargs["ENCODING"] = encoding
    info = gdal_call(shown, lambda: pyogrio.read_info(local, force_feature_count=True, **kwargs))
    count = int(info.get("features") or 0)
    check_count(count, shown, limits)
    limit = INSPECT_ROWS if sample else None
    df = gdal_call(
        shown,
        lambda: pyogrio.read_dataframe(
            local, force_2d=True, on_invalid="ignore", max_features=limit, **kwargs
        ),
    )
    geometry = df.geometry.name if "geometry" in df else None
    columns = [str(c) for c in df.columns if c != geometry]
    rows = [
        {col: plain(value) for col, value in zip(columns, values, strict=True)}
        for values in df[columns].itertuples(index=False, name=None)
    ]
    geoms = list(df.geometry) if geometry else [None] * len(rows)
    return columns, rows, geoms, count, layer_crs(info)


def check_count(count: int, shown: Path, limits: Limits) -> None:
    """Refuse a layer with more features than :attr:`Limits.max_features`."""
    if count > limits.max_features:
        raise file_error(
            shown,
            f"lớp có {count} đối tượng, nhiều hơn giới hạn {limits.max_features}; hãy chia nhỏ tệp",
            f"the layer holds {count} features, more than the limit of {limits.max_features}; "
            "split the file",
            "limits",
            cls=LimitExceeded,
        )


def vector_frame(
    fmt: str,
    local: Path,
    shown: Path,
    layer: str | None,
    sublayers: list[str],
    *,
    limits: Limits,
    sample: bool,
    raw_text: bool = False,
) -> Frame:
    """A :class:`Frame` of one layer (``raw_text``: read DBF text as Latin-1, one code point
    per byte, for encoding detection)."""
    encoding = "ISO-8859-1" if raw_text else None
    columns, rows, geoms, count, crs = read_vector(
        local, shown, layer, limits=limits, sample=sample, encoding=encoding
    )
    return Frame(
        fmt=fmt,
        sublayers=sublayers,
        sublayer=layer if len(sublayers) > 1 else None,
        columns=columns,
        rows=rows,
        geometries=[None if g is None else g for g in geoms],
        count=count,
        crs=crs,
        raw_text=raw_text,
        encoding=None if raw_text else "utf-8",
    )
