"""Two `greenmap load layers X` at once, on SQLite and on PostGIS: one waits for the other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import new_postgis_url
from tests.test_cli import run_cli
from webmap.store import Store


def _env(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst"), "GREENMAP_DEFAULT_LANGUAGE": "en"}
    if backend == "postgis":
        admin = request.getfixturevalue("postgis_admin_url")
        env["GREENMAP_DATABASE_URL"] = new_postgis_url(admin, template=None)
    return env


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "webmap", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_two_loads_of_one_layer_at_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    env = _env(backend, tmp_path, request)
    assert run_cli(["init-db"], env).returncode == 0
    runs = [_start(["load", "layers", "waste_sites", "--by", f"run{i}"], env) for i in range(2)]
    answers = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, out, err in answers:
        assert "Traceback" not in out + err
        # Either it published or found the content published, or it says why in one line.
        assert code == 0 or (code == 2 and len(err.strip().splitlines()) == 1), (code, out, err)
    assert any(code == 0 for code, _, _ in answers)
    url = env.get("GREENMAP_DATABASE_URL") or f"sqlite:///{tmp_path / 'inst' / 'greenmap.sqlite'}"
    store = Store(url)
    try:
        versions = sorted(v["version"] for v in store.layer_versions("waste_sites"))
        assert versions == list(range(1, len(versions) + 1)) and versions
        assert store.get_layer("waste_sites").current_version == versions[-1]
    finally:
        store.dispose()
