"""Fuzz the whole upload path through the store, on SQLite and PostGIS.

Each example is one officer's file taken the way the staff pages take it: receive → inspect
again → map the columns → prepare (validate, stage) → publish when a draft results. Files are
valid synthetic files mutated byte by byte, random bytes under every accepted extension, CSVs
whose cells are hypothesis text (NaN, Infinity, huge numbers, formulas, HTML, control
characters, odd Unicode) and GeoJSON with random (often invalid) geometries.

Whatever the file: only :class:`GreenMapError` with a 4xx status escapes (a 5xx or any other
exception is a bug); a file that is refused, or whose report has errors, leaves the published
data byte-for-byte as it was and stages no draft; a published file leaves the layer with
finite coordinates inside the province's 5 km tolerance and text in NFC. Bounded and
derandomised so CI is stable. Everything here is SYNTHETIC test data.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
import sqlalchemy as sa
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from etl.admin import load_admin
from etl.uploads.formats import SQLITE_MAGIC, ZIP_MAGIC
from tests.etl.test_upload_fuzz import BUILDERS
from tests.factories import synthetic_layer, synthetic_point
from webmap.core import staff
from webmap.core.exports import export_layer
from webmap.core.plan import load_plan_into
from webmap.domain import Feature
from webmap.domain.bundled import bundled_dir
from webmap.errors import GreenMapError
from webmap.settings import load_settings
from webmap.store import FeatureFilter, Store
from webmap.store import schema as s

#: GDAL warns about what the fuzz feeds it (unclosed rings, odd coordinates): that is the point.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning:pyogrio.raw")

POINTS, SHAPES = "synthetic_points", "synthetic_shapes"
EDITOR = "lan.synthetic"
PROVENANCE = staff.Provenance("SYNTHETIC fuzz survey", "CC0-1.0", "synthetic test data")
#: Beyond this many km outside the province a row is refused (etl.uploads.validate), plus slack.
TOLERANCE_KM = 5.0 + 0.05
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The published state: every table a load, publish or restore writes (not the audit log or
#: the remembered mapping, which a validation run may write by design).
PUBLISHED_TABLES = (
    s.layers,
    s.layer_versions,
    s.features,
    s.feature_tasks,
    s.feature_districts,
    s.status_events,
    s.feature_history,
)
#: Staged drafts: a refused file must not leave a row here either.
DRAFT_TABLES = (s.layer_drafts, s.draft_features)
TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True)


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One valid synthetic file per format (the seeds the mutations start from)."""
    folder = tmp_path_factory.mktemp("synthetic_valid")
    return {ext: build(folder / f"synthetic{ext}").read_bytes() for ext, build in BUILDERS.items()}


@pytest.fixture(scope="module")
def province_metric() -> BaseGeometry:
    """The province polygon in EPSG:32648 (metres), prepared for distance checks."""
    province = load_admin(bundled_dir("layers") / "data").province
    metric = _to_metric(province)
    shapely.prepare(metric)
    return metric


@pytest.fixture
def seeded(store: Store) -> Iterator[Store]:
    """The plan, a synthetic point layer (two points) and a synthetic polygon layer."""
    load_plan_into(store)
    store.load_layer(
        synthetic_layer(POINTS), [synthetic_point(1), synthetic_point(2)], checksum="p"
    )
    square = synthetic_point(
        1, layer_id=SHAPES, geometry=box(105.60, 9.25, 105.62, 9.27), name_vi="Vùng thử 1"
    )
    store.load_layer(synthetic_layer(SHAPES, "Polygon"), [square], checksum="s")
    yield store


# -- the checks ---------------------------------------------------------------------------


def _to_metric(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` (EPSG:4326) in EPSG:32648 metres, the CRS the upload checks measure in."""

    def forward(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(TO_METRIC.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geom, forward)


def _dump(store: Store, tables: tuple[sa.Table, ...] = PUBLISHED_TABLES) -> str:
    """Every row of ``tables`` in primary-key order, geometries as hex WKB."""
    out = []
    with store.engine.connect() as conn:
        for table in tables:
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            out.append(
                [
                    [shapely.to_wkb(v, hex=True) if hasattr(v, "geom_type") else v for v in row]
                    for row in rows
                ]
            )
    return json.dumps(out, default=str, ensure_ascii=False)


def published_state(store: Store, folder: Path) -> tuple[str, list[bytes]]:
    """The published data, to compare byte for byte: a dump of its tables and every layer
    exported as GeoJSON (:func:`webmap.core.exports.export_layer`)."""
    exports = []
    for layer in store.list_layers():
        target = folder / f"synthetic_export_{layer.id}.geojson"
        target.unlink(missing_ok=True)
        export_layer(store, layer.id, "geojson", target)
        exports.append(target.read_bytes())
    return _dump(store), exports


def _uploads_on_disk() -> set[str]:
    root = Path(load_settings()["DATA_PATH"]) / "uploads"
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


def _texts(value: Any) -> Iterator[str]:
    """Every string in a value (nested dicts and lists included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _check_feature(feature: Feature, province: BaseGeometry) -> None:
    """Finite coordinates within the province tolerance; every text in NFC."""
    if feature.geometry is not None and not feature.geometry.is_empty:
        xy = shapely.get_coordinates(feature.geometry)
        assert all(math.isfinite(v) for v in xy.flatten()), feature.key
        km = province.distance(_to_metric(feature.geometry)) / 1000.0
        assert km <= TOLERANCE_KM, f"{feature.key} lies {km:.1f} km outside the province"
    texts = [feature.name_vi, feature.name_en or "", feature.source, feature.precision_note]
    texts += list(_texts(feature.properties))
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), (feature.key, text)


# -- the upload path ----------------------------------------------------------------------


def _options(ref: staff.UploadRef) -> staff.ReadOptions:
    """What an editor picks: the last sublayer when there are several, WGS 84 when the file
    names no CRS, the CSV/XLSX geometry columns the file suggests."""
    info = ref.info
    sublayer = info.sublayers[-1] if len(info.sublayers) > 1 else None
    columns = info.geometry_columns or {}

    def first(role: str) -> str | None:
        return next(iter(columns.get(role) or []), None)

    return staff.ReadOptions(
        sublayer=sublayer,
        crs=None if info.crs else "wgs84",
        lon=first("lon"),
        lat=first("lat"),
        wkt=None if first("lon") else first("wkt"),
    )


def _mapping(store: Store, ref: staff.UploadRef) -> dict[str, str | None]:
    mapping = {c.target: c.column for c in staff.mapping_choices(store, ref)}
    if not mapping.get("name_vi") and ref.info.columns:
        mapping["name_vi"] = ref.info.columns[0]
    return mapping


def _through_the_path(store: Store, layer_id: str, filename: str, data: bytes) -> bool:
    """Receive, re-inspect, prepare and publish one file; True when it was published."""
    ref = staff.receive_upload(store, layer_id, filename, io.BytesIO(data), by=EDITOR)
    try:
        ref = staff.reinspect(ref.token, _options(ref), by=EDITOR)
        request = staff.ImportRequest(
            token=ref.token,
            options=_options(ref),
            mapping=_mapping(store, ref),
            provenance=PROVENANCE,
        )
        prepared = staff.prepare_import(store, request, by=EDITOR)
        if prepared.draft_id is None:
            assert prepared.errors > 0, "no draft although the report has no error"
            return False
        assert prepared.errors == 0
        staff.publish(store, prepared.draft_id, by=EDITOR)
        return True
    finally:
        staff.discard_upload(ref.token, by=EDITOR)


def _assert_safe(
    store: Store, tmp_path: Path, province: BaseGeometry, layer_id: str, name: str, data: bytes
) -> None:
    """The properties every example must have (see the module's docstring)."""
    before = published_state(store, tmp_path)
    drafts = _dump(store, DRAFT_TABLES)
    folders = _uploads_on_disk()
    published = False
    try:
        published = _through_the_path(store, layer_id, name, data)
    except GreenMapError as error:
        assert 400 <= error.status < 500, f"{type(error).__name__} {error.status}: {error}"
        assert "/tmp/" not in error.message_vi + error.message_en
        event(f"refused: {error.code}")
    else:
        event("published" if published else "report with errors")
    assert _uploads_on_disk() == folders, "an upload folder was left behind"
    assert store.open_drafts() == [], "a draft was left staged"
    if not published:
        assert published_state(store, tmp_path) == before, "refused, yet published data changed"
        assert _dump(store, DRAFT_TABLES) == drafts, "refused, yet a draft was written"
        return
    for feature in store.iter_features(FeatureFilter(layers=[layer_id])):
        _check_feature(feature, province)
    # Back to the seed, so that every example starts from the same layer (and shrinks truly).
    staff.restore(store, layer_id, 1, by=EDITOR)


# -- strategies ---------------------------------------------------------------------------

NFD_NAME = "Nha\u0300 ma\u0301y nu\u031bo\u031b\u0301c"  # decomposed Vietnamese (macOS)
#: A collapsed ring beside a good one: GEOS's default make_valid raised on it.
MIXED_DIMENSION = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[105.375, 9.5], [105.375, 9.5], [105.375, 9.5], [105.375, 9.5]]],
        [[[105.5, 9.5], [105.5, 9.25], [105.75, 9.5], [105.5, 9.5]]],
    ],
}
#: Text that has broken spreadsheets, pages and parsers before (all synthetic).
NASTY = (
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e400",
    "9" * 400,
    "105,72",
    "0x1F",
    '=HYPERLINK("http://synthetic.invalid","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "<script>alert('synthetic')</script>",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE features; --",
    NFD_NAME,
    "\u202eTrạm thử\u202c",
    "\x00\x01\x1b[31m",
    "line\r\nbreak",
    "💧🌊 synthetic",
    "Ｔｒạｍ",
    "",
    " ",
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(105.3, 105.9),
    st.integers(-(10**30), 10**30),
)
CELLS = st.one_of(st.text(max_size=30), st.sampled_from(NASTY), NUMBERS.map(repr))
STATUS = st.one_of(
    st.sampled_from(["planned", "operating", "Đang vận hành", "Đang xây dựng", "bogus", ""]),
    CELLS,
)
#: Values a clean row has: the file is then published, hostile text and all.
GOOD_STATUS = st.sampled_from(["planned", "operating", "Đang vận hành", "Đang xây dựng"])
GOOD_LON = st.floats(105.45, 105.75).map(repr)
GOOD_LAT = st.floats(9.2, 9.35).map(repr)
LON = st.one_of(st.floats(105.3, 105.9).map(repr), NUMBERS.map(str), st.sampled_from(NASTY))
LAT = st.one_of(st.floats(9.05, 9.5).map(repr), NUMBERS.map(str), st.sampled_from(NASTY))


def _mutate(data: bytes, edits: list[tuple[str, float, bytes]], cut: float | None) -> bytes:
    """Flip, overwrite, insert or delete bytes at relative positions; maybe truncate."""
    out = bytearray(data)
    for op, where, chunk in edits:
        at = int(where * len(out)) if out else 0
        if op == "flip" and out:
            out[min(at, len(out) - 1)] ^= chunk[0] or 0xFF
        elif op == "insert":
            out[at:at] = chunk
        elif op == "delete":
            del out[at : at + len(chunk)]
        else:
            out[at : at + len(chunk)] = chunk
    if cut is not None:
        out = out[: max(1, int(cut * len(out)))]
    return bytes(out)


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "overwrite"]),
        st.floats(0, 1, exclude_max=True),
        st.binary(min_size=1, max_size=16),
    ),
    max_size=6,
)


def _csv_bytes(rows: list[tuple[str, str, str, str, str]], bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["ten", "trang_thai", "lon", "lat", "ghi_chu"])
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8", "replace")


COORD = st.one_of(
    st.floats(105.3, 105.9),
    st.floats(9.05, 9.5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 0.0, 180.0, 91.0]),
)
NEAR = st.tuples(st.floats(105.3, 105.9), st.floats(9.05, 9.5))
POSITION = st.one_of(
    NEAR.map(list),
    st.lists(COORD, min_size=0, max_size=4),
    st.sampled_from([None, "105.5", [None, None], [[105.5, 9.2]]]),
)
RING = st.one_of(
    st.lists(NEAR.map(list), min_size=3, max_size=6).map(lambda r: [*r, r[0]]),  # closed
    st.lists(POSITION, min_size=0, max_size=5),  # anything
    st.just([[105.5, 9.2], [105.6, 9.3], [105.6, 9.2], [105.5, 9.3], [105.5, 9.2]]),  # bow-tie
)


def _geometry(kind: str, parts: list[Any]) -> dict[str, Any] | None:
    if kind == "null":
        return None
    first = parts[0] if parts else []
    coordinates = {
        "Point": first,
        "MultiPoint": parts,
        "LineString": parts,
        "Polygon": [first] if first else [],
        "MultiPolygon": [[p] for p in parts],
    }.get(kind, parts)
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [{"type": "Point", "coordinates": p} for p in parts]}
    return {"type": kind, "coordinates": coordinates}


GEOMETRY = st.builds(
    _geometry,
    st.sampled_from(
        ["Point", "MultiPoint", "LineString", "Polygon", "MultiPolygon"]
        + ["GeometryCollection", "Circle", "null"]
    ),
    st.one_of(st.lists(POSITION, max_size=4), st.lists(RING, min_size=1, max_size=2)),
)


GOOD_GEOMETRY = st.one_of(
    NEAR.map(lambda xy: {"type": "Point", "coordinates": list(xy)}),
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [ring]}, RING),
)


def _geojson_bytes(features: list[tuple[dict[str, Any] | None, str, str]]) -> bytes:
    items = [
        {"type": "Feature", "geometry": geometry, "properties": {"ten": name, "trang_thai": state}}
        for geometry, name, state in features
    ]
    doc = {"type": "FeatureCollection", "name": "synthetic_fuzz", "features": items}
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8")


# -- the tests ----------------------------------------------------------------------------


@FUZZ
@given(
    ext=st.sampled_from(sorted(BUILDERS)),
    edits=EDITS,
    cut=st.one_of(st.none(), st.none(), st.floats(0.05, 1)),
)
def test_mutated_valid_files(
    seeded: Store,
    tmp_path: Path,
    valid_files: dict[str, bytes],
    province_metric: BaseGeometry,
    ext: str,
    edits: list[tuple[str, float, bytes]],
    cut: float | None,
) -> None:
    data = _mutate(valid_files[ext], edits, cut)
    _assert_safe(seeded, tmp_path, province_metric, POINTS, f"synthetic_fuzz{ext}", data)


@FUZZ
@given(
    ext=st.sampled_from(staff.ACCEPTED),
    head=st.sampled_from([b"", ZIP_MAGIC, SQLITE_MAGIC, b"{", b"<kml>", b"\xef\xbb\xbf"]),
    data=st.binary(max_size=2048),
)
def test_random_bytes_under_every_extension(
    seeded: Store,
    tmp_path: Path,
    province_metric: BaseGeometry,
    ext: str,
    head: bytes,
    data: bytes,
) -> None:
    _assert_safe(seeded, tmp_path, province_metric, POINTS, f"synthetic_fuzz{ext}", head + data)


@FUZZ
@given(
    rows=st.one_of(
        st.lists(st.tuples(CELLS, STATUS, LON, LAT, CELLS), min_size=1, max_size=4),
        st.lists(st.tuples(CELLS, GOOD_STATUS, GOOD_LON, GOOD_LAT, CELLS), min_size=1, max_size=4),
    ),
    bom=st.booleans(),
)
@example(rows=[(NFD_NAME, "planned", "105.5", "9.3", "=1+1")], bom=False)  # stored as NFC
def test_csv_with_hostile_cells(
    seeded: Store,
    tmp_path: Path,
    province_metric: BaseGeometry,
    rows: list[tuple[str, str, str, str, str]],
    bom: bool,
) -> None:
    data = _csv_bytes(rows, bom)
    _assert_safe(seeded, tmp_path, province_metric, POINTS, "synthetic_fuzz.csv", data)


@FUZZ
@given(
    layer_id=st.sampled_from([POINTS, SHAPES]),
    features=st.one_of(
        st.lists(st.tuples(GEOMETRY, CELLS, STATUS), min_size=1, max_size=4),
        st.lists(st.tuples(GOOD_GEOMETRY, CELLS, GOOD_STATUS), min_size=1, max_size=4),
    ),
)
@example(layer_id=SHAPES, features=[(MIXED_DIMENSION, "Vùng thử", "planned")])  # GEOS refused
def test_geojson_with_random_geometries(
    seeded: Store,
    tmp_path: Path,
    province_metric: BaseGeometry,
    layer_id: str,
    features: list[tuple[dict[str, Any] | None, str, str]],
) -> None:
    data = _geojson_bytes(features)
    _assert_safe(seeded, tmp_path, province_metric, layer_id, "synthetic_fuzz.geojson", data)


def test_a_geometry_geos_cannot_repair_is_a_row_error(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no make_valid method works, the row is an error naming it (not a 500)."""

    def refuse(*args: Any, **kwargs: Any) -> BaseGeometry:
        raise shapely.errors.GEOSException("synthetic: GEOS refuses")

    monkeypatch.setattr(shapely, "make_valid", refuse)
    before = published_state(seeded, tmp_path)
    data = _geojson_bytes([(MIXED_DIMENSION, "Vùng thử", "planned")])
    ref = staff.receive_upload(seeded, SHAPES, "synthetic.geojson", io.BytesIO(data), by=EDITOR)
    request = staff.ImportRequest(ref.token, _options(ref), _mapping(seeded, ref), PROVENANCE)
    prepared = staff.prepare_import(seeded, request, by=EDITOR)
    assert prepared.draft_id is None
    errors = [(i.row, i.field, i.code) for i in prepared.issues if i.level == "error"]
    assert errors == [(1, "geometry", "geometry_invalid")]
    assert published_state(seeded, tmp_path) == before and seeded.open_drafts() == []
