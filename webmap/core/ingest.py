"""Ingest: build a layer with the ETL → stage it as a draft → diff → publish.

The command line's ``load`` runs the three steps in one go (:func:`load_one`). An
officer's own file takes the same stage → diff → publish path through
:mod:`webmap.core.uploads`, with a preview before it is published.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from etl.osm import import_osm
from etl.pipeline import build_layer
from etl.raster import RasterBuild, build_raster
from etl.specs import LayerSpec, load_specs
from etl.specs import check_specs as _check_specs
from webmap.domain import Feature, Layer, RasterInfo
from webmap.errors import BadRequest
from webmap.settings import load_settings
from webmap.store import Draft, FeatureFilter, LoadResult, Store


@dataclass
class Built:
    """A layer built from its sources, not stored yet."""

    layer: Layer
    features: list[Feature]
    checksum: str
    report: list[str] = field(default_factory=list)
    raster: RasterBuild | None = None


def select_specs(layer_ids: Sequence[str]) -> list[LayerSpec]:
    """The specs to load: ``layer_ids`` in the given order, or every spec when empty."""
    specs = load_specs()
    if not layer_ids:
        return specs
    by_id = {s.id: s for s in specs}
    unknown = [i for i in layer_ids if i not in by_id]
    if unknown:
        known = ", ".join(sorted(by_id))
        raise BadRequest(
            f"Không có lớp {', '.join(unknown)}. Các lớp: {known}",
            f"Unknown layer {', '.join(unknown)}. Layers: {known}",
        )
    return [by_id[i] for i in layer_ids]


def check_specs() -> list[str]:
    """Every problem of the bundled layer specs, one message each (empty when all are valid)."""
    return _check_specs()


def default_data_path() -> Path:
    """``GREENMAP_DATA_PATH``: where rasters and uploaded files are kept."""
    return Path(load_settings()["DATA_PATH"])


def build(spec: LayerSpec) -> Built:
    """Run the ETL for one layer (a vector pipeline or a raster check); stores nothing.

    An officer's own file goes in through :mod:`webmap.core.uploads`, not here.
    """
    if spec.is_raster:
        raster = build_raster(spec)
        line = (
            f"raster {raster.path.name}: {raster.width}×{raster.height} {raster.crs}, "
            f"{raster.valid_cells} valid cells, min {raster.min:g} max {raster.max:g}"
        )
        return Built(raster.layer, [], raster.checksum, [line], raster)
    built = build_layer(spec)
    report = [str(line) for line in built.report]
    return Built(built.layer, list(built.features), built.checksum, report)


def _keep_raster(raster: RasterBuild, data_path: Path) -> RasterInfo:
    """Copy the raster into the data folder; the layer records the path relative to it."""
    relative = Path("rasters") / raster.layer.id / f"{raster.checksum[:16]}-{raster.path.name}"
    target = data_path / relative
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(raster.path, partial)
        partial.replace(target)
    return RasterInfo(
        file=relative.as_posix(),
        bounds=raster.bounds,
        crs=raster.crs,
        width=raster.width,
        height=raster.height,
        nodata=raster.nodata,
        min=raster.min,
        max=raster.max,
        mean=raster.mean,
    )


def _keep(built: Built, data_path: Path | None) -> None:
    """A raster goes to the data folder before its layer is stored."""
    if built.raster is not None:
        built.layer.raster = _keep_raster(built.raster, data_path or default_data_path())


def stage(
    store: Store,
    built: Built,
    *,
    by: str,
    data_path: Path | None = None,
) -> Draft:
    """Store a built layer as a draft that readers never see; rasters go to the data folder."""
    _keep(built, data_path)
    return store.stage_layer(
        built.layer, built.features, checksum=built.checksum, created_by=by, origin="bundled"
    )


def publish(store: Store, draft: Draft, *, by: str) -> LoadResult:
    """Publish a staged draft (see :meth:`webmap.store.Store.publish_draft`)."""
    return store.publish_draft(draft.id, actor=by)


def link_parts(store: Store, layer_id: str) -> list[str]:
    """Give every part of a part layer the project whose footprint holds it.

    Runs after a load of either side (a turbine layer, or the farms it is part of).
    A part in no project's footprint belongs to none; context rows (turbines in a
    neighbouring province) belong to none either. Returns report lines.
    """
    layers = {layer.id: layer for layer in store.list_layers()}
    lines = []
    for part_layer in layers.values():
        project_layer = layers.get(part_layer.part_of or "")
        if part_layer.role != "part" or project_layer is None:
            continue
        if layer_id not in (part_layer.id, project_layer.id):
            continue
        parents = _parents(store, part_layer.id, project_layer.id)
        store.set_parents(part_layer.id, parents)
        held = sum(parent is not None for parent in parents.values())
        lines.append(
            f"  {part_layer.id}: {held} of {len(parents)} parts in a {project_layer.id} footprint"
        )
    return lines


def _parents(store: Store, part_layer: str, project_layer: str) -> dict[str, str | None]:
    located = FeatureFilter(layers=[project_layer], located=True)
    projects = [f for f in store.iter_features(located) if f.role == "project"]
    tree = shapely.STRtree([f.geometry for f in projects if f.geometry is not None])
    parents: dict[str, str | None] = {}
    for part in store.iter_features(FeatureFilter(layers=[part_layer], located=True)):
        parents[part.key] = None
        if part.role == "part" and part.geometry is not None:
            hits = tree.query(part.geometry, predicate="within")
            parents[part.key] = projects[int(hits[0])].key if len(hits) else None
    return parents


def _report(layer_id: str, result: LoadResult) -> str:
    if not result.created:
        return f"{layer_id}: unchanged (version {result.version}, {result.feature_count} features)"
    return (
        f"{layer_id}: version {result.version} published — {result.feature_count} features "
        f"(+{result.added} ~{result.updated} −{result.removed})"
    )


def load_one(
    store: Store | None,
    spec: LayerSpec,
    *,
    loaded_by: str = "etl",
    data_path: Path | None = None,
) -> list[str]:
    """Build, stage and publish one layer in one go (``store=None``: dry run).

    Returns report lines; :func:`build`, :func:`stage` and :func:`publish` are the same
    steps one by one.
    """
    built = build(spec)
    lines = [f"  {line}" for line in built.report]
    if store is None:
        return [f"{spec.id}: dry run, {len(built.features)} features, nothing stored", *lines]
    _keep(built, data_path)
    result = store.load_layer(
        built.layer, built.features, checksum=built.checksum, loaded_by=loaded_by, origin="bundled"
    )
    if not result.created:
        return [_report(spec.id, result), *lines]
    return [_report(spec.id, result), *lines, *link_parts(store, spec.id)]


def import_osm_extract(
    store: Store, extract: Path, layer_ids: Sequence[str] = (), *, loaded_by: str = "osm-import"
) -> list[str]:
    """Fill layers from an OpenStreetMap extract, keyed by OSM id so re-imports update.

    Each layer's OSM features are one load of origin ``osm``: features of the
    bundled sources are kept, OSM features gone from the extract are removed.
    """
    found = import_osm(extract, list(layer_ids) or None)
    specs = {s.id: s for s in load_specs()}
    digest = hashlib.sha256(b"osm\0")  # differs from any checksum of the bundled sources
    with extract.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    lines = []
    for layer_id, records in found.items():
        result = store.load_layer(
            specs[layer_id].to_layer_record(),
            records,
            checksum=digest.hexdigest(),
            loaded_by=loaded_by,
            note=f"OpenStreetMap extract {extract.name}",
            origin="osm",
        )
        link_parts(store, layer_id)
        state = "unchanged" if not result.created else f"version {result.version}"
        lines.append(
            f"{layer_id}: {len(records)} OSM features, {state} "
            f"(+{result.added} ~{result.updated} −{result.removed})"
        )
    return lines
