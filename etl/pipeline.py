"""Build a layer from its spec: run the steps, validate, emit records.

Public entry points: :func:`build_layer` and :func:`build_all`. They never
touch a database; the store calls them and persists the records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from etl import steps
from etl.admin import load_admin
from etl.specs import FORMATS, LayerSpec, SourceSpec, load_specs
from etl.steps import Context
from webmap.domain import PRECISIONS, Feature, Layer, is_exact
from webmap.errors import DataError

Step = Callable[[gpd.GeoDataFrame, Context], gpd.GeoDataFrame]

#: The steps run for every source, in order.
STEPS: tuple[tuple[str, Step], ...] = (
    ("filter", steps.filter_rows),
    ("reproject", steps.reproject),
    ("repair", steps.repair),
    ("geometry_type", steps.check_geometry_type),
    ("key", steps.assign_keys),
    ("derive_geometry", steps.derive_geometry),
    ("extent", steps.check_extent),
    ("map_fields", steps.map_fields),
    ("admin", steps.assign_admin),
    ("measure", steps.measure),
    ("tasks", steps.link_tasks),
)

_SUFFIX_FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".zip": "shapefile_zip",
    ".kml": "kml",
    ".csv": "csv",
}


@dataclass(frozen=True)
class StepReport:
    """One line of a build report."""

    step: str
    rows_in: int
    rows_out: int
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        extra = f" — {'; '.join(self.notes)}" if self.notes else ""
        return f"{self.step}: {self.rows_in} -> {self.rows_out}{extra}"


@dataclass
class LayerBuild:
    """The result of building one layer.

    Attributes:
        layer: The layer's metadata.
        features: Records ready to store (keys ``<layer_id>:<source id>``).
        report: Row counts and notes per step.
        checksum: SHA-256 over the source files' bytes and the spec text, to
            detect that an unchanged source is loaded twice.
    """

    layer: Layer
    features: list[Feature]
    report: list[StepReport]
    checksum: str


def source_files(spec: LayerSpec, sources: list[SourceSpec] | None = None) -> list[Path]:
    """Files a build reads: sources, cross-referenced files and the admin data."""
    files: list[Path] = []
    for src in sources if sources is not None else spec.sources:
        if src.file:
            files.append(
                spec.data_dir / src.file if not Path(src.file).is_absolute() else Path(src.file)
            )
        for ov in src.overrides:
            if ov.crossref:
                files.append(spec.data_dir / ov.crossref.file)
    return files


def compute_checksum(spec: LayerSpec, files: list[Path]) -> str:
    """SHA-256 over the spec text and the bytes of each file, in order."""
    digest = hashlib.sha256()
    digest.update(spec.text.encode("utf-8"))
    for path in files:
        digest.update(b"\0" + path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _override_sources(spec: LayerSpec, path: Path) -> list[SourceSpec]:
    """Sources to use when a GIS officer loads their own file for a layer."""
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if spec.load_template is not None:
        # The spec says how a GIS officer's own file maps: use it first.
        if fmt is None or fmt not in FORMATS:
            raise DataError(
                f"không xác định được định dạng của {path.name}",
                f"cannot tell the format of {path.name}",
                layer=spec.id,
                step="read",
                path=path,
            )
        return [replace(spec.load_template, file=str(path.resolve()), format=fmt)]
    file_sources = [s for s in spec.sources if s.format != "inline"]
    if len(file_sources) == 1:
        base = file_sources[0]
        keep = [s for s in spec.sources if s.format == "inline"]
        return [
            *keep,
            replace(base, file=str(path.resolve()), format=fmt or base.format, overrides=[]),
        ]
    raise DataError(
        f"lớp có {len(file_sources)} nguồn tệp và không có [load_template]; "
        "không biết tệp được nạp thay cho nguồn nào",
        f"layer has {len(file_sources)} file sources and no [load_template]; "
        "cannot tell which one the override replaces",
        layer=spec.id,
        step="read",
        path=path,
    )


def _run(
    name: str, fn: Step, gdf: gpd.GeoDataFrame, ctx: Context, report: list[StepReport]
) -> gpd.GeoDataFrame:
    ctx.notes = []
    rows_in = len(gdf)
    out = fn(gdf, ctx)
    report.append(StepReport(f"{ctx.source.id}:{name}", rows_in, len(out), list(ctx.notes)))
    return out


def build_layer(
    spec: LayerSpec, *, source_override: Path | None = None, today: date | None = None
) -> LayerBuild:
    """Build one vector layer from its spec.

    Args:
        spec: A spec from :func:`etl.specs.load_specs`.
        source_override: A file replacing the spec's source (for
            ``greenmap load layers <id> --source file.gpkg``); the layer's
            single file source, or its ``[load_template]``, gives the mapping.
        today: Date for ``today_unit`` (default: today).

    Returns:
        Layer record, feature records, step report and checksum.

    Raises:
        DataError: On bad input (missing/unreadable file, no CRS, wrong
            geometry type, every feature outside the province, ...).
    """
    if spec.is_raster:
        raise DataError(
            "lớp raster: dùng etl.raster.build_raster",
            "raster layer: use etl.raster.build_raster",
            layer=spec.id,
            step="read",
        )
    today = today or date.today()
    sources = _override_sources(spec, Path(source_override)) if source_override else spec.sources
    admin = load_admin(spec.data_dir)
    report: list[StepReport] = []
    frames: list[gpd.GeoDataFrame] = []
    for src in sources:
        path = None
        if src.file:
            path = Path(src.file) if Path(src.file).is_absolute() else spec.data_dir / src.file
        ctx = Context(spec=spec, source=src, path=path, admin=admin, today=today)
        gdf = _run("read", lambda _g, c: steps.read(None, c), gpd.GeoDataFrame(), ctx, report)
        for name, fn in STEPS:
            gdf = _run(name, fn, gdf, ctx, report)
        gdf["_precision"] = src.precision
        gdf["_verified"] = [src.verified] * len(gdf)
        frames.append(gdf)
    features = _to_records(spec, frames)
    _validate(spec, features, report)
    files = source_files(spec, sources) + list(admin.files)
    return LayerBuild(
        layer=spec.to_layer_record(),
        features=features,
        report=report,
        checksum=compute_checksum(spec, files),
    )


def _to_records(spec: LayerSpec, frames: list[gpd.GeoDataFrame]) -> list[Feature]:
    records: list[Feature] = []
    for gdf in frames:
        for _, row in steps.rows(gdf):
            geom = row.geometry if row.geometry is not None and not pd.isna(row.geometry) else None
            if geom is None and row["_precision"] != "unlocated":
                # e.g. a CSV sent through a load template that names no coordinate columns
                raise DataError(
                    f"dòng không có vị trí nhưng độ chính xác là {row['_precision']!r}",
                    f"row has no location but precision {row['_precision']!r}",
                    layer=spec.id,
                    step="validate",
                    row=row["_sid"],
                    field="geometry",
                )
            role, tasks = _role_and_tasks(spec, row)
            name_vi = _vietnamese_name(row)
            records.append(
                Feature(
                    key=f"{spec.id}:{row['_sid']}",
                    layer_id=spec.id,
                    name_vi=name_vi,
                    name_en=steps.clean(row["_name_en"]),
                    geometry=geom,
                    precision=row["_precision"],
                    precision_note=row["_precision_note"],
                    source=row["_source"],
                    licence=row["_licence"],
                    properties=row["_props"],
                    district_code=steps.clean(row["_district_code"]),
                    district_name=steps.clean(row["_district_name"]),
                    commune_code=steps.clean(row["_commune_code"]),
                    commune_name=steps.clean(row["_commune_name"]),
                    today_unit=steps.clean(row["_today_unit"]),
                    last_verified=steps.clean(row["_verified"]),
                    role=role,
                    parent_key=row["_props"].pop("part_of_key", None),
                    districts=_districts(row),
                    tasks=tasks,
                    status_history=list(row["_status"]),
                )
            )
    return records


def _vietnamese_name(row: pd.Series) -> str:
    """The row's name; a Vietnamese name a spec override gives wins, and the source's own
    name (the national power plan's English translation) is kept as ``name_in_source``."""
    props = row["_props"]
    given = props.pop("name_vi", None)
    if not isinstance(given, str) or not given.strip():
        return str(row["_name_vi"])
    if given != row["_name_vi"]:
        props.setdefault("name_in_source", row["_name_vi"])
    return given


def _role_and_tasks(spec: LayerSpec, row: pd.Series) -> tuple[str, list[str]]:
    """What a row is to the plan, and its tasks.

    A project or part in a neighbouring province is context with no task, unless its
    source ties it to the plan (an override naming its tasks). A row whose override
    names the project it belongs to (``part_of_key``: a phase listed on its own) is a part.
    """
    elsewhere = row["_props"].get("other_province") is not None
    if spec.role in ("project", "part") and elsewhere and not row.get("_plan_tied", False):
        return "context", []
    if row["_props"].get("part_of_key"):  # a phase of another row's project
        return "part", list(row["_tasks"])
    return spec.role, list(row["_tasks"])


def _districts(row: pd.Series) -> list[str]:
    """Every district of a row: those a service area serves, else its own."""
    served = row["_props"].get("service_districts")
    if served:
        return [str(d["code"]) for d in served]
    code = steps.clean(row["_district_code"])
    return [str(code)] if code else []


def _validate(spec: LayerSpec, features: list[Feature], report: list[StepReport]) -> None:
    """Final checks: precision, source, licence, unique keys, geometry type."""
    family = steps.GEOM_FAMILY.get(spec.geometry_type, set())
    seen: set[str] = set()
    for f in features:
        if f.key in seen:
            raise DataError(
                "trùng khóa đối tượng",
                "duplicate feature key",
                layer=spec.id,
                step="validate",
                row=f.key,
                field="key",
            )
        seen.add(f.key)
        if f.precision not in PRECISIONS:
            raise DataError(
                "độ chính xác không hợp lệ",
                "bad precision",
                layer=spec.id,
                step="validate",
                row=f.key,
                field="precision",
            )
        if not f.source or not f.licence:
            raise DataError(
                "cần có nguồn (source) và giấy phép (licence)",
                "source and licence are required",
                layer=spec.id,
                step="validate",
                row=f.key,
                field="source" if not f.source else "licence",
            )
        if f.geometry is not None and f.geometry.geom_type not in family:
            raise DataError(
                f"hình học {f.geometry.geom_type} không phải {spec.geometry_type}",
                f"geometry {f.geometry.geom_type} is not a {spec.geometry_type}",
                layer=spec.id,
                step="validate",
                row=f.key,
                field="geometry",
            )
        if is_exact(f.precision) and f.geometry is None:
            raise DataError(
                "độ chính xác 'site' nhưng không có hình học",
                "'site' without geometry",
                layer=spec.id,
                step="validate",
                row=f.key,
                field="precision",
            )
    counts: dict[str, int] = {}
    for f in features:
        counts[f.precision] = counts.get(f.precision, 0) + 1
    notes = [f"{k}: {v}" for k, v in sorted(counts.items())]
    report.append(StepReport("validate", len(features), len(features), notes))


def build_all(
    directory: Path | str | None = None, *, today: date | None = None
) -> list[LayerBuild]:
    """Build every vector layer of a spec folder (rasters: :func:`etl.raster.build_raster`).

    Args:
        directory: Folder of specs; default the bundled ``layers/``.
        today: Date for ``today_unit``.

    Returns:
        One build per vector layer, in sort order.
    """
    return [build_layer(s, today=today) for s in load_specs(directory) if not s.is_raster]
