"""Running the ETL pipeline for layer specs and publishing the results in the store."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from etl.osm import import_osm
from etl.pipeline import build_layer
from etl.raster import build_raster
from etl.specs import LayerSpec, load_specs
from webmap.errors import BadRequest
from webmap.store import Store


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


def load_one(
    store: Store | None, spec: LayerSpec, *, source: Path | None = None, loaded_by: str = "etl"
) -> list[str]:
    """Build one layer and publish it (``store=None``: dry run). Returns report lines."""
    if spec.is_raster:
        raster = build_raster(spec, source_override=source)
        layer = raster.layer
        layer.spec = {
            **layer.spec,
            "raster": {
                "file": raster.path.name,
                "path": str(raster.path.resolve()),
                "bounds": list(raster.bounds),
                "crs": raster.crs,
                "nodata": raster.nodata,
                "width": raster.width,
                "height": raster.height,
                "min": raster.min,
                "max": raster.max,
                "mean": raster.mean,
            },
        }
        lines = [
            f"  raster {raster.path.name}: {raster.width}×{raster.height} {raster.crs}, "
            f"{raster.valid_cells} valid cells, min {raster.min:g} max {raster.max:g}"
        ]
        records, checksum = [], raster.checksum
    else:
        build = build_layer(spec, source_override=source)
        layer, records, checksum = build.layer, build.features, build.checksum
        lines = [f"  {line}" for line in build.report]
    if store is None:
        return [f"{spec.id}: dry run, {len(records)} features, nothing stored", *lines]
    result = store.load_layer(
        layer,
        records,
        checksum=checksum,
        loaded_by=loaded_by,
        note=f"source: {source.name}" if source else "",
        origin="user" if source else "bundled",
    )
    if not result.created:
        head = f"{spec.id}: unchanged (version {result.version}, {len(records)} features)"
    else:
        head = (
            f"{spec.id}: version {result.version} published — {len(records)} features "
            f"(+{result.added} ~{result.updated} −{result.removed})"
        )
    return [head, *lines]


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
        state = "unchanged" if not result.created else f"version {result.version}"
        lines.append(
            f"{layer_id}: {len(records)} OSM features, {state} "
            f"(+{result.added} ~{result.updated} −{result.removed})"
        )
    return lines
