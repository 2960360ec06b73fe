"""Builders of synthetic upload files (every file says "synthetic" in its name or content).

Coordinates are around Bạc Liêu (about 105.72 E, 9.29 N) so that the files land in the
province; names and statuses are synthetic test data, not facts about real places.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import shapefile
from pyproj import CRS, Transformer
from shapely.geometry import Point

from etl.crs import helmert_pipeline
from etl.uploads.encoding import encode

#: Synthetic rows: (name, status, (lon, lat)) in Bạc Liêu.
SYNTHETIC_ROWS: list[tuple[str, str, tuple[float, float]]] = [
    ("Nhà máy nước Bạc Liêu", "Đang vận hành", (105.7245, 9.2850)),
    ("Trạm cấp nước xã Vĩnh Trạch", "planned", (105.7700, 9.2700)),
    ("Khu công nghiệp Trà Kha", "Đang xây dựng", (105.7400, 9.3000)),
    ("Điện gió Đông Hải 1", "operating", (105.5000, 9.1500)),
]
SYNTHETIC_NOTE = "synthetic test data"


def vn2000_from_wgs84(lon: float, lat: float, epsg: int = 9209) -> tuple[float, float]:
    """WGS 84 lon/lat -> VN-2000 coordinates in ``epsg``, with the pinned Circular 973 shift."""
    shift = Transformer.from_pipeline(helmert_pipeline())
    vn_lon, vn_lat = shift.transform(lon, lat, direction="INVERSE")
    to_proj = Transformer.from_crs("EPSG:4756", CRS.from_epsg(epsg), always_xy=True)
    x, y = to_proj.transform(vn_lon, vn_lat)
    return float(x), float(y)


def _zip(path: Path, files: dict[str, bytes], comment: bytes = b"synthetic test data") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.comment = comment
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def shapefile_parts(
    rows: Sequence[tuple[Any, ...]],
    *,
    columns: Sequence[str] = ("ten", "trang_thai"),
    encoding: str = "tcvn3",
    epsg: int | None = 9209,
    raw_values: bool = False,
) -> dict[str, bytes]:
    """The .shp/.shx/.dbf bytes of a point Shapefile (coordinates: WGS 84 lon/lat in rows).

    Args:
        rows: ``(value, value, ..., (lon, lat))``; lon/lat are projected to ``epsg`` (VN-2000
            with the official shift) or written as given when ``epsg`` is ``None``.
        columns: DBF column names for the values.
        encoding: How the DBF text is written (``tcvn3``, ``vni``, ``cp1258``, ``utf-8``).
        epsg: Target CRS (``None``: write lon/lat as given, e.g. NaN).
        raw_values: Values are bytes written as they are.
    """
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(
        shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POINT, encoding="latin-1"
    ) as writer:
        for column in columns:
            writer.field(column, "C", size=120)
        for row in rows:
            *values, (lon, lat) = row
            x, y = vn2000_from_wgs84(lon, lat, epsg) if epsg else (lon, lat)
            writer.point(x, y)
            writer.record(*[_dbf_text(v, encoding, raw_values) for v in values])
    return {".shp": shp.getvalue(), ".shx": shx.getvalue(), ".dbf": dbf.getvalue()}


def _dbf_text(value: Any, encoding: str, raw: bool) -> str:
    if value is None:
        return ""
    data = value if raw else encode(str(value), encoding)
    return data.decode("latin-1")


def vn2000_tcvn3_shapefile_zip(
    path: Path,
    rows: Sequence[tuple[Any, ...]] | None = None,
    columns: Sequence[str] = ("ten", "trang_thai"),
    prj: bool | str = True,
    cpg: bool | str = False,
    epsg: int | None = 9209,
    *,
    encoding: str = "tcvn3",
    stem: str = "synthetic_cong_trinh",
    without: Sequence[str] = (),
    raw_values: bool = False,
) -> Path:
    """A zipped point Shapefile in VN-2000 (``epsg``) whose DBF text is TCVN3 (by default).

    Args:
        path: The .zip to write.
        rows: ``(name, status, (lon, lat))`` (WGS 84); default :data:`SYNTHETIC_ROWS`.
        columns: DBF columns.
        prj: Write a .prj (ESRI WKT of ``epsg``), or the .prj text to write.
        cpg: Write a .cpg saying ``UTF-8``, or the .cpg text.
        epsg: VN-2000 CRS the coordinates are projected to (``None``: lon/lat as given,
            with a WGS 84 .prj).
        encoding: DBF text encoding.
        stem: File name of the Shapefile in the zip.
        without: Parts to leave out (``".shx"``, ``".dbf"``).
        raw_values: Row values are bytes written as they are.
    """
    parts = shapefile_parts(
        rows if rows is not None else SYNTHETIC_ROWS,
        columns=columns,
        encoding=encoding,
        epsg=epsg,
        raw_values=raw_values,
    )
    if prj:
        parts[".prj"] = (prj if isinstance(prj, str) else _esri_wkt(epsg)).encode()
    if cpg:
        parts[".cpg"] = (cpg if isinstance(cpg, str) else "UTF-8").encode()
    files = {f"{stem}{ext}": data for ext, data in parts.items() if ext not in without}
    return _zip(path, files)


def _esri_wkt(epsg: int | None) -> str:
    return CRS.from_epsg(epsg or 4326).to_wkt("WKT1_ESRI")


def two_shapefiles_zip(path: Path) -> Path:
    """A zip with two Shapefiles (``a/synthetic_one``, ``synthetic_two``), UTF-8 with .cpg."""
    files: dict[str, bytes] = {}
    for stem, rows in (
        ("a/synthetic_one", SYNTHETIC_ROWS[:2]),
        ("synthetic_two", SYNTHETIC_ROWS[2:]),
    ):
        parts = shapefile_parts(rows, encoding="utf-8")
        parts[".prj"] = _esri_wkt(9209).encode()
        parts[".cpg"] = b"UTF-8"
        files.update({f"{stem}{ext}": data for ext, data in parts.items()})
    return _zip(path, files)


def geojson_file(
    path: Path,
    rows: Sequence[tuple[Any, ...]] | None = None,
    *,
    columns: Sequence[str] = ("ten", "trang_thai"),
    geometries: Sequence[dict[str, Any] | None] | None = None,
    text: str | None = None,
) -> Path:
    """A GeoJSON FeatureCollection of points (or the given geometries / raw text)."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
        return path
    rows = rows if rows is not None else SYNTHETIC_ROWS
    features = []
    for i, (*values, (lon, lat)) in enumerate(rows):
        geometry = geometries[i] if geometries else {"type": "Point", "coordinates": [lon, lat]}
        properties = dict(zip(columns, values, strict=False))
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    doc = {"type": "FeatureCollection", "name": "synthetic", "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def gpkg_two_layers(path: Path) -> Path:
    """A GeoPackage with layers ``synthetic_water`` (2 points) and ``synthetic_parks`` (2)."""
    for layer, rows in (
        ("synthetic_water", SYNTHETIC_ROWS[:2]),
        ("synthetic_parks", SYNTHETIC_ROWS[2:]),
    ):
        gdf = gpd.GeoDataFrame(
            {"ten": [r[0] for r in rows], "trang_thai": [r[1] for r in rows]},
            geometry=[Point(*r[2]) for r in rows],
            crs=4326,
        )
        gdf.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    return path


def csv_file(
    path: Path,
    header: Sequence[str] = ("ten", "trang_thai", "lon", "lat"),
    rows: Sequence[Sequence[Any]] | None = None,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    """A CSV (header first); text encoded with :func:`etl.uploads.encoding.encode`."""
    rows = rows if rows is not None else [(n, s, lon, lat) for n, s, (lon, lat) in SYNTHETIC_ROWS]
    lines = [delimiter.join(header)]
    lines += [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + encode(text, encoding)
    path.write_bytes(data)
    return path


def xlsx_file(path: Path, sheets: dict[str, Sequence[Sequence[Any]]] | None = None) -> Path:
    """An XLSX workbook: sheet name -> rows (header first)."""
    sheets = sheets or {
        "synthetic": [
            ("ten", "trang_thai", "lon", "lat"),
            *[(n, s, lon, lat) for n, s, (lon, lat) in SYNTHETIC_ROWS],
        ]
    }
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def kml_text(
    rows: Sequence[tuple[Any, ...]] | None = None, *, prologue: str = "", folders: int = 1
) -> str:
    """KML with one Placemark per row (name, a ``trang_thai`` data field, a point)."""
    rows = rows if rows is not None else SYNTHETIC_ROWS
    per_folder = max(1, -(-len(rows) // folders))
    chunks = []
    for f in range(folders):
        marks = "".join(
            f'<Placemark><name>{name}</name><ExtendedData><Data name="trang_thai">'
            f"<value>{status}</value></Data></ExtendedData>"
            f"<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>"
            for name, status, (lon, lat) in rows[f * per_folder : (f + 1) * per_folder]
        )
        chunks.append(f"<Folder><name>synthetic_folder_{f + 1}</name>{marks}</Folder>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>synthetic</name>'
        + "".join(chunks)
        + "</Document></kml>"
    )


def kml_file(path: Path, text: str | None = None, **kwargs: Any) -> Path:
    """A KML file (see :func:`kml_text`)."""
    path.write_text(text if text is not None else kml_text(**kwargs), encoding="utf-8")
    return path


def kmz_file(path: Path, text: str | None = None) -> Path:
    """A KMZ: ``doc.kml`` zipped."""
    return _zip(path, {"doc.kml": (text or kml_text()).encode("utf-8")})


def zip_bomb(path: Path, mib: int = 20, name: str = "synthetic_bomb.shp") -> Path:
    """A small zip whose member expands to ``mib`` MiB of zeros (ratio about 1000:1)."""
    block = b"\x00" * 2**20
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(mib):
            member.write(block)
    return path


def zip_slip(path: Path, name: str = "../../synthetic_evil.shp") -> Path:
    """A zip with a member whose path climbs out of the extraction folder."""
    return _zip(path, {name: b"synthetic", "synthetic_ok.txt": b"synthetic"})


def zip_symlink(path: Path) -> Path:
    """A zip whose member is a symbolic link to /etc/passwd."""
    info = zipfile.ZipInfo("synthetic_link.shp")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info, "/etc/passwd")
    return path


def fake_zip(path: Path) -> Path:
    """A text file named .zip."""
    path.write_text("synthetic: this is not a zip archive\n", encoding="utf-8")
    return path
