"""One reader per kind of file: safety checks first, then a :class:`Frame` of one sublayer."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from etl.uploads.archive import check_members, extract, open_zip, private_dir
from etl.uploads.formats import check_content, check_kml, check_size, kind_of
from etl.uploads.frame import Frame
from etl.uploads.model import Limits, ReadOptions, file_error
from etl.uploads.tabular import csv_frame, xlsx_frame
from etl.uploads.vector import choose, list_sublayers, vector_frame

Reader = Callable[[Path, Path, ReadOptions, Limits, bool], Frame]
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def load_frame(path: Path, options: ReadOptions, limits: Limits, *, sample: bool) -> Frame:
    """Check ``path`` and read one sublayer of it (``sample``: the first rows only).

    Every archive is checked before extraction, and extracted files live in a private
    temporary folder removed before this returns.
    """
    path = Path(path)
    kind = kind_of(path)
    check_size(path, limits)
    check_content(path, kind)
    with private_dir() as work:
        return READERS[kind](path, work, options, limits, sample)


def _geojson(path: Path, work: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    return vector_frame("geojson", path, path, None, [], limits=limits, sample=sample)


def _gpkg(path: Path, work: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    sublayers = list_sublayers(path, path)
    layer = choose(sublayers, options.sublayer, path, ("lớp", "layer"), first=sample)
    return vector_frame("gpkg", path, path, layer, sublayers, limits=limits, sample=sample)


def _kml_file(
    local: Path, shown: Path, options: ReadOptions, limits: Limits, sample: bool
) -> Frame:
    check_kml(local.read_bytes(), shown)
    sublayers = list_sublayers(local, shown)
    layer = choose(sublayers, options.sublayer, shown, ("thư mục", "folder"), first=sample)
    return vector_frame("kml", local, shown, layer, sublayers, limits=limits, sample=sample)


def _kml(path: Path, work: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    return _kml_file(path, path, options, limits, sample)


def _kmz(path: Path, work: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    with open_zip(path) as zf:
        members = check_members(zf, path, limits)
        kmls = [m for m in members if m.filename.lower().endswith(".kml")]
        if not kmls:
            raise file_error(path, "KMZ không chứa tệp .kml", "the KMZ holds no .kml file", "read")
        doc = next((m for m in kmls if m.filename.lower() == "doc.kml"), kmls[0])
        extract(zf, [(doc, "doc.kml")], work, path)
    return _kml_file(work / "doc.kml", path, options, limits, sample)


def _stem(name: str) -> str:
    return str(PurePosixPath(name.replace("\\", "/")).with_suffix(""))


def _shapefile_parts(members: list[zipfile.ZipInfo], stem: str) -> dict[str, zipfile.ZipInfo]:
    """Extension -> member for the Shapefile ``stem`` (extensions matched case-insensitively)."""
    parts: dict[str, zipfile.ZipInfo] = {}
    for info in members:
        suffix = PurePosixPath(info.filename).suffix.lower()
        if suffix in _SHAPEFILE_PARTS and _stem(info.filename).lower() == stem.lower():
            parts[suffix] = info
    return parts


def _shapefile(path: Path, work: Path, options: ReadOptions, limits: Limits, sample: bool) -> Frame:
    with open_zip(path) as zf:
        members = check_members(zf, path, limits)
        stems = sorted(_stem(m.filename) for m in members if m.filename.lower().endswith(".shp"))
        if not stems:
            raise file_error(
                path,
                "tệp .zip không chứa Shapefile (.shp) nào",
                "the .zip holds no Shapefile (.shp)",
                "read",
            )
        stem = choose(stems, options.sublayer, path, ("Shapefile", "Shapefile"), first=sample)
        parts = _shapefile_parts(members, stem)
        _require_parts(parts, stem, path)
        extract(zf, [(info, "layer" + ext) for ext, info in parts.items()], work, path)
    raw = ".cpg" not in parts or options.encoding != "auto"
    frame = vector_frame(
        "shapefile",
        work / "layer.shp",
        path,
        None,
        stems,
        limits=limits,
        sample=sample,
        raw_text=raw,
    )
    frame.sublayer = stem if len(stems) > 1 else None
    return frame


def _require_parts(parts: dict[str, zipfile.ZipInfo], stem: str, path: Path) -> None:
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        names = ", ".join(PurePosixPath(stem).name + ext for ext in missing)
        raise file_error(
            path,
            f"Shapefile {stem!r} thiếu tệp {names}; hãy nén đủ .shp, .shx, .dbf và .prj",
            f"Shapefile {stem!r} is missing {names}; zip its .shp, .shx, .dbf and .prj together",
            "read",
            field=", ".join(missing),
        )


READERS: dict[str, Reader] = {
    "geojson": _geojson,
    "gpkg": _gpkg,
    "kml": _kml,
    "kmz": _kmz,
    "shapefile": _shapefile,
    "csv": lambda path, work, options, limits, sample: csv_frame(
        path, path, options, limits, sample
    ),
    "xlsx": lambda path, work, options, limits, sample: xlsx_frame(
        path, path, options, limits, sample
    ),
}
