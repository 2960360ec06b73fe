"""Which format a file is: its extension, checked against its first bytes.

A file whose content does not match its extension (a ZIP renamed ``.geojson``, a text file
renamed ``.zip``) is refused with a message saying what it seems to be. A KML (or the KML
inside a KMZ) with a ``DOCTYPE`` or ``ENTITY`` declaration is refused before any parser sees
it, and the rest is parsed with :mod:`defusedxml` (no DTD, no entities, no external
resources), so an external entity is never resolved.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from etl.uploads.model import LimitExceeded, Limits, file_error
from webmap.errors import BadRequest, DataError

#: File extension -> kind of file (``kmz`` is read as ``kml``).
EXTENSIONS: dict[str, str] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "shapefile",
    ".kml": "kml",
    ".kmz": "kmz",
    ".csv": "csv",
    ".xlsx": "xlsx",
}
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
SQLITE_MAGIC = b"SQLite format 3\x00"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_LOOKS_LIKE = (
    (ZIP_MAGIC, "ZIP"),
    (EMPTY_ZIP_MAGIC, "ZIP"),
    (SQLITE_MAGIC, "SQLite/GeoPackage"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls)"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_SNIFF_BYTES = 65536


def kind_of(path: Path) -> str:
    """The kind of file its extension says.

    Raises:
        BadRequest: An extension we do not read (a bare ``.shp`` gets its own advice).
    """
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    accepted = ", ".join(sorted(EXTENSIONS))
    if suffix in (".shp", ".shx", ".dbf", ".prj"):
        raise BadRequest(
            f"tệp {path.name}: hãy nén .shp cùng .shx, .dbf, .prj (và .cpg) thành một tệp .zip",
            f"file {path.name}: put the .shp with its .shx, .dbf, .prj (and .cpg) in one .zip",
        )
    raise BadRequest(
        f"tệp {path.name}: không đọc được loại tệp {suffix or '(không có đuôi)'}; "
        f"các loại được nhận: {accepted}",
        f"file {path.name}: cannot read {suffix or 'files without an extension'}; "
        f"accepted: {accepted}",
    )


def check_size(path: Path, limits: Limits) -> int:
    """The file's size, refused when empty or over :attr:`Limits.max_upload_bytes`."""
    size = path.stat().st_size
    if size == 0:
        raise file_error(path, "tệp rỗng (0 byte)", "the file is empty (0 bytes)", "read")
    if size > limits.max_upload_bytes:
        mib = 2**20
        raise file_error(
            path,
            f"tệp {size / mib:.1f} MB, vượt giới hạn tải lên "
            f"{limits.max_upload_bytes / mib:.0f} MB",
            f"the file is {size / mib:.1f} MB, over the upload limit of "
            f"{limits.max_upload_bytes / mib:.0f} MB",
            "limits",
            cls=LimitExceeded,
        )
    return size


def looks_like(head: bytes) -> str | None:
    """What a file's first bytes say it is (``None``: nothing we recognise)."""
    for magic, name in _LOOKS_LIKE:
        if head.startswith(magic):
            return name
    return None


def _strip(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
    return head.lstrip().replace(b"\x00", b"")


def _content_ok(kind: str, head: bytes) -> bool:
    if kind in ("shapefile", "kmz", "xlsx"):
        return head.startswith(ZIP_MAGIC)
    if kind == "gpkg":
        return head.startswith(SQLITE_MAGIC)
    if looks_like(head) is not None:
        return False
    if kind == "geojson":
        return _strip(head).startswith(b"{")
    if kind == "kml":
        return _strip(head).startswith(b"<")
    return b"\x00" not in head  # csv: text


def check_content(path: Path, kind: str) -> None:
    """Refuse a file whose first bytes do not match its extension.

    Raises:
        DataError: The content is another format, or an empty archive.
    """
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if kind in ("shapefile", "kmz", "xlsx") and head.startswith(EMPTY_ZIP_MAGIC):
        raise file_error(path, "tệp nén rỗng", "the archive is empty", "read")
    if _content_ok(kind, head):
        return
    seems = looks_like(head)
    seems_vi = f"nội dung là tệp {seems}" if seems else "nội dung không khớp"
    seems_en = f"its content is a {seems} file" if seems else "its content does not match"
    raise file_error(
        path,
        f"tệp có đuôi {path.suffix} nhưng {seems_vi}; hãy kiểm tra và lưu lại đúng định dạng",
        f"the file ends in {path.suffix} but {seems_en}; check it and save it in that format",
        "read",
    )


def check_kml(data: bytes, path: Path) -> None:
    """Refuse a KML with a DTD or entities; parse the rest safely to check it is XML.

    Raises:
        DataError: ``DOCTYPE``/``ENTITY`` present, or the text is not well-formed XML.
    """
    upper = data.upper().replace(b"\x00", b"")
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise _kml_error(
            path,
            "KML chứa khai báo DOCTYPE/ENTITY (có thể đọc tệp trên máy chủ); không được phép",
            "the KML declares a DOCTYPE/ENTITY (it could read files on the server); not allowed",
        )
    try:
        safe_xml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise _kml_error(
            path,
            "KML chứa DTD hoặc thực thể; không được phép",
            "the KML holds a DTD or entities; not allowed",
        ) from exc
    except (ParseError, ValueError, LookupError) as exc:
        raise _kml_error(
            path, "KML không phải XML hợp lệ", "the KML is not well-formed XML"
        ) from exc


def _kml_error(path: Path, vi: str, en: str) -> DataError:
    return file_error(path, vi, en, "read", field="kml")
