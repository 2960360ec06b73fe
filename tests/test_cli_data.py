"""Exports through the command line, and gunicorn as the README shows.

Staff accounts: tests/test_cli_users.py.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import geopandas as gpd
import pytest

from tests.test_cli import run_cli


@pytest.fixture(scope="module")
def loaded_instance(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path_factory.mktemp("inst"))}
    for args in (["init-db"], ["load", "plan"], ["load", "layers", "waste_sites", "mangroves"]):
        result = run_cli(args, env)
        assert result.returncode == 0, result.stderr
    return env


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_export_keeps_status_tasks_and_provenance(
    loaded_instance: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"waste.{fmt}"
    result = run_cli(
        ["export", "--layer", "waste_sites", "--format", fmt, "-o", str(out)], loaded_instance
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote 4 features of waste_sites" in result.stdout
    if fmt == "csv":
        text = out.read_text()
        assert "investment_call" in text and "13.3" in text and "wkt" in text.splitlines()[0]
        return
    frame = gpd.read_file(out)
    assert len(frame) == 4 and frame.crs.to_epsg() == 4326
    chau_hung = frame[frame["key"] == "waste_sites:qd148-13.3-chau-hung"].iloc[0]
    assert chau_hung["status"] == "investment_call" and "13.3" in chau_hung["tasks"]
    assert chau_hung["precision"] == "service_area" and chau_hung["licence"]


def test_export_of_an_empty_layer(loaded_instance: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "mangroves.geojson"
    result = run_cli(["export", "--layer", "mangroves", "-o", str(out)], loaded_instance)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["features"] == []


def test_export_of_an_unknown_layer(loaded_instance: dict[str, str], tmp_path: Path) -> None:
    result = run_cli(
        ["export", "--layer", "nope", "-o", str(tmp_path / "x.geojson")],
        {**loaded_instance, "GREENMAP_DEFAULT_LANGUAGE": "en"},
    )
    assert result.returncode == 2 and "No layer 'nope'" in result.stderr


def test_gunicorn_serves_the_app_as_the_readme_says(loaded_instance: dict[str, str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{port}", "webmap.web:create_app()"],
        env={**os.environ, **loaded_instance},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.load(r)
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and body["backend"] == "sqlite"
        assert body["layers"]["waste_sites"]["features"] == 4
    finally:
        proc.terminate()
        proc.wait(timeout=10)
