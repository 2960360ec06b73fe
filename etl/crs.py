"""Coordinate reference systems: VN-2000 and the metric CRS used for measures.

VN-2000 (EPSG:4756) uses the WGS 84 ellipsoid but a local datum. The
official datum shift to WGS 84 is the 7-parameter set of Circular
973/2001/TT-TCĐC::

    dX = -191.90441429 m, dY = -39.30318279 m, dZ = -111.45032835 m
    rX = -0.00928836",    rY = +0.01975479",   rZ = -0.00427372"
    dS = +0.252906278 ppm

What pyproj (PROJ 9 + EPSG database) already does: for EPSG:4756 -> 4326
it picks "VN-2000 to WGS 84 (2)", a Helmert with exactly these seven
numbers under the **coordinate-frame** convention (EPSG method 9607). The
widely copied PROJ.4 string
``+towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278``
feeds the same numbers to ``+towgs84``, which PROJ reads with the
**position-vector** convention (EPSG 9606), i.e. with the rotations reversed.
The two differ by about 0.5 m in Bạc Liêu. We follow the EPSG registry's
encoding of the Circular (coordinate frame) and pin it as an explicit
pipeline. Pinning matters: left to itself, PROJ picks "VN-2000 to WGS 84
(1)" (-192.873/-39.382/-111.202, derived for the Mekong-delta oil blocks
DBSCL 02/03, area of use north of 9.35 N) for points in northern Bạc Liêu
(Hồng Dân, Phước Long), about 0.8 m away from the Circular. The other
reading is available as ``convention="position_vector"`` for data known to
have been produced with the ``+towgs84`` string.

Bạc Liêu's provincial TM-3 zone has central meridian 105°30' (EPSG:9209,
k0 = 0.9999, false easting 500 000 m).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer

#: Circular 973/2001/TT-TCĐC parameters: metres, arc-seconds, ppm.
VN2000_HELMERT: tuple[float, float, float, float, float, float, float] = (
    -191.90441429,
    -39.30318279,
    -111.45032835,
    -0.00928836,
    0.01975479,
    -0.00427372,
    0.252906278,
)
#: The ``+towgs84`` string quoted in briefs and QGIS recipes (position-vector reading).
VN2000_TOWGS84 = ",".join(repr(v) for v in VN2000_HELMERT)
#: Bạc Liêu's VN-2000 TM-3 zone (central meridian 105°30').
BAC_LIEU_TM3 = "EPSG:9209"
#: Metric CRS for areas and lengths (WGS 84 / UTM 48N).
METRIC_CRS = "EPSG:32648"
WGS84 = "EPSG:4326"


def vn2000_tm3(central_meridian: float = 105.5) -> CRS:
    """Return a VN-2000 TM-3 projected CRS for a provincial central meridian.

    Args:
        central_meridian: Degrees east (Bạc Liêu: 105.5, i.e. 105°30').

    Returns:
        The CRS; its datum is VN-2000, so :func:`to_wgs84_transformer`
        applies the official shift.
    """
    from pyproj.crs import ProjectedCRS
    from pyproj.crs.coordinate_operation import TransverseMercatorConversion

    return ProjectedCRS(
        name=f"VN-2000 / TM-3 {central_meridian}",
        geodetic_crs=CRS("EPSG:4756"),
        conversion=TransverseMercatorConversion(
            latitude_natural_origin=0.0,
            longitude_natural_origin=central_meridian,
            scale_factor_natural_origin=0.9999,
            false_easting=500000.0,
            false_northing=0.0,
        ),
    )


def is_vn2000(crs: CRS) -> bool:
    """Whether a CRS is based on the VN-2000 datum (EPSG code or WKT/ESRI name).

    A bound CRS (one that already carries its own ``+towgs84``) is not
    treated as plain VN-2000: its declared shift is respected.
    """
    if crs.is_bound:
        return False
    geodetic = crs.geodetic_crs
    if geodetic is None:
        return False
    if geodetic.to_epsg() == 4756:
        return True
    datum = (geodetic.datum.name if geodetic.datum else "").lower().replace("_", " ")
    return "vietnam" in datum and "2000" in datum


def helmert_pipeline(convention: str = "coordinate_frame") -> str:
    """PROJ pipeline: VN-2000 lon/lat (degrees) -> WGS 84 lon/lat (degrees).

    Args:
        convention: ``coordinate_frame`` (EPSG encoding of the Circular) or
            ``position_vector`` (what ``+towgs84`` with the same numbers does).
    """
    if convention not in ("coordinate_frame", "position_vector"):
        raise ValueError(f"unknown Helmert convention {convention!r}")
    x, y, z, rx, ry, rz, s = VN2000_HELMERT
    return (
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        "+step +proj=push +v_3 +step +proj=cart +ellps=WGS84 "
        f"+step +proj=helmert +x={x} +y={y} +z={z} +rx={rx} +ry={ry} +rz={rz} +s={s} "
        f"+convention={convention} "
        "+step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 "
        "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )


@lru_cache(maxsize=32)
def _transformer(src_wkt: str, convention: str) -> Callable[[np.ndarray, np.ndarray], tuple]:
    src = CRS.from_wkt(src_wkt)
    if is_vn2000(src):
        to_geog = Transformer.from_crs(src, CRS("EPSG:4756"), always_xy=True)
        shift = Transformer.from_pipeline(helmert_pipeline(convention))

        def vn(x: np.ndarray, y: np.ndarray) -> tuple:
            lon, lat = to_geog.transform(x, y)
            return shift.transform(lon, lat)

        return vn
    plain = Transformer.from_crs(src, CRS(WGS84), always_xy=True)

    def other(x: np.ndarray, y: np.ndarray) -> tuple:
        return plain.transform(x, y)

    return other


def to_wgs84_transformer(
    crs: CRS, convention: str = "coordinate_frame"
) -> Callable[[np.ndarray, np.ndarray], tuple]:
    """Return ``f(x, y) -> (lon, lat)`` from ``crs`` to EPSG:4326.

    VN-2000 based CRSs (geographic EPSG:4756, UTM EPSG:3405/3406, TM-3 zones
    EPSG:5896-5899 and 9205-9218, or an ESRI/WKT definition with the
    "Vietnam 2000" datum) go through the pinned official Helmert shift.

    Args:
        crs: Source CRS.
        convention: Helmert rotation convention for VN-2000 (see module doc).
    """
    return _transformer(crs.to_wkt(), convention)
