"""Layer specs: loading, strict validation, layer records, plan task codes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from etl.specs import PartialDate, check_specs, load_spec, load_specs
from tests.etl.conftest import BASE_SPEC, BUNDLED
from webmap.domain import Layer
from webmap.errors import SpecError

EXPECTED_LAYERS = {
    "province",
    "districts",
    "neighbour_provinces",
    "coastline",
    "wind_farms",
    "wind_turbines",
    "solar_farms",
    "gas_power",
    "waste_sites",
    "industrial_parks",
    "water_works",
    "mangroves",
    "power_lines",
    "substations",
    "places",
    "population",
}


def _plan_text() -> str:
    return (BUNDLED / "plan" / "qd-148-2024-bac-lieu-green-growth-plan.txt").read_text(
        encoding="utf-8"
    )


def test_bundled_specs_load_and_check_clean() -> None:
    specs = load_specs()
    assert {s.id for s in specs} == EXPECTED_LAYERS
    assert check_specs() == []
    orders = [s.sort_order for s in specs]
    assert orders == sorted(orders)


def test_every_task_code_exists_in_plan_text() -> None:
    text = _plan_text()
    codes = {m.group(1) for m in re.finditer(r"^(\d{1,2}\.\d{1,2})\.\s", text, re.M)}
    assert {"8.5", "13.3", "14.6", "15.3"} <= codes
    for spec in load_specs():
        used = set(spec.default_tasks)
        for src in spec.sources:
            used |= set(src.extra_tasks)
            for ov in src.overrides:
                used |= set(ov.extra_tasks) | set(ov.tasks or [])
        for rule in spec.osm:
            used |= set(rule.extra_tasks)
        assert used <= codes, (spec.id, used - codes)


def test_layer_record_from_spec() -> None:
    spec = next(s for s in load_specs() if s.id == "wind_farms")
    rec = spec.to_layer_record()
    assert rec.id == "wind_farms"
    assert rec.theme == "energy"
    assert rec.default_tasks == ["8.2", "8.3", "8.5", "15.3"]
    assert "OpenStreetMap" in rec.source and "768" in rec.source
    assert isinstance(rec, Layer) and rec.raster is None
    assert rec.missing_data_vi == spec.missing_data_vi and "Cán bộ GIS" in rec.missing_data_vi
    assert "GIS staff can add" in rec.missing_data_en
    assert rec.extras_json()["missing_data_en"] == rec.missing_data_en
    assert spec.buffer_km == 12.0 and spec.sources[0].verified == date(2026, 11, 24)


def test_missing_data_text_on_layers_without_located_data() -> None:
    for spec in load_specs():
        if spec.id in ("mangroves", "solar_farms", "industrial_parks", "water_works", "gas_power"):
            # Plain words for officials: what is missing and who can add it, no command lines.
            assert "Cán bộ GIS" in spec.missing_data_vi and "GIS staff" in spec.missing_data_en
            assert "greenmap" not in spec.missing_data_vi + spec.missing_data_en


def _write(tmp_path: Path, text: str, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _base(**kw: object) -> str:
    args = {"id": "bad", "geometry_type": "Point", "mode": "drop", "buffer_km": 1.0}
    args.update(kw)
    return BASE_SPEC.format(**args) + (
        '\nmissing_data_vi = "chưa có"\nmissing_data_en = "none yet"\n'
    )


def test_unknown_top_level_key_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, _base() + 'colour = "red"\n')
    with pytest.raises(SpecError) as exc:
        load_spec(path)
    msg = str(exc.value)
    assert "unknown key 'colour'" in msg and "bad.toml" in msg and "field 'colour'" in msg
    assert exc.value.step == "spec" and exc.value.field == "colour"


def test_unknown_nested_key(tmp_path: Path) -> None:
    text = _base().replace('style = { color = "#000000" }', 'style = { colour = "#000" }')
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, text))
    assert exc.value.field == "style.colour"


def test_missing_required_key(tmp_path: Path) -> None:
    text = _base().replace('title_en = "Test layer"\n', "")
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, text))
    assert exc.value.field == "title_en" and "missing required key" in str(exc.value)


def test_unknown_theme(tmp_path: Path) -> None:
    text = _base().replace('theme = "energy"', 'theme = "transport"')
    with pytest.raises(SpecError, match="unknown theme 'transport'"):
        load_spec(_write(tmp_path, text))


@pytest.mark.parametrize("code", ["8", "8.5.1", "08.5", "a.b", "13.0"])
def test_bad_task_code(tmp_path: Path, code: str) -> None:
    text = _base().replace('default_tasks = ["8.5"]', f'default_tasks = ["{code}"]')
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, text))
    assert exc.value.field == "default_tasks" and "task code" in str(exc.value)


def test_unknown_status_and_precision(tmp_path: Path) -> None:
    source = """
[[sources]]
id = "s"
file = "x.csv"
format = "csv"
source = "s"
licence = "l"
attribution = "a"
precision = "{precision}"
precision_note = "n"
geometry = "none"
key = {{ field = "id", transform = "plain" }}
fields = {{ name_vi = "name" }}
status = {{ default = "{status}", date = "2024", source = "s" }}
"""
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, _base() + source.format(precision="unlocated", status="done")))
    assert exc.value.field == "sources[0].status.default"
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, _base() + source.format(precision="exact", status="planned")))
    assert exc.value.field == "sources[0].precision"


def test_site_precision_needs_real_geometry(tmp_path: Path) -> None:
    source = """
[[sources]]
id = "s"
file = "x.csv"
format = "csv"
source = "s"
licence = "l"
attribution = "a"
precision = "site"
geometry = "none"
key = { field = "id", transform = "plain" }
fields = { name_vi = "name" }
"""
    with pytest.raises(SpecError, match="precision 'unlocated'"):
        load_spec(_write(tmp_path, _base() + source))


def test_layer_without_data_needs_missing_data_text(tmp_path: Path) -> None:
    text = BASE_SPEC.format(id="bad", geometry_type="Point", mode="drop", buffer_km=1.0)
    with pytest.raises(SpecError) as exc:
        load_spec(_write(tmp_path, text))
    assert exc.value.field == "missing_data_vi"


def test_id_must_match_file_name(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="must match the file name"):
        load_spec(_write(tmp_path, _base(), name="other"))


def test_check_specs_lists_problems_instead_of_raising(tmp_path: Path) -> None:
    _write(tmp_path, _base() + 'colour = "red"\n')
    ok = _base(id="good").replace('"bad"', '"good"')
    _write(tmp_path, ok, name="good")
    problems = check_specs(tmp_path)
    assert len(problems) == 1 and "colour" in problems[0]


def test_partial_dates() -> None:
    assert PartialDate.parse("2016").precision == "year"
    assert PartialDate.parse("2016").value.isoformat() == "2016-01-01"
    assert "year only" in PartialDate.parse("2016").note()
    assert PartialDate.parse("2019-05-31").note() == ""
    end = PartialDate.parse("end of 2018")
    assert (end.precision, end.value.isoformat()) == ("end_of_year", "2018-12-31")
    seen = PartialDate.parse("recorded 2025-06-26")
    assert (seen.precision, seen.value.isoformat()) == ("recorded", "2025-06-26")
    assert PartialDate.try_parse("end of 2018-05") is None
    assert PartialDate.try_parse("recorded 2025") is None
    with pytest.raises(ValueError):
        PartialDate.parse("end-2018")
