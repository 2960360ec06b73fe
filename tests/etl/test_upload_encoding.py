"""Legacy Vietnamese encodings: tables, detection, conversion, suspicious text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from etl.uploads import ReadOptions, inspect, read_rows
from etl.uploads.encoding import (
    ENCODINGS,
    TCVN3,
    VNI_PAIRS,
    VNI_SINGLE,
    convert_texts,
    decode,
    detect,
    encode,
    plausible,
)
from tests.uploads import SYNTHETIC_ROWS, csv_file, geojson_file, vn2000_tcvn3_shapefile_zip

WORDS = [
    "Nhà máy nước Bạc Liêu",
    "Trạm cấp nước xã Vĩnh Trạch",
    "Khu công nghiệp Trà Kha",
    "Điện gió Đông Hải 1",
    "Đường Hỏi Ngã Quý Khuya Nguyễn Thị Mỹ Ưng",
]


def test_issue_example_tcvn3_bytes() -> None:
    assert encode("Nhà máy nước", "tcvn3").decode("latin-1") == "Nhµ m¸y n\xadíc"
    assert decode("Nhµ m¸y n\xadíc".encode("latin-1"), "tcvn3") == "Nhà máy nước"


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_round_trip_and_detection(word: str, encoding: str) -> None:
    raw = encode(word, encoding)
    assert decode(raw, encoding) == word
    assert detect([raw]) == encoding
    assert unicodedata.is_normalized("NFC", decode(raw, encoding) or "")


def test_known_vni_spellings() -> None:
    assert decode("Nhaø maùy nöôùc".encode("latin-1"), "vni") == "Nhà máy nước"
    assert decode("Ñieän gioù Ñoâng Haûi".encode("latin-1"), "vni") == "Điện gió Đông Hải"


def test_tables_cover_every_vietnamese_letter_once() -> None:
    lower = {ch for ch in TCVN3.values() if ch.islower()}
    assert len(lower) == 67  # 12 vowels x 6 forms - 6 plain + đ
    vni = list(VNI_PAIRS.values()) + list(VNI_SINGLE.values())
    assert len(vni) == len(set(vni)) == 134  # both cases


def test_garbled_text_is_not_plausible() -> None:
    assert plausible("Nhà máy nước")
    assert not plausible("Nhµ m¸y n\xadíc")
    assert not plausible("Nha\x01\x9f\xb5")
    assert detect([b"\x01\x9f\xb5\xff\x00"]) is None


def test_suspicious_values_are_emptied() -> None:
    values = ["Nhµ m¸y", "\x01\x9f\xb5\xff", "plain"]
    report = convert_texts(values, raw_source=True)
    assert report.encoding == "tcvn3"
    assert report.texts == ["Nhà máy", None, "plain"]
    assert report.suspicious == [1]


def test_unicode_mojibake_in_geojson_is_repaired(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson", [("Nhµ m¸y n\xadíc", "x", (105.72, 9.29))])
    table = read_rows(path, ReadOptions())
    assert table.rows[0]["ten"] == "Nhà máy nước"
    assert table.encoding == "tcvn3"
    assert any(i.code == "encoding_converted" for i in table.issues)


def test_unicode_geojson_left_alone(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson")
    table = read_rows(path, ReadOptions())
    assert [r["ten"] for r in table.rows] == [r[0] for r in SYNTHETIC_ROWS]
    assert table.encoding == "utf-8"
    assert not table.issues


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "utf-8"])
def test_shapefile_without_cpg_detected(tmp_path: Path, encoding: str) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", encoding=encoding)
    info = inspect(path)
    assert info.encoding == encoding
    assert [s["ten"] for s in info.sample] == [r[0] for r in SYNTHETIC_ROWS]
    converted = [i for i in read_rows(path, ReadOptions()).issues if i.code == "encoding_converted"]
    if encoding == "utf-8":
        assert not converted
    else:
        assert len(converted) == 1 and converted[0].row == 0 and converted[0].level == "info"
        assert converted[0].value in converted[0].message_en


def test_forced_encoding_wins(tmp_path: Path) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", encoding="vni")
    forced = read_rows(path, ReadOptions(encoding="vni"))
    assert forced.rows[0]["ten"] == "Nhà máy nước Bạc Liêu"
    wrong = read_rows(path, ReadOptions(encoding="tcvn3"))
    assert all(row["ten"] != "Nhà máy nước Bạc Liêu" for row in wrong.rows)


def test_garbled_dbf_value_flagged_not_stored(tmp_path: Path) -> None:
    rows = [
        (encode("Nhà máy nước Bạc Liêu", "tcvn3"), b"\x01\x02\x9f\xff\x80", (105.72, 9.29)),
        (encode("Điện gió Đông Hải 1", "tcvn3"), encode("Đang vận hành", "tcvn3"), (105.5, 9.15)),
    ]
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", rows=rows, raw_values=True)
    table = read_rows(path, ReadOptions())
    assert table.rows[0]["trang_thai"] is None
    assert table.rows[1]["trang_thai"] == "Đang vận hành"
    flagged = [i for i in table.issues if i.code == "encoding_suspicious"]
    assert [(i.row, i.field, i.level) for i in flagged] == [(1, "trang_thai", "warning")]
    assert "dòng 1" in flagged[0].message_vi and "row 1" in flagged[0].message_en


def test_cp1258_csv(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "synthetic.csv", encoding="cp1258")
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert table.encoding == "cp1258"
    assert table.rows[1]["ten"] == "Trạm cấp nước xã Vĩnh Trạch"


def test_utf8_sig_csv(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "synthetic.csv", bom=True)
    info = inspect(path)
    assert info.columns[0] == "ten" and info.encoding == "utf-8"
