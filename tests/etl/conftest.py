"""Fixtures for the ETL tests: a throw-away layers folder with the admin data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.admin import COMMUNES_FILE, DISTRICTS_FILE, PROVINCE_FILE
from etl.specs import LayerSpec, default_layers_dir, load_spec

BUNDLED = default_layers_dir()

#: A minimal valid point-layer spec; tests append sources or break keys.
BASE_SPEC = """
id = "{id}"
title_vi = "Lớp thử"
title_en = "Test layer"
theme = "energy"
geometry_type = "{geometry_type}"
sort_order = 1
licence = "CC0-1.0"
attribution = "synthetic test data"
description_vi = "Dữ liệu thử tổng hợp"
description_en = "Synthetic test data"
default_tasks = ["8.5"]
popup_fields = []
style = {{ color = "#000000" }}
extent = {{ mode = "{mode}", buffer_km = {buffer_km}, reason = "test" }}
"""

SOURCE = """
[[sources]]
id = "src"
file = "{file}"
format = "{fmt}"
source = "synthetic fixture"
licence = "CC0-1.0"
attribution = "synthetic"
precision = "site"
key = {{ field = "fid", transform = "plain", prefix = "t-" }}
fields = {{ name_vi = "name" }}
{extra}
"""


@pytest.fixture()
def layers_dir(tmp_path: Path) -> Path:
    """A layers/ folder whose data/ holds copies of the bundled admin files."""
    data = tmp_path / "layers" / "data"
    data.mkdir(parents=True)
    for name in (PROVINCE_FILE, DISTRICTS_FILE, COMMUNES_FILE):
        shutil.copy(BUNDLED / "data" / name, data / name)
    return tmp_path / "layers"


@pytest.fixture()
def make_spec(layers_dir: Path) -> Callable[..., LayerSpec]:
    """Write a test spec (plus a source file) and load it."""

    def _make(
        *,
        layer_id: str = "test_layer",
        geometry_type: str = "Point",
        mode: str = "drop",
        buffer_km: float = 12.0,
        file: str = "src.geojson",
        fmt: str = "geojson",
        extra: str = "",
        body: str | None = None,
    ) -> LayerSpec:
        text = BASE_SPEC.format(
            id=layer_id, geometry_type=geometry_type, mode=mode, buffer_km=buffer_km
        )
        text += body if body is not None else SOURCE.format(file=file, fmt=fmt, extra=extra)
        path = layers_dir / f"{layer_id}.toml"
        path.write_text(text, encoding="utf-8")
        return load_spec(path)

    return _make
