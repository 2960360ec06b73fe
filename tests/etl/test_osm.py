"""OSM import on a tiny synthetic .osm file (tests/data/synthetic_bac_lieu.osm)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.osm import import_osm, parse_other_tags
from webmap.errors import DataError

SYNTHETIC = Path(__file__).resolve().parent.parent / "data" / "synthetic_bac_lieu.osm"
TODAY = date(2026, 1, 1)


def test_parse_other_tags() -> None:
    text = '"power"=>"plant","plant:source"=>"wind","name:en"=>"A \\"quoted\\" name"'
    assert parse_other_tags(text) == {
        "power": "plant",
        "plant:source": "wind",
        "name:en": 'A "quoted" name',
    }
    assert parse_other_tags(None) == {}


def test_import_synthetic_file() -> None:
    result = import_osm(SYNTHETIC, today=TODAY)
    keys = {layer: sorted(f.key for f in feats) for layer, feats in result.items()}
    assert keys["wind_turbines"] == ["wind_turbines:osm-n1001"]  # node 1002 (Hà Nội) clipped
    assert keys["substations"] == ["substations:osm-n1003"]
    assert keys["water_works"] == ["water_works:osm-n1004", "water_works:osm-w500"]
    assert keys["mangroves"] == ["mangroves:osm-w600"]
    assert keys["power_lines"] == ["power_lines:osm-w700"]
    assert keys["wind_farms"] == [] and keys["industrial_parks"] == []
    sub = result["substations"][0]
    assert sub.name_vi == "TBA Thử nghiệm" and sub.properties["voltage"] == "110000"
    assert sub.licence == "ODbL-1.0" and "OpenStreetMap" in sub.properties["attribution"]
    assert sub.district_code == "954" and sub.today_unit == "Tỉnh Cà Mau"
    wwtp = next(f for f in result["water_works"] if f.key.endswith("w500"))
    assert wwtp.geometry.geom_type == "Point" and "13.9" in wwtp.tasks
    assert "OSM area" in wwtp.precision_note
    mangrove = result["mangroves"][0]
    assert mangrove.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert mangrove.properties["area_ha"] > 100 and mangrove.tasks == ["12.4", "14.6"]
    line = result["power_lines"][0]
    assert line.properties["length_km"] == pytest.approx(11.0, abs=0.2)


def test_reimport_gives_same_keys() -> None:
    first = import_osm(SYNTHETIC, ["water_works"], today=TODAY)
    second = import_osm(SYNTHETIC, ["water_works"], today=TODAY)
    assert list(first) == ["water_works"]
    assert [f.key for f in first["water_works"]] == [f.key for f in second["water_works"]]


def test_bad_inputs() -> None:
    with pytest.raises(DataError, match="no OSM rules"):
        import_osm(SYNTHETIC, ["places"])
    with pytest.raises(DataError, match="OSM file not found"):
        import_osm(SYNTHETIC.with_name("missing.osm"))
