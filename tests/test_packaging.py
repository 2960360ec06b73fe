"""The wheel carries static/ and layers/, so a non-editable install works too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("greenmap-*.whl")
    return built


def test_wheel_ships_packages_static_and_layers(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "webmap/cli.py" in names and "etl/__init__.py" in names
    assert "webmap/store/migrations/versions/0001_initial_schema.py" in names
    assert "webmap/web/templates/base.html" in names
    assert "webmap/_bundled/static/vendor/leaflet/leaflet.js" in names
    assert any(n.startswith("webmap/_bundled/layers/") and n.endswith(".toml") for n in names)
    assert "webmap/_bundled/layers/plan/qd-148-2024-bac-lieu-green-growth-plan.txt" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "greenmap = webmap.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_finds_bundled_folders(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import webmap.domain.bundled as p; "
        "print(p.bundled_dir('static')); print(p.bundled_dir('layers'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out == [str(target / "webmap/_bundled/static"), str(target / "webmap/_bundled/layers")]
