"""Bad input: every unsafe or broken file is refused with a clear message, nothing else."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest

from etl.uploads import LimitExceeded, Limits, ReadOptions, inspect, read_rows
from tests.uploads import (
    csv_file,
    fake_zip,
    geojson_file,
    kml_file,
    kml_text,
    kmz_file,
    vn2000_tcvn3_shapefile_zip,
    xlsx_file,
    zip_bomb,
    zip_slip,
    zip_symlink,
)
from webmap.errors import BadRequest, DataError, GreenMapError


def _refused(path: Path, cls: type[GreenMapError] = DataError, **kwargs) -> GreenMapError:  # type: ignore[no-untyped-def]
    with pytest.raises(cls) as caught:
        read_rows(path, ReadOptions(crs="wgs84"), **kwargs)
    err = caught.value
    assert path.name in err.message_vi and path.name in err.message_en
    assert str(path.parent) not in err.message_vi + err.message_en  # no server folders
    return err


def test_empty_file(tmp_path: Path) -> None:
    for name in ("synthetic.geojson", "synthetic.zip", "synthetic.csv", "synthetic.kml"):
        (tmp_path / name).write_bytes(b"")
        assert "rỗng" in _refused(tmp_path / name).message_vi


def test_empty_layer(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson", [])
    assert "no data rows" in _refused(path).message_en


def test_malformed_geojson(tmp_path: Path) -> None:
    path = geojson_file(
        tmp_path / "synthetic.geojson", text='{"type": "FeatureCollection", "features": ['
    )
    assert "cannot read" in _refused(path).message_en


def test_oversized_upload(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson")
    err = _refused(path, LimitExceeded, limits=Limits(max_upload_bytes=100))
    assert err.status == 413 and "limit" in err.message_en


def test_feature_count_limit(tmp_path: Path) -> None:
    path = geojson_file(tmp_path / "synthetic.geojson")
    err = _refused(path, LimitExceeded, limits=Limits(max_features=3))
    assert "4 features" in err.message_en
    csv_path = csv_file(tmp_path / "synthetic.csv")
    assert "4" in _refused(csv_path, LimitExceeded, limits=Limits(max_features=3)).message_en


def test_fake_zip(tmp_path: Path) -> None:
    err = _refused(fake_zip(tmp_path / "synthetic.zip"))
    assert ".zip" in err.message_en


@pytest.mark.parametrize(
    ("name", "content", "seems"),
    [
        ("synthetic.geojson", b"PK\x03\x04 synthetic", "ZIP"),
        ("synthetic.gpkg", b'{"type": "FeatureCollection"}', None),
        ("synthetic.kml", b"SQLite format 3\x00 synthetic", "SQLite"),
        ("synthetic.xlsx", b"synthetic,csv\n1,2\n", None),
        ("synthetic.csv", b"%PDF-1.4 synthetic", "PDF"),
        ("synthetic.kmz", b"<kml>synthetic</kml>", None),
    ],
)
def test_wrong_type_under_known_extension(
    tmp_path: Path, name: str, content: bytes, seems: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    err = _refused(path)
    assert path.suffix in err.message_en
    if seems:
        assert seems in err.message_en


def test_unknown_extension_and_bare_shp(tmp_path: Path) -> None:
    for name in ("synthetic.pdf", "synthetic.shp"):
        (tmp_path / name).write_bytes(b"synthetic")
        with pytest.raises(BadRequest) as caught:
            inspect(tmp_path / name)
        assert name in caught.value.message_en
    assert ".zip" in caught.value.message_en


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "synthetic.zip", mib=20)
    assert path.stat().st_size < 200_000
    err = _refused(path, LimitExceeded)
    assert "zip bomb" in err.message_en


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "synthetic.zip", mib=3)
    limits = Limits(max_uncompressed_bytes=2 * 2**20, max_ratio=1e9)
    assert "expands to" in _refused(path, LimitExceeded, limits=limits).message_en


def test_member_count(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(20):
            zf.writestr(f"synthetic_{i}.txt", b"x")
    assert "20 members" in _refused(path, LimitExceeded, limits=Limits(max_members=10)).message_en


@pytest.mark.parametrize(
    "name", ["../../synthetic_evil.shp", "/etc/synthetic.shp", "a/../../b.shp"]
)
def test_zip_slip(tmp_path: Path, name: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = zip_slip(work / "synthetic.zip", name)
    assert "unsafe path" in _refused(path).message_en
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["synthetic.zip", "work"]


def test_zip_symlink(tmp_path: Path) -> None:
    assert "symbolic link" in _refused(zip_symlink(tmp_path / "synthetic.zip")).message_en


@pytest.mark.parametrize(("part", "word"), [(".shx", ".shx"), (".dbf", ".dbf")])
def test_shapefile_missing_part(tmp_path: Path, part: str, word: str) -> None:
    path = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip", without=[part])
    err = _refused(path)
    assert f"synthetic_cong_trinh{word}" in err.message_vi
    assert f"synthetic_cong_trinh{word}" in err.message_en


def test_zip_without_shapefile(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("synthetic.txt", b"synthetic")
    assert "no Shapefile" in _refused(path).message_en


def test_corrupt_member(tmp_path: Path) -> None:
    good = vn2000_tcvn3_shapefile_zip(tmp_path / "good.zip")
    data = bytearray(good.read_bytes())
    start = data.index(b"synthetic_cong_trinh.dbf") + len("synthetic_cong_trinh.dbf")
    for i in range(start + 5, start + 40):
        data[i] ^= 0x5A
    path = tmp_path / "synthetic.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(GreenMapError):
        read_rows(path, ReadOptions())


def test_temporary_folder_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    real = tempfile.mkdtemp

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        folder = real(*args, **kwargs)
        made.append(folder)
        assert os.stat(folder).st_mode & 0o777 == 0o700
        return folder

    monkeypatch.setattr(tempfile, "mkdtemp", spy)
    read_rows(vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic.zip"), ReadOptions())
    with pytest.raises(DataError):
        read_rows(zip_slip(tmp_path / "slip.zip"), ReadOptions())
    assert made and not any(Path(folder).exists() for folder in made)


def test_nan_and_infinity_coordinates(tmp_path: Path) -> None:
    text = (
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"ten":"synthetic nan"},'
        '"geometry":{"type":"Point","coordinates":[NaN, 9.29]}},'
        '{"type":"Feature","properties":{"ten":"synthetic inf"},'
        '"geometry":{"type":"Point","coordinates":[105.7, Infinity]}},'
        '{"type":"Feature","properties":{"ten":"synthetic ok"},'
        '"geometry":{"type":"Point","coordinates":[105.7, 9.29]}}]}'
    )
    table = read_rows(geojson_file(tmp_path / "synthetic.geojson", text=text), ReadOptions())
    assert table.geometries[:2] == [None, None] and table.geometries[2] is not None
    errors = [(i.row, i.code, i.level) for i in table.issues]
    assert errors == [
        (1, "coordinates_not_finite", "error"),
        (2, "coordinates_not_finite", "error"),
    ]
    csv_path = csv_file(
        tmp_path / "synthetic.csv", rows=[("a", "b", "nan", "9.2"), ("c", "d", "105.7", "inf")]
    )
    csv_table = read_rows(csv_path, ReadOptions(crs="wgs84"))
    assert csv_table.geometries == [None, None]
    assert {i.code for i in csv_table.issues} == {"coordinates_not_finite"}


def test_nan_in_shapefile(tmp_path: Path) -> None:
    rows = [("synthetic", "planned", (float("nan"), 9.29)), ("ok", "planned", (105.7, 9.29))]
    path = vn2000_tcvn3_shapefile_zip(
        tmp_path / "synthetic.zip", rows=rows, epsg=None, prj=False, encoding="utf-8"
    )
    table = read_rows(path, ReadOptions(crs="wgs84"))
    assert table.geometries[0] is None and table.geometries[1] is not None
    assert [i.code for i in table.issues if i.level == "error"] == ["coordinates_not_finite"]


ENTITY_PROLOGUES = [
    '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE kml SYSTEM "http://example.invalid/synthetic.dtd">',
    '<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
]


@pytest.mark.parametrize("prologue", ENTITY_PROLOGUES)
def test_kml_external_entities_refused(tmp_path: Path, prologue: str) -> None:
    rows = [("&xxe; synthetic", "planned", (105.72, 9.29))] if "xxe" in prologue else None
    text = kml_text(rows, prologue=prologue)
    for path in (
        kml_file(tmp_path / "synthetic.kml", text),
        kmz_file(tmp_path / "synthetic.kmz", text),
    ):
        err = _refused(path)
        assert "DOCTYPE" in err.message_en
        assert "root:" not in err.message_vi + err.message_en


def test_kml_entity_in_utf16_refused(tmp_path: Path) -> None:
    text = kml_text(prologue=ENTITY_PROLOGUES[0]).replace("UTF-8", "UTF-16")
    path = tmp_path / "synthetic.kml"
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(DataError):
        read_rows(path, ReadOptions())


def test_malformed_kml(tmp_path: Path) -> None:
    path = kml_file(tmp_path / "synthetic.kml", "<kml><Document><Placemark>")
    assert "well-formed" in _refused(path).message_en


def test_xlsx_bomb_checked_before_openpyxl(tmp_path: Path) -> None:
    path = xlsx_file(tmp_path / "synthetic.xlsx")
    limits = Limits(max_uncompressed_bytes=1000)
    assert "expands to" in _refused(path, LimitExceeded, limits=limits).message_en


def test_bad_encoding_option(tmp_path: Path) -> None:
    with pytest.raises(BadRequest):
        read_rows(geojson_file(tmp_path / "synthetic.geojson"), ReadOptions(encoding="koi8-r"))


def test_kml_unknown_xml_encoding(tmp_path: Path) -> None:
    path = kml_file(tmp_path / "synthetic.kml", kml_text().replace("UTF-8", "UXF-8"))
    assert "well-formed" in _refused(path).message_en
