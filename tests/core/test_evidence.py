"""Evidence files: kind checked by extension and content, size bounded, kept once by
content, resolved only by the exact names this module writes.

Every file here is a SYNTHETIC few bytes with the right magic number.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from webmap.core import evidence
from webmap.errors import BadRequest, NotFound

PDF = b"%PDF-1.4\n% synthetic evidence\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n synthetic"


@pytest.fixture(autouse=True)
def data_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_pdf_is_kept_by_content_with_its_label(data_path: Path) -> None:
    item = evidence.keep_evidence(io.BytesIO(PDF), "C:\\Tài liệu\\Biên bản thử.pdf", by="lan")
    sha = hashlib.sha256(PDF).hexdigest()
    assert item == {
        "label": "Biên bản thử.pdf",
        "file": f"evidence/{sha[:16]}-Bien_ban_thu.pdf",
        "sha256": sha,
        "size": len(PDF),
    }
    path = evidence.evidence_path(item["file"])
    assert path.read_bytes() == PDF
    assert path.parent == data_path / "evidence"
    assert evidence.mimetype(item["file"]) == "application/pdf"
    assert not list(path.parent.glob(".*")), "no .part file left behind"


def test_the_same_content_is_stored_once(data_path: Path) -> None:
    first = evidence.keep_evidence(io.BytesIO(PDF), "a.pdf", by="lan")
    second = evidence.keep_evidence(io.BytesIO(PDF), "b.pdf", by="hoa")
    assert second["file"] == first["file"] and second["label"] == "b.pdf"
    other = evidence.keep_evidence(io.BytesIO(PDF + b"x"), "a.pdf", by="lan")
    assert other["file"] != first["file"]
    assert len(list((data_path / "evidence").iterdir())) == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("anh.pdf", PNG),  # a PNG named .pdf
        ("bang.xlsx", PDF),
        ("scan.jpg", PNG),
        ("tool.exe", b"MZ\x90\x00 synthetic"),
        ("note.txt", b"synthetic"),
        ("empty.pdf", b""),
    ],
)
def test_a_wrong_kind_or_mismatched_content_is_refused(
    data_path: Path, name: str, data: bytes
) -> None:
    with pytest.raises(BadRequest) as caught:
        evidence.keep_evidence(io.BytesIO(data), name, by="lan")
    assert caught.value.status == 400
    assert name in caught.value.message_vi and name in caught.value.message_en
    assert "tệp minh chứng" in caught.value.message_vi.lower()
    assert "evidence file" in caught.value.message_en.lower()
    folder = data_path / "evidence"
    assert not folder.exists() or list(folder.iterdir()) == [], "nothing kept"


def test_the_extension_message_names_the_accepted_kinds() -> None:
    with pytest.raises(BadRequest) as caught:
        evidence.keep_evidence(io.BytesIO(b"MZ"), "tool.exe", by="lan")
    assert "chỉ nhận PDF, DOCX, XLSX, PNG, JPEG" in caught.value.message_vi
    assert "only PDF, DOCX, XLSX, PNG, JPEG" in caught.value.message_en


def test_a_file_over_the_limit_is_refused(data_path: Path) -> None:
    big = io.BytesIO(PDF + b"0" * evidence.MAX_BYTES)
    with pytest.raises(BadRequest) as caught:
        evidence.keep_evidence(big, "big.pdf", by="lan")
    assert caught.value.status == 413
    assert "10 MB" in caught.value.message_vi and "10 MB" in caught.value.message_en
    assert list((data_path / "evidence").iterdir()) == []


@pytest.mark.parametrize(
    "relative",
    [
        "evidence/../greenmap.sqlite",
        "../evidence/0123456789abcdef-a.pdf",
        "evidence/sub/0123456789abcdef-a.pdf",
        "evidence/0123456789abcdef-..",
        "/etc/passwd",
        "uploads/0123456789abcdef-a.pdf",
        "evidence/.0123456789abcdef.part",
        "evidence/0123456789abcdef-missing.pdf",
        "evidence/",
    ],
)
def test_only_kept_names_resolve(data_path: Path, relative: str) -> None:
    (data_path / "evidence").mkdir(parents=True)
    (data_path / "greenmap.sqlite").write_bytes(b"synthetic")
    (data_path / "evidence" / ".0123456789abcdef.part").write_bytes(PDF)
    with pytest.raises(NotFound):
        evidence.evidence_path(relative)
