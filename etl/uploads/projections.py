"""Coordinate reference systems of an upload: presets, what an officer types, what a file says.

Everything on the VN-2000 datum goes through :func:`etl.crs.to_wgs84_transformer`, the
pinned seven-parameter shift of Circular 973/2001/TT-TCĐC. A custom ``.prj`` that carries the
Circular's seven numbers as ``TOWGS84`` (the widely copied ``+towgs84`` string) is read as
VN-2000 too: the numbers say which shift its author meant, and the EPSG registry's encoding of
that shift is the pinned one (see :mod:`etl.crs` for the 0.5 m difference).

The TM-3 presets are labelled by the central meridian EPSG gives their code (checked with
pyproj in the tests) and, for the two provinces of today's Cà Mau, by Circular 973/2001's table
of provincial central meridians (Bạc Liêu 105°30′, Cà Mau 104°30′). EPSG's areas of use list
other provinces for these codes; the meridian, not the list, is what a file was projected with.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import shapely
from pyproj import CRS
from pyproj.crs import ProjectedCRS
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from etl.crs import VN2000_HELMERT, WGS84, is_vn2000, to_wgs84_transformer
from webmap.errors import BadRequest

#: Preset id -> (CRS, label in Vietnamese, label in English).
CRS_PRESETS: dict[str, tuple[str, str, str]] = {
    "wgs84": ("EPSG:4326", "WGS 84 kinh độ/vĩ độ (GPS)", "WGS 84 longitude/latitude (GPS)"),
    "vn2000-geo": ("EPSG:4756", "VN-2000 kinh độ/vĩ độ", "VN-2000 longitude/latitude"),
    "vn2000-utm48": ("EPSG:3405", "VN-2000 / UTM múi 48N", "VN-2000 / UTM zone 48N"),
    "vn2000-tm3-104.5": (
        "EPSG:9207",
        "VN-2000 / TM-3 kinh tuyến trục 104°30′ (Cà Mau theo TT 973/2001)",
        "VN-2000 / TM-3 central meridian 104°30′ (Cà Mau in Circular 973/2001)",
    ),
    "vn2000-tm3-105": (
        "EPSG:5897",
        "VN-2000 / TM-3 kinh tuyến trục 105°00′ (múi 482)",
        "VN-2000 / TM-3 central meridian 105°00′ (zone 482)",
    ),
    "vn2000-tm3-105.5": (
        "EPSG:9209",
        "VN-2000 / TM-3 kinh tuyến trục 105°30′ (Bạc Liêu theo TT 973/2001)",
        "VN-2000 / TM-3 central meridian 105°30′ (Bạc Liêu in Circular 973/2001)",
    ),
    "vn2000-tm3-105.75": (
        "EPSG:9210",
        "VN-2000 / TM-3 kinh tuyến trục 105°45′",
        "VN-2000 / TM-3 central meridian 105°45′",
    ),
}
#: Longest CRS text accepted from a user (a WKT definition is a few kB).
MAX_CRS_TEXT = 20_000
_TOLERANCE = 1e-7

#: The Circular's numbers as a bound CRS may carry them: as written, or with the rotations
#: negated (GDAL turns an ESRI .prj's coordinate-frame TOWGS84 into position-vector form).
_CIRCULAR_READINGS = (
    VN2000_HELMERT,
    VN2000_HELMERT[:3] + tuple(-r for r in VN2000_HELMERT[3:6]) + VN2000_HELMERT[6:],
)

Transform = Callable[[BaseGeometry], BaseGeometry]


def parse_crs(text: str) -> CRS:
    """The CRS an officer chose: a preset id, ``EPSG:n`` (or just ``n``) or WKT/PROJ text.

    Raises:
        BadRequest: The text is not a CRS pyproj knows.
    """
    text = (text or "").strip()
    if text in CRS_PRESETS:
        text = CRS_PRESETS[text][0]
    elif text.isdigit():
        text = f"EPSG:{text}"
    if not text or len(text) > MAX_CRS_TEXT:
        raise _bad_crs(text)
    try:
        return CRS.from_user_input(text)
    except (CRSError, ValueError, TypeError) as exc:
        raise _bad_crs(text) from exc


def _bad_crs(text: str) -> BadRequest:
    shown = text if len(text) <= 60 else text[:59] + "…"
    presets = ", ".join(CRS_PRESETS)
    return BadRequest(
        f"hệ tọa độ không hợp lệ: {shown!r}; hãy chọn một mục có sẵn ({presets}), "
        "nhập mã EPSG (ví dụ EPSG:9209) hoặc WKT",
        f"not a valid coordinate reference system: {shown!r}; choose a preset ({presets}), "
        "type an EPSG code (e.g. EPSG:9209) or WKT",
        crs=shown,
    )


def crs_label(crs: CRS) -> tuple[str, str | None]:
    """``(authority string or WKT, human name)`` of a CRS, as :class:`SourceInfo` shows it."""
    authority = crs.to_authority(min_confidence=90)
    text = f"{authority[0]}:{authority[1]}" if authority else crs.to_wkt()
    return text, crs.name


def circular_towgs84(crs: CRS) -> CRS | None:
    """The VN-2000 CRS a bound CRS with the Circular 973 ``TOWGS84`` numbers stands for.

    The rotations may come with either sign: both readings name the Circular's shift, and the
    EPSG encoding of it (the pinned one) is used.

    Returns:
        The same CRS rebuilt on the VN-2000 datum (EPSG:4756), or ``None`` when ``crs`` is
        not bound to exactly those seven numbers on the WGS 84 ellipsoid.
    """
    if not crs.is_bound or crs.coordinate_operation is None or crs.source_crs is None:
        return None
    values = [p.value for p in crs.coordinate_operation.params]
    if len(values) != 7 or not all(isinstance(v, int | float) for v in values):
        return None
    numbers = [float(v) for v in values]
    if not any(_same(numbers, circular) for circular in _CIRCULAR_READINGS):
        return None
    source = crs.source_crs
    ellipsoid = source.ellipsoid
    if ellipsoid is None or not math.isclose(ellipsoid.semi_major_metre, 6378137.0):
        return None
    if source.is_projected and source.coordinate_operation is not None:
        return ProjectedCRS(
            name=f"{source.name} (VN-2000)",
            geodetic_crs=CRS("EPSG:4756"),
            conversion=source.coordinate_operation,
        )
    return CRS("EPSG:4756") if source.is_geographic else None


def _same(values: list[float], expected: tuple[float, ...]) -> bool:
    return all(
        math.isclose(a, b, abs_tol=_TOLERANCE) for a, b in zip(values, expected, strict=True)
    )


def effective_crs(crs: CRS) -> tuple[CRS, list[str]]:
    """The CRS to transform from, with a note when a ``TOWGS84`` was read as VN-2000."""
    vn = circular_towgs84(crs)
    if vn is None:
        return crs, []
    return vn, [
        "Tệp .prj mang 7 tham số TOWGS84 của Thông tư 973/2001/TT-TCĐC: dùng phép chuyển "
        "VN-2000 chính thức. / The .prj carries the seven TOWGS84 numbers of Circular "
        "973/2001/TT-TCĐC: the official VN-2000 shift is used."
    ]


def to_wgs84(crs: CRS) -> Transform:
    """A function mapping a geometry in ``crs`` to EPSG:4326 (VN-2000: the pinned shift)."""
    if crs.equals(CRS(WGS84)):
        return lambda geom: geom
    func = to_wgs84_transformer(crs)

    def tx(xy: np.ndarray) -> np.ndarray:
        lon, lat = func(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return lambda geom: shapely.transform(geom, tx)


def uses_vn2000(crs: CRS) -> bool:
    """Whether the official VN-2000 shift applies to ``crs`` (for notes)."""
    return is_vn2000(crs)
