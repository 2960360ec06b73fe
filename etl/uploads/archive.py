"""Safe handling of uploaded archives (zipped Shapefiles, KMZ, XLSX) and private folders.

Nothing is extracted before every member has been checked: the number of members, the sum of
their declared sizes, the compression ratio, and each member's path (no absolute path, no
``..``, no symbolic link, no encrypted member). Extraction then streams each member into a
private temporary folder (mode 0700) with a byte budget, so that a member whose header lies
about its size cannot fill the disk either; the folder is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from etl.uploads.model import LimitExceeded, Limits, file_error
from webmap.errors import DataError

#: Archives smaller than this (uncompressed) are not held to the compression ratio: a DBF of
#: space-padded text legitimately compresses a hundredfold.
RATIO_FLOOR_BYTES = 1 * 2**20
_CHUNK = 1 << 16
_MIB = 2**20


@contextmanager
def private_dir() -> Iterator[Path]:
    """A new temporary folder only this process's user can read (0700), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="greenmap-upload-"))
    try:
        os.chmod(folder, 0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open an archive, turning a corrupt or fake one into a :class:`DataError`."""
    try:
        return zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise file_error(
            path,
            "tệp không phải là tệp nén ZIP hợp lệ (hỏng hoặc giả mạo); hãy nén lại tệp",
            "the file is not a valid ZIP archive (corrupt or fake); compress it again",
            "archive",
        ) from exc


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return (
        "\x00" in name
        or path.is_absolute()
        or (len(name) > 1 and name[1] == ":")
        or ".." in path.parts
    )


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def check_members(zf: zipfile.ZipFile, path: Path, limits: Limits) -> list[zipfile.ZipInfo]:
    """Check every member of an opened archive before anything is extracted.

    Returns:
        The file members (directories left out).

    Raises:
        LimitExceeded: Too many members, too large once extracted, or compressed too well.
        DataError: An unsafe path, a symbolic link or an encrypted member.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise file_error(
            path,
            f"tệp nén có {len(infos)} tệp con, nhiều hơn giới hạn {limits.max_members}",
            f"the archive holds {len(infos)} members, more than the limit of {limits.max_members}",
            "limits",
            cls=LimitExceeded,
        )
    for info in infos:
        _check_member(info, path)
    _check_sizes(infos, path, limits)
    return [info for info in infos if not info.is_dir()]


def _check_member(info: zipfile.ZipInfo, path: Path) -> None:
    if _unsafe_name(info.filename):
        raise file_error(
            path,
            f"tệp nén chứa đường dẫn không an toàn {info.filename[:80]!r} (tuyệt đối hoặc có "
            "'..'); hãy nén lại chỉ với các tệp dữ liệu",
            f"the archive holds an unsafe path {info.filename[:80]!r} (absolute or with "
            "'..'); compress only the data files again",
            "archive",
        )
    if _is_symlink(info):
        raise file_error(
            path,
            f"tệp nén chứa liên kết tượng trưng {info.filename[:80]!r}; hãy nén các tệp thật",
            f"the archive holds a symbolic link {info.filename[:80]!r}; compress real files",
            "archive",
        )
    if info.flag_bits & 0x1:
        raise file_error(
            path,
            f"tệp {info.filename[:80]!r} trong tệp nén có mật khẩu; hãy nén lại không mật khẩu",
            f"{info.filename[:80]!r} in the archive is encrypted; compress it without a password",
            "archive",
        )


def _check_sizes(infos: Sequence[zipfile.ZipInfo], path: Path, limits: Limits) -> None:
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise file_error(
            path,
            f"tệp nén giải nén ra {total / _MIB:.0f} MB, vượt giới hạn "
            f"{limits.max_uncompressed_bytes / _MIB:.0f} MB",
            f"the archive expands to {total / _MIB:.0f} MB, over the limit of "
            f"{limits.max_uncompressed_bytes / _MIB:.0f} MB",
            "limits",
            cls=LimitExceeded,
        )
    packed = max(sum(info.compress_size for info in infos), 1)
    ratio = total / packed
    if total >= RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
        raise file_error(
            path,
            f"tỷ lệ nén {ratio:.0f}:1 vượt giới hạn {limits.max_ratio:.0f}:1 (nghi là bom "
            "nén); hãy gửi tệp chưa nén hoặc chia nhỏ",
            f"compression ratio {ratio:.0f}:1 is over the limit of {limits.max_ratio:.0f}:1 "
            "(looks like a zip bomb); send the files uncompressed or split them",
            "limits",
            cls=LimitExceeded,
        )


def extract(
    zf: zipfile.ZipFile, members: Sequence[tuple[zipfile.ZipInfo, str]], dest: Path, path: Path
) -> None:
    """Stream checked members into ``dest`` under names the caller chose (never the archive's).

    Args:
        zf: The open archive.
        members: ``(member, file name in dest)`` pairs; the names must be plain file names.
        dest: The private folder.
        path: The uploaded file (for messages).

    Raises:
        DataError: A member is corrupt or larger than its header said.
    """
    for info, name in members:
        _copy_member(zf, info, dest / PurePosixPath(name).name, path)


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, path: Path) -> None:
    budget = info.file_size
    try:
        with zf.open(info) as src, open(target, "xb") as dst:
            while chunk := src.read(_CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise _corrupt(path, info)
                dst.write(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _corrupt(path, info) from exc


def _corrupt(path: Path, info: zipfile.ZipInfo) -> DataError:
    return file_error(
        path,
        f"không giải nén được {info.filename[:80]!r}: tệp nén bị hỏng; hãy nén lại",
        f"cannot extract {info.filename[:80]!r}: the archive is corrupt; compress it again",
        "archive",
    )
