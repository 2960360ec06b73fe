"""Evidence files attached to task progress entries (scanned decisions, minutes, tables).

A file is kept under ``GREENMAP_DATA_PATH/evidence/<sha256[:16]>-<clean name>``: content
addressed, so the same bytes are stored once however often they are attached, and a kept
file never changes. It is written to a hidden ``.part`` file first and renamed when complete,
so a half-written file is never served. Only PDF, DOCX, XLSX, PNG and JPEG files up to
:data:`MAX_BYTES` are taken, and both the name's extension and the file's first bytes must
say the same kind. Issued reports are public, so their evidence is downloadable by anyone;
:func:`evidence_path` resolves only names of the exact shape this module writes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from pathlib import Path
from typing import IO, Any

from webmap.domain.text import clean_filename
from webmap.errors import BadRequest, NotFound
from webmap.settings import load_settings

log = logging.getLogger(__name__)

#: Largest evidence file, in bytes.
MAX_BYTES = 10 * 2**20
#: Extension → (magic bytes the file starts with, MIME type).
KINDS: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".png": (b"\x89PNG", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}
#: Folder under the data path, also the first part of an item's ``file``.
FOLDER = "evidence"
_KINDS_TEXT = "PDF, DOCX, XLSX, PNG, JPEG"
_STORED = re.compile(r"^[0-9a-f]{16}-[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$")
_BLOCK = 1 << 20


def evidence_root() -> Path:
    """``GREENMAP_DATA_PATH/evidence``."""
    return Path(load_settings()["DATA_PATH"]) / FOLDER


def display_name(filename: str) -> str:
    """The browser's file name for labels (see :func:`webmap.domain.text.clean_filename`)."""
    return clean_filename(filename)


def disk_name(name: str) -> str:
    """``name`` in ASCII letters, digits, ``.``, ``-`` and ``_`` (accents dropped, đ → d)."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._-")
    stem, suffix = os.path.splitext(cleaned)
    return f"{stem[: 119 - len(suffix)] or 'file'}{suffix}"


def _kind(name: str) -> tuple[str, bytes]:
    """The extension of ``name`` and its magic bytes, or :class:`BadRequest`."""
    suffix = Path(name).suffix.lower()
    if suffix not in KINDS:
        raise BadRequest(
            f"Không nhận tệp minh chứng “{name}”: chỉ nhận {_KINDS_TEXT}.",
            f"Evidence file “{name}” is not accepted: only {_KINDS_TEXT} files are.",
            field="evidence",
        )
    return suffix, KINDS[suffix][0]


def _too_large(name: str) -> BadRequest:
    error = BadRequest(
        f"Tệp minh chứng “{name}” lớn hơn giới hạn {MAX_BYTES // 2**20} MB.",
        f"Evidence file “{name}” is larger than the {MAX_BYTES // 2**20} MB limit.",
        field="evidence",
    )
    error.status = 413
    return error


def _check_magic(name: str, head: bytes, magic: bytes) -> None:
    if not head:
        raise BadRequest(
            f"Tệp minh chứng “{name}” rỗng.", f"Evidence file “{name}” is empty.", field="evidence"
        )
    if not head.startswith(magic):
        raise BadRequest(
            f"Tệp minh chứng “{name}”: nội dung không phải loại mà phần mở rộng "
            f"{Path(name).suffix} cho biết.",
            f"Evidence file “{name}”: its content is not what the {Path(name).suffix} "
            "extension says.",
            field="evidence",
        )


def _copy(stream: IO[bytes], target: Path, name: str, magic: bytes) -> tuple[str, int]:
    """Copy ``stream`` to ``target`` (bounded, magic bytes checked); (sha256 hex, size)."""
    digest, size, head = hashlib.sha256(), 0, b""
    with target.open("xb") as out:
        for block in iter(lambda: stream.read(_BLOCK), b""):
            size += len(block)
            if size > MAX_BYTES:
                raise _too_large(name)
            if len(head) < len(magic):
                head += block[: len(magic) - len(head)]
                if len(head) >= len(magic):
                    _check_magic(name, head, magic)
            digest.update(block)
            out.write(block)
    _check_magic(name, head, magic)
    return digest.hexdigest(), size


def _existing(root: Path, sha: str) -> Path | None:
    """A file already kept with the same content (the first 16 hex digits name it)."""
    for path in sorted(root.glob(f"{sha[:16]}-*")):
        if _STORED.match(path.name) and path.is_file():
            return path
    return None


def keep_evidence(stream: IO[bytes], filename: str, *, by: str) -> dict[str, Any]:
    """Keep an uploaded evidence file; returns the progress entry's evidence item
    ``{"label", "file", "sha256", "size"}`` (``file`` relative to the data path).

    Raises:
        BadRequest: a kind other than PDF/DOCX/XLSX/PNG/JPEG, content that is not what the
            extension says, an empty file, or one over :data:`MAX_BYTES` (status 413).
    """
    label = display_name(filename)
    suffix, magic = _kind(label)
    root = evidence_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    part = root / f".{secrets.token_hex(8)}.part"
    try:
        sha, size = _copy(stream, part, label, magic)
        target = _existing(root, sha)
        if target is None:
            target = root / f"{sha[:16]}-{disk_name(label)}"
            os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    log.info("evidence %s kept for %s (%d bytes)", target.name, by, size)
    return {"label": label, "file": f"{FOLDER}/{target.name}", "sha256": sha, "size": size}


def is_evidence_file(relative: Any) -> bool:
    """Whether ``relative`` has the shape of a kept file's ``file`` (``evidence/<name>``)."""
    if not isinstance(relative, str):
        return False
    folder, slash, name = relative.partition("/")
    return folder == FOLDER and bool(slash) and bool(_STORED.match(name))


def evidence_path(relative: str) -> Path:
    """The kept file ``evidence/<name>``, or :class:`NotFound` for any other shape (no
    folders, no ``..``, no partial files) or a file that is not there."""
    missing = NotFound("Không có tệp minh chứng này.", "No such evidence file.")
    if not is_evidence_file(relative):
        raise missing
    path = evidence_root() / relative.partition("/")[2]
    if not path.is_file():
        raise missing
    return path


def mimetype(relative: str) -> str:
    """The MIME type of a kept file, by its extension."""
    return KINDS.get(Path(relative).suffix.lower(), (b"", "application/octet-stream"))[1]
