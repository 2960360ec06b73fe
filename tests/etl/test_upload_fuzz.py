"""Fuzz the upload readers: random and mutated bytes under every extension.

Whatever the bytes, :func:`inspect` and :func:`read_rows` either succeed or raise a
:class:`GreenMapError` (a clear 4xx message) — never another exception. Bounded and
derandomised so CI is stable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.uploads import Limits, ReadOptions, inspect, read_rows
from tests.uploads import (
    csv_file,
    geojson_file,
    gpkg_two_layers,
    kml_file,
    kmz_file,
    vn2000_tcvn3_shapefile_zip,
    xlsx_file,
)
from webmap.errors import GreenMapError

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LIMITS = Limits(max_upload_bytes=2 * 2**20, max_uncompressed_bytes=8 * 2**20, max_features=1000)
BUILDERS = {
    ".geojson": geojson_file,
    ".gpkg": gpkg_two_layers,
    ".zip": vn2000_tcvn3_shapefile_zip,
    ".kml": kml_file,
    ".kmz": kmz_file,
    ".csv": csv_file,
    ".xlsx": xlsx_file,
}


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("synthetic_valid")
    return {ext: build(folder / f"synthetic{ext}").read_bytes() for ext, build in BUILDERS.items()}


def _only_domain_errors(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    for call in (
        lambda: inspect(path, limits=LIMITS),
        lambda: read_rows(path, ReadOptions(crs="wgs84"), limits=LIMITS),
        lambda: read_rows(
            path, ReadOptions(sublayer="synthetic_water", encoding="vni"), limits=LIMITS
        ),
    ):
        try:
            call()
        except GreenMapError as exc:
            assert exc.status < 500
            assert str(path.parent) not in exc.message_vi + exc.message_en


@pytest.mark.parametrize("ext", sorted(BUILDERS))
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(tmp_path: Path, ext: str, data: bytes) -> None:
    _only_domain_errors(tmp_path / f"synthetic_fuzz{ext}", data)


@pytest.mark.parametrize("ext", sorted(BUILDERS))
@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    ),
    cut=st.one_of(st.none(), st.floats(0.05, 1)),
)
def test_mutated_valid_files(
    tmp_path: Path,
    valid_files: dict[str, bytes],
    ext: str,
    edits: list[tuple[float, int]],
    cut: float | None,
) -> None:
    data = bytearray(valid_files[ext])
    for where, value in edits:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: max(1, int(cut * len(data)))]
    _only_domain_errors(tmp_path / f"synthetic_fuzz{ext}", bytes(data))
