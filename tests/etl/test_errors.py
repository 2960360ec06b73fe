"""ETL errors: one family (webmap.errors), Vietnamese first, naming file, row and field."""

from __future__ import annotations

import ast
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.pipeline import build_layer
from etl.specs import LayerSpec, load_spec
from webmap.errors import DataError, GreenMapError, SpecError

ETL_DIR = Path(__file__).resolve().parents[2] / "etl"
INSIDE = [105.72, 9.29]


def _write_geojson(path: Path, features: list[dict]) -> None:
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _feature(fid: int, geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"fid": fid, "name": "A"}, "geometry": geometry}


def _no_folder(error: GreenMapError, folder: Path) -> None:
    for text in (error.message_vi, error.message_en, str(error)):
        assert str(folder) not in text


def test_bad_source_row_names_file_row_and_field_in_both_languages(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    line = {"type": "LineString", "coordinates": [INSIDE, [105.73, 9.3]]}
    _write_geojson(
        layers_dir / "data" / "src.geojson",
        [_feature(1, {"type": "Point", "coordinates": INSIDE}), _feature(5, line)],
    )
    with pytest.raises(DataError) as info:
        build_layer(make_spec())
    error = info.value
    assert (error.code, error.status, error.exit_code) == ("bad_source", 422, 2)
    assert error.message_vi == (
        "kiểu hình học LineString không khớp với kiểu Point của lớp [nguồn 'src'] "
        "(lớp 'test_layer', bước 'geometry_type', tệp src.geojson, dòng 2, trường 'geometry')"
    )
    assert error.message_en == (
        "geometry type LineString does not match the layer's Point [source 'src'] "
        "(layer 'test_layer', step 'geometry_type', file src.geojson, row 2, field 'geometry')"
    )
    assert str(error) == error.message_en and error.message("vi") == error.message_vi
    assert error.path is not None and error.path.name == "src.geojson"
    _no_folder(error, layers_dir)


def test_unreadable_source_file_names_the_file_not_its_folder(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    (layers_dir / "data" / "src.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_layer(make_spec())
    error = info.value
    assert error.message_vi.startswith("không đọc được tệp nguồn: ")
    assert error.message_en.startswith("cannot read source file: ")
    assert "tệp src.geojson" in error.message_vi and "file src.geojson" in error.message_en
    assert error.field == "file"
    _no_folder(error, layers_dir)


def test_csv_that_is_not_utf8_is_a_data_error(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    text = "fid,name\n1,Điện gió Bạc Liêu\n"
    (layers_dir / "data" / "pts.csv").write_bytes(text.encode("utf-16"))
    spec = make_spec(file="pts.csv", fmt="csv")
    with pytest.raises(DataError) as info:
        build_layer(spec)
    assert "UTF-8" in info.value.message_vi and "UTF-8" in info.value.message_en
    assert "tệp pts.csv" in info.value.message_vi and info.value.step == "read"


def test_bad_status_date_names_row_and_column(
    make_spec: Callable[..., LayerSpec], layers_dir: Path
) -> None:
    feature = _feature(7, {"type": "Point", "coordinates": INSIDE})
    feature["properties"]["year"] = "end-2018"
    _write_geojson(layers_dir / "data" / "src.geojson", [feature])
    extra = """[sources.status]
default = "operating"
date_field = "year"
source = "fixture"
"""
    with pytest.raises(DataError) as info:
        build_layer(make_spec(extra=extra))
    error = info.value
    assert (error.step, error.row, error.field) == ("map_fields", "t-7", "year")
    assert "không phải ngày" in error.message_vi and "dòng t-7" in error.message_vi
    assert "not a date" in error.message_en and "row t-7" in error.message_en


def test_spec_error_is_bilingual(layers_dir: Path) -> None:
    path = layers_dir / "bad.toml"
    path.write_text('id = "bad"\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    error = info.value
    assert isinstance(error, DataError) and error.code == "bad_spec"
    assert error.message_vi.startswith("khóa 'colour' không hợp lệ (lớp 'bad', bước 'spec'")
    assert error.message_en.startswith("unknown key 'colour' (layer 'bad', step 'spec'")
    assert "tệp bad.toml" in error.message_vi and "file bad.toml" in error.message_en
    _no_folder(error, layers_dir)


# --------------------------------------------------------------------------- every raise site

#: Callables that take (message_vi, message_en, ...) in etl.
_BILINGUAL_CALLS = {
    "DataError",
    "SpecError",
    "RasterError",
    "PlanTextError",
    "_not_the_plan",
    "error",  # Context.error
    "fail",  # _Validator.fail and raster's local helper
}
#: Letters only Vietnamese uses (after removing the tone marks, which are combining).
_VIETNAMESE = set("ăâđêôơư")


def _literal(node: ast.expr) -> str | None:
    """The constant text of a string or f-string argument (None for any other expression)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def _vietnamese_score(text: str) -> int:
    """How many letters of ``text`` carry Vietnamese diacritics or are Vietnamese-only."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    marks = sum(1 for ch in decomposed if unicodedata.combining(ch))
    return marks + sum(1 for ch in text.lower() if ch in _VIETNAMESE)


def _bilingual_calls() -> list[tuple[str, int, str, str]]:
    calls = []
    for path in sorted(ETL_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first, second = _literal(node.args[0]), _literal(node.args[1])
            if name in _BILINGUAL_CALLS and first is not None and second is not None:
                calls.append((path.name, node.lineno, first, second))
    return calls


def test_every_etl_error_gives_vietnamese_first_then_english() -> None:
    calls = _bilingual_calls()
    assert len(calls) > 100, "the scan should see every raise site"
    wrong = [
        f"{name}:{line}"
        for name, line, vi, en in calls
        if _vietnamese_score(vi) == 0 or _vietnamese_score(vi) <= _vietnamese_score(en)
    ]
    assert wrong == []
