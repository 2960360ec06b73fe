"""VN-2000 -> WGS 84: the official Circular 973/2001 datum shift.

Control value: no published VN-2000/WGS 84 coordinate pair for Bạc Liêu
was available offline, so the control is an *independent* implementation of
the Circular's 7-parameter Bursa-Wolf formula (geodetic -> ECEF on the WGS 84
ellipsoid, rotate/scale/translate, ECEF -> geodetic), written here in numpy
without PROJ. The ETL transform (PROJ pipeline) must agree with it to < 1 mm,
and so must pyproj's own EPSG choice "VN-2000 to WGS 84 (2)". The test also
pins the size of the sign-convention trap: the popular ``+towgs84`` string
(position-vector reading of the same numbers) is 0.1–1.5 m away.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import CRS, Geod, Transformer

from etl.crs import (
    VN2000_HELMERT,
    VN2000_TOWGS84,
    is_vn2000,
    to_wgs84_transformer,
    vn2000_tm3,
)

A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
ARCSEC = math.pi / (180 * 3600)
GEOD = Geod(ellps="WGS84")


def _to_ecef(lon: float, lat: float, h: float = 0.0) -> np.ndarray:
    lam, phi = math.radians(lon), math.radians(lat)
    n = A / math.sqrt(1 - E2 * math.sin(phi) ** 2)
    return np.array(
        [
            (n + h) * math.cos(phi) * math.cos(lam),
            (n + h) * math.cos(phi) * math.sin(lam),
            (n * (1 - E2) + h) * math.sin(phi),
        ]
    )


def _from_ecef(xyz: np.ndarray) -> tuple[float, float]:
    x, y, z = xyz
    lon = math.atan2(y, x)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(10):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - E2 * n / (n + h)))
    return math.degrees(lon), math.degrees(lat)


def _control(lon: float, lat: float, convention: str = "coordinate_frame") -> tuple[float, float]:
    """Bursa-Wolf with the Circular 973 parameters, small-angle rotation matrix."""
    dx, dy, dz, rx, ry, rz, s = VN2000_HELMERT
    rx, ry, rz = (r * ARCSEC for r in (rx, ry, rz))
    if convention == "position_vector":
        rx, ry, rz = -rx, -ry, -rz
    # Coordinate-frame rotation (EPSG 9607): X' = T + (1 + s) R X
    r = np.array([[1, rz, -ry], [-rz, 1, rx], [ry, -rx, 1]])
    out = np.array([dx, dy, dz]) + (1 + s * 1e-6) * r @ _to_ecef(lon, lat)
    return _from_ecef(out)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


POINTS = [(105.7245, 9.2850), (105.4500, 9.0300), (105.3000, 9.5500)]


@pytest.mark.parametrize("lon,lat", POINTS)
def test_geographic_vn2000_matches_independent_helmert(lon: float, lat: float) -> None:
    func = to_wgs84_transformer(CRS("EPSG:4756"))
    x, y = func(np.array([lon]), np.array([lat]))
    got = (float(x[0]), float(y[0]))
    assert _metres(got, _control(lon, lat)) < 0.001
    # The shift itself is real (about 100+ m of translation near the ellipsoid surface).
    assert _metres(got, (lon, lat)) > 1.0


@pytest.mark.parametrize("lon,lat", POINTS)
def test_pinned_shift_equals_epsg_circular_operation(lon: float, lat: float) -> None:
    from pyproj.transformer import TransformerGroup

    ops = {
        t.description: t
        for t in TransformerGroup("EPSG:4756", "EPSG:4326", always_xy=True).transformers
    }
    circular = next(t for d, t in ops.items() if "VN-2000 to WGS 84 (2)" in d)
    assert "-191.90441429" in circular.definition and "coordinate_frame" in circular.definition
    got = to_wgs84_transformer(CRS("EPSG:4756"))(np.array([lon]), np.array([lat]))
    assert _metres(circular.transform(lon, lat), (float(got[0][0]), float(got[1][0]))) < 0.001


def test_unpinned_pyproj_default_uses_oil_block_parameters_north_of_9_35() -> None:
    """Why we pin: PROJ picks "VN-2000 to WGS 84 (1)" (Mekong delta oil blocks
    DBSCL 02/03, area of use north of 9.35 N) for northern Bạc Liêu points."""
    lon, lat = 105.3, 9.55  # Hồng Dân / Phước Long area
    default = Transformer.from_crs("EPSG:4756", "EPSG:4326", always_xy=True).transform(lon, lat)
    pinned = to_wgs84_transformer(CRS("EPSG:4756"))(np.array([lon]), np.array([lat]))
    pinned_pt = (float(pinned[0][0]), float(pinned[1][0]))
    assert _metres(pinned_pt, _control(lon, lat)) < 0.001
    assert 0.3 < _metres(default, pinned_pt) < 1.5


def test_towgs84_string_is_the_other_rotation_convention() -> None:
    lon, lat = POINTS[0]
    bound = CRS.from_proj4(f"+proj=longlat +ellps=WGS84 +towgs84={VN2000_TOWGS84} +no_defs")
    assert not is_vn2000(bound)  # a file's own +towgs84 is respected
    pv = Transformer.from_crs(bound, "EPSG:4326", always_xy=True).transform(lon, lat)
    assert _metres(pv, _control(lon, lat, "position_vector")) < 0.001
    cf = to_wgs84_transformer(CRS("EPSG:4756"))(np.array([lon]), np.array([lat]))
    gap = _metres(pv, (float(cf[0][0]), float(cf[1][0])))
    assert 0.1 < gap < 1.5


def test_tm3_105_30_bac_lieu_zone() -> None:
    tm3 = vn2000_tm3(105.5)
    assert is_vn2000(tm3) and is_vn2000(CRS("EPSG:9209")) and is_vn2000(CRS("EPSG:3405"))
    # On the central meridian the easting is the false easting, 500 000 m.
    fwd = Transformer.from_crs("EPSG:4756", tm3, always_xy=True)
    e, n = fwd.transform(105.5, 9.3)
    assert e == pytest.approx(500000.0, abs=1e-6)
    # Same projection as EPSG:9209 (VN-2000 / TM-3 105-30), k0 = 0.9999.
    e2, n2 = Transformer.from_crs("EPSG:4756", "EPSG:9209", always_xy=True).transform(105.5, 9.3)
    assert (e, n) == pytest.approx((e2, n2), abs=1e-6)
    # TM-3 -> WGS 84 equals: inverse projection, then the control Helmert.
    x, y = fwd.transform(105.7245, 9.2850)
    got = to_wgs84_transformer(tm3)(np.array([x]), np.array([y]))
    assert _metres((float(got[0][0]), float(got[1][0])), _control(105.7245, 9.2850)) < 0.001


def test_utm_vn2000_3405_round_trip() -> None:
    lon, lat = POINTS[1]
    fwd = Transformer.from_crs("EPSG:4756", "EPSG:3405", always_xy=True)
    x, y = fwd.transform(lon, lat)
    got = to_wgs84_transformer(CRS("EPSG:3405"))(np.array([x]), np.array([y]))
    assert _metres((float(got[0][0]), float(got[1][0])), _control(lon, lat)) < 0.001


def test_wgs84_is_not_vn2000() -> None:
    assert not is_vn2000(CRS("EPSG:4326"))
    assert not is_vn2000(CRS("EPSG:32648"))
